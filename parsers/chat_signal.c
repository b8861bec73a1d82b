/*
 * chat_signal.c - Signal for Android, the decrypted database (org.thoughtcrime.securesms/databases/
 * signal.db after SQLCipher: the chat_decrypt plugin emits it as a derived file whose device path is
 * ".../signal.db#sqlcipher-v4/signal.db"; a plaintext copy from an extraction tool works the same).
 *
 * Two schema generations (ALEAPP signalAndroid.py; Signal-Android MessageTypes.java, CallTable.kt,
 * RecipientTable.kt as quoted there; signalbackup-tools msgtypes):
 *  - 2023+: one `message` table (_id, thread_id, from_recipient_id, to_recipient_id, date_sent,
 *    date_received Unix ms, type, body, read, remote_deleted, view_once, quote_id, expires_in ms),
 *    `attachment` (message_id, data_file, file_name, content_type), `call` (call_id, message_id, peer,
 *    type 0 audio / 1 video / 3 group / 4 ad hoc, direction 0 in / 1 out, event 1 accepted / 2 not
 *    accepted / 3 missed / 8 declined ..., timestamp ms), `groups` (group_id, title, recipient_id) +
 *    `group_membership` (group_id, recipient_id).
 *  - before: `sms` (_id, thread_id, address|recipient_id, date = received, date_sent, type, body) and
 *    `mms` (_id, thread_id, address|recipient_id, date|date_sent = sent, date_received, msg_box|type,
 *    body), `part` (mid, _data, file_name, ct), `groups.members` (comma-separated recipient ids).
 *    address is the conversation partner in 1:1 chats, the sending member for incoming group messages
 *    and the group's recipient for outgoing ones.
 * `recipient`: _id, type (2 = group), e164|phone, aci|uuid, username, group_id, system_joined_name|
 * system_display_name, profile_joined_name|signal_profile_name. `thread`: _id, recipient_id|
 * thread_recipient_id.
 *
 * Direction: base type = type & 0x1F; 20 inbox = in; 21 outbox, 22 sending, 23 sent, 24 failed, 25/26
 * pending SMS fallback = out; 27 draft = out (status "draft"). Base types 1/2/3/8/10/11 are call records
 * (incoming/outgoing/missed audio, missed/incoming/outgoing video): they become calls, not messages
 * (in the 2023+ schema only those no `call` row references). Other low base types (joined, profile
 * change, group update ...) are kept as messages with direction NULL and details.event.
 * Parties: E.164 phone when the recipient has one, else the ACI/UUID, else the username; groups are
 * "group:<group_id>"; names go to sender_name / thread_title.
 */
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chat_apps.h"
#include "error.h"

#define SIG_INBOX 20
#define SIG_DRAFT 27

/* ---- recipients and threads, loaded once ----------------------------------------------------------- */

typedef struct sig_rcpt {
    int64_t id;
    size_t order;           /* load order: ties of a hostile non-unique _id sort deterministically */
    char *party;            /* E.164 / ACI / username / "group:<id>" */
    char *name;             /* contact or profile name, group title */
    char *participants;     /* JSON array of member parties (groups), or NULL */
    bool group;
} sig_rcpt;

typedef struct sig_thread {
    int64_t id, rcpt;
    size_t order;
} sig_thread;

typedef struct sig_ctx {
    dft_chatdb *db;
    const dft_chat_ctx *ctx;
    const dft_chat_sink *sink;
    dft_chat_stats *stats;
    sig_rcpt *r;
    size_t nr;
    sig_thread *t;
    size_t nt;
    int64_t self_id;        /* the owner's recipient id (2023+ schema), or -1 */
    char account[DFT_PHONE_LEN + 64];
    bool modern;
} sig_ctx;

static int cmp_rcpt(const void *a, const void *b)
{
    const sig_rcpt *x = a, *y = b;
    if (x->id != y->id) return x->id < y->id ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static int cmp_thread(const void *a, const void *b)
{
    const sig_thread *x = a, *y = b;
    if (x->id != y->id) return x->id < y->id ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* The first entry with id (the lowest load order among duplicates), or NULL. */
static const sig_rcpt *rcpt_get(const sig_ctx *s, int64_t id)
{
    size_t lo = 0, hi = s->nr;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->r[mid].id < id) lo = mid + 1;
        else hi = mid;
    }
    return lo < s->nr && s->r[lo].id == id ? &s->r[lo] : NULL;
}

static int64_t thread_rcpt(const sig_ctx *s, int64_t id)
{
    size_t lo = 0, hi = s->nt;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->t[mid].id < id) lo = mid + 1;
        else hi = mid;
    }
    return lo < s->nt && s->t[lo].id == id ? s->t[lo].rcpt : -1;
}

static char *dupz(const char *s) { return s && *s ? strdup(s) : NULL; }

static void sig_free(sig_ctx *s)
{
    for (size_t i = 0; i < s->nr; i++) {
        free(s->r[i].party);
        free(s->r[i].name);
        free(s->r[i].participants);
    }
    free(s->r);
    free(s->t);
}

/* The names of a column under its spellings across Signal releases, as a SELECT item. */
static const char *rcol(dft_chatdb *db, const char *const *names) { return dft_chatdb_col_any(db, "recipient", names); }

/* coalesce(nullif(<col>, ''), ...) over the spellings present, or NULL */
static void name_expr(dft_chatdb *db, const char *const *names, char *out, size_t cap)
{
    size_t n = (size_t)snprintf(out, cap, "coalesce(NULL");
    for (size_t i = 0; names[i] && n < cap; i++) {
        const char *c = dft_chatdb_col(db, "recipient", names[i]);
        if (strcmp(c, "NULL") != 0) n += (size_t)snprintf(out + n, cap - n, ", nullif(%s, '')", c);
    }
    if (n < cap) snprintf(out + n, cap - n, ", NULL)");
}

static int load_recipients(sig_ctx *s)
{
    dft_chatdb *db = s->db;
    const char *gtitle = dft_chatdb_has_column(db, "groups", "group_id") && dft_chatdb_has_column(db, "groups", "title")
                             ? "(SELECT g.title FROM groups g WHERE g.group_id = recipient.group_id ORDER BY g.rowid LIMIT 1)"
                             : "NULL";
    /* a release may carry both spellings with only one filled: the first non-empty of those present */
    char sys_name[256], prof_name[256];
    name_expr(db, (const char *const[]){ "system_joined_name", "system_display_name", NULL }, sys_name, sizeof sys_name);
    name_expr(db, (const char *const[]){ "profile_joined_name", "signal_profile_name", NULL }, prof_name, sizeof prof_name);
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(
        db, &st, "SELECT recipient._id, %s, %s, %s, %s, %s, %s, %s, %s FROM recipient ORDER BY recipient.rowid",
        rcol(db, (const char *const[]){ "e164", "phone", NULL }), rcol(db, (const char *const[]){ "aci", "uuid", NULL }),
        rcol(db, (const char *const[]){ "username", NULL }), rcol(db, (const char *const[]){ "group_id", NULL }),
        sys_name, prof_name,
        rcol(db, (const char *const[]){ "type", "group_type", NULL }), gtitle);
    if (rc) return rc;
    size_t cap = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        if (s->nr == cap) {
            size_t nc = cap ? cap * 2 : 64;
            sig_rcpt *n = realloc(s->r, nc * sizeof *n);
            if (!n) { rc = dft_error_set(DFT_ENOMEM, "signal: out of memory for recipients"); break; }
            s->r = n;
            cap = nc;
        }
        sig_rcpt *r = &s->r[s->nr];
        memset(r, 0, sizeof *r);
        r->id = dft_chatdb_int(st, 0, -1);
        r->order = s->nr;
        const char *phone = dft_chatdb_text(st, 1), *aci = dft_chatdb_text(st, 2), *user = dft_chatdb_text(st, 3);
        const char *gid = dft_chatdb_text(st, 4), *sys = dft_chatdb_text(st, 5), *prof = dft_chatdb_text(st, 6);
        const char *title = dft_chatdb_text(st, 8);
        r->group = gid && *gid;
        char party[DFT_PHONE_LEN + 128];
        if (r->group) snprintf(party, sizeof party, "group:%s", gid);
        else if (phone && *phone) dft_capp_party(phone, s->ctx->region, party);
        else if (aci && *aci) snprintf(party, sizeof party, "%s", aci);
        else if (user && *user) snprintf(party, sizeof party, "%s", user);
        else snprintf(party, sizeof party, "recipient:%" PRId64, r->id);
        r->party = strdup(party);
        r->name = dupz(r->group ? title : (sys && *sys ? sys : prof));
        s->nr++;
        if (!r->party) { rc = dft_error_set(DFT_ENOMEM, "signal: out of memory for recipients"); break; }
    }
    sqlite3_finalize(st);
    if (s->nr) qsort(s->r, s->nr, sizeof *s->r, cmp_rcpt);
    return rc > 0 ? DFT_OK : dft_capp_loop_end(rc, "recipient", (int64_t)s->nr, s->sink, s->stats);
}

/* Group members as a JSON array of parties: group_membership (2023+) or groups.members (older). */
static int load_members(sig_ctx *s)
{
    dft_chatdb *db = s->db;
    bool gm = dft_chatdb_has_column(db, "group_membership", "group_id") &&
              dft_chatdb_has_column(db, "group_membership", "recipient_id");
    bool old = !gm && dft_chatdb_has_column(db, "groups", "members") && dft_chatdb_has_column(db, "groups", "group_id");
    if (!gm && !old) return DFT_OK;
    for (size_t i = 0; i < s->nr; i++) {
        if (dft_chatdb_cancelled(db)) return DFT_ECANCELLED;
        if (!s->r[i].group) continue;
        const char *gid = s->r[i].party + strlen("group:");
        sqlite3_stmt *st = NULL;
        int rc = gm ? dft_chatdb_prepare(db, &st, "SELECT recipient_id FROM group_membership WHERE group_id = ?1 ORDER BY rowid")
                    : dft_chatdb_prepare(db, &st, "SELECT members FROM groups WHERE group_id = ?1 ORDER BY rowid LIMIT 1");
        if (rc) return rc;
        sqlite3_bind_text(st, 1, gid, -1, SQLITE_TRANSIENT);
        json_t *arr = json_array();
        while (arr && (rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
            if (gm) {
                const sig_rcpt *m = rcpt_get(s, dft_chatdb_int(st, 0, -1));
                if (m) json_array_append_new(arr, json_string(m->party));
                continue;
            }
            /* "3,7,12": recipient ids separated by commas (bounded by the text's length) */
            const char *p = dft_chatdb_text(st, 0);
            while (p && *p) {
                char *end = NULL;
                long long id = strtoll(p, &end, 10);
                if (end == p) { p++; continue; }
                const sig_rcpt *m = rcpt_get(s, id);
                if (m) json_array_append_new(arr, json_string(m->party));
                p = end;
            }
        }
        sqlite3_finalize(st);
        if (arr && json_array_size(arr)) s->r[i].participants = json_dumps(arr, JSON_COMPACT);
        json_decref(arr);
        if (rc < 0 && (rc = dft_capp_loop_end(rc, gm ? "group_membership" : "groups", 0, s->sink, s->stats))) return rc;
    }
    return DFT_OK;
}

static int load_threads(sig_ctx *s)
{
    dft_chatdb *db = s->db;
    const char *rc_col = dft_chatdb_col_any(db, "thread", (const char *const[]){ "recipient_id", "thread_recipient_id",
                                                                                 "recipient_ids", NULL });
    if (!strcmp(rc_col, "NULL") || !dft_chatdb_has_column(db, "thread", "_id")) return DFT_OK;
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(db, &st, "SELECT _id, %s FROM thread ORDER BY rowid", rc_col);
    if (rc) return rc;
    size_t cap = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        if (s->nt == cap) {
            size_t nc = cap ? cap * 2 : 64;
            sig_thread *n = realloc(s->t, nc * sizeof *n);
            if (!n) { rc = dft_error_set(DFT_ENOMEM, "signal: out of memory for threads"); break; }
            s->t = n;
            cap = nc;
        }
        s->t[s->nt] = (sig_thread){ .id = dft_chatdb_int(st, 0, -1), .rcpt = dft_chatdb_int(st, 1, -1), .order = s->nt };
        s->nt++;
    }
    sqlite3_finalize(st);
    if (s->nt) qsort(s->t, s->nt, sizeof *s->t, cmp_thread);
    return rc > 0 ? DFT_OK : dft_capp_loop_end(rc, "thread", (int64_t)s->nt, s->sink, s->stats);
}

/* ---- type bits ----------------------------------------------------------------------------------- */

static bool base_out(int64_t b) { return b >= 21 && b <= 27; }
static bool base_call(int64_t b) { return b == 1 || b == 2 || b == 3 || b == 8 || b == 10 || b == 11; }

static const char *base_status(int64_t b)
{
    switch (b) {
    case 21: return "outbox";
    case 22: return "sending";
    case 23: return "sent";
    case 24: return "failed";
    case 25:
    case 26: return "pending-sms-fallback";
    case 27: return "draft";
    default: return NULL;
    }
}

/* ---- messages ------------------------------------------------------------------------------------ */

typedef struct msg_cols {
    const char *table;      /* "message", "sms", "mms" */
    const char *from, *to;  /* recipient columns: 2023+ from/to, older one address column */
    const char *sent, *recv, *type, *body, *read, *rdel, *expires, *quote;
    const char *att;        /* SELECT item: first attachment path, name, mime as one JSON-free triple */
} msg_cols;

static int emit_messages(sig_ctx *s, const msg_cols *c, bool calls_only)
{
    dft_chatdb *db = s->db;
    const char *T = c->table;
    char att_sql[1024] = "NULL, NULL, NULL";
    if (dft_chatdb_has_column(db, "attachment", "message_id")) {
        const char *df = dft_chatdb_col_any(db, "attachment", (const char *const[]){ "data_file", "_data", NULL });
        const char *fn = dft_chatdb_col(db, "attachment", "file_name");
        const char *ct = dft_chatdb_col(db, "attachment", "content_type");   /* "NULL" when missing */
        snprintf(att_sql, sizeof att_sql,
                 "(SELECT %s FROM attachment WHERE attachment.message_id = %s._id ORDER BY attachment.rowid LIMIT 1), "
                 "(SELECT %s FROM attachment WHERE attachment.message_id = %s._id ORDER BY attachment.rowid LIMIT 1), "
                 "(SELECT %s FROM attachment WHERE attachment.message_id = %s._id ORDER BY attachment.rowid LIMIT 1)",
                 df ? df : "NULL", T, fn ? fn : "NULL", T, ct ? ct : "NULL", T);
    } else if (strcmp(T, "sms") != 0 && dft_chatdb_has_column(db, "part", "mid")) {
        /* `part` (mid, _data, ct) held attachments until it became `attachment` (also under `message`) */
        const char *df = dft_chatdb_col(db, "part", "_data");
        const char *fn = dft_chatdb_col(db, "part", "file_name");
        const char *ct = dft_chatdb_col(db, "part", "ct");
        snprintf(att_sql, sizeof att_sql,
                 "(SELECT %s FROM part WHERE part.mid = %s._id ORDER BY part.rowid LIMIT 1), "
                 "(SELECT %s FROM part WHERE part.mid = %s._id ORDER BY part.rowid LIMIT 1), "
                 "(SELECT %s FROM part WHERE part.mid = %s._id ORDER BY part.rowid LIMIT 1)",
                 df ? df : "NULL", T, fn ? fn : "NULL", T, ct ? ct : "NULL", T);
    }
    /* 2023+: call records that a `call` row describes are reported from that table only */
    char where[512] = "";
    if (calls_only && s->modern && dft_chatdb_has_column(db, "call", "message_id"))
        snprintf(where, sizeof where, "WHERE NOT EXISTS (SELECT 1 FROM call WHERE call.message_id = %s._id)", T);
    const char *thr = dft_chatdb_col(db, T, "thread_id");   /* "NULL" when missing */
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(db, &st,
                                "SELECT %s.rowid, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s FROM %s %s ORDER BY %s.rowid",
                                T, thr ? thr : "NULL", c->from ? c->from : "NULL", c->to ? c->to : "NULL",
                                c->sent ? c->sent : "NULL", c->recv ? c->recv : "NULL", c->type ? c->type : "NULL",
                                c->body ? c->body : "NULL", c->read ? c->read : "NULL", c->rdel ? c->rdel : "NULL",
                                c->expires ? c->expires : "NULL", c->quote ? c->quote : "NULL", att_sql, T, where, T);
    if (rc) return rc;
    int64_t last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        /* columns: 0 rowid, 1 thread, 2 from, 3 to, 4 sent, 5 received, 6 type, 7 body, 8 read, 9 remote
         * deleted, 10 expires_in, 11 quote_id, 12 attachment path, 13 name, 14 mime */
        last = sqlite3_column_int64(st, 0);
        int64_t type = dft_chatdb_int(st, 6, 0), base = type & 0x1F;
        if (base_call(base) != calls_only) continue;
        int64_t thread_id = dft_chatdb_int(st, 1, -1);
        const sig_rcpt *peer = rcpt_get(s, thread_rcpt(s, thread_id));
        const sig_rcpt *from = sqlite3_column_type(st, 2) == SQLITE_NULL ? NULL : rcpt_get(s, dft_chatdb_int(st, 2, -1));
        const sig_rcpt *to = sqlite3_column_type(st, 3) == SQLITE_NULL ? NULL : rcpt_get(s, dft_chatdb_int(st, 3, -1));
        /* very old rows keep the phone number itself in address (before recipient ids) */
        char fbuf[DFT_PHONE_LEN + 64];
        const char *from_text = NULL;
        if (!from && sqlite3_column_type(st, 2) == SQLITE_TEXT && !rcpt_get(s, dft_chatdb_int(st, 2, -1)))
            from_text = dft_capp_party(dft_chatdb_text(st, 2), s->ctx->region, fbuf);
        else if (!from && sqlite3_column_type(st, 2) == SQLITE_INTEGER) {
            /* a recipient id the recipient table no longer has: keep it, marked as an id */
            snprintf(fbuf, sizeof fbuf, "recipient:%" PRId64, dft_chatdb_int(st, 2, -1));
            from_text = fbuf;
        }
        bool out = calls_only ? (base == 2 || base == 11) : base_out(base);
        bool in = calls_only ? !out : base == SIG_INBOX;
        const char *acct = s->account[0] ? s->account : NULL;
        bool group = peer && peer->group;
        /* the other party: the thread's recipient; older rows without a thread: the address column */
        const sig_rcpt *other = peer ? peer : (c->to ? to : from);
        char sent[DFT_TIME_LEN], recv[DFT_TIME_LEN];
        int64_t raw = 0, raw_recv = 0;
        dft_chatdb_time(st, 4, DFT_TIME_UNIX_MS, sent, &raw);
        dft_chatdb_time(st, 5, DFT_TIME_UNIX_MS, recv, &raw_recv);
        char thread[32];
        snprintf(thread, sizeof thread, "%" PRId64, thread_id);
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_int(&j, "raw_time", raw);
        if (raw_recv) {
            dft_chat_json_str(&j, "received_utc", recv);
            dft_chat_json_int(&j, "raw_received", raw_recv);
        }
        dft_chat_json_int(&j, "type", type);
        dft_chat_json_int(&j, "base_type", base);
        if (calls_only) {
            dft_chat_call k = { 0 };
            k.account = acct;
            const sig_rcpt *cp = in && !c->to ? from : other;
            k.counterpart = cp ? cp->party : from_text;
            k.counterpart_name = cp ? cp->name : NULL;
            k.direction = out ? "out" : "in";
            k.status = base == 3 || base == 8 ? "missed" : NULL;
            k.media = base >= 8 ? "video" : "voice";
            k.start_utc = sent[0] ? sent : recv;
            k.duration_s = -1;
            k.details = dft_chat_json_end(&j);
            rc = dft_capp_call(db, s->sink, s->stats, &k, T, last);
            dft_chat_json_free(&j);
            if (rc) break;
            continue;
        }
        dft_chat_msg m = { 0 };
        m.account = acct;
        m.thread = thread;
        m.sent_utc = sent[0] ? sent : recv;
        m.body = dft_chatdb_text(st, 7);
        if (m.body && !*m.body) m.body = NULL;
        m.deleted = dft_chatdb_int(st, 9, 0) != 0;
        m.attachment = dft_chatdb_text(st, 12);
        m.attachment_mime = dft_chatdb_text(st, 14);
        const char *gref = group ? peer->party : NULL;
        if (out) {
            m.direction = "out";
            m.sender = acct;
            m.recipient = gref ? gref : other ? other->party : from_text;
            m.thread_title = other ? other->name : NULL;
        } else {
            m.direction = in ? "in" : NULL;
            /* the 2023+ from column is the sender; older rows: the address column is the sending member */
            const sig_rcpt *snd = from ? from : other;
            m.sender = snd ? snd->party : from_text;
            m.sender_name = snd ? snd->name : NULL;
            m.recipient = in ? (gref ? gref : acct) : NULL;
            m.thread_title = peer ? peer->name : NULL;
        }
        dft_chat_json_str(&j, "status", base_status(base));
        if (!in && !out) dft_chat_json_bool(&j, "event", true);
        dft_chat_json_str(&j, "sender_name", m.sender_name);
        if (sqlite3_column_type(st, 8) != SQLITE_NULL) dft_chat_json_bool(&j, "read", dft_chatdb_int(st, 8, 0) != 0);
        if (m.deleted) dft_chat_json_bool(&j, "remote_deleted", true);
        if (dft_chatdb_int(st, 10, 0) > 0) dft_chat_json_int(&j, "expires_in_ms", dft_chatdb_int(st, 10, 0));
        if (dft_chatdb_int(st, 11, 0) > 0) dft_chat_json_int(&j, "quote_id", dft_chatdb_int(st, 11, 0));
        dft_chat_json_str(&j, "attachment_name", dft_chatdb_text(st, 13));
        if (group && peer->participants) dft_chat_json_raw(&j, "participants", peer->participants);
        m.details = dft_chat_json_end(&j);
        rc = dft_capp_msg(db, s->sink, s->stats, &m, T, last);
        dft_chat_json_free(&j);
        if (rc) break;
    }
    sqlite3_finalize(st);
    if (rc > 0) return rc;
    return dft_capp_loop_end(rc, T, last, s->sink, s->stats);
}

static void cols_for(dft_chatdb *db, msg_cols *c, const char *T)
{
    memset(c, 0, sizeof *c);
    c->table = T;
    if (!strcmp(T, "message")) {
        c->from = dft_chatdb_col(db, T, "from_recipient_id");
        c->to = dft_chatdb_col(db, T, "to_recipient_id");
        c->sent = dft_chatdb_col(db, T, "date_sent");
        c->recv = dft_chatdb_col(db, T, "date_received");
    } else {
        c->from = dft_chatdb_col_any(db, T, (const char *const[]){ "recipient_id", "address", NULL });
        if (!strcmp(T, "sms")) {
            c->sent = dft_chatdb_col(db, T, "date_sent");
            c->recv = dft_chatdb_col_any(db, T, (const char *const[]){ "date_received", "date", NULL });
        } else {
            /* mms: "date" was the sent time before it was renamed date_sent */
            c->sent = dft_chatdb_col_any(db, T, (const char *const[]){ "date_sent", "date", NULL });
            c->recv = dft_chatdb_col(db, T, "date_received");
        }
    }
    c->type = dft_chatdb_col_any(db, T, (const char *const[]){ "type", "msg_box", NULL });
    c->body = dft_chatdb_col(db, T, "body");
    c->read = dft_chatdb_col(db, T, "read");
    c->rdel = dft_chatdb_col(db, T, "remote_deleted");
    c->expires = dft_chatdb_col(db, T, "expires_in");
    c->quote = dft_chatdb_col(db, T, "quote_id");
    /* dft_chatdb_col says "NULL" for a missing column: keep NULL so presence can be tested */
    const char **all[] = { &c->from, &c->to, &c->sent, &c->recv, &c->type, &c->body, &c->read, &c->rdel, &c->expires, &c->quote };
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        if (*all[i] && !strcmp(*all[i], "NULL")) *all[i] = NULL;
}

/* ---- the call table (2023+) ---------------------------------------------------------------------- */

static int emit_calls(sig_ctx *s)
{
    dft_chatdb *db = s->db;
    const char *T = "call";
    if (!dft_chatdb_has_column(db, T, "peer") || !dft_chatdb_has_column(db, T, "timestamp")) return DFT_OK;
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(db, &st, "SELECT call.rowid, %s, %s, %s, %s, %s, %s, %s FROM call ORDER BY call.rowid",
                                dft_chatdb_col(db, T, "call_id"), dft_chatdb_col(db, T, "peer"),
                                dft_chatdb_col(db, T, "type"), dft_chatdb_col(db, T, "direction"),
                                dft_chatdb_col(db, T, "event"), dft_chatdb_col(db, T, "timestamp"),
                                dft_chatdb_col(db, T, "message_id"));
    if (rc) return rc;
    int64_t last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        last = sqlite3_column_int64(st, 0);
        const sig_rcpt *peer = rcpt_get(s, dft_chatdb_int(st, 2, -1));
        int64_t type = dft_chatdb_int(st, 3, -1), dir = dft_chatdb_int(st, 4, -1), ev = dft_chatdb_int(st, 5, -1);
        char start[DFT_TIME_LEN];
        int64_t raw = 0;
        dft_chatdb_time(st, 6, DFT_TIME_UNIX_MS, start, &raw);
        dft_chat_call k = { 0 };
        k.account = s->account[0] ? s->account : NULL;
        k.counterpart = peer ? peer->party : NULL;
        k.counterpart_name = peer ? peer->name : NULL;
        k.direction = dir == 1 ? "out" : "in";
        /* CallTable.Event: 1 accepted, 2 not accepted, 3 missed, 8 declined, 10 missed (notification profile) */
        k.status = ev == 1 ? "answered" : ev == 3 || ev == 10 ? "missed" : ev == 8 ? "rejected" : ev == 2 ? "cancelled" : NULL;
        k.media = type == 1 ? "video" : type == 0 ? "voice" : NULL;
        k.start_utc = start;
        k.duration_s = -1;
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_int(&j, "raw_time", raw);
        dft_chat_json_str(&j, "call_id", dft_chatdb_text(st, 1));
        dft_chat_json_int(&j, "type", type);
        dft_chat_json_int(&j, "direction", dir);
        dft_chat_json_int(&j, "event", ev);
        if (type == 3 || type == 4) dft_chat_json_bool(&j, "group", true);
        if (peer && peer->group && peer->participants) dft_chat_json_raw(&j, "participants", peer->participants);
        if (sqlite3_column_type(st, 7) != SQLITE_NULL) dft_chat_json_int(&j, "message_id", dft_chatdb_int(st, 7, 0));
        k.details = dft_chat_json_end(&j);
        rc = dft_capp_call(db, s->sink, s->stats, &k, T, last);
        dft_chat_json_free(&j);
        if (rc) break;
    }
    sqlite3_finalize(st);
    if (rc > 0) return rc;
    return dft_capp_loop_end(rc, T, last, s->sink, s->stats);
}

/* ---- contacts ------------------------------------------------------------------------------------ */

static int emit_contacts(sig_ctx *s)
{
    /* the loaded recipients in rowid order would need a second query: re-read to keep "table:rowid" */
    dft_chatdb *db = s->db;
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(db, &st, "SELECT recipient.rowid, recipient._id, %s, %s FROM recipient ORDER BY recipient.rowid",
                                rcol(db, (const char *const[]){ "e164", "phone", NULL }),
                                rcol(db, (const char *const[]){ "aci", "uuid", NULL }));
    if (rc) return rc;
    int64_t last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        last = sqlite3_column_int64(st, 0);
        int64_t id = dft_chatdb_int(st, 1, -1);
        const sig_rcpt *r = rcpt_get(s, id);
        /* groups are thread titles; the owner is the account */
        if (!r || r->group || id == s->self_id || (s->account[0] && !strcmp(r->party, s->account))) continue;
        char ph[DFT_PHONE_LEN];
        const char *raw = dft_chatdb_text(st, 2);
        dft_chat_contact c = { 0 };
        c.account = s->account[0] ? s->account : NULL;
        c.name = r->name;
        c.phone = raw && dft_chatdb_phone(raw, s->ctx->region, raw[0] == '+', ph) == DFT_OK ? ph : NULL;
        c.handle = r->party;
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_str(&j, "aci", dft_chatdb_text(st, 3));
        dft_chat_json_int(&j, "recipient_id", id);
        c.details = dft_chat_json_end(&j);
        rc = dft_capp_contact(db, s->sink, s->stats, &c, "recipient", last);
        dft_chat_json_free(&j);
        if (rc) break;
    }
    sqlite3_finalize(st);
    if (rc > 0) return rc;
    return dft_capp_loop_end(rc, "recipient", last, s->sink, s->stats);
}

/* ---- parser -------------------------------------------------------------------------------------- */

static int signal_detect(dft_chatdb *db, const dft_chat_ctx *ctx)
{
    (void)ctx;
    if (!dft_chatdb_has_column(db, "recipient", "_id")) return 0;
    if (dft_chatdb_has_column(db, "message", "from_recipient_id") && dft_chatdb_has_column(db, "message", "date_sent") &&
        dft_chatdb_has_column(db, "message", "type"))
        return 90;
    /* older: sms + mms with Signal's recipient/thread tables (AOSP mmssms.db has threads/pdu instead) */
    if (dft_chatdb_has_column(db, "sms", "thread_id") && dft_chatdb_has_column(db, "sms", "date_sent") &&
        dft_chatdb_has_column(db, "mms", "thread_id") && dft_chatdb_has_table(db, "thread"))
        return 90;
    return 0;
}

/* The owner (2023+): the sender of an outgoing message, else the addressee of an incoming one. */
static void find_self(sig_ctx *s)
{
    s->self_id = -1;
    if (!s->modern || !dft_chatdb_has_column(s->db, "message", "to_recipient_id")) return;
    static const char *const q[] = {
        "SELECT from_recipient_id FROM message WHERE (type & 31) BETWEEN 21 AND 26 AND from_recipient_id IS NOT NULL "
        "ORDER BY rowid LIMIT 1",
        "SELECT to_recipient_id FROM message WHERE (type & 31) = 20 AND to_recipient_id IS NOT NULL ORDER BY rowid LIMIT 1",
    };
    for (size_t i = 0; i < 2 && s->self_id < 0; i++) {
        sqlite3_stmt *st = NULL;
        if (dft_chatdb_prepare(s->db, &st, "%s", q[i]) != DFT_OK) return;
        if (dft_chatdb_step(s->db, st) == DFT_SQLITE_ROW) s->self_id = dft_chatdb_int(st, 0, -1);
        sqlite3_finalize(st);
    }
    const sig_rcpt *me = rcpt_get(s, s->self_id);
    if (me && !me->group) snprintf(s->account, sizeof s->account, "%s", me->party);
}

static int signal_parse(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    sig_ctx s = { .db = db, .ctx = ctx, .sink = sink, .stats = stats, .self_id = -1 };
    s.modern = dft_chatdb_has_column(db, "message", "from_recipient_id");
    stats->variant = s.modern ? "android-message" : "android-sms-mms";
    int rc = load_recipients(&s);
    if (!rc) rc = load_members(&s);
    if (!rc) rc = load_threads(&s);
    if (rc) { sig_free(&s); return rc; }
    find_self(&s);
    if (!s.account[0] && ctx->account_hint) dft_capp_party(ctx->account_hint, ctx->region, s.account);
    snprintf(stats->account, sizeof stats->account, "%s", s.account);
    msg_cols c;
    if (s.modern) {
        cols_for(db, &c, "message");
        rc = emit_messages(&s, &c, false);
        if (!rc) rc = emit_messages(&s, &c, true);
        if (!rc) rc = emit_calls(&s);
    } else {
        cols_for(db, &c, "sms");
        rc = emit_messages(&s, &c, false);
        if (!rc) rc = emit_messages(&s, &c, true);
        cols_for(db, &c, "mms");
        if (!rc) rc = emit_messages(&s, &c, false);
    }
    if (!rc) rc = emit_contacts(&s);
    sig_free(&s);
    return rc;
}

static const char *const signal_paths[] = { "*/org.thoughtcrime.securesms/databases/signal.db*", NULL };

const dft_chat_parser dft_chat_parser_signal_android = {
    .app = "signal",
    .name = "signal-android",
    .paths = signal_paths,
    .detect = signal_detect,
    .parse = signal_parse,
};
