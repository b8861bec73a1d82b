/*
 * scan_engine.h - the streaming crypto indicator scanner behind the crypto_scan plugin: finds
 * checksum-valid cryptocurrency addresses, WIF private keys, BIP32/SLIP-132 extended keys (ASCII/UTF-8
 * and UTF-16LE text) and BIP39/Electrum mnemonics (UTF-8) in a byte stream fed block by block. No
 * case-store knowledge: it reports hits through a callback, so it is unit-tested, fuzzed and benchmarked
 * alone (tests/cryptoscan/, tests/fuzz/crypto_scan_fuzz.c, bench/crypto_scan_bench.c).
 *
 * How (docs/crypto-scan.md has the design with numbers):
 *  - One vectorscan (hs.h) database in streaming mode holds cheap prefilter patterns, one per candidate
 *    family: a maximal alphanumeric token of the right alphabet, first character and length, with a
 *    non-alphanumeric character on both sides (so a match END fixes the token: it is the alphanumeric
 *    run before the closing boundary). UTF-16LE has the same patterns over "X\0" pairs. Mnemonic
 *    patterns fire on runs of >= 12 word-like tokens (latin, or 3-byte UTF-8 characters for CJK/kana/
 *    hangul) and open a bounded "zone" that is handed to dft_bip39_scan() once its bytes are all seen.
 *  - The stream is framed by two virtual "\n\n" bytes before the first and after the last byte, so the
 *    boundary patterns work at the content's start and end; offsets reported are content offsets.
 *  - A ring of the last DFT_CSCAN_RING bytes lets a token (or context, or a zone) that started in an
 *    earlier block be re-extracted; so candidates crossing block boundaries are found for any block
 *    size, 1 byte included.
 *  - Each candidate is validated with dft_crypto_classify() (parsers/cryptoaddr.h): only checksum-valid
 *    hits (and unchecksummed all-lower/all-upper eth, with lower confidence) are reported.
 *
 * Invariants:
 *  1. Hits are reported in a deterministic order (the order vectorscan reports the matches, which does
 *     not depend on how the stream is cut into blocks), each exactly once.
 *  2. Memory per stream is bounded (ring + pending hits, the latter bounded by what fits in the ring);
 *     work per byte is bounded (classification only on matches, mnemonic zones <= DFT_CSCAN_ZONE_MAX).
 *  3. The database and the bip39 lists are immutable after dft_cscan_db_new(): shared by all threads.
 *     A scratch belongs to one thread; a stream to one content.
 */
#ifndef DFT_CSCAN_ENGINE_H
#define DFT_CSCAN_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parsers/bip39.h"
#include "parsers/cryptoaddr.h"

#define DFT_CSCAN_CONTEXT 40      /* characters of context kept either side of a hit */
#define DFT_CSCAN_ZONE_MAX 4096   /* bytes handed to dft_bip39_scan() at once */
#define DFT_CSCAN_RING 16384      /* bytes of history kept per stream (power of two) */

typedef struct dft_cscan_db dft_cscan_db;           /* compiled patterns (+ borrowed bip39 lists) */
typedef struct dft_cscan_scratch dft_cscan_scratch; /* vectorscan scratch: one per thread */
typedef struct dft_cscan_stream dft_cscan_stream;   /* one content being scanned */

/* One hit. Strings are borrowed for the callback. */
typedef struct dft_cscan_hit {
    const char *kind;          /* "crypto.address", "crypto.private_key", "crypto.xkey", "crypto.seed" */
    uint64_t offset, length;   /* byte range in the content (UTF-16LE: bytes, i.e. 2 per character) */
    bool utf16;                /* found as UTF-16LE text */
    const char *value;         /* the token as written (decoded to ASCII for UTF-16LE); a seed's phrase */
    const dft_crypto_hit *addr;/* address / key / xkey: the classification, else NULL */
    const dft_mnemonic *seed;  /* mnemonic, else NULL */
    const char *ctx_before;    /* up to DFT_CSCAN_CONTEXT characters before the hit, raw bytes */
    size_t ctx_before_len;
    const char *ctx_after;     /* up to DFT_CSCAN_CONTEXT characters after it */
    size_t ctx_after_len;
} dft_cscan_hit;

/* Called per hit; a non-zero return is remembered and returned by the next feed/close (the scan goes on
 * with the stream's bytes, but no more hits are reported). */
typedef int (*dft_cscan_fn)(void *payload, const dft_cscan_hit *h);

/* Compiles the patterns. bip39 may be NULL (no mnemonic search); when given it is borrowed and must
 * outlive the database. Caller frees with dft_cscan_db_free. DFT_ERROR with the vectorscan message. */
int dft_cscan_db_new(dft_cscan_db **out, const dft_bip39 *bip39);
void dft_cscan_db_free(dft_cscan_db *db);   /* accepts NULL */

int dft_cscan_scratch_new(dft_cscan_scratch **out, const dft_cscan_db *db);
void dft_cscan_scratch_free(dft_cscan_scratch *sc);   /* accepts NULL */

/* Opens a stream over one content; hits go to cb(payload, hit). Caller closes it with
 * dft_cscan_stream_close (which also frees it) or drops it with dft_cscan_stream_abort. */
int dft_cscan_stream_open(dft_cscan_stream **out, const dft_cscan_db *db, dft_cscan_fn cb, void *payload);
/* Feeds the next bytes (any length, 0 included). DFT_OK, DFT_ENOMEM, DFT_ERROR, or the callback's
 * non-zero return. */
int dft_cscan_stream_feed(dft_cscan_stream *st, dft_cscan_scratch *sc, const uint8_t *data, size_t len);
/* Ends the content: reports what waited for more bytes, frees the stream. Same returns as feed. */
int dft_cscan_stream_close(dft_cscan_stream *st, dft_cscan_scratch *sc);
/* Frees a stream without reporting anything more (accepts NULL). */
void dft_cscan_stream_abort(dft_cscan_stream *st);

/* Convenience: one whole buffer, fed in blocks of `block` bytes (0 = all at once). */
int dft_cscan_buffer(const dft_cscan_db *db, dft_cscan_scratch *sc, const uint8_t *data, size_t len,
                     size_t block, dft_cscan_fn cb, void *payload);

/* The function words the word gate treats as run breakers (they are in no BIP39 list; the unit test
 * checks that against the 10 lists). */
const char *const *dft_cscan_stop_words(size_t *n);

/* Statistics of a stream (for the bench): prefilter matches seen, classifications tried, zones scanned. */
typedef struct dft_cscan_stats {
    uint64_t matches, classified, zones, zone_bytes;
    uint64_t skipped;   /* bytes the gate kept from vectorscan (no candidate can lie there) */
} dft_cscan_stats;
/* Adds the counts of every stream closed on this scratch since it was made. */
void dft_cscan_scratch_stats(const dft_cscan_scratch *sc, dft_cscan_stats *out);

#endif
