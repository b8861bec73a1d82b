/*
 * evidence_itunes.c - an iTunes / Finder backup directory as evidence (kind "itunes").
 *
 * Reads (never writes) Info.plist + Manifest.plist (device metadata, parsers/ios_backup.c) and
 * Manifest.db (SQLite, through parsers/sqlite_safe.h: a private read-only copy, hardened, with
 * time/step/memory budgets and the walk's cancel; Files must be a plain table, never a view). Each Files row (fileID, domain, relativePath, flags 1 file / 2 dir / 4 symlink,
 * file = MBFile bplist) becomes a record:
 *   path        "/" domain "/" relativePath        (relativePath sanitised like archive names)
 *   device_path domain "/" relativePath            ("HomeDomain/Library/SMS/sms.db")
 *   content     <root>/<fileID[0:2]>/<fileID>, or <root>/<fileID> (older backups)
 * Rows are walked ORDER BY domain, relativePath, fileID; parent directories are synthesised once,
 * before their children (iteratively, devpath.c dft_tree_parents). Files are read at random by
 * workers (not sequential); no media hash.
 *
 * Sibling lookups (x.sqlite -> x.sqlite-wal) run on worker threads while the walk goes on, so the
 * path -> backing file map is built completely from Manifest.db (a first, cheap pass over it)
 * BEFORE the walk emits any file: sibling() sees every file of the backup from the start, and the
 * output does not depend on thread timing.
 *
 * Backing files are opened beneath the backup directory without following any symbolic link
 * (dft_open_beneath), and the opened file must be the regular file (device, inode) classified
 * before the walk: a symlink planted in the backup is recorded with a warning, never read.
 *
 * Encrypted backups (Manifest.plist IsEncrypted): metadata + a warning, and the hashed files listed
 * as records named by their fileID under "/__encrypted__/" (content still hashed).
 *
 * Invariants: nothing is written into the backup directory; a missing backing file is a warning,
 * the record is kept with content_error.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdarg.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "devpath.h"
#include "error.h"
#include "evidence_impl.h"
#include "evidence_internal.h"
#include "fileio.h"
#include "parsers/ios_backup.h"
#include "parsers/sqlite_safe.h"
#include "strmap.h"

#define MAX_PLIST (16u << 20)

typedef struct backing {
    char *rel;                   /* "ab/abcdef..." or "abcdef..." under the backup directory */
    dev_t dev;                   /* what lstat found before the walk: opens must match */
    ino_t ino;
    uint64_t size;
    int64_t mtime;
} backing;

typedef struct itunes {
    dft_source src;
    int rootfd;                  /* the backup directory; backing files are opened beneath it */
    pthread_mutex_t mu;          /* guards backing, bymap, byfid */
    backing *backing;            /* locator -> backing file */
    size_t n, cap;
    dft_strmap *bymap;           /* "/"+path and device path -> locator; complete before the walk */
    dft_strmap *byfid;           /* fileID -> locator */
} itunes;

/* What a backing file is, from an lstat beneath the backup directory. */
enum { BK_OK, BK_MISSING, BK_SYMLINK, BK_NOTREG };

typedef struct iwalk {
    dft_evidence *ev;
    itunes *I;
    const dft_walk_sink *sink;
    dft_strmap *ids;             /* path -> (id << 1) | is_dir */
} iwalk;

static char *join3(const char *a, const char *b, const char *c)
{
    size_t n = strlen(a) + strlen(b) + strlen(c) + 1;
    char *s = malloc(n);
    if (s) snprintf(s, n, "%s%s%s", a, b, c);
    return s;
}

static int read_small(int rootfd, const char *name, uint8_t **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    int fd = dft_open_beneath(rootfd, name, O_RDONLY);
    if (fd < 0) return dft_error_set(DFT_ENOTFOUND, "%s not found", name);
    struct stat st;
    int rc = DFT_OK;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > MAX_PLIST)
        rc = dft_error_set(DFT_ECORRUPT, "%s not a regular file or too large", name);
    uint8_t *b = rc ? NULL : malloc((size_t)st.st_size + 1);
    if (!rc && !b) rc = dft_error_set(DFT_ENOMEM, "out of memory");
    size_t got = 0;
    while (!rc && got < (size_t)st.st_size) {
        ssize_t r = read(fd, b + got, (size_t)st.st_size - got);
        if (r <= 0) break;
        got += (size_t)r;
    }
    close(fd);
    if (rc) {
        free(b);
        return rc;
    }
    *out = b;
    *len = got;
    return DFT_OK;
}

/* Classifies rel (beneath the backup directory) without following symbolic links: O_PATH |
 * O_NOFOLLOW gives the link itself, and a symlinked hashed subdirectory fails with ELOOP. */
static int classify(int rootfd, const char *rel, struct stat *st)
{
    int fd = dft_open_beneath(rootfd, rel, O_PATH);
    if (fd < 0) return errno == ELOOP || errno == EXDEV ? BK_SYMLINK : BK_MISSING;
    int r = fstat(fd, st);
    close(fd);
    if (r != 0) return BK_MISSING;
    if (S_ISLNK(st->st_mode)) return BK_SYMLINK;
    return S_ISREG(st->st_mode) ? BK_OK : BK_NOTREG;
}

static int add_backing(itunes *I, const char *rel, const struct stat *st, uint64_t *loc)
{
    pthread_mutex_lock(&I->mu);
    int rc = DFT_OK;
    if (I->n == I->cap) {
        size_t nc = I->cap ? I->cap * 2 : 256;
        backing *nb = realloc(I->backing, nc * sizeof *nb);
        if (!nb) rc = dft_error_set(DFT_ENOMEM, "out of memory");
        else {
            I->backing = nb;
            I->cap = nc;
        }
    }
    if (!rc) {
        backing *b = &I->backing[I->n];
        if (!(b->rel = strdup(rel))) rc = dft_error_set(DFT_ENOMEM, "out of memory");
        b->dev = st->st_dev;
        b->ino = st->st_ino;
        b->size = (uint64_t)st->st_size;
        b->mtime = st->st_mtime;
    }
    if (!rc) *loc = I->n++;
    pthread_mutex_unlock(&I->mu);
    return rc;
}

/* Puts key -> v unless key is there already (the first row in walk order wins). */
static int put_first(dft_strmap *m, const char *key, int64_t v)
{
    int64_t old;
    return dft_strmap_get(m, key, &old) == DFT_OK ? DFT_OK : dft_strmap_put(m, key, v);
}

static int warn(iwalk *W, int64_t id, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int warn(iwalk *W, int64_t id, const char *fmt, ...)
{
    char m[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m, sizeof m, fmt, ap);
    va_end(ap);
    return W->sink->warning ? W->sink->warning(W->sink->payload, id, -1, m) : DFT_OK;
}

static int64_t find_id(iwalk *W, const char *path, bool *is_dir)
{
    int64_t v;
    if (dft_strmap_get(W->ids, path, &v) != DFT_OK) return -1;
    if (is_dir) *is_dir = v & 1;
    return v >> 1;
}

/* dft_tree_dir_fn: a synthesised directory "/a/b". */
static int emit_dir(void *payload, const char *path, int64_t pid, int64_t *out)
{
    iwalk *W = payload;
    dft_file_rec r;
    dft_file_rec_init(&r);
    r.parent_id = pid;
    r.path = path;
    r.name = strrchr(path, '/') + 1;
    r.device_path = path + 1;
    r.type = 'd';
    return W->sink->file(W->sink->payload, &r, out);
}

static bool valid_fid(const char *s)
{
    if (!s || strlen(s) < 2 || strlen(s) > 128) return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') || (*p >= 'A' && *p <= 'F'))) return false;
    return true;
}

/* The backing file of fid: <fid[0:2]>/<fid>, or <fid> (older backups). *rel (malloc'd) and *st
 * are set unless BK_MISSING. */
static int find_backing(itunes *I, const char *fid, char **rel, struct stat *st)
{
    *rel = NULL;
    if (!valid_fid(fid)) return BK_MISSING;
    char sub[3] = {fid[0], fid[1], 0};
    char *cand[2] = {join3(sub, "/", fid), strdup(fid)};
    int kind = BK_MISSING;
    for (int i = 0; i < 2; i++) {
        if (kind == BK_MISSING && cand[i]) {
            kind = classify(I->rootfd, cand[i], st);
            if (kind != BK_MISSING) {
                *rel = cand[i];
                cand[i] = NULL;
            }
        }
        free(cand[i]);
    }
    return kind;
}

/* "/" domain ["/" relativePath], both sanitised; *dev = path + 1. *fl gets the sanitise flags of
 * the relative path. */
static int row_path(const char *domain, const char *relp, char **path, char **dev, unsigned *fl)
{
    char *dom = NULL, *rel = NULL;
    unsigned dfl = 0;
    *fl = 0;
    *path = *dev = NULL;
    int rc = dft_devpath_sanitise(domain && *domain ? domain : "__nodomain__", &dom, &dfl);
    if (!rc && relp && *relp) rc = dft_devpath_sanitise(relp, &rel, fl);
    if (!rc) {
        *path = rel ? join3("/", dom, "/") : join3("/", dom, "");
        if (*path && rel) {
            char *t = join3(*path, rel, "");
            free(*path);
            *path = t;
        }
        *dev = *path ? strdup(*path + 1) : NULL;
        if (!*path || !*dev) rc = dft_error_set(DFT_ENOMEM, "out of memory");
    }
    *fl |= dfl & DFT_SANITISE_FOLDED;
    free(dom);
    free(rel);
    return rc;
}

static int do_row(iwalk *W, const char *fid, const char *domain, const char *relp, int flags, const uint8_t *blob,
                  size_t bloblen)
{
    char *path = NULL, *dev = NULL, *json = NULL;
    unsigned fl = 0;
    dft_ios_mbfile mb;
    memset(&mb, 0, sizeof mb);
    int rc = row_path(domain, relp, &path, &dev, &fl);
    if (rc) goto done;
    if (fl & (DFT_SANITISE_OUTSIDE | DFT_SANITISE_DOTDOT))
        warn(W, 0, "Manifest.db row %s: relativePath \"%s\" escapes its domain: recorded as %s", fid, relp, path);
    if (fl & DFT_SANITISE_FOLDED)
        warn(W, 0,
             "Manifest.db row %s: relativePath of %zu bytes is deeper than %d components or longer than %d bytes: "
             "the excess is folded into one name (%s)",
             fid, relp ? strlen(relp) : 0, DFT_DEVPATH_MAX_COMPS, DFT_DEVPATH_MAX_LEN, strrchr(path, '/') + 1);
    int64_t pid;
    unsigned renamed;
    if ((rc = dft_tree_parents(W->ids, &path, 0, emit_dir, W, &pid, &renamed))) goto done;
    if (renamed) warn(W, 0, "Manifest.db row %s: a parent of %s is a file: recorded as %s", fid, dev, path);
    char type = flags == 2 ? 'd' : flags == 4 ? 'l' : flags == 1 ? 'r' : '-';
    if (type == 'd') {
        bool isdir;
        if (find_id(W, path, &isdir) >= 0 && isdir) goto done;
    }
    if (find_id(W, path, NULL) >= 0) {
        /* "~fileID" (a hostile fileID may hold '/': replaced), then "~2", "~3"... if taken too */
        char safe[140];
        snprintf(safe, sizeof safe, "%.128s", *fid ? fid : "row");
        for (char *c = safe; *c; c++)
            if (*c == '/') *c = '_';
        char *t = join3(path, "~", safe);
        for (int k = 2; t && find_id(W, t, NULL) >= 0 && k < 100000; k++) {
            char suf[160];
            snprintf(suf, sizeof suf, "~%s~%d", safe, k);
            free(t);
            t = join3(path, suf, "");
        }
        if (t) warn(W, 0, "Manifest.db: duplicate path %s (fileID %s) recorded as %s", path, fid, t);
        free(path);
        path = t;
        if (!path) {
            rc = dft_error_set(DFT_ENOMEM, "out of memory");
            goto done;
        }
    }
    bool have_mb = blob && bloblen && dft_ios_mbfile_parse(blob, bloblen, &mb) == DFT_OK;
    dft_file_rec r;
    dft_file_rec_init(&r);
    r.parent_id = pid;
    r.path = path;
    r.name = strrchr(path, '/') + 1;
    r.device_path = dev;
    r.type = type;
    if (have_mb) {
        r.size = type == 'r' ? mb.size : 0;
        if ((r.has_mtime = mb.has_mtime)) r.mtime = mb.mtime;
        if ((r.has_crtime = mb.has_birth)) r.crtime = mb.birth;
        if ((r.has_ctime = mb.has_ctime)) r.ctime = mb.ctime;
        r.mode = mb.mode & 07777;
        r.uid = mb.uid;
        r.gid = mb.gid;
        r.meta_addr = mb.inode;
        r.link_target = mb.target;
    }
    json_t *o = json_object();
    json_object_set_new(o, "fileID", json_string(fid));
    json_object_set_new(o, "domain", json_string(domain ? domain : ""));
    json_object_set_new(o, "flags", json_integer(flags));
    if (have_mb && mb.protection_class >= 0)
        json_object_set_new(o, "protection_class", json_integer(mb.protection_class));
    if (blob && bloblen && !have_mb) json_object_set_new(o, "file_blob", json_string("unparsed"));
    json = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    r.extra_json = json;
    const char *problem = NULL;
    if (type == 'r') {
        int64_t loc = -1;
        backing b = {0};
        pthread_mutex_lock(&W->I->mu);
        if (dft_strmap_get(W->I->byfid, fid, &loc) == DFT_OK) b = W->I->backing[loc];
        pthread_mutex_unlock(&W->I->mu);
        if (loc >= 0) {
            r.source = &W->I->src;
            r.locator = (uint64_t)loc;
            if (!r.has_mtime) {
                r.has_mtime = true;
                r.mtime = b.mtime;
            }
            /* content is what the backup holds; the manifest's size stays in the MBFile */
            r.size = b.size;
        } else {
            char *brel = NULL;
            struct stat st;
            int kind = find_backing(W->I, fid, &brel, &st);
            free(brel);
            problem = kind == BK_SYMLINK ? "backing file is a symbolic link: not followed"
                      : kind == BK_NOTREG ? "backing file is not a regular file: not read"
                                          : "backing file missing from the backup";
            r.content_partial = true;
            r.content_error = problem;
        }
    }
    int64_t id;
    if ((rc = W->sink->file(W->sink->payload, &r, &id))) goto done;
    rc = dft_strmap_put(W->ids, path, (id << 1) | (type == 'd'));
    if (problem) warn(W, id, "%s: %s (fileID %s)", path, problem, fid);
done:
    dft_ios_mbfile_clear(&mb);
    free(path);
    free(dev);
    free(json);
    return rc;
}

static int meta_cb(void *payload, const char *k, const char *v)
{
    const dft_walk_sink *s = payload;
    return s->meta ? s->meta(s->payload, k, v) : DFT_OK;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Lists the hashed files (encrypted or unreadable manifest): "/__encrypted__/<fileID>". Every
 * backing file is classified and registered before the first record is emitted. */
static int list_hashed(iwalk *W)
{
    itunes *I = W->I;
    int dfd = openat(I->rootfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
    if (!d) {
        int e = errno;
        if (dfd >= 0) close(dfd);
        return dft_error_set(DFT_EIO, "cannot list the backup directory: %s", strerror(e));
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = DFT_OK;
    struct dirent *e;
    while (!rc && (e = readdir(d))) {
        if (strlen(e->d_name) != 2 || !valid_fid(e->d_name)) continue;
        int sfd = openat(I->rootfd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (sfd < 0 && errno == ELOOP)
            warn(W, 0, "backup subdirectory %s is a symbolic link: not followed", e->d_name);
        DIR *sd = sfd >= 0 ? fdopendir(sfd) : NULL;
        if (!sd && sfd >= 0) close(sfd);
        struct dirent *f;
        while (!rc && sd && (f = readdir(sd))) {
            if (!valid_fid(f->d_name)) continue;
            if (n == cap) {
                size_t nc = cap ? cap * 2 : 64;
                char **nn = realloc(names, nc * sizeof *names);
                if (!nn) {
                    rc = dft_error_set(DFT_ENOMEM, "out of memory listing the backup");
                    break;
                }
                names = nn;
                cap = nc;
            }
            if (!(names[n] = join3(e->d_name, "/", f->d_name))) rc = dft_error_set(DFT_ENOMEM, "out of memory");
            else n++;
        }
        if (sd) closedir(sd);
    }
    closedir(d);
    if (!rc && n) qsort(names, n, sizeof *names, cmp_str);
    /* pass 1: classify and register all, so sibling() is complete before any record */
    int64_t *locs = rc ? NULL : calloc(n ? n : 1, sizeof *locs);
    if (!rc && !locs) rc = dft_error_set(DFT_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < n; i++) {
        struct stat st;
        int kind = classify(I->rootfd, names[i], &st);
        locs[i] = -1 - kind;
        char *path = join3("/__encrypted__/", strchr(names[i], '/') + 1, "");
        if (!path) rc = dft_error_set(DFT_ENOMEM, "out of memory");
        uint64_t loc;
        if (!rc && kind == BK_OK && !(rc = add_backing(I, names[i], &st, &loc))) {
            locs[i] = (int64_t)loc;
            pthread_mutex_lock(&I->mu);
            rc = put_first(I->bymap, path, (int64_t)loc);
            pthread_mutex_unlock(&I->mu);
        }
        free(path);
    }
    /* pass 2: the records */
    for (size_t i = 0; !rc && i < n; i++) {
        if (locs[i] == -1 - BK_MISSING) continue; /* vanished since the listing */
        const char *fid = strchr(names[i], '/') + 1;
        char *path = join3("/__encrypted__/", fid, "");
        if (!path) {
            rc = dft_error_set(DFT_ENOMEM, "out of memory");
            break;
        }
        int64_t pid, id;
        unsigned renamed;
        rc = dft_tree_parents(W->ids, &path, 0, emit_dir, W, &pid, &renamed);
        dft_file_rec r;
        dft_file_rec_init(&r);
        r.parent_id = pid;
        r.path = path;
        r.name = strrchr(path, '/') + 1;
        r.type = 'r';
        const char *problem = NULL;
        if (locs[i] >= 0) {
            pthread_mutex_lock(&I->mu);
            backing b = I->backing[locs[i]];
            pthread_mutex_unlock(&I->mu);
            r.size = b.size;
            r.has_mtime = true;
            r.mtime = b.mtime;
            r.source = &I->src;
            r.locator = (uint64_t)locs[i];
        } else {
            problem = locs[i] == -1 - BK_SYMLINK ? "backing file is a symbolic link: not followed"
                                                 : "backing file is not a regular file: not read";
            r.content_partial = true;
            r.content_error = problem;
        }
        /* a hostile fileID may hold quotes or control bytes: built by jansson, never by hand */
        json_t *jx = json_pack("{sb ss%}", "encrypted", 1, "fileID", fid, strlen(fid));
        char *js = jx ? json_dumps(jx, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII) : NULL;
        json_decref(jx);
        r.extra_json = js;
        if (!rc) rc = W->sink->file(W->sink->payload, &r, &id);
        free(js);
        if (!rc) rc = dft_strmap_put(W->ids, path, id << 1);
        if (!rc && problem) warn(W, id, "%s: %s (fileID %s)", path, problem, fid);
        free(path);
    }
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    free(locs);
    return rc;
}

/* Manifest.db is hostile input: it is opened through parsers/sqlite_safe.h (private copy,
 * hardened connection, budgets, cancel). Caps, so that neither memory nor the sorter grows with a
 * hostile value:
 *   a "file" blob (MBFile bplist, normally < 2 KiB) above MAX_MBFILE is not read (its size is known
 *   without reading it); the row is kept, with a warning;
 *   fileID is cut to MAX_NAME, domain and relativePath to MAX_REL characters (head and tail, so the
 *   file name stays) before the sort; a warning names the row (dft_devpath_sanitise folds paths
 *   that long anyway);
 *   any value above MAX_MANIFEST_VALUE is never loaded: the read stops there (warning) and the
 *   backup is listed by fileID instead. */
#define MAX_MBFILE (256u << 10)
#define MAX_NAME 256
#define MAX_REL DFT_DEVPATH_MAX_LEN
#define MAX_MANIFEST_VALUE (64 << 20)
#define MANIFEST_TIME_MS 120000u

#define STR_(x) #x
#define STR(x) STR_(x)
/* a cut value keeps its head and its tail (the file name), joined by "/" */
#define CUT(col, max)                                                                                          \
    "CASE WHEN length(" col ") > " STR(max) " THEN substr(" col ", 1, " STR(max) " / 2) || '/' || substr(" col  \
    ", -(" STR(max) " / 2)) ELSE " col " END"
#define MANIFEST_QUERY_COLS                                                                                   \
    "substr(fileID, 1, " STR(MAX_NAME) ") AS f, " CUT("domain", MAX_REL) " AS d, " CUT("relativePath", MAX_REL) \
    " AS r, flags"
#define MANIFEST_ORDER " FROM Files ORDER BY d, r, f"

static bool manifest_cancelled(void *payload)
{
    const dft_walk_sink *s = payload;
    return s->cancelled && s->cancelled(s->payload);
}

/* First pass over Manifest.db, before any record: every file row's backing file is classified
 * and registered, and its path and device path go into the sibling map (the first row in walk
 * order wins a path, as in the walk). Rows are visited in the walk's order. */
static int build_map(iwalk *W, dft_sqlite *h)
{
    itunes *I = W->I;
    sqlite3_stmt *st = NULL;
    int rc = dft_sqlite_prepare(h, &st, "SELECT " MANIFEST_QUERY_COLS MANIFEST_ORDER);
    if (rc) return rc;
    while ((rc = dft_sqlite_step(h, st)) == DFT_SQLITE_ROW) {
        rc = DFT_OK;
        if (sqlite3_column_int(st, 3) != 1) continue;
        const char *fid = (const char *)sqlite3_column_text(st, 0);
        if (!fid) fid = "";
        int64_t loc;
        pthread_mutex_lock(&I->mu);
        bool known = dft_strmap_get(I->byfid, fid, &loc) == DFT_OK;
        pthread_mutex_unlock(&I->mu);
        if (!known) {
            char *rel = NULL;
            struct stat sb;
            if (find_backing(I, fid, &rel, &sb) != BK_OK) {
                free(rel);
                continue;
            }
            uint64_t l;
            rc = add_backing(I, rel, &sb, &l);
            free(rel);
            if (rc) break;
            loc = (int64_t)l;
            pthread_mutex_lock(&I->mu);
            rc = dft_strmap_put(I->byfid, fid, loc);
            pthread_mutex_unlock(&I->mu);
        }
        char *path = NULL, *dev = NULL;
        unsigned fl;
        if (!rc) rc = row_path((const char *)sqlite3_column_text(st, 1), (const char *)sqlite3_column_text(st, 2),
                               &path, &dev, &fl);
        pthread_mutex_lock(&I->mu);
        if (!rc) rc = put_first(I->bymap, path, loc);
        if (!rc) rc = put_first(I->bymap, dev, loc);
        pthread_mutex_unlock(&I->mu);
        free(path);
        free(dev);
        if (rc) break;
    }
    sqlite3_finalize(st);
    return rc;
}

/* A Manifest.db that cannot be read as the table Files: a warning, then the hashed files by name. */
static int manifest_fallback(iwalk *W, const char *why)
{
    warn(W, 0, "Manifest.db unreadable (%s): listing the hashed files without names", why);
    return list_hashed(W);
}

static int walk_manifest(iwalk *W)
{
    char *path = join3(W->ev->path, "/Manifest.db", "");
    if (!path) return dft_error_set(DFT_ENOMEM, "out of memory");
    dft_sqlite_opts o = DFT_SQLITE_OPTS_INIT;
    o.temp_dir = W->ev->opts.temp_dir;
    o.time_budget_ms = MANIFEST_TIME_MS;
    o.max_value_bytes = MAX_MANIFEST_VALUE;
    o.cancelled = manifest_cancelled;
    o.payload = (void *)W->sink;
    dft_sqlite *h = NULL;
    int rc = dft_sqlite_open(&h, path, &o);
    free(path);
    if (rc == DFT_ECANCELLED || rc == DFT_ENOMEM) return rc;
    if (rc) return manifest_fallback(W, dft_error_last());
    rc = dft_sqlite_require_table(h, "Files");
    if (rc == DFT_ECANCELLED) goto out;
    if (rc) {
        char why[600];
        snprintf(why, sizeof why, "%s", dft_error_last());
        dft_sqlite_close(h);
        return manifest_fallback(W, why);
    }
    rc = build_map(W, h);
    if (rc == DFT_ECANCELLED || rc == DFT_ENOMEM) goto out;
    if (rc) {
        /* a hostile row (value over the cap, budget): the walk below reports how far it got */
        warn(W, 0, "Manifest.db: %s", dft_error_last());
    }
    sqlite3_stmt *st = NULL;
    char sql[700];
    snprintf(sql, sizeof sql, "SELECT " MANIFEST_QUERY_COLS ", CASE WHEN length(file) <= %u THEN file END, "
             "length(file), length(relativePath) > %d OR length(domain) > %d OR length(fileID) > %d" MANIFEST_ORDER,
             MAX_MBFILE, MAX_REL, MAX_REL, MAX_NAME);
    rc = dft_sqlite_prepare(h, &st, sql);
    if (rc && rc != DFT_ECANCELLED) {
        char why[600];
        snprintf(why, sizeof why, "%s", dft_error_last());
        dft_sqlite_close(h);
        return manifest_fallback(W, why);
    }
    size_t rows = 0;
    int step = DFT_OK;
    while (!rc && (step = dft_sqlite_step(h, st)) == DFT_SQLITE_ROW) {
        if (manifest_cancelled((void *)W->sink)) {
            rc = DFT_ECANCELLED;
            break;
        }
        const char *fid = (const char *)sqlite3_column_text(st, 0);
        const char *dom = (const char *)sqlite3_column_text(st, 1);
        const char *rel = (const char *)sqlite3_column_text(st, 2);
        int flags = sqlite3_column_int(st, 3);
        const uint8_t *blob = sqlite3_column_blob(st, 4);
        size_t bl = (size_t)sqlite3_column_bytes(st, 4);
        int64_t full = sqlite3_column_int64(st, 5);
        if (full > (int64_t)MAX_MBFILE)
            warn(W, 0, "Manifest.db row %s: file blob of %lld bytes is larger than %u bytes: not read",
                 fid ? fid : "", (long long)full, MAX_MBFILE);
        if (sqlite3_column_int(st, 6))
            warn(W, 0, "Manifest.db row %s: a fileID, domain or relativePath longer than %d bytes was cut",
                 fid ? fid : "", MAX_REL);
        rc = do_row(W, fid ? fid : "", dom, rel, flags, blob, bl);
        rows++;
    }
    if (!rc && step == DFT_ECANCELLED) {
        rc = step;
    } else if (!rc && step < 0 && rows == 0) {
        /* nothing listed (the sort stopped on a hostile value or a budget): list by fileID instead */
        char why[600];
        snprintf(why, sizeof why, "%s", dft_error_last());
        sqlite3_finalize(st);
        dft_sqlite_close(h);
        return manifest_fallback(W, why);
    } else if (!rc && step < 0) {
        /* the rows read so far are kept; the reason goes to the case as a warning */
        warn(W, 0, "Manifest.db read stopped after %zu rows: %s", rows, dft_error_last());
    }
    sqlite3_finalize(st);
out:
    dft_sqlite_close(h);
    return rc;
}

static int it_walk(dft_evidence *ev, const dft_walk_sink *sink)
{
    iwalk W = {ev, ev->impl, sink, NULL};
    int rc = dft_strmap_new(&W.ids);
    if (rc) return rc;
    uint8_t *info = NULL, *man = NULL;
    size_t il = 0, ml = 0;
    read_small(W.I->rootfd, "Info.plist", &info, &il);
    read_small(W.I->rootfd, "Manifest.plist", &man, &ml);
    bool enc = false;
    if (dft_ios_backup_meta(info, il, man, ml, meta_cb, (void *)sink, &enc) != DFT_OK)
        warn(&W, 0, "%s", dft_error_last());
    free(info);
    free(man);
    if (enc) {
        warn(&W, 0, "encrypted iTunes backup: password needed (files listed by fileID only)");
        rc = list_hashed(&W);
    } else {
        rc = walk_manifest(&W);
    }
    dft_strmap_free(W.ids);
    return rc;
}

/* Opens the backing file of loc beneath the backup directory, never through a symbolic link,
 * and checks it is the regular file classified before the walk (same device and inode). */
static int open_backing(itunes *I, uint64_t loc, int *out, char *err, size_t errlen)
{
    pthread_mutex_lock(&I->mu);
    backing b = loc < I->n ? I->backing[loc] : (backing){0};
    char *rel = b.rel ? strdup(b.rel) : NULL;
    pthread_mutex_unlock(&I->mu);
    if (!rel) {
        if (err && errlen) snprintf(err, errlen, "no backing file");
        return dft_error_set(DFT_ENOTFOUND, "no backing file");
    }
    int fd = dft_open_beneath(I->rootfd, rel, O_RDONLY);
    int rc = DFT_OK;
    struct stat st;
    if (fd < 0) {
        int e = errno;
        if (err && errlen)
            snprintf(err, errlen, "%s", e == ELOOP || e == EXDEV ? "backing file is a symbolic link: not followed"
                                                                : strerror(e));
        rc = dft_error_set(e == ENOENT ? DFT_ENOTFOUND : DFT_EIO, "backing file %s: %s", rel,
                           e == ELOOP ? "symbolic link, not followed" : strerror(e));
    } else if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_dev != b.dev || st.st_ino != b.ino) {
        if (err && errlen) snprintf(err, errlen, "backing file replaced since the walk began: not read");
        rc = dft_error_set(DFT_EIO, "backing file %s replaced since the walk began: not read", rel);
        close(fd);
        fd = -1;
    }
    free(rel);
    *out = fd;
    return rc;
}

static int it_stream(dft_source *src, void *tstate, const dft_file_rec *f, dft_block_fn cb, void *payload,
                     uint64_t *bad_bytes, char *errbuf, size_t errbuf_len)
{
    (void)tstate;
    int fd;
    int rc = open_backing(src->impl, f->locator, &fd, errbuf, errbuf_len);
    if (rc) {
        *bad_bytes = f->size;
        return rc;
    }
    rc = dft_fd_stream(fd, NULL, cb, payload, bad_bytes, errbuf, errbuf_len);
    close(fd);
    return rc;
}

static int it_sibling(dft_source *src, void *tstate, const dft_file_rec *f, const char *path, dft_block_fn cb,
                      void *payload)
{
    (void)tstate;
    itunes *I = src->impl;
    char *joined;
    if (path[0] == '/') {
        joined = strdup(path);
    } else {
        const char *sl = strrchr(f->path, '/');
        char *dir = strndup(f->path, sl ? (size_t)(sl - f->path) : 0);
        joined = dir ? join3(dir, "/", path) : NULL;
        free(dir);
    }
    if (!joined) return dft_error_set(DFT_ENOMEM, "out of memory");
    const char *j = joined;
    while (*j == '/') j++;
    char *clean;
    unsigned fl;
    int rc = dft_devpath_sanitise(j, &clean, &fl);
    free(joined);
    if (rc) return rc;
    char *k1 = join3("/", clean, "");
    int64_t loc = -1;
    pthread_mutex_lock(&I->mu);
    if (k1 && dft_strmap_get(I->bymap, k1, &loc) != DFT_OK && dft_strmap_get(I->bymap, clean, &loc) != DFT_OK)
        loc = -1;
    pthread_mutex_unlock(&I->mu);
    free(k1);
    free(clean);
    if (loc < 0) return dft_error_set(DFT_ENOTFOUND, "%s not in the backup", path);
    int fd;
    if ((rc = open_backing(I, (uint64_t)loc, &fd, NULL, 0))) return rc == DFT_EIO ? DFT_ENOTFOUND : rc;
    uint64_t bad = 0;
    rc = dft_fd_stream(fd, NULL, cb, payload, &bad, NULL, 0);
    close(fd);
    return rc;
}

static void it_close(dft_evidence *ev)
{
    itunes *I = ev->impl;
    if (!I) return;
    for (size_t i = 0; i < I->n; i++) free(I->backing[i].rel);
    free(I->backing);
    dft_strmap_free(I->bymap);
    dft_strmap_free(I->byfid);
    if (I->rootfd >= 0) close(I->rootfd);
    pthread_mutex_destroy(&I->mu);
    free(I);
    ev->impl = NULL;
}

/* Sum of the regular files of the backup (the top level and its hashed subdirectories). */
static uint64_t dir_size(const char *path, int depth)
{
    DIR *d = opendir(path);
    if (!d) return 0;
    uint64_t sum = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char *p = join3(path, "/", e->d_name);
        struct stat st;
        if (p && lstat(p, &st) == 0) {
            if (S_ISREG(st.st_mode)) sum += (uint64_t)st.st_size;
            else if (S_ISDIR(st.st_mode) && depth < 1) sum += dir_size(p, depth + 1);
        }
        free(p);
    }
    closedir(d);
    return sum;
}

static const dft_evidence_ops it_ops = {it_walk, NULL, NULL, it_close};

int dft_evidence_itunes_open(dft_evidence *ev)
{
    struct stat st;
    if (stat(ev->path, &st) != 0 || !S_ISDIR(st.st_mode))
        return dft_error_set(DFT_EIO, "%s: not a readable directory", ev->path);
    itunes *I = calloc(1, sizeof *I);
    if (!I || dft_strmap_new(&I->bymap) || dft_strmap_new(&I->byfid)) {
        if (I) dft_strmap_free(I->bymap);
        free(I);
        return dft_error_set(DFT_ENOMEM, "out of memory for an iTunes backup");
    }
    I->rootfd = open(ev->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    struct stat mst;
    int mk = I->rootfd >= 0 ? classify(I->rootfd, "Manifest.db", &mst) : BK_MISSING;
    int mfd = mk == BK_OK ? dft_open_beneath(I->rootfd, "Manifest.db", O_RDONLY) : -1;
    if (mfd >= 0) close(mfd);
    if (mfd < 0) {
        if (I->rootfd >= 0) close(I->rootfd);
        dft_strmap_free(I->bymap);
        dft_strmap_free(I->byfid);
        free(I);
        return dft_error_set(DFT_ENOTFOUND, "%s: no readable Manifest.db%s", ev->path,
                             mk == BK_SYMLINK ? " (a symbolic link, not followed)" : "");
    }
    pthread_mutex_init(&I->mu, NULL);
    I->src.name = "itunes";
    I->src.stream = it_stream;
    I->src.sibling = it_sibling;
    I->src.sequential = false;
    I->src.impl = I;
    ev->impl = I;
    ev->ops = &it_ops;
    snprintf(ev->kind, sizeof ev->kind, "itunes");
    ev->walk_hashes = false;
    ev->no_media_hash = true;
    ev->size = dir_size(ev->path, 0);
    return DFT_OK;
}
