/*
 * test_region.c - the region scan (core/pipeline/region.c) with a synthetic walker and an in-memory
 * media: a DFT_CLAIM_UNALLOC plugin gets every region's bytes once, in order; findings carry
 * file_id NULL (slack: the file), region_id and the media offset; the bytes come from the media-hash
 * tap when the walk reported the regions in time (nothing read again), and from read_at when it did
 * not (a region reported behind the hash, slack, no hash at all), with the same rows either way.
 */

#include <pthread.h>
#include <stdatomic.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "pipeline.h"
#include "registry.h"
#include "store.h"
#include "tempdir.h"

#define MEDIA (1u << 20)
#define BLOCK (64u << 10)

static uint8_t media[MEDIA];
static _Atomic uint64_t reads;   /* bytes read through read_at */

static int mem_read(void *payload, uint64_t off, void *buf, size_t len)
{
    (void)payload;
    if (off > MEDIA || len > MEDIA - off) return dft_error_set(DFT_EIO, "read beyond media");
    memcpy(buf, media + off, len);
    atomic_fetch_add(&reads, len);
    return DFT_OK;
}

/* ---- the plugin: collects the region, searches "MARK-" at the end ---- */

typedef struct rstate {
    uint8_t *buf;
    uint64_t len, next;
    int64_t id;
    bool bad;
} rstate;

static int r_begin(dft_scan *s, const dft_region *r, void **state)
{
    (void)s;
    rstate *st = calloc(1, sizeof *st);
    if (!st || !(st->buf = malloc(r->length))) {
        free(st);
        return DFT_ENOMEM;
    }
    st->len = r->length;
    st->id = r->id;
    *state = st;
    return DFT_OK;
}

static int r_block(dft_scan *s, void *state, uint64_t off, const uint8_t *d, size_t n)
{
    (void)s;
    rstate *st = state;
    if (off != st->next || off + n > st->len) {
        st->bad = true;
        return dft_error_set(DFT_ERROR, "block at %llu, expected %llu", (unsigned long long)off,
                             (unsigned long long)st->next);
    }
    memcpy(st->buf + off, d, n);
    st->next += n;
    return DFT_OK;
}

static int r_end(dft_scan *s, void *state)
{
    rstate *st = state;
    int rc = DFT_OK;
    if (st->next != st->len) rc = dft_error_set(DFT_ERROR, "region ended after %llu of %llu bytes",
                                                (unsigned long long)st->next, (unsigned long long)st->len);
    for (uint64_t i = 0; rc == DFT_OK && i + 9 <= st->next; i++) {
        if (memcmp(st->buf + i, "MARK-", 5) != 0) continue;
        char v[16];
        memcpy(v, st->buf + i, 9);
        v[9] = '\0';
        dft_finding f = DFT_INIT(dft_finding);
        f.kind = "test.mark";
        f.value = v;
        f.offset = (int64_t)i;
        f.length = 9;
        f.confidence = 1;
        rc = dft_emit_finding(s, &f, NULL);
    }
    free(st->buf);
    free(st);
    return rc;
}

static int r_stream_begin(dft_scan *s, const dft_file *f, void **state)
{
    (void)s; (void)f; (void)state;
    return dft_error_set(DFT_ERROR, "no files");
}

static const dft_claim r_claims[] = { { DFT_CLAIM_UNALLOC, NULL }, { DFT_CLAIM_END, NULL } };
static const dft_plugin region_plugin = { .abi = DFT_PLUGIN_ABI, .struct_size = sizeof(dft_plugin), .name = "t_region",
                                          .version = "1", .claims = r_claims, .access = DFT_ACCESS_STREAM,
                                          .stream_begin = r_stream_begin, .stream_block = r_block,
                                          .stream_end = r_end, .region_begin = r_begin };

/* A plugin that refuses slack: its failure becomes a warning about that region. */
static int f_begin(dft_scan *s, const dft_region *r, void **state)
{
    (void)s;
    *state = NULL;
    if (strcmp(r->kind, "slack") == 0) return dft_error_set(DFT_ECORRUPT, "no slack here");
    return DFT_OK;
}
static int f_block(dft_scan *s, void *state, uint64_t off, const uint8_t *d, size_t n)
{
    (void)s; (void)state; (void)off; (void)d; (void)n;
    return DFT_OK;
}
static int f_end(dft_scan *s, void *state)
{
    (void)s; (void)state;
    return DFT_OK;
}
static const dft_plugin failing_plugin = { .abi = DFT_PLUGIN_ABI, .struct_size = sizeof(dft_plugin), .name = "t_rfail",
                                           .version = "1", .claims = r_claims, .access = DFT_ACCESS_STREAM,
                                           .stream_begin = r_stream_begin, .stream_block = f_block,
                                           .stream_end = f_end, .region_begin = f_begin };

/* ---- the synthetic walk and hash ---- */

typedef struct hash_job {
    dft_pipeline *p;
    pthread_t t;
} hash_job;

static void *hash_main(void *arg)
{
    hash_job *j = arg;
    for (uint64_t off = 0; off < MEDIA; off += BLOCK) dft_pipeline_media_block(j->p, off, media + off, BLOCK);
    return NULL;
}

enum mode {
    M_SHARED,   /* regions reported before the hash gets there: all from the tap */
    M_LATE,     /* the second region reported after the hash has passed it: read again */
    M_NOHASH,   /* no tap at all: everything from read_at */
};

static void region(const dft_walk_sink *k, uint64_t off, uint64_t len, const char *kind, int64_t file_id)
{
    dft_region_rec r = { 0, 0, off, len, kind, file_id, 0 };
    CHECK(k->region(k->payload, &r) == DFT_OK);
}

static char *dump(const char *path)
{
    sqlite3 *db;
    sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
    sqlite3_stmt *st;
    size_t cap = 1 << 16, len = 0;
    char *out = calloc(1, cap);
    sqlite3_prepare_v2(db, "SELECT id, coalesce(file_id,'NULL'), plugin, kind, value, offset, coalesce(region_id,'NULL'),"
                           " media_offset FROM findings ORDER BY id", -1, &st, NULL);
    while (sqlite3_step(st) == SQLITE_ROW) {
        for (int c = 0; c < 8; c++) {
            const char *t = (const char *)sqlite3_column_text(st, c);
            len += (size_t)snprintf(out + len, cap - len, "%s|", t ? t : "NULL");
        }
        len += (size_t)snprintf(out + len, cap - len, "\n");
    }
    sqlite3_finalize(st);
    sqlite3_prepare_v2(db, "SELECT id, offset, length, kind FROM unallocated ORDER BY id", -1, &st, NULL);
    while (sqlite3_step(st) == SQLITE_ROW)
        len += (size_t)snprintf(out + len, cap - len, "u|%s|%s|%s|%s\n", sqlite3_column_text(st, 0),
                                sqlite3_column_text(st, 1), sqlite3_column_text(st, 2), sqlite3_column_text(st, 3));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}

static const char *tmp;

static char *run(const char *name, enum mode m, dft_pipeline_stats *st)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", tmp, name);
    dft_store *s;
    CHECK(dft_store_open(&s, path, true) == DFT_OK);
    int64_t ev;
    CHECK(dft_store_evidence_add(s, 0, "/synthetic", "raw", MEDIA, "fp", "[]", &ev) == DFT_OK);
    dft_pipeline_options po = { .threads = 2, .max_inmem = 4096, .file_timeout_s = 30, .temp_dir = tmp,
                                .commit_every = 50, .slack = true, .read_at = mem_read };
    dft_pipeline *p;
    CHECK(dft_pipeline_new(&p, s, ev, &po) == DFT_OK);
    CHECK(dft_pipeline_scans_regions(p));
    const dft_walk_sink *k = dft_pipeline_sink(p);
    CHECK(k->slack);
    hash_job j = { p, 0 };
    atomic_store(&reads, 0);
    region(k, 100000, 100000, "fs_unalloc", 0);
    if (m == M_SHARED) region(k, 500000, 100000, "fs_unalloc", 0);
    if (m != M_NOHASH) {
        CHECK(pthread_create(&j.t, NULL, hash_main, &j) == 0);
        if (m == M_SHARED) usleep(20000);   /* the hash waits at the first block: nothing mapped yet */
    }
    k->mapped(k->payload, 400000);
    if (m == M_NOHASH) region(k, 500000, 100000, "fs_unalloc", 0);
    if (m == M_LATE) {
        k->mapped(k->payload, MEDIA);
        pthread_join(j.t, NULL);           /* the hash has read everything */
        region(k, 500000, 100000, "fs_unalloc", 0);
    }
    region(k, 900000, 1000, "slack", 77);
    k->mapped(k->payload, MEDIA);
    dft_pipeline_walk_done(p);
    if (m == M_SHARED) pthread_join(j.t, NULL);
    CHECK(dft_pipeline_finish(p, st) == DFT_OK);
    dft_pipeline_free(p);
    dft_store_close(s);
    return dump(path);
}

static void test_region__shared_late_and_nohash_give_the_same_rows(void)
{
    dft_pipeline_stats a, b, c;
    char *shared = run("shared.db", M_SHARED, &a);
    uint64_t reads_shared = atomic_load(&reads);
    char *late = run("late.db", M_LATE, &b);
    uint64_t reads_late = atomic_load(&reads);
    char *nohash = run("nohash.db", M_NOHASH, &c);
    uint64_t reads_nohash = atomic_load(&reads);
    /* both fs regions from the hash read; only slack read again */
    CHECK(a.regions == 3 && a.region_shared_bytes == 200000 && a.region_reread_bytes == 1000);
    CHECK(reads_shared == 1000);
    /* the late region read again */
    CHECK(b.regions == 3 && b.region_shared_bytes == 100000 && b.region_reread_bytes == 101000);
    CHECK(reads_late == 101000);
    CHECK(c.regions == 3 && c.region_shared_bytes == 0 && c.region_reread_bytes == 201000);
    CHECK(reads_nohash == 201000);
    CHECK(strcmp(shared, late) == 0);
    CHECK(strcmp(shared, nohash) == 0);
    /* exact rows: file_id NULL, offset in the region, region id, media offset; slack: file, no region */
    CHECK(strstr(shared, "|NULL|t_region|test.mark|MARK-0001|23456|1|123456|") != NULL);
    CHECK(strstr(shared, "|NULL|t_region|test.mark|MARK-0002|54321|2|554321|") != NULL);
    CHECK(strstr(shared, "|77|t_region|test.mark|MARK-0003|10|NULL|900010|") != NULL);
    CHECK(strstr(shared, "u|1|100000|100000|fs_unalloc\nu|2|500000|100000|fs_unalloc\n") != NULL);
    /* the failing plugin: a warning about the slack region (its file, its media offset) */
    CHECK(strstr(shared, "|77|t_rfail|evidence.warning|slack region_begin at media offset 900000: t_rfail: no slack "
                         "here|0|NULL|900000|") != NULL);
    CHECK(strstr(shared, "u|3|") == NULL); /* no unallocated row for slack */
    free(shared);
    free(late);
    free(nohash);
}

int main(void)
{
    char *dir;
    if (dft_tempdir_make(&dir, NULL)) return 1;
    tmp = dir;
    for (size_t i = 0; i < MEDIA; i++) media[i] = (uint8_t)(i * 131 % 251);
    memcpy(media + 123456, "MARK-0001", 9);
    memcpy(media + 554321, "MARK-0002", 9);
    memcpy(media + 900010, "MARK-0003", 9);
    memcpy(media + 300000, "MARK-9999", 9); /* allocated: never seen */
    char *refusals = NULL;
    CHECK(dft_registry_load(NULL, NULL, &refusals) == DFT_OK);
    CHECK(dft_registry_add(&region_plugin, "built-in") == DFT_OK);
    CHECK(dft_registry_add(&failing_plugin, "built-in") == DFT_OK);
    CHECK(dft_registry_init_plugins() == DFT_OK);
    RUN(test_region__shared_late_and_nohash_give_the_same_rows);
    dft_registry_unload();
    free(refusals);
    dft_tempdir_remove(dir);
    free(dir);
    return check_failures;
}
