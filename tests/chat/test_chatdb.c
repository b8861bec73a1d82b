/*
 * test_chatdb.c - the chat helper layer (parsers/chatdb.c): WAL inspection and rows only in the WAL,
 * a WAL from another database generation (salts differ) not counted as applied, column probing,
 * timestamps of several units, E.164, details JSON escaping, sniffing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chatdb.h"
#include "check.h"
#include "error.h"

static char dir[] = "/tmp/dft-chatdb-XXXXXX";

static void exec(sqlite3 *db, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "sqlite: %s: %s\n", sql, err);
        exit(1);
    }
}

static void copy(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    CHECK(in && out);
    char buf[65536];
    size_t n;
    while (in && out && (n = fread(buf, 1, sizeof buf, in)) > 0) fwrite(buf, 1, n, out);
    if (in) fclose(in);
    if (out) fclose(out);
}

int main(void)
{
    CHECK(mkdtemp(dir) != NULL);
    char live[256], db_copy[256], wal_live[256], wal_copy[256];
    snprintf(live, sizeof live, "%s/msgstore.db", dir);
    snprintf(wal_live, sizeof wal_live, "%s/msgstore.db-wal", dir);
    snprintf(db_copy, sizeof db_copy, "%s/copy.db", dir);
    snprintf(wal_copy, sizeof wal_copy, "%s/copy.db-wal", dir);

    /* Three rows checkpointed into the database, two more only in the WAL. */
    sqlite3 *w = NULL;
    CHECK(sqlite3_open(live, &w) == SQLITE_OK);
    exec(w, "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0;"
            "CREATE TABLE message(_id INTEGER PRIMARY KEY, text_data TEXT, timestamp INTEGER, from_me INTEGER);"
            "INSERT INTO message VALUES(1,'hello',1700000000123,0),(2,'สวัสดี',1700000001000,1),(3,NULL,0,0);"
            "PRAGMA wal_checkpoint(TRUNCATE);"
            "INSERT INTO message VALUES(4,'你好 \"quoted\"',1700000002000,1),(5,'tail',1700000003000,0);");
    copy(live, db_copy);
    copy(wal_live, wal_copy);

    dft_chatdb *db = NULL;
    dft_chatdb_opts o = { .path = db_copy, .wal_path = wal_copy };
    CHECK(dft_chatdb_open(&db, &o) == DFT_OK);
    dft_chatdb_wal_info wi;
    dft_chatdb_wal(db, &wi);
    CHECK(wi.wal_present && wi.wal_applied && wi.wal_frames >= 1 && wi.wal_commits >= 1);
    CHECK(dft_chatdb_count(db, "message") == 5);
    CHECK(!dft_chatdb_only_in_wal(db, "message", 1));
    CHECK(!dft_chatdb_only_in_wal(db, "message", 3));
    CHECK(dft_chatdb_only_in_wal(db, "message", 4));
    CHECK(dft_chatdb_only_in_wal(db, "message", 5));
    CHECK(dft_chatdb_has_table(db, "message") && !dft_chatdb_has_table(db, "messages"));
    CHECK(strcmp(dft_chatdb_col(db, "message", "text_data"), "\"message\".\"text_data\"") == 0);
    CHECK(strcmp(dft_chatdb_col(db, "message", "no_such"), "NULL") == 0);
    const char *spellings[] = { "data", "text_data", NULL };
    CHECK(strcmp(dft_chatdb_col_any(db, "message", spellings), "\"message\".\"text_data\"") == 0);

    sqlite3_stmt *st = NULL;
    CHECK(dft_chatdb_prepare(db, &st, "SELECT %s, %s, %s FROM message ORDER BY _id",
                             dft_chatdb_col(db, "message", "text_data"), dft_chatdb_col(db, "message", "timestamp"),
                             dft_chatdb_col(db, "message", "no_such")) == DFT_OK);
    int rows = 0;
    char t[DFT_TIME_LEN];
    int64_t raw;
    while (st && dft_chatdb_step(db, st) == DFT_SQLITE_ROW) {
        rows++;
        dft_chatdb_time(st, 1, DFT_TIME_UNIX_MS, t, &raw);
        if (rows == 1) CHECK(strcmp(t, "2023-11-14T22:13:20.123Z") == 0 && raw == 1700000000123);
        if (rows == 3) CHECK(t[0] == '\0' && dft_chatdb_text(st, 0) == NULL);
        CHECK(dft_chatdb_text(st, 2) == NULL);
    }
    sqlite3_finalize(st);
    CHECK(rows == 5);
    dft_chatdb_close(db);

    /* The same database without its WAL: nothing is "only in the WAL", and only 3 rows. */
    dft_chatdb_opts o2 = { .path = db_copy };
    CHECK(dft_chatdb_open(&db, &o2) == DFT_OK);
    dft_chatdb_wal(db, &wi);
    CHECK(!wi.wal_present && !wi.wal_applied);
    CHECK(dft_chatdb_count(db, "message") == 3);
    CHECK(!dft_chatdb_only_in_wal(db, "message", 4));
    dft_chatdb_close(db);

    /* A WAL whose salts do not match its header after the first frame is not applied beyond it;
     * a WAL with a broken header is not applied at all. */
    FILE *fp = fopen(wal_copy, "r+b");
    CHECK(fp != NULL);
    if (fp) {
        fseek(fp, 0, SEEK_SET);
        fputc('X', fp);   /* magic destroyed */
        fclose(fp);
    }
    CHECK(dft_chatdb_open(&db, &o) == DFT_OK);
    dft_chatdb_wal(db, &wi);
    CHECK(wi.wal_present && !wi.wal_applied && !dft_chatdb_only_in_wal(db, "message", 4));
    dft_chatdb_close(db);
    sqlite3_close(w);

    /* Cocoa REAL seconds and nanoseconds. */
    sqlite3 *m = NULL;
    CHECK(sqlite3_open(":memory:", &m) == SQLITE_OK);
    CHECK(sqlite3_prepare_v2(m, "SELECT 721692800.5, 721692800000000000, 0.0", -1, &st, NULL) == SQLITE_OK);
    CHECK(sqlite3_step(st) == SQLITE_ROW);
    dft_chatdb_time(st, 0, DFT_TIME_COCOA_S, t, &raw);
    CHECK(strcmp(t, "2023-11-14T22:13:20.500Z") == 0);
    dft_chatdb_time(st, 1, DFT_TIME_COCOA_AUTO, t, &raw);
    CHECK(strcmp(t, "2023-11-14T22:13:20Z") == 0);
    dft_chatdb_time(st, 2, DFT_TIME_COCOA_S, t, &raw);
    CHECK(t[0] == '\0');
    sqlite3_finalize(st);
    sqlite3_close(m);

    char e164[DFT_PHONE_LEN];
    CHECK(dft_chatdb_phone("66812345678", NULL, true, e164) == DFT_OK && strcmp(e164, "+66812345678") == 0);
    CHECK(dft_chatdb_phone("081 234 5678", "TH", false, e164) == DFT_OK && strcmp(e164, "+66812345678") == 0);
    CHECK(dft_chatdb_phone("user_12345678", "TH", false, e164) == DFT_ECORRUPT && e164[0] == '\0');
    CHECK(dft_chatdb_phone("1234", "TH", false, e164) == DFT_ECORRUPT);

    dft_chat_json j;
    dft_chat_json_begin(&j);
    dft_chat_json_str(&j, "text", "a\"b\\c\n\x01 \xff ok \xe0\xb8\xaa");
    dft_chat_json_int(&j, "n", -5);
    dft_chat_json_bool(&j, "wal", true);
    dft_chat_json_str(&j, "skipped", NULL);
    dft_chat_json_raw(&j, "list", "[1,2]");
    CHECK(strcmp(dft_chat_json_end(&j), "{\"text\":\"a\\\"b\\\\c\\u000a\\u0001 \xef\xbf\xbd ok \xe0\xb8\xaa\","
                                         "\"n\":-5,\"wal\":true,\"list\":[1,2]}") == 0);
    dft_chat_json_free(&j);
    dft_chat_json_begin(&j);
    CHECK(strcmp(dft_chat_json_end(&j), "{}") == 0);
    dft_chat_json_free(&j);

    uint8_t head[1024];
    memcpy(head, "SQLite format 3", 16);
    CHECK(strcmp(dft_chatdb_sniff(head, 100), "sqlite") == 0);
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < sizeof head; i++) { x ^= x << 13; x ^= x >> 17; x ^= x << 5; head[i] = (uint8_t)x; }
    CHECK(strcmp(dft_chatdb_sniff(head, sizeof head), "encrypted") == 0);
    memset(head, 0, sizeof head);
    CHECK(strcmp(dft_chatdb_sniff(head, sizeof head), "empty") == 0);
    memset(head, 'a', sizeof head);
    CHECK(strcmp(dft_chatdb_sniff(head, sizeof head), "other") == 0);

    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) fprintf(stderr, "cleanup failed\n");
    if (check_failures) fprintf(stderr, "%d failure(s)\n", check_failures);
    return check_failures ? 1 : 0;
}
