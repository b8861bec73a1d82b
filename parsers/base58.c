/*
 * base58.c - Base58 / Base58Check decoding (base58.h).
 */
#include "base58.h"

#include <openssl/evp.h>
#include <string.h>

#include "error.h"

const char dft_base58_bitcoin[59] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const char dft_base58_xrp[59] = "rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz";

#define B58_MAX_CHARS 128  /* addresses and extended keys are at most 111 characters */

int dft_base58_decode(const char *s, size_t len, const char *alphabet, uint8_t *out, size_t cap, size_t *out_len)
{
    if (len > B58_MAX_CHARS) return dft_error_set(DFT_ELIMIT, "base58 string of %zu characters", len);
    int8_t map[256];
    memset(map, -1, sizeof map);
    for (int i = 0; i < 58; i++) map[(unsigned char)alphabet[i]] = (int8_t)i;
    size_t zeros = 0;
    while (zeros < len && s[zeros] == alphabet[0]) zeros++;
    /* big-endian base-256 number, built digit by digit: b256 = b256 * 58 + digit */
    uint8_t b256[B58_MAX_CHARS];   /* log(58)/log(256) < 0.74: 128 chars fit in 94 bytes */
    size_t n = 0;                  /* significant bytes, at the end of b256 */
    for (size_t i = zeros; i < len; i++) {
        int d = map[(unsigned char)s[i]];
        if (d < 0) return dft_error_set(DFT_ECORRUPT, "character '%c' is not base58", s[i]);
        unsigned carry = (unsigned)d;
        size_t k = 0;
        for (; (carry || k < n) && k < sizeof b256; k++) {
            uint8_t *p = &b256[sizeof b256 - 1 - k];
            carry += 58u * (k < n ? *p : 0u);
            *p = (uint8_t)(carry & 0xff);
            carry >>= 8;
        }
        n = k;
    }
    if (zeros + n > cap) return dft_error_set(DFT_ELIMIT, "base58 value longer than %zu bytes", cap);
    memset(out, 0, zeros);
    memcpy(out + zeros, b256 + sizeof b256 - n, n);
    *out_len = zeros + n;
    return DFT_OK;
}

int dft_base58check_decode(const char *s, size_t len, const char *alphabet, uint8_t *out, size_t cap,
                           size_t *out_len)
{
    uint8_t raw[B58_MAX_CHARS];
    size_t n;
    int rc = dft_base58_decode(s, len, alphabet, raw, sizeof raw, &n);
    if (rc) return rc;
    if (n < 5) return dft_error_set(DFT_ECORRUPT, "base58check value of %zu bytes", n);
    uint8_t h1[32], h2[32];
    unsigned int hl;
    if (EVP_Digest(raw, n - 4, h1, &hl, EVP_sha256(), NULL) != 1 || EVP_Digest(h1, 32, h2, &hl, EVP_sha256(), NULL) != 1)
        return dft_error_set(DFT_ERROR, "SHA-256 failed");
    if (memcmp(h2, raw + n - 4, 4) != 0) return dft_error_set(DFT_ECORRUPT, "base58check checksum does not hold");
    if (n - 4 > cap) return dft_error_set(DFT_ELIMIT, "base58check payload longer than %zu bytes", cap);
    memcpy(out, raw, n - 4);
    *out_len = n - 4;
    return DFT_OK;
}
