/*
 * pipeline.h - the ingest pipeline of one evidence item: the walk sink, worker threads that read
 * each file once (hashes, libmagic, plugins), and the single writer thread that owns the case store.
 *
 *   walker thread ──sink──> work queue (bounded) ──> workers (N) ──> reorder ring ──> writer ──> SQLite
 *                    └─ volumes, file systems, regions, warnings, metadata ─────────┘
 *
 * Invariants:
 *  1. Every record gets a sequence number from the walker thread; the writer writes in sequence
 *     order, so row ids and row order are a pure function of the walk (deterministic output).
 *  2. At most `capacity` items are between the sink and the writer: the sink blocks when full, so
 *     memory stays bounded on millions of files.
 *  3. Workers never touch SQLite; the writer never reads evidence.
 *  4. Each file's content is read once: the same blocks feed the hashes, libmagic, streaming plugins
 *     and the private materialised copy for whole-file plugins.
 *  5. Whole-file plugins that declare siblings, and directory claims, run after the walk
 *     (dft_pipeline_finish), in file-id order, when every file of the item is in the file index.
 */
#ifndef DFT_PIPELINE_H
#define DFT_PIPELINE_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "mbhash.h"
#include "store.h"
#include "walk.h"

typedef struct dft_pipeline dft_pipeline;

typedef struct dft_pipeline_options {
    int threads;                /* worker threads, >= 1 */
    uint64_t max_inmem;         /* whole-file copies up to this size stay in memory */
    int file_timeout_s;         /* watchdog: a file taking longer is cancelled (0 = off) */
    const char *temp_dir;       /* private 0700 directory owned by the run */
    int commit_every;           /* items per transaction */
    const volatile sig_atomic_t *interrupt; /* nonzero: the user interrupted: walk and queued work stop */
    bool full_magic;            /* libmagic's full database on every file (typer.h) */
    int max_decode_depth;       /* nested decoded content / derived files (0 = default 5) */
    uint64_t max_decoded;       /* decoded bytes dispatched per file (0 = default 1 GiB) */
    /* Region scan (DFT_CLAIM_UNALLOC plugins): file slack too (--slack), and how to read the media
     * for what the media-hash read did not cover (slack, regions found after the hash passed them,
     * a failed or absent hash). read_at NULL: those regions are skipped with a warning. */
    bool slack;
    int (*read_at)(void *payload, uint64_t offset, void *buf, size_t len);
    void *read_payload;
    const char *evidence_path;  /* the item as given on the command line (dft_file.evidence), or NULL */
    const char *evidence_kind;  /* evidence.kind, or NULL */
    dft_hash_engine hash_engine; /* file digests: auto (0, multi-buffer lanes when the CPU has them) or forced */
} dft_pipeline_options;

typedef struct dft_pipeline_stats {
    uint64_t files, dirs, bytes, partial, warnings, findings, rows;
    /* region scan: regions and slack pieces scanned; bytes taken from the media-hash read; bytes read
     * again (read_at) */
    uint64_t regions, region_shared_bytes, region_reread_bytes;
    /* multi-buffer hashing of large files (issue 15): files read together with others in lanes, and
     * digests of theirs handed back to OpenSSL half-way (or started there: too few lanes busy) */
    uint64_t lane_files, lane_handback;
} dft_pipeline_stats;

/* Starts the workers and the writer. The store is owned by the writer until finish(). */
int dft_pipeline_new(dft_pipeline **out, dft_store *store, int64_t evidence_id,
                     const dft_pipeline_options *opts);
/* The sink the walker reports to (borrowed from p). */
const dft_walk_sink *dft_pipeline_sink(dft_pipeline *p);
/* Region scan (plugin.h DFT_CLAIM_UNALLOC). True when some enabled plugin claims unallocated space:
 * then the caller taps the media hash with dft_pipeline_media_block (dft_evidence_set_media_tap),
 * calls dft_pipeline_walk_done after the walk, and joins the hash thread before finish(). When false
 * nothing of this costs anything. */
bool dft_pipeline_scans_regions(const dft_pipeline *p);
/* The media-hash tap (a dft_block_fn; payload = the pipeline): the region scan takes the bytes of
 * unallocated regions from this read. Waits, when it is ahead of the walk, until the walk has
 * reported the regions of the range (walk.h mapped) or has ended. Always returns DFT_OK. */
int dft_pipeline_media_block(void *p, uint64_t offset, const uint8_t *data, size_t len);
/* The walk has ended (successfully or not): the media tap no longer waits. */
void dft_pipeline_walk_done(dft_pipeline *p);

/* Runs deferred scans, finishes the region scan (reads what the media hash did not cover; rows
 * in disk order), waits until every item is written and committed, stops the threads. */
int dft_pipeline_finish(dft_pipeline *p, dft_pipeline_stats *out);
/* Stops early: the walk stops, queued files are written without reading their content or running
 * plugins, postponed scans are dropped; what was written stays (the evidence remains incomplete). */
void dft_pipeline_cancel(dft_pipeline *p);
void dft_pipeline_free(dft_pipeline *p);

/* Live counters for the progress line (may be read from any thread). */
void dft_pipeline_progress(const dft_pipeline *p, uint64_t *files_done, uint64_t *files_seen,
                           uint64_t *bytes_done);

#endif
