/*
 * ios_keychain_fuzz.c - fuzz harness for the keychain dump reader (parsers/ios_keychain.c, libplist).
 * The input is a keychain plist (XML or binary): the clear genp layout or UFED's encrypted export (seed
 * ufed_export opens: AES-GCM, NSKeyedArchiver and DER paths run; most mutants fail the GCM tag).
 * Checks: DFT_OK or DFT_ECORRUPT only; items get non-NULL NUL-terminated text fields no longer than
 * DFT_KEYCHAIN_TEXT_MAX and data with its length; only the encrypted layout counts undecrypted entries; an
 * item accepted as Signal's key spec has exactly 48 bytes; a second walk gives the same items.
 */
#include <stdint.h>
#include <string.h>

#include "error.h"
#include "fuzz_check.h"
#include "parsers/ios_keychain.h"

typedef struct tally {
    size_t n, specs;
    uint64_t sum;
} tally;

static int item_cb(void *payload, const dft_keychain_item *it)
{
    tally *t = payload;
    FUZZ_CHECK(it->agrp && it->acct && it->svce);
    FUZZ_CHECK(strlen(it->agrp) <= DFT_KEYCHAIN_TEXT_MAX && strlen(it->acct) <= DFT_KEYCHAIN_TEXT_MAX &&
               strlen(it->svce) <= DFT_KEYCHAIN_TEXT_MAX);
    FUZZ_CHECK(it->data || it->data_len == 0);
    uint64_t s = it->data_len;
    for (size_t i = 0; i < it->data_len && i < 64; i++) s = s * 31 + it->data[i];
    t->sum += s;
    if (dft_ios_keychain_is_signal_spec(it)) {
        FUZZ_CHECK(it->data_len == 48);
        t->specs++;
    }
    t->n++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tally a = { 0 }, b = { 0 };
    dft_keychain_stats st, st2;
    int rc = dft_ios_keychain_genp(data, size, item_cb, &a, &st);
    FUZZ_CHECK(rc == DFT_OK || rc == DFT_ECORRUPT);
    FUZZ_CHECK(a.n == st.items);
    if (!st.encrypted_layout) FUZZ_CHECK(st.undecrypted == 0);
    int rc2 = dft_ios_keychain_genp(data, size, item_cb, &b, &st2);
    FUZZ_CHECK(rc2 == rc && b.n == a.n && b.sum == a.sum && b.specs == a.specs && st2.skipped == st.skipped &&
               st2.undecrypted == st.undecrypted);
    return 0;
}
