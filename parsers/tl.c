/*
 * tl.c - the bounded TL reader (tl.h). Every length is checked against what is left of the input
 * before anything is read; the cursor becomes sticky-bad on the first failure.
 */
#include "tl.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"

void dft_tl_init(dft_tl *r, const void *data, size_t len)
{
    r->p = data;
    r->len = data ? len : 0;
    r->pos = 0;
    r->bad = false;
}

int dft_tl_check(const dft_tl *r, const char *what)
{
    if (!r->bad) return DFT_OK;
    return dft_error_set(DFT_ECORRUPT, "TL %s: truncated or malformed at byte %zu of %zu", what ? what : "object",
                         r->pos, r->len);
}

size_t dft_tl_left(const dft_tl *r) { return r->bad ? 0 : r->len - r->pos; }

/* Reserves n bytes: the start of them, or NULL (and bad) when they are not there. */
static const uint8_t *take(dft_tl *r, size_t n)
{
    if (r->bad || n > r->len - r->pos) {
        r->bad = true;
        return NULL;
    }
    const uint8_t *q = r->p + r->pos;
    r->pos += n;
    return q;
}

uint32_t dft_tl_u32(dft_tl *r)
{
    const uint8_t *q = take(r, 4);
    if (!q) return 0;
    return (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 | (uint32_t)q[3] << 24;
}

int32_t dft_tl_i32(dft_tl *r) { return (int32_t)dft_tl_u32(r); }

int64_t dft_tl_i64(dft_tl *r)
{
    const uint8_t *q = take(r, 8);
    if (!q) return 0;
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = v << 8 | q[i];
    return (int64_t)v;
}

double dft_tl_double(dft_tl *r)
{
    int64_t bits = dft_tl_i64(r);
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

dft_tl_str dft_tl_bytes(dft_tl *r)
{
    dft_tl_str s = { NULL, 0 };
    const uint8_t *h = take(r, 1);
    if (!h) return s;
    size_t n, head;
    if (h[0] < 254) {
        n = h[0];
        head = 1;
    } else if (h[0] == 254) {
        const uint8_t *l = take(r, 3);
        if (!l) return s;
        n = (size_t)l[0] | (size_t)l[1] << 8 | (size_t)l[2] << 16;
        head = 4;
    } else {
        r->bad = true;   /* 0xff is not a length prefix */
        return s;
    }
    const uint8_t *d = take(r, n);
    if (!d) return s;
    size_t pad = (4 - (head + n) % 4) % 4;
    if (!take(r, pad)) return s;
    s.p = d;
    s.len = n;
    return s;
}

void dft_tl_skip(dft_tl *r, size_t n) { (void)take(r, n); }

uint32_t dft_tl_vector(dft_tl *r, size_t min_elem)
{
    if (dft_tl_u32(r) != DFT_TL_VECTOR) {
        r->bad = true;
        return 0;
    }
    int32_t n = dft_tl_i32(r);
    if (r->bad || n < 0) {
        r->bad = true;
        return 0;
    }
    if (min_elem == 0) min_elem = 1;
    if ((size_t)n > dft_tl_left(r) / min_elem) {
        r->bad = true;
        return 0;
    }
    return (uint32_t)n;
}

bool dft_tl_utf8(dft_tl_str s)
{
    if (!s.p && s.len) return false;
    size_t i = 0;
    while (i < s.len) {
        uint8_t c = s.p[i];
        size_t n;
        uint32_t cp;
        if (c == 0) return false;
        if (c < 0x80) { i++; continue; }
        if ((c & 0xe0) == 0xc0) { n = 1; cp = c & 0x1f; }
        else if ((c & 0xf0) == 0xe0) { n = 2; cp = c & 0x0f; }
        else if ((c & 0xf8) == 0xf0) { n = 3; cp = c & 0x07; }
        else return false;
        if (n > s.len - i - 1) return false;
        for (size_t k = 1; k <= n; k++) {
            if ((s.p[i + k] & 0xc0) != 0x80) return false;
            cp = cp << 6 | (s.p[i + k] & 0x3f);
        }
        /* overlong forms, surrogates and values past U+10FFFF are not UTF-8 */
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += n + 1;
    }
    return true;
}

char *dft_tl_strdup(dft_tl_str s)
{
    char *out = malloc(s.len + 1);
    if (!out) return NULL;
    if (s.len) memcpy(out, s.p, s.len);
    out[s.len] = '\0';
    return out;
}

bool dft_tl_string_at(const uint8_t *buf, size_t len, size_t off, dft_tl_str *out)
{
    if (!buf || off >= len) return false;
    dft_tl r;
    dft_tl_init(&r, buf + off, len - off);
    dft_tl_str s = dft_tl_bytes(&r);
    if (r.bad) return false;
    *out = s;
    return true;
}
