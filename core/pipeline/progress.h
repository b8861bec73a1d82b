/*
 * progress.h - the live progress line on stderr (only when it is a terminal) and byte/rate text.
 * A progress thread samples the pipeline twice a second; it never touches the case store.
 */
#ifndef DFT_PROGRESS_H
#define DFT_PROGRESS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "pipeline.h"

typedef struct dft_progress dft_progress;

/* label: "evidence 1/2"; media_total: bytes the media hash will read (0 = none);
 * media_done: updated by the hashing thread. */
int dft_progress_start(dft_progress **out, const dft_pipeline *p, const char *label, uint64_t media_total,
                       const _Atomic uint64_t *media_done);
/* Stops the thread and clears the line. Accepts NULL. */
void dft_progress_stop(dft_progress *pr);

/* "1.5 GiB" style text. */
void dft_bytes_text(char *out, size_t cap, uint64_t bytes);

#endif
