#!/usr/bin/env python3
"""make_fixtures.py OUTDIR - builds a directory dump holding the "other chat apps" databases at their
device paths (tests/chat_apps): LINE Android naver_line + call_history, LINE iOS Line.sqlite, Viber
Android viber_messages + viber_data. Schemas follow the apps' real tables and column types as the public
parsers read them (ALEAPP line.py / Viber.py, iLEAPP line.py, plaso android_viber_call.py; see
docs/chat-apps.md). Rows are fixed (deterministic), with zh/th/vi text, a group chat, and one row per
message database that lives only in its -wal (checkpoint, wal_autocheckpoint=0, more rows, copy the
db + -wal while the connection is still open)."""
import os
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "chat_common"))
from fixture_db import build  # noqa: E402

T0 = 1700000000000  # 2023-11-14T22:13:20Z in ms


LINE_SCHEMA = """
CREATE TABLE chat_history (id INTEGER PRIMARY KEY AUTOINCREMENT, server_id TEXT, type INTEGER, chat_id TEXT,
  from_mid TEXT, content TEXT, created_time TEXT, delivered_time TEXT, status INTEGER, sent_count INTEGER,
  read_count INTEGER, location_name TEXT, location_address TEXT, location_phone TEXT, location_latitude INTEGER,
  location_longitude INTEGER, attachement_image INTEGER, attachement_image_height INTEGER,
  attachement_image_width INTEGER, attachement_image_size INTEGER, attachement_type INTEGER,
  attachement_local_uri TEXT, parameter TEXT, chunks BLOB);
CREATE TABLE contacts (m_id TEXT PRIMARY KEY, contact_id TEXT, contact_key TEXT, name TEXT, phonetic_name TEXT,
  server_name TEXT, addressbook_name TEXT, custom_name TEXT, status_msg TEXT, picture_status TEXT,
  picture_path TEXT, relation INTEGER, status INTEGER, capable_flags INTEGER, is_first INTEGER,
  added_time_to_friend INTEGER, created_time INTEGER, updated_time INTEGER, hidden INTEGER, favorite_time INTEGER);
CREATE TABLE chat (chat_id TEXT PRIMARY KEY, chat_name TEXT, owner_mid TEXT, last_from_mid TEXT,
  last_message TEXT, last_created_time TEXT, message_count INTEGER, read_message_count INTEGER,
  latest_mentioned_position INTEGER, type INTEGER, is_notification INTEGER, skin_key TEXT, input_text TEXT,
  input_text_metadata TEXT, hide_member INTEGER, p_timer INTEGER, last_message_display_time TEXT,
  mid_p TEXT, is_archived INTEGER, read_up TEXT, is_groupcalling INTEGER, latest_announcement_seq INTEGER,
  announcement_view_status INTEGER, last_message_meta_data TEXT, chat_room_bgm_data TEXT,
  chat_room_bgm_checked INTEGER, chat_room_should_show_bgm_badge INTEGER, unread_type_and_count TEXT);
CREATE TABLE membership (id TEXT, m_id TEXT, is_accepted INTEGER, updated_time INTEGER, created_time INTEGER,
  PRIMARY KEY (id, m_id));
"""
PEER = "u1a2b3c4d5e6f708192a3b4c5d6e7f801"
PEER2 = "u99887766554433221100aabbccddeeff"
GROUP = "c0123456789abcdef0123456789abcdef"


def line_android(root):
    d = root + "/data/data/jp.naver.line.android/databases"
    ins = ("INSERT INTO chat_history (id, server_id, type, chat_id, from_mid, content, created_time, delivered_time,"
           " status, attachement_type, attachement_local_uri) VALUES (?,?,?,?,?,?,?,?,?,?,?)")
    rows = [
        ("INSERT INTO contacts (m_id, server_name, custom_name, status_msg) VALUES (?,?,?,?)",
         (PEER, "王小明", None, "在忙")),
        ("INSERT INTO contacts (m_id, server_name, custom_name, status_msg) VALUES (?,?,?,?)",
         (PEER2, "Nguyễn Thị Lan", "Lan (boss)", None)),
        ("INSERT INTO chat (chat_id, chat_name, type) VALUES (?,?,?)", (GROUP, "投资群 VIP", 2)),
        ("INSERT INTO membership (id, m_id, is_accepted) VALUES (?,?,1)", (GROUP, PEER2)),
        ("INSERT INTO membership (id, m_id, is_accepted) VALUES (?,?,1)", (GROUP, PEER)),
        (ins, (1, "100001", 1, PEER, PEER, "你好，今天可以转账吗？", str(T0), str(T0 + 500), 1, 0, None)),
        (ins, (2, "100002", 1, PEER, None, "好的 ok", str(T0 + 60000), None, 2, 0, None)),
        (ins, (3, "100003", 1, PEER, None, None, str(T0 + 120000), None, 2, 6, None)),  # call record: skipped
        (ins, (4, "100004", 1, GROUP, PEER2, "Chào mọi người, lợi nhuận 30%", str(T0 + 180000), None, 1, 0, None)),
        (ins, (5, "100005", 1, GROUP, PEER, None, str(T0 + 240000), None, 1, 1,
               "/storage/emulated/0/Android/data/jp.naver.line.android/files/chats/img/100005.jpg")),
    ]
    wal = [(ins, (6, "100006", 1, PEER2, PEER2, "ลบข้อความนี้ด้วย", str(T0 + 300000), None, 1, 0, None))]
    build(d + "/naver_line", LINE_SCHEMA, rows, wal)
    calls = """CREATE TABLE call_history (_id INTEGER PRIMARY KEY AUTOINCREMENT, server_call_id TEXT, call_type TEXT,
      caller_mid TEXT, caller_phone TEXT, start_time INTEGER, end_time INTEGER, voip_type TEXT,
      voip_gc_media_type TEXT, voip_gc_group_id TEXT, is_read INTEGER);"""
    ci = ("INSERT INTO call_history (_id, call_type, caller_mid, start_time, end_time, voip_type, voip_gc_media_type)"
          " VALUES (?,?,?,?,?,?,?)")
    build(d + "/call_history", calls, [
        (ci, (1, "I", PEER, T0 + 120000, T0 + 185000, "A", None)),
        (ci, (2, "O", PEER2, T0 + 400000, T0 + 430000, "V", None)),
        (ci, (3, "O", GROUP, T0 + 500000, T0 + 500000, "G", "VIDEO")),
    ])


def line_ios(root):
    d = root + "/private/var/mobile/Containers/Shared/AppGroup/11111111-2222-4333-8444-555555555555/Library/Application Support/PrivateStore/P_u0000/Messages"
    schema = """
    CREATE TABLE ZUSER (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZMID VARCHAR, ZNAME VARCHAR,
      ZCUSTOMNAME VARCHAR, ZSTATUSMESSAGE VARCHAR, ZADDEDDATE TIMESTAMP);
    CREATE TABLE ZCHAT (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZMID VARCHAR, ZNAME VARCHAR,
      ZLASTRECEIVEDMESSAGEID VARCHAR, ZUNREAD INTEGER, ZTYPE INTEGER);
    CREATE TABLE ZMESSAGE (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZCHAT INTEGER, ZSENDER INTEGER,
      ZID VARCHAR, ZTEXT VARCHAR, ZTIMESTAMP INTEGER, ZCONTENTTYPE INTEGER, ZREADCOUNT INTEGER);
    """
    im = "INSERT INTO ZMESSAGE (Z_PK, ZCHAT, ZSENDER, ZID, ZTEXT, ZTIMESTAMP, ZCONTENTTYPE) VALUES (?,?,?,?,?,?,?)"
    build(d + "/Line.sqlite", schema, [
        ("INSERT INTO ZUSER (Z_PK, ZMID, ZNAME, ZCUSTOMNAME) VALUES (?,?,?,?)", (1, PEER, "王小明", None)),
        ("INSERT INTO ZUSER (Z_PK, ZMID, ZNAME, ZCUSTOMNAME) VALUES (?,?,?,?)", (2, PEER2, "Nguyễn Thị Lan", "Lan")),
        ("INSERT INTO ZCHAT (Z_PK, ZMID, ZNAME) VALUES (?,?,?)", (1, PEER, None)),
        ("INSERT INTO ZCHAT (Z_PK, ZMID, ZNAME) VALUES (?,?,?)", (2, GROUP, "投资群 VIP")),
        (im, (1, 1, 1, "200001", "明天见", T0, 0)),
        (im, (2, 1, None, "200002", "ok 👍", T0 + 1000, 0)),
        (im, (3, 2, 2, "200003", "Xin chào", T0 + 2000, 0)),
    ])


VIBER_MSG_SCHEMA = """
CREATE TABLE conversations (_id INTEGER PRIMARY KEY AUTOINCREMENT, group_id INTEGER DEFAULT 0, group_role INTEGER,
  name TEXT, conversation_type INTEGER DEFAULT 0, date INTEGER, flags INTEGER DEFAULT 0, deleted INTEGER DEFAULT 0,
  participant_id_1 INTEGER, participant_id_2 INTEGER, participant_id_3 INTEGER, participant_id_4 INTEGER);
CREATE TABLE participants_info (_id INTEGER PRIMARY KEY AUTOINCREMENT, participant_type INTEGER, member_id TEXT,
  encrypted_member_id TEXT, number TEXT, display_name TEXT, contact_name TEXT, viber_name TEXT, contact_id INTEGER,
  viber_image TEXT, participant_info_flags INTEGER DEFAULT 0);
CREATE TABLE participants (_id INTEGER PRIMARY KEY AUTOINCREMENT, conversation_id INTEGER, participant_info_id INTEGER,
  active INTEGER DEFAULT 0, group_role INTEGER DEFAULT 0);
CREATE TABLE messages (_id INTEGER PRIMARY KEY AUTOINCREMENT, msg_date LONG, address TEXT, conversation_id INTEGER,
  participant_id INTEGER, body TEXT, send_type INTEGER, unread INTEGER DEFAULT 1, deleted INTEGER DEFAULT 0,
  opened INTEGER DEFAULT 0, status INTEGER DEFAULT 0, extra_uri TEXT, extra_mime INTEGER, extra_duration LONG,
  extra_status INTEGER DEFAULT 0, description TEXT, token LONG, seq INTEGER, flag INTEGER DEFAULT 0,
  msg_info TEXT, read_message_time LONG);
"""


def viber(root):
    d = root + "/data/data/com.viber.voip/databases"
    pi = "INSERT INTO participants_info (_id, participant_type, member_id, number, display_name, contact_name) VALUES (?,?,?,?,?,?)"
    pa = "INSERT INTO participants (_id, conversation_id, participant_info_id) VALUES (?,?,?)"
    cv = "INSERT INTO conversations (_id, group_id, name, conversation_type) VALUES (?,?,?,?)"
    ms = ("INSERT INTO messages (_id, msg_date, address, conversation_id, participant_id, body, send_type, unread,"
          " deleted, extra_uri, extra_mime) VALUES (?,?,?,?,?,?,?,?,?,?,?)")
    rows = [
        (pi, (1, 0, "owner=", "+66811111111", "Me", None)),
        (pi, (2, 1, "peerA=", "+66898765432", "Somchai", "สมชาย ใจดี")),
        (pi, (3, 1, "peerB=", "+84912345678", "Minh", None)),
        (pi, (4, 1, "peerC=", "+8613812345678", None, None)),
        (cv, (1, 0, None, 0)),
        (cv, (2, 5550001, "Crypto ทีม 团队", 1)),
        (pa, (1, 1, 1)), (pa, (2, 1, 2)),
        (pa, (3, 2, 1)), (pa, (4, 2, 3)), (pa, (5, 2, 4)),
        (ms, (1, T0, "+66898765432", 1, 2, "สวัสดีครับ", 0, 0, 0, None, 0)),
        (ms, (2, T0 + 30000, "+66898765432", 1, 1, "hello ok", 1, 0, 0, None, 0)),
        (ms, (3, T0 + 60000, "+84912345678", 2, 4, "Tôi đã chuyển tiền", 0, 1, 0, None, 0)),
        (ms, (4, T0 + 90000, "+8613812345678", 2, 5, None, 0, 0, 0,
              "file:///storage/emulated/0/Android/data/com.viber.voip/files/.viber/media/IMG-001.jpg", 1)),
        (ms, (5, T0 + 120000, "+66898765432", 1, 1, "deleted one", 1, 0, 1, None, 0)),
    ]
    wal = [(ms, (6, T0 + 150000, "+66898765432", 1, 2, "WAL only 仅在日志", 0, 1, 0, None, 0))]
    build(d + "/viber_messages", VIBER_MSG_SCHEMA, rows, wal)
    data = """
    CREATE TABLE phonebookcontact (_id INTEGER PRIMARY KEY AUTOINCREMENT, native_id INTEGER, display_name TEXT,
      phonetic_name TEXT, phone_label TEXT, low_display_name TEXT, starred INTEGER, viber INTEGER, contact_lookup_key TEXT,
      contact_hash LONG, version INTEGER DEFAULT 0, has_number INTEGER, has_name INTEGER, native_photo_id LONG,
      recently_joined_date LONG, joined_date LONG, numbers_name TEXT DEFAULT '', deleted INTEGER, flags INTEGER);
    CREATE TABLE phonebookdata (_id INTEGER PRIMARY KEY AUTOINCREMENT, contact_id LONG, data1 TEXT, data2 TEXT, data3 TEXT,
      data4 TEXT, data5 TEXT, mime_type INTEGER DEFAULT 0);
    CREATE TABLE calls (_id INTEGER PRIMARY KEY AUTOINCREMENT, call_id LONG, aggregate_hash LONG, number TEXT,
      canonized_number TEXT, viber_call INTEGER DEFAULT 1, viber_call_type INTEGER DEFAULT 1, date LONG, duration LONG,
      type INTEGER, end_reason INTEGER DEFAULT 0, start_reason INTEGER DEFAULT 0, token LONG DEFAULT 0,
      looked INTEGER DEFAULT 1, conference_info TEXT, group_id LONG DEFAULT 0, flags INTEGER DEFAULT 0);
    """
    pc = "INSERT INTO phonebookcontact (_id, display_name, has_number, viber) VALUES (?,?,1,1)"
    pd = "INSERT INTO phonebookdata (_id, contact_id, data1, data2, mime_type) VALUES (?,?,?,?,0)"
    kc = "INSERT INTO calls (_id, number, canonized_number, viber_call_type, date, duration, type) VALUES (?,?,?,?,?,?,?)"
    build(d + "/viber_data", data, [
        (pc, (1, "Somchai Jaidee")), (pd, (1, 1, "089-876-5432", "+66898765432")),
        (pc, (2, "Wang Wei 王伟")), (pd, (2, 2, "+86 138 1234 5678", "+8613812345678")),
        (kc, (1, "+66898765432", "+66898765432", 1, T0 + 200000, 125, 1)),
        (kc, (2, "+8613812345678", "+8613812345678", 4, T0 + 300000, 0, 3)),
        (kc, (3, "+84912345678", "+84912345678", 1, T0 + 400000, 42, 2)),
    ])


FB_ME = "100012345678901"
FB_PEER = "100098765432109"


def messenger(root):
    d = root + "/data/data/com.facebook.orca/databases"
    msys = """
    CREATE TABLE messages (thread_key INTEGER NOT NULL, timestamp_ms INTEGER NOT NULL, message_id TEXT NOT NULL,
      offline_threading_id TEXT, authority_level INTEGER NOT NULL, sender_id INTEGER NOT NULL, is_admin_message INTEGER,
      text TEXT, is_unsent INTEGER, send_status INTEGER, reply_source_id TEXT, PRIMARY KEY (thread_key, timestamp_ms,
      offline_threading_id, message_id));
    CREATE TABLE contacts (id INTEGER PRIMARY KEY, profile_picture_url TEXT, name TEXT, normalized_name_for_search TEXT,
      is_messenger_user INTEGER, contact_type INTEGER);
    CREATE TABLE threads (thread_key INTEGER PRIMARY KEY, thread_name TEXT, thread_type INTEGER, last_activity_timestamp_ms INTEGER);
    CREATE TABLE attachments (message_id TEXT, attachment_fbid TEXT, filename TEXT, filesize INTEGER, title_text TEXT,
      playable_url TEXT, preview_url TEXT, attachment_type INTEGER);
    """
    mi = ("INSERT INTO messages (thread_key, timestamp_ms, message_id, authority_level, sender_id, text) "
          "VALUES (?,?,?,0,?,?)")
    build(d + "/msys_database_" + FB_ME, msys, [
        ("INSERT INTO contacts (id, name) VALUES (?,?)", (int(FB_PEER), "Trần Văn Hùng")),
        ("INSERT INTO contacts (id, name) VALUES (?,?)", (int(FB_ME), "Owner Name")),
        ("INSERT INTO threads (thread_key, thread_name, thread_type) VALUES (?,?,?)", (7700001, "Job offer 工作", 2)),
        (mi, (int(FB_PEER), T0, "mid.$a1", int(FB_PEER), "Chào bạn, việc nhẹ lương cao")),
        (mi, (int(FB_PEER), T0 + 5000, "mid.$a2", int(FB_ME), "Tell me more")),
        (mi, (7700001, T0 + 10000, "mid.$a3", int(FB_PEER), None)),
        ("INSERT INTO attachments (message_id, filename, attachment_type) VALUES (?,?,?)", ("mid.$a3", "contract.pdf", 1)),
    ], [(mi, (int(FB_PEER), T0 + 15000, "mid.$a4", int(FB_PEER), "only in WAL ใน WAL"))])
    legacy = """
    CREATE TABLE messages (msg_id TEXT PRIMARY KEY, thread_key TEXT, action_id INTEGER, text TEXT, sender TEXT,
      is_not_forwardable INTEGER, timestamp_ms INTEGER, timestamp_sent_ms INTEGER, msg_type INTEGER,
      affected_users TEXT, attachments TEXT, shares TEXT, sticker_id TEXT, pending_send_media_attachment TEXT);
    CREATE TABLE thread_users (user_key TEXT PRIMARY KEY, first_name TEXT, last_name TEXT, name TEXT, username TEXT,
      is_messenger_user INTEGER, profile_pic_square TEXT);
    CREATE TABLE threads (thread_key TEXT PRIMARY KEY, name TEXT, participants TEXT, timestamp_ms INTEGER);
    """
    li = "INSERT INTO messages (msg_id, thread_key, text, sender, timestamp_ms, msg_type, attachments) VALUES (?,?,?,?,?,?,?)"
    build(d + "/threads_db2", legacy, [
        ("INSERT INTO thread_users (user_key, name, username) VALUES (?,?,?)", ("FACEBOOK:" + FB_PEER, "Trần Văn Hùng", "hung.tran")),
        (li, ("m1", "ONE_TO_ONE:" + FB_PEER + ":" + FB_ME, "xin chào",
              '{"email":"' + FB_PEER + '@facebook.com","user_key":"FACEBOOK:' + FB_PEER + '","name":"Trần Văn Hùng"}', T0, 0, "[]")),
        (li, ("m2", "ONE_TO_ONE:" + FB_PEER + ":" + FB_ME, "ok",
              '{"user_key":"FACEBOOK:' + FB_ME + '","name":"Owner Name"}', T0 + 1000, 0, None)),
        (li, ("m3", "ONE_TO_ONE:" + FB_PEER + ":" + FB_ME, None, "{not json", T0 + 2000, 1, None)),
    ])


ZALO_APP = "/private/var/mobile/Containers/Data/Application/9A8B7C6D-1111-4222-8333-444455556666/Documents"
ZALO_ME = "2718281828459045"
ZALO_PEER = "3141592653589793"
ZALO_PEER2 = "1618033988749894"


def zalo(root):
    d = root + ZALO_APP
    chat = """CREATE TABLE ChatContent (Id INTEGER PRIMARY KEY AUTOINCREMENT, CliMsgId TEXT, GlobalMsgId TEXT,
      SenderId TEXT, MsgType INTEGER, TimeStamp INTEGER, MsgContent TEXT, BinNet BLOB, LocalPath TEXT, Status INTEGER);"""
    ci = "INSERT INTO ChatContent (Id, CliMsgId, SenderId, MsgType, TimeStamp, MsgContent, LocalPath) VALUES (?,?,?,?,?,?,?)"
    build(d + "/chat_dbs/" + ZALO_ME + "/" + ZALO_PEER + ".db", chat, [
        (ci, (1, "c1", ZALO_PEER, 1, T0, "Anh ơi, chuyển khoản chưa?", None)),
        (ci, (2, "c2", ZALO_ME, 1, T0 + 20000, "Rồi em", None)),
    ], [(ci, (3, "c3", ZALO_PEER, 2, T0 + 40000, None, "/var/mobile/Media/zalo/photo_3.jpg"))])
    build(d + "/chat_dbs/" + ZALO_ME + "/group_880011.db", chat, [
        (ci, (1, "g1", ZALO_PEER2, 1, (T0 + 60000) // 1000, "Nhóm đầu tư 投资", None)),  # seconds in this file
    ])
    build(d + "/profile.sqlite", """
    CREATE TABLE ProfileEntity (Z_PK INTEGER PRIMARY KEY, userid TEXT, displayname TEXT, avatar TEXT, gender INTEGER);
    CREATE TABLE BuddyEntity (Z_PK INTEGER PRIMARY KEY, zaloid TEXT, mobile TEXT, alias TEXT);
    """, [
        ("INSERT INTO ProfileEntity (Z_PK, userid, displayname) VALUES (?,?,?)", (1, ZALO_PEER, "Phạm Minh Tuấn")),
        ("INSERT INTO ProfileEntity (Z_PK, userid, displayname) VALUES (?,?,?)", (2, ZALO_PEER2, "Lê Thị Hoa")),
        ("INSERT INTO BuddyEntity (Z_PK, zaloid, mobile) VALUES (?,?,?)", (1, ZALO_PEER, "+84 91 234 5678")),
    ])
    build(d + "/chatgroup.sqlite", "CREATE TABLE GroupEntity (Z_PK INTEGER PRIMARY KEY, groupid TEXT, name TEXT);",
          [("INSERT INTO GroupEntity (Z_PK, groupid, name) VALUES (?,?,?)", (1, "880011", "Đầu tư 2024"))])


def imo(root):
    d = root + "/data/data/com.imo.android.imous/databases"
    build(d + "/imofriends.db", """
    CREATE TABLE friends (_id INTEGER PRIMARY KEY AUTOINCREMENT, buid TEXT, name TEXT, display TEXT, icon_id TEXT,
      is_muted INTEGER, starred INTEGER, times_contacted INTEGER);
    CREATE TABLE messages (_id INTEGER PRIMARY KEY AUTOINCREMENT, buid TEXT, last_message TEXT, timestamp INTEGER,
      message_type INTEGER, message_state INTEGER, message_read INTEGER, imdata TEXT, msg_id TEXT);
    """, [
        ("INSERT INTO friends (buid, name) VALUES (?,?)", ("imo_peer_77", "Ahmed Khan")),
        ("INSERT INTO messages (buid, last_message, timestamp, message_type, message_read, imdata) VALUES (?,?,?,?,?,?)",
         ("imo_peer_77", "Send the OTP please", T0 * 1000000 + 123456789, 1, 1, None)),
        ("INSERT INTO messages (buid, last_message, timestamp, message_type, message_read, imdata) VALUES (?,?,?,?,?,?)",
         ("imo_peer_77", "ส่งแล้ว", (T0 + 1000) * 1000000, 2, 1,
          '{"type":"photo","local_path":"/storage/emulated/0/imo/photo_1.jpg"}')),
    ])
    build(d + "/accountdb.db", "CREATE TABLE account (uid TEXT PRIMARY KEY, name TEXT, phone TEXT);",
          [("INSERT INTO account VALUES (?,?,?)", ("imo_owner_01", "Owner", "+66811111111"))])


def main():
    print(main_into(sys.argv[1]))


def main_into(out):
    if os.path.exists(out):
        shutil.rmtree(out)
    root = out + "/dump"
    # media the messages point at, so attachments link to evidence files
    for media in ("/storage/emulated/0/Android/data/jp.naver.line.android/files/chats/img/100005.jpg",
                  "/storage/emulated/0/Android/data/com.viber.voip/files/.viber/media/IMG-001.jpg",
                  "/storage/emulated/0/imo/photo_1.jpg"):
        os.makedirs(os.path.dirname(root + media), exist_ok=True)
        with open(root + media, "wb") as f:
            f.write(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + media.encode() + b"\xff\xd9")
    line_android(root)
    line_ios(root)
    viber(root)
    messenger(root)
    zalo(root)
    imo(root)
    return root


if __name__ == "__main__":
    main()
