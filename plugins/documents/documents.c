/*
 * documents.c - plugin `documents`: the text of office and text documents (XLSX, DOCX, CSV/TSV,
 * plain text in any of the encodings textenc.h detects; PPTX, ODS/ODT/ODP, RTF, HTML, PDF; legacy .xls,
 * .doc and .ppt) as decoded content, so the streaming
 * scanners (crypto addresses, markers) and the DFT_CLAIM_DECODED plugins (scam-script classifier)
 * read what a spreadsheet or a letter says, with a forensic path back to the sheet and rows.
 *
 * Decoded pieces are blocks of at most BLOCK_ROWS table rows or BLOCK_PARAS paragraphs/lines and about
 * BLOCK_BYTES bytes of UTF-8: cells of a row joined by '\t', rows by '\n'. Path elements name the origin:
 *   sheet "客户" rows 1-64 | table 2 rows 1-9 | paragraphs 1-40 | csv rows 1-64 (GB18030) |
 *   text lines 1-500 (UTF-16LE)
 * Rows are the spreadsheet's own row numbers (XLSX r=), DOCX table rows, CSV records (1-based, the
 * header included) and text lines. The pieces are named "<file>.text" so that no extension claim (ours
 * included: the core offers decoded content to the emitting plugin too) takes them for a document. Parser warnings (broken shared string index, cut text) become
 * evidence.warning rows; a hostile zip (bomb, DTD) is DFT_ECORRUPT/DFT_ELIMIT, recorded by the core.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parsers/csvread.h"
#include "parsers/docread.h"
#include "parsers/htmltext.h"
#include "parsers/odf.h"
#include "parsers/ole2.h"
#include "parsers/ooxml.h"
#include "parsers/pdftext.h"
#include "parsers/pptread.h"
#include "parsers/rtf.h"
#include "parsers/textenc.h"
#include "parsers/xlsread.h"
#include "plugin.h"

#define BLOCK_ROWS 64u
/* Running text is cut less often than tables: the scam-script classifier (scam_text) judges one piece at
 * a time, in windows of 64 KiB, and a playbook whose stages lie more than 64 paragraphs apart would
 * never show them together; findings still point into the piece by their decoded_offset. */
#define BLOCK_PARAS 512u
#define BLOCK_BYTES ((size_t)64 << 10)
#define HTML_MIME_MAX ((size_t)4 << 20)   /* text/html claimed by MIME, not extension: larger is skipped */

typedef struct block {
    dft_scan *s;
    char dname[300];         /* name of the decoded pieces: "<file>.text", claimed by no extension we claim */
    char unit[160];          /* "sheet \"S1\"", "table 2", "paragraphs", "csv", "text" */
    char suffix[40];         /* " (GB18030)" or "" */
    char page[48];           /* "slide 3 " / "page 12 " before the unit, or "" */
    char section[56];        /* "footnotes " / "header 1 " / "notes " after the page, or "" */
    const char *pageword;    /* "slide" (PPTX/ODP/PPT) or "page" (PDF) */
    int page_names;          /* the page's name follows its number (.ppt: "slide 2 (record 0x1f40) ") */
    const char *para_unit;   /* "paragraphs", or "lines" for PDF page text */
    char *text;
    size_t n, cap;
    uint32_t first, last, cur, rows;
    int row_open, cells_in_row;
    int64_t origin;          /* byte offset in the file when the block is a verbatim range, else -1 */
} block;

static int add(block *b, const char *t, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + n + 1) cap *= 2;
        char *p = realloc(b->text, cap);
        if (!p) return dft_error_set(DFT_ENOMEM, "out of memory");
        b->text = p;
        b->cap = cap;
    }
    memcpy(b->text + b->n, t, n);
    b->n += n;
    b->text[b->n] = '\0';
    return DFT_OK;
}

static int flush(block *b)
{
    int rc = DFT_OK;
    if (b->row_open) {
        rc = add(b, "\n", 1);
        b->row_open = 0;
    }
    if (!rc && b->n) {
        char path[320];
        const char *what = !strcmp(b->unit, "paragraphs") || !strcmp(b->unit, "lines") ? ""
                           : !strcmp(b->unit, "text") ? "lines " : "rows ";
        snprintf(path, sizeof path, "%s%s%s %s%u-%u%s", b->page, b->section, b->unit, what, b->first, b->last,
                 b->suffix);
        dft_decoded d = DFT_INIT(dft_decoded);
        d.path_element = path;
        d.name = b->dname;
        d.mime = "text/plain; charset=utf-8";
        d.origin_offset = b->origin;
        rc = dft_emit_decoded(b->s, &d, b->text, b->n);
    }
    b->n = 0;
    b->rows = 0;
    b->first = b->last = 0;
    b->origin = -1;
    return rc;
}

/* Starts row `row` (a new line) unless it is the current one; flushes a full block first. */
static int row_begin(block *b, uint32_t row)
{
    if (b->row_open && row == b->cur) return DFT_OK;
    int rc = DFT_OK;
    if (b->row_open) {
        rc = add(b, "\n", 1);
        b->row_open = 0;
        b->rows++;
    }
    uint32_t max_rows = strncmp(b->unit, "table ", 6) && strncmp(b->unit, "sheet ", 6) && strcmp(b->unit, "csv")
                        ? BLOCK_PARAS : BLOCK_ROWS;
    if (!rc && (b->rows >= max_rows || b->n >= BLOCK_BYTES)) rc = flush(b);
    if (rc) return rc;
    if (!b->n) b->first = row;
    b->last = b->cur = row;
    b->row_open = 1;
    b->cells_in_row = 0;
    return DFT_OK;
}

static int on_cell(void *ctx, uint32_t row, uint32_t col, const char *text)
{
    (void)col;
    block *b = ctx;
    if (dft_scan_cancelled(b->s)) return dft_error_set(DFT_ECANCELLED, "cancelled");
    int rc = row_begin(b, row);
    if (!rc && b->cells_in_row++) rc = add(b, "\t", 1);
    return rc ? rc : add(b, text, strlen(text));
}

static int on_table(void *ctx, uint32_t index, const char *name)
{
    block *b = ctx;
    int rc = flush(b);
    if (name) snprintf(b->unit, sizeof b->unit, "sheet \"%.120s\"", name);
    else snprintf(b->unit, sizeof b->unit, "table %u", index);
    return rc;
}

static int on_table_end(void *ctx)
{
    block *b = ctx;
    int rc = flush(b);
    snprintf(b->unit, sizeof b->unit, "%s", b->para_unit);
    return rc;
}

static int on_paragraph(void *ctx, uint32_t index, const char *text)
{
    block *b = ctx;
    if (dft_scan_cancelled(b->s)) return dft_error_set(DFT_ECANCELLED, "cancelled");
    int rc = row_begin(b, index);
    return rc ? rc : add(b, text, strlen(text));
}

/* A PPTX/ODP slide begins: its paragraphs (numbered from 1) and tables are named after it. */
static int on_page(void *ctx, uint32_t index, const char *name)
{
    block *b = ctx;
    int rc = flush(b);
    if (b->page_names && name)
        snprintf(b->page, sizeof b->page, "%s %u (%.24s) ", b->pageword, index, name);
    else
        snprintf(b->page, sizeof b->page, "%s %u ", b->pageword, index);
    b->section[0] = '\0';
    snprintf(b->unit, sizeof b->unit, "%s", b->para_unit);
    return rc;
}

/* A subdocument (header, footnotes, comments, a slide's notes) begins, or NULL: the main text again. */
static int on_section(void *ctx, const char *name)
{
    block *b = ctx;
    int rc = flush(b);
    if (name && *name) snprintf(b->section, sizeof b->section, "%.48s ", name);
    else b->section[0] = '\0';
    snprintf(b->unit, sizeof b->unit, "%s", b->para_unit);
    return rc;
}

static void on_warning(void *ctx, const char *msg)
{
    block *b = ctx;
    dft_emit_warning(b->s, -1, "%s", msg);
}

static int on_cancelled(void *scan)
{
    return dft_scan_cancelled(scan);
}

/* The callbacks every reader of a block gets; the readers that wait on a child process (PDF, .xls)
 * poll on_cancelled, so a stopped run or the file watchdog ends them within a fraction of a second. */
static dft_ooxml_cb block_callbacks(block *b)
{
    return (dft_ooxml_cb){.ctx = b, .table = on_table, .cell = on_cell, .table_end = on_table_end,
                          .paragraph = on_paragraph, .warning = on_warning, .page = on_page,
                          .cancelled = on_cancelled, .cancel_ctx = b->s, .section = on_section};
}

/* XLSX/DOCX/PPTX (odf = 0) or ODS/ODT/ODP (odf = 1): the same callbacks. */
static int scan_zipdoc(block *b, const uint8_t *bytes, size_t len, int odf)
{
    snprintf(b->unit, sizeof b->unit, "paragraphs");
    dft_ooxml_cb cb = block_callbacks(b);
    int rc = odf ? dft_odf_read(bytes, len, NULL, &cb) : dft_ooxml_read(bytes, len, NULL, &cb);
    if (rc == DFT_ENOTFOUND) rc = DFT_OK;   /* a readable zip that is no workbook/document: nothing to extract */
    if (rc == DFT_EUNSUPPORTED) {           /* encrypted: say so, the file is still there for the others */
        dft_emit_warning(b->s, -1, "%s", dft_error_last());
        rc = DFT_OK;
    }
    int frc = flush(b);   /* what was read before an error is still delivered */
    return rc ? rc : frc;
}

/* RTF, HTML or PDF: the callbacks as for zip documents; what the parser read before an error stays. */
static int scan_flat(block *b, const uint8_t *bytes, size_t len, char kind)
{
    snprintf(b->unit, sizeof b->unit, "%s", b->para_unit);
    dft_ooxml_cb cb = block_callbacks(b);
    int rc;
    if (kind == 'r') {
        rc = dft_rtf_read(bytes, len, NULL, &cb);
    } else if (kind == 'h') {
        const char *cs = dft_html_charset(bytes, len);
        snprintf(b->suffix, sizeof b->suffix, " (%s)", cs);
        rc = dft_html_read_as(bytes, len, cs, NULL, &cb, NULL);
    } else {
        rc = dft_pdf_read(bytes, len, NULL, &cb);
    }
    if (rc == DFT_ENOTFOUND) rc = DFT_OK;   /* named .rtf/.pdf but not one: nothing to extract */
    if (rc == DFT_EUNSUPPORTED) {           /* password-protected PDF: say so */
        dft_emit_warning(b->s, -1, "%s", dft_error_last());
        rc = DFT_OK;
    }
    int frc = flush(b);
    return rc ? rc : frc;
}

static int scan_csv(block *b, const char *text, size_t len, char delim)
{
    dft_csv *c;
    int rc = dft_csv_open(&c, text, len, delim);
    if (rc) return rc;
    snprintf(b->unit, sizeof b->unit, "csv");
    char **f;
    size_t nf;
    uint32_t rec = 0;
    while ((rc = dft_csv_next(c, &f, &nf)) == 1) {
        rec++;
        for (size_t i = 0; i < nf && rc >= 0; i++) rc = on_cell(b, rec, (uint32_t)i + 1, f[i]);
        if (rc < 0) break;
    }
    if (rc == 0 && dft_csv_unterminated(c)) dft_emit_warning(b->s, -1, "CSV: a quoted field runs to the end of the file");
    if (rc == 0 && dft_csv_truncated(c))
        dft_emit_warning(b->s, -1, "CSV: %zu fields beyond %d per record joined into the last field",
                         dft_csv_truncated(c), DFT_CSV_MAX_FIELDS);
    dft_csv_free(c);
    int frc = flush(b);
    return rc < 0 ? rc : frc;
}

/* Plain text: blocks of lines; verbatim file ranges (origin offset) when the file was UTF-8. */
static int scan_text(block *b, const char *text, size_t len, int verbatim, size_t bom)
{
    snprintf(b->unit, sizeof b->unit, "text");
    size_t pos = 0;
    uint32_t line = 0;
    int rc = DFT_OK;
    while (pos < len && rc == DFT_OK) {
        if (dft_scan_cancelled(b->s)) return dft_error_set(DFT_ECANCELLED, "cancelled");
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        line++;
        rc = row_begin(b, line);
        if (!rc && b->n == 0) b->origin = verbatim ? (int64_t)(pos + bom) : -1;
        size_t l = end - pos;
        if (l && text[pos + l - 1] == '\r') l--;   /* CRLF -> LF; the block is then not verbatim */
        if (l != end - pos) b->origin = -1;
        if (!rc) rc = add(b, text + pos, l);
        pos = end + 1;
    }
    int frc = flush(b);
    return rc ? rc : frc;
}

static const char *ext_of(const char *name)
{
    const char *dot = name ? strrchr(name, '.') : NULL;
    return dot ? dot + 1 : "";
}

/* Legacy Office names: Word and Excel save RTF and HTML under .doc/.xls too, and those are read as
 * such. A real OLE2 compound file (D0 CF 11 E0) is read by content, whatever the name: a Workbook/Book
 * stream through FreeXL (xlsread.h), a "PowerPoint Document" stream through the slide list
 * (pptread.h), both in a child process, a WordDocument stream through the piece table (docread.h). */
typedef int (*legacy_fn)(const uint8_t *bytes, size_t len, const dft_ooxml_cb *cb);
static int legacy_doc(const uint8_t *bytes, size_t len, const dft_ooxml_cb *cb) { return dft_doc_read(bytes, len, cb); }
static int legacy_xls(const uint8_t *bytes, size_t len, const dft_ooxml_cb *cb) { return dft_xls_read(bytes, len, NULL, cb); }
static int legacy_ppt(const uint8_t *bytes, size_t len, const dft_ooxml_cb *cb) { return dft_ppt_read(bytes, len, NULL, cb); }

static int scan_legacy(block *b, const uint8_t *bytes, size_t len, const char *ext)
{
    if (dft_rtf_is(bytes, len)) return scan_flat(b, bytes, len, 'r');
    size_t i = 0;
    while (i < len && i < 64 && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n')) i++;
    if (len - i >= 5 && (!strncasecmp((const char *)bytes + i, "<html", 5) || !strncasecmp((const char *)bytes + i, "<!doc", 5)))
        return scan_flat(b, bytes, len, 'h');
    if (!dft_ole2_is(bytes, len)) return DFT_OK;
    snprintf(b->unit, sizeof b->unit, "%s", b->para_unit);
    dft_ooxml_cb cb = block_callbacks(b);
    /* by the name first (a misnamed file costs one more try; the in-process .doc check is cheapest,
     * the .xls reader starts its child before it knows) */
    legacy_fn order[3] = {legacy_doc, legacy_ppt, legacy_xls};
    if (!strcasecmp(ext, "xls")) {
        order[0] = legacy_xls, order[1] = legacy_doc, order[2] = legacy_ppt;
    } else if (!strcasecmp(ext, "ppt")) {
        order[0] = legacy_ppt, order[1] = legacy_doc, order[2] = legacy_xls;
    }
    int rc = DFT_ENOTFOUND;
    for (size_t k = 0; k < 3 && rc == DFT_ENOTFOUND; k++) {
        b->page_names = order[k] == legacy_ppt;
        rc = order[k](bytes, len, &cb);
    }
    if (rc == DFT_ENOTFOUND) {   /* another OLE2 application (Visio, Publisher, MSG...) */
        dft_emit_warning(b->s, -1, "legacy .%s (OLE2) text not extracted: no reader for its streams", ext);
        rc = DFT_OK;
    }
    if (rc == DFT_EUNSUPPORTED) {   /* encrypted: say so, the file is still there for the others */
        dft_emit_warning(b->s, -1, "%s", dft_error_last());
        rc = DFT_OK;
    }
    int frc = flush(b);
    return rc ? rc : frc;
}

static int is_odf_ext(const char *ext)
{
    static const char *const odf[] = {"ods", "odt", "odp", "ots", "ott", "otp", "fods", "fodt", "fodp"};
    for (size_t i = 0; i < sizeof odf / sizeof *odf; i++)
        if (!strcasecmp(ext, odf[i])) return 1;
    return 0;
}

static int documents_scan_bytes(dft_scan *s, const dft_file *f, const dft_content *c, const uint8_t *bytes,
                                size_t len);

/* The core hands over the bytes; a file over its in-memory cap comes as a private copy on disk, then
 * mapped read-only. No siblings are declared: that would postpone every claimed document to the end
 * of its evidence item and copy each to disk (notes databases, which need their -wal, are the `notes`
 * plugin's). */
static int documents_scan(dft_scan *s, const dft_file *f, const dft_content *c)
{
    size_t len = 0;
    const uint8_t *bytes = dft_content_bytes(c, &len);
    if (bytes || len == 0) return documents_scan_bytes(s, f, c, bytes, len);
    const char *path = dft_content_path(c);
    if (!path) return DFT_EIO;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return dft_error_set(DFT_EIO, "cannot open the content copy");
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size <= 0) {
        close(fd);
        return documents_scan_bytes(s, f, c, NULL, 0);
    }
    void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (m == MAP_FAILED) return dft_error_set(DFT_EIO, "cannot map the content copy");
    int rc = documents_scan_bytes(s, f, c, m, (size_t)st.st_size);
    munmap(m, (size_t)st.st_size);
    return rc;
}

static int documents_scan_bytes(dft_scan *s, const dft_file *f, const dft_content *c, const uint8_t *bytes,
                                size_t len)
{
    block b;
    memset(&b, 0, sizeof b);
    b.s = s;
    snprintf(b.dname, sizeof b.dname, "%.280s.text", f->name ? f->name : "document");
    b.origin = -1;
    b.pageword = "slide";
    b.para_unit = "paragraphs";
    const char *ext = ext_of(f->name);
    int html_ext = !strcasecmp(ext, "htm") || !strcasecmp(ext, "html") || !strcasecmp(ext, "xhtml");
    int rc;
    if (!bytes) {
        rc = DFT_OK;   /* empty */
    } else if (!strcasecmp(ext, "doc") || !strcasecmp(ext, "xls") || !strcasecmp(ext, "ppt")) {
        rc = scan_legacy(&b, bytes, len, ext);
    } else if (!strcasecmp(ext, "xlsx") || !strcasecmp(ext, "docx") || !strcasecmp(ext, "pptx")) {
        rc = scan_zipdoc(&b, bytes, len, 0);
    } else if (is_odf_ext(ext)) {
        rc = scan_zipdoc(&b, bytes, len, 1);
    } else if (!strcasecmp(ext, "rtf")) {
        rc = scan_flat(&b, bytes, len, 'r');
    } else if (!strcasecmp(ext, "pdf")) {
        b.pageword = "page";
        b.para_unit = "lines";
        rc = scan_flat(&b, bytes, len, 'p');
    } else if (html_ext || (f->mime && !strcasecmp(f->mime, "text/html"))) {
        /* by MIME only (cache entries, saved pages without extension): small pages only, see docs */
        rc = html_ext || len <= HTML_MIME_MAX ? scan_flat(&b, bytes, len, 'h') : DFT_OK;
    } else {
        size_t bom = 0;
        size_t clen = 0;
        /* detected once per file for every plugin (dft_content_encoding) when these are its bytes */
        const char *detected = c && dft_content_bytes(c, &clen) == bytes ? dft_content_encoding(c, &bom) : NULL;
        if (!detected) detected = dft_textenc_detect(bytes, len, &bom);
        int csv = !strcasecmp(ext, "csv"), tsv = !strcasecmp(ext, "tsv");
        /* Plain UTF-8 text (valid throughout, no BOM) is its own decoded form: the scanners already
         * read these bytes (the decoded copy would differ only by the CR of CRLF), and a second copy
         * would only duplicate every finding (docs/documents.md). So is a UTF-8 CSV/TSV: its cells are
         * byte ranges of the file, and the scanners' token separators include , ; TAB | and the
         * quote, so they see the same tokens. Decided before any conversion: most text files of an
         * image are such. */
        if (!strcmp(detected, "UTF-8") && bom == 0) {
            free(b.text);
            return DFT_OK;
        }
        dft_textenc_result t;
        rc = dft_textenc_convert(bytes, len, detected, bom, &t);
        if (rc) return rc;
        snprintf(b.suffix, sizeof b.suffix, " (%s)", t.encoding);
        if (t.replaced) dft_emit_warning(s, -1, "%zu bytes invalid in %s replaced by U+FFFD", t.replaced, t.encoding);
        int verbatim = strcmp(detected, "UTF-8") == 0 && t.replaced == 0;
        if (csv) rc = scan_csv(&b, t.text, t.len, 0);
        else if (tsv) rc = scan_csv(&b, t.text, t.len, '\t');
        else rc = scan_text(&b, t.text, t.len, verbatim, bom);
        free(t.text);
    }
    free(b.text);
    return rc;
}

static const dft_claim claims[] = {
    {DFT_CLAIM_EXT, "xlsx"}, {DFT_CLAIM_EXT, "docx"}, {DFT_CLAIM_EXT, "csv"},
    {DFT_CLAIM_EXT, "tsv"},  {DFT_CLAIM_EXT, "txt"},  {DFT_CLAIM_EXT, "pptx"},
    {DFT_CLAIM_EXT, "ods"},  {DFT_CLAIM_EXT, "odt"},  {DFT_CLAIM_EXT, "odp"},
    {DFT_CLAIM_EXT, "ots"},  {DFT_CLAIM_EXT, "ott"},  {DFT_CLAIM_EXT, "otp"},
    {DFT_CLAIM_EXT, "fods"}, {DFT_CLAIM_EXT, "fodt"}, {DFT_CLAIM_EXT, "fodp"},   /* flat ODF (one XML file) */
    {DFT_CLAIM_EXT, "rtf"},  {DFT_CLAIM_EXT, "pdf"},  {DFT_CLAIM_EXT, "htm"},
    {DFT_CLAIM_EXT, "html"}, {DFT_CLAIM_EXT, "xhtml"}, {DFT_CLAIM_MIME, "text/html"},
    {DFT_CLAIM_EXT, "doc"},  {DFT_CLAIM_EXT, "xls"},  {DFT_CLAIM_EXT, "ppt"},
    {DFT_CLAIM_END, NULL},
};

const dft_plugin dft_plugin_documents = {
    .abi = DFT_PLUGIN_ABI, .struct_size = sizeof(dft_plugin),
    .name = "documents",
    .version = "0.3.0",
    .description = "Document text (XLSX, DOCX, PPTX, ODS/ODT/ODP, RTF, HTML, PDF, legacy XLS/DOC/PPT, CSV/TSV, text in UTF-8/16, GB18030, "
                   "Big5, TIS-620, 1252) as decoded content",
    .claims = claims,
    .access = DFT_ACCESS_WHOLE,
    .max_size = 1ull << 30,
    .scan = documents_scan,
};
