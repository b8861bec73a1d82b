/*
 * tempdir.h - the run's private temporary area: one 0700 directory (mkdtemp) under --temp-dir,
 * $TMPDIR or /tmp, removed with everything in it at the end of the run. Materialised copies of
 * evidence files live only there.
 */
#ifndef DFT_TEMPDIR_H
#define DFT_TEMPDIR_H

/* The directory is named dftriage-<pid>-XXXXXX and holds a marker, .dftriage-owner, flocked for as long
 * as this process lives: a later run tells a dead run's directory by the lock (pids repeat across pid
 * namespaces). *out is malloc'd (caller frees) after dft_tempdir_remove. */
int dft_tempdir_make(char **out, const char *base);
/* Removes dir and all it holds; does not follow symbolic links. */
void dft_tempdir_remove(const char *dir);

/* Removes the dftriage-<pid>-* directories under base (as dft_tempdir_make picks it) whose marker is not
 * locked by a live process and that belong to this user (left by kill -9 or a crash); a directory of that
 * name without a marker is not ours and is left alone. *removed gets how many. */
int dft_tempdir_clean_stale(const char *base, int *removed);

#endif
