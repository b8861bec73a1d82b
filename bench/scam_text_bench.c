/*
 * scam_text_bench.c - throughput of the scam_text classification (scam-script classifier + trafficking
 * cues + MRZ search) over text, in MB/s on one core: a 32 MiB corpus built from the test fixtures
 * (scripts, leaflets, news, chat, cue text, MRZ) repeated with filler prose, classified in the plugin's
 * 64 KiB windows; wall and CPU time of the classification (not of the lexicon compile). Usage:
 * scam_text_bench [MiB]. Numbers go in docs/scam-text.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "error.h"
#include "fixtures.h"
#include "parsers/lexicon.h"
#include "parsers/mrz.h"
#include "parsers/scamscript.h"
#include "parsers/tipcues.h"

static int count_cue(void *p, const dft_tipcue *c) { (void)c; (*(size_t *)p)++; return 0; }
static int count_mrz(void *p, const dft_mrz *m) { (void)m; (*(size_t *)p)++; return 0; }

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    size_t mib = argc > 1 ? (size_t)atoi(argv[1]) : 32;
    if (mib == 0 || mib > 1024) mib = 32;
    size_t len = mib << 20;
    const char *parts[] = { SCRIPT_ZH, SCRIPT_EN, SCRIPT_TH, SCRIPT_VI, LEAFLET_ZH, LEAFLET_EN, NEWS_EN, CHAT_EN, TIP_TEXT,
                            MRZ_TD3,
                            "The quarterly report was sent to all departments on Monday; please review the budget "
                            "figures and send comments before Friday. Meeting room B is booked from 10 to 12.\n" };
    char *text = malloc(len + 1);
    if (!text) return 1;
    size_t o = 0, k = 0;
    while (o < len) {
        const char *p = parts[k++ % (sizeof parts / sizeof *parts)];
        size_t n = strlen(p);
        if (o + n > len) n = len - o;
        memcpy(text + o, p, n);
        o += n;
    }
    text[len] = '\0';
    char path[4096];
    dft_lexicon *scam = NULL, *tip = NULL;
    snprintf(path, sizeof path, "%s/scam.tsv", DFT_SCAM_DATA_DIR);
    if (dft_lexicon_load(&scam, path)) { fprintf(stderr, "%s\n", dft_error_last()); return 1; }
    snprintf(path, sizeof path, "%s/tip.tsv", DFT_SCAM_DATA_DIR);
    if (dft_lexicon_load(&tip, path)) { fprintf(stderr, "%s\n", dft_error_last()); return 1; }
    dft_lexicon_scratch *s1 = NULL, *s2 = NULL;
    dft_lexicon_scratch_new(&s1, scam);
    dft_lexicon_scratch_new(&s2, tip);
    size_t flagged = 0, windows = 0, cuesn = 0, mrzn = 0;
    double t0 = clock_s(CLOCK_MONOTONIC), c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
    const size_t W = (size_t)64 << 10;
    for (size_t wo = 0; wo < len; wo += W) {
        size_t wl = len - wo < W ? len - wo : W;
        dft_scam_result r;
        if (dft_scamscript_classify(scam, s1, text + wo, wl, &r) == DFT_OK && r.flagged) flagged++;
        bool trunc;
        dft_tipcues_find(tip, s2, text + wo, wl, count_cue, &cuesn, &trunc);
        windows++;
    }
    dft_mrz_find(text, len, count_mrz, &mrzn);
    double dt = clock_s(CLOCK_MONOTONIC) - t0, ct = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
    /* CPU time too: on a shared, loaded machine the wall clock measures the queue, not the code */
    printf("scam_text_bench: %zu MiB: wall %.3f s = %.1f MB/s, cpu %.3f s = %.1f MB/s (%zu windows, %zu flagged, "
           "%zu cues, %zu MRZ)\n", mib, dt, (double)len / 1e6 / dt, ct, (double)len / 1e6 / ct, windows, flagged, cuesn,
           mrzn);
    dft_lexicon_scratch_free(s1);
    dft_lexicon_scratch_free(s2);
    dft_lexicon_free(scam);
    dft_lexicon_free(tip);
    free(text);
    return 0;
}
