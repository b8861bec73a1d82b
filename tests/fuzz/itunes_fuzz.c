/*
 * itunes_fuzz.c - fuzz harness for the iTunes backup walk over hostile Manifest.db rows
 * (core/evidence/evidence_itunes.c with parsers/ios_backup.c and core/evidence/devpath.c). Structure-aware: the input
 * is a list of records separated by 0x1e, fields by 0x1f, 0x1b escaping the next byte (so blobs
 * and plists can hold any byte):
 *     fileID 0x1f domain 0x1f relativePath 0x1f flags 0x1f file-blob      (missing field: SQL NULL)
 *     "@info" 0x1f bytes      -> Info.plist        "@manifest" 0x1f bytes -> Manifest.plist
 * The harness builds a private backup directory (mkdtemp in $TMPDIR): Manifest.db with those rows in
 * a Files table (no key constraint, so hostile duplicates are possible), the plists, and a backing
 * file <fid[0:2]>/<fid> for the first few hex fileIDs of regular files. It then opens and walks it
 * through a checking sink, streams each readable file, asks for a sibling, closes and removes the
 * directory. Checks (walk.h contract): DFT_OK; every path starts with '/', has no "", "." or ".."
 * component; name is its last component; parent_id is 0 or an earlier record. DFT_FUZZ_STRICT adds
 * two checks for known, reported bugs: paths are unique and parent_id is a directory.
 */
#include <ftw.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "evidence_impl.h"
#include "fuzz_check.h"
#include "fuzz_tmp.h"

#define MAX_ROWS 256
#define MAX_BACKING 8
#define MAX_RECS 4096
#define HASH_SLOTS 8192

typedef struct field {
    const uint8_t *p;
    size_t n;
    bool present;
} field;

typedef struct rec {
    char *path;
    char type;
    const dft_source *src;
    uint64_t locator, size;
} rec;

typedef struct sink_state {
    rec recs[MAX_RECS];
    size_t n;
    uint64_t hash[HASH_SLOTS];
    bool hash_used[HASH_SLOTS];
    bool strict;
} sink_state;

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
    FUZZ_CHECK(f->path && f->name);
    if (!clean_path(f->path)) {
        fprintf(stderr, "itunes_fuzz: unclean record path \"%s\"\n", f->path);
        FUZZ_CHECK(clean_path(f->path));
    }
    const char *sl = strrchr(f->path, '/');
    FUZZ_CHECK(strcmp(sl + 1, f->name) == 0);
    FUZZ_CHECK(f->parent_id >= 0 && (size_t)f->parent_id <= s->n);
    /* Known, reported (docs/fuzzing.md): a Manifest.db row that is not a directory can be made the
     * parent of later rows (ensure_dir reuses any id). Checked only under DFT_FUZZ_STRICT. */
    if (s->strict && f->parent_id > 0 && s->recs[f->parent_id - 1].type != 'd') {
        fprintf(stderr, "itunes_fuzz: \"%s\" has parent \"%s\" of type '%c'\n", f->path,
                s->recs[f->parent_id - 1].path ? s->recs[f->parent_id - 1].path : "(long)", s->recs[f->parent_id - 1].type);
        FUZZ_CHECK(s->recs[f->parent_id - 1].type == 'd');
    }
    /* uniqueness through a hash set of full paths (hostile rows make long paths: stay linear) */
    uint64_t h = 0xcbf29ce484222325ull;
    for (const char *c = f->path; *c; c++) h = (h ^ (uint8_t)*c) * 0x100000001b3ull;
    size_t slot = (size_t)(h % HASH_SLOTS);
    /* Known, reported: rows repeating (fileID, domain, relativePath) give the same "path~fileID"
     * twice. Checked only under DFT_FUZZ_STRICT. */
    while (s->hash_used[slot]) {
        if (s->strict && s->hash[slot] == h) {
            fprintf(stderr, "itunes_fuzz: path \"%.300s\" recorded twice (or a 64-bit hash collision)\n", f->path);
            FUZZ_CHECK(s->hash[slot] != h);
        }
        slot = (slot + 1) % HASH_SLOTS;
    }
    s->hash_used[slot] = true;
    s->hash[slot] = h;
    if (s->n == MAX_RECS) return dft_error_set(DFT_ELIMIT, "fuzz sink full");
    rec *r = &s->recs[s->n++];
    r->path = strlen(f->path) < 4096 ? strdup(f->path) : NULL; /* only needed to stream content */
    r->type = f->type;
    r->src = f->source;
    r->locator = f->locator;
    r->size = f->size;
    *out_id = (int64_t)s->n;
    return DFT_OK;
}

static int s_warning(void *payload, int64_t file_id, int64_t offset, const char *msg)
{
    (void)payload;
    (void)offset;
    FUZZ_CHECK(file_id >= 0 && msg != NULL);
    return DFT_OK;
}

static int s_meta(void *payload, const char *key, const char *value)
{
    (void)payload;
    FUZZ_CHECK(key && *key && value);
    return DFT_OK;
}

static int count_cb(void *payload, uint64_t off, const uint8_t *d, size_t n)
{
    (void)off;
    (void)d;
    *(uint64_t *)payload += n;
    return DFT_OK;
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

static bool hex_fid(const field *f)
{
    if (!f->present || f->n < 2 || f->n > 40) return false;
    for (size_t i = 0; i < f->n; i++)
        if (!((f->p[i] >= '0' && f->p[i] <= '9') || (f->p[i] >= 'a' && f->p[i] <= 'f'))) return false;
    return true;
}

/* Builds the backup in dir from the input; returns 0 when Manifest.db was written. */
static int build(const char *dir, const uint8_t *data, size_t size)
{
    char p[4300];
    snprintf(p, sizeof p, "%s/Manifest.db", dir);
    sqlite3 *db = NULL;
    if (sqlite3_open(p, &db) != SQLITE_OK) {
        sqlite3_close(db);
        return -1;
    }
    sqlite3_exec(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                     "CREATE TABLE Files (fileID TEXT, domain TEXT, relativePath TEXT, flags INTEGER, file BLOB);"
                     "BEGIN",
                 NULL, NULL, NULL);
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(db, "INSERT INTO Files VALUES (?1, ?2, ?3, ?4, ?5)", -1, &st, NULL);
    uint8_t *scratch = malloc(size + 1);
    size_t off = 0, rows = 0;
    int backing = 0;
    while (st && scratch && off <= size && rows < MAX_ROWS) {
        /* one record: fields split at 0x1f, ends at 0x1e; 0x1b escapes the next byte */
        field f[5] = {{0}};
        int nf = 0;
        size_t w = 0;
        f[0] = (field){scratch, 0, true};
        while (off < size && data[off] != 0x1e) {
            uint8_t c = data[off++];
            if (c == 0x1b && off < size) {
                c = data[off++];
            } else if (c == 0x1f && nf < 4) {
                f[nf].n = w - (size_t)(f[nf].p - scratch);
                f[++nf] = (field){scratch + w, 0, true};
                continue;
            }
            scratch[w++] = c;
        }
        f[nf].n = w - (size_t)(f[nf].p - scratch);
        off++;
        size_t rl = w; /* bytes of the record after unescaping */
        if (f[0].n == 5 && !memcmp(f[0].p, "@info", 5) && f[1].present) {
            write_file(dir, "Info.plist", f[1].p, (size_t)(scratch + rl - f[1].p));
            continue;
        }
        if (f[0].n == 9 && !memcmp(f[0].p, "@manifest", 9) && f[1].present) {
            write_file(dir, "Manifest.plist", f[1].p, (size_t)(scratch + rl - f[1].p));
            continue;
        }
        for (int i = 0; i < 4; i++) {
            if (f[i].present) sqlite3_bind_text(st, i + 1, (const char *)f[i].p, (int)f[i].n, SQLITE_TRANSIENT);
            else sqlite3_bind_null(st, i + 1);
        }
        if (f[4].present) sqlite3_bind_blob(st, 5, f[4].p, (int)f[4].n, SQLITE_TRANSIENT);
        else sqlite3_bind_null(st, 5);
        sqlite3_step(st);
        sqlite3_reset(st);
        rows++;
        if (backing < MAX_BACKING && hex_fid(&f[0]) && f[3].present && f[3].n == 1 && f[3].p[0] == '1') {
            char fid[41], sub[8];
            memcpy(fid, f[0].p, f[0].n);
            fid[f[0].n] = 0;
            snprintf(sub, sizeof sub, "%.2s", fid);
            snprintf(p, sizeof p, "%s/%s", dir, sub);
            mkdir(p, 0700);
            snprintf(p, sizeof p, "%s/%s", sub, fid);
            if (write_file(dir, p, (const uint8_t *)fid, f[0].n) == 0) backing++;
        }
    }
    free(scratch);
    sqlite3_finalize(st);
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    sqlite3_close(db);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char dir[4096];
    fuzz_tmp_template(dir, sizeof dir, "dft-itunes-fuzz-");
    if (!mkdtemp(dir)) return 0;
    static sink_state s;
    s.n = 0;
    memset(s.hash_used, 0, sizeof s.hash_used);
    s.strict = getenv("DFT_FUZZ_STRICT") != NULL;
    if (build(dir, data, size) == 0) {
        dft_evidence ev;
        memset(&ev, 0, sizeof ev);
        ev.path = strdup(dir);
        int rc = dft_evidence_itunes_open(&ev);
        FUZZ_CHECK(rc == DFT_OK);
        dft_walk_sink sink = {.file = s_file, .warning = s_warning, .meta = s_meta, .payload = &s};
        rc = ev.ops->walk(&ev, &sink);
        FUZZ_CHECK(rc == DFT_OK || rc == DFT_ELIMIT);
        for (size_t i = 0; i < s.n; i++) {
            rec *r = &s.recs[i];
            if (!r->src || !r->path) continue;
            dft_file_rec f;
            memset(&f, 0, sizeof f);
            f.path = r->path;
            f.locator = r->locator;
            f.size = r->size;
            f.type = r->type;
            uint64_t got = 0, bad = 0;
            char err[200] = "";
            dft_source *src = (dft_source *)r->src;
            rc = src->stream(src, NULL, &f, count_cb, &got, &bad, err, sizeof err);
            FUZZ_CHECK(rc == DFT_OK && bad == 0);
            uint64_t sib = 0;
            (void)src->sibling(src, NULL, &f, "../x-wal", count_cb, &sib);
            (void)src->sibling(src, NULL, &f, r->path, count_cb, &sib);
        }
        ev.ops->close(&ev);
        free(ev.path);
    }
    for (size_t i = 0; i < s.n; i++) free(s.recs[i].path);
    s.n = 0;
    nftw(dir, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
    return 0;
}
