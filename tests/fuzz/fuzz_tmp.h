/*
 * fuzz_tmp.h - private temp files for harnesses whose entry point wants a file descriptor or a
 * directory. Files are made with mkstemp/mkdtemp in $TMPDIR (default /tmp) and removed by the
 * harness before it returns, so nothing is left behind by a clean run.
 */
#ifndef DFT_FUZZ_TMP_H
#define DFT_FUZZ_TMP_H

#include <stdio.h>
#include <stdlib.h>

/* Writes "<$TMPDIR or /tmp>/<name>XXXXXX" into out (for mkstemp/mkdtemp). */
static inline void fuzz_tmp_template(char *out, size_t outlen, const char *name)
{
    const char *t = getenv("TMPDIR");
    snprintf(out, outlen, "%s/%sXXXXXX", t && *t ? t : "/tmp", name);
}

#endif
