/*
 * pass_impl.h - what the pipeline shares with pass.c (passes after the walk, plugin.h).
 */
#ifndef DFT_PASS_IMPL_H
#define DFT_PASS_IMPL_H

#include "pipeline_impl.h"

/* Stores one row emitted from a pass at once (evidence_id from the pass or the file). */
int pass_store_row(dft_scan *s, const struct dft_rowkind *k, void *data, const dft_row_origin *origin,
                   int64_t *out_id);

#endif
