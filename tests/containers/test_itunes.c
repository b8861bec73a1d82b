/*
 * test_itunes.c - iTunes/Finder backup evidence: Manifest.db mapping to domain paths, content of
 * the hashed files, device metadata from Info.plist/Manifest.plist, missing files, sibling lookup,
 * the encrypted variant, and that nothing is written into the backup directory.
 */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "evidence_impl.h"
#include "parsers/ios_backup.h"
#include "rec_sink.h"

static const char *images;

static int walk_backup(const char *dir, dft_evidence *ev, tsink *t)
{
    memset(ev, 0, sizeof *ev);
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", images, dir);
    ev->path = strdup(p);
    int rc = dft_evidence_itunes_open(ev);
    CHECK(rc == DFT_OK, "open %s: %s", dir, dft_error_last());
    if (rc) return rc;
    CHECK(!strcmp(ev->kind, "itunes") && ev->no_media_hash && !ev->walk_hashes, "itunes kind flags");
    dft_walk_sink s;
    tsink_init(t, &s);
    rc = ev->ops->walk(ev, &s);
    if (getenv("TEST_VERBOSE"))
        for (size_t i = 0; i < t->n; i++)
            fprintf(stderr, "  %lld<%lld %c %s dev=%s %s\n", (long long)t->recs[i].id, (long long)t->recs[i].parent_id,
                    t->recs[i].type, t->recs[i].path, t->recs[i].device_path ? t->recs[i].device_path : "-",
                    t->recs[i].extra_json ? t->recs[i].extra_json : "");
    return rc;
}

typedef struct hs {
    dft_hasher *h;
} hs;

static int hcb(void *payload, uint64_t off, const uint8_t *d, size_t n)
{
    (void)off;
    return dft_hasher_update(((hs *)payload)->h, d, n);
}

static void check_file(const tsink *t, const char *path, const char *dev, const char *key)
{
    const trec *r = tsink_find(t, path);
    CHECK(r && r->type == 'r', "missing %s", path);
    if (!r) return;
    CHECK(r->device_path && !strcmp(r->device_path, dev), "%s: device path %s", path, r->device_path);
    CHECK(r->source && r->source->stream && !r->source->sequential, "%s: random-access source", path);
    CHECK(r->extra_json && strstr(r->extra_json, "\"fileID\":\""), "%s: fileID in extra_json", path);
    CHECK(r->mtime == 1600000000, "%s: mtime from MBFile (%lld)", path, (long long)r->mtime);
    dft_file_rec f;
    memset(&f, 0, sizeof f);
    f.path = r->path;
    f.locator = r->locator;
    f.size = r->size;
    hs h;
    dft_hasher_new(&h.h);
    uint64_t bad = 0;
    char err[200] = "";
    int rc = r->source->stream(r->source, NULL, &f, hcb, &h, &bad, err, sizeof err);
    dft_hashes out;
    dft_hasher_final(h.h, &out);
    dft_hasher_free(h.h);
    const char *want = expected_sha(images, key);
    CHECK(rc == DFT_OK && bad == 0, "%s: stream: %s", path, err);
    CHECK(want && !strcmp(out.sha256, want), "%s: content hash %s want %s", path, out.sha256, want ? want : "?");
}

static void test_itunes__plain(void)
{
    dft_evidence ev;
    tsink t;
    int before_n = -1;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/itunes", images);
    before_n = count_dir(dir);
    int rc = walk_backup("itunes", &ev, &t);
    CHECK(rc == DFT_OK, "walk: %s", dft_error_last());
    check_tree(&t, 0);
    check_file(&t, "/HomeDomain/Library/SMS/sms.db", "HomeDomain/Library/SMS/sms.db",
               "itunes:HomeDomain/Library/SMS/sms.db");
    check_file(&t, "/AppDomainGroup-group.net.whatsapp.WhatsApp.shared/ChatStorage.sqlite",
               "AppDomainGroup-group.net.whatsapp.WhatsApp.shared/ChatStorage.sqlite",
               "itunes:AppDomainGroup-group.net.whatsapp.WhatsApp.shared/ChatStorage.sqlite");
    const trec *l = tsink_find(&t, "/HomeDomain/Library/link");
    CHECK(l && l->type == 'l' && l->link_target && !strcmp(l->link_target, "/var/mobile/elsewhere"), "symlink");
    const trec *d = tsink_find(&t, "/HomeDomain/Library/SMS");
    CHECK(d && d->type == 'd', "directory row");
    const trec *m = tsink_find(&t, "/HomeDomain/Library/missing.db");
    CHECK(m && m->partial, "missing backing file recorded");
    CHECK(tsink_warnings_with(&t, "missing from the backup") == 1, "missing-file warning");
    const char *want[][2] = {{"device.name", "Test iPhone"},      {"device.serial", "F2LTEST12345"},
                             {"device.imei", "356789012345675"},  {"device.product_type", "iPhone12,1"},
                             {"device.ios_version", "16.5"},      {"device.backup_date", "2020-09-13T12:26:40Z"},
                             {"device.phone_number", "+66 81 234 5678"},
                             {"device.udid", "00008030-001A2B3C4D5E802E"},
                             {"itunes.is_encrypted", "0"},        {"itunes.version", "10.0"}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const char *v = tsink_meta(&t, want[i][0]);
        CHECK(v && !strcmp(v, want[i][1]), "meta %s = %s, want %s", want[i][0], v ? v : "(null)", want[i][1]);
    }
    /* sibling by domain path */
    const trec *sms = tsink_find(&t, "/HomeDomain/Library/SMS/sms.db");
    if (sms) {
        dft_file_rec f;
        memset(&f, 0, sizeof f);
        f.path = sms->path;
        f.device_path = sms->device_path;
        hs h;
        dft_hasher_new(&h.h);
        rc = sms->source->sibling(sms->source, NULL, &f,
                                  "/AppDomainGroup-group.net.whatsapp.WhatsApp.shared/ChatStorage.sqlite", hcb, &h);
        dft_hashes out;
        dft_hasher_final(h.h, &out);
        dft_hasher_free(h.h);
        CHECK(rc == DFT_OK, "sibling lookup: %s", dft_error_last());
        CHECK(sms->source->sibling(sms->source, NULL, &f, "nope.db", hcb, &h) == DFT_ENOTFOUND, "absent sibling");
    }
    ev.ops->close(&ev);
    free(ev.path);
    tsink_free(&t);
    CHECK(count_dir(dir) == before_n, "nothing written into the backup dir (%d -> %d)", before_n, count_dir(dir));
}

static void test_itunes__encrypted(void)
{
    dft_evidence ev;
    tsink t;
    int rc = walk_backup("itunes_enc", &ev, &t);
    CHECK(rc == DFT_OK, "walk: %s", dft_error_last());
    const char *v = tsink_meta(&t, "itunes.is_encrypted");
    CHECK(v && !strcmp(v, "1"), "is_encrypted meta");
    CHECK(tsink_warnings_with(&t, "encrypted iTunes backup: password needed") == 1, "password warning");
    CHECK(tsink_meta(&t, "device.serial") != NULL, "device metadata still read");
    size_t files = 0;
    for (size_t i = 0; i < t.n; i++) files += t.recs[i].type == 'r';
    CHECK(files == 2, "hashed files listed unnamed (%zu)", files);
    if (ev.ops) ev.ops->close(&ev);
    free(ev.path);
    tsink_free(&t);
}

static void test_ios_backup__mbfile_rejects_garbage(void)
{
    dft_ios_mbfile f;
    CHECK(dft_ios_mbfile_parse((const uint8_t *)"garbage", 7, &f) == DFT_ECORRUPT, "garbage blob rejected");
    dft_ios_mbfile_clear(&f);
}

int main(void)
{
    images = getenv("DFT_PHONE_IMAGES");
    if (!images) images = DFT_PHONE_IMAGES;
    test_itunes__plain();
    test_itunes__encrypted();
    test_ios_backup__mbfile_rejects_garbage();
    if (g_failures) fprintf(stderr, "%d check(s) failed\n", g_failures);
    else printf("test_itunes: all checks passed\n");
    return g_failures ? 1 : 0;
}
