/*
 * bech32.c - Bech32/Bech32m and segwit addresses (bech32.h), from BIP173 and BIP350.
 */
#include "bech32.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "error.h"

static const char charset[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
#define BECH32M_CONST 0x2bc830a3u

static uint32_t polymod_step(uint32_t pre)
{
    uint8_t b = (uint8_t)(pre >> 25);
    return ((pre & 0x1ffffffu) << 5) ^ (-((b >> 0) & 1u) & 0x3b6a57b2u) ^ (-((b >> 1) & 1u) & 0x26508e6du) ^
           (-((b >> 2) & 1u) & 0x1ea119fau) ^ (-((b >> 3) & 1u) & 0x3d4233ddu) ^ (-((b >> 4) & 1u) & 0x2a1462b3u);
}

int dft_bech32_decode(const char *s, size_t len, char hrp[84], uint8_t *data, size_t *data_len,
                      dft_bech32_encoding *enc)
{
    if (len < 8 || len > 90) return dft_error_set(DFT_ECORRUPT, "bech32: %zu characters", len);
    bool lower = false, upper = false;
    size_t sep = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 33 || c > 126) return dft_error_set(DFT_ECORRUPT, "bech32: character 0x%02x", c);
        if (islower(c)) lower = true;
        if (isupper(c)) upper = true;
        if (c == '1') sep = i;
    }
    if (lower && upper) return dft_error_set(DFT_ECORRUPT, "bech32: mixed case");
    if (sep < 1 || sep + 7 > len || sep > 83) return dft_error_set(DFT_ECORRUPT, "bech32: no separator");
    uint32_t chk = 1;
    for (size_t i = 0; i < sep; i++) chk = polymod_step(chk) ^ ((unsigned)tolower((unsigned char)s[i]) >> 5);
    chk = polymod_step(chk);
    for (size_t i = 0; i < sep; i++) {
        hrp[i] = (char)tolower((unsigned char)s[i]);
        chk = polymod_step(chk) ^ ((unsigned)hrp[i] & 0x1f);
    }
    hrp[sep] = '\0';
    size_t n = 0;
    for (size_t i = sep + 1; i < len; i++) {
        const char *p = strchr(charset, tolower((unsigned char)s[i]));
        if (!p || !*p) return dft_error_set(DFT_ECORRUPT, "bech32: character '%c'", s[i]);
        uint8_t v = (uint8_t)(p - charset);
        chk = polymod_step(chk) ^ v;
        if (i + 6 < len) data[n++] = v;
    }
    if (chk == 1u) *enc = DFT_BECH32;
    else if (chk == BECH32M_CONST) *enc = DFT_BECH32M;
    else return dft_error_set(DFT_ECORRUPT, "bech32: checksum does not hold");
    *data_len = n;
    return DFT_OK;
}

/* Regroups 5-bit values into bytes; no padding bits may be set (BIP173). */
static int from5(const uint8_t *in, size_t n, uint8_t *out, size_t cap, size_t *out_len)
{
    uint32_t acc = 0;
    int bits = 0;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        acc = (acc << 5) | in[i];
        bits += 5;
        while (bits >= 8) {
            bits -= 8;
            if (o >= cap) return DFT_ECORRUPT;
            out[o++] = (uint8_t)((acc >> bits) & 0xff);
        }
    }
    if (bits >= 5 || ((acc << (8 - bits)) & 0xff)) return DFT_ECORRUPT;
    *out_len = o;
    return DFT_OK;
}

int dft_segwit_decode(const char *s, size_t len, const char *hrp, int *version, uint8_t program[40],
                      size_t *program_len)
{
    char got[84];
    uint8_t data[90];
    size_t n;
    dft_bech32_encoding enc;
    int rc = dft_bech32_decode(s, len, got, data, &n, &enc);
    if (rc) return rc;
    if (strcmp(got, hrp) != 0) return dft_error_set(DFT_ECORRUPT, "segwit: prefix %s, not %s", got, hrp);
    if (n < 1 || data[0] > 16) return dft_error_set(DFT_ECORRUPT, "segwit: no witness version");
    if (from5(data + 1, n - 1, program, 40, program_len) != DFT_OK)
        return dft_error_set(DFT_ECORRUPT, "segwit: bad program padding or length");
    int v = data[0];
    if (*program_len < 2 || *program_len > 40) return dft_error_set(DFT_ECORRUPT, "segwit: program length");
    if (v == 0 && *program_len != 20 && *program_len != 32)
        return dft_error_set(DFT_ECORRUPT, "segwit v0: program of %zu bytes", *program_len);
    if ((v == 0) != (enc == DFT_BECH32))
        return dft_error_set(DFT_ECORRUPT, "segwit v%d: wrong checksum kind (BIP350)", v);
    *version = v;
    return DFT_OK;
}
