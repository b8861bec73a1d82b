/*
 * test_store_schema.c - schema creation (version 2): every contract table/column exists, pragmas, 0600
 * mode, refusing files that are not case files (or have a newer schema), reopening.
 */
#include <sqlite3.h>
#include <sys/stat.h>

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
    CHECK(v && !strcmp(v, "2"));
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
    raw_exec(path, "PRAGMA user_version=3;");
    CHECK(dft_store_open(&s, path, false) == DFT_EUNSUPPORTED);
    CHECK(strstr(dft_error_last(), "newer") != NULL);

    snprintf(path, sizeof path, "%s/missing.db", dir);
    CHECK(dft_store_open(&s, path, false) == DFT_ENOTFOUND);
    CHECK(dft_store_open_readonly(&s, path) == DFT_ENOTFOUND);

    /* a zero-length file (create killed before its schema committed) becomes a case on create */
    snprintf(path, sizeof path, "%s/empty.db", dir);
    f = fopen(path, "w");
    CHECK(f != NULL);
    fclose(f);
    CHECK(dft_store_open_readonly(&s, path) != DFT_OK);
    CHECK_OK(dft_store_open(&s, path, true));
    dft_store_close(s);
    printf("ok test_schema__refuses_foreign_files\n");
}

int main(void)
{
    char dir[256];
    test_tmpdir(dir, "schema");
    test_schema__contract_tables_and_columns(dir);
    test_schema__mode_0600(dir);
    test_schema__refuses_foreign_files(dir);
    test_tmpdir_remove(dir);
    return 0;
}
