/*
 * archive_source.c - the dft_source of archive evidence. Members are handed to the pipeline in
 * memory or as spill files during the walk, so stream() is never needed; what this source serves
 * is sibling(): the members that a plugin keeps (opts.keep_member), spilled and registered under
 * their evidence and device paths, so that a scan of msgstore.db finds msgstore.db-wal even though
 * the WAL came later in the archive.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "archive_internal.h"
#include "devpath.h"
#include "error.h"
#include "fileio.h"

char *archive_join(const char *a, const char *sep, const char *b)
{
    size_t n = strlen(a) + strlen(sep) + strlen(b) + 1;
    char *s = malloc(n);
    if (s) snprintf(s, n, "%s%s%s", a, sep, b);
    return s;
}

void archive_add_pending(arc *A, const char *msg)
{
    if (A->npending < MAX_PENDING) A->pending[A->npending++] = strdup(msg);
}

int archive_kept_add(arc *A, const char *path, const char *dev, const char *spill)
{
    pthread_mutex_lock(&A->mu);
    int rc = DFT_OK;
    if (A->nkept == A->capkept) {
        size_t ncap = A->capkept ? A->capkept * 2 : 16;
        char **n = realloc(A->kept_paths, ncap * sizeof *n);
        if (!n) rc = dft_error_set(DFT_ENOMEM, "out of memory for kept members");
        else {
            A->kept_paths = n;
            A->capkept = ncap;
        }
    }
    if (!rc && !(A->kept_paths[A->nkept] = strdup(spill))) rc = dft_error_set(DFT_ENOMEM, "out of memory");
    if (!rc) {
        int64_t idx = (int64_t)A->nkept++;
        rc = dft_strmap_put(A->kept, path, idx);
        if (!rc && dev) rc = dft_strmap_put(A->kept, dev, idx);
    }
    pthread_mutex_unlock(&A->mu);
    return rc;
}

int archive_src_stream(dft_source *src, void *tstate, const dft_file_rec *f, dft_block_fn cb, void *payload,
                      uint64_t *bad_bytes, char *errbuf, size_t errbuf_len)
{
    (void)src;
    (void)tstate;
    (void)cb;
    (void)payload;
    *bad_bytes = f->size;
    snprintf(errbuf, errbuf_len, "archive member content was not retained");
    return DFT_ENOTFOUND;
}

int archive_src_sibling(dft_source *src, void *tstate, const dft_file_rec *f, const char *path, dft_block_fn cb,
                       void *payload)
{
    (void)tstate;
    arc *A = src->impl;
    char *joined;
    if (path[0] == '/') {
        joined = strdup(path);
    } else {
        const char *base = f->device_path ? f->device_path : f->path;
        const char *sl = strrchr(base, '/');
        char *dir = strndup(base, sl ? (size_t)(sl - base) : 0);
        joined = dir ? archive_join(dir, "/", path) : NULL;
        free(dir);
    }
    if (!joined) return dft_error_set(DFT_ENOMEM, "out of memory");
    char *clean;
    unsigned fl;
    const char *j = joined;
    while (*j == '/') j++;
    int rc = dft_devpath_sanitise(j, &clean, &fl);
    free(joined);
    if (rc) return rc;
    char *key = archive_join("/", "", clean);
    free(clean);
    if (!key) return dft_error_set(DFT_ENOMEM, "out of memory");
    char *spill = NULL;
    pthread_mutex_lock(&A->mu);
    int64_t idx;
    if (!(fl & DFT_SANITISE_OUTSIDE) && dft_strmap_get(A->kept, key, &idx) == DFT_OK) spill = strdup(A->kept_paths[idx]);
    pthread_mutex_unlock(&A->mu);
    if (!spill) {
        rc = dft_error_set(DFT_ENOTFOUND, "%s not kept in the container", key);
        free(key);
        return rc;
    }
    free(key);
    rc = dft_file_stream(spill, 0, cb, payload, NULL, NULL, 0);
    free(spill);
    return rc;
}

void archive_src_release(dft_source *src, const dft_file_rec *f)
{
    (void)src;
    if (f->spill_path && !(f->locator & KEPT_BIT)) unlink(f->spill_path);
}

