/*
 * xlsread.h - legacy Excel workbooks (.xls: BIFF5/BIFF8 in an OLE2 compound file) through FreeXL, reported
 * through dft_ooxml_cb exactly like XLSX: table(sheet index 1-based in workbook order, sheet name), then
 * cell(row, col, text) for every non-empty cell (1-based, row-major), table_end().
 *
 * Cell text: strings (SST, LABEL) as UTF-8; integers as "%d"; other numbers as their raw value, the
 * shortest %g form that reads back to the same double (as XLSX <v> holds it); cells FreeXL types as
 * dates by their format (FREEXL_CELL_DATE/DATETIME/TIME) as FreeXL gives them: "YYYY-MM-DD",
 * "YYYY-MM-DD HH:MM:SS", "HH:MM:SS"; booleans as 0/1 (FreeXL's integers). FORMULA cells, which FreeXL
 * 1.0.6 does not report, get their cached result from parsers/biff_formula.h (number / date as above,
 * string, boolean 1/0, "#DIV/0!"-style error; an empty-string result is no cell), merged into FreeXL's
 * row-major sequence at their position (cells outside the DIMENSIONS record included); where FreeXL has
 * a non-empty cell its value wins.
 *
 * FreeXL opens a path and reads the whole workbook into memory, with known hazards on hostile input
 * (a cell array of DIMENSIONS rows x columns, a date computed by a day-by-day loop over the serial
 * number). So the reader always runs in a child process (parsers/isolate.h, reader "xls"): CPU 60 s,
 * wall 60 s, address space + 1 GiB + 8x the file; a crash, a runaway or a timeout costs this workbook
 * only, the cells replayed before it are kept. In the child FreeXL gets the document as
 * /proc/self/fd/N of a memfd (nothing on disk), or, without /proc, a private 0600 temporary copy
 * under $TMPDIR or /tmp, removed after.
 *
 * An encrypted workbook (FILEPASS record in the globals substream, found by walking the Workbook/Book
 * stream's records through ole2.h) is DFT_EUNSUPPORTED "password-protected .xls workbook ...".
 * Bounds: rows above DFT_XLS_MAX_ROWS and cells past max_cells are not reported (one warning).
 */
#ifndef DFT_PARSERS_XLSREAD_H
#define DFT_PARSERS_XLSREAD_H

#include <stddef.h>
#include <stdint.h>

#include "ooxml.h"

#define DFT_XLS_MAX ((size_t)256 << 20)
#define DFT_XLS_MAX_ROWS 1048576u

typedef struct dft_xls_limits {
    uint64_t max_cells;   /* non-empty cells reported; 0 = 20,000,000 */
    double max_seconds;   /* the child's CPU and wall budget; 0 = 60 */
    int in_process;       /* 1 = FreeXL in this process (fuzzing the glue); 0 = in a child */
} dft_xls_limits;

/* Reads data[0..len). DFT_ENOTFOUND when it is no OLE2 file or holds no Workbook/Book stream,
 * DFT_EUNSUPPORTED when encrypted, DFT_ECORRUPT when FreeXL refuses it or the reader died, DFT_ELIMIT
 * on a cap or the time budget. Cells already reported stay reported. lim may be NULL. */
int dft_xls_read(const void *data, size_t len, const dft_xls_limits *lim, const dft_ooxml_cb *cb);

/* The in-process reader as isolate.c's child calls it; arg is "max_cells". */
int dft_xls_child_read(const void *data, size_t len, const char *arg, const dft_ooxml_cb *cb);

#endif
