/*
 * tsk_internal.h - shared state of the TSK evidence backend (kinds raw, split, ewf, vmdk, vhd),
 * split into tsk_image.c (opening, EWF metadata, media hash, read_at), tsk_walk.c (volumes, file
 * systems, files) and tsk_source.c (per-thread content reading). Only these files and
 * core/evidence/evidence*.c include TSK headers.
 *
 * Invariants:
 *  1. TSK's 1/NULL-on-error convention is translated to DFT_* codes inside these files.
 *  2. TSK handles are never shared between threads: the walk uses dft_tsk_ev.img on the ingest
 *     thread, hash_media opens its own image, each worker opens its own image + file system through
 *     dft_source.thread_open.
 *  3. Sources created during the walk live until the evidence is closed (records point at them).
 */
#ifndef DFT_TSK_INTERNAL_H
#define DFT_TSK_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <tsk/libtsk.h>

#include "evidence_internal.h"
#include "ewf_image.h"
#include "walk.h"

/* Where a file system lives, enough to reopen it on another thread. */
typedef struct dft_tsk_fsloc {
    uint64_t offset;          /* bytes in the image (APFS: the pool's offset, read through the pool image) */
    TSK_FS_TYPE_ENUM type;    /* as detected by the walk */
    bool in_pool;             /* APFS: through the pool at pool_offset, volume at pvol_block */
    uint64_t pool_offset;
    uint64_t pvol_block;
} dft_tsk_fsloc;

typedef struct dft_tsk_kv {
    char *key;
    char *value;
} dft_tsk_kv;

typedef struct dft_tsk_ev {
    char **names;             /* image file names handed to TSK (== ev->parts) */
    int nnames;
    TSK_IMG_TYPE_ENUM itype;
    TSK_IMG_INFO *img;        /* the walk's / read_at's handle */
    dft_ewf_set *ewf;         /* E01: libewf readers sharing one chunk cache (ewf_image.h) */
    dft_tsk_kv *meta;         /* EWF header values, emitted as "ewf.<key>" during the walk */
    size_t nmeta;
    char *open_warning;       /* e.g. a missing EWF segment TSK could still open; emitted by walk */

    dft_source **sources;     /* one per walked file system, owned */
    size_t nsources;
} dft_tsk_ev;

/* tsk_image.c */
TSK_IMG_INFO *dft_tsk_img_open(const dft_tsk_ev *t); /* E01 through t->ewf, else TSK's own layers */
/* One line from TSK's thread-local error (never NULL), and resets it. */
const char *dft_tsk_errstr(char *buf, size_t len);

/* tsk_walk.c */
int dft_tsk_walk(dft_evidence *ev, const dft_walk_sink *sink);

/* tsk_source.c: a new content source for the file system at loc; appended to t->sources. */
int dft_tsk_source_new(dft_tsk_ev *t, const dft_tsk_fsloc *loc, dft_source **out);
void dft_tsk_source_free(dft_source *src);

#endif
