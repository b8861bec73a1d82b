/*
 * writer.c - the single writer thread: takes items off the reorder ring strictly in sequence order
 * and writes them to the case store in batched transactions (commit every opts.commit_every items
 * or every second, whichever comes first, so a kill loses at most a second of work).
 */
#include "pipeline_impl.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define WRITE_BATCH 256

static int write_rows(struct dft_pipeline *p, int64_t file_id, const row *r)
{
    int rc = DFT_OK;
    for (; r && rc == DFT_OK; r = r->next) {
        switch (r->kind) {
        case ROW_FINDING:
            rc = dft_store_finding_insert(p->store, p->evidence_id, file_id, r->plugin, &r->u.finding);
            break;
        case ROW_MESSAGE: rc = dft_store_message_insert(p->store, file_id, r->plugin, &r->u.message); break;
        case ROW_CONTACT: rc = dft_store_contact_insert(p->store, file_id, r->plugin, &r->u.contact); break;
        case ROW_WALLET: rc = dft_store_wallet_insert(p->store, file_id, r->plugin, &r->u.wallet); break;
        case ROW_PERSON: rc = dft_store_person_insert(p->store, file_id, r->plugin, &r->u.person); break;
        }
    }
    return rc;
}

static int write_file(struct dft_pipeline *p, item *it)
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
    int rc = dft_store_file_insert(p->store, it->id, p->evidence_id, &it->rec, &res);
    return rc ? rc : write_rows(p, it->id, it->rows);
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
    case ITEM_DEFERRED: return write_rows(p, it->id, it->rows);
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
    int rc = dft_store_begin(p->store);
    long pending = 0;
    time_t last_commit = time(NULL);
    for (;;) {
        pthread_mutex_lock(&p->mu);
        item *it;
        while (!(it = p->ring[p->seq_written % p->capacity]) &&
               !(p->stopping_writer && p->seq_written == p->seq_end)) {
            struct timespec ts;
            deadline_in(&ts, 1000);
            p->writer_waiting = true;
            int w = pthread_cond_timedwait(&p->cond_ready, &p->mu, &ts);
            p->writer_waiting = false;
            if (w == ETIMEDOUT && pending) break;
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
    p->writer_rc = rc;
    return NULL;
}
