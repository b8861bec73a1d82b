/*
 * content.c - the plugin-facing side of the pipeline: dft_content (materialised bytes, a private
 * on-disk copy with siblings beside it), dft_scan, and the dft_emit_* calls that copy rows into the
 * current file's item for the writer.
 *
 * Private copies live in the worker's 0700 temp directory, one sub-directory per scan, removed
 * when the scan returns; the plugin may write there (SQLite creates -shm files), never elsewhere.
 */
#include "pipeline_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "fileio.h"
#include "parsers/textenc.h"
#include "registry.h"
#include "tempdir.h"
#include "timefmt.h"

struct dft_content {
    scan_input *in;
    dft_scan *scan;
    char *dir;          /* per-scan private directory, made on first need */
    char *path;         /* the copy of the file inside dir */
    char *work;         /* dft_content_workdir(), inside dir */
    unsigned n_sib;     /* sub-directories made by dft_content_sibling */
    unsigned n_extra;
    char **extra;       /* strings handed out by dft_content_sibling, freed after the scan */
};

/* ---- content --------------------------------------------------------------------------------- */

const uint8_t *dft_content_bytes(const dft_content *c, size_t *len)
{
    *len = c->in->bytes ? c->in->len : c->in->file->size;
    return c->in->bytes ? c->in->bytes : NULL;
}

const char *dft_content_encoding(const dft_content *c, size_t *bom)
{
    *bom = 0;
    if (!c->in->bytes) return NULL;
    text_memo *m = c->in->memo;
    if (!m) return dft_textenc_detect(c->in->bytes, c->in->len, bom);
    if (!m->encoding) m->encoding = dft_textenc_detect(c->in->bytes, c->in->len, &m->bom);
    *bom = m->bom;
    return m->encoding;
}

/* A file name safe to create in our directory: no '/', no leading dot-dot tricks. */
static void safe_name(char *out, size_t cap, const char *name)
{
    size_t n = 0;
    for (const char *p = name; *p && n + 1 < cap; p++) out[n++] = (*p == '/' || *p == ':') ? '_' : *p;
    out[n] = '\0';
    if (n == 0 || strcmp(out, ".") == 0 || strcmp(out, "..") == 0) snprintf(out, cap, "file");
}

static int make_dir(dft_content *c)
{
    if (c->dir) return DFT_OK;
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/s%llu", c->in->w->tmp, (unsigned long long)c->in->w->scratch_seq++);
    if (mkdir(dir, 0700) != 0) return dft_error_set(DFT_EIO, "cannot create %s: %s", dir, strerror(errno));
    c->dir = strdup(dir);
    return c->dir ? DFT_OK : dft_error_set(DFT_ENOMEM, "out of memory");
}

static int write_cb(void *payload, uint64_t offset, const uint8_t *data, size_t len)
{
    (void)offset;
    return dft_write_all(*(int *)payload, data, len);
}

/* Each scan gets its own copy, never a hard link to a copy another plugin sees: a plugin that writes its
 * copy (SQLite checkpoints a WAL into the main file when it closes a read-write connection) must not
 * change what the next plugin reads. A reflink (FICLONE) shares the blocks copy-on-write where the
 * file system can; else the bytes are copied in the kernel. */
static int copy_file(const char *from, const char *to)
{
    int in = open(from, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (in < 0) return dft_error_set(DFT_EIO, "cannot open %s: %s", from, strerror(errno));
    int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (out < 0) {
        int err = errno;
        close(in);
        return dft_error_set(DFT_EIO, "cannot create %s: %s", to, strerror(err));
    }
    int rc = DFT_OK;
    if (ioctl(out, FICLONE, in) != 0) {
        for (;;) {
            ssize_t n = copy_file_range(in, NULL, out, NULL, 1 << 30, 0);
            if (n > 0) continue;
            if (n == 0) break;
            if (errno == EINTR) continue;
            /* no copy_file_range across these files: copy through user space */
            if (lseek(in, 0, SEEK_SET) != 0 || ftruncate(out, 0) != 0 || lseek(out, 0, SEEK_SET) != 0) {
                rc = dft_error_set(DFT_EIO, "copying %s: %s", from, strerror(errno));
                break;
            }
            rc = dft_file_stream(from, 0, write_cb, &out, NULL, NULL, 0);
            break;
        }
    }
    close(in);
    if (close(out) != 0 && rc == DFT_OK) rc = dft_error_set(DFT_EIO, "writing %s: %s", to, strerror(errno));
    if (rc) unlink(to);
    return rc;
}

/* ---- reading a file of the index again -------------------------------------------------------- */

typedef struct reread_sink {
    int fd;
    EVP_MD_CTX *sha256;          /* only when the caller wants the SHA-256 (a sibling's): no digest else */
    uint64_t total;
    int write_rc;
} reread_sink;

static int reread_cb(void *payload, uint64_t offset, const uint8_t *data, size_t len)
{
    (void)offset;
    reread_sink *x = payload;
    if (x->sha256) EVP_DigestUpdate(x->sha256, data, len);
    x->total += len;
    int rc = dft_write_all(x->fd, data, len);
    if (rc) x->write_rc = rc;
    return rc;
}

/* Streams len bytes of path from off (a kept member inside a pack file, or a whole spill file). */
static int read_range(const char *path, uint64_t off, uint64_t len, dft_block_fn cb, void *payload, uint64_t *bad,
                      char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "cannot open the kept copy: %s", strerror(errno));
        *bad += len;
        return DFT_EIO;
    }
    uint8_t *buf = malloc(65536);
    int rc = buf ? DFT_OK : dft_error_set(DFT_ENOMEM, "out of memory");
    uint64_t done = 0;
    while (rc == DFT_OK && done < len) {
        size_t want = len - done < 65536 ? (size_t)(len - done) : 65536;
        ssize_t n = pread(fd, buf, want, (off_t)(off + done));
        if (n <= 0) {
            snprintf(err, errlen, "kept copy ends %llu bytes early", (unsigned long long)(len - done));
            *bad += len - done;
            rc = DFT_EIO;
            break;
        }
        rc = cb(payload, done, buf, (size_t)n);
        done += (uint64_t)n;
    }
    free(buf);
    close(fd);
    return rc;
}

int content_reread(worker *w, const dft_file_rec *r, const char *dest, char sha256[65], bool *complete, char *why,
                   size_t why_len)
{
    *complete = false;
    if (why_len) why[0] = '\0';
    bool random = r->source && r->source->stream && !r->source->sequential;
    if (!r->kept_path && !random && r->content_partial) {
        /* a member of which no byte could be read (truncated container): an empty, incomplete copy */
        int fd = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0) return dft_error_set(DFT_EIO, "cannot create %s: %s", dest, strerror(errno));
        close(fd);
        if (sha256) dft_sha256_hex(sha256, "", 0);
        if (why_len) snprintf(why, why_len, "unreadable in the container");
        return DFT_OK;
    }
    if (!r->kept_path && !random)
        return dft_error_set(DFT_EIO, "%s: its content was not retained by the sequential container", r->path);
    void *ts = NULL;
    if (!r->kept_path) {
        int rc = worker_tstate(w, r->source, &ts);
        if (rc) return rc;
    }
    reread_sink x = { .fd = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600) };
    if (x.fd < 0) return dft_error_set(DFT_EIO, "cannot create %s: %s", dest, strerror(errno));
    if (sha256 && (!(x.sha256 = EVP_MD_CTX_new()) || EVP_DigestInit_ex(x.sha256, EVP_sha256(), NULL) != 1)) {
        EVP_MD_CTX_free(x.sha256);
        close(x.fd);
        return dft_error_set(DFT_ENOMEM, "SHA-256 context");
    }
    uint64_t bad = 0;
    char err[256] = "";
    int rc = r->kept_path ? read_range(r->kept_path, r->kept_offset, r->size, reread_cb, &x, &bad, err, sizeof err)
                          : r->source->stream(r->source, ts, r, reread_cb, &x, &bad, err, sizeof err);
    close(x.fd);
    if (x.sha256) {
        unsigned char md[32];
        unsigned int n = 0;
        EVP_DigestFinal_ex(x.sha256, md, &n);
        EVP_MD_CTX_free(x.sha256);
        for (unsigned i = 0; i < 32; i++) snprintf(sha256 + 2 * i, 3, "%02x", md[i]);
    }
    if (x.write_rc) return x.write_rc;
    if (rc && !x.total && !bad && r->size) {
        /* nothing at all could be read */
        if (!err[0]) snprintf(err, sizeof err, "%s", dft_error_last());
        return dft_error_set(DFT_EIO, "%s: unreadable: %s", r->path, err);
    }
    *complete = rc == DFT_OK && bad == 0 && x.total >= r->size && !r->content_partial;
    if (!*complete && why_len) {
        if (bad) snprintf(why, why_len, "%llu unreadable bytes%s%s", (unsigned long long)bad, err[0] ? ": " : "", err);
        else if (err[0]) snprintf(why, why_len, "%s", err);
        else if (r->content_partial) snprintf(why, why_len, "partly unreadable in the container");
        else snprintf(why, why_len, "%llu of %llu bytes read", (unsigned long long)x.total,
                      (unsigned long long)r->size);
    }
    return DFT_OK;
}

/* ---- the file view ------------------------------------------------------------------------------ */

void content_fill_file(dft_file *f, struct dft_pipeline *p, int64_t id, const dft_file_rec *r, char *tbuf)
{
    *f = DFT_INIT(dft_file);
    f->id = id;
    f->evidence_id = p->evidence_id;
    f->filesystem_id = r->filesystem_id;
    f->parent_id = r->parent_id;
    f->path = r->path;
    f->name = r->name;
    f->device_path = r->device_path ? r->device_path : r->path;
    f->archive_path = r->archive_path;
    f->mime = "";
    f->magic = "";
    f->size = r->size;
    f->meta_addr = r->meta_addr;
    f->type = r->type;
    f->allocated = r->allocated;
    f->hash_status = "pending";
    f->derived_from = r->derived_from;
    f->transform = r->transform;
    f->media_offset = r->from_region ? (int64_t)r->media_offset : -1;
    f->derivation = r->derivation;
    struct { bool has; int64_t s; uint32_t ns; const char **out; } t[4] = {
        { r->has_mtime, r->mtime, r->mtime_ns, &f->mtime }, { r->has_atime, r->atime, r->atime_ns, &f->atime },
        { r->has_ctime, r->ctime, r->ctime_ns, &f->ctime }, { r->has_crtime, r->crtime, r->crtime_ns, &f->crtime } };
    for (int i = 0; i < 4; i++)
        if (t[i].has) {
            dft_time_format(tbuf + i * DFT_TIME_LEN, t[i].s, t[i].ns);
            *t[i].out = tbuf + i * DFT_TIME_LEN;
        }
    f->evidence = &p->ev_view;
}

/* ---- lookups ------------------------------------------------------------------------------------ */

/* Keeps a string until the scan returns. */
static const char *keep_str(dft_content *c, const char *s)
{
    char **grown = realloc(c->extra, (c->n_extra + 1) * sizeof *grown);
    if (!grown) return NULL;
    c->extra = grown;
    c->extra[c->n_extra] = strdup(s);
    return c->extra[c->n_extra] ? c->extra[c->n_extra++] : NULL;
}

/* Lookups see every file in a postponed scan, else only those reported before this one. */
static int64_t visible_below(const dft_content *c)
{
    return c->in->postponed ? INT64_MAX : c->in->file->id;
}

/* The directory relative lookups start from: the scanned directory itself, or the file's directory. */
static void base_dir(const dft_content *c, char *out, size_t cap)
{
    const dft_file *f = c->in->file;
    const char *dev = f->device_path ? f->device_path : f->path;
    if (f->type == 'd') {
        snprintf(out, cap, "%s", dev);
        return;
    }
    const char *sl = strrchr(dev, '/');
    if (!sl) snprintf(out, cap, "/");
    else if (sl == dev) snprintf(out, cap, "/");
    else snprintf(out, cap, "%.*s", (int)(sl - dev), dev);
}

/* Resolves a lookup argument ("-wal", "wa.db", "../files/key", "/data/...") to a canonical device path in
 * want; *same_dir is set when it names a file of the scanned file's own directory. */
static int resolve_arg(const dft_content *c, const char *arg, char *want, size_t cap, bool *same_dir)
{
    const dft_file *f = c->in->file;
    if (!f->path || f->id <= 0)
        return dft_error_set(DFT_ENOTFOUND, "no file to look up from (content of unallocated space or slack)");
    char base[4200], basec[4200], rel[4400];
    base_dir(c, base, sizeof base);
    if (!arg || !arg[0]) return dft_error_set(DFT_ENOTFOUND, "empty path");
    /* a suffix extends the last component of the device path (a UFDR may store the file under
     * another local name than its device path's) */
    const char *dev = f->device_path ? f->device_path : f->path;
    const char *last = strrchr(dev, '/') ? strrchr(dev, '/') + 1 : dev;
    if (arg[0] == '-') snprintf(rel, sizeof rel, "%s%s", *last ? last : f->name, arg);
    else snprintf(rel, sizeof rel, "%s", arg);
    if (!dft_fileindex_resolve(base, rel, want, cap) || !dft_fileindex_resolve(base, ".", basec, sizeof basec))
        return dft_error_set(DFT_ENOTFOUND, "%s: outside the evidence item (from %s)", arg, base);
    const char *sl = strrchr(want, '/');
    size_t dl = sl ? (size_t)(sl - want) : 0;
    *same_dir = f->type != 'd' && ((dl == 0 && strcmp(basec, "/") == 0) || (strlen(basec) == dl && strncmp(want, basec, dl) == 0));
    return DFT_OK;
}

/* Finds a regular file by lookup argument. Same-directory lookups keep the scanned file's allocation
 * state, so a deleted msgstore.db is never paired with the live msgstore.db-wal of its successor. */
static int find_sibling(const dft_content *c, const char *arg, dft_fileindex_entry *e, char *want, size_t cap)
{
    bool same_dir;
    int rc = resolve_arg(c, arg, want, cap, &same_dir);
    if (rc) return rc;
    const dft_file *f = c->in->file;
    dft_fix_state st = same_dir ? (f->allocated ? DFT_FIX_ALLOCATED : DFT_FIX_DELETED) : DFT_FIX_ANY;
    if (dft_fileindex_find(c->in->w->p->index, want, st, visible_below(c), e) != DFT_OK) {
        if (same_dir && dft_fileindex_find(c->in->w->p->index, want, DFT_FIX_ANY, visible_below(c), e) == DFT_OK)
            return dft_error_set(DFT_ENOTFOUND, "no %s file %s beside %s (only a %s one, not paired)",
                                 f->allocated ? "allocated" : "deleted", want, f->path,
                                 e->allocated ? "allocated" : "deleted");
        return dft_error_set(DFT_ENOTFOUND, "no file %s (looked up from %s)", want, f->path);
    }
    if (e->type != 'r')
        return dft_error_set(DFT_ENOTFOUND, "%s (files.id %lld) is not a regular file", want, (long long)e->id);
    return DFT_OK;
}

/* Copies entry e into dest; a partly unreadable copy is recorded as a warning naming it. */
static int copy_entry(dft_content *c, const dft_fileindex_entry *e, const char *dest, char sha256[65], bool *complete)
{
    dft_file_rec r;
    dft_fileindex_rec(e, &r);
    char why[300];
    const char *plugin = c->scan->entry->plugin->name;
    int rc = content_reread(c->in->w, &r, dest, sha256, complete, why, sizeof why);
    if (rc) {
        char msg[1200];
        snprintf(msg, sizeof msg, "sibling %s (files.id %lld) of %s: %s", e->device_path, (long long)e->id,
                 c->in->file->path, dft_error_last());
        item_add_warning(c->in->it, plugin, -1, msg);
        unlink(dest);
        return dft_error_set(rc, "%s", msg);
    }
    if (!*complete) {
        char msg[1200];
        snprintf(msg, sizeof msg, "sibling %s (files.id %lld) of %s is incomplete: %s", e->device_path,
                 (long long)e->id, c->in->file->path, why);
        item_add_warning(c->in->it, plugin, -1, msg);
    }
    return DFT_OK;
}

const char *dft_content_path(const dft_content *cc)
{
    dft_content *c = (dft_content *)cc;
    if (c->path) return c->path;
    if (c->in->file->type == 'd') {
        dft_error_set(DFT_ENOTFOUND, "%s is a directory: it has no content (list it with dft_content_list)",
                      c->in->file->path);
        return NULL;
    }
    if (make_dir(c)) return NULL;
    char name[256], path[4600];
    safe_name(name, sizeof name, c->in->file->name);
    snprintf(path, sizeof path, "%s/%s", c->dir, name);
    int rc;
    if (c->in->path) {
        /* the last reader takes the copy (same private tree): every other scan gets its own copy */
        rc = c->in->path_last && rename(c->in->path, path) == 0 ? DFT_OK : copy_file(c->in->path, path);
    } else {
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        rc = fd < 0 ? dft_error_set(DFT_EIO, "cannot create %s: %s", path, strerror(errno))
                    : write_cb(&fd, 0, c->in->bytes, c->in->len);
        if (fd >= 0) close(fd);
    }
    if (rc) return NULL;
    c->path = strdup(path);
    const char *const *sib = c->scan->entry->plugin->siblings;
    for (size_t i = 0; sib && sib[i]; i++) {
        char sname[300], spath[4700], want[4200], safe[300];
        if (sib[i][0] == '-') snprintf(sname, sizeof sname, "%s%s", c->in->file->name, sib[i]);
        else snprintf(sname, sizeof sname, "%s", sib[i]);
        safe_name(safe, sizeof safe, sname);
        if (strcmp(safe, name) == 0) continue;
        snprintf(spath, sizeof spath, "%s/%s", c->dir, safe);
        dft_fileindex_entry e;
        bool complete;
        /* a missing sibling is normal (no WAL); an unreadable one is a warning (copy_entry) */
        if (find_sibling(c, sib[i][0] == '-' ? sib[i] : sname, &e, want, sizeof want) == DFT_OK)
            copy_entry(c, &e, spath, NULL, &complete);
    }
    dft_error_clear();
    return c->path;
}

const char *dft_content_workdir(const dft_content *cc)
{
    dft_content *c = (dft_content *)cc;
    if (c->work) return c->work;
    if (make_dir(c)) return NULL;
    char dir[4300];
    snprintf(dir, sizeof dir, "%s/.work", c->dir);
    if (mkdir(dir, 0700) != 0) {
        dft_error_set(DFT_EIO, "cannot create %s: %s", dir, strerror(errno));
        return NULL;
    }
    c->work = strdup(dir);
    if (!c->work) dft_error_set(DFT_ENOMEM, "out of memory");
    return c->work;
}

int dft_content_sibling(const dft_content *cc, const char *path_arg, dft_sibling *out)
{
    dft_content *c = (dft_content *)cc;
    if (!out || out->struct_size < offsetof(dft_sibling, path) + sizeof out->path)
        return dft_error_set(DFT_ERROR, "dft_content_sibling: out needs struct_size (DFT_INIT(dft_sibling))");
    dft_fileindex_entry e;
    char want[4200];
    int rc = find_sibling(c, path_arg, &e, want, sizeof want);
    if (rc) return rc;
    if ((rc = make_dir(c))) return rc;
    /* each lookup gets its own sub-directory, so the copy keeps its own name */
    char sub[4300], dest[4600], safe[256];
    snprintf(sub, sizeof sub, "%s/.sib%u", c->dir, c->n_sib++);
    if (mkdir(sub, 0700) != 0) return dft_error_set(DFT_EIO, "cannot create %s: %s", sub, strerror(errno));
    safe_name(safe, sizeof safe, e.name);
    snprintf(dest, sizeof dest, "%s/%s", sub, safe);
    char sha[65];
    bool complete;
    if ((rc = copy_entry(c, &e, dest, sha, &complete))) return rc;
    dft_sibling s = DFT_INIT(dft_sibling);
    s.file_id = e.id;
    s.path = keep_str(c, dest);
    s.device_path = e.device_path;
    s.size = e.size;
    s.allocated = e.allocated;
    s.complete = complete;
    s.sha256 = keep_str(c, sha);
    if (!s.path || !s.sha256) return dft_error_set(DFT_ENOMEM, "out of memory");
    /* fill only what the plugin's struct holds (plugin.h: ABI growth) */
    uint32_t size = out->struct_size < sizeof s ? out->struct_size : (uint32_t)sizeof s;
    memcpy((char *)out + sizeof out->struct_size, (const char *)&s + sizeof s.struct_size, size - sizeof s.struct_size);
    return DFT_OK;
}

typedef struct dirent_adapter {
    dft_dirent_fn cb;
    void *payload;
} dirent_adapter;

static int dirent_cb(void *payload, const dft_fileindex_entry *e)
{
    dirent_adapter *a = payload;
    dft_dirent d = DFT_INIT(dft_dirent);
    d.file_id = e->id;
    d.name = e->name;
    d.device_path = e->device_path;
    d.type = e->type;
    d.allocated = e->allocated;
    d.size = e->size;
    return a->cb(a->payload, &d);
}

int dft_content_list(const dft_content *c, const char *dir, dft_dirent_fn cb, void *payload)
{
    const dft_file *f = c->in->file;
    int64_t dir_id;
    if (!dir || strcmp(dir, ".") == 0) {
        dir_id = f->type == 'd' ? f->id : f->parent_id;
    } else {
        char want[4200];
        bool same_dir;
        int rc = resolve_arg(c, dir, want, sizeof want, &same_dir);
        if (rc) return rc;
        dft_fileindex_entry e;
        if (dft_fileindex_find(c->in->w->p->index, want, DFT_FIX_ANY, visible_below(c), &e) != DFT_OK)
            return dft_error_set(DFT_ENOTFOUND, "no directory %s (looked up from %s)", want, f->path);
        if (e.type != 'd') return dft_error_set(DFT_ENOTFOUND, "%s is not a directory", want);
        dir_id = e.id;
    }
    if (!dir_id) return dft_error_set(DFT_ENOTFOUND, "%s has no parent directory in the evidence", f->path);
    dirent_adapter a = { cb, payload };
    return dft_fileindex_children(c->in->w->p->index, dir_id, visible_below(c), dirent_cb, &a);
}

int dft_content_glob(const dft_content *c, const char *pattern, dft_dirent_fn cb, void *payload)
{
    if (!pattern) return dft_error_set(DFT_ERROR, "dft_content_glob: no pattern");
    dirent_adapter a = { cb, payload };
    return dft_fileindex_glob(c->in->w->p->index, pattern, visible_below(c), dirent_cb, &a);
}

int dft_content_lookup(const dft_content *c, const char *path, dft_dirent *out)
{
    if (!path || !out) return dft_error_set(DFT_ERROR, "dft_content_lookup: no path");
    char want[4200];
    bool same_dir;
    int rc = resolve_arg(c, path, want, sizeof want, &same_dir);
    if (rc) return rc;
    dft_fileindex_entry e;
    if (dft_fileindex_find(c->in->w->p->index, want, DFT_FIX_ANY, visible_below(c), &e) != DFT_OK)
        return dft_error_set(DFT_ENOTFOUND, "no file %s in the evidence", want);
    dft_dirent d = DFT_INIT(dft_dirent);
    d.file_id = e.id;
    d.name = e.name;
    d.device_path = e.device_path;
    d.type = e.type;
    d.allocated = e.allocated;
    d.size = e.size;
    uint32_t size = out->struct_size < sizeof d ? out->struct_size : (uint32_t)sizeof d;
    if (size < sizeof d.struct_size) return dft_error_set(DFT_ERROR, "dft_content_lookup: struct_size not set");
    memcpy((char *)out + sizeof out->struct_size, (const char *)&d + sizeof d.struct_size, size - sizeof d.struct_size);
    return DFT_OK;
}

/* ---- the scan's view of the file and the evidence item -------------------------------------- */

const char *dft_scan_evidence_meta(const dft_scan *s, const char *key)
{
    if (!s || !s->w || !key) return NULL;
    struct dft_pipeline *p = s->w->p;
    const char *v = NULL;
    pthread_mutex_lock(&p->mu);
    for (const meta_kv *kv = p->meta; kv && !v; kv = kv->next)
        if (strcmp(kv->key, key) == 0) v = kv->value;
    pthread_mutex_unlock(&p->mu);
    return v;
}

int content_run_plugin(scan_input *in, size_t plugin_index)
{
    return content_run_plugin_in(in, plugin_index, NULL);
}

const char *content_workdir_of(const dft_scan *s)
{
    return s->content ? s->content->work : NULL;
}

int content_run_plugin_in(scan_input *in, size_t plugin_index, const dft_scan *ctx)
{
    const dft_registry_entry *e = dft_registry_at(plugin_index);
    dft_scan *s = scan_new(in->w, in->it, in->file, plugin_index);
    if (!s) { /* out of memory, or the plugin's thread_init failed: the file says so */
        item_add_warning(in->it, e->plugin->name, -1, dft_error_last());
        return DFT_ERROR;
    }
    s->rec = in->rec;
    if (ctx) {
        s->depth = ctx->depth;
        s->decoded_path = ctx->decoded_path;
        s->offset_base = ctx->offset_base;
        s->about = ctx->about;
    }
    dft_content c = { .in = in, .scan = s };
    s->content = &c;
    /* A nested scan (decoded content emitted from inside another plugin's scan) must not wipe the
     * caller's pending message: a plugin may set its error, emit its last block, then return it. */
    char *outer = ctx && *dft_error_last() ? strdup(dft_error_last()) : NULL;
    dft_error_clear();
    int rc = e->plugin->scan(s, in->file, &c);
    if (rc) {
        char msg[1200];
        snprintf(msg, sizeof msg, "plugin %s on %s: %s: %s", e->plugin->name,
                 s->decoded_path ? s->decoded_path : in->file->path, dft_error_name(rc), dft_error_last());
        item_add_warning(in->it, e->plugin->name, -1, msg);
        atomic_fetch_add(&in->w->p->n_warnings, 1);
    }
    if (outer) {
        dft_error_set(DFT_ERROR, "%s", outer);
        free(outer);
    }
    if (c.dir) dft_tempdir_remove(c.dir);
    for (unsigned i = 0; i < c.n_extra; i++) free(c.extra[i]);
    free(c.extra);
    free(c.work);
    free(c.dir);
    free(c.path);
    scan_free(s);
    return rc;
}
