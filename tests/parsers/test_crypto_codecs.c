/*
 * test_crypto_codecs.c - Base58Check (parsers/base58.c) and Bech32/Bech32m (parsers/bech32.c) against
 * published values: Bitcoin's genesis address, the USDT-TRC20 contract, BIP173 and BIP350 vectors.
 */
#include <stdio.h>
#include <string.h>

#include "base58.h"
#include "bech32.h"
#include "error.h"

static int failures;
#define CHECK(c)                                                                                         \
    do {                                                                                                 \
        if (!(c)) {                                                                                      \
            fprintf(stderr, "%s:%d: CHECK failed: %s (last error: %s)\n", __FILE__, __LINE__, #c,       \
                    dft_error_last());                                                                   \
            failures++;                                                                                  \
        }                                                                                                \
    } while (0)

static void hex(const uint8_t *b, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++) sprintf(out + 2 * i, "%02x", b[i]);
    out[2 * n] = '\0';
}

static void b58check(const char *s, const char *alphabet, const char *want_hex)
{
    uint8_t out[128];
    size_t n = 0;
    char h[300];
    int rc = dft_base58check_decode(s, strlen(s), alphabet, out, sizeof out, &n);
    if (!want_hex) {
        CHECK(rc == DFT_ECORRUPT);
        return;
    }
    CHECK(rc == DFT_OK);
    if (rc) return;
    hex(out, n, h);
    if (strcmp(h, want_hex) != 0) fprintf(stderr, "%s -> %s, want %s\n", s, h, want_hex);
    CHECK(strcmp(h, want_hex) == 0);
}

static void segwit(const char *s, const char *hrp, int want_version, const char *want_program)
{
    int v = -1;
    uint8_t prog[40];
    size_t n = 0;
    char h[100];
    int rc = dft_segwit_decode(s, strlen(s), hrp, &v, prog, &n);
    if (!want_program) {
        if (rc == DFT_OK) fprintf(stderr, "%s accepted, must be refused\n", s);
        CHECK(rc == DFT_ECORRUPT);
        return;
    }
    CHECK(rc == DFT_OK);
    if (rc) return;
    hex(prog, n, h);
    CHECK(v == want_version);
    if (strcmp(h, want_program) != 0) fprintf(stderr, "%s -> %s, want %s\n", s, h, want_program);
    CHECK(strcmp(h, want_program) == 0);
}

int main(void)
{
    /* Base58Check: version byte + hash160 (Bitcoin genesis coinbase), TRON's 0x41 + 20 bytes */
    b58check("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", dft_base58_bitcoin, "0062e907b15cbf27d5425399ebf6f0fb50ebb88f18");
    b58check("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", dft_base58_bitcoin, "41a614f803b6fd780986a42c78ec9c7f77e6ded13c");
    /* one character changed: the checksum must catch it; a character outside the alphabet */
    b58check("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", dft_base58_bitcoin, NULL);
    b58check("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u", dft_base58_bitcoin, NULL);
    b58check("1A1zP1eP5QGefi2DMPTfTL5SLmv7Divf0a", dft_base58_bitcoin, NULL);
    /* XRP's alphabet: the genesis account decodes to version 0x00 + 20 bytes, and fails as Bitcoin base58 */
    {
        uint8_t out[64];
        size_t n = 0;
        CHECK(dft_base58check_decode("rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh", 34, dft_base58_xrp, out, sizeof out, &n) ==
              DFT_OK);
        CHECK(n == 21 && out[0] == 0x00);
        CHECK(dft_base58check_decode("rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh", 34, dft_base58_bitcoin, out, sizeof out,
                                     &n) != DFT_OK);
    }
    /* BIP173 valid segwit v0 addresses (upper case accepted), BIP350 v1 (taproot) */
    segwit("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "bc", 0, "751e76e8199196d454941c45d1b3a323f1433bd6");
    segwit("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", "tb", 0,
           "1863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262");
    segwit("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", "bc", 1,
           "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
    /* refused: BIP173's v1 example checksummed with Bech32 (invalid under BIP350), mixed case, a changed
     * character, another network's prefix */
    segwit("bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx", "bc", 1, NULL);
    segwit("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3T4", "bc", 0, NULL);
    segwit("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", "bc", 0, NULL);
    segwit("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", "bc", 0, NULL);
    printf(failures ? "FAILED\n" : "ok test_crypto_codecs\n");
    return failures ? 1 : 0;
}
