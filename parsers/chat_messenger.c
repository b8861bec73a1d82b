/*
 * chat_messenger.c - Facebook Messenger for Android (com.facebook.orca, also com.facebook.katana).
 *  msys_database_<uid> (current, "MSYS"): messages (message_id, thread_key, sender_id, text,
 *    timestamp_ms Unix ms), contacts (id, name), attachments (message_id, filename, playable_url,
 *    title_text). The owner's uid is the file name's suffix: sender_id == uid -> outgoing.
 *  threads_db2 (legacy): messages (msg_id, thread_key, text, sender = JSON {"user_key":"FACEBOOK:<id>",
 *    "name":...}, timestamp_ms Unix ms, msg_type, attachments JSON), thread_users (user_key, name),
 *    threads (thread_key, name). The owner's id is not in this database: direction is known only
 *    when the evidence gives the account (ctx->account_hint), else NULL.
 * Research chat.md §2 (ALEAPP FacebookMessenger.py). Parties are Facebook user ids; names go to
 * sender_name / thread_title. The sender JSON is parsed with jansson.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "chat_apps.h"
#include "error.h"

/* ---- msys_database_<uid> ---------------------------------------------------------------------------- */

static int msys_detect(dft_chatdb *db, const dft_chat_ctx *ctx)
{
    (void)ctx;
    return dft_chatdb_has_column(db, "messages", "sender_id") && dft_chatdb_has_column(db, "messages", "thread_key") &&
                   dft_chatdb_has_column(db, "messages", "timestamp_ms")
               ? 70
               : 0;
}

/* The uid after "msys_database_" in the device path ("" when absent). */
static void msys_uid(const dft_chat_ctx *ctx, char *out, size_t cap)
{
    out[0] = '\0';
    const char *p = ctx->device_path ? strstr(ctx->device_path, "msys_database_") : NULL;
    if (!p) return;
    p += strlen("msys_database_");
    size_t n = 0;
    while (p[n] >= '0' && p[n] <= '9' && n + 1 < cap) n++;
    memcpy(out, p, n);
    out[n] = '\0';
}

static int msys_parse(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    stats->variant = "android-msys";
    char uid[64];
    msys_uid(ctx, uid, sizeof uid);
    const char *account = uid[0] ? uid : ctx->account_hint;
    if (account) snprintf(stats->account, sizeof stats->account, "%s", account);
    const char *M = "messages";
    bool has_contacts = dft_chatdb_has_column(db, "contacts", "id") && dft_chatdb_has_column(db, "contacts", "name");
    bool has_att = dft_chatdb_has_column(db, "attachments", "message_id");
    bool has_threads = dft_chatdb_has_column(db, "threads", "thread_key") && dft_chatdb_has_column(db, "threads", "thread_name");
    char att_sql[1024];
    const char *fn = has_att ? dft_chatdb_col_any(db, "attachments", (const char *const[]){ "filename", "title_text", NULL }) : NULL;
    snprintf(att_sql, sizeof att_sql, "(SELECT %s FROM attachments WHERE attachments.message_id = messages.message_id LIMIT 1)",
             fn ? fn : "NULL");
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(
        db, &st, "SELECT messages.rowid, %s, %s, %s, %s, %s, %s, %s, %s FROM messages ORDER BY messages.rowid",
        dft_chatdb_col(db, M, "message_id"), dft_chatdb_col(db, M, "thread_key"), dft_chatdb_col(db, M, "sender_id"),
        dft_chatdb_col(db, M, "text"), dft_chatdb_col(db, M, "timestamp_ms"),
        has_contacts ? "(SELECT c.name FROM contacts c WHERE c.id = messages.sender_id)" : "NULL",
        has_att ? att_sql : "NULL",
        has_threads ? "(SELECT t.thread_name FROM threads t WHERE t.thread_key = messages.thread_key)" : "NULL");
    if (rc) return rc;
    int64_t last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
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
        m.thread_title = dft_chatdb_text(st, 8);
        if (account && sender) m.direction = !strcmp(sender, account) ? "out" : "in";
        if (!m.direction || !strcmp(m.direction, "in")) m.sender_name = dft_chatdb_text(st, 6);
        /* 1:1 threads: thread_key is the peer's id */
        m.recipient = m.direction && !strcmp(m.direction, "out") ? thread : account;
        if (!m.thread_title && m.direction && !strcmp(m.direction, "in") && thread && sender && !strcmp(thread, sender))
            m.thread_title = m.sender_name;
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_int(&j, "raw_time", raw);
        dft_chat_json_str(&j, "message_id", dft_chatdb_text(st, 1));
        dft_chat_json_str(&j, "sender_name", m.sender_name);
        m.details = dft_chat_json_end(&j);
        rc = dft_capp_msg(db, sink, stats, &m, M, last);
        dft_chat_json_free(&j);
        if (rc) break;
    }
    sqlite3_finalize(st);
    if (rc > 0) return rc;
    rc = dft_capp_loop_end(rc, M, last, sink, stats);
    if (rc || !has_contacts) return rc;
    rc = dft_chatdb_prepare(db, &st, "SELECT rowid, id, name FROM contacts ORDER BY rowid");
    if (rc) return rc;
    last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        last = sqlite3_column_int64(st, 0);
        dft_chat_contact c = { 0 };
        c.account = account;
        c.handle = dft_chatdb_text(st, 1);
        c.name = dft_chatdb_text(st, 2);
        c.details = "{}";
        if ((rc = dft_capp_contact(db, sink, stats, &c, "contacts", last))) break;
    }
    sqlite3_finalize(st);
    if (rc > 0) return rc;
    return dft_capp_loop_end(rc, "contacts", last, sink, stats);
}

static const char *const msys_paths[] = { "*/com.facebook.orca/databases/msys_database_*",
                                          "*/com.facebook.katana/app_mib_msys/*/msys_database_*", NULL };

const dft_chat_parser dft_chat_parser_messenger_msys = {
    .app = "messenger",
    .name = "messenger-android-msys",
    .paths = msys_paths,
    .detect = msys_detect,
    .parse = msys_parse,
};

/* ---- threads_db2 ---------------------------------------------------------------------------------- */

static int tdb2_detect(dft_chatdb *db, const dft_chat_ctx *ctx)
{
    (void)ctx;
    return dft_chatdb_has_column(db, "messages", "msg_id") && dft_chatdb_has_column(db, "messages", "sender") &&
                   dft_chatdb_has_column(db, "messages", "thread_key")
               ? 75
               : 0;
}

/* "FACEBOOK:1000123" -> "1000123" into out; the sender JSON's user_key and name. */
static void tdb2_sender(const char *js, char *id, size_t idcap, char *name, size_t namecap)
{
    id[0] = name[0] = '\0';
    if (!js) return;
    json_error_t err;
    json_t *o = json_loads(js, JSON_REJECT_DUPLICATES, &err);
    if (!o) return;
    if (json_is_object(o)) {
        const char *k = json_string_value(json_object_get(o, "user_key"));
        const char *n = json_string_value(json_object_get(o, "name"));
        if (k) {
            const char *colon = strchr(k, ':');
            snprintf(id, idcap, "%s", colon ? colon + 1 : k);
        }
        if (n) snprintf(name, namecap, "%s", n);
    }
    json_decref(o);
}

static int tdb2_parse(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    stats->variant = "android-threads_db2";
    const char *account = ctx->account_hint;
    if (account) snprintf(stats->account, sizeof stats->account, "%s", account);
    const char *M = "messages";
    bool has_threads = dft_chatdb_has_column(db, "threads", "thread_key") && dft_chatdb_has_column(db, "threads", "name");
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(db, &st, "SELECT messages.rowid, %s, %s, %s, %s, %s, %s, %s, %s FROM messages ORDER BY messages.rowid",
                                dft_chatdb_col(db, M, "msg_id"), dft_chatdb_col(db, M, "thread_key"),
                                dft_chatdb_col(db, M, "sender"), dft_chatdb_col(db, M, "text"),
                                dft_chatdb_col(db, M, "timestamp_ms"), dft_chatdb_col(db, M, "msg_type"),
                                dft_chatdb_col(db, M, "attachments"),
                                has_threads ? "(SELECT t.name FROM threads t WHERE t.thread_key = messages.thread_key)" : "NULL");
    if (rc) return rc;
    int64_t last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        last = sqlite3_column_int64(st, 0);
        char id[128], name[256], sent[DFT_TIME_LEN];
        tdb2_sender(dft_chatdb_text(st, 3), id, sizeof id, name, sizeof name);
        int64_t raw = 0;
        dft_chatdb_time(st, 5, DFT_TIME_UNIX_MS, sent, &raw);
        dft_chat_msg m = { 0 };
        m.account = account;
        m.thread = dft_chatdb_text(st, 2);
        m.sent_utc = sent;
        m.body = dft_chatdb_text(st, 4);
        if (m.body && !*m.body) m.body = NULL;
        m.sender = id[0] ? id : NULL;
        if (account && m.sender) m.direction = !strcmp(m.sender, account) ? "out" : "in";
        if (!m.direction || !strcmp(m.direction, "in")) m.sender_name = name[0] ? name : NULL;
        m.thread_title = dft_chatdb_text(st, 8);
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_int(&j, "raw_time", raw);
        dft_chat_json_str(&j, "msg_id", dft_chatdb_text(st, 1));
        dft_chat_json_int(&j, "msg_type", dft_chatdb_int(st, 6, 0));
        dft_chat_json_str(&j, "sender_name", m.sender_name);
        /* attachments stay as the app's JSON text (a string: it may not be valid JSON) */
        dft_chat_json_str(&j, "attachments", dft_chatdb_text(st, 7));
        m.details = dft_chat_json_end(&j);
        rc = dft_capp_msg(db, sink, stats, &m, M, last);
        dft_chat_json_free(&j);
        if (rc) break;
    }
    sqlite3_finalize(st);
    if (rc > 0) return rc;
    rc = dft_capp_loop_end(rc, M, last, sink, stats);
    if (rc || !dft_chatdb_has_column(db, "thread_users", "user_key")) return rc;
    rc = dft_chatdb_prepare(db, &st, "SELECT rowid, %s, %s, %s FROM thread_users ORDER BY rowid",
                            dft_chatdb_col(db, "thread_users", "user_key"), dft_chatdb_col(db, "thread_users", "name"),
                            dft_chatdb_col(db, "thread_users", "username"));
    if (rc) return rc;
    last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        last = sqlite3_column_int64(st, 0);
        const char *key = dft_chatdb_text(st, 1);
        const char *colon = key ? strchr(key, ':') : NULL;
        dft_chat_contact c = { 0 };
        c.account = account;
        c.handle = colon ? colon + 1 : key;
        c.name = dft_chatdb_text(st, 2);
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_str(&j, "user_key", key);
        dft_chat_json_str(&j, "username", dft_chatdb_text(st, 3));
        c.details = dft_chat_json_end(&j);
        rc = dft_capp_contact(db, sink, stats, &c, "thread_users", last);
        dft_chat_json_free(&j);
        if (rc) break;
    }
    sqlite3_finalize(st);
    if (rc > 0) return rc;
    return dft_capp_loop_end(rc, "thread_users", last, sink, stats);
}

static const char *const tdb2_paths[] = { "*/com.facebook.orca/databases/threads_db2",
                                          "*/com.facebook.katana/databases/threads_db2", NULL };

const dft_chat_parser dft_chat_parser_messenger_threads_db2 = {
    .app = "messenger",
    .name = "messenger-android-threads_db2",
    .paths = tdb2_paths,
    .detect = tdb2_detect,
    .parse = tdb2_parse,
};
