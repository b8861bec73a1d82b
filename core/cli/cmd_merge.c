/*
 * cmd_merge.c - `dftriage merge CASE.db [SHARD.db...] [--region CC]`: verified merge of shard case files
 * into one case, then the cross-device correlation pass (docs/merge.md). --region CC is stored with the
 * correlation (its audit row) and used again by every later correlation (merge, ingest) until another
 * --region (or --region none) is given.
 *
 * Every shard is checked first (store_merge.h: schema, audit chain, seals, complete evidence, known tables);
 * the ones that pass are merged in the order of their first evidence item's fingerprint (so the merged case
 * does not depend on the order of the arguments), one transaction each. The case is created from the first
 * shard's case number and examiner when it does not exist. With no shard, only the correlation is rebuilt.
 *
 * A large merge (--bulk, or by default when the shards hold at least BULK_MIN_ROWS rows not yet in the case
 * and at least as many as the case holds; --no-bulk never) drops the big tables' secondary indexes before
 * the first shard and builds them in the last shard's transaction (store_merge_bulk.c); a merge interrupted
 * in between leaves a case that opens and verifies, and the next merge of CASE.db builds them.
 *
 * Output: one line per shard on stdout ("merged", "skipped: already merged", "REFUSED: reason"), the
 * correlation counts, and "audit chain head: SEQ:HASH".
 *
 * Invariants:
 *  1. Exit 0 when every shard was merged or skipped as already merged; 1 when any shard was refused (the
 *     others are still merged) or the case could not be written; 2 on usage.
 *  2. The case lock is held throughout (no ingest or other merge runs on the case meanwhile).
 *  3. Shards are only read (store_merge.h invariant 1).
 */
#include <getopt.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "error.h"
#include "pass.h"
#include "registry.h"
#include "store.h"
#include "store_merge.h"
#include "timefmt.h"

static const char usage[] = "usage: dftriage merge CASE.db [SHARD.db...] [--region CC|none] [--bulk|--no-bulk]\n";

/* A large merge (store_merge_bulk.c): at least this many rows to copy, and at least as many as the case
 * already holds, so building the case's indexes once at the end (a sort of case + new rows) costs less
 * than inserting every new row into them at random places. */
#define BULK_MIN_ROWS 500000

static int64_t case_rows(dft_store *s)
{
    sqlite3_stmt *st = NULL;
    int64_t n = 0;
    if (sqlite3_prepare_v2(dft_store_db(s), "SELECT coalesce(sum(rows), 0) FROM seal_tables", -1, &st, NULL) ==
            SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static bool already_merged(dft_store *s, const dft_merge_shard *sh)
{
    sqlite3_stmt *st = NULL;
    bool yes = false;
    if (sqlite3_prepare_v2(dft_store_db(s), "SELECT 1 FROM merged_shards WHERE shard_uuid = ?1", -1, &st, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_text(st, 1, sh->genesis, -1, SQLITE_STATIC);
        yes = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    return yes;
}

static int cmp_shard(const void *a, const void *b)
{
    const dft_merge_shard *x = a, *y = b;
    int c = strcmp(x->order_key, y->order_key);
    return c ? c : strcmp(x->genesis, y->genesis);
}

static char *command_line(int argc, char **argv)
{
    json_t *a = json_array();
    json_array_append_new(a, json_string("dftriage"));
    for (int i = 0; i < argc; i++) json_array_append_new(a, json_string(argv[i]));
    char *t = json_dumps(a, JSON_COMPACT);
    json_decref(a);
    return t;
}

/* Opens the case, creating it from the shard's case info when missing. */
static void remove_case(const char *path)
{
    char side[4200];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

static int open_case(dft_store **out, const char *path, const dft_merge_shard *first, dft_case_lock *lock,
                     bool *created, int *reaped_out)
{
    struct stat st;
    bool existed = lstat(path, &st) == 0;
    *created = !existed;
    if (!existed && !first) return dft_error_set(DFT_ENOTFOUND, "%s: no such case file (and no shard to create it)", path);
    int rc = dft_store_open(out, path, !existed);
    if (rc) return rc;
    dft_store *s = *out;
    rc = dft_case_lock_file(lock, path);
    if (!rc && !existed) {
        char now[DFT_TIME_LEN];
        dft_time_now(now);
        rc = dft_store_case_info_set(s, "created_utc", now);
        if (!rc) rc = dft_store_case_info_set(s, "case_number", first->case_number);
        if (!rc) rc = dft_store_case_info_set(s, "examiner", first->examiner);
        if (!rc) rc = dft_store_audit(s, "case.create", path);
    }
    int reaped = 0;
    if (!rc) rc = dft_store_runs_reap(s, &reaped);
    *reaped_out = reaped;
    if (!rc && reaped) {
        char detail[64];
        snprintf(detail, sizeof detail, "{\"runs\":%d}", reaped);
        rc = dft_store_audit(s, "run.reaped", detail);
    }
    if (rc) {
        dft_store_close(s);
        *out = NULL;
        if (!existed) remove_case(path);
    }
    return rc;
}

/* The built-in plugins that have a case pass, loaded (and only those initialised) to run their passes
 * again over the merged case (docs/merge.md "Case passes of the merged case"). *names: their names,
 * comma-separated (malloc'd; "" when none). The registry stays loaded: dft_registry_unload. */
static int load_case_passes(char **names)
{
    *names = NULL;
    char *refusals = NULL;
    int rc = dft_registry_load(NULL, NULL, &refusals);
    free(refusals);
    size_t len = 0;
    char *list = calloc(1, 1);
    if (!rc && !list) rc = dft_error_set(DFT_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < dft_registry_count(); i++) {
        const dft_registry_entry *e = dft_registry_at(i);
        if (!e->plugin->case_pass) continue;
        size_t n = strlen(e->plugin->name);
        char *g = realloc(list, len + n + 2);
        if (!g) {
            rc = dft_error_set(DFT_ENOMEM, "out of memory");
            break;
        }
        list = g;
        len += (size_t)sprintf(list + len, "%s%s", len ? "," : "", e->plugin->name);
    }
    dft_registry_unload();
    if (!rc && *list) {
        rc = dft_registry_load(NULL, list, &refusals);
        free(refusals);
        if (!rc) rc = dft_registry_apply_options(NULL, NULL);
        if (!rc) rc = dft_registry_init_plugins();
    }
    if (rc) {
        free(list);
        return rc;
    }
    *names = list;
    return DFT_OK;
}

/* Runs the case passes over every complete item of the merged case, after deleting the case-level rows they
 * made before (the shards' were not copied). Records case.passes.begin / case.passes like an ingest. */
static int rerun_case_passes(dft_store *s, const char *names)
{
    int64_t deleted = 0;
    int rc = dft_merge_drop_rederived(s, names, &deleted);
    int64_t *ids = NULL;
    size_t n = 0;
    if (!rc) rc = dft_store_evidence_complete_ids(s, &ids, &n);
    dft_pass_stats pst = { 0 };
    if (!rc && n) rc = dft_passes_run_case(s, ids, n, NULL, &pst);
    if (!rc)
        printf("case passes (%s): run again over %zu item(s): %llu row(s), %lld case-level row(s) replaced\n", names,
               n, (unsigned long long)pst.rows, (long long)deleted);
    free(ids);
    return rc;
}

int dft_cmd_merge(int argc, char **argv)
{
    const char *region = NULL;
    int bulk = -1; /* -1 auto, 0 --no-bulk, 1 --bulk */
    static const struct option longopts[] = { { "region", required_argument, NULL, 'r' },
                                              { "bulk", no_argument, NULL, 'b' }, { "no-bulk", no_argument, NULL, 'n' },
                                              { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
        if (c == 'r') {
            region = optarg;
        } else if (c == 'b' || c == 'n') {
            bulk = c == 'b';
        } else if (c == 'h') {
            fputs(usage, stdout);
            return 0;
        } else {
            fputs(usage, stderr);
            return 2;
        }
    }
    /* options may also follow the positional arguments */
    int npos = 0;
    char **pos = calloc((size_t)argc + 1, sizeof *pos);
    if (!pos) return 1;
    for (int i = optind; i < argc; i++) {
        if (strcmp(argv[i], "--region") == 0 && i + 1 < argc) {
            region = argv[++i];
        } else if (strncmp(argv[i], "--region=", 9) == 0) {
            region = argv[i] + 9;
        } else if (strcmp(argv[i], "--bulk") == 0 || strcmp(argv[i], "--no-bulk") == 0) {
            bulk = argv[i][2] == 'b';
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "dftriage merge: unknown option %s\n%s", argv[i], usage);
            free(pos);
            return 2;
        } else {
            pos[npos++] = argv[i];
        }
    }
    if (npos < 1) {
        fputs(usage, stderr);
        free(pos);
        return 2;
    }
    if (region && strcmp(region, "none") == 0) region = ""; /* no region from now on (NULL: the stored one) */
    if (region && *region &&
        (strlen(region) != 2 || region[0] < 'A' || region[0] > 'Z' || region[1] < 'A' || region[1] > 'Z')) {
        fprintf(stderr, "dftriage merge: --region takes an ISO 3166 alpha-2 code in capitals (TH, VN, ...) or "
                "none\n");
        free(pos);
        return 2;
    }
    const char *case_path = pos[0];
    int nsh = npos - 1, refused = 0, merged = 0, skipped = 0, status = 0;
    dft_merge_shard *sh = calloc((size_t)nsh + 1, sizeof *sh);
    if (!sh) {
        free(pos);
        return 1;
    }

    /* 1. check every shard (read-only), before the case is touched. Each shard's lock is held until the
     * end, so no ingest changes it between its check and its copy (a lock that cannot be made, e.g. on a
     * read-only shard folder, is not required: nothing can ingest there either). */
    dft_case_lock **shard_locks = calloc((size_t)nsh + 1, sizeof *shard_locks);
    if (!shard_locks) {
        free(sh);
        free(pos);
        return 1;
    }
    int ok = 0;
    for (int i = 0; i < nsh; i++) {
        bool was_stale = false;
        int lrc = dft_case_lock_acquire(&shard_locks[i], pos[i + 1], &was_stale);
        if (lrc == DFT_EEXISTS) {
            printf("shard %s: REFUSED: %s\n", pos[i + 1], dft_error_last());
            refused++;
            continue;
        }
        if (strcmp(pos[i + 1], case_path) == 0) {
            printf("shard %s: REFUSED: it is the case file itself\n", pos[i + 1]);
            refused++;
            continue;
        }
        if (dft_merge_shard_check(pos[i + 1], &sh[ok]) != DFT_OK) {
            printf("%s\n", dft_error_last());
            refused++;
            continue;
        }
        ok++;
    }
    qsort(sh, (size_t)ok, sizeof *sh, cmp_shard);

    dft_case_lock *lock = NULL;
    dft_store *s = NULL;
    bool stale = false;
    int rc = dft_case_lock_acquire(&lock, case_path, &stale);
    bool created = false;
    struct stat cst;
    if (!rc && ok > 1 && lstat(case_path, &cst) != 0) {
        /* a new case takes its number and examiner from the shards: they must all agree, or one stray
         * shard of another case would name the case and get every right one refused */
        for (int i = 1; !rc && i < ok; i++)
            if (strcmp(sh[i].case_number, sh[0].case_number) != 0 || strcmp(sh[i].examiner, sh[0].examiner) != 0)
                rc = dft_error_set(DFT_ERROR, "the shards disagree on case number or examiner ('%s'/'%s' in %s, "
                                   "'%s'/'%s' in %s): nothing merged, no case created", sh[0].case_number,
                                   sh[0].examiner, sh[0].path, sh[i].case_number, sh[i].examiner, sh[i].path);
    }
    int reaped = 0;
    if (!rc && (ok || nsh == 0)) rc = open_case(&s, case_path, ok ? &sh[0] : NULL, lock, &created, &reaped);
    if (rc) {
        fprintf(stderr, "dftriage: error: %s\n", dft_error_last());
        status = 1;
        goto out;
    }
    if (!s) { /* every shard refused and no case to create */
        status = 1;
        goto out;
    }

    char *cmd = command_line(argc, argv);
    int64_t run_id = 0;
    if (!cmd) rc = dft_error_set(DFT_ENOMEM, "out of memory");
    /* the plugins whose case passes run again over the merged case (their shard rows are not copied) */
    char *rederived = NULL;
    if (!rc && ok) rc = load_case_passes(&rederived);

    /* 2. a large merge drops the big tables' secondary indexes first and builds them once at the end */
    int64_t new_rows = 0;
    for (int i = 0; !rc && i < ok; i++)
        if (!already_merged(s, &sh[i])) new_rows += sh[i].rows;
    bool large = bulk == 1 ? new_rows > 0 : bulk == 0 ? false : new_rows >= BULK_MIN_ROWS && new_rows >= case_rows(s);
    if (!rc && large) {
        int64_t dropped = 0;
        dft_merge_bulk_pragmas(s, true);
        rc = dft_merge_bulk_begin(s, &dropped);
        if (!rc) printf("large merge: %lld rows to copy; %lld indexes dropped, built again at the end\n",
                        (long long)new_rows, (long long)dropped);
    }
    /* test hook (tests/merge): stop as a crash would after N shards merged, to test the re-run */
    const char *crash = getenv("DFT_MERGE_TEST_CRASH_AFTER");
    int crash_after = crash ? atoi(crash) : 0;

    /* 3. merge, one transaction per shard */
    for (int i = 0; !rc && i < ok; i++) {
        dft_merge_outcome outcome;
        int64_t rows = 0;
        int mrc = dft_merge_shard_into(s, &sh[i], cmd, rederived, large && i == ok - 1, &run_id, &outcome, &rows);
        if (mrc) {
            printf("%s\n", dft_error_last());
            refused++;
            if (dft_store_fault(s, NULL)) rc = mrc; /* the case cannot be written: stop */
        } else if (outcome == DFT_MERGE_SKIPPED) {
            printf("%s\n", dft_error_last());
            skipped++;
        } else {
            printf("shard %s: merged (%lld evidence item(s), %lld rows)\n", sh[i].path, (long long)sh[i].evidence_items,
                   (long long)rows);
            merged++;
        }
        fflush(stdout);
        if (crash_after && merged == crash_after && i < ok - 1) _exit(70);
    }
    /* the indexes, when the last shard did not build them (refused, skipped) or an earlier merge was
     * interrupted before it could: a no-op when none is missing */
    int64_t rebuilt = 0;
    if (!rc && !dft_store_fault(s, NULL)) rc = dft_merge_bulk_end(s, &rebuilt);
    if (!rc && rebuilt) printf("indexes dropped by a large merge built again: %lld\n", (long long)rebuilt);
    dft_merge_bulk_pragmas(s, false);

    free(cmd);

    /* 4. the case passes over the whole merged case (one crypto.rollup for the case, as one ingest makes) */
    if (!rc && merged && rederived && *rederived) rc = rerun_case_passes(s, rederived);
    free(rederived);
    dft_registry_unload();

    /* 5. correlation over the whole case */
    int64_t occ = 0, shared = 0;
    if (!rc && (merged || nsh == 0)) {
        rc = dft_store_correlate(s, region, &occ, &shared);
        if (!rc) printf("correlation: %lld identifier occurrences, %lld shared by two or more evidence items\n",
                        (long long)occ, (long long)shared);
    }
    if (rc) fprintf(stderr, "dftriage: error: %s\n", dft_error_last());
    char summary[160];
    snprintf(summary, sizeof summary, "{\"merged\":%d,\"skipped\":%d,\"refused\":%d,\"occurrences\":%lld}", merged,
             skipped, refused, (long long)occ);
    const char *outcome = rc ? "failed" : refused ? "partial" : "complete";
    if (run_id && dft_store_run_end(s, run_id, outcome, summary) == DFT_OK) dft_store_audit(s, "merge.end", summary);
    /* the case scope again, last: the merge's own runs row got its final status, the correlation index was
     * rebuilt, earlier dead runs were reaped (store_seal.c: runs and identifier_occurrences are sealed) */
    if (!rc && (run_id || nsh == 0 || reaped) && !dft_store_fault(s, NULL) && dft_store_seal_case(s, run_id) != DFT_OK) {
        fprintf(stderr, "dftriage: error: sealing the case-level rows: %s\n", dft_error_last());
        rc = 1;
    }
    if (created && !merged) {
        /* nothing was merged into a case this command created: leave no empty case behind */
        dft_store_close(s);
        s = NULL;
        remove_case(case_path);
        fprintf(stderr, "dftriage: merge: nothing merged; %s not created\n", case_path);
    }
    status = rc || refused ? 1 : 0;
    fprintf(stderr, "dftriage: merge: %d merged, %d skipped (already merged), %d refused; case file: %s\n", merged,
            skipped, refused, case_path);
    dft_cmd_print_head(s);
out:
    dft_store_close(s);
    dft_case_lock_release(lock);
    for (int i = 0; i < nsh; i++) dft_merge_shard_free(&sh[i]);
    for (int i = 0; i < nsh; i++) dft_case_lock_release(shard_locks[i]);
    free(shard_locks);
    free(sh);
    free(pos);
    return status;
}
