/*
 * biff_formula_fuzz.c - fuzz harness for parsers/biff_formula.c (input: a whole Workbook/Book stream, no
 * compound file around it): the FORMULA/STRING/CONTINUE walk runs in process here, where the .xls reader
 * runs it in its child. Checks: only DFT_OK or DFT_ENOMEM; per sheet the results are strictly row-major
 * (sorted, one per cell), rows under DFT_XLS_MAX_ROWS, columns under 256, at most the cap; every text a
 * NUL-terminated string inside the arena.
 */
#include <stdint.h>
#include <string.h>

#include "error.h"
#include "fuzz_check.h"
#include "parsers/biff_formula.h"
#include "parsers/xlsread.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dft_ooxml_cb cb = {0};
    dft_biff_formulas f;
    int rc = dft_biff_formulas_read(data, size, 1000, &cb, &f);
    FUZZ_CHECK(rc == DFT_OK || rc == DFT_ENOMEM);
    size_t total = 0;
    for (size_t i = 0; rc == DFT_OK && i < f.nsheets; i++) {
        const dft_biff_sheet_fcells *s = &f.sheets[i];
        total += s->n;
        for (size_t j = 0; j < s->n; j++) {
            const dft_biff_fcell *c = &s->cells[j];
            FUZZ_CHECK(c->row < DFT_XLS_MAX_ROWS && c->col < 256 && c->text < f.arena_len);
            FUZZ_CHECK(memchr(f.arena + c->text, '\0', f.arena_len - c->text) != NULL);
            if (j) {
                const dft_biff_fcell *p = &s->cells[j - 1];
                FUZZ_CHECK(p->row < c->row || (p->row == c->row && p->col < c->col));
            }
        }
    }
    FUZZ_CHECK(total <= 1000);
    dft_biff_formulas_free(&f);
    return 0;
}
