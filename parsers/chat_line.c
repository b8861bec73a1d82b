/*
 * chat_line.c - LINE (jp.naver.line.android, iOS jp.naver.line) chat databases.
 *  Android `naver_line`: chat_history (chat_id, from_mid = sender mid, NULL for own messages, content,
 *    created_time Unix ms, delivered_time, status 1 = received / 2 = sent (research chat.md §2, ALEAPP
 *    line.py), attachement_type [sic] with 6 = call record (not a message: skipped, as ALEAPP does;
 *    the call itself is in call_history), attachement_local_uri), contacts (m_id, server_name,
 *    custom_name), chat (chat_id, chat_name), membership (id = group chat_id, m_id).
 *  Android `call_history`: call_history (caller_mid, start_time / end_time Unix ms, call_type whose
 *    last letter is O = outgoing / I = incoming, voip_type V video / A audio / G group +
 *    voip_gc_media_type) - the mapping ALEAPP line.py uses, itself unsourced: anything but a final
 *    'O' reads as incoming and the raw call_type stays in details; names from the sibling naver_line.
 *  iOS `Line.sqlite` (Core Data): ZMESSAGE (ZCHAT, ZSENDER -> ZUSER, NULL = outgoing, ZTEXT,
 *    ZTIMESTAMP Unix ms), ZUSER (ZMID, ZNAME, ZCUSTOMNAME), ZCHAT (ZMID, ZNAME) (iLEAPP line.py).
 * LINE parties are mids (u.../c.../r... ids), not phone numbers: sender/recipient carry the mid, names
 * go to sender_name / thread_title.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "chat_apps.h"
#include "error.h"

/* ---- Android naver_line -------------------------------------------------------------------------- */

static int line_android_detect(dft_chatdb *db, const dft_chat_ctx *ctx)
{
    (void)ctx;
    return dft_chatdb_has_column(db, "chat_history", "from_mid") && dft_chatdb_has_column(db, "chat_history", "chat_id")
               ? 80
               : 0;
}

static int line_contacts(dft_chatdb *db, const char *account, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    const char *T = "contacts";
    if (!dft_chatdb_has_column(db, T, "m_id")) return DFT_OK;
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(db, &st, "SELECT rowid, %s, %s, %s, %s FROM contacts ORDER BY rowid",
                                dft_chatdb_col(db, T, "m_id"), dft_chatdb_col(db, T, "server_name"),
                                dft_chatdb_col(db, T, "custom_name"), dft_chatdb_col(db, T, "status_msg"));
    if (rc) return rc;
    int64_t last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        last = sqlite3_column_int64(st, 0);
        const char *custom = dft_chatdb_text(st, 3), *server = dft_chatdb_text(st, 2);
        dft_chat_contact c = { 0 };
        c.account = account;
        c.handle = dft_chatdb_text(st, 1);
        c.name = custom && *custom ? custom : server;
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_str(&j, "server_name", server);
        dft_chat_json_str(&j, "custom_name", custom);
        dft_chat_json_str(&j, "status_msg", dft_chatdb_text(st, 4));
        c.details = dft_chat_json_end(&j);
        rc = dft_capp_contact(db, sink, stats, &c, T, last);
        dft_chat_json_free(&j);
        if (rc) break;
    }
    sqlite3_finalize(st);
    if (rc > 0) return rc;
    return dft_capp_loop_end(rc, T, last, sink, stats);
}

static int line_android_parse(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    stats->variant = "android-naver_line";
    const char *account = ctx->account_hint;
    if (account) snprintf(stats->account, sizeof stats->account, "%s", account);
    const char *T = "chat_history";
    bool has_contacts = dft_chatdb_has_column(db, "contacts", "m_id") && dft_chatdb_has_column(db, "contacts", "server_name");
    bool has_chat = dft_chatdb_has_column(db, "chat", "chat_id") && dft_chatdb_has_column(db, "chat", "chat_name");
    bool has_members = dft_chatdb_has_column(db, "membership", "id") && dft_chatdb_has_column(db, "membership", "m_id");
    /* Names and group members come from side tables through correlated subqueries, so a missing side
     * table (schema drift) only drops the names, never the messages. */
    const char *name_expr =
        !has_contacts ? "NULL"
        : dft_chatdb_has_column(db, "contacts", "custom_name")
            ? "(SELECT coalesce(nullif(c.custom_name, ''), c.server_name) FROM contacts c WHERE c.m_id = chat_history.from_mid)"
            : "(SELECT c.server_name FROM contacts c WHERE c.m_id = chat_history.from_mid)";
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(
        db, &st,
        "SELECT chat_history.rowid, chat_history.chat_id, chat_history.from_mid, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s FROM chat_history ORDER BY chat_history.rowid",
        dft_chatdb_col(db, T, "content"), dft_chatdb_col(db, T, "created_time"), dft_chatdb_col(db, T, "delivered_time"),
        dft_chatdb_col(db, T, "status"), dft_chatdb_col(db, T, "attachement_type"),
        dft_chatdb_col(db, T, "attachement_local_uri"), dft_chatdb_col(db, T, "server_id"), name_expr,
        has_chat ? "(SELECT g.chat_name FROM chat g WHERE g.chat_id = chat_history.chat_id)" : "NULL",
        has_members ? "(SELECT json_group_array(" DFT_CAPP_JSON_MEMBER("m_id") ") FROM (SELECT mb.m_id FROM membership mb WHERE mb.id = chat_history.chat_id "
                      "ORDER BY mb.m_id))"
                    : "NULL");
    if (rc) return rc;
    int64_t last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        last = sqlite3_column_int64(st, 0);
        int64_t atype = dft_chatdb_int(st, 7, 0);
        if (atype == 6) continue;   /* a call record: the call is in call_history */
        const char *chat_id = dft_chatdb_text(st, 1), *from = dft_chatdb_text(st, 2);
        int64_t status = dft_chatdb_int(st, 6, 0);
        const char *dir = (from && *from) ? "in" : "out";
        if (status == 2) dir = "out";
        else if (status == 1 && from && *from) dir = "in";
        char sent[DFT_TIME_LEN], delivered[DFT_TIME_LEN];
        int64_t raw = 0, raw_d = 0;
        dft_chatdb_time(st, 4, DFT_TIME_UNIX_MS, sent, &raw);
        dft_chatdb_time(st, 5, DFT_TIME_UNIX_MS, delivered, &raw_d);
        const char *group = dft_chatdb_text(st, 11), *members = dft_chatdb_text(st, 12);
        bool is_group = group || (members && strcmp(members, "[]") != 0);
        dft_chat_msg m = { 0 };
        m.account = account;
        m.thread = chat_id;
        m.direction = dir;
        m.sent_utc = sent;
        m.body = dft_chatdb_text(st, 3);
        if (m.body && !*m.body) m.body = NULL;
        m.attachment = dft_chatdb_text(st, 8);
        if (!strcmp(dir, "in")) {
            m.sender = from;
            m.sender_name = dft_chatdb_text(st, 10);
            m.recipient = is_group ? chat_id : account;
        } else {
            m.sender = account;
            m.recipient = chat_id;
        }
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_int(&j, "raw_time", raw);
        if (delivered[0]) dft_chat_json_str(&j, "delivered_utc", delivered);
        dft_chat_json_int(&j, "status", status);
        dft_chat_json_int(&j, "attachement_type", atype);
        dft_chat_json_str(&j, "server_id", dft_chatdb_text(st, 9));
        dft_chat_json_str(&j, "sender_name", m.sender_name);
        if (is_group && members) dft_chat_json_raw(&j, "participants", members);
        m.details = dft_chat_json_end(&j);
        /* 1:1 chats are titled by the peer's name */
        m.thread_title = group;
        if (!m.thread_title && !strcmp(dir, "in")) m.thread_title = m.sender_name;
        rc = dft_capp_msg(db, sink, stats, &m, T, last);
        dft_chat_json_free(&j);
        if (rc) break;
    }
    sqlite3_finalize(st);
    if (rc > 0) return rc;
    rc = dft_capp_loop_end(rc, T, last, sink, stats);
    if (rc) return rc;
    return line_contacts(db, account, sink, stats);
}

static const char *const line_android_paths[] = { "*/jp.naver.line.android/databases/naver_line", NULL };

const dft_chat_parser dft_chat_parser_line_android = {
    .app = "line",
    .name = "line-android",
    .paths = line_android_paths,
    .detect = line_android_detect,
    .parse = line_android_parse,
};

/* ---- Android call_history ------------------------------------------------------------------------ */

static int line_calls_detect(dft_chatdb *db, const dft_chat_ctx *ctx)
{
    (void)ctx;
    return dft_chatdb_has_column(db, "call_history", "caller_mid") && dft_chatdb_has_column(db, "call_history", "call_type")
               ? 80
               : 0;
}

/* Name of a mid through the sibling naver_line (NULL when unknown); copied into out. */
static const char *line_name(dft_chatdb *names, sqlite3_stmt *q, const char *mid, char *out, size_t cap)
{
    if (!names || !q || !mid) return NULL;
    sqlite3_reset(q);
    sqlite3_bind_text(q, 1, mid, -1, SQLITE_TRANSIENT);
    const char *r = NULL;
    if (dft_chatdb_step(names, q) == DFT_SQLITE_ROW) {
        const char *t = dft_chatdb_text(q, 0);
        if (t) { snprintf(out, cap, "%s", t); r = out; }
    }
    return r;
}

static int line_calls_parse(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    stats->variant = "android-call_history";
    const char *account = ctx->account_hint;
    if (account) snprintf(stats->account, sizeof stats->account, "%s", account);
    dft_chatdb *names = NULL;
    sqlite3_stmt *nq = NULL;
    if (ctx->open_sibling) {
        char p[1024];
        dft_capp_sibling_path(ctx, "naver_line", p, sizeof p);
        if (ctx->open_sibling(ctx->payload, p, &names) != DFT_OK) names = NULL;
        if (names && (!dft_chatdb_has_column(names, "contacts", "server_name") ||
                      dft_chatdb_prepare(names, &nq, "SELECT server_name FROM contacts WHERE m_id = ?1 LIMIT 1") != DFT_OK))
            nq = NULL;
    }
    const char *T = "call_history";
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(db, &st, "SELECT rowid, %s, %s, %s, %s, %s, %s FROM call_history ORDER BY rowid",
                                dft_chatdb_col(db, T, "caller_mid"), dft_chatdb_col(db, T, "start_time"),
                                dft_chatdb_col(db, T, "end_time"), dft_chatdb_col(db, T, "call_type"),
                                dft_chatdb_col(db, T, "voip_type"), dft_chatdb_col(db, T, "voip_gc_media_type"));
    if (rc) goto out;
    int64_t last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        last = sqlite3_column_int64(st, 0);
        const char *mid = dft_chatdb_text(st, 1), *ctype = dft_chatdb_text(st, 4), *vtype = dft_chatdb_text(st, 5);
        const char *gmedia = dft_chatdb_text(st, 6);
        char start[DFT_TIME_LEN], end[DFT_TIME_LEN], name[256];
        int64_t rs = 0, re = 0;
        dft_chatdb_time(st, 2, DFT_TIME_UNIX_MS, start, &rs);
        dft_chatdb_time(st, 3, DFT_TIME_UNIX_MS, end, &re);
        size_t cl = ctype ? strlen(ctype) : 0;
        dft_chat_call c = { 0 };
        c.account = account;
        c.counterpart = mid;
        c.counterpart_name = line_name(names, nq, mid, name, sizeof name);
        c.direction = cl && ctype[cl - 1] == 'O' ? "out" : "in";
        c.start_utc = start;
        c.duration_s = rs > 0 && re >= rs ? (re - rs) / 1000 : -1;
        if (vtype && !strcmp(vtype, "V")) c.media = "video";
        else if (vtype && !strcmp(vtype, "A")) c.media = "voice";
        else if (vtype && !strcmp(vtype, "G") && gmedia)   /* group call: the media type as stored */
            c.media = !strcasecmp(gmedia, "video") ? "video" : !strcasecmp(gmedia, "audio") ? "voice" : NULL;
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_str(&j, "call_type", ctype);
        dft_chat_json_str(&j, "voip_type", vtype);
        dft_chat_json_str(&j, "voip_gc_media_type", gmedia);
        dft_chat_json_int(&j, "raw_start", rs);
        dft_chat_json_int(&j, "raw_end", re);
        if (end[0]) dft_chat_json_str(&j, "end_utc", end);
        dft_chat_json_bool(&j, "group", vtype && !strcmp(vtype, "G"));
        c.details = dft_chat_json_end(&j);
        rc = dft_capp_call(db, sink, stats, &c, T, last);
        dft_chat_json_free(&j);
        if (rc) break;
    }
    sqlite3_finalize(st);
    if (rc <= 0) rc = dft_capp_loop_end(rc, T, last, sink, stats);
out:
    if (nq) sqlite3_finalize(nq);
    if (names) dft_chatdb_close(names);
    return rc;
}

static const char *const line_calls_paths[] = { "*/jp.naver.line.android/databases/call_history", NULL };

const dft_chat_parser dft_chat_parser_line_android_calls = {
    .app = "line",
    .name = "line-android-calls",
    .paths = line_calls_paths,
    .detect = line_calls_detect,
    .parse = line_calls_parse,
};

/* ---- iOS Line.sqlite ---------------------------------------------------------------------------- */

static int line_ios_detect(dft_chatdb *db, const dft_chat_ctx *ctx)
{
    (void)ctx;
    return dft_chatdb_has_column(db, "ZMESSAGE", "ZSENDER") && dft_chatdb_has_column(db, "ZUSER", "ZMID") &&
                   dft_chatdb_has_column(db, "ZCHAT", "ZMID")
               ? 80
               : 0;
}

static int line_ios_parse(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    stats->variant = "ios-line";
    const char *account = ctx->account_hint;
    if (account) snprintf(stats->account, sizeof stats->account, "%s", account);
    const char *T = "ZMESSAGE", *U = "ZUSER", *C = "ZCHAT";
    bool has_custom = dft_chatdb_has_column(db, U, "ZCUSTOMNAME"), has_name = dft_chatdb_has_column(db, U, "ZNAME");
    const char *uname = has_custom && has_name ? "coalesce(nullif(ZUSER.ZCUSTOMNAME, ''), ZUSER.ZNAME)"
                        : has_name             ? "ZUSER.ZNAME"
                                               : "NULL";
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(db, &st,
                                "SELECT ZMESSAGE.rowid, ZCHAT.ZMID, ZUSER.ZMID, %s, %s, %s, %s, %s, ZMESSAGE.ZSENDER IS NULL FROM ZMESSAGE "
                                "LEFT JOIN ZCHAT ON ZCHAT.Z_PK = ZMESSAGE.ZCHAT LEFT JOIN ZUSER ON ZUSER.Z_PK = ZMESSAGE.ZSENDER "
                                "ORDER BY ZMESSAGE.rowid",
                                dft_chatdb_col(db, T, "ZTEXT"), dft_chatdb_col(db, T, "ZTIMESTAMP"), uname,
                                dft_chatdb_col(db, C, "ZNAME"), dft_chatdb_col(db, T, "ZCONTENTTYPE"));
    if (rc) return rc;
    int64_t last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        last = sqlite3_column_int64(st, 0);
        const char *chat = dft_chatdb_text(st, 1), *from = dft_chatdb_text(st, 2);
        bool out = dft_chatdb_int(st, 8, 0) != 0;   /* ZSENDER NULL: the owner sent it */
        char sent[DFT_TIME_LEN];
        int64_t raw = 0;
        dft_chatdb_time(st, 4, DFT_TIME_UNIX_MS, sent, &raw);
        const char *chat_name = dft_chatdb_text(st, 6);
        bool group = chat && chat[0] != 'u';   /* LINE mids: u = user, c = group, r = room */
        dft_chat_msg m = { 0 };
        m.account = account;
        m.thread = chat;
        m.direction = out ? "out" : "in";
        m.sent_utc = sent;
        m.body = dft_chatdb_text(st, 3);
        if (m.body && !*m.body) m.body = NULL;
        if (out) {
            m.sender = account;
            m.recipient = chat;
        } else {
            m.sender = from;
            m.sender_name = dft_chatdb_text(st, 5);
            m.recipient = group ? chat : account;
        }
        m.thread_title = chat_name ? chat_name : (!group && !out ? m.sender_name : NULL);
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_int(&j, "raw_time", raw);
        dft_chat_json_int(&j, "content_type", dft_chatdb_int(st, 7, 0));
        dft_chat_json_str(&j, "sender_name", m.sender_name);
        m.details = dft_chat_json_end(&j);
        rc = dft_capp_msg(db, sink, stats, &m, T, last);
        dft_chat_json_free(&j);
        if (rc) break;
    }
    sqlite3_finalize(st);
    if (rc > 0) return rc;
    rc = dft_capp_loop_end(rc, T, last, sink, stats);
    if (rc) return rc;
    /* contacts: ZUSER rows */
    rc = dft_chatdb_prepare(db, &st, "SELECT rowid, %s, %s, %s FROM ZUSER ORDER BY rowid", dft_chatdb_col(db, U, "ZMID"),
                            dft_chatdb_col(db, U, "ZNAME"), dft_chatdb_col(db, U, "ZCUSTOMNAME"));
    if (rc) return rc;
    last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        last = sqlite3_column_int64(st, 0);
        const char *name = dft_chatdb_text(st, 2), *custom = dft_chatdb_text(st, 3);
        dft_chat_contact c = { 0 };
        c.account = account;
        c.handle = dft_chatdb_text(st, 1);
        c.name = custom && *custom ? custom : name;
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_str(&j, "name", name);
        dft_chat_json_str(&j, "custom_name", custom);
        c.details = dft_chat_json_end(&j);
        rc = dft_capp_contact(db, sink, stats, &c, U, last);
        dft_chat_json_free(&j);
        if (rc) break;
    }
    sqlite3_finalize(st);
    if (rc > 0) return rc;
    return dft_capp_loop_end(rc, U, last, sink, stats);
}

static const char *const line_ios_paths[] = { "*/Line.sqlite", NULL };

const dft_chat_parser dft_chat_parser_line_ios = {
    .app = "line",
    .name = "line-ios",
    .paths = line_ios_paths,
    .detect = line_ios_detect,
    .parse = line_ios_parse,
};
