/*
 * chat_discord.c - Discord's mobile message cache (React Native "kv-storage"), one SQLite file named `a`
 * per signed-in account:
 *   Android  /data/data/com.discord/files/kv-storage/@account.<id>/a
 *   iOS      .../Library/Caches/kv-storage/@account.<id>/a
 * The owner's Discord user id is the <id> of the directory name (the database does not hold it).
 *
 * Table messages0, column data: one cached message per row, a BLOB (or TEXT) of one or more prefix
 * bytes followed by a JSON object (ALEAPP strips the non-printable bytes, iLEAPP drops the first byte;
 * here: the JSON starts at a '{' within the first 16 bytes, the first one that parses):
 *   { "id": <message id>, "channelId": <channel id>,
 *     "message": { "id", "channel_id", "guild_id"?, "type" (0 default, 3 call, 7 member join,
 *                  19 reply, ...), "content", "timestamp" (ISO 8601 with offset), "edited_timestamp",
 *                  "author": {"id", "username", "global_name" | "globalName", "bot"?},
 *                  "attachments": [{"filename", "url", "proxy_url", "content_type", "size"}],
 *                  "mentions": [{"id", ...}], "message_reference": {"message_id", ...},
 *                  "referenced_message": {"id", ...}, "call": {"ended_timestamp", "participants"} } }
 * Ids are snowflakes (strings in the API; integers are accepted too).
 * Sources: ALEAPP scripts/artifacts/discordChats.py (path, messages0, row data, channelId/id/message);
 * iLEAPP scripts/artifacts/discordChats.py (iOS path, first byte skipped, author.globalName, message
 * types 0/3/7/19, call.ended_timestamp); the Discord API message object (discord/discord-api-docs).
 * Direction: author.id == the account id -> out, else in; NULL when the path names no account.
 * Thread and recipient = the channel id (messages0 does not say whether a channel is a DM or a server
 * channel; guild_id, when cached, goes to details). Deleted rows come only from chatdb recovery.
 */
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chat_apps.h"
#include "chat_export_common.h"
#include "error.h"

#define DISCORD_MAX_JSON (4u << 20)   /* a cached message is a few KiB; larger rows are skipped */

/* The account id of ".../@account.<digits>/a" in out ("" when the path has none). */
static void discord_account(const char *device_path, char *out, size_t cap)
{
    out[0] = '\0';
    const char *a = device_path ? strstr(device_path, "/@account.") : NULL;
    if (!a) return;
    a += strlen("/@account.");
    size_t n = strspn(a, "0123456789");
    if (n == 0 || n >= cap || (a[n] != '/' && a[n] != '\0')) return;
    memcpy(out, a, n);
    out[n] = '\0';
}

/* A snowflake (string or integer member) as text in buf, or NULL. */
static const char *snowflake(json_t *obj, const char *key, char *buf, size_t cap)
{
    json_t *v = json_object_get(obj, key);
    if (json_is_string(v)) return json_string_value(v);
    if (!json_is_integer(v)) return NULL;
    snprintf(buf, cap, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    return buf;
}

static const char *member_str(json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s && *s ? s : NULL;
}

static int discord_detect(dft_chatdb *db, const dft_chat_ctx *ctx)
{
    (void)ctx;
    return dft_chatdb_has_column(db, "messages0", "data") ? 80 : 0;
}

/* A time member (ISO 8601) -> UTC text in out (empty when absent or unparsable); the raw text goes to
 * details under raw_key, the UTC under utc_key (when not NULL). */
static void iso_member(json_t *obj, const char *key, dft_chat_json *j, const char *raw_key, const char *utc_key,
                       char out[DFT_TIME_LEN])
{
    const char *raw = member_str(obj, key);
    out[0] = '\0';
    if (!raw) return;
    dft_export_iso8601_to_utc(raw, out);
    dft_chat_json_str(j, raw_key, raw);
    if (utc_key && out[0]) dft_chat_json_str(j, utc_key, out);
}

/* The mention ids of a message as a JSON array text (malloc'd by jansson), or NULL. */
static char *mention_ids(json_t *msg)
{
    json_t *ms = json_object_get(msg, "mentions");
    if (!json_is_array(ms) || json_array_size(ms) == 0) return NULL;
    json_t *ids = json_array();
    size_t i;
    json_t *u;
    json_array_foreach(ms, i, u) {
        char b[24];
        const char *id = snowflake(u, "id", b, sizeof b);
        if (id && i < 256) json_array_append_new(ids, json_string(id));
    }
    char *out = json_array_size(ids) ? json_dumps(ids, JSON_COMPACT) : NULL;
    json_decref(ids);
    return out;
}

/* One messages0 row: the JSON after the prefix bytes -> a message (DFT_OK; a row that is not a
 * message object is a warning + skipped). */
static int discord_row(dft_chatdb *db, const dft_chat_sink *sink, dft_chat_stats *stats, const char *account,
                       int64_t rowid, const unsigned char *bytes, size_t len)
{
    /* The JSON starts at a '{' among the first 16 bytes; the prefix bytes are not documented and one
     * of them may itself be 0x7b ('{'), so each candidate is tried until one parses as an object. */
    json_t *root = NULL;
    for (size_t skip = 0; !root && skip < len && skip < 16 && len <= DISCORD_MAX_JSON; skip++) {
        if (bytes[skip] != '{') continue;
        root = json_loadb((const char *)bytes + skip, len - skip, JSON_DISABLE_EOF_CHECK | JSON_ALLOW_NUL, NULL);
        if (root && !json_is_object(root)) {
            json_decref(root);
            root = NULL;
        }
    }
    json_t *msg = json_object_get(root, "message");
    if (!json_is_object(msg)) msg = json_is_object(json_object_get(root, "author")) ? root : NULL;
    if (!msg) {
        json_decref(root);
        char w[160];
        snprintf(w, sizeof w, "messages0:%" PRId64 ": data is not a cached message (JSON object)", rowid);
        if (sink->warning) sink->warning(sink->payload, w);
        stats->skipped++;
        return DFT_OK;
    }
    char idb[24], chb[24], aub[24], gub[24], rfb[24];
    const char *id = snowflake(msg, "id", idb, sizeof idb);
    if (!id) id = snowflake(root, "id", idb, sizeof idb);
    const char *channel = snowflake(msg, "channel_id", chb, sizeof chb);
    if (!channel) channel = snowflake(root, "channelId", chb, sizeof chb);
    json_t *author = json_object_get(msg, "author");
    const char *author_id = snowflake(author, "id", aub, sizeof aub);
    const char *username = member_str(author, "username");
    const char *global = member_str(author, "global_name");
    if (!global) global = member_str(author, "globalName");

    dft_chat_json j;
    dft_chat_json_begin(&j);
    char when[DFT_TIME_LEN], edited[DFT_TIME_LEN], ended[DFT_TIME_LEN];
    iso_member(msg, "timestamp", &j, "raw_time", NULL, when);
    dft_chat_json_str(&j, "message_id", id);
    json_t *type = json_object_get(msg, "type");
    if (json_is_integer(type)) dft_chat_json_int(&j, "type", json_integer_value(type));
    dft_chat_json_str(&j, "username", username);
    dft_chat_json_str(&j, "global_name", global);
    if (json_is_true(json_object_get(author, "bot"))) dft_chat_json_bool(&j, "bot", true);
    dft_chat_json_str(&j, "guild_id", snowflake(msg, "guild_id", gub, sizeof gub));
    iso_member(msg, "edited_timestamp", &j, "raw_edited", "edited_utc", edited);
    const char *reply = snowflake(json_object_get(msg, "message_reference"), "message_id", rfb, sizeof rfb);
    if (!reply) reply = snowflake(json_object_get(msg, "referenced_message"), "id", rfb, sizeof rfb);
    dft_chat_json_str(&j, "reply_to", reply);
    char *mentions = mention_ids(msg);
    if (mentions) dft_chat_json_raw(&j, "mentions", mentions);
    free(mentions);
    iso_member(json_object_get(msg, "call"), "ended_timestamp", &j, "raw_call_ended", "call_ended_utc", ended);

    json_t *atts = json_object_get(msg, "attachments");
    json_t *att = json_is_array(atts) ? json_array_get(atts, 0) : NULL;
    if (json_is_array(atts) && json_array_size(atts) > 1) dft_chat_json_int(&j, "attachments", (int64_t)json_array_size(atts));
    dft_chat_json_str(&j, "attachment_url", member_str(att, "url"));
    if (json_is_integer(json_object_get(att, "size"))) dft_chat_json_int(&j, "attachment_size", json_integer_value(json_object_get(att, "size")));

    dft_chat_msg m = { 0 };
    m.account = account;
    m.thread = channel;
    m.sender = author_id;
    m.recipient = channel;
    m.sender_name = global ? global : username;
    m.direction = account && author_id ? (strcmp(author_id, account) == 0 ? "out" : "in") : NULL;
    m.sent_utc = when;
    json_t *content = json_object_get(msg, "content");
    char *body_nul = dft_capp_nul_free(json_string_value(content), json_string_length(content));
    m.body = body_nul ? body_nul : member_str(msg, "content");
    m.attachment = member_str(att, "filename");
    m.attachment_mime = member_str(att, "content_type");
    m.details = dft_chat_json_end(&j);
    int rc = dft_capp_msg(db, sink, stats, &m, "messages0", rowid);
    dft_chat_json_free(&j);
    free(body_nul);
    json_decref(root);
    return rc;
}

static int discord_parse(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    stats->variant = "kv-storage";
    discord_account(ctx->device_path, stats->account, sizeof stats->account);
    const char *account = stats->account[0] ? stats->account : NULL;
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(db, &st, "SELECT rowid, data FROM messages0 ORDER BY rowid");
    if (rc) return rc;
    int64_t last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        last = sqlite3_column_int64(st, 0);
        const unsigned char *b = sqlite3_column_type(st, 1) == SQLITE_TEXT ? sqlite3_column_text(st, 1)
                                                                           : sqlite3_column_blob(st, 1);
        size_t n = (size_t)sqlite3_column_bytes(st, 1);
        rc = discord_row(db, sink, stats, account, last, b ? b : (const unsigned char *)"", b ? n : 0);
        if (rc) break;
    }
    sqlite3_finalize(st);
    if (rc > 0) return rc;
    return dft_capp_loop_end(rc, "messages0", last, sink, stats);
}

static const char *const discord_paths[] = {
    "*/com.discord/files/kv-storage/@account.*/a",
    "*/Library/Caches/kv-storage/@account.*/a",
    NULL,
};

const dft_chat_parser dft_chat_parser_discord = {
    .app = "discord",
    .name = "discord-kv",
    .paths = discord_paths,
    .detect = discord_detect,
    .parse = discord_parse,
};
