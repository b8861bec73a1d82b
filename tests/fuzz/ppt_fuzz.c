/*
 * ppt_fuzz.c - fuzz harness for parsers/pptread.c's record walk (dft_ppt_read_streams), without the
 * OLE2 container (the ole2 harness covers libgsf): input = u16le length L of the "Current User" stream,
 * L bytes of it, then the "PowerPoint Document" stream. Checks: only the documented codes come back;
 * pages are numbered 1, 2, 3, ... and paragraphs from 1 after each page and each section (notes), at
 * most DFT_OOXML_MAX_TEXT bytes.
 */
#include <stdint.h>
#include <string.h>

#include "error.h"
#include "fuzz_check.h"
#include "parsers/pptread.h"

typedef struct seen {
    uint32_t next_page, next_para;
} seen;

static int page_seen(void *c, uint32_t index, const char *name)
{
    seen *s = c;
    FUZZ_CHECK(index == ++s->next_page && name != NULL);
    s->next_para = 0;
    return 0;
}
/* a subdocument (footnotes, a header, a slide's notes) numbers its paragraphs from 1 again */
static int section_seen(void *c, const char *name)
{
    seen *s = c;
    FUZZ_CHECK(name == NULL || (*name && strlen(name) < 64));
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
    if (size < 2) return 0;
    size_t cl = (size_t)data[0] | (size_t)data[1] << 8;
    if (cl > size - 2) cl = size - 2;
    seen s = {0};
    dft_ooxml_cb cb = {.ctx = &s, .paragraph = paragraph_seen, .page = page_seen,
                       .section = section_seen};
    int rc = dft_ppt_read_streams(data + 2 + cl, size - 2 - cl, cl ? data + 2 : NULL, cl, &cb);
    FUZZ_CHECK(rc == DFT_OK || rc == DFT_EUNSUPPORTED || rc == DFT_ECORRUPT || rc == DFT_ENOMEM);
    return 0;
}
