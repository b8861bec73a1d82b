/*
 * fileindex.c - the per-evidence file index (fileindex.h).
 *
 * Entries sit in one array in id order (ids are handed out in walk order), so an id is found by
 * binary search. Two string maps give the last entry of a device path and of an evidence path;
 * entries of the same key are chained (newest first), as are the children of a directory (in walk
 * order; listings sort them). Device paths are keyed with a leading '/' (iTunes device paths
 * "HomeDomain/Library/..." have none), so "/HomeDomain/Library/x" and "HomeDomain/Library/x" are one key.
 */
#include "fileindex.h"

#include "hash.h"

#include <fnmatch.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"

typedef struct node {
    dft_fileindex_entry e;
    int64_t next_dev, next_path;     /* older entry with the same key, -1 */
    int64_t first_child, last_child; /* indexes, -1 */
    int64_t next_sib;
} node;

struct dft_fileindex {
    pthread_rwlock_t lock;
    node *v;
    size_t n, cap;
    dft_strmap *by_dev, *by_path;
    char **kept;                     /* distinct kept_path strings (a pack file is shared by many) */
    size_t n_kept, cap_kept;
};

int dft_fileindex_new(dft_fileindex **out)
{
    dft_fileindex *x = calloc(1, sizeof *x);
    if (!x) return dft_error_set(DFT_ENOMEM, "out of memory");
    if (dft_strmap_new(&x->by_dev) || dft_strmap_new(&x->by_path)) {
        dft_strmap_free(x->by_dev);
        free(x);
        return dft_error_set(DFT_ENOMEM, "out of memory");
    }
    pthread_rwlock_init(&x->lock, NULL);
    *out = x;
    return DFT_OK;
}

static void entry_free(dft_fileindex_entry *e)
{
    if (e->device_path != e->path) free((char *)e->device_path);
    free((char *)e->path);
    free((char *)e->name);
}

void dft_fileindex_free(dft_fileindex *x)
{
    if (!x) return;
    for (size_t i = 0; i < x->n; i++) entry_free(&x->v[i].e);
    free(x->v);
    for (size_t i = 0; i < x->n_kept; i++) free(x->kept[i]);
    free(x->kept);
    dft_strmap_free(x->by_dev);
    dft_strmap_free(x->by_path);
    pthread_rwlock_destroy(&x->lock);
    free(x);
}

/* "/"-prefixed key of a device path, in buf (or NULL when too long). */
static const char *dev_key(const char *dev, char *buf, size_t cap)
{
    if (dev[0] == '/') return dev;
    int n = snprintf(buf, cap, "/%s", dev);
    return n > 0 && (size_t)n < cap ? buf : NULL;
}

/* The key a path has in a map: the path itself, or for a long one "#" + SHA-256 (a hostile archive of
 * 10,000 nested folders has 10,000 paths of up to 16 KiB: keys of their own would be hundreds of MB).
 * Lookups compare the entry's own path, so a digest collision could never pair the wrong file. */
#define KEY_MAX 256
static const char *map_key(const char *k, char buf[66])
{
    if (strlen(k) <= KEY_MAX) return k;
    buf[0] = '#';
    dft_sha256_hex(buf + 1, k, strlen(k));
    return buf;
}

/* Index of id, or -1 (lock held). */
static int64_t index_of(const dft_fileindex *x, int64_t id)
{
    size_t lo = 0, hi = x->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (x->v[mid].e.id < id) lo = mid + 1;
        else hi = mid;
    }
    return lo < x->n && x->v[lo].e.id == id ? (int64_t)lo : -1;
}

/* The index's copy of a kept path: consecutive members share one pack file (lock held). */
static const char *intern_kept(dft_fileindex *x, const char *path)
{
    if (x->n_kept && strcmp(x->kept[x->n_kept - 1], path) == 0) return x->kept[x->n_kept - 1];
    if (x->n_kept == x->cap_kept) {
        size_t ncap = x->cap_kept ? x->cap_kept * 2 : 16;
        char **g = realloc(x->kept, ncap * sizeof *g);
        if (!g) return NULL;
        x->kept = g;
        x->cap_kept = ncap;
    }
    char *c = strdup(path);
    if (c) x->kept[x->n_kept++] = c;
    return c;
}

int dft_fileindex_add(dft_fileindex *x, int64_t id, const dft_file_rec *r)
{
    pthread_rwlock_wrlock(&x->lock);
    int rc = DFT_OK;
    if (x->n && x->v[x->n - 1].e.id >= id) {
        pthread_rwlock_unlock(&x->lock);
        return DFT_OK; /* ids come in order; anything else is not a walker's file */
    }
    if (x->n == x->cap) {
        size_t ncap = x->cap ? x->cap * 2 : 1024;
        node *g = realloc(x->v, ncap * sizeof *g);
        if (!g) {
            pthread_rwlock_unlock(&x->lock);
            return dft_error_set(DFT_ENOMEM, "out of memory for the file index");
        }
        x->v = g;
        x->cap = ncap;
    }
    node *nd = &x->v[x->n];
    memset(nd, 0, sizeof *nd);
    dft_fileindex_entry *e = &nd->e;
    e->id = id;
    e->parent_id = r->parent_id;
    e->path = strdup(r->path);
    e->device_path = e->path && r->device_path && strcmp(r->device_path, r->path) != 0 ? strdup(r->device_path) : e->path;
    e->name = strdup(r->name ? r->name : "");
    e->type = r->type;
    e->allocated = r->allocated;
    e->content_partial = r->content_partial;
    e->size = r->size;
    e->source = r->source;
    e->locator = r->locator;
    e->attr_type = r->attr_type;
    e->attr_id = r->attr_id;
    e->kept_path = r->kept_path ? intern_kept(x, r->kept_path) : NULL;
    e->kept_offset = r->kept_offset;
    nd->next_dev = nd->next_path = nd->first_child = nd->last_child = nd->next_sib = -1;
    if (!e->path || !e->device_path || !e->name || (r->kept_path && !e->kept_path)) {
        entry_free(e);
        pthread_rwlock_unlock(&x->lock);
        return dft_error_set(DFT_ENOMEM, "out of memory for the file index");
    }
    int64_t idx = (int64_t)x->n, prev;
    char kb[4200], hk[66];
    const char *dk = dev_key(e->device_path, kb, sizeof kb);
    if (dk) {
        const char *mk = map_key(dk, hk);
        nd->next_dev = dft_strmap_get(x->by_dev, mk, &prev) == DFT_OK ? prev : -1;
        rc = dft_strmap_put(x->by_dev, mk, idx);
    }
    if (rc == DFT_OK) {
        const char *mk = map_key(e->path, hk);
        nd->next_path = dft_strmap_get(x->by_path, mk, &prev) == DFT_OK ? prev : -1;
        rc = dft_strmap_put(x->by_path, mk, idx);
    }
    if (rc) {
        entry_free(e);
        pthread_rwlock_unlock(&x->lock);
        return rc;
    }
    x->n++;
    int64_t pi = e->parent_id ? index_of(x, e->parent_id) : -1;
    if (pi >= 0) {
        node *pn = &x->v[pi];
        if (pn->last_child >= 0) x->v[pn->last_child].next_sib = idx;
        else pn->first_child = idx;
        pn->last_child = idx;
    }
    pthread_rwlock_unlock(&x->lock);
    return DFT_OK;
}

static bool state_ok(const dft_fileindex_entry *e, dft_fix_state st)
{
    return st == DFT_FIX_ANY || (st == DFT_FIX_ALLOCATED) == e->allocated;
}

/* True when entry e is the one a lookup of want (a "/"-prefixed device path, or an evidence path) asked
 * for: map keys of long paths are digests, so the path itself decides. */
static bool entry_is(const dft_fileindex_entry *e, bool by_dev, const char *want)
{
    if (!by_dev) return strcmp(e->path, want) == 0;
    const char *d = e->device_path;
    return d[0] == '/' ? strcmp(d, want) == 0 : (want[0] == '/' && strcmp(d, want + 1) == 0);
}

/* Best of a chain: allocated first, then lowest id (chains run newest first). */
static int64_t best_of(const dft_fileindex *x, int64_t i, bool by_dev, const char *want, dft_fix_state st,
                       int64_t max_id)
{
    int64_t best = -1;
    for (; i >= 0; i = by_dev ? x->v[i].next_dev : x->v[i].next_path) {
        const dft_fileindex_entry *e = &x->v[i].e;
        if (e->id >= max_id || !state_ok(e, st) || !entry_is(e, by_dev, want)) continue;
        if (best < 0) {
            best = i;
            continue;
        }
        const dft_fileindex_entry *b = &x->v[best].e;
        if ((e->allocated && !b->allocated) || (e->allocated == b->allocated && e->id < b->id)) best = i;
    }
    return best;
}

int dft_fileindex_find(dft_fileindex *x, const char *device_path, dft_fix_state state, int64_t max_id,
                       dft_fileindex_entry *out)
{
    char kb[4200];
    const char *dk = dev_key(device_path, kb, sizeof kb);
    if (!dk) return DFT_ENOTFOUND;
    char hk[66];
    const char *mk = map_key(dk, hk);
    pthread_rwlock_rdlock(&x->lock);
    int64_t i, best = -1;
    if (dft_strmap_get(x->by_dev, mk, &i) == DFT_OK) best = best_of(x, i, true, dk, state, max_id);
    if (best < 0 && dft_strmap_get(x->by_path, mk, &i) == DFT_OK) best = best_of(x, i, false, dk, state, max_id);
    if (best >= 0) *out = x->v[best].e;
    pthread_rwlock_unlock(&x->lock);
    return best >= 0 ? DFT_OK : DFT_ENOTFOUND;
}

typedef struct {
    dft_fileindex_entry *v;
    size_t n, cap;
    bool by_dev;
} hits;

static int hits_add(hits *h, const dft_fileindex_entry *e)
{
    if (h->n == h->cap) {
        size_t ncap = h->cap ? h->cap * 2 : 64;
        dft_fileindex_entry *g = realloc(h->v, ncap * sizeof *g);
        if (!g) return dft_error_set(DFT_ENOMEM, "out of memory");
        h->v = g;
        h->cap = ncap;
    }
    h->v[h->n++] = *e;
    return DFT_OK;
}

static int by_name_then_id(const void *a, const void *b)
{
    const dft_fileindex_entry *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->id > y->id) - (x->id < y->id);
}

static int by_dev_then_id(const void *a, const void *b)
{
    const dft_fileindex_entry *x = a, *y = b;
    int c = strcmp(x->device_path, y->device_path);
    return c ? c : (x->id > y->id) - (x->id < y->id);
}

/* Sorts and delivers the hits without the lock held (callbacks may look things up again). */
static int deliver(hits *h, int (*cmp)(const void *, const void *), dft_fileindex_fn cb, void *payload)
{
    if (h->n) qsort(h->v, h->n, sizeof *h->v, cmp);
    int rc = DFT_OK;
    for (size_t i = 0; i < h->n && rc == DFT_OK; i++) rc = cb(payload, &h->v[i]);
    free(h->v);
    return rc;
}

int dft_fileindex_children(dft_fileindex *x, int64_t dir_id, int64_t max_id, dft_fileindex_fn cb, void *payload)
{
    hits h = { 0 };
    int rc = DFT_OK;
    pthread_rwlock_rdlock(&x->lock);
    int64_t di = index_of(x, dir_id);
    for (int64_t i = di >= 0 ? x->v[di].first_child : -1; i >= 0 && rc == DFT_OK; i = x->v[i].next_sib)
        if (x->v[i].e.id < max_id) rc = hits_add(&h, &x->v[i].e);
    pthread_rwlock_unlock(&x->lock);
    if (rc) {
        free(h.v);
        return rc;
    }
    return deliver(&h, by_name_then_id, cb, payload);
}

int dft_fileindex_glob(dft_fileindex *x, const char *pattern, int64_t max_id, dft_fileindex_fn cb, void *payload)
{
    hits h = { 0 };
    int rc = DFT_OK;
    pthread_rwlock_rdlock(&x->lock);
    for (size_t i = 0; i < x->n && rc == DFT_OK; i++) {
        const dft_fileindex_entry *e = &x->v[i].e;
        if (e->id < max_id && fnmatch(pattern, e->device_path, 0) == 0) rc = hits_add(&h, e);
    }
    pthread_rwlock_unlock(&x->lock);
    if (rc) {
        free(h.v);
        return rc;
    }
    return deliver(&h, by_dev_then_id, cb, payload);
}

bool dft_fileindex_readable(const dft_fileindex_entry *e)
{
    if (e->kept_path) return true;
    return e->source && e->source->stream && !e->source->sequential;
}

void dft_fileindex_rec(const dft_fileindex_entry *e, dft_file_rec *out)
{
    dft_file_rec_init(out);
    out->path = e->path;
    out->name = e->name;
    out->device_path = e->device_path;
    out->type = e->type;
    out->allocated = e->allocated;
    out->size = e->size;
    out->source = e->source;
    out->locator = e->locator;
    out->attr_type = e->attr_type;
    out->attr_id = e->attr_id;
    out->kept_path = e->kept_path;
    out->kept_offset = e->kept_offset;
    out->content_partial = e->content_partial;
}

bool dft_fileindex_resolve(const char *base_dir, const char *rel, char *out, size_t cap)
{
    char tmp[8192];
    int n = rel[0] == '/' ? snprintf(tmp, sizeof tmp, "%s", rel)
                          : snprintf(tmp, sizeof tmp, "%s%s/%s", base_dir[0] == '/' ? "" : "/", base_dir, rel);
    if (n < 0 || (size_t)n >= sizeof tmp || cap < 2) return false;
    size_t len = 0;
    out[0] = '\0';
    for (char *save = NULL, *c = strtok_r(tmp, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
        if (strcmp(c, ".") == 0) continue;
        if (strcmp(c, "..") == 0) {
            if (len == 0) return false;
            while (len > 0 && out[len - 1] != '/') len--;
            if (len > 0) len--; /* the '/' */
            out[len] = '\0';
            continue;
        }
        size_t cl = strlen(c);
        if (len + 1 + cl + 1 > cap) return false;
        out[len++] = '/';
        memcpy(out + len, c, cl);
        len += cl;
        out[len] = '\0';
    }
    if (len == 0) snprintf(out, cap, "/");
    return true;
}
