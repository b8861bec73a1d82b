/*
 * chat_whatsapp_android.c - WhatsApp (and WhatsApp Business, com.whatsapp.w4b) on Android:
 * msgstore.db in the current schema ("android-message": message, chat, jid, jid_map, message_media,
 * message_location, message_quoted, message_revoked, message_edit_info, message_forwarded,
 * receipt_user / receipt_device, call_log + call_log_participant_v2) and in the legacy schema
 * ("android-legacy": messages, chat_list, group_participants, messages_quotes), with names from the
 * sibling wa.db and the owner's number from shared_prefs. wa.db's own contacts are emitted by the
 * whatsapp_android_contacts parser (chat_whatsapp_contacts.c) when the chat plugin reaches wa.db.
 *
 * Facts (research chat.md, ALEAPP WhatsApp.py, IPED ExtractorAndroidNew): timestamps are Unix ms;
 * from_me = 1 is outgoing; a group's sender is message.sender_jid_row_id (legacy remote_resource);
 * LID JIDs (2024+) reach the phone JID through jid_map(lid_row_id -> jid_row_id); call_result 5 =
 * connected, 4 = missed, 2 = rejected, 3 = unavailable; duration in seconds.
 *
 * A database holding both tables (data in `messages`, a sentinel row in `message`, or the reverse
 * during the 2021-22 migration) is read from the table holding more rows; the other is named in a
 * warning when it holds more than one row.
 *
 * Speed: jid and chat rows are loaded once (E.164 and names resolved per JID, not per message);
 * messages come from one SELECT in rowid order with LEFT JOINs on the side tables' primary keys.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chat_whatsapp.h"
#include "error.h"

typedef struct wa_jid {
    const char *raw;      /* jid.raw_string */
    const char *party;    /* E.164 when a phone (through jid_map for a LID), else raw */
    const char *name;     /* wa.db name, or NULL */
    bool group, lid;
    bool bcast;           /* a broadcast list or status@broadcast: senders as in a group */
} wa_jid;

typedef struct wa_chat {
    int32_t jid;          /* index into jids, -1 when unknown */
    const char *subject;
    const char *participants;   /* JSON array text (groups), or NULL */
} wa_chat;

typedef struct wa_run {
    dft_chatdb *db;
    const dft_chat_ctx *ctx;
    const dft_chat_sink *sink;
    dft_chat_stats *stats;
    char account[DFT_PHONE_LEN];
    const char *me;             /* account or NULL */
    wa_names *names;            /* jid -> name from wa.db */
    wa_arena arena;
    wa_jid *jids;
    size_t njids;
    wa_idmap jid_ix;
    wa_chat *chats;
    size_t nchats;
    wa_idmap chat_ix;
    wa_names *party_cache;      /* legacy: jid text -> party */
    wa_names *subjects;         /* legacy: jid text -> subject */
    wa_names *gparts;           /* legacy: group jid text -> participants JSON */
    /* media root */
    char pkg[64];
    char media_root[256];
    int media_probes;
    bool oom;
} wa_run;

static void warn(wa_run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(wa_run *r, const char *fmt, ...)
{
    if (!r->sink->warning) return;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    r->sink->warning(r->sink->payload, buf);
}

/* ---- detection ------------------------------------------------------------------------------ */

static bool has_current(dft_chatdb *db)
{
    return dft_chatdb_has_tables(db, (const char *const[]){ "message", "chat", "jid", NULL }) &&
           dft_chatdb_has_column(db, "message", "chat_row_id") && dft_chatdb_has_column(db, "message", "from_me");
}

static bool has_legacy(dft_chatdb *db)
{
    return dft_chatdb_has_column(db, "messages", "key_remote_jid") &&
           dft_chatdb_has_column(db, "messages", "key_from_me");
}

static int wa_android_detect(dft_chatdb *db, const dft_chat_ctx *ctx)
{
    (void)ctx;
    if (has_current(db)) return 100;
    if (has_legacy(db)) return 90;
    return 0;
}

/* ---- media paths ------------------------------------------------------------------------------ */

/* The WhatsApp folder on shared storage holding Media/: app-specific storage (Android 11+) first,
 * then the old top-level folder, under the three names an extraction uses for shared storage. */
static void media_roots(const wa_run *r, char roots[6][256])
{
    bool w4b = !strcmp(r->pkg, "com.whatsapp.w4b");
    const char *folder = w4b ? "WhatsApp Business" : "WhatsApp";
    static const char *const bases[3] = { "/storage/emulated/0", "/sdcard", "/data/media/0" };
    for (int i = 0; i < 3; i++) {
        if (snprintf(roots[2 * i], 256, "%s/Android/media/%s/%s/", bases[i], r->pkg, folder) >= 256) roots[2 * i][0] = '\0';
        if (snprintf(roots[2 * i + 1], 256, "%s/%s/", bases[i], folder) >= 256) roots[2 * i + 1][0] = '\0';
    }
}

/* An attachment's device path: absolute paths as stored; a relative one ("Media/WhatsApp Images/x.jpg")
 * under the media root found by probing the first few media files against the candidate roots
 * (ctx->read_sibling with a 1-byte cap: DFT_ENOTFOUND = absent, anything else = present); when no
 * root is found the relative path stays (details.media_path keeps the stored text in every case). */
static const char *media_path(wa_run *r, const char *stored, char *buf, size_t cap)
{
    if (!stored || !*stored) return NULL;
    if (stored[0] == '/') return stored;
    if (!r->media_root[0] && r->media_probes < 8 && r->ctx->read_sibling) {
        r->media_probes++;
        char roots[6][256];
        media_roots(r, roots);
        for (int i = 0; i < 6; i++) {
            if (!roots[i][0]) continue;
            char p[1024];
            int pn = snprintf(p, sizeof p, "%s%s", roots[i], stored);
            if (pn < 0 || (size_t)pn >= sizeof p) continue;
            char *bytes = NULL;
            size_t len = 0;
            int rc = r->ctx->read_sibling(r->ctx->payload, p, 1, &bytes, &len);
            free(bytes);
            if (rc != DFT_ENOTFOUND) {
                memcpy(r->media_root, roots[i], sizeof r->media_root);
                r->media_root[sizeof r->media_root - 1] = '\0';
                break;
            }
        }
    }
    if (!r->media_root[0]) return stored;
    int n = snprintf(buf, cap, "%s%s", r->media_root, stored);
    return n < 0 || (size_t)n >= cap ? stored : buf;
}

/* ---- names (wa.db) ------------------------------------------------------------------------------ */

static void load_wa_db(wa_run *r)
{
    if (!r->ctx->open_sibling) return;
    dft_chatdb *wa = NULL;
    if (r->ctx->open_sibling(r->ctx->payload, "wa.db", &wa) != DFT_OK || !wa) return;
    if (!dft_chatdb_has_column(wa, "wa_contacts", "jid")) {
        dft_chatdb_close(wa);
        return;
    }
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(wa, &st, "SELECT %s, %s, %s, %s, %s FROM wa_contacts ORDER BY rowid",
                                dft_chatdb_col(wa, "wa_contacts", "jid"),
                                dft_chatdb_col(wa, "wa_contacts", "display_name"),
                                dft_chatdb_col(wa, "wa_contacts", "given_name"),
                                dft_chatdb_col(wa, "wa_contacts", "family_name"),
                                dft_chatdb_col(wa, "wa_contacts", "wa_name"));
    while (rc == DFT_OK && (rc = dft_chatdb_step(wa, st)) == DFT_SQLITE_ROW) {
        rc = DFT_OK;
        const char *jid = dft_chatdb_text(st, 0);
        const char *name = dft_chatdb_text(st, 1);
        char full[512];
        if (!name || !*name) {
            const char *g = dft_chatdb_text(st, 2), *f = dft_chatdb_text(st, 3);
            if ((g && *g) || (f && *f)) {
                snprintf(full, sizeof full, "%s%s%s", g ? g : "", g && *g && f && *f ? " " : "", f ? f : "");
                name = full;
            } else {
                name = dft_chatdb_text(st, 4);
            }
        }
        if (dft_wa_names_put(r->names, jid, name) != DFT_OK) r->oom = true;
    }
    if (rc < 0) warn(r, "wa.db: contacts read stopped: %s", dft_error_last());
    sqlite3_finalize(st);
    dft_chatdb_close(wa);
}

/* ---- current schema: jids, chats, participants -------------------------------------------------- */

static int load_jids(wa_run *r)
{
    dft_chatdb *db = r->db;
    bool has_raw = dft_chatdb_has_column(db, "jid", "raw_string");
    bool has_us = dft_chatdb_has_column(db, "jid", "user") && dft_chatdb_has_column(db, "jid", "server");
    if (!has_raw && !has_us) return DFT_OK;   /* no JID text at all: parties stay unknown */
    bool map = dft_chatdb_has_column(db, "jid_map", "lid_row_id") && dft_chatdb_has_column(db, "jid_map", "jid_row_id");
    const char *self = has_raw && has_us ? "COALESCE(\"jid\".\"raw_string\", \"jid\".\"user\" || '@' || \"jid\".\"server\")"
                       : has_raw       ? "\"jid\".\"raw_string\""
                                       : "\"jid\".\"user\" || '@' || \"jid\".\"server\"";
    const char *mapped_expr = has_raw && has_us ? "COALESCE(p.raw_string, p.user || '@' || p.server)"
                         : has_raw       ? "p.raw_string"
                                         : "p.user || '@' || p.server";
    /* The phone JID of a LID: a scalar subquery on jid_map's key (lid_row_id). */
    char mapsql[400] = "NULL";
    if (map)
        snprintf(mapsql, sizeof mapsql, "(SELECT %s FROM jid_map JOIN jid AS p ON p._id = jid_map.jid_row_id "
                                        "WHERE jid_map.lid_row_id = \"jid\".\"_id\" LIMIT 1)", mapped_expr);
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(db, &st, "SELECT \"jid\".\"_id\", %s, %s FROM jid ORDER BY \"jid\".\"_id\"", self,
                                mapsql);
    if (rc) return rc;
    size_t cap = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        if (r->njids == cap) {
            size_t nc = cap ? cap * 2 : 1024;
            wa_jid *n = realloc(r->jids, nc * sizeof *n);
            if (!n) { rc = dft_error_set(DFT_ENOMEM, "out of memory"); break; }
            r->jids = n;
            cap = nc;
        }
        int64_t id = sqlite3_column_int64(st, 0);
        const char *j = dft_chatdb_text(st, 1), *mapped = dft_chatdb_text(st, 2);
        wa_jid *e = &r->jids[r->njids];
        memset(e, 0, sizeof *e);
        e->raw = dft_wa_strdup(&r->arena, j, &r->oom);
        wa_jid_kind kind = dft_wa_jid_kind(j);
        e->group = kind == WA_JID_GROUP;
        e->lid = kind == WA_JID_LID;
        e->bcast = kind == WA_JID_BROADCAST;
        /* party: E.164 of the phone JID (a LID's mapped one first); a phone JID libphonenumber does not
         * validate stays as the JID, and a LID with a mapped phone JID becomes that JID */
        char phone[DFT_PHONE_LEN] = "";
        bool use_map = mapped && dft_wa_jid_kind(mapped) == WA_JID_USER;
        const char *via = use_map ? mapped : j;
        dft_wa_jid_phone(via, phone);
        e->party = phone[0] ? dft_wa_strdup(&r->arena, phone, &r->oom)
                   : use_map ? dft_wa_strdup(&r->arena, mapped, &r->oom) : e->raw;
        if (use_map && !e->party) e->party = e->raw;
        e->name = dft_wa_names_get(r->names, via);
        if (!e->name) e->name = dft_wa_names_get(r->names, j);
        if (dft_wa_idmap_put(&r->jid_ix, id, (uint32_t)r->njids) != DFT_OK) { rc = DFT_ENOMEM; break; }
        r->njids++;
    }
    sqlite3_finalize(st);
    if (r->oom) return dft_error_set(DFT_ENOMEM, "out of memory");
    return rc;
}

static const wa_jid *jid_at(const wa_run *r, int64_t id)
{
    uint32_t ix;
    return dft_wa_idmap_get(&r->jid_ix, id, &ix) ? &r->jids[ix] : NULL;
}

/* Appends {"id":party,"name":name} to a JSON array under construction. */
static void part_append(dft_chat_json *arr, const char *party, const char *name, bool *first)
{
    dft_chat_json o;
    dft_chat_json_begin(&o);
    dft_chat_json_str(&o, "id", party);
    dft_chat_json_str(&o, "name", name);
    const char *t = dft_chat_json_end(&o);
    /* arr is used as a raw byte buffer: reuse the JSON helper's buffer growth via json_raw-free path */
    size_t tl = strlen(t);
    if (!arr->failed) {
        size_t need = arr->len + tl + 3;
        if (need > arr->cap) {
            size_t nc = arr->cap ? arr->cap : 128;
            while (nc < need) nc *= 2;
            char *nb = realloc(arr->buf, nc);
            if (!nb) arr->failed = true;
            else { arr->buf = nb; arr->cap = nc; }
        }
        if (!arr->failed) {
            arr->buf[arr->len++] = *first ? '[' : ',';
            memcpy(arr->buf + arr->len, t, tl);
            arr->len += tl;
            arr->buf[arr->len] = '\0';
        }
    }
    *first = false;
    dft_chat_json_free(&o);
}

/* Closes an array begun with part_append; returns a copy in the arena, or NULL when empty. */
static const char *part_finish(wa_run *r, dft_chat_json *arr, bool first)
{
    const char *out = NULL;
    if (!first && !arr->failed && arr->buf) {
        if (arr->len + 2 > arr->cap) {
            char *nb = realloc(arr->buf, arr->len + 2);
            if (nb) { arr->buf = nb; arr->cap = arr->len + 2; }
        }
        if (arr->len + 2 <= arr->cap) {
            arr->buf[arr->len++] = ']';
            arr->buf[arr->len] = '\0';
            out = dft_wa_strdup(&r->arena, arr->buf, &r->oom);
        }
    }
    free(arr->buf);
    memset(arr, 0, sizeof *arr);
    return out;
}

static int load_chats(wa_run *r)
{
    dft_chatdb *db = r->db;
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(db, &st, "SELECT \"chat\".\"_id\", %s, %s FROM chat ORDER BY \"chat\".\"_id\"",
                                dft_chatdb_col(db, "chat", "jid_row_id"), dft_chatdb_col(db, "chat", "subject"));
    if (rc) return rc;
    size_t cap = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        if (r->nchats == cap) {
            size_t nc = cap ? cap * 2 : 1024;
            wa_chat *n = realloc(r->chats, nc * sizeof *n);
            if (!n) { rc = dft_error_set(DFT_ENOMEM, "out of memory"); break; }
            r->chats = n;
            cap = nc;
        }
        wa_chat *c = &r->chats[r->nchats];
        c->jid = -1;
        uint32_t ix;
        if (dft_wa_idmap_get(&r->jid_ix, dft_chatdb_int(st, 1, -1), &ix)) c->jid = (int32_t)ix;
        c->subject = dft_wa_strdup(&r->arena, dft_chatdb_text(st, 2), &r->oom);
        c->participants = NULL;
        if (dft_wa_idmap_put(&r->chat_ix, sqlite3_column_int64(st, 0), (uint32_t)r->nchats) != DFT_OK) {
            rc = DFT_ENOMEM;
            break;
        }
        r->nchats++;
    }
    sqlite3_finalize(st);
    if (rc != DFT_OK) return rc;
    if (r->oom) return dft_error_set(DFT_ENOMEM, "out of memory");

    /* Group participants: group_participant_user(group_jid_row_id, user_jid_row_id), in group order. */
    if (!dft_chatdb_has_column(db, "group_participant_user", "group_jid_row_id") ||
        !dft_chatdb_has_column(db, "group_participant_user", "user_jid_row_id"))
        return DFT_OK;
    /* group jid index -> chat index */
    wa_idmap by_jid = { 0 };
    for (size_t i = 0; i < r->nchats; i++)
        if (r->chats[i].jid >= 0) dft_wa_idmap_put(&by_jid, r->chats[i].jid, (uint32_t)i);
    rc = dft_chatdb_prepare(db, &st, "SELECT group_jid_row_id, user_jid_row_id FROM group_participant_user "
                                     "ORDER BY group_jid_row_id, user_jid_row_id");
    if (rc) { dft_wa_idmap_free(&by_jid); return rc; }
    int64_t cur = INT64_MIN;
    dft_chat_json arr = { 0 };
    bool first = true;
    uint32_t chat_of_cur = UINT32_MAX;
    for (;;) {
        rc = dft_chatdb_step(db, st);
        int64_t g = rc == DFT_SQLITE_ROW ? dft_chatdb_int(st, 0, -1) : INT64_MAX;
        if (g != cur) {
            const char *json = part_finish(r, &arr, first);
            if (chat_of_cur != UINT32_MAX) r->chats[chat_of_cur].participants = json;
            first = true;
            cur = g;
            chat_of_cur = UINT32_MAX;
            uint32_t gi;
            const wa_jid *gj = NULL;
            if (rc == DFT_SQLITE_ROW && dft_wa_idmap_get(&r->jid_ix, g, &gi)) {
                gj = &r->jids[gi];
                uint32_t ci;
                if (dft_wa_idmap_get(&by_jid, gi, &ci)) chat_of_cur = ci;
            }
            (void)gj;
        }
        if (rc != DFT_SQLITE_ROW) break;
        /* a JID row with an empty text is the owner's own entry (as "" is in the legacy
         * group_participants); a row pointing at no JID is skipped, never guessed */
        const wa_jid *u = jid_at(r, dft_chatdb_int(st, 1, -1));
        if (u && u->raw && *u->raw) part_append(&arr, u->party, u->name, &first);
        else if (u && r->me) part_append(&arr, r->me, NULL, &first);
    }
    sqlite3_finalize(st);
    dft_wa_idmap_free(&by_jid);
    if (rc < 0) warn(r, "group_participant_user: read stopped: %s", dft_error_last());
    return DFT_OK;
}

/* ---- rows --------------------------------------------------------------------------------------- */

/* A step error other than cancellation ends a table with a warning; the rows read so far stand. */
static int table_error(wa_run *r, const char *table, int64_t last, int rc)
{
    if (rc == DFT_ECANCELLED || rc == DFT_ENOMEM) return rc;
    warn(r, "%s: reading stopped after rowid %" PRId64 ": %s", table, last, dft_error_last());
    r->stats->skipped++;
    return DFT_OK;
}

static void time_field(wa_json *j, const char *key, sqlite3_stmt *st, int col)
{
    char t[DFT_TIME_LEN];
    int64_t raw;
    dft_wa_col_time_ms(st, col, t, &raw);
    if (t[0]) dft_wa_json_str(j, key, t);
}

enum {
    C_ID, C_CHAT, C_FROM_ME, C_KEY, C_SENDER, C_TS, C_RECV, C_TYPE, C_TEXT, C_STARRED, C_STATUS,
    C_MPATH, C_MMIME, C_MCAPTION, C_MSIZE, C_MNAME, C_LAT, C_LON, C_QUOTED, C_REVOKED, C_EDITED,
    C_FORWARD, C_DELIVERED, C_READ, C_NCOLS
};

static int parse_current(wa_run *r)
{
    dft_chatdb *db = r->db;
    int rc = load_jids(r);
    if (!rc) rc = load_chats(r);
    if (rc) return rc;

    bool media = dft_chatdb_has_column(db, "message_media", "message_row_id");
    bool loc = dft_chatdb_has_column(db, "message_location", "message_row_id");
    bool quoted = dft_chatdb_has_column(db, "message_quoted", "message_row_id");
    bool revoked = dft_chatdb_has_column(db, "message_revoked", "message_row_id");
    bool edit = dft_chatdb_has_column(db, "message_edit_info", "message_row_id");
    bool fwd = dft_chatdb_has_column(db, "message_forwarded", "message_row_id");
    bool ru = dft_chatdb_has_column(db, "receipt_user", "message_row_id");
    bool rd = !ru && dft_chatdb_has_column(db, "receipt_device", "message_row_id");
    const char *M = "message";
#define MC(c) dft_chatdb_col(db, M, c)
#define TC(t, c, on) ((on) ? dft_chatdb_col(db, t, c) : "NULL")
    char receipts[600] = "";
    if (ru)
        snprintf(receipts, sizeof receipts,
                 " LEFT JOIN (SELECT message_row_id AS rid, min(NULLIF(%s,0)) AS d, min(NULLIF(%s,0)) AS rd "
                 "FROM receipt_user GROUP BY message_row_id) AS rcpt ON rcpt.rid = \"message\".\"_id\"",
                 dft_chatdb_col(db, "receipt_user", "receipt_timestamp"),
                 dft_chatdb_col(db, "receipt_user", "read_timestamp"));
    else if (rd)
        snprintf(receipts, sizeof receipts,
                 " LEFT JOIN (SELECT message_row_id AS rid, min(NULLIF(%s,0)) AS d, NULL AS rd "
                 "FROM receipt_device GROUP BY message_row_id) AS rcpt ON rcpt.rid = \"message\".\"_id\"",
                 dft_chatdb_col(db, "receipt_device", "receipt_device_timestamp"));
    sqlite3_stmt *st = NULL;
    rc = dft_chatdb_prepare(
        db, &st,
        "SELECT \"message\".\"_id\", %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, "
        "%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s FROM message%s%s%s%s%s%s%s ORDER BY \"message\".\"_id\"",
        MC("chat_row_id"), MC("from_me"), MC("key_id"), MC("sender_jid_row_id"), MC("timestamp"),
        MC("received_timestamp"), MC("message_type"), MC("text_data"), MC("starred"), MC("status"),
        TC("message_media", "file_path", media), TC("message_media", "mime_type", media),
        TC("message_media", "media_caption", media), TC("message_media", "file_size", media),
        TC("message_media", "media_name", media), TC("message_location", "latitude", loc),
        TC("message_location", "longitude", loc), TC("message_quoted", "key_id", quoted),
        revoked ? "\"message_revoked\".\"message_row_id\"" : "NULL",
        TC("message_edit_info", "edited_timestamp", edit),
        fwd ? "\"message_forwarded\".\"message_row_id\"" : "NULL", ru || rd ? "rcpt.d" : "NULL",
        ru || rd ? "rcpt.rd" : "NULL",
        media ? " LEFT JOIN message_media ON message_media.message_row_id = \"message\".\"_id\"" : "",
        loc ? " LEFT JOIN message_location ON message_location.message_row_id = \"message\".\"_id\"" : "",
        quoted ? " LEFT JOIN message_quoted ON message_quoted.message_row_id = \"message\".\"_id\"" : "",
        revoked ? " LEFT JOIN message_revoked ON message_revoked.message_row_id = \"message\".\"_id\"" : "",
        edit ? " LEFT JOIN message_edit_info ON message_edit_info.message_row_id = \"message\".\"_id\"" : "",
        fwd ? " LEFT JOIN message_forwarded ON message_forwarded.message_row_id = \"message\".\"_id\"" : "",
        receipts);
#undef MC
#undef TC
    if (rc) return rc;
    int64_t last = 0;
    char src[64], sent[DFT_TIME_LEN], mpath[1200];
    wa_json j = { 0 };
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        int64_t id = sqlite3_column_int64(st, C_ID);
        last = id;
        int64_t chat_id = dft_chatdb_int(st, C_CHAT, -1);
        const char *key = dft_chatdb_text(st, C_KEY);
        if (chat_id < 0 || (key && !strcmp(key, "-1"))) continue;   /* the table's sentinel row */
        uint32_t ci;
        const wa_chat *chat = dft_wa_idmap_get(&r->chat_ix, chat_id, &ci) ? &r->chats[ci] : NULL;
        const wa_jid *cj = chat && chat->jid >= 0 ? &r->jids[chat->jid] : NULL;
        bool group = cj && cj->group;
        bool out = dft_chatdb_int(st, C_FROM_ME, 0) == 1;
        bool multi = group || (cj && cj->bcast);
        const wa_jid *sj = multi && !out ? jid_at(r, dft_chatdb_int(st, C_SENDER, -1)) : NULL;
        int64_t type = dft_chatdb_int(st, C_TYPE, 0);
        bool is_revoked = sqlite3_column_type(st, C_REVOKED) != SQLITE_NULL || type == 15 || type == 64;

        dft_chat_msg m = { 0 };
        m.account = r->me;
        m.thread = cj ? cj->raw : NULL;
        m.thread_title = group ? (chat->subject ? chat->subject : cj->name) : cj ? cj->name : NULL;
        m.direction = out ? "out" : "in";
        if (out) {
            m.sender = r->me;
            m.recipient = multi ? cj->raw : cj ? cj->party : NULL;
        } else {
            m.sender = multi ? (sj ? sj->party : NULL) : cj ? cj->party : NULL;
            m.sender_name = multi ? (sj ? sj->name : NULL) : cj ? cj->name : NULL;
            m.recipient = multi ? cj->raw : r->me;
        }
        int64_t raw_ts;
        dft_wa_col_time_ms(st, C_TS, sent, &raw_ts);
        m.sent_utc = sent;
        const char *text = dft_chatdb_text(st, C_TEXT), *caption = dft_chatdb_text(st, C_MCAPTION);
        m.body = text && *text ? text : caption && *caption ? caption : NULL;
        const char *stored = dft_chatdb_text(st, C_MPATH);
        m.attachment = media_path(r, stored, mpath, sizeof mpath);
        if (!m.attachment) m.attachment = dft_chatdb_text(st, C_MNAME);
        m.attachment_mime = dft_chatdb_text(st, C_MMIME);
        m.deleted = is_revoked ? 1 : 0;
        dft_wa_source(src, sizeof src, "message", id);
        m.source = src;
        m.only_in_wal = dft_chatdb_only_in_wal(db, "message", id);

        dft_wa_json_begin(&j);
        dft_wa_json_str(&j, "type", is_revoked && type != 64 ? "deleted" : dft_wa_android_type(type));
        dft_wa_json_int(&j, "message_type", type);
        dft_wa_json_str(&j, "key_id", key);
        dft_wa_json_int(&j, "raw_time", raw_ts);
        time_field(&j, "received_utc", st, C_RECV);
        if (group) dft_wa_json_bool(&j, "group", true);
        if (sj && sj->lid) dft_wa_json_str(&j, "sender_jid", sj->raw);
        if (!group && cj && cj->lid) dft_wa_json_str(&j, "chat_jid", cj->raw);
        if (stored) dft_wa_json_str(&j, "media_path", stored);
        if (sqlite3_column_type(st, C_MSIZE) != SQLITE_NULL) dft_wa_json_int(&j, "media_size", dft_chatdb_int(st, C_MSIZE, 0));
        if (text && *text && caption && *caption) dft_wa_json_str(&j, "caption", caption);
        if (sqlite3_column_type(st, C_LAT) != SQLITE_NULL) {
            char ll[64];
            snprintf(ll, sizeof ll, "%.7f", sqlite3_column_double(st, C_LAT));
            dft_wa_json_raw(&j, "latitude", ll);
            snprintf(ll, sizeof ll, "%.7f", sqlite3_column_double(st, C_LON));
            dft_wa_json_raw(&j, "longitude", ll);
        }
        dft_wa_json_str(&j, "reply_to", dft_chatdb_text(st, C_QUOTED));
        if (sqlite3_column_type(st, C_FORWARD) != SQLITE_NULL) dft_wa_json_bool(&j, "forwarded", true);
        if (sqlite3_column_type(st, C_EDITED) != SQLITE_NULL) {
            dft_wa_json_bool(&j, "edited", true);
            time_field(&j, "edited_utc", st, C_EDITED);
        }
        if (dft_chatdb_int(st, C_STARRED, 0) == 1) dft_wa_json_bool(&j, "starred", true);
        time_field(&j, "delivered_utc", st, C_DELIVERED);
        time_field(&j, "read_utc", st, C_READ);
        if (group && chat->participants) dft_wa_json_raw(&j, "participants", chat->participants);
        m.details = dft_wa_json_end(&j);

        int src_rc = r->sink->message ? r->sink->message(r->sink->payload, &m) : DFT_OK;
        if (src_rc) { sqlite3_finalize(st); dft_wa_json_free(&j); return src_rc; }
        r->stats->messages++;
        if (m.only_in_wal) r->stats->messages_only_in_wal++;
    }
    sqlite3_finalize(st);
    dft_wa_json_free(&j);
    if (rc < 0) return table_error(r, "message", last, rc);
    return DFT_OK;
}

/* ---- calls ------------------------------------------------------------------------------------ */

static const char *call_status(int64_t res)
{
    switch (res) {
    case 5: return "answered";
    case 4: return "missed";
    case 3: return "missed";     /* unavailable: the callee was not reached */
    case 2: return "rejected";
    default: return NULL;
    }
}

static const char *call_result_name(int64_t res)
{
    switch (res) {
    case 5: return "connected";
    case 4: return "missed";
    case 3: return "unavailable";
    case 2: return "rejected";
    default: return NULL;
    }
}

static int parse_calls(wa_run *r)
{
    dft_chatdb *db = r->db;
    if (!dft_chatdb_has_column(db, "call_log", "jid_row_id") || !r->njids) return DFT_OK;
    bool parts = dft_chatdb_has_column(db, "call_log_participant_v2", "call_log_row_id");
    sqlite3_stmt *pst = NULL;
    int prc = DFT_OK;
    if (parts) {
        prc = dft_chatdb_prepare(db, &pst, "SELECT %s, %s, %s FROM call_log_participant_v2 ORDER BY %s, rowid",
                                 dft_chatdb_col(db, "call_log_participant_v2", "call_log_row_id"),
                                 dft_chatdb_col(db, "call_log_participant_v2", "jid_row_id"),
                                 dft_chatdb_col(db, "call_log_participant_v2", "call_result"),
                                 dft_chatdb_col(db, "call_log_participant_v2", "call_log_row_id"));
        if (prc == DFT_OK) prc = dft_chatdb_step(db, pst);
    }
    const char *T = "call_log";
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(db, &st, "SELECT \"call_log\".\"_id\", %s, %s, %s, %s, %s, %s, %s, %s, %s FROM call_log "
                                         "ORDER BY \"call_log\".\"_id\"",
                                dft_chatdb_col(db, T, "jid_row_id"), dft_chatdb_col(db, T, "from_me"),
                                dft_chatdb_col(db, T, "call_id"), dft_chatdb_col(db, T, "timestamp"),
                                dft_chatdb_col(db, T, "video_call"), dft_chatdb_col(db, T, "duration"),
                                dft_chatdb_col(db, T, "call_result"), dft_chatdb_col(db, T, "group_jid_row_id"),
                                dft_chatdb_col(db, T, "bytes_transferred"));
    if (rc) { sqlite3_finalize(pst); return rc; }
    char src[64], start[DFT_TIME_LEN];
    int64_t last = 0;
    wa_json j = { 0 };
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        int64_t id = sqlite3_column_int64(st, 0);
        last = id;
        const wa_jid *peer = jid_at(r, dft_chatdb_int(st, 1, -1));
        const wa_jid *grp = jid_at(r, dft_chatdb_int(st, 8, -1));
        bool out = dft_chatdb_int(st, 2, 0) == 1;
        int64_t res = dft_chatdb_int(st, 7, -1);
        dft_chat_call c = { 0 };
        c.account = r->me;
        c.counterpart = grp ? grp->raw : peer ? peer->party : NULL;
        c.counterpart_name = grp ? NULL : peer ? peer->name : NULL;
        c.direction = out ? "out" : "in";
        c.status = call_status(res);
        c.media = dft_chatdb_int(st, 5, 0) == 1 ? "video" : "voice";
        int64_t raw;
        dft_wa_col_time_ms(st, 4, start, &raw);
        c.start_utc = start;
        c.duration_s = dft_chatdb_int(st, 6, -1);
        dft_wa_source(src, sizeof src, "call_log", id);
        c.source = src;
        c.only_in_wal = dft_chatdb_only_in_wal(db, "call_log", id);
        dft_wa_json_begin(&j);
        dft_wa_json_str(&j, "call_id", dft_chatdb_text(st, 3));
        dft_wa_json_int(&j, "raw_time", raw);
        if (res >= 0) dft_wa_json_int(&j, "call_result", res);
        dft_wa_json_str(&j, "result", call_result_name(res));
        if (sqlite3_column_type(st, 9) != SQLITE_NULL) dft_wa_json_int(&j, "bytes_transferred", dft_chatdb_int(st, 9, 0));
        if (grp) {
            dft_wa_json_bool(&j, "group", true);
            if (peer) dft_wa_json_str(&j, "caller", out ? r->me : peer->party);
        }
        /* participants of this call (call_log_participant_v2 rows in call order) */
        dft_chat_json arr = { 0 };
        bool first = true;
        while (pst && prc == DFT_SQLITE_ROW && dft_chatdb_int(pst, 0, -1) < id) prc = dft_chatdb_step(db, pst);
        while (pst && prc == DFT_SQLITE_ROW && dft_chatdb_int(pst, 0, -1) == id) {
            const wa_jid *u = jid_at(r, dft_chatdb_int(pst, 1, -1));
            if (u) part_append(&arr, u->party, u->name, &first);
            prc = dft_chatdb_step(db, pst);
        }
        const char *pj = part_finish(r, &arr, first);
        if (pj) dft_wa_json_raw(&j, "participants", pj);
        c.details = dft_wa_json_end(&j);
        int src_rc = r->sink->call ? r->sink->call(r->sink->payload, &c) : DFT_OK;
        if (src_rc) { sqlite3_finalize(st); sqlite3_finalize(pst); dft_wa_json_free(&j); return src_rc; }
        r->stats->calls++;
        if (c.only_in_wal) r->stats->calls_only_in_wal++;
    }
    sqlite3_finalize(st);
    sqlite3_finalize(pst);
    dft_wa_json_free(&j);
    if (rc < 0) return table_error(r, "call_log", last, rc);
    return DFT_OK;
}

/* ---- legacy schema ------------------------------------------------------------------------------ */

/* party of a JID text, cached (libphonenumber is far slower than a hash lookup) */
static const char *legacy_party(wa_run *r, const char *jid)
{
    if (!jid) return NULL;
    const char *p = dft_wa_names_get(r->party_cache, jid);
    if (p) return p;
    char buf[DFT_PHONE_LEN];
    const char *party = dft_wa_party(jid, buf);
    if (dft_wa_names_put(r->party_cache, jid, party) != DFT_OK) r->oom = true;
    p = dft_wa_names_get(r->party_cache, jid);
    return p ? p : jid;
}

static void load_legacy_side(wa_run *r)
{
    dft_chatdb *db = r->db;
    sqlite3_stmt *st = NULL;
    int rc;
    if (dft_chatdb_has_column(db, "chat_list", "key_remote_jid")) {
        rc = dft_chatdb_prepare(db, &st, "SELECT key_remote_jid, %s FROM chat_list ORDER BY rowid",
                                dft_chatdb_col(db, "chat_list", "subject"));
        while (rc == DFT_OK && (rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
            rc = DFT_OK;
            if (dft_wa_names_put(r->subjects, dft_chatdb_text(st, 0), dft_chatdb_text(st, 1))) r->oom = true;
        }
        sqlite3_finalize(st);
    }
    if (dft_chatdb_has_column(db, "group_participants", "gjid") && dft_chatdb_has_column(db, "group_participants", "jid")) {
        rc = dft_chatdb_prepare(db, &st, "SELECT gjid, jid FROM group_participants ORDER BY gjid, jid");
        char *cur = NULL;
        dft_chat_json arr = { 0 };
        bool first = true;
        for (;;) {
            rc = rc == DFT_OK || rc == DFT_SQLITE_ROW ? dft_chatdb_step(db, st) : rc;
            const char *g = rc == DFT_SQLITE_ROW ? dft_chatdb_text(st, 0) : NULL;
            if (!g || !cur || strcmp(g, cur)) {
                const char *json = part_finish(r, &arr, first);
                if (cur && json && dft_wa_names_put(r->gparts, cur, json)) r->oom = true;
                free(cur);
                cur = g ? strdup(g) : NULL;
                first = true;
            }
            if (rc != DFT_SQLITE_ROW) break;
            if (!g) continue;
            const char *u = dft_chatdb_text(st, 1);
            if (u && *u) part_append(&arr, legacy_party(r, u), dft_wa_names_get(r->names, u), &first);
            else if (r->me) part_append(&arr, r->me, NULL, &first);   /* "" is the owner */
        }
        free(cur);
        free(arr.buf);
        sqlite3_finalize(st);
    }
}

static int parse_legacy(wa_run *r)
{
    dft_chatdb *db = r->db;
    load_legacy_side(r);
    if (r->oom) return dft_error_set(DFT_ENOMEM, "out of memory");
    bool quotes = dft_chatdb_has_column(db, "messages", "quoted_row_id") &&
                  dft_chatdb_has_column(db, "messages_quotes", "key_id") &&
                  dft_chatdb_has_column(db, "messages_quotes", "_id");
    const char *T = "messages";
#define MC(c) dft_chatdb_col(db, T, c)
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(
        db, &st,
        "SELECT \"messages\".\"_id\", %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s "
        "FROM messages%s ORDER BY \"messages\".\"_id\"",
        MC("key_remote_jid"), MC("key_from_me"), MC("key_id"), MC("remote_resource"), MC("timestamp"),
        MC("received_timestamp"), MC("media_wa_type"), MC("data"), MC("starred"), MC("media_mime_type"),
        MC("media_caption"), MC("media_name"), MC("media_size"), MC("latitude"), MC("longitude"), MC("forwarded"),
        MC("receipt_device_timestamp"), MC("read_device_timestamp"),
        quotes ? "\"messages_quotes\".\"key_id\"" : "NULL",
        quotes ? " LEFT JOIN messages_quotes ON messages_quotes._id = \"messages\".\"quoted_row_id\"" : "");
#undef MC
    if (rc) return rc;
    char src[64], sent[DFT_TIME_LEN];
    int64_t last = 0;
    wa_json j = { 0 };
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        int64_t id = sqlite3_column_int64(st, 0);
        last = id;
        /* a jid stored as a BLOB (column affinity does not prevent it) is read as its bytes: taking it for
         * NULL dropped the message silently */
        const char *chat = sqlite3_column_type(st, 1) == SQLITE_BLOB ? (const char *)sqlite3_column_text(st, 1)
                                                                      : dft_chatdb_text(st, 1);
        if (chat && !strcmp(chat, "-1")) continue;   /* the table's first, sentinel row */
        bool group = dft_wa_jid_kind(chat) == WA_JID_GROUP;
        bool out = dft_chatdb_int(st, 2, 0) == 1;
        const char *party = legacy_party(r, chat);
        const char *rr = group && !out ? dft_chatdb_text(st, 4) : NULL;
        int64_t type = dft_chatdb_int(st, 7, 0);
        const char *subject = dft_wa_names_get(r->subjects, chat);
        dft_chat_msg m = { 0 };
        m.account = r->me;
        m.thread = chat;
        m.thread_title = subject ? subject : dft_wa_names_get(r->names, chat);
        m.direction = out ? "out" : "in";
        if (out) {
            m.sender = r->me;
            m.recipient = group ? chat : party;
        } else {
            m.sender = group ? legacy_party(r, rr) : party;
            m.sender_name = dft_wa_names_get(r->names, group ? rr : chat);
            m.recipient = group ? chat : r->me;
        }
        int64_t raw_ts;
        dft_wa_col_time_ms(st, 5, sent, &raw_ts);
        m.sent_utc = sent;
        const char *text = dft_chatdb_text(st, 8), *caption = dft_chatdb_text(st, 11);
        m.body = text && *text ? text : caption && *caption ? caption : NULL;
        m.attachment = dft_chatdb_text(st, 12);
        m.attachment_mime = dft_chatdb_text(st, 10);
        m.deleted = type == 15 ? 1 : 0;
        dft_wa_source(src, sizeof src, "messages", id);
        m.source = src;
        m.only_in_wal = dft_chatdb_only_in_wal(db, "messages", id);
        dft_wa_json_begin(&j);
        dft_wa_json_str(&j, "type", dft_wa_android_type(type));
        dft_wa_json_int(&j, "message_type", type);
        dft_wa_json_str(&j, "key_id", dft_chatdb_text(st, 3));
        dft_wa_json_int(&j, "raw_time", raw_ts);
        time_field(&j, "received_utc", st, 6);
        if (group) dft_wa_json_bool(&j, "group", true);
        if (sqlite3_column_type(st, 13) != SQLITE_NULL && dft_chatdb_int(st, 13, 0) > 0)
            dft_wa_json_int(&j, "media_size", dft_chatdb_int(st, 13, 0));
        if (text && *text && caption && *caption) dft_wa_json_str(&j, "caption", caption);
        double lat = sqlite3_column_double(st, 14), lon = sqlite3_column_double(st, 15);
        if (lat != 0.0 || lon != 0.0) {
            char ll[64];
            snprintf(ll, sizeof ll, "%.7f", lat);
            dft_wa_json_raw(&j, "latitude", ll);
            snprintf(ll, sizeof ll, "%.7f", lon);
            dft_wa_json_raw(&j, "longitude", ll);
        }
        dft_wa_json_str(&j, "reply_to", dft_chatdb_text(st, 19));
        if (dft_chatdb_int(st, 16, 0) > 0) dft_wa_json_bool(&j, "forwarded", true);
        if (dft_chatdb_int(st, 9, 0) == 1) dft_wa_json_bool(&j, "starred", true);
        time_field(&j, "delivered_utc", st, 17);
        time_field(&j, "read_utc", st, 18);
        if (group) dft_wa_json_raw(&j, "participants", dft_wa_names_get(r->gparts, chat));
        m.details = dft_wa_json_end(&j);
        int src_rc = r->sink->message ? r->sink->message(r->sink->payload, &m) : DFT_OK;
        if (src_rc) { sqlite3_finalize(st); dft_wa_json_free(&j); return src_rc; }
        r->stats->messages++;
        if (m.only_in_wal) r->stats->messages_only_in_wal++;
    }
    sqlite3_finalize(st);
    dft_wa_json_free(&j);
    if (r->oom) return dft_error_set(DFT_ENOMEM, "out of memory");
    if (rc < 0) return table_error(r, "messages", last, rc);
    return DFT_OK;
}

/* ---- entry -------------------------------------------------------------------------------------- */

static int wa_android_parse(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    wa_run r = { .db = db, .ctx = ctx, .sink = sink, .stats = stats };
    snprintf(r.pkg, sizeof r.pkg, "com.whatsapp");
    if (ctx->device_path && strstr(ctx->device_path, "/com.whatsapp.w4b/")) snprintf(r.pkg, sizeof r.pkg, "com.whatsapp.w4b");
    bool cur = has_current(db), leg = has_legacy(db);
    if (!cur && !leg) return dft_error_set(DFT_ECORRUPT, "not a WhatsApp msgstore.db");
    /* both: read the table that holds the rows (a sentinel row is all the other one has) */
    if (cur && leg) {
        int64_t nc = dft_chatdb_count(db, "message"), nl = dft_chatdb_count(db, "messages");
        bool use_legacy = nl > nc;
        int64_t other = use_legacy ? nc : nl;
        if (other > 1)
            warn(&r, "msgstore.db holds both schemas; read `%s` (%" PRId64 " rows), not `%s` (%" PRId64 " rows)",
                 use_legacy ? "messages" : "message", use_legacy ? nl : nc, use_legacy ? "message" : "messages", other);
        cur = !use_legacy;
        leg = use_legacy;
    }
    stats->variant = cur ? "android-message" : "android-legacy";
    dft_wa_android_account(ctx, r.account);
    r.me = r.account[0] ? r.account : NULL;
    if (r.me) snprintf(stats->account, sizeof stats->account, "%s", r.me);
    r.names = dft_wa_names_new();
    r.party_cache = dft_wa_names_new();
    r.subjects = dft_wa_names_new();
    r.gparts = dft_wa_names_new();
    int rc;
    if (!r.names || !r.party_cache || !r.subjects || !r.gparts) {
        rc = dft_error_set(DFT_ENOMEM, "out of memory");
        goto done;
    }
    load_wa_db(&r);
    if (cur) {
        rc = parse_current(&r);
    } else {
        /* the legacy schema has no jid table of its own unless call_log came with it */
        rc = parse_legacy(&r);
        if (!rc && dft_chatdb_has_table(db, "jid")) rc = load_jids(&r);
    }
    if (!rc) rc = parse_calls(&r);
done:
    dft_wa_names_free(r.names);
    dft_wa_names_free(r.party_cache);
    dft_wa_names_free(r.subjects);
    dft_wa_names_free(r.gparts);
    dft_wa_idmap_free(&r.jid_ix);
    dft_wa_idmap_free(&r.chat_ix);
    free(r.jids);
    free(r.chats);
    dft_wa_arena_free(&r.arena);
    return rc;
}

static const char *const wa_android_paths[] = {
    "*/com.whatsapp/databases/msgstore.db",
    "*/com.whatsapp.w4b/databases/msgstore.db",
    NULL,
};

const dft_chat_parser dft_chat_parser_whatsapp_android = {
    .app = "whatsapp",
    .name = "whatsapp-android",
    .paths = wa_android_paths,
    .detect = wa_android_detect,
    .parse = wa_android_parse,
};
