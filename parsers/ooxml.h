/*
 * ooxml.h - text and tables out of Office Open XML documents (ECMA-376): XLSX workbooks and DOCX
 * word-processing documents, read from a zip in memory with libarchive and libxml2's streaming
 * xmlTextReader (no DOM: a 1,048,576-row sheet costs the memory of one cell).
 *
 * XLSX: pass 1 reads xl/workbook.xml (sheet names, r:id), xl/_rels/workbook.xml.rels (r:id ->
 * part) and xl/sharedStrings.xml (<si> = <t> or rich runs <r><t>, phonetic <rPh> skipped) into
 * memory; pass 2 streams each worksheet part in zip order: <row r> / <c r="B7" t="s|inlineStr|str|
 * b|n|e"><v>/<is>. A cell reference gives row/col (A=1); without one, positions count up. A shared
 * string index past the table is a warning and the cell is reported as "" (never dropped silently).
 * After each sheet's table_end: its cell comments (the worksheet's relationships of type
 * .../threadedComment, then .../comments) as section "sheet N comments", one paragraph "REF: text" per
 * comment (threads and replies first; Excel's legacy copy of a thread, a legacy comment on a cell with
 * a threaded comment, skipped), then section(NULL).
 *
 * DOCX: word/document.xml: <w:p> outside tables are paragraphs (w:t text, w:tab = '\t', w:br/w:cr =
 * '\n'); each top-level <w:tbl> is a table whose <w:tr>/<w:tc> give row/col (1-based); paragraphs of a
 * cell are joined with '\n'; a nested table's text goes into the enclosing cell. Text boxes
 * (w:txbxContent) are not part of the paragraph that anchors them; mc:Fallback is never read (it
 * repeats mc:Choice). Then, each a section with its own numbering, in this order: "text boxes" (of the
 * body), "header N" / "footer N" (the parts of word/_rels/document.xml.rels relationships of type
 * .../header, .../footer, numbered in natural part-name order; each followed by "header N text boxes"
 * when it has some), "footnotes", "endnotes" (separator notes skipped), "comments" (one paragraph per
 * w:comment, its paragraphs joined by '\n').
 *
 * PPTX: ppt/presentation.xml (p:sldIdLst order, r:id) and ppt/_rels/presentation.xml.rels give each
 * slide part its slide number; each slide (in zip order) calls page(number, NULL), then its DrawingML
 * text as DOCX: a:p paragraphs (a:t text, a:br = '\n'; numbered from 1 per slide) and a:tbl tables
 * (numbered from 1 per slide). After each slide, through ppt/slides/_rels/slideN.xml.rels: its speaker
 * notes (.../notesSlide) as section "notes", shapes with a p:ph type sldNum/sldImg/hdr/ftr/dt skipped;
 * its comments (.../comments: legacy p:cm p:text, modern p188:cm with p188:reply after it) as section
 * "comments", one paragraph each. Masters and layouts are not read. A slide part not in the list is
 * skipped with a warning.
 *
 * Optional parts (all the sections above): a relationship to an absent part, or a part with malformed
 * XML or a DTD, is one warning and the next part is read; so is a damaged relationships part of
 * document.xml, a slide or a worksheet. The caps below count every part. Parts are read out of zip
 * order through three forward-only cursors; a zip order none follows is budgeted (8 x members + 65,536
 * member headers walked), then the remaining optional parts are skipped with one warning.
 *
 * Hostile input: a part holding a DTD is DFT_ECORRUPT (OOXML never has one; entities are never
 * expanded: no XML_PARSE_NOENT, no DTD load, XML_PARSE_NONET). Inflated bytes are capped per
 * part and in total, and a total above 32 MiB more than 200x the zip size is a zip bomb: DFT_ELIMIT.
 * A text over DFT_OOXML_MAX_TEXT bytes is cut (one warning). Cells per document are capped.
 */
#ifndef DFT_PARSERS_OOXML_H
#define DFT_PARSERS_OOXML_H

#include <stddef.h>
#include <stdint.h>

#define DFT_OOXML_MAX_TEXT ((size_t)1 << 20)

typedef enum dft_ooxml_kind { DFT_OOXML_UNKNOWN = 0, DFT_OOXML_XLSX, DFT_OOXML_DOCX, DFT_OOXML_PPTX } dft_ooxml_kind;

typedef struct dft_ooxml_limits {
    uint64_t max_part;    /* inflated bytes of one XML part; 0 = 512 MiB */
    uint64_t max_total;   /* inflated bytes over both passes; 0 = 2 GiB */
    uint64_t max_cells;   /* cells + paragraphs reported; 0 = 20,000,000 */
} dft_ooxml_limits;

/* Callbacks (any may be NULL); a nonzero return stops reading and is returned. Strings are UTF-8,
 * borrowed for the call. */
typedef struct dft_ooxml_cb {
    void *ctx;
    /* a table begins: XLSX sheet (index in workbook order, 1-based; its name) or DOCX table (1-based, NULL) */
    int (*table)(void *ctx, uint32_t index, const char *name);
    /* a non-empty cell of the current table; row and col 1-based */
    int (*cell)(void *ctx, uint32_t row, uint32_t col, const char *text);
    /* the current table ended */
    int (*table_end)(void *ctx);
    /* a DOCX paragraph outside tables (1-based index over all body paragraphs, empty ones counted) */
    int (*paragraph)(void *ctx, uint32_t index, const char *text);
    void (*warning)(void *ctx, const char *msg);
    /* a page/slide begins (PPTX slide, ODP draw:page; 1-based, its name or NULL); the paragraph index
     * restarts at 1 on each one. Added last so that existing initialisers stay valid. */
    int (*page)(void *ctx, uint32_t index, const char *name);
    /* nonzero once the caller gives up on this document (run cancelled, file watchdog): readers that
     * wait on a child process (PDF, .xls) poll it while they wait and end the read with DFT_ECANCELLED.
     * NULL = never. It is given cancel_ctx, not ctx (the caller of a reader that fills ctx itself, such
     * as roster.h's, still knows its run). */
    int (*cancelled)(void *cancel_ctx);
    void *cancel_ctx;
    /* a subdocument begins: a name such as "header 1", "footer 2", "footnotes", "endnotes", "comments",
     * "text boxes", "notes" (a slide's speaker notes), "master 1"; NULL = back to the main text. Its
     * paragraphs and tables are numbered from 1 and belong to it until the next section() or page()
     * (a page ends any section; a section inside a page belongs to that page: "slide 3 notes"). A reader
     * that never calls it delivers only main text. NULL callback = the section text is still delivered,
     * only unnamed. */
    int (*section)(void *ctx, const char *name);
} dft_ooxml_cb;

/* Formats a warning (at most 255 bytes) to cb->warning, if set: the one helper every reader of this
 * callback set uses. */
void dft_ooxml_warnf(const dft_ooxml_cb *cb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The kind of document, from its member names (workbook.xml / document.xml / presentation.xml). */
dft_ooxml_kind dft_ooxml_kind_of(const void *zip, size_t len);

/* Reads zip[0..len). DFT_ENOTFOUND when it is neither XLSX, DOCX nor PPTX, DFT_ECORRUPT on a damaged zip
 * or XML part, DFT_ELIMIT on a cap. Cells already reported stay reported. */
int dft_ooxml_read(const void *zip, size_t len, const dft_ooxml_limits *lim, const dft_ooxml_cb *cb);

#endif
