/*
 * chat_sms_android.c - Android's SMS/MMS provider database (com.android.providers.telephony
 * mmssms.db, AOSP TelephonyProvider): `sms` rows, MMS as `pdu` + `part` (bodies, attachments) +
 * `addr` (from/to), conversations as `threads` whose recipient_ids point into
 * `canonical_addresses`. App "sms".
 *
 * Units and conventions (research/chat.md, SMS/MMS row; AOSP Telephony.TextBasedSmsColumns and
 * Telephony.BaseMmsColumns):
 *   sms.date, sms.date_sent   Unix ms
 *   sms.type                  1 inbox (in), 2 sent, 4 outbox, 5 failed, 6 queued (out), 3 draft (out + draft)
 *   pdu.date, pdu.date_sent   Unix s
 *   pdu.msg_box               1 inbox (in), 2 sent, 4 outbox, 5 failed (out), 3 drafts (out + draft)
 *   addr.type                 0x89 (137) from, 0x97 (151) to, 0x82 (130) cc, 0x81 (129) bcc
 *   part                      text/plain parts carry `text`; application/smil is layout; the rest
 *                             are media with `_data` (the file under app_parts/)
 * Samsung's extra tables (RCS `im`/`ft`, `wpm`, spam) have no public schema source: their presence
 * is reported as a warning, not parsed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chat_system.h"
#include "error.h"
#include "strmap.h"

typedef struct sms_thread {
    int64_t id;
    char *participants;   /* JSON array text */
    size_t count;
} sms_thread;

typedef struct sms_run {
    dft_chatdb *db;
    const dft_chat_ctx *ctx;
    const dft_chat_sink *sink;
    dft_chat_stats *stats;
    char account[128];
    sms_thread *threads;
    size_t nthreads;
    dft_strmap *memo;        /* address -> E.164 memo (chat_system.h) */
} sms_run;

static const char *const sms_paths[] = {
    "*/com.android.providers.telephony/databases/mmssms.db",
    NULL,
};

static void warn(const sms_run *r, const char *fmt, const char *arg)
{
    if (!r->sink->warning) return;
    char msg[512];
    snprintf(msg, sizeof msg, fmt, arg);
    r->sink->warning(r->sink->payload, msg);
}

static int sms_detect(dft_chatdb *db, const dft_chat_ctx *ctx)
{
    (void)ctx;
    if (!dft_chatdb_has_table(db, "sms")) return 0;
    static const char *const need[] = { "address", "date", "type", "body", "thread_id" };
    for (size_t i = 0; i < sizeof need / sizeof *need; i++)
        if (!dft_chatdb_has_column(db, "sms", need[i])) return 0;
    int score = 40;
    if (dft_chatdb_has_table(db, "pdu") && dft_chatdb_has_column(db, "pdu", "msg_box")) score += 20;
    if (dft_chatdb_has_table(db, "canonical_addresses") && dft_chatdb_has_table(db, "threads")) score += 20;
    return score;
}

static int cmp_thread(const void *a, const void *b)
{
    const sms_thread *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

static const sms_thread *find_thread(const sms_run *r, int64_t id)
{
    sms_thread key = { .id = id };
    return r->threads ? bsearch(&key, r->threads, r->nthreads, sizeof key, cmp_thread) : NULL;
}

/* canonical_addresses read once, sorted by _id: a lookup per recipient id is a full scan of the
 * table when _id is not its rowid (a carved, rebuilt or hostile database), which spent SQLite's
 * whole time budget and lost every SMS after it. */
typedef struct sms_canon {
    int64_t id;
    char *addr;
} sms_canon;

static void canon_free(sms_canon *c, size_t n)
{
    for (size_t i = 0; i < n; i++) free(c[i].addr);
    free(c);
}

static int load_canon(sms_run *r, sms_canon **out, size_t *nout)
{
    *out = NULL;
    *nout = 0;
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(r->db, &st, "SELECT CAST(_id AS INTEGER) AS k, address FROM canonical_addresses "
                                            "WHERE address IS NOT NULL ORDER BY k, _rowid_");
    sms_canon *c = NULL;
    size_t n = 0, cap = 0;
    while (!rc && (rc = dft_chatdb_step(r->db, st)) == DFT_SQLITE_ROW) {
        rc = DFT_OK;
        const char *a = dft_chatdb_text(st, 1);
        if (!a) continue;
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            sms_canon *nc = realloc(c, ncap * sizeof *nc);
            if (!nc) { rc = dft_error_set(DFT_ENOMEM, "out of memory"); break; }
            c = nc;
            cap = ncap;
        }
        c[n].id = dft_chatdb_int(st, 0, 0);
        if (!(c[n].addr = strdup(a))) { rc = dft_error_set(DFT_ENOMEM, "out of memory"); break; }
        n++;
    }
    sqlite3_finalize(st);
    if (rc < 0) { canon_free(c, n); return rc; }
    *out = c;   /* already in id order (ORDER BY k): bsearch finds the first of equal ids' run */
    *nout = n;
    return DFT_OK;
}

static const char *canon_get(const sms_canon *c, size_t n, int64_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {   /* first element >= id: the first row of that _id, as the old lookup read */
        size_t mid = lo + (hi - lo) / 2;
        if (c[mid].id < id) lo = mid + 1;
        else hi = mid;
    }
    return lo < n && c[lo].id == id ? c[lo].addr : NULL;
}

/* threads.recipient_ids ("3 7 12") -> the canonical addresses, as a participants list per thread. */
static int load_threads(sms_run *r)
{
    if (!dft_chatdb_has_table(r->db, "threads") || !dft_chatdb_has_table(r->db, "canonical_addresses") ||
        !dft_chatdb_has_column(r->db, "threads", "recipient_ids"))
        return DFT_OK;
    sqlite3_stmt *st = NULL;
    sms_canon *canon = NULL;
    size_t ncanon = 0;
    int rc = load_canon(r, &canon, &ncanon);
    if (!rc) rc = dft_chatdb_prepare(r->db, &st, "SELECT _id, recipient_ids FROM threads ORDER BY _id");
    size_t cap = 0;
    while (!rc && (rc = dft_chatdb_step(r->db, st)) == DFT_SQLITE_ROW) {
        rc = DFT_OK;
        if (dft_chatdb_cancelled(r->db)) {
            rc = dft_error_set(DFT_ECANCELLED, "cancelled");
            break;
        }
        if (r->nthreads == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            sms_thread *t = realloc(r->threads, ncap * sizeof *t);
            if (!t) {
                rc = dft_error_set(DFT_ENOMEM, "out of memory");
                break;
            }
            r->threads = t;
            cap = ncap;
        }
        dft_chatsys_list *l = dft_chatsys_list_new();
        const char *ids = dft_chatdb_text(st, 1);
        /* recipient_ids is space-separated; bounded by its own length */
        for (const char *p = ids; p && *p;) {
            char *end;
            long long id = strtoll(p, &end, 10);
            if (end == p) {
                p++;
                continue;
            }
            p = end;
            const char *a = canon_get(canon, ncanon, id);
            if (a) {
                char e164[DFT_PHONE_LEN];
                dft_chatsys_list_add(l, dft_chatsys_addr_memo(r->memo, a, r->ctx->region, e164));
            }
        }
        sms_thread *t = &r->threads[r->nthreads++];
        t->id = dft_chatdb_int(st, 0, 0);
        t->count = dft_chatsys_list_len(l);
        t->participants = dft_chatsys_list_dump(l);
        dft_chatsys_list_free(l);
    }
    sqlite3_finalize(st);
    canon_free(canon, ncanon);
    if (rc < 0) return rc;
    if (r->nthreads) qsort(r->threads, r->nthreads, sizeof *r->threads, cmp_thread);
    return DFT_OK;
}

static const char *sms_type_name(int64_t t)
{
    switch (t) {
    case 1: return "inbox";
    case 2: return "sent";
    case 3: return "draft";
    case 4: return "outbox";
    case 5: return "failed";
    case 6: return "queued";
    default: return NULL;
    }
}

/* SMS type and MMS msg_box share the meaning of 1..5 (msg_box has no 6). */
static const char *box_direction(int64_t t)
{
    if (t == 1) return "in";
    if (t >= 2 && t <= 6) return "out";
    return NULL;
}

static int emit(sms_run *r, dft_chat_msg *m, const char *table)
{
    if (m->only_in_wal) r->stats->messages_only_in_wal++;
    r->stats->messages++;
    (void)table;
    return r->sink->message ? r->sink->message(r->sink->payload, m) : DFT_OK;
}

static int parse_sms(sms_run *r)
{
    dft_chatdb *db = r->db;
    sqlite3_stmt *st = NULL;
    int rc = dft_chatdb_prepare(db, &st,
        "SELECT _id, thread_id, address, date, %s, type, %s, body, %s, %s, %s, %s, %s FROM sms ORDER BY _id",
        dft_chatdb_col(db, "sms", "date_sent"), dft_chatdb_col(db, "sms", "read"),
        dft_chatdb_col(db, "sms", "service_center"), dft_chatdb_col(db, "sms", "subject"),
        dft_chatdb_col(db, "sms", "sub_id"), dft_chatdb_col(db, "sms", "locked"),
        dft_chatdb_col(db, "sms", "status"));
    while (!rc && (rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        rc = DFT_OK;
        if (dft_chatdb_cancelled(db)) {
            rc = dft_error_set(DFT_ECANCELLED, "cancelled");
            break;
        }
        int64_t id = dft_chatdb_int(st, 0, -1);
        int64_t thread = dft_chatdb_int(st, 1, -1);
        int64_t type = dft_chatdb_int(st, 5, 0);
        char sent[DFT_TIME_LEN], dsent[DFT_TIME_LEN], e164[DFT_PHONE_LEN], src[96], tid[32];
        int64_t raw_date, raw_sent;
        dft_chatdb_time(st, 3, DFT_TIME_UNIX_MS, sent, &raw_date);
        dft_chatdb_time(st, 4, DFT_TIME_UNIX_MS, dsent, &raw_sent);
        const char *addr = dft_chatsys_addr_memo(r->memo, dft_chatdb_text(st, 2), r->ctx->region, e164);
        const char *dir = box_direction(type);
        const sms_thread *th = thread >= 0 ? find_thread(r, thread) : NULL;

        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_str(&j, "type", "sms");
        dft_chat_json_str(&j, "box", sms_type_name(type));
        dft_chat_json_int(&j, "raw_type", type);
        if (type == 3) dft_chat_json_bool(&j, "draft", true);
        dft_chat_json_int(&j, "raw_time", raw_date);
        if (dsent[0] && raw_sent != raw_date) dft_chat_json_str(&j, "date_sent_utc", dsent);
        if (sqlite3_column_type(st, 6) != SQLITE_NULL) dft_chat_json_bool(&j, "read", dft_chatdb_int(st, 6, 0) != 0);
        dft_chat_json_str(&j, "service_center", dft_chatdb_text(st, 8));
        dft_chat_json_str(&j, "subject", dft_chatdb_text(st, 9));
        if (sqlite3_column_type(st, 10) != SQLITE_NULL) dft_chat_json_int(&j, "sub_id", dft_chatdb_int(st, 10, -1));
        if (dft_chatdb_int(st, 11, 0)) dft_chat_json_bool(&j, "locked", true);
        if (th && th->count > 1 && th->participants) dft_chat_json_raw(&j, "participants", th->participants);

        dft_chat_msg m = { 0 };
        m.account = r->account[0] ? r->account : NULL;
        snprintf(tid, sizeof tid, "%lld", (long long)thread);
        m.thread = thread >= 0 ? tid : NULL;
        m.direction = dir;
        if (dir && strcmp(dir, "in") == 0) {
            m.sender = addr;
            m.recipient = m.account;
        } else if (dir) {
            m.sender = m.account;
            m.recipient = addr;
        } else {
            m.sender = addr;   /* unknown box: the address is the only party known */
        }
        m.sent_utc = sent;
        m.body = dft_chatdb_text(st, 7);
        m.source = dft_chatsys_source(src, "sms", (long long)id);
        m.only_in_wal = dft_chatdb_only_in_wal(db, "sms", id);
        m.details = dft_chat_json_end(&j);
        rc = emit(r, &m, "sms");
        dft_chat_json_free(&j);
    }
    sqlite3_finalize(st);
    return rc < 0 ? rc : DFT_OK;
}

/* The MMS message row of st (columns of parse_mms's SELECT) as a dft_chat_msg, with its parties
 * (from ad) and parts (from pt) read by the caller. */
typedef struct mms_acc {
    char *from;              /* the 0x89 address, normalised */
    dft_chatsys_str to;      /* 0x97 addresses, comma-joined */
    dft_chatsys_list *parties;
    dft_chatsys_str body;    /* text/plain parts, newline-joined */
    char *att, *att_mime;    /* the first media part */
    dft_chatsys_list *media;
} mms_acc;

static void mms_acc_free(mms_acc *a)
{
    free(a->from);
    dft_chatsys_str_free(&a->to);
    dft_chatsys_list_free(a->parties);
    dft_chatsys_str_free(&a->body);
    free(a->att);
    free(a->att_mime);
    dft_chatsys_list_free(a->media);
}

/* addresses: 0x89 from, 0x97 to, 0x82 cc, 0x81 bcc ("insert-address-token" is the placeholder
 * Android writes as the sender of outgoing MMS) */
static int mms_addresses(sms_run *r, dft_chatsys_child *ad, int64_t id, mms_acc *a)
{
    int rc = dft_chatsys_child_seek(ad, id);
    for (; !rc && dft_chatsys_child_match(ad, id); rc = dft_chatsys_child_next(ad)) {
        const char *raw = dft_chatdb_text(ad->st, 1);
        int64_t type = dft_chatdb_int(ad->st, 2, 0);
        if (!raw || strcmp(raw, "insert-address-token") == 0) continue;
        char e164[DFT_PHONE_LEN];
        const char *norm = dft_chatsys_addr_memo(r->memo, raw, r->ctx->region, e164);
        dft_chatsys_list_add(a->parties, norm);
        if (type == 0x89 && !a->from) a->from = strdup(norm);
        else if (type == 0x97) dft_chatsys_str_join(&a->to, ",", norm);
    }
    return rc;
}

/* parts: text/plain bodies joined; the first media part is the attachment; application/smil is
 * the slide layout and skipped */
static int mms_parts(sms_run *r, dft_chatsys_child *pt, int64_t id, mms_acc *a)
{
    (void)r;
    int rc = dft_chatsys_child_seek(pt, id);
    for (; !rc && dft_chatsys_child_match(pt, id); rc = dft_chatsys_child_next(pt)) {
        const char *ct = dft_chatdb_text(pt->st, 1);
        const char *text = dft_chatdb_text(pt->st, 2);
        const char *data = dft_chatdb_text(pt->st, 3);
        const char *name = dft_chatdb_text(pt->st, 4);
        if (ct && strcmp(ct, "application/smil") == 0) continue;
        if (ct && strcmp(ct, "text/plain") == 0) {
            dft_chatsys_str_join(&a->body, "\n", text);
            continue;
        }
        const char *where = data ? data : name;
        dft_chatsys_list_add(a->media, where);
        if (!a->att && where) {
            a->att = strdup(where);
            a->att_mime = ct ? strdup(ct) : NULL;
        }
    }
    return rc;
}

static int parse_mms_one(sms_run *r, sqlite3_stmt *st, dft_chatsys_child *ad, dft_chatsys_child *pt)
{
    dft_chatdb *db = r->db;
    int64_t id = dft_chatdb_int(st, 0, -1);
    int64_t thread = dft_chatdb_int(st, 1, -1);
    int64_t box = dft_chatdb_int(st, 4, 0);
    char sent[DFT_TIME_LEN], dsent[DFT_TIME_LEN], src[96], tid[32];
    int64_t raw_date, raw_sent;
    dft_chatdb_time(st, 2, DFT_TIME_UNIX_S, sent, &raw_date);
    dft_chatdb_time(st, 3, DFT_TIME_UNIX_S, dsent, &raw_sent);

    mms_acc a = { .parties = dft_chatsys_list_new(), .media = dft_chatsys_list_new() };
    int rc = mms_addresses(r, ad, id, &a);
    if (rc >= 0) rc = mms_parts(r, pt, id, &a);
    if (rc < 0) {
        mms_acc_free(&a);
        return rc;
    }
    const char *dir = box_direction(box);
    const sms_thread *th = thread >= 0 ? find_thread(r, thread) : NULL;
    dft_chat_json j;
    dft_chat_json_begin(&j);
    dft_chat_json_str(&j, "type", "mms");
    dft_chat_json_str(&j, "box", box == 3 ? "draft" : sms_type_name(box));
    dft_chat_json_int(&j, "raw_msg_box", box);
    if (box == 3) dft_chat_json_bool(&j, "draft", true);
    dft_chat_json_int(&j, "raw_time", raw_date);
    if (dsent[0] && raw_sent != raw_date) dft_chat_json_str(&j, "date_sent_utc", dsent);
    if (sqlite3_column_type(st, 5) != SQLITE_NULL) dft_chat_json_bool(&j, "read", dft_chatdb_int(st, 5, 0) != 0);
    dft_chat_json_str(&j, "subject", dft_chatdb_text(st, 6));
    if (sqlite3_column_type(st, 7) != SQLITE_NULL) dft_chat_json_int(&j, "m_type", dft_chatdb_int(st, 7, 0));
    dft_chat_json_str(&j, "m_id", dft_chatdb_text(st, 8));
    if (dft_chatsys_list_len(a.media) > 1) {
        char *m = dft_chatsys_list_dump(a.media);
        if (m) dft_chat_json_raw(&j, "attachments", m);
        free(m);
    }
    /* group: the parties of this message, else those of its thread */
    if (dft_chatsys_list_len(a.parties) > 1) {
        char *pj = dft_chatsys_list_dump(a.parties);
        if (pj) dft_chat_json_raw(&j, "participants", pj);
        free(pj);
    } else if (th && th->count > 1 && th->participants) {
        dft_chat_json_raw(&j, "participants", th->participants);
    }

    dft_chat_msg m = { 0 };
    m.account = r->account[0] ? r->account : NULL;
    snprintf(tid, sizeof tid, "%lld", (long long)thread);
    m.thread = thread >= 0 ? tid : NULL;
    m.direction = dir;
    if (dir && strcmp(dir, "in") == 0) {
        m.sender = a.from;
        m.recipient = m.account;
    } else {
        m.sender = dir ? m.account : a.from;
        m.recipient = dft_chatsys_str_get(&a.to);
    }
    m.sent_utc = sent;
    m.body = dft_chatsys_str_get(&a.body);
    m.attachment = a.att;
    m.attachment_mime = a.att_mime;
    m.source = dft_chatsys_source(src, "pdu", (long long)id);
    m.only_in_wal = dft_chatdb_only_in_wal(db, "pdu", id);
    m.details = dft_chat_json_end(&j);
    rc = emit(r, &m, "pdu");
    dft_chat_json_free(&j);
    mms_acc_free(&a);
    return rc;
}

static int parse_mms(sms_run *r)
{
    dft_chatdb *db = r->db;
    if (!dft_chatdb_has_table(db, "pdu") || !dft_chatdb_has_column(db, "pdu", "msg_box")) return DFT_OK;
    bool have_addr = dft_chatdb_has_table(db, "addr"), have_part = dft_chatdb_has_table(db, "part");
    if (!have_addr || !have_part) warn(r, "mmssms.db: pdu without %s table; MMS read without it", !have_addr ? "addr" : "part");
    /* addr and part are read in one ordered pass each beside pdu (merge join): no index needed */
    sqlite3_stmt *st = NULL, *as = NULL, *ps = NULL;
    dft_chatsys_child ad = { 0 }, pt = { 0 };
    int rc = dft_chatdb_prepare(db, &st,
        "SELECT _id, thread_id, date, %s, msg_box, %s, %s, %s, %s FROM pdu ORDER BY _id",
        dft_chatdb_col(db, "pdu", "date_sent"), dft_chatdb_col(db, "pdu", "read"), dft_chatdb_col(db, "pdu", "sub"),
        dft_chatdb_col(db, "pdu", "m_type"), dft_chatdb_col(db, "pdu", "m_id"));
    if (!rc && have_addr)
        rc = dft_chatdb_prepare(db, &as, "SELECT CAST(%s AS INTEGER) AS k, %s, %s FROM addr ORDER BY k, _rowid_",
                                dft_chatdb_col(db, "addr", "msg_id"), dft_chatdb_col(db, "addr", "address"),
                                dft_chatdb_col(db, "addr", "type"));
    if (!rc) rc = dft_chatsys_child_open(&ad, db, as);
    as = NULL;
    if (!rc && have_part)
        rc = dft_chatdb_prepare(db, &ps, "SELECT CAST(%s AS INTEGER) AS k, %s, %s, %s, %s FROM part ORDER BY k, %s, _rowid_",
                                dft_chatdb_col(db, "part", "mid"), dft_chatdb_col(db, "part", "ct"),
                                dft_chatdb_col(db, "part", "text"), dft_chatdb_col(db, "part", "_data"),
                                dft_chatdb_col(db, "part", "name"), dft_chatdb_col(db, "part", "seq"));
    if (!rc) rc = dft_chatsys_child_open(&pt, db, ps);
    ps = NULL;
    while (!rc && (rc = dft_chatdb_step(db, st)) == DFT_SQLITE_ROW) {
        rc = DFT_OK;
        if (dft_chatdb_cancelled(db)) {
            rc = dft_error_set(DFT_ECANCELLED, "cancelled");
            break;
        }
        rc = parse_mms_one(r, st, &ad, &pt);
        if (rc == DFT_ECORRUPT) {
            /* one unreadable message: warn, count, go on */
            warn(r, "mmssms.db: an MMS could not be read: %s", dft_error_last());
            r->stats->skipped++;
            rc = DFT_OK;
        }
    }
    sqlite3_finalize(st);
    sqlite3_finalize(as);
    sqlite3_finalize(ps);
    dft_chatsys_child_close(&ad);
    dft_chatsys_child_close(&pt);
    return rc < 0 ? rc : DFT_OK;
}

static int sms_parse(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *stats)
{
    sms_run r = { .db = db, .ctx = ctx, .sink = sink, .stats = stats };
    stats->variant = dft_chatdb_has_table(db, "pdu") ? "android-mmssms" : "android-sms";
    dft_chatsys_account(ctx, r.account, stats);
    if (dft_strmap_new(&r.memo) != DFT_OK) r.memo = NULL;   /* no memo: slower, same rows */
    static const char *const samsung[] = { "im", "ft", "wpm", NULL };
    for (const char *const *t = samsung; *t; t++)
        if (dft_chatdb_has_table(db, *t))
            warn(&r, "mmssms.db: Samsung table `%s` present but not parsed (no public schema source)", *t);
    int rc = load_threads(&r);
    if (!rc) rc = parse_sms(&r);
    if (!rc) rc = parse_mms(&r);
    for (size_t i = 0; i < r.nthreads; i++) free(r.threads[i].participants);
    free(r.threads);
    dft_strmap_free(r.memo);
    return rc;
}

const dft_chat_parser dft_chat_parser_sms_android = {
    .app = "sms",
    .name = "sms-android",
    .paths = sms_paths,
    .detect = sms_detect,
    .parse = sms_parse,
};
