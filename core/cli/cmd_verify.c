/*
 * cmd_verify.c - `dftriage verify CASE.db`: re-hash every evidence item and walk the audit chain.
 *
 * Checks, one output line each:
 *   - image kinds (raw, split, ewf, vmdk, vhd): dft_evidence_hash_media -> md5, sha1, sha256
 *     against the evidence row;
 *   - sequential containers (tar, zip, adb, ...; the media hash is made during the walk): the
 *     container file's bytes are hashed here directly (evidence.h invariant 3);
 *   - stored acquisition hashes (E01 MD5/SHA-1): against the fresh hash, and the match recorded at
 *     ingest;
 *   - directories (dir, itunes; no media hash): every regular file row with a full sha256 is read
 *     again from disk and compared (itunes: through the backing fileID in files.extra); derived files
 *     (files.transform set) have no file on disk and are checked by the sealed rows only;
 *   - sealed rows (dft_store_seal_verify): every row of every sealed item against its seal, by
 *     table and row id;
 *   - the audit chain (dft_store_audit_verify), and its head: printed as "audit chain head: SEQ:HASH";
 *     with --expect HEAD (a head printed by an earlier ingest or verify), a chain that does not
 *     end at HEAD (only `verify` rows may follow it) fails, naming the rows cut from the end.
 *   - the audit chain (dft_store_audit_verify);
 *   - the schema against the DDL (store_check.c): a damaged schema is a failed check (the case is
 *     then opened read-only, so the chain can still be walked).
 * Incomplete evidence (interrupted ingest) and missing evidence are failures, and so is a complete item
 * whose case passes are not recorded complete (check_case_passes).
 *
 * Invariants:
 *  1. Exit 0 only when every check holds, 1 otherwise, 2 on usage.
 *  2. Evidence is only read. The case file gets one audit row "verify" with the outcome, unless
 *     it is read-only, in which case the outcome is only printed.
 *  3. Progress goes to stderr, only when stderr is a terminal.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "error.h"
#include "evidence.h"
#include "fileio.h"
#include "hash.h"
#include "store.h"

#define MAX_FILE_LINES 20 /* per evidence item, mismatch/missing lines printed before summarising */

typedef struct verify_ctx {
    int checks, failures;
    bool tty;
    /* progress */
    int64_t evidence_id;
    uint64_t total, base;
    double start, last;
} verify_ctx;

typedef struct evidence_item {
    int64_t id;
    char *path, *kind, *status, *md5, *sha1, *sha256, *stored_md5, *stored_sha1;
    int stored_match; /* -1 none */
    uint64_t size;
} evidence_item;

static void check(verify_ctx *v, bool ok, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void check(verify_ctx *v, bool ok, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (v->tty) fprintf(stderr, "\r\033[K");
    vprintf(fmt, ap);
    putchar('\n');
    fflush(stdout);
    va_end(ap);
    v->checks++;
    if (!ok) v->failures++;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void human(char *out, size_t n, double bytes)
{
    const char *units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
    int u = 0;
    while (bytes >= 1024 && u < 4) {
        bytes /= 1024;
        u++;
    }
    snprintf(out, n, "%.1f %s", bytes, units[u]);
}

static void progress_start(verify_ctx *v, int64_t id, uint64_t total)
{
    v->evidence_id = id;
    v->total = total;
    v->base = 0;
    v->start = v->last = now_s();
}

static void progress_cb(void *payload, uint64_t done)
{
    verify_ctx *v = payload;
    if (!v->tty) return;
    double t = now_s();
    if (t - v->last < 0.25) return;
    v->last = t;
    done += v->base;
    char a[32], b[32], r[32];
    human(a, sizeof a, (double)done);
    human(b, sizeof b, (double)v->total);
    human(r, sizeof r, t > v->start ? (double)done / (t - v->start) : 0);
    fprintf(stderr, "\r\033[K  evidence %lld: %s / %s  %s/s", (long long)v->evidence_id, a, b, r);
}

static void progress_clear(verify_ctx *v)
{
    if (v->tty) fprintf(stderr, "\r\033[K");
}

/* Hashes a file from disk (O_NOFOLLOW: a link planted in the evidence folder is not followed).
 * DFT_EIO with the reason when it cannot be read, or when any byte of it could not be read. */
static int hash_file(const char *path, dft_hashes *out, verify_ctx *v)
{
    uint64_t bad = 0;
    struct stat st;
    int rc = lstat(path, &st) == 0 && S_ISLNK(st.st_mode)
                 ? dft_error_set(DFT_EIO, "%s: a symbolic link, not followed", path)
                 : dft_file_hash(path, out, &bad, progress_cb, v, NULL);
    if (rc == DFT_OK && bad) rc = dft_error_set(DFT_EIO, "%s: %llu bytes unreadable", path, (unsigned long long)bad);
    if (rc == DFT_OK) v->base += (uint64_t)st.st_size;
    return rc;
}

static void compare_hash(verify_ctx *v, int64_t id, const char *name, const char *expected,
                         const char *got)
{
    if (!expected)
        check(v, false, "evidence %lld %s NOT RECORDED at ingest (got %s)", (long long)id, name, got);
    else if (strcmp(expected, got) == 0)
        check(v, true, "evidence %lld %s OK", (long long)id, name);
    else
        check(v, false, "evidence %lld MISMATCH %s expected %s got %s", (long long)id, name, expected,
              got);
}

/* The stored acquisition hashes (E01) against the fresh media hash and the ingest outcome. */
static void check_stored(verify_ctx *v, const evidence_item *e, const dft_hashes *got)
{
    const char *names[2] = { "md5", "sha1" };
    const char *stored[2] = { e->stored_md5, e->stored_sha1 };
    const char *fresh[2] = { got->md5, got->sha1 };
    for (int i = 0; i < 2; i++) {
        if (!stored[i]) continue;
        if (strcmp(stored[i], fresh[i]) == 0)
            check(v, true, "evidence %lld stored %s (acquisition) OK", (long long)e->id, names[i]);
        else
            check(v, false, "evidence %lld MISMATCH stored %s (acquisition) expected %s got %s",
                  (long long)e->id, names[i], stored[i], fresh[i]);
    }
    if (e->stored_match == 0)
        check(v, false, "evidence %lld stored hashes did NOT match at ingest", (long long)e->id);
}

/* Where an itunes file row's content lives: <backup>/<fileID[0:2]>/<fileID>, or NULL. */
static char *itunes_backing_path(const char *root, const char *extra)
{
    if (!extra) return NULL;
    json_error_t err;
    json_t *j = json_loads(extra, 0, &err);
    if (!j) return NULL;
    const char *id = NULL;
    const char *keys[] = { "fileID", "file_id", "fileId" };
    for (size_t i = 0; i < 3 && !id; i++) id = json_string_value(json_object_get(j, keys[i]));
    char *p = NULL;
    /* the content of an itunes row is the backing file as stored (encrypted backups too) */
    if (id && strlen(id) >= 2 && !strchr(id, '/') && !strstr(id, "..")) {
        size_t n = strlen(root) + strlen(id) + 8;
        p = malloc(n);
        if (p) {
            snprintf(p, n, "%s/%.2s/%s", root, id, id);
            if (access(p, F_OK) != 0) snprintf(p, n, "%s/%s", root, id); /* pre-iOS 10 layout */
        }
    }
    json_decref(j);
    return p;
}

/* dir / itunes: re-hash every regular file row with a full sha256. */
static void verify_files(verify_ctx *v, sqlite3 *db, const evidence_item *e, bool itunes)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT id, path, md5, sha1, sha256, extra, size FROM files"
                           " WHERE evidence_id = ? AND type = 'r' AND sha256 IS NOT NULL"
                           /* derived files (decrypted, carved) are not on disk: their seal covers them */
                           " AND transform IS NULL"
                           " AND (hash_status IS NULL OR hash_status = 'full') ORDER BY id",
                           -1, &st, NULL) != SQLITE_OK) {
        check(v, false, "evidence %lld files cannot be listed: %s", (long long)e->id,
              sqlite3_errmsg(db));
        return;
    }
    progress_start(v, e->id, e->size);
    sqlite3_bind_int64(st, 1, e->id);
    int64_t total = 0, ok = 0, bad = 0, skipped = 0, lines = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int64_t fid = sqlite3_column_int64(st, 0);
        const char *path = (const char *)sqlite3_column_text(st, 1);
        const char *md5 = (const char *)sqlite3_column_text(st, 2);
        const char *sha1 = (const char *)sqlite3_column_text(st, 3);
        const char *sha256 = (const char *)sqlite3_column_text(st, 4);
        const char *extra = (const char *)sqlite3_column_text(st, 5);
        char *disk = NULL;
        if (itunes) {
            disk = itunes_backing_path(e->path, extra);
        } else if (path) {
            size_t n = strlen(e->path) + strlen(path) + 2;
            if ((disk = malloc(n))) snprintf(disk, n, "%s%s%s", e->path, path[0] == '/' ? "" : "/", path);
        }
        if (!disk) {
            skipped++;
            continue;
        }
        total++;
        dft_hashes got;
        if (hash_file(disk, &got, v) != DFT_OK) {
            bad++;
            if (lines++ < MAX_FILE_LINES)
                check(v, false, "evidence %lld file %lld MISSING %s", (long long)e->id, (long long)fid,
                      dft_error_last());
        } else if (strcmp(sha256, got.sha256) || (md5 && strcmp(md5, got.md5)) ||
                   (sha1 && strcmp(sha1, got.sha1))) {
            bad++;
            /* name the digest that differs, with its own values (issue 8.7) */
            const char *alg = "sha256", *want = sha256, *have = got.sha256;
            if (!strcmp(sha256, got.sha256) && md5 && strcmp(md5, got.md5)) alg = "md5", want = md5, have = got.md5;
            else if (!strcmp(sha256, got.sha256)) alg = "sha1", want = sha1, have = got.sha1;
            if (lines++ < MAX_FILE_LINES)
                check(v, false, "evidence %lld file %lld MISMATCH %s %s expected %s got %s", (long long)e->id,
                      (long long)fid, alg, path ? path : "?", want, have);
        } else {
            ok++;
        }
        free(disk);
    }
    sqlite3_finalize(st);
    progress_clear(v);
    if (lines > MAX_FILE_LINES)
        printf("evidence %lld: %lld more file failures not shown\n", (long long)e->id,
               (long long)(lines - MAX_FILE_LINES));
    check(v, bad == 0, "evidence %lld files %s: %lld of %lld re-hashed OK%s", (long long)e->id,
          bad ? "FAILED" : "OK", (long long)ok, (long long)total,
          skipped ? " (some files have no backing file to re-hash)" : "");
}

static void verify_media(verify_ctx *v, dft_evidence *ev, const evidence_item *e)
{
    dft_hashes got;
    uint64_t bad_bytes = 0;
    progress_start(v, e->id, e->size);
    int rc = dft_evidence_hash_media(ev, &got, &bad_bytes, progress_cb, v, NULL);
    progress_clear(v);
    if (rc) {
        check(v, false, "evidence %lld cannot be hashed: %s", (long long)e->id, dft_error_last());
        return;
    }
    if (bad_bytes)
        printf("evidence %lld: %llu unreadable bytes were hashed as zeros\n", (long long)e->id,
               (unsigned long long)bad_bytes);
    compare_hash(v, e->id, "md5", e->md5, got.md5);
    compare_hash(v, e->id, "sha1", e->sha1, got.sha1);
    compare_hash(v, e->id, "sha256", e->sha256, got.sha256);
    check_stored(v, e, &got);
}

/* The case-pass completion record (docs/merge.md "Case-pass completion"): a complete item named by a
 * "case.passes.begin" audit row (its case passes started) must be named by a "case.passes" row too (they
 * ran to the end), or have been merged from a shard (whose record the merge checked); otherwise its case
 * passes were interrupted or failed: a failed check (re-running the ingest completes them). A complete
 * item named by neither was made by a dftriage older than these records: a note, nothing tells. */
static void check_case_passes(verify_ctx *v, sqlite3 *db)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(db, "SELECT e.id, e.id IN (SELECT j.value FROM audit_log a, json_each(CASE WHEN"
                               " json_valid(a.detail) THEN a.detail ELSE '{}' END, '$.evidence_ids') j WHERE"
                               " a.action = 'case.passes.begin') FROM evidence e WHERE e.status = 'complete' AND e.id NOT IN ("
                               DFT_SQL_CASE_PASSES_DONE ") ORDER BY e.id", -1, &q, NULL) != SQLITE_OK)
        return;   /* a case file without audit_log/json1 is reported by the checks that follow */
    int failed = 0, src;
    while ((src = sqlite3_step(q)) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(q, 0);
        if (!sqlite3_column_int(q, 1)) {
            printf("evidence %lld: no case passes records (made by a dftriage older than them): not checked\n", id);
            continue;
        }
        failed++;
        check(v, false, "evidence %lld case passes NOT COMPLETE (started, never recorded complete: interrupted or "
              "failed): re-run the ingest to complete them", id);
    }
    sqlite3_finalize(q);
    if (src == SQLITE_DONE && !failed) check(v, true, "case passes: no item with interrupted case passes");
}

static void verify_evidence(verify_ctx *v, sqlite3 *db, const evidence_item *e)
{
    if (!e->status || strcmp(e->status, "complete") != 0) {
        check(v, false, "evidence %lld incomplete (interrupted ingest)", (long long)e->id);
        return;
    }
    dft_evidence *ev = NULL;
    if (dft_evidence_open(&ev, e->path, NULL) != DFT_OK) {
        check(v, false, "evidence %lld MISSING or unreadable: %s", (long long)e->id, dft_error_last());
        return;
    }
    if (dft_evidence_no_media_hash(ev))
        verify_files(v, db, e, strcmp(dft_evidence_kind(ev), "itunes") == 0);
    else
        verify_media(v, ev, e);
    dft_evidence_close(ev);
}

static char *col_dup(sqlite3_stmt *st, int i)
{
    const char *t = (const char *)sqlite3_column_text(st, i);
    return t ? strdup(t) : NULL;
}

static void items_free(evidence_item *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        evidence_item *e = &items[i];
        free(e->path), free(e->kind), free(e->status), free(e->md5), free(e->sha1);
        free(e->sha256), free(e->stored_md5), free(e->stored_sha1);
    }
    free(items);
}

/* Loads the evidence rows (so no read transaction stays open while hashing). */
static int items_load(sqlite3 *db, evidence_item **out, size_t *count)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT id, path, kind, status, md5, sha1, sha256, stored_md5, stored_sha1,"
                           " stored_match, size FROM evidence ORDER BY id",
                           -1, &st, NULL) != SQLITE_OK)
        return dft_error_set(DFT_ERROR, "%s", sqlite3_errmsg(db));
    evidence_item *items = NULL;
    size_t n = 0, cap = 0;
    int rc = DFT_OK, src;
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            evidence_item *grown = realloc(items, cap * sizeof *items);
            if (!grown) {
                rc = dft_error_set(DFT_ENOMEM, "out of memory");
                break;
            }
            items = grown;
        }
        evidence_item *e = &items[n++];
        e->id = sqlite3_column_int64(st, 0);
        e->path = col_dup(st, 1);
        e->kind = col_dup(st, 2);
        e->status = col_dup(st, 3);
        e->md5 = col_dup(st, 4);
        e->sha1 = col_dup(st, 5);
        e->sha256 = col_dup(st, 6);
        e->stored_md5 = col_dup(st, 7);
        e->stored_sha1 = col_dup(st, 8);
        e->stored_match = sqlite3_column_type(st, 9) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 9);
        e->size = (uint64_t)sqlite3_column_int64(st, 10);
        if (!e->path) e->path = strdup("");
    }
    if (!rc && src != SQLITE_DONE) rc = dft_error_set(DFT_ERROR, "%s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    if (rc) {
        items_free(items, n);
        return rc;
    }
    *out = items;
    *count = n;
    return DFT_OK;
}

static void seal_report(void *payload, bool ok, const char *line)
{
    check(payload, ok, "%s", line);
}

/* Indexes a large merge dropped and has not built again (an interrupted merge, store_merge_bulk.c): not a
 * failure, they hold no evidence, but said, so a missing index is never accepted in silence. */
static void bulk_note(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT trim(value, ',') FROM case_info WHERE key = 'merge.dropped_indexes' AND"
                               " trim(value, ',') <> ''", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        printf("note: indexes dropped by an interrupted large merge, not built yet: %s (speed only; `dftriage merge"
               " CASE.db` builds them)\n", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
}

void dft_cmd_print_head(dft_store *s)
{
    int64_t seq;
    char hash[65];
    if (s && dft_store_audit_head(s, &seq, hash) == DFT_OK) {
        printf("audit chain head: %lld:%s\n", (long long)seq, hash);
        fflush(stdout);
    }
}

/* Parses HEAD: "SEQ:HASH" or "HASH" (64 hex digits, any case); *seq = 0 when absent. */
static bool parse_head(const char *text, int64_t *seq, char hash[65])
{
    *seq = 0;
    const char *colon = strchr(text, ':');
    if (colon) {
        char *end = NULL;
        long long n = strtoll(text, &end, 10);
        if (end != colon || n < 1) return false;
        *seq = n;
        text = colon + 1;
    }
    if (strlen(text) != 64 || strspn(text, "0123456789abcdefABCDEF") != 64) return false;
    for (int i = 0; i < 64; i++) hash[i] = (char)(text[i] >= 'A' && text[i] <= 'F' ? text[i] - 'A' + 'a' : text[i]);
    hash[64] = '\0';
    return true;
}

/* Rows after seq that are not `verify` rows (verify appends one row per run after the head). */
static int64_t rows_after(sqlite3 *db, int64_t seq, bool all)
{
    sqlite3_stmt *st = NULL;
    int64_t n = -1;
    if (sqlite3_prepare_v2(db, all ? "SELECT count(*) FROM audit_log WHERE seq > ?1"
                                   : "SELECT count(*) FROM audit_log WHERE seq > ?1 AND action <> 'verify'",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, seq);
        if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return n;
}

/* The chain's head against --expect HEAD. */
static void check_expect(verify_ctx *v, dft_store *s, const char *expect)
{
    int64_t want_seq, head_seq, found;
    char want[65], head[65];
    if (!parse_head(expect, &want_seq, want)) {
        check(v, false, "audit chain --expect %s: not a head (SEQ:HASH or HASH, 64 hex digits)", expect);
        return;
    }
    if (dft_store_audit_head(s, &head_seq, head) != DFT_OK) {
        check(v, false, "audit chain head cannot be read: %s", dft_error_last());
        return;
    }
    if (strcmp(head, want) == 0) {
        check(v, true, "audit chain head matches --expect (seq %lld)", (long long)head_seq);
        return;
    }
    if (dft_store_audit_find(s, want, &found) == DFT_OK) {
        int64_t others = rows_after(dft_store_db(s), found, false);
        int64_t all = rows_after(dft_store_db(s), found, true);
        if (others == 0)
            check(v, true, "audit chain head matches --expect (seq %lld; %lld verify rows since)", (long long)found,
                  (long long)all);
        else
            check(v, false, "audit chain head DIFFERS from --expect: the chain goes on %lld rows past it (seq %lld), "
                  "%lld of them not verify rows", (long long)all, (long long)found, (long long)others);
        return;
    }
    if (want_seq > head_seq)
        check(v, false, "audit chain CUT: --expect head is seq %lld, the chain ends at seq %lld: %lld rows cut "
              "from the end", (long long)want_seq, (long long)head_seq, (long long)(want_seq - head_seq));
    else if (want_seq)
        check(v, false, "audit chain DIFFERS from --expect: row seq %lld is not the expected head (rows cut from "
              "the end and others appended, or the chain rewritten)", (long long)want_seq);
    else
        check(v, false, "audit chain DIFFERS from --expect: no row has that hash (rows cut from the end, or the "
              "chain rewritten); the chain ends at seq %lld", (long long)head_seq);
}

int dft_cmd_verify(int argc, char **argv)
{
    const char *case_path = NULL, *expect = NULL;
    bool usage = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--expect") == 0 && i + 1 < argc)
            expect = argv[++i];
        else if (strncmp(argv[i], "--expect=", 9) == 0)
            expect = argv[i] + 9;
        else if (argv[i][0] == '-' || case_path)
            usage = true;
        else
            case_path = argv[i];
    }
    if (usage || !case_path) {
        fprintf(stderr, "usage: dftriage verify CASE.db [--expect SEQ:HASH]\n");
        return 2;
    }
    dft_store *s = NULL;
    bool writable = access(case_path, W_OK) == 0 && dft_store_open(&s, case_path, false) == DFT_OK;
    if (!writable && dft_store_open_readonly(&s, case_path) != DFT_OK) {
        fprintf(stderr, "dftriage verify: %s\n", dft_error_last());
        return 1;
    }
    sqlite3 *db = dft_store_db(s);
    verify_ctx v = { .tty = isatty(STDERR_FILENO) != 0 };
    const char *damage = dft_store_schema_damage(s);
    if (damage) {
        writable = false; /* a damaged case is only read */
        check(&v, false, "schema DAMAGED: %s", damage);
    }
    bulk_note(db);

    evidence_item *items = NULL;
    size_t n = 0;
    if (items_load(db, &items, &n) != DFT_OK) {
        fprintf(stderr, "dftriage verify: %s\n", dft_error_last());
        dft_store_close(s);
        return 1;
    }
    if (!n) printf("no evidence in case\n");
    for (size_t i = 0; i < n; i++) verify_evidence(&v, db, &items[i]);
    items_free(items, n);
    check_case_passes(&v, db);

    int64_t seal_failures = 0;
    int src = dft_store_seal_verify(s, seal_report, &v, &seal_failures);
    if (src != DFT_OK && src != DFT_ECORRUPT) check(&v, false, "sealed rows cannot be checked: %s", dft_error_last());

    int64_t rows = 0;
    if (dft_store_audit_verify(s, &rows) == DFT_OK)
        check(&v, true, "audit chain OK (%lld rows)", (long long)rows);
    else
        check(&v, false, "audit chain BROKEN: %s", dft_error_last());
    if (expect) check_expect(&v, s, expect);
    dft_cmd_print_head(s);

    char detail[128];
    if (v.failures)
        snprintf(detail, sizeof detail, "FAILED: %d of %d checks failed", v.failures, v.checks);
    else
        snprintf(detail, sizeof detail, "OK: %d checks", v.checks);
    printf("verify %s\n", detail);
    if (!writable) {
        printf("(case file is read-only: the outcome is not recorded in audit_log)\n");
    } else if (dft_store_audit(s, "verify", detail) != DFT_OK) {
        fprintf(stderr, "dftriage verify: cannot record the outcome: %s\n", dft_error_last());
        v.failures++;
    }
    dft_store_close(s);
    fflush(stdout);
    return v.failures ? 1 : 0;
}
