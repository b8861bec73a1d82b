/*
 * test_mbbudget.c - the per-worker memory bound of the multi-buffer hash batches
 * (core/pipeline/mbhash_budget.h, used by core/pipeline/worker.c): buffers charged against an
 * 8 MiB budget never exceed it, refusals leave the budget unchanged, and the worst case that used
 * to hold 128 MiB (64 batched files, each growing past its walk size to 2 MiB) now stays <= 8 MiB.
 * Deterministic: a fixed-seed generator, a shadow model computed independently.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "mbhash_budget.h"

static int failures;
#define CHECK(cond, ...)                                                  \
    do {                                                                  \
        if (!(cond)) {                                                    \
            fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);               \
            fprintf(stderr, __VA_ARGS__);                                 \
            fputc('\n', stderr);                                          \
            if (++failures > 20) exit(1);                                 \
        }                                                                 \
    } while (0)

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* The worker's growth rule (worker.c hbuf_append): doubling from 4 KiB up to 2 MiB, each step
 * charged; a refused step sends the file to OpenSSL (its charge is released). Returns the peak. */
static size_t worst_case_batch(size_t files, size_t grow_to)
{
    dft_mb_budget b = { .limit = DFT_MB_BUDGET_BYTES };
    size_t lanes_files = 0;
    for (size_t f = 0; f < files; f++) {
        size_t cap = 0;
        if (!dft_mb_budget_resize(&b, 0, 0)) continue;
        int in_lanes = 1;
        for (size_t want = 4096; want <= grow_to; want *= 2) {
            if (!dft_mb_budget_resize(&b, cap, want)) {
                dft_mb_budget_release(&b, cap);
                in_lanes = 0;
                break;
            }
            cap = want;
            CHECK(b.used <= DFT_MB_BUDGET_BYTES, "used %zu over the budget", b.used);
        }
        lanes_files += (size_t)in_lanes;
    }
    /* 8 MiB / 2 MiB: exactly four files keep their 2 MiB buffers; the other 60 went to OpenSSL */
    CHECK(lanes_files == DFT_MB_BUDGET_BYTES / grow_to, "files kept in lanes: %zu", lanes_files);
    return b.peak;
}

int main(void)
{
    /* exact edges */
    dft_mb_budget b = { .limit = 100 };
    CHECK(dft_mb_budget_resize(&b, 0, 100), "filling to the limit is allowed");
    CHECK(!dft_mb_budget_resize(&b, 0, 1), "one byte over is refused");
    CHECK(b.used == 100, "a refusal changes nothing (used %zu)", b.used);
    CHECK(dft_mb_budget_resize(&b, 100, 40), "shrinking is allowed");
    CHECK(b.used == 40, "used %zu", b.used);
    CHECK(!dft_mb_budget_resize(&b, 41, 0), "releasing more than charged is refused");
    CHECK(!dft_mb_budget_resize(&b, 0, SIZE_MAX), "a huge request does not wrap");
    CHECK(!dft_mb_budget_resize(&b, 0, SIZE_MAX - 30), "a near-SIZE_MAX request does not wrap");
    CHECK(b.used == 40 && b.peak == 100, "used %zu peak %zu", b.used, b.peak);
    dft_mb_budget_release(&b, 40);
    CHECK(b.used == 0, "released to %zu", b.used);

    /* the worst case: 64 files x 2 MiB (was 128 MiB held) */
    size_t peak = worst_case_batch(64, (size_t)2 << 20);
    CHECK(peak <= DFT_MB_BUDGET_BYTES, "peak %zu over 8 MiB", peak);
    CHECK(peak == DFT_MB_BUDGET_BYTES, "peak %zu: four 2 MiB buffers fill the budget exactly", peak);

    /* random charges against a shadow model */
    dft_mb_budget r = { .limit = DFT_MB_BUDGET_BYTES };
    size_t caps[64] = { 0 }, model = 0;
    for (int step = 0; step < 200000; step++) {
        size_t k = next() % 64;
        if (next() % 4 == 0) {
            dft_mb_budget_release(&r, caps[k]);
            model -= caps[k];
            caps[k] = 0;
        } else {
            size_t want = (size_t)(next() % ((size_t)3 << 20));
            int ok = dft_mb_budget_resize(&r, caps[k], want);
            int expect = model - caps[k] + want <= DFT_MB_BUDGET_BYTES;
            CHECK(ok == expect, "step %d: resize %zu -> %zu with %zu used: %d, expected %d", step, caps[k], want,
                  model, ok, expect);
            if (ok) {
                model = model - caps[k] + want;
                caps[k] = want;
            }
        }
        CHECK(r.used == model, "step %d: used %zu, model %zu", step, r.used, model);
        CHECK(r.used <= DFT_MB_BUDGET_BYTES, "step %d: used %zu over the budget", step, r.used);
    }
    if (failures) {
        fprintf(stderr, "%d failures\n", failures);
        return 1;
    }
    printf("mbbudget: ok (worst-case peak %zu bytes)\n", peak);
    return 0;
}
