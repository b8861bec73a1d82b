/*
 * merge_bench.c - scale-out benchmark: synthetic shards, `dftriage merge` of all of them, the correlation
 * pass alone; times and peak memory (docs/performance.md "Scale-out: merge and correlation").
 *
 *   merge_bench DFTRIAGE DIR [SHARDS [ROWS]] [--verify]     (defaults 200 shards of 50,000 rows)
 *
 * The shards are written through the store API an ingest uses (dft_store_open, evidence add/finish with
 * its seal, file and row inserts, case seal, audit rows), so each is a valid shard: its audit chain and
 * seals hold, and `merge` checks them as any other. Their rows are synthetic, not decoded from evidence:
 * per shard, 40 % files, 20 % crypto.address findings (canonical addresses from a pool of 100,000 shared
 * across shards), 40 % SMS rows (sender from a pool of 200,000 Thai mobile numbers, recipient the device's
 * own number): one identifier occurrence per row on average (files have none, a message two).
 * A fresh shard dir is reused when it already holds SHARDS shards of ROWS rows (generation is timed only
 * when done). The merge and the correlation run as child processes (the real binary), timed with wait4:
 * wall time and peak RSS (ru_maxrss) of each. --verify also runs `dftriage verify` on the merged case (each
 * synthetic item is an empty folder DIR/ev/phone_NNNN; its file rows carry no hash, so verify checks the
 * audit chain and every seal) and fails the bench when it fails.
 * Exit 1 when the merged case does not have the expected rows or identifiers.
 */
#include <errno.h>
#include <limits.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "hash.h"
#include "rowkind.h"
#include "store.h"
#include "walk.h"

#define ADDR_POOL 100000
#define PHONE_POOL 200000

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
    fprintf(stderr, "merge_bench: %s: %s\n", what, dft_error_last());
    exit(1);
}

/* A deterministic pseudo-random sequence (xorshift64*) per shard. */
static uint64_t rnd(uint64_t *x)
{
    *x ^= *x >> 12;
    *x ^= *x << 25;
    *x ^= *x >> 27;
    return *x * 2685821657736338717ull;
}

static int make_shard(const char *dir, const char *path, int k, long rows)
{
    dft_store *s = NULL;
    unlink(path);
    if (dft_store_open(&s, path, true)) die(path);
    char now[32] = "2026-12-02T00:00:00Z";
    if (dft_store_case_info_set(s, "case_number", "BENCH-1") || dft_store_case_info_set(s, "examiner", "bench") ||
        dft_store_case_info_set(s, "created_utc", now) || dft_store_audit(s, "case.create", path))
        die("case info");
    int64_t run = 0, ev = 0, fid = 0, vid = 0, fsid = 0;
    if (dft_store_run_begin(s, "[\"merge_bench\"]", "{}", "[]", &run)) die("run");
    /* an empty evidence folder per shard, so `verify` of the merged case finds every item */
    char evpath[4300], fp[65];
    snprintf(evpath, sizeof evpath, "%s/ev", dir);
    mkdir(evpath, 0700);
    snprintf(evpath, sizeof evpath, "%s/ev/phone_%04d", dir, k);
    mkdir(evpath, 0700);
    dft_sha256_hex(fp, evpath, strlen(evpath));
    if (dft_store_evidence_add(s, run, evpath, "dir", (uint64_t)rows * 100, fp, NULL, &ev)) die("evidence");
    if (dft_store_next_ids(s, &fid, &vid, &fsid)) die("ids");
    long nfiles = rows * 4 / 10, nfind = rows * 2 / 10, nmsg = rows - nfiles - nfind;
    uint64_t x = 0x9e3779b97f4a7c15ull ^ (uint64_t)(k + 1) * 0x100000001b3ull;
    const dft_rowkind *mk = dft_rowkind_of(DFT_TABLE_MESSAGE);
    char own[24], path_buf[64], name[32], addr[40], details[96], sender[24], utc[32], body[64], src[32];
    snprintf(own, sizeof own, "+6689%07d", k);
    if (dft_store_begin(s)) die("begin");
    for (long i = 0; i < nfiles; i++) {
        dft_file_rec f = { 0 };
        snprintf(name, sizeof name, "f%07ld.txt", i);
        snprintf(path_buf, sizeof path_buf, "/sdcard/d%03ld/%s", i / 1000, name);
        f.path = path_buf;
        f.name = name;
        f.type = 'r';
        f.allocated = true;
        f.size = 100 + rnd(&x) % 10000;
        f.uid = f.gid = -1;
        f.meta_addr = (uint64_t)i + 1;
        dft_file_result r = { 0 };
        r.hash_status = "none";
        if (dft_store_file_insert(s, fid + i, ev, &f, &r)) die("file");
    }
    for (long i = 0; i < nfind; i++) {
        snprintf(addr, sizeof addr, "T%033llu", (unsigned long long)(rnd(&x) % ADDR_POOL));
        snprintf(details, sizeof details, "{\"canonical\":\"%s\",\"variant\":\"base58\"}", addr);
        dft_finding f = { .struct_size = sizeof f, .kind = "crypto.address", .subkind = "trx", .value = addr,
                          .offset = (int64_t)(i % 1000), .length = 34, .confidence = 0.9, .details = details };
        if (dft_store_finding_insert(s, ev, fid + i % nfiles, "crypto_scan", &f)) die("finding");
    }
    for (long i = 0; i < nmsg; i++) {
        snprintf(sender, sizeof sender, "+6681%07llu", (unsigned long long)(rnd(&x) % PHONE_POOL));
        snprintf(utc, sizeof utc, "2026-01-%02ldT%02ld:%02ld:%02ldZ", 1 + i % 28, i / 3600 % 24, i / 60 % 60, i % 60);
        snprintf(body, sizeof body, "message %ld of device %d", i, k);
        snprintf(src, sizeof src, "sms:%ld", i + 1);
        dft_message m = { .struct_size = sizeof m, .app = "sms", .sender = sender, .recipient = own,
                          .direction = "in", .sent_utc = utc, .body = body, .source = src, .offset = -1 };
        if (dft_store_row_insert(s, mk, ev, fid, "chat", &m, NULL, NULL)) die("message");
        if (i % 20000 == 19999 && (dft_store_commit(s) || dft_store_begin(s))) die("commit");
    }
    if (dft_store_commit(s)) die("commit");
    if (dft_store_evidence_finish(s, ev, NULL, "", "", -1, 0)) die("finish");
    /* what dft_passes_run_case records when the case passes of an ingest completed (merge requires it) */
    char passes[64];
    snprintf(passes, sizeof passes, "{\"evidence_ids\":[%lld]}", (long long)ev);
    if (dft_store_audit(s, "case.passes", passes)) die("case.passes");
    /* as ingest ends: the run's final status, then the case seal that covers its runs row */
    if (dft_store_run_end(s, run, "complete", "{}") || dft_store_audit(s, "run.end", "complete") ||
        dft_store_seal_case(s, run))
        die("run end");
    dft_store_close(s);
    return 0;
}

/* Runs argv as a child; wall seconds and peak RSS (MiB). Exit status returned. */
static int run_child(char *const argv[], double *secs, double *rss_mib, const char *out_path)
{
    double t0 = now_s();
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        FILE *o = freopen(out_path, "w", stdout);
        (void)o;
        execv(argv[0], argv);
        _exit(127);
    }
    int st = 0;
    struct rusage ru;
    while (wait4(pid, &st, 0, &ru) < 0 && errno == EINTR) {}
    *secs = now_s() - t0;
    *rss_mib = (double)ru.ru_maxrss / 1024.0;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static int64_t q1(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static double file_mib(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 ? (double)st.st_size / 1048576.0 : 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: merge_bench DFTRIAGE DIR [SHARDS [ROWS]] [--verify]\n");
        return 2;
    }
    const char *bin = argv[1], *dir = argv[2];
    int shards = 200;
    long rows = 50000;
    bool verify = false;
    int npos = 0;
    for (int i = 3; i < argc; i++) {
        if (strcmp(argv[i], "--verify") == 0) verify = true;
        else if (npos++ == 0) shards = atoi(argv[i]);
        else rows = atol(argv[i]);
    }
    if (shards < 1 || shards > 100000 || rows < 10 || rows > 100000000) {
        fprintf(stderr, "merge_bench: SHARDS 1..100000, ROWS 10..1e8\n");
        return 2;
    }
    mkdir(dir, 0700);
    /* evidence paths are recorded absolute, so verify finds them from any working directory */
    char *absdir = realpath(dir, NULL);
    if (!absdir) {
        perror(dir);
        return 1;
    }
    dir = absdir;
    if (strlen(dir) > 4000) return 2;
    char stamp[4200], casep[4200], outp[4200];
    /* v2: shards carry the "case.passes" audit row (merge refuses shards without it); v3: their case seal
     * covers their runs row (sealed after run end); older caches are rebuilt */
    snprintf(stamp, sizeof stamp, "%s/shards-v3-%d-%ld.done", dir, shards, rows);
    snprintf(casep, sizeof casep, "%s/case.db", dir);
    snprintf(outp, sizeof outp, "%s/merge.out", dir);
    char **shard_paths = calloc((size_t)shards, sizeof *shard_paths);
    for (int k = 0; k < shards; k++) {
        shard_paths[k] = malloc(4200);
        snprintf(shard_paths[k], 4200, "%s/shard_%04d.db", dir, k);
    }
    double gen = -1;
    if (access(stamp, F_OK) != 0) {
        double t0 = now_s();
        for (int k = 0; k < shards; k++) make_shard(dir, shard_paths[k], k, rows);
        gen = now_s() - t0;
        FILE *f = fopen(stamp, "w");
        if (f) fclose(f);
    }
    double shard_mib = 0;
    for (int k = 0; k < shards; k++) shard_mib += file_mib(shard_paths[k]);

    char cmd[4300];
    snprintf(cmd, sizeof cmd, "%s-wal", casep);
    unlink(casep);
    unlink(cmd);
    char **av = calloc((size_t)shards + 5, sizeof *av);
    av[0] = (char *)bin;
    av[1] = "merge";
    av[2] = casep;
    for (int k = 0; k < shards; k++) av[3 + k] = shard_paths[k];
    double merge_s, merge_rss, corr_s, corr_rss, ver_s = 0, ver_rss = 0;
    int rc = run_child(av, &merge_s, &merge_rss, outp);
    if (rc) fprintf(stderr, "merge_bench: merge exited %d (see %s)\n", rc, outp);
    av[3] = NULL; /* correlation alone: merge with no shard */
    int rc2 = run_child(av, &corr_s, &corr_rss, outp);
    if (rc2) fprintf(stderr, "merge_bench: correlation exited %d\n", rc2);
    if (verify) {
        char *vv[] = { (char *)bin, "verify", casep, NULL };
        snprintf(outp, sizeof outp, "%s/verify.out", dir);
        if (run_child(vv, &ver_s, &ver_rss, outp) != 0) {
            fprintf(stderr, "merge_bench: verify of the merged case failed (see %s)\n", outp);
            rc = 1;
        }
    }

    sqlite3 *db = NULL;
    sqlite3_open_v2(casep, &db, SQLITE_OPEN_READONLY, NULL);
    /* the rows of the items (the merge adds case-level rows: the crypto rollups of its re-run case passes) */
    int64_t total = q1(db, "SELECT (SELECT count(*) FROM files) + (SELECT count(*) FROM findings WHERE evidence_id"
                           " IS NOT NULL) + (SELECT count(*) FROM messages)");
    int64_t occ = q1(db, "SELECT count(*) FROM identifier_occurrences");
    int64_t shared = q1(db, "SELECT count(*) FROM v_shared_identifiers");
    int64_t ev = q1(db, "SELECT count(*) FROM evidence WHERE status = 'complete'");
    sqlite3_close(db);
    long nfind = rows * 2 / 10, nmsg = rows - rows * 4 / 10 - nfind;
    int64_t want_occ = (int64_t)shards * (nfind + 2 * nmsg);
    printf("shards %d x %ld rows = %lld rows (%.0f MiB of shards)\n", shards, rows, (long long)shards * rows, shard_mib);
    if (gen >= 0) printf("generate: %.1f s\n", gen);
    printf("merge (check + copy + seal each shard, then correlation): %.1f s, %.0f rows/s, peak RSS %.0f MiB, "
           "exit %d\n", merge_s, (double)shards * (double)rows / merge_s, merge_rss, rc);
    printf("correlation alone: %lld occurrences, %lld shared: %.1f s, %.0f occurrences/s, peak RSS %.0f MiB\n",
           (long long)occ, (long long)shared, corr_s, (double)occ / corr_s, corr_rss);
    if (verify) printf("verify: %.1f s, peak RSS %.0f MiB\n", ver_s, ver_rss);
    printf("case file: %.0f MiB\n", file_mib(casep));
    bool good = rc == 0 && rc2 == 0 && total == (int64_t)shards * rows && ev == shards && occ == want_occ &&
                (shards < 2 || shared > 0);
    if (!good)
        fprintf(stderr, "merge_bench: WRONG: rows %lld (want %lld), evidence %lld, occurrences %lld (want %lld), "
                "shared %lld\n", (long long)total, (long long)shards * rows, (long long)ev, (long long)occ,
                (long long)want_occ, (long long)shared);
    for (int k = 0; k < shards; k++) free(shard_paths[k]);
    free(shard_paths);
    free(av);
    free(absdir);
    return good ? 0 : 1;
}
