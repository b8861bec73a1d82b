/*
 * csvread.c - RFC 4180 record reader with delimiter sniffing (rules in csvread.h).
 */
#include "csvread.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"

struct dft_csv {
    const char *t;
    size_t len, pos;
    char delim;
    size_t line, rec_line;
    size_t row;       /* spreadsheet row of the last record: blank lines count as empty rows */
    int unterminated;
    size_t truncated;
    char *buf;        /* field bytes of the current record, NUL-separated */
    size_t buf_cap;
    char **fields;    /* pointers into buf */
    size_t nfields, fields_cap;
    size_t *offs;     /* field start offsets in buf while buf may move */
};

/* Counts delimiter candidates per line over the first records and picks the steadiest. */
static char sniff(const char *t, size_t len)
{
    static const char cand[4] = {',', '\t', ';', '|'};
    enum { LINES = 20 };
    size_t counts[LINES][4];
    memset(counts, 0, sizeof counts);
    size_t lines = 0;
    int inq = 0;
    for (size_t i = 0; i < len && lines < LINES; i++) {
        char ch = t[i];
        if (ch == '"') inq = !inq;
        else if (!inq && (ch == '\n' || ch == '\r')) {
            if (ch == '\r' && i + 1 < len && t[i + 1] == '\n') i++;
            lines++;
        } else if (!inq)
            for (int k = 0; k < 4; k++)
                if (ch == cand[k]) counts[lines][k]++;
    }
    if (lines < LINES && len > 0 && t[len - 1] != '\n' && t[len - 1] != '\r') lines++;
    char best = ',';
    size_t best_score = 0, best_modal = 0;
    for (int k = 0; k < 4; k++) {
        /* score: lines carrying the modal nonzero count */
        size_t score = 0, modal = 0;
        for (size_t a = 0; a < lines; a++) {
            if (!counts[a][k]) continue;
            size_t same = 0;
            for (size_t b = 0; b < lines; b++) same += counts[b][k] == counts[a][k];
            if (same > score || (same == score && counts[a][k] > modal)) score = same, modal = counts[a][k];
        }
        if (score > best_score || (score && score == best_score && modal > best_modal))
            best_score = score, best_modal = modal, best = cand[k];
    }
    return best;
}

int dft_csv_open(dft_csv **out, const char *text, size_t len, char delim)
{
    *out = NULL;
    dft_csv *c = calloc(1, sizeof *c);
    if (!c) return dft_error_set(DFT_ENOMEM, "out of memory");
    c->t = text;
    c->len = len;
    c->line = 1;
    c->delim = delim ? delim : sniff(text, len);
    *out = c;
    return DFT_OK;
}

static int put(dft_csv *c, size_t *n, char ch)
{
    if (*n + 1 >= c->buf_cap) {
        size_t cap = c->buf_cap ? c->buf_cap * 2 : 256;
        char *b = realloc(c->buf, cap);
        if (!b) return dft_error_set(DFT_ENOMEM, "out of memory");
        c->buf = b;
        c->buf_cap = cap;
    }
    c->buf[(*n)++] = ch;
    return DFT_OK;
}

/* Ends the current field (NUL) and starts a new one unless the record is full. */
static int end_field(dft_csv *c, size_t *n, int last)
{
    if (!last && c->nfields >= DFT_CSV_MAX_FIELDS) {
        c->truncated++;
        return put(c, n, c->delim);   /* joined into the last field */
    }
    int rc = put(c, n, '\0');
    if (rc || last) return rc;
    if (c->nfields + 1 > c->fields_cap) {
        size_t cap = c->fields_cap ? c->fields_cap * 2 : 16;
        size_t *o = realloc(c->offs, cap * sizeof *o);
        if (!o) return dft_error_set(DFT_ENOMEM, "out of memory");
        c->offs = o;
        c->fields_cap = cap;
    }
    c->offs[c->nfields++] = *n;
    return DFT_OK;
}

int dft_csv_next(dft_csv *c, char ***fields, size_t *nfields)
{
    /* skip blank lines (each is an empty row, as a spreadsheet shows the file) */
    while (c->pos < c->len && (c->t[c->pos] == '\n' || c->t[c->pos] == '\r')) {
        if (c->t[c->pos] == '\n' || !(c->pos + 1 < c->len && c->t[c->pos + 1] == '\n')) c->line++, c->row++;
        c->pos++;
    }
    if (c->pos >= c->len) return 0;
    c->row++;
    c->rec_line = c->line;
    size_t n = 0;
    c->nfields = 0;
    int rc = end_field(c, &n, 0);   /* the first field starts at offset 1 after a sentinel NUL */
    if (rc) return rc;
    int inq = 0, at_start = 1;
    while (c->pos < c->len) {
        char ch = c->t[c->pos++];
        if (inq) {
            if (ch == '"') {
                if (c->pos < c->len && c->t[c->pos] == '"') {
                    c->pos++;
                    rc = put(c, &n, '"');
                } else
                    inq = 0;
            } else {
                if (ch == '\n') c->line++;
                else if (ch == '\r' && !(c->pos < c->len && c->t[c->pos] == '\n')) c->line++;
                rc = put(c, &n, ch);
            }
        } else if (ch == '"' && at_start) {
            inq = 1;
            at_start = 0;
        } else if (ch == c->delim) {
            rc = end_field(c, &n, 0);
            at_start = 1;
        } else if (ch == '\n' || ch == '\r') {
            if (ch == '\r' && c->pos < c->len && c->t[c->pos] == '\n') c->pos++;
            c->line++;
            break;
        } else {
            rc = put(c, &n, ch);
            at_start = 0;
        }
        if (rc) return rc;
    }
    if (inq) c->unterminated = 1;
    rc = end_field(c, &n, 1);
    if (rc) return rc;
    char **f = realloc(c->fields, c->nfields * sizeof *f);
    if (!f) return dft_error_set(DFT_ENOMEM, "out of memory");
    c->fields = f;
    for (size_t i = 0; i < c->nfields; i++) f[i] = c->buf + c->offs[i];
    *fields = f;
    *nfields = c->nfields;
    return 1;
}

char dft_csv_delimiter(const dft_csv *c) { return c->delim; }
size_t dft_csv_line(const dft_csv *c) { return c->rec_line; }
size_t dft_csv_row(const dft_csv *c) { return c->row; }
int dft_csv_unterminated(const dft_csv *c) { return c->unterminated; }
size_t dft_csv_truncated(const dft_csv *c) { return c->truncated; }

void dft_csv_free(dft_csv *c)
{
    if (!c) return;
    free(c->buf);
    free(c->fields);
    free(c->offs);
    free(c);
}
