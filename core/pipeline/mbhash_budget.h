/*
 * mbhash_budget.h - the per-worker memory bound of the multi-buffer hash batches (issue 15: <= 8 MiB
 * of kept file content per worker). A worker keeps the bytes of a batch's small files until the
 * batch is hashed in lanes; every allocation of such a buffer is charged here first, and a file
 * whose buffer would overrun the budget is hashed by OpenSSL as it is read instead (same digests).
 * Header-only and free of pipeline types so that tests/hash/test_mbbudget.c can prove the bound.
 */
#ifndef DFT_MBHASH_BUDGET_H
#define DFT_MBHASH_BUDGET_H

#include <stdbool.h>
#include <stddef.h>

#define DFT_MB_BUDGET_BYTES ((size_t)8 << 20)

typedef struct dft_mb_budget {
    size_t used;                /* bytes of buffers charged, never above limit */
    size_t limit;
    size_t peak;                /* highest used seen (tests, diagnostics) */
} dft_mb_budget;

/* Re-charges one buffer from old_cap to new_cap bytes (old_cap must be what was charged for it).
 * Returns false, changing nothing, when the budget would be overrun. */
static inline bool dft_mb_budget_resize(dft_mb_budget *b, size_t old_cap, size_t new_cap)
{
    if (old_cap > b->used) return false;                 /* never charged: a caller bug, refuse */
    size_t rest = b->used - old_cap;
    if (new_cap > b->limit || rest > b->limit - new_cap) return false;   /* overflow-free compare */
    b->used = rest + new_cap;
    if (b->used > b->peak) b->peak = b->used;
    return true;
}

/* Returns a buffer's charge (it was freed). */
static inline void dft_mb_budget_release(dft_mb_budget *b, size_t cap)
{
    b->used = cap <= b->used ? b->used - cap : 0;
}

#endif
