/*
 * odf.c - ODS/ODT/ODP text and tables through libarchive + xmlTextReader (rules in odf.h).
 */
#include "odf.h"

#include <archive.h>
#include <archive_entry.h>
#include <libxml/xmlreader.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_DRAW "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
#define NS_STYLE "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define NS_PRES "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"
#define NS_OOO "http://openoffice.org/2009/office"   /* officeooo:annotation: LibreOffice Impress comments */
#define MAX_ANN_BYTES ((size_t)64 << 20)           /* comment text held until its section is delivered */
#define BOMB_FLOOR ((uint64_t)32 << 20)
#define BOMB_RATIO 200u
#define MAX_SPACES 1024u          /* text:s c= beyond this is hostile; the text cap bounds it anyway */
#define MAX_MANIFEST ((size_t)4 << 20)

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
static void sb_reset(sbuf *s)
{
    s->n = 0;
    if (s->p) s->p[0] = '\0';
}
static const char *sb_str(const sbuf *s) { return s->p ? s->p : ""; }

/* A non-empty cell of the row being read, kept until the row's repeat count is known to apply. */
typedef struct rcell {
    uint64_t col, rep;
    char *text;
} rcell;

typedef struct od {
    const void *zip;
    size_t len;
    uint64_t max_part, max_total, max_cells;
    uint64_t part, total, cells, expand;
    struct archive *a;
    int limit_hit, io_error;
    const dft_ooxml_cb *cb;
    int warned_cut, warned_expand;
    /* document state */
    int kind;                 /* 0 none yet, 1 spreadsheet, 2 text, 3 presentation */
    uint32_t tables, paras, pages;
    int tdepth;               /* depth in real tables (1 = the reported table) */
    int pdepth;               /* depth in text:p/text:h */
    int ws;                   /* collapsible white space pending in the current paragraph */
    int in_cell;
    uint64_t row, col, rrep, crep;
    char *cval;               /* the cell's office value when it wins over its text */
    sbuf para, cell;
    rcell *rc;
    size_t nrc, caprc;
    /* subdocuments */
    int styles;               /* reading styles.xml / office:master-styles: only headers and footers */
    int hf_depth;             /* reader depth of the style:header/footer being read, -1 none */
    uint32_t nheader, nfooter;
    int ann_depth;            /* reader depth of the office:annotation being read, -1 none */
    int ann_pdepth, ann_ws;
    size_t ann_prefix;        /* bytes of the "B7: " prefix in ann */
    sbuf ann;
    char **anns;              /* comments waiting for their section (end of sheet, page or document) */
    size_t nann, capann, ann_bytes;
    int warned_ann;
} od;

static void warn(od *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(od *r, const char *fmt, ...)
{
    if (!r->cb->warning) return;
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    r->cb->warning(r->cb->ctx, msg);
}

static int io_read(void *ctx, char *buf, int len)
{
    od *r = ctx;
    la_ssize_t got = archive_read_data(r->a, buf, (size_t)len);
    if (got < 0) {
        r->io_error = 1;
        return -1;
    }
    r->part += (uint64_t)got;
    r->total += (uint64_t)got;
    if (r->part > r->max_part || r->total > r->max_total ||
        (r->total > BOMB_FLOOR && r->total / BOMB_RATIO > r->len)) {
        r->limit_hit = 1;
        return -1;
    }
    return (int)got;
}

static int zip_open(od *r)
{
    r->a = archive_read_new();
    if (!r->a) return dft_error_set(DFT_ENOMEM, "out of memory");
    archive_read_support_format_zip(r->a);
    if (archive_read_open_memory(r->a, r->zip, r->len) != ARCHIVE_OK) {
        int rc = DFT_CORRUPT("not a readable zip: %s", archive_error_string(r->a));
        archive_read_free(r->a);
        r->a = NULL;
        return rc;
    }
    return DFT_OK;
}
static void zip_close(od *r)
{
    if (r->a) archive_read_free(r->a);
    r->a = NULL;
}
static const char *zip_next(od *r, int *rc)
{
    struct archive_entry *e;
    *rc = DFT_OK;
    int ar = archive_read_next_header(r->a, &e);
    if (ar == ARCHIVE_EOF) return NULL;
    if (ar < ARCHIVE_WARN) {
        *rc = DFT_CORRUPT("damaged zip: %s", archive_error_string(r->a));
        return NULL;
    }
    return archive_entry_pathname(e);
}

static void xml_quiet(void *arg, const char *msg, xmlParserSeverities sev, xmlTextReaderLocatorPtr loc)
{
    (void)arg, (void)msg, (void)sev, (void)loc;
}

static int is_text_node(int type)
{
    return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
           type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE || type == XML_READER_TYPE_WHITESPACE;
}

static int is(xmlTextReaderPtr x, const char *ns, const char *name)
{
    const xmlChar *l = xmlTextReaderConstLocalName(x);
    const xmlChar *u = xmlTextReaderConstNamespaceUri(x);
    return l && u && strcmp((const char *)l, name) == 0 && strcmp((const char *)u, ns) == 0;
}

static void note_cut(od *r, sbuf *s)
{
    if (s->cut && !r->warned_cut) {
        warn(r, "a text over %zu bytes was cut", DFT_OOXML_MAX_TEXT);
        r->warned_cut = 1;
    }
    s->cut = 0;
}

static int count_cell(od *r)
{
    if (++r->cells > r->max_cells)
        return dft_error_set(DFT_ELIMIT, "more than %llu cells/paragraphs: reading stopped",
                             (unsigned long long)r->max_cells);
    return DFT_OK;
}

/* An unsigned attribute (table:number-rows-repeated ...), 1 when absent or invalid, capped at 2^31. */
static uint64_t attr_count(xmlTextReaderPtr x, const char *ns, const char *name)
{
    xmlChar *v = xmlTextReaderGetAttributeNs(x, BAD_CAST name, BAD_CAST ns);
    uint64_t n = 0;
    int ok = v && v[0];
    for (const xmlChar *p = v; ok && *p; p++) {
        if (*p < '0' || *p > '9') ok = 0;
        else if (n < ((uint64_t)1 << 31)) n = n * 10 + (uint64_t)(*p - '0');
    }
    xmlFree(v);
    if (!ok || n == 0) return 1;
    return n > ((uint64_t)1 << 31) ? ((uint64_t)1 << 31) : n;
}

/* ---- paragraph text ------------------------------------------------------------------------- */

/* Appends a text node with ODF white-space collapsing: runs of SP/TAB/CR/LF become one space, none
 * at the start of a paragraph, and a pending one is written only before the next character. */
static int collapse_into(sbuf *s, int *ws, const char *t)
{
    int rc = DFT_OK;
    while (*t && rc == DFT_OK) {
        size_t k = strcspn(t, " \t\r\n");
        if (k) {
            if (*ws && s->n) rc = sb_add(s, " ", 1);
            *ws = 0;
            if (!rc) rc = sb_add(s, t, k);
            t += k;
        }
        size_t w = strspn(t, " \t\r\n");
        if (w) *ws = 1;
        t += w;
    }
    return rc;
}
static int add_collapsed(od *r, const char *t) { return collapse_into(&r->para, &r->ws, t); }

/* A literal (text:s, text:tab, text:line-break): a pending collapsed space goes first. */
static int literal_into(sbuf *s, int *ws, const char *t, size_t n)
{
    int rc = DFT_OK;
    if (*ws && s->n) rc = sb_add(s, " ", 1);
    *ws = 0;
    return rc ? rc : sb_add(s, t, n);
}

/* text:s (text:c spaces, capped), text:tab, text:line-break into s; 0 if x is none of them. */
static int inline_literal(xmlTextReaderPtr x, sbuf *s, int *ws, int *rc)
{
    if (is(x, NS_TEXT, "s")) {
        uint64_t n = attr_count(x, NS_TEXT, "c");
        char sp[64];
        memset(sp, ' ', sizeof sp);
        for (uint64_t i = 0; i < n && i < MAX_SPACES && *rc == DFT_OK; i += sizeof sp)
            *rc = literal_into(s, ws, sp, (size_t)(n - i < sizeof sp ? n - i : sizeof sp));
    } else if (is(x, NS_TEXT, "tab"))
        *rc = literal_into(s, ws, "\t", 1);
    else if (is(x, NS_TEXT, "line-break"))
        *rc = literal_into(s, ws, "\n", 1);
    else
        return 0;
    return 1;
}

static int para_begin(od *r)
{
    if (r->pdepth++ == 0) {
        sb_reset(&r->para);
        r->ws = 0;
    } else
        r->ws = 1;   /* a paragraph inside a paragraph (frame, note): a separator */
    return DFT_OK;
}

static int para_end(od *r)
{
    if (r->pdepth == 0) return DFT_OK;
    if (--r->pdepth > 0) {
        r->ws = 1;
        return DFT_OK;
    }
    note_cut(r, &r->para);
    if (r->tdepth > 0) {
        /* a paragraph of a cell (or of a table nested in it) */
        if (!r->in_cell || !r->para.n) return DFT_OK;
        int rc = r->cell.n ? sb_add(&r->cell, "\n", 1) : DFT_OK;
        return rc ? rc : sb_add(&r->cell, r->para.p, r->para.n);
    }
    r->paras++;
    int rc = count_cell(r);
    if (!rc && r->para.n && r->cb->paragraph) rc = r->cb->paragraph(r->cb->ctx, r->paras, sb_str(&r->para));
    return rc;
}

/* ---- tables ----------------------------------------------------------------------------------- */

static void row_clear(od *r)
{
    for (size_t i = 0; i < r->nrc; i++) free(r->rc[i].text);
    r->nrc = 0;
}

/* Extra copies allowed for a repeat of n (n-1 wanted); a warning once the budget is spent. */
static uint64_t expand_budget(od *r, uint64_t n)
{
    uint64_t want = n - 1, left = DFT_ODF_MAX_EXPAND - r->expand;
    if (want > left) {
        if (!r->warned_expand)
            warn(r, "repeated cells beyond %u copies per document reported once", DFT_ODF_MAX_EXPAND);
        r->warned_expand = 1;
        want = left;
    }
    r->expand += want;
    return want + 1;
}

static int emit_cell(od *r, uint64_t row, uint64_t col, const char *text)
{
    if (row > UINT32_MAX || col > UINT32_MAX) return DFT_OK;   /* past any real sheet: positions unknowable */
    int rc = count_cell(r);
    if (!rc && r->cb->cell) rc = r->cb->cell(r->cb->ctx, (uint32_t)row, (uint32_t)col, text);
    return rc;
}

static int row_end(od *r)
{
    int rc = DFT_OK;
    if (r->nrc) {
        /* each extra copy of the row costs its cell count from the expansion budget */
        uint64_t per = 0, copies = 1;
        for (size_t i = 0; i < r->nrc; i++) per += r->rc[i].rep;
        if (r->rrep > 1) {
            uint64_t left = DFT_ODF_MAX_EXPAND - r->expand, extra = r->rrep - 1;
            if (extra > left / per) {
                extra = left / per;
                if (!r->warned_expand)
                    warn(r, "repeated cells beyond %u copies per document reported once", DFT_ODF_MAX_EXPAND);
                r->warned_expand = 1;
            }
            r->expand += extra * per;
            copies += extra;
        }
        for (uint64_t k = 0; k < copies && rc == DFT_OK; k++)
            for (size_t i = 0; i < r->nrc && rc == DFT_OK; i++) {
                rcell *c = &r->rc[i];
                for (uint64_t j = 0; j < c->rep && rc == DFT_OK; j++) rc = emit_cell(r, r->row + k, c->col + j, c->text);
            }
    }
    row_clear(r);
    r->row += r->rrep;
    return rc;
}

static int cell_begin(od *r, xmlTextReaderPtr x)
{
    r->in_cell = 1;
    r->crep = attr_count(x, NS_TABLE, "number-columns-repeated");
    sb_reset(&r->cell);
    free(r->cval);
    r->cval = NULL;
    xmlChar *vt = xmlTextReaderGetAttributeNs(x, BAD_CAST "value-type", BAD_CAST NS_OFFICE);
    const char *t = (const char *)vt;
    xmlChar *v = NULL;
    if (!t) {
    } else if (!strcmp(t, "float") || !strcmp(t, "percentage") || !strcmp(t, "currency"))
        v = xmlTextReaderGetAttributeNs(x, BAD_CAST "value", BAD_CAST NS_OFFICE);
    else if (!strcmp(t, "date"))
        v = xmlTextReaderGetAttributeNs(x, BAD_CAST "date-value", BAD_CAST NS_OFFICE);
    else if (!strcmp(t, "boolean")) {
        xmlChar *b = xmlTextReaderGetAttributeNs(x, BAD_CAST "boolean-value", BAD_CAST NS_OFFICE);
        if (b) v = xmlStrdup(BAD_CAST(!strcmp((const char *)b, "true") || !strcmp((const char *)b, "1") ? "TRUE" : "FALSE"));
        xmlFree(b);
    }
    xmlFree(vt);
    if (v && v[0]) {
        r->cval = strdup((const char *)v);
        if (!r->cval) {
            xmlFree(v);
            return dft_error_set(DFT_ENOMEM, "out of memory");
        }
    }
    xmlFree(v);
    return DFT_OK;
}

static int cell_end(od *r)
{
    r->in_cell = 0;
    note_cut(r, &r->cell);
    const char *text = r->cval ? r->cval : sb_str(&r->cell);
    uint64_t rep = r->crep;
    if (text[0]) {
        if (r->nrc == r->caprc) {
            size_t cap = r->caprc ? r->caprc * 2 : 16;
            rcell *p = realloc(r->rc, cap * sizeof *p);
            if (!p) return dft_error_set(DFT_ENOMEM, "out of memory");
            r->rc = p;
            r->caprc = cap;
        }
        rcell *c = &r->rc[r->nrc];
        c->text = strdup(text);
        if (!c->text) return dft_error_set(DFT_ENOMEM, "out of memory");
        c->col = r->col;
        c->rep = expand_budget(r, rep);
        r->nrc++;
    }
    r->col += rep;
    free(r->cval);
    r->cval = NULL;
    return DFT_OK;
}

static int table_begin(od *r, xmlTextReaderPtr x)
{
    r->tables++;
    r->row = 1;
    int rc = DFT_OK;
    if (r->cb->table) {
        xmlChar *nm = r->kind == 1 ? xmlTextReaderGetAttributeNs(x, BAD_CAST "name", BAD_CAST NS_TABLE) : NULL;
        rc = r->cb->table(r->cb->ctx, r->tables, r->kind == 1 ? (nm ? (const char *)nm : "") : NULL);
        xmlFree(nm);
    }
    return rc;
}

/* ---- content.xml ------------------------------------------------------------------------------ */

/* ---- subdocuments: comments, speaker notes, headers and footers ------------------------------- */

static int section(od *r, const char *name, int tables_too)
{
    r->paras = 0;
    if (tables_too) r->tables = 0;
    return r->cb->section ? r->cb->section(r->cb->ctx, name) : DFT_OK;
}

static int is_annotation(xmlTextReaderPtr x)
{
    return is(x, NS_OFFICE, "annotation") || is(x, NS_OOO, "annotation");
}

/* A cell comment is "B7: text" (ODS): the cell being read when the annotation began. */
static int ann_prefix(od *r)
{
    if (r->kind != 1 || r->tdepth != 1 || !r->in_cell || r->col > 18278 || r->row > UINT32_MAX) return DFT_OK;
    char ref[32], letters[4];
    int n = 0;
    for (uint64_t c = r->col; c > 0 && n < 3; c = (c - 1) / 26) letters[n++] = (char)('A' + (c - 1) % 26);
    int k = 0;
    while (n > 0) ref[k++] = letters[--n];
    snprintf(ref + k, sizeof ref - (size_t)k, "%llu: ", (unsigned long long)r->row);
    r->ann_prefix = strlen(ref);
    return sb_add(&r->ann, ref, r->ann_prefix);
}

static int ann_finish(od *r)
{
    r->ann_depth = -1;
    note_cut(r, &r->ann);
    size_t n = r->ann.n;
    if (n <= r->ann_prefix) return DFT_OK;   /* a comment without text */
    if (r->ann_bytes + n > MAX_ANN_BYTES) {
        if (!r->warned_ann) warn(r, "comments beyond %zu bytes per document not read", MAX_ANN_BYTES);
        r->warned_ann = 1;
        return DFT_OK;
    }
    if (r->nann == r->capann) {
        size_t cap = r->capann ? r->capann * 2 : 16;
        char **v = realloc(r->anns, cap * sizeof *v);
        if (!v) return dft_error_set(DFT_ENOMEM, "out of memory");
        r->anns = v;
        r->capann = cap;
    }
    r->anns[r->nann] = strdup(sb_str(&r->ann));
    if (!r->anns[r->nann]) return dft_error_set(DFT_ENOMEM, "out of memory");
    r->nann++;
    r->ann_bytes += n;
    return DFT_OK;
}

/* One node inside an office:annotation: its text:p paragraphs joined by LF; dc:creator, dc:date and
 * meta:date-string (author and date) are outside any text:p and left out. */
static int ann_node(od *r, xmlTextReaderPtr x, int type)
{
    int rc = DFT_OK;
    if (type == XML_READER_TYPE_ELEMENT) {
        int empty = xmlTextReaderIsEmptyElement(x);
        if (is(x, NS_TEXT, "p") || is(x, NS_TEXT, "h")) {
            if (r->ann_pdepth++ == 0) {
                if (r->ann.n > r->ann_prefix) rc = sb_add(&r->ann, "\n", 1);
                r->ann_ws = 0;
            } else
                r->ann_ws = 1;
            if (empty) r->ann_pdepth--;
        } else if (r->ann_pdepth > 0)
            inline_literal(x, &r->ann, &r->ann_ws, &rc);
    } else if (type == XML_READER_TYPE_END_ELEMENT) {
        if (is_annotation(x) && xmlTextReaderDepth(x) == r->ann_depth) return ann_finish(r);
        if ((is(x, NS_TEXT, "p") || is(x, NS_TEXT, "h")) && r->ann_pdepth > 0) r->ann_pdepth--;
    } else if (is_text_node(type) && r->ann_pdepth > 0) {
        const xmlChar *v = xmlTextReaderConstValue(x);
        if (v) rc = collapse_into(&r->ann, &r->ann_ws, (const char *)v);
    }
    return rc;
}

static void ann_clear(od *r)
{
    for (size_t i = 0; i < r->nann; i++) free(r->anns[i]);
    r->nann = 0;
}

/* The comments gathered so far as section `name`, one paragraph each; then back to `after`. */
static int ann_deliver(od *r, const char *name, int back_to_main)
{
    if (!r->nann) return DFT_OK;
    int rc = section(r, name, 0);
    for (size_t i = 0; i < r->nann && rc == DFT_OK; i++) {
        r->paras++;
        rc = count_cell(r);
        if (!rc && r->cb->paragraph) rc = r->cb->paragraph(r->cb->ctx, r->paras, r->anns[i]);
    }
    ann_clear(r);
    if (!rc && back_to_main) rc = section(r, NULL, 0);
    return rc;
}

/* styles.xml: style:header / style:footer and their -left / -first variants (ODF 1.3 §16.10) */
static int hf_kind(xmlTextReaderPtr x)
{
    static const char *const hf[] = {"header", "header-left", "header-first", "footer", "footer-left", "footer-first"};
    for (size_t i = 0; i < sizeof hf / sizeof *hf; i++)
        if (is(x, NS_STYLE, hf[i])) return i < 3 ? 1 : 2;
    return 0;
}

/* ---- content.xml ------------------------------------------------------------------------------ */

/* Subtrees whose text is no document text (see odf.h). */
static int skipped(xmlTextReaderPtr x)
{
    return is(x, NS_TEXT, "tracked-changes") ||
           is(x, NS_TABLE, "content-validations") || is(x, NS_OFFICE, "automatic-styles") ||
           is(x, NS_OFFICE, "font-face-decls") || is(x, NS_OFFICE, "scripts") ||
           is(x, NS_TEXT, "note-citation") || is(x, NS_TEXT, "sequence-decls");
}

static int on_element(od *r, xmlTextReaderPtr x, int empty)
{
    int rc = DFT_OK;
    if (r->kind == 0) {
        if (is(x, NS_OFFICE, "spreadsheet")) r->kind = 1;
        else if (is(x, NS_OFFICE, "text")) r->kind = 2;
        else if (is(x, NS_OFFICE, "presentation")) r->kind = 3;
        return DFT_OK;
    }
    if (is(x, NS_TEXT, "p") || is(x, NS_TEXT, "h")) {
        rc = para_begin(r);
        if (!rc && empty) rc = para_end(r);
    } else if (r->pdepth > 0) {
        /* inside a paragraph everything is text; a table in a frame in a paragraph is read as text */
        inline_literal(x, &r->para, &r->ws, &rc);
    } else if (is(x, NS_TABLE, "table")) {
        if (r->tdepth++ == 0) {
            rc = table_begin(r, x);
            if (!rc && empty) {
                r->tdepth = 0;
                if (r->cb->table_end) rc = r->cb->table_end(r->cb->ctx);
            }
        } else if (empty)
            r->tdepth--;
    } else if (r->tdepth == 1 && is(x, NS_TABLE, "table-row")) {
        r->rrep = attr_count(x, NS_TABLE, "number-rows-repeated");
        r->col = 1;
        row_clear(r);
        if (empty) rc = row_end(r);
    } else if (r->tdepth == 1 && (is(x, NS_TABLE, "table-cell") || is(x, NS_TABLE, "covered-table-cell"))) {
        rc = cell_begin(r, x);
        if (!rc && empty) rc = cell_end(r);
    } else if (r->tdepth == 0 && is(x, NS_DRAW, "page")) {
        r->pages++;
        r->paras = 0;
        r->tables = 0;   /* numbered per slide, as PPTX */
        if (r->cb->page) {
            xmlChar *nm = xmlTextReaderGetAttributeNs(x, BAD_CAST "name", BAD_CAST NS_DRAW);
            rc = r->cb->page(r->cb->ctx, r->pages, (const char *)nm);
            xmlFree(nm);
        }
    } else if (r->tdepth == 0 && r->kind == 3 && is(x, NS_PRES, "notes") && !empty)
        rc = section(r, "notes", 1);   /* speaker notes: the rest of the page (they close it) */
    return rc;
}

static int on_end_element(od *r, xmlTextReaderPtr x)
{
    if (is(x, NS_TEXT, "p") || is(x, NS_TEXT, "h")) return para_end(r);
    if (r->pdepth > 0) return DFT_OK;
    if (is(x, NS_TABLE, "table") && r->tdepth > 0) {
        if (--r->tdepth == 0) {
            row_clear(r);
            int rc = r->cb->table_end ? r->cb->table_end(r->cb->ctx) : DFT_OK;
            if (!rc && r->kind == 1 && !r->styles) {
                char name[40];
                snprintf(name, sizeof name, "sheet %u comments", r->tables);
                rc = ann_deliver(r, name, 1);
            }
            return rc;
        }
    } else if (r->tdepth == 1 && is(x, NS_TABLE, "table-row"))
        return row_end(r);
    else if (r->tdepth == 1 && (is(x, NS_TABLE, "table-cell") || is(x, NS_TABLE, "covered-table-cell")) && r->in_cell)
        return cell_end(r);
    else if (r->tdepth == 0 && is(x, NS_DRAW, "page") && r->kind == 3)
        return ann_deliver(r, "comments", 0);
    return DFT_OK;
}

/* styles mode: only the inside of style:header/footer* is read, each as section "header N"/"footer N". */
static int styles_node(od *r, xmlTextReaderPtr x, int type, int *handled)
{
    *handled = 1;
    if (r->hf_depth < 0) {
        int k = type == XML_READER_TYPE_ELEMENT && !xmlTextReaderIsEmptyElement(x) ? hf_kind(x) : 0;
        if (!k) return DFT_OK;
        r->hf_depth = xmlTextReaderDepth(x);
        char name[32];
        snprintf(name, sizeof name, "%s %u", k == 1 ? "header" : "footer", k == 1 ? ++r->nheader : ++r->nfooter);
        return section(r, name, 1);
    }
    if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(x) == r->hf_depth && hf_kind(x)) {
        r->hf_depth = -1;
        return DFT_OK;
    }
    *handled = 0;
    return DFT_OK;
}

/* content.xml (styles = 0) or styles.xml (styles = 1) from the zip, or a flat ODF document (mem). */
static int read_content(od *r, const char *name, int styles, const void *mem, size_t memlen)
{
    r->part = 0;
    r->styles = styles;
    r->hf_depth = r->ann_depth = -1;
    r->pdepth = r->tdepth = r->in_cell = 0;
    int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
    xmlTextReaderPtr x = mem ? xmlReaderForMemory(mem, (int)memlen, name, NULL, opts)
                             : xmlReaderForIO(io_read, NULL, r, name, NULL, opts);
    if (!x) return dft_error_set(DFT_ENOMEM, "xml reader");
    xmlTextReaderSetErrorHandler(x, xml_quiet, NULL);
    int rc = DFT_OK, ret = xmlTextReaderRead(x), root = 1;
    while (rc == DFT_OK && ret == 1) {
        int type = xmlTextReaderNodeType(x), skip = 0, handled = 0;
        if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
            rc = DFT_CORRUPT("%s: a DTD in an ODF part is refused", name);
            break;
        }
        if (root && type == XML_READER_TYPE_ELEMENT) {
            root = 0;
            if (mem && !is(x, NS_OFFICE, "document")) {
                rc = dft_error_set(DFT_ENOTFOUND, "not a flat ODF document (root is not office:document)");
                break;
            }
        }
        if (r->ann_depth >= 0) {
            rc = ann_node(r, x, type);
            handled = 1;
        } else if (type == XML_READER_TYPE_ELEMENT && is_annotation(x) && (!styles || r->hf_depth >= 0)) {
            handled = 1;
            if (!xmlTextReaderIsEmptyElement(x)) {
                r->ann_depth = xmlTextReaderDepth(x);
                r->ann_pdepth = r->ann_ws = 0;
                r->ann_prefix = 0;
                sb_reset(&r->ann);
                rc = ann_prefix(r);
            }
        } else if (styles)
            rc = styles_node(r, x, type, &handled);
        if (rc || handled) {
        } else if (type == XML_READER_TYPE_ELEMENT) {
            int empty = xmlTextReaderIsEmptyElement(x);
            if (skipped(x) || (!styles && is(x, NS_OFFICE, "master-styles"))) skip = !empty;
            else rc = on_element(r, x, empty);
        } else if (type == XML_READER_TYPE_END_ELEMENT)
            rc = on_end_element(r, x);
        else if (is_text_node(type) && r->pdepth > 0) {
            const xmlChar *v = xmlTextReaderConstValue(x);
            if (v) rc = add_collapsed(r, (const char *)v);
        }
        if (rc) break;
        ret = skip ? xmlTextReaderNext(x) : xmlTextReaderRead(x);
    }
    if (rc == DFT_OK && ret < 0) {
        if (r->limit_hit)
            rc = dft_error_set(DFT_ELIMIT, "%s: inflated size over the cap (%llu bytes read from a %zu-byte zip): zip bomb?",
                               name, (unsigned long long)r->total, r->len);
        else
            rc = DFT_CORRUPT("%s: malformed XML%s", name, r->io_error ? " (zip member damaged)" : "");
    }
    /* a table left open by a truncated part still ends for the caller */
    if (r->tdepth > 0 && r->cb->table_end) {
        r->tdepth = 0;
        int erc = r->cb->table_end(r->cb->ctx);
        if (!rc) rc = erc;
    }
    xmlFreeTextReader(x);
    return rc;
}

/* Pass 1: is there a content.xml, and is the package encrypted (manifest:encryption-data)? */
static int survey(od *r, int *has_content, int *encrypted)
{
    int rc = zip_open(r), zrc;
    if (rc) return rc;
    const char *m;
    *has_content = *encrypted = 0;
    while (rc == DFT_OK && (m = zip_next(r, &zrc)) != NULL) {
        if (!strcmp(m, "content.xml")) *has_content = 1;
        else if (!strcmp(m, "META-INF/manifest.xml")) {
            char *buf = malloc(MAX_MANIFEST + 1);
            if (!buf) {
                rc = dft_error_set(DFT_ENOMEM, "out of memory");
                break;
            }
            size_t n = 0;
            la_ssize_t got;
            while (n < MAX_MANIFEST && (got = archive_read_data(r->a, buf + n, MAX_MANIFEST - n)) > 0) n += (size_t)got;
            buf[n] = '\0';
            /* the element name is namespaced; its local part is what counts */
            if (strstr(buf, "encryption-data")) *encrypted = 1;
            free(buf);
        }
    }
    if (rc == DFT_OK) rc = zrc;
    zip_close(r);
    return rc;
}

/* One member of the package read in content (styles = 0) or styles mode; DFT_ENOTFOUND if absent. */
static int read_member(od *r, const char *member, int styles)
{
    int rc = zip_open(r);
    if (rc) return rc;
    const char *m;
    int zrc = DFT_OK, seen = 0;
    while (rc == DFT_OK && !seen && (m = zip_next(r, &zrc)) != NULL)
        if (!strcmp(m, member)) {
            seen = 1;
            rc = read_content(r, m, styles, NULL, 0);
        }
    if (rc == DFT_OK) rc = zrc;
    zip_close(r);
    if (rc == DFT_OK && !seen) rc = dft_error_set(DFT_ENOTFOUND, "%s: no such member", member);
    return rc;
}

/* Headers and footers after the body; a damaged styles part is one warning (the body is read). */
static int read_styles(od *r, int flat)
{
    int rc = flat ? read_content(r, "master-styles", 1, r->zip, r->len) : read_member(r, "styles.xml", 1);
    if (rc == DFT_ENOTFOUND) {   /* no styles.xml: no headers (a package may omit it) */
        dft_error_clear();
        return DFT_OK;
    }
    if (rc == DFT_ECORRUPT) {
        warn(r, "headers/footers not read to their end: %s", dft_error_last());
        dft_error_clear();
        return DFT_OK;
    }
    return rc;
}

/* A flat ODF document (.fodt/.fods/.fodp): one XML file whose root is office:document. */
static int looks_flat(const void *buf, size_t len)
{
    const char *p = buf;
    size_t i = 0;
    if (len >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF) i = 3;
    while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n')) i++;
    if (i >= len || p[i] != '<') return 0;
    size_t n = len - i < 65536 ? len - i : 65536;
    static const char ns[] = NS_OFFICE;
    for (size_t k = i; k + sizeof ns - 1 <= i + n; k++)
        if (memcmp(p + k, ns, sizeof ns - 1) == 0) return 1;
    return 0;
}

int dft_odf_read(const void *zip, size_t len, const dft_ooxml_limits *lim, const dft_ooxml_cb *cb)
{
    static const dft_ooxml_cb none;
    od r;
    memset(&r, 0, sizeof r);
    r.zip = zip;
    r.len = len;
    r.cb = cb ? cb : &none;
    r.max_part = lim && lim->max_part ? lim->max_part : (uint64_t)512 << 20;
    r.max_total = lim && lim->max_total ? lim->max_total : (uint64_t)2 << 30;
    r.max_cells = lim && lim->max_cells ? lim->max_cells : 20000000u;
    int rc, flat = !(len >= 2 && memcmp(zip, "PK", 2) == 0) && looks_flat(zip, len);
    if (flat) {
        if (len > r.max_part || len > INT32_MAX)
            rc = dft_error_set(DFT_ELIMIT, "flat ODF document of %zu bytes over the part cap", len);
        else
            rc = read_content(&r, "flat ODF", 0, zip, len);
    } else {
        int has_content = 0, encrypted = 0;
        rc = survey(&r, &has_content, &encrypted);
        if (!rc && encrypted) rc = dft_error_set(DFT_EUNSUPPORTED, "password-protected ODF document: content not readable");
        else if (!rc && !has_content) rc = dft_error_set(DFT_ENOTFOUND, "no content.xml: not an ODF document");
        if (!rc) rc = read_member(&r, "content.xml", 0);
    }
    if (rc == DFT_OK && r.kind == 0) rc = dft_error_set(DFT_ENOTFOUND, "%s has no ODF body", flat ? "the XML" : "content.xml");
    /* text documents: the comments after headers and footers, as DOCX */
    if (rc == DFT_OK) rc = read_styles(&r, flat);
    if (rc == DFT_OK) rc = ann_deliver(&r, "comments", 0);
    ann_clear(&r);
    free(r.anns);
    free(r.ann.p);
    row_clear(&r);
    free(r.rc);
    free(r.cval);
    free(r.para.p);
    free(r.cell.p);
    return rc;
}
