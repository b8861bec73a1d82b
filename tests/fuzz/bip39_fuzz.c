/*
 * bip39_fuzz.c - fuzz harness for dft_bip39_scan / dft_bip39_check (parsers/bip39.c). The word lists
 * are the ones the crypto_scan plugin ships, found relative to this source file, loaded once.
 * Checks: the scan returns DFT_OK; hits lie inside the input, in text order, without overlap, with a
 * BIP39 word count (or 12/13 for Electrum) and a NUL-terminated phrase; a second scan gives the same
 * hits (deterministic); and each hit's own byte range passes dft_bip39_check with the same phrase.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bip39.h"
#include "error.h"
#include "fuzz_check.h"

#define MAXH 64

typedef struct hits {
    int n;
    dft_mnemonic m[MAXH];
} hits;

static int collect(void *payload, const dft_mnemonic *m)
{
    hits *h = payload;
    if (h->n < MAXH) h->m[h->n] = *m;
    h->n++;
    return 0;
}

static const dft_bip39 *lists(void)
{
    static dft_bip39 *b;
    if (!b) {
        /* __FILE__ is .../tests/fuzz/bip39_fuzz.c; the lists are .../plugins/crypto_scan/data/bip39 */
        char dir[4096];
        const char *f = __FILE__;
        const char *cut = strstr(f, "tests/fuzz/bip39_fuzz.c");
        size_t n = cut ? (size_t)(cut - f) : 0;
        if (n + 64 > sizeof dir) abort();
        memcpy(dir, f, n);
        strcpy(dir + n, n ? "plugins/crypto_scan/data/bip39" : "../../plugins/crypto_scan/data/bip39");
        FUZZ_CHECK(dft_bip39_load(&b, dir) == DFT_OK);
    }
    return b;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const dft_bip39 *b = lists();
    const char *t = (const char *)data;
    static hits h1, h2;
    memset(&h1, 0, sizeof h1);
    memset(&h2, 0, sizeof h2);
    FUZZ_CHECK(dft_bip39_scan(b, t, size, collect, &h1) == DFT_OK);
    FUZZ_CHECK(dft_bip39_scan(b, t, size, collect, &h2) == DFT_OK);
    FUZZ_CHECK(h1.n == h2.n);
    size_t prev_end = 0;
    for (int i = 0; i < h1.n && i < MAXH; i++) {
        const dft_mnemonic *m = &h1.m[i];
        FUZZ_CHECK(m->offset == h2.m[i].offset && m->length == h2.m[i].length);
        FUZZ_CHECK(m->offset >= prev_end && m->length > 0 && m->offset + m->length <= size);
        prev_end = m->offset + m->length;
        FUZZ_CHECK(m->language && memchr(m->phrase, 0, sizeof m->phrase) && memchr(m->type, 0, sizeof m->type));
        if (strcmp(m->language, "electrum") == 0) FUZZ_CHECK(m->words == 12 || m->words == 13);
        else FUZZ_CHECK(m->words >= 12 && m->words <= 24 && m->words % 3 == 0 && strcmp(m->type, "bip39") == 0);
        dft_mnemonic c;
        FUZZ_CHECK(dft_bip39_check(b, t + m->offset, m->length, &c) == DFT_OK);
        FUZZ_CHECK(c.words == m->words && strcmp(c.phrase, m->phrase) == 0 && strcmp(c.language, m->language) == 0);
    }
    dft_mnemonic c;
    int rc = dft_bip39_check(b, t, size, &c);
    FUZZ_CHECK(rc == DFT_OK || rc == DFT_ENOTFOUND);
    return 0;
}
