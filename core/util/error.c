/*
 * error.c - the thread-local error message behind error.h.
 */
#include "error.h"

#include <stdio.h>
#include <string.h>

static _Thread_local char last_message[1024];

int dft_error_setv(int code, const char *fmt, va_list ap)
{
    vsnprintf(last_message, sizeof last_message, fmt, ap);
    return code;
}

int dft_error_set(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    dft_error_setv(code, fmt, ap);
    va_end(ap);
    return code;
}

int dft_error_corrupt_at(const char *file, int line, const char *fmt, ...)
{
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *base = strrchr(file, '/');
    return dft_error_set(DFT_ECORRUPT, "%s (%s:%d)", msg, base ? base + 1 : file, line);
}

const char *dft_error_last(void)
{
    return last_message;
}

void dft_error_clear(void)
{
    last_message[0] = '\0';
}

const char *dft_error_name(int code)
{
    switch (code) {
    case DFT_OK: return "ok";
    case DFT_ENOMEM: return "out of memory";
    case DFT_EIO: return "i/o error";
    case DFT_ECORRUPT: return "corrupt";
    case DFT_ENOTFOUND: return "not found";
    case DFT_EUNSUPPORTED: return "unsupported";
    case DFT_EEXISTS: return "exists";
    case DFT_ECANCELLED: return "cancelled";
    case DFT_ELIMIT: return "limit reached";
    default: return "error";
    }
}
