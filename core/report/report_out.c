/*
 * report_out.c - the report's output writer and its escapers: HTML text/attributes, JSON string
 * literals that are also safe inside <script>, RFC 4180 CSV fields. Every one repairs invalid UTF-8
 * (an overlong form, a surrogate, a truncated sequence) to U+FFFD, so outputs are always valid UTF-8
 * whatever bytes the evidence put into the case.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "report_impl.h"

int out_open(rpt_out *o, const char *path)
{
    memset(o, 0, sizeof *o);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return dft_error_set(DFT_EIO, "%s: %s", path, strerror(errno));
    o->f = fdopen(fd, "w");
    o->path = strdup(path);
    if (!o->f || !o->path) {
        if (o->f) fclose(o->f);
        else close(fd);
        free(o->path);
        o->f = NULL, o->path = NULL;
        return dft_error_set(DFT_ENOMEM, "out of memory");
    }
    setvbuf(o->f, NULL, _IOFBF, 1 << 16);
    return DFT_OK;
}

int out_close(rpt_out *o)
{
    if (!o->f) return DFT_OK;
    if (fflush(o->f) != 0 && !o->err) o->err = errno ? errno : EIO;
    if (fclose(o->f) != 0 && !o->err) o->err = errno ? errno : EIO;
    o->f = NULL;
    int rc = DFT_OK;
    if (o->err) rc = dft_error_set(DFT_EIO, "%s: %s", o->path, strerror(o->err));
    free(o->path);
    o->path = NULL;
    return rc;
}

void out_rawn(rpt_out *o, const char *s, size_t n)
{
    if (!o->f || o->err || !n) return;
    if (fwrite(s, 1, n, o->f) != n) o->err = errno ? errno : EIO;
}

void out_raw(rpt_out *o, const char *s)
{
    if (s) out_rawn(o, s, strlen(s));
}

void out_fmt(rpt_out *o, const char *fmt, ...)
{
    if (!o->f || o->err) return;
    va_list ap;
    va_start(ap, fmt);
    if (vfprintf(o->f, fmt, ap) < 0) o->err = errno ? errno : EIO;
    va_end(ap);
}

/* Length of the valid UTF-8 sequence at s (1..4), with its code point, or 0 when invalid. */
static size_t utf8_seq(const unsigned char *s, uint32_t *cp)
{
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t n;
    uint32_t v, min;
    if ((c & 0xe0) == 0xc0) n = 2, v = c & 0x1f, min = 0x80;
    else if ((c & 0xf0) == 0xe0) n = 3, v = c & 0x0f, min = 0x800;
    else if ((c & 0xf8) == 0xf0) n = 4, v = c & 0x07, min = 0x10000;
    else return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80) return 0; /* also stops at the NUL terminator */
        v = (v << 6) | (s[i] & 0x3f);
    }
    if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return 0;
    *cp = v;
    return n;
}

static const char fffd[] = "\xef\xbf\xbd";

void out_html(rpt_out *o, const char *s)
{
    if (!s) return;
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *run = p; /* bytes copied as they are */
    while (*p) {
        uint32_t cp;
        size_t n = utf8_seq(p, &cp);
        const char *rep = NULL;
        if (!n) rep = fffd, n = 1;
        else if (cp == '&') rep = "&amp;";
        else if (cp == '<') rep = "&lt;";
        else if (cp == '>') rep = "&gt;";
        else if (cp == '"') rep = "&quot;";
        else if (cp == '\'') rep = "&#39;";
        else if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7f) rep = fffd;
        if (rep) {
            out_rawn(o, (const char *)run, (size_t)(p - run));
            out_raw(o, rep);
            run = p + n;
        }
        p += n;
    }
    out_rawn(o, (const char *)run, (size_t)(p - run));
}

void out_json(rpt_out *o, const char *s)
{
    if (!s) {
        out_raw(o, "null");
        return;
    }
    out_rawn(o, "\"", 1);
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *run = p;
    char esc[8];
    while (*p) {
        uint32_t cp;
        size_t n = utf8_seq(p, &cp);
        const char *rep = NULL;
        if (!n) rep = "\\ufffd", n = 1;
        else if (cp == '"') rep = "\\\"";
        else if (cp == '\\') rep = "\\\\";
        else if (cp == '\n') rep = "\\n";
        else if (cp == '\r') rep = "\\r";
        else if (cp == '\t') rep = "\\t";
        else if (cp < 0x20 || cp == '<' || cp == '>' || cp == '&' || cp == 0x2028 || cp == 0x2029 || cp == 0x7f) {
            snprintf(esc, sizeof esc, "\\u%04x", (unsigned)cp);
            rep = esc;
        }
        if (rep) {
            out_rawn(o, (const char *)run, (size_t)(p - run));
            out_raw(o, rep);
            run = p + n;
        }
        p += n;
    }
    out_rawn(o, (const char *)run, (size_t)(p - run));
    out_rawn(o, "\"", 1);
}

void out_csv(rpt_out *o, const char *s)
{
    if (!s || !*s) return;
    size_t len = strlen(s);
    bool quote = strpbrk(s, ",\"\r\n") != NULL || s[0] == ' ' || s[len - 1] == ' ';
    if (quote) out_rawn(o, "\"", 1);
    const unsigned char *p = (const unsigned char *)s;
    const unsigned char *run = p;
    while (*p) {
        uint32_t cp;
        size_t n = utf8_seq(p, &cp);
        const char *rep = NULL;
        if (!n) rep = fffd, n = 1;
        else if (cp == '"') rep = "\"\"";
        if (rep) {
            out_rawn(o, (const char *)run, (size_t)(p - run));
            out_raw(o, rep);
            run = p + n;
        }
        p += n;
    }
    out_rawn(o, (const char *)run, (size_t)(p - run));
    if (quote) out_rawn(o, "\"", 1);
}

void out_json_col(rpt_out *o, sqlite3_stmt *st, int col)
{
    switch (sqlite3_column_type(st, col)) {
    case SQLITE_NULL:
        out_raw(o, "null");
        break;
    case SQLITE_INTEGER:
        out_fmt(o, "%lld", (long long)sqlite3_column_int64(st, col));
        break;
    case SQLITE_FLOAT:
        if (isfinite(sqlite3_column_double(st, col))) out_fmt(o, "%.17g", sqlite3_column_double(st, col));
        else out_raw(o, "null"); /* JSON has no NaN/Infinity */
        break;
    default:
        out_json(o, (const char *)sqlite3_column_text(st, col));
    }
}
