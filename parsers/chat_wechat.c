/*
 * chat_wechat.c - WeChat Android EnMicroMsg.db (after SQLCipher decryption by plugins/chat_decrypt):
 * messages, contacts. Tables and columns (ppwwyyxx/wechat-dump wechat/parser.py; research chat.md):
 *   message   msgId, msgSvrId, type (1 text, 3 image, 34 voice, 43 video, 47 sticker, 48 location,
 *             49 app/link, 50 VoIP, 10000 system), isSend (1 = out), createTime (Unix ms), talker
 *             (wxid, or "<id>@chatroom" for groups), content (group rows received: "sender_wxid:\n"
 *             prefix), imgPath
 *   rcontact  username, alias, conRemark (the owner's remark), nickname, type
 *   chatroom  chatroomname, memberlist (';'-separated wxids), displayname, roomowner
 *   userinfo  id, value: id 2 = the owner's wxid, 4 = nickname, 6 = bound phone number
 * Names resolve remark first, then nickname. Missing optional columns read as NULL.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatdb.h"
#include "error.h"

static int wechat_detect(dft_chatdb *db, const dft_chat_ctx *ctx)
{
    (void)ctx;
    if (!dft_chatdb_has_tables(db, (const char *const[]){ "message", "rcontact", NULL })) return 0;
    if (!dft_chatdb_has_column(db, "message", "talker") || !dft_chatdb_has_column(db, "message", "isSend") ||
        !dft_chatdb_has_column(db, "message", "createTime"))
        return 0;
    return dft_chatdb_has_table(db, "userinfo") ? 95 : 85;
}

static bool is_group(const char *talker)
{
    size_t n = talker ? strlen(talker) : 0;
    return n > 9 && strcmp(talker + n - 9, "@chatroom") == 0;
}

static const char *type_name(int64_t t)
{
    switch (t) {
    case 1: return "text";
    case 3: return "image";
    case 34: return "voice";
    case 42: return "contact_card";
    case 43: return "video";
    case 47: return "sticker";
    case 48: return "location";
    case 49: return "app";
    case 50: return "voip";
    case 10000: return "system";
    case 10002: return "revoke";
    default: return NULL;
    }
}

/* userinfo value by id, copied into out ("" when absent). */
static void userinfo(dft_chatdb *db, int id, char *out, size_t cap)
{
    out[0] = 0;
    if (!dft_chatdb_has_column(db, "userinfo", "value")) return;
    sqlite3_stmt *st = NULL;
    if (dft_chatdb_prepare(db, &st, "SELECT value FROM userinfo WHERE id = %d", id)) return;
    if (dft_chatdb_step(db, st) == DFT_SQLITE_ROW) {
        const char *v = dft_chatdb_text(st, 0);
        if (v) snprintf(out, cap, "%s", v);
    }
    sqlite3_finalize(st);
}

/* Display name of a wxid: remark, else nickname, copied into out ("" when unknown). */
static void contact_name(dft_chatdb *db, sqlite3_stmt *st, const char *wxid, char *out, size_t cap)
{
    out[0] = 0;
    if (!st || !wxid) return;
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, wxid, -1, SQLITE_TRANSIENT);
    if (dft_chatdb_step(db, st) == DFT_SQLITE_ROW) {
        const char *remark = dft_chatdb_text(st, 0), *nick = dft_chatdb_text(st, 1);
        const char *n = remark && *remark ? remark : nick && *nick ? nick : NULL;
        if (n) snprintf(out, cap, "%s", n);
    }
}

/* The member list of a chatroom as a JSON array (malloc'd) or NULL. */
static char *members_json(dft_chatdb *db, sqlite3_stmt *st, const char *room)
{
    if (!st || !room) return NULL;
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, room, -1, SQLITE_TRANSIENT);
    if (dft_chatdb_step(db, st) != DFT_SQLITE_ROW) return NULL;
    const char *list = dft_chatdb_text(st, 0);
    if (!list || !*list) return NULL;
    size_t n = strlen(list);
    char *out = malloc(n * 6 + 8);   /* worst case: every byte escaped as \u00XX, plus quotes */
    if (!out) return NULL;
    size_t o = 0;
    out[o++] = '[';
    bool open = false, any = false;
    for (const char *p = list;; p++) {
        if (*p == ';' || *p == 0) {
            if (open) out[o++] = '"';
            open = false;
            if (!*p) break;
            continue;
        }
        if (!open) {
            if (any) out[o++] = ',';
            out[o++] = '"';
            open = any = true;
        }
        unsigned char c = (unsigned char)*p;
        if (c == '"' || c == '\\') {
            out[o++] = '\\';
            out[o++] = (char)c;
        } else if (c < 0x20) {
            o += (size_t)sprintf(out + o, "\\u%04x", c);
        } else {
            out[o++] = (char)c;
        }
    }
    out[o++] = ']';
    out[o] = 0;
    return out;
}

static int wechat_contacts(dft_chatdb *db, const char *account, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    const char *T = "rcontact";
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(db, &st, "SELECT rowid, %s, %s, %s, %s, %s FROM rcontact ORDER BY rowid",
                                dft_chatdb_col(db, T, "username"), dft_chatdb_col(db, T, "alias"),
                                dft_chatdb_col(db, T, "conRemark"), dft_chatdb_col(db, T, "nickname"),
                                dft_chatdb_col(db, T, "type"));
    if (rc) return rc;
    char src[64];
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) {
            rc = DFT_ECANCELLED;
            break;
        }
        int64_t id = sqlite3_column_int64(st, 0);
        const char *user = dft_chatdb_text(st, 1);
        const char *alias = dft_chatdb_text(st, 2), *remark = dft_chatdb_text(st, 3), *nick = dft_chatdb_text(st, 4);
        dft_chat_contact c = { 0 };
        c.account = account;
        c.name = remark && *remark ? remark : nick && *nick ? nick : NULL;
        c.handle = user;
        snprintf(src, sizeof src, "rcontact:%" PRId64, id);
        c.source = src;
        c.only_in_wal = dft_chatdb_only_in_wal(db, T, id);
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_str(&j, "alias", alias);
        dft_chat_json_str(&j, "nickname", nick);
        dft_chat_json_str(&j, "remark", remark);
        if (is_group(user)) dft_chat_json_bool(&j, "group", true);
        if (sqlite3_column_type(st, 5) != SQLITE_NULL) dft_chat_json_int(&j, "type", dft_chatdb_int(st, 5, 0));
        c.details = dft_chat_json_end(&j);
        int src_rc = sink->contact ? sink->contact(sink->payload, &c) : DFT_OK;
        dft_chat_json_free(&j);
        if (src_rc) {
            rc = src_rc;
            break;
        }
        stats->contacts++;
        if (c.only_in_wal) stats->contacts_only_in_wal++;
    }
    sqlite3_finalize(st);
    return rc < 0 ? rc : rc == DFT_SQLITE_ROW ? DFT_OK : rc;
}

static int wechat_parse(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    (void)ctx;
    stats->variant = "android-enmicromsg";
    char account[128];
    userinfo(db, 2, account, sizeof account);
    if (account[0]) snprintf(stats->account, sizeof stats->account, "%s", account);
    const char *acct = account[0] ? account : NULL;

    int rc = wechat_contacts(db, acct, sink, stats);
    if (rc == DFT_ECANCELLED || rc == DFT_ENOMEM || rc > 0) return rc;
    if (rc < 0) {
        /* contacts unreadable (damaged pages, a missing column): the messages may still be there */
        char w[600];
        snprintf(w, sizeof w, "rcontact: not read: %s", dft_error_last());
        if (sink->warning) sink->warning(sink->payload, w);
        stats->skipped++;
    }

    sqlite3_stmt *names = NULL, *rooms = NULL;
    if (dft_chatdb_has_column(db, "rcontact", "username"))
        dft_chatdb_prepare(db, &names, "SELECT %s, %s FROM rcontact WHERE username = ?1",
                           dft_chatdb_col(db, "rcontact", "conRemark"), dft_chatdb_col(db, "rcontact", "nickname"));
    if (dft_chatdb_has_column(db, "chatroom", "chatroomname"))
        dft_chatdb_prepare(db, &rooms, "SELECT %s FROM chatroom WHERE chatroomname = ?1",
                           dft_chatdb_col(db, "chatroom", "memberlist"));

    const char *T = "message";
    sqlite3_stmt *st = NULL;
    rc = dft_chatdb_prepare(db, &st, "SELECT rowid, %s, %s, %s, %s, %s, %s, %s, %s FROM message ORDER BY rowid",
                            dft_chatdb_col(db, T, "msgId"), dft_chatdb_col(db, T, "msgSvrId"),
                            dft_chatdb_col(db, T, "type"), dft_chatdb_col(db, T, "isSend"),
                            dft_chatdb_col(db, T, "createTime"), dft_chatdb_col(db, T, "talker"),
                            dft_chatdb_col(db, T, "content"), dft_chatdb_col(db, T, "imgPath"));
    if (rc) goto out;
    char src[64], when[DFT_TIME_LEN], title[256], sname[256], sender_buf[256];
    int64_t last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) {
            rc = DFT_ECANCELLED;
            break;
        }
        int64_t id = sqlite3_column_int64(st, 0);
        last = id;
        int64_t type = dft_chatdb_int(st, 3, 0);
        bool out_dir = dft_chatdb_int(st, 4, 0) == 1;
        int64_t raw = 0;
        dft_chatdb_time(st, 5, DFT_TIME_UNIX_MS, when, &raw);
        const char *talker = dft_chatdb_text(st, 6);
        const char *content = dft_chatdb_text(st, 7);
        bool group = is_group(talker);
        const char *sender = NULL, *recipient = NULL, *body = content;
        sender_buf[0] = 0;
        if (group && !out_dir && content) {
            /* "wxid_abc:\n text": the sender is the prefix before the first ":\n". */
            const char *nl = strstr(content, ":\n");
            if (nl && (size_t)(nl - content) < sizeof sender_buf && nl > content && !memchr(content, ' ', (size_t)(nl - content))) {
                memcpy(sender_buf, content, (size_t)(nl - content));
                sender_buf[nl - content] = 0;
                sender = sender_buf;
                body = nl + 2;
            }
        }
        if (out_dir) {
            sender = acct;
            recipient = talker;
        } else {
            if (!group) sender = talker;
            recipient = group ? talker : acct;
        }
        if (body && !*body) body = NULL;
        contact_name(db, names, talker, title, sizeof title);
        contact_name(db, names, group ? sender : NULL, sname, sizeof sname);
        if (!group && !out_dir) snprintf(sname, sizeof sname, "%s", title);
        char *members = group ? members_json(db, rooms, talker) : NULL;

        dft_chat_msg m = { 0 };
        m.account = acct;
        m.thread = talker;
        m.thread_title = title[0] ? title : NULL;
        m.sender = sender;
        m.recipient = recipient;
        m.sender_name = sname[0] ? sname : NULL;
        m.direction = out_dir ? "out" : "in";
        m.sent_utc = when;   /* "" when no time (the chat plugin stores NULL) */
        m.body = body;
        m.attachment = dft_chatdb_text(st, 8);
        if (m.attachment && !*m.attachment) m.attachment = NULL;
        snprintf(src, sizeof src, "message:%" PRId64, id);
        m.source = src;
        m.only_in_wal = dft_chatdb_only_in_wal(db, T, id);
        dft_chat_json j;
        dft_chat_json_begin(&j);
        const char *tn = type_name(type);
        if (tn) dft_chat_json_str(&j, "type", tn);
        dft_chat_json_int(&j, "raw_type", type);
        if (sqlite3_column_type(st, 1) != SQLITE_NULL) dft_chat_json_int(&j, "msg_id", dft_chatdb_int(st, 1, 0));
        if (sqlite3_column_type(st, 2) != SQLITE_NULL) dft_chat_json_int(&j, "msg_svr_id", dft_chatdb_int(st, 2, 0));
        dft_chat_json_int(&j, "raw_time", raw);
        if (members) dft_chat_json_raw(&j, "participants", members);
        m.details = dft_chat_json_end(&j);
        int src_rc = sink->message ? sink->message(sink->payload, &m) : DFT_OK;
        dft_chat_json_free(&j);
        free(members);
        if (src_rc) {
            rc = src_rc;
            break;
        }
        stats->messages++;
        if (m.only_in_wal) stats->messages_only_in_wal++;
    }
    if (rc < 0 && rc != DFT_ECANCELLED && rc != DFT_ENOMEM) {
        char w[600];
        snprintf(w, sizeof w, "message: reading stopped after rowid %" PRId64 ": %s", last, dft_error_last());
        if (sink->warning) sink->warning(sink->payload, w);
        stats->skipped++;
        rc = DFT_OK;
    }
    if (rc == DFT_SQLITE_ROW) rc = DFT_OK;
out:
    sqlite3_finalize(st);
    sqlite3_finalize(names);
    sqlite3_finalize(rooms);
    return rc;
}

/* No paths: the store on the device is encrypted (plugins/chat_decrypt reports it); the decrypted
 * derived file is recognised by its tables. */
const dft_chat_parser dft_chat_parser_wechat = {
    .app = "wechat",
    .name = "wechat-android",
    .paths = NULL,
    .detect = wechat_detect,
    .parse = wechat_parse,
};
