/*
 * scamscript.h - the scam-script classifier: decides whether a text is a staged fraud playbook
 * ("话术", a script a worker follows) and of which family, from the matches of a scam lexicon
 * (lexicon.h; plugins/scam_text/data/scam.tsv) - an investigator must see why, so the result keeps
 * every counted term with its offset and language.
 *
 * Lexicon categories the classifier reads (others are ignored):
 *   stage.<S>   S in dft_scam_stage order: persona, grooming, reveal, onboarding, deposit, escalation,
 *               withdrawal_blocked
 *   family.<F>  F = romance_investment, police_impersonation, task_job, loan, recovery
 *   marker.script   the text addresses the worker as a script: "话术", "第一步", "客户说", "you must"
 *   neg.advisory    anti-fraud advisory / reporting cues: "防骗", "警方提醒", "beware", "hotline"
 *   neg.news        reporting cues of a news article: "据报道", "police said", "according to"
 *
 * Decision (invariants; numbers in docs/scam-text.md):
 *  1. A term counts once (its first occurrence), in the first stage that lists it: evidence is the
 *     number of stages with distinct terms, not the number of keyword hits.
 *  2. stage score = sum over stages of min(DFT_SCAM_STAGE_CAP, sum of its distinct terms' weights);
 *     markers add min(DFT_SCAM_MARKER_CAP, their weights); negatives subtract min(DFT_SCAM_NEG_CAP,
 *     their weights). score = stages + markers - negatives.
 *  3. flagged  <=>  stages with terms >= DFT_SCAM_MIN_STAGES  and  score >= DFT_SCAM_THRESHOLD.
 *  4. family = the family with the largest summed family-cue weight (ties: enum order); with no
 *     family cue, romance_investment when the grooming stage was seen, else "unknown".
 *  5. Output depends only on the text and the lexicon (sorted matches): deterministic.
 */
#ifndef DFT_PARSERS_SCAMSCRIPT_H
#define DFT_PARSERS_SCAMSCRIPT_H

#include <stdbool.h>
#include <stddef.h>

#include "parsers/lexicon.h"

#define DFT_SCAM_MIN_STAGES 3u
#define DFT_SCAM_THRESHOLD 3.0
#define DFT_SCAM_STAGE_CAP 1.5
#define DFT_SCAM_MARKER_CAP 3.0
#define DFT_SCAM_NEG_CAP 8.0
#define DFT_SCAM_MAX_TERMS 16u   /* terms kept per stage / list in the result */

typedef enum dft_scam_stage {
    DFT_SCAM_PERSONA, DFT_SCAM_GROOMING, DFT_SCAM_REVEAL, DFT_SCAM_ONBOARDING, DFT_SCAM_DEPOSIT,
    DFT_SCAM_ESCALATION, DFT_SCAM_WITHDRAWAL_BLOCKED, DFT_SCAM_STAGE_COUNT
} dft_scam_stage;

typedef enum dft_scam_family {
    DFT_SCAM_ROMANCE_INVESTMENT, DFT_SCAM_POLICE_IMPERSONATION, DFT_SCAM_TASK_JOB, DFT_SCAM_LOAN,
    DFT_SCAM_RECOVERY, DFT_SCAM_FAMILY_COUNT
} dft_scam_family;

typedef struct dft_scam_term {
    const char *term, *lang;  /* borrowed from the lexicon */
    size_t offset, length;    /* in the classified text */
    double weight;
} dft_scam_term;

typedef struct dft_scam_list {
    dft_scam_term t[DFT_SCAM_MAX_TERMS];
    size_t n;
    double weight;            /* summed weight of the distinct terms (all, not only the kept ones) */
} dft_scam_list;

typedef struct dft_scam_result {
    bool flagged;
    const char *family;       /* static string: "romance_investment", ..., "unknown" */
    double score, confidence;
    unsigned nstages;         /* stages with at least one counted term */
    dft_scam_list stage[DFT_SCAM_STAGE_COUNT];
    dft_scam_list family_cues[DFT_SCAM_FAMILY_COUNT];
    dft_scam_list markers, negatives;
    size_t span_offset, span_length;   /* first to last counted stage term */
    bool truncated;           /* the lexicon's match cap was hit */
} dft_scam_result;

/* Classifies text[0..len). *out is filled (no allocation kept). */
int dft_scamscript_classify(const dft_lexicon *lx, dft_lexicon_scratch *sc, const char *text, size_t len,
                            dft_scam_result *out);

const char *dft_scam_stage_name(dft_scam_stage s);
const char *dft_scam_family_name(dft_scam_family f);

/* The details JSON of a result (docs/scam-text.md: family, stages[{stage, terms[{term, offset, lang}]}],
 * score, negatives, markers, lexicon_version); caller frees with free(). NULL on out of memory. */
char *dft_scamscript_details(const dft_scam_result *r, const char *lexicon_version, size_t offset_base);

#endif
