/*
 * cashaddr.c - CashAddr decoding (cashaddr.h). The checksum is a BCH code over GF(2^5) with the
 * generator constants of the spec; a valid address makes the polymod of prefix(5 low bits of each
 * character) || 0 || payload equal 1 before the final xor, i.e. 0 after it.
 */
#include "cashaddr.h"

#include <string.h>

#include "error.h"

static const char charset[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

static uint64_t polymod(const uint8_t *v, size_t n)
{
    uint64_t c = 1;
    for (size_t i = 0; i < n; i++) {
        uint8_t c0 = (uint8_t)(c >> 35);
        c = ((c & 0x07ffffffffULL) << 5) ^ v[i];
        if (c0 & 0x01) c ^= 0x98f2bc8e61ULL;
        if (c0 & 0x02) c ^= 0x79b76d99e2ULL;
        if (c0 & 0x04) c ^= 0xf33e5fb3c4ULL;
        if (c0 & 0x08) c ^= 0xae2eabe2a8ULL;
        if (c0 & 0x10) c ^= 0x1e4f43e470ULL;
    }
    return c ^ 1;
}

int dft_cashaddr_decode(const char *s, size_t len, const char *default_prefix, char prefix[24], int *type,
                        uint8_t hash[64], size_t *hash_len)
{
    /* prefix (<= 23) + ':' + payload (at most 1 + 64 bytes = 104 groups + 8 checksum) */
    uint8_t v[24 + 1 + 112];
    size_t nv = 0, plen, start;
    const char *colon = memchr(s, ':', len);
    if (colon) {
        plen = (size_t)(colon - s);
        start = plen + 1;
        if (plen == 0 || plen > 23) return DFT_CORRUPT("cashaddr prefix of %zu characters", plen);
        for (size_t i = 0; i < plen; i++) prefix[i] = s[i];
    } else {
        plen = strlen(default_prefix);
        if (plen == 0 || plen > 23) return dft_error_set(DFT_ERROR, "bad default cashaddr prefix");
        memcpy(prefix, default_prefix, plen);
        start = 0;
    }
    prefix[plen] = '\0';
    size_t n = len - start;
    if (n < 8 + 34 || n > 112) return DFT_CORRUPT("cashaddr payload of %zu characters", n);
    int lower = 0, upper = 0;
    for (size_t i = 0; i < plen; i++) {
        char c = prefix[i];
        if (c >= 'A' && c <= 'Z') { upper |= colon != NULL; c = (char)(c + 32); prefix[i] = c; }
        else if (c >= 'a' && c <= 'z') lower |= colon != NULL;
        else if (!(c >= '0' && c <= '9')) return DFT_CORRUPT("cashaddr prefix character");
        v[nv++] = (uint8_t)(c & 0x1f);
    }
    v[nv++] = 0;
    size_t pay0 = nv;
    for (size_t i = start; i < len; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') { upper = 1; c = (char)(c + 32); }
        else if (c >= 'a' && c <= 'z') lower = 1;
        const char *p = (c && c != ':') ? strchr(charset, c) : NULL;
        if (!p) return DFT_CORRUPT("cashaddr character");
        v[nv++] = (uint8_t)(p - charset);
    }
    /* an address without prefix must not mix case either; a prefix in one case and payload in the other
     * is mixed case too */
    if (lower && upper) return DFT_CORRUPT("cashaddr in mixed case");
    if (polymod(v, nv) != 0) return DFT_CORRUPT("cashaddr checksum does not hold");
    /* 5-bit groups (without the 8 checksum groups) to bytes; the padding must be zero bits */
    uint8_t bytes[72];
    size_t nb = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = pay0; i < nv - 8; i++) {
        acc = (acc << 5) | v[i];
        bits += 5;
        if (bits >= 8) {
            bits -= 8;
            if (nb >= sizeof bytes) return DFT_CORRUPT("cashaddr payload too long");
            bytes[nb++] = (uint8_t)(acc >> bits);
        }
        acc &= (1u << bits) - 1;
    }
    if (bits >= 5 || acc != 0) return DFT_CORRUPT("cashaddr padding");
    if (nb < 1) return DFT_CORRUPT("cashaddr without version byte");
    static const size_t sizes[8] = {20, 24, 28, 32, 40, 48, 56, 64};
    uint8_t ver = bytes[0];
    if (ver & 0x80) return DFT_CORRUPT("cashaddr reserved version bit set");
    if (nb - 1 != sizes[ver & 7]) return DFT_CORRUPT("cashaddr hash length does not match its version");
    *type = (ver >> 3) & 0x0f;
    memcpy(hash, bytes + 1, nb - 1);
    *hash_len = nb - 1;
    return DFT_OK;
}
