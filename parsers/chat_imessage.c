/*
 * chat_imessage.c - iOS/macOS Messages database (Library/SMS/sms.db): iMessage, SMS and RCS sent
 * through Messages. App "imessage"; the service of each message is in details.
 *
 * Tables (iLEAPP sms.py, plaso imessage.py, research/chat.md): message (ROWID, guid, text,
 * attributedBody, handle_id, service, account, date/date_read/date_delivered, is_from_me,
 * destination_caller_id, ...), handle (ROWID, id = phone/e-mail), chat (guid, chat_identifier,
 * display_name, style 43 = group), chat_message_join, chat_handle_join, attachment (filename
 * "~/Library/SMS/Attachments/...", mime_type, transfer_name, total_bytes) + message_attachment_join,
 * and deleted_messages (guid tombstones) when present.
 *
 * Times: message.date is Cocoa seconds before iOS 11 and Cocoa nanoseconds since; read per value
 * (DFT_TIME_COCOA_AUTO: |v| >= 1e11 is ns), raw kept. Text: message.text, else the NSAttributedString
 * typedstream in attributedBody (parsers/typedstream.h); details.body_source says which.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chat_system.h"
#include "error.h"
#include "typedstream.h"

typedef struct im_handle {
    int64_t id;
    char *addr;              /* E.164 or the raw id (e-mail) */
} im_handle;

typedef struct im_chat {
    int64_t id;
    char *guid, *title, *participants;   /* participants: JSON array text or NULL */
    char *members;                       /* comma-joined participants (recipient of sent group messages) */
    size_t count;
    int64_t style;
} im_chat;

typedef struct im_run {
    dft_chatdb *db;
    const dft_chat_ctx *ctx;
    const dft_chat_sink *sink;
    dft_chat_stats *stats;
    char account[128];
    char home[512];          /* the device path prefix "~/" stands for, or "" */
    im_handle *handles;
    size_t nhandles;
    im_chat *chats;
    size_t nchats;
} im_run;

static const char *const im_paths[] = { "*Library/SMS/sms.db", NULL };

static void warn(const im_run *r, const char *fmt, const char *arg)
{
    if (!r->sink->warning) return;
    char msg[512];
    snprintf(msg, sizeof msg, fmt, arg);
    r->sink->warning(r->sink->payload, msg);
}

static int im_detect(dft_chatdb *db, const dft_chat_ctx *ctx)
{
    (void)ctx;
    static const char *const t[] = { "message", "handle", "chat", "chat_message_join", NULL };
    if (!dft_chatdb_has_tables(db, t)) return 0;
    if (!dft_chatdb_has_column(db, "message", "is_from_me") || !dft_chatdb_has_column(db, "message", "handle_id") ||
        !dft_chatdb_has_column(db, "message", "date") || !dft_chatdb_has_column(db, "handle", "id"))
        return 0;
    return 90;
}

static int cmp_handle(const void *a, const void *b)
{
    const im_handle *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

static int cmp_chat(const void *a, const void *b)
{
    const im_chat *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

static const char *handle_addr(const im_run *r, int64_t id)
{
    im_handle key = { .id = id };
    const im_handle *h = r->handles ? bsearch(&key, r->handles, r->nhandles, sizeof key, cmp_handle) : NULL;
    return h ? h->addr : NULL;
}

static const im_chat *find_chat(const im_run *r, int64_t id)
{
    im_chat key = { .id = id };
    return r->chats ? bsearch(&key, r->chats, r->nchats, sizeof key, cmp_chat) : NULL;
}

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

static int cancelled(dft_chatdb *db)
{
    return dft_chatdb_cancelled(db) ? dft_error_set(DFT_ECANCELLED, "cancelled") : DFT_OK;
}

static int load_handles(im_run *r)
{
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(r->db, &st, "SELECT ROWID, id FROM handle ORDER BY ROWID");
    size_t cap = 0;
    while (!rc && (rc = dft_chatdb_step(r->db, st)) == DFT_SQLITE_ROW) {
        if ((rc = cancelled(r->db))) break;
        if (r->nhandles == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            im_handle *h = realloc(r->handles, ncap * sizeof *h);
            if (!h) {
                rc = dft_error_set(DFT_ENOMEM, "out of memory");
                break;
            }
            r->handles = h;
            cap = ncap;
        }
        char e164[DFT_PHONE_LEN];
        const char *a = dft_chatsys_addr(dft_chatdb_text(st, 1), r->ctx->region, e164);
        r->handles[r->nhandles].id = dft_chatdb_int(st, 0, -1);
        r->handles[r->nhandles].addr = dup_or_null(a);
        r->nhandles++;
    }
    sqlite3_finalize(st);
    if (rc < 0) return rc;
    if (r->handles) qsort(r->handles, r->nhandles, sizeof *r->handles, cmp_handle);
    return DFT_OK;
}

static int load_chats(im_run *r)
{
    dft_chatdb *db = r->db;
    bool joins = dft_chatdb_has_table(db, "chat_handle_join");
    sqlite3_stmt *st = NULL, *hj = NULL;
    int rc = dft_chatdb_prepare(db, &st, "SELECT ROWID, %s, %s, %s, %s FROM chat ORDER BY ROWID",
                                dft_chatdb_col(db, "chat", "guid"), dft_chatdb_col(db, "chat", "chat_identifier"),
                                dft_chatdb_col(db, "chat", "display_name"), dft_chatdb_col(db, "chat", "style"));
    /* chat_handle_join in one ordered pass beside the chats (merge join): no index needed */
    dft_chatsys_child hc = { 0 };
    if (!rc && joins) {
        rc = dft_chatdb_prepare(db, &hj, "SELECT CAST(chat_id AS INTEGER) AS k, handle_id FROM chat_handle_join "
                                         "ORDER BY k, handle_id, _rowid_");
        if (!rc) rc = dft_chatsys_child_open(&hc, db, hj);
        hj = NULL;
    }
    size_t cap = 0;
    while (!rc && (rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if ((rc = cancelled(db))) break;
        if (r->nchats == cap) {
            size_t ncap = cap ? cap * 2 : 32;
            im_chat *c = realloc(r->chats, ncap * sizeof *c);
            if (!c) {
                rc = dft_error_set(DFT_ENOMEM, "out of memory");
                break;
            }
            r->chats = c;
            cap = ncap;
        }
        im_chat *c = &r->chats[r->nchats++];
        memset(c, 0, sizeof *c);
        c->id = dft_chatdb_int(st, 0, -1);
        const char *guid = dft_chatdb_text(st, 1), *ident = dft_chatdb_text(st, 2), *name = dft_chatdb_text(st, 3);
        c->guid = dup_or_null(guid ? guid : ident);
        c->title = name && *name ? strdup(name) : NULL;
        c->style = dft_chatdb_int(st, 4, 0);
        if (!hc.st) continue;
        dft_chatsys_list *l = dft_chatsys_list_new();
        dft_chatsys_str members = { 0 };
        int hrc = dft_chatsys_child_seek(&hc, c->id);
        for (; !hrc && dft_chatsys_child_match(&hc, c->id); hrc = dft_chatsys_child_next(&hc)) {
            const char *a = handle_addr(r, dft_chatdb_int(hc.st, 1, -1));
            size_t before = dft_chatsys_list_len(l);
            dft_chatsys_list_add(l, a);
            if (dft_chatsys_list_len(l) > before) dft_chatsys_str_join(&members, ",", a);
        }
        c->count = dft_chatsys_list_len(l);
        c->participants = c->count ? dft_chatsys_list_dump(l) : NULL;
        c->members = dup_or_null(dft_chatsys_str_get(&members));
        dft_chatsys_list_free(l);
        dft_chatsys_str_free(&members);
        if (hrc < 0) {
            rc = hrc;
            break;
        }
    }
    sqlite3_finalize(st);
    sqlite3_finalize(hj);
    dft_chatsys_child_close(&hc);
    if (rc < 0) return rc;
    if (r->chats) qsort(r->chats, r->nchats, sizeof *r->chats, cmp_chat);
    return DFT_OK;
}

/* "~/Library/SMS/Attachments/..." -> the device path, when the database's own path tells where the
 * home directory is ("/private/var/mobile/Library/SMS/sms.db" -> "/private/var/mobile/"; an iTunes
 * backup's "HomeDomain/Library/SMS/sms.db" -> "MediaDomain/", where the backup keeps attachments). */
static void find_home(im_run *r)
{
    r->home[0] = '\0';
    const char *dp = r->ctx->device_path;
    static const char tail[] = "Library/SMS/sms.db";
    if (!dp) return;
    size_t n = strlen(dp), t = sizeof tail - 1;
    if (n < t || strcmp(dp + n - t, tail) != 0 || n - t >= sizeof r->home) return;
    memcpy(r->home, dp, n - t);
    r->home[n - t] = '\0';
    /* iTunes backups keep sms.db in HomeDomain but the attachments in MediaDomain */
    if (strcmp(r->home, "HomeDomain/") == 0) snprintf(r->home, sizeof r->home, "MediaDomain/");
}

/* The attachments of message id: rows of the merge-joined child cursor at (message_id, attachment
 * ROWID order), columns 1.. = filename, mime_type, transfer_name, total_bytes. One ordered pass beside
 * the messages instead of a lookup per message, which on a database without the
 * message_attachment_join index (carved, rebuilt, hostile) is a full scan per message. */
static int im_attachments(im_run *r, dft_chatsys_child *ch, int64_t id, char **att, char **mime, dft_chat_json *j)
{
    dft_chatsys_list *names = dft_chatsys_list_new();
    int rc = dft_chatsys_child_seek(ch, id);
    for (; !rc && dft_chatsys_child_match(ch, id); rc = dft_chatsys_child_next(ch)) {
        sqlite3_stmt *at = ch->st;
        const char *fn = dft_chatdb_text(at, 1), *mt = dft_chatdb_text(at, 2), *tn = dft_chatdb_text(at, 3);
        const char *raw = fn ? fn : tn;
        dft_chatsys_list_add(names, raw);
        if (*att || !raw) continue;
        if (fn && fn[0] == '~' && fn[1] == '/' && r->home[0]) {
            size_t n = strlen(r->home) + strlen(fn);
            *att = malloc(n);
            if (*att) snprintf(*att, n, "%s%s", r->home, fn + 2);
        } else {
            *att = strdup(raw);
        }
        *mime = dup_or_null(mt);
        if (fn && *att && strcmp(*att, fn) != 0) dft_chat_json_str(j, "attachment_raw", fn);
        dft_chat_json_str(j, "attachment_name", tn);
        if (sqlite3_column_type(at, 4) != SQLITE_NULL) dft_chat_json_int(j, "attachment_bytes", dft_chatdb_int(at, 4, 0));
    }
    if (dft_chatsys_list_len(names) > 1) {
        char *a = dft_chatsys_list_dump(names);
        if (a) dft_chat_json_raw(j, "attachments", a);
        free(a);
    }
    dft_chatsys_list_free(names);
    return rc < 0 ? rc : DFT_OK;
}

/* Column order of the message SELECT. */
enum { C_ID, C_GUID, C_TEXT, C_BODY, C_HANDLE, C_SERVICE, C_DATE, C_READ, C_DELIV, C_FROM_ME, C_CHAT, C_CALLER,
       C_ITEM, C_ASSOC_GUID, C_ASSOC_TYPE, C_REPLY, C_EDITED, C_RETRACTED, C_IS_READ, C_ERROR, C_SUBJECT };

static int im_message(im_run *r, sqlite3_stmt *st, dft_chatsys_child *at)
{
    dft_chatdb *db = r->db;
    int64_t id = dft_chatdb_int(st, C_ID, -1);
    bool from_me = dft_chatdb_int(st, C_FROM_ME, 0) != 0;
    const im_chat *chat = find_chat(r, dft_chatdb_int(st, C_CHAT, -1));
    const char *peer = handle_addr(r, dft_chatdb_int(st, C_HANDLE, 0));
    char sent[DFT_TIME_LEN], tread[DFT_TIME_LEN], tdeliv[DFT_TIME_LEN], tedit[DFT_TIME_LEN], tretr[DFT_TIME_LEN];
    char src[96], e164[DFT_PHONE_LEN], own[128];
    int64_t raw, rawx;
    dft_chatdb_time(st, C_DATE, DFT_TIME_COCOA_AUTO, sent, &raw);
    dft_chatdb_time(st, C_READ, DFT_TIME_COCOA_AUTO, tread, &rawx);
    dft_chatdb_time(st, C_DELIV, DFT_TIME_COCOA_AUTO, tdeliv, &rawx);
    dft_chatdb_time(st, C_EDITED, DFT_TIME_COCOA_AUTO, tedit, &rawx);
    dft_chatdb_time(st, C_RETRACTED, DFT_TIME_COCOA_AUTO, tretr, &rawx);

    /* the owner's handle this message went through (destination_caller_id), else the device's number */
    const char *caller = dft_chatsys_addr(dft_chatdb_text(st, C_CALLER), r->ctx->region, e164);
    snprintf(own, sizeof own, "%s", caller ? caller : r->account);
    if (own[0] && !r->stats->account[0]) snprintf(r->stats->account, sizeof r->stats->account, "%s", own);

    dft_chat_json j;
    dft_chat_json_begin(&j);
    dft_chat_json_str(&j, "service", dft_chatdb_text(st, C_SERVICE));
    dft_chat_json_str(&j, "guid", dft_chatdb_text(st, C_GUID));
    dft_chat_json_int(&j, "raw_time", raw);
    if (tread[0]) dft_chat_json_str(&j, "read_utc", tread);
    if (tdeliv[0]) dft_chat_json_str(&j, "delivered_utc", tdeliv);
    if (tedit[0]) dft_chat_json_str(&j, "edited_utc", tedit);
    if (tretr[0]) dft_chat_json_str(&j, "unsent_utc", tretr);
    if (dft_chatdb_int(st, C_ITEM, 0)) dft_chat_json_int(&j, "item_type", dft_chatdb_int(st, C_ITEM, 0));
    int64_t assoc = dft_chatdb_int(st, C_ASSOC_TYPE, 0);
    if (assoc) {
        dft_chat_json_int(&j, "associated_type", assoc);   /* 2000-2005 tapbacks, 3000-3005 removed */
        dft_chat_json_str(&j, "associated_guid", dft_chatdb_text(st, C_ASSOC_GUID));
    }
    dft_chat_json_str(&j, "reply_to", dft_chatdb_text(st, C_REPLY));
    if (dft_chatdb_int(st, C_ERROR, 0)) dft_chat_json_int(&j, "error", dft_chatdb_int(st, C_ERROR, 0));
    dft_chat_json_str(&j, "subject", dft_chatdb_text(st, C_SUBJECT));
    if (!from_me && sqlite3_column_type(st, C_IS_READ) != SQLITE_NULL)
        dft_chat_json_bool(&j, "read", dft_chatdb_int(st, C_IS_READ, 0) != 0);
    if (chat && chat->count > 1 && chat->participants) {
        dft_chat_json_bool(&j, "group", true);
        dft_chat_json_raw(&j, "participants", chat->participants);
    }

    /* body: text, else the typedstream in attributedBody */
    const char *body = dft_chatdb_text(st, C_TEXT);
    char *decoded = NULL;
    if (body) {
        dft_chat_json_str(&j, "body_source", "text");
    } else if (sqlite3_column_type(st, C_BODY) == SQLITE_BLOB) {
        size_t n = 0;
        const uint8_t *blob = sqlite3_column_blob(st, C_BODY);
        int len = sqlite3_column_bytes(st, C_BODY);
        if (blob && len > 0 && dft_typedstream_text(blob, (size_t)len, &decoded, &n) == DFT_OK) {
            body = decoded;
            dft_chat_json_str(&j, "body_source", "attributedBody");
        } else {
            char msg[300];
            snprintf(msg, sizeof msg, "sms.db message %lld: attributedBody not decoded: %s", (long long)id,
                     dft_error_last());
            dft_chat_json_str(&j, "body_error", dft_error_last());
            warn(r, "%s", msg);
        }
    }
    char *att = NULL, *mime = NULL;
    int rc = at->st ? im_attachments(r, at, id, &att, &mime, &j) : DFT_OK;
    if (rc < 0) {
        free(decoded);
        dft_chat_json_free(&j);
        return rc;
    }

    dft_chat_msg m = { 0 };
    m.account = own[0] ? own : NULL;
    m.thread = chat ? chat->guid : NULL;
    m.thread_title = chat ? chat->title : NULL;
    m.direction = from_me ? "out" : "in";
    if (from_me) {
        m.sender = m.account;
        /* sent to a group: every member; to one: the handle */
        m.recipient = chat && chat->count > 1 ? chat->members : peer ? peer : chat && chat->members ? chat->members : NULL;
    } else {
        m.sender = peer;
        m.recipient = m.account;
    }
    m.sent_utc = sent;
    m.body = body;
    m.attachment = att;
    m.attachment_mime = mime;
    m.deleted = tretr[0] ? 1 : 0;
    m.source = dft_chatsys_source(src, "message", (long long)id);
    m.only_in_wal = dft_chatdb_only_in_wal(db, "message", id);
    m.details = dft_chat_json_end(&j);
    r->stats->messages++;
    if (m.only_in_wal) r->stats->messages_only_in_wal++;
    rc = r->sink->message ? r->sink->message(r->sink->payload, &m) : DFT_OK;
    dft_chat_json_free(&j);
    free(decoded);
    free(att);
    free(mime);
    return rc;
}

static int im_messages(im_run *r)
{
    dft_chatdb *db = r->db;
    sqlite3_stmt *st = NULL, *at = NULL;
    const char *reply = dft_chatdb_col_any(db, "message", (const char *const[]){ "thread_originator_guid", "reply_to_guid", NULL });
    int rc = dft_chatdb_prepare(db, &st,
        "SELECT message.ROWID, %s, %s, %s, message.handle_id, %s, message.date, %s, %s, message.is_from_me, "
        "cmj.chat_id, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s "
        "FROM message LEFT JOIN (SELECT message_id, min(chat_id) AS chat_id FROM chat_message_join GROUP BY message_id) cmj "
        "ON cmj.message_id = message.ROWID ORDER BY message.ROWID",
        dft_chatdb_col(db, "message", "guid"), dft_chatdb_col(db, "message", "text"),
        dft_chatdb_col(db, "message", "attributedBody"), dft_chatdb_col(db, "message", "service"),
        dft_chatdb_col(db, "message", "date_read"), dft_chatdb_col(db, "message", "date_delivered"),
        dft_chatdb_col(db, "message", "destination_caller_id"), dft_chatdb_col(db, "message", "item_type"),
        dft_chatdb_col(db, "message", "associated_message_guid"), dft_chatdb_col(db, "message", "associated_message_type"),
        reply, dft_chatdb_col(db, "message", "date_edited"), dft_chatdb_col(db, "message", "date_retracted"),
        dft_chatdb_col(db, "message", "is_read"), dft_chatdb_col(db, "message", "error"),
        dft_chatdb_col(db, "message", "subject"));
    dft_chatsys_child ach = { 0 };
    if (!rc && dft_chatdb_has_table(db, "attachment") && dft_chatdb_has_table(db, "message_attachment_join")) {
        rc = dft_chatdb_prepare(db, &at,
            "SELECT CAST(message_attachment_join.message_id AS INTEGER) AS k, %s, %s, %s, %s FROM message_attachment_join "
            "JOIN attachment ON attachment.ROWID = message_attachment_join.attachment_id ORDER BY k, attachment.ROWID",
            dft_chatdb_col(db, "attachment", "filename"), dft_chatdb_col(db, "attachment", "mime_type"),
            dft_chatdb_col(db, "attachment", "transfer_name"), dft_chatdb_col(db, "attachment", "total_bytes"));
        if (!rc) rc = dft_chatsys_child_open(&ach, db, at);
        at = NULL;
    }
    while (!rc && (rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if ((rc = cancelled(db))) break;
        rc = im_message(r, st, &ach);
        if (rc == DFT_ECORRUPT) {
            warn(r, "sms.db: a message could not be read: %s", dft_error_last());
            r->stats->skipped++;
            rc = DFT_OK;
        }
    }
    sqlite3_finalize(st);
    sqlite3_finalize(at);
    dft_chatsys_child_close(&ach);
    return rc < 0 ? rc : DFT_OK;
}

/* deleted_messages: guids of messages deleted on the device (kept for iCloud sync). Each one whose
 * message row is gone becomes a deleted message row with what is known: nothing but the guid. */
static int im_tombstones(im_run *r)
{
    dft_chatdb *db = r->db;
    if (!dft_chatdb_has_table(db, "deleted_messages") || !dft_chatdb_has_column(db, "deleted_messages", "guid"))
        return DFT_OK;
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(db, &st,
        "SELECT d.ROWID, d.guid FROM deleted_messages d WHERE d.guid IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM message m WHERE m.guid = d.guid) ORDER BY d.ROWID");
    while (!rc && (rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if ((rc = cancelled(db))) break;
        int64_t id = dft_chatdb_int(st, 0, -1);
        char src[96];
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_bool(&j, "tombstone", true);
        dft_chat_json_str(&j, "guid", dft_chatdb_text(st, 1));
        dft_chat_msg m = { 0 };
        m.account = r->account[0] ? r->account : NULL;
        m.deleted = 1;
        m.source = dft_chatsys_source(src, "deleted_messages", (long long)id);
        m.only_in_wal = dft_chatdb_only_in_wal(db, "deleted_messages", id);
        m.details = dft_chat_json_end(&j);
        r->stats->messages++;
        if (m.only_in_wal) r->stats->messages_only_in_wal++;
        rc = r->sink->message ? r->sink->message(r->sink->payload, &m) : DFT_OK;
        dft_chat_json_free(&j);
    }
    sqlite3_finalize(st);
    return rc < 0 ? rc : DFT_OK;
}

static int im_parse(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    im_run r = { .db = db, .ctx = ctx, .sink = sink, .stats = stats };
    stats->variant = dft_chatdb_has_column(db, "message", "attributedBody") ? "ios-sms" : "ios-sms-legacy";
    dft_chatsys_account(ctx, r.account, stats);
    find_home(&r);
    int rc = load_handles(&r);
    if (!rc) rc = load_chats(&r);
    if (!rc) rc = im_messages(&r);
    if (!rc) rc = im_tombstones(&r);
    for (size_t i = 0; i < r.nhandles; i++) free(r.handles[i].addr);
    free(r.handles);
    for (size_t i = 0; i < r.nchats; i++) {
        free(r.chats[i].guid);
        free(r.chats[i].title);
        free(r.chats[i].participants);
        free(r.chats[i].members);
    }
    free(r.chats);
    return rc;
}

const dft_chat_parser dft_chat_parser_imessage = {
    .app = "imessage",
    .name = "imessage-ios",
    .paths = im_paths,
    .detect = im_detect,
    .parse = im_parse,
};
