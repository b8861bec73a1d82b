#!/usr/bin/env python3
"""make_fixtures.py OUTDIR - builds OUTDIR/dump, a directory dump holding the "more chat apps" databases
at their device paths (tests/chat_more): Signal Android decrypted signal.db (2023+ `message` schema and
the older `sms` + `mms` schema), Skype (Android live:<user>.db and classic main.db), Viber iOS
Contacts.data. Schemas follow the apps' real tables and column types as the public parsers read them
(ALEAPP signalAndroid.py / skype.py, plaso skype.py, iLEAPP viber.py; docs/chat-more.md). Rows are
fixed (deterministic) with zh/th/vi text, group chats, and one row per message database that lives only
in the -wal (checkpoint, wal_autocheckpoint=0, more rows, copy db + -wal while the connection is open)."""
import os
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "chat_common"))
from fixture_db import build  # noqa: E402

T0 = 1700000000000  # 2023-11-14T22:13:20Z in ms
COCOA0 = 978307200  # 2001-01-01 in Unix seconds


def put(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


# ---- Signal Android, 2023+ (MessageTable / RecipientTable / ThreadTable / CallTable / AttachmentTable) ----
SIGNAL_SCHEMA = """
CREATE TABLE recipient (_id INTEGER PRIMARY KEY AUTOINCREMENT, type INTEGER DEFAULT 0, e164 TEXT UNIQUE DEFAULT NULL,
  aci TEXT UNIQUE DEFAULT NULL, pni TEXT UNIQUE DEFAULT NULL, username TEXT UNIQUE DEFAULT NULL, email TEXT UNIQUE DEFAULT NULL,
  group_id TEXT UNIQUE DEFAULT NULL, distribution_list_id INTEGER DEFAULT NULL, call_link_room_id TEXT DEFAULT NULL,
  registered INTEGER DEFAULT 0, system_joined_name TEXT DEFAULT NULL, system_given_name TEXT DEFAULT NULL,
  system_family_name TEXT DEFAULT NULL, profile_given_name TEXT DEFAULT NULL, profile_family_name TEXT DEFAULT NULL,
  profile_joined_name TEXT DEFAULT NULL, blocked INTEGER DEFAULT 0, hidden INTEGER DEFAULT 0, about TEXT DEFAULT NULL,
  note TEXT DEFAULT NULL, last_profile_fetch INTEGER DEFAULT 0);
CREATE TABLE thread (_id INTEGER PRIMARY KEY AUTOINCREMENT, date INTEGER DEFAULT 0, meaningful_messages INTEGER DEFAULT 0,
  recipient_id INTEGER NOT NULL UNIQUE REFERENCES recipient (_id) ON DELETE CASCADE, read INTEGER DEFAULT 1,
  type INTEGER DEFAULT 0, error INTEGER DEFAULT 0, snippet TEXT, snippet_type INTEGER DEFAULT 0, unread_count INTEGER DEFAULT 0,
  archived INTEGER DEFAULT 0, pinned INTEGER DEFAULT 0, active INTEGER DEFAULT 0);
CREATE TABLE message (_id INTEGER PRIMARY KEY AUTOINCREMENT, date_sent INTEGER NOT NULL, date_received INTEGER NOT NULL,
  date_server INTEGER DEFAULT -1, thread_id INTEGER NOT NULL REFERENCES thread (_id) ON DELETE CASCADE,
  from_recipient_id INTEGER NOT NULL REFERENCES recipient (_id) ON DELETE CASCADE, from_device_id INTEGER,
  to_recipient_id INTEGER NOT NULL REFERENCES recipient (_id) ON DELETE CASCADE, type INTEGER NOT NULL, body TEXT,
  read INTEGER DEFAULT 0, ct_l TEXT, exp INTEGER, m_type INTEGER, m_size INTEGER, st INTEGER, tr_id TEXT,
  subscription_id INTEGER DEFAULT -1, receipt_timestamp INTEGER DEFAULT -1, has_delivery_receipt INTEGER DEFAULT 0,
  has_read_receipt INTEGER DEFAULT 0, viewed INTEGER DEFAULT 0, mismatched_identities TEXT DEFAULT NULL,
  network_failures TEXT DEFAULT NULL, expires_in INTEGER DEFAULT 0, expire_started INTEGER DEFAULT 0,
  notified INTEGER DEFAULT 0, quote_id INTEGER DEFAULT 0, quote_author INTEGER DEFAULT 0, quote_body TEXT DEFAULT NULL,
  quote_missing INTEGER DEFAULT 0, quote_mentions BLOB DEFAULT NULL, quote_type INTEGER DEFAULT 0,
  shared_contacts TEXT DEFAULT NULL, unidentified INTEGER DEFAULT 0, link_previews TEXT DEFAULT NULL,
  view_once INTEGER DEFAULT 0, reactions_unread INTEGER DEFAULT 0, reactions_last_seen INTEGER DEFAULT -1,
  remote_deleted INTEGER DEFAULT 0, mentions_self INTEGER DEFAULT 0, notified_timestamp INTEGER DEFAULT 0,
  server_guid TEXT DEFAULT NULL, message_ranges BLOB DEFAULT NULL, story_type INTEGER DEFAULT 0,
  parent_story_id INTEGER DEFAULT 0, export_state BLOB DEFAULT NULL, exported INTEGER DEFAULT 0,
  scheduled_date INTEGER DEFAULT -1, latest_revision_id INTEGER DEFAULT NULL, original_message_id INTEGER DEFAULT NULL,
  revision_number INTEGER DEFAULT 0);
CREATE TABLE attachment (_id INTEGER PRIMARY KEY AUTOINCREMENT, message_id INTEGER, content_type TEXT,
  remote_key TEXT, remote_location TEXT, remote_digest BLOB, remote_incremental_digest BLOB, cdn_number INTEGER DEFAULT 0,
  transfer_state INTEGER, transfer_file TEXT DEFAULT NULL, data_file TEXT, data_size INTEGER, data_random BLOB,
  file_name TEXT, fast_preflight_id TEXT, voice_note INTEGER DEFAULT 0, borderless INTEGER DEFAULT 0,
  video_gif INTEGER DEFAULT 0, quote INTEGER DEFAULT 0, width INTEGER DEFAULT 0, height INTEGER DEFAULT 0, caption TEXT DEFAULT NULL,
  sticker_pack_id TEXT DEFAULT NULL, upload_timestamp INTEGER DEFAULT 0);
CREATE TABLE groups (_id INTEGER PRIMARY KEY, group_id TEXT NOT NULL UNIQUE,
  recipient_id INTEGER NOT NULL UNIQUE REFERENCES recipient (_id) ON DELETE CASCADE, title TEXT DEFAULT NULL,
  avatar_id INTEGER DEFAULT 0, timestamp INTEGER DEFAULT 0, active INTEGER DEFAULT 1, mms INTEGER DEFAULT 0,
  master_key BLOB DEFAULT NULL, revision BLOB DEFAULT NULL, decrypted_group BLOB DEFAULT NULL);
CREATE TABLE group_membership (_id INTEGER PRIMARY KEY, group_id TEXT NOT NULL REFERENCES groups (group_id) ON DELETE CASCADE,
  recipient_id INTEGER NOT NULL REFERENCES recipient (_id) ON DELETE CASCADE, UNIQUE(group_id, recipient_id));
CREATE TABLE call (_id INTEGER PRIMARY KEY, call_id INTEGER NOT NULL, message_id INTEGER DEFAULT NULL REFERENCES message (_id) ON DELETE SET NULL,
  peer INTEGER DEFAULT NULL REFERENCES recipient (_id) ON DELETE CASCADE, type INTEGER NOT NULL, direction INTEGER NOT NULL,
  event INTEGER NOT NULL, timestamp INTEGER NOT NULL, ringer INTEGER DEFAULT NULL, deletion_timestamp INTEGER DEFAULT 0,
  read INTEGER DEFAULT 1, UNIQUE (call_id, peer) ON CONFLICT FAIL);
"""
SEC = 0x800000 | 0x200000   # SECURE_MESSAGE_BIT | PUSH_MESSAGE_BIT
GID = "__signal_group__v2__!8f3a2b"


def signal_modern(root):
    d = root + "/data/data/org.thoughtcrime.securesms/databases"
    R = "INSERT INTO recipient (_id, type, e164, aci, group_id, system_joined_name, profile_joined_name) VALUES (?,?,?,?,?,?,?)"
    T = "INSERT INTO thread (_id, recipient_id) VALUES (?,?)"
    M = ("INSERT INTO message (_id, date_sent, date_received, thread_id, from_recipient_id, to_recipient_id, type, body, "
         "read, remote_deleted, expires_in) VALUES (?,?,?,?,?,?,?,?,?,?,?)")
    rows = [
        (R, (1, 0, "+66811111111", "a0000000-0000-4000-8000-000000000001", None, None, "Me")),
        (R, (2, 0, "+66898765432", "a0000000-0000-4000-8000-000000000002", None, "สมชาย ใจดี", "Somchai")),
        (R, (3, 0, "+8613812345678", "a0000000-0000-4000-8000-000000000003", None, None, "王伟")),
        (R, (4, 3, None, None, GID, None, None)),
        (R, (5, 0, None, "a0000000-0000-4000-8000-000000000005", None, None, "Lan")),
        ("INSERT INTO groups (_id, group_id, recipient_id, title, timestamp) VALUES (1, ?, 4, 'Nhóm đầu tư 投资', ?)", (GID, T0)),
        ("INSERT INTO group_membership (group_id, recipient_id) VALUES (?, 1)", (GID,)),
        ("INSERT INTO group_membership (group_id, recipient_id) VALUES (?, 3)", (GID,)),
        ("INSERT INTO group_membership (group_id, recipient_id) VALUES (?, 2)", (GID,)),
        (T, (1, 2)), (T, (2, 4)), (T, (3, 5)),
        (M, (1, T0, T0 + 500, 1, 2, 1, 20 | SEC, "สวัสดีครับ", 1, 0, 0)),
        (M, (2, T0 + 60000, T0 + 60000, 1, 1, 2, 23 | SEC, "ok 好的", 1, 0, 86400000)),
        (M, (3, T0 + 120000, T0 + 120400, 2, 3, 1, 20 | SEC, "Chào cả nhóm", 0, 0, 0)),
        (M, (4, T0 + 180000, T0 + 180000, 2, 1, 4, 23 | SEC, None, 1, 0, 0)),
        (M, (5, T0 + 240000, T0 + 240300, 3, 5, 1, 20 | SEC, None, 1, 1, 0)),
        (M, (6, T0 + 200000, T0 + 200000, 1, 2, 1, 10, None, 1, 0, 0)),     # incoming video call record
        (M, (7, T0 + 250000, T0 + 250000, 1, 1, 2, 2, None, 1, 0, 0)),      # outgoing audio call, no call row
        ("INSERT INTO attachment (_id, message_id, content_type, data_file, data_size, file_name) VALUES (1, 4, ?, ?, 2048, ?)",
         ("image/jpeg", "/data/user/0/org.thoughtcrime.securesms/app_parts/part8471.mms", "IMG_0001.jpg")),
        ("INSERT INTO call (_id, call_id, message_id, peer, type, direction, event, timestamp) VALUES (1, 555, 6, 2, 1, 0, 3, ?)",
         (T0 + 200000,)),
        ("INSERT INTO call (_id, call_id, message_id, peer, type, direction, event, timestamp) VALUES (2, 556, NULL, 4, 3, 1, 1, ?)",
         (T0 + 260000,)),
    ]
    wal = [(M, (8, T0 + 300000, T0 + 300200, 3, 5, 1, 20 | SEC, "WAL only 仅在日志", 0, 0, 0))]
    build(d + "/signal.db", SIGNAL_SCHEMA, rows, wal)


# ---- Signal Android before 2023 (SmsDatabase / MmsDatabase / part / RecipientDatabase) ----------------
SIGNAL_OLD_SCHEMA = """
CREATE TABLE recipient (_id INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT UNIQUE DEFAULT NULL, username TEXT UNIQUE DEFAULT NULL,
  phone TEXT UNIQUE DEFAULT NULL, email TEXT UNIQUE DEFAULT NULL, group_id TEXT UNIQUE DEFAULT NULL, group_type INTEGER DEFAULT 0,
  blocked INTEGER DEFAULT 0, message_ringtone TEXT DEFAULT NULL, registered INTEGER DEFAULT 0,
  system_display_name TEXT DEFAULT NULL, system_photo_uri TEXT DEFAULT NULL, system_phone_label TEXT DEFAULT NULL,
  system_contact_uri TEXT DEFAULT NULL, profile_key TEXT DEFAULT NULL, signal_profile_name TEXT DEFAULT NULL,
  profile_family_name TEXT DEFAULT NULL, profile_joined_name TEXT DEFAULT NULL, signal_profile_avatar TEXT DEFAULT NULL);
CREATE TABLE thread (_id INTEGER PRIMARY KEY, date INTEGER DEFAULT 0, message_count INTEGER DEFAULT 0,
  thread_recipient_id INTEGER, snippet TEXT, snippet_charset INTEGER DEFAULT 0, read INTEGER DEFAULT 1, type INTEGER DEFAULT 0,
  error INTEGER DEFAULT 0, snippet_type INTEGER DEFAULT 0, snippet_uri TEXT DEFAULT NULL, archived INTEGER DEFAULT 0,
  status INTEGER DEFAULT 0, expires_in INTEGER DEFAULT 0, last_seen INTEGER DEFAULT 0, unread_count INTEGER DEFAULT 0);
CREATE TABLE sms (_id integer PRIMARY KEY, thread_id INTEGER, address INTEGER, address_device_id INTEGER DEFAULT 1,
  person INTEGER, date INTEGER, date_sent INTEGER, date_server INTEGER DEFAULT -1, protocol INTEGER, read INTEGER DEFAULT 0,
  status INTEGER DEFAULT -1, type INTEGER, reply_path_present INTEGER, delivery_receipt_count INTEGER DEFAULT 0,
  subject TEXT, body TEXT, mismatched_identities TEXT DEFAULT NULL, service_center TEXT, subscription_id INTEGER DEFAULT -1,
  expires_in INTEGER DEFAULT 0, expire_started INTEGER DEFAULT 0, notified DEFAULT 0, read_receipt_count INTEGER DEFAULT 0,
  unidentified INTEGER DEFAULT 0, remote_deleted INTEGER DEFAULT 0);
CREATE TABLE mms (_id INTEGER PRIMARY KEY, thread_id INTEGER, date INTEGER, date_received INTEGER, date_server INTEGER DEFAULT -1,
  msg_box INTEGER, read INTEGER DEFAULT 0, m_id TEXT, sub TEXT, sub_cs INTEGER, body TEXT, part_count INTEGER, ct_t TEXT,
  ct_l TEXT, address TEXT, address_device_id INTEGER, exp INTEGER, m_cls TEXT, m_type INTEGER, v INTEGER, m_size INTEGER,
  pri INTEGER, rr INTEGER, rpt_a INTEGER, resp_st INTEGER, st INTEGER, tr_id TEXT, retr_st INTEGER, retr_txt TEXT,
  retr_txt_cs INTEGER, read_status INTEGER, ct_cls INTEGER, resp_txt TEXT, d_tm INTEGER, delivery_receipt_count INTEGER DEFAULT 0,
  mismatched_identities TEXT DEFAULT NULL, network_failures TEXT DEFAULT NULL, d_rpt INTEGER, subscription_id INTEGER DEFAULT -1,
  expires_in INTEGER DEFAULT 0, expire_started INTEGER DEFAULT 0, notified INTEGER DEFAULT 0, read_receipt_count INTEGER DEFAULT 0,
  quote_id INTEGER DEFAULT 0, quote_author TEXT, quote_body TEXT, quote_attachment INTEGER DEFAULT -1,
  quote_missing INTEGER DEFAULT 0, shared_contacts TEXT, unidentified INTEGER DEFAULT 0, previews TEXT,
  reveal_duration INTEGER DEFAULT 0, remote_deleted INTEGER DEFAULT 0);
CREATE TABLE part (_id INTEGER PRIMARY KEY, mid INTEGER, seq INTEGER DEFAULT 0, ct TEXT, name TEXT, chset INTEGER, cd TEXT,
  fn TEXT, cid TEXT, cl TEXT, ctt_s INTEGER, ctt_t TEXT, encrypted INTEGER, pending_push INTEGER, _data TEXT,
  data_size INTEGER, file_name TEXT, thumbnail TEXT, aspect_ratio REAL, unique_id INTEGER NOT NULL, digest BLOB,
  fast_preflight_id TEXT, voice_note INTEGER DEFAULT 0, data_random BLOB, thumbnail_random BLOB, quote INTEGER DEFAULT 0,
  width INTEGER DEFAULT 0, height INTEGER DEFAULT 0, caption TEXT DEFAULT NULL);
CREATE TABLE groups (_id INTEGER PRIMARY KEY, group_id TEXT, recipient_id INTEGER, title TEXT, members TEXT,
  avatar BLOB, avatar_id INTEGER, avatar_key BLOB, avatar_content_type TEXT, avatar_relay TEXT, timestamp INTEGER,
  active INTEGER DEFAULT 1, avatar_digest BLOB, mms INTEGER DEFAULT 0);
"""
OLD_GID = "__textsecure_group__!00112233445566778899aabbccddeeff"


def signal_old(root):
    d = root + "/data/user/10/org.thoughtcrime.securesms/databases"
    R = "INSERT INTO recipient (_id, uuid, phone, group_id, system_display_name, signal_profile_name) VALUES (?,?,?,?,?,?)"
    S = "INSERT INTO sms (_id, thread_id, address, date, date_sent, type, body, read) VALUES (?,?,?,?,?,?,?,?)"
    MM = "INSERT INTO mms (_id, thread_id, address, date, date_received, msg_box, body, read) VALUES (?,?,?,?,?,?,?,?)"
    rows = [
        (R, (1, "b0000000-0000-4000-8000-000000000001", "+66811111111", None, None, "Me")),
        (R, (2, "b0000000-0000-4000-8000-000000000002", "+66898765432", None, "สมชาย", None)),
        (R, (3, None, None, OLD_GID, None, None)),
        (R, (4, "b0000000-0000-4000-8000-000000000004", "+8613812345678", None, None, "王伟")),
        ("INSERT INTO groups (_id, group_id, recipient_id, title, members, timestamp) VALUES (1, ?, 3, '老同学', '2,4,1', ?)",
         (OLD_GID, T0)),
        ("INSERT INTO thread (_id, thread_recipient_id) VALUES (1, 2)", ()),
        ("INSERT INTO thread (_id, thread_recipient_id) VALUES (2, 3)", ()),
        (S, (1, 1, 2, T0 + 700, T0, 20 | SEC, "hello 你好", 1)),
        (S, (2, 1, 2, T0 + 1000, T0 + 1000, 23 | SEC, "reply ตอบ", 1)),
        (S, (3, 1, 2, T0 + 5000, T0 + 5000, 3, None, 1)),                  # missed audio call
        (S, (4, 3, "+84 91 234 5678", T0 + 7000, T0 + 6000, 20, "pre-recipient row", 0)),   # address = the number itself
        (MM, (1, 2, "4", T0 + 10000, T0 + 10500, 20 | SEC, "群消息", 1)),
        (MM, (2, 2, "3", T0 + 20000, T0 + 20000, 23 | SEC, "photo", 1)),
        ("INSERT INTO part (_id, mid, ct, _data, data_size, unique_id) VALUES (1, 2, 'image/jpeg', ?, 4096, 1700000020000)",
         ("/data/user/10/org.thoughtcrime.securesms/app_parts/part123.mms",)),
    ]
    build(d + "/signal.db", SIGNAL_OLD_SCHEMA, rows)
    # Signal encrypts app_parts files; the link needs only the path
    put(root + "/data/user/10/org.thoughtcrime.securesms/app_parts/part123.mms", bytes(range(64)))


# ---- Skype Android live:<user>.db (ALEAPP skype.py columns) -----------------------------------------
SKYPE_LIVE_SCHEMA = """
CREATE TABLE person (nsp_pk TEXT PRIMARY KEY, entry_id TEXT, first_name TEXT, last_name TEXT, avatar_url TEXT,
  mood TEXT, birthday TEXT, phone_numbers TEXT, is_blocked INTEGER DEFAULT 0);
CREATE TABLE particiapnt (nsp_pk TEXT PRIMARY KEY, conversation_id TEXT, person_id TEXT, role TEXT);
CREATE TABLE chatitem (nsp_pk TEXT PRIMARY KEY, conversation_link TEXT, person_id TEXT, time INTEGER, content TEXT,
  is_sender_me INTEGER, device_gallery_path TEXT, message_type INTEGER, duration INTEGER, is_read INTEGER);
"""
SK_OWNER = "live:minh.owner"
SK_PEER = "live:somchai_88"
SK_PEER2 = "8:wangwei.cn"
SK_GROUP = "19:a1b2c3d4e5@thread.skype"


def skype_live(root):
    d = root + "/data/data/com.skype.raider/databases"
    P = "INSERT INTO person (nsp_pk, entry_id, first_name, last_name) VALUES (?,?,?,?)"
    G = "INSERT INTO particiapnt (nsp_pk, conversation_id, person_id) VALUES (?,?,?)"
    C = ("INSERT INTO chatitem (nsp_pk, conversation_link, person_id, time, content, is_sender_me, device_gallery_path, "
         "message_type, duration) VALUES (?,?,?,?,?,?,?,?,?)")
    rows = [
        (P, ("p1", SK_OWNER, "Minh", "Nguyễn")),
        (P, ("p2", SK_PEER, "สมชาย", None)),
        (P, ("p3", SK_PEER2, "王", "伟")),
        (G, ("g1", SK_GROUP, SK_OWNER)), (G, ("g2", SK_GROUP, SK_PEER)), (G, ("g3", SK_GROUP, SK_PEER2)),
        (C, ("c1", SK_PEER, SK_PEER, T0, "สวัสดี Skype", 0, None, 1, None)),
        (C, ("c2", SK_PEER, SK_OWNER, T0 + 30000, "xin chào", 1, None, 1, None)),
        (C, ("c3", SK_GROUP, SK_PEER2, T0 + 60000, "大家好", 0, None, 1, None)),
        (C, ("c4", SK_GROUP, SK_OWNER, T0 + 90000, None, 1,
             "/storage/emulated/0/Pictures/Skype/IMG_20231114.jpg", 2, None)),
        (C, ("c5", SK_PEER, SK_PEER, T0 + 120000, None, 0, None, 3, 95)),   # call record
    ]
    wal = [(C, ("c6", SK_PEER, SK_PEER, T0 + 150000, "WAL only ใน WAL", 0, None, 1, None))]
    build(d + "/" + SK_OWNER + ".db", SKYPE_LIVE_SCHEMA, rows, wal)
    put(root + "/storage/emulated/0/Pictures/Skype/IMG_20231114.jpg", b"\xff\xd8\xff\xe0 skype fixture image")


# ---- Skype classic main.db (plaso skype.py tables and columns) --------------------------------------
SKYPE_MAIN_SCHEMA = """
CREATE TABLE Accounts (id INTEGER NOT NULL PRIMARY KEY, is_permanent INTEGER, skypename TEXT, fullname TEXT,
  given_displayname TEXT, emails TEXT, country TEXT, profile_timestamp INTEGER, authreq_timestamp INTEGER,
  lastonline_timestamp INTEGER, mood_timestamp INTEGER, sent_authrequest_time INTEGER, lastused_timestamp INTEGER);
CREATE TABLE Contacts (id INTEGER NOT NULL PRIMARY KEY, is_permanent INTEGER, type INTEGER, skypename TEXT, pstnnumber TEXT,
  fullname TEXT, displayname TEXT, phone_home TEXT, phone_office TEXT, phone_mobile TEXT, country TEXT, city TEXT);
CREATE TABLE Conversations (id INTEGER NOT NULL PRIMARY KEY, is_permanent INTEGER, identity TEXT, type INTEGER,
  displayname TEXT, given_displayname TEXT);
CREATE TABLE Chats (id INTEGER NOT NULL PRIMARY KEY, is_permanent INTEGER, name TEXT, timestamp INTEGER, dialog_partner TEXT,
  friendlyname TEXT, participants TEXT, type INTEGER);
CREATE TABLE Messages (id INTEGER NOT NULL PRIMARY KEY, is_permanent INTEGER, convo_id INTEGER, chatname TEXT, author TEXT,
  from_dispname TEXT, author_was_live INTEGER, guid BLOB, dialog_partner TEXT, timestamp INTEGER, type INTEGER,
  sending_status INTEGER, consumption_status INTEGER, edited_by TEXT, edited_timestamp INTEGER, body_xml TEXT);
CREATE TABLE Calls (id INTEGER NOT NULL PRIMARY KEY, is_permanent INTEGER, begin_timestamp INTEGER, topic TEXT,
  is_muted INTEGER, is_unseen_missed INTEGER, host_identity TEXT, duration INTEGER, name TEXT, is_incoming INTEGER,
  is_conference INTEGER, conv_dbid INTEGER);
CREATE TABLE CallMembers (id INTEGER NOT NULL PRIMARY KEY, is_permanent INTEGER, identity TEXT, dispname TEXT,
  call_duration INTEGER, videostatus INTEGER, guid TEXT, start_timestamp INTEGER, status INTEGER, call_db_id INTEGER);
CREATE TABLE SMSes (id INTEGER NOT NULL PRIMARY KEY, is_permanent INTEGER, type INTEGER, status INTEGER, timestamp INTEGER,
  target_numbers TEXT, body TEXT);
CREATE TABLE Transfers (id INTEGER NOT NULL PRIMARY KEY, is_permanent INTEGER, type INTEGER, partner_handle TEXT,
  partner_dispname TEXT, status INTEGER, starttime INTEGER, finishtime INTEGER, filepath TEXT, filename TEXT,
  filesize TEXT, parent_id INTEGER, pk_id INTEGER, offer_send_list TEXT, accepttime INTEGER);
"""
T0S = T0 // 1000


def skype_main(root):
    d = root + "/Users/minh/AppData/Roaming/Skype/minh.owner"
    M = ("INSERT INTO Messages (id, convo_id, chatname, author, from_dispname, dialog_partner, timestamp, type, body_xml) "
         "VALUES (?,?,?,?,?,?,?,?,?)")
    CH = "#minh.owner/$somchai.88;1a2b3c"
    GR = "#wang.wei/$c0ffee00112233"
    rows = [
        ("INSERT INTO Accounts (id, skypename, fullname) VALUES (1, 'minh.owner', 'Nguyễn Minh')", ()),
        ("INSERT INTO Contacts (id, skypename, fullname, displayname, phone_mobile) VALUES (1, 'somchai.88', 'สมชาย ใจดี', NULL, '0898765432')", ()),
        ("INSERT INTO Contacts (id, skypename, fullname, displayname, phone_mobile) VALUES (2, 'wang.wei', NULL, '王伟', '+86 138 1234 5678')", ()),
        ("INSERT INTO Chats (id, name, dialog_partner, friendlyname, participants) VALUES (1, ?, 'somchai.88', 'สมชาย ใจดี', 'minh.owner somchai.88')", (CH,)),
        ("INSERT INTO Chats (id, name, dialog_partner, friendlyname, participants) VALUES (2, ?, NULL, 'Dự án 项目', 'wang.wei minh.owner somchai.88')", (GR,)),
        (M, (1, 1, CH, "somchai.88", "สมชาย ใจดี", "somchai.88", T0S, 61, "ไปกินข้าวไหม")),
        (M, (2, 1, CH, "minh.owner", "Nguyễn Minh", "somchai.88", T0S + 20, 61, "ok &amp; see you")),
        (M, (3, 2, GR, "wang.wei", "王伟", None, T0S + 40, 61, "会议改到明天")),
        ("INSERT INTO Calls (id, begin_timestamp, host_identity, duration, is_incoming, is_conference) VALUES (1, ?, 'somchai.88', 125, 1, 0)", (T0S + 100,)),
        ("INSERT INTO CallMembers (id, identity, dispname, call_duration, videostatus, start_timestamp, call_db_id) VALUES (1, 'somchai.88', 'สมชาย ใจดี', 125, 3, ?, 1)", (T0S + 102,)),
        ("INSERT INTO Calls (id, begin_timestamp, host_identity, duration, is_incoming, is_conference) VALUES (2, ?, 'minh.owner', 0, 0, 0)", (T0S + 200,)),
        ("INSERT INTO CallMembers (id, identity, dispname, call_duration, videostatus, start_timestamp, call_db_id) VALUES (2, 'wang.wei', '王伟', 0, 1, NULL, 2)", ()),
    ]
    build(d + "/main.db", SKYPE_MAIN_SCHEMA, rows)


# ---- Viber iOS Contacts.data (Core Data; iLEAPP viber.py tables and columns) ------------------------
VIBER_IOS_SCHEMA = """
CREATE TABLE ZMEMBER (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZDISPLAYFULLNAME VARCHAR,
  ZDISPLAYSHORTNAME VARCHAR, ZNAME VARCHAR, ZMID VARCHAR);
CREATE TABLE ZPHONENUMBER (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZMEMBER INTEGER, ZPHONE VARCHAR,
  ZCANONIZEDPHONENUM VARCHAR);
CREATE TABLE ZCONVERSATION (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZINTERLOCUTOR INTEGER,
  ZBEINGDELETED INTEGER, ZFAVORITE INTEGER, ZTIMEBOMBDURATION INTEGER, ZGROUPID INTEGER, ZNAME VARCHAR);
CREATE TABLE ZATTACHMENT (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZFILESIZE INTEGER, ZNAME VARCHAR,
  ZTYPE VARCHAR);
CREATE TABLE ZVIBERMESSAGE (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZATTACHMENT INTEGER,
  ZCONVERSATION INTEGER, ZLOCATION INTEGER, ZPHONENUMINDEX INTEGER, ZBEINGDELETED INTEGER, ZLIKESCOUNT INTEGER,
  ZTIMEBOMBDURATION INTEGER, ZDATE TIMESTAMP, ZSTATEDATE TIMESTAMP, ZTIMEBOMBTIMESTAMP TIMESTAMP, ZSTATE VARCHAR,
  ZSYSTEMTYPE VARCHAR, ZTEXT VARCHAR, ZMETADATA VARCHAR);
CREATE TABLE ZVIBERLOCATION (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZLATITUDE FLOAT, ZLONGITUDE FLOAT);
CREATE TABLE ZRECENTSLINE (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZDATE TIMESTAMP, ZCALLTYPE VARCHAR,
  ZPHONENUMBER VARCHAR);
CREATE TABLE ZRECENT (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZCALLLOGMESSAGE INTEGER, ZRECENTSLINE INTEGER,
  ZDATE TIMESTAMP, ZDURATION FLOAT, ZCALLTYPE VARCHAR);
CREATE TABLE ZABCONTACT (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZCONTACTID INTEGER, ZMAINNAME VARCHAR,
  ZPREFIXNAME VARCHAR, ZSUFFIXNAME VARCHAR);
CREATE TABLE ZABCONTACTNUMBER (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZCONTACT INTEGER, ZPHONE VARCHAR,
  ZCANONIZEDPHONENUM VARCHAR);
CREATE TABLE Z_PRIMARYKEY (Z_ENT INTEGER PRIMARY KEY, Z_NAME VARCHAR, Z_SUPER INTEGER, Z_MAX INTEGER);
CREATE TABLE Z_METADATA (Z_VERSION INTEGER PRIMARY KEY, Z_UUID VARCHAR(255), Z_PLIST BLOB);
"""
VIBER_IOS_DIR = "/private/var/mobile/Containers/Shared/AppGroup/6A7B8C9D-0E1F-4A2B-8C3D-4E5F60718293/com.viber"


def viber_ios(root):
    d = root + VIBER_IOS_DIR
    c0 = float(T0 // 1000 - COCOA0)   # 721692800.0 = 2023-11-14T22:13:20Z
    M = ("INSERT INTO ZVIBERMESSAGE (Z_PK, ZCONVERSATION, ZPHONENUMINDEX, ZSTATEDATE, ZDATE, ZSTATE, ZTEXT, ZATTACHMENT, "
         "ZBEINGDELETED, ZSYSTEMTYPE) VALUES (?,?,?,?,?,?,?,?,?,?)")
    rows = [
        ("INSERT INTO ZMEMBER (Z_PK, ZDISPLAYFULLNAME, ZDISPLAYSHORTNAME) VALUES (1, 'สมชาย ใจดี', 'สมชาย')", ()),
        ("INSERT INTO ZMEMBER (Z_PK, ZDISPLAYFULLNAME, ZDISPLAYSHORTNAME) VALUES (2, '王伟', '伟')", ()),
        ("INSERT INTO ZMEMBER (Z_PK, ZDISPLAYFULLNAME, ZNAME) VALUES (3, NULL, 'Nguyễn Lan')", ()),
        ("INSERT INTO ZPHONENUMBER (Z_PK, ZMEMBER, ZPHONE, ZCANONIZEDPHONENUM) VALUES (1, 1, '089 876 5432', '66898765432')", ()),
        ("INSERT INTO ZPHONENUMBER (Z_PK, ZMEMBER, ZPHONE, ZCANONIZEDPHONENUM) VALUES (2, 2, '+86 138 1234 5678', '8613812345678')", ()),
        ("INSERT INTO ZPHONENUMBER (Z_PK, ZMEMBER, ZPHONE, ZCANONIZEDPHONENUM) VALUES (3, 3, '+84 91 234 56 78', '84912345678')", ()),
        ("INSERT INTO ZCONVERSATION (Z_PK, ZINTERLOCUTOR, ZNAME) VALUES (1, 1, NULL)", ()),
        ("INSERT INTO ZCONVERSATION (Z_PK, ZINTERLOCUTOR, ZNAME, ZGROUPID) VALUES (2, NULL, 'Crypto ทีม 团队', 5550001)", ()),
        ("INSERT INTO ZATTACHMENT (Z_PK, ZFILESIZE, ZNAME, ZTYPE) VALUES (1, 20480, 'IMG_4321.jpg', 'picture')", ()),
        (M, (1, 1, 1, c0, c0 + 1, "received", "สวัสดีครับ", None, 0, None)),
        (M, (2, 1, None, c0 + 60, c0 + 62, "delivered", "ok 好的", None, 0, None)),
        (M, (3, 2, 2, c0 + 120, c0 + 120, "received", "大家好", None, 0, None)),
        (M, (4, 2, 3, c0 + 180, c0 + 180, "received", None, 1, 0, None)),
        (M, (5, 2, None, c0 + 240, c0 + 240, "send", "Xin chào", None, 1, None)),
        (M, (6, 1, 1, c0 + 300, c0 + 300, "received", None, None, 0, "call")),
        ("INSERT INTO ZRECENTSLINE (Z_PK, ZDATE, ZCALLTYPE, ZPHONENUMBER) VALUES (1, ?, 'outgoing_viber', '8613812345678')", (c0 + 400,)),
        ("INSERT INTO ZRECENT (Z_PK, ZCALLLOGMESSAGE, ZRECENTSLINE, ZDATE, ZDURATION, ZCALLTYPE) VALUES (1, 6, NULL, ?, 0.0, 'missed_with_video')", (c0 + 300,)),
        ("INSERT INTO ZRECENT (Z_PK, ZCALLLOGMESSAGE, ZRECENTSLINE, ZDATE, ZDURATION, ZCALLTYPE) VALUES (2, NULL, 1, ?, 42.5, 'outgoing_viber')", (c0 + 400,)),
        ("INSERT INTO ZABCONTACT (Z_PK, ZCONTACTID, ZMAINNAME) VALUES (1, 101, 'สมชาย ใจดี')", ()),
        ("INSERT INTO ZABCONTACT (Z_PK, ZCONTACTID, ZMAINNAME) VALUES (2, 102, 'Lan')", ()),
        ("INSERT INTO ZABCONTACTNUMBER (Z_PK, ZCONTACT, ZPHONE, ZCANONIZEDPHONENUM) VALUES (1, 1, '089 876 5432', '66898765432')", ()),
        ("INSERT INTO ZABCONTACTNUMBER (Z_PK, ZCONTACT, ZPHONE, ZCANONIZEDPHONENUM) VALUES (2, 2, '+84 91 234 56 78', NULL)", ()),
    ]
    wal = [(M, (7, 1, 1, c0 + 500, c0 + 500, "received", "WAL only 仅在日志", None, 0, None))]
    build(d + "/database/Contacts.data", VIBER_IOS_SCHEMA, rows, wal)
    build(d + "/settings/Settings.data", "CREATE TABLE Data (key TEXT PRIMARY KEY, value BLOB);",
          [("INSERT INTO Data VALUES ('_myPhoneNumber', '0811111111')", ()),
           ("INSERT INTO Data VALUES ('_myCanonizedPhoneNumber', '66811111111')", ()),
           ("INSERT INTO Data VALUES ('_myUserName', 'Minh')", ())])


# ---- Instagram Android direct.db (ALEAPP instagram.py: messages / threads / session) --------------------
IG_SCHEMA = """
CREATE TABLE session (user_id TEXT PRIMARY KEY, last_seen_at INTEGER);
CREATE TABLE threads (_id INTEGER PRIMARY KEY AUTOINCREMENT, user_id TEXT NOT NULL, thread_id TEXT NOT NULL,
  recipient_ids TEXT, last_activity_time INTEGER, is_pending INTEGER, thread_info TEXT NOT NULL, UNIQUE (user_id, thread_id));
CREATE TABLE messages (_id INTEGER PRIMARY KEY AUTOINCREMENT, user_id TEXT NOT NULL, server_item_id TEXT,
  client_item_id TEXT, thread_id TEXT, recipient_ids TEXT, timestamp INTEGER NOT NULL, message_type TEXT NOT NULL,
  text TEXT, message TEXT NOT NULL);
"""
IG_ME, IG_PEER, IG_W, IG_L = "1111111111", "2222222222", "3333333333", "4444444444"


def instagram(root):
    import json
    d = root + "/data/data/com.instagram.android/databases"
    us = T0 * 1000
    t1 = {"thread_title": "", "recipients": [{"pk": int(IG_PEER), "username": "somchai.th", "full_name": "สมชาย"}],
          "inviter": {"pk": int(IG_ME), "username": "minh.ig"}}
    t2 = {"thread_title": "Nhóm du lịch 旅行", "recipients": [
        {"pk": int(IG_W), "username": "wang.wei", "full_name": "王伟"},
        {"pk_id": IG_L, "username": "lan.ng", "full_name": "Nguyễn Lan"}], "inviter": {"pk": int(IG_W), "username": "wang.wei"}}
    M = ("INSERT INTO messages (_id, user_id, thread_id, timestamp, message_type, text, message) VALUES (?,?,?,?,?,?,?)")

    def item(uid, iid, extra=None):
        m = {"user_id": int(uid), "item_id": iid, "timestamp": 0}
        m.update(extra or {})
        return json.dumps(m, ensure_ascii=False)
    rows = [
        ("INSERT INTO session (user_id) VALUES (?)", (IG_ME,)),
        ("INSERT INTO threads (user_id, thread_id, last_activity_time, thread_info) VALUES (?,?,?,?)",
         (IG_ME, "340282366841710300949128100000000001", us, json.dumps(t1, ensure_ascii=False))),
        ("INSERT INTO threads (user_id, thread_id, last_activity_time, thread_info) VALUES (?,?,?,?)",
         (IG_ME, "340282366841710300949128100000000002", us, json.dumps(t2, ensure_ascii=False))),
        (M, (1, IG_ME, "340282366841710300949128100000000001", us, "text", "สวัสดีครับ", item(IG_PEER, "30001"))),
        (M, (2, IG_ME, "340282366841710300949128100000000001", us + 30000000, "text", "hi 你好", item(IG_ME, "30002"))),
        (M, (3, IG_ME, "340282366841710300949128100000000002", us + 60000000, "text", "大家好", item(IG_W, "30003"))),
        (M, (4, IG_ME, "340282366841710300949128100000000002", us + 90000123, "media", None, item(IG_L, "30004", {
            "content_type": "media", "media": {"taken_at": T0 // 1000, "image_versions2": {"candidates": [
                {"url": "https://scontent.cdninstagram.com/v/t51/abc.jpg", "width": 1080}]}}}))),
        (M, (5, IG_ME, "340282366841710300949128100000000001", us + 120000000, "video_call_event", None, item(IG_ME, "30005", {
            "video_call_event": {"action": "video_call_started", "description": "You started a video chat",
                                 "did_join": True, "vc_id": 987654321}}))),
    ]
    wal = [(M, (6, IG_ME, "340282366841710300949128100000000001", us + 150000000, "text", "WAL only ใน WAL", item(IG_PEER, "30006")))]
    build(d + "/direct.db", IG_SCHEMA, rows, wal)


# ---- TextNow Android textnow_data.db (ALEAPP textnow.py: messages / contacts / groups / group_members) ----
TEXTNOW_SCHEMA = """
CREATE TABLE contacts (_id INTEGER PRIMARY KEY AUTOINCREMENT, contact_value TEXT NOT NULL, contact_type INTEGER,
  contact_name TEXT, contact_uri TEXT, latest_message_id INTEGER, UNIQUE (contact_value));
CREATE TABLE messages (_id INTEGER PRIMARY KEY AUTOINCREMENT, message_id INTEGER, contact_value TEXT NOT NULL,
  contact_type INTEGER, contact_name TEXT, message_direction INTEGER, message_type INTEGER, message_text TEXT,
  read INTEGER DEFAULT 0, date INTEGER, state INTEGER, attach TEXT, message_source INTEGER);
CREATE TABLE groups (_id INTEGER PRIMARY KEY AUTOINCREMENT, contact_value TEXT NOT NULL, title TEXT, avatar TEXT);
CREATE TABLE group_members (_id INTEGER PRIMARY KEY AUTOINCREMENT, contact_value TEXT NOT NULL,
  member_contact_value TEXT NOT NULL, contact_type INTEGER, display_name TEXT);
"""


def textnow(root):
    d = root + "/data/data/com.enflick.android.TextNow/databases"
    M = ("INSERT INTO messages (_id, message_id, contact_value, message_direction, message_type, message_text, read, date, attach) "
         "VALUES (?,?,?,?,?,?,?,?,?)")
    G = "group_5e6f7a@textnow.me"
    rows = [
        ("INSERT INTO contacts (contact_value, contact_type, contact_name) VALUES ('+12025550143', 2, 'Mike Hunt')", ()),
        ("INSERT INTO contacts (contact_value, contact_type, contact_name) VALUES ('0898765432', 2, 'สมชาย')", ()),
        ("INSERT INTO contacts (contact_value, contact_type, contact_name) VALUES (?, 5, '')", (G,)),
        ("INSERT INTO groups (contact_value, title) VALUES (?, 'Weekend 周末')", (G,)),
        ("INSERT INTO group_members (contact_value, member_contact_value) VALUES (?, '+12025550143')", (G,)),
        ("INSERT INTO group_members (contact_value, member_contact_value) VALUES (?, '0898765432')", (G,)),
        (M, (1, 9001, "+12025550143", 1, 1, "send the code 1234", 1, T0, None)),
        (M, (2, 9002, "+12025550143", 2, 1, "ok", 1, T0 + 10000, None)),
        (M, (3, 9003, "0898765432", 1, 2, None, 0, T0 + 20000, "/storage/emulated/0/TextNow/media/mms_1.jpg")),
        (M, (4, 9004, G, 2, 1, "Chào cả nhà", 1, T0 + 30000, None)),
        (M, (5, 9005, "+12025550143", 2, 100, "61", 1, T0 + 40000, None)),
        (M, (6, 9006, "0898765432", 1, 102, "0", 0, T0 + 50000, None)),
    ]
    wal = [(M, (7, 9007, "0898765432", 1, 1, "WAL only ใน WAL", 0, T0 + 60000, None))]
    build(d + "/textnow_data.db", TEXTNOW_SCHEMA, rows, wal)


# ---- Messenger iOS lightspeed-userDatabases/<uid>.db (iLEAPP facebookMessenger.py tables) -------------
FB_IOS_SCHEMA = """
CREATE TABLE _user_info (facebook_user_id INTEGER, user_name TEXT);
CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT, normalized_name_for_search TEXT, profile_picture_url TEXT,
  is_messenger_user INTEGER);
CREATE TABLE threads (thread_key INTEGER PRIMARY KEY, thread_name TEXT, last_activity_timestamp_ms INTEGER);
CREATE TABLE messages (thread_key INTEGER, timestamp_ms INTEGER, message_id TEXT PRIMARY KEY, offline_threading_id TEXT,
  sender_id INTEGER, text TEXT, has_attachment INTEGER, send_status INTEGER);
CREATE TABLE attachments (message_id TEXT, attachment_fbid TEXT, filename TEXT, filesize INTEGER, title_text TEXT,
  subtitle_text TEXT);
CREATE TABLE client_messages (pk INTEGER PRIMARY KEY, thread_pk INTEGER, sender_contact_pk INTEGER, text TEXT,
  display_ts_ms INTEGER, message_content_type INTEGER);
CREATE TABLE client_attachments (pk INTEGER PRIMARY KEY, message_pk INTEGER, filename TEXT, filesize INTEGER, content_token TEXT);
CREATE TABLE client_attachment_store_keys (content_token TEXT PRIMARY KEY, persisted_path TEXT);
CREATE VIEW thread_messages AS SELECT * FROM messages;
"""
FB_IOS_ME, FB_IOS_PEER = 100012345678901, 100098765432109
FB_IOS_DIR = "/private/var/mobile/Containers/Shared/AppGroup/0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9/lightspeed-userDatabases"


def messenger_ios(root):
    d = root + FB_IOS_DIR
    M = "INSERT INTO messages (thread_key, timestamp_ms, message_id, sender_id, text, has_attachment) VALUES (?,?,?,?,?,?)"
    CM = "INSERT INTO client_messages (pk, thread_pk, sender_contact_pk, text, display_ts_ms, message_content_type) VALUES (?,?,?,?,?,?)"
    rows = [
        ("INSERT INTO _user_info (facebook_user_id, user_name) VALUES (?, 'minh')", (FB_IOS_ME,)),
        ("INSERT INTO contacts (id, name) VALUES (?, 'Minh Nguyễn')", (FB_IOS_ME,)),
        ("INSERT INTO contacts (id, name) VALUES (?, 'Trần Văn Hùng')", (FB_IOS_PEER,)),
        (M, (FB_IOS_PEER, T0, "mid.$cAAA1", FB_IOS_PEER, "Chào bạn", 0)),
        (M, (FB_IOS_PEER, T0 + 5000, "mid.$cAAA2", FB_IOS_ME, "ok 好", 1)),
        ("INSERT INTO attachments (message_id, filename, filesize) VALUES ('mid.$cAAA2', 'image-1.jpg', 1000)", ()),
        (CM, (1, 555, FB_IOS_PEER, "e2ee สวัสดี", T0 + 10000, 1)),
        (CM, (2, 555, FB_IOS_ME, None, T0 + 15000, 2)),
        ("INSERT INTO client_attachments (pk, message_pk, filename, filesize, content_token) VALUES (1, 2, 'photo.jpg', 2000, 'tok1')", ()),
        ("INSERT INTO client_attachment_store_keys (content_token, persisted_path) VALUES ('tok1', ?)",
         ("/private/var/mobile/Containers/Shared/AppGroup/0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9/lightspeed-TAMStorage/media_bank/"
          "AdvancedCrypto/ab/persistent/img1.jpg",)),
    ]
    wal = [(M, (FB_IOS_PEER, T0 + 20000, "mid.$cAAA3", FB_IOS_PEER, "only in WAL ใน WAL", 0))]
    build(d + "/" + str(FB_IOS_ME) + ".db", FB_IOS_SCHEMA, rows, wal)


def main_into(out):
    root = out + "/dump"
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(root)
    signal_modern(root)
    signal_old(root)
    skype_live(root)
    skype_main(root)
    viber_ios(root)
    instagram(root)
    textnow(root)
    messenger_ios(root)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_fixtures.py OUTDIR")
    main_into(sys.argv[1])


if __name__ == "__main__":
    main()
