/*
 * tempdir.h - the run's private temporary area: one 0700 directory (mkdtemp) under --temp-dir,
 * $TMPDIR or /tmp, removed with everything in it at the end of the run. Materialised copies of
 * evidence files live only there.
 */
#ifndef DFT_TEMPDIR_H
#define DFT_TEMPDIR_H

/* *out is malloc'd (caller frees) after dft_tempdir_remove. */
int dft_tempdir_make(char **out, const char *base);
/* Removes dir and all it holds; does not follow symbolic links. */
void dft_tempdir_remove(const char *dir);

#endif
