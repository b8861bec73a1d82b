/*
 * mbhash.c - the lane scheduler of the multi-buffer digests: the chunked per-lane interface
 * (dft_mbctx: buffering of partial blocks, padding, digest extraction) over the kernels of
 * mbhash_kern.inc, and the batch hasher that keeps lanes full (largest message first, a lane
 * refilled when its message ends, OpenSSL for messages that would run with too few lanes busy).
 *
 * Message padding (RFC 1321 3.1-3.2, FIPS 180-4 5.1.1): a 1 bit (0x80), zeros up to 56 mod 64, then
 * the message length in bits as 64 bits - little-endian for MD5, big-endian for SHA.
 */
#include "mbhash.h"

#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

enum lane_state {
    LANE_FREE = 0,
    LANE_HUNGRY,        /* started; waits for a chunk (reported by run) */
    LANE_FED,           /* has a chunk (data/len) and maybe a partial block in buf */
    LANE_PAD,           /* the message ended: buf holds the 1 or 2 padding blocks */
    LANE_DONE,          /* digest ready, not yet reported */
    LANE_REPORTED,      /* digest ready and reported, not yet read */
    LANE_PARKED,        /* hungry, but the caller has no chunk yet: skipped until fed */
};

typedef struct lane {
    int state;
    const uint8_t *data;        /* rest of the current chunk (borrowed) */
    size_t len;
    bool last;                  /* the chunk is the message's last */
    uint8_t buf[128];           /* a partial block, then the padding blocks */
    size_t bufn;                /* bytes in buf (FED: < 64, a block being assembled) */
    size_t padn, padpos;        /* PAD: padding bytes in buf (64 or 128) and how many are hashed */
    uint64_t total;             /* message bytes accepted so far */
    uint8_t digest[DFT_MB_MAX_DIGEST];
} lane;

struct dft_mbctx {
    dft_mb_algo algo;
    dft_mb_kernel kernel;
    unsigned lanes, words;
    uint32_t st[8 * DFT_MB_MAX_LANES] __attribute__((aligned(64)));  /* word-major lane states */
    lane lane[DFT_MB_MAX_LANES];
    uint8_t zero[64];           /* what idle lanes hash (their result is never read) */
};

/* Initial hash values: RFC 1321 3.3 (A, B, C, D), FIPS 180-4 5.3.1 (SHA-1), 5.3.3 (SHA-256). */
static const uint32_t iv_md5[4] = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476 };
static const uint32_t iv_sha1[5] = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0 };
static const uint32_t iv_sha256[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };

int dft_mbctx_new(dft_mbctx **out, dft_mb_algo algo, dft_hash_engine engine)
{
    *out = NULL;
    dft_mb_kernel k = dft_mb_kernel_get(engine, algo);
    if (!k) return dft_error_set(DFT_EUNSUPPORTED, "hash engine %s is not available on this machine or build",
                                 dft_hash_engine_name(engine));
    dft_mbctx *m = aligned_alloc(64, (sizeof *m + 63) & ~(size_t)63);
    if (!m) return dft_error_set(DFT_ENOMEM, "out of memory for multi-buffer hash context");
    memset(m, 0, sizeof *m);
    m->algo = algo;
    m->kernel = k;
    m->lanes = dft_hash_engine_lanes(engine);
    m->words = algo == DFT_MB_MD5 ? 4 : algo == DFT_MB_SHA1 ? 5 : 8;
    *out = m;
    return DFT_OK;
}

void dft_mbctx_free(dft_mbctx *m)
{
    free(m);
}

unsigned dft_mbctx_lanes(const dft_mbctx *m)
{
    return m->lanes;
}

unsigned dft_mbctx_busy(const dft_mbctx *m)
{
    unsigned n = 0;
    for (unsigned l = 0; l < m->lanes; l++) n += m->lane[l].state != LANE_FREE;
    return n;
}

int dft_mbctx_start(dft_mbctx *m)
{
    for (unsigned l = 0; l < m->lanes; l++) {
        lane *ln = &m->lane[l];
        if (ln->state != LANE_FREE) continue;
        memset(ln, 0, sizeof *ln);
        ln->state = LANE_HUNGRY;
        const uint32_t *iv = m->algo == DFT_MB_MD5 ? iv_md5 : m->algo == DFT_MB_SHA1 ? iv_sha1 : iv_sha256;
        for (unsigned w = 0; w < m->words; w++) m->st[w * m->lanes + l] = iv[w];
        return (int)l;
    }
    return -1;
}

void dft_mbctx_feed(dft_mbctx *m, int l, const void *data, size_t len, bool last)
{
    lane *ln = &m->lane[l];
    ln->data = data;
    ln->len = len;
    ln->last = last;
    ln->total += len;
    ln->state = LANE_FED;
}

/* The message ended with ln->bufn (< 64) bytes in buf: append the padding and the bit length. */
static void lane_pad(const dft_mbctx *m, lane *ln)
{
    size_t n = ln->bufn;
    ln->buf[n++] = 0x80;
    ln->padn = n + 8 <= 64 ? 64 : 128;
    memset(ln->buf + n, 0, ln->padn - n);
    uint64_t bits = ln->total * 8;   /* length mod 2^64 (RFC 1321 3.2; FIPS allows < 2^64) */
    for (unsigned i = 0; i < 8; i++) {
        uint8_t byte = (uint8_t)(bits >> (8 * i));
        if (m->algo == DFT_MB_MD5) ln->buf[ln->padn - 8 + i] = byte;   /* low-order byte first */
        else ln->buf[ln->padn - 1 - i] = byte;                           /* big-endian */
    }
    ln->padpos = 0;
    ln->state = LANE_PAD;
}

/* The lane's final state as the digest bytes: MD5 A..D low-order byte first (RFC 1321 3.5),
 * SHA H_0.. big-endian (FIPS 180-4 6.1.2, 6.2.2). */
static void lane_digest(dft_mbctx *m, unsigned l)
{
    lane *ln = &m->lane[l];
    for (unsigned w = 0; w < m->words; w++) {
        uint32_t v = m->st[w * m->lanes + l];
        for (unsigned i = 0; i < 4; i++)
            ln->digest[4 * w + i] = (uint8_t)(m->algo == DFT_MB_MD5 ? v >> (8 * i) : v >> (24 - 8 * i));
    }
    ln->state = LANE_DONE;
}

/* Blocks lane l can hash in place right now (0: it needs the caller or is idle); sets *ptr. May
 * move the lane to HUNGRY or PAD. */
static size_t lane_ready(dft_mbctx *m, lane *ln, const uint8_t **ptr)
{
    if (ln->state == LANE_FED) {
        if (ln->bufn) {
            /* assemble a block that straddles chunks */
            size_t take = 64 - ln->bufn < ln->len ? 64 - ln->bufn : ln->len;
            if (take) memcpy(ln->buf + ln->bufn, ln->data, take);  /* an empty chunk may be NULL */
            ln->bufn += take;
            ln->data += take;
            ln->len -= take;
            if (ln->bufn == 64) {
                *ptr = ln->buf;
                return 1;
            }
        } else if (ln->len >= 64) {
            *ptr = ln->data;
            return ln->len / 64;
        } else {
            if (ln->len) memcpy(ln->buf, ln->data, ln->len);
            ln->bufn = ln->len;
            ln->len = 0;
        }
        /* chunk used up with less than a block in buf */
        if (ln->last) lane_pad(m, ln);
        else {
            ln->state = LANE_HUNGRY;
            return 0;
        }
    }
    if (ln->state == LANE_PAD) {
        *ptr = ln->buf + ln->padpos;
        return (ln->padn - ln->padpos) / 64;
    }
    return 0;
}

int dft_mbctx_run(dft_mbctx *m, dft_mb_event *ev)
{
    for (;;) {
        /* a lane that needs the caller is reported first, lowest lane first (parked lanes wait) */
        for (unsigned l = 0; l < m->lanes; l++) {
            lane *ln = &m->lane[l];
            if (ln->state == LANE_HUNGRY) {
                *ev = DFT_MB_HUNGRY;
                return (int)l;
            }
            if (ln->state == LANE_DONE) {
                ln->state = LANE_REPORTED;
                *ev = DFT_MB_DONE;
                return (int)l;
            }
        }
        const uint8_t *p[DFT_MB_MAX_LANES];
        size_t step[DFT_MB_MAX_LANES], nb[DFT_MB_MAX_LANES], n = SIZE_MAX;
        bool hungry = false;
        for (unsigned l = 0; l < m->lanes; l++) {
            p[l] = m->zero;
            step[l] = 0;
            nb[l] = lane_ready(m, &m->lane[l], &p[l]);
            if (m->lane[l].state == LANE_HUNGRY) hungry = true;
            if (nb[l]) {
                step[l] = 64;
                if (nb[l] < n) n = nb[l];
            } else {
                p[l] = m->zero;
            }
        }
        if (hungry) continue;        /* its partial block is kept in buf; report it first */
        if (n == SIZE_MAX) return -1; /* no lane has work: nothing busy */
        /* all lanes with blocks advance by n blocks together; idle lanes hash zeros in place, so a
         * parked lane's state (a message half-way) is put back afterwards */
        uint32_t keep[8 * DFT_MB_MAX_LANES];
        bool parked = false;
        for (unsigned l = 0; l < m->lanes; l++)
            if (m->lane[l].state == LANE_PARKED) {
                parked = true;
                for (unsigned w = 0; w < m->words; w++) keep[w * m->lanes + l] = m->st[w * m->lanes + l];
            }
        m->kernel(m->st, p, step, n);
        for (unsigned l = 0; parked && l < m->lanes; l++)
            if (m->lane[l].state == LANE_PARKED)
                for (unsigned w = 0; w < m->words; w++) m->st[w * m->lanes + l] = keep[w * m->lanes + l];
        for (unsigned l = 0; l < m->lanes; l++) {
            if (!nb[l]) continue;
            lane *ln = &m->lane[l];
            if (ln->state == LANE_PAD) {
                ln->padpos += 64 * n;
                if (ln->padpos == ln->padn) lane_digest(m, l);
            } else if (p[l] == ln->buf) {
                ln->bufn = 0;        /* the assembled block (n is 1 then) */
            } else {
                ln->data += 64 * n;
                ln->len -= 64 * n;
            }
        }
    }
}

void dft_mbctx_digest(dft_mbctx *m, int l, uint8_t *out)
{
    lane *ln = &m->lane[l];
    memcpy(out, ln->digest, dft_mb_digest_len(m->algo));
    ln->state = LANE_FREE;
}

void dft_mbctx_park(dft_mbctx *m, int l)
{
    if (m->lane[l].state == LANE_HUNGRY) m->lane[l].state = LANE_PARKED;
}

void dft_mbctx_export(dft_mbctx *m, int l, dft_mb_midstate *out)
{
    lane *ln = &m->lane[l];
    /* HUNGRY/PARKED: the chunk is used up, buf holds the bufn (< 64) bytes after the last block */
    memset(out, 0, sizeof *out);
    for (unsigned w = 0; w < m->words; w++) out->st[w] = m->st[w * m->lanes + l];
    out->npartial = ln->bufn;
    out->hashed = ln->total - ln->bufn;
    memcpy(out->partial, ln->buf, ln->bufn);
    ln->state = LANE_FREE;
}

/* ---------------------------------------------------------------------------------------------- */

static const EVP_MD *evp_of(dft_mb_algo a)
{
    return a == DFT_MB_MD5 ? EVP_md5() : a == DFT_MB_SHA1 ? EVP_sha1() : EVP_sha256();
}

typedef struct order_ent {
    size_t len, idx;
} order_ent;

/* largest first; ties by index, so the order (and so the schedule) is deterministic */
static int order_cmp(const void *a, const void *b)
{
    const order_ent *x = a, *y = b;
    if (x->len != y->len) return x->len > y->len ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static int evp_one(dft_mb_algo algo, const dft_mb_msg *msg, uint8_t *out)
{
    unsigned n = 0;
    if (EVP_Digest(msg->data, msg->len, out, &n, evp_of(algo), NULL) != 1)
        return dft_error_set(DFT_ERROR, "digest failed");
    return DFT_OK;
}

int dft_mb_digest_many(dft_hash_engine engine, dft_mb_algo algo, const dft_mb_msg *msgs, size_t n, uint8_t *out)
{
    size_t dl = dft_mb_digest_len(algo);
    engine = dft_hash_engine_resolve(engine);
    unsigned be = dft_mb_break_even(engine, algo);
    if (engine == DFT_HASH_ENGINE_OPENSSL || n < be || be > dft_hash_engine_lanes(engine)) {
        for (size_t i = 0; i < n; i++) {
            int rc = evp_one(algo, &msgs[i], out + i * dl);
            if (rc) return rc;
        }
        return DFT_OK;
    }
    dft_mbctx *m;
    int rc = dft_mbctx_new(&m, algo, engine);
    if (rc) return rc;
    order_ent *ord = malloc(n * sizeof *ord);
    if (!ord) {
        dft_mbctx_free(m);
        return dft_error_set(DFT_ENOMEM, "out of memory ordering %zu messages", n);
    }
    for (size_t i = 0; i < n; i++) ord[i] = (order_ent){ msgs[i].len, i };
    qsort(ord, n, sizeof *ord, order_cmp);
    size_t lane_msg[DFT_MB_MAX_LANES], next = 0;
    for (;;) {
        /* refill free lanes, unless what is left would keep fewer than break-even lanes busy:
         * those messages are cheaper on the scalar path */
        while (next < n && dft_mbctx_busy(m) < m->lanes) {
            if (dft_mbctx_busy(m) + (n - next) < be) {
                for (; next < n && rc == DFT_OK; next++) rc = evp_one(algo, &msgs[ord[next].idx], out + ord[next].idx * dl);
                break;
            }
            int l = dft_mbctx_start(m);
            lane_msg[l] = ord[next].idx;
            dft_mbctx_feed(m, l, msgs[ord[next].idx].data, msgs[ord[next].idx].len, true);
            next++;
        }
        if (rc) break;
        dft_mb_event ev;
        int l = dft_mbctx_run(m, &ev);
        if (l < 0) break;
        /* every message is fed whole with last = true, so a lane only comes back done */
        dft_mbctx_digest(m, l, out + lane_msg[l] * dl);
    }
    free(ord);
    dft_mbctx_free(m);
    return rc;
}

int dft_mbhash_batch(dft_hash_engine engine, const dft_mb_msg *msgs, size_t n, dft_hashes *out)
{
    if (n == 0) return DFT_OK;
    uint8_t *md = malloc(n * 32);
    if (!md) return dft_error_set(DFT_ENOMEM, "out of memory for %zu digests", n);
    int rc = DFT_OK;
    for (int a = 0; a < 3 && rc == DFT_OK; a++) {
        rc = dft_mb_digest_many(engine, (dft_mb_algo)a, msgs, n, md);
        size_t dl = dft_mb_digest_len((dft_mb_algo)a);
        for (size_t i = 0; i < n && rc == DFT_OK; i++) {
            char *dst = a == 0 ? out[i].md5 : a == 1 ? out[i].sha1 : out[i].sha256;
            dft_hex(dst, md + i * dl, dl);
        }
    }
    free(md);
    return rc;
}
