/*
 * pass.h - passes after the walk (plugin.h: evidence_pass, case_pass), run by the ingest on its own
 * thread once the pipeline of an item has drained (the store is free then).
 *
 * Invariants:
 *  1. An evidence pass runs after every file of its item (postponed scans and derived files included)
 *     is written and before the item is completed and sealed: its rows belong to the item.
 *  2. A case pass runs after every item of the ingest completed; its rows are case-level
 *     (evidence_id NULL, file_id kept for reference) and sealed with the run (case.seal).
 *  3. Plugins run in name order, each in its own transaction; a failing pass is recorded as an
 *     evidence.warning and the others still run.
 */
#ifndef DFT_PASS_H
#define DFT_PASS_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "plugin.h"
#include "store.h"

typedef struct dft_pass_stats {
    uint64_t passes, rows, warnings;
} dft_pass_stats;

/* Every enabled plugin's evidence_pass for one evidence item. */
int dft_passes_run_evidence(dft_store *st, const dft_evidence_view *ev, const volatile sig_atomic_t *interrupt,
                            dft_pass_stats *stats);
/* Every enabled plugin's case_pass over the items this ingest wrote. */
int dft_passes_run_case(dft_store *st, const int64_t *evidence_ids, size_t n_ids,
                        const volatile sig_atomic_t *interrupt, dft_pass_stats *stats);

#endif
