/*
 * evidence.h - opening one evidence item read-only, detecting what it is from its content, hashing
 * the media, and walking it.
 *
 * Kinds (evidence.kind, contract): raw, split, ewf, vmdk, vhd (TSK image layer), dir (logical
 * directory), tar, zip, adb, itunes, ufdr (phone extractions; see docs/evidence.md).
 *
 * Lifecycle: dft_evidence_open -> (dft_evidence_hash_media on its own thread) || dft_evidence_walk
 * -> dft_evidence_close. hash_media and walk may run concurrently: each uses its own handles.
 *
 * Invariants:
 *  1. Evidence files are opened O_RDONLY (or through libraries that only read); nothing is written
 *     next to them.
 *  2. open() fails with one line naming the file and the reason, before anything touches the case.
 *  3. The media hash is over the decoded media bytes (E01: the decompressed image) for image kinds,
 *     over the container file's bytes for archives, and absent (no_media_hash) for directories.
 */
#ifndef DFT_EVIDENCE_H
#define DFT_EVIDENCE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "hash.h"
#include "walk.h"

typedef struct dft_evidence dft_evidence;

typedef struct dft_evidence_options {
    uint64_t max_member_size;   /* archive member cap (bytes) */
    double max_ratio;           /* archive compression ratio cap */
    uint64_t max_total_size;    /* archive total uncompressed cap (bytes) */
    int max_depth;              /* nested container depth */
    const char *temp_dir;       /* private 0700 directory for spilled members */
    /* Archives: should this member be kept (spilled whole) for the plugins after the walk? The walker
     * asks; the ingest answers from the plugin registry (dft_registry_keeps). NULL = only the size rule. */
    bool (*keep_member)(const char *name, const char *device_path);
} dft_evidence_options;

/* Opens and identifies path. *out is owned by the caller (dft_evidence_close). */
int dft_evidence_open(dft_evidence **out, const char *path, const dft_evidence_options *opts);
void dft_evidence_close(dft_evidence *ev);

const char *dft_evidence_path(const dft_evidence *ev);
const char *dft_evidence_kind(const dft_evidence *ev);
/* Media size in bytes (decoded for E01); for a directory, the sum of its regular files. */
uint64_t dft_evidence_size(const dft_evidence *ev);
/* The segment/part files that make up the item (split raw, E01 segments), NULL-terminated; borrowed. */
const char *const *dft_evidence_parts(const dft_evidence *ev);

/* Quick identity used to find the same evidence in a case before a full hash:
 * sha256 over (kind, size, first MiB, last MiB). Hex in out. */
int dft_evidence_fingerprint(dft_evidence *ev, char out[65]);

/* True when the walk computes the media hash itself (one read of sequential containers). */
bool dft_evidence_walk_hashes(const dft_evidence *ev);
/* True for kinds without a single media stream (directory). */
bool dft_evidence_no_media_hash(const dft_evidence *ev);

/* Reads the whole media once, in order, and hashes it. progress (may be NULL) gets bytes done.
 * Stops with DFT_ECANCELLED when *cancel becomes nonzero. Unreadable ranges are hashed as zeros
 * and counted in *bad_bytes. */
int dft_evidence_hash_media(dft_evidence *ev, dft_hashes *out, uint64_t *bad_bytes,
                            void (*progress)(void *payload, uint64_t done), void *payload,
                            const volatile int *cancel);

/* Hands every block dft_evidence_hash_media reads, in media order, to tap as well (on the hashing
 * thread; tap's return value is ignored: it can never stop or fail the hash). Set it before the
 * hash starts; NULL removes it. Image kinds only (TSK/EWF); other kinds never call it. This is how
 * the region scan gets unallocated space without a second read of the media. */
void dft_evidence_set_media_tap(dft_evidence *ev, dft_block_fn tap, void *payload);

/* Reads len bytes of the media at offset (unreadable EWF chunks come back as zeros). Not thread-safe
 * with the walk: call it after the walk. DFT_EUNSUPPORTED for kinds without media (directories). */
int dft_evidence_read_at(dft_evidence *ev, uint64_t offset, void *buf, size_t len);

/* Bytes of the media read so far by hash_media, and by read_at (fingerprint included). With the
 * environment variable DFT_READ_STATS set, close prints them to stderr. */
void dft_evidence_read_stats(const dft_evidence *ev, uint64_t *hash_bytes, uint64_t *read_at_bytes);

/* Walks every volume, file system and file. For walk-hashing kinds, the media hash is available
 * from dft_evidence_walk_hash() afterwards. */
int dft_evidence_walk(dft_evidence *ev, const dft_walk_sink *sink);
int dft_evidence_walk_hash(const dft_evidence *ev, dft_hashes *out);

/* For walk-hashing kinds: bytes of the container read so far by a running walk (any thread may
 * read it; it ends at dft_evidence_size()). Borrowed, valid until close. */
const _Atomic uint64_t *dft_evidence_walk_counter(const dft_evidence *ev);

/* After dft_evidence_hash_media: a one-line note of what was wrong with the media (EWF chunks
 * that failed their checksum, with sector ranges), "" when nothing. Borrowed. */
const char *dft_evidence_media_note(const dft_evidence *ev);

/* Hashes stored by the acquisition tool (E01 MD5/SHA-1), "" when absent. Borrowed. */
const char *dft_evidence_stored_md5(const dft_evidence *ev);
const char *dft_evidence_stored_sha1(const dft_evidence *ev);

#endif
