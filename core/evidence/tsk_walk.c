/*
 * tsk_walk.c - the TSK walk: volume system -> partitions -> file systems (or an APFS pool's
 * volumes) -> unallocated space, then every name TSK reports (allocated, deleted, orphans, NTFS
 * alternate data streams; with sink->slack each file's slack), reported to a dft_walk_sink in TSK's
 * (deterministic) order.
 *
 *   image ─ tsk_vs_open ─┬─ partition (alloc)   ─ tsk_fs_open_img ─ walk_fs: fs_unalloc, mapped, names
 *                        │                      └ tsk_pool_open_img_sing ─ free blocks (fs_unalloc),
 *                        │                                                 mapped, each volume ─ walk_fs
 *                        ├─ partition (unalloc) ─ region vs_unalloc
 *                        └─ partition (meta)    ─ volume row only
 *         └ no volume system: the whole image as a file system, then as an APFS pool
 *
 * Invariants:
 *  1. A partition in which nothing is recognised is kept (volume row) and named in a warning.
 *  2. tsk_fs_dir_walk calls back for a directory before its children (depth first), so the parent's
 *     files.id is always in the per-file-system directory map (path -> id, directories only) when a
 *     child arrives; a later directory with the same path replaces the earlier one, which is right
 *     because the walk is depth first.
 *  3. TSK errors become sink warnings; the walk goes on.
 *  4. Unallocated regions come in disk order within a file system, and sink->mapped(end) follows a
 *     file system's (or container's, or partition's) regions before its names are walked, so the
 *     region scan can take them from the concurrent media-hash read (core/pipeline/region.c).
 */
#include "tsk_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devpath.h"
#include "error.h"
#include "strmap.h"

typedef struct walk_ctx {
    dft_evidence *ev;
    dft_tsk_ev *t;
    const dft_walk_sink *sink;
    TSK_IMG_INFO *img;
    int rc;                 /* first sink error, stops the walk */
    bool stop;
    int nfs;                /* file systems walked */
} walk_ctx;

typedef struct fs_ctx {
    walk_ctx *w;
    TSK_FS_INFO *fs;
    int64_t fs_id;
    int64_t vol_id;
    uint64_t media_off;     /* byte offset of block 0 in the media (0 for pool volumes: unknown) */
    bool region_ok;         /* block addresses map to media offsets */
    dft_source *src;
    dft_strmap *dirs;
    bool ntfs;
    bool userdata;          /* an Android userdata partition: device paths get "/data" in front */
    char *path;             /* scratch path buffer */
    char *devpath;          /* scratch device path buffer */
    size_t path_cap;
    /* unallocated run being coalesced */
    uint64_t run_start, run_len;
    uint64_t nfiles, nblocks;
} fs_ctx;

static bool cancelled(walk_ctx *w)
{
    if (w->stop) return true;
    if (w->sink->cancelled && w->sink->cancelled(w->sink->payload)) {
        w->stop = true;
        w->rc = dft_error_set(DFT_ECANCELLED, "%s: walk cancelled", w->ev->path);
    }
    return w->stop;
}

static void sink_err(walk_ctx *w, int rc)
{
    if (rc != DFT_OK && w->rc == DFT_OK) {
        w->rc = rc;
        w->stop = true;
    }
}

static void warn(walk_ctx *w, int64_t file_id, int64_t off, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void warn(walk_ctx *w, int64_t file_id, int64_t off, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (w->sink->warning) sink_err(w, w->sink->warning(w->sink->payload, file_id, off, msg));
}

/* Tells the sink that every unallocated region starting below `below` has been reported. */
static void mapped(walk_ctx *w, uint64_t below)
{
    if (w->sink->mapped && !w->stop) w->sink->mapped(w->sink->payload, below);
}

static void report_region(walk_ctx *w, int64_t fs_id, int64_t vol_id, uint64_t off, uint64_t len, const char *kind,
                          int64_t file_id)
{
    dft_region_rec r = { fs_id, vol_id, off, len, kind, file_id, 0 };
    if (w->sink->region && len) sink_err(w, w->sink->region(w->sink->payload, &r));
}

static const char *scheme_name(TSK_VS_TYPE_ENUM t)
{
    switch (t) {
    case TSK_VS_TYPE_DOS: return "dos";
    case TSK_VS_TYPE_GPT: return "gpt";
    case TSK_VS_TYPE_MAC: return "mac";
    case TSK_VS_TYPE_BSD: return "bsd";
    case TSK_VS_TYPE_SUN: return "sun";
    default: return tsk_vs_type_toname(t) ? tsk_vs_type_toname(t) : "unknown";
    }
}

static const char *fs_type_name(TSK_FS_TYPE_ENUM t)
{
    if (TSK_FS_TYPE_ISNTFS(t)) return "ntfs";
    if (TSK_FS_TYPE_ISFFS(t)) return "ufs";
    if (TSK_FS_TYPE_ISAPFS(t)) return "apfs";
    if (TSK_FS_TYPE_ISHFS(t)) return "hfs+";
    if (TSK_FS_TYPE_ISISO9660(t)) return "iso9660";
    if (TSK_FS_TYPE_ISYAFFS2(t)) return "yaffs2";
    switch (t) {
    case TSK_FS_TYPE_FAT12: return "fat12";
    case TSK_FS_TYPE_FAT16: return "fat16";
    case TSK_FS_TYPE_FAT32: return "fat32";
    case TSK_FS_TYPE_EXFAT: return "exfat";
    case TSK_FS_TYPE_EXT2: return "ext2";
    case TSK_FS_TYPE_EXT3: return "ext3";
    case TSK_FS_TYPE_EXT4: return "ext4";
    case TSK_FS_TYPE_SWAP: return "swap";
    case TSK_FS_TYPE_RAW: return "raw";
    default: return tsk_fs_type_toname(t) ? tsk_fs_type_toname(t) : "unknown";
    }
}

static char type_char(const TSK_FS_FILE *f)
{
    if (f->meta) {
        switch (f->meta->type) {
        case TSK_FS_META_TYPE_REG: return 'r';
        case TSK_FS_META_TYPE_DIR: return 'd';
        case TSK_FS_META_TYPE_LNK: return 'l';
        case TSK_FS_META_TYPE_CHR: return 'c';
        case TSK_FS_META_TYPE_BLK: return 'b';
        case TSK_FS_META_TYPE_FIFO: return 'p';
        case TSK_FS_META_TYPE_SOCK: return 's';
        case TSK_FS_META_TYPE_VIRT: case TSK_FS_META_TYPE_VIRT_DIR: return 'v';
        default: break;
        }
    }
    switch (f->name ? f->name->type : TSK_FS_NAME_TYPE_UNDEF) {
    case TSK_FS_NAME_TYPE_REG: return 'r';
    case TSK_FS_NAME_TYPE_DIR: return 'd';
    case TSK_FS_NAME_TYPE_LNK: return 'l';
    case TSK_FS_NAME_TYPE_CHR: return 'c';
    case TSK_FS_NAME_TYPE_BLK: return 'b';
    case TSK_FS_NAME_TYPE_FIFO: return 'p';
    case TSK_FS_NAME_TYPE_SOCK: return 's';
    case TSK_FS_NAME_TYPE_VIRT: case TSK_FS_NAME_TYPE_VIRT_DIR: return 'v';
    default: return '-';
    }
}

static bool is_dir(const TSK_FS_FILE *f)
{
    if (f->meta) {
        if (f->meta->type == TSK_FS_META_TYPE_DIR || f->meta->type == TSK_FS_META_TYPE_VIRT_DIR) return true;
        if (f->meta->type != TSK_FS_META_TYPE_UNDEF) return false;
    }
    return f->name && (f->name->type == TSK_FS_NAME_TYPE_DIR || f->name->type == TSK_FS_NAME_TYPE_VIRT_DIR);
}

/* Builds "/<parent>/<name>" into fc->path; parent is TSK's "a/b/" form. Returns the offset where the
 * parent path ends (the '/' before name), or -1 on allocation failure. */
static long build_path(fs_ctx *fc, const char *parent, const char *name, const char *suffix)
{
    size_t need = strlen(parent) + strlen(name) + (suffix ? strlen(suffix) + 1 : 0) + 3;
    if (need > fc->path_cap) {
        size_t cap = need * 2;
        char *p = realloc(fc->path, cap);
        if (!p) return -1;
        fc->path = p;
        fc->path_cap = cap;
    }
    size_t pl = strlen(parent);
    while (pl > 0 && parent[pl - 1] == '/') pl--;
    char *o = fc->path;
    *o++ = '/';
    memcpy(o, parent, pl);
    o += pl;
    long cut = (long)(o - fc->path);
    if (pl) *o++ = '/';
    strcpy(o, name);
    if (suffix) {
        strcat(o, ":");
        strcat(o, suffix);
    }
    return cut;
}

static void fill_times(dft_file_rec *r, const TSK_FS_META *m)
{
    r->has_mtime = m->mtime != 0;
    r->mtime = m->mtime;
    r->mtime_ns = m->mtime_nano;
    r->has_atime = m->atime != 0;
    r->atime = m->atime;
    r->atime_ns = m->atime_nano;
    r->has_ctime = m->ctime != 0;
    r->ctime = m->ctime;
    r->ctime_ns = m->ctime_nano;
    r->has_crtime = m->crtime != 0;
    r->crtime = m->crtime;
    r->crtime_ns = m->crtime_nano;
}

/* NTFS: one record per named $DATA attribute ("file:stream"). */
static void emit_streams(fs_ctx *fc, TSK_FS_FILE *f, const char *parent, const dft_file_rec *base)
{
    int n = tsk_fs_file_attr_getsize(f);
    if (n <= 0) {
        tsk_error_reset();
        return;
    }
    for (int i = 0; i < n && !fc->w->stop; i++) {
        const TSK_FS_ATTR *a = tsk_fs_file_attr_get_idx(f, i);
        if (!a || a->type != TSK_FS_ATTR_TYPE_NTFS_DATA || !a->name || !a->name[0] || !strcmp(a->name, "$Data"))
            continue;
        if (build_path(fc, parent, f->name->name, a->name) < 0) {
            sink_err(fc->w, dft_error_set(DFT_ENOMEM, "out of memory for path"));
            return;
        }
        dft_file_rec r = *base;
        char name[1024];
        snprintf(name, sizeof name, "%s:%s", f->name->name, a->name);
        r.path = fc->path;
        r.name = name;
        r.type = 'r';
        r.size = (uint64_t)a->size;
        r.attr_type = (uint32_t)a->type;
        r.attr_id = a->id;
        r.stream_name = a->name;
        r.source = r.size ? fc->src : NULL;
        int64_t id = 0;
        sink_err(fc->w, fc->w->sink->file(fc->w->sink->payload, &r, &id));
    }
    tsk_error_reset();
}

/* File slack (--slack): the bytes of the default data attribute between the end of the file and
 * the end of its allocation (TSK's allocsize: the last cluster of a FAT file, the last block of an
 * ext4 or NTFS file), mapped through the attribute's runs to media offsets; one region per
 * contiguous piece. Resident, compressed, encrypted and sparse tails have no slack on the media. */
static void report_slack(fs_ctx *fc, TSK_FS_FILE *f, int64_t file_id)
{
    const TSK_FS_ATTR *a = tsk_fs_file_attr_get(f);
    if (!a) {
        tsk_error_reset();
        return;
    }
    if (!(a->flags & TSK_FS_ATTR_NONRES) || (a->flags & (TSK_FS_ATTR_COMP | TSK_FS_ATTR_ENC | TSK_FS_ATTR_SPARSE)))
        return;
    uint64_t bs = fc->fs->block_size;
    uint64_t from = (uint64_t)a->size, to = (uint64_t)a->nrd.allocsize;
    if (!bs || a->size < 0 || to <= from) return;
    for (const TSK_FS_ATTR_RUN *run = a->nrd.run; run && !fc->w->stop; run = run->next) {
        if (run->flags & (TSK_FS_ATTR_RUN_FLAG_FILLER | TSK_FS_ATTR_RUN_FLAG_SPARSE)) continue;
        uint64_t rs = (uint64_t)run->offset * bs, re = rs + (uint64_t)run->len * bs;
        uint64_t s = from > rs ? from : rs, e = to < re ? to : re;
        if (s >= e) continue;
        uint64_t media = fc->media_off + (uint64_t)run->addr * bs + (s - rs);
        report_region(fc->w, fc->fs_id, fc->vol_id, media, e - s, "slack", file_id);
    }
}

static TSK_WALK_RET_ENUM on_name(TSK_FS_FILE *f, const char *parent, void *p)
{
    fs_ctx *fc = p;
    walk_ctx *w = fc->w;
    if ((++fc->nfiles & 255) == 0 && cancelled(w)) return TSK_WALK_STOP;
    if (w->stop) return TSK_WALK_STOP;
    if (!f->name || !f->name->name || TSK_FS_ISDOT(f->name->name)) return TSK_WALK_CONT;

    long cut = build_path(fc, parent, f->name->name, NULL);
    if (cut < 0) {
        sink_err(w, dft_error_set(DFT_ENOMEM, "out of memory for path"));
        return TSK_WALK_STOP;
    }
    int64_t parent_id = 0;
    if (cut > 1) { /* look the parent up by the prefix of the path, cut at its last '/' */
        char saved = fc->path[cut];
        fc->path[cut] = '\0';
        if (dft_strmap_get(fc->dirs, fc->path, &parent_id) != DFT_OK) parent_id = 0;
        fc->path[cut] = saved;
    }

    dft_file_rec r;
    memset(&r, 0, sizeof r);
    r.filesystem_id = fc->fs_id;
    r.parent_id = parent_id;
    r.path = fc->path;
    r.name = f->name->name;
    r.meta_addr = f->name->meta_addr;
    r.meta_seq = f->name->meta_seq;
    r.type = type_char(f);
    r.uid = r.gid = -1;
    bool name_alloc = (f->name->flags & TSK_FS_NAME_FLAG_ALLOC) != 0;
    const TSK_FS_META *m = f->meta;
    r.allocated = name_alloc && m && (m->flags & TSK_FS_META_FLAG_ALLOC);
    /* A deleted name whose metadata entry now belongs to another file (fls: "(realloc)"): size,
     * times and content would be the other file's, so none of them is recorded. */
    bool realloc_meta = !name_alloc && m && (m->flags & TSK_FS_META_FLAG_ALLOC);
    if (realloc_meta) {
        r.content_partial = true;
        r.content_error = "deleted name whose metadata entry was reallocated to another file: its size, "
                          "times and content are not recoverable";
        r.extra_json = "{\"meta_realloc\":true}";
    }
    char target[4096];
    if (m && !realloc_meta) {
        r.size = m->size > 0 ? (uint64_t)m->size : 0;
        fill_times(&r, m);
        r.mode = (uint32_t)m->mode;
        r.uid = (int64_t)m->uid;
        r.gid = (int64_t)m->gid;
        r.nlink = (uint32_t)m->nlink;
        if (m->type == TSK_FS_META_TYPE_LNK && m->link && m->link[0]) {
            snprintf(target, sizeof target, "%s", m->link);
            r.link_target = target;
        }
    }
    r.locator = f->name->meta_addr;
    r.source = (r.type == 'r' && r.size > 0 && m && !realloc_meta) ? fc->src : NULL;
    if (fc->userdata) {
        size_t need = strlen(fc->path) + 6;
        char *grown = realloc(fc->devpath, need);
        if (!grown) {
            sink_err(w, dft_error_set(DFT_ENOMEM, "out of memory for path"));
            return TSK_WALK_STOP;
        }
        fc->devpath = grown;
        snprintf(fc->devpath, need, "/data%s", fc->path);
        r.device_path = fc->devpath;
    }

    int64_t id = 0;
    sink_err(w, w->sink->file(w->sink->payload, &r, &id));
    if (w->stop) return TSK_WALK_STOP;
    if (w->sink->slack && r.source && r.allocated) report_slack(fc, f, id);
    if (is_dir(f)) {
        int rc = dft_strmap_put(fc->dirs, fc->path, id);
        if (rc) {
            sink_err(w, rc);
            return TSK_WALK_STOP;
        }
    }
    if (fc->ntfs && m) emit_streams(fc, f, parent, &r);
    return w->stop ? TSK_WALK_STOP : TSK_WALK_CONT;
}

static void flush_run(fs_ctx *fc)
{
    if (!fc->run_len) return;
    report_region(fc->w, fc->fs_id, fc->vol_id, fc->media_off + fc->run_start * fc->fs->block_size,
                  fc->run_len * fc->fs->block_size, "fs_unalloc", 0);
    fc->run_len = 0;
}

static TSK_WALK_RET_ENUM on_block(const TSK_FS_BLOCK *b, void *p)
{
    fs_ctx *fc = p;
    if ((++fc->nblocks & 0xffff) == 0 && cancelled(fc->w)) return TSK_WALK_STOP;
    if (fc->w->stop) return TSK_WALK_STOP;
    uint64_t a = (uint64_t)b->addr;
    if (fc->run_len && a == fc->run_start + fc->run_len) {
        fc->run_len++;
    } else {
        flush_run(fc);
        fc->run_start = a;
        fc->run_len = 1;
    }
    return TSK_WALK_CONT;
}

/* The allocated names of the root directory decide whether this is an Android userdata
 * partition (mounted at /data on the phone), so its device paths match extractions'. */
static bool is_userdata(TSK_FS_INFO *fs)
{
    if (!TSK_FS_TYPE_ISEXT(fs->ftype)) return false;
    TSK_FS_DIR *dir = tsk_fs_dir_open_meta(fs, fs->root_inum);
    if (!dir) {
        tsk_error_reset();
        return false;
    }
    const char *names[256];
    size_t n = 0;
    TSK_FS_FILE *held[256];
    for (size_t i = 0; i < tsk_fs_dir_getsize(dir) && n < 256; i++) {
        TSK_FS_FILE *f = tsk_fs_dir_get(dir, i);
        if (!f) continue;
        if (f->name && f->name->name && (f->name->flags & TSK_FS_NAME_FLAG_ALLOC)) {
            held[n] = f;
            names[n++] = f->name->name;
        } else {
            tsk_fs_file_close(f);
        }
    }
    bool yes = dft_devpath_is_userdata_root(names, n);
    for (size_t i = 0; i < n; i++) tsk_fs_file_close(held[i]);
    tsk_fs_dir_close(dir);
    tsk_error_reset();
    return yes;
}

/* Reports one opened file system: its row, its files, its unallocated space. Closes nothing. */
static void walk_fs(walk_ctx *w, TSK_FS_INFO *fs, int64_t vol_id, uint64_t media_off, const dft_tsk_fsloc *loc)
{
    char e[512];
    w->nfs++;
    char uuid[2 * TSK_FS_INFO_FS_ID_LEN + 1] = "";
    size_t idn = fs->fs_id_used < TSK_FS_INFO_FS_ID_LEN ? fs->fs_id_used : TSK_FS_INFO_FS_ID_LEN;
    if (idn) dft_hex(uuid, fs->fs_id, idn);
    dft_fs_rec fr = { vol_id, fs_type_name(fs->ftype), media_off, fs->block_size,
                      (uint64_t)fs->block_count, NULL, idn ? uuid : NULL };
    fs_ctx fc;
    memset(&fc, 0, sizeof fc);
    fc.w = w;
    fc.fs = fs;
    fc.media_off = media_off;
    fc.vol_id = vol_id;
    fc.region_ok = !loc->in_pool;
    fc.ntfs = TSK_FS_TYPE_ISNTFS(fs->ftype);
    fc.userdata = is_userdata(fs);
    sink_err(w, w->sink->filesystem(w->sink->payload, &fr, &fc.fs_id));
    if (w->stop) return;
    int rc = dft_tsk_source_new(w->t, loc, &fc.src);
    if (rc == DFT_OK) rc = dft_strmap_new(&fc.dirs);
    if (rc) {
        sink_err(w, rc);
        return;
    }
    /* Unallocated space first (the block bitmap is small), so the media-hash read, which runs
     * concurrently and feeds the region scan, can go on over this whole file system while its
     * directories are walked. An APFS volume's free space is its container's (walk_pool). */
    if (!w->stop && fc.region_ok) {
        tsk_error_reset();
        if (tsk_fs_block_walk(fs, fs->first_block, fs->last_block,
                              TSK_FS_BLOCK_WALK_FLAG_UNALLOC | TSK_FS_BLOCK_WALK_FLAG_AONLY, on_block, &fc) != 0 &&
            !w->stop)
            warn(w, 0, (int64_t)media_off, "%s file system at offset %llu: unallocated space incomplete: %s",
                 fr.type, (unsigned long long)media_off, dft_tsk_errstr(e, sizeof e));
        if (!w->stop) flush_run(&fc);
        mapped(w, media_off + (uint64_t)fs->block_count * fs->block_size);
    }
    tsk_error_reset();
    if (tsk_fs_dir_walk(fs, fs->root_inum,
                        TSK_FS_DIR_WALK_FLAG_ALLOC | TSK_FS_DIR_WALK_FLAG_UNALLOC | TSK_FS_DIR_WALK_FLAG_RECURSE,
                        on_name, &fc) != 0 && !w->stop)
        warn(w, 0, (int64_t)media_off, "%s file system at offset %llu: directory walk incomplete: %s",
             fr.type, (unsigned long long)media_off, dft_tsk_errstr(e, sizeof e));
    else if (tsk_error_get())
        warn(w, 0, (int64_t)media_off, "%s file system at offset %llu: %s", fr.type,
             (unsigned long long)media_off, dft_tsk_errstr(e, sizeof e));
    dft_strmap_free(fc.dirs);
    free(fc.path);
    free(fc.devpath);
}


static int by_run_addr(const void *a, const void *b)
{
    const TSK_FS_ATTR_RUN *x = *(const TSK_FS_ATTR_RUN *const *)a, *y = *(const TSK_FS_ATTR_RUN *const *)b;
    return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* An APFS container's free space: the space manager's free blocks (TSK's pool API, as `pstat`
 * reads them), sorted and coalesced, as fs_unalloc regions of the pool's volume row. The volumes
 * of a container share its blocks, so the free space belongs to no single volume (filesystem_id
 * 0). Block addresses are container blocks from the pool's offset in the media. */
static void walk_pool_free(walk_ctx *w, const TSK_POOL_INFO *pool, uint64_t off, int64_t pid)
{
    char e[512];
    tsk_error_reset();
    TSK_FS_ATTR_RUN *runs = tsk_pool_unallocated_runs(pool);
    if (!runs) {
        if (tsk_error_get())
            warn(w, 0, (int64_t)off, "APFS container at offset %llu: free space not readable: %s",
                 (unsigned long long)off, dft_tsk_errstr(e, sizeof e));
        return;
    }
    size_t n = 0;
    for (TSK_FS_ATTR_RUN *r = runs; r; r = r->next) n++;
    TSK_FS_ATTR_RUN **arr = malloc(n * sizeof *arr);
    if (!arr) {
        tsk_fs_attr_run_free(runs);
        sink_err(w, dft_error_set(DFT_ENOMEM, "out of memory for APFS free space"));
        return;
    }
    n = 0;
    for (TSK_FS_ATTR_RUN *r = runs; r; r = r->next)
        if (r->len && !(r->flags & TSK_FS_ATTR_RUN_FLAG_FILLER)) arr[n++] = r;
    qsort(arr, n, sizeof *arr, by_run_addr);
    uint64_t bs = pool->block_size, start = 0, count = 0, nblocks = pool->num_blocks;
    for (size_t i = 0; i <= n && !w->stop; i++) {
        uint64_t a = i < n ? (uint64_t)arr[i]->addr : 0, l = i < n ? (uint64_t)arr[i]->len : 0;
        if (i < n && (nblocks && (a >= nblocks || l > nblocks - a))) {
            warn(w, 0, (int64_t)off, "APFS container at offset %llu: free run %llu+%llu beyond the container: "
                 "ignored", (unsigned long long)off, (unsigned long long)a, (unsigned long long)l);
            continue;
        }
        if (i < n && count && a <= start + count) { /* adjacent or overlapping: extend */
            if (a + l > start + count) count = a + l - start;
            continue;
        }
        if (count) report_region(w, 0, pid, off + start * bs, count * bs, "fs_unalloc", 0);
        start = a;
        count = l;
    }
    free(arr);
    tsk_fs_attr_run_free(runs);
    tsk_error_reset();
}

/* Tries an APFS pool at off: one volume row for the pool, its free space, one file system per pool
 * volume. */
static bool walk_pool(walk_ctx *w, uint64_t off, uint64_t len, int slot)
{
    char e[512];
    tsk_error_reset();
    const TSK_POOL_INFO *pool = tsk_pool_open_img_sing(w->img, (TSK_OFF_T)off, TSK_POOL_TYPE_DETECT);
    if (!pool) {
        tsk_error_reset();
        return false;
    }
    uint64_t plen = (uint64_t)pool->block_size * pool->num_blocks;
    dft_volume_rec vr = { "apfs-pool", slot, off, plen ? plen : len, "APFS container", "alloc" };
    int64_t pid = 0;
    sink_err(w, w->sink->volume(w->sink->payload, &vr, &pid));
    if (!w->stop) walk_pool_free(w, pool, off, pid);
    mapped(w, off + (plen ? plen : len));
    for (const TSK_POOL_VOLUME_INFO *v = pool->vol_list; v && !w->stop; v = v->next) {
        if (v->flags & TSK_POOL_VOLUME_FLAG_ENCRYPTED) {
            warn(w, 0, (int64_t)off, "APFS volume %d (%s) at offset %llu is encrypted: not walked", v->index,
                 v->desc ? v->desc : "", (unsigned long long)off);
            continue;
        }
        TSK_IMG_INFO *pimg = pool->get_img_info(pool, (TSK_DADDR_T)v->block);
        /* like fls -B: the pool image reads through the original image, so the file system
         * offset is the pool's offset in the media */
        TSK_FS_INFO *fs = pimg ? tsk_fs_open_img(pimg, (TSK_OFF_T)off, TSK_FS_TYPE_APFS_DETECT) : NULL;
        if (!fs) {
            warn(w, 0, (int64_t)off, "APFS volume %d at offset %llu: cannot open: %s", v->index,
                 (unsigned long long)off, dft_tsk_errstr(e, sizeof e));
        } else {
            dft_tsk_fsloc loc = { off, fs->ftype, true, off, v->block };
            walk_fs(w, fs, pid, off, &loc);
            tsk_fs_close(fs);
        }
        if (pimg) tsk_img_close(pimg);
    }
    tsk_pool_close(pool);
    return true;
}

/* Signatures of volumes TSK 4.11 does not read, so the warning can name what is there
 * (offsets from the kernel/tool sources: F2FS super block at 1 KiB, XFS "XFSB" at 0, Btrfs at
 * 64 KiB + 0x40, LUKS header at 0, LVM2 label in sector 1, BitLocker OEM id at 3). */
static const char *unsupported_fs(TSK_IMG_INFO *img, uint64_t off)
{
    static const struct { uint64_t at; const char *magic; size_t len; const char *name; } sigs[] = {
        { 1024, "\x10\x20\xf5\xf2", 4, "an F2FS file system (Android userdata)" },
        { 0, "XFSB", 4, "an XFS file system" },
        { 65536 + 64, "_BHRfS_M", 8, "a Btrfs file system" },
        { 0, "LUKS\xba\xbe", 6, "a LUKS encrypted volume" },
        { 512 + 24, "LVM2 001", 8, "an LVM2 physical volume" },
        { 3, "-FVE-FS-", 8, "a BitLocker encrypted volume" },
    };
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        char buf[8];
        if (tsk_img_read(img, (TSK_OFF_T)(off + sigs[i].at), buf, sigs[i].len) == (ssize_t)sigs[i].len &&
            memcmp(buf, sigs[i].magic, sigs[i].len) == 0)
            return sigs[i].name;
    }
    tsk_error_reset();
    return NULL;
}

/* A partition (or the whole image): file system, else APFS pool, else a warning. */
static void walk_volume(walk_ctx *w, uint64_t off, uint64_t len, int64_t vol_id, int slot, const char *what)
{
    char e[512];
    tsk_error_reset();
    TSK_FS_INFO *fs = tsk_fs_open_img(w->img, (TSK_OFF_T)off, TSK_FS_TYPE_DETECT);
    if (fs) {
        dft_tsk_fsloc loc = { off, fs->ftype, false, 0, 0 };
        walk_fs(w, fs, vol_id, off, &loc);
        tsk_fs_close(fs);
        return;
    }
    dft_tsk_errstr(e, sizeof e);
    if (walk_pool(w, off, len, slot)) return;
    const char *known = unsupported_fs(w->img, off);
    if (known)
        warn(w, 0, (int64_t)off, "%s at offset %llu (%llu bytes): %s, which The Sleuth Kit %s cannot read: "
             "not walked (acquire it logically, e.g. as a tar extraction, or convert it)", what,
             (unsigned long long)off, (unsigned long long)len, known, TSK_VERSION_STR);
    else
        warn(w, 0, (int64_t)off, "%s at offset %llu (%llu bytes): no file system recognised (%s)", what,
             (unsigned long long)off, (unsigned long long)len, e);
}

static void emit_volumes(walk_ctx *w, TSK_VS_INFO *vs)
{
    const char *scheme = scheme_name(vs->vstype);
    for (TSK_PNUM_T i = 0; i < vs->part_count && !w->stop; i++) {
        const TSK_VS_PART_INFO *p = tsk_vs_part_get(vs, i);
        if (!p) continue;
        uint64_t off = (uint64_t)vs->offset + (uint64_t)p->start * vs->block_size;
        uint64_t len = (uint64_t)p->len * vs->block_size;
        const char *flags = (p->flags & TSK_VS_PART_FLAG_ALLOC) ? "alloc"
                          : (p->flags & TSK_VS_PART_FLAG_META) ? "meta" : "unalloc";
        dft_volume_rec vr = { scheme, p->slot_num, off, len, p->desc ? p->desc : "", flags };
        int64_t vid = 0;
        sink_err(w, w->sink->volume(w->sink->payload, &vr, &vid));
        if (w->stop) break;
        if (p->flags & TSK_VS_PART_FLAG_ALLOC) {
            char what[96];
            snprintf(what, sizeof what, "partition %d:%03d (%s)", (int)p->table_num, (int)p->slot_num, scheme);
            walk_volume(w, off, len, vid, (int)p->addr, what);
        } else if (p->flags & TSK_VS_PART_FLAG_UNALLOC) {
            report_region(w, 0, vid, off, len, "vs_unalloc", 0);
        }
        if (!(p->flags & TSK_VS_PART_FLAG_META)) mapped(w, off + len);
        if (cancelled(w)) break;
    }
}

int dft_tsk_walk(dft_evidence *ev, const dft_walk_sink *sink)
{
    dft_tsk_ev *t = ev->impl;
    walk_ctx w = { ev, t, sink, t->img, DFT_OK, false, 0 };
    for (size_t i = 0; i < t->nmeta && !w.stop; i++) {
        char key[160];
        snprintf(key, sizeof key, "ewf.%s", t->meta[i].key);
        if (sink->meta) sink_err(&w, sink->meta(sink->payload, key, t->meta[i].value));
    }
    if (t->open_warning) warn(&w, 0, -1, "%s", t->open_warning);
    if (w.stop) return w.rc;

    tsk_error_reset();
    /* GPT first: TSK 4.11's autodetection leaks the DOS partitions it parses from a protective MBR
     * before choosing GPT. */
    TSK_VS_INFO *vs = tsk_vs_open(w.img, 0, TSK_VS_TYPE_GPT);
    if (!vs) {
        tsk_error_reset();
        vs = tsk_vs_open(w.img, 0, TSK_VS_TYPE_DETECT);
    }
    if (vs) {
        emit_volumes(&w, vs);
        tsk_vs_close(vs);
    } else {
        tsk_error_reset();
        walk_volume(&w, 0, ev->size, 0, 0, "image");
        if (w.nfs == 0 && !w.stop) report_region(&w, 0, 0, 0, ev->size, "vs_unalloc", 0);
    }
    return w.rc;
}
