/*
 * hash.h - MD5 + SHA-1 + SHA-256 in one pass (OpenSSL libcrypto EVP).
 * A dft_hasher is owned by one thread at a time; dft_hasher_new/free pair; free accepts NULL.
 */
#ifndef DFT_HASH_H
#define DFT_HASH_H

#include <stddef.h>
#include <stdint.h>

typedef struct dft_hashes {
    char md5[33];
    char sha1[41];
    char sha256[65];
} dft_hashes;

typedef struct dft_hasher dft_hasher;

int dft_hasher_new(dft_hasher **out);
/* The same, but each update() computes the three digests on three threads (the caller's and two
 * helpers), returning when all are done. For long sequential streams (whole media), where one
 * thread doing MD5 + SHA-1 + SHA-256 would be the slowest part of an ingest. */
int dft_hasher_new_parallel(dft_hasher **out);
void dft_hasher_free(dft_hasher *h);
/* Starts a new message (called by new, and after final). */
int dft_hasher_reset(dft_hasher *h);
int dft_hasher_update(dft_hasher *h, const void *data, size_t len);
/* Writes lower-case hex digests and resets the hasher for the next message. */
int dft_hasher_final(dft_hasher *h, dft_hashes *out);

/* Lower-case hex of n bytes into out (2n+1 chars). */
void dft_hex(char *out, const uint8_t *bytes, size_t n);
/* SHA-256 of one buffer as hex. */
void dft_sha256_hex(char out[65], const void *data, size_t len);

#endif
