/*
 * scamscript_fuzz.c - fuzz harness for parsers/lexicon.c, parsers/scamscript.c and parsers/tipcues.c.
 * An input starting with "#!dft-lexicon" is parsed as a lexicon (must load or fail with an error
 * code, never crash); every input is classified with a built-in lexicon holding terms of each
 * category and script (CJK, Thai, caseless Vietnamese, Latin with boundaries). Checks: matches sorted
 * and inside the input; the decision follows its rule (>= 3 stages and score >= threshold); every term
 * lies inside the input; details are valid JSON; cue excerpts and contexts lie inside the input and
 * hold their cue.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "fuzz_check.h"
#include "parsers/lexicon.h"
#include "parsers/scamscript.h"
#include "parsers/tipcues.h"

static const char LEXICON[] =
    "#!dft-lexicon\tfuzz\t1\n"
    "stage.persona\ten\tI work in Singapore\t1\n"
    "stage.persona\tzh\t我是警官\t1\n"
    "stage.grooming\ten\twrong number\t1\n"
    "stage.grooming\tth\tที่รัก\t0.5\n"
    "stage.reveal\tzh-Hans\t带单\t1\n"
    "stage.reveal\tvi\tđầu tư\t0.5\n"
    "stage.onboarding\ten\tdownload the app\t1\n"
    "stage.deposit\tzh-Hans\t充值\t0.5\n"
    "stage.deposit\ten\tbuy USDT\t1\n"
    "stage.escalation\tvi\tnâng cấp VIP\t1\n"
    "stage.withdrawal_blocked\ten\tunfreeze fee\t1\n"
    "stage.withdrawal_blocked\tzh-Hans\t个人所得税\t1\n"
    "family.loan\ten\tloan\t1\n"
    "family.police_impersonation\tzh\t我是警官\t1\n"
    "marker.script\tzh-Hans\t话术\t1\n"
    "marker.script\ten\t{name}\t1\n"
    "neg.advisory\tvi\tcảnh báo\t1\n"
    "neg.news\ten\tpolice said\t1\n"
    "tip.debt_bondage\tzh\t挂账\t1\n"
    "tip.confinement\ten\tlocked in\t1\n"
    "tip.confinement\ten\tlocked\t1\n"
    "tip.documents_withheld\tth\tยึดพาสปอร์ต\t1\n";

static dft_lexicon *lx;
static dft_lexicon_scratch *sc;

typedef struct cue_acc {
    const uint8_t *d;
    size_t n;
} cue_acc;

static int on_cue(void *p, const dft_tipcue *c)
{
    cue_acc *a = p;
    FUZZ_CHECK(c->offset <= a->n && c->length <= a->n - c->offset);
    FUZZ_CHECK(c->excerpt_offset <= c->offset && c->excerpt_offset + c->excerpt_length >= c->offset + c->length);
    FUZZ_CHECK(c->excerpt_offset + c->excerpt_length <= a->n);
    FUZZ_CHECK(c->context_offset <= c->offset && c->context_offset + c->context_length <= a->n);
    FUZZ_CHECK(c->family && c->cue && c->lang);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!lx) {
        FUZZ_CHECK(dft_lexicon_new(&lx, LEXICON, sizeof LEXICON - 1) == DFT_OK);
        FUZZ_CHECK(dft_lexicon_scratch_new(&sc, lx) == DFT_OK);
    }
    if (size >= 13 && memcmp(data, "#!dft-lexicon", 13) == 0) {
        dft_lexicon *other = NULL;
        int rc = dft_lexicon_new(&other, (const char *)data, size);
        FUZZ_CHECK((rc == DFT_OK) == (other != NULL));
        if (other) {
            dft_lexicon_scratch *osc = NULL;
            if (dft_lexicon_scratch_new(&osc, other) == DFT_OK) {
                dft_lexicon_match *m = NULL;
                size_t n = 0;
                FUZZ_CHECK(dft_lexicon_scan(other, osc, (const char *)data, size, &m, &n, NULL) == DFT_OK);
                free(m);
                dft_lexicon_scratch_free(osc);
            }
            dft_lexicon_free(other);
        }
    }
    dft_lexicon_match *m = NULL;
    size_t n = 0;
    bool trunc = false;
    FUZZ_CHECK(dft_lexicon_scan(lx, sc, (const char *)data, size, &m, &n, &trunc) == DFT_OK);
    for (size_t i = 0; i < n; i++) {
        FUZZ_CHECK(m[i].offset <= size && m[i].length <= size - m[i].offset && m[i].entry < dft_lexicon_count(lx));
        if (i) FUZZ_CHECK(m[i - 1].offset <= m[i].offset);
    }
    free(m);

    dft_scam_result r;
    FUZZ_CHECK(dft_scamscript_classify(lx, sc, (const char *)data, size, &r) == DFT_OK);
    /* the flag: enough stages and score, and no advisory/news cue unless script markers (scamscript.c) */
    FUZZ_CHECK(r.flagged == (r.nstages >= DFT_SCAM_MIN_STAGES && r.score >= DFT_SCAM_THRESHOLD &&
                             !(r.negatives.weight > 0 && r.markers.weight < 1.0)));
    FUZZ_CHECK(r.confidence >= 0.3 && r.confidence <= 0.95);
    for (int s = 0; s < DFT_SCAM_STAGE_COUNT; s++)
        for (size_t k = 0; k < r.stage[s].n; k++)
            FUZZ_CHECK(r.stage[s].t[k].offset + r.stage[s].t[k].length <= size);
    FUZZ_CHECK(r.span_offset + r.span_length <= size);
    char *d = dft_scamscript_details(&r, "1", 0);
    FUZZ_CHECK(d != NULL);
    json_error_t je;
    json_t *j = json_loads(d, 0, &je);
    FUZZ_CHECK(j != NULL);
    json_decref(j);
    free(d);

    cue_acc a = { data, size };
    FUZZ_CHECK(dft_tipcues_find(lx, sc, (const char *)data, size, on_cue, &a, &trunc) == 0);
    return 0;
}
