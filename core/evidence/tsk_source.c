/*
 * tsk_source.c - the content source of one TSK file system: worker threads read file content
 * through their own image + file-system handles (thread_open), by metadata address, in 1 MiB
 * windows.
 *
 * Invariants:
 *  1. A thread state is used by one thread only; TSK handles are never shared.
 *  2. An unreadable block is passed on as zeros and counted (a 1 MiB window TSK fails to read, or
 *     during which an E01 read failed that TSK may have hidden as zeros, is re-read block by
 *     block, so one bad E01 chunk costs its own bytes only); after 16 consecutive windows with
 *     unreadable blocks the rest of the file is counted as bad and stream() returns DFT_ECORRUPT
 *     (a corrupt size field cannot make us stream exabytes of zeros; the price is that readable
 *     data after more than 16 MiB of damage in one file is not hashed); so does a size larger
 *     than the file system plus 1 GiB (sparse slack).
 *  3. Memory per thread state is one 1 MiB buffer plus TSK's handles.
 */
#include "tsk_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

#define CHUNK (1024u * 1024)
#define MAX_BAD_RUN 16

typedef struct tsk_src {
    dft_source src;           /* first: (dft_source *) == (tsk_src *) */
    dft_tsk_ev *t;
    dft_tsk_fsloc loc;
} tsk_src;

typedef struct tstate {
    TSK_IMG_INFO *img;
    const TSK_POOL_INFO *pool;
    TSK_IMG_INFO *pimg;
    TSK_FS_INFO *fs;
    char *buf;
} tstate;

static void ts_close(dft_source *src, void *p)
{
    (void)src;
    tstate *ts = p;
    if (!ts) return;
    if (ts->fs) tsk_fs_close(ts->fs);
    if (ts->pimg) tsk_img_close(ts->pimg);
    if (ts->pool) tsk_pool_close(ts->pool);
    if (ts->img) tsk_img_close(ts->img);
    free(ts->buf);
    free(ts);
}

static int ts_open(dft_source *src, void **out)
{
    tsk_src *s = (tsk_src *)src;
    char e[256];
    *out = NULL;
    tstate *ts = calloc(1, sizeof *ts);
    if (!ts || !(ts->buf = malloc(CHUNK))) {
        free(ts);
        return dft_error_set(DFT_ENOMEM, "out of memory for a TSK reader");
    }
    int rc = DFT_OK;
    ts->img = dft_tsk_img_open(s->t);
    if (!ts->img) {
        rc = dft_error_set(DFT_EIO, "cannot reopen image: %s", dft_tsk_errstr(e, sizeof e));
    } else if (s->loc.in_pool) {
        ts->pool = tsk_pool_open_img_sing(ts->img, (TSK_OFF_T)s->loc.pool_offset, TSK_POOL_TYPE_DETECT);
        if (ts->pool) ts->pimg = ts->pool->get_img_info(ts->pool, (TSK_DADDR_T)s->loc.pvol_block);
        if (ts->pimg) ts->fs = tsk_fs_open_img(ts->pimg, (TSK_OFF_T)s->loc.offset, s->loc.type);
        if (!ts->fs)
            rc = dft_error_set(DFT_EIO, "cannot reopen APFS volume at offset %llu: %s",
                               (unsigned long long)s->loc.pool_offset, dft_tsk_errstr(e, sizeof e));
    } else {
        ts->fs = tsk_fs_open_img(ts->img, (TSK_OFF_T)s->loc.offset, s->loc.type);
        if (!ts->fs)
            rc = dft_error_set(DFT_EIO, "cannot reopen file system at offset %llu: %s",
                               (unsigned long long)s->loc.offset, dft_tsk_errstr(e, sizeof e));
    }
    if (rc) {
        ts_close(src, ts);
        return rc;
    }
    *out = ts;
    return DFT_OK;
}

static void set_err(char *errbuf, size_t len, const char *msg)
{
    if (errbuf && len && !errbuf[0]) snprintf(errbuf, len, "%s", msg);
}

/* Reads up to len bytes at off of the file's attribute (attr_type 0: default data); stops at the
 * first failed read. Returns the bytes read. */
static size_t read_full(TSK_FS_FILE *file, uint32_t attr_type, uint16_t attr_id, uint64_t off, char *buf, size_t len)
{
    size_t got = 0;
    while (got < len) {
        ssize_t r = attr_type
            ? tsk_fs_file_read_type(file, (TSK_FS_ATTR_TYPE_ENUM)attr_type, attr_id, (TSK_OFF_T)(off + got), buf + got,
                                    len - got, TSK_FS_FILE_READ_FLAG_NONE)
            : tsk_fs_file_read(file, (TSK_OFF_T)(off + got), buf + got, len - got, TSK_FS_FILE_READ_FLAG_NONE);
        if (r <= 0) break;
        got += (size_t)r;
    }
    return got;
}

/* Streams the data of the file at inum (attr_type 0: default data). */
static int stream_inum(tstate *ts, TSK_INUM_T inum, uint32_t attr_type, uint16_t attr_id, dft_block_fn cb,
                       void *payload, uint64_t *bad, char *errbuf, size_t errlen, uint64_t size_hint)
{
    char e[256];
    tsk_error_reset();
    TSK_FS_FILE *file = tsk_fs_file_open_meta(ts->fs, NULL, inum);
    if (!file || !file->meta) {
        set_err(errbuf, errlen, dft_tsk_errstr(e, sizeof e));
        if (file) tsk_fs_file_close(file);
        *bad += size_hint;
        return DFT_ECORRUPT;
    }
    uint64_t size;
    const TSK_FS_ATTR *a;
    if (attr_type) {
        a = tsk_fs_file_attr_get_type(file, (TSK_FS_ATTR_TYPE_ENUM)attr_type, attr_id, 1);
        if (!a) {
            set_err(errbuf, errlen, dft_tsk_errstr(e, sizeof e));
            tsk_fs_file_close(file);
            *bad += size_hint;
            return DFT_ECORRUPT;
        }
        size = a->size > 0 ? (uint64_t)a->size : 0;
    } else {
        a = tsk_fs_file_attr_get(file);
        size = file->meta->size > 0 ? (uint64_t)file->meta->size : 0;
    }
    /* Past the initialised size of a non-resident attribute (NTFS valid data length) the content
     * is zeros by definition; TSK 4.11 fails some such reads ($BadClus:$Bad, sparse, init 0):
     * those bytes are zeros, not unreadable. */
    uint64_t init = size;
    if (a && (a->flags & TSK_FS_ATTR_NONRES) && a->nrd.initsize >= 0 && (uint64_t)a->nrd.initsize < size)
        init = (uint64_t)a->nrd.initsize;
    /* A size beyond the whole file system (plus 1 GiB of slack for sparse files) is corrupt
     * metadata: read up to that limit, count the rest as bad. */
    uint64_t fs_bytes = (uint64_t)ts->fs->block_count * ts->fs->block_size;
    uint64_t limit = fs_bytes + (1ull << 30), full = size;
    if (size > limit) size = limit;
    int rc = DFT_OK, bad_run = 0;
    for (uint64_t off = 0; off < size;) {
        size_t want = size - off < CHUNK ? (size_t)(size - off) : CHUNK;
        uint64_t failed = dft_ewf_img_failures(ts->img);
        size_t got = read_full(file, attr_type, attr_id, off, ts->buf, want);
        /* a failed image read TSK turned into zeros (unaligned length, see ewf_image.h): trust
         * nothing of this window, re-read it block by block below */
        if (dft_ewf_img_failures(ts->img) != failed) got = 0;
        if (got < want && off + got >= init) {
            memset(ts->buf + got, 0, want - got);
            got = want;
        }
        if (got < want) {
            /* TSK fails a whole read for one bad block: read the rest block by block so only
             * the blocks that cannot be read (e.g. an E01 chunk whose checksum fails) count */
            set_err(errbuf, errlen, dft_tsk_errstr(e, sizeof e));
            uint64_t lost = 0;
            size_t bs = ts->fs->block_size ? ts->fs->block_size : 512;
            for (size_t p = got; p < want;) {
                size_t n = bs - (size_t)((off + p) % bs);
                if (n > want - p) n = want - p;
                failed = dft_ewf_img_failures(ts->img);
                size_t r = off + p >= init ? 0 : read_full(file, attr_type, attr_id, off + p, ts->buf + p, n);
                if (dft_ewf_img_failures(ts->img) != failed) r = 0;
                if (r < n) {
                    memset(ts->buf + p + r, 0, n - r);
                    if (off + p + r < init) lost += (init - (off + p + r) < n - r) ? init - (off + p + r) : n - r;
                }
                p += n;
            }
            tsk_error_reset();
            *bad += lost;
            bad_run = lost ? bad_run + 1 : 0;
        } else {
            bad_run = 0;
        }
        rc = cb(payload, off, (const uint8_t *)ts->buf, want);
        off += want;
        if (rc) break;
        if (bad_run >= MAX_BAD_RUN && off < size) {
            *bad += size - off;
            rc = DFT_ECORRUPT;
            break;
        }
    }
    if (rc == DFT_OK && full > size) {
        *bad += full - size;
        if (errbuf && errlen)
            snprintf(errbuf, errlen, "size %llu exceeds the file system (%llu bytes): read stopped at %llu",
                     (unsigned long long)full, (unsigned long long)fs_bytes, (unsigned long long)size);
        rc = DFT_ECORRUPT;
    }
    tsk_fs_file_close(file);
    return rc;
}

static int ts_stream(dft_source *src, void *p, const dft_file_rec *f, dft_block_fn cb, void *payload,
                     uint64_t *bad_bytes, char *errbuf, size_t errbuf_len)
{
    (void)src;
    tstate *ts = p;
    if (errbuf && errbuf_len) errbuf[0] = '\0';
    return stream_inum(ts, (TSK_INUM_T)f->locator, f->attr_type, f->attr_id, cb, payload, bad_bytes, errbuf,
                       errbuf_len, f->size);
}

static int ts_sibling(dft_source *src, void *p, const dft_file_rec *f, const char *path, dft_block_fn cb,
                      void *payload)
{
    (void)src;
    tstate *ts = p;
    char full[4096], err[256] = "";
    if (!dft_path_resolve(f->path, path, full, sizeof full))
        return dft_error_set(DFT_ENOTFOUND, "sibling %s of %s: outside the file system", path, f->path);
    TSK_INUM_T inum = 0;
    tsk_error_reset();
    int8_t r = tsk_fs_path2inum(ts->fs, full, &inum, NULL);
    if (r != 0) {
        tsk_error_reset();
        return dft_error_set(DFT_ENOTFOUND, "sibling %s not found", full);
    }
    uint64_t bad = 0;
    int rc = stream_inum(ts, inum, 0, 0, cb, payload, &bad, err, sizeof err, 0);
    if (rc == DFT_ECORRUPT) return dft_error_set(DFT_ECORRUPT, "sibling %s: %s", full, err);
    return rc;
}

int dft_tsk_source_new(dft_tsk_ev *t, const dft_tsk_fsloc *loc, dft_source **out)
{
    *out = NULL;
    dft_source **nv = realloc(t->sources, (t->nsources + 1) * sizeof *nv);
    if (!nv) return dft_error_set(DFT_ENOMEM, "out of memory");
    t->sources = nv;
    tsk_src *s = calloc(1, sizeof *s);
    if (!s) return dft_error_set(DFT_ENOMEM, "out of memory");
    s->t = t;
    s->loc = *loc;
    s->src.name = "tsk";
    s->src.thread_open = ts_open;
    s->src.thread_close = ts_close;
    s->src.stream = ts_stream;
    s->src.sibling = ts_sibling;
    s->src.release = NULL;
    s->src.sequential = false;
    s->src.impl = s;
    t->sources[t->nsources++] = &s->src;
    *out = &s->src;
    return DFT_OK;
}

void dft_tsk_source_free(dft_source *src)
{
    free(src);
}
