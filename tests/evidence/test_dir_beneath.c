/*
 * test_dir_beneath.c - review regression 3 for directory evidence: content and sibling opens
 * resolve one component at a time beneath the evidence root and never follow a symbolic link,
 * so a symlinked directory inside the evidence cannot lead to a file outside it.
 *
 * The tree is made at test time under $TMPDIR:
 *   root/db/x.sqlite            regular file (the record we look from)
 *   root/db/x.sqlite-wal        regular file (a legitimate sibling)
 *   root/link -> ../outside     symlinked directory leading out of the evidence
 *   root/db/flink -> ../../outside/secret.txt
 *   outside/secret.txt
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "evidence_impl.h"
#include "evidence_internal.h"

static int failures;
#define CHECK(c, ...)                                                                  \
    do {                                                                               \
        if (!(c)) {                                                                    \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #c);               \
            fprintf(stderr, __VA_ARGS__);                                              \
            fprintf(stderr, "\n");                                                     \
            failures++;                                                                \
        }                                                                              \
    } while (0)

static dft_source *g_src;
static int s_file(void *p, const dft_file_rec *f, int64_t *id)
{
    (void)p;
    if (f->source) g_src = f->source;
    *id = 1;
    return DFT_OK;
}
static int s_warn(void *p, int64_t id, int64_t off, const char *m)
{
    (void)p; (void)id; (void)off; (void)m;
    return DFT_OK;
}
static int s_meta(void *p, const char *k, const char *v)
{
    (void)p; (void)k; (void)v;
    return DFT_OK;
}
static int count_cb(void *payload, uint64_t off, const uint8_t *d, size_t n)
{
    (void)off; (void)d;
    *(uint64_t *)payload += n;
    return DFT_OK;
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f) exit(2);
    fputs(text, f);
    fclose(f);
}

int main(void)
{
    char base[256], p[512], q[512];
    snprintf(base, sizeof base, "%s/dft-beneath-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(base)) return 2;
    snprintf(p, sizeof p, "%s/root", base); mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/root/db", base); mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/outside", base); mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/outside/secret.txt", base); put(p, "outside the evidence\n");
    snprintf(p, sizeof p, "%s/root/db/x.sqlite", base); put(p, "db\n");
    snprintf(p, sizeof p, "%s/root/db/x.sqlite-wal", base); put(p, "wal bytes\n");
    snprintf(p, sizeof p, "%s/root/link", base);
    if (symlink("../outside", p)) return 2;
    snprintf(p, sizeof p, "%s/root/db/flink", base);
    if (symlink("../../outside/secret.txt", p)) return 2;

    dft_evidence ev;
    memset(&ev, 0, sizeof ev);
    snprintf(q, sizeof q, "%s/root", base);
    ev.path = strdup(q);
    snprintf(ev.kind, sizeof ev.kind, "dir");
    int rc = dft_evidence_dir_open(&ev);
    CHECK(rc == DFT_OK, "open: %s", dft_error_last());
    dft_walk_sink s = { .file = s_file, .warning = s_warn, .meta = s_meta, .payload = NULL };
    if (!rc) rc = ev.ops->walk(&ev, &s);
    CHECK(rc == DFT_OK && g_src, "walk: %s", dft_error_last());
    if (g_src) {
        dft_file_rec f;
        memset(&f, 0, sizeof f);
        f.path = "/db/x.sqlite";
        f.name = "x.sqlite";
        f.size = 3;
        f.source = g_src;
        uint64_t n = 0;
        rc = g_src->sibling(g_src, NULL, &f, "x.sqlite-wal", count_cb, &n);
        CHECK(rc == DFT_OK && n == 10, "legitimate sibling: rc %d, %llu bytes", rc, (unsigned long long)n);
        const char *escapes[] = { "../link/secret.txt", "/link/secret.txt", "flink", "/db/flink" };
        for (size_t i = 0; i < sizeof escapes / sizeof escapes[0]; i++) {
            n = 0;
            rc = g_src->sibling(g_src, NULL, &f, escapes[i], count_cb, &n);
            CHECK(rc == DFT_ENOTFOUND && n == 0, "sibling %s escaped the evidence: rc %d, %llu bytes", escapes[i], rc,
                  (unsigned long long)n);
        }
        /* the main content path too */
        void *ts = NULL;
        if (g_src->thread_open) g_src->thread_open(g_src, &ts);
        dft_file_rec g = f;
        g.path = "/link/secret.txt";
        g.size = 21;
        uint64_t bad = 0;
        char err[200] = "";
        n = 0;
        rc = g_src->stream(g_src, ts, &g, count_cb, &n, &bad, err, sizeof err);
        CHECK(rc != DFT_OK && n == 0, "stream through a symlinked directory: rc %d, %llu bytes", rc,
              (unsigned long long)n);
        g.path = "/db/x.sqlite";
        g.size = 3;
        n = bad = 0;
        rc = g_src->stream(g_src, ts, &g, count_cb, &n, &bad, err, sizeof err);
        CHECK(rc == DFT_OK && n == 3 && bad == 0, "stream of a regular file: rc %d (%s)", rc, err);
        if (g_src->thread_close) g_src->thread_close(g_src, ts);
    }
    /* the helper itself */
    CHECK(dft_open_beneath(AT_FDCWD, "..", O_RDONLY) < 0, "\"..\" refused");
    if (ev.ops && ev.ops->close) ev.ops->close(&ev);
    free(ev.path);
    dft_strv_free(ev.parts);
    snprintf(p, sizeof p, "rm -rf '%s'", base);
    if (system(p) != 0) failures++;
    if (failures) fprintf(stderr, "%d check(s) failed\n", failures);
    else printf("test_dir_beneath: all checks passed\n");
    return failures ? 1 : 0;
}
