/*
 * evidence_impl.h - the interface each evidence backend implements (like Redis' aeApi*), and the
 * shared dft_evidence struct. Only core/evidence/evidence*.c include this.
 *
 * Backends:
 *   tsk_*.c             raw, split, ewf, vmdk, vhd   (TSK image layer; E01 through ewf_image.c)
 *   evidence_dir.c      dir                          (a directory as logical evidence)
 *   evidence_archive.c  tar, zip, adb, ufdr          (libarchive, one sequential read)
 *   evidence_itunes.c   itunes                       (iTunes/Finder backup directory + Manifest.db)
 *
 * evidence.c detects the kind from content (magic bytes, directory markers), then calls the
 * backend's open. A backend's open fills ev->ops, ev->impl, ev->size and may set kind refinements.
 */
#ifndef DFT_EVIDENCE_IMPL_H
#define DFT_EVIDENCE_IMPL_H

#include <stdatomic.h>

#include "evidence.h"

typedef struct dft_evidence_ops {
    int (*walk)(dft_evidence *ev, const dft_walk_sink *sink);
    /* NULL when the walk hashes (sequential containers) or there is no media (directories). */
    int (*hash_media)(dft_evidence *ev, dft_hashes *out, uint64_t *bad_bytes,
                      void (*progress)(void *payload, uint64_t done), void *payload,
                      const volatile int *cancel);
    /* Reads len bytes of the media at offset (for the fingerprint); NULL for directories. */
    int (*read_at)(dft_evidence *ev, uint64_t offset, void *buf, size_t len);
    void (*close)(dft_evidence *ev);
} dft_evidence_ops;

struct dft_evidence {
    char *path;
    char kind[16];
    uint64_t size;
    char **parts;               /* NULL-terminated, owned */
    const dft_evidence_ops *ops;
    void *impl;
    dft_evidence_options opts;
    bool walk_hashes;           /* the walk fills walk_hash */
    bool no_media_hash;
    bool walk_hash_done;
    dft_hashes walk_hash;
    _Atomic uint64_t walk_done;  /* bytes of the container the walk has read (walk-hashing kinds) */
    char media_note[1024];      /* set by hash_media: what was wrong with the media ("" = nothing) */
    char stored_md5[33];
    char stored_sha1[41];
    /* The media-hash tap (dft_evidence_set_media_tap) and read counters (DFT_READ_STATS). */
    dft_block_fn media_tap;
    void *media_tap_payload;
    _Atomic uint64_t hash_read_bytes;  /* bytes read by hash_media */
    _Atomic uint64_t read_at_bytes;    /* bytes read by dft_evidence_read_at and the fingerprint */
};

/* Backends' hash_media call this with each block they read, in order (after counting it). */
void dft_evidence_media_block(dft_evidence *ev, uint64_t offset, const uint8_t *data, size_t len);

int dft_evidence_tsk_open(dft_evidence *ev);      /* kinds raw, split, ewf, vmdk, vhd */
int dft_evidence_dir_open(dft_evidence *ev);      /* kind dir */
int dft_evidence_archive_open(dft_evidence *ev);  /* kinds tar, zip, adb, ufdr */
int dft_evidence_itunes_open(dft_evidence *ev);   /* kind itunes */

#endif
