/*
 * pipeline.c - the walk sink, the bounded hand-off between walker, workers and writer, and the
 * pipeline's lifecycle (pipeline.h). Per-file work is in worker.c, the writer in writer.c.
 */
#include "pipeline_impl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define INLINE_BYTES_BUDGET (256ull << 20)
#define STDERR_WARNINGS 20

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int file_rec_copy(dft_file_rec *dst, const dft_file_rec *src)
{
    *dst = *src;
    dst->path = dup_or_null(src->path);
    dst->name = dup_or_null(src->name);
    dst->device_path = dup_or_null(src->device_path);
    dst->archive_path = dup_or_null(src->archive_path);
    dst->link_target = dup_or_null(src->link_target);
    dst->extra_json = dup_or_null(src->extra_json);
    dst->stream_name = dup_or_null(src->stream_name);
    dst->spill_path = dup_or_null(src->spill_path);
    dst->kept_path = dup_or_null(src->kept_path);
    dst->content_error = dup_or_null(src->content_error);
    dst->transform = dup_or_null(src->transform);
    dst->derivation = dup_or_null(src->derivation);
    dst->inline_data = NULL;
    if (!dst->path || !dst->name)
        return dft_error_set(DFT_ENOMEM, "out of memory copying a file record");
    return DFT_OK;
}

void file_rec_clear(dft_file_rec *r)
{
    free((char *)r->path);
    free((char *)r->name);
    free((char *)r->device_path);
    free((char *)r->archive_path);
    free((char *)r->link_target);
    free((char *)r->extra_json);
    free((char *)r->stream_name);
    free((char *)r->spill_path);
    free((char *)r->kept_path);
    free((char *)r->content_error);
    free((char *)r->transform);
    free((char *)r->derivation);
    memset(r, 0, sizeof *r);
}

void item_free(item *it)
{
    if (!it) return;
    free((char *)it->vol.scheme); free((char *)it->vol.description); free((char *)it->vol.flags);
    free((char *)it->fs.type); free((char *)it->fs.label); free((char *)it->fs.uuid);
    free((char *)it->region.kind);
    free(it->text); free(it->text2);
    if (it->owns_spill && it->rec.spill_path) unlink(it->rec.spill_path);
    file_rec_clear(&it->rec);
    free(it->inline_data);
    free(it->mime); free(it->magic); free(it->error);
    rows_free(it->rows);
    deferred_free(it->def);
    free(it->prov_ids);
    free(it);
}

static item *item_new(int kind)
{
    item *it = calloc(1, sizeof *it);
    if (!it) return NULL;
    it->kind = kind;
    it->rows_tail = &it->rows;
    return it;
}

/* Waits (mu held) for ring space and hands out the next sequence number. Walker thread.
 * The writer wakes the walker only once a quarter of the ring is free again (writer.c), so a
 * full pipeline costs one wake-up per 256 files, not one per file. */
static uint64_t acquire_seq_locked(struct dft_pipeline *p, uint64_t inline_len)
{
    while (p->seq_next - p->seq_written >= p->capacity ||
           (inline_len && p->inline_bytes > 0 && p->inline_bytes + inline_len > INLINE_BYTES_BUDGET)) {
        p->space_waiters++;
        pthread_cond_wait(&p->cond_space, &p->mu);
        p->space_waiters--;
    }
    p->inline_bytes += inline_len;
    return p->seq_next++;
}

static uint64_t acquire_seq(struct dft_pipeline *p, uint64_t inline_len)
{
    pthread_mutex_lock(&p->mu);
    uint64_t seq = acquire_seq_locked(p, inline_len);
    pthread_mutex_unlock(&p->mu);
    return seq;
}

void pipeline_complete_locked(struct dft_pipeline *p, item *it)
{
    p->ring[it->seq % p->capacity] = it;
    if (it->seq == p->seq_written && p->writer_waiting) pthread_cond_signal(&p->cond_ready);
}

void pipeline_complete(struct dft_pipeline *p, item *it)
{
    pthread_mutex_lock(&p->mu);
    pipeline_complete_locked(p, it);
    pthread_mutex_unlock(&p->mu);
}

static void enqueue_locked(struct dft_pipeline *p, item *it)
{
    if (p->queue_tail) p->queue_tail->next_in_queue = it;
    else p->queue_head = it;
    p->queue_tail = it;
    if (p->work_waiters) pthread_cond_signal(&p->cond_work);
}

static void enqueue_work(struct dft_pipeline *p, item *it)
{
    pthread_mutex_lock(&p->mu);
    enqueue_locked(p, it);
    pthread_mutex_unlock(&p->mu);
}

static int sink_volume(void *payload, const dft_volume_rec *v, int64_t *out_id)
{
    struct dft_pipeline *p = payload;
    item *it = item_new(ITEM_VOLUME);
    if (!it) return dft_error_set(DFT_ENOMEM, "out of memory");
    it->vol = *v;
    it->vol.scheme = dup_or_null(v->scheme);
    it->vol.description = dup_or_null(v->description);
    it->vol.flags = dup_or_null(v->flags);
    it->id = p->next_volume_id++;
    *out_id = it->id;
    it->seq = acquire_seq(p, 0);
    pipeline_complete(p, it);
    return DFT_OK;
}

static int sink_filesystem(void *payload, const dft_fs_rec *fs, int64_t *out_id)
{
    struct dft_pipeline *p = payload;
    item *it = item_new(ITEM_FS);
    if (!it) return dft_error_set(DFT_ENOMEM, "out of memory");
    it->fs = *fs;
    it->fs.type = dup_or_null(fs->type);
    it->fs.label = dup_or_null(fs->label);
    it->fs.uuid = dup_or_null(fs->uuid);
    it->id = p->next_fs_id++;
    *out_id = it->id;
    it->seq = acquire_seq(p, 0);
    pipeline_complete(p, it);
    return DFT_OK;
}

static int sink_region(void *payload, const dft_region_rec *r)
{
    struct dft_pipeline *p = payload;
    bool slack = r->kind && strcmp(r->kind, "slack") == 0;
    dft_region_rec rec = *r;
    rec.id = slack ? 0 : p->next_region_id++;  /* slack has no unallocated row */
    if (p->regscan) {
        int rc = regscan_add(p->regscan, &rec);
        if (rc) return rc;
    }
    if (slack) return DFT_OK;
    item *it = item_new(ITEM_REGION);
    if (!it) return dft_error_set(DFT_ENOMEM, "out of memory");
    it->region = rec;
    it->region.kind = dup_or_null(r->kind);
    it->seq = acquire_seq(p, 0);
    pipeline_complete(p, it);
    return DFT_OK;
}

static void sink_mapped(void *payload, uint64_t below)
{
    struct dft_pipeline *p = payload;
    if (p->regscan) regscan_mapped(p->regscan, below);
}

bool dft_pipeline_scans_regions(const dft_pipeline *p) { return p->regscan != NULL; }

int dft_pipeline_media_block(void *payload, uint64_t offset, const uint8_t *data, size_t len)
{
    struct dft_pipeline *p = payload;
    if (p->regscan) regscan_feed(p->regscan, offset, data, len);
    return DFT_OK;
}

void dft_pipeline_walk_done(dft_pipeline *p)
{
    if (p->regscan) regscan_walk_done(p->regscan);
}

/* The rows of the region scan, one item per region in disk order, after everything else of the
 * walk (main thread, after the walk and the media hash). */
static int queue_regions(struct dft_pipeline *p)
{
    if (!p->regscan) return DFT_OK;
    regscan_walk_done(p->regscan);
    item **items = NULL;
    size_t n = 0;
    int rc = regscan_finish(p->regscan, &items, &n);
    for (size_t i = 0; i < n; i++) {
        items[i]->seq = acquire_seq(p, 0);
        pipeline_complete(p, items[i]);
    }
    free(items);
    return rc;
}

static int sink_warning(void *payload, int64_t file_id, int64_t offset, const char *msg)
{
    struct dft_pipeline *p = payload;
    item *it = item_new(ITEM_WARNING);
    if (!it) return dft_error_set(DFT_ENOMEM, "out of memory");
    it->ref_file_id = file_id;
    it->offset = offset;
    it->text = strdup(msg ? msg : "");
    it->seq = acquire_seq(p, 0);
    /* The first warnings of an item also go to stderr; all of them are in the case file. */
    uint64_t n = atomic_fetch_add(&p->n_warnings, 1);
    if (n < STDERR_WARNINGS)
        fprintf(stderr, "dftriage: warning: %s\n", it->text ? it->text : "");
    else if (n == STDERR_WARNINGS)
        fprintf(stderr, "dftriage: warning: more warnings are recorded in the case file only (findings of kind "
                "evidence.warning)\n");
    pipeline_complete(p, it);
    return DFT_OK;
}

static int sink_meta(void *payload, const char *key, const char *value)
{
    struct dft_pipeline *p = payload;
    item *it = item_new(ITEM_META);
    if (!it) return dft_error_set(DFT_ENOMEM, "out of memory");
    it->text = strdup(key);
    it->text2 = dup_or_null(value);
    /* plugins read it through dft_scan_evidence_meta() */
    meta_kv *kv = calloc(1, sizeof *kv);
    if (kv && (kv->key = strdup(key)) && (kv->value = strdup(value ? value : ""))) {
        pthread_mutex_lock(&p->mu);
        *p->meta_tail = kv;
        p->meta_tail = &kv->next;
        pthread_mutex_unlock(&p->mu);
    } else if (kv) {
        free(kv->key);
        free(kv);
    }
    it->seq = acquire_seq(p, 0);
    pipeline_complete(p, it);
    return DFT_OK;
}

/* Names of one inode share content: hash it once (sleuthkit#373). Only allocated regular files
 * with a link count above one are grouped; deleted names may point at a reused inode. */
static link_info *link_group(struct dft_pipeline *p, const dft_file_rec *f, int64_t id, bool *first)
{
    char key[96];
    snprintf(key, sizeof key, "%lld:%llu:%u:%u", (long long)f->filesystem_id,
             (unsigned long long)f->meta_addr, f->attr_type, f->attr_id);
    int64_t idx;
    if (dft_strmap_get(p->links, key, &idx) == DFT_OK) {
        *first = false;
        return (link_info *)(intptr_t)idx;
    }
    link_info *li = calloc(1, sizeof *li);
    if (!li) return NULL;
    li->first_id = id;
    li->next = p->link_list;
    p->link_list = li;
    if (dft_strmap_put(p->links, key, (int64_t)(intptr_t)li)) return NULL;
    *first = true;
    return li;
}

static int sink_file(void *payload, const dft_file_rec *f, int64_t *out_id)
{
    struct dft_pipeline *p = payload;
    item *it = item_new(ITEM_FILE);
    if (!it) return dft_error_set(DFT_ENOMEM, "out of memory");
    int rc = file_rec_copy(&it->rec, f);
    uint64_t inline_len = 0;
    if (rc == DFT_OK && f->inline_data) {
        inline_len = f->size;
        it->inline_data = malloc(f->size ? f->size : 1);
        if (!it->inline_data) rc = dft_error_set(DFT_ENOMEM, "out of memory copying %s", f->path);
        else memcpy(it->inline_data, f->inline_data, f->size);
    }
    if (rc) {
        item_free(it);
        return rc;
    }
    it->id = p->next_file_id++;
    *out_id = it->id;
    /* in the index before any worker can see the item, so lookups never depend on timing */
    if ((rc = dft_fileindex_add(p->index, it->id, f))) {
        item_free(it);
        return rc;
    }
    if (f->type == 'r' && f->allocated && f->nlink > 1 && f->filesystem_id && !f->inline_data && !f->spill_path)
        it->link = link_group(p, f, it->id, &it->link_first);
    atomic_fetch_add(&p->files_seen, 1);
    /* one lock round for sequence number and queue: this runs once per file */
    pthread_mutex_lock(&p->mu);
    it->seq = acquire_seq_locked(p, inline_len);
    enqueue_locked(p, it);
    pthread_mutex_unlock(&p->mu);
    return DFT_OK;
}

static bool sink_cancelled(void *payload)
{
    struct dft_pipeline *p = payload;
    return pipeline_stopping(p);
}

/* The watchdog: a file that runs past the timeout is asked to stop (cooperatively: between
 * blocks, and through dft_scan_cancelled() in plugins). */
static void *watchdog_main(void *arg)
{
    struct dft_pipeline *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        bool stop = p->stopping_workers;
        pthread_mutex_unlock(&p->mu);
        if (stop) break;
        int64_t now = now_ms();
        for (int i = 0; i < p->n_workers; i++) {
            worker *w = &p->workers[i];
            uint64_t gen = atomic_load(&w->file_gen);
            int64_t started = atomic_load(&w->started_ms);
            if (started && now - started > (int64_t)p->opts.file_timeout_s * 1000 && atomic_load(&w->file_gen) == gen)
                atomic_store(&w->cancel_gen, gen);
        }
        usleep(200 * 1000);
    }
    return NULL;
}

int dft_pipeline_new(dft_pipeline **out, dft_store *store, int64_t evidence_id, const dft_pipeline_options *opts)
{
    struct dft_pipeline *p = calloc(1, sizeof *p);
    if (!p) return dft_error_set(DFT_ENOMEM, "out of memory");
    p->store = store;
    p->evidence_id = evidence_id;
    p->opts = *opts;
    if (p->opts.threads < 1) p->opts.threads = 1;
    if (p->opts.commit_every < 1) p->opts.commit_every = 20000;
    p->capacity = 1024;
    p->ring = calloc(p->capacity, sizeof *p->ring);
    int rc = p->ring ? dft_strmap_new(&p->links) : dft_error_set(DFT_ENOMEM, "out of memory");
    if (rc == DFT_OK) rc = dft_fileindex_new(&p->index);
    if (rc == DFT_OK) rc = dft_store_next_ids(store, &p->next_file_id, &p->next_volume_id, &p->next_fs_id);
    if (rc == DFT_OK) rc = dft_store_next_region_id(store, &p->next_region_id);
    if (rc == DFT_OK) rc = regscan_new(p, &p->regscan);
    if (rc) {
        regscan_free(p->regscan);
        free(p->ring);
        dft_strmap_free(p->links);
        dft_fileindex_free(p->index);
        free(p);
        return rc;
    }
    p->meta_tail = &p->meta;
    p->ev_view = DFT_INIT(dft_evidence_view);
    p->ev_view.id = evidence_id;
    p->ev_view.path = p->opts.evidence_path ? p->opts.evidence_path : "";
    p->ev_view.kind = p->opts.evidence_kind ? p->opts.evidence_kind : "";
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cond_work, NULL);
    pthread_cond_init(&p->cond_space, NULL);
    pthread_cond_init(&p->cond_idle, NULL);
    pthread_cond_init(&p->cond_ready, NULL);
    pthread_cond_init(&p->cond_chunk, NULL);
    p->chunk_tail = &p->chunk_head;
    p->sink = (dft_walk_sink){ sink_volume, sink_filesystem, sink_file, sink_region, sink_warning, sink_meta,
                               sink_cancelled, p, sink_mapped, p->opts.slack && p->regscan };

    p->n_workers = p->opts.threads;
    p->workers = calloc((size_t)p->n_workers, sizeof *p->workers);
    if (!p->workers) {
        regscan_free(p->regscan);
        free(p->ring);
        dft_strmap_free(p->links);
        dft_fileindex_free(p->index);
        free(p);
        return dft_error_set(DFT_ENOMEM, "out of memory");
    }
    for (int i = 0; i < p->n_workers; i++) {
        worker *w = &p->workers[i];
        w->p = p;
        w->index = i;
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/w%d", p->opts.temp_dir, i);
        if ((mkdir(dir, 0700) != 0 && errno != EEXIST) || !(w->tmp = strdup(dir)) ||
            pthread_create(&w->thread, NULL, worker_main, w) != 0) {
            free(w->tmp);
            w->tmp = NULL;
            if (i == 0) {
                int rc = dft_error_set(DFT_ERROR, "cannot start a worker thread in %s: %s", dir, strerror(errno));
                free(p->workers);
                regscan_free(p->regscan);
                free(p->ring);
                dft_strmap_free(p->links);
                dft_fileindex_free(p->index);
                free(p);
                return rc;
            }
            fprintf(stderr, "dftriage: warning: only %d of %d worker threads could be started\n", i, p->n_workers);
            p->n_workers = i;
            break;
        }
    }
    if (pthread_create(&p->writer_thread, NULL, writer_main, p) != 0) {
        /* without a writer nothing can be stored: stop the workers and fail */
        pthread_mutex_lock(&p->mu);
        p->stopping_workers = true;
        pthread_cond_broadcast(&p->cond_work);
        pthread_mutex_unlock(&p->mu);
        for (int i = 0; i < p->n_workers; i++) pthread_join(p->workers[i].thread, NULL);
        int rc = dft_error_set(DFT_ERROR, "cannot start the writer thread: %s", strerror(errno));
        free(p->workers);
        regscan_free(p->regscan);
        free(p->ring);
        dft_strmap_free(p->links);
        dft_fileindex_free(p->index);
        free(p);
        return rc;
    }
    if (p->opts.file_timeout_s > 0 && pthread_create(&p->watchdog_thread, NULL, watchdog_main, p) == 0)
        p->watchdog_running = true;
    *out = p;
    return DFT_OK;
}

const dft_walk_sink *dft_pipeline_sink(dft_pipeline *p) { return &p->sink; }

static int by_file_id(const void *a, const void *b)
{
    const deferred *x = *(deferred *const *)a, *y = *(deferred *const *)b;
    return x->file_id < y->file_id ? -1 : x->file_id > y->file_id;
}

/* Queues the postponed whole-file scans in file-id order (deterministic), once workers are idle
 * and so the list is complete. */
static void queue_deferred(struct dft_pipeline *p)
{
    pthread_mutex_lock(&p->mu);
    while (p->queue_head || p->busy_workers) {
        p->idle_waiters++;
        pthread_cond_wait(&p->cond_idle, &p->mu);
        p->idle_waiters--;
    }
    deferred *list = p->deferred_list;
    size_t n = p->n_deferred;
    p->deferred_list = NULL;
    p->n_deferred = 0;
    pthread_mutex_unlock(&p->mu);
    if (n && pipeline_stopping(p)) {
        while (list) {
            deferred *next = list->next;
            deferred_free(list);
            list = next;
        }
        return;
    }
    if (!n) return;
    deferred **arr = malloc(n * sizeof *arr);
    if (!arr) return;
    size_t i = 0;
    for (deferred *d = list; d; d = d->next) arr[i++] = d;
    qsort(arr, n, sizeof *arr, by_file_id);
    for (i = 0; i < n; i++) {
        item *it = item_new(ITEM_DEFERRED);
        if (!it) break;
        arr[i]->next = NULL;
        it->def = arr[i];
        it->id = arr[i]->file_id;
        it->derived_depth = arr[i]->derived_depth;
        it->seq = acquire_seq(p, 0);
        enqueue_work(p, it);
    }
    free(arr);
}

int pipeline_add_derived(struct dft_pipeline *p, derived *d)
{
    pthread_mutex_lock(&p->mu);
    /* a region scan's waits for the end of the region scan (it may be emitted on the media-hash thread
     * before the walk's derived files are queued, or inside queue_regions: its id must not depend on when) */
    derived **list = d->rec.from_region ? &p->region_derived : &p->derived_list;
    d->next = *list;
    *list = d;
    if (!d->rec.from_region) p->n_derived++;
    pthread_mutex_unlock(&p->mu);
    return DFT_OK;
}

/* After the region scan: its derived files join the queue (mu not held). */
static void release_region_derived(struct dft_pipeline *p)
{
    pthread_mutex_lock(&p->mu);
    while (p->region_derived) {
        derived *d = p->region_derived;
        p->region_derived = d->next;
        d->next = p->derived_list;
        p->derived_list = d;
        p->n_derived++;
    }
    pthread_mutex_unlock(&p->mu);
}

static void derived_free(derived *d)
{
    if (d->rec.spill_path) unlink(d->rec.spill_path);
    file_rec_clear(&d->rec);
    free(d);
}

static int by_origin(const void *a, const void *b)
{
    const derived *x = *(derived *const *)a, *y = *(derived *const *)b;
    if (x->origin_id != y->origin_id) return x->origin_id < y->origin_id ? -1 : 1;
    if (x->origin_id == 0) { /* region scans: by region in disk order */
        if (x->region_offset != y->region_offset) return x->region_offset < y->region_offset ? -1 : 1;
        if (x->region_id != y->region_id) return x->region_id < y->region_id ? -1 : 1;
        if (x->region_file_id != y->region_file_id) return x->region_file_id < y->region_file_id ? -1 : 1;
    }
    if (x->origin_seq != y->origin_seq) return x->origin_seq < y->origin_seq ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* Waits until no work is queued or running (mu not held). */
static void wait_idle(struct dft_pipeline *p)
{
    pthread_mutex_lock(&p->mu);
    while (p->queue_head || p->busy_workers) {
        p->idle_waiters++;
        pthread_cond_wait(&p->cond_idle, &p->mu);
        p->idle_waiters--;
    }
    pthread_mutex_unlock(&p->mu);
}

/* Turns the derived files emitted so far into files rows, in (origin file, emit order) order, and
 * queues them like files of the walk. Returns how many were queued. Ids come after every walked file,
 * so they stay a function of the evidence. */
static size_t queue_derived(struct dft_pipeline *p)
{
    wait_idle(p);
    pthread_mutex_lock(&p->mu);
    derived *list = p->derived_list;
    size_t n = p->n_derived;
    p->derived_list = NULL;
    p->n_derived = 0;
    pthread_mutex_unlock(&p->mu);
    if (!n) return 0;
    derived **arr = malloc(n * sizeof *arr);
    if (!arr || pipeline_stopping(p)) {
        while (list) {
            derived *next = list->next;
            derived_free(list);
            list = next;
        }
        free(arr);
        return 0;
    }
    size_t i = 0;
    for (derived *d = list; d; d = d->next) arr[i++] = d;
    qsort(arr, n, sizeof *arr, by_origin);
    size_t queued = 0;
    for (i = 0; i < n; i++) {
        derived *d = arr[i];
        item *it = item_new(ITEM_FILE);
        if (!it) {
            derived_free(d);
            continue;
        }
        it->rec = d->rec; /* takes the strings and the spill */
        it->owns_spill = true;
        it->derived_depth = d->depth;
        free(d);
        it->id = p->next_file_id++;
        atomic_fetch_add(&p->files_seen, 1);
        pthread_mutex_lock(&p->mu);
        it->seq = acquire_seq_locked(p, 0);
        enqueue_locked(p, it);
        pthread_mutex_unlock(&p->mu);
        queued++;
    }
    free(arr);
    return queued;
}

int dft_pipeline_finish(dft_pipeline *p, dft_pipeline_stats *out)
{
    queue_deferred(p);
    /* derived files may be found by postponed scans, and derive more in turn (depth-capped) */
    while (queue_derived(p)) queue_deferred(p);
    int region_rc = queue_regions(p);
    /* files carved by the region scan get their ids after every other file, in region order */
    release_region_derived(p);
    while (queue_derived(p)) queue_deferred(p);
    pthread_mutex_lock(&p->mu);
    p->stopping_workers = true;
    pthread_cond_broadcast(&p->cond_work);
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < p->n_workers; i++) pthread_join(p->workers[i].thread, NULL);
    if (p->watchdog_running) pthread_join(p->watchdog_thread, NULL);
    p->watchdog_running = false;
    pthread_mutex_lock(&p->mu);
    p->seq_end = p->seq_next;
    p->stopping_writer = true;
    pthread_cond_broadcast(&p->cond_ready);
    pthread_mutex_unlock(&p->mu);
    pthread_join(p->writer_thread, NULL);
    p->n_workers = 0;
    if (out) {
        out->files = atomic_load(&p->files_done);
        out->dirs = atomic_load(&p->n_dirs);
        out->bytes = atomic_load(&p->bytes_done);
        out->partial = atomic_load(&p->n_partial);
        out->warnings = atomic_load(&p->n_warnings);
        out->findings = atomic_load(&p->n_findings);
        out->rows = atomic_load(&p->n_rows);
        out->lane_files = atomic_load(&p->n_lane_files);
        out->lane_handback = atomic_load(&p->n_lane_handback);
        out->regions = out->region_shared_bytes = out->region_reread_bytes = 0;
        if (p->regscan) regscan_stats(p->regscan, &out->regions, &out->region_shared_bytes, &out->region_reread_bytes);
    }
    return p->writer_rc ? p->writer_rc : region_rc;
}

void dft_pipeline_cancel(dft_pipeline *p) { atomic_store(&p->cancelled, 1); }

void dft_pipeline_free(dft_pipeline *p)
{
    if (!p) return;
    if (p->n_workers) dft_pipeline_finish(p, NULL);
    for (link_info *li = p->link_list; li;) {
        link_info *next = li->next;
        free(li->mime); free(li->magic); free(li->hash_status);
        free(li);
        li = next;
    }
    regscan_free(p->regscan);
    for (size_t i = 0; i < p->capacity; i++) item_free(p->ring[i]);
    release_region_derived(p);
    while (p->derived_list) {
        derived *next = p->derived_list->next;
        derived_free(p->derived_list);
        p->derived_list = next;
    }
    free(p->ring);
    dft_strmap_free(p->links);
    dft_fileindex_free(p->index);
    for (meta_kv *kv = p->meta; kv;) {
        meta_kv *next = kv->next;
        free(kv->key);
        free(kv->value);
        free(kv);
        kv = next;
    }
    free(p->workers);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cond_work);
    pthread_cond_destroy(&p->cond_space);
    pthread_cond_destroy(&p->cond_idle);
    pthread_cond_destroy(&p->cond_ready);
    pthread_cond_destroy(&p->cond_chunk);
    for (item *c = p->chunk_head, *n; c; c = n) { n = c->next_in_queue; item_free(c); }
    free(p);
}

void dft_pipeline_progress(const dft_pipeline *p, uint64_t *files_done, uint64_t *files_seen, uint64_t *bytes_done)
{
    *files_done = atomic_load(&p->files_done);
    *files_seen = atomic_load(&p->files_seen);
    *bytes_done = atomic_load(&p->bytes_done);
}
