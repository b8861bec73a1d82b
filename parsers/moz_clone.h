/*
 * moz_clone.h - Firefox IndexedDB values: a SpiderMonkey structured clone (js/src/vm/StructuredClone.cpp)
 * compressed with raw Snappy, as stored in object_data.data of storage/default/<origin>/idb/<name>.sqlite
 * (browser.storage.local of WebExtensions such as MetaMask for Firefox), decoded into JSON; and the
 * IndexedDB key encoding of string keys.
 *
 * Clone format: little-endian 64-bit words, each a pair (tag = high 32 bits, data = low 32 bits),
 * or a double when the high word is <= 0xFFF00000.
 *   0xFFF10000 HEADER (data = scope)          first pair
 *   0xFFFF0000 NULL   01 UNDEFINED  02 BOOLEAN (data 0/1)  03 INT32 (data)  05 DATE (a double follows)
 *   0xFFFF0004 STRING: data = length | 0x80000000 when Latin-1 (else UTF-16LE), characters follow,
 *              zero-padded to 8 bytes
 *   0xFFFF0008 OBJECT: key, value, key, value ... END_OF_KEYS (0xFFFF0013); keys are STRING or INT32
 *   0xFFFF0007 ARRAY (data = length): index (INT32), value ... END_OF_KEYS
 *   0xFFFF000A/0B/0C Boolean/String/Number objects: as their primitive; 0xFFFF000D BACK_REFERENCE
 * IndexedDB string key: byte 0x30, then each UTF-16 unit u < 0x7F as u + 1 (others: 2-3 bytes), to the
 * end of the blob or a 0 byte.
 *
 * Invariants:
 *  1. Bounded: every read is checked against the input; nesting deeper than DFT_MOZ_CLONE_MAX_DEPTH is
 *     DFT_ECORRUPT; the inflated size is capped at DFT_MOZ_CLONE_MAX_BYTES.
 *  2. Only JSON-like values are decoded (what JSON.stringify could write, plus Date as milliseconds);
 *     other types (ArrayBuffer, Map, Set, BigInt, typed arrays, transfer maps) are DFT_EUNSUPPORTED with
 *     the tag named; a back reference (the same object twice) becomes null.
 *  3. Strings become UTF-8; unpaired surrogates become U+FFFD.
 */
#ifndef DFT_MOZ_CLONE_H
#define DFT_MOZ_CLONE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define DFT_MOZ_CLONE_MAX_DEPTH 200
#define DFT_MOZ_CLONE_MAX_BYTES (256u << 20)

/* Decodes an uncompressed clone buffer into *out (new reference). */
int dft_moz_clone_decode(json_t **out, const uint8_t *data, size_t len);
/* Inflates an IndexedDB value (raw Snappy) and decodes it. DFT_ECORRUPT when not Snappy. */
int dft_moz_idb_value(json_t **out, const uint8_t *blob, size_t len);
/* The text of a string key (ASCII units only; others -> DFT_EUNSUPPORTED); out NUL-terminated. */
int dft_moz_idb_key(char *out, size_t outsz, const uint8_t *key, size_t len);

#endif
