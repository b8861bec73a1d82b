/*
 * ethkeystore_fuzz.c - fuzz harness for the Ethereum keystore reader (parsers/ethkeystore.c), with
 * and without a geth file name. Checks: only DFT_OK or DFT_ENOTFOUND; the address is empty or "0x" +
 * 40 lower-case hex digits; a cracking line exists exactly with its hashcat mode and has its prefix.
 */
#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "parsers/ethkeystore.h"
#include "error.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *names[] = { NULL, "UTC--2020-01-01T00-00-00Z--00112233445566778899aabbccddeeff00112233" };
    for (int i = 0; i < 2; i++) {
        dft_ethkeystore k;
        int rc = dft_ethkeystore_parse((const char *)data, size, names[i], &k);
        FUZZ_CHECK(rc == DFT_OK || rc == DFT_ENOTFOUND);
        if (rc != DFT_OK) continue;
        FUZZ_CHECK(k.kind && json_is_object(k.details));
        size_t n = strlen(k.address);
        FUZZ_CHECK(n == 0 || n == 42);
        for (size_t j = 2; j < n; j++) FUZZ_CHECK(isxdigit((unsigned char)k.address[j]) && !isupper((unsigned char)k.address[j]));
        if (i == 1) FUZZ_CHECK(n == 42);
        FUZZ_CHECK(!k.crack_hash == !k.hashcat_mode);
        if (k.crack_hash) FUZZ_CHECK(strncmp(k.crack_hash, "$ethereum$", 10) == 0);
        dft_ethkeystore_clear(&k);
    }
    return 0;
}
