/*
 * crypto_scan_bench.c - the crypto_scan engine alone (plugins/crypto_scan/scan_engine.c) over buffers in
 * memory, fed in 64 KiB blocks like the pipeline does (docs/crypto-scan.md has the numbers):
 *   (a) ordinary data: the first MiB of a file given with --ordinary (e.g. the bench image mixed.raw),
 *       else generated mixed content (prose, JSON, logs, hex digests, base64, random binary chunks);
 *   (b) random bytes; (c) English text (--text FILE, else generated prose);
 * MB/s per core (bytes / thread CPU time, best of --reps), the checksum-valid hits on (b) and (c) (all
 * false positives: nothing was planted), and the recall on a planted set: --plant N random valid
 * indicators of every kind (plant.c) at random offsets of (a), every 5th across a 64 KiB block edge.
 *
 *   crypto_scan_bench [--mb N] [--reps N] [--plant N] [--ordinary FILE] [--text FILE]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "error.h"
#include "plant.h"
#include "plugins/crypto_scan/scan_engine.h"

#define BLOCK 65536

static double now(clockid_t c)
{
    struct timespec t;
    clock_gettime(c, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ---- generated content ------------------------------------------------------------------------ */

static const char *prose_words[] = {
    "the", "of", "and", "to", "a", "in", "is", "it", "that", "was", "for", "on", "are", "with", "as", "his",
    "they", "be", "at", "one", "have", "this", "from", "by", "hot", "word", "but", "what", "some", "we",
    "can", "out", "other", "were", "all", "there", "when", "up", "use", "your", "how", "said", "an", "each",
    "she", "which", "do", "their", "time", "if", "will", "way", "about", "many", "then", "them", "write",
    "would", "like", "so", "these", "her", "long", "make", "thing", "see", "him", "two", "has", "look",
    "more", "day", "could", "go", "come", "did", "number", "sound", "no", "most", "people", "my", "over",
    "know", "water", "than", "call", "first", "who", "may", "down", "side", "been", "now", "find", "money",
    "transfer", "account", "bank", "payment", "wallet", "address", "please", "send", "receive", "today",
    "meeting", "office", "report", "manager", "contract", "agreement", "invoice", "customer", "service",
};
#define NPW (sizeof prose_words / sizeof *prose_words)

static size_t gen_prose(uint64_t *rng, char *out, size_t n)
{
    size_t o = 0;
    int in_sentence = 0;
    while (o + 32 < n) {
        const char *w = prose_words[plant_rand(rng) % NPW];
        size_t l = strlen(w);
        memcpy(out + o, w, l);
        if (!in_sentence) out[o] = (char)(out[o] - 32);
        o += l;
        in_sentence++;
        uint64_t r = plant_rand(rng) % 100;
        if (in_sentence > 4 && r < 10) { out[o++] = '.'; out[o++] = ' '; in_sentence = 0; }
        else if (r < 15) { out[o++] = ','; out[o++] = ' '; }
        else if (r < 16) { out[o++] = '\n'; out[o++] = '\n'; in_sentence = 0; }
        else out[o++] = ' ';
    }
    while (o < n) out[o++] = ' ';
    return n;
}

/* Mixed "ordinary" content: chunks of prose, JSON, log lines, hex digests, base64, random binary. */
static void gen_ordinary(uint64_t *rng, uint8_t *buf, size_t n)
{
    static const char *b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t o = 0;
    while (o < n) {
        size_t chunk = 4096 + (size_t)(plant_rand(rng) % 60000);
        if (chunk > n - o) chunk = n - o;
        uint8_t *p = buf + o;
        switch (plant_rand(rng) % 6) {
        case 0: gen_prose(rng, (char *)p, chunk); break;
        case 1:   /* JSON records */
            for (size_t k = 0; k < chunk;) {
                char line[256];
                int l = snprintf(line, sizeof line, "{\"id\":%llu,\"user\":\"user%llu\",\"ts\":\"2024-05-%02llu\","
                                 "\"ok\":true,\"score\":%llu}\n", (unsigned long long)plant_rand(rng) % 100000,
                                 (unsigned long long)plant_rand(rng) % 5000,
                                 (unsigned long long)(1 + plant_rand(rng) % 28),
                                 (unsigned long long)plant_rand(rng) % 1000);
                size_t c = (size_t)l < chunk - k ? (size_t)l : chunk - k;
                memcpy(p + k, line, c);
                k += c;
            }
            break;
        case 2:   /* hex digests (sha1/sha256/md5) as in logs and manifests */
            for (size_t k = 0; k < chunk; k++) {
                size_t col = k % 80;
                p[k] = col == 64 ? '\n' : col > 64 ? ' ' : (uint8_t)"0123456789abcdef"[plant_rand(rng) % 16];
            }
            break;
        case 3:   /* base64 lines */
            for (size_t k = 0; k < chunk; k++)
                p[k] = k % 77 == 76 ? '\n' : (uint8_t)b64[plant_rand(rng) % 64];
            break;
        default:  /* compressed/encrypted-looking binary */
            for (size_t k = 0; k < chunk; k++) p[k] = (uint8_t)plant_rand(rng);
        }
        o += chunk;
    }
}

/* ---- measuring -------------------------------------------------------------------------------- */

typedef struct count {
    uint64_t hits;
    uint64_t *offs;              /* recorded offsets (planted run) */
    char (*vals)[600];
    size_t n, cap;
} count;

static int on_hit(void *payload, const dft_cscan_hit *h)
{
    count *c = payload;
    c->hits++;
    if (c->offs && c->n < c->cap) {
        c->offs[c->n] = h->offset;
        snprintf(c->vals[c->n], sizeof c->vals[c->n], "%s", h->value);
        c->n++;
    }
    return 0;
}

/* best-of-reps MB/s per core; *hits_out = hits of the last run */
static double measure(const dft_cscan_db *db, dft_cscan_scratch *sc, const uint8_t *buf, size_t n, int reps,
                      uint64_t *hits_out, double *wall_mbs)
{
    double best = 0, bestw = 0;
    for (int r = 0; r < reps; r++) {
        count c = { 0 };
        double t0 = now(CLOCK_THREAD_CPUTIME_ID), w0 = now(CLOCK_MONOTONIC);
        dft_cscan_buffer(db, sc, buf, n, BLOCK, on_hit, &c);
        double t = now(CLOCK_THREAD_CPUTIME_ID) - t0, w = now(CLOCK_MONOTONIC) - w0;
        double mbs = (double)n / 1e6 / t, wmbs = (double)n / 1e6 / w;
        if (mbs > best) best = mbs;
        if (wmbs > bestw) bestw = wmbs;
        *hits_out = c.hits;
    }
    *wall_mbs = bestw;
    return best;
}

static uint8_t *read_file(const char *path, size_t cap, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    uint8_t *b = malloc(cap);
    *n = b ? fread(b, 1, cap, f) : 0;
    fclose(f);
    return b;
}

int main(int argc, char **argv)
{
    size_t mb = 64, nplant = 1900;
    int reps = 3;
    const char *ordinary = NULL, *text = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--mb") && i + 1 < argc) mb = (size_t)atol(argv[++i]);
        else if (!strcmp(argv[i], "--reps") && i + 1 < argc) reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--plant") && i + 1 < argc) nplant = (size_t)atol(argv[++i]);
        else if (!strcmp(argv[i], "--ordinary") && i + 1 < argc) ordinary = argv[++i];
        else if (!strcmp(argv[i], "--text") && i + 1 < argc) text = argv[++i];
        else {
            fprintf(stderr, "usage: %s [--mb N] [--reps N] [--plant N] [--ordinary FILE] [--text FILE]\n", argv[0]);
            return 2;
        }
    }
    size_t n = mb << 20;
    dft_bip39 *lists = NULL;
    if (dft_bip39_load(&lists, DFT_BIP39_DIR) != DFT_OK || plant_load_words(DFT_BIP39_DIR "/english.txt")) {
        fprintf(stderr, "cannot load the BIP39 lists from %s\n", DFT_BIP39_DIR);
        return 1;
    }
    dft_cscan_db *db;
    dft_cscan_scratch *sc;
    if (dft_cscan_db_new(&db, lists) || dft_cscan_scratch_new(&sc, db)) return 1;

    uint64_t rng = 20261202;
    size_t on = n, tn = n;
    uint8_t *ord = ordinary ? read_file(ordinary, n, &on) : NULL;
    if (!ord) {
        ord = malloc(n);
        gen_ordinary(&rng, ord, n);
        on = n;
    }
    uint8_t *rnd = malloc(n);
    for (size_t i = 0; i < n; i++) rnd[i] = (uint8_t)plant_rand(&rng);
    uint8_t *txt = text ? read_file(text, n, &tn) : NULL;
    if (!txt) {
        txt = malloc(n);
        gen_prose(&rng, (char *)txt, n);
        tn = n;
    }

    printf("| data | MiB | MB/s per core (CPU) | MB/s wall | checksum-valid hits |\n|---|---|---|---|---|\n");
    uint64_t hits;
    double w;
    double m = measure(db, sc, ord, on, reps, &hits, &w);
    printf("| ordinary (%s) | %zu | %.0f | %.0f | %llu |\n", ordinary ? ordinary : "generated mix", on >> 20, m, w,
           (unsigned long long)hits);
    m = measure(db, sc, rnd, n, reps, &hits, &w);
    printf("| random bytes | %zu | %.0f | %.0f | %llu (false positives) |\n", n >> 20, m, w, (unsigned long long)hits);
    m = measure(db, sc, txt, tn, reps, &hits, &w);
    printf("| English text (%s) | %zu | %.0f | %.0f | %llu (false positives) |\n", text ? text : "generated",
           tn >> 20, m, w, (unsigned long long)hits);

    /* recall: plant into a copy of the ordinary data */
    size_t slot = on / (nplant ? nplant : 1);
    if (nplant && slot > 700) {
        uint8_t *pl = malloc(on);
        memcpy(pl, ord, on);
        uint64_t *offs = calloc(nplant, sizeof *offs);
        char (*vals)[600] = calloc(nplant, sizeof *vals);
        int *kinds = calloc(nplant, sizeof *kinds);
        for (size_t i = 0; i < nplant; i++) {
            const char *fk;
            kinds[i] = (int)(i % PLANT_COUNT);
            size_t vl = plant_make(kinds[i], &rng, vals[i], sizeof vals[i], &fk);
            size_t at = i * slot + 1 + (size_t)(plant_rand(&rng) % (slot - vl - 2));
            if (i % 5 == 0) {   /* across a 64 KiB block edge */
                size_t edge = (at / BLOCK + 1) * BLOCK;
                if (edge - vl / 2 > i * slot + 1 && edge + vl < (i + 1) * slot) at = edge - vl / 2;
            }
            pl[at - 1] = '\n';
            memcpy(pl + at, vals[i], vl);
            pl[at + vl] = '\n';
            offs[i] = at;
        }
        count c = { 0 };
        c.cap = nplant * 2 + 16;
        c.offs = calloc(c.cap, sizeof *c.offs);
        c.vals = calloc(c.cap, sizeof *c.vals);
        dft_cscan_buffer(db, sc, pl, on, BLOCK, on_hit, &c);
        size_t found[PLANT_COUNT] = { 0 }, total[PLANT_COUNT] = { 0 }, all = 0;
        for (size_t i = 0; i < nplant; i++) {
            total[kinds[i]]++;
            for (size_t k = 0; k < c.n; k++)
                if (c.offs[k] == offs[i] && strcmp(c.vals[k], vals[i]) == 0) { found[kinds[i]]++; all++; break; }
        }
        printf("\nPlanted %zu valid indicators in the ordinary data: recall %.2f %% (%zu found); "
               "%zu other hits (false positives or indicators in the data itself)\n",
               nplant, 100.0 * (double)all / (double)nplant, all, c.n - all);
        printf("\n| kind | planted | found |\n|---|---|---|\n");
        for (int k = 0; k < PLANT_COUNT; k++) printf("| %s | %zu | %zu |\n", plant_name(k), total[k], found[k]);
        free(c.offs); free(c.vals); free(offs); free(vals); free(kinds); free(pl);
    }
    dft_cscan_stats st;
    dft_cscan_scratch_stats(sc, &st);
    printf("\nengine totals: %llu prefilter matches, %llu classified, %llu mnemonic zones (%llu bytes)\n",
           (unsigned long long)st.matches, (unsigned long long)st.classified, (unsigned long long)st.zones,
           (unsigned long long)st.zone_bytes);
    dft_cscan_scratch_free(sc);
    dft_cscan_db_free(db);
    dft_bip39_free(lists);
    free(ord); free(rnd); free(txt);
    return 0;
}
