/*
 * cmd_ingest.c - `dftriage ingest CASE.db EVIDENCE...`: opens every evidence item first (so a bad
 * argument writes nothing), then for each item: duplicate/resume check, evidence row, pipeline +
 * walk, media hash on its own thread in parallel, stored-hash comparison, completion and audit.
 *
 * Re-ingest rule (docs/case-file.md): an item whose fingerprint matches a complete item is hashed
 * in full; the same sha256 is skipped ("already in the case"). An item left incomplete by an
 * interrupted run is purged and ingested again: that is how a killed ingest resumes. The case
 * lock (store.h dft_case_lock_*) is held from before the case file is opened to the end, so an
 * incomplete item seen here always belongs to a process that is gone: a live run is never purged.
 *
 * Exit status (README.md "Exit status", docs/case-file.md):
 *   0  every evidence item was ingested by this run
 *   3  done, and some items were already complete in the case: skipped (a resumed or repeated run)
 *   1  an evidence item could not be opened (nothing ingested) or failed; the others are named
 *   2  usage
 *   4  the case file: cannot be created/opened/adopted, damaged schema, or a storage failure
 *      (disk full, read-only, I/O error) during the run; the cause is named
 *   5  the case file is being written by another live ingest (case lock)
 *   130 interrupted (SIGINT/SIGTERM): the run is recorded 'interrupted', the item left for resume
 */
#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "evidence.h"
#include "ingest_opts.h"
#include "item_watch.h"
#include "pass.h"
#include "pipeline.h"
#include "progress.h"
#include "registry.h"
#include "store.h"
#include "tempdir.h"
#include "timefmt.h"

enum {
    EXIT_OK = 0,
    EXIT_FAILED = 1,
    EXIT_SKIPPED = 3,
    EXIT_CASE = 4,
    EXIT_LOCKED = 5,
    EXIT_INTERRUPTED = 130,
};

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

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

static int ingest_one(dft_store *store, int64_t run_id, const dft_ingest_opts *o, dft_evidence *ev, int index,
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
    char detail[4300];
    snprintf(detail, sizeof detail, "{\"evidence_id\":%lld,\"kind\":\"%s\",\"size\":%llu,\"fingerprint\":\"%s\"}",
             (long long)id, dft_evidence_kind(ev), (unsigned long long)dft_evidence_size(ev), fp);
    rc = audit(store, "evidence.add", detail);
    if (rc) return rc;

    char ptmp[4200];
    snprintf(ptmp, sizeof ptmp, "%s/e%d", tmp, index);
    mkdir(ptmp, 0700);
    dft_pipeline_options po = { .threads = o->threads, .max_inmem = o->max_inmem,
                                .file_timeout_s = o->file_timeout_s, .temp_dir = ptmp, .commit_every = 20000,
                                .interrupt = &interrupted, .full_magic = o->full_magic,
                                .max_decode_depth = o->max_decode_depth, .max_decoded = o->max_decoded,
                                .slack = o->slack, .read_at = read_media, .read_payload = ev,
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
    snprintf(label, sizeof label, "evidence %d/%d", index + 1, o->n_evidence);
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
    bool expired = dft_item_watch_expired(&watch) && !interrupted;
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
        if (interrupted) media.cancel = 1;
        pthread_join(media.thread, NULL);
        media.running = false;
        dft_evidence_set_media_tap(ev, NULL, NULL);
        hashed = true;
    }
    dft_pipeline_stats st;
    rc = dft_pipeline_finish(p, &st);
    dft_pipeline_free(p);
    if (interrupted) media.cancel = 1;
    if (media.running) pthread_join(media.thread, NULL);
    else if (hash_thread && !interrupted && !expired && !hashed) media_main(&media);
    dft_progress_stop(pr);
    if (rc) return rc;
    if (dft_store_fault(store, NULL)) return DFT_EIO;
    if (interrupted) return dft_error_set(DFT_ECANCELLED, "interrupted: evidence %lld left incomplete; run the same "
                                          "command again to resume it", (long long)id);
    if (walk_rc) {
        char msg[700];
        snprintf(msg, sizeof msg, "%s: %s", dft_evidence_path(ev), walk_err);
        record_warning(store, id, msg);
    }
    /* passes after the walk: their rows belong to the item, so they run before it is completed */
    dft_evidence_view view = { sizeof view, id, dft_evidence_path(ev), dft_evidence_kind(ev) };
    dft_pass_stats pst = { 0 };
    rc = dft_passes_run_evidence(store, &view, &interrupted, &pst);
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
    snprintf(detail, sizeof detail,
             "{\"evidence_id\":%lld,\"md5\":\"%s\",\"sha1\":\"%s\",\"sha256\":\"%s\",\"files\":%llu,"
             "\"bad_bytes\":%llu,\"stored_match\":%d}",
             (long long)id, media_ok ? media.hashes.md5 : "", media_ok ? media.hashes.sha1 : "",
             media_ok ? media.hashes.sha256 : "", (unsigned long long)st.files, (unsigned long long)media.bad, match);
    rc = audit(store, "evidence.complete", detail);
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
    if (regions)
        fprintf(stderr, "dftriage: evidence %lld: unallocated space and slack: %llu regions scanned, %llu bytes from the "
                "media-hash read, %llu bytes read again\n", (long long)id, (unsigned long long)st.regions,
                (unsigned long long)st.region_shared_bytes, (unsigned long long)st.region_reread_bytes);
    return DFT_OK;
}

static char *command_line(int argc, char **argv)
{
    json_t *a = json_array();
    json_array_append_new(a, json_string("dftriage"));
    for (int i = 0; i < argc; i++) {
        /* a secret plugin option is recorded as its SHA-256, never in clear (registry.h) */
        bool eq = strncmp(argv[i], "--plugin-opt=", 13) == 0;
        char *r = eq || (i > 0 && strcmp(argv[i - 1], "--plugin-opt") == 0)
                      ? dft_registry_redact_assignment(argv[i] + (eq ? 13 : 0)) : NULL;
        if (r && eq) json_array_append_new(a, json_pack("s+", "--plugin-opt=", r));
        else json_array_append_new(a, json_string(r ? r : argv[i]));
        free(r);
    }
    return json_text(a);
}

static char *options_json(const dft_ingest_opts *o)
{
    json_t *j = json_object();
    json_object_set_new(j, "threads", json_integer(o->threads));
    json_object_set_new(j, "plugins", o->plugins ? json_string(o->plugins) : json_string("all"));
    json_object_set_new(j, "file_timeout_s", json_integer(o->file_timeout_s));
    json_object_set_new(j, "item_timeout_s", json_integer(o->item_timeout_s));
    json_object_set_new(j, "max_member_size", json_integer((json_int_t)o->max_member_size));
    json_object_set_new(j, "max_total_size", json_integer((json_int_t)o->max_total_size));
    json_object_set_new(j, "max_ratio", json_real(o->max_ratio));
    json_object_set_new(j, "max_depth", json_integer(o->max_depth));
    json_object_set_new(j, "typing", json_string(o->full_magic ? "libmagic full" : "libmagic, plain-text shortcut"));
    json_t *dirs = json_array();
    for (int i = 0; i < o->n_plugin_dirs; i++) json_array_append_new(dirs, json_string(o->plugin_dirs[i]));
    json_object_set_new(j, "plugin_dirs", dirs);
    return json_text(j);
}

static char *plugins_json(void)
{
    return dft_registry_plugins_json(); /* name, version, origin, options (secrets hashed), data files */
}

static int open_case(dft_store **out, const dft_ingest_opts *o)
{
    struct stat st;
    bool existed = lstat(o->case_path, &st) == 0;
    int rc = dft_store_open(out, o->case_path, true);
    if (rc) return rc;
    dft_store *s = *out;
    if (!existed) {
        char now[32];
        dft_time_now(now);
        rc = dft_store_case_info_set(s, "created_utc", now);
        if (!rc) rc = dft_store_case_info_set(s, "case_number", o->case_number ? o->case_number : "");
        if (!rc) rc = dft_store_case_info_set(s, "examiner", o->examiner ? o->examiner : "");
        if (!rc) rc = dft_store_audit(s, "case.create", o->case_path);
    } else {
        char *cn = NULL;
        rc = dft_store_case_info_get(s, "case_number", &cn);
        if (!rc && o->case_number && cn && cn[0] && strcmp(cn, o->case_number) != 0)
            rc = dft_error_set(DFT_ERROR, "%s belongs to case %s, not %s", o->case_path, cn, o->case_number);
        if (!rc && o->case_number && (!cn || !cn[0])) rc = dft_store_case_info_set(s, "case_number", o->case_number);
        free(cn);
    }
    if (!rc && o->time_zone) {
        /* the zone the report shows beside UTC; a change is audited, times in the case stay UTC */
        char *tz = NULL;
        rc = dft_store_case_info_get(s, "time_zone", &tz);
        if (!rc && (!tz || strcmp(tz, o->time_zone) != 0)) {
            char detail[200];
            snprintf(detail, sizeof detail, "%s -> %s", tz ? tz : "(none)", o->time_zone);
            rc = dft_store_case_info_set(s, "time_zone", o->time_zone);
            if (!rc) rc = dft_store_audit(s, "case.time_zone", detail);
        }
        free(tz);
    }
    int reaped = 0;
    if (!rc) rc = dft_store_runs_reap(s, &reaped);
    if (!rc && reaped) {
        fprintf(stderr, "dftriage: %d earlier run(s) of a process that is gone marked 'interrupted'\n", reaped);
        char detail[64];
        snprintf(detail, sizeof detail, "{\"runs\":%d}", reaped);
        rc = dft_store_audit(s, "run.reaped", detail);
    }
    if (rc) {
        dft_store_close(s);
        *out = NULL;
    }
    return rc;
}

/* Prints the storage failure (cause named) once; true when there was one. */
static bool report_fault(dft_store *store)
{
    const char *msg;
    int fault = dft_store_fault(store, &msg);
    if (!fault) return false;
    fprintf(stderr, "dftriage: error: case file %s: %s\n", dft_store_fault_name(fault), msg);
    return true;
}

/* After an evidence item failed to open: one line naming it, and which items opened fine. */
static void report_open_failure(const dft_ingest_opts *o, int bad, const char *why)
{
    fprintf(stderr, "dftriage: error: %s\n", why);
    if (o->n_evidence > 1) {
        fprintf(stderr, "dftriage: nothing was ingested: every item must open before the case file is touched; ");
        int fine = 0;
        for (int i = 0; i < bad; i++) fprintf(stderr, "%s%s", fine++ ? ", " : "opened fine: ", o->evidence[i]);
        if (!fine) fprintf(stderr, "no item before it opened");
        if (bad + 1 < o->n_evidence) fprintf(stderr, "; not tried after it: %d item(s)", o->n_evidence - bad - 1);
        fprintf(stderr, "\n");
    }
}

int dft_cmd_ingest(int argc, char **argv)
{
    dft_ingest_opts o;
    if (dft_ingest_opts_parse(&o, argc, argv)) return 2;
    int status = EXIT_FAILED;
    dft_evidence **evs = calloc((size_t)o.n_evidence, sizeof *evs);
    char *tmp = NULL;
    dft_store *store = NULL;
    dft_case_lock *lock = NULL;
    char *refusals = NULL;
    /* SIGINT/SIGTERM from here on: every stage polls the flag (walkers, SQLite, media hash) */
    struct sigaction sa = { .sa_handler = on_signal };
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    int rc = evs ? DFT_OK : DFT_ENOMEM;
    int stale = 0;
    if (!rc) dft_tempdir_clean_stale(o.temp_dir, &stale);
    if (stale) fprintf(stderr, "dftriage: removed %d temp director%s left by dftriage processes that are gone\n", stale,
                       stale == 1 ? "y" : "ies");
    rc = rc ? rc : dft_tempdir_make(&tmp, o.temp_dir);
    if (rc) {
        fprintf(stderr, "dftriage: error: %s\n", dft_error_last());
        goto out;
    }
    /* 1. every evidence item must open before the case file is touched */
    dft_evidence_options eo = { o.max_member_size, o.max_ratio, o.max_total_size, o.max_depth, tmp };
    for (int i = 0; i < o.n_evidence; i++) {
        rc = dft_evidence_open(&evs[i], o.evidence[i], &eo);
        if (rc) {
            char why[1200];
            if (strstr(dft_error_last(), o.evidence[i])) snprintf(why, sizeof why, "%s", dft_error_last());
            else snprintf(why, sizeof why, "%s: %s", o.evidence[i], dft_error_last());
            report_open_failure(&o, i, why);
            status = interrupted ? EXIT_INTERRUPTED : EXIT_FAILED;
            goto out;
        }
    }
    rc = dft_registry_load(o.plugin_dirs, o.plugins, &refusals);
    if (refusals) fprintf(stderr, "dftriage: warning: %s", refusals);
    if (rc == DFT_OK) rc = dft_registry_apply_options(o.plugin_opt_files, o.plugin_opts);
    for (int i = 0; rc == DFT_OK && i < o.n_plugin_opts; i++) {
        /* the case stores only its digest, but the process list shows argv to every user of the machine */
        char *r = dft_registry_redact_assignment(o.plugin_opts[i]);
        if (r) fprintf(stderr, "dftriage: warning: a secret plugin option on the command line is visible to other "
                       "users of this machine while the ingest runs; put it in a --plugin-opts FILE (mode 0600)\n");
        bool secret = r != NULL;
        free(r);
        if (secret) break;
    }
    if (rc == DFT_OK) rc = dft_registry_init_plugins();
    if (rc) {
        fprintf(stderr, "dftriage: error: %s\n", dft_error_last());
        goto out;
    }
    /* 2. the case lock, then the case file */
    bool was_stale = false;
    rc = dft_case_lock_acquire(&lock, o.case_path, &was_stale);
    if (rc) {
        fprintf(stderr, "dftriage: error: %s\n", dft_error_last());
        status = rc == DFT_EEXISTS ? EXIT_LOCKED : EXIT_CASE;
        goto out;
    }
    if (was_stale) fprintf(stderr, "dftriage: the case lock of a dftriage process that is gone was taken over\n");
    rc = open_case(&store, &o);
    if (rc) {
        fprintf(stderr, "dftriage: error: %s\n", dft_error_last());
        status = EXIT_CASE;
        goto out;
    }

    char *cmd = command_line(argc, argv), *opts = options_json(&o), *plugs = plugins_json();
    int64_t run_id = 0;
    rc = dft_store_run_begin(store, cmd, opts, plugs, &run_id);
    if (!rc) rc = audit(store, "run.begin", cmd);
    free(cmd);
    free(opts);
    free(plugs);
    if (rc) {
        if (!report_fault(store)) fprintf(stderr, "dftriage: error: %s\n", dft_error_last());
        status = EXIT_CASE;
        goto out;
    }
    int failures = 0, refused = 0, done = 0;
    bool store_failed = false;
    int64_t *done_ids = calloc((size_t)o.n_evidence + 1, sizeof *done_ids);
    if (!done_ids) {
        fprintf(stderr, "dftriage: error: out of memory\n");
        status = EXIT_FAILED;
        goto out;
    }
    for (int i = 0; i < o.n_evidence && !interrupted && !store_failed; i++) {
        int64_t done_id = 0;
        int erc = ingest_one(store, run_id, &o, evs[i], i, tmp, &done_id);
        if (erc == DFT_OK && done_id) done_ids[done] = done_id;
        if (dft_store_fault(store, NULL)) {
            store_failed = true;
        } else if (erc == DFT_EEXISTS) {
            char msg[1100];
            snprintf(msg, sizeof msg, "%s", dft_error_last());
            fprintf(stderr, "dftriage: skipped: %s\n", msg);
            store_failed = audit(store, "evidence.refused", msg) != DFT_OK;
            refused++;
        } else if (erc == DFT_ECANCELLED && interrupted) {
            fprintf(stderr, "dftriage: %s\n", dft_error_last());
        } else if (erc) {
            char msg[1100];
            snprintf(msg, sizeof msg, "%s", dft_error_last());
            fprintf(stderr, "dftriage: error: %s\n", msg);
            store_failed = audit(store, "evidence.error", msg) != DFT_OK;
            failures++;
        } else {
            done++;
        }
        if (dft_store_fault(store, NULL)) store_failed = true;
    }
    /* the case pass sees every item this ingest completed; its rows are case-level, sealed with the run */
    if (done && !interrupted && !store_failed) {
        dft_pass_stats pst = { 0 };
        if (dft_passes_run_case(store, done_ids, (size_t)done, &interrupted, &pst) != DFT_OK) {
            fprintf(stderr, "dftriage: error: case passes: %s\n", dft_error_last());
            failures++;
        }
    }
    free(done_ids);
    if (!interrupted && !store_failed && dft_store_seal_case(store, run_id) != DFT_OK) {
        fprintf(stderr, "dftriage: error: sealing the case-level rows: %s\n", dft_error_last());
        failures++;
    }
    if (dft_store_fault(store, NULL)) store_failed = true;
    const char *outcome = store_failed ? "failed" : interrupted ? "interrupted" : failures ? "failed"
                          : refused ? (done ? "complete (some items already in the case)" : "nothing new")
                                    : "complete";
    char summary[256];
    snprintf(summary, sizeof summary, "{\"ingested\":%d,\"failures\":%d,\"skipped\":%d,\"storage_fault\":\"%s\"}",
             done, failures, refused, store_failed ? dft_store_fault_name(dft_store_fault(store, NULL)) : "");
    if (store_failed) report_fault(store);
    /* best effort after a storage failure: the disk may have room for these small rows again */
    int erc = dft_store_run_end(store, run_id, outcome, summary);
    if (!erc) erc = dft_store_audit(store, "run.end", outcome);
    if (erc && !store_failed) {
        store_failed = true;
        if (!report_fault(store)) fprintf(stderr, "dftriage: error: %s\n", dft_error_last());
    } else if (erc) {
        fprintf(stderr, "dftriage: the run could not be recorded as failed (%s); the next ingest marks it "
                "'interrupted'\n", dft_error_last());
    }
    status = store_failed ? EXIT_CASE
             : interrupted ? EXIT_INTERRUPTED
             : failures ? EXIT_FAILED
             : refused ? EXIT_SKIPPED
                       : EXIT_OK;
    if (status == EXIT_OK || status == EXIT_SKIPPED) fprintf(stderr, "dftriage: case file: %s\n", o.case_path);
    dft_cmd_print_head(store);
out:
    dft_store_close(store);
    dft_case_lock_release(lock);
    for (int i = 0; evs && i < o.n_evidence; i++) dft_evidence_close(evs[i]);
    free(evs);
    if (tmp) dft_tempdir_remove(tmp);
    free(tmp);
    free(refusals);
    dft_registry_unload();
    free(o.positional);
    return status;
}
