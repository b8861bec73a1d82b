/*
 * pass.c - passes after the walk (pass.h): the dft_pass context, reading back this run's rows
 * (dft_pass_each) and storing what a pass emits at once.
 */
#include "pass.h"

#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pass_impl.h"
#include "registry.h"

struct dft_pass {
    dft_store *store;
    const dft_registry_entry *entry;
    const dft_evidence_view *evidence;   /* NULL in a case pass */
    const int64_t *ids;                  /* the evidence items the pass may read */
    size_t n_ids;
    const volatile sig_atomic_t *interrupt;
    struct pass_scan *scans;             /* handed out by dft_pass_scan, freed after the pass */
    uint64_t rows;
};

struct pass_scan {
    struct pass_scan *next;
    dft_scan s;
};

struct dft_row {
    sqlite3_stmt *st;
    dft_table table;
};

bool dft_pass_cancelled(const dft_pass *p) { return p->interrupt && *p->interrupt; }

const dft_evidence_view *dft_pass_evidence(const dft_pass *p) { return p->evidence; }

/* True when row id of table exists in the case. */
static bool row_exists(dft_store *st, const char *table, int64_t id)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT 1 FROM %s WHERE id = ?", table);
    sqlite3_stmt *q = NULL;
    bool yes = false;
    if (sqlite3_prepare_v2(dft_store_db(st), sql, -1, &q, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(q, 1, id);
        yes = sqlite3_step(q) == SQLITE_ROW;
    }
    sqlite3_finalize(q);
    return yes;
}

dft_scan *dft_pass_scan(dft_pass *p, int64_t file_id)
{
    if (p->scans && p->scans->s.pass_file_id == file_id) return &p->scans->s; /* the usual: same file again */
    if (file_id && !row_exists(p->store, "files", file_id)) {
        dft_error_set(DFT_ENOTFOUND, "pass of %s: no file %lld in the case", p->entry->plugin->name,
                      (long long)file_id);
        return NULL;
    }
    struct pass_scan *ps = calloc(1, sizeof *ps);
    if (!ps) {
        dft_error_set(DFT_ENOMEM, "out of memory");
        return NULL;
    }
    ps->s.entry = p->entry;
    ps->s.pass = p;
    ps->s.pass_file_id = file_id;
    ps->next = p->scans;
    p->scans = ps;
    return &ps->s;
}

/* Evidence id of a file (case passes), 0 when unknown. */
static int64_t file_evidence(dft_store *st, int64_t file_id)
{
    sqlite3 *db = dft_store_db(st);
    sqlite3_stmt *q = NULL;
    int64_t ev = 0;
    if (sqlite3_prepare_v2(db, "SELECT evidence_id FROM files WHERE id = ?", -1, &q, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(q, 1, file_id);
        if (sqlite3_step(q) == SQLITE_ROW) ev = sqlite3_column_int64(q, 0);
    }
    sqlite3_finalize(q);
    return ev;
}

int pass_store_row(dft_scan *s, const dft_rowkind *k, void *data, const dft_row_origin *origin, int64_t *out_id)
{
    dft_pass *p = s->pass;
    int64_t evidence_id = 0;
    if (p->evidence) {
        evidence_id = p->evidence->id;
        if (s->pass_file_id && file_evidence(p->store, s->pass_file_id) != evidence_id)
            return dft_error_set(DFT_ERROR, "pass of %s: file %lld is not in evidence %lld", p->entry->plugin->name,
                                 (long long)s->pass_file_id, (long long)evidence_id);
    }
    if (k->table == DFT_TABLE_NONE) {
        /* links: both ends must be rows of the case by now, never a guess */
        dft_link *l = data;
        const char *ft = dft_table_name((dft_table)l->from_table), *tt = dft_table_name((dft_table)l->to_table);
        if (l->from_id <= 0 || l->to_id <= 0 || !ft || !tt || !row_exists(p->store, ft, l->from_id) ||
            !row_exists(p->store, tt, l->to_id))
            return dft_error_set(DFT_ERROR, "pass of %s: link %s between rows that are not in the case (%s %lld, %s %lld)",
                                 p->entry->plugin->name, l->relation ? l->relation : "", ft ? ft : "?",
                                 (long long)l->from_id, tt ? tt : "?", (long long)l->to_id);
    }
    int rc = dft_store_row_insert(p->store, k, evidence_id, s->pass_file_id, p->entry->plugin->name, data, origin,
                                  out_id);
    if (rc == DFT_OK) p->rows++;
    return rc;
}

/* The tables a pass may read: every emitted-row table, and files. */
static bool readable_table(const char *table, dft_table *out)
{
    if (strcmp(table, "links") == 0) {
        *out = DFT_TABLE_NONE;
        return true;
    }
    dft_table t = dft_table_from_name(table);
    *out = t;
    return t == DFT_TABLE_FILE || dft_rowkind_of(t) != NULL;
}

int dft_pass_each(dft_pass *p, const char *table, const char *plugin, const char *kind, dft_row_fn cb,
                  void *payload)
{
    dft_table t;
    if (!table || !readable_table(table, &t))
        return dft_error_set(DFT_ERROR, "dft_pass_each: no table %s", table ? table : "(null)");
    if (kind && strcmp(table, "findings") != 0)
        return dft_error_set(DFT_ERROR, "dft_pass_each: kind filters findings only");
    if (plugin && t == DFT_TABLE_FILE) return dft_error_set(DFT_ERROR, "dft_pass_each: files have no plugin");
    sqlite3 *db = dft_store_db(p->store);
    /* rows this pass adds are not visited: the id bound is taken first */
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT coalesce(max(id), 0) FROM %s", table);
    sqlite3_stmt *st = NULL;
    int64_t max_id = 0;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return dft_error_set(DFT_ERROR, "dft_pass_each(%s): %s", table, sqlite3_errmsg(db));
    if (sqlite3_step(st) == SQLITE_ROW) max_id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);

    /* NOT INDEXED: a scan in rowid order streams the rows; an index on evidence_id (or plugin, kind)
     * would make SQLite sort every matching row in memory for the ORDER BY (temp_store is MEMORY):
     * 450 MiB for a million messages. */
    size_t n = (size_t)snprintf(sql, sizeof sql, "SELECT * FROM %s NOT INDEXED WHERE id <= ?1 AND evidence_id IN "
                                "(SELECT value FROM json_each(?2))", table);
    if (plugin) n += (size_t)snprintf(sql + n, sizeof sql - n, " AND plugin = ?3");
    if (kind) n += (size_t)snprintf(sql + n, sizeof sql - n, " AND kind = ?4");
    snprintf(sql + n, sizeof sql - n, " ORDER BY id");
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return dft_error_set(DFT_ERROR, "dft_pass_each(%s): %s", table, sqlite3_errmsg(db));
    /* the evidence ids as a JSON array */
    size_t cap = 8 + p->n_ids * 24, len = 0;
    char *ids = malloc(cap);
    if (!ids) {
        sqlite3_finalize(st);
        return dft_error_set(DFT_ENOMEM, "out of memory");
    }
    len += (size_t)snprintf(ids + len, cap - len, "[");
    for (size_t i = 0; i < p->n_ids; i++)
        len += (size_t)snprintf(ids + len, cap - len, "%s%lld", i ? "," : "", (long long)p->ids[i]);
    snprintf(ids + len, cap - len, "]");
    sqlite3_bind_int64(st, 1, max_id);
    sqlite3_bind_text(st, 2, ids, -1, SQLITE_TRANSIENT);
    free(ids);
    if (plugin) sqlite3_bind_text(st, 3, plugin, -1, SQLITE_TRANSIENT);
    if (kind) sqlite3_bind_text(st, 4, kind, -1, SQLITE_TRANSIENT);
    struct dft_row row = { st, t };
    int rc = DFT_OK, src;
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        if (dft_pass_cancelled(p)) {
            rc = dft_error_set(DFT_ECANCELLED, "interrupted");
            break;
        }
        rc = cb(payload, &row);
        if (rc) break;
    }
    if (!rc && src != SQLITE_DONE) rc = dft_error_set(DFT_ERROR, "dft_pass_each(%s): %s", table, sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return rc;
}

static int column_index(const dft_row *r, const char *column)
{
    int n = sqlite3_column_count(r->st);
    for (int i = 0; i < n; i++)
        if (strcmp(sqlite3_column_name(r->st, i), column) == 0) return i;
    return -1;
}

const char *dft_row_text(const dft_row *r, const char *column)
{
    int i = column_index(r, column);
    return i < 0 ? NULL : (const char *)sqlite3_column_text(r->st, i);
}

int64_t dft_row_int(const dft_row *r, const char *column, int64_t if_null)
{
    int i = column_index(r, column);
    if (i < 0 || sqlite3_column_type(r->st, i) == SQLITE_NULL) return if_null;
    return sqlite3_column_int64(r->st, i);
}

dft_ref dft_row_ref(const dft_row *r)
{
    return (dft_ref){ r->table, dft_row_int(r, "id", 0) };
}

/* ---- running passes ------------------------------------------------------------------------ */

static void warn(dft_store *st, int64_t evidence_id, const char *plugin, const char *msg)
{
    dft_finding f = { .struct_size = sizeof f, .kind = "evidence.warning", .subkind = plugin, .value = msg,
                      .offset = -1, .length = -1, .confidence = 1.0 };
    if (dft_store_finding_insert(st, evidence_id, 0, plugin, &f) != DFT_OK)
        fprintf(stderr, "dftriage: error: recording a pass warning: %s\n", dft_error_last());
}

static int run_passes(dft_store *st, const dft_evidence_view *ev, const int64_t *ids, size_t n_ids,
                      const volatile sig_atomic_t *interrupt, dft_pass_stats *stats)
{
    int rc = DFT_OK;
    for (size_t i = 0; rc == DFT_OK && i < dft_registry_count(); i++) {
        const dft_registry_entry *e = dft_registry_at(i);
        if (!e->enabled) continue;
        int (*fn)(dft_pass *, void *) = ev ? e->plugin->evidence_pass : e->plugin->case_pass;
        if (!fn) continue;
        if (interrupt && *interrupt) return dft_error_set(DFT_ECANCELLED, "interrupted before the %s pass",
                                                           e->plugin->name);
        dft_pass p = { st, e, ev, ids, n_ids, interrupt, NULL, 0 };
        rc = dft_store_begin(st);
        if (rc) return rc;
        dft_error_clear();
        int prc = fn(&p, e->state);
        if (prc) {
            /* what the pass stored is kept only when it ended well: a half pass is rolled back */
            char msg[1200];
            snprintf(msg, sizeof msg, "%s pass of plugin %s: %s: %s", ev ? "evidence" : "case", e->plugin->name,
                     dft_error_name(prc), dft_error_last());
            dft_store_rollback(st);
            rc = dft_store_begin(st);
            if (rc) return rc;
            warn(st, ev ? ev->id : 0, e->plugin->name, msg);
            fprintf(stderr, "dftriage: warning: %s\n", msg);
            if (stats) stats->warnings++;
            p.rows = 0;
        }
        while (p.scans) {
            struct pass_scan *next = p.scans->next;
            free(p.scans);
            p.scans = next;
        }
        rc = dft_store_commit(st);
        if (stats) {
            stats->passes++;
            stats->rows += p.rows;
        }
    }
    return rc;
}

int dft_passes_run_evidence(dft_store *st, const dft_evidence_view *ev, const volatile sig_atomic_t *interrupt,
                            dft_pass_stats *stats)
{
    return run_passes(st, ev, &ev->id, 1, interrupt, stats);
}

/* Audit row {"evidence_ids": [...]} (the case passes' start and completion records). */
static int audit_items(dft_store *st, const char *action, const int64_t *evidence_ids, size_t n_ids)
{
    json_t *ids = json_array();
    for (size_t i = 0; ids && i < n_ids; i++) json_array_append_new(ids, json_integer((json_int_t)evidence_ids[i]));
    json_t *d = ids ? json_pack("{so}", "evidence_ids", ids) : NULL;
    char *text = d ? json_dumps(d, JSON_COMPACT) : NULL;
    int rc = text ? dft_store_audit(st, action, text) : dft_error_set(DFT_ENOMEM, "out of memory");
    free(text);
    json_decref(d);
    return rc;
}

int dft_passes_run_case(dft_store *st, const int64_t *evidence_ids, size_t n_ids,
                        const volatile sig_atomic_t *interrupt, dft_pass_stats *stats)
{
    /* Start and completion records (docs/merge.md "Case-pass completion"): "case.passes.begin" names the
     * items before the passes run, "case.passes" once they ran to the end. An ingest interrupted during the
     * passes leaves its items 'complete' with the first and without the second: verify fails them, merge
     * refuses such a shard instead of merging it without its case-level rows, the next ingest resumes them. */
    int rc = audit_items(st, "case.passes.begin", evidence_ids, n_ids);
    if (!rc) rc = run_passes(st, NULL, evidence_ids, n_ids, interrupt, stats);
    if (!rc) rc = audit_items(st, "case.passes", evidence_ids, n_ids);
    return rc;
}
