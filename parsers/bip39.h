/*
 * bip39.h - BIP39 mnemonic validation over the 10 official word lists (bitcoin/bips bip-0039/<language>.txt) and
 * Electrum "new style" seed recognition, for text found in evidence.
 *
 * Invariants:
 *  1. Words are compared after NFKD normalisation (the lists are NFKD; input may be NFC), so "économie"
 *     typed either way matches.
 *  2. A mnemonic is reported only when all of its words come from ONE list and its BIP39 checksum
 *     (first ENT/32 bits of SHA-256(entropy)) holds; Electrum seeds when HMAC-SHA512("Seed version",
 *     normalised phrase) starts with hex 01 / 100 / 101 / 102. A phrase valid as BIP39 is reported as BIP39.
 *  3. Scanning is bounded: O(len * 24) work, no allocation per word; the loaded lists are immutable and
 *     may be shared by any number of threads.
 */
#ifndef DFT_BIP39_H
#define DFT_BIP39_H

#include <stdbool.h>
#include <stddef.h>

typedef struct dft_bip39 dft_bip39;               /* the loaded word lists (immutable, shareable across threads) */

/* Loads <dir>/<lang>.txt for the 10 official languages (2048 lines each). Caller frees with
 * dft_bip39_free. DFT_EIO / DFT_ECORRUPT (wrong line count) / DFT_ENOMEM with a message. */
int dft_bip39_load(dft_bip39 **out, const char *dir);
void dft_bip39_free(dft_bip39 *b);                /* accepts NULL */

/* "bips@bip-0039 sha256:<64 hex: SHA-256 of the 10 files concatenated in load order>". Borrowed from b. */
const char *dft_bip39_version(const dft_bip39 *b);

typedef struct dft_mnemonic {
    size_t offset, length;   /* byte range in the scanned text */
    const char *language;    /* "english", "japanese", "chinese_simplified", ... ; "electrum" for Electrum seeds
                                (static string) */
    int words;               /* 12,15,18,21,24 (Electrum: 12, or 13 for seeds made before Electrum 2.7) */
    char type[16];           /* "bip39", or Electrum: "standard","segwit","2fa","2fa_segwit" */
    char phrase[512];        /* the normalised phrase (NFKD words joined by single ASCII spaces, also for
                                Japanese: U+3000 in the text becomes ' ' here, as BIP39's seed function does;
                                see docs/crypto-validation.md) */
    bool phrase_nfc;         /* added: true when the NFKD phrase would not fit 511 bytes (long Korean or
                                Japanese 24-word phrases, whose NFKD form is 2-3 times longer): phrase then holds
                                the NFC form, which always fits; NFKD(phrase) gives the BIP39 form back */
} dft_mnemonic;

/* Called per mnemonic found; a non-zero return stops the scan and is returned by dft_bip39_scan. */
typedef int (*dft_mnemonic_fn)(void *payload, const dft_mnemonic *m);

/* Finds every checksum-valid BIP39 mnemonic (12/15/18/21/24 consecutive words of ONE list, separated by
 * whitespace (incl. U+3000 ideographic space, newlines, tabs, and optionally "1." numbering / commas as
 * people write them in notes), BIP39 checksum valid) and Electrum seeds (version prefix rule) in UTF-8
 * text. Longest valid window wins; no overlapping duplicates. Bounded: O(len * 24).
 * Precisely: among overlapping valid windows, the choice covers the most words, then uses the fewest
 * (longest) windows, so a genuine 24-word phrase beats a coincidental 12-word window (1 in 16 random
 * windows pass) and two adjacent 12-word phrases beat a coincidental 15-word window across them.
 * Also separated by: , ; : " ' ( ) [ ] { } | ! ? U+00A0 U+3001 U+3002 U+300C U+300D U+FF0C U+FF1A U+FF1B.
 * Reports in text order. DFT_OK, or the callback's non-zero return (DFT_ENOMEM if the one ~5 KiB
 * allocation per call fails). */
int dft_bip39_scan(const dft_bip39 *b, const char *text, size_t len, dft_mnemonic_fn cb, void *payload);

/* Checks one phrase exactly (words separated by spaces). DFT_OK + *m filled, else DFT_ENOTFOUND. */
int dft_bip39_check(const dft_bip39 *b, const char *phrase, size_t len, dft_mnemonic *m);

#endif
