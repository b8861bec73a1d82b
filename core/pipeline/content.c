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

struct dft_scan {
    worker *w;
    item *it;
    const dft_file *file;
    const dft_registry_entry *entry;
};

struct dft_content {
    scan_input *in;
    dft_scan *scan;
    char *dir;          /* per-scan private directory, made on first need */
    char *path;         /* the copy of the file inside dir */
    unsigned n_extra;   /* counter for sibling names that collide */
    char **extra;       /* paths handed out by dft_content_sibling, freed after the scan */
};

dft_scan *scan_new(worker *w, item *it, const dft_file *file, size_t plugin_index)
{
    dft_scan *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->w = w;
    s->it = it;
    s->file = file;
    s->entry = dft_registry_at(plugin_index);
    return s;
}

void scan_free(dft_scan *s) { free(s); }

/* the file watchdog, or the whole run stopping (SIGINT/SIGTERM, a failed writer) */
bool dft_scan_cancelled(const dft_scan *s) { return worker_cancelled(s->w) || pipeline_stopping(s->w->p); }

void *dft_scan_state(const dft_scan *s) { return s->entry ? s->entry->state : NULL; }

/* ---- rows ------------------------------------------------------------------------------------ */

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

static int append_row(item *it, row *r)
{
    *it->rows_tail = r;
    it->rows_tail = &r->next;
    return DFT_OK;
}

int item_add_finding(item *it, const char *plugin, const dft_finding *f)
{
    row *r = calloc(1, sizeof *r);
    if (!r) return dft_error_set(DFT_ENOMEM, "out of memory for a finding");
    r->kind = ROW_FINDING;
    r->plugin = plugin;
    r->u.finding = *f;
    r->u.finding.kind = dup_or_null(f->kind ? f->kind : "unknown");
    r->u.finding.subkind = dup_or_null(f->subkind);
    r->u.finding.value = dup_or_null(f->value);
    r->u.finding.details = dup_or_null(f->details);
    return append_row(it, r);
}

int item_add_warning(item *it, const char *plugin, int64_t offset, const char *msg)
{
    dft_finding f = { .kind = "evidence.warning", .subkind = plugin, .value = msg, .offset = offset,
                      .length = -1, .confidence = 1.0 };
    return item_add_finding(it, plugin, &f);
}

int dft_emit_finding(dft_scan *s, const dft_finding *f)
{
    atomic_fetch_add(&s->w->p->n_findings, 1);
    return item_add_finding(s->it, s->entry->plugin->name, f);
}

int dft_emit_warning(dft_scan *s, int64_t offset, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    atomic_fetch_add(&s->w->p->n_warnings, 1);
    return item_add_warning(s->it, s->entry->plugin->name, offset, msg);
}

static row *new_row(dft_scan *s, int kind)
{
    row *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->kind = kind;
    r->plugin = s->entry->plugin->name;
    atomic_fetch_add(&s->w->p->n_rows, 1);
    return r;
}

int dft_emit_message(dft_scan *s, const dft_message *m)
{
    row *r = new_row(s, ROW_MESSAGE);
    if (!r) return dft_error_set(DFT_ENOMEM, "out of memory for a message");
    dft_message *c = &r->u.message;
    *c = *m;
    c->app = dup_or_null(m->app); c->account = dup_or_null(m->account); c->thread = dup_or_null(m->thread);
    c->sender = dup_or_null(m->sender); c->recipient = dup_or_null(m->recipient);
    c->direction = dup_or_null(m->direction); c->sent_utc = dup_or_null(m->sent_utc);
    c->body = dup_or_null(m->body); c->attachment = dup_or_null(m->attachment); c->source = dup_or_null(m->source);
    return append_row(s->it, r);
}

int dft_emit_contact(dft_scan *s, const dft_contact *m)
{
    row *r = new_row(s, ROW_CONTACT);
    if (!r) return dft_error_set(DFT_ENOMEM, "out of memory for a contact");
    dft_contact *c = &r->u.contact;
    c->app = dup_or_null(m->app); c->name = dup_or_null(m->name);
    c->phone = dup_or_null(m->phone); c->handle = dup_or_null(m->handle);
    return append_row(s->it, r);
}

int dft_emit_wallet(dft_scan *s, const dft_wallet *m)
{
    row *r = new_row(s, ROW_WALLET);
    if (!r) return dft_error_set(DFT_ENOMEM, "out of memory for a wallet");
    dft_wallet *c = &r->u.wallet;
    c->kind = dup_or_null(m->kind); c->chain = dup_or_null(m->chain);
    c->encrypted = m->encrypted; c->details = dup_or_null(m->details);
    return append_row(s->it, r);
}

int dft_emit_person(dft_scan *s, const dft_person *m)
{
    row *r = new_row(s, ROW_PERSON);
    if (!r) return dft_error_set(DFT_ENOMEM, "out of memory for a person");
    dft_person *c = &r->u.person;
    c->role = dup_or_null(m->role ? m->role : "unknown"); c->name = dup_or_null(m->name);
    c->phone = dup_or_null(m->phone); c->nationality = dup_or_null(m->nationality);
    c->passport = dup_or_null(m->passport); c->amount = dup_or_null(m->amount);
    c->details = dup_or_null(m->details);
    return append_row(s->it, r);
}

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

int dft_content_sibling(const dft_content *cc, const char *relpath, const char **out_path)
{
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
    const dft_registry_entry *e = dft_registry_at(plugin_index);
    dft_scan *s = scan_new(in->w, in->it, in->file, plugin_index);
    if (!s) return dft_error_set(DFT_ENOMEM, "out of memory");
    dft_content c = { .in = in, .scan = s };
    dft_error_clear();
    int rc = e->plugin->scan(s, in->file, &c);
    if (rc) {
        char msg[1200];
        snprintf(msg, sizeof msg, "plugin %s on %s: %s: %s", e->plugin->name, in->file->path, dft_error_name(rc),
                 dft_error_last());
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
