/*
 * crypto_scan.h - what the two halves of the crypto_scan plugin share: the scanner (crypto_scan.c)
 * and the per-case rollup (rollup.c). Not a public API: the plugin's only export is its descriptor.
 */
#ifndef DFT_CRYPTO_SCAN_H
#define DFT_CRYPTO_SCAN_H

#include "plugin.h"
#include "scan_engine.h"

/* The case pass: one crypto.rollup finding per distinct (kind, chain, canonical) of this plugin's
 * findings of the run, with counts, evidence and file ids, first and last time seen. */
int dft_crypto_scan_rollup(dft_pass *p, void *state);

/* The details JSON of one hit (docs/crypto-scan.md); caller frees; NULL when out of memory. */
char *dft_crypto_scan_details(const dft_cscan_hit *h);

#endif
