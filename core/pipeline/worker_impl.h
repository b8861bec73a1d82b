/*
 * worker_impl.h - what worker.c and worker_lanes.c share: a file's read state (read_job), one file
 * of a batch between its read and its end (file_ctx), and the two halves of a file's processing.
 * Private to the worker.
 */
#ifndef DFT_WORKER_IMPL_H
#define DFT_WORKER_IMPL_H

#include "pipeline_impl.h"

#include "mbhash_budget.h"
#include "timefmt.h"

#define HEAD_BYTES (64u * 1024u)
#define MAX_PLUGINS_PER_FILE 64
/* Batching for multi-buffer hashing: with 16 lanes a batch of 64 small files keeps the lanes full
 * through most of the batch. Memory held per worker for the lanes is bounded by BATCH_BYTES of kept
 * content (issue 15: <= 8 MiB per worker): the batch is cut by the walk's sizes, and because a
 * file's content can outgrow what the walk said, every hbuf allocation is also charged to the
 * batch's budget (read_job.kept): a file that would overrun it leaves the lanes for the OpenSSL
 * hasher. Before this budget, 64 files each growing to 2 x BATCH_FILE_MAX could hold 128 MiB. */
#define BATCH_MAX 64
#define BATCH_FILE_MAX (1u << 20)
#define BATCH_BYTES DFT_MB_BUDGET_BYTES
/* How far down the queue a worker looks for large files to read together (the queue is bounded
 * by the pipeline's capacity anyway; this bounds the time under the lock). */
#define STREAM_LOOKAHEAD 4096
_Static_assert(BATCH_FILE_MAX <= BATCH_BYTES, "a batchable file must fit the per-worker budget");

typedef struct read_job {
    worker *w;
    item *it;
    dft_file *file;
    uint8_t *prefix;            /* bytes seen before the decision */
    size_t prefix_len, prefix_cap;
    bool decided;
    uint64_t total;
    size_t whole[MAX_PLUGINS_PER_FILE], n_whole;   /* whole-file plugins run at once */
    size_t later[MAX_PLUGINS_PER_FILE], n_later;   /* ... and postponed ones (they declare siblings) */
    size_t stream[MAX_PLUGINS_PER_FILE], n_stream;
    dft_scan *stream_scan[MAX_PLUGINS_PER_FILE];
    void *stream_state[MAX_PLUGINS_PER_FILE];
    int stream_rc[MAX_PLUGINS_PER_FILE];
    bool stream_begun[MAX_PLUGINS_PER_FILE]; /* stream_begin succeeded: stream_end is owed */
    bool reread;                /* the source can read the file again after the walk: no copy kept */
    bool want_copy;             /* a materialised copy is made */
    bool dual;                  /* the copy is on disk for postponed scans, and small enough to be kept in
                                   memory as well for the whole-file scans of this turn */
    uint8_t *mem;               /* materialised copy in memory */
    size_t mem_len, mem_cap;
    int fd;                     /* or on disk */
    char *copy_path;
    int copy_rc;
    bool lanes;                 /* content kept in hbuf for the batch hash, not fed to w->hasher */
    uint8_t *hbuf;
    size_t hlen, hcap;
    dft_mb_budget *kept;        /* the batch's hbuf bytes (sum of hcap), never above BATCH_BYTES */
    struct lane_reader *reader; /* a large file read by a lane reader (worker_lanes.c): its chunks go
                                   to the worker's lane stage, not to w->hasher */
    uint64_t inmem_cap;         /* bytes of the materialised copy kept in memory before it moves to disk */
    uint64_t *inmem_left;       /* lane readers: what the batch's in-memory copies may still take */
    bool cancel;                /* lane readers: the stage's per-file watchdog stopped this file */
    char copy_msg[256];         /* why copy_rc failed (captured on the reading thread) */
} read_job;

/* One file of a batch between its read (file_read) and its end (file_finish). Not moved once
 * filled: file points into tbuf and j.file to file. */
typedef struct file_ctx {
    item *it;
    dft_file file;
    char tbuf[4 * DFT_TIME_LEN];
    read_job j;
    char err[256];
    uint64_t bad;
    int rc;
    bool empty;
    bool pending;               /* read: file_finish is owed */
} file_ctx;

/* First half of a file (worker.c): everything up to the end of its read. lanes/kept: a small
 * file kept for the batch hash; reader: a large file read on a lane reader's thread. Returns
 * whether file_finish is owed. */
bool file_read(worker *w, file_ctx *fc, bool lanes, dft_mb_budget *kept, struct lane_reader *reader);
/* Second half, on the worker's thread: hash results, partial marking, links, whole-file plugins. */
void file_finish(worker *w, file_ctx *fc);

/* --- worker_lanes.c: large files sharing hash lanes --- */
typedef struct lane_stage lane_stage;
/* A lane reader's chunk (called by on_block on the reader's thread): hands it to the stage and
 * waits until the round that hashes it has run. Returns whether the file is to be cancelled. */
bool lane_reader_chunk(struct lane_reader *r, const uint8_t *data, size_t len);
/* The reader's source thread state (one cached per reader). */
int lane_reader_tstate(struct lane_reader *r, dft_source *src, void **out);
/* The lane stage of a worker (NULL until first used); frees readers and their thread states. */
void lane_stage_free(lane_stage *ls);
/* How many queued items a streamed batch may take (0: no streaming with this engine). */
size_t lane_stage_batch_max(dft_hash_engine engine);
/* Whether it is worth streaming n large files together (enough for the lanes to beat OpenSSL). */
bool lane_stage_worth(dft_hash_engine engine, size_t n);
/* Reads and hashes the large files fcs[0..n) together (their reads interleaved chunk by chunk on
 * reader threads, one running at a time), leaving file_finish owed where file_read said so. */
void lane_stage_run(lane_stage **ls, worker *w, file_ctx *fcs, size_t n);

#endif
