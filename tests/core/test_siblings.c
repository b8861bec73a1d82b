/*
 * test_siblings.c - exact sibling and path lookups through the pipeline's file index (issue 7
 * item 3) and the richer file view (item 4), with a synthetic walker: a deleted msgstore.db beside
 * a live msgstore.db and its live -wal (the WAL pairs only with the live one), the WAL walked after
 * the database (postponed scans), relative, absolute and "-suffix" lookups, a partly unreadable
 * sibling (complete=false and a warning), a missing one (DFT_ENOTFOUND), listing, globbing,
 * directory claims, hashes/times/evidence view/evidence meta in the dft_file; the same results from
 * a random-access source and a sequential one (spilled, kept members), whatever the thread count.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "hash.h"
#include "pipeline.h"
#include "registry.h"
#include "store.h"
#include "tempdir.h"

typedef struct sfile {
    const char *path, *dev;
    char type;
    bool allocated;
    const char *data;
    int bad;           /* trailing bytes the source cannot read */
    int parent;        /* index of the parent directory, -1 for none */
} sfile;

/* Walk order: the deleted database first, then the live one, its WAL last. */
static const sfile files[] = {
    /* 0 */ { "/app", "/data/data/com.x", 'd', true, NULL, 0, -1 },
    /* 1 */ { "/app/databases", "/data/data/com.x/databases", 'd', true, NULL, 0, 0 },
    /* 2 */ { "/app/databases/msgstore.db", "/data/data/com.x/databases/msgstore.db", 'r', false, "old-db", 0, 1 },
    /* 3 */ { "/app/databases/msgstore.db", "/data/data/com.x/databases/msgstore.db", 'r', true, "live-db", 0, 1 },
    /* 4 */ { "/app/databases/wa.db", "/data/data/com.x/databases/wa.db", 'r', true, "wa-bytes", 0, 1 },
    /* 5 */ { "/app/files", "/data/data/com.x/files", 'd', true, NULL, 0, 0 },
    /* 6 */ { "/app/files/key", "/data/data/com.x/files/key", 'r', true, "KEY-BYTES", 0, 5 },
    /* 7 */ { "/app/files/partial.bin", "/data/data/com.x/files/partial.bin", 'r', true, "half", 4, 5 },
    /* 8 */ { "/app/databases/msgstore.db-wal", "/data/data/com.x/databases/msgstore.db-wal", 'r', true, "live-wal",
              0, 1 },
};
#define N_SFILES (sizeof files / sizeof files[0])

static int mem_stream(dft_source *src, void *ts, const dft_file_rec *f, dft_block_fn cb, void *payload,
                      uint64_t *bad, char *err, size_t errlen)
{
    (void)src; (void)ts;
    const sfile *m = &files[f->locator];
    size_t n = strlen(m->data);
    int rc = cb(payload, 0, (const uint8_t *)m->data, n);
    if (rc || !m->bad) return rc;
    static const uint8_t zeros[16];
    *bad += (uint64_t)m->bad;
    snprintf(err, errlen, "synthetic bad sector");
    return cb(payload, n, zeros, (size_t)m->bad);
}

static dft_source mem_source = { .name = "mem", .stream = mem_stream };

/* ---- the test plugin: looks things up and reports what it got as findings ---- */

static int emit(dft_scan *s, const char *kind, const char *value)
{
    dft_finding fi = DFT_INIT(dft_finding);
    fi.kind = kind;
    fi.value = value;
    fi.offset = -1;
    fi.length = -1;
    fi.confidence = 1;
    return dft_emit_finding(s, &fi, NULL);
}

static void report_sibling(dft_scan *s, const dft_content *c, const char *arg)
{
    dft_sibling sib = DFT_INIT(dft_sibling);
    char v[600], got[64] = "";
    int rc = dft_content_sibling(c, arg, &sib);
    if (rc) {
        snprintf(v, sizeof v, "%s -> %s", arg, dft_error_name(rc));
    } else {
        FILE *fp = fopen(sib.path, "rb");
        if (fp) {
            got[fread(got, 1, sizeof got - 1, fp)] = '\0';
            fclose(fp);
        }
        snprintf(v, sizeof v, "%s -> %s alloc=%d complete=%d size=%llu sha=%.8s bytes=%s", arg, sib.device_path,
                 sib.allocated, sib.complete, (unsigned long long)sib.size, sib.sha256 ? sib.sha256 : "-", got);
    }
    emit(s, "test.sibling", v);
}

static int collect(void *payload, const dft_dirent *e)
{
    char *out = payload;
    size_t n = strlen(out);
    snprintf(out + n, 2000 - n, "%s%s%c%s", n ? "," : "", e->name, e->type, e->allocated ? "" : "(deleted)");
    return 0;
}

static int sib_scan(dft_scan *s, const dft_file *f, const dft_content *c)
{
    char v[2000] = "";
    if (f->type == 'd') {
        size_t len;
        CHECK(dft_content_bytes(c, &len) == NULL && len == 0);
        CHECK(dft_content_path(c) == NULL);
        dft_content_list(c, ".", collect, v);
        return emit(s, "test.dirlist", v);
    }
    const dft_file *sf = dft_scan_file(s);
    snprintf(v, sizeof v, "alloc=%d status=%s sha=%.8s mtime=%s ev=%s:%s imei=%s parent=%s", f->allocated,
             f->hash_status, f->sha256 ? f->sha256 : "-", f->mtime ? f->mtime : "-",
             f->evidence ? f->evidence->kind : "-", f->evidence ? f->evidence->path : "-",
             dft_scan_evidence_meta(s, "device.imei") ? dft_scan_evidence_meta(s, "device.imei") : "-",
             sf == f && f->parent_id ? "set" : "unset");
    emit(s, "test.file", v);
    /* what the declared -wal put beside the private copy */
    const char *path = dft_content_path(c);
    char wal[4200], got[64] = "";
    snprintf(wal, sizeof wal, "%s-wal", path ? path : "");
    FILE *fp = path ? fopen(wal, "rb") : NULL;
    if (fp) {
        got[fread(got, 1, sizeof got - 1, fp)] = '\0';
        fclose(fp);
    }
    emit(s, "test.beside", got[0] ? got : "no-wal");
    report_sibling(s, c, "-wal");
    report_sibling(s, c, "wa.db");
    report_sibling(s, c, "../files/key");
    report_sibling(s, c, "/data/data/com.x/files/key");
    report_sibling(s, c, "../files/partial.bin");
    report_sibling(s, c, "nosuch.db");
    report_sibling(s, c, "../../../../../etc/passwd");
    v[0] = '\0';
    dft_content_list(c, ".", collect, v);
    emit(s, "test.list", v);
    v[0] = '\0';
    dft_content_list(c, "/data/data/com.x/files", collect, v);
    emit(s, "test.list_abs", v);
    v[0] = '\0';
    dft_content_glob(c, "/data/data/*/files/*", collect, v);
    emit(s, "test.glob", v);
    const char *wd = dft_content_workdir(c);
    CHECK(wd && access(wd, W_OK) == 0);
    return DFT_OK;
}

static const dft_claim sib_claims[] = { { DFT_CLAIM_NAME, "msgstore.db" }, { DFT_CLAIM_DIR, "*/com.x/files" },
                                        { DFT_CLAIM_END, NULL } };
static const char *const sib_siblings[] = { "-wal", NULL };
static const dft_plugin sib_plugin = { .abi = DFT_PLUGIN_ABI, .struct_size = sizeof(dft_plugin), .name = "t_sib",
                                       .version = "1", .claims = sib_claims, .siblings = sib_siblings,
                                       .access = DFT_ACCESS_WHOLE, .scan = sib_scan };

/* A plugin without siblings: not postponed, so it sees only files reported before its own. */
static int early_scan(dft_scan *s, const dft_file *f, const dft_content *c)
{
    (void)f;
    char v[600];
    dft_sibling sib = DFT_INIT(dft_sibling);
    int rc = dft_content_sibling(c, "msgstore.db-wal", &sib);
    snprintf(v, sizeof v, "wal-from-wa.db -> %s", rc ? dft_error_name(rc) : "found");
    return emit(s, "test.early", v);
}
static const dft_claim early_claims[] = { { DFT_CLAIM_NAME, "wa.db" }, { DFT_CLAIM_END, NULL } };
static const dft_plugin early_plugin = { .abi = DFT_PLUGIN_ABI, .struct_size = sizeof(dft_plugin), .name = "t_early",
                                         .version = "1", .claims = early_claims, .access = DFT_ACCESS_WHOLE,
                                         .scan = early_scan };

/* ---- the synthetic walk ---- */

static const char *spill_dir;

static void walk(const dft_walk_sink *sink, bool sequential)
{
    sink->meta(sink->payload, "device.imei", "356938035643809");
    int64_t ids[N_SFILES];
    for (size_t i = 0; i < N_SFILES; i++) {
        const sfile *m = &files[i];
        dft_file_rec r;
        dft_file_rec_init(&r);
        r.parent_id = m->parent >= 0 ? ids[m->parent] : 0;
        r.path = m->path;
        r.name = strrchr(m->path, '/') + 1;
        r.device_path = m->dev;
        r.type = m->type;
        r.allocated = m->allocated;
        r.meta_addr = 10 + i;
        r.has_mtime = true;
        r.mtime = 1600000000;
        char spill[4200];
        if (m->type == 'r') {
            r.size = strlen(m->data) + (size_t)m->bad;
            r.locator = i;
            r.source = &mem_source;
            if (sequential) {
                /* an archive walker: the bytes it could read, spilled and kept for lookups */
                snprintf(spill, sizeof spill, "%s/spill%zu", spill_dir, i);
                FILE *fp = fopen(spill, "wb");
                fwrite(m->data, 1, strlen(m->data), fp);
                fclose(fp);
                r.size = strlen(m->data);
                r.spill_path = spill;
                r.kept_path = spill;
                if (m->bad) {
                    r.content_partial = true;
                    r.content_error = "member truncated";
                }
            }
        }
        sink->file(sink->payload, &r, &ids[i]);
    }
}

static char *ingest(const char *name, int threads, bool sequential)
{
    char case_path[4200];
    snprintf(case_path, sizeof case_path, "%s/%s", spill_dir, name);
    dft_store *s;
    CHECK(dft_store_open(&s, case_path, true) == DFT_OK);
    int64_t ev;
    CHECK(dft_store_evidence_add(s, 0, "/synthetic.tar", "tar", 1 << 20, "fp", "[]", &ev) == DFT_OK);
    mem_source.sequential = sequential;
    dft_pipeline_options po = { .threads = threads, .max_inmem = 4096, .file_timeout_s = 30, .temp_dir = spill_dir,
                                .commit_every = 50, .evidence_path = "/synthetic.tar", .evidence_kind = "tar" };
    dft_pipeline *p;
    CHECK(dft_pipeline_new(&p, s, ev, &po) == DFT_OK);
    walk(dft_pipeline_sink(p), sequential);
    CHECK(dft_pipeline_finish(p, NULL) == DFT_OK);
    dft_pipeline_free(p);
    dft_store_close(s);

    sqlite3 *db;
    sqlite3_open_v2(case_path, &db, SQLITE_OPEN_READONLY, NULL);
    sqlite3_stmt *st;
    size_t cap = 1 << 16, len = 0;
    char *out = calloc(1, cap);
    sqlite3_prepare_v2(db,
                       "SELECT f.id, f.allocated, x.plugin, x.kind, x.value FROM findings x JOIN files f ON "
                       "f.id = x.file_id ORDER BY x.id",
                       -1, &st, NULL);
    while (sqlite3_step(st) == SQLITE_ROW) {
        len += (size_t)snprintf(out + len, cap - len, "%s|%s|%s|%s|%s\n", sqlite3_column_text(st, 0),
                                sqlite3_column_text(st, 1), sqlite3_column_text(st, 2), sqlite3_column_text(st, 3),
                                sqlite3_column_text(st, 4));
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}

static char *sha8(const char *s)
{
    static char out[9];
    char hex[65];
    dft_sha256_hex(hex, s, strlen(s));
    memcpy(out, hex, 8);
    out[8] = '\0';
    return out;
}

static bool has(const char *dump, const char *needle)
{
    if (strstr(dump, needle)) return true;
    fprintf(stderr, "missing: %s\n", needle);
    return false;
}

static void check_results(const char *d, bool sequential)
{
    char want[600];
    if (getenv("TEST_DUMP")) fputs(d, stderr);
    /* the live database: its WAL, beside the copy and through the lookup */
    CHECK(has(d, "|1|t_sib|test.beside|live-wal\n"));
    snprintf(want, sizeof want, "|1|t_sib|test.sibling|-wal -> /data/data/com.x/databases/msgstore.db-wal alloc=1 "
             "complete=1 size=8 sha=%s bytes=live-wal\n", sha8("live-wal"));
    CHECK(has(d, want));
    /* the deleted database: never paired with the live WAL or the live wa.db of the same folder */
    CHECK(has(d, "|0|t_sib|test.beside|no-wal\n"));
    CHECK(has(d, "|0|t_sib|test.sibling|-wal -> not found\n"));
    CHECK(has(d, "|0|t_sib|test.sibling|wa.db -> not found\n"));
    CHECK(has(d, "|1|t_sib|test.sibling|wa.db -> /data/data/com.x/databases/wa.db alloc=1 complete=1"));
    /* relative and absolute lookups in another folder, from both */
    CHECK(has(d, "|0|t_sib|test.sibling|../files/key -> /data/data/com.x/files/key alloc=1 complete=1 size=9"));
    CHECK(has(d, "|1|t_sib|test.sibling|/data/data/com.x/files/key -> /data/data/com.x/files/key alloc=1 "
                 "complete=1 size=9"));
    /* partly unreadable: complete=0, and a warning naming it */
    CHECK(has(d, sequential ? "|1|t_sib|test.sibling|../files/partial.bin -> /data/data/com.x/files/partial.bin "
                              "alloc=1 complete=0 size=4"
                            : "|1|t_sib|test.sibling|../files/partial.bin -> /data/data/com.x/files/partial.bin "
                              "alloc=1 complete=0 size=8"));
    CHECK(has(d, "|1|t_sib|evidence.warning|sibling /data/data/com.x/files/partial.bin (files.id "));
    CHECK(has(d, "is incomplete: "));
    CHECK(has(d, "|1|t_sib|test.sibling|nosuch.db -> not found\n"));
    CHECK(has(d, "|1|t_sib|test.sibling|../../../../../etc/passwd -> not found\n"));
    /* listing (deleted entries included, name order) and glob (device-path order) */
    CHECK(has(d, "|1|t_sib|test.list|msgstore.dbr(deleted),msgstore.dbr,msgstore.db-walr,wa.dbr\n"));
    CHECK(has(d, "|1|t_sib|test.list_abs|keyr,partial.binr\n"));
    CHECK(has(d, "|1|t_sib|test.glob|keyr,partial.binr\n"));
    /* the directory claim: scanned after the walk, lists its entries */
    CHECK(has(d, "|1|t_sib|test.dirlist|keyr,partial.binr\n"));
    /* the file view: hashes of the whole file, times, evidence view and metadata */
    snprintf(want, sizeof want, "|1|t_sib|test.file|alloc=1 status=full sha=%s mtime=2020-09-13T12:26:40Z "
             "ev=tar:/synthetic.tar imei=356938035643809 parent=set\n", sha8("live-db"));
    CHECK(has(d, want));
    /* a scan that is not postponed sees only files reported before its own (deterministic) */
    CHECK(has(d, "|1|t_early|test.early|wal-from-wa.db -> not found\n"));
}

static void test_siblings__random_access_source(void)
{
    char *one = ingest("r1.db", 1, false);
    char *two = ingest("r2.db", 2, false);
    char *four = ingest("r4.db", 4, false);
    check_results(one, false);
    CHECK(strcmp(one, two) == 0);
    CHECK(strcmp(one, four) == 0);
    free(one);
    free(two);
    free(four);
}

static void test_siblings__sequential_source(void)
{
    char *one = ingest("s1.db", 1, true);
    char *four = ingest("s4.db", 4, true);
    check_results(one, true);
    CHECK(strcmp(one, four) == 0);
    free(one);
    free(four);
}

int main(void)
{
    char *dir;
    if (dft_tempdir_make(&dir, NULL)) return 1;
    spill_dir = dir;
    char *refusals = NULL;
    CHECK(dft_registry_load(NULL, "", &refusals) == DFT_OK);
    CHECK(dft_registry_add(&sib_plugin, "built-in") == DFT_OK);
    CHECK(dft_registry_add(&early_plugin, "built-in") == DFT_OK);
    CHECK(dft_registry_init_plugins() == DFT_OK);
    RUN(test_siblings__random_access_source);
    RUN(test_siblings__sequential_source);
    dft_registry_unload();
    free(refusals);
    dft_tempdir_remove(dir);
    free(dir);
    return check_failures ? 1 : 0;
}
