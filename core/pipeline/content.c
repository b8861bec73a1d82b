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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "registry.h"
#include "tempdir.h"

struct dft_content {
    scan_input *in;
    dft_scan *scan;
    char *dir;          /* per-scan private directory, made on first need */
    char *path;         /* the copy of the file inside dir */
    unsigned n_extra;   /* counter for sibling names that collide */
    char **extra;       /* paths handed out by dft_content_sibling, freed after the scan */
};

/* ---- content --------------------------------------------------------------------------------- */

const uint8_t *dft_content_bytes(const dft_content *c, size_t *len)
{
    *len = c->in->bytes ? c->in->len : c->in->file->size;
    return c->in->bytes ? c->in->bytes : NULL;
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

static int copy_file(const char *from, const char *to)
{
    if (link(from, to) == 0) return DFT_OK; /* same private temp tree: no copy needed */
    int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (out < 0) return dft_error_set(DFT_EIO, "cannot create %s: %s", to, strerror(errno));
    int rc = dft_file_stream(from, 0, write_cb, &out, NULL, NULL, 0);
    close(out);
    return rc;
}

/* Fetches a sibling through the file's source into dest. DFT_ENOTFOUND when there is none. */
static int fetch_sibling(dft_content *c, const char *rel, const char *dest)
{
    const dft_file_rec *r = c->in->rec;
    if (!r->source || !r->source->sibling) return DFT_ENOTFOUND;
    void *ts;
    int rc = worker_tstate(c->in->w, r->source, &ts);
    if (rc) return rc;
    int fd = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return dft_error_set(DFT_EIO, "cannot create %s: %s", dest, strerror(errno));
    rc = r->source->sibling(r->source, ts, r, rel, write_cb, &fd);
    close(fd);
    if (rc) unlink(dest);
    return rc;
}

const char *dft_content_path(const dft_content *cc)
{
    dft_content *c = (dft_content *)cc;
    if (c->path) return c->path;
    if (make_dir(c)) return NULL;
    char name[256], path[4600];
    safe_name(name, sizeof name, c->in->file->name);
    snprintf(path, sizeof path, "%s/%s", c->dir, name);
    int rc;
    if (c->in->path) {
        rc = copy_file(c->in->path, path);
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
        char sname[300], spath[4700];
        if (sib[i][0] == '-') snprintf(sname, sizeof sname, "%s%s", c->in->file->name, sib[i]);
        else snprintf(sname, sizeof sname, "%s", sib[i]);
        char safe[300];
        safe_name(safe, sizeof safe, sname);
        snprintf(spath, sizeof spath, "%s/%s", c->dir, safe);
        if (strcmp(safe, name) == 0) continue;
        int src = fetch_sibling(c, sname, spath);
        if (src && src != DFT_ENOTFOUND)
            item_add_warning(c->in->it, c->scan->entry->plugin->name, -1, dft_error_last());
    }
    return c->path;
}

int dft_content_sibling(const dft_content *cc, const char *path_arg, dft_sibling *out)
{
    char suffixed[4200];
    const char *relpath = path_arg;
    if (path_arg[0] == '-') {
        snprintf(suffixed, sizeof suffixed, "%s%s", cc->in->file->name, path_arg);
        relpath = suffixed;
    }
    const char **out_path = &out->path;
    dft_content *c = (dft_content *)cc;
    int rc = make_dir(c);
    if (rc) return rc;
    const char *base = strrchr(relpath, '/');
    char name[256], path[4600];
    safe_name(name, sizeof name, base ? base + 1 : relpath);
    snprintf(path, sizeof path, "%s/%s", c->dir, name);
    if (access(path, F_OK) == 0) snprintf(path, sizeof path, "%s/%u_%s", c->dir, c->n_extra + 1, name);
    rc = fetch_sibling(c, relpath, path);
    if (rc == DFT_ENOTFOUND) return dft_error_set(DFT_ENOTFOUND, "no file %s beside %s", relpath, c->in->file->path);
    if (rc) return rc;
    /* the path must live until the scan returns */
    char **grown = realloc(c->extra, (c->n_extra + 2) * sizeof *grown);
    if (!grown) return dft_error_set(DFT_ENOMEM, "out of memory");
    c->extra = grown;
    c->extra[c->n_extra] = strdup(path);
    c->extra[c->n_extra + 1] = NULL;
    *out_path = c->extra[c->n_extra++];
    return *out_path ? DFT_OK : dft_error_set(DFT_ENOMEM, "out of memory");
}

int content_run_plugin(scan_input *in, size_t plugin_index)
{
    return content_run_plugin_in(in, plugin_index, NULL);
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
    dft_error_clear();
    int rc = e->plugin->scan(s, in->file, &c);
    if (rc) {
        char msg[1200];
        snprintf(msg, sizeof msg, "plugin %s on %s: %s: %s", e->plugin->name,
                 s->decoded_path ? s->decoded_path : in->file->path, dft_error_name(rc), dft_error_last());
        item_add_warning(in->it, e->plugin->name, -1, msg);
        atomic_fetch_add(&in->w->p->n_warnings, 1);
    }
    if (c.dir) dft_tempdir_remove(c.dir);
    for (unsigned i = 0; i < c.n_extra; i++) free(c.extra[i]);
    free(c.extra);
    free(c.dir);
    free(c.path);
    scan_free(s);
    return rc;
}
