/*
 * chat_skype_s4l.c - Skype 8+ for desktop / the Windows Skype app (14.x): s4l-<skypename>.db (Windows
 * app: %LOCALAPPDATA%\Packages\Microsoft.SkypeApp_*\LocalState\s4l-<skypename>.db, one per account).
 * Every table is a key/value store: nsp_pk (key) and nsp_data (one JSON object per row).
 *  messagesv12       nsp_data {cuid (message id), creator (MRI "8:<skypename>"), _isMyMessage (1 = the
 *                    owner sent it), conversationId, content (Skype markup, kept as stored), createdTime
 *                    (Unix ms)}
 *  conversationsv14  nsp_data {conv: {id, _threadProps: {topic, createdat}, _threadMembers: [{id}]}};
 *  (conversationsv13 in older files, same layout)
 *  profilecachev8    nsp_data {mri, firstName, lastName, displayNameOverride, phones: [{number}], city, mood}
 *  internaldata      nsp_pk 'Cpriv_prefs_v2': nsp_data {value: {skypeName}} = the owner
 * Source: IPED (sepinf-inc/IPED) iped-parsers .../dpf/mt/gpinf/skype/parser/v8/SkypeSqliteV12.java (the
 * tables, keys and the owner lookup above; file name "s4l-*"); file location: bebinary4n6.blogspot.com,
 * "Analysis of Skype App for Windows (Metro-App) - Version 14.xx" (2019). No other key is read: no other
 * public source documents them. Group conversations are "19:...@thread.skype" (as in the Android
 * parser, chat_skype.c). MRIs lose their type prefix ("8:") to become Skype names, as IPED does.
 */
#include <ctype.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chat_apps.h"
#include "error.h"

#define S4L_MAX_JSON (4u << 20)

/* The conversations table of this file: v14, else v13 (NULL when neither has nsp_data). */
static const char *s4l_conv_table(dft_chatdb *db)
{
    if (dft_chatdb_has_column(db, "conversationsv14", "nsp_data")) return "conversationsv14";
    if (dft_chatdb_has_column(db, "conversationsv13", "nsp_data")) return "conversationsv13";
    return NULL;
}

static int s4l_detect(dft_chatdb *db, const dft_chat_ctx *ctx)
{
    (void)ctx;
    return dft_chatdb_has_column(db, "messagesv12", "nsp_data") && s4l_conv_table(db) ? 80 : 0;
}

/* "8:live:.cid.1" -> "live:.cid.1": a leading "<digits>:" (the MRI type) is dropped. */
static const char *mri_name(const char *mri)
{
    if (!mri) return NULL;
    size_t d = 0;
    while (isdigit((unsigned char)mri[d])) d++;
    return d > 0 && mri[d] == ':' && mri[d + 1] ? mri + d + 1 : mri;
}

/* nsp_data of the current row (column col) as a JSON object, or NULL. */
static json_t *row_json(sqlite3_stmt *st, int col)
{
    const char *t = (const char *)sqlite3_column_text(st, col);
    size_t n = (size_t)sqlite3_column_bytes(st, col);
    if (!t || n == 0 || n > S4L_MAX_JSON) return NULL;
    json_t *j = json_loadb(t, n, JSON_ALLOW_NUL, NULL);
    if (json_is_object(j)) return j;
    json_decref(j);
    return NULL;
}

static void s4l_skip(const dft_chat_sink *sink, dft_chat_stats *stats, const char *table, int64_t rowid)
{
    char w[160];
    snprintf(w, sizeof w, "%s:%" PRId64 ": nsp_data is not the expected JSON object", table, rowid);
    if (sink->warning) sink->warning(sink->payload, w);
    stats->skipped++;
}

/* The owner's Skype name: internaldata Cpriv_prefs_v2 value.skypeName, else the file name s4l-<name>.db. */
static void s4l_owner(dft_chatdb *db, const dft_chat_ctx *ctx, char *out, size_t cap)
{
    out[0] = '\0';
    sqlite3_stmt *st = NULL;
    if (dft_chatdb_has_column(db, "internaldata", "nsp_data") && dft_chatdb_has_column(db, "internaldata", "nsp_pk") &&
        dft_chatdb_prepare(db, &st, "SELECT nsp_data FROM internaldata WHERE nsp_pk = 'Cpriv_prefs_v2' ORDER BY rowid LIMIT 1") == DFT_OK) {
        if (dft_chatdb_step(db, st) == DFT_SQLITE_ROW) {
            json_t *j = row_json(st, 0);
            const char *name = json_string_value(json_object_get(json_object_get(j, "value"), "skypeName"));
            if (name && *name && strlen(name) < cap) snprintf(out, cap, "%s", name);
            json_decref(j);
        }
        sqlite3_finalize(st);
    }
    if (out[0]) return;
    const char *dp = ctx->device_path ? ctx->device_path : "";
    const char *base = strrchr(dp, '/');
    base = base ? base + 1 : dp;
    if (strncmp(base, "s4l-", 4) != 0) return;
    base += 4;
    size_t n = strcspn(base, "#");
    if (n > 3 && !strncmp(base + n - 3, ".db", 3)) n -= 3;
    if (n > 0 && n < cap) {
        memcpy(out, base, n);
        out[n] = '\0';
    }
}

/* What the row callbacks share. */
typedef struct s4l_run {
    dft_chatdb *db;
    const dft_chat_ctx *ctx;
    const dft_chat_sink *sink;
    dft_chat_stats *stats;
    const char *owner;
    json_t *convs;   /* conversation id -> {"topic": ..., "members": [...]} */
} s4l_run;

/* One row's nsp_data object: DFT_OK, DFT_ENOTFOUND when it lacks what the table needs (warning +
 * skipped), or the sink's code. */
typedef int (*s4l_row_fn)(s4l_run *r, int64_t rowid, json_t *data);

/* Every row of table in rowid order, its nsp_data parsed, handed to fn; the loop ends as every chat
 * parser's does (dft_capp_loop_end). */
static int s4l_each(s4l_run *r, const char *table, s4l_row_fn fn)
{
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(r->db, &st, "SELECT rowid, nsp_data FROM \"%s\" ORDER BY rowid", table);
    if (rc) return rc;
    int64_t last = 0;
    while ((rc = dft_chatdb_step(r->db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(r->db)) { rc = DFT_ECANCELLED; break; }
        last = sqlite3_column_int64(st, 0);
        json_t *j = row_json(st, 1);
        rc = j ? fn(r, last, j) : DFT_ENOTFOUND;
        json_decref(j);
        if (rc == DFT_ENOTFOUND) {
            s4l_skip(r->sink, r->stats, table, last);
            continue;   /* the loop condition steps on */
        }
        if (rc) break;
    }
    sqlite3_finalize(st);
    if (rc > 0) return rc;
    return dft_capp_loop_end(rc, table, last, r->sink, r->stats);
}

static int s4l_conversation(s4l_run *r, int64_t rowid, json_t *j)
{
    (void)rowid;
    json_t *conv = json_object_get(j, "conv");
    const char *id = json_string_value(json_object_get(conv, "id"));
    if (!id || !*id) return DFT_ENOTFOUND;
    json_t *info = json_object();
    const char *topic = json_string_value(json_object_get(json_object_get(conv, "_threadProps"), "topic"));
    if (topic && *topic) json_object_set_new(info, "topic", json_string(topic));
    json_t *members = json_object_get(conv, "_threadMembers"), *ids = json_array(), *m;
    size_t i;
    json_array_foreach(members, i, m) {
        const char *mid = json_string_value(json_object_get(m, "id"));
        if (mid && i < 1024) json_array_append_new(ids, json_string(mid));
    }
    json_object_set_new(info, "members", ids);
    json_object_set_new(r->convs, id, info);
    return DFT_OK;
}

static bool is_group_id(const char *id) { return id && !strncmp(id, "19:", 3); }

static int s4l_message(s4l_run *r, int64_t rowid, json_t *j)
{
    const char *conv_id = json_string_value(json_object_get(j, "conversationId"));
    if (!conv_id) return DFT_ENOTFOUND;
    const char *owner = r->owner;
    const char *creator = json_string_value(json_object_get(j, "creator"));
    const char *from = mri_name(creator);
    json_t *mine = json_object_get(j, "_isMyMessage");
    const char *dir = NULL;
    if (json_is_integer(mine) && (json_integer_value(mine) == 0 || json_integer_value(mine) == 1))
        dir = json_integer_value(mine) ? "out" : "in";
    else if (owner && from)
        dir = strcmp(from, owner) == 0 ? "out" : "in";
    bool out = dir && !strcmp(dir, "out");
    bool group = is_group_id(conv_id);
    json_t *info = json_object_get(r->convs, conv_id);
    char when[DFT_TIME_LEN] = "";
    json_t *ct = json_object_get(j, "createdTime");
    int64_t raw = json_is_integer(ct) ? json_integer_value(ct) : 0;
    if (raw) dft_time_text(when, DFT_TIME_UNIX_MS, raw);

    dft_chat_json d;
    dft_chat_json_begin(&d);
    dft_chat_json_int(&d, "raw_time", raw);
    dft_chat_json_str(&d, "cuid", json_string_value(json_object_get(j, "cuid")));
    dft_chat_json_str(&d, "creator", creator);
    json_t *members = json_object_get(info, "members");
    char *parts = group && json_array_size(members) ? json_dumps(members, JSON_COMPACT) : NULL;
    if (parts) dft_chat_json_raw(&d, "participants", parts);
    free(parts);

    dft_chat_msg m = { 0 };
    m.account = owner;
    m.thread = conv_id;
    m.thread_title = json_string_value(json_object_get(info, "topic"));
    m.direction = dir;
    m.sender = out && owner ? owner : from;
    m.recipient = group ? conv_id : out ? mri_name(conv_id) : owner;
    m.sent_utc = when;
    json_t *content = json_object_get(j, "content");
    char *body_nul = dft_capp_nul_free(json_string_value(content), json_string_length(content));
    m.body = body_nul ? body_nul : json_string_value(content);
    if (m.body && !*m.body) m.body = NULL;
    m.details = dft_chat_json_end(&d);
    int rc = dft_capp_msg(r->db, r->sink, r->stats, &m, "messagesv12", rowid);
    dft_chat_json_free(&d);
    free(body_nul);
    return rc;
}

static int s4l_contact(s4l_run *r, int64_t rowid, json_t *j)
{
    const char *mri = json_string_value(json_object_get(j, "mri"));
    if (!mri) return DFT_ENOTFOUND;
    const char *first = json_string_value(json_object_get(j, "firstName"));
    const char *lastn = json_string_value(json_object_get(j, "lastName"));
    const char *shown = json_string_value(json_object_get(j, "displayNameOverride"));
    char full[512];
    snprintf(full, sizeof full, "%s%s%s", first ? first : "", first && lastn && *first && *lastn ? " " : "", lastn ? lastn : "");
    const char *raw_phone = json_string_value(json_object_get(json_array_get(json_object_get(j, "phones"), 0), "number"));
    char ph[DFT_PHONE_LEN];
    dft_chat_json d;
    dft_chat_json_begin(&d);
    dft_chat_json_str(&d, "mri", mri);
    dft_chat_json_str(&d, "full_name", shown && *shown && full[0] ? full : NULL);
    dft_chat_json_str(&d, "raw_phone", raw_phone);
    dft_chat_json_str(&d, "city", json_string_value(json_object_get(j, "city")));
    dft_chat_json_str(&d, "mood", json_string_value(json_object_get(j, "mood")));
    dft_chat_contact c = { 0 };
    c.account = r->owner;
    c.handle = mri_name(mri);
    c.name = shown && *shown ? shown : full[0] ? full : NULL;
    c.phone = raw_phone && dft_chatdb_phone(raw_phone, r->ctx->region, raw_phone[0] == '+', ph) == DFT_OK ? ph : NULL;
    c.details = dft_chat_json_end(&d);
    int rc = dft_capp_contact(r->db, r->sink, r->stats, &c, "profilecachev8", rowid);
    dft_chat_json_free(&d);
    return rc;
}

static int s4l_parse(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    const char *table = s4l_conv_table(db);
    if (!table) return dft_error_set(DFT_ECORRUPT, "skype s4l: no conversations table");
    stats->variant = "s4l";
    s4l_owner(db, ctx, stats->account, sizeof stats->account);
    s4l_run r = { .db = db, .ctx = ctx, .sink = sink, .stats = stats, .owner = stats->account[0] ? stats->account : NULL,
                  .convs = json_object() };
    if (!r.convs) return DFT_ENOMEM;
    int rc = s4l_each(&r, table, s4l_conversation);
    if (!rc) rc = s4l_each(&r, "messagesv12", s4l_message);
    if (!rc && dft_chatdb_has_column(db, "profilecachev8", "nsp_data")) rc = s4l_each(&r, "profilecachev8", s4l_contact);
    json_decref(r.convs);
    return rc;
}

static const char *const s4l_paths[] = { "*/s4l-*.db", NULL };

const dft_chat_parser dft_chat_parser_skype_s4l = {
    .app = "skype",
    .name = "skype-s4l",
    .paths = s4l_paths,
    .detect = s4l_detect,
    .parse = s4l_parse,
};
