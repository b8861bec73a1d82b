/*
 * roster.c - plugin `roster`: tables that list people (XLSX/ODS/legacy XLS sheets, DOCX/ODT tables, CSV/TSV,
 * tab-separated TXT) become one `roster.table` finding per recognised table and one `persons` row per data row; a
 * worker roster's rows with trafficking cues become possible trafficking victims with `tip.indicator`
 * findings. The identity join after all evidence is roster_join.c. docs/roster.md is the manual.
 *
 * Format knowledge lives in parsers/roster.{h,c} (header window, lexicon, typing, classification); this
 * file only reads the container (ooxml.h, textenc.h + csvread.h) into the roster model and turns its
 * callbacks into rows of the case. Workers are never called suspects: a cue makes a worker a
 * "possible trafficking victim" for human review, nothing more.
 *
 * The roster.table finding is emitted when its table ends (its details carry the final row count), so
 * each person's reference is kept until then to link it ("listed_in"): 16 bytes a row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "parsers/csvread.h"
#include "parsers/docread.h"
#include "parsers/odf.h"
#include "parsers/ooxml.h"
#include "parsers/roster.h"
#include "parsers/textenc.h"
#include "parsers/xlsread.h"
#include "plugin.h"
#include "roster_plugin.h"

#define ROSTER_MAX_SIZE ((uint64_t)256 << 20)

/* Run state: the lexicon and the persons cap. */
typedef struct roster_state {
    dft_roster_lexicon *lx;
    uint64_t max_persons;
} roster_state;

typedef struct sink_ctx {
    dft_scan *s;
    uint64_t max_persons;    /* per file: bounds what one hostile file adds to the case file */
    uint64_t emitted;        /* persons emitted from this file */
    uint64_t skipped;        /* rows of the current table over the cap */
    uint32_t skipped_first, skipped_last;
    const dft_file *f;
    const char *unit;        /* "sheet", "table", "csv" */
    dft_ref *persons;        /* persons of the current table, for the listed_in links */
    size_t npersons, cap;
    uint64_t victims;        /* rows flagged possible_trafficking_victim */
    int rc;
} sink_ctx;

/* A JSON string of evidence text: jansson refuses invalid UTF-8, so such text is cleaned, never dropped. */
static json_t *jstr(const char *s)
{
    json_t *j = json_string(s);
    if (j || !s) return j;
    char *c = dft_roster_utf8_clean(s);
    j = c ? json_string(c) : NULL;
    free(c);
    return j;
}

/* Sets obj[key] = value (consumed) with an invalid-UTF-8 key cleaned like jstr's text. */
static void jset(json_t *obj, const char *key, json_t *value)
{
    if (json_object_set(obj, key, value) != 0) {
        char *c = dft_roster_utf8_clean(key);
        if (c) json_object_set(obj, c, value);
        free(c);
    }
    json_decref(value);
}

static char *dumps(json_t *j)
{
    char *s = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(j);
    return s;
}

/* "sheet 客户" / "table 2" / the file name: how the examiner finds the table again. */
static void table_label(const sink_ctx *x, const dft_roster_table *t, char *out, size_t cap)
{
    if (t->sheet) snprintf(out, cap, "sheet %s", t->sheet);
    else if (strcmp(x->unit, "table") == 0) snprintf(out, cap, "table %u", t->index);
    else snprintf(out, cap, "%s", x->f->name ? x->f->name : "table");
}

static json_t *provenance(const sink_ctx *x, const dft_roster_table *t, uint32_t row, uint32_t c0, uint32_t c1)
{
    char a[8], b[8], cols[20];
    dft_roster_col_letters(c0, a);
    dft_roster_col_letters(c1, b);
    snprintf(cols, sizeof cols, "%s:%s", a, b);
    json_t *p = json_object();
    if (t->sheet) json_object_set_new(p, "sheet", jstr(t->sheet));
    else if (strcmp(x->unit, "table") == 0) json_object_set_new(p, "table", json_integer(t->index));
    json_object_set_new(p, "row", json_integer(row));
    json_object_set_new(p, "cols", jstr(cols));
    return p;
}

static int on_table(void *ctx, const dft_roster_table *t)
{
    sink_ctx *x = ctx;
    (void)t;
    x->npersons = 0;
    x->victims = 0;
    x->skipped = 0;
    return DFT_OK;
}

/* The column description of col (t->cols is in column order): a binary search, as rows may be wide. */
static const dft_roster_column *column(const dft_roster_table *t, uint32_t col)
{
    size_t lo = 0, hi = t->ncols;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->cols[mid].col == col) return &t->cols[mid];
        if (t->cols[mid].col < col) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

/* details key of a column: its header, "column C" without one, " (C)" appended on a repeat */
static void column_key(json_t *obj, const dft_roster_column *c, uint32_t col, char *out, size_t cap)
{
    char L[8];
    dft_roster_col_letters(col, L);
    if (c && c->header[0]) snprintf(out, cap, "%s", c->header);
    else snprintf(out, cap, "column %s", L);
    if (json_object_get(obj, out)) {
        size_t n = strlen(out);
        snprintf(out + n, cap - n, " (%s)", L);
    }
}

static int emit_cue(sink_ctx *x, const dft_roster_table *t, const dft_roster_row *r, const dft_roster_cue *cue,
                    dft_ref person)
{
    json_t *d = json_object();
    json_object_set_new(d, "family", jstr(cue->family));
    json_object_set_new(d, "cue", jstr(cue->term));
    json_object_set_new(d, "source", jstr("roster"));
    json_object_set_new(d, "review", jstr("possible victim indicator for human review"));
    uint32_t col = cue->col ? cue->col : r->col_min;
    json_object_set_new(d, "provenance", provenance(x, t, r->row, col, cue->col ? cue->col : r->col_max));
    const dft_roster_column *c = cue->col ? column(t, cue->col) : NULL;
    if (c && c->header[0]) json_object_set_new(d, "header", jstr(c->header));
    char *details = dumps(d);
    dft_finding fd = DFT_INIT(dft_finding);
    fd.kind = "tip.indicator";
    fd.subkind = cue->family;
    fd.value = cue->text;
    fd.offset = -1;
    fd.length = -1;
    fd.confidence = 0.5;
    fd.details = details;
    fd.personal = "value";
    dft_ref ref = { 0, 0 };
    int rc = details ? dft_emit_finding(x->s, &fd, &ref) : dft_error_set(DFT_ENOMEM, "out of memory");
    free(details);
    if (!rc) rc = dft_emit_link(x->s, person, "indicator", ref, NULL);
    return rc;
}

static int on_row(void *ctx, const dft_roster_table *t, const dft_roster_row *r)
{
    sink_ctx *x = ctx;
    if (dft_scan_cancelled(x->s)) return dft_error_set(DFT_ECANCELLED, "cancelled");
    if (x->emitted >= x->max_persons) {   /* counted, reported at the table's end, never silent */
        if (!x->skipped++) x->skipped_first = r->row;
        x->skipped_last = r->row;
        return DFT_OK;
    }
    x->emitted++;
    json_t *d = json_object(), *cols = json_object();
    char key[300];
    for (size_t i = 0; i < r->ncells; i++) {
        column_key(cols, column(t, r->cols[i]), r->cols[i], key, sizeof key);
        jset(cols, key, jstr(r->cells[i]));
    }
    json_object_set_new(d, "columns", cols);
    json_t *prov = provenance(x, t, r->row, r->col_min, r->col_max);
    json_object_set_new(d, "provenance", json_deep_copy(prov));
    if (r->phone_raw) json_object_set_new(d, "phone_raw", jstr(r->phone_raw));
    if (r->region) json_object_set_new(d, "region", jstr(r->region));
    if (r->region_from) json_object_set_new(d, "region_from", jstr(r->region_from));
    if (r->amount_value) json_object_set_new(d, "amount_value", jstr(r->amount_value));
    if (r->amount_currency && r->amount_currency[0])
        json_object_set_new(d, "amount_currency", jstr(r->amount_currency));
    if (r->age >= 0) json_object_set_new(d, "age", json_integer(r->age));
    json_object_set_new(d, "table_kind", jstr(t->kind));
    if (r->ncues) {
        json_t *cues = json_array();
        for (size_t i = 0; i < r->ncues; i++) {
            json_t *c = json_object();
            json_object_set_new(c, "family", jstr(r->cues[i].family));
            json_object_set_new(c, "cue", jstr(r->cues[i].term));
            if (r->cues[i].col) {
                char L[8];
                dft_roster_col_letters(r->cues[i].col, L);
                json_object_set_new(c, "col", jstr(L));
            }
            json_array_append_new(cues, c);
        }
        json_object_set_new(d, "possible_trafficking_victim", json_true());
        json_object_set_new(d, "trafficking_cues", cues);
        x->victims++;
    }
    char *details = dumps(d);
    char *source = dumps(prov);
    dft_person p = DFT_INIT(dft_person);
    p.role = t->kind;
    p.name = r->name;
    p.phone = r->phone;
    p.nationality = r->nationality;
    p.passport = r->passport;
    p.amount = r->amount;
    p.details = details;
    p.source = source;
    p.personal = "name,phone,nationality,passport,amount,details";
    dft_ref ref = { 0, 0 };
    int rc = details && source ? dft_emit_person(x->s, &p, &ref) : dft_error_set(DFT_ENOMEM, "out of memory");
    free(details);
    free(source);
    for (size_t i = 0; i < r->ncues && !rc; i++) rc = emit_cue(x, t, r, &r->cues[i], ref);
    if (!rc) {
        if (x->npersons == x->cap) {
            size_t cap = x->cap ? x->cap * 2 : 256;
            dft_ref *q = realloc(x->persons, cap * sizeof *q);
            if (!q) return dft_error_set(DFT_ENOMEM, "out of memory");
            x->persons = q;
            x->cap = cap;
        }
        x->persons[x->npersons++] = ref;
    }
    return rc;
}

static int on_table_end(void *ctx, const dft_roster_table *t)
{
    sink_ctx *x = ctx;
    json_t *d = json_object();
    if (t->sheet) json_object_set_new(d, "sheet", jstr(t->sheet));
    json_object_set_new(d, "table", json_integer(t->index));
    json_object_set_new(d, "header_row", json_integer(t->header_row));
    json_t *cols = json_array();
    for (size_t i = 0; i < t->ncols; i++) {
        const dft_roster_column *c = &t->cols[i];
        char L[8];
        dft_roster_col_letters(c->col, L);
        json_t *o = json_object();
        json_object_set_new(o, "col", jstr(L));
        json_object_set_new(o, "header", jstr(c->header));
        json_object_set_new(o, "field", c->field ? jstr(dft_roster_field_name(c->field)) : json_null());
        json_object_set_new(o, "lang", c->lang ? jstr(c->lang) : json_null());
        if (c->ctype) json_object_set_new(o, "content", jstr(dft_roster_ctype_name(c->ctype)));
        if (c->by_content) json_object_set_new(o, "by_content", json_true());
        json_array_append_new(cols, o);
    }
    json_object_set_new(d, "columns", cols);
    json_object_set_new(d, "rows", json_integer((json_int_t)t->rows));
    json_object_set_new(d, "persons", json_integer((json_int_t)(t->rows - x->skipped)));
    /* rows without anyone in them (a totals row, a note under the table) are counted, not persons */
    if (t->not_persons) json_object_set_new(d, "not_persons", json_integer((json_int_t)t->not_persons));
    json_t *reasons = json_array();
    for (size_t i = 0; i < t->nreasons; i++) json_array_append_new(reasons, jstr(t->reasons[i]));
    json_object_set_new(d, "reasons", reasons);
    json_object_set_new(d, "target_score", json_integer(t->target_score));
    json_object_set_new(d, "worker_score", json_integer(t->worker_score));
    json_object_set_new(d, "score", json_real(t->score));
    json_object_set_new(d, "lexicon_version", jstr(t->lexicon_version));
    json_object_set_new(d, "possible_trafficking_victims", json_integer((json_int_t)x->victims));
    char a[8], b[8], range[48];
    dft_roster_col_letters(t->col_min, a);
    dft_roster_col_letters(t->col_max, b);
    snprintf(range, sizeof range, "%s%u:%s%u", a, t->header_row, b, t->last_row ? t->last_row : t->header_row);
    json_object_set_new(d, "range", jstr(range));
    char *details = dumps(d);
    char label[300];
    table_label(x, t, label, sizeof label);
    dft_finding fd = DFT_INIT(dft_finding);
    fd.kind = "roster.table";
    fd.subkind = t->kind;
    fd.value = label;
    fd.offset = -1;
    fd.length = -1;
    fd.confidence = t->score;
    fd.details = details;
    dft_ref ref = { 0, 0 };
    int rc = details ? dft_emit_finding(x->s, &fd, &ref) : dft_error_set(DFT_ENOMEM, "out of memory");
    free(details);
    for (size_t i = 0; i < x->npersons && !rc; i++) rc = dft_emit_link(x->s, x->persons[i], "listed_in", ref, NULL);
    x->npersons = 0;
    if (!rc && x->skipped)
        rc = dft_emit_warning(x->s, -1,
                              "roster: %s: %llu rows (rows %u-%u) over the cap of %llu persons a file were not "
                              "emitted as persons (--plugin-opt roster.max_persons=N raises it)",
                              label, (unsigned long long)x->skipped, x->skipped_first, x->skipped_last,
                              (unsigned long long)x->max_persons);
    return rc;
}

static void on_warning(void *ctx, const char *msg)
{
    sink_ctx *x = ctx;
    dft_emit_warning(x->s, -1, "%s", msg);
}

static int on_cancelled(void *scan)
{
    return dft_scan_cancelled(scan);
}

static const char *ext_of(const char *name)
{
    const char *dot = name ? strrchr(name, '.') : NULL;
    return dot ? dot + 1 : "";
}

/* enc/bom: the content's detected encoding (dft_content_encoding), or NULL to detect here */
static int scan_text(dft_roster *ro, sink_ctx *x, const uint8_t *b, size_t n, const char *enc, size_t bom,
                     char delim, int tab_only)
{
    dft_textenc_result t;
    int rc = enc ? dft_textenc_convert(b, n, enc, bom, &t) : dft_textenc_to_utf8(b, n, NULL, &t);
    if (rc) return rc;
    dft_csv *c = NULL;
    rc = dft_csv_open(&c, t.text, t.len, delim);
    if (!rc && tab_only && dft_csv_delimiter(c) != '\t') {   /* a .txt is a table only when tab-separated */
        dft_csv_free(c);
        free(t.text);
        return DFT_OK;
    }
    if (!rc) rc = dft_roster_table_begin(ro, 1, NULL);
    char **fields;
    size_t nf;
    uint32_t row = 0;
    int more = 0;
    /* rows numbered as a spreadsheet shows the file (blank lines are rows), so that the provenance
     * "row 4" is the row the examiner sees when opening the CSV; once the table is judged no roster
     * the rest of the file cannot give persons: reading stops */
    bool wide_warned = false;
    while (!rc && !dft_roster_table_skipped(ro) && (more = dft_csv_next(c, &fields, &nf)) == 1) {
        size_t r = dft_csv_row(c);
        if (nf > DFT_ROSTER_MAX_COLS && !wide_warned) {   /* once a file: the extra columns are not read */
            wide_warned = true;
            dft_emit_warning(x->s, -1, "roster: %s: line %zu has %zu%s fields; only the first %u columns are read",
                             x->f->name ? x->f->name : "file", dft_csv_line(c), nf,
                             dft_csv_truncated(c) ? " (or more)" : "", DFT_ROSTER_MAX_COLS);
        }
        row = r >= UINT32_MAX ? UINT32_MAX : (uint32_t)r;
        for (size_t i = 0; i < nf && i < DFT_ROSTER_MAX_COLS && !rc; i++)
            rc = dft_roster_cell(ro, row, (uint32_t)i + 1, fields[i]);
        if (!rc && row == UINT32_MAX) break;
    }
    if (!rc && more < 0) rc = more;
    if (!rc) rc = dft_roster_table_end(ro);
    /* a stray opening quote swallows every later line into one field (as a spreadsheet does): the rows
     * after it are not lost silently */
    if (!rc && c && dft_csv_unterminated(c))
        dft_emit_warning(x->s, -1, "roster: %s: a quoted field opened on line %zu runs to the end of the file; "
                         "the lines after it were read as one cell", x->f->name ? x->f->name : "file",
                         dft_csv_line(c));
    dft_csv_free(c);
    free(t.text);
    return rc;
}

static char *read_all(const char *path, size_t *len, size_t limit);

static int roster_scan(dft_scan *s, const dft_file *f, const dft_content *c)
{
    const roster_state *st = dft_scan_state(s);
    if (!st || !st->lx) return dft_error_set(DFT_ENOTFOUND, "roster: no lexicon loaded");
    const dft_roster_lexicon *lx = st->lx;
    size_t len = 0;
    const uint8_t *bytes = dft_content_bytes(c, &len);
    char *owned = NULL;
    if (!bytes && len) {   /* over the core's in-memory cap: read the private copy (max_size bounds it) */
        const char *path = dft_content_path(c);
        if (!path || !(owned = read_all(path, &len, (size_t)ROSTER_MAX_SIZE)))
            return dft_error_set(DFT_EIO, "roster: cannot read the file's private copy");
        bytes = (const uint8_t *)owned;
    }
    if (!bytes) return DFT_OK;
    /* a .txt is a table only when tab-separated; without a 0x09 byte anywhere (a TAB is that byte in
     * every encoding textenc detects, UTF-16 included) it cannot be one: most text files end here,
     * before any conversion */
    if (!strcasecmp(ext_of(f->name), "txt") && !memchr(bytes, '\t', len)) {
        free(owned);
        return DFT_OK;
    }
    sink_ctx x = { .s = s, .f = f, .unit = "table", .max_persons = st->max_persons };
    dft_roster_sink sink = { .ctx = &x, .table = on_table, .row = on_row, .table_end = on_table_end,
                             .warning = on_warning };
    dft_roster *ro = NULL;
    int rc = dft_roster_new(&ro, lx, &sink);
    if (rc) {
        free(owned);
        return rc;
    }
    const char *ext = ext_of(f->name);
    bool odf = !strcasecmp(ext, "ods") || !strcasecmp(ext, "odt");
    if (!strcasecmp(ext, "xlsx") || !strcasecmp(ext, "docx") || odf) {
        x.unit = !strcasecmp(ext, "xlsx") || !strcasecmp(ext, "ods") ? "sheet" : "table";
        dft_ooxml_cb cb;
        dft_roster_reader_cb(ro, &cb);
        /* ODF (parsers/odf.h) reports through the same callbacks as OOXML */
        rc = odf ? dft_odf_read(bytes, len, NULL, &cb) : dft_ooxml_read(bytes, len, NULL, &cb);
        if (rc == DFT_ENOTFOUND) rc = DFT_OK;   /* a zip that is no workbook or document */
        int erc = dft_roster_table_end(ro);    /* rows read before an error still count */
        if (!rc) rc = erc;
    } else if (!strcasecmp(ext, "xls")) {
        x.unit = "sheet";
        dft_ooxml_cb cb;
        dft_roster_reader_cb(ro, &cb);
        cb.cancelled = on_cancelled;   /* the reader child is killed when the run or the watchdog stops us */
        cb.cancel_ctx = s;
        /* legacy BIFF5/BIFF8 through FreeXL in a child (xlsread.h); HTML/RTF saved as .xls is no table
         * source here, and an encrypted workbook is the documents plugin's warning */
        rc = dft_xls_read(bytes, len, NULL, &cb);
        if (rc == DFT_ENOTFOUND || rc == DFT_EUNSUPPORTED) rc = DFT_OK;
        int erc = dft_roster_table_end(ro);
        if (!rc) rc = erc;
    } else if (!strcasecmp(ext, "doc")) {
        /* Word 97-2003 tables rebuilt from paragraph properties (docread.h), like DOCX tables; RTF or
         * HTML saved as .doc is no table source here */
        x.unit = "table";
        dft_ooxml_cb cb;
        dft_roster_reader_cb(ro, &cb);
        rc = dft_doc_read(bytes, len, &cb);
        if (rc == DFT_ENOTFOUND || rc == DFT_EUNSUPPORTED) rc = DFT_OK;
        int erc = dft_roster_table_end(ro);
        if (!rc) rc = erc;
    } else if (!strcasecmp(ext, "csv") || !strcasecmp(ext, "tsv") || !strcasecmp(ext, "txt")) {
        x.unit = "csv";
        size_t bom = 0;
        const char *enc = owned ? NULL : dft_content_encoding(c, &bom);
        rc = scan_text(ro, &x, bytes, len, enc, bom, !strcasecmp(ext, "tsv") ? '\t' : 0, !strcasecmp(ext, "txt"));
    } else if (!strcasecmp(ext, "vcf")) {
        rc = roster_vcard_scan(s, bytes, len);
    }
    dft_roster_free(ro);
    free(x.persons);
    free(owned);
    return rc;
}

static char *read_all(const char *path, size_t *len, size_t limit)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 65536;
            if (cap > limit + 65536) break;   /* over the cap: not read */
            char *p = realloc(buf, cap);
            if (!p) break;
            buf = p;
        }
        size_t k = fread(buf + n, 1, cap - n - 1, fp);
        n += k;
        if (k == 0) {
            fclose(fp);
            buf[n] = '\0';
            *len = n;
            return buf;
        }
    }
    fclose(fp);
    free(buf);
    return NULL;
}

static int roster_init(dft_init *in, void **state)
{
    *state = NULL;
    const char *dir = dft_init_data_dir(in);
    if (!dir) return dft_error_set(DFT_ENOTFOUND, "roster: no data directory (plugins/roster/data)");
    char path[4096];
    snprintf(path, sizeof path, "%s/headers.tsv", dir);
    size_t len = 0;
    char *text = read_all(path, &len, (size_t)4 << 20);   /* a lexicon is small */
    if (!text) return dft_error_set(DFT_EIO, "roster: cannot read %s", path);
    dft_roster_lexicon *lx = NULL;
    int rc = dft_roster_lexicon_parse(&lx, text, len);
    if (!rc) rc = dft_init_data_version(in, "headers.tsv", dft_roster_lexicon_version(lx), text, len);
    free(text);
    if (rc) {
        dft_roster_lexicon_free(lx);
        return rc;
    }
    const char *cap = dft_init_option(in, "max_persons");
    char *end = NULL;
    unsigned long long v = cap ? strtoull(cap, &end, 10) : 0;
    if (!cap || end == cap || *end || v == 0) {
        dft_roster_lexicon_free(lx);
        return dft_error_set(DFT_ERROR, "roster: max_persons must be a positive number");
    }
    roster_state *st = malloc(sizeof *st);
    if (!st) {
        dft_roster_lexicon_free(lx);
        return dft_error_set(DFT_ENOMEM, "out of memory");
    }
    st->lx = lx;
    st->max_persons = v;
    *state = st;
    return DFT_OK;
}

static void roster_fini(void *state)
{
    roster_state *st = state;
    if (!st) return;
    dft_roster_lexicon_free(st->lx);
    free(st);
}

static const dft_option roster_options[] = {
    { "max_persons", "persons rows at most per file (rows stream to the case file in chunks; the cap bounds "
                     "what one file adds: 2 full sheets); rows over it are counted in a warning", "2097152", 0 },
    { NULL, NULL, NULL, 0 },
};

static const dft_claim roster_claims[] = {
    { DFT_CLAIM_EXT, "xlsx" }, { DFT_CLAIM_EXT, "docx" }, { DFT_CLAIM_EXT, "csv" }, { DFT_CLAIM_EXT, "tsv" },
    { DFT_CLAIM_EXT, "txt" },  { DFT_CLAIM_EXT, "vcf" },  { DFT_CLAIM_EXT, "ods" }, { DFT_CLAIM_EXT, "odt" },
    { DFT_CLAIM_EXT, "xls" },  { DFT_CLAIM_EXT, "doc" },  { DFT_CLAIM_END, NULL },
};

const dft_plugin dft_plugin_roster = {
    .abi = DFT_PLUGIN_ABI,
    .struct_size = sizeof(dft_plugin),
    .name = "roster",
    .version = "1.0.0",
    .description = "target lists and staff rosters to persons (possible trafficking victims flagged), "
                   "vCard sets to contacts, and the identity join of persons with chats, calls and contacts",
    .claims = roster_claims,
    .access = DFT_ACCESS_WHOLE,
    .max_size = ROSTER_MAX_SIZE,
    .options = roster_options,
    .init = roster_init,
    .fini = roster_fini,
    .scan = roster_scan,
    .case_pass = roster_join_pass,
};
