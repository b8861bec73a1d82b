/*
 * htmltext.c - HTML page text and tables via libxml2's HTML parser (rules in htmltext.h).
 */
#include "htmltext.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"
#include "textenc.h"

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

/* ---- charset ---------------------------------------------------------------------------------- */

static const struct {
    const char *label, *iconv;
} labels[] = {
    {"utf-8", "UTF-8"}, {"utf8", "UTF-8"}, {"gb2312", "GB18030"}, {"gbk", "GB18030"}, {"gb18030", "GB18030"},
    {"x-gbk", "GB18030"}, {"chinese", "GB18030"}, {"big5", "BIG5-HKSCS"}, {"big5-hkscs", "BIG5-HKSCS"},
    {"x-x-big5", "BIG5-HKSCS"}, {"iso-8859-1", "WINDOWS-1252"}, {"latin1", "WINDOWS-1252"},
    {"us-ascii", "WINDOWS-1252"}, {"ascii", "WINDOWS-1252"}, {"windows-1252", "WINDOWS-1252"},
    {"tis-620", "WINDOWS-874"}, {"iso-8859-11", "WINDOWS-874"}, {"windows-874", "WINDOWS-874"},
    {"shift_jis", "CP932"}, {"shift-jis", "CP932"}, {"sjis", "CP932"}, {"windows-31j", "CP932"},
    {"euc-jp", "EUC-JP"}, {"euc-kr", "CP949"}, {"ks_c_5601-1987", "CP949"}, {"windows-1251", "WINDOWS-1251"},
    {"koi8-r", "KOI8-R"}, {"windows-1258", "WINDOWS-1258"}, {"utf-16", "UTF-16LE"}, {"utf-16le", "UTF-16LE"},
    {"utf-16be", "UTF-16BE"}, {"windows-1256", "WINDOWS-1256"}, {"iso-8859-2", "ISO-8859-2"},
};

/* The label after the first "charset=" or encoding=" in the head of the page, lower-cased. */
static int find_label(const unsigned char *b, size_t n, char *out, size_t outsz)
{
    size_t lim = n < 8192 ? n : 8192;
    static const char *const keys[] = {"charset", "encoding"};
    for (size_t i = 0; i < lim; i++) {
        unsigned char c0 = b[i] | 0x20;
        if (c0 != 'c' && c0 != 'e') continue;   /* the keys' first letters: most bytes end here */
        for (size_t k = 0; k < 2; k++) {
            size_t kl = strlen(keys[k]);
            if (i + kl >= lim || strncasecmp((const char *)b + i, keys[k], kl) != 0) continue;
            size_t j = i + kl;
            while (j < lim && (b[j] == ' ' || b[j] == '\t')) j++;
            if (j >= lim || b[j] != '=') continue;
            j++;
            while (j < lim && (b[j] == ' ' || b[j] == '"' || b[j] == '\'')) j++;
            size_t o = 0;
            while (j < lim && o + 1 < outsz &&
                   ((b[j] | 0x20) >= 'a' && (b[j] | 0x20) <= 'z' ? 1 : (b[j] >= '0' && b[j] <= '9') || b[j] == '-' || b[j] == '_' || b[j] == ':'))
                out[o++] = (char)((b[j] >= 'A' && b[j] <= 'Z') ? b[j] | 0x20 : b[j]), j++;
            out[o] = '\0';
            if (o) return 1;
        }
    }
    return 0;
}

const char *dft_html_charset(const void *data, size_t len)
{
    const unsigned char *b = data;
    size_t bom = 0;
    if (len >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) return "UTF-8";
    if (len >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)))
        return dft_textenc_detect(b, len, &bom);
    char label[40];
    if (find_label(b, len, label, sizeof label))
        for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
            if (!strcmp(label, labels[i].label)) {
                /* a page declared UTF-16 but read here as bytes is ASCII-compatible: detection decides */
                if (!strncmp(labels[i].iconv, "UTF-16", 6)) break;
                return labels[i].iconv;
            }
    return dft_textenc_detect(b, len, &bom);
}

/* ---- tree walk -------------------------------------------------------------------------------- */

typedef struct hw {
    const dft_ooxml_cb *cb;
    uint64_t max_cells, cells;
    sbuf para, cell;
    int ws, pre, tdepth, in_cell, warned_cut;
    uint32_t blocks, tables, row, col, colspan;
} hw;

static void warn(hw *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(hw *h, const char *fmt, ...)
{
    if (!h->cb->warning) return;
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    h->cb->warning(h->cb->ctx, msg);
}

static sbuf *dst(hw *h) { return h->tdepth > 0 ? &h->cell : &h->para; }

static void note_cut(hw *h, sbuf *s)
{
    if (s->cut && !h->warned_cut) {
        warn(h, "a text over %zu bytes was cut", DFT_OOXML_MAX_TEXT);
        h->warned_cut = 1;
    }
    s->cut = 0;
}

static int count(hw *h)
{
    if (++h->cells > h->max_cells)
        return dft_error_set(DFT_ELIMIT, "more than %llu cells/paragraphs: reading stopped",
                             (unsigned long long)h->max_cells);
    return DFT_OK;
}

static int add_text(hw *h, const char *t)
{
    sbuf *s = dst(h);
    if (h->tdepth > 0 && !h->in_cell) return DFT_OK;   /* text between table rows is no cell's */
    if (h->pre) {
        h->ws = 0;
        return sb_add(s, t, strlen(t));
    }
    int rc = DFT_OK;
    while (*t && rc == DFT_OK) {
        size_t k = strcspn(t, " \t\r\n\f");
        if (k) {
            if (h->ws && s->n && s->p[s->n - 1] != '\n') rc = sb_add(s, " ", 1);
            h->ws = 0;
            if (!rc) rc = sb_add(s, t, k);
            t += k;
        }
        size_t w = strspn(t, " \t\r\n\f");
        if (w) h->ws = 1;
        t += w;
    }
    return rc;
}

/* A block boundary: the current text block ends (outside tables) or a line ends (in a cell). */
static int boundary(hw *h)
{
    h->ws = 0;
    if (h->tdepth > 0) {
        if (h->in_cell && h->cell.n && h->cell.p[h->cell.n - 1] != '\n') return sb_add(&h->cell, "\n", 1);
        return DFT_OK;
    }
    if (!h->para.n) return DFT_OK;
    while (h->para.n && h->para.p[h->para.n - 1] == '\n') h->para.n--;   /* a trailing <br> */
    h->para.p[h->para.n] = '\0';
    note_cut(h, &h->para);
    int rc = DFT_OK;
    if (h->para.n) {
        h->blocks++;
        rc = count(h);
        if (!rc && h->cb->paragraph) rc = h->cb->paragraph(h->cb->ctx, h->blocks, h->para.p);
    }
    h->para.n = 0;
    return rc;
}

static int end_cell(hw *h)
{
    h->in_cell = 0;
    while (h->cell.n && (h->cell.p[h->cell.n - 1] == '\n' || h->cell.p[h->cell.n - 1] == ' ')) h->cell.n--;
    if (h->cell.p) h->cell.p[h->cell.n] = '\0';
    note_cut(h, &h->cell);
    int rc = count(h);
    if (!rc && h->cell.n && h->cb->cell) rc = h->cb->cell(h->cb->ctx, h->row ? h->row : 1, h->col, h->cell.p);
    h->cell.n = 0;
    h->col += h->colspan - 1;
    return rc;
}

static int name_in(const char *n, const char *const *set, size_t k)
{
    for (size_t i = 0; i < k; i++)
        if (!strcasecmp(n, set[i])) return 1;
    return 0;
}

static const char *const skip_names[] = {"script", "style", "template", "noscript", "head", "object",
                                         "embed", "applet", "iframe", "select", "datalist"};
static const char *const block_names[] = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "blockquote", "pre", "section",
    "article", "header", "footer", "nav", "aside", "address", "title", "caption", "figure", "figcaption",
    "hr", "form", "fieldset", "main", "ul", "ol", "dl", "body", "textarea", "center", "option", "legend"};
#define NAMES(a) a, sizeof a / sizeof *a

/* Returns 1 to descend into the node, 0 to skip its subtree, <0 an error. */
static int enter(hw *h, xmlNode *n)
{
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        int trc = n->content ? add_text(h, (const char *)n->content) : DFT_OK;
        return trc ? trc : 1;
    }
    if (n->type != XML_ELEMENT_NODE || !n->name) return 0;
    const char *nm = (const char *)n->name;
    if (!strcasecmp(nm, "head")) {
        /* only the <title> of the head is text */
        for (xmlNode *c = n->children; c; c = c->next)
            if (c->type == XML_ELEMENT_NODE && c->name && !strcasecmp((const char *)c->name, "title")) {
                int rc = boundary(h);
                for (xmlNode *t = c->children; !rc && t; t = t->next)
                    if (t->type == XML_TEXT_NODE && t->content) rc = add_text(h, (const char *)t->content);
                if (!rc) rc = boundary(h);
                if (rc) return rc;
            }
        return 0;
    }
    if (name_in(nm, NAMES(skip_names))) return 0;
    int rc = DFT_OK;
    if (!strcasecmp(nm, "br")) {
        h->ws = 0;
        if (h->tdepth > 0 && !h->in_cell) return 1;
        rc = sb_add(dst(h), "\n", 1);
        return rc ? rc : 1;
    }
    if (!strcasecmp(nm, "table")) {
        if (h->tdepth++ == 0) {
            rc = boundary(h);
            h->tables++;
            h->row = 0;
            h->in_cell = 0;
            if (!rc && h->cb->table) rc = h->cb->table(h->cb->ctx, h->tables, NULL);
        } else
            rc = boundary(h);
        return rc ? rc : 1;
    }
    if (h->tdepth == 1 && !strcasecmp(nm, "tr")) {
        /* a row inside a cell (broken markup the parser kept there) closes that cell first */
        if (h->in_cell) rc = end_cell(h);
        if (rc) return rc;
        h->row++;
        h->col = 0;
        return 1;
    }
    if (h->tdepth == 1 && (!strcasecmp(nm, "td") || !strcasecmp(nm, "th"))) {
        if (h->in_cell) rc = end_cell(h);
        h->in_cell = 1;
        h->cell.n = 0;
        h->ws = 0;
        h->col++;
        xmlChar *cs = xmlGetProp(n, BAD_CAST "colspan");
        long span = cs ? strtol((const char *)cs, NULL, 10) : 1;
        xmlFree(cs);
        h->colspan = span >= 1 && span <= 1000 ? (uint32_t)span : 1;
        return rc ? rc : 1;
    }
    if (!strcasecmp(nm, "pre") || !strcasecmp(nm, "textarea")) h->pre++;
    if (name_in(nm, NAMES(block_names))) rc = boundary(h);
    return rc ? rc : 1;
}

static int leave(hw *h, xmlNode *n)
{
    if (n->type != XML_ELEMENT_NODE || !n->name) return DFT_OK;
    const char *nm = (const char *)n->name;
    if (!strcasecmp(nm, "table") && h->tdepth > 0) {
        if (--h->tdepth == 0) {
            int rc = h->in_cell ? end_cell(h) : DFT_OK;
            if (!rc && h->cb->table_end) rc = h->cb->table_end(h->cb->ctx);
            return rc;
        }
        return boundary(h);
    }
    if (h->tdepth == 1 && (!strcasecmp(nm, "td") || !strcasecmp(nm, "th"))) return h->in_cell ? end_cell(h) : DFT_OK;
    if ((!strcasecmp(nm, "pre") || !strcasecmp(nm, "textarea")) && h->pre > 0) h->pre--;
    if (name_in(nm, NAMES(block_names))) return boundary(h);
    return DFT_OK;
}

int dft_html_read(const void *data, size_t len, const dft_ooxml_limits *lim, const dft_ooxml_cb *cb,
                  const char **charset)
{
    if (charset) *charset = "UTF-8";
    if (len > DFT_HTML_MAX) return dft_error_set(DFT_ELIMIT, "HTML of %zu bytes over the %zu-byte cap", len, DFT_HTML_MAX);
    return dft_html_read_as(data, len, dft_html_charset(data, len), lim, cb, charset);
}

int dft_html_read_as(const void *data, size_t len, const char *enc, const dft_ooxml_limits *lim,
                     const dft_ooxml_cb *cb, const char **charset)
{
    static const dft_ooxml_cb none;
    if (charset) *charset = "UTF-8";
    if (len > DFT_HTML_MAX) return dft_error_set(DFT_ELIMIT, "HTML of %zu bytes over the %zu-byte cap", len, DFT_HTML_MAX);
    dft_textenc_result t;
    int rc = dft_textenc_to_utf8(data, len, enc, &t);
    if (rc == DFT_EUNSUPPORTED) rc = dft_textenc_to_utf8(data, len, enc = "WINDOWS-1252", &t);
    if (rc) return rc;
    if (charset) *charset = enc;
    hw h;
    memset(&h, 0, sizeof h);
    h.cb = cb ? cb : &none;
    h.max_cells = lim && lim->max_cells ? lim->max_cells : 20000000u;
    if (t.replaced) warn(&h, "%zu bytes invalid in %s replaced by U+FFFD", t.replaced, enc);
    /* IGNORE_ENC: the bytes are UTF-8 now, whatever the <meta> says */
    htmlDocPtr doc = t.len > INT32_MAX ? NULL :
        htmlReadMemory(t.text, (int)t.len, NULL, "UTF-8",
                       HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER |
                           HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT | XML_PARSE_HUGE);
    free(t.text);
    if (!doc) return t.len == 0 ? DFT_OK : DFT_CORRUPT("HTML: no document could be built");
    /* iterative pre/post-order walk over every top-level node: a page nested 100,000 deep costs no
     * stack */
    xmlNode *top = (xmlNode *)doc, *n = doc->children;
    rc = DFT_OK;
    while (n && rc == DFT_OK) {
        int d = enter(&h, n);
        if (d < 0) {
            rc = d;
            break;
        }
        if (d && n->children && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            continue;
        }
        if (d) rc = leave(&h, n);
        while (rc == DFT_OK && !n->next) {
            n = n->parent;
            if (!n || n == top) break;
            rc = leave(&h, n);
        }
        if (!n || n == top) break;
        n = n->next;
    }
    if (rc == DFT_OK && h.tdepth > 0) {
        h.tdepth = 1;
        if (h.in_cell) rc = end_cell(&h);
        h.tdepth = 0;
        if (!rc && h.cb->table_end) rc = h.cb->table_end(h.cb->ctx);
    }
    if (rc == DFT_OK) rc = boundary(&h);
    xmlFreeDoc(doc);
    free(h.para.p);
    free(h.cell.p);
    return rc;
}
