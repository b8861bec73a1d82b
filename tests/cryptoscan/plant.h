/*
 * plant.h - makes random but VALID crypto indicators (every kind the scanner reports) for the recall
 * test and the benchmark: Base58Check, Bech32/Bech32m, cashaddr and EIP-55 encoders and BIP39 mnemonic
 * generation from entropy. Test-only code: the validators under test (parsers/cryptoaddr.h, bip39.h)
 * decide independently whether what is made here is valid, so an encoder bug shows up as lost recall.
 */
#ifndef DFT_TEST_PLANT_H
#define DFT_TEST_PLANT_H

#include <stddef.h>
#include <stdint.h>

enum {
    PLANT_P2PKH, PLANT_P2SH, PLANT_BTC_TESTNET, PLANT_LTC, PLANT_DOGE, PLANT_TRX, PLANT_XRP,
    PLANT_P2WPKH, PLANT_P2TR, PLANT_LTC_BECH32, PLANT_CASHADDR, PLANT_ETH, PLANT_TRX_HEX,
    PLANT_WIF, PLANT_WIF_C, PLANT_XPUB, PLANT_XPRV, PLANT_SEED12, PLANT_SEED24, PLANT_COUNT
};

/* splitmix64: deterministic pseudo-random numbers */
uint64_t plant_rand(uint64_t *state);

/* Loads the English BIP39 list (2048 lines) for the seed kinds; 0 on success. */
int plant_load_words(const char *english_txt);

/* Writes one random valid indicator of `kind` (NUL-terminated) into out; returns its length, 0 when it
 * cannot (seeds without the word list). *finding_kind gets the finding kind the scanner should report. */
size_t plant_make(int kind, uint64_t *rng, char *out, size_t cap, const char **finding_kind);

const char *plant_name(int kind);

#endif
