/*
 * store_correlate.c - the cross-device correlation index: identifier_occurrences rebuilt from the case's
 * rows, and v_shared_identifiers over it (docs/merge.md "Correlation").
 *
 * Why in the store and not a plugin case pass: plugins emit rows and never read the case store's SQL, and
 * this pass must read every evidence item's rows at once, after a merge as after an ingest, and rebuild a
 * derived index (not emit findings, which would multiply on every re-run). Each rebuild is audited with its
 * counts, region and the case's row generation ("correlate"; dft_correlation_state_get tells from the chain
 * whether the index is stale); the index is sealed as a whole by the case seal that follows it (selector
 * "all", store_seal.c), so an edited occurrence is named by verify.
 *
 * Identifiers (kind: value), each occurrence with its evidence item and (source_table, source_id,
 * source_column), the row it is in:
 *   phone        E.164 (libphonenumber, parsers/phone.h): messages.sender/recipient, contacts.phone,
 *                calls.counterpart, persons.phone, evidence_meta device.phone*; a WhatsApp-style JID's
 *                digits (12345@s.whatsapp.net) are international. National forms count only with a region.
 *   email        lower-cased address (x@y.tld; not a chat JID domain): senders, recipients, contact handles
 *   handle       "app:handle" for other chat handles and JIDs (contacts.handle, messages sender/recipient
 *                of chat apps; not SMS, whose non-numeric senders are banks' and carriers' names)
 *   crypto.address  the finding's canonical address (details.canonical, else value), wallets.address
 *   crypto.seed  "sha256:<hex>" of the phrase normalised (ASCII lower case, words joined by one space);
 *                the phrase itself is never copied here
 *   imei         15 digits with a valid Luhn check digit: evidence_meta device.imei*, findings kind *imei*
 *   passport     upper case, spaces removed: persons.passport, findings id.passport
 *
 * Invariants:
 *  1. Deterministic: sources in a fixed order, each ORDER BY its row id; ties impossible.
 *  2. Bulk: the indexes are dropped, the table refilled, the indexes built once (sorted), so the cost is
 *     one pass over the sources plus one sort, not one B-tree insert per row and index.
 *  3. Memory bounded: phone numbers are parsed once per distinct text into a temp table (sorting spills
 *     to temp files); the per-row phone cache (chat handles) is a fixed direct-mapped table.
 */
#include <ctype.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "hash.h"
#include "phone.h"
#include "store_correlate.h"
#include "store_impl.h"
#include "store_merge.h"

#define PHONE_CACHE 8192 /* direct-mapped entries: numbers repeat a lot in chat databases */
#define RAW_MAX 64       /* longer text is not a phone number */

typedef struct phone_slot {
    char raw[RAW_MAX];
    char e164[DFT_PHONE_LEN]; /* "" = not a number */
    bool used;
} phone_slot;

typedef struct correlate_ctx {
    char region[3];
    phone_slot *cache;
} correlate_ctx;

static uint32_t fnv1a(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++) h = (h ^ (uint8_t)*s) * 16777619u;
    return h;
}

/* Chat JID domains whose user part is an international phone number. */
static bool phone_jid_domain(const char *d)
{
    return strcmp(d, "s.whatsapp.net") == 0 || strcmp(d, "c.us") == 0 || strcmp(d, "whatsapp.net") == 0;
}

/* raw -> E.164 in out; false when raw is not a phone number. */
static bool to_phone(correlate_ctx *c, const char *raw, char out[DFT_PHONE_LEN])
{
    size_t n = strlen(raw);
    if (n < 5 || n >= RAW_MAX) return false;
    char buf[RAW_MAX];
    unsigned flags = 0;
    const char *at = strchr(raw, '@');
    if (at) {
        if (!phone_jid_domain(at + 1)) return false;
        n = (size_t)(at - raw);
        memcpy(buf, raw, n);
        buf[n] = 0;
        flags = DFT_PHONE_INTERNATIONAL;
    } else {
        memcpy(buf, raw, n + 1);
    }
    /* cheap shape test before libphonenumber: digits and separators only, 5..15 digits */
    int digits = 0;
    for (const char *p = buf; *p; p++) {
        if (isdigit((unsigned char)*p)) digits++;
        else if (!strchr("+-() .", *p)) return false;
    }
    if (digits < 5 || digits > 15) return false;
    bool intl = buf[0] == '+' || (buf[0] == '0' && buf[1] == '0') || flags;
    if (!intl && !c->region[0]) return false;
    phone_slot *slot = &c->cache[fnv1a(raw) % PHONE_CACHE];
    if (slot->used && strcmp(slot->raw, raw) == 0) {
        memcpy(out, slot->e164, DFT_PHONE_LEN);
        return out[0] != 0;
    }
    char e[DFT_PHONE_LEN] = "";
    if (dft_phone_e164(buf, intl ? NULL : c->region, flags, e) != DFT_OK) e[0] = 0;
    slot->used = true;
    snprintf(slot->raw, sizeof slot->raw, "%s", raw);
    memcpy(slot->e164, e, DFT_PHONE_LEN);
    memcpy(out, e, DFT_PHONE_LEN);
    return out[0] != 0;
}

/* A plain address check (no quoting, no comments: what chat apps and contact lists store). */
static bool is_email(const char *v)
{
    const char *at = strchr(v, '@');
    if (!at || at == v || strchr(at + 1, '@') || strlen(v) > 254) return false;
    const char *dot = strrchr(at + 1, '.');
    if (!dot || dot == at + 1 || !dot[1] || phone_jid_domain(at + 1)) return false;
    for (const char *p = v; *p; p++)
        if ((unsigned char)*p <= ' ' || strchr("<>(),;:\"[]\\", *p)) return false;
    /* chat-app JID domains are handles, not mail */
    static const char *const jid[] = { "g.us", "broadcast", "lid", "newsletter", "chat.facebook.com" };
    for (size_t i = 0; i < sizeof jid / sizeof jid[0]; i++)
        if (strcmp(at + 1, jid[i]) == 0) return false;
    return true;
}

/* SQL dft_ident_phone(text) -> E.164 or NULL */
static void fn_phone(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *raw = (const char *)sqlite3_value_text(argv[0]);
    char e[DFT_PHONE_LEN];
    if (raw && to_phone(sqlite3_user_data(cx), raw, e))
        sqlite3_result_text(cx, e, -1, SQLITE_TRANSIENT);
    else
        sqlite3_result_null(cx);
}

/* SQL dft_ident_email(text) -> lower-cased address or NULL */
static void fn_email(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *v = (const char *)sqlite3_value_text(argv[0]);
    if (!v || !is_email(v)) {
        sqlite3_result_null(cx);
        return;
    }
    size_t n = strlen(v);
    char *o = sqlite3_malloc64(n + 1);
    if (!o) {
        sqlite3_result_error_nomem(cx);
        return;
    }
    for (size_t i = 0; i <= n; i++) o[i] = (char)tolower((unsigned char)v[i]);
    sqlite3_result_text(cx, o, (int)n, sqlite3_free);
}

/* SQL dft_ident_handle(app, text) -> "app:text" for a chat handle that is neither phone nor e-mail */
static void fn_handle(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *app = (const char *)sqlite3_value_text(argv[0]);
    const char *v = (const char *)sqlite3_value_text(argv[1]);
    char e[DFT_PHONE_LEN];
    if (!v || !v[0] || strlen(v) > 256 || is_email(v) || (!strchr(v, '@') && to_phone(sqlite3_user_data(cx), v, e))) {
        sqlite3_result_null(cx);
        return;
    }
    /* a bare number that is no valid phone number is not a handle either (e.g. "12345" short codes) */
    bool digits_only = true;
    for (const char *p = v; *p; p++)
        if (!isdigit((unsigned char)*p) && !strchr("+-() .", *p)) digits_only = false;
    if (digits_only) {
        sqlite3_result_null(cx);
        return;
    }
    char *o = sqlite3_mprintf("%s:%s", app && app[0] ? app : "unknown", v);
    if (!o) sqlite3_result_error_nomem(cx);
    else sqlite3_result_text(cx, o, -1, sqlite3_free);
}

/* SQL dft_ident_seed(phrase) -> "sha256:<hex>" of the normalised phrase */
static void fn_seed(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *v = (const char *)sqlite3_value_text(argv[0]);
    if (!v) {
        sqlite3_result_null(cx);
        return;
    }
    size_t n = strlen(v), o = 0;
    char *norm = malloc(n + 1);
    if (!norm) {
        sqlite3_result_error_nomem(cx);
        return;
    }
    bool space = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)v[i];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
            space = o > 0;
            continue;
        }
        if (space) norm[o++] = ' ';
        space = false;
        norm[o++] = (char)tolower(ch);
    }
    char hex[65], out[72];
    dft_sha256_hex(hex, norm, o);
    free(norm);
    snprintf(out, sizeof out, "sha256:%s", hex);
    sqlite3_result_text(cx, out, -1, SQLITE_TRANSIENT);
}

/* SQL dft_ident_imei(text) -> the 15 digits when they pass the Luhn check, else NULL */
static void fn_imei(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *v = (const char *)sqlite3_value_text(argv[0]);
    char d[16];
    int n = 0;
    for (const char *p = v; p && *p; p++) {
        if (isdigit((unsigned char)*p)) {
            if (n == 15) {
                n = 16;
                break;
            }
            d[n++] = *p;
        } else if (*p != ' ' && *p != '-' && *p != '/') {
            n = 0;
            break;
        }
    }
    if (n != 15) {
        sqlite3_result_null(cx);
        return;
    }
    int sum = 0;
    for (int i = 0; i < 15; i++) {
        int x = d[i] - '0';
        if (i % 2 == 1) x = x * 2 > 9 ? x * 2 - 9 : x * 2;
        sum += x;
    }
    if (sum % 10) {
        sqlite3_result_null(cx);
        return;
    }
    d[15] = 0;
    sqlite3_result_text(cx, d, 15, SQLITE_TRANSIENT);
}

/* SQL dft_ident_passport(text) -> upper case without spaces, 5..20 alphanumerics, else NULL */
static void fn_passport(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *v = (const char *)sqlite3_value_text(argv[0]);
    char o[24];
    size_t n = 0;
    for (const char *p = v; p && *p; p++) {
        if (*p == ' ' || *p == '-') continue;
        if (!isalnum((unsigned char)*p) || n >= 20) {
            n = 0;
            break;
        }
        o[n++] = (char)toupper((unsigned char)*p);
    }
    if (n < 5) {
        sqlite3_result_null(cx);
        return;
    }
    sqlite3_result_text(cx, o, (int)n, SQLITE_TRANSIENT);
}

/* The sources, in order. Each yields (kind, value, evidence_item, source_table, source_id, source_column);
 * rows whose value is NULL are dropped by the outer INSERT. */
#define EV(t) "coalesce(" t ".evidence_id, (SELECT f.evidence_id FROM files f WHERE f.id = " t ".file_id))"
/* Phone numbers are parsed once per distinct text (sort-unique, then parse): PHONE_MAP_FILL collects every
 * distinct raw value of the phone sources below (UNION: a sort, spilled to temp files) and parses each with
 * dft_ident_phone into temp.dft_phone_map; the sources then look each row's value up there (PHONE). The
 * same results as calling dft_ident_phone per row (it depends on the text and the region only), with
 * libphonenumber run once per distinct number instead of once per occurrence: a raid's numbers repeat
 * across devices far beyond what the per-row cache holds. Keep PHONE_MAP_FILL's columns those of the
 * PHONE(...) sources. */
#define PHONE(x) "(SELECT pm.e164 FROM temp.dft_phone_map pm WHERE pm.raw = " x ")"
static const char PHONE_MAP_FILL[] =
    "CREATE TEMP TABLE dft_phone_map(raw PRIMARY KEY, e164) WITHOUT ROWID;"
    " INSERT OR IGNORE INTO temp.dft_phone_map(raw, e164) SELECT raw, dft_ident_phone(raw) FROM ("
    "SELECT sender AS raw FROM messages UNION SELECT recipient FROM messages UNION SELECT phone FROM contacts"
    " UNION SELECT handle FROM contacts WHERE handle LIKE '%@%' UNION SELECT counterpart FROM calls"
    " UNION SELECT phone FROM persons UNION SELECT value FROM evidence_meta"
    " WHERE key LIKE 'device.phone%' OR key LIKE 'device.msisdn%') WHERE raw IS NOT NULL";
static const char *const sources[] = {
    /* phones */
    "SELECT 'phone', " PHONE("m.sender") ", " EV("m") ", 'messages', m.id, 'sender' FROM messages m ORDER BY m.id",
    "SELECT 'phone', " PHONE("m.recipient") ", " EV("m") ", 'messages', m.id, 'recipient' FROM messages m"
    " ORDER BY m.id",
    "SELECT 'phone', " PHONE("c.phone") ", " EV("c") ", 'contacts', c.id, 'phone' FROM contacts c ORDER BY c.id",
    "SELECT 'phone', " PHONE("c.handle") ", " EV("c") ", 'contacts', c.id, 'handle' FROM contacts c"
    " WHERE c.handle LIKE '%@%' ORDER BY c.id",
    "SELECT 'phone', " PHONE("c.counterpart") ", " EV("c") ", 'calls', c.id, 'counterpart' FROM calls c ORDER BY c.id",
    "SELECT 'phone', " PHONE("p.phone") ", " EV("p") ", 'persons', p.id, 'phone' FROM persons p ORDER BY p.id",
    "SELECT 'phone', " PHONE("x.value") ", x.evidence_id, 'evidence_meta', x.rowid, x.key FROM evidence_meta x"
    " WHERE x.key LIKE 'device.phone%' OR x.key LIKE 'device.msisdn%' ORDER BY x.rowid",
    /* e-mail */
    "SELECT 'email', dft_ident_email(m.sender), " EV("m") ", 'messages', m.id, 'sender' FROM messages m"
    " WHERE m.sender LIKE '%@%' ORDER BY m.id",
    "SELECT 'email', dft_ident_email(m.recipient), " EV("m") ", 'messages', m.id, 'recipient' FROM messages m"
    " WHERE m.recipient LIKE '%@%' ORDER BY m.id",
    "SELECT 'email', dft_ident_email(c.handle), " EV("c") ", 'contacts', c.id, 'handle' FROM contacts c"
    " WHERE c.handle LIKE '%@%' ORDER BY c.id",
    /* chat handles and JIDs */
    "SELECT 'handle', dft_ident_handle(c.app, c.handle), " EV("c") ", 'contacts', c.id, 'handle' FROM contacts c"
    " ORDER BY c.id",
    /* not SMS: an SMS sender that is no number is a bank's or carrier's sender name, shared by every phone */
    "SELECT 'handle', dft_ident_handle(m.app, m.sender), " EV("m") ", 'messages', m.id, 'sender' FROM messages m"
    " WHERE m.app IS NOT 'sms' ORDER BY m.id",
    "SELECT 'handle', dft_ident_handle(m.app, m.recipient), " EV("m") ", 'messages', m.id, 'recipient' FROM messages m"
    " WHERE m.app IS NOT 'sms' ORDER BY m.id",
    /* crypto */
    "SELECT 'crypto.address', coalesce(json_extract(CASE WHEN json_valid(fi.details) THEN fi.details END,"
    " '$.canonical'), fi.value), " EV("fi") ", 'findings', fi.id, 'value' FROM findings fi"
    " WHERE fi.kind = 'crypto.address' ORDER BY fi.id",
    "SELECT 'crypto.address', nullif(w.address, ''), " EV("w") ", 'wallets', w.id, 'address' FROM wallets w ORDER BY w.id",
    "SELECT 'crypto.seed', dft_ident_seed(fi.value), " EV("fi") ", 'findings', fi.id, 'value' FROM findings fi"
    " WHERE fi.kind = 'crypto.seed' ORDER BY fi.id",
    /* device and identity documents */
    "SELECT 'imei', dft_ident_imei(x.value), x.evidence_id, 'evidence_meta', x.rowid, x.key FROM evidence_meta x"
    " WHERE x.key LIKE 'device.imei%' ORDER BY x.rowid",
    "SELECT 'imei', dft_ident_imei(fi.value), " EV("fi") ", 'findings', fi.id, 'value' FROM findings fi"
    " WHERE fi.kind LIKE '%imei%' ORDER BY fi.id",
    "SELECT 'passport', dft_ident_passport(p.passport), " EV("p") ", 'persons', p.id, 'passport' FROM persons p"
    " WHERE p.passport IS NOT NULL ORDER BY p.id",
    "SELECT 'passport', dft_ident_passport(fi.value), " EV("fi") ", 'findings', fi.id, 'value' FROM findings fi"
    " WHERE fi.kind = 'id.passport' ORDER BY fi.id",
};

static int register_functions(sqlite3 *db, correlate_ctx *c)
{
    struct {
        const char *name;
        int n;
        void (*fn)(sqlite3_context *, int, sqlite3_value **);
    } f[] = { { "dft_ident_phone", 1, fn_phone },   { "dft_ident_email", 1, fn_email },
              { "dft_ident_handle", 2, fn_handle }, { "dft_ident_seed", 1, fn_seed },
              { "dft_ident_imei", 1, fn_imei },     { "dft_ident_passport", 1, fn_passport } };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (sqlite3_create_function(db, f[i].name, f[i].n, SQLITE_UTF8 | SQLITE_DETERMINISTIC, c, f[i].fn, NULL,
                                    NULL) != SQLITE_OK)
            return dft_error_set(DFT_ERROR, "correlate: %s", sqlite3_errmsg(db));
    return DFT_OK;
}

static int count(dft_store *s, const char *sql, int64_t *out)
{
    sqlite3_stmt *st = NULL;
    int rc = DFT_OK;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
        rc = store_sqlite_error(s, "identifier_occurrences");
    else
        *out = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc;
}

int dft_store_correlate_case(dft_store *s, const char *region, bool *ran, int64_t *occurrences, int64_t *shared)
{
    *ran = false;
    int64_t items = 0;
    int rc = count(s, "SELECT count(*) FROM evidence", &items);
    if (rc || items < 2) return rc;
    *ran = true;
    return dft_store_correlate(s, region, occurrences, shared);
}

int dft_correlation_state_get(void *dbv, dft_correlation_state *out)
{
    sqlite3 *db = dbv;
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = NULL;
    /* one statement: the last correlate row, the generation before it and now, the items */
    if (sqlite3_prepare_v2(db,
                           "WITH c AS (SELECT seq, detail FROM audit_log WHERE action = 'correlate' ORDER BY seq DESC"
                           " LIMIT 1) SELECT (SELECT seq FROM c),"
                           " (SELECT count(*) FROM audit_log WHERE action IN " DFT_CORRELATE_ROW_CHANGES
                           "  AND seq < coalesce((SELECT seq FROM c), 0)),"
                           " (SELECT count(*) FROM audit_log WHERE action IN " DFT_CORRELATE_ROW_CHANGES "),"
                           " (SELECT json_extract(CASE WHEN json_valid(detail) THEN detail END, '$.occurrences') FROM c),"
                           " (SELECT json_extract(CASE WHEN json_valid(detail) THEN detail END, '$.shared') FROM c),"
                           " (SELECT json_extract(CASE WHEN json_valid(detail) THEN detail END, '$.region') FROM c),"
                           " (SELECT count(*) FROM evidence)", -1, &st, NULL) != SQLITE_OK) {
        int rc = dft_error_set(DFT_ERROR, "correlation state: %s", sqlite3_errmsg(db));
        sqlite3_finalize(st);
        return rc;
    }
    int rc = DFT_OK;
    if (sqlite3_step(st) == SQLITE_ROW) {
        out->built = sqlite3_column_type(st, 0) != SQLITE_NULL;
        out->seq = sqlite3_column_int64(st, 0);
        out->generation = sqlite3_column_int64(st, 1);
        out->case_generation = sqlite3_column_int64(st, 2);
        out->occurrences = sqlite3_column_int64(st, 3);
        out->shared = sqlite3_column_int64(st, 4);
        const char *r = (const char *)sqlite3_column_text(st, 5);
        if (r && strlen(r) == 2) memcpy(out->region, r, 2);
        out->evidence_items = sqlite3_column_int64(st, 6);
        out->stale = out->built && out->case_generation > out->generation;
    } else {
        rc = dft_error_set(DFT_ERROR, "correlation state: %s", sqlite3_errmsg(db));
    }
    sqlite3_finalize(st);
    return rc;
}

void dft_correlation_state_describe(const dft_correlation_state *st, char *buf, size_t len)
{
    char what[160];
    snprintf(what, sizeof what, "region %s, %lld occurrences, %lld shared", st->region[0] ? st->region : "none",
             (long long)st->occurrences, (long long)st->shared);
    if (!st->built && st->evidence_items < 2)
        snprintf(buf, len, "not built (fewer than two evidence items: nothing can be shared)");
    else if (!st->built)
        snprintf(buf, len, "NOT BUILT: run `dftriage merge CASE.db` to build it");
    else if (st->stale)
        snprintf(buf, len, "STALE: built at generation %lld (%s), the case's rows are at generation %lld: run "
                 "`dftriage merge CASE.db` to rebuild it", (long long)st->generation, what,
                 (long long)st->case_generation);
    else
        snprintf(buf, len, "current (generation %lld, %s)", (long long)st->generation, what);
}

int dft_store_correlate(dft_store *s, const char *region, int64_t *occurrences, int64_t *shared)
{
    correlate_ctx c = { { 0 }, NULL };
    dft_correlation_state before;
    if (!region && dft_correlation_state_get(s->db, &before) == DFT_OK) memcpy(c.region, before.region, 2);
    if (region && strlen(region) == 2) memcpy(c.region, region, 2);
    c.cache = calloc(PHONE_CACHE, sizeof *c.cache);
    if (!c.cache) return dft_error_set(DFT_ENOMEM, "out of memory");
    int rc = register_functions(s->db, &c);
    /* the index sort of millions of rows spills to temp files rather than memory (the store's default) */
    if (!rc && sqlite3_get_autocommit(s->db)) rc = store_exec(s, "PRAGMA temp_store=FILE");
    bool opened = false;
    if (!rc) rc = store_txn_begin(s, &opened);
    if (!rc) rc = store_exec(s, DFT_CORRELATE_INDEX_DROP " DELETE FROM identifier_occurrences;");
    if (!rc) rc = store_exec(s, "DROP TABLE IF EXISTS temp.dft_phone_map");
    if (!rc) rc = store_exec(s, PHONE_MAP_FILL);
    for (size_t i = 0; !rc && i < sizeof sources / sizeof sources[0]; i++) {
        /* the source's columns are named by the CTE (a plain subquery cannot rename them) */
        char *sql = sqlite3_mprintf("WITH src(k, v, e, t, i, c) AS (%s) INSERT INTO identifier_occurrences(kind, value,"
                                    " evidence_item, source_table, source_id, source_column)"
                                    " SELECT k, v, e, t, i, c FROM src WHERE v IS NOT NULL", sources[i]);
        rc = sql ? store_exec(s, sql) : dft_error_set(DFT_ENOMEM, "out of memory");
        sqlite3_free(sql);
    }
    if (!rc) rc = store_exec(s, "DROP TABLE temp.dft_phone_map");
    if (!rc) rc = store_exec(s, DFT_CORRELATE_INDEX_DDL);
    int64_t occ = 0, sh = 0, gen = 0;
    if (!rc) rc = count(s, "SELECT count(*) FROM identifier_occurrences", &occ);
    if (!rc) rc = count(s, "SELECT count(*) FROM v_shared_identifiers", &sh);
    if (!rc) rc = count(s, "SELECT count(*) FROM audit_log WHERE action IN " DFT_CORRELATE_ROW_CHANGES, &gen);
    if (!rc) {
        char detail[200];
        snprintf(detail, sizeof detail, "{\"occurrences\":%lld,\"shared\":%lld,\"region\":\"%s\",\"generation\":%lld}",
                 (long long)occ, (long long)sh, c.region, (long long)gen);
        rc = dft_store_audit(s, "correlate", detail);
    }
    rc = store_txn_end(s, opened, rc);
    if (opened) store_exec(s, "PRAGMA temp_store=MEMORY");
    /* the functions hold a pointer to c: remove them before it goes */
    const char *names[] = { "dft_ident_phone", "dft_ident_email", "dft_ident_seed", "dft_ident_imei",
                            "dft_ident_passport" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        sqlite3_create_function(s->db, names[i], 1, SQLITE_UTF8, NULL, NULL, NULL, NULL);
    sqlite3_create_function(s->db, "dft_ident_handle", 2, SQLITE_UTF8, NULL, NULL, NULL, NULL);
    free(c.cache);
    if (!rc && occurrences) *occurrences = occ;
    if (!rc && shared) *shared = sh;
    return rc;
}
