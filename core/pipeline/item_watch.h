/*
 * item_watch.h - the per-item watchdog of `dftriage ingest` (--item-timeout): a walk sink wrapped
 * around the pipeline's, whose cancelled() also turns true once the evidence item has been walked
 * for longer than the limit. Walkers poll cancelled() between records (and the SQLite progress
 * handler polls it inside queries), so a walker stuck on one item stops within moments; the
 * caller records a warning, completes the item with what was walked, and goes on with the next.
 *
 * Invariants:
 *  1. Every other sink call is passed through unchanged; the wrapper adds no state to records.
 *  2. timeout_s == 0: never expires (cancelled() is the inner one).
 */
#ifndef DFT_ITEM_WATCH_H
#define DFT_ITEM_WATCH_H

#include <stdbool.h>

#include "walk.h"

typedef struct dft_item_watch {
    dft_walk_sink sink;          /* give this one to the walker */
    const dft_walk_sink *inner;
    int timeout_s;
    double start;                /* CLOCK_MONOTONIC seconds */
    bool expired;
    long test_delay_us;          /* DFTRIAGE_TEST_WALK_DELAY_US: a slow walker for the tests, else 0 */
} dft_item_watch;

/* Starts the clock; w is the caller's (no allocation). */
void dft_item_watch_start(dft_item_watch *w, const dft_walk_sink *inner, int timeout_s);
/* True once cancelled() reported the item over its time. */
bool dft_item_watch_expired(const dft_item_watch *w);
/* Seconds since start. */
double dft_item_watch_elapsed(const dft_item_watch *w);

#endif
