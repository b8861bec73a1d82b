/*
 * rollup.c - the crypto_scan case pass: after every evidence item of the ingest, one crypto.rollup
 * finding per distinct address / private key / extended key / seed this plugin found in the run — the
 * list investigators send to a chain-analysis service.
 *
 * For each (kind, subkind, canonical) it gives how many times it was seen, in which evidence items and
 * files (file ids capped at ROLLUP_FILES_CAP, plus the total), and the first and last time seen: the
 * sent time of the message it was found in (the core's found_in link), else the mtime of its file;
 * hits in unallocated space have neither. Rollups come out sorted by (subkind, canonical, kind), so the
 * same case always gives the same rows.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "crypto_scan.h"

#define ROLLUP_FILES_CAP 100

typedef struct occ {
    char *kind, *subkind, *canonical;
    int64_t finding_id, evidence_id, file_id;
    int64_t message_id;          /* via a found_in link, else 0 */
    double confidence;
    bool secret;
    const char *when;            /* borrowed from the time tables below, or NULL */
} occ;

typedef struct id_text {
    int64_t id;
    char *text;
} id_text;

typedef struct collect {
    occ *v;
    size_t n, cap;
    id_text *times;              /* file mtimes / message sent_utc, by id */
    size_t tn, tcap;
    int rc;
} collect;

static char *dup_or_empty(const char *s)
{
    return strdup(s ? s : "");
}

static int on_finding(void *payload, const dft_row *r)
{
    collect *c = payload;
    const char *kind = dft_row_text(r, "kind");
    if (!kind || (strcmp(kind, "crypto.address") != 0 && strcmp(kind, "crypto.private_key") != 0 &&
                  strcmp(kind, "crypto.xkey") != 0 && strcmp(kind, "crypto.seed") != 0))
        return 0;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        occ *v = realloc(c->v, cap * sizeof *v);
        if (!v) return c->rc = dft_error_set(DFT_ENOMEM, "crypto_scan rollup: out of memory");
        c->v = v;
        c->cap = cap;
    }
    occ *o = &c->v[c->n];
    memset(o, 0, sizeof *o);
    const char *canonical = NULL;
    json_t *d = NULL;
    const char *details = dft_row_text(r, "details");
    if (details) d = json_loads(details, 0, NULL);
    if (d) {
        canonical = json_string_value(json_object_get(d, "canonical"));
        o->secret = json_object_get(d, "severity") != NULL;
    }
    o->kind = dup_or_empty(kind);
    o->subkind = dup_or_empty(dft_row_text(r, "subkind"));
    o->canonical = dup_or_empty(canonical ? canonical : dft_row_text(r, "value"));
    json_decref(d);
    if (!o->kind || !o->subkind || !o->canonical) {
        free(o->kind); free(o->subkind); free(o->canonical);
        return c->rc = dft_error_set(DFT_ENOMEM, "crypto_scan rollup: out of memory");
    }
    o->finding_id = dft_row_ref(r).id;
    o->evidence_id = dft_row_int(r, "evidence_id", 0);
    o->file_id = dft_row_int(r, "file_id", 0);
    const char *conf = dft_row_text(r, "confidence");
    o->confidence = conf ? strtod(conf, NULL) : 0.0;
    c->n++;
    return 0;
}

static int cmp_finding_id(const void *a, const void *b)
{
    int64_t x = ((const occ *)a)->finding_id, y = ((const occ *)b)->finding_id;
    return (x > y) - (x < y);
}

static occ *find_by_finding(collect *c, int64_t id)
{
    occ key = { .finding_id = id };
    return bsearch(&key, c->v, c->n, sizeof *c->v, cmp_finding_id);
}

static int on_link(void *payload, const dft_row *r)
{
    collect *c = payload;
    const char *rel = dft_row_text(r, "relation"), *from = dft_row_text(r, "from_table"),
               *to = dft_row_text(r, "to_table");
    if (!rel || !from || !to || strcmp(rel, "found_in") != 0 || strcmp(from, "findings") != 0 ||
        strcmp(to, "messages") != 0)
        return 0;
    occ *o = find_by_finding(c, dft_row_int(r, "from_id", 0));
    if (o && !o->message_id) o->message_id = dft_row_int(r, "to_id", 0);
    return 0;
}

typedef struct time_pass {
    collect *c;
    int64_t *want;               /* sorted keys needed */
    size_t nwant;
    const char *column;
    int sign;
} time_pass;

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int on_time_row(void *payload, const dft_row *r)
{
    time_pass *tp = payload;
    int64_t key = dft_row_ref(r).id * tp->sign;
    if (!bsearch(&key, tp->want, tp->nwant, sizeof *tp->want, cmp_i64)) return 0;
    const char *t = dft_row_text(r, tp->column);
    if (!t || !*t) return 0;
    collect *c = tp->c;
    if (c->tn == c->tcap) {
        size_t cap = c->tcap ? c->tcap * 2 : 64;
        id_text *v = realloc(c->times, cap * sizeof *v);
        if (!v) return c->rc = dft_error_set(DFT_ENOMEM, "crypto_scan rollup: out of memory");
        c->times = v;
        c->tcap = cap;
    }
    c->times[c->tn].id = key;
    c->times[c->tn].text = strdup(t);
    if (!c->times[c->tn].text) return c->rc = dft_error_set(DFT_ENOMEM, "crypto_scan rollup: out of memory");
    c->tn++;
    return 0;
}

static int cmp_time(const void *a, const void *b)
{
    int64_t x = ((const id_text *)a)->id, y = ((const id_text *)b)->id;
    return (x > y) - (x < y);
}

/* Loads the times of the files and messages the occurrences point at, and sets occ.when. */
static int load_times(dft_pass *p, collect *c)
{
    int64_t *want = malloc((c->n * 2 + 1) * sizeof *want);
    if (!want) return dft_error_set(DFT_ENOMEM, "crypto_scan rollup: out of memory");
    size_t nf = 0, nm = 0;
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i].file_id > 0 && !c->v[i].message_id) want[nf++] = c->v[i].file_id;
    qsort(want, nf, sizeof *want, cmp_i64);
    time_pass tp = { c, want, nf, "mtime", 1 };
    int rc = nf ? dft_pass_each(p, "files", NULL, NULL, on_time_row, &tp) : DFT_OK;
    int64_t *mw = want + nf;
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i].message_id) mw[nm++] = -c->v[i].message_id;
    qsort(mw, nm, sizeof *mw, cmp_i64);
    time_pass tm = { c, mw, nm, "sent_utc", -1 };
    if (rc == DFT_OK && !c->rc && nm) rc = dft_pass_each(p, "messages", NULL, NULL, on_time_row, &tm);
    free(want);
    if (rc == DFT_OK) rc = c->rc;
    if (rc) return rc;
    if (!c->tn) return DFT_OK; /* no times found (qsort/bsearch of a NULL array is undefined even when empty) */
    qsort(c->times, c->tn, sizeof *c->times, cmp_time);
    for (size_t i = 0; i < c->n; i++) {
        occ *o = &c->v[i];
        id_text key = { .id = o->message_id ? -o->message_id : o->file_id };
        if (!key.id) continue;
        id_text *t = bsearch(&key, c->times, c->tn, sizeof *c->times, cmp_time);
        if (t) o->when = t->text;
    }
    return DFT_OK;
}

static int cmp_group(const void *a, const void *b)
{
    const occ *x = a, *y = b;
    int r = strcmp(x->subkind, y->subkind);
    if (!r) r = strcmp(x->canonical, y->canonical);
    if (!r) r = strcmp(x->kind, y->kind);
    if (!r) r = (x->finding_id > y->finding_id) - (x->finding_id < y->finding_id);
    return r;
}

/* Distinct sorted ids of v[a..b) chosen by `pick` into a JSON array (capped), returning the total. */
static size_t distinct_ids(const occ *v, size_t a, size_t b, bool evidence, json_t *arr, size_t cap)
{
    int64_t *ids = malloc((b - a) * sizeof *ids);
    if (!ids) return 0;
    size_t n = 0;
    for (size_t i = a; i < b; i++) {
        int64_t id = evidence ? v[i].evidence_id : v[i].file_id;
        if (id > 0) ids[n++] = id;
    }
    qsort(ids, n, sizeof *ids, cmp_i64);
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        if (i && ids[i] == ids[i - 1]) continue;
        if (total < cap) json_array_append_new(arr, json_integer(ids[i]));
        total++;
    }
    free(ids);
    return total;
}

static int emit_group(dft_scan *s, const occ *v, size_t a, size_t b)
{
    json_t *d = json_object(), *ev = json_array(), *files = json_array();
    if (!d || !ev || !files) {
        json_decref(d); json_decref(ev); json_decref(files);
        return dft_error_set(DFT_ENOMEM, "crypto_scan rollup: out of memory");
    }
    distinct_ids(v, a, b, true, ev, SIZE_MAX);
    size_t ftotal = distinct_ids(v, a, b, false, files, ROLLUP_FILES_CAP);
    const char *first = NULL, *last = NULL;
    double conf = 0;
    bool secret = false;
    for (size_t i = a; i < b; i++) {
        if (v[i].when) {
            if (!first || strcmp(v[i].when, first) < 0) first = v[i].when;
            if (!last || strcmp(v[i].when, last) > 0) last = v[i].when;
        }
        if (v[i].confidence > conf) conf = v[i].confidence;
        secret |= v[i].secret;
    }
    json_object_set_new(d, "kind", json_string(v[a].kind));
    json_object_set_new(d, "count", json_integer((json_int_t)(b - a)));
    json_object_set_new(d, "evidence_ids", ev);
    json_object_set_new(d, "file_ids", files);
    json_object_set_new(d, "file_total", json_integer((json_int_t)ftotal));
    json_object_set_new(d, "first_seen", first ? json_string(first) : json_null());
    json_object_set_new(d, "last_seen", last ? json_string(last) : json_null());
    if (secret) {
        json_object_set_new(d, "severity", json_string("high"));
        json_object_set_new(d, "sensitive", json_pack("[s]", "value"));
    }
    char *details = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(d);
    if (!details) return dft_error_set(DFT_ENOMEM, "crypto_scan rollup: out of memory");
    dft_finding f = DFT_INIT(dft_finding);
    f.kind = "crypto.rollup";
    f.subkind = v[a].subkind[0] ? v[a].subkind : NULL;
    f.value = v[a].canonical;
    f.offset = -1;
    f.length = -1;
    f.confidence = conf;
    f.details = details;
    int rc = dft_emit_finding(s, &f, NULL);
    free(details);
    return rc;
}

int dft_crypto_scan_rollup(dft_pass *p, void *state)
{
    (void)state;
    collect c = { 0 };
    int rc = dft_pass_each(p, "findings", "crypto_scan", NULL, on_finding, &c);
    if (rc == DFT_OK) rc = c.rc;
    if (rc == DFT_OK && c.n) {
        /* findings come in id order: sorted for the link lookup */
        qsort(c.v, c.n, sizeof *c.v, cmp_finding_id);
        rc = dft_pass_each(p, "links", NULL, NULL, on_link, &c);
        if (rc == DFT_OK) rc = load_times(p, &c);
    }
    if (rc == DFT_OK && c.n) {
        qsort(c.v, c.n, sizeof *c.v, cmp_group);
        dft_scan *s = dft_pass_scan(p, 0);
        if (!s) rc = dft_error_set(DFT_ERROR, "crypto_scan rollup: no pass scan context");
        for (size_t a = 0; rc == DFT_OK && a < c.n;) {
            size_t b = a + 1;
            while (b < c.n && strcmp(c.v[b].subkind, c.v[a].subkind) == 0 &&
                   strcmp(c.v[b].canonical, c.v[a].canonical) == 0 && strcmp(c.v[b].kind, c.v[a].kind) == 0)
                b++;
            rc = emit_group(s, c.v, a, b);
            if (dft_pass_cancelled(p)) break;
            a = b;
        }
    }
    for (size_t i = 0; i < c.n; i++) {
        free(c.v[i].kind);
        free(c.v[i].subkind);
        free(c.v[i].canonical);
    }
    free(c.v);
    for (size_t i = 0; i < c.tn; i++) free(c.times[i].text);
    free(c.times);
    return rc;
}
