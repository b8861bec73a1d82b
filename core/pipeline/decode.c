/*
 * decode.c - decoded content and derived files (plugin.h dft_emit_decoded, dft_emit_derived).
 *
 * Decoded content (bulk_extractor's "recurse" with its forensic path): bytes a plugin decoded go at once,
 * on the calling worker, to the plugins that claim content of any kind (DFT_CLAIM_ALL), decoded content
 * (DFT_CLAIM_DECODED by name), or its type (MIME, name, extension). Path claims and wants() are not
 * asked: they describe files of the evidence, and the decoded bytes are not one. A plugin is offered its own
 * output (a gzip inside a gzip), except output of the same name and type as its input, which would feed
 * itself until the depth cap.
 * Depth and bytes per file are capped; the first cap hit on a file is recorded as a warning.
 *
 * Derived files: whole files a plugin decoded (a decrypted database) are spilled into the run's temp
 * directory and become files rows after the walk (pipeline.c), so ids stay a function of the walk.
 * A region scan (unallocated space, slack) may derive files too (a database reassembled from carved
 * pages): no parent file (derived_from NULL), path "/$Unallocated/<region media offset>#transform/name",
 * derivation = the plugin's details plus "origin" (region kind, offset, length, offset in it, media
 * offset); they are queued after the region scan, so their ids follow every other file's.
 */
#include "pipeline_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "fileio.h"
#include "registry.h"
#include "typer.h"

#define DEFAULT_MAX_DEPTH 5
#define DEFAULT_MAX_DECODED (1ull << 30)
#define TYPE_HEAD (64u * 1024u)
#define STREAM_BLOCK (1u << 20)

static int max_depth(const struct dft_pipeline *p)
{
    return p->opts.max_decode_depth > 0 ? p->opts.max_decode_depth : DEFAULT_MAX_DEPTH;
}

static uint64_t max_decoded(const struct dft_pipeline *p)
{
    return p->opts.max_decoded ? p->opts.max_decoded : DEFAULT_MAX_DECODED;
}

static const char *extension_of(const char *name)
{
    const char *dot = name ? strrchr(name, '.') : NULL;
    return dot && dot != name ? dot + 1 : "";
}

/* Does plugin p want decoded content named `name` of type `mime`? A text fragment (a message body) is
 * offered only to plugins that scan every content or decoded content: it is not a file of a format. */
static bool wants_decoded(const dft_plugin *p, const char *name, const char *mime, bool fragment)
{
    for (const dft_claim *c = p->claims; c && c->kind != DFT_CLAIM_END; c++) {
        if (fragment && c->kind != DFT_CLAIM_ALL && c->kind != DFT_CLAIM_DECODED) continue;
        switch (c->kind) {
        case DFT_CLAIM_ALL: return true;
        case DFT_CLAIM_DECODED:
            if (!c->pattern || (name && fnmatch(c->pattern, name, 0) == 0)) return true;
            break;
        case DFT_CLAIM_MIME:
            if (mime && c->pattern && strcasecmp(mime, c->pattern) == 0) return true;
            break;
        case DFT_CLAIM_NAME:
            if (name && c->pattern && strcasecmp(name, c->pattern) == 0) return true;
            break;
        case DFT_CLAIM_EXT:
            if (name && c->pattern && strcasecmp(extension_of(name), c->pattern) == 0) return true;
            break;
        default: break;
        }
    }
    return false;
}

/* Records the first cap hit on an item (or a pass scan). */
static int cap_hit(dft_scan *s, const char *fmt, const char *what, unsigned long long value)
{
    bool *capped = s->it ? &s->it->decode_capped : &s->pass_capped;
    if (!*capped) {
        *capped = true;
        char msg[512];
        snprintf(msg, sizeof msg, fmt, what, value);
        if (s->it) {
            item_add_warning(s->it, "core", -1, msg);
            if (s->w) atomic_fetch_add(&s->w->p->n_warnings, 1);
        } else {
            dft_emit_warning(s, -1, "%s", msg);
        }
    }
    return dft_error_set(DFT_ELIMIT, "decoded content: cap reached");
}

/* Runs one stream plugin over the decoded bytes; stream_end only after a stream_begin that worked. */
static void run_stream(dft_scan *child, const dft_plugin *pl, const dft_file *vf, const uint8_t *bytes, size_t len)
{
    void *state = NULL;
    int rc = pl->stream_begin(child, vf, &state);
    bool begun = rc == DFT_OK;
    for (size_t off = 0; rc == DFT_OK && off < len; off += STREAM_BLOCK) {
        size_t n = len - off < STREAM_BLOCK ? len - off : STREAM_BLOCK;
        rc = pl->stream_block(child, state, off, bytes + off, n);
    }
    int erc = begun ? pl->stream_end(child, state) : DFT_OK;
    if (rc == DFT_OK) rc = erc;
    if (rc) {
        char msg[1200];
        snprintf(msg, sizeof msg, "plugin %s on %s: %s: %s", pl->name, child->decoded_path, dft_error_name(rc),
                 dft_error_last());
        dft_ref about = child->about;
        child->about = (dft_ref){ 0, 0 };
        dft_emit_warning(child, -1, "%s", msg);
        child->about = about;
    }
}

/* Whether plugin entry e takes decoded content of this name/type in scan s (the test of the loop in
 * decode_dispatch). */
static bool takes_decoded(const dft_scan *s, const dft_registry_entry *e, const char *name, const char *mime,
                          size_t len, bool fragment)
{
    const dft_plugin *pl = e->plugin;
    if (!e->enabled || (pl->max_size && len > pl->max_size) || !wants_decoded(pl, name, mime, fragment)) return false;
    return (pl->access & DFT_ACCESS_STREAM) || ((pl->access & DFT_ACCESS_WHOLE) && pl->scan && s->w && s->it);
}

/* Where decoded content starts its forensic path: the file, the region, or the pass's subject. */
static void path_head(const dft_scan *s, char *out, size_t cap)
{
    if (s->decoded_path) snprintf(out, cap, "%s", s->decoded_path);
    else if (s->region && s->region->file_id) snprintf(out, cap, "slack of file %lld", (long long)s->region->file_id);
    else if (s->region) snprintf(out, cap, "region %lld", (long long)s->region->id);
    else if (s->file) snprintf(out, cap, "file %lld", (long long)s->file->id);
    else if (s->pass && s->pass_file_id) snprintf(out, cap, "file %lld", (long long)s->pass_file_id);
    else snprintf(out, cap, "evidence");
}

int decode_dispatch(dft_scan *s, const dft_decoded *d, const void *data, size_t len, bool fragment)
{
    if (!d || d->struct_size < offsetof(dft_decoded, about) + sizeof d->about)
        return dft_error_set(DFT_EUNSUPPORTED, "dft_decoded without struct_size");
    if (len == 0) return DFT_OK;
    struct dft_pipeline *p = s->w ? s->w->p : NULL;
    /* passes have no pipeline: the default caps apply there */
    int depth_cap = p ? max_depth(p) : DEFAULT_MAX_DEPTH;
    uint64_t bytes_cap = p ? max_decoded(p) : DEFAULT_MAX_DECODED;
    uint64_t *used = s->it ? &s->it->decoded_bytes : &s->pass_decoded;
    if ((int)s->depth + 1 > depth_cap)
        return cap_hit(s, "decoded content deeper than %s %llu levels not scanned", "--max-decode-depth",
                       (unsigned long long)depth_cap);
    if (*used + len > bytes_cap)
        return cap_hit(s, "decoded content beyond %s %llu bytes of this file not scanned", "--max-decoded",
                       (unsigned long long)bytes_cap);
    *used += len;
    /* a type the caller gives that no plugin takes (message bodies in a chat-only run): no path, no copies */
    const char *vname = d->name ? d->name : (s->file ? s->file->name : "decoded");
    if (d->mime) {
        size_t i = 0;
        while (i < dft_registry_count() && !takes_decoded(s, dft_registry_at(i), vname, d->mime, len, fragment)) i++;
        if (i == dft_registry_count()) return DFT_OK;
    }

    /* its forensic path: "file 123 → xl/sharedStrings.xml → cell B7", "region 4 → gzip" */
    const char *elem = d->path_element && d->path_element[0] ? d->path_element : "decoded";
    char head[4200];
    path_head(s, head, sizeof head);
    size_t plen = strlen(head) + strlen(elem) + 8;
    char *path = malloc(plen);
    if (!path) return dft_error_set(DFT_ENOMEM, "out of memory");
    snprintf(path, plen, "%s \xe2\x86\x92 %s", head, elem);

    /* its type (passes run no libmagic: the plugin says, or it is untyped) */
    char *mime = NULL, *magic = NULL;
    if (d->mime) {
        mime = strdup(d->mime);
        magic = strdup("");
    } else if (!s->w || !s->w->typer ||
               dft_typer_type(s->w->typer, data, len < TYPE_HEAD ? len : TYPE_HEAD, &mime, &magic) != DFT_OK) {
        mime = strdup("application/octet-stream");
        magic = strdup("");
    }
    if (!mime || !magic) {
        free(path); free(mime); free(magic);
        return dft_error_set(DFT_ENOMEM, "out of memory");
    }

    /* the view plugins get: the scanned file's, or for unallocated space and passes a file-less one */
    dft_file vf;
    if (s->file) {
        vf = *s->file;
    } else {
        vf = DFT_INIT(dft_file);
        vf.id = s->region ? s->region->file_id : s->pass_file_id;
        vf.evidence_id = s->region ? s->region->evidence_id : 0;
        vf.path = vf.device_path = s->region ? "/$Unallocated" : "/$Pass";
        vf.type = 'r';
        vf.allocated = s->region == NULL;
        vf.evidence = p ? &p->ev_view : (s->pass ? dft_pass_evidence(s->pass) : NULL);
    }
    vf.name = vname;
    vf.mime = mime;
    vf.magic = magic;
    vf.size = len;
    vf.hash_status = "none";
    vf.md5 = vf.sha1 = vf.sha256 = NULL;

    dft_scan ctx = *s;
    ctx.file = &vf;
    ctx.depth = s->depth + 1;
    ctx.decoded_path = path;
    ctx.offset_base = (s->offset_base >= 0 && d->origin_offset >= 0) ? s->offset_base + d->origin_offset : -1;
    ctx.about = dft_ref_is_set(d->about) ? d->about : s->about;
    ctx.content = NULL;

    /* Every plugin that wants the bytes gets them, the emitting one too (a gzip inside a gzip, base64 in
     * base64): the depth cap, not a guess, ends content that decodes to itself. */
    text_memo memo = { NULL, 0 };
    for (size_t i = 0; i < dft_registry_count() && !(p ? pipeline_stopping(p) : dft_scan_cancelled(s)); i++) {
        const dft_registry_entry *e = dft_registry_at(i);
        if (!takes_decoded(s, e, vf.name, mime, len, fragment)) continue;
        const dft_plugin *pl = e->plugin;
        if (pl->access & DFT_ACCESS_STREAM) {
            dft_scan child = ctx;
            child.entry = e;
            child.plugin_index = i;
            run_stream(&child, pl, &vf, data, len);
        }
        /* whole-file plugins need a worker (private copies, lookups): not in passes */
        if ((pl->access & DFT_ACCESS_WHOLE) && pl->scan && s->w && s->it) {
            scan_input in = { .w = s->w, .it = s->it, .rec = s->rec, .file = &vf, .bytes = data, .len = len,
                              .memo = &memo };
            content_run_plugin_in(&in, i, &ctx);
        }
    }
    free(path);
    free(mime);
    free(magic);
    return DFT_OK;
}

int dft_emit_decoded(dft_scan *s, const dft_decoded *d, const void *bytes, size_t len)
{
    return decode_dispatch(s, d, bytes, len, false);
}

/* ---- derived files ------------------------------------------------------------------------- */

static int spill_bytes(const char *path, const void *bytes, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return dft_error_set(DFT_EIO, "cannot create %s: %s", path, strerror(errno));
    int rc = dft_write_all(fd, bytes, len);
    if (close(fd) != 0 && rc == DFT_OK) rc = dft_error_set(DFT_EIO, "writing %s: %s", path, strerror(errno));
    if (rc) unlink(path);
    return rc;
}

static char *join_path(const char *a, const char *sep, const char *b, const char *sep2, const char *c)
{
    size_t n = strlen(a) + strlen(sep) + strlen(b) + strlen(sep2) + strlen(c) + 1;
    char *out = malloc(n);
    if (out) snprintf(out, n, "%s%s%s%s%s", a, sep, b, sep2, c);
    return out;
}

/* A name safe as one path component: no '/', no control bytes, not "." or "..", and when it had to be
 * cut, cut before a UTF-8 character rather than inside one. */
static const char *clean_component(const char *name, char *buf, size_t cap)
{
    size_t n = 0;
    const char *c = name;
    for (; c && *c && n + 1 < cap; c++) {
        unsigned char u = (unsigned char)*c;
        buf[n++] = (u == '/' || u < 0x20 || u == 0x7f) ? '_' : (char)u;
    }
    if (c && *c) { /* cut: drop a last character whose bytes did not all fit */
        size_t lead = n;
        while (lead > 0 && ((unsigned char)buf[lead - 1] & 0xC0) == 0x80) lead--;
        if (lead > 0) {
            unsigned char u = (unsigned char)buf[lead - 1];
            size_t want = u >= 0xF0 ? 4 : u >= 0xE0 ? 3 : u >= 0xC0 ? 2 : 1;
            if (n - (lead - 1) < want) n = lead - 1;
        }
    }
    buf[n] = '\0';
    if (n == 0 || strcmp(buf, ".") == 0 || strcmp(buf, "..") == 0) snprintf(buf, cap, "derived");
    return buf;
}

/* True when path is a regular file (not a link) directly or deeper inside dir. */
static bool inside_dir(const char *path, const char *dir)
{
    char rp[4096], rd[4096];
    struct stat st;
    if (!dir || lstat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1) return false;
    if (!realpath(path, rp) || !realpath(dir, rd)) return false;
    size_t n = strlen(rd);
    return strncmp(rp, rd, n) == 0 && rp[n] == '/';
}

/* The derivation of a file carved in a region scan: the plugin's details object with an "origin" added
 * (region kind, its media offset and length, the offset in it, the media offset of byte 0). Offsets,
 * not row ids: they hold in a merged case too. malloc'd, NULL when out of memory. */
static char *region_derivation(const dft_region *r, int64_t off, const char *details)
{
    json_t *d = details ? json_loads(details, JSON_DECODE_ANY, NULL) : NULL;
    json_t *out = json_object(), *o = json_object();
    bool ok = out && o;
    ok = ok && json_object_set_new(o, "region_kind", json_string(r->kind ? r->kind : "fs_unalloc")) == 0;
    ok = ok && json_object_set_new(o, "region_offset", json_integer((json_int_t)r->media_offset)) == 0;
    ok = ok && json_object_set_new(o, "region_length", json_integer((json_int_t)r->length)) == 0;
    if (off >= 0) ok = ok && json_object_set_new(o, "offset", json_integer(off)) == 0;
    ok = ok && json_object_set_new(o, "media_offset",
                                   json_integer((json_int_t)r->media_offset + (off >= 0 ? off : 0))) == 0;
    ok = ok && json_object_set(out, "origin", o) == 0;
    if (ok && json_is_object(d)) {
        const char *k;
        json_t *v;
        json_object_foreach(d, k, v) if (strcmp(k, "origin") != 0) ok = ok && json_object_set(out, k, v) == 0;
    } else if (ok && details) {
        ok = json_object_set_new(out, "plugin_details", json_string(details)) == 0;
    }
    char *text = ok ? json_dumps(out, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(d);
    json_decref(o);
    json_decref(out);
    return text;
}

/* Where a derived file starts its path: the scanned file's (device) path, or for a region scan
 * "/$Unallocated/<media offset of the region>" ("/$Slack/..." for slack). */
static void origin_paths(const dft_scan *s, char *path, char *dev, size_t cap)
{
    if (s->region) {
        bool slack = s->region->kind && strcmp(s->region->kind, "slack") == 0;
        snprintf(path, cap, "/$%s/%llu", slack ? "Slack" : "Unallocated", (unsigned long long)s->region->media_offset);
        snprintf(dev, cap, "%s", path);
        return;
    }
    snprintf(path, cap, "%s", s->file->path);
    snprintf(dev, cap, "%s", s->file->device_path ? s->file->device_path : s->file->path);
}

int dft_emit_derived(dft_scan *s, const dft_derived *d)
{
    if (s->pass || !s->w || !s->it || (!s->file && !s->region))
        return dft_error_set(DFT_EUNSUPPORTED, "derived files come from file or region scans");
    if (!d || d->struct_size < offsetof(dft_derived, path) + sizeof d->path)
        return dft_error_set(DFT_EUNSUPPORTED, "dft_derived without struct_size");
    if (!d->transform || !d->transform[0]) return dft_error_set(DFT_ERROR, "a derived file needs a transform");
    if (!d->bytes && !d->path) return dft_error_set(DFT_ERROR, "a derived file needs bytes or a path");
    struct dft_pipeline *p = s->w->p;
    int depth = s->it->derived_depth + 1;
    if (depth > max_depth(p) || (int)s->depth + depth > max_depth(p))
        return cap_hit(s, "derived file deeper than %s %llu levels not kept", "--max-decode-depth",
                       (unsigned long long)max_depth(p));
    /* a region's byte offset of the result (older plugins do not say: the region's start is recorded) */
    int64_t origin_off = d->struct_size >= offsetof(dft_derived, origin_offset) + sizeof d->origin_offset
                             ? d->origin_offset : -1;
    /* in decoded content of the region: an offset in the region only when those bytes are a range of it */
    origin_off = (s->offset_base >= 0 && origin_off >= 0) ? s->offset_base + origin_off : -1;
    char *derivation = NULL;
    if (s->region && !(derivation = region_derivation(s->region, origin_off, d->details)))
        return dft_error_set(DFT_ENOMEM, "out of memory for a derived file");
    else if (!s->region && d->details && !(derivation = strdup(d->details)))
        return dft_error_set(DFT_ENOMEM, "out of memory for a derived file");

    char spill[4200];
    pthread_mutex_lock(&p->mu);
    uint64_t n = p->derived_seq++;
    pthread_mutex_unlock(&p->mu);
    snprintf(spill, sizeof spill, "%s/derived-%llu", p->opts.temp_dir, (unsigned long long)n);
    int rc;
    uint64_t size = 0;
    if (d->bytes) {
        rc = spill_bytes(spill, d->bytes, d->len);
        size = d->len;
    } else if (!inside_dir(d->path, content_workdir_of(s))) {
        /* only a file the plugin wrote in its own work directory is moved: never evidence, never a file
         * elsewhere on the examiner's machine */
        rc = dft_error_set(DFT_ERROR, "derived file %s refused: a path must name a regular file the plugin "
                           "wrote in dft_content_workdir()", d->path);
    } else {
        struct stat st;
        if (lstat(d->path, &st) != 0) {
            rc = dft_error_set(DFT_ERROR, "derived file %s: %s", d->path, strerror(errno));
        } else {
            size = (uint64_t)st.st_size;
            rc = rename(d->path, spill) == 0 ? DFT_OK
                                             : dft_error_set(DFT_EIO, "cannot move %s: %s", d->path, strerror(errno));
        }
    }
    if (rc) {
        free(derivation);
        return rc;
    }

    derived *dv = calloc(1, sizeof *dv);
    char name[256], transform[128], opath[4200], odev[4200];
    clean_component(d->name ? d->name : "derived", name, sizeof name);
    clean_component(d->transform, transform, sizeof transform);
    origin_paths(s, opath, odev, sizeof opath);
    if (dv) {
        dft_file_rec_init(&dv->rec);
        dv->rec.path = join_path(opath, "#", transform, "/", name);
        dv->rec.device_path = join_path(odev, "#", transform, "/", name);
        dv->rec.name = strdup(name);
        dv->rec.spill_path = strdup(spill);
        dv->rec.transform = strdup(transform);
        dv->rec.derivation = derivation;
        derivation = NULL;
    }
    if (!dv || !dv->rec.path || !dv->rec.device_path || !dv->rec.name || !dv->rec.spill_path || !dv->rec.transform) {
        if (dv) file_rec_clear(&dv->rec);
        free(dv);
        free(derivation);
        unlink(spill);
        return dft_error_set(DFT_ENOMEM, "out of memory for a derived file");
    }
    dv->rec.type = 'r';
    dv->rec.size = size;
    if (s->region) {
        /* carved from unallocated space or slack: no parent file; the origin is in the derivation */
        dv->rec.allocated = false;
        dv->rec.from_region = true;
        dv->rec.media_offset = s->region->media_offset + (uint64_t)(origin_off >= 0 ? origin_off : 0);
        dv->region_offset = s->region->media_offset;
        dv->region_id = s->region->id;
        dv->region_file_id = s->region->file_id;
    } else {
        dv->rec.allocated = s->file->allocated;
        dv->rec.derived_from = s->file->id;
        dv->origin_id = s->file->id;
        dv->origin_seq = s->it->seq;
    }
    dv->index = ++s->it->n_prov; /* shares the item's counter: emit order within the item */
    dv->depth = depth;
    return pipeline_add_derived(p, dv);
}
