/*
 * error.h - int error codes with a thread-local message (libgit2 style).
 *
 * Invariants:
 *  1. Every dftriage function that can fail returns int: DFT_OK (0) or a negative DFT_E* code.
 *  2. The function that detects a failure calls dft_error_set(), which stores a one-line message in a
 *     _Thread_local buffer and returns the code, so `return dft_error_set(...)` keeps the return visible.
 *  3. Callers pass a lower error up unchanged; they do not prepend "failed to ..." chains.
 *  4. DFT_ECORRUPT is an expected outcome on evidence (recorded as an evidence.warning), not a failed run.
 */
#ifndef DFT_ERROR_H
#define DFT_ERROR_H

#include <stdarg.h>

enum {
    DFT_OK = 0,
    DFT_ERROR = -1,        /* anything not listed below */
    DFT_ENOMEM = -2,
    DFT_EIO = -3,          /* the operating system or a library failed to read/write */
    DFT_ECORRUPT = -4,     /* the input is damaged or not of the expected format */
    DFT_ENOTFOUND = -5,
    DFT_EUNSUPPORTED = -6,
    DFT_EEXISTS = -7,      /* e.g. the same evidence is already in the case */
    DFT_ECANCELLED = -8,   /* watchdog or user interrupt */
    DFT_ELIMIT = -9,       /* a configured cap was hit (size, ratio, depth) */
};

/* Stores the formatted message for this thread and returns code. */
int dft_error_set(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int dft_error_setv(int code, const char *fmt, va_list ap);

/* The last message set on this thread ("" if none). Borrowed; valid until the next dft_error_set. */
const char *dft_error_last(void);

/* Clears the message of this thread. */
void dft_error_clear(void);

/* Short name of a code: "corrupt", "not found", ... (static string). */
const char *dft_error_name(int code);

/* Records the detecting source line, like SQLITE_CORRUPT_BKPT. An expression; it hides no return. */
#define DFT_CORRUPT(...) dft_error_corrupt_at(__FILE__, __LINE__, __VA_ARGS__)
int dft_error_corrupt_at(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
