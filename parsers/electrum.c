/*
 * electrum.c - Electrum wallet files to metadata (forms and invariants in electrum.h).
 *
 * Steps: BIE1/BIE2 base64 -> storage-encrypted, stop. Else read "[" + text + "]" as JSON (the 4.5+
 * patch lines make it an array: element 0 is the wallet, the rest patches); when that fails, convert
 * a 1.x Python literal to JSON and try again. Then apply the patches and summarise the object.
 */
#include "electrum.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

#define MAX_ADDR_LEN 120
#define MAX_KEYSTORES 32

/* ---- small growing text buffer ---- */
typedef struct text {
    char *p;
    size_t n, cap;
    bool oom;
} text;

static void put(text *t, const char *s, size_t n)
{
    if (t->oom) return;
    if (t->n + n + 1 > t->cap) {
        size_t nc = (t->n + n + 1) * 2;
        char *np = realloc(t->p, nc);
        if (!np) {
            t->oom = true;
            return;
        }
        t->p = np;
        t->cap = nc;
    }
    memcpy(t->p + t->n, s, n);
    t->n += n;
    t->p[t->n] = '\0';
}

static void putc1(text *t, char c) { put(t, &c, 1); }

static bool ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* Python literal (1.x wallet) -> JSON text. Linear; unknown bytes are copied and left to the JSON
 * parser to refuse. */
static int py_to_json(const char *s, size_t n, text *out)
{
    size_t i = 0;
    while (i < n) {
        char c = s[i];
        if (c == '\'' || c == '"') {
            char q = c;
            putc1(out, '"');
            i++;
            while (i < n && s[i] != q) {
                if (s[i] == '\\' && i + 1 < n) {
                    char e = s[i + 1];
                    if (e == '\'') putc1(out, '\'');
                    else if (e == 'x' && i + 3 < n) {
                        put(out, "\\u00", 4);
                        put(out, s + i + 2, 2);
                        i += 2;
                    } else {
                        putc1(out, '\\');
                        putc1(out, e);
                    }
                    i += 2;
                    continue;
                }
                if (s[i] == '"') put(out, "\\\"", 2);
                else putc1(out, s[i]);
                i++;
            }
            putc1(out, '"');
            i++;
            continue;
        }
        if (ident_char(c) && (i == 0 || !ident_char(s[i - 1]))) {
            size_t j = i;
            while (j < n && ident_char(s[j])) j++;
            size_t w = j - i;
            if (w == 4 && memcmp(s + i, "True", 4) == 0) put(out, "true", 4);
            else if (w == 5 && memcmp(s + i, "False", 5) == 0) put(out, "false", 5);
            else if (w == 4 && memcmp(s + i, "None", 4) == 0) put(out, "null", 4);
            else if (w == 1 && (c == 'u' || c == 'b') && j < n && (s[j] == '\'' || s[j] == '"')) { /* u'' */ }
            else if (c >= '0' && c <= '9' && (s[j - 1] == 'L' || s[j - 1] == 'l')) put(out, s + i, w - 1);
            else put(out, s + i, w);
            i = j;
            continue;
        }
        if (c == '(') putc1(out, '[');
        else if (c == ')') putc1(out, ']');
        else putc1(out, c);
        i++;
    }
    return out->oom ? DFT_ENOMEM : DFT_OK;
}

static json_t *load_array(const char *s, size_t n, text *buf)
{
    buf->n = 0;
    putc1(buf, '[');
    put(buf, s, n);
    putc1(buf, ']');
    if (buf->oom) return NULL;
    json_error_t err;
    json_t *a = json_loadb(buf->p, buf->n, 0, &err);
    if (!json_is_array(a) || !json_is_object(json_array_get(a, 0))) {
        json_decref(a);
        return NULL;
    }
    return a;
}

/* ---- JSON-Patch (RFC 6902 subset) ---- */

/* Next unescaped pointer token from *p ("/a~1b" -> "a/b"); false at the end. */
static bool token(const char **p, char *out, size_t cap)
{
    if (**p != '/') return false;
    (*p)++;
    size_t o = 0;
    while (**p && **p != '/') {
        char c = **p;
        if (c == '~' && ((*p)[1] == '0' || (*p)[1] == '1')) {
            c = (*p)[1] == '0' ? '~' : '/';
            (*p)++;
        }
        if (o + 1 < cap) out[o++] = c;
        (*p)++;
    }
    out[o] = '\0';
    return true;
}

static bool array_index(const char *t, size_t size, bool allow_end, size_t *out)
{
    if (allow_end && strcmp(t, "-") == 0) {
        *out = size;
        return true;
    }
    if (!*t || strlen(t) > 9) return false;
    size_t v = 0;
    for (const char *c = t; *c; c++) {
        if (*c < '0' || *c > '9') return false;
        v = v * 10 + (size_t)(*c - '0');
    }
    if (v > size || (!allow_end && v == size)) return false;
    *out = v;
    return true;
}

static bool apply_patch(json_t *doc, json_t *patch)
{
    const char *op = json_string_value(json_object_get(patch, "op"));
    const char *path = json_string_value(json_object_get(patch, "path"));
    json_t *value = json_object_get(patch, "value");
    if (!op || !path) return false;
    bool add = strcmp(op, "add") == 0, rep = strcmp(op, "replace") == 0, rem = strcmp(op, "remove") == 0;
    if (!add && !rep && !rem) return false;
    if ((add || rep) && !value) return false;
    char tok[512];
    const char *p = path;
    json_t *parent = doc;
    if (!token(&p, tok, sizeof tok)) return false;
    while (*p == '/') {   /* descend: tok names a container */
        json_t *next = NULL;
        size_t idx;
        if (json_is_object(parent)) next = json_object_get(parent, tok);
        else if (json_is_array(parent) && array_index(tok, json_array_size(parent), false, &idx))
            next = json_array_get(parent, idx);
        if (!next) return false;
        parent = next;
        if (!token(&p, tok, sizeof tok)) return false;
    }
    if (json_is_object(parent)) {
        if (rem || rep) {
            if (!json_object_get(parent, tok)) return false;
            if (rem) return json_object_del(parent, tok) == 0;
        }
        return json_object_set(parent, tok, value) == 0;
    }
    if (json_is_array(parent)) {
        size_t idx;
        if (!array_index(tok, json_array_size(parent), add, &idx)) return false;
        if (rem) return json_array_remove(parent, idx) == 0;
        if (rep) return json_array_set(parent, idx, value) == 0;
        return json_array_insert(parent, idx, value) == 0;
    }
    return false;
}

/* ---- summary ---- */

static void note_addr(json_t *set, const char *a, const char *role)
{
    if (!a) return;
    size_t n = strlen(a);
    if (n < 20 || n > MAX_ADDR_LEN) return;
    if (!json_object_get(set, a)) json_object_set_new(set, a, json_string(role));
}

static void note_addr_list(json_t *set, json_t *list, const char *role)
{
    size_t i;
    json_t *e;
    json_array_foreach(list, i, e) note_addr(set, json_string_value(e), role);
}

static int addr_cmp(const void *a, const void *b)
{
    return strcmp(((const dft_electrum_addr *)a)->address, ((const dft_electrum_addr *)b)->address);
}

static const char *role_static(const char *r)
{
    static const char *roles[] = { "receiving", "change", "imported", "history" };
    for (size_t i = 0; i < 4; i++)
        if (strcmp(r, roles[i]) == 0) return roles[i];
    return "history";
}

/* hex of n bytes into a new string */
static char *hexdup(const unsigned char *p, size_t n)
{
    char *s = malloc(2 * n + 1);
    if (!s) return NULL;
    for (size_t i = 0; i < n; i++) snprintf(s + 2 * i, 3, "%02x", p[i]);
    s[2 * n] = '\0';
    return s;
}

/* base64 (whitespace ignored) -> bytes; returns length or -1. out has room for 3*len/4+3. */
static long b64(const char *s, size_t n, unsigned char *out)
{
    char *clean = malloc(n + 1);
    if (!clean) return -1;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] != '\n' && s[i] != '\r' && s[i] != ' ' && s[i] != '\t') clean[m++] = s[i];
    if (m % 4 || m == 0 || m > INT32_MAX) {
        free(clean);
        return -1;
    }
    int r = EVP_DecodeBlock(out, (const unsigned char *)clean, (int)m);
    long len = r;
    if (r >= 0) {
        if (clean[m - 1] == '=') len--;
        if (clean[m - 2] == '=') len--;
    }
    free(clean);
    return r < 0 ? -1 : len;
}

static int bie(const char *s, size_t n, dft_electrum *e)
{
    unsigned char *raw = malloc(n / 4 * 3 + 4);
    if (!raw) return DFT_ENOMEM;
    long len = b64(s, n, raw);
    if (len < 4 + 33 + 16 + 32 || memcmp(raw, "BIE", 3) != 0 || (raw[3] != '1' && raw[3] != '2')) {
        free(raw);
        return dft_error_set(DFT_ENOTFOUND, "not a BIE1/BIE2 blob");
    }
    bool one = raw[3] == '1';
    e->format = one ? "bie1" : "bie2";
    e->storage_encrypted = true;
    e->details = json_object();
    size_t ct = (size_t)len - 4 - 33 - 32;
    json_object_set_new(e->details, "storage_encryption", json_string(one ? "BIE1 (password)" : "BIE2 (hardware wallet)"));
    json_object_set_new(e->details, "ciphertext_bytes", json_integer((json_int_t)ct));
    if (one && ct <= DFT_ELECTRUM_MAX_CRACK && ct % 16 == 0) {
        char *pk = hexdup(raw + 4, 33), *c = hexdup(raw + 37, ct), *mac = hexdup(raw + 37 + ct, 32);
        size_t cap = 33 * 2 + ct * 2 + 64 + 32;
        e->crack_hash = pk && c && mac ? malloc(cap) : NULL;
        if (e->crack_hash) {
            snprintf(e->crack_hash, cap, "$electrum$4*%s*%s*%s", pk, c, mac);
            e->hashcat_mode = 21700;
        }
        free(pk);
        free(c);
        free(mac);
    }
    free(raw);
    return DFT_OK;
}

/* hashcat 16600 (salt types 1 and 2, as electrum2john): iv and the first block of an encrypted
 * base64 secret. */
static void seed_crack(dft_electrum *e, const char *secret, int salt_type)
{
    if (!secret || e->crack_hash) return;
    size_t n = strlen(secret);
    if (n > 4096) return;
    unsigned char raw[3100];
    long len = b64(secret, n, raw);
    if (len < 32) return;
    char *iv = hexdup(raw, 16), *ct = hexdup(raw + 16, 16);
    if (iv && ct && (e->crack_hash = malloc(100))) {
        snprintf(e->crack_hash, 100, "$electrum$%d*%s*%s", salt_type, iv, ct);
        e->hashcat_mode = 16600;
    }
    free(iv);
    free(ct);
}

static void keystores(dft_electrum *e, json_t *w)
{
    json_t *list = json_array();
    const char *key;
    json_t *ks;
    bool secrets = false;
    json_object_foreach(w, key, ks) {
        size_t kl = strlen(key);
        bool cosigner = kl >= 3 && kl <= 4 && key[0] == 'x' && key[kl - 1] == '/';
        if (!json_is_object(ks) || !(cosigner || strcmp(key, "keystore") == 0)) continue;
        if (json_array_size(list) >= MAX_KEYSTORES) break;
        json_t *o = json_object();
        json_object_set_new(o, "slot", json_string(key));
        const char *fields[] = { "type", "xpub", "derivation", "root_fingerprint", "hw_type", "label", NULL };
        for (int i = 0; fields[i]; i++) {
            const char *v = json_string_value(json_object_get(ks, fields[i]));
            if (v && strlen(v) < 300) json_object_set_new(o, fields[i], json_string(v));
        }
        bool xprv = json_string_value(json_object_get(ks, "xprv")) != NULL;
        bool seed = json_string_value(json_object_get(ks, "seed")) != NULL;
        bool keypairs = json_object_size(json_object_get(ks, "keypairs")) > 0;
        json_object_set_new(o, "has_xprv", json_boolean(xprv));
        json_object_set_new(o, "has_seed", json_boolean(seed));
        if (keypairs) json_object_set_new(o, "imported_keys", json_integer((json_int_t)json_object_size(json_object_get(ks, "keypairs"))));
        secrets = secrets || xprv || seed || keypairs;
        json_array_append_new(list, o);
        if (e->use_encryption == 1) {
            const char *t = json_string_value(json_object_get(ks, "type"));
            if (t && strcmp(t, "old") == 0) seed_crack(e, json_string_value(json_object_get(ks, "seed")), 1);
            else seed_crack(e, json_string_value(json_object_get(ks, "xprv")), 2);
        }
    }
    /* 1.x: seed at the top level */
    if (json_string_value(json_object_get(w, "seed"))) {
        secrets = true;
        if (e->use_encryption == 1) seed_crack(e, json_string_value(json_object_get(w, "seed")), 1);
    }
    json_object_set_new(e->details, "keystores", list);
    json_object_set_new(e->details, "secrets_present", json_boolean(secrets));
    json_object_set_new(e->details, "secrets_in_clear", json_boolean(secrets && e->use_encryption == 0));
}

static int summarise(dft_electrum *e, json_t *w)
{
    e->details = json_object();
    if (!e->details) return DFT_ENOMEM;
    json_t *sv = json_object_get(w, "seed_version");
    e->seed_version = json_is_integer(sv) ? json_integer_value(sv) : -1;
    json_t *ue = json_object_get(w, "use_encryption");
    e->use_encryption = json_is_boolean(ue) ? json_is_true(ue) : -1;
    const char *wt = json_string_value(json_object_get(w, "wallet_type"));
    snprintf(e->wallet_type, sizeof e->wallet_type, "%s", wt ? wt : (e->seed_version == 4 ? "old" : ""));
    const char *st = json_string_value(json_object_get(w, "seed_type"));
    if (st && strlen(st) < 64) json_object_set_new(e->details, "seed_type", json_string(st));
    keystores(e, w);

    json_t *set = json_object();
    json_t *addrs = json_object_get(w, "addresses");
    if (json_is_object(addrs)) {
        json_t *rec = json_object_get(addrs, "receiving"), *chg = json_object_get(addrs, "change");
        if (json_is_array(rec) || json_is_array(chg)) {
            note_addr_list(set, rec, "receiving");
            note_addr_list(set, chg, "change");
        } else {
            const char *a;
            json_t *v;
            json_object_foreach(addrs, a, v) note_addr(set, a, "imported");
        }
    } else if (json_is_array(addrs)) {
        note_addr_list(set, addrs, "receiving");
    }
    note_addr_list(set, json_object_get(w, "change_addresses"), "change");
    json_t *hist = json_object_get(w, "addr_history");
    const char *a;
    json_t *v;
    json_object_foreach(hist, a, v) note_addr(set, a, "history");

    json_t *labels = json_object_get(w, "labels");
    e->n_labels = json_object_size(labels);
    e->n_tx = json_object_size(json_object_get(w, "transactions"));
    json_t *ver = json_object_get(w, "verified_tx3");
    size_t nver = 0;
    json_int_t hmin = 0, hmax = 0;
    json_object_foreach(ver, a, v) {
        json_int_t hgt = json_integer_value(json_array_get(v, 0));
        if (hgt > 0 && (hmin == 0 || hgt < hmin)) hmin = hgt;
        if (hgt > hmax) hmax = hgt;
        json_int_t t = json_integer_value(json_array_get(v, 1));
        if (t <= 0) continue;
        if (nver == 0 || t < e->first_tx_time) e->first_tx_time = t;
        if (nver == 0 || t > e->last_tx_time) e->last_tx_time = t;
        nver++;
    }
    json_object_set_new(e->details, "verified_tx", json_integer((json_int_t)nver));
    if (hmax > 0) {
        json_object_set_new(e->details, "first_tx_height", json_integer(hmin));
        json_object_set_new(e->details, "last_tx_height", json_integer(hmax));
    }

    size_t n = json_object_size(set);
    e->addrs = calloc(n ? n : 1, sizeof *e->addrs);
    if (!e->addrs) {
        json_decref(set);
        return DFT_ENOMEM;
    }
    json_object_foreach(set, a, v) {
        dft_electrum_addr *d = &e->addrs[e->n_addrs];
        d->address = strdup(a);
        d->role = role_static(json_string_value(v));
        const char *l = json_string_value(json_object_get(labels, a));
        d->label = l ? strdup(l) : NULL;
        if (!d->address) break;
        e->n_addrs++;
    }
    json_decref(set);
    qsort(e->addrs, e->n_addrs, sizeof *e->addrs, addr_cmp);
    return e->n_addrs == n ? DFT_OK : DFT_ENOMEM;
}

static bool looks_electrum(json_t *w)
{
    return json_object_get(w, "seed_version") || json_object_get(w, "wallet_type") ||
           (json_object_get(w, "addresses") && (json_object_get(w, "keystore") || json_object_get(w, "addr_history")));
}

int dft_electrum_parse(const char *data, size_t len, dft_electrum *out)
{
    memset(out, 0, sizeof *out);
    out->seed_version = -1;
    out->use_encryption = -1;
    size_t i = 0;
    while (i < len && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t')) i++;
    if (len - i >= 6 && (memcmp(data + i, "QklFMQ", 6) == 0 || memcmp(data + i, "QklFMg", 6) == 0)) {
        int rc = bie(data + i, len - i, out);
        if (rc) dft_electrum_clear(out);
        return rc;
    }
    if (i == len || data[i] != '{') return dft_error_set(DFT_ENOTFOUND, "not an Electrum wallet");
    text buf = { 0 };
    json_t *arr = load_array(data, len, &buf);
    out->format = "json";
    if (!arr && !buf.oom) {
        text py = { 0 };
        int rc = py_to_json(data + i, len - i, &py);
        if (rc == DFT_OK) arr = load_array(py.p, py.n, &buf);
        free(py.p);
        out->format = "python_literal";
    }
    bool oom = buf.oom;
    free(buf.p);
    if (!arr) return oom ? DFT_ENOMEM : dft_error_set(DFT_ENOTFOUND, "not an Electrum wallet (neither JSON nor a Python literal)");
    json_t *w = json_array_get(arr, 0);
    if (!looks_electrum(w)) {
        json_decref(arr);
        return dft_error_set(DFT_ENOTFOUND, "JSON without Electrum wallet keys");
    }
    for (size_t k = 1; k < json_array_size(arr); k++) {
        out->n_patches++;
        json_t *p = json_array_get(arr, k);
        if (json_is_object(p) && apply_patch(w, p)) out->n_patches_applied++;
    }
    int rc = summarise(out, w);
    if (rc == DFT_OK && out->n_patches) {
        json_object_set_new(out->details, "patches", json_integer((json_int_t)out->n_patches));
        json_object_set_new(out->details, "patches_applied", json_integer((json_int_t)out->n_patches_applied));
    }
    json_decref(arr);
    if (rc) dft_electrum_clear(out);
    return rc;
}

void dft_electrum_clear(dft_electrum *e)
{
    if (!e) return;
    for (size_t i = 0; i < e->n_addrs; i++) {
        free(e->addrs[i].address);
        free(e->addrs[i].label);
    }
    free(e->addrs);
    free(e->crack_hash);
    json_decref(e->details);
    memset(e, 0, sizeof *e);
}
