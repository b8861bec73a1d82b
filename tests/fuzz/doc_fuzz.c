/*
 * doc_fuzz.c - fuzz harness for parsers/docread.c's FIB, piece table, subdocument, Plcfhdd and PAPX
 * (parsers/docpapx.c) reading, without the OLE2 container (the ole2 harness covers libgsf): input = u32le
 * length L of the WordDocument stream, L bytes of it, then the table stream. Checks: only the documented
 * codes come back, and the callback invariants of ole2_cb_check.h.
 */
#include <stdint.h>
#include <string.h>

#include "error.h"
#include "ole2_cb_check.h"
#include "parsers/docread.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 4) return 0;
    size_t wl = (size_t)data[0] | (size_t)data[1] << 8 | (size_t)data[2] << 16 | (size_t)data[3] << 24;
    if (wl > size - 4) wl = size - 4;
    cb_seen s;
    dft_ooxml_cb cb = cb_seen_make(&s);
    int rc = dft_doc_read_streams(data + 4, wl, data + 4 + wl, size - 4 - wl, &cb);
    FUZZ_CHECK(rc == DFT_OK || rc == DFT_ECORRUPT || rc == DFT_EUNSUPPORTED || rc == DFT_ENOMEM);
    FUZZ_CHECK(!s.in_table || rc != DFT_OK);
    return 0;
}
