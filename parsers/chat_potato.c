/*
 * chat_potato.c - Potato Chat for iOS (Telegram-derived; AppGroup .../Documents/tgdata.db), the
 * "Telegraph" schema with versioned table names (messages_v29, users_v29, ...: the number changes between
 * app versions, so the newest messages_v<N> / users_v<N> with the columns below is read).
 *  messages_vN: cid (chat id: the peer's uid in a 1:1 chat), mid, message (text), media (blob: attachment,
 *    call, location records in Telegraph's own encoding - NOT decoded here, only flagged), from_id, to_id,
 *    outgoing (1 = sent by the owner), date (Unix s).
 *  users_vN: uid, first_name, last_name, username (names of chat partners; contacts).
 * Source: iLEAPP scripts/artifacts/potatoChat.py (table discovery by LIKE 'messages_v__', the columns
 * above, date as Unix seconds, "outgoing == 1 -> Local User"). Channel/group messages
 * (channel_messages_vN.data, a key/value blob) are not read. The same schema was used by Telegram's own
 * pre-2018 iOS app ("Telegraph"): a tgdata.db from it is reported under this parser too (app "potato" is
 * then wrong; the path alone cannot tell them apart - AppGroup directories are UUIDs).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "chat_apps.h"
#include "error.h"

/* The newest table "<prefix><digits>" that has the columns `need` (NULL-terminated) in out ("" when
 * none): an old version's table left behind, or a hostile one named like it, is skipped. Names are
 * checked to be [a-z_0-9] only; at most 16 candidates are looked at. */
static void potato_table(dft_chatdb *db, const char *prefix, const char *const *need, char *out, size_t cap)
{
    out[0] = '\0';
    sqlite3_stmt *st = NULL;
    if (dft_chatdb_prepare(db, &st,
                           "SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB '%s[0-9]*' AND "
                           "name NOT GLOB '%s*[^0-9]*' ORDER BY length(name) DESC, name DESC LIMIT 16",
                           prefix, prefix) != DFT_OK)
        return;
    while (!out[0] && dft_chatdb_step(db, st) == DFT_SQLITE_ROW) {
        const char *n = dft_chatdb_text(st, 0);
        if (!n || strlen(n) >= cap || strspn(n, "abcdefghijklmnopqrstuvwxyz_0123456789") != strlen(n)) continue;
        bool all = true;
        for (size_t i = 0; need[i] && all; i++) all = dft_chatdb_has_column(db, n, need[i]);
        if (all) snprintf(out, cap, "%s", n);
    }
    sqlite3_finalize(st);
}

static const char *const potato_msg_cols[] = { "cid", "mid", "from_id", "outgoing", "date", NULL };
static const char *const potato_user_cols[] = { "uid", "first_name", NULL };

static int potato_detect(dft_chatdb *db, const dft_chat_ctx *ctx)
{
    (void)ctx;
    char m[64], u[64];
    potato_table(db, "messages_v", potato_msg_cols, m, sizeof m);
    potato_table(db, "users_v", potato_user_cols, u, sizeof u);
    return m[0] && u[0] ? 80 : 0;
}

static int potato_parse(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    stats->variant = "ios-tgdata";
    char M[64], U[64];
    potato_table(db, "messages_v", potato_msg_cols, M, sizeof M);
    potato_table(db, "users_v", potato_user_cols, U, sizeof U);
    if (!M[0] || !U[0]) return dft_error_set(DFT_ECORRUPT, "potato: no messages_v/users_v table");
    char acct[64] = "";
    if (ctx->account_hint) snprintf(acct, sizeof acct, "%s", ctx->account_hint);
    snprintf(stats->account, sizeof stats->account, "%s", acct);
    const char *account = acct[0] ? acct : NULL;
    const char *fn = dft_chatdb_col(db, U, "first_name"), *ln = dft_chatdb_col(db, U, "last_name");
    /* One name per uid (its first row), joined three times (chat, sender, recipient). A correlated
     * subquery per message and party scanned users_vN once per lookup when uid is not indexed: 50,000
     * messages x 20,000 users ran past sqlite_safe's budgets and the rows after that were lost. The
     * CTE is materialised once and SQLite indexes it for the joins; GROUP BY keeps one row per message
     * even when two uids compare equal (222 and '222' in an untyped column). dft_chatdb_col names are
     * table-qualified, so users_vN is only ever the CTE's table. */
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(db, &st,
                                "WITH potato_names AS (SELECT uid AS nu, nullif(trim(coalesce(%s, '') || ' ' || "
                                "coalesce(%s, '')), '') AS nn, min(rowid) FROM \"%s\" GROUP BY uid) "
                                "SELECT \"%s\".rowid, cid, mid, %s, from_id, %s, outgoing, date, %s, pc.nn, pf.nn, pt.nn "
                                "FROM \"%s\" LEFT JOIN potato_names pc ON pc.nu = cid LEFT JOIN potato_names pf ON pf.nu = from_id "
                                "LEFT JOIN potato_names pt ON pt.nu = %s GROUP BY \"%s\".rowid ORDER BY \"%s\".rowid",
                                fn, ln, U, M, dft_chatdb_col(db, M, "message"), dft_chatdb_col(db, M, "to_id"),
                                dft_chatdb_has_column(db, M, "media") ? "media IS NOT NULL AND length(media) > 0" : "0", M,
                                dft_chatdb_col(db, M, "to_id"), M, M);
    if (rc) return rc;
    int64_t last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        /* 1 cid, 2 mid, 3 text, 4 from_id, 5 to_id, 6 outgoing, 7 date, 8 media?, 9 chat name, 10 from name, 11 to name */
        last = sqlite3_column_int64(st, 0);
        char cid[24], from[24], to[24];
        snprintf(cid, sizeof cid, "%" PRId64, dft_chatdb_int(st, 1, 0));
        snprintf(from, sizeof from, "%" PRId64, dft_chatdb_int(st, 4, 0));
        snprintf(to, sizeof to, "%" PRId64, dft_chatdb_int(st, 5, 0));
        bool out = dft_chatdb_int(st, 6, 0) == 1;
        char when[DFT_TIME_LEN];
        int64_t raw = 0;
        dft_chatdb_time(st, 7, DFT_TIME_UNIX_S, when, &raw);
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_int(&j, "raw_time", raw);
        dft_chat_json_int(&j, "mid", dft_chatdb_int(st, 2, 0));
        if (dft_chatdb_int(st, 8, 0)) dft_chat_json_bool(&j, "media", true);   /* blob present, not decoded */
        dft_chat_json_str(&j, "table", M);
        dft_chat_msg m = { 0 };
        m.account = account;
        m.thread = cid;
        m.thread_title = dft_chatdb_text(st, 9);
        m.direction = out ? "out" : "in";
        m.sent_utc = when;
        m.body = dft_chatdb_text(st, 3);
        if (m.body && !*m.body) m.body = NULL;
        /* ids as stored; the owner's own uid is from_id of outgoing rows (account hint overrides nothing) */
        m.sender = sqlite3_column_type(st, 4) == SQLITE_NULL ? NULL : from;
        m.recipient = sqlite3_column_type(st, 5) == SQLITE_NULL ? NULL : to;
        m.sender_name = out ? NULL : dft_chatdb_text(st, 10);
        if (out && dft_chatdb_text(st, 11)) dft_chat_json_str(&j, "recipient_name", dft_chatdb_text(st, 11));
        m.details = dft_chat_json_end(&j);
        rc = dft_capp_msg(db, sink, stats, &m, M, last);
        dft_chat_json_free(&j);
        if (rc) break;
    }
    sqlite3_finalize(st);
    if (rc > 0) return rc;
    rc = dft_capp_loop_end(rc, M, last, sink, stats);
    if (rc) return rc;
    rc = dft_chatdb_prepare(db, &st,
                            "SELECT \"%s\".rowid, uid, nullif(trim(coalesce(%s, '') || ' ' || coalesce(%s, '')), ''), %s "
                            "FROM \"%s\" ORDER BY \"%s\".rowid",
                            U, fn, ln, dft_chatdb_col(db, U, "username"), U, U);
    if (rc) return rc;
    last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        last = sqlite3_column_int64(st, 0);
        char uid[24];
        snprintf(uid, sizeof uid, "%" PRId64, dft_chatdb_int(st, 1, 0));
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_str(&j, "username", dft_chatdb_text(st, 3));
        dft_chat_contact c = { 0 };
        c.account = account;
        c.handle = uid;
        c.name = dft_chatdb_text(st, 2);
        c.phone = NULL;   /* no phone column documented for users_vN */
        c.details = dft_chat_json_end(&j);
        rc = dft_capp_contact(db, sink, stats, &c, U, last);
        dft_chat_json_free(&j);
        if (rc) break;
    }
    sqlite3_finalize(st);
    if (rc > 0) return rc;
    return dft_capp_loop_end(rc, U, last, sink, stats);
}

static const char *const potato_paths[] = { "*/Documents/tgdata.db", NULL };

const dft_chat_parser dft_chat_parser_potato_ios = {
    .app = "potato",
    .name = "potato-ios",
    .paths = potato_paths,
    .detect = potato_detect,
    .parse = potato_parse,
};
