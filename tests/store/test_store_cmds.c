/*
 * test_store_cmds.c - `info` and `verify` on generated cases:
 *   - a case left by kill -9 mid-ingest (WAL present, evidence incomplete): info opens it and
 *     shows "incomplete"; verify fails with "incomplete (interrupted ingest)";
 *   - a raw image: verify OK, then a flipped byte -> MISMATCH, a moved image -> failure, stored
 *     acquisition hashes compared;
 *   - a directory: per-file re-hash OK, then an edited file -> MISMATCH;
 *   - a read-only case file: verify still runs and says the outcome is not recorded.
 * Exits 77 (skip) only if the evidence backend for raw/dir returns DFT_EUNSUPPORTED.
 */
#include <signal.h>
#include <stdbool.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "commands.h"
#include "evidence.h"
#include "hash.h"
#include "store.h"
#include "store_test.h"

static int64_t q(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    CHECK(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
    sqlite3_stmt *st = NULL;
    CHECK(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK);
    CHECK(sqlite3_step(st) == SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static int run_cmd(int (*fn)(int, char **), const char *name, const char *case_path, const char *dir,
                   char **out)
{
    char *argv[] = { (char *)name, (char *)case_path, NULL };
    return test_capture(fn, 2, argv, dir, out);
}

static void write_file(const char *path, size_t size, uint32_t seed)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    uint32_t x = seed;
    for (size_t i = 0; i < size; i++) {
        x = x * 1103515245u + 12345u;
        fputc((int)(x >> 16) & 0xff, f);
    }
    fclose(f);
}

static void hash_path(const char *path, dft_hashes *out)
{
    dft_hasher *h = NULL;
    CHECK_OK(dft_hasher_new(&h));
    FILE *f = fopen(path, "rb");
    CHECK(f != NULL);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) CHECK_OK(dft_hasher_update(h, buf, n));
    fclose(f);
    CHECK_OK(dft_hasher_final(h, out));
    dft_hasher_free(h);
}

static void flip_byte(const char *path, long off)
{
    FILE *f = fopen(path, "r+b");
    CHECK(f != NULL);
    fseek(f, off, SEEK_SET);
    int c = fgetc(f);
    fseek(f, off, SEEK_SET);
    fputc(c ^ 0x01, f);
    fclose(f);
}

/* Skips the whole program when the backend for path is not there yet. */
static void require_backend(const char *path)
{
    dft_evidence *ev = NULL;
    int rc = dft_evidence_open(&ev, path, NULL);
    if (rc == DFT_EUNSUPPORTED) {
        printf("SKIP: dft_evidence_open(%s) is not supported yet: %s\n", path, dft_error_last());
        exit(SKIP_CODE);
    }
    CHECK_OK(rc);
    dft_evidence_close(ev);
}

static void test_cmds__killed_ingest(const char *dir)
{
    char path[300], wal[320];
    snprintf(path, sizeof path, "%s/killed.db", dir);
    snprintf(wal, sizeof wal, "%s-wal", path);
    fflush(stdout);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        dft_store *s = NULL;
        int64_t run, ev;
        if (dft_store_open(&s, path, true) || dft_store_run_begin(s, "dftriage ingest x", "{}", "[]", &run) ||
            dft_store_evidence_add(s, run, "/ev/phone.tar", "tar", 4096, "fp", NULL, &ev))
            _exit(3);
        for (int batch = 0; batch < 3; batch++) {
            if (dft_store_begin(s)) _exit(3);
            for (int i = 0; i < 1000; i++) {
                char p[64];
                snprintf(p, sizeof p, "/data/f%d_%d", batch, i);
                dft_file_rec f = { .path = p, .name = p + 6, .type = 'r', .allocated = true, .uid = -1, .gid = -1 };
                if (dft_store_file_insert(s, batch * 1000 + i + 1, ev, &f, NULL)) _exit(3);
            }
            if (batch < 2 && dft_store_commit(s)) _exit(3);
        }
        raise(SIGKILL); /* mid-transaction, store never closed */
        _exit(4);
    }
    int status = 0;
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    struct stat st;
    CHECK(stat(wal, &st) == 0); /* the WAL was left behind */

    char *out = NULL;
    CHECK(run_cmd(dft_cmd_info, "info", path, dir, &out) == 0);
    CHECK(strstr(out, "incomplete") != NULL);
    CHECK(strstr(out, "files          2000") != NULL); /* committed batches only */
    CHECK(strstr(out, "dftriage ingest x") != NULL);
    free(out);

    CHECK(run_cmd(dft_cmd_verify, "verify", path, dir, &out) == 1);
    CHECK(strstr(out, "evidence 1 incomplete (interrupted ingest)") != NULL);
    CHECK(strstr(out, "audit chain OK") != NULL);
    free(out);
    CHECK(q(path, "SELECT count(*) FROM audit_log WHERE action = 'verify' AND detail LIKE 'FAILED%'") == 1);
    printf("ok test_cmds__killed_ingest\n");
}

/* Runs verify and info on a 0400 case file, as an unprivileged user when we are root (root
 * ignores file modes). */
static void verify_readonly(const char *path, const char *img, const char *dir)
{
    CHECK(chmod(path, 0400) == 0);
    bool root = geteuid() == 0;
    if (root) CHECK(chown(dir, 65534, 65534) == 0 && chown(path, 65534, 65534) == 0 &&
                    chown(img, 65534, 65534) == 0);
    fflush(stdout);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        if (root && (setgid(65534) != 0 || setuid(65534) != 0)) _exit(5);
        char *out = NULL;
        if (run_cmd(dft_cmd_verify, "verify", path, dir, &out) != 0) _exit(6);
        if (!strstr(out, "read-only") || !strstr(out, "sha256 OK")) _exit(7);
        free(out);
        if (run_cmd(dft_cmd_info, "info", path, dir, &out) != 0) _exit(8);
        if (!strstr(out, "stored hashes: match")) _exit(9);
        free(out);
        _exit(0);
    }
    int status = 0;
    CHECK(waitpid(pid, &status, 0) == pid);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "read-only child failed: status %d\n", status);
        exit(1);
    }
    if (root) CHECK(chown(dir, 0, 0) == 0 && chown(path, 0, 0) == 0 && chown(img, 0, 0) == 0);
    CHECK(chmod(path, 0600) == 0);
}

static void test_cmds__verify_raw(const char *dir)
{
    char img[300], path[300], moved[320];
    snprintf(img, sizeof img, "%s/disk.dd", dir);
    snprintf(path, sizeof path, "%s/raw.db", dir);
    write_file(img, 3 * 1024 * 1024 + 512, 7);
    require_backend(img);
    dft_hashes h;
    hash_path(img, &h);

    dft_store *s = NULL;
    int64_t ev;
    CHECK_OK(dft_store_open(&s, path, true));
    CHECK_OK(dft_store_evidence_add(s, 0, img, "raw", 3 * 1024 * 1024 + 512, "fp", NULL, &ev));
    CHECK_OK(dft_store_evidence_finish(s, ev, &h, h.md5, "", 1, 0));
    dft_store_close(s);

    char *out = NULL;
    CHECK(run_cmd(dft_cmd_verify, "verify", path, dir, &out) == 0);
    CHECK(strstr(out, "evidence 1 md5 OK") && strstr(out, "evidence 1 sha1 OK") &&
          strstr(out, "evidence 1 sha256 OK"));
    CHECK(strstr(out, "evidence 1 stored md5 (acquisition) OK") != NULL);
    CHECK(strstr(out, "audit chain OK") != NULL);
    free(out);

    flip_byte(img, 2 * 1024 * 1024 + 3);
    CHECK(run_cmd(dft_cmd_verify, "verify", path, dir, &out) == 1);
    CHECK(strstr(out, "evidence 1 MISMATCH md5 expected") != NULL);
    CHECK(strstr(out, "evidence 1 MISMATCH stored md5") != NULL);
    free(out);

    snprintf(moved, sizeof moved, "%s.moved", img);
    CHECK(rename(img, moved) == 0);
    CHECK(run_cmd(dft_cmd_verify, "verify", path, dir, &out) == 1);
    CHECK(strstr(out, "evidence 1 MISSING") != NULL);
    free(out);
    CHECK(q(path, "SELECT count(*) FROM audit_log WHERE action = 'verify'") == 3);
    CHECK(q(path, "SELECT count(*) FROM audit_log WHERE action = 'verify' AND detail LIKE 'OK%'") == 1);

    /* read-only case file: verify still runs, records nothing */
    CHECK(rename(moved, img) == 0);
    flip_byte(img, 2 * 1024 * 1024 + 3); /* back to the original bytes */
    verify_readonly(path, img, dir);
    CHECK(q(path, "SELECT count(*) FROM audit_log WHERE action = 'verify'") == 3);
    printf("ok test_cmds__verify_raw\n");
}

static void test_cmds__verify_dir(const char *dir)
{
    char root[300], sub[320], a[340], b[340], path[300];
    snprintf(root, sizeof root, "%s/tree", dir);
    snprintf(sub, sizeof sub, "%s/sub", root);
    snprintf(a, sizeof a, "%s/a.txt", root);
    snprintf(b, sizeof b, "%s/b.bin", sub);
    snprintf(path, sizeof path, "%s/dir.db", dir);
    CHECK(mkdir(root, 0700) == 0 && mkdir(sub, 0700) == 0);
    write_file(a, 1000, 1);
    write_file(b, 70000, 2);
    require_backend(root);

    dft_store *s = NULL;
    int64_t ev;
    CHECK_OK(dft_store_open(&s, path, true));
    CHECK_OK(dft_store_evidence_add(s, 0, root, "dir", 71000, "fpd", NULL, &ev));
    const char *rel[] = { "/a.txt", "/sub/b.bin" };
    const char *abs[] = { a, b };
    CHECK_OK(dft_store_begin(s));
    dft_file_rec d = { .path = "/sub", .name = "sub", .type = 'd', .allocated = true, .uid = -1, .gid = -1 };
    CHECK_OK(dft_store_file_insert(s, 1, ev, &d, NULL));
    for (int i = 0; i < 2; i++) {
        dft_file_rec f = { .path = rel[i], .name = strrchr(rel[i], '/') + 1, .type = 'r',
                           .allocated = true, .uid = -1, .gid = -1 };
        dft_file_result r = { .hashed = true, .hash_status = "full" };
        hash_path(abs[i], &r.hashes);
        CHECK_OK(dft_store_file_insert(s, 2 + i, ev, &f, &r));
    }
    CHECK_OK(dft_store_commit(s));
    CHECK_OK(dft_store_evidence_finish(s, ev, NULL, "", "", -1, 0));
    dft_store_close(s);

    char *out = NULL;
    CHECK(run_cmd(dft_cmd_verify, "verify", path, dir, &out) == 0);
    CHECK(strstr(out, "evidence 1 files OK: 2 of 2 re-hashed OK") != NULL);
    free(out);

    flip_byte(b, 65536);
    CHECK(run_cmd(dft_cmd_verify, "verify", path, dir, &out) == 1);
    CHECK(strstr(out, "MISMATCH sha256 /sub/b.bin") != NULL);
    CHECK(strstr(out, "1 of 2 re-hashed OK") != NULL);
    free(out);
    printf("ok test_cmds__verify_dir\n");
}

int main(void)
{
    char dir[256];
    test_tmpdir(dir, "cmds");
    char *out = NULL;
    char *bad[] = { "info", NULL };
    CHECK(test_capture(dft_cmd_info, 1, bad, dir, &out) == 2);
    free(out);
    test_cmds__killed_ingest(dir);
    test_cmds__verify_dir(dir);
    test_cmds__verify_raw(dir);
    test_tmpdir_remove(dir);
    return 0;
}
