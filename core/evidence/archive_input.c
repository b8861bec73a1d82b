/*
 * archive_input.c - hashing sequential reader + .ab inflation + direct zip member reads
 * (see archive_input.h).
 */
#include "archive_input.h"

#include <archive.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"

int dft_arcin_open(dft_arcin *in, const char *path)
{
    memset(in, 0, sizeof *in);
    in->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (in->fd < 0) {
        in->fd = -1;
        /* no path: the caller names the evidence (a message must not repeat it) */
        return dft_error_set(DFT_EIO, "cannot open the evidence file: %s", strerror(errno));
    }
    in->in = malloc(DFT_ARCIN_BLOCK);
    in->out = malloc(DFT_ARCIN_BLOCK);
    if (!in->in || !in->out) return dft_error_set(DFT_ENOMEM, "out of memory for archive input");
    return dft_hasher_new_parallel(&in->hasher);
}

void dft_arcin_close(dft_arcin *in)
{
    if (in->fd >= 0) close(in->fd);
    in->fd = -1;
    if (in->z_ready) inflateEnd(&in->zs);
    in->z_ready = false;
    free(in->in);
    free(in->out);
    in->in = in->out = NULL;
    dft_hasher_free(in->hasher);
    in->hasher = NULL;
}

static void note(dft_arcin *in, const char *msg)
{
    if (!in->error[0]) snprintf(in->error, sizeof in->error, "%s", msg);
}

/* Reads up to cap bytes into dst, hashing them. Returns bytes read (0 at EOF / error). */
static size_t raw_read(dft_arcin *in, uint8_t *dst, size_t cap)
{
    if (in->eof) return 0;
    for (;;) {
        ssize_t r = read(in->fd, dst, cap);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            char m[160];
            snprintf(m, sizeof m, "read error at byte %llu: %s", (unsigned long long)in->raw_off, strerror(errno));
            note(in, m);
            in->eof = true;
            return 0;
        }
        if (r == 0) {
            in->eof = true;
            return 0;
        }
        dft_hasher_update(in->hasher, dst, (size_t)r);
        in->raw_off += (uint64_t)r;
        if (in->progress) atomic_store(in->progress, in->raw_off);
        return (size_t)r;
    }
}

int dft_arcin_peek(dft_arcin *in, size_t min, const uint8_t **data, size_t *len)
{
    if (min > DFT_ARCIN_BLOCK) min = DFT_ARCIN_BLOCK;
    while (in->in_len < min && !in->eof) {
        size_t n = raw_read(in, in->in + in->in_len, DFT_ARCIN_BLOCK - in->in_len);
        in->in_len += n;
    }
    *data = in->in;
    *len = in->in_len;
    return DFT_OK;
}

int dft_arcin_start_payload(dft_arcin *in, size_t skip, bool inflate)
{
    in->in_pos = skip <= in->in_len ? skip : in->in_len;
    if (inflate) {
        memset(&in->zs, 0, sizeof in->zs);
        if (inflateInit(&in->zs) != Z_OK) return dft_error_set(DFT_ENOMEM, "zlib init failed");
        in->z_ready = in->inflating = true;
        in->zs.next_in = in->in + in->in_pos;
        in->zs.avail_in = (uInt)(in->in_len - in->in_pos);
    }
    return DFT_OK;
}

la_ssize_t dft_arcin_read(struct archive *archive, void *client, const void **buf)
{
    (void)archive;
    dft_arcin *in = client;
    if (!in->inflating) {
        if (in->in_pos >= in->in_len) {
            in->in_len = raw_read(in, in->in, DFT_ARCIN_BLOCK);
            in->in_pos = 0;
        }
        size_t n = in->in_len - in->in_pos;
        *buf = in->in + in->in_pos;
        in->in_pos = in->in_len;
        return (la_ssize_t)n;
    }
    if (in->z_end) return 0;
    in->zs.next_out = in->out;
    in->zs.avail_out = DFT_ARCIN_BLOCK;
    while (in->zs.avail_out == DFT_ARCIN_BLOCK) {
        if (in->zs.avail_in == 0) {
            in->in_len = raw_read(in, in->in, DFT_ARCIN_BLOCK);
            in->in_pos = 0;
            if (in->in_len == 0) {
                note(in, "android backup zlib stream truncated");
                in->z_end = true;
                break;
            }
            in->zs.next_in = in->in;
            in->zs.avail_in = (uInt)in->in_len;
        }
        int zr = inflate(&in->zs, Z_NO_FLUSH);
        if (zr == Z_STREAM_END) {
            in->z_end = true;
            break;
        }
        if (zr != Z_OK && zr != Z_BUF_ERROR) {
            char m[160];
            snprintf(m, sizeof m, "android backup zlib data corrupt near byte %llu: %s",
                     (unsigned long long)in->raw_off, in->zs.msg ? in->zs.msg : "inflate error");
            note(in, m);
            in->z_end = true;
            break;
        }
    }
    *buf = in->out;
    return (la_ssize_t)(DFT_ARCIN_BLOCK - in->zs.avail_out);
}

int dft_arcin_finish(dft_arcin *in, dft_hashes *out)
{
    while (raw_read(in, in->in, DFT_ARCIN_BLOCK) > 0) {
    }
    in->in_len = in->in_pos = 0;
    return dft_hasher_final(in->hasher, out);
}

int dft_zip_member_stream(int fd, uint64_t file_size, const dft_zipcd_entry *e,
                          int (*cb)(void *payload, const uint8_t *data, size_t len), void *payload)
{
    uint8_t lh[30];
    if (e->local_offset > file_size || file_size - e->local_offset < 30 ||
        pread(fd, lh, 30, (off_t)e->local_offset) != 30)
        return DFT_CORRUPT("zip local header of %s outside the file", e->name);
    dft_buf b = dft_buf_make(lh, 30);
    uint32_t sig;
    uint16_t nl, xl;
    dft_buf_u32le(&b, &sig);
    dft_buf_seek(&b, 26);
    dft_buf_u16le(&b, &nl);
    dft_buf_u16le(&b, &xl);
    if (sig != 0x04034b50) return DFT_CORRUPT("zip local header of %s has a bad signature", e->name);
    uint64_t off = e->local_offset + 30 + nl + xl;
    if (off > file_size || e->csize > file_size - off) return DFT_CORRUPT("zip member %s runs past the end", e->name);
    if (e->method != 0 && e->method != 8)
        return dft_error_set(DFT_EUNSUPPORTED, "zip member %s uses method %u", e->name, e->method);
    uint8_t *ib = malloc(DFT_ARCIN_BLOCK), *ob = malloc(DFT_ARCIN_BLOCK);
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    int rc = DFT_OK;
    bool zinit = false;
    if (!ib || !ob) rc = dft_error_set(DFT_ENOMEM, "out of memory reading a zip member");
    if (!rc && e->method == 8) {
        if (inflateInit2(&zs, -15) != Z_OK) rc = dft_error_set(DFT_ENOMEM, "zlib init failed");
        else zinit = true;
    }
    uint64_t left = e->csize;
    bool done = false;
    while (!rc && !done) {
        size_t want = left < DFT_ARCIN_BLOCK ? (size_t)left : DFT_ARCIN_BLOCK;
        ssize_t r = want ? pread(fd, ib, want, (off_t)off) : 0;
        if (r < 0 || (size_t)r != want) {
            rc = DFT_CORRUPT("zip member %s unreadable at byte %llu", e->name, (unsigned long long)off);
            break;
        }
        off += want;
        left -= want;
        if (e->method == 0) {
            if (want) rc = cb(payload, ib, want);
            done = left == 0;
            continue;
        }
        zs.next_in = ib;
        zs.avail_in = (uInt)want;
        do {
            zs.next_out = ob;
            zs.avail_out = DFT_ARCIN_BLOCK;
            int zr = inflate(&zs, Z_NO_FLUSH);
            size_t got = DFT_ARCIN_BLOCK - zs.avail_out;
            if (got) rc = cb(payload, ob, got);
            if (zr == Z_STREAM_END) {
                done = true;
                break;
            }
            if (zr != Z_OK && zr != Z_BUF_ERROR) {
                rc = DFT_CORRUPT("zip member %s: deflate data corrupt", e->name);
                break;
            }
            if (zr == Z_BUF_ERROR && zs.avail_in == 0 && left == 0) {
                rc = DFT_CORRUPT("zip member %s: deflate data truncated", e->name);
                break;
            }
        } while (!rc && (zs.avail_in > 0 || zs.avail_out == 0));
    }
    if (zinit) inflateEnd(&zs);
    free(ib);
    free(ob);
    return rc;
}
