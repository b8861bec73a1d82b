/*
 * test_archive.c - tar / tar.gz / zip / .ab / UFDR / nested / hostile evidence through
 * dft_evidence_archive_open + walk with a recording sink. Images come from testimages/phone/build.sh
 * (DFT_PHONE_IMAGES); expected hashes from its expected.txt (sha256sum of the source files).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "evidence_impl.h"
#include "rec_sink.h"
#include "registry.h"

static const char *images;
static char tmpdir[256];

/* Which members are kept for sibling lookups comes from the registry, as in an ingest: a test
 * plugin claims msgstore.db and wa.db and declares the -wal sibling. */
static int keep_scan(dft_scan *s, const dft_file *f, const dft_content *c)
{
    (void)s; (void)f; (void)c;
    return DFT_OK;
}
static const dft_claim keep_claims[] = { { DFT_CLAIM_NAME, "msgstore.db" }, { DFT_CLAIM_NAME, "wa.db" },
                                         { DFT_CLAIM_END, NULL } };
static const char *const keep_siblings[] = { "-wal", NULL };
static const dft_plugin keep_plugin = { .abi = DFT_PLUGIN_ABI, .struct_size = sizeof(dft_plugin), .name = "t_keep", .version = "1",
                                        .claims = keep_claims, .siblings = keep_siblings,
                                        .access = DFT_ACCESS_WHOLE, .scan = keep_scan };

typedef struct run {
    dft_evidence ev;
    tsink t;
    int walk_rc;
} run;

static void open_walk(run *R, const char *file, const char *kind, const dft_evidence_options *opts)
{
    memset(R, 0, sizeof *R);
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", images, file);
    R->ev.path = strdup(p);
    snprintf(R->ev.kind, sizeof R->ev.kind, "%s", kind);
    if (opts) R->ev.opts = *opts;
    R->ev.opts.temp_dir = tmpdir;
    R->ev.opts.keep_member = dft_registry_keeps;
    int rc = dft_evidence_archive_open(&R->ev);
    CHECK(rc == DFT_OK, "open %s: %s", file, dft_error_last());
    dft_walk_sink s;
    tsink_init(&R->t, &s);
    R->walk_rc = rc ? rc : R->ev.ops->walk(&R->ev, &s);
    CHECK(R->ev.walk_hashes, "%s: walk must hash", file);
    CHECK(R->ev.walk_hash_done, "%s: walk hash not done", file);
    char fh[65];
    file_sha256(p, fh);
    CHECK(strcmp(fh, R->ev.walk_hash.sha256) == 0, "%s: media hash %s != %s", file, R->ev.walk_hash.sha256, fh);
    if (getenv("TEST_VERBOSE"))
        for (size_t i = 0; i < R->t.n; i++)
            fprintf(stderr, "  %lld<%lld %c %s dev=%s sz=%llu %s\n", (long long)R->t.recs[i].id,
                    (long long)R->t.recs[i].parent_id, R->t.recs[i].type, R->t.recs[i].path,
                    R->t.recs[i].device_path ? R->t.recs[i].device_path : "-",
                    (unsigned long long)R->t.recs[i].size, R->t.recs[i].extra_json ? R->t.recs[i].extra_json : "");
}

static void close_run(run *R)
{
    if (R->ev.ops && R->ev.ops->close) R->ev.ops->close(&R->ev);
    CHECK(count_dir(tmpdir) == 0, "temp dir not empty after close (%d entries)", count_dir(tmpdir));
    tsink_free(&R->t);
    free(R->ev.path);
}

static void check_member(const tsink *t, const char *path, const char *dev, const char *key)
{
    const trec *r = tsink_find(t, path);
    CHECK(r != NULL, "missing member %s", path);
    if (!r) return;
    CHECK(r->type == 'r', "%s: type %c", path, r->type);
    if (dev) CHECK(r->device_path && strcmp(r->device_path, dev) == 0, "%s: device path %s, want %s", path,
                   r->device_path ? r->device_path : "(null)", dev);
    if (key) {
        const char *want = expected_sha(images, key);
        CHECK(want && strcmp(r->sha256, want) == 0, "%s: sha256 %s, want %s", path, r->sha256, want ? want : "?");
        CHECK(!r->partial, "%s: unexpectedly partial", path);
    }
}

typedef struct sib {
    dft_hasher *h;
} sib;

static int sib_cb(void *payload, uint64_t off, const uint8_t *data, size_t len)
{
    (void)off;
    return dft_hasher_update(((sib *)payload)->h, data, len);
}

static void check_sibling(const run *R, const char *from, const char *rel, const char *key)
{
    const trec *r = tsink_find(&R->t, from);
    CHECK(r && r->source && r->source->sibling, "%s: no source for sibling lookups", from);
    if (!r || !r->source) return;
    dft_file_rec f;
    memset(&f, 0, sizeof f);
    f.path = r->path;
    f.device_path = r->device_path;
    sib s;
    dft_hasher_new(&s.h);
    int rc = r->source->sibling(r->source, NULL, &f, rel, sib_cb, &s);
    dft_hashes hs;
    dft_hasher_final(s.h, &hs);
    dft_hasher_free(s.h);
    CHECK(rc == DFT_OK, "sibling %s of %s: %s", rel, from, dft_error_last());
    const char *want = expected_sha(images, key);
    if (rc == DFT_OK) CHECK(want && strcmp(hs.sha256, want) == 0, "sibling %s of %s: wrong content", rel, from);
}

static void test_archive__android_tar(const char *file)
{
    run R;
    open_walk(&R, file, "tar", NULL);
    CHECK(R.walk_rc == DFT_OK, "walk %s: %s", file, dft_error_last());
    check_tree(&R.t, 0);
    const char *db = "/Dump/data/data/com.whatsapp/databases/";
    char p[512];
    snprintf(p, sizeof p, "%smsgstore.db", db);
    check_member(&R.t, p, "/data/data/com.whatsapp/databases/msgstore.db",
                 "Dump/data/data/com.whatsapp/databases/msgstore.db");
    snprintf(p, sizeof p, "%swa.db", db);
    check_member(&R.t, p, "/data/data/com.whatsapp/databases/wa.db", "Dump/data/data/com.whatsapp/databases/wa.db");
    check_member(&R.t, "/Dump/sdcard/DCIM/IMG_0001.jpg", "/sdcard/DCIM/IMG_0001.jpg", "Dump/sdcard/DCIM/IMG_0001.jpg");
    check_member(&R.t, "/Dump/README.txt", NULL, "Dump/README.txt");
    const trec *readme = tsink_find(&R.t, "/Dump/README.txt");
    CHECK(readme && !readme->device_path, "README outside the device tree must have no device path");
    CHECK(readme && readme->mtime == 1600000000, "mtime kept");
    const trec *d = tsink_find(&R.t, "/Dump/data/data/com.whatsapp");
    CHECK(d && d->type == 'd' && d->device_path && !strcmp(d->device_path, "/data/data/com.whatsapp"),
          "directory record with device path");
    const trec *m = tsink_find(&R.t, "/Dump/data/data/com.whatsapp/databases/msgstore.db");
    CHECK(m && m->spill_path && (m->locator >> 63), "msgstore.db must be kept (spilled) for siblings");
    CHECK(m && m->archive_path && strstr(m->archive_path, "/Dump/data/data/com.whatsapp/databases/msgstore.db"),
          "archive_path provenance");
    CHECK(R.t.nw == 0, "%zu unexpected warnings (first: %s)", R.t.nw, R.t.nw ? R.t.warnings[0] : "");
    check_sibling(&R, "/Dump/data/data/com.whatsapp/databases/msgstore.db", "msgstore.db-wal",
                  "Dump/data/data/com.whatsapp/databases/msgstore.db-wal");
    check_sibling(&R, "/Dump/data/data/com.whatsapp/databases/msgstore.db", "/data/data/com.whatsapp/databases/wa.db",
                  "Dump/data/data/com.whatsapp/databases/wa.db");
    /* the 3 claimed members stay spilled; every other small member is kept in one pack file for
     * lookups after the walk (evidence_archive.c keeps()) */
    CHECK(count_dir(tmpdir) == 4, "3 kept members and the pack file stay during the evidence (%d)", count_dir(tmpdir));
    close_run(&R);
}

static void test_archive__ios_zip(void)
{
    run R;
    open_walk(&R, "ios.zip", "zip", NULL);
    CHECK(R.walk_rc == DFT_OK, "walk: %s", dft_error_last());
    CHECK(strcmp(R.ev.kind, "zip") == 0, "kind %s", R.ev.kind);
    check_tree(&R.t, 0);
    check_member(&R.t, "/filesystem1/private/var/mobile/Library/SMS/sms.db", "/private/var/mobile/Library/SMS/sms.db",
                 "filesystem1/private/var/mobile/Library/SMS/sms.db");
    const char *cs = "/filesystem1/private/var/mobile/Containers/Shared/AppGroup/"
                     "0A1B2C3D-0000-4000-8000-000000000001/ChatStorage.sqlite";
    check_member(&R.t, cs, cs + strlen("/filesystem1"), cs + 1);
    const trec *r = tsink_find(&R.t, "/filesystem1/private/var/mobile/Library/SMS/sms.db");
    CHECK(r && r->extra_json && strstr(r->extra_json, "\"zip_crc32\":\""), "zip CRC in extra_json: %s",
          r && r->extra_json ? r->extra_json : "");
    CHECK(R.t.nw == 0, "%zu unexpected warnings (first: %s)", R.t.nw, R.t.nw ? R.t.warnings[0] : "");
    close_run(&R);
}

static void test_archive__adb(const char *file)
{
    run R;
    open_walk(&R, file, "adb", NULL);
    CHECK(R.walk_rc == DFT_OK, "walk %s: %s", file, dft_error_last());
    check_tree(&R.t, 0);
    check_member(&R.t, "/apps/com.whatsapp/db/msgstore.db", "/data/data/com.whatsapp/databases/msgstore.db",
                 "ab:apps/com.whatsapp/db/msgstore.db");
    const trec *p = tsink_find(&R.t, "/apps/com.whatsapp/sp/prefs.xml");
    CHECK(p && p->device_path && !strcmp(p->device_path, "/data/data/com.whatsapp/shared_prefs/prefs.xml"),
          "adb shared_prefs device path");
    const char *enc = tsink_meta(&R.t, "adb.encryption");
    CHECK(enc && !strcmp(enc, "none"), "adb.encryption meta");
    CHECK(R.t.nw == 0, "%zu unexpected warnings (first: %s)", R.t.nw, R.t.nw ? R.t.warnings[0] : "");
    close_run(&R);
}

static void test_archive__adb_encrypted(void)
{
    run R;
    open_walk(&R, "backup_enc.ab", "adb", NULL);
    CHECK(R.walk_rc == DFT_OK, "walk: %s", dft_error_last());
    const char *enc = tsink_meta(&R.t, "adb.encryption");
    CHECK(enc && !strcmp(enc, "AES-256"), "adb.encryption=AES-256");
    CHECK(tsink_warnings_with(&R.t, "encrypted Android backup: password needed") == 1, "password warning");
    CHECK(R.t.n == 0, "no members from an encrypted backup");
    close_run(&R);
}

static void test_archive__ufdr(void)
{
    run R;
    open_walk(&R, "sample.ufdr", "zip", NULL);
    CHECK(R.walk_rc == DFT_OK, "walk: %s", dft_error_last());
    CHECK(strcmp(R.ev.kind, "ufdr") == 0, "kind %s, want ufdr", R.ev.kind);
    check_member(&R.t, "/files/Database/msgstore.db", "/data/data/com.whatsapp/databases/msgstore.db",
                 "ufdr:files/Database/msgstore.db");
    const char *want[][2] = {{"device.model", "SM-G991B"}, {"device.imei", "356789012345675"},
                             {"device.os_version", "13"}, {"device.extraction_type", "FileSystem"},
                             {"device.extraction_date", "2023-05-01T10:00:00+00:00"}, {"device.name", "Test Phone"}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const char *v = tsink_meta(&R.t, want[i][0]);
        CHECK(v && !strcmp(v, want[i][1]), "meta %s = %s, want %s", want[i][0], v ? v : "(null)", want[i][1]);
    }
    CHECK(tsink_find(&R.t, "/report.xml") != NULL, "report.xml is a member too");
    close_run(&R);
}

static void test_archive__nested(void)
{
    run R;
    open_walk(&R, "nested.tar", "tar", NULL);
    CHECK(R.walk_rc == DFT_OK, "walk: %s", dft_error_last());
    check_tree(&R.t, 1);
    const trec *inner = tsink_find(&R.t, "/outer/inner.zip/deep/inner.txt");
    const trec *zip = tsink_find(&R.t, "/outer/inner.zip");
    CHECK(zip && zip->type == 'r', "the nested container is itself a file record");
    CHECK(inner != NULL, "nested member expanded");
    if (inner) {
        const char *want = expected_sha(images, "nested:deep/inner.txt");
        CHECK(want && !strcmp(inner->sha256, want), "nested member hash");
        CHECK(inner->archive_path && !strcmp(inner->archive_path, "nested.tar/outer/inner.zip/deep/inner.txt"),
              "forensic path %s", inner->archive_path ? inner->archive_path : "(null)");
        const trec *deep = tsink_by_id(&R.t, inner->parent_id);
        CHECK(deep && zip && deep->parent_id == zip->id, "nested tree hangs under the container record");
    }
    /* depth limit 1: no expansion, a warning instead */
    run L;
    close_run(&R);
    dft_evidence_options lim = {0};
    lim.max_depth = 0; /* 0 = default (3) */
    open_walk(&L, "nested.tar", "tar", &lim);
    CHECK(tsink_find(&L.t, "/outer/inner.zip/deep/inner.txt") != NULL, "default depth expands");
    close_run(&L);
}

static void test_archive__hostile(void)
{
    run R;
    open_walk(&R, "hostile.tar", "tar", NULL);
    CHECK(R.walk_rc == DFT_OK, "walk: %s", dft_error_last());
    check_tree(&R.t, 0);
    CHECK(tsink_find(&R.t, "/__outside__/evil.txt") != NULL, "../evil.txt kept under /__outside__");
    CHECK(tsink_find(&R.t, "/__outside__/etc/passwd") != NULL, "/etc/passwd kept under /__outside__");
    CHECK(tsink_warnings_with(&R.t, "points outside the archive") >= 3, "outside warnings (%zu)",
          tsink_warnings_with(&R.t, "points outside the archive"));
    const trec *l = tsink_find(&R.t, "/a/link");
    CHECK(l && l->type == 'l' && l->link_target && !strcmp(l->link_target, "../../../etc/shadow"), "symlink kept");
    CHECK(tsink_warnings_with(&R.t, "symlink /a/link") == 1, "symlink-out warning");
    CHECK(tsink_warnings_with(&R.t, "abs_link") == 0, "absolute symlink recorded without warning");
    const trec *d1 = tsink_find(&R.t, "/dup.txt"), *d2 = tsink_find(&R.t, "/dup.txt~2");
    CHECK(d1 && d2, "both duplicates recorded");
    if (d1 && d2) {
        CHECK(!strcmp(d1->sha256, expected_sha(images, "hostile:dup.txt")), "first dup content");
        CHECK(!strcmp(d2->sha256, expected_sha(images, "hostile:dup.txt~2")), "second dup content");
    }
    CHECK(tsink_warnings_with(&R.t, "duplicate member name") == 1, "duplicate warning");
    check_member(&R.t, "/a/b/c/late.txt", NULL, NULL);
    char p[4096];
    snprintf(p, sizeof p, "%s/../evil.txt", images);
    CHECK(access(p, F_OK) != 0, "nothing written outside");
    snprintf(p, sizeof p, "%s/../evil.txt", tmpdir);
    CHECK(access(p, F_OK) != 0, "nothing written outside the temp dir");
    close_run(&R);
}

static void test_archive__zip_bomb(void)
{
    run R;
    dft_evidence_options o = {0};
    o.max_ratio = 100;
    open_walk(&R, "bomb.zip", "zip", &o);
    CHECK(R.walk_rc == DFT_OK, "walk: %s", dft_error_last());
    const trec *z = tsink_find(&R.t, "/zeros.bin");
    CHECK(z && z->partial && z->size < (16u << 20), "bomb member stopped early");
    CHECK(tsink_warnings_with(&R.t, "compression ratio cap") == 1, "ratio warning");
    CHECK(tsink_find(&R.t, "/after.txt") && tsink_find(&R.t, "/after.txt")->size == 15, "walk continues");
    close_run(&R);
    o.max_ratio = 0;
    o.max_member_size = 4096;
    open_walk(&R, "bomb.zip", "zip", &o);
    z = tsink_find(&R.t, "/zeros.bin");
    CHECK(z && z->partial && z->size == 4096, "member size cap");
    CHECK(tsink_warnings_with(&R.t, "member size cap") == 1, "size cap warning");
    close_run(&R);
    o.max_member_size = 0;
    o.max_total_size = 1000;
    open_walk(&R, "bomb.zip", "zip", &o);
    CHECK(tsink_warnings_with(&R.t, "total size cap") >= 1, "total cap warning");
    z = tsink_find(&R.t, "/after.txt");
    CHECK(z && z->partial, "after the total cap, members are listed without content");
    close_run(&R);
}

static void test_archive__truncated(void)
{
    run R;
    open_walk(&R, "truncated.tar", "tar", NULL);
    CHECK(R.walk_rc == DFT_OK, "walk: %s", dft_error_last());
    CHECK(R.t.n >= 2, "what was read is kept (%zu records)", R.t.n);
    CHECK(tsink_warnings_with(&R.t, "truncated") + tsink_warnings_with(&R.t, "Truncated") >= 1, "truncation warning");
    close_run(&R);
}

static void test_archive__bad_crc(void)
{
    run R;
    open_walk(&R, "badcrc.zip", "zip", NULL);
    CHECK(R.walk_rc == DFT_OK, "walk: %s", dft_error_last());
    const trec *c = tsink_find(&R.t, "/crc.txt");
    CHECK(c && c->partial && c->content_error && strstr(c->content_error, "CRC"), "CRC error marked: %s",
          c && c->content_error ? c->content_error : "(none)");
    CHECK(tsink_warnings_with(&R.t, "CRC") >= 1, "CRC warning");
    const trec *ok = tsink_find(&R.t, "/ok.txt");
    CHECK(ok && !ok->partial && ok->size == 5, "next member read");
    close_run(&R);
}

int main(void)
{
    images = getenv("DFT_PHONE_IMAGES");
    if (!images) images = DFT_PHONE_IMAGES;
    snprintf(tmpdir, sizeof tmpdir, "%s/dft-arc-test-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(tmpdir)) return 2;
    char *refusals = NULL;
    /* the test's own claims decide what is kept, whatever plugins are built in */
    if (dft_registry_load(NULL, "sqlite_inventory", &refusals) || dft_registry_add(&keep_plugin, "built-in")) return 2;
    free(refusals);
    test_archive__android_tar("android.tar");
    test_archive__android_tar("android.tar.gz");
    test_archive__ios_zip();
    test_archive__adb("backup.ab");
    test_archive__adb("backup_plain.ab");
    test_archive__adb_encrypted();
    test_archive__ufdr();
    test_archive__nested();
    test_archive__hostile();
    test_archive__zip_bomb();
    test_archive__truncated();
    test_archive__bad_crc();
    rmdir(tmpdir);
    if (g_failures) fprintf(stderr, "%d check(s) failed\n", g_failures);
    else printf("test_archive: all checks passed\n");
    return g_failures ? 1 : 0;
}
