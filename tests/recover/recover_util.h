/*
 * recover_util.h - helpers of the recovery tests: run dft_sqlrec_run over a database file (+ -wal,
 * -journal) with the schema read from the file itself, and collect each recovered row as one line
 * "table|rowid|source|completeness|older|v1|v2|..." (text as UTF-8, LOST as '?', NULL as 'N').
 */
#ifndef DFT_RECOVER_UTIL_H
#define DFT_RECOVER_UTIL_H

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sqlite_recover.h"

typedef struct rec_lines {
    char **line;
    size_t n;
    dft_sqlrec_stats st;
    const dft_sqlrec_table *tables;
    int rc;
} rec_lines;

static uint8_t *rec_slurp(const char *path, size_t *len)
{
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = malloc(n > 0 ? (size_t)n : 1);
    if (b && n > 0 && fread(b, 1, (size_t)n, f) != (size_t)n) { free(b); b = NULL; }
    fclose(f);
    if (b) *len = (size_t)(n > 0 ? n : 0);
    return b;
}

/* UTF-16 text -> UTF-8 through SQLite itself (the tests only). */
static void rec_text(char *out, size_t cap, const dft_sqlrec_value *v, int enc)
{
    if (enc == 1) { snprintf(out, cap, "%.*s", (int)v->n, (const char *)v->p); return; }
    sqlite3 *m = NULL;
    sqlite3_open(":memory:", &m);
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(m, "SELECT ?1", -1, &st, NULL);
    sqlite3_bind_text64(st, 1, (const char *)v->p, v->n, SQLITE_TRANSIENT, enc == 2 ? SQLITE_UTF16LE : SQLITE_UTF16BE);
    sqlite3_step(st);
    snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(m);
}

static int rec_collect(void *payload, const dft_sqlrec_row *r)
{
    rec_lines *l = payload;
    char buf[8192];
    size_t n = 0;
    n += (size_t)snprintf(buf + n, sizeof buf - n, "%s|", l->tables[r->table].name);
    if (r->has_rowid) n += (size_t)snprintf(buf + n, sizeof buf - n, "%lld|", (long long)r->rowid);
    else n += (size_t)snprintf(buf + n, sizeof buf - n, "-|");
    n += (size_t)snprintf(buf + n, sizeof buf - n, "%s|%s", r->source, r->completeness);
    /* a partial record says what is missing: "partial(overflow chain: ...)" */
    if (r->missing) n += (size_t)snprintf(buf + n, sizeof buf - n, "(%s)", r->missing);
    n += (size_t)snprintf(buf + n, sizeof buf - n, "|%d", r->older_version);
    /* linked through a UNIQUE key: "1k<rowid of the live row>" */
    if (r->older_by_key) n += (size_t)snprintf(buf + n, sizeof buf - n, "k%lld", (long long)r->older_of);
    /* the table cannot be told from the columns (freed page, several tables fit): "a" */
    if (r->table_ambiguous) n += (size_t)snprintf(buf + n, sizeof buf - n, "a");
    for (int j = 0; j < r->nvals && n < sizeof buf - 200; j++) {
        const dft_sqlrec_value *v = &r->vals[j];
        char t[4096];
        switch (v->type) {
        case DFT_SQLREC_LOST: snprintf(t, sizeof t, "?"); break;
        case DFT_SQLREC_NULL: snprintf(t, sizeof t, "N"); break;
        case DFT_SQLREC_INT: snprintf(t, sizeof t, "%lld", (long long)v->i); break;
        case DFT_SQLREC_FLOAT: snprintf(t, sizeof t, "%g", v->f); break;
        case DFT_SQLREC_TEXT: rec_text(t, sizeof t, v, l->st.encoding ? l->st.encoding : 1); break;
        default: snprintf(t, sizeof t, "blob%zu", v->n); break;
        }
        if (strlen(t) > 60) { t[57] = '.'; t[58] = '.'; t[59] = '.'; size_t tl = strlen(t); snprintf(t + 60, 24, "(%zu)", tl); }
        n += (size_t)snprintf(buf + n, sizeof buf - n, "|%s", t);
    }
    l->line = realloc(l->line, (l->n + 1) * sizeof *l->line);
    l->line[l->n++] = strdup(buf);
    return 0;
}

/* Recovery over path (+ "-wal" / "-journal" siblings when they exist). */
static void rec_run(const char *path, rec_lines *out, dft_sqlrec_schema *schema)
{
    memset(out, 0, sizeof *out);
    sqlite3 *db = NULL;
    char uri[600];
    snprintf(uri, sizeof uri, "file:%s?mode=ro", path);
    sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
    dft_sqlrec_schema_load(db, schema);
    sqlite3_close(db);
    char side[600];
    size_t dl = 0, wl = 0, jl = 0;
    uint8_t *d = rec_slurp(path, &dl);
    snprintf(side, sizeof side, "%s-wal", path);
    uint8_t *w = rec_slurp(side, &wl);
    snprintf(side, sizeof side, "%s-journal", path);
    uint8_t *j = rec_slurp(side, &jl);
    dft_sqlrec_opts o = { .db = d, .db_len = dl, .wal = w, .wal_len = wl, .journal = j, .journal_len = jl,
                          .tables = schema->tables, .ntables = schema->ntables };
    out->tables = schema->tables;
    /* the encoding is known only after the run: collect raw, re-run with it for text */
    dft_sqlrec_stats st;
    dft_sqlrec_run(&o, NULL, NULL, &st);
    out->st.encoding = st.encoding;
    out->rc = dft_sqlrec_run(&o, rec_collect, out, &out->st);
    free(d);
    free(w);
    free(j);
}

static void rec_free(rec_lines *l, dft_sqlrec_schema *schema)
{
    for (size_t i = 0; i < l->n; i++) free(l->line[i]);
    free(l->line);
    dft_sqlrec_schema_free(schema);
}

#endif
