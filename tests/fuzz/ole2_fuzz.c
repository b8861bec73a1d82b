/*
 * ole2_fuzz.c - fuzz harness for the OLE2 readers (input: a whole compound file): parsers/docread.c
 * (libgsf + the Word piece table, in process), parsers/pptread.c (in process here) and parsers/xlsread.c (FreeXL in its child process, through
 * parsers/isolate.c's record pipe). Checks: only the documented codes come back; every cell lies inside a
 * table, 1-based, non-empty, at most DFT_OOXML_MAX_TEXT bytes; paragraphs are numbered 1, 2, 3, ... from
 * the start and from each section (footnotes, headers, ...)
 */
#include <stdint.h>
#include <string.h>

#include "error.h"
#include "fuzz_check.h"
#include "parsers/docread.h"
#include "parsers/pptread.h"
#include "parsers/xlsread.h"

typedef struct seen {
    int in_table;
    uint32_t next_para;
} seen;

static int table_begins(void *c, uint32_t index, const char *name)
{
    seen *s = c;
    (void)name;   /* a sheet name (.xls), NULL for a Word table */
    FUZZ_CHECK(index >= 1 && !s->in_table);
    s->in_table = 1;
    return 0;
}
static int table_ends(void *c)
{
    seen *s = c;
    FUZZ_CHECK(s->in_table);
    s->in_table = 0;
    return 0;
}
static int cell_seen(void *c, uint32_t row, uint32_t col, const char *t)
{
    seen *s = c;
    size_t n = strlen(t);
    FUZZ_CHECK(s->in_table && row >= 1 && col >= 1 && n >= 1 && n <= DFT_OOXML_MAX_TEXT);
    return 0;
}
/* a subdocument (footnotes, a header, a slide's notes) numbers its paragraphs from 1 again */
static int section_seen(void *c, const char *name)
{
    seen *s = c;
    FUZZ_CHECK((name == NULL || (*name && strlen(name) < 64)) && !s->in_table);
    s->next_para = 0;
    return 0;
}
static int paragraph_seen(void *c, uint32_t index, const char *t)
{
    seen *s = c;
    FUZZ_CHECK(index == ++s->next_para && strlen(t) <= DFT_OOXML_MAX_TEXT);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    seen s = {0};
    dft_ooxml_cb cb = {.ctx = &s, .table = table_begins, .cell = cell_seen, .table_end = table_ends,
                       .paragraph = paragraph_seen,
                       .section = section_seen};
    int rc = dft_doc_read(data, size, &cb);
    FUZZ_CHECK(rc == DFT_OK || rc == DFT_ECORRUPT || rc == DFT_ENOTFOUND || rc == DFT_EUNSUPPORTED ||
               rc == DFT_ELIMIT);
    memset(&s, 0, sizeof s);
    dft_ppt_opts po = {.in_process = 1};
    rc = dft_ppt_read(data, size, &po, &cb);
    FUZZ_CHECK(rc == DFT_OK || rc == DFT_ECORRUPT || rc == DFT_ENOTFOUND || rc == DFT_EUNSUPPORTED ||
               rc == DFT_ELIMIT);
    memset(&s, 0, sizeof s);
    dft_xls_limits lim = {.max_cells = 100000, .max_seconds = 5};
    rc = dft_xls_read(data, size, &lim, &cb);
    FUZZ_CHECK(rc == DFT_OK || rc == DFT_ECORRUPT || rc == DFT_ENOTFOUND || rc == DFT_EUNSUPPORTED ||
               rc == DFT_ELIMIT);
    FUZZ_CHECK(!s.in_table || rc != DFT_OK);
    return 0;
}
