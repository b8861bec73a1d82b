/*
 * pdftext_fuzz.c - fuzz harness for parsers/pdftext.c (input: a whole PDF). Checks: only the documented codes come
 * back; table begin/end pair up and cells are inside a table with row/col >= 1 and non-empty text;
 * paragraphs and pages are 1-based; texts are NUL-terminated, at most DFT_OOXML_MAX_TEXT bytes.
 */
#include <stdint.h>
#include <string.h>

#include "error.h"
#include "fuzz_check.h"
#include "parsers/pdftext.h"

typedef struct st {
    int open;
} st;

static int on_table(void *c, uint32_t i, const char *n)
{
    (void)n;
    st *s = c;
    FUZZ_CHECK(!s->open && i >= 1);
    s->open = 1;
    return 0;
}
static int on_end(void *c)
{
    st *s = c;
    FUZZ_CHECK(s->open);
    s->open = 0;
    return 0;
}
static int on_cell(void *c, uint32_t row, uint32_t col, const char *t)
{
    st *s = c;
    FUZZ_CHECK(s->open && row >= 1 && col >= 1 && strlen(t) <= DFT_OOXML_MAX_TEXT && t[0]);
    return 0;
}
static int on_para(void *c, uint32_t i, const char *t)
{
    (void)c;
    FUZZ_CHECK(i >= 1 && strlen(t) <= DFT_OOXML_MAX_TEXT && t[0]);
    return 0;
}
static int on_page(void *c, uint32_t i, const char *n)
{
    (void)c, (void)n;
    FUZZ_CHECK(i >= 1);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    st s = {0};
    dft_ooxml_cb cb = {.ctx = &s, .table = on_table, .cell = on_cell, .table_end = on_end, .paragraph = on_para,
                       .page = on_page};
    dft_ooxml_limits lim = {.max_cells = 200000};
    dft_pdf_limits plim = {.max_pages = 50, .max_seconds = 5};
    (void)lim;
    int rc = dft_pdf_read(data, size, &plim, &cb);
    FUZZ_CHECK(rc == DFT_OK || rc == DFT_ECORRUPT || rc == DFT_ENOTFOUND || rc == DFT_EUNSUPPORTED);
    FUZZ_CHECK(!s.open);
    return 0;
}
