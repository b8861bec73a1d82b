/*
 * region.c - the region scan: unallocated space (fs_unalloc, vs_unalloc; APFS containers included)
 * and, with --slack, file slack, streamed to the plugins that claim DFT_CLAIM_UNALLOC
 * (plugin.h: region_begin, stream_block with offsets relative to the region, stream_end).
 *
 * One read of the media. The media hash (cmd_ingest.c, its own thread) reads the whole media in
 * order; each block it reads is also handed to regscan_feed(), which streams the bytes of the
 * regions inside it. The regions come from the walk, which runs at the same time on the ingest
 * thread, so the two meet at a watermark:
 *
 *   walker:  region(r1) region(r2) ... mapped(W) ............ region(r9) mapped(W') ... walk_done
 *   hash:    block [a,b): waits while b > W (and the walk is not done), then streams r1, r2 ...
 *
 * mapped(W) (walk.h) says "every unallocated region starting below W has been reported"; the TSK
 * walk reports a file system's unallocated space before its directory walk (tsk_walk.c), so the
 * hash waits at most for one block-bitmap walk per file system. A region reported below the point
 * the hash has already passed (a malformed partition table with overlapping partitions), slack
 * (found during the directory walks, so always behind the hash), and everything when the hash did
 * not run or failed, are read again after the walk with read_at, in disk order, and counted
 * (regscan_stats: shared vs reread bytes).
 *
 * Invariants:
 *  1. Nothing of this exists when no enabled plugin claims DFT_CLAIM_UNALLOC (regscan_new gives
 *     NULL): no tap, no waiting, no slack.
 *  2. The walker never waits for the hash, so there is no deadlock: the hash waits only for the
 *     walker's watermark, which reaches "everything" when the walk ends (regscan_walk_done).
 *  3. Rows are written after the walk, one item per region, in disk order (offset, then kind, file
 *     and id): the case file does not depend on how far the hash had got when a region was
 *     reported, nor on the thread count.
 *  4. A region's plugins see its bytes once, in order, without gaps: from the hash read up to the
 *     point the feed stopped, then from read_at.
 *  5. Every region's findings carry file_id NULL (slack: the file), region_id (unallocated.id; NULL
 *     for slack), offset relative to the region, and media_offset = region offset + offset.
 */
#include "pipeline_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry.h"

#define CATCHUP_BLOCK (1u << 20)
#define MAX_REGION_PLUGINS 64   /* plugins claiming DFT_CLAIM_UNALLOC; more are not given regions */

/* One plugin on one region, from region_begin to stream_end. */
typedef struct rplug {
    dft_scan *scan;
    void *state;
    int rc;                      /* 0 running; <0 stopped (recorded as a warning) */
    bool started;                /* region_begin succeeded: stream_end is owed */
} rplug;

/* Small until it is begun (a fragmented file system has 10^5 regions waiting): the plugins and the
 * item exist from the region's first bytes; the item only outlives it when it holds rows. */
typedef struct region {
    dft_region_rec rec;          /* kind owned */
    uint64_t done;               /* bytes streamed so far (a prefix of the region) */
    bool begun, ended;
    item *it;                    /* ITEM_REGION_ROWS: its rows (NULL before begin, or when none) */
    rplug *pl;                   /* np entries while streaming */
    dft_region view;             /* what the plugins are told (scans point at it while streaming) */
} region;

typedef struct region_vec {
    region **v;
    size_t n, cap;
} region_vec;

struct regscan {
    struct dft_pipeline *p;
    size_t plugins[MAX_REGION_PLUGINS];
    size_t np;
    worker ctx;                  /* the dft_scan context of region scans (not a worker thread) */

    pthread_mutex_t mu;
    pthread_cond_t cond;         /* watermark moved, walk done, or closed; feeding ended */
    region_vec feed;             /* reported ahead of the hash: sorted by offset, fed from its read */
    region_vec late;             /* reported behind it (and slack): read again in regscan_finish */
    size_t next;                 /* feed[0..next) are ended */
    uint64_t mark;               /* watermark: every region starting below it is reported */
    uint64_t pos;                /* end of the last block the hash fed */
    bool walk_done, closed, feeding;
    bool finished;               /* regscan_finish ran (main thread) */

    region **batch;              /* feed thread's scratch copy of the regions of one block */
    size_t batch_cap;
    uint64_t regions, shared, reread;
};

static int vec_push(region_vec *v, region *r, size_t at)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 64;
        region **g = realloc(v->v, cap * sizeof *g);
        if (!g) return dft_error_set(DFT_ENOMEM, "out of memory for unallocated regions");
        v->v = g;
        v->cap = cap;
    }
    memmove(v->v + at + 1, v->v + at, (v->n - at) * sizeof *v->v);
    v->v[at] = r;
    v->n++;
    return DFT_OK;
}

static bool claims_unalloc(const dft_plugin *pl)
{
    if (!pl->claims || !pl->region_begin || !pl->stream_block || !pl->stream_end) return false;
    for (const dft_claim *c = pl->claims; c->kind != DFT_CLAIM_END; c++)
        if (c->kind == DFT_CLAIM_UNALLOC) return true;
    return false;
}

int regscan_new(struct dft_pipeline *p, struct regscan **out)
{
    *out = NULL;
    size_t idx[MAX_REGION_PLUGINS], n = 0;
    for (size_t i = 0; i < dft_registry_count() && n < MAX_REGION_PLUGINS; i++) {
        const dft_registry_entry *e = dft_registry_at(i);
        if (e->enabled && claims_unalloc(e->plugin)) idx[n++] = i;
    }
    if (!n) return DFT_OK;
    struct regscan *rs = calloc(1, sizeof *rs);
    if (!rs) return dft_error_set(DFT_ENOMEM, "out of memory");
    rs->p = p;
    memcpy(rs->plugins, idx, n * sizeof idx[0]);
    rs->np = n;
    rs->ctx.p = p;
    rs->ctx.index = -1;
    pthread_mutex_init(&rs->mu, NULL);
    pthread_cond_init(&rs->cond, NULL);
    *out = rs;
    return DFT_OK;
}

static void region_free(struct regscan *rs, region *r)
{
    if (!r) return;
    for (size_t k = 0; r->pl && k < rs->np; k++) scan_free(r->pl[k].scan);
    free(r->pl);
    free((char *)r->rec.kind);
    item_free(r->it);
    free(r);
}

void regscan_free(struct regscan *rs)
{
    if (!rs) return;
    /* plugins' thread state made for region scans on the media-hash thread (thread_init ran there) */
    worker_plugin_tstates_end(&rs->ctx);
    for (size_t i = 0; i < rs->feed.n; i++) region_free(rs, rs->feed.v[i]);
    for (size_t i = 0; i < rs->late.n; i++) region_free(rs, rs->late.v[i]);
    free(rs->feed.v);
    free(rs->late.v);
    free(rs->batch);
    pthread_mutex_destroy(&rs->mu);
    pthread_cond_destroy(&rs->cond);
    free(rs);
}

int regscan_add(struct regscan *rs, const dft_region_rec *rec)
{
    if (!rec->length) return DFT_OK;
    region *r = calloc(1, sizeof *r);
    char *kind = strdup(rec->kind ? rec->kind : "fs_unalloc");
    if (!r || !kind) {
        free(r);
        free(kind);
        return dft_error_set(DFT_ENOMEM, "out of memory for an unallocated region");
    }
    r->rec = *rec;
    r->rec.kind = kind;
    bool slack = strcmp(kind, "slack") == 0;
    pthread_mutex_lock(&rs->mu);
    int rc;
    if (slack || rs->closed || rec->offset < rs->pos) {
        rc = vec_push(&rs->late, r, rs->late.n);
    } else {
        size_t at = rs->feed.n; /* walk order is disk order: almost always the end */
        while (at > rs->next && rs->feed.v[at - 1]->rec.offset > rec->offset) at--;
        rc = vec_push(&rs->feed, r, at);
    }
    pthread_mutex_unlock(&rs->mu);
    if (rc) region_free(rs, r);
    return rc;
}

void regscan_mapped(struct regscan *rs, uint64_t below)
{
    pthread_mutex_lock(&rs->mu);
    if (below > rs->mark) {
        rs->mark = below;
        pthread_cond_broadcast(&rs->cond);
    }
    pthread_mutex_unlock(&rs->mu);
}

void regscan_walk_done(struct regscan *rs)
{
    pthread_mutex_lock(&rs->mu);
    rs->walk_done = true;
    pthread_cond_broadcast(&rs->cond);
    pthread_mutex_unlock(&rs->mu);
}

/* ---- one region's plugins ---------------------------------------------------------------- */

static void plugin_failed(struct regscan *rs, region *r, size_t k, const char *plugin, const char *what, int rc)
{
    atomic_fetch_add(&rs->p->n_warnings, 1);
    char msg[1024];
    snprintf(msg, sizeof msg, "%s %s at media offset %llu: %s: %s", r->rec.kind, what,
             (unsigned long long)(r->rec.offset + r->done), plugin, dft_error_last());
    item_add_warning(r->it, plugin, (int64_t)r->done, msg);
    r->pl[k].rc = rc;
}

static void region_begin(struct regscan *rs, region *r)
{
    r->begun = true;
    r->it = calloc(1, sizeof *r->it);
    r->pl = calloc(rs->np, sizeof *r->pl);
    if (!r->it || !r->pl) { /* nothing can be recorded: the region is skipped */
        free(r->it);
        free(r->pl);
        r->it = NULL;
        r->pl = NULL;
        r->ended = true;
        return;
    }
    r->it->kind = ITEM_REGION_ROWS;
    r->it->id = r->rec.file_id;
    r->it->rows_tail = &r->it->rows;
    dft_region d = DFT_INIT(dft_region);
    dft_region *dv = &r->view;
    d.id = r->rec.id;
    d.evidence_id = rs->p->evidence_id;
    d.filesystem_id = r->rec.filesystem_id;
    d.volume_id = r->rec.volume_id;
    d.file_id = r->rec.file_id;
    d.media_offset = r->rec.offset;
    d.length = r->rec.length;
    d.kind = r->rec.kind;
    *dv = d;
    for (size_t k = 0; k < rs->np; k++) {
        const dft_plugin *pl = dft_registry_at(rs->plugins[k])->plugin;
        rplug *q = &r->pl[k];
        q->scan = scan_new(&rs->ctx, r->it, NULL, rs->plugins[k]);
        if (!q->scan) {
            q->rc = dft_error_set(DFT_ENOMEM, "out of memory");
            continue;
        }
        q->scan->region = dv; /* decoded content of the region names it in its forensic path */
        int rc = pl->region_begin(q->scan, &d, &q->state);
        if (rc < 0) plugin_failed(rs, r, k, pl->name, "region_begin", rc);
        else q->started = true;
    }
}

static void region_block(struct regscan *rs, region *r, const uint8_t *data, size_t len)
{
    if (!r->begun) region_begin(rs, r);
    if (r->ended) return;
    for (size_t k = 0; k < rs->np; k++) {
        if (!r->pl[k].started || r->pl[k].rc) continue;
        const dft_plugin *pl = dft_registry_at(rs->plugins[k])->plugin;
        int rc = pl->stream_block(r->pl[k].scan, r->pl[k].state, r->done, data, len);
        if (rc < 0) plugin_failed(rs, r, k, pl->name, "stream_block", rc);
    }
    r->done += len;
}

/* Ends the plugins and gives every finding its region and media offset. */
static void region_end(struct regscan *rs, region *r)
{
    if (r->ended) return;
    r->ended = true;
    if (!r->begun || !r->pl) return;
    for (size_t k = 0; k < rs->np; k++) {
        rplug *q = &r->pl[k];
        if (q->started) {
            const dft_plugin *pl = dft_registry_at(rs->plugins[k])->plugin;
            int rc = pl->stream_end(q->scan, q->state);
            if (rc < 0 && !q->rc) plugin_failed(rs, r, k, pl->name, "stream_end", rc);
        }
        scan_free(q->scan);
    }
    free(r->pl);
    r->pl = NULL;
    if (!r->it->rows) {
        item_free(r->it);
        r->it = NULL;
        return;
    }
    for (row *w = r->it->rows; w; w = w->next) {
        if (w->kind->table != DFT_TABLE_FINDING) continue;
        int64_t off = ((const dft_finding *)w->data)->offset;
        w->origin.region_id = r->rec.id;
        w->origin.media_offset = off >= 0 ? (int64_t)r->rec.offset + off : -1;
    }
}

/* ---- the media-hash tap ------------------------------------------------------------------ */

int regscan_feed(void *arg, uint64_t off, const uint8_t *data, size_t len)
{
    struct regscan *rs = arg;
    uint64_t end = off + len;
    pthread_mutex_lock(&rs->mu);
    while (!rs->walk_done && !rs->closed && rs->mark < end) pthread_cond_wait(&rs->cond, &rs->mu);
    if (rs->closed || pipeline_stopping(rs->p)) {
        pthread_mutex_unlock(&rs->mu);
        return DFT_OK;
    }
    /* regions reported from now on that start below `end` go to the late list */
    rs->pos = end;
    size_t n = 0;
    for (size_t i = rs->next; i < rs->feed.n && rs->feed.v[i]->rec.offset < end; i++) {
        if (n == rs->batch_cap) {
            size_t cap = rs->batch_cap ? rs->batch_cap * 2 : 64;
            region **g = realloc(rs->batch, cap * sizeof *g);
            if (!g) break; /* the rest are read again at the end */
            rs->batch = g;
            rs->batch_cap = cap;
        }
        if (!rs->feed.v[i]->ended) rs->batch[n++] = rs->feed.v[i];
    }
    rs->feeding = true;
    pthread_mutex_unlock(&rs->mu);

    /* the batch's regions are only touched by this thread until feeding is cleared */
    for (size_t i = 0; i < n; i++) {
        region *r = rs->batch[i];
        uint64_t rend = r->rec.offset + r->rec.length;
        uint64_t s = r->rec.offset + r->done;
        if (s < off) continue; /* cannot happen: regions in the feed list start at or after pos */
        uint64_t e = rend < end ? rend : end;
        if (s < e) {
            region_block(rs, r, data + (s - off), (size_t)(e - s));
            rs->shared += e - s;
        }
        if (r->done == r->rec.length) {
            region_end(rs, r);
            rs->regions++;
        }
    }

    pthread_mutex_lock(&rs->mu);
    while (rs->next < rs->feed.n && rs->feed.v[rs->next]->ended) rs->next++;
    rs->feeding = false;
    pthread_cond_broadcast(&rs->cond);
    pthread_mutex_unlock(&rs->mu);
    return DFT_OK;
}

/* ---- after the walk and the hash --------------------------------------------------------- */

static int by_disk_order(const void *a, const void *b)
{
    const region *x = *(region *const *)a, *y = *(region *const *)b;
    if (x->rec.offset != y->rec.offset) return x->rec.offset < y->rec.offset ? -1 : 1;
    int k = strcmp(x->rec.kind, y->rec.kind);
    if (k) return k;
    if (x->rec.file_id != y->rec.file_id) return x->rec.file_id < y->rec.file_id ? -1 : 1;
    return x->rec.id < y->rec.id ? -1 : x->rec.id > y->rec.id;
}

/* Streams the rest of r from the media (what the hash read did not give it). */
static void catch_up(struct regscan *rs, region *r, uint8_t *buf)
{
    const dft_pipeline_options *o = &rs->p->opts;
    if (!r->begun) region_begin(rs, r);
    while (!r->ended && r->done < r->rec.length && !pipeline_stopping(rs->p)) {
        uint64_t left = r->rec.length - r->done;
        size_t len = left < CATCHUP_BLOCK ? (size_t)left : CATCHUP_BLOCK;
        int rc = o->read_at ? o->read_at(o->read_payload, r->rec.offset + r->done, buf, len)
                            : dft_error_set(DFT_EUNSUPPORTED, "no media reader");
        if (rc) {
            char msg[1024];
            snprintf(msg, sizeof msg, "%s at media offset %llu (%llu bytes): bytes from %llu on not scanned: %s",
                     r->rec.kind, (unsigned long long)r->rec.offset, (unsigned long long)r->rec.length,
                     (unsigned long long)(r->rec.offset + r->done), dft_error_last());
            item_add_warning(r->it, "core", (int64_t)r->done, msg);
            atomic_fetch_add(&rs->p->n_warnings, 1);
            break;
        }
        region_block(rs, r, buf, len);
        rs->reread += len;
    }
    region_end(rs, r);
    rs->regions++;
}

int regscan_finish(struct regscan *rs, item ***items, size_t *n_items)
{
    *items = NULL;
    *n_items = 0;
    if (rs->finished) return DFT_OK;
    rs->finished = true;
    pthread_mutex_lock(&rs->mu);
    rs->closed = true;
    pthread_cond_broadcast(&rs->cond);
    while (rs->feeding) pthread_cond_wait(&rs->cond, &rs->mu);
    pthread_mutex_unlock(&rs->mu);

    size_t n = rs->feed.n + rs->late.n;
    region **all = malloc((n ? n : 1) * sizeof *all);
    uint8_t *buf = malloc(CATCHUP_BLOCK);
    item **out = malloc((n ? n : 1) * sizeof *out);
    if (!all || !buf || !out) {
        free(all);
        free(buf);
        free(out);
        return dft_error_set(DFT_ENOMEM, "out of memory for the unallocated-space scan");
    }
    if (rs->feed.n) memcpy(all, rs->feed.v, rs->feed.n * sizeof *all);
    if (rs->late.n) memcpy(all + rs->feed.n, rs->late.v, rs->late.n * sizeof *all);
    qsort(all, n, sizeof *all, by_disk_order);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        region *r = all[i];
        if (!r->ended) {
            if (pipeline_stopping(rs->p)) region_end(rs, r);
            else catch_up(rs, r, buf);
        }
        if (r->it) { /* region_end keeps the item only when it holds rows */
            out[k++] = r->it;
            r->it = NULL;
        }
    }
    free(buf);
    free(all);
    *items = out;
    *n_items = k;
    return DFT_OK;
}

void regscan_stats(const struct regscan *rs, uint64_t *regions, uint64_t *shared_bytes, uint64_t *reread_bytes)
{
    *regions = rs->regions;
    *shared_bytes = rs->shared;
    *reread_bytes = rs->reread;
}
