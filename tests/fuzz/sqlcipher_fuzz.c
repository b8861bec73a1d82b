/*
 * sqlcipher_fuzz.c - fuzz harness for SQLCipher page decryption (parsers/sqlcipher.c). The input is an
 * encrypted database; keys for the v1 (WeChat) and v3 parameter sets are derived from its salt with a
 * fixed passphrase (cached per salt: PBKDF2 is slow and mutants mostly keep the salt), then checked
 * and, when page 1 verifies, the whole file decrypted.
 * Checks: documented codes only; a decrypted image is a whole number of pages no longer than the
 * input and starts with the SQLite header; bad pages never exceed the page count + 1.
 * Seeds (tests/fuzz/corpus/sqlcipher/): v1 and v3 databases written by the sqlcipher shell with the
 * passphrase "fuzzkey".
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "fuzz_check.h"
#include "sqlcipher.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t salt[16];
    static bool have;
    static dft_sqlcipher_key keys[2];
    if (size < 16) return 0;
    if (!have || memcmp(salt, data, 16) != 0) {
        memcpy(salt, data, 16);
        FUZZ_CHECK(dft_sqlcipher_derive(&keys[0], &dft_sqlcipher_versions[0], (const uint8_t *)"fuzzkey", 7, false,
                                        salt) == DFT_OK);
        FUZZ_CHECK(dft_sqlcipher_derive(&keys[1], &dft_sqlcipher_versions[2], (const uint8_t *)"fuzzkey", 7, false,
                                        salt) == DFT_OK);
        have = true;
    }
    (void)dft_sqlcipher_maybe(data, size);
    for (int i = 0; i < 2; i++) {
        int rc = dft_sqlcipher_check(&keys[i], data, size);
        FUZZ_CHECK(rc == DFT_OK || rc == DFT_ECORRUPT);
        uint8_t *out = NULL;
        size_t olen = 0;
        uint64_t bad = 0;
        rc = dft_sqlcipher_decrypt(&keys[i], data, size, &out, &olen, &bad);
        FUZZ_CHECK(rc == DFT_OK || rc == DFT_ECORRUPT);
        if (rc == DFT_OK) {
            unsigned P = keys[i].p.page_size;
            FUZZ_CHECK(olen <= size && olen % P == 0 && memcmp(out, "SQLite format 3", 16) == 0);
            FUZZ_CHECK(bad <= size / P + 1);
        }
        free(out);
    }
    return 0;
}
