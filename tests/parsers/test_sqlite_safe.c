/*
 * test_sqlite_safe.c - parsers/sqlite_safe.c against hostile databases built here at test time:
 * recursive CTE view, view named as a table, trigger, virtual table, huge blob, huge text, deep
 * expression, corrupt page, not a database, budgets, interrupt, and a WAL-only row that is seen
 * with the WAL and not without it. Also: the evidence file and its directory are left untouched.
 */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "error.h"
#include "sqlite_safe.h"
#include "tempdir.h"

static char *work;

static char *wpath(const char *name)
{
    static char buf[8][4096];
    static int i;
    i = (i + 1) % 8;
    snprintf(buf[i], sizeof buf[i], "%s/%s", work, name);
    return buf[i];
}

/* Builds a database with plain SQLite (no hardening) from SQL. */
static void make_db(const char *name, const char *sql)
{
    sqlite3 *db;
    unlink(wpath(name));
    CHECK(sqlite3_open(wpath(name), &db) == SQLITE_OK);
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) fprintf(stderr, "make_db %s: %s\n", name, err);
    sqlite3_free(err);
    sqlite3_close(db);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Runs sql to the end; returns the first error code, or the number of rows. */
static int run(dft_sqlite *h, const char *sql)
{
    sqlite3_stmt *st;
    int rc = dft_sqlite_prepare(h, &st, sql);
    if (rc) return rc;
    int rows = 0;
    while ((rc = dft_sqlite_step(h, st)) == DFT_SQLITE_ROW) rows++;
    sqlite3_finalize(st);
    return rc ? rc : rows;
}

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (e->d_name[0] != '.') n++;
    if (d) closedir(d);
    return n;
}

static void test_sqlite_safe__recursive_view_refused_fast(void)
{
    make_db("rview.db", "CREATE TABLE t(x);"
                        "CREATE VIEW Files AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c)"
                        " SELECT x AS fileID, x AS domain FROM c ORDER BY x;");
    dft_sqlite *h;
    CHECK(dft_sqlite_open(&h, wpath("rview.db"), NULL) == DFT_OK);
    double t0 = now_s();
    CHECK(dft_sqlite_table_kind(h, "files") == DFT_SQLITE_VIEW);
    CHECK(dft_sqlite_require_table(h, "Files") == DFT_ECORRUPT);
    CHECK(strstr(dft_error_last(), "is a view") != NULL);
    /* even asked directly, the view is never executed */
    CHECK(run(h, "SELECT * FROM Files") == DFT_ECORRUPT);
    CHECK(now_s() - t0 < 2.0);
    dft_sqlite_close(h);
}

static void test_sqlite_safe__time_budget_stops_endless_query(void)
{
    make_db("plain.db", "CREATE TABLE t(x); INSERT INTO t VALUES (1);");
    dft_sqlite_opts o = DFT_SQLITE_OPTS_INIT;
    o.time_budget_ms = 300;
    dft_sqlite *h;
    CHECK(dft_sqlite_open(&h, wpath("plain.db"), &o) == DFT_OK);
    double t0 = now_s();
    CHECK(run(h, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT x FROM c ORDER BY x") ==
          DFT_ECORRUPT);
    double el = now_s() - t0;
    CHECK(strstr(dft_error_last(), "time budget") != NULL);
    CHECK(el >= 0.25 && el < 3.0);
    /* the handle stays stopped */
    CHECK(run(h, "SELECT 1") == DFT_ECORRUPT);
    dft_sqlite_close(h);
}

static void test_sqlite_safe__step_budget(void)
{
    dft_sqlite_opts o = DFT_SQLITE_OPTS_INIT;
    o.step_budget = 100000;
    dft_sqlite *h;
    CHECK(dft_sqlite_open(&h, wpath("plain.db"), &o) == DFT_OK);
    CHECK(run(h, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT x FROM c") == DFT_ECORRUPT);
    CHECK(strstr(dft_error_last(), "step budget") != NULL);
    uint64_t steps;
    dft_sqlite_usage(h, NULL, &steps);
    CHECK(steps > 100000 && steps < 200000);
    dft_sqlite_close(h);
}

static volatile sig_atomic_t flag;
static int cancel_calls;
static bool cancel_after(void *payload)
{
    (void)payload;
    return ++cancel_calls > 50;
}

static void test_sqlite_safe__interrupt_and_cancel(void)
{
    dft_sqlite_opts o = DFT_SQLITE_OPTS_INIT;
    o.interrupt = &flag;
    dft_sqlite *h;
    CHECK(dft_sqlite_open(&h, wpath("plain.db"), &o) == DFT_OK);
    CHECK(run(h, "SELECT * FROM t") == 1);
    flag = 1;
    CHECK(run(h, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT x FROM c ORDER BY x") ==
          DFT_ECANCELLED);
    flag = 0;
    dft_sqlite_close(h);

    o.interrupt = NULL;
    o.cancelled = cancel_after;
    CHECK(dft_sqlite_open(&h, wpath("plain.db"), &o) == DFT_OK);
    CHECK(run(h, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT x FROM c") == DFT_ECANCELLED);
    CHECK(strstr(dft_error_last(), "interrupted") != NULL);
    dft_sqlite_close(h);
}

static void test_sqlite_safe__trigger_and_virtual_refused(void)
{
    make_db("trig.db", "CREATE TABLE Files(fileID, domain); CREATE TABLE log(x);"
                       "CREATE TRIGGER tr AFTER INSERT ON Files BEGIN INSERT INTO log VALUES (1); END;"
                       "CREATE VIRTUAL TABLE ft USING fts5(body); CREATE TABLE ok(a, b);");
    dft_sqlite *h;
    CHECK(dft_sqlite_open(&h, wpath("trig.db"), NULL) == DFT_OK);
    CHECK(dft_sqlite_table_kind(h, "Files") == DFT_SQLITE_TRIGGERED);
    CHECK(dft_sqlite_require_table(h, "Files") == DFT_ECORRUPT);
    CHECK(strstr(dft_error_last(), "triggers") != NULL);
    CHECK(dft_sqlite_table_kind(h, "ft") == DFT_SQLITE_VIRTUAL);
    CHECK(dft_sqlite_require_table(h, "ft") == DFT_ECORRUPT);
    CHECK(dft_sqlite_table_kind(h, "tr") == DFT_SQLITE_OTHER);
    CHECK(dft_sqlite_table_kind(h, "nothere") == DFT_SQLITE_MISSING);
    CHECK(dft_sqlite_require_table(h, "nothere") == DFT_ENOTFOUND);
    CHECK(dft_sqlite_require_table(h, "OK") == DFT_OK);
    CHECK(dft_sqlite_has_column(h, "ok", "B"));
    CHECK(!dft_sqlite_has_column(h, "ok", "c"));
    CHECK(!dft_sqlite_has_column(h, "Files", "fileID")); /* not a plain table */
    /* writes are impossible */
    CHECK(run(h, "INSERT INTO ok VALUES (1, 2)") < 0);
    dft_sqlite_close(h);
}

static void test_sqlite_safe__huge_blob_and_text_capped(void)
{
    make_db("big.db", "CREATE TABLE Files(fileID TEXT, relativePath TEXT, file BLOB);"
                      "INSERT INTO Files VALUES ('a', 'small', x'00');"
                      "INSERT INTO Files VALUES ('b', 'blob', zeroblob(3000000));"
                      "INSERT INTO Files VALUES ('c', printf('%.*c', 2000000, 'x'), NULL);");
    dft_sqlite_opts o = DFT_SQLITE_OPTS_INIT;
    o.max_value_bytes = 1 << 20;
    dft_sqlite *h;
    CHECK(dft_sqlite_open(&h, wpath("big.db"), &o) == DFT_OK);
    CHECK(run(h, "SELECT file FROM Files WHERE fileID = 'b'") == DFT_ECORRUPT);
    CHECK(strstr(dft_error_last(), "limit") != NULL);
    CHECK(run(h, "SELECT relativePath FROM Files WHERE fileID = 'c'") == DFT_ECORRUPT);
    CHECK(run(h, "SELECT relativePath FROM Files ORDER BY relativePath") == DFT_ECORRUPT);
    /* the size of a blob is known without reading it, so a caller can skip it */
    CHECK(run(h, "SELECT fileID, CASE WHEN length(file) <= 1048576 THEN file END FROM Files WHERE fileID <> 'c'") ==
          2);
    CHECK(run(h, "SELECT file FROM Files WHERE fileID = 'a'") == 1);
    dft_sqlite_close(h);
}

static void test_sqlite_safe__deep_expression(void)
{
    char *sql = malloc(20000), *w = sql;
    w += sprintf(w, "CREATE TABLE t(x); CREATE VIEW v AS SELECT ");
    /* 1+1+...+1: a left-deep tree 600 levels deep (parentheses would overflow the parser first) */
    w += sprintf(w, "1");
    for (int i = 0; i < 600; i++) w += sprintf(w, "+1");
    sprintf(w, " AS y;");
    make_db("deep.db", sql);
    dft_sqlite *h;
    /* the schema itself is too deep: refused at open with the reason */
    CHECK(dft_sqlite_open(&h, wpath("deep.db"), NULL) == DFT_ECORRUPT);
    CHECK(strstr(dft_error_last(), "deep.db") != NULL);
    CHECK(dft_sqlite_open(&h, wpath("plain.db"), NULL) == DFT_OK);
    CHECK(run(h, sql + strlen("CREATE TABLE t(x); CREATE VIEW v AS ")) == DFT_ECORRUPT);
    CHECK(strstr(dft_error_last(), "too large") != NULL || strstr(dft_error_last(), "too long") != NULL);
    dft_sqlite_close(h);
    free(sql);
}

static void test_sqlite_safe__corrupt_page_and_not_a_database(void)
{
    make_db("corrupt.db", "PRAGMA page_size=4096; CREATE TABLE t(x TEXT);"
                          "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < 2000)"
                          " INSERT INTO t SELECT printf('%0100d', i) FROM c;");
    FILE *f = fopen(wpath("corrupt.db"), "r+b");
    CHECK(f != NULL);
    if (f) {
        /* page 2 (the table's first leaf or interior page): garbage */
        fseek(f, 4096 + 8, SEEK_SET);
        for (int i = 0; i < 600; i++) fputc((i * 37) & 0xff, f);
        fseek(f, 3 * 4096, SEEK_SET);
        for (int i = 0; i < 4096; i++) fputc(0xff, f);
        fclose(f);
    }
    dft_sqlite *h;
    CHECK(dft_sqlite_open(&h, wpath("corrupt.db"), NULL) == DFT_OK);
    int r = run(h, "SELECT count(*), max(x) FROM t");
    CHECK(r == DFT_ECORRUPT);
    dft_sqlite_close(h);

    f = fopen(wpath("nota.db"), "wb");
    if (f) {
        fputs("this is not an SQLite database, just text long enough to look like a header....", f);
        fclose(f);
    }
    CHECK(dft_sqlite_open(&h, wpath("nota.db"), NULL) == DFT_ECORRUPT);
    CHECK(h == NULL);
    CHECK(dft_sqlite_open(&h, wpath("missing.db"), NULL) == DFT_ENOTFOUND);
}

static void test_sqlite_safe__wal_only_row(void)
{
    /* a WAL database with one committed row only in the -wal: copy both files while the writer
     * still holds them (no checkpoint) */
    mkdir(wpath("ev"), 0700);
    sqlite3 *db;
    CHECK(sqlite3_open(wpath("live.db"), &db) == SQLITE_OK);
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0; CREATE TABLE m(body);"
                     "INSERT INTO m VALUES ('in main'); PRAGMA wal_checkpoint(TRUNCATE);"
                     "INSERT INTO m VALUES ('only in wal');", NULL, NULL, NULL);
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "cp '%s' '%s' && cp '%s-wal' '%s-wal'", wpath("live.db"), wpath("ev/chat.db"),
             wpath("live.db"), wpath("ev/chat.db"));
    CHECK(system(cmd) == 0);
    sqlite3_close(db);
    struct stat before, after;
    CHECK(stat(wpath("ev/chat.db"), &before) == 0);
    int entries = count_entries(wpath("ev"));

    dft_sqlite_opts o = DFT_SQLITE_OPTS_INIT;
    o.temp_dir = work;
    dft_sqlite *h;
    CHECK(dft_sqlite_open(&h, wpath("ev/chat.db"), &o) == DFT_OK);
    CHECK(run(h, "SELECT body FROM m") == 1);
    CHECK(run(h, "SELECT body FROM m WHERE body = 'only in wal'") == 0);
    dft_sqlite_close(h);

    o.wal_path = wpath("ev/chat.db-wal");
    CHECK(dft_sqlite_open(&h, wpath("ev/chat.db"), &o) == DFT_OK);
    CHECK(run(h, "SELECT body FROM m") == 2);
    CHECK(run(h, "SELECT body FROM m WHERE body = 'only in wal'") == 1);
    dft_sqlite_close(h);

    /* nothing written next to the evidence; the evidence file unchanged; private copies gone */
    CHECK(count_entries(wpath("ev")) == entries);
    CHECK(stat(wpath("ev/chat.db"), &after) == 0);
    CHECK(before.st_size == after.st_size && before.st_mtime == after.st_mtime);
    DIR *d = opendir(work);
    struct dirent *e;
    int left = 0;
    while (d && (e = readdir(d)))
        if (strncmp(e->d_name, "dftriage-", 9) == 0) left++;
    if (d) closedir(d);
    CHECK(left == 0);
}

/* A virtual table whose CREATE text was respelled ("CREATE  VIRTUAL", a comment) is still one. */
static void test_sqlite_safe__respelled_virtual_refused(void)
{
    make_db("vt2.db", "CREATE VIRTUAL TABLE Files USING fts4(fileID, domain); PRAGMA writable_schema=ON;"
                      "UPDATE sqlite_master SET sql = replace(sql, 'CREATE VIRTUAL', 'CREATE /*x*/  VIRTUAL')"
                      " WHERE name = 'Files';");
    dft_sqlite *h;
    CHECK(dft_sqlite_open(&h, wpath("vt2.db"), NULL) == DFT_OK);
    CHECK(dft_sqlite_table_kind(h, "Files") == DFT_SQLITE_VIRTUAL);
    CHECK(dft_sqlite_require_table(h, "Files") == DFT_ECORRUPT);
    dft_sqlite_close(h);
}

/* A small database padded (sparse) to 2 GiB is copied as far as its header says, fast. */
static void test_sqlite_safe__sparse_database_copied_by_its_header(void)
{
    make_db("sparse.db", "CREATE TABLE t(x); INSERT INTO t VALUES ('kept');");
    CHECK(truncate(wpath("sparse.db"), 2ll << 30) == 0);
    double t0 = now_s();
    dft_sqlite *h;
    CHECK(dft_sqlite_open(&h, wpath("sparse.db"), NULL) == DFT_OK);
    CHECK(run(h, "SELECT x FROM t") == 1);
    dft_sqlite_close(h);
    CHECK(now_s() - t0 < 20); /* a bound, not a benchmark: a 2 GiB copy would write 2 GiB */
    unlink(wpath("sparse.db"));
}

int main(void)
{
    if (dft_tempdir_make(&work, NULL)) {
        fprintf(stderr, "%s\n", dft_error_last());
        return 1;
    }
    RUN(test_sqlite_safe__recursive_view_refused_fast);
    RUN(test_sqlite_safe__time_budget_stops_endless_query);
    RUN(test_sqlite_safe__step_budget);
    RUN(test_sqlite_safe__interrupt_and_cancel);
    RUN(test_sqlite_safe__trigger_and_virtual_refused);
    RUN(test_sqlite_safe__huge_blob_and_text_capped);
    RUN(test_sqlite_safe__deep_expression);
    RUN(test_sqlite_safe__corrupt_page_and_not_a_database);
    RUN(test_sqlite_safe__wal_only_row);
    RUN(test_sqlite_safe__respelled_virtual_refused);
    RUN(test_sqlite_safe__sparse_database_copied_by_its_header);
    dft_tempdir_remove(work);
    free(work);
    return check_failures ? 1 : 0;
}
