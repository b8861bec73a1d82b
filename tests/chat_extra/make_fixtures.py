#!/usr/bin/env python3
"""make_fixtures.py OUTDIR - builds OUTDIR/dump, a directory dump holding the tests/chat_extra databases at
their device paths: the Samsung IMS service RCS store rcsim.db (com.sec.imsservice), with the tables and
columns Samsung's ImDBHelper creates (message / session / participant; docs/chat-extra.md), and Potato Chat
iOS tgdata.db (versioned Telegraph tables, iLEAPP potatoChat.py). Rows are fixed
(deterministic): a 1:1 RCS chat, a group chat with a subject, a file transfer, a "sip:" party, and one row
that lives only in the -wal."""
import os
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "chat_common"))
from fixture_db import build  # noqa: E402

T0 = 1700000000000  # 2023-11-14T22:13:20Z in ms

# ImDBHelper CREATE_MESSAGE_TABLE / CREATE_SESSION_TABLE / CREATE_PARTICIPANT_TABLE (column lists as created)
SAMSUNG_RCS_SCHEMA = """
CREATE TABLE message(_id INTEGER PRIMARY KEY AUTOINCREMENT,is_filetransfer INTEGER,direction INTEGER,chat_id TEXT NOT NULL,
  remote_uri TEXT,sender_alias TEXT,content_type TEXT,inserted_timestamp LONG,ext_info TEXT,body TEXT,suggestion TEXT,
  notification_disposition_mask INTEGER,notification_status INTEGER DEFAULT 0,disposition_notification_status INTEGER DEFAULT 0,
  sent_timestamp LONG,delivered_timestamp LONG,displayed_timestamp LONG,message_type INTEGER,message_isslm INTEGER,status INTEGER,
  not_displayed_counter INTEGER,imdn_message_id TEXT, imdn_original_to TEXT, conversation_id TEXT, contribution_id TEXT,
  file_path TEXT,file_name TEXT,file_size LONG,file_transfer_id TEXT,state INTEGER,reason INTEGER,bytes_transf LONG,
  ft_status INTEGER,thumbnail_path TEXT,is_resumable INTEGER,transfer_mech INTEGER DEFAULT 0,data_url TEXT,
  request_message_id TEXT,is_resizable INTEGER DEFAULT 0,is_broadcast_msg INTEGER DEFAULT 0,is_vm2txt_msg INTEGER DEFAULT 0,
  extra_ft INTEGER DEFAULT 0,flag_mask INTEGER DEFAULT 0,revocation_status INTEGER DEFAULT 0,sim_imsi TEXT DEFAULT '',
  device_id TEXT DEFAULT NULL,file_disposition INTEGER,playing_length INTEGER DEFAULT 0,maap_traffic_type TEXT DEFAULT NULL,
  reference_id TEXT DEFAULT NULL,reference_type TEXT DEFAULT NULL,reference_value TEXT DEFAULT NULL,
  messaging_tech INTEGER DEFAULT 0,creator TEXT DEFAULT NULL,rcs_reference_id TEXT DEFAULT NULL,rcs_reference_type TEXT DEFAULT NULL);
CREATE TABLE session(_id INTEGER PRIMARY KEY AUTOINCREMENT,chat_id TEXT,own_sim_imsi TEXT,own_group_alias TEXT,direction INTEGER,
  chat_type INTEGER, conversation_id TEXT, contribution_id TEXT, is_group_chat INTEGER,is_ft_group_chat INTEGER DEFAULT 1,
  status INTEGER,subject TEXT,is_muted INTEGER,max_participants_count INTEGER,imdn_notifications_availability INTEGER DEFAULT 1,
  session_uri TEXT DEFAULT NULL,is_broadcast_msg INTEGER, inserted_time_stamp LONG, preferred_uri TEXT DEFAULT NULL,
  is_reusable INTEGER DEFAULT 1,subject_participant TEXT DEFAULT NULL,subject_timestamp LONG,icon_path TEXT DEFAULT NULL,
  icon_participant TEXT DEFAULT NULL,icon_timestamp LONG,icon_uri TEXT DEFAULT NULL,sim_imsi TEXT DEFAULT NULL,
  is_chatbot_role INTEGER DEFAULT 0,chat_mode INTEGER DEFAULT 0,created_by TEXT DEFAULT NULL,invited_by TEXT DEFAULT NULL);
CREATE TABLE participant(_id INTEGER PRIMARY KEY AUTOINCREMENT,chat_id TEXT,status INTEGER,type INTEGER,uri TEXT,alias TEXT);
CREATE TABLE notification(id INTEGER PRIMARY KEY AUTOINCREMENT,message_id INTEGER DEFAULT 0,imdn_id TEXT, sender_uri TEXT,
  status INTEGER DEFAULT 0,timestamp LONG);
CREATE TABLE imdnrecroute(_id INTEGER PRIMARY KEY AUTOINCREMENT,message_id INTEGER DEFAULT 0,imdn_id TEXT,uri TEXT,alias TEXT);
"""
C1 = "5f1c2a9e-1111-4aaa-8bbb-000000000001"
G1 = "5f1c2a9e-2222-4aaa-8bbb-000000000002"


def samsung_rcs(root):
    d = root + "/data/data/com.sec.imsservice/databases"
    M = ("INSERT INTO message (_id, is_filetransfer, direction, chat_id, remote_uri, sender_alias, content_type, "
         "inserted_timestamp, sent_timestamp, body, status, file_path, file_name, file_size) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
    S = "INSERT INTO session (chat_id, direction, is_group_chat, subject) VALUES (?,?,?,?)"
    P = "INSERT INTO participant (chat_id, status, type, uri, alias) VALUES (?,?,?,?,?)"
    rows = [
        (S, (C1, 0, 0, None)),
        (S, (G1, 1, 1, "Nhóm gia đình 家")),
        (P, (C1, 1, 0, "tel:+66898765432", "สมชาย")),
        (P, (G1, 1, 0, "tel:+8613812345678", "王伟")),
        (P, (G1, 1, 0, "sip:0898765432@ims.mnc001.mcc520.3gppnetwork.org", None)),
        (M, (1, 0, 0, C1, "tel:+66898765432", "สมชาย", "text/plain", T0, T0 - 1000, "สวัสดี RCS", 2, None, None, None)),
        (M, (2, 0, 1, C1, "tel:+66898765432", None, "text/plain", T0 + 10000, T0 + 10000, "ok 好的", 3, None, None, None)),
        (M, (3, 0, 0, G1, "tel:+8613812345678", "王伟", "text/plain", T0 + 20000, 0, "Chào cả nhà", 2, None, None, None)),
        (M, (4, 1, 1, G1, "", None, "image/jpeg", T0 + 30000, T0 + 30000, None, 3,
             "/storage/emulated/0/Android/media/com.samsung.android.messaging/RCS/IMG_0001.jpg", "IMG_0001.jpg", 204800)),
        (M, (5, 0, 0, G1, "sip:0898765432@ims.mnc001.mcc520.3gppnetwork.org", None, "text/plain", T0 + 40000, None,
             "via sip", 2, None, None, None)),
    ]
    wal = [(M, (6, 0, 0, C1, "tel:+66898765432", "สมชาย", "text/plain", T0 + 50000, None, "WAL only ใน WAL", 2, None, None,
                None))]
    build(d + "/rcsim.db", SAMSUNG_RCS_SCHEMA, rows, wal)


# ---- Potato Chat iOS tgdata.db (iLEAPP potatoChat.py: messages_vNN / users_vNN / contacts_vNN / conversations_vNN /
# media_cache_vNN; table numbers vary by version: an older, empty messages_v3 and a
# newer messages_v30 without the message columns check that the newest table with those columns is read) ----
POTATO_SCHEMA = """
CREATE TABLE messages_v29 (mid INTEGER PRIMARY KEY, cid INTEGER, message TEXT, media BLOB, from_id INTEGER, to_id INTEGER,
  outgoing INTEGER, unread INTEGER, dstate INTEGER, date INTEGER, localMid INTEGER);
CREATE TABLE messages_v3 (mid INTEGER PRIMARY KEY, cid INTEGER, message TEXT, from_id INTEGER, to_id INTEGER, outgoing INTEGER,
  date INTEGER);
CREATE TABLE messages_v30 (mid INTEGER PRIMARY KEY, note TEXT);
CREATE TABLE users_v29 (uid INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, access_hash INTEGER, username TEXT,
  last_seen INTEGER);
CREATE TABLE contacts_v29 (uid INTEGER PRIMARY KEY);
CREATE TABLE conversations_v29 (cid INTEGER PRIMARY KEY, participants BLOB);
CREATE TABLE media_cache_v29 (media_type INTEGER, media_id INTEGER);
"""
POTATO_DIR = "/private/var/mobile/Containers/Shared/AppGroup/7A1B2C3D-4E5F-4071-8293-A4B5C6D7E8F9/Documents"


def potato(root):
    S0 = T0 // 1000
    M = "INSERT INTO messages_v29 (mid, cid, message, media, from_id, to_id, outgoing, date) VALUES (?,?,?,?,?,?,?,?)"
    rows = [
        ("INSERT INTO users_v29 (uid, first_name, last_name, username, last_seen) VALUES (222, 'สมชาย', 'ใจดี', 'somchai', ?)", (S0,)),
        ("INSERT INTO users_v29 (uid, first_name, last_name, username, last_seen) VALUES (333, '王', '伟', NULL, 0)", ()),
        ("INSERT INTO contacts_v29 (uid) VALUES (222)", ()),
        (M, (1, 222, "สวัสดี Potato", None, 222, 111, 0, S0)),
        (M, (2, 222, "ok 好的", None, 111, 222, 1, S0 + 10)),
        (M, (3, 333, None, b"\x01\x02\x03", 333, 111, 0, S0 + 20)),
    ]
    wal = [(M, (4, 333, "WAL only 仅WAL", None, 333, 111, 0, S0 + 30))]
    build(root + POTATO_DIR + "/tgdata.db", POTATO_SCHEMA, rows, wal)


# ---- Discord kv-storage "a" (ALEAPP/iLEAPP discordChats.py: table messages0, column data = prefix byte(s) + JSON
# {id, channelId, message{...}}; ALEAPP reads data as the 7th column of SELECT *: the other six columns here are
# placeholders, the parser reads only data) ----
DISCORD_SCHEMA = """
CREATE TABLE messages0 (c0 TEXT, c1 TEXT, c2 INTEGER, c3 INTEGER, c4 INTEGER, c5 INTEGER, data BLOB);
"""
DISCORD_ME = "111111111111111111"
DISCORD_DIR = "/data/data/com.discord/files/kv-storage/@account." + DISCORD_ME


def discord_blob(msg, channel, prefix=b"\x01"):
    import json
    doc = {"id": msg["id"], "channelId": channel, "message": msg}
    return prefix + json.dumps(doc, ensure_ascii=False).encode("utf-8")


def discord(root):
    dm, guild_ch = "900000000000000001", "900000000000000002"
    peer = {"id": "222222222222222222", "username": "somchai", "global_name": "สมชาย", "avatar": None}
    me = {"id": DISCORD_ME, "username": "boss_x", "globalName": "Boss"}
    third = {"id": "333333333333333333", "username": "wang", "bot": True}
    M = "INSERT INTO messages0 (c0, c1, c2, c3, c4, c5, data) VALUES (?, ?, 0, 0, 0, 0, ?)"
    m1 = {"id": "1100000000000000001", "channel_id": dm, "type": 0, "content": "สวัสดี Discord",
          "timestamp": "2023-11-14T22:13:20.123000+00:00", "edited_timestamp": None, "author": peer,
          "attachments": [{"id": "5", "filename": "IMG_0001.jpg", "url": "https://cdn.discordapp.com/attachments/9/5/IMG_0001.jpg",
                           "proxy_url": "https://media.discordapp.net/attachments/9/5/IMG_0001.jpg", "content_type": "image/jpeg",
                           "size": 204800}], "mentions": [], "pinned": False}
    m2 = {"id": "1100000000000000002", "channel_id": dm, "type": 19, "content": "ok 好的",
          "timestamp": "2023-11-15T05:13:30+07:00", "edited_timestamp": "2023-11-15T05:14:00.5+07:00", "author": me,
          "attachments": [], "mentions": [peer], "message_reference": {"message_id": "1100000000000000001", "channel_id": dm}}
    m3 = {"id": "1100000000000000003", "channel_id": guild_ch, "guild_id": "700000000000000007", "type": 0,
          "content": "Chào cả nhà", "timestamp": "2023-11-14T22:13:40Z", "author": third, "attachments": [],
          "mentions": [me, peer]}
    m4 = {"id": "1100000000000000004", "channel_id": dm, "type": 3, "content": "", "timestamp": "2023-11-14T22:13:50.000+00:00",
          "author": me, "attachments": [], "mentions": [],
          "call": {"participants": [DISCORD_ME, peer["id"]], "ended_timestamp": "2023-11-14T22:15:50+00:00"}}
    m6 = {"id": "1100000000000000006", "channel_id": dm, "type": 0, "content": "WAL only ใน WAL",
          "timestamp": "2023-11-14T22:14:10+00:00", "author": peer, "attachments": [], "mentions": []}
    rows = [
        (M, ("k1", dm, discord_blob(m1, dm))),
        (M, ("k2", dm, discord_blob(m2, dm, b"\x02\x00"))),
        (M, ("k3", guild_ch, discord_blob(m3, guild_ch, b""))),
        (M, ("k4", dm, discord_blob(m4, dm))),
        (M, ("k5", dm, b"\x01not json at all")),
    ]
    wal = [(M, ("k6", dm, discord_blob(m6, dm)))]
    build(root + DISCORD_DIR + "/a", DISCORD_SCHEMA, rows, wal)
    # a second account's `a` in a layout no parser knows: the issue's "unknown variants produce a
    # chat.database finding with a warning rather than silence" (e2e_chat_extra)
    build(root + "/data/data/com.discord/files/kv-storage/@account.333333333333333333/a",
          "CREATE TABLE messages1 (k TEXT, v BLOB);", [("INSERT INTO messages1 VALUES ('x', x'01')", ())])


# ---- Signal iOS grdb/signal.sqlite, decrypted (iLEAPP signalIOS.py column lists; GRDB's id/recordType/uniqueId head
# every model_ table; SDSRecordType 19 incoming, 21 outgoing, 10 info) ----
SIGNAL_IOS_SCHEMA = """
CREATE TABLE model_TSThread (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, recordType INTEGER NOT NULL,
  uniqueId TEXT NOT NULL UNIQUE, creationDate DOUBLE, isArchived INTEGER, messageDraft TEXT, contactPhoneNumber TEXT,
  contactUUID TEXT, groupModel BLOB, isMarkedUnread INTEGER, mutedUntilTimestamp INTEGER);
CREATE TABLE model_TSInteraction (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, recordType INTEGER NOT NULL,
  uniqueId TEXT NOT NULL UNIQUE, receivedAtTimestamp INTEGER NOT NULL, timestamp INTEGER NOT NULL,
  uniqueThreadId TEXT NOT NULL, attachmentIds BLOB, authorPhoneNumber TEXT, authorUUID TEXT, body TEXT,
  expiresInSeconds INTEGER, read INTEGER, serverTimestamp INTEGER, wasRemotelyDeleted INTEGER, isViewOnceMessage INTEGER,
  isVoiceMessage INTEGER);
CREATE TABLE model_SignalRecipient (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, recordType INTEGER NOT NULL,
  uniqueId TEXT NOT NULL UNIQUE, devices BLOB, recipientPhoneNumber TEXT, recipientUUID TEXT, unregisteredAtTimestamp INTEGER,
  pni TEXT, isPhoneNumberDiscoverable INTEGER);
CREATE TABLE model_TSAttachment (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, recordType INTEGER NOT NULL,
  uniqueId TEXT NOT NULL UNIQUE, albumMessageId TEXT, contentType TEXT, localRelativeFilePath TEXT, sourceFilename TEXT,
  byteCount INTEGER);
"""
SIGNAL_IOS_GROUP = "/private/var/mobile/Containers/Shared/AppGroup/5B6C7D8E-9F00-4112-8324-354657687980"
PEER_ACI = "9d0652a3-dcc3-4d11-975f-74d61598733f"
MEMBER_ACI = "4f1e2d3c-0b0a-4998-8776-655443322110"


def signal_ios_rows():
    I = ("INSERT INTO model_TSInteraction (recordType, uniqueId, receivedAtTimestamp, timestamp, uniqueThreadId, "
         "authorPhoneNumber, authorUUID, body, expiresInSeconds, read, serverTimestamp, wasRemotelyDeleted, isViewOnceMessage, "
         "isVoiceMessage) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
    rows = [
        ("INSERT INTO model_TSThread (recordType, uniqueId, contactPhoneNumber, contactUUID, groupModel) VALUES (27, 'T1', "
         "'+66898765432', ?, NULL)", (PEER_ACI,)),
        ("INSERT INTO model_TSThread (recordType, uniqueId, contactPhoneNumber, contactUUID, groupModel) VALUES (26, 'G2', NULL, "
         "NULL, x'62706c6973743030')", ()),
        (I, (19, "I1", T0 + 500, T0, "T1", "+66898765432", PEER_ACI, "สวัสดี Signal", 0, 1, T0 + 100, 0, 0, 0)),
        (I, (21, "I2", T0 + 10000, T0 + 10000, "T1", None, None, "ok 好的", 3600, 1, None, 0, 0, 0)),
        (I, (19, "I3", T0 + 20500, T0 + 20000, "G2", None, MEMBER_ACI, "Chào cả nhà", 0, 0, None, 0, 0, 1)),
        (I, (10, "I4", T0 + 30000, T0 + 30000, "T1", None, None, None, 0, 1, None, 0, 0, 0)),
        ("INSERT INTO model_TSAttachment (recordType, uniqueId, albumMessageId, contentType, localRelativeFilePath, "
         "sourceFilename, byteCount) VALUES (3, 'A1', 'I2', 'image/jpeg', '/ABCD1234/IMG_0001.jpg', 'IMG_0001.jpg', 204800)", ()),
        # a second picture of the same album (message I2): counted in details.attachments
        ("INSERT INTO model_TSAttachment (recordType, uniqueId, albumMessageId, contentType, localRelativeFilePath, "
         "sourceFilename, byteCount) VALUES (3, 'A2', 'I2', 'image/jpeg', '/ABCD1235/IMG_0002.jpg', 'IMG_0002.jpg', 102400)", ()),
        ("INSERT INTO model_SignalRecipient (recordType, uniqueId, recipientPhoneNumber, recipientUUID, pni) VALUES "
         "(31, 'R1', '+66898765432', ?, 'PNI:0f0e0d0c-0b0a-4090-8070-605040302010')", (PEER_ACI,)),
        ("INSERT INTO model_SignalRecipient (recordType, uniqueId, recipientPhoneNumber, recipientUUID, unregisteredAtTimestamp) "
         "VALUES (31, 'R2', NULL, ?, ?)", (MEMBER_ACI, T0 + 60000)),
    ]
    wal = [(I, (19, "I5", T0 + 40000, T0 + 40000, "T1", "+66898765432", PEER_ACI, "WAL only ใน WAL", 0, 0, None, 0, 0, 0))]
    return rows, wal


def signal_ios(root):
    rows, wal = signal_ios_rows()
    build(root + SIGNAL_IOS_GROUP + "/grdb/signal.sqlite", SIGNAL_IOS_SCHEMA, rows, wal)
    att = root + SIGNAL_IOS_GROUP + "/Attachments/ABCD1234/IMG_0001.jpg"
    os.makedirs(os.path.dirname(att), exist_ok=True)
    with open(att, "wb") as f:
        f.write(b"\xff\xd8\xff\xe0" + b"JFIF-signal-ios" + b"\x00" * 64)


# ---- Skype 8 / Windows Skype app s4l-<skypename>.db (IPED SkypeSqliteV12.java: nsp_pk / nsp_data JSON tables
# messagesv12, conversationsv14, profilecachev8, internaldata Cpriv_prefs_v2; the nsp_i_* column IPED orders by) ----
S4L_SCHEMA = """
CREATE TABLE messagesv12 (nsp_pk TEXT PRIMARY KEY, nsp_data TEXT, nsp_i_convidcreatedtime TEXT);
CREATE TABLE conversationsv14 (nsp_pk TEXT PRIMARY KEY, nsp_data TEXT);
CREATE TABLE profilecachev8 (nsp_pk TEXT PRIMARY KEY, nsp_data TEXT);
CREATE TABLE internaldata (nsp_pk TEXT PRIMARY KEY, nsp_data TEXT);
"""
S4L_DIR = "/Users/worker/AppData/Local/Packages/Microsoft.SkypeApp_kzf8qxf38zg5c/LocalState"
S4L_ME = "worker.boss88"
S4L_GROUP = "19:0f1e2d3c4b5a69788796a5b4c3d2e1f0@thread.skype"


def skype_s4l(root):
    import json

    def j(o):
        return json.dumps(o, ensure_ascii=False)
    peer = "8:live:.cid.9988776655"
    M = "INSERT INTO messagesv12 (nsp_pk, nsp_data, nsp_i_convidcreatedtime) VALUES (?, ?, ?)"
    C = "INSERT INTO conversationsv14 (nsp_pk, nsp_data) VALUES (?, ?)"
    P = "INSERT INTO profilecachev8 (nsp_pk, nsp_data) VALUES (?, ?)"

    def msg(cuid, creator, mine, conv, content, ms):
        return (M, ("M" + cuid, j({"cuid": cuid, "creator": creator, "_isMyMessage": mine, "conversationId": conv,
                                   "content": content, "createdTime": ms}), conv + "_" + str(ms)))
    rows = [
        ("INSERT INTO internaldata (nsp_pk, nsp_data) VALUES ('Cpriv_prefs_v2', ?)", (j({"value": {"skypeName": S4L_ME}}),)),
        (C, ("C" + peer, j({"conv": {"id": peer}}))),
        (C, ("C" + S4L_GROUP, j({"conv": {"id": S4L_GROUP, "_threadProps": {"topic": "Đội 2 二组", "createdat": T0 - 86400000},
                                          "_threadMembers": [{"id": "8:" + S4L_ME}, {"id": peer}, {"id": "8:wang.wei"}]}}))),
        (P, ("P" + peer, j({"mri": peer, "firstName": "สมชาย", "lastName": "ใจดี", "phones": [{"number": "+66898765432"}],
                            "city": "Bangkok"}))),
        (P, ("P8:wang.wei", j({"mri": "8:wang.wei", "firstName": "Wang", "lastName": "", "displayNameOverride": "老王"}))),
        msg("1001", peer, 0, peer, "สวัสดี Skype", T0),
        msg("1002", "8:" + S4L_ME, 1, peer, "ok &lt;b&gt;好的&lt;/b&gt;", T0 + 10000),
        msg("1003", "8:wang.wei", 0, S4L_GROUP, "Chào cả nhà", T0 + 20000),
        msg("1004", "8:" + S4L_ME, None, S4L_GROUP, "", T0 + 30000),
        (M, ("Mbad", "not json", "x")),
    ]
    wal = [msg("1006", peer, 0, peer, "WAL only ใน WAL", T0 + 50000)]
    build(root + S4L_DIR + "/s4l-" + S4L_ME + ".db", S4L_SCHEMA, rows, wal)


# ---- hostile variants (review of issue 9), each in its own root OUT/<name>/ at the same device paths ----
RCS_PATH = "/data/data/com.sec.imsservice/databases/rcsim.db"
BIG_N = 1500


def bulk(dest, schema, rows):
    """dest from schema and (sql, args) rows in one transaction (fixture_db.build commits per row: slow
    for thousands of rows); no WAL."""
    import sqlite3
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    if os.path.exists(dest):
        os.remove(dest)
    con = sqlite3.connect(dest)
    con.executescript(schema)
    with con:
        for sql, args in rows:
            con.execute(sql, args)
    con.close()


def hostile(out):
    M = ("INSERT INTO message (_id, is_filetransfer, direction, chat_id, remote_uri, inserted_timestamp, body) "
         "VALUES (?,?,?,?,?,?,?)")
    # session / participant without an _id column (only chat_id and direction are required of message):
    # the subqueries order by rowid, never by a column the schema may lack
    build(out + "/hostile_noid" + RCS_PATH, """
CREATE TABLE message(_id INTEGER PRIMARY KEY, is_filetransfer INTEGER, direction INTEGER, chat_id TEXT, remote_uri TEXT,
  inserted_timestamp LONG, body TEXT);
CREATE TABLE session(chat_id TEXT, is_group_chat INTEGER, subject TEXT);
CREATE TABLE participant(chat_id TEXT, uri TEXT, alias TEXT);
""", [
        ("INSERT INTO session VALUES (?, 1, 'Nhóm')", (G1,)),
        ("INSERT INTO participant VALUES (?, 'tel:+66898765432', 'A')", (G1,)),
        (M, (1, 0, 0, G1, "tel:+66898765432", T0, "group hi")),
        (M, (2, 0, 1, C1, "tel:+66898765432", T0 + 1000, "one to one")),
    ])
    # a BLOB participant uri: SQLite's json_group_array raises "JSON cannot hold BLOB values", which used
    # to end the message loop at the first group message; an ill-formed UTF-8 uri must not leak into details
    build(out + "/hostile_blob" + RCS_PATH, SAMSUNG_RCS_SCHEMA, [
        ("INSERT INTO session (chat_id, is_group_chat, subject) VALUES (?, 1, 'G')", (G1,)),
        ("INSERT INTO participant (chat_id, uri, alias) VALUES (?, ?, 'blob')", (G1, b"tel:+6689\x00\xff")),
        ("INSERT INTO participant (chat_id, uri, alias) VALUES (?, CAST(x'74656c3a2b3636ff' AS TEXT), 'bad utf8')", (G1,)),
        (M, (1, 0, 0, G1, "tel:+66898765432", T0, "group 1")),
        (M, (2, 0, 1, C1, "tel:+66898765432", T0 + 1000, "one to one")),
        (M, (3, 0, 0, G1, "tel:+66898765432", T0 + 2000, "group 2")),
    ])
    # big stores whose join keys are not indexed (users_vN.uid, session.chat_id, participant.chat_id): the
    # per-message correlated subqueries cost messages x rows; test_chat_extra reads them under a step
    # budget that the old queries overran (rows lost after the budget) and the joins stay far below
    n = BIG_N
    bulk(out + "/hostile_big" + RCS_PATH, SAMSUNG_RCS_SCHEMA,
          [("INSERT INTO session (chat_id, is_group_chat, subject) VALUES (?, 1, ?)", ("chat-%d" % i, "G%d" % i)) for i in range(n)] +
          [("INSERT INTO participant (chat_id, uri, alias) VALUES (?, ?, NULL)", ("chat-%d" % i, "tel:+6689%07d" % i)) for i in range(n)] +
          [(M, (i + 1, 0, 0, "chat-%d" % i, "tel:+6689%07d" % i, T0 + i * 1000, "m%d" % i)) for i in range(n)])
    bulk(out + "/hostile_big" + POTATO_DIR + "/tgdata.db", """
CREATE TABLE messages_v29 (mid INTEGER PRIMARY KEY, cid INTEGER, message TEXT, media BLOB, from_id INTEGER, to_id INTEGER,
  outgoing INTEGER, date INTEGER);
CREATE TABLE users_v29 (uid INTEGER, first_name TEXT, last_name TEXT, username TEXT);
""", [("INSERT INTO users_v29 VALUES (?, ?, 'L', NULL)", (1000 + i, "F%d" % i)) for i in range(n)] +
         [("INSERT INTO users_v29 VALUES (1000, 'second row of uid 1000', NULL, NULL)", ())] +
         [("INSERT INTO messages_v29 (mid, cid, message, from_id, to_id, outgoing, date) VALUES (?,?,?,?,?,0,?)",
           (i + 1, 1000 + i, "m%d" % i, 1000 + i, 1, T0 // 1000 + i)) for i in range(n)])
    # Discord: a "\u0000" inside content (jansson refuses the document without JSON_ALLOW_NUL: the
    # message was dropped), JSON nested deeper than jansson's limit, NULL and integer data; the rows after
    # them are read
    import json
    D = "INSERT INTO messages0 (c0, c1, c2, c3, c4, c5, data) VALUES (?, 'c', 0, 0, 0, 0, ?)"
    dm = "900000000000000001"
    peer = {"id": "222222222222222222", "username": "somchai"}

    def dmsg(i, content):
        return {"id": "11000000000000000%02d" % i, "channel_id": dm, "type": 0, "content": content,
                "timestamp": "2023-11-14T22:13:%02d+00:00" % i, "author": peer, "attachments": [], "mentions": []}
    build(out + "/hostile" + DISCORD_DIR + "/a", DISCORD_SCHEMA, [
        (D, ("k1", discord_blob(dmsg(1, "hidden\x00after nul"), dm))),
        (D, ("k2", b"\x01{\"message\":" + b"[" * 5000 + b"]" * 5000 + b"}")),
        (D, ("k3", None)),
        (D, ("k4", 42)),
        (D, ("k5", discord_blob(dmsg(5, "after the hostile rows"), dm))),
        (D, ("k6", discord_blob(dmsg(6, "prefix byte 0x7b"), dm, b"{\x00"))),
    ])
    # Skype s4l: the same "\u0000" in a message's content
    S = "INSERT INTO messagesv12 (nsp_pk, nsp_data, nsp_i_convidcreatedtime) VALUES (?, ?, '')"
    peer_mri = "8:live:.cid.9988776655"

    def smsg(cuid, content, ms):
        return (S, ("M" + cuid, json.dumps({"cuid": cuid, "creator": peer_mri, "_isMyMessage": 0, "conversationId": peer_mri,
                                            "content": content, "createdTime": ms})))
    build(out + "/hostile" + S4L_DIR + "/s4l-" + S4L_ME + ".db", S4L_SCHEMA, [
        ("INSERT INTO conversationsv14 (nsp_pk, nsp_data) VALUES ('c', ?)", (json.dumps({"conv": {"id": peer_mri}}),)),
        smsg("1", "pay to\x00 wallet 0xabc", T0),
        smsg("2", "plain", T0 + 1000),
    ])


def main_into(out):
    root = out + "/dump"
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(root)
    samsung_rcs(root)
    potato(root)
    discord(root)
    signal_ios(root)
    skype_s4l(root)
    hostile(out)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_fixtures.py OUTDIR")
    main_into(sys.argv[1])


if __name__ == "__main__":
    main()
