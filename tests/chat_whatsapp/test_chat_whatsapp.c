/*
 * test_chat_whatsapp.c - the WhatsApp parsers called directly on the fixtures of make_fixtures.py
 * (argv[1] = its OUTDIR), with a recording sink and a ctx whose siblings are files of the fixture
 * tree: exact rows (parties in E.164 through contact tables and jid_map, directions, UTC times,
 * attachments as absolute device paths, deleted, WAL-only rows), stats, the variant chosen for a
 * database holding both Android schemas, and detection (each database goes to exactly one parser,
 * a foreign one to none; a side table carrying a trigger is not read, the rest is).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chat_whatsapp.h"
#include "check.h"
#include "error.h"

extern const dft_chat_parser dft_chat_parser_whatsapp_android, dft_chat_parser_whatsapp_android_contacts,
    dft_chat_parser_whatsapp_ios, dft_chat_parser_whatsapp_ios_contacts, dft_chat_parser_whatsapp_ios_calls;
static const dft_chat_parser *const parsers[] = {
    &dft_chat_parser_whatsapp_android, &dft_chat_parser_whatsapp_android_contacts, &dft_chat_parser_whatsapp_ios,
    &dft_chat_parser_whatsapp_ios_contacts, &dft_chat_parser_whatsapp_ios_calls,
};
#define NPARSERS (sizeof parsers / sizeof parsers[0])

static const char *root;   /* evidence root: device paths live under it */

/* ---- recording sink: one text line per row ---------------------------------------------------- */

typedef struct rec {
    char **lines;
    size_t n;
    int warnings;
} rec;

static const char *z(const char *s) { return s ? s : "-"; }

static void add(rec *r, const char *line)
{
    r->lines = realloc(r->lines, (r->n + 1) * sizeof *r->lines);
    r->lines[r->n++] = strdup(line);
}

static int s_msg(void *p, const dft_chat_msg *m)
{
    char b[4096];
    snprintf(b, sizeof b, "M %s|%s|%s|%s|%s|%s|%s|%s|%s|%d|%d|%s|%s|%s", z(m->source), z(m->direction), z(m->sender),
             z(m->recipient), z(m->sent_utc), z(m->body), z(m->attachment), z(m->attachment_mime), z(m->thread),
             m->deleted, m->only_in_wal, z(m->thread_title), z(m->sender_name), z(m->account));
    add(p, b);
    snprintf(b, sizeof b, "D %s %s", z(m->source), z(m->details));
    add(p, b);
    return DFT_OK;
}

static int s_contact(void *p, const dft_chat_contact *c)
{
    char b[2048];
    snprintf(b, sizeof b, "C %s|%s|%s|%s|%s", z(c->source), z(c->name), z(c->phone), z(c->handle), z(c->account));
    add(p, b);
    return DFT_OK;
}

static int s_call(void *p, const dft_chat_call *c)
{
    char b[2048];
    snprintf(b, sizeof b, "K %s|%s|%s|%s|%s|%s|%s|%lld|%d|%s", z(c->source), z(c->counterpart), z(c->counterpart_name),
             z(c->direction), z(c->status), z(c->media), z(c->start_utc), (long long)c->duration_s, c->only_in_wal,
             z(c->account));
    add(p, b);
    snprintf(b, sizeof b, "E %s %s", z(c->source), z(c->details));
    add(p, b);
    return DFT_OK;
}

static void s_warn(void *p, const char *msg)
{
    ((rec *)p)->warnings++;
    fprintf(stderr, "  warning: %s\n", msg);
}

static bool has(const rec *r, const char *line)
{
    for (size_t i = 0; i < r->n; i++)
        if (!strcmp(r->lines[i], line)) return true;
    fprintf(stderr, "  missing: %s\n", line);
    return false;
}

/* the details line of a row contains the fragment */
static bool details_has(const rec *r, const char *source, const char *frag)
{
    char pre[128];
    snprintf(pre, sizeof pre, "D %s {", source);
    if (strncmp(pre, "D ZWACD", 7) == 0 || strncmp(pre, "D call_log", 10) == 0) pre[0] = 'E';
    for (size_t i = 0; i < r->n; i++)
        if (!strncmp(r->lines[i], pre, strlen(pre) - 1) && strstr(r->lines[i], frag)) return true;
    fprintf(stderr, "  details of %s lack: %s\n", source, frag);
    return false;
}

static void rec_free(rec *r)
{
    for (size_t i = 0; i < r->n; i++) free(r->lines[i]);
    free(r->lines);
    memset(r, 0, sizeof *r);
}

/* ---- ctx over the fixture tree ---------------------------------------------------------------- */

static const char *cur_device;   /* device path of the database being parsed */

static void resolve(const char *path, char *out, size_t cap)
{
    if (path[0] == '/') {
        snprintf(out, cap, "%s%s", root, path);
    } else {
        const char *slash = strrchr(cur_device, '/');
        snprintf(out, cap, "%s%.*s/%s", root, (int)(slash - cur_device), cur_device, path);
    }
}

static int open_sibling(void *payload, const char *path, dft_chatdb **out)
{
    (void)payload;
    char p[4096], w[4200];
    resolve(path, p, sizeof p);
    if (access(p, R_OK) != 0) return DFT_ENOTFOUND;
    snprintf(w, sizeof w, "%s-wal", p);
    dft_chatdb_opts o = { .path = p, .wal_path = access(w, R_OK) == 0 ? w : NULL };
    return dft_chatdb_open(out, &o);
}

static int read_sibling(void *payload, const char *path, size_t cap, char **bytes, size_t *len)
{
    (void)payload;
    char p[4096];
    resolve(path, p, sizeof p);
    struct stat sb;
    if (stat(p, &sb) != 0) return DFT_ENOTFOUND;
    if ((size_t)sb.st_size > cap) return DFT_ELIMIT;
    FILE *f = fopen(p, "rb");
    if (!f) return DFT_EIO;
    *bytes = calloc(1, (size_t)sb.st_size + 1);
    *len = fread(*bytes, 1, (size_t)sb.st_size, f);
    fclose(f);
    return DFT_OK;
}

/* Opens the database at a device path, checks that exactly `want` (or none) detects it, parses it. */
static int run(const char *device, const char *want, rec *r, dft_chat_stats *st, const char *account_hint)
{
    char p[4096], w[4200];
    snprintf(p, sizeof p, "%s%s", root, device);
    snprintf(w, sizeof w, "%s-wal", p);
    cur_device = device;
    dft_chatdb *db = NULL;
    dft_chatdb_opts o = { .path = p, .wal_path = access(w, R_OK) == 0 ? w : NULL };
    int rc = dft_chatdb_open(&db, &o);
    CHECK(rc == DFT_OK);
    if (rc) return rc;
    dft_chat_ctx ctx = { .device_path = device, .region = "TH", .account_hint = account_hint,
                         .open_sibling = open_sibling, .read_sibling = read_sibling };
    const dft_chat_parser *best = NULL;
    int best_score = 0;
    for (size_t i = 0; i < NPARSERS; i++) {
        int s = parsers[i]->detect(db, &ctx);
        if (s > best_score) { best_score = s; best = parsers[i]; }
    }
    if (!want) {
        CHECK(best == NULL);
        dft_chatdb_close(db);
        return DFT_OK;
    }
    CHECK(best && !strcmp(best->name, want));
    memset(st, 0, sizeof *st);
    dft_chat_sink sink = { .payload = r, .message = s_msg, .contact = s_contact, .call = s_call, .warning = s_warn };
    rc = best ? best->parse(db, &ctx, &sink, st) : DFT_ERROR;
    dft_chatdb_close(db);
    return rc;
}

#define WA "/data/data/com.whatsapp"
#define AG "/private/var/mobile/Containers/Shared/AppGroup/3F2E1D0C-AAAA-4BBB-8CCC-0123456789AB"

static void test_android_current(void)
{
    rec r = { 0 };
    dft_chat_stats st;
    CHECK(run(WA "/databases/msgstore.db", "whatsapp-android", &r, &st, NULL) == DFT_OK);
    CHECK(!strcmp(st.variant, "android-message"));
    CHECK(!strcmp(st.account, "+66812345678"));
    CHECK(st.messages == 11 && st.messages_only_in_wal == 1 && st.calls == 4 && st.calls_only_in_wal == 1);
    CHECK(st.skipped == 0 && r.warnings == 0);
    const char *me = "+66812345678";
    char b[1024];
#define M(src, rest) (snprintf(b, sizeof b, "M %s|%s|%s", src, rest, me), has(&r, b))
    CHECK(M("message:2", "in|+66898765432|+66812345678|2023-11-14T22:13:20Z|สวัสดีครับ งานนี้ได้เงินดี|-|-|"
                         "66898765432@s.whatsapp.net|0|0|Somchai สมชาย|Somchai สมชาย"));
    CHECK(M("message:3", "out|+66812345678|+66898765432|2023-11-14T22:14:20Z|I am interested|-|-|"
                         "66898765432@s.whatsapp.net|0|0|Somchai สมชาย|-"));
    CHECK(M("message:4", "in|+84912345678|+66812345678|2023-11-14T22:15:20Z|Chuyển tiền vào tài khoản này|"
                         "/storage/emulated/0/Android/media/com.whatsapp/WhatsApp/Media/WhatsApp Images/"
                         "IMG-20231114-WA0001.jpg|image/jpeg|84912345678@s.whatsapp.net|0|0|Nguyễn Văn An|Nguyễn Văn An"));
    CHECK(M("message:6", "in|+8613812345678|120363025246125486@g.us|2023-11-14T22:17:20Z|今天的目标是十个客户|-|-|"
                         "120363025246125486@g.us|0|0|Team 话务 ทีม|Wei Wang"));
    CHECK(M("message:7", "out|+66812345678|120363025246125486@g.us|2023-11-14T22:18:20Z|ok|-|-|"
                         "120363025246125486@g.us|0|0|Team 话务 ทีม|-"));
    CHECK(M("message:8", "in|+84912345678|120363025246125486@g.us|2023-11-14T22:19:20Z|-|-|-|"
                         "120363025246125486@g.us|1|0|Team 话务 ทีม|Nguyễn Văn An"));
    /* a LID chat: the phone through jid_map, the name through wa.db */
    CHECK(M("message:9", "in|+447911123456|+66812345678|2023-11-14T22:20:20Z|Report to me at 9|-|-|"
                         "111222333444555@lid|0|0|Boss Lee|Boss Lee"));
    /* status@broadcast: the poster is sender_jid_row_id, as in a group */
    CHECK(M("message:12", "in|+66898765432|status@broadcast|2023-11-14T22:21:40Z|status: 🎉 khuyến mãi|-|-|"
                          "status@broadcast|0|0|-|Somchai สมชาย"));
    CHECK(M("message:11", "in|+84912345678|+66812345678|2023-11-14T22:22:20Z|Tin nhắn mới|-|-|"
                          "84912345678@s.whatsapp.net|0|1|Nguyễn Văn An|Nguyễn Văn An"));
#undef M
    CHECK(details_has(&r, "message:3", "\"starred\":true,\"delivered_utc\":\"2023-11-14T22:14:21Z\","
                                       "\"read_utc\":\"2023-11-14T22:14:22.500Z\""));
    CHECK(details_has(&r, "message:4", "\"forwarded\":true"));
    CHECK(details_has(&r, "message:4", "\"media_path\":\"Media/WhatsApp Images/IMG-20231114-WA0001.jpg\""));
    CHECK(details_has(&r, "message:5", "\"reply_to\":\"A4\",\"edited\":true,\"edited_utc\":\"2023-11-14T22:16:30Z\""));
    CHECK(details_has(&r, "message:6", "\"participants\":[{\"id\":\"+84912345678\",\"name\":\"Nguyễn Văn An\"},"
                                       "{\"id\":\"+8613812345678\",\"name\":\"Wei Wang\"},"
                                       "{\"id\":\"+447911123456\",\"name\":\"Boss Lee\"}]"));
    CHECK(details_has(&r, "message:8", "{\"type\":\"deleted\",\"message_type\":15"));
    CHECK(details_has(&r, "message:10", "\"type\":\"location\""));
    CHECK(details_has(&r, "message:10", "\"latitude\":13.7563000,\"longitude\":100.5018000"));
    CHECK(details_has(&r, "message:2", "\"raw_time\":1700000000000,\"received_utc\":\"2023-11-14T22:13:21Z\""));
    /* the sentinel row 1 is no message */
    for (size_t i = 0; i < r.n; i++) CHECK(strncmp(r.lines[i], "M message:1|", 12) != 0);
    CHECK(has(&r, "K call_log:1|+66898765432|Somchai สมชาย|in|answered|voice|2023-11-14T22:23:20Z|65|0|+66812345678"));
    CHECK(has(&r, "K call_log:2|+84912345678|Nguyễn Văn An|out|missed|video|2023-11-14T22:25:00Z|0|0|+66812345678"));
    CHECK(has(&r, "K call_log:3|120363025246125486@g.us|-|in|rejected|voice|2023-11-14T22:26:40Z|0|0|+66812345678"));
    CHECK(has(&r, "K call_log:4|+447911123456|Boss Lee|out|answered|voice|2023-11-14T22:28:20Z|30|1|+66812345678"));
    CHECK(details_has(&r, "call_log:3", "\"caller\":\"+8613812345678\",\"participants\":[{\"id\":\"+84912345678\""));
    rec_free(&r);
}

static void test_android_contacts(void)
{
    rec r = { 0 };
    dft_chat_stats st;
    CHECK(run(WA "/databases/wa.db", "whatsapp-android-contacts", &r, &st, NULL) == DFT_OK);
    CHECK(st.contacts == 4 && !strcmp(st.variant, "android-wa.db"));
    CHECK(has(&r, "C wa_contacts:1|Somchai สมชาย|+66898765432|66898765432@s.whatsapp.net|+66812345678"));
    CHECK(has(&r, "C wa_contacts:2|Nguyễn Văn An|+84912345678|84912345678@s.whatsapp.net|+66812345678"));
    CHECK(has(&r, "C wa_contacts:3|Wei Wang|+8613812345678|8613812345678@s.whatsapp.net|+66812345678"));
    CHECK(has(&r, "C wa_contacts:4|Boss Lee|+447911123456|447911123456@s.whatsapp.net|+66812345678"));
    rec_free(&r);
}

static void test_android_legacy(void)
{
    rec r = { 0 };
    dft_chat_stats st;
    CHECK(run("/data/data/com.whatsapp.w4b/databases/msgstore.db", "whatsapp-android", &r, &st, NULL) == DFT_OK);
    CHECK(!strcmp(st.variant, "android-legacy"));   /* `messages` holds the rows, `message` a sentinel */
    CHECK(!strcmp(st.account, "+66822222222"));     /* registration_jid of the w4b prefs */
    CHECK(st.messages == 5 && st.messages_only_in_wal == 0 && r.warnings == 0);
    CHECK(has(&r, "M messages:2|in|+66811111111|+66822222222|2020-09-13T12:26:40Z|hello from business|-|-|"
                  "66811111111@s.whatsapp.net|0|0|-|-|+66822222222"));
    CHECK(has(&r, "M messages:4|in|+84900000000|66800000000-1600000000@g.us|2020-09-13T12:28:40Z|大家好|-|-|"
                  "66800000000-1600000000@g.us|0|0|Nhóm bán hàng|-|+66822222222"));
    CHECK(has(&r, "M messages:6|in|+66811111111|+66822222222|2020-09-13T12:30:40Z|xem|IMG-20200913-WA0000.jpg|"
                  "image/jpeg|66811111111@s.whatsapp.net|0|0|-|-|+66822222222"));
    CHECK(details_has(&r, "messages:3", "\"reply_to\":\"L2\",\"forwarded\":true,\"delivered_utc\":\"2020-09-13T12:27:45Z\","
                                        "\"read_utc\":\"2020-09-13T12:27:50Z\""));
    CHECK(details_has(&r, "messages:4", "\"participants\":[{\"id\":\"+66822222222\"},{\"id\":\"+84900000000\"}]"));
    rec_free(&r);
}

/* A chat jid stored as a BLOB: the row is read (its bytes as text), not dropped as the sentinel. */
static void test_android_legacy_blob_jid(void)
{
    rec r = { 0 };
    dft_chat_stats st;
    CHECK(run("/data/data/com.whatsapp.w4b/databases/msgstore.db", "whatsapp-android", &r, &st, NULL) == DFT_OK);
    CHECK(st.messages == 5 && r.warnings == 0);
    CHECK(has(&r, "M messages:2|in|+66811111111|+66822222222|2020-09-13T12:26:40Z|hello from business|-|-|"
                  "66811111111@s.whatsapp.net|0|0|-|-|+66822222222"));
    rec_free(&r);
}

static void test_ios(void)
{
    rec r = { 0 };
    dft_chat_stats st;
    CHECK(run(AG "/ChatStorage.sqlite", "whatsapp-ios", &r, &st, "+66 81 234 5678") == DFT_OK);
    CHECK(!strcmp(st.variant, "ios-chatstorage") && !strcmp(st.account, "+66812345678"));
    CHECK(st.messages == 8 && st.messages_only_in_wal == 1 && r.warnings == 0);
    const char *me = "+66812345678";
    char b[1024];
#define M(src, rest) (snprintf(b, sizeof b, "M %s|%s|%s", src, rest, me), has(&r, b))
    CHECK(M("ZWAMESSAGE:1", "in|+66898765432|+66812345678|2023-11-14T22:13:20.500Z|สวัสดี|-|-|"
                            "66898765432@s.whatsapp.net|0|0|Somchai Jaidee|Somchai Jaidee"));
    CHECK(M("ZWAMESSAGE:2", "out|+66812345678|+66898765432|2023-11-14T22:14:20Z|Hello 你好|-|-|"
                            "66898765432@s.whatsapp.net|0|0|Somchai Jaidee|-"));
    CHECK(M("ZWAMESSAGE:3", "in|+66898765432|+66812345678|2023-11-14T22:15:20Z|caption ảnh|" AG
                            "/Message/Media/66898765432@s.whatsapp.net/a/b/photo-1.jpg|image/jpeg|"
                            "66898765432@s.whatsapp.net|0|0|Somchai Jaidee|Somchai Jaidee"));
    CHECK(M("ZWAMESSAGE:4", "in|+84912345678|120363111111111111@g.us|2023-11-14T22:16:20Z|Xin chào cả nhóm|-|-|"
                            "120363111111111111@g.us|0|0|กลุ่ม 工作 nhóm|Nguyễn Văn An"));
    CHECK(M("ZWAMESSAGE:6", "in|+66898765432|+66812345678|2023-11-14T22:18:20Z|-|-|-|"
                            "66898765432@s.whatsapp.net|1|0|Somchai Jaidee|Somchai Jaidee"));
    CHECK(M("ZWAMESSAGE:7", "in|+66898765432|+66812345678|2023-11-14T22:19:20Z|tin nhắn WAL|-|-|"
                            "66898765432@s.whatsapp.net|0|1|Somchai Jaidee|Somchai Jaidee"));
    CHECK(M("ZWAMESSAGE:8", "in|+8613812345678|120363111111111111@g.us|2023-11-14T22:18:50Z|-|-|-|"
                            "120363111111111111@g.us|0|0|กลุ่ม 工作 nhóm|王伟"));
#undef M
    CHECK(details_has(&r, "ZWAMESSAGE:1", "\"raw_time\":721692800.500"));
    CHECK(details_has(&r, "ZWAMESSAGE:4", "\"participants\":[{\"id\":\"+84912345678\",\"name\":\"Nguyễn Văn An\"},"
                                          "{\"id\":\"+8613812345678\",\"name\":\"王伟\"}]"));
    rec_free(&r);

    CHECK(run(AG "/ContactsV2.sqlite", "whatsapp-ios-contacts", &r, &st, NULL) == DFT_OK);
    CHECK(st.contacts == 2);
    CHECK(has(&r, "C ZWAADDRESSBOOKCONTACT:1|Somchai Jaidee|+66898765432|66898765432@s.whatsapp.net|-"));
    rec_free(&r);

    CHECK(run(AG "/CallHistory.sqlite", "whatsapp-ios-calls", &r, &st, NULL) == DFT_OK);
    CHECK(st.calls == 2);
    CHECK(has(&r, "K ZWACDCALLEVENT:1|+66898765432|Somchai Jaidee|in|answered|voice|2023-11-14T22:20:00Z|42|0|-"));
    CHECK(has(&r, "K ZWACDCALLEVENT:2|+84912345678|Nguyễn Văn An|out|missed|video|2023-11-14T22:21:40Z|0|0|-"));
    rec_free(&r);
}

static void exec_sql(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "sqlite: %s\n", err);
        check_failures++;
    }
    sqlite3_free(err);
    sqlite3_close(db);
}

/* A foreign database goes to no parser; `message` as a view is not read; a trigger on a side table
 * keeps that table out while the messages are still read. */
static void test_detect_and_hostile(void)
{
    char p[4096], cmd[8300];
    rec r = { 0 };
    dft_chat_stats st;
    snprintf(p, sizeof p, "%s/data/data/com.other/databases/x.db", root);
    snprintf(cmd, sizeof cmd, "mkdir -p '%s/data/data/com.other/databases'", root);
    CHECK(system(cmd) == 0);
    unlink(p);
    exec_sql(p, "CREATE TABLE messages(_id INTEGER PRIMARY KEY, body TEXT); CREATE TABLE chat(_id INTEGER);"
                "CREATE TABLE jid(_id INTEGER); CREATE VIEW message AS SELECT 1 AS chat_row_id, 0 AS from_me;");
    CHECK(run("/data/data/com.other/databases/x.db", NULL, &r, &st, NULL) == DFT_OK);

    /* copy of the current msgstore.db (main file + WAL) with a trigger on message_media */
    snprintf(cmd, sizeof cmd, "cp '%s" WA "/databases/msgstore.db' '%s/data/data/com.other/databases/msgstore.db' && "
                              "cp '%s" WA "/databases/msgstore.db-wal' '%s/data/data/com.other/databases/msgstore.db-wal'",
             root, root, root, root);
    CHECK(system(cmd) == 0);
    snprintf(p, sizeof p, "%s/data/data/com.other/databases/msgstore.db", root);
    exec_sql(p, "CREATE TRIGGER t AFTER INSERT ON message_media BEGIN SELECT 1; END;");
    CHECK(run("/data/data/com.other/databases/msgstore.db", "whatsapp-android", &r, &st, NULL) == DFT_OK);
    CHECK(st.messages == 11);
    for (size_t i = 0; i < r.n; i++) CHECK(!strstr(r.lines[i], "IMG-20231114-WA0001.jpg"));
    rec_free(&r);
}

static void test_jid_helpers(void)
{
    char e[DFT_PHONE_LEN];
    CHECK(dft_wa_jid_phone("66812345678:12@s.whatsapp.net", e) == DFT_OK && !strcmp(e, "+66812345678"));
    CHECK(dft_wa_jid_phone("66812345678@c.us", e) == DFT_OK && !strcmp(e, "+66812345678"));
    CHECK(dft_wa_jid_phone("120363025246125486@g.us", e) == DFT_ECORRUPT && !e[0]);
    CHECK(dft_wa_jid_phone("111222333444555@lid", e) == DFT_ECORRUPT);
    CHECK(dft_wa_jid_phone("66x@s.whatsapp.net", e) == DFT_ECORRUPT);
    CHECK(dft_wa_jid_kind("status@broadcast") == WA_JID_BROADCAST);
    char v[64];
    CHECK(dft_wa_prefs_string("<map><string name=\"a\">x &amp; y</string><string name=\"b\"/></map>", "a", v, sizeof v) &&
          !strcmp(v, "x & y"));
    CHECK(!dft_wa_prefs_string("<map><string name=\"b\"/></map>", "b", v, sizeof v));
    CHECK(!dft_wa_prefs_string("<map><int name=\"a\" value=\"1\"/></map>", "a", v, sizeof v));
    CHECK(!dft_wa_prefs_string("<map><string name=\"a\">unterminated", "a", v, sizeof v));
    CHECK(!strcmp(dft_wa_android_type(15), "deleted") && !strcmp(dft_wa_ios_type(14), "deleted"));

    /* the fast Unix-ms formatter gives exactly what dft_time_text gives: boundaries, leap days, the
     * fallback range (negative, year 10000+), and 200,000 pseudo-random values */
    static const int64_t fixed[] = { 1, 999, 1000, 1001, 86399999, 86400000, 951782400000, 951868799999,
                                     4107542400000, 253402300799999, 253402300800000, -1, -86400001,
                                     1700000000123, 946684800000, 978307200000, 4102444800000 };
    char a[DFT_TIME_LEN], b2[DFT_TIME_LEN];
    int bad = 0;
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        dft_wa_time_ms(fixed[i], a);
        dft_time_text(b2, DFT_TIME_UNIX_MS, fixed[i]);
        if (strcmp(a, b2) && bad++ < 5) fprintf(stderr, "  %lld: %s != %s\n", (long long)fixed[i], a, b2);
    }
    uint64_t x = 88172645463325252ull;
    for (int i = 0; i < 200000; i++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        int64_t v = (int64_t)(x % 260000000000000ull) - 1000000000000LL;
        if (v == 0) continue;
        dft_wa_time_ms(v, a);
        dft_time_text(b2, DFT_TIME_UNIX_MS, v);
        if (strcmp(a, b2) && bad++ < 5) fprintf(stderr, "  %lld: %s != %s\n", (long long)v, a, b2);
    }
    CHECK(bad == 0);
    char src[48];
    dft_wa_source(src, sizeof src, "message", -42);
    CHECK(!strcmp(src, "message:-42"));
    dft_wa_source(src, sizeof src, "call_log", INT64_MAX);
    CHECK(!strcmp(src, "call_log:9223372036854775807"));
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FIXTURE_DIR (make_fixtures.py output)\n", argv[0]);
        return 2;
    }
    static char rootbuf[4096];
    snprintf(rootbuf, sizeof rootbuf, "%s/android", argv[1]);
    root = rootbuf;
    RUN(test_jid_helpers);
    RUN(test_android_current);
    RUN(test_android_contacts);
    RUN(test_android_legacy);
    RUN(test_detect_and_hostile);
    snprintf(rootbuf, sizeof rootbuf, "%s/hostile_legacy", argv[1]);
    RUN(test_android_legacy_blob_jid);
    snprintf(rootbuf, sizeof rootbuf, "%s/ios", argv[1]);
    RUN(test_ios);
    return check_failures ? 1 : 0;
}
