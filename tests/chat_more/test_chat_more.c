/*
 * test_chat_more.c - the "more chat apps" parsers (parsers/chat_signal.c, chat_skype.c,
 * chat_viber_ios.c, ...) called directly on the dump built by tests/chat_more/make_fixtures.py
 * (argv[1] = its OUTDIR) with a recording sink: exact rows (parties, directions, UTC times, names
 * through the apps' recipient/contact tables, group participants, attachments, deleted and WAL-only
 * rows, calls), stats, and detection (each database goes to exactly one parser of the list).
 */
#include "chat_recorder.h"

#define SIG_A "/data/data/org.thoughtcrime.securesms/databases/signal.db"
#define SIG_OLD "/data/user/10/org.thoughtcrime.securesms/databases/signal.db"
#define GID "group:__signal_group__v2__!8f3a2b"
#define OLD_GID "__textsecure_group__!00112233445566778899aabbccddeeff"
#define LAN "a0000000-0000-4000-8000-000000000005"

static void test_signal_modern(void)
{
    rec r = { 0 };
    dft_chat_stats st;
    CHECK(run(SIG_A, "signal-android", &r, &st, NULL) == DFT_OK);
    CHECK(!strcmp(st.variant, "android-message") && !strcmp(st.account, "+66811111111"));
    CHECK(st.messages == 6 && st.messages_only_in_wal == 1 && st.calls == 3 && st.contacts == 3);
    CHECK(st.skipped == 0 && r.warnings == 0);
    /* source|direction|sender|recipient|sent|body|attachment|thread|deleted|wal|title|sender_name|account */
    CHECK(has(&r, "M message:1|in|+66898765432|+66811111111|2023-11-14T22:13:20Z|สวัสดีครับ|-|1|0|0|สมชาย ใจดี|สมชาย ใจดี|+66811111111"));
    CHECK(has(&r, "M message:2|out|+66811111111|+66898765432|2023-11-14T22:14:20Z|ok 好的|-|1|0|0|สมชาย ใจดี|-|+66811111111"));
    CHECK(has(&r, "M message:3|in|+8613812345678|" GID "|2023-11-14T22:15:20Z|Chào cả nhóm|-|2|0|0|Nhóm đầu tư 投资|王伟|+66811111111"));
    CHECK(has(&r, "M message:4|out|+66811111111|" GID "|2023-11-14T22:16:20Z|-|/data/user/0/org.thoughtcrime.securesms/"
                  "app_parts/part8471.mms|2|0|0|Nhóm đầu tư 投资|-|+66811111111"));
    CHECK(has(&r, "M message:5|in|" LAN "|+66811111111|2023-11-14T22:17:20Z|-|-|3|1|0|Lan|Lan|+66811111111"));
    CHECK(has(&r, "M message:8|in|" LAN "|+66811111111|2023-11-14T22:18:20Z|WAL only 仅在日志|-|3|0|1|Lan|Lan|+66811111111"));
    CHECK(details_has(&r, 'D', "message:1", "\"received_utc\":\"2023-11-14T22:13:20.500Z\""));
    CHECK(details_has(&r, 'D', "message:1", "\"raw_time\":1700000000000"));
    CHECK(details_has(&r, 'D', "message:1", "\"type\":10485780,\"base_type\":20"));
    CHECK(details_has(&r, 'D', "message:2", "\"status\":\"sent\""));
    CHECK(details_has(&r, 'D', "message:2", "\"expires_in_ms\":86400000"));
    CHECK(details_has(&r, 'D', "message:3", "\"participants\":[\"+66811111111\",\"+8613812345678\",\"+66898765432\"]"));
    CHECK(details_has(&r, 'D', "message:4", "\"attachment_name\":\"IMG_0001.jpg\""));
    CHECK(details_has(&r, 'D', "message:5", "\"remote_deleted\":true"));
    /* call records: 6 is described by call row 1 (reported once, from `call`), 7 has no call row */
    for (size_t i = 0; i < r.n; i++) CHECK(strncmp(r.lines[i], "M message:6|", 12) != 0 && strncmp(r.lines[i], "M message:7|", 12) != 0 &&
                                           strncmp(r.lines[i], "K message:6|", 12) != 0);
    /* counterpart|name|direction|status|media|start|duration|wal */
    CHECK(has(&r, "K call:1|+66898765432|สมชาย ใจดี|in|missed|video|2023-11-14T22:16:40Z|-1|0"));
    CHECK(has(&r, "K call:2|" GID "|Nhóm đầu tư 投资|out|answered|-|2023-11-14T22:17:40Z|-1|0"));
    CHECK(details_has(&r, 'E', "call:2", "\"group\":true"));
    CHECK(details_has(&r, 'E', "call:1", "\"message_id\":6"));
    CHECK(has(&r, "K message:7|+66898765432|สมชาย ใจดี|out|-|voice|2023-11-14T22:17:30Z|-1|0"));
    /* contacts: people only (not the owner, not groups) */
    CHECK(has(&r, "C recipient:2|สมชาย ใจดี|+66898765432|+66898765432|+66811111111"));
    CHECK(has(&r, "C recipient:3|王伟|+8613812345678|+8613812345678|+66811111111"));
    CHECK(has(&r, "C recipient:5|Lan|-|" LAN "|+66811111111"));
    rec_free(&r);
}

static void test_signal_old(void)
{
    rec r = { 0 };
    dft_chat_stats st;
    CHECK(run(SIG_OLD, "signal-android", &r, &st, "0811111111") == DFT_OK);
    CHECK(!strcmp(st.variant, "android-sms-mms") && !strcmp(st.account, "+66811111111"));
    CHECK(st.messages == 5 && st.messages_only_in_wal == 0 && st.calls == 1 && st.contacts == 2);
    CHECK(st.skipped == 0 && r.warnings == 0);
    /* sms: date_sent is the sent time, date the received time */
    CHECK(has(&r, "M sms:1|in|+66898765432|+66811111111|2023-11-14T22:13:20Z|hello 你好|-|1|0|0|สมชาย|สมชาย|+66811111111"));
    CHECK(has(&r, "M sms:2|out|+66811111111|+66898765432|2023-11-14T22:13:21Z|reply ตอบ|-|1|0|0|สมชาย|-|+66811111111"));
    CHECK(details_has(&r, 'D', "sms:1", "\"received_utc\":\"2023-11-14T22:13:20.700Z\""));
    /* mms: date is the sent time; address is the sending member (in) or the group (out) */
    CHECK(has(&r, "M mms:1|in|+8613812345678|group:" OLD_GID "|2023-11-14T22:13:30Z|群消息|-|2|0|0|老同学|王伟|+66811111111"));
    CHECK(has(&r, "M mms:2|out|+66811111111|group:" OLD_GID "|2023-11-14T22:13:40Z|photo|/data/user/10/"
                  "org.thoughtcrime.securesms/app_parts/part123.mms|2|0|0|老同学|-|+66811111111"));
    CHECK(details_has(&r, 'D', "mms:1", "\"participants\":[\"+66898765432\",\"+8613812345678\",\"+66811111111\"]"));
    /* an old row whose address is a phone number, in a thread the database does not list */
    CHECK(has(&r, "M sms:4|in|+84912345678|+66811111111|2023-11-14T22:13:26Z|pre-recipient row|-|3|0|0|-|-|+66811111111"));
    CHECK(has(&r, "K sms:3|+66898765432|สมชาย|in|missed|voice|2023-11-14T22:13:25Z|-1|0"));
    CHECK(has(&r, "C recipient:4|王伟|+8613812345678|+8613812345678|+66811111111"));
    rec_free(&r);
}

#define SK_LIVE "/data/data/com.skype.raider/databases/live:minh.owner.db"
#define SK_OWNER "live:minh.owner"
#define SK_PEER "live:somchai_88"
#define SK_GROUP "19:a1b2c3d4e5@thread.skype"

static void test_skype_live(void)
{
    rec r = { 0 };
    dft_chat_stats st;
    CHECK(run(SK_LIVE, "skype-android", &r, &st, NULL) == DFT_OK);
    CHECK(!strcmp(st.variant, "android-live") && !strcmp(st.account, SK_OWNER));
    CHECK(st.messages == 5 && st.messages_only_in_wal == 1 && st.calls == 1 && st.contacts == 2);
    CHECK(st.skipped == 0 && r.warnings == 0);
    CHECK(has(&r, "M chatitem:1|in|" SK_PEER "|" SK_OWNER "|2023-11-14T22:13:20Z|สวัสดี Skype|-|" SK_PEER "|0|0|สมชาย|สมชาย|" SK_OWNER));
    CHECK(has(&r, "M chatitem:2|out|" SK_OWNER "|" SK_PEER "|2023-11-14T22:13:50Z|xin chào|-|" SK_PEER "|0|0|-|-|" SK_OWNER));
    CHECK(has(&r, "M chatitem:3|in|8:wangwei.cn|" SK_GROUP "|2023-11-14T22:14:20Z|大家好|-|" SK_GROUP "|0|0|-|王 伟|" SK_OWNER));
    CHECK(has(&r, "M chatitem:4|out|" SK_OWNER "|" SK_GROUP "|2023-11-14T22:14:50Z|-|/storage/emulated/0/Pictures/Skype/"
                  "IMG_20231114.jpg|" SK_GROUP "|0|0|-|-|" SK_OWNER));
    CHECK(has(&r, "M chatitem:6|in|" SK_PEER "|" SK_OWNER "|2023-11-14T22:15:50Z|WAL only ใน WAL|-|" SK_PEER "|0|1|สมชาย|สมชาย|" SK_OWNER));
    CHECK(details_has(&r, 'D', "chatitem:3", "\"participants\":[\"" SK_OWNER "\",\"" SK_PEER "\",\"8:wangwei.cn\"]"));
    CHECK(details_has(&r, 'D', "chatitem:1", "\"raw_time\":1700000000000"));
    CHECK(has(&r, "K chatitem:5|" SK_PEER "|สมชาย|in|-|-|2023-11-14T22:15:20Z|95|0"));
    CHECK(has(&r, "C person:2|สมชาย|-|" SK_PEER "|" SK_OWNER));
    CHECK(has(&r, "C person:3|王 伟|-|8:wangwei.cn|" SK_OWNER));
    rec_free(&r);
}

#define SK_MAIN "/Users/minh/AppData/Roaming/Skype/minh.owner/main.db"
#define SK_CH "#minh.owner/$somchai.88;1a2b3c"
#define SK_GR "#wang.wei/$c0ffee00112233"

static void test_skype_main(void)
{
    rec r = { 0 };
    dft_chat_stats st;
    CHECK(run(SK_MAIN, "skype-main.db", &r, &st, NULL) == DFT_OK);
    CHECK(!strcmp(st.variant, "main.db") && !strcmp(st.account, "minh.owner"));
    CHECK(st.messages == 3 && st.calls == 2 && st.contacts == 2 && st.skipped == 0 && r.warnings == 0);
    CHECK(has(&r, "M Messages:1|in|somchai.88|minh.owner|2023-11-14T22:13:20Z|ไปกินข้าวไหม|-|" SK_CH "|0|0|สมชาย ใจดี|สมชาย ใจดี|minh.owner"));
    CHECK(has(&r, "M Messages:2|out|minh.owner|somchai.88|2023-11-14T22:13:40Z|ok &amp; see you|-|" SK_CH "|0|0|-|-|minh.owner"));
    CHECK(has(&r, "M Messages:3|in|wang.wei|" SK_GR "|2023-11-14T22:14:00Z|会议改到明天|-|" SK_GR "|0|0|Dự án 项目|王伟|minh.owner"));
    CHECK(details_has(&r, 'D', "Messages:3", "\"participants\":[\"wang.wei\",\"minh.owner\",\"somchai.88\"]"));
    CHECK(details_has(&r, 'D', "Messages:1", "\"raw_time\":1700000000,\"type\":61"));
    CHECK(has(&r, "K Calls:1|somchai.88|สมชาย ใจดี|in|answered|video|2023-11-14T22:15:00Z|125|0"));
    CHECK(has(&r, "K Calls:2|wang.wei|王伟|out|-|voice|2023-11-14T22:16:40Z|0|0"));
    CHECK(has(&r, "C Contacts:1|สมชาย ใจดี|+66898765432|somchai.88|minh.owner"));
    CHECK(has(&r, "C Contacts:2|王伟|+8613812345678|wang.wei|minh.owner"));
    rec_free(&r);
}

#define VIOS "/private/var/mobile/Containers/Shared/AppGroup/6A7B8C9D-0E1F-4A2B-8C3D-4E5F60718293/com.viber/database/Contacts.data"

static void test_viber_ios(void)
{
    rec r = { 0 };
    dft_chat_stats st;
    CHECK(run(VIOS, "viber-ios", &r, &st, NULL) == DFT_OK);
    /* the owner from the sibling settings/Settings.data (_myCanonizedPhoneNumber) */
    CHECK(!strcmp(st.variant, "ios-contacts.data") && !strcmp(st.account, "+66811111111"));
    CHECK(st.messages == 6 && st.messages_only_in_wal == 1 && st.calls == 2 && st.contacts == 2);
    CHECK(st.skipped == 0 && r.warnings == 0);
    CHECK(has(&r, "M ZVIBERMESSAGE:1|in|+66898765432|+66811111111|2023-11-14T22:13:20Z|สวัสดีครับ|-|1|0|0|สมชาย ใจดี|สมชาย ใจดี|+66811111111"));
    CHECK(has(&r, "M ZVIBERMESSAGE:2|out|+66811111111|+66898765432|2023-11-14T22:14:20Z|ok 好的|-|1|0|0|สมชาย ใจดี|-|+66811111111"));
    CHECK(has(&r, "M ZVIBERMESSAGE:3|in|+8613812345678|group:2|2023-11-14T22:15:20Z|大家好|-|2|0|0|Crypto ทีม 团队|王伟|+66811111111"));
    CHECK(has(&r, "M ZVIBERMESSAGE:4|in|+84912345678|group:2|2023-11-14T22:16:20Z|-|IMG_4321.jpg|2|0|0|Crypto ทีม 团队|Nguyễn Lan|+66811111111"));
    CHECK(has(&r, "M ZVIBERMESSAGE:5|out|+66811111111|group:2|2023-11-14T22:17:20Z|Xin chào|-|2|1|0|Crypto ทีม 团队|-|+66811111111"));
    CHECK(has(&r, "M ZVIBERMESSAGE:7|in|+66898765432|+66811111111|2023-11-14T22:21:40Z|WAL only 仅在日志|-|1|0|1|สมชาย ใจดี|สมชาย ใจดี|+66811111111"));
    CHECK(details_has(&r, 'D', "ZVIBERMESSAGE:3", "\"participants\":[\"+8613812345678\",\"+84912345678\"]"));
    CHECK(details_has(&r, 'D', "ZVIBERMESSAGE:1", "\"raw_time\":721692800,\"state_changed_utc\":\"2023-11-14T22:13:21Z\""));
    CHECK(details_has(&r, 'D', "ZVIBERMESSAGE:4", "\"attachment_type\":\"picture\""));
    for (size_t i = 0; i < r.n; i++) CHECK(strncmp(r.lines[i], "M ZVIBERMESSAGE:6|", 18) != 0);   /* the call's message */
    CHECK(has(&r, "K ZRECENT:1|+66898765432|สมชาย ใจดี|in|missed|video|2023-11-14T22:18:20Z|0|0"));
    CHECK(has(&r, "K ZRECENT:2|+8613812345678|-|out|-|voice|2023-11-14T22:20:00Z|42|0"));
    CHECK(has(&r, "C ZABCONTACT:1|สมชาย ใจดี|+66898765432|66898765432|+66811111111"));
    CHECK(has(&r, "C ZABCONTACT:2|Lan|+84912345678|+84 91 234 56 78|+66811111111"));
    rec_free(&r);
}

#define IG "/data/data/com.instagram.android/databases/direct.db"
#define IG_T1 "340282366841710300949128100000000001"
#define IG_T2 "340282366841710300949128100000000002"

static void test_instagram(void)
{
    rec r = { 0 };
    dft_chat_stats st;
    CHECK(run(IG, "instagram-android", &r, &st, NULL) == DFT_OK);
    CHECK(!strcmp(st.variant, "android-direct") && !strcmp(st.account, "1111111111"));
    CHECK(st.messages == 5 && st.messages_only_in_wal == 1 && st.calls == 1 && st.contacts == 0);
    CHECK(st.skipped == 0 && r.warnings == 0);
    CHECK(has(&r, "M messages:1|in|2222222222|1111111111|2023-11-14T22:13:20Z|สวัสดีครับ|-|" IG_T1 "|0|0|somchai.th|somchai.th|1111111111"));
    CHECK(has(&r, "M messages:2|out|1111111111|2222222222|2023-11-14T22:13:50Z|hi 你好|-|" IG_T1 "|0|0|somchai.th|-|1111111111"));
    CHECK(has(&r, "M messages:3|in|3333333333|thread:" IG_T2 "|2023-11-14T22:14:20Z|大家好|-|" IG_T2 "|0|0|Nhóm du lịch 旅行|wang.wei|1111111111"));
    /* microseconds kept */
    CHECK(has(&r, "M messages:4|in|4444444444|thread:" IG_T2 "|2023-11-14T22:14:50.000123Z|-|-|" IG_T2 "|0|0|Nhóm du lịch 旅行|lan.ng|1111111111"));
    CHECK(has(&r, "M messages:6|in|2222222222|1111111111|2023-11-14T22:15:50Z|WAL only ใน WAL|-|" IG_T1 "|0|1|somchai.th|somchai.th|1111111111"));
    CHECK(details_has(&r, 'D', "messages:3", "\"participants\":[\"3333333333\",\"4444444444\"]"));
    CHECK(details_has(&r, 'D', "messages:4", "\"media_url\":\"https://scontent.cdninstagram.com/v/t51/abc.jpg\""));
    CHECK(details_has(&r, 'D', "messages:1", "\"raw_time\":1700000000000000,\"message_type\":\"text\",\"item_id\":\"30001\""));
    CHECK(has(&r, "K messages:5|2222222222|somchai.th|out|-|video|2023-11-14T22:15:20Z|-1|0"));
    CHECK(details_has(&r, 'E', "messages:5", "\"action\":\"video_call_started\",\"description\":\"You started a video chat\",\"did_join\":true,\"vc_id\":\"987654321\""));
    rec_free(&r);
}

#define TN "/data/data/com.enflick.android.TextNow/databases/textnow_data.db"
#define TN_G "group_5e6f7a@textnow.me"

static void test_textnow(void)
{
    rec r = { 0 };
    dft_chat_stats st;
    CHECK(run(TN, "textnow-android", &r, &st, "+12025550100") == DFT_OK);
    CHECK(!strcmp(st.variant, "android-textnow_data") && !strcmp(st.account, "+12025550100"));
    CHECK(st.messages == 5 && st.messages_only_in_wal == 1 && st.calls == 2 && st.contacts == 3);
    CHECK(st.skipped == 0 && r.warnings == 0);
    CHECK(has(&r, "M messages:1|in|+12025550143|+12025550100|2023-11-14T22:13:20Z|send the code 1234|-|+12025550143|0|0|Mike Hunt|Mike Hunt|+12025550100"));
    CHECK(has(&r, "M messages:2|out|+12025550100|+12025550143|2023-11-14T22:13:30Z|ok|-|+12025550143|0|0|Mike Hunt|-|+12025550100"));
    /* a national number resolves with the device region (TH in this test) */
    CHECK(has(&r, "M messages:3|in|+66898765432|+12025550100|2023-11-14T22:13:40Z|-|/storage/emulated/0/TextNow/media/mms_1.jpg|0898765432|0|0|สมชาย|สมชาย|+12025550100"));
    CHECK(has(&r, "M messages:4|out|+12025550100|" TN_G "|2023-11-14T22:13:50Z|Chào cả nhà|-|" TN_G "|0|0|Weekend 周末|-|+12025550100"));
    CHECK(details_has(&r, 'D', "messages:4", "\"participants\":[\"+12025550143\",\"0898765432\"]"));
    CHECK(has(&r, "M messages:7|in|+66898765432|+12025550100|2023-11-14T22:14:20Z|WAL only ใน WAL|-|0898765432|0|1|สมชาย|สมชาย|+12025550100"));
    CHECK(has(&r, "K messages:5|+12025550143|Mike Hunt|out|-|voice|2023-11-14T22:14:00Z|61|0"));
    CHECK(has(&r, "K messages:6|+66898765432|สมชาย|in|-|voice|2023-11-14T22:14:10Z|0|0"));
    CHECK(details_has(&r, 'E', "messages:6", "\"message_type\":102"));
    CHECK(has(&r, "C contacts:1|Mike Hunt|+12025550143|+12025550143|+12025550100"));
    CHECK(has(&r, "C contacts:2|สมชาย|+66898765432|0898765432|+12025550100"));
    rec_free(&r);
}

#define FBI "/private/var/mobile/Containers/Shared/AppGroup/0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9/lightspeed-userDatabases/100012345678901.db"
#define FB_ME "100012345678901"
#define FB_PEER "100098765432109"

static void test_messenger_ios(void)
{
    rec r = { 0 };
    dft_chat_stats st;
    CHECK(run(FBI, "messenger-ios-lightspeed", &r, &st, NULL) == DFT_OK);
    CHECK(!strcmp(st.variant, "ios-lightspeed") && !strcmp(st.account, FB_ME));
    CHECK(st.messages == 5 && st.messages_only_in_wal == 1 && st.contacts == 1 && st.skipped == 0 && r.warnings == 0);
    CHECK(has(&r, "M messages:1|in|" FB_PEER "|" FB_ME "|2023-11-14T22:13:20Z|Chào bạn|-|" FB_PEER "|0|0|Trần Văn Hùng|Trần Văn Hùng|" FB_ME));
    CHECK(has(&r, "M messages:2|out|" FB_ME "|" FB_PEER "|2023-11-14T22:13:25Z|ok 好|image-1.jpg|" FB_PEER "|0|0|-|-|" FB_ME));
    CHECK(has(&r, "M messages:3|in|" FB_PEER "|" FB_ME "|2023-11-14T22:13:40Z|only in WAL ใน WAL|-|" FB_PEER "|0|1|Trần Văn Hùng|Trần Văn Hùng|" FB_ME));
    CHECK(has(&r, "M client_messages:1|in|" FB_PEER "|" FB_ME "|2023-11-14T22:13:30Z|e2ee สวัสดี|-|555|0|0|-|Trần Văn Hùng|" FB_ME));
    CHECK(has(&r, "M client_messages:2|out|" FB_ME "|555|2023-11-14T22:13:35Z|-|/private/var/mobile/Containers/Shared/AppGroup/"
                  "0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9/lightspeed-TAMStorage/media_bank/AdvancedCrypto/ab/persistent/img1.jpg|555|0|0|-|-|" FB_ME));
    CHECK(details_has(&r, 'D', "messages:1", "\"raw_time\":1700000000000,\"message_id\":\"mid.$cAAA1\""));
    CHECK(has(&r, "C contacts:" FB_PEER "|Trần Văn Hùng|-|" FB_PEER "|" FB_ME));   /* id is the rowid */
    rec_free(&r);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_chat_more FIXTURE_OUTDIR\n");
        return 2;
    }
    snprintf(root, sizeof root, "%s/dump", argv[1]);
    RUN(test_signal_modern);
    RUN(test_signal_old);
    RUN(test_skype_live);
    RUN(test_skype_main);
    RUN(test_viber_ios);
    RUN(test_instagram);
    RUN(test_textnow);
    RUN(test_messenger_ios);
    return check_failures ? 1 : 0;
}
