/*
 * walk_dump.c - opens one evidence item and prints every walk record, one line each, in a stable
 * tab-separated format, then the SHA-256 of every file's content read through its dft_source.
 * Content is read twice, on the main thread and on a second thread (each with its own
 * thread_open state); a mismatch is an error. Used by tests/evidence/evidence_test.sh to compare
 * against fls/icat/mmls.
 *
 * Usage: walk_dump [--media-hash] [--no-content] [--sibling NAME] EVIDENCE
 * Lines:
 *   evidence <kind> <size> <nparts> <stored_md5|-> <stored_sha1|-> <fingerprint>
 *   part <name>
 *   meta <key> <value>
 *   volume <id> <scheme> <slot> <offset> <length> <flags> <description>
 *   fs <id> <volume_id> <type> <offset> <block_size> <block_count>
 *   file <id> <fs_id> <parent_id> <alloc 0/1> <type> <meta_addr> <size> <mtime|-> <path> [-> target]
 *   stream <id> <attr_type> <attr_id> <stream_name>
 *   region <fs_id> <volume_id> <kind> <offset> <length>
 *   warning <file_id> <offset> <message>
 *   content <id> <sha256> <bad_bytes> <rc>
 *   sibling <id> <name> <sha256|notfound>
 *   media <md5> <sha1> <sha256> <bad_bytes>
 * Exit: 0 ok, 2 open failed (message on stderr), 3 walk failed, 4 content mismatch between threads.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "evidence.h"
#include "hash.h"

typedef struct item {
    int64_t id;
    dft_file_rec rec;     /* copy; path owned */
    char *path;
} item;

typedef struct dump {
    int64_t next_id;
    item *items;
    size_t n, cap;
} dump;

static int on_volume(void *p, const dft_volume_rec *v, int64_t *out)
{
    dump *d = p;
    *out = ++d->next_id;
    printf("volume\t%lld\t%s\t%d\t%llu\t%llu\t%s\t%s\n", (long long)*out, v->scheme, v->slot,
           (unsigned long long)v->offset, (unsigned long long)v->length, v->flags,
           v->description ? v->description : "");
    return 0;
}

static int on_fs(void *p, const dft_fs_rec *f, int64_t *out)
{
    dump *d = p;
    *out = ++d->next_id;
    printf("fs\t%lld\t%lld\t%s\t%llu\t%u\t%llu\n", (long long)*out, (long long)f->volume_id, f->type,
           (unsigned long long)f->offset, f->block_size, (unsigned long long)f->block_count);
    return 0;
}

static int on_file(void *p, const dft_file_rec *f, int64_t *out)
{
    dump *d = p;
    *out = ++d->next_id;
    if (!f->path || f->path[0] != '/') {
        fprintf(stderr, "bad path %s\n", f->path ? f->path : "(null)");
        return DFT_ERROR;
    }
    char mt[32] = "-";
    if (f->has_mtime) snprintf(mt, sizeof mt, "%lld", (long long)f->mtime);
    printf("file\t%lld\t%lld\t%lld\t%d\t%c\t%llu\t%llu\t%s\t%s", (long long)*out, (long long)f->filesystem_id,
           (long long)f->parent_id, f->allocated ? 1 : 0, f->type, (unsigned long long)f->meta_addr,
           (unsigned long long)f->size, mt, f->path);
    if (f->link_target) printf("\t-> %s", f->link_target);
    printf("\n");
    if (f->stream_name)
        printf("stream\t%lld\t%u\t%u\t%s\n", (long long)*out, f->attr_type, f->attr_id, f->stream_name);
    if (f->source) {
        if (d->n == d->cap) {
            d->cap = d->cap ? d->cap * 2 : 256;
            d->items = realloc(d->items, d->cap * sizeof *d->items);
            if (!d->items) return DFT_ENOMEM;
        }
        item *it = &d->items[d->n++];
        it->id = *out;
        it->rec = *f;
        it->path = strdup(f->path);
        it->rec.path = it->path;
        it->rec.name = NULL;
        it->rec.link_target = NULL;
        it->rec.stream_name = NULL;
        it->rec.extra_json = NULL;
        it->rec.device_path = NULL;
        it->rec.archive_path = NULL;
        it->rec.content_error = NULL;
    }
    return 0;
}

static int on_region(void *p, const dft_region_rec *r)
{
    (void)p;
    printf("region\t%lld\t%lld\t%s\t%llu\t%llu\n", (long long)r->filesystem_id, (long long)r->volume_id, r->kind,
           (unsigned long long)r->offset, (unsigned long long)r->length);
    return 0;
}

static int on_warning(void *p, int64_t file_id, int64_t off, const char *msg)
{
    (void)p;
    printf("warning\t%lld\t%lld\t%s\n", (long long)file_id, (long long)off, msg);
    return 0;
}

static int on_meta(void *p, const char *k, const char *v)
{
    (void)p;
    printf("meta\t%s\t%s\n", k, v);
    return 0;
}

static bool on_cancelled(void *p)
{
    (void)p;
    return false;
}

/* ---- content -------------------------------------------------------------------------------- */

typedef struct result {
    char sha256[65];
    uint64_t bad;
    int rc;
} result;

static int feed(void *p, uint64_t off, const uint8_t *data, size_t len)
{
    (void)off;
    return dft_hasher_update(p, data, len);
}

typedef struct tstates {
    dft_source *src[64];
    void *ts[64];
    int n;
} tstates;

static void *state_for(tstates *t, dft_source *src)
{
    for (int i = 0; i < t->n; i++)
        if (t->src[i] == src) return t->ts[i];
    if (t->n == 64) return NULL;
    void *ts = NULL;
    if (src->thread_open(src, &ts) != DFT_OK) {
        fprintf(stderr, "thread_open: %s\n", dft_error_last());
        return NULL;
    }
    t->src[t->n] = src;
    t->ts[t->n++] = ts;
    return ts;
}

static void states_close(tstates *t)
{
    for (int i = 0; i < t->n; i++) t->src[i]->thread_close(t->src[i], t->ts[i]);
}

typedef struct job {
    dump *d;
    result *res;
} job;

static void *hash_all(void *p)
{
    job *j = p;
    tstates st = { .n = 0 };
    dft_hasher *h = NULL;
    dft_hasher_new(&h);
    for (size_t i = 0; i < j->d->n; i++) {
        item *it = &j->d->items[i];
        result *r = &j->res[i];
        void *ts = state_for(&st, it->rec.source);
        char err[256];
        dft_hasher_reset(h);
        r->rc = ts ? it->rec.source->stream(it->rec.source, ts, &it->rec, feed, h, &r->bad, err, sizeof err)
                   : DFT_EIO;
        dft_hashes hs;
        dft_hasher_final(h, &hs);
        memcpy(r->sha256, hs.sha256, 65);
    }
    dft_hasher_free(h);
    states_close(&st);
    return NULL;
}

static void progress(void *p, uint64_t done)
{
    (void)p;
    (void)done;
}

int main(int argc, char **argv)
{
    bool media = false, content = true;
    const char *sibling = NULL, *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--media-hash")) media = true;
        else if (!strcmp(argv[i], "--no-content")) content = false;
        else if (!strcmp(argv[i], "--sibling") && i + 1 < argc) sibling = argv[++i];
        else path = argv[i];
    }
    if (!path) {
        fprintf(stderr, "usage: walk_dump [--media-hash] [--no-content] [--sibling NAME] EVIDENCE\n");
        return 1;
    }
    setvbuf(stdout, NULL, _IOFBF, 1 << 16);
    dft_evidence *ev = NULL;
    if (dft_evidence_open(&ev, path, NULL) != DFT_OK) {
        fprintf(stderr, "error: %s\n", dft_error_last());
        return 2;
    }
    char fp[65] = "";
    if (dft_evidence_fingerprint(ev, fp) != DFT_OK) snprintf(fp, sizeof fp, "error");
    const char *const *parts = dft_evidence_parts(ev);
    int np = 0;
    while (parts[np]) np++;
    printf("evidence\t%s\t%llu\t%d\t%s\t%s\t%s\n", dft_evidence_kind(ev), (unsigned long long)dft_evidence_size(ev), np,
           dft_evidence_stored_md5(ev)[0] ? dft_evidence_stored_md5(ev) : "-",
           dft_evidence_stored_sha1(ev)[0] ? dft_evidence_stored_sha1(ev) : "-", fp);
    for (int i = 0; i < np; i++) printf("part\t%s\n", parts[i]);

    dump d = { 0, NULL, 0, 0 };
    dft_walk_sink sink = { on_volume, on_fs, on_file, on_region, on_warning, on_meta, on_cancelled, &d, NULL, false };
    int rc = dft_evidence_walk(ev, &sink);
    int exit_code = 0;
    if (rc != DFT_OK) {
        printf("walkerror\t%s\n", dft_error_last());
        exit_code = 3;
    }
    if (content && d.n) {
        result *a = calloc(d.n, sizeof *a), *b = calloc(d.n, sizeof *b);
        job ja = { &d, a }, jb = { &d, b };
        pthread_t th;
        pthread_create(&th, NULL, hash_all, &jb);
        hash_all(&ja);
        pthread_join(th, NULL);
        for (size_t i = 0; i < d.n; i++) {
            printf("content\t%lld\t%s\t%llu\t%d\n", (long long)d.items[i].id, a[i].sha256,
                   (unsigned long long)a[i].bad, a[i].rc);
            if (strcmp(a[i].sha256, b[i].sha256) || a[i].bad != b[i].bad) {
                printf("mismatch\t%lld\n", (long long)d.items[i].id);
                exit_code = 4;
            }
        }
        free(a);
        free(b);
    }
    if (sibling && d.n) {
        tstates st = { .n = 0 };
        dft_hasher *h = NULL;
        dft_hasher_new(&h);
        item *it = &d.items[0];
        void *ts = state_for(&st, it->rec.source);
        int src = ts ? it->rec.source->sibling(it->rec.source, ts, &it->rec, sibling, feed, h) : DFT_EIO;
        dft_hashes hs;
        dft_hasher_final(h, &hs);
        printf("sibling\t%lld\t%s\t%s\n", (long long)it->id, sibling, src == DFT_OK ? hs.sha256 : "notfound");
        dft_hasher_free(h);
        states_close(&st);
    }
    if (media) {
        dft_hashes hs;
        uint64_t bad = 0;
        int mrc = dft_evidence_hash_media(ev, &hs, &bad, progress, NULL, NULL);
        if (mrc == DFT_OK)
            printf("media\t%s\t%s\t%s\t%llu\n", hs.md5, hs.sha1, hs.sha256, (unsigned long long)bad);
        else
            printf("media\terror\t%s\n", dft_error_last());
    }
    for (size_t i = 0; i < d.n; i++) free(d.items[i].path);
    free(d.items);
    dft_evidence_close(ev);
    fflush(stdout);
    return exit_code;
}
