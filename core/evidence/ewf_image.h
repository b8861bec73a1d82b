/*
 * ewf_image.h - E01 sets read through libewf, shown to TSK as external images that share one
 * decoded-chunk cache and report chunks whose checksum fails.
 *
 * Why not TSK's own EWF layer: (1) it hands on the bytes of a chunk whose checksum fails without a
 * word, so a file read from such a chunk would get a "full" hash of unreliable bytes; (2) every TSK
 * handle (walk, each worker, the media hash) inflates the same chunks again, with zlib. Here each
 * reader still owns its libewf handle (libewf handles are not shared between threads), chunks are
 * inflated with libdeflate from libewf's stored chunks, and a chunk one reader has inflated is
 * found by the others in the set's cache.
 *
 * Invariants:
 *  1. A chunk whose checksum fails (or that libewf cannot read) is zeros wherever it is read and is
 *     recorded once in the set's bad-chunk list; TSK reads that reach it end short before it
 *     (or fail with TSK_ERR_IMG_READ naming its sectors when it is the first chunk asked for, and
 *     count in dft_ewf_img_failures: TSK hides some such failures, see there).
 *  2. The cache is direct-mapped (chunk index modulo slots), one mutex per slot; a sequential
 *     sweep keeps the last cache_bytes of chunks. Cached bytes are the chunk's media bytes, checked
 *     against its stored checksum (or zeros for a bad chunk).
 *  3. A handle from dft_ewf_img_open is used by one thread at a time (TSK's usual rule) and closed
 *     with tsk_img_close before the set is freed.
 */
#ifndef DFT_EWF_IMAGE_H
#define DFT_EWF_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include <tsk/libtsk.h>

typedef struct dft_ewf_set dft_ewf_set;

/* Opens the segment files names[0..n) (kept by pointer: they must outlive the set) and reads the
 * geometry. cache_bytes 0 = no cache. DFT_ECORRUPT with a message when libewf cannot open them. */
int dft_ewf_set_open(char *const *names, int n, size_t cache_bytes, dft_ewf_set **out);
void dft_ewf_set_free(dft_ewf_set *s);
uint64_t dft_ewf_set_size(const dft_ewf_set *s);

/* A TSK image over the set with its own libewf handle; NULL with TSK's error set on failure. */
TSK_IMG_INFO *dft_ewf_img_open(dft_ewf_set *s);

/* How many reads through img failed because of a bad chunk (0 for images not from
 * dft_ewf_img_open). TSK 4.11 turns a failed read whose length is not a multiple of 512 into
 * zeros and success (tsk_img_read_no_cache), so a caller that must know compares this before and
 * after its reads. */
uint64_t dft_ewf_img_failures(const TSK_IMG_INFO *img);

/* Reads len bytes at off through img (from dft_ewf_img_open) for the media hash: chunks that
 * fail their checksum or cannot be read are zeros, their bytes added to *bad_bytes. Never short. */
int dft_ewf_img_read_media(TSK_IMG_INFO *img, uint64_t off, uint8_t *buf, size_t len, uint64_t *bad_bytes);

/* The bad chunks seen so far as merged sector ranges "a-b, c-d" into out (truncated with "..."
 * when it does not fit); returns how many chunks are bad. */
size_t dft_ewf_set_bad_sectors(dft_ewf_set *s, char *out, size_t outlen);

/* Cache statistics since the set was opened (for bench/ and tests). */
void dft_ewf_set_stats(dft_ewf_set *s, uint64_t *hits, uint64_t *misses);

#endif
