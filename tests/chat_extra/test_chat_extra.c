/*
 * test_chat_extra.c - the tests/chat_extra parsers (parsers/chat_samsung_rcs.c, chat_potato.c) called directly on the
 * dump built by tests/chat_extra/make_fixtures.py (argv[1] = its OUTDIR) with the shared recording sink
 * (tests/chat_common/chat_recorder.h): exact rows (parties as E.164 from tel:/sip: URIs, directions,
 * UTC times, group subject and members, file transfer as attachment, WAL-only row), stats, detection.
 */
#include "chat_recorder.h"
#include "chat_export_common.h"

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

#define POTATO "/private/var/mobile/Containers/Shared/AppGroup/7A1B2C3D-4E5F-4071-8293-A4B5C6D7E8F9/Documents/tgdata.db"

static void test_potato(void)
{
    rec r = { 0 };
    dft_chat_stats st;
    CHECK(run(POTATO, "potato-ios", &r, &st, NULL) == DFT_OK);
    CHECK(!strcmp(st.variant, "ios-tgdata") && !strcmp(st.account, ""));
    CHECK(st.messages == 4 && st.messages_only_in_wal == 1 && st.calls == 0 && st.contacts == 2);
    CHECK(st.skipped == 0 && r.warnings == 0);
    /* the newest table (v29, not v3); Unix seconds; names from users_v29 */
    CHECK(has(&r, "M messages_v29:1|in|222|111|2023-11-14T22:13:20Z|สวัสดี Potato|-|222|0|0|สมชาย ใจดี|สมชาย ใจดี|-"));
    CHECK(has(&r, "M messages_v29:2|out|111|222|2023-11-14T22:13:30Z|ok 好的|-|222|0|0|สมชาย ใจดี|-|-"));
    CHECK(has(&r, "M messages_v29:3|in|333|111|2023-11-14T22:13:40Z|-|-|333|0|0|王 伟|王 伟|-"));
    CHECK(has(&r, "M messages_v29:4|in|333|111|2023-11-14T22:13:50Z|WAL only 仅WAL|-|333|0|1|王 伟|王 伟|-"));
    CHECK(details_has(&r, 'D', "messages_v29:1", "\"raw_time\":1700000000"));
    CHECK(details_has(&r, 'D', "messages_v29:2", "\"recipient_name\":\"สมชาย ใจดี\""));
    CHECK(details_has(&r, 'D', "messages_v29:3", "\"media\":true"));
    CHECK(!details_has(&r, 'D', "messages_v29:1", "\"media\""));
    CHECK(has(&r, "C users_v29:222|สมชาย ใจดี|-|222|-"));
    CHECK(has(&r, "C users_v29:333|王 伟|-|333|-"));
    rec_free(&r);
}

#define DISCORD "/data/data/com.discord/files/kv-storage/@account.111111111111111111/a"
#define DME "111111111111111111"
#define DDM "900000000000000001"
#define DGC "900000000000000002"

static void test_discord(void)
{
    rec r = { 0 };
    dft_chat_stats st;
    CHECK(run(DISCORD, "discord-kv", &r, &st, "0811111111") == DFT_OK);
    CHECK(!strcmp(st.variant, "kv-storage") && !strcmp(st.account, DME));
    CHECK(st.messages == 5 && st.messages_only_in_wal == 1 && st.calls == 0 && st.contacts == 0);
    CHECK(st.skipped == 1 && r.warnings == 1);   /* messages0:5 is not JSON */
    /* ISO 8601 with offsets -> UTC (ms kept); author.id == the path's account id -> out */
    CHECK(has(&r, "M messages0:1|in|222222222222222222|" DDM "|2023-11-14T22:13:20.123Z|สวัสดี Discord|IMG_0001.jpg|" DDM
                  "|0|0|-|สมชาย|" DME));
    CHECK(has(&r, "M messages0:2|out|" DME "|" DDM "|2023-11-14T22:13:30Z|ok 好的|-|" DDM "|0|0|-|Boss|" DME));
    CHECK(has(&r, "M messages0:3|in|333333333333333333|" DGC "|2023-11-14T22:13:40Z|Chào cả nhà|-|" DGC "|0|0|-|wang|" DME));
    CHECK(has(&r, "M messages0:4|out|" DME "|" DDM "|2023-11-14T22:13:50Z|-|-|" DDM "|0|0|-|Boss|" DME));
    CHECK(has(&r, "M messages0:6|in|222222222222222222|" DDM "|2023-11-14T22:14:10Z|WAL only ใน WAL|-|" DDM "|0|1|-|สมชาย|" DME));
    CHECK(details_has(&r, 'D', "messages0:1", "\"raw_time\":\"2023-11-14T22:13:20.123000+00:00\""));
    CHECK(details_has(&r, 'D', "messages0:1", "\"attachment_url\":\"https://cdn.discordapp.com/attachments/9/5/IMG_0001.jpg\""));
    CHECK(details_has(&r, 'D', "messages0:1", "\"attachment_size\":204800"));
    CHECK(details_has(&r, 'D', "messages0:1", "\"message_id\":\"1100000000000000001\""));
    CHECK(details_has(&r, 'D', "messages0:2", "\"reply_to\":\"1100000000000000001\""));
    CHECK(details_has(&r, 'D', "messages0:2", "\"edited_utc\":\"2023-11-14T22:14:00.500Z\""));
    CHECK(details_has(&r, 'D', "messages0:2", "\"type\":19"));
    CHECK(details_has(&r, 'D', "messages0:2", "\"mentions\":[\"222222222222222222\"]"));
    CHECK(details_has(&r, 'D', "messages0:3", "\"guild_id\":\"700000000000000007\""));
    CHECK(details_has(&r, 'D', "messages0:3", "\"bot\":true"));
    CHECK(details_has(&r, 'D', "messages0:3", "\"mentions\":[\"" DME "\",\"222222222222222222\"]"));
    CHECK(details_has(&r, 'D', "messages0:4", "\"call_ended_utc\":\"2023-11-14T22:15:50Z\""));
    CHECK(!details_has(&r, 'D', "messages0:3", "edited_utc"));
    rec_free(&r);
}

#define SIGIOS_DIR "/private/var/mobile/Containers/Shared/AppGroup/5B6C7D8E-9F00-4112-8324-354657687980"
#define SIGIOS SIGIOS_DIR "/grdb/signal.sqlite"
#define PEER_ACI "9d0652a3-dcc3-4d11-975f-74d61598733f"
#define MEMBER_ACI "4f1e2d3c-0b0a-4998-8776-655443322110"

static void test_signal_ios(void)
{
    rec r = { 0 };
    dft_chat_stats st;
    CHECK(run(SIGIOS, "signal-ios", &r, &st, "0811111111") == DFT_OK);
    CHECK(!strcmp(st.variant, "ios-grdb") && !strcmp(st.account, ME));
    CHECK(st.messages == 5 && st.messages_only_in_wal == 1 && st.calls == 0 && st.contacts == 2);
    CHECK(st.skipped == 0 && r.warnings == 0);
    /* recordType 19 in / 21 out (the owner: the evidence's number); group thread -> group:<uniqueId> */
    CHECK(has(&r, "M model_TSInteraction:1|in|+66898765432|" ME "|2023-11-14T22:13:20Z|สวัสดี Signal|-|T1|0|0|-|-|" ME));
    CHECK(has(&r, "M model_TSInteraction:2|out|" ME "|+66898765432|2023-11-14T22:13:30Z|ok 好的|" SIGIOS_DIR
                  "/Attachments/ABCD1234/IMG_0001.jpg|T1|0|0|-|-|" ME));
    CHECK(has(&r, "M model_TSInteraction:3|in|" MEMBER_ACI "|group:G2|2023-11-14T22:13:40Z|Chào cả nhà|-|G2|0|0|-|-|" ME));
    CHECK(has(&r, "M model_TSInteraction:4|-|-|" ME "|2023-11-14T22:13:50Z|-|-|T1|0|0|-|-|" ME));
    CHECK(has(&r, "M model_TSInteraction:5|in|+66898765432|" ME "|2023-11-14T22:14:00Z|WAL only ใน WAL|-|T1|0|1|-|-|" ME));
    CHECK(details_has(&r, 'D', "model_TSInteraction:1", "\"received_utc\":\"2023-11-14T22:13:20.500Z\""));
    CHECK(details_has(&r, 'D', "model_TSInteraction:1", "\"server_utc\":\"2023-11-14T22:13:20.100Z\""));
    CHECK(details_has(&r, 'D', "model_TSInteraction:1", "\"record_type\":19"));
    CHECK(details_has(&r, 'D', "model_TSInteraction:1", "\"read\":true"));
    CHECK(details_has(&r, 'D', "model_TSInteraction:2", "\"expires_in_s\":3600"));
    CHECK(details_has(&r, 'D', "model_TSInteraction:2", "\"attachment_name\":\"IMG_0001.jpg\""));
    CHECK(details_has(&r, 'D', "model_TSInteraction:2", "\"attachments\":2"));   /* an album of two */
    CHECK(!details_has(&r, 'D', "model_TSInteraction:1", "\"attachments\""));
    CHECK(details_has(&r, 'D', "model_TSInteraction:3", "\"voice_message\":true"));
    CHECK(details_has(&r, 'D', "model_TSInteraction:3", "\"group\":true"));
    CHECK(details_has(&r, 'D', "model_TSInteraction:4", "\"event\":\"info\""));
    CHECK(!details_has(&r, 'D', "model_TSInteraction:1", "\"event\""));
    CHECK(has(&r, "C model_SignalRecipient:1|-|+66898765432|" PEER_ACI "|" ME));
    CHECK(has(&r, "C model_SignalRecipient:2|-|-|" MEMBER_ACI "|" ME));
    rec_free(&r);
}

#define S4L "/Users/worker/AppData/Local/Packages/Microsoft.SkypeApp_kzf8qxf38zg5c/LocalState/s4l-worker.boss88.db"
#define S4L_ME "worker.boss88"
#define S4L_PEER "live:.cid.9988776655"
#define S4L_GROUP "19:0f1e2d3c4b5a69788796a5b4c3d2e1f0@thread.skype"

static void test_skype_s4l(void)
{
    rec r = { 0 };
    dft_chat_stats st;
    CHECK(run(S4L, "skype-s4l", &r, &st, "0811111111") == DFT_OK);
    CHECK(!strcmp(st.variant, "s4l") && !strcmp(st.account, S4L_ME));   /* internaldata Cpriv_prefs_v2 */
    CHECK(st.messages == 5 && st.messages_only_in_wal == 1 && st.calls == 0 && st.contacts == 2);
    CHECK(st.skipped == 1 && r.warnings == 1);   /* messagesv12:5 is not JSON */
    CHECK(has(&r, "M messagesv12:1|in|" S4L_PEER "|" S4L_ME "|2023-11-14T22:13:20Z|สวัสดี Skype|-|8:" S4L_PEER "|0|0|-|-|" S4L_ME));
    CHECK(has(&r, "M messagesv12:2|out|" S4L_ME "|" S4L_PEER "|2023-11-14T22:13:30Z|ok &lt;b&gt;好的&lt;/b&gt;|-|8:" S4L_PEER
                  "|0|0|-|-|" S4L_ME));
    CHECK(has(&r, "M messagesv12:3|in|wang.wei|" S4L_GROUP "|2023-11-14T22:13:40Z|Chào cả nhà|-|" S4L_GROUP "|0|0|Đội 2 二组|-|" S4L_ME));
    /* _isMyMessage missing: the creator is the owner -> out; empty content -> no body */
    CHECK(has(&r, "M messagesv12:4|out|" S4L_ME "|" S4L_GROUP "|2023-11-14T22:13:50Z|-|-|" S4L_GROUP "|0|0|Đội 2 二组|-|" S4L_ME));
    CHECK(has(&r, "M messagesv12:6|in|" S4L_PEER "|" S4L_ME "|2023-11-14T22:14:10Z|WAL only ใน WAL|-|8:" S4L_PEER "|0|1|-|-|" S4L_ME));
    CHECK(details_has(&r, 'D', "messagesv12:1", "\"raw_time\":1700000000000"));
    CHECK(details_has(&r, 'D', "messagesv12:1", "\"cuid\":\"1001\""));
    CHECK(details_has(&r, 'D', "messagesv12:1", "\"creator\":\"8:" S4L_PEER "\""));
    CHECK(details_has(&r, 'D', "messagesv12:3", "\"participants\":[\"8:" S4L_ME "\",\"8:" S4L_PEER "\",\"8:wang.wei\"]"));
    CHECK(!details_has(&r, 'D', "messagesv12:1", "participants"));
    CHECK(has(&r, "C profilecachev8:1|สมชาย ใจดี|+66898765432|" S4L_PEER "|" S4L_ME));
    CHECK(has(&r, "C profilecachev8:2|老王|-|wang.wei|" S4L_ME));
    rec_free(&r);
}

/* dft_export_iso8601_to_utc: offsets, fractions, and what is refused */
static void test_iso8601(void)
{
    char o[DFT_TIME_LEN];
    CHECK(dft_export_iso8601_to_utc("2023-11-15T05:13:30+07:00", o) && !strcmp(o, "2023-11-14T22:13:30Z"));
    CHECK(dft_export_iso8601_to_utc("2023-11-14T22:13:20.123456+00:00", o) && !strcmp(o, "2023-11-14T22:13:20.123Z"));
    CHECK(dft_export_iso8601_to_utc("2024-02-29 23:30:00-0530", o) && !strcmp(o, "2024-03-01T05:00:00Z"));
    CHECK(dft_export_iso8601_to_utc("2023-01-01T00:00Z", o) && !strcmp(o, "2023-01-01T00:00:00Z"));
    CHECK(dft_export_iso8601_to_utc("2023-01-01T00:30:00+01", o) && !strcmp(o, "2022-12-31T23:30:00Z"));
    CHECK(!dft_export_iso8601_to_utc("2023-11-14T22:13:20", o) && !o[0]);          /* no zone */
    CHECK(!dft_export_iso8601_to_utc("2023-02-29T00:00:00Z", o));                 /* not a leap year */
    CHECK(!dft_export_iso8601_to_utc("2023-11-14T22:13:20Zjunk", o));
    CHECK(!dft_export_iso8601_to_utc("2023-11-14T22:13:20+25:00", o));
    CHECK(!dft_export_iso8601_to_utc("2023-11-14T22:13:20.Z", o));
    CHECK(!dft_export_iso8601_to_utc("", o) && !dft_export_iso8601_to_utc(NULL, o));
}

/* run() with a VM-op budget on the connection: parse status, rows counted in *st. */
static int run_budget(const char *device, const char *want, rec *r, dft_chat_stats *st, uint64_t steps)
{
    char p[8192];
    snprintf(p, sizeof p, "%s%s", root, device);
    dft_chatdb *db = NULL;
    dft_chatdb_opts o = { .path = p, .step_budget = steps };
    int rc = dft_chatdb_open(&db, &o);
    CHECK(rc == DFT_OK);
    if (rc) return rc;
    dft_chat_ctx ctx = { .device_path = device, .region = "TH" };
    const dft_chat_parser *pr = NULL;
    for (size_t i = 0; i < NPARSERS; i++)
        if (!strcmp(parsers[i]->name, want)) pr = parsers[i];
    CHECK(pr && pr->detect(db, &ctx) > 0);
    memset(st, 0, sizeof *st);
    dft_chat_sink sink = { .payload = r, .message = s_msg, .contact = s_contact, .warning = s_warn };
    rc = pr ? pr->parse(db, &ctx, &sink, st) : DFT_ERROR;
    dft_chatdb_close(db);
    return rc;
}

#define BIG_N 1500
#define BIG_STEPS 4000000ull   /* the joins need < 0.5 M; the old correlated subqueries > 10 M */

/* Hostile variants (make_fixtures.py hostile()): each once failed. */
static const char *hostile_out;

static void test_hostile(void)
{
    const char *out = hostile_out;
    rec r = { 0 };
    dft_chat_stats st;
    /* session / participant without _id: the per-message subqueries used to fail to prepare (no rows) */
    snprintf(root, sizeof root, "%s/hostile_noid", out);
    CHECK(run(SRCS, "samsung-rcs", &r, &st, NULL) == DFT_OK);
    CHECK(st.messages == 2 && st.contacts == 1 && st.skipped == 0 && r.warnings == 0);
    CHECK(has(&r, "M message:1|in|+66898765432|" G1 "|2023-11-14T22:13:20Z|group hi|-|" G1 "|0|0|Nhóm|-|-"));
    CHECK(has(&r, "M message:2|out|-|+66898765432|2023-11-14T22:13:21Z|one to one|-|" C1 "|0|0|-|-|-"));
    CHECK(details_has(&r, 'D', "message:1", "\"participants\":[\"tel:+66898765432\"]"));
    rec_free(&r);

    /* a BLOB participant uri: json_group_array's error used to end the loop at message 1 (0 rows, a
     * warning); an ill-formed UTF-8 uri becomes U+FFFD in the details, NUL is escaped */
    memset(&r, 0, sizeof r);
    snprintf(root, sizeof root, "%s/hostile_blob", out);
    CHECK(run(SRCS, "samsung-rcs", &r, &st, NULL) == DFT_OK);
    CHECK(st.messages == 3 && st.skipped == 0 && r.warnings == 0);
    CHECK(has(&r, "M message:3|in|+66898765432|" G1 "|2023-11-14T22:13:22Z|group 2|-|" G1 "|0|0|G|-|-"));
    CHECK(details_has(&r, 'D', "message:1", "\"participants\":[\"tel:+6689\\u0000\xef\xbf\xbd\",\"tel:+66\xef\xbf\xbd\"]"));
    rec_free(&r);

    /* 1,500 messages over unindexed session / participant / users_vN keys, under a budget of 4 M VM
     * ops: the correlated subqueries (messages x rows) overran it and lost the rows after it */
    memset(&r, 0, sizeof r);
    snprintf(root, sizeof root, "%s/hostile_big", out);
    CHECK(run_budget(SRCS, "samsung-rcs", &r, &st, BIG_STEPS) == DFT_OK);
    CHECK(st.messages == BIG_N && st.skipped == 0 && r.warnings == 0);
    CHECK(has(&r, "M message:1500|in|+66890001499|chat-1499|2023-11-14T22:38:19Z|m1499|-|chat-1499|0|0|G1499|-|-"));
    CHECK(details_has(&r, 'D', "message:1500", "\"participants\":[\"tel:+66890001499\"]"));
    rec_free(&r);
    memset(&r, 0, sizeof r);
    CHECK(run_budget(POTATO, "potato-ios", &r, &st, BIG_STEPS) == DFT_OK);
    CHECK(st.messages == BIG_N && st.contacts == BIG_N + 1 && st.skipped == 0 && r.warnings == 0);
    /* uid 1000 has two rows: the first names it, the message is not doubled */
    CHECK(has(&r, "M messages_v29:1|in|1000|1|2023-11-14T22:13:20Z|m0|-|1000|0|0|F0 L|F0 L|-"));
    CHECK(has(&r, "M messages_v29:1500|in|2499|1|2023-11-14T22:38:19Z|m1499|-|2499|0|0|F1499 L|F1499 L|-"));
    rec_free(&r);

    /* Discord: "\u0000" in content kept the message out of the case; deep JSON, NULL and integer data
     * are warnings, the row after them is read */
    memset(&r, 0, sizeof r);
    snprintf(root, sizeof root, "%s/hostile", out);
    CHECK(run(DISCORD, "discord-kv", &r, &st, NULL) == DFT_OK);
    CHECK(st.messages == 3 && st.skipped == 3 && r.warnings == 3);
    /* a prefix byte that is itself '{' (0x7b): the JSON is found at the next '{' */
    CHECK(has(&r, "M messages0:6|in|222222222222222222|" DDM "|2023-11-14T22:13:06Z|prefix byte 0x7b|-|" DDM
                  "|0|0|-|somchai|" DME));
    CHECK(has(&r, "M messages0:1|in|222222222222222222|" DDM "|2023-11-14T22:13:01Z|hidden\xef\xbf\xbd" "after nul|-|" DDM
                  "|0|0|-|somchai|" DME));
    CHECK(has(&r, "M messages0:5|in|222222222222222222|" DDM "|2023-11-14T22:13:05Z|after the hostile rows|-|" DDM
                  "|0|0|-|somchai|" DME));
    rec_free(&r);

    /* Skype s4l: the same NUL trick in nsp_data */
    memset(&r, 0, sizeof r);
    CHECK(run(S4L, "skype-s4l", &r, &st, NULL) == DFT_OK);
    CHECK(!strcmp(st.account, S4L_ME));   /* from the file name: no internaldata */
    CHECK(st.messages == 2 && st.skipped == 0 && r.warnings == 0);
    CHECK(has(&r, "M messagesv12:1|in|" S4L_PEER "|" S4L_ME "|2023-11-14T22:13:20Z|pay to\xef\xbf\xbd wallet 0xabc|-|8:" S4L_PEER
                  "|0|0|-|-|" S4L_ME));
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
    RUN(test_potato);
    RUN(test_discord);
    RUN(test_iso8601);
    RUN(test_signal_ios);
    RUN(test_skype_s4l);
    hostile_out = argv[1];
    RUN(test_hostile);
    return check_failures ? 1 : 0;
}
