/*
 * evidence_dir.c - a directory tree as logical evidence (kind "dir"): a sorted, depth-first walk
 * that never follows symbolic links, and a content source reading regular files with
 * open(O_RDONLY|O_NOFOLLOW|O_CLOEXEC[|O_NOATIME]).
 *
 * Invariants:
 *  1. Entries of a directory are visited in strcmp order, a directory before its children, so
 *     the walk order is a pure function of the tree and parent ids come from a depth stack.
 *  2. Symbolic links are recorded as 'l' with their target, never followed (lstat, O_NOFOLLOW).
 *  3. An entry that cannot be stat'ed or listed becomes a warning; the walk continues.
 *  4. There is no media hash (no_media_hash); size is the sum of the regular files' sizes.
 */
#include "evidence_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "devpath.h"
#include "error.h"
#include "fileio.h"
#include "hash.h"

#define MAX_DEPTH 512

/* ---- shared helpers ------------------------------------------------------------------------ */

bool dft_path_resolve(const char *base, const char *path, char *out, size_t outlen)
{
    char tmp[4096];
    if (path[0] == '/') {
        if (snprintf(tmp, sizeof tmp, "%s", path) >= (int)sizeof tmp) return false;
    } else {
        const char *slash = strrchr(base, '/');
        int dl = slash ? (int)(slash - base) : 0;
        if (snprintf(tmp, sizeof tmp, "%.*s/%s", dl, base, path) >= (int)sizeof tmp) return false;
    }
    size_t o = 0;
    out[0] = '\0';
    char *save = NULL;
    for (char *c = strtok_r(tmp, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
        if (!strcmp(c, ".")) continue;
        if (!strcmp(c, "..")) {
            if (o == 0) return false;
            while (o > 0 && out[o - 1] != '/') o--;
            if (o > 0) o--;
            out[o] = '\0';
            continue;
        }
        size_t cl = strlen(c);
        if (o + cl + 2 > outlen) return false;
        out[o++] = '/';
        memcpy(out + o, c, cl + 1);
        o += cl;
    }
    if (o == 0) snprintf(out, outlen, "/");
    return true;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int scan_dir(const char *abs, const char *rel, int depth, dft_dir_scan_fn cb, void *payload)
{
    DIR *d = opendir(abs);
    if (!d) return cb(payload, rel[0] ? rel : "/", abs, depth - 1, NULL, errno);
    size_t n = 0, cap = 64;
    char **names = malloc(cap * sizeof *names);
    int rc = names ? DFT_OK : dft_error_set(DFT_ENOMEM, "out of memory listing %s", abs);
    struct dirent *de;
    while (rc == DFT_OK && (de = readdir(d)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
        if (n == cap) {
            char **nn = realloc(names, cap * 2 * sizeof *names);
            if (!nn) {
                rc = dft_error_set(DFT_ENOMEM, "out of memory listing %s", abs);
                break;
            }
            names = nn;
            cap *= 2;
        }
        if (!(names[n] = strdup(de->d_name))) rc = dft_error_set(DFT_ENOMEM, "out of memory listing %s", abs);
        else n++;
    }
    closedir(d);
    if (rc == DFT_OK) qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; rc == DFT_OK && i < n; i++) {
        char *cabs = NULL, *crel = NULL;
        if (asprintf(&cabs, "%s/%s", abs, names[i]) < 0) cabs = NULL;
        if (asprintf(&crel, "%s/%s", rel, names[i]) < 0) crel = NULL;
        if (!cabs || !crel) {
            rc = dft_error_set(DFT_ENOMEM, "out of memory listing %s", abs);
        } else {
            struct stat st;
            if (lstat(cabs, &st) != 0) {
                rc = cb(payload, crel, cabs, depth, NULL, errno);
            } else {
                rc = cb(payload, crel, cabs, depth, &st, 0);
                if (rc == DFT_OK && S_ISDIR(st.st_mode)) {
                    if (depth >= MAX_DEPTH) rc = cb(payload, crel, cabs, depth, NULL, ELOOP);
                    else rc = scan_dir(cabs, crel, depth + 1, cb, payload);
                }
            }
        }
        free(cabs);
        free(crel);
    }
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    return rc;
}

int dft_dir_scan(const char *root, dft_dir_scan_fn cb, void *payload)
{
    size_t l = strlen(root);
    char *r = strdup(root);
    if (!r) return dft_error_set(DFT_ENOMEM, "out of memory");
    while (l > 1 && r[l - 1] == '/') r[--l] = '\0';
    int rc = scan_dir(r, "", 1, cb, payload);
    free(r);
    return rc;
}

typedef struct fp_ctx {
    dft_hasher *h;
    uint64_t total;
} fp_ctx;

static int fp_entry(void *p, const char *rel, const char *abs, int depth, const struct stat *st, int err)
{
    (void)abs;
    (void)depth;
    fp_ctx *c = p;
    char line[64];
    unsigned long long sz = st && S_ISREG(st->st_mode) ? (unsigned long long)st->st_size : 0;
    if (st && S_ISREG(st->st_mode)) c->total += sz;
    int n = snprintf(line, sizeof line, "\t%c%llu\n", st ? (S_ISDIR(st->st_mode) ? 'd' : 'f') : 'e', st ? sz : (unsigned long long)err);
    int rc = dft_hasher_update(c->h, rel, strlen(rel));
    if (rc == DFT_OK) rc = dft_hasher_update(c->h, line, (size_t)n);
    return rc;
}

int dft_dir_fingerprint(const char *root, const char *kind, char out[65], uint64_t *total)
{
    fp_ctx c = { NULL, 0 };
    int rc = dft_hasher_new(&c.h);
    if (rc) return rc;
    rc = dft_hasher_update(c.h, kind, strlen(kind) + 1);
    if (rc == DFT_OK) rc = dft_dir_scan(root, fp_entry, &c);
    dft_hashes hs;
    if (rc == DFT_OK) rc = dft_hasher_final(c.h, &hs);
    if (rc == DFT_OK) {
        memcpy(out, hs.sha256, 65);
        *total = c.total;
    }
    dft_hasher_free(c.h);
    return rc;
}

/* ---- opening a path beneath a directory ----------------------------------------------------- */

#if defined(__linux__) && __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#include <sys/syscall.h>
#define HAVE_OPENAT2 1
#endif

static bool bad_component(const char *s, size_t n)
{
    return (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.');
}

int dft_open_beneath(int dirfd, const char *rel, int flags)
{
    while (*rel == '/') rel++;
    if (!*rel) {
        errno = EISDIR;
        return -1;
    }
    for (const char *p = rel; *p;) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (bad_component(p, n)) {
            errno = EACCES;
            return -1;
        }
        p += n;
        while (*p == '/') p++;
    }
    flags |= O_NOFOLLOW | O_CLOEXEC;
#ifdef HAVE_OPENAT2
    static _Atomic int no_openat2 = -1; /* -1 unknown; DFT_NO_OPENAT2 set: the fallback (tests) */
    if (no_openat2 < 0) no_openat2 = getenv("DFT_NO_OPENAT2") != NULL;
    if (!no_openat2) {
        struct open_how how;
        memset(&how, 0, sizeof how);
        how.flags = (uint64_t)flags;
        how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
        long fd = syscall(SYS_openat2, dirfd, rel, &how, sizeof how);
        if (fd >= 0) return (int)fd;
        if (errno != ENOSYS && errno != EPERM) return -1; /* EPERM: seccomp filters may block it */
        if (errno == ENOSYS) no_openat2 = 1;
    }
#endif
    int cur = dirfd;
    const char *p = rel;
    for (;;) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        const char *rest = p + n;
        while (*rest == '/') rest++;
        char name[NAME_MAX + 1];
        if (n > NAME_MAX) {
            if (cur != dirfd) close(cur);
            errno = ENAMETOOLONG;
            return -1;
        }
        memcpy(name, p, n);
        name[n] = '\0';
        int fd = *rest ? openat(cur, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) : openat(cur, name, flags);
        int err = errno;
        struct stat lst;
        /* O_DIRECTORY | O_NOFOLLOW on a symlinked directory fails with ENOTDIR: say ELOOP */
        if (fd < 0 && err == ENOTDIR && *rest && fstatat(cur, name, &lst, AT_SYMLINK_NOFOLLOW) == 0 &&
            S_ISLNK(lst.st_mode))
            err = ELOOP;
        if (cur != dirfd) close(cur);
        if (fd < 0) {
            errno = err;
            return -1;
        }
        if (!*rest) return fd;
        cur = fd;
        p = rest;
    }
}

/* ---- content source -------------------------------------------------------------------------- */

typedef struct dir_impl {
    char *root;
    int rootfd;                 /* the root directory, every content open resolves beneath it */
    dft_source src;
} dir_impl;

static int dsrc_thread_open(dft_source *src, void **out)
{
    (void)src;
    *out = malloc(DFT_FILEIO_BLOCK);
    return *out ? DFT_OK : dft_error_set(DFT_ENOMEM, "out of memory for a directory reader");
}

static void dsrc_thread_close(dft_source *src, void *ts)
{
    (void)src;
    free(ts);
}

/* rel ("/a/b") beneath the root, never through a symbolic link (a symlinked directory inside the
 * evidence must not lead outside it). */
static int open_rel(const dir_impl *d, const char *rel)
{
    int fd = dft_open_beneath(d->rootfd, rel, O_RDONLY | O_NOATIME);
    if (fd < 0 && errno == EPERM) fd = dft_open_beneath(d->rootfd, rel, O_RDONLY);
    return fd;
}

static int dsrc_stream(dft_source *src, void *ts, const dft_file_rec *f, dft_block_fn cb, void *payload,
                       uint64_t *bad_bytes, char *errbuf, size_t errbuf_len)
{
    const dir_impl *d = src->impl;
    if (errbuf && errbuf_len) errbuf[0] = '\0';
    int fd = open_rel(d, f->path);
    if (fd < 0) {
        if (errbuf && errbuf_len) snprintf(errbuf, errbuf_len, "%s", strerror(errno));
        *bad_bytes += f->size;
        return DFT_EIO;
    }
    int rc = dft_fd_stream(fd, ts, cb, payload, bad_bytes, errbuf, errbuf_len);
    close(fd);
    return rc;
}

static int dsrc_sibling(dft_source *src, void *ts, const dft_file_rec *f, const char *path, dft_block_fn cb,
                        void *payload)
{
    const dir_impl *d = src->impl;
    char full[4096], err[256] = "";
    if (!dft_path_resolve(f->path, path, full, sizeof full))
        return dft_error_set(DFT_ENOTFOUND, "sibling %s of %s: outside the evidence", path, f->path);
    int fd = open_rel(d, full);
    if (fd < 0) return dft_error_set(DFT_ENOTFOUND, "sibling %s: %s", full, strerror(errno));
    uint64_t bad = 0;
    int rc = dft_fd_stream(fd, ts, cb, payload, &bad, err, sizeof err);
    close(fd);
    if (rc == DFT_EIO) return dft_error_set(DFT_ENOTFOUND, "sibling %s: %s", full, err);
    return rc;
}

/* ---- walk ------------------------------------------------------------------------------------ */

typedef struct dwalk {
    dft_evidence *ev;
    dir_impl *d;
    const dft_walk_sink *sink;
    int64_t ids[MAX_DEPTH + 2];
    uint64_t n;
    dft_devpath dp;             /* phone dumps laid out as a directory get the same device paths as in
                                   a tar or zip of them (/data/..., /private/var/...) */
} dwalk;

static char mode_type(mode_t m)
{
    if (S_ISREG(m)) return 'r';
    if (S_ISDIR(m)) return 'd';
    if (S_ISLNK(m)) return 'l';
    if (S_ISCHR(m)) return 'c';
    if (S_ISBLK(m)) return 'b';
    if (S_ISFIFO(m)) return 'p';
    if (S_ISSOCK(m)) return 's';
    return '-';
}

static int dwalk_entry(void *p, const char *rel, const char *abs, int depth, const struct stat *st, int err)
{
    dwalk *w = p;
    if ((++w->n & 255) == 0 && w->sink->cancelled && w->sink->cancelled(w->sink->payload))
        return dft_error_set(DFT_ECANCELLED, "%s: walk cancelled", w->ev->path);
    if (!st) {
        char msg[4200];
        snprintf(msg, sizeof msg, "%s: %s", rel, err == ELOOP ? "directory nesting too deep" : strerror(err));
        return w->sink->warning ? w->sink->warning(w->sink->payload, 0, -1, msg) : DFT_OK;
    }
    dft_file_rec r;
    memset(&r, 0, sizeof r);
    const char *slash = strrchr(rel, '/');
    r.path = rel;
    r.name = slash ? slash + 1 : rel;
    r.parent_id = depth > 1 ? w->ids[depth - 1] : 0;
    r.meta_addr = (uint64_t)st->st_ino;
    r.type = mode_type(st->st_mode);
    r.allocated = true;
    r.size = (S_ISREG(st->st_mode) || S_ISLNK(st->st_mode)) ? (uint64_t)st->st_size : 0;
    r.has_mtime = r.has_atime = r.has_ctime = true;
    r.mtime = st->st_mtim.tv_sec;
    r.mtime_ns = (uint32_t)st->st_mtim.tv_nsec;
    r.atime = st->st_atim.tv_sec;
    r.atime_ns = (uint32_t)st->st_atim.tv_nsec;
    r.ctime = st->st_ctim.tv_sec;
    r.ctime_ns = (uint32_t)st->st_ctim.tv_nsec;
    r.mode = (uint32_t)(st->st_mode & 07777);
    r.uid = (int64_t)st->st_uid;
    r.gid = (int64_t)st->st_gid;
    r.nlink = (uint32_t)st->st_nlink;
    char target[4096];
    if (S_ISLNK(st->st_mode)) {
        ssize_t n = readlink(abs, target, sizeof target - 1);
        if (n >= 0) {
            target[n] = '\0';
            r.link_target = target;
        }
    }
    r.source = (S_ISREG(st->st_mode) && st->st_size > 0) ? &w->d->src : NULL;
    char *dev = NULL;
    if (dft_devpath_normalise(&w->dp, rel[0] == '/' ? rel + 1 : rel, r.type == 'd', &dev) == DFT_OK)
        r.device_path = dev;
    int64_t id = 0;
    int rc = w->sink->file(w->sink->payload, &r, &id);
    free(dev);
    if (rc == DFT_OK && depth <= MAX_DEPTH) w->ids[depth] = id;
    return rc;
}

static int dir_walk(dft_evidence *ev, const dft_walk_sink *sink)
{
    dwalk *w = calloc(1, sizeof *w);
    if (!w) return dft_error_set(DFT_ENOMEM, "out of memory");
    w->ev = ev;
    w->d = ev->impl;
    w->sink = sink;
    dft_devpath_init(&w->dp);
    int rc = dft_dir_scan(w->d->root, dwalk_entry, w);
    dft_devpath_free(&w->dp);
    free(w);
    return rc;
}

static void dir_close(dft_evidence *ev)
{
    dir_impl *d = ev->impl;
    if (!d) return;
    free(d->root);
    if (d->rootfd >= 0) close(d->rootfd);
    free(d);
    ev->impl = NULL;
}

static const dft_evidence_ops dir_ops = {
    .walk = dir_walk,
    .hash_media = NULL,
    .read_at = NULL,
    .close = dir_close,
};

int dft_evidence_dir_open(dft_evidence *ev)
{
    dir_impl *d = calloc(1, sizeof *d);
    if (!d) return dft_error_set(DFT_ENOMEM, "out of memory");
    d->rootfd = -1;
    ev->impl = d;
    ev->ops = &dir_ops;
    ev->no_media_hash = true;
    d->root = strdup(ev->path);
    ev->parts = calloc(2, sizeof *ev->parts);
    if (!d->root || !ev->parts || !(ev->parts[0] = strdup(ev->path)))
        return dft_error_set(DFT_ENOMEM, "out of memory");
    size_t l = strlen(d->root);
    while (l > 1 && d->root[l - 1] == '/') d->root[--l] = '\0';
    if (access(d->root, R_OK | X_OK) != 0)
        return dft_error_set(DFT_EIO, "%s: cannot read directory: %s", ev->path, strerror(errno));
    d->rootfd = open(d->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (d->rootfd < 0)
        return dft_error_set(DFT_EIO, "%s: cannot open directory: %s", ev->path, strerror(errno));
    d->src.name = "dir";
    d->src.thread_open = dsrc_thread_open;
    d->src.thread_close = dsrc_thread_close;
    d->src.stream = dsrc_stream;
    d->src.sibling = dsrc_sibling;
    d->src.impl = d;
    char fp[65];
    return dft_dir_fingerprint(d->root, ev->kind, fp, &ev->size);
}
