/*
 * adb.c - Android backup (.ab) header parser; see adb.h for the layout.
 */
#include "parsers/adb.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

static bool line_is(const char *s, size_t n, const char *lit)
{
    return n == strlen(lit) && memcmp(s, lit, n) == 0;
}

/* Reads one line; a line must end with '\n' inside the window (else the header is truncated). */
static int next_line(dft_buf *b, const char **s, size_t *n)
{
    size_t start = b->pos;
    if (dft_buf_line(b, s, n) != DFT_OK)
        return DFT_CORRUPT("android backup header truncated at byte %zu", start);
    if (b->data[b->pos - 1] != '\n')
        return DFT_CORRUPT("android backup header line at byte %zu has no end", start);
    return DFT_OK;
}

int dft_adb_parse_header(const uint8_t *data, size_t len, dft_adb_header *out)
{
    memset(out, 0, sizeof *out);
    dft_buf b = dft_buf_make(data, len);
    const char *s;
    size_t n;
    if (len < strlen(DFT_ADB_MAGIC) || memcmp(data, DFT_ADB_MAGIC, strlen(DFT_ADB_MAGIC)) != 0)
        return DFT_CORRUPT("not an android backup: magic missing");
    b.pos = strlen(DFT_ADB_MAGIC);
    int rc = next_line(&b, &s, &n);
    if (rc) return rc;
    if (n == 0 || n > 3) return DFT_CORRUPT("android backup version line has %zu bytes", n);
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return DFT_CORRUPT("android backup version is not a number");
        v = v * 10 + (s[i] - '0');
    }
    out->version = v;
    if ((rc = next_line(&b, &s, &n))) return rc;
    if (line_is(s, n, "1")) out->compressed = true;
    else if (!line_is(s, n, "0")) return DFT_CORRUPT("android backup compression flag is not 0/1");
    if ((rc = next_line(&b, &s, &n))) return rc;
    size_t cp = n < sizeof out->encryption - 1 ? n : sizeof out->encryption - 1;
    memcpy(out->encryption, s, cp);
    out->encryption[cp] = 0;
    if (line_is(s, n, "none")) {
        out->encrypted = false;
    } else {
        out->encrypted = true;
        for (int i = 0; i < 5; i++) {
            if ((rc = next_line(&b, &s, &n))) return rc;
            if (i == 2) {
                unsigned long r = 0;
                for (size_t k = 0; k < n && k < 12; k++)
                    if (s[k] >= '0' && s[k] <= '9') r = r * 10 + (unsigned long)(s[k] - '0');
                out->pbkdf2_rounds = r;
            }
        }
    }
    out->header_len = b.pos;
    return DFT_OK;
}
