/*
 * rec_sink.c - recording walk sink for the container tests (see rec_sink.h).
 */
#include "rec_sink.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"

int g_failures;

static char *dupn(const char *s) { return s ? strdup(s) : NULL; }

static int s_file(void *payload, const dft_file_rec *f, int64_t *out_id)
{
    tsink *t = payload;
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 64;
        t->recs = realloc(t->recs, t->cap * sizeof *t->recs);
    }
    trec *r = &t->recs[t->n];
    memset(r, 0, sizeof *r);
    r->id = (int64_t)t->n + 1;
    r->parent_id = f->parent_id;
    r->path = dupn(f->path);
    r->name = dupn(f->name);
    r->device_path = dupn(f->device_path);
    r->archive_path = dupn(f->archive_path);
    r->link_target = dupn(f->link_target);
    r->extra_json = dupn(f->extra_json);
    r->content_error = dupn(f->content_error);
    r->spill_path = dupn(f->spill_path);
    r->type = f->type;
    r->size = f->size;
    r->locator = f->locator;
    r->partial = f->content_partial;
    r->mtime = f->has_mtime ? f->mtime : -1;
    r->mode = f->mode;
    r->source = f->source;
    if (f->inline_data) { /* the contract: inline_data holds exactly size bytes */
        dft_sha256_hex(r->sha256, f->inline_data, (size_t)f->size);
        r->has_content = true;
    }
    if (f->spill_path) {
        file_sha256(f->spill_path, r->sha256);
        r->has_content = true;
    }
    if (f->source && f->source->release) f->source->release(f->source, f);
    t->n++;
    *out_id = r->id;
    return DFT_OK;
}

static int s_warning(void *payload, int64_t file_id, int64_t offset, const char *msg)
{
    (void)file_id;
    (void)offset;
    tsink *t = payload;
    t->warnings = realloc(t->warnings, (t->nw + 1) * sizeof *t->warnings);
    t->warnings[t->nw++] = strdup(msg);
    if (getenv("TEST_VERBOSE")) fprintf(stderr, "  warning: %s\n", msg);
    return DFT_OK;
}

static int s_meta(void *payload, const char *k, const char *v)
{
    tsink *t = payload;
    t->meta_k = realloc(t->meta_k, (t->nm + 1) * sizeof *t->meta_k);
    t->meta_v = realloc(t->meta_v, (t->nm + 1) * sizeof *t->meta_v);
    t->meta_k[t->nm] = strdup(k);
    t->meta_v[t->nm++] = strdup(v);
    return DFT_OK;
}

static bool s_cancelled(void *payload)
{
    (void)payload;
    return false;
}

void tsink_init(tsink *t, dft_walk_sink *s)
{
    memset(t, 0, sizeof *t);
    memset(s, 0, sizeof *s);
    s->file = s_file;
    s->warning = s_warning;
    s->meta = s_meta;
    s->cancelled = s_cancelled;
    s->payload = t;
}

void tsink_free(tsink *t)
{
    for (size_t i = 0; i < t->n; i++) {
        trec *r = &t->recs[i];
        free(r->path);
        free(r->name);
        free(r->device_path);
        free(r->archive_path);
        free(r->link_target);
        free(r->extra_json);
        free(r->content_error);
        free(r->spill_path);
    }
    for (size_t i = 0; i < t->nw; i++) free(t->warnings[i]);
    for (size_t i = 0; i < t->nm; i++) {
        free(t->meta_k[i]);
        free(t->meta_v[i]);
    }
    free(t->recs);
    free(t->warnings);
    free(t->meta_k);
    free(t->meta_v);
    memset(t, 0, sizeof *t);
}

const trec *tsink_find(const tsink *t, const char *path)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->recs[i].path, path) == 0) return &t->recs[i];
    return NULL;
}

const trec *tsink_by_id(const tsink *t, int64_t id)
{
    return id >= 1 && (size_t)id <= t->n ? &t->recs[id - 1] : NULL;
}

const char *tsink_meta(const tsink *t, const char *key)
{
    for (size_t i = 0; i < t->nm; i++)
        if (strcmp(t->meta_k[i], key) == 0) return t->meta_v[i];
    return NULL;
}

size_t tsink_warnings_with(const tsink *t, const char *needle)
{
    size_t n = 0;
    for (size_t i = 0; i < t->nw; i++)
        if (strstr(t->warnings[i], needle)) n++;
    return n;
}

const char *expected_sha(const char *images, const char *key)
{
    static char sha[65];
    char p[4096], line[8192];
    snprintf(p, sizeof p, "%s/expected.txt", images);
    FILE *f = fopen(p, "r");
    if (!f) return NULL;
    const char *res = NULL;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        if (strlen(line) > 66 && strcmp(line + 66, key) == 0) {
            memcpy(sha, line, 64);
            sha[64] = 0;
            res = sha;
            break;
        }
    }
    fclose(f);
    return res;
}

int file_sha256(const char *path, char out[65])
{
    out[0] = 0;
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    dft_hasher *h;
    dft_hasher_new(&h);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) dft_hasher_update(h, buf, n);
    fclose(f);
    dft_hashes hs;
    dft_hasher_final(h, &hs);
    dft_hasher_free(h);
    memcpy(out, hs.sha256, 65);
    return 0;
}

void check_tree(const tsink *t, int64_t container_ok)
{
    for (size_t i = 0; i < t->n; i++) {
        const trec *r = &t->recs[i];
        CHECK(r->path[0] == '/', "path %s must start with /", r->path);
        CHECK(!strstr(r->path, "/../") && !strstr(r->path, "//"), "unsafe path %s", r->path);
        if (r->parent_id == 0) {
            CHECK(strchr(r->path + 1, '/') == NULL, "%s has no parent but is not at the top", r->path);
            continue;
        }
        const trec *p = tsink_by_id(t, r->parent_id);
        CHECK(p && p->id < r->id, "%s: parent %lld not emitted before", r->path, (long long)r->parent_id);
        if (!p) continue;
        CHECK(p->type == 'd' || (container_ok && p->type == 'r'), "%s: parent %s is not a dir", r->path, p->path);
        size_t pl = strlen(p->path);
        CHECK(strncmp(r->path, p->path, pl) == 0 && r->path[pl] == '/', "%s not under parent %s", r->path,
              p->path);
        if (r->type == 'd')
            for (size_t k = 0; k < i; k++)
                CHECK(strcmp(t->recs[k].path, r->path) != 0, "directory %s emitted twice", r->path);
    }
}

int count_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
    closedir(d);
    return n;
}
