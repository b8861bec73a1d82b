/*
 * biff_formula.h - the cached results of FORMULA cells of a legacy Excel workbook stream (Workbook: BIFF8,
 * Book: BIFF5), which FreeXL 1.0.6 does not report. xlsread.c merges them into FreeXL's row-major cells.
 *
 * One forward walk over the stream's records ([MS-XLS] 2.1.4: u16 type, u16 size, data), never a seek
 * back, so a hostile stream cannot loop. Globals substream (first BOF 0x0809 .. EOF 0x000A): BOUNDSHEET
 * 0x0085 (lbPlyPos = stream offset of the sheet's BOF, in workbook order = FreeXL's sheet order),
 * CODEPAGE 0x0042 (BIFF5 byte strings), DATEMODE 0x0022 (1904 system), FORMAT 0x041E and XF 0x00E0
 * (which cells are date/time formatted). Each later top-level BOF..EOF substream is the sheet whose
 * lbPlyPos is that BOF's offset (else the next sheet in order); nested BOF..EOF (embedded charts) skipped.
 *
 * FORMULA 0x0006 (2.4.127): rw u16, col u16, ixfe u16, FormulaValue 8 bytes, grbit u16, chn u32, formula.
 * FormulaValue (2.5.133): bytes 6-7 = 0xFFFF mark a non-number, byte 0 its type: 0 string (the text is the
 * next STRING 0x0207 record, 2.4.268: XLUnicodeString, or a BIFF5 byte string, continued by CONTINUE
 * 0x003C records whose first byte repeats fHighByte), 1 boolean (byte 2: "1"/"0"), 2 error (byte 2: the
 * Excel error text "#DIV/0!", ...), 3 empty string (no cell); otherwise the 8 bytes are the IEEE double,
 * formatted as the shortest %g that reads back, or as FreeXL formats dates ("YYYY-MM-DD",
 * "YYYY-MM-DD HH:MM:SS", "HH:MM:SS") when the cell's XF has a date/time number format (built-in 14-22,
 * 45-47, or a FORMAT string with y/d/m or h/s outside quotes and brackets). Shared (SHRFMLA) and array
 * (ARRAY) formulas still store each cell's result in the cell's own FORMULA record, so they are covered.
 *
 * Damage is a warning through cb, never an error: a record running past the stream ends the walk; a
 * string result without its STRING record, a short FORMULA record, rows at or over DFT_XLS_MAX_ROWS and
 * columns over 255 are skipped. At most max_cells results are kept.
 */
#ifndef DFT_PARSERS_BIFF_FORMULA_H
#define DFT_PARSERS_BIFF_FORMULA_H

#include <stddef.h>
#include <stdint.h>

#include "ooxml.h"

typedef struct dft_biff_fcell {
    uint32_t row, col;   /* 0-based */
    uint32_t text;       /* offset of the NUL-terminated UTF-8 text in dft_biff_formulas.arena */
    uint32_t seq;        /* record order: a later FORMULA for the same cell wins */
} dft_biff_fcell;

typedef struct dft_biff_sheet_fcells {
    dft_biff_fcell *cells;   /* sorted row-major after dft_biff_formulas_read */
    size_t n, cap;
} dft_biff_sheet_fcells;

typedef struct dft_biff_formulas {
    dft_biff_sheet_fcells *sheets;   /* one per BOUNDSHEET, in workbook order */
    size_t nsheets;
    char *arena;
    size_t arena_len, arena_cap;
} dft_biff_formulas;

/* Collects the formula results of stream wb[0..n). DFT_OK (damage only warned), DFT_ENOMEM. Free with
 * dft_biff_formulas_free even on error. */
int dft_biff_formulas_read(const uint8_t *wb, size_t n, uint64_t max_cells, const dft_ooxml_cb *cb,
                           dft_biff_formulas *out);

void dft_biff_formulas_free(dft_biff_formulas *f);

/* The shortest %.Ng (N = 1..17, at least the integer part's digits) that reads back as v (the raw value
 * as a spreadsheet stores it: 5000 is "5000", 1234.5 "1234.5", 1e+20 "1e+20");
 * "NaN", "Infinity", "-Infinity" for those. */
void dft_biff_format_double(double v, char *out, size_t cap);

#endif
