/*
 * scamscript.c - the stage/family scoring of scamscript.h over lexicon matches.
 */
#include "scamscript.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"

static const char *const stage_names[DFT_SCAM_STAGE_COUNT] = {
    "persona", "grooming", "reveal", "onboarding", "deposit", "escalation", "withdrawal_blocked",
};
static const char *const family_names[DFT_SCAM_FAMILY_COUNT] = {
    "romance_investment", "police_impersonation", "task_job", "loan", "recovery",
};

const char *dft_scam_stage_name(dft_scam_stage s) { return s < DFT_SCAM_STAGE_COUNT ? stage_names[s] : "?"; }
const char *dft_scam_family_name(dft_scam_family f) { return f < DFT_SCAM_FAMILY_COUNT ? family_names[f] : "?"; }

static int index_of(const char *name, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(name, names[i]) == 0) return i;
    return -1;
}

/* The list a category feeds, or NULL when the classifier does not read it. */
static dft_scam_list *list_for(dft_scam_result *r, const char *cat)
{
    int i;
    if (strncmp(cat, "stage.", 6) == 0 && (i = index_of(cat + 6, stage_names, DFT_SCAM_STAGE_COUNT)) >= 0)
        return &r->stage[i];
    if (strncmp(cat, "family.", 7) == 0 && (i = index_of(cat + 7, family_names, DFT_SCAM_FAMILY_COUNT)) >= 0)
        return &r->family_cues[i];
    if (strcmp(cat, "marker.script") == 0) return &r->markers;
    if (strcmp(cat, "neg.advisory") == 0 || strcmp(cat, "neg.news") == 0) return &r->negatives;
    return NULL;
}

/* Which group a list belongs to: a term counts once per group (stages, families, markers, negatives),
 * so "涉嫌洗钱" can be both a reveal-stage term and a police-family cue. */
static int group_of(const dft_scam_result *r, const dft_scam_list *l)
{
    if (l >= r->stage && l < r->stage + DFT_SCAM_STAGE_COUNT) return 0;
    if (l >= r->family_cues && l < r->family_cues + DFT_SCAM_FAMILY_COUNT) return 1;
    return l == &r->markers ? 2 : 3;
}

typedef struct seen_t {
    const char *term;
    int group;
} seen_t;

/* Has this term text (case-insensitively for ASCII) been counted before in this group? */
static bool seen_term(const seen_t *seen, size_t nseen, const char *term, int group)
{
    for (size_t i = 0; i < nseen; i++)
        if (seen[i].group == group && strcasecmp(seen[i].term, term) == 0) return true;
    return false;
}

static double capped(double v, double cap) { return v > cap ? cap : v < 0 ? 0 : v; }

int dft_scamscript_classify(const dft_lexicon *lx, dft_lexicon_scratch *sc, const char *text, size_t len,
                            dft_scam_result *r)
{
    memset(r, 0, sizeof *r);
    r->family = "unknown";
    dft_lexicon_match *m = NULL;
    size_t n = 0;
    int rc = dft_lexicon_scan(lx, sc, text, len, &m, &n, &r->truncated);
    if (rc) return rc;
    /* distinct term texts already counted (invariant 1); bounded by the lexicon size */
    size_t cap = dft_lexicon_count(lx) + 1;
    seen_t *seen = malloc(cap * sizeof *seen);
    /* an entry's later matches are skipped at once: hostile text repeating terms costs O(matches) */
    bool *entry_done = calloc(cap, sizeof *entry_done);
    if (!seen || !entry_done) {
        free(seen);
        free(entry_done);
        free(m);
        return dft_error_set(DFT_ENOMEM, "scamscript: out of memory");
    }
    size_t nseen = 0;
    for (size_t i = 0; i < n; i++) {
        if (m[i].entry >= cap - 1 || entry_done[m[i].entry]) continue;
        entry_done[m[i].entry] = true;
        const dft_lexicon_entry *e = dft_lexicon_entry_at(lx, m[i].entry);
        dft_scam_list *l = list_for(r, e->category);
        if (!l || nseen >= cap) continue;
        int g = group_of(r, l);
        if (seen_term(seen, nseen, e->term, g)) continue;
        seen[nseen++] = (seen_t){ e->term, g };
        double w = e->weight < 0 ? -e->weight : e->weight;
        l->weight += w;
        if (l->n < DFT_SCAM_MAX_TERMS)
            l->t[l->n++] = (dft_scam_term){ e->term, e->lang, m[i].offset, m[i].length, w };
    }
    free(seen);
    free(entry_done);
    free(m);

    double stages = 0;
    size_t lo = (size_t)-1, hi = 0;
    for (int s = 0; s < DFT_SCAM_STAGE_COUNT; s++) {
        const dft_scam_list *l = &r->stage[s];
        if (!l->n) continue;
        r->nstages++;
        stages += capped(l->weight, DFT_SCAM_STAGE_CAP);
        for (size_t k = 0; k < l->n; k++) {
            if (l->t[k].offset < lo) lo = l->t[k].offset;
            if (l->t[k].offset + l->t[k].length > hi) hi = l->t[k].offset + l->t[k].length;
        }
    }
    r->score = stages + capped(r->markers.weight, DFT_SCAM_MARKER_CAP) - capped(r->negatives.weight, DFT_SCAM_NEG_CAP);
    /* An advisory or a news article describes every stage too: any advisory/news cue vetoes the flag
     * unless the text also reads as instructions to a worker (script markers worth >= 1) */
    bool vetoed = r->negatives.weight > 0 && r->markers.weight < 1.0;
    r->flagged = r->nstages >= DFT_SCAM_MIN_STAGES && r->score >= DFT_SCAM_THRESHOLD && !vetoed;
    double c = 0.3 + 0.08 * r->score;
    r->confidence = c < 0.3 ? 0.3 : c > 0.95 ? 0.95 : c;
    if (r->nstages) {
        r->span_offset = lo;
        r->span_length = hi - lo;
    }
    int best = -1;
    for (int f = 0; f < DFT_SCAM_FAMILY_COUNT; f++)
        if (r->family_cues[f].n && (best < 0 || r->family_cues[f].weight > r->family_cues[best].weight)) best = f;
    if (best >= 0) r->family = family_names[best];
    else if (r->stage[DFT_SCAM_GROOMING].n) r->family = family_names[DFT_SCAM_ROMANCE_INVESTMENT];
    return DFT_OK;
}

static json_t *terms_json(const dft_scam_list *l, size_t base)
{
    json_t *a = json_array();
    for (size_t k = 0; a && k < l->n; k++)
        json_array_append_new(a, json_pack("{sssIss}", "term", l->t[k].term, "offset", (json_int_t)(base + l->t[k].offset),
                                           "lang", l->t[k].lang));
    return a;
}

/* Scores in the JSON are rounded to 2 decimals so that the text is stable across compilers. */
static json_t *real2(double v) { return json_real((double)(long long)(v * 100 + (v < 0 ? -0.5 : 0.5)) / 100); }

char *dft_scamscript_details(const dft_scam_result *r, const char *lexicon_version, size_t base)
{
    json_t *d = json_object();
    if (!d) return NULL;
    json_object_set_new(d, "family", json_string(r->family));
    json_t *st = json_array();
    for (int s = 0; s < DFT_SCAM_STAGE_COUNT; s++)
        if (r->stage[s].n)
            json_array_append_new(st, json_pack("{ssso}", "stage", stage_names[s], "terms", terms_json(&r->stage[s], base)));
    json_object_set_new(d, "stages", st);
    /* the languages the counted stage terms matched in, sorted: which lexicon part fired */
    const char *langs[16];
    size_t nl = 0;
    for (int s = 0; s < DFT_SCAM_STAGE_COUNT; s++)
        for (size_t k = 0; k < r->stage[s].n; k++) {
            const char *l = r->stage[s].t[k].lang;
            size_t i = 0;
            while (i < nl && strcmp(langs[i], l) < 0) i++;
            if ((i < nl && strcmp(langs[i], l) == 0) || nl == sizeof langs / sizeof *langs) continue;
            memmove(langs + i + 1, langs + i, (nl - i) * sizeof *langs);
            langs[i] = l;
            nl++;
        }
    json_t *la = json_array();
    for (size_t i = 0; la && i < nl; i++) json_array_append_new(la, json_string(langs[i]));
    json_object_set_new(d, "languages", la);
    json_object_set_new(d, "score", real2(r->score));
    json_object_set_new(d, "negatives", terms_json(&r->negatives, base));
    json_object_set_new(d, "markers", terms_json(&r->markers, base));
    json_t *fam = json_object();
    for (int f = 0; f < DFT_SCAM_FAMILY_COUNT; f++)
        if (r->family_cues[f].n) json_object_set_new(fam, family_names[f], terms_json(&r->family_cues[f], base));
    json_object_set_new(d, "family_cues", fam);
    json_object_set_new(d, "lexicon_version", json_string(lexicon_version ? lexicon_version : ""));
    if (r->truncated) json_object_set_new(d, "truncated", json_true());
    char *txt = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(d);
    return txt;
}
