/*
 * buf.c - bounded reads for buf.h. Every read checks the window first and leaves the cursor
 * unchanged on overrun.
 */
#include "buf.h"

#include <string.h>

static int need(const dft_buf *b, size_t n)
{
    if (!dft_buf_fits(b, b->pos, n))
        return dft_error_set(DFT_ECORRUPT, "read of %zu bytes at %zu past end of %zu-byte buffer",
                             n, b->pos, b->len);
    return DFT_OK;
}

int dft_buf_seek(dft_buf *b, size_t off)
{
    if (off > b->len)
        return dft_error_set(DFT_ECORRUPT, "seek to %zu past end of %zu-byte buffer", off, b->len);
    b->pos = off;
    return DFT_OK;
}

int dft_buf_skip(dft_buf *b, size_t n)
{
    int rc = need(b, n);
    if (rc) return rc;
    b->pos += n;
    return DFT_OK;
}

int dft_buf_u8(dft_buf *b, uint8_t *out)
{
    int rc = need(b, 1);
    if (rc) return rc;
    *out = b->data[b->pos++];
    return DFT_OK;
}

static uint64_t get_le(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--) v = (v << 8) | p[i];
    return v;
}

static uint64_t get_be(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++) v = (v << 8) | p[i];
    return v;
}

/* The one multi-byte read: checks the window, decodes n bytes, advances. */
static int read_uint(dft_buf *b, int n, uint64_t (*get)(const uint8_t *, int), uint64_t *out)
{
    int rc = need(b, (size_t)n);
    if (rc) return rc;
    *out = get(b->data + b->pos, n);
    b->pos += (size_t)n;
    return DFT_OK;
}

int dft_buf_u16le(dft_buf *b, uint16_t *out)
{
    uint64_t v;
    int rc = read_uint(b, 2, get_le, &v);
    if (rc == DFT_OK) *out = (uint16_t)v;
    return rc;
}

int dft_buf_u32le(dft_buf *b, uint32_t *out)
{
    uint64_t v;
    int rc = read_uint(b, 4, get_le, &v);
    if (rc == DFT_OK) *out = (uint32_t)v;
    return rc;
}

int dft_buf_u64le(dft_buf *b, uint64_t *out)
{
    uint64_t v;
    int rc = read_uint(b, 8, get_le, &v);
    if (rc == DFT_OK) *out = (uint64_t)v;
    return rc;
}

int dft_buf_u16be(dft_buf *b, uint16_t *out)
{
    uint64_t v;
    int rc = read_uint(b, 2, get_be, &v);
    if (rc == DFT_OK) *out = (uint16_t)v;
    return rc;
}

int dft_buf_u32be(dft_buf *b, uint32_t *out)
{
    uint64_t v;
    int rc = read_uint(b, 4, get_be, &v);
    if (rc == DFT_OK) *out = (uint32_t)v;
    return rc;
}

int dft_buf_u64be(dft_buf *b, uint64_t *out)
{
    uint64_t v;
    int rc = read_uint(b, 8, get_be, &v);
    if (rc == DFT_OK) *out = (uint64_t)v;
    return rc;
}

int dft_buf_bytes(dft_buf *b, size_t n, const uint8_t **out)
{
    int rc = need(b, n);
    if (rc) return rc;
    *out = b->data + b->pos;
    b->pos += n;
    return DFT_OK;
}

int dft_buf_sub(dft_buf *b, size_t n, dft_buf *out)
{
    int rc = need(b, n);
    if (rc) return rc;
    *out = dft_buf_make(b->data + b->pos, n);
    b->pos += n;
    return DFT_OK;
}

int dft_buf_line(dft_buf *b, const char **out, size_t *outlen)
{
    if (b->pos >= b->len)
        return dft_error_set(DFT_ENOTFOUND, "no more lines");
    const uint8_t *start = b->data + b->pos;
    const uint8_t *nl = memchr(start, '\n', b->len - b->pos);
    size_t n = nl ? (size_t)(nl - start) : b->len - b->pos;
    b->pos += n + (nl ? 1 : 0);
    if (n > 0 && start[n - 1] == '\r') n--;
    *out = (const char *)start;
    *outlen = n;
    return DFT_OK;
}
