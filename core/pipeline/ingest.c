/*
 * ingest.c - the ingest of one evidence item into an open case (ingest.h): duplicate/resume check,
 * evidence row, pipeline + walk (with the item watchdog), media hash on its own thread in parallel
 * (feeding the unallocated-space scan), evidence passes, stored-hash comparison, completion (sealed)
 * and audit. The command line (core/cli/cmd_ingest.c) and any other driver (a batch runner) call it.
 *
 * Re-ingest rule (docs/case-file.md): an item whose fingerprint matches a complete item is hashed
 * in full; the same sha256 is skipped ("already in the case"). An item left incomplete by an
 * interrupted run is purged and ingested again: that is how a killed ingest resumes. The caller holds
 * the case lock (store.h dft_case_lock_*), so an incomplete item seen here belongs to a process that
 * is gone: a live run is never purged.
 */
#include "ingest.h"

#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "item_watch.h"
#include "pass.h"
#include "pipeline.h"
#include "progress.h"

typedef struct media_job {
    dft_evidence *ev;
    dft_hashes hashes;
    uint64_t bad;
    int rc;
    char err[512];
    _Atomic uint64_t done;
    volatile int cancel;
    pthread_t thread;
    bool running;
} media_job;

static void media_progress(void *payload, uint64_t done)
{
    media_job *j = payload;
    atomic_store(&j->done, done);
}

static void *media_main(void *arg)
{
    media_job *j = arg;
    j->rc = dft_evidence_hash_media(j->ev, &j->hashes, &j->bad, media_progress, j, &j->cancel);
    if (j->rc) snprintf(j->err, sizeof j->err, "%s", dft_error_last());
    return NULL;
}

static int read_media(void *payload, uint64_t offset, void *buf, size_t len)
{
    return dft_evidence_read_at(payload, offset, buf, len);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *json_text(json_t *j)
{
    char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(j);
    return s;
}

static char *parts_json(dft_evidence *ev)
{
    json_t *a = json_array();
    const char *const *parts = dft_evidence_parts(ev);
    for (size_t i = 0; parts && parts[i]; i++) json_array_append_new(a, json_string(parts[i]));
    return json_text(a);
}

/* Appends an audit row; a failure is a storage failure of the run (the caller stops). */
static int audit(dft_store *s, const char *action, const char *detail)
{
    int rc = dft_store_audit(s, action, detail);
    if (rc) fprintf(stderr, "dftriage: error: audit log: %s\n", dft_error_last());
    return rc;
}

static int record_warning(dft_store *s, int64_t evidence_id, const char *msg)
{
    dft_finding f = { .kind = "evidence.warning", .subkind = "evidence", .value = msg, .offset = -1,
                      .length = -1, .confidence = 1.0 };
    fprintf(stderr, "dftriage: warning: %s\n", msg);
    return dft_store_finding_insert(s, evidence_id, 0, "core", &f);
}

/* Same fingerprint as a complete item: hash in full and compare (the fingerprint only samples). */
static int check_duplicate(dft_store *store, dft_evidence *ev, const dft_evidence_row *row, media_job *pre)
{
    if (dft_evidence_no_media_hash(ev))
        return dft_error_set(DFT_EEXISTS, "%s is already in the case as evidence %lld (same file list and sizes)",
                             dft_evidence_path(ev), (long long)row->id);
    fprintf(stderr, "dftriage: %s looks like evidence %lld already in the case; hashing it to compare\n",
            dft_evidence_path(ev), (long long)row->id);
    media_main(pre);
    if (pre->rc) return dft_error_set(pre->rc, "%s", pre->err);
    dft_evidence_row same;
    if (dft_store_evidence_find_sha256(store, pre->hashes.sha256, &same) == DFT_OK)
        return dft_error_set(DFT_EEXISTS, "%s is already in the case as evidence %lld (sha256 %s); not ingested "
                             "again", dft_evidence_path(ev), (long long)same.id, pre->hashes.sha256);
    return DFT_OK;
}

static void compare_stored(dft_store *store, int64_t id, dft_evidence *ev, const dft_hashes *h, int *match)
{
    const char *smd5 = dft_evidence_stored_md5(ev), *ssha1 = dft_evidence_stored_sha1(ev);
    *match = -1;
    if ((!smd5 || !smd5[0]) && (!ssha1 || !ssha1[0])) return;
    *match = 1;
    char msg[512];
    if (smd5 && smd5[0] && strcmp(smd5, h->md5) != 0) {
        *match = 0;
        snprintf(msg, sizeof msg, "stored MD5 %s of %s does not match the computed MD5 %s", smd5,
                 dft_evidence_path(ev), h->md5);
        record_warning(store, id, msg);
    }
    if (ssha1 && ssha1[0] && strcmp(ssha1, h->sha1) != 0) {
        *match = 0;
        snprintf(msg, sizeof msg, "stored SHA-1 %s of %s does not match the computed SHA-1 %s", ssha1,
                 dft_evidence_path(ev), h->sha1);
        record_warning(store, id, msg);
    }
}

int dft_ingest_item(dft_store *store, int64_t run_id, const dft_ingest_item_opts *o, dft_evidence *ev, int index,
                    const char *tmp, int64_t *out_id)
{
    double t0 = now_s();
    char fp[65];
    int rc = dft_evidence_fingerprint(ev, fp);
    if (rc) return rc;
    media_job media = { .ev = ev };
    bool have_media = false;
    dft_evidence_row row;
    if (dft_store_evidence_find(store, fp, &row) == DFT_OK) {
        if (strcmp(row.status, "complete") == 0) {
            rc = check_duplicate(store, ev, &row, &media);
            if (rc) return rc;
            have_media = true;
        } else {
            fprintf(stderr, "dftriage: evidence %lld (%s) was interrupted in an earlier run: discarding its partial "
                    "rows and ingesting it again\n", (long long)row.id, dft_evidence_path(ev));
            rc = dft_store_evidence_purge(store, row.id);
            if (rc) return rc;
        }
    }
    char *parts = parts_json(ev);
    int64_t id;
    rc = dft_store_evidence_add(store, run_id, dft_evidence_path(ev), dft_evidence_kind(ev), dft_evidence_size(ev),
                                fp, parts, &id);
    free(parts);
    if (rc) return rc;
    char *detail = json_text(json_pack("{sI ss sI ss}", "evidence_id", (json_int_t)id, "kind", dft_evidence_kind(ev),
                                       "size", (json_int_t)dft_evidence_size(ev), "fingerprint", fp));
    rc = detail ? audit(store, "evidence.add", detail) : dft_error_set(DFT_ENOMEM, "out of memory");
    free(detail);
    if (rc) return rc;

    char ptmp[4200];
    snprintf(ptmp, sizeof ptmp, "%s/e%d", tmp, index);
    mkdir(ptmp, 0700);
    dft_pipeline_options po = { .threads = o->threads, .max_inmem = o->max_inmem,
                                .file_timeout_s = o->file_timeout_s, .temp_dir = ptmp, .commit_every = 20000,
                                .interrupt = o->interrupt, .full_magic = o->full_magic,
                                .max_decode_depth = o->max_decode_depth, .max_decoded = o->max_decoded,
                                .slack = o->slack, .read_at = read_media, .read_payload = ev,
                                .hash_engine = o->hash_engine,
                                .evidence_path = dft_evidence_path(ev), .evidence_kind = dft_evidence_kind(ev) };
    dft_pipeline *p;
    rc = dft_pipeline_new(&p, store, id, &po);
    if (rc) return rc;
    bool hash_thread = !have_media && !dft_evidence_walk_hashes(ev) && !dft_evidence_no_media_hash(ev);
    /* without a thread the media is hashed after the walk instead: slower, never skipped */
    /* unallocated space reaches DFT_CLAIM_UNALLOC plugins from the media-hash read (no second read) */
    bool regions = dft_pipeline_scans_regions(p), hashed = false;
    if (regions && hash_thread) dft_evidence_set_media_tap(ev, dft_pipeline_media_block, p);
    if (hash_thread) media.running = pthread_create(&media.thread, NULL, media_main, &media) == 0;
    if (!media.running) dft_evidence_set_media_tap(ev, NULL, NULL);
    dft_progress *pr = NULL;
    char label[64];
    snprintf(label, sizeof label, "evidence %d/%d", index + 1, o->n_items);
    /* the ETA follows whatever reads the whole item in order: the media hash, or an archive's walk */
    if (o->progress) {
        bool walk_reads = dft_evidence_walk_hashes(ev) && !have_media;
        dft_progress_start(&pr, p, label, hash_thread || walk_reads ? dft_evidence_size(ev) : 0,
                           walk_reads ? dft_evidence_walk_counter(ev) : &media.done);
    }

    dft_item_watch watch;
    dft_item_watch_start(&watch, dft_pipeline_sink(p), o->item_timeout_s);
    int walk_rc = dft_evidence_walk(ev, &watch.sink);
    char walk_err[600] = "";
    if (walk_rc) snprintf(walk_err, sizeof walk_err, "%s", dft_error_last());
    bool expired = dft_item_watch_expired(&watch) && !(*o->interrupt);
    if (expired) {
        /* the watchdog stopped the walk: what was walked is kept, the item completes with a warning */
        snprintf(walk_err, sizeof walk_err, "item watchdog: the walk was stopped after %.0f s (--item-timeout %d); "
                 "the files walked until then are recorded, the rest of this item is not", 
                 dft_item_watch_elapsed(&watch), o->item_timeout_s);
        walk_rc = DFT_ECANCELLED;
        media.cancel = 1; /* the media hash of a stuck item is not waited for either */
    }
    dft_pipeline_walk_done(p);
    if (regions && media.running) { /* the region scan ends (after the hash) inside finish() */
        if ((*o->interrupt)) media.cancel = 1;
        pthread_join(media.thread, NULL);
        media.running = false;
        dft_evidence_set_media_tap(ev, NULL, NULL);
        hashed = true;
    }
    dft_pipeline_stats st;
    rc = dft_pipeline_finish(p, &st);
    dft_pipeline_free(p);
    if ((*o->interrupt)) media.cancel = 1;
    if (media.running) pthread_join(media.thread, NULL);
    else if (hash_thread && !(*o->interrupt) && !expired && !hashed) media_main(&media);
    dft_progress_stop(pr);
    if (rc) return rc;
    if (dft_store_fault(store, NULL)) return DFT_EIO;
    if ((*o->interrupt)) return dft_error_set(DFT_ECANCELLED, "interrupted: evidence %lld left incomplete; run the same "
                                          "command again to resume it", (long long)id);
    if (walk_rc) {
        char msg[700];
        snprintf(msg, sizeof msg, "%s: %s", dft_evidence_path(ev), walk_err);
        record_warning(store, id, msg);
    }
    /* passes after the walk: their rows belong to the item, so they run before it is completed */
    dft_evidence_view view = { sizeof view, id, dft_evidence_path(ev), dft_evidence_kind(ev) };
    dft_pass_stats pst = { 0 };
    rc = dft_passes_run_evidence(store, &view, o->interrupt, &pst);
    if (rc) return rc;
    st.rows += pst.rows;
    st.warnings += pst.warnings;
    if (dft_evidence_walk_hashes(ev)) {
        rc = dft_evidence_walk_hash(ev, &media.hashes);
        media.rc = rc;
        if (rc) snprintf(media.err, sizeof media.err, "%s", dft_error_last());
    }
    bool media_ok = !dft_evidence_no_media_hash(ev) && media.rc == DFT_OK;
    if (!dft_evidence_no_media_hash(ev) && media.rc) {
        char msg[700];
        snprintf(msg, sizeof msg, "media hash of %s failed: %s", dft_evidence_path(ev), media.err);
        record_warning(store, id, msg);
    }
    if (media.bad) {
        char msg[700];
        snprintf(msg, sizeof msg, "%llu bytes of %s could not be read and were hashed as zeros",
                 (unsigned long long)media.bad, dft_evidence_path(ev));
        record_warning(store, id, msg);
    }
    if (dft_evidence_media_note(ev)[0]) {
        char msg[1300];
        snprintf(msg, sizeof msg, "%s: %s", dft_evidence_path(ev), dft_evidence_media_note(ev));
        record_warning(store, id, msg);
    }
    int match = -1;
    if (media_ok) compare_stored(store, id, ev, &media.hashes, &match);
    if (media_ok && match < 0 && strcmp(dft_evidence_kind(ev), "ewf") == 0) {
        char msg[700];
        snprintf(msg, sizeof msg, "%s carries no stored MD5 or SHA-1: the acquisition cannot be checked against "
                 "what the imaging tool read", dft_evidence_path(ev));
        record_warning(store, id, msg);
    }
    rc = dft_store_evidence_finish(store, id, media_ok ? &media.hashes : NULL, dft_evidence_stored_md5(ev),
                                   dft_evidence_stored_sha1(ev), match, media.bad);
    if (rc) return rc;
    detail = json_text(json_pack("{sI ss ss ss sI sI si}", "evidence_id", (json_int_t)id,
                                 "md5", media_ok ? media.hashes.md5 : "", "sha1", media_ok ? media.hashes.sha1 : "",
                                 "sha256", media_ok ? media.hashes.sha256 : "", "files", (json_int_t)st.files,
                                 "bad_bytes", (json_int_t)media.bad, "stored_match", match));
    rc = detail ? audit(store, "evidence.complete", detail) : dft_error_set(DFT_ENOMEM, "out of memory");
    free(detail);
    if (rc) return rc;

    *out_id = id;
    double el = now_s() - t0;
    char bytes[32], size[32];
    dft_bytes_text(bytes, sizeof bytes, st.bytes);
    dft_bytes_text(size, sizeof size, dft_evidence_size(ev));
    fprintf(stderr, "dftriage: evidence %lld (%s, %s): %llu files (%llu dirs), %s read, %llu partial, %llu warnings, "
            "%llu findings, %llu typed rows in %.1f s%s%s\n", (long long)id, dft_evidence_kind(ev), size,
            (unsigned long long)st.files, (unsigned long long)st.dirs, bytes, (unsigned long long)st.partial,
            (unsigned long long)st.warnings, (unsigned long long)st.findings, (unsigned long long)st.rows, el,
            media_ok ? "; sha256 " : "", media_ok ? media.hashes.sha256 : "");
    if (st.lane_files)
        fprintf(stderr, "dftriage: evidence %lld: %llu large files hashed together in lanes (%llu of their digests "
                "finished by OpenSSL)\n", (long long)id, (unsigned long long)st.lane_files,
                (unsigned long long)st.lane_handback);
    if (regions)
        fprintf(stderr, "dftriage: evidence %lld: unallocated space and slack: %llu regions scanned, %llu bytes from the "
                "media-hash read, %llu bytes read again\n", (long long)id, (unsigned long long)st.regions,
                (unsigned long long)st.region_shared_bytes, (unsigned long long)st.region_reread_bytes);
    return DFT_OK;
}

