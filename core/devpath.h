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

#define DFT_DEVPATH_MAX_PREFIX 6

enum {
    DFT_SANITISE_DOTDOT = 1u << 0,   /* had ".." components */
    DFT_SANITISE_OUTSIDE = 1u << 1,  /* would have escaped the tree: moved under "__outside__/" */
    DFT_SANITISE_ABSOLUTE = 1u << 2, /* started with '/' (or a drive letter) */
    DFT_SANITISE_EMPTY = 1u << 3,    /* nothing left: named "__empty__" */
};

/* Sanitises raw into *out (malloc'd, caller frees). *flags gets DFT_SANITISE_* bits. */
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

#endif
