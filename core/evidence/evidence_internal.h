/*
 * evidence_internal.h - helpers shared by the evidence backends (core/evidence/evidence*.c, core/evidence/tsk_*.c)
 * that are not part of the public evidence interface. No TSK types here.
 *
 * Invariants:
 *  1. dft_dir_scan visits a tree depth-first, parent before children, entries of one directory in
 *     strcmp order, never following symbolic links; the order is a pure function of the tree.
 *  2. Name lists returned here are NULL-terminated and owned by the caller (dft_strv_free).
 */
#ifndef DFT_EVIDENCE_INTERNAL_H
#define DFT_EVIDENCE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "evidence_impl.h"

/* One entry of a directory scan. rel is "/a/b" relative to the root; abs is the full path;
 * depth is 1 for entries of the root. st is the entry's lstat with err 0; or st is NULL and err an
 * errno: lstat failed, or (after the directory's own call) the directory could not be listed.
 * A nonzero return stops the scan and is returned by dft_dir_scan. */
typedef int (*dft_dir_scan_fn)(void *payload, const char *rel, const char *abs, int depth,
                               const struct stat *st, int err);

int dft_dir_scan(const char *root, dft_dir_scan_fn cb, void *payload);

/* sha256 over kind and the sorted (relative path, size) list of a directory tree; *total gets
 * the sum of regular file sizes. */
int dft_dir_fingerprint(const char *root, const char *kind, char out[65], uint64_t *total);

/* Split raw: when path ends in .000/.001/.aa/.aaa (any case) and the next segment exists, returns
 * the segment names in order (NULL-terminated, owned) and their count; else DFT_ENOTFOUND. */
int dft_split_names(const char *path, char ***out, int *count);

void dft_strv_free(char **v);

/* Resolves path (absolute, or relative to the directory of the file base) into out as "/a/b",
 * folding "." and ".."; false when it would leave the root or does not fit. */
bool dft_path_resolve(const char *base, const char *path, char *out, size_t outlen);

/* Opens rel ("a/b/c" or "/a/b/c", relative to the directory open on dirfd) without ever following
 * a symbolic link or leaving dirfd: openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS) where the
 * kernel has it, else one component at a time with openat(O_NOFOLLOW | O_DIRECTORY). "." and
 * ".." components are refused (EACCES), a symlink anywhere fails (ELOOP). flags: open flags for
 * the last component (O_NOFOLLOW and O_CLOEXEC are added). Returns the fd, or -1 with errno.
 * The environment variable DFT_NO_OPENAT2 forces the openat fallback (for its tests). */
int dft_open_beneath(int dirfd, const char *rel, int flags);

#endif
