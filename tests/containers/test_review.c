/*
 * test_review.c - regressions for the code review of the phone-dump backends (archives, UFDR,
 * iTunes). Inputs come from testimages/phone/make_review.py (DFT_PHONE_IMAGES/review).
 *
 *   test_archive__deep_pax_member        1  40,000-component pax name: no crash, folded, bounded
 *   test_itunes__deep_relative_path      1  300,000-component relativePath
 *   test_itunes__sibling_before_walk     2  sibling() finds x.sqlite-wal while x.sqlite is emitted
 *   test_itunes__symlink_backing         3  planted symlinks (file, hashed subdir) are not followed
 *   test_archive__ufdr_report_bomb       4  report.xml declaring 100 bytes, inflating to 32 MiB
 *   test_archive__hardlinks              5  hard links get the target's content or are partial
 *   test_archive__slash_runs             6  runs of '/' keep every component
 *   test_archive__file_as_parent         6  a member under a regular file is renamed "~dir"
 *   test_itunes__many_hashed_files       7  the encrypted listing grows its array (ASan-checked)
 *   test_archive__unreadable_zip         8  2^63-byte sizes: a warning, the walk completes, no repeated path
 */
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "devpath.h"
#include "error.h"
#include "evidence_impl.h"
#include "hash.h"
#include "rec_sink.h"
#include "registry.h"

static char images[4096];
static char tmpdir[256];

/* the same keep plugin as test_archive.c: msgstore.db is kept (spilled) for sibling lookups */
static int keep_scan(dft_scan *s, const dft_file *f, const dft_content *c)
{
    (void)s; (void)f; (void)c;
    return DFT_OK;
}
static const dft_claim keep_claims[] = { { DFT_CLAIM_NAME, "msgstore.db" }, { DFT_CLAIM_END, NULL } };
static const char *const keep_siblings[] = { "-wal", NULL };
static const dft_plugin keep_plugin = { .abi = DFT_PLUGIN_ABI, .struct_size = sizeof(dft_plugin), .name = "t_keep_review", .version = "1",
                                        .claims = keep_claims, .siblings = keep_siblings,
                                        .access = DFT_ACCESS_WHOLE, .scan = keep_scan };

typedef struct run {
    dft_evidence ev;
    tsink t;
    int open_rc, walk_rc;
} run;

static void verbose_dump(const run *R)
{
    if (!getenv("TEST_VERBOSE")) return;
    for (size_t i = 0; i < R->t.n && i < 50; i++)
        fprintf(stderr, "  %lld<%lld %c %.120s sz=%llu partial=%d err=%s %s\n", (long long)R->t.recs[i].id,
                (long long)R->t.recs[i].parent_id, R->t.recs[i].type, R->t.recs[i].path,
                (unsigned long long)R->t.recs[i].size, R->t.recs[i].partial,
                R->t.recs[i].content_error ? R->t.recs[i].content_error : "-",
                R->t.recs[i].extra_json ? R->t.recs[i].extra_json : "");
    for (size_t i = 0; i < R->t.nw; i++) fprintf(stderr, "  warning: %.300s\n", R->t.warnings[i]);
}

static void arc_run(run *R, const char *file, const char *kind)
{
    memset(R, 0, sizeof *R);
    char p[4200];
    snprintf(p, sizeof p, "%s/%s", images, file);
    R->ev.path = strdup(p);
    snprintf(R->ev.kind, sizeof R->ev.kind, "%s", kind);
    R->ev.opts.temp_dir = tmpdir;
    R->ev.opts.keep_member = dft_registry_keeps;
    R->open_rc = dft_evidence_archive_open(&R->ev);
    CHECK(R->open_rc == DFT_OK, "open %s: %s", file, dft_error_last());
    dft_walk_sink s;
    tsink_init(&R->t, &s);
    R->walk_rc = R->open_rc ? R->open_rc : R->ev.ops->walk(&R->ev, &s);
    verbose_dump(R);
}

static void itunes_run(run *R, const char *dir, dft_walk_sink *custom)
{
    memset(R, 0, sizeof *R);
    char p[4200];
    snprintf(p, sizeof p, "%s/%s", images, dir);
    R->ev.path = strdup(p);
    R->open_rc = dft_evidence_itunes_open(&R->ev);
    CHECK(R->open_rc == DFT_OK, "open %s: %s", dir, dft_error_last());
    dft_walk_sink s;
    tsink_init(&R->t, &s);
    if (custom) {
        *custom = s;
        R->walk_rc = R->open_rc ? R->open_rc : R->ev.ops->walk(&R->ev, custom);
    } else {
        R->walk_rc = R->open_rc ? R->open_rc : R->ev.ops->walk(&R->ev, &s);
    }
    verbose_dump(R);
}

static void close_run(run *R)
{
    if (R->ev.ops && R->ev.ops->close) R->ev.ops->close(&R->ev);
    tsink_free(&R->t);
    free(R->ev.path);
}

static const trec *find_name_prefix(const tsink *t, const char *prefix, char type)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->recs[i].type == type && strncmp(t->recs[i].name, prefix, strlen(prefix)) == 0) return &t->recs[i];
    return NULL;
}

static long maxrss_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024;
}

/* ---- 1. deep paths ------------------------------------------------------------------------------ */

static void test_archive__deep_pax_member(void)
{
    run R;
    arc_run(&R, "deep.tar", "tar");
    CHECK(R.walk_rc == DFT_OK, "walk: %s", dft_error_last());
    CHECK(R.ev.walk_hash_done, "media hash done");
    const trec *f = find_name_prefix(&R.t, "__deep__", 'r');
    CHECK(f != NULL, "the deep member is recorded under a folded name");
    if (f) {
        CHECK(strstr(f->name, "_deep.txt") != NULL, "folded name keeps the file name: %s", f->name);
        CHECK(strlen(f->path) <= DFT_DEVPATH_MAX_LEN + 1, "path capped (%zu bytes)", strlen(f->path));
    }
    CHECK(R.t.n <= DFT_DEVPATH_MAX_COMPS + 4, "directories capped (%zu records)", R.t.n);
    CHECK(tsink_warnings_with(&R.t, "folded into one name") == 1, "fold warning");
    CHECK(tsink_find(&R.t, "/ok.txt") != NULL, "the walk goes on after the deep member");
    check_tree(&R.t, 0);
    close_run(&R);
}

static void test_itunes__deep_relative_path(void)
{
    run R;
    itunes_run(&R, "itunes_deep", NULL);
    CHECK(R.walk_rc == DFT_OK, "walk: %s", dft_error_last());
    const trec *f = find_name_prefix(&R.t, "__deep__", 'r');
    CHECK(f && strstr(f->name, "_deep.db"), "deep row recorded under a folded name");
    CHECK(R.t.n <= DFT_DEVPATH_MAX_COMPS + 8, "directories capped (%zu records)", R.t.n);
    CHECK(tsink_warnings_with(&R.t, "folded into one name") == 1, "fold warning");
    CHECK(tsink_find(&R.t, "/HomeDomain/Library/ok.txt") != NULL, "other rows kept");
    check_tree(&R.t, 0);
    close_run(&R);
}

/* ---- 2. sibling map complete before the walk emits anything --------------------------------------- */

static dft_walk_sink g_inner;
static int g_sib_rc = -999;
static uint64_t g_sib_bytes;

static int count_cb(void *payload, uint64_t off, const uint8_t *d, size_t n)
{
    (void)off;
    (void)d;
    *(uint64_t *)payload += n;
    return DFT_OK;
}

/* Calls sibling() for notes.sqlite-wal from inside the file callback of notes.sqlite, which the walk
 * emits before the -wal row: what a worker thread racing the walk would see. */
static int sib_file(void *payload, const dft_file_rec *f, int64_t *out_id)
{
    if (f->source && f->source->sibling && strcmp(f->name, "notes.sqlite") == 0) {
        g_sib_bytes = 0;
        g_sib_rc = f->source->sibling(f->source, NULL, f, "notes.sqlite-wal", count_cb, &g_sib_bytes);
    }
    return g_inner.file(payload, f, out_id);
}

static void test_itunes__sibling_before_walk(void)
{
    run R;
    dft_walk_sink s;
    memset(&s, 0, sizeof s);
    /* itunes_run fills s from tsink_init; swap the file callback */
    memset(&R, 0, sizeof R);
    char p[4200];
    snprintf(p, sizeof p, "%s/itunes_wal", images);
    R.ev.path = strdup(p);
    R.open_rc = dft_evidence_itunes_open(&R.ev);
    CHECK(R.open_rc == DFT_OK, "open: %s", dft_error_last());
    tsink_init(&R.t, &g_inner);
    s = g_inner;
    s.file = sib_file;
    R.walk_rc = R.open_rc ? R.open_rc : R.ev.ops->walk(&R.ev, &s);
    CHECK(R.walk_rc == DFT_OK, "walk: %s", dft_error_last());
    CHECK(!R.ev.impl || !((dft_source *)R.ev.impl)->sequential, "the iTunes source stays random-access");
    CHECK(g_sib_rc == DFT_OK, "sibling -wal not found while the database was emitted (rc %d: %s)", g_sib_rc,
          dft_error_last());
    const trec *w = tsink_find(&R.t, "/HomeDomain/Library/Notes/notes.sqlite-wal");
    CHECK(w && g_sib_bytes == w->size && w->size > 0, "sibling served the whole -wal (%llu bytes)",
          (unsigned long long)g_sib_bytes);
    close_run(&R);
}

/* ---- 3. symlinks planted in a backup ------------------------------------------------------------- */

static void test_itunes__symlink_backing(void)
{
    run R;
    itunes_run(&R, "itunes_symlink", NULL);
    CHECK(R.walk_rc == DFT_OK, "walk: %s", dft_error_last());
    const trec *pl = tsink_find(&R.t, "/HomeDomain/Library/planted.txt");
    CHECK(pl && pl->partial && !pl->source && pl->content_error && strstr(pl->content_error, "symbolic link"),
          "symlinked backing file not followed: %s", pl && pl->content_error ? pl->content_error : "(none)");
    const trec *vd = tsink_find(&R.t, "/HomeDomain/Library/viadir.txt");
    CHECK(vd && vd->partial && !vd->source, "backing file behind a symlinked hashed directory not followed");
    CHECK(tsink_warnings_with(&R.t, "backing file is a symbolic link: not followed") == 2, "symlink warnings (%zu)",
          tsink_warnings_with(&R.t, "backing file is a symbolic link: not followed"));
    const trec *ok = tsink_find(&R.t, "/HomeDomain/Library/ok.txt");
    CHECK(ok && ok->source && !ok->partial, "the regular file is served");
    if (ok && ok->source) {
        dft_file_rec f;
        memset(&f, 0, sizeof f);
        f.path = ok->path;
        f.name = ok->name;
        f.locator = ok->locator;
        f.size = ok->size;
        uint64_t n = 0, bad = 0;
        char err[200] = "";
        int rc = ok->source->stream(ok->source, NULL, &f, count_cb, &n, &bad, err, sizeof err);
        CHECK(rc == DFT_OK && n == 3 && bad == 0, "stream ok.txt: rc %d n %llu %s", rc, (unsigned long long)n, err);
        /* sibling lookups cannot reach the planted file either */
        n = 0;
        rc = ok->source->sibling(ok->source, NULL, &f, "planted.txt", count_cb, &n);
        CHECK(rc != DFT_OK && n == 0, "sibling through a symlink refused (rc %d, %llu bytes)", rc, (unsigned long long)n);
    }
    close_run(&R);
}

/* ---- 4. UFDR report.xml bomb -------------------------------------------------------------------- */

static void test_archive__ufdr_report_bomb(void)
{
    long before = maxrss_mb();
    run R;
    arc_run(&R, "bomb.ufdr", "zip");
    CHECK(R.walk_rc == DFT_OK, "walk: %s", dft_error_last());
    CHECK(strcmp(R.ev.kind, "ufdr") == 0, "kind %s", R.ev.kind);
    CHECK(tsink_warnings_with(&R.t, "UFDR report.xml inflates past") == 1, "report.xml cap warning");
    CHECK(tsink_find(&R.t, "/files/x.txt") != NULL, "the walk goes on without device paths");
    long grew = maxrss_mb() - before;
    CHECK(grew < 200, "report.xml held in memory: peak RSS grew by %ld MB", grew);
    close_run(&R);
}

/* ---- 5. hard links ------------------------------------------------------------------------------ */

static void test_archive__hardlinks(void)
{
    run R;
    arc_run(&R, "hardlink.tar", "tar");
    CHECK(R.walk_rc == DFT_OK, "walk: %s", dft_error_last());
    const trec *b = tsink_find(&R.t, "/dir/b.txt");
    CHECK(b && b->type == 'r', "hard link recorded as a regular file");
    if (b) {
        CHECK(b->partial, "a hard link whose content is not retained is partial, not an empty full file");
        CHECK(b->content_error && strstr(b->content_error, "hard link to /dir/a.txt: content not retained"),
              "reason: %s", b->content_error ? b->content_error : "(none)");
        CHECK(b->extra_json && strstr(b->extra_json, "\"hardlink_to\":\"/dir/a.txt\""), "extra_json: %s",
              b->extra_json ? b->extra_json : "(none)");
    }
    const trec *m = tsink_find(&R.t, "/db/msgstore.db"), *c = tsink_find(&R.t, "/db/msgstore-copy.db");
    CHECK(m && c, "kept target and its link recorded");
    if (m && c) {
        CHECK(!c->partial && c->size == m->size && c->size == 216, "link to a kept member gets its bytes (%llu)",
              (unsigned long long)c->size);
        CHECK(c->has_content && strcmp(c->sha256, m->sha256) == 0, "same content hash as the target");
        CHECK(c->extra_json && strstr(c->extra_json, "\"hardlink_to\":\"/db/msgstore.db\""), "hardlink_to");
    }
    const trec *d = tsink_find(&R.t, "/dangling.txt");
    CHECK(d && d->partial && d->content_error && strstr(d->content_error, "target not found"), "dangling link: %s",
          d && d->content_error ? d->content_error : "(none)");
    close_run(&R);
    CHECK(count_dir(tmpdir) == 0, "kept spills removed at close (%d left)", count_dir(tmpdir));
}

/* ---- 6. '/' runs and files used as parents ------------------------------------------------------- */

static void test_archive__slash_runs(void)
{
    run R;
    arc_run(&R, "slashes.tar", "tar");
    CHECK(R.walk_rc == DFT_OK, "walk: %s", dft_error_last());
    const trec *s = tsink_find(&R.t, "/evidence/secret.txt"), *e = tsink_find(&R.t, "/evidence");
    CHECK(s && s->type == 'r' && s->size == 7, "every component kept: /evidence/secret.txt");
    CHECK(e && e->type == 'd', "/evidence is a directory, not the secret file");
    CHECK(tsink_find(&R.t, "/evidence/other.txt") != NULL, "sibling member under the same directory");
    check_tree(&R.t, 0);
    close_run(&R);

    char *out = NULL;
    unsigned fl = 0;
    CHECK(dft_devpath_sanitise("a/////////////////////////////////////////////b/c", &out, &fl) == DFT_OK &&
              strcmp(out, "a/b/c") == 0,
          "sanitise keeps the tail: %s", out ? out : "(null)");
    free(out);
}

static void test_archive__file_as_parent(void)
{
    run R;
    arc_run(&R, "fileparent.tar", "tar");
    CHECK(R.walk_rc == DFT_OK, "walk: %s", dft_error_last());
    const trec *f = tsink_find(&R.t, "/evidence");
    CHECK(f && f->type == 'r', "the plain file stays a file");
    const trec *o = tsink_find(&R.t, "/evidence~dir/other.txt"), *d = tsink_find(&R.t, "/evidence~dir");
    CHECK(o && d && d->type == 'd' && o->parent_id == d->id, "member renamed under /evidence~dir");
    CHECK(tsink_find(&R.t, "/evidence~dir/sub/deeper.txt") != NULL, "deeper member follows the rename");
    CHECK(tsink_warnings_with(&R.t, "a parent is not a directory") == 2, "rename warnings (%zu)",
          tsink_warnings_with(&R.t, "a parent is not a directory"));
    check_tree(&R.t, 0);
    close_run(&R);
}

/* ---- 7. encrypted listing with many files --------------------------------------------------------- */

static void test_itunes__many_hashed_files(void)
{
    run R;
    itunes_run(&R, "itunes_many", NULL);
    CHECK(R.walk_rc == DFT_OK, "walk: %s", dft_error_last());
    size_t files = 0;
    for (size_t i = 0; i < R.t.n; i++) files += R.t.recs[i].type == 'r' && R.t.recs[i].source;
    CHECK(files == 300, "all 300 hashed files listed (%zu)", files);
    check_tree(&R.t, 0);
    close_run(&R);
}

/* ---- 8. unreadable archive ---------------------------------------------------------------------- */

static void test_archive__unreadable_zip(void)
{
    run R;
    arc_run(&R, "huge.zip", "zip");
    CHECK(R.walk_rc == DFT_OK, "an unreadable archive still completes: %s", dft_error_last());
    CHECK(R.ev.walk_hash_done, "media hash done");
    CHECK(tsink_warnings_with(&R.t, "unreadable") >= 1, "warning names the reason (%zu warnings)", R.t.nw);
    size_t named = 0;
    for (size_t i = 0; i < R.t.nw; i++) named += strstr(R.t.warnings[i], "huge.zip") != NULL;
    CHECK(named == 0, "warnings must not carry the evidence path (the caller adds it)");
    close_run(&R);
}

int main(void)
{
    const char *base = getenv("DFT_PHONE_IMAGES");
    snprintf(images, sizeof images, "%s/review", base ? base : DFT_PHONE_IMAGES);
    snprintf(tmpdir, sizeof tmpdir, "%s/dft-review-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(tmpdir)) return 2;
    char *refusals = NULL;
    /* the test's own claims decide what is kept, whatever plugins are built in */
    if (dft_registry_load(NULL, "sqlite_inventory", &refusals) || dft_registry_add(&keep_plugin, "built-in")) return 2;
    free(refusals);
    test_archive__deep_pax_member();
    test_itunes__deep_relative_path();
    test_itunes__sibling_before_walk();
    test_itunes__symlink_backing();
    test_archive__ufdr_report_bomb();
    test_archive__hardlinks();
    test_archive__slash_runs();
    test_archive__file_as_parent();
    test_itunes__many_hashed_files();
    test_archive__unreadable_zip();
    rmdir(tmpdir);
    if (g_failures) fprintf(stderr, "%d check(s) failed\n", g_failures);
    else printf("test_review: all checks passed\n");
    return g_failures ? 1 : 0;
}
