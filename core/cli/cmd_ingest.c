/*
 * cmd_ingest.c - `dftriage ingest CASE.db EVIDENCE...`: the command around the ingest of items
 * (core/pipeline/ingest.c): options, every evidence item opened first (so a bad argument writes
 * nothing), the plugin registry, the case lock and case file, the run row, one dft_ingest_item() per
 * item, the case passes and the case seal, the exit status.
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
 *   130 interrupted (SIGINT/SIGTERM/SIGHUP): the run is recorded 'interrupted', the item left for resume
 */
#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "evidence.h"
#include "ingest_opts.h"
#include "ingest.h"
#include "pass.h"
#include "registry.h"
#include "store.h"
#include "store_merge.h"
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


/* Complete items of the case that no "case.passes" audit row names (docs/merge.md): their ingest was
 * interrupted after the walk, during the case passes. A resumed ingest runs the passes for them.
 * Appends to *ids (grown as needed; *n entries); returns the number added, -1 on an error. */
static int items_missing_case_passes(dft_store *store, int64_t **ids, size_t *n)
{
    sqlite3 *db = dft_store_db(store);
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(db, "SELECT id FROM evidence WHERE status = 'complete' AND id NOT IN ("
                               DFT_SQL_CASE_PASSES_DONE ") ORDER BY id", -1, &q, NULL) != SQLITE_OK)
        return -1;
    int added = 0, rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(q, 0);
        bool seen = false;
        for (size_t i = 0; i < *n && !seen; i++) seen = (*ids)[i] == id;
        if (seen) continue;
        int64_t *grown = realloc(*ids, (*n + 1) * sizeof **ids);
        if (!grown) { rc = SQLITE_NOMEM; break; }
        *ids = grown;
        (*ids)[(*n)++] = id;
        added++;
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? added : -1;
}

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

static char *json_text(json_t *j)
{
    char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(j);
    return s;
}

/* Appends an audit row; a failure is a storage failure of the run (the caller stops). */
static int audit(dft_store *s, const char *action, const char *detail)
{
    int rc = dft_store_audit(s, action, detail);
    if (rc) fprintf(stderr, "dftriage: error: audit log: %s\n", dft_error_last());
    return rc;
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
    /* what was asked and what ran (auto resolves by CPU): the digests are the same either way */
    json_object_set_new(j, "hash_engine", json_string(dft_hash_engine_name(o->hash_engine)));
    json_object_set_new(j, "hash_engine_used", json_string(dft_hash_engine_name(dft_hash_engine_resolve(o->hash_engine))));
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
        char *detail = json_text(json_pack("{si}", "runs", reaped));
        rc = detail ? dft_store_audit(s, "run.reaped", detail) : dft_error_set(DFT_ENOMEM, "out of memory");
        free(detail);
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
    sigaction(SIGHUP, &sa, NULL); /* a dropped ssh session stops the run cleanly too */
    signal(SIGPIPE, SIG_IGN);     /* stderr piped into `head`: a failed write, not a killed run */
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
    dft_evidence_options eo = { o.max_member_size, o.max_ratio, o.max_total_size, o.max_depth, tmp,
                                dft_registry_keeps };
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
    /* an existing case file is locked by its inode before anything is read or reaped from it (a second
     * name of the same file must not see a live run as dead); a new one right after its creation */
    struct stat cst;
    bool case_locked = lstat(o.case_path, &cst) == 0 && S_ISREG(cst.st_mode);
    if (case_locked && (rc = dft_case_lock_file(lock, o.case_path)) != DFT_OK) {
        fprintf(stderr, "dftriage: error: %s\n", dft_error_last());
        status = rc == DFT_EEXISTS ? EXIT_LOCKED : EXIT_CASE;
        goto out;
    }
    rc = open_case(&store, &o);
    if (rc) {
        fprintf(stderr, "dftriage: error: %s\n", dft_error_last());
        status = EXIT_CASE;
        goto out;
    }
    if (!case_locked && (rc = dft_case_lock_file(lock, o.case_path)) != DFT_OK) {
        fprintf(stderr, "dftriage: error: %s\n", dft_error_last());
        status = rc == DFT_EEXISTS ? EXIT_LOCKED : EXIT_CASE;
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
    dft_ingest_item_opts item_opts = {
        .threads = o.threads, .max_inmem = o.max_inmem, .file_timeout_s = o.file_timeout_s,
        .item_timeout_s = o.item_timeout_s, .full_magic = o.full_magic, .max_decode_depth = o.max_decode_depth,
        .max_decoded = o.max_decoded, .slack = o.slack, .hash_engine = o.hash_engine, .progress = o.progress, .n_items = o.n_evidence,
        .interrupt = &interrupted,
    };
    int64_t *done_ids = calloc((size_t)o.n_evidence + 1, sizeof *done_ids);
    if (!done_ids) {
        fprintf(stderr, "dftriage: error: out of memory\n");
        status = EXIT_FAILED;
        goto out;
    }
    for (int i = 0; i < o.n_evidence && !interrupted && !store_failed; i++) {
        int64_t done_id = 0;
        int erc = dft_ingest_item(store, run_id, &item_opts, evs[i], i, tmp, &done_id);
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
    /* the case pass sees every item this ingest completed; its rows are case-level, sealed with the run.
     * Items an earlier ingest completed but whose case passes were interrupted join them (resume). */
    size_t n_pass = (size_t)done;
    if (!interrupted && !store_failed && done_ids) {
        int resumed = items_missing_case_passes(store, &done_ids, &n_pass);
        if (resumed < 0) {
            fprintf(stderr, "dftriage: error: reading the case passes' records: %s\n", sqlite3_errmsg(dft_store_db(store)));
            failures++;
        } else if (resumed > 0) {
            char msg[160];
            snprintf(msg, sizeof msg, "case passes of %d item(s) completed earlier but interrupted after the walk: "
                     "run now", resumed);
            fprintf(stderr, "dftriage: %s\n", msg);
            store_failed = audit(store, "case.passes.resume", msg) != DFT_OK;
        }
    }
    if (n_pass && !interrupted && !store_failed) {
        dft_pass_stats pst = { 0 };
        if (dft_passes_run_case(store, done_ids, n_pass, &interrupted, &pst) != DFT_OK) {
            fprintf(stderr, "dftriage: error: case passes: %s\n", dft_error_last());
            failures++;
        }
    }
    free(done_ids);
    if (n_pass && !interrupted && !store_failed) {
        /* cross-device correlation (docs/merge.md): identifiers seen in two or more evidence items */
        bool ran = false;
        int64_t occ = 0, shared = 0;
        if (dft_store_correlate_case(store, NULL, &ran, &occ, &shared) != DFT_OK) {
            fprintf(stderr, "dftriage: error: correlation: %s\n", dft_error_last());
            failures++;
        } else if (ran) {
            fprintf(stderr, "dftriage: correlation: %lld identifier occurrences, %lld shared by two or more evidence "
                    "items\n", (long long)occ, (long long)shared);
        }
    }
    if (dft_store_fault(store, NULL)) store_failed = true;
    const char *outcome = store_failed ? "failed" : interrupted ? "interrupted" : failures ? "failed"
                          : refused ? (done ? "complete (some items already in the case)" : "nothing new")
                                    : "complete";
    char *summary = json_text(json_pack("{si si si ss}", "ingested", done, "failures", failures, "skipped", refused,
                                        "storage_fault",
                                        store_failed ? dft_store_fault_name(dft_store_fault(store, NULL)) : ""));
    if (store_failed) report_fault(store);
    /* best effort after a storage failure: the disk may have room for these small rows again */
    int erc = dft_store_run_end(store, run_id, outcome, summary ? summary : "{}");
    free(summary);
    if (!erc) erc = dft_store_audit(store, "run.end", outcome);
    if (erc && !store_failed) {
        store_failed = true;
        if (!report_fault(store)) fprintf(stderr, "dftriage: error: %s\n", dft_error_last());
    } else if (erc) {
        fprintf(stderr, "dftriage: the run could not be recorded as failed (%s); the next ingest marks it "
                "'interrupted'\n", dft_error_last());
    }
    /* the case scope last: it seals this run's own row with its final status (store_seal.c), the correlation
     * index and every case-level row. An interrupted run leaves it for the next one (its runs row unsealed). */
    if (!interrupted && !store_failed && dft_store_seal_case(store, run_id) != DFT_OK) {
        fprintf(stderr, "dftriage: error: sealing the case-level rows: %s\n", dft_error_last());
        failures++;
        if (dft_store_fault(store, NULL)) store_failed = true;
        dft_store_run_end(store, run_id, "failed", "{\"case_seal\":\"failed\"}"); /* best effort */
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
