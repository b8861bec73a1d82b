/*
 * ooxml.c - XLSX and DOCX text/tables through libarchive + xmlTextReader (rules in ooxml.h).
 */
#include "ooxml.h"

#include <archive.h>
#include <archive_entry.h>
#include <libxml/xmlreader.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

#define REL_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define REL_NS_STRICT "http://purl.oclc.org/ooxml/officeDocument/relationships"
#define BOMB_FLOOR ((uint64_t)32 << 20)
#define BOMB_RATIO 200u

/* A growable text, cut at DFT_OOXML_MAX_TEXT. */
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

typedef struct strvec {
    char **v;
    size_t n, cap;
} strvec;

static int sv_push(strvec *s, const char *t)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        char **v = realloc(s->v, cap * sizeof *v);
        if (!v) return dft_error_set(DFT_ENOMEM, "out of memory");
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n] = strdup(t ? t : "");
    if (!s->v[s->n]) return dft_error_set(DFT_ENOMEM, "out of memory");
    s->n++;
    return DFT_OK;
}
static void sv_free(strvec *s)
{
    for (size_t i = 0; i < s->n; i++) free(s->v[i]);
    free(s->v);
    memset(s, 0, sizeof *s);
}

typedef struct rd {
    const void *zip;
    size_t len;
    uint64_t max_part, max_total, max_cells;
    uint64_t part, total, cells;
    struct archive *a;
    int limit_hit, io_error;
    const dft_ooxml_cb *cb;
    strvec sheet_names, sheet_rids, rel_ids, rel_targets, sst;
    int warned_cut, warned_sst;
    sbuf text, aux;
} rd;

static void warn(rd *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(rd *r, const char *fmt, ...)
{
    if (!r->cb->warning) return;
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    r->cb->warning(r->cb->ctx, msg);
}

/* libxml2 pulls inflated bytes through here; every cap is enforced on the way. */
static int io_read(void *ctx, char *buf, int len)
{
    rd *r = ctx;
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

static int zip_open(rd *r)
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
static void zip_close(rd *r)
{
    if (r->a) archive_read_free(r->a);
    r->a = NULL;
}

/* Next member name, NULL at the end; *rc < 0 on a damaged archive. */
static const char *zip_next(rd *r, int *rc)
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

/* libxml2 would print parse errors on stderr; the caller turns them into one DFT_ECORRUPT. */
static void xml_quiet(void *arg, const char *msg, xmlParserSeverities sev, xmlTextReaderLocatorPtr loc)
{
    (void)arg, (void)msg, (void)sev, (void)loc;
}

static xmlTextReaderPtr xml_open(rd *r, const char *name)
{
    r->part = 0;
    /* No XML_PARSE_NOENT / DTDLOAD / DTDATTR: entities are never expanded, nothing is fetched. */
    xmlTextReaderPtr x =
        xmlReaderForIO(io_read, NULL, r, name, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (x) xmlTextReaderSetErrorHandler(x, xml_quiet, NULL);
    return x;
}

/* Maps the reader's end state to a code: 0 at a clean end. */
static int xml_status(rd *r, int ret, const char *name)
{
    if (ret >= 0) return DFT_OK;
    if (r->limit_hit)
        return dft_error_set(DFT_ELIMIT, "%s: inflated size over the cap (%llu bytes read from a %zu-byte zip): zip bomb?",
                             name, (unsigned long long)r->total, r->len);
    return DFT_CORRUPT("%s: malformed XML%s", name, r->io_error ? " (zip member damaged)" : "");
}

static int is_text_node(int type)
{
    return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
           type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE || type == XML_READER_TYPE_WHITESPACE;
}

static int lname_is(xmlTextReaderPtr x, const char *n)
{
    const xmlChar *l = xmlTextReaderConstLocalName(x);
    return l && strcmp((const char *)l, n) == 0;
}

static int add_value(sbuf *s, xmlTextReaderPtr x)
{
    const xmlChar *v = xmlTextReaderConstValue(x);
    return v ? sb_add(s, (const char *)v, strlen((const char *)v)) : DFT_OK;
}

static void note_cut(rd *r, sbuf *s)
{
    if (s->cut && !r->warned_cut) {
        warn(r, "a text over %zu bytes was cut", DFT_OOXML_MAX_TEXT);
        r->warned_cut = 1;
    }
    s->cut = 0;
}

/* Common loop head: DTDs are refused (OOXML never has one; this is the billion-laughs door). */
#define XML_LOOP_CHECK_DTD(r, x, type, name)                                                              \
    if ((type) == XML_READER_TYPE_DOCUMENT_TYPE) {                                                       \
        xmlFreeTextReader(x);                                                                            \
        return DFT_CORRUPT("%s: a DTD in an OOXML part is refused", name);                               \
    }

/* ---- XLSX pass 1: workbook, relationships, shared strings ----------------------------------------- */

static int read_workbook(rd *r, const char *name)
{
    xmlTextReaderPtr x = xml_open(r, name);
    if (!x) return dft_error_set(DFT_ENOMEM, "xml reader");
    int ret, rc = DFT_OK;
    while (rc == DFT_OK && (ret = xmlTextReaderRead(x)) == 1) {
        int type = xmlTextReaderNodeType(x);
        XML_LOOP_CHECK_DTD(r, x, type, name);
        if (type != XML_READER_TYPE_ELEMENT || !(lname_is(x, "sheet") || lname_is(x, "sldId"))) continue;
        xmlChar *nm = xmlTextReaderGetAttribute(x, BAD_CAST "name");   /* NULL for a slide: kept as "" */
        xmlChar *id = xmlTextReaderGetAttributeNs(x, BAD_CAST "id", BAD_CAST REL_NS);
        if (!id) id = xmlTextReaderGetAttributeNs(x, BAD_CAST "id", BAD_CAST REL_NS_STRICT);
        rc = sv_push(&r->sheet_names, (const char *)nm);
        if (!rc) rc = sv_push(&r->sheet_rids, (const char *)id);
        xmlFree(nm);
        xmlFree(id);
    }
    if (rc == DFT_OK) rc = xml_status(r, ret, name);
    xmlFreeTextReader(x);
    return rc;
}

static int read_rels(rd *r, const char *name, const char *base)
{
    xmlTextReaderPtr x = xml_open(r, name);
    if (!x) return dft_error_set(DFT_ENOMEM, "xml reader");
    int ret, rc = DFT_OK;
    while (rc == DFT_OK && (ret = xmlTextReaderRead(x)) == 1) {
        int type = xmlTextReaderNodeType(x);
        XML_LOOP_CHECK_DTD(r, x, type, name);
        if (type != XML_READER_TYPE_ELEMENT || !lname_is(x, "Relationship")) continue;
        xmlChar *id = xmlTextReaderGetAttribute(x, BAD_CAST "Id");
        xmlChar *tg = xmlTextReaderGetAttribute(x, BAD_CAST "Target");
        if (id && tg) {
            /* Targets are relative to base (xl/, ppt/) unless absolute ("/xl/worksheets/sheet1.xml"). */
            sbuf *s = &r->aux;
            sb_reset(s);
            const char *t = (const char *)tg;
            rc = t[0] == '/' ? sb_add(s, t + 1, strlen(t + 1)) : sb_add(s, base, strlen(base));
            if (!rc && t[0] != '/') rc = sb_add(s, t, strlen(t));
            if (!rc) rc = sv_push(&r->rel_ids, (const char *)id);
            if (!rc) rc = sv_push(&r->rel_targets, sb_str(s));
        }
        xmlFree(id);
        xmlFree(tg);
    }
    if (rc == DFT_OK) rc = xml_status(r, ret, name);
    xmlFreeTextReader(x);
    return rc;
}

static int read_sst(rd *r, const char *name)
{
    xmlTextReaderPtr x = xml_open(r, name);
    if (!x) return dft_error_set(DFT_ENOMEM, "xml reader");
    int ret, rc = DFT_OK, in_si = 0, in_t = 0, rph = 0;
    sbuf *s = &r->text;
    while (rc == DFT_OK && (ret = xmlTextReaderRead(x)) == 1) {
        int type = xmlTextReaderNodeType(x);
        XML_LOOP_CHECK_DTD(r, x, type, name);
        if (type == XML_READER_TYPE_ELEMENT) {
            int empty = xmlTextReaderIsEmptyElement(x);
            if (lname_is(x, "si")) {
                sb_reset(s);
                in_si = !empty;
                if (empty) rc = sv_push(&r->sst, "");
            } else if (lname_is(x, "rPh") && !empty) rph++;
            else if (lname_is(x, "t") && !empty) in_t = 1;
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (lname_is(x, "si") && in_si) {
                note_cut(r, s);
                rc = sv_push(&r->sst, sb_str(s));
                in_si = 0;
            } else if (lname_is(x, "rPh") && rph > 0) rph--;
            else if (lname_is(x, "t")) in_t = 0;
        } else if (is_text_node(type) && in_si && in_t && !rph)
            rc = add_value(s, x);
    }
    if (rc == DFT_OK) rc = xml_status(r, ret, name);
    xmlFreeTextReader(x);
    return rc;
}

/* ---- XLSX pass 2: one worksheet -------------------------------------------------------------- */

/* "B7" -> col 2, row 7. 0 if not a reference. */
static int parse_ref(const char *ref, uint32_t *row, uint32_t *col)
{
    uint64_t c = 0, rw = 0;
    size_t i = 0;
    for (; ref[i] >= 'A' && ref[i] <= 'Z' && i < 4; i++) c = c * 26 + (uint64_t)(ref[i] - 'A' + 1);
    size_t letters = i;
    for (; ref[i] >= '0' && ref[i] <= '9' && i < 16; i++) rw = rw * 10 + (uint64_t)(ref[i] - '0');
    if (!letters || i == letters || ref[i] || rw == 0 || rw > UINT32_MAX) return 0;
    *col = (uint32_t)c;
    *row = (uint32_t)rw;
    return 1;
}

static int count_cell(rd *r)
{
    if (++r->cells > r->max_cells)
        return dft_error_set(DFT_ELIMIT, "more than %llu cells/paragraphs: reading stopped",
                             (unsigned long long)r->max_cells);
    return DFT_OK;
}

typedef struct xcell {
    uint32_t row, col;
    char type[12];
    int in_v, in_is, in_t, rph;
} xcell;

static int emit_xcell(rd *r, xcell *c, sbuf *v)
{
    note_cut(r, v);
    const char *text = sb_str(v);
    if (strcmp(c->type, "s") == 0) {
        char *end;
        unsigned long long idx = strtoull(text, &end, 10);
        if (end == text || *end || idx >= r->sst.n) {
            if (!r->warned_sst)
                warn(r, "cell at row %u col %u: shared string index '%.32s' outside the %zu strings", c->row,
                     c->col, text, r->sst.n);
            r->warned_sst = 1;
            text = "";
        } else
            text = r->sst.v[idx];
    } else if (strcmp(c->type, "b") == 0)
        text = strcmp(text, "1") == 0 ? "TRUE" : strcmp(text, "0") == 0 ? "FALSE" : text;
    int rc = count_cell(r);
    if (rc) return rc;
    if (text[0] && r->cb->cell) return r->cb->cell(r->cb->ctx, c->row, c->col, text);
    return DFT_OK;
}

static int read_sheet(rd *r, const char *name)
{
    xmlTextReaderPtr x = xml_open(r, name);
    if (!x) return dft_error_set(DFT_ENOMEM, "xml reader");
    int ret, rc = DFT_OK, in_c = 0;
    uint32_t row = 0, col = 0;
    xcell c;
    memset(&c, 0, sizeof c);
    sbuf *v = &r->text;
    while (rc == DFT_OK && (ret = xmlTextReaderRead(x)) == 1) {
        int type = xmlTextReaderNodeType(x);
        XML_LOOP_CHECK_DTD(r, x, type, name);
        if (type == XML_READER_TYPE_ELEMENT) {
            int empty = xmlTextReaderIsEmptyElement(x);
            if (lname_is(x, "row")) {
                xmlChar *rr = xmlTextReaderGetAttribute(x, BAD_CAST "r");
                char *end = NULL;
                unsigned long long n = rr ? strtoull((const char *)rr, &end, 10) : 0;
                row = (rr && end && !*end && n > 0 && n <= UINT32_MAX) ? (uint32_t)n : row + 1;
                xmlFree(rr);
                col = 0;
            } else if (lname_is(x, "c")) {
                memset(&c, 0, sizeof c);
                xmlChar *ref = xmlTextReaderGetAttribute(x, BAD_CAST "r");
                xmlChar *t = xmlTextReaderGetAttribute(x, BAD_CAST "t");
                if (!(ref && parse_ref((const char *)ref, &c.row, &c.col))) {
                    c.row = row ? row : 1;
                    c.col = col + 1;
                }
                row = c.row;
                col = c.col;
                snprintf(c.type, sizeof c.type, "%s", t ? (const char *)t : "n");
                xmlFree(ref);
                xmlFree(t);
                sb_reset(v);
                in_c = !empty;
            } else if (in_c && !empty) {
                if (lname_is(x, "v")) c.in_v = 1;
                else if (lname_is(x, "is")) c.in_is = 1;
                else if (lname_is(x, "rPh")) c.rph++;
                else if (lname_is(x, "t")) c.in_t = 1;
            }
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (lname_is(x, "c") && in_c) {
                in_c = 0;
                rc = emit_xcell(r, &c, v);
            } else if (lname_is(x, "v")) c.in_v = 0;
            else if (lname_is(x, "is")) c.in_is = 0;
            else if (lname_is(x, "rPh") && c.rph) c.rph--;
            else if (lname_is(x, "t")) c.in_t = 0;
        } else if (in_c && is_text_node(type) && !c.rph && (c.in_v || (c.in_is && c.in_t)))
            rc = add_value(v, x);
    }
    if (rc == DFT_OK) rc = xml_status(r, ret, name);
    xmlFreeTextReader(x);
    return rc;
}

/* The workbook index (1-based) and name of a worksheet part, 0 if it is none. */
static uint32_t sheet_of(rd *r, const char *member, const char **sname)
{
    for (size_t i = 0; i < r->rel_ids.n; i++) {
        if (strcmp(r->rel_targets.v[i], member) != 0) continue;
        for (size_t k = 0; k < r->sheet_rids.n; k++)
            if (strcmp(r->sheet_rids.v[k], r->rel_ids.v[i]) == 0) {
                *sname = r->sheet_names.v[k];
                return (uint32_t)k + 1;
            }
    }
    return 0;
}

static int read_xlsx(rd *r)
{
    int rc = zip_open(r), zrc;
    if (rc) return rc;
    const char *m;
    while (rc == DFT_OK && (m = zip_next(r, &zrc)) != NULL) {
        if (strcmp(m, "xl/workbook.xml") == 0) rc = read_workbook(r, m);
        else if (strcmp(m, "xl/_rels/workbook.xml.rels") == 0) rc = read_rels(r, m, "xl/");
        else if (strcmp(m, "xl/sharedStrings.xml") == 0) rc = read_sst(r, m);
    }
    if (rc == DFT_OK) rc = zrc;
    zip_close(r);
    if (rc) return rc;
    rc = zip_open(r);
    if (rc) return rc;
    while (rc == DFT_OK && (m = zip_next(r, &zrc)) != NULL) {
        const char *sname = NULL;
        uint32_t idx = sheet_of(r, m, &sname);
        if (!idx) {
            if (strncmp(m, "xl/worksheets/", 14) == 0 && !strchr(m + 14, '/'))
                warn(r, "worksheet part %s is not listed in the workbook: skipped", m);
            continue;
        }
        if (r->cb->table) rc = r->cb->table(r->cb->ctx, idx, sname);
        if (!rc) rc = read_sheet(r, m);
        if (!rc && r->cb->table_end) rc = r->cb->table_end(r->cb->ctx);
    }
    if (rc == DFT_OK) rc = zrc;
    zip_close(r);
    return rc;
}

/* ---- DOCX -------------------------------------------------------------------------------- */

/* DOCX body, or one PPTX slide (slide = 1: DrawingML a:tab is a tab stop there, not text). */
static int read_document(rd *r, const char *name, int slide)
{
    xmlTextReaderPtr x = xml_open(r, name);
    if (!x) return dft_error_set(DFT_ENOMEM, "xml reader");
    int ret, rc = DFT_OK, depth = 0, in_t = 0;
    uint32_t tables = 0, paras = 0, row = 0, col = 0;
    sbuf *p = &r->text, *cell = &r->aux;
    sb_reset(p);
    sb_reset(cell);
    while (rc == DFT_OK && (ret = xmlTextReaderRead(x)) == 1) {
        int type = xmlTextReaderNodeType(x);
        XML_LOOP_CHECK_DTD(r, x, type, name);
        sbuf *dst = depth ? cell : p;
        if (type == XML_READER_TYPE_ELEMENT) {
            int empty = xmlTextReaderIsEmptyElement(x);
            if (lname_is(x, "tbl") && !empty) {
                if (++depth == 1) {
                    tables++;
                    row = 0;
                    if (r->cb->table) rc = r->cb->table(r->cb->ctx, tables, NULL);
                }
            } else if (lname_is(x, "tr") && depth == 1) {
                row++;
                col = 0;
            } else if (lname_is(x, "tc") && depth == 1) {
                col++;
                sb_reset(cell);
                if (empty) rc = count_cell(r);
            } else if (lname_is(x, "p")) {
                if (depth && cell->n) rc = sb_add(cell, "\n", 1);
                if (!depth) sb_reset(p);
                if (empty && !depth) paras++;
            } else if (lname_is(x, "t") && !empty)
                in_t = 1;
            else if (lname_is(x, "tab") && !slide)
                rc = sb_add(dst, "\t", 1);
            else if (lname_is(x, "br") || (lname_is(x, "cr") && !slide))
                rc = sb_add(dst, "\n", 1);
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (lname_is(x, "t")) in_t = 0;
            else if (lname_is(x, "p") && !depth) {
                paras++;
                note_cut(r, p);
                rc = count_cell(r);
                if (!rc && p->n && r->cb->paragraph) rc = r->cb->paragraph(r->cb->ctx, paras, sb_str(p));
                sb_reset(p);
            } else if (lname_is(x, "tc") && depth == 1) {
                note_cut(r, cell);
                rc = count_cell(r);
                if (!rc && cell->n && r->cb->cell) rc = r->cb->cell(r->cb->ctx, row, col, sb_str(cell));
                sb_reset(cell);
            } else if (lname_is(x, "tbl") && depth > 0) {
                if (--depth == 0 && r->cb->table_end) rc = r->cb->table_end(r->cb->ctx);
            }
        } else if (is_text_node(type) && in_t)
            rc = add_value(dst, x);
    }
    if (rc == DFT_OK) rc = xml_status(r, ret, name);
    xmlFreeTextReader(x);
    return rc;
}

static int read_docx(rd *r)
{
    int rc = zip_open(r), zrc;
    if (rc) return rc;
    const char *m;
    while (rc == DFT_OK && (m = zip_next(r, &zrc)) != NULL)
        if (strcmp(m, "word/document.xml") == 0) rc = read_document(r, m, 0);
    if (rc == DFT_OK) rc = zrc;
    zip_close(r);
    return rc;
}

static int read_pptx(rd *r)
{
    int rc = zip_open(r), zrc;
    if (rc) return rc;
    const char *m;
    while (rc == DFT_OK && (m = zip_next(r, &zrc)) != NULL) {
        if (strcmp(m, "ppt/presentation.xml") == 0) rc = read_workbook(r, m);
        else if (strcmp(m, "ppt/_rels/presentation.xml.rels") == 0) rc = read_rels(r, m, "ppt/");
    }
    if (rc == DFT_OK) rc = zrc;
    zip_close(r);
    if (rc) return rc;
    rc = zip_open(r);
    if (rc) return rc;
    while (rc == DFT_OK && (m = zip_next(r, &zrc)) != NULL) {
        const char *unused = NULL;
        uint32_t idx = sheet_of(r, m, &unused);
        if (!idx) {
            if (strncmp(m, "ppt/slides/", 11) == 0 && !strchr(m + 11, '/'))
                warn(r, "slide part %s is not listed in the presentation: skipped", m);
            continue;
        }
        if (r->cb->page) rc = r->cb->page(r->cb->ctx, idx, NULL);
        if (!rc) rc = read_document(r, m, 1);
    }
    if (rc == DFT_OK) rc = zrc;
    zip_close(r);
    return rc;
}

dft_ooxml_kind dft_ooxml_kind_of(const void *zip, size_t len)
{
    rd r;
    memset(&r, 0, sizeof r);
    r.zip = zip;
    r.len = len;
    if (zip_open(&r)) {
        dft_error_clear();
        return DFT_OOXML_UNKNOWN;
    }
    dft_ooxml_kind k = DFT_OOXML_UNKNOWN;
    int zrc;
    const char *m;
    while (k == DFT_OOXML_UNKNOWN && (m = zip_next(&r, &zrc)) != NULL) {
        if (strcmp(m, "xl/workbook.xml") == 0) k = DFT_OOXML_XLSX;
        else if (strcmp(m, "word/document.xml") == 0) k = DFT_OOXML_DOCX;
        else if (strcmp(m, "ppt/presentation.xml") == 0) k = DFT_OOXML_PPTX;
    }
    zip_close(&r);
    dft_error_clear();
    return k;
}

int dft_ooxml_read(const void *zip, size_t len, const dft_ooxml_limits *lim, const dft_ooxml_cb *cb)
{
    static const dft_ooxml_cb none;
    rd r;
    memset(&r, 0, sizeof r);
    r.zip = zip;
    r.len = len;
    r.cb = cb ? cb : &none;
    r.max_part = lim && lim->max_part ? lim->max_part : (uint64_t)512 << 20;
    r.max_total = lim && lim->max_total ? lim->max_total : (uint64_t)2 << 30;
    r.max_cells = lim && lim->max_cells ? lim->max_cells : 20000000u;
    dft_ooxml_kind k = dft_ooxml_kind_of(zip, len);
    int rc;
    if (k == DFT_OOXML_XLSX) rc = read_xlsx(&r);
    else if (k == DFT_OOXML_DOCX) rc = read_docx(&r);
    else if (k == DFT_OOXML_PPTX) rc = read_pptx(&r);
    else rc = dft_error_set(DFT_ENOTFOUND, "neither an XLSX workbook, a DOCX document nor a PPTX presentation");
    sv_free(&r.sheet_names);
    sv_free(&r.sheet_rids);
    sv_free(&r.rel_ids);
    sv_free(&r.rel_targets);
    sv_free(&r.sst);
    free(r.text.p);
    free(r.aux.p);
    return rc;
}

void dft_ooxml_warnf(const dft_ooxml_cb *cb, const char *fmt, ...)
{
    if (!cb || !cb->warning) return;
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cb->warning(cb->ctx, msg);
}
