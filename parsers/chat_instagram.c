/*
 * chat_instagram.c - Instagram Direct for Android (com.instagram.android/databases/direct.db).
 *  messages: thread_id, timestamp (Unix microseconds), message_type ("text", "media", "link",
 *    "video_call_event", ... as stored), text, message = a JSON copy of the item (user_id = the sender,
 *    item_id, content_type, media {image_versions2/video_versions {candidates [{url}]}, taken_at},
 *    video_call_event {action, description, did_join, vc_id}).
 *  threads: thread_id, thread_info JSON (thread_title, recipients / users [{pk | pk_id | id, username,
 *    full_name}], inviter {...}), last_activity_time us.
 *  session: user_id = the signed-in account (the owner): a message whose JSON user_id equals it is
 *    outgoing, else incoming; without it the direction is NULL.
 * ALEAPP instagram.py (direct.db notes: timestamps epoch microseconds, thread_info lists the other
 * participants, the owner is in session). Parties are Instagram user ids (pk); usernames go to
 * sender_name / thread_title. A video_call_event row is reported as a call (an event, not a call log:
 * start and end can be separate rows). Media URLs stay in details (they are not files on the device).
 */
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chat_apps.h"
#include "error.h"

static int ig_detect(dft_chatdb *db, const dft_chat_ctx *ctx)
{
    (void)ctx;
    return dft_chatdb_has_column(db, "messages", "message") && dft_chatdb_has_column(db, "messages", "thread_id") &&
                   dft_chatdb_has_column(db, "messages", "message_type") && dft_chatdb_has_column(db, "threads", "thread_info")
               ? 80
               : 0;
}

/* A JSON id (number or string) as text in out ("" when absent). */
static const char *json_id(json_t *v, char *out, size_t cap)
{
    out[0] = '\0';
    if (json_is_string(v)) snprintf(out, cap, "%s", json_string_value(v));
    else if (json_is_integer(v)) snprintf(out, cap, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    return out[0] ? out : NULL;
}

static const char *user_pk(json_t *u, char *out, size_t cap)
{
    const char *r = json_id(json_object_get(u, "pk"), out, cap);
    if (!r) r = json_id(json_object_get(u, "pk_id"), out, cap);
    if (!r) r = json_id(json_object_get(u, "id"), out, cap);
    return r;
}

/* What a thread says: its title, the other participants (ids, JSON array text), the username of id. */
typedef struct ig_thread {
    json_t *info;
    char *participants;     /* JSON array of pks, or NULL */
    size_t n;               /* participants other than the owner */
    char *title;            /* thread_title, else the usernames joined with ", " */
} ig_thread;

static json_t *users_of(json_t *info, size_t i)
{
    /* recipients, then users, then the inviter: one flat index over the three */
    static const char *const keys[] = { "recipients", "users" };
    for (size_t k = 0; k < 2; k++) {
        json_t *a = json_object_get(info, keys[k]);
        size_t n = json_is_array(a) ? json_array_size(a) : 0;
        if (i < n) return json_array_get(a, i);
        i -= n;
    }
    return i == 0 && json_is_object(json_object_get(info, "inviter")) ? json_object_get(info, "inviter") : NULL;
}

static void thread_load(ig_thread *t, const char *info_text, const char *own)
{
    memset(t, 0, sizeof *t);
    t->info = info_text ? json_loads(info_text, 0, NULL) : NULL;
    if (!json_is_object(t->info)) {
        json_decref(t->info);
        t->info = NULL;
        return;
    }
    json_t *ids = json_array(), *seen = json_object();
    char names[512] = "";
    size_t nl = 0;
    json_t *u;
    for (size_t i = 0; ids && seen && (u = users_of(t->info, i)) != NULL; i++) {
        char pk[64];
        if (!json_is_object(u) || !user_pk(u, pk, sizeof pk) || json_object_get(seen, pk)) continue;
        json_object_set_new(seen, pk, json_true());
        if (own && !strcmp(pk, own)) continue;
        json_array_append_new(ids, json_string(pk));
        const char *un = json_string_value(json_object_get(u, "username"));
        if (un && nl < sizeof names) nl += (size_t)snprintf(names + nl, sizeof names - nl, "%s%s", nl ? ", " : "", un);
    }
    t->n = ids ? json_array_size(ids) : 0;
    if (t->n) t->participants = json_dumps(ids, JSON_COMPACT);
    json_decref(ids);
    json_decref(seen);
    const char *title = json_string_value(json_object_get(t->info, "thread_title"));
    t->title = title && *title ? strdup(title) : names[0] ? strdup(names) : NULL;
}

/* The username of pk among the thread's participants, or NULL (borrowed from t->info). */
static const char *thread_username(const ig_thread *t, const char *pk)
{
    json_t *u;
    for (size_t i = 0; t->info && pk && (u = users_of(t->info, i)) != NULL; i++) {
        char id[64];
        if (json_is_object(u) && user_pk(u, id, sizeof id) && !strcmp(id, pk))
            return json_string_value(json_object_get(u, "username"));
    }
    return NULL;
}

static void thread_free(ig_thread *t)
{
    json_decref(t->info);
    free(t->participants);
    free(t->title);
}

/* The first image/video candidate URL of a media item, or NULL. */
static const char *media_url(json_t *msg)
{
    json_t *media = json_object_get(msg, "media");
    static const char *const keys[] = { "image_versions2", "video_versions" };
    for (size_t k = 0; json_is_object(media) && k < 2; k++) {
        json_t *v = json_object_get(media, keys[k]);
        json_t *c = json_is_object(v) ? json_object_get(v, "candidates") : v;
        json_t *first = json_is_array(c) ? json_array_get(c, 0) : NULL;
        const char *url = json_string_value(json_object_get(first, "url"));
        if (url) return url;
    }
    return NULL;
}

static int ig_parse(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    stats->variant = "android-direct";
    char own[64] = "";
    sqlite3_stmt *st = NULL;
    if (dft_chatdb_has_column(db, "session", "user_id") &&
        dft_chatdb_prepare(db, &st, "SELECT CAST(user_id AS TEXT) FROM session WHERE user_id IS NOT NULL ORDER BY rowid LIMIT 1") ==
            DFT_OK) {
        if (dft_chatdb_step(db, st) == DFT_SQLITE_ROW && dft_chatdb_text(st, 0))
            snprintf(own, sizeof own, "%s", dft_chatdb_text(st, 0));
        sqlite3_finalize(st);
        st = NULL;
    }
    const char *account = own[0] ? own : ctx->account_hint;
    if (account) snprintf(stats->account, sizeof stats->account, "%s", account);
    const char *T = "messages";
    int rc = dft_chatdb_prepare(db, &st,
                                "SELECT messages.rowid, CAST(%s AS TEXT), %s, %s, %s, %s, (SELECT threads.thread_info FROM threads "
                                "WHERE threads.thread_id = messages.thread_id ORDER BY threads.rowid LIMIT 1) FROM messages ORDER BY "
                                "messages.rowid",
                                dft_chatdb_col(db, T, "thread_id"), dft_chatdb_col(db, T, "timestamp"),
                                dft_chatdb_col(db, T, "message_type"), dft_chatdb_col(db, T, "text"),
                                dft_chatdb_col(db, T, "message"));
    if (rc) return rc;
    int64_t last = 0;
    ig_thread t;
    bool have_t = false;
    char *t_text = NULL;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        /* 1 thread, 2 timestamp us, 3 type, 4 text, 5 message JSON, 6 thread_info JSON */
        last = sqlite3_column_int64(st, 0);
        const char *thread = dft_chatdb_text(st, 1), *type = dft_chatdb_text(st, 3);
        json_t *msg = dft_chatdb_text(st, 5) ? json_loads(dft_chatdb_text(st, 5), 0, NULL) : NULL;
        if (msg && !json_is_object(msg)) {
            json_decref(msg);
            msg = NULL;
        }
        /* thread_info is parsed once per run of rows of the same thread (a cache of one) */
        const char *info = dft_chatdb_text(st, 6);
        if (!have_t || (info ? !t_text || strcmp(info, t_text) : t_text != NULL)) {
            if (have_t) thread_free(&t);
            free(t_text);
            t_text = info ? strdup(info) : NULL;
            thread_load(&t, info, own[0] ? own : NULL);
            have_t = true;
        }
        char sender_buf[64], tref[96];
        const char *sender = json_id(json_object_get(msg, "user_id"), sender_buf, sizeof sender_buf);
        const char *dir = own[0] && sender ? (!strcmp(sender, own) ? "out" : "in") : NULL;
        bool out = dir && !strcmp(dir, "out");
        bool group = t.n > 1;
        snprintf(tref, sizeof tref, "thread:%s", thread ? thread : "");
        /* 1:1: the one other participant is the peer */
        char peer[64] = "";
        if (t.n == 1 && t.participants) {
            json_t *a = json_loads(t.participants, 0, NULL);
            snprintf(peer, sizeof peer, "%s", json_string_value(json_array_get(a, 0)) ? json_string_value(json_array_get(a, 0)) : "");
            json_decref(a);
        }
        char sent[DFT_TIME_LEN];
        int64_t raw = 0;
        dft_chatdb_time(st, 2, DFT_TIME_UNIX_US, sent, &raw);
        const char *sname = out ? NULL : thread_username(&t, sender);
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_int(&j, "raw_time", raw);
        dft_chat_json_str(&j, "message_type", type);
        char item[64];
        dft_chat_json_str(&j, "item_id", json_id(json_object_get(msg, "item_id"), item, sizeof item));
        dft_chat_json_str(&j, "sender_name", sname);
        if (group && t.participants) dft_chat_json_raw(&j, "participants", t.participants);
        if (type && !strcmp(type, "video_call_event")) {
            json_t *ev = json_object_get(msg, "video_call_event");
            dft_chat_json_str(&j, "action", json_string_value(json_object_get(ev, "action")));
            dft_chat_json_str(&j, "description", json_string_value(json_object_get(ev, "description")));
            if (json_is_boolean(json_object_get(ev, "did_join")))
                dft_chat_json_bool(&j, "did_join", json_is_true(json_object_get(ev, "did_join")));
            char vc[64];
            dft_chat_json_str(&j, "vc_id", json_id(json_object_get(ev, "vc_id"), vc, sizeof vc));
            if (group) dft_chat_json_bool(&j, "group", true);
            dft_chat_call k = { 0 };
            k.account = account;
            k.counterpart = group ? tref : out ? (peer[0] ? peer : tref) : sender;
            k.counterpart_name = group ? t.title : out ? t.title : sname;
            k.direction = out ? "out" : "in";
            k.media = "video";
            k.start_utc = sent;
            k.duration_s = -1;
            k.details = dft_chat_json_end(&j);
            rc = dft_capp_call(db, sink, stats, &k, T, last);
        } else {
            dft_chat_json_str(&j, "content_type", json_string_value(json_object_get(msg, "content_type")));
            dft_chat_json_str(&j, "media_url", media_url(msg));
            dft_chat_msg m = { 0 };
            m.account = account;
            m.thread = thread;
            m.thread_title = t.title;
            m.direction = dir;
            m.sent_utc = sent;
            m.body = dft_chatdb_text(st, 4);
            if (!m.body) m.body = json_string_value(json_object_get(msg, "text"));
            if (m.body && !*m.body) m.body = NULL;
            m.sender = sender;
            m.sender_name = sname;
            m.recipient = group ? tref : out ? (peer[0] ? peer : tref) : dir ? account : NULL;
            m.details = dft_chat_json_end(&j);
            rc = dft_capp_msg(db, sink, stats, &m, T, last);
        }
        dft_chat_json_free(&j);
        json_decref(msg);
        if (rc) break;
    }
    sqlite3_finalize(st);
    if (have_t) thread_free(&t);
    free(t_text);
    if (rc > 0) return rc;
    return dft_capp_loop_end(rc, T, last, sink, stats);
}

static const char *const ig_paths[] = { "*/com.instagram.android/databases/direct.db", NULL };

const dft_chat_parser dft_chat_parser_instagram_android = {
    .app = "instagram",
    .name = "instagram-android",
    .paths = ig_paths,
    .detect = ig_detect,
    .parse = ig_parse,
};
