/*
 * lexicon.h - versioned multilingual term lists (UTF-8 TSV) matched over text with vectorscan.
 *
 * File format (docs/scam-text.md has the full description):
 *   line 1:  #!dft-lexicon <TAB> NAME <TAB> VERSION          (required: the version goes into the case)
 *   comment: a line starting with '#'; blank lines are skipped
 *   entry:   CATEGORY <TAB> LANG <TAB> TERM <TAB> WEIGHT [<TAB> NOTES]
 *            CATEGORY  [a-z0-9_.]+, e.g. "stage.deposit", "family.loan", "neg.advisory", "tip.debt"
 *            LANG      a tag of DFT_LEXICON_LANGS ("zh" = same in simplified and traditional)
 *            TERM      UTF-8, 1..200 bytes, no tab; matched literally (no regex syntax)
 *            WEIGHT    a decimal number in [-10, 10]
 *
 * Matching (invariants):
 *  1. Every term is one vectorscan literal (ASCII punctuation escaped) compiled with HS_FLAG_UTF8 and,
 *     when it holds a cased letter, HS_FLAG_CASELESS (Unicode simple case folding: "CẢNH BÁO" matches
 *     "cảnh báo"). Block mode over the whole text.
 *  2. Word boundaries only where the script has them: a term whose first (last) character is a Latin
 *     letter or digit matches only when the character before (after) it is not a Latin letter, digit or
 *     combining mark. CJK, Thai, Khmer and Burmese terms match anywhere (no spaces between words).
 *  3. Input that is not valid UTF-8 is matched on a copy with each invalid byte replaced by '?', so
 *     offsets are those of the input and vectorscan never sees invalid UTF-8.
 *  4. Matches are delivered sorted by (offset, length, entry index): deterministic. At most
 *     DFT_LEXICON_MAX_MATCHES per scan; more sets *truncated.
 *  5. A loaded lexicon is immutable and shared by threads; each thread scans with its own scratch.
 */
#ifndef DFT_PARSERS_LEXICON_H
#define DFT_PARSERS_LEXICON_H

#include <stdbool.h>
#include <stddef.h>

#define DFT_LEXICON_MAX_MATCHES 20000u
#define DFT_LEXICON_MAX_TERMS 20000u
#define DFT_LEXICON_LANGS "zh zh-Hans zh-Hant en th vi id km my"

typedef struct dft_lexicon dft_lexicon;
typedef struct dft_lexicon_scratch dft_lexicon_scratch;

typedef struct dft_lexicon_entry {
    const char *category;   /* "stage.deposit" */
    const char *lang;       /* "zh-Hans" */
    const char *term;       /* as written in the file */
    double weight;
    size_t line;            /* line number in the file (1-based), for messages */
} dft_lexicon_entry;

typedef struct dft_lexicon_match {
    size_t entry;           /* index for dft_lexicon_entry_at */
    size_t offset, length;  /* byte span in the scanned text */
} dft_lexicon_match;

/* Parses and compiles a lexicon from bytes (a TSV file's content). *out is the caller's, freed with
 * dft_lexicon_free. DFT_ECORRUPT with the line number on a malformed file. */
int dft_lexicon_new(dft_lexicon **out, const char *tsv, size_t len);
/* Same from a file path (at most 16 MiB). */
int dft_lexicon_load(dft_lexicon **out, const char *path);
void dft_lexicon_free(dft_lexicon *lx);

const char *dft_lexicon_name(const dft_lexicon *lx);
const char *dft_lexicon_version(const dft_lexicon *lx);
size_t dft_lexicon_count(const dft_lexicon *lx);
const dft_lexicon_entry *dft_lexicon_entry_at(const dft_lexicon *lx, size_t i);

int dft_lexicon_scratch_new(dft_lexicon_scratch **out, const dft_lexicon *lx);
void dft_lexicon_scratch_free(dft_lexicon_scratch *sc);

/* All matches in text[0..len), sorted (invariant 4) into *out (caller frees with free(); NULL when
 * none), count in *n. */
int dft_lexicon_scan(const dft_lexicon *lx, dft_lexicon_scratch *sc, const char *text, size_t len,
                     dft_lexicon_match **out, size_t *n, bool *truncated);

#endif
