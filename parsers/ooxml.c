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
#define NCURSORS 3   /* streams of parts read out of order at once: a slide's notes and comments, + 1 */

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

/* A strvec's strings sorted (ties by position, so the first of equal names comes first). */
struct kidx {
    const char *k;
    size_t i;
};
static int kidx_cmp(const void *a, const void *b)
{
    const struct kidx *x = a, *y = b;
    int c = strcmp(x->k, y->k);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}
static int kidx_build(const strvec *s, struct kidx **out)
{
    *out = malloc((s->n ? s->n : 1) * sizeof **out);
    if (!*out) return dft_error_set(DFT_ENOMEM, "out of memory");
    for (size_t i = 0; i < s->n; i++) (*out)[i] = (struct kidx){s->v[i], i};
    if (s->n > 1) qsort(*out, s->n, sizeof **out, kidx_cmp);
    return DFT_OK;
}
/* The first entry of k[0..n) whose string is key; n when none. */
static size_t kidx_find(const struct kidx *k, size_t n, const char *key)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(k[mid].k, key) < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo < n && strcmp(k[lo].k, key) == 0 ? lo : n;
}

typedef struct rd {
    const void *zip;
    size_t len;
    uint64_t max_part, max_total, max_cells;
    uint64_t part, total, cells;
    struct archive *a;        /* the pass in zip order */
    struct cursor {           /* cursors for parts read out of zip order (part_seek) */
        struct archive *a;
        size_t pos;           /* members it has passed */
        uint64_t used;        /* when it was last used */
    } cursors[NCURSORS];
    uint64_t uses;
    uint64_t walked;          /* member headers the cursors stepped over, in all */
    int order_limit, warned_order;
    struct archive *cur;      /* the one libxml2 reads from */
    int limit_hit, io_error, xml_bad;
    const dft_ooxml_cb *cb;
    strvec members;           /* every member name, in zip order (pass 1) */
    strvec sheet_names, sheet_rids, sst;
    strvec rel_src, rel_ids, rel_types, rel_targets;   /* relationships: source part, Id, Type, resolved target */
    strvec pending;           /* replies of the comment being read (modern PPTX comments) */
    int warned_cut, warned_sst;
    int skip_thread_copies;   /* XLSX: legacy comments on cells in thread_refs are copies of threads */
    int collect_refs;         /* XLSX: reading threaded comments, their cells go to thread_refs */
    strvec thread_refs;
    /* sorted lookups over members, rel_src, rel_targets, sheet_rids (built after pass 1, index_build):
     * a name search per part, slide or member was quadratic (an 8,000-slide PPTX: 4 CPU-s of strcmp) */
    struct kidx *by_member, *by_src, *by_target, *by_rid;
    char unit_ref[24];        /* the ref attribute of the unit being read */
    uint32_t paras, tables;   /* numbering of the current page/section */
    sbuf text, aux, unit, reply;
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
    la_ssize_t got = archive_read_data(r->cur, buf, (size_t)len);
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

/* Positions a cursor on member `name` (the first of that name), for parts read out of zip order
 * (headers after the body, a slide's notes and comments right after the slide). A cursor only moves
 * forward; the one furthest along that is not past the member is used, else the least recently used
 * one is reopened. Interleaved streams of parts in zip order (notesSlide1, comment1, notesSlide2, ...
 * with the notes and comments folders apart in the zip) so cost one walk each, not one per part.
 * DFT_ENOTFOUND when no such member. */
static int part_seek(rd *r, const char *name)
{
    size_t at = kidx_find(r->by_member, r->members.n, name);
    if (at == r->members.n) return dft_error_set(DFT_ENOTFOUND, "%s: no such part", name);
    size_t idx = r->by_member[at].i;
    struct cursor *c = NULL, *lru = &r->cursors[0];
    for (size_t i = 0; i < NCURSORS; i++) {
        struct cursor *k = &r->cursors[i];
        if (k->a && k->pos <= idx && (!c || k->pos > c->pos)) c = k;
        if (k->used < lru->used) lru = k;
    }
    /* Parts stored in an order no cursor follows (hostile, or a writer we have not seen) would cost a
     * walk from the start each: quadratic. The walking is budgeted; past it, optional parts are skipped. */
    uint64_t budget = 8 * (uint64_t)r->members.n + 65536, cost = c ? idx + 1 - c->pos : idx + 1;
    if (r->order_limit || r->walked + cost > budget) {
        r->order_limit = 1;
        return dft_error_set(DFT_ELIMIT, "%s: parts stored too far out of order", name);
    }
    r->walked += cost;
    if (!c) {
        c = lru;
        if (c->a) archive_read_free(c->a);
        c->a = archive_read_new();
        if (!c->a) return dft_error_set(DFT_ENOMEM, "out of memory");
        archive_read_support_format_zip(c->a);
        c->pos = 0;
        if (archive_read_open_memory(c->a, r->zip, r->len) != ARCHIVE_OK) {
            c->pos = (size_t)-1;   /* reopen next time */
            r->xml_bad = 1;
            return DFT_CORRUPT("not a readable zip: %s", archive_error_string(c->a));
        }
    }
    c->used = ++r->uses;
    while (c->pos <= idx) {
        struct archive_entry *e;
        int ar = archive_read_next_header(c->a, &e);
        if (ar == ARCHIVE_EOF || ar < ARCHIVE_WARN) {
            c->pos = (size_t)-1;
            r->xml_bad = 1;
            return DFT_CORRUPT("damaged zip: %s", archive_error_string(c->a));
        }
        c->pos++;
    }
    r->cur = c->a;
    return DFT_OK;
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
    r->cur = r->a;
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
    r->xml_bad = 1;
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
        (r)->xml_bad = 1;                                                                                \
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

/* Resolves a relationship target against the source part's folder (ECMA-376 Part 2 §9.3: a target
 * is a relative reference, "/" = package root), with "." and ".." segments removed. */
static int resolve_target(sbuf *s, const char *src, const char *t)
{
    sb_reset(s);
    int rc = DFT_OK;
    if (t[0] == '/') t++;
    else {
        const char *slash = strrchr(src, '/');
        if (slash) rc = sb_add(s, src, (size_t)(slash - src) + 1);
    }
    /* segment by segment: ".." drops the last folder written, "." and empty segments vanish */
    while (rc == DFT_OK && *t) {
        size_t k = strcspn(t, "/");
        if ((k == 1 && t[0] == '.') || k == 0) {
        } else if (k == 2 && t[0] == '.' && t[1] == '.') {
            if (s->n) s->n--;   /* the trailing '/' */
            while (s->n && s->p[s->n - 1] != '/') s->n--;
            if (s->p) s->p[s->n] = '\0';
        } else {
            rc = sb_add(s, t, k);
            if (!rc && t[k] == '/') rc = sb_add(s, "/", 1);
        }
        t += k;
        if (*t == '/') t++;
    }
    return rc;
}

/* A relationships part "dir/_rels/name.rels" describes the part "dir/name". */
static int rels_source(const char *rels, sbuf *src)
{
    const char *r = strstr(rels, "_rels/");
    size_t n = strlen(rels);
    if (!r || n < 5 || strcmp(rels + n - 5, ".rels") != 0 || strchr(r + 6, '/')) return 0;
    sb_reset(src);
    return sb_add(src, rels, (size_t)(r - rels)) == DFT_OK &&
           sb_add(src, r + 6, (size_t)(rels + n - 5 - (r + 6))) == DFT_OK;
}

static int read_rels(rd *r, const char *name)
{
    sbuf src = {0};
    if (!rels_source(name, &src)) {
        free(src.p);
        return DFT_OK;
    }
    xmlTextReaderPtr x = xml_open(r, name);
    if (!x) {
        free(src.p);
        return dft_error_set(DFT_ENOMEM, "xml reader");
    }
    int ret, rc = DFT_OK;
    while (rc == DFT_OK && (ret = xmlTextReaderRead(x)) == 1) {
        int type = xmlTextReaderNodeType(x);
        if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
            free(src.p);
        }
        XML_LOOP_CHECK_DTD(r, x, type, name);
        if (type != XML_READER_TYPE_ELEMENT || !lname_is(x, "Relationship")) continue;
        xmlChar *id = xmlTextReaderGetAttribute(x, BAD_CAST "Id");
        xmlChar *tg = xmlTextReaderGetAttribute(x, BAD_CAST "Target");
        xmlChar *ty = xmlTextReaderGetAttribute(x, BAD_CAST "Type");
        xmlChar *mode = xmlTextReaderGetAttribute(x, BAD_CAST "TargetMode");
        if (id && tg && !(mode && strcmp((const char *)mode, "External") == 0)) {
            rc = resolve_target(&r->aux, sb_str(&src), (const char *)tg);
            if (!rc) rc = sv_push(&r->rel_src, sb_str(&src));
            if (!rc) rc = sv_push(&r->rel_ids, (const char *)id);
            if (!rc) rc = sv_push(&r->rel_types, (const char *)ty);
            if (!rc) rc = sv_push(&r->rel_targets, sb_str(&r->aux));
        }
        xmlFree(id);
        xmlFree(tg);
        xmlFree(ty);
        xmlFree(mode);
    }
    free(src.p);
    if (rc == DFT_OK) rc = xml_status(r, ret, name);
    xmlFreeTextReader(x);
    return rc;
}

/* The relationships of a part whose subdocuments are optional (document.xml, a slide, a worksheet):
 * damaged, they are one warning and the document is still read. */
static int read_rels_optional(rd *r, const char *name)
{
    r->xml_bad = 0;
    int rc = read_rels(r, name);
    if (rc == DFT_ECORRUPT && r->xml_bad) {
        warn(r, "relationships not read to their end (notes, comments, headers they name may be missed): %s",
             dft_error_last());
        dft_error_clear();
        r->xml_bad = 0;
        rc = DFT_OK;
    }
    return rc;
}

/* Type URIs differ between transitional, strict and Microsoft's extensions; the last segment names
 * the relationship ("header", "notesSlide", "comments", "threadedComment"). */
static int type_is(const char *type, const char *last)
{
    const char *slash = strrchr(type, '/');
    return slash && strcmp(slash + 1, last) == 0;
}

/* Digit runs compare by value: "header2.xml" < "header10.xml". */
static int natural_cmp(const char *a, const char *b)
{
    while (*a && *b) {
        if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
            while (*a == '0') a++;
            while (*b == '0') b++;
            size_t na = strspn(a, "0123456789"), nb = strspn(b, "0123456789");
            if (na != nb) return na < nb ? -1 : 1;
            int c = strncmp(a, b, na);
            if (c) return c;
            a += na;
            b += nb;
        } else {
            if (*a != *b) return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
            a++, b++;
        }
    }
    return *a ? 1 : *b ? -1 : 0;
}
static int str_qcmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}
static int natural_qcmp(const void *a, const void *b)
{
    int c = natural_cmp(*(char *const *)a, *(char *const *)b);
    return c ? c : str_qcmp(a, b);   /* "a01" and "a1": one order whatever qsort does */
}

/* The targets of `src`'s relationships of type `last`, each once, in natural name order. */
static int rel_targets_of(rd *r, const char *src, const char *last, strvec *out)
{
    size_t n = r->rel_src.n;
    for (size_t j = kidx_find(r->by_src, n, src); j < n && strcmp(r->by_src[j].k, src) == 0; j++) {
        size_t i = r->by_src[j].i;
        if (!type_is(r->rel_types.v[i], last)) continue;
        int rc = sv_push(out, r->rel_targets.v[i]);
        if (rc) return rc;
    }
    if (out->n > 1) {   /* each target once (sorted, then adjacent duplicates dropped) */
        qsort(out->v, out->n, sizeof *out->v, str_qcmp);
        size_t k = 1;
        for (size_t i = 1; i < out->n; i++) {
            if (strcmp(out->v[i], out->v[k - 1]) == 0) free(out->v[i]);
            else out->v[k++] = out->v[i];
        }
        out->n = k;
        qsort(out->v, out->n, sizeof *out->v, natural_qcmp);
    }
    return DFT_OK;
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

/* The index (1-based) and name of a worksheet (slide) part in the workbook (presentation) `main`,
 * 0 if it is none. */
static uint32_t sheet_of(rd *r, const char *main, const char *member, const char **sname)
{
    size_t n = r->rel_targets.n, ns = r->sheet_rids.n;
    for (size_t j = kidx_find(r->by_target, n, member); j < n && strcmp(r->by_target[j].k, member) == 0; j++) {
        size_t i = r->by_target[j].i;
        if (strcmp(r->rel_src.v[i], main) != 0) continue;
        size_t k = kidx_find(r->by_rid, ns, r->rel_ids.v[i]);
        if (k < ns) {
            *sname = r->sheet_names.v[r->by_rid[k].i];
            return (uint32_t)r->by_rid[k].i + 1;
        }
    }
    return 0;
}

/* ---- text parts: bodies, headers, notes, comments -------------------------------------------- */

#define NS_MC "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_W_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define NS_P "http://schemas.openxmlformats.org/presentationml/2006/main"

enum { TXBX_SKIP = 0, TXBX_ONLY = 1 };

typedef struct dopts {
    int slide;             /* DrawingML: a:tab is a tab stop (no text), no w:cr */
    int notes;             /* a notes page: shapes holding the slide number, image, header, footer, date skipped */
    int txbx;              /* TXBX_SKIP: text boxes (w:txbxContent) left out; TXBX_ONLY: only their text */
    const char *unit;      /* a unit element (comment): one paragraph per unit, its paragraphs joined by LF */
    const char *reply;     /* a reply unit inside it, delivered after it (p188:reply) */
    const char *ref;       /* attribute of the unit giving a "REF: " prefix (XLSX comment ref) */
    int text_elem;         /* <text>...</text> holds text directly (p:text, threaded comments) */
    int saw_txbx;          /* out: a text box was skipped */
} dopts;

static int is_note_separator(xmlTextReaderPtr x)
{
    if (!lname_is(x, "footnote") && !lname_is(x, "endnote")) return 0;
    xmlChar *t = xmlTextReaderGetAttributeNs(x, BAD_CAST "type", BAD_CAST NS_W);
    if (!t) t = xmlTextReaderGetAttributeNs(x, BAD_CAST "type", BAD_CAST NS_W_STRICT);
    int sep = t && (strcmp((const char *)t, "separator") == 0 || strcmp((const char *)t, "continuationSeparator") == 0 ||
                    strcmp((const char *)t, "continuationNotice") == 0);
    xmlFree(t);
    return sep;
}

static int is_skipped_placeholder(xmlTextReaderPtr x)
{
    xmlChar *t = xmlTextReaderGetAttribute(x, BAD_CAST "type");
    static const char *const skip[] = {"sldNum", "sldImg", "hdr", "ftr", "dt"};
    int hit = 0;
    for (size_t i = 0; t && i < sizeof skip / sizeof *skip; i++) hit |= strcmp((const char *)t, skip[i]) == 0;
    xmlFree(t);
    return hit;
}

static int unit_begin(rd *r, xmlTextReaderPtr x, const dopts *o)
{
    sb_reset(&r->unit);
    r->unit_ref[0] = '\0';
    if (!o->ref) return DFT_OK;
    xmlChar *ref = xmlTextReaderGetAttribute(x, BAD_CAST o->ref);
    int rc = DFT_OK;
    if (ref) snprintf(r->unit_ref, sizeof r->unit_ref, "%s", (const char *)ref);
    if (ref && r->collect_refs) rc = sv_push(&r->thread_refs, (const char *)ref);
    if (!rc && ref && ref[0]) {
        rc = sb_add(&r->unit, (const char *)ref, strlen((const char *)ref));
        if (!rc) rc = sb_add(&r->unit, ": ", 2);
    }
    xmlFree(ref);
    return rc;
}

static int unit_emit(rd *r, sbuf *u)
{
    note_cut(r, u);
    const char *key = r->unit_ref;
    if (r->skip_thread_copies && r->thread_refs.n && bsearch(&key, r->thread_refs.v, r->thread_refs.n, sizeof *r->thread_refs.v, str_qcmp)) {
        sb_reset(u);
        return DFT_OK;
    }
    r->paras++;
    int rc = count_cell(r);
    if (!rc && u->n && r->cb->paragraph) rc = r->cb->paragraph(r->cb->ctx, r->paras, sb_str(u));
    sb_reset(u);
    return rc;
}

/* A comment, then its replies (they come before its text in the part). */
static int unit_end(rd *r)
{
    int rc = unit_emit(r, &r->unit);
    for (size_t i = 0; i < r->pending.n && rc == DFT_OK; i++) {
        sb_reset(&r->reply);
        rc = sb_add(&r->reply, r->pending.v[i], strlen(r->pending.v[i]));
        if (!rc) rc = unit_emit(r, &r->reply);
    }
    sv_free(&r->pending);
    return rc;
}

/* The text of one part: a DOCX body, header, footer, footnotes, endnotes or comments part, a PPTX slide
 * or notes page, PPTX or XLSX comments. Paragraph and table numbers continue from r->paras/r->tables
 * (the caller resets them where a page or section begins). */
static int read_text_part(rd *r, const char *name, dopts *o)
{
    xmlTextReaderPtr x = xml_open(r, name);
    if (!x) return dft_error_set(DFT_ENOMEM, "xml reader");
    int ret, rc = DFT_OK, depth = 0, in_t = 0, txdepth = 0, skip_sp = 0, sp_depth = -1;
    int in_unit = 0, in_reply = 0;
    uint32_t row = 0, col = 0;
    sbuf *p = &r->text, *cell = &r->aux;
    sb_reset(p);
    sb_reset(cell);
    sb_reset(&r->unit);
    sb_reset(&r->reply);
    sv_free(&r->pending);
    ret = xmlTextReaderRead(x);
    while (rc == DFT_OK && ret == 1) {
        int type = xmlTextReaderNodeType(x), skip = 0;
        XML_LOOP_CHECK_DTD(r, x, type, name);
        int active = o->txbx == TXBX_SKIP || txdepth > 0;
        if (type == XML_READER_TYPE_ELEMENT) {
            int empty = xmlTextReaderIsEmptyElement(x);
            const xmlChar *ns = xmlTextReaderConstNamespaceUri(x);
            if (lname_is(x, "Fallback") && ns && strcmp((const char *)ns, NS_MC) == 0)
                skip = 1;   /* mc:AlternateContent: the mc:Choice was read; the fallback repeats its text */
            else if (lname_is(x, "txbxContent")) {
                if (o->txbx == TXBX_SKIP) {
                    skip = 1;
                    o->saw_txbx = 1;
                } else if (txdepth > 0)
                    skip = 1;   /* a text box in a text box (Word allows none): left out */
                else if (!empty)
                    txdepth = 1;
            } else if (!active) {
            } else if (is_note_separator(x) || lname_is(x, "rPh"))
                skip = 1;
            else if (o->notes && lname_is(x, "sp") && ns && strcmp((const char *)ns, NS_P) == 0) {
                sp_depth = xmlTextReaderDepth(x);
                skip_sp = 0;
            } else if (o->notes && sp_depth >= 0 && lname_is(x, "ph") && is_skipped_placeholder(x))
                skip_sp = 1;
            else if (o->unit && lname_is(x, o->unit) && !empty) {
                in_unit = 1;
                rc = unit_begin(r, x, o);
            } else if (o->reply && in_unit && lname_is(x, o->reply) && !empty) {
                in_reply = 1;
                sb_reset(&r->reply);
            } else if (o->unit) {
                /* inside a unit: every paragraph (also a table cell's) is a line of it */
                sbuf *u = in_reply ? &r->reply : &r->unit;
                if (!in_unit) {
                } else if (lname_is(x, "p") && u->n && u->p[u->n - 1] != '\n' &&
                           !(o->ref && u->n >= 2 && u->p[u->n - 1] == ' ' && u->p[u->n - 2] == ':'))
                    rc = sb_add(u, "\n", 1);
                else if ((lname_is(x, "t") || (o->text_elem && lname_is(x, "text"))) && !empty)
                    in_t = 1;
                else if (lname_is(x, "tab") && !o->slide)
                    rc = sb_add(u, "\t", 1);
                else if (lname_is(x, "br") || (lname_is(x, "cr") && !o->slide))
                    rc = sb_add(u, "\n", 1);
            } else if (lname_is(x, "tbl") && !empty) {
                if (++depth == 1) {
                    r->tables++;
                    row = 0;
                    if (r->cb->table) rc = r->cb->table(r->cb->ctx, r->tables, NULL);
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
                if (empty && !depth && !skip_sp) r->paras++;
            } else if ((lname_is(x, "t") || (o->text_elem && lname_is(x, "text"))) && !empty)
                in_t = 1;
            else if (lname_is(x, "tab") && !o->slide)
                rc = sb_add(depth ? cell : p, "\t", 1);
            else if (lname_is(x, "br") || (lname_is(x, "cr") && !o->slide))
                rc = sb_add(depth ? cell : p, "\n", 1);
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (lname_is(x, "txbxContent") && txdepth > 0) {
                txdepth = 0;
            } else if (!active) {
            } else if (lname_is(x, "t") || (o->text_elem && lname_is(x, "text")))
                in_t = 0;
            else if (o->notes && sp_depth >= 0 && lname_is(x, "sp") && xmlTextReaderDepth(x) == sp_depth) {
                sp_depth = -1;
                skip_sp = 0;
            } else if (o->reply && in_reply && lname_is(x, o->reply)) {
                in_reply = 0;
                note_cut(r, &r->reply);
                rc = sv_push(&r->pending, sb_str(&r->reply));
            } else if (o->unit && in_unit && lname_is(x, o->unit)) {
                in_unit = 0;
                rc = unit_end(r);
            } else if (o->unit) {
            } else if (lname_is(x, "p") && !depth) {
                note_cut(r, p);
                if (!skip_sp) {
                    r->paras++;
                    rc = count_cell(r);
                    if (!rc && p->n && r->cb->paragraph) rc = r->cb->paragraph(r->cb->ctx, r->paras, sb_str(p));
                }
                sb_reset(p);
            } else if (lname_is(x, "tc") && depth == 1) {
                note_cut(r, cell);
                rc = count_cell(r);
                if (!rc && cell->n && r->cb->cell) rc = r->cb->cell(r->cb->ctx, row, col, sb_str(cell));
                sb_reset(cell);
            } else if (lname_is(x, "tbl") && depth > 0) {
                if (--depth == 0 && r->cb->table_end) rc = r->cb->table_end(r->cb->ctx);
            }
        } else if (is_text_node(type) && in_t && active && !skip_sp) {
            if (o->unit) {
                if (in_unit) rc = add_value(in_reply ? &r->reply : &r->unit, x);
            } else
                rc = add_value(depth ? cell : p, x);
        }
        if (rc) break;
        ret = skip ? xmlTextReaderNext(x) : xmlTextReaderRead(x);
    }
    if (rc == DFT_OK) rc = xml_status(r, ret, name);
    /* a table left open by a damaged part still ends for the caller */
    if (depth > 0 && r->cb->table_end && r->xml_bad) {
        int erc = r->cb->table_end(r->cb->ctx);
        if (!rc) rc = erc;
    }
    sv_free(&r->pending);
    xmlFreeTextReader(x);
    return rc;
}

/* An optional part (header, notes, comments): when it is missing or damaged, one warning and the
 * reading goes on; caps, memory and a caller's stop still end the document. */
static int read_optional(rd *r, const char *what, const char *part, dopts *o)
{
    r->xml_bad = 0;
    int rc = part_seek(r, part);
    if (rc == DFT_ENOTFOUND) {
        dft_error_clear();
        warn(r, "%s part %s is missing: its text is not read", what, part);
        return DFT_OK;
    }
    if (rc == DFT_ELIMIT && r->order_limit) {
        if (!r->warned_order)
            warn(r, "parts stored far out of zip order: %s (%s) and later notes/comments/headers not read", what, part);
        r->warned_order = 1;
        dft_error_clear();
        return DFT_OK;
    }
    if (rc == DFT_OK) rc = read_text_part(r, part, o);
    if (rc == DFT_ECORRUPT && r->xml_bad) {
        warn(r, "%s not read to its end: %s", what, dft_error_last());
        dft_error_clear();
        r->xml_bad = 0;
        return DFT_OK;
    }
    return rc;
}

static int section(rd *r, const char *name)
{
    r->paras = r->tables = 0;
    return r->cb->section ? r->cb->section(r->cb->ctx, name) : DFT_OK;
}

/* Pass 1: every member name, and the parts `meta` wants read first (workbook, relationships, shared
 * strings). */
static int survey(rd *r, int (*meta)(rd *r, const char *member))
{
    int rc = zip_open(r), zrc;
    if (rc) return rc;
    const char *m;
    while (rc == DFT_OK && (m = zip_next(r, &zrc)) != NULL) {
        rc = sv_push(&r->members, m);
        if (!rc) rc = meta(r, m);
    }
    if (rc == DFT_OK) rc = zrc;
    zip_close(r);
    if (rc == DFT_OK) rc = kidx_build(&r->members, &r->by_member);
    if (rc == DFT_OK) rc = kidx_build(&r->rel_src, &r->by_src);
    if (rc == DFT_OK) rc = kidx_build(&r->rel_targets, &r->by_target);
    if (rc == DFT_OK) rc = kidx_build(&r->sheet_rids, &r->by_rid);
    return rc;
}

/* Pass 2: each worksheet/slide part listed by `main` (workbook.xml / presentation.xml), in zip order,
 * to `fn` with its 1-based index and name; a part under `folder` not listed is one warning. */
static int each_listed(rd *r, const char *main, const char *folder, const char *what,
                       int (*fn)(rd *r, const char *part, uint32_t idx, const char *name))
{
    int rc = zip_open(r), zrc;
    if (rc) return rc;
    const char *m;
    size_t fl = strlen(folder);
    while (rc == DFT_OK && (m = zip_next(r, &zrc)) != NULL) {
        const char *name = NULL;
        uint32_t idx = sheet_of(r, main, m, &name);
        if (idx) rc = fn(r, m, idx, name);
        else if (strncmp(m, folder, fl) == 0 && !strchr(m + fl, '/'))
            warn(r, "%s part %s is not listed in the %s: skipped", what, m, strchr(main, '/') + 1);
    }
    if (rc == DFT_OK) rc = zrc;
    zip_close(r);
    return rc;
}

/* ---- XLSX ------------------------------------------------------------------------------------ */

/* The comments of worksheet `part` (index idx) after its table: threaded comments (Excel 365), then
 * the legacy notes, each "REF: text". Excel writes a legacy copy of each threaded comment ("[Threaded
 * comment] Your version of Excel allows you to read this threaded comment; ...", localised) for older
 * readers: a legacy comment on a cell that has a threaded comment is that copy and is skipped (a cell
 * holds either a note or a thread, never both). */
static int xlsx_comments(rd *r, const char *part, uint32_t idx)
{
    strvec thr = {0}, leg = {0};
    int rc = rel_targets_of(r, part, "threadedComment", &thr);
    if (!rc) rc = rel_targets_of(r, part, "comments", &leg);
    if (!rc && thr.n + leg.n) {
        char name[40];
        snprintf(name, sizeof name, "sheet %u comments", idx);
        rc = section(r, name);
    }
    dopts th = {.unit = "threadedComment", .ref = "ref", .text_elem = 1};
    r->collect_refs = 1;
    for (size_t i = 0; i < thr.n && rc == DFT_OK; i++) rc = read_optional(r, "threaded comments", thr.v[i], &th);
    r->collect_refs = 0;
    dopts lg = {.unit = "comment", .ref = "ref"};
    if (r->thread_refs.n > 1) qsort(r->thread_refs.v, r->thread_refs.n, sizeof *r->thread_refs.v, str_qcmp);
    r->skip_thread_copies = thr.n > 0;
    for (size_t i = 0; i < leg.n && rc == DFT_OK; i++) rc = read_optional(r, "comments", leg.v[i], &lg);
    r->skip_thread_copies = 0;
    sv_free(&r->thread_refs);
    if (!rc && thr.n + leg.n) rc = section(r, NULL);
    sv_free(&thr);
    sv_free(&leg);
    return rc;
}

static int xlsx_meta(rd *r, const char *m)
{
    if (strcmp(m, "xl/workbook.xml") == 0) return read_workbook(r, m);
    if (strcmp(m, "xl/_rels/workbook.xml.rels") == 0) return read_rels(r, m);
    if (strncmp(m, "xl/worksheets/_rels/", 20) == 0) return read_rels_optional(r, m);
    if (strcmp(m, "xl/sharedStrings.xml") == 0) return read_sst(r, m);
    return DFT_OK;
}

static int xlsx_sheet(rd *r, const char *part, uint32_t idx, const char *name)
{
    int rc = r->cb->table ? r->cb->table(r->cb->ctx, idx, name) : DFT_OK;
    if (!rc) rc = read_sheet(r, part);
    if (!rc && r->cb->table_end) rc = r->cb->table_end(r->cb->ctx);
    if (!rc) rc = xlsx_comments(r, part, idx);
    return rc;
}

static int read_xlsx(rd *r)
{
    int rc = survey(r, xlsx_meta);
    return rc ? rc : each_listed(r, "xl/workbook.xml", "xl/worksheets/", "worksheet", xlsx_sheet);
}

/* ---- DOCX ------------------------------------------------------------------------------------ */

/* Main text, then its text boxes, then headers, footers, footnotes, endnotes, comments (docs/documents.md). */
static int docx_meta(rd *r, const char *m)
{
    return strcmp(m, "word/_rels/document.xml.rels") == 0 ? read_rels_optional(r, m) : DFT_OK;
}

static int read_docx(rd *r)
{
    int rc = survey(r, docx_meta);
    if (rc) return rc;
    const char *doc = "word/document.xml";
    dopts main = {.txbx = TXBX_SKIP};
    rc = part_seek(r, doc);
    if (!rc) rc = read_text_part(r, doc, &main);
    if (!rc && main.saw_txbx) {
        rc = section(r, "text boxes");
        dopts tb = {.txbx = TXBX_ONLY};
        if (!rc) rc = read_optional(r, "text boxes", doc, &tb);
    }
    static const struct {
        const char *type, *name;
    } parts[] = {{"header", "header"}, {"footer", "footer"}, {"footnotes", "footnotes"}, {"endnotes", "endnotes"},
                 {"comments", "comments"}};
    for (size_t k = 0; k < sizeof parts / sizeof *parts && rc == DFT_OK; k++) {
        strvec t = {0};
        rc = rel_targets_of(r, doc, parts[k].type, &t);
        int numbered = k < 2;
        for (size_t i = 0; i < t.n && rc == DFT_OK; i++) {
            char name[48];
            if (numbered) snprintf(name, sizeof name, "%s %zu", parts[k].name, i + 1);
            else snprintf(name, sizeof name, "%s", parts[k].name);
            rc = section(r, name);
            dopts o = {.txbx = TXBX_SKIP, .unit = k == 4 ? "comment" : NULL};
            if (!rc) rc = read_optional(r, name, t.v[i], &o);
            if (!rc && o.saw_txbx) {
                char tbn[64];
                snprintf(tbn, sizeof tbn, "%s text boxes", name);
                dopts tb = {.txbx = TXBX_ONLY};
                rc = section(r, tbn);
                if (!rc) rc = read_optional(r, tbn, t.v[i], &tb);
            }
        }
        sv_free(&t);
    }
    return rc;
}

/* ---- PPTX ------------------------------------------------------------------------------------ */

/* A slide's speaker notes (section "notes") and comments (legacy p:cm and modern p188:cm with their
 * replies: section "comments"), right after the slide's own text. */
static int pptx_subparts(rd *r, const char *slide)
{
    strvec notes = {0}, com = {0};
    int rc = rel_targets_of(r, slide, "notesSlide", &notes);
    if (!rc) rc = rel_targets_of(r, slide, "comments", &com);
    for (size_t i = 0; i < notes.n && rc == DFT_OK; i++) {
        rc = section(r, "notes");
        dopts o = {.slide = 1, .notes = 1};
        if (!rc) rc = read_optional(r, "notes", notes.v[i], &o);
    }
    if (!rc && com.n) rc = section(r, "comments");
    for (size_t i = 0; i < com.n && rc == DFT_OK; i++) {
        dopts o = {.slide = 1, .unit = "cm", .reply = "reply", .text_elem = 1};
        rc = read_optional(r, "comments", com.v[i], &o);
    }
    sv_free(&notes);
    sv_free(&com);
    return rc;
}

static int pptx_meta(rd *r, const char *m)
{
    if (strcmp(m, "ppt/presentation.xml") == 0) return read_workbook(r, m);
    if (strcmp(m, "ppt/_rels/presentation.xml.rels") == 0) return read_rels(r, m);
    if (strncmp(m, "ppt/slides/_rels/", 17) == 0) return read_rels_optional(r, m);
    return DFT_OK;
}

static int pptx_slide(rd *r, const char *part, uint32_t idx, const char *name)
{
    (void)name;
    r->paras = r->tables = 0;
    int rc = r->cb->page ? r->cb->page(r->cb->ctx, idx, NULL) : DFT_OK;
    dopts o = {.slide = 1};
    if (!rc) rc = read_text_part(r, part, &o);
    if (!rc) rc = pptx_subparts(r, part);
    return rc;
}

static int read_pptx(rd *r)
{
    int rc = survey(r, pptx_meta);
    return rc ? rc : each_listed(r, "ppt/presentation.xml", "ppt/slides/", "slide", pptx_slide);
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
    for (size_t i = 0; i < NCURSORS; i++)
        if (r.cursors[i].a) archive_read_free(r.cursors[i].a);
    sv_free(&r.members);
    sv_free(&r.sheet_names);
    sv_free(&r.sheet_rids);
    sv_free(&r.rel_src);
    sv_free(&r.rel_ids);
    sv_free(&r.rel_types);
    sv_free(&r.rel_targets);
    sv_free(&r.sst);
    sv_free(&r.pending);
    sv_free(&r.thread_refs);
    free(r.by_member);
    free(r.by_src);
    free(r.by_target);
    free(r.by_rid);
    free(r.text.p);
    free(r.aux.p);
    free(r.unit.p);
    free(r.reply.p);
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
