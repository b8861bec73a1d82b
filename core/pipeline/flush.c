/*
 * flush.c - rows of a long scan reach the writer in chunks while the scan still runs.
 *
 * The writer stores items strictly in sequence order, and an item's rows used to wait in memory until
 * its scan returned: a chat database of a million messages held them all (about 0.9 KB each). Now,
 * when a postponed scan's item is the one the writer waits for (the head of the sequence), every
 * DFT_CHUNK_ROWS rows are handed over as an ITEM_CHUNK that the writer stores at once, before any
 * ring item. Nothing else can be written in between (every other item has a later sequence), so the
 * rows, their ids and their order are exactly those of an unchunked run: output stays deterministic.
 *
 * ITEM_FILE items (a whole-file scan during the walk: a roster spreadsheet of 100,000 rows) are
 * chunked the same way. Their files row is normally written with the item; when the first chunk is
 * cut, that chunk carries it (with_file_row) and the item is marked file_row_sent, so the writer stores
 * the files row, then the rows in emit order, then the rest with the item: the same rows in the same
 * order, with the same ids, as an unchunked run. Everything in the files row is final before
 * whole-file plugins run (worker.c file_finish: hashes, status, type, error), and the worker no longer
 * writes those fields while the writer may read them.
 *
 * A scan that fails midway: the rows it emitted before failing are kept, chunked or not, followed by
 * the "plugin P on F: ..." warning (content.c), exactly as without chunks. An ingest killed midway
 * leaves the item 'incomplete' and a re-run purges all its rows, chunks included (ingest.c), so a
 * flushed chunk never survives as a half file in a completed item.
 *
 * Invariants:
 *  1. Only ITEM_DEFERRED and ITEM_FILE items are chunked. An item that is not the head keeps its rows,
 *     as before, and looks again every DFT_CHUNK_ROWS rows (it becomes the head once the files before
 *     it are written); it never waits for the writer (no scan can block another's turn, so there is
 *     no deadlock). A file batched after another small file by its worker (worker.c hash batches, files
 *     of at most 1 MiB) is not the head until the batch ends: its rows wait in memory as before.
 *  2. At most DFT_CHUNKS_QUEUED chunks wait for the writer; the head scan waits for the writer beyond
 *     that (the writer is running, and only the head can have chunks, so the wait ends).
 *  3. Provisional references stay valid across chunks: the owner item keeps the map of real ids
 *     (prov_ids, written by the writer only); each chunk carries the owner's reference token as it was
 *     when the chunk was cut (set before any reference in its rows was handed out).
 *  4. An ITEM_FILE is chunked only after its read (file_row_final): rows of stream plugins stay.
 *  5. Rows added without the emit API (item_add_warning: core warnings, the type check) are not
 *     counted but travel in the same list, in order.
 */
#include "pipeline_impl.h"

#include <stdlib.h>
#include <string.h>

#define DFT_CHUNK_ROWS 4096
#define DFT_CHUNKS_QUEUED 4

/* An ITEM_FILE's files row is final once its read ended (worker.c file_finish sets the hash status
 * to full or partial before whole-file plugins run). Rows that stream plugins emit during the read
 * are never chunked: the files row they would carry is not final yet. */
static bool file_row_final(const item *it)
{
    return it->kind == ITEM_FILE && it->res.hash_status &&
           (strcmp(it->res.hash_status, "full") == 0 || strcmp(it->res.hash_status, "partial") == 0);
}

void pipeline_rows_added(struct dft_pipeline *p, item *it)
{
    if (!p || !it || (it->kind != ITEM_DEFERRED && !file_row_final(it))) return;
    /* one look every DFT_CHUNK_ROWS rows, so a scan that is not the head takes no lock per row */
    if (++it->n_rows % DFT_CHUNK_ROWS) return;
    pthread_mutex_lock(&p->mu);
    if (p->seq_written != it->seq) {   /* not the head: keep them (invariant 1) */
        pthread_mutex_unlock(&p->mu);
        return;
    }
    while (p->chunks_queued >= DFT_CHUNKS_QUEUED && !p->stopping_writer) {
        p->chunk_waiters++;
        pthread_cond_wait(&p->cond_chunk, &p->mu);
        p->chunk_waiters--;
    }
    item *c = calloc(1, sizeof *c);
    if (!c) {   /* keep accumulating: slower, never wrong */
        pthread_mutex_unlock(&p->mu);
        return;
    }
    c->kind = ITEM_CHUNK;
    c->owner = it;
    c->id = it->id;
    c->seq = it->seq;
    c->ref_token = it->ref_token;
    c->rows = it->rows;
    c->n_rows = it->n_rows;
    if (it->kind == ITEM_FILE && !it->file_row_sent) c->with_file_row = it->file_row_sent = true;
    it->rows = NULL;
    it->rows_tail = &it->rows;
    it->n_rows = 0;
    *p->chunk_tail = c;
    p->chunk_tail = &c->next_in_queue;
    p->chunks_queued++;
    if (p->writer_waiting) pthread_cond_signal(&p->cond_ready);
    pthread_mutex_unlock(&p->mu);
}

item *pipeline_take_chunks(struct dft_pipeline *p)
{
    item *c = p->chunk_head;
    p->chunk_head = NULL;
    p->chunk_tail = &p->chunk_head;
    p->chunks_queued = 0;
    if (c && p->chunk_waiters) pthread_cond_broadcast(&p->cond_chunk);
    return c;
}
