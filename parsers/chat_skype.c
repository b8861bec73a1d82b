/*
 * chat_skype.c - Skype.
 *  Android (com.skype.raider/databases/live:<user>.db, Skype 8+): chatitem (conversation_link =
 *    conversation id: the peer's id for 1:1 chats, "19:...@thread.skype" for groups; person_id =
 *    author; time Unix ms; content; is_sender_me 1/0; device_gallery_path = attachment; message_type
 *    3 = call record; duration), person (entry_id, first_name, last_name), particiapnt (sic:
 *    conversation_id, person_id = group members). ALEAPP skype.py. The owner's id is the file name
 *    ("live:<user>"). The unit of chatitem.duration is not established by a public source: it is read as
 *    seconds (as ALEAPP does) and kept raw in details.
 *  Classic desktop / old mobile main.db: Messages (id, convo_id, chatname, author, from_dispname,
 *    dialog_partner, timestamp Unix s, type, body_xml), Chats (name, friendlyname, participants
 *    space-separated), Accounts (skypename, fullname) = the owner, Contacts (skypename, fullname,
 *    displayname, phone_mobile/home/office), Calls (id, begin_timestamp s, is_incoming, duration s,
 *    host_identity, is_conference) + CallMembers (call_db_id, identity, dispname, videostatus 3 = video).
 *    plaso skype.py. Direction: author == the account's skypename -> out. body_xml is kept as stored
 *    (Skype's XML-escaped markup); Messages.type stays in details (61 = text, 30/39 = call start/end).
 * Parties are Skype ids; phone numbers of contacts go through parsers/phone.h.
 */
#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "chat_apps.h"
#include "error.h"

/* ---- Android live:<user>.db ------------------------------------------------------------------------ */

static int live_detect(dft_chatdb *db, const dft_chat_ctx *ctx)
{
    (void)ctx;
    return dft_chatdb_has_column(db, "chatitem", "conversation_link") && dft_chatdb_has_column(db, "chatitem", "is_sender_me") &&
                   dft_chatdb_has_column(db, "person", "entry_id")
               ? 80
               : 0;
}

/* "live:<user>" from ".../live:<user>.db" (the file name without .db), "" when the name is not that */
static void live_owner(const dft_chat_ctx *ctx, char *out, size_t cap)
{
    out[0] = '\0';
    const char *dp = ctx->device_path ? ctx->device_path : "";
    const char *base = strrchr(dp, '/');
    base = base ? base + 1 : dp;
    if (strncmp(base, "live", 4) != 0) return;
    size_t n = strcspn(base, "#");
    if (n > 3 && !strncmp(base + n - 3, ".db", 3)) n -= 3;
    if (n + 1 > cap) return;
    memcpy(out, base, n);
    out[n] = '\0';
}

static int live_parse(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    stats->variant = "android-live";
    char owner[sizeof ((dft_chat_stats *)0)->account];
    live_owner(ctx, owner, sizeof owner);
    const char *account = owner[0] ? owner : ctx->account_hint;
    if (account) snprintf(stats->account, sizeof stats->account, "%s", account);
    const char *T = "chatitem";
    bool members = dft_chatdb_has_column(db, "particiapnt", "conversation_id") &&
                   dft_chatdb_has_column(db, "particiapnt", "person_id");
    const char *fn = dft_chatdb_col(db, "person", "first_name"), *ln = dft_chatdb_col(db, "person", "last_name");
    char name_sql[512], members_sql[512];
    /* "first last" with the empty halves dropped, as the app shows it */
    snprintf(name_sql, sizeof name_sql,
             "(SELECT nullif(trim(coalesce(%s, '') || ' ' || coalesce(%s, '')), '') FROM person WHERE person.entry_id = "
             "chatitem.person_id ORDER BY person.rowid LIMIT 1)",
             fn, ln);
    snprintf(members_sql, sizeof members_sql,
             members ? "(SELECT json_group_array(" DFT_CAPP_JSON_MEMBER("person_id") ") FROM (SELECT person_id FROM particiapnt WHERE conversation_id = "
                       "chatitem.conversation_link ORDER BY rowid))"
                     : "NULL");
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(db, &st, "SELECT chatitem.rowid, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s FROM chatitem ORDER BY chatitem.rowid",
                                dft_chatdb_col(db, T, "conversation_link"), dft_chatdb_col(db, T, "person_id"),
                                dft_chatdb_col(db, T, "time"), dft_chatdb_col(db, T, "content"),
                                dft_chatdb_col(db, T, "is_sender_me"), dft_chatdb_col(db, T, "device_gallery_path"),
                                dft_chatdb_col(db, T, "message_type"), dft_chatdb_col(db, T, "duration"), name_sql, members_sql);
    if (rc) return rc;
    int64_t last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        /* 1 conversation, 2 person, 3 time, 4 content, 5 is_sender_me, 6 gallery path, 7 type, 8 duration,
         * 9 author name, 10 members */
        last = sqlite3_column_int64(st, 0);
        const char *conv = dft_chatdb_text(st, 1), *person = dft_chatdb_text(st, 2), *mem = dft_chatdb_text(st, 10);
        bool group = (mem && strcmp(mem, "[]") != 0) || (conv && !strncmp(conv, "19:", 3));
        int64_t me = sqlite3_column_type(st, 5) == SQLITE_NULL ? -1 : dft_chatdb_int(st, 5, -1);
        const char *dir = me == 1 ? "out" : me == 0 ? "in" : NULL;
        char sent[DFT_TIME_LEN];
        int64_t raw = 0;
        dft_chatdb_time(st, 3, DFT_TIME_UNIX_MS, sent, &raw);
        int64_t mtype = dft_chatdb_int(st, 7, 0);
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_int(&j, "raw_time", raw);
        dft_chat_json_int(&j, "message_type", mtype);
        if (group && mem) dft_chat_json_raw(&j, "participants", mem);
        if (mtype == 3) {
            dft_chat_call k = { 0 };
            k.account = account;
            k.counterpart = group ? conv : (me == 1 ? conv : person);
            k.counterpart_name = me == 1 ? NULL : dft_chatdb_text(st, 9);
            k.direction = me == 1 ? "out" : "in";
            k.start_utc = sent;
            k.duration_s = sqlite3_column_type(st, 8) == SQLITE_NULL ? -1 : dft_chatdb_int(st, 8, -1);
            if (k.duration_s >= 0) dft_chat_json_int(&j, "raw_duration", k.duration_s);
            if (group) dft_chat_json_bool(&j, "group", true);
            k.details = dft_chat_json_end(&j);
            rc = dft_capp_call(db, sink, stats, &k, T, last);
            dft_chat_json_free(&j);
            if (rc) break;
            continue;
        }
        dft_chat_msg m = { 0 };
        m.account = account;
        m.thread = conv;
        m.direction = dir;
        m.sent_utc = sent;
        m.body = dft_chatdb_text(st, 4);
        if (m.body && !*m.body) m.body = NULL;
        m.attachment = dft_chatdb_text(st, 6);
        if (m.attachment && !*m.attachment) m.attachment = NULL;
        m.sender = me == 1 && account ? account : person;
        if (me != 1) m.sender_name = dft_chatdb_text(st, 9);
        m.recipient = group || me == 1 ? conv : account;
        if (!group && me == 0) m.thread_title = m.sender_name;
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
    /* contacts: person rows */
    rc = dft_chatdb_prepare(db, &st,
                            "SELECT person.rowid, entry_id, nullif(trim(coalesce(%s, '') || ' ' || coalesce(%s, '')), '') FROM "
                            "person ORDER BY person.rowid",
                            fn, ln);
    if (rc) return rc;
    last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        last = sqlite3_column_int64(st, 0);
        const char *id = dft_chatdb_text(st, 1);
        if (account && id && !strcmp(id, account)) continue;   /* the owner's own entry */
        dft_chat_contact c = { 0 };
        c.account = account;
        c.handle = id;
        c.name = dft_chatdb_text(st, 2);
        c.details = "{}";
        if ((rc = dft_capp_contact(db, sink, stats, &c, "person", last))) break;
    }
    sqlite3_finalize(st);
    if (rc > 0) return rc;
    return dft_capp_loop_end(rc, "person", last, sink, stats);
}

static const char *const live_paths[] = { "*/com.skype.raider/databases/live*", "*/com.skype.m2/databases/live*", NULL };

const dft_chat_parser dft_chat_parser_skype_android = {
    .app = "skype",
    .name = "skype-android",
    .paths = live_paths,
    .detect = live_detect,
    .parse = live_parse,
};

/* ---- classic main.db ------------------------------------------------------------------------------ */

/* "a b  c" -> ["a","b","c"] (malloc'd JSON text), NULL when empty */
static char *split_names(const char *text)
{
    if (!text) return NULL;
    json_t *arr = json_array();
    for (const char *p = text; arr && *p;) {
        p += strspn(p, " ");
        size_t n = strcspn(p, " ");
        if (!n) break;
        json_array_append_new(arr, json_stringn(p, n));
        p += n;
    }
    char *out = arr && json_array_size(arr) ? json_dumps(arr, JSON_COMPACT) : NULL;
    json_decref(arr);
    return out;
}

static size_t json_count(const char *arr_text)
{
    json_t *a = json_loads(arr_text, 0, NULL);
    size_t n = json_is_array(a) ? json_array_size(a) : 0;
    json_decref(a);
    return n;
}

static int main_detect(dft_chatdb *db, const dft_chat_ctx *ctx)
{
    (void)ctx;
    return dft_chatdb_has_column(db, "Messages", "body_xml") && dft_chatdb_has_column(db, "Messages", "author") &&
                   dft_chatdb_has_column(db, "Accounts", "skypename")
               ? 80
               : 0;
}

static int main_messages(dft_chatdb *db, const char *account, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    const char *T = "Messages";
    bool chats = dft_chatdb_has_column(db, "Chats", "name");
    const char *fr = chats ? dft_chatdb_col(db, "Chats", "friendlyname") : "NULL";
    const char *pa = chats ? dft_chatdb_col(db, "Chats", "participants") : "NULL";
    char title_sql[256], part_sql[256];
    snprintf(title_sql, sizeof title_sql, "(SELECT %s FROM Chats WHERE Chats.name = Messages.chatname ORDER BY Chats.rowid LIMIT 1)", fr);
    snprintf(part_sql, sizeof part_sql, "(SELECT %s FROM Chats WHERE Chats.name = Messages.chatname ORDER BY Chats.rowid LIMIT 1)", pa);
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(db, &st, "SELECT Messages.rowid, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s FROM Messages ORDER BY Messages.rowid",
                                dft_chatdb_col_any(db, T, (const char *const[]){ "chatname", "convo_id", NULL }),
                                dft_chatdb_col(db, T, "author"), dft_chatdb_col(db, T, "from_dispname"),
                                dft_chatdb_col(db, T, "dialog_partner"), dft_chatdb_col(db, T, "timestamp"),
                                dft_chatdb_col(db, T, "body_xml"), dft_chatdb_col(db, T, "type"), chats ? title_sql : "NULL",
                                chats ? part_sql : "NULL", dft_chatdb_col(db, T, "id"));
    if (rc) return rc;
    int64_t last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        /* 1 chat, 2 author, 3 author name, 4 dialog partner, 5 time, 6 body, 7 type, 8 title, 9 participants */
        last = sqlite3_column_int64(st, 0);
        const char *author = dft_chatdb_text(st, 2), *partner = dft_chatdb_text(st, 4), *parts = dft_chatdb_text(st, 9);
        bool out = account && author && !strcmp(author, account);
        /* participants: space-separated skypenames; more than two = a group chat */
        char *plist = split_names(parts);
        bool group = plist && json_count(plist) > 2;
        char sent[DFT_TIME_LEN];
        int64_t raw = 0;
        dft_chatdb_time(st, 5, DFT_TIME_UNIX_S, sent, &raw);
        dft_chat_msg m = { 0 };
        m.account = account;
        m.thread = dft_chatdb_text(st, 1);
        m.direction = account && author ? (out ? "out" : "in") : NULL;
        m.sent_utc = sent;
        m.body = dft_chatdb_text(st, 6);
        if (m.body && !*m.body) m.body = NULL;
        m.sender = author;
        if (!out) m.sender_name = dft_chatdb_text(st, 3);
        m.recipient = group ? m.thread : out ? partner : account;
        m.thread_title = group ? dft_chatdb_text(st, 8) : (out ? NULL : m.sender_name);
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_int(&j, "raw_time", raw);
        dft_chat_json_int(&j, "type", dft_chatdb_int(st, 7, 0));
        dft_chat_json_str(&j, "sender_name", m.sender_name);
        dft_chat_json_str(&j, "chat_title", dft_chatdb_text(st, 8));
        dft_chat_json_str(&j, "message_id", dft_chatdb_text(st, 10));
        if (group) dft_chat_json_raw(&j, "participants", plist);
        m.details = dft_chat_json_end(&j);
        rc = dft_capp_msg(db, sink, stats, &m, T, last);
        dft_chat_json_free(&j);
        free(plist);
        if (rc) break;
    }
    sqlite3_finalize(st);
    if (rc > 0) return rc;
    return dft_capp_loop_end(rc, T, last, sink, stats);
}

static int main_calls(dft_chatdb *db, const char *account, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    const char *T = "Calls";
    if (!dft_chatdb_has_column(db, T, "begin_timestamp")) return DFT_OK;
    bool cm = dft_chatdb_has_column(db, "CallMembers", "call_db_id") && dft_chatdb_has_column(db, "CallMembers", "identity");
    char who_sql[512], name_sql[512], video_sql[512], members_sql[512];
    const char *dn = cm ? dft_chatdb_col(db, "CallMembers", "dispname") : "NULL";
    const char *vs = cm ? dft_chatdb_col(db, "CallMembers", "videostatus") : "NULL";
    snprintf(who_sql, sizeof who_sql, "(SELECT identity FROM CallMembers WHERE call_db_id = Calls.id ORDER BY rowid LIMIT 1)");
    snprintf(name_sql, sizeof name_sql, "(SELECT %s FROM CallMembers WHERE call_db_id = Calls.id ORDER BY rowid LIMIT 1)", dn);
    snprintf(video_sql, sizeof video_sql, "(SELECT max(%s = 3) FROM CallMembers WHERE call_db_id = Calls.id)", vs);
    snprintf(members_sql, sizeof members_sql,
             "(SELECT json_group_array(" DFT_CAPP_JSON_MEMBER("identity") ") FROM (SELECT identity FROM CallMembers WHERE call_db_id = Calls.id ORDER BY rowid))");
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(db, &st, "SELECT Calls.rowid, %s, %s, %s, %s, %s, %s, %s, %s, %s FROM Calls ORDER BY Calls.rowid",
                                dft_chatdb_col(db, T, "begin_timestamp"), dft_chatdb_col(db, T, "is_incoming"),
                                dft_chatdb_col(db, T, "duration"), dft_chatdb_col(db, T, "host_identity"),
                                dft_chatdb_col(db, T, "is_conference"), cm ? who_sql : "NULL", cm ? name_sql : "NULL",
                                cm ? video_sql : "NULL", cm ? members_sql : "NULL");
    if (rc) return rc;
    int64_t last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        /* 1 begin, 2 is_incoming, 3 duration, 4 host, 5 conference, 6 member, 7 member name, 8 video, 9 members */
        last = sqlite3_column_int64(st, 0);
        char start[DFT_TIME_LEN];
        int64_t raw = 0;
        dft_chatdb_time(st, 1, DFT_TIME_UNIX_S, start, &raw);
        bool in = dft_chatdb_int(st, 2, 0) != 0;
        int64_t dur = sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 : dft_chatdb_int(st, 3, -1);
        bool conf = dft_chatdb_int(st, 5, 0) != 0;
        dft_chat_call k = { 0 };
        k.account = account;
        k.counterpart = dft_chatdb_text(st, 6) ? dft_chatdb_text(st, 6) : dft_chatdb_text(st, 4);
        k.counterpart_name = dft_chatdb_text(st, 7);
        k.direction = in ? "in" : "out";
        k.status = dur > 0 ? "answered" : NULL;
        k.media = dft_chatdb_int(st, 8, 0) ? "video" : "voice";
        k.start_utc = start;
        k.duration_s = dur;
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_int(&j, "raw_time", raw);
        dft_chat_json_str(&j, "host_identity", dft_chatdb_text(st, 4));
        if (conf) {
            dft_chat_json_bool(&j, "group", true);
            if (dft_chatdb_text(st, 9)) dft_chat_json_raw(&j, "participants", dft_chatdb_text(st, 9));
        }
        k.details = dft_chat_json_end(&j);
        rc = dft_capp_call(db, sink, stats, &k, T, last);
        dft_chat_json_free(&j);
        if (rc) break;
    }
    sqlite3_finalize(st);
    if (rc > 0) return rc;
    return dft_capp_loop_end(rc, T, last, sink, stats);
}

static int main_contacts(dft_chatdb *db, const dft_chat_ctx *ctx, const char *account, const dft_chat_sink *sink,
                         dft_chat_stats *stats)
{
    const char *T = "Contacts";
    if (!dft_chatdb_has_column(db, T, "skypename")) return DFT_OK;
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(db, &st, "SELECT Contacts.rowid, %s, coalesce(nullif(%s, ''), nullif(%s, '')), %s, %s, %s FROM Contacts "
                                         "ORDER BY Contacts.rowid",
                                dft_chatdb_col(db, T, "skypename"), dft_chatdb_col(db, T, "fullname"),
                                dft_chatdb_col(db, T, "displayname"), dft_chatdb_col(db, T, "phone_mobile"),
                                dft_chatdb_col(db, T, "phone_home"), dft_chatdb_col(db, T, "phone_office"));
    if (rc) return rc;
    int64_t last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        last = sqlite3_column_int64(st, 0);
        const char *num = NULL;
        for (int i = 3; i <= 5 && !num; i++)
            if (dft_chatdb_text(st, i) && *dft_chatdb_text(st, i)) num = dft_chatdb_text(st, i);
        char ph[DFT_PHONE_LEN];
        dft_chat_contact c = { 0 };
        c.account = account;
        c.handle = dft_chatdb_text(st, 1);
        c.name = dft_chatdb_text(st, 2);
        c.phone = num && dft_chatdb_phone(num, ctx->region, num[0] == '+', ph) == DFT_OK ? ph : NULL;
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_str(&j, "phone_mobile", dft_chatdb_text(st, 3));
        dft_chat_json_str(&j, "phone_home", dft_chatdb_text(st, 4));
        dft_chat_json_str(&j, "phone_office", dft_chatdb_text(st, 5));
        c.details = dft_chat_json_end(&j);
        rc = dft_capp_contact(db, sink, stats, &c, T, last);
        dft_chat_json_free(&j);
        if (rc) break;
    }
    sqlite3_finalize(st);
    if (rc > 0) return rc;
    return dft_capp_loop_end(rc, T, last, sink, stats);
}

static int main_parse(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    stats->variant = "main.db";
    char owner[sizeof ((dft_chat_stats *)0)->account] = "";
    sqlite3_stmt *st = NULL;
    if (dft_chatdb_prepare(db, &st, "SELECT skypename FROM Accounts WHERE skypename IS NOT NULL ORDER BY rowid LIMIT 1") == DFT_OK) {
        if (dft_chatdb_step(db, st) == DFT_SQLITE_ROW && dft_chatdb_text(st, 0))
            snprintf(owner, sizeof owner, "%s", dft_chatdb_text(st, 0));
        sqlite3_finalize(st);
    }
    const char *account = owner[0] ? owner : ctx->account_hint;
    if (account) snprintf(stats->account, sizeof stats->account, "%s", account);
    int rc = main_messages(db, account, sink, stats);
    if (!rc) rc = main_calls(db, account, sink, stats);
    if (!rc) rc = main_contacts(db, ctx, account, sink, stats);
    return rc;
}

static const char *const main_paths[] = { "*/Skype/*/main.db", "*/com.skype.raider/files/*/main.db", NULL };

const dft_chat_parser dft_chat_parser_skype_main = {
    .app = "skype",
    .name = "skype-main.db",
    .paths = main_paths,
    .detect = main_detect,
    .parse = main_parse,
};
