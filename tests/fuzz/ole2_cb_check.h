/*
 * ole2_cb_check.h - the dft_ooxml_cb invariants the legacy Office harnesses (ole2_fuzz.c, doc_fuzz.c)
 * check: cells lie inside a table, 1-based, non-empty, at most DFT_OOXML_MAX_TEXT bytes; a Word table
 * (no name) is numbered 1, 2, ... from the start and from each section, a sheet (named) from 1; tables
 * and sections never overlap; paragraphs are numbered 1, 2, 3, ... from the start, each section and
 * each page, never inside a table.
 */
#ifndef DFT_FUZZ_OLE2_CB_CHECK_H
#define DFT_FUZZ_OLE2_CB_CHECK_H

#include <stdint.h>
#include <string.h>

#include "fuzz_check.h"
#include "parsers/ooxml.h"

typedef struct cb_seen {
    int in_table;
    uint32_t next_para, next_table;
} cb_seen;

static int seen_table(void *c, uint32_t index, const char *name)
{
    cb_seen *s = c;
    FUZZ_CHECK(index >= 1 && !s->in_table && (name != NULL || index == ++s->next_table));
    s->in_table = 1;
    return 0;
}
static int seen_table_end(void *c)
{
    cb_seen *s = c;
    FUZZ_CHECK(s->in_table);
    s->in_table = 0;
    return 0;
}
static int seen_cell(void *c, uint32_t row, uint32_t col, const char *t)
{
    cb_seen *s = c;
    size_t n = strlen(t);
    FUZZ_CHECK(s->in_table && row >= 1 && col >= 1 && n >= 1 && n <= DFT_OOXML_MAX_TEXT);
    return 0;
}
static int seen_section(void *c, const char *name)
{
    cb_seen *s = c;
    FUZZ_CHECK((name == NULL || (*name && strlen(name) < 64)) && !s->in_table);
    s->next_para = s->next_table = 0;
    return 0;
}
static int seen_page(void *c, uint32_t index, const char *name)
{
    cb_seen *s = c;
    (void)name;
    FUZZ_CHECK(index >= 1 && !s->in_table);
    s->next_para = s->next_table = 0;
    return 0;
}
static int seen_paragraph(void *c, uint32_t index, const char *t)
{
    cb_seen *s = c;
    FUZZ_CHECK(index == ++s->next_para && strlen(t) <= DFT_OOXML_MAX_TEXT && !s->in_table);
    return 0;
}

/* The callbacks over s, zeroed. */
static inline dft_ooxml_cb cb_seen_make(cb_seen *s)
{
    memset(s, 0, sizeof *s);
    return (dft_ooxml_cb){.ctx = s, .table = seen_table, .cell = seen_cell, .table_end = seen_table_end,
                          .paragraph = seen_paragraph, .page = seen_page, .section = seen_section};
}

#endif
