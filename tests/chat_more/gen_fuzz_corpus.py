#!/usr/bin/env python3
"""gen_fuzz_corpus.py [OUTDIR] - the seed corpus of tests/fuzz/chat_more_fuzz.c: each fixture database of
tests/chat_more/make_fixtures.py (Signal 2023+ / sms+mms, Skype live / main.db, Viber iOS Contacts.data +
Settings.data, Instagram direct.db, TextNow textnow_data.db, Messenger iOS lightspeed db) rewritten small (page size 512, vacuumed, WAL folded in), plus hostile variants: rows whose
types lie (blobs and huge numbers where times and ids belong), a huge text, NULL keys, a recipient that is
its own group member, a thread pointing nowhere, side tables missing. Default OUTDIR:
tests/fuzz/corpus/chat_more. Deterministic: re-running reproduces the committed seeds."""
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_fixtures  # noqa: E402
import fixture_db  # noqa: E402  (make_fixtures put tests/chat_common on the path)

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "fuzz", "corpus", "chat_more")
os.makedirs(OUT, exist_ok=True)


def shrink(src, name, extra=()):
    fixture_db.shrink(OUT, src, name, extra)


def main():
    tmp = tempfile.mkdtemp()
    make_fixtures.main_into(tmp)
    r = tmp + "/dump"
    sig = r + "/data/data/org.thoughtcrime.securesms/databases/signal.db"
    sig_old = r + "/data/user/10/org.thoughtcrime.securesms/databases/signal.db"
    live = r + "/data/data/com.skype.raider/databases/live:minh.owner.db"
    main_db = r + "/Users/minh/AppData/Roaming/Skype/minh.owner/main.db"
    vios = r + make_fixtures.VIBER_IOS_DIR
    shrink(sig, "signal_message")
    shrink(sig_old, "signal_sms_mms")
    shrink(live, "skype_live")
    shrink(main_db, "skype_main")
    shrink(vios + "/database/Contacts.data", "viber_ios")
    shrink(vios + "/settings/Settings.data", "viber_ios_settings")
    shrink(sig, "signal_hostile", [
        "INSERT INTO message (_id, date_sent, date_received, thread_id, from_recipient_id, to_recipient_id, type, body) "
        "VALUES (50, x'00ff', 9223372036854775807, 999, -1, 4, -9223372036854775808, zeroblob(64))",
        "INSERT INTO message (_id, date_sent, date_received, thread_id, from_recipient_id, to_recipient_id, type, body) "
        "VALUES (51, 'soon', -1, 2, 4, 4, 10, '" + "长" * 3000 + "')",
        "INSERT INTO recipient (_id, group_id, e164) VALUES (60, '', x'2b3636')",
        "INSERT INTO group_membership (group_id, recipient_id) VALUES ('__signal_group__v2__!8f3a2b', 4)",
        "INSERT INTO call (_id, call_id, peer, type, direction, event, timestamp) VALUES (9, 1, 4, 99, 7, -3, 'x')",
        "DROP TABLE attachment",
    ])
    shrink(sig_old, "signal_old_hostile", [
        "UPDATE groups SET members = ',,,-5,abc,3,3,' || hex(zeroblob(200))",
        "INSERT INTO sms (_id, thread_id, address, date, date_sent, type, body) VALUES (40, NULL, 'x', -1, -1, 2, NULL)",
        "DROP TABLE thread",
    ])
    shrink(live, "skype_hostile", [
        "INSERT INTO chatitem (nsp_pk, conversation_link, person_id, time, content, is_sender_me, message_type, duration) "
        "VALUES ('z1', NULL, NULL, 'x', x'00', 7, 3, 'long')",
        "DROP TABLE particiapnt",
    ])
    shrink(main_db, "skype_main_hostile", [
        "UPDATE Chats SET participants = '   ' || hex(zeroblob(300))",
        "INSERT INTO Messages (id, chatname, author, timestamp, body_xml) VALUES (99, NULL, NULL, 99999999999999, NULL)",
        "DROP TABLE CallMembers",
    ])
    shrink(vios + "/database/Contacts.data", "viber_ios_hostile", [
        "INSERT INTO ZVIBERMESSAGE (Z_PK, ZCONVERSATION, ZPHONENUMINDEX, ZSTATEDATE, ZSTATE, ZTEXT) "
        "VALUES (90, 90, 90, 'x', x'00', zeroblob(10))",
        "INSERT INTO ZRECENT (Z_PK, ZCALLLOGMESSAGE, ZDATE, ZDURATION, ZCALLTYPE) VALUES (9, 90, 1e300, -1e300, NULL)",
        "DROP TABLE ZPHONENUMBER",
    ])
    ig = r + "/data/data/com.instagram.android/databases/direct.db"
    shrink(ig, "instagram")
    shrink(ig, "instagram_hostile", [
        "INSERT INTO messages (_id, user_id, thread_id, timestamp, message_type, text, message) "
        "VALUES (20, '1', x'00', 'x', 'video_call_event', NULL, '{\"user_id\": [1], \"video_call_event\": 5}')",
        "INSERT INTO messages (_id, user_id, thread_id, timestamp, message_type, text, message) "
        "VALUES (21, '1', '340282366841710300949128100000000002', -9223372036854775808, 'media', NULL, "
        "'{\"user_id\": 1, \"media\": {\"image_versions2\": {\"candidates\": [1, {\"url\": 5}]}}}')",
        "INSERT INTO messages (_id, user_id, thread_id, timestamp, message_type, text, message) "
        "VALUES (22, '1', NULL, 0, 'text', NULL, '" + "[" * 5000 + "')",
        "UPDATE threads SET thread_info = '{\"recipients\": [{\"pk\": 1}, {\"pk\": 1}, 7, {\"username\": 3}], \"inviter\": []}' "
        "WHERE _id = 2",
        "DELETE FROM session",
    ])
    tn = r + "/data/data/com.enflick.android.TextNow/databases/textnow_data.db"
    shrink(tn, "textnow")
    shrink(tn, "textnow_hostile", [
        "INSERT INTO messages (_id, contact_value, message_direction, message_type, message_text, date) "
        "VALUES (30, x'00', 'out', 100, '99999999999999999999999', 'x')",
        "INSERT INTO messages (_id, contact_value, message_direction, message_type, message_text, date) "
        "VALUES (31, 'group_5e6f7a@textnow.me', 9, 102, '-5', 9223372036854775807)",
        "INSERT INTO group_members (contact_value, member_contact_value) VALUES ('group_5e6f7a@textnow.me', 'group_5e6f7a@textnow.me')",
    ])
    fbi = r + make_fixtures.FB_IOS_DIR + "/" + str(make_fixtures.FB_IOS_ME) + ".db"
    shrink(fbi, "messenger_ios")
    shrink(fbi, "messenger_ios_hostile", [
        "INSERT INTO messages (thread_key, timestamp_ms, message_id, sender_id, text) VALUES (NULL, 'x', NULL, x'00', zeroblob(9))",
        "INSERT INTO client_attachments (pk, message_pk, filename, content_token) VALUES (9, 2, NULL, NULL)",
        "UPDATE _user_info SET facebook_user_id = NULL",
        "DROP TABLE contacts",
    ])
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
