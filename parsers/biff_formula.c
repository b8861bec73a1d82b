/*
 * biff_formula.c - FORMULA cell results of a BIFF5/BIFF8 workbook stream (rules in biff_formula.h).
 */
#include "biff_formula.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "textenc.h"
#include "xlsread.h"

#define R_FORMULA 0x0006
#define R_EOF 0x000A
#define R_DATEMODE 0x0022
#define R_CONTINUE 0x003C
#define R_CODEPAGE 0x0042
#define R_BOUNDSHEET 0x0085
#define R_XF 0x00E0
#define R_STRING 0x0207
#define R_ARRAY 0x0221
#define R_TABLE 0x0236
#define R_FORMAT 0x041E
#define R_SHRFMLA 0x04BC
#define R_BOF 0x0809

enum { W_PAST = 1, W_NOSTRING = 2, W_SHORT = 4, W_ROWS = 8, W_COLS = 16, W_CAP = 32, W_SHEET = 64, W_FSHORT = 128 };
enum { K_NONE, K_DATE, K_TIME, K_DATETIME };

typedef struct rec {
    uint16_t type, len;
    const uint8_t *d;
    size_t off;   /* of the header in the stream */
} rec;

typedef struct walk {
    const dft_ooxml_cb *cb;
    dft_biff_formulas *out;
    uint64_t max_cells, kept;
    size_t seq;
    int biff5, date1904;
    unsigned codepage, warned;
    uint32_t *bs_off;   /* lbPlyPos per sheet */
    uint16_t *xf_fmt;
    size_t nxf, xf_cap;
    uint8_t *fmt_kind;   /* 65536 entries by ifmt: K_* + 1 from a FORMAT record, 0 = none (built-in) */
} walk;

/* The record at *pos, *pos moved past it; 0 at the end (or a zero header), -1 when the record runs past
 * the stream. */
static int next_rec(const uint8_t *wb, size_t n, size_t *pos, rec *r)
{
    if (n - *pos < 4) return 0;
    r->off = *pos;
    r->type = (uint16_t)(wb[*pos] | wb[*pos + 1] << 8);
    r->len = (uint16_t)(wb[*pos + 2] | wb[*pos + 3] << 8);
    if (r->type == 0 && r->len == 0) return 0;   /* zero padding after the last record: the end, as for FreeXL */
    if (r->len > n - *pos - 4) return -1;
    r->d = wb + *pos + 4;
    *pos += 4u + r->len;
    return 1;
}

static void warn_once(walk *w, unsigned bit, const char *msg)
{
    if (w->warned & bit) return;
    w->warned |= bit;
    dft_ooxml_warnf(w->cb, "XLS formula results: %s", msg);
}

static int grow(void **p, size_t *cap, size_t need, size_t each)
{
    if (need <= *cap) return DFT_OK;
    size_t c = *cap ? *cap * 2 : 16;
    while (c < need) c *= 2;
    void *q = realloc(*p, c * each);
    if (!q) return dft_error_set(DFT_ENOMEM, "out of memory");
    *p = q;
    *cap = c;
    return DFT_OK;
}

/* ---- number formats -------------------------------------------------------------------------- */

/* Date/time kind of a number format string: y/d (and m without h/s) date, h/s time; quoted text,
 * escaped characters and [...] sections (colours, locales) are skipped, except elapsed [h] [m] [s]. */
static int format_kind(const char *s)
{
    int date = 0, time = 0, month = 0;
    for (; *s; s++) {
        char c = *s;
        if (c == '"') {
            const char *q = strchr(s + 1, '"');
            if (!q) break;
            s = q;
        } else if (c == '\\' || c == '_' || c == '*') {
            if (!s[1]) break;
            s++;
        } else if (c == '[') {
            const char *q = strchr(s + 1, ']');
            if (!q) break;
            char l = (char)(s[1] | 0x20);
            if (q > s + 1 && strspn(s + 1, "hHmMsS") == (size_t)(q - s - 1) && (l == 'h' || l == 'm' || l == 's')) time = 1;
            s = q;
        } else {
            switch (c | 0x20) {
            case 'y': case 'd': date = 1; break;
            case 'h': case 's': time = 1; break;
            case 'm': month = 1; break;
            default: break;
            }
        }
    }
    if (date && time) return K_DATETIME;
    if (date || (month && !time)) return K_DATE;
    return time ? K_TIME : K_NONE;
}

static int builtin_kind(uint16_t ifmt)
{
    if (ifmt >= 14 && ifmt <= 17) return K_DATE;
    if ((ifmt >= 18 && ifmt <= 21) || (ifmt >= 45 && ifmt <= 47)) return K_TIME;
    return ifmt == 22 ? K_DATETIME : K_NONE;
}

static int xf_kind(const walk *w, uint16_t ixfe)
{
    if (ixfe >= w->nxf) return K_NONE;
    uint16_t ifmt = w->xf_fmt[ixfe];
    if (w->fmt_kind && w->fmt_kind[ifmt]) return w->fmt_kind[ifmt] - 1;
    return builtin_kind(ifmt);
}

/* ---- text -------------------------------------------------------------------------------------- */

static const char *codepage_name(unsigned cp, char *tmp, size_t cap)
{
    switch (cp) {
    case 0: case 1200: case 32769: return "WINDOWS-1252";
    case 367: return "ASCII";
    case 10000: case 32768: return "MACINTOSH";
    default: snprintf(tmp, cap, "CP%u", cp); return tmp;
    }
}

static int append_text(walk *w, const char *t, size_t n, uint32_t *at)
{
    dft_biff_formulas *o = w->out;
    if (o->arena_len + n + 1 > UINT32_MAX) return DFT_ELIMIT;   /* offsets are 32-bit; unreachable under the 256 MiB stream cap */
    if (grow((void **)&o->arena, &o->arena_cap, o->arena_len + n + 1, 1)) return DFT_ENOMEM;
    *at = (uint32_t)o->arena_len;
    memcpy(o->arena + o->arena_len, t, n);
    o->arena[o->arena_len + n] = '\0';
    o->arena_len += n + 1;
    return DFT_OK;
}

/* The string of a STRING record r plus the CONTINUE records after it (*pos moves past those), as UTF-8
 * in the arena. 1 = stored, 0 = damaged (warned), <0 error. */
static int read_string(walk *w, const uint8_t *wb, size_t n, size_t *pos, const rec *r, uint32_t *at)
{
    dft_buf b = dft_buf_make(r->d, r->len);
    uint16_t cch;
    uint8_t flags = 0;
    if (dft_buf_u16le(&b, &cch) || (!w->biff5 && dft_buf_u8(&b, &flags))) return 0;
    if (!w->biff5) {   /* XLUnicodeString; rich/phonetic headers are reserved there but skipped if set */
        if ((flags & 0x08) && dft_buf_skip(&b, 2)) return 0;
        if ((flags & 0x04) && dft_buf_skip(&b, 4)) return 0;
    }
    /* BIFF8: UTF-16LE units (a compressed byte expands to one unit); BIFF5: code-page bytes */
    size_t unit = w->biff5 ? 1 : 2, got = 0;
    uint8_t *tmp = malloc((size_t)cch * unit + 1);
    if (!tmp) return dft_error_set(DFT_ENOMEM, "out of memory");
    int high = flags & 1;
    for (;;) {
        while (got < cch && dft_buf_left(&b) >= (w->biff5 || !high ? 1u : 2u)) {
            const uint8_t *p;
            dft_buf_bytes(&b, w->biff5 || !high ? 1 : 2, &p);
            tmp[got * unit] = p[0];
            if (!w->biff5) tmp[got * unit + 1] = high ? p[1] : 0;
            got++;
        }
        if (got == cch) break;
        size_t save = *pos;
        rec c;
        if (next_rec(wb, n, pos, &c) != 1 || c.type != R_CONTINUE) {
            *pos = save;
            break;
        }
        b = dft_buf_make(c.d, c.len);
        if (!w->biff5) {   /* a CONTINUE of a string repeats the fHighByte flag */
            uint8_t f;
            if (dft_buf_u8(&b, &f)) continue;
            high = f & 1;
        }
    }
    if (got < cch) warn_once(w, W_SHORT, "a STRING record shorter than its character count (the rest lost)");
    char cpn[24];
    dft_textenc_result res = {0};
    int rc = dft_textenc_to_utf8(tmp, got * unit, w->biff5 ? codepage_name(w->codepage, cpn, sizeof cpn) : "UTF-16LE", &res);
    if (rc == DFT_EUNSUPPORTED) rc = dft_textenc_to_utf8(tmp, got * unit, "WINDOWS-1252", &res);
    free(tmp);
    if (rc == DFT_ENOMEM) return rc;
    if (rc) return 0;
    rc = append_text(w, res.text, res.len, at);
    free(res.text);
    if (rc == DFT_ELIMIT) return 0;
    return rc ? rc : 1;
}

/* A FORMAT record's string (BIFF8 XLUnicodeString, BIFF5 u8-counted bytes), low bytes only: enough to
 * classify the format by its ASCII letters. */
static void read_format(walk *w, const rec *r)
{
    dft_buf b = dft_buf_make(r->d, r->len);
    uint16_t ifmt, cch = 0;
    uint8_t c8, flags = 0;
    if (dft_buf_u16le(&b, &ifmt)) return;
    if (w->biff5) {
        if (dft_buf_u8(&b, &c8)) return;
        cch = c8;
    } else if (dft_buf_u16le(&b, &cch) || dft_buf_u8(&b, &flags)) {
        return;
    }
    char s[256];
    size_t k = 0, step = (flags & 1) ? 2 : 1;
    const uint8_t *p;
    for (size_t i = 0; i < cch && k + 1 < sizeof s && dft_buf_bytes(&b, step, &p) == DFT_OK; i++)
        s[k++] = (step == 2 && p[1]) ? '?' : (char)p[0];
    s[k] = '\0';
    if (!w->fmt_kind && !(w->fmt_kind = calloc(65536, 1))) return;   /* built-in kinds then */
    w->fmt_kind[ifmt] = (uint8_t)(format_kind(s) + 1);   /* a later FORMAT for the same id wins */
}

/* ---- values ------------------------------------------------------------------------------------- */

/* Days since 1970-01-01 to a civil date (proleptic Gregorian, H. Hinnant's algorithm). */
static void civil(long z, long *y, unsigned *m, unsigned *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned long doe = (unsigned long)(z - era * 146097);
    unsigned long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = (long)yoe + era * 400;
    unsigned long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned long mp = (5 * doy + 2) / 153;
    *d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    *m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    *y = yy + (*m <= 2);
}

/* A date/time serial as FreeXL writes dates; 0 when out of range (the caller writes the raw number). */
static int format_serial(double v, int kind, int date1904, char *out, size_t cap)
{
    if (!(v >= 0 && v < 2958466.0)) return 0;
    long days = (long)floor(v);
    long secs = lround((v - (double)days) * 86400.0);
    if (secs >= 86400) {
        days++;
        secs -= 86400;
    }
    unsigned hh = (unsigned)(secs / 3600), mi = (unsigned)(secs / 60 % 60), ss = (unsigned)(secs % 60);
    if (kind == K_TIME) {
        snprintf(out, cap, "%02u:%02u:%02u", hh, mi, ss);
        return 1;
    }
    long y;
    unsigned m, d;
    if (date1904) {
        civil(days - 24107, &y, &m, &d);
    } else if (days == 60) {   /* Excel's 1900-02-29, a day that does not exist */
        y = 1900, m = 2, d = 29;
    } else if (days >= 1) {
        civil(days - (days < 60 ? 25568 : 25569), &y, &m, &d);
    } else {
        return 0;
    }
    if (kind == K_DATE) snprintf(out, cap, "%04ld-%02u-%02u", y, m, d);
    else snprintf(out, cap, "%04ld-%02u-%02u %02u:%02u:%02u", y, m, d, hh, mi, ss);
    return 1;
}

void dft_biff_format_double(double v, char *out, size_t cap)
{
    if (!isfinite(v)) {
        snprintf(out, cap, "%s", isnan(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
        return;
    }
    /* no fewer digits than the integer part has: 5000 stays "5000", not "5e+03" (which reads back too) */
    double a = fabs(v);
    int p = a >= 1 && a < 1e17 ? (int)floor(log10(a)) + 1 : 1;
    for (p = p < 1 ? 1 : p > 17 ? 17 : p; p <= 17; p++) {
        snprintf(out, cap, "%.*g", p, v);
        if (strtod(out, NULL) == v) return;
    }
}

static const char *error_text(uint8_t e)
{
    switch (e) {
    case 0x00: return "#NULL!";
    case 0x07: return "#DIV/0!";
    case 0x0F: return "#VALUE!";
    case 0x17: return "#REF!";
    case 0x1D: return "#NAME?";
    case 0x24: return "#NUM!";
    case 0x2A: return "#N/A";
    case 0x2B: return "#GETTING_DATA";
    default: return "#ERROR!";
    }
}

static int add_cell(walk *w, size_t sheet, uint32_t row, uint32_t col, uint32_t text)
{
    dft_biff_sheet_fcells *s = &w->out->sheets[sheet];
    if (grow((void **)&s->cells, &s->cap, s->n + 1, sizeof *s->cells)) return DFT_ENOMEM;
    s->cells[s->n++] = (dft_biff_fcell){ .row = row, .col = col, .text = text, .seq = (uint32_t)w->seq++ };
    w->kept++;
    return DFT_OK;
}

/* One FORMULA record in sheet `sheet`; *pos is past it, a STRING result's records are consumed. */
static int on_formula(walk *w, const uint8_t *wb, size_t n, size_t *pos, const rec *r, size_t sheet)
{
    if (r->len < 20) {
        warn_once(w, W_FSHORT, "a FORMULA record shorter than 20 bytes skipped");
        return DFT_OK;
    }
    const uint8_t *d = r->d;
    uint32_t row = (uint32_t)(d[0] | d[1] << 8), col = (uint32_t)(d[2] | d[3] << 8);
    uint16_t ixfe = (uint16_t)(d[4] | d[5] << 8);
    const uint8_t *val = d + 6;
    int is_string = val[6] == 0xFF && val[7] == 0xFF && val[0] == 0;
    uint32_t str_at = 0;
    int have_str = 0;
    if (is_string) {   /* the STRING record follows, after any SHRFMLA / ARRAY / TABLE of this cell */
        rec s;
        size_t p = *pos;
        int k;
        while ((k = next_rec(wb, n, &p, &s)) == 1 && (s.type == R_SHRFMLA || s.type == R_ARRAY || s.type == R_TABLE))
            ;
        if (k == 1 && s.type == R_STRING) {
            *pos = p;
            int rc = read_string(w, wb, n, pos, &s, &str_at);
            if (rc < 0) return rc;
            have_str = rc == 1;
        } else {
            warn_once(w, W_NOSTRING, "a string result without its STRING record skipped");
        }
    }
    if (row >= DFT_XLS_MAX_ROWS) {
        warn_once(w, W_ROWS, "cells past the row cap skipped");
        return DFT_OK;
    }
    if (col > 255) {
        warn_once(w, W_COLS, "cells past column 256 skipped");
        return DFT_OK;
    }
    char num[64];
    const char *text = num;
    if (is_string) {
        if (!have_str) return DFT_OK;
    } else if (val[6] == 0xFF && val[7] == 0xFF) {
        switch (val[0]) {
        case 1: text = val[2] ? "1" : "0"; break;
        case 2: text = error_text(val[2]); break;
        default: return DFT_OK;   /* 3: empty string; others undefined */
        }
    } else {
        double v;
        uint64_t bits = 0;
        for (int i = 7; i >= 0; i--) bits = bits << 8 | val[i];
        memcpy(&v, &bits, sizeof v);
        int kind = xf_kind(w, ixfe);
        if (kind == K_NONE || !format_serial(v, kind, w->date1904, num, sizeof num)) dft_biff_format_double(v, num, sizeof num);
    }
    if (w->kept >= w->max_cells) {
        warn_once(w, W_CAP, "more results than the cell cap skipped");
        return DFT_OK;
    }
    int rc;
    if (!is_string && (rc = append_text(w, text, strlen(text), &str_at)))
        return rc == DFT_ELIMIT ? DFT_OK : rc;
    return add_cell(w, sheet, row, col, str_at);
}

static void on_globals(walk *w, const rec *r)
{
    dft_buf b = dft_buf_make(r->d, r->len);
    uint16_t v;
    switch (r->type) {
    case R_CODEPAGE:
        if (dft_buf_u16le(&b, &v) == DFT_OK) w->codepage = v;
        break;
    case R_DATEMODE:
        if (dft_buf_u16le(&b, &v) == DFT_OK) w->date1904 = v == 1;
        break;
    case R_XF:
        if (dft_buf_skip(&b, 2) == DFT_OK && dft_buf_u16le(&b, &v) == DFT_OK &&
            grow((void **)&w->xf_fmt, &w->xf_cap, w->nxf + 1, sizeof *w->xf_fmt) == DFT_OK)
            w->xf_fmt[w->nxf++] = v;
        break;
    case R_FORMAT:
        read_format(w, r);
        break;
    default:
        break;
    }
}

static int cmp_cell(const void *a, const void *b)
{
    const dft_biff_fcell *x = a, *y = b;
    if (x->row != y->row) return x->row < y->row ? -1 : 1;
    if (x->col != y->col) return x->col < y->col ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

int dft_biff_formulas_read(const uint8_t *wb, size_t n, uint64_t max_cells, const dft_ooxml_cb *cb,
                           dft_biff_formulas *out)
{
    memset(out, 0, sizeof *out);
    walk w = { .cb = cb, .out = out, .max_cells = max_cells };
    size_t pos = 0, bs_cap = 0, sh_cap = 0, next_sheet = 0;
    int depth = 0, in_globals = 0, done_globals = 0, old = 0, rc = DFT_OK, k;
    size_t sheet = (size_t)-1;
    rec r;
    while (rc == DFT_OK && (k = next_rec(wb, n, &pos, &r)) == 1) {
        if (r.type == R_BOF || r.type == 0x0409 || r.type == 0x0209 || r.type == 0x0009) {
            if (depth++ > 0) continue;   /* a nested substream (chart): skipped to its EOF */
            uint16_t vers = r.len >= 2 ? (uint16_t)(r.d[0] | r.d[1] << 8) : 0;
            if (!done_globals) {
                in_globals = 1;
                w.biff5 = vers != 0x0600;
                old = r.type != R_BOF;   /* BIFF2-4: FORMULA has other ids and layouts there */
                continue;
            }
            sheet = (size_t)-1;
            for (size_t i = 0; i < out->nsheets; i++)
                if (w.bs_off[i] == r.off) sheet = i;
            if (sheet == (size_t)-1 && next_sheet < out->nsheets) {
                sheet = next_sheet;
                warn_once(&w, W_SHEET, "a sheet substream not where its BOUNDSHEET points: matched by order");
            }
            if (sheet != (size_t)-1) next_sheet = sheet + 1;
            continue;
        }
        if (r.type == R_EOF) {
            if (depth > 0 && --depth == 0) {
                if (in_globals) done_globals = 1;
                in_globals = 0;
                sheet = (size_t)-1;
            }
            continue;
        }
        if (depth != 1) continue;
        if (in_globals) {
            if (r.type == R_BOUNDSHEET && r.len >= 4) {
                if (out->nsheets >= 65535) continue;
                if (grow((void **)&w.bs_off, &bs_cap, out->nsheets + 1, sizeof *w.bs_off) ||
                    grow((void **)&out->sheets, &sh_cap, out->nsheets + 1, sizeof *out->sheets)) {
                    rc = DFT_ENOMEM;
                    break;
                }
                w.bs_off[out->nsheets] = (uint32_t)(r.d[0] | r.d[1] << 8 | r.d[2] << 16 | (uint32_t)r.d[3] << 24);
                out->sheets[out->nsheets++] = (dft_biff_sheet_fcells){0};
            } else {
                on_globals(&w, &r);
            }
        } else if (r.type == R_FORMULA && sheet != (size_t)-1 && !old) {
            rc = on_formula(&w, wb, n, &pos, &r, sheet);
        }
    }
    if (rc == DFT_OK && k < 0) warn_once(&w, W_PAST, "a record running past the end of the stream: the rest not read");
    for (size_t i = 0; rc == DFT_OK && i < out->nsheets; i++) {
        dft_biff_sheet_fcells *s = &out->sheets[i];
        if (s->n < 2) continue;
        qsort(s->cells, s->n, sizeof *s->cells, cmp_cell);
        size_t m = 0;   /* a later record for the same cell wins */
        for (size_t j = 0; j < s->n; j++) {
            if (m && s->cells[m - 1].row == s->cells[j].row && s->cells[m - 1].col == s->cells[j].col) m--;
            s->cells[m++] = s->cells[j];
        }
        s->n = m;
    }
    free(w.bs_off);
    free(w.xf_fmt);
    free(w.fmt_kind);
    return rc;
}

void dft_biff_formulas_free(dft_biff_formulas *f)
{
    if (!f) return;
    for (size_t i = 0; i < f->nsheets; i++) free(f->sheets[i].cells);
    free(f->sheets);
    free(f->arena);
    memset(f, 0, sizeof *f);
}
