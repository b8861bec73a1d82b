/*
 * strmap.h - a string-keyed hash map to int64 values (open addressing, grows by doubling).
 * Used for path -> files.id maps during walks and hard-link keys in the pipeline.
 * Keys are copied; dft_strmap_new/free pair; free accepts NULL. Not thread-safe.
 */
#ifndef DFT_STRMAP_H
#define DFT_STRMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct dft_strmap dft_strmap;

int dft_strmap_new(dft_strmap **out);
void dft_strmap_free(dft_strmap *m);
/* Inserts or replaces. */
int dft_strmap_put(dft_strmap *m, const char *key, int64_t value);
/* DFT_OK and *out set, or DFT_ENOTFOUND (no message set: a miss is normal). */
int dft_strmap_get(const dft_strmap *m, const char *key, int64_t *out);
size_t dft_strmap_count(const dft_strmap *m);

#endif
