#!/usr/bin/env python3
"""gen_fuzz_corpus.py [OUTDIR] - the seed corpus of tests/fuzz/chat_extra_fuzz.c: the fixture database of
tests/chat_extra/make_fixtures.py (Samsung rcsim.db, Potato Chat iOS tgdata.db,
Discord kv-storage a, Signal iOS signal.sqlite, Skype s4l) rewritten small (page size 512, vacuumed, WAL folded
in), plus a hostile variant: types that lie (blobs and huge numbers where times, directions and URIs
belong), a huge text and URI, NULL keys; and one without its participant table. Default OUTDIR:
tests/fuzz/corpus/chat_extra. Deterministic: re-running reproduces the committed seeds."""
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_fixtures  # noqa: E402
import fixture_db  # noqa: E402  (make_fixtures put tests/chat_common on the path)

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "fuzz", "corpus", "chat_extra")
os.makedirs(OUT, exist_ok=True)


def main():
    tmp = tempfile.mkdtemp()
    make_fixtures.main_into(tmp)
    rcs = tmp + "/dump/data/data/com.sec.imsservice/databases/rcsim.db"
    fixture_db.shrink(OUT, rcs, "samsung_rcs")
    fixture_db.shrink(OUT, rcs, "samsung_rcs_hostile", [
        "INSERT INTO message (_id, is_filetransfer, direction, chat_id, remote_uri, inserted_timestamp, body, file_path) "
        "VALUES (50, x'01', 9223372036854775807, '', x'00ff', 'soon', zeroblob(64), NULL)",
        "INSERT INTO message (_id, is_filetransfer, direction, chat_id, remote_uri, inserted_timestamp, body) "
        "VALUES (51, 0, -1, 'x', 'sip:" + "9" * 3000 + "@x', -9223372036854775808, '" + "长" * 3000 + "')",
        "INSERT INTO message (_id, is_filetransfer, direction, chat_id, remote_uri) VALUES (52, 1, 1, 'y', 'tel:;;;')",
        "INSERT INTO participant (chat_id, uri, alias) VALUES (NULL, 'tel:" + "1" * 500 + "', x'00')",
        "INSERT INTO session (chat_id, is_group_chat, subject) VALUES ('x', x'01', zeroblob(40))",
    ])
    fixture_db.shrink(OUT, rcs, "samsung_rcs_noparticipant", ["DROP TABLE participant"])
    pot = tmp + "/dump" + make_fixtures.POTATO_DIR + "/tgdata.db"
    fixture_db.shrink(OUT, pot, "potato")
    fixture_db.shrink(OUT, pot, "potato_hostile", [
        "INSERT INTO messages_v29 (mid, cid, message, media, from_id, to_id, outgoing, date) "
        "VALUES (90, x'00', zeroblob(30), zeroblob(5000), 'x', NULL, 9223372036854775807, -9223372036854775808)",
        "INSERT INTO messages_v29 (mid, cid, message, from_id, to_id, outgoing, date) "
        "VALUES (91, 222, '" + "长" * 3000 + "', 222, 222, -1, 'soon')",
        "INSERT INTO users_v29 (uid, first_name, last_name) VALUES (-5, x'ff00', '" + "x" * 2000 + "')",
        "CREATE TABLE messages_v999999999999999999999 (x)",
        "CREATE TABLE \"users_v1\"\"x\" (uid)",
    ])
    dis = tmp + "/dump" + make_fixtures.DISCORD_DIR + "/a"
    fixture_db.shrink(OUT, dis, "discord")
    fixture_db.shrink(OUT, dis, "discord_hostile", [
        "INSERT INTO messages0 (data) VALUES (x'01' || '" + "[" * 3000 + "')",
        "INSERT INTO messages0 (data) VALUES ('{\"message\":{\"author\":{\"id\":[1]},\"content\":7,\"timestamp\":\"9999-99-99T99:99:99+99:99\","
        "\"attachments\":{},\"mentions\":[1,{\"id\":null}],\"call\":[],\"message_reference\":\"x\"}}')",
        "INSERT INTO messages0 (data) VALUES ('{\"author\":{\"id\":-9223372036854775808},\"content\":\"" + "长" * 3000 + "\","
        "\"timestamp\":\"2023-01-01T00:00:00.99999999999999999999Z\",\"attachments\":[{\"filename\":null,\"size\":1e308}]}')",
        "INSERT INTO messages0 (data) VALUES (zeroblob(2000))",
        "INSERT INTO messages0 (data) VALUES (NULL)",
        "INSERT INTO messages0 (data) VALUES (12345)",
    ])
    sig = tmp + "/dump" + make_fixtures.SIGNAL_IOS_GROUP + "/grdb/signal.sqlite"
    fixture_db.shrink(OUT, sig, "signal_ios")
    fixture_db.shrink(OUT, sig, "signal_ios_hostile", [
        "INSERT INTO model_TSInteraction (recordType, uniqueId, receivedAtTimestamp, timestamp, uniqueThreadId, authorPhoneNumber, body) "
        "VALUES (x'13', 'H1', 'soon', 9223372036854775807, 'G2', '+" + "9" * 400 + "', zeroblob(50))",
        "INSERT INTO model_TSInteraction (recordType, uniqueId, receivedAtTimestamp, timestamp, uniqueThreadId, authorUUID, body) "
        "VALUES (21, 'H2', -1, -9223372036854775808, '" + "x" * 3000 + "', NULL, '" + "长" * 3000 + "')",
        "INSERT INTO model_TSAttachment (recordType, uniqueId, albumMessageId, localRelativeFilePath) VALUES (3, 'A9', 'H2', '"
        + "/.." * 600 + "')",
        "INSERT INTO model_TSThread (recordType, uniqueId, groupModel) VALUES (26, 'H9', zeroblob(9000))",
        "INSERT INTO model_SignalRecipient (recordType, uniqueId, recipientPhoneNumber, unregisteredAtTimestamp) VALUES (31, 'R9', x'00ff', 'x')",
    ])
    fixture_db.shrink(OUT, sig, "signal_ios_nothread_cols", [
        "ALTER TABLE model_TSThread DROP COLUMN contactPhoneNumber", "ALTER TABLE model_TSThread DROP COLUMN groupModel",
        "DROP TABLE model_TSAttachment", "DROP TABLE model_SignalRecipient"])
    s4l = tmp + "/dump" + make_fixtures.S4L_DIR + "/s4l-" + make_fixtures.S4L_ME + ".db"
    fixture_db.shrink(OUT, s4l, "skype_s4l")
    fixture_db.shrink(OUT, s4l, "skype_s4l_hostile", [
        "INSERT INTO messagesv12 (nsp_pk, nsp_data) VALUES ('h1', '{\"conversationId\":7,\"creator\":[],\"_isMyMessage\":\"1\",\"createdTime\":-9223372036854775808}')",
        "INSERT INTO messagesv12 (nsp_pk, nsp_data) VALUES ('h2', '{\"conversationId\":\"19:x\",\"creator\":\"8:\",\"_isMyMessage\":7,"
        "\"content\":\"" + "长" * 3000 + "\",\"createdTime\":9223372036854775807}')",
        "INSERT INTO messagesv12 (nsp_pk, nsp_data) VALUES ('h3', x'7b00ff')",
        "INSERT INTO messagesv12 (nsp_pk, nsp_data) VALUES ('h4', '" + "{\"a\":" * 2000 + "')",
        "INSERT INTO conversationsv14 (nsp_pk, nsp_data) VALUES ('c9', '{\"conv\":{\"id\":\"19:x\",\"_threadMembers\":{\"id\":1},"
        "\"_threadProps\":[]}}')",
        "INSERT INTO conversationsv14 (nsp_pk, nsp_data) VALUES ('c8', '{\"conv\":{\"id\":\"19:x\",\"_threadMembers\":[1,null,{\"id\":2}]}}')",
        "INSERT INTO profilecachev8 (nsp_pk, nsp_data) VALUES ('p9', '{\"mri\":\"8:x\",\"phones\":[{\"number\":\"+" + "9" * 300 + "\"}],"
        "\"firstName\":\"" + "x" * 600 + "\",\"lastName\":\"" + "y" * 600 + "\"}')",
        "UPDATE internaldata SET nsp_data = '{\"value\":{\"skypeName\":\"" + "z" * 300 + "\"}}'",
    ])
    fixture_db.shrink(OUT, s4l, "skype_s4l_v13", ["ALTER TABLE conversationsv14 RENAME TO conversationsv13", "DROP TABLE internaldata",
                                                  "DROP TABLE profilecachev8"])
    # the review's hostile fixtures (make_fixtures.py hostile(); the 1,500-row ones are too big for seeds)
    fixture_db.shrink(OUT, tmp + "/hostile_noid" + make_fixtures.RCS_PATH, "samsung_rcs_noid")
    fixture_db.shrink(OUT, tmp + "/hostile_blob" + make_fixtures.RCS_PATH, "samsung_rcs_blob_member")
    fixture_db.shrink(OUT, tmp + "/hostile" + make_fixtures.DISCORD_DIR + "/a", "discord_nul_prefix")
    fixture_db.shrink(OUT, tmp + "/hostile" + make_fixtures.S4L_DIR + "/s4l-" + make_fixtures.S4L_ME + ".db", "skype_s4l_nul")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
