/*
 * textenc_fuzz.c - fuzz harness for parsers/textenc.c. Checks: detection always names one of the
 * supported encodings and a BOM no longer than the input; conversion succeeds, its output is valid
 * UTF-8 of at most 3x the input, NUL-terminated, and a forced conversion as UTF-8 of valid UTF-8
 * is the identity.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "fuzz_check.h"
#include "parsers/textenc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t bom = 99;
    const char *enc = dft_textenc_detect(data, size, &bom);
    FUZZ_CHECK(enc && bom <= size && bom <= 3);
    dft_textenc_result r;
    int rc = dft_textenc_to_utf8(data, size, NULL, &r);
    FUZZ_CHECK(rc == DFT_OK);
    FUZZ_CHECK(r.len <= size * 3 && r.text[r.len] == '\0');
    FUZZ_CHECK(dft_textenc_valid_utf8((const uint8_t *)r.text, r.len));
    free(r.text);
    if (dft_textenc_valid_utf8(data, size)) {
        rc = dft_textenc_to_utf8(data, size, "UTF-8", &r);
        FUZZ_CHECK(rc == DFT_OK && r.len == size && memcmp(r.text, data, size) == 0 && r.replaced == 0);
        free(r.text);
    }
    return 0;
}
