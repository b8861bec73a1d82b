/*
 * store_check.c - the schema check at open: is this case file's schema the one dftriage writes?
 *
 * The reference is not a hand-kept list: the same DDL the store runs to create a case
 * (store_schema_create) is run on an in-memory database, and that database's sqlite_master is
 * compared with the file's. So the check follows every change of the DDL (schema version 2 and
 * later) without being edited.
 *
 * Compared, for every object of the reference:
 *   table    present as a table; the same columns (name, declared type, NOT NULL, primary key
 *            position), in any order; no extra column
 *   index, view, trigger
 *            present with that type and the same SQL text (SQLite keeps the CREATE text as
 *            written, so the reference text is the DDL's text)
 * (an index a large merge dropped and recorded in case_info, store_merge_bulk.c, may be missing until the
 * merge builds it again: it holds no data, only speed is lost)
 * and, in the file: no other trigger, and no other index on a reference table (a trigger could
 * rewrite or drop what the ingest stores; a UNIQUE index could make inserts fail). Other tables
 * and views (an examiner's own notes) are allowed.
 *
 * Invariants:
 *  1. Checks a file against the schema of its own version (1..DFT_SCHEMA_VERSION), before any migration
 *     (older files are migrated
 *     first by whoever migrates them, then checked).
 *  2. A damaged schema is DFT_ECORRUPT with one line naming up to MAX_PROBLEMS differences.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "store_impl.h"

#define MAX_PROBLEMS 4

typedef struct problems {
    char text[900];
    int n;
} problems;

static void add_problem(problems *p, const char *fmt, const char *a, const char *b)
{
    p->n++;
    if (p->n > MAX_PROBLEMS) return;
    size_t len = strlen(p->text);
    if (len) len += (size_t)snprintf(p->text + len, sizeof p->text - len, "; ");
    if (len < sizeof p->text) snprintf(p->text + len, sizeof p->text - len, fmt, a, b ? b : "");
}

/* The file's object (type, sql) named name, malloc'd strings; false when absent. */
static bool find_object(sqlite3 *db, const char *name, char **type, char **sql)
{
    sqlite3_stmt *st = NULL;
    *type = *sql = NULL;
    if (sqlite3_prepare_v2(db, "SELECT type, sql FROM sqlite_master WHERE name = ?1", -1, &st, NULL) != SQLITE_OK)
        return false;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    bool found = false;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0), *s = (const char *)sqlite3_column_text(st, 1);
        *type = strdup(t ? t : "");
        *sql = strdup(s ? s : "");
        found = *type && *sql;
    }
    sqlite3_finalize(st);
    return found;
}

/* "name|type|notnull|pk" per column, sorted by name, joined with "\n"; malloc'd. */
static char *column_sig(sqlite3 *db, const char *table)
{
    sqlite3_stmt *st = NULL;
    char *out = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT group_concat(c, char(10)) FROM (SELECT lower(name) || '|' || upper(type) || '|' ||"
                           " \"notnull\" || '|' || pk AS c FROM pragma_table_info(?1) ORDER BY lower(name))",
                           -1, &st, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *s = (const char *)sqlite3_column_text(st, 0);
        out = strdup(s ? s : "");
    }
    sqlite3_finalize(st);
    return out;
}

/* The first column name in a but not in b (signature lists), copied into out; "" when none. */
static void first_missing(const char *a, const char *b, char *out, size_t n)
{
    out[0] = '\0';
    const char *p = a;
    while (p && *p) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char line[300];
        snprintf(line, sizeof line, "%.*s", (int)(len < 299 ? len : 299), p);
        /* match whole lines of b */
        bool found = false;
        const char *q = b;
        while (q && *q && !found) {
            const char *qe = strchr(q, '\n');
            size_t ql = qe ? (size_t)(qe - q) : strlen(q);
            found = ql == strlen(line) && strncmp(q, line, ql) == 0;
            q = qe ? qe + 1 : NULL;
        }
        if (!found) {
            char *bar = strchr(line, '|');
            if (bar) *bar = '\0';
            snprintf(out, n, "%s", line);
            return;
        }
        p = end ? end + 1 : NULL;
    }
}

static void compare_table(problems *pr, sqlite3 *ref, sqlite3 *db, const char *name)
{
    char *a = column_sig(ref, name), *b = column_sig(db, name);
    if (a && b && strcmp(a, b) != 0) {
        char col[300], what[400];
        first_missing(a, b, col, sizeof col);
        if (col[0]) {
            snprintf(what, sizeof what, "%s.%s", name, col);
            add_problem(pr, "column %s is missing or altered%s", what, NULL);
        } else {
            first_missing(b, a, col, sizeof col);
            snprintf(what, sizeof what, "%s.%s", name, col);
            add_problem(pr, "column %s is not part of the schema%s", what, NULL);
        }
    } else if (!a || !b) {
        add_problem(pr, "table %s cannot be read%s", name, NULL);
    }
    free(a);
    free(b);
}

/* Builds the reference schema in memory from the store's own DDL. */
static int reference_open(sqlite3 **out, int version)
{
    dft_store ref = {0};
    ref.path = (char *)":memory: (reference schema)";
    if (sqlite3_open_v2(":memory:", &ref.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        sqlite3_close(ref.db);
        return dft_error_set(DFT_ENOMEM, "out of memory building the reference schema");
    }
    /* the schema of the file's own version: an older case is checked before it is migrated, so a foreign
     * trigger can never run during the migration or the ingest that follows */
    int rc = store_schema_create_upto(&ref, version);
    if (rc) {
        sqlite3_close(ref.db);
        return rc;
    }
    *out = ref.db;
    return DFT_OK;
}

/* An index a large merge dropped on purpose (store_merge_bulk.c, recorded in case_info in the same
 * transaction): missing until the merge, or its re-run, builds it again. Only speed is lost meanwhile. */
static bool bulk_dropped(sqlite3 *db, sqlite3 *ref, const char *name)
{
    /* only what a large merge drops: case_info is not sealed, so the record is no more than a claim */
    if (!store_bulk_index_droppable(ref, name)) return false;
    sqlite3_stmt *st = NULL;
    bool yes = false;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM case_info WHERE key = '" STORE_BULK_DROPPED_KEY "' AND"
                               " instr(value, ',' || ?1 || ',') > 0", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        yes = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    return yes;
}

int store_schema_index_sql(dft_store *s, const char *name, char **sql)
{
    *sql = NULL;
    sqlite3_stmt *vs = NULL;
    int version = -1;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &vs, NULL) == SQLITE_OK && sqlite3_step(vs) == SQLITE_ROW)
        version = sqlite3_column_int(vs, 0);
    sqlite3_finalize(vs);
    if (version < 1 || version > DFT_SCHEMA_VERSION)
        return dft_error_set(DFT_ECORRUPT, "%s: schema version %d unknown", s->path, version);
    sqlite3 *ref = NULL;
    int rc = reference_open(&ref, version);
    if (rc) return rc;
    char *type = NULL;
    if (!find_object(ref, name, &type, sql) || strcmp(type, "index") != 0 || !*sql) {
        free(*sql);
        *sql = NULL;
        rc = dft_error_set(DFT_ENOTFOUND, "index %s is not part of schema %d", name, version);
    }
    free(type);
    sqlite3_close(ref);
    return rc;
}

int store_schema_verify(dft_store *s)
{
    sqlite3_stmt *vs = NULL;
    int version = -1;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &vs, NULL) == SQLITE_OK && sqlite3_step(vs) == SQLITE_ROW)
        version = sqlite3_column_int(vs, 0);
    sqlite3_finalize(vs);
    if (version < 1 || version > DFT_SCHEMA_VERSION) return DFT_OK; /* refused by store_schema_check */
    sqlite3 *ref = NULL;
    int rc = reference_open(&ref, version);
    if (rc) return rc;
    problems pr = { "", 0 };
    sqlite3_stmt *st = NULL;
    /* 1. every reference object, as created */
    if (sqlite3_prepare_v2(ref, "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
                                " ORDER BY type = 'table' DESC, name", -1, &st, NULL) != SQLITE_OK) {
        sqlite3_close(ref);
        return dft_error_set(DFT_ERROR, "reference schema: %s", sqlite3_errmsg(ref));
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *type = (const char *)sqlite3_column_text(st, 0);
        const char *name = (const char *)sqlite3_column_text(st, 1);
        const char *sql = (const char *)sqlite3_column_text(st, 2);
        char *ftype = NULL, *fsql = NULL;
        if (!find_object(s->db, name, &ftype, &fsql)) {
            if (strcmp(type, "index") != 0 || !bulk_dropped(s->db, ref, name)) add_problem(&pr, "%s %s is missing", type, name);
        } else if (strcmp(ftype, type) != 0) {
            char what[300];
            snprintf(what, sizeof what, "%s %s", type, name);
            add_problem(&pr, "%s is a %s", what, ftype);
        } else if (strcmp(type, "table") == 0) {
            compare_table(&pr, ref, s->db, name);
        } else if (sql && strcmp(sql, fsql) != 0) {
            add_problem(&pr, "%s %s was altered", type, name);
        }
        free(ftype);
        free(fsql);
    }
    sqlite3_finalize(st);
    /* 2. no foreign trigger anywhere, no foreign index on a case table */
    if (sqlite3_prepare_v2(s->db, "SELECT type, name, tbl_name FROM sqlite_master WHERE type IN ('trigger', 'index')"
                                  " AND name NOT LIKE 'sqlite_autoindex%' ORDER BY name", -1, &st, NULL) ==
        SQLITE_OK) {
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *type = (const char *)sqlite3_column_text(st, 0);
            const char *name = (const char *)sqlite3_column_text(st, 1);
            const char *tbl = (const char *)sqlite3_column_text(st, 2);
            char *rtype = NULL, *rsql = NULL, *ttype = NULL, *tsql = NULL;
            bool known = name && find_object(ref, name, &rtype, &rsql);
            bool case_table = tbl && find_object(ref, tbl, &ttype, &tsql);
            if (!known && (strcmp(type, "trigger") == 0 || case_table)) {
                char what[300];
                snprintf(what, sizeof what, "%s %s", type, name ? name : "");
                add_problem(&pr, "%s on %s is not part of the schema", what, tbl ? tbl : "");
            }
            free(rtype);
            free(rsql);
            free(ttype);
            free(tsql);
        }
        sqlite3_finalize(st);
    } else {
        add_problem(&pr, "sqlite_master unreadable: %s", sqlite3_errmsg(s->db), NULL);
    }
    sqlite3_close(ref);
    if (pr.n == 0) return DFT_OK;
    return dft_error_set(DFT_ECORRUPT, "%s: damaged case schema, refused: %s%s", s->path, pr.text,
                         pr.n > MAX_PROBLEMS ? " (and more)" : "");
}
