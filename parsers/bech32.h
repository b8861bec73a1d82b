/*
 * bech32.h - Bech32 (BIP173) and Bech32m (BIP350) strings and segwit addresses.
 *
 * Invariants:
 *  1. At most 90 characters, printable ASCII 33..126, not mixed case, the separator is the last '1',
 *     a 6-character checksum over the human-readable part and the data.
 *  2. A segwit program: witness version 0 needs Bech32 and 20 or 32 bytes; versions 1..16 need Bech32m
 *     and 2..40 bytes (BIP350: BIP173's v1+ example addresses are therefore invalid).
 */
#ifndef DFT_BECH32_H
#define DFT_BECH32_H

#include <stddef.h>
#include <stdint.h>

typedef enum dft_bech32_encoding { DFT_BECH32 = 1, DFT_BECH32M = 2 } dft_bech32_encoding;

/* Decodes a Bech32/Bech32m string: hrp (lower case, NUL-terminated, cap 84) and its 5-bit data (without
 * the checksum). DFT_ECORRUPT when it is not one. */
int dft_bech32_decode(const char *s, size_t len, char hrp[84], uint8_t *data, size_t *data_len,
                      dft_bech32_encoding *enc);

/* A segwit address for hrp ("bc", "tb", "ltc"): *version and the witness program (2..40 bytes). */
int dft_segwit_decode(const char *s, size_t len, const char *hrp, int *version, uint8_t program[40],
                      size_t *program_len);

#endif
