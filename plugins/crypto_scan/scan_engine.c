/*
 * scan_engine.c - streaming crypto indicator scanner (see scan_engine.h for the design and invariants).
 *
 * Coordinates: "stream" offsets count the two virtual '\n' bytes fed before the content (PAD), so
 * content offset = stream offset - PAD. vectorscan reports match END offsets in stream coordinates.
 *
 * Hits wait in a FIFO until the bytes after them (context, or the rest of a mnemonic zone) have been
 * seen; the FIFO is drained from its head only, so hits come out in match order whatever the block
 * sizes. Everything a pending hit needs lies within DFT_CSCAN_RING bytes of the stream position.
 */
#include "scan_engine.h"

#include <hs.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

#define PAD 2u
#define RING_MASK ((uint64_t)DFT_CSCAN_RING - 1u)
#define TOKEN_MAX 128           /* longest token: 111-char xkey; bech32 <= 90; "bitcoincash:" + 42 */
#define ZONE_BACK 512u          /* a 12-word run ending at a trigger starts at most this far before it */
#define ZONE_GAP 128u           /* a trigger this close to a zone's end extends the zone */

/* Pattern ids: family in the low 3 bits, UTF-16LE flag 8, mnemonic triggers from 16. */
enum { F_B58_ADDR, F_B58_WIF, F_B58_XKEY, F_BECH32, F_CASH, F_ETH, F_TRXHEX, F_COUNT };
#define ID_UTF16 8u
#define ID_MN_LATIN 16u
#define ID_MN_CJK 17u
#define ID_MN_U16 18u           /* ASCII words in UTF-16LE (Windows notes, registry, .lnk) */
#define N_TRIGGERS 6u          /* mnemonic trigger patterns (the word lane) */

/* Character classes of the prefilters. "B" is the boundary: the character on either side of a token
 * must not extend it, so it is anything but an ASCII letter or digit. */
#define CB58 "[1-9A-HJ-NP-Za-km-z]"
#define CB32 "[qpzry9x8gf2tvdw0s3jn54khce6mua7l]"
#define CHEX "[0-9a-fA-F]"
#define NB "[^0-9A-Za-z]"

typedef struct family {
    const char *head, *cls, *rep;   /* first-part literal/class, repeated class, repeat count */
    unsigned flags;
} family;

/* One row per family; the UTF-8 pattern is NB head cls{rep} NB, the UTF-16LE one interleaves \x00. */
static const family families[F_COUNT] = {
    /* BTC/LTC/DOGE/TRON/XRP addresses (25-35 chars; 9 = DOGE P2SH, r = XRP, T = TRON, Q = LTC testnet
     * P2SH 0x3a): every first character of a version in cryptoaddr.c's b58_addresses table */
    [F_B58_ADDR] = { "[13mn2LMDA9TrQ]", CB58, "{24,34}", 0 },
    /* WIF private keys (51-52 chars): 5/K/L BTC, 9/c testnet, 6/T LTC (0xB0), 6/Q DOGE (0x9E) */
    [F_B58_WIF] = { "[5KL9c6TQ]", CB58, "{49,51}", 0 },
    /* BIP32 / SLIP-132 extended keys, 78 bytes Base58Check = 111 chars: xpub/xprv, tpub/tprv,
     * ypub/zpub/upub/vpub (and privates), Ypub/Zpub/Upub/Vpub, Ltub/Mtub, dgub/dgpv (Dogecoin) */
    [F_B58_XKEY] = { "[xtyzuvYZUVLMd]", CB58, "{110}", 0 },
    /* segwit: hrp of BTC/LTC main, test, regtest; caseless (all-upper is valid, mixed is rejected later) */
    [F_BECH32] = { "(?:bc|tb|bcrt|ltc|tltc|rltc)1", CB32, "{11,87}", HS_FLAG_CASELESS },
    /* cashaddr payload (bitcoincash: prefix, when written, is outside: ':' is a boundary) */
    [F_CASH] = { "[qp]", CB32, "{41}", HS_FLAG_CASELESS },
    /* EVM 0x + 40 hex */
    [F_ETH] = { "0[xX]", CHEX, "{40}", 0 },
    /* TRON hex form 41 + 40 hex */
    [F_TRXHEX] = { "41", CHEX, "{40}", 0 },
};

/* Two lanes, each its own vectorscan database and stream, gated separately (see the gate below):
 * token prefilters, and mnemonic triggers. Prose needs the second only, base64 or hex the first. */
enum { LANE_TOK, LANE_WORDS, LANE_COUNT };

struct dft_cscan_db {
    hs_database_t *hs[LANE_COUNT];   /* hs[LANE_WORDS] NULL without word lists */
    const dft_bip39 *bip39;
    uint8_t gate[256];          /* byte classes of the gate (below) */
};

struct dft_cscan_scratch {
    hs_scratch_t *hs;
    dft_cscan_stats stats;
    char zone[DFT_CSCAN_ZONE_MAX + ZONE_BACK + 256];
};

typedef struct pending {
    uint8_t is_zone;
    uint8_t utf16;
    uint64_t start, end;        /* stream coords: token, or zone bytes [start, end) */
    uint64_t need;              /* drained once the stream position reaches this */
    dft_crypto_hit hit;
    char value[TOKEN_MAX + 1];
} pending;

typedef struct lane {
    hs_stream_t *hs;
    uint64_t hs_base;           /* stream offset of the vectorscan stream's byte 0 (see the gate) */
    uint64_t hs_done;           /* end of the bytes this lane has seen: replayed matches ending
                                   there or before were reported already */
    bool stale;                 /* blocks were skipped since the lane last saw bytes */
} lane;

/* The word gate's tokenizer state, carried from block to block (see gate_words). */
typedef struct word_gate {
    unsigned count;             /* consecutive candidate words so far */
    unsigned tcount;            /* consecutive Title Case candidate words so far ("Abandon Ability ...") */
    unsigned tok_len;           /* bytes of the token being read (0 = between tokens) */
    bool tok_high;              /* it holds non-ASCII bytes */
    bool tok_lo, tok_up;        /* it holds ASCII lower / upper case letters (both: mixed or Title Case) */
    char tok[17];               /* its first 16 bytes as written (stop-word check, Title Case) */
} word_gate;

typedef struct match {
    uint64_t to;                /* stream offset of the match end */
    unsigned id;
} match;

struct dft_cscan_stream {
    const dft_cscan_db *db;
    lane lanes[LANE_COUNT];
    match *m;                   /* matches of the current block, both lanes, merged by end */
    size_t mn, mcap;
    unsigned cur_lane;          /* lane being scanned (for the callback) */
    word_gate wg;
    dft_cscan_fn cb;
    void *payload;
    int rc;                     /* first error or callback stop */
    dft_cscan_scratch *sc;      /* during feed/close */
    uint64_t pos;               /* stream bytes consumed before the current block */
    const uint8_t *blk;         /* the current block during a feed */
    size_t blk_len;
    uint64_t content_end;       /* UINT64_MAX until close */
    bool closing;
    pending *q;                 /* FIFO: q[head .. len) */
    size_t head, len, cap;
    uint64_t seq_base;          /* absolute index of q[0] */
    uint64_t zone_seq;          /* absolute index of the open zone, or UINT64_MAX */
    uint64_t last_start, last_end;   /* last token reported (dedupe of double matches) */
    bool last_utf16;
    uint64_t seed_end;          /* end of the last mnemonic reported (zones overlap) */
    dft_cscan_stats stats;
    uint8_t ring[DFT_CSCAN_RING];
};

static void gate_tab_init(uint8_t gate_tab[256]);

/* ---- compile ------------------------------------------------------------------------------------- */

/* A class/literal with \x00 after each character: "[abc]" -> "[abc]\x00"; for the literal heads the
 * heads are written per family below. */
static int build_patterns(char pats[][512], unsigned *flags, unsigned *ids)
{
    static const char *nb16 = "(?:[^0-9A-Za-z][\\s\\S]|[\\s\\S][^\\x00])";
    static const char *heads16[F_COUNT] = {
        [F_B58_ADDR] = "[13mn2LMDA9TrQ]\\x00",
        [F_B58_WIF] = "[5KL9c6TQ]\\x00",
        [F_B58_XKEY] = "[xtyzuvYZUVLMd]\\x00",
        [F_BECH32] = ("(?:b\\x00c\\x00|t\\x00b\\x00|b\\x00c\\x00r\\x00t\\x00|l\\x00t\\x00c\\x00|"
                      "t\\x00l\\x00t\\x00c\\x00|r\\x00l\\x00t\\x00c\\x00)1\\x00"),
        [F_CASH] = "[qp]\\x00",
        [F_ETH] = "0\\x00[xX]\\x00",
        [F_TRXHEX] = "4\\x001\\x00",
    };
    unsigned n = 0;
    for (unsigned f = 0; f < F_COUNT; f++) {
        const family *fa = &families[f];
        snprintf(pats[n], 512, NB "%s%s%s" NB, fa->head, fa->cls, fa->rep);
        flags[n] = HS_FLAG_DOTALL | fa->flags;
        ids[n++] = f;
        snprintf(pats[n], 512, "%s%s(?:%s\\x00)%s%s", nb16, heads16[f], fa->cls, fa->rep, nb16);
        flags[n] = HS_FLAG_DOTALL | fa->flags;
        ids[n++] = f | ID_UTF16;
    }
    /* Mnemonic triggers: 12 word-like tokens with separators (spaces, newlines, "1." numbering,
     * commas). Latin words: ASCII lower case, NFC accented letters (U+00C0-U+017F) or NFKD combining
     * marks (U+0300-U+033F); a second trigger takes the same in ASCII capitals ("ABANDON ... ABOUT",
     * as seeds are written on paper backups; dft_bip39_scan case-folds), and a third 12 Title Case words
     * in a row ("Abandon Ability ..."). Title Case mixed with other words is not taken: every sentence of
     * prose starts with one, and accepting it halved the engine's speed on text. */
    snprintf(pats[n], 512,
             "(?:(?:[a-z]|[\\xc3-\\xc5][\\x80-\\xbf]|\\xcc[\\x80-\\xbf]){3,16}[ \\t\\r\\n,.;:)0-9\\-]{1,8}){11}"
             "(?:[a-z]|[\\xc3-\\xc5][\\x80-\\xbf]|\\xcc[\\x80-\\xbf]){3,16}[^a-z\\x80-\\xbf\\xc3-\\xc5\\xcc]");
    flags[n] = HS_FLAG_DOTALL;
    ids[n++] = ID_MN_LATIN;
    snprintf(pats[n], 512,
             "(?:[A-Z]{3,16}[ \\t\\r\\n,.;:)0-9\\-]{1,8}){11}[A-Z]{3,16}[^A-Za-z\\x80-\\xbf\\xc3-\\xc5\\xcc]");
    flags[n] = HS_FLAG_DOTALL;
    ids[n++] = ID_MN_LATIN;
    snprintf(pats[n], 512,
             "(?:[A-Z][a-z]{2,15}[ \\t\\r\\n,.;:)0-9\\-]{1,8}){11}[A-Z][a-z]{2,15}[^A-Za-z\\x80-\\xbf\\xc3-\\xc5\\xcc]");
    flags[n] = HS_FLAG_DOTALL;
    ids[n++] = ID_MN_LATIN;
    /* CJK ideographs, kana and hangul are 3-byte UTF-8 characters; U+3000 or spaces separate words. */
    snprintf(pats[n], 512,
             "(?:(?:[\\xe0-\\xef][\\x80-\\xbf]{2}){1,8}(?:[ \\t\\r\\n]|\\xe3\\x80\\x80){1,4}){11}"
             "(?:[\\xe0-\\xef][\\x80-\\xbf]{2}){1,8}[ \\t\\r\\n]");
    flags[n] = HS_FLAG_DOTALL;
    ids[n++] = ID_MN_CJK;
    /* The same Latin words in UTF-16LE, ASCII letters only (each unit "x\0"): all lower case, and all
     * capitals or Title Case words. No terminator: every end of a 12th word reports, and each extends
     * the same zone. */
    snprintf(pats[n], 512,
             "(?:(?:[a-z]\\x00){3,16}(?:[ \\t\\r\\n,.;:)0-9\\-]\\x00){1,8}){11}(?:[a-z]\\x00){3}");
    flags[n] = HS_FLAG_DOTALL;
    ids[n++] = ID_MN_U16;
    snprintf(pats[n], 512,
             "(?:[A-Z]\\x00(?:[a-z]\\x00){2,15}(?:[ \\t\\r\\n,.;:)0-9\\-]\\x00){1,8}){11}[A-Z]\\x00(?:[a-z]\\x00){2}|"
             "(?:(?:[A-Z]\\x00){3,16}(?:[ \\t\\r\\n,.;:)0-9\\-]\\x00){1,8}){11}(?:[A-Z]\\x00){3}");
    flags[n] = HS_FLAG_DOTALL;
    ids[n++] = ID_MN_U16;
    return (int)n;
}

static void stop_keys_init(void);
static pthread_once_t stop_once = PTHREAD_ONCE_INIT;

int dft_cscan_db_new(dft_cscan_db **out, const dft_bip39 *bip39)
{
    *out = NULL;
    char pats[2 * F_COUNT + N_TRIGGERS][512];
    unsigned flags[2 * F_COUNT + N_TRIGGERS], ids[2 * F_COUNT + N_TRIGGERS];
    int n = build_patterns(pats, flags, ids);
    const char *ptrs[2 * F_COUNT + N_TRIGGERS];
    for (int i = 0; i < n; i++) ptrs[i] = pats[i];
    dft_cscan_db *db = calloc(1, sizeof *db);
    if (!db) return dft_error_set(DFT_ENOMEM, "crypto scan: out of memory");
    pthread_once(&stop_once, stop_keys_init);
    /* the token patterns are the first 2 * F_COUNT, the mnemonic triggers the last N_TRIGGERS */
    unsigned counts[LANE_COUNT] = { 2 * F_COUNT, bip39 ? N_TRIGGERS : 0 }, first[LANE_COUNT] = { 0, 2 * F_COUNT };
    for (unsigned l = 0; l < LANE_COUNT; l++) {
        if (!counts[l]) continue;
        hs_compile_error_t *err = NULL;
        if (hs_compile_multi(ptrs + first[l], flags + first[l], ids + first[l], counts[l], HS_MODE_STREAM, NULL,
                             &db->hs[l], &err) != HS_SUCCESS) {
            int rc = dft_error_set(DFT_ERROR, "crypto scan: vectorscan compile (pattern %d): %s",
                                   err ? err->expression : -1, err && err->message ? err->message : "?");
            hs_free_compile_error(err);
            dft_cscan_db_free(db);
            return rc;
        }
    }
    db->bip39 = bip39;
    gate_tab_init(db->gate);
    *out = db;
    return DFT_OK;
}

void dft_cscan_db_free(dft_cscan_db *db)
{
    if (!db) return;
    for (unsigned l = 0; l < LANE_COUNT; l++) hs_free_database(db->hs[l]);
    free(db);
}

int dft_cscan_scratch_new(dft_cscan_scratch **out, const dft_cscan_db *db)
{
    *out = NULL;
    dft_cscan_scratch *sc = calloc(1, sizeof *sc);
    if (!sc) return dft_error_set(DFT_ENOMEM, "crypto scan: out of memory");
    for (unsigned l = 0; l < LANE_COUNT; l++) {
        /* one scratch grown to fit both databases */
        if (db->hs[l] && hs_alloc_scratch(db->hs[l], &sc->hs) != HS_SUCCESS) {
            hs_free_scratch(sc->hs);
            free(sc);
            return dft_error_set(DFT_ENOMEM, "crypto scan: vectorscan scratch allocation failed");
        }
    }
    *out = sc;
    return DFT_OK;
}

void dft_cscan_scratch_free(dft_cscan_scratch *sc)
{
    if (!sc) return;
    hs_free_scratch(sc->hs);
    free(sc);
}

void dft_cscan_scratch_stats(const dft_cscan_scratch *sc, dft_cscan_stats *out)
{
    *out = sc->stats;
}

/* ---- bytes of the stream ---------------------------------------------------------------------- */

/* The byte at stream offset o: in the current block, else in the ring (o within RING of the block). */
static inline uint8_t at(const dft_cscan_stream *st, uint64_t o)
{
    if (st->blk && o >= st->pos) return st->blk[o - st->pos];
    return st->ring[o & RING_MASK];
}

static void copy_range(const dft_cscan_stream *st, uint64_t a, uint64_t b, uint8_t *dst)
{
    for (uint64_t o = a; o < b; o++) *dst++ = at(st, o);
}

static inline bool is_alnum(uint8_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* ---- FIFO ------------------------------------------------------------------------------------- */

static pending *push(dft_cscan_stream *st)
{
    if (st->len == st->cap) {
        if (st->head > 0) {   /* compact first */
            memmove(st->q, st->q + st->head, (st->len - st->head) * sizeof *st->q);
            st->seq_base += st->head;
            st->len -= st->head;
            st->head = 0;
        }
        if (st->len == st->cap) {
            size_t cap = st->cap ? st->cap * 2 : 16;
            pending *q = realloc(st->q, cap * sizeof *q);
            if (!q) {
                if (!st->rc) st->rc = dft_error_set(DFT_ENOMEM, "crypto scan: out of memory");
                return NULL;
            }
            st->q = q;
            st->cap = cap;
        }
    }
    pending *p = &st->q[st->len++];
    memset(p, 0, offsetof(pending, hit));
    return p;
}

/* ---- matches ---------------------------------------------------------------------------------- */

/* A prefilter matched, ending at stream offset `to` (after the closing boundary). Re-extract the token
 * (the alphanumeric run before the boundary), classify it, and queue a hit. */
static void on_token(dft_cscan_stream *st, unsigned id, uint64_t to)
{
    bool u16 = (id & ID_UTF16) != 0;
    unsigned unit = u16 ? 2 : 1;
    uint64_t end = to - unit, start = end;
    char tok[TOKEN_MAX + 16];
    size_t n = 0;
    /* walk back over the token's characters (the pattern guarantees a boundary before it) */
    while (start >= unit && n < TOKEN_MAX) {
        uint8_t c = at(st, start - unit);
        if (!is_alnum(c) || (u16 && at(st, start - 1) != 0)) break;
        start -= unit;
        n++;
    }
    if (n == 0 || n >= TOKEN_MAX) return;
    for (size_t i = 0; i < n; i++) tok[i] = (char)at(st, start + i * unit);
    char *t = tok;
    size_t tn = n;
    if ((id & 7u) == F_CASH && start >= 12 * unit + PAD) {
        /* include a written "bitcoincash:" prefix (any case) */
        char pre[12];
        for (unsigned i = 0; i < 12; i++) {
            uint8_t c = at(st, start - (12 - i) * unit);
            if (u16 && at(st, start - (12 - i) * unit + 1) != 0) c = 0;
            pre[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        if (memcmp(pre, "bitcoincash:", 12) == 0) {
            memmove(tok + 12, tok, n);
            for (unsigned i = 0; i < 12; i++) tok[i] = (char)at(st, start - (12 - i) * unit);
            start -= 12 * unit;
            tn = n + 12;
        }
    }
    if (start == st->last_start && end == st->last_end && u16 == st->last_utf16) return;
    st->stats.classified++;
    dft_crypto_hit hit;
    if (dft_crypto_classify(t, tn, &hit) != DFT_OK) return;
    st->last_start = start;
    st->last_end = end;
    st->last_utf16 = u16;
    pending *p = push(st);
    if (!p) return;
    p->utf16 = u16;
    p->start = start;
    p->end = end;
    p->need = end + (uint64_t)DFT_CSCAN_CONTEXT * unit;
    p->hit = hit;
    memcpy(p->value, t, tn);
    p->value[tn] = '\0';
}

/* A mnemonic trigger ended at `to`: open a zone, or extend the open one of the same encoding. A
 * UTF-16LE zone spans twice the bytes (2 per character); its bounds keep the parity of `to`, which
 * ends a code unit. The zone extends to the end of the word the trigger stopped in (ZONE_GAP). */
static void on_words(dft_cscan_stream *st, uint64_t to, bool u16)
{
    uint64_t unit = u16 ? 2 : 1, back = ZONE_BACK * unit, gap = ZONE_GAP * unit;
    /* an 8-bit trigger ends after its 12th word; a UTF-16LE one after 3 letters of it: its zone takes
     * the next ZONE_GAP characters too (the rest of that word and any words after it) */
    uint64_t end = u16 ? to + gap : to;
    if (st->zone_seq != UINT64_MAX && st->zone_seq >= st->seq_base + st->head) {
        pending *z = &st->q[st->zone_seq - st->seq_base];
        if (z->utf16 == u16 && to <= z->end + gap && end - z->start <= DFT_CSCAN_ZONE_MAX) {
            if (end > z->end) z->end = end;
            z->need = z->end + (u16 ? 0 : gap) + 1;
            return;
        }
    }
    pending *z = push(st);
    if (!z) return;
    z->is_zone = 1;
    z->utf16 = u16;
    z->start = to > back + PAD ? to - back : PAD + ((to - PAD) & (unit - 1));
    z->end = end;
    z->need = end + (u16 ? 0 : gap) + 1;
    st->zone_seq = st->seq_base + st->len - 1;
}

static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags, void *ctx)
{
    (void)from; (void)flags;
    dft_cscan_stream *st = ctx;
    const lane *ln = &st->lanes[st->cur_lane];
    st->stats.matches++;
    if (st->rc || ln->hs_base + to <= ln->hs_done) return 0;
    if (st->mn == st->mcap) {
        size_t cap = st->mcap ? st->mcap * 2 : 256;
        match *m = realloc(st->m, cap * sizeof *m);
        if (!m) {
            st->rc = dft_error_set(DFT_ENOMEM, "crypto scan: out of memory");
            return 1;
        }
        st->m = m;
        st->mcap = cap;
    }
    st->m[st->mn++] = (match){ ln->hs_base + to, id };
    return 0;
}

/* ---- reporting -------------------------------------------------------------------------------- */

static int report(dft_cscan_stream *st, dft_cscan_hit *h, uint64_t s0, uint64_t e0, unsigned unit)
{
    /* context: DFT_CSCAN_CONTEXT characters either side, within the content */
    uint8_t before[DFT_CSCAN_CONTEXT * 2], after[DFT_CSCAN_CONTEXT * 2];
    uint64_t cb = (uint64_t)DFT_CSCAN_CONTEXT * unit;
    uint64_t b0 = s0 >= PAD + cb ? s0 - cb : PAD;
    if (unit == 2 && ((s0 - b0) & 1u)) b0++;
    uint64_t a1 = e0 + cb;
    if (a1 > st->content_end) a1 = st->content_end;
    if (a1 < e0) a1 = e0;
    copy_range(st, b0, s0, before);
    copy_range(st, e0, a1, after);
    h->offset = s0 - PAD;
    h->length = e0 - s0;
    h->ctx_before = (const char *)before;
    h->ctx_before_len = (size_t)(s0 - b0);
    h->ctx_after = (const char *)after;
    h->ctx_after_len = (size_t)(a1 - e0);
    int rc = st->cb(st->payload, h);
    if (rc && !st->rc) st->rc = rc;
    return rc;
}

static int seed_cb(void *payload, const dft_mnemonic *m)
{
    void **args = payload;
    dft_cscan_stream *st = args[0];
    uint64_t zs = *(const uint64_t *)args[1];
    unsigned unit = *(const unsigned *)args[2];
    uint64_t s0 = zs + (uint64_t)m->offset * unit, e0 = s0 + (uint64_t)m->length * unit;
    if (s0 < st->seed_end) return 0;   /* already reported from an overlapping zone */
    st->seed_end = e0;
    dft_cscan_hit h = { 0 };
    h.kind = "crypto.seed";
    h.value = m->phrase;
    h.seed = m;
    h.utf16 = unit == 2;
    return report(st, &h, s0, e0, unit);
}

static void drain_zone(dft_cscan_stream *st, const pending *z)
{
    uint64_t zs = z->start, ze = z->end;
    if (ze > st->content_end) ze = st->content_end;
    if (zs < PAD) zs = PAD;
    unsigned unit = z->utf16 ? 2 : 1;
    if (unit == 2 && ((ze - zs) & 1u)) ze--;
    /* start at a word boundary: after a blank within the first bytes, unless at the content start
     * (UTF-16LE zones: the scanner's tokenizer finds the boundary in the narrowed text) */
    if (zs > PAD && unit == 1) {
        uint64_t lim = zs + 64 < ze ? zs + 64 : ze;
        uint64_t o = zs;
        while (o < lim) {
            uint8_t c = at(st, o - 1);
            if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == ',') break;
            if (o >= 3 && c == 0x80 && at(st, o - 2) == 0x80 && at(st, o - 3) == 0xe3) break;
            o++;
        }
        zs = o;
    }
    if (ze <= zs || ze - zs > sizeof st->sc->zone) return;
    copy_range(st, zs, ze, (uint8_t *)st->sc->zone);
    st->stats.zones++;
    st->stats.zone_bytes += ze - zs;
    size_t zn = (size_t)(ze - zs);
    if (unit == 2) {
        /* narrow in place: an ASCII unit "x\0" becomes "x"; any other unit becomes a byte that is
         * neither a letter nor a separator, so no word runs across it; offsets map back x2 */
        uint8_t *zb = (uint8_t *)st->sc->zone;
        for (size_t k = 0; k < zn / 2; k++)
            zb[k] = zb[2 * k + 1] == 0 && zb[2 * k] < 0x80 && zb[2 * k] ? zb[2 * k] : (uint8_t)'\x01';
        zn /= 2;
    }
    void *args[3] = { st, &zs, &unit };
    dft_bip39_scan(st->db->bip39, st->sc->zone, zn, seed_cb, args);
}

/* Reports the queued hits whose following bytes were all seen (all of them when closing). */
static void drain(dft_cscan_stream *st)
{
    uint64_t now = st->pos + st->blk_len;
    while (st->head < st->len) {
        pending *p = &st->q[st->head];
        if (!st->closing && p->need > now) break;
        if (!st->rc) {
            if (p->is_zone) {
                drain_zone(st, p);
            } else {
                dft_cscan_hit h = { 0 };
                static const char *kinds[] = { "crypto.address", "crypto.private_key", "crypto.xkey" };
                h.kind = kinds[0];
                if (strcmp(p->hit.kind, "private_key") == 0) h.kind = kinds[1];
                else if (strcmp(p->hit.kind, "xkey") == 0) h.kind = kinds[2];
                h.utf16 = p->utf16;
                h.value = p->value;
                h.addr = &p->hit;
                report(st, &h, p->start, p->end, p->utf16 ? 2 : 1);
            }
        }
        if (st->zone_seq == st->seq_base + st->head) st->zone_seq = UINT64_MAX;
        st->head++;
    }
    if (st->head == st->len) {
        st->seq_base += st->len;
        st->head = st->len = 0;
    }
}

/* ---- the gate ------------------------------------------------------------------------------- */
/*
 * vectorscan runs its class-led prefilters at a few hundred MB/s; most bytes of ordinary evidence
 * (compressed, encrypted, media, zero-filled) cannot hold any candidate. Before a block goes to
 * vectorscan, a probing check (Boyer-Moore style: look at every L-th byte, measure only the runs it
 * lands in) asks whether the block (and its seam with the previous block) holds a NECESSARY condition
 * of some pattern:
 *   G_ALNUM  an ASCII letter/digit run of >= 25 bytes, or >= 14 starting with a bech32 hrp (the
 *            shortest token: a 14-char bech32),
 *   G_U16    14 UTF-16LE units of ASCII letters/digits (28 bytes of letters/digits and zeros),
 * and the word lane's gate (gate_words, below) whether 12 consecutive candidate words end in it.
 * A block without any is not scanned. The vectorscan stream is then stale: before the next scanned
 * block it is reset and fed again the last GATE_REPLAY(_WORDS) bytes (from the ring), which hold
 * every part of a candidate that began in the skipped bytes (< 25 chars, < 28 bytes, < 12 words:
 * otherwise the gate would have passed it). Offsets stay right through hs_base.
 */
#define G_ALNUM 1u
#define G_Z16 2u      /* letter/digit or zero */
#define G_W 4u        /* a byte of a word run: a-z, A-Z, >= 0x80, separators (gate_words) */
#define GATE_REPLAY 256u
#define GATE_SEAM_U16 256u      /* bytes either side of a block edge probed for a UTF-16LE word run */
#define GATE_REPLAY_WORDS 512u   /* 11 words of <= 35 bytes + separators, before the 12th */
#define GATE_SEAM 64u

static void gate_tab_init(uint8_t gate_tab[256])
{
    for (unsigned c = 0; c < 256; c++) {
        uint8_t t = 0;
        if (is_alnum((uint8_t)c)) t |= G_ALNUM | G_Z16;
        if (c == 0) t |= G_Z16;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80 || (c >= '0' && c <= '9') || c == ' ' || c == '\t' ||
            c == '\r' || c == '\n' || c == ',' || c == '.' || c == ';' || c == ':' || c == ')' || c == '-')
            t |= G_W;
        gate_tab[c] = t;
    }
}

/* Does a bech32 hrp + separator start b? (bc1, tb1, ltc1, ... any case) */
static bool hrp_at(const uint8_t *b, size_t n)
{
    static const char *hrps[] = { "bc1", "tb1", "ltc1", "bcrt1", "tltc1", "rltc1" };
    for (size_t h = 0; h < sizeof hrps / sizeof *hrps; h++) {
        size_t l = strlen(hrps[h]), i = 0;
        while (i < l && i < n && (b[i] | 0x20) == (uint8_t)hrps[h][i]) i++;
        if (i == l) return true;
    }
    return false;
}

/* True when b[0..n) has a run of >= L bytes of class `bit`, or (short_len > 0) a run of >= short_len
 * that starts with a bech32 hrp. Probes every step-th byte; measures only the runs a probe lands in,
 * and stops measuring as soon as the run is long enough. */
static bool gate_run(const uint8_t *gate_tab, const uint8_t *b, size_t n, uint8_t bit, size_t L, size_t short_len)
{
    size_t step = short_len ? short_len : L;
    size_t i = step - 1;
    while (i < n) {
        if (!(gate_tab[b[i]] & bit)) {
            i += step;
            continue;
        }
        size_t j = i, k = i + 1;
        while (j > 0 && (gate_tab[b[j - 1]] & bit)) j--;
        while (k < n && k - j < L && (gate_tab[b[k]] & bit)) k++;
        if (k - j >= L) return true;
        if (short_len && k - j >= short_len && hrp_at(b + j, k - j)) return true;
        i = k + step;
    }
    return false;
}

/* True when b[0..n) holds 14 consecutive UTF-16LE units of ASCII letters/digits ("X\0" pairs): a
 * 28-byte run, so probing every 28th byte lands in it; a probe on a 0 byte counts only after a
 * letter/digit (zero-filled space is skipped at probe speed). */
static bool gate_utf16(const uint8_t *gate_tab, const uint8_t *b, size_t n)
{
    const size_t L = 28;
    size_t i = L - 1;
    while (i < n) {
        size_t lo;
        if (gate_tab[b[i]] & G_ALNUM) lo = i;
        else if (b[i] == 0 && (gate_tab[b[i - 1]] & G_ALNUM)) lo = i - 1;
        else {
            i += L;
            continue;
        }
        size_t p = lo, q = lo;
        while (p >= 2 && (gate_tab[b[p - 2]] & G_ALNUM) && b[p - 1] == 0) p -= 2;
        while (q + 1 < n && (gate_tab[b[q]] & G_ALNUM) && b[q + 1] == 0 && q - p < L) q += 2;
        if (q - p >= L) return true;
        i = (q > i ? q : i) + L;
    }
    return false;
}

/* English, French, Spanish, Italian, German function words that are in none of the 10 BIP39 lists
 * (checked against the lists by test_crypto_scan_engine): a run of 12 list words cannot hold one. */
static const char *const stop_words[] = {
    "against", "and", "are", "back", "been", "being", "both", "but", "che", "con", "could", "dans", "das",
    "del", "della", "der", "des", "did", "die", "does", "down", "each", "est", "etc", "even", "five", "for",
    "four", "from", "get", "got", "had", "has", "her", "here", "him", "his", "how", "ist", "its", "les",
    "let", "los", "las", "made", "many", "may", "mit", "new", "nicht", "non", "nor", "our", "out", "par",
    "para", "pas", "per", "por", "que", "qui", "said", "see", "she", "should", "some", "than", "the",
    "their", "them", "these", "those", "through", "too", "und", "une", "via", "von", "was", "well",
    "were", "which", "while", "who", "with", "within", "without", "would", "yet", "your",
};

const char *const *dft_cscan_stop_words(size_t *n)
{
    *n = sizeof stop_words / sizeof *stop_words;
    return stop_words;
}

/* The stop words packed as lower-case bytes into one integer each (all are 3-7 letters), sorted, so a
 * token is checked with one binary search instead of a pass over the list: the check runs on every
 * 3-16 letter token of every text the gate tokenizes, and the linear pass was 3/4 of the gate's time. */
#define STOP_N (sizeof stop_words / sizeof *stop_words)
static uint64_t stop_keys[STOP_N];

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static uint64_t word_key(const char *w, size_t n)
{
    uint64_t k = 0;
    for (size_t i = 0; i < n; i++) k = k << 8 | (uint8_t)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] + 32 : w[i]);
    return k;
}

static void stop_keys_init(void)
{
    for (size_t i = 0; i < STOP_N; i++) stop_keys[i] = word_key(stop_words[i], strlen(stop_words[i]));
    qsort(stop_keys, STOP_N, sizeof *stop_keys, cmp_u64);
}

static bool is_stop_word(const char *word, size_t n)
{
    if (n > 7) return false;
    uint64_t k = word_key(word, n);
    size_t lo = 0, hi = STOP_N;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (stop_keys[mid] < k) lo = mid + 1;
        else hi = mid;
    }
    return lo < STOP_N && stop_keys[lo] == k;
}

/* Runs the word tokenizer over b[0..n) (see gate_words); with `close`, the byte after b ends the
 * token being read (it is not a separator: the run is over). */
static void tok_bytes(word_gate *g, const uint8_t *b, size_t n, bool close, bool *pass)
{
    for (size_t i = 0; i <= n; i++) {
        if (i == n && !close) break;
        uint8_t c = i < n ? b[i] : 0;
        if (i < n && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80)) {
            if (g->tok_len < 16) g->tok[g->tok_len] = (char)c;
            g->tok_len++;
            if (c >= 0x80) g->tok_high = true;
            else if (c >= 'a') g->tok_lo = true;
            else g->tok_up = true;
            continue;
        }
        if (g->tok_len) {
            bool cand, title = false;
            if (g->tok_high) {
                cand = true;
                if (g->tok_len >= 36) *pass = true;
            } else {
                /* all lower or all upper case; a Title Case token only counts in a run of Title Case
                 * tokens (a seed written "Abandon Ability ..."), never mixed with other words: prose
                 * capitalises every sentence start */
                bool plain = g->tok_len >= 3 && g->tok_len <= 16 && !is_stop_word(g->tok, g->tok_len);
                cand = plain && !(g->tok_lo && g->tok_up);
                /* a capital first, lower case after it (a second capital, "McDonald", is let through:
                 * the trigger pattern and the checksum decide) */
                title = plain && g->tok_lo && g->tok_up && g->tok[0] <= 'Z';
            }
            g->count = cand ? g->count + 1 : 0;
            g->tcount = title ? g->tcount + 1 : 0;
            if (g->count >= 12 || g->tcount >= 12) *pass = true;
            g->tok_len = 0;
            g->tok_high = false;
            g->tok_lo = g->tok_up = false;
        }
        bool sep = i < n && (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == '.' ||
                             c == ';' || c == ':' || c == ')' || c == '-' || (c >= '0' && c <= '9'));
        if (!sep) g->count = g->tcount = 0;
    }
    if (g->tok_len >= 36 && g->tok_high) *pass = true;
}

/* The word lane's gate: can a BIP39/Electrum mnemonic end in these bytes? It needs 12 consecutive
 * "candidate words" separated only by separator bytes: ASCII tokens of 3-16 letters (all lower or all
 * upper case: seeds are written in capitals too; Title Case is no candidate) that are not stop words, or tokens with non-ASCII bytes (accents, kana,
 * hangul, CJK; such a token of 36+ bytes is CJK words joined by U+3000 and passes at once). Any other
 * byte (punctuation, control) breaks the run, so only runs of "word bytes" (G_W: letters, >= 0x80, separators) of 47+ bytes
 * (12 x 3 + 11) are tokenized, found by probing every 47th byte; plus the run that continues from the
 * previous block (the tokenizer state carries over block edges) and the run at the block's end (whose
 * state carries on). The lane's replay (GATE_REPLAY_WORDS) holds the part of a run in skipped bytes. */
static bool gate_words(const uint8_t *tab, word_gate *g, const uint8_t *b, size_t n)
{
    const size_t L = 47;
    bool pass = g->count >= 12 || g->tcount >= 12;
    size_t lead = 0;
    if (g->count || g->tcount || g->tok_len) {   /* the run from the previous block goes on */
        while (lead < n && (tab[b[lead]] & G_W)) lead++;
        tok_bytes(g, b, lead, lead < n, &pass);
        if (lead == n) return pass;
        memset(g, 0, sizeof *g);
    }
    for (size_t i = lead + L - 1; i < n;) {
        if (!(tab[b[i]] & G_W)) {
            i += L;
            continue;
        }
        size_t j = i, k = i + 1;
        while (j > lead && (tab[b[j - 1]] & G_W)) j--;
        while (k < n && (tab[b[k]] & G_W)) k++;
        if (k - j >= L) {
            word_gate t = { 0 };
            tok_bytes(&t, b + j, k - j, k < n, &pass);
            if (k == n) {
                *g = t;
                return pass;
            }
        }
        i = k + L;
    }
    /* the (short) run at the end of the block starts the next block's state */
    size_t t0 = n;
    while (t0 > lead && (tab[b[t0 - 1]] & G_W)) t0--;
    memset(g, 0, sizeof *g);
    if (t0 < n) tok_bytes(g, b + t0, n - t0, false, &pass);
    return pass;
}

/* Can a UTF-16LE mnemonic lie in these bytes? It needs 12 words of 3+ letters and 11 separators: a run
 * of 47+ code units "x\0" whose x is a word byte (G_W), found by probing every 47th unit. A run across
 * the block's start is found by the caller's seam check. */
static bool gate_u16_words(const uint8_t *tab, const uint8_t *b, size_t n)
{
    const size_t L = 2 * 47;
    for (size_t i = L - 1; i + 1 < n;) {
        size_t lo;
        if (b[i + 1] == 0 && (tab[b[i]] & G_W)) lo = i;
        else if (b[i] == 0 && (tab[b[i - 1]] & G_W)) lo = i - 1;
        else {
            i += L;
            continue;
        }
        size_t p = lo, q = lo;
        while (p >= 2 && b[p - 1] == 0 && (tab[b[p - 2]] & G_W)) p -= 2;
        while (q + 1 < n && b[q + 1] == 0 && (tab[b[q]] & G_W)) q += 2;
        if (q - p >= L) return true;
        i = q + L;
    }
    return false;
}

/* Does the token lane need to see these bytes? */
static bool gate_tokens(const uint8_t *tab, const uint8_t *b, size_t n)
{
    /* 25+ letters/digits (every family but short bech32), 14+ starting with a bech32 hrp, UTF-16LE */
    return gate_run(tab, b, n, G_ALNUM, 25, 14) || gate_utf16(tab, b, n);
}

/* ---- stream ----------------------------------------------------------------------------------- */

static int cmp_match(const void *a, const void *b)
{
    const match *x = a, *y = b;
    if (x->to != y->to) return x->to < y->to ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

static void scan_lane(dft_cscan_stream *st, dft_cscan_scratch *sc, unsigned l, const uint8_t *data, size_t len,
                      bool force)
{
    lane *ln = &st->lanes[l];
    const uint8_t *tab = st->db->gate;
    bool scan;
    if (l == LANE_WORDS) {
        /* the 8-bit gate carries its tokenizer state over blocks: it runs on every block */
        scan = gate_words(tab, &st->wg, data, len);
        scan = scan || force || gate_u16_words(tab, data, len);
        if (!scan && st->pos) {   /* a UTF-16LE run across the seam with the previous bytes */
            uint8_t seam[2 * GATE_SEAM_U16];
            size_t a = st->pos < GATE_SEAM_U16 ? (size_t)st->pos : GATE_SEAM_U16;
            size_t b = len < GATE_SEAM_U16 ? len : GATE_SEAM_U16;
            copy_range(st, st->pos - a, st->pos, seam);
            memcpy(seam + a, data, b);
            scan = gate_u16_words(tab, seam, a + b);
        }
    } else {
        scan = force || gate_tokens(tab, data, len);
    }
    if (!scan && st->pos && l == LANE_TOK) {   /* a candidate across the seam with the previous bytes */
        uint8_t seam[2 * GATE_SEAM];
        size_t a = st->pos < GATE_SEAM ? (size_t)st->pos : GATE_SEAM, b = len < GATE_SEAM ? len : GATE_SEAM;
        copy_range(st, st->pos - a, st->pos, seam);
        memcpy(seam + a, data, b);
        scan = gate_tokens(tab, seam, a + b);
    }
    st->cur_lane = l;
    if (scan && ln->stale) {
        /* restart the vectorscan stream on the tail of the skipped bytes */
        uint8_t replay[GATE_REPLAY_WORDS];
        size_t want = l == LANE_WORDS ? GATE_REPLAY_WORDS : GATE_REPLAY;
        size_t r = st->pos < want ? (size_t)st->pos : want;
        copy_range(st, st->pos - r, st->pos, replay);
        hs_reset_stream(ln->hs, 0, NULL, NULL, NULL);
        ln->hs_base = st->pos - r;
        ln->stale = false;
        if (r && hs_scan_stream(ln->hs, (const char *)replay, (unsigned)r, 0, sc->hs, on_match, st) != HS_SUCCESS
            && !st->rc)
            st->rc = dft_error_set(DFT_ERROR, "crypto scan: vectorscan stream scan failed");
    }
    if (scan) {
        if (len && hs_scan_stream(ln->hs, (const char *)data, (unsigned)len, 0, sc->hs, on_match, st) != HS_SUCCESS
            && !st->rc)
            st->rc = dft_error_set(DFT_ERROR, "crypto scan: vectorscan stream scan failed");
    } else {
        if (!ln->stale) ln->hs_done = st->pos;
        ln->stale = true;
        st->stats.skipped += len;
    }
}

static int feed_raw(dft_cscan_stream *st, dft_cscan_scratch *sc, const uint8_t *data, size_t len, bool force)
{
    st->sc = sc;
    st->blk = data;
    st->blk_len = len;
    st->mn = 0;
    for (unsigned l = 0; l < LANE_COUNT; l++)
        if (st->lanes[l].hs) scan_lane(st, sc, l, data, len, force);
    /* both lanes' matches in end order: the order does not depend on how the content is cut */
    if (st->mn > 1) qsort(st->m, st->mn, sizeof *st->m, cmp_match);
    for (size_t i = 0; i < st->mn && !st->rc; i++) {
        if (st->m[i].id >= ID_MN_LATIN) on_words(st, st->m[i].to, st->m[i].id == ID_MN_U16);
        else on_token(st, st->m[i].id, st->m[i].to);
    }
    drain(st);
    /* keep the last RING bytes */
    size_t keep = len < DFT_CSCAN_RING ? len : DFT_CSCAN_RING;
    const uint8_t *src = data + len - keep;
    uint64_t o = st->pos + len - keep;
    while (keep) {
        size_t idx = (size_t)(o & RING_MASK), chunk = DFT_CSCAN_RING - idx;
        if (chunk > keep) chunk = keep;
        memcpy(st->ring + idx, src, chunk);
        src += chunk; o += chunk; keep -= chunk;
    }
    st->pos += len;
    st->blk = NULL;
    st->blk_len = 0;
    return st->rc;
}

int dft_cscan_stream_open(dft_cscan_stream **out, const dft_cscan_db *db, dft_cscan_fn cb, void *payload)
{
    *out = NULL;
    dft_cscan_stream *st = malloc(sizeof *st);
    if (!st) return dft_error_set(DFT_ENOMEM, "crypto scan: out of memory");
    memset(st, 0, offsetof(dft_cscan_stream, ring));
    st->db = db;
    st->cb = cb;
    st->payload = payload;
    st->content_end = UINT64_MAX;
    st->zone_seq = UINT64_MAX;
    st->last_start = st->last_end = UINT64_MAX;
    for (unsigned l = 0; l < LANE_COUNT; l++) {
        if (db->hs[l] && hs_open_stream(db->hs[l], 0, &st->lanes[l].hs) != HS_SUCCESS) {
            dft_cscan_stream_abort(st);
            return dft_error_set(DFT_ENOMEM, "crypto scan: vectorscan stream open failed");
        }
    }
    *out = st;
    return DFT_OK;
}

int dft_cscan_stream_feed(dft_cscan_stream *st, dft_cscan_scratch *sc, const uint8_t *data, size_t len)
{
    if (st->pos == 0) feed_raw(st, sc, (const uint8_t *)"\n\n", PAD, false);
    /* vectorscan takes unsigned lengths: cut huge blocks */
    while (len > (1u << 30)) {
        feed_raw(st, sc, data, 1u << 30, false);
        data += 1u << 30;
        len -= 1u << 30;
    }
    return feed_raw(st, sc, data, len, false);
}

int dft_cscan_stream_close(dft_cscan_stream *st, dft_cscan_scratch *sc)
{
    if (st->pos == 0) feed_raw(st, sc, (const uint8_t *)"\n\n", PAD, false);
    st->content_end = st->pos;
    feed_raw(st, sc, (const uint8_t *)"\n\n", PAD, true);
    st->closing = true;
    st->sc = sc;
    drain(st);
    int rc = st->rc;
    for (unsigned l = 0; l < LANE_COUNT; l++)
        if (st->lanes[l].hs) hs_close_stream(st->lanes[l].hs, sc->hs, NULL, NULL);
    sc->stats.matches += st->stats.matches;
    sc->stats.classified += st->stats.classified;
    sc->stats.zones += st->stats.zones;
    sc->stats.zone_bytes += st->stats.zone_bytes;
    sc->stats.skipped += st->stats.skipped;
    free(st->q);
    free(st->m);
    free(st);
    return rc;
}

void dft_cscan_stream_abort(dft_cscan_stream *st)
{
    if (!st) return;
    for (unsigned l = 0; l < LANE_COUNT; l++)
        if (st->lanes[l].hs) hs_close_stream(st->lanes[l].hs, NULL, NULL, NULL);
    free(st->q);
    free(st->m);
    free(st);
}

int dft_cscan_buffer(const dft_cscan_db *db, dft_cscan_scratch *sc, const uint8_t *data, size_t len,
                     size_t block, dft_cscan_fn cb, void *payload)
{
    dft_cscan_stream *st;
    int rc = dft_cscan_stream_open(&st, db, cb, payload);
    if (rc) return rc;
    if (block == 0) block = len ? len : 1;
    for (size_t off = 0; off < len; off += block) {
        size_t n = len - off < block ? len - off : block;
        rc = dft_cscan_stream_feed(st, sc, data + off, n);
        if (rc) break;
    }
    int rc2 = dft_cscan_stream_close(st, sc);
    return rc ? rc : rc2;
}
