/*
 * bench_cryptoval.c - throughput of the crypto validators (not a test; numbers in
 * docs/crypto-validation.md). Deterministic inputs, generated here:
 *   classify: candidates a scanner would hand over -- random base58 strings of address length (refused
 *             by the checksum), random words (refused on length/charset), valid addresses of each kind;
 *   bip39 scan: English prose made of list and non-list words, random bytes, and a whole word list.
 * Usage: bench_cryptoval <bip39 dir>
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bip39.h"
#include "cryptoaddr.h"
#include "error.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); /* CPU time: the machine is shared */
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t rng = 88172645463325252ULL;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static int count_cb(void *payload, const dft_mnemonic *m)
{
    (void)m;
    (*(int *)payload)++;
    return 0;
}

static void bench_classify(const char *label, char (*cands)[128], int n, int rounds)
{
    dft_crypto_hit h;
    int ok = 0;
    double t0 = now();
    for (int r = 0; r < rounds; r++)
        for (int i = 0; i < n; i++) ok += dft_crypto_classify(cands[i], strlen(cands[i]), &h) == DFT_OK;
    double dt = now() - t0;
    printf("classify %-28s %9.0f candidates/s  (%.2f us each, %d accepted of %d)\n", label, n * rounds / dt,
           dt / (n * rounds) * 1e6, ok / rounds, n);
}

static void bench_scan(const dft_bip39 *b, const char *label, const char *t, size_t n, int rounds)
{
    int hits = 0;
    double t0 = now();
    for (int r = 0; r < rounds; r++) dft_bip39_scan(b, t, n, count_cb, &hits);
    double dt = now() - t0;
    printf("bip39 scan %-26s %8.1f MB/s  (%d mnemonics per pass)\n", label, n * rounds / dt / 1e6, hits / rounds);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s <bip39 dir>\n", argv[0]);
        return 2;
    }
    static const char b58[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    enum { N = 20000 };
    static char cands[N][128];
    for (int i = 0; i < N; i++) {
        int len = 26 + (int)(next() % 9);
        cands[i][0] = (i & 1) ? '1' : 'T';
        for (int k = 1; k < len; k++) cands[i][k] = b58[next() % 58];
        cands[i][len] = '\0';
    }
    bench_classify("random base58 (addr length)", cands, N, 5);
    for (int i = 0; i < N; i++) {
        int len = 3 + (int)(next() % 10);
        for (int k = 0; k < len; k++) cands[i][k] = (char)('a' + next() % 26);
        cands[i][len] = '\0';
    }
    bench_classify("random short words", cands, N, 50);
    static const char *valid[] = {"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
                                  "0xdAC17F958D2ee523a2206206994597C13D831ec7",
                                  "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
                                  "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a",
                                  "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8"};
    for (int i = 0; i < N; i++) snprintf(cands[i], 128, "%s", valid[i % 6]);
    bench_classify("valid (6 kinds mixed)", cands, N, 2);

    dft_bip39 *b = NULL;
    if (dft_bip39_load(&b, argv[1]) != DFT_OK) {
        fprintf(stderr, "%s\n", dft_error_last());
        return 1;
    }
    size_t n = 8u << 20;
    char *t = malloc(n);
    /* prose: 1 in 3 words from the English list, the rest not */
    static const char *words[] = {"the", "of", "and", "wallet", "abandon", "ability", "zoo", "river", "meeting",
                                  "tomorrow", "send", "usdt", "address", "please", "check", "money", "transfer"};
    size_t o = 0;
    while (o + 16 < n) {
        const char *w = words[next() % 17];
        size_t l = strlen(w);
        memcpy(t + o, w, l);
        o += l;
        t[o++] = (next() % 11) ? ' ' : '\n';
    }
    bench_scan(b, "English-like prose", t, o, 3);
    for (size_t i = 0; i < n; i++) t[i] = (char)next();
    bench_scan(b, "random bytes", t, n, 3);
    char path[4096];
    snprintf(path, sizeof path, "%s/english.txt", argv[1]);
    FILE *f = fopen(path, "rb");
    size_t wl = f ? fread(t, 1, n, f) : 0;
    if (f) fclose(f);
    bench_scan(b, "english.txt (all list words)", t, wl, 20);
    free(t);
    dft_bip39_free(b);
    return 0;
}
