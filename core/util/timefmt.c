/*
 * timefmt.c - UTC text for timestamps (timefmt.h).
 */
#include "timefmt.h"

#include <stdio.h>
#include <time.h>

void dft_time_format(char out[DFT_TIME_LEN], int64_t sec, uint32_t ns)
{
    struct tm tm;
    time_t t = (time_t)sec;
    if (!gmtime_r(&t, &tm)) {
        snprintf(out, DFT_TIME_LEN, "invalid:%lld", (long long)sec);
        return;
    }
    /* A year outside 1..9999 is not a date anybody can read back (corrupt metadata): say so
     * rather than print a plausible wrong date. */
    int year = tm.tm_year + 1900;
    if (year < 1 || year > 9999) {
        snprintf(out, DFT_TIME_LEN, "invalid:%lld", (long long)sec);
        return;
    }
    unsigned mon = (unsigned)(tm.tm_mon + 1) % 100u, day = (unsigned)tm.tm_mday % 100u;
    unsigned hh = (unsigned)tm.tm_hour % 100u, mm = (unsigned)tm.tm_min % 100u, ss = (unsigned)tm.tm_sec % 100u;
    if (ns)
        snprintf(out, DFT_TIME_LEN, "%04d-%02u-%02uT%02u:%02u:%02u.%03uZ", year, mon, day, hh, mm, ss,
                 (ns / 1000000u) % 1000u);
    else
        snprintf(out, DFT_TIME_LEN, "%04d-%02u-%02uT%02u:%02u:%02uZ", year, mon, day, hh, mm, ss);
}

void dft_time_now(char out[DFT_TIME_LEN])
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    /* always show milliseconds for run times; +1 ns keeps ".000" visible on an exact second */
    dft_time_format(out, ts.tv_sec, ts.tv_nsec ? (uint32_t)ts.tv_nsec : 1u);
}

void dft_time_from_filetime(uint64_t ft, int64_t *sec, uint32_t *ns)
{
    const uint64_t epoch_diff = 116444736000000000ULL; /* 1601-01-01 to 1970-01-01 in 100 ns */
    int64_t t = (int64_t)(ft - epoch_diff);
    int64_t s = t / 10000000;
    int64_t rem = t % 10000000;
    if (rem < 0) {
        rem += 10000000;
        s -= 1;
    }
    *sec = s;
    *ns = (uint32_t)(rem * 100);
}

int64_t dft_time_from_cocoa(double cocoa, uint32_t *ns)
{
    /* NaN, infinities and values past +-2^62 s are corrupt: report the epoch itself */
    if (!(cocoa > -4.6e18 && cocoa < 4.6e18)) {
        if (ns) *ns = 0;
        return 978307200;
    }
    const int64_t epoch_diff = 978307200; /* 2001-01-01 - 1970-01-01 */
    double whole = (double)(int64_t)cocoa;
    double frac = cocoa - whole;
    if (frac < 0) {
        frac += 1.0;
        whole -= 1.0;
    }
    if (ns) *ns = (uint32_t)(frac * 1e9);
    return (int64_t)whole + epoch_diff;
}
