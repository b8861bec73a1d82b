/*
 * ethkeystore.h - Ethereum key files: Web3 Secret Storage v3 (geth, MyEtherWallet, Trust Wallet ...),
 * the older v1 (capital "Crypto", aes-128-cbc) and imToken identity files (version 10000). Metadata
 * only: no password, no key derivation.
 *
 * v3 (research/crypto.md 2.3; the Web3 Secret Storage definition):
 *   {version:3, id, address (40 hex, optional, with or without 0x), crypto:{cipher:"aes-128-ctr",
 *    cipherparams:{iv}, ciphertext, kdf:"scrypt"|"pbkdf2", kdfparams:{dklen, salt, n,r,p | c, prf},
 *    mac}}  with mac = keccak256(derived_key[16:32] || ciphertext) (documented in details, not checked:
 *    that needs the password).
 * v1: the same under "Crypto" with aes-128-cbc.  imToken identity: version 10000 with identifier,
 *   ipfsId, encMnemonic {encStr, nonce}, encAuthKey, walletIDs and a v3-style crypto block.
 * geth file names: UTC--<ISO8601 time with '-' for ':'>--<40 hex address>.
 *
 * Cracking lines (hashcat; john's ethereum2john writes the same):
 *   15700  $ethereum$s*<n>*<r>*<p>*<salt hex>*<ciphertext hex>*<mac hex>   (scrypt)
 *   15600  $ethereum$p*<c>*<salt hex>*<ciphertext hex>*<mac hex>           (pbkdf2, prf hmac-sha256)
 *   given only for dklen 32 and hex fields of the right shape.
 *
 * Invariants: the input is parsed as JSON (jansson, bounded by its length); anything that is not a
 * keystore is DFT_ENOTFOUND; hex fields are lower-cased copies; details are a JSON object owned by
 * the result.
 */
#ifndef DFT_ETHKEYSTORE_H
#define DFT_ETHKEYSTORE_H

#include <jansson.h>
#include <stddef.h>

typedef struct dft_ethkeystore {
    const char *kind;        /* "eth_keystore_v3", "eth_keystore_v1", "imtoken_identity" (static) */
    int version;
    char address[43];        /* "0x" + 40 lower-case hex from the file (or its name), "" when none */
    const char *address_source; /* "file", "name" or NULL */
    char kdf[16];            /* "scrypt", "pbkdf2", "" */
    char cipher[24];
    int mac_present;
    char *crack_hash;        /* hashcat line or NULL (malloc'd) */
    int hashcat_mode;        /* 15700, 15600, 0 */
    json_t *details;         /* id, kdfparams (salt etc.), cipher, iv, mac_present, mac_relation,
                                file_name_time, imToken fields */
} dft_ethkeystore;

/* Parses a key file. name (may be NULL) is the file name, used for the geth UTC--...--<address>
 * pattern. DFT_OK and *out filled (free with dft_ethkeystore_clear); DFT_ENOTFOUND when the bytes are
 * not a keystore; DFT_ENOMEM. */
int dft_ethkeystore_parse(const char *data, size_t len, const char *name, dft_ethkeystore *out);
void dft_ethkeystore_clear(dft_ethkeystore *k);

/* True when name looks like a geth key file name (UTC--<time>--<40 hex>). */
int dft_ethkeystore_name_match(const char *name);

#endif
