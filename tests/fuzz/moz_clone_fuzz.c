/*
 * moz_clone_fuzz.c - fuzz harness for the Firefox IndexedDB value reader (parsers/moz_clone.c): the
 * input is tried as a raw structured clone, as a Snappy-compressed IndexedDB value and as an
 * IndexedDB key. Checks: only the documented codes; a decoded value is JSON that dumps; no output on
 * failure; a key fits its buffer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "fuzz_check.h"
#include "parsers/moz_clone.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *j = NULL;
    int rc = dft_moz_clone_decode(&j, data, size);
    FUZZ_CHECK(rc == DFT_OK || rc == DFT_ECORRUPT || rc == DFT_EUNSUPPORTED);
    FUZZ_CHECK((rc == DFT_OK) == (j != NULL));
    if (j) {
        char *s = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
        FUZZ_CHECK(s != NULL);
        free(s);
        json_decref(j);
    }
    j = NULL;
    rc = dft_moz_idb_value(&j, data, size);
    FUZZ_CHECK(rc == DFT_OK || rc == DFT_ECORRUPT || rc == DFT_EUNSUPPORTED);
    FUZZ_CHECK((rc == DFT_OK) == (j != NULL));
    json_decref(j);
    char key[64];
    rc = dft_moz_idb_key(key, sizeof key, data, size);
    FUZZ_CHECK(rc == DFT_OK || rc == DFT_EUNSUPPORTED || rc == DFT_ELIMIT);
    if (rc == DFT_OK) FUZZ_CHECK(strlen(key) < sizeof key);
    return 0;
}
