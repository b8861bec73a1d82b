/*
 * mbhash.h - multi-buffer MD5, SHA-1 and SHA-256: one digest algorithm computed over 8 (AVX2) or 16
 * (AVX-512) independent messages at once, one message per vector lane (issue 15).
 *
 * Three layers:
 *   engines      which code computes digests: OpenSSL (scalar, the reference and the fallback),
 *                AVX2 (8 lanes) or AVX-512 (16 lanes); chosen at run time from the CPU's features.
 *   dft_mbctx    one algorithm, one lane group: a chunked update interface. A lane carries one
 *                message; the caller feeds it chunks, the context runs blocks of all busy lanes
 *                together and reports the lane that needs the caller (chunk consumed, or digest
 *                ready), so a lane is refilled as soon as its message ends.
 *   dft_mbhash_batch  MD5 + SHA-1 + SHA-256 of many in-memory messages: largest first (keeps lanes
 *                full), and messages that would leave too few lanes busy go to OpenSSL instead.
 *
 * Ownership: a dft_mbctx belongs to one thread at a time; new/free pair, free accepts NULL. A chunk
 * given to dft_mbctx_feed is borrowed: it must stay valid until the lane is reported again.
 */
#ifndef DFT_MBHASH_H
#define DFT_MBHASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hash.h"

typedef enum dft_hash_engine {
    DFT_HASH_ENGINE_AUTO = 0,   /* the widest engine this CPU runs */
    DFT_HASH_ENGINE_OPENSSL,
    DFT_HASH_ENGINE_AVX2,
    DFT_HASH_ENGINE_AVX512,
} dft_hash_engine;

typedef enum dft_mb_algo { DFT_MB_MD5 = 0, DFT_MB_SHA1, DFT_MB_SHA256 } dft_mb_algo;

#define DFT_MB_MAX_LANES 16
#define DFT_MB_MAX_DIGEST 32

/* "auto", "openssl", "avx2", "avx512" -> engine; DFT_ERROR (with message) for anything else. */
int dft_hash_engine_parse(const char *name, dft_hash_engine *out);
const char *dft_hash_engine_name(dft_hash_engine e);
/* Whether this build on this CPU can run e (auto and openssl always can). */
bool dft_hash_engine_supported(dft_hash_engine e);
/* auto -> the best supported engine; others are returned unchanged. */
dft_hash_engine dft_hash_engine_resolve(dft_hash_engine e);
/* Lanes of an engine (1 for OpenSSL). */
unsigned dft_hash_engine_lanes(dft_hash_engine e);
size_t dft_mb_digest_len(dft_mb_algo a);

/* --- chunked multi-lane interface (one algorithm) --- */
typedef struct dft_mbctx dft_mbctx;

typedef enum dft_mb_event {
    DFT_MB_HUNGRY = 1,          /* the lane's chunk was consumed: feed it the next one */
    DFT_MB_DONE,                /* the lane's message is hashed: read it with dft_mbctx_digest */
} dft_mb_event;

/* engine must be a supported AVX2 or AVX-512 engine (resolved), else DFT_EUNSUPPORTED. */
int dft_mbctx_new(dft_mbctx **out, dft_mb_algo algo, dft_hash_engine engine);
void dft_mbctx_free(dft_mbctx *m);
unsigned dft_mbctx_lanes(const dft_mbctx *m);
/* Lanes carrying a message (started and not yet read back). */
unsigned dft_mbctx_busy(const dft_mbctx *m);
/* Starts a message on a free lane; returns the lane, or -1 if every lane is busy. */
int dft_mbctx_start(dft_mbctx *m);
/* Gives a started, hungry lane its next chunk (len may be 0); last = no more chunks follow. */
void dft_mbctx_feed(dft_mbctx *m, int lane, const void *data, size_t len, bool last);
/* Hashes blocks of all busy lanes until one lane needs the caller: returns that lane and sets *ev;
 * returns -1 when no lane is busy. Lanes are reported in lane order (deterministic). */
int dft_mbctx_run(dft_mbctx *m, dft_mb_event *ev);
/* The digest of a DONE lane (dft_mb_digest_len bytes); the lane is free again. */
void dft_mbctx_digest(dft_mbctx *m, int lane, uint8_t *out);
/* A HUNGRY lane whose next chunk is not there yet waits without stopping the others: run no longer
 * reports it, and returns -1 once no unparked lane has work. dft_mbctx_feed wakes it. */
void dft_mbctx_park(dft_mbctx *m, int lane);

/* A lane's message so far, to be continued by scalar code (the hand-back of a stream that would
 * keep too few lanes busy): the chaining state after `hashed` bytes (a multiple of 64) and the
 * `npartial` (< 64) bytes after them, not yet hashed. Only for a HUNGRY or parked lane, whose
 * chunk is used up; the lane is free again. */
typedef struct dft_mb_midstate {
    uint32_t st[8];
    uint64_t hashed;
    uint8_t partial[64];
    size_t npartial;
} dft_mb_midstate;
void dft_mbctx_export(dft_mbctx *m, int lane, dft_mb_midstate *out);

/* One digest of one message continued on the scalar path (OpenSSL) from a dft_mb_midstate, or
 * from the start; bit-exact with the lanes. */
typedef struct dft_mb_scalar dft_mb_scalar;
int dft_mb_scalar_new(dft_mb_scalar **out, dft_mb_algo algo, const dft_mb_midstate *from);
int dft_mb_scalar_update(dft_mb_scalar *s, const void *data, size_t len);
/* Writes the digest and frees s. */
int dft_mb_scalar_final(dft_mb_scalar *s, uint8_t *out);
void dft_mb_scalar_free(dft_mb_scalar *s);

/* --- batches --- */
typedef struct dft_mb_msg {
    const void *data;
    size_t len;
} dft_mb_msg;

/* One algorithm over n messages: out + i * dft_mb_digest_len(algo) receives message i's digest.
 * Any engine (auto resolves). DFT_OK, or DFT_ENOMEM / DFT_ERROR with a message. */
int dft_mb_digest_many(dft_hash_engine engine, dft_mb_algo algo, const dft_mb_msg *msgs, size_t n, uint8_t *out);
/* MD5, SHA-1 and SHA-256 (lower-case hex) of n messages into out[0..n). */
int dft_mbhash_batch(dft_hash_engine engine, const dft_mb_msg *msgs, size_t n, dft_hashes *out);

/* Fewest busy lanes (of an engine's lanes) at which lanes beat OpenSSL for algo: below it, a batch
 * hashes the messages not yet started with OpenSSL. Measured by bench/hash_bench.c. */
unsigned dft_mb_break_even(dft_hash_engine engine, dft_mb_algo algo);

/* --- kernels (internal; one block of 64 bytes per lane per step) --- */
/* st: state words, word-major (st[word * lanes + lane]); p[l] + b * step[l] is lane l's block b. */
typedef void (*dft_mb_kernel)(uint32_t *st, const uint8_t *const *p, const size_t *step, size_t nblocks);
dft_mb_kernel dft_mb_kernel_get(dft_hash_engine engine, dft_mb_algo algo);

#endif
