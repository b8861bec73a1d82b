/*
 * test_chat_export.c - the WhatsApp .txt and Telegram Desktop result.json parsers on the exports
 * mk_exports.py writes: exact bodies (multi-line, unicode), UTC times from local times in a given
 * zone, inferred date orders (d/m, m/d, dd.mm.yy), 12-hour clocks with U+202F, iOS marks and CRLF,
 * attachments, omitted media, system lines, directions from self_name / personal_information;
 * hostile inputs (no header, truncated JSON, deep nesting, a huge line) end cleanly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chat_export_telegram.h"
#include "chat_export_whatsapp.h"
#include "check.h"
#include "error.h"
#include "rec.h"

static char dir[] = "/tmp/dft-export-XXXXXX";
static rec R;

static int parse(const char *rel, bool wa, dft_export_opts *o, dft_export_info *info)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/exports/%s", dir, rel);
    FILE *f = fopen(p, "rb");
    CHECK(f != NULL);
    if (!f) return DFT_EIO;
    dft_chat_sink sink = { .payload = &R, .message = rec_message, .warning = rec_warning };
    memset(info, 0, sizeof *info);
    int rc = wa ? dft_wa_export_parse(f, o, &sink, info) : dft_tg_export_parse(f, o, &sink, info);
    fclose(f);
    return rc;
}

static const rec_msg *src(const char *s)
{
    for (size_t i = 0; i < R.nm; i++)
        if (eq(R.m[i].source, s)) return &R.m[i];
    return NULL;
}

static void test_tz(void)
{
    int32_t off;
    CHECK(dft_export_tz_parse("+07:00", &off) == DFT_OK && off == 25200);
    CHECK(dft_export_tz_parse("UTC-0530", &off) == DFT_OK && off == -19800);
    CHECK(dft_export_tz_parse("+7", &off) == DFT_OK && off == 25200);
    CHECK(dft_export_tz_parse("UTC", &off) == DFT_OK && off == 0);
    CHECK(dft_export_tz_parse("Asia/Bangkok", &off) == DFT_ECORRUPT);
    CHECK(dft_export_tz_parse("+25:00", &off) == DFT_ECORRUPT);
    char t[DFT_TIME_LEN];
    CHECK(dft_export_local_to_utc(2024, 2, 29, 0, 30, 0, 3600, t) && strcmp(t, "2024-02-28T23:30:00Z") == 0);
    CHECK(!dft_export_local_to_utc(2023, 2, 29, 0, 0, 0, 0, t));
}

static void test_android_gb(void)
{
    dft_export_opts o = { .tz_offset_s = 25200, .tz_name = "+07:00", .self_name = "Somchai", .thread_hint = "Boss An" };
    dft_export_info info;
    CHECK(parse("WhatsApp Chat with Boss An.txt", true, &o, &info) == DFT_OK);
    CHECK(strcmp(info.format, "whatsapp-android") == 0 && strcmp(info.date_order, "dmy") == 0 &&
          strcmp(info.date_order_source, "inferred") == 0 && strcmp(info.clock, "24h") == 0);
    CHECK(info.messages == 7 && info.system == 2 && info.media_omitted == 1 && info.attachments == 1);
    CHECK(info.participants.n == 2 && eq(info.participants.name[0], "Boss An") &&
          eq(info.participants.name[1], "Somchai"));
    CHECK(R.nm == 7);
    const rec_msg *m = src("line:1");
    CHECK(m && m->sender == NULL && m->direction == NULL && has(m->details, "\"type\":\"system\"") &&
          eq(m->sent, "2023-11-14T15:13:00Z"));
    m = src("line:2");
    CHECK(m && eq(m->sender, "Boss An") && eq(m->recipient, "Somchai") && eq(m->direction, "in") &&
          eq(m->body, "Xin chào, bạn khỏe không?") && eq(m->sent, "2023-11-14T15:13:00Z") &&
          has(m->details, "\"local_time\":\"2023-11-14T22:13:00\"") && eq(m->thread, "Boss An") &&
          eq(m->account, "Somchai"));
    m = src("line:3");
    CHECK(m && eq(m->direction, "out") && eq(m->recipient, "Boss An") &&
          eq(m->body, "สบายดีครับ\nsecond line of the message\nthird line: with a colon"));
    m = src("line:6");
    CHECK(m && m->body == NULL && has(m->details, "\"type\":\"media_omitted\""));
    m = src("line:7");
    CHECK(m && eq(m->attachment, "IMG-20231115-WA0001.jpg") && eq(m->body, "receipt 转账 5000 USDT") &&
          has(m->details, "\"type\":\"attachment\""));
    m = src("line:9");
    CHECK(m && has(m->details, "\"deleted_notice\":true"));
    m = src("line:10");
    CHECK(m && m->sender == NULL && eq(m->body, "Boss An changed the subject to \"Team\""));
    dft_export_info_free(&info);
    rec_free(&R);
}

static void test_android_us_group(void)
{
    dft_export_opts o = { .tz_name = "UTC", .self_name = "Somchai", .thread_hint = "Team" };
    dft_export_info info;
    CHECK(parse("WhatsApp Chat with Team.txt", true, &o, &info) == DFT_OK);
    CHECK(strcmp(info.date_order, "mdy") == 0 && strcmp(info.clock, "12h") == 0 && info.participants.n == 3);
    CHECK(R.nm == 4);
    CHECK(eq(R.m[0].sent, "2023-11-14T22:13:00Z") && eq(R.m[0].recipient, "Team") && eq(R.m[0].direction, "in"));
    CHECK(eq(R.m[1].body, "好的") && eq(R.m[1].sender, "Li Wei"));
    CHECK(eq(R.m[2].sent, "2023-11-15T00:05:00Z") && eq(R.m[2].direction, "out") && eq(R.m[2].recipient, "Team"));
    CHECK(eq(R.m[3].sent, "2023-11-15T12:30:00Z") && has(R.m[3].details, "\"chat_type\":\"group\""));
    dft_export_info_free(&info);
    rec_free(&R);

    /* de: dd.mm.yy; no self_name: no direction, no recipient */
    dft_export_opts de = { .tz_name = "UTC", .thread_hint = "Max" };
    CHECK(parse("WhatsApp Chat mit Max.txt", true, &de, &info) == DFT_OK);
    CHECK(strcmp(info.date_order, "dmy") == 0 && R.nm == 2 && eq(R.m[0].sent, "2023-11-14T22:13:00Z") &&
          eq(R.m[0].body, "Hallo zusammen") && R.m[0].direction == NULL && R.m[0].recipient == NULL);
    dft_export_info_free(&info);
    rec_free(&R);
}

static void test_ios(void)
{
    dft_export_opts o = { .tz_name = "UTC", .self_name = "Somchai", .thread_hint = "Mali" };
    dft_export_info info;
    CHECK(parse("WhatsApp Chat - Mali/_chat.txt", true, &o, &info) == DFT_OK);
    CHECK(strcmp(info.format, "whatsapp-ios") == 0 && info.messages == 5 && info.attachments == 1 &&
          info.media_omitted == 1);
    CHECK(R.nm == 5);
    CHECK(eq(R.m[0].body, "Messages and calls are end-to-end encrypted.") && eq(R.m[0].sent, "2023-11-14T22:13:20Z") &&
          eq(R.m[0].sender, "Mali"));
    CHECK(eq(R.m[2].attachment, "00000012-PHOTO-2023-11-14-22-14-00.jpg") && R.m[2].body == NULL &&
          eq(R.m[2].direction, "out"));
    CHECK(R.m[3].body == NULL && has(R.m[3].details, "media_omitted"));
    CHECK(eq(R.m[4].body, "line one\nline two") && eq(R.m[4].sent, "2023-11-15T09:00:02Z"));
    dft_export_info_free(&info);
    rec_free(&R);
}

static void test_telegram_single(void)
{
    dft_export_opts o = { .tz_name = "UTC" };
    dft_export_info info;
    CHECK(parse("ChatExport_2023-11-15/result.json", false, &o, &info) == DFT_OK);
    CHECK(strcmp(info.format, "telegram-desktop-chat") == 0 && info.messages == 5 && info.system == 1 &&
          info.chats == 1 && info.attachments == 1 && info.account == NULL);
    CHECK(R.nm == 5);
    const rec_msg *m = src("chat:6000002:message:1");
    CHECK(m && eq(m->body, "Xin chào 👋") && eq(m->sender, "tg:6000002") && m->direction == NULL &&
          m->recipient == NULL && eq(m->sent, "2023-11-14T22:13:20Z") && eq(m->title, "Boss An") &&
          eq(m->thread, "6000002") && eq(m->sender_name, "Boss An"));
    m = src("chat:6000002:message:2");
    CHECK(m && eq(m->body, "see https://t.me/x สบายดี") && has(m->details, "\"reply_to\":1"));
    m = src("chat:6000002:message:3");
    CHECK(m && m->body == NULL && eq(m->attachment, "photos/photo_1@15-11-2023_05-15-20.jpg") &&
          has(m->details, "\"forwarded_from\":\"Li Wei\""));
    m = src("chat:6000002:message:4");
    CHECK(m && m->body == NULL && has(m->details, "\"action\":\"phone_call\"") && has(m->details, "\"type\":\"service\""));
    m = src("chat:6000002:message:5");
    CHECK(m && eq(m->sent, "2023-11-15T05:17:20Z") && has(m->details, "\"time_zone\":\"UTC\"") &&
          has(m->details, "\"edited\":\"2023-11-15T05:18:00\""));
    dft_export_info_free(&info);
    rec_free(&R);
}

static void test_telegram_full(void)
{
    dft_export_opts o = { .tz_name = "UTC" };
    dft_export_info info;
    CHECK(parse("DataExport_2023-11-15/result.json", false, &o, &info) == DFT_OK);
    CHECK(strcmp(info.format, "telegram-desktop-full") == 0 && info.messages == 4 && info.chats == 2 &&
          eq(info.account, "+66812345678"));
    CHECK(R.nm == 4);
    const rec_msg *m = src("chat:6000002:message:10");
    CHECK(m && eq(m->direction, "in") && eq(m->sender, "tg:6000002") && eq(m->recipient, "+66812345678") &&
          eq(m->account, "+66812345678"));
    m = src("chat:6000002:message:11");
    CHECK(m && eq(m->direction, "out") && eq(m->recipient, "tg:6000002") && m->attachment == NULL &&
          has(m->details, "\"file_note\":\"(File not included."));
    m = src("chat:1987654321:message:20");
    CHECK(m && eq(m->body, "开会!") && eq(m->title, "ทีมงาน Team") && eq(m->recipient, "tg:1987654321") &&
          eq(m->direction, "in"));
    m = src("chat:1987654321:message:21");
    CHECK(m && eq(m->direction, "out") && has(m->details, "\"action\":\"invite_members\""));
    dft_export_info_free(&info);
    rec_free(&R);
}

/* Hostile inputs through memory streams. */
static int run_mem(const char *data, size_t len, bool wa, dft_export_info *info)
{
    FILE *f = fmemopen((void *)data, len, "r");
    dft_export_opts o = { 0 };
    dft_chat_sink sink = { .payload = &R, .message = rec_message, .warning = rec_warning };
    memset(info, 0, sizeof *info);
    int rc = wa ? dft_wa_export_parse(f, &o, &sink, info) : dft_tg_export_parse(f, &o, &sink, info);
    fclose(f);
    dft_export_info_free(info);
    return rc;
}

/* Locales whose day-half markers are not "AM"/"PM" and Thai two-digit Buddhist years: every line
 * must be a message of its own with the right UTC time (a missed header folds the line into the
 * previous message's body, losing it). */
static int run_wa(const char *data, const char *self)
{
    FILE *f = fmemopen((void *)data, strlen(data), "r");
    dft_export_opts o = { .tz_name = "UTC", .self_name = self };
    dft_chat_sink sink = { .payload = &R, .message = rec_message, .warning = rec_warning };
    dft_export_info info;
    memset(&info, 0, sizeof info);
    int rc = dft_wa_export_parse(f, &o, &sink, &info);
    fclose(f);
    dft_export_info_free(&info);
    return rc;
}

static void test_locales(void)
{
    /* es: "p. m." with a no-break space between the letters (Android es-ES) */
    const char *es = "14/11/23, 10:13\xc2\xa0p.\xc2\xa0m. - Juan: hola\n"
                     "15/11/23, 9:05\xe2\x80\xaf" "a.\xe2\x80\xafm. - Ana: buenos d\xc3\xad" "as\n";
    CHECK(run_wa(es, "Ana") == DFT_OK && R.nm == 2);
    CHECK(R.nm == 2 && eq(R.m[0].sent, "2023-11-14T22:13:00Z") && eq(R.m[0].body, "hola") &&
          eq(R.m[1].sent, "2023-11-15T09:05:00Z") && eq(R.m[1].direction, "out"));
    rec_free(&R);
    /* vi: SA/CH after the time */
    const char *vi = "14/11/2023, 10:13 CH - Lan: ch\xc3\xa0o\n14/11/2023, 12:30 SA - Minh: ok\n";
    CHECK(run_wa(vi, NULL) == DFT_OK && R.nm == 2);
    CHECK(R.nm == 2 && eq(R.m[0].sent, "2023-11-14T22:13:00Z") && eq(R.m[1].sent, "2023-11-14T00:30:00Z"));
    rec_free(&R);
    /* zh-TW: 上午/下午 before the hour */
    const char *zh = "2023/11/14 \xe4\xb8\x8b\xe5\x8d\x88" "10:13 - \xe7\x8e\x8b: \xe5\xa5\xbd\n"
                     "2023/11/15 \xe4\xb8\x8a\xe5\x8d\x88" "9:01 - \xe6\x9d\x8e: ok\n";
    CHECK(run_wa(zh, NULL) == DFT_OK && R.nm == 2);
    CHECK(R.nm == 2 && eq(R.m[0].sent, "2023-11-14T22:13:00Z") && eq(R.m[1].sent, "2023-11-15T09:01:00Z") &&
          eq(R.m[0].body, "\xe5\xa5\xbd"));
    rec_free(&R);
    /* th: Buddhist Era years, four and two digits */
    const char *th = "14/11/2566 22:13 - Somchai: a\n15/11/66 08:00 - Somchai: b\n";
    CHECK(run_wa(th, NULL) == DFT_OK && R.nm == 2);
    CHECK(R.nm == 2 && eq(R.m[0].sent, "2023-11-14T22:13:00Z") && eq(R.m[1].sent, "2023-11-15T08:00:00Z") &&
          has(R.m[1].details, "\"calendar\":\"buddhist\""));
    rec_free(&R);
    /* a plain 2-digit Gregorian year stays 20yy */
    const char *gb = "14/11/23, 22:13 - A: x\n";
    CHECK(run_wa(gb, NULL) == DFT_OK && R.nm == 1 && eq(R.m[0].sent, "2023-11-14T22:13:00Z") &&
          !has(R.m[0].details, "buddhist"));
    rec_free(&R);
}

static void test_hostile(void)
{
    dft_export_info info;
    const char *none = "hello\nworld\n";
    CHECK(run_mem(none, strlen(none), true, &info) == DFT_ECORRUPT);
    const char *badtime = "31/02/2023, 25:99 - A: x\n14/11/2023, 22:13 - A: ok\n";
    CHECK(run_mem(badtime, strlen(badtime), true, &info) == DFT_OK && R.nm == 1);
    rec_free(&R);
    /* a 200 kB line: cut to 64 KiB, counted */
    size_t n = 200000;
    char *big = malloc(n + 32);
    strcpy(big, "14/11/2023, 22:13 - A: ");
    memset(big + strlen(big), 'x', n);
    big[n + 20] = '\n';
    CHECK(run_mem(big, n + 21, true, &info) == DFT_OK && R.nm == 1 && R.m[0].body && strlen(R.m[0].body) < 70000);
    free(big);
    rec_free(&R);
    const char *trunc = "{\"name\":\"x\",\"type\":\"personal_chat\",\"id\":1,\"messages\":[{\"id\":1,\"type\":\"message\","
                        "\"date_unixtime\":\"1700000000\",\"text\":\"a\"},{\"id\":2,";
    CHECK(run_mem(trunc, strlen(trunc), false, &info) == DFT_OK && R.nm == 1 && R.warnings == 1);
    rec_free(&R);
    R.warnings = 0;
    char deep[300];
    memset(deep, '[', sizeof deep);
    deep[0] = '{';
    CHECK(run_mem(deep, sizeof deep, false, &info) == DFT_ECORRUPT);
    CHECK(run_mem("}", 1, false, &info) == DFT_ECORRUPT);
    CHECK(run_mem("{}", 2, false, &info) == DFT_ECORRUPT);
    rec_free(&R);
}

int main(void)
{
    RUN(test_tz);
    CHECK(mkdtemp(dir) != NULL);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "python3 %s/mk_exports.py %s", DFT_EXPORT_DIR, dir);
    CHECK(system(cmd) == 0);
    RUN(test_android_gb);
    RUN(test_android_us_group);
    RUN(test_ios);
    RUN(test_telegram_single);
    RUN(test_telegram_full);
    RUN(test_hostile);
    RUN(test_locales);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) fprintf(stderr, "cannot remove %s\n", dir);
    return check_failures != 0;
}
