/*
 * base58.h - Base58 and Base58Check (Bitcoin Core's src/base58.cpp rules), with the Bitcoin alphabet or
 * XRP's: decoding only what a scanner needs to validate an address, a WIF key or an extended key.
 *
 * Invariants:
 *  1. A leading alphabet[0] character is a leading 0x00 byte; no whitespace is accepted inside.
 *  2. Base58Check = payload || first 4 bytes of SHA-256(SHA-256(payload)); a string whose checksum does
 *     not hold is DFT_ECORRUPT, never a result.
 */
#ifndef DFT_BASE58_H
#define DFT_BASE58_H

#include <stddef.h>
#include <stdint.h>

extern const char dft_base58_bitcoin[59];  /* 123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz */
extern const char dft_base58_xrp[59];      /* rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz */

/* Decodes len characters of s (alphabet: one of the above) into out (cap bytes); *out_len gets the
 * length. DFT_ECORRUPT for a character outside the alphabet, DFT_ELIMIT when cap is too small. */
int dft_base58_decode(const char *s, size_t len, const char *alphabet, uint8_t *out, size_t cap, size_t *out_len);

/* Base58Check: decodes and checks the 4-byte checksum; *out_len = payload length (version byte included). */
int dft_base58check_decode(const char *s, size_t len, const char *alphabet, uint8_t *out, size_t cap,
                           size_t *out_len);

#endif
