/*
 * tipcues.c - trafficking indicator cues (tipcues.h): lexicon matches turned into excerpts.
 */
#include "tipcues.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

/* Moves i back (or forward) to the start of a UTF-8 character. */
static size_t char_start_back(const char *t, size_t i)
{
    while (i > 0 && ((uint8_t)t[i] & 0xC0) == 0x80) i--;
    return i;
}

static size_t char_start_fwd(const char *t, size_t len, size_t i)
{
    while (i < len && ((uint8_t)t[i] & 0xC0) == 0x80) i++;
    return i;
}

static void window(const char *t, size_t len, size_t off, size_t n, size_t radius, bool line_only, size_t *wo, size_t *wl)
{
    size_t a = off > radius ? off - radius : 0, b = off + n + radius < len ? off + n + radius : len;
    if (line_only) {
        for (size_t i = off; i > a; i--)
            if (t[i - 1] == '\n') { a = i; break; }
        for (size_t i = off + n; i < b; i++)
            if (t[i] == '\n' || t[i] == '\r') { b = i; break; }
    }
    a = char_start_back(t, a);
    if (a > off) a = off;
    b = char_start_fwd(t, len, b);
    *wo = a;
    *wl = b - a;
}

int dft_tipcues_find(const dft_lexicon *lx, dft_lexicon_scratch *sc, const char *text, size_t len,
                     dft_tipcue_fn cb, void *payload, bool *truncated)
{
    bool trunc = false;
    dft_lexicon_match *m = NULL;
    size_t n = 0;
    int rc = dft_lexicon_scan(lx, sc, text, len, &m, &n, &trunc);
    if (rc) return rc;
    /* per family: end of the last reported span (invariant 1); families are few, a small table */
    const char *fam[32];
    size_t fam_end[32], nfam = 0, reported = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        const dft_lexicon_entry *e = dft_lexicon_entry_at(lx, m[i].entry);
        if (strncmp(e->category, "tip.", 4) != 0 || !e->category[4]) continue;
        const char *family = e->category + 4;
        size_t f = 0;
        while (f < nfam && strcmp(fam[f], family) != 0) f++;
        if (f == nfam) {
            if (nfam == 32) continue;   /* more families than any lexicon of ours has: ignored */
            fam[nfam] = family;
            fam_end[nfam++] = 0;
        } else if (m[i].offset < fam_end[f]) {
            continue;
        }
        if (reported == DFT_TIP_MAX_CUES) { trunc = true; break; }
        fam_end[f] = m[i].offset + m[i].length;
        /* a longer match of the same family starting at the same offset follows in sort order:
         * prefer it (it is the more specific cue) */
        size_t j = i;
        while (j + 1 < n && m[j + 1].offset == m[i].offset &&
               strcmp(dft_lexicon_entry_at(lx, m[j + 1].entry)->category, e->category) == 0) j++;
        const dft_lexicon_entry *best = dft_lexicon_entry_at(lx, m[j].entry);
        dft_tipcue c = { family, best->term, best->lang, best->weight, m[j].offset, m[j].length, 0, 0, 0, 0 };
        fam_end[f] = m[j].offset + m[j].length;
        window(text, len, c.offset, c.length, DFT_TIP_EXCERPT, true, &c.excerpt_offset, &c.excerpt_length);
        window(text, len, c.offset, c.length, DFT_TIP_CONTEXT, false, &c.context_offset, &c.context_length);
        reported++;
        rc = cb(payload, &c);
    }
    free(m);
    if (truncated) *truncated = trunc;
    return rc;
}
