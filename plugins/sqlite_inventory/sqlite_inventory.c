/*
 * sqlite_inventory.c - every SQLite database in the evidence: its tables and row counts (WAL
 * applied: the -wal and -journal siblings are copied beside it), as one sqlite.database finding.
 * Chat stores are recognised and read by the chat plugin (plugins/chat), which owns chat.database.
 * A database carved from unallocated space (derived file of transform sqlite-carve) is marked
 * carved, with the media offset of its page 1.
 *
 * Hostile databases: opened through parsers/sqlite_safe.h (a private read-only copy with the -wal
 * applied when there is one, hardened connection, time/step/memory budgets, the watchdog's
 * cancel); only plain tables are counted (views, virtual tables and triggered tables are listed
 * with a null count, never executed); row counts capped at DB_COUNT_CAP.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "parsers/sqlite_safe.h"
#include "plugin.h"

#define MAX_TABLES 512
#define DB_COUNT_CAP 10000000

static bool scan_cancelled(void *payload)
{
    return dft_scan_cancelled(payload);
}

/* Row count of a plain table (capped); DFT_OK, or the checked step's code. */
static int count_rows(dft_sqlite *h, const char *table, long long *out)
{
    if (dft_sqlite_table_kind(h, table) != DFT_SQLITE_TABLE) return DFT_EUNSUPPORTED;
    char *sql = sqlite3_mprintf("SELECT count(*) FROM (SELECT 1 FROM \"%w\" LIMIT %d)", table, DB_COUNT_CAP);
    if (!sql) return DFT_ENOMEM;
    sqlite3_stmt *st = NULL;
    int rc = dft_sqlite_prepare(h, &st, sql);
    sqlite3_free(sql);
    if (!rc) rc = dft_sqlite_step(h, st);
    if (rc == DFT_SQLITE_ROW) {
        *out = sqlite3_column_int64(st, 0);
        rc = DFT_OK;
    } else if (rc == DFT_OK) {
        rc = DFT_ECORRUPT;
    }
    sqlite3_finalize(st);
    return rc;
}

static int inventory_scan(dft_scan *s, const dft_file *f, const dft_content *c)
{
    const char *path = dft_content_path(c);
    if (!path) return DFT_EIO;
    dft_sqlite_opts o = DFT_SQLITE_OPTS_INIT;
    o.cancelled = scan_cancelled;
    o.payload = s;
    o.time_budget_ms = 60000;
    /* the -wal the pipeline copied beside the content is applied; the private copy goes into the scan's
     * own 0700 directory */
    dft_sqlite *h = NULL;
    int rc = dft_sqlite_open_beside(&h, path, &o);
    if (rc) return rc == DFT_ECORRUPT ? dft_error_set(DFT_ECORRUPT, "not readable as SQLite: %s", dft_error_last()) : rc;
    sqlite3_stmt *st = NULL;
    rc = dft_sqlite_prepare(h, &st, "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name");
    if (rc) {
        dft_sqlite_close(h);
        return rc;
    }
    json_t *tables = json_object();
    int n = 0, step;
    while ((step = dft_sqlite_step(h, st)) == DFT_SQLITE_ROW && n < MAX_TABLES) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        if (!name) continue;
        json_object_set_new(tables, name, json_null());
        n++;
    }
    char errtext[512] = "";
    if (step < 0) snprintf(errtext, sizeof errtext, "%s", dft_error_last());
    sqlite3_finalize(st);
    const char *key;
    json_t *value;
    int crc = DFT_OK;
    json_object_foreach(tables, key, value) {
        (void)value;
        long long rows = -1;
        if (crc == DFT_ECANCELLED) break;
        crc = count_rows(h, key, &rows);
        if (crc == DFT_OK) json_object_set_new(tables, key, json_integer(rows));
        else if (crc != DFT_EUNSUPPORTED && !errtext[0]) snprintf(errtext, sizeof errtext, "%s", dft_error_last());
    }
    if (crc == DFT_ECANCELLED || step == DFT_ECANCELLED) {
        json_decref(tables);
        dft_sqlite_close(h);
        return DFT_ECANCELLED;
    }
    json_t *details = json_object();
    json_object_set_new(details, "tables", tables);
    json_object_set_new(details, "table_count", json_integer(n));
    if (errtext[0]) json_object_set_new(details, "error", json_string(errtext));
    /* reassembled by sqlite_carve from unallocated space: a deleted database, pages may be missing */
    int64_t carved_at = dft_file_carved_at(f, "sqlite-carve");
    if (carved_at >= 0) {
        json_object_set_new(details, "carved", json_true());
        json_object_set_new(details, "carved_media_offset", json_integer(carved_at));
    }
    char *text = json_dumps(details, JSON_SORT_KEYS | JSON_COMPACT);
    dft_finding fi = { .struct_size = sizeof(dft_finding), .kind = "sqlite.database", .subkind = NULL, .value = f->device_path, .offset = -1,
                       .length = (int64_t)f->size, .confidence = 1.0, .details = text };
    rc = dft_emit_finding(s, &fi, NULL);
    free(text);
    json_decref(details);
    dft_sqlite_close(h);
    return rc;
}

static const dft_claim claims[] = {
    { DFT_CLAIM_MIME, "application/vnd.sqlite3" },
    { DFT_CLAIM_MIME, "application/x-sqlite3" },
    { DFT_CLAIM_END, NULL },
};

static const char *const siblings[] = { "-wal", "-journal", NULL };

const dft_plugin dft_plugin_sqlite_inventory = {
    .abi = DFT_PLUGIN_ABI, .struct_size = sizeof(dft_plugin),
    .name = "sqlite_inventory",
    .version = "1.1.0",
    .description = "SQLite databases: tables and row counts (WAL applied); known chat stores flagged",
    .claims = claims,
    .siblings = siblings,
    .access = DFT_ACCESS_WHOLE,
    .max_size = 4ull << 30,
    .scan = inventory_scan,
};
