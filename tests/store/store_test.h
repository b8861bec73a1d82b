/*
 * store_test.h - tiny helpers shared by the tests/store programs: CHECK that prints the failing
 * expression and exits, a private temp directory per test, and stdout capture for the commands.
 */
#ifndef DFT_STORE_TEST_H
#define DFT_STORE_TEST_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"

#define CHECK(cond)                                                                              \
    do {                                                                                         \
        if (!(cond)) {                                                                           \
            fprintf(stderr, "%s:%d: CHECK failed: %s (last error: %s)\n", __FILE__, __LINE__,    \
                    #cond, dft_error_last());                                                    \
            exit(1);                                                                             \
        }                                                                                        \
    } while (0)

#define CHECK_OK(expr) CHECK((expr) == DFT_OK)

#define SKIP_CODE 77

/* A fresh private directory (mkdtemp) for one test; removed by test_tmpdir_remove. */
static inline void test_tmpdir(char out[256], const char *name)
{
    const char *base = getenv("TMPDIR");
    snprintf(out, 256, "%s/dft_%s_XXXXXX", base && *base ? base : "/tmp", name);
    CHECK(mkdtemp(out) != NULL);
}

static inline void test_tmpdir_remove(const char *dir)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "warning: cannot remove %s\n", dir);
}

/* Creates DIR/FILE as a new case (path out) with one raw evidence item of size bytes (id in *ev). */
static inline struct dft_store *test_store_with_evidence(char path[300], const char *dir, const char *file,
                                                         uint64_t size, int64_t *ev)
{
    snprintf(path, 300, "%s/%s", dir, file);
    struct dft_store *s = NULL;
    CHECK_OK(dft_store_open(&s, path, true));
    *ev = 0;
    CHECK_OK(dft_store_evidence_add(s, 0, "/ev/big.dd", "raw", size, "fp", NULL, ev));
    return s;
}

/* Runs fn(argc, argv) with stdout captured into *out (malloc'd, NUL-terminated). */
static inline int test_capture(int (*fn)(int, char **), int argc, char **argv, const char *tmpdir,
                               char **out)
{
    char path[512];
    snprintf(path, sizeof path, "%s/stdout.%d.txt", tmpdir, (int)getpid());
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    CHECK(saved >= 0 && fd >= 0);
    dup2(fd, STDOUT_FILENO);
    close(fd);
    int rc = fn(argc, argv);
    fflush(stdout);
    dup2(saved, STDOUT_FILENO);
    close(saved);
    FILE *f = fopen(path, "rb");
    CHECK(f != NULL);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    *out = calloc(1, (size_t)n + 1);
    CHECK(*out != NULL);
    CHECK(fread(*out, 1, (size_t)n, f) == (size_t)n);
    fclose(f);
    fputs(*out, stdout); /* keep it visible in the test log */
    return rc;
}

#endif
