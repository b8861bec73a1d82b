/*
 * roster_fuzz.c - fuzz harness for parsers/roster*.c. The first byte picks the entry point:
 *   0  the streaming table model: the rest is rows split on '\n', cells on '\t'; a row starting with
 *      0x01 jumps the row number by its next byte (sparse sheets), 0x02 starts a new table
 *   1  the vCard reader
 *   2  the lexicon parser (the input is a headers.tsv)
 *   3  the value helpers (phone, passport, money, date) on the rest as one cell
 * Checks: rows reported <= cells fed; every row has 1..DFT_ROSTER_MAX_COLS increasing columns and a
 * kind of target/worker/unknown; an E.164 phone starts with '+'; cards <= lines; no leak, no hang.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "fuzz_check.h"
#include "parsers/roster.h"

/* A small lexicon with every kind of entry (the real one is plugins/roster/data/headers.tsv). */
static const char LEX[] =
    "VERSION:\tfuzz-1\n"
    "name\ten\tname\nname\tzh\t姓名\nphone\ten\tphone\nphone\tzh\t电话\nwhatsapp\ten\twhatsapp\n"
    "passport\tzh\t护照\npassport\ten\tpassport\nnationality\tzh\t国籍\ncountry\ten\tcountry\nage\ten\tage\n"
    "stage\ten\tstage\ndeposit\ten\tdeposit\namount\tzh\t金额\ndebt\tzh\t欠款\nprice\tzh\t身价\nfine\ten\tfine\n"
    "punishment\ten\tpunishment\nteam\ten\tteam\nremarks\ten\tremarks\ndepartment\ten\tdepartment\nitem\ten\titem\n"
    "birth\ten\tdob\narrival\ten\tarrival\n"
    "cue:documents_withheld\tzh\t公司保管\ncue:confinement\tzh\t小黑屋\ncue:sale_resale\tzh\t转卖\n"
    "region:TH\ten\tthailand\nregion:VN\tzh\t越南\nregion:CN\ten\tcn\n";

typedef struct counts {
    size_t rows, tables, ends;
} counts;

static int on_table(void *ctx, const dft_roster_table *t)
{
    counts *c = ctx;
    c->tables++;
    FUZZ_CHECK(!strcmp(t->kind, "target") || !strcmp(t->kind, "worker") || !strcmp(t->kind, "unknown"));
    FUZZ_CHECK(t->ncols <= DFT_ROSTER_MAX_COLS && t->nreasons <= DFT_ROSTER_MAX_REASONS);
    return 0;
}

static int on_row(void *ctx, const dft_roster_table *t, const dft_roster_row *r)
{
    counts *c = ctx;
    (void)t;
    c->rows++;
    FUZZ_CHECK(r->ncells >= 1 && r->ncells <= DFT_ROSTER_MAX_COLS);
    for (size_t i = 1; i < r->ncells; i++) FUZZ_CHECK(r->cols[i - 1] < r->cols[i]);
    for (size_t i = 0; i < r->ncells; i++) FUZZ_CHECK(strlen(r->cells[i]) <= DFT_ROSTER_MAX_CELL);
    FUZZ_CHECK(!r->phone || r->phone[0] == '+');
    for (size_t i = 0; i < r->ncues; i++) FUZZ_CHECK(r->cues[i].family && r->cues[i].text);
    return 0;
}

static int on_end(void *ctx, const dft_roster_table *t)
{
    counts *c = ctx;
    c->ends++;
    FUZZ_CHECK(t->rows <= c->rows);
    return 0;
}

static int on_card(void *payload, const dft_vcard *v)
{
    size_t *n = payload;
    (*n)++;
    FUZZ_CHECK(v->nphones <= DFT_VCARD_MAX_PHONES);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    int mode = data[0] % 4;
    const char *in = (const char *)data + 1;
    size_t n = size - 1;
    char *text = malloc(n + 1);
    FUZZ_CHECK(text != NULL);
    memcpy(text, in, n);
    text[n] = '\0';
    if (mode == 2) {
        dft_roster_lexicon *lx = NULL;
        if (dft_roster_lexicon_parse(&lx, text, n) == DFT_OK) FUZZ_CHECK(lx && dft_roster_lexicon_version(lx)[0]);
        dft_roster_lexicon_free(lx);
        free(text);
        return 0;
    }
    if (mode == 1) {
        size_t cards = 0, lines = 1;
        for (size_t i = 0; i < n; i++) lines += in[i] == '\n' || in[i] == '\r';
        int rc = dft_vcard_read(text, n, on_card, &cards);
        FUZZ_CHECK(rc == DFT_OK || rc == DFT_ENOTFOUND);
        FUZZ_CHECK(cards <= lines);
        free(text);
        return 0;
    }
    if (mode == 3) {
        char e[24], v[64], c[16], d[11], p[24];
        if (strlen(text) < 200) {
            if (dft_roster_phone(text, "TH", e) == DFT_OK) FUZZ_CHECK(e[0] == '+');
            if (dft_roster_passport(text, p, sizeof p)) FUZZ_CHECK(strlen(p) <= 12);
            if (dft_roster_money(text, v, sizeof v, c, sizeof c)) FUZZ_CHECK(strlen(v) < sizeof v);
            if (dft_roster_date(text, d)) FUZZ_CHECK(strlen(d) == 10 && d[4] == '-' && d[7] == '-');
        }
        free(dft_roster_normalize(text));
        free(text);
        return 0;
    }
    dft_roster_lexicon *lx = NULL;
    FUZZ_CHECK(dft_roster_lexicon_parse(&lx, LEX, sizeof LEX - 1) == DFT_OK);
    counts cnt = { 0, 0, 0 };
    dft_roster_sink sink = { .ctx = &cnt, .table = on_table, .row = on_row, .table_end = on_end };
    dft_roster *ro = NULL;
    FUZZ_CHECK(dft_roster_new(&ro, lx, &sink) == DFT_OK);
    uint32_t row = 1;
    size_t cells = 0;
    for (char *line = text, *next; line; line = next, row++) {
        next = strchr(line, '\n');
        if (next) *next++ = '\0';
        if (line[0] == 1 && line[1]) {
            row += (unsigned char)line[1];
            line += 2;
        } else if (line[0] == 2) {
            FUZZ_CHECK(dft_roster_table_begin(ro, row, "S") == DFT_OK);
            line++;
        }
        uint32_t col = 1;
        for (char *cell = line, *cn; cell; cell = cn, col++) {
            cn = strchr(cell, '\t');
            if (cn) *cn++ = '\0';
            FUZZ_CHECK(dft_roster_cell(ro, row, col, cell) == DFT_OK);
            cells++;
        }
    }
    FUZZ_CHECK(dft_roster_table_end(ro) == DFT_OK);
    FUZZ_CHECK(cnt.rows <= cells && cnt.ends <= cnt.tables);
    dft_roster_free(ro);
    dft_roster_lexicon_free(lx);
    free(text);
    return 0;
}
