/*
 * chat_bugle.c - Google Messages (com.google.android.apps.messaging/databases/bugle_db, the AOSP
 * Messaging "bugle" schema grown with RCS): SMS, MMS and RCS chats as the app shows them. App "sms".
 *
 * Tables (AOSP Messaging DatabaseHelper; ALEAPP googleMessages.py; research/chat.md):
 *   messages(_id, conversation_id, sender_id -> participants._id, sent_timestamp,
 *            received_timestamp  Unix ms, message_protocol 0 SMS / 1 MMS / other kept raw,
 *            message_status (AOSP: < 100 outgoing, >= 100 incoming), read, seen)
 *   parts(_id, message_id, text, uri, content_type, [local_cache_path, file_size_bytes])
 *   participants(_id, sub_id (-2 = someone else; the device's own SIM participants carry their
 *            subscription id), normalized_destination, display_destination, full_name)
 *   conversations(_id, name), conversation_participants(conversation_id, participant_id)
 * Direction: the sender participant's sub_id (-2 -> in), else message_status (>= 100 -> in).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chat_system.h"
#include "error.h"

typedef struct bg_part {
    int64_t id;
    int64_t sub_id;
    bool has_sub;
    char *addr;      /* E.164 or raw destination */
    char *name;
} bg_part;

typedef struct bg_conv {
    int64_t id;
    char *title;
    char *participants;   /* JSON array of the others */
    char *members;        /* comma-joined others */
    size_t count;
} bg_conv;

typedef struct bg_run {
    dft_chatdb *db;
    const dft_chat_ctx *ctx;
    const dft_chat_sink *sink;
    dft_chat_stats *stats;
    char account[128];
    bg_part *parts;
    size_t nparts;
    bg_conv *convs;
    size_t nconvs;
} bg_run;

static const char *const bg_paths[] = { "*/com.google.android.apps.messaging/databases/bugle_db", NULL };

static int bg_detect(dft_chatdb *db, const dft_chat_ctx *ctx)
{
    (void)ctx;
    static const char *const t[] = { "messages", "parts", "participants", "conversations", NULL };
    if (!dft_chatdb_has_tables(db, t)) return 0;
    if (!dft_chatdb_has_column(db, "messages", "sender_id") || !dft_chatdb_has_column(db, "messages", "conversation_id") ||
        !dft_chatdb_has_column(db, "parts", "message_id") || !dft_chatdb_has_column(db, "participants", "sub_id"))
        return 0;
    return 85;
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static const bg_part *find_part(const bg_run *r, int64_t id)
{
    return r->parts ? bsearch(&id, r->parts, r->nparts, sizeof *r->parts, cmp_id) : NULL;
}

static const bg_conv *find_conv(const bg_run *r, int64_t id)
{
    return r->convs ? bsearch(&id, r->convs, r->nconvs, sizeof *r->convs, cmp_id) : NULL;
}

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

static int cancelled(dft_chatdb *db)
{
    return dft_chatdb_cancelled(db) ? dft_error_set(DFT_ECANCELLED, "cancelled") : DFT_OK;
}

static bool is_self(const bg_part *p) { return p && p->has_sub && p->sub_id != -2; }

static int load_participants(bg_run *r)
{
    dft_chatdb *db = r->db;
    sqlite3_stmt *st = NULL;
    const char *dest = dft_chatdb_col_any(db, "participants",
                                          (const char *const[]){ "normalized_destination", "send_destination",
                                                                 "display_destination", NULL });
    int rc = dft_chatdb_prepare(db, &st, "SELECT _id, sub_id, %s, %s, %s FROM participants ORDER BY _id", dest,
                                dft_chatdb_col(db, "participants", "display_destination"),
                                dft_chatdb_col(db, "participants", "full_name"));
    size_t cap = 0;
    while (!rc && (rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if ((rc = cancelled(db))) break;
        if (r->nparts == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            bg_part *p = realloc(r->parts, ncap * sizeof *p);
            if (!p) {
                rc = dft_error_set(DFT_ENOMEM, "out of memory");
                break;
            }
            r->parts = p;
            cap = ncap;
        }
        bg_part *p = &r->parts[r->nparts++];
        p->id = dft_chatdb_int(st, 0, -1);
        p->has_sub = sqlite3_column_type(st, 1) != SQLITE_NULL;
        p->sub_id = dft_chatdb_int(st, 1, 0);
        const char *d = dft_chatdb_text(st, 2);
        if (!d) d = dft_chatdb_text(st, 3);
        char e164[DFT_PHONE_LEN];
        p->addr = dup_or_null(dft_chatsys_addr(d, r->ctx->region, e164));
        const char *n = dft_chatdb_text(st, 4);
        p->name = n && *n ? strdup(n) : NULL;
    }
    sqlite3_finalize(st);
    if (rc < 0) return rc;
    if (r->parts) qsort(r->parts, r->nparts, sizeof *r->parts, cmp_id);
    return DFT_OK;
}

static int load_conversations(bg_run *r)
{
    dft_chatdb *db = r->db;
    bool joins = dft_chatdb_has_table(db, "conversation_participants");
    sqlite3_stmt *st = NULL, *cp = NULL;
    int rc = dft_chatdb_prepare(db, &st, "SELECT _id, %s FROM conversations ORDER BY _id",
                                dft_chatdb_col(db, "conversations", "name"));
    /* conversation_participants in one ordered pass beside the conversations (merge join): a lookup
     * per conversation is a full scan of the table when it has no index (carved/hostile database) */
    dft_chatsys_child pc = { 0 };
    if (!rc && joins) {
        rc = dft_chatdb_prepare(db, &cp, "SELECT CAST(conversation_id AS INTEGER) AS k, participant_id FROM "
                                         "conversation_participants ORDER BY k, participant_id, _rowid_");
        if (!rc) rc = dft_chatsys_child_open(&pc, db, cp);
        cp = NULL;
    }
    size_t cap = 0;
    while (!rc && (rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if ((rc = cancelled(db))) break;
        if (r->nconvs == cap) {
            size_t ncap = cap ? cap * 2 : 32;
            bg_conv *c = realloc(r->convs, ncap * sizeof *c);
            if (!c) {
                rc = dft_error_set(DFT_ENOMEM, "out of memory");
                break;
            }
            r->convs = c;
            cap = ncap;
        }
        bg_conv *c = &r->convs[r->nconvs++];
        memset(c, 0, sizeof *c);
        c->id = dft_chatdb_int(st, 0, -1);
        const char *n = dft_chatdb_text(st, 1);
        c->title = n && *n ? strdup(n) : NULL;
        if (!pc.st) continue;
        dft_chatsys_list *l = dft_chatsys_list_new();
        dft_chatsys_str members = { 0 };
        int prc = dft_chatsys_child_seek(&pc, c->id);
        for (; !prc && dft_chatsys_child_match(&pc, c->id); prc = dft_chatsys_child_next(&pc)) {
            const bg_part *p = find_part(r, dft_chatdb_int(pc.st, 1, -1));
            if (!p || is_self(p) || !p->addr) continue;
            size_t before = dft_chatsys_list_len(l);
            dft_chatsys_list_add(l, p->addr);
            if (dft_chatsys_list_len(l) > before) dft_chatsys_str_join(&members, ",", p->addr);
        }
        c->count = dft_chatsys_list_len(l);
        c->participants = c->count ? dft_chatsys_list_dump(l) : NULL;
        c->members = dup_or_null(dft_chatsys_str_get(&members));
        dft_chatsys_list_free(l);
        dft_chatsys_str_free(&members);
        if (prc < 0) {
            rc = prc;
            break;
        }
    }
    sqlite3_finalize(st);
    sqlite3_finalize(cp);
    dft_chatsys_child_close(&pc);
    if (rc < 0) return rc;
    if (r->convs) qsort(r->convs, r->nconvs, sizeof *r->convs, cmp_id);
    return DFT_OK;
}

enum { M_ID, M_CONV, M_SENDER, M_SENT, M_RECV, M_PROTO, M_STATUS, M_READ };

static int bg_message(bg_run *r, sqlite3_stmt *st, dft_chatsys_child *pt)
{
    dft_chatdb *db = r->db;
    int64_t id = dft_chatdb_int(st, M_ID, -1);
    int64_t conv_id = dft_chatdb_int(st, M_CONV, -1);
    const bg_conv *conv = find_conv(r, conv_id);
    const bg_part *sender = find_part(r, dft_chatdb_int(st, M_SENDER, -1));
    int64_t status = dft_chatdb_int(st, M_STATUS, -1);
    bool in;
    if (sender && sender->has_sub) in = sender->sub_id == -2;
    else in = status >= 100;
    char sent[DFT_TIME_LEN], recv[DFT_TIME_LEN], src[96], tid[32];
    int64_t raw_sent, raw_recv;
    dft_chatdb_time(st, M_SENT, DFT_TIME_UNIX_MS, sent, &raw_sent);
    dft_chatdb_time(st, M_RECV, DFT_TIME_UNIX_MS, recv, &raw_recv);

    dft_chat_json j;
    dft_chat_json_begin(&j);
    int64_t proto = dft_chatdb_int(st, M_PROTO, -1);
    dft_chat_json_str(&j, "protocol", proto == 0 ? "sms" : proto == 1 ? "mms" : NULL);
    if (proto >= 0) dft_chat_json_int(&j, "raw_protocol", proto);
    if (status >= 0) dft_chat_json_int(&j, "raw_status", status);
    dft_chat_json_int(&j, "raw_time", raw_sent ? raw_sent : raw_recv);
    if (recv[0] && raw_recv != raw_sent) dft_chat_json_str(&j, "received_utc", recv);
    if (in && sqlite3_column_type(st, M_READ) != SQLITE_NULL)
        dft_chat_json_bool(&j, "read", dft_chatdb_int(st, M_READ, 0) != 0);
    if (conv && conv->count > 1 && conv->participants) {
        dft_chat_json_bool(&j, "group", true);
        dft_chat_json_raw(&j, "participants", conv->participants);
    }

    dft_chatsys_str body = { 0 };
    dft_chatsys_list *media = dft_chatsys_list_new();
    char *att = NULL, *mime = NULL;
    int rc = dft_chatsys_child_seek(pt, id);
    for (; !rc && dft_chatsys_child_match(pt, id); rc = dft_chatsys_child_next(pt)) {
        const char *text = dft_chatdb_text(pt->st, 1), *ct = dft_chatdb_text(pt->st, 2);
        const char *local = dft_chatdb_text(pt->st, 3), *uri = dft_chatdb_text(pt->st, 4);
        if (!ct || strncmp(ct, "text/", 5) == 0) {
            dft_chatsys_str_join(&body, "\n", text);
            continue;
        }
        const char *where = local ? local : uri;
        dft_chatsys_list_add(media, where);
        if (!att && where) {
            att = strdup(where);
            mime = strdup(ct);
            if (sqlite3_column_type(pt->st, 5) != SQLITE_NULL)
                dft_chat_json_int(&j, "attachment_bytes", dft_chatdb_int(pt->st, 5, 0));
        }
    }
    if (rc == DFT_OK) {
        if (dft_chatsys_list_len(media) > 1) {
            char *a = dft_chatsys_list_dump(media);
            if (a) dft_chat_json_raw(&j, "attachments", a);
            free(a);
        }
        dft_chat_msg m = { 0 };
        m.account = r->account[0] ? r->account : NULL;
        snprintf(tid, sizeof tid, "%lld", (long long)conv_id);
        m.thread = conv_id >= 0 ? tid : NULL;
        m.thread_title = conv ? conv->title : NULL;
        m.direction = in ? "in" : "out";
        if (in) {
            m.sender = sender ? sender->addr : NULL;
            m.sender_name = sender ? sender->name : NULL;
            m.recipient = m.account;
        } else {
            m.sender = m.account;
            m.recipient = conv ? conv->members : NULL;
        }
        m.sent_utc = sent[0] ? sent : recv;
        m.body = dft_chatsys_str_get(&body);
        m.attachment = att;
        m.attachment_mime = mime;
        m.source = dft_chatsys_source(src, "messages", (long long)id);
        m.only_in_wal = dft_chatdb_only_in_wal(db, "messages", id);
        m.details = dft_chat_json_end(&j);
        r->stats->messages++;
        if (m.only_in_wal) r->stats->messages_only_in_wal++;
        rc = r->sink->message ? r->sink->message(r->sink->payload, &m) : DFT_OK;
    }
    dft_chat_json_free(&j);
    dft_chatsys_str_free(&body);
    dft_chatsys_list_free(media);
    free(att);
    free(mime);
    return rc < 0 ? rc : DFT_OK;
}

static int bg_parse(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    bg_run r = { .db = db, .ctx = ctx, .sink = sink, .stats = stats };
    stats->variant = "android-bugle";
    dft_chatsys_account(ctx, r.account, stats);
    int rc = load_participants(&r);
    if (!rc) rc = load_conversations(&r);
    sqlite3_stmt *st = NULL, *ps = NULL;
    dft_chatsys_child pt = { 0 };
    if (!rc)
        rc = dft_chatdb_prepare(db, &st, "SELECT _id, conversation_id, sender_id, %s, %s, %s, %s, %s FROM messages ORDER BY _id",
                                dft_chatdb_col(db, "messages", "sent_timestamp"),
                                dft_chatdb_col(db, "messages", "received_timestamp"),
                                dft_chatdb_col(db, "messages", "message_protocol"),
                                dft_chatdb_col(db, "messages", "message_status"), dft_chatdb_col(db, "messages", "read"));
    if (!rc)
        rc = dft_chatdb_prepare(db, &ps, "SELECT CAST(message_id AS INTEGER) AS k, %s, %s, %s, %s, %s FROM parts "
                                         "ORDER BY k, _rowid_",
                                dft_chatdb_col(db, "parts", "text"), dft_chatdb_col(db, "parts", "content_type"),
                                dft_chatdb_col(db, "parts", "local_cache_path"), dft_chatdb_col(db, "parts", "uri"),
                                dft_chatdb_col(db, "parts", "file_size_bytes"));
    /* parts are read in one ordered pass beside messages (merge join): no index needed */
    if (!rc) rc = dft_chatsys_child_open(&pt, db, ps);
    ps = NULL;
    while (!rc && (rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if ((rc = cancelled(db))) break;
        rc = bg_message(&r, st, &pt);
        if (rc == DFT_ECORRUPT) {
            if (sink->warning) sink->warning(sink->payload, "bugle_db: a message could not be read");
            stats->skipped++;
            rc = DFT_OK;
        }
    }
    sqlite3_finalize(st);
    sqlite3_finalize(ps);
    dft_chatsys_child_close(&pt);
    for (size_t i = 0; i < r.nparts; i++) {
        free(r.parts[i].addr);
        free(r.parts[i].name);
    }
    free(r.parts);
    for (size_t i = 0; i < r.nconvs; i++) {
        free(r.convs[i].title);
        free(r.convs[i].participants);
        free(r.convs[i].members);
    }
    free(r.convs);
    return rc < 0 ? rc : DFT_OK;
}

const dft_chat_parser dft_chat_parser_bugle = {
    .app = "sms",
    .name = "google-messages",
    .paths = bg_paths,
    .detect = bg_detect,
    .parse = bg_parse,
};
