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
 * Invariants:
 *  1. Only ITEM_DEFERRED items are chunked (their files row was written during the walk). An item that
 *     is not the head keeps its rows, as before; it never waits for the writer (no scan can block
 *     another's turn, so there is no deadlock).
 *  2. At most DFT_CHUNKS_QUEUED chunks wait for the writer; the head scan waits for the writer beyond
 *     that (the writer is running, and only the head can have chunks, so the wait ends).
 *  3. Provisional references stay valid across chunks: the owner item keeps the map of real ids
 *     (prov_ids, written by the writer only); each chunk carries the owner's reference token as it was
 *     when the chunk was cut (set before any reference in its rows was handed out).
 */
#include "pipeline_impl.h"

#include <stdlib.h>

#define DFT_CHUNK_ROWS 4096
#define DFT_CHUNKS_QUEUED 4

void pipeline_rows_added(struct dft_pipeline *p, item *it)
{
    if (!p || !it || it->kind != ITEM_DEFERRED) return;
    if (++it->n_rows < DFT_CHUNK_ROWS) return;
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
