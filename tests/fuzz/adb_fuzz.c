/*
 * adb_fuzz.c - fuzz harness for dft_adb_parse_header (parsers/adb.c): any bytes as the start of
 * an .ab file. Checks: DFT_OK or DFT_ECORRUPT only; on success the header lies inside the input,
 * the encryption name is NUL-terminated and "not encrypted" means it says "none".
 */
#include <stdint.h>
#include <string.h>

#include "error.h"
#include "fuzz_check.h"
#include "parsers/adb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dft_adb_header h;
    int rc = dft_adb_parse_header(data, size, &h);
    FUZZ_CHECK(rc == DFT_OK || rc == DFT_ECORRUPT);
    if (rc == DFT_OK) {
        FUZZ_CHECK(h.header_len > strlen(DFT_ADB_MAGIC) && h.header_len <= size);
        FUZZ_CHECK(h.version >= 0 && h.version <= 999);
        FUZZ_CHECK(memchr(h.encryption, 0, sizeof h.encryption) != NULL);
        if (!h.encrypted) FUZZ_CHECK(strcmp(h.encryption, "none") == 0); /* a line "none<NUL>x" counts as encrypted */
        FUZZ_CHECK(data[h.header_len - 1] == '\n');
    } else {
        FUZZ_CHECK(dft_error_last()[0] != 0);
    }
    return 0;
}
