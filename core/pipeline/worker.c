/*
 * worker.c - what a worker thread does with one file: read its content once, in order, and feed the
 * same blocks to the three hashes, libmagic (first bytes), streaming plugins and, for whole-file
 * plugins, a private materialised copy; then run the whole-file plugins and the type check.
 *
 * Per file, the read goes through these states (read_job.decided):
 *   undecided --(64 KiB seen, or end of content)--> decided: libmagic typed the head, the registry
 *   chose the plugins, and the bytes seen so far were replayed to the chosen consumers.
 *
 * Hashing (issue 15): a worker takes a batch of queued files at once - the first queued item of any
 * kind, then up to BATCH_MAX more small files (<= BATCH_FILE_MAX bytes, BATCH_BYTES in all). Each
 * file is read once, in turn (file_read: stream plugins run and end there); a small file's bytes are
 * kept (read_job.hbuf) instead of going to the worker's OpenSSL hasher, and after the batch is read
 * all of them are hashed together in multi-buffer lanes (mbhash.h: dft_mbhash_batch); then each
 * file is finished in queue order (file_finish: hashes, hard-link results, whole-file plugins, type
 * check) and the batch is handed on. Larger files are read several at a time by lane readers
 * (worker_lanes.c) when enough of them are queued, else, and with --hash-engine openssl, hashed
 * as they are read by the OpenSSL hasher. What is hashed, the rows and
 * their ids do not depend on the batching: ids are given by the walk, rows belong to their item.
 */
#include "worker_impl.h"

#include <jansson.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fileio.h"
#include "mbhash.h"
#include "registry.h"
#include "typecheck.h"
#include "typer.h"

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int worker_tstate(worker *w, dft_source *src, void **out)
{
    for (size_t i = 0; i < w->n_tstates; i++)
        if (w->tstates[i].source == src) {
            *out = w->tstates[i].tstate;
            return DFT_OK;
        }
    void *ts = NULL;
    if (src->thread_open) {
        int rc = src->thread_open(src, &ts);
        if (rc) return rc;
    }
    tstate_slot *grown = realloc(w->tstates, (w->n_tstates + 1) * sizeof *grown);
    if (!grown) {
        if (src->thread_close) src->thread_close(src, ts);
        return dft_error_set(DFT_ENOMEM, "out of memory");
    }
    w->tstates = grown;
    w->tstates[w->n_tstates++] = (tstate_slot){ src, ts };
    *out = ts;
    return DFT_OK;
}

static int open_copy_file(read_job *j)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/c%llu", j->w->tmp, (unsigned long long)j->w->scratch_seq++);
    j->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (j->fd < 0) return dft_error_set(DFT_EIO, "cannot create private copy %s: %s", path, strerror(errno));
    j->copy_path = strdup(path);
    return DFT_OK;
}

/* Appends to the materialised copy: memory up to max_inmem, then moves to a private file. */
static void copy_append(read_job *j, const uint8_t *data, size_t len)
{
    if (j->copy_rc) return;
    uint64_t cap = j->inmem_cap;
    if (j->fd < 0 && j->mem_len + len > cap) {
        j->copy_rc = open_copy_file(j);
        if (j->copy_rc == DFT_OK) j->copy_rc = dft_write_all(j->fd, j->mem, j->mem_len);
        free(j->mem);
        j->mem = NULL;
        j->mem_len = 0;
    }
    if (j->copy_rc) return;
    if (j->fd >= 0) {
        j->copy_rc = dft_write_all(j->fd, data, len);
        if (!j->dual) return;
        if (j->mem_len + len > cap) {   /* longer than the walk said: the scans of this turn take the file */
            j->dual = false;
            free(j->mem);
            j->mem = NULL;
            j->mem_len = j->mem_cap = 0;
            return;
        }
    }
    if (j->mem_len + len > j->mem_cap) {
        size_t want = j->mem_cap ? j->mem_cap : 64 * 1024;
        while (want < j->mem_len + len) want *= 2;
        uint8_t *grown = realloc(j->mem, want);
        if (!grown) {
            if (j->dual) { /* the disk copy still serves every scan */
                j->dual = false;
                free(j->mem);
                j->mem = NULL;
                j->mem_len = j->mem_cap = 0;
                return;
            }
            j->copy_rc = dft_error_set(DFT_ENOMEM, "out of memory materialising %s", j->file->path);
            return;
        }
        j->mem = grown;
        j->mem_cap = want;
    }
    memcpy(j->mem + j->mem_len, data, len);
    j->mem_len += len;
}

static void feed(read_job *j, uint64_t offset, const uint8_t *data, size_t len)
{
    if (j->want_copy) copy_append(j, data, len);
    const dft_registry_entry *e;
    for (size_t i = 0; i < j->n_stream; i++) {
        if (j->stream_rc[i]) continue;
        e = dft_registry_at(j->stream[i]);
        j->stream_rc[i] = e->plugin->stream_block(j->stream_scan[i], j->stream_state[i], offset, data, len);
        if (j->stream_rc[i])
            item_add_warning(j->it, e->plugin->name, (int64_t)offset, dft_error_last());
    }
}

/* Types the head, chooses plugins, opens their consumers and replays the head to them. */
static void decide(read_job *j)
{
    worker *w = j->w;
    item *it = j->it;
    j->decided = true;
    size_t head = j->prefix_len < HEAD_BYTES ? j->prefix_len : HEAD_BYTES;
    if (!w->typer || dft_typer_type(w->typer, j->prefix, head, &it->mime, &it->magic) != DFT_OK) {
        free(it->mime);
        free(it->magic);
        it->mime = strdup("");
        it->magic = strdup("");
    }
    j->file->mime = it->mime;
    j->file->magic = it->magic;

    size_t matched[MAX_PLUGINS_PER_FILE];
    size_t n = dft_registry_match(j->file, matched, MAX_PLUGINS_PER_FILE);
    if (n > MAX_PLUGINS_PER_FILE) { /* never a silent drop: the file says which plugins did not run */
        char msg[200];
        snprintf(msg, sizeof msg, "%zu plugins claim this file; only the first %d (by name) ran, up to %s",
                 n, MAX_PLUGINS_PER_FILE, dft_registry_at(matched[MAX_PLUGINS_PER_FILE - 1])->plugin->name);
        item_add_warning(it, "core", -1, msg);
        n = MAX_PLUGINS_PER_FILE;
    }
    const dft_file_rec *r = &it->rec;
    for (size_t i = 0; i < n; i++) {
        const dft_plugin *pl = dft_registry_at(matched[i])->plugin;
        if (pl->access & DFT_ACCESS_WHOLE) {
            /* declaring siblings postpones the scan until the item's walk ended (plugin.h) */
            if (pl->siblings && pl->siblings[0]) j->later[j->n_later++] = matched[i];
            else j->whole[j->n_whole++] = matched[i];
        }
        if (pl->access & DFT_ACCESS_STREAM) {
            size_t k = j->n_stream++;
            j->stream[k] = matched[i];
            j->stream_scan[k] = scan_new(w, it, j->file, matched[i]);
            j->stream_rc[k] = j->stream_scan[k] ? pl->stream_begin(j->stream_scan[k], j->file, &j->stream_state[k])
                                                : DFT_ENOMEM;
            j->stream_begun[k] = j->stream_rc[k] == DFT_OK;
            if (j->stream_rc[k]) item_add_warning(it, pl->name, -1, dft_error_last());
        }
    }
    /* A postponed scan of a file its source can read again needs no copy; else the copy must outlive
     * this worker's turn (on disk), and a large file does not fit in memory. */
    bool keep_copy = j->n_later && !j->reread;
    j->want_copy = j->n_whole || keep_copy;
    /* files read together by lane readers share one in-memory allowance (max_inmem per worker, as
     * when files are read one by one): a copy that does not fit what is left goes to disk */
    bool inmem = r->size <= j->inmem_cap;
    if (j->want_copy && inmem && j->inmem_left) {
        inmem = r->size <= *j->inmem_left;
        if (inmem) {
            *j->inmem_left -= r->size;
            j->inmem_cap = r->size;
        }
    }
    if (j->want_copy && (keep_copy || !inmem)) j->copy_rc = open_copy_file(j);
    /* a small file kept on disk for a postponed scan (a plugin with siblings) is also held in memory
     * for the whole-file plugins of this turn, which are promised its bytes (plugin.h) */
    j->dual = keep_copy && j->n_whole && inmem && !j->copy_rc;
    if (j->prefix_len) feed(j, 0, j->prefix, j->prefix_len);
    free(j->prefix);
    j->prefix = NULL;
    j->prefix_len = j->prefix_cap = 0;
}

/* Keeps a batched file's bytes for the lanes. Content longer than the walk said (or no memory)
 * moves the file to the OpenSSL hasher: the worker's hasher is idle while a batched file is read
 * (files are read one after another, and a hasher file finishes before the next read starts). */
static void hbuf_append(read_job *j, const uint8_t *data, size_t len)
{
    if (j->hlen + len <= j->hcap) {
        memcpy(j->hbuf + j->hlen, data, len);
        j->hlen += len;
        return;
    }
    size_t want = j->hcap ? j->hcap : 4096;
    while (want < j->hlen + len && want <= 2 * BATCH_FILE_MAX) want *= 2;
    /* growth is charged to the batch's budget: *kept - hcap + want stays <= BATCH_BYTES */
    bool fits = want >= j->hlen + len && want <= 2 * BATCH_FILE_MAX && dft_mb_budget_resize(j->kept, j->hcap, want);
    uint8_t *grown = fits ? realloc(j->hbuf, want) : NULL;
    if (fits && !grown) dft_mb_budget_resize(j->kept, want, j->hcap);   /* give the charge back */
    if (grown) {
        j->hbuf = grown;
        j->hcap = want;
        memcpy(j->hbuf + j->hlen, data, len);
        j->hlen += len;
        return;
    }
    dft_hasher_reset(j->w->hasher);
    dft_hasher_update(j->w->hasher, j->hbuf, j->hlen);
    dft_hasher_update(j->w->hasher, data, len);
    free(j->hbuf);
    dft_mb_budget_release(j->kept, j->hcap);
    j->hbuf = NULL;
    j->hlen = j->hcap = 0;
    j->lanes = false;
}

static int on_block(void *payload, uint64_t offset, const uint8_t *data, size_t len)
{
    read_job *j = payload;
    if (j->reader ? j->cancel : worker_cancelled(j->w))
        return dft_error_set(DFT_ECANCELLED, "watchdog: file took longer than %d s", j->w->p->opts.file_timeout_s);
    if (j->reader) {
        /* lane reader: the stage hashes the chunk with the other large files' chunks; the reader
         * waits here (the chunk stays valid) until that round has run */
        j->cancel = lane_reader_chunk(j->reader, data, len);
    } else if (j->lanes) {
        hbuf_append(j, data, len);
    } else {
        dft_hasher_update(j->w->hasher, data, len);
    }
    j->total += len;
    atomic_fetch_add(&j->w->p->bytes_done, len);
    if (j->decided) {
        feed(j, offset, data, len);
        return DFT_OK;
    }
    if (j->prefix_len + len > j->prefix_cap) {
        size_t want = j->prefix_len + len;
        uint8_t *grown = realloc(j->prefix, want);
        if (!grown) return dft_error_set(DFT_ENOMEM, "out of memory reading %s", j->file->path);
        j->prefix = grown;
        j->prefix_cap = want;
    }
    memcpy(j->prefix + j->prefix_len, data, len);
    j->prefix_len += len;
    if (j->prefix_len >= HEAD_BYTES) decide(j);
    return DFT_OK;
}

static int read_spill(read_job *j, const char *path, uint64_t *bad, char *err, size_t errlen)
{
    int rc = dft_file_stream(path, 0, on_block, j, bad, err, errlen);
    if (rc && !err[0]) snprintf(err, errlen, "%s", dft_error_last());
    return rc;
}

/* Postpones the whole-file scans plugins[0..n) of an item until the walk has ended; *copy_path (a
 * private copy to keep, or NULL) is taken over. */
static void add_deferred(worker *w, item *it, const size_t *plugins, size_t n, char **copy_path)
{
    struct dft_pipeline *p = w->p;
    deferred *d = calloc(1, sizeof *d);
    if (!d || file_rec_copy(&d->rec, &it->rec)) {
        free(d);
        item_add_warning(it, "core", -1, "out of memory postponing plugin scans");
        return;
    }
    d->file_id = it->id;
    d->derived_depth = it->derived_depth;
    d->copy_path = *copy_path;
    *copy_path = NULL;
    d->mime = strdup(it->mime ? it->mime : "");
    d->magic = strdup(it->magic ? it->magic : "");
    d->hash_status = strdup(it->res.hash_status ? it->res.hash_status : "none");
    d->hashes = it->res.hashes;
    d->hashed = it->res.hashed;
    d->rec.inline_data = NULL;
    for (size_t i = 0; i < n && i < sizeof d->plugins / sizeof d->plugins[0]; i++)
        d->plugins[d->n_plugins++] = plugins[i];
    pthread_mutex_lock(&p->mu);
    d->next = p->deferred_list;
    p->deferred_list = d;
    p->n_deferred++;
    pthread_mutex_unlock(&p->mu);
}

/* The hashes of a finished read, for whole-file scans. */
static void file_set_hashes(dft_file *f, const char *status, const dft_hashes *h, bool hashed)
{
    f->hash_status = status ? status : "none";
    if (hashed) {
        f->md5 = h->md5;
        f->sha1 = h->sha1;
        f->sha256 = h->sha256;
    }
}

static void type_check(item *it, const dft_file *f)
{
    const char *expected;
    if (!dft_typecheck_mismatch(f->name, it->mime, &expected)) return;
    json_t *j = json_pack("{ss}", "extension_expects", expected);
    char *details = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(j);
    dft_finding fi = { .kind = "file.type_mismatch", .subkind = it->mime, .value = f->name, .offset = -1,
                       .length = -1, .confidence = 0.8, .details = details };
    item_add_finding(it, "core", &fi);
    free(details);
}

static void finish_link(item *it)
{
    if (!it->link || !it->link_first) return;
    link_info *li = it->link;
    li->hashes = it->res.hashes;
    li->mime = it->mime ? strdup(it->mime) : NULL;
    li->magic = it->magic ? strdup(it->magic) : NULL;
    li->hash_status = strdup(it->res.hash_status);
    li->done = true;
}

/* The inline copy is no longer needed once read: free it; its memory budget is given back when
 * the item is handed on (worker_main). */
static void release_inline(item *it)
{
    free(it->inline_data);
    it->inline_data = NULL;
}

/* First half of a file: everything up to the end of its read (stream plugins ended, hashes final
 * unless the file waits for the batch hash or its lane reader's stage). Runs on the worker's thread,
 * or on a lane reader's (worker_lanes.c). Returns whether file_finish is owed. */
bool file_read(worker *w, file_ctx *fc, bool lanes, dft_mb_budget *kept, struct lane_reader *reader)
{
    struct dft_pipeline *p = w->p;
    item *it = fc->it;
    dft_file_rec *r = &it->rec;
    content_fill_file(&fc->file, p, it->id, r, fc->tbuf);
    it->res.hash_status = "none";
    if (r->type == 'd') atomic_fetch_add(&p->n_dirs, 1);
    if (pipeline_stopping(p)) {
        /* the row is still written, so ids stay dense; the evidence stays incomplete */
        if (r->type == 'r') it->error = strdup("not read: the ingest was stopped");
        return false;
    }
    if (r->type == 'd') {
        /* directory claims: scanned after the walk, when every entry of the directory is known */
        size_t m[MAX_PLUGINS_PER_FILE];
        size_t n = dft_registry_match(&fc->file, m, MAX_PLUGINS_PER_FILE);
        if (n > MAX_PLUGINS_PER_FILE) {
            char msg[200];
            snprintf(msg, sizeof msg, "%zu plugins claim this directory; only the first %d (in name order) ran",
                     n, MAX_PLUGINS_PER_FILE);
            item_add_warning(it, "core", -1, msg);
            n = MAX_PLUGINS_PER_FILE;
        }
        char *none = NULL;
        if (n) add_deferred(w, it, m, n, &none);
        return false;
    }
    bool has_content = it->inline_data || r->spill_path || (r->source && r->source->stream);
    /* An allocated empty regular file has content: the empty message, whose digests examiners
     * expect. Not so a deleted name without metadata, or content the walker could not get. */
    bool empty = r->type == 'r' && r->size == 0 && r->allocated && !it->inline_data && !r->spill_path &&
                 !r->content_partial && !r->content_error;
    fc->empty = empty;
    if (r->type != 'r' || (!has_content && !empty)) {
        if (r->content_error) it->error = strdup(r->content_error);
        return false;
    }
    if (it->link && !it->link_first) {
        it->res.hash_status = "shared";
        it->res.content_of = it->link->first_id;
        return false;
    }

    read_job *j = &fc->j;
    uint64_t *inmem_left = j->inmem_left;   /* set by the lane stage before the read */
    *j = (read_job){ .w = w, .it = it, .file = &fc->file, .fd = -1, .kept = kept, .reader = reader,
                     .inmem_cap = p->opts.max_inmem, .inmem_left = reader ? inmem_left : NULL };
    j->reread = r->source && r->source->stream && !r->source->sequential && !it->inline_data && !r->spill_path;
    /* a file that does not fit what is left of the budget is hashed by OpenSSL as it is read */
    j->lanes = lanes && r->size <= BATCH_FILE_MAX && dft_mb_budget_resize(kept, 0, r->size);
    if (j->lanes && r->size) {
        j->hbuf = malloc(r->size);
        j->hcap = j->hbuf ? r->size : 0;
        if (!j->hbuf) dft_mb_budget_release(kept, r->size);
    }
    fc->err[0] = '\0';
    fc->bad = 0;
    if (!reader) worker_file_start(w);   /* a lane reader's files are timed by the stage */
    if (!j->lanes && !reader) dft_hasher_reset(w->hasher);
    int rc;
    if (empty) {
        rc = DFT_OK;
    } else if (it->inline_data) {
        rc = r->size ? on_block(j, 0, it->inline_data, r->size) : DFT_OK;
        if (rc) snprintf(fc->err, sizeof fc->err, "%s", dft_error_last());
    } else if (r->spill_path) {
        rc = read_spill(j, r->spill_path, &fc->bad, fc->err, sizeof fc->err);
    } else {
        void *ts;
        rc = reader ? lane_reader_tstate(reader, r->source, &ts) : worker_tstate(w, r->source, &ts);
        if (rc == DFT_OK) rc = r->source->stream(r->source, ts, r, on_block, j, &fc->bad, fc->err, sizeof fc->err);
        else snprintf(fc->err, sizeof fc->err, "%s", dft_error_last());
    }
    fc->rc = rc;
    if (!j->decided) decide(j);
    release_inline(it);
    if (!j->lanes && !reader) dft_hasher_final(w->hasher, &it->res.hashes);
    if (j->want_copy && j->copy_rc) snprintf(j->copy_msg, sizeof j->copy_msg, "%s", dft_error_last());
    /* stream plugins end here, before the next file of a small-file batch is read. Large files read
     * together by lane readers (worker_lanes.c) have their streams open at the same time, their
     * blocks interleaved on the worker's plugin thread states (one call at a time): plugins keep
     * per-file state in file_state (plugin.h) */
    for (size_t i = 0; i < j->n_stream; i++) {
        const dft_plugin *pl = dft_registry_at(j->stream[i])->plugin;
        /* no scan (out of memory, thread_init failed) or a failed stream_begin: the plugin never began,
         * so it has no state to end (already a warning) */
        int src = j->stream_begun[i] ? pl->stream_end(j->stream_scan[i], j->stream_state[i]) : DFT_OK;
        if (src && !j->stream_rc[i]) item_add_warning(it, pl->name, -1, dft_error_last());
        scan_free(j->stream_scan[i]);
    }
    j->n_stream = 0;
    if (!reader) atomic_store(&w->started_ms, 0);
    fc->pending = true;
    return true;
}

/* Second half: hash results (the batch hash or the lane stage has filled it->res.hashes for lane
 * files), partial marking, hard-link results, whole-file plugins, type check. */
void file_finish(worker *w, file_ctx *fc)
{
    struct dft_pipeline *p = w->p;
    item *it = fc->it;
    dft_file_rec *r = &it->rec;
    read_job *j = &fc->j;
    dft_file *file = &fc->file;
    int rc = fc->rc;
    worker_file_start(w);
    it->res.hashed = true;
    bool partial = rc != DFT_OK || fc->bad > 0 || r->content_partial || j->total < r->size;
    it->res.hash_status = partial ? "partial" : "full";
    if (partial && j->total == 0 && !fc->empty) {
        /* no byte was read (a dangling hard link, a member past a cap): no hashes (docs/case-file.md) */
        it->res.hashed = false;
        it->res.hash_status = "none";
    }
    if (partial) {
        atomic_fetch_add(&p->n_partial, 1);
        char msg[600];
        const char *why = fc->err[0] ? fc->err : r->content_error ? r->content_error : "content shorter than its size";
        if (fc->bad) snprintf(msg, sizeof msg, "%llu unreadable bytes: %s", (unsigned long long)fc->bad, why);
        else snprintf(msg, sizeof msg, "%s", why);
        it->error = strdup(msg);
    }
    finish_link(it);

    if (j->fd >= 0) close(j->fd);
    file_set_hashes(file, it->res.hash_status, &it->res.hashes, it->res.hashed);
    if (j->want_copy && j->copy_rc) {
        item_add_warning(it, "core", -1, j->copy_msg);
    } else if (j->n_whole || j->n_later) {
        /* a file cancelled by the watchdog is not handed to plugins half-read */
        if (rc == DFT_ECANCELLED) {
            item_add_warning(it, "core", -1, "plugins skipped: the file was cancelled by the watchdog");
        } else {
            text_memo memo = { NULL, 0 };
            for (size_t i = 0; i < j->n_whole; i++) {
                scan_input in = { w, it, r, file, j->mem, j->mem_len, j->copy_path, false, false, &memo };
                if (j->copy_path && !j->dual) in.bytes = NULL;
                /* the last plugin may take the copy instead of copying it, unless postponed scans keep it */
                in.path_last = i + 1 == j->n_whole && (j->reread || !j->n_later);
                content_run_plugin(&in, j->whole[i]);
            }
            if (j->n_later) {
                char *keep = j->reread ? NULL : j->copy_path;
                if (!j->reread) j->copy_path = NULL;
                add_deferred(w, it, j->later, j->n_later, &keep);
                free(keep);
            }
        }
    }
    if (j->copy_path) unlink(j->copy_path);
    free(j->copy_path);
    free(j->mem);
    free(j->prefix);
    free(j->hbuf);
    j->copy_path = NULL;
    j->mem = j->prefix = j->hbuf = NULL;
    type_check(it, file);
    atomic_store(&w->started_ms, 0);
    if (r->source && r->source->release) r->source->release(r->source, r);
    fc->pending = false;
}

/* The multi-buffer hash of the batch's kept contents, into each file's results. On failure (out
 * of memory) the same bytes go through the OpenSSL hasher one by one: slower, same digests. */
static void batch_hash(worker *w, file_ctx *fcs, size_t n)
{
    dft_mb_msg msgs[BATCH_MAX + 1];
    dft_hashes out[BATCH_MAX + 1];
    size_t idx[BATCH_MAX + 1], m = 0;
    for (size_t i = 0; i < n; i++)
        if (fcs[i].pending && fcs[i].j.lanes) {
            msgs[m] = (dft_mb_msg){ fcs[i].j.hbuf, fcs[i].j.hlen };
            idx[m++] = i;
        }
    if (!m) return;
    if (dft_mbhash_batch(w->p->opts.hash_engine, msgs, m, out) == DFT_OK) {
        for (size_t k = 0; k < m; k++) fcs[idx[k]].it->res.hashes = out[k];
        return;
    }
    for (size_t k = 0; k < m; k++) {
        dft_hasher_reset(w->hasher);
        dft_hasher_update(w->hasher, msgs[k].data, msgs[k].len);
        dft_hasher_final(w->hasher, &fcs[idx[k]].it->res.hashes);
    }
}

void worker_file_start(worker *w)
{
    /* start time first, generation second: the watchdog reads them in the opposite order */
    atomic_store(&w->started_ms, now_ms());
    atomic_fetch_add(&w->file_gen, 1);
}

void deferred_free(deferred *d)
{
    if (!d) return;
    if (d->copy_path) unlink(d->copy_path);
    free(d->copy_path);
    file_rec_clear(&d->rec);
    free(d->hash_status);
    free(d->mime);
    free(d->magic);
    free(d);
}

static void process_deferred(worker *w, item *it)
{
    deferred *d = it->def;
    if (pipeline_stopping(w->p)) return;
    dft_file file;
    char tbuf[4 * DFT_TIME_LEN];
    content_fill_file(&file, w->p, it->id, &d->rec, tbuf);
    file.mime = d->mime;
    file.magic = d->magic;
    file_set_hashes(&file, d->hash_status, &d->hashes, d->hashed);
    worker_file_start(w);
    if (d->rec.type == 'r' && !d->copy_path) {
        /* a random-access source: read the file again rather than keep a copy through the walk */
        char path[4200], why[300] = "";
        bool complete = true;
        snprintf(path, sizeof path, "%s/c%llu", w->tmp, (unsigned long long)w->scratch_seq++);
        int rc = content_reread(w, &d->rec, path, NULL, &complete, why, sizeof why);
        if (rc) {
            char msg[800];
            snprintf(msg, sizeof msg, "%s: cannot read it again for postponed plugin scans: %s", d->rec.path,
                     dft_error_last());
            item_add_warning(it, "core", -1, msg);
            unlink(path);
            atomic_store(&w->started_ms, 0);
            return;
        }
        d->copy_path = strdup(path);
        if (!complete && strcmp(file.hash_status, "partial") != 0) {
            char msg[800];
            snprintf(msg, sizeof msg, "%s: read again for postponed plugin scans, part was unreadable: %s",
                     d->rec.path, why);
            item_add_warning(it, "core", -1, msg);
        }
    }
    for (size_t i = 0; i < d->n_plugins; i++) {
        scan_input in = { w, it, &d->rec, &file, NULL, 0, d->copy_path, true, i + 1 == d->n_plugins, NULL };
        content_run_plugin(&in, d->plugins[i]);
    }
    atomic_store(&w->started_ms, 0);
}

/* Whether the item at the head of the queue may join a batch of small files. */
static bool batchable(const item *it)
{
    return it->kind == ITEM_FILE && it->rec.type == 'r' && it->rec.size <= BATCH_FILE_MAX;
}

/* Whether an item is a large regular file, which lane readers read together with others. */
static bool streamable(const item *it)
{
    return it->kind == ITEM_FILE && it->rec.type == 'r' && it->rec.size > BATCH_FILE_MAX;
}

/* With a large file at the head of the queue: takes it and the next large files queued (any
 * position, in queue order; at most smax, half of them when another worker is idle) into batch,
 * when there are enough of them for the lanes (lane_stage_worth). Returns how many (0: none). */
static size_t take_streamed(struct dft_pipeline *p, dft_hash_engine engine, size_t smax, item **batch)
{
    if (!smax || !streamable(p->queue_head)) return 0;
    size_t found = 0, seen = 0;
    for (item *q = p->queue_head; q && found < smax && seen < STREAM_LOOKAHEAD; q = q->next_in_queue, seen++)
        found += streamable(q);
    if (p->work_waiters) found = (found + 1) / 2;
    if (!lane_stage_worth(engine, found)) return 0;
    size_t n = 0;
    item **link = &p->queue_head, *prev = NULL;
    while (*link && n < found) {
        item *q = *link;
        if (!streamable(q)) {
            prev = q;
            link = &q->next_in_queue;
            continue;
        }
        *link = q->next_in_queue;
        if (p->queue_tail == q) p->queue_tail = prev;
        batch[n++] = q;
    }
    return n;
}

void *worker_main(void *arg)
{
    worker *w = arg;
    struct dft_pipeline *p = w->p;
    if (dft_typer_new(&w->typer, p->opts.full_magic))
        fprintf(stderr, "dftriage: warning: files will not be typed: %s\n", dft_error_last());
    if (dft_hasher_new(&w->hasher)) {
        fprintf(stderr, "dftriage: fatal: %s\n", dft_error_last());
        abort();
    }
    /* batches only when lanes can run: with OpenSSL every file is hashed as it is read */
    dft_hash_engine engine = dft_hash_engine_resolve(p->opts.hash_engine);
    bool lanes = engine != DFT_HASH_ENGINE_OPENSSL;
    size_t batch_max = lanes ? BATCH_MAX : 1;
    size_t stream_max = lanes ? lane_stage_batch_max(engine) : 0;
    _Static_assert(2 * DFT_MB_MAX_LANES <= BATCH_MAX, "a streamed batch fits the batch arrays");
    lane_stage *ls = NULL;
    file_ctx *fcs = calloc(batch_max, sizeof *fcs);
    item *batch[BATCH_MAX];
    uint64_t batch_inline[BATCH_MAX];
    if (!fcs) {
        fprintf(stderr, "dftriage: fatal: out of memory for a worker\n");
        abort();
    }
    /* One lock round per batch: hand the finished items on and take the next ones together. */
    size_t n_done = 0;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        if (n_done) {
            uint64_t freed = 0;
            for (size_t i = 0; i < n_done; i++) {
                freed += batch_inline[i];
                pipeline_complete_locked(p, batch[i]);
            }
            p->inline_bytes -= freed;
            p->busy_workers -= (int)n_done;
            if (freed && p->space_waiters) pthread_cond_broadcast(&p->cond_space);
            if (p->idle_waiters && !p->queue_head && !p->busy_workers) pthread_cond_broadcast(&p->cond_idle);
            n_done = 0;
        }
        while (!p->queue_head && !p->stopping_workers) {
            p->work_waiters++;
            pthread_cond_wait(&p->cond_work, &p->mu);
            p->work_waiters--;
        }
        if (!p->queue_head) break;
        /* the head item always; small files after it while they fit the batch. Only what is
         * queued now: a worker never waits to fill a batch. */
        size_t n = take_streamed(p, engine, stream_max, batch), limit = batch_max;
        bool streamed = n > 0;
        uint64_t bytes = 0;
        if (streamed) limit = n;
        else if (p->work_waiters && limit > 1) {
            /* another worker is idle: take at most half of what is queued, leave it the rest */
            size_t queued = 0;
            for (item *q = p->queue_head; q && queued < 2 * batch_max; q = q->next_in_queue) queued++;
            limit = (queued + 1) / 2;
        }
        while (!streamed) {
            item *it = p->queue_head;
            if (n && (!batchable(batch[0]) || !batchable(it) || bytes + it->rec.size > BATCH_BYTES)) break;
            p->queue_head = it->next_in_queue;
            if (!p->queue_head) p->queue_tail = NULL;
            batch[n++] = it;
            bytes += it->kind == ITEM_FILE ? it->rec.size : 0;
            if (n >= limit || !p->queue_head) break;
        }
        p->busy_workers += (int)n;
        /* the rest of the queue is still there for an idle worker (it was signalled when queued) */
        if (p->queue_head && p->work_waiters) pthread_cond_signal(&p->cond_work);
        pthread_mutex_unlock(&p->mu);

        /* hbuf bytes of this batch: <= BATCH_BYTES (hbuf_append, file_read); all freed by file_finish */
        dft_mb_budget kept = { .limit = BATCH_BYTES };
        for (size_t i = 0; i < n; i++) {
            item *it = batch[i];
            batch_inline[i] = it->inline_data ? it->rec.size : 0;
            fcs[i].pending = false;
            fcs[i].it = it;
            if (streamed) continue;
            if (it->kind == ITEM_FILE) file_read(w, &fcs[i], lanes, &kept, NULL);
            else process_deferred(w, it);
            release_inline(it);
        }
        if (streamed) lane_stage_run(&ls, w, fcs, n);
        else batch_hash(w, fcs, n);
        for (size_t i = 0; i < n; i++) {
            if (fcs[i].pending) file_finish(w, &fcs[i]);
            if (batch[i]->kind == ITEM_FILE) atomic_fetch_add(&p->files_done, 1);
        }
        n_done = n;
        pthread_mutex_lock(&p->mu);
    }
    pthread_mutex_unlock(&p->mu);
    free(fcs);
    lane_stage_free(ls);
    for (size_t i = 0; i < w->n_tstates; i++)
        if (w->tstates[i].source->thread_close) w->tstates[i].source->thread_close(w->tstates[i].source, w->tstates[i].tstate);
    free(w->tstates);
    w->tstates = NULL;
    w->n_tstates = 0;
    worker_plugin_tstates_end(w);
    dft_typer_free(w->typer);
    dft_hasher_free(w->hasher);
    rmdir(w->tmp);
    free(w->tmp);
    return NULL;
}
