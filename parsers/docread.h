/*
 * docread.h - the text of a legacy Word document (.doc, Word 97-2003, [MS-DOC]) read from its OLE2
 * container (ole2.h) and its piece table, reported through dft_ooxml_cb like DOCX: paragraph(index,
 * text) for each paragraph of the main document (1-based, empty ones counted), then each non-empty
 * subdocument as a section (cb->section, its paragraphs numbered from 1 again).
 *
 * Layout read ([MS-DOC] 2.5 FIB, 2.8.35 Clx, 2.9.177 Pcd, 2.9.73 FcCompressed), offsets in the
 * WordDocument stream:
 *   0x0000 u16 wIdent 0xA5EC | 0x0002 u16 nFib | 0x000A u16 flags: 0x0100 fEncrypted, 0x0200 fWhichTblStm
 *   (1Table, else 0Table), 0x8000 fObfuscated | 0x0020 u16 csw, csw u16 (FibRgW97) | u16 cslw, cslw u32
 *   (FibRgLw97: [3] = ccpText, the main document's characters, [4..10] = ccpFtn, ccpHdd, ccpMcr
 *   (reserved3), ccpAtn, ccpEdn, ccpTxbx, ccpHdrTxbx) | u16 cbRgFcLcb, pairs of u32 fc/lcb
 *   (FibRgFcLcb97: pair 11 = fcPlcfHdd/lcbPlcfHdd, pair 33 = fcClx/lcbClx, both in the table stream).
 *   Clx = Prc* (0x01, i16 cbGrpprl, grpprl) then Pcdt (0x02, u32 lcb, PlcPcd of lcb bytes).
 *   PlcPcd = n+1 u32 character positions, then n Pcd of 8 bytes: u16, u32 FcCompressed (bits 0-29 fc,
 *   bit 30 fCompressed), u16 prm. Compressed: the piece's text is 1 byte a character at fc/2 in
 *   WordDocument, Windows-1252 (with [MS-DOC] 2.4.1's exceptions, which are 1252's own mappings);
 *   else UTF-16LE at fc.
 *
 * Characters: 0x0D ends a paragraph; 0x07 ends a table cell or row; 0x0B
 * (line break) is '\n', 0x0C (page/section break) ends a paragraph, 0x09 is TAB; fields keep their
 * result (text between 0x14 and 0x15), not their code (0x13 to 0x14); 0x01/0x08 (object anchors),
 * 0x02-0x05 (note and annotation marks), 0x1F (optional hyphen) are dropped; 0x1E (non-breaking
 * hyphen) is '-'.
 *
 * Tables (Word 97+ FIB with a PlcBtePapx, docpapx.h): each paragraph mark's properties decide. Outside
 * a table (no sprmPFInTable, itap 0): a paragraph. In a table: 0x0D is a line break inside the cell
 * (the cell's paragraphs, and a nested table's cells, joined by '\n'; a nested row's end adds nothing),
 * 0x07 ends a cell - cell(row, col, text) like DOCX, 1-based, empty cells not reported - and 0x07 of a
 * TTP paragraph (sprmPFTtp) ends the row. The first cell opens table(N, NULL), the next paragraph
 * outside (or the story's end) closes it; tables are numbered from 1 in each story, and paragraphs
 * count only those outside tables. Without a PlcBtePapx (or Word 6/95): 0x07 ends a paragraph, so
 * each cell is a paragraph.
 *
 * Subdocuments ([MS-DOC] 2.3, Word 97 and later: nFib >= 0x00C1 with FibRgLw97 of at least 11 longs):
 * the CP stream holds after the main text, in this order, the footnotes (ccpFtn), the header document
 * (ccpHdd), the macro story (ccpMcr, none since Word 97: skipped), the comments (ccpAtn), the endnotes
 * (ccpEdn), the main text boxes (ccpTxbx) and the header text boxes (ccpHdrTxbx), then one final
 * paragraph mark when any of them is non-empty. Each non-empty one is a section: "footnotes",
 * "comments", "endnotes", "text boxes", "header text boxes". The header document is split by its
 * Plcfhdd (n story starts, ccpHdd - 1, one ignored CP): stories 0-5 are the footnote/endnote
 * separators (not read), then 6 per document section - even header, odd header, even footer, odd
 * footer, first header, first footer - each non-empty one a section "section K odd header", read
 * without its last character (the guard paragraph mark, not content); without a
 * Plcfhdd that fits (CPs ascending, within ccpHdd), the whole header document is one section "headers"
 * (one warning). Characters and fields as in the main text (the reference marks 0x02 and 0x05 that
 * open a note or comment are dropped). Lengths whose sum runs past the piece table's last CP (a hostile
 * or damaged FIB): one warning, only the main text read. Word 6/95 files: the main text only.
 *
 * Bounds: streams up to DFT_DOC_MAX; pieces whose text lies outside the stream are skipped (one
 * warning); pieces reading more than twice the stream's bytes in all (overlapping pieces) stop the
 * reading (one warning); a paragraph over DFT_OOXML_MAX_TEXT bytes is cut (warning); linear in the input (the
 * stories are read in CP order with one cursor over the piece table). An encrypted or obfuscated document is DFT_EUNSUPPORTED.
 */
#ifndef DFT_PARSERS_DOCREAD_H
#define DFT_PARSERS_DOCREAD_H

#include <stddef.h>

#include "ooxml.h"

#define DFT_DOC_MAX ((size_t)256 << 20)

/* Reads data[0..len). DFT_ENOTFOUND when it is no OLE2 file or has no WordDocument stream (an .xls or
 * .ppt named .doc), DFT_EUNSUPPORTED when encrypted, DFT_ECORRUPT on a damaged FIB or piece table. */
int dft_doc_read(const void *data, size_t len, const dft_ooxml_cb *cb);

/* The pure part, fuzzed: the WordDocument stream wd[0..wdn) and the table stream its FIB names
 * (0Table/1Table), in this process, without the OLE2 container. Same codes. */
int dft_doc_read_streams(const void *wd, size_t wdn, const void *tbl, size_t tbln, const dft_ooxml_cb *cb);

#endif
