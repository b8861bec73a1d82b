/*
 * recover_bench.c - times the deleted-record recovery parser (parsers/sqlite_recover.c) alone on one
 * database: schema from the file (read-only sqlite3), the file (+ -wal, -journal beside it) mapped,
 * dft_sqlrec_run counting rows. Prints seconds, rows recovered / live / duplicates, peak RSS.
 * usage: recover_bench DB   (bench/recover_bench.sh builds a 200 MB msgstore.db and runs it)
 */
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sqlite_recover.h"

static const uint8_t *map(const char *path, size_t *n)
{
    *n = 0;
    int fd = open(path, O_RDONLY);
    if (fd < 0) return NULL;
    struct stat st;
    void *p = MAP_FAILED;
    if (fstat(fd, &st) == 0 && st.st_size > 0) p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (p == MAP_FAILED) return NULL;
    *n = (size_t)st.st_size;
    return p;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: recover_bench DB\n");
        return 2;
    }
    sqlite3 *db = NULL;
    char uri[4200];
    snprintf(uri, sizeof uri, "file:%s?immutable=1", argv[1]);
    if (sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) != SQLITE_OK) return 1;
    dft_sqlrec_schema s;
    if (dft_sqlrec_schema_load(db, &s) != 0) return 1;
    sqlite3_close(db);
    char side[4300];
    size_t dn, wn, jn;
    const uint8_t *d = map(argv[1], &dn);
    snprintf(side, sizeof side, "%s-wal", argv[1]);
    const uint8_t *w = map(side, &wn);
    snprintf(side, sizeof side, "%s-journal", argv[1]);
    const uint8_t *j = map(side, &jn);
    dft_sqlrec_opts o = { .db = d, .db_len = dn, .wal = w, .wal_len = wn, .journal = j, .journal_len = jn,
                          .tables = s.tables, .ntables = s.ntables, .time_budget_ms = 600000 };
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    dft_sqlrec_stats st;
    int rc = dft_sqlrec_run(&o, NULL, NULL, &st);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double sec = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("rc=%d file=%.1f MiB pages=%u seconds=%.2f recovered=%lld live=%lld duplicates=%lld warnings=%lld "
           "truncated=%d maxrss=%ld MiB\n",
           rc, (double)dn / 1048576.0, st.pages, sec, (long long)st.recovered, (long long)st.live_rows,
           (long long)st.duplicates, (long long)st.warnings, st.truncated, ru.ru_maxrss / 1024);
    dft_sqlrec_schema_free(&s);
    return rc != 0;
}
