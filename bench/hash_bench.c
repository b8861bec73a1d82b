/*
 * hash_bench.c - per-digest cost of each hash engine (docs/performance.md, "Hashing"):
 *   1. long streams: ns per byte, OpenSSL EVP on one stream vs every lane busy (lanes x LEN bytes);
 *   2. partly busy lanes: ns per byte per busy lane for 1..lanes busy, against OpenSSL: the
 *      break-even (dft_mb_break_even) is the fewest busy lanes that beat OpenSSL;
 *   3. many small messages (COUNT of 200 B - 6 KiB) through dft_mb_digest_many (largest first,
 *      refill, scalar tail) vs an OpenSSL loop;
 *   4. large files sharing lanes (dft_mbstreams, as worker_lanes.c feeds it): 64 streams of
 *      1-20 MiB (sizes from a fixed seed) in 1 MiB chunks, rounds, a stream's lane refilled with the
 *      next (largest first) as it ends, the tail handed back to OpenSSL; vs OpenSSL EVP, three
 *      digests per stream.
 * usage: hash_bench [MiB-per-stream (default 16)] [small-count (default 100000)] [large-streams (64)]
 * Single thread; times are this thread's CPU time (best of 3 for 1 and 2), so a busy machine skews them
 * less than wall time would; still quote `uptime` with the numbers.
 */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mbhash.h"
#include "mbstreams.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); /* CPU time: the shared box is busy */
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static const char *algo_name[3] = { "MD5", "SHA-1", "SHA-256" };

static const EVP_MD *evp(int a)
{
    return a == 0 ? EVP_md5() : a == 1 ? EVP_sha1() : EVP_sha256();
}

static double openssl_ns(int a, const uint8_t *buf, size_t len)
{
    uint8_t md[64];
    unsigned n;
    double best = 1e30;
    for (int r = 0; r < 3; r++) {
        double t0 = now();
        EVP_Digest(buf, len, md, &n, evp(a), NULL);
        double t = (now() - t0) * 1e9 / (double)len;
        if (t < best) best = t;
    }
    return best;
}

/* ns per byte per busy lane with `busy` lanes hashing len bytes each (the others idle) */
static double lanes_ns(dft_hash_engine e, int a, const uint8_t *buf, size_t len, unsigned busy)
{
    dft_mb_kernel k = dft_mb_kernel_get(e, (dft_mb_algo)a);
    unsigned L = dft_hash_engine_lanes(e);
    static uint32_t st[8 * 16] __attribute__((aligned(64)));
    static const uint8_t zero[64];
    const uint8_t *p[16];
    size_t step[16];
    for (unsigned l = 0; l < L; l++) {
        p[l] = l < busy ? buf : zero;
        step[l] = l < busy ? 64 : 0;
    }
    double best = 1e30;
    for (int r = 0; r < 3; r++) {
        double t0 = now();
        k(st, p, step, len / 64);
        double t = (now() - t0) * 1e9 / ((double)len * busy);
        if (t < best) best = t;
    }
    return best;
}

static int size_desc(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x > y ? -1 : x < y;
}

/* Part 4: n streams of 1-20 MiB, all three digests; seconds of CPU and ns per byte. */
static void large_streams(const dft_hash_engine engines[2], size_t n)
{
    enum { CHUNK = 1 << 20 };
    size_t *len = malloc(n * sizeof *len), total = 0, maxlen = 0;
    uint64_t x = 88172645463325252ull;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        len[i] = (1u << 20) + (size_t)(x % (19u << 20));
        total += len[i];
        if (len[i] > maxlen) maxlen = len[i];
    }
    qsort(len, n, sizeof *len, size_desc);
    uint8_t *data = malloc(maxlen);
    for (size_t i = 0; i < maxlen; i++) data[i] = (uint8_t)(i * 2654435761u >> 13);
    printf("\n## %zu large streams of 1-20 MiB (%.0f MiB) in 1 MiB chunks, all three digests\n\n", n,
           total / 1048576.0);
    printf("| engine | CPU s | ns/B (3 digests) | digests finished by OpenSSL |\n|---|---:|---:|---:|\n");
    double t0 = now();
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    uint8_t md[64];
    for (size_t i = 0; i < n; i++)
        for (int a = 0; a < 3; a++) {
            EVP_DigestInit_ex(c, evp(a), NULL);
            for (size_t off = 0; off < len[i]; off += CHUNK)
                EVP_DigestUpdate(c, data + off, len[i] - off < CHUNK ? len[i] - off : CHUNK);
            EVP_DigestFinal_ex(c, md, NULL);
        }
    EVP_MD_CTX_free(c);
    double to = now() - t0;
    printf("| openssl | %.3f | %.3f | all |\n", to, to * 1e9 / total);
    for (int e = 0; e < 2; e++) {
        if (!dft_hash_engine_supported(engines[e])) continue;
        dft_mbstreams *s;
        if (dft_mbstreams_new(&s, engines[e])) continue;
        unsigned cap = dft_mbstreams_capacity(s);
        size_t who[DFT_MB_MAX_LANES], off[DFT_MB_MAX_LANES], next = 0, left = n;
        bool open[DFT_MB_MAX_LANES] = { false }, fed_last[DFT_MB_MAX_LANES] = { false };
        t0 = now();
        while (left) {
            int id;
            while (next < n && (id = dft_mbstreams_open(s)) >= 0) {
                who[id] = next++;
                off[id] = 0;
                open[id] = true;
                fed_last[id] = false;
            }
            for (unsigned i = 0; i < cap; i++) {
                if (!open[i]) continue;
                size_t l = len[who[i]], k = l - off[i] < CHUNK ? l - off[i] : CHUNK;
                /* as the pipeline does: the end of a stream is known after its last chunk */
                if (k) dft_mbstreams_chunk(s, (int)i, data + off[i], k, false);
                else if (!fed_last[i]) dft_mbstreams_chunk(s, (int)i, NULL, 0, fed_last[i] = true);
                off[i] += k;
            }
            dft_mbstreams_run(s, next == n);
            for (unsigned i = 0; i < cap; i++)
                if (open[i] && dft_mbstreams_ended(s, (int)i)) {
                    dft_hashes h;
                    dft_mbstreams_take(s, (int)i, &h);
                    open[i] = false;
                    left--;
                }
        }
        double t = now() - t0;
        size_t in_lanes, back;
        dft_mbstreams_stats(s, &in_lanes, &back);
        printf("| %s | %.3f (%.2fx) | %.3f | %zu of %zu |\n", dft_hash_engine_name(engines[e]), t, to / t,
               t * 1e9 / total, back, 3 * n);
        dft_mbstreams_free(s);
    }
    free(data);
    free(len);
}

int main(int argc, char **argv)
{
    size_t mib = argc > 1 ? strtoul(argv[1], NULL, 10) : 16;
    size_t count = argc > 2 ? strtoul(argv[2], NULL, 10) : 100000;
    size_t len = mib << 20;
    uint8_t *buf = malloc(len);
    for (size_t i = 0; i < len; i++) buf[i] = (uint8_t)(i * 2654435761u >> 13);
    dft_hash_engine engines[2] = { DFT_HASH_ENGINE_AVX512, DFT_HASH_ENGINE_AVX2 };

    printf("## long streams (%zu MiB each), ns/byte\n\n| digest | OpenSSL 1 stream |", mib);
    for (int i = 0; i < 2; i++)
        if (dft_hash_engine_supported(engines[i])) printf(" %s, %u lanes busy |", dft_hash_engine_name(engines[i]),
                                                          dft_hash_engine_lanes(engines[i]));
    printf("\n|---|---:|---:|---:|\n");
    double ossl[3];
    for (int a = 0; a < 3; a++) {
        ossl[a] = openssl_ns(a, buf, len);
        printf("| %s | %.3f |", algo_name[a], ossl[a]);
        for (int i = 0; i < 2; i++) {
            if (!dft_hash_engine_supported(engines[i])) continue;
            double ns = lanes_ns(engines[i], a, buf, len, dft_hash_engine_lanes(engines[i]));
            printf(" %.3f (%.1fx) |", ns, ossl[a] / ns);
        }
        printf("\n");
    }

    printf("\n## break-even: fewest busy lanes at which lanes cost <= OpenSSL per byte\n\n");
    for (int i = 0; i < 2; i++) {
        dft_hash_engine e = engines[i];
        if (!dft_hash_engine_supported(e)) continue;
        unsigned L = dft_hash_engine_lanes(e);
        for (int a = 0; a < 3; a++) {
            unsigned be = 0;
            double one = 0;
            for (unsigned b = 1; b <= L; b++) {
                double ns = lanes_ns(e, a, buf, len / 4, b);
                if (b == 1) one = ns;
                if (!be && ns <= ossl[a]) be = b;
            }
            printf("- %s %s: measured %u of %u (1 busy lane = %.2f ns/B, %.1fx OpenSSL); table: %u\n",
                   dft_hash_engine_name(e), algo_name[a], be, L, one, one / ossl[a], dft_mb_break_even(e, (dft_mb_algo)a));
        }
    }

    printf("\n## %zu messages of 200 B - 6 KiB, seconds (MD5 + SHA-1 + SHA-256 each)\n\n", count);
    dft_mb_msg *msgs = malloc(count * sizeof *msgs);
    uint64_t x = 88172645463325252ull, total = 0;
    for (size_t i = 0; i < count; i++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        size_t l = 200 + x % (6 * 1024 - 200 + 1);
        msgs[i] = (dft_mb_msg){ buf + (x >> 32) % (len - l), l };
        total += l;
    }
    uint8_t *out = malloc(count * 32);
    printf("| digest | OpenSSL | ");
    for (int i = 0; i < 2; i++)
        if (dft_hash_engine_supported(engines[i])) printf("%s | ", dft_hash_engine_name(engines[i]));
    printf("\n|---|---:|---:|---:|\n");
    for (int a = 0; a < 3; a++) {
        double t0 = now();
        dft_mb_digest_many(DFT_HASH_ENGINE_OPENSSL, (dft_mb_algo)a, msgs, count, out);
        double to = now() - t0;
        printf("| %s | %.3f |", algo_name[a], to);
        for (int i = 0; i < 2; i++) {
            if (!dft_hash_engine_supported(engines[i])) continue;
            t0 = now();
            dft_mb_digest_many(engines[i], (dft_mb_algo)a, msgs, count, out);
            double t = now() - t0;
            printf(" %.3f (%.1fx) |", t, to / t);
        }
        printf("\n");
    }
    printf("\n(%llu bytes of messages)\n", (unsigned long long)total);
    large_streams(engines, argc > 3 ? strtoul(argv[3], NULL, 10) : 64);
    free(out);
    free(msgs);
    free(buf);
    return 0;
}
