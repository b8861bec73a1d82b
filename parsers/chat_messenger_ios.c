/*
 * chat_messenger_ios.c - Facebook Messenger for iOS: lightspeed-userDatabases/<uid>.db (plain SQLite,
 * the "lightspeed"/MSYS store).
 *  _user_info (facebook_user_id) = the owner; contacts (id, name).
 *  messages (message_id, thread_key, sender_id, text, timestamp_ms Unix ms) + attachments (message_id,
 *    filename): the table under iLEAPP's thread_messages view (the same columns as Messenger Android's
 *    msys database; views are not run on evidence, so the table is read).
 *  client_messages (pk, thread_pk, sender_contact_pk, text, display_ts_ms Unix ms, message_content_type
 *    2 = image) + client_attachments (message_pk, filename, content_token) + client_attachment_store_keys
 *    (content_token, persisted_path): the end-to-end encrypted chats' plaintext copy (newer versions).
 *  secure_messages (older secret conversations) hold encrypted text: not decoded.
 * Direction: sender == the owner -> out, else in (iLEAPP facebookMessenger.py joins _user_info the same
 * way). Parties are Facebook user ids; names (contacts.name) go to sender_name. The thread's other
 * members are not listed in a documented table (iLEAPP reads the thread_participant_detail view): group
 * participants are not reported.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "chat_apps.h"
#include "error.h"

static int fbios_detect(dft_chatdb *db, const dft_chat_ctx *ctx)
{
    if (!dft_chatdb_has_column(db, "_user_info", "facebook_user_id")) return 0;
    bool msys = dft_chatdb_has_column(db, "messages", "sender_id") && dft_chatdb_has_column(db, "messages", "timestamp_ms");
    bool client = dft_chatdb_has_column(db, "client_messages", "display_ts_ms") &&
                  dft_chatdb_has_column(db, "client_messages", "sender_contact_pk");
    if (!msys && !client) return 0;
    /* The Android msys database shares the MSYS tables (it may carry _user_info too): above
     * messenger-android-msys (70) only in iOS's lightspeed directory, below it elsewhere. */
    bool ios = ctx && ctx->device_path && strstr(ctx->device_path, "/lightspeed-userDatabases/");
    return ios ? 75 : 60;
}

typedef struct fb_table {
    const char *table, *id, *thread, *sender, *text, *time;
    const char *att;         /* SELECT item: attachment file name / persisted path */
} fb_table;

static int fb_emit(dft_chatdb *db, const fb_table *t, const char *account, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    const char *T = t->table;
    bool contacts = dft_chatdb_has_column(db, "contacts", "id") && dft_chatdb_has_column(db, "contacts", "name");
    char name_sql[256];
    snprintf(name_sql, sizeof name_sql, contacts ? "(SELECT c.name FROM contacts c WHERE c.id = %s.%s ORDER BY c.rowid LIMIT 1)" : "NULL",
             T, t->sender);
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(db, &st, "SELECT %s.rowid, CAST(%s AS TEXT), CAST(%s AS TEXT), CAST(%s AS TEXT), %s, %s, %s, %s FROM %s ORDER BY %s.rowid",
                                T, dft_chatdb_col(db, T, t->id), dft_chatdb_col(db, T, t->thread), dft_chatdb_col(db, T, t->sender),
                                dft_chatdb_col(db, T, t->text), dft_chatdb_col(db, T, t->time), name_sql, t->att, T, T);
    if (rc) return rc;
    int64_t last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        /* 1 id, 2 thread, 3 sender, 4 text, 5 time, 6 sender name, 7 attachment */
        last = sqlite3_column_int64(st, 0);
        const char *thread = dft_chatdb_text(st, 2), *sender = dft_chatdb_text(st, 3);
        char sent[DFT_TIME_LEN];
        int64_t raw = 0;
        dft_chatdb_time(st, 5, DFT_TIME_UNIX_MS, sent, &raw);
        dft_chat_msg m = { 0 };
        m.account = account;
        m.thread = thread;
        m.sent_utc = sent;
        m.body = dft_chatdb_text(st, 4);
        if (m.body && !*m.body) m.body = NULL;
        m.sender = sender;
        m.attachment = dft_chatdb_text(st, 7);
        if (account && sender) m.direction = !strcmp(sender, account) ? "out" : "in";
        bool out = m.direction && !strcmp(m.direction, "out");
        if (!out) m.sender_name = dft_chatdb_text(st, 6);
        m.recipient = out ? thread : m.direction ? account : NULL;
        /* a 1:1 thread's key is the peer's id */
        if (!out && thread && sender && !strcmp(thread, sender)) m.thread_title = m.sender_name;
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_int(&j, "raw_time", raw);
        dft_chat_json_str(&j, "message_id", dft_chatdb_text(st, 1));
        dft_chat_json_str(&j, "sender_name", m.sender_name);
        m.details = dft_chat_json_end(&j);
        rc = dft_capp_msg(db, sink, stats, &m, T, last);
        dft_chat_json_free(&j);
        if (rc) break;
    }
    sqlite3_finalize(st);
    if (rc > 0) return rc;
    return dft_capp_loop_end(rc, T, last, sink, stats);
}

static int fbios_parse(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    stats->variant = "ios-lightspeed";
    char owner[64] = "";
    sqlite3_stmt *st = NULL;
    if (dft_chatdb_prepare(db, &st, "SELECT CAST(facebook_user_id AS TEXT) FROM _user_info WHERE facebook_user_id IS NOT NULL "
                                    "ORDER BY rowid LIMIT 1") == DFT_OK) {
        if (dft_chatdb_step(db, st) == DFT_SQLITE_ROW && dft_chatdb_text(st, 0))
            snprintf(owner, sizeof owner, "%s", dft_chatdb_text(st, 0));
        sqlite3_finalize(st);
    }
    const char *account = owner[0] ? owner : ctx->account_hint;
    if (account) snprintf(stats->account, sizeof stats->account, "%s", account);
    int rc = DFT_OK;
    if (dft_chatdb_has_column(db, "messages", "sender_id") && dft_chatdb_has_column(db, "messages", "timestamp_ms")) {
        char att[256] = "NULL";
        if (dft_chatdb_has_column(db, "attachments", "message_id") && dft_chatdb_has_column(db, "messages", "message_id"))
            snprintf(att, sizeof att,
                     "(SELECT %s FROM attachments WHERE attachments.message_id = messages.message_id ORDER BY attachments.rowid LIMIT 1)",
                     dft_chatdb_col(db, "attachments", "filename"));
        fb_table t = { "messages", "message_id", "thread_key", "sender_id", "text", "timestamp_ms", att };
        rc = fb_emit(db, &t, account, sink, stats);
    }
    if (!rc && dft_chatdb_has_column(db, "client_messages", "display_ts_ms") &&
        dft_chatdb_has_column(db, "client_messages", "sender_contact_pk") && dft_chatdb_has_column(db, "client_messages", "pk")) {
        char att[512] = "NULL";
        bool ca = dft_chatdb_has_column(db, "client_attachments", "message_pk");
        bool keys = ca && dft_chatdb_has_column(db, "client_attachment_store_keys", "persisted_path") &&
                    dft_chatdb_has_column(db, "client_attachments", "content_token");
        if (keys)
            snprintf(att, sizeof att,
                     "(SELECT coalesce(k.persisted_path, a.filename) FROM client_attachments a LEFT JOIN client_attachment_store_keys k "
                     "ON k.content_token = a.content_token WHERE a.message_pk = client_messages.pk ORDER BY a.rowid LIMIT 1)");
        else if (ca)
            snprintf(att, sizeof att,
                     "(SELECT %s FROM client_attachments WHERE client_attachments.message_pk = client_messages.pk ORDER BY "
                     "client_attachments.rowid LIMIT 1)",
                     dft_chatdb_col(db, "client_attachments", "filename"));
        fb_table t = { "client_messages", "pk", "thread_pk", "sender_contact_pk", "text", "display_ts_ms", att };
        rc = fb_emit(db, &t, account, sink, stats);
    }
    if (rc || !dft_chatdb_has_column(db, "contacts", "id")) return rc;
    rc = dft_chatdb_prepare(db, &st, "SELECT contacts.rowid, CAST(id AS TEXT), %s FROM contacts ORDER BY contacts.rowid",
                            dft_chatdb_col(db, "contacts", "name"));
    if (rc) return rc;
    int64_t last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        last = sqlite3_column_int64(st, 0);
        const char *id = dft_chatdb_text(st, 1);
        if (account && id && !strcmp(id, account)) continue;
        dft_chat_contact c = { 0 };
        c.account = account;
        c.handle = id;
        c.name = dft_chatdb_text(st, 2);
        c.details = "{}";
        if ((rc = dft_capp_contact(db, sink, stats, &c, "contacts", last))) break;
    }
    sqlite3_finalize(st);
    if (rc > 0) return rc;
    return dft_capp_loop_end(rc, "contacts", last, sink, stats);
}

static const char *const fbios_paths[] = { "*/lightspeed-userDatabases/*.db", NULL };

const dft_chat_parser dft_chat_parser_messenger_ios = {
    .app = "messenger",
    .name = "messenger-ios-lightspeed",
    .paths = fbios_paths,
    .detect = fbios_detect,
    .parse = fbios_parse,
};
