/*
 * test_store_ckpt.c - background WAL checkpoints (core/store/store_ckpt.c): while started, the
 * checkpoint thread copies a commit's pages into the main file while the writer does nothing; after stop, SQLite's own checkpoint runs inside the commit again; every row
 * is there after a reopen.
 */
#include <sqlite3.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store.h"
#include "store_test.h"

#define ROWS_PER_TXN 4000      /* x ~2.2 KB rows = ~9 MB = ~2,200 pages: past the 1000-page threshold */

static long long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

static void insert_rows(dft_store *s, int64_t ev, int first, int n)
{
    CHECK_OK(dft_store_begin(s));
    for (int i = first; i < first + n; i++) {
        char p[2200], name[32];
        snprintf(name, sizeof name, "f%07d", i);
        int k = snprintf(p, sizeof p, "/%s/", name);
        for (; k < 2100; k++) p[k] = (char)('a' + (i + k) % 26);
        p[k] = '\0';
        dft_file_rec f = { .filesystem_id = 1, .parent_id = 1, .path = p, .name = name, .meta_addr = (uint64_t)i,
                           .type = 'r', .allocated = true, .size = 1 };
        dft_file_result r = { .hash_status = "none" };
        CHECK_OK(dft_store_file_insert(s, i, ev, &f, &r));
    }
    CHECK_OK(dft_store_commit(s));
}

int main(void)
{
    char dir[256], path[300];
    test_tmpdir(dir, "ckpt");
    int64_t ev;
    dft_store *s = test_store_with_evidence(path, dir, "ckpt.db", 1 << 20, &ev);

    /* started: the commit does not copy into the main file, the thread does (writer idle) */
    CHECK_OK(dft_store_ckpt_start(s));
    CHECK_OK(dft_store_ckpt_start(s));   /* a second start is a no-op */
    long long before = file_size(path);
    insert_rows(s, ev, 1, ROWS_PER_TXN);
    long long at_commit = file_size(path) - before;
    long long grown = at_commit;
    for (int i = 0; i < 1000 && (grown < 4 << 20 || dft_store_ckpt_runs(s) == 0); i++) {   /* <= 10 s */
        usleep(10000);
        grown = file_size(path) - before;
    }
    printf("test_store_ckpt: main file grew by %lld bytes at the commit's return, %lld bytes after it "
           "(writer idle), %llu background checkpoint(s)\n",
           at_commit, grown, (unsigned long long)dft_store_ckpt_runs(s));
    CHECK(dft_store_ckpt_runs(s) == 1);   /* one commit past the threshold: one checkpoint, by the thread */
    CHECK(grown >= 4 << 20);

    /* stopped: SQLite's own checkpoint runs inside the commit again */
    dft_store_ckpt_stop(s);
    dft_store_ckpt_stop(s);              /* a second stop is a no-op */
    before = file_size(path);
    insert_rows(s, ev, ROWS_PER_TXN + 1, ROWS_PER_TXN);
    long long in_commit = file_size(path) - before;
    printf("test_store_ckpt: main file grew by %lld bytes inside the commit after stop\n", in_commit);
    CHECK(in_commit >= 4 << 20);

    /* a store closed with the thread running stops it; every row is there after a reopen */
    CHECK_OK(dft_store_ckpt_start(s));
    insert_rows(s, ev, 2 * ROWS_PER_TXN + 1, ROWS_PER_TXN);
    dft_store_close(s);
    s = NULL;
    CHECK_OK(dft_store_open(&s, path, false));
    sqlite3_stmt *q = NULL;
    CHECK(sqlite3_prepare_v2(dft_store_db(s), "SELECT count(*), min(id), max(id) FROM files", -1, &q, NULL) ==
          SQLITE_OK);
    CHECK(sqlite3_step(q) == SQLITE_ROW);
    CHECK(sqlite3_column_int64(q, 0) == 3 * ROWS_PER_TXN);
    CHECK(sqlite3_column_int64(q, 1) == 1 && sqlite3_column_int64(q, 2) == 3 * ROWS_PER_TXN);
    sqlite3_finalize(q);
    dft_store_close(s);
    test_tmpdir_remove(dir);
    return 0;
}
