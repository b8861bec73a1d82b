/*
 * writer.c - the single writer thread: takes items off the reorder ring strictly in sequence order
 * and writes them to the case store in batched transactions (commit every opts.commit_every items
 * or every second, whichever comes first, so a kill loses at most a second of work).
 */
#include "pipeline_impl.h"

#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define WRITE_BATCH 256

/* Resolves one end of a link: a provisional id must name this item (its owner's map holds the real ids
 * of every row written so far, across chunks: flush.c); a real id in a scan can only be a row whose id
 * a plugin can know there (a file, the evidence item, an unallocated region). */
static bool resolve(const item *owner, uint64_t ref_token, uint32_t table, int64_t *id)
{
    uint64_t token;
    uint32_t n;
    if (!prov_split(*id, &token, &n))
        return *id > 0 && (table == DFT_TABLE_FILE || table == DFT_TABLE_EVIDENCE || table == DFT_TABLE_REGION);
    if (token != ref_token || n == 0 || n > owner->prov_cap || owner->prov_ids[n - 1] == 0) return false;
    *id = owner->prov_ids[n - 1];
    return true;
}

/* Room in the owner's map for provisional row number n (writer thread only). */
static int prov_reserve(item *owner, uint32_t n)
{
    if (n <= owner->prov_cap) return DFT_OK;
    uint32_t cap = owner->prov_cap ? owner->prov_cap : 64;
    while (cap < n) cap = cap > (UINT32_MAX >> 1) ? n : cap * 2;
    int64_t *ids = realloc(owner->prov_ids, (size_t)cap * sizeof *ids);
    if (!ids) return dft_error_set(DFT_ENOMEM, "out of memory writing rows");
    for (uint32_t i = owner->prov_cap; i < cap; i++) ids[i] = 0;
    owner->prov_ids = ids;
    owner->prov_cap = cap;
    return DFT_OK;
}

/* Writes the rows of an item, or of one chunk of it (ITEM_CHUNK: owner is the scanned item). */
static int write_rows(struct dft_pipeline *p, item *it, int64_t file_id)
{
    item *owner = it->kind == ITEM_CHUNK ? it->owner : it;
    int rc = DFT_OK;
    for (const row *r = it->rows; r && rc == DFT_OK; r = r->next) {
        const dft_rowkind *k = r->kind;
        if (k->table == DFT_TABLE_NONE) {
            dft_link *l = r->data;
            if (!resolve(owner, it->ref_token, l->from_table, &l->from_id) ||
                !resolve(owner, it->ref_token, l->to_table, &l->to_id)) {
                /* a reference from another scan: a plugin bug, never a silent wrong link */
                char msg[300];
                snprintf(msg, sizeof msg, "plugin %s: link %s dropped: a row reference from another scan, or an id "
                         "a scan cannot know",
                         r->plugin, l->relation ? l->relation : "");
                dft_finding f = { .struct_size = sizeof f, .kind = "evidence.warning", .subkind = r->plugin,
                                  .value = msg, .offset = -1, .length = -1, .confidence = 1.0 };
                rc = dft_store_finding_insert(p->store, p->evidence_id, file_id, r->plugin, &f);
                continue;
            }
        }
        int64_t id = 0;
        rc = dft_store_row_insert(p->store, k, p->evidence_id, file_id, r->plugin, r->data, &r->origin, &id);
        if (rc == DFT_OK && r->prov) {
            rc = prov_reserve(owner, r->prov);
            if (rc == DFT_OK) owner->prov_ids[r->prov - 1] = id;
        }
    }
    return rc;
}

/* The files row of an ITEM_FILE: everything in it is final before its whole-file plugins run
 * (worker.c file_finish), so the first chunk of a long scan can write it (flush.c). */
static int write_file_row(struct dft_pipeline *p, item *it)
{
    dft_file_result res = it->res;
    res.mime = it->mime;
    res.magic = it->magic;
    res.error = it->error;
    if (it->link && !it->link_first && it->link->done) {
        res.hashed = true;
        res.hashes = it->link->hashes;
        res.mime = it->link->mime;
        res.magic = it->link->magic;
        /* a partial first read stays visible on every name of the inode */
        res.hash_status = strcmp(it->link->hash_status, "full") == 0 ? "shared" : it->link->hash_status;
    }
    return dft_store_file_insert(p->store, it->id, p->evidence_id, &it->rec, &res);
}

static int write_file(struct dft_pipeline *p, item *it)
{
    int rc = it->file_row_sent ? DFT_OK : write_file_row(p, it);
    return rc ? rc : write_rows(p, it, it->id);
}

/* Rows of a running scan; the first chunk of an ITEM_FILE carries its files row (flush.c). */
static int write_chunk(struct dft_pipeline *p, item *c)
{
    int rc = c->with_file_row ? write_file_row(p, c->owner) : DFT_OK;
    return rc ? rc : write_rows(p, c, c->id);
}

static int write_item(struct dft_pipeline *p, item *it)
{
    switch (it->kind) {
    case ITEM_VOLUME: return dft_store_volume_insert(p->store, it->id, p->evidence_id, &it->vol);
    case ITEM_FS: return dft_store_fs_insert(p->store, it->id, p->evidence_id, &it->fs);
    case ITEM_REGION: return dft_store_region_insert(p->store, p->evidence_id, &it->region);
    case ITEM_META: return dft_store_evidence_meta(p->store, p->evidence_id, it->text, it->text2);
    case ITEM_WARNING: {
        dft_finding f = { .kind = "evidence.warning", .subkind = "walk", .value = it->text, .offset = it->offset,
                          .length = -1, .confidence = 1.0 };
        return dft_store_finding_insert(p->store, p->evidence_id, it->ref_file_id, "core", &f);
    }
    case ITEM_FILE: return write_file(p, it);
    case ITEM_DEFERRED: return write_rows(p, it, it->id);
    case ITEM_REGION_ROWS: return write_rows(p, it, it->id);
    case ITEM_CHUNK: return write_chunk(p, it);
    }
    return DFT_OK;
}

static void deadline_in(struct timespec *ts, int ms)
{
    clock_gettime(CLOCK_REALTIME, ts);
    ts->tv_nsec += (long)ms * 1000000L;
    ts->tv_sec += ts->tv_nsec / 1000000000L;
    ts->tv_nsec %= 1000000000L;
}

void *writer_main(void *arg)
{
    struct dft_pipeline *p = arg;
    /* checkpoints off this thread while it writes; without the helper thread SQLite's own run here */
    if (dft_store_ckpt_start(p->store) != DFT_OK)
        fprintf(stderr, "dftriage: note: %s; checkpoints run in the writer\n", dft_error_last());
    int rc = dft_store_begin(p->store);
    long pending = 0;
    time_t last_commit = time(NULL);
    for (;;) {
        pthread_mutex_lock(&p->mu);
        item *it = NULL;
        while (!p->chunk_head && !(it = p->ring[p->seq_written % p->capacity]) &&
               !(p->stopping_writer && p->seq_written == p->seq_end)) {
            struct timespec ts;
            deadline_in(&ts, 1000);
            p->writer_waiting = true;
            int w = pthread_cond_timedwait(&p->cond_ready, &p->mu, &ts);
            p->writer_waiting = false;
            if (w == ETIMEDOUT && pending) break;
        }
        if (p->chunk_head) {
            /* rows of the head item's running scan go first: they precede the item itself (flush.c) */
            item *chunks = pipeline_take_chunks(p);
            pthread_mutex_unlock(&p->mu);
            for (item *c = chunks, *next; c; c = next) {
                next = c->next_in_queue;
                if (rc == DFT_OK) {
                    rc = write_item(p, c);
                    if (rc) {
                        fprintf(stderr, "dftriage: error: writing the case file: %s\n", dft_error_last());
                        atomic_store(&p->cancelled, 1);
                    }
                }
                item_free(c);
                pending++;
            }
            if ((pending >= p->opts.commit_every || time(NULL) - last_commit >= 2) && rc == DFT_OK) {
                rc = dft_store_commit(p->store);
                if (rc == DFT_OK) rc = dft_store_begin(p->store);
                if (rc) atomic_store(&p->cancelled, 1);
                pending = 0;
                last_commit = time(NULL);
            }
            continue;
        }
        if (!it) {
            bool done = p->stopping_writer && p->seq_written == p->seq_end;
            pthread_mutex_unlock(&p->mu);
            if (done) break;
            /* idle for a second with uncommitted rows: make them durable */
            if (rc == DFT_OK) rc = dft_store_commit(p->store);
            if (rc == DFT_OK) rc = dft_store_begin(p->store);
            if (rc) atomic_store(&p->cancelled, 1); /* a failed commit (disk full): stop the walk too */
            pending = 0;
            last_commit = time(NULL);
            continue;
        }
        /* take every consecutive ready item in one lock round */
        item *batch[WRITE_BATCH];
        size_t n = 0;
        while (n < WRITE_BATCH && (it = p->ring[p->seq_written % p->capacity])) {
            p->ring[p->seq_written % p->capacity] = NULL;
            p->seq_written++;
            batch[n++] = it;
        }
        if (p->space_waiters && p->capacity - (p->seq_next - p->seq_written) >= p->capacity / 4)
            pthread_cond_broadcast(&p->cond_space);
        pthread_mutex_unlock(&p->mu);

        for (size_t i = 0; i < n; i++) {
            if (rc == DFT_OK) {
                rc = write_item(p, batch[i]);
                if (rc) {
                    fprintf(stderr, "dftriage: error: writing the case file: %s\n", dft_error_last());
                    atomic_store(&p->cancelled, 1); /* nothing more can be stored: stop the walk */
                }
            }
            item_free(batch[i]);
        }
        pending += (long)n;
        if ((pending >= p->opts.commit_every || time(NULL) - last_commit >= 2) && rc == DFT_OK) {
            rc = dft_store_commit(p->store);
            if (rc == DFT_OK) rc = dft_store_begin(p->store);
            if (rc) atomic_store(&p->cancelled, 1); /* a failed commit (disk full): stop the walk too */
            pending = 0;
            last_commit = time(NULL);
        }
    }
    if (rc == DFT_OK) rc = dft_store_commit(p->store);
    else dft_store_commit(p->store);
    dft_store_ckpt_stop(p->store);
    p->writer_rc = rc;
    return NULL;
}
