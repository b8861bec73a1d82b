/*
 * test_chat_telegram.c - the TL reader (parsers/tl.c) against hand-made byte vectors of the TL
 * serialisation rules, and the Telegram Android parser (parsers/chat_telegram.c) on the dump that
 * mk_telegram.py builds: exact messages of several TL constructors (flags2, layer 135, old int layer,
 * service, unknown, secret chat), the WAL-only row, senders/recipients resolved through users, the
 * account from userconfing.xml / userconfig1.xml, contacts, and the legacy `messages` table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chatdb.h"
#include "check.h"
#include "error.h"
#include "rec.h"
#include "tl.h"
#include "tl_telegram.h"

static char dir[] = "/tmp/dft-tg-XXXXXX";

/* ---- TL reader ---------------------------------------------------------------------------- */

static void test_tl_reader(void)
{
    /* int32 -2, int64 2^40+1, double 1.5 */
    const uint8_t ints[] = { 0xfe, 0xff, 0xff, 0xff,                   /* -2 */
                             0x01, 0, 0, 0, 0, 0x01, 0, 0,             /* 2^40 + 1 */
                             0, 0, 0, 0, 0, 0, 0xf8, 0x3f };           /* 1.5 */
    dft_tl r;
    dft_tl_init(&r, ints, sizeof ints);
    CHECK(dft_tl_i32(&r) == -2);
    CHECK(dft_tl_i64(&r) == (INT64_C(1) << 40) + 1);
    CHECK(dft_tl_double(&r) == 1.5);
    CHECK(dft_tl_check(&r, "x") == DFT_OK && dft_tl_left(&r) == 0);
    CHECK(dft_tl_u32(&r) == 0 && r.bad && dft_tl_check(&r, "x") == DFT_ECORRUPT);

    /* strings: "" = 00 pad3; "abc" = 03 a b c (4 bytes, no pad); "ab" = 02 a b 00 */
    const uint8_t s1[] = { 0, 0, 0, 0, 3, 'a', 'b', 'c', 2, 'a', 'b', 0, 0xaa };
    dft_tl_init(&r, s1, sizeof s1);
    dft_tl_str a = dft_tl_bytes(&r), b = dft_tl_bytes(&r), c = dft_tl_bytes(&r);
    CHECK(a.len == 0 && b.len == 3 && memcmp(b.p, "abc", 3) == 0 && c.len == 2 && r.pos == 12 && !r.bad);

    /* long form: 0xfe + 3-byte length 300, data, padded to a multiple of 4 (4 + 300 = 304: none) */
    uint8_t big[4 + 300 + 4];
    memset(big, 'x', sizeof big);
    big[0] = 0xfe; big[1] = 300 & 0xff; big[2] = 300 >> 8; big[3] = 0;
    dft_tl_init(&r, big, sizeof big);
    dft_tl_str l = dft_tl_bytes(&r);
    CHECK(l.len == 300 && r.pos == 304 && !r.bad);
    /* 254 bytes: 4 + 254 = 258 -> 2 bytes of padding */
    big[1] = 254; big[2] = 0;
    dft_tl_init(&r, big, 4 + 254 + 2);
    l = dft_tl_bytes(&r);
    CHECK(l.len == 254 && r.pos == 260 && !r.bad);
    dft_tl_init(&r, big, 4 + 254 + 1);   /* padding missing */
    l = dft_tl_bytes(&r);
    CHECK(r.bad && l.p == NULL);
    /* a length past the end, 0xff prefix */
    const uint8_t bad1[] = { 200, 'a', 'b' }, bad2[] = { 0xff, 0, 0, 0 };
    dft_tl_init(&r, bad1, sizeof bad1);
    dft_tl_bytes(&r);
    CHECK(r.bad);
    dft_tl_init(&r, bad2, sizeof bad2);
    dft_tl_bytes(&r);
    CHECK(r.bad);

    /* vectors: count bounded by what is left */
    const uint8_t v[] = { 0x15, 0xc4, 0xb5, 0x1c, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0 };
    dft_tl_init(&r, v, sizeof v);
    CHECK(dft_tl_vector(&r, 4) == 2 && dft_tl_i32(&r) == 1 && dft_tl_i32(&r) == 2 && !r.bad);
    const uint8_t vhuge[] = { 0x15, 0xc4, 0xb5, 0x1c, 0xff, 0xff, 0xff, 0x7f, 0, 0, 0, 0 };
    dft_tl_init(&r, vhuge, sizeof vhuge);
    CHECK(dft_tl_vector(&r, 4) == 0 && r.bad);
    const uint8_t vwrong[] = { 1, 2, 3, 4, 0, 0, 0, 0 };
    dft_tl_init(&r, vwrong, sizeof vwrong);
    CHECK(dft_tl_vector(&r, 4) == 0 && r.bad);

    /* UTF-8 validity: overlong, surrogate, NUL, truncated are refused */
    dft_tl_str ok = { (const uint8_t *)"\xe0\xb8\xaa\xe4\xbd\xa0", 6 };
    dft_tl_str over = { (const uint8_t *)"\xc0\xaf", 2 }, sur = { (const uint8_t *)"\xed\xa0\x80", 3 };
    dft_tl_str nul = { (const uint8_t *)"a\0b", 3 }, cut = { (const uint8_t *)"\xe4\xbd", 2 };
    CHECK(dft_tl_utf8(ok) && !dft_tl_utf8(over) && !dft_tl_utf8(sur) && !dft_tl_utf8(nul) && !dft_tl_utf8(cut));
    CHECK(dft_tl_flag(0x100, 8) && !dft_tl_flag(0x100, 7) && !dft_tl_flag(0xffffffff, 32));
}

/* A message blob with a layout the decoder walks; the date disagreeing forces the fallback. */
static void test_message_decode(void)
{
    uint8_t b[64];
    size_t n = 0;
#define PUT32(v) do { uint32_t x_ = (uint32_t)(v); for (int k_ = 0; k_ < 4; k_++) b[n++] = (uint8_t)(x_ >> (8 * k_)); } while (0)
    PUT32(0x452c0e65); PUT32(1u << 8); PUT32(7); PUT32(99);            /* flags id from_id:int */
    PUT32(0x9db1bc6d); PUT32(5);                                       /* to_id peerUser(int) */
    PUT32(1600000000);                                                 /* date */
    b[n++] = 2; b[n++] = 'h'; b[n++] = 'i'; b[n++] = 0;                /* "hi" */
    dft_tg_message m;
    CHECK(dft_tg_message_decode(b, n, 1600000000, &m) == DFT_OK);
    CHECK(m.walked && m.has_text && m.text.len == 2 && m.from.type == 'u' && m.from.id == 99 && m.peer.id == 5 &&
          m.id == 7 && m.text_src == DFT_TG_TEXT_STRUCT && strcmp(m.family, "int") == 0);
    /* wrong date hint: the walk is not trusted, and no other anchor exists -> scan finds "hi" */
    CHECK(dft_tg_message_decode(b, n, 1234, &m) == DFT_OK);
    CHECK(!m.walked && m.has_text && m.text_src == DFT_TG_TEXT_SCAN);
    /* truncated inside the text: no text from the walk */
    CHECK(dft_tg_message_decode(b, n - 3, 1600000000, &m) == DFT_OK && !m.walked);
    CHECK(dft_tg_message_decode(b, 3, 0, &m) == DFT_ECORRUPT);
#undef PUT32
}

/* ---- the parser on the dump --------------------------------------------------------------- */

static int read_sib(void *payload, const char *path, size_t cap, char **bytes, size_t *len)
{
    (void)payload;
    char p[1024];
    snprintf(p, sizeof p, "%s/Dump%s", dir, path);
    FILE *f = fopen(p, "rb");
    if (!f) return DFT_ENOTFOUND;
    char *buf = malloc(cap + 1);
    size_t got = fread(buf, 1, cap, f);
    fclose(f);
    buf[got] = '\0';
    *bytes = buf;
    *len = got;
    return DFT_OK;
}

static const rec_msg *by_source(const rec *r, const char *src)
{
    for (size_t i = 0; i < r->nm; i++)
        if (eq(r->m[i].source, src)) return &r->m[i];
    return NULL;
}

static const dft_chat_parser *parser(void)
{
    extern const dft_chat_parser dft_chat_parser_telegram_android;
    return &dft_chat_parser_telegram_android;
}

static rec R;

static void test_account0(void)
{
    char db_path[512], wal[600];
    snprintf(db_path, sizeof db_path, "%s/Dump/data/data/org.telegram.messenger/files/cache4.db", dir);
    snprintf(wal, sizeof wal, "%s-wal", db_path);
    CHECK(access(wal, R_OK) == 0);
    dft_chatdb *db = NULL;
    dft_chatdb_opts o = { .path = db_path, .wal_path = wal };
    CHECK(dft_chatdb_open(&db, &o) == DFT_OK);
    if (!db) return;
    dft_chat_ctx ctx = { .device_path = "/data/data/org.telegram.messenger/files/cache4.db", .region = "TH",
                         .read_sibling = read_sib };
    CHECK(parser()->detect(db, &ctx) == 95);
    dft_chat_sink sink = { .payload = &R, .message = rec_message, .contact = rec_contact_cb, .warning = rec_warning };
    dft_chat_stats st = { 0 };
    CHECK(parser()->parse(db, &ctx, &sink, &st) == DFT_OK);
    dft_chatdb_close(db);

    CHECK(strcmp(st.variant, "android-messages_v2") == 0 && strcmp(st.account, "+66812345678") == 0);
    CHECK(st.messages == 10 && st.messages_only_in_wal == 1 && st.contacts == 6 && st.skipped == 0);
    CHECK(R.nm == 10 && R.nc == 6);
    /* one warning: the unknown constructors, named with their counts */
    CHECK(R.warnings == 1 && has(R.last_warning, "0xdeadbeef x1") && has(R.last_warning, "0x555555fa x1"));

    const rec_msg *m = by_source(&R, "messages_v2:1");
    CHECK(m && eq(m->thread, "6000002") && eq(m->title, "Nguyễn Văn An") && eq(m->sender, "+84901234567") &&
          eq(m->recipient, "+66812345678") && eq(m->direction, "in") && eq(m->sent, "2023-11-14T22:13:20Z") &&
          eq(m->body, "Xin chào, bạn khỏe không?") && eq(m->account, "+66812345678") &&
          eq(m->sender_name, "Nguyễn Văn An") && !m->wal && has(m->details, "\"constructor\":\"0x94345242\"") &&
          has(m->details, "\"text_source\":\"struct\""));
    m = by_source(&R, "messages_v2:2");
    CHECK(m && eq(m->direction, "out") && eq(m->sender, "+66812345678") && eq(m->recipient, "+84901234567") &&
          eq(m->body, "สบายดีครับ") && has(m->details, "\"reply_to\":101") &&
          has(m->details, "\"reply_to_text\":\"Xin chào, bạn khỏe không?\""));
    m = by_source(&R, "messages_v2:3");
    CHECK(m && eq(m->thread, "-1234567") && eq(m->title, "ทีมงาน Team 公告") && eq(m->sender, "+8613800138000") &&
          eq(m->recipient, "tg:-1234567") && eq(m->direction, "in") && eq(m->body, "转发: 明天上午十点开会") &&
          eq(m->sent, "2023-11-14T22:15:20Z") && has(m->details, "\"forwarded\":true") &&
          has(m->details, "\"forwarded_from\":\"tg:8000004\"") &&
          has(m->details, "\"forwarded_date\":\"2023-11-14T19:26:40Z\"") && has(m->details, "\"chat_type\":\"group\"") &&
          has(m->details, "\"participants\":[\"+66812345678\",\"+8613800138000\"]"));
    m = by_source(&R, "messages_v2:4");
    CHECK(m && m->body == NULL && eq(m->attachment, "/storage/emulated/0/Telegram/Telegram Images/104.jpg") &&
          has(m->details, "\"media\":\"photo\"") && eq(m->direction, "out") && eq(m->recipient, "tg:-1234567"));
    m = by_source(&R, "messages_v2:5");
    CHECK(m && m->body == NULL && has(m->details, "\"type\":\"service\"") &&
          has(m->details, "\"action\":\"chat_add_user\"") && eq(m->sender, "+8613800138000"));
    m = by_source(&R, "messages_v2:6");
    CHECK(m && eq(m->body, "Old layer hello") && eq(m->sent, "2020-09-13T12:26:40Z") && eq(m->title, "李伟") &&
          eq(m->sender, "+8613800138000") && has(m->details, "\"layout\":\"int\""));
    m = by_source(&R, "messages_v2:7");
    CHECK(m && eq(m->body, "Unknown ctor text บันทึก") && has(m->details, "\"type\":\"unknown\"") &&
          has(m->details, "\"constructor\":\"0xdeadbeef\"") && has(m->details, "\"text_source\":\"date_anchor\""));
    m = by_source(&R, "messages_v2:8");
    CHECK(m && eq(m->body, "Link here") && has(m->details, "\"entities\":2"));
    m = by_source(&R, "messages_v2:9");
    CHECK(m && eq(m->body, "secret hi") && eq(m->thread, "4611686018427387981") && eq(m->title, "李伟") &&
          eq(m->sender, "+8613800138000") && has(m->details, "\"secret_chat_id\":77"));
    m = by_source(&R, "messages_v2:10");
    CHECK(m && m->wal && eq(m->body, "WAL only 删除") && eq(m->direction, "out"));

    /* contacts: 4 users (rowid order) + 2 phone book entries; a national number resolved with TH */
    CHECK(eq(R.c[0].handle, "tg:5000001") && eq(R.c[0].name, "Somchai Jaidee") && eq(R.c[0].phone, "+66812345678") &&
          has(R.c[0].details, "\"self\":true"));
    CHECK(eq(R.c[3].handle, "tg:8000004") && eq(R.c[3].name, "Worker Mali") && R.c[3].phone == NULL);
    CHECK(eq(R.c[4].name, "An Nguyen") && eq(R.c[4].phone, "+84901234567") && eq(R.c[4].source, "user_phones_v7:1"));
    CHECK(eq(R.c[5].name, "Mae Noi") && eq(R.c[5].phone, "+66812345679"));
    rec_free(&R);
}

static void test_account1(void)
{
    char db_path[512];
    snprintf(db_path, sizeof db_path, "%s/Dump/data/data/org.telegram.messenger/files/account1/cache4.db", dir);
    dft_chatdb *db = NULL;
    dft_chatdb_opts o = { .path = db_path };
    CHECK(dft_chatdb_open(&db, &o) == DFT_OK);
    if (!db) return;
    dft_chat_ctx ctx = { .device_path = "/data/data/org.telegram.messenger/files/account1/cache4.db",
                         .read_sibling = read_sib };
    CHECK(parser()->detect(db, &ctx) == 75);
    dft_chat_sink sink = { .payload = &R, .message = rec_message, .contact = rec_contact_cb, .warning = rec_warning };
    dft_chat_stats st = { 0 };
    CHECK(parser()->parse(db, &ctx, &sink, &st) == DFT_OK);
    dft_chatdb_close(db);
    CHECK(strcmp(st.variant, "android-messages") == 0 && strcmp(st.account, "+85512345678") == 0);
    CHECK(R.nm == 2 && st.messages == 2 && st.messages_only_in_wal == 0);
    const rec_msg *m = by_source(&R, "messages:201");
    CHECK(m && eq(m->body, "Account two message") && eq(m->sender, "+84901234567") && eq(m->recipient, "+85512345678"));
    m = by_source(&R, "messages:202");
    CHECK(m && eq(m->body, "ok") && eq(m->direction, "out") && eq(m->sender, "+85512345678"));
    rec_free(&R);
}

/* iOS postbox: messages from t7 keys and intermediate values; one value not decodable */
static void test_ios(void)
{
    char db_path[512];
    snprintf(db_path, sizeof db_path,
             "%s/Dump/private/var/mobile/Containers/Shared/AppGroup/A1B2/telegram-data/account-123/postbox/db/db_sqlite",
             dir);
    dft_chatdb *db = NULL;
    dft_chatdb_opts o = { .path = db_path };
    CHECK(dft_chatdb_open(&db, &o) == DFT_OK);
    if (!db) return;
    extern const dft_chat_parser dft_chat_parser_telegram_ios;
    const dft_chat_parser *p = &dft_chat_parser_telegram_ios;
    dft_chat_ctx ctx = { .device_path = "/private/var/x/telegram-data/account-123/postbox/db/db_sqlite" };
    CHECK(p->detect(db, &ctx) == 50 && parser()->detect(db, &ctx) == 0);
    dft_chat_sink sink = { .payload = &R, .message = rec_message, .warning = rec_warning };
    dft_chat_stats st = { 0 };
    R.warnings = 0;
    CHECK(p->parse(db, &ctx, &sink, &st) == DFT_OK);
    dft_chatdb_close(db);
    CHECK(strcmp(st.variant, "ios-postbox") == 0 && st.messages == 4 && R.nm == 4 && R.warnings == 1);
    CHECK(eq(R.m[0].body, "iOS สวัสดี") && eq(R.m[0].direction, "in") && eq(R.m[0].sender, "tg:6000002") &&
          eq(R.m[0].thread, "6000002") && eq(R.m[0].sent, "2023-11-14T22:13:20Z") &&
          eq(R.m[0].source, "t7:key:00000000005b8d82000000006553f10000000001"));
    CHECK(eq(R.m[1].body, "iOS reply 好") && eq(R.m[1].direction, "out") && eq(R.m[1].recipient, "6000002"));
    CHECK(eq(R.m[2].body, "fwd") && has(R.m[2].details, "\"forwarded_from\":\"tg:7000003\""));
    CHECK(R.m[3].body == NULL && R.m[3].direction == NULL && has(R.m[3].details, "\"decoded\":false"));
    rec_free(&R);
}

int main(void)
{
    RUN(test_tl_reader);
    RUN(test_message_decode);
    CHECK(mkdtemp(dir) != NULL);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "python3 %s/mk_telegram.py %s", DFT_TG_DIR, dir);
    CHECK(system(cmd) == 0);
    RUN(test_account0);
    RUN(test_account1);
    RUN(test_ios);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) fprintf(stderr, "cannot remove %s\n", dir);
    return check_failures != 0;
}
