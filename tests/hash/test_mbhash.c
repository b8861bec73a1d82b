/*
 * test_mbhash.c - differential tests of the multi-buffer digests (core/pipeline/mbhash*) against
 * OpenSSL and published vectors, for every engine this machine runs (AVX-512, AVX2 forced too):
 *   1. RFC 1321 A.5 and FIPS 180 (SHA-1 / SHA-256 examples) vectors, incl. one million 'a';
 *   2. every length 0..4096 as one batch (lanes of different lengths, refill, scalar tail);
 *   3. random messages of random lengths up to 1 MiB fed through dft_mbctx in random chunk sizes,
 *      lanes refilled as messages end: DFT_MBHASH_RANDOM messages (default 1,000,000; the ASan
 *      build sets fewer in tests.cmake);
 *   4. long streams through dft_mbstreams (large files sharing lanes): rounds of random chunks,
 *      streams opened as others end, the scalar hand-back of the tail (mid-message lane states
 *      continued by OpenSSL), against OpenSSL; and the midstate export/continue on its own.
 * Deterministic: a fixed-seed xorshift generator.
 */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "mbhash.h"
#include "mbstreams.h"

static int failures;
#define CHECK(cond, ...)                                                  \
    do {                                                                  \
        if (!(cond)) {                                                    \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);          \
            fprintf(stderr, __VA_ARGS__);                                 \
            fputc('\n', stderr);                                          \
            if (++failures > 20) exit(1);                                 \
        }                                                                 \
    } while (0)

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void ref_digest(dft_mb_algo a, const void *d, size_t n, uint8_t *out)
{
    const EVP_MD *md = a == DFT_MB_MD5 ? EVP_md5() : a == DFT_MB_SHA1 ? EVP_sha1() : EVP_sha256();
    unsigned len;
    EVP_Digest(d, n, out, &len, md, NULL);
}

typedef struct vector {
    dft_mb_algo algo;
    const char *msg;     /* NULL: one million 'a' */
    int repeat;
    const char *hex;
} vector;

static const vector vectors[] = {
    /* RFC 1321 A.5 test suite */
    { DFT_MB_MD5, "", 1, "d41d8cd98f00b204e9800998ecf8427e" },
    { DFT_MB_MD5, "a", 1, "0cc175b9c0f1b6a831c399e269772661" },
    { DFT_MB_MD5, "abc", 1, "900150983cd24fb0d6963f7d28e17f72" },
    { DFT_MB_MD5, "message digest", 1, "f96b697d7cb7938d525a2f31aaf161d0" },
    { DFT_MB_MD5, "abcdefghijklmnopqrstuvwxyz", 1, "c3fcd3d76192e4007dfb496cca67e13b" },
    { DFT_MB_MD5, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 1,
      "d174ab98d277d9f5a5611c2c9f419d9f" },
    { DFT_MB_MD5, "1234567890", 8, "57edf4a22be3c955ac49da2e2107b67a" },
    { DFT_MB_MD5, NULL, 0, "7707d6ae4e027c70eea2a935c2296f21" },
    /* FIPS 180-2 appendix A / NIST examples */
    { DFT_MB_SHA1, "", 1, "da39a3ee5e6b4b0d3255bfef95601890afd80709" },
    { DFT_MB_SHA1, "abc", 1, "a9993e364706816aba3e25717850c26c9cd0d89d" },
    { DFT_MB_SHA1, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1,
      "84983e441c3bd26ebaae4aa1f95129e5e54670f1" },
    { DFT_MB_SHA1, NULL, 0, "34aa973cd4c4daa4f61eeb2bdbad27316534016f" },
    { DFT_MB_SHA256, "", 1, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
    { DFT_MB_SHA256, "abc", 1, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
    { DFT_MB_SHA256, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1,
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
    { DFT_MB_SHA256, NULL, 0, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0" },
};

static void hex(char *out, const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++) sprintf(out + 2 * i, "%02x", b[i]);
}

/* The vectors through the chunked interface, all at once in lanes of different lengths, and again
 * through the batch API (where a batch smaller than break-even goes to OpenSSL). */
static void test_vectors(dft_hash_engine e)
{
    static uint8_t bufs[16][1000000];
    for (int a = 0; a < 3; a++) {
        dft_mb_msg msgs[16];
        const vector *vs[16];
        size_t n = 0;
        for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
            const vector *v = &vectors[i];
            if ((int)v->algo != a) continue;
            size_t len;
            if (!v->msg) {
                memset(bufs[n], 'a', 1000000);
                len = 1000000;
            } else {
                size_t l1 = strlen(v->msg);
                for (int r = 0; r < v->repeat; r++) memcpy(bufs[n] + r * l1, v->msg, l1);
                len = l1 * (size_t)v->repeat;
            }
            msgs[n] = (dft_mb_msg){ bufs[n], len };
            vs[n++] = v;
        }
        uint8_t out[16 * 32];
        size_t dl = dft_mb_digest_len((dft_mb_algo)a);
        if (e != DFT_HASH_ENGINE_OPENSSL) {
            /* every vector in its own lane of one context */
            dft_mbctx *m;
            CHECK(dft_mbctx_new(&m, (dft_mb_algo)a, e) == DFT_OK, "mbctx_new");
            int lane_of[16];
            for (size_t i = 0; i < n; i++) {
                lane_of[i] = dft_mbctx_start(m);
                dft_mbctx_feed(m, lane_of[i], msgs[i].data, msgs[i].len, true);
            }
            dft_mb_event ev;
            int l;
            while ((l = dft_mbctx_run(m, &ev)) >= 0) {
                CHECK(ev == DFT_MB_DONE, "event");
                for (size_t i = 0; i < n; i++)
                    if (lane_of[i] == l) dft_mbctx_digest(m, l, out + i * dl);
            }
            for (size_t i = 0; i < n; i++) {
                char h[65];
                hex(h, out + i * dl, dl);
                CHECK(strcmp(h, vs[i]->hex) == 0, "%s algo %d vector %zu (lanes): %s != %s", dft_hash_engine_name(e),
                      a, i, h, vs[i]->hex);
            }
            dft_mbctx_free(m);
        }
        memset(out, 0, sizeof out);
        CHECK(dft_mb_digest_many(e, (dft_mb_algo)a, msgs, n, out) == DFT_OK, "digest_many");
        for (size_t i = 0; i < n; i++) {
            char h[65];
            hex(h, out + i * dl, dl);
            CHECK(strcmp(h, vs[i]->hex) == 0, "%s algo %d vector %zu (batch): %s != %s", dft_hash_engine_name(e), a,
                  i, h, vs[i]->hex);
        }
    }
}

/* Every length 0..4096 in one batch, per algorithm, against OpenSSL; and the three-digest batch. */
static void test_lengths(dft_hash_engine e)
{
    enum { MAXLEN = 4096 };
    static uint8_t data[MAXLEN + 1];
    for (size_t i = 0; i <= MAXLEN; i++) data[i] = (uint8_t)(i * 131 + 7);
    static dft_mb_msg msgs[MAXLEN + 1];
    /* different start addresses too: message i starts at data + (i % 3) */
    static uint8_t pool[MAXLEN + 3];
    memcpy(pool, data, MAXLEN);
    memcpy(pool + MAXLEN, data, 3);
    for (size_t i = 0; i <= MAXLEN; i++) msgs[i] = (dft_mb_msg){ (i % 3) ? pool + (i % 3) : data, i };
    static uint8_t out[(MAXLEN + 1) * 32];
    for (int a = 0; a < 3; a++) {
        size_t dl = dft_mb_digest_len((dft_mb_algo)a);
        CHECK(dft_mb_digest_many(e, (dft_mb_algo)a, msgs, MAXLEN + 1, out) == DFT_OK, "digest_many");
        for (size_t i = 0; i <= MAXLEN; i++) {
            uint8_t ref[32];
            ref_digest((dft_mb_algo)a, msgs[i].data, i, ref);
            CHECK(memcmp(ref, out + i * dl, dl) == 0, "%s algo %d length %zu", dft_hash_engine_name(e), a, i);
        }
    }
    static dft_hashes hs[MAXLEN + 1];
    CHECK(dft_mbhash_batch(e, msgs, MAXLEN + 1, hs) == DFT_OK, "batch");
    for (size_t i = 0; i <= MAXLEN; i += 97) {
        uint8_t ref[32];
        char h[65];
        ref_digest(DFT_MB_SHA256, msgs[i].data, i, ref);
        hex(h, ref, 32);
        CHECK(strcmp(h, hs[i].sha256) == 0, "batch sha256 length %zu", i);
        ref_digest(DFT_MB_MD5, msgs[i].data, i, ref);
        hex(h, ref, 16);
        CHECK(strcmp(h, hs[i].md5) == 0, "batch md5 length %zu", i);
    }
}

/* ---- random messages, random chunks, lanes refilled ---- */
enum { POOL = (1 << 20) + (1 << 16) };
static uint8_t *pool;

static uint64_t mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

/* Message i: a window of the random pool. 1 in 256 is uniform up to 1 MiB; the rest have lengths
 * uniform in [0, 2^k) with k uniform in 0..14 (most files are small, every block/padding boundary
 * is hit often). */
static void message(size_t i, const uint8_t **data, size_t *len)
{
    uint64_t h = mix(i);
    size_t n = (h & 255) == 0 ? (size_t)((h >> 8) % ((1u << 20) + 1)) : (size_t)((h >> 8) % (1u << ((h >> 40) % 15)));
    *len = n;
    *data = pool + (h >> 20) % (POOL - n + 1);
}

/* a chunk size: mostly a few bytes to a few blocks (straddling block edges), sometimes large, sometimes 0 */
static size_t chunk_size(void)
{
    uint64_t r = rnd();
    switch (r & 7) {
    case 0: return 0;
    case 1: case 2: return (r >> 8) % 130;
    case 3: case 4: return (r >> 8) % 4096;
    default: return (r >> 8) % (256 * 1024);
    }
}

static void test_random(dft_hash_engine e, size_t count, const uint8_t *refs)
{
    for (int a = 0; a < 3; a++) {
        size_t dl = dft_mb_digest_len((dft_mb_algo)a);
        dft_mbctx *m;
        CHECK(dft_mbctx_new(&m, (dft_mb_algo)a, e) == DFT_OK, "mbctx_new");
        size_t msg[DFT_MB_MAX_LANES], off[DFT_MB_MAX_LANES], next = 0, done = 0;
        uint64_t max_busy = 0;
        while (done < count) {
            int l;
            while (next < count && (l = dft_mbctx_start(m)) >= 0) {
                msg[l] = next++;
                off[l] = 0;
            }
            if (dft_mbctx_busy(m) > max_busy) max_busy = dft_mbctx_busy(m);
            dft_mb_event ev;
            l = dft_mbctx_run(m, &ev);
            CHECK(l >= 0, "run returned no lane with %zu of %zu done", done, count);
            if (l < 0) break;
            const uint8_t *d;
            size_t len;
            message(msg[l], &d, &len);
            if (ev == DFT_MB_HUNGRY) {
                size_t c = chunk_size();
                if (c > len - off[l]) c = len - off[l];
                dft_mbctx_feed(m, l, d + off[l], c, off[l] + c == len);
                off[l] += c;
            } else {
                uint8_t got[32];
                dft_mbctx_digest(m, l, got);
                CHECK(off[l] == len, "done before the end");
                CHECK(memcmp(got, refs + msg[l] * 68 + (a == 0 ? 0 : a == 1 ? 16 : 36), dl) == 0,
                      "%s algo %d random message %zu (length %zu)", dft_hash_engine_name(e), a, msg[l], len);
                done++;
            }
        }
        dft_mb_event ev;
        CHECK(dft_mbctx_run(m, &ev) < 0, "lanes still busy after all messages");
        CHECK(count < 64 || max_busy == dft_mbctx_lanes(m), "lanes were never all busy");
        dft_mbctx_free(m);
    }
}

/* Stream i of test_streams: bytes k of it are pool[(start + k) % POOL]; lengths at block edges,
 * small, and up to 3 MiB. */
static void stream_shape(size_t i, size_t *start, size_t *len)
{
    uint64_t h = mix(i ^ 0x5eed);
    static const size_t edge[] = { 0, 1, 55, 56, 63, 64, 65, 119, 120, 128 };
    *start = (size_t)(h % POOL);
    *len = (h >> 32) % 5 == 0 ? edge[(h >> 40) % 10] + ((h >> 50) % 3) * ((size_t)1 << 20)
                              : (size_t)((h >> 20) % (3u << 20));
}

static void stream_bytes(size_t start, size_t off, uint8_t *out, size_t n)
{
    for (size_t k = 0; k < n;) {
        size_t p = (start + off + k) % POOL, take = POOL - p < n - k ? POOL - p : n - k;
        memcpy(out + k, pool + p, take);
        k += take;
    }
}

static void test_streams(dft_hash_engine e, size_t count)
{
    dft_mbstreams *s;
    CHECK(dft_mbstreams_new(&s, e) == DFT_OK, "mbstreams_new");
    unsigned cap = dft_mbstreams_capacity(s);
    CHECK(cap == dft_hash_engine_lanes(e), "capacity is the lanes");
    size_t which[DFT_MB_MAX_LANES], off[DFT_MB_MAX_LANES], next = 0, done = 0;
    uint8_t *buf[DFT_MB_MAX_LANES];
    for (unsigned i = 0; i < cap; i++) buf[i] = malloc(256 * 1024);
    bool open[DFT_MB_MAX_LANES] = { false };
    while (done < count) {
        int id;
        while (next < count && (id = dft_mbstreams_open(s)) >= 0) {
            CHECK(!open[id], "stream id %d given twice", id);
            open[id] = true;
            which[id] = next++;
            off[id] = 0;
        }
        for (unsigned i = 0; i < cap; i++) {
            if (!open[i] || rnd() % 11 == 0) continue;   /* sometimes a stream has no chunk this round */
            size_t start, len, c = chunk_size();
            stream_shape(which[i], &start, &len);
            if (c > len - off[i]) c = len - off[i];
            stream_bytes(start, off[i], buf[i], c);
            dft_mbstreams_chunk(s, (int)i, buf[i], c, off[i] + c == len);
            off[i] += c;
        }
        /* the chunk buffers are overwritten after the run: a lane must not keep a pointer into them */
        CHECK(dft_mbstreams_run(s, next == count) == DFT_OK, "run");
        for (unsigned i = 0; i < cap; i++) {
            memset(buf[i], 0xa5, 256 * 1024);
            if (!open[i] || !dft_mbstreams_ended(s, (int)i)) continue;
            size_t start, len;
            stream_shape(which[i], &start, &len);
            dft_hashes got;
            dft_mbstreams_take(s, (int)i, &got);
            open[i] = false;
            done++;
            /* reference: OpenSSL over the same bytes in fixed pieces */
            EVP_MD_CTX *c[3];
            const EVP_MD *md[3] = { EVP_md5(), EVP_sha1(), EVP_sha256() };
            for (int a = 0; a < 3; a++) {
                c[a] = EVP_MD_CTX_new();
                EVP_DigestInit_ex(c[a], md[a], NULL);
            }
            uint8_t piece[65536];
            for (size_t k = 0; k < len; k += sizeof piece) {
                size_t n = len - k < sizeof piece ? len - k : sizeof piece;
                stream_bytes(start, k, piece, n);
                for (int a = 0; a < 3; a++) EVP_DigestUpdate(c[a], piece, n);
            }
            char want[3][65];
            for (int a = 0; a < 3; a++) {
                uint8_t d[32];
                unsigned n = 0;
                EVP_DigestFinal_ex(c[a], d, &n);
                hex(want[a], d, n);
                EVP_MD_CTX_free(c[a]);
            }
            CHECK(strcmp(got.md5, want[0]) == 0 && strcmp(got.sha1, want[1]) == 0 && strcmp(got.sha256, want[2]) == 0,
                  "%s stream %zu (length %zu): digests differ", dft_hash_engine_name(e), which[i], len);
        }
    }
    size_t in_lanes, back;
    dft_mbstreams_stats(s, &in_lanes, &back);
    printf("engine %s: %zu streams, %zu algorithm-streams finished in lanes, %zu handed back\n",
           dft_hash_engine_name(e), count, in_lanes, back);
    CHECK(in_lanes > 0, "no stream was hashed in lanes");
    CHECK(back > 0, "the tail was never handed back to OpenSSL");
    /* a stream dropped half-way frees its lanes */
    int id = dft_mbstreams_open(s);
    dft_mbstreams_chunk(s, id, pool, 1000, false);
    CHECK(dft_mbstreams_run(s, false) == DFT_OK, "run");
    dft_mbstreams_drop(s, id);
    for (unsigned i = 0; i < cap; i++) CHECK(dft_mbstreams_open(s) >= 0, "lane not freed by drop");
    for (unsigned i = 0; i < cap; i++) free(buf[i]);
    dft_mbstreams_free(s);
}

/* dft_mbctx_export + dft_mb_scalar: every split point around block edges of a 300-byte message. */
static void test_midstate(dft_hash_engine e)
{
    for (int a = 0; a < 3; a++) {
        size_t dl = dft_mb_digest_len((dft_mb_algo)a);
        uint8_t want[32], got[32];
        ref_digest((dft_mb_algo)a, pool, 300, want);
        for (size_t cut = 0; cut <= 300; cut += (cut % 64 < 2 || cut % 64 > 61) ? 1 : 7) {
            dft_mbctx *m;
            CHECK(dft_mbctx_new(&m, (dft_mb_algo)a, e) == DFT_OK, "mbctx_new");
            int l = dft_mbctx_start(m);
            dft_mbctx_feed(m, l, pool, cut, false);
            dft_mb_event ev;
            CHECK(dft_mbctx_run(m, &ev) == l && ev == DFT_MB_HUNGRY, "hungry after the prefix");
            dft_mb_midstate ms;
            dft_mbctx_export(m, l, &ms);
            CHECK(ms.hashed + ms.npartial == cut && ms.hashed % 64 == 0, "midstate length");
            CHECK(dft_mbctx_busy(m) == 0, "export frees the lane");
            dft_mb_scalar *sc;
            CHECK(dft_mb_scalar_new(&sc, (dft_mb_algo)a, &ms) == DFT_OK, "scalar_new");
            dft_mb_scalar_update(sc, pool + cut, 300 - cut);
            dft_mb_scalar_final(sc, got);
            CHECK(memcmp(got, want, dl) == 0, "%s algo %d: hand-back after %zu bytes differs",
                  dft_hash_engine_name(e), a, cut);
            dft_mbctx_free(m);
        }
    }
}

int main(void)
{
    dft_hash_engine engines[3] = { DFT_HASH_ENGINE_OPENSSL, DFT_HASH_ENGINE_AVX2, DFT_HASH_ENGINE_AVX512 };
    dft_hash_engine_parse("auto", &engines[0]);
    CHECK(engines[0] == DFT_HASH_ENGINE_AUTO, "parse auto");
    engines[0] = DFT_HASH_ENGINE_OPENSSL;
    dft_hash_engine bad;
    CHECK(dft_hash_engine_parse("sse", &bad) != DFT_OK, "parse rejects unknown");
    CHECK(dft_hash_engine_supported(dft_hash_engine_resolve(DFT_HASH_ENGINE_AUTO)), "auto resolves to supported");

    const char *env = getenv("DFT_MBHASH_RANDOM");
    size_t count = env ? strtoull(env, NULL, 10) : 1000000;
    pool = malloc(POOL);
    for (size_t i = 0; i < POOL; i++) pool[i] = (uint8_t)(rnd() >> 32);
    /* the reference digests once (MD5 | SHA-1 | SHA-256 = 68 bytes a message), shared by the engines */
    uint8_t *refs = malloc(count * 68 + 1);
    uint64_t bytes = 0;
    for (size_t i = 0; i < count; i++) {
        const uint8_t *d;
        size_t len;
        message(i, &d, &len);
        bytes += len;
        ref_digest(DFT_MB_MD5, d, len, refs + i * 68);
        ref_digest(DFT_MB_SHA1, d, len, refs + i * 68 + 16);
        ref_digest(DFT_MB_SHA256, d, len, refs + i * 68 + 36);
    }

    int tested = 0;
    for (int i = 0; i < 3; i++) {
        dft_hash_engine e = engines[i];
        if (!dft_hash_engine_supported(e)) {
            printf("engine %s: not supported here, skipped\n", dft_hash_engine_name(e));
            continue;
        }
        test_vectors(e);
        test_lengths(e);
        if (e != DFT_HASH_ENGINE_OPENSSL) {
            test_random(e, count, refs);
            test_midstate(e);
            test_streams(e, count >= 100000 ? 96 : 40);
            tested++;
        }
        printf("engine %s: vectors, lengths 0..4096%s\n", dft_hash_engine_name(e),
               e != DFT_HASH_ENGINE_OPENSSL ? ", random messages" : "");
    }
    printf("%zu random messages, %llu bytes, %d multi-buffer engines\n", count, (unsigned long long)bytes, tested);
    free(refs);
    free(pool);
    if (failures) {
        fprintf(stderr, "%d failures\n", failures);
        return 1;
    }
    return 0;
}
