/*
 * chat_viber.c - Viber for Android (com.viber.voip/databases).
 *  viber_messages: messages (_id, conversation_id, participant_id -> participants._id ->
 *    participants.participant_info_id -> participants_info (number, display_name, contact_name,
 *    participant_type 0 = the owner), msg_date Unix ms, body, send_type 0 = received / 1 = sent,
 *    unread, extra_uri = attachment, extra_mime = media type code, deleted), conversations (_id,
 *    group_id, group_name / name, conversation_type 0 = 1:1, else group). Research chat.md §2, ALEAPP
 *    Viber.py. Names missing from participants_info are looked up in the viber_data companion
 *    (ctx->open_sibling "viber_data": phonebookdata.data2 canonized number -> phonebookcontact).
 *  viber_data: phonebookcontact (_id, display_name) + phonebookdata (contact_id, data1 number,
 *    data2 canonized number) as contacts, calls (_id, number, canonized_number, date Unix ms,
 *    duration s, type 1 = incoming / 2 = outgoing / 3 = missed (the Android CallLog codes Viber reuses),
 *    viber_call_type 1 audio / 4 video) as calls (plaso android_viber_call.py).
 * Parties are phone numbers: E.164 through parsers/phone.h with the device region.
 */
#include <stdio.h>
#include <string.h>

#include "chat_apps.h"
#include "error.h"

/* ---- viber_messages -------------------------------------------------------------------------------- */

static int viber_msgs_detect(dft_chatdb *db, const dft_chat_ctx *ctx)
{
    (void)ctx;
    return dft_chatdb_has_column(db, "messages", "send_type") && dft_chatdb_has_column(db, "messages", "msg_date") &&
                   dft_chatdb_has_column(db, "participants_info", "number")
               ? 80
               : 0;
}

typedef struct names {
    dft_chatdb *db;
    sqlite3_stmt *q;
} names;

static void names_open(names *n, const dft_chat_ctx *ctx)
{
    memset(n, 0, sizeof *n);
    if (!ctx->open_sibling) return;
    char p[1024];
    dft_capp_sibling_path(ctx, "viber_data", p, sizeof p);
    if (ctx->open_sibling(ctx->payload, p, &n->db) != DFT_OK) { n->db = NULL; return; }
    if (!dft_chatdb_has_column(n->db, "phonebookdata", "data2") ||
        !dft_chatdb_has_column(n->db, "phonebookcontact", "display_name") ||
        dft_chatdb_prepare(n->db, &n->q,
                           "SELECT c.display_name FROM phonebookdata d JOIN phonebookcontact c ON c._id = d.contact_id "
                           "WHERE d.data2 = ?1 OR d.data1 = ?1 ORDER BY d.rowid LIMIT 1") != DFT_OK)
        n->q = NULL;
}

static const char *names_get(names *n, const char *number, char *out, size_t cap)
{
    if (!n->q || !number) return NULL;
    sqlite3_reset(n->q);
    sqlite3_bind_text(n->q, 1, number, -1, SQLITE_TRANSIENT);
    if (dft_chatdb_step(n->db, n->q) != DFT_SQLITE_ROW) return NULL;
    const char *t = dft_chatdb_text(n->q, 0);
    if (!t) return NULL;
    snprintf(out, cap, "%s", t);
    return out;
}

static void names_close(names *n)
{
    if (n->q) sqlite3_finalize(n->q);
    if (n->db) dft_chatdb_close(n->db);
}

static int viber_msgs_parse(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    stats->variant = "android-viber_messages";
    const char *M = "messages", *PI = "participants_info", *CV = "conversations";
    char account[DFT_PHONE_LEN + 64] = "";
    /* the owner: participants_info row of type 0 (else the evidence's hint) */
    sqlite3_stmt *st = NULL;
    if (dft_chatdb_has_column(db, PI, "participant_type") &&
        dft_chatdb_prepare(db, &st, "SELECT number FROM participants_info WHERE participant_type = 0 ORDER BY rowid LIMIT 1") ==
            DFT_OK) {
        if (dft_chatdb_step(db, st) == DFT_SQLITE_ROW) dft_capp_party(dft_chatdb_text(st, 0), ctx->region, account);
        sqlite3_finalize(st);
        st = NULL;
    }
    if (!account[0] && ctx->account_hint) dft_capp_party(ctx->account_hint, ctx->region, account);
    snprintf(stats->account, sizeof stats->account, "%s", account);
    bool has_p = dft_chatdb_has_column(db, "participants", "participant_info_id");
    bool has_cv = dft_chatdb_has_column(db, CV, "_id");
    /* the best name the row has: address-book name, then the Viber display / profile name */
    char pname_buf[256] = "coalesce(NULL, NULL";
    static const char *const name_cols[] = { "contact_name", "display_name", "viber_name" };
    for (size_t i = 0; i < 3; i++)
        if (dft_chatdb_has_column(db, PI, name_cols[i]))
            snprintf(pname_buf + strlen(pname_buf), sizeof pname_buf - strlen(pname_buf), ", nullif(pi.%s, '')", name_cols[i]);
    snprintf(pname_buf + strlen(pname_buf), sizeof pname_buf - strlen(pname_buf), ")");
    const char *pname = pname_buf;
    char sender_sql[1024], peer_sql[1024], gname_sql[1024], members_sql[1024];
    /* sender number/name via participants; peer = the other party of a 1:1 chat */
    if (has_p) {
        snprintf(sender_sql, sizeof sender_sql,
                 "(SELECT pi.number FROM participants p JOIN participants_info pi ON pi._id = p.participant_info_id "
                 "WHERE p._id = messages.participant_id), (SELECT %s FROM participants p JOIN participants_info pi ON "
                 "pi._id = p.participant_info_id WHERE p._id = messages.participant_id)",
                 pname);
        snprintf(peer_sql, sizeof peer_sql,
                 "(SELECT pi.number FROM participants p JOIN participants_info pi ON pi._id = p.participant_info_id "
                 "WHERE p.conversation_id = messages.conversation_id AND %s ORDER BY p._id LIMIT 1)",
                 dft_chatdb_has_column(db, PI, "participant_type") ? "pi.participant_type <> 0" : "1");
        snprintf(members_sql, sizeof members_sql,
                 "(SELECT json_group_array(" DFT_CAPP_JSON_MEMBER("number") ") FROM (SELECT pi.number FROM participants p JOIN participants_info pi "
                 "ON pi._id = p.participant_info_id WHERE p.conversation_id = messages.conversation_id ORDER BY p._id))");
    } else {
        snprintf(sender_sql, sizeof sender_sql, "NULL, NULL");
        snprintf(peer_sql, sizeof peer_sql, "NULL");
        snprintf(members_sql, sizeof members_sql, "NULL");
    }
    const char *gn = has_cv ? dft_chatdb_col_any(db, CV, (const char *const[]){ "group_name", "name", NULL }) : NULL;
    const char *ct = has_cv ? dft_chatdb_col(db, CV, "conversation_type") : NULL;
    const char *gid = has_cv ? dft_chatdb_col(db, CV, "group_id") : NULL;
    snprintf(gname_sql, sizeof gname_sql, "(SELECT %s FROM conversations WHERE _id = messages.conversation_id)", gn ? gn : "NULL");
    char ct_sql[1024], gid_sql[1024];
    snprintf(ct_sql, sizeof ct_sql, "(SELECT %s FROM conversations WHERE _id = messages.conversation_id)", ct ? ct : "NULL");
    snprintf(gid_sql, sizeof gid_sql, "(SELECT %s FROM conversations WHERE _id = messages.conversation_id)", gid ? gid : "NULL");
    int rc = dft_chatdb_prepare(
        db, &st, "SELECT messages.rowid, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s FROM messages ORDER BY messages.rowid",
        dft_chatdb_col(db, M, "conversation_id"), dft_chatdb_col(db, M, "msg_date"), dft_chatdb_col(db, M, "body"),
        dft_chatdb_col(db, M, "send_type"), dft_chatdb_col(db, M, "unread"), dft_chatdb_col(db, M, "extra_uri"),
        dft_chatdb_col(db, M, "extra_mime"), dft_chatdb_col(db, M, "deleted"), sender_sql, peer_sql, gname_sql, ct_sql,
        gid_sql, members_sql);
    if (rc) return rc;
    names nm;
    names_open(&nm, ctx);
    int64_t last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        last = sqlite3_column_int64(st, 0);
        /* columns: 1 conv, 2 date, 3 body, 4 send_type, 5 unread, 6 uri, 7 mime, 8 deleted, 9 sender number,
         * 10 sender name, 11 peer number, 12 group name, 13 conversation type, 14 group id, 15 members */
        char sent[DFT_TIME_LEN], snd[DFT_PHONE_LEN + 64], peer[DFT_PHONE_LEN + 64], nbuf[256], thread[64];
        int64_t raw = 0;
        dft_chatdb_time(st, 2, DFT_TIME_UNIX_MS, sent, &raw);
        bool out = dft_chatdb_int(st, 4, 0) == 1;
        int64_t ctype = dft_chatdb_int(st, 13, 0);
        const char *gid_v = dft_chatdb_text(st, 14);
        bool group = ctype != 0 || (gid_v && strcmp(gid_v, "0") != 0);
        snprintf(thread, sizeof thread, "%lld", (long long)dft_chatdb_int(st, 1, 0));
        const char *sender_num = dft_capp_party(dft_chatdb_text(st, 9), ctx->region, snd);
        const char *peer_num = dft_capp_party(dft_chatdb_text(st, 11), ctx->region, peer);
        const char *sname = dft_chatdb_text(st, 10);
        if ((!sname || !*sname) && !out) sname = names_get(&nm, sender_num, nbuf, sizeof nbuf);
        dft_chat_msg m = { 0 };
        m.account = account[0] ? account : NULL;
        m.thread = thread;
        m.direction = out ? "out" : "in";
        m.sent_utc = sent;
        m.body = dft_chatdb_text(st, 3);
        if (m.body && !*m.body) m.body = NULL;
        /* extra_uri is a file:// URI (or content://): the device path is what links to the evidence file */
        const char *uri = dft_chatdb_text(st, 6);
        m.attachment = uri && !strncmp(uri, "file:///", 8) ? uri + 7 : uri;
        m.deleted = dft_chatdb_int(st, 8, 0) != 0;
        const char *gname = dft_chatdb_text(st, 12);
        char gref[96];
        snprintf(gref, sizeof gref, "group:%s", gid_v ? gid_v : thread);
        if (out) {
            m.sender = m.account;
            m.recipient = group ? gref : peer_num;
        } else {
            m.sender = sender_num;
            m.sender_name = sname && *sname ? sname : NULL;
            m.recipient = group ? gref : m.account;
        }
        m.thread_title = group ? gname : (out ? NULL : m.sender_name);
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_int(&j, "raw_time", raw);
        dft_chat_json_int(&j, "extra_mime", dft_chatdb_int(st, 7, 0));
        dft_chat_json_str(&j, "extra_uri", uri);
        dft_chat_json_bool(&j, "unread", dft_chatdb_int(st, 5, 0) != 0);
        dft_chat_json_str(&j, "sender_name", m.sender_name);
        if (group && dft_chatdb_text(st, 15)) dft_chat_json_raw(&j, "participants", dft_chatdb_text(st, 15));
        m.details = dft_chat_json_end(&j);
        rc = dft_capp_msg(db, sink, stats, &m, M, last);
        dft_chat_json_free(&j);
        if (rc) break;
    }
    sqlite3_finalize(st);
    names_close(&nm);
    if (rc > 0) return rc;
    return dft_capp_loop_end(rc, M, last, sink, stats);
}

static const char *const viber_msgs_paths[] = { "*/com.viber.voip/databases/viber_messages", NULL };

const dft_chat_parser dft_chat_parser_viber_android = {
    .app = "viber",
    .name = "viber-android",
    .paths = viber_msgs_paths,
    .detect = viber_msgs_detect,
    .parse = viber_msgs_parse,
};

/* ---- viber_data: contacts and calls ------------------------------------------------------------------ */

static int viber_data_detect(dft_chatdb *db, const dft_chat_ctx *ctx)
{
    (void)ctx;
    return dft_chatdb_has_column(db, "calls", "viber_call_type") || dft_chatdb_has_column(db, "phonebookcontact", "display_name")
               ? 80
               : 0;
}

static int viber_data_contacts(dft_chatdb *db, const dft_chat_ctx *ctx, const char *account, const dft_chat_sink *sink,
                               dft_chat_stats *stats)
{
    const char *T = "phonebookcontact";
    if (!dft_chatdb_has_column(db, T, "display_name")) return DFT_OK;
    bool has_d = dft_chatdb_has_column(db, "phonebookdata", "contact_id") && dft_chatdb_has_column(db, "phonebookdata", "data1");
    sqlite3_stmt *st = NULL;
    /* data2 is Viber's canonized (international) form of data1: it resolves without a region */
    bool has_d2 = has_d && dft_chatdb_has_column(db, "phonebookdata", "data2");
    int rc = dft_chatdb_prepare(db, &st, "SELECT c.rowid, c.display_name, %s, %s, %s FROM phonebookcontact c ORDER BY c.rowid",
                                has_d ? "(SELECT d.data1 FROM phonebookdata d WHERE d.contact_id = c._id ORDER BY d.rowid "
                                        "LIMIT 1)"
                                      : "NULL",
                                has_d ? "(SELECT json_group_array(" DFT_CAPP_JSON_MEMBER("data1") ") FROM (SELECT d.data1 FROM phonebookdata d WHERE "
                                        "d.contact_id = c._id ORDER BY d.rowid))"
                                      : "NULL",
                                has_d2 ? "(SELECT d.data2 FROM phonebookdata d WHERE d.contact_id = c._id ORDER BY d.rowid "
                                         "LIMIT 1)"
                                       : "NULL");
    if (rc) return rc;
    int64_t last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        last = sqlite3_column_int64(st, 0);
        char ph[DFT_PHONE_LEN];
        const char *num = dft_chatdb_text(st, 2), *canon = dft_chatdb_text(st, 4);
        if (!canon || dft_chatdb_phone(canon, ctx->region, canon[0] == '+', ph) != DFT_OK)
            dft_chatdb_phone(num, ctx->region, false, ph);
        dft_chat_contact c = { 0 };
        c.account = account;
        c.name = dft_chatdb_text(st, 1);
        c.phone = ph[0] ? ph : NULL;
        c.handle = num;
        dft_chat_json j;
        dft_chat_json_begin(&j);
        if (dft_chatdb_text(st, 3)) dft_chat_json_raw(&j, "numbers", dft_chatdb_text(st, 3));
        c.details = dft_chat_json_end(&j);
        rc = dft_capp_contact(db, sink, stats, &c, T, last);
        dft_chat_json_free(&j);
        if (rc) break;
    }
    sqlite3_finalize(st);
    if (rc > 0) return rc;
    return dft_capp_loop_end(rc, T, last, sink, stats);
}

static int viber_data_calls(dft_chatdb *db, const dft_chat_ctx *ctx, const char *account, const dft_chat_sink *sink,
                            dft_chat_stats *stats)
{
    const char *T = "calls";
    if (!dft_chatdb_has_column(db, T, "date")) return DFT_OK;
    bool names = dft_chatdb_has_column(db, "phonebookdata", "data2") && dft_chatdb_has_column(db, "phonebookcontact", "display_name");
    const char *canon = dft_chatdb_col(db, T, "canonized_number");
    char name_sql[1024];
    snprintf(name_sql, sizeof name_sql,
             "(SELECT c.display_name FROM phonebookdata d JOIN phonebookcontact c ON c._id = d.contact_id WHERE "
             "d.data2 = %s OR d.data1 = calls.number ORDER BY d.rowid LIMIT 1)",
             canon ? "calls.canonized_number" : "calls.number");
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(db, &st, "SELECT calls.rowid, %s, %s, %s, %s, %s, %s, %s FROM calls ORDER BY calls.rowid",
                                dft_chatdb_col(db, T, "number"), canon, dft_chatdb_col(db, T, "date"),
                                dft_chatdb_col(db, T, "duration"), dft_chatdb_col(db, T, "type"),
                                dft_chatdb_col(db, T, "viber_call_type"), names ? name_sql : "NULL");
    if (rc) return rc;
    int64_t last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        last = sqlite3_column_int64(st, 0);
        char start[DFT_TIME_LEN], party[DFT_PHONE_LEN + 64];
        int64_t raw = 0;
        dft_chatdb_time(st, 3, DFT_TIME_UNIX_MS, start, &raw);
        int64_t type = dft_chatdb_int(st, 5, 0), vtype = dft_chatdb_int(st, 6, 0);
        const char *num = dft_chatdb_text(st, 2) ? dft_chatdb_text(st, 2) : dft_chatdb_text(st, 1);
        dft_chat_call c = { 0 };
        c.account = account;
        c.counterpart = dft_capp_party(num, ctx->region, party);
        c.counterpart_name = dft_chatdb_text(st, 7);
        c.direction = type == 2 ? "out" : "in";
        c.status = type == 3 ? "missed" : (type == 1 || type == 2) ? (dft_chatdb_int(st, 4, 0) > 0 ? "answered" : NULL) : NULL;
        c.media = vtype == 4 ? "video" : vtype == 1 ? "voice" : NULL;
        c.start_utc = start;
        c.duration_s = dft_chatdb_int(st, 4, -1);
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_int(&j, "raw_time", raw);
        dft_chat_json_int(&j, "type", type);
        dft_chat_json_int(&j, "viber_call_type", vtype);
        dft_chat_json_str(&j, "number", dft_chatdb_text(st, 1));
        c.details = dft_chat_json_end(&j);
        rc = dft_capp_call(db, sink, stats, &c, T, last);
        dft_chat_json_free(&j);
        if (rc) break;
    }
    sqlite3_finalize(st);
    if (rc > 0) return rc;
    return dft_capp_loop_end(rc, T, last, sink, stats);
}

static int viber_data_parse(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    stats->variant = "android-viber_data";
    char account[DFT_PHONE_LEN + 64] = "";
    if (ctx->account_hint) dft_capp_party(ctx->account_hint, ctx->region, account);
    snprintf(stats->account, sizeof stats->account, "%s", account);
    int rc = viber_data_contacts(db, ctx, account[0] ? account : NULL, sink, stats);
    if (rc) return rc;
    return viber_data_calls(db, ctx, account[0] ? account : NULL, sink, stats);
}

static const char *const viber_data_paths[] = { "*/com.viber.voip/databases/viber_data", NULL };

const dft_chat_parser dft_chat_parser_viber_android_data = {
    .app = "viber",
    .name = "viber-android-data",
    .paths = viber_data_paths,
    .detect = viber_data_detect,
    .parse = viber_data_parse,
};
