/*
 * wa_crypt_fuzz.c - fuzz harness for the WhatsApp backup reader (parsers/wa_crypt.c). The input is a
 * backup file; it is parsed as crypt12, crypt14 and crypt15 with fixed keys (the tag rarely matches:
 * the header, protobuf and length arithmetic are what meets hostile bytes), and as a key file. A
 * second path re-encrypts the input as a crypt15 backup with the fixed key and decrypts it: the round
 * trip must return the input byte for byte, and a capped round trip must stop at the cap.
 * Checks: documented codes only; output never exceeds the cap; round trips are exact.
 * Seeds (tests/fuzz/corpus/wa_crypt/): crypt14/15 backups and key files of tests/chat_crypt.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "fuzz_check.h"
#include "wa_crypt.h"

typedef struct sink {
    uint8_t *b;
    size_t n, cap;
} sink;

static int put(void *p, const uint8_t *d, size_t n)
{
    sink *s = p;
    FUZZ_CHECK(s->n + n <= s->cap);
    memcpy(s->b + s->n, d, n);
    s->n += n;
    return DFT_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dft_wa_key k14 = { .kind = DFT_WA_KEY_LEGACY }, k15 = { .kind = DFT_WA_KEY_ROOT };
    static const uint8_t k14b[8] = { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef };
    for (int i = 0; i < 32; i++) k14.key[i] = k14b[i % 8];
    memset(k15.key, 0x5f, 16);
    memset(k15.key + 16, 0xa1, 16);
    enum { CAP = 1 << 16 };
    static uint8_t buf[CAP];
    static const int versions[] = { 12, 14, 15 };
    for (int i = 0; i < 3; i++) {
        sink s = { buf, 0, CAP };
        dft_wa_crypt_info info;
        int rc = dft_wa_crypt_decrypt(versions[i], versions[i] == 15 ? &k15 : &k14, data, size, CAP, put, &s, &info);
        FUZZ_CHECK(rc == DFT_OK || rc == DFT_ECORRUPT || rc == DFT_ELIMIT);
        FUZZ_CHECK(info.plain_len <= CAP);
    }
    dft_wa_key fk;
    int rc = dft_wa_key_parse_file(&fk, data, size);
    FUZZ_CHECK(rc == DFT_OK || rc == DFT_ECORRUPT);
    if (rc == DFT_OK) FUZZ_CHECK(fk.kind == DFT_WA_KEY_LEGACY || fk.kind == DFT_WA_KEY_ROOT);

    if (size <= 4096) {
        uint8_t iv[16] = { 0 };
        uint8_t *enc = NULL;
        size_t elen = 0;
        if (dft_wa_crypt_encrypt(15, &k15, iv, data, size, &enc, &elen) == DFT_OK) {
            sink s = { buf, 0, CAP };
            dft_wa_crypt_info info;
            FUZZ_CHECK(dft_wa_crypt_decrypt(15, &k15, enc, elen, CAP, put, &s, &info) == DFT_OK);
            FUZZ_CHECK(s.n == size && (size == 0 || memcmp(buf, data, size) == 0));
            if (size > 8) {
                s = (sink){ buf, 0, size / 2 };
                FUZZ_CHECK(dft_wa_crypt_decrypt(15, &k15, enc, elen, size / 2, put, &s, &info) == DFT_ELIMIT);
            }
            free(enc);
        }
    }
    return 0;
}
