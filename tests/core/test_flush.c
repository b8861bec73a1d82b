/*
 * test_flush.c - rows of a long whole-file scan during the walk (an ITEM_FILE: a roster spreadsheet)
 * reach the case file in chunks while the scan still runs (core/pipeline/flush.c):
 *   - the case file shows the files row and committed rows of the file before its scan returns;
 *   - rows keep their emit order and ids, links resolve across chunks, and the dump is the same with
 *     1 and 3 workers (many small files before the big one, so it is not always the head at once);
 *   - a scan that fails midway keeps the rows it emitted before failing, then its warning;
 *   - rows a stream plugin emits during the read are not chunked with a files row that is not final
 *     (the files row of the big file has its final hash status and digest).
 */
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "hash.h"
#include "pipeline.h"
#include "registry.h"
#include "store.h"
#include "tempdir.h"

#define N_SMALL 60
#define N_BIG_ROWS 20000     /* about 5 chunks of 4,096 */
#define N_FAIL_ROWS 9000
#define LINK_BACK 5000       /* each link names a row emitted 5,000 rows earlier: another chunk */
#define BIG_LEN (3u << 20)   /* above the hash batch's 1 MiB: scanned alone */

typedef struct mem_file {
    char path[64];
    uint8_t *data;
    size_t len;
} mem_file;

static mem_file files[N_SMALL + 2];
static size_t n_files;
static char case_now[4200];
static _Atomic int seen_while_scanning;   /* rows of big.bin committed before its scan returned */

static int mem_stream(dft_source *src, void *ts, const dft_file_rec *f, dft_block_fn cb, void *payload,
                      uint64_t *bad, char *err, size_t errlen)
{
    (void)src; (void)ts; (void)bad; (void)err; (void)errlen;
    const mem_file *m = &files[f->locator];
    for (size_t off = 0; off < m->len; off += 65536) {
        size_t n = m->len - off < 65536 ? m->len - off : 65536;
        int rc = cb(payload, off, m->data + off, n);
        if (rc) return rc;
    }
    return DFT_OK;
}

static dft_source mem_source = { .name = "mem", .stream = mem_stream };

/* Findings of big.bin already in the case file (committed), read by another connection. */
static int committed_rows(void)
{
    sqlite3 *db;
    int n = -1;
    if (sqlite3_open_v2(case_now, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_busy_timeout(db, 2000);
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(db, "SELECT count(*) FROM findings x JOIN files f ON f.id = x.file_id "
                               "WHERE f.name = 'big.bin' AND x.kind = 'test.row'", -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return n;
}

static int emit_rows(dft_scan *s, int n, bool peek)
{
    dft_ref *refs = calloc((size_t)n, sizeof *refs);
    if (!refs) return DFT_ENOMEM;
    int rc = DFT_OK;
    for (int i = 0; i < n && rc == DFT_OK; i++) {
        char v[32];
        snprintf(v, sizeof v, "%06d", i);
        dft_finding fi = { .struct_size = sizeof fi, .kind = "test.row", .value = v, .offset = i, .length = 1,
                           .confidence = 1 };
        rc = dft_emit_finding(s, &fi, &refs[i]);
        if (rc == DFT_OK && i >= LINK_BACK && i % 1000 == 0)
            rc = dft_emit_link(s, refs[i], "after", refs[i - LINK_BACK], NULL);
        if (peek && i == 4 * 4096 + 10) {
            /* three chunks at least went out, each committed (commit_every 1): wait for the writer */
            for (int t = 0; t < 200 && atomic_load(&seen_while_scanning) <= 0; t++) {
                int c = committed_rows();
                if (c > 0) atomic_store(&seen_while_scanning, c);
                else nanosleep(&(struct timespec){ 0, 25000000 }, NULL);
            }
        }
    }
    free(refs);
    return rc;
}

static int big_scan(dft_scan *s, const dft_file *f, const dft_content *c)
{
    (void)c;
    if (strcmp(f->name, "big.bin") == 0) return emit_rows(s, N_BIG_ROWS, true);
    int rc = emit_rows(s, N_FAIL_ROWS, false);
    return rc ? rc : dft_error_set(DFT_ECORRUPT, "broken after %d rows", N_FAIL_ROWS);
}

static const dft_claim big_claims[] = { { DFT_CLAIM_EXT, "bin" }, { DFT_CLAIM_END, NULL } };
static const dft_plugin big_plugin = { .abi = DFT_PLUGIN_ABI, .struct_size = sizeof(dft_plugin), .name = "t_big",
                                       .version = "1", .claims = big_claims, .access = DFT_ACCESS_WHOLE,
                                       .scan = big_scan };

/* A stream plugin that emits many rows during the read of big.bin (one per 64 KiB block x 100). */
static int st_begin(dft_scan *s, const dft_file *f, void **state)
{
    (void)s;
    *state = strcmp(f->name, "big.bin") == 0 ? (void *)f : NULL;
    return DFT_OK;
}

static int st_block(dft_scan *s, void *state, uint64_t off, const uint8_t *d, size_t n)
{
    (void)d; (void)n;
    if (!state) return DFT_OK;
    for (int i = 0; i < 100; i++) {
        dft_finding fi = { .struct_size = sizeof fi, .kind = "test.block", .value = "b", .offset = (int64_t)off,
                           .length = i, .confidence = 1 };
        int rc = dft_emit_finding(s, &fi, NULL);
        if (rc) return rc;
    }
    return DFT_OK;
}

static int st_end(dft_scan *s, void *state)
{
    (void)s; (void)state;
    return DFT_OK;
}

static const dft_claim all_claims[] = { { DFT_CLAIM_ALL, NULL }, { DFT_CLAIM_END, NULL } };
static const dft_plugin stream_plugin = { .abi = DFT_PLUGIN_ABI, .struct_size = sizeof(dft_plugin),
                                          .name = "t_blocks", .version = "1", .claims = all_claims,
                                          .access = DFT_ACCESS_STREAM, .stream_begin = st_begin,
                                          .stream_block = st_block, .stream_end = st_end };

static void add_file(const char *name, size_t len, unsigned seed)
{
    mem_file *m = &files[n_files++];
    snprintf(m->path, sizeof m->path, "/d/%s", name);
    m->data = malloc(len ? len : 1);
    for (size_t k = 0; k < len; k++) m->data[k] = (uint8_t)((k * 131u + seed) >> 3);
    m->len = len;
}

static void walk(const dft_walk_sink *sink)
{
    dft_fs_rec fs = { .type = "ext4", .offset = 0, .block_size = 4096 };
    int64_t fsid, dir, id;
    sink->filesystem(sink->payload, &fs, &fsid);
    dft_file_rec d = { .filesystem_id = fsid, .path = "/d", .name = "d", .type = 'd', .allocated = true };
    sink->file(sink->payload, &d, &dir);
    for (size_t i = 0; i < n_files; i++) {
        dft_file_rec r = { .filesystem_id = fsid, .parent_id = dir, .path = files[i].path,
                           .name = strrchr(files[i].path, '/') + 1, .type = 'r', .allocated = true,
                           .size = files[i].len, .meta_addr = 100 + i, .nlink = 1, .source = &mem_source,
                           .locator = i };
        sink->file(sink->payload, &r, &id);
    }
}

static char *dump(const char *case_path, size_t *n_lines)
{
    sqlite3 *db;
    sqlite3_open_v2(case_path, &db, SQLITE_OPEN_READONLY, NULL);
    sqlite3_stmt *st;
    size_t cap = 16u << 20, len = 0;
    char *out = calloc(1, cap);
    *n_lines = 0;
    const char *sql =
        "SELECT 'f', id, path, sha256, hash_status, '' FROM files "
        "UNION ALL SELECT 'x', id, file_id, plugin || ':' || kind, value, offset FROM findings "
        "UNION ALL SELECT 'l', id, from_table || from_id, relation, to_table || to_id, file_id FROM links ORDER BY 1, 2";
    sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    while (sqlite3_step(st) == SQLITE_ROW && len + 512 < cap) {
        for (int c = 0; c < 6; c++) {
            const char *t = (const char *)sqlite3_column_text(st, c);
            len += (size_t)snprintf(out + len, cap - len, "%s|", t ? t : "NULL");
        }
        len += (size_t)snprintf(out + len, cap - len, "\n");
        (*n_lines)++;
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}

static int64_t one_int(const char *case_path, const char *sql)
{
    sqlite3 *db;
    sqlite3_open_v2(case_path, &db, SQLITE_OPEN_READONLY, NULL);
    sqlite3_stmt *st;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static void ingest(const char *dir, const char *name, int threads)
{
    snprintf(case_now, sizeof case_now, "%s/%s", dir, name);
    dft_store *s;
    CHECK(dft_store_open(&s, case_now, true) == DFT_OK);
    int64_t ev;
    CHECK(dft_store_evidence_add(s, 0, "/synthetic", "raw", 1 << 24, "fp", "[]", &ev) == DFT_OK);
    dft_pipeline_options po = { .threads = threads, .max_inmem = 4096, .file_timeout_s = 60, .temp_dir = dir,
                                .commit_every = 1 };
    dft_pipeline *p;
    CHECK(dft_pipeline_new(&p, s, ev, &po) == DFT_OK);
    walk(dft_pipeline_sink(p));
    dft_pipeline_stats st;
    CHECK(dft_pipeline_finish(p, &st) == DFT_OK);
    dft_pipeline_free(p);
    dft_store_close(s);
}

static const char *tmp;

static void test_flush__rows_reach_the_case_file_during_the_scan(void)
{
    atomic_store(&seen_while_scanning, 0);
    ingest(tmp, "one.db", 1);
    /* at least one chunk (4,096 rows) was committed while the scan was still emitting */
    CHECK(atomic_load(&seen_while_scanning) >= 4096);
    CHECK(atomic_load(&seen_while_scanning) < N_BIG_ROWS);
}

static void test_flush__order_ids_links_and_failure(void)
{
    atomic_store(&seen_while_scanning, 0);
    ingest(tmp, "a.db", 1);
    char a_path[4200];
    snprintf(a_path, sizeof a_path, "%s", case_now);
    ingest(tmp, "b.db", 3);
    size_t na, nb;
    char *a = dump(a_path, &na), *b = dump(case_now, &nb);
    CHECK(na == nb);
    CHECK(strcmp(a, b) == 0);
    free(a);
    free(b);
    /* big.bin: every row once, in emit order (ids ascending with the value) */
    CHECK(one_int(a_path, "SELECT count(*) FROM findings x JOIN files f ON f.id = x.file_id "
                          "WHERE f.name = 'big.bin' AND x.kind = 'test.row'") == N_BIG_ROWS);
    CHECK(one_int(a_path, "SELECT count(*) FROM (SELECT value, row_number() OVER (ORDER BY x.id) - 1 AS k "
                          "FROM findings x JOIN files f ON f.id = x.file_id WHERE f.name = 'big.bin' AND "
                          "x.kind = 'test.row') WHERE CAST(value AS INTEGER) != k") == 0);
    /* the stream plugin's 100 rows per 64 KiB block (48 blocks) came before them, with the file */
    CHECK(one_int(a_path, "SELECT count(*) FROM findings x JOIN files f ON f.id = x.file_id "
                          "WHERE f.name = 'big.bin' AND x.kind = 'test.block'") == 100 * 48);
    CHECK(one_int(a_path, "SELECT (SELECT max(x.id) FROM findings x JOIN files f ON f.id = x.file_id WHERE "
                          "f.name = 'big.bin' AND x.kind = 'test.block') < (SELECT min(x.id) FROM findings x JOIN "
                          "files f ON f.id = x.file_id WHERE f.name = 'big.bin' AND x.kind = 'test.row')") == 1);
    /* the files row written with the first chunk is final: full hash of all 3 MiB */
    dft_hashes h;
    dft_hasher *hs;
    dft_hasher_new(&hs);
    dft_hasher_update(hs, files[n_files - 2].data, files[n_files - 2].len);
    dft_hasher_final(hs, &h);
    dft_hasher_free(hs);
    char sql[400];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM files WHERE name = 'big.bin' AND hash_status = 'full' AND "
             "sha256 = '%s' AND size = %u", h.sha256, BIG_LEN);
    CHECK(one_int(a_path, sql) == 1);
    /* links across chunks resolve to the row emitted LINK_BACK rows earlier: 15 of them */
    CHECK(one_int(a_path, "SELECT count(*) FROM links l JOIN findings a ON a.id = l.from_id JOIN findings b ON "
                          "b.id = l.to_id JOIN files f ON f.id = a.file_id WHERE f.name = 'big.bin' AND "
                          "l.relation = 'after' AND CAST(a.value AS INTEGER) - CAST(b.value AS INTEGER) = 5000 "
                          "AND a.file_id = b.file_id") == (N_BIG_ROWS - LINK_BACK) / 1000);
    CHECK(one_int(a_path, "SELECT count(*) FROM findings WHERE kind = 'evidence.warning' AND value LIKE '%link%'") ==
          0);
    /* bad.bin failed after 9,000 rows: they are kept (chunked or not), then the warning */
    CHECK(one_int(a_path, "SELECT count(*) FROM findings x JOIN files f ON f.id = x.file_id "
                          "WHERE f.name = 'bad.bin' AND x.kind = 'test.row'") == N_FAIL_ROWS);
    CHECK(one_int(a_path, "SELECT count(*) FROM findings x JOIN files f ON f.id = x.file_id WHERE f.name = "
                          "'bad.bin' AND x.kind = 'evidence.warning' AND x.value LIKE '%: corrupt: broken after 9000 "
                          "rows' AND x.id > (SELECT max(y.id) FROM findings y WHERE y.file_id = f.id AND y.kind = "
                          "'test.row')") == 1);
}

int main(void)
{
    char *dir;
    if (dft_tempdir_make(&dir, NULL)) return 1;
    tmp = dir;
    for (int i = 0; i < N_SMALL; i++) {
        char name[32];
        snprintf(name, sizeof name, "small%02d.txt", i);
        add_file(name, (size_t)(i * 911) % 20000, (unsigned)i);
    }
    add_file("big.bin", BIG_LEN, 7);
    add_file("bad.bin", 5000, 9);
    char *refusals = NULL;
    CHECK(dft_registry_load(NULL, "sqlite_inventory", &refusals) == DFT_OK);
    CHECK(dft_registry_add(&big_plugin, "built-in") == DFT_OK);
    CHECK(dft_registry_add(&stream_plugin, "built-in") == DFT_OK);
    CHECK(dft_registry_init_plugins() == DFT_OK);
    RUN(test_flush__rows_reach_the_case_file_during_the_scan);
    RUN(test_flush__order_ids_links_and_failure);
    dft_registry_unload();
    free(refusals);
    for (size_t i = 0; i < n_files; i++) free(files[i].data);
    dft_tempdir_remove(dir);
    free(dir);
    return check_failures ? 1 : 0;
}
