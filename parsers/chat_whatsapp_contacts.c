/*
 * chat_whatsapp_contacts.c - WhatsApp contact databases as contacts rows: Android wa.db
 * (`wa_contacts`: jid, number, display_name, given_name, family_name, wa_name, status) and iOS
 * ContactsV2.sqlite (`ZWAADDRESSBOOKCONTACT`: ZWHATSAPPID, ZFULLNAME, ZGIVENNAME, ZPHONENUMBER, ...).
 * The message parsers read the same tables only for names; the rows are emitted here once, from the
 * database they live in (so they exist even when msgstore.db is missing or encrypted).
 *
 * Groups, broadcast lists and status@broadcast are listed in wa_contacts too: they are not persons
 * and are not emitted (counted in a warning-free way: they are simply skipped).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "chat_whatsapp.h"
#include "error.h"

static bool skip_jid(const char *jid)
{
    wa_jid_kind k = dft_wa_jid_kind(jid);
    return k == WA_JID_GROUP || k == WA_JID_BROADCAST || k == WA_JID_NEWSLETTER;
}

/* Shared row loop: columns 0 rowid, 1 jid, 2 number, 3 display name, 4 given, 5 family, 6 other name,
 * 7 status/about, 8 nickname. */
static int emit_rows(dft_chatdb *db, sqlite3_stmt *st, const char *table, const char *account, const char *region,
                     const dft_chat_sink *sink, dft_chat_stats *stats)
{
    int rc;
    int64_t last = 0;
    char src[96], phone[DFT_PHONE_LEN], full[512];
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) return DFT_ECANCELLED;
        int64_t id = sqlite3_column_int64(st, 0);
        last = id;
        const char *jid = dft_chatdb_text(st, 1);
        if (skip_jid(jid)) continue;
        const char *number = dft_chatdb_text(st, 2);
        const char *name = dft_chatdb_text(st, 3), *given = dft_chatdb_text(st, 4), *family = dft_chatdb_text(st, 5);
        const char *other = dft_chatdb_text(st, 6);
        if ((!name || !*name) && ((given && *given) || (family && *family))) {
            snprintf(full, sizeof full, "%s%s%s", given ? given : "", given && *given && family && *family ? " " : "",
                     family ? family : "");
            name = full;
        }
        if (!name || !*name) name = other && *other ? other : NULL;
        if (dft_wa_jid_phone(jid, phone) != DFT_OK) dft_chatdb_phone(number, region, false, phone);
        dft_chat_contact c = { 0 };
        c.account = account;
        c.name = name;
        c.phone = phone[0] ? phone : NULL;
        c.handle = jid;
        snprintf(src, sizeof src, "%s:%" PRId64, table, id);
        c.source = src;
        c.only_in_wal = dft_chatdb_only_in_wal(db, table, id);
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_str(&j, "number", number);
        dft_chat_json_str(&j, "given_name", given);
        dft_chat_json_str(&j, "family_name", family);
        dft_chat_json_str(&j, "wa_name", other);
        dft_chat_json_str(&j, "status", dft_chatdb_text(st, 7));
        dft_chat_json_str(&j, "nickname", dft_chatdb_text(st, 8));
        c.details = dft_chat_json_end(&j);
        int src_rc = sink->contact ? sink->contact(sink->payload, &c) : DFT_OK;
        dft_chat_json_free(&j);
        if (src_rc) return src_rc;
        stats->contacts++;
        if (c.only_in_wal) stats->contacts_only_in_wal++;
    }
    if (rc < 0 && rc != DFT_ECANCELLED && rc != DFT_ENOMEM) {
        char w[600];
        snprintf(w, sizeof w, "%s: reading stopped after rowid %" PRId64 ": %s", table, last, dft_error_last());
        if (sink->warning) sink->warning(sink->payload, w);
        stats->skipped++;
        return DFT_OK;
    }
    return rc < 0 ? rc : DFT_OK;
}

/* ---- Android wa.db ----------------------------------------------------------------------------- */

static int wa_contacts_detect(dft_chatdb *db, const dft_chat_ctx *ctx)
{
    (void)ctx;
    return dft_chatdb_has_column(db, "wa_contacts", "jid") && !dft_chatdb_has_table(db, "message") &&
                   !dft_chatdb_has_table(db, "messages")
               ? 80
               : 0;
}

static int wa_contacts_parse(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    stats->variant = "android-wa.db";
    char account[DFT_PHONE_LEN];
    dft_wa_android_account(ctx, account);
    if (account[0]) snprintf(stats->account, sizeof stats->account, "%s", account);
    const char *T = "wa_contacts";
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(db, &st, "SELECT rowid, %s, %s, %s, %s, %s, %s, %s, %s FROM wa_contacts ORDER BY rowid",
                                dft_chatdb_col(db, T, "jid"), dft_chatdb_col(db, T, "number"),
                                dft_chatdb_col(db, T, "display_name"), dft_chatdb_col(db, T, "given_name"),
                                dft_chatdb_col(db, T, "family_name"), dft_chatdb_col(db, T, "wa_name"),
                                dft_chatdb_col(db, T, "status"), dft_chatdb_col(db, T, "nickname"));
    if (rc) return rc;
    rc = emit_rows(db, st, T, account[0] ? account : NULL, ctx->region, sink, stats);
    sqlite3_finalize(st);
    return rc;
}

static const char *const wa_contacts_paths[] = {
    "*/com.whatsapp/databases/wa.db",
    "*/com.whatsapp.w4b/databases/wa.db",
    NULL,
};

const dft_chat_parser dft_chat_parser_whatsapp_android_contacts = {
    .app = "whatsapp",
    .name = "whatsapp-android-contacts",
    .paths = wa_contacts_paths,
    .detect = wa_contacts_detect,
    .parse = wa_contacts_parse,
};

/* ---- iOS ContactsV2.sqlite ---------------------------------------------------------------------- */

static int ios_contacts_detect(dft_chatdb *db, const dft_chat_ctx *ctx)
{
    (void)ctx;
    return dft_chatdb_has_column(db, "ZWAADDRESSBOOKCONTACT", "ZWHATSAPPID") ? 80 : 0;
}

static int ios_contacts_parse(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    stats->variant = "ios-contactsv2";
    char account[DFT_PHONE_LEN] = "";
    if (ctx->account_hint) dft_chatdb_phone(ctx->account_hint, ctx->region, false, account);
    if (account[0]) snprintf(stats->account, sizeof stats->account, "%s", account);
    const char *T = "ZWAADDRESSBOOKCONTACT";
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(db, &st,
                                "SELECT rowid, %s, %s, %s, %s, %s, %s, %s, NULL FROM ZWAADDRESSBOOKCONTACT ORDER BY rowid",
                                dft_chatdb_col(db, T, "ZWHATSAPPID"), dft_chatdb_col(db, T, "ZPHONENUMBER"),
                                dft_chatdb_col(db, T, "ZFULLNAME"), dft_chatdb_col(db, T, "ZGIVENNAME"),
                                dft_chatdb_col_any(db, T, (const char *const[]){ "ZLASTNAME", "ZFAMILYNAME", NULL }),
                                dft_chatdb_col_any(db, T, (const char *const[]){ "ZBUSINESSNAME", "ZUSERNAME", NULL }),
                                dft_chatdb_col(db, T, "ZABOUTTEXT"));
    if (rc) return rc;
    rc = emit_rows(db, st, T, account[0] ? account : NULL, ctx->region, sink, stats);
    sqlite3_finalize(st);
    return rc;
}

static const char *const ios_contacts_paths[] = { "*/ContactsV2.sqlite", NULL };

const dft_chat_parser dft_chat_parser_whatsapp_ios_contacts = {
    .app = "whatsapp",
    .name = "whatsapp-ios-contacts",
    .paths = ios_contacts_paths,
    .detect = ios_contacts_detect,
    .parse = ios_contacts_parse,
};
