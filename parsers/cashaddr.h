/*
 * cashaddr.h - Bitcoin Cash "CashAddr" addresses (the cashaddr spec of bitcoincashorg): a prefix
 * ("bitcoincash", "bchtest", ...), ':', then base32 (Bech32's charset) of a version byte and a hash,
 * followed by a 40-bit BCH checksum over the prefix and the payload.
 *
 * Invariants:
 *  1. Not mixed case; the checksum always covers the prefix, so an address written without it is
 *     checked against the prefix the caller names.
 *  2. The version byte's size bits must match the hash length (160..512 bits); its reserved bit is 0.
 */
#ifndef DFT_CASHADDR_H
#define DFT_CASHADDR_H

#include <stddef.h>
#include <stdint.h>

/* Decodes s (len chars, "prefix:payload" or just the payload, in which case default_prefix is used for
 * the checksum). On DFT_OK: *type (0 = P2PKH, 1 = P2SH, other values as in the spec), hash (20..64
 * bytes), prefix (lower case, NUL-terminated). DFT_ECORRUPT when it is not a valid CashAddr. */
int dft_cashaddr_decode(const char *s, size_t len, const char *default_prefix, char prefix[24], int *type,
                        uint8_t hash[64], size_t *hash_len);

#endif
