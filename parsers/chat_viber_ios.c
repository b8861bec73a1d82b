/*
 * chat_viber_ios.c - Viber for iOS: com.viber/database/Contacts.data (SQLite, Core Data, Cocoa seconds).
 *  ZVIBERMESSAGE (Z_PK, ZCONVERSATION, ZPHONENUMINDEX -> ZMEMBER.Z_PK = the sender, ZSTATEDATE = creation
 *    date, ZDATE = date of the last state change, ZSTATE 'send'/'delivered' = out, 'received' = in,
 *    ZTEXT, ZATTACHMENT -> ZATTACHMENT (ZNAME, ZTYPE, ZFILESIZE), ZBEINGDELETED, ZSYSTEMTYPE,
 *    ZTIMEBOMBDURATION), ZCONVERSATION (Z_PK, ZNAME = group name, ZINTERLOCUTOR -> ZMEMBER for 1:1
 *    chats, NULL for groups), ZMEMBER (Z_PK, ZDISPLAYFULLNAME, ZDISPLAYSHORTNAME, ZNAME), ZPHONENUMBER
 *    (ZMEMBER, ZPHONE, ZCANONIZEDPHONENUM), ZRECENT (calls: ZDATE, ZCALLTYPE text, ZDURATION s,
 *    ZCALLLOGMESSAGE -> the call's ZVIBERMESSAGE row, ZRECENTSLINE -> ZRECENTSLINE.ZPHONENUMBER),
 *    ZABCONTACT (ZMAINNAME, ZCONTACTID) + ZABCONTACTNUMBER (ZCONTACT, ZPHONE, ZCANONIZEDPHONENUM).
 *  The owner: Data (key, value) _myPhoneNumber / _myCanonizedPhoneNumber in this file or in the
 *  sibling com.viber/settings/Settings.data. iLEAPP viber.py (columns, state values, call types).
 * Group participants: as iLEAPP, the distinct senders of the conversation's messages (the member list
 * table of a group is not documented publicly). Message rows that a ZRECENT call row points to are
 * reported as calls only.
 */
#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "chat_apps.h"
#include "error.h"

static int vios_detect(dft_chatdb *db, const dft_chat_ctx *ctx)
{
    (void)ctx;
    return dft_chatdb_has_column(db, "ZVIBERMESSAGE", "ZSTATE") && dft_chatdb_has_column(db, "ZVIBERMESSAGE", "ZCONVERSATION") &&
                   dft_chatdb_has_column(db, "ZCONVERSATION", "Z_PK")
               ? 80
               : 0;
}

/* _myCanonizedPhoneNumber / _myPhoneNumber from a Data (key, value) table */
static void owner_from(dft_chatdb *db, const dft_chat_ctx *ctx, char out[DFT_PHONE_LEN + 64])
{
    if (!dft_chatdb_has_column(db, "Data", "key") || !dft_chatdb_has_column(db, "Data", "value")) return;
    sqlite3_stmt *st = NULL;
    if (dft_chatdb_prepare(db, &st,
                           "SELECT CAST(value AS TEXT) FROM Data WHERE key IN ('_myCanonizedPhoneNumber', '_myPhoneNumber') "
                           "AND value IS NOT NULL ORDER BY key = '_myPhoneNumber', rowid LIMIT 1") != DFT_OK)
        return;
    if (dft_chatdb_step(db, st) == DFT_SQLITE_ROW && dft_chatdb_text(st, 0)) {
        const char *v = dft_chatdb_text(st, 0);
        char e164[DFT_PHONE_LEN];
        /* the canonized form is the international number without '+' */
        if (dft_chatdb_phone(v, ctx->region, v[0] != '0', e164) == DFT_OK) snprintf(out, DFT_PHONE_LEN + 64, "%s", e164);
        else snprintf(out, DFT_PHONE_LEN + 64, "%s", v);
    }
    sqlite3_finalize(st);
}

static void find_owner(dft_chatdb *db, const dft_chat_ctx *ctx, char out[DFT_PHONE_LEN + 64])
{
    out[0] = '\0';
    owner_from(db, ctx, out);
    if (out[0] || !ctx->open_sibling || !ctx->device_path) return;
    /* .../com.viber/database/Contacts.data -> .../com.viber/settings/Settings.data */
    const char *p = strstr(ctx->device_path, "/database/");
    if (!p) return;
    char path[1024];
    if (snprintf(path, sizeof path, "%.*s/settings/Settings.data", (int)(p - ctx->device_path), ctx->device_path) >=
        (int)sizeof path)
        return;
    dft_chatdb *s = NULL;
    if (ctx->open_sibling(ctx->payload, path, &s) != DFT_OK) return;
    owner_from(s, ctx, out);
    dft_chatdb_close(s);
}

/* A member's phone (canonized first) as a SELECT item: ZPHONENUMBER of member expression m */
static void phone_sql(dft_chatdb *db, const char *m, char *out, size_t cap)
{
    const char *canon = dft_chatdb_col(db, "ZPHONENUMBER", "ZCANONIZEDPHONENUM");
    const char *ph = dft_chatdb_col(db, "ZPHONENUMBER", "ZPHONE");
    if (!dft_chatdb_has_column(db, "ZPHONENUMBER", "ZMEMBER")) {
        snprintf(out, cap, "NULL");
        return;
    }
    snprintf(out, cap, "(SELECT coalesce(nullif(%s, ''), %s) FROM ZPHONENUMBER WHERE ZPHONENUMBER.ZMEMBER = %s ORDER BY "
                       "ZPHONENUMBER.rowid LIMIT 1)",
             canon, ph, m);
}

static void name_sql(dft_chatdb *db, const char *m, char *out, size_t cap)
{
    if (!dft_chatdb_has_column(db, "ZMEMBER", "Z_PK")) {
        snprintf(out, cap, "NULL");
        return;
    }
    snprintf(out, cap,
             "(SELECT coalesce(nullif(%s, ''), nullif(%s, ''), nullif(%s, '')) FROM ZMEMBER WHERE ZMEMBER.Z_PK = %s)",
             dft_chatdb_col(db, "ZMEMBER", "ZDISPLAYFULLNAME"), dft_chatdb_col(db, "ZMEMBER", "ZNAME"),
             dft_chatdb_col(db, "ZMEMBER", "ZDISPLAYSHORTNAME"), m);
}

/* E.164 of a canonized Viber number ("66898765432": international digits without '+') */
static const char *party(const char *raw, const dft_chat_ctx *ctx, char out[DFT_PHONE_LEN + 64])
{
    if (!raw || !*raw) return NULL;
    char e164[DFT_PHONE_LEN];
    bool intl = raw[0] != '0';
    if (dft_chatdb_phone(raw, ctx->region, intl, e164) == DFT_OK || dft_chatdb_phone(raw, ctx->region, false, e164) == DFT_OK)
        snprintf(out, DFT_PHONE_LEN + 64, "%s", e164);
    else
        snprintf(out, DFT_PHONE_LEN + 64, "%s", raw);
    return out;
}

/* ["66898765432", ...] -> ["+66898765432", ...] (malloc'd), NULL when not a non-empty array */
static char *parties_json(const char *arr_text, const dft_chat_ctx *ctx)
{
    json_t *in = arr_text ? json_loads(arr_text, 0, NULL) : NULL;
    json_t *out = json_is_array(in) && json_array_size(in) ? json_array() : NULL;
    for (size_t i = 0; out && i < json_array_size(in); i++) {
        char pb[DFT_PHONE_LEN + 64];
        const char *p = party(json_string_value(json_array_get(in, i)), ctx, pb);
        if (p) json_array_append_new(out, json_string(p));
    }
    char *text = out ? json_dumps(out, JSON_COMPACT) : NULL;
    json_decref(in);
    json_decref(out);
    return text;
}

static int vios_messages(dft_chatdb *db, const dft_chat_ctx *ctx, const char *account, const dft_chat_sink *sink,
                         dft_chat_stats *stats)
{
    const char *T = "ZVIBERMESSAGE", *CV = "ZCONVERSATION";
    char snd_ph[512], snd_nm[512], peer_ph[768], peer_nm[768], title[256], inter[256], members[1024], att[512], skip[256];
    phone_sql(db, "ZVIBERMESSAGE.ZPHONENUMINDEX", snd_ph, sizeof snd_ph);
    name_sql(db, "ZVIBERMESSAGE.ZPHONENUMINDEX", snd_nm, sizeof snd_nm);
    const char *ic = dft_chatdb_col(db, CV, "ZINTERLOCUTOR");
    snprintf(inter, sizeof inter, "(SELECT %s FROM ZCONVERSATION WHERE ZCONVERSATION.Z_PK = ZVIBERMESSAGE.ZCONVERSATION)", ic);
    phone_sql(db, inter, peer_ph, sizeof peer_ph);
    name_sql(db, inter, peer_nm, sizeof peer_nm);
    snprintf(title, sizeof title, "(SELECT %s FROM ZCONVERSATION WHERE ZCONVERSATION.Z_PK = ZVIBERMESSAGE.ZCONVERSATION)",
             dft_chatdb_col(db, CV, "ZNAME"));
    char mph[512];
    phone_sql(db, "x.ZPHONENUMINDEX", mph, sizeof mph);
    snprintf(members, sizeof members,
             "(SELECT json_group_array(" DFT_CAPP_JSON_MEMBER("p") ") FROM (SELECT DISTINCT %s AS p FROM ZVIBERMESSAGE x WHERE x.ZCONVERSATION = "
             "ZVIBERMESSAGE.ZCONVERSATION AND x.ZPHONENUMINDEX IS NOT NULL ORDER BY x.Z_PK))",
             mph);
    if (dft_chatdb_has_column(db, "ZATTACHMENT", "Z_PK") && dft_chatdb_has_column(db, T, "ZATTACHMENT"))
        snprintf(att, sizeof att, "(SELECT %s FROM ZATTACHMENT WHERE ZATTACHMENT.Z_PK = ZVIBERMESSAGE.ZATTACHMENT), "
                                  "(SELECT %s FROM ZATTACHMENT WHERE ZATTACHMENT.Z_PK = ZVIBERMESSAGE.ZATTACHMENT)",
                 dft_chatdb_col(db, "ZATTACHMENT", "ZNAME"), dft_chatdb_col(db, "ZATTACHMENT", "ZTYPE"));
    else
        snprintf(att, sizeof att, "NULL, NULL");
    snprintf(skip, sizeof skip, "%s",
             dft_chatdb_has_column(db, "ZRECENT", "ZCALLLOGMESSAGE")
                 ? "WHERE NOT EXISTS (SELECT 1 FROM ZRECENT WHERE ZRECENT.ZCALLLOGMESSAGE = ZVIBERMESSAGE.Z_PK)"
                 : "");
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(db, &st,
                                "SELECT ZVIBERMESSAGE.rowid, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s "
                                "FROM ZVIBERMESSAGE %s ORDER BY ZVIBERMESSAGE.rowid",
                                dft_chatdb_col(db, T, "ZCONVERSATION"), dft_chatdb_col(db, T, "ZSTATEDATE"),
                                dft_chatdb_col(db, T, "ZDATE"), dft_chatdb_col(db, T, "ZSTATE"), dft_chatdb_col(db, T, "ZTEXT"),
                                dft_chatdb_col(db, T, "ZBEINGDELETED"), dft_chatdb_col(db, T, "ZSYSTEMTYPE"), snd_ph, snd_nm,
                                inter, peer_ph, peer_nm, title, members, att, dft_chatdb_col(db, T, "ZTIMEBOMBDURATION"), skip);
    if (rc) return rc;
    int64_t last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        /* 1 conv, 2 statedate, 3 date, 4 state, 5 text, 6 deleted, 7 systemtype, 8 sender phone, 9 sender name,
         * 10 interlocutor, 11 peer phone, 12 peer name, 13 group name, 14 members, 15 att name, 16 att type,
         * 17 timebomb */
        last = sqlite3_column_int64(st, 0);
        const char *state = dft_chatdb_text(st, 4);
        bool out = state && (!strcmp(state, "send") || !strcmp(state, "delivered"));
        bool in = state && !strcmp(state, "received");
        bool group = sqlite3_column_type(st, 10) == SQLITE_NULL;
        char sent[DFT_TIME_LEN], changed[DFT_TIME_LEN], sb[DFT_PHONE_LEN + 64], pb[DFT_PHONE_LEN + 64], thread[32],
            gref[48];
        int64_t raw = 0, raw_changed = 0;
        dft_chatdb_time(st, 2, DFT_TIME_COCOA_S, sent, &raw);
        dft_chatdb_time(st, 3, DFT_TIME_COCOA_S, changed, &raw_changed);
        snprintf(thread, sizeof thread, "%" PRId64, dft_chatdb_int(st, 1, -1));
        snprintf(gref, sizeof gref, "group:%s", thread);
        const char *snd = party(dft_chatdb_text(st, 8), ctx, sb);
        const char *peer = party(dft_chatdb_text(st, 11), ctx, pb);
        dft_chat_msg m = { 0 };
        m.account = account;
        m.thread = thread;
        m.direction = out ? "out" : in ? "in" : NULL;
        m.sent_utc = sent[0] ? sent : changed;
        m.body = dft_chatdb_text(st, 5);
        if (m.body && !*m.body) m.body = NULL;
        m.attachment = dft_chatdb_text(st, 15);
        m.deleted = dft_chatdb_int(st, 6, 0) != 0;
        if (out) {
            m.sender = account;
            m.recipient = group ? gref : peer;
        } else {
            m.sender = snd ? snd : group ? NULL : peer;
            m.sender_name = dft_chatdb_text(st, 9) ? dft_chatdb_text(st, 9) : group ? NULL : dft_chatdb_text(st, 12);
            m.recipient = group ? gref : account;
        }
        m.thread_title = group ? dft_chatdb_text(st, 13) : dft_chatdb_text(st, 12);
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_int(&j, "raw_time", raw);
        if (raw_changed) {
            dft_chat_json_str(&j, "state_changed_utc", changed);
            dft_chat_json_int(&j, "raw_state_changed", raw_changed);
        }
        dft_chat_json_str(&j, "state", state);
        dft_chat_json_str(&j, "system_type", dft_chatdb_text(st, 7));
        dft_chat_json_str(&j, "sender_name", m.sender_name);
        dft_chat_json_str(&j, "attachment_type", dft_chatdb_text(st, 16));
        if (dft_chatdb_int(st, 17, 0) > 0) dft_chat_json_int(&j, "timebomb_duration", dft_chatdb_int(st, 17, 0));
        char *parts = group ? parties_json(dft_chatdb_text(st, 14), ctx) : NULL;
        if (parts) dft_chat_json_raw(&j, "participants", parts);
        m.details = dft_chat_json_end(&j);
        rc = dft_capp_msg(db, sink, stats, &m, T, last);
        dft_chat_json_free(&j);
        free(parts);
        if (rc) break;
    }
    sqlite3_finalize(st);
    if (rc > 0) return rc;
    return dft_capp_loop_end(rc, T, last, sink, stats);
}

static int vios_calls(dft_chatdb *db, const dft_chat_ctx *ctx, const char *account, const dft_chat_sink *sink,
                      dft_chat_stats *stats)
{
    const char *T = "ZRECENT";
    if (!dft_chatdb_has_column(db, T, "ZCALLTYPE") || !dft_chatdb_has_column(db, T, "ZDATE")) return DFT_OK;
    /* the counterpart: the call message's sender, else its conversation's interlocutor, else the recents line */
    char msg_member[512], ph[1024], nm[1024], line[256];
    bool link = dft_chatdb_has_column(db, T, "ZCALLLOGMESSAGE") && dft_chatdb_has_column(db, "ZVIBERMESSAGE", "ZPHONENUMINDEX");
    snprintf(msg_member, sizeof msg_member,
             link ? "(SELECT coalesce(v.ZPHONENUMINDEX, (SELECT c.ZINTERLOCUTOR FROM ZCONVERSATION c WHERE c.Z_PK = "
                    "v.ZCONVERSATION)) FROM ZVIBERMESSAGE v WHERE v.Z_PK = ZRECENT.ZCALLLOGMESSAGE)"
                  : "NULL");
    if (link && dft_chatdb_has_column(db, "ZCONVERSATION", "ZINTERLOCUTOR")) {
        phone_sql(db, msg_member, ph, sizeof ph);
        name_sql(db, msg_member, nm, sizeof nm);
    } else {
        snprintf(ph, sizeof ph, "NULL");
        snprintf(nm, sizeof nm, "NULL");
    }
    snprintf(line, sizeof line, "%s",
             dft_chatdb_has_column(db, T, "ZRECENTSLINE") && dft_chatdb_has_column(db, "ZRECENTSLINE", "ZPHONENUMBER")
                 ? "(SELECT l.ZPHONENUMBER FROM ZRECENTSLINE l WHERE l.Z_PK = ZRECENT.ZRECENTSLINE)"
                 : "NULL");
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(db, &st, "SELECT ZRECENT.rowid, %s, %s, %s, %s, %s, %s FROM ZRECENT ORDER BY ZRECENT.rowid",
                                dft_chatdb_col(db, T, "ZDATE"), dft_chatdb_col(db, T, "ZCALLTYPE"),
                                dft_chatdb_col(db, T, "ZDURATION"), ph, nm, line);
    if (rc) return rc;
    int64_t last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        last = sqlite3_column_int64(st, 0);
        const char *type = dft_chatdb_text(st, 2);
        char start[DFT_TIME_LEN], pb[DFT_PHONE_LEN + 64];
        int64_t raw = 0;
        dft_chatdb_time(st, 1, DFT_TIME_COCOA_S, start, &raw);
        bool out = type && !strncmp(type, "outgoing", 8);
        bool missed = type && !strncmp(type, "missed", 6);
        dft_chat_call k = { 0 };
        k.account = account;
        k.counterpart = party(dft_chatdb_text(st, 4) ? dft_chatdb_text(st, 4) : dft_chatdb_text(st, 6), ctx, pb);
        k.counterpart_name = dft_chatdb_text(st, 5);
        k.direction = out ? "out" : "in";
        k.status = missed ? "missed" : NULL;
        k.media = type ? (strstr(type, "video") ? "video" : "voice") : NULL;
        k.start_utc = start;
        /* ZDURATION is REAL seconds in Core Data; out-of-range values (hostile) are unknown, not cast */
        double dur = sqlite3_column_double(st, 3);
        k.duration_s = sqlite3_column_type(st, 3) == SQLITE_NULL || !(dur >= 0 && dur < 1e12) ? -1 : (int64_t)dur;
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_int(&j, "raw_time", raw);
        dft_chat_json_str(&j, "call_type", type);
        k.details = dft_chat_json_end(&j);
        rc = dft_capp_call(db, sink, stats, &k, T, last);
        dft_chat_json_free(&j);
        if (rc) break;
    }
    sqlite3_finalize(st);
    if (rc > 0) return rc;
    return dft_capp_loop_end(rc, T, last, sink, stats);
}

static int vios_contacts(dft_chatdb *db, const dft_chat_ctx *ctx, const char *account, const dft_chat_sink *sink,
                         dft_chat_stats *stats)
{
    const char *T = "ZABCONTACT";
    if (!dft_chatdb_has_column(db, T, "ZMAINNAME")) return DFT_OK;
    bool nums = dft_chatdb_has_column(db, "ZABCONTACTNUMBER", "ZCONTACT");
    char num_sql[512];
    snprintf(num_sql, sizeof num_sql,
             nums ? "(SELECT coalesce(nullif(%s, ''), %s) FROM ZABCONTACTNUMBER WHERE ZABCONTACTNUMBER.ZCONTACT = ZABCONTACT.Z_PK ORDER BY "
                    "ZABCONTACTNUMBER.rowid LIMIT 1)"
                  : "NULL",
             dft_chatdb_col(db, "ZABCONTACTNUMBER", "ZCANONIZEDPHONENUM"), dft_chatdb_col(db, "ZABCONTACTNUMBER", "ZPHONE"));
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(db, &st, "SELECT ZABCONTACT.rowid, %s, %s, %s FROM ZABCONTACT ORDER BY ZABCONTACT.rowid",
                                dft_chatdb_col(db, T, "ZMAINNAME"), num_sql, dft_chatdb_col(db, T, "ZCONTACTID"));
    if (rc) return rc;
    int64_t last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        last = sqlite3_column_int64(st, 0);
        char pb[DFT_PHONE_LEN + 64];
        const char *num = dft_chatdb_text(st, 2);
        const char *p = party(num, ctx, pb);
        dft_chat_contact c = { 0 };
        c.account = account;
        c.name = dft_chatdb_text(st, 1);
        c.phone = p && p[0] == '+' ? p : NULL;
        c.handle = num;
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_str(&j, "contact_id", dft_chatdb_text(st, 3));
        c.details = dft_chat_json_end(&j);
        rc = dft_capp_contact(db, sink, stats, &c, T, last);
        dft_chat_json_free(&j);
        if (rc) break;
    }
    sqlite3_finalize(st);
    if (rc > 0) return rc;
    return dft_capp_loop_end(rc, T, last, sink, stats);
}

static int vios_parse(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    stats->variant = "ios-contacts.data";
    char owner[DFT_PHONE_LEN + 64];
    find_owner(db, ctx, owner);
    if (!owner[0] && ctx->account_hint) dft_capp_party(ctx->account_hint, ctx->region, owner);
    snprintf(stats->account, sizeof stats->account, "%s", owner);
    const char *account = owner[0] ? owner : NULL;
    int rc = vios_messages(db, ctx, account, sink, stats);
    if (!rc) rc = vios_calls(db, ctx, account, sink, stats);
    if (!rc) rc = vios_contacts(db, ctx, account, sink, stats);
    return rc;
}

static const char *const vios_paths[] = { "*/com.viber/database/Contacts.data", NULL };

const dft_chat_parser dft_chat_parser_viber_ios = {
    .app = "viber",
    .name = "viber-ios",
    .paths = vios_paths,
    .detect = vios_detect,
    .parse = vios_parse,
};
