/*
 * item_watch.c - the per-item watchdog (item_watch.h).
 */
#include "item_watch.h"

#include <stdlib.h>
#include <unistd.h>

#include <time.h>

static double mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int w_volume(void *p, const dft_volume_rec *v, int64_t *id)
{
    const dft_item_watch *w = p;
    return w->inner->volume(w->inner->payload, v, id);
}

static int w_filesystem(void *p, const dft_fs_rec *fs, int64_t *id)
{
    const dft_item_watch *w = p;
    return w->inner->filesystem(w->inner->payload, fs, id);
}

static int w_file(void *p, const dft_file_rec *f, int64_t *id)
{
    const dft_item_watch *w = p;
    /* The tests need a walker that is slow whatever the machine: a stuck walker cannot be built from
     * evidence that is fast to walk on a fast machine. Test-only; documented in tests/hostile. */
    if (w->test_delay_us > 0) usleep((useconds_t)w->test_delay_us);
    return w->inner->file(w->inner->payload, f, id);
}

static int w_region(void *p, const dft_region_rec *r)
{
    const dft_item_watch *w = p;
    return w->inner->region(w->inner->payload, r);
}

static int w_warning(void *p, int64_t file_id, int64_t offset, const char *msg)
{
    const dft_item_watch *w = p;
    return w->inner->warning(w->inner->payload, file_id, offset, msg);
}

static int w_meta(void *p, const char *key, const char *value)
{
    const dft_item_watch *w = p;
    return w->inner->meta(w->inner->payload, key, value);
}

static void w_mapped(void *p, uint64_t below)
{
    const dft_item_watch *w = p;
    w->inner->mapped(w->inner->payload, below);
}

static bool w_cancelled(void *p)
{
    dft_item_watch *w = p;
    if (w->inner->cancelled && w->inner->cancelled(w->inner->payload)) return true;
    if (w->timeout_s > 0 && !w->expired && mono_s() - w->start > w->timeout_s) w->expired = true;
    return w->expired;
}

void dft_item_watch_start(dft_item_watch *w, const dft_walk_sink *inner, int timeout_s)
{
    w->inner = inner;
    w->timeout_s = timeout_s;
    w->start = mono_s();
    w->expired = false;
    const char *delay = getenv("DFTRIAGE_TEST_WALK_DELAY_US");
    w->test_delay_us = delay ? strtol(delay, NULL, 10) : 0;
    if (w->test_delay_us < 0 || w->test_delay_us > 1000000) w->test_delay_us = 0;
    w->sink = (dft_walk_sink){ inner->volume ? w_volume : NULL, inner->filesystem ? w_filesystem : NULL,
                               inner->file ? w_file : NULL, inner->region ? w_region : NULL,
                               inner->warning ? w_warning : NULL, inner->meta ? w_meta : NULL, w_cancelled, w,
                               inner->mapped ? w_mapped : NULL, inner->slack };
}

bool dft_item_watch_expired(const dft_item_watch *w)
{
    return w->expired;
}

double dft_item_watch_elapsed(const dft_item_watch *w)
{
    return mono_s() - w->start;
}
