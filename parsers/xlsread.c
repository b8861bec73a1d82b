/*
 * xlsread.c - legacy .xls through FreeXL (rules in xlsread.h). The parent side only checks the
 * signature and starts the child (isolate.c, reader "xls"); read_in_process() is what the child runs.
 *
 * BIFF record header ([MS-XLS] 2.1.4): offset 0 u16 record type, 2 u16 size, then size bytes. The
 * globals substream runs from the first BOF (0x0809) to its EOF (0x000A); FILEPASS (0x002F) there
 * means the rest of the workbook is encrypted (RC4 or XOR obfuscation).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE   /* memfd_create */
#endif
#include "xlsread.h"

#include <freexl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"
#include "biff_formula.h"
#include "isolate.h"
#include "ole2.h"

#define BIFF_EOF 0x000A
#define BIFF_FILEPASS 0x002F
#define MAX_VISITS ((uint64_t)64 << 20)   /* cell positions looked at per workbook (empty ones too) */

/* The Workbook (BIFF8) or Book (BIFF5) stream into *wb (the caller frees). DFT_EUNSUPPORTED when its
 * globals substream holds a FILEPASS record; DFT_ENOTFOUND when there is no such stream; DFT_OK
 * otherwise (damage is FreeXL's and biff_formula.c's to report). */
static int load_workbook(const void *data, size_t len, uint8_t **out, size_t *out_len)
{
    *out = NULL;
    dft_ole2 *o = NULL;
    int rc = dft_ole2_open(&o, data, len);
    if (rc) return rc;
    uint8_t *wb = NULL;
    size_t n = 0;
    rc = dft_ole2_stream(o, "Workbook", DFT_XLS_MAX, &wb, &n);
    if (rc == DFT_ENOTFOUND) rc = dft_ole2_stream(o, "Book", DFT_XLS_MAX, &wb, &n);
    dft_ole2_close(o);
    if (rc == DFT_ENOTFOUND) return dft_error_set(DFT_ENOTFOUND, "OLE2 file without a Workbook/Book stream");
    if (rc) return rc;
    dft_buf b = dft_buf_make(wb, n);
    uint16_t type, size;
    while (rc == DFT_OK && dft_buf_u16le(&b, &type) == DFT_OK && dft_buf_u16le(&b, &size) == DFT_OK) {
        if (type == BIFF_FILEPASS)
            rc = dft_error_set(DFT_EUNSUPPORTED, "password-protected .xls workbook (FILEPASS): content not readable");
        if (type == BIFF_EOF || dft_buf_skip(&b, size)) break;
    }
    if (rc) {
        free(wb);
        return rc;
    }
    *out = wb;
    *out_len = n;
    return DFT_OK;
}

/* A path FreeXL can fopen for data: the memfd as /proc/self/fd/N (*fd set), else a private temporary
 * copy (*tmp set, the caller unlinks it). */
static int materialise(const void *data, size_t len, int *fd, char *path, size_t cap, int *tmp)
{
    *fd = -1;
    *tmp = 0;
    int m = memfd_create("dft-xls", MFD_CLOEXEC);
    if (m >= 0) {
        snprintf(path, cap, "/proc/self/fd/%d", m);
        FILE *probe = NULL;
        if (write(m, data, len) == (ssize_t)len && (probe = fopen(path, "rb"))) {
            fclose(probe);
            *fd = m;
            return DFT_OK;
        }
        close(m);
    }
    const char *dir = getenv("TMPDIR");
    snprintf(path, cap, "%s/dftriage-xls-XXXXXX", dir && *dir ? dir : "/tmp");
    int t = mkstemp(path);   /* 0600 */
    if (t < 0) return dft_error_set(DFT_EIO, "XLS: no private temporary copy possible");
    int ok = write(t, data, len) == (ssize_t)len;
    close(t);
    *tmp = 1;
    if (!ok) {
        unlink(path);
        *tmp = 0;
        return dft_error_set(DFT_EIO, "XLS: private temporary copy not written");
    }
    return DFT_OK;
}

/* Reports one non-empty cell (0-based position), cut to DFT_OOXML_MAX_TEXT; *cells counts the workbook's. */
static int emit(const dft_ooxml_cb *cb, unsigned int r, unsigned int c, const char *text, uint64_t max_cells, uint64_t *cells)
{
    if (++*cells > max_cells) return dft_error_set(DFT_ELIMIT, "XLS: more than %llu cells", (unsigned long long)max_cells);
    char *cut = NULL;
    if (strlen(text) > DFT_OOXML_MAX_TEXT) {
        dft_ooxml_warnf(cb, "a text over %zu bytes was cut", DFT_OOXML_MAX_TEXT);
        if (!(cut = strndup(text, DFT_OOXML_MAX_TEXT))) return dft_error_set(DFT_ENOMEM, "out of memory");
        text = cut;
    }
    int rc = cb->cell ? cb->cell(cb->ctx, r + 1, (uint32_t)c + 1, text) : DFT_OK;
    free(cut);
    return rc;
}

/* The formula results of a sheet (biff_formula.c, sorted row-major) merged into FreeXL's cells. */
typedef struct fmerge {
    const dft_biff_sheet_fcells *s;   /* NULL: none */
    const char *arena;
    size_t next;
} fmerge;

/* Reports the formula cells before (r, c) in row-major order; *here gets the text of one at (r, c)
 * (reported by the caller when FreeXL has nothing there), else NULL. */
static int flush_formulas(fmerge *m, const dft_ooxml_cb *cb, uint32_t r, uint32_t c, uint64_t max_cells,
                          uint64_t *cells, const char **here)
{
    *here = NULL;
    int rc = DFT_OK;
    while (!rc && m->s && m->next < m->s->n) {
        const dft_biff_fcell *f = &m->s->cells[m->next];
        if (f->row > r || (f->row == r && f->col > c)) break;
        m->next++;
        if (f->row == r && f->col == c) *here = m->arena + f->text;
        else if (m->arena[f->text]) rc = emit(cb, f->row, f->col, m->arena + f->text, max_cells, cells);
    }
    return rc;
}

/* One worksheet's cells, row-major: FreeXL's and the formula results of fm merged (a formula cell comes
 * where FreeXL would have given it; cells outside FreeXL's dimensions after them, still row-major);
 * *cells counts the non-empty ones over the workbook. */
static int read_sheet(const void *h, unsigned short i, const dft_ooxml_cb *cb, uint64_t max_cells, uint64_t *cells,
                      uint64_t *visits, fmerge *fm)
{
    const char *name = NULL;
    if (freexl_get_worksheet_name(h, i, &name) != FREEXL_OK) name = NULL;
    int rc = cb->table ? cb->table(cb->ctx, (uint32_t)i + 1, name ? name : "") : DFT_OK;
    unsigned int rows = 0;
    unsigned short cols = 0;
    if (!rc && (freexl_select_active_worksheet(h, i) != FREEXL_OK || freexl_worksheet_dimensions(h, &rows, &cols) != FREEXL_OK))
        rows = cols = 0;
    if (rows > DFT_XLS_MAX_ROWS) {
        dft_ooxml_warnf(cb, "XLS sheet %u: rows %u-%u not read (cap %u rows)", (unsigned)i + 1, DFT_XLS_MAX_ROWS + 1, rows,
             DFT_XLS_MAX_ROWS);
        rows = DFT_XLS_MAX_ROWS;
    }
    unsigned int r = 0;
    int capped = 0;
    for (; r < rows && !rc; r++) {
        if (*visits + cols > MAX_VISITS) {
            dft_ooxml_warnf(cb, "XLS sheet %u: rows from %u on not read (cap %llu cell positions a workbook)", (unsigned)i + 1,
                 r + 1, (unsigned long long)MAX_VISITS);
            capped = 1;
            break;
        }
        *visits += cols;
        for (unsigned short c = 0; c < cols && !rc; c++) {
            const char *ftext = NULL;
            rc = flush_formulas(fm, cb, r, c, max_cells, cells, &ftext);
            FreeXL_CellValue v;
            if (rc || freexl_get_cell_value(h, r, c, &v) != FREEXL_OK) v.type = FREEXL_CELL_NULL;
            char num[40];
            const char *text = NULL;
            switch (v.type) {
            case FREEXL_CELL_INT:
                snprintf(num, sizeof num, "%d", v.value.int_value);
                text = num;
                break;
            case FREEXL_CELL_DOUBLE:
                dft_biff_format_double(v.value.double_value, num, sizeof num);
                text = num;
                break;
            case FREEXL_CELL_TEXT:
            case FREEXL_CELL_SST_TEXT:
            case FREEXL_CELL_DATE:
            case FREEXL_CELL_DATETIME:
            case FREEXL_CELL_TIME:
                text = v.value.text_value;
                break;
            default:
                break;
            }
            if (!text || !text[0]) text = ftext;   /* FreeXL has nothing where a FORMULA record is */
            if (!rc && text && text[0]) rc = emit(cb, r, c, text, max_cells, cells);
        }
    }
    /* the formula cells left: outside FreeXL's dimensions (a DIMENSIONS record that undercounts); when the
     * cell-position cap stopped the sheet, only those of the rows read */
    if (!rc && (!capped || r > 0)) {
        uint32_t last = capped ? r - 1 : DFT_XLS_MAX_ROWS - 1;
        const char *ftext = NULL;
        rc = flush_formulas(fm, cb, last, 255, max_cells, cells, &ftext);
        if (!rc && ftext && ftext[0]) rc = emit(cb, last, 255, ftext, max_cells, cells);
    }
    if (!rc && cb->table_end) rc = cb->table_end(cb->ctx);
    return rc;
}

static int read_in_process(const void *data, size_t len, uint64_t max_cells, const dft_ooxml_cb *cb)
{
    uint8_t *wb = NULL;
    size_t wn = 0;
    int rc = load_workbook(data, len, &wb, &wn);
    if (rc) return rc;
    dft_biff_formulas f;
    rc = dft_biff_formulas_read(wb, wn, max_cells, cb, &f);
    free(wb);
    char path[4200];
    int fd = -1, tmp = 0;
    if (!rc) rc = materialise(data, len, &fd, path, sizeof path, &tmp);
    if (rc) {
        dft_biff_formulas_free(&f);
        return rc;
    }
    const void *h = NULL;
    int frc = freexl_open(path, &h);
    if (tmp) unlink(path);   /* FreeXL keeps its FILE open; the name is no longer needed */
    if (frc != FREEXL_OK) {
        if (h) freexl_close(h);
        if (fd >= 0) close(fd);
        dft_biff_formulas_free(&f);
        return DFT_CORRUPT("XLS not readable (FreeXL error %d)", frc);
    }
    unsigned int sheets = 0;
    if (freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &sheets) != FREEXL_OK) sheets = 0;
    size_t with = 0;
    for (size_t i = 0; i < f.nsheets; i++) with += f.sheets[i].n && i >= sheets;
    if (with)
        dft_ooxml_warnf(cb, "XLS: formula results of %zu sheet(s) past FreeXL's %u not read", with, sheets);
    uint64_t cells = 0, visits = 0;
    for (unsigned int i = 0; i < sheets && i < 65535 && !rc; i++) {
        fmerge fm = { .s = i < f.nsheets ? &f.sheets[i] : NULL, .arena = f.arena, .next = 0 };
        rc = read_sheet(h, (unsigned short)i, cb, max_cells, &cells, &visits, &fm);
    }
    freexl_close(h);
    if (fd >= 0) close(fd);
    dft_biff_formulas_free(&f);
    return rc;
}

int dft_xls_child_read(const void *data, size_t len, const char *arg, const dft_ooxml_cb *cb)
{
    unsigned long long max_cells = arg ? strtoull(arg, NULL, 10) : 0;
    return read_in_process(data, len, max_cells ? max_cells : 20000000ull, cb);
}

int dft_xls_read(const void *data, size_t len, const dft_xls_limits *lim, const dft_ooxml_cb *cb)
{
    static const dft_ooxml_cb none;
    if (!cb) cb = &none;
    if (!dft_ole2_is(data, len)) return dft_error_set(DFT_ENOTFOUND, "no OLE2 compound-file signature");
    if (len > DFT_XLS_MAX) return dft_error_set(DFT_ELIMIT, "XLS of %zu bytes over the %zu-byte cap", len, DFT_XLS_MAX);
    uint64_t max_cells = lim && lim->max_cells ? lim->max_cells : 20000000ull;
    double max_s = lim && lim->max_seconds > 0 ? lim->max_seconds : 60.0;
    if (lim && lim->in_process) return read_in_process(data, len, max_cells, cb);
    char arg[32];
    snprintf(arg, sizeof arg, "%llu", (unsigned long long)max_cells);
    dft_isolate_opts o = { .reader = "xls", .arg = arg, .cpu_seconds = max_s, .wall_seconds = max_s,
                           .as_extra = ((uint64_t)1 << 30) + (uint64_t)len * 8 };
    dft_isolate_status st;
    int rc = dft_isolate_read(&o, data, len, cb, &st);
    if (rc == DFT_OK || st.ended) return rc;
    uint32_t sheet = st.last_page ? st.last_page : 1;
    if (st.timed_out)
        return dft_error_set(DFT_ELIMIT, "XLS: reader stopped after %.0f s (in sheet %u): cells before it kept", max_s,
                             sheet);
    if (rc != DFT_ECORRUPT) return rc;
    if (st.signal)
        return DFT_CORRUPT("XLS: the reader died (signal %d) in sheet %u: cells before it kept", st.signal, sheet);
    return DFT_CORRUPT("XLS: the reader ended without a result in sheet %u", sheet);
}
