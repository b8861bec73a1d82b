/*
 * test_chat_system.c - the system chat parsers (SMS/MMS, Google Messages, iMessage, contacts2,
 * AddressBook, call logs) called directly on the fixtures of make_fixtures.py with a recording
 * sink, and the typedstream decoder on constructed and damaged blobs.
 *
 * usage: test_chat_system FIXTURE_DIR   (the directory make_fixtures.py wrote)
 *
 * Each database must be won by its parser among ALL registered chat parsers (dispatch as in
 * plugins/chat), and its rows must equal the expected lines exactly, in order: direction, parties
 * in E.164 (default region TH, owner 0812345678), UTC times from each column's unit, bodies (incl.
 * attributedBody-only texts), attachments, WAL-only flags, tombstones.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "chat_system.h"
#include "chatdb.h"
#include "check.h"
#include "error.h"
#include "plugins/chat/chat_registry.h"
#include "typedstream.h"

#define MAX_ROWS 64

typedef struct rec {
    char *lines[MAX_ROWS];
    char *details[MAX_ROWS];
    size_t n;
    int warnings;
} rec;

static const char *s(const char *v) { return v ? v : "-"; }

static void keep(rec *r, const char *line, const char *details)
{
    if (r->n == MAX_ROWS) return;
    r->lines[r->n] = strdup(line);
    r->details[r->n] = strdup(details ? details : "");
    r->n++;
}

static int on_msg(void *p, const dft_chat_msg *m)
{
    char line[2048];
    snprintf(line, sizeof line, "%s|%s|%s|%s|%s|%s|%s|%s|%d|%s|%s|%s", s(m->direction), s(m->sender), s(m->recipient),
             m->sent_utc && *m->sent_utc ? m->sent_utc : "-", s(m->body), s(m->attachment), s(m->thread),
             s(m->thread_title), m->deleted, s(m->source), m->only_in_wal ? "wal" : "db", s(m->account));
    keep(p, line, m->details);
    return DFT_OK;
}

static int on_contact(void *p, const dft_chat_contact *c)
{
    char line[1024];
    snprintf(line, sizeof line, "%s|%s|%s|%s|%s", s(c->name), s(c->phone), s(c->handle), s(c->source),
             c->only_in_wal ? "wal" : "db");
    keep(p, line, c->details);
    return DFT_OK;
}

static int on_call(void *p, const dft_chat_call *c)
{
    char line[1024];
    snprintf(line, sizeof line, "%s|%s|%s|%s|%s|%s|%lld|%s|%s", s(c->direction), s(c->counterpart),
             s(c->counterpart_name), s(c->status), s(c->media), c->start_utc && *c->start_utc ? c->start_utc : "-",
             (long long)c->duration_s, s(c->source), c->only_in_wal ? "wal" : "db");
    keep(p, line, c->details);
    return DFT_OK;
}

static void on_warning(void *p, const char *msg)
{
    ((rec *)p)->warnings++;
    fprintf(stderr, "  warning: %s\n", msg);
}

static void rec_free(rec *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->lines[i]);
        free(r->details[i]);
    }
    memset(r, 0, sizeof *r);
}

static const char *fixdir;

/* Opens FIXTURE_DIR/rel (+ -wal when present), dispatches over every registered parser, parses. */
static void run(const char *rel, const char *device_path, const char *want_parser, rec *r, dft_chat_stats *st,
                bool *wal_applied)
{
    char path[1024], wal[1100];
    snprintf(path, sizeof path, "%s/%s", fixdir, rel);
    snprintf(wal, sizeof wal, "%s-wal", path);
    dft_chatdb_opts o = { .path = path, .wal_path = access(wal, R_OK) == 0 ? wal : NULL };
    dft_chatdb *db = NULL;
    memset(r, 0, sizeof *r);
    memset(st, 0, sizeof *st);
    if (dft_chatdb_open(&db, &o) != DFT_OK) {
        fprintf(stderr, "cannot open %s: %s\n", path, dft_error_last());
        CHECK(0);
        return;
    }
    dft_chatdb_wal_info wi;
    dft_chatdb_wal(db, &wi);
    if (wal_applied) *wal_applied = wi.wal_applied;
    dft_chat_ctx ctx = { .device_path = device_path, .region = "TH", .account_hint = "0812345678" };
    const dft_chat_parser *best = NULL;
    int best_score = 0;
    for (size_t i = 0; i < dft_chat_parser_count; i++) {
        int sc = dft_chat_parsers[i]->detect(db, &ctx);
        if (sc > best_score) {
            best_score = sc;
            best = dft_chat_parsers[i];
        }
    }
    CHECK(best && strcmp(best->name, want_parser) == 0);
    if (best && strcmp(best->name, want_parser) == 0) {
        dft_chat_sink sink = { .payload = r, .message = on_msg, .contact = on_contact, .call = on_call,
                               .warning = on_warning };
        int rc = best->parse(db, &ctx, &sink, st);
        if (rc) fprintf(stderr, "parse %s: %s\n", rel, dft_error_last());
        CHECK(rc == DFT_OK);
    }
    dft_chatdb_close(db);
}

static void expect(const rec *r, const char *const *want, size_t n, const char *what)
{
    CHECK(r->n == n);
    for (size_t i = 0; i < r->n || i < n; i++) {
        const char *got = i < r->n ? r->lines[i] : "(none)";
        const char *exp = i < n ? want[i] : "(none)";
        if (strcmp(got, exp) != 0) {
            fprintf(stderr, "%s row %zu:\n  got  %s\n  want %s\n", what, i, got, exp);
            check_failures++;
        }
    }
}

/* details[i] contains every fragment given */
static void expect_details(const rec *r, size_t i, const char *const *frags)
{
    if (i >= r->n) {
        CHECK(i < r->n);
        return;
    }
    for (; *frags; frags++)
        if (!strstr(r->details[i], *frags)) {
            fprintf(stderr, "details of row %zu lack %s: %s\n", i, *frags, r->details[i]);
            check_failures++;
        }
}

#define N(a) (sizeof(a) / sizeof *(a))
#define FR(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define ME "+66812345678"

static void test_mmssms(void)
{
    rec r;
    dft_chat_stats st;
    bool wal = false;
    run("dump/Dump/data/data/com.android.providers.telephony/databases/mmssms.db",
        "/data/data/com.android.providers.telephony/databases/mmssms.db", "sms-android", &r, &st, &wal);
    static const char *const want[] = {
        "in|+66898765432|" ME "|2023-11-14T22:13:20.123Z|สวัสดีครับ โอนเงินแล้ว|-|1|-|0|sms:1|db|" ME,
        "out|" ME "|+66898765432|2023-11-14T22:14:20Z|ok USDT TRC20 received|-|1|-|0|sms:2|db|" ME,
        "out|" ME "|+66898765432|2023-11-14T22:15:20Z|draft: ยังไม่ส่ง|-|1|-|0|sms:3|db|" ME,
        "in|+84901234567|" ME "|2023-11-14T22:16:20Z|Chào anh, tiền đã chuyển|-|2|-|0|sms:4|db|" ME,
        "out|" ME "|+8613800138000|2023-11-14T22:17:20Z|你好，请回复|-|2|-|0|sms:5|db|" ME,
        "in|+66898765432|" ME "|2023-11-14T22:18:20Z|wal only: ส่งเงินด่วน|-|1|-|0|sms:6|wal|" ME,
        "in|+84901234567|" ME "|2023-11-14T22:20:00Z|Ảnh biên lai|"
        "/data/user_de/0/com.android.providers.telephony/app_parts/PART_1700000400_receipt.jpg|2|-|0|pdu:1|db|" ME,
        "out|" ME "|+66898765432|2023-11-14T22:21:40Z|sent picture|"
        "/data/user_de/0/com.android.providers.telephony/app_parts/PART_1700000500_shot.png|1|-|0|pdu:2|db|" ME,
    };
    expect(&r, want, N(want), "mmssms");
    CHECK(wal);
    CHECK(st.messages == 8 && st.messages_only_in_wal == 1 && st.skipped == 0);
    CHECK(strcmp(st.account, ME) == 0 && strcmp(st.variant, "android-mmssms") == 0);
    expect_details(&r, 0, FR("\"box\":\"inbox\"", "\"raw_time\":1700000000123", "\"date_sent_utc\":\"2023-11-14T22:13:10Z\"",
                             "\"service_center\":\"+66890000001\""));
    expect_details(&r, 2, FR("\"draft\":true", "\"raw_type\":3"));
    expect_details(&r, 3, FR("\"participants\":[\"+84901234567\",\"+8613800138000\"]"));
    expect_details(&r, 4, FR("\"box\":\"failed\""));
    expect_details(&r, 6, FR("\"type\":\"mms\"", "\"m_type\":132", "\"raw_time\":1700000400",
                             "\"participants\":[\"+84901234567\",\"+66812345678\",\"+8613800138000\"]"));
    CHECK(r.n > 6 && r.lines[6] && strstr(r.lines[6], "|+84901234567|" ME "|") != NULL);
    rec_free(&r);
}

static void test_bugle(void)
{
    rec r;
    dft_chat_stats st;
    run("dump/Dump/data/data/com.google.android.apps.messaging/databases/bugle_db",
        "/data/data/com.google.android.apps.messaging/databases/bugle_db", "google-messages", &r, &st, NULL);
    static const char *const want[] = {
        "in|+66898765432|" ME "|2023-11-14T22:30:00Z|RCS test ขอบคุณ|-|1|Somchai Jaidee|0|messages:1|db|" ME,
        "out|" ME "|+66898765432|2023-11-14T22:31:00Z|ได้เลย|-|1|Somchai Jaidee|0|messages:2|db|" ME,
        "in|+84901234567|" ME "|2023-11-14T22:32:00Z|Nhóm: gửi ví mới|"
        "/data/data/com.google.android.apps.messaging/cache/rcs/wallet_qr.jpg|2|Team Crypto|0|messages:3|db|" ME,
        "out|" ME "|+84901234567,+8613800138000|2023-11-14T22:33:00Z|收到|-|2|Team Crypto|0|messages:4|db|" ME,
    };
    expect(&r, want, N(want), "bugle");
    CHECK(st.messages == 4 && st.messages_only_in_wal == 0);
    expect_details(&r, 0, FR("\"raw_protocol\":3", "\"raw_status\":100", "\"received_utc\":\"2023-11-14T22:30:00.500Z\""));
    expect_details(&r, 2, FR("\"group\":true", "\"participants\":[\"+84901234567\",\"+8613800138000\"]",
                             "\"attachment_bytes\":48213", "\"read\":false"));
    expect_details(&r, 3, FR("\"protocol\":\"sms\""));
    rec_free(&r);
}

static void test_imessage(void)
{
    rec r;
    dft_chat_stats st;
    bool wal = false;
    run("dump/filesystem1/private/var/mobile/Library/SMS/sms.db", "/private/var/mobile/Library/SMS/sms.db",
        "imessage-ios", &r, &st, &wal);
    static const char *const want[] = {
        "in|+66898765432|" ME "|2023-11-18T11:33:20Z|Hello from iMessage|-|iMessage;-;+66898765432|-|0|message:1|db|" ME,
        "out|" ME "|+66898765432|2023-11-18T11:35:00.250Z|ข้อความยาวมาก: โอน USDT 5,000 ไปที่กระเป๋า TXYZ1234abcd "
        "แล้วส่งสลิปกลับมาให้หัวหน้าทีมตรวจสอบก่อนเที่ยงคืน ห้ามบอกใคร|-|iMessage;-;+66898765432|-|0|message:2|db|" ME,
        "in|an.nguyen@icloud.com|" ME "|2023-03-08T20:26:40Z|Anh ơi, chuyển khoản xong chưa?|-|iMessage;+;chat482910|"
        "Nhóm đầu tư 投资群|0|message:3|db|" ME,
        "out|" ME "|an.nguyen@icloud.com,+8613800138000|2023-11-18T11:36:40Z|已收到 👍\xef\xbf\xbc|"
        "/private/var/mobile/Library/SMS/Attachments/ab/11/AT-0001/IMG_0001.jpeg|iMessage;+;chat482910|"
        "Nhóm đầu tư 投资群|0|message:4|db|" ME,
        "in|+8613800138000|" ME "|2023-11-18T11:38:20Z|Your code is 123456|-|SMS;-;+8613800138000|-|0|message:5|db|" ME,
        "in|+66898765432|" ME "|2023-11-18T11:40:00Z|WAL-only iMessage|-|iMessage;-;+66898765432|-|0|message:6|wal|" ME,
        ("-|-|-|-|-|-|-|-|1|deleted_messages:1|db|" ME),
    };
    expect(&r, want, N(want), "imessage");
    CHECK(wal);
    CHECK(st.messages == 7 && st.messages_only_in_wal == 1 && st.skipped == 0 && r.warnings == 0);
    expect_details(&r, 0, FR("\"service\":\"iMessage\"", "\"raw_time\":722000000000000000", "\"read_utc\":\"2023-11-18T11:33:50Z\"",
                             "\"delivered_utc\":\"2023-11-18T11:33:21Z\"", "\"body_source\":\"text\""));
    expect_details(&r, 1, FR("\"body_source\":\"attributedBody\"", "\"reply_to\":\"GUID-0001\""));
    expect_details(&r, 2, FR("\"raw_time\":700000000", "\"group\":true",
                             "\"participants\":[\"an.nguyen@icloud.com\",\"+8613800138000\"]"));
    expect_details(&r, 3, FR("\"attachment_raw\":\"~/Library/SMS/Attachments/ab/11/AT-0001/IMG_0001.jpeg\"",
                             "\"attachment_name\":\"IMG_0001.jpeg\"", "\"attachment_bytes\":1234"));
    expect_details(&r, 4, FR("\"service\":\"SMS\""));
    expect_details(&r, 6, FR("\"tombstone\":true", "\"guid\":\"GUID-DELETED-0001\""));
    rec_free(&r);

    /* the same database as an iTunes backup names it: attachments live in MediaDomain */
    run("dump/filesystem1/private/var/mobile/Library/SMS/sms.db", "HomeDomain/Library/SMS/sms.db", "imessage-ios", &r, &st,
        NULL);
    CHECK(r.n == 7 && strstr(r.lines[3], "|MediaDomain/Library/SMS/Attachments/ab/11/AT-0001/IMG_0001.jpeg|") != NULL);
    rec_free(&r);
}

static void test_contacts(void)
{
    rec r;
    dft_chat_stats st;
    run("dump/Dump/data/data/com.android.providers.contacts/databases/contacts2.db",
        "/data/data/com.android.providers.contacts/databases/contacts2.db", "contacts2-android", &r, &st, NULL);
    static const char *const want[] = {
        "Somchai Jaidee|+66898765432|somchai@example.co.th|raw_contacts:1|db",
        "Nguyễn Văn An|+84901234567|-|raw_contacts:2|db",
        "王伟|+8613800138000|-|raw_contacts:3|db",
    };
    expect(&r, want, N(want), "contacts2");
    CHECK(st.contacts == 3 && st.calls == 0);
    expect_details(&r, 0, FR("\"account_name\":\"worker01@gmail.com\"", "\"account_type\":\"com.google\"",
                             "\"starred\":true", "\"times_contacted\":7", "\"last_contacted_utc\":\"2023-11-14T22:46:40Z\"",
                             "{\"number\":\"089-876-5432\",\"e164\":\"+66898765432\",\"type\":\"mobile\"}"));
    expect_details(&r, 1, FR("{\"number\":\"02 123 4567\",\"e164\":\"+6621234567\",\"type\":\"Office BKK\"}"));
    expect_details(&r, 2, FR("\"deleted\":true"));
    rec_free(&r);

    run("extra/contacts2_calls.db", "/data/data/com.android.providers.contacts/databases/contacts2.db",
        "contacts2-android", &r, &st, NULL);
    CHECK(st.contacts == 3 && st.calls == 2 && r.n == 5);
    CHECK(strcmp(st.variant, "android-contacts2+calls") == 0);
    CHECK(r.n == 5 && strcmp(r.lines[3], "in|+66898765432|Somchai Jaidee|answered|voice|2023-11-14T22:46:40Z|125|calls:1|db") == 0);
    rec_free(&r);
}

static void test_calllog(void)
{
    rec r;
    dft_chat_stats st;
    bool wal = false;
    run("dump/Dump/data/data/com.android.providers.contacts/databases/calllog.db",
        "/data/data/com.android.providers.contacts/databases/calllog.db", "calllog-android", &r, &st, &wal);
    static const char *const want[] = {
        "in|+66898765432|Somchai Jaidee|answered|voice|2023-11-14T22:46:40Z|125|calls:1|db",
        "out|+84901234567|Nguyễn Văn An|-|video|2023-11-14T22:48:20Z|0|calls:2|db",
        "in|+6621234567|-|missed|voice|2023-11-14T22:50:00Z|0|calls:3|db",
        "in|-|-|rejected|voice|2023-11-14T22:51:40Z|0|calls:4|db",
        "in|+8613800138000|-|rejected|voice|2023-11-14T22:53:20Z|0|calls:5|wal",
    };
    expect(&r, want, N(want), "calllog");
    CHECK(wal && st.calls == 5 && st.calls_only_in_wal == 1);
    expect_details(&r, 1, FR("\"type\":\"outgoing\"", "\"features\":1"));
    expect_details(&r, 3, FR("\"presentation\":2", "\"type\":\"rejected\""));
    expect_details(&r, 4, FR("\"type\":\"blocked\""));
    rec_free(&r);

    run("dump/filesystem1/private/var/mobile/Library/CallHistoryDB/CallHistory.storedata",
        "/private/var/mobile/Library/CallHistoryDB/CallHistory.storedata", "callhistory-ios", &r, &st, NULL);
    static const char *const want_ios[] = {
        "in|+66898765432|Somchai|answered|voice|2023-11-18T11:41:40.500Z|61|ZCALLRECORD:1|db",
        "out|an.nguyen@icloud.com|-|answered|video|2023-11-18T11:43:20Z|300|ZCALLRECORD:2|db",
        "in|+84901234567|Nguyễn Văn An|missed|voice|2023-11-18T11:45:00Z|0|ZCALLRECORD:3|db",
        "out|+8613800138000|-|-|voice|2023-11-18T11:46:40Z|0|ZCALLRECORD:4|db",
    };
    expect(&r, want_ios, N(want_ios), "callhistory");
    expect_details(&r, 0, FR("\"call_type\":\"phone\"", "\"provider\":\"com.apple.Telephony\"", "\"address\":\"0898765432\""));
    expect_details(&r, 1, FR("\"call_type\":\"facetime_video\"", "\"app\":\"facetime\""));
    expect_details(&r, 2, FR("\"call_type\":\"third_party\"", "\"provider\":\"net.whatsapp.WhatsApp\""));
    expect_details(&r, 3, FR("\"call_type\":\"facetime_audio\"", "\"app\":\"facetime\""));
    rec_free(&r);
}

static void test_addressbook(void)
{
    rec r;
    dft_chat_stats st;
    run("dump/filesystem1/private/var/mobile/Library/AddressBook/AddressBook.sqlitedb",
        "/private/var/mobile/Library/AddressBook/AddressBook.sqlitedb", "addressbook-ios", &r, &st, NULL);
    static const char *const want[] = {
        "Somchai Jaidee|+66898765432|somchai@example.co.th|ABPerson:1|db",
        "Minh Văn Trần|+66912345678|-|ABPerson:2|db",
        "USDT OTC Desk|+85291234567|-|ABPerson:3|db",
    };
    expect(&r, want, N(want), "addressbook");
    expect_details(&r, 0, FR("\"label\":\"Mobile\"", "\"nickname\":\"Chai\"", "\"created_utc\":\"2022-11-13T02:40:00Z\""));
    expect_details(&r, 1, FR("\"label\":\"Boss line\""));
    expect_details(&r, 2, FR("\"organization\":\"USDT OTC Desk\""));
    rec_free(&r);
}

static char *slurp(const char *rel, size_t *n)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", fixdir, rel);
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *b = malloc(4096);
    *n = b ? fread(b, 1, 4096, f) : 0;
    fclose(f);
    return b;
}

static void test_typedstream(void)
{
    char *t = NULL;
    size_t n = 0, len = 0;
    /* the format's textbook example, byte for byte: "Hello world!" with one attribute run */
    static const uint8_t hello[] =
        "\x04\x0bstreamtyped\x81\xe8\x03\x84\x01\x40\x84\x84\x84\x12NSAttributedString\x00\x84\x84\x08NSObject\x00"
        "\x85\x92\x84\x84\x84\x08NSString\x01\x94\x84\x01\x2b\x0cHello world!\x86\x84\x02iI\x01\x0c\x92\x84\x84\x84"
        "\x0cNSDictionary\x00\x94\x84\x01i\x01\x92\x84\x96\x96\x1d__kIMMessagePartAttributeName\x86\x92\x84\x84\x84"
        "\x08NSNumber\x00\x84\x84\x07NSValue\x00\x94\x84\x01*\x84\x99\x99\x00\x86\x86\x86";
    CHECK(dft_typedstream_text(hello, sizeof hello - 1, &t, &n) == DFT_OK && n == 12 && strcmp(t, "Hello world!") == 0);
    free(t);
    /* the python builder writes the same bytes */
    char *b = slurp("typedstream/hello.bin", &len);
    CHECK(b && len == sizeof hello - 1 && memcmp(b, hello, len) == 0);
    free(b);
    /* > 127 bytes: 0x81 + u16 length (a one-byte reader would truncate) */
    b = slurp("typedstream/long_th.bin", &len);
    CHECK(b && dft_typedstream_text((uint8_t *)b, len, &t, &n) == DFT_OK && n == 293 &&
          strncmp(t, "ข้อความยาวมาก", strlen("ข้อความยาวมาก")) == 0 && strcmp(t + n - strlen("ห้ามบอกใคร"), "ห้ามบอกใคร") == 0);
    free(t);
    t = NULL;
    /* every truncation is refused cleanly, never read past the end */
    for (size_t cut = 0; b && cut < 200; cut++) {
        int rc = dft_typedstream_text((uint8_t *)b, cut, &t, &n);
        CHECK(rc == DFT_ECORRUPT && t == NULL);
    }
    /* a length larger than the input */
    if (b && len > 100) {
        uint8_t *bad = malloc(len);
        memcpy(bad, b, len);
        const uint8_t *plus = memmem(bad, len, "\x84\x01+\x81", 4);
        CHECK(plus != NULL);
        if (plus) {
            bad[plus - bad + 4] = 0xff;
            bad[plus - bad + 5] = 0xff;
            CHECK(dft_typedstream_text(bad, len, &t, &n) == DFT_ECORRUPT && t == NULL);
            CHECK(strstr(dft_error_last(), "overruns") != NULL);
            /* 0x82 + u32 of a huge value */
            memcpy(bad, b, len);
            bad[plus - bad + 3] = 0x82;
            CHECK(dft_typedstream_text(bad, len, &t, &n) == DFT_ECORRUPT && t == NULL);
            /* invalid UTF-8 inside the text */
            memcpy(bad, b, len);
            bad[plus - bad + 6] = 0xc0;
            CHECK(dft_typedstream_text(bad, len, &t, &n) == DFT_ECORRUPT && t == NULL);
        }
        free(bad);
    }
    free(b);
    /* 0x82 + u32: a text over 65535 bytes */
    {
        static const uint8_t head[] = "\x04\x0bstreamtyped\x81\xe8\x03\x84\x01@\x84\x84\x84\x08NSString\x01\x84\x84"
                                      "\x08NSObject\x00\x85\x84\x01+\x82\x70\x11\x01\x00";
        size_t hl = sizeof head - 1, tl = 0x011170;
        uint8_t *big = malloc(hl + tl + 1);
        memcpy(big, head, hl);
        memset(big + hl, 'x', tl);
        big[hl + tl] = 0x86;
        CHECK(dft_typedstream_text(big, hl + tl + 1, &t, &n) == DFT_OK && n == tl && t[0] == 'x' && t[n - 1] == 'x');
        free(t);
        t = NULL;
        CHECK(dft_typedstream_text(big, hl + tl - 1, &t, &n) == DFT_ECORRUPT && t == NULL);
        free(big);
    }
    /* not a typedstream; a reference to an unknown string; a class that is not a string */
    CHECK(dft_typedstream_text((const uint8_t *)"bplist00", 8, &t, &n) == DFT_ECORRUPT);
    static const uint8_t badref[] = "\x04\x0bstreamtyped\x81\xe8\x03\x99";
    CHECK(dft_typedstream_text(badref, sizeof badref - 1, &t, &n) == DFT_ECORRUPT);
    static const uint8_t notstr[] = "\x04\x0bstreamtyped\x81\xe8\x03\x84\x01@\x84\x84\x84\x08NSNumber\x00\x85\x84\x01+\x01x";
    CHECK(dft_typedstream_text(notstr, sizeof notstr - 1, &t, &n) == DFT_ECORRUPT);
    /* a superclass chain that never ends is bounded */
    uint8_t deep[2048];
    size_t k = 0;
    memcpy(deep, "\x04\x0bstreamtyped\x81\xe8\x03\x84\x01@\x84", 19);
    k = 19;
    while (k + 8 < sizeof deep) {
        memcpy(deep + k, "\x84\x84\x03" "Abc" "\x00", 7);
        k += 7;
    }
    CHECK(dft_typedstream_text(deep, k, &t, &n) == DFT_ECORRUPT);
}

static int count_row(void *p, const dft_chat_msg *m)
{
    (void)m;
    ++*(long long *)p;
    return DFT_OK;
}

/* An sms.db without the message_attachment_join and chat_handle_join indexes (a carved, rebuilt or
 * hostile copy): attachments and chat members must be read in one ordered pass each, not by a full
 * scan of the join table per message / chat
 * (40,000 x 40,000 rows), which overruns a 5 s SQLite budget and loses every message. */
extern const dft_chat_parser dft_chat_parser_imessage;

static int count_att(void *p, const dft_chat_msg *m)
{
    long long *n = p;
    n[0]++;
    if (m->attachment) n[1]++;
    if (m->source && strcmp(m->source, "message:40000") == 0 && m->attachment &&
        strcmp(m->attachment, "/private/var/mobile/Library/SMS/Attachments/40000.jpg") == 0)
        n[2]++;
    return DFT_OK;
}

static void test_imessage_noindex(void)
{
    char dir[1100], cmd[8000];
    snprintf(dir, sizeof dir, "%s/noindex", fixdir);
    snprintf(cmd, sizeof cmd,
             "mkdir -p '%s' && rm -f '%s/sms.db' && python3 -c \"import sqlite3,sys\n"
             "c=sqlite3.connect(sys.argv[1])\n"
             "c.executescript('CREATE TABLE message (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT, text TEXT, "
             "handle_id INTEGER, date INTEGER, is_from_me INTEGER); CREATE TABLE handle (ROWID INTEGER PRIMARY KEY, id TEXT); "
             "CREATE TABLE chat (ROWID INTEGER PRIMARY KEY, guid TEXT); CREATE TABLE chat_message_join (chat_id INTEGER, "
             "message_id INTEGER); CREATE TABLE attachment (ROWID INTEGER PRIMARY KEY, filename TEXT, mime_type TEXT, "
             "transfer_name TEXT, total_bytes INTEGER); CREATE TABLE message_attachment_join (message_id INTEGER, "
             "attachment_id INTEGER);')\n"
             "N=40000\n"
             "c.executemany('INSERT INTO message VALUES (?,?,?,1,?,0)', [(i,'g%%d'%%i,'m%%d'%%i,700000000000000000+i) for i in range(1,N+1)])\n"
             "c.executemany('INSERT INTO attachment VALUES (?,?,?,?,10)', [(i,'~/Library/SMS/Attachments/%%d.jpg'%%i,'image/jpeg','%%d.jpg'%%i) for i in range(1,N+1)])\n"
             "c.executemany('INSERT INTO message_attachment_join VALUES (?,?)', [(i,i) for i in range(N,0,-1)])\n"
             "c.execute('INSERT INTO handle VALUES (1,?)', ('+66812345679',))\n"
             "c.execute('ALTER TABLE chat ADD COLUMN chat_identifier TEXT')\n"
             "c.execute('CREATE TABLE chat_handle_join (chat_id INTEGER, handle_id INTEGER)')\n"
             "c.executemany('INSERT INTO chat VALUES (?,?,?)', [(i,'c%%d'%%i,'c%%d'%%i) for i in range(1,N+1)])\n"
             "c.executemany('INSERT INTO chat_handle_join VALUES (?,1)', [(i,) for i in range(N,0,-1)])\n"
             "c.commit()\" '%s/sms.db'",
             dir, dir, dir);
    CHECK(system(cmd) == 0);
    char path[1200];
    snprintf(path, sizeof path, "%s/sms.db", dir);
    dft_chatdb_opts o = { .path = path, .time_budget_ms = 5000 };
    dft_chatdb *db = NULL;
    CHECK(dft_chatdb_open(&db, &o) == DFT_OK);
    if (!db) return;
    dft_chat_ctx ctx = { .device_path = "/private/var/mobile/Library/SMS/sms.db", .region = "TH" };
    long long n[3] = { 0, 0, 0 };
    dft_chat_sink sink = { .payload = n, .message = count_att };
    dft_chat_stats st = { 0 };
    int rc = dft_chat_parser_imessage.parse(db, &ctx, &sink, &st);
    if (rc) fprintf(stderr, "noindex: %s\n", dft_error_last());
    CHECK(rc == DFT_OK && n[0] == 40000 && n[1] == 40000 && n[2] == 1);
    dft_chatdb_close(db);
}

/* An mmssms.db whose canonical_addresses._id is not the rowid (no index): the recipients of 40,000
 * threads must be resolved from one read of the table, not a full scan per id (40,000 x 40,000 rows
 * overran a 5 s budget, and the dead handle then lost every SMS). */
extern const dft_chat_parser dft_chat_parser_sms_android;

static int count_sms(void *p, const dft_chat_msg *m)
{
    long long *n = p;
    n[0]++;
    if (m->source && strcmp(m->source, "sms:40000") == 0 && m->recipient && strcmp(m->recipient, "+66800040000") == 0)
        n[1]++;
    return DFT_OK;
}

static void test_sms_noindex(void)
{
    char dir[1100], cmd[8000];
    snprintf(dir, sizeof dir, "%s/noindex", fixdir);
    snprintf(cmd, sizeof cmd,
             "mkdir -p '%s' && rm -f '%s/mmssms.db' && python3 -c \"import sqlite3,sys\n"
             "c=sqlite3.connect(sys.argv[1])\n"
             "c.executescript('CREATE TABLE sms (_id INTEGER PRIMARY KEY, thread_id INTEGER, address TEXT, date INTEGER, "
             "type INTEGER, body TEXT); CREATE TABLE threads (_id INTEGER PRIMARY KEY, recipient_ids TEXT); "
             "CREATE TABLE canonical_addresses (_id TEXT, address TEXT);')\n"
             "N=40000\n"
             "c.executemany('INSERT INTO canonical_addresses VALUES (?,?)', [(str(i),'+668%%08d'%%i) for i in range(1,N+1)])\n"
             "c.executemany('INSERT INTO threads VALUES (?,?)', [(i,str(i)) for i in range(1,N+1)])\n"
             "c.executemany('INSERT INTO sms VALUES (?,?,?,?,2,?)', [(i,i,'+668%%08d'%%i,1700000000000+i,'b') for i in range(1,N+1)])\n"
             "c.commit()\" '%s/mmssms.db'",
             dir, dir, dir);
    CHECK(system(cmd) == 0);
    char path[1200];
    snprintf(path, sizeof path, "%s/mmssms.db", dir);
    dft_chatdb_opts o = { .path = path, .time_budget_ms = 5000 };
    dft_chatdb *db = NULL;
    CHECK(dft_chatdb_open(&db, &o) == DFT_OK);
    if (!db) return;
    dft_chat_ctx ctx = { .device_path = "/data/data/com.android.providers.telephony/databases/mmssms.db", .region = "TH" };
    long long n[2] = { 0, 0 };
    dft_chat_sink sink = { .payload = n, .message = count_sms };
    dft_chat_stats st = { 0 };
    int rc = dft_chat_parser_sms_android.parse(db, &ctx, &sink, &st);
    if (rc) fprintf(stderr, "sms noindex: %s\n", dft_error_last());
    CHECK(rc == DFT_OK && n[0] == 40000 && n[1] == 1);
    dft_chatdb_close(db);
}

/* A bugle_db whose conversation_participants has no index: 40,000 conversations' members must come
 * from one ordered pass, not a full scan per conversation (over a 5 s SQLite budget before). */
extern const dft_chat_parser dft_chat_parser_bugle;

static void test_bugle_noindex(void)
{
    char dir[1100], cmd[8000];
    snprintf(dir, sizeof dir, "%s/noindex", fixdir);
    snprintf(cmd, sizeof cmd,
             "mkdir -p '%s' && rm -f '%s/bugle_db' && python3 -c \"import sqlite3,sys\n"
             "c=sqlite3.connect(sys.argv[1])\n"
             "c.executescript('CREATE TABLE conversations (_id INTEGER PRIMARY KEY, name TEXT); CREATE TABLE messages "
             "(_id INTEGER PRIMARY KEY, conversation_id INT, sender_id INT, received_timestamp INT); CREATE TABLE parts "
             "(_id INTEGER PRIMARY KEY, message_id INT, text TEXT, timestamp INT); CREATE TABLE participants "
             "(_id INTEGER PRIMARY KEY, sub_id INT, normalized_destination TEXT); CREATE TABLE conversation_participants "
             "(conversation_id INT, participant_id INT);')\n"
             "N=40000\n"
             "c.execute('INSERT INTO participants VALUES (1,-2,?)', ('+66812345679',))\n"
             "c.executemany('INSERT INTO conversations VALUES (?,?)', [(i,'c%%d'%%i) for i in range(1,N+1)])\n"
             "c.executemany('INSERT INTO conversation_participants VALUES (?,1)', [(i,) for i in range(N,0,-1)])\n"
             "c.execute('INSERT INTO messages VALUES (1,40000,1,1700000000000)')\n"
             "c.execute('INSERT INTO parts VALUES (1,1,?,1700000000000)', ('hi',))\n"
             "c.commit()\" '%s/bugle_db'",
             dir, dir, dir);
    CHECK(system(cmd) == 0);
    char path[1200];
    snprintf(path, sizeof path, "%s/bugle_db", dir);
    dft_chatdb_opts o = { .path = path, .time_budget_ms = 5000 };
    dft_chatdb *db = NULL;
    CHECK(dft_chatdb_open(&db, &o) == DFT_OK);
    if (!db) return;
    dft_chat_ctx ctx = { .device_path = "/data/data/com.google.android.apps.messaging/databases/bugle_db", .region = "TH" };
    rec r;
    memset(&r, 0, sizeof r);
    dft_chat_sink sink = { .payload = &r, .message = on_msg, .warning = on_warning };
    dft_chat_stats st = { 0 };
    int rc = dft_chat_parser_bugle.parse(db, &ctx, &sink, &st);
    if (rc) fprintf(stderr, "bugle noindex: %s\n", dft_error_last());
    CHECK(rc == DFT_OK && r.n == 1);
    if (r.n == 1) fprintf(stderr, "  %s\n", r.lines[0]);
    CHECK(r.n == 1 && strncmp(r.lines[0], "in|+66812345679|", 16) == 0);
    rec_free(&r);
    dft_chatdb_close(db);
}

/* dft_chatsys_list (participants of an MMS / a chat): distinct values in first-seen order, and
 * 200,000 adds in linear time (a scan per add took minutes on a hostile MMS with that many parties). */
static void test_list_bounded(void)
{
    dft_chatsys_list *l = dft_chatsys_list_new();
    CHECK(l != NULL);
    if (!l) return;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    char v[32];
    for (int i = 0; i < 200000; i++) {
        snprintf(v, sizeof v, "+6681%07d", i);
        dft_chatsys_list_add(l, v);
        dft_chatsys_list_add(l, v);
    }
    dft_chatsys_list_add(l, "+66810000000");
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    CHECK(dft_chatsys_list_len(l) == 200000);
    CHECK(secs < 10.0);
    dft_chatsys_list_free(l);
    l = dft_chatsys_list_new();
    dft_chatsys_list_add(l, "b");
    dft_chatsys_list_add(l, "a");
    dft_chatsys_list_add(l, "b");
    dft_chatsys_list_add(l, "\xff");   /* not UTF-8: left out */
    char *d = dft_chatsys_list_dump(l);
    CHECK(d && strcmp(d, "[\"b\",\"a\"]") == 0);
    free(d);
    dft_chatsys_list_free(l);
}

/* --bench DB DEVICE_PATH: dispatch + parse with a counting sink (no case store), rows per second;
 * the databases of make_bench.py. Not part of the ctest run. */
static int bench(const char *path, const char *device_path)
{
    char wal[1100];
    snprintf(wal, sizeof wal, "%s-wal", path);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    dft_chatdb_opts o = { .path = path, .wal_path = access(wal, R_OK) == 0 ? wal : NULL };
    dft_chatdb *db = NULL;
    if (dft_chatdb_open(&db, &o) != DFT_OK) return fprintf(stderr, "%s\n", dft_error_last()), 1;
    dft_chat_ctx ctx = { .device_path = device_path, .region = "TH", .account_hint = "0812345678" };
    const dft_chat_parser *best = NULL;
    int best_score = 0;
    for (size_t i = 0; i < dft_chat_parser_count; i++) {
        int sc = dft_chat_parsers[i]->detect(db, &ctx);
        if (sc > best_score) best_score = sc, best = dft_chat_parsers[i];
    }
    long long rows = 0;
    dft_chat_sink sink = { .payload = &rows, .message = count_row };
    dft_chat_stats st = { 0 };
    int rc = best ? best->parse(db, &ctx, &sink, &st) : -1;
    dft_chatdb_close(db);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("%s: rc %d, %lld messages in %.2f s (open + parse): %.0f messages/s\n", best ? best->name : "none", rc, rows, s,
           rows / s);
    return rc != 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "--bench") == 0) return bench(argv[2], argv[3]);
    if (argc < 2) {
        fprintf(stderr, "usage: %s FIXTURE_DIR | --bench DB DEVICE_PATH\n", argv[0]);
        return 2;
    }
    fixdir = argv[1];
    RUN(test_typedstream);
    RUN(test_mmssms);
    RUN(test_bugle);
    RUN(test_imessage);
    RUN(test_imessage_noindex);
    RUN(test_list_bounded);
    RUN(test_sms_noindex);
    RUN(test_bugle_noindex);
    RUN(test_contacts);
    RUN(test_calllog);
    RUN(test_addressbook);
    return check_failures ? 1 : 0;
}
