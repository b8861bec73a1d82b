/*
 * btcwallet.c - Bitcoin Core wallet records to a summary (record layouts in btcwallet.h). Every value
 * is read through a dft_buf window of exactly that value, so a bogus length stops at its end.
 */
#include "btcwallet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"

#define MAX_TX_ITEMS 100000u   /* inputs/outputs/witness items of one transaction: bounded anyway by
                                  the value length, this only stops absurd counts early */

/* Bitcoin compact size. */
static int compact(dft_buf *b, uint64_t *out)
{
    uint8_t c;
    if (dft_buf_u8(b, &c)) return DFT_ECORRUPT;
    if (c < 253) {
        *out = c;
        return DFT_OK;
    }
    if (c == 253) {
        uint16_t v;
        if (dft_buf_u16le(b, &v)) return DFT_ECORRUPT;
        *out = v;
    } else if (c == 254) {
        uint32_t v;
        if (dft_buf_u32le(b, &v)) return DFT_ECORRUPT;
        *out = v;
    } else {
        if (dft_buf_u64le(b, out)) return DFT_ECORRUPT;
    }
    return DFT_OK;
}

/* A compact-size-prefixed byte string (borrowed). */
static int varstr(dft_buf *b, const uint8_t **p, size_t *n)
{
    uint64_t len;
    if (compact(b, &len) || len > dft_buf_left(b)) return DFT_ECORRUPT;
    *n = (size_t)len;
    return dft_buf_bytes(b, *n, p);
}

static int skipstr(dft_buf *b)
{
    const uint8_t *p;
    size_t n;
    return varstr(b, &p, &n);
}

static char *dupn(const uint8_t *p, size_t n)
{
    char *s = malloc(n + 1);
    if (!s) return NULL;
    memcpy(s, p, n);
    s[n] = '\0';
    return s;
}

int dft_btcwallet_new(dft_btcwallet **out, const char *storage)
{
    dft_btcwallet *w = calloc(1, sizeof *w);
    if (!w) return DFT_ENOMEM;
    w->storage = storage && strcmp(storage, "sqlite") == 0 ? "sqlite" : "bdb";
    w->version = w->minversion = -1;
    w->hdchain_version = -1;
    *out = w;
    return DFT_OK;
}

void dft_btcwallet_free(dft_btcwallet *w)
{
    if (!w) return;
    for (size_t i = 0; i < w->n_names; i++) {
        free(w->names[i].address);
        free(w->names[i].label);
        free(w->names[i].purpose);
    }
    free(w->names);
    for (size_t i = 0; i < w->n_descriptors; i++) free(w->descriptors[i]);
    free(w->descriptors);
    free(w);
}

/* Appends a name entry carrying either a label or a purpose (merged in finish). */
static int add_name(dft_btcwallet *w, const uint8_t *addr, size_t alen, const uint8_t *v, size_t vlen, bool purpose)
{
    if (w->n_names == w->cap_names) {
        size_t nc = w->cap_names ? w->cap_names * 2 : 16;
        dft_btcwallet_name *nn = realloc(w->names, nc * sizeof *nn);
        if (!nn) return DFT_ENOMEM;
        w->names = nn;
        w->cap_names = nc;
    }
    dft_btcwallet_name *e = &w->names[w->n_names];
    memset(e, 0, sizeof *e);
    e->address = dupn(addr, alen);
    char *text = dupn(v, vlen);
    if (!e->address || !text) {
        free(e->address);
        free(text);
        return DFT_ENOMEM;
    }
    if (purpose) e->purpose = text;
    else e->label = text;
    w->n_names++;
    return DFT_OK;
}

static int add_descriptor(dft_btcwallet *w, const uint8_t *p, size_t n)
{
    if (w->n_descriptors == w->cap_desc) {
        size_t nc = w->cap_desc ? w->cap_desc * 2 : 4;
        char **nd = realloc(w->descriptors, nc * sizeof *nd);
        if (!nd) return DFT_ENOMEM;
        w->descriptors = nd;
        w->cap_desc = nc;
    }
    char *s = dupn(p, n);
    if (!s) return DFT_ENOMEM;
    w->descriptors[w->n_descriptors++] = s;
    return DFT_OK;
}

/* Skips one serialized CTransaction (BIP144 witness form allowed). */
static int skip_tx(dft_buf *b)
{
    uint32_t version;
    uint64_t nin, nout;
    bool witness = false;
    if (dft_buf_u32le(b, &version) || compact(b, &nin)) return DFT_ECORRUPT;
    if (nin == 0) {
        uint8_t flag;
        if (dft_buf_u8(b, &flag) || flag != 1) return DFT_ECORRUPT;
        witness = true;
        if (compact(b, &nin)) return DFT_ECORRUPT;
    }
    if (nin > MAX_TX_ITEMS) return DFT_ECORRUPT;
    for (uint64_t i = 0; i < nin; i++)
        if (dft_buf_skip(b, 36) || skipstr(b) || dft_buf_skip(b, 4)) return DFT_ECORRUPT;
    if (compact(b, &nout) || nout > MAX_TX_ITEMS) return DFT_ECORRUPT;
    for (uint64_t i = 0; i < nout; i++)
        if (dft_buf_skip(b, 8) || skipstr(b)) return DFT_ECORRUPT;
    if (witness) {
        for (uint64_t i = 0; i < nin; i++) {
            uint64_t items;
            if (compact(b, &items) || items > MAX_TX_ITEMS) return DFT_ECORRUPT;
            for (uint64_t j = 0; j < items; j++)
                if (skipstr(b)) return DFT_ECORRUPT;
        }
    }
    return dft_buf_skip(b, 4);
}

/* nTimeReceived of a CWalletTx value. */
static int tx_time(dft_buf *b, uint32_t *out)
{
    uint64_t n;
    if (skip_tx(b) || dft_buf_skip(b, 32) || compact(b, &n) || n > dft_buf_left(b) / 32 ||
        dft_buf_skip(b, (size_t)n * 32) || dft_buf_skip(b, 4))
        return DFT_ECORRUPT;
    if (compact(b, &n) || n > MAX_TX_ITEMS) return DFT_ECORRUPT;   /* vUnused (always empty in practice) */
    for (uint64_t i = 0; i < n; i++) {
        uint64_t m;
        if (skip_tx(b) || dft_buf_skip(b, 32) || compact(b, &m) || m > dft_buf_left(b) / 32 ||
            dft_buf_skip(b, (size_t)m * 32) || dft_buf_skip(b, 4))
            return DFT_ECORRUPT;
    }
    for (int pass = 0; pass < 2; pass++) {   /* mapValue, vOrderForm: pairs of strings */
        if (compact(b, &n) || n > MAX_TX_ITEMS) return DFT_ECORRUPT;
        for (uint64_t i = 0; i < n; i++)
            if (skipstr(b) || skipstr(b)) return DFT_ECORRUPT;
    }
    if (dft_buf_skip(b, 4) || dft_buf_u32le(b, out)) return DFT_ECORRUPT;
    return DFT_OK;
}

static void span(int64_t t, size_t *count, int64_t *first, int64_t *last)
{
    if (*count == 0 || t < *first) *first = t;
    if (*count == 0 || t > *last) *last = t;
    (*count)++;
}

static bool is(const uint8_t *p, size_t n, const char *s)
{
    return n == strlen(s) && memcmp(p, s, n) == 0;
}

static int decode(dft_btcwallet *w, const uint8_t *t, size_t tn, dft_buf *k, dft_buf *v)
{
    const uint8_t *p;
    size_t n;
    if (is(t, tn, "version") || is(t, tn, "minversion")) {
        uint32_t x;
        if (dft_buf_u32le(v, &x)) return DFT_ECORRUPT;
        if (t[0] == 'v') w->version = (int32_t)x;
        else w->minversion = (int32_t)x;
    } else if (is(t, tn, "mkey")) {
        uint32_t id;
        dft_btcwallet_mkey m = { 0 };
        const uint8_t *ck, *salt;
        size_t ckn, saltn;
        if (dft_buf_u32le(k, &id) || varstr(v, &ck, &ckn) || varstr(v, &salt, &saltn) ||
            dft_buf_u32le(v, &m.method) || dft_buf_u32le(v, &m.iterations))
            return DFT_ECORRUPT;
        w->n_mkey++;
        if (ckn > sizeof m.crypted || saltn > sizeof m.salt) return DFT_ECORRUPT;
        if (w->n_mkey == 1 || id < w->mkey.id) {
            m.id = id;
            memcpy(m.crypted, ck, ckn);
            m.crypted_len = ckn;
            memcpy(m.salt, salt, saltn);
            m.salt_len = saltn;
            w->mkey = m;
        }
    } else if (is(t, tn, "ckey")) {
        w->n_ckey++;
    } else if (is(t, tn, "key")) {
        w->n_key++;
    } else if (is(t, tn, "wkey")) {
        w->n_wkey++;
    } else if (is(t, tn, "name") || is(t, tn, "purpose")) {
        const uint8_t *a;
        size_t an;
        if (varstr(k, &a, &an) || varstr(v, &p, &n)) return DFT_ECORRUPT;
        return add_name(w, a, an, p, n, t[0] == 'p');
    } else if (is(t, tn, "keymeta")) {
        uint32_t ver;
        uint64_t ct;
        w->n_keymeta++;
        if (dft_buf_u32le(v, &ver) || dft_buf_u64le(v, &ct)) return DFT_ECORRUPT;
        if ((int64_t)ct > 0) span((int64_t)ct, &w->n_key_times, &w->key_first, &w->key_last);
    } else if (is(t, tn, "pool")) {
        w->n_pool++;
    } else if (is(t, tn, "tx")) {
        uint32_t tr;
        w->n_tx++;
        if (tx_time(v, &tr)) return DFT_ECORRUPT;
        if (tr) span(tr, &w->n_tx_times, &w->tx_first, &w->tx_last);
    } else if (is(t, tn, "hdchain")) {
        uint32_t ver;
        if (dft_buf_u32le(v, &ver)) return DFT_ECORRUPT;
        w->hdchain_version = (int32_t)ver;
    } else if (is(t, tn, "flags")) {
        if (dft_buf_u64le(v, &w->flags)) return DFT_ECORRUPT;
        w->has_flags = true;
    } else if (is(t, tn, "walletdescriptor")) {
        w->n_desc++;
        if (varstr(v, &p, &n)) return DFT_ECORRUPT;
        return add_descriptor(w, p, n);
    } else if (is(t, tn, "walletdescriptorkey")) {
        w->n_desc_key++;
    } else if (is(t, tn, "walletdescriptorckey")) {
        w->n_desc_ckey++;
    } else if (is(t, tn, "bestblock") || is(t, tn, "bestblock_nomerkle")) {
        w->n_bestblock++;
    } else {
        w->n_other++;
    }
    return DFT_OK;
}

int dft_btcwallet_record(dft_btcwallet *w, const uint8_t *key, size_t klen, const uint8_t *val, size_t vlen)
{
    dft_buf k = dft_buf_make(key, klen), v = dft_buf_make(val, vlen);
    const uint8_t *t;
    size_t tn;
    w->n_records++;
    if (varstr(&k, &t, &tn)) {
        w->n_bad++;
        return DFT_OK;
    }
    int rc = decode(w, t, tn, &k, &v);
    if (rc == DFT_ENOMEM) return rc;
    if (rc) w->n_bad++;
    return DFT_OK;
}

static int name_cmp(const void *a, const void *b)
{
    const dft_btcwallet_name *x = a, *y = b;
    int c = strcmp(x->address, y->address);
    if (c) return c;
    /* deterministic among equals: labels before purposes, then by text */
    if (!x->label != !y->label) return x->label ? -1 : 1;
    const char *xs = x->label ? x->label : x->purpose, *ys = y->label ? y->label : y->purpose;
    return strcmp(xs, ys);
}

int dft_btcwallet_finish(dft_btcwallet *w)
{
    if (w->n_names < 2) return DFT_OK;
    qsort(w->names, w->n_names, sizeof *w->names, name_cmp);
    size_t o = 0;
    for (size_t i = 0; i < w->n_names; i++) {
        dft_btcwallet_name *e = &w->names[i];
        if (o > 0 && strcmp(w->names[o - 1].address, e->address) == 0) {
            dft_btcwallet_name *d = &w->names[o - 1];
            if (!d->label) {
                d->label = e->label;
                e->label = NULL;
            }
            if (!d->purpose) {
                d->purpose = e->purpose;
                e->purpose = NULL;
            }
            free(e->address);
            free(e->label);
            free(e->purpose);
            continue;
        }
        w->names[o++] = *e;
    }
    w->n_names = o;
    return DFT_OK;
}

static int bdb_cb(void *payload, const uint8_t *k, size_t kl, const uint8_t *v, size_t vl)
{
    return dft_btcwallet_record(payload, k, kl, v, vl);
}

int dft_btcwallet_read_bdb(dft_btcwallet **out, const uint8_t *data, size_t len, dft_bdb_stats *stats)
{
    dft_btcwallet *w;
    int rc = dft_btcwallet_new(&w, "bdb");
    if (rc) return rc;
    rc = dft_bdb_walk(data, len, "main", bdb_cb, w, stats);
    if (rc == DFT_OK) rc = dft_btcwallet_finish(w);
    if (rc) {
        dft_btcwallet_free(w);
        return rc;
    }
    *out = w;
    return DFT_OK;
}

int dft_btcwallet_read_sqlite(dft_btcwallet **out, const char *path, const dft_sqlite_opts *opts)
{
    dft_sqlite *h = NULL;
    int rc = dft_sqlite_open(&h, path, opts);
    if (rc) return rc;
    dft_btcwallet *w = NULL;
    sqlite3_stmt *st = NULL;
    rc = dft_sqlite_require_table(h, "main");
    if (rc == DFT_OK) rc = dft_btcwallet_new(&w, "sqlite");
    if (rc == DFT_OK) rc = dft_sqlite_prepare(h, &st, "PRAGMA application_id");
    if (rc == DFT_OK && dft_sqlite_step(h, st) == DFT_SQLITE_ROW) w->application_id = (uint32_t)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    st = NULL;
    /* key order: the same sequence whatever the rowid history of the file */
    if (rc == DFT_OK) rc = dft_sqlite_prepare(h, &st, "SELECT key, value FROM main ORDER BY key");
    int step = DFT_OK;
    while (rc == DFT_OK && (step = dft_sqlite_step(h, st)) == DFT_SQLITE_ROW) {
        const uint8_t *k = sqlite3_column_blob(st, 0);
        size_t kl = (size_t)sqlite3_column_bytes(st, 0);
        const uint8_t *v = sqlite3_column_blob(st, 1);
        size_t vl = (size_t)sqlite3_column_bytes(st, 1);
        rc = dft_btcwallet_record(w, k ? k : (const uint8_t *)"", kl, v ? v : (const uint8_t *)"", vl);
    }
    if (rc == DFT_OK && step < 0) rc = step;
    sqlite3_finalize(st);
    dft_sqlite_close(h);
    if (rc == DFT_OK) rc = dft_btcwallet_finish(w);
    if (rc) {
        dft_btcwallet_free(w);
        return rc;
    }
    *out = w;
    return DFT_OK;
}

static void hex(const uint8_t *p, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[p[i] >> 4];
        out[2 * i + 1] = digits[p[i] & 15];
    }
    out[2 * n] = '\0';
}

int dft_btcwallet_crack_hash(const dft_btcwallet *w, char *out, size_t cap)
{
    const dft_btcwallet_mkey *m = &w->mkey;
    if (w->n_mkey == 0 || m->method != 0 || cap < 256) return DFT_ENOTFOUND;
    if (!((m->salt_len == 8 && m->crypted_len == 48) || (m->salt_len == 18 && m->crypted_len == 80)))
        return DFT_ENOTFOUND;
    char ck[65], salt[37];
    hex(m->crypted + m->crypted_len - 32, 32, ck);
    hex(m->salt, m->salt_len, salt);
    snprintf(out, cap, "$bitcoin$64$%s$%zu$%s$%u$2$00$2$00", ck, 2 * m->salt_len, salt, m->iterations);
    return DFT_OK;
}

const char *dft_btcwallet_network(uint32_t id)
{
    switch (id) {
    case 0xF9BEB4D9u: return "main";
    case 0x0B110907u: return "testnet3";
    case 0x1C163F28u: return "testnet4";
    case 0x0A03CF40u: return "signet";
    case 0xFABFB5DAu: return "regtest";
    default: return NULL;
    }
}
