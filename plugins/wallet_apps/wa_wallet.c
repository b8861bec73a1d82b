/*
 * wa_wallet.c - the wallet being assembled by the wallet_apps plugin: addresses validated through
 * parsers/cryptoaddr.h (only checksum-valid ones, or lower-confidence all-lower/upper Ethereum forms),
 * deduplicated on their canonical form, then emitted as one wallets row, one crypto.wallet finding,
 * the address findings and the wallet -> address links (order in wa.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "wa.h"

int wa_wallet_init(wa_wallet *w, const char *kind, const char *chain, const char *value)
{
    memset(w, 0, sizeof *w);
    snprintf(w->kind, sizeof w->kind, "%s", kind);
    snprintf(w->chain, sizeof w->chain, "%s", chain ? chain : "");
    w->encrypted = -1;
    w->solana = strcmp(w->chain, "sol") == 0 || strcmp(w->chain, "multi") == 0;
    w->value = strdup(value ? value : "");
    w->details = json_object();
    if (!w->value || !w->details) return dft_error_set(DFT_ENOMEM, "wallet_apps: out of memory");
    return DFT_OK;
}

void wa_wallet_free(wa_wallet *w)
{
    if (!w) return;
    for (size_t i = 0; i < w->naddrs; i++) {
        free(w->addrs[i].role);
        free(w->addrs[i].label);
        free(w->addrs[i].source);
    }
    free(w->addrs);
    free(w->value);
    free(w->source);
    json_decref(w->details);
    memset(w, 0, sizeof *w);
}

static char *dup_or_null(const char *s)
{
    return s && *s ? strdup(s) : NULL;
}

static int add_hit(wa_wallet *w, const dft_crypto_hit *found, const char *role, const char *label,
                   const char *source);

int wa_wallet_add(wa_wallet *w, const char *s, size_t len, const char *role, const char *label, const char *source)
{
    dft_crypto_hit hit;
    if (!s || dft_crypto_classify(s, len, &hit) != DFT_OK) return 0;
    return add_hit(w, &hit, role, label, source);
}

/* Does a key naming a public key or an account end within the `back` bytes before t[at]? ("publicKey":
 * "…", pubkey=…, "address": "…"): the wallet context a checksum-less Solana key needs. */
static bool keyed_as_account(const uint8_t *t, size_t at)
{
    static const char *const keys[] = { "publickey", "pubkey", "address", "account" };
    size_t from = at > 40 ? at - 40 : 0;
    char low[41];
    size_t n = 0;
    for (size_t i = from; i < at; i++) low[n++] = (char)tolower(t[i]);
    low[n] = '\0';
    for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
        const char *hit = NULL, *p = low;
        while ((p = strstr(p, keys[k])) != NULL) hit = p++;
        if (!hit) continue;
        /* only quotes, blanks, ':', '=', '[' and the name's tail ('s', "es", "Id") between it and the value */
        const char *q = hit + strlen(keys[k]);
        while (*q && (strchr("\"': =[{,", *q) || (*q >= 'a' && *q <= 'z' && q - hit < (ptrdiff_t)strlen(keys[k]) + 3)))
            q++;
        if (!*q) return true;
    }
    return false;
}

static int add_hit(wa_wallet *w, const dft_crypto_hit *found, const char *role, const char *label, const char *source)
{
    dft_crypto_hit hit = *found;
    for (size_t i = 0; i < w->naddrs; i++) {
        if (strcmp(w->addrs[i].hit.canonical, hit.canonical) != 0) continue;
        if (!w->addrs[i].label && label && *label) {
            w->addrs[i].label = strdup(label);
            w->personal = true;
        }
        return 1;
    }
    if (w->naddrs >= WA_MAX_ADDRESSES) {
        w->dropped++;
        return 1;
    }
    if (w->naddrs == w->cap) {
        size_t nc = w->cap ? w->cap * 2 : 16;
        wa_addr *na = realloc(w->addrs, nc * sizeof *na);
        if (!na) return 0;
        w->addrs = na;
        w->cap = nc;
    }
    wa_addr *a = &w->addrs[w->naddrs++];
    a->hit = hit;
    /* a form without a checksum (all-lower/upper Ethereum, TRON 41-hex: 0.5) read from a wallet's own
     * account, address book or transaction field is the wallet's data, not a look-alike: 0.9 (any
     * chain: the field, not the text, is the evidence; docs/wallet-apps.md) */
    if (role && strcmp(role, "found") != 0 && strcmp(role, "history") != 0 && hit.confidence < 0.9)
        a->hit.confidence = 0.9;
    a->role = strdup(role ? role : "found");
    a->label = dup_or_null(label);
    a->source = dup_or_null(source);
    if (a->label) w->personal = true;
    return 1;
}

static bool is_alnum(uint8_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool all_hex(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isxdigit(p[i])) return false;
    return true;
}

/* Lengths of the address forms dft_crypto_classify accepts: Base58 addresses (BTC/LTC/DOGE/TRON/XRP)
 * 25-35, Bech32 P2WPKH 42 (ltc1 43), CashAddr without prefix and 0x+40 hex 42, WIF 51-52, Bech32
 * P2WSH/P2TR 62 (ltc1 63), extended keys 111. Only these are tried as windows of a longer run. */
static const size_t window_lens[] = { 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 42, 43, 51, 52, 62, 63, 111 };

/* one pass over 8-bit text */
static size_t scan_narrow(wa_wallet *w, const uint8_t *t, size_t len, const char *role, const char *source)
{
    size_t added = 0, i = 0;
    while (i < len) {
        if (!is_alnum(t[i])) {
            i++;
            continue;
        }
        size_t start = i;
        while (i < len && is_alnum(t[i])) i++;
        size_t n = i - start;
        size_t before = w->naddrs;
        dft_crypto_hit sol;
        if (n >= 32 && n <= 44 && w->solana && keyed_as_account(t, start) &&
            dft_crypto_classify_solana((const char *)t + start, n, &sol) == DFT_OK)
            /* a Solana wallet's own account: no checksum, so only as the value of a key naming one (a
             * Base58 address of another chain never decodes to 32 bytes: no double reading) */
            add_hit(w, &sol, role && strcmp(role, "found") != 0 ? role : "account", NULL, source);
        if (n == 40 && start >= 6 && strncasecmp((const char *)t + start - 6, "ronin:", 6) == 0 &&
            all_hex(t + start, 40)) {
            /* Ronin writes its EVM addresses as ronin:<40 hex> */
            char eth[43] = "0x";
            memcpy(eth + 2, t + start, 40);
            wa_wallet_add(w, eth, 42, role, NULL, source);
        } else if (n >= 25) {
            /* SQLite records, MMKV and binary stores glue neighbouring strings to the address
             * ("savingsTMo4...", "0x5aAe...USDT"): besides the whole run, every prefix and suffix of
             * an address length is tried (a checksum makes a chance hit ~2^-32 per try). */
            const char *r = (const char *)t + start;
            int whole = n <= 111 ? wa_wallet_add(w, r, n, role, NULL, source) : 0;
            for (size_t k = 0; !whole && k < sizeof window_lens / sizeof window_lens[0] && window_lens[k] < n; k++) {
                size_t l = window_lens[k];
                /* not the first 42 characters of a longer hex run (a transaction hash "0x" + 64) */
                bool hexrun = l == 42 && r[0] == '0' && (r[1] == 'x' || r[1] == 'X') && isxdigit((uint8_t)r[l]);
                if (!hexrun) wa_wallet_add(w, r, l, role, NULL, source);
                wa_wallet_add(w, r + n - l, l, role, NULL, source);
            }
        }
        added += w->naddrs - before;
    }
    return added;
}

size_t wa_wallet_scan_text(wa_wallet *w, const uint8_t *text, size_t len, const char *role, const char *source)
{
    if (!text || !len) return 0;
    size_t added = scan_narrow(w, text, len, role, source);
    /* UTF-16LE (Chromium localStorage, Windows files): many zero bytes -> scan both byte lanes */
    size_t zeros = 0;
    for (size_t i = 0; i < len; i++) zeros += text[i] == 0;
    if (zeros * 4 < len) return added;
    uint8_t *lane = malloc(len / 2 + 1);
    if (!lane) return added;
    for (size_t phase = 0; phase < 2; phase++) {
        size_t m = 0;
        for (size_t i = phase; i + 1 < len; i += 2) lane[m++] = text[i + 1] == 0 ? text[i] : ' ';
        added += scan_narrow(w, lane, m, role, source);
    }
    free(lane);
    return added;
}

/* The address the wallets row names: the selected account, else the first account, else the
 * first address. */
static const wa_addr *main_address(const wa_wallet *w)
{
    const char *prefer[] = { "selected", "account", NULL };
    for (int p = 0; prefer[p]; p++)
        for (size_t i = 0; i < w->naddrs; i++)
            if (strcmp(w->addrs[i].role, prefer[p]) == 0 && strcmp(w->addrs[i].hit.kind, "address") == 0)
                return &w->addrs[i];
    for (size_t i = 0; i < w->naddrs; i++) /* then the wallet's own chain */
        if (strcmp(w->addrs[i].hit.kind, "address") == 0 && strcmp(w->addrs[i].hit.chain, w->chain) == 0)
            return &w->addrs[i];
    for (size_t i = 0; i < w->naddrs; i++)
        if (strcmp(w->addrs[i].hit.kind, "address") == 0) return &w->addrs[i];
    return NULL;
}

static int emit_address(dft_scan *s, const wa_wallet *w, const wa_addr *a, dft_ref wref)
{
    json_t *d = json_object();
    if (!d) return dft_error_set(DFT_ENOMEM, "wallet_apps: out of memory");
    json_object_set_new(d, "wallet", json_string(w->kind));
    json_object_set_new(d, "role", json_string(a->role));
    if (a->label) json_object_set_new(d, "label", json_string(a->label));
    if (a->source) json_object_set_new(d, "source", json_string(a->source));
    json_object_set_new(d, "variant", json_string(a->hit.variant));
    if (a->hit.token[0]) json_object_set_new(d, "token", json_string(a->hit.token));
    if (a->hit.testnet) json_object_set_new(d, "testnet", json_true());
    if (a->hit.secret) json_object_set_new(d, "secret", json_true());
    char *details = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(d);
    if (!details) return dft_error_set(DFT_ENOMEM, "wallet_apps: out of memory");
    char kind[32];
    snprintf(kind, sizeof kind, "crypto.%s", a->hit.kind);
    dft_finding fi = DFT_INIT(dft_finding);
    fi.kind = kind;
    fi.subkind = a->hit.chain[0] ? a->hit.chain : NULL;
    fi.value = a->hit.canonical;
    fi.offset = -1;
    fi.length = -1;
    fi.confidence = a->hit.confidence;
    fi.details = details;
    fi.personal = a->label ? "value,details" : "value";
    dft_ref fref = { 0, 0 };
    int rc = dft_emit_finding(s, &fi, &fref);
    free(details);
    if (rc) return rc;
    char ld[96];
    snprintf(ld, sizeof ld, "{\"role\":\"%s\"}", a->role); /* roles are our own ASCII words */
    return dft_emit_link(s, wref, "address", fref, ld);
}

int wa_wallet_emit(dft_scan *s, wa_wallet *w)
{
    const wa_addr *main = main_address(w);
    json_object_set_new(w->details, "address_count", json_integer((json_int_t)w->naddrs));
    if (w->dropped) json_object_set_new(w->details, "addresses_not_emitted", json_integer((json_int_t)w->dropped));
    char *details = json_dumps(w->details, JSON_COMPACT | JSON_SORT_KEYS);
    if (!details) return dft_error_set(DFT_ENOMEM, "wallet_apps: out of memory");
    dft_wallet wr = DFT_INIT(dft_wallet);
    wr.kind = w->kind;
    wr.chain = w->chain[0] ? w->chain : NULL;
    wr.encrypted = w->encrypted;
    wr.address = main ? main->hit.canonical : NULL;
    wr.source = w->source ? w->source : w->value;
    wr.details = details;
    dft_ref wref = { 0, 0 };
    int rc = dft_emit_wallet(s, &wr, &wref);
    if (rc == DFT_OK) {
        dft_finding fi = DFT_INIT(dft_finding);
        fi.kind = "crypto.wallet";
        fi.subkind = w->kind;
        fi.value = w->value;
        fi.offset = -1;
        fi.length = -1;
        fi.confidence = 0.95;
        fi.details = details;
        fi.personal = w->personal ? "details" : NULL;
        rc = dft_emit_finding(s, &fi, NULL);
    }
    free(details);
    for (size_t i = 0; rc == DFT_OK && i < w->naddrs; i++) rc = emit_address(s, w, &w->addrs[i], wref);
    return rc;
}

/* ---- JSON helpers -------------------------------------------------------------------------- */

json_t *wa_json_get(json_t *root, const char *path)
{
    json_t *cur = root;
    const char *p = path;
    while (cur && *p) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        char key[128];
        if (n >= sizeof key || !json_is_object(cur)) return NULL;
        memcpy(key, p, n);
        key[n] = '\0';
        cur = json_object_get(cur, key);
        p += n + (dot ? 1 : 0);
    }
    return cur;
}

const char *wa_json_str(json_t *root, const char *path)
{
    json_t *v = wa_json_get(root, path);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* ---- reading files of the evidence --------------------------------------------------------- */

int wa_read(const dft_content *c, const char *device_path, size_t max, uint8_t **out, size_t *len, bool *allocated)
{
    *out = NULL;
    *len = 0;
    dft_sibling sib = DFT_INIT(dft_sibling);
    int rc = dft_content_sibling(c, device_path, &sib);
    if (rc) return rc;
    if (allocated) *allocated = sib.allocated;
    if (sib.size > max) return dft_error_set(DFT_ELIMIT, "%s: %llu bytes, over the %zu-byte cap", device_path,
                                             (unsigned long long)sib.size, max);
    FILE *fp = fopen(sib.path, "rb");
    if (!fp) return dft_error_set(DFT_EIO, "%s: cannot open its copy", device_path);
    uint8_t *buf = malloc(sib.size + 1);
    if (!buf) {
        fclose(fp);
        return dft_error_set(DFT_ENOMEM, "wallet_apps: out of memory");
    }
    size_t n = fread(buf, 1, sib.size, fp);
    fclose(fp);
    buf[n] = '\0'; /* text parsers may rely on it */
    *out = buf;
    *len = n;
    return DFT_OK;
}

int wa_content(const dft_content *c, size_t max, const uint8_t **bytes, size_t *len, uint8_t **owned)
{
    *owned = NULL;
    *bytes = dft_content_bytes(c, len);
    if (*bytes) return DFT_OK;
    /* not in memory (over the cap, or a postponed scan): read the private copy */
    const char *path = dft_content_path(c);
    if (!path) return DFT_EIO;
    FILE *fp = fopen(path, "rb");
    if (!fp) return dft_error_set(DFT_EIO, "cannot open the private copy");
    uint8_t *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            if (cap >= max) {
                free(buf);
                fclose(fp);
                return dft_error_set(DFT_ELIMIT, "over the %zu-byte cap", max);
            }
            cap = cap ? cap * 2 : 65536;
            if (cap > max) cap = max;
            uint8_t *nb = realloc(buf, cap + 1);
            if (!nb) {
                free(buf);
                fclose(fp);
                return dft_error_set(DFT_ENOMEM, "wallet_apps: out of memory");
            }
            buf = nb;
        }
        size_t got = fread(buf + n, 1, cap - n, fp);
        n += got;
        if (got == 0) break;
    }
    fclose(fp);
    if (!buf) buf = calloc(1, 1);
    if (!buf) return dft_error_set(DFT_ENOMEM, "wallet_apps: out of memory");
    buf[n] = '\0';
    *owned = buf;
    *bytes = buf;
    *len = n;
    return DFT_OK;
}

bool wa_glob_escape(const char *s, char *out, size_t n)
{
    size_t o = 0;
    for (; *s; s++) {
        if (strchr("*?[]\\", *s)) {
            if (o + 1 >= n) return false;
            out[o++] = '\\';
        }
        if (o + 1 >= n) return false;
        out[o++] = *s;
    }
    out[o] = '\0';
    return true;
}

bool wa_note_keystore(wa_wallet *w, const uint8_t *data, size_t len, const char *path)
{
    size_t i = 0;
    while (i < len && isspace(data[i])) i++;
    if (i >= len || data[i] != '{') return false;
    json_t *j = json_loadb((const char *)data, len, 0, NULL);
    if (!j) return false;
    json_t *cr = json_object_get(j, "crypto");
    if (!cr) cr = json_object_get(j, "Crypto");
    bool ks = json_is_object(cr) && json_object_get(cr, "kdf");
    if (ks) {
        json_t *list = json_object_get(w->details, "keystore_files");
        if (!list) {
            list = json_array();
            json_object_set_new(w->details, "keystore_files", list);
        }
        if (json_array_size(list) < WA_MAX_LIST) json_array_append_new(list, json_string(path));
        const char *addr = json_string_value(json_object_get(j, "address"));
        if (addr) {
            char buf[64];
            /* keystore v3 stores the address as 40 hex digits without 0x */
            if (strlen(addr) == 40) snprintf(buf, sizeof buf, "0x%s", addr);
            else snprintf(buf, sizeof buf, "%s", addr);
            wa_wallet_add(w, buf, strlen(buf), "keystore", NULL, path);
        }
    }
    json_decref(j);
    return ks;
}
