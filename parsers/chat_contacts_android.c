/*
 * chat_contacts_android.c - Android's Contacts provider database (com.android.providers.contacts
 * contacts2.db): one contact row per raw contact, with its phone numbers, e-mails and structured
 * name from `data` + `mimetypes`, and the sync account (`accounts`, or account_name/account_type
 * on raw_contacts in old versions). The `calls` table of pre-7 Android is read as the call log
 * (parsers/chat_calllog.c). App "android_contacts" (calls go out with the same app id: one app per
 * parser; details of each call say so).
 *
 * Tables (AOSP ContactsDatabaseHelper; ALEAPP contacts.py):
 *   raw_contacts(_id, account_id -> accounts._id, contact_id, display_name, deleted, starred,
 *                times_contacted, last_time_contacted Unix ms)
 *   data(_id, raw_contact_id, mimetype_id -> mimetypes._id, data1.., data15)
 *     vnd.android.cursor.item/phone_v2: data1 number as typed, data2 type, data3 label,
 *                                       data4 normalized number (E.164)
 *     vnd.android.cursor.item/email_v2: data1 address
 *     vnd.android.cursor.item/name:     data1 display name
 *   accounts(_id, account_name, account_type)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chat_calllog.h"
#include "chat_system.h"
#include "error.h"

static const char *const ct_paths[] = { "*/com.android.providers.contacts/databases/contacts2.db", NULL };

static int ct_detect(dft_chatdb *db, const dft_chat_ctx *ctx)
{
    (void)ctx;
    static const char *const t[] = { "raw_contacts", "data", "mimetypes", NULL };
    if (!dft_chatdb_has_tables(db, t)) return 0;
    if (!dft_chatdb_has_column(db, "data", "raw_contact_id") || !dft_chatdb_has_column(db, "data", "mimetype_id") ||
        !dft_chatdb_has_column(db, "mimetypes", "mimetype"))
        return 0;
    return 80;
}

/* android.provider.ContactsContract.CommonDataKinds.Phone.TYPE_* */
static const char *phone_type(int64_t t)
{
    static const char *const names[] = { "custom", "home", "mobile", "work", "fax_work", "fax_home", "pager", "other",
                                         "callback", "car", "company_main", "isdn", "main", "other_fax", "radio",
                                         "telex", "tty_tdd", "work_mobile", "work_pager", "assistant", "mms" };
    return t >= 0 && t < (int64_t)(sizeof names / sizeof *names) ? names[t] : NULL;
}

enum { R_ID, R_NAME, R_DELETED, R_CONTACT, R_ACCT_NAME, R_ACCT_TYPE, R_STARRED, R_TIMES, R_LAST };

static int ct_one(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats,
                  const char *account, sqlite3_stmt *st, dft_chatsys_child *dt)
{
    int64_t id = dft_chatdb_int(st, R_ID, -1);
    char *name = NULL, *phone = NULL, *email = NULL;
    const char *display = dft_chatdb_text(st, R_NAME);
    dft_chatsys_str phones = { 0 };
    dft_chatsys_list *emails = dft_chatsys_list_new();
    int rc = dft_chatsys_child_seek(dt, id);
    for (; !rc && dft_chatsys_child_match(dt, id); rc = dft_chatsys_child_next(dt)) {
        const char *mt = dft_chatdb_text(dt->st, 1), *d1 = dft_chatdb_text(dt->st, 2);
        if (!mt || !d1) continue;
        if (strcmp(mt, "vnd.android.cursor.item/phone_v2") == 0) {
            const char *d4 = dft_chatdb_text(dt->st, 4);
            char e164[DFT_PHONE_LEN];
            const char *norm = NULL;
            if (d4 && dft_chatdb_phone(d4, NULL, false, e164) == DFT_OK) norm = e164;
            else norm = dft_chatsys_addr(d1, ctx->region, e164);
            if (!phone && norm) phone = strdup(norm);
            /* {"number":..,"e164":..,"type":..} objects, joined into a JSON array below */
            dft_chat_json o;
            dft_chat_json_begin(&o);
            dft_chat_json_str(&o, "number", d1);
            if (norm && norm == e164) dft_chat_json_str(&o, "e164", norm);
            int64_t type = dft_chatdb_int(dt->st, 3, -1);
            dft_chat_json_str(&o, "type", type == 0 ? dft_chatdb_text(dt->st, 5) : phone_type(type));
            dft_chatsys_str_join(&phones, ",", dft_chat_json_end(&o));
            dft_chat_json_free(&o);
        } else if (strcmp(mt, "vnd.android.cursor.item/email_v2") == 0) {
            dft_chatsys_list_add(emails, d1);
            if (!email) email = strdup(d1);
        } else if (strcmp(mt, "vnd.android.cursor.item/name") == 0 && !name) {
            name = strdup(d1);
        }
    }
    if (rc == DFT_OK) {
        char src[96], last[DFT_TIME_LEN];
        int64_t raw;
        dft_chatdb_time(st, R_LAST, DFT_TIME_UNIX_MS, last, &raw);
        dft_chat_json j;
        dft_chat_json_begin(&j);
        if (phones.len) {
            dft_chatsys_str arr = { 0 };
            dft_chatsys_str_add(&arr, "[");
            dft_chatsys_str_add(&arr, dft_chatsys_str_get(&phones));
            dft_chatsys_str_add(&arr, "]");
            if (dft_chatsys_str_get(&arr)) dft_chat_json_raw(&j, "phones", dft_chatsys_str_get(&arr));
            dft_chatsys_str_free(&arr);
        }
        if (dft_chatsys_list_len(emails)) {
            char *e = dft_chatsys_list_dump(emails);
            if (e) dft_chat_json_raw(&j, "emails", e);
            free(e);
        }
        dft_chat_json_str(&j, "account_name", dft_chatdb_text(st, R_ACCT_NAME));
        dft_chat_json_str(&j, "account_type", dft_chatdb_text(st, R_ACCT_TYPE));
        if (dft_chatdb_int(st, R_DELETED, 0)) dft_chat_json_bool(&j, "deleted", true);
        if (dft_chatdb_int(st, R_STARRED, 0)) dft_chat_json_bool(&j, "starred", true);
        if (dft_chatdb_int(st, R_TIMES, 0)) dft_chat_json_int(&j, "times_contacted", dft_chatdb_int(st, R_TIMES, 0));
        if (last[0]) dft_chat_json_str(&j, "last_contacted_utc", last);
        if (sqlite3_column_type(st, R_CONTACT) != SQLITE_NULL)
            dft_chat_json_int(&j, "contact_id", dft_chatdb_int(st, R_CONTACT, 0));
        dft_chat_contact c = { 0 };
        c.account = account && *account ? account : NULL;
        c.name = display && *display ? display : name;
        c.phone = phone;
        c.handle = email;
        c.source = dft_chatsys_source(src, "raw_contacts", (long long)id);
        c.only_in_wal = dft_chatdb_only_in_wal(db, "raw_contacts", id);
        c.details = dft_chat_json_end(&j);
        stats->contacts++;
        if (c.only_in_wal) stats->contacts_only_in_wal++;
        rc = sink->contact ? sink->contact(sink->payload, &c) : DFT_OK;
        dft_chat_json_free(&j);
    }
    dft_chatsys_str_free(&phones);
    dft_chatsys_list_free(emails);
    free(name);
    free(phone);
    free(email);
    return rc < 0 ? rc : DFT_OK;
}

static int ct_parse(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    char account[128];
    stats->variant = "android-contacts2";
    dft_chatsys_account(ctx, account, stats);
    const char *an = "NULL", *at = "NULL", *join = "";
    if (dft_chatdb_has_column(db, "raw_contacts", "account_name")) {
        an = dft_chatdb_col(db, "raw_contacts", "account_name");
        at = dft_chatdb_col(db, "raw_contacts", "account_type");
    } else if (dft_chatdb_has_table(db, "accounts") && dft_chatdb_has_column(db, "raw_contacts", "account_id")) {
        an = dft_chatdb_col(db, "accounts", "account_name");
        at = dft_chatdb_col(db, "accounts", "account_type");
        join = " LEFT JOIN accounts ON accounts._id = raw_contacts.account_id";
    }
    sqlite3_stmt *st = NULL, *ds = NULL;
    dft_chatsys_child dt = { 0 };
    int rc = dft_chatdb_prepare(db, &st, "SELECT raw_contacts._id, %s, %s, %s, %s, %s, %s, %s, %s FROM raw_contacts%s "
                                         "ORDER BY raw_contacts._id",
                                dft_chatdb_col(db, "raw_contacts", "display_name"),
                                dft_chatdb_col(db, "raw_contacts", "deleted"),
                                dft_chatdb_col(db, "raw_contacts", "contact_id"), an, at,
                                dft_chatdb_col(db, "raw_contacts", "starred"),
                                dft_chatdb_col(db, "raw_contacts", "times_contacted"),
                                dft_chatdb_col(db, "raw_contacts", "last_time_contacted"), join);
    if (!rc)
        rc = dft_chatdb_prepare(db, &ds, "SELECT CAST(data.raw_contact_id AS INTEGER) AS k, mimetypes.mimetype, %s, %s, %s, %s "
                                         "FROM data JOIN mimetypes ON mimetypes._id = data.mimetype_id ORDER BY k, data._rowid_",
                                dft_chatdb_col(db, "data", "data1"), dft_chatdb_col(db, "data", "data2"),
                                dft_chatdb_col(db, "data", "data4"), dft_chatdb_col(db, "data", "data3"));
    /* data rows are read in one ordered pass beside raw_contacts (merge join): no index needed */
    if (!rc) rc = dft_chatsys_child_open(&dt, db, ds);
    ds = NULL;
    while (!rc && (rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) {
            rc = dft_error_set(DFT_ECANCELLED, "cancelled");
            break;
        }
        rc = ct_one(db, ctx, sink, stats, account, st, &dt);
        if (rc == DFT_ECORRUPT) {
            if (sink->warning) sink->warning(sink->payload, "contacts2.db: a raw contact could not be read");
            stats->skipped++;
            rc = DFT_OK;
        }
    }
    sqlite3_finalize(st);
    sqlite3_finalize(ds);
    dft_chatsys_child_close(&dt);
    if (rc < 0) return rc;
    if (dft_calllog_android_has_calls(db)) {
        stats->variant = "android-contacts2+calls";
        rc = dft_calllog_android_calls(db, ctx, sink, stats, account);
    }
    return rc;
}

const dft_chat_parser dft_chat_parser_contacts_android = {
    .app = "android_contacts",
    .name = "contacts2-android",
    .paths = ct_paths,
    .detect = ct_detect,
    .parse = ct_parse,
};
