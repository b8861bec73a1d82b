/*
 * archive_input.h - the byte input of a sequential container walk: reads the evidence file once,
 * in order, feeding every byte to the media hasher, and hands libarchive either those bytes or
 * (for a compressed Android backup) the zlib-inflated payload after the .ab header.
 *
 * Also: reading one zip member directly (pread + inflate) for a UFDR's report.xml before the walk.
 *
 * Invariants:
 *  1. Every byte of the file passes through the hasher exactly once, in file order
 *     (dft_arcin_finish drains to EOF), so the walk hash equals sha256sum of the file.
 *  2. The fd is O_RDONLY; nothing is written.
 */
#ifndef DFT_ARCHIVE_INPUT_H
#define DFT_ARCHIVE_INPUT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <archive.h>
#include <zlib.h>

#include "zipcd.h"
#include "hash.h"

#define DFT_ARCIN_BLOCK (64u * 1024u)

typedef struct dft_arcin {
    int fd;
    dft_hasher *hasher;
    uint64_t raw_off;          /* bytes read from the file (and hashed) so far */
    _Atomic uint64_t *progress; /* when set, raw_off is published here for the progress line */
    uint8_t *in;               /* last raw block */
    size_t in_len, in_pos;
    bool eof;
    char error[200];           /* first read / inflate problem, "" when none */
    /* .ab compressed payload */
    bool inflating, z_ready, z_end;
    z_stream zs;
    uint8_t *out;
} dft_arcin;

/* Opens path O_RDONLY. */
int dft_arcin_open(dft_arcin *in, const char *path);
/* Closes the fd and frees buffers (accepts a zeroed struct). */
void dft_arcin_close(dft_arcin *in);
/* Ensures at least min bytes (or up to EOF) are buffered from the start: for header sniffing.
 * Only valid before the first dft_arcin_read. data and len are borrowed. */
int dft_arcin_peek(dft_arcin *in, size_t min, const uint8_t **data, size_t *len);
/* Skips n buffered bytes (the .ab header) and optionally switches to zlib inflation. */
int dft_arcin_start_payload(dft_arcin *in, size_t skip, bool inflate);
/* libarchive read callback (client data: the dft_arcin). */
la_ssize_t dft_arcin_read(struct archive *archive, void *client, const void **buf);
/* Reads and hashes the rest of the file; writes the digests. */
int dft_arcin_finish(dft_arcin *in, dft_hashes *out);

/* Streams the content of zip member e of the file open on fd through cb (stored or deflate only).
 * cb returns 0 to go on. DFT_EUNSUPPORTED for other methods, DFT_ECORRUPT for damaged data. */
int dft_zip_member_stream(int fd, uint64_t file_size, const dft_zipcd_entry *e,
                          int (*cb)(void *payload, const uint8_t *data, size_t len), void *payload);

#endif
