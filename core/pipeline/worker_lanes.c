/*
 * worker_lanes.c - large files sharing hash lanes (issue 15): a worker reads several large files
 * together and hashes their chunks in multi-buffer lanes (mbstreams.h), one lane per file.
 *
 * Sources push content through a callback (dft_source.stream), so reading several files chunk by
 * chunk needs one call stack per file: each file in flight is read by a lane reader, a thread of
 * the worker that runs file_read (typing, stream plugins, copies: all as for any file) and, in its
 * block callback, hands each chunk to the worker and waits. Exactly one of the worker and its
 * readers runs at any moment (a baton under the stage's mutex), so the worker's state (typer,
 * plugin thread states, scratch) is never used by two threads at once, and the order of every
 * plugin call of one file is the order of its bytes. Each reader has its own source thread state
 * (TSK handles, its 1 MiB window), because files in flight are read interleaved.
 *
 * A round: every reader in flight delivers its next chunk (borrowed: the reader is blocked inside
 * its callback, so the source's window stays valid; nothing is copied), the stage hashes all
 * chunks in lanes, then the readers resume. A reader whose file ended frees its lane; the next file
 * of the batch (largest first, so files of similar remaining size run together and the tail is
 * short) takes it at once. Once no file is left to start, an algorithm whose busy lanes fall below
 * its break-even hands its streams back to OpenSSL with their state (mbstreams.c).
 *
 * Memory: per worker, the readers' windows (one per lane: 8 or 16 MiB, the bound of the borrowed
 * chunks) and their source handles; in-memory copies for whole-file plugins of the files in flight
 * share one max_inmem allowance (read_job.inmem_left), past which copies go to disk, as for one
 * large file read alone.
 *
 * Watchdog: --file-timeout applies to each file in flight on its own, against the time spent on it:
 * its reader's running time plus its share of each round's hashing. The pipeline's watchdog sees
 * the worker as busy with a new "file" at every step, so it never cancels the batch as a whole.
 * A read error mid-file ends that file's stream (its digests cover what was delivered, and
 * file_finish marks it partial, as when read alone); the other files go on.
 */
#include "worker_impl.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "error.h"
#include "mbstreams.h"

enum reader_state {
    R_IDLE = 0,     /* no file: waits for one */
    R_RUN,          /* its turn: reading until the next chunk or the file's end */
    R_CHUNK,        /* has delivered a chunk, waits for its round */
    R_END,          /* file_read returned */
    R_QUIT,
};

typedef struct lane_reader {
    lane_stage *ls;
    pthread_t th;
    bool started;
    pthread_cond_t cv;          /* the reader waits for its turn on it */
    int state;
    file_ctx *fc;
    bool owed;                  /* file_read's result */
    const uint8_t *data;        /* the chunk delivered (state R_CHUNK) */
    size_t len;
    bool cancel;                /* the stage's watchdog stopped the file */
    int64_t busy_ms;            /* time spent on the file so far */
    int sid;                    /* its stream in the stage's mbstreams, -1 if none */
    bool fed_last;              /* the stream's last (empty) chunk is given */
    dft_source *ts_src;         /* the one source thread state the reader keeps */
    void *ts;
} lane_reader;

struct lane_stage {
    worker *w;
    pthread_mutex_t mu;
    pthread_cond_t cv;          /* the worker waits for a reader on it */
    dft_mbstreams *ms;
    lane_reader rd[DFT_MB_MAX_LANES];
    unsigned n;                 /* readers (= lanes) */
    uint64_t inmem_left;        /* in-memory copy allowance of the batch */
};

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

size_t lane_stage_batch_max(dft_hash_engine engine)
{
    engine = dft_hash_engine_resolve(engine);
    if (engine == DFT_HASH_ENGINE_OPENSSL) return 0;
    /* twice the lanes: a lane freed by a file that ends is refilled from the rest of the batch */
    return 2 * (size_t)dft_hash_engine_lanes(engine);
}

bool lane_stage_worth(dft_hash_engine engine, size_t n)
{
    /* fewer files than MD5's break-even would all be handed back to OpenSSL at once */
    return n >= 2 && n >= dft_mb_break_even(engine, DFT_MB_MD5);
}

static void *reader_main(void *arg)
{
    lane_reader *r = arg;
    lane_stage *ls = r->ls;
    pthread_mutex_lock(&ls->mu);
    for (;;) {
        while (r->state != R_RUN && r->state != R_QUIT) pthread_cond_wait(&r->cv, &ls->mu);
        if (r->state == R_QUIT) break;
        pthread_mutex_unlock(&ls->mu);
        bool owed = file_read(ls->w, r->fc, false, NULL, r);
        pthread_mutex_lock(&ls->mu);
        r->owed = owed;
        r->state = R_END;
        pthread_cond_signal(&ls->cv);
    }
    pthread_mutex_unlock(&ls->mu);
    return NULL;
}

bool lane_reader_chunk(lane_reader *r, const uint8_t *data, size_t len)
{
    lane_stage *ls = r->ls;
    pthread_mutex_lock(&ls->mu);
    r->data = data;
    r->len = len;
    r->state = R_CHUNK;
    pthread_cond_signal(&ls->cv);
    while (r->state == R_CHUNK) pthread_cond_wait(&r->cv, &ls->mu);
    bool cancel = r->cancel;
    pthread_mutex_unlock(&ls->mu);
    return cancel;
}

int lane_reader_tstate(lane_reader *r, dft_source *src, void **out)
{
    if (r->ts_src == src) {
        *out = r->ts;
        return DFT_OK;
    }
    /* one state per reader: a reader moving to another file system closes the previous one */
    if (r->ts_src && r->ts_src->thread_close) r->ts_src->thread_close(r->ts_src, r->ts);
    r->ts_src = NULL;
    r->ts = NULL;
    void *ts = NULL;
    if (src->thread_open) {
        int rc = src->thread_open(src, &ts);
        if (rc) return rc;
    }
    r->ts_src = src;
    r->ts = ts;
    *out = ts;
    return DFT_OK;
}

/* Gives the reader its turn and waits until it has a chunk or its file has ended. */
static void reader_resume(lane_stage *ls, lane_reader *r)
{
    int64_t t0 = mono_ms();
    worker_file_start(ls->w);
    pthread_mutex_lock(&ls->mu);
    r->state = R_RUN;
    pthread_cond_signal(&r->cv);
    while (r->state == R_RUN) pthread_cond_wait(&ls->cv, &ls->mu);
    pthread_mutex_unlock(&ls->mu);
    r->busy_ms += mono_ms() - t0;
}

static int stage_new(lane_stage **out, worker *w)
{
    lane_stage *ls = calloc(1, sizeof *ls);
    if (!ls) return dft_error_set(DFT_ENOMEM, "out of memory for lane readers");
    int rc = dft_mbstreams_new(&ls->ms, dft_hash_engine_resolve(w->p->opts.hash_engine));
    if (rc) {
        free(ls);
        return rc;
    }
    ls->w = w;
    pthread_mutex_init(&ls->mu, NULL);
    pthread_cond_init(&ls->cv, NULL);
    ls->n = dft_mbstreams_capacity(ls->ms);
    for (unsigned i = 0; i < ls->n; i++) {
        ls->rd[i].ls = ls;
        ls->rd[i].sid = -1;
        pthread_cond_init(&ls->rd[i].cv, NULL);
    }
    *out = ls;
    return DFT_OK;
}

void lane_stage_free(lane_stage *ls)
{
    if (!ls) return;
    for (unsigned i = 0; i < ls->n; i++) {
        lane_reader *r = &ls->rd[i];
        if (r->started) {
            pthread_mutex_lock(&ls->mu);
            r->state = R_QUIT;
            pthread_cond_signal(&r->cv);
            pthread_mutex_unlock(&ls->mu);
            pthread_join(r->th, NULL);
        }
        if (r->ts_src && r->ts_src->thread_close) r->ts_src->thread_close(r->ts_src, r->ts);
        pthread_cond_destroy(&r->cv);
    }
    dft_mbstreams_free(ls->ms);
    pthread_mutex_destroy(&ls->mu);
    pthread_cond_destroy(&ls->cv);
    free(ls);
}

/* largest first; ties in batch (queue) order: the schedule is deterministic */
static int size_desc(const void *a, const void *b)
{
    const file_ctx *x = *(file_ctx *const *)a, *y = *(file_ctx *const *)b;
    if (x->it->rec.size != y->it->rec.size) return x->it->rec.size > y->it->rec.size ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* The files of a batch one after another on the worker's thread, hashed by OpenSSL as read: when
 * the stage cannot be set up (no memory, no thread). */
static void read_alone(worker *w, file_ctx *const *order, size_t n)
{
    for (size_t i = 0; i < n; i++) file_read(w, order[i], false, NULL, NULL);
}

/* Starts file fc on a free reader; false when the reader thread cannot be created. */
static bool reader_start(lane_stage *ls, lane_reader *r, file_ctx *fc)
{
    if (!r->started) {
        if (pthread_create(&r->th, NULL, reader_main, r) != 0) return false;
        r->started = true;
    }
    r->fc = fc;
    r->owed = false;
    r->cancel = false;
    r->busy_ms = 0;
    r->fed_last = false;
    r->sid = dft_mbstreams_open(ls->ms);   /* one stream per reader: never -1 here */
    fc->j.inmem_left = &ls->inmem_left;
    reader_resume(ls, r);
    return true;
}

void lane_stage_run(lane_stage **lsp, worker *w, file_ctx *fcs, size_t n)
{
    file_ctx *order[2 * DFT_MB_MAX_LANES];
    for (size_t i = 0; i < n; i++) order[i] = &fcs[i];
    qsort(order, n, sizeof *order, size_desc);
    if (!*lsp && stage_new(lsp, w) != DFT_OK) {
        read_alone(w, order, n);
        return;
    }
    lane_stage *ls = *lsp;
    struct dft_pipeline *p = w->p;
    ls->inmem_left = p->opts.max_inmem;
    int64_t limit_ms = (int64_t)p->opts.file_timeout_s * 1000;
    file_ctx *alone[2 * DFT_MB_MAX_LANES];
    size_t n_alone = 0;
    size_t in_lanes0, back0, in_lanes1, back1;
    dft_mbstreams_stats(ls->ms, &in_lanes0, &back0);
    size_t next = 0;
    bool no_start = false;      /* a reader thread could not be created: the rest is read alone */
    bool failed = false;        /* the lanes failed (no memory for a hand-back): no digests for the
                                   files in flight (their reads go on, they are marked), the rest is
                                   read alone, and the stage is rebuilt for the next batch */
    for (;;) {
        /* refill free readers, largest file first */
        unsigned active = 0;
        for (unsigned i = 0; i < ls->n; i++) {
            lane_reader *r = &ls->rd[i];
            while (r->state == R_IDLE && next < n && !failed && !no_start) {
                /* the reader's source state is opened here, before the file is started: a file
                 * whose state cannot be opened (e.g. no file descriptors left for another E01
                 * handle) is read alone after the batch, through the worker's own state */
                const item *it = order[next]->it;
                void *ts;
                if (it->rec.source && it->rec.source->stream && !it->inline_data && !it->rec.spill_path &&
                    lane_reader_tstate(r, it->rec.source, &ts) != DFT_OK) {
                    alone[n_alone++] = order[next++];
                    continue;
                }
                if (reader_start(ls, r, order[next])) next++;
                else no_start = true;
            }
            active += r->state != R_IDLE;
        }
        if (!active) break;
        int64_t t0 = mono_ms();
        worker_file_start(w);
        if (!failed) {
            /* the round: each reader's chunk, or the end of its stream */
            for (unsigned i = 0; i < ls->n; i++) {
                lane_reader *r = &ls->rd[i];
                if (r->state == R_CHUNK) {
                    dft_mbstreams_chunk(ls->ms, r->sid, r->data, r->len, false);
                } else if (r->state == R_END && !r->fed_last) {
                    dft_mbstreams_chunk(ls->ms, r->sid, NULL, 0, true);
                    r->fed_last = true;
                }
            }
            failed = dft_mbstreams_run(ls->ms, next == n || no_start) != DFT_OK;
        }
        int64_t share = active ? (mono_ms() - t0) / active : 0;
        for (unsigned i = 0; i < ls->n; i++) {
            lane_reader *r = &ls->rd[i];
            if (r->state == R_IDLE) continue;
            r->busy_ms += share;
            if (r->state == R_END && (failed || dft_mbstreams_ended(ls->ms, r->sid))) {
                file_ctx *fc = r->fc;
                if (failed) {
                    if (r->owed && fc->rc == DFT_OK) {
                        fc->rc = DFT_ENOMEM;
                        snprintf(fc->err, sizeof fc->err, "out of memory hashing the file in lanes");
                    }
                    /* no digests: file_finish must not present the empty results as hashes */
                    if (r->owed) fc->j.total = 0;
                } else if (r->owed) {
                    dft_mbstreams_take(ls->ms, r->sid, &fc->it->res.hashes);
                } else {
                    dft_mbstreams_drop(ls->ms, r->sid);
                }
                r->sid = -1;
                r->state = R_IDLE;
                r->fc = NULL;
                continue;
            }
            if (r->state == R_CHUNK) {
                if (limit_ms > 0 && r->busy_ms > limit_ms) r->cancel = true;
                reader_resume(ls, r);
            }
        }
    }
    dft_mbstreams_stats(ls->ms, &in_lanes1, &back1);
    atomic_fetch_add(&p->n_lane_files, next - n_alone);
    atomic_fetch_add(&p->n_lane_handback, back1 - back0);
    if (failed) {
        lane_stage_free(ls);
        *lsp = NULL;
    }
    if (n_alone) read_alone(w, alone, n_alone);
    if (next < n) read_alone(w, order + next, n - next);
    atomic_store(&w->started_ms, 0);
}
