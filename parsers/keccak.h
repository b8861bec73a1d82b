/*
 * keccak.h - Keccak-256 as Ethereum uses it (the original Keccak submission padding 0x01 ... 0x80),
 * which is NOT FIPS-202 SHA3-256 (padding 0x06). OpenSSL 3.0 (Debian 12) exposes no Keccak EVP, so
 * this one sponge is hand-written and tested against published digests (tests/cryptoval).
 *
 * Used for EIP-55 address checksums and TRON address derivation checks.
 */
#ifndef DFT_KECCAK_H
#define DFT_KECCAK_H

#include <stddef.h>
#include <stdint.h>

/* out = Keccak-256(data[0..len)). Pure, thread-safe, no allocation. */
void dft_keccak256(const void *data, size_t len, uint8_t out[32]);

#endif
