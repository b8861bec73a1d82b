/*
 * cryptoaddr.h - classifies ONE candidate token as a cryptocurrency address, private key (WIF) or
 * BIP32/SLIP-132 extended key, validating its checksum: the validation layer behind the crypto scanner
 * and the wallet parsers. Rules and sources: /work/shared/research/crypto.md §2.6, docs/crypto-validation.md.
 *
 * Invariants:
 *  1. A hit is only reported when its checksum holds (Base58Check, Bech32/Bech32m per BIP350, cashaddr
 *     polymod, EIP-55). The single exception is an Ethereum address in all-lower or all-upper case,
 *     which carries no checksum: reported with confidence 0.5.
 *  2. Pure functions: no allocation, no global state, thread-safe; cheap early rejection on length and
 *     character set, because the scanner calls dft_crypto_classify on every candidate.
 *  3. All strings in dft_crypto_hit are NUL-terminated and fit their arrays.
 */
#ifndef DFT_CRYPTOADDR_H
#define DFT_CRYPTOADDR_H

#include <stdbool.h>
#include <stddef.h>

typedef struct dft_crypto_hit {
    char chain[8];      /* "btc","ltc","doge","bch","trx","eth","xrp" (lower case, ARCHITECTURE subkinds) */
    char kind[16];      /* "address", "private_key", "xkey" (finding kinds crypto.address/.private_key/.xkey) */
    char variant[16];   /* "p2pkh","p2sh","p2wpkh","p2wsh","p2tr","witness"(other v1+), "cashaddr","base58",
                           "hex41","eip55","lower","upper","wif","wif_c"(compressed),"hex",
                           "xpub","xprv","ypub","zprv",... (SLIP-132 name) */
    bool testnet;
    bool secret;        /* private key material: WIF, xprv/yprv/zprv/tprv..., raw hex key */
    double confidence;  /* 0.99 checksum-valid; EIP-55 mixed-case valid 0.99; eth all-lower/all-upper 0.5 */
    char token[24];     /* "USDT-TRC20", "USDT-ERC20", "USDC-ERC20", "USDC-TRC20"... when a known contract */
    char canonical[112];/* the normalised form to dedupe on (bech32/cashaddr lower case with prefix;
                           eth lower-case 0x..; TRON hex41 -> its T.. base58 form) */
} dft_crypto_hit;

/* Classify ONE candidate token (exactly the bytes of the candidate, no surrounding text). DFT_OK and *hit
 * filled when it is a checksum-valid address/key/xkey (or an unchecksummed eth form, with lower
 * confidence); DFT_ENOTFOUND otherwise (wrong checksum, wrong length, mixed-case eth that fails EIP-55,
 * BIP173 v1+ bech32 that BIP350 invalidates, ...). Pure function, thread-safe, no allocation.
 * DFT_ENOTFOUND is the common case and carries no meaningful message (a lower decoder may have left one
 * in dft_error_last(); ignore it). *hit is zeroed on DFT_ENOTFOUND. */
int dft_crypto_classify(const char *s, size_t len, dft_crypto_hit *hit);

/* Same for a 64-hex raw private key (optional 0x prefix), only meaningful in wallet context (the caller
 * decides): chain "", kind "private_key", variant "hex", secret, confidence 0.5 (no checksum).
 * DFT_ENOTFOUND when not 64 hex digits or the value is 0 or >= the secp256k1 group order. */
int dft_crypto_classify_hexkey(const char *s, size_t len, dft_crypto_hit *hit);

/* A Solana address (an ed25519 public key: 32 bytes in Base58, 32-44 characters), only meaningful in
 * wallet context (the caller decides: a wallet's account field): it has no checksum, and any 32-44
 * character Base58 run decoding to 32 bytes passes, so generic content is never searched for it.
 * chain "sol", kind "address", variant "base58", confidence 0.5, canonical as written. The System
 * Program id (32 '1's, the all-zero key) is refused. DFT_ENOTFOUND otherwise. */
int dft_crypto_classify_solana(const char *s, size_t len, dft_crypto_hit *hit);

/* EIP-55 checksummed form of 40 hex digits (any case, no 0x): out = "0x" + 40 mixed-case + NUL. */
void dft_crypto_eip55(const char hex40[40], char out[43]);

/* The known token contracts as text, one "chain canonical-address name" line each (what the token field
 * of a hit is named from), written to out (cap bytes, NUL-terminated when it fits); returns the length
 * it needs. Recorded with each run (runs.plugins data "tokens") so a case says which list named them. */
#define DFT_CRYPTO_TOKENS_VERSION "1 (2026-12-02: USDT and USDC on Ethereum and TRON)"
size_t dft_crypto_token_list(char *out, size_t cap);

#endif
