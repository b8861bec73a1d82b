/*
 * sqlite_inventory.c - every SQLite database in the evidence: its tables and row counts (WAL
 * applied: the -wal and -journal siblings are copied beside it), and, when the table set matches a
 * known messaging app, a chat.database finding so examiners see chat stores even before the
 * per-app parsers read them.
 *
 * Hostile databases: opened read-only from the private copy, trusted_schema off, cell size checks
 * on, a progress handler that stops on the watchdog, row counts capped at DB_COUNT_CAP.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <sqlite3.h>
#include <string.h>

#include "plugin.h"

#define MAX_TABLES 512
#define DB_COUNT_CAP 10000000

/* Table-set signatures of chat stores (research/chat.md; ALEAPP/iLEAPP parsers). A signature
 * matches when every listed table exists. */
typedef struct chat_signature {
    const char *app;
    const char *variant;
    const char *tables[4];
} chat_signature;

static const chat_signature signatures[] = {
    { "whatsapp", "android msgstore (2022+)", { "message", "chat", "jid", NULL } },
    { "whatsapp", "android msgstore (legacy)", { "messages", "chat_list", NULL } },
    { "whatsapp", "android wa.db contacts", { "wa_contacts", NULL } },
    { "whatsapp", "ios ChatStorage", { "ZWAMESSAGE", "ZWACHATSESSION", NULL } },
    { "telegram", "android cache4", { "messages_v2", "dialogs", "users", NULL } },
    { "telegram", "android cache4 (old)", { "messages", "dialogs", "users", "enc_chats" } },
    { "line", "android naver_line", { "chat_history", "contacts", NULL } },
    { "sms", "android mmssms", { "sms", "threads", "pdu", NULL } },
    { "imessage", "ios sms.db", { "message", "handle", "chat_message_join", NULL } },
    { "viber", "android viber_messages", { "messages", "conversations", "participants_info", NULL } },
    { "signal", "android signal", { "sms", "mms", "thread", "recipient" } },
    { "skype", "main.db", { "Messages", "Conversations", "Contacts", NULL } },
};

static int on_progress(void *payload)
{
    return dft_scan_cancelled(payload) ? 1 : 0;
}

static bool has_table(json_t *tables, const char *name)
{
    const char *key;
    json_t *value;
    json_object_foreach(tables, key, value) {
        (void)value;
        if (strcmp(key, name) == 0) return true;
    }
    return false;
}

static void match_signatures(dft_scan *s, json_t *tables, const dft_file *f)
{
    for (size_t i = 0; i < sizeof signatures / sizeof signatures[0]; i++) {
        const chat_signature *sig = &signatures[i];
        bool all = true;
        for (int t = 0; t < 4 && sig->tables[t]; t++) all = all && has_table(tables, sig->tables[t]);
        if (!all) continue;
        char details[256];
        snprintf(details, sizeof details, "{\"variant\":\"%s\"}", sig->variant);
        dft_finding fi = { .struct_size = sizeof(dft_finding), .kind = "chat.database", .subkind = sig->app, .value = f->device_path, .offset = -1,
                           .length = -1, .confidence = 0.9, .details = details };
        dft_emit_finding(s, &fi, NULL);
        return; /* the first (most specific) signature wins */
    }
}

static int count_rows(sqlite3 *db, const char *table, long long *out)
{
    char *sql = sqlite3_mprintf("SELECT count(*) FROM (SELECT 1 FROM \"%w\" LIMIT %d)", table, DB_COUNT_CAP);
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    sqlite3_free(sql);
    if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) *out = sqlite3_column_int64(st, 0);
    else rc = SQLITE_ERROR;
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? 0 : -1;
}

static int inventory_scan(dft_scan *s, const dft_file *f, const dft_content *c)
{
    const char *path = dft_content_path(c);
    if (!path) return DFT_EIO;
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        int rc = dft_error_set(DFT_ECORRUPT, "not readable as SQLite: %s", db ? sqlite3_errmsg(db) : "open failed");
        sqlite3_close(db);
        return rc;
    }
    sqlite3_progress_handler(db, 10000, on_progress, s);
    sqlite3_exec(db, "PRAGMA trusted_schema=OFF; PRAGMA cell_size_check=ON;", NULL, NULL, NULL);
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name", -1, &st, NULL);
    if (rc != SQLITE_OK) {
        int err = dft_error_set(DFT_ECORRUPT, "unreadable schema: %s", sqlite3_errmsg(db));
        sqlite3_close(db);
        return err;
    }
    json_t *tables = json_object();
    int n = 0, step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW && n < MAX_TABLES) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        if (!name) continue;
        json_object_set_new(tables, name, json_null());
        n++;
    }
    sqlite3_finalize(st);
    const char *key;
    json_t *value;
    json_object_foreach(tables, key, value) {
        (void)value;
        long long rows = -1;
        if (count_rows(db, key, &rows) == 0) json_object_set_new(tables, key, json_integer(rows));
    }
    json_t *details = json_object();
    json_object_set_new(details, "tables", tables);
    json_object_set_new(details, "table_count", json_integer(n));
    if (step != SQLITE_DONE && step != SQLITE_ROW)
        json_object_set_new(details, "error", json_string(sqlite3_errmsg(db)));
    char *text = json_dumps(details, JSON_SORT_KEYS | JSON_COMPACT);
    dft_finding fi = { .struct_size = sizeof(dft_finding), .kind = "sqlite.database", .subkind = NULL, .value = f->device_path, .offset = -1,
                       .length = (int64_t)f->size, .confidence = 1.0, .details = text };
    dft_emit_finding(s, &fi, NULL);
    match_signatures(s, tables, f);
    free(text);
    json_decref(details);
    sqlite3_close(db);
    return DFT_OK;
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
    .version = "1.0.0",
    .description = "SQLite databases: tables and row counts (WAL applied); known chat stores flagged",
    .claims = claims,
    .siblings = siblings,
    .access = DFT_ACCESS_WHOLE,
    .max_size = 4ull << 30,
    .scan = inventory_scan,
};
