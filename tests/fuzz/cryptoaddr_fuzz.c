/*
 * cryptoaddr_fuzz.c - fuzz harness for dft_crypto_classify / dft_crypto_classify_hexkey
 * (parsers/cryptoaddr.c, with base58.c, bech32.c, cashaddr.c and keccak.c behind it). The input is
 * classified whole and token by token (split at white space), as the scanner hands candidates over.
 * Checks: only DFT_OK / DFT_ENOTFOUND; a hit's strings are NUL-terminated and non-empty, its
 * confidence is 0.5 or 0.99, secret keys are private keys or extended keys; and the canonical form is
 * a fixed point: classifying it again gives the same chain, kind and canonical form.
 */
#include <stdint.h>
#include <string.h>

#include "cryptoaddr.h"
#include "error.h"
#include "fuzz_check.h"

static void check_hit(const dft_crypto_hit *h)
{
    FUZZ_CHECK(memchr(h->chain, 0, sizeof h->chain) && memchr(h->kind, 0, sizeof h->kind));
    FUZZ_CHECK(memchr(h->variant, 0, sizeof h->variant) && memchr(h->token, 0, sizeof h->token));
    FUZZ_CHECK(memchr(h->canonical, 0, sizeof h->canonical) && h->canonical[0]);
    FUZZ_CHECK(h->kind[0] && h->variant[0]);
    FUZZ_CHECK(h->confidence == 0.5 || h->confidence == 0.99);
    if (h->secret) FUZZ_CHECK(strcmp(h->kind, "private_key") == 0 || strcmp(h->kind, "xkey") == 0);
}

static void one(const char *s, size_t n)
{
    dft_crypto_hit h, again;
    int rc = dft_crypto_classify(s, n, &h);
    FUZZ_CHECK(rc == DFT_OK || rc == DFT_ENOTFOUND);
    if (rc == DFT_OK) {
        check_hit(&h);
        FUZZ_CHECK(strcmp(h.chain, "") != 0);
        FUZZ_CHECK(dft_crypto_classify(h.canonical, strlen(h.canonical), &again) == DFT_OK);
        FUZZ_CHECK(strcmp(again.chain, h.chain) == 0 && strcmp(again.kind, h.kind) == 0);
        FUZZ_CHECK(strcmp(again.canonical, h.canonical) == 0 && strcmp(again.token, h.token) == 0);
    }
    rc = dft_crypto_classify_hexkey(s, n, &h);
    FUZZ_CHECK(rc == DFT_OK || rc == DFT_ENOTFOUND);
    if (rc == DFT_OK) {
        check_hit(&h);
        FUZZ_CHECK(h.secret && strlen(h.canonical) == 64);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    one(s, size);
    for (size_t i = 0; i < size;) {
        while (i < size && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t')) i++;
        size_t a = i;
        while (i < size && !(s[i] == ' ' || s[i] == '\n' || s[i] == '\t')) i++;
        if (i > a) one(s + a, i - a);
    }
    return 0;
}
