/*
 * devpath.h - archive member names -> safe evidence paths and normalised phone device paths.
 *
 * Two jobs, both pure string work (no I/O):
 *  1. dft_devpath_sanitise(): an archive member name (which may be hostile: "../x", "/etc/passwd",
 *     "a//b", "./c") becomes a safe relative path of clean components. Names that would escape the
 *     tree are moved under "__outside__/" and flagged, so nothing can ever resolve outside.
 *  2. dft_devpath_normalise(): the phone device path of a member of a full-file-system extraction.
 *     The extraction root is detected per member: the first component sequence (within the first
 *     DFT_DEVPATH_MAX_PREFIX components) that matches a known root marker ends the prefix:
 *        Android: data/<data|app|user|user_de|media|misc|system|...>, sdcard, storage, system,
 *                 vendor, product, cache, apex, efs, persist, mnt
 *        iOS:     private/var, var/<mobile|root|containers|db|logs|...> (-> /private/var/...),
 *                 System/Library, Applications
 *     Android backups (.ab): apps/<pkg>/{db,f,sp,c,r,a,nb,ef,obb,d_*}/x -> /data/data/<pkg>/{databases,
 *     files,shared_prefs,cache,...}/x (AOSP FullBackup domain tokens).
 *     The decision is per member and independent of member order (no listing is needed before the
 *     first member is emitted, which a tar.gz could not give without reading it all). Members with
 *     no marker ("Dump/README.txt") get no device path (NULL: the same as their path). The first
 *     prefix seen is remembered in dft_devpath.prefix for information only.
 *
 * Invariants:
 *  1. A sanitised path never contains "", "." or ".." components and never starts with '/'.
 *  2. A device path always starts with '/' and has no empty, "." or ".." components.
 */
#ifndef DFT_DEVPATH_H
#define DFT_DEVPATH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strmap.h"

#define DFT_DEVPATH_MAX_PREFIX 6
/* Caps on a sanitised path: components and bytes. Deeper or longer names keep their first
 * components and fold the rest into one "__deep__<hash>_<last name>" component
 * (DFT_SANITISE_FOLDED). The caps bound what a walker spends on one hostile name: every ancestor
 * directory is a record whose path is a prefix, so the sum of their lengths is at most
 * MAX_COMPS * MAX_LEN / 2 (32 MiB), not quadratic in the raw name. */
#define DFT_DEVPATH_MAX_COMPS 4096
#define DFT_DEVPATH_MAX_LEN 16384

enum {
    DFT_SANITISE_DOTDOT = 1u << 0,   /* had ".." components */
    DFT_SANITISE_OUTSIDE = 1u << 1,  /* would have escaped the tree: moved under "__outside__/" */
    DFT_SANITISE_ABSOLUTE = 1u << 2, /* started with '/' (or a drive letter) */
    DFT_SANITISE_EMPTY = 1u << 3,    /* nothing left: named "__empty__" */
    DFT_SANITISE_FOLDED = 1u << 4,   /* over DFT_DEVPATH_MAX_COMPS / _LEN: the excess folded into one name */
};

/* Sanitises raw into *out (malloc'd, caller frees). *flags gets DFT_SANITISE_* bits. Every
 * component of raw is accounted for (runs of '/' included); none is dropped silently. */
int dft_devpath_sanitise(const char *raw, char **out, unsigned *flags);

typedef struct dft_devpath {
    char *prefix;      /* first extraction prefix seen ("Dump", "" for none), NULL until seen; owned */
} dft_devpath;

void dft_devpath_init(dft_devpath *d);
void dft_devpath_free(dft_devpath *d);

/* Device path of the sanitised member path rel (no leading '/'). *out is malloc'd ("/data/...")
 * or NULL when rel has no recognised root. is_dir lets a bare marker ("Dump/data") count. */
int dft_devpath_normalise(dft_devpath *d, const char *rel, bool is_dir, char **out);

/* Stateless: length of the prefix before the root marker of rel (0 when rel starts with the
 * marker), or -1 when none. *ios_var is set when the marker is a bare iOS "var" (needs "/private"). */
long dft_devpath_find_root(const char *rel, bool is_dir, bool *ios_var);

/* True when the names of a file system's root directory look like an Android userdata partition
 * (mounted at /data): then its paths get "/data" prepended. names: n entries. */
bool dft_devpath_is_userdata_root(const char *const *names, size_t n);

/* ---- building a tree from flat paths (archive members, Manifest.db rows) ---------------------
 * ids maps every recorded path to (files.id << 1) | is_dir. Invariant kept by the callers: every
 * recorded path's ancestors are recorded directories. */

/* Records directory prefix (a path with no trailing '/') under parent_id; *out_id gets its id. */
typedef int (*dft_tree_dir_fn)(void *payload, const char *prefix, int64_t parent_id, int64_t *out_id);

/* Makes sure every ancestor of *pathp exists as a directory and sets *out_parent to the parent's
 * id (root_id for a top-level path). Iterative: finds the longest recorded prefix, then calls
 * emit for each missing directory left to right (parents first) and records it in ids. A prefix
 * recorded as a non-directory cannot be a parent: that component is renamed with "~dir" (then
 * "~dir2", ...) in *pathp (reallocated) and *renamed counts the renames, so the caller can warn.
 * Paths are "a/b/c" (archive) or "/a/b/c" (iTunes); a leading '/' is the root. */
int dft_tree_parents(dft_strmap *ids, char **pathp, int64_t root_id, dft_tree_dir_fn emit, void *payload,
                     int64_t *out_parent, unsigned *renamed);

#endif
