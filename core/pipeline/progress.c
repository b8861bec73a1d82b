/*
 * progress.c - progress line: files done/seen, bytes read, rate, media-hash percentage and ETA.
 * ETA comes from the media hash when there is one (it reads every byte of the media in order, so
 * its rate is a steady estimate); otherwise no ETA is guessed.
 */
#include "progress.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "error.h"

struct dft_progress {
    const dft_pipeline *p;
    char label[64];
    uint64_t media_total;
    const _Atomic uint64_t *media_done;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cond;
    bool stop;
    double started;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void dft_bytes_text(char *out, size_t cap, uint64_t bytes)
{
    const char *units[] = { "B", "KiB", "MiB", "GiB", "TiB" };
    double v = (double)bytes;
    int u = 0;
    while (v >= 1024 && u < 4) v /= 1024, u++;
    snprintf(out, cap, u ? "%.1f %s" : "%.0f %s", v, units[u]);
}

static void draw(dft_progress *pr)
{
    uint64_t done, seen, bytes;
    dft_pipeline_progress(pr->p, &done, &seen, &bytes);
    double el = now_s() - pr->started;
    char b[32], rate[32], line[256], eta[48] = "";
    dft_bytes_text(b, sizeof b, bytes);
    dft_bytes_text(rate, sizeof rate, el > 0 ? (uint64_t)(bytes / el) : 0);
    if (pr->media_total && pr->media_done) {
        uint64_t m = atomic_load(pr->media_done);
        double frac = (double)m / (double)pr->media_total;
        if (frac > 0.01 && frac < 1) {
            int left = (int)(el / frac - el);
            snprintf(eta, sizeof eta, " | media %.0f%% | ETA %d:%02d", frac * 100, left / 60, left % 60);
        } else {
            snprintf(eta, sizeof eta, " | media %.0f%%", frac * 100);
        }
    }
    snprintf(line, sizeof line, "\r%s: %llu/%llu files | %s | %s/s%s", pr->label, (unsigned long long)done,
             (unsigned long long)seen, b, rate, eta);
    fprintf(stderr, "%-100s", line);
    fflush(stderr);
}

static void *progress_main(void *arg)
{
    dft_progress *pr = arg;
    pthread_mutex_lock(&pr->mu);
    while (!pr->stop) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 500000000L;
        ts.tv_sec += ts.tv_nsec / 1000000000L;
        ts.tv_nsec %= 1000000000L;
        pthread_cond_timedwait(&pr->cond, &pr->mu, &ts);
        if (!pr->stop) draw(pr);
    }
    pthread_mutex_unlock(&pr->mu);
    fprintf(stderr, "\r%-100s\r", "");
    return NULL;
}

int dft_progress_start(dft_progress **out, const dft_pipeline *p, const char *label, uint64_t media_total,
                       const _Atomic uint64_t *media_done)
{
    dft_progress *pr = calloc(1, sizeof *pr);
    if (!pr) return dft_error_set(DFT_ENOMEM, "out of memory");
    pr->p = p;
    snprintf(pr->label, sizeof pr->label, "%s", label);
    pr->media_total = media_total;
    pr->media_done = media_done;
    pr->started = now_s();
    pthread_mutex_init(&pr->mu, NULL);
    pthread_cond_init(&pr->cond, NULL);
    if (pthread_create(&pr->thread, NULL, progress_main, pr) != 0) {
        pthread_mutex_destroy(&pr->mu);
        pthread_cond_destroy(&pr->cond);
        free(pr);
        *out = NULL; /* no progress line; the ingest goes on */
        return dft_error_set(DFT_ERROR, "cannot start the progress thread");
    }
    *out = pr;
    return DFT_OK;
}

void dft_progress_stop(dft_progress *pr)
{
    if (!pr) return;
    pthread_mutex_lock(&pr->mu);
    pr->stop = true;
    pthread_cond_signal(&pr->cond);
    pthread_mutex_unlock(&pr->mu);
    pthread_join(pr->thread, NULL);
    pthread_mutex_destroy(&pr->mu);
    pthread_cond_destroy(&pr->cond);
    free(pr);
}
