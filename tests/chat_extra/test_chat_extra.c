/*
 * test_chat_extra.c - the tests/chat_extra parsers (parsers/chat_samsung_rcs.c) called directly on the
 * dump built by tests/chat_extra/make_fixtures.py (argv[1] = its OUTDIR) with the shared recording sink
 * (tests/chat_common/chat_recorder.h): exact rows (parties as E.164 from tel:/sip: URIs, directions,
 * UTC times, group subject and members, file transfer as attachment, WAL-only row), stats, detection.
 */
#include "chat_recorder.h"

#define SRCS "/data/data/com.sec.imsservice/databases/rcsim.db"
#define C1 "5f1c2a9e-1111-4aaa-8bbb-000000000001"
#define G1 "5f1c2a9e-2222-4aaa-8bbb-000000000002"
#define ME "+66811111111"

static void test_samsung_rcs(void)
{
    rec r = { 0 };
    dft_chat_stats st;
    CHECK(run(SRCS, "samsung-rcs", &r, &st, "0811111111") == DFT_OK);
    CHECK(!strcmp(st.variant, "android-samsung-rcsim") && !strcmp(st.account, ME));
    CHECK(st.messages == 6 && st.messages_only_in_wal == 1 && st.calls == 0 && st.contacts == 3);
    CHECK(st.skipped == 0 && r.warnings == 0);
    /* source|direction|sender|recipient|sent|body|attachment|thread|deleted|wal|title|sender_name|account */
    CHECK(has(&r, "M message:1|in|+66898765432|" ME "|2023-11-14T22:13:20Z|สวัสดี RCS|-|" C1 "|0|0|-|สมชาย|" ME));
    CHECK(has(&r, "M message:2|out|" ME "|+66898765432|2023-11-14T22:13:30Z|ok 好的|-|" C1 "|0|0|-|-|" ME));
    CHECK(has(&r, "M message:3|in|+8613812345678|" G1 "|2023-11-14T22:13:40Z|Chào cả nhà|-|" G1 "|0|0|Nhóm gia đình 家|王伟|" ME));
    CHECK(has(&r, "M message:4|out|" ME "|" G1 "|2023-11-14T22:13:50Z|-|/storage/emulated/0/Android/media/"
                  "com.samsung.android.messaging/RCS/IMG_0001.jpg|" G1 "|0|0|Nhóm gia đình 家|-|" ME));
    CHECK(has(&r, "M message:5|in|+66898765432|" G1 "|2023-11-14T22:14:00Z|via sip|-|" G1 "|0|0|Nhóm gia đình 家|-|" ME));
    CHECK(has(&r, "M message:6|in|+66898765432|" ME "|2023-11-14T22:14:10Z|WAL only ใน WAL|-|" C1 "|0|1|-|สมชาย|" ME));
    CHECK(details_has(&r, 'D', "message:1", "\"raw_time\":1700000000000"));
    CHECK(details_has(&r, 'D', "message:1", "\"sent_utc\":\"2023-11-14T22:13:19Z\""));
    CHECK(details_has(&r, 'D', "message:1", "\"remote_uri\":\"tel:+66898765432\""));
    CHECK(details_has(&r, 'D', "message:2", "\"direction_raw\":1"));
    CHECK(!details_has(&r, 'D', "message:3", "sent_utc"));
    CHECK(details_has(&r, 'D', "message:4", "\"file_transfer\":true"));
    CHECK(details_has(&r, 'D', "message:4", "\"file_name\":\"IMG_0001.jpg\""));
    CHECK(details_has(&r, 'D', "message:4", "\"file_size\":204800"));
    CHECK(details_has(&r, 'D', "message:3", "\"participants\":[\"tel:+8613812345678\",\"sip:0898765432@ims.mnc001.mcc520.3gppnetwork.org\"]"));
    CHECK(!details_has(&r, 'D', "message:1", "participants"));
    /* C source|name|phone|handle|account */
    CHECK(has(&r, "C participant:1|สมชาย|+66898765432|+66898765432|" ME));
    CHECK(has(&r, "C participant:2|王伟|+8613812345678|+8613812345678|" ME));
    CHECK(has(&r, "C participant:3|-|+66898765432|+66898765432|" ME));
    rec_free(&r);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_chat_extra FIXTURE_OUTDIR\n");
        return 2;
    }
    snprintf(root, sizeof root, "%s/dump", argv[1]);
    RUN(test_samsung_rcs);
    return check_failures ? 1 : 0;
}
