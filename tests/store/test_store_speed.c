/*
 * test_store_speed.c - file-row insert throughput in one transaction with all indexes in place,
 * with realistic rows (random hashes, 3-level paths, times). Checks every row arrived and prints
 * rows/s; it asserts no speed (bench/ does, on a quiet machine).
 */
#include <sqlite3.h>
#include <time.h>

#include "store.h"
#include "store_test.h"

#define ROWS 200000

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void rand_hex(char *out, size_t nhex)
{
    static const char d[] = "0123456789abcdef";
    for (size_t i = 0; i < nhex; i += 16) {
        uint64_t r = next();
        for (size_t j = 0; j < 16 && i + j < nhex; j++, r >>= 4) out[i + j] = d[r & 15];
    }
    out[nhex] = '\0';
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(void)
{
    char dir[256], path[300];
    test_tmpdir(dir, "speed");
    int64_t ev;
    dft_store *s = test_store_with_evidence(path, dir, "speed.db", 1ull << 40, &ev);

    double t0 = now_s();
    CHECK_OK(dft_store_begin(s));
    for (int i = 1; i <= ROWS; i++) {
        char p[128], name[32];
        snprintf(name, sizeof name, "file%06d.dat", i);
        snprintf(p, sizeof p, "/Users/user%02d/Documents/dir%03d/%s", i % 37, i % 911, name);
        dft_file_rec f = { .filesystem_id = 1, .parent_id = i / 100 + 1, .path = p, .name = name,
                           .meta_addr = (uint64_t)i, .type = 'r', .allocated = true,
                           .size = (uint64_t)(i * 37 % 100000), .has_mtime = true, .mtime = 1600000000 + i,
                           .has_atime = true, .atime = 1600000000 + i, .has_ctime = true,
                           .ctime = 1600000000 + i, .has_crtime = true, .crtime = 1600000000 + i,
                           .mode = 0644, .uid = 1000, .gid = 1000, .nlink = 1 };
        dft_file_result r = { .hashed = true, .hash_status = "full",
                              .mime = (i % 3) ? "text/plain" : "application/octet-stream",
                              .magic = "ASCII text" };
        rand_hex(r.hashes.md5, 32);
        rand_hex(r.hashes.sha1, 40);
        rand_hex(r.hashes.sha256, 64);
        CHECK_OK(dft_store_file_insert(s, i, ev, &f, &r));
    }
    double t1 = now_s();
    CHECK_OK(dft_store_commit(s));
    double dt = now_s() - t0;
    double rate = ROWS / dt;
    printf("test_store_speed: %d file rows in %.2f s (inserts %.2f s, commit %.2f s) = %.0f rows/s"
           " (one transaction, all indexes)\n",
           ROWS, dt, t1 - t0, dt - (t1 - t0), rate);
    sqlite3_stmt *q = NULL;
    CHECK(sqlite3_prepare_v2(dft_store_db(s), "SELECT count(*), count(DISTINCT sha256) FROM files", -1, &q, NULL) ==
          SQLITE_OK);
    CHECK(sqlite3_step(q) == SQLITE_ROW);
    CHECK(sqlite3_column_int64(q, 0) == ROWS && sqlite3_column_int64(q, 1) == ROWS);
    sqlite3_finalize(q);
    dft_store_close(s);
    test_tmpdir_remove(dir);
    /* no timing assertion: bench/ measures speed (a loaded CI machine is not a benchmark) */
    return 0;
}
