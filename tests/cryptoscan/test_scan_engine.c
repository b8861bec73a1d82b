/*
 * test_scan_engine.c - the crypto_scan engine (plugins/crypto_scan/scan_engine.c) alone: published
 * vectors embedded in text, JSON and UTF-16LE, fed in blocks of many sizes (1 byte included) and
 * straddling a 64 KiB boundary; negatives (wrong checksums, BIP173 v1+ examples BIP350 invalidates,
 * random Base58 of address length, mixed-case eth failing EIP-55, a mnemonic with one word swapped)
 * must give nothing; and a planted set of 600 random valid indicators of every kind in random bytes
 * must be found completely, at the exact offsets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "plant.h"
#include "plugins/crypto_scan/crypto_scan.h"
#include "plugins/crypto_scan/scan_engine.h"

static int failures;
#define CHECK(c)                                                                                         \
    do {                                                                                                 \
        if (!(c)) {                                                                                      \
            fprintf(stderr, "%s:%d: CHECK failed: %s (last error: %s)\n", __FILE__, __LINE__, #c,       \
                    dft_error_last());                                                                   \
            failures++;                                                                                  \
        }                                                                                                \
    } while (0)

/* ---- collecting hits -------------------------------------------------------------------------- */

typedef struct got {
    char kind[24], chain[16], variant[16], value[600], before[200], after[200], language[24];
    uint64_t offset, length;
    bool utf16;
} got;

typedef struct hits {
    got *v;
    size_t n, cap;
} hits;

static int collect(void *payload, const dft_cscan_hit *h)
{
    hits *hs = payload;
    if (hs->n == hs->cap) {
        hs->cap = hs->cap ? hs->cap * 2 : 64;
        hs->v = realloc(hs->v, hs->cap * sizeof *hs->v);
    }
    got *g = &hs->v[hs->n++];
    memset(g, 0, sizeof *g);
    snprintf(g->kind, sizeof g->kind, "%s", h->kind);
    snprintf(g->value, sizeof g->value, "%s", h->value);
    if (h->addr) {
        snprintf(g->chain, sizeof g->chain, "%s", h->addr->chain);
        snprintf(g->variant, sizeof g->variant, "%s", h->addr->variant);
    } else {
        snprintf(g->language, sizeof g->language, "%s", h->seed->language);
    }
    memcpy(g->before, h->ctx_before, h->ctx_before_len < 199 ? h->ctx_before_len : 199);
    memcpy(g->after, h->ctx_after, h->ctx_after_len < 199 ? h->ctx_after_len : 199);
    g->offset = h->offset;
    g->length = h->length;
    g->utf16 = h->utf16;
    return 0;
}

static void run(const dft_cscan_db *db, dft_cscan_scratch *sc, const uint8_t *buf, size_t len, size_t block,
                hits *out)
{
    memset(out, 0, sizeof *out);
    CHECK(dft_cscan_buffer(db, sc, buf, len, block, collect, out) == DFT_OK);
}

/* Feeds in pseudo-random block sizes 1..max */
static void run_random_blocks(const dft_cscan_db *db, dft_cscan_scratch *sc, const uint8_t *buf, size_t len,
                              size_t max, uint64_t seed, hits *out)
{
    memset(out, 0, sizeof *out);
    dft_cscan_stream *st;
    CHECK(dft_cscan_stream_open(&st, db, collect, out) == DFT_OK);
    for (size_t off = 0; off < len;) {
        size_t n = 1 + (size_t)(plant_rand(&seed) % max);
        if (n > len - off) n = len - off;
        CHECK(dft_cscan_stream_feed(st, sc, buf + off, n) == DFT_OK);
        off += n;
    }
    CHECK(dft_cscan_stream_close(st, sc) == DFT_OK);
}

static bool same_hits(const hits *a, const hits *b)
{
    if (a->n != b->n) return false;
    for (size_t i = 0; i < a->n; i++)
        if (memcmp(&a->v[i], &b->v[i], sizeof a->v[i]) != 0) return false;
    return true;
}

/* ---- the vectors ------------------------------------------------------------------------------ */

typedef struct vec {
    const char *text, *kind, *chain, *variant;
} vec;

/* Published values (sources in docs/crypto-scan.md): Bitcoin genesis, BIP13-era P2SH, Bitcoin wiki WIF,
 * BIP173/BIP350 valid addresses, ERC-55 examples, USDT/USDC contracts, XRP genesis, BIP32 test vector 1,
 * the cashaddr spec. */
static const vec positives[] = {
    { "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "crypto.address", "btc", "p2pkh" },
    { "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "crypto.address", "btc", "p2sh" },
    { "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "crypto.address", "btc", "p2wpkh" },
    { "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", "crypto.address", "btc", "p2wsh" },
    { "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", "crypto.address", "btc", "p2tr" },
    { "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "crypto.address", "trx", "base58" },
    { "41a614f803b6fd780986a42c78ec9c7f77e6ded13c", "crypto.address", "trx", "hex41" },
    { "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "crypto.address", "eth", "eip55" },
    { "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", "crypto.address", "eth", "eip55" },
    { "0xdAC17F958D2ee523a2206206994597C13D831ec7", "crypto.address", "eth", "eip55" },
    { "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", "crypto.address", "eth", "eip55" },
    { "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh", "crypto.address", "xrp", "base58" },
    { "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a", "crypto.address", "bch", "cashaddr" },
    { "5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ", "crypto.private_key", "btc", "wif" },
    { "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8",
      "crypto.xkey", "btc", "xpub" },
    { "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi",
      "crypto.xkey", "btc", "xprv" },
    /* shapes the classifier accepts that the prefilter heads once missed: Litecoin testnet P2SH (0x3a,
     * "Q..."), Dogecoin extended key (dgub, 0x02facafd; encoded with Python's hashlib) */
    { "QVcyVJw6Fs9U6r7Emin9abs4r2rpPhBE1A", "crypto.address", "ltc", "p2sh" },
    { "dgub8kXBZ7ymNWy2QnJWEQLHsawA7UgUAj8y2jCpiECsGPMXGz5yHHtQfjyATUaJ1PgNF9FbadnLZMFnrrKiwcsrDL2r54uyCk1tVmUTVXuA2UC",
      "crypto.xkey", "doge", "dgub" },
};
#define NPOS (sizeof positives / sizeof *positives)

static const char *seed_en = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
                             "abandon about";
static const char *seed_en24 = "legal winner thank year wave sausage worth useful legal winner thank year wave "
                               "sausage worth useful legal winner thank year wave sausage worth title";
/* the all-zero entropy 12-word vector in Japanese, with U+3000 separators */
static const char *seed_jp = "\xe3\x81\x82\xe3\x81\x84\xe3\x81\x93\xe3\x81\x8f\xe3\x81\x97\xe3\x82\x93"
                             "\xe3\x80\x80" /* x11 below */;

/* Negatives: each must give nothing. */
static const char *negatives[] = {
    "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb",                                 /* checksum */
    "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6T",                                 /* checksum */
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",                         /* EIP-55 fails */
    "0xdAC17F958D2ee523a2206206994597C13D831eC7",                         /* EIP-55 fails */
    "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx", /* BIP173 v1, BIP350 invalid */
    "BC1SW50QA3JX3S",                                                     /* BIP173 v16, BIP350 invalid */
    "bc1zw508d6qejxtdg4y5r3zarvaryvg6kdaj",                               /* BIP173 v2, BIP350 invalid */
    "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",                         /* checksum */
    "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k8",     /* checksum */
    "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6b",             /* checksum */
    "5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTK",                /* checksum */
    "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet9",
    "rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTt",                                 /* checksum */
    /* a valid address glued to more letters is not a token */
    "x1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
    "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNax",
    /* the valid 12-word vector with one word swapped: checksum fails */
    "abandon abandon abandon abandon abandon ability abandon abandon abandon abandon abandon about",
    /* 11 words */
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about",
};

/* ---- building documents ----------------------------------------------------------------------- */

typedef struct doc {
    char *b;
    size_t n, cap;
} doc;

static void put(doc *d, const char *s, size_t n)
{
    if (d->n + n + 1 > d->cap) {
        d->cap = (d->n + n + 1) * 2;
        d->b = realloc(d->b, d->cap);
    }
    memcpy(d->b + d->n, s, n);
    d->n += n;
    d->b[d->n] = '\0';
}
static void puts_(doc *d, const char *s) { put(d, s, strlen(s)); }

typedef struct expect {
    const char *value, *kind, *chain, *variant;
    uint64_t offset;
} expect;

static void jp_seed(doc *d)
{
    static const char *w0 = "\xe3\x81\x82\xe3\x81\x84\xe3\x81\x93\xe3\x81\x8f\xe3\x81\x97\xe3\x82\x93";
    static const char *w3 = "\xe3\x81\x82\xe3\x81\x8a\xe3\x81\x9e\xe3\x82\x89";
    for (int i = 0; i < 11; i++) {
        puts_(d, w0);
        puts_(d, "\xe3\x80\x80");
    }
    puts_(d, w3);
}

/* A note/JSON document holding every positive once, in varied surroundings; fills exp. */
static size_t build_doc(doc *d, expect *exp, bool with_seeds)
{
    static const char *pre[] = { "", "send to ", "{\"deposit\":\"", "(", "addr:\t", "<td>", "'", "\n- " };
    static const char *post[] = { " ", "\n", "\",\"memo\":\"x\"}\n", ")\n", ".\n", "</td>\n", "', ", "\r\n" };
    size_t ne = 0;
    for (size_t i = 0; i < NPOS; i++) {
        puts_(d, pre[i % 8]);
        const char *v = positives[i].text;
        exp[ne++] = (expect){ v, positives[i].kind, positives[i].chain, positives[i].variant, d->n };
        puts_(d, v);
        puts_(d, post[i % 8]);
        if (i == 4) puts_(d, "Some prose with Capitals, 12345 and no indicator at all.\n");
    }
    if (with_seeds) {
        puts_(d, "my seed:\n");
        exp[ne++] = (expect){ seed_en, "crypto.seed", NULL, NULL, d->n };
        puts_(d, seed_en);
        puts_(d, "\nbackup (24):\n1. ");
        uint64_t at = d->n;
        /* numbered form as people write it: "1. legal\n2. winner ..." */
        char w[64];
        const char *p = seed_en24;
        for (int i = 0; *p; i++) {
            size_t l = strcspn(p, " ");
            if (i) {
                snprintf(w, sizeof w, "\n%d. ", i + 1);
                puts_(d, w);
            }
            put(d, p, l);
            p += l;
            if (*p == ' ') p++;
        }
        exp[ne++] = (expect){ seed_en24, "crypto.seed", NULL, NULL, at };
        puts_(d, "\n\njp: ");
        exp[ne++] = (expect){ "jp", "crypto.seed", NULL, NULL, d->n };
        jp_seed(d);
        puts_(d, "\n");
    }
    puts_(d, "end");
    return ne;
}

static void to_utf16(const doc *in, doc *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < in->n; i++) {
        char u[2] = { in->b[i], 0 };
        put(out, u, 2);
    }
}

/* Every expected hit present once at its offset (scale 2 for UTF-16), nothing else. */
static void check_expected(const hits *h, const expect *exp, size_t ne, unsigned scale, bool utf16)
{
    CHECK(h->n == ne);
    if (h->n != ne) {
        for (size_t i = 0; i < h->n; i++)
            fprintf(stderr, "  got %s %s %s @%llu\n", h->v[i].kind, h->v[i].chain, h->v[i].value,
                    (unsigned long long)h->v[i].offset);
    }
    for (size_t e = 0; e < ne; e++) {
        size_t found = 0;
        for (size_t i = 0; i < h->n; i++) {
            const got *g = &h->v[i];
            if (g->offset != exp[e].offset * scale || strcmp(g->kind, exp[e].kind) != 0) continue;
            found++;
            CHECK(g->utf16 == utf16);
            if (exp[e].chain) {
                CHECK(strcmp(g->value, exp[e].value) == 0);
                CHECK(g->length == strlen(exp[e].value) * scale);
                CHECK(strcmp(g->chain, exp[e].chain) == 0);
                CHECK(strcmp(g->variant, exp[e].variant) == 0);
                if (strcmp(g->variant, exp[e].variant) != 0)
                    fprintf(stderr, "  %s: variant %s, want %s\n", g->value, g->variant, exp[e].variant);
            }
        }
        if (found != 1) fprintf(stderr, "  expected %s @%llu found %zu times\n", exp[e].value,
                                (unsigned long long)exp[e].offset * scale, found);
        CHECK(found == 1);
    }
}

static void free_hits(hits *h) { free(h->v); h->v = NULL; h->n = h->cap = 0; }

/* ---- tests ------------------------------------------------------------------------------------ */

static void test_scan_engine__vectors_in_text_any_block_size(const dft_cscan_db *db, dft_cscan_scratch *sc)
{
    doc d = { 0 };
    expect exp[64];
    size_t ne = build_doc(&d, exp, true);
    hits whole, h;
    run(db, sc, (const uint8_t *)d.b, d.n, 0, &whole);
    check_expected(&whole, exp, ne, 1, false);
    /* seeds: language and phrase */
    for (size_t i = 0; i < whole.n; i++) {
        const got *g = &whole.v[i];
        if (strcmp(g->kind, "crypto.seed") != 0) continue;
        if (g->value[0] == 'a') CHECK(strcmp(g->value, seed_en) == 0 && strcmp(g->language, "english") == 0);
        if (g->value[0] == 'l') CHECK(strcmp(g->value, seed_en24) == 0);
        if ((uint8_t)g->value[0] == 0xe3) CHECK(strcmp(g->language, "japanese") == 0);
    }
    /* context: the 40 bytes around the first JSON hit */
    for (size_t i = 0; i < whole.n; i++)
        if (strcmp(whole.v[i].value, "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0") == 0)
            CHECK(strcmp(whole.v[i].after, ".\nSome prose with Capitals, 12345 and no") == 0);
    static const size_t blocks[] = { 1, 2, 3, 7, 64, 100, 4096, 65536 };
    for (size_t b = 0; b < sizeof blocks / sizeof *blocks; b++) {
        run(db, sc, (const uint8_t *)d.b, d.n, blocks[b], &h);
        CHECK(same_hits(&whole, &h));
        free_hits(&h);
    }
    run_random_blocks(db, sc, (const uint8_t *)d.b, d.n, 50, 42, &h);
    CHECK(same_hits(&whole, &h));
    free_hits(&h);
    free_hits(&whole);
    (void)seed_jp;
    free(d.b);
}

static void test_scan_engine__utf16le(const dft_cscan_db *db, dft_cscan_scratch *sc)
{
    doc d = { 0 }, u;
    expect exp[64];
    size_t ne = build_doc(&d, exp, false);   /* mnemonics are searched in UTF-8 only */
    to_utf16(&d, &u);
    hits h, h1;
    run(db, sc, (const uint8_t *)u.b, u.n, 0, &h);
    check_expected(&h, exp, ne, 2, true);
    /* the context is given as raw UTF-16LE bytes */
    CHECK(h.n > 1 && memcmp(h.v[1].before + 64, "s\0e\0n\0d\0 \0t\0o\0 \0", 16) == 0);
    run(db, sc, (const uint8_t *)u.b, u.n, 1, &h1);
    CHECK(same_hits(&h, &h1));
    free_hits(&h1);
    run_random_blocks(db, sc, (const uint8_t *)u.b, u.n, 300, 7, &h1);
    CHECK(same_hits(&h, &h1));
    free_hits(&h1);
    free_hits(&h);
    free(d.b);
    free(u.b);
}

/* Each positive placed so that it straddles byte 65536 at every split point, fed in 64 KiB blocks. */
static void test_scan_engine__straddles_64k_boundary(const dft_cscan_db *db, dft_cscan_scratch *sc)
{
    size_t len = 70000;
    uint8_t *buf = malloc(len);
    for (size_t i = 0; i < NPOS; i++) {
        const char *v = positives[i].text;
        size_t vl = strlen(v);
        for (size_t split = 1; split < vl; split += 5) {
            memset(buf, '.', len);
            size_t at = 65536 - split;
            memcpy(buf + at, v, vl);
            hits h;
            run(db, sc, buf, len, 65536, &h);
            CHECK(h.n == 1);
            if (h.n == 1) {
                CHECK(h.v[0].offset == at);
                CHECK(strcmp(h.v[0].value, v) == 0);
            }
            free_hits(&h);
        }
    }
    /* a seed across the boundary, and a UTF-16LE address across it */
    memset(buf, '\n', len);
    size_t sl = strlen(seed_en24);
    memcpy(buf + 65536 - sl / 2, seed_en24, sl);
    hits h;
    run(db, sc, buf, len, 65536, &h);
    CHECK(h.n == 1 && h.n && h.v[0].offset == 65536 - sl / 2 && strcmp(h.v[0].kind, "crypto.seed") == 0);
    free_hits(&h);
    memset(buf, ' ', len);
    const char *v = positives[4].text;
    for (size_t k = 0; v[k]; k++) {
        buf[65536 - 31 + 2 * k] = (uint8_t)v[k];
        buf[65536 - 31 + 2 * k + 1] = 0;
    }
    run(db, sc, buf, len, 65536, &h);
    CHECK(h.n == 1 && h.n && h.v[0].utf16 && h.v[0].offset == 65536 - 31);
    free_hits(&h);
    free(buf);
}

static void test_scan_engine__negatives_report_nothing(const dft_cscan_db *db, dft_cscan_scratch *sc)
{
    doc d = { 0 };
    for (size_t i = 0; i < sizeof negatives / sizeof *negatives; i++) {
        puts_(&d, " ");
        puts_(&d, negatives[i]);
        /* keeps the word runs of neighbouring negatives apart: a token that is no list word in any case
         * ("END" was one: "end" is an English list word, and seeds in capitals are found) */
        puts_(&d, " ###\n");
    }
    /* random Base58 strings of address, WIF and xkey lengths, starting with the prefixes scanned */
    static const char *B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    static const char *first = "13mn2LMDA9TrK5cxtyz";
    uint64_t rng = 99;
    for (int i = 0; i < 3000; i++) {
        static const size_t lens[] = { 26, 33, 34, 35, 51, 52, 111 };
        size_t l = lens[i % 7];
        char t[128];
        t[0] = first[plant_rand(&rng) % strlen(first)];
        for (size_t k = 1; k < l; k++) t[k] = B58[plant_rand(&rng) % 58];
        t[l] = ' ';
        put(&d, t, l + 1);
    }
    /* random mixed-case 0x hex (EIP-55 holds for 1 in 2^~15 of them) and random bech32 */
    for (int i = 0; i < 500; i++) {
        char t[64] = "0x";
        for (int k = 0; k < 40; k++) t[2 + k] = "0123456789abcdefABCDEF"[plant_rand(&rng) % 22];
        t[42] = '\n';
        put(&d, t, 43);
        char b[64] = "bc1q";
        for (int k = 0; k < 38; k++) b[4 + k] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"[plant_rand(&rng) % 32];
        b[42] = ' ';
        put(&d, b, 43);
    }
    hits h;
    run(db, sc, (const uint8_t *)d.b, d.n, 4096, &h);
    for (size_t i = 0; i < h.n; i++) fprintf(stderr, "  unexpected: %s %s\n", h.v[i].kind, h.v[i].value);
    CHECK(h.n == 0);
    free_hits(&h);
    free(d.b);
}

/* 600 random valid indicators (every kind) at random offsets in random bytes, fed in odd blocks. */
static void test_scan_engine__planted_recall(const dft_cscan_db *db, dft_cscan_scratch *sc)
{
    size_t len = 2u << 20, np = 600;
    uint8_t *buf = malloc(len);
    uint64_t rng = 2024;
    for (size_t i = 0; i < len; i++) buf[i] = (uint8_t)plant_rand(&rng);
    expect *exp = calloc(np, sizeof *exp);
    char (*vals)[600] = calloc(np, sizeof *vals);
    size_t slot = len / np;
    for (size_t i = 0; i < np; i++) {
        int kind = (int)(i % PLANT_COUNT);
        const char *fk;
        size_t vl = plant_make(kind, &rng, vals[i], sizeof vals[i], &fk);
        CHECK(vl > 0);
        size_t at = i * slot + 1 + (size_t)(plant_rand(&rng) % (slot - vl - 2));
        if (i % 7 == 0 && i) at = (i * slot / 65536 + 1) * 65536 - vl / 2;   /* across a block edge */
        if (at + vl + 1 >= (i + 1) * slot || at < i * slot + 1) at = i * slot + 1;
        buf[at - 1] = '\n';
        memcpy(buf + at, vals[i], vl);
        buf[at + vl] = '\n';
        exp[i] = (expect){ vals[i], fk, NULL, NULL, at };
    }
    hits h;
    run(db, sc, buf, len, 65536, &h);
    size_t found = 0;
    for (size_t e = 0; e < np; e++) {
        bool ok = false;
        for (size_t i = 0; i < h.n && !ok; i++)
            ok = h.v[i].offset == exp[e].offset && strcmp(h.v[i].value, exp[e].value) == 0 &&
                 strcmp(h.v[i].kind, exp[e].kind) == 0;
        if (!ok) fprintf(stderr, "  missed %s (%s) @%llu\n", exp[e].value, plant_name((int)(e % PLANT_COUNT)),
                         (unsigned long long)exp[e].offset);
        found += ok;
    }
    CHECK(found == np);
    CHECK(h.n == np);   /* and no checksum-valid false positive in 2 MiB of random bytes */
    /* the same hits whatever the blocks: the gate skips most random blocks, and a candidate that
     * starts in a skipped block is replayed into the next scanned one */
    hits h2;
    run_random_blocks(db, sc, buf, len, 3000, 5, &h2);
    CHECK(same_hits(&h, &h2));
    free_hits(&h2);
    run(db, sc, buf, 300000, 1, &h2);
    size_t first = 0;
    while (first < h.n && h.v[first].offset + h.v[first].length <= 300000) first++;
    CHECK(h2.n == first);
    for (size_t i = 0; i < h2.n && i < first; i++) CHECK(memcmp(&h2.v[i], &h.v[i], sizeof h.v[i]) == 0);
    free_hits(&h2);
    dft_cscan_stats st;
    dft_cscan_scratch_stats(sc, &st);
    CHECK(st.skipped > len / 2);
    free_hits(&h);
    free(exp);
    free(vals);
    free(buf);
}

/* The details JSON the plugin emits for a hit. */
static void test_scan_engine__details_json(const dft_cscan_db *db, dft_cscan_scratch *sc)
{
    (void)db; (void)sc;
    dft_crypto_hit a;
    CHECK(dft_crypto_classify("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", 34, &a) == DFT_OK);
    dft_cscan_hit h = { .kind = "crypto.address", .value = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", .addr = &a,
                        .ctx_before = "pay \x01\"", .ctx_before_len = 6, .ctx_after = "\xe0\xb8\x81 ok",
                        .ctx_after_len = 6 };
    char *j = dft_crypto_scan_details(&h);
    CHECK(j && strcmp(j, "{\"canonical\":\"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t\",\"context\":{\"after\":"
                         "\"\xe0\xb8\x81 ok\",\"before\":\"pay .\\\"\"},\"sensitive\":[\"context\"],\"testnet\":false,"
                         "\"token\":\"USDT-TRC20\",\"variant\":\"base58\"}") == 0);
    free(j);
    CHECK(dft_crypto_classify("5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ", 51, &a) == DFT_OK);
    h.value = "5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ";
    h.kind = "crypto.private_key";
    h.utf16 = true;
    h.ctx_before = "a\0b\0";
    h.ctx_before_len = 4;
    h.ctx_after_len = 0;
    j = dft_crypto_scan_details(&h);
    CHECK(j && strstr(j, "\"encoding\":\"utf-16le\"") && strstr(j, "\"before\":\"ab\"") &&
          strstr(j, "\"severity\":\"high\"") && strstr(j, "\"sensitive\":[\"value\",\"canonical\",\"context\"]"));
    /* the text around a key or seed is where its passphrase is written: sensitive too */
    free(j);
}

/* The word gate's stop words must be in none of the 10 lists, else a mnemonic using one is lost. */
static void test_scan_engine__stop_words_in_no_list(void)
{
    static const char *langs[] = { "chinese_simplified", "chinese_traditional", "czech", "english", "french",
                                   "italian", "japanese", "korean", "portuguese", "spanish" };
    size_t n;
    const char *const *sw = dft_cscan_stop_words(&n);
    CHECK(n > 50);
    for (size_t l = 0; l < 10; l++) {
        char path[4096], line[128];
        snprintf(path, sizeof path, "%s/%s.txt", DFT_BIP39_DIR, langs[l]);
        FILE *f = fopen(path, "r");
        CHECK(f != NULL);
        if (!f) continue;
        size_t lines = 0;
        while (fgets(line, sizeof line, f)) {
            line[strcspn(line, "\r\n")] = '\0';
            lines++;
            for (size_t i = 0; i < n; i++)
                if (strcmp(line, sw[i]) == 0) {
                    fprintf(stderr, "  stop word %s is in %s\n", sw[i], langs[l]);
                    CHECK(0);
                }
        }
        CHECK(lines == 2048);
        fclose(f);
    }
}

/* Seeds are written in capitals on paper backups and in notes ("LEGAL WINNER ...", "ABANDON ...") and in
 * Title Case ("Legal Winner ..."); the validator case-folds, so the engine's trigger and word gate must
 * not lose them (Title Case only as a run of Title Case words: see scan_engine.c). Each document holds
 * one seed at a known offset, fed whole and in 7-byte blocks. */
static void test_scan_engine__seed_in_capitals(const dft_cscan_db *db, dft_cscan_scratch *sc)
{
    static const char *docs[] = {
        "my seed: LEGAL WINNER THANK YEAR WAVE SAUSAGE WORTH USEFUL LEGAL WINNER THANK YEAR WAVE SAUSAGE "
        "WORTH USEFUL LEGAL WINNER THANK YEAR WAVE SAUSAGE WORTH TITLE\nend",
        "my seed: ABANDON ABANDON ABANDON ABANDON ABANDON ABANDON ABANDON ABANDON ABANDON ABANDON ABANDON "
        "ABOUT\nend",
        "my seed: Legal Winner Thank Year Wave Sausage Worth Useful Legal Winner Thank Year Wave Sausage "
        "Worth Useful Legal Winner Thank Year Wave Sausage Worth Title\nend",
        "my seed: Abandon Abandon Abandon Abandon Abandon Abandon Abandon Abandon Abandon Abandon Abandon "
        "About\nend",
    };
    const char *want[] = { seed_en24, seed_en, seed_en24, seed_en };
    for (size_t d = 0; d < 4; d++) {
        for (size_t block = 0; block <= 7; block += 7) {
            hits h;
            run(db, sc, (const uint8_t *)docs[d], strlen(docs[d]), block, &h);
            CHECK(h.n == 1);
            if (h.n == 1) {
                CHECK(strcmp(h.v[0].kind, "crypto.seed") == 0);
                CHECK(h.v[0].offset == 9);
                CHECK(h.v[0].length == strlen(docs[d]) - 9 - 4);
                CHECK(strcmp(h.v[0].value, want[d]) == 0);
            } else {
                fprintf(stderr, "  capitals doc %zu block %zu: %zu hits\n", d, block, h.n);
            }
            free_hits(&h);
        }
    }
}

/* Windows keeps text in UTF-16LE (Notepad "Unicode", Sticky Notes, registry values): a seed there,
 * all lower case and in Title Case, after 3000 bytes of UTF-16LE prose so that the run crosses block
 * edges, fed whole and in 7- and 61-byte blocks: one hit, UTF-16LE offsets (2 bytes a character). */
static void test_scan_engine__seed_in_utf16le(const dft_cscan_db *db, dft_cscan_scratch *sc)
{
    static const char *seeds[] = { "abandon abandon abandon abandon abandon abandon abandon abandon abandon "
                                   "abandon abandon about",
                                   "Legal Winner Thank Year Wave Sausage Worth Useful Legal Winner Thank Year "
                                   "Wave Sausage Worth Useful Legal Winner Thank Year Wave Sausage Worth Title" };
    const char *want[] = { seed_en, seed_en24 };
    for (size_t d = 0; d < 2; d++) {
        char text[4096];
        int tn = snprintf(text, sizeof text, "%s", "");
        while (tn < 3000) tn += snprintf(text + tn, sizeof text - (size_t)tn, "%s", "Notes for the meeting. ");
        size_t seed_at = (size_t)tn;
        tn += snprintf(text + tn, sizeof text - (size_t)tn, "%s\r\nthe end", seeds[d]);
        uint8_t buf[8192];
        for (int i = 0; i < tn; i++) {
            buf[2 * i] = (uint8_t)text[i];
            buf[2 * i + 1] = 0;
        }
        size_t blocks[] = { 0, 7, 61 };
        for (size_t k = 0; k < 3; k++) {
            hits h;
            run(db, sc, buf, 2 * (size_t)tn, blocks[k], &h);
            CHECK(h.n == 1);
            if (h.n == 1) {
                CHECK(strcmp(h.v[0].kind, "crypto.seed") == 0);
                CHECK(strcmp(h.v[0].value, want[d]) == 0);
                CHECK(h.v[0].utf16);
                CHECK(h.v[0].offset == 2 * seed_at);
                CHECK(h.v[0].length == 2 * strlen(seeds[d]));
            } else {
                fprintf(stderr, "  utf16 doc %zu block %zu: %zu hits\n", d, blocks[k], h.n);
            }
            free_hits(&h);
        }
    }
}

/* Title Case is taken only as a run of 12 Title Case words: the same seed words as sentence starts in
 * prose, or one capitalised word leading lower-case ones that are not a seed, give nothing. */
static void test_scan_engine__title_case_prose_is_no_seed(const dft_cscan_db *db, dft_cscan_scratch *sc)
{
    static const char *docs[] = {
        "Abandon ship. Abandon hope. Abandon all. Abandon them. Abandon work. Abandon plans. Abandon "
        "cars. Abandon homes. Abandon fear. Abandon debt. Abandon pride. About time.\n",
        "Abandon Abandon Abandon Abandon Abandon abandon Abandon Abandon Abandon Abandon Abandon About\n",
    };
    for (size_t d = 0; d < 2; d++) {
        hits h;
        run(db, sc, (const uint8_t *)docs[d], strlen(docs[d]), 0, &h);
        CHECK(h.n == 0);
        free_hits(&h);
    }
}

/* TRON's 41-hex form has no checksum: any 42 hex digits starting "41" pass, so the engine must report
 * it at the classifier's unchecked confidence (0.5), never the 0.99 of checksum-valid forms, while the
 * T... form of the same account is 0.99. */
typedef struct conf_got { double conf[4]; char variant[4][16]; size_t n; } conf_got;
static int collect_conf(void *payload, const dft_cscan_hit *h)
{
    conf_got *c = payload;
    if (c->n < 4 && h->addr) {
        c->conf[c->n] = h->addr->confidence;
        snprintf(c->variant[c->n], sizeof c->variant[c->n], "%s", h->addr->variant);
        c->n++;
    }
    return 0;
}

static void test_scan_engine__hex41_unchecked_confidence(const dft_cscan_db *db, dft_cscan_scratch *sc)
{
    static const char *doc = "hex 41a614f803b6fd780986a42c78ec9c7f77e6ded13c and TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t\n";
    conf_got c = { 0 };
    CHECK(dft_cscan_buffer(db, sc, (const uint8_t *)doc, strlen(doc), 0, collect_conf, &c) == DFT_OK);
    CHECK(c.n == 2);
    CHECK(strcmp(c.variant[0], "hex41") == 0 && c.conf[0] == 0.5);
    CHECK(strcmp(c.variant[1], "base58") == 0 && c.conf[1] == 0.99);
    dft_crypto_hit a;
    CHECK(dft_crypto_classify("41a614f803b6fd780986a42c78ec9c7f77e6ded13c", 42, &a) == DFT_OK);
    dft_cscan_hit h = { .kind = "crypto.address", .value = "41a614f803b6fd780986a42c78ec9c7f77e6ded13c", .addr = &a };
    char *j = dft_crypto_scan_details(&h);
    CHECK(j && strstr(j, "\"canonical\":\"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t\"") && strstr(j, "\"variant\":\"hex41\""));
    free(j);
}

int main(void)
{
    dft_bip39 *b = NULL;
    CHECK(dft_bip39_load(&b, DFT_BIP39_DIR) == DFT_OK);
    CHECK(plant_load_words(DFT_BIP39_DIR "/english.txt") == 0);
    /* every positive is valid for the validator itself (else the vector is wrong, not the scanner) */
    for (size_t i = 0; i < NPOS; i++) {
        dft_crypto_hit a;
        int rc = dft_crypto_classify(positives[i].text, strlen(positives[i].text), &a);
        if (rc) fprintf(stderr, "  not valid: %s\n", positives[i].text);
        CHECK(rc == DFT_OK);
    }
    dft_cscan_db *db = NULL;
    dft_cscan_scratch *sc = NULL;
    CHECK(dft_cscan_db_new(&db, b) == DFT_OK);
    CHECK(db && dft_cscan_scratch_new(&sc, db) == DFT_OK);
    if (!db || !sc) return 1;
    test_scan_engine__vectors_in_text_any_block_size(db, sc);
    test_scan_engine__utf16le(db, sc);
    test_scan_engine__straddles_64k_boundary(db, sc);
    test_scan_engine__negatives_report_nothing(db, sc);
    test_scan_engine__planted_recall(db, sc);
    test_scan_engine__details_json(db, sc);
    test_scan_engine__stop_words_in_no_list();
    test_scan_engine__seed_in_capitals(db, sc);
    test_scan_engine__title_case_prose_is_no_seed(db, sc);
    test_scan_engine__seed_in_utf16le(db, sc);
    test_scan_engine__hex41_unchecked_confidence(db, sc);
    dft_cscan_scratch_free(sc);
    dft_cscan_db_free(db);
    dft_bip39_free(b);
    if (failures) fprintf(stderr, "%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
