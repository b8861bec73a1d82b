/*
 * rtf.c - RTF text and tables in one linear pass (rules in rtf.h).
 */
#include "rtf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "textenc.h"

#define MAX_FONTS 1024
#define MAX_PENDING 4096   /* code-page bytes collected before a conversion */

typedef struct sbuf {
    char *p;
    size_t n, cap;
    int cut;
} sbuf;

static int sb_add(sbuf *s, const char *t, size_t n)
{
    if (s->n + n > DFT_OOXML_MAX_TEXT) {
        s->cut = 1;
        n = DFT_OOXML_MAX_TEXT - s->n;
    }
    if (s->n + n + 1 > s->cap) {
        size_t cap = s->cap ? s->cap : 64;
        while (cap < s->n + n + 1) cap *= 2;
        char *p = realloc(s->p, cap);
        if (!p) return dft_error_set(DFT_ENOMEM, "out of memory");
        s->p = p;
        s->cap = cap;
    }
    memcpy(s->p + s->n, t, n);
    s->n += n;
    s->p[s->n] = '\0';
    return DFT_OK;
}

/* What a group inherits and restores. */
typedef struct gstate {
    int skip;         /* inside an ignored destination */
    int uc;           /* fallback characters after \uN */
    int intbl;        /* paragraph is in a table */
    int font;         /* current \fN (-1 none) */
    int fonttbl;      /* inside the font table */
} gstate;

typedef struct rr {
    const unsigned char *p;
    size_t len, pos;
    const dft_ooxml_cb *cb;
    uint64_t max_cells, cells;
    gstate st[DFT_RTF_MAX_DEPTH];
    gstate over;             /* the state of every group deeper than DFT_RTF_MAX_DEPTH - 1 (cur) */
    size_t depth;            /* true depth (may exceed the kept states) */
    int ansicpg;
    int deff;                /* \deffN: the font of text before any \fN (-1 none) */
    uint16_t font_cp[MAX_FONTS];   /* code page per font number, 0 = the document's */
    int deftbl_font;         /* font being declared in the font table */
    int skip_fallback;       /* \uN fallback characters still to skip */
    unsigned hi_surrogate;
    unsigned char pend[MAX_PENDING];
    size_t npend;
    int pend_cp;
    sbuf para, cell;
    uint32_t paras, tables, row, col;
    int table_open;
    int warned_cut, warned_depth, warned_cp;
    size_t replaced;
} rr;

static void warn(rr *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(rr *r, const char *fmt, ...)
{
    if (!r->cb->warning) return;
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    r->cb->warning(r->cb->ctx, msg);
}

/* Groups deeper than the kept states share one overflow state, copied from the deepest kept one when
 * the overflow begins: what they set (a skipped destination) never leaks back into kept levels. */
static gstate *cur(rr *r) { return r->depth < DFT_RTF_MAX_DEPTH ? &r->st[r->depth] : &r->over; }

static sbuf *dst(rr *r) { return cur(r)->intbl ? &r->cell : &r->para; }

static int code_page(rr *r)
{
    gstate *g = cur(r);
    int f = g->font >= 0 ? g->font : r->deff;
    if (f >= 0 && f < MAX_FONTS && r->font_cp[f]) return r->font_cp[f];
    return r->ansicpg;
}

/* Converts the collected code-page bytes to UTF-8 into the current text. */
static int flush_bytes(rr *r)
{
    if (!r->npend) return DFT_OK;
    char enc[32];
    int cp = r->pend_cp;
    if (cp == 936) snprintf(enc, sizeof enc, "GB18030");   /* the superset: what Windows writes as 936 decodes */
    else if (cp == 65001) snprintf(enc, sizeof enc, "UTF-8");
    else if (cp == 10000) snprintf(enc, sizeof enc, "MACINTOSH");
    else snprintf(enc, sizeof enc, "CP%d", cp);
    dft_textenc_result t;
    int rc = dft_textenc_to_utf8(r->pend, r->npend, enc, &t);
    if (rc == DFT_EUNSUPPORTED) {
        if (!r->warned_cp) warn(r, "RTF code page %d unknown: read as 1252", cp);
        r->warned_cp = 1;
        rc = dft_textenc_to_utf8(r->pend, r->npend, "CP1252", &t);
    }
    r->npend = 0;
    if (rc) return rc;
    r->replaced += t.replaced;
    /* a \'00 byte decodes to NUL, which would cut the C string: dropped */
    size_t k = 0;
    for (size_t i = 0; i < t.len; i++)
        if (t.text[i]) t.text[k++] = t.text[i];
    rc = sb_add(dst(r), t.text, k);
    free(t.text);
    return rc;
}

static int put_byte(rr *r, unsigned char b)
{
    int cp = code_page(r), rc = DFT_OK;
    if (r->npend && (cp != r->pend_cp || r->npend == MAX_PENDING)) rc = flush_bytes(r);
    r->pend_cp = cp;
    r->pend[r->npend++] = b;
    return rc;
}

static int put_text(rr *r, const char *t, size_t n)
{
    int rc = flush_bytes(r);
    return rc ? rc : sb_add(dst(r), t, n);
}

static int put_cp(rr *r, unsigned c)
{
    char u[4];
    size_t n;
    if (c >= 0xD800 && c <= 0xDFFF) c = 0xFFFD;
    if (c == 0) return flush_bytes(r);   /* \u0: a NUL would cut the C string */
    if (c < 0x80) u[0] = (char)c, n = 1;
    else if (c < 0x800) u[0] = (char)(0xC0 | c >> 6), u[1] = (char)(0x80 | (c & 0x3F)), n = 2;
    else if (c < 0x10000)
        u[0] = (char)(0xE0 | c >> 12), u[1] = (char)(0x80 | ((c >> 6) & 0x3F)), u[2] = (char)(0x80 | (c & 0x3F)), n = 3;
    else
        u[0] = (char)(0xF0 | c >> 18), u[1] = (char)(0x80 | ((c >> 12) & 0x3F)), u[2] = (char)(0x80 | ((c >> 6) & 0x3F)),
        u[3] = (char)(0x80 | (c & 0x3F)), n = 4;
    return put_text(r, u, n);
}

static void note_cut(rr *r, sbuf *s)
{
    if (s->cut && !r->warned_cut) {
        warn(r, "a text over %zu bytes was cut", DFT_OOXML_MAX_TEXT);
        r->warned_cut = 1;
    }
    s->cut = 0;
}

static int count(rr *r)
{
    if (++r->cells > r->max_cells)
        return dft_error_set(DFT_ELIMIT, "more than %llu cells/paragraphs: reading stopped",
                             (unsigned long long)r->max_cells);
    return DFT_OK;
}

static int table_end(rr *r)
{
    if (!r->table_open) return DFT_OK;
    r->table_open = 0;
    return r->cb->table_end ? r->cb->table_end(r->cb->ctx) : DFT_OK;
}

static int end_para(rr *r)
{
    int rc = flush_bytes(r);
    if (rc) return rc;
    if (cur(r)->intbl) {   /* a paragraph inside a cell */
        return r->cell.n ? sb_add(&r->cell, "\n", 1) : DFT_OK;
    }
    rc = table_end(r);
    r->paras++;
    note_cut(r, &r->para);
    if (!rc) rc = count(r);
    if (!rc && r->para.n && r->cb->paragraph) rc = r->cb->paragraph(r->cb->ctx, r->paras, r->para.p);
    r->para.n = 0;
    return rc;
}

static int end_cell(rr *r)
{
    int rc = flush_bytes(r);
    if (rc) return rc;
    if (!r->table_open) {
        r->table_open = 1;
        r->tables++;
        r->row = 1;
        r->col = 0;
        if (r->cb->table) rc = r->cb->table(r->cb->ctx, r->tables, NULL);
        if (rc) return rc;
    }
    r->col++;
    /* a cell's trailing paragraph separator is no text */
    while (r->cell.n && r->cell.p[r->cell.n - 1] == '\n') r->cell.n--;
    note_cut(r, &r->cell);
    rc = count(r);
    if (!rc && r->cell.n && r->cb->cell) {
        r->cell.p[r->cell.n] = '\0';
        rc = r->cb->cell(r->cb->ctx, r->row, r->col, r->cell.p);
    }
    r->cell.n = 0;
    return rc;
}

static const char *const skip_dest[] = {
    "fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "fldinst", "listtable",
    "listoverridetable", "rsidtbl", "revtbl", "filetbl", "themedata", "colorschememapping", "datastore",
    "latentstyles", "xmlnstbl", "generator", "userprops", "xe", "tc", "pgdsctbl", "nonshppict", "objdata",
    "bkmkstart", "bkmkend", "mmathPr", "sp", "shpinst", "private", "operator", "author", "title",
    "subject", "keywords", "comment", "doccomm", "txe", "fchars", "lchars", "panose", "falt",
};

static int is_skip_dest(const char *w)
{
    for (size_t i = 0; i < sizeof skip_dest / sizeof *skip_dest; i++)
        if (!strcmp(w, skip_dest[i])) return 1;
    return 0;
}

static int charset_cp(long cs)
{
    switch (cs) {
    case 128: return 932;
    case 129: return 949;
    case 134: return 936;
    case 136: return 950;
    case 161: return 1253;
    case 162: return 1254;
    case 163: return 1258;
    case 177: return 1255;
    case 178: return 1256;
    case 186: return 1257;
    case 204: return 1251;
    case 222: return 874;
    case 238: return 1250;
    default: return 0;   /* 0 ANSI, 1 default, 2 symbol...: the document's code page */
    }
}

/* A control word with its parameter (has = a number followed). Returns an error code. */
static int control(rr *r, const char *w, int has, long n, int *fallback_char)
{
    gstate *g = cur(r);
    *fallback_char = 0;
    if (g->fonttbl) {
        if (!strcmp(w, "f") && has) r->deftbl_font = (int)n;
        else if (!strcmp(w, "fcharset") && has && r->deftbl_font >= 0 && r->deftbl_font < MAX_FONTS)
            r->font_cp[r->deftbl_font] = (uint16_t)charset_cp(n);
        else if (!strcmp(w, "cpg") && has && n > 0 && n < 65536 && r->deftbl_font >= 0 && r->deftbl_font < MAX_FONTS)
            r->font_cp[r->deftbl_font] = (uint16_t)n;
        return DFT_OK;
    }
    if (!strcmp(w, "fonttbl")) {
        g->fonttbl = 1;
        g->skip = 1;
        r->deftbl_font = -1;
        return DFT_OK;
    }
    if (is_skip_dest(w)) {
        g->skip = 1;
        return DFT_OK;
    }
    if (!strcmp(w, "ansicpg") && has && n > 0 && n < 65536) {
        r->ansicpg = (int)n;
        return DFT_OK;
    }
    if (!strcmp(w, "deff") && has) {
        r->deff = n >= 0 && n < MAX_FONTS ? (int)n : -1;
        return DFT_OK;
    }
    if (!strcmp(w, "plain")) {   /* character formatting back to defaults: the default font */
        g->font = -1;
        return DFT_OK;
    }
    if (!strcmp(w, "uc") && has && n >= 0 && n < 16) {
        g->uc = (int)n;
        return DFT_OK;
    }
    if (!strcmp(w, "f") && has) {
        g->font = (int)(n >= 0 && n < MAX_FONTS ? n : -1);
        return DFT_OK;
    }
    if (!strcmp(w, "pard")) {
        g->intbl = 0;
        return DFT_OK;
    }
    if (!strcmp(w, "intbl")) {
        g->intbl = 1;
        return DFT_OK;
    }
    if (g->skip) return DFT_OK;
    if (!strcmp(w, "u") && has) {
        *fallback_char = 1;
        long v = n < 0 ? n + 65536 : n;
        if (v < 0 || v > 0xFFFF) v = 0xFFFD;
        if (v >= 0xD800 && v <= 0xDBFF) {
            r->hi_surrogate = (unsigned)v;
            return flush_bytes(r);
        }
        if (v >= 0xDC00 && v <= 0xDFFF && r->hi_surrogate) {
            unsigned c = 0x10000 + ((r->hi_surrogate - 0xD800) << 10) + ((unsigned)v - 0xDC00);
            r->hi_surrogate = 0;
            return put_cp(r, c);
        }
        r->hi_surrogate = 0;
        return put_cp(r, (unsigned)v);
    }
    if (!strcmp(w, "par") || !strcmp(w, "sect") || !strcmp(w, "page")) return end_para(r);
    if (!strcmp(w, "cell")) return end_cell(r);
    if (!strcmp(w, "row")) {
        int rc = flush_bytes(r);
        if (r->table_open) {
            r->row++;
            r->col = 0;
        }
        return rc;
    }
    if (!strcmp(w, "line") || !strcmp(w, "nestrow")) return put_text(r, "\n", 1);
    if (!strcmp(w, "tab") || !strcmp(w, "nestcell")) return put_text(r, "\t", 1);
    static const struct { const char *w, *s; } sym[] = {
        {"emdash", "\xE2\x80\x94"}, {"endash", "\xE2\x80\x93"}, {"lquote", "\xE2\x80\x98"},
        {"rquote", "\xE2\x80\x99"}, {"ldblquote", "\xE2\x80\x9C"}, {"rdblquote", "\xE2\x80\x9D"},
        {"bullet", "\xE2\x80\xA2"}, {"emspace", " "}, {"enspace", " "}, {"qmspace", " "},
    };
    for (size_t i = 0; i < sizeof sym / sizeof *sym; i++)
        if (!strcmp(w, sym[i].w)) return put_text(r, sym[i].s, strlen(sym[i].s));
    return DFT_OK;
}

static int hexval(unsigned char h)
{
    if (h >= '0' && h <= '9') return h - '0';
    h |= 0x20;
    return h >= 'a' && h <= 'f' ? h - 'a' + 10 : -1;
}

int dft_rtf_is(const void *data, size_t len)
{
    const unsigned char *p = data;
    size_t i = 0;
    while (i < len && i < 64 && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n')) i++;
    return len - i >= 5 && memcmp(p + i, "{\\rtf", 5) == 0;
}

/* Consumes one "character" for the \uN fallback skip: returns 1 if the byte at pos was skipped. */
static int skip_fallback(rr *r)
{
    const unsigned char *p = r->p;
    if (!r->skip_fallback || r->pos >= r->len) return 0;
    unsigned char c = p[r->pos];
    if (c == '{' || c == '}') {   /* a group ends the fallback */
        r->skip_fallback = 0;
        return 0;
    }
    if (c == '\r' || c == '\n') {  /* not characters */
        r->pos++;
        return 1;
    }
    if (c == '\\' && r->pos + 1 < r->len) {
        if (p[r->pos + 1] == '\'') {
            r->pos += r->pos + 4 <= r->len ? 4 : r->len - r->pos;
        } else if ((p[r->pos + 1] | 0x20) >= 'a' && (p[r->pos + 1] | 0x20) <= 'z') {
            /* a control word counts as one character */
            size_t i = r->pos + 1;
            while (i < r->len && ((p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'z')) i++;
            if (i < r->len && p[i] == '-') i++;
            while (i < r->len && p[i] >= '0' && p[i] <= '9') i++;
            if (i < r->len && p[i] == ' ') i++;
            r->pos = i;
        } else
            r->pos += 2;
    } else
        r->pos++;
    r->skip_fallback--;
    return 1;
}

int dft_rtf_read(const void *data, size_t len, const dft_ooxml_limits *lim, const dft_ooxml_cb *cb)
{
    static const dft_ooxml_cb none;
    if (!data || !dft_rtf_is(data, len)) return dft_error_set(DFT_ENOTFOUND, "not an RTF document");
    rr *r = calloc(1, sizeof *r);
    if (!r) return dft_error_set(DFT_ENOMEM, "out of memory");
    r->p = data;
    r->len = len;
    r->cb = cb ? cb : &none;
    r->max_cells = lim && lim->max_cells ? lim->max_cells : 20000000u;
    r->ansicpg = 1252;
    r->st[0].uc = 1;
    r->st[0].font = -1;
    r->deftbl_font = -1;
    r->deff = -1;
    const unsigned char *p = r->p;
    int rc = DFT_OK;
    while (rc == DFT_OK && r->pos < len) {
        if (skip_fallback(r)) continue;
        unsigned char c = p[r->pos];
        if (c == '{') {
            r->pos++;
            rc = flush_bytes(r);
            r->depth++;
            if (r->depth < DFT_RTF_MAX_DEPTH) r->st[r->depth] = r->st[r->depth - 1];
            if (r->depth == DFT_RTF_MAX_DEPTH) r->over = r->st[DFT_RTF_MAX_DEPTH - 1];
            if (r->depth >= DFT_RTF_MAX_DEPTH && !r->warned_depth) {
                warn(r, "RTF groups nested deeper than %d", DFT_RTF_MAX_DEPTH);
                r->warned_depth = 1;
            }
            /* "{\*\dest ...}": an ignorable destination */
            if (r->pos + 1 < len && p[r->pos] == '\\' && p[r->pos + 1] == '*') cur(r)->skip = 1;
        } else if (c == '}') {
            r->pos++;
            rc = flush_bytes(r);
            if (r->depth > 0) r->depth--;
            /* closing a group in the overflow region: skipping falls back to the state the overflow began
             * with (a hostile deep document shows more text, never less) */
            if (r->depth >= DFT_RTF_MAX_DEPTH) r->over.skip = r->st[DFT_RTF_MAX_DEPTH - 1].skip;
        } else if (c == '\\') {
            if (r->pos + 1 >= len) break;
            unsigned char d = p[r->pos + 1];
            if ((d | 0x20) >= 'a' && (d | 0x20) <= 'z') {
                char w[33];
                size_t i = r->pos + 1, k = 0;
                while (i < len && ((p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'z')) {
                    if (k < sizeof w - 1) w[k++] = (char)p[i];
                    i++;
                }
                w[k] = '\0';
                int has = 0, neg = 0;
                long n = 0;
                if (i < len && p[i] == '-') neg = 1, i++;
                while (i < len && p[i] >= '0' && p[i] <= '9') {
                    if (n < 100000000L) n = n * 10 + (p[i] - '0');
                    has = 1;
                    i++;
                }
                if (neg) n = -n;
                if (i < len && p[i] == ' ') i++;
                r->pos = i;
                if (!strcmp(w, "bin") && has && n > 0) {   /* binary data: jump, bounded by the input */
                    r->pos += (size_t)n < len - r->pos ? (size_t)n : len - r->pos;
                    continue;
                }
                int fb = 0;
                rc = control(r, w, has, n, &fb);
                if (fb) r->skip_fallback = cur(r)->uc;
            } else if (d == '\'') {
                int hi = r->pos + 3 < len ? hexval(p[r->pos + 2]) : -1;
                int lo = r->pos + 3 < len ? hexval(p[r->pos + 3]) : -1;
                int ok = hi >= 0 && lo >= 0;
                unsigned v = ok ? (unsigned)(hi * 16 + lo) : 0;
                r->pos += ok ? 4 : 2;
                if (ok && !cur(r)->skip) rc = put_byte(r, (unsigned char)v);
            } else {
                r->pos += 2;
                if (cur(r)->skip) continue;
                if (d == '\\' || d == '{' || d == '}') rc = put_text(r, (const char *)&p[r->pos - 1], 1);
                else if (d == '~') rc = put_text(r, "\xC2\xA0", 2);
                else if (d == '_') rc = put_text(r, "\xE2\x80\x91", 3);
                else if (d == '\n' || d == '\r') rc = end_para(r);
                else if (d == '*') cur(r)->skip = 1;
            }
        } else {
            r->pos++;
            if (c == '\r' || c == '\n' || cur(r)->skip) continue;
            if (c >= 0x80) rc = put_byte(r, c);
            else if (c >= 0x20 || c == '\t') rc = put_text(r, (const char *)&c, 1);
        }
    }
    /* the last paragraph (often without \par before the final brace) */
    if (rc == DFT_OK) rc = flush_bytes(r);
    if (rc == DFT_OK) {
        cur(r)->intbl = 0;
        if (r->cell.n) rc = end_cell(r);   /* a cell without its \cell at the end of the file */
        if (!rc && r->para.n) rc = end_para(r);
        else if (!rc) rc = table_end(r);
    } else {
        int erc = table_end(r);
        (void)erc;
    }
    if (rc == DFT_OK && r->depth > 0) warn(r, "RTF ends inside %zu open group(s)", r->depth);
    if (r->replaced) warn(r, "%zu bytes invalid in the RTF code page replaced by U+FFFD", r->replaced);
    free(r->para.p);
    free(r->cell.p);
    free(r);
    return rc;
}
