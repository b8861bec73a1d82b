/*
 * electrum_fuzz.c - fuzz harness for the Electrum wallet reader (parsers/electrum.c): JSON, 4.5
 * patch lines, the 1.x Python-literal conversion and BIE1/BIE2 blobs. Checks: only DFT_OK or
 * DFT_ENOTFOUND; addresses sorted, unique, of bounded length, each with a role; patches applied never
 * exceed patches seen; a cracking line has its documented prefix; clear() leaves nothing behind.
 */
#include <stdint.h>
#include <string.h>

#include "parsers/electrum.h"
#include "error.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dft_electrum e;
    int rc = dft_electrum_parse((const char *)data, size, &e);
    FUZZ_CHECK(rc == DFT_OK || rc == DFT_ENOTFOUND);
    if (rc != DFT_OK) return 0;
    FUZZ_CHECK(e.format != NULL && json_is_object(e.details));
    FUZZ_CHECK(e.n_patches_applied <= e.n_patches);
    for (size_t i = 0; i < e.n_addrs; i++) {
        FUZZ_CHECK(e.addrs[i].address && strlen(e.addrs[i].address) <= 120 && e.addrs[i].role);
        if (i) FUZZ_CHECK(strcmp(e.addrs[i - 1].address, e.addrs[i].address) < 0);
    }
    if (e.crack_hash) FUZZ_CHECK(strncmp(e.crack_hash, "$electrum$", 10) == 0);
    if (e.storage_encrypted) FUZZ_CHECK(e.n_addrs == 0);
    dft_electrum_clear(&e);
    FUZZ_CHECK(e.addrs == NULL && e.details == NULL);
    return 0;
}
