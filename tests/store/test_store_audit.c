/*
 * test_store_audit.c - the hash-chained audit log: the documented hash rule, an intact chain
 * verifies, an edited or deleted row (triggers dropped by hand) is detected by seq.
 */
#include <sqlite3.h>

#include "hash.h"
#include "store.h"
#include "store_test.h"

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

static void make_case(const char *path, int rows)
{
    dft_store *s = NULL;
    CHECK_OK(dft_store_open(&s, path, true));
    for (int i = 0; i < rows; i++) {
        char d[64];
        snprintf(d, sizeof d, "detail %d | with a bar", i);
        CHECK_OK(dft_store_audit(s, "test.action", d));
    }
    CHECK_OK(dft_store_audit(s, "test.null", NULL));
    dft_store_close(s);
}

static void test_audit__hash_rule_and_verify(const char *dir)
{
    char path[300];
    snprintf(path, sizeof path, "%s/ok.db", dir);
    make_case(path, 10);
    dft_store *s = NULL;
    CHECK_OK(dft_store_open_readonly(&s, path));
    int64_t n = 0;
    CHECK_OK(dft_store_audit_verify(s, &n));
    CHECK(n == 11); /* 10 + 1 */

    /* recompute row 2 by the documented rule */
    sqlite3_stmt *st = NULL;
    CHECK(sqlite3_prepare_v2(dft_store_db(s),
                             "SELECT seq, utc, action, detail, prev_hash, hash FROM audit_log WHERE seq <= 2"
                             " ORDER BY seq",
                             -1, &st, NULL) == SQLITE_OK);
    char prev[65] = "";
    for (int row = 1; row <= 2; row++) {
        CHECK(sqlite3_step(st) == SQLITE_ROW);
        const char *p = (const char *)sqlite3_column_text(st, 4);
        if (row == 1) CHECK(strspn(p, "0") == 64 && strlen(p) == 64);
        else CHECK(!strcmp(p, prev));
        char buf[1024], want[65];
        int len = snprintf(buf, sizeof buf, "%s|%lld|%s|%s|%s", p, (long long)sqlite3_column_int64(st, 0),
                           sqlite3_column_text(st, 1), sqlite3_column_text(st, 2), sqlite3_column_text(st, 3));
        dft_sha256_hex(want, buf, (size_t)len);
        CHECK(!strcmp(want, (const char *)sqlite3_column_text(st, 5)));
        memcpy(prev, want, sizeof want);
    }
    sqlite3_finalize(st);
    dft_store_close(s);
    printf("ok test_audit__hash_rule_and_verify\n");
}

static void test_audit__detects_edit(const char *dir)
{
    char path[300];
    snprintf(path, sizeof path, "%s/edit.db", dir);
    make_case(path, 10);
    raw_exec(path, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail='edited' WHERE seq=5;");
    dft_store *s = NULL;
    CHECK_OK(dft_store_open_readonly(&s, path));
    int64_t n = 0;
    CHECK(dft_store_audit_verify(s, &n) == DFT_ECORRUPT);
    CHECK(strstr(dft_error_last(), "seq 5") != NULL);
    CHECK(n == 4);
    dft_store_close(s);

    /* re-hashing the edited row is not enough: the next row's link breaks */
    snprintf(path, sizeof path, "%s/edit2.db", dir);
    make_case(path, 10);
    raw_exec(path, "DROP TRIGGER audit_log_no_update;"
                   " UPDATE audit_log SET hash='0000000000000000000000000000000000000000000000000000000000000001'"
                   " WHERE seq=3;");
    CHECK_OK(dft_store_open_readonly(&s, path));
    CHECK(dft_store_audit_verify(s, &n) == DFT_ECORRUPT);
    CHECK(strstr(dft_error_last(), "seq 3") != NULL);
    dft_store_close(s);
    printf("ok test_audit__detects_edit\n");
}

static void test_audit__detects_delete(const char *dir)
{
    char path[300];
    snprintf(path, sizeof path, "%s/del.db", dir);
    make_case(path, 10);
    raw_exec(path, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq=7;");
    dft_store *s = NULL;
    CHECK_OK(dft_store_open_readonly(&s, path));
    CHECK(dft_store_audit_verify(s, NULL) == DFT_ECORRUPT);
    CHECK(strstr(dft_error_last(), "seq 8") != NULL);
    dft_store_close(s);

    /* deleting the tail is the one edit a chain alone cannot see; the last row is still checked */
    snprintf(path, sizeof path, "%s/del2.db", dir);
    make_case(path, 3);
    raw_exec(path, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq=1;");
    CHECK_OK(dft_store_open_readonly(&s, path));
    CHECK(dft_store_audit_verify(s, NULL) == DFT_ECORRUPT);
    dft_store_close(s);
    printf("ok test_audit__detects_delete\n");
}

int main(void)
{
    char dir[256];
    test_tmpdir(dir, "audit");
    test_audit__hash_rule_and_verify(dir);
    test_audit__detects_edit(dir);
    test_audit__detects_delete(dir);
    test_tmpdir_remove(dir);
    return 0;
}
