/*
 * sqlcipher_fuzz.c - fuzz harness for SQLCipher page decryption (parsers/sqlcipher.c). The input is an
 * encrypted database; keys for the v1 (WeChat) and v3 parameter sets are derived from its salt with a
 * fixed passphrase (cached per salt: PBKDF2 is slow and mutants mostly keep the salt), then checked
 * and, when page 1 verifies, the whole file decrypted.
 * Checks: documented codes only; a decrypted image is a whole number of pages no longer than the
 * input and starts with the SQLite header; bad pages never exceed the page count + 1.
 * A third key is SQLCipher 4 with a 32-byte plaintext header (Signal iOS) from a fixed raw key + salt
 * (the tests/chat_crypt key spec): its decrypted image starts with the input's own first 32 bytes.
 * Seeds (tests/fuzz/corpus/sqlcipher/): v1 and v3 databases written by the sqlcipher shell with the
 * passphrase "fuzzkey"; v4_plain_header = tests/chat_crypt's Signal iOS signal.sqlite, a copy of
 * build/chat_crypt_fx/dump/private/var/mobile/Containers/Shared/AppGroup/<UUID>/grdb/signal.sqlite (mkfx
 * sqlcipher4-ios; deterministic, so re-copy it whenever make_fixtures.py or the chat_extra Signal iOS rows
 * change: the 2026-12-03 copy predated the album rows). It opens with the key spec above, so the
 * decrypting path is fuzzed, not only page-1 rejection.
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
    static dft_sqlcipher_key keys[3];
    static bool have_ios;
    if (size < 16) return 0;
    if (!have_ios) {
        static const uint8_t spec[48] = { 0x1f, 0x2e, 0x3d, 0x4c, 0x5b, 0x6a, 0x79, 0x88, 0x0f, 0x1e, 0x2d, 0x3c,
                                          0x4b, 0x5a, 0x69, 0x78, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                          0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0xa5, 0xa5, 0xa5, 0xa5,
                                          0xa5, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5 };
        dft_sqlcipher_params p = dft_sqlcipher_versions[3];
        p.plain_header = 32;
        FUZZ_CHECK(dft_sqlcipher_derive(&keys[2], &p, spec, 32, true, spec + 32) == DFT_OK);
        have_ios = true;
    }
    if (!have || memcmp(salt, data, 16) != 0) {
        memcpy(salt, data, 16);
        FUZZ_CHECK(dft_sqlcipher_derive(&keys[0], &dft_sqlcipher_versions[0], (const uint8_t *)"fuzzkey", 7, false,
                                        salt) == DFT_OK);
        FUZZ_CHECK(dft_sqlcipher_derive(&keys[1], &dft_sqlcipher_versions[2], (const uint8_t *)"fuzzkey", 7, false,
                                        salt) == DFT_OK);
        have = true;
    }
    (void)dft_sqlcipher_maybe(data, size);
    (void)dft_sqlcipher_plain_header_maybe(data, size);
    for (int i = 0; i < 3; i++) {
        int rc = dft_sqlcipher_check(&keys[i], data, size);
        FUZZ_CHECK(rc == DFT_OK || rc == DFT_ECORRUPT);
        uint8_t *out = NULL;
        size_t olen = 0;
        uint64_t bad = 0;
        rc = dft_sqlcipher_decrypt(&keys[i], data, size, &out, &olen, &bad);
        FUZZ_CHECK(rc == DFT_OK || rc == DFT_ECORRUPT);
        if (rc == DFT_OK) {
            unsigned P = keys[i].p.page_size;
            FUZZ_CHECK(olen <= size && olen % P == 0);
            FUZZ_CHECK(i == 2 ? memcmp(out, data, 32) == 0 : memcmp(out, "SQLite format 3", 16) == 0);
            FUZZ_CHECK(bad <= size / P + 1);
        }
        free(out);
    }
    return 0;
}
