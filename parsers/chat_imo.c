/*
 * chat_imo.c - imo for Android (com.imo.android.imous/databases/imofriends.db).
 *  messages (buid = the peer's imo id, last_message = text, timestamp Unix **ns**, message_type
 *  1 = received / else sent, message_read, imdata = JSON of the media), friends (buid, name) for names
 *  and as contacts. Research chat.md §2 (ALEAPP imo.py). The owner's uid lives in accountdb.db
 *  (account.uid): read through ctx->open_sibling "accountdb.db", else the evidence hint.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "chat_apps.h"
#include "error.h"

static int imo_detect(dft_chatdb *db, const dft_chat_ctx *ctx)
{
    (void)ctx;
    return dft_chatdb_has_column(db, "messages", "buid") && dft_chatdb_has_column(db, "messages", "imdata") ? 80 : 0;
}

static void imo_account(const dft_chat_ctx *ctx, char *out, size_t cap)
{
    out[0] = '\0';
    dft_chatdb *adb = NULL;
    char p[1024];
    dft_capp_sibling_path(ctx, "accountdb.db", p, sizeof p);
    if (ctx->open_sibling && ctx->open_sibling(ctx->payload, p, &adb) == DFT_OK) {
        sqlite3_stmt *q = NULL;
        if (dft_chatdb_has_column(adb, "account", "uid") &&
            dft_chatdb_prepare(adb, &q, "SELECT uid FROM account ORDER BY rowid LIMIT 1") == DFT_OK) {
            if (dft_chatdb_step(adb, q) == DFT_SQLITE_ROW && dft_chatdb_text(q, 0))
                snprintf(out, cap, "%s", dft_chatdb_text(q, 0));
            sqlite3_finalize(q);
        }
        dft_chatdb_close(adb);
    }
    if (!out[0] && ctx->account_hint) snprintf(out, cap, "%s", ctx->account_hint);
}

/* The first "local_path"/"url" string of the imdata JSON object (the media), copied into out. */
static const char *imo_media(const char *imdata, char *out, size_t cap)
{
    if (!imdata || imdata[0] != '{') return NULL;
    json_error_t err;
    json_t *o = json_loads(imdata, 0, &err);
    const char *r = NULL;
    if (o && json_is_object(o)) {
        static const char *const keys[] = { "local_path", "url", "objectId", NULL };
        for (int i = 0; keys[i] && !r; i++) {
            const char *v = json_string_value(json_object_get(o, keys[i]));
            if (v && *v) { snprintf(out, cap, "%s", v); r = out; }
        }
    }
    json_decref(o);
    return r;
}

static int imo_parse(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    stats->variant = "android-imofriends";
    char account[128];
    imo_account(ctx, account, sizeof account);
    snprintf(stats->account, sizeof stats->account, "%s", account);
    const char *acc = account[0] ? account : NULL;
    const char *M = "messages";
    bool friends = dft_chatdb_has_column(db, "friends", "buid") && dft_chatdb_has_column(db, "friends", "name");
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(db, &st, "SELECT messages.rowid, %s, %s, %s, %s, %s, %s, %s FROM messages ORDER BY messages.rowid",
                                dft_chatdb_col(db, M, "buid"), dft_chatdb_col(db, M, "last_message"),
                                dft_chatdb_col(db, M, "timestamp"), dft_chatdb_col(db, M, "message_type"),
                                dft_chatdb_col(db, M, "message_read"), dft_chatdb_col(db, M, "imdata"),
                                friends ? "(SELECT f.name FROM friends f WHERE f.buid = messages.buid LIMIT 1)" : "NULL");
    if (rc) return rc;
    int64_t last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        last = sqlite3_column_int64(st, 0);
        const char *buid = dft_chatdb_text(st, 1), *name = dft_chatdb_text(st, 7);
        char sent[DFT_TIME_LEN], media[1024];
        int64_t raw = 0;
        dft_chatdb_time(st, 3, DFT_TIME_UNIX_NS, sent, &raw);
        bool in = dft_chatdb_int(st, 4, 0) == 1;
        dft_chat_msg m = { 0 };
        m.account = acc;
        m.thread = buid;
        m.thread_title = name;
        m.direction = in ? "in" : "out";
        m.sent_utc = sent;
        m.body = dft_chatdb_text(st, 2);
        if (m.body && !*m.body) m.body = NULL;
        m.sender = in ? buid : acc;
        m.recipient = in ? acc : buid;
        if (in) m.sender_name = name;
        m.attachment = imo_media(dft_chatdb_text(st, 6), media, sizeof media);
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_int(&j, "raw_time", raw);
        dft_chat_json_int(&j, "message_type", dft_chatdb_int(st, 4, 0));
        dft_chat_json_bool(&j, "read", dft_chatdb_int(st, 5, 0) != 0);
        dft_chat_json_str(&j, "sender_name", m.sender_name);
        dft_chat_json_str(&j, "imdata", dft_chatdb_text(st, 6));
        m.details = dft_chat_json_end(&j);
        rc = dft_capp_msg(db, sink, stats, &m, M, last);
        dft_chat_json_free(&j);
        if (rc) break;
    }
    sqlite3_finalize(st);
    if (rc > 0) return rc;
    rc = dft_capp_loop_end(rc, M, last, sink, stats);
    if (rc || !friends) return rc;
    rc = dft_chatdb_prepare(db, &st, "SELECT rowid, buid, name FROM friends ORDER BY rowid");
    if (rc) return rc;
    last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        last = sqlite3_column_int64(st, 0);
        dft_chat_contact c = { 0 };
        c.account = acc;
        c.handle = dft_chatdb_text(st, 1);
        c.name = dft_chatdb_text(st, 2);
        c.details = "{}";
        if ((rc = dft_capp_contact(db, sink, stats, &c, "friends", last))) break;
    }
    sqlite3_finalize(st);
    if (rc > 0) return rc;
    return dft_capp_loop_end(rc, "friends", last, sink, stats);
}

static const char *const imo_paths[] = { "*/com.imo.android.imous/databases/imofriends.db", NULL };

const dft_chat_parser dft_chat_parser_imo_android = {
    .app = "imo",
    .name = "imo-android",
    .paths = imo_paths,
    .detect = imo_detect,
    .parse = imo_parse,
};
