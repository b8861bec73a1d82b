/*
 * roster.c - the streaming table model of roster.h: header window, header-row detection, column
 * content typing, target/worker/unknown classification, and per-row interpretation.
 *
 * States of a table: WINDOW (rows are kept, at most DFT_ROSTER_WINDOW of them) -> decide() ->
 * STREAM (a roster: each finished row goes to the sink at once) or SKIP (not a roster: cells are
 * dropped until the table ends). A row is finished when a cell of another row arrives or the table
 * ends; readers deliver rows in order (XLSX <row>, DOCX <w:tr>, CSV records).
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "parsers/roster.h"

enum { ST_IDLE = 0, ST_WINDOW, ST_STREAM, ST_SKIP };

typedef struct cellv {
    uint32_t col;
    char *text;
} cellv;

typedef struct rowbuf {
    uint32_t row;
    cellv *c;
    size_t n, cap;
    size_t bytes;
} rowbuf;

struct dft_roster {
    const dft_roster_lexicon *lx;
    dft_roster_sink sink;
    int in_section;          /* the reader is in a subdocument (header, comments, notes): tables ignored */
    int state;
    uint32_t index;
    char *sheet;
    rowbuf win[DFT_ROSTER_WINDOW];
    size_t nwin, win_bytes;
    rowbuf cur;
    int cur_open;
    /* the recognised table */
    dft_roster_column cols[DFT_ROSTER_MAX_COLS];
    char *headers[DFT_ROSTER_MAX_COLS];
    size_t ncols;
    int colmap[DFT_ROSTER_MAX_COLS + 1];   /* col -> index in cols, -1 */
    char reasons[DFT_ROSTER_MAX_REASONS][160];
    const char *reason_ptrs[DFT_ROSTER_MAX_REASONS];
    dft_roster_table t;
    int warned_cols, warned_cell;
    /* nationality -> region cache: rows of a roster repeat a handful of values */
    char cache_key[64];
    const char *cache_region;
    int cache_set;
};

/* ---- rows -------------------------------------------------------------------------------- */

static void row_clear(rowbuf *b)
{
    for (size_t i = 0; i < b->n; i++) free(b->c[i].text);
    b->n = 0;
    b->bytes = 0;
}

static void row_free(rowbuf *b)
{
    row_clear(b);
    free(b->c);
    b->c = NULL;
    b->cap = 0;
}

static void warn(dft_roster *r, const char *msg)
{
    if (r->sink.warning) r->sink.warning(r->sink.ctx, msg);
}

/* Adds a cell keeping columns increasing; a repeated column replaces the earlier text. */
static int row_put(dft_roster *r, rowbuf *b, uint32_t col, const char *text)
{
    size_t len = strlen(text);
    if (len > DFT_ROSTER_MAX_CELL) {
        len = DFT_ROSTER_MAX_CELL;
        while (len && ((unsigned char)text[len] & 0xC0) == 0x80) len--;   /* cut on a UTF-8 boundary */
        if (!r->warned_cell) {
            r->warned_cell = 1;
            warn(r, "roster: a cell longer than 4096 bytes was cut");
        }
    }
    char *t = malloc(len + 1);
    if (!t) return dft_error_set(DFT_ENOMEM, "out of memory");
    memcpy(t, text, len);
    t[len] = '\0';
    size_t i = b->n;
    while (i && b->c[i - 1].col > col) i--;
    if (i && b->c[i - 1].col == col) {
        b->bytes -= strlen(b->c[i - 1].text);
        free(b->c[i - 1].text);
        b->c[i - 1].text = t;
        b->bytes += len;
        return DFT_OK;
    }
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 16;
        cellv *p = realloc(b->c, cap * sizeof *p);
        if (!p) {
            free(t);
            return dft_error_set(DFT_ENOMEM, "out of memory");
        }
        b->c = p;
        b->cap = cap;
    }
    memmove(b->c + i + 1, b->c + i, (b->n - i) * sizeof *b->c);
    b->c[i] = (cellv){ col, t };
    b->n++;
    b->bytes += len;
    return DFT_OK;
}

/* ---- lifecycle --------------------------------------------------------------------------- */

int dft_roster_new(dft_roster **out, const dft_roster_lexicon *lx, const dft_roster_sink *sink)
{
    *out = calloc(1, sizeof **out);
    if (!*out) return dft_error_set(DFT_ENOMEM, "out of memory");
    (*out)->lx = lx;
    (*out)->sink = *sink;
    return DFT_OK;
}

static void table_reset(dft_roster *r)
{
    for (size_t i = 0; i < r->nwin; i++) row_free(&r->win[i]);
    r->nwin = r->win_bytes = 0;
    row_clear(&r->cur);
    r->cur_open = 0;
    for (size_t i = 0; i < r->ncols; i++) free(r->headers[i]);
    r->ncols = 0;
    free(r->sheet);
    r->sheet = NULL;
    memset(&r->t, 0, sizeof r->t);
    r->state = ST_IDLE;
}

void dft_roster_free(dft_roster *r)
{
    if (!r) return;
    table_reset(r);
    row_free(&r->cur);
    free(r);
}

int dft_roster_table_begin(dft_roster *r, uint32_t index, const char *sheet)
{
    int rc = r->state != ST_IDLE ? dft_roster_table_end(r) : DFT_OK;
    table_reset(r);
    r->index = index;
    if (sheet && !(r->sheet = strdup(sheet))) return dft_error_set(DFT_ENOMEM, "out of memory");
    r->state = ST_WINDOW;
    r->warned_cols = 0;
    return rc;
}

/* ---- value tests ------------------------------------------------------------------------- */

static const char *trim_dup_view(const char *s, char *buf, size_t cap)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r')) n--;
    if (n >= cap) {
        n = cap - 1;
        while (n && ((unsigned char)s[n] & 0xC0) == 0x80) n--;   /* keep whole UTF-8 characters */
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
    return buf;
}

static int is_blank(const char *s)
{
    for (; *s; s++)
        if (!isspace((unsigned char)*s)) return 0;
    return 1;
}

/* A cue column's value says something happened (not "0", "无", "no", "-"). */
static int is_present(const char *text)
{
    static const char *const none[] = { "0", "无", "没有", "否", "no", "none", "n a", "na", "nil", "未",
                                        "nothing", "ไม่มี", "không", "tidak", "ไม่", "" };
    char *n = dft_roster_normalize(text);
    if (!n) return 0;
    int present = 1;
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++)
        if (strcmp(n, none[i]) == 0) present = 0;
    if (present) {
        char *end;
        double v = strtod(text, &end);
        while (*end == ' ') end++;
        if (end != text && !*end && v == 0) present = 0;
    }
    free(n);
    return present;
}

static int looks_name(const char *s)
{
    size_t n = strlen(s);
    if (n < 2 || n > 80) return 0;
    for (; *s; s++)
        if (isdigit((unsigned char)*s) || *s == '@') return 0;
    return 1;
}

static const char *region_of(dft_roster *r, const char *text)
{
    if (!text) return NULL;
    if (r->cache_set && strcmp(r->cache_key, text) == 0) return r->cache_region;
    const char *reg = dft_roster_lexicon_region(r->lx, text);
    if (strlen(text) < sizeof r->cache_key) {
        snprintf(r->cache_key, sizeof r->cache_key, "%s", text);
        r->cache_region = reg;
        r->cache_set = 1;
    }
    return reg;
}

static int field_at(const dft_roster *r, uint32_t col)
{
    if (col > DFT_ROSTER_MAX_COLS || r->colmap[col] < 0) return DFT_RF_NONE;
    return r->cols[r->colmap[col]].field;
}

/* The first cell of a row in a column of field f, or NULL. */
static const char *cell_of(const dft_roster *r, const rowbuf *b, int f)
{
    for (size_t i = 0; i < b->n; i++)
        if (field_at(r, b->c[i].col) == f && !is_blank(b->c[i].text)) return b->c[i].text;
    return NULL;
}

static const char *row_region_from(dft_roster *r, const rowbuf *b, const char **from)
{
    const char *reg = region_of(r, cell_of(r, b, DFT_RF_NATIONALITY));
    if (reg) {
        *from = "nationality";
        return reg;
    }
    if ((reg = region_of(r, cell_of(r, b, DFT_RF_COUNTRY)))) {
        *from = "country";
        return reg;
    }
    *from = r->t.lang_region ? "language" : NULL;
    return r->t.lang_region;
}

static const char *row_region(dft_roster *r, const rowbuf *b)
{
    const char *from;
    return row_region_from(r, b, &from);
}

/* The region a table's header language implies for national numbers with no country in the row:
 * the language most header terms matched in, if it is a language of one country (English is not). */
static const char *language_region(const dft_roster *r)
{
    static const char *const map[][2] = { { "th", "TH" }, { "vi", "VN" }, { "id", "ID" }, { "km", "KH" },
                                          { "my", "MM" }, { "zh", "CN" } };
    size_t count[6] = { 0 }, best = 6;
    for (size_t i = 0; i < r->ncols; i++)
        for (size_t k = 0; k < 6; k++)
            if (r->cols[i].lang && !r->cols[i].by_content && strcmp(r->cols[i].lang, map[k][0]) == 0) count[k]++;
    for (size_t k = 0; k < 6; k++)
        if (count[k] && (best == 6 || count[k] > count[best])) best = k;
    return best < 6 ? map[best][1] : NULL;
}

/* ---- classification ---------------------------------------------------------------------- */

/* Score weights per field (docs/roster.md, "Classification"). */
static void weights(int f, int *tw, int *ww)
{
    *tw = *ww = 0;
    switch (f) {
    case DFT_RF_STAGE: case DFT_RF_DEPOSIT: *tw = 3; break;
    case DFT_RF_INCOME: *tw = 2; break;
    case DFT_RF_AMOUNT: case DFT_RF_AGE: case DFT_RF_COUNTRY: case DFT_RF_AGENT: case DFT_RF_OCCUPATION:
        *tw = 1; break;
    case DFT_RF_PASSPORT_HELD: case DFT_RF_DEBT: case DFT_RF_PRICE: case DFT_RF_FINE: case DFT_RF_PUNISHMENT:
        *ww = 3; break;
    case DFT_RF_PASSPORT: case DFT_RF_ARRIVAL: case DFT_RF_RECRUITER: *ww = 2; break;
    case DFT_RF_QUOTA: case DFT_RF_SALARY: case DFT_RF_TEAM: case DFT_RF_NATIONALITY: *ww = 1; break;
    case DFT_RF_DEPARTMENT: case DFT_RF_EXTENSION: case DFT_RF_ITEM: *tw = *ww = -3; break;
    case DFT_RF_QUANTITY: *tw = *ww = -2; break;
    default: break;
    }
}

static int is_handle(int f)
{
    return f == DFT_RF_WHATSAPP || f == DFT_RF_LINE || f == DFT_RF_TELEGRAM || f == DFT_RF_WECHAT ||
           f == DFT_RF_FACEBOOK;
}

static void reason(dft_roster *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void reason(dft_roster *r, const char *fmt, ...)
{
    if (r->t.nreasons >= DFT_ROSTER_MAX_REASONS) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->reasons[r->t.nreasons], sizeof r->reasons[0], fmt, ap);
    va_end(ap);
    r->reason_ptrs[r->t.nreasons] = r->reasons[r->t.nreasons];
    r->t.nreasons++;
}

static int classify(dft_roster *r)
{
    int ts = 0, ws = 0, people = 0, handle_counted = 0;
    int seen[DFT_RF_COUNT_] = { 0 };
    for (size_t i = 0; i < r->ncols; i++) {
        const dft_roster_column *c = &r->cols[i];
        int f = c->field;
        if (!f) continue;
        if (f == DFT_RF_NAME || f == DFT_RF_PHONE || f == DFT_RF_PASSPORT || is_handle(f)) people = 1;
        if (seen[f]++) continue;   /* a field counts once however many columns carry it */
        int tw, ww;
        weights(f, &tw, &ww);
        if (is_handle(f) && !handle_counted) {
            tw = 1;
            handle_counted = 1;
        }
        char L[8];
        dft_roster_col_letters(c->col, L);
        if (c->by_content)
            reason(r, "column %s content %s -> %s", L, dft_roster_ctype_name(c->ctype), dft_roster_field_name(f));
        else if (tw || ww)
            reason(r, "header %s '%.60s' -> %s (%s): target %+d, worker %+d", L, c->header,
                   dft_roster_field_name(f), c->lang ? c->lang : "", tw, ww);
        else
            reason(r, "header %s '%.60s' -> %s (%s)", L, c->header, dft_roster_field_name(f),
                   c->lang ? c->lang : "");
        ts += tw;
        ws += ww;
    }
    r->t.target_score = ts;
    r->t.worker_score = ws;
    int bestv = ts > ws ? ts : ws;
    r->t.score = bestv <= 0 ? 0.0 : bestv >= 10 ? 1.0 : bestv / 10.0;
    if (!people) {
        reason(r, "no people column (name, phone, messenger id, passport): not a roster");
        return 0;
    }
    /* Scores alone would call a hotel guest register (passport, nationality, arrival) a worker roster
     * and a sales pipeline (stage, amount, agent) or a tenant list a target list: each kind also needs
     * one field that only it has - labour terms for workers, deposits/income/messenger ids for targets. */
    int labour = seen[DFT_RF_PASSPORT_HELD] || seen[DFT_RF_DEBT] || seen[DFT_RF_PRICE] || seen[DFT_RF_FINE] ||
                 seen[DFT_RF_PUNISHMENT] || seen[DFT_RF_QUOTA] || seen[DFT_RF_SALARY] || seen[DFT_RF_TEAM] ||
                 seen[DFT_RF_RECRUITER];
    int victim = seen[DFT_RF_DEPOSIT] || seen[DFT_RF_INCOME] || handle_counted;
    if (ws >= 4 && ws > ts && labour) {
        r->t.kind = "worker";
        reason(r, "worker score %d >= 4 and > target score %d", ws, ts);
    } else if (ts >= 4 && ts > ws && victim) {
        r->t.kind = "target";
        reason(r, "target score %d >= 4 and > worker score %d", ts, ws);
    } else if (ws >= 4 && ws > ts) {
        r->t.kind = "unknown";
        reason(r, "worker score %d but no labour column (debt, price, fine, punishment, passport held, quota, "
                  "salary, team, recruiter): a guest or traveller list looks the same", ws);
        r->t.score = 0.0;
    } else if (ts >= 4 && ts > ws) {
        r->t.kind = "unknown";
        reason(r, "target score %d but no deposit, income or messenger column: a sales or customer list "
                  "looks the same", ts);
        r->t.score = 0.0;
    } else {
        r->t.kind = "unknown";
        reason(r, "target score %d, worker score %d: neither decides", ts, ws);
        r->t.score = 0.0;
    }
    return 1;
}

/* ---- typing ------------------------------------------------------------------------------ */

static int cell_ctype(dft_roster *r, const char *text, const char *region, int field)
{
    char buf[DFT_ROSTER_MAX_CELL + 1];
    const char *s = trim_dup_view(text, buf, sizeof buf);
    if (!*s) return DFT_RC_NONE;
    char tmp[64], cur[16];
    if (strlen(s) < 40) {
        char e[24];
        int digits = 0, other = 0;
        for (const char *p = s; *p; p++) {
            if (isdigit((unsigned char)*p)) digits++;
            else if (!strchr(" +-().", *p)) other++;
        }
        if (digits >= 7 && !other && dft_roster_phone(s, region, e) == DFT_OK) return DFT_RC_PHONE;
        if (dft_roster_passport(s, tmp, sizeof tmp) && !other) return DFT_RC_PASSPORT;
        if ((field == DFT_RF_BIRTH || field == DFT_RF_ARRIVAL || strchr(s, '-') || strchr(s, '/')) &&
            dft_roster_date(s, tmp))
            return DFT_RC_DATE;
        if (dft_roster_money(s, tmp, sizeof tmp, cur, sizeof cur) && cur[0]) return DFT_RC_MONEY;
        if (digits && !other) return DFT_RC_NUMBER;
    }
    (void)r;
    return looks_name(s) ? DFT_RC_NAME : DFT_RC_TEXT;
}

static int add_column(dft_roster *r, uint32_t col, const char *header)
{
    if (col > DFT_ROSTER_MAX_COLS || r->colmap[col] >= 0 || r->ncols >= DFT_ROSTER_MAX_COLS) return DFT_OK;
    char *h = strdup(header);
    if (!h) return dft_error_set(DFT_ENOMEM, "out of memory");
    dft_roster_column *c = &r->cols[r->ncols];
    memset(c, 0, sizeof *c);
    c->col = col;
    c->header = h;
    r->headers[r->ncols] = h;
    if (*header) c->field = dft_roster_lexicon_header(r->lx, header, &c->lang, NULL);
    r->colmap[col] = (int)r->ncols++;
    return DFT_OK;
}

static int col_cmp(const void *a, const void *b)
{
    const dft_roster_column *x = a, *y = b;
    return (x->col > y->col) - (x->col < y->col);
}

/* ---- rows to the sink -------------------------------------------------------------------- */

typedef struct rowctx {
    dft_roster_cue cues[64];
    size_t ncues;
    const char *cell_text;
    uint32_t col;
} rowctx;

static int has_family(const rowctx *x, const char *fam)
{
    for (size_t i = 0; i < x->ncues; i++)
        if (strcmp(x->cues[i].family, fam) == 0) return 1;
    return 0;
}

static int on_cue(void *payload, const char *family, const char *term)
{
    rowctx *x = payload;
    if (x->ncues < 64 && !has_family(x, family))
        x->cues[x->ncues++] = (dft_roster_cue){ family, term, x->col, x->cell_text };
    return 0;
}

static const char *default_family(int f)
{
    switch (f) {
    case DFT_RF_DEBT: return "debt_bondage";
    case DFT_RF_PRICE: return "sale_resale";
    case DFT_RF_FINE: return "fines_withheld_wages";
    case DFT_RF_PUNISHMENT: return "violence";
    case DFT_RF_PASSPORT_HELD: return "documents_withheld";
    default: return NULL;
    }
}

/* 1 when the row has a value in a people column (name, phone, messenger id, email, passport) that is
 * neither bare punctuation/U+FFFD nor a totals label ("合计", "Total", "Tổng cộng", "รวม", "Jumlah"): only such a row is a person. */
static int names_someone(const dft_roster *r, const rowbuf *b)
{
    static const char *const totals[] = { "合计", "合計", "总计", "總計", "小计", "小計", "total", "totals",
                                          "subtotal", "grand total", "sum", "tổng", "tổng cộng", "cộng",
                                          "รวม", "รวมทั้งหมด", "ยอดรวม", "jumlah", "total keseluruhan" };
    for (size_t i = 0; i < b->n; i++) {
        int f = field_at(r, b->c[i].col);
        if (!(f == DFT_RF_NAME || f == DFT_RF_PHONE || f == DFT_RF_EMAIL || f == DFT_RF_PASSPORT || is_handle(f)) ||
            is_blank(b->c[i].text))
            continue;
        if (f != DFT_RF_NAME) return 1;
        char *norm = dft_roster_normalize(b->c[i].text);
        int total = !norm || !*norm;   /* only punctuation, symbols or U+FFFD (a stray byte decoded) */
        for (size_t k = 0; norm && k < sizeof totals / sizeof totals[0]; k++) total |= strcmp(norm, totals[k]) == 0;
        free(norm);
        if (!total) return 1;
    }
    return 0;
}

static int emit_row(dft_roster *r, rowbuf *b)
{
    if (!b->n) return DFT_OK;
    size_t n = 0;
    uint32_t cols[DFT_ROSTER_MAX_COLS];
    const char *cells[DFT_ROSTER_MAX_COLS];
    char dates[DFT_ROSTER_MAX_COLS][11];
    for (size_t i = 0; i < b->n && n < DFT_ROSTER_MAX_COLS; i++) {
        if (is_blank(b->c[i].text)) continue;
        int f = field_at(r, b->c[i].col);
        cols[n] = b->c[i].col;
        cells[n] = b->c[i].text;
        if ((f == DFT_RF_BIRTH || f == DFT_RF_ARRIVAL) && dft_roster_date(b->c[i].text, dates[n])) cells[n] = dates[n];
        n++;
    }
    if (!n) return DFT_OK;
    if (!names_someone(r, b)) {   /* a totals row, a note under the table: no person */
        r->t.not_persons++;
        return DFT_OK;
    }
    dft_roster_row row = { 0 };
    row.row = b->row;
    row.ncells = n;
    row.cols = cols;
    row.cells = cells;
    row.col_min = cols[0];
    row.col_max = cols[n - 1];
    row.age = -1;
    row.name = cell_of(r, b, DFT_RF_NAME);
    row.nationality = cell_of(r, b, DFT_RF_NATIONALITY);
    if (!row.nationality) row.nationality = cell_of(r, b, DFT_RF_COUNTRY);
    row.region = row_region_from(r, b, &row.region_from);
    /* phone: phone columns first, then messenger columns whose cell is a number */
    static const int phone_fields[] = { DFT_RF_PHONE, DFT_RF_WHATSAPP, DFT_RF_TELEGRAM, DFT_RF_LINE, DFT_RF_WECHAT };
    char e164[24] = "";
    for (size_t k = 0; k < sizeof phone_fields / sizeof phone_fields[0] && !e164[0]; k++) {
        for (size_t i = 0; i < b->n; i++) {
            if (field_at(r, b->c[i].col) != phone_fields[k] || is_blank(b->c[i].text)) continue;
            if (dft_roster_phone(b->c[i].text, row.region, e164) == DFT_OK) {
                row.phone = e164;
                row.phone_raw = b->c[i].text;
                break;
            }
            if (phone_fields[k] == DFT_RF_PHONE && !row.phone_raw) row.phone_raw = b->c[i].text;
        }
    }
    char pp[24];
    const char *pcell = cell_of(r, b, DFT_RF_PASSPORT);
    if (pcell && dft_roster_passport(pcell, pp, sizeof pp)) row.passport = pp;
    row.amount = cell_of(r, b, DFT_RF_DEPOSIT);
    if (!row.amount) row.amount = cell_of(r, b, DFT_RF_AMOUNT);
    char mv[64], mc[16];
    if (row.amount && dft_roster_money(row.amount, mv, sizeof mv, mc, sizeof mc)) {
        row.amount_value = mv;
        row.amount_currency = mc;
    }
    const char *agecell = cell_of(r, b, DFT_RF_AGE);
    if (agecell) {
        char *end;
        long a = strtol(agecell, &end, 10);
        if (end != agecell && a > 0 && a < 130) row.age = (int)a;
    }
    rowctx x = { .ncues = 0 };
    if (r->t.kind && strcmp(r->t.kind, "worker") == 0) {
        for (size_t i = 0; i < b->n; i++) {
            int f = field_at(r, b->c[i].col);
            const char *t = b->c[i].text;
            if (is_blank(t)) continue;
            x.cell_text = t;
            x.col = b->c[i].col;
            size_t before = x.ncues;
            int rc = dft_roster_lexicon_cues(r->lx, t, on_cue, &x);
            if (rc) return rc;
            const char *fam = default_family(f);
            if (fam && x.ncues == before && is_present(t) && x.ncues < 64 && !has_family(&x, fam))
                x.cues[x.ncues++] = (dft_roster_cue){ fam, r->cols[r->colmap[b->c[i].col]].header, b->c[i].col, t };
        }
        if (row.age > 0 && row.age < 18 && x.ncues < 64)
            x.cues[x.ncues++] = (dft_roster_cue){ "minors", "age < 18", 0, agecell };
    }
    row.ncues = x.ncues;
    row.cues = x.cues;
    r->t.rows++;
    if (!r->t.first_row) r->t.first_row = b->row;
    r->t.last_row = b->row;
    return r->sink.row ? r->sink.row(r->sink.ctx, &r->t, &row) : DFT_OK;
}

/* ---- the decision after the window ------------------------------------------------------- */

static int decide(dft_roster *r)
{
    int rc = DFT_OK;
    size_t scan = r->nwin < DFT_ROSTER_HEADER_SCAN ? r->nwin : DFT_ROSTER_HEADER_SCAN;
    size_t hbest = 0;
    int best_hits = 0;
    for (size_t h = 0; h < scan; h++) {
        int seen[DFT_RF_COUNT_] = { 0 }, hits = 0;
        for (size_t i = 0; i < r->win[h].n; i++) {
            int f = dft_roster_lexicon_header(r->lx, r->win[h].c[i].text, NULL, NULL);
            if (f && !seen[f]++) hits++;
        }
        if (hits > best_hits) {
            best_hits = hits;
            hbest = h;
        }
    }
    if (best_hits < 2) {
        r->state = ST_SKIP;
        goto done;
    }
    for (size_t i = 0; i <= DFT_ROSTER_MAX_COLS; i++) r->colmap[i] = -1;
    rowbuf *hdr = &r->win[hbest];
    r->t.header_row = hdr->row;
    /* A two-row header (merged cells above: "联系方式" spanning "电话 | 微信", "姓名" merged down): the
     * row under the header is a second header row when every non-empty cell of it names a field, at
     * least two; its cells name their columns (more specific than the merged cell above) and it is no
     * data row. */
    const rowbuf *sub = NULL;
    if (hbest + 1 < r->nwin) {
        const rowbuf *b = &r->win[hbest + 1];
        int named = 0, other = 0;
        for (size_t i = 0; i < b->n; i++) {
            if (is_blank(b->c[i].text)) continue;
            if (dft_roster_lexicon_header(r->lx, b->c[i].text, NULL, NULL)) named++;
            else other++;
        }
        if (named >= 2 && !other) sub = b;
    }
    size_t first_data = hbest + 1 + (sub ? 1 : 0);
    for (size_t i = 0; i < hdr->n && !rc; i++) {
        char buf[256];
        const char *text = hdr->c[i].text;
        for (size_t k = 0; sub && k < sub->n; k++)
            if (sub->c[k].col == hdr->c[i].col && !is_blank(sub->c[k].text)) text = sub->c[k].text;
        rc = add_column(r, hdr->c[i].col, trim_dup_view(text, buf, sizeof buf));
    }
    for (size_t k = 0; sub && k < sub->n && !rc; k++) {   /* sub-header cells under an empty header cell */
        char buf[256];
        if (!is_blank(sub->c[k].text)) rc = add_column(r, sub->c[k].col, trim_dup_view(sub->c[k].text, buf, sizeof buf));
    }
    if (sub && !rc) reason(r, "row %u is a second header row (merged cells above)", sub->row);
    /* columns that have data but no header */
    for (size_t w = first_data; w < r->nwin && !rc; w++)
        for (size_t i = 0; i < r->win[w].n && !rc; i++)
            if (!is_blank(r->win[w].c[i].text)) rc = add_column(r, r->win[w].c[i].col, "");
    if (rc) goto done;
    if (r->ncols) qsort(r->cols, r->ncols, sizeof r->cols[0], col_cmp);
    /* headers[] follow their columns for freeing; rebuild the map after sorting */
    for (size_t i = 0; i <= DFT_ROSTER_MAX_COLS; i++) r->colmap[i] = -1;
    for (size_t i = 0; i < r->ncols; i++) {
        r->colmap[r->cols[i].col] = (int)i;
        r->headers[i] = (char *)r->cols[i].header;
    }
    r->t.lang_region = language_region(r);
    /* content typing over the window's data rows */
    for (size_t ci = 0; ci < r->ncols; ci++) {
        dft_roster_column *c = &r->cols[ci];
        int count[DFT_RC_NUMBER + 1] = { 0 }, nonempty = 0;
        for (size_t w = first_data; w < r->nwin; w++) {
            const rowbuf *b = &r->win[w];
            for (size_t i = 0; i < b->n; i++) {
                if (b->c[i].col != c->col) continue;
                int t = cell_ctype(r, b->c[i].text, row_region(r, b), c->field);
                if (t) {
                    nonempty++;
                    count[t]++;
                }
            }
        }
        int bt = DFT_RC_NONE;
        for (int t = 1; t <= DFT_RC_NUMBER; t++)
            if (nonempty >= 1 && count[t] * 10 >= nonempty * 6 && (!bt || count[t] > count[bt])) bt = t;
        c->ctype = bt;
        if (!c->field && nonempty >= 2 && (bt == DFT_RC_PHONE || bt == DFT_RC_PASSPORT)) {
            c->field = bt == DFT_RC_PHONE ? DFT_RF_PHONE : DFT_RF_PASSPORT;
            c->by_content = 1;
        }
    }
    r->t.index = r->index;
    r->t.sheet = r->sheet;
    r->t.ncols = r->ncols;
    r->t.cols = r->cols;
    r->t.reasons = r->reason_ptrs;
    r->t.lexicon_version = dft_roster_lexicon_version(r->lx);
    r->t.col_min = hdr->n ? hdr->c[0].col : 0;
    r->t.col_max = hdr->n ? hdr->c[hdr->n - 1].col : 0;
    if (!classify(r)) {
        r->state = ST_SKIP;
        goto done;
    }
    r->state = ST_STREAM;
    if (r->sink.table) rc = r->sink.table(r->sink.ctx, &r->t);
    for (size_t w = first_data; w < r->nwin && !rc; w++) rc = emit_row(r, &r->win[w]);
done:
    for (size_t i = 0; i < r->nwin; i++) row_free(&r->win[i]);
    r->nwin = r->win_bytes = 0;
    return rc;
}

/* The current row is complete. */
static int finish_row(dft_roster *r)
{
    if (!r->cur_open) return DFT_OK;
    r->cur_open = 0;
    int rc = DFT_OK;
    if (r->state == ST_WINDOW) {
        if (r->cur.n) {
            r->win_bytes += r->cur.bytes;
            r->win[r->nwin++] = r->cur;   /* the window takes the cells */
            memset(&r->cur, 0, sizeof r->cur);
        }
        if (r->nwin == DFT_ROSTER_WINDOW || r->win_bytes > DFT_ROSTER_WINDOW_BYTES) rc = decide(r);
    } else if (r->state == ST_STREAM) {
        rc = emit_row(r, &r->cur);
    }
    row_clear(&r->cur);
    return rc;
}

int dft_roster_cell(dft_roster *r, uint32_t row, uint32_t col, const char *text)
{
    if (r->state == ST_IDLE) {
        int rc = dft_roster_table_begin(r, 1, NULL);
        if (rc) return rc;
    }
    if (r->state == ST_SKIP || !text) return DFT_OK;
    if (col == 0 || col > DFT_ROSTER_MAX_COLS) {
        if (!r->warned_cols) {
            r->warned_cols = 1;
            warn(r, "roster: cells beyond column 256 are ignored");
        }
        return DFT_OK;
    }
    int rc = DFT_OK;
    if (r->cur_open && row != r->cur.row) rc = finish_row(r);
    if (rc || r->state == ST_SKIP) return rc;
    if (!r->cur_open) {
        r->cur.row = row;
        r->cur_open = 1;
    }
    if (is_blank(text)) return DFT_OK;
    return row_put(r, &r->cur, col, text);
}

int dft_roster_table_skipped(const dft_roster *r) { return r->state == ST_SKIP; }

int dft_roster_table_end(dft_roster *r)
{
    if (r->state == ST_IDLE) return DFT_OK;
    int rc = finish_row(r);
    if (!rc && r->state == ST_WINDOW) rc = decide(r);
    if (!rc && r->state == ST_STREAM && r->sink.table_end) rc = r->sink.table_end(r->sink.ctx, &r->t);
    table_reset(r);
    return rc;
}

/* ---- reader adapter ---------------------------------------------------------------------- */

/* Tables of subdocuments (a DOCX header, footnotes, comments; an ODT footer) are not read as rosters:
 * lists of people are body tables, and a header's "table 1" would name a table of the body. */
static int cb_table(void *ctx, uint32_t index, const char *name)
{
    dft_roster *r = ctx;
    return r->in_section ? DFT_OK : dft_roster_table_begin(r, index, name);
}
static int cb_cell(void *ctx, uint32_t row, uint32_t col, const char *text)
{
    dft_roster *r = ctx;
    return r->in_section ? DFT_OK : dft_roster_cell(r, row, col, text);
}
static int cb_table_end(void *ctx)
{
    dft_roster *r = ctx;
    return r->in_section ? DFT_OK : dft_roster_table_end(r);
}
static int cb_section(void *ctx, const char *name)
{
    dft_roster *r = ctx;
    int rc = r->in_section ? DFT_OK : dft_roster_table_end(r);   /* a body table still open ends here */
    r->in_section = name != NULL;
    return rc;
}
static void cb_warning(void *ctx, const char *msg) { warn(ctx, msg); }

void dft_roster_reader_cb(dft_roster *r, dft_ooxml_cb *cb)
{
    memset(cb, 0, sizeof *cb);
    cb->ctx = r;
    cb->table = cb_table;
    cb->cell = cb_cell;
    cb->table_end = cb_table_end;
    cb->warning = cb_warning;
    cb->section = cb_section;
}
