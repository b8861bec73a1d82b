/*
 * typecheck.h - extension versus content: does a file's libmagic MIME type fit its extension?
 * A table of common extensions and the MIME types libmagic gives their real content. Unknown
 * extensions and unknown/empty content never mismatch (no guess is reported as a finding).
 */
#ifndef DFT_TYPECHECK_H
#define DFT_TYPECHECK_H

#include <stdbool.h>

/* True when the extension of name is known and mime is not one of the types expected for it.
 * *expected receives a static description of what was expected. */
bool dft_typecheck_mismatch(const char *name, const char *mime, const char **expected);

#endif
