/*
 * buf.h - the one bounded byte reader every parser uses (tvbuff/sbuf style).
 *
 * A dft_buf is a window (data, len) plus a cursor (pos). Readers check the range and return
 * DFT_ECORRUPT on overrun without moving the cursor; they never read outside the window.
 * A dft_buf borrows its bytes: the owner of `data` keeps them alive while the window is used.
 */
#ifndef DFT_BUF_H
#define DFT_BUF_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef struct dft_buf {
    const uint8_t *data;
    size_t len;
    size_t pos;
} dft_buf;

static inline dft_buf dft_buf_make(const void *data, size_t len)
{
    dft_buf b = { (const uint8_t *)data, len, 0 };
    return b;
}

static inline size_t dft_buf_left(const dft_buf *b) { return b->len - b->pos; }

/* True when n bytes starting at absolute offset off lie inside the window (overflow-safe). */
static inline int dft_buf_fits(const dft_buf *b, size_t off, size_t n)
{
    return off <= b->len && n <= b->len - off;
}

int dft_buf_seek(dft_buf *b, size_t off);
int dft_buf_skip(dft_buf *b, size_t n);
int dft_buf_u8(dft_buf *b, uint8_t *out);
int dft_buf_u16le(dft_buf *b, uint16_t *out);
int dft_buf_u32le(dft_buf *b, uint32_t *out);
int dft_buf_u64le(dft_buf *b, uint64_t *out);
int dft_buf_u16be(dft_buf *b, uint16_t *out);
int dft_buf_u32be(dft_buf *b, uint32_t *out);
int dft_buf_u64be(dft_buf *b, uint64_t *out);
/* Borrowed pointer to the next n bytes; advances the cursor. */
int dft_buf_bytes(dft_buf *b, size_t n, const uint8_t **out);
/* Child window of n bytes at the cursor; advances the cursor past it. */
int dft_buf_sub(dft_buf *b, size_t n, dft_buf *out);
/* Reads up to and excluding the next '\n' (a trailing '\r' dropped); out/outlen borrowed. */
int dft_buf_line(dft_buf *b, const char **out, size_t *outlen);

#endif
