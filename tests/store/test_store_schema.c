/*
 * test_store_schema.c - schema creation (version 2): every contract table/column exists, pragmas, 0600
 * mode, refusing files that are not case files (or have a newer schema), reopening.
 */
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "store.h"
#include "store_test.h"

static const char *const contract[][40] = {
    { "case_info", "key", "value", NULL },
    { "runs", "id", "started_utc", "ended_utc", "status", "command_line", "options", "plugins",
      "tool_version", "summary", NULL },
    { "evidence", "id", "run_id", "path", "kind", "size", "md5", "sha1", "sha256", "stored_md5",
      "stored_sha1", "stored_match", "added_utc", "completed_utc", "fingerprint", "status",
      "bad_bytes", "parts", NULL },
    { "evidence_meta", "evidence_id", "key", "value", NULL },
    { "volumes", "id", "evidence_id", "scheme", "slot", "offset", "length", "description", "flags",
      NULL },
    { "filesystems", "id", "evidence_id", "volume_id", "type", "offset", "block_size",
      "block_count", "label", "uuid", NULL },
    { "files", "id", "evidence_id", "filesystem_id", "parent_id", "path", "name", "device_path",
      "archive_path", "meta_addr", "meta_seq", "attr_type", "attr_id", "stream", "type", "size",
      "allocated", "mtime", "atime", "ctime", "crtime", "mode", "uid", "gid", "nlink",
      "link_target", "md5", "sha1", "sha256", "hash_status", "content_of", "mime", "magic",
      "error", "extra", "derived_from", "transform", "derivation", NULL },
    { "unallocated", "id", "evidence_id", "filesystem_id", "volume_id", "offset", "length", "kind",
      NULL },
    { "findings", "id", "evidence_id", "file_id", "plugin", "kind", "subkind", "value", "offset",
      "length", "confidence", "details", "personal", "region_id", "media_offset", "decoded_path",
      "decoded_offset", NULL },
    { "messages", "id", "file_id", "plugin", "app", "account", "thread", "sender", "recipient",
      "direction", "sent_utc", "body", "attachment", "deleted", "source", "evidence_id", "thread_title",
      "offset", "details", NULL },
    { "contacts", "id", "file_id", "plugin", "app", "name", "phone", "handle", "evidence_id", "account",
      "source", "details", NULL },
    { "calls", "id", "evidence_id", "file_id", "plugin", "app", "account", "counterpart", "counterpart_name",
      "direction", "status", "media", "start_utc", "duration_s", "deleted", "source", "details", NULL },
    { "links", "id", "evidence_id", "file_id", "plugin", "from_table", "from_id", "relation", "to_table",
      "to_id", "details", NULL },
    { "wallets", "id", "file_id", "plugin", "kind", "chain", "encrypted", "details", "evidence_id", "address",
      "source", NULL },
    { "persons", "id", "file_id", "plugin", "role", "name", "phone", "nationality", "passport",
      "amount", "details", "evidence_id", "source", "personal", NULL },
    { "audit_log", "seq", "utc", "action", "detail", "prev_hash", "hash", NULL },
};

static const char *const indexes[] = {
    "files(sha256)", "files(md5)", "files(path)", "files(name)", "files(evidence_id,parent_id)",
    "files(mime)", "findings(kind,subkind)", "findings(file_id)", "findings(value)",
    "messages(file_id)", "messages(app)", "persons(role)", "evidence(sha256)",
    "evidence(fingerprint)", "links(from_table,from_id)", "links(to_table,to_id)", "messages(evidence_id)",
    "calls(file_id)", "files(derived_from)",
};

static int64_t query_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    CHECK(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK);
    CHECK(sqlite3_step(st) == SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void raw_exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "raw sql failed: %s\n", msg);
        exit(1);
    }
    sqlite3_close(db);
}

static bool has_column(sqlite3 *db, const char *table, const char *col)
{
    char sql[128];
    snprintf(sql, sizeof sql, "PRAGMA table_info(%s)", table);
    sqlite3_stmt *st = NULL;
    CHECK(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK);
    bool found = false;
    while (sqlite3_step(st) == SQLITE_ROW)
        if (!strcmp((const char *)sqlite3_column_text(st, 1), col)) found = true;
    sqlite3_finalize(st);
    return found;
}

/* True when some index on table covers exactly the listed columns, in order. */
static bool has_index(sqlite3 *db, const char *spec)
{
    char table[64], cols[128];
    CHECK(sscanf(spec, "%63[^(](%127[^)])", table, cols) == 2);
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT (SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info(il.name)"
             " ORDER BY seqno)) FROM pragma_index_list('%s') il",
             table);
    sqlite3_stmt *st = NULL;
    CHECK(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK);
    bool found = false;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *c = (const char *)sqlite3_column_text(st, 0);
        if (c && !strcmp(c, cols)) found = true;
    }
    sqlite3_finalize(st);
    return found;
}

static void test_schema__contract_tables_and_columns(const char *dir)
{
    char path[300];
    snprintf(path, sizeof path, "%s/case.db", dir);
    dft_store *s = NULL;
    CHECK_OK(dft_store_open(&s, path, true));
    sqlite3 *db = dft_store_db(s);
    for (size_t t = 0; t < sizeof contract / sizeof contract[0]; t++)
        for (size_t c = 1; contract[t][c]; c++) {
            if (!has_column(db, contract[t][0], contract[t][c])) {
                fprintf(stderr, "missing column %s.%s\n", contract[t][0], contract[t][c]);
                exit(1);
            }
        }
    for (size_t i = 0; i < sizeof indexes / sizeof indexes[0]; i++)
        if (!has_index(db, indexes[i])) {
            fprintf(stderr, "missing index %s\n", indexes[i]);
            exit(1);
        }
    CHECK(query_int(db, "PRAGMA application_id") == 0x44465454);
    CHECK(query_int(db, "PRAGMA user_version") == DFT_SCHEMA_VERSION);
    CHECK(query_int(db, "SELECT count(*) FROM sqlite_master WHERE type='view' AND name='v_findings'") == 1);
    CHECK(query_int(db, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode='wal'") == 1);

    char *v = NULL;
    CHECK_OK(dft_store_case_info_get(s, "schema_version", &v));
    CHECK(v && !strcmp(v, "3"));
    free(v);
    CHECK_OK(dft_store_case_info_get(s, "time_zone", &v));
    CHECK(v && !strcmp(v, "UTC"));
    free(v);
    CHECK_OK(dft_store_case_info_get(s, "tool_version", &v));
    CHECK(v && !strcmp(v, DFT_VERSION));
    free(v);
    CHECK_OK(dft_store_case_info_get(s, "created_utc", &v));
    CHECK(v && strlen(v) >= 20 && v[strlen(v) - 1] == 'Z');
    free(v);
    CHECK_OK(dft_store_case_info_get(s, "case_number", &v));
    CHECK(v == NULL);
    CHECK_OK(dft_store_case_info_set(s, "case_number", "2024-0042"));
    CHECK_OK(dft_store_case_info_set(s, "case_number", "2024-0043"));
    CHECK_OK(dft_store_case_info_get(s, "case_number", &v));
    CHECK(v && !strcmp(v, "2024-0043"));
    free(v);

    /* audit_log is append-only */
    CHECK_OK(dft_store_audit(s, "case.create", path));
    CHECK(sqlite3_exec(db, "UPDATE audit_log SET detail='x'", NULL, NULL, NULL) != SQLITE_OK);
    CHECK(sqlite3_exec(db, "DELETE FROM audit_log", NULL, NULL, NULL) != SQLITE_OK);
    dft_store_close(s);

    /* reopen: no second schema, no second case.create */
    CHECK_OK(dft_store_open(&s, path, true));
    CHECK(query_int(dft_store_db(s), "SELECT count(*) FROM audit_log WHERE action='case.create'") == 1);
    dft_store_close(s);
    CHECK_OK(dft_store_open_readonly(&s, path));
    dft_store_close(s);
    printf("ok test_schema__contract_tables_and_columns\n");
}

static void test_schema__mode_0600(const char *dir)
{
    char path[300], wal[320];
    snprintf(path, sizeof path, "%s/mode.db", dir);
    snprintf(wal, sizeof wal, "%s-wal", path);
    mode_t old = umask(0);
    dft_store *s = NULL;
    CHECK_OK(dft_store_open(&s, path, true));
    CHECK_OK(dft_store_audit(s, "test", "write something so the WAL exists"));
    struct stat st;
    CHECK(stat(path, &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(stat(wal, &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    dft_store_close(s);
    umask(old);
    printf("ok test_schema__mode_0600\n");
}

static void test_schema__refuses_foreign_files(const char *dir)
{
    char path[300];
    dft_store *s = NULL;

    snprintf(path, sizeof path, "%s/other.sqlite", dir);
    raw_exec(path, "CREATE TABLE t(x); INSERT INTO t VALUES (1);");
    CHECK(dft_store_open(&s, path, true) != DFT_OK && s == NULL);
    CHECK(strstr(dft_error_last(), "is not a dftriage case file") != NULL);
    CHECK(dft_store_open_readonly(&s, path) != DFT_OK);
    CHECK(strstr(dft_error_last(), "is not a dftriage case file") != NULL);

    snprintf(path, sizeof path, "%s/text.db", dir);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    for (int i = 0; i < 200; i++) fputs("this is not an sqlite database at all\n", f);
    fclose(f);
    CHECK(dft_store_open(&s, path, true) != DFT_OK);
    CHECK(strstr(dft_error_last(), "is not a dftriage case file") != NULL);
    CHECK(dft_store_open_readonly(&s, path) != DFT_OK);
    CHECK(strstr(dft_error_last(), "is not a dftriage case file") != NULL);

    snprintf(path, sizeof path, "%s/newer.db", dir);
    CHECK_OK(dft_store_open(&s, path, true));
    dft_store_close(s);
    raw_exec(path, "PRAGMA user_version=99;"); /* newer than any version */
    CHECK(dft_store_open(&s, path, false) == DFT_EUNSUPPORTED);
    CHECK(strstr(dft_error_last(), "newer") != NULL);

    snprintf(path, sizeof path, "%s/missing.db", dir);
    CHECK(dft_store_open(&s, path, false) == DFT_ENOTFOUND);
    CHECK(dft_store_open_readonly(&s, path) == DFT_ENOTFOUND);

    /* a zero-length file is not adopted (issue 8.5): only dftriage creates case files */
    snprintf(path, sizeof path, "%s/empty.db", dir);
    f = fopen(path, "w");
    CHECK(f != NULL);
    fclose(f);
    CHECK(dft_store_open_readonly(&s, path) != DFT_OK);
    CHECK(dft_store_open(&s, path, true) == DFT_ECORRUPT && s == NULL);
    CHECK(strstr(dft_error_last(), "empty file") != NULL);
    struct stat st;
    CHECK(stat(path, &st) == 0 && st.st_size == 0);

    /* nor a symbolic link to one, nor a link to a real case: never followed */
    char link[320], real[320];
    snprintf(link, sizeof link, "%s/link.db", dir);
    CHECK(symlink(path, link) == 0);
    CHECK(dft_store_open(&s, link, true) == DFT_ECORRUPT);
    CHECK(strstr(dft_error_last(), "symbolic link") != NULL);
    CHECK(stat(path, &st) == 0 && st.st_size == 0);
    snprintf(real, sizeof real, "%s/real.db", dir);
    CHECK_OK(dft_store_open(&s, real, true));
    dft_store_close(s);
    snprintf(link, sizeof link, "%s/link2.db", dir);
    CHECK(symlink(real, link) == 0);
    CHECK(dft_store_open(&s, link, true) == DFT_ECORRUPT);
    CHECK(dft_store_open_readonly(&s, link) == DFT_ECORRUPT);

    /* an SQLite file of another application with no tables yet */
    snprintf(path, sizeof path, "%s/foreign_empty.db", dir);
    raw_exec(path, "PRAGMA page_size=4096; VACUUM;");
    CHECK(stat(path, &st) == 0 && st.st_size > 0);
    CHECK(dft_store_open(&s, path, true) == DFT_ECORRUPT);
    CHECK(strstr(dft_error_last(), "not a dftriage case file") != NULL);
    printf("ok test_schema__refuses_foreign_files\n");
}

/* An existing case readable by others is reported and set to 0600 (and its -wal). */
static void test_schema__mode_fixed_on_open(const char *dir)
{
    char path[300], wal[320];
    snprintf(path, sizeof path, "%s/wide.db", dir);
    snprintf(wal, sizeof wal, "%s-wal", path);
    dft_store *s = NULL;
    CHECK_OK(dft_store_open(&s, path, true));
    dft_store_close(s);
    CHECK(chmod(path, 0644) == 0);
    CHECK_OK(dft_store_open(&s, path, true));
    CHECK_OK(dft_store_audit(s, "test", "x"));
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
    CHECK(stat(wal, &st) == 0 && (st.st_mode & 0777) == 0600);
    dft_store_close(s);
    printf("ok test_schema__mode_fixed_on_open\n");
}

/* Edited schemas are refused at a write open, naming what differs; a read-only open reports it. */
static void test_schema__edited_schema_refused(const char *dir)
{
    static const struct { const char *name, *sql, *expect; } edits[] = {
        { "drop_table", "DROP TABLE findings;", "table findings is missing" },
        { "drop_column", "ALTER TABLE files DROP COLUMN magic;", "column files.magic" },
        { "add_column", "ALTER TABLE contacts ADD COLUMN extra TEXT NOT NULL DEFAULT 'x';", "contacts.extra" },
        { "drop_trigger", "DROP TRIGGER audit_log_no_delete;", "trigger audit_log_no_delete is missing" },
        { "edit_trigger", "DROP TRIGGER audit_log_no_update; CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON"
                          " audit_log BEGIN SELECT 1; END;", "trigger audit_log_no_update was altered" },
        { "foreign_trigger", "CREATE TRIGGER sneaky AFTER INSERT ON findings BEGIN DELETE FROM findings; END;",
          "trigger sneaky on findings" },
        { "unique_index", "CREATE UNIQUE INDEX u ON files(name);", "index u on files" },
        { "view_to_table", "DROP VIEW v_files; CREATE TABLE v_files(x);", "view v_files is a table" },
        { "drop_index", "DROP INDEX files_sha256;", "index files_sha256 is missing" },
        /* the large-merge record (merge.dropped_indexes, case_info is not sealed) names only what a large
         * merge drops: an index it never drops, listed there by hand, is still missing */
        { "hide_dropped_index", "DROP INDEX evidence_fingerprint; INSERT INTO case_info(key, value) VALUES"
                                " ('merge.dropped_indexes', ',evidence_fingerprint,');",
          "index evidence_fingerprint is missing" },
        { "hide_dropped_evidence_index", "DROP INDEX messages_evidence; INSERT INTO case_info(key, value) VALUES"
                                         " ('merge.dropped_indexes', ',files_sha256,messages_evidence,');",
          "index messages_evidence is missing" },
        { "hide_dropped_table", "DROP TABLE calls; INSERT INTO case_info(key, value) VALUES"
                                " ('merge.dropped_indexes', ',calls,');", "table calls is missing" },
    };
    for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
        char path[300];
        snprintf(path, sizeof path, "%s/edit_%s.db", dir, edits[i].name);
        dft_store *s = NULL;
        CHECK_OK(dft_store_open(&s, path, true));
        dft_store_close(s);
        raw_exec(path, edits[i].sql);
        int rc = dft_store_open(&s, path, true);
        if (rc != DFT_ECORRUPT || !strstr(dft_error_last(), edits[i].expect))
            fprintf(stderr, "edit %s: rc %d: %s\n", edits[i].name, rc, dft_error_last());
        CHECK(rc == DFT_ECORRUPT && s == NULL);
        CHECK(strstr(dft_error_last(), "damaged case schema") != NULL);
        CHECK(strstr(dft_error_last(), edits[i].expect) != NULL);
        CHECK_OK(dft_store_open_readonly(&s, path));
        CHECK(dft_store_schema_damage(s) && strstr(dft_store_schema_damage(s), edits[i].expect));
        dft_store_close(s);
    }
    /* what a large merge drops and records (store_merge_bulk.c) is accepted as missing until rebuilt */
    {
        char path[300];
        snprintf(path, sizeof path, "%s/bulk_dropped.db", dir);
        dft_store *s = NULL;
        CHECK_OK(dft_store_open(&s, path, true));
        dft_store_close(s);
        raw_exec(path, "DROP INDEX files_sha256; DROP INDEX links_to; INSERT INTO case_info(key, value) VALUES"
                       " ('merge.dropped_indexes', ',files_sha256,links_to,');");
        CHECK_OK(dft_store_open(&s, path, true));
        CHECK(dft_store_schema_damage(s) == NULL);
        dft_store_close(s);
    }
    /* an examiner's own table and view are fine */
    char path[300];
    snprintf(path, sizeof path, "%s/notes.db", dir);
    dft_store *s = NULL;
    CHECK_OK(dft_store_open(&s, path, true));
    dft_store_close(s);
    raw_exec(path, "CREATE TABLE my_notes(x); CREATE VIEW my_view AS SELECT * FROM findings;");
    CHECK_OK(dft_store_open(&s, path, true));
    CHECK(dft_store_schema_damage(s) == NULL);
    dft_store_close(s);
    printf("ok test_schema__edited_schema_refused\n");
}

/* One live ingest per case: the lock conflicts across open file descriptions, is released, and a
 * lock file left by a dead process is stale and taken over. */
static void test_schema__case_lock(const char *dir)
{
    char path[300], lockp[320];
    snprintf(path, sizeof path, "%s/locked.db", dir);
    snprintf(lockp, sizeof lockp, "%s.lock", path);
    dft_case_lock *a = NULL, *b = NULL;
    bool stale = true;
    CHECK_OK(dft_case_lock_acquire(&a, path, &stale));
    CHECK(!stale);
    struct stat st;
    CHECK(stat(lockp, &st) == 0 && (st.st_mode & 0777) == 0600);
    CHECK(dft_case_lock_acquire(&b, path, NULL) == DFT_EEXISTS && b == NULL);
    char pid[32];
    snprintf(pid, sizeof pid, "pid %ld", (long)getpid());
    CHECK(strstr(dft_error_last(), pid) != NULL);
    dft_case_lock_release(a);
    CHECK(stat(lockp, &st) != 0);
    /* a dead owner: its file is there, nobody holds the flock */
    pid_t child = fork();
    CHECK(child >= 0);
    if (child == 0) {
        dft_case_lock *c = NULL;
        _exit(dft_case_lock_acquire(&c, path, NULL) == DFT_OK ? 0 : 1); /* dies holding it */
    }
    int status;
    CHECK(waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CHECK(stat(lockp, &st) == 0);
    CHECK_OK(dft_case_lock_acquire(&b, path, &stale));
    CHECK(stale);
    dft_case_lock_release(b);
    /* a symlink planted as the lock file is not followed */
    CHECK(symlink("/tmp/elsewhere", lockp) == 0);
    CHECK(dft_case_lock_acquire(&b, path, NULL) == DFT_EIO);
    unlink(lockp);
    printf("ok test_schema__case_lock\n");
}

int main(void)
{
    char dir[256];
    test_tmpdir(dir, "schema");
    test_schema__contract_tables_and_columns(dir);
    test_schema__mode_0600(dir);
    test_schema__refuses_foreign_files(dir);
    test_schema__mode_fixed_on_open(dir);
    test_schema__edited_schema_refused(dir);
    test_schema__case_lock(dir);
    test_tmpdir_remove(dir);
    return 0;
}
