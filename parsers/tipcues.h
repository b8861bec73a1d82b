/*
 * tipcues.h - trafficking-in-persons indicator cues in text, by UNODC indicator family, for human
 * review (never a status: a cue is an excerpt an examiner reads, not a finding about a person).
 *
 * Lexicon categories read (plugins/scam_text/data/tip.tsv): tip.<family> with family in
 * DFT_TIP_FAMILIES: documents_withheld, confinement, debt_bondage, sale_resale, violence,
 * fines_withheld_wages, excessive_hours, deceptive_recruitment, minors, isolation_surveillance,
 * quota_punishment.
 *
 * Invariants:
 *  1. One cue per (family, text span): a match that overlaps an earlier reported match of the same
 *     family is not reported again ("扣押护照" and "护照" in the same words are one cue).
 *  2. The excerpt is the line holding the cue, clipped to DFT_TIP_EXCERPT bytes each side of the cue;
 *     the context DFT_TIP_CONTEXT bytes each side. Both end on UTF-8 character boundaries.
 *  3. At most DFT_TIP_MAX_CUES cues per call; more set *truncated. Deterministic order (text order).
 */
#ifndef DFT_PARSERS_TIPCUES_H
#define DFT_PARSERS_TIPCUES_H

#include <stdbool.h>
#include <stddef.h>

#include "parsers/lexicon.h"

#define DFT_TIP_EXCERPT 120u
#define DFT_TIP_CONTEXT 240u
#define DFT_TIP_MAX_CUES 500u

typedef struct dft_tipcue {
    const char *family;       /* "debt_bondage" (borrowed from the lexicon, without "tip.") */
    const char *cue, *lang;   /* the lexicon term and its language */
    double weight;            /* the term's lexicon weight: 1 specific, 0.5 common in benign text */
    size_t offset, length;    /* the matched span */
    size_t excerpt_offset, excerpt_length;
    size_t context_offset, context_length;
} dft_tipcue;

typedef int (*dft_tipcue_fn)(void *payload, const dft_tipcue *c);

/* Calls cb for every cue in text[0..len) (non-zero from cb stops and is returned). */
int dft_tipcues_find(const dft_lexicon *lx, dft_lexicon_scratch *sc, const char *text, size_t len,
                     dft_tipcue_fn cb, void *payload, bool *truncated);

#endif
