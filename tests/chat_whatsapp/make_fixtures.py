#!/usr/bin/env python3
"""make_fixtures.py OUTDIR - WhatsApp test evidence, built with Python's sqlite3 using the apps' real
table and column names (ALEAPP WhatsApp.py, IPED ExtractorAndroidNew/ExtractorIOS, iLEAPP whatsApp.py /
whatsappCallHistory.py; research chat.md). Deterministic: fixed rows, times and bytes.

OUTDIR/android/  directory evidence (device root):
  data/data/com.whatsapp/databases/msgstore.db (+ -wal)  current schema: message, chat, jid, jid_map (a
      LID chat), message_media/_location/_quoted/_revoked/_edit_info/_forwarded, receipt_user,
      group_participant_user, call_log + call_log_participant_v2; message 11 and call 4 only in the WAL
  data/data/com.whatsapp/databases/wa.db                 wa_contacts (4 persons, a group, status)
  data/data/com.whatsapp/shared_prefs/com.whatsapp_preferences_light.xml   cc=66, ph=812345678
  storage/emulated/0/Android/media/com.whatsapp/WhatsApp/Media/WhatsApp Images/IMG-20231114-WA0001.jpg
  data/data/com.whatsapp.w4b/databases/msgstore.db       Business app, legacy schema (messages,
      chat_list, group_participants, messages_quotes) next to a current-schema `message` table holding
      only the sentinel row
  data/data/com.whatsapp.w4b/shared_prefs/com.whatsapp.w4b_preferences.xml  registration_jid
OUTDIR/ios/      directory evidence: private/var/mobile/Containers/Shared/AppGroup/<UUID>/
  ChatStorage.sqlite (+ -wal: message 7 only in the WAL), ContactsV2.sqlite, CallHistory.sqlite,
  Message/Media/66898765432@s.whatsapp.net/a/b/photo-1.jpg
"""
import os
import shutil
import sqlite3
import sys

OUT = sys.argv[1]
shutil.rmtree(OUT, ignore_errors=True)
os.makedirs(OUT)


def put(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def wal_db(path, schema_and_rows, wal_rows):
    """Database at path: schema_and_rows checkpointed into the main file, then wal_rows written with
    wal_autocheckpoint=0 and both files copied while the writer is still open (so the -wal keeps them)."""
    work = path + ".work"
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if os.path.exists(work):
        os.remove(work)
    con = sqlite3.connect(work, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.executescript(schema_and_rows)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if wal_rows:
        con.executescript(wal_rows)
    main = open(work, "rb").read()
    wal = open(work + "-wal", "rb").read() if os.path.exists(work + "-wal") else b""
    put(path, main)
    if wal_rows:
        assert len(wal) > 32, "the WAL must hold frames"
        put(path + "-wal", wal)
    con.close()
    for s in ("", "-wal", "-shm"):
        if os.path.exists(work + s):
            os.remove(work + s)


def plain_db(path, script):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if os.path.exists(path):
        os.remove(path)
    con = sqlite3.connect(path)
    con.executescript(script)
    con.commit()
    con.close()


# ---- Android, current schema (com.whatsapp) ---------------------------------------------------------
A = os.path.join(OUT, "android")
APP = os.path.join(A, "data/data/com.whatsapp")

MSGSTORE_SCHEMA = """
CREATE TABLE jid (_id INTEGER PRIMARY KEY AUTOINCREMENT, user TEXT NOT NULL, server TEXT NOT NULL,
  agent INTEGER, device INTEGER, type INTEGER, raw_string TEXT);
CREATE TABLE jid_map (lid_row_id INTEGER PRIMARY KEY NOT NULL, jid_row_id INTEGER NOT NULL, sort_id INTEGER NOT NULL DEFAULT 0);
CREATE TABLE chat (_id INTEGER PRIMARY KEY AUTOINCREMENT, jid_row_id INTEGER UNIQUE, hidden INTEGER,
  subject TEXT, created_timestamp INTEGER, display_message_row_id INTEGER, last_message_row_id INTEGER,
  last_read_message_row_id INTEGER, archived INTEGER, sort_timestamp INTEGER, group_type INTEGER);
CREATE TABLE message (_id INTEGER PRIMARY KEY AUTOINCREMENT, chat_row_id INTEGER NOT NULL, from_me INTEGER NOT NULL,
  key_id TEXT NOT NULL, sender_jid_row_id INTEGER, status INTEGER, broadcast INTEGER, recipient_count INTEGER,
  participant_hash TEXT, origination_flags INTEGER, origin INTEGER, timestamp INTEGER, received_timestamp INTEGER,
  receipt_server_timestamp INTEGER, message_type INTEGER, text_data TEXT, starred INTEGER, lookup_tables INTEGER,
  message_add_on_flags INTEGER, sort_id INTEGER NOT NULL DEFAULT 0);
CREATE TABLE message_media (message_row_id INTEGER PRIMARY KEY, chat_row_id INTEGER, autotransfer_retry_enabled INTEGER,
  multicast_id TEXT, media_job_uuid TEXT, transferred INTEGER, transcoded INTEGER, file_path TEXT, file_size INTEGER,
  suspicious_content INTEGER, trim_from INTEGER, trim_to INTEGER, face_x INTEGER, face_y INTEGER, media_key BLOB,
  media_key_timestamp INTEGER, width INTEGER, height INTEGER, has_streaming_sidecar INTEGER, gif_attribution INTEGER,
  thumbnail_height_width_ratio REAL, direct_path TEXT, first_scan_sidecar BLOB, first_scan_length INTEGER,
  message_url TEXT, mime_type TEXT, file_length INTEGER, media_name TEXT, file_hash TEXT, media_duration INTEGER,
  page_count INTEGER, enc_file_hash TEXT, partial_media_hash TEXT, partial_media_enc_hash TEXT,
  is_animated_sticker INTEGER, original_file_hash TEXT, mute_video INTEGER, media_caption TEXT);
CREATE TABLE message_location (message_row_id INTEGER PRIMARY KEY, chat_row_id INTEGER, latitude REAL, longitude REAL,
  place_name TEXT, place_address TEXT, url TEXT, live_location_share_duration INTEGER,
  live_location_sequence_number INTEGER, live_location_final_latitude REAL, live_location_final_longitude REAL,
  live_location_final_timestamp INTEGER, map_download_status INTEGER);
CREATE TABLE message_quoted (message_row_id INTEGER PRIMARY KEY, chat_row_id INTEGER NOT NULL,
  parent_message_chat_row_id INTEGER NOT NULL, from_me INTEGER NOT NULL, sender_jid_row_id INTEGER,
  key_id TEXT NOT NULL, timestamp INTEGER, message_type INTEGER, origin INTEGER, text_data TEXT,
  payment_transaction_id TEXT, lookup_tables INTEGER);
CREATE TABLE message_revoked (message_row_id INTEGER PRIMARY KEY, revoked_key_id TEXT NOT NULL,
  admin_jid_row_id INTEGER, revoke_timestamp INTEGER);
CREATE TABLE message_edit_info (message_row_id INTEGER PRIMARY KEY, original_key_id TEXT NOT NULL,
  edited_timestamp INTEGER NOT NULL, sender_timestamp INTEGER NOT NULL);
CREATE TABLE message_forwarded (message_row_id INTEGER PRIMARY KEY, forward_score INTEGER);
CREATE TABLE receipt_user (_id INTEGER PRIMARY KEY AUTOINCREMENT, message_row_id INTEGER NOT NULL,
  receipt_user_jid_row_id INTEGER NOT NULL, receipt_timestamp INTEGER, read_timestamp INTEGER, played_timestamp INTEGER);
CREATE INDEX receipt_user_index ON receipt_user (message_row_id, receipt_user_jid_row_id);
CREATE TABLE receipt_device (_id INTEGER PRIMARY KEY AUTOINCREMENT, message_row_id INTEGER NOT NULL,
  receipt_device_jid_row_id INTEGER NOT NULL, receipt_device_timestamp INTEGER, primary_device_version INTEGER);
CREATE TABLE group_participant_user (_id INTEGER PRIMARY KEY AUTOINCREMENT, group_jid_row_id INTEGER NOT NULL,
  user_jid_row_id INTEGER NOT NULL, rank INTEGER, pending INTEGER, add_timestamp INTEGER, label TEXT);
CREATE TABLE call_log (_id INTEGER PRIMARY KEY AUTOINCREMENT, jid_row_id INTEGER, from_me INTEGER, call_id TEXT,
  transaction_id INTEGER, timestamp INTEGER, video_call INTEGER, duration INTEGER, call_result INTEGER,
  is_dnd_mode_on INTEGER, bytes_transferred INTEGER, group_jid_row_id INTEGER NOT NULL DEFAULT 0,
  is_joinable_group_call INTEGER, call_creator_device_jid_row_id INTEGER NOT NULL DEFAULT 0,
  call_random_id TEXT, call_link_row_id INTEGER NOT NULL DEFAULT 0);
CREATE TABLE call_log_participant_v2 (_id INTEGER PRIMARY KEY AUTOINCREMENT, call_log_row_id INTEGER,
  jid_row_id INTEGER, call_result INTEGER);
"""

MSGSTORE_ROWS = """
INSERT INTO jid VALUES
 (1,'66898765432','s.whatsapp.net',0,0,0,'66898765432@s.whatsapp.net'),
 (2,'84912345678','s.whatsapp.net',0,0,0,'84912345678@s.whatsapp.net'),
 (3,'8613812345678','s.whatsapp.net',0,0,0,'8613812345678@s.whatsapp.net'),
 (4,'120363025246125486','g.us',0,0,1,'120363025246125486@g.us'),
 (5,'111222333444555','lid',0,0,0,'111222333444555@lid'),
 (6,'447911123456','s.whatsapp.net',0,0,0,'447911123456@s.whatsapp.net'),
 (7,'status','broadcast',0,0,0,'status@broadcast');
INSERT INTO jid_map VALUES (5, 6, 0);
INSERT INTO chat (_id, jid_row_id, hidden, subject, created_timestamp) VALUES
 (1, 1, 0, NULL, 1699990000000), (2, 2, 0, NULL, 1699990000000),
 (3, 4, 0, 'Team 话务 ทีม', 1699990000000), (4, 5, 0, NULL, 1699990000000), (5, 7, 0, NULL, 1699990000000);
INSERT INTO group_participant_user (group_jid_row_id, user_jid_row_id, rank, pending) VALUES
 (4, 2, 0, 0), (4, 3, 1, 0), (4, 6, 0, 0);
INSERT INTO message (_id, chat_row_id, from_me, key_id, sender_jid_row_id, status, recipient_count, timestamp,
  received_timestamp, message_type, text_data, starred) VALUES
 (1, -1, 0, '-1', 0, -1, 0, 0, 0, 0, NULL, 0),
 (2, 1, 0, 'A2', 0, 0, 0, 1700000000000, 1700000001000, 0, 'สวัสดีครับ งานนี้ได้เงินดี', 0),
 (3, 1, 1, 'A3', 0, 13, 0, 1700000060000, 1700000060000, 0, 'I am interested', 1),
 (4, 2, 0, 'A4', 0, 0, 0, 1700000120000, 1700000121000, 1, NULL, 0),
 (5, 2, 1, 'A5', 0, 5, 0, 1700000180000, 1700000180000, 0, 'Đã chuyển', 0),
 (6, 3, 0, 'A6', 3, 0, 3, 1700000240000, 1700000241000, 0, '今天的目标是十个客户', 0),
 (7, 3, 1, 'A7', 0, 5, 3, 1700000300000, 1700000300000, 0, 'ok', 0),
 (8, 3, 0, 'A8', 2, 0, 3, 1700000360000, 1700000361000, 15, NULL, 0),
 (9, 4, 0, 'A9', 0, 0, 0, 1700000420000, 1700000421000, 0, 'Report to me at 9', 0),
 (10, 1, 0, 'A10', 0, 0, 0, 1700000480000, 1700000481000, 5, NULL, 0),
 (12, 5, 0, 'A12', 1, 0, 0, 1700000500000, 1700000501000, 0, 'status: 🎉 khuyến mãi', 0);
INSERT INTO message_media (message_row_id, chat_row_id, file_path, file_size, mime_type, media_name, media_caption)
 VALUES (4, 2, 'Media/WhatsApp Images/IMG-20231114-WA0001.jpg', 12, 'image/jpeg', 'IMG-20231114-WA0001.jpg',
         'Chuyển tiền vào tài khoản này');
INSERT INTO message_forwarded VALUES (4, 1);
INSERT INTO message_quoted (message_row_id, chat_row_id, parent_message_chat_row_id, from_me, key_id, timestamp)
 VALUES (5, 2, 2, 0, 'A4', 1700000120000);
INSERT INTO message_edit_info VALUES (5, 'A5', 1700000190000, 1700000180000);
INSERT INTO message_revoked VALUES (8, 'A8', NULL, 1700000365000);
INSERT INTO message_location (message_row_id, chat_row_id, latitude, longitude) VALUES (10, 1, 13.7563, 100.5018);
INSERT INTO receipt_user (message_row_id, receipt_user_jid_row_id, receipt_timestamp, read_timestamp, played_timestamp)
 VALUES (3, 1, 1700000061000, 1700000062500, 0);
INSERT INTO call_log (_id, jid_row_id, from_me, call_id, timestamp, video_call, duration, call_result,
  bytes_transferred, group_jid_row_id) VALUES
 (1, 1, 0, 'C1', 1700000600000, 0, 65, 5, 123456, 0),
 (2, 2, 1, 'C2', 1700000700000, 1, 0, 4, 0, 0),
 (3, 3, 0, 'C3', 1700000800000, 0, 0, 2, 0, 4);
INSERT INTO call_log_participant_v2 (call_log_row_id, jid_row_id, call_result) VALUES (3, 2, 5), (3, 3, 5);
"""

MSGSTORE_WAL = """
INSERT INTO message (_id, chat_row_id, from_me, key_id, sender_jid_row_id, status, recipient_count, timestamp,
  received_timestamp, message_type, text_data, starred)
 VALUES (11, 2, 0, 'A11', 0, 0, 0, 1700000540000, 1700000541000, 0, 'Tin nhắn mới', 0);
INSERT INTO call_log (_id, jid_row_id, from_me, call_id, timestamp, video_call, duration, call_result,
  bytes_transferred, group_jid_row_id) VALUES (4, 5, 1, 'C4', 1700000900000, 0, 30, 5, 999, 0);
"""

wal_db(os.path.join(APP, "databases/msgstore.db"), MSGSTORE_SCHEMA + MSGSTORE_ROWS, MSGSTORE_WAL)

plain_db(os.path.join(APP, "databases/wa.db"), """
CREATE TABLE wa_contacts (_id INTEGER PRIMARY KEY AUTOINCREMENT, jid TEXT NOT NULL, is_whatsapp_user BOOLEAN NOT NULL,
  status TEXT, status_timestamp INTEGER, number TEXT, raw_contact_id INTEGER, display_name TEXT, phone_type INTEGER,
  phone_label TEXT, unseen_msg_count INTEGER, photo_ts INTEGER, thumb_ts INTEGER, photo_id_timestamp INTEGER,
  given_name TEXT, family_name TEXT, wa_name TEXT, sort_name TEXT, nickname TEXT, company TEXT, title TEXT,
  status_autodownload_disabled INTEGER, keep_timestamp INTEGER, is_spam_reported INTEGER, is_sidelist_synced BOOLEAN,
  is_business_synced BOOLEAN);
INSERT INTO wa_contacts (jid, is_whatsapp_user, status, number, display_name, given_name, family_name, wa_name) VALUES
 ('66898765432@s.whatsapp.net', 1, 'Available', '+66 89 876 5432', 'Somchai สมชาย', 'Somchai', NULL, 'Somchai'),
 ('84912345678@s.whatsapp.net', 1, NULL, '0912345678', 'Nguyễn Văn An', NULL, NULL, 'An'),
 ('8613812345678@s.whatsapp.net', 1, NULL, '13812345678', NULL, 'Wei', 'Wang', '王伟'),
 ('447911123456@s.whatsapp.net', 1, NULL, '+447911123456', 'Boss Lee', NULL, NULL, NULL),
 ('120363025246125486@g.us', 0, NULL, NULL, 'Team 话务 ทีม', NULL, NULL, NULL),
 ('status@broadcast', 0, NULL, NULL, NULL, NULL, NULL, NULL);
""")

put(os.path.join(APP, "shared_prefs/com.whatsapp_preferences_light.xml"),
    "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n"
    "    <string name=\"push_name\">Owner &amp; Co</string>\n"
    "    <string name=\"cc\">66</string>\n    <string name=\"ph\">812345678</string>\n"
    "    <int name=\"version\" value=\"5\" />\n</map>\n")
put(os.path.join(A, "storage/emulated/0/Android/media/com.whatsapp/WhatsApp/Media/WhatsApp Images/"
                    "IMG-20231114-WA0001.jpg"), b"\xff\xd8\xff\xe0fakejpeg")

# ---- Android Business, legacy schema with a current-schema sentinel (com.whatsapp.w4b) ---------------
W = os.path.join(A, "data/data/com.whatsapp.w4b")
plain_db(os.path.join(W, "databases/msgstore.db"), """
CREATE TABLE messages (_id INTEGER PRIMARY KEY AUTOINCREMENT, key_remote_jid TEXT NOT NULL, key_from_me INTEGER,
  key_id TEXT NOT NULL, status INTEGER, needs_push INTEGER, data TEXT, timestamp INTEGER, media_url TEXT,
  media_mime_type TEXT, media_wa_type TEXT, media_size INTEGER, media_name TEXT, media_caption TEXT,
  media_hash TEXT, media_duration INTEGER, origin INTEGER, latitude REAL, longitude REAL, thumb_image TEXT,
  remote_resource TEXT, received_timestamp INTEGER, send_timestamp INTEGER, receipt_server_timestamp INTEGER,
  receipt_device_timestamp INTEGER, read_device_timestamp INTEGER, played_device_timestamp INTEGER,
  raw_data BLOB, recipient_count INTEGER, participant_hash TEXT, starred INTEGER, quoted_row_id INTEGER,
  mentioned_jids TEXT, multicast_id TEXT, edit_version INTEGER, media_enc_hash TEXT, payment_transaction_id TEXT,
  forwarded INTEGER, preview_type INTEGER, send_count INTEGER);
CREATE TABLE messages_quotes (_id INTEGER PRIMARY KEY AUTOINCREMENT, key_remote_jid TEXT NOT NULL,
  key_from_me INTEGER, key_id TEXT NOT NULL, data TEXT, timestamp INTEGER);
CREATE TABLE chat_list (_id INTEGER PRIMARY KEY AUTOINCREMENT, key_remote_jid TEXT UNIQUE, message_table_id INTEGER,
  subject TEXT, creation INTEGER, last_read_message_table_id INTEGER, archived INTEGER, sort_timestamp INTEGER);
CREATE TABLE group_participants (_id INTEGER PRIMARY KEY AUTOINCREMENT, gjid TEXT NOT NULL, jid TEXT NOT NULL,
  admin INTEGER, pending INTEGER, sent_sender_key INTEGER);
CREATE TABLE jid (_id INTEGER PRIMARY KEY AUTOINCREMENT, user TEXT NOT NULL, server TEXT NOT NULL, agent INTEGER,
  device INTEGER, type INTEGER, raw_string TEXT);
CREATE TABLE chat (_id INTEGER PRIMARY KEY AUTOINCREMENT, jid_row_id INTEGER UNIQUE, subject TEXT);
CREATE TABLE message (_id INTEGER PRIMARY KEY AUTOINCREMENT, chat_row_id INTEGER NOT NULL, from_me INTEGER NOT NULL,
  key_id TEXT NOT NULL, sender_jid_row_id INTEGER, timestamp INTEGER, message_type INTEGER, text_data TEXT);
INSERT INTO message VALUES (1, -1, 0, '-1', 0, 0, 0, NULL);
INSERT INTO messages (_id, key_remote_jid, key_from_me, key_id, status, data, timestamp, media_wa_type,
  remote_resource, received_timestamp, receipt_device_timestamp, read_device_timestamp, starred, quoted_row_id,
  forwarded, media_mime_type, media_name, media_caption, media_size) VALUES
 (1, '-1', 0, '-1', -1, NULL, 0, '0', NULL, 0, 0, 0, 0, NULL, 0, NULL, NULL, NULL, 0),
 (2, '66811111111@s.whatsapp.net', 0, 'L2', 0, 'hello from business', 1600000000000, '0', NULL, 1600000001000, 0, 0, 0, NULL, 0, NULL, NULL, NULL, 0),
 (3, '66811111111@s.whatsapp.net', 1, 'L3', 13, 'ตอบกลับ', 1600000060000, '0', NULL, 0, 1600000065000, 1600000070000, 0, 1, 1, NULL, NULL, NULL, 0),
 (4, '66800000000-1600000000@g.us', 0, 'L4', 0, '大家好', 1600000120000, '0', '84900000000@s.whatsapp.net', 1600000121000, 0, 0, 0, NULL, 0, NULL, NULL, NULL, 0),
 (5, '66800000000-1600000000@g.us', 1, 'L5', 5, '收到', 1600000180000, '0', NULL, 0, 0, 0, 1, NULL, 0, NULL, NULL, NULL, 0),
 (6, '66811111111@s.whatsapp.net', 0, 'L6', 0, NULL, 1600000240000, '1', NULL, 1600000241000, 0, 0, 0, NULL, 0, 'image/jpeg', 'IMG-20200913-WA0000.jpg', 'xem', 2048);
INSERT INTO messages_quotes (_id, key_remote_jid, key_from_me, key_id, data, timestamp)
 VALUES (1, '66811111111@s.whatsapp.net', 0, 'L2', 'hello from business', 1600000000000);
INSERT INTO chat_list (key_remote_jid, subject) VALUES
 ('66811111111@s.whatsapp.net', NULL), ('66800000000-1600000000@g.us', 'Nhóm bán hàng');
INSERT INTO group_participants (gjid, jid, admin, pending) VALUES
 ('66800000000-1600000000@g.us', '84900000000@s.whatsapp.net', 0, 0), ('66800000000-1600000000@g.us', '', 1, 0);
""")
put(os.path.join(W, "shared_prefs/com.whatsapp.w4b_preferences.xml"),
    "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n"
    "    <string name=\"registration_jid\">66822222222@s.whatsapp.net</string>\n</map>\n")
# OUTDIR/hostile_legacy: the same Business database with one chat jid stored as a BLOB (type affinity does
# not stop it): the message was dropped silently (the jid read as NULL, taken for the sentinel row)
HL = os.path.join(OUT, "hostile_legacy/data/data/com.whatsapp.w4b")
os.makedirs(os.path.join(HL, "databases"), exist_ok=True)
shutil.copyfile(os.path.join(W, "databases/msgstore.db"), os.path.join(HL, "databases/msgstore.db"))
_h = sqlite3.connect(os.path.join(HL, "databases/msgstore.db"))
_h.execute("UPDATE messages SET key_remote_jid = CAST(key_remote_jid AS BLOB) WHERE _id = 2")
_h.commit()
_h.close()
put(os.path.join(HL, "shared_prefs/com.whatsapp.w4b_preferences.xml"),
    open(os.path.join(W, "shared_prefs/com.whatsapp.w4b_preferences.xml")).read())

# ---- iOS (app group container) ---------------------------------------------------------------------------
G = os.path.join(OUT, "ios/private/var/mobile/Containers/Shared/AppGroup/3F2E1D0C-AAAA-4BBB-8CCC-0123456789AB")

CHAT_SCHEMA = """
CREATE TABLE Z_PRIMARYKEY (Z_ENT INTEGER PRIMARY KEY, Z_NAME VARCHAR, Z_SUPER INTEGER, Z_MAX INTEGER);
CREATE TABLE ZWACHATSESSION (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZARCHIVED INTEGER,
  ZSESSIONTYPE INTEGER, ZUNREADCOUNT INTEGER, ZGROUPINFO INTEGER, ZLASTMESSAGE INTEGER, ZLASTMESSAGEDATE TIMESTAMP,
  ZCONTACTJID VARCHAR, ZPARTNERNAME VARCHAR, ZLASTMESSAGETEXT VARCHAR);
CREATE TABLE ZWAGROUPMEMBER (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZISACTIVE INTEGER,
  ZISADMIN INTEGER, ZCHATSESSION INTEGER, ZCONTACTNAME VARCHAR, ZFIRSTNAME VARCHAR, ZMEMBERJID VARCHAR);
CREATE TABLE ZWAMEDIAITEM (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZFILESIZE INTEGER,
  ZMOVIEDURATION INTEGER, ZMESSAGE INTEGER, ZLATITUDE FLOAT, ZLONGITUDE FLOAT, ZMEDIALOCALPATH VARCHAR,
  ZMEDIAURL VARCHAR, ZTITLE VARCHAR, ZVCARDNAME VARCHAR, ZVCARDSTRING VARCHAR, ZXMPPTHUMBPATH VARCHAR, ZMETADATA BLOB);
CREATE TABLE ZWAMESSAGE (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZCHILDMESSAGESDELIVEREDCOUNT INTEGER,
  ZFLAGS INTEGER, ZGROUPEVENTTYPE INTEGER, ZISFROMME INTEGER, ZMESSAGEERRORSTATUS INTEGER, ZMESSAGESTATUS INTEGER,
  ZMESSAGETYPE INTEGER, ZSORT INTEGER, ZSPOTLIGHTSTATUS INTEGER, ZSTARRED INTEGER, ZCHATSESSION INTEGER,
  ZGROUPMEMBER INTEGER, ZLASTSESSION INTEGER, ZMEDIAITEM INTEGER, ZMESSAGEINFO INTEGER, ZPARENTMESSAGE INTEGER,
  ZMESSAGEDATE TIMESTAMP, ZSENTDATE TIMESTAMP, ZFROMJID VARCHAR, ZMEDIASECTIONID VARCHAR, ZPHASH VARCHAR,
  ZPUSHNAME VARCHAR, ZSTANZAID VARCHAR, ZTEXT VARCHAR, ZTOJID VARCHAR);
INSERT INTO ZWACHATSESSION (Z_PK, Z_ENT, Z_OPT, ZSESSIONTYPE, ZCONTACTJID, ZPARTNERNAME) VALUES
 (1, 3, 1, 0, '66898765432@s.whatsapp.net', 'Somchai'),
 (2, 3, 1, 1, '120363111111111111@g.us', 'กลุ่ม 工作 nhóm');
INSERT INTO ZWAGROUPMEMBER (Z_PK, Z_ENT, Z_OPT, ZISACTIVE, ZISADMIN, ZCHATSESSION, ZCONTACTNAME, ZFIRSTNAME, ZMEMBERJID) VALUES
 (1, 5, 1, 1, 0, 2, 'An', 'An', '84912345678@s.whatsapp.net'),
 (2, 5, 1, 1, 1, 2, '王伟', '伟', '8613812345678@s.whatsapp.net');
INSERT INTO ZWAMEDIAITEM (Z_PK, Z_ENT, Z_OPT, ZFILESIZE, ZMESSAGE, ZLATITUDE, ZLONGITUDE, ZMEDIALOCALPATH, ZTITLE, ZVCARDSTRING) VALUES
 (1, 7, 1, 9, 3, 0, 0, 'Media/66898765432@s.whatsapp.net/a/b/photo-1.jpg', 'caption ảnh', 'image/jpeg'),
 (2, 7, 1, 0, 8, 13.7563, 100.5018, NULL, NULL, NULL);
INSERT INTO ZWAMESSAGE (Z_PK, Z_ENT, Z_OPT, ZISFROMME, ZMESSAGETYPE, ZSTARRED, ZCHATSESSION, ZGROUPMEMBER, ZMEDIAITEM,
  ZMESSAGEDATE, ZSENTDATE, ZFROMJID, ZTOJID, ZPUSHNAME, ZSTANZAID, ZTEXT) VALUES
 (1, 9, 1, 0, 0, 0, 1, NULL, NULL, 721692800.5, 721692799.0, '66898765432@s.whatsapp.net', NULL, 'Somchai', 'I1', 'สวัสดี'),
 (2, 9, 1, 1, 0, 1, 1, NULL, NULL, 721692860.0, 721692860.0, NULL, '66898765432@s.whatsapp.net', NULL, 'I2', 'Hello 你好'),
 (3, 9, 1, 0, 1, 0, 1, NULL, 1, 721692920.0, 721692919.0, '66898765432@s.whatsapp.net', NULL, 'Somchai', 'I3', NULL),
 (4, 9, 1, 0, 0, 0, 2, 1, NULL, 721692980.0, 721692979.0, '120363111111111111@g.us', NULL, 'An', 'I4', 'Xin chào cả nhóm'),
 (5, 9, 1, 1, 0, 0, 2, NULL, NULL, 721693040.0, 721693040.0, NULL, '120363111111111111@g.us', NULL, 'I5', 'ok'),
 (6, 9, 1, 0, 14, 0, 1, NULL, NULL, 721693100.0, 721693099.0, '66898765432@s.whatsapp.net', NULL, 'Somchai', 'I6', NULL),
 (8, 9, 1, 0, 5, 0, 2, 2, 2, 721693130.0, 721693129.0, '120363111111111111@g.us', NULL, '王伟', 'I8', NULL);
"""
CHAT_WAL = """
INSERT INTO ZWAMESSAGE (Z_PK, Z_ENT, Z_OPT, ZISFROMME, ZMESSAGETYPE, ZSTARRED, ZCHATSESSION, ZMESSAGEDATE, ZFROMJID, ZSTANZAID, ZTEXT)
 VALUES (7, 9, 1, 0, 0, 0, 1, 721693160.0, '66898765432@s.whatsapp.net', 'I7', 'tin nhắn WAL');
"""
wal_db(os.path.join(G, "ChatStorage.sqlite"), CHAT_SCHEMA, CHAT_WAL)

plain_db(os.path.join(G, "ContactsV2.sqlite"), """
CREATE TABLE ZWAADDRESSBOOKCONTACT (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZABOUTTEXT VARCHAR,
  ZFULLNAME VARCHAR, ZGIVENNAME VARCHAR, ZHIGHLIGHTEDNAME VARCHAR, ZIDENTIFIER VARCHAR, ZLID VARCHAR,
  ZPHONENUMBER VARCHAR, ZPHONENUMBERLABEL VARCHAR, ZUSERNAME VARCHAR, ZWHATSAPPID VARCHAR);
INSERT INTO ZWAADDRESSBOOKCONTACT (Z_PK, Z_ENT, Z_OPT, ZABOUTTEXT, ZFULLNAME, ZGIVENNAME, ZPHONENUMBER, ZWHATSAPPID) VALUES
 (1, 1, 1, 'Hey there!', 'Somchai Jaidee', 'Somchai', '+66 89 876 5432', '66898765432@s.whatsapp.net'),
 (2, 1, 1, NULL, 'Nguyễn Văn An', 'An', '+84 91 234 5678', '84912345678@s.whatsapp.net');
""")

plain_db(os.path.join(G, "CallHistory.sqlite"), """
CREATE TABLE ZWAAGGREGATECALLEVENT (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZMISSEDCOUNT INTEGER,
  ZFIRSTDATE TIMESTAMP);
CREATE TABLE ZWACDCALLEVENT (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZOUTCOME INTEGER, ZVIDEO INTEGER,
  Z1CALLEVENTS INTEGER, ZDATE TIMESTAMP, ZDURATION FLOAT, ZCALLIDSTRING VARCHAR, ZGROUPCALLCREATORUSERJIDSTRING VARCHAR);
CREATE TABLE ZWACDCALLEVENTPARTICIPANT (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZOUTCOME INTEGER,
  Z1PARTICIPANTS INTEGER, ZJIDSTRING VARCHAR);
INSERT INTO ZWAAGGREGATECALLEVENT VALUES (1, 2, 1, 0, 721693200.0), (2, 2, 1, 1, 721693300.0);
INSERT INTO ZWACDCALLEVENT VALUES
 (1, 3, 1, 0, 0, 1, 721693200.0, 42.4, 'IC1', '66898765432@s.whatsapp.net'),
 (2, 3, 1, 1, 1, 2, 721693300.0, 0.0, 'IC2', NULL);
INSERT INTO ZWACDCALLEVENTPARTICIPANT VALUES
 (1, 4, 1, 0, 1, '66898765432@s.whatsapp.net'), (2, 4, 1, 1, 2, '84912345678@s.whatsapp.net');
""")
put(os.path.join(G, "Message/Media/66898765432@s.whatsapp.net/a/b/photo-1.jpg"), b"\xff\xd8\xffphoto1")
print("whatsapp fixtures in", OUT)
