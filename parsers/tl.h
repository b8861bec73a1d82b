/*
 * tl.h - a bounded reader of Telegram's TL binary serialisation (the format Telegram Android keeps
 * in cache4.db blobs and in userconfing.xml): little-endian int32/int64/double, "bytes"/"string"
 * with TL's length and padding rules, vectors (constructor 0x1cb5c415 + count) and flags words.
 *
 * Format (core.telegram.org/mtproto/serialize):
 *   int     4 bytes LE            long    8 bytes LE          double  8 bytes IEEE-754 LE
 *   bytes   len < 254: 1 byte len, data, zero padding to a multiple of 4 (counting the length byte)
 *           len >= 254: 0xfe, 3 bytes LE len, data, padding to a multiple of 4
 *   Vector  0x1cb5c415, int count, count elements (boxed or bare)
 *   flags   an int; field "name:flags.N?type" is present when bit N is set ("true" fields take no bytes)
 *
 * The cursor is sticky: the first read past the end (or a malformed length) sets `bad`, and every
 * later read returns zero/empty without moving, so a decoder reads a whole layout and checks once
 * with dft_tl_check(). Nothing is allocated; strings are borrowed windows of the input.
 */
#ifndef DFT_TL_H
#define DFT_TL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DFT_TL_VECTOR 0x1cb5c415u

typedef struct dft_tl {
    const uint8_t *p;
    size_t len;
    size_t pos;
    bool bad;           /* a read failed: the cursor no longer moves */
} dft_tl;

/* A borrowed window of the input (not NUL-terminated). */
typedef struct dft_tl_str {
    const uint8_t *p;
    size_t len;
} dft_tl_str;

void dft_tl_init(dft_tl *r, const void *data, size_t len);
/* DFT_OK, or DFT_ECORRUPT with a message naming what and where, once a read failed. */
int dft_tl_check(const dft_tl *r, const char *what);
size_t dft_tl_left(const dft_tl *r);

uint32_t dft_tl_u32(dft_tl *r);
int32_t dft_tl_i32(dft_tl *r);
int64_t dft_tl_i64(dft_tl *r);
double dft_tl_double(dft_tl *r);
/* TL bytes/string: a window into the input, padding consumed. */
dft_tl_str dft_tl_bytes(dft_tl *r);
/* Skips n raw bytes (int128/int256 fields, known fixed layouts). */
void dft_tl_skip(dft_tl *r, size_t n);
/* A vector header: checks the constructor and that count elements of at least min_elem bytes each
 * fit in what is left (so a hostile count cannot drive a long loop). Returns the count (0 when bad). */
uint32_t dft_tl_vector(dft_tl *r, size_t min_elem);

static inline bool dft_tl_flag(uint32_t flags, unsigned bit) { return bit < 32 && (flags >> bit) & 1u; }

/* True when the window is valid UTF-8 with no NUL (what a TL "string" must hold to be text). */
bool dft_tl_utf8(dft_tl_str s);
/* A malloc'd NUL-terminated copy of a window, or NULL (out of memory). */
char *dft_tl_strdup(dft_tl_str s);

/* Peeks a TL string at byte offset off of buf without a cursor: true and *out when a well-formed
 * string (length inside buf) starts there. */
bool dft_tl_string_at(const uint8_t *buf, size_t len, size_t off, dft_tl_str *out);

#endif
