/*
 * sibling_plugin.c - an external plugin for tests/e2e/e2e_siblings.sh: it exercises exact sibling and
 * path lookups (issue 7 item 3) and the file view (item 4) on real evidence of every kind, and
 * reports what it got as findings, so the test can assert that a directory, tar, zip, iTunes backup,
 * UFDR and an ext4 userdata image of the same dump give identical answers.
 *
 * On every msgstore.db (claimed by name; declares "-wal" and "-journal", so its scan is postponed to
 * the end of the walk): the file view, the "-wal" sibling, "wa.db", "../files/key" and the key by an
 * absolute path made from the app root, the literal Android path /data/data/com.whatsapp/files/key,
 * a missing file, the rows of `messages` with the WAL beside the copy and without it (a copy of
 * the main file alone), a listing of its folder, a glob of the app. On every directory named
 * "shared_prefs" (DFT_CLAIM_DIR): its listing. Device paths are reported relative to the app root
 * ("<app>/files/key"), which is the one thing that differs between an Android and an iOS layout.
 *
 * Invariants:
 *  1. Only the plugin ABI (core/plugin.h) is used. No state: scan() is safe on any thread.
 *  2. The copy it opens is private (dft_content_path); the WAL-less copy goes to the workdir.
 */
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plugin.h"

static int emit(dft_scan *s, const char *kind, const char *value)
{
    dft_finding fd = DFT_INIT(dft_finding);
    fd.kind = kind;
    fd.value = value;
    fd.offset = -1;
    fd.length = -1;
    fd.confidence = 1.0;
    return dft_emit_finding(s, &fd, NULL);
}

/* The app root: the device path two levels above msgstore.db (".../com.whatsapp"). */
static void app_root(const char *dev, char *out, size_t cap)
{
    snprintf(out, cap, "%s", dev);
    for (int i = 0; i < 2; i++) {
        char *sl = strrchr(out, '/');
        if (sl) *sl = '\0';
    }
}

static const char *rel_to(const char *root, const char *dev)
{
    size_t n = strlen(root);
    return strncmp(dev, root, n) == 0 ? dev + n : dev;
}

static void report(dft_scan *s, const dft_content *c, const char *root, const char *label, const char *arg)
{
    dft_sibling sib = DFT_INIT(dft_sibling);
    char v[1200];
    int rc = dft_content_sibling(c, arg, &sib);
    if (rc)
        snprintf(v, sizeof v, "%s: %s", label, dft_error_name(rc));
    else
        snprintf(v, sizeof v, "%s: <app>%s alloc=%d complete=%d size=%llu sha256=%s", label,
                 rel_to(root, sib.device_path), sib.allocated, sib.complete, (unsigned long long)sib.size,
                 sib.sha256 ? sib.sha256 : "-");
    emit(s, "sibtest.sibling", v);
}

static int count_rows(const char *path, char *out, size_t cap)
{
    sqlite3 *db = NULL;
    char uri[4400];
    snprintf(uri, sizeof uri, "file:%s?mode=ro", path);
    int rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
    sqlite3_stmt *st = NULL;
    if (rc == SQLITE_OK) rc = sqlite3_prepare_v2(db, "SELECT group_concat(data, '+') FROM messages", -1, &st, NULL);
    if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        snprintf(out, cap, "%s", sqlite3_column_text(st, 0) ? (const char *)sqlite3_column_text(st, 0) : "");
    else
        snprintf(out, cap, "error: %s", db ? sqlite3_errmsg(db) : "open");
    sqlite3_finalize(st);
    sqlite3_close(db);
    return 0;
}

static int copy_plain(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
    char buf[65536];
    size_t n;
    while (out && (n = fread(buf, 1, sizeof buf, in)) > 0) fwrite(buf, 1, n, out);
    if (in) fclose(in);
    if (out) fclose(out);
    return out ? 0 : -1;
}

typedef struct acc {
    const char *root;
    char text[4000];
} acc;

static int add_entry(void *payload, const dft_dirent *e)
{
    acc *a = payload;
    size_t n = strlen(a->text);
    snprintf(a->text + n, sizeof a->text - n, "%s%s:%c%s", n ? "," : "", e->name, e->type,
             e->allocated ? "" : ":deleted");
    return 0;
}

static int add_path(void *payload, const dft_dirent *e)
{
    acc *a = payload;
    size_t n = strlen(a->text);
    snprintf(a->text + n, sizeof a->text - n, "%s<app>%s", n ? "," : "", rel_to(a->root, e->device_path));
    return 0;
}

static int sib_scan(dft_scan *s, const dft_file *f, const dft_content *c)
{
    char v[4400], root[2048];
    acc a = { .root = "" };
    if (f->type == 'd') {
        dft_content_list(c, ".", add_entry, &a);
        return emit(s, "sibtest.dirlist", a.text);
    }
    app_root(f->device_path, root, sizeof root);
    a.root = root;
    snprintf(v, sizeof v, "alloc=%d status=%s sha256=%s parent=%d ev=%s", f->allocated,
             f->hash_status ? f->hash_status : "-", f->sha256 ? f->sha256 : "-", f->parent_id != 0,
             f->evidence && f->evidence->kind ? "set" : "-");
    emit(s, "sibtest.file", v);
    const char *imei = dft_scan_evidence_meta(s, "device.imei");
    snprintf(v, sizeof v, "imei=%s kind=%s", imei ? imei : "-", f->evidence ? f->evidence->kind : "-");
    emit(s, "sibtest.meta", v);
    report(s, c, root, "wal", "-wal");
    report(s, c, root, "journal", "-journal");
    report(s, c, root, "wa.db", "wa.db");
    report(s, c, root, "key-relative", "../files/key");
    snprintf(v, sizeof v, "%s%s/files/key", root[0] == '/' ? "" : "/", root); /* iTunes: "AppDomain-..." */
    report(s, c, root, "key-absolute", v);
    report(s, c, root, "missing", "../files/nosuch");
    {
        dft_sibling sib = DFT_INIT(dft_sibling);
        int rc = dft_content_sibling(c, "/data/data/com.whatsapp/files/key", &sib);
        emit(s, "sibtest.android_absolute", rc ? dft_error_name(rc) : "found");
    }
    /* the database with its WAL (declared: beside the copy) and without it */
    const char *path = dft_content_path(c);
    char with[1000] = "no copy", without[1000] = "no copy", wal[4200];
    if (path) {
        snprintf(wal, sizeof wal, "%s-wal", path);
        bool beside = access(wal, F_OK) == 0;
        count_rows(path, with, sizeof with);
        const char *wd = dft_content_workdir(c);
        char alone[4200];
        snprintf(alone, sizeof alone, "%s/alone.db", wd ? wd : "/nonexistent");
        if (wd && copy_plain(path, alone) == 0) count_rows(alone, without, sizeof without);
        snprintf(v, sizeof v, "wal_beside=%d with_wal=[%s] without_wal=[%s]", beside, with, without);
    } else {
        snprintf(v, sizeof v, "no private copy: %s", dft_error_last());
    }
    emit(s, "sibtest.rows", v);
    a.text[0] = '\0';
    dft_content_list(c, ".", add_entry, &a);
    emit(s, "sibtest.list", a.text);
    a.text[0] = '\0';
    snprintf(v, sizeof v, "%s/*", root);
    dft_content_glob(c, v, add_path, &a);
    emit(s, "sibtest.glob", a.text);
    return DFT_OK;
}

static const dft_claim sib_claims[] = {
    {DFT_CLAIM_NAME, "msgstore.db"},
    {DFT_CLAIM_DIR, "*/shared_prefs"},
    {DFT_CLAIM_END, NULL},
};
static const char *const sib_siblings[] = { "-wal", "-journal", NULL };

static const dft_plugin sib_plugin = {
    .abi = DFT_PLUGIN_ABI,
    .struct_size = sizeof(dft_plugin),
    .name = "sibtest",
    .version = "0.0.1",
    .description = "e2e test of sibling lookups",
    .claims = sib_claims,
    .siblings = sib_siblings,
    .access = DFT_ACCESS_WHOLE,
    .scan = sib_scan,
};

const dft_plugin *dft_plugin_entry(void) { return &sib_plugin; }
