/*
 * odf.h - text and tables out of OpenDocument files (ISO/IEC 26300: ODS spreadsheets, ODT text, ODP
 * presentations and their templates), read from the zip in memory with libarchive and the
 * content.xml part streamed through libxml2's xmlTextReader (no DOM).
 *
 * Reports through the same callbacks as ooxml.h (dft_ooxml_cb), so a consumer of XLSX/DOCX tables
 * (the documents plugin, the roster detector) reads ODF with one more call:
 *  - ODS: each table:table is a table (1-based index, its table:name); table:table-row /
 *    table:table-cell (and covered cells) give row/col, honouring table:number-rows-repeated and
 *    table:number-columns-repeated. Empty repeats only advance the position (real files end a sheet
 *    with <table:table-row table:number-rows-repeated="1048559"> of empty cells: never expanded);
 *    repeats of a non-empty cell/row are expanded, at most DFT_ODF_MAX_EXPAND extra copies per
 *    document (then a warning and each is reported once). A cell's text is its office:value for
 *    float/percentage/currency (the raw number, like an XLSX <v>), office:date-value for date,
 *    TRUE/FALSE for boolean, else its text:p paragraphs joined by '\n'.
 *  - ODT: text:p / text:h outside tables are paragraphs (1-based over the body, empty ones counted;
 *    lists are paragraphs too); table:table is a table (name NULL, like DOCX), a nested table's text
 *    goes into the enclosing cell.
 *  - ODP: each draw:page calls page() (1-based, its draw:name); the text:p of its frames are
 *    paragraphs numbered from 1 on each page; tables on a slide are tables; presentation:notes is
 *    section "notes" (numbered from 1), the page's comments (officeooo:annotation, office:annotation)
 *    section "comments" at the end of the page.
 * Comments (office:annotation) are never paragraph or cell text: one paragraph each (its text:p joined
 * by '\n', dc:creator/dc:date left out), ODS: "REF: text" in section "sheet N comments" after the
 * sheet's table_end, then section(NULL); ODT: section "comments" after the headers/footers. Then
 * styles.xml: each style:header[-left|-first] is section "header N", each footer variant "footer N"
 * (document order). A damaged styles.xml is one warning (body kept); an absent one is no warning.
 * Flat ODF (.fodt/.fods/.fodp, root office:document) is read from the bytes themselves, in the same
 * order (its master styles by a second pass over the XML).
 * Inside a paragraph: text:s (text:c spaces, capped), text:tab '\t', text:line-break '\n'; white space
 * in text nodes collapses to one space as ODF 1.2 §6.1.2 says. Not read: text:tracked-changes (deleted
 * text), table:content-validations.
 *
 * Hostile input: any DTD is DFT_ECORRUPT (ODF has none; entities are never expanded); inflated bytes
 * are capped like ooxml.h (per part, total, 32 MiB and 200x the zip = zip bomb, DFT_ELIMIT); texts over
 * DFT_OOXML_MAX_TEXT are cut (one warning); cells + paragraphs are capped (DFT_ELIMIT). A password-
 * protected document (manifest:encryption-data) is DFT_EUNSUPPORTED. Comments held for their section
 * are capped at 64 MiB per document (then one warning).
 */
#ifndef DFT_PARSERS_ODF_H
#define DFT_PARSERS_ODF_H

#include <stddef.h>

#include "ooxml.h"

#define DFT_ODF_MAX_EXPAND 1000000u   /* extra copies made of repeated non-empty cells/rows, per document */

/* Reads zip[0..len) (a package, or flat ODF XML). DFT_ENOTFOUND when there is no content.xml with an ODF body, DFT_ECORRUPT on a
 * damaged zip or XML, DFT_ELIMIT on a cap, DFT_EUNSUPPORTED when encrypted. lim may be NULL (the
 * ooxml.h defaults). What was reported before an error stays reported. */
int dft_odf_read(const void *zip, size_t len, const dft_ooxml_limits *lim, const dft_ooxml_cb *cb);

#endif
