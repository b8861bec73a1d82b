/*
 * evidence_itunes.c - an iTunes / Finder backup directory as evidence (kind "itunes").
 *
 * Reads (never writes) Info.plist + Manifest.plist (device metadata, parsers/ios_backup.c) and
 * Manifest.db (SQLite, opened "file:...?mode=ro&immutable=1" so no -wal/-shm is created next to
 * the evidence). Each Files row (fileID, domain, relativePath, flags 1 file / 2 dir / 4 symlink,
 * file = MBFile bplist) becomes a record:
 *   path        "/" domain "/" relativePath        (relativePath sanitised like archive names)
 *   device_path domain "/" relativePath            ("HomeDomain/Library/SMS/sms.db")
 *   content     <root>/<fileID[0:2]>/<fileID>, or <root>/<fileID> (older backups)
 * Rows are walked ORDER BY domain, relativePath, fileID; parent directories are synthesised once,
 * before their children. Files are read at random by workers (not sequential); no media hash.
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
#include "fileio.h"
#include "parsers/ios_backup.h"
#include "strmap.h"

#define MAX_PLIST (16u << 20)

typedef struct itunes {
    dft_source src;
    pthread_mutex_t mu;          /* guards backing, bymap */
    char **backing;              /* locator -> backing file path */
    size_t n, cap;
    dft_strmap *bymap;           /* "/"+path and device path -> locator */
} itunes;

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

static int read_small(const char *dir, const char *name, uint8_t **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    char *p = join3(dir, "/", name);
    if (!p) return dft_error_set(DFT_ENOMEM, "out of memory");
    int fd = open(p, O_RDONLY | O_CLOEXEC);
    free(p);
    if (fd < 0) return dft_error_set(DFT_ENOTFOUND, "%s not found", name);
    struct stat st;
    int rc = DFT_OK;
    if (fstat(fd, &st) != 0 || st.st_size > MAX_PLIST) rc = dft_error_set(DFT_ECORRUPT, "%s too large", name);
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

static int add_backing(itunes *I, const char *path, const char *key1, const char *key2, uint64_t *loc)
{
    pthread_mutex_lock(&I->mu);
    int rc = DFT_OK;
    if (I->n == I->cap) {
        size_t nc = I->cap ? I->cap * 2 : 256;
        char **nb = realloc(I->backing, nc * sizeof *nb);
        if (!nb) rc = dft_error_set(DFT_ENOMEM, "out of memory");
        else {
            I->backing = nb;
            I->cap = nc;
        }
    }
    if (!rc && !(I->backing[I->n] = strdup(path))) rc = dft_error_set(DFT_ENOMEM, "out of memory");
    if (!rc) {
        *loc = I->n++;
        rc = dft_strmap_put(I->bymap, key1, (int64_t)*loc);
        if (!rc && key2) rc = dft_strmap_put(I->bymap, key2, (int64_t)*loc);
    }
    pthread_mutex_unlock(&I->mu);
    return rc;
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

static void rec_init(dft_file_rec *r)
{
    memset(r, 0, sizeof *r);
    r->uid = r->gid = -1;
    r->allocated = true;
}

static int64_t find_id(iwalk *W, const char *path, bool *is_dir)
{
    int64_t v;
    if (dft_strmap_get(W->ids, path, &v) != DFT_OK) return -1;
    if (is_dir) *is_dir = v & 1;
    return v >> 1;
}

/* Parent id for the path "/a/b/c" (synthesising "/a", "/a/b" as directories). */
static int ensure_dir(iwalk *W, const char *path, int64_t *out)
{
    if (!*path || strcmp(path, "/") == 0) {
        *out = 0;
        return DFT_OK;
    }
    int64_t id = find_id(W, path, NULL);
    if (id >= 0) {
        *out = id;
        return DFT_OK;
    }
    char *parent = strdup(path);
    if (!parent) return dft_error_set(DFT_ENOMEM, "out of memory");
    *strrchr(parent, '/') = 0;
    int64_t pid;
    int rc = ensure_dir(W, parent, &pid);
    free(parent);
    if (rc) return rc;
    dft_file_rec r;
    rec_init(&r);
    r.parent_id = pid;
    r.path = path;
    r.name = strrchr(path, '/') + 1;
    r.device_path = path + 1;
    r.type = 'd';
    if ((rc = W->sink->file(W->sink->payload, &r, out))) return rc;
    return dft_strmap_put(W->ids, path, (*out << 1) | 1);
}

static char *backing_path(const char *root, const char *fid)
{
    char sub[3] = {fid[0], fid[0] ? fid[1] : 0, 0};
    char *p = join3(root, "/", sub);
    char *q = p ? join3(p, "/", fid) : NULL;
    free(p);
    struct stat st;
    if (q && lstat(q, &st) == 0) return q;
    free(q);
    q = join3(root, "/", fid);
    if (q && lstat(q, &st) == 0) return q;
    free(q);
    return NULL;
}

static bool valid_fid(const char *s)
{
    if (!s || strlen(s) < 2 || strlen(s) > 128) return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') || (*p >= 'A' && *p <= 'F'))) return false;
    return true;
}

static int do_row(iwalk *W, const char *fid, const char *domain, const char *relp, int flags, const uint8_t *blob,
                  size_t bloblen)
{
    char *rel = NULL, *path = NULL, *dev = NULL, *json = NULL, *bpath = NULL, *parent = NULL;
    unsigned fl = 0;
    int rc = DFT_OK;
    dft_ios_mbfile mb;
    memset(&mb, 0, sizeof mb);
    char *dom = NULL;
    if ((rc = dft_devpath_sanitise(domain && *domain ? domain : "__nodomain__", &dom, &fl))) return rc;
    if (relp && *relp) {
        if ((rc = dft_devpath_sanitise(relp, &rel, &fl))) goto done;
        if (fl & (DFT_SANITISE_OUTSIDE | DFT_SANITISE_DOTDOT))
            warn(W, 0, "Manifest.db row %s: relativePath \"%s\" escapes its domain: recorded as %s", fid, relp, rel);
        path = join3("/", dom, "/");
        char *t = path ? join3(path, rel, "") : NULL;
        free(path);
        path = t;
    } else {
        path = join3("/", dom, "");
    }
    if (!path) {
        rc = dft_error_set(DFT_ENOMEM, "out of memory");
        goto done;
    }
    dev = strdup(path + 1);
    char type = flags == 2 ? 'd' : flags == 4 ? 'l' : flags == 1 ? 'r' : '-';
    if (type == 'd') {
        bool isdir;
        if (find_id(W, path, &isdir) >= 0 && isdir) goto done;
    }
    if (find_id(W, path, NULL) >= 0) {
        warn(W, 0, "Manifest.db: duplicate path %s (fileID %s) recorded as %s~%s", path, fid, path, fid);
        char *t = join3(path, "~", fid);
        free(path);
        path = t;
        if (!path) {
            rc = dft_error_set(DFT_ENOMEM, "out of memory");
            goto done;
        }
    }
    parent = strdup(path);
    if (!parent || !dev) {
        rc = dft_error_set(DFT_ENOMEM, "out of memory");
        goto done;
    }
    *strrchr(parent, '/') = 0;
    int64_t pid;
    if ((rc = ensure_dir(W, parent, &pid))) goto done;
    bool have_mb = blob && bloblen && dft_ios_mbfile_parse(blob, bloblen, &mb) == DFT_OK;
    dft_file_rec r;
    rec_init(&r);
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
    bool missing = false;
    if (type == 'r') {
        bpath = valid_fid(fid) ? backing_path(W->ev->path, fid) : NULL;
        struct stat st;
        if (bpath && stat(bpath, &st) == 0 && S_ISREG(st.st_mode)) {
            uint64_t loc;
            if ((rc = add_backing(W->I, bpath, path, dev, &loc))) goto done;
            r.source = &W->I->src;
            r.locator = loc;
            if (!have_mb || !mb.has_size) r.size = (uint64_t)st.st_size;
            if (!r.has_mtime) {
                r.has_mtime = true;
                r.mtime = st.st_mtime;
            }
            if ((uint64_t)st.st_size != r.size) {
                /* content is what the backup holds; the manifest's size stays in extra_json */
                r.size = (uint64_t)st.st_size;
            }
        } else {
            missing = true;
            r.content_partial = true;
            r.content_error = "backing file missing from the backup";
        }
    }
    int64_t id;
    if ((rc = W->sink->file(W->sink->payload, &r, &id))) goto done;
    rc = dft_strmap_put(W->ids, path, (id << 1) | (type == 'd'));
    if (missing) warn(W, id, "%s: backing file %s missing from the backup", path, fid);
done:
    dft_ios_mbfile_clear(&mb);
    free(dom);
    free(rel);
    free(path);
    free(dev);
    free(json);
    free(bpath);
    free(parent);
    return rc;
}

static int meta_cb(void *payload, const char *k, const char *v)
{
    const dft_walk_sink *s = payload;
    return s->meta ? s->meta(s->payload, k, v) : DFT_OK;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Lists the hashed files (encrypted or unreadable manifest): "/__encrypted__/<fileID>". */
static int list_hashed(iwalk *W)
{
    DIR *d = opendir(W->ev->path);
    if (!d) return dft_error_set(DFT_EIO, "%s: %s", W->ev->path, strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strlen(e->d_name) != 2 || !valid_fid(e->d_name)) continue;
        char *sub = join3(W->ev->path, "/", e->d_name);
        DIR *sd = sub ? opendir(sub) : NULL;
        struct dirent *f;
        while (sd && (f = readdir(sd))) {
            if (!valid_fid(f->d_name)) continue;
            if (n == cap) {
                cap = cap ? cap * 2 : 64;
                names = realloc(names, cap * sizeof *names);
            }
            if (names) names[n++] = join3(e->d_name, "/", f->d_name);
        }
        if (sd) closedir(sd);
        free(sub);
    }
    closedir(d);
    if (n) qsort(names, n, sizeof *names, cmp_str);
    int rc = DFT_OK;
    for (size_t i = 0; i < n; i++) {
        if (rc) {
            free(names[i]);
            continue;
        }
        const char *fid = strchr(names[i], '/') + 1;
        char *path = join3("/__encrypted__/", fid, "");
        char *full = join3(W->ev->path, "/", names[i]);
        struct stat st;
        int64_t pid, id;
        if (path && full && stat(full, &st) == 0 && S_ISREG(st.st_mode) &&
            (rc = ensure_dir(W, "/__encrypted__", &pid)) == DFT_OK) {
            uint64_t loc;
            rc = add_backing(W->I, full, path, NULL, &loc);
            dft_file_rec r;
            rec_init(&r);
            r.parent_id = pid;
            r.path = path;
            r.name = fid;
            r.type = 'r';
            r.size = (uint64_t)st.st_size;
            r.has_mtime = true;
            r.mtime = st.st_mtime;
            r.source = &W->I->src;
            r.locator = loc;
            char js[200];
            snprintf(js, sizeof js, "{\"fileID\":\"%s\",\"encrypted\":true}", fid);
            r.extra_json = js;
            if (!rc) rc = W->sink->file(W->sink->payload, &r, &id);
        }
        free(path);
        free(full);
        free(names[i]);
    }
    free(names);
    return rc;
}

static char *db_uri(const char *root)
{
    size_t n = strlen(root);
    char *u = malloc(n * 3 + 64), *w = u;
    if (!u) return NULL;
    w += sprintf(w, "file:");
    for (const char *p = root; *p; p++) {
        if (*p == '?' || *p == '#' || *p == '%') w += sprintf(w, "%%%02X", (unsigned char)*p);
        else *w++ = *p;
    }
    strcpy(w, "/Manifest.db?mode=ro&immutable=1");
    return u;
}

static int walk_manifest(iwalk *W)
{
    char *uri = db_uri(W->ev->path);
    if (!uri) return dft_error_set(DFT_ENOMEM, "out of memory");
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int r = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
    free(uri);
    if (r == SQLITE_OK)
        r = sqlite3_prepare_v2(db,
                               "SELECT fileID, domain, relativePath, flags, file FROM Files "
                               "ORDER BY domain, relativePath, fileID",
                               -1, &st, NULL);
    int rc = DFT_OK;
    if (r != SQLITE_OK) {
        warn(W, 0, "Manifest.db unreadable (%s): listing the hashed files without names",
             db ? sqlite3_errmsg(db) : "cannot open");
        rc = list_hashed(W);
    } else {
        size_t rows = 0;
        while (!rc && (r = sqlite3_step(st)) == SQLITE_ROW) {
            if (W->sink->cancelled && W->sink->cancelled(W->sink->payload)) {
                rc = DFT_ECANCELLED;
                break;
            }
            const char *fid = (const char *)sqlite3_column_text(st, 0);
            const char *dom = (const char *)sqlite3_column_text(st, 1);
            const char *rel = (const char *)sqlite3_column_text(st, 2);
            int flags = sqlite3_column_int(st, 3);
            const uint8_t *blob = sqlite3_column_blob(st, 4);
            size_t bl = (size_t)sqlite3_column_bytes(st, 4);
            rc = do_row(W, fid ? fid : "", dom, rel, flags, blob, bl);
            rows++;
        }
        if (!rc && r != SQLITE_DONE)
            warn(W, 0, "Manifest.db read stopped after %zu rows: %s", rows, sqlite3_errmsg(db));
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return rc;
}

static int it_walk(dft_evidence *ev, const dft_walk_sink *sink)
{
    iwalk W = {ev, ev->impl, sink, NULL};
    int rc = dft_strmap_new(&W.ids);
    if (rc) return rc;
    uint8_t *info = NULL, *man = NULL;
    size_t il = 0, ml = 0;
    read_small(ev->path, "Info.plist", &info, &il);
    read_small(ev->path, "Manifest.plist", &man, &ml);
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

static int stream_path(const char *p, dft_block_fn cb, void *payload, uint64_t *bad, char *errbuf, size_t errlen)
{
    uint64_t ignored = 0;
    return dft_file_stream(p, 0, cb, payload, bad ? bad : &ignored, errbuf, errlen);
}

static char *backing_of(itunes *I, uint64_t loc)
{
    pthread_mutex_lock(&I->mu);
    char *p = loc < I->n ? strdup(I->backing[loc]) : NULL;
    pthread_mutex_unlock(&I->mu);
    return p;
}

static int it_stream(dft_source *src, void *tstate, const dft_file_rec *f, dft_block_fn cb, void *payload,
                     uint64_t *bad_bytes, char *errbuf, size_t errbuf_len)
{
    (void)tstate;
    char *p = backing_of(src->impl, f->locator);
    if (!p) {
        snprintf(errbuf, errbuf_len, "no backing file");
        *bad_bytes = f->size;
        return dft_error_set(DFT_ENOTFOUND, "no backing file for %s", f->path);
    }
    int rc = stream_path(p, cb, payload, bad_bytes, errbuf, errbuf_len);
    free(p);
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
    char *p = backing_of(I, (uint64_t)loc);
    rc = p ? stream_path(p, cb, payload, NULL, NULL, 0) : dft_error_set(DFT_ENOTFOUND, "%s not in the backup", path);
    free(p);
    return rc;
}

static void it_close(dft_evidence *ev)
{
    itunes *I = ev->impl;
    if (!I) return;
    for (size_t i = 0; i < I->n; i++) free(I->backing[i]);
    free(I->backing);
    dft_strmap_free(I->bymap);
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
    char *m = join3(ev->path, "/", "Manifest.db");
    int ok = m && access(m, R_OK) == 0;
    free(m);
    if (!ok) return dft_error_set(DFT_ENOTFOUND, "%s: no readable Manifest.db", ev->path);
    itunes *I = calloc(1, sizeof *I);
    if (!I || dft_strmap_new(&I->bymap)) {
        free(I);
        return dft_error_set(DFT_ENOMEM, "out of memory for an iTunes backup");
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
