/*
 * chat_whatsapp_ios.c - WhatsApp on iOS: ChatStorage.sqlite (Core Data: ZWAMESSAGE, ZWACHATSESSION,
 * ZWAGROUPMEMBER, ZWAMEDIAITEM) with names from the sibling ContactsV2.sqlite, and the call history
 * CallHistory.sqlite (ZWACDCALLEVENT + ZWACDCALLEVENTPARTICIPANT), both in the app group container
 * /private/var/mobile/Containers/Shared/AppGroup/<UUID>/ (group.net.whatsapp.WhatsApp.shared).
 *
 * Facts (research chat.md, iLEAPP whatsApp.py / whatsappCallHistory.py, IPED ExtractorIOS):
 * ZMESSAGEDATE is Cocoa seconds (REAL); ZISFROMME = 1 outgoing; 1:1 incoming rows carry the partner
 * in ZFROMJID, outgoing rows in ZTOJID; in a group ZFROMJID is the group and ZGROUPMEMBER points at
 * the sender's ZWAGROUPMEMBER row (ZMEMBERJID, ZCONTACTNAME); ZWACHATSESSION.ZSESSIONTYPE 1 = group;
 * ZWAMEDIAITEM.ZMEDIALOCALPATH is relative to the container's Message/ folder; ZMESSAGETYPE 14 =
 * deleted. Calls: ZDATE Cocoa s, ZDURATION s, ZOUTCOME 0 ended / 1 missed / 4 rejected; an event's
 * participants share its Z1CALLEVENTS aggregate (Z1PARTICIPANTS); the call is incoming when the
 * creator (ZGROUPCALLCREATORUSERJIDSTRING) is one of the participants.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chat_whatsapp.h"
#include "error.h"

typedef struct ios_session {
    const char *jid, *party, *name;
    bool group;
    const char *participants;
} ios_session;

typedef struct ios_member {
    const char *party, *name, *jid;
} ios_member;

typedef struct ios_run {
    dft_chatdb *db;
    const dft_chat_ctx *ctx;
    const dft_chat_sink *sink;
    dft_chat_stats *stats;
    char account[DFT_PHONE_LEN];
    const char *me;
    wa_names *names;       /* ContactsV2: jid -> full name */
    wa_arena arena;
    ios_session *sess;
    size_t nsess;
    wa_idmap sess_ix;
    ios_member *mem;
    size_t nmem;
    wa_idmap mem_ix;
    char media_dir[1024];  /* "<container>/Message/" */
    bool oom;
} ios_run;

static void iwarn(const dft_chat_sink *sink, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void iwarn(const dft_chat_sink *sink, const char *fmt, ...)
{
    if (!sink->warning) return;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    sink->warning(sink->payload, buf);
}

static const char *party_of(ios_run *r, const char *jid)
{
    if (!jid) return NULL;
    char buf[DFT_PHONE_LEN];
    return dft_wa_jid_phone(jid, buf) == DFT_OK ? dft_wa_strdup(&r->arena, buf, &r->oom) : jid;
}

static void account_of(const dft_chat_ctx *ctx, char out[DFT_PHONE_LEN])
{
    out[0] = '\0';
    if (ctx->account_hint) dft_chatdb_phone(ctx->account_hint, ctx->region, false, out);
}

/* JSON array of {"id","name"} objects, appended one by one (arena copy at the end). */
typedef struct jarr {
    char *buf;
    size_t len, cap;
    bool fail;
} jarr;

static void jarr_add(jarr *a, const char *party, const char *name)
{
    dft_chat_json o;
    dft_chat_json_begin(&o);
    dft_chat_json_str(&o, "id", party);
    dft_chat_json_str(&o, "name", name);
    const char *t = dft_chat_json_end(&o);
    size_t tl = strlen(t), need = a->len + tl + 3;
    if (!a->fail && need > a->cap) {
        size_t nc = a->cap ? a->cap : 128;
        while (nc < need) nc *= 2;
        char *nb = realloc(a->buf, nc);
        if (!nb) a->fail = true;
        else { a->buf = nb; a->cap = nc; }
    }
    if (!a->fail) {
        char sep = a->len == 0 ? '[' : ',';
        a->buf[a->len++] = sep;
        memcpy(a->buf + a->len, t, tl);
        a->len += tl;
        a->buf[a->len] = '\0';
    }
    dft_chat_json_free(&o);
}

static const char *jarr_done(ios_run *r, jarr *a)
{
    const char *out = NULL;
    if (a->len && !a->fail) {
        a->buf[a->len++] = ']';   /* need reserved room for ']' and NUL: need = len + tl + 3 above */
        a->buf[a->len] = '\0';
        out = dft_wa_strdup(&r->arena, a->buf, &r->oom);
    }
    free(a->buf);
    memset(a, 0, sizeof *a);
    return out;
}

/* ---- ContactsV2 names ----------------------------------------------------------------------------- */

static void load_contacts(ios_run *r)
{
    if (!r->ctx->open_sibling) return;
    dft_chatdb *c = NULL;
    if (r->ctx->open_sibling(r->ctx->payload, "ContactsV2.sqlite", &c) != DFT_OK || !c) return;
    const char *T = "ZWAADDRESSBOOKCONTACT";
    if (dft_chatdb_has_column(c, T, "ZWHATSAPPID")) {
        sqlite3_stmt *st = NULL;
        int rc = dft_chatdb_prepare(c, &st, "SELECT %s, %s, %s FROM ZWAADDRESSBOOKCONTACT ORDER BY rowid",
                                    dft_chatdb_col(c, T, "ZWHATSAPPID"), dft_chatdb_col(c, T, "ZFULLNAME"),
                                    dft_chatdb_col(c, T, "ZGIVENNAME"));
        while (rc == DFT_OK && (rc = dft_chatdb_step(c, st)) == DFT_SQLITE_ROW) {
            rc = DFT_OK;
            const char *n = dft_chatdb_text(st, 1);
            if (!n || !*n) n = dft_chatdb_text(st, 2);
            if (dft_wa_names_put(r->names, dft_chatdb_text(st, 0), n)) r->oom = true;
        }
        sqlite3_finalize(st);
    }
    dft_chatdb_close(c);
}

/* ---- sessions and members --------------------------------------------------------------------------- */

static int load_sessions(ios_run *r)
{
    dft_chatdb *db = r->db;
    const char *S = "ZWACHATSESSION";
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(db, &st, "SELECT \"ZWACHATSESSION\".\"Z_PK\", %s, %s, %s FROM ZWACHATSESSION ORDER BY 1",
                                dft_chatdb_col(db, S, "ZCONTACTJID"), dft_chatdb_col(db, S, "ZPARTNERNAME"),
                                dft_chatdb_col(db, S, "ZSESSIONTYPE"));
    if (rc) return rc;
    size_t cap = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        if (r->nsess == cap) {
            size_t nc = cap ? cap * 2 : 256;
            ios_session *n = realloc(r->sess, nc * sizeof *n);
            if (!n) { rc = dft_error_set(DFT_ENOMEM, "out of memory"); break; }
            r->sess = n;
            cap = nc;
        }
        ios_session *s = &r->sess[r->nsess];
        memset(s, 0, sizeof *s);
        const char *jid = dft_chatdb_text(st, 1);
        s->jid = dft_wa_strdup(&r->arena, jid, &r->oom);
        s->party = s->jid ? party_of(r, s->jid) : NULL;
        s->group = dft_chatdb_int(st, 3, 0) == 1 || dft_wa_jid_kind(jid) == WA_JID_GROUP;
        const char *pn = dft_chatdb_text(st, 2);
        const char *cn = dft_wa_names_get(r->names, jid);
        /* a contact's own name (ContactsV2) first for 1:1; the subject (ZPARTNERNAME) for a group */
        s->name = dft_wa_strdup(&r->arena, !s->group && cn ? cn : pn, &r->oom);
        if (dft_wa_idmap_put(&r->sess_ix, sqlite3_column_int64(st, 0), (uint32_t)r->nsess)) { rc = DFT_ENOMEM; break; }
        r->nsess++;
    }
    sqlite3_finalize(st);
    if (r->oom) return dft_error_set(DFT_ENOMEM, "out of memory");
    if (rc != DFT_OK) return rc;

    const char *G = "ZWAGROUPMEMBER";
    if (!dft_chatdb_has_column(db, G, "ZMEMBERJID")) return DFT_OK;
    rc = dft_chatdb_prepare(db, &st, "SELECT \"ZWAGROUPMEMBER\".\"Z_PK\", %s, %s, %s, %s FROM ZWAGROUPMEMBER ORDER BY 2, 1",
                            dft_chatdb_col(db, G, "ZCHATSESSION"), dft_chatdb_col(db, G, "ZMEMBERJID"),
                            dft_chatdb_col(db, G, "ZCONTACTNAME"), dft_chatdb_col(db, G, "ZFIRSTNAME"));
    if (rc) return rc;
    cap = 0;
    int64_t cur = INT64_MIN;
    jarr arr = { 0 };
    for (;;) {
        rc = dft_chatdb_step(db, st);
        int64_t sid = rc == DFT_SQLITE_ROW ? dft_chatdb_int(st, 1, -1) : INT64_MAX;
        if (sid != cur) {
            const char *json = jarr_done(r, &arr);
            uint32_t si;
            if (json && dft_wa_idmap_get(&r->sess_ix, cur, &si)) r->sess[si].participants = json;
            cur = sid;
        }
        if (rc != DFT_SQLITE_ROW) break;
        if (r->nmem == cap) {
            size_t nc = cap ? cap * 2 : 256;
            ios_member *n = realloc(r->mem, nc * sizeof *n);
            if (!n) { rc = dft_error_set(DFT_ENOMEM, "out of memory"); break; }
            r->mem = n;
            cap = nc;
        }
        ios_member *m = &r->mem[r->nmem];
        const char *jid = dft_chatdb_text(st, 2);
        m->jid = dft_wa_strdup(&r->arena, jid, &r->oom);
        m->party = party_of(r, m->jid);
        const char *nm = dft_wa_names_get(r->names, jid);
        if (!nm) nm = dft_chatdb_text(st, 3);
        if (!nm) nm = dft_chatdb_text(st, 4);
        m->name = dft_wa_strdup(&r->arena, nm, &r->oom);
        if (m->party) jarr_add(&arr, m->party, m->name);
        if (dft_wa_idmap_put(&r->mem_ix, sqlite3_column_int64(st, 0), (uint32_t)r->nmem)) { rc = DFT_ENOMEM; break; }
        r->nmem++;
    }
    free(arr.buf);
    sqlite3_finalize(st);
    if (r->oom) return dft_error_set(DFT_ENOMEM, "out of memory");
    if (rc < 0 && rc != DFT_ECANCELLED && rc != DFT_ENOMEM) {
        iwarn(r->sink, "ZWAGROUPMEMBER: read stopped: %s", dft_error_last());
        return DFT_OK;
    }
    return rc < 0 ? rc : DFT_OK;
}

/* a MIME type, not a vCard or a title */
static bool looks_mime(const char *s)
{
    if (!s || !*s || strlen(s) > 100 || !strchr(s, '/')) return false;
    for (const char *p = s; *p; p++)
        if (*p == ' ' || *p == '\n' || *p == ':') return false;
    return true;
}

enum {
    I_ID, I_SESS, I_FROMME, I_DATE, I_SENT, I_TEXT, I_FROM, I_TO, I_TYPE, I_MEMBER, I_STANZA, I_PUSH, I_STARRED,
    I_MPATH, I_MTITLE, I_LAT, I_LON, I_MSIZE, I_MVCARD
};

static int ios_detect(dft_chatdb *db, const dft_chat_ctx *ctx)
{
    (void)ctx;
    return dft_chatdb_has_column(db, "ZWAMESSAGE", "ZISFROMME") && dft_chatdb_has_table(db, "ZWACHATSESSION") ? 100 : 0;
}

static int ios_parse(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    ios_run r = { .db = db, .ctx = ctx, .sink = sink, .stats = stats };
    stats->variant = "ios-chatstorage";
    account_of(ctx, r.account);
    r.me = r.account[0] ? r.account : NULL;
    if (r.me) snprintf(stats->account, sizeof stats->account, "%s", r.me);
    if (ctx->device_path) {
        const char *slash = strrchr(ctx->device_path, '/');
        if (slash && (size_t)(slash - ctx->device_path) < sizeof r.media_dir - 16)
            snprintf(r.media_dir, sizeof r.media_dir, "%.*s/Message/", (int)(slash - ctx->device_path), ctx->device_path);
    }
    int rc;
    r.names = dft_wa_names_new();
    if (!r.names) return dft_error_set(DFT_ENOMEM, "out of memory");
    load_contacts(&r);
    rc = load_sessions(&r);
    if (rc) goto done;

    const char *M = "ZWAMESSAGE", *MI = "ZWAMEDIAITEM";
    bool media = dft_chatdb_has_column(db, MI, "Z_PK") && dft_chatdb_has_column(db, M, "ZMEDIAITEM");
#define MC(c) dft_chatdb_col(db, M, c)
#define IC(c) (media ? dft_chatdb_col(db, MI, c) : "NULL")
    sqlite3_stmt *st = NULL;
    rc = dft_chatdb_prepare(db, &st,
                            "SELECT \"ZWAMESSAGE\".\"Z_PK\", %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, "
                            "%s, %s, %s, %s, %s, %s FROM ZWAMESSAGE%s ORDER BY \"ZWAMESSAGE\".\"Z_PK\"",
                            MC("ZCHATSESSION"), MC("ZISFROMME"), MC("ZMESSAGEDATE"), MC("ZSENTDATE"), MC("ZTEXT"),
                            MC("ZFROMJID"), MC("ZTOJID"), MC("ZMESSAGETYPE"), MC("ZGROUPMEMBER"), MC("ZSTANZAID"),
                            MC("ZPUSHNAME"), MC("ZSTARRED"), IC("ZMEDIALOCALPATH"), IC("ZTITLE"), IC("ZLATITUDE"),
                            IC("ZLONGITUDE"), IC("ZFILESIZE"), IC("ZVCARDSTRING"),
                            media ? " LEFT JOIN ZWAMEDIAITEM ON \"ZWAMEDIAITEM\".\"Z_PK\" = \"ZWAMESSAGE\".\"ZMEDIAITEM\"" : "");
#undef MC
#undef IC
    if (rc) goto done;
    char src[64], sent[DFT_TIME_LEN], path[2200], pbuf[DFT_PHONE_LEN], pbuf2[DFT_PHONE_LEN];
    int64_t last = 0;
    while ((rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        int64_t id = sqlite3_column_int64(st, I_ID);
        last = id;
        uint32_t si;
        const ios_session *s = dft_wa_idmap_get(&r.sess_ix, dft_chatdb_int(st, I_SESS, -1), &si) ? &r.sess[si] : NULL;
        bool out = dft_chatdb_int(st, I_FROMME, 0) == 1;
        const char *from = dft_chatdb_text(st, I_FROM), *to = dft_chatdb_text(st, I_TO);
        const char *chat_jid = s && s->jid ? s->jid : out ? to : from;
        bool group = s ? s->group : dft_wa_jid_kind(chat_jid) == WA_JID_GROUP;
        const char *chat_party = s && s->jid ? s->party : dft_wa_party(chat_jid, pbuf);
        uint32_t mi;
        const ios_member *mem = group && dft_wa_idmap_get(&r.mem_ix, dft_chatdb_int(st, I_MEMBER, -1), &mi) ? &r.mem[mi] : NULL;
        int64_t type = dft_chatdb_int(st, I_TYPE, 0);
        dft_chat_msg m = { 0 };
        m.account = r.me;
        m.thread = chat_jid;
        m.thread_title = s ? s->name : NULL;
        m.direction = out ? "out" : "in";
        if (out) {
            m.sender = r.me;
            m.recipient = group ? chat_jid : chat_party;
        } else {
            m.sender = group ? (mem ? mem->party : NULL) : chat_party;
            m.sender_name = group ? (mem ? mem->name : NULL) : s ? s->name : NULL;
            if (!m.sender_name) m.sender_name = dft_chatdb_text(st, I_PUSH);
            m.recipient = group ? chat_jid : r.me;
        }
        if (!out && group && !m.sender && from && dft_wa_jid_kind(from) == WA_JID_USER) m.sender = dft_wa_party(from, pbuf2);
        int64_t raw_ts;
        dft_chatdb_time(st, I_DATE, DFT_TIME_COCOA_S, sent, &raw_ts);
        m.sent_utc = sent;
        /* a photo's or video's caption is the media item's ZTITLE when ZTEXT is empty (a document's ZTITLE is
         * its file name: details only) */
        const char *text = dft_chatdb_text(st, I_TEXT), *title = dft_chatdb_text(st, I_MTITLE);
        m.body = text && *text ? text : (type == 1 || type == 2) && title && *title ? title : NULL;
        const char *stored = dft_chatdb_text(st, I_MPATH);
        if (stored && *stored) {
            if (stored[0] != '/' && r.media_dir[0]) {
                snprintf(path, sizeof path, "%s%s", r.media_dir, stored);
                m.attachment = path;
            } else {
                m.attachment = stored;
            }
        }
        const char *vc = dft_chatdb_text(st, I_MVCARD);
        m.attachment_mime = looks_mime(vc) ? vc : NULL;
        m.deleted = type == 14 ? 1 : 0;
        snprintf(src, sizeof src, "ZWAMESSAGE:%" PRId64, id);
        m.source = src;
        m.only_in_wal = dft_chatdb_only_in_wal(db, "ZWAMESSAGE", id);
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_str(&j, "type", dft_wa_ios_type(type));
        dft_chat_json_int(&j, "message_type", type);
        dft_chat_json_str(&j, "key_id", dft_chatdb_text(st, I_STANZA));
        /* raw_time: the Cocoa seconds as stored (a REAL: printed with its fraction) */
        if (sqlite3_column_type(st, I_DATE) != SQLITE_NULL) {
            char rt[64];
            snprintf(rt, sizeof rt, "%.3f", sqlite3_column_double(st, I_DATE));
            dft_chat_json_raw(&j, "raw_time", rt);
        }
        char t2[DFT_TIME_LEN];
        int64_t raw2;
        dft_chatdb_time(st, I_SENT, DFT_TIME_COCOA_S, t2, &raw2);
        if (t2[0]) dft_chat_json_str(&j, "server_sent_utc", t2);
        if (group) dft_chat_json_bool(&j, "group", true);
        dft_chat_json_str(&j, "push_name", dft_chatdb_text(st, I_PUSH));
        if (stored) dft_chat_json_str(&j, "media_path", stored);
        dft_chat_json_str(&j, "media_title", dft_chatdb_text(st, I_MTITLE));
        if (sqlite3_column_type(st, I_MSIZE) != SQLITE_NULL) dft_chat_json_int(&j, "media_size", dft_chatdb_int(st, I_MSIZE, 0));
        double lat = sqlite3_column_double(st, I_LAT), lon = sqlite3_column_double(st, I_LON);
        if (lat != 0.0 || lon != 0.0) {
            char ll[64];
            snprintf(ll, sizeof ll, "%.7f", lat);
            dft_chat_json_raw(&j, "latitude", ll);
            snprintf(ll, sizeof ll, "%.7f", lon);
            dft_chat_json_raw(&j, "longitude", ll);
        }
        if (dft_chatdb_int(st, I_STARRED, 0) == 1) dft_chat_json_bool(&j, "starred", true);
        if (group && s && s->participants) dft_chat_json_raw(&j, "participants", s->participants);
        m.details = dft_chat_json_end(&j);
        int src_rc = sink->message ? sink->message(sink->payload, &m) : DFT_OK;
        dft_chat_json_free(&j);
        if (src_rc) { rc = src_rc; break; }
        stats->messages++;
        if (m.only_in_wal) stats->messages_only_in_wal++;
    }
    sqlite3_finalize(st);
    if (rc == DFT_SQLITE_ROW) rc = DFT_OK;   /* not reached: loop exits on != ROW */
    if (rc < 0 && rc != DFT_ECANCELLED && rc != DFT_ENOMEM) {
        iwarn(sink, "ZWAMESSAGE: reading stopped after rowid %" PRId64 ": %s", last, dft_error_last());
        stats->skipped++;
        rc = DFT_OK;
    }
    if (!rc && r.oom) rc = dft_error_set(DFT_ENOMEM, "out of memory");
done:
    dft_wa_names_free(r.names);
    dft_wa_idmap_free(&r.sess_ix);
    dft_wa_idmap_free(&r.mem_ix);
    free(r.sess);
    free(r.mem);
    dft_wa_arena_free(&r.arena);
    return rc;
}

static const char *const ios_paths[] = { "*/ChatStorage.sqlite", NULL };

const dft_chat_parser dft_chat_parser_whatsapp_ios = {
    .app = "whatsapp",
    .name = "whatsapp-ios",
    .paths = ios_paths,
    .detect = ios_detect,
    .parse = ios_parse,
};

/* ---- CallHistory.sqlite ------------------------------------------------------------------------- */

static int ios_calls_detect(dft_chatdb *db, const dft_chat_ctx *ctx)
{
    (void)ctx;
    return dft_chatdb_has_column(db, "ZWACDCALLEVENT", "ZDATE") ? 90 : 0;
}

static const char *ios_outcome(int64_t o)
{
    switch (o) {
    case 0: return "answered";
    case 1: return "missed";
    case 4: return "rejected";
    default: return NULL;
    }
}

static int ios_calls_parse(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    ios_run r = { .db = db, .ctx = ctx, .sink = sink, .stats = stats };
    stats->variant = "ios-callhistory";
    account_of(ctx, r.account);
    r.me = r.account[0] ? r.account : NULL;
    if (r.me) snprintf(stats->account, sizeof stats->account, "%s", r.me);
    r.names = dft_wa_names_new();
    if (!r.names) return dft_error_set(DFT_ENOMEM, "out of memory");
    load_contacts(&r);
    const char *E = "ZWACDCALLEVENT", *P = "ZWACDCALLEVENTPARTICIPANT";
    bool parts = dft_chatdb_has_column(db, P, "Z1PARTICIPANTS") && dft_chatdb_has_column(db, P, "ZJIDSTRING") &&
                 dft_chatdb_has_column(db, E, "Z1CALLEVENTS");
    sqlite3_stmt *pst = NULL, *st = NULL;
    int rc = DFT_OK;
    if (parts) rc = dft_chatdb_prepare(db, &pst, "SELECT ZJIDSTRING FROM ZWACDCALLEVENTPARTICIPANT WHERE Z1PARTICIPANTS = ?1 "
                                                 "ORDER BY rowid");
    if (!rc)
        rc = dft_chatdb_prepare(db, &st, "SELECT \"ZWACDCALLEVENT\".\"Z_PK\", %s, %s, %s, %s, %s, %s, %s FROM ZWACDCALLEVENT "
                                         "ORDER BY \"ZWACDCALLEVENT\".\"Z_PK\"",
                                dft_chatdb_col(db, E, "ZDATE"), dft_chatdb_col(db, E, "ZDURATION"),
                                dft_chatdb_col(db, E, "ZOUTCOME"),
                                dft_chatdb_col_any(db, E, (const char *const[]){ "ZVIDEO", "ZISVIDEO", NULL }),
                                dft_chatdb_col(db, E, "ZCALLIDSTRING"),
                                dft_chatdb_col(db, E, "ZGROUPCALLCREATORUSERJIDSTRING"),
                                parts ? dft_chatdb_col(db, E, "Z1CALLEVENTS") : "NULL");
    char src[64], start[DFT_TIME_LEN];
    int64_t last = 0;
    while (!rc && (rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        rc = DFT_OK;
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        int64_t id = sqlite3_column_int64(st, 0);
        last = id;
        const char *creator = dft_chatdb_text(st, 6);
        char first_jid[256] = "";
        bool creator_in = false;
        int nparts = 0;
        jarr arr = { 0 };
        if (pst && sqlite3_column_type(st, 7) != SQLITE_NULL) {
            sqlite3_reset(pst);
            sqlite3_bind_int64(pst, 1, sqlite3_column_int64(st, 7));
            int prc;
            while ((prc = dft_chatdb_step(db, pst)) == DFT_SQLITE_ROW) {
                const char *pj = dft_chatdb_text(pst, 0);
                if (!pj) continue;
                if (!nparts) snprintf(first_jid, sizeof first_jid, "%s", pj);
                if (creator && !strcmp(creator, pj)) creator_in = true;
                char pb[DFT_PHONE_LEN];
                jarr_add(&arr, dft_wa_party(pj, pb), dft_wa_names_get(r.names, pj));
                nparts++;
            }
        }
        const char *pjson = jarr_done(&r, &arr);
        char cp[DFT_PHONE_LEN];
        dft_chat_call c = { 0 };
        c.account = r.me;
        c.counterpart = first_jid[0] ? dft_wa_party(first_jid, cp) : NULL;
        c.counterpart_name = first_jid[0] ? dft_wa_names_get(r.names, first_jid) : NULL;
        c.direction = creator_in ? "in" : "out";
        int64_t outcome = dft_chatdb_int(st, 3, -1);
        c.status = ios_outcome(outcome);
        c.media = dft_chatdb_int(st, 4, 0) == 1 ? "video" : "voice";
        int64_t raw;
        dft_chatdb_time(st, 1, DFT_TIME_COCOA_S, start, &raw);
        c.start_utc = start;
        c.duration_s = sqlite3_column_type(st, 2) == SQLITE_NULL ? -1 : (int64_t)(sqlite3_column_double(st, 2) + 0.5);
        snprintf(src, sizeof src, "ZWACDCALLEVENT:%" PRId64, id);
        c.source = src;
        c.only_in_wal = dft_chatdb_only_in_wal(db, "ZWACDCALLEVENT", id);
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_str(&j, "call_id", dft_chatdb_text(st, 5));
        dft_chat_json_int(&j, "raw_time", raw);
        if (outcome >= 0) dft_chat_json_int(&j, "outcome", outcome);
        dft_chat_json_str(&j, "creator", creator);
        if (nparts > 1) dft_chat_json_bool(&j, "group", true);
        if (pjson) dft_chat_json_raw(&j, "participants", pjson);
        c.details = dft_chat_json_end(&j);
        int src_rc = sink->call ? sink->call(sink->payload, &c) : DFT_OK;
        dft_chat_json_free(&j);
        if (src_rc) { rc = src_rc; break; }
        stats->calls++;
        if (c.only_in_wal) stats->calls_only_in_wal++;
    }
    sqlite3_finalize(st);
    sqlite3_finalize(pst);
    if (rc < 0 && rc != DFT_ECANCELLED && rc != DFT_ENOMEM) {
        iwarn(sink, "ZWACDCALLEVENT: reading stopped after rowid %" PRId64 ": %s", last, dft_error_last());
        stats->skipped++;
        rc = DFT_OK;
    }
    if (!rc && r.oom) rc = dft_error_set(DFT_ENOMEM, "out of memory");
    dft_wa_names_free(r.names);
    dft_wa_arena_free(&r.arena);
    return rc;
}

static const char *const ios_calls_paths[] = { "*/CallHistory.sqlite", NULL };

const dft_chat_parser dft_chat_parser_whatsapp_ios_calls = {
    .app = "whatsapp",
    .name = "whatsapp-ios-calls",
    .paths = ios_calls_paths,
    .detect = ios_calls_detect,
    .parse = ios_calls_parse,
};
