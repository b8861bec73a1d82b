/*
 * test_store_seal.c - sealed rows (core/store/store_seal.c, docs/case-file.md "Sealed rows"):
 *   - an untouched case verifies; finish seals the item in the same transaction ("evidence.seal");
 *   - for every sealed table (evidence, evidence_meta, volumes, filesystems, files, unallocated,
 *     findings, messages, contacts, wallets, persons): one column of one row edited, a row deleted,
 *     a row inserted -> the check fails naming the table and the row id;
 *   - NULL and '' differ; a row moved to another item; rows pointing at no item;
 *   - the seal store itself edited (seal_chunks, seal_tables) is detected;
 *   - case-level rows (evidence_id NULL) sealed by dft_store_seal_case;
 *   - an item completed without a seal (a migrated v1 case) fails, then passes after
 *     dft_store_seal_evidence(..., "sealed at migration to schema 2");
 *   - the documented format recomputed independently (row digest, table digest, seal digest);
 *   - cost: seal and verify of a case with 100k rows (printed).
 */
#include <openssl/evp.h>
#include <sqlite3.h>
#include <time.h>

#include "hash.h"
#include "store.h"
#include "store_test.h"

/* ---- helpers ------------------------------------------------------------------------------- */

static void raw_exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "raw sql failed: %s: %s\n", sql, msg);
        exit(1);
    }
    sqlite3_close(db);
}

static int64_t q(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    sqlite3_stmt *st = NULL;
    CHECK(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK);
    CHECK(sqlite3_step(st) == SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static void copy_file(const char *from, const char *to)
{
    char cmd[700];
    snprintf(cmd, sizeof cmd, "cp '%s' '%s' && rm -f '%s-wal' '%s-shm'", from, to, to, to);
    CHECK(system(cmd) == 0);
}

typedef struct lines {
    char *text;
    size_t len;
    int ok, bad;
} lines;

static void collect(void *payload, bool ok, const char *line)
{
    lines *l = payload;
    size_t n = strlen(line);
    l->text = realloc(l->text, l->len + n + 2);
    CHECK(l->text != NULL);
    memcpy(l->text + l->len, line, n);
    l->len += n;
    l->text[l->len++] = '\n';
    l->text[l->len] = '\0';
    if (ok) l->ok++;
    else l->bad++;
}

/* Runs the seal check on path; returns its code, the lines in *out (caller frees). */
static int seal_check(const char *path, lines *out)
{
    memset(out, 0, sizeof *out);
    out->text = calloc(1, 1);
    dft_store *s = NULL;
    CHECK_OK(dft_store_open_readonly(&s, path));
    int64_t failures = 0;
    int rc = dft_store_seal_verify(s, collect, out, &failures);
    CHECK(failures == out->bad);
    dft_store_close(s);
    return rc;
}

static void expect_ok(const char *path)
{
    lines l;
    int rc = seal_check(path, &l);
    if (rc != DFT_OK || l.bad) {
        fprintf(stderr, "expected the seals of %s to hold:\n%s", path, l.text);
        exit(1);
    }
    free(l.text);
}

/* The check fails and one line contains want. */
static void expect_fail(const char *path, const char *what, const char *want)
{
    lines l;
    int rc = seal_check(path, &l);
    if (rc != DFT_ECORRUPT || !l.bad || !strstr(l.text, want)) {
        fprintf(stderr, "%s: expected a failure naming \"%s\" (rc %d):\n%s", what, want, rc, l.text);
        exit(1);
    }
    printf("  %s -> %s\n", what, want);
    free(l.text);
}

/* True when table has column col (schema 2 gives typed rows an evidence_id). */
static bool has_column(sqlite3 *db, const char *table, const char *col)
{
    sqlite3_stmt *st = NULL;
    CHECK(sqlite3_prepare_v2(db, "SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2", -1, &st, NULL) ==
          SQLITE_OK);
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, col, -1, SQLITE_STATIC);
    CHECK(sqlite3_step(st) == SQLITE_ROW);
    bool yes = sqlite3_column_int(st, 0) > 0;
    sqlite3_finalize(st);
    return yes;
}

static bool path_has_column(const char *path, const char *table, const char *col)
{
    sqlite3 *db = NULL;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    bool yes = has_column(db, table, col);
    sqlite3_close(db);
    return yes;
}

/* A typed row (messages, contacts, wallets, persons) of file fid of item ev, by SQL: the store's
 * typed-insert API differs between schema 1 and 2, the sealing does not. cols/vals: the other
 * columns, e.g. "app, body" and "'whatsapp', 'hi'". */
static void typed_insert(dft_store *s, const char *table, int64_t ev, int64_t fid, const char *cols, const char *vals)
{
    sqlite3 *db = dft_store_db(s);
    char sql[600];
    if (has_column(db, table, "evidence_id"))
        snprintf(sql, sizeof sql, "INSERT INTO %s(evidence_id, file_id, %s) VALUES (%lld, %lld, %s)", table, cols,
                 (long long)ev, (long long)fid, vals);
    else
        snprintf(sql, sizeof sql, "INSERT INTO %s(file_id, %s) VALUES (%lld, %s)", table, cols, (long long)fid, vals);
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "%s: %s\n", sql, msg);
        exit(1);
    }
}

/* Inserts a small tree for evidence ev: 1 volume, 1 fs, 1 region, 1 meta, n files with plugin output. */
static void populate(dft_store *s, int64_t ev, int n)
{
    int64_t fid, vid, fsid;
    CHECK_OK(dft_store_next_ids(s, &fid, &vid, &fsid));
    CHECK_OK(dft_store_begin(s));
    dft_volume_rec v = { .scheme = "dos", .slot = 2, .offset = 1048576, .length = 1 << 24,
                         .description = "Linux (0x83)", .flags = "alloc" };
    CHECK_OK(dft_store_volume_insert(s, vid, ev, &v));
    dft_fs_rec fs = { .volume_id = vid, .type = "ext4", .offset = 1048576, .block_size = 4096,
                      .block_count = 4096, .label = "DATA" };
    CHECK_OK(dft_store_fs_insert(s, fsid, ev, &fs));
    dft_region_rec r = { .filesystem_id = fsid, .volume_id = vid, .offset = 5 << 20, .length = 4096,
                         .kind = "fs_unalloc" };
    CHECK_OK(dft_store_region_insert(s, ev, &r));
    CHECK_OK(dft_store_evidence_meta(s, ev, "device.model", "Pixel 7"));
    for (int i = 0; i < n; i++) {
        char path[64], name[32];
        snprintf(name, sizeof name, "f%d.txt", i);
        snprintf(path, sizeof path, "/dir/%s", name);
        dft_file_rec f = { .filesystem_id = fsid, .path = path, .name = name, .meta_addr = (uint64_t)(12 + i),
                           .type = 'r', .allocated = true, .size = 100, .has_mtime = true, .mtime = 1700000000,
                           .uid = -1, .gid = 1000, .mode = 0644, .nlink = 1 };
        dft_file_result res = { .hashed = true, .hash_status = "full", .mime = "text/plain" };
        snprintf(res.hashes.md5, sizeof res.hashes.md5, "%032d", i);
        snprintf(res.hashes.sha1, sizeof res.hashes.sha1, "%040d", i);
        snprintf(res.hashes.sha256, sizeof res.hashes.sha256, "%064d", i);
        CHECK_OK(dft_store_file_insert(s, fid + i, ev, &f, &res));
        dft_finding fd = { .kind = "crypto.address", .subkind = "btc", .value = "1BoatSLRHtKNngkdXEeobR76b53LETtpyT",
                           .offset = 10, .length = -1, .confidence = 0.9 };
        CHECK_OK(dft_store_finding_insert(s, ev, fid + i, "crypto", &fd));
        typed_insert(s, "messages", ev, fid + i, "plugin, app, sender, direction, sent_utc, body, deleted, source",
                     "'whatsapp', 'whatsapp', '+66812345678', 'in', '2024-01-01T00:00:00Z', 'hi', 0, 'messages:1'");
        typed_insert(s, "contacts", ev, fid + i, "plugin, app, name, phone", "'whatsapp', 'whatsapp', 'A', '+66812345678'");
        typed_insert(s, "wallets", ev, fid + i, "plugin, kind, chain", "'wallets', 'electrum', 'btc'");
        typed_insert(s, "persons", ev, fid + i, "plugin, role, name, passport", "'roster', 'worker', 'B', 'X1234567'");
    }
    dft_finding warn = { .kind = "evidence.warning", .value = "bad sector", .offset = -1, .length = -1,
                         .confidence = 1.0 };
    CHECK_OK(dft_store_finding_insert(s, ev, 0, "core", &warn));
    CHECK_OK(dft_store_commit(s));
}

/* Two complete items (3 and 2 files) and one incomplete; returns nothing, path is the case. */
static void make_case(const char *path)
{
    dft_store *s = NULL;
    CHECK_OK(dft_store_open(&s, path, true));
    int64_t run = 0, e1 = 0, e2 = 0, e3 = 0;
    CHECK_OK(dft_store_run_begin(s, "dftriage ingest", "{}", "[]", &run));
    dft_hashes h = { .md5 = "m", .sha1 = "s", .sha256 = "aaaa" };
    CHECK_OK(dft_store_evidence_add(s, run, "/ev/a.dd", "raw", 1 << 24, "fp1", NULL, &e1));
    populate(s, e1, 3);
    CHECK_OK(dft_store_evidence_finish(s, e1, &h, "", "", -1, 0));
    CHECK_OK(dft_store_evidence_add(s, run, "/ev/b.dd", "raw", 1 << 24, "fp2", NULL, &e2));
    populate(s, e2, 2);
    CHECK_OK(dft_store_evidence_finish(s, e2, &h, "", "", -1, 0));
    CHECK(e1 == 1 && e2 == 2);
    /* an item still being ingested: its rows are not sealed and are not reported as unsealed here */
    CHECK_OK(dft_store_evidence_add(s, run, "/ev/c.dd", "raw", 1 << 24, "fp3", NULL, &e3));
    populate(s, e3, 1);
    dft_store_close(s);
}

/* ---- tests --------------------------------------------------------------------------------- */

static void test_seal__untouched_case_verifies(const char *dir)
{
    char path[300];
    snprintf(path, sizeof path, "%s/ok.db", dir);
    make_case(path);
    CHECK(q(path, "SELECT count(*) FROM audit_log WHERE action = 'evidence.seal'") == 2);
    /* schema 1: 11 tables; schema 2 adds calls and links */
    int64_t ntables = q(path, "SELECT count(*) FROM seal_tables WHERE evidence_id = 1");
    CHECK(ntables == q(path, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT IN"
                             " ('audit_log', 'case_info', 'runs', 'seal_tables', 'seal_chunks',"
                             " 'merged_shards', 'identifier_occurrences')")); /* schema 3: not sealed */
    CHECK(ntables >= 11);
    CHECK(q(path, "SELECT rows FROM seal_tables WHERE evidence_id = 1 AND tbl = 'files'") == 3);
    CHECK(q(path, "SELECT rows FROM seal_tables WHERE evidence_id = 1 AND tbl = 'findings'") == 4);
    CHECK(q(path, "SELECT rows FROM seal_tables WHERE evidence_id = 1 AND tbl = 'messages'") == 3);
    CHECK(q(path, "SELECT selector = 'file_id' FROM seal_tables WHERE evidence_id = 1 AND tbl = 'messages'") ==
          !path_has_column(path, "messages", "evidence_id"));
    CHECK(q(path, "SELECT selector = 'id' FROM seal_tables WHERE evidence_id = 1 AND tbl = 'evidence'") == 1);
    lines l;
    CHECK(seal_check(path, &l) == DFT_OK);
    char want[120];
    snprintf(want, sizeof want, "evidence 1 sealed rows OK (%lld tables, 24 rows", (long long)ntables);
    CHECK(strstr(l.text, want) != NULL);
    snprintf(want, sizeof want, "evidence 2 sealed rows OK (%lld tables, 18 rows", (long long)ntables);
    CHECK(strstr(l.text, want) != NULL);
    CHECK(l.bad == 0);
    free(l.text);
    /* sealing refuses an incomplete item */
    dft_store *s = NULL;
    CHECK_OK(dft_store_open(&s, path, false));
    CHECK(dft_store_seal_evidence(s, 3, NULL) != DFT_OK);
    CHECK(dft_store_seal_evidence(s, 42, NULL) == DFT_ENOTFOUND);
    /* the chain's head: the last row; found by its hash */
    int64_t seq = 0, found = 0;
    char head[65];
    CHECK_OK(dft_store_audit_head(s, &seq, head));
    CHECK(seq == q(path, "SELECT max(seq) FROM audit_log") && strlen(head) == 64);
    CHECK_OK(dft_store_audit_find(s, head, &found));
    CHECK(found == seq);
    CHECK(dft_store_audit_find(s, "0000000000000000000000000000000000000000000000000000000000000000", &found) ==
          DFT_ENOTFOUND);
    dft_store_close(s);
    printf("ok test_seal__untouched_case_verifies\n");
}

typedef struct tamper {
    const char *table;
    const char *edit;   /* changes one column of row 1 (evidence 1) */
    int64_t edit_row;
    const char *del;    /* deletes row del_row of evidence 1 */
    int64_t del_row;
    const char *insert; /* inserts a row for evidence 1; its rowid is max(rowid) */
} tamper;

static const tamper tampers[] = {
    { "evidence", "UPDATE evidence SET sha256 = 'bbbb' WHERE id = 1", 1, "DELETE FROM evidence WHERE id = 1", 1,
      "INSERT INTO evidence(id, path, kind, status) VALUES (9, '/ev/forged.dd', 'raw', 'complete')" },
    { "evidence_meta", "UPDATE evidence_meta SET value = 'iPhone' WHERE rowid = 1", 1,
      "DELETE FROM evidence_meta WHERE rowid = 1", 1,
      "INSERT INTO evidence_meta(evidence_id, key, value) VALUES (1, 'device.imei', '1')" },
    { "volumes", "UPDATE volumes SET length = length + 1 WHERE id = 1", 1, "DELETE FROM volumes WHERE id = 1", 1,
      "INSERT INTO volumes(id, evidence_id, scheme) VALUES (50, 1, 'gpt')" },
    { "filesystems", "UPDATE filesystems SET label = 'OTHER' WHERE id = 1", 1,
      "DELETE FROM filesystems WHERE id = 1", 1,
      "INSERT INTO filesystems(id, evidence_id, type) VALUES (50, 1, 'fat32')" },
    { "files", "UPDATE files SET sha256 = '" "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff' WHERE id = 2",
      2, "DELETE FROM files WHERE id = 3", 3,
      "INSERT INTO files(id, evidence_id, path, name) VALUES (500, 1, '/planted', 'planted')" },
    { "unallocated", "UPDATE unallocated SET offset = 0 WHERE id = 1", 1, "DELETE FROM unallocated WHERE id = 1", 1,
      "INSERT INTO unallocated(evidence_id, offset, length, kind) VALUES (1, 0, 512, 'vs_unalloc')" },
    { "findings", "UPDATE findings SET value = '1FakeAddressXXXXXXXXXXXXXXXXXXXXX' WHERE id = 2", 2,
      "DELETE FROM findings WHERE id = 4", 4,
      "INSERT INTO findings(evidence_id, file_id, plugin, kind, value) VALUES (1, 1, 'crypto', 'crypto.seed', 'x')" },
    { "messages", "UPDATE messages SET body = 'hello' WHERE id = 1", 1, "DELETE FROM messages WHERE id = 2", 2,
      "INSERT INTO messages(file_id, app, body) VALUES (2, 'whatsapp', 'planted')" },
    { "contacts", "UPDATE contacts SET phone = '+66800000000' WHERE id = 3", 3, "DELETE FROM contacts WHERE id = 1", 1,
      "INSERT INTO contacts(file_id, app, name) VALUES (1, 'line', 'C')" },
    { "wallets", "UPDATE wallets SET chain = 'eth' WHERE id = 1", 1, "DELETE FROM wallets WHERE id = 1", 1,
      "INSERT INTO wallets(file_id, kind, chain) VALUES (3, 'metamask', 'eth')" },
    { "persons", "UPDATE persons SET passport = 'Y7654321' WHERE id = 2", 2, "DELETE FROM persons WHERE id = 3", 3,
      "INSERT INTO persons(file_id, role, name) VALUES (1, 'target', 'D')" },
};

static void test_seal__every_table_edit_delete_insert(const char *dir)
{
    char base[300], path[300], want[200];
    snprintf(base, sizeof base, "%s/base.db", dir);
    snprintf(path, sizeof path, "%s/t.db", dir);
    make_case(base);
    expect_ok(base);
    for (size_t i = 0; i < sizeof tampers / sizeof tampers[0]; i++) {
        const tamper *t = &tampers[i];
        copy_file(base, path);
        raw_exec(path, t->edit);
        snprintf(want, sizeof want, "evidence 1: table %s row %lld changed", t->table, (long long)t->edit_row);
        expect_fail(path, t->edit, want);

        copy_file(base, path);
        raw_exec(path, t->del);
        snprintf(want, sizeof want, "evidence 1: table %s row %lld missing", t->table, (long long)t->del_row);
        expect_fail(path, t->del, want);

        copy_file(base, path);
        raw_exec(path, t->insert);
        char sql[300];
        if (path_has_column(path, t->table, "file_id") && path_has_column(path, t->table, "evidence_id")) {
            /* schema 2 typed rows carry their item's id: the inserted row gets the one of its file */
            snprintf(sql, sizeof sql, "UPDATE \"%s\" SET evidence_id = (SELECT evidence_id FROM files WHERE"
                     " files.id = file_id) WHERE rowid = (SELECT max(rowid) FROM \"%s\") AND evidence_id IS NULL",
                     t->table, t->table);
            raw_exec(path, sql);
        }
        snprintf(sql, sizeof sql, "SELECT max(rowid) FROM \"%s\"", t->table);
        int64_t row = q(path, sql);
        if (strcmp(t->table, "evidence") == 0)
            snprintf(want, sizeof want, "evidence %lld: table evidence row %lld not sealed", (long long)row,
                     (long long)row);
        else
            snprintf(want, sizeof want, "evidence 1: table %s row %lld not sealed", t->table, (long long)row);
        expect_fail(path, t->insert, want);
    }
    printf("ok test_seal__every_table_edit_delete_insert\n");
}

static void test_seal__subtle_edits(const char *dir)
{
    char base[300], path[300];
    snprintf(base, sizeof base, "%s/base2.db", dir);
    snprintf(path, sizeof path, "%s/t2.db", dir);
    make_case(base);

    /* NULL -> '' is a change */
    CHECK(q(base, "SELECT device_path IS NULL FROM files WHERE id = 1") == 1);
    copy_file(base, path);
    raw_exec(path, "UPDATE files SET device_path = '' WHERE id = 1");
    expect_fail(path, "files.device_path NULL -> ''", "evidence 1: table files row 1 changed");

    /* the last bit of a real is a change */
    copy_file(base, path);
    raw_exec(path, "UPDATE findings SET confidence = 0.9000000000000001 WHERE id = 1");
    expect_fail(path, "findings.confidence last bit", "evidence 1: table findings row 1 changed");

    /* a file moved to evidence 2: missing from 1, not sealed in 2 */
    copy_file(base, path);
    raw_exec(path, "UPDATE files SET evidence_id = 2 WHERE id = 1");
    expect_fail(path, "files.evidence_id 1 -> 2", "evidence 1: table files row 1 missing");
    expect_fail(path, "files.evidence_id 1 -> 2", "evidence 2: table files row 1 not sealed");

    /* a row pointing at no evidence item */
    copy_file(base, path);
    raw_exec(path, "INSERT INTO findings(evidence_id, kind, value) VALUES (77, 'keyword.hit', 'x')");
    expect_fail(path, "finding of evidence 77", "case: table findings row");
    expect_fail(path, "finding of evidence 77", "not sealed (evidence_id 77 belongs to no evidence item)");
    copy_file(base, path);
    raw_exec(path, "INSERT INTO messages(file_id, body) VALUES (9999, 'x')");
    if (path_has_column(path, "messages", "evidence_id")) /* schema 2: evidence_id NULL, the case scope */
        expect_fail(path, "message of file 9999", "case: table messages row");
    else
        expect_fail(path, "message of file 9999", "not sealed (file_id 9999 belongs to no evidence item)");

    /* the rows of the incomplete item 3 are not sealed and not reported; completing it by hand is */
    copy_file(base, path);
    raw_exec(path, "UPDATE evidence SET status = 'complete' WHERE id = 3");
    expect_fail(path, "incomplete item marked complete by hand", "evidence 3: table evidence row 3 not sealed");

    /* the seal store itself */
    copy_file(base, path);
    raw_exec(path, "UPDATE seal_chunks SET entries = zeroblob(length(entries)) WHERE evidence_id = 1 AND tbl = 'files'");
    expect_fail(path, "seal_chunks zeroed", "evidence 1: seal_chunks of table files changed");
    copy_file(base, path);
    raw_exec(path, "UPDATE seal_tables SET rows = rows + 1 WHERE evidence_id = 2 AND tbl = 'persons'");
    expect_fail(path, "seal_tables edited", "evidence 2: seal_tables do not match the seal in audit row seq");
    copy_file(base, path);
    raw_exec(path, "DELETE FROM seal_tables WHERE evidence_id = 1 AND tbl = 'messages'");
    expect_fail(path, "seal_tables row deleted", "evidence 1: table messages row 1 not sealed");

    /* a cut chain that loses an evidence.seal row: the item is no longer sealed */
    copy_file(base, path);
    raw_exec(path, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= "
                   "(SELECT max(seq) FROM audit_log WHERE action = 'evidence.seal')");
    expect_fail(path, "audit tail cut", "evidence 2: table evidence row 2 not sealed");
    printf("ok test_seal__subtle_edits\n");
}

static void test_seal__case_scope(const char *dir)
{
    char path[300], copy[300];
    snprintf(path, sizeof path, "%s/case.db", dir);
    snprintf(copy, sizeof copy, "%s/case2.db", dir);
    make_case(path);
    raw_exec(path, "INSERT INTO findings(evidence_id, file_id, plugin, kind, value) VALUES (NULL, NULL, 'correlate',"
                   " 'tip.indicator', 'same wallet in evidence 1 and 2')");
    int64_t row = q(path, "SELECT max(id) FROM findings");
    char want[200];
    snprintf(want, sizeof want, "case: table findings row %lld not sealed", (long long)row);
    expect_fail(path, "case-level finding before dft_store_seal_case", want);

    dft_store *s = NULL;
    CHECK_OK(dft_store_open(&s, path, false));
    CHECK_OK(dft_store_seal_case(s, 1));
    dft_store_close(s);
    CHECK(q(path, "SELECT count(*) FROM audit_log WHERE action = 'case.seal' AND detail LIKE '{\"run_id\":1,%'") == 1);
    lines l;
    CHECK(seal_check(path, &l) == DFT_OK);
    CHECK(strstr(l.text, "case sealed rows OK") != NULL);
    free(l.text);

    copy_file(path, copy);
    raw_exec(copy, "UPDATE findings SET value = 'edited' WHERE evidence_id IS NULL");
    snprintf(want, sizeof want, "case: table findings row %lld changed", (long long)row);
    expect_fail(copy, "case-level finding edited", want);
    copy_file(path, copy);
    raw_exec(copy, "DELETE FROM findings WHERE evidence_id IS NULL");
    snprintf(want, sizeof want, "case: table findings row %lld missing", (long long)row);
    expect_fail(copy, "case-level finding deleted", want);
    copy_file(path, copy);
    raw_exec(copy, "INSERT INTO contacts(file_id, name) VALUES (NULL, 'planted')");
    expect_fail(copy, "case-level contact inserted", "case: table contacts row");

    /* a second run adds a case-level row: the new case seal covers both */
    CHECK_OK(dft_store_open(&s, path, false));
    raw_exec(path, "INSERT INTO findings(evidence_id, kind, value) VALUES (NULL, 'tip.indicator', 'run 2')");
    CHECK_OK(dft_store_seal_case(s, 2));
    dft_store_close(s);
    expect_ok(path);
    printf("ok test_seal__case_scope\n");
}

static void test_seal__migration(const char *dir)
{
    char path[300];
    snprintf(path, sizeof path, "%s/v1.db", dir);
    make_case(path);
    /* a v1 item: completed before sealing existed (its seal rows and seal audit rows never written) */
    raw_exec(path, "UPDATE evidence SET status = 'complete' WHERE id = 3");
    expect_fail(path, "v1 item without a seal", "evidence 3: table evidence row 3 not sealed");
    dft_store *s = NULL;
    CHECK_OK(dft_store_open(&s, path, false));
    CHECK_OK(dft_store_seal_evidence(s, 3, "sealed at migration to schema 2"));
    dft_store_close(s);
    expect_ok(path);
    CHECK(q(path, "SELECT count(*) FROM audit_log WHERE action = 'evidence.seal'"
                  " AND detail LIKE '%\"note\":\"sealed at migration to schema 2\"%'") == 1);
    /* resealing an item replaces its seal; the last audit row counts */
    CHECK_OK(dft_store_open(&s, path, false));
    CHECK_OK(dft_store_seal_evidence(s, 1, "resealed"));
    dft_store_close(s);
    expect_ok(path);
    CHECK(q(path, "SELECT count(*) FROM seal_tables WHERE evidence_id = 1") ==
          q(path, "SELECT count(*) FROM seal_tables WHERE evidence_id = 2"));
    printf("ok test_seal__migration\n");
}

/* The documented format, recomputed here without the store's code. */
static void sha256(const void *p, size_t n, uint8_t out[32])
{
    unsigned len = 0;
    CHECK(EVP_Digest(p, n, out, &len, EVP_sha256(), NULL) == 1);
}

static void put(uint8_t *buf, size_t *o, const void *p, size_t n)
{
    memcpy(buf + *o, p, n);
    *o += n;
}

static void test_seal__documented_format(const char *dir)
{
    char path[300];
    snprintf(path, sizeof path, "%s/fmt.db", dir);
    make_case(path);
    sqlite3 *db = NULL;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);

    /* table digest of evidence_meta of evidence 1, rows recomputed from the documented serialisation */
    sqlite3_stmt *st = NULL;
    CHECK(sqlite3_prepare_v2(db, "SELECT rowid, evidence_id, key, value FROM evidence_meta WHERE evidence_id = 1"
                                 " ORDER BY rowid", -1, &st, NULL) == SQLITE_OK);
    uint8_t entries[24 * 8];
    size_t ne = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        uint8_t buf[512];
        size_t o = 0;
        char num[32];
        put(buf, &o, "evidence_meta", 14);
        int64_t rowid = sqlite3_column_int64(st, 0);
        int k = snprintf(num, sizeof num, "%lld", (long long)rowid);
        put(buf, &o, num, (size_t)k + 1);
        const char *names[] = { "evidence_id", "key", "value" };
        for (int c = 0; c < 3; c++) {
            put(buf, &o, names[c], strlen(names[c]) + 1);
            const char *v = (const char *)sqlite3_column_text(st, c + 1);
            char tag = c == 0 ? 'i' : 't';
            uint32_t n = (uint32_t)strlen(v);
            uint8_t len[4] = { (uint8_t)(n >> 24), (uint8_t)(n >> 16), (uint8_t)(n >> 8), (uint8_t)n };
            put(buf, &o, &tag, 1);
            put(buf, &o, len, 4);
            put(buf, &o, v, n);
        }
        uint8_t md[32];
        sha256(buf, o, md);
        for (int i = 0; i < 8; i++) entries[ne * 24 + (size_t)i] = (uint8_t)((uint64_t)rowid >> (56 - 8 * i));
        memcpy(entries + ne * 24 + 8, md, 16);
        ne++;
    }
    sqlite3_finalize(st);
    CHECK(ne == 1);
    uint8_t md[32];
    char hex[65];
    sha256(entries, ne * 24, md);
    dft_hex(hex, md, 32);
    CHECK(sqlite3_prepare_v2(db, "SELECT digest, columns, (SELECT entries FROM seal_chunks WHERE evidence_id = 1"
                                 " AND tbl = 'evidence_meta') FROM seal_tables WHERE evidence_id = 1"
                                 " AND tbl = 'evidence_meta'", -1, &st, NULL) == SQLITE_OK);
    CHECK(sqlite3_step(st) == SQLITE_ROW);
    CHECK(!strcmp((const char *)sqlite3_column_text(st, 0), hex));
    CHECK(!strcmp((const char *)sqlite3_column_text(st, 1), "evidence_id,key,value"));
    CHECK(sqlite3_column_bytes(st, 2) == 24 && !memcmp(sqlite3_column_blob(st, 2), entries, 24));
    sqlite3_finalize(st);

    /* seal digest from the seal_tables lines = the digest in the evidence.seal audit row */
    char text[16384];
    size_t o = (size_t)snprintf(text, sizeof text, "dftriage-seal-1|evidence 2\n");
    CHECK(sqlite3_prepare_v2(db, "SELECT tbl, selector, columns, rows, digest FROM seal_tables WHERE evidence_id = 2"
                                 " ORDER BY tbl", -1, &st, NULL) == SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW)
        o += (size_t)snprintf(text + o, sizeof text - o, "%s|%s|%s|%lld|%s\n", sqlite3_column_text(st, 0),
                              sqlite3_column_text(st, 1), sqlite3_column_text(st, 2),
                              (long long)sqlite3_column_int64(st, 3), sqlite3_column_text(st, 4));
    sqlite3_finalize(st);
    dft_sha256_hex(hex, text, o);
    char like[200];
    snprintf(like, sizeof like, "SELECT count(*) FROM audit_log WHERE action = 'evidence.seal' AND detail LIKE"
             " '%%\"digest\":\"%s\"%%'", hex);
    sqlite3_close(db);
    CHECK(q(path, like) == 1);
    printf("ok test_seal__documented_format\n");
}

/* ---- cost ------------------------------------------------------------------------------------ */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void count_line(void *payload, bool ok, const char *line)
{
    (void)line;
    if (!ok) ++*(int *)payload;
}

static void test_seal__cost_100k_rows(const char *dir)
{
    char path[300];
    int64_t ev;
    dft_store *s = test_store_with_evidence(path, dir, "big.db", 1 << 30, &ev);
    /* 50k files, 25k findings, 25k messages = 100k rows */
    CHECK_OK(dft_store_begin(s));
    for (int i = 0; i < 50000; i++) {
        char p[64];
        snprintf(p, sizeof p, "/Users/someone/Documents/folder%03d/file%06d.docx", i % 997, i);
        dft_file_rec f = { .path = p, .name = strrchr(p, '/') + 1, .meta_addr = (uint64_t)i, .type = 'r',
                           .allocated = true, .size = (uint64_t)i * 37, .has_mtime = true, .mtime = 1700000000 + i,
                           .has_atime = true, .atime = 1700000000, .has_crtime = true, .crtime = 1600000000,
                           .uid = 501, .gid = 20, .mode = 0644, .nlink = 1 };
        dft_file_result r = { .hashed = true, .hash_status = "full", .mime = "application/octet-stream",
                              .magic = "data" };
        snprintf(r.hashes.md5, sizeof r.hashes.md5, "%032x", i);
        snprintf(r.hashes.sha1, sizeof r.hashes.sha1, "%040x", i);
        snprintf(r.hashes.sha256, sizeof r.hashes.sha256, "%064x", i);
        CHECK_OK(dft_store_file_insert(s, i + 1, ev, &f, &r));
        if (i % 2 == 0) {
            dft_finding fd = { .kind = "crypto.address", .subkind = "btc", .value = "1BoatSLRHtKNngkdXEeobR76b53LETtpyT",
                               .offset = i, .length = 34, .confidence = 0.9, .details = "{\"checksum\":true}" };
            CHECK_OK(dft_store_finding_insert(s, ev, i + 1, "crypto", &fd));
            typed_insert(s, "messages", ev, i + 1, "plugin, app, thread, sender, direction, sent_utc, body, source",
                         "'whatsapp', 'whatsapp', '66812345678@s.whatsapp.net', '+66812345678', 'in',"
                         " '2024-01-01T00:00:00Z', 'a message body of a typical length, with a few words in it',"
                         " 'messages:1'");
        }
    }
    CHECK_OK(dft_store_commit(s));
    dft_hashes h = { .md5 = "m", .sha1 = "s", .sha256 = "aaaa" };
    double t0 = now_s();
    clock_t c0 = clock();
    CHECK_OK(dft_store_evidence_finish(s, ev, &h, "", "", -1, 0));
    double t_seal = now_s() - t0, c_seal = (double)(clock() - c0) / CLOCKS_PER_SEC;
    dft_store_close(s);

    CHECK_OK(dft_store_open_readonly(&s, path));
    int bad = 0;
    int64_t failures = 0;
    t0 = now_s();
    c0 = clock();
    CHECK_OK(dft_store_seal_verify(s, count_line, &bad, &failures));
    double t_verify = now_s() - t0, c_verify = (double)(clock() - c0) / CLOCKS_PER_SEC;
    dft_store_close(s);
    CHECK(bad == 0 && failures == 0);
    int64_t blob = q(path, "SELECT sum(length(entries)) FROM seal_chunks");
    int64_t chunks = q(path, "SELECT count(*) FROM seal_chunks");
    CHECK(q(path, "SELECT sum(rows) FROM seal_tables") == 100001);
    printf("cost: 100001 rows: seal %.3f s (cpu %.3f s), verify %.3f s (cpu %.3f s); seal_chunks %lld chunks,"
           " %lld bytes of entries\n", t_seal, c_seal, t_verify, c_verify, (long long)chunks, (long long)blob);
    printf("ok test_seal__cost_100k_rows\n");
}

int main(void)
{
    char dir[256];
    test_tmpdir(dir, "seal");
    test_seal__untouched_case_verifies(dir);
    test_seal__every_table_edit_delete_insert(dir);
    test_seal__subtle_edits(dir);
    test_seal__case_scope(dir);
    test_seal__migration(dir);
    test_seal__documented_format(dir);
    test_seal__cost_100k_rows(dir);
    test_tmpdir_remove(dir);
    return 0;
}
