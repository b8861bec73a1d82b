/*
 * store_merge_bulk.c - a large merge's indexes (docs/merge.md "Large merges").
 *
 * Copying a shard's rows is one INSERT ... SELECT per table, linear in its rows; what is not linear is
 * putting every copied row into the case's secondary indexes once the case has grown past the page cache:
 * each index insert then lands on a random page (paths, hashes, values are in no useful order). So a large
 * merge drops the secondary indexes of the big copied tables before the first copy and builds each once,
 * sorted, at the end - in the last shard's transaction.
 *
 * Kept: the indexes led by evidence_id. A merged item's evidence id is new and larger than every id in the
 * case, so its rows go to the right edge of those indexes (cache-friendly appends), and the seals of each
 * shard's item and of the case scope find their rows through them (store_seal.c, the rowid range).
 *
 * Crash safety: the names of the dropped indexes go into case_info (STORE_BULK_DROPPED_KEY) in the same
 * transaction that drops them; the schema check at open accepts exactly those as missing (store_check.c).
 * A merge interrupted between shards leaves a case whose every committed shard is complete and sealed,
 * which opens and passes `verify`, only without those indexes; the next `dftriage merge CASE.db ...` (with
 * or without shards) builds them from the schema's own DDL and clears the key.
 *
 * Invariants:
 *  0. Only an index store_bulk_index_droppable accepts is dropped, and the schema check accepts only such
 *     an index as missing, judged on the reference schema: case_info is not sealed, so a name written
 *     there by hand must not excuse any other missing index (or table, view, trigger).
 *  1. An index is dropped only with its name recorded in the same transaction, and the key is cleared only
 *     in the transaction that built every index it names.
 *  2. Rebuilt indexes are the schema's DDL text (store_schema_index_sql), so the schema check passes after.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "store_impl.h"
#include "store_merge.h"

/* The copied tables (store_merge.c copy_tables) that grow with the shards' rows; runs and evidence stay
 * one row per run and item and keep their indexes (a merge looks evidence up by fingerprint). */
static const char *const bulk_tables[] = { "evidence_meta", "volumes",  "filesystems", "files",   "unallocated",
                                           "findings",      "messages", "contacts",    "wallets", "persons",
                                           "calls",         "links" };

/* Page cache while a large merge runs (KiB; the store's default is 64 MiB): the index builds at the end
 * sort in it before spilling to temp files. */
#define BULK_CACHE_KIB 262144

static bool is_bulk_table(const char *t)
{
    for (size_t i = 0; i < sizeof bulk_tables / sizeof bulk_tables[0]; i++)
        if (strcmp(bulk_tables[i], t) == 0) return true;
    return false;
}

/* The recorded ",a,b," list (malloc'd, "" when none). */
static int dropped_get(dft_store *s, char **out)
{
    *out = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, "SELECT value FROM case_info WHERE key = '" STORE_BULK_DROPPED_KEY "'", -1, &st,
                           NULL) != SQLITE_OK)
        return store_sqlite_error(s, "case_info");
    const char *v = NULL;
    int src = sqlite3_step(st);
    if (src == SQLITE_ROW) v = (const char *)sqlite3_column_text(st, 0);
    else if (src != SQLITE_DONE) {
        sqlite3_finalize(st);
        return store_sqlite_error(s, "case_info");
    }
    *out = strdup(v ? v : "");
    sqlite3_finalize(st);
    return *out ? DFT_OK : dft_error_set(DFT_ENOMEM, "out of memory");
}

static bool first_column_is_evidence(sqlite3 *db, const char *index)
{
    char *sql = sqlite3_mprintf("SELECT name FROM main.pragma_index_info(%Q) WHERE seqno = 0", index);
    sqlite3_stmt *st = NULL;
    bool yes = false;
    if (sql && sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
        const char *c = (const char *)sqlite3_column_text(st, 0);
        yes = c && strcmp(c, "evidence_id") == 0;
    }
    sqlite3_finalize(st);
    sqlite3_free(sql);
    return yes;
}

bool store_bulk_index_droppable(sqlite3 *db, const char *index)
{
    sqlite3_stmt *st = NULL;
    bool yes = false;
    if (sqlite3_prepare_v2(db, "SELECT tbl_name FROM main.sqlite_master WHERE type = 'index' AND name = ?1 AND"
                               " sql IS NOT NULL", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, index, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW) {
            const char *tbl = (const char *)sqlite3_column_text(st, 0);
            yes = tbl && is_bulk_table(tbl);
        }
    }
    sqlite3_finalize(st);
    return yes && !first_column_is_evidence(db, index);
}

/* audit row {"indexes":[...]} for the ",a,b," list */
static int audit_list(dft_store *s, const char *action, const char *list)
{
    json_t *a = json_array();
    char *copy = strdup(list);
    for (char *p = copy, *next; a && p && *p; p = next) {
        char *comma = strchr(p, ',');
        next = comma ? comma + 1 : p + strlen(p);
        if (comma) *comma = 0;
        if (*p) json_array_append_new(a, json_string(p));
    }
    free(copy);
    json_t *o = a ? json_pack("{so}", "indexes", a) : NULL; /* "o" steals a, also on failure */
    char *detail = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(o);
    int rc = detail ? dft_store_audit(s, action, detail) : dft_error_set(DFT_ENOMEM, "out of memory");
    free(detail);
    return rc;
}

void dft_merge_bulk_pragmas(dft_store *s, bool on)
{
    /* only outside a transaction: temp_store cannot change inside one. Spilling sorts to temp files (not
     * memory) as the correlation pass does (store_correlate.c). */
    if (!sqlite3_get_autocommit(s->db)) return;
    if (on) {
        char sql[96];
        snprintf(sql, sizeof sql, "PRAGMA cache_size=-%d; PRAGMA temp_store=FILE;", BULK_CACHE_KIB);
        store_exec(s, sql);
    } else {
        store_exec(s, "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;");
    }
}

int dft_merge_bulk_begin(dft_store *s, int64_t *dropped)
{
    *dropped = 0;
    bool opened = false;
    int rc = store_txn_begin(s, &opened);
    char *have = NULL;
    if (!rc) rc = dropped_get(s, &have);
    sqlite3_stmt *st = NULL;
    if (!rc && sqlite3_prepare_v2(s->db, "SELECT name, tbl_name FROM main.sqlite_master WHERE type = 'index' AND"
                                         " sql IS NOT NULL ORDER BY name", -1, &st, NULL) != SQLITE_OK)
        rc = store_sqlite_error(s, "sqlite_master");
    /* collect first: no DROP while the schema is being read */
    size_t cap = 0, n = 0;
    char **names = NULL;
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0), *tbl = (const char *)sqlite3_column_text(st, 1);
        if (!name || !tbl || !is_bulk_table(tbl) || first_column_is_evidence(s->db, name)) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            char **g = realloc(names, cap * sizeof *g);
            if (!g) {
                rc = dft_error_set(DFT_ENOMEM, "out of memory");
                break;
            }
            names = g;
        }
        if (!(names[n] = strdup(name))) rc = dft_error_set(DFT_ENOMEM, "out of memory");
        else n++;
    }
    sqlite3_finalize(st);
    /* the new list: what an interrupted merge left, and these */
    size_t len = strlen(have ? have : "") + 2;
    for (size_t i = 0; i < n; i++) len += strlen(names[i]) + 1;
    char *list = rc ? NULL : malloc(len);
    if (!rc && !list) rc = dft_error_set(DFT_ENOMEM, "out of memory");
    if (!rc) {
        size_t o = (size_t)snprintf(list, len, "%s", have[0] ? have : ",");
        for (size_t i = 0; i < n; i++) o += (size_t)snprintf(list + o, len - o, "%s,", names[i]);
    }
    for (size_t i = 0; !rc && i < n; i++) {
        char *sql = sqlite3_mprintf("DROP INDEX main.\"%w\"", names[i]);
        rc = sql ? store_exec(s, sql) : dft_error_set(DFT_ENOMEM, "out of memory");
        sqlite3_free(sql);
    }
    if (!rc && n) {
        if (sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO case_info(key, value) VALUES ('" STORE_BULK_DROPPED_KEY
                                      "', ?1)", -1, &st, NULL) != SQLITE_OK) {
            rc = store_sqlite_error(s, "case_info");
        } else {
            sqlite3_bind_text(st, 1, list, -1, SQLITE_STATIC);
            if (sqlite3_step(st) != SQLITE_DONE) rc = store_sqlite_error(s, "case_info");
            sqlite3_finalize(st);
        }
        /* a change of the case file's schema, in its audit chain (case_info itself is not sealed) */
        if (!rc) rc = audit_list(s, "merge.indexes_dropped", list);
    }
    if (!rc) *dropped = (int64_t)n;
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    free(list);
    free(have);
    return store_txn_end(s, opened, rc);
}

int dft_merge_bulk_end(dft_store *s, int64_t *rebuilt)
{
    *rebuilt = 0;
    bool opened = false;
    int rc = store_txn_begin(s, &opened);
    char *have = NULL;
    if (!rc) rc = dropped_get(s, &have);
    bool recorded = !rc && have && *have;
    char *listed = recorded ? strdup(have) : NULL; /* `have` is cut up below */
    if (recorded && !listed) rc = dft_error_set(DFT_ENOMEM, "out of memory");
    for (char *p = have, *next; !rc && p && *p; p = next) {
        char *comma = strchr(p, ',');
        next = comma ? comma + 1 : p + strlen(p);
        if (comma) *comma = 0;
        if (!*p) continue;
        char *ddl = NULL;
        /* CREATE INDEX, not IF NOT EXISTS: an index of that name that came back by other means would not
         * be the schema's and is refused by the schema check anyway */
        rc = store_schema_index_sql(s, p, &ddl);
        if (!rc) rc = store_exec(s, ddl);
        if (!rc) ++*rebuilt;
        free(ddl);
    }
    if (!rc && recorded) rc = store_exec(s, "DELETE FROM case_info WHERE key = '" STORE_BULK_DROPPED_KEY "'");
    if (!rc && recorded) rc = audit_list(s, "merge.indexes_built", listed);
    free(listed);
    free(have);
    return store_txn_end(s, opened, rc);
}
