/*
 * wf.h - internals of the wallet_files plugin shared by its files: the emit helper that writes one
 * wallet (a `wallets` row, a crypto.wallet finding, a crypto.address finding per validated address
 * and wallet -> address links) and the per-format readers.
 *
 * Invariants:
 *  1. An address becomes a crypto.address finding only when dft_crypto_classify validates it
 *     (subkind = its chain, value = its canonical form); the others are counted in the wallet's
 *     details ("addresses_unvalidated"), never emitted as addresses.
 *  2. Addresses are emitted in the order given (each reader gives them sorted), so rows are
 *     deterministic.
 *  3. Secrets never leave the parsers: details carry counts, flags and public data; a cracking line
 *     goes to details "crack_hash", listed in details "sensitive".
 */
#ifndef DFT_WF_H
#define DFT_WF_H

#include <jansson.h>
#include <stdbool.h>

#include "plugin.h"

typedef struct wf_addr {
    const char *address;
    const char *label;    /* or NULL */
    const char *role;     /* "receive"/"send" purpose or Electrum role, or NULL */
} wf_addr;

typedef struct wf_wallet {
    const char *kind;     /* bitcoin_core_bdb, bitcoin_core_descriptor, electrum, eth_keystore_v3, ... */
    const char *chain;    /* "btc", "ltc", "doge", "eth" ...; NULL = inferred from the addresses */
    const char *default_chain; /* used when no address tells the chain */
    int encrypted;        /* 0/1, -1 unknown */
    bool keys_in_clear;   /* unencrypted private keys present: severity high */
    const char *source;
    json_t *details;      /* borrowed; the helper adds severity, chain, address counts */
    const wf_addr *addrs;
    size_t n_addrs;
    bool addr_from_keystore; /* an address a keystore states (no checksum needed) */
} wf_wallet;

/* Emits one wallet (see the header comment). */
int wf_emit_wallet(dft_scan *s, const dft_file *f, wf_wallet *w);

/* Per-format readers: DFT_OK after emitting, DFT_ENOTFOUND when the content is not theirs. */
int wf_bitcoin_core(dft_scan *s, const dft_file *f, const dft_content *c, const uint8_t *bytes, size_t len);
int wf_electrum(dft_scan *s, const dft_file *f, const uint8_t *bytes, size_t len);
int wf_ethkeystore(dft_scan *s, const dft_file *f, const uint8_t *bytes, size_t len);

/* The chain a Bitcoin Core fork's data directory implies ("ltc", "doge"), or NULL. */
const char *wf_path_chain(const char *device_path);

#endif
