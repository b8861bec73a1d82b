/*
 * chat_textnow.c - TextNow for Android (com.enflick.android.TextNow/databases/textnow_data.db), a
 * VoIP-number app: SMS/MMS and calls over its own numbers.
 *  messages: contact_value (the other party's number, or a group's id), message_direction 1 = in,
 *    2 = out, message_type (100 and 102 are call records whose message_text is the duration in
 *    seconds; every other type is a message), message_text, date (Unix ms), read, attach (media).
 *  contacts: contact_value, contact_name. groups (contact_value) + group_members (contact_value,
 *    member_contact_value) = group conversations and their members.
 * ALEAPP textnow.py (columns, direction values, call types 100/102, ms dates); Autopsy textnow.py.
 * What distinguishes type 100 from 102 is not stated by those sources: both are reported as calls with
 * the raw type in details and no status. Parties: E.164 via parsers/phone.h when the value is a number.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chat_apps.h"
#include "error.h"

static int tn_detect(dft_chatdb *db, const dft_chat_ctx *ctx)
{
    (void)ctx;
    return dft_chatdb_has_column(db, "messages", "message_direction") && dft_chatdb_has_column(db, "messages", "contact_value") &&
                   dft_chatdb_has_column(db, "contacts", "contact_value")
               ? 80
               : 0;
}

static int tn_parse(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    stats->variant = "android-textnow_data";
    char acct[DFT_PHONE_LEN + 64] = "";
    if (ctx->account_hint) dft_capp_party(ctx->account_hint, ctx->region, acct);
    snprintf(stats->account, sizeof stats->account, "%s", acct);
    const char *account = acct[0] ? acct : NULL;
    const char *T = "messages";
    bool groups = dft_chatdb_has_column(db, "group_members", "member_contact_value") &&
                  dft_chatdb_has_column(db, "group_members", "contact_value");
    bool gtab = dft_chatdb_has_column(db, "groups", "contact_value");
    const char *cn = dft_chatdb_col(db, "contacts", "contact_name");
    const char *gt = gtab ? dft_chatdb_col_any(db, "groups", (const char *const[]){ "title", "group_name", "display_name", NULL })
                          : "NULL";
    char name_sql[256], members_sql[320], isgroup_sql[320], title_sql[256];
    snprintf(name_sql, sizeof name_sql,
             "(SELECT nullif(%s, '') FROM contacts WHERE contacts.contact_value = messages.contact_value ORDER BY contacts.rowid LIMIT 1)",
             cn);
    snprintf(members_sql, sizeof members_sql,
             groups ? "(SELECT json_group_array(" DFT_CAPP_JSON_MEMBER("member_contact_value") ") FROM (SELECT member_contact_value FROM group_members WHERE "
                      "group_members.contact_value = messages.contact_value ORDER BY group_members.rowid))"
                    : "NULL");
    snprintf(isgroup_sql, sizeof isgroup_sql,
             gtab ? "EXISTS (SELECT 1 FROM groups WHERE groups.contact_value = messages.contact_value)" : "0");
    snprintf(title_sql, sizeof title_sql,
             gtab ? "(SELECT %s FROM groups WHERE groups.contact_value = messages.contact_value ORDER BY groups.rowid LIMIT 1)" : "NULL",
             gt);
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(db, &st, "SELECT messages.rowid, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s FROM messages ORDER BY messages.rowid",
                                dft_chatdb_col(db, T, "contact_value"), dft_chatdb_col(db, T, "message_direction"),
                                dft_chatdb_col(db, T, "message_type"), dft_chatdb_col(db, T, "message_text"),
                                dft_chatdb_col(db, T, "date"), dft_chatdb_col(db, T, "read"), dft_chatdb_col(db, T, "attach"),
                                name_sql, members_sql, isgroup_sql, title_sql);
    if (rc) return rc;
    int64_t last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        /* 1 contact_value, 2 direction, 3 type, 4 text, 5 date, 6 read, 7 attach, 8 name, 9 members, 10 group?,
         * 11 group title */
        last = sqlite3_column_int64(st, 0);
        const char *cv = dft_chatdb_text(st, 1);
        int64_t dir = dft_chatdb_int(st, 2, 0), type = dft_chatdb_int(st, 3, 0);
        bool group = dft_chatdb_int(st, 10, 0) != 0;
        char pb[DFT_PHONE_LEN + 64], sent[DFT_TIME_LEN];
        const char *peer = group ? cv : dft_capp_party(cv, ctx->region, pb);
        int64_t raw = 0;
        dft_chatdb_time(st, 5, DFT_TIME_UNIX_MS, sent, &raw);
        const char *name = dft_chatdb_text(st, 8);
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_int(&j, "raw_time", raw);
        dft_chat_json_int(&j, "message_type", type);
        dft_chat_json_int(&j, "message_direction", dir);
        if (type == 100 || type == 102) {
            /* the duration is the message text (seconds) */
            const char *txt = dft_chatdb_text(st, 4);
            char *end = NULL;
            long long d = txt ? strtoll(txt, &end, 10) : -1;
            dft_chat_call k = { 0 };
            k.account = account;
            k.counterpart = peer;
            k.counterpart_name = name;
            k.direction = dir == 2 ? "out" : "in";
            k.media = "voice";
            k.start_utc = sent;
            /* seconds; anything that is not a plain bounded number is unknown */
            k.duration_s = txt && end != txt && *end == '\0' && d >= 0 && d < 1000000000LL ? d : -1;
            k.details = dft_chat_json_end(&j);
            rc = dft_capp_call(db, sink, stats, &k, T, last);
        } else {
            dft_chat_msg m = { 0 };
            m.account = account;
            m.thread = cv;
            m.direction = dir == 2 ? "out" : dir == 1 ? "in" : NULL;
            m.sent_utc = sent;
            m.body = dft_chatdb_text(st, 4);
            if (m.body && !*m.body) m.body = NULL;
            m.attachment = dft_chatdb_text(st, 7);
            if (m.attachment && !*m.attachment) m.attachment = NULL;
            bool out = dir == 2;
            m.sender = out ? account : group ? NULL : peer;
            m.recipient = out ? peer : group ? cv : account;
            m.sender_name = out || group ? NULL : name;
            m.thread_title = group ? dft_chatdb_text(st, 11) : name;
            if (sqlite3_column_type(st, 6) != SQLITE_NULL) dft_chat_json_bool(&j, "read", dft_chatdb_int(st, 6, 0) != 0);
            if (group && dft_chatdb_text(st, 9)) dft_chat_json_raw(&j, "participants", dft_chatdb_text(st, 9));
            m.details = dft_chat_json_end(&j);
            rc = dft_capp_msg(db, sink, stats, &m, T, last);
        }
        dft_chat_json_free(&j);
        if (rc) break;
    }
    sqlite3_finalize(st);
    if (rc > 0) return rc;
    rc = dft_capp_loop_end(rc, T, last, sink, stats);
    if (rc) return rc;
    rc = dft_chatdb_prepare(db, &st, "SELECT contacts.rowid, contact_value, nullif(%s, '') FROM contacts ORDER BY contacts.rowid", cn);
    if (rc) return rc;
    last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        last = sqlite3_column_int64(st, 0);
        const char *cv = dft_chatdb_text(st, 1);
        char ph[DFT_PHONE_LEN];
        dft_chat_contact c = { 0 };
        c.account = account;
        c.handle = cv;
        c.name = dft_chatdb_text(st, 2);
        c.phone = cv && dft_chatdb_phone(cv, ctx->region, cv[0] == '+', ph) == DFT_OK ? ph : NULL;
        c.details = "{}";
        if ((rc = dft_capp_contact(db, sink, stats, &c, "contacts", last))) break;
    }
    sqlite3_finalize(st);
    if (rc > 0) return rc;
    return dft_capp_loop_end(rc, "contacts", last, sink, stats);
}

static const char *const tn_paths[] = { "*/com.enflick.android.TextNow/databases/textnow_data.db",
                                        "*/com.enflick.android.tn2ndLine/databases/textnow_data.db", NULL };

const dft_chat_parser dft_chat_parser_textnow_android = {
    .app = "textnow",
    .name = "textnow-android",
    .paths = tn_paths,
    .detect = tn_detect,
    .parse = tn_parse,
};
