/*
 * fileindex.h - the per-evidence file index: every file the walker reported (device path, path,
 * parent, allocation state, type, size, and what its source needs to read it again), so that
 * sibling lookups, directory listings and globs are exact and the same for every evidence kind
 * (docs/design.md "File index and sibling lookups").
 *
 * Invariants:
 *  1. Entries are appended by the walker thread only (sink_file), in files.id order; they are never
 *     changed or removed until the pipeline is freed. Readers (workers) take the read lock.
 *  2. A lookup never depends on timing: a scan postponed until the walk ended sees every entry; any
 *     other scan sees only entries with a smaller files.id than its own file (all of which were
 *     reported before its file, whatever the thread count).
 *  3. Among several entries with the same device path (a deleted name and a live one), the choice is
 *     a pure function of the entries: the requested allocation state, else allocated first, then the
 *     lowest files.id.
 */
#ifndef DFT_FILEINDEX_H
#define DFT_FILEINDEX_H

#include <stdbool.h>
#include <stdint.h>

#include "walk.h"

typedef struct dft_fileindex dft_fileindex;

/* One file as the index knows it. Strings are owned by the index and live as long as it. */
typedef struct dft_fileindex_entry {
    int64_t id, parent_id;
    const char *path;
    const char *device_path;  /* never NULL: the path when the walker gave none */
    const char *name;
    char type;
    bool allocated;
    bool content_partial;     /* the walker already knew some bytes were unreadable */
    uint64_t size;
    /* how to read it again: a random-access source, or a spill file the source keeps to the end */
    dft_source *source;
    uint64_t locator;
    uint32_t attr_type;
    uint16_t attr_id;
    const char *kept_path;    /* a sequential container's kept bytes (dft_file_rec.kept_path), or NULL */
    uint64_t kept_offset;
} dft_fileindex_entry;

int dft_fileindex_new(dft_fileindex **out);
void dft_fileindex_free(dft_fileindex *x);

/* Records a file (walker thread). */
int dft_fileindex_add(dft_fileindex *x, int64_t id, const dft_file_rec *r);

/* How a lookup chooses among entries of one device path. */
typedef enum { DFT_FIX_ANY = 0, DFT_FIX_ALLOCATED, DFT_FIX_DELETED } dft_fix_state;

/* Finds the entry of a device path (or, failing that, of an evidence path), visible to a scan that
 * may see ids below max_id (INT64_MAX: all). *out is a copy whose strings stay valid as long as the
 * index. DFT_ENOTFOUND (no message) when there is none. */
int dft_fileindex_find(dft_fileindex *x, const char *device_path, dft_fix_state state, int64_t max_id,
                       dft_fileindex_entry *out);

/* Calls cb for each visible child of the directory entry dir_id, in name order (then id). */
typedef int (*dft_fileindex_fn)(void *payload, const dft_fileindex_entry *e);
int dft_fileindex_children(dft_fileindex *x, int64_t dir_id, int64_t max_id, dft_fileindex_fn cb, void *payload);
/* Calls cb for each visible entry whose device path matches the fnmatch pattern ('*' crosses '/'), in
 * device-path order (then id). */
int dft_fileindex_glob(dft_fileindex *x, const char *pattern, int64_t max_id, dft_fileindex_fn cb, void *payload);

/* True when the entry's content can be read again (random-access source or a kept spill). */
bool dft_fileindex_readable(const dft_fileindex_entry *e);
/* A record that the entry's source can stream (strings borrowed from the entry). */
void dft_fileindex_rec(const dft_fileindex_entry *e, dft_file_rec *out);

/* Resolves rel against base (an absolute '/'-separated directory) into out, folding "." and "..";
 * an absolute rel is only folded. False when the result would climb above the root or not fit. */
bool dft_fileindex_resolve(const char *base_dir, const char *rel, char *out, size_t cap);

#endif
