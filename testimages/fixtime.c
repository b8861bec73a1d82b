/*
 * fixtime.c - LD_PRELOAD shim that pins the wall clock for the image builders (build.sh).
 *
 * mkntfs, libntfs-3g, mtools, debugfs and ewfacquire stamp the current time into what they write
 * (MFT records, FAT directory entries, inode dtime, EWF acquisition date). Under this shim
 * time(), gettimeofday() and clock_gettime(CLOCK_REALTIME*) return DFT_FIXED_TIME (seconds since
 * the epoch, default 1700000000), so two builds produce the same bytes.
 *
 * Invariants:
 *  1. Only the real-time clock is pinned; monotonic clocks pass through (timeouts keep working).
 *  2. No state beyond one cached dlsym() pointer; safe in any process, any thread.
 */
#include <dlfcn.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>

static time_t fixed_now(void)
{
    const char *s = getenv("DFT_FIXED_TIME");
    return s ? (time_t)strtoll(s, NULL, 10) : (time_t)1700000000;
}

time_t time(time_t *out)
{
    time_t v = fixed_now();
    if (out) *out = v;
    return v;
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
    struct timeval *p = tv;
    (void)tz;
    if (p) {
        p->tv_sec = fixed_now();
        p->tv_usec = 0;
    }
    return 0;
}

typedef int (*clock_fn)(clockid_t, struct timespec *);

int clock_gettime(clockid_t id, struct timespec *ts)
{
    static clock_fn real;
    if (id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE) {
        ts->tv_sec = fixed_now();
        ts->tv_nsec = 0;
        return 0;
    }
    if (!real) {
        void *sym = dlsym(RTLD_NEXT, "clock_gettime");
        if (!sym) return -1;
        *(void **)&real = sym;
    }
    return real(id, ts);
}
