/*
 * zipcd.c - zip central directory reader (see zipcd.h for the layout).
 */
#include "zipcd.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "strmap.h"
#include "buf.h"
#include "error.h"

#define MAX_CD_BYTES (512ull << 20)

struct dft_zipcd {
    dft_zipcd_entry *e;
    bool *taken;
    size_t n;
    dft_strmap *first; /* name -> index of first entry */
};

static int pread_all(int fd, void *buf, size_t len, uint64_t off)
{
    size_t done = 0;
    while (done < len) {
        ssize_t r = pread(fd, (char *)buf + done, len - done, (off_t)(off + done));
        if (r <= 0) return dft_error_set(DFT_EIO, "short read at byte %llu", (unsigned long long)(off + done));
        done += (size_t)r;
    }
    return DFT_OK;
}

static int find_eocd(int fd, uint64_t size, uint64_t *cd_off, uint64_t *cd_size, uint64_t *entries)
{
    size_t tail = size < 65557 ? (size_t)size : 65557;
    if (tail < 22) return dft_error_set(DFT_ENOTFOUND, "too small for a zip");
    uint8_t *b = malloc(tail);
    if (!b) return dft_error_set(DFT_ENOMEM, "out of memory for the zip tail");
    uint64_t base = size - tail;
    int rc = pread_all(fd, b, tail, base);
    long at = -1;
    for (long i = (long)tail - 22; !rc && i >= 0; i--)
        if (b[i] == 0x50 && b[i + 1] == 0x4b && b[i + 2] == 5 && b[i + 3] == 6) {
            at = i;
            break;
        }
    if (!rc && at < 0) rc = dft_error_set(DFT_ENOTFOUND, "no end of central directory");
    if (!rc) {
        dft_buf eb = dft_buf_make(b + at, tail - (size_t)at);
        uint16_t n16;
        uint32_t sz, off;
        dft_buf_seek(&eb, 10);
        dft_buf_u16le(&eb, &n16);
        dft_buf_u32le(&eb, &sz);
        dft_buf_u32le(&eb, &off);
        *entries = n16;
        *cd_size = sz;
        *cd_off = off;
        if ((n16 == 0xffff || sz == 0xffffffffu || off == 0xffffffffu) && at >= 20) {
            dft_buf lb = dft_buf_make(b + at - 20, 20);
            uint32_t sig;
            uint64_t z64off;
            if (dft_buf_u32le(&lb, &sig) == DFT_OK && sig == 0x07064b50 && dft_buf_skip(&lb, 4) == DFT_OK &&
                dft_buf_u64le(&lb, &z64off) == DFT_OK && z64off + 56 <= size) {
                uint8_t z[56];
                if ((rc = pread_all(fd, z, sizeof z, z64off)) == DFT_OK) {
                    dft_buf zb = dft_buf_make(z, sizeof z);
                    dft_buf_u32le(&zb, &sig);
                    if (sig != 0x06064b50) {
                        rc = DFT_CORRUPT("zip64 end of central directory signature wrong");
                    } else {
                        dft_buf_seek(&zb, 32);
                        dft_buf_u64le(&zb, entries);
                        dft_buf_u64le(&zb, cd_size);
                        dft_buf_u64le(&zb, cd_off);
                    }
                }
            }
        }
    }
    free(b);
    if (!rc && (*cd_off > size || *cd_size > size - *cd_off))
        rc = DFT_CORRUPT("zip central directory lies outside the file");
    if (!rc && *cd_size > MAX_CD_BYTES) rc = DFT_CORRUPT("zip central directory larger than 512 MiB");
    return rc;
}

static void zip64_extra(dft_buf ex, dft_zipcd_entry *e, bool u, bool c, bool o)
{
    while (dft_buf_left(&ex) >= 4) {
        uint16_t id, len;
        dft_buf_u16le(&ex, &id);
        dft_buf_u16le(&ex, &len);
        dft_buf sub;
        if (dft_buf_sub(&ex, len, &sub) != DFT_OK) return;
        if (id != 1) continue;
        if (u && dft_buf_u64le(&sub, &e->usize)) return;
        if (c && dft_buf_u64le(&sub, &e->csize)) return;
        if (o && dft_buf_u64le(&sub, &e->local_offset)) return;
        return;
    }
}

int dft_zipcd_read(dft_zipcd **out, int fd, uint64_t size)
{
    *out = NULL;
    uint64_t cd_off, cd_size, entries;
    int rc = find_eocd(fd, size, &cd_off, &cd_size, &entries);
    if (rc) return rc;
    dft_zipcd *z = calloc(1, sizeof *z);
    uint8_t *cd = malloc(cd_size ? cd_size : 1);
    size_t cap = entries < 1000000 ? (size_t)entries + 1 : 1000000;
    if (z) z->e = calloc(cap, sizeof *z->e);
    if (z) z->taken = calloc(cap, sizeof *z->taken);
    if (!z || !cd || !z->e || !z->taken || dft_strmap_new(&z->first)) {
        free(cd);
        dft_zipcd_free(z);
        return dft_error_set(DFT_ENOMEM, "out of memory for the zip central directory");
    }
    rc = pread_all(fd, cd, cd_size, cd_off);
    dft_buf b = dft_buf_make(cd, cd_size);
    while (!rc && z->n < cap && dft_buf_left(&b) >= 46) {
        size_t start = b.pos;
        uint32_t sig, crc, cs, us, lo, ea;
        uint16_t made, need, flags, method, t, d, nl, xl, cl, disk, ia;
        dft_buf_u32le(&b, &sig);
        if (sig != 0x02014b50) break;
        dft_buf_u16le(&b, &made);
        dft_buf_u16le(&b, &need);
        dft_buf_u16le(&b, &flags);
        dft_buf_u16le(&b, &method);
        dft_buf_u16le(&b, &t);
        dft_buf_u16le(&b, &d);
        dft_buf_u32le(&b, &crc);
        dft_buf_u32le(&b, &cs);
        dft_buf_u32le(&b, &us);
        dft_buf_u16le(&b, &nl);
        dft_buf_u16le(&b, &xl);
        dft_buf_u16le(&b, &cl);
        dft_buf_u16le(&b, &disk);
        dft_buf_u16le(&b, &ia);
        dft_buf_u32le(&b, &ea);
        dft_buf_u32le(&b, &lo);
        const uint8_t *name;
        dft_buf ex;
        if (dft_buf_bytes(&b, nl, &name) || dft_buf_sub(&b, xl, &ex) || dft_buf_skip(&b, cl)) {
            rc = DFT_CORRUPT("zip central directory entry at byte %llu truncated",
                             (unsigned long long)(cd_off + start));
            break;
        }
        dft_zipcd_entry *e = &z->e[z->n];
        e->name = strndup((const char *)name, nl);
        if (!e->name) {
            rc = dft_error_set(DFT_ENOMEM, "out of memory for a zip name");
            break;
        }
        e->crc32 = crc;
        e->csize = cs;
        e->usize = us;
        e->local_offset = lo;
        e->method = method;
        e->flags = flags;
        zip64_extra(ex, e, us == 0xffffffffu, cs == 0xffffffffu, lo == 0xffffffffu);
        int64_t dummy;
        if (dft_strmap_get(z->first, e->name, &dummy) != DFT_OK) rc = dft_strmap_put(z->first, e->name, (int64_t)z->n);
        z->n++;
    }
    free(cd);
    *out = z;
    return rc;
}

void dft_zipcd_free(dft_zipcd *z)
{
    if (!z) return;
    for (size_t i = 0; i < z->n; i++) free(z->e[i].name);
    free(z->e);
    free(z->taken);
    dft_strmap_free(z->first);
    free(z);
}

size_t dft_zipcd_count(const dft_zipcd *z) { return z ? z->n : 0; }

const dft_zipcd_entry *dft_zipcd_at(const dft_zipcd *z, size_t i) { return i < z->n ? &z->e[i] : NULL; }

const dft_zipcd_entry *dft_zipcd_take(dft_zipcd *z, const char *name)
{
    int64_t i;
    if (!z || dft_strmap_get(z->first, name, &i) != DFT_OK) return NULL;
    for (size_t k = (size_t)i; k < z->n; k++) {
        if (!z->taken[k] && strcmp(z->e[k].name, name) == 0) {
            z->taken[k] = true;
            return &z->e[k];
        }
    }
    return NULL;
}

size_t dft_zipcd_untaken(const dft_zipcd *z, const char **first)
{
    size_t n = 0;
    if (first) *first = NULL;
    for (size_t k = 0; z && k < z->n; k++) {
        if (z->taken[k]) continue;
        if (!n && first) *first = z->e[k].name;
        n++;
    }
    return n;
}
