/*
 * test_store_evidence.c - evidence bookkeeping: add/finish/find, purge of an incomplete item
 * (every table, nothing of other items), refusal to purge a complete one, deterministic ids, and
 * the NULL/time mapping of file rows.
 */
#include <sqlite3.h>

#include "store.h"
#include "rowkind.h"
#include "store_test.h"

static int64_t q(dft_store *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    CHECK(sqlite3_prepare_v2(dft_store_db(s), sql, -1, &st, NULL) == SQLITE_OK);
    CHECK(sqlite3_step(st) == SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Inserts a small tree for evidence ev: 1 volume, 1 fs, n files and plugin output on each. */
static void populate(dft_store *s, int64_t ev, int n)
{
    int64_t fid, vid, fsid;
    CHECK_OK(dft_store_next_ids(s, &fid, &vid, &fsid));
    CHECK_OK(dft_store_begin(s));
    dft_volume_rec v = { .scheme = "dos", .slot = 2, .offset = 1048576, .length = 1 << 24,
                         .description = "Linux (0x83)", .flags = "alloc" };
    CHECK_OK(dft_store_volume_insert(s, vid, ev, &v));
    dft_fs_rec fs = { .volume_id = vid, .type = "ext4", .offset = 1048576, .block_size = 4096,
                      .block_count = 4096, .label = "DATA", .uuid = NULL };
    CHECK_OK(dft_store_fs_insert(s, fsid, ev, &fs));
    dft_region_rec r = { .filesystem_id = fsid, .volume_id = vid, .offset = 5 << 20, .length = 4096,
                         .kind = "fs_unalloc" };
    CHECK_OK(dft_store_region_insert(s, ev, &r));
    CHECK_OK(dft_store_evidence_meta(s, ev, "device.model", "Pixel 7"));
    for (int i = 0; i < n; i++) {
        char path[64], name[32];
        snprintf(name, sizeof name, "f%d.txt", i);
        snprintf(path, sizeof path, "/dir/%s", name);
        dft_file_rec f = { .filesystem_id = fsid, .parent_id = 0, .path = path, .name = name,
                           .meta_addr = (uint64_t)(12 + i), .type = 'r', .allocated = i % 2 == 0,
                           .size = 100, .has_mtime = true, .mtime = 1700000000, .mtime_ns = 0,
                           .has_crtime = true, .crtime = 1700000000, .crtime_ns = 250000000,
                           .uid = -1, .gid = 1000, .mode = 0644, .nlink = 1 };
        dft_file_result res = { .hashed = true, .hash_status = "full", .mime = "text/plain", .magic = "" };
        snprintf(res.hashes.md5, sizeof res.hashes.md5, "%032d", i);
        snprintf(res.hashes.sha1, sizeof res.hashes.sha1, "%040d", i);
        snprintf(res.hashes.sha256, sizeof res.hashes.sha256, "%064d", i);
        CHECK_OK(dft_store_file_insert(s, fid + i, ev, &f, &res));
        dft_finding fd = { .kind = "crypto.address", .subkind = "btc", .value = "1BoatSLRHtKNngkdXEeobR76b53LETtpyT",
                           .offset = 10, .length = -1, .confidence = 0.9, .details = NULL };
        CHECK_OK(dft_store_finding_insert(s, ev, fid + i, "crypto", &fd));
        dft_message m = { .struct_size = sizeof m, .offset = -1, .app = "whatsapp", .sender = "+66812345678", .direction = "in",
                          .sent_utc = "2024-01-01T00:00:00Z", .body = "hi", .source = "messages:1" };
        CHECK_OK(dft_store_row_insert(s, dft_rowkind_of(DFT_TABLE_MESSAGE), ev, fid + i, "whatsapp", &m, NULL, NULL));
        dft_contact c = { .struct_size = sizeof c, .app = "whatsapp", .name = "A", .phone = "+66812345678" };
        CHECK_OK(dft_store_row_insert(s, dft_rowkind_of(DFT_TABLE_CONTACT), ev, fid + i, "whatsapp", &c, NULL, NULL));
        dft_wallet w = { .struct_size = sizeof w, .kind = "electrum", .chain = "btc", .encrypted = -1 };
        CHECK_OK(dft_store_row_insert(s, dft_rowkind_of(DFT_TABLE_WALLET), ev, fid + i, "wallets", &w, NULL, NULL));
        dft_person p = { .struct_size = sizeof p, .role = "worker", .name = "B", .passport = "X1234567" };
        CHECK_OK(dft_store_row_insert(s, dft_rowkind_of(DFT_TABLE_PERSON), ev, fid + i, "roster", &p, NULL, NULL));
    }
    /* an evidence-level warning (no file) */
    dft_finding warn = { .kind = "evidence.warning", .value = "bad sector", .offset = -1, .length = -1,
                         .confidence = 1.0 };
    CHECK_OK(dft_store_finding_insert(s, ev, 0, "core", &warn));
    CHECK_OK(dft_store_commit(s));
}

static void test_evidence__purge_incomplete(const char *dir)
{
    char path[300];
    snprintf(path, sizeof path, "%s/purge.db", dir);
    dft_store *s = NULL;
    CHECK_OK(dft_store_open(&s, path, true));
    int64_t run = 0, e1 = 0, e2 = 0;
    CHECK_OK(dft_store_run_begin(s, "dftriage ingest case.db a.dd b.dd", "{}", "[]", &run));
    CHECK_OK(dft_store_evidence_add(s, run, "/ev/a.dd", "raw", 1 << 24, "fp1", NULL, &e1));
    populate(s, e1, 5);
    dft_hashes h = { .md5 = "m", .sha1 = "s", .sha256 = "aaaa" };
    CHECK_OK(dft_store_evidence_finish(s, e1, &h, "", "", -1, 0));
    CHECK_OK(dft_store_evidence_add(s, run, "/ev/b.dd", "raw", 1 << 24, "fp2", "[\"/ev/b.dd\"]", &e2));
    populate(s, e2, 7);
    CHECK(e1 == 1 && e2 == 2);

    dft_evidence_row row;
    CHECK_OK(dft_store_evidence_find(s, "fp2", &row));
    CHECK(row.id == e2 && !strcmp(row.status, "incomplete"));
    CHECK_OK(dft_store_evidence_find(s, "fp1", &row));
    CHECK(row.id == e1 && !strcmp(row.status, "complete") && !strcmp(row.sha256, "aaaa"));
    CHECK(dft_store_evidence_find(s, "nope", &row) == DFT_ENOTFOUND);
    CHECK_OK(dft_store_evidence_find_sha256(s, "aaaa", &row));
    CHECK(row.id == e1);
    CHECK(dft_store_evidence_find_sha256(s, "bbbb", &row) == DFT_ENOTFOUND);

    CHECK(dft_store_evidence_purge(s, e1) == DFT_EEXISTS);
    CHECK(dft_store_evidence_purge(s, 99) == DFT_ENOTFOUND);
    CHECK(q(s, "SELECT count(*) FROM files") == 12);
    CHECK_OK(dft_store_evidence_purge(s, e2));

    static const char *const left[][2] = {
        { "SELECT count(*) FROM files", "5" },       { "SELECT count(*) FROM findings", "6" },
        { "SELECT count(*) FROM messages", "5" },    { "SELECT count(*) FROM contacts", "5" },
        { "SELECT count(*) FROM wallets", "5" },     { "SELECT count(*) FROM persons", "5" },
        { "SELECT count(*) FROM volumes", "1" },     { "SELECT count(*) FROM filesystems", "1" },
        { "SELECT count(*) FROM unallocated", "1" }, { "SELECT count(*) FROM evidence_meta", "1" },
        { "SELECT count(*) FROM evidence", "1" },
        { "SELECT count(*) FROM files WHERE evidence_id = 2", "0" },
        { "SELECT count(*) FROM audit_log WHERE action = 'evidence.purge'", "1" },
    };
    for (size_t i = 0; i < sizeof left / sizeof left[0]; i++) {
        int64_t got = q(s, left[i][0]);
        if (got != atoll(left[i][1])) {
            fprintf(stderr, "%s: got %lld want %s\n", left[i][0], (long long)got, left[i][1]);
            exit(1);
        }
    }
    CHECK(dft_store_evidence_find(s, "fp2", &row) == DFT_ENOTFOUND);

    /* re-ingest after purge: ids continue after the surviving rows */
    int64_t fid, vid, fsid;
    CHECK_OK(dft_store_next_ids(s, &fid, &vid, &fsid));
    CHECK(fid == 6 && vid == 2 && fsid == 2);
    CHECK_OK(dft_store_run_end(s, run, "ok", "{\"files\":5}"));
    CHECK(q(s, "SELECT count(*) FROM runs WHERE status = 'ok' AND ended_utc IS NOT NULL") == 1);
    CHECK_OK(dft_store_audit_verify(s, NULL));
    dft_store_close(s);
    printf("ok test_evidence__purge_incomplete\n");
}

static void test_evidence__file_row_mapping(const char *dir)
{
    char path[300];
    snprintf(path, sizeof path, "%s/map.db", dir);
    dft_store *s = NULL;
    CHECK_OK(dft_store_open(&s, path, true));
    int64_t e = 0;
    CHECK_OK(dft_store_evidence_add(s, 0, "/ev/x", "raw", 10, "fp", NULL, &e));
    populate(s, e, 1);
    dft_file_rec d = { .path = "/", .name = "", .type = 'd', .allocated = true, .uid = -1, .gid = -1 };
    CHECK_OK(dft_store_file_insert(s, 100, e, &d, NULL));
    sqlite3_stmt *st = NULL;
    CHECK(sqlite3_prepare_v2(dft_store_db(s),
                             "SELECT mtime, crtime, atime, uid, gid, mode, md5, hash_status, mime, magic,"
                             " filesystem_id, parent_id, type, allocated FROM files WHERE id = 1",
                             -1, &st, NULL) == SQLITE_OK);
    CHECK(sqlite3_step(st) == SQLITE_ROW);
    CHECK(!strcmp((const char *)sqlite3_column_text(st, 0), "2023-11-14T22:13:20Z"));
    CHECK(!strcmp((const char *)sqlite3_column_text(st, 1), "2023-11-14T22:13:20.250Z"));
    CHECK(sqlite3_column_type(st, 2) == SQLITE_NULL);  /* unknown time */
    CHECK(sqlite3_column_type(st, 3) == SQLITE_NULL);  /* uid -1 */
    CHECK(sqlite3_column_int(st, 4) == 1000);
    CHECK(sqlite3_column_int(st, 5) == 0644);
    CHECK(!strcmp((const char *)sqlite3_column_text(st, 6), "00000000000000000000000000000000"));
    CHECK(!strcmp((const char *)sqlite3_column_text(st, 7), "full"));
    CHECK(!strcmp((const char *)sqlite3_column_text(st, 8), "text/plain"));
    CHECK(sqlite3_column_type(st, 9) == SQLITE_NULL);  /* "" magic */
    CHECK(sqlite3_column_int(st, 10) == 1);
    CHECK(sqlite3_column_type(st, 11) == SQLITE_NULL); /* parent 0 */
    CHECK(!strcmp((const char *)sqlite3_column_text(st, 12), "r"));
    CHECK(sqlite3_column_int(st, 13) == 1);
    sqlite3_finalize(st);
    CHECK(q(s, "SELECT count(*) FROM files WHERE id = 100 AND md5 IS NULL AND hash_status IS NULL") == 1);
    CHECK(q(s, "SELECT count(*) FROM findings WHERE offset = 10 AND length IS NULL") == 1);
    CHECK(q(s, "SELECT count(*) FROM findings WHERE file_id IS NULL AND offset IS NULL") == 1);
    CHECK(q(s, "SELECT count(*) FROM wallets WHERE encrypted IS NULL") == 1);
    CHECK(q(s, "SELECT count(*) FROM v_findings WHERE file_path = '/dir/f0.txt' AND volume_slot = 2"
               " AND filesystem_type = 'ext4'") == 1);
    dft_store_close(s);
    printf("ok test_evidence__file_row_mapping\n");
}

/* The same inserts into two cases give the same ids and rows. */
static void test_evidence__deterministic_ids(const char *dir)
{
    char sums[2][65];
    for (int k = 0; k < 2; k++) {
        char path[300];
        snprintf(path, sizeof path, "%s/det%d.db", dir, k);
        dft_store *s = NULL;
        CHECK_OK(dft_store_open(&s, path, true));
        int64_t e1, e2;
        CHECK_OK(dft_store_evidence_add(s, 0, "/ev/a", "raw", 1, "fa", NULL, &e1));
        populate(s, e1, 9);
        CHECK_OK(dft_store_evidence_add(s, 0, "/ev/b", "raw", 1, "fb", NULL, &e2));
        populate(s, e2, 4);
        sqlite3_stmt *st = NULL;
        CHECK(sqlite3_prepare_v2(dft_store_db(s),
                                 "SELECT group_concat(x, ';') FROM (SELECT id || ',' || evidence_id || ','"
                                 " || path || ',' || coalesce(parent_id, '') || ',' || filesystem_id AS x"
                                 " FROM files ORDER BY id)",
                                 -1, &st, NULL) == SQLITE_OK);
        CHECK(sqlite3_step(st) == SQLITE_ROW);
        const char *t = (const char *)sqlite3_column_text(st, 0);
        dft_sha256_hex(sums[k], t, strlen(t));
        sqlite3_finalize(st);
        CHECK(q(s, "SELECT min(id) FROM files WHERE evidence_id = 2") == 10);
        CHECK(q(s, "SELECT max(id) FROM files") == 13);
        CHECK(q(s, "SELECT id FROM filesystems WHERE evidence_id = 2") == 2);
        dft_store_close(s);
    }
    CHECK(!strcmp(sums[0], sums[1]));
    printf("ok test_evidence__deterministic_ids\n");
}

int main(void)
{
    char dir[256];
    test_tmpdir(dir, "evidence");
    test_evidence__purge_incomplete(dir);
    test_evidence__file_row_mapping(dir);
    test_evidence__deterministic_ids(dir);
    test_tmpdir_remove(dir);
    return 0;
}
