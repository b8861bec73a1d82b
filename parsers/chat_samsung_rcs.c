/*
 * chat_samsung_rcs.c - Samsung RCS chat store of the Samsung IMS service (com.sec.imsservice,
 * databases/rcsim.db): the RCS chats and file transfers that Samsung Messages shows on Samsung builds
 * (app "sms", like Google Messages' RCS). Schema as created by Samsung's ImDBHelper (DATABASE_NAME
 * "rcsim.db"; public decompiled imsservice, repository samsung-sm8550/android_samsung_imsservice,
 * smali/com/sec/internal/ims/servicemodules/im/ImDBHelper.smali):
 *  message: _id, is_filetransfer, direction (ImDirection: 0 INCOMING, 1 OUTGOING, 2 IRRELEVANT),
 *    chat_id, remote_uri ("tel:+..." or sip: URI of the other party / the sender in a group),
 *    sender_alias, content_type, inserted_timestamp, sent_timestamp, delivered_timestamp,
 *    displayed_timestamp, body, message_type, status, file_path, file_name, file_size, ...
 *    (the app's own views read inserted_timestamp as "timestamp" and strip "tel:" from remote_uri).
 *  session: chat_id, is_group_chat, subject, own_sim_imsi, ... (one row per chat).
 *  participant: chat_id, uri, alias, status, type (chat members).
 * Timestamps are LONG columns written from Java time: read as Unix ms (an assumption the public source
 * does not state; the raw value goes to details). Column probing: every column but message.chat_id
 * and message.direction may be absent (older/newer builds) and reads as NULL.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "chat_apps.h"
#include "error.h"

static int srcs_detect(dft_chatdb *db, const dft_chat_ctx *ctx)
{
    (void)ctx;
    return dft_chatdb_has_column(db, "message", "is_filetransfer") && dft_chatdb_has_column(db, "message", "chat_id") &&
                   dft_chatdb_has_column(db, "message", "remote_uri") && dft_chatdb_has_column(db, "message", "direction") &&
                   dft_chatdb_has_column(db, "session", "chat_id")
               ? 80
               : 0;
}

/* "tel:+6681..." / "sip:+6681...@ims..." -> the number (E.164 when it is one), else the URI as is. */
static const char *srcs_party(const char *uri, const char *region, char out[DFT_PHONE_LEN + 64])
{
    if (!uri || !*uri) return NULL;
    char tmp[DFT_PHONE_LEN + 64];
    const char *p = uri;
    if (!strncmp(p, "tel:", 4)) p += 4;
    else if (!strncmp(p, "sip:", 4)) {
        size_t n = strcspn(p + 4, "@;");
        if (n >= sizeof tmp) return dft_capp_party(uri, region, out);
        memcpy(tmp, p + 4, n);
        tmp[n] = '\0';
        p = tmp;
    }
    char cut[DFT_PHONE_LEN + 64];
    size_t n = strcspn(p, ";");                  /* tel: parameters (";phone-context=") */
    if (n >= sizeof cut) return dft_capp_party(uri, region, out);
    memcpy(cut, p, n);
    cut[n] = '\0';
    /* a number only when the remaining text is one (dft_capp_party keeps app ids as they are) */
    return dft_capp_party(cut[0] ? cut : uri, region, out);
}

static int srcs_messages(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats,
                         const char *account)
{
    const char *T = "message";
    bool sess = dft_chatdb_has_column(db, "session", "chat_id");
    bool parts = dft_chatdb_has_column(db, "participant", "chat_id") && dft_chatdb_has_column(db, "participant", "uri");
    /* Chat facts joined from one grouped pass over session and participant (the first session row per
     * chat_id; the members in rowid order). Correlated subqueries per message scanned both tables for
     * every message when chat_id is not indexed, which ran past sqlite_safe's budgets on big stores (rows
     * lost); GROUP BY message.rowid keeps one row per message whatever the join finds. */
    char sess_join[400] = "", part_join[400] = "";
    if (sess)
        snprintf(sess_join, sizeof sess_join,
                 "LEFT JOIN (SELECT chat_id AS sc, %s AS sg, nullif(%s, '') AS ss, min(rowid) FROM session GROUP BY chat_id) "
                 "srcs_s ON srcs_s.sc = message.chat_id",
                 dft_chatdb_col(db, "session", "is_group_chat"), dft_chatdb_col(db, "session", "subject"));
    if (parts)
        snprintf(part_join, sizeof part_join,
                 "LEFT JOIN (SELECT chat_id AS pc, json_group_array(" DFT_CAPP_JSON_MEMBER("uri") ") AS pm FROM (SELECT chat_id, "
                 "uri FROM participant ORDER BY chat_id, rowid) GROUP BY chat_id) srcs_p ON srcs_p.pc = message.chat_id");
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(
        db, &st,
        "SELECT message.rowid, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s FROM message %s %s "
        "GROUP BY message.rowid ORDER BY message.rowid",
        dft_chatdb_col(db, T, "direction"), dft_chatdb_col(db, T, "chat_id"), dft_chatdb_col(db, T, "remote_uri"),
        dft_chatdb_col(db, T, "sender_alias"), dft_chatdb_col(db, T, "content_type"), dft_chatdb_col(db, T, "inserted_timestamp"),
        dft_chatdb_col(db, T, "sent_timestamp"), dft_chatdb_col(db, T, "body"), dft_chatdb_col(db, T, "is_filetransfer"),
        dft_chatdb_col(db, T, "file_path"), dft_chatdb_col(db, T, "file_name"), dft_chatdb_col(db, T, "file_size"),
        dft_chatdb_col(db, T, "status"), sess ? "srcs_s.sg" : "NULL", sess ? "srcs_s.ss" : "NULL", parts ? "srcs_p.pm" : "NULL",
        sess_join, part_join);
    if (rc) return rc;
    int64_t last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        /* 1 direction, 2 chat_id, 3 remote_uri, 4 alias, 5 content_type, 6 inserted, 7 sent, 8 body, 9 ft?,
         * 10 file_path, 11 file_name, 12 file_size, 13 status, 14 group?, 15 subject, 16 members */
        last = sqlite3_column_int64(st, 0);
        int64_t dir = dft_chatdb_int(st, 1, -1);
        const char *chat = dft_chatdb_text(st, 2);
        char pb[DFT_PHONE_LEN + 64];
        const char *peer = srcs_party(dft_chatdb_text(st, 3), ctx->region, pb);
        bool group = dft_chatdb_int(st, 14, 0) != 0, ft = dft_chatdb_int(st, 9, 0) != 0, out = dir == 1;
        char when[DFT_TIME_LEN], sent[DFT_TIME_LEN];
        int64_t raw = 0, raw_sent = 0;
        dft_chatdb_time(st, 6, DFT_TIME_UNIX_MS, when, &raw);
        dft_chatdb_time(st, 7, DFT_TIME_UNIX_MS, sent, &raw_sent);
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_int(&j, "raw_time", raw);
        dft_chat_json_int(&j, "direction_raw", dir);
        if (sqlite3_column_type(st, 13) != SQLITE_NULL) dft_chat_json_int(&j, "status", dft_chatdb_int(st, 13, 0));
        if (sent[0]) dft_chat_json_str(&j, "sent_utc", sent);
        dft_chat_json_str(&j, "remote_uri", dft_chatdb_text(st, 3));
        if (ft) {
            dft_chat_json_bool(&j, "file_transfer", true);
            dft_chat_json_str(&j, "file_name", dft_chatdb_text(st, 11));
            if (sqlite3_column_type(st, 12) != SQLITE_NULL) dft_chat_json_int(&j, "file_size", dft_chatdb_int(st, 12, 0));
        }
        if (group && dft_chatdb_text(st, 16)) dft_chat_json_raw(&j, "participants", dft_chatdb_text(st, 16));
        dft_chat_msg m = { 0 };
        m.account = account;
        m.thread = chat;
        m.thread_title = dft_chatdb_text(st, 15);
        m.direction = dir == 1 ? "out" : dir == 0 ? "in" : NULL;
        m.sent_utc = when;
        m.body = ft ? NULL : dft_chatdb_text(st, 8);
        if (m.body && !*m.body) m.body = NULL;
        if (ft) {
            m.attachment = dft_chatdb_text(st, 10);
            if (!m.attachment || !*m.attachment) m.attachment = dft_chatdb_text(st, 11);
            m.attachment_mime = dft_chatdb_text(st, 5);
        }
        m.sender = out ? account : peer;
        m.recipient = group ? chat : out ? peer : account;
        m.sender_name = out ? NULL : dft_chatdb_text(st, 4);
        m.details = dft_chat_json_end(&j);
        rc = dft_capp_msg(db, sink, stats, &m, T, last);
        dft_chat_json_free(&j);
        if (rc) break;
    }
    sqlite3_finalize(st);
    if (rc > 0) return rc;
    return dft_capp_loop_end(rc, T, last, sink, stats);
}

/* participant rows = the people of the RCS chats (one contact row each; the same person in two chats
 * is two rows with their own source, as stored). */
static int srcs_participants(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats,
                             const char *account)
{
    if (!dft_chatdb_has_column(db, "participant", "uri")) return DFT_OK;
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(db, &st, "SELECT participant.rowid, uri, nullif(%s, ''), %s FROM participant ORDER BY participant.rowid",
                                dft_chatdb_col(db, "participant", "alias"), dft_chatdb_col(db, "participant", "chat_id"));
    if (rc) return rc;
    int64_t last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        last = sqlite3_column_int64(st, 0);
        const char *uri = dft_chatdb_text(st, 1);
        char pb[DFT_PHONE_LEN + 64], ph[DFT_PHONE_LEN];
        const char *h = srcs_party(uri, ctx->region, pb);
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_str(&j, "chat_id", dft_chatdb_text(st, 3));
        dft_chat_contact c = { 0 };
        c.account = account;
        c.handle = h;
        c.name = dft_chatdb_text(st, 2);
        c.phone = h && h[0] == '+' && dft_chatdb_phone(h, ctx->region, true, ph) == DFT_OK ? ph : NULL;
        c.details = dft_chat_json_end(&j);
        rc = dft_capp_contact(db, sink, stats, &c, "participant", last);
        dft_chat_json_free(&j);
        if (rc) break;
    }
    sqlite3_finalize(st);
    if (rc > 0) return rc;
    return dft_capp_loop_end(rc, "participant", last, sink, stats);
}

static int srcs_parse(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    stats->variant = "android-samsung-rcsim";
    char acct[DFT_PHONE_LEN + 64] = "";
    if (ctx->account_hint) dft_capp_party(ctx->account_hint, ctx->region, acct);
    snprintf(stats->account, sizeof stats->account, "%s", acct);
    const char *account = acct[0] ? acct : NULL;
    int rc = srcs_messages(db, ctx, sink, stats, account);
    if (rc) return rc;
    return srcs_participants(db, ctx, sink, stats, account);
}

static const char *const srcs_paths[] = { "*/com.sec.imsservice/databases/rcsim.db", NULL };

const dft_chat_parser dft_chat_parser_samsung_rcs = {
    .app = "sms",
    .name = "samsung-rcs",
    .paths = srcs_paths,
    .detect = srcs_detect,
    .parse = srcs_parse,
};
