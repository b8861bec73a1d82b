/*
 * test_pipeline.c - the pipeline with a synthetic walker and an in-memory source: ids and rows are
 * deterministic whatever the thread count, streaming and whole-file plugins see every byte once,
 * siblings are copied beside the private copy (also for sequential sources, where the sibling
 * comes after the file), hard links are hashed once, a failing plugin becomes a warning, and
 * per-thread plugin state is made once per worker, seen only by its thread, and handed to
 * thread_fini when the worker ends.
 */
#include <pthread.h>
#include <stdatomic.h>
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

#define N_FILES 400

typedef struct mem_file {
    const char *path;
    uint8_t *data;
    size_t len;
} mem_file;

static mem_file files[N_FILES + 8];
static size_t n_files;

static int mem_stream(dft_source *src, void *ts, const dft_file_rec *f, dft_block_fn cb, void *payload,
                      uint64_t *bad, char *err, size_t errlen)
{
    (void)src; (void)ts; (void)bad; (void)err; (void)errlen;
    const mem_file *m = &files[f->locator];
    for (size_t off = 0; off < m->len; off += 7000) {
        size_t n = m->len - off < 7000 ? m->len - off : 7000;
        int rc = cb(payload, off, m->data + off, n);
        if (rc) return rc;
    }
    return DFT_OK;
}

static int mem_sibling(dft_source *src, void *ts, const dft_file_rec *f, const char *path, dft_block_fn cb,
                       void *payload)
{
    (void)src; (void)ts;
    char want[512];
    const char *slash = strrchr(f->path, '/');
    snprintf(want, sizeof want, "%.*s/%s", (int)(slash - f->path), f->path, path);
    for (size_t i = 0; i < n_files; i++)
        if (strcmp(files[i].path, want) == 0) return cb(payload, 0, files[i].data, files[i].len);
    return DFT_ENOTFOUND;
}

static dft_source mem_source = { .name = "mem", .stream = mem_stream, .sibling = mem_sibling };

static void add_file(const char *path, const void *data, size_t len)
{
    files[n_files].path = strdup(path);
    files[n_files].data = malloc(len ? len : 1);
    memcpy(files[n_files].data, data, len);
    files[n_files].len = len;
    n_files++;
}

static void make_files(void)
{
    char path[64], body[20000];
    for (int i = 0; i < N_FILES; i++) {
        snprintf(path, sizeof path, "/d/file%03d.txt", i);
        size_t len = (size_t)(i * 37) % sizeof body;
        for (size_t k = 0; k < len; k++) body[k] = (char)('a' + (k * 7 + (size_t)i) % 26);
        add_file(path, body, len);
    }
    add_file("/d/chat.db", "main-db-bytes", 13);
    add_file("/d/chat.db-wal", "wal-bytes-17", 12);
}

/* ---- test plugins ---- */

static int whole_scan(dft_scan *s, const dft_file *f, const dft_content *c)
{
    const char *path = dft_content_path(c);
    if (!path) return DFT_EIO;
    char wal[4200], got[64] = "";
    snprintf(wal, sizeof wal, "%s-wal", path);
    FILE *fp = fopen(wal, "rb");
    if (fp) {
        size_t n = fread(got, 1, sizeof got - 1, fp);
        got[n] = '\0';
        fclose(fp);
    }
    dft_finding fi = { .struct_size = sizeof(dft_finding), .kind = "test.whole", .value = got[0] ? got : "no-wal", .offset = -1, .length = (int64_t)f->size,
                       .confidence = 1 };
    return dft_emit_finding(s, &fi, NULL);
}

static const dft_claim whole_claims[] = { { DFT_CLAIM_EXT, "db" }, { DFT_CLAIM_END, NULL } };
static const char *const whole_siblings[] = { "-wal", NULL };
static const dft_plugin whole_plugin = { .abi = DFT_PLUGIN_ABI, .struct_size = sizeof(dft_plugin), .name = "t_whole", .version = "1", .claims = whole_claims,
                                         .siblings = whole_siblings, .access = DFT_ACCESS_WHOLE, .scan = whole_scan };

typedef struct counter { uint64_t bytes, next; } counter;

static int st_begin(dft_scan *s, const dft_file *f, void **state)
{
    (void)s; (void)f;
    *state = calloc(1, sizeof(counter));
    return *state ? DFT_OK : DFT_ENOMEM;
}

static int st_block(dft_scan *s, void *state, uint64_t off, const uint8_t *d, size_t n)
{
    (void)s; (void)d;
    counter *c = state;
    if (off != c->next) return dft_error_set(DFT_ERROR, "gap at %llu", (unsigned long long)off);
    c->bytes += n;
    c->next = off + n;
    return DFT_OK;
}

static int st_end(dft_scan *s, void *state)
{
    counter *c = state;
    char v[32];
    snprintf(v, sizeof v, "%llu", (unsigned long long)c->bytes);
    dft_finding fi = { .struct_size = sizeof(dft_finding), .kind = "test.bytes", .value = v, .offset = -1, .length = -1, .confidence = 1 };
    free(c);
    return dft_emit_finding(s, &fi, NULL);
}

static const dft_claim all_claims[] = { { DFT_CLAIM_ALL, NULL }, { DFT_CLAIM_END, NULL } };
static const dft_plugin stream_plugin = { .abi = DFT_PLUGIN_ABI, .struct_size = sizeof(dft_plugin), .name = "t_stream", .version = "1",
                                          .claims = all_claims, .access = DFT_ACCESS_STREAM,
                                          .stream_begin = st_begin, .stream_block = st_block, .stream_end = st_end };

static int failing_scan(dft_scan *s, const dft_file *f, const dft_content *c)
{
    (void)s; (void)f; (void)c;
    return dft_error_set(DFT_ECORRUPT, "synthetic corruption");
}
static const dft_claim fail_claims[] = { { DFT_CLAIM_NAME, "file007.txt" }, { DFT_CLAIM_END, NULL } };
static const dft_plugin failing_plugin = { .abi = DFT_PLUGIN_ABI, .struct_size = sizeof(dft_plugin), .name = "t_fail", .version = "1",
                                           .claims = fail_claims, .access = DFT_ACCESS_WHOLE, .scan = failing_scan };

/* Per-thread state: thread_init once per worker (lazily), the state seen only on its own thread. */
typedef struct tstate { pthread_t owner; uint64_t scans; } tstate;
static _Atomic int n_thread_init, n_thread_fini, n_thread_wrong;
static const int thread_run_state = 7;

static int th_init(void *state, void **out)
{
    if (state != &thread_run_state) return dft_error_set(DFT_ERROR, "run state not given to thread_init");
    tstate *t = calloc(1, sizeof *t);
    if (!t) return DFT_ENOMEM;
    t->owner = pthread_self();
    atomic_fetch_add(&n_thread_init, 1);
    *out = t;
    return DFT_OK;
}

static void th_fini(void *state, void *ts)
{
    tstate *t = ts;
    if (state != &thread_run_state || !pthread_equal(t->owner, pthread_self())) atomic_fetch_add(&n_thread_wrong, 1);
    free(t);
    atomic_fetch_add(&n_thread_fini, 1);
}

static int th_run_init(dft_init *in, void **state)
{
    (void)in;
    *state = (void *)&thread_run_state;
    return DFT_OK;
}

static int th_scan(dft_scan *s, const dft_file *f, const dft_content *c)
{
    (void)f; (void)c;
    tstate *t = dft_scan_thread_state(s);
    if (!t || !pthread_equal(t->owner, pthread_self())) atomic_fetch_add(&n_thread_wrong, 1);
    else t->scans++; /* no lock: only this thread sees it */
    const char *mode = dft_scan_option(s, "mode");
    if (!mode || strcmp(mode, "fast") != 0) atomic_fetch_add(&n_thread_wrong, 1);
    return DFT_OK;
}

static const dft_claim thread_claims[] = { { DFT_CLAIM_EXT, "txt" }, { DFT_CLAIM_END, NULL } };
static const dft_option thread_options[] = { { "mode", "how", "fast", 0 }, { NULL, NULL, NULL, 0 } };
static const dft_plugin thread_plugin = { .abi = DFT_PLUGIN_ABI, .struct_size = sizeof(dft_plugin), .name = "t_thread",
                                          .version = "1", .claims = thread_claims, .options = thread_options,
                                          .access = DFT_ACCESS_WHOLE, .init = th_run_init, .thread_init = th_init,
                                          .thread_fini = th_fini, .scan = th_scan };

/* thread_init that fails: every file the plugin would have scanned gets a warning saying why. */
static int thf_init(void *state, void **out)
{
    (void)state; (void)out;
    return dft_error_set(DFT_EIO, "no licence server");
}
static const dft_claim thf_claims[] = { { DFT_CLAIM_NAME, "file009.txt" }, { DFT_CLAIM_END, NULL } };
static const dft_plugin thread_fail_plugin = { .abi = DFT_PLUGIN_ABI, .struct_size = sizeof(dft_plugin),
                                               .name = "t_thread_fail", .version = "1", .claims = thf_claims,
                                               .access = DFT_ACCESS_WHOLE, .thread_init = thf_init,
                                               .scan = th_scan };

/* The same for a streaming plugin: it never begins, so it must never be ended either. */
static int never_begin(dft_scan *s, const dft_file *f, void **state)
{
    (void)s; (void)f; (void)state;
    atomic_fetch_add(&n_thread_wrong, 1);
    return DFT_ERROR;
}
static const dft_plugin thread_fail_stream_plugin = { .abi = DFT_PLUGIN_ABI, .struct_size = sizeof(dft_plugin),
                                                      .name = "t_thread_fail_stream", .version = "1",
                                                      .claims = thf_claims, .access = DFT_ACCESS_STREAM,
                                                      .thread_init = thf_init, .stream_begin = never_begin,
                                                      .stream_block = st_block, .stream_end = st_end };

/* 70 plugins claiming one file: past the worker's 64 per file, the file gets a warning, never a
 * silent drop. */
#define N_MANY 70
static const dft_claim many_claims[] = { { DFT_CLAIM_NAME, "file011.txt" }, { DFT_CLAIM_END, NULL } };
static dft_plugin many_plugins[N_MANY];
static char many_names[N_MANY][16];

static int noop_scan(dft_scan *s, const dft_file *f, const dft_content *c)
{
    (void)s; (void)f; (void)c;
    return DFT_OK;
}

static void add_many_plugins(void)
{
    for (int i = 0; i < N_MANY; i++) {
        snprintf(many_names[i], sizeof many_names[i], "t_many%02u", (unsigned)i % 100u);
        many_plugins[i] = (dft_plugin){ .abi = DFT_PLUGIN_ABI, .struct_size = sizeof(dft_plugin),
                                        .name = many_names[i], .version = "1", .claims = many_claims,
                                        .access = DFT_ACCESS_WHOLE, .scan = noop_scan };
        CHECK(dft_registry_add(&many_plugins[i], "built-in") == DFT_OK);
    }
}

/* ---- the synthetic walk ---- */

static const char *spill_dir;

static int walk(const dft_walk_sink *sink, bool sequential)
{
    mem_source.sequential = sequential;
    dft_volume_rec v = { .scheme = "dos", .slot = 0, .offset = 1048576, .length = 1 << 24, .description = "Linux" };
    int64_t vid, fsid, dir;
    sink->volume(sink->payload, &v, &vid);
    dft_fs_rec fs = { .volume_id = vid, .type = "ext4", .offset = 1048576, .block_size = 4096 };
    sink->filesystem(sink->payload, &fs, &fsid);
    dft_file_rec d = { .filesystem_id = fsid, .path = "/d", .name = "d", .type = 'd', .allocated = true };
    sink->file(sink->payload, &d, &dir);
    for (size_t i = 0; i < n_files; i++) {
        dft_file_rec r = { .filesystem_id = fsid, .parent_id = dir, .path = files[i].path,
                           .name = strrchr(files[i].path, '/') + 1, .type = 'r', .allocated = true,
                           .size = files[i].len, .meta_addr = 100 + i, .nlink = 1, .source = &mem_source,
                           .locator = i };
        char spill[4200];
        if (sequential && strstr(r.name, ".db")) {
            /* what an archive walker does with a member a lookup may need: spill it and keep it */
            snprintf(spill, sizeof spill, "%s/spill-%s", spill_dir, r.name);
            FILE *fp = fopen(spill, "wb");
            fwrite(files[i].data, 1, files[i].len, fp);
            fclose(fp);
            r.spill_path = spill;
            r.kept_path = spill;
        } else if (sequential) {
            r.inline_data = files[i].data;
        }
        int64_t id;
        sink->file(sink->payload, &r, &id);
    }
    /* a second name of inode 100 (file000): a hard link */
    dft_file_rec link = { .filesystem_id = fsid, .parent_id = dir, .path = "/d/hardlink", .name = "hardlink",
                          .type = 'r', .allocated = true, .size = files[5].len, .meta_addr = 105, .nlink = 2,
                          .source = &mem_source, .locator = 5 };
    dft_file_rec first = link;
    first.path = "/d/linked_first";
    first.name = "linked_first";
    int64_t id;
    if (!sequential) {
        sink->file(sink->payload, &first, &id);
        sink->file(sink->payload, &link, &id);
    }
    sink->warning(sink->payload, 0, 4096, "synthetic walk warning");
    return DFT_OK;
}

static char *dump(const char *case_path)
{
    sqlite3 *db;
    sqlite3_open_v2(case_path, &db, SQLITE_OPEN_READONLY, NULL);
    sqlite3_stmt *st;
    size_t cap = 1 << 20, len = 0;
    char *out = calloc(1, cap);
    const char *sql =
        "SELECT 'f', id, parent_id, path, size, sha256, hash_status, content_of, mime FROM files "
        "UNION ALL SELECT 'x', id, file_id, plugin, kind, value, offset, length, '' FROM findings ORDER BY 1, 2";
    sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    while (sqlite3_step(st) == SQLITE_ROW) {
        for (int c = 0; c < 9; c++) {
            const char *t = (const char *)sqlite3_column_text(st, c);
            len += (size_t)snprintf(out + len, cap - len, "%s|", t ? t : "NULL");
        }
        len += (size_t)snprintf(out + len, cap - len, "\n");
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}

static char *ingest(const char *dir, const char *name, int threads, bool sequential)
{
    char case_path[4200];
    snprintf(case_path, sizeof case_path, "%s/%s", dir, name);
    dft_store *s;
    CHECK(dft_store_open(&s, case_path, true) == DFT_OK);
    int64_t ev;
    CHECK(dft_store_evidence_add(s, 0, "/synthetic", "raw", 1 << 24, "fp", "[]", &ev) == DFT_OK);
    dft_pipeline_options po = { .threads = threads, .max_inmem = 4096, .file_timeout_s = 30, .temp_dir = dir,
                                .commit_every = 50 };
    dft_pipeline *p;
    CHECK(dft_pipeline_new(&p, s, ev, &po) == DFT_OK);
    spill_dir = dir;
    walk(dft_pipeline_sink(p), sequential);
    dft_pipeline_stats st;
    CHECK(dft_pipeline_finish(p, &st) == DFT_OK);
    CHECK(st.files == n_files + 1 + (sequential ? 0 : 2));
    dft_pipeline_free(p);
    dft_store_close(s);
    return dump(case_path);
}

static const char *tmp;

static void test_pipeline__deterministic_across_threads(void)
{
    char *one = ingest(tmp, "one.db", 1, false);
    char *two = ingest(tmp, "two.db", 2, false);
    char *four = ingest(tmp, "four.db", 4, false);
    CHECK(strcmp(one, two) == 0);
    CHECK(strcmp(one, four) == 0);
    /* the streaming plugin saw every byte of file123 (123*37 bytes), once */
    char want[128];
    snprintf(want, sizeof want, "|t_stream|test.bytes|%d|", 123 * 37);
    CHECK(strstr(one, want) != NULL);
    /* the whole-file plugin found the -wal sibling beside its private copy */
    CHECK(strstr(one, "|t_whole|test.whole|wal-bytes-17|") != NULL);
    /* the failing plugin became a warning, and the walk warning is recorded */
    CHECK(strstr(one, "|t_fail|evidence.warning|") != NULL);
    CHECK(strstr(one, "|core|evidence.warning|synthetic walk warning|4096|") != NULL);
    /* more plugins than the worker runs per file (70 t_many, t_stream, t_thread): said, not dropped */
    CHECK(strstr(one, "|core|evidence.warning|72 plugins claim this file; only the first 64 (by name) ran, "
                      "up to t_many63|") != NULL);
    /* the hard link shares the first name's content */
    CHECK(strstr(one, "/d/hardlink|") != NULL && strstr(one, "|shared|") != NULL);
    free(one);
    free(two);
    free(four);
}

static void test_pipeline__sequential_source_defers_sibling_scans(void)
{
    char *seq = ingest(tmp, "seq.db", 2, true);
    CHECK(strstr(seq, "|t_whole|test.whole|wal-bytes-17|") != NULL);
    char *again = ingest(tmp, "seq2.db", 1, true);
    CHECK(strcmp(seq, again) == 0);
    free(seq);
    free(again);
}

static void test_pipeline__thread_state_per_worker(void)
{
    atomic_store(&n_thread_init, 0);
    atomic_store(&n_thread_fini, 0);
    atomic_store(&n_thread_wrong, 0);
    char *one = ingest(tmp, "threads.db", 4, false);
    CHECK(atomic_load(&n_thread_init) >= 1 && atomic_load(&n_thread_init) <= 4);
    CHECK(atomic_load(&n_thread_fini) == atomic_load(&n_thread_init));
    CHECK(atomic_load(&n_thread_wrong) == 0);
    CHECK(strstr(one, "|t_thread|evidence.warning|") == NULL);
    CHECK(strstr(one, "|t_thread_fail|evidence.warning|plugin t_thread_fail: thread_init failed: no licence server|") != NULL);
    CHECK(strstr(one, "|t_thread_fail_stream|evidence.warning|plugin t_thread_fail_stream: thread_init failed: "
                      "no licence server|") != NULL);
    free(one);
}

static void test_pipeline__hashes_match_content(void)
{
    char *one = ingest(tmp, "hash.db", 2, false);
    dft_hashes h;
    dft_hasher *hs;
    dft_hasher_new(&hs);
    dft_hasher_update(hs, files[42].data, files[42].len);
    dft_hasher_final(hs, &h);
    dft_hasher_free(hs);
    char want[200];
    snprintf(want, sizeof want, "/d/file042.txt|%zu|%s|full|", files[42].len, h.sha256);
    CHECK(strstr(one, want) != NULL);
    free(one);
}

int main(void)
{
    char *dir;
    if (dft_tempdir_make(&dir, NULL)) return 1;
    tmp = dir;
    make_files();
    char *refusals = NULL;
    /* only sqlite_inventory of the built-ins: the plugin counts below are the test's own */
    CHECK(dft_registry_load(NULL, "sqlite_inventory", &refusals) == DFT_OK);
    CHECK(dft_registry_add(&whole_plugin, "built-in") == DFT_OK);
    CHECK(dft_registry_add(&stream_plugin, "built-in") == DFT_OK);
    CHECK(dft_registry_add(&failing_plugin, "built-in") == DFT_OK);
    CHECK(dft_registry_add(&thread_plugin, "built-in") == DFT_OK);
    CHECK(dft_registry_add(&thread_fail_plugin, "built-in") == DFT_OK);
    CHECK(dft_registry_add(&thread_fail_stream_plugin, "built-in") == DFT_OK);
    add_many_plugins();
    dft_plugin bad = whole_plugin;
    bad.abi = 999;
    bad.name = "t_bad";
    CHECK(dft_registry_add(&bad, "bad.so") == DFT_EUNSUPPORTED);
    CHECK(strstr(dft_error_last(), "ABI") != NULL);
    CHECK(dft_registry_init_plugins() == DFT_OK);
    RUN(test_pipeline__deterministic_across_threads);
    RUN(test_pipeline__sequential_source_defers_sibling_scans);
    RUN(test_pipeline__hashes_match_content);
    RUN(test_pipeline__thread_state_per_worker);
    dft_registry_unload();
    free(refusals);
    for (size_t i = 0; i < n_files; i++) {
        free((char *)files[i].path);
        free(files[i].data);
    }
    dft_tempdir_remove(dir);
    free(dir);
    return check_failures ? 1 : 0;
}
