/*
 * notesdb_fuzz.c - fuzz harness for dft_notestore_text (parsers/notesdb.c; input: a ZICNOTEDATA.ZDATA
 * blob, gzip of a protobuf). Checks: only the documented codes; on success the text is NUL-terminated
 * at its length and at most DFT_NOTES_MAX_TEXT bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "fuzz_check.h"
#include "parsers/notesdb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *t = NULL;
    size_t n = 0;
    int rc = dft_notestore_text(data, size, &t, &n);
    FUZZ_CHECK(rc == DFT_OK || rc == DFT_ECORRUPT || rc == DFT_ENOTFOUND || rc == DFT_ELIMIT);
    if (rc == DFT_OK) {
        FUZZ_CHECK(t && t[n] == '\0' && n <= DFT_NOTES_MAX_TEXT);
        free(t);
    } else
        FUZZ_CHECK(t == NULL);
    return 0;
}
