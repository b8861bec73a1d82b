/*
 * electrum.h - Electrum wallet files (research/crypto.md 2.2; electrum/wallet_db.py, json_db.py,
 * storage.py): metadata, addresses and labels, never secrets.
 *
 * Forms read:
 *  - JSON dict (2.x+). seed_version (4 = 1.x, 11 = 2.0-2.6, 13+ = 2.7+), wallet_type ("standard",
 *    "imported", "2of3"-style multisig, ...), use_encryption (keystore secrets encrypted), keystore
 *    {type: bip32/old/imported/hardware, xpub, xprv, seed, derivation, root_fingerprint}; multisig
 *    cosigners under "x1/", "x2/", ...; addresses {receiving:[], change:[]} (imported wallets: a dict
 *    of address -> info), addr_history, labels, transactions, verified_tx3 {txid: [height, timestamp,
 *    pos, header hash]}.
 *  - 4.5+ partial writes: the object is followed by ",\n" + JSON-Patch objects (json_db.py
 *    _append_pending_changes); the file reads as the JSON array "[" + file + "]". add / replace /
 *    remove on object members and array items are applied in order; others (move, copy, test) and
 *    patches whose path does not resolve are counted, not applied.
 *  - 1.x Python literal: single-quoted strings, True/False/None, u'' prefixes, tuples; converted to
 *    JSON text token by token (bounded: linear in the input) and read as above.
 *  - Storage-encrypted files: base64 of "BIE1" (password) or "BIE2" (hardware-wallet key) + 33-byte
 *    ephemeral public key + AES-CBC ciphertext + 32-byte HMAC-SHA256 (storage.py). Only the kind is
 *    known; the hashcat 21700 line "$electrum$4*<ephemeral pubkey hex>*<ciphertext hex>*<mac hex>"
 *    is given for BIE1 with a ciphertext of at most DFT_ELECTRUM_MAX_CRACK bytes.
 *
 * Invariants: DFT_ENOTFOUND when the bytes are none of these (so a caller can sniff); addresses are
 * unique, sorted bytewise; details is a JSON object owned by the result.
 */
#ifndef DFT_ELECTRUM_H
#define DFT_ELECTRUM_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DFT_ELECTRUM_MAX_CRACK 65536

typedef struct dft_electrum_addr {
    char *address;
    const char *role;    /* "receiving", "change", "imported", "history" (static) */
    char *label;         /* NULL when none */
} dft_electrum_addr;

typedef struct dft_electrum {
    const char *format;  /* "json", "python_literal", "bie1", "bie2" (static) */
    bool storage_encrypted;
    int use_encryption;  /* keystore secrets encrypted: 0/1, -1 unknown */
    int64_t seed_version;/* -1 unknown */
    char wallet_type[32];
    size_t n_patches, n_patches_applied;
    size_t n_tx;         /* "transactions" entries */
    size_t n_labels;
    int64_t first_tx_time, last_tx_time;   /* from verified_tx3, 0 when none */
    dft_electrum_addr *addrs;
    size_t n_addrs;
    char *crack_hash;    /* malloc'd or NULL */
    int hashcat_mode;
    json_t *details;     /* keystores [{slot, type, has_xprv, has_seed, xpub, derivation, ...}], counts */
} dft_electrum;

/* Parses an Electrum wallet file. DFT_OK and *out filled (dft_electrum_clear frees it);
 * DFT_ENOTFOUND when the bytes are not an Electrum wallet; DFT_ENOMEM. */
int dft_electrum_parse(const char *data, size_t len, dft_electrum *out);
void dft_electrum_clear(dft_electrum *e);

#endif
