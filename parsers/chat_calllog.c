/*
 * chat_calllog.c - call logs: Android's CallLog provider (`calls` in calllog.db, Android 7+, and in
 * contacts2.db before) and iOS CallHistory.storedata (Core Data `ZCALLRECORD`). App "phone".
 *
 * Android `calls` (android.provider.CallLog.Calls): number, date Unix ms, duration s, type
 * 1 incoming / 2 outgoing / 3 missed / 4 voicemail / 5 rejected / 6 blocked / 7 answered
 * externally, features bit 0x1 = video, name (cached contact name), countryiso (the region to read
 * a national number with), normalized_number (E.164 when the provider knew it).
 *
 * iOS ZCALLRECORD (iLEAPP callHistory.py): ZADDRESS (text or blob), ZDATE Cocoa s (REAL),
 * ZDURATION s (REAL), ZORIGINATED 1 outgoing, ZANSWERED, ZCALLTYPE 0 third-party app / 1 phone /
 * 8 FaceTime video / 16 FaceTime audio, ZSERVICE_PROVIDER (com.apple.Telephony, com.apple.FaceTime,
 * a third-party bundle id such as net.whatsapp.WhatsApp), ZNAME, ZISO_COUNTRY_CODE, ZLOCATION.
 * FaceTime and third-party calls stay in app "phone" (one app per parser); details.app says
 * "facetime" and details.provider the bundle id.
 */
#include "chat_calllog.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chat_system.h"
#include "error.h"
#include "strmap.h"

static int cancelled(dft_chatdb *db)
{
    return dft_chatdb_cancelled(db) ? dft_error_set(DFT_ECANCELLED, "cancelled") : DFT_OK;
}

static int emit_call(const dft_chat_sink *sink, dft_chat_stats *stats, dft_chat_call *c)
{
    stats->calls++;
    if (c->only_in_wal) stats->calls_only_in_wal++;
    return sink->call ? sink->call(sink->payload, c) : DFT_OK;
}

/* ---- Android ------------------------------------------------------------------------------- */

static const char *const android_paths[] = { "*/com.android.providers.contacts/databases/calllog.db", NULL };

bool dft_calllog_android_has_calls(dft_chatdb *db)
{
    if (!dft_chatdb_has_table(db, "calls")) return false;
    static const char *const need[] = { "number", "date", "duration", "type" };
    for (size_t i = 0; i < sizeof need / sizeof *need; i++)
        if (!dft_chatdb_has_column(db, "calls", need[i])) return false;
    return true;
}

static const char *android_type_name(int64_t t)
{
    static const char *const names[] = { NULL, "incoming", "outgoing", "missed", "voicemail", "rejected", "blocked",
                                         "answered_externally" };
    return t >= 1 && t <= 7 ? names[t] : NULL;
}

enum { A_ID, A_NUMBER, A_DATE, A_DURATION, A_TYPE, A_FEATURES, A_NAME, A_ISO, A_NORM, A_GEO, A_PRESENT, A_SUB,
       A_ACCT_ADDR, A_DELETED };

int dft_calllog_android_calls(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink,
                              dft_chat_stats *stats, const char *account)
{
    dft_strmap *memo = NULL;
    if (dft_strmap_new(&memo) != DFT_OK) memo = NULL;   /* no memo: slower, same rows */
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(db, &st,
        "SELECT _id, number, date, duration, type, %s, %s, %s, %s, %s, %s, %s, %s, %s FROM calls ORDER BY _id",
        dft_chatdb_col(db, "calls", "features"), dft_chatdb_col(db, "calls", "name"),
        dft_chatdb_col(db, "calls", "countryiso"), dft_chatdb_col(db, "calls", "normalized_number"),
        dft_chatdb_col(db, "calls", "geocoded_location"), dft_chatdb_col(db, "calls", "presentation"),
        dft_chatdb_col(db, "calls", "subscription_id"), dft_chatdb_col(db, "calls", "phone_account_address"),
        dft_chatdb_col(db, "calls", "deleted"));
    while (!rc && (rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if ((rc = cancelled(db))) break;
        int64_t id = dft_chatdb_int(st, A_ID, -1);
        int64_t type = dft_chatdb_int(st, A_TYPE, 0);
        int64_t dur = dft_chatdb_int(st, A_DURATION, -1);
        int64_t features = dft_chatdb_int(st, A_FEATURES, 0);
        char start[DFT_TIME_LEN], src[96], e164[DFT_PHONE_LEN], region[3] = { 0 };
        int64_t raw;
        dft_chatdb_time(st, A_DATE, DFT_TIME_UNIX_MS, start, &raw);
        /* the call's own country (countryiso) reads a national number best; else the device's */
        const char *iso = dft_chatdb_text(st, A_ISO);
        if (iso && strlen(iso) == 2) {
            region[0] = (char)toupper((unsigned char)iso[0]);
            region[1] = (char)toupper((unsigned char)iso[1]);
        }
        const char *number = dft_chatdb_text(st, A_NUMBER);
        const char *norm = dft_chatdb_text(st, A_NORM);
        const char *cp = NULL;
        if (norm && dft_chatdb_phone(norm, NULL, false, e164) == DFT_OK) cp = e164;
        else cp = dft_chatsys_addr_memo(memo, number, region[0] ? region : ctx->region, e164);
        if (cp && !*cp) cp = NULL;   /* private/unknown numbers are stored as "" */

        const char *dir = NULL, *status = NULL;
        switch (type) {
        case 1: dir = "in"; status = "answered"; break;
        case 2: dir = "out"; status = dur > 0 ? "answered" : NULL; break;
        case 3: dir = "in"; status = "missed"; break;
        case 4: dir = "in"; status = "missed"; break;
        case 5: dir = "in"; status = "rejected"; break;
        case 6: dir = "in"; status = "rejected"; break;
        case 7: dir = "in"; status = "answered"; break;
        default: break;
        }
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_str(&j, "type", android_type_name(type));
        dft_chat_json_int(&j, "raw_type", type);
        dft_chat_json_int(&j, "raw_time", raw);
        if (number && cp && strcmp(number, cp) != 0) dft_chat_json_str(&j, "number", number);
        if (features) dft_chat_json_int(&j, "features", features);
        dft_chat_json_str(&j, "country_iso", iso);
        dft_chat_json_str(&j, "geocoded_location", dft_chatdb_text(st, A_GEO));
        if (sqlite3_column_type(st, A_PRESENT) != SQLITE_NULL && dft_chatdb_int(st, A_PRESENT, 1) != 1)
            dft_chat_json_int(&j, "presentation", dft_chatdb_int(st, A_PRESENT, 1));   /* 2 restricted, 3 unknown, 4 payphone */
        dft_chat_json_str(&j, "subscription_id", dft_chatdb_text(st, A_SUB));
        dft_chat_json_str(&j, "phone_account_address", dft_chatdb_text(st, A_ACCT_ADDR));

        dft_chat_call c = { 0 };
        c.account = account && *account ? account : NULL;
        c.counterpart = cp;
        c.counterpart_name = dft_chatdb_text(st, A_NAME);
        c.direction = dir;
        c.status = status;
        c.media = features & 1 ? "video" : "voice";
        c.start_utc = start;
        c.duration_s = dur;
        c.deleted = dft_chatdb_int(st, A_DELETED, 0) ? 1 : 0;
        c.source = dft_chatsys_source(src, "calls", (long long)id);
        c.only_in_wal = dft_chatdb_only_in_wal(db, "calls", id);
        c.details = dft_chat_json_end(&j);
        rc = emit_call(sink, stats, &c);
        dft_chat_json_free(&j);
    }
    sqlite3_finalize(st);
    dft_strmap_free(memo);
    return rc < 0 ? rc : DFT_OK;
}

static int android_detect(dft_chatdb *db, const dft_chat_ctx *ctx)
{
    (void)ctx;
    if (!dft_calllog_android_has_calls(db)) return 0;
    /* contacts2.db holds calls too: its own parser (higher score) reads both */
    return dft_chatdb_has_table(db, "raw_contacts") ? 30 : 70;
}

static int android_parse(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    char account[128];
    stats->variant = "android-calllog";
    dft_chatsys_account(ctx, account, stats);
    return dft_calllog_android_calls(db, ctx, sink, stats, account);
}

const dft_chat_parser dft_chat_parser_calllog_android = {
    .app = "phone",
    .name = "calllog-android",
    .paths = android_paths,
    .detect = android_detect,
    .parse = android_parse,
};

/* ---- iOS ----------------------------------------------------------------------------------- */

static const char *const ios_paths[] = { "*Library/CallHistoryDB/CallHistory.storedata", NULL };

static int ios_detect(dft_chatdb *db, const dft_chat_ctx *ctx)
{
    (void)ctx;
    if (!dft_chatdb_has_table(db, "ZCALLRECORD")) return 0;
    static const char *const need[] = { "ZADDRESS", "ZDATE", "ZDURATION", "ZORIGINATED" };
    for (size_t i = 0; i < sizeof need / sizeof *need; i++)
        if (!dft_chatdb_has_column(db, "ZCALLRECORD", need[i])) return 0;
    return 80;
}

/* ZADDRESS is TEXT on some iOS versions and a BLOB of the same characters on others. */
static const char *address_text(sqlite3_stmt *st, int col, char *buf, size_t cap)
{
    int t = sqlite3_column_type(st, col);
    if (t == SQLITE_NULL) return NULL;
    if (t != SQLITE_BLOB) return dft_chatdb_text(st, col);
    const void *b = sqlite3_column_blob(st, col);
    int n = sqlite3_column_bytes(st, col);
    if (!b || n <= 0) return NULL;
    if ((size_t)n >= cap) n = (int)cap - 1;
    memcpy(buf, b, (size_t)n);
    buf[n] = '\0';
    return buf;
}

static const char *ios_call_type(int64_t t)
{
    switch (t) {
    case 0: return "third_party";
    case 1: return "phone";
    case 8: return "facetime_video";
    case 16: return "facetime_audio";
    default: return NULL;
    }
}

enum { I_ID, I_ADDR, I_DATE, I_DUR, I_ORIG, I_ANS, I_TYPE, I_PROV, I_NAME, I_ISO, I_LOC, I_CAUSE, I_UID, I_READ };

static int ios_parse(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    char account[128];
    stats->variant = "ios-callhistory";
    dft_chatsys_account(ctx, account, stats);
    sqlite3_stmt *st = NULL;
    const char *t = "ZCALLRECORD";
    int rc = dft_chatdb_prepare(db, &st,
        "SELECT Z_PK, ZADDRESS, ZDATE, ZDURATION, ZORIGINATED, %s, %s, %s, %s, %s, %s, %s, %s, %s FROM ZCALLRECORD ORDER BY Z_PK",
        dft_chatdb_col(db, t, "ZANSWERED"), dft_chatdb_col(db, t, "ZCALLTYPE"), dft_chatdb_col(db, t, "ZSERVICE_PROVIDER"),
        dft_chatdb_col(db, t, "ZNAME"), dft_chatdb_col(db, t, "ZISO_COUNTRY_CODE"), dft_chatdb_col(db, t, "ZLOCATION"),
        dft_chatdb_col(db, t, "ZDISCONNECTED_CAUSE"), dft_chatdb_col(db, t, "ZUNIQUE_ID"), dft_chatdb_col(db, t, "ZREAD"));
    while (!rc && (rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if ((rc = cancelled(db))) break;
        int64_t id = dft_chatdb_int(st, I_ID, -1);
        char start[DFT_TIME_LEN], src[96], e164[DFT_PHONE_LEN], abuf[256], region[3] = { 0 };
        int64_t raw;
        dft_chatdb_time(st, I_DATE, DFT_TIME_COCOA_S, start, &raw);
        bool out = dft_chatdb_int(st, I_ORIG, 0) != 0;
        bool answered = dft_chatdb_int(st, I_ANS, 0) != 0;
        int64_t type = dft_chatdb_int(st, I_TYPE, -1);
        double durf = sqlite3_column_type(st, I_DUR) == SQLITE_NULL ? -1.0 : sqlite3_column_double(st, I_DUR);
        int64_t dur = durf < 0 || !isfinite(durf) || durf > 1e12 ? -1 : (int64_t)llround(durf);
        const char *iso = dft_chatdb_text(st, I_ISO);
        if (iso && strlen(iso) == 2) {
            region[0] = (char)toupper((unsigned char)iso[0]);
            region[1] = (char)toupper((unsigned char)iso[1]);
        }
        const char *addr = address_text(st, I_ADDR, abuf, sizeof abuf);
        const char *cp = dft_chatsys_addr(addr, region[0] ? region : ctx->region, e164);
        const char *provider = dft_chatdb_text(st, I_PROV);

        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_str(&j, "call_type", ios_call_type(type));
        if (type >= 0) dft_chat_json_int(&j, "raw_call_type", type);
        if (type == 8 || type == 16) dft_chat_json_str(&j, "app", "facetime");
        dft_chat_json_str(&j, "provider", provider);
        if (raw) dft_chat_json_int(&j, "raw_time", raw);
        dft_chat_json_bool(&j, "answered", answered);
        if (addr && cp && strcmp(addr, cp) != 0) dft_chat_json_str(&j, "address", addr);
        dft_chat_json_str(&j, "country_iso", iso);
        dft_chat_json_str(&j, "location", dft_chatdb_text(st, I_LOC));
        if (sqlite3_column_type(st, I_CAUSE) != SQLITE_NULL)
            dft_chat_json_int(&j, "disconnected_cause", dft_chatdb_int(st, I_CAUSE, 0));
        dft_chat_json_str(&j, "unique_id", dft_chatdb_text(st, I_UID));

        dft_chat_call c = { 0 };
        c.account = account[0] ? account : NULL;
        c.counterpart = cp;
        c.counterpart_name = dft_chatdb_text(st, I_NAME);
        c.direction = out ? "out" : "in";
        c.status = out ? (dur > 0 || answered ? "answered" : NULL) : (answered ? "answered" : "missed");
        c.media = type == 8 ? "video" : "voice";
        c.start_utc = start;
        c.duration_s = dur;
        c.source = dft_chatsys_source(src, "ZCALLRECORD", (long long)id);
        c.only_in_wal = dft_chatdb_only_in_wal(db, "ZCALLRECORD", id);
        c.details = dft_chat_json_end(&j);
        rc = emit_call(sink, stats, &c);
        dft_chat_json_free(&j);
    }
    sqlite3_finalize(st);
    return rc < 0 ? rc : DFT_OK;
}

const dft_chat_parser dft_chat_parser_callhistory_ios = {
    .app = "phone",
    .name = "callhistory-ios",
    .paths = ios_paths,
    .detect = ios_detect,
    .parse = ios_parse,
};
