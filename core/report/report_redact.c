/*
 * report_redact.c - stable pseudonyms for personal data (--redact).
 *
 * A value becomes PREFIX-xxxxxxxxxx: the first 10 hex digits of HMAC-SHA256(key, PREFIX "|" normalised
 * value). The key is derived from the case file itself (report.c passes the hash of audit row 1, which
 * is written when the case is created and never changes), so:
 *   - the same value gets the same token in every output and on every run over the same case, and the
 *     same person is recognisable across HTML, CSV and CASE, and across rows (a phone in persons and
 *     the same phone as a WhatsApp JID in messages: both PHONE-…);
 *   - a reader of the redacted report, who does not hold the case file, cannot recompute tokens by
 *     trying phone numbers (the key is not in any redacted output).
 * Normalisation: phones -> digits only; names -> ASCII lower case, single spaces; ids -> upper-case
 * letters and digits; handles that are phone numbers (66812345678@s.whatsapp.net, +66...) -> phones.
 * Free text (message bodies) keeps its words but loses every phone-like run of 8-15 digits and every
 * name, passport number and handle known from persons, contacts and calls.
 */
#include <ctype.h>
#include <jansson.h>
#include <openssl/hmac.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"
#include "hash.h"
#include "report_impl.h"

#define MAX_KNOWN 5000       /* known names/ids searched in free text */
#define MIN_KNOWN_LEN 3      /* shorter names would shred ordinary words */

typedef struct known {
    char *text;              /* lower-cased (ASCII) */
    size_t len;
    rpt_field cls;
} known;

struct rpt_redact {
    uint8_t key[32];
    char *buf, *buf2;        /* the last result / scratch */
    size_t cap, cap2;
    known *known;
    size_t nknown;
};

typedef struct sbuf {
    char *p;
    size_t n, cap;
} sbuf;

static int sb_put(sbuf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t c = b->cap ? b->cap : 256;
        while (c < b->n + n + 1) c *= 2;
        char *g = realloc(b->p, c);
        if (!g) return DFT_ENOMEM;
        b->p = g, b->cap = c;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
    return DFT_OK;
}

static const char *prefix_of(rpt_field cls)
{
    switch (cls) {
    case RF_NAME: return "NAME";
    case RF_PHONE: return "PHONE";
    case RF_ID: return "ID";
    case RF_HANDLE: return "HANDLE";
    default: return "VALUE";
    }
}

/* Normalised form of value for class cls into b (empty when nothing is left). */
static void normalise(sbuf *b, rpt_field cls, const char *v)
{
    b->n = 0;
    if (b->p) b->p[0] = '\0';
    if (cls == RF_PHONE) {
        for (const char *p = v; *p; p++)
            if (isdigit((unsigned char)*p)) sb_put(b, p, 1);
    } else if (cls == RF_NAME) {
        bool space = false;
        for (const char *p = v; *p; p++) {
            unsigned char c = (unsigned char)*p;
            if (isspace(c)) {
                space = b->n > 0;
                continue;
            }
            if (space) sb_put(b, " ", 1), space = false;
            char l = (char)tolower(c);
            sb_put(b, &l, 1);
        }
    } else if (cls == RF_ID) {
        for (const char *p = v; *p; p++)
            if (isalnum((unsigned char)*p)) {
                char u = (char)toupper((unsigned char)*p);
                sb_put(b, &u, 1);
            }
    } else if (cls == RF_HANDLE) {
        for (const char *p = v; *p; p++) {
            char l = (char)tolower((unsigned char)*p);
            sb_put(b, &l, 1);
        }
    } else {
        sb_put(b, v, strlen(v));
    }
}

/* A handle or account that is a phone number: "+66812345678", "66812345678@s.whatsapp.net",
 * "tel:+668...". */
static bool phone_like(const char *v)
{
    const char *p = v;
    if (strncmp(p, "tel:", 4) == 0) p += 4;
    if (*p == '+') p++;
    size_t digits = 0;
    for (; *p && *p != '@'; p++) {
        if (isdigit((unsigned char)*p)) digits++;
        else if (!strchr(" -.()", *p)) return false;
    }
    return digits >= 7 && digits <= 15;
}

static void token(rpt_redact *r, sbuf *out, rpt_field cls, const char *v)
{
    sbuf norm = { 0 };
    if (cls == RF_HANDLE && phone_like(v)) {
        char digits[64];
        size_t n = 0;
        for (const char *p = v; *p && *p != '@' && n + 1 < sizeof digits; p++)
            if (isdigit((unsigned char)*p)) digits[n++] = *p;
        digits[n] = '\0';
        cls = RF_PHONE;
        sb_put(&norm, digits, n);
    } else {
        if (cls == RF_VALUE) {
            /* a value that is a known name or passport number (a passport finding, a name in details)
             * gets that person's token, not a second one */
            for (size_t i = 0; i < r->nknown; i++)
                if (strlen(v) == r->known[i].len && !strcasecmp(v, r->known[i].text)) {
                    cls = r->known[i].cls;
                    break;
                }
        }
        normalise(&norm, cls, v);
    }
    const char *prefix = prefix_of(cls);
    sbuf msg = { 0 };
    sb_put(&msg, prefix, strlen(prefix));
    sb_put(&msg, "|", 1);
    if (norm.n) sb_put(&msg, norm.p, norm.n);
    unsigned char mac[32];
    unsigned int maclen = 0;
    HMAC(EVP_sha256(), r->key, sizeof r->key, (const unsigned char *)(msg.p ? msg.p : ""), msg.n, mac, &maclen);
    char hex[65];
    dft_hex(hex, mac, 5);
    sb_put(out, prefix, strlen(prefix));
    sb_put(out, "-", 1);
    sb_put(out, hex, 10);
    free(norm.p);
    free(msg.p);
}

/* Every string inside a JSON value becomes a token (keys, numbers and booleans stay: the flags of a
 * person such as possible_trafficking_victim are not personal data). */
static void json_redact(rpt_redact *r, json_t *j)
{
    if (json_is_string(j)) {
        sbuf t = { 0 };
        token(r, &t, RF_VALUE, json_string_value(j));
        if (t.p) json_string_set(j, t.p);
        free(t.p);
    } else if (json_is_object(j)) {
        const char *k;
        json_t *v;
        json_object_foreach(j, k, v) json_redact(r, v);
    } else if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v) json_redact(r, v);
    }
}

/* Length of a phone-like run at p (8..15 digits with separators), 0 when none. */
static size_t phone_run(const char *s, const char *p)
{
    if (p > s && (isalnum((unsigned char)p[-1]) || p[-1] == '+')) return 0;
    const char *q = p;
    if (*q == '+') q++;
    if (!isdigit((unsigned char)*q)) return 0;
    size_t digits = 0;
    const char *end = q;
    for (; *q; q++) {
        if (isdigit((unsigned char)*q)) {
            digits++;
            end = q + 1;
        } else if (!(strchr(" -.", *q) && isdigit((unsigned char)q[1]))) {
            break;
        }
        if (digits > 15) return 0;
    }
    if (isalpha((unsigned char)*end)) return 0;
    return digits >= 8 ? (size_t)(end - p) : 0;
}

static void text_redact(rpt_redact *r, sbuf *out, const char *s)
{
    const char *p = s;
    while (*p) {
        size_t n = phone_run(s, p);
        if (n) {
            char tmp[64];
            size_t m = n < sizeof tmp - 1 ? n : sizeof tmp - 1;
            memcpy(tmp, p, m);
            tmp[m] = '\0';
            token(r, out, RF_PHONE, tmp);
            p += n;
            continue;
        }
        bool hit = false;
        if (p == s || !isalnum((unsigned char)p[-1])) {
            for (size_t i = 0; i < r->nknown && !hit; i++) {
                known *k = &r->known[i];
                if (strncasecmp(p, k->text, k->len) == 0 && !isalnum((unsigned char)p[k->len])) {
                    char *tmp = strndup(p, k->len);
                    if (tmp) token(r, out, k->cls, tmp);
                    free(tmp);
                    p += k->len;
                    hit = true;
                }
            }
        }
        if (!hit) sb_put(out, p++, 1);
    }
}

const char *rpt_redact_apply(rpt_redact *r, rpt_field cls, const char *value)
{
    if (!r || cls == RF_NONE || !value || !*value) return value;
    sbuf out = { r->buf, 0, r->cap };
    if (cls == RF_TEXT) {
        text_redact(r, &out, value);
    } else if (cls == RF_JSON) {
        json_error_t e;
        json_t *j = json_loads(value, JSON_DECODE_ANY, &e);
        char *dump = NULL;
        if (j) {
            json_redact(r, j);
            dump = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
            json_decref(j);
        }
        if (dump) sb_put(&out, dump, strlen(dump));
        else token(r, &out, RF_VALUE, value);
        free(dump);
    } else if (cls == RF_LINK_JSON) {
        /* only the keys details.personal names: a phone or handle becomes its HANDLE/PHONE token (the
         * same as in persons, messages and contacts), the rest of the link (app, counts, times) stays */
        json_error_t e;
        json_t *j = json_loads(value, 0, &e);
        json_t *keys = j ? json_object_get(j, "personal") : NULL;
        if (!json_is_array(keys)) {
            json_decref(j);
            return value;
        }
        size_t i;
        json_t *k;
        json_array_foreach(keys, i, k) {
            json_t *v = json_is_string(k) ? json_object_get(j, json_string_value(k)) : NULL;
            if (json_is_string(v) && *json_string_value(v)) {
                sbuf t = { 0 };
                token(r, &t, RF_HANDLE, json_string_value(v));
                if (t.p) json_string_set(v, t.p);
                free(t.p);
            }
        }
        char *dump = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(j);
        if (dump) sb_put(&out, dump, strlen(dump));
        else token(r, &out, RF_VALUE, value);
        free(dump);
    } else {
        token(r, &out, cls, value);
    }
    r->buf = out.p, r->cap = out.cap;
    return out.p ? out.p : "";
}

bool rpt_personal_has(const char *personal, const char *column, bool dflt)
{
    if (!personal) return dflt;
    size_t n = strlen(column);
    for (const char *p = personal; *p;) {
        while (*p == ',' || *p == ' ') p++;
        const char *e = p;
        while (*e && *e != ',' && *e != ' ') e++;
        if ((size_t)(e - p) == n && strncmp(p, column, n) == 0) return true;
        p = e;
    }
    return false;
}

static int cmp_known(const void *a, const void *b)
{
    const known *x = a, *y = b;
    if (x->len != y->len) return x->len < y->len ? 1 : -1; /* longest first: "Somchai Jaidee" before "Somchai" */
    return strcmp(x->text, y->text);
}

/* Collects the distinct names/ids of a query into r->known (bounded by MAX_KNOWN). */
static int load_known(rpt_redact *r, sqlite3 *db, const char *sql, rpt_field cls)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return DFT_OK; /* table absent: nothing known */
    while (sqlite3_step(st) == SQLITE_ROW && r->nknown < MAX_KNOWN) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        if (!t || strlen(t) < MIN_KNOWN_LEN || phone_like(t)) continue;
        char *low = strdup(t);
        if (!low) {
            sqlite3_finalize(st);
            return dft_error_set(DFT_ENOMEM, "out of memory");
        }
        for (char *p = low; *p; p++) *p = (char)tolower((unsigned char)*p);
        r->known[r->nknown++] = (known){ low, strlen(low), cls };
    }
    sqlite3_finalize(st);
    return DFT_OK;
}

int rpt_redact_new(rpt_redact **out, sqlite3 *db, const char *case_secret)
{
    *out = NULL;
    rpt_redact *r = calloc(1, sizeof *r);
    if (!r || !(r->known = calloc(MAX_KNOWN, sizeof *r->known))) {
        free(r);
        return dft_error_set(DFT_ENOMEM, "out of memory");
    }
    /* key = SHA-256("dftriage-redact-1|" secret): a fixed label so the key is used for nothing else */
    sbuf label = { 0 };
    sb_put(&label, "dftriage-redact-1|", 18);
    sb_put(&label, case_secret, strlen(case_secret));
    unsigned int klen = 0;
    if (!label.p || !EVP_Digest(label.p, label.n, r->key, &klen, EVP_sha256(), NULL)) {
        free(label.p);
        free(r->known);
        free(r);
        return dft_error_set(DFT_ERROR, "cannot derive the redaction key");
    }
    free(label.p);
    int rc = load_known(r, db, "SELECT DISTINCT name FROM persons WHERE name IS NOT NULL ORDER BY name", RF_NAME);
    if (!rc) rc = load_known(r, db, "SELECT DISTINCT passport FROM persons WHERE passport IS NOT NULL ORDER BY 1", RF_ID);
    if (!rc) rc = load_known(r, db, "SELECT DISTINCT name FROM contacts WHERE name IS NOT NULL ORDER BY name", RF_NAME);
    if (!rc) rc = load_known(r, db, "SELECT DISTINCT counterpart_name FROM calls WHERE counterpart_name IS NOT NULL"
                                    " ORDER BY 1", RF_NAME);
    if (!rc) rc = load_known(r, db, "SELECT DISTINCT handle FROM contacts WHERE handle IS NOT NULL ORDER BY 1", RF_HANDLE);
    if (rc) {
        rpt_redact_free(r);
        return rc;
    }
    qsort(r->known, r->nknown, sizeof *r->known, cmp_known);
    /* drop duplicates left by the union of sources (same text from persons and contacts) */
    size_t w = 0;
    for (size_t i = 0; i < r->nknown; i++) {
        if (w && strcmp(r->known[w - 1].text, r->known[i].text) == 0) {
            free(r->known[i].text);
            continue;
        }
        r->known[w++] = r->known[i];
    }
    r->nknown = w;
    *out = r;
    return DFT_OK;
}

void rpt_redact_free(rpt_redact *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->nknown; i++) free(r->known[i].text);
    free(r->known);
    free(r->buf);
    free(r->buf2);
    free(r);
}
