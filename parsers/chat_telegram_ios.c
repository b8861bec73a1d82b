/*
 * chat_telegram_ios.c - Telegram for iOS postbox (telegram-data/account-<n>/postbox/db/db_sqlite),
 * best effort. Postbox is a key-value store in SQLite tables t0..tN (key BLOB, value BLOB). What is
 * decoded (layout from stek29's postbox notes, as used by iLEAPP telegramMesssages.py):
 *
 *   t7 key (20 bytes, big-endian): peerId i64, namespace i32, timestamp i32 (Unix s), id i32
 *   t7 value ("intermediate message", little-endian): type i8 (0), stableId u32, stableVersion u32,
 *     dataFlags u8 [globallyUniqueId i64 (b0)] [globalTags u32 (b1)] [groupingKey i64 (b2)]
 *     [groupInfo u32 (b3)] [localTags u32 (b4)] [threadId i64 (b5)], flags u32 (4 = incoming),
 *     tags u32, forward info: flags i8, and when non-zero author i64, date i32 [source i64 (b1)]
 *     [source message peer i64, ns i32, id i32 (b2)] [signature str (b3)] [psa str (b4)] [i32 (b5)],
 *     hasAuthor i8 [authorId i64], text (i32 length + UTF-8)
 * Not decoded: peers (t2, Postbox objects with murmur3-hashed type names), media (t6), attributes
 * and embedded media after the text. Senders are therefore "tg:<postbox peer id>" (the id carries
 * the peer namespace in its high bits), with no phone or name; the thread is the peer id.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatdb.h"
#include "error.h"
#include "tl.h"

static const char *const IOS_PATHS[] = { "*/telegram-data/account-*/postbox/db/db_sqlite", NULL };

static int ios_detect(dft_chatdb *db, const dft_chat_ctx *ctx)
{
    (void)ctx;
    static const char *const t[] = { "t0", "t2", "t7", NULL };
    if (!dft_chatdb_has_tables(db, t)) return 0;
    if (!dft_chatdb_has_column(db, "t7", "key") || !dft_chatdb_has_column(db, "t7", "value")) return 0;
    return 50;
}

typedef struct cur {
    const uint8_t *p;
    size_t len, pos;
    bool bad;
} cur;

static const uint8_t *take(cur *c, size_t n)
{
    if (c->bad || n > c->len - c->pos) { c->bad = true; return NULL; }
    const uint8_t *q = c->p + c->pos;
    c->pos += n;
    return q;
}
static uint64_t le(cur *c, size_t n)
{
    const uint8_t *q = take(c, n);
    uint64_t v = 0;
    for (size_t i = n; q && i-- > 0;) v = v << 8 | q[i];
    return v;
}
static int64_t be(const uint8_t *q, size_t n)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) v = v << 8 | q[i];
    return n == 4 ? (int64_t)(int32_t)v : (int64_t)v;
}
static void skip_str(cur *c)
{
    uint32_t n = (uint32_t)le(c, 4);
    take(c, n);
}

typedef struct ios_msg {
    bool ok, incoming, fwd, has_author;
    int64_t author, fwd_author;
    int32_t fwd_date;
    const uint8_t *text;
    size_t text_len;
} ios_msg;

static void decode_value(const uint8_t *v, size_t n, ios_msg *m)
{
    memset(m, 0, sizeof *m);
    cur c = { v, n, 0, false };
    if (le(&c, 1) != 0) return;
    le(&c, 4);
    le(&c, 4);
    uint8_t df = (uint8_t)le(&c, 1);
    if (df & 1) le(&c, 8);
    if (df & 2) le(&c, 4);
    if (df & 4) le(&c, 8);
    if (df & 8) le(&c, 4);
    if (df & 16) le(&c, 4);
    if (df & 32) le(&c, 8);
    uint32_t flags = (uint32_t)le(&c, 4);
    le(&c, 4);
    uint8_t ff = (uint8_t)le(&c, 1);
    if (ff) {
        m->fwd = true;
        m->fwd_author = (int64_t)le(&c, 8);
        m->fwd_date = (int32_t)le(&c, 4);
        if (ff & 2) le(&c, 8);
        if (ff & 4) { le(&c, 8); le(&c, 4); le(&c, 4); }
        if (ff & 8) skip_str(&c);
        if (ff & 16) skip_str(&c);
        if (ff & 32) le(&c, 4);
    }
    if (le(&c, 1) == 1) {
        m->has_author = true;
        m->author = (int64_t)le(&c, 8);
    }
    uint32_t tl = (uint32_t)le(&c, 4);
    const uint8_t *t = take(&c, tl);
    if (c.bad) return;
    dft_tl_str s = { t, tl };
    if (!dft_tl_utf8(s)) return;
    m->ok = true;
    m->incoming = flags & 4;
    m->text = t;
    m->text_len = tl;
}

static int ios_parse(dft_chatdb *db, const dft_chat_ctx *ctx, const dft_chat_sink *sink, dft_chat_stats *st)
{
    (void)ctx;
    st->variant = "ios-postbox";
    /* postbox may create its tables WITHOUT ROWID: then rows are named by their key, and rows only in
     * the WAL cannot be told apart (they need a rowid) */
    sqlite3_stmt *q = NULL;
    bool has_rowid = dft_chatdb_prepare(db, &q, "SELECT rowid FROM t7 LIMIT 0") == DFT_OK;
    sqlite3_finalize(q);
    q = NULL;
    int rc = dft_chatdb_prepare(db, &q, "SELECT %s, key, value FROM t7 ORDER BY key", has_rowid ? "rowid" : "0");
    if (rc) return rc;
    int64_t undecoded = 0;
    while ((rc = dft_chatdb_step(db, q)) == DFT_SQLITE_ROW) {
        if (dft_chatdb_cancelled(db)) { rc = DFT_ECANCELLED; break; }
        int64_t rowid = sqlite3_column_int64(q, 0);
        const uint8_t *k = sqlite3_column_blob(q, 1);
        size_t kl = (size_t)sqlite3_column_bytes(q, 1);
        const uint8_t *v = sqlite3_column_blob(q, 2);
        size_t vl = (size_t)sqlite3_column_bytes(q, 2);
        if (!k || kl != 20) {
            st->skipped++;
            continue;
        }
        int64_t peer = be(k, 8), ns = be(k + 8, 4), ts = be(k + 12, 4), id = be(k + 16, 4);
        ios_msg m;
        decode_value(v, v ? vl : 0, &m);
        if (!m.ok) undecoded++;
        char thread[32], sender[40], utc[DFT_TIME_LEN] = "", src[64], fu[DFT_TIME_LEN];
        snprintf(thread, sizeof thread, "%" PRId64, peer);
        snprintf(sender, sizeof sender, "tg:%" PRId64, m.has_author ? m.author : peer);
        if (ts > 0) dft_time_text(utc, DFT_TIME_UNIX_S, ts);
        if (has_rowid) snprintf(src, sizeof src, "t7:%" PRId64, rowid);
        else snprintf(src, sizeof src, "t7:key:%016" PRIx64 "%08x%08x%08x", (uint64_t)peer, (uint32_t)ns, (uint32_t)ts,
                      (uint32_t)id);
        char *body = m.ok && m.text_len ? dft_tl_strdup((dft_tl_str){ m.text, m.text_len }) : NULL;
        dft_chat_json j;
        dft_chat_json_begin(&j);
        dft_chat_json_str(&j, "type", "postbox_message");
        dft_chat_json_int(&j, "namespace", ns);
        dft_chat_json_int(&j, "message_id", id);
        dft_chat_json_int(&j, "raw_time", ts);
        dft_chat_json_bool(&j, "decoded", m.ok);
        if (m.fwd) {
            dft_chat_json_bool(&j, "forwarded", true);
            char fa[40];
            snprintf(fa, sizeof fa, "tg:%" PRId64, m.fwd_author);
            dft_chat_json_str(&j, "forwarded_from", fa);
            if (m.fwd_date > 0) {
                dft_time_text(fu, DFT_TIME_UNIX_S, m.fwd_date);
                dft_chat_json_str(&j, "forwarded_date", fu);
            }
        }
        bool wal = has_rowid && dft_chatdb_only_in_wal(db, "t7", rowid);
        dft_chat_msg msg = { .thread = thread, .sender = m.ok && !m.incoming ? NULL : sender,
                             .recipient = m.ok && !m.incoming ? thread : NULL,
                             .direction = m.ok ? (m.incoming ? "in" : "out") : NULL, .sent_utc = utc,
                             .body = body, .source = src, .only_in_wal = wal, .details = dft_chat_json_end(&j) };
        st->messages++;
        if (wal) st->messages_only_in_wal++;
        rc = sink->message ? sink->message(sink->payload, &msg) : DFT_OK;
        dft_chat_json_free(&j);
        free(body);
        if (rc) break;
    }
    sqlite3_finalize(q);
    if (rc < 0 || rc > 1) return rc;
    if (undecoded && sink->warning) {
        char w[160];
        snprintf(w, sizeof w, "telegram iOS postbox: %" PRId64 " message value(s) not decoded (time and peer from the key only)",
                 undecoded);
        sink->warning(sink->payload, w);
    }
    return DFT_OK;
}

const dft_chat_parser dft_chat_parser_telegram_ios = {
    .app = "telegram",
    .name = "telegram-ios",
    .paths = IOS_PATHS,
    .detect = ios_detect,
    .parse = ios_parse,
};
