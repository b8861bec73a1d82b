/*
 * rtf.h - the text of an RTF document (Microsoft RTF 1.9.1), one pass over the bytes, no DOM.
 *
 * Reported through the dft_ooxml_cb callbacks (ooxml.h) so tables reach the same consumers as
 * XLSX/DOCX/ODF tables:
 *  - paragraphs (\par, \sect, \page end one; 1-based over the body, empty ones counted) outside tables;
 *  - tables: paragraphs marked \intbl belong to the current cell, \cell ends a cell (col 1, 2, ...),
 *    \row ends a row; the first paragraph without \intbl after a table ends it. Nested-table cells
 *    (\nestcell, \nestrow) go into the enclosing cell as '\t' / '\n'.
 * Text: \line '\n', \tab '\t', \emdash etc. as their characters; \uN (signed 16-bit, surrogate pairs
 * joined) followed by the \ucN (default 1) fallback characters skipped; \'hh bytes and raw 8-bit bytes
 * decoded with iconv in the code page of the current font (\fN -> \fcharsetN in the font table:
 * 128 cp932, 129 cp949, 134 cp936, 136 cp950, 222 cp874, 238/204/161/162/177/178/186/163 cp125x)
 * or else \ansicpgN (default 1252); invalid bytes become U+FFFD (counted in one warning).
 * Skipped destinations (no text): \*, fonttbl, colortbl, stylesheet, info, pict, object, fldinst,
 * header/footer variants are kept (they are text); listtable, themedata, datastore and other
 * tables; \binN binary data is jumped over.
 *
 * Hostile input: group depth is tracked to any depth but state is kept for DFT_RTF_MAX_DEPTH levels
 * (deeper groups share the deepest state; one warning); a paragraph/cell over DFT_OOXML_MAX_TEXT is cut
 * (one warning); cells + paragraphs are capped like ooxml.h. Work is linear in the input.
 */
#ifndef DFT_PARSERS_RTF_H
#define DFT_PARSERS_RTF_H

#include <stddef.h>

#include "ooxml.h"

#define DFT_RTF_MAX_DEPTH 256

/* 1 when data starts with "{\rtf" (after white space). */
int dft_rtf_is(const void *data, size_t len);

/* Reads data[0..len). DFT_ENOTFOUND when it is no RTF, DFT_ELIMIT on the cell cap; unbalanced braces
 * or a truncated file are read as far as they go (a warning). lim may be NULL. */
int dft_rtf_read(const void *data, size_t len, const dft_ooxml_limits *lim, const dft_ooxml_cb *cb);

#endif
