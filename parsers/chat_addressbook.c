/*
 * chat_addressbook.c - the iOS address book (Library/AddressBook/AddressBook.sqlitedb): one contact
 * row per ABPerson with its phone numbers and e-mails from ABMultiValue. App "ios_addressbook".
 *
 * Tables (iLEAPP addressBook.py; research/chat.md): ABPerson(ROWID, First, Middle, Last,
 * Organization, Nickname, CreationDate, ModificationDate Cocoa s), ABMultiValue(UID, record_id ->
 * ABPerson.ROWID, property 3 phone / 4 e-mail / others, label -> ABMultiValueLabel.ROWID, value),
 * ABMultiValueLabel(value, e.g. "_$!<Mobile>!$_").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chat_system.h"
#include "error.h"

#define AB_PHONE 3
#define AB_EMAIL 4

static const char *const ab_paths[] = { "*Library/AddressBook/AddressBook.sqlitedb", NULL };

static int ab_detect(dft_chatdb *db, const dft_chat_ctx *ctx)
{
    (void)ctx;
    static const char *const t[] = { "ABPerson", "ABMultiValue", NULL };
    if (!dft_chatdb_has_tables(db, t)) return 0;
    if (!dft_chatdb_has_column(db, "ABMultiValue", "record_id") || !dft_chatdb_has_column(db, "ABMultiValue", "property") ||
        !dft_chatdb_has_column(db, "ABMultiValue", "value"))
        return 0;
    return 80;
}

/* "_$!<Mobile>!$_" -> "Mobile" (Apple's built-in labels); custom labels stay as they are. */
static void label_text(const char *raw, char out[64])
{
    out[0] = '\0';
    if (!raw) return;
    size_t n = strlen(raw);
    if (n > 8 && strncmp(raw, "_$!<", 4) == 0 && strcmp(raw + n - 4, ">!$_") == 0) {
        snprintf(out, 64, "%.*s", (int)(n - 8), raw + 4);
        return;
    }
    snprintf(out, 64, "%s", raw);
}

enum { P_ID, P_FIRST, P_MIDDLE, P_LAST, P_ORG, P_NICK, P_CREATED, P_MODIFIED };

static int ab_one(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats,
                  const char *account, sqlite3_stmt *st, dft_chatsys_child *mv)
{
    int64_t id = dft_chatdb_int(st, P_ID, -1);
    dft_chatsys_str name = { 0 };
    for (int c = P_FIRST; c <= P_LAST; c++) {
        const char *part = dft_chatdb_text(st, c);
        if (part && *part) dft_chatsys_str_join(&name, " ", part);
    }
    const char *org = dft_chatdb_text(st, P_ORG);
    if (!name.len && org && *org) dft_chatsys_str_add(&name, org);

    char *phone = NULL, *email = NULL;
    dft_chatsys_str phones = { 0 };
    dft_chatsys_list *emails = dft_chatsys_list_new();
    int rc = dft_chatsys_child_seek(mv, id);
    for (; !rc && dft_chatsys_child_match(mv, id); rc = dft_chatsys_child_next(mv)) {
        int64_t prop = dft_chatdb_int(mv->st, 1, -1);
        const char *value = dft_chatdb_text(mv->st, 2);
        if (!value) continue;
        if (prop == AB_PHONE) {
            char e164[DFT_PHONE_LEN], label[64];
            const char *norm = dft_chatsys_addr(value, ctx->region, e164);
            if (!phone) phone = strdup(norm);
            label_text(dft_chatdb_text(mv->st, 3), label);
            dft_chat_json o;
            dft_chat_json_begin(&o);
            dft_chat_json_str(&o, "number", value);
            if (norm == e164) dft_chat_json_str(&o, "e164", norm);
            if (label[0]) dft_chat_json_str(&o, "label", label);
            dft_chatsys_str_join(&phones, ",", dft_chat_json_end(&o));
            dft_chat_json_free(&o);
        } else if (prop == AB_EMAIL) {
            dft_chatsys_list_add(emails, value);
            if (!email) email = strdup(value);
        }
    }
    if (rc == DFT_OK) {
        char src[96], created[DFT_TIME_LEN], modified[DFT_TIME_LEN];
        int64_t raw;
        dft_chatdb_time(st, P_CREATED, DFT_TIME_COCOA_S, created, &raw);
        dft_chatdb_time(st, P_MODIFIED, DFT_TIME_COCOA_S, modified, &raw);
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
        dft_chat_json_str(&j, "organization", org);
        dft_chat_json_str(&j, "nickname", dft_chatdb_text(st, P_NICK));
        if (created[0]) dft_chat_json_str(&j, "created_utc", created);
        if (modified[0]) dft_chat_json_str(&j, "modified_utc", modified);
        dft_chat_contact c = { 0 };
        c.account = account && *account ? account : NULL;
        c.name = dft_chatsys_str_get(&name);
        c.phone = phone;
        c.handle = email;
        c.source = dft_chatsys_source(src, "ABPerson", (long long)id);
        c.only_in_wal = dft_chatdb_only_in_wal(db, "ABPerson", id);
        c.details = dft_chat_json_end(&j);
        stats->contacts++;
        if (c.only_in_wal) stats->contacts_only_in_wal++;
        rc = sink->contact ? sink->contact(sink->payload, &c) : DFT_OK;
        dft_chat_json_free(&j);
    }
    dft_chatsys_str_free(&name);
    dft_chatsys_str_free(&phones);
    dft_chatsys_list_free(emails);
    free(phone);
    free(email);
    return rc < 0 ? rc : DFT_OK;
}

static int ab_parse(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    char account[128];
    stats->variant = "ios-addressbook";
    dft_chatsys_account(ctx, account, stats);
    const char *p = "ABPerson";
    sqlite3_stmt *st = NULL, *ms = NULL;
    dft_chatsys_child mv = { 0 };
    int rc = dft_chatdb_prepare(db, &st, "SELECT ROWID, %s, %s, %s, %s, %s, %s, %s FROM ABPerson ORDER BY ROWID",
                                dft_chatdb_col(db, p, "First"), dft_chatdb_col(db, p, "Middle"),
                                dft_chatdb_col(db, p, "Last"), dft_chatdb_col(db, p, "Organization"),
                                dft_chatdb_col(db, p, "Nickname"), dft_chatdb_col(db, p, "CreationDate"),
                                dft_chatdb_col(db, p, "ModificationDate"));
    bool labels = dft_chatdb_has_table(db, "ABMultiValueLabel") && dft_chatdb_has_column(db, "ABMultiValue", "label");
    if (!rc)
        rc = labels ? dft_chatdb_prepare(db, &ms, "SELECT CAST(mv.record_id AS INTEGER) AS k, mv.property, mv.value, "
                                                  "l.value FROM ABMultiValue mv LEFT JOIN ABMultiValueLabel l ON "
                                                  "l.ROWID = mv.label ORDER BY k, mv.ROWID")
                    : dft_chatdb_prepare(db, &ms, "SELECT CAST(record_id AS INTEGER) AS k, property, value, NULL FROM "
                                                  "ABMultiValue ORDER BY k, ROWID");
    /* multi-values are read in one ordered pass beside ABPerson (merge join): no index needed */
    if (!rc) rc = dft_chatsys_child_open(&mv, db, ms);
    ms = NULL;
    while (!rc && (rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) {
            rc = dft_error_set(DFT_ECANCELLED, "cancelled");
            break;
        }
        rc = ab_one(db, ctx, sink, stats, account, st, &mv);
        if (rc == DFT_ECORRUPT) {
            if (sink->warning) sink->warning(sink->payload, "AddressBook.sqlitedb: a person could not be read");
            stats->skipped++;
            rc = DFT_OK;
        }
    }
    sqlite3_finalize(st);
    sqlite3_finalize(ms);
    dft_chatsys_child_close(&mv);
    return rc < 0 ? rc : DFT_OK;
}

const dft_chat_parser dft_chat_parser_addressbook_ios = {
    .app = "ios_addressbook",
    .name = "addressbook-ios",
    .paths = ab_paths,
    .detect = ab_detect,
    .parse = ab_parse,
};
