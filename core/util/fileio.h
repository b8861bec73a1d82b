/*
 * fileio.h - the few loops over host files that several modules need, written once: write all
 * bytes, stream a file in blocks (unreadable ranges zero-filled and counted, as for evidence),
 * hash a whole file. Host files here are evidence files of directory-like kinds, spilled archive
 * members and private copies, never the case file.
 */
#ifndef DFT_FILEIO_H
#define DFT_FILEIO_H

#include <stddef.h>
#include <stdint.h>

#include "hash.h"
#include "walk.h"

#define DFT_FILEIO_BLOCK (1u << 20)

/* Opens path (open_flags | O_NOFOLLOW; mode 0600 when created) and takes an exclusive flock without
 * waiting: *fd_out (the caller closes it, which drops the lock). DFT_EEXISTS when another open file
 * holds the lock (no message set: the caller says who), DFT_EIO with the reason otherwise. */
int dft_flock_open(const char *path, int open_flags, int *fd_out);

/* Writes len bytes, retrying short writes and EINTR. DFT_EIO with the reason. */
int dft_write_all(int fd, const void *data, size_t len);

/* Streams the regular file open on fd, from offset 0 to its size at the start, in blocks of
 * DFT_FILEIO_BLOCK through cb. buf: a caller's DFT_FILEIO_BLOCK-byte buffer, or NULL to allocate
 * one. Ranges that cannot be read are passed as zeros and counted in *bad_bytes, the first reason
 * going to errbuf. Returns what cb returned if it stopped the stream, else DFT_OK, or DFT_EIO when
 * fd is not a regular file. */
int dft_fd_stream(int fd, uint8_t *buf, dft_block_fn cb, void *payload, uint64_t *bad_bytes, char *errbuf,
                  size_t errlen);

/* Opens path read-only (O_CLOEXEC | extra_flags) and streams it as dft_fd_stream.
 * DFT_ENOTFOUND when it does not exist, DFT_EIO when it cannot be opened. */
int dft_file_stream(const char *path, int extra_flags, dft_block_fn cb, void *payload, uint64_t *bad_bytes,
                    char *errbuf, size_t errlen);

/* MD5, SHA-1 and SHA-256 of a whole file; progress (may be NULL) gets bytes done; stops with
 * DFT_ECANCELLED when *cancel becomes nonzero (cancel may be NULL). */
int dft_file_hash(const char *path, dft_hashes *out, uint64_t *bad_bytes,
                  void (*progress)(void *payload, uint64_t done), void *payload, const volatile int *cancel);

#endif
