/*
 * numfmt.h - integers as decimal text without printf (hot paths: a million row sources, the row
 * digests of sealing). The output is exactly what "%lld" writes.
 */
#ifndef DFT_NUMFMT_H
#define DFT_NUMFMT_H

#include <stddef.h>
#include <stdint.h>

/* Writes v in decimal and a NUL into out (at least 21 bytes); returns the length without the NUL. */
static inline size_t dft_i64_dec(char *out, int64_t v)
{
    char tmp[24];
    size_t n = 0;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    size_t k = 0;
    if (v < 0) out[k++] = '-';
    while (n) out[k++] = tmp[--n];
    out[k] = '\0';
    return k;
}

#endif
