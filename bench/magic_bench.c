/*
 * magic_bench.c - libmagic cost per file, alone: reads the first HEAD bytes of every file named in
 * LIST (one path a line), then times magic_buffer() over all heads, one thread. Used for the
 * profile in docs/performance.md; not part of the build (bench/README.md has the command line).
 *
 *   cc -O2 -o /tmp/magic_bench bench/magic_bench.c -lmagic
 *   /tmp/magic_bench LIST HEAD CALLS [EXTRA_FLAGS_HEX]
 *     CALLS 2 = MAGIC_MIME_TYPE then MAGIC_NONE (what core/pipeline/worker.c does), 1 = MAGIC_NONE only;
 *     EXTRA_FLAGS_HEX is or-ed into both (e.g. 4000 = MAGIC_NO_CHECK_SOFT);
 *     env REGEX_MAX / BYTES_MAX set MAGIC_PARAM_REGEX_MAX / MAGIC_PARAM_BYTES_MAX.
 *
 * Invariant: file reading happens before the clock starts; only libmagic is timed. Both wall and
 * this process's CPU time are printed: on a shared machine the CPU time is the figure to quote.
 */
#define _POSIX_C_SOURCE 200809L
#include <magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(clockid_t clock)
{
    struct timespec t;
    clock_gettime(clock, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static void set_param(magic_t m, int param, const char *env)
{
    const char *v = getenv(env);
    if (!v) return;
    size_t n = strtoul(v, NULL, 10);
    if (magic_setparam(m, param, &n) != 0) fprintf(stderr, "magic_setparam %s failed\n", env);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s LIST HEAD CALLS [EXTRA_FLAGS_HEX]\n", argv[0]);
        return 2;
    }
    size_t head = strtoul(argv[2], NULL, 10);
    int calls = atoi(argv[3]);
    int extra = argc > 4 ? (int)strtol(argv[4], NULL, 16) : 0;
    FILE *list = fopen(argv[1], "r");
    if (!list || head == 0) {
        fprintf(stderr, "cannot read %s (or HEAD is 0)\n", argv[1]);
        return 1;
    }
    unsigned char **bufs = NULL;
    size_t *lens = NULL, n = 0, cap = 0;
    char path[4096];
    while (fgets(path, sizeof path, list)) {
        path[strcspn(path, "\n")] = 0;
        FILE *f = fopen(path, "rb");
        if (!f) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            bufs = realloc(bufs, cap * sizeof *bufs);
            lens = realloc(lens, cap * sizeof *lens);
            if (!bufs || !lens) return 1;
        }
        bufs[n] = malloc(head);
        if (!bufs[n]) return 1;
        lens[n] = fread(bufs[n], 1, head, f);
        fclose(f);
        n++;
    }
    fclose(list);
    magic_t m = magic_open(MAGIC_NONE);
    if (!m || magic_load(m, NULL) != 0) {
        fprintf(stderr, "magic_load failed\n");
        return 1;
    }
    set_param(m, MAGIC_PARAM_REGEX_MAX, "REGEX_MAX");
    set_param(m, MAGIC_PARAM_BYTES_MAX, "BYTES_MAX");
    size_t chars = 0;
    double t0 = now_s(CLOCK_MONOTONIC), c0 = now_s(CLOCK_PROCESS_CPUTIME_ID);
    for (size_t i = 0; i < n; i++) {
        const char *r;
        if (calls == 2) {
            magic_setflags(m, MAGIC_MIME_TYPE | extra);
            r = magic_buffer(m, bufs[i], lens[i]);
            chars += r ? strlen(r) : 0;
        }
        magic_setflags(m, MAGIC_NONE | extra);
        r = magic_buffer(m, bufs[i], lens[i]);
        chars += r ? strlen(r) : 0;
    }
    double dt = now_s(CLOCK_MONOTONIC) - t0, dc = now_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
    printf("files=%zu head=%zu calls=%d extra=%#x: wall %.2f s, CPU %.2f s, %.0f us CPU/file (%zu result chars)\n",
           n, head, calls, extra, dt, dc, n ? dc / (double)n * 1e6 : 0.0, chars);
    magic_close(m);
    return 0;
}
