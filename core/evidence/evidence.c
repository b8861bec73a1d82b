/*
 * evidence.c - opening one evidence item: identify its kind from its content (magic bytes,
 * directory markers; the file name only decides split raw), hand it to the backend that reads it
 * (evidence_impl.h), and dispatch hash/walk calls to that backend.
 *
 * Detection order for a file (first match wins):
 *   offset 0   "EVF\t\r\n\xff\0"            ewf        (EnCase 1-6, E01)
 *   offset 0   "EVF2\r\n\x81\0"             ewf        (Ex01; the backend refuses it if libewf can't)
 *   offset 0   "LVF\t\r\n\xff\0"            -          L01 logical evidence: unsupported
 *   offset 0   "KDMV" / "# Disk DescriptorFile"   vmdk
 *   offset 0 or size-512  "conectix"        vhd
 *   offset 0   "vhdxfile"                   -          unsupported
 *   offset 0   "QFI\xfb"                    -          qcow: unsupported
 *   size-512   "koly"                       -          Apple DMG: unsupported
 *   offset 0   "ANDROID BACKUP\n"           adb
 *   offset 0   "PK\3\4" / "PK\5\6"          zip        (AFF4 = zip naming information.turtle: unsupported)
 *   offset 257 "ustar"; 1f 8b; "BZh"; fd "7zXZ" 00     tar (the archive backend refines or rejects)
 *   name .000/.001/.aa/.aaa + next segment  split
 *   otherwise                               raw
 * A directory is "itunes" when it holds Manifest.db and Info.plist or Manifest.plist, else "dir".
 *
 * Invariants:
 *  1. The evidence is only read (O_RDONLY); a zero-length or unreadable file is a one-line error
 *     naming the file and the reason.
 *  2. On failure *out stays NULL and nothing is leaked.
 */
#include "evidence_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "fileio.h"
#include "hash.h"

#define HEAD_LEN 4096
#define TAIL_LEN 65536
#define FP_SPAN (1024 * 1024)

static bool has_at(const uint8_t *buf, size_t len, size_t off, const void *magic, size_t n)
{
    return off <= len && n <= len - off && memcmp(buf + off, magic, n) == 0;
}

static bool contains(const uint8_t *buf, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    return len >= n && memmem(buf, len, needle, n) != NULL;
}

static bool file_exists_in(const char *dir, const char *name)
{
    char p[4096];
    struct stat st;
    if (snprintf(p, sizeof p, "%s/%s", dir, name) >= (int)sizeof p) return false;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static ssize_t read_full_at(int fd, void *buf, size_t len, off_t off)
{
    size_t done = 0;
    while (done < len) {
        ssize_t r = pread(fd, (uint8_t *)buf + done, len - done, off + (off_t)done);
        if (r < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (r == 0) break;
        done += (size_t)r;
    }
    return (ssize_t)done;
}

/* Decides the kind of a regular file (or block device) from its bytes. */
static int detect_file(const char *path, char kind[16])
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return dft_error_set(DFT_EIO, "%s: cannot open: %s", path, strerror(errno));
    uint8_t *head = calloc(1, HEAD_LEN), *tail = calloc(1, TAIL_LEN);
    int rc = DFT_OK;
    if (!head || !tail) {
        rc = dft_error_set(DFT_ENOMEM, "%s: out of memory", path);
        goto out;
    }
    off_t size = lseek(fd, 0, SEEK_END);
    if (size < 0) {
        rc = dft_error_set(DFT_EIO, "%s: cannot seek: %s", path, strerror(errno));
        goto out;
    }
    if (size == 0) {
        rc = dft_error_set(DFT_ECORRUPT, "%s: empty file (0 bytes)", path);
        goto out;
    }
    ssize_t hn = read_full_at(fd, head, HEAD_LEN, 0);
    if (hn <= 0) {
        rc = dft_error_set(DFT_EIO, "%s: cannot read: %s", path, hn < 0 ? strerror(errno) : "no data");
        goto out;
    }
    size_t tn_want = (uint64_t)size < TAIL_LEN ? (size_t)size : TAIL_LEN;
    ssize_t tn = read_full_at(fd, tail, tn_want, size - (off_t)tn_want);
    if (tn < 0) {
        rc = dft_error_set(DFT_EIO, "%s: cannot read: %s", path, strerror(errno));
        goto out;
    }
    size_t h = (size_t)hn, t = (size_t)tn;
    const uint8_t *last512 = t >= 512 ? tail + t - 512 : NULL;

    if (has_at(head, h, 0, "EVF\x09\x0d\x0a\xff\x00", 8) || has_at(head, h, 0, "EVF2\x0d\x0a\x81\x00", 8)) {
        strcpy(kind, "ewf");
    } else if (has_at(head, h, 0, "LVF\x09\x0d\x0a\xff\x00", 8) || has_at(head, h, 0, "LEF2\x0d\x0a\x81\x00", 8)) {
        rc = dft_error_set(DFT_EUNSUPPORTED, "%s: EWF logical evidence (L01/Lx01) is not supported", path);
    } else if (has_at(head, h, 0, "KDMV", 4) || has_at(head, h, 0, "# Disk DescriptorFile", 21)) {
        strcpy(kind, "vmdk");
    } else if (has_at(head, h, 0, "conectix", 8) || (last512 && memcmp(last512, "conectix", 8) == 0)) {
        strcpy(kind, "vhd");
    } else if (has_at(head, h, 0, "vhdxfile", 8)) {
        rc = dft_error_set(DFT_EUNSUPPORTED, "%s: VHDX images are not supported (convert to raw or VHD)", path);
    } else if (has_at(head, h, 0, "QFI\xfb", 4)) {
        rc = dft_error_set(DFT_EUNSUPPORTED, "%s: QCOW images are not supported (convert to raw)", path);
    } else if (last512 && memcmp(last512, "koly", 4) == 0) {
        rc = dft_error_set(DFT_EUNSUPPORTED, "%s: Apple DMG images are not supported (convert to raw)", path);
    } else if (has_at(head, h, 0, "ANDROID BACKUP\n", 15)) {
        strcpy(kind, "adb");
    } else if (has_at(head, h, 0, "PK\x03\x04", 4) || has_at(head, h, 0, "PK\x05\x06", 4)) {
        if (contains(head, h, "information.turtle") || contains(tail, t, "information.turtle"))
            rc = dft_error_set(DFT_EUNSUPPORTED, "%s: AFF4 images are not supported", path);
        else
            strcpy(kind, "zip");
    } else if (has_at(head, h, 257, "ustar", 5) || has_at(head, h, 0, "\x1f\x8b", 2) ||
               (has_at(head, h, 0, "BZh", 3) && h > 3 && head[3] >= '1' && head[3] <= '9') ||
               has_at(head, h, 0, "\xfd" "7zXZ\x00", 6)) {
        strcpy(kind, "tar");
    } else {
        char **names = NULL;
        int n = 0;
        if (dft_split_names(path, &names, &n) == DFT_OK) {
            strcpy(kind, "split");
            dft_strv_free(names);
        } else {
            strcpy(kind, "raw");
        }
    }
out:
    free(head);
    free(tail);
    close(fd);
    return rc;
}

int dft_evidence_open(dft_evidence **out, const char *path, const dft_evidence_options *opts)
{
    *out = NULL;
    struct stat st;
    if (stat(path, &st) != 0) return dft_error_set(DFT_EIO, "%s: %s", path, strerror(errno));
    dft_evidence *ev = calloc(1, sizeof *ev);
    if (!ev) return dft_error_set(DFT_ENOMEM, "%s: out of memory", path);
    ev->path = strdup(path);
    if (!ev->path) {
        free(ev);
        return dft_error_set(DFT_ENOMEM, "%s: out of memory", path);
    }
    if (opts) ev->opts = *opts;

    int rc;
    if (S_ISDIR(st.st_mode)) {
        bool itunes = file_exists_in(path, "Manifest.db") &&
                      (file_exists_in(path, "Info.plist") || file_exists_in(path, "Manifest.plist"));
        strcpy(ev->kind, itunes ? "itunes" : "dir");
        rc = itunes ? dft_evidence_itunes_open(ev) : dft_evidence_dir_open(ev);
    } else if (S_ISREG(st.st_mode) || S_ISBLK(st.st_mode)) {
        rc = detect_file(path, ev->kind);
        if (rc == DFT_OK) {
            if (!strcmp(ev->kind, "tar") || !strcmp(ev->kind, "zip") || !strcmp(ev->kind, "adb"))
                rc = dft_evidence_archive_open(ev);
            else
                rc = dft_evidence_tsk_open(ev);
        }
    } else {
        rc = dft_error_set(DFT_EUNSUPPORTED, "%s: not a regular file, block device or directory", path);
    }
    if (rc == DFT_OK && !ev->parts) {
        /* single-file kinds: the item itself is the only part */
        ev->parts = calloc(2, sizeof *ev->parts);
        if (!ev->parts || !(ev->parts[0] = strdup(path))) rc = dft_error_set(DFT_ENOMEM, "%s: out of memory", path);
    }
    if (rc != DFT_OK) {
        dft_evidence_close(ev);
        return rc;
    }
    *out = ev;
    return DFT_OK;
}

void dft_evidence_close(dft_evidence *ev)
{
    if (!ev) return;
    if (getenv("DFT_READ_STATS"))
        fprintf(stderr, "media reads: %s: hash %llu bytes, read_at %llu bytes\n", ev->path,
                (unsigned long long)atomic_load(&ev->hash_read_bytes), (unsigned long long)atomic_load(&ev->read_at_bytes));
    if (ev->ops && ev->ops->close) ev->ops->close(ev);
    dft_strv_free(ev->parts);
    free(ev->path);
    free(ev);
}

const char *dft_evidence_path(const dft_evidence *ev) { return ev->path; }
const char *dft_evidence_kind(const dft_evidence *ev) { return ev->kind; }
uint64_t dft_evidence_size(const dft_evidence *ev) { return ev->size; }
bool dft_evidence_walk_hashes(const dft_evidence *ev) { return ev->walk_hashes; }
bool dft_evidence_no_media_hash(const dft_evidence *ev) { return ev->no_media_hash; }
const char *dft_evidence_stored_md5(const dft_evidence *ev) { return ev->stored_md5; }
const char *dft_evidence_stored_sha1(const dft_evidence *ev) { return ev->stored_sha1; }

const char *const *dft_evidence_parts(const dft_evidence *ev)
{
    static const char *const none[] = { NULL };
    return ev->parts ? (const char *const *)ev->parts : none;
}

void dft_evidence_set_media_tap(dft_evidence *ev, dft_block_fn tap, void *payload)
{
    ev->media_tap = tap;
    ev->media_tap_payload = payload;
}

void dft_evidence_media_block(dft_evidence *ev, uint64_t offset, const uint8_t *data, size_t len)
{
    atomic_fetch_add(&ev->hash_read_bytes, len);
    if (ev->media_tap) (void)ev->media_tap(ev->media_tap_payload, offset, data, len);
}

int dft_evidence_read_at(dft_evidence *ev, uint64_t offset, void *buf, size_t len)
{
    if (!ev->ops || !ev->ops->read_at)
        return dft_error_set(DFT_EUNSUPPORTED, "%s: kind %s has no media to read", ev->path, ev->kind);
    if (offset > ev->size || len > ev->size - offset)
        return dft_error_set(DFT_ERROR, "%s: read of %zu bytes at %llu is beyond the media (%llu bytes)", ev->path,
                             len, (unsigned long long)offset, (unsigned long long)ev->size);
    atomic_fetch_add(&ev->read_at_bytes, len);
    return ev->ops->read_at(ev, offset, buf, len);
}

void dft_evidence_read_stats(const dft_evidence *ev, uint64_t *hash_bytes, uint64_t *read_at_bytes)
{
    if (hash_bytes) *hash_bytes = atomic_load(&ev->hash_read_bytes);
    if (read_at_bytes) *read_at_bytes = atomic_load(&ev->read_at_bytes);
}

static int fp_span(dft_evidence *ev, dft_hasher *h, uint8_t *buf, uint64_t off, uint64_t len)
{
    atomic_fetch_add(&ev->read_at_bytes, len);
    int rc = ev->ops->read_at(ev, off, buf, (size_t)len);
    if (rc != DFT_OK) return rc;
    return dft_hasher_update(h, buf, (size_t)len);
}

int dft_evidence_fingerprint(dft_evidence *ev, char out[65])
{
    out[0] = '\0';
    if (!ev->ops || !ev->ops->read_at) {
        struct stat st;
        if (stat(ev->path, &st) == 0 && S_ISDIR(st.st_mode)) {
            uint64_t total;
            return dft_dir_fingerprint(ev->path, ev->kind, out, &total);
        }
        return dft_error_set(DFT_EUNSUPPORTED, "%s: no fingerprint for kind %s", ev->path, ev->kind);
    }
    dft_hasher *h = NULL;
    int rc = dft_hasher_new(&h);
    if (rc) return rc;
    uint8_t *buf = malloc(FP_SPAN);
    if (!buf) {
        dft_hasher_free(h);
        return dft_error_set(DFT_ENOMEM, "out of memory for fingerprint");
    }
    /* The kind is left out on purpose: an E01 and the raw image of the same disk decode to the
     * same media, and must be found as the same evidence. */
    char hdr[64];
    int n = snprintf(hdr, sizeof hdr, "media\n%llu\n", (unsigned long long)ev->size);
    rc = dft_hasher_update(h, hdr, (size_t)n);
    uint64_t first = ev->size < FP_SPAN ? ev->size : FP_SPAN;
    if (rc == DFT_OK && first) rc = fp_span(ev, h, buf, 0, first);
    if (rc == DFT_OK && ev->size > FP_SPAN) {
        uint64_t last_off = ev->size - FP_SPAN;
        if (last_off < FP_SPAN) last_off = FP_SPAN; /* no overlap with the first span */
        rc = fp_span(ev, h, buf, last_off, ev->size - last_off);
    }
    dft_hashes hs;
    if (rc == DFT_OK) rc = dft_hasher_final(h, &hs);
    if (rc == DFT_OK) memcpy(out, hs.sha256, 65);
    free(buf);
    dft_hasher_free(h);
    return rc;
}

int dft_evidence_hash_media(dft_evidence *ev, dft_hashes *out, uint64_t *bad_bytes,
                            void (*progress)(void *payload, uint64_t done), void *payload,
                            const volatile int *cancel)
{
    *bad_bytes = 0;
    if (ev->no_media_hash)
        return dft_error_set(DFT_EUNSUPPORTED, "%s: kind %s has no media hash", ev->path, ev->kind);
    /* Sequential containers hash during the walk; outside a walk (duplicate check, verify) their
     * media hash is the same thing: the container file's bytes. */
    if (!ev->ops || !ev->ops->hash_media) return dft_file_hash(ev->path, out, bad_bytes, progress, payload, cancel);
    return ev->ops->hash_media(ev, out, bad_bytes, progress, payload, cancel);
}

int dft_evidence_walk(dft_evidence *ev, const dft_walk_sink *sink)
{
    if (!ev->ops || !ev->ops->walk)
        return dft_error_set(DFT_EUNSUPPORTED, "%s: kind %s cannot be walked", ev->path, ev->kind);
    return ev->ops->walk(ev, sink);
}

const char *dft_evidence_media_note(const dft_evidence *ev) { return ev->media_note; }

const _Atomic uint64_t *dft_evidence_walk_counter(const dft_evidence *ev) { return &ev->walk_done; }

int dft_evidence_walk_hash(const dft_evidence *ev, dft_hashes *out)
{
    if (!ev->walk_hashes || !ev->walk_hash_done)
        return dft_error_set(DFT_ENOTFOUND, "%s: no media hash from the walk", ev->path);
    *out = ev->walk_hash;
    return DFT_OK;
}

void dft_strv_free(char **v)
{
    if (!v) return;
    for (char **p = v; *p; p++) free(*p);
    free(v);
}
