/*
 * evidence_archive.c - tar, zip, Android backup (.ab) and UFDR evidence: one sequential libarchive
 * read of the container that also hashes it, turning each member into a file record.
 *
 * Walk (dft_evidence_ops.walk), per container level (the evidence, then nested tar/zip members):
 *
 *   next header --> sanitise name (devpath.c) --> parent dirs synthesised (each once, before
 *   children; path -> id map) --> duplicate? (~2 suffix + warning) --> read content with caps
 *   (member size, ratio, total) into memory (<= 8 MiB) or a private spill file --> sink->file
 *   --> nested tar/zip by magic? recurse (depth limit) with the member as parent.
 *
 * Files: this one walks; archive_source.c serves kept members to sibling lookups; archive_ufdr.c
 * reads a zip's central directory and a UFDR's report.xml before the walk; archive_input.c reads
 * (and hashes) the evidence file; archive_internal.h is what they share.
 *
 * Choices (documented in docs/evidence.md):
 *  - The extraction prefix is detected per member (devpath.c: first root marker); no pre-listing,
 *    since a tar.gz cannot be listed without reading it all.
 *  - zip: the central directory is read first with pread (zipcd.c): stored CRC-32 and
 *    compressed size per member, and a UFDR's report.xml, which is parsed before the walk by
 *    reading that one member directly (its bytes are read twice; every other member once).
 *  - Members that a plugin keeps (opts.keep_member, which the ingest answers from the registry) are spilled and kept until close so that
 *    sibling() can serve them after the walk; other spills are deleted in release().
 *
 * Invariants:
 *  1. The evidence file is read once, in order, and fully (archive_input.c), so the walk hash is the
 *     hash of the file, even when the archive is truncated or unreadable.
 *  2. Nothing is written outside the private temp dir (ev->opts.temp_dir or a 0700 mkdtemp dir),
 *     whatever the member names; symlinks are recorded, never followed.
 *  3. Damaged members produce warnings and partial content, never a failed walk.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archive_input.h"
#include "archive_internal.h"
#include "strmap.h"
#include "zipcd.h"
#include "devpath.h"
#include "error.h"
#include "evidence_impl.h"
#include "fileio.h"
#include "parsers/adb.h"
#include "parsers/ufdr.h"

#define INLINE_MAX (8u << 20)
#define CHUNK (64u * 1024u)
#define RATIO_MIN_SIZE (1u << 20)
/* The cumulative ratio (every byte expanded, nested containers included, over the top-level
 * container's size) is checked once this much has been expanded: a 42.zip-style nest whose every
 * member stays under the per-member checks still stops at max_ratio times the container. */
#define CUMULATIVE_MIN_SIZE (16u << 20)

typedef struct level {
    arc *A;
    const dft_walk_sink *sink;
    struct archive *a;
    int depth;
    const char *base_path;      /* "" at the top, else the container member's path */
    const char *base_apath;     /* archive path of the container */
    int64_t base_parent;        /* files.id of the container member, 0 at the top */
    dft_devpath dp;
    dft_strmap *ids;            /* rel path -> (id << 1) | is_dir */
    dft_zipcd *zipcd;
    uint8_t *buf;               /* inline content */
    size_t cap;
    uint8_t *chunk;
    uint64_t index;
    bool is_zip;
} level;

typedef struct content {
    size_t len;                 /* bytes in level->buf when not spilled */
    uint64_t total;
    int spill_fd;
    char *spill_path;
    bool partial;
    char err[256];
} content;

static int warn(level *L, int64_t id, int64_t off, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Members kept until close (dft_file_rec.kept_path) so that sibling lookups, listings and globs
 * after the walk can read them again whatever the member order (docs/design.md): every member a
 * WHOLE-access plugin claims or declares as a sibling (returns true: spilled to its own file), and
 * every other member up to RETAIN_MEMBER_MAX bytes while the total of those stays under
 * RETAIN_TOTAL_MAX (*by_size: appended to the pack file once read, still handed over in memory).
 * The first member dropped by the total cap is named in a warning. */
#define RETAIN_MEMBER_MAX (16ull << 20)
#define RETAIN_TOTAL_MAX (2ull << 30)
static bool keeps(level *L, struct archive_entry *e, const char *name, const char *device_path, bool *by_size)
{
    *by_size = false;
    arc *A = L->A;
    if (A->ev->opts.keep_member && A->ev->opts.keep_member(name, device_path)) return true;
    uint64_t declared = archive_entry_size_is_set(e) ? (uint64_t)archive_entry_size(e) : 0;
    if (declared > RETAIN_MEMBER_MAX) return false;
    if (A->retained + declared > RETAIN_TOTAL_MAX) {
        if (!A->retain_warned)
            warn(L, 0, -1, "%s: members retained for sibling lookups reached %llu bytes: later unclaimed members "
                 "(from %s on) cannot be read by other files' lookups", A->evname ? A->evname : "archive",
                 (unsigned long long)RETAIN_TOTAL_MAX, device_path);
        A->retain_warned = true;
        return false;
    }
    *by_size = true;
    return false;
}

static int ensure_tmpdir(arc *A);

/* Appends a member's bytes to the pack file (made on first use); *off gets where they start. */
static int pack_add(arc *A, const uint8_t *p, size_t n, uint64_t *off)
{
    if (!A->pack_path) {
        int trc = ensure_tmpdir(A);
        if (trc) return trc;
        A->pack_path = archive_join(A->tmpdir, "/", "pack-XXXXXX");
        if (!A->pack_path) return dft_error_set(DFT_ENOMEM, "out of memory");
        A->pack_fd = mkstemp(A->pack_path);
        if (A->pack_fd < 0) {
            int e = errno;
            free(A->pack_path);
            A->pack_path = NULL;
            return dft_error_set(DFT_EIO, "cannot create a pack file in %s: %s", A->tmpdir, strerror(e));
        }
    }
    *off = A->pack_len;
    int rc = n ? dft_write_all(A->pack_fd, p, n) : DFT_OK;
    if (rc == DFT_OK) A->pack_len += n;
    return rc;
}
static int warn(level *L, int64_t id, int64_t off, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return L->sink->warning ? L->sink->warning(L->sink->payload, id, off, msg) : DFT_OK;
}

static int ensure_tmpdir(arc *A)
{
    if (A->tmpdir) return DFT_OK;
    if (A->ev->opts.temp_dir) {
        A->tmpdir = strdup(A->ev->opts.temp_dir);
    } else {
        const char *t = getenv("TMPDIR");
        A->tmpdir = archive_join(t && *t ? t : "/tmp", "/", "dftriage-arc-XXXXXX");
        if (A->tmpdir && !mkdtemp(A->tmpdir)) {
            int e = errno;
            free(A->tmpdir);
            A->tmpdir = NULL;
            return dft_error_set(DFT_EIO, "cannot create a private temp dir: %s", strerror(e));
        }
        A->own_tmpdir = true;
    }
    return A->tmpdir ? DFT_OK : dft_error_set(DFT_ENOMEM, "out of memory for the temp dir");
}

static int spill_open(arc *A, content *c)
{
    int rc = ensure_tmpdir(A);
    if (rc) return rc;
    char name[64];
    snprintf(name, sizeof name, "/m%06llu-XXXXXX", (unsigned long long)++A->spill_seq);
    c->spill_path = archive_join(A->tmpdir, "", name);
    if (!c->spill_path) return dft_error_set(DFT_ENOMEM, "out of memory for a spill path");
    c->spill_fd = mkstemp(c->spill_path);
    if (c->spill_fd < 0) {
        rc = dft_error_set(DFT_EIO, "cannot create a spill file in %s: %s", A->tmpdir, strerror(errno));
        free(c->spill_path);
        c->spill_path = NULL;
        return rc;
    }
    return DFT_OK;
}

static int append(level *L, content *c, const uint8_t *p, size_t n, bool force_spill)
{
    if (c->spill_fd < 0 && (force_spill || c->len + n > INLINE_MAX)) {
        int rc = spill_open(L->A, c);
        if (!rc && c->len) rc = dft_write_all(c->spill_fd, L->buf, c->len);
        if (rc) return rc;
    }
    if (c->spill_fd >= 0) return dft_write_all(c->spill_fd, p, n);
    if (c->len + n > L->cap) {
        size_t ncap = L->cap ? L->cap : CHUNK;
        while (ncap < c->len + n) ncap *= 2;
        if (ncap > INLINE_MAX) ncap = INLINE_MAX;
        uint8_t *nb = realloc(L->buf, ncap);
        if (!nb) return dft_error_set(DFT_ENOMEM, "out of memory for member content");
        L->buf = nb;
        L->cap = ncap;
    }
    memcpy(L->buf + c->len, p, n);
    c->len += n;
    return DFT_OK;
}

/* Reads the current member's data with the caps; csize = stored compressed size or 0. */
static int read_member(level *L, content *c, bool force_spill, uint64_t csize, const char *rel)
{
    arc *A = L->A;
    int64_t raw_start = archive_filter_bytes(L->a, -1);
    for (;;) {
        la_ssize_t n = archive_read_data(L->a, L->chunk, CHUNK);
        if (n == 0) break;
        if (n < 0) {
            c->partial = true;
            snprintf(c->err, sizeof c->err, "%s", archive_error_string(L->a) ? archive_error_string(L->a)
                                                                              : "archive read error");
            return n == ARCHIVE_FATAL ? DFT_ECORRUPT : DFT_OK;
        }
        size_t take = (size_t)n;
        const char *cap_msg = NULL;
        if (c->total + take > A->max_member) {
            take = (size_t)(A->max_member - c->total);
            cap_msg = "member size cap";
        }
        if (A->total_out + take > A->max_total) {
            take = (size_t)(A->max_total - A->total_out);
            cap_msg = "total size cap";
            A->total_hit = true;
        }
        int rc = append(L, c, L->chunk, take, force_spill);
        if (rc) return rc;
        c->total += take;
        A->total_out += take;
        if (!cap_msg && c->total > RATIO_MIN_SIZE) {
            uint64_t comp = csize;
            if (!comp) {
                int64_t now = archive_filter_bytes(L->a, -1);
                comp = now > raw_start ? (uint64_t)(now - raw_start) : 1;
            }
            if ((double)c->total / (double)comp > A->max_ratio) cap_msg = "compression ratio cap";
        }
        if (!cap_msg && A->total_out > CUMULATIVE_MIN_SIZE &&
            (double)A->total_out / (double)(A->container_size ? A->container_size : 1) > A->max_ratio) {
            cap_msg = "cumulative compression ratio cap of the whole container";
            A->total_hit = true; /* nothing more is expanded from this container */
        }
        if (cap_msg) {
            c->partial = true;
            snprintf(c->err, sizeof c->err, "%s hit after %llu bytes: rest not read (possible zip bomb)",
                     cap_msg, (unsigned long long)c->total);
            warn(L, 0, -1, "%s: %s", rel, c->err);
            break;
        }
    }
    return DFT_OK;
}

static int64_t entry_id(level *L, const char *rel, bool *is_dir)
{
    int64_t v;
    if (dft_strmap_get(L->ids, rel, &v) != DFT_OK) return -1;
    if (is_dir) *is_dir = v & 1;
    return v >> 1;
}

static int emit(level *L, dft_file_rec *r, const char *rel, bool is_dir, int64_t *out_id)
{
    int rc = L->sink->file(L->sink->payload, r, out_id);
    if (rc) return rc;
    return dft_strmap_put(L->ids, rel, (*out_id << 1) | (is_dir ? 1 : 0));
}

/* dft_tree_dir_fn: records the synthesised directory rel (each once, parents first). */
static int emit_dir(void *payload, const char *rel, int64_t pid, int64_t *out_id)
{
    level *L = payload;
    char *path = archive_join(L->base_path, "/", rel);
    char *dev = NULL;
    int rc = path ? DFT_OK : dft_error_set(DFT_ENOMEM, "out of memory");
    if (!rc && L->depth == 0) rc = dft_devpath_normalise(&L->dp, rel, true, &dev);
    if (!rc) {
        dft_file_rec r;
        dft_file_rec_init(&r);
        r.parent_id = pid;
        r.path = path;
        r.name = strrchr(path, '/') + 1;
        r.device_path = dev;
        r.type = 'd';
        rc = L->sink->file(L->sink->payload, &r, out_id);
    }
    free(path);
    free(dev);
    return rc;
}

static char type_of(struct archive_entry *e)
{
    switch (archive_entry_filetype(e)) {
    case AE_IFREG: return 'r';
    case AE_IFDIR: return 'd';
    case AE_IFLNK: return 'l';
    case AE_IFCHR: return 'c';
    case AE_IFBLK: return 'b';
    case AE_IFIFO: return 'p';
    case AE_IFSOCK: return 's';
    default: return archive_entry_hardlink(e) ? 'r' : '-';
    }
}

/* True when a relative symlink target resolved from the member's directory leaves the tree. */
static bool link_escapes(const char *rel, const char *target)
{
    int depth = 0;
    for (const char *p = rel; *p; p++)
        if (*p == '/') depth++;
    const char *s = target;
    while (*s) {
        const char *e = strchr(s, '/');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n == 2 && s[0] == '.' && s[1] == '.') {
            if (--depth < 0) return true;
        } else if (n && !(n == 1 && s[0] == '.')) {
            depth++;
        }
        if (!e) break;
        s = e + 1;
    }
    return false;
}

static bool looks_nested(const uint8_t *p, size_t n)
{
    if (n >= 4 && p[0] == 'P' && p[1] == 'K' && p[2] == 3 && p[3] == 4) return true;
    if (n >= 262 && memcmp(p + 257, "ustar", 5) == 0) return true;
    if (n >= 3 && p[0] == 0x1f && p[1] == 0x8b && p[2] == 8) return true;
    if (n >= 3 && p[0] == 'B' && p[1] == 'Z' && p[2] == 'h') return true;
    if (n >= 6 && memcmp(p, "\xfd" "7zXZ\0", 6) == 0) return true;
    return false;
}

static int walk_level(level *L);

static struct archive *new_reader(void)
{
    struct archive *a = archive_read_new();
    if (!a) return NULL;
    archive_read_support_filter_all(a);
    archive_read_support_format_tar(a);
    archive_read_support_format_gnutar(a);
    archive_read_support_format_zip_streamable(a);
    return a;
}

/* Expands a nested container member; data in memory (mem) or on fd. */
static int expand_nested(level *L, const char *path, const char *apath, int64_t id, const uint8_t *mem,
                         size_t len, int fd)
{
    struct archive *a = new_reader();
    if (!a) return dft_error_set(DFT_ENOMEM, "out of memory for a nested archive reader");
    int r = mem ? archive_read_open_memory(a, mem, len) : archive_read_open_fd(a, fd, CHUNK);
    int rc = DFT_OK;
    if (r == ARCHIVE_OK) {
        level N;
        memset(&N, 0, sizeof N);
        N.A = L->A;
        N.sink = L->sink;
        N.a = a;
        N.depth = L->depth + 1;
        N.base_path = path;
        N.base_apath = apath;
        N.base_parent = id;
        dft_devpath_init(&N.dp);
        rc = dft_strmap_new(&N.ids);
        N.chunk = malloc(CHUNK);
        if (!rc && !N.chunk) rc = dft_error_set(DFT_ENOMEM, "out of memory");
        if (!rc) rc = walk_level(&N);
        dft_strmap_free(N.ids);
        dft_devpath_free(&N.dp);
        free(N.buf);
        free(N.chunk);
    }
    archive_read_free(a);
    return rc;
}

/* A hard-link member (no data of its own): its content is the target member's. When the target's
 * bytes were kept (a spilled member that a plugin keeps), *spill gets that file to serve again;
 * otherwise the member is partial with the reason in c->err. *to gets the target's evidence
 * path (for extra_json "hardlink_to"). */
static int hardlink_content(level *L, const char *target, content *c, char **to, char **spill)
{
    char *trel = NULL;
    unsigned tfl;
    int rc = dft_devpath_sanitise(target, &trel, &tfl);
    if (rc) return rc;
    *to = archive_join(L->base_path, "/", trel);
    if (!*to) {
        free(trel);
        return dft_error_set(DFT_ENOMEM, "out of memory");
    }
    bool tdir = false;
    bool exists = entry_id(L, trel, &tdir) >= 0 && !tdir;
    free(trel);
    if (exists) {
        arc *A = L->A;
        int64_t k;
        pthread_mutex_lock(&A->mu);
        if (dft_strmap_get(A->kept, *to, &k) == DFT_OK && !(*spill = strdup(A->kept_paths[k]))) rc = DFT_ENOMEM;
        pthread_mutex_unlock(&A->mu);
        if (rc) return dft_error_set(DFT_ENOMEM, "out of memory");
        if (*spill) return DFT_OK;
    }
    c->partial = true;
    snprintf(c->err, sizeof c->err, "hard link to %.200s: %s", *to,
             exists ? "content not retained" : "target not found earlier in the archive");
    return DFT_OK;
}

static char *extra_json(level *L, struct archive_entry *e, const char *raw, const char *apath,
                        const dft_zipcd_entry *ze, const char *ufdr_fs, bool link_abs)
{
    json_t *o = json_object();
    if (!o) return NULL;
    json_object_set_new(o, "archive_path", json_string(apath));
    if (strcmp(raw, apath) != 0) json_object_set_new(o, "member_name", json_string(raw));
    json_object_set_new(o, "format", json_string(archive_format_name(L->a) ? archive_format_name(L->a) : ""));
    if (ze) {
        char crc[9];
        snprintf(crc, sizeof crc, "%08x", ze->crc32);
        json_object_set_new(o, "zip_crc32", json_string(crc));
        json_object_set_new(o, "zip_compressed_size", json_integer((json_int_t)ze->csize));
        json_object_set_new(o, "zip_method", json_integer(ze->method));
    }
    if (archive_entry_uname(e)) json_object_set_new(o, "uname", json_string(archive_entry_uname(e)));
    if (archive_entry_gname(e)) json_object_set_new(o, "gname", json_string(archive_entry_gname(e)));
    if (archive_entry_hardlink(e)) json_object_set_new(o, "hardlink", json_string(archive_entry_hardlink(e)));
    if (ufdr_fs) json_object_set_new(o, "ufdr_fs", json_string(ufdr_fs));
    if (link_abs) json_object_set_new(o, "link_absolute", json_true());
    char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    return s;
}

/* One archive member. Returns DFT_ECORRUPT when the archive cannot be read further. */
static int do_member(level *L, struct archive_entry *e)
{
    arc *A = L->A;
    int rc;
    uint64_t idx = L->index++;
    const char *raw = archive_entry_pathname_utf8(e);
    if (!raw) raw = archive_entry_pathname(e);
    char unnamed[48];
    if (!raw || !*raw) {
        snprintf(unnamed, sizeof unnamed, "__unnamed__%llu", (unsigned long long)idx);
        raw = unnamed;
    }
    char type = type_of(e);
    char *rel = NULL, *path = NULL, *apath = NULL, *dev = NULL, *json = NULL, *link_to = NULL, *link_spill = NULL;
    content c = {.spill_fd = -1};
    unsigned fl;
    int nested_fd = -1;
    if ((rc = dft_devpath_sanitise(raw, &rel, &fl))) return rc;
    int64_t member_off = archive_read_header_position(L->a);
    if (fl & DFT_SANITISE_OUTSIDE)
        warn(L, 0, member_off, "member name \"%s\" points outside the archive: recorded as /%s", raw, rel);
    else if (fl & DFT_SANITISE_DOTDOT)
        warn(L, 0, member_off, "member name \"%s\" contains \"..\": recorded as /%s", raw, rel);
    if (fl & DFT_SANITISE_FOLDED)
        warn(L, 0, member_off,
             "member name of %zu bytes is deeper than %d components or longer than %d bytes: the excess is "
             "folded into one name (recorded as /%s)",
             strlen(raw), DFT_DEVPATH_MAX_COMPS, DFT_DEVPATH_MAX_LEN, strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel);
    /* parents first (iterative; a parent path that is a file is renamed "~dir") */
    int64_t pid;
    unsigned renamed;
    if ((rc = dft_tree_parents(L->ids, &rel, L->base_parent, emit_dir, L, &pid, &renamed))) goto done;
    if (renamed)
        warn(L, 0, member_off, "member name \"%s\": a parent is not a directory in the archive: recorded as /%s",
             raw, rel);
    if (type == 'd') {
        bool isdir;
        if (entry_id(L, rel, &isdir) >= 0 && isdir) goto done; /* already synthesised */
    }
    /* duplicates get "~N" */
    if (entry_id(L, rel, NULL) >= 0) {
        char *alt = NULL;
        for (int k = 2; k < 100000; k++) {
            char suf[16];
            snprintf(suf, sizeof suf, "~%d", k);
            free(alt);
            alt = archive_join(rel, "", suf);
            if (!alt || entry_id(L, alt, NULL) < 0) break;
        }
        if (!alt) {
            rc = dft_error_set(DFT_ENOMEM, "out of memory");
            goto done;
        }
        warn(L, 0, member_off, "duplicate member name \"%s\": second copy recorded as /%s", raw, alt);
        free(rel);
        rel = alt;
    }
    path = archive_join(L->base_path, "/", rel);
    apath = archive_join(L->base_apath, "/", raw);
    if (!path || !apath) {
        rc = dft_error_set(DFT_ENOMEM, "out of memory");
        goto done;
    }
    const char *ufdr_fs = NULL;
    if (L->depth == 0 && A->ufdr) {
        const char *d = dft_ufdr_device_path(A->ufdr, rel, &ufdr_fs);
        if (d && !(dev = strdup(d))) rc = dft_error_set(DFT_ENOMEM, "out of memory");
    }
    if (!rc && !dev && L->depth == 0) rc = dft_devpath_normalise(&L->dp, rel, type == 'd', &dev);
    if (rc) goto done;
    const char *name = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
    const dft_zipcd_entry *ze = L->zipcd ? dft_zipcd_take(L->zipcd, raw) : NULL;
    if (L->zipcd && L->is_zip && !ze && L->A->cd_orphans++ < 20)
        /* a local header the central directory does not list: overlapping or hidden members */
        warn(L, 0, -1, "inconsistent zip: member \"%.300s\" has a local header but no central directory entry", raw);

    dft_file_rec r;
    dft_file_rec_init(&r);
    r.parent_id = pid;
    r.path = path;
    r.name = name;
    r.device_path = dev;
    r.archive_path = apath;
    r.type = type;
    r.meta_addr = idx;
    bool link_abs = false;
    if (type == 'l') {
        const char *t = archive_entry_symlink(e);
        r.link_target = t;
        if (t && t[0] == '/') link_abs = true;
        else if (t && link_escapes(rel, t))
            warn(L, 0, member_off, "symlink /%s -> \"%s\" points outside the archive (recorded, not followed)",
                 rel, t);
    } else if (archive_entry_hardlink(e)) {
        r.link_target = archive_entry_hardlink(e);
    }
    if (archive_entry_mtime_is_set(e)) {
        r.has_mtime = true;
        r.mtime = archive_entry_mtime(e);
        r.mtime_ns = (uint32_t)archive_entry_mtime_nsec(e);
    }
    if (archive_entry_atime_is_set(e)) {
        r.has_atime = true;
        r.atime = archive_entry_atime(e);
        r.atime_ns = (uint32_t)archive_entry_atime_nsec(e);
    }
    if (archive_entry_ctime_is_set(e)) {
        r.has_ctime = true;
        r.ctime = archive_entry_ctime(e);
        r.ctime_ns = (uint32_t)archive_entry_ctime_nsec(e);
    }
    if (archive_entry_birthtime_is_set(e)) {
        r.has_crtime = true;
        r.crtime = archive_entry_birthtime(e);
        r.crtime_ns = (uint32_t)archive_entry_birthtime_nsec(e);
    }
    r.mode = archive_entry_perm(e) & 07777;
    if (!L->is_zip) {
        r.uid = archive_entry_uid(e);
        r.gid = archive_entry_gid(e);
    }
    r.nlink = archive_entry_nlink(e);

    json = extra_json(L, e, raw, apath, ze, ufdr_fs, link_abs);
    r.extra_json = json;
    int fatal = DFT_OK;
    bool kept = false, kept_by_size = false;
    if (type == 'r') {
        kept = keeps(L, e, name, dev ? dev : path, &kept_by_size);
        if (A->total_hit) {
            c.partial = true;
            snprintf(c.err, sizeof c.err, "a cap of the whole container (total size or cumulative ratio) was reached "
                     "before this member: not read");
        } else {
            fatal = read_member(L, &c, kept, ze ? ze->csize : 0, path);
            if (fatal == DFT_ENOMEM || fatal == DFT_EIO) {
                rc = fatal;
                goto done;
            }
        }
        bool hardlink = archive_entry_hardlink(e) && c.total == 0 && !c.partial;
        if (hardlink && (rc = hardlink_content(L, archive_entry_hardlink(e), &c, &link_to, &link_spill))) goto done;
        uint64_t declared = archive_entry_size_is_set(e) ? (uint64_t)archive_entry_size(e) : c.total;
        if (ze && L->is_zip && !c.partial && ze->usize != c.total && !(ze->flags & 1))
            warn(L, 0, -1, "inconsistent zip: member \"%.300s\": the central directory says %llu bytes, its data "
                 "holds %llu", raw, (unsigned long long)ze->usize, (unsigned long long)c.total);
        if (!c.partial && declared != c.total && !archive_entry_hardlink(e)) {
            c.partial = true;
            snprintf(c.err, sizeof c.err, "member declared %llu bytes, %llu read", (unsigned long long)declared,
                     (unsigned long long)c.total);
        }
        /* size = the bytes delivered (inline_data holds exactly size bytes); a partial member's
         * declared size goes to extra_json "declared_size" */
        r.size = c.total;
        if (declared != c.total) {
            json_t *o = json ? json_loads(json, 0, NULL) : NULL;
            if (o) {
                json_object_set_new(o, "declared_size", json_integer((json_int_t)declared));
                free(json);
                json = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
                json_decref(o);
                r.extra_json = json;
            }
        }
        r.source = &A->src;
        r.locator = idx | (kept ? KEPT_BIT : 0);
        if (link_spill) {
            /* the target's kept spill serves the link too; KEPT_BIT: release() must not delete it */
            struct stat lst;
            r.size = stat(link_spill, &lst) == 0 ? (uint64_t)lst.st_size : 0;
            r.spill_path = link_spill;
            r.kept_path = link_spill;
            r.locator |= KEPT_BIT;
        } else if (c.spill_fd >= 0) {
            r.spill_path = c.spill_path;
            if (kept_by_size) {
                /* larger than the in-memory limit: its spill file is what is kept */
                kept = true;
                r.locator |= KEPT_BIT;
                A->retained += c.total;
            }
            if (kept) r.kept_path = c.spill_path;
            if (kept && (rc = archive_kept_add(A, path, dev, c.spill_path))) goto done;
        } else {
            r.inline_data = c.len ? L->buf : (const uint8_t *)"";
            uint64_t off = 0;
            if (kept_by_size && pack_add(A, L->buf, c.len, &off) == DFT_OK) {
                r.kept_path = A->pack_path;
                r.kept_offset = off;
                A->retained += c.total;
            }
        }
        if (link_to) {
            json_t *o = json ? json_loads(json, 0, NULL) : NULL;
            if (o) {
                json_object_set_new(o, "hardlink_to", json_string(link_to));
                free(json);
                json = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
                json_decref(o);
                r.extra_json = json;
            }
        }
        r.content_partial = c.partial;
        r.content_error = c.partial ? c.err : NULL;
        /* nested container: keep our own handle on its bytes before the pipeline can release them */
        if (L->depth < A->max_depth && !c.partial) {
            uint8_t head[512];
            size_t hn = 0;
            if (c.spill_fd >= 0) {
                ssize_t g = pread(c.spill_fd, head, sizeof head, 0);
                hn = g > 0 ? (size_t)g : 0;
            }
            const uint8_t *hp = c.spill_fd >= 0 ? head : L->buf;
            if (c.spill_fd < 0) hn = c.len < sizeof head ? c.len : sizeof head;
            if (hn && looks_nested(hp, hn)) nested_fd = c.spill_fd >= 0 ? dup(c.spill_fd) : INT32_MAX;
        }
    }
    int64_t id;
    if ((rc = emit(L, &r, rel, type == 'd', &id))) goto done;
    if (c.partial && c.err[0] && type == 'r' && !strstr(c.err, "cap") && !link_to)
        warn(L, id, member_off, "%s: %s", path, c.err);
    if (nested_fd != -1) {
        int nrc = nested_fd == INT32_MAX ? expand_nested(L, path, apath, id, L->buf, c.len, -1)
                                         : (lseek(nested_fd, 0, SEEK_SET), expand_nested(L, path, apath, id, NULL, 0, nested_fd));
        if (nrc == DFT_ENOMEM || nrc == DFT_ECANCELLED) rc = nrc;
    } else if (L->depth >= A->max_depth && type == 'r' && c.len && looks_nested(L->buf, c.len)) {
        warn(L, id, -1, "%s: nested container not expanded (depth limit %d)", path, A->max_depth);
    }
    if (!rc) rc = fatal;
done:
    if (nested_fd >= 0 && nested_fd != INT32_MAX) close(nested_fd);
    if (c.spill_fd >= 0) close(c.spill_fd);
    free(c.spill_path);
    free(rel);
    free(link_to);
    free(link_spill);
    free(path);
    free(apath);
    free(dev);
    free(json);
    return rc;
}

static int walk_level(level *L)
{
    struct archive_entry *e;
    int rc = DFT_OK;
    bool any = false;
    for (;;) {
        if (L->sink->cancelled && L->sink->cancelled(L->sink->payload)) return DFT_ECANCELLED;
        int64_t off = archive_read_header_position(L->a);
        int r = archive_read_next_header(L->a, &e);
        if (r == ARCHIVE_EOF) break;
        if (r == ARCHIVE_FATAL || r == ARCHIVE_RETRY) {
            const char *m = archive_error_string(L->a);
            if (any)
                warn(L, L->base_parent, off, "%s unreadable after byte %lld of its data (truncated or damaged): %s",
                     *L->base_path ? L->base_path : "archive", (long long)off, m ? m : "error");
            else
                warn(L, L->base_parent, off, "%s unreadable: no member header could be read: %s",
                     *L->base_path ? L->base_path : "archive", m ? m : "error");
            return any ? DFT_OK : DFT_ECORRUPT;
        }
        if (r == ARCHIVE_WARN) {
            const char *m = archive_error_string(L->a);
            warn(L, L->base_parent, off, "%s: %s", *L->base_path ? L->base_path : "archive header", m ? m : "warning");
        }
        if ((archive_format(L->a) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_ZIP) L->is_zip = true;
        any = true;
        rc = do_member(L, e);
        if (rc == DFT_ECORRUPT) {
            warn(L, L->base_parent, archive_filter_bytes(L->a, 0),
                 "%s: archive truncated or damaged at byte %lld of its data: members after this point lost",
                 *L->base_path ? L->base_path : "evidence", (long long)archive_filter_bytes(L->a, 0));
            return DFT_OK;
        }
        if (rc) return rc;
    }
    return rc;
}

/* ---- evidence ops ---------------------------------------------------------------------------- */

static int emit_adb(level *L, dft_arcin *in, bool *stop)
{
    const uint8_t *d;
    size_t n;
    dft_arcin_peek(in, 4096, &d, &n);
    dft_adb_header h;
    *stop = false;
    if (dft_adb_parse_header(d, n, &h) != DFT_OK) {
        warn(L, 0, 0, "android backup header unreadable: %s", dft_error_last());
        *stop = true;
        return DFT_OK;
    }
    char v[32];
    snprintf(v, sizeof v, "%d", h.version);
    L->sink->meta(L->sink->payload, "adb.version", v);
    L->sink->meta(L->sink->payload, "adb.compressed", h.compressed ? "1" : "0");
    L->sink->meta(L->sink->payload, "adb.encryption", h.encryption);
    if (h.encrypted) {
        warn(L, 0, 0, "encrypted Android backup: password needed (%s, %lu PBKDF2 rounds)", h.encryption,
             h.pbkdf2_rounds);
        *stop = true;
        return DFT_OK;
    }
    return dft_arcin_start_payload(in, h.header_len, h.compressed);
}

static int arc_walk(dft_evidence *ev, const dft_walk_sink *sink)
{
    arc *A = ev->impl;
    dft_arcin in;
    int rc = dft_arcin_open(&in, ev->path);
    in.progress = &ev->walk_done;
    level L;
    memset(&L, 0, sizeof L);
    L.A = A;
    L.sink = sink;
    L.base_path = "";
    L.base_apath = A->evname;
    L.zipcd = A->zipcd;
    dft_devpath_init(&L.dp);
    A->total_out = 0;
    A->total_hit = false;
    A->cd_orphans = 0;
    if (!rc) rc = dft_strmap_new(&L.ids);
    if (!rc && !(L.chunk = malloc(CHUNK))) rc = dft_error_set(DFT_ENOMEM, "out of memory");
    for (int i = 0; !rc && i < A->npending; i++)
        if (A->pending[i]) warn(&L, 0, -1, "%s", A->pending[i]);
    if (!rc && A->ufdr) {
        for (size_t i = 0; i < dft_ufdr_meta_count(A->ufdr); i++) {
            const char *k, *v;
            dft_ufdr_meta_at(A->ufdr, i, &k, &v);
            sink->meta(sink->payload, k, v);
        }
    }
    bool stop = false;
    if (!rc && strcmp(ev->kind, "adb") == 0) rc = emit_adb(&L, &in, &stop);
    int walk_rc = DFT_OK;
    if (!rc && !stop) {
        L.a = new_reader();
        if (!L.a) rc = dft_error_set(DFT_ENOMEM, "out of memory for an archive reader");
        else if (archive_read_open(L.a, &in, NULL, dft_arcin_read, NULL) != ARCHIVE_OK) {
            warn(&L, 0, 0, "archive unreadable: not a readable archive: %s",
                 archive_error_string(L.a) ? archive_error_string(L.a) : "unknown format");
        } else {
            walk_rc = walk_level(&L);
            if (in.error[0]) warn(&L, 0, (int64_t)in.raw_off, "%s", in.error);
            const char *first = NULL;
            size_t untaken = walk_rc == DFT_OK && L.is_zip ? dft_zipcd_untaken(L.zipcd, &first) : 0;
            if (untaken)
                warn(&L, 0, -1, "inconsistent zip: the central directory lists %zu member(s) not found in the "
                     "archive's data (first: \"%.300s\")", untaken, first ? first : "");
            if (A->cd_orphans > 20)
                warn(&L, 0, -1, "inconsistent zip: %d members without a central directory entry in all",
                     A->cd_orphans);
        }
    }
    if (!rc && walk_rc != DFT_ECANCELLED && walk_rc != DFT_ENOMEM) {
        rc = dft_arcin_finish(&in, &ev->walk_hash);
        if (!rc) ev->walk_hash_done = true;
    }
    if (L.a) archive_read_free(L.a);
    dft_arcin_close(&in);
    dft_strmap_free(L.ids);
    dft_devpath_free(&L.dp);
    free(L.buf);
    free(L.chunk);
    if (rc) return rc;
    /* nothing readable is a finding about the evidence (warned above), not a failed walk: the
     * evidence completes with its media hash */
    return walk_rc == DFT_ECORRUPT ? DFT_OK : walk_rc;
}

static int arc_read_at(dft_evidence *ev, uint64_t offset, void *buf, size_t len)
{
    int fd = open(ev->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return dft_error_set(DFT_EIO, "%s: %s", ev->path, strerror(errno));
    size_t done = 0;
    while (done < len) {
        ssize_t r = pread(fd, (char *)buf + done, len - done, (off_t)(offset + done));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        done += (size_t)r;
    }
    close(fd);
    if (done < len) memset((char *)buf + done, 0, len - done);
    return DFT_OK;
}

static void arc_close(dft_evidence *ev)
{
    arc *A = ev->impl;
    if (!A) return;
    for (size_t i = 0; i < A->nkept; i++) {
        unlink(A->kept_paths[i]);
        free(A->kept_paths[i]);
    }
    free(A->kept_paths);
    if (A->pack_path) {
        close(A->pack_fd);
        unlink(A->pack_path);
        free(A->pack_path);
    }
    if (A->own_tmpdir && A->tmpdir) rmdir(A->tmpdir);
    free(A->tmpdir);
    free(A->evname);
    dft_strmap_free(A->kept);
    dft_zipcd_free(A->zipcd);
    dft_ufdr_report_free(A->ufdr);
    for (int i = 0; i < A->npending; i++) free(A->pending[i]);
    pthread_mutex_destroy(&A->mu);
    free(A);
    ev->impl = NULL;
}

static const dft_evidence_ops arc_ops = {arc_walk, NULL, arc_read_at, arc_close};

int dft_evidence_archive_open(dft_evidence *ev)
{
    struct stat st;
    if (stat(ev->path, &st) != 0) return dft_error_set(DFT_EIO, "%s: %s", ev->path, strerror(errno));
    if (!S_ISREG(st.st_mode)) return dft_error_set(DFT_EUNSUPPORTED, "%s: not a regular file", ev->path);
    int fd = open(ev->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return dft_error_set(DFT_EIO, "%s: %s", ev->path, strerror(errno));
    close(fd);
    arc *A = calloc(1, sizeof *A);
    if (!A) return dft_error_set(DFT_ENOMEM, "out of memory for an archive evidence");
    pthread_mutex_init(&A->mu, NULL);
    A->ev = ev;
    const char *b = strrchr(ev->path, '/');
    A->evname = strdup(b ? b + 1 : ev->path);
    if (!A->evname || dft_strmap_new(&A->kept)) {
        ev->impl = A;
        arc_close(ev);
        return dft_error_set(DFT_ENOMEM, "out of memory for an archive evidence");
    }
    A->max_member = ev->opts.max_member_size ? ev->opts.max_member_size : (4ull << 30);
    A->max_total = ev->opts.max_total_size ? ev->opts.max_total_size : (64ull << 30);
    A->max_ratio = ev->opts.max_ratio > 0 ? ev->opts.max_ratio : 1000.0;
    A->max_depth = ev->opts.max_depth > 0 ? ev->opts.max_depth : 3;
    struct stat cst;
    A->container_size = stat(ev->path, &cst) == 0 && cst.st_size > 0 ? (uint64_t)cst.st_size : 1;
    A->src.name = "archive";
    A->src.stream = archive_src_stream;
    A->src.sibling = archive_src_sibling;
    A->src.release = archive_src_release;
    A->src.sequential = true;
    A->src.impl = A;
    ev->impl = A;
    ev->ops = &arc_ops;
    ev->size = (uint64_t)st.st_size;
    ev->walk_hashes = true;
    ev->no_media_hash = false;
    ev->walk_hash_done = false;
    if (!ev->kind[0]) snprintf(ev->kind, sizeof ev->kind, "tar");
    if (strcmp(ev->kind, "zip") == 0) archive_zip_prepare(ev, A);
    return DFT_OK;
}
