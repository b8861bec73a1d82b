/*
 * timefmt.h - the one place times become text: UTC `YYYY-MM-DDTHH:MM:SS[.fff[fff[fff]]]Z` (contract),
 * and the one place other epochs and units become Unix time, so no parser writes them twice.
 *
 * Invariants:
 *  1. A time is Unix seconds plus nanoseconds (0..999,999,999), floored: -0.5 s is sec -1, ns 500000000.
 *  2. Integer sources convert exactly (no double on the way), whatever their unit.
 *  3. A time whose year is outside 1..9999 becomes "invalid:<unix seconds>"; sources whose Unix seconds
 *     do not fit in int64 are clamped to INT64_MIN/INT64_MAX first (and so are invalid too).
 *  4. dft_time_format shows milliseconds (the contract's [.fff]); dft_time_format_full shows all the
 *     precision there is, in groups of three digits (.123, .123456, .123456789), none when ns is 0.
 */
#ifndef DFT_TIMEFMT_H
#define DFT_TIMEFMT_H

#include <stdint.h>

#define DFT_TIME_LEN 32

/* The units and epochs of timestamps found in evidence. */
typedef enum dft_time_unit {
    DFT_TIME_UNIX_S,      /* seconds since 1970-01-01 */
    DFT_TIME_UNIX_MS,     /* milliseconds since 1970 (Java, JavaScript, Android providers, WhatsApp) */
    DFT_TIME_UNIX_US,     /* microseconds since 1970 (Firefox PRTime) */
    DFT_TIME_UNIX_NS,     /* nanoseconds since 1970 */
    DFT_TIME_COCOA_S,     /* whole seconds since 2001-01-01 (Apple Core Data, iOS < 11 sms.db) */
    DFT_TIME_COCOA_NS,    /* nanoseconds since 2001-01-01 (iOS 11+ sms.db message.date) */
    DFT_TIME_COCOA_AUTO,  /* either of the two: |value| >= 1e11 is nanoseconds (1e11 s is year 5170) */
    DFT_TIME_WEBKIT_US,   /* microseconds since 1601-01-01 (Chrome/WebKit) */
    DFT_TIME_FILETIME,    /* 100 ns since 1601-01-01 (Windows FILETIME; values >= 2^63 are invalid) */
} dft_time_unit;

/* Unix seconds + nanoseconds -> UTC text with milliseconds, shown only when ns != 0. */
void dft_time_format(char out[DFT_TIME_LEN], int64_t sec, uint32_t ns);
/* The same with every significant digit of ns, in groups of three (.fff, .ffffff, .fffffffff). */
void dft_time_format_full(char out[DFT_TIME_LEN], int64_t sec, uint32_t ns);
/* Now, with milliseconds. */
void dft_time_now(char out[DFT_TIME_LEN]);

/* An integer timestamp in a unit -> Unix seconds and nanoseconds (exact; clamped per invariant 3). */
void dft_time_from(dft_time_unit unit, int64_t value, int64_t *sec, uint32_t *ns);
/* An integer timestamp in a unit -> UTC text with its full precision (dft_time_format_full). */
void dft_time_text(char out[DFT_TIME_LEN], dft_time_unit unit, int64_t value);

/* Windows FILETIME (100 ns since 1601) -> Unix seconds and ns. */
void dft_time_from_filetime(uint64_t ft, int64_t *sec, uint32_t *ns);
/* Apple Cocoa/Mac absolute time as a double (seconds since 2001-01-01, NSDate) -> Unix seconds, and
 * *ns rounded to the microsecond (at today's magnitudes a double holds about 0.1 us, so finer digits
 * are noise). NaN, infinities and values past +-4.6e18 s give the 2001 epoch itself, ns 0. For
 * integer nanoseconds (iOS 11+) use DFT_TIME_COCOA_NS: a double cannot hold them. */
int64_t dft_time_from_cocoa(double cocoa, uint32_t *ns);
/* The double Cocoa time as UTC text (microseconds shown when present). */
void dft_time_text_cocoa(char out[DFT_TIME_LEN], double cocoa);

#endif
