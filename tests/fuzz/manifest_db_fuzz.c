/*
 * manifest_db_fuzz.c - fuzz harness for the iTunes manifest walk over hostile SQLite files: the
 * whole input is Manifest.db (core/evidence/evidence_itunes.c through parsers/sqlite_safe.c).
 * Seeds (tests/fuzz/corpus/manifest_db/, gen_corpus.py) are hostile schemas: Files as a recursive
 * view, with a trigger, as a virtual table, WITHOUT ROWID, with wrong columns or types, an index
 * on expressions, a deep view; the mutator then damages pages and headers.
 *
 * The harness writes Manifest.db and a fixed Info.plist into a private directory (mkdtemp in
 * $TMPDIR), opens and walks it through a checking sink whose cancelled() turns true after
 * CANCEL_AFTER_S seconds (the walk must then stop promptly), and removes the directory.
 * Checks: the walk returns DFT_OK or DFT_ECANCELLED; every path starts with '/' and has no "",
 * "." or ".." component; name is its last component; parent_id is 0 or an earlier record; the walk
 * returns within CANCEL_AFTER_S + 5 s; nothing is added next to the evidence (no -wal, -shm or
 * journal beside Manifest.db) and Manifest.db is unchanged.
 */
#include <dirent.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "evidence_impl.h"
#include "fuzz_check.h"
#include "fuzz_tmp.h"

#define CANCEL_AFTER_S 3
#define MAX_RECS 8192

typedef struct sink_state {
    size_t n;
    double start;
    char type[MAX_RECS];
} sink_state;

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static bool clean_path(const char *s)
{
    if (s[0] != '/') return false;
    const char *p = s + 1;
    for (;;) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.')) return false;
        if (!e) return true;
        p = e + 1;
    }
}

static int s_file(void *payload, const dft_file_rec *f, int64_t *out_id)
{
    sink_state *s = payload;
    FUZZ_CHECK(f->path && f->name && clean_path(f->path));
    FUZZ_CHECK(strcmp(strrchr(f->path, '/') + 1, f->name) == 0);
    FUZZ_CHECK(f->parent_id >= 0 && (size_t)f->parent_id <= s->n);
    if (s->n == MAX_RECS) return dft_error_set(DFT_ELIMIT, "fuzz sink full");
    s->type[s->n++] = f->type;
    *out_id = (int64_t)s->n;
    return DFT_OK;
}

static int s_warning(void *payload, int64_t file_id, int64_t offset, const char *msg)
{
    (void)payload;
    (void)offset;
    FUZZ_CHECK(file_id >= 0 && msg != NULL && strlen(msg) < 4096);
    return DFT_OK;
}

static int s_meta(void *payload, const char *key, const char *value)
{
    (void)payload;
    FUZZ_CHECK(key && *key && value);
    return DFT_OK;
}

static bool s_cancelled(void *payload)
{
    sink_state *s = payload;
    return mono() - s->start > CANCEL_AFTER_S;
}

static int rm_cb(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(p);
    return 0;
}

static int write_file(const char *dir, const char *name, const uint8_t *d, size_t n)
{
    char p[4300];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    if (!f) return -1;
    size_t w = n ? fwrite(d, 1, n, f) : 0;
    fclose(f);
    return w == n ? 0 : -1;
}

static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
    if (d) closedir(d);
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char info[] = "<?xml version=\"1.0\"?><plist version=\"1.0\"><dict><key>Device Name</key>"
                               "<string>fuzz</string></dict></plist>";
    char dir[4096];
    fuzz_tmp_template(dir, sizeof dir, "dft-manifest-fuzz-");
    if (!mkdtemp(dir)) return 0;
    static sink_state s;
    if (write_file(dir, "Manifest.db", data, size) == 0 &&
        write_file(dir, "Info.plist", (const uint8_t *)info, sizeof info - 1) == 0) {
        char mpath[4300];
        snprintf(mpath, sizeof mpath, "%s/Manifest.db", dir);
        struct stat before, after;
        FUZZ_CHECK(stat(mpath, &before) == 0);
        dft_evidence ev;
        memset(&ev, 0, sizeof ev);
        ev.path = strdup(dir);
        int rc = dft_evidence_itunes_open(&ev);
        FUZZ_CHECK(rc == DFT_OK);
        s.n = 0;
        s.start = mono();
        dft_walk_sink sink = {.file = s_file, .warning = s_warning, .meta = s_meta, .cancelled = s_cancelled,
                              .payload = &s};
        rc = ev.ops->walk(&ev, &sink);
        double took = mono() - s.start;
        if (!(rc == DFT_OK || rc == DFT_ECANCELLED || rc == DFT_ELIMIT))
            fprintf(stderr, "manifest_db_fuzz: walk returned %d: %s\n", rc, dft_error_last());
        FUZZ_CHECK(rc == DFT_OK || rc == DFT_ECANCELLED || rc == DFT_ELIMIT);
        FUZZ_CHECK(took < CANCEL_AFTER_S + 5);
        ev.ops->close(&ev);
        free(ev.path);
        FUZZ_CHECK(entries(dir) == 2); /* Manifest.db and Info.plist only: no -wal/-shm/-journal */
        FUZZ_CHECK(stat(mpath, &after) == 0 && after.st_size == before.st_size &&
                   after.st_mtim.tv_sec == before.st_mtim.tv_sec && after.st_mtim.tv_nsec == before.st_mtim.tv_nsec);
    }
    nftw(dir, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
    return 0;
}
