/*
 * chat_telegram.c - Telegram for Android cache4.db (every account slot: files/cache4.db and
 * files/account<N>/cache4.db, forks included): messages from messages_v2 (older builds: messages)
 * with their TL blobs decoded by tl_message.c, users and the phone book Telegram imported as
 * contacts, secret chats (enc_chats) tied to their peer, the owner from shared_prefs/userconfing.xml
 * (userconfig<N>.xml for slot N; a base64 TL user), else the users row flagged self.
 *
 * Dialog ids (messages_v2.uid, dialogs.did): > 0 a user; < 0 a basic group or channel (-chat id); a
 * secret chat is 0x4000000000000000 | enc id (DialogObject.makeEncryptedDialogId, 64-bit-id builds)
 * or enc id << 32 (older builds), checked against enc_chats. Direction from the out column; sender
 * and recipient are E.164 phones when the users row carries one, else "tg:<id>"; a group is
 * "tg:<dialog id>". Timestamps: date is Unix seconds.
 */
#include <inttypes.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatdb.h"
#include "error.h"
#include "tl_telegram.h"

#define ENC_FLAG INT64_C(0x4000000000000000)

typedef struct tg_user {
    int64_t uid;
    char *name;       /* "First Last" */
    char *username;
    char *addr;       /* E.164 phone (NULL: none) */
    int64_t rowid;
    bool decoded;
} tg_user;

typedef struct tg_chat {
    int64_t uid;      /* positive chat/channel id */
    char *title;
} tg_chat;

typedef struct tg_enc {
    int64_t id, user;
} tg_enc;

typedef struct tg_unknown {
    uint32_t ctor;
    int64_t n;
} tg_unknown;

typedef struct tg_member {
    int64_t did, user;
} tg_member;

#define MAX_PARTICIPANTS 64

typedef struct tg_state {
    dft_chatdb *db;
    const dft_chat_ctx *ctx;
    const dft_chat_sink *sink;
    dft_chat_stats *st;
    tg_user *users;
    size_t nusers;
    tg_chat *chats;
    size_t nchats;
    tg_enc *encs;
    size_t nencs;
    int64_t self_id;
    char self_addr[64];
    tg_member *members;      /* (group dialog, sender) pairs seen in messages, sorted, unique */
    size_t nmembers;
    tg_unknown unknown[16];
    size_t nunknown;
    int64_t unknown_total;
} tg_state;

static const char *const TG_PATHS[] = {
    "*/org.telegram.messenger*/files/cache4.db",
    "*/org.telegram.messenger*/files/account*/cache4.db",
    NULL,
};

static void warn(tg_state *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(tg_state *s, const char *fmt, ...)
{
    if (!s->sink->warning) return;
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    s->sink->warning(s->sink->payload, buf);
}

static const char *msg_table(dft_chatdb *db)
{
    static const char *const need[] = { "mid", "uid", "date", "data" };
    const char *tables[] = { "messages_v2", "messages" };
    for (size_t t = 0; t < 2; t++) {
        bool all = dft_chatdb_has_table(db, tables[t]);
        for (size_t i = 0; all && i < 4; i++) all = dft_chatdb_has_column(db, tables[t], need[i]);
        if (all) return tables[t];
    }
    return NULL;
}

static int tg_detect(dft_chatdb *db, const dft_chat_ctx *ctx)
{
    (void)ctx;
    const char *mt = msg_table(db);
    if (!mt) return 0;
    int score = strcmp(mt, "messages_v2") == 0 ? 60 : 40;
    if (dft_chatdb_has_column(db, "users", "uid") && dft_chatdb_has_column(db, "users", "data")) score += 20;
    else return 0;   /* a "messages" table with mid/uid/data alone is too generic to claim */
    if (dft_chatdb_has_table(db, "dialogs")) score += 10;
    if (dft_chatdb_has_table(db, "enc_chats")) score += 5;
    return score;
}

/* ---- lookups ------------------------------------------------------------------------------- */

static int cmp_user(const void *a, const void *b)
{
    int64_t x = ((const tg_user *)a)->uid, y = ((const tg_user *)b)->uid;
    return (x > y) - (x < y);
}
static int cmp_chat(const void *a, const void *b)
{
    int64_t x = ((const tg_chat *)a)->uid, y = ((const tg_chat *)b)->uid;
    return (x > y) - (x < y);
}
static int cmp_enc(const void *a, const void *b)
{
    int64_t x = ((const tg_enc *)a)->id, y = ((const tg_enc *)b)->id;
    return (x > y) - (x < y);
}

static const tg_user *find_user(const tg_state *s, int64_t uid)
{
    tg_user key = { .uid = uid };
    return s->nusers ? bsearch(&key, s->users, s->nusers, sizeof key, cmp_user) : NULL;
}
static const tg_chat *find_chat(const tg_state *s, int64_t uid)
{
    tg_chat key = { .uid = uid };
    return s->nchats ? bsearch(&key, s->chats, s->nchats, sizeof key, cmp_chat) : NULL;
}
static const tg_enc *find_enc(const tg_state *s, int64_t id)
{
    tg_enc key = { .id = id };
    return s->nencs ? bsearch(&key, s->encs, s->nencs, sizeof key, cmp_enc) : NULL;
}

/* Address of a user: E.164 when the users row carries a phone, else tg:<id>. */
static const char *user_addr(const tg_state *s, int64_t uid, char buf[32])
{
    const tg_user *u = find_user(s, uid);
    if (u && u->addr) return u->addr;
    snprintf(buf, 32, "tg:%" PRId64, uid);
    return buf;
}

static char *str_dup(dft_tl_str t) { return t.len ? dft_tl_strdup(t) : NULL; }

/* "First Last" from a decoded user (NULL when both are empty). */
static char *full_name(const dft_tg_user *u)
{
    if (!u->first.len && !u->last.len) return NULL;
    char *out = malloc(u->first.len + u->last.len + 2);
    if (!out) return NULL;
    size_t n = 0;
    memcpy(out, u->first.p ? (const char *)u->first.p : "", u->first.len);
    n += u->first.len;
    if (u->first.len && u->last.len) out[n++] = ' ';
    if (u->last.len) memcpy(out + n, u->last.p, u->last.len);
    n += u->last.len;
    out[n] = '\0';
    return out;
}

static char *phone_addr(tg_state *s, dft_tl_str phone)
{
    if (!phone.len || phone.len > 30) return NULL;
    char raw[32], e164[DFT_PHONE_LEN];
    memcpy(raw, phone.p, phone.len);
    raw[phone.len] = '\0';
    if (dft_chatdb_phone(raw, s->ctx->region, true, e164) == DFT_OK) return strdup(e164);
    return NULL;
}

/* ---- users -> lookups and contacts ----------------------------------------------------------- */

static int load_users(tg_state *s)
{
    sqlite3_stmt *q = NULL;
    int rc = dft_chatdb_prepare(s->db, &q, "SELECT rowid, uid, %s, %s FROM users ORDER BY uid",
                                dft_chatdb_col(s->db, "users", "name"), dft_chatdb_col(s->db, "users", "data"));
    if (rc) return rc;
    size_t cap = 0;
    while ((rc = dft_chatdb_step(s->db, q)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(s->db)) { rc = DFT_ECANCELLED; break; }
        int64_t rowid = sqlite3_column_int64(q, 0), uid = sqlite3_column_int64(q, 1);
        const char *colname = dft_chatdb_text(q, 2);
        const uint8_t *blob = sqlite3_column_blob(q, 3);
        size_t blen = (size_t)sqlite3_column_bytes(q, 3);
        dft_tg_user u;
        bool decoded = blob && dft_tg_user_decode(blob, blen, uid, &u) == DFT_OK && !u.empty;
        if (s->nusers == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            tg_user *n = realloc(s->users, ncap * sizeof *n);
            if (!n) { rc = dft_error_set(DFT_ENOMEM, "out of memory"); break; }
            s->users = n;
            cap = ncap;
        }
        tg_user *t = &s->users[s->nusers++];
        memset(t, 0, sizeof *t);
        t->uid = uid;
        if (decoded) {
            t->name = full_name(&u);
            t->username = str_dup(u.username);
            t->addr = phone_addr(s, u.phone);
            if (u.self && !s->self_id) s->self_id = uid;
        } else if (colname) {
            /* the name column: lower-cased "first last;;;username" (search key of the client) */
            const char *semi = strstr(colname, ";;;");
            t->name = semi ? strndup(colname, (size_t)(semi - colname)) : strdup(colname);
            if (semi && semi[3]) t->username = strdup(semi + 3);
        }
        t->decoded = decoded;
        t->rowid = rowid;
        if (!decoded && blob) warn(s, "users row %" PRId64 ": TL user not decoded (%s)", rowid, dft_error_last());
    }
    sqlite3_finalize(q);
    if (rc < 0) return rc;
    if (s->nusers) qsort(s->users, s->nusers, sizeof *s->users, cmp_user);
    return DFT_OK;
}

static int load_chats(tg_state *s)
{
    if (!dft_chatdb_has_column(s->db, "chats", "uid")) return DFT_OK;
    sqlite3_stmt *q = NULL;
    int rc = dft_chatdb_prepare(s->db, &q, "SELECT uid, %s, %s FROM chats ORDER BY uid",
                                dft_chatdb_col(s->db, "chats", "name"), dft_chatdb_col(s->db, "chats", "data"));
    if (rc) return rc;
    size_t cap = 0;
    while ((rc = dft_chatdb_step(s->db, q)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(s->db)) { rc = DFT_ECANCELLED; break; }
        int64_t uid = sqlite3_column_int64(q, 0);
        const char *name = dft_chatdb_text(q, 1);
        const uint8_t *blob = sqlite3_column_blob(q, 2);
        size_t blen = (size_t)sqlite3_column_bytes(q, 2);
        if (s->nchats == cap) {
            size_t ncap = cap ? cap * 2 : 32;
            tg_chat *n = realloc(s->chats, ncap * sizeof *n);
            if (!n) { rc = dft_error_set(DFT_ENOMEM, "out of memory"); break; }
            s->chats = n;
            cap = ncap;
        }
        tg_chat *c = &s->chats[s->nchats++];
        c->uid = uid;
        c->title = NULL;
        dft_tg_chat ch;
        if (blob && dft_tg_chat_decode(blob, blen, uid, name, &ch) == DFT_OK && ch.has_title)
            c->title = dft_tl_strdup(ch.title);
        else if (name)
            c->title = strdup(name);   /* lower-cased by the client, better than nothing */
    }
    sqlite3_finalize(q);
    if (rc < 0) return rc;
    if (s->nchats) qsort(s->chats, s->nchats, sizeof *s->chats, cmp_chat);
    return DFT_OK;
}

/* Secret chats: enc id -> the peer user. */
static int load_encs(tg_state *s)
{
    if (!dft_chatdb_has_column(s->db, "enc_chats", "uid")) return DFT_OK;
    sqlite3_stmt *q = NULL;
    int rc = dft_chatdb_prepare(s->db, &q, "SELECT uid, %s FROM enc_chats ORDER BY uid",
                                dft_chatdb_col(s->db, "enc_chats", "user"));
    if (rc) return rc;
    size_t cap = 0;
    while ((rc = dft_chatdb_step(s->db, q)) == DFT_SQLITE_ROW) {
        if (s->nencs == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            tg_enc *n = realloc(s->encs, ncap * sizeof *n);
            if (!n) { rc = dft_error_set(DFT_ENOMEM, "out of memory"); break; }
            s->encs = n;
            cap = ncap;
        }
        s->encs[s->nencs].id = sqlite3_column_int64(q, 0);
        s->encs[s->nencs].user = dft_chatdb_int(q, 1, 0);
        s->nencs++;
    }
    sqlite3_finalize(q);
    if (rc < 0) return rc;
    if (s->nencs) qsort(s->encs, s->nencs, sizeof *s->encs, cmp_enc);
    return DFT_OK;
}

/* ---- the account: shared_prefs/userconfing.xml or userconfig<N>.xml ---------------------------- */

/* The shared_prefs file of this database's account slot, from its device path. */
static bool prefs_path(const char *device_path, char *out, size_t cap)
{
    if (!device_path) return false;
    const char *f = strstr(device_path, "/files/");
    if (!f) return false;
    const char *rest = f + 7;
    int slot = 0;
    if (strncmp(rest, "account", 7) == 0) {
        slot = atoi(rest + 7);
        if (slot < 1 || slot > 99) return false;
    }
    int n = slot ? snprintf(out, cap, "%.*s/shared_prefs/userconfig%d.xml", (int)(f - device_path), device_path, slot)
                 : snprintf(out, cap, "%.*s/shared_prefs/userconfing.xml", (int)(f - device_path), device_path);
    return n > 0 && (size_t)n < cap;
}

/* The value of <string name="user">...</string>, base64-decoded (malloc'd). */
static uint8_t *prefs_user_blob(const char *xml, size_t *len)
{
    const char *k = strstr(xml, "name=\"user\"");
    if (!k) return NULL;
    const char *gt = strchr(k, '>');
    if (!gt) return NULL;
    const char *end = strstr(gt, "</string>");
    if (!end) return NULL;
    size_t n = (size_t)(end - gt - 1);
    char *b64 = malloc(n + 1);
    uint8_t *out = malloc(n / 4 * 3 + 4);
    if (!b64 || !out) { free(b64); free(out); return NULL; }
    size_t m = 0;
    for (const char *p = gt + 1; p < end; p++)
        if (*p != '\n' && *p != '\r' && *p != ' ' && *p != '\t') b64[m++] = *p;   /* Base64.DEFAULT wraps */
    b64[m] = '\0';
    int got = m % 4 == 0 && m ? EVP_DecodeBlock(out, (const unsigned char *)b64, (int)m) : -1;
    if (got >= 0) {
        if (m && b64[m - 1] == '=') got--;
        if (m > 1 && b64[m - 2] == '=') got--;
    }
    free(b64);
    if (got <= 0) { free(out); return NULL; }
    *len = (size_t)got;
    return out;
}

static void find_account(tg_state *s)
{
    char path[1024];
    char *xml = NULL;
    size_t xlen = 0;
    if (s->ctx->read_sibling && prefs_path(s->ctx->device_path, path, sizeof path) &&
        s->ctx->read_sibling(s->ctx->payload, path, 1 << 20, &xml, &xlen) == DFT_OK && xml) {
        size_t blen = 0;
        uint8_t *blob = prefs_user_blob(xml, &blen);
        dft_tg_user u;
        if (blob && dft_tg_user_decode(blob, blen, 0, &u) == DFT_OK && !u.empty) {
            s->self_id = u.id;
            char *ph = phone_addr(s, u.phone);
            if (ph) snprintf(s->self_addr, sizeof s->self_addr, "%s", ph);
            free(ph);
        } else {
            warn(s, "%s: no decodable \"user\" entry", path);
        }
        free(blob);
        free(xml);
    }
    if (s->self_id && !s->self_addr[0]) {
        const tg_user *u = find_user(s, s->self_id);
        if (u && u->addr) snprintf(s->self_addr, sizeof s->self_addr, "%s", u->addr);
        else snprintf(s->self_addr, sizeof s->self_addr, "tg:%" PRId64, s->self_id);
    }
    if (s->self_addr[0]) snprintf(s->st->account, sizeof s->st->account, "%s", s->self_addr);
}

/* ---- contacts ------------------------------------------------------------------------------- */

static int emit_contact(tg_state *s, const dft_chat_contact *c, bool wal)
{
    s->st->contacts++;
    if (wal) s->st->contacts_only_in_wal++;
    return s->sink->contact ? s->sink->contact(s->sink->payload, c) : DFT_OK;
}

static int emit_users(tg_state *s)
{
    /* in rowid order (the table's order), not uid order */
    sqlite3_stmt *q = NULL;
    int rc = dft_chatdb_prepare(s->db, &q, "SELECT rowid, uid FROM users ORDER BY rowid");
    if (rc) return rc;
    while ((rc = dft_chatdb_step(s->db, q)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(s->db)) { rc = DFT_ECANCELLED; break; }
        int64_t rowid = sqlite3_column_int64(q, 0);
        const tg_user *t = find_user(s, sqlite3_column_int64(q, 1));
        if (!t) continue;
        char src[64], handle[32];
        snprintf(src, sizeof src, "users:%" PRId64, rowid);
        snprintf(handle, sizeof handle, "tg:%" PRId64, t->uid);
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_str(&j, "type", "telegram_user");
        dft_chat_json_int(&j, "user_id", t->uid);
        dft_chat_json_str(&j, "username", t->username);
        dft_chat_json_bool(&j, "decoded", t->decoded);
        if (t->uid == s->self_id) dft_chat_json_bool(&j, "self", true);
        bool wal = dft_chatdb_only_in_wal(s->db, "users", rowid);
        dft_chat_contact c = { .account = s->self_addr[0] ? s->self_addr : NULL, .name = t->name,
                               .phone = t->addr, .handle = handle, .source = src, .only_in_wal = wal,
                               .details = dft_chat_json_end(&j) };
        rc = emit_contact(s, &c, wal);
        dft_chat_json_free(&j);
        if (rc) break;
    }
    sqlite3_finalize(q);
    return rc < 0 || rc > 1 ? rc : DFT_OK;
}

/* The phone book entries Telegram imported (user_contacts_v7 + user_phones_v7). */
static int emit_phonebook(tg_state *s)
{
    if (!dft_chatdb_has_column(s->db, "user_phones_v7", "phone")) return DFT_OK;
    bool names = dft_chatdb_has_column(s->db, "user_contacts_v7", "key");
    sqlite3_stmt *q = NULL;
    int rc = dft_chatdb_prepare(
        s->db, &q, "SELECT p.rowid, p.phone, %s, %s, %s, %s FROM user_phones_v7 p %s ORDER BY p.rowid",
        names ? "c.fname" : "NULL", names ? "c.sname" : "NULL",
        dft_chatdb_has_column(s->db, "user_phones_v7", "deleted") ? "p.deleted" : "NULL",
        names && dft_chatdb_has_column(s->db, "user_contacts_v7", "uid") ? "c.uid" : "NULL",
        names ? "LEFT JOIN user_contacts_v7 c ON c.key = p.key" : "");
    if (rc) return rc;
    while ((rc = dft_chatdb_step(s->db, q)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(s->db)) { rc = DFT_ECANCELLED; break; }
        int64_t rowid = sqlite3_column_int64(q, 0);
        const char *phone = dft_chatdb_text(q, 1), *fn = dft_chatdb_text(q, 2), *sn = dft_chatdb_text(q, 3);
        char name[512];
        snprintf(name, sizeof name, "%s%s%s", fn ? fn : "", fn && sn && *fn && *sn ? " " : "", sn ? sn : "");
        char e164[DFT_PHONE_LEN], src[64];
        bool ok = phone && dft_chatdb_phone(phone, s->ctx->region, false, e164) == DFT_OK;
        snprintf(src, sizeof src, "user_phones_v7:%" PRId64, rowid);
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_str(&j, "type", "phonebook");
        if (phone && !ok) dft_chat_json_str(&j, "raw_phone", phone);
        if (sqlite3_column_type(q, 4) != SQLITE_NULL) dft_chat_json_int(&j, "deleted", sqlite3_column_int64(q, 4));
        if (sqlite3_column_type(q, 5) != SQLITE_NULL && sqlite3_column_int64(q, 5))
            dft_chat_json_int(&j, "user_id", sqlite3_column_int64(q, 5));
        bool wal = dft_chatdb_only_in_wal(s->db, "user_phones_v7", rowid);
        dft_chat_contact c = { .account = s->self_addr[0] ? s->self_addr : NULL, .name = name[0] ? name : NULL,
                               .phone = ok ? e164 : phone, .source = src, .only_in_wal = wal,
                               .details = dft_chat_json_end(&j) };
        rc = emit_contact(s, &c, wal);
        dft_chat_json_free(&j);
        if (rc) break;
    }
    sqlite3_finalize(q);
    return rc < 0 || rc > 1 ? rc : DFT_OK;
}

/* ---- messages -------------------------------------------------------------------------------- */

static void note_unknown(tg_state *s, uint32_t ctor)
{
    s->unknown_total++;
    for (size_t i = 0; i < s->nunknown; i++)
        if (s->unknown[i].ctor == ctor) { s->unknown[i].n++; return; }
    if (s->nunknown < sizeof s->unknown / sizeof s->unknown[0]) {
        s->unknown[s->nunknown].ctor = ctor;
        s->unknown[s->nunknown].n = 1;
        s->nunknown++;
    }
}

static void peer_text(const dft_tg_peer *p, char buf[32])
{
    /* dialog-id form: users positive, chats and channels negative */
    snprintf(buf, 32, "tg:%" PRId64, p->type == 'u' ? p->id : -p->id);
}

/* Text of the replied-to message from replydata (a TL Message), malloc'd or NULL. */
static char *reply_text(const uint8_t *b, size_t n)
{
    dft_tg_message r;
    if (!b || dft_tg_message_decode(b, n, 0, &r) != DFT_OK || !r.has_text || r.text_src == DFT_TG_TEXT_SCAN)
        return NULL;
    return dft_tl_strdup(r.text);
}

static char *participants_json(const tg_state *s, int64_t did);

static int message_row(tg_state *s, sqlite3_stmt *q, const char *table)
{
    int64_t rowid = sqlite3_column_int64(q, 0);
    int64_t mid = sqlite3_column_int64(q, 1), did = sqlite3_column_int64(q, 2);
    int64_t date = sqlite3_column_int64(q, 3);
    const uint8_t *blob = sqlite3_column_blob(q, 7);
    size_t blen = (size_t)sqlite3_column_bytes(q, 7);
    char src[80];
    snprintf(src, sizeof src, "%s:%" PRId64, table, rowid);

    dft_tg_message m;
    if (!blob || dft_tg_message_decode(blob, blen, (int32_t)date, &m) != DFT_OK) {
        memset(&m, 0, sizeof m);
        m.family = "none";
        m.entities = -1;
    }
    if (blob && !m.known && blen >= 4) note_unknown(s, m.ctor);

    /* the dialog: user, group/channel, or secret chat */
    const tg_enc *enc = NULL;
    if ((did & ENC_FLAG) && did > 0) enc = find_enc(s, (int64_t)(uint32_t)did);
    else if (did > 0 && (did & 0xffffffff) == 0) enc = find_enc(s, did >> 32);
    int64_t peer_user = enc ? enc->user : did > 0 ? did : 0;
    bool group = !enc && did < 0;

    char thread[32], group_addr[32], pbuf[32], sbuf[32], fbuf[32];
    snprintf(thread, sizeof thread, "%" PRId64, did);
    snprintf(group_addr, sizeof group_addr, "tg:%" PRId64, did);
    const char *title = NULL;
    if (group) {
        const tg_chat *c = find_chat(s, -did);
        title = c ? c->title : NULL;
    } else if (peer_user) {
        const tg_user *u = find_user(s, peer_user);
        title = u ? u->name : NULL;
    }
    const char *peer_addr = group ? group_addr : peer_user ? user_addr(s, peer_user, pbuf) : NULL;
    const char *self = s->self_addr[0] ? s->self_addr : NULL;

    bool out = sqlite3_column_type(q, 4) != SQLITE_NULL ? sqlite3_column_int64(q, 4) != 0 : m.out;
    const char *sender = NULL, *recipient = NULL, *sender_name = NULL;
    int64_t from_user = m.from.type == 'u' ? m.from.id : 0;
    if (out) {
        sender = self ? self : from_user ? user_addr(s, from_user, sbuf) : NULL;
        recipient = peer_addr;
        if (!from_user) from_user = s->self_id;
    } else {
        if (from_user) sender = user_addr(s, from_user, sbuf);
        else if (m.from.type) { peer_text(&m.from, sbuf); sender = sbuf; }
        else if (!group && peer_user) { sender = peer_addr; from_user = peer_user; }
        else sender = group_addr;   /* a channel post without an author */
        recipient = group ? group_addr : self;
    }
    if (from_user) {
        const tg_user *u = find_user(s, from_user);
        sender_name = u ? u->name : NULL;
    }

    char utc[DFT_TIME_LEN] = "";
    if (date > 0) dft_time_text(utc, DFT_TIME_UNIX_S, date);
    char *body = m.has_text ? dft_tl_strdup(m.text) : NULL;
    char *attach = m.attach_path.len ? dft_tl_strdup(m.attach_path) : NULL;
    const uint8_t *rblob = sqlite3_column_blob(q, 8);
    char *rtext = m.reply ? reply_text(rblob, (size_t)sqlite3_column_bytes(q, 8)) : NULL;

    dft_chat_json j;
    dft_chat_json_begin(&j);
    const char *type = !blob ? "no_data" : !m.known ? "unknown" : strcmp(m.family, "service") == 0 ? "service"
                       : strcmp(m.family, "empty") == 0 ? "empty" : "message";
    dft_chat_json_str(&j, "type", type);
    char ctor[16];
    snprintf(ctor, sizeof ctor, "0x%08x", m.ctor);
    if (blob && blen >= 4) dft_chat_json_str(&j, "constructor", ctor);
    dft_chat_json_str(&j, "layout", m.family);
    dft_chat_json_bool(&j, "decoded", m.walked);
    if (m.has_text)
        dft_chat_json_str(&j, "text_source", m.text_src == DFT_TG_TEXT_STRUCT ? "struct"
                                             : m.text_src == DFT_TG_TEXT_DATE ? "date_anchor" : "scan");
    dft_chat_json_int(&j, "message_id", mid);
    dft_chat_json_int(&j, "raw_time", date);
    char *parts = group ? participants_json(s, did) : NULL;
    if (group) dft_chat_json_str(&j, "chat_type", "group");
    if (parts) dft_chat_json_raw(&j, "participants", parts);
    free(parts);
    if (enc) {
        dft_chat_json_str(&j, "chat_type", "secret");
        dft_chat_json_int(&j, "secret_chat_id", enc->id);
    }
    if (m.from.type) { peer_text(&m.from, fbuf); dft_chat_json_str(&j, "from_id", fbuf); }
    if (m.reply) {
        if (m.reply_to) dft_chat_json_int(&j, "reply_to", m.reply_to);
        else dft_chat_json_bool(&j, "reply", true);
        dft_chat_json_str(&j, "reply_to_text", rtext);
    }
    if (m.forwarded) {
        dft_chat_json_bool(&j, "forwarded", true);
        if (m.fwd_from.type) { peer_text(&m.fwd_from, fbuf); dft_chat_json_str(&j, "forwarded_from", fbuf); }
        if (m.fwd_name.len && dft_tl_utf8(m.fwd_name)) {
            char *fn = dft_tl_strdup(m.fwd_name);
            dft_chat_json_str(&j, "forwarded_from_name", fn);
            free(fn);
        }
        if (m.fwd_date > 0) {
            char fu[DFT_TIME_LEN];
            dft_time_text(fu, DFT_TIME_UNIX_S, m.fwd_date);
            dft_chat_json_str(&j, "forwarded_date", fu);
        }
    }
    if (m.media_ctor) {
        dft_chat_json_str(&j, "media", m.media ? m.media : "other");
        snprintf(ctor, sizeof ctor, "0x%08x", m.media_ctor);
        dft_chat_json_str(&j, "media_constructor", ctor);
    }
    if (m.action_ctor) {
        dft_chat_json_str(&j, "action", m.action ? m.action : "other");
        snprintf(ctor, sizeof ctor, "0x%08x", m.action_ctor);
        dft_chat_json_str(&j, "action_constructor", ctor);
    }
    if (m.entities > 0) dft_chat_json_int(&j, "entities", m.entities);
    if (sqlite3_column_type(q, 5) != SQLITE_NULL) dft_chat_json_int(&j, "read_state", sqlite3_column_int64(q, 5));
    if (sqlite3_column_type(q, 6) != SQLITE_NULL) dft_chat_json_int(&j, "send_state", sqlite3_column_int64(q, 6));

    bool wal = dft_chatdb_only_in_wal(s->db, table, rowid);
    dft_chat_msg msg = {
        .account = self, .thread = thread, .thread_title = title, .sender = sender, .recipient = recipient,
        .sender_name = sender_name, .direction = out ? "out" : "in", .sent_utc = utc, .body = body,
        .attachment = attach, .deleted = 0, .source = src, .only_in_wal = wal, .details = dft_chat_json_end(&j),
    };
    s->st->messages++;
    if (wal) s->st->messages_only_in_wal++;
    int rc = s->sink->message ? s->sink->message(s->sink->payload, &msg) : DFT_OK;
    dft_chat_json_free(&j);
    free(body);
    free(attach);
    free(rtext);
    return rc;
}

static int cmp_member(const void *a, const void *b)
{
    const tg_member *x = a, *y = b;
    if (x->did != y->did) return (x->did > y->did) - (x->did < y->did);
    return (x->user > y->user) - (x->user < y->user);
}

/* Group participants: the senders seen in each group dialog (a first pass decoding only from_id). */
static int load_members(tg_state *s, const char *table)
{
    sqlite3_stmt *q = NULL;
    int rc = dft_chatdb_prepare(s->db, &q, "SELECT uid, date, data FROM \"%s\" WHERE uid < 0 ORDER BY rowid", table);
    if (rc) return rc;
    size_t cap = 0;
    while ((rc = dft_chatdb_step(s->db, q)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(s->db)) { rc = DFT_ECANCELLED; break; }
        const uint8_t *blob = sqlite3_column_blob(q, 2);
        dft_tg_message m;
        if (!blob || dft_tg_message_decode(blob, (size_t)sqlite3_column_bytes(q, 2), (int32_t)sqlite3_column_int64(q, 1),
                                           &m) != DFT_OK || m.from.type != 'u')
            continue;
        if (s->nmembers == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            tg_member *n = realloc(s->members, ncap * sizeof *n);
            if (!n) { rc = dft_error_set(DFT_ENOMEM, "out of memory"); break; }
            s->members = n;
            cap = ncap;
        }
        s->members[s->nmembers].did = sqlite3_column_int64(q, 0);
        s->members[s->nmembers].user = m.from.id;
        s->nmembers++;
    }
    sqlite3_finalize(q);
    if (rc < 0) return rc;
    if (s->nmembers) {
        qsort(s->members, s->nmembers, sizeof *s->members, cmp_member);
        size_t w = 0;
        for (size_t i = 0; i < s->nmembers; i++)
            if (!w || cmp_member(&s->members[w - 1], &s->members[i]) != 0) s->members[w++] = s->members[i];
        s->nmembers = w;
    }
    return DFT_OK;
}

/* The participants of a group dialog as a JSON array of addresses (NULL when none are known). */
static char *participants_json(const tg_state *s, int64_t did)
{
    size_t lo = 0, hi = s->nmembers;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->members[mid].did < did) lo = mid + 1;
        else hi = mid;
    }
    if (lo == s->nmembers || s->members[lo].did != did) return NULL;
    size_t cap = 2, n = 0;
    for (size_t i = lo; i < s->nmembers && s->members[i].did == did && n < MAX_PARTICIPANTS; i++, n++) cap += 48;
    char *out = malloc(cap + 1);
    if (!out) return NULL;
    size_t len = 0;
    out[len++] = '[';
    n = 0;
    for (size_t i = lo; i < s->nmembers && s->members[i].did == did && n < MAX_PARTICIPANTS; i++, n++) {
        char buf[32];
        const char *a = user_addr(s, s->members[i].user, buf);   /* E.164 or tg:<id>: no quoting needed */
        len += (size_t)snprintf(out + len, cap + 1 - len, "%s\"%s\"", n ? "," : "", a);
    }
    out[len++] = ']';
    out[len] = '\0';
    return out;
}

static int emit_messages(tg_state *s, const char *table)
{
    sqlite3_stmt *q = NULL;
    int rc = dft_chatdb_prepare(s->db, &q, "SELECT rowid, mid, uid, date, %s, %s, %s, data, %s FROM \"%s\" ORDER BY rowid",
                                dft_chatdb_col(s->db, table, "out"), dft_chatdb_col(s->db, table, "read_state"),
                                dft_chatdb_col(s->db, table, "send_state"), dft_chatdb_col(s->db, table, "replydata"),
                                table);
    if (rc) return rc;
    while ((rc = dft_chatdb_step(s->db, q)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(s->db)) { rc = DFT_ECANCELLED; break; }
        rc = message_row(s, q, table);
        if (rc) break;
    }
    sqlite3_finalize(q);
    return rc < 0 || rc > 1 ? rc : DFT_OK;
}

static void tg_free(tg_state *s)
{
    for (size_t i = 0; i < s->nusers; i++) {
        free(s->users[i].name);
        free(s->users[i].username);
        free(s->users[i].addr);
    }
    free(s->users);
    for (size_t i = 0; i < s->nchats; i++) free(s->chats[i].title);
    free(s->chats);
    free(s->encs);
    free(s->members);
}

static int tg_parse(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *st)
{
    const char *table = msg_table(db);
    st->variant = table && strcmp(table, "messages") == 0 ? "android-messages" : "android-messages_v2";
    if (!table) return dft_error_set(DFT_ECORRUPT, "telegram: no messages table");
    tg_state s = { .db = db, .ctx = ctx, .sink = sink, .st = st };
    int rc = load_users(&s);
    if (!rc) rc = load_chats(&s);
    if (!rc) rc = load_encs(&s);
    if (!rc) find_account(&s);
    if (!rc) rc = emit_users(&s);
    if (!rc) rc = emit_phonebook(&s);
    if (!rc) rc = load_members(&s, table);
    if (!rc) rc = emit_messages(&s, table);
    if (!rc && s.unknown_total) {
        char list[400] = "";
        size_t n = 0;
        for (size_t i = 0; i < s.nunknown && n < sizeof list - 40; i++)
            n += (size_t)snprintf(list + n, sizeof list - n, "%s0x%08x x%" PRId64, i ? ", " : "", s.unknown[i].ctor,
                                  s.unknown[i].n);
        warn(&s, "%" PRId64 " message(s) with an unknown TL constructor (%s): text located by fallback",
             s.unknown_total, list);
    }
    tg_free(&s);
    return rc;
}

const dft_chat_parser dft_chat_parser_telegram_android = {
    .app = "telegram",
    .name = "telegram-android",
    .paths = TG_PATHS,
    .detect = tg_detect,
    .parse = tg_parse,
};
