/*
 * ooxml_fuzz.c - fuzz harness for parsers/ooxml.c (input: a whole zip). Checks: only the documented
 * codes come back; every cell has row and col >= 1; table begin/end calls pair up; reported text
 * is NUL-terminated and at most DFT_OOXML_MAX_TEXT bytes.
 */
#include <stdint.h>
#include <string.h>

#include "error.h"
#include "fuzz_check.h"
#include "parsers/ooxml.h"

typedef struct st {
    int open;
} st;

static int on_table(void *c, uint32_t i, const char *n)
{
    (void)i, (void)n;
    st *s = c;
    FUZZ_CHECK(!s->open);
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
    (void)c;
    FUZZ_CHECK(row >= 1 && col >= 1 && strlen(t) <= DFT_OOXML_MAX_TEXT && t[0]);
    return 0;
}
static int on_para(void *c, uint32_t i, const char *t)
{
    (void)c;
    FUZZ_CHECK(i >= 1 && strlen(t) <= DFT_OOXML_MAX_TEXT);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    st s = {0};
    dft_ooxml_cb cb = {.ctx = &s, .table = on_table, .cell = on_cell, .table_end = on_end, .paragraph = on_para};
    dft_ooxml_limits lim = {.max_total = 64u << 20};
    int rc = dft_ooxml_read(data, size, &lim, &cb);
    FUZZ_CHECK(rc == DFT_OK || rc == DFT_ECORRUPT || rc == DFT_ENOTFOUND || rc == DFT_ELIMIT);
    return 0;
}
