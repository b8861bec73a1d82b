/*
 * typememo.h - a bounded memo of typing answers keyed by the exact bytes that were typed.
 *
 * Why it is exact: the typer's answer (typer.h) is a function of the head bytes and their length
 * alone. libmagic's magic_buffer() reads nothing but the buffer, the flags and the database
 * loaded once per handle (no file name, no fd, no clock; file 5.44 funcs.c file_buffer()), plus
 * process settings that do not change during a run (the time zone and locale used to print dates
 * and numbers found in the bytes); the typer's choice of flags (rule 2) is itself a function of
 * the bytes. So a buffer byte-for-byte
 * equal to one typed before has the answer it had. The memo does not trust its hash: a hit
 * requires the same length and memcmp() == 0 against a stored copy of the bytes, so no collision,
 * accidental or crafted, can change an answer; the hash only decides where to look.
 *
 * Bounds: a fixed number of direct-mapped slots (a new entry replaces the one in its slot) and a
 * byte budget for the stored copies (older entries are evicted by a rotating hand until a new one
 * fits). Entries larger than DFT_TYPEMEMO_MAX_ENTRY, or than the budget, are never stored. Output never depends on what the memo holds,
 * only the time does. One memo per typer, so per thread (no locks).
 */
#ifndef DFT_TYPEMEMO_H
#define DFT_TYPEMEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DFT_TYPEMEMO_SLOTS 4096u            /* power of two */
#define DFT_TYPEMEMO_BYTES (4u << 20)       /* stored copies, per memo */
#define DFT_TYPEMEMO_MAX_ENTRY (64u << 10)  /* the typer's largest head (worker.c HEAD_BYTES) */

typedef struct dft_typememo dft_typememo;

/* slots must be a power of two; bytes = 0 makes a memo that never stores (every lookup misses). */
int dft_typememo_new(dft_typememo **out, size_t slots, size_t bytes);
void dft_typememo_free(dft_typememo *m);

/* 64-bit hash of buf[0..len), the slot selector. Not cryptographic and need not be. */
uint64_t dft_typememo_hash(const uint8_t *buf, size_t len);

/* True when exactly these len bytes were stored: *mime and *desc are borrowed (valid until the next
 * dft_typememo_put or dft_typememo_free). */
bool dft_typememo_get(dft_typememo *m, uint64_t hash, const uint8_t *buf, size_t len, const char **mime,
                      const char **desc);

/* Stores the answer for these bytes (a copy), evicting what it must. Failure to store (no memory,
 * larger than the budget) is silent: it only costs a later lookup. */
void dft_typememo_put(dft_typememo *m, uint64_t hash, const uint8_t *buf, size_t len, const char *mime,
                      const char *desc);

/* Lookups that hit, and bytes held in stored copies (for tests and benches). */
uint64_t dft_typememo_hits(const dft_typememo *m);
size_t dft_typememo_held(const dft_typememo *m);

#endif
