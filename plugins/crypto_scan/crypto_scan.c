/*
 * crypto_scan.c - the crypto indicator scanner plugin: streams every file (deleted ones, derived files
 * and decoded content such as message bodies included) and every unallocated region through the
 * vectorscan engine (scan_engine.h), and emits crypto.address / crypto.private_key / crypto.xkey /
 * crypto.seed findings for checksum-valid hits; after the ingest, one crypto.rollup finding per
 * distinct address, key and seed (rollup.c). Finding kinds and details keys: docs/crypto-scan.md.
 *
 * Why streaming: the core reads each file once; the same blocks feed the hashes and this scanner, so
 * it costs CPU only, never a second read. A hit inside decoded content that belongs to a row (a message
 * body) is linked to that row by the core ("found_in", core/pipeline/emit.c): nothing to do here.
 */
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto_scan.h"
#include "plugin.h"
#include "scan_engine.h"

/* The 10 official BIP39 lists, in the order their bytes are hashed for runs.plugins. */
static const char *const bip39_langs[] = {
    "chinese_simplified", "chinese_traditional", "czech", "english", "french",
    "italian", "japanese", "korean", "portuguese", "spanish",
};

/* vectorscan scratches are kept in a pool instead of per-thread state: region scans run on the
 * media-hash thread, whose plugin thread state the core does not hand back to thread_fini (it would
 * leak); a pool of idle scratches (at most one per concurrent scan) costs one lock per content. */
typedef struct run_state {
    dft_bip39 *bip39;
    dft_cscan_db *db;
    pthread_mutex_t mu;
    dft_cscan_scratch **idle;
    size_t nidle, cap;
} run_state;

typedef struct file_state {
    dft_cscan_stream *st;
    dft_scan *s;
    dft_cscan_scratch *sc;
    run_state *rs;
} file_state;

static int scratch_take(run_state *rs, dft_cscan_scratch **out)
{
    *out = NULL;
    pthread_mutex_lock(&rs->mu);
    if (rs->nidle) *out = rs->idle[--rs->nidle];
    pthread_mutex_unlock(&rs->mu);
    return *out ? DFT_OK : dft_cscan_scratch_new(out, rs->db);
}

static void scratch_give(run_state *rs, dft_cscan_scratch *sc)
{
    if (!sc) return;
    pthread_mutex_lock(&rs->mu);
    if (rs->nidle == rs->cap) {
        size_t cap = rs->cap ? rs->cap * 2 : 8;
        dft_cscan_scratch **v = realloc(rs->idle, cap * sizeof *v);
        if (v) {
            rs->idle = v;
            rs->cap = cap;
        }
    }
    if (rs->nidle < rs->cap) {
        rs->idle[rs->nidle++] = sc;
        sc = NULL;
    }
    pthread_mutex_unlock(&rs->mu);
    dft_cscan_scratch_free(sc);   /* only when the pool could not grow */
}

/* ---- details JSON ----------------------------------------------------------------------------- */

/* Context bytes as readable text: printable ASCII and valid UTF-8 kept, UTF-16LE decoded for ASCII,
 * anything else shown as '.', so the JSON stays valid whatever the evidence holds. */
static void context_text(const char *b, size_t n, bool utf16, char *out, size_t cap)
{
    size_t o = 0;
    const uint8_t *u = (const uint8_t *)b;
    size_t step = utf16 ? 2 : 1;
    for (size_t i = 0; i + step <= n && o + 5 < cap; i += step) {
        uint8_t c = u[i];
        if (utf16 && u[i + 1] != 0) { out[o++] = '.'; continue; }
        if (c >= 0x20 && c < 0x7f) { out[o++] = (char)c; continue; }
        if (c == '\n' || c == '\t' || c == '\r') { out[o++] = ' '; continue; }
        if (!utf16 && c >= 0xc2 && c <= 0xf4) {
            size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2, k = 1;
            while (k < len && i + k < n && (u[i + k] & 0xc0) == 0x80) k++;
            if (k == len && o + len < cap) {
                memcpy(out + o, b + i, len);
                o += len;
                i += len - 1;
                continue;
            }
        }
        out[o++] = '.';
    }
    out[o] = '\0';
}

/* The details JSON of one hit (caller frees). */
char *dft_crypto_scan_details(const dft_cscan_hit *h)
{
    json_t *d = json_object();
    if (!d) return NULL;
    char before[DFT_CSCAN_CONTEXT * 4 + 8], after[DFT_CSCAN_CONTEXT * 4 + 8];
    context_text(h->ctx_before, h->ctx_before_len, h->utf16, before, sizeof before);
    context_text(h->ctx_after, h->ctx_after_len, h->utf16, after, sizeof after);
    bool secret = false;
    if (h->addr) {
        const dft_crypto_hit *a = h->addr;
        json_object_set_new(d, "variant", json_string(a->variant));
        json_object_set_new(d, "testnet", json_boolean(a->testnet));
        if (a->token[0]) json_object_set_new(d, "token", json_string(a->token));
        json_object_set_new(d, "canonical", json_string(a->canonical));
        secret = a->secret;
    } else if (h->seed) {
        const dft_mnemonic *m = h->seed;
        json_object_set_new(d, "type", json_string(m->type));
        json_object_set_new(d, "language", json_string(m->language));
        json_object_set_new(d, "words", json_integer(m->words));
        json_object_set_new(d, "canonical", json_string(m->phrase));
        secret = true;
    }
    if (h->utf16) json_object_set_new(d, "encoding", json_string("utf-16le"));
    json_object_set_new(d, "context", json_pack("{ssss}", "before", before, "after", after));
    if (secret) {
        json_object_set_new(d, "severity", json_string("high"));
        /* the text around a key or seed is where people write its passphrase or wallet password */
        json_object_set_new(d, "sensitive", json_pack("[sss]", "value", "canonical", "context"));
    } else {
        /* an address's context can hold part of a key or seed written beside it, or a victim's name:
         * redacted outputs leave it out */
        json_object_set_new(d, "sensitive", json_pack("[s]", "context"));
    }
    char *text = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(d);
    return text;
}

/* subkind of a hit: the chain, or for a seed its scheme ("bip39", "electrum") */
static const char *subkind_of(const dft_cscan_hit *h)
{
    if (h->addr) return h->addr->chain[0] ? h->addr->chain : NULL;
    return strcmp(h->seed->language, "electrum") == 0 ? "electrum" : "bip39";
}

static double confidence_of(const dft_cscan_hit *h)
{
    if (h->addr) return h->addr->confidence;
    /* 12 words carry a 4-bit checksum (1 in 16 random runs of list words pass); 24 words 8 bits */
    if (strcmp(h->seed->type, "bip39") != 0) return 0.9;
    return h->seed->words >= 18 ? 0.99 : 0.9;
}

static int on_hit(void *payload, const dft_cscan_hit *h)
{
    file_state *fs = payload;
    char *details = dft_crypto_scan_details(h);
    if (!details) return dft_error_set(DFT_ENOMEM, "crypto_scan: out of memory");
    dft_finding f = DFT_INIT(dft_finding);
    f.kind = h->kind;
    f.subkind = subkind_of(h);
    f.value = h->value;
    f.offset = (int64_t)h->offset;
    f.length = (int64_t)h->length;
    f.confidence = confidence_of(h);
    f.details = details;
    f.personal = NULL;   /* addresses, keys and seeds are not personal data; secrets are marked sensitive */
    int rc = dft_emit_finding(fs->s, &f, NULL);
    free(details);
    return rc;
}

/* ---- init ------------------------------------------------------------------------------------- */

/* Records the word lists in runs.plugins: name "bip39", the lists' version, and the bytes of the 10
 * files concatenated in bip39_langs order. */
static int record_lists(dft_init *in, const char *dir, const dft_bip39 *b)
{
    size_t cap = 0, len = 0;
    char *all = NULL;
    for (size_t i = 0; i < sizeof bip39_langs / sizeof *bip39_langs; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s.txt", dir, bip39_langs[i]);
        FILE *fp = fopen(path, "rb");
        if (!fp) continue;   /* dft_bip39_load already checked them */
        char buf[65536];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
            if (len + n > cap) {
                size_t ncap = (len + n) * 2;
                char *p = realloc(all, ncap);
                if (!p) { fclose(fp); free(all); return dft_error_set(DFT_ENOMEM, "crypto_scan: out of memory"); }
                all = p;
                cap = ncap;
            }
            memcpy(all + len, buf, n);
            len += n;
        }
        fclose(fp);
    }
    int rc = dft_init_data_version(in, "bip39", dft_bip39_version(b), all ? all : "", len);
    free(all);
    return rc;
}

static int cs_init(dft_init *in, void **state)
{
    *state = NULL;
    const char *data = dft_init_data_dir(in);
    if (!data) return dft_error_set(DFT_ENOTFOUND, "crypto_scan: no data directory: %s", dft_error_last());
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/bip39", data);
    run_state *rs = calloc(1, sizeof *rs);
    if (!rs) return dft_error_set(DFT_ENOMEM, "crypto_scan: out of memory");
    pthread_mutex_init(&rs->mu, NULL);
    /* Without the word lists the addresses, keys and extended keys are still worth finding: go on
     * without mnemonics, and say so in runs.plugins (data "bip39", version "unavailable: why"). */
    int rc = dft_bip39_load(&rs->bip39, dir);
    if (rc == DFT_OK) {
        rc = record_lists(in, dir, rs->bip39);
    } else {
        char why[600];
        snprintf(why, sizeof why, "unavailable: %s", dft_error_last());
        rs->bip39 = NULL;
        rc = dft_init_data_version(in, "bip39", why, "", 0);
    }
    if (rc == DFT_OK) {
        char tokens[1024];
        size_t tn = dft_crypto_token_list(tokens, sizeof tokens);
        rc = dft_init_data_version(in, "tokens", DFT_CRYPTO_TOKENS_VERSION, tokens, tn < sizeof tokens ? tn : 0);
    }
    if (rc == DFT_OK) rc = dft_cscan_db_new(&rs->db, rs->bip39);
    if (rc != DFT_OK) {
        dft_bip39_free(rs->bip39);
        pthread_mutex_destroy(&rs->mu);
        free(rs);
        return rc;
    }
    *state = rs;
    return DFT_OK;
}

static void cs_fini(void *state)
{
    run_state *rs = state;
    if (!rs) return;
    for (size_t i = 0; i < rs->nidle; i++) dft_cscan_scratch_free(rs->idle[i]);
    free(rs->idle);
    pthread_mutex_destroy(&rs->mu);
    dft_cscan_db_free(rs->db);
    dft_bip39_free(rs->bip39);
    free(rs);
}

/* ---- streams ---------------------------------------------------------------------------------- */

static int open_state(dft_scan *s, void **file_state_out)
{
    *file_state_out = NULL;
    run_state *rs = dft_scan_state(s);
    file_state *fs = calloc(1, sizeof *fs);
    if (!fs) return dft_error_set(DFT_ENOMEM, "crypto_scan: out of memory");
    fs->s = s;
    fs->rs = rs;
    if (!rs) {
        free(fs);
        return dft_error_set(DFT_ERROR, "crypto_scan: not initialised");
    }
    int rc = scratch_take(rs, &fs->sc);
    if (rc == DFT_OK) rc = dft_cscan_stream_open(&fs->st, rs->db, on_hit, fs);
    if (rc) {
        scratch_give(rs, fs->sc);
        free(fs);
        return rc;
    }
    *file_state_out = fs;
    return DFT_OK;
}

static int cs_begin(dft_scan *s, const dft_file *f, void **file_state_out)
{
    (void)f;
    return open_state(s, file_state_out);
}

static int cs_region_begin(dft_scan *s, const dft_region *r, void **file_state_out)
{
    (void)r;
    return open_state(s, file_state_out);
}

static int cs_block(dft_scan *s, void *state, uint64_t offset, const uint8_t *data, size_t len)
{
    (void)offset;   /* blocks come in order with no gaps: the engine counts the offsets itself */
    file_state *fs = state;
    fs->s = s;
    if (dft_scan_cancelled(s)) return DFT_OK;
    return dft_cscan_stream_feed(fs->st, fs->sc, data, len);
}

static int cs_end(dft_scan *s, void *state)
{
    file_state *fs = state;
    if (!fs) return DFT_OK;
    fs->s = s;
    int rc = dft_cscan_stream_close(fs->st, fs->sc);
    scratch_give(fs->rs, fs->sc);
    free(fs);
    return rc;
}

static const dft_claim cs_claims[] = {
    { DFT_CLAIM_ALL, NULL },
    { DFT_CLAIM_UNALLOC, NULL },
    { DFT_CLAIM_END, NULL },
};

const dft_plugin dft_plugin_crypto_scan = {
    .abi = DFT_PLUGIN_ABI,
    .struct_size = sizeof(dft_plugin),
    .name = "crypto_scan",
    .version = "1.0.0",
    .description = "checksum-valid crypto addresses, private keys, extended keys and BIP39/Electrum seeds "
                   "in every file, decoded content and unallocated space; per-case rollup",
    .claims = cs_claims,
    .access = DFT_ACCESS_STREAM,
    .init = cs_init,
    .fini = cs_fini,
    .stream_begin = cs_begin,
    .stream_block = cs_block,
    .stream_end = cs_end,
    .region_begin = cs_region_begin,
    .case_pass = dft_crypto_scan_rollup,
};
