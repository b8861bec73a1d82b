/*
 * ingest.h - ingest one evidence item into an open case file: the orchestration of evidence, pipeline,
 * media hash, passes and store that the `ingest` command runs for each item (ingest.c).
 *
 * Invariants:
 *  1. The caller holds the case lock and has begun a run (dft_store_run_begin); the item ends
 *     'complete' (sealed) or stays 'incomplete' for a later resume.
 *  2. Returns DFT_EEXISTS when the item is already complete in the case (skipped), DFT_ECANCELLED
 *     when *interrupt was raised, another negative code when the item failed (message set).
 */
#ifndef DFT_INGEST_H
#define DFT_INGEST_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "evidence.h"
#include "mbhash.h"
#include "store.h"

typedef struct dft_ingest_item_opts {
    int threads;                /* worker threads */
    uint64_t max_inmem;         /* whole-file copies up to this size stay in memory */
    int file_timeout_s;         /* per-file watchdog (0 = off) */
    int item_timeout_s;         /* per-item walk watchdog (0 = off) */
    bool full_magic;            /* libmagic's full database on every file */
    int max_decode_depth;       /* decoded content / derived files (0 = default) */
    uint64_t max_decoded;       /* decoded bytes per file (0 = default) */
    bool slack;                 /* file slack to DFT_CLAIM_UNALLOC plugins */
    dft_hash_engine hash_engine; /* file digests (--hash-engine; the media hash is always OpenSSL) */
    bool progress;              /* a progress line on stderr */
    int n_items;                /* items of the run, for the progress label */
    const volatile sig_atomic_t *interrupt; /* nonzero: stop (SIGINT/SIGTERM) */
} dft_ingest_item_opts;

/* Ingests item `index` of the run; *out_id gets its evidence id when it completed. tmp is the run's
 * private 0700 work directory. */
int dft_ingest_item(dft_store *store, int64_t run_id, const dft_ingest_item_opts *o, dft_evidence *ev, int index,
                    const char *tmp, int64_t *out_id);

#endif
