/*
 * chat_export_telegram.c - Telegram Desktop result.json, streamed (chat_export_telegram.h).
 *
 * The tokenizer knows JSON's lexical structure only: strings (with escapes), containers, ':' and ','
 * and bare literals. It keeps, per open container, its kind, the last key (objects) and a role:
 * the root/chat objects, the "chats"/"left_chats" object, its "list" array, a "messages" array. A
 * value starting inside a messages array is copied into a buffer until its container closes and then
 * handed to jansson; so is personal_information, and the scalar name/type/id of a chat.
 */
#include "chat_export_telegram.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

#define MAX_DEPTH 64
#define KEY_CAP 64
#define MSG_CAP ((size_t)8 << 20)
#define CHUNK 65536

enum { ROLE_NONE, ROLE_CHAT, ROLE_CHATS, ROLE_LIST, ROLE_MSGS };
enum { CAP_NONE, CAP_MSG, CAP_PI, CAP_NAME, CAP_TYPE, CAP_ID };

typedef struct frame {
    char kind;              /* '{' or '[' */
    int role;
    bool expect_key;
    char key[KEY_CAP];
    size_t klen;
    bool key_long;          /* longer than KEY_CAP: matches nothing */
} frame;

typedef struct tg_run {
    const dft_export_opts *o;
    const dft_chat_sink *sink;
    dft_export_info *info;
    frame st[MAX_DEPTH];
    int depth;
    bool in_str, esc, str_is_key, literal;
    /* capture */
    int cap_target;
    char cap_kind;          /* 'o' container, 's' string, 'l' literal */
    int cap_depth;          /* depth once the captured container is open */
    char *buf;
    size_t len, cap;
    bool overflow;
    /* the current chat and the owner */
    char *chat_name, *chat_type;
    char chat_id[32];
    int64_t self_id;
    char self_from[40];
    int64_t chat_messages;
    int rc;                 /* a sink error stops the run */
    int64_t offset;         /* bytes consumed */
    bool full;
} tg_run;

static bool key_is(const frame *f, const char *k)
{
    return f->kind == '{' && !f->key_long && f->klen == strlen(k) && memcmp(f->key, k, f->klen) == 0;
}

static void cap_append(tg_run *r, char c)
{
    if (r->overflow) return;
    if (r->len + 1 >= r->cap) {
        if (r->cap >= MSG_CAP) { r->overflow = true; return; }
        size_t n = r->cap ? r->cap * 2 : 4096;
        char *b = realloc(r->buf, n);
        if (!b) { r->overflow = true; return; }
        r->buf = b;
        r->cap = n;
    }
    r->buf[r->len++] = c;
}

static const char *jstr(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* text: a string, or an array of strings and {type, text} objects: concatenated (malloc'd or NULL). */
static char *text_of(json_t *t)
{
    if (json_is_string(t)) return json_string_length(t) ? strdup(json_string_value(t)) : NULL;
    if (!json_is_array(t)) return NULL;
    size_t total = 0, i;
    json_t *e;
    json_array_foreach(t, i, e) {
        const char *s = json_is_string(e) ? json_string_value(e) : jstr(e, "text");
        if (s) total += strlen(s);
    }
    if (!total) return NULL;
    char *out = malloc(total + 1);
    if (!out) return NULL;
    size_t n = 0;
    json_array_foreach(t, i, e) {
        const char *s = json_is_string(e) ? json_string_value(e) : jstr(e, "text");
        if (s) { size_t l = strlen(s); memcpy(out + n, s, l); n += l; }
    }
    out[n] = '\0';
    return out;
}

/* "user123" -> "tg:123"; other ids ("channel123") -> "tg:channel123". */
static void tg_addr(const char *from_id, char out[64])
{
    if (!from_id) { out[0] = '\0'; return; }
    if (strncmp(from_id, "user", 4) == 0) snprintf(out, 64, "tg:%s", from_id + 4);
    else snprintf(out, 64, "tg:%s", from_id);
}

/* "2023-11-14T22:13:20" (local) -> UTC text with the zone of the options. */
static bool local_iso(const char *d, int32_t off, char out[DFT_TIME_LEN])
{
    int y, mo, da, h, mi, s;
    if (!d || sscanf(d, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &da, &h, &mi, &s) != 6) return false;
    return dft_export_local_to_utc(y, mo, da, h, mi, s, off, out);
}

static void handle_message(tg_run *r, json_t *m)
{
    if (!json_is_object(m)) { r->info->skipped++; return; }
    json_int_t id = json_integer_value(json_object_get(m, "id"));
    const char *type = jstr(m, "type");
    bool service = type && strcmp(type, "service") == 0;
    const char *from = jstr(m, service ? "actor" : "from"), *from_id = jstr(m, service ? "actor_id" : "from_id");
    char utc[DFT_TIME_LEN] = "";
    const char *unix_s = jstr(m, "date_unixtime"), *local = jstr(m, "date");
    bool from_zone = false;
    if (unix_s && *unix_s) dft_time_text(utc, DFT_TIME_UNIX_S, strtoll(unix_s, NULL, 10));
    else if (local_iso(local, r->o->tz_offset_s, utc)) from_zone = true;
    char *body = text_of(json_object_get(m, "text"));
    const char *photo = jstr(m, "photo"), *file = jstr(m, "file");
    const char *attach = photo && *photo != '(' ? photo : file && *file != '(' ? file : NULL;
    if (attach) r->info->attachments++;

    char sender[64], recipient[64], thread[40];
    tg_addr(from_id, sender);
    snprintf(thread, sizeof thread, "%s", r->chat_id[0] ? r->chat_id : "unknown");
    const char *dir = NULL, *rcpt = NULL;
    bool personal = r->chat_type && strcmp(r->chat_type, "personal_chat") == 0;
    snprintf(recipient, sizeof recipient, "tg:%s", thread);
    if (r->self_id && from_id) {
        dir = strcmp(from_id, r->self_from) == 0 ? "out" : "in";
        rcpt = !personal || !strcmp(dir, "out") ? recipient : r->info->account;
    } else if (!personal && r->chat_id[0]) {
        rcpt = recipient;
    }
    if (from) dft_export_names_add(&r->info->participants, from);

    dft_chat_json j;
    dft_chat_json_begin(&j);
    dft_chat_json_str(&j, "type", service ? "service" : "message");
    dft_chat_json_int(&j, "message_id", (int64_t)id);
    if (local) dft_chat_json_str(&j, "local_time", local);
    if (unix_s) dft_chat_json_str(&j, "date_unixtime", unix_s);
    if (from_zone) dft_chat_json_str(&j, "time_zone", r->o->tz_name ? r->o->tz_name : "UTC");
    if (r->chat_type) dft_chat_json_str(&j, "chat_type", r->chat_type);
    if (from_id) dft_chat_json_str(&j, "from_id", from_id);
    json_t *rt = json_object_get(m, "reply_to_message_id");
    if (json_is_integer(rt)) dft_chat_json_int(&j, "reply_to", (int64_t)json_integer_value(rt));
    dft_chat_json_str(&j, "forwarded_from", jstr(m, "forwarded_from"));
    dft_chat_json_str(&j, "media_type", jstr(m, "media_type"));
    dft_chat_json_str(&j, "mime_type", jstr(m, "mime_type"));
    if (photo && *photo == '(') dft_chat_json_str(&j, "photo_note", photo);
    if (file && *file == '(') dft_chat_json_str(&j, "file_note", file);
    const char *ed = jstr(m, "edited_unixtime");
    if (ed) {
        char eu[DFT_TIME_LEN];
        dft_time_text(eu, DFT_TIME_UNIX_S, strtoll(ed, NULL, 10));
        dft_chat_json_str(&j, "edited_utc", eu);
    } else {
        dft_chat_json_str(&j, "edited", jstr(m, "edited"));
    }
    dft_chat_json_str(&j, "action", jstr(m, "action"));
    char src[96];
    snprintf(src, sizeof src, "chat:%s:message:%lld", thread, (long long)id);
    dft_chat_msg msg = {
        .account = r->info->account, .thread = thread, .thread_title = r->chat_name,
        .sender = sender[0] ? sender : NULL, .recipient = rcpt, .sender_name = from, .direction = dir,
        .sent_utc = utc, .body = body, .attachment = attach, .attachment_mime = jstr(m, "mime_type"),
        .source = src, .details = dft_chat_json_end(&j),
    };
    r->info->messages++;
    if (service) r->info->system++;
    r->chat_messages++;
    if (r->sink->message) r->rc = r->sink->message(r->sink->payload, &msg);
    dft_chat_json_free(&j);
    free(body);
}

static void handle_pi(tg_run *r, json_t *pi)
{
    json_t *uid = json_object_get(pi, "user_id");
    if (!json_is_integer(uid)) return;
    r->self_id = (int64_t)json_integer_value(uid);
    snprintf(r->self_from, sizeof r->self_from, "user%lld", (long long)r->self_id);
    const char *ph = jstr(pi, "phone_number");
    char e164[DFT_PHONE_LEN];
    if (ph && dft_chatdb_phone(ph, r->o->region, false, e164) == DFT_OK)
        snprintf(r->info->account_buf, sizeof r->info->account_buf, "%s", e164);
    else
        snprintf(r->info->account_buf, sizeof r->info->account_buf, "tg:%lld", (long long)r->self_id);
    r->info->account = r->info->account_buf;
    r->full = true;
}

static void cap_finish(tg_run *r)
{
    int target = r->cap_target;
    r->cap_target = CAP_NONE;
    if (r->overflow) {
        r->info->skipped++;
        if (r->sink->warning) r->sink->warning(r->sink->payload, "result.json: a message larger than 8 MiB skipped");
        r->overflow = false;
        r->len = 0;
        return;
    }
    json_error_t err;
    json_t *v = json_loadb(r->buf, r->len, JSON_DECODE_ANY, &err);
    r->len = 0;
    if (!v) {
        r->info->skipped++;
        return;
    }
    switch (target) {
    case CAP_MSG: handle_message(r, v); break;
    case CAP_PI: handle_pi(r, v); break;
    case CAP_NAME:
        free(r->chat_name);
        r->chat_name = json_is_string(v) ? strdup(json_string_value(v)) : NULL;
        break;
    case CAP_TYPE:
        free(r->chat_type);
        r->chat_type = json_is_string(v) ? strdup(json_string_value(v)) : NULL;
        break;
    case CAP_ID:
        if (json_is_integer(v)) snprintf(r->chat_id, sizeof r->chat_id, "%lld", (long long)json_integer_value(v));
        else if (json_is_string(v)) snprintf(r->chat_id, sizeof r->chat_id, "%s", json_string_value(v));
        break;
    default: break;
    }
    json_decref(v);
}

/* A value starts (first byte c) in the container on top of the stack. */
static void value_start(tg_run *r, char c)
{
    if (r->cap_target != CAP_NONE || r->depth == 0) return;
    frame *t = &r->st[r->depth - 1];
    int target = CAP_NONE;
    bool container = c == '{' || c == '[';
    if (t->role == ROLE_MSGS && c == '{') target = CAP_MSG;
    else if (t->role == ROLE_CHAT && r->depth == 1 && c == '{' && key_is(t, "personal_information")) target = CAP_PI;
    else if (t->role == ROLE_CHAT && !container && key_is(t, "name")) target = CAP_NAME;
    else if (t->role == ROLE_CHAT && !container && key_is(t, "type")) target = CAP_TYPE;
    else if (t->role == ROLE_CHAT && !container && key_is(t, "id")) target = CAP_ID;
    if (target == CAP_NONE) return;
    r->cap_target = target;
    r->cap_kind = container ? 'o' : c == '"' ? 's' : 'l';
    r->cap_depth = r->depth + 1;
    r->len = 0;
    r->overflow = false;
    cap_append(r, c);
}

static int push(tg_run *r, char c)
{
    if (r->depth == MAX_DEPTH) return dft_error_set(DFT_ECORRUPT, "result.json: nested deeper than %d", MAX_DEPTH);
    int role = ROLE_NONE;
    if (r->depth == 0) role = c == '{' ? ROLE_CHAT : ROLE_NONE;
    else {
        frame *p = &r->st[r->depth - 1];
        if (c == '{' && p->role == ROLE_CHAT && r->depth == 1 && (key_is(p, "chats") || key_is(p, "left_chats")))
            role = ROLE_CHATS;
        else if (c == '[' && p->role == ROLE_CHATS && key_is(p, "list")) role = ROLE_LIST;
        else if (c == '{' && p->role == ROLE_LIST) role = ROLE_CHAT;
        else if (c == '[' && p->role == ROLE_CHAT && key_is(p, "messages")) role = ROLE_MSGS;
    }
    if (role == ROLE_CHAT && r->depth > 0) {   /* a new chat of a full export */
        free(r->chat_name);
        free(r->chat_type);
        r->chat_name = r->chat_type = NULL;
        r->chat_id[0] = '\0';
        r->chat_messages = 0;
        r->info->chats++;
        r->full = true;
    }
    frame *f = &r->st[r->depth++];
    memset(f, 0, sizeof *f);
    f->kind = c;
    f->role = role;
    f->expect_key = c == '{';
    return DFT_OK;
}

static int feed(tg_run *r, const char *p, size_t n)
{
    for (size_t i = 0; i < n && r->rc == DFT_OK; i++) {
        char c = p[i];
        r->offset++;
        if (r->cap_target != CAP_NONE && r->cap_kind == 'l' &&
            (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == '}' || c == ']')) {
            cap_finish(r);
            r->literal = false;
        }
        if (r->cap_target != CAP_NONE && (r->cap_kind == 'o' || (r->cap_kind == 's' && r->in_str) ||
                                          (r->cap_kind == 'l' && r->literal)))
            cap_append(r, c);
        if (r->in_str) {
            if (r->esc) r->esc = false;
            else if (c == '\\') r->esc = true;
            else if (c == '"') {
                r->in_str = false;
                if (!r->str_is_key && r->cap_target != CAP_NONE && r->cap_kind == 's') cap_finish(r);
            } else if (r->str_is_key && r->depth) {
                frame *t = &r->st[r->depth - 1];
                if (t->klen + 1 < KEY_CAP) t->key[t->klen++] = c;
                else t->key_long = true;
            }
            continue;
        }
        switch (c) {
        case ' ': case '\t': case '\n': case '\r':
            r->literal = false;
            break;
        case '"':
            if (r->depth && r->st[r->depth - 1].kind == '{' && r->st[r->depth - 1].expect_key) {
                frame *t = &r->st[r->depth - 1];
                r->str_is_key = true;
                t->klen = 0;
                t->key_long = false;
            } else {
                r->str_is_key = false;
                value_start(r, c);
            }
            r->in_str = true;
            break;
        case '{': case '[': {
            value_start(r, c);
            int rc = push(r, c);
            if (rc) return rc;
            break;
        }
        case '}': case ']': {
            r->literal = false;
            if (!r->depth || (c == '}') != (r->st[r->depth - 1].kind == '{'))
                return dft_error_set(DFT_ECORRUPT, "result.json: unbalanced '%c' at byte %lld", c,
                                     (long long)r->offset - 1);
            r->depth--;
            if (r->cap_target != CAP_NONE && r->cap_kind == 'o' && r->depth == r->cap_depth - 1) cap_finish(r);
            break;
        }
        case ':':
            if (r->depth) r->st[r->depth - 1].expect_key = false;
            break;
        case ',':
            r->literal = false;
            if (r->depth && r->st[r->depth - 1].kind == '{') r->st[r->depth - 1].expect_key = true;
            break;
        default:
            if (!r->literal) {
                r->literal = true;
                value_start(r, c);
            }
            break;
        }
    }
    return r->rc;
}

bool dft_tg_export_sniff(const uint8_t *head, size_t len)
{
    size_t i = 0;
    while (i < len && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t')) i++;
    if (i + 3 >= len || head[i] != '{' ) return false;
    size_t n = len - i < 4096 ? len - i : 4096;
    const char *keys[] = { "\"personal_information\"", "\"about\"", "\"messages\"", "\"name\"" };
    int hits = 0;
    for (size_t k = 0; k < 4; k++)
        if (memmem(head + i, n, keys[k], strlen(keys[k]))) hits++;
    /* exports before date_unixtime (2022) still have messages with "date" and "from"/"actor" */
    bool msgs = memmem(head + i, n, "\"date_unixtime\"", 15) || memmem(head + i, n, "\"personal_information\"", 22) ||
                (memmem(head + i, n, "\"messages\"", 10) && memmem(head + i, n, "\"date\"", 6) &&
                 (memmem(head + i, n, "\"from\"", 6) || memmem(head + i, n, "\"actor\"", 7)));
    return hits >= 2 && msgs;
}

int dft_tg_export_parse(FILE *f, const dft_export_opts *o, const dft_chat_sink *sink, dft_export_info *info)
{
    tg_run r = { .o = o, .sink = sink, .info = info };
    char *chunk = malloc(CHUNK);
    if (!chunk) return dft_error_set(DFT_ENOMEM, "out of memory");
    int rc = DFT_OK;
    size_t n;
    int64_t blocks = 0;
    while ((n = fread(chunk, 1, CHUNK, f)) > 0) {
        if ((++blocks & 15) == 0 && o->cancelled && o->cancelled(o->payload)) {
            rc = dft_error_set(DFT_ECANCELLED, "cancelled");
            break;
        }
        rc = feed(&r, chunk, n);
        if (rc) break;
    }
    if (!rc && (r.depth || r.in_str)) rc = dft_error_set(DFT_ECORRUPT, "result.json: truncated at byte %lld",
                                                        (long long)r.offset);
    info->format = r.full ? "telegram-desktop-full" : "telegram-desktop-chat";
    info->date_order = "iso";
    if (!r.full && r.chat_id[0]) info->chats = 1;
    if (rc == DFT_ECORRUPT && info->messages) {
        /* the messages read so far stand; the fault is reported by the caller as a warning */
        if (sink->warning) sink->warning(sink->payload, dft_error_last());
        info->skipped++;
        rc = DFT_OK;
    } else if (rc == DFT_OK && !info->messages && !r.full && !r.chat_id[0]) {
        rc = dft_error_set(DFT_ECORRUPT, "result.json: not a Telegram export (no chat, no messages)");
    }
    free(chunk);
    free(r.buf);
    free(r.chat_name);
    free(r.chat_type);
    return rc;
}
