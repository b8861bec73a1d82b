/*
 * check.h - the CHECK macro and file helpers of the tests/wallets unit tests.
 */
#ifndef DFT_WALLETS_CHECK_H
#define DFT_WALLETS_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

static int failures;
#define CHECK(c)                                                                                         \
    do {                                                                                                 \
        if (!(c)) {                                                                                      \
            fprintf(stderr, "%s:%d: CHECK failed: %s (last error: %s)\n", __FILE__, __LINE__, #c,       \
                    dft_error_last());                                                                   \
            failures++;                                                                                  \
        }                                                                                                \
    } while (0)
#define CHECK_STR(a, b)                                                                                  \
    do {                                                                                                 \
        const char *a_ = (a), *b_ = (b);                                                                 \
        if (!a_ || strcmp(a_, b_) != 0) {                                                                \
            fprintf(stderr, "%s:%d: '%s' != '%s'\n", __FILE__, __LINE__, a_ ? a_ : "(null)", b_);        \
            failures++;                                                                                  \
        }                                                                                                \
    } while (0)

/* The whole file, malloc'd (caller frees), or NULL. */
static inline unsigned char *slurp(const char *dir, const char *name, size_t *len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *b = malloc(n > 0 ? (size_t)n + 1 : 1);
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    fclose(f);
    if (b) b[n] = 0;
    *len = (size_t)n;
    return b;
}

#endif
