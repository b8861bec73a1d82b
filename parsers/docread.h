/*
 * docread.h - the text of a legacy Word document (.doc, Word 97-2003, [MS-DOC]) read from its OLE2
 * container (ole2.h) and its piece table, reported through dft_ooxml_cb like DOCX: paragraph(index,
 * text) for each paragraph of the main document (1-based, empty ones counted).
 *
 * Layout read ([MS-DOC] 2.5 FIB, 2.8.35 Clx, 2.9.177 Pcd, 2.9.73 FcCompressed), offsets in the
 * WordDocument stream:
 *   0x0000 u16 wIdent 0xA5EC | 0x0002 u16 nFib | 0x000A u16 flags: 0x0100 fEncrypted, 0x0200 fWhichTblStm
 *   (1Table, else 0Table), 0x8000 fObfuscated | 0x0020 u16 csw, csw u16 (FibRgW97) | u16 cslw, cslw u32
 *   (FibRgLw97: [3] = ccpText, the main document's characters) | u16 cbRgFcLcb, pairs of u32 fc/lcb
 *   (FibRgFcLcb97: pair 33 = fcClx/lcbClx, the Clx in the table stream).
 *   Clx = Prc* (0x01, i16 cbGrpprl, grpprl) then Pcdt (0x02, u32 lcb, PlcPcd of lcb bytes).
 *   PlcPcd = n+1 u32 character positions, then n Pcd of 8 bytes: u16, u32 FcCompressed (bits 0-29 fc,
 *   bit 30 fCompressed), u16 prm. Compressed: the piece's text is 1 byte a character at fc/2 in
 *   WordDocument, Windows-1252 (with [MS-DOC] 2.4.1's exceptions, which are 1252's own mappings);
 *   else UTF-16LE at fc.
 *
 * Characters: 0x0D ends a paragraph; 0x07 (end of a table cell or row) ends one too, so each table
 * cell is a paragraph (tables are not rebuilt: that needs the paragraph properties, not read); 0x0B
 * (line break) is '\n', 0x0C (page/section break) ends a paragraph, 0x09 is TAB; fields keep their
 * result (text between 0x14 and 0x15), not their code (0x13 to 0x14); 0x01/0x08 (object anchors),
 * 0x02-0x05 (note and annotation marks), 0x1F (optional hyphen) are dropped; 0x1E (non-breaking
 * hyphen) is '-'. Text of footnotes, headers, comments and text boxes (after ccpText) is not read.
 *
 * Bounds: streams up to DFT_DOC_MAX; pieces whose text lies outside the stream are skipped (one
 * warning); at most ccpText characters; a paragraph over DFT_OOXML_MAX_TEXT bytes is cut (warning);
 * linear in the input. An encrypted or obfuscated document is DFT_EUNSUPPORTED.
 */
#ifndef DFT_PARSERS_DOCREAD_H
#define DFT_PARSERS_DOCREAD_H

#include <stddef.h>

#include "ooxml.h"

#define DFT_DOC_MAX ((size_t)256 << 20)

/* Reads data[0..len). DFT_ENOTFOUND when it is no OLE2 file or has no WordDocument stream (an .xls or
 * .ppt named .doc), DFT_EUNSUPPORTED when encrypted, DFT_ECORRUPT on a damaged FIB or piece table. */
int dft_doc_read(const void *data, size_t len, const dft_ooxml_cb *cb);

#endif
