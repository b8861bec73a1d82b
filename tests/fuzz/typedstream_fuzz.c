/*
 * typedstream_fuzz.c - fuzz harness for parsers/typedstream.c (iMessage attributedBody): the whole
 * input is the blob. Seeds (tests/fuzz/corpus/typedstream/, tests/chat_system/gen_fuzz_corpus.py):
 * archived NSAttributedStrings with one-byte, 0x81 (u16) and 0x82 (u32) lengths, Thai/Vietnamese
 * text, a bare NSString, a NSMutableString subclass chain.
 * Checks: DFT_OK or DFT_ECORRUPT only; on DFT_OK the text is NUL-terminated, shorter than the
 * input and free of NUL bytes; on an error nothing is returned.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "fuzz_check.h"
#include "typedstream.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = (char *)data;   /* must be replaced by the decoder */
    size_t len = 12345;
    int rc = dft_typedstream_text(data, size, &text, &len);
    FUZZ_CHECK(rc == DFT_OK || rc == DFT_ECORRUPT);
    if (rc == DFT_OK) {
        FUZZ_CHECK(text != NULL && len < size && text[len] == '\0' && strlen(text) == len);
        free(text);
    } else {
        FUZZ_CHECK(text == NULL && len == 0);
    }
    return 0;
}
