/*
 * ole2_fuzz.c - fuzz harness for the OLE2 readers (input: a whole compound file): parsers/docread.c
 * (libgsf + the Word piece table, in process), parsers/pptread.c (in process here) and parsers/xlsread.c (FreeXL in its child process, through
 * parsers/isolate.c's record pipe). Checks: only the documented codes come back, and the callback
 * invariants of ole2_cb_check.h.
 */
#include <stdint.h>
#include <string.h>

#include "error.h"
#include "ole2_cb_check.h"
#include "parsers/docread.h"
#include "parsers/pptread.h"
#include "parsers/xlsread.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cb_seen s;
    dft_ooxml_cb cb = cb_seen_make(&s);
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
