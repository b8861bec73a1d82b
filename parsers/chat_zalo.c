/*
 * chat_zalo.c - Zalo for iOS (com.vng.zalo): one SQLite database per conversation,
 *  Documents/chat_dbs/<own zalo id>/<peer id>.db or .../group_<group id>.db, table ChatContent
 *  (SenderId: == own id -> outgoing, CliMsgId, MsgType, TimeStamp, MsgContent, LocalPath).
 *  Names: Documents/profile.sqlite (ProfileEntity userid -> displayname, BuddyEntity zaloid -> mobile)
 *  through ctx->open_sibling; group names: Documents/chatgroup.sqlite (GroupEntity groupid -> name).
 *  profile.sqlite is also parsed on its own (parser zalo-ios-profile) for the contacts.
 * Research chat.md §2 (iLEAPP ZaloChats.py; cp-df.com Zalo article). TimeStamp's unit is not documented:
 * iLEAPP scales it by magnitude; here a value above 1e11 reads as Unix ms, else Unix s (1e11 s is the
 * year 5138, 1e11 ms is 1973: no real message time is ambiguous). The raw value stays in details.
 * The account (own id) and the peer / group come from the path, as the app names the files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chat_apps.h"
#include "error.h"

static int zalo_detect(dft_chatdb *db, const dft_chat_ctx *ctx)
{
    (void)ctx;
    return dft_chatdb_has_column(db, "ChatContent", "SenderId") && dft_chatdb_has_column(db, "ChatContent", "TimeStamp") ? 80
                                                                                                                          : 0;
}

/* From ".../Documents/chat_dbs/<own>/<name>.db": own id, chat name (peer id or group_<gid>) and the
 * Documents directory. False when the path does not have that shape. */
static bool zalo_path(const char *dp, char *own, size_t owncap, char *chat, size_t chatcap, char *docs, size_t docscap)
{
    own[0] = chat[0] = docs[0] = '\0';
    const char *p = dp ? strstr(dp, "/chat_dbs/") : NULL;
    if (!p) return false;
    snprintf(docs, docscap, "%.*s", (int)(p - dp), dp);
    const char *o = p + strlen("/chat_dbs/");
    const char *slash = strchr(o, '/');
    if (!slash) return false;
    snprintf(own, owncap, "%.*s", (int)(slash - o), o);
    const char *f = slash + 1;
    const char *dot = strrchr(f, '.');
    snprintf(chat, chatcap, "%.*s", (int)(dot && dot > f ? dot - f : (long)strlen(f)), f);
    return own[0] && chat[0];
}

/* One name lookup statement in a sibling database (NULL when the sibling or table is missing). */
typedef struct lookup {
    dft_chatdb *db;
    sqlite3_stmt *q;
} lookup;

static void lookup_open(lookup *l, const dft_chat_ctx *ctx, const char *path, const char *table, const char *key,
                        const char *val)
{
    memset(l, 0, sizeof *l);
    if (!ctx->open_sibling || ctx->open_sibling(ctx->payload, path, &l->db) != DFT_OK) { l->db = NULL; return; }
    if (!dft_chatdb_has_column(l->db, table, key) || !dft_chatdb_has_column(l->db, table, val) ||
        dft_chatdb_prepare(l->db, &l->q, "SELECT \"%s\" FROM \"%s\" WHERE CAST(\"%s\" AS TEXT) = ?1 LIMIT 1", val, table,
                           key) != DFT_OK)
        l->q = NULL;
}

static const char *lookup_get(lookup *l, const char *k, char *out, size_t cap)
{
    if (!l->q || !k) return NULL;
    sqlite3_reset(l->q);
    sqlite3_bind_text(l->q, 1, k, -1, SQLITE_TRANSIENT);
    if (dft_chatdb_step(l->db, l->q) != DFT_SQLITE_ROW) return NULL;
    const char *t = dft_chatdb_text(l->q, 0);
    if (!t || !*t) return NULL;
    snprintf(out, cap, "%s", t);
    return out;
}

static void lookup_close(lookup *l)
{
    if (l->q) sqlite3_finalize(l->q);
    if (l->db) dft_chatdb_close(l->db);
}

static int zalo_parse(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    stats->variant = "ios-chat_dbs";
    char own[128], chat[160], docs[1024], p[1200];
    bool shaped = zalo_path(ctx->device_path, own, sizeof own, chat, sizeof chat, docs, sizeof docs);
    if (!shaped && sink->warning) sink->warning(sink->payload, "zalo: path is not chat_dbs/<own id>/<chat>.db: no account");
    const char *account = own[0] ? own : ctx->account_hint;
    if (account) snprintf(stats->account, sizeof stats->account, "%s", account);
    bool group = !strncmp(chat, "group_", 6);
    const char *peer = group ? chat + 6 : chat;
    lookup names, groups;
    snprintf(p, sizeof p, "%s/profile.sqlite", docs);
    if (shaped) lookup_open(&names, ctx, p, "ProfileEntity", "userid", "displayname");
    else memset(&names, 0, sizeof names);
    snprintf(p, sizeof p, "%s/chatgroup.sqlite", docs);
    if (shaped && group) lookup_open(&groups, ctx, p, "GroupEntity", "groupid", "name");
    else memset(&groups, 0, sizeof groups);
    char title[256], gref[200];
    const char *thread_title = group ? lookup_get(&groups, peer, title, sizeof title) : lookup_get(&names, peer, title, sizeof title);
    snprintf(gref, sizeof gref, "group:%s", peer);
    const char *T = "ChatContent";
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(db, &st, "SELECT rowid, %s, %s, %s, %s, %s, %s FROM ChatContent ORDER BY rowid",
                                dft_chatdb_col(db, T, "SenderId"), dft_chatdb_col(db, T, "CliMsgId"),
                                dft_chatdb_col(db, T, "MsgType"), dft_chatdb_col(db, T, "TimeStamp"),
                                dft_chatdb_col(db, T, "MsgContent"), dft_chatdb_col(db, T, "LocalPath"));
    if (rc) goto out;
    int64_t last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        last = sqlite3_column_int64(st, 0);
        const char *sender = dft_chatdb_text(st, 1);
        int64_t ts = dft_chatdb_int(st, 4, 0);
        char sent[DFT_TIME_LEN] = "", nbuf[256];
        if (ts) dft_time_text(sent, ts > 100000000000LL || ts < -100000000000LL ? DFT_TIME_UNIX_MS : DFT_TIME_UNIX_S, ts);
        bool out = own[0] && sender && !strcmp(sender, own);
        dft_chat_msg m = { 0 };
        m.account = account;
        m.thread = chat[0] ? chat : NULL;
        m.thread_title = thread_title;
        m.direction = own[0] && sender ? (out ? "out" : "in") : NULL;
        m.sent_utc = sent;
        m.body = dft_chatdb_text(st, 5);
        if (m.body && !*m.body) m.body = NULL;
        m.attachment = dft_chatdb_text(st, 6);
        if (m.attachment && !*m.attachment) m.attachment = NULL;
        m.sender = sender;
        if (!out) m.sender_name = lookup_get(&names, sender, nbuf, sizeof nbuf);
        m.recipient = out ? (group ? gref : (peer[0] ? peer : NULL)) : (group ? gref : account);
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_int(&j, "raw_time", ts);
        dft_chat_json_str(&j, "cli_msg_id", dft_chatdb_text(st, 2));
        dft_chat_json_int(&j, "msg_type", dft_chatdb_int(st, 3, 0));
        dft_chat_json_str(&j, "sender_name", m.sender_name);
        m.details = dft_chat_json_end(&j);
        rc = dft_capp_msg(db, sink, stats, &m, T, last);
        dft_chat_json_free(&j);
        if (rc) break;
    }
    sqlite3_finalize(st);
    if (rc <= 0) rc = dft_capp_loop_end(rc, T, last, sink, stats);
out:
    lookup_close(&names);
    lookup_close(&groups);
    return rc;
}

static const char *const zalo_paths[] = { "*/Documents/chat_dbs/*/*.db", NULL };

const dft_chat_parser dft_chat_parser_zalo_ios = {
    .app = "zalo",
    .name = "zalo-ios",
    .paths = zalo_paths,
    .detect = zalo_detect,
    .parse = zalo_parse,
};

/* ---- profile.sqlite: contacts ---------------------------------------------------------------------- */

static int zalo_profile_detect(dft_chatdb *db, const dft_chat_ctx *ctx)
{
    (void)ctx;
    return dft_chatdb_has_column(db, "ProfileEntity", "userid") && dft_chatdb_has_column(db, "ProfileEntity", "displayname")
               ? 80
               : 0;
}

static int zalo_profile_parse(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    stats->variant = "ios-profile";
    const char *account = ctx->account_hint;
    if (account) snprintf(stats->account, sizeof stats->account, "%s", account);
    bool buddy = dft_chatdb_has_column(db, "BuddyEntity", "zaloid") && dft_chatdb_has_column(db, "BuddyEntity", "mobile");
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(db, &st, "SELECT ProfileEntity.rowid, ProfileEntity.userid, ProfileEntity.displayname, %s "
                                         "FROM ProfileEntity ORDER BY ProfileEntity.rowid",
                                buddy ? "(SELECT b.mobile FROM BuddyEntity b WHERE CAST(b.zaloid AS TEXT) = "
                                        "CAST(ProfileEntity.userid AS TEXT) LIMIT 1)"
                                      : "NULL");
    if (rc) return rc;
    int64_t last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        last = sqlite3_column_int64(st, 0);
        char ph[DFT_PHONE_LEN];
        const char *mobile = dft_chatdb_text(st, 3);
        /* Zalo is Vietnamese: without a device region, local numbers read in VN */
        if (dft_chatdb_phone(mobile, ctx->region ? ctx->region : "VN", false, ph) != DFT_OK) ph[0] = '\0';
        dft_chat_contact c = { 0 };
        c.account = account;
        c.handle = dft_chatdb_text(st, 1);
        c.name = dft_chatdb_text(st, 2);
        c.phone = ph[0] ? ph : NULL;
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_str(&j, "mobile", mobile);
        c.details = dft_chat_json_end(&j);
        rc = dft_capp_contact(db, sink, stats, &c, "ProfileEntity", last);
        dft_chat_json_free(&j);
        if (rc) break;
    }
    sqlite3_finalize(st);
    if (rc > 0) return rc;
    return dft_capp_loop_end(rc, "ProfileEntity", last, sink, stats);
}

static const char *const zalo_profile_paths[] = { "*/Documents/profile.sqlite", NULL };

const dft_chat_parser dft_chat_parser_zalo_ios_profile = {
    .app = "zalo",
    .name = "zalo-ios-profile",
    .paths = zalo_profile_paths,
    .detect = zalo_profile_detect,
    .parse = zalo_profile_parse,
};
