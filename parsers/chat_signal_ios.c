/*
 * chat_signal_ios.c - Signal for iOS, the decrypted GRDB database
 * (.../Containers/Shared/AppGroup/<UUID>/grdb/signal.sqlite). On the device it is SQLCipher 4 with a
 * 32-byte plaintext header; plugins/chat_decrypt/cd_signal.c decrypts it with the keychain item an
 * examiner supplies and emits ".../signal.sqlite#sqlcipher-v4-ios/signal.sqlite" (matched by the same
 * path pattern); a plaintext copy from an extraction tool parses the same way.
 *
 * Tables (iLEAPP scripts/artifacts/signalIOS.py; Signal-iOS SDSRecordType.swift):
 *  model_TSInteraction  id, recordType (SDSRecordType: 19 incomingMessage, 21 outgoingMessage; 9 error,
 *                       10 info, 20 call, 28 disappearing-timer update, 65 group call, 68/75 outgoing/
 *                       incoming payment, 70 decryption placeholder, 54 unknown protocol version),
 *                       uniqueId, timestamp and receivedAtTimestamp and serverTimestamp (Unix ms), body,
 *                       authorPhoneNumber, authorUUID (incoming rows; outgoing rows have no author),
 *                       uniqueThreadId, read, isVoiceMessage, isViewOnceMessage, wasRemotelyDeleted,
 *                       expiresInSeconds
 *  model_TSThread       uniqueId, contactPhoneNumber, contactUUID (1:1), groupModel (set = group thread)
 *  model_SignalRecipient recipientPhoneNumber, recipientUUID (ACI), pni, unregisteredAtTimestamp, uniqueId
 *  model_TSAttachment   albumMessageId (= the interaction's uniqueId), localRelativeFilePath (relative
 *                       to the AppGroup's Attachments/ directory), sourceFilename, contentType
 * Every column but the detection ones is probed (NULL when absent: schemas drift between releases).
 * The database does not name its owner: the account is the evidence's own number when known.
 * Direction: 19 = in, 21 = out, other record types = NULL with details.event.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "chat_apps.h"
#include "error.h"

#define SIG_IOS_IN 19
#define SIG_IOS_OUT 21

static int sig_ios_detect(dft_chatdb *db, const dft_chat_ctx *ctx)
{
    (void)ctx;
    static const char *const need[] = { "recordType", "uniqueThreadId", "timestamp", "uniqueId", NULL };
    for (size_t i = 0; need[i]; i++)
        if (!dft_chatdb_has_column(db, "model_TSInteraction", need[i])) return 0;
    return dft_chatdb_has_column(db, "model_TSThread", "uniqueId") ? 90 : 0;
}

/* What an SDSRecordType other than a message is, for details.event (NULL: not named here). */
static const char *sig_ios_event(int64_t t)
{
    switch (t) {
    case 9: return "error";
    case 10: return "info";
    case 20: return "call";
    case 28: return "disappearing_timer_update";
    case 54: return "unknown_protocol_version";
    case 65: return "group_call";
    case 68: return "outgoing_payment";
    case 70: return "decryption_placeholder";
    case 75: return "incoming_payment";
    default: return NULL;
    }
}

/* ".../AppGroup/<UUID>/Attachments/<rel>" from the database's device path ".../<UUID>/grdb/..." (the
 * grdb directory's parent), or rel itself when the path has no /grdb/. */
static const char *sig_ios_attachment(const dft_chat_ctx *ctx, const char *rel, char *out, size_t cap)
{
    if (!rel || !*rel) return NULL;
    const char *dp = ctx->device_path ? ctx->device_path : "";
    const char *g = strstr(dp, "/grdb/");
    while (*rel == '/') rel++;
    if (!g) snprintf(out, cap, "%s", rel);
    else snprintf(out, cap, "%.*s/Attachments/%s", (int)(g - dp), dp, rel);
    return out;
}

/* 1 ROWID, 2 recordType, 3 uniqueId, 4 timestamp, 5 receivedAt, 6 serverTimestamp, 7 body, 8 authorPhone,
 * 9 authorUUID, 10 uniqueThreadId, 11 read, 12 voice, 13 view once, 14 remotely deleted, 15 expires s,
 * 16 thread phone, 17 thread uuid, 18 group?, 19 attachment path, 20 attachment name, 21 attachment type,
 * 22 attachments of the message (an album has several: the first is the row's attachment, the count goes
 * to details.attachments) */
static int sig_ios_messages(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats,
                            const char *account)
{
    const char *I = "model_TSInteraction";
    const char *T = "model_TSThread";
    const char *A = "model_TSAttachment";
    /* the first thread row per uniqueId and the first attachment row per albumMessageId, joined (SQLite
     * indexes the grouped subqueries itself: no per-message scan when the app's indexes are absent) */
    bool att = dft_chatdb_has_column(db, A, "albumMessageId");
    static const char *const att_cols[3] = { "localRelativeFilePath", "sourceFilename", "contentType" };
    const char *ac[3];
    for (int i = 0; i < 3; i++) ac[i] = att ? dft_chatdb_col(db, A, att_cols[i]) : NULL;
    const char *tgroup = dft_chatdb_col(db, T, "groupModel");
    char group_expr[160];
    if (tgroup) snprintf(group_expr, sizeof group_expr, "length(%s) > 0", tgroup);
    char att_join[400] = "";
    if (att)
        snprintf(att_join, sizeof att_join,
                 "LEFT JOIN (SELECT albumMessageId AS am, min(rowid) AS arow, count(*) AS an FROM \"%s\" WHERE albumMessageId IS NOT NULL "
                 "GROUP BY albumMessageId) sig_a ON sig_a.am = \"%s\".uniqueId LEFT JOIN \"%s\" ON \"%s\".rowid = sig_a.arow",
                 A, I, A, A);
#define SIG_OR_NULL(x) ((x) ? (x) : "NULL")
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(db, &st,
                                "SELECT \"%s\".rowid, \"%s\".recordType, \"%s\".uniqueId, \"%s\".timestamp, %s, %s, %s, %s, %s, "
                                "\"%s\".uniqueThreadId, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s FROM \"%s\" "
                                "LEFT JOIN (SELECT uniqueId AS tid, min(rowid) AS trow FROM \"%s\" GROUP BY uniqueId) sig_t "
                                "ON sig_t.tid = \"%s\".uniqueThreadId LEFT JOIN \"%s\" ON \"%s\".rowid = sig_t.trow %s "
                                "ORDER BY \"%s\".rowid",
                                I, I, I, I, SIG_OR_NULL(dft_chatdb_col(db, I, "receivedAtTimestamp")),
                                SIG_OR_NULL(dft_chatdb_col(db, I, "serverTimestamp")), SIG_OR_NULL(dft_chatdb_col(db, I, "body")),
                                SIG_OR_NULL(dft_chatdb_col(db, I, "authorPhoneNumber")), SIG_OR_NULL(dft_chatdb_col(db, I, "authorUUID")), I,
                                SIG_OR_NULL(dft_chatdb_col(db, I, "read")), SIG_OR_NULL(dft_chatdb_col(db, I, "isVoiceMessage")),
                                SIG_OR_NULL(dft_chatdb_col(db, I, "isViewOnceMessage")),
                                SIG_OR_NULL(dft_chatdb_col(db, I, "wasRemotelyDeleted")),
                                SIG_OR_NULL(dft_chatdb_col(db, I, "expiresInSeconds")),
                                SIG_OR_NULL(dft_chatdb_col(db, T, "contactPhoneNumber")), SIG_OR_NULL(dft_chatdb_col(db, T, "contactUUID")),
                                tgroup ? group_expr : "NULL", SIG_OR_NULL(ac[0]), SIG_OR_NULL(ac[1]), SIG_OR_NULL(ac[2]),
                                att ? "sig_a.an" : "NULL", I, T, I, T, T,
                                att_join, I);
#undef SIG_OR_NULL
    if (rc) return rc;
    int64_t last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        last = sqlite3_column_int64(st, 0);
        int64_t type = dft_chatdb_int(st, 1, -1);
        char when[DFT_TIME_LEN], recv[DFT_TIME_LEN], server[DFT_TIME_LEN];
        int64_t raw = 0, raw_recv = 0, raw_server = 0;
        dft_chatdb_time(st, 3, DFT_TIME_UNIX_MS, when, &raw);
        dft_chatdb_time(st, 4, DFT_TIME_UNIX_MS, recv, &raw_recv);
        dft_chatdb_time(st, 5, DFT_TIME_UNIX_MS, server, &raw_server);
        char author[DFT_PHONE_LEN + 64], peer[DFT_PHONE_LEN + 64], group[200], attp[1024];
        const char *from = dft_capp_party(dft_chatdb_text(st, 7), ctx->region, author);
        if (!from) from = dft_chatdb_text(st, 8);
        const char *other = dft_capp_party(dft_chatdb_text(st, 15), ctx->region, peer);
        if (!other) other = dft_chatdb_text(st, 16);
        const char *thread = dft_chatdb_text(st, 9);
        bool is_group = dft_chatdb_int(st, 17, 0) != 0;
        if (is_group && thread) {
            snprintf(group, sizeof group, "group:%s", thread);
            other = group;
        }
        const char *dir = type == SIG_IOS_IN ? "in" : type == SIG_IOS_OUT ? "out" : NULL;

        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_int(&j, "raw_time", raw);
        dft_chat_json_int(&j, "record_type", type);
        dft_chat_json_str(&j, "event", dir ? NULL : sig_ios_event(type));
        dft_chat_json_str(&j, "unique_id", dft_chatdb_text(st, 2));
        if (recv[0]) {
            dft_chat_json_str(&j, "received_utc", recv);
            dft_chat_json_int(&j, "raw_received", raw_recv);
        }
        if (server[0]) dft_chat_json_str(&j, "server_utc", server);
        static const char *const flags[4] = { "read", "voice_message", "view_once", "remotely_deleted" };
        for (int f = 0; f < 4; f++)
            if (sqlite3_column_type(st, 10 + f) != SQLITE_NULL) dft_chat_json_bool(&j, flags[f], dft_chatdb_int(st, 10 + f, 0) != 0);
        if (dft_chatdb_int(st, 14, 0) > 0) dft_chat_json_int(&j, "expires_in_s", dft_chatdb_int(st, 14, 0));
        dft_chat_json_str(&j, "attachment_name", dft_chatdb_text(st, 19));
        if (dft_chatdb_int(st, 21, 0) > 1) dft_chat_json_int(&j, "attachments", dft_chatdb_int(st, 21, 0));
        if (is_group) dft_chat_json_bool(&j, "group", true);

        dft_chat_msg m = { 0 };
        m.account = account;
        m.thread = thread;
        m.direction = dir;
        m.sent_utc = when;
        m.body = dft_chatdb_text(st, 6);
        if (m.body && !*m.body) m.body = NULL;
        if (type == SIG_IOS_OUT) {
            m.sender = account;
            m.recipient = other;
        } else {
            m.sender = from;
            m.recipient = is_group ? other : account;
        }
        m.attachment = sig_ios_attachment(ctx, dft_chatdb_text(st, 18), attp, sizeof attp);
        m.attachment_mime = dft_chatdb_text(st, 20);
        m.details = dft_chat_json_end(&j);
        rc = dft_capp_msg(db, sink, stats, &m, I, last);
        dft_chat_json_free(&j);
        if (rc) break;
    }
    sqlite3_finalize(st);
    if (rc > 0) return rc;
    return dft_capp_loop_end(rc, I, last, sink, stats);
}

static int sig_ios_contacts(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats,
                            const char *account)
{
    const char *R = "model_SignalRecipient";
    if (!dft_chatdb_has_table(db, R)) return DFT_OK;
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(db, &st, "SELECT \"%s\".rowid, %s, %s, %s, %s, %s FROM \"%s\" ORDER BY \"%s\".rowid", R,
                                dft_chatdb_col(db, R, "recipientPhoneNumber"), dft_chatdb_col(db, R, "recipientUUID"),
                                dft_chatdb_col(db, R, "pni"), dft_chatdb_col(db, R, "unregisteredAtTimestamp"),
                                dft_chatdb_col(db, R, "uniqueId"), R, R);
    if (rc) return rc;
    int64_t last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        last = sqlite3_column_int64(st, 0);
        const char *raw = dft_chatdb_text(st, 1);
        char ph[DFT_PHONE_LEN];
        const char *phone = raw && dft_chatdb_phone(raw, ctx->region, raw[0] == '+', ph) == DFT_OK ? ph : NULL;
        char unreg[DFT_TIME_LEN];
        int64_t raw_unreg = 0;
        dft_chatdb_time(st, 4, DFT_TIME_UNIX_MS, unreg, &raw_unreg);
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_str(&j, "aci", dft_chatdb_text(st, 2));
        dft_chat_json_str(&j, "pni", dft_chatdb_text(st, 3));
        if (unreg[0]) dft_chat_json_str(&j, "unregistered_utc", unreg);
        dft_chat_json_str(&j, "unique_id", dft_chatdb_text(st, 5));
        dft_chat_contact c = { 0 };
        c.account = account;
        c.phone = phone;
        c.handle = dft_chatdb_text(st, 2) ? dft_chatdb_text(st, 2) : phone;
        c.details = dft_chat_json_end(&j);
        rc = dft_capp_contact(db, sink, stats, &c, R, last);
        dft_chat_json_free(&j);
        if (rc) break;
    }
    sqlite3_finalize(st);
    if (rc > 0) return rc;
    return dft_capp_loop_end(rc, R, last, sink, stats);
}

static int sig_ios_parse(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    stats->variant = "ios-grdb";
    char own[DFT_PHONE_LEN + 64];
    const char *account = dft_capp_party(ctx->account_hint, ctx->region, own);
    if (account) snprintf(stats->account, sizeof stats->account, "%s", account);
    int rc = sig_ios_messages(db, ctx, sink, stats, account);
    if (rc) return rc;
    return sig_ios_contacts(db, ctx, sink, stats, account);
}

static const char *const sig_ios_paths[] = { "*/grdb/signal.sqlite", "*/grdb/signal.sqlite#*", NULL };

const dft_chat_parser dft_chat_parser_signal_ios = {
    .app = "signal",
    .name = "signal-ios",
    .paths = sig_ios_paths,
    .detect = sig_ios_detect,
    .parse = sig_ios_parse,
};
