/*
 * sqlite_recover_schema.c - the schema the recovery parser is guided by, read from a live connection:
 * each ordinary table's name and root page (sqlite_master) and its columns' declared affinity and
 * INTEGER PRIMARY KEY (table_info). WITHOUT ROWID tables are skipped by the walker (their root is an
 * index b-tree).
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"
#include "sqlite_recover.h"

void dft_sqlrec_schema_free(dft_sqlrec_schema *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->ntables; i++) {
        free((void *)s->tables[i].keys);
        free((void *)s->tables[i].notnull);
        for (int j = 0; j < s->tables[i].ncols; j++) free((char *)s->tables[i].cols[j].name);
        free((void *)s->tables[i].cols);
        free((char *)s->tables[i].name);
    }
    free(s->tables);
    memset(s, 0, sizeof *s);
}

static int load_columns(sqlite3 *db, dft_sqlrec_table *t)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT name, type, pk, \"notnull\" FROM pragma_table_info(?1) ORDER BY cid", -1, &st, NULL) !=
        SQLITE_OK)
        return dft_error_set(DFT_ECORRUPT, "table_info: %s", sqlite3_errmsg(db));
    sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
    size_t cap = 0;
    dft_sqlrec_column *cols = NULL;
    uint8_t *notnull = NULL;
    int n = 0, pks = 0, ipk = -1, nn = 0;
    int rc = DFT_OK;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if ((size_t)n == cap) {
            cap = cap ? cap * 2 : 16;
            dft_sqlrec_column *nc = realloc(cols, cap * sizeof *nc);
            if (!nc) { rc = dft_error_set(DFT_ENOMEM, "out of memory"); break; }
            cols = nc;
            uint8_t *nb = realloc(notnull, cap);
            if (!nb) { rc = dft_error_set(DFT_ENOMEM, "out of memory"); break; }
            notnull = nb;
        }
        notnull[n] = sqlite3_column_int(st, 3) != 0;
        nn += notnull[n];
        const char *name = (const char *)sqlite3_column_text(st, 0);
        const char *type = (const char *)sqlite3_column_text(st, 1);
        cols[n].name = strdup(name ? name : "");
        cols[n].affinity = dft_sqlrec_affinity(type ? type : "");
        cols[n].ipk = false;
        if (sqlite3_column_int(st, 2) > 0) {
            pks++;
            if (type && strcasecmp(type, "INTEGER") == 0) ipk = n;
        }
        n++;
    }
    sqlite3_finalize(st);
    /* only a lone INTEGER PRIMARY KEY is the rowid (a composite key or "INT PRIMARY KEY" is not) */
    if (pks == 1 && ipk >= 0) cols[ipk].ipk = true;
    t->cols = cols;
    t->ncols = n;
    if (nn) t->notnull = notnull;
    else free(notnull);
    return rc;
}

/* The table's UNIQUE keys (sqlite_recover.h dft_sqlrec_table.keys): unique indexes and UNIQUE /
 * non-rowid PRIMARY KEY constraints whose columns are all plain columns; partial indexes (unique only
 * among the rows their WHERE selects) and expression keys are left out. */
static int load_keys(sqlite3 *db, dft_sqlrec_table *t)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT il.name, (SELECT count(*) FROM pragma_index_info(il.name)), "
                           "(SELECT count(*) FROM pragma_index_info(il.name) WHERE cid < 0) "
                           "FROM pragma_index_list(?1) il WHERE il.\"unique\" AND NOT il.partial ORDER BY il.name",
                           -1, &st, NULL) != SQLITE_OK)
        return DFT_OK;   /* an old SQLite without these columns: no keys, recovery as before */
    sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
    int *keys = NULL;
    int len = 0, cap = 0, rc = DFT_OK;
    while (rc == DFT_OK && sqlite3_step(st) == SQLITE_ROW) {
        const char *iname = (const char *)sqlite3_column_text(st, 0);
        int n = sqlite3_column_int(st, 1);
        if (!iname || n < 1 || n > 16 || sqlite3_column_int(st, 2) > 0) continue;
        if (len + 1 + n > cap) {
            cap = (cap + 1 + n) * 2;
            int *nk = realloc(keys, (size_t)cap * sizeof *nk);
            if (!nk) { rc = dft_error_set(DFT_ENOMEM, "out of memory"); break; }
            keys = nk;
        }
        sqlite3_stmt *ii = NULL;
        if (sqlite3_prepare_v2(db, "SELECT cid FROM pragma_index_info(?1) ORDER BY seqno", -1, &ii, NULL) != SQLITE_OK)
            continue;
        sqlite3_bind_text(ii, 1, iname, -1, SQLITE_STATIC);
        int got = 0;
        while (got < n && sqlite3_step(ii) == SQLITE_ROW) keys[len + 1 + got++] = sqlite3_column_int(ii, 0);
        sqlite3_finalize(ii);
        if (got != n) continue;
        keys[len] = n;
        len += 1 + n;
    }
    sqlite3_finalize(st);
    if (rc || len == 0) {
        free(keys);
        return rc;
    }
    t->keys = keys;
    t->keys_len = len;
    return DFT_OK;
}

int dft_sqlrec_schema_load(sqlite3 *db, dft_sqlrec_schema *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT name, rootpage FROM sqlite_master WHERE type='table' AND rootpage > 0 "
                           "AND name NOT LIKE 'sqlite_%' ORDER BY rootpage",
                           -1, &st, NULL) != SQLITE_OK)
        return dft_error_set(DFT_ECORRUPT, "sqlite_master: %s", sqlite3_errmsg(db));
    size_t cap = 0;
    int rc = DFT_OK;
    while (rc == DFT_OK && sqlite3_step(st) == SQLITE_ROW) {
        if (out->ntables == cap) {
            cap = cap ? cap * 2 : 16;
            dft_sqlrec_table *nt = realloc(out->tables, cap * sizeof *nt);
            if (!nt) { rc = dft_error_set(DFT_ENOMEM, "out of memory"); break; }
            out->tables = nt;
        }
        dft_sqlrec_table *t = &out->tables[out->ntables];
        memset(t, 0, sizeof *t);
        const char *name = (const char *)sqlite3_column_text(st, 0);
        int64_t root = sqlite3_column_int64(st, 1);
        if (!name || root <= 0 || root > 0x7fffffff) continue;
        t->name = strdup(name);
        t->root = (uint32_t)root;
        if (!t->name) { rc = dft_error_set(DFT_ENOMEM, "out of memory"); break; }
        out->ntables++;
        rc = load_columns(db, t);
        if (rc == DFT_OK && t->ncols > 0) rc = load_keys(db, t);
        if (rc == DFT_OK && t->ncols == 0) {   /* a virtual table's shadow or unreadable: skip */
            free((char *)t->name);
            free((void *)t->cols);
            out->ntables--;
        }
    }
    sqlite3_finalize(st);
    if (rc) dft_sqlrec_schema_free(out);
    return rc;
}
