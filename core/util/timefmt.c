/*
 * timefmt.c - UTC text for timestamps, and every epoch/unit converted to Unix time (timefmt.h).
 */
#include "timefmt.h"

#include <math.h>
#include <stdio.h>
#include <time.h>

#define COCOA_EPOCH 978307200LL        /* 2001-01-01 - 1970-01-01, seconds */
#define WIN_EPOCH 11644473600LL        /* 1970-01-01 - 1601-01-01, seconds */

/* Writes the date and time; returns the length written, or -1 after writing "invalid:<sec>". */
static int format_seconds(char out[DFT_TIME_LEN], int64_t sec)
{
    struct tm tm;
    time_t t = (time_t)sec;
    /* A year outside 1..9999 is not a date anybody can read back (corrupt metadata): say so
     * rather than print a plausible wrong date. */
    if (!gmtime_r(&t, &tm) || tm.tm_year + 1900 < 1 || tm.tm_year + 1900 > 9999) {
        snprintf(out, DFT_TIME_LEN, "invalid:%lld", (long long)sec);
        return -1;
    }
    unsigned mon = (unsigned)(tm.tm_mon + 1) % 100u, day = (unsigned)tm.tm_mday % 100u;
    unsigned hh = (unsigned)tm.tm_hour % 100u, mm = (unsigned)tm.tm_min % 100u, ss = (unsigned)tm.tm_sec % 100u;
    return snprintf(out, DFT_TIME_LEN, "%04d-%02u-%02uT%02u:%02u:%02u", tm.tm_year + 1900, mon, day, hh, mm, ss);
}

void dft_time_format(char out[DFT_TIME_LEN], int64_t sec, uint32_t ns)
{
    int n = format_seconds(out, sec);
    if (n < 0) return;
    if (ns) snprintf(out + n, (size_t)(DFT_TIME_LEN - n), ".%03uZ", (ns / 1000000u) % 1000u);
    else snprintf(out + n, (size_t)(DFT_TIME_LEN - n), "Z");
}

void dft_time_format_full(char out[DFT_TIME_LEN], int64_t sec, uint32_t ns)
{
    int n = format_seconds(out, sec);
    if (n < 0) return;
    ns %= 1000000000u;
    if (ns == 0) snprintf(out + n, (size_t)(DFT_TIME_LEN - n), "Z");
    else if (ns % 1000000u == 0) snprintf(out + n, (size_t)(DFT_TIME_LEN - n), ".%03uZ", ns / 1000000u);
    else if (ns % 1000u == 0) snprintf(out + n, (size_t)(DFT_TIME_LEN - n), ".%06uZ", ns / 1000u);
    else snprintf(out + n, (size_t)(DFT_TIME_LEN - n), ".%09uZ", ns);
}

void dft_time_now(char out[DFT_TIME_LEN])
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    /* always show milliseconds for run times; +1 ns keeps ".000" visible on an exact second */
    dft_time_format(out, ts.tv_sec, ts.tv_nsec ? (uint32_t)ts.tv_nsec : 1u);
}

/* value / per_sec floored, and the remainder in ns. */
static void split(int64_t value, int64_t per_sec, int64_t *sec, uint32_t *ns)
{
    int64_t s = value / per_sec, rem = value % per_sec;
    if (rem < 0) {
        rem += per_sec;
        s -= 1;
    }
    *sec = s;
    *ns = (uint32_t)(rem * (1000000000LL / per_sec));
}

/* sec + delta, clamped to int64 (invariant 3). */
static int64_t add_clamped(int64_t sec, int64_t delta)
{
    int64_t r;
    if (__builtin_add_overflow(sec, delta, &r)) return delta > 0 ? INT64_MAX : INT64_MIN;
    return r;
}

void dft_time_from(dft_time_unit unit, int64_t value, int64_t *sec, uint32_t *ns)
{
    switch (unit) {
    case DFT_TIME_UNIX_S: *sec = value; *ns = 0; return;
    case DFT_TIME_UNIX_MS: split(value, 1000, sec, ns); return;
    case DFT_TIME_UNIX_US: split(value, 1000000, sec, ns); return;
    case DFT_TIME_UNIX_NS: split(value, 1000000000, sec, ns); return;
    case DFT_TIME_COCOA_S: *sec = add_clamped(value, COCOA_EPOCH); *ns = 0; return;
    case DFT_TIME_COCOA_NS:
        split(value, 1000000000, sec, ns);
        *sec += COCOA_EPOCH; /* |value / 1e9| < 9.3e9: cannot overflow */
        return;
    case DFT_TIME_COCOA_AUTO:
        dft_time_from(value >= 100000000000LL || value <= -100000000000LL ? DFT_TIME_COCOA_NS : DFT_TIME_COCOA_S,
                      value, sec, ns);
        return;
    case DFT_TIME_WEBKIT_US:
        split(value, 1000000, sec, ns);
        *sec -= WIN_EPOCH;
        return;
    case DFT_TIME_FILETIME:
        split(value, 10000000, sec, ns);
        *sec -= WIN_EPOCH;
        return;
    }
    *sec = 0;
    *ns = 0;
}

void dft_time_text(char out[DFT_TIME_LEN], dft_time_unit unit, int64_t value)
{
    int64_t sec;
    uint32_t ns;
    dft_time_from(unit, value, &sec, &ns);
    dft_time_format_full(out, sec, ns);
}

void dft_time_from_filetime(uint64_t ft, int64_t *sec, uint32_t *ns)
{
    if (ft > (uint64_t)INT64_MAX) {
        *sec = INT64_MAX; /* past year 30828: invalid */
        *ns = 0;
        return;
    }
    dft_time_from(DFT_TIME_FILETIME, (int64_t)ft, sec, ns);
}

int64_t dft_time_from_cocoa(double cocoa, uint32_t *ns)
{
    /* NaN, infinities and values past +-2^62 s are corrupt: report the epoch itself */
    if (!(cocoa > -4.6e18 && cocoa < 4.6e18)) {
        if (ns) *ns = 0;
        return COCOA_EPOCH;
    }
    double whole = floor(cocoa);
    /* round the fraction to the microsecond: truncating 0.1 gave .099999999 */
    int64_t us = (int64_t)llround((cocoa - whole) * 1e6);
    int64_t sec = (int64_t)whole;
    if (us >= 1000000) {
        us -= 1000000;
        sec += 1;
    }
    if (ns) *ns = (uint32_t)(us * 1000);
    return add_clamped(sec, COCOA_EPOCH);
}

void dft_time_text_cocoa(char out[DFT_TIME_LEN], double cocoa)
{
    uint32_t ns;
    int64_t sec = dft_time_from_cocoa(cocoa, &ns);
    dft_time_format_full(out, sec, ns);
}
