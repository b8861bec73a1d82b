/*
 * cmd_info.c - `dftriage info CASE.db`: a plain-text summary of a case file for the examiner.
 *
 * Prints case_info, each evidence item (status, hashes, stored hashes, metadata), row counts per
 * table, files by type/allocation, findings per kind/subkind, and the runs.
 *
 * Invariants:
 *  1. The case file is opened read-only; info never writes (not even the audit log).
 *  2. Works on a case left by a killed ingest (WAL present, evidence 'incomplete'): every column
 *     may be NULL and is printed as "-".
 */
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "rowkind.h"
#include "error.h"
#include "store.h"
#include "store_merge.h"

static const char *txt(sqlite3_stmt *st, int i)
{
    const char *v = (const char *)sqlite3_column_text(st, i);
    return v ? v : "-";
}

/* Prepares sql; on failure prints the reason and returns NULL. */
static sqlite3_stmt *prep(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "dftriage info: %s\n", sqlite3_errmsg(db));
        sqlite3_finalize(st);
        return NULL;
    }
    return st;
}

static int print_case_info(sqlite3 *db)
{
    sqlite3_stmt *st = prep(db, "SELECT key, value FROM case_info ORDER BY"
                                " CASE key WHEN 'case_number' THEN 1 WHEN 'examiner' THEN 2"
                                " WHEN 'created_utc' THEN 3 WHEN 'tool_version' THEN 4"
                                " WHEN 'schema_version' THEN 5 ELSE 6 END, key");
    if (!st) return 1;
    printf("Case\n");
    while (sqlite3_step(st) == SQLITE_ROW) printf("  %-16s %s\n", txt(st, 0), txt(st, 1));
    sqlite3_finalize(st);
    return 0;
}

static void print_meta(sqlite3 *db, sqlite3_int64 evidence_id)
{
    sqlite3_stmt *st = prep(db, "SELECT key, value FROM evidence_meta WHERE evidence_id = ?"
                                " ORDER BY key, rowid");
    if (!st) return;
    sqlite3_bind_int64(st, 1, evidence_id);
    bool first = true;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (first) printf("    metadata:\n");
        first = false;
        printf("      %s = %s\n", txt(st, 0), txt(st, 1));
    }
    sqlite3_finalize(st);
}

static int print_evidence(sqlite3 *db)
{
    sqlite3_stmt *st = prep(db, "SELECT id, kind, status, path, size, md5, sha1, sha256, stored_md5,"
                                " stored_sha1, stored_match, added_utc, completed_utc, bad_bytes,"
                                " fingerprint, parts, run_id FROM evidence ORDER BY id");
    if (!st) return 1;
    printf("\nEvidence\n");
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        n++;
        sqlite3_int64 id = sqlite3_column_int64(st, 0);
        const char *status = txt(st, 2);
        printf("  evidence %lld: %s, %s%s\n", (long long)id, txt(st, 1), status,
               strcmp(status, "complete") ? " (interrupted or running ingest)" : "");
        printf("    path:      %s\n", txt(st, 3));
        printf("    size:      %lld bytes\n", (long long)sqlite3_column_int64(st, 4));
        printf("    md5:       %s\n", txt(st, 5));
        printf("    sha1:      %s\n", txt(st, 6));
        printf("    sha256:    %s\n", txt(st, 7));
        if (sqlite3_column_type(st, 8) != SQLITE_NULL || sqlite3_column_type(st, 9) != SQLITE_NULL) {
            const char *match = sqlite3_column_type(st, 10) == SQLITE_NULL ? "not compared"
                                : sqlite3_column_int(st, 10) ? "match"
                                                             : "MISMATCH";
            printf("    stored md5:  %s\n", txt(st, 8));
            printf("    stored sha1: %s\n", txt(st, 9));
            printf("    stored hashes: %s\n", match);
        }
        printf("    added:     %s\n", txt(st, 11));
        printf("    completed: %s\n", txt(st, 12));
        if (sqlite3_column_int64(st, 13) > 0)
            printf("    unreadable bytes: %lld\n", (long long)sqlite3_column_int64(st, 13));
        printf("    fingerprint: %s\n", txt(st, 14));
        if (sqlite3_column_type(st, 15) != SQLITE_NULL) printf("    parts:     %s\n", txt(st, 15));
        printf("    run:       %s\n", txt(st, 16));
        print_meta(db, id);
    }
    if (!n) printf("  (none)\n");
    sqlite3_finalize(st);
    return 0;
}

static bool table_exists(sqlite3 *db, const char *name)
{
    sqlite3_stmt *st = prep(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    if (!st) return false;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    bool yes = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return yes;
}

static int count_one(sqlite3 *db, const char *table)
{
    if (!table_exists(db, table)) return 0; /* a table of a newer schema in a file not yet migrated */
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    sqlite3_stmt *st = prep(db, sql);
    if (!st) return 1;
    if (sqlite3_step(st) == SQLITE_ROW) printf("  %-14s %lld\n", table, (long long)sqlite3_column_int64(st, 0));
    sqlite3_finalize(st);
    return 0;
}

/* The walk's tables, then every emitted-row table from its descriptor (rowkind.h), then the run's. */
static int print_counts(sqlite3 *db)
{
    static const char *const walk_tables[] = { "evidence", "evidence_meta", "volumes", "filesystems", "files",
                                               "unallocated" };
    static const char *const run_tables[] = { "runs", "audit_log" };
    printf("\nRows\n");
    int bad = 0;
    for (size_t i = 0; i < sizeof walk_tables / sizeof walk_tables[0]; i++) bad |= count_one(db, walk_tables[i]);
    for (size_t i = 0; i < dft_rowkind_count(); i++) bad |= count_one(db, dft_rowkind_at(i)->name);
    for (size_t i = 0; i < sizeof run_tables / sizeof run_tables[0]; i++) bad |= count_one(db, run_tables[i]);
    return bad;
}

static const char *type_name(const char *t)
{
    switch (t[0]) {
    case 'r': return "regular";
    case 'd': return "directory";
    case 'l': return "symlink";
    case 'c': return "char device";
    case 'b': return "block device";
    case 'p': return "fifo";
    case 's': return "socket";
    case 'v': return "virtual";
    default: return "unknown";
    }
}

static int print_files(sqlite3 *db)
{
    sqlite3_stmt *st = prep(db, "SELECT evidence_id, type, allocated, count(*), sum(size) FROM files"
                                " GROUP BY evidence_id, type, allocated ORDER BY evidence_id, type,"
                                " allocated DESC");
    if (!st) return 1;
    printf("\nFiles by type\n");
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        n++;
        printf("  evidence %-4s %-13s %-11s %10lld files %16lld bytes\n", txt(st, 0),
               type_name(txt(st, 1)), sqlite3_column_int(st, 2) ? "allocated" : "deleted",
               (long long)sqlite3_column_int64(st, 3), (long long)sqlite3_column_int64(st, 4));
    }
    if (!n) printf("  (none)\n");
    sqlite3_finalize(st);
    return 0;
}

static int print_findings(sqlite3 *db)
{
    sqlite3_stmt *st = prep(db, "SELECT kind, subkind, count(*) FROM findings GROUP BY kind, subkind"
                                " ORDER BY kind, subkind");
    if (!st) return 1;
    printf("\nFindings\n");
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        n++;
        char label[256];
        if (sqlite3_column_type(st, 1) == SQLITE_NULL)
            snprintf(label, sizeof label, "%s", txt(st, 0));
        else
            snprintf(label, sizeof label, "%s/%s", txt(st, 0), txt(st, 1));
        printf("  %-40s %lld\n", label, (long long)sqlite3_column_int64(st, 2));
    }
    if (!n) printf("  (none)\n");
    sqlite3_finalize(st);
    return 0;
}

static int print_runs(sqlite3 *db)
{
    sqlite3_stmt *st = prep(db, "SELECT id, started_utc, ended_utc, status, command_line, tool_version"
                                " FROM runs ORDER BY id");
    if (!st) return 1;
    printf("\nRuns\n");
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        n++;
        printf("  run %s: %s -> %s  %s  (dftriage %s)\n", txt(st, 0), txt(st, 1), txt(st, 2),
               txt(st, 3), txt(st, 5));
        printf("    %s\n", txt(st, 4));
    }
    if (!n) printf("  (none)\n");
    sqlite3_finalize(st);
    return 0;
}

/* The shards merged into the case, and the top identifiers shared by two or more evidence items (the
 * correlation index of schema 3, docs/merge.md). Personal data: phone numbers and addresses are printed, as
 * every other part of info prints the case's content to its examiner; seed phrases only by fingerprint. */
#define TOP_SHARED 20
#define DFT_STR2(x) #x
#define DFT_STR(x) DFT_STR2(x)
static int print_shared(sqlite3 *db)
{
    if (!table_exists(db, "identifier_occurrences")) return 0; /* schema 2 file, read-only: not migrated */
    sqlite3_stmt *st = prep(db, "SELECT count(*), coalesce(sum((SELECT count(*) FROM json_each(evidence))), 0) FROM merged_shards");
    if (!st) return 1;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 0))
        printf("\nMerged shards: %lld (%lld evidence items)\n", (long long)sqlite3_column_int64(st, 0),
               (long long)sqlite3_column_int64(st, 1));
    sqlite3_finalize(st);
    st = prep(db, "SELECT kind, value, evidence_items, occurrences FROM v_shared_identifiers"
                  " ORDER BY evidence_items DESC, occurrences DESC, kind, value LIMIT " DFT_STR(TOP_SHARED));
    if (!st) return 1;
    printf("\nShared identifiers (in two or more evidence items; top " DFT_STR(TOP_SHARED) ")\n");
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        printf("  %-15s %-48s %4lld items %6lld occurrences\n", txt(st, 0), txt(st, 1),
               (long long)sqlite3_column_int64(st, 2), (long long)sqlite3_column_int64(st, 3));
        n++;
    }
    sqlite3_finalize(st);
    if (!n) printf("  (none)\n");
    dft_correlation_state cs;
    char line[400];
    if (dft_correlation_state_get(db, &cs) == DFT_OK) {
        dft_correlation_state_describe(&cs, line, sizeof line);
        printf("  correlation index: %s\n", line);
    }
    return 0;
}

int dft_cmd_info(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: dftriage info CASE.db\n");
        return 2;
    }
    dft_store *s = NULL;
    if (dft_store_open_readonly(&s, argv[1]) != DFT_OK) {
        fprintf(stderr, "dftriage info: %s\n", dft_error_last());
        return 1;
    }
    sqlite3 *db = dft_store_db(s);
    printf("Case file: %s\n\n", argv[1]);
    int bad = print_case_info(db);
    bad |= print_evidence(db);
    bad |= print_counts(db);
    bad |= print_files(db);
    bad |= print_findings(db);
    bad |= print_shared(db);
    bad |= print_runs(db);
    dft_store_close(s);
    fflush(stdout);
    return bad ? 1 : 0;
}
