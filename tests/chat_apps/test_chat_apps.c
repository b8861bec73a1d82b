/*
 * test_chat_apps.c - the "other chat apps" parsers (parsers/chat_line.c, chat_viber.c, ...) called
 * directly on the dump built by make_fixtures.py (argv[1] = its OUTDIR), with a recording sink and a
 * ctx whose siblings are files of the dump: exact rows (parties, directions, UTC times, names through
 * contact tables and companion databases, group participants, attachments, deleted, WAL-only rows),
 * stats, and detection (each database goes to exactly one parser of the list).
 */
#include "chat_recorder.h"

#define PEER "u1a2b3c4d5e6f708192a3b4c5d6e7f801"
#define PEER2 "u99887766554433221100aabbccddeeff"
#define GROUP "c0123456789abcdef0123456789abcdef"
#define LINE_A "/data/data/jp.naver.line.android/databases"
#define VIBER "/data/data/com.viber.voip/databases"

static void test_line_android(void)
{
    rec r = { 0 };
    dft_chat_stats st;
    CHECK(run(LINE_A "/naver_line", "line-android", &r, &st, "uOWNER") == DFT_OK);
    CHECK(!strcmp(st.variant, "android-naver_line") && !strcmp(st.account, "uOWNER"));
    CHECK(st.messages == 5 && st.messages_only_in_wal == 1 && st.contacts == 2 && st.calls == 0);
    CHECK(st.skipped == 0 && r.warnings == 0);
    CHECK(has(&r, "M chat_history:1|in|" PEER "|uOWNER|2023-11-14T22:13:20Z|你好，今天可以转账吗？|-|" PEER "|0|0|王小明|王小明|uOWNER"));
    CHECK(has(&r, "M chat_history:2|out|uOWNER|" PEER "|2023-11-14T22:14:20Z|好的 ok|-|" PEER "|0|0|-|-|uOWNER"));
    CHECK(has(&r, "M chat_history:4|in|" PEER2 "|" GROUP "|2023-11-14T22:16:20Z|Chào mọi người, lợi nhuận 30%|-|" GROUP
                  "|0|0|投资群 VIP|Lan (boss)|uOWNER"));
    CHECK(has(&r, "M chat_history:5|in|" PEER "|" GROUP "|2023-11-14T22:17:20Z|-|/storage/emulated/0/Android/data/"
                  "jp.naver.line.android/files/chats/img/100005.jpg|" GROUP "|0|0|投资群 VIP|王小明|uOWNER"));
    CHECK(has(&r, "M chat_history:6|in|" PEER2 "|uOWNER|2023-11-14T22:18:20Z|ลบข้อความนี้ด้วย|-|" PEER2
                  "|0|1|Lan (boss)|Lan (boss)|uOWNER"));
    CHECK(details_has(&r, 'D', "chat_history:4", "\"participants\":[\"" PEER "\",\"" PEER2 "\"]"));
    CHECK(details_has(&r, 'D', "chat_history:1", "\"delivered_utc\":\"2023-11-14T22:13:20.500Z\""));
    CHECK(details_has(&r, 'D', "chat_history:1", "\"raw_time\":1700000000000"));
    CHECK(has(&r, "C contacts:1|王小明|-|" PEER "|uOWNER"));
    CHECK(has(&r, "C contacts:2|Lan (boss)|-|" PEER2 "|uOWNER"));
    for (size_t i = 0; i < r.n; i++) CHECK(strncmp(r.lines[i], "M chat_history:3|", 17) != 0);   /* call record */
    rec_free(&r);

    CHECK(run(LINE_A "/call_history", "line-android-calls", &r, &st, NULL) == DFT_OK);
    CHECK(st.calls == 3 && st.messages == 0 && r.warnings == 0);
    CHECK(has(&r, "K call_history:1|" PEER "|王小明|in|-|voice|2023-11-14T22:15:20Z|65|0"));
    CHECK(has(&r, "K call_history:2|" PEER2 "|Nguyễn Thị Lan|out|-|video|2023-11-14T22:20:00Z|30|0"));
    CHECK(has(&r, "K call_history:3|" GROUP "|-|out|-|video|2023-11-14T22:21:40Z|0|0"));
    CHECK(details_has(&r, 'E', "call_history:3", "\"group\":true"));
    rec_free(&r);
}

static void test_line_ios(void)
{
    rec r = { 0 };
    dft_chat_stats st;
    const char *dev = "/private/var/mobile/Containers/Shared/AppGroup/11111111-2222-4333-8444-555555555555/Library/"
                      "Application Support/PrivateStore/P_u0000/Messages/Line.sqlite";
    CHECK(run(dev, "line-ios", &r, &st, NULL) == DFT_OK);
    CHECK(!strcmp(st.variant, "ios-line") && st.messages == 3 && st.contacts == 2 && r.warnings == 0);
    CHECK(has(&r, "M ZMESSAGE:1|in|" PEER "|-|2023-11-14T22:13:20Z|明天见|-|" PEER "|0|0|王小明|王小明|-"));
    CHECK(has(&r, "M ZMESSAGE:2|out|-|" PEER "|2023-11-14T22:13:21Z|ok 👍|-|" PEER "|0|0|-|-|-"));
    CHECK(has(&r, "M ZMESSAGE:3|in|" PEER2 "|" GROUP "|2023-11-14T22:13:22Z|Xin chào|-|" GROUP "|0|0|投资群 VIP|Lan|-"));
    CHECK(has(&r, "C ZUSER:2|Lan|-|" PEER2 "|-"));
    rec_free(&r);
}

static void test_viber(void)
{
    rec r = { 0 };
    dft_chat_stats st;
    CHECK(run(VIBER "/viber_messages", "viber-android", &r, &st, NULL) == DFT_OK);
    CHECK(!strcmp(st.variant, "android-viber_messages") && !strcmp(st.account, "+66811111111"));
    CHECK(st.messages == 6 && st.messages_only_in_wal == 1 && st.skipped == 0 && r.warnings == 0);
    const char *me = "+66811111111";
    char b[2048];
#define M(src, rest) (snprintf(b, sizeof b, "M %s|%s|%s", src, rest, me), has(&r, b))
    CHECK(M("messages:1", "in|+66898765432|+66811111111|2023-11-14T22:13:20Z|สวัสดีครับ|-|1|0|0|สมชาย ใจดี|สมชาย ใจดี"));
    CHECK(M("messages:2", "out|+66811111111|+66898765432|2023-11-14T22:13:50Z|hello ok|-|1|0|0|-|-"));
    CHECK(M("messages:3", "in|+84912345678|group:5550001|2023-11-14T22:14:20Z|Tôi đã chuyển tiền|-|2|0|0|Crypto ทีม 团队|Minh"));
    CHECK(M("messages:4", "in|+8613812345678|group:5550001|2023-11-14T22:14:50Z|-|/storage/emulated/0/Android/"
                          "data/com.viber.voip/files/.viber/media/IMG-001.jpg|2|0|0|Crypto ทีม 团队|Wang Wei 王伟"));
    CHECK(M("messages:5", "out|+66811111111|+66898765432|2023-11-14T22:15:20Z|deleted one|-|1|1|0|-|-"));
    CHECK(M("messages:6", "in|+66898765432|+66811111111|2023-11-14T22:15:50Z|WAL only 仅在日志|-|1|0|1|สมชาย ใจดี|สมชาย ใจดี"));
#undef M
    CHECK(details_has(&r, 'D', "messages:3", "\"participants\":[\"+66811111111\",\"+84912345678\",\"+8613812345678\"]"));
    CHECK(details_has(&r, 'D', "messages:3", "\"unread\":true"));
    rec_free(&r);

    CHECK(run(VIBER "/viber_data", "viber-android-data", &r, &st, "+66811111111") == DFT_OK);
    CHECK(st.contacts == 2 && st.calls == 3 && r.warnings == 0 && !strcmp(st.account, "+66811111111"));
    CHECK(has(&r, "C phonebookcontact:1|Somchai Jaidee|+66898765432|089-876-5432|+66811111111"));
    CHECK(has(&r, "C phonebookcontact:2|Wang Wei 王伟|+8613812345678|+86 138 1234 5678|+66811111111"));
    CHECK(has(&r, "K calls:1|+66898765432|Somchai Jaidee|in|answered|voice|2023-11-14T22:16:40Z|125|0"));
    CHECK(has(&r, "K calls:2|+8613812345678|Wang Wei 王伟|in|missed|video|2023-11-14T22:18:20Z|0|0"));
    CHECK(has(&r, "K calls:3|+84912345678|-|out|answered|voice|2023-11-14T22:20:00Z|42|0"));
    rec_free(&r);
}

#define FB "/data/data/com.facebook.orca/databases"
#define FB_ME "100012345678901"
#define FB_PEER "100098765432109"

static void test_messenger(void)
{
    rec r = { 0 };
    dft_chat_stats st;
    CHECK(run(FB "/msys_database_" FB_ME, "messenger-android-msys", &r, &st, NULL) == DFT_OK);
    CHECK(!strcmp(st.variant, "android-msys") && !strcmp(st.account, FB_ME));
    CHECK(st.messages == 4 && st.messages_only_in_wal == 1 && st.contacts == 2 && r.warnings == 0);
    CHECK(has(&r, "M messages:1|in|" FB_PEER "|" FB_ME "|2023-11-14T22:13:20Z|Chào bạn, việc nhẹ lương cao|-|" FB_PEER
                  "|0|0|Trần Văn Hùng|Trần Văn Hùng|" FB_ME));
    CHECK(has(&r, "M messages:2|out|" FB_ME "|" FB_PEER "|2023-11-14T22:13:25Z|Tell me more|-|" FB_PEER "|0|0|-|-|" FB_ME));
    CHECK(has(&r, "M messages:3|in|" FB_PEER "|" FB_ME "|2023-11-14T22:13:30Z|-|contract.pdf|7700001|0|0|Job offer 工作|"
                  "Trần Văn Hùng|" FB_ME));
    CHECK(has(&r, "M messages:4|in|" FB_PEER "|" FB_ME "|2023-11-14T22:13:35Z|only in WAL ใน WAL|-|" FB_PEER
                  "|0|1|Trần Văn Hùng|Trần Văn Hùng|" FB_ME));
    CHECK(has(&r, "C contacts:" FB_PEER "|Trần Văn Hùng|-|" FB_PEER "|" FB_ME));   /* id is the rowid */
    rec_free(&r);

    /* legacy: the owner comes from the evidence (account hint); a sender that is not JSON -> no sender */
    CHECK(run(FB "/threads_db2", "messenger-android-threads_db2", &r, &st, FB_ME) == DFT_OK);
    CHECK(st.messages == 3 && st.contacts == 1 && r.warnings == 0);
    CHECK(has(&r, "M messages:1|in|" FB_PEER "|-|2023-11-14T22:13:20Z|xin chào|-|ONE_TO_ONE:" FB_PEER ":" FB_ME
                  "|0|0|-|Trần Văn Hùng|" FB_ME));
    CHECK(has(&r, "M messages:2|out|" FB_ME "|-|2023-11-14T22:13:21Z|ok|-|ONE_TO_ONE:" FB_PEER ":" FB_ME "|0|0|-|-|" FB_ME));
    CHECK(has(&r, "M messages:3|-|-|-|2023-11-14T22:13:22Z|-|-|ONE_TO_ONE:" FB_PEER ":" FB_ME "|0|0|-|-|" FB_ME));
    CHECK(has(&r, "C thread_users:1|Trần Văn Hùng|-|" FB_PEER "|" FB_ME));
    rec_free(&r);
}

#define ZALO "/private/var/mobile/Containers/Data/Application/9A8B7C6D-1111-4222-8333-444455556666/Documents"
#define ZME "2718281828459045"
#define ZPEER "3141592653589793"
#define ZPEER2 "1618033988749894"

static void test_zalo(void)
{
    rec r = { 0 };
    dft_chat_stats st;
    CHECK(run(ZALO "/chat_dbs/" ZME "/" ZPEER ".db", "zalo-ios", &r, &st, NULL) == DFT_OK);
    CHECK(!strcmp(st.variant, "ios-chat_dbs") && !strcmp(st.account, ZME));
    CHECK(st.messages == 3 && st.messages_only_in_wal == 1 && r.warnings == 0);
    CHECK(has(&r, "M ChatContent:1|in|" ZPEER "|" ZME "|2023-11-14T22:13:20Z|Anh ơi, chuyển khoản chưa?|-|" ZPEER
                  "|0|0|Phạm Minh Tuấn|Phạm Minh Tuấn|" ZME));
    CHECK(has(&r, "M ChatContent:2|out|" ZME "|" ZPEER "|2023-11-14T22:13:40Z|Rồi em|-|" ZPEER "|0|0|Phạm Minh Tuấn|-|" ZME));
    CHECK(has(&r, "M ChatContent:3|in|" ZPEER "|" ZME "|2023-11-14T22:14:00Z|-|/var/mobile/Media/zalo/photo_3.jpg|" ZPEER
                  "|0|1|Phạm Minh Tuấn|Phạm Minh Tuấn|" ZME));
    rec_free(&r);
    /* a group file whose TimeStamp is in seconds */
    CHECK(run(ZALO "/chat_dbs/" ZME "/group_880011.db", "zalo-ios", &r, &st, NULL) == DFT_OK);
    CHECK(st.messages == 1);
    CHECK(has(&r, "M ChatContent:1|in|" ZPEER2 "|group:880011|2023-11-14T22:14:20Z|Nhóm đầu tư 投资|-|group_880011|0|0|"
                  "Đầu tư 2024|Lê Thị Hoa|" ZME));
    rec_free(&r);
    CHECK(run(ZALO "/profile.sqlite", "zalo-ios-profile", &r, &st, NULL) == DFT_OK);
    CHECK(st.contacts == 2);
    CHECK(has(&r, "C ProfileEntity:1|Phạm Minh Tuấn|+84912345678|" ZPEER "|-"));
    CHECK(has(&r, "C ProfileEntity:2|Lê Thị Hoa|-|" ZPEER2 "|-"));
    rec_free(&r);
}

static void test_imo(void)
{
    rec r = { 0 };
    dft_chat_stats st;
    CHECK(run("/data/data/com.imo.android.imous/databases/imofriends.db", "imo-android", &r, &st, NULL) == DFT_OK);
    CHECK(!strcmp(st.variant, "android-imofriends") && !strcmp(st.account, "imo_owner_01"));
    CHECK(st.messages == 2 && st.contacts == 1 && r.warnings == 0);
    /* ns timestamps keep their fraction */
    CHECK(has(&r, "M messages:1|in|imo_peer_77|imo_owner_01|2023-11-14T22:13:20.123456789Z|Send the OTP please|-|"
                  "imo_peer_77|0|0|Ahmed Khan|Ahmed Khan|imo_owner_01"));
    CHECK(has(&r, "M messages:2|out|imo_owner_01|imo_peer_77|2023-11-14T22:13:21Z|ส่งแล้ว|/storage/emulated/0/imo/photo_1.jpg|"
                  "imo_peer_77|0|0|Ahmed Khan|-|imo_owner_01"));
    CHECK(has(&r, "C friends:1|Ahmed Khan|-|imo_peer_77|imo_owner_01"));
    rec_free(&r);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_chat_apps FIXTURE_OUTDIR\n");
        return 2;
    }
    snprintf(root, sizeof root, "%s/dump", argv[1]);
    RUN(test_line_android);
    RUN(test_line_ios);
    RUN(test_viber);
    RUN(test_messenger);
    RUN(test_zalo);
    RUN(test_imo);
    return check_failures ? 1 : 0;
}
