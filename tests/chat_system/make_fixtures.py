#!/usr/bin/env python3
"""make_fixtures.py OUTDIR - the system chat databases of tests/chat_system, built with the apps'
real schemas (AOSP TelephonyProvider mmssms.db, Google Messages bugle_db, AOSP contacts2.db and
calllog.db; iOS sms.db, AddressBook.sqlitedb, CallHistory.storedata as described by iLEAPP/plaso),
deterministic, placed at their device paths under:

  OUTDIR/dump/Dump/data/...                               Android full file system
  OUTDIR/dump/filesystem1/private/var/mobile/Library/...  iOS full file system
  OUTDIR/extra/contacts2_calls.db                         a pre-Android-7 contacts2.db with `calls`
  OUTDIR/typedstream/*.bin                                attributedBody blobs (for the unit test)

mmssms.db, sms.db and calllog.db have rows only in their -wal: the database is checkpointed, more
rows are written with wal_autocheckpoint=0, and db + -wal are copied while the writer is open.
"""
import os
import shutil
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

OUT = sys.argv[1]
DUMP = os.path.join(OUT, "dump")
A = os.path.join(DUMP, "Dump", "data")
I = os.path.join(DUMP, "filesystem1", "private", "var", "mobile")


from make_fixtures_ts import typedstream  # noqa: E402


LONG_TH = ("ข้อความยาวมาก: โอน USDT 5,000 ไปที่กระเป๋า TXYZ1234abcd แล้วส่งสลิปกลับมาให้หัวหน้าทีมตรวจสอบก่อนเที่ยงคืน "
           "ห้ามบอกใคร")
SHORT_VI = "Anh ơi, chuyển khoản xong chưa?"


def mkdirs(p):
    os.makedirs(os.path.dirname(p), exist_ok=True)


def build(path, schema, rows, wal_rows=None):
    """Creates path from schema + rows (list of (sql, params)); with wal_rows, those are written
    after a checkpoint and left in path-wal."""
    mkdirs(path)
    tmp = path + ".live"
    for f in (tmp, tmp + "-wal", tmp + "-shm"):
        if os.path.exists(f):
            os.remove(f)
    con = sqlite3.connect(tmp)
    con.execute("PRAGMA page_size=1024")
    if wal_rows is not None:
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA wal_autocheckpoint=0")
    con.executescript(schema)
    for sql, params in rows:
        con.execute(sql, params)
    con.commit()
    if wal_rows is not None:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for sql, params in wal_rows:
            con.execute(sql, params)
        con.commit()
        assert os.path.getsize(tmp + "-wal") > 32, "no WAL frames"
        shutil.copy(tmp, path)
        shutil.copy(tmp + "-wal", path + "-wal")
        con.close()
    else:
        con.close()
        shutil.copy(tmp, path)
    for f in (tmp, tmp + "-wal", tmp + "-shm"):
        if os.path.exists(f):
            os.remove(f)


# ---- Android mmssms.db (AOSP MmsSmsDatabaseHelper) ---------------------------------------------
MMSSMS = """
CREATE TABLE sms (_id INTEGER PRIMARY KEY, thread_id INTEGER, address TEXT, person INTEGER, date INTEGER,
  date_sent INTEGER DEFAULT 0, protocol INTEGER, read INTEGER DEFAULT 0, status INTEGER DEFAULT -1, type INTEGER,
  reply_path_present INTEGER, subject TEXT, body TEXT, service_center TEXT, locked INTEGER DEFAULT 0,
  sub_id INTEGER DEFAULT -1, error_code INTEGER DEFAULT 0, creator TEXT, seen INTEGER DEFAULT 0);
CREATE TABLE threads (_id INTEGER PRIMARY KEY AUTOINCREMENT, date INTEGER DEFAULT 0, message_count INTEGER DEFAULT 0,
  recipient_ids TEXT, snippet TEXT, snippet_cs INTEGER DEFAULT 0, read INTEGER DEFAULT 1, archived INTEGER DEFAULT 0,
  type INTEGER DEFAULT 0, error INTEGER DEFAULT 0, has_attachment INTEGER DEFAULT 0);
CREATE TABLE canonical_addresses (_id INTEGER PRIMARY KEY AUTOINCREMENT, address TEXT);
CREATE TABLE pdu (_id INTEGER PRIMARY KEY AUTOINCREMENT, thread_id INTEGER, date INTEGER, date_sent INTEGER DEFAULT 0,
  msg_box INTEGER, read INTEGER DEFAULT 0, m_id TEXT, sub TEXT, sub_cs INTEGER, ct_t TEXT, ct_l TEXT, exp INTEGER,
  m_cls TEXT, m_type INTEGER, v INTEGER, m_size INTEGER, pri INTEGER, rr INTEGER, rpt_a INTEGER, resp_st INTEGER,
  st INTEGER, tr_id TEXT, retr_st INTEGER, retr_txt TEXT, retr_txt_cs INTEGER, read_status INTEGER, ct_cls INTEGER,
  resp_txt TEXT, d_tm INTEGER, d_rpt INTEGER, locked INTEGER DEFAULT 0, sub_id INTEGER DEFAULT -1,
  seen INTEGER DEFAULT 0, creator TEXT, text_only INTEGER DEFAULT 0);
CREATE TABLE addr (_id INTEGER PRIMARY KEY, msg_id INTEGER, contact_id INTEGER, address TEXT, type INTEGER,
  charset INTEGER);
CREATE TABLE part (_id INTEGER PRIMARY KEY AUTOINCREMENT, mid INTEGER, seq INTEGER DEFAULT 0, ct TEXT, name TEXT,
  chset INTEGER, cd TEXT, fn TEXT, cid TEXT, cl TEXT, ctt_s INTEGER, ctt_t TEXT, _data TEXT, text TEXT);
CREATE TABLE words (_id INTEGER PRIMARY KEY, index_text TEXT, source_id INTEGER, table_to_use INTEGER);
"""
SMS = "INSERT INTO sms(_id, thread_id, address, date, date_sent, read, type, body, service_center, sub_id) VALUES (?,?,?,?,?,?,?,?,?,?)"
PARTS_DIR = "/data/user_de/0/com.android.providers.telephony/app_parts"
mms_rows = [
    ("INSERT INTO canonical_addresses VALUES (?,?)", (1, "0898765432")),
    ("INSERT INTO canonical_addresses VALUES (?,?)", (2, "+84901234567")),
    ("INSERT INTO canonical_addresses VALUES (?,?)", (3, "+8613800138000")),
    ("INSERT INTO threads(_id, date, message_count, recipient_ids, snippet) VALUES (?,?,?,?,?)", (1, 1700000500000, 5, "1", "sent picture")),
    ("INSERT INTO threads(_id, date, message_count, recipient_ids, snippet) VALUES (?,?,?,?,?)", (2, 1700000400000, 3, "2 3", "Ảnh biên lai")),
    (SMS, (1, 1, "0898765432", 1700000000123, 1699999990000, 1, 1, "สวัสดีครับ โอนเงินแล้ว", "+66890000001", 1)),
    (SMS, (2, 1, "0898765432", 1700000060000, 0, 1, 2, "ok USDT TRC20 received", None, 1)),
    (SMS, (3, 1, "0898765432", 1700000120000, 0, 1, 3, "draft: ยังไม่ส่ง", None, 1)),
    (SMS, (4, 2, "+84901234567", 1700000180000, 1700000179000, 0, 1, "Chào anh, tiền đã chuyển", None, 1)),
    (SMS, (5, 2, "+8613800138000", 1700000240000, 0, 1, 5, "你好，请回复", None, 1)),
    ("INSERT INTO pdu(_id, thread_id, date, date_sent, msg_box, read, m_id, m_type, ct_t) VALUES (?,?,?,?,?,?,?,?,?)",
     (1, 2, 1700000400, 1700000399, 1, 1, "mid-0001@mms.example", 132, "application/vnd.wap.multipart.related")),
    ("INSERT INTO addr(_id, msg_id, address, type, charset) VALUES (?,?,?,?,?)", (1, 1, "+84901234567", 137, 106)),
    ("INSERT INTO addr(_id, msg_id, address, type, charset) VALUES (?,?,?,?,?)", (2, 1, "0812345678", 151, 106)),
    ("INSERT INTO addr(_id, msg_id, address, type, charset) VALUES (?,?,?,?,?)", (3, 1, "+8613800138000", 151, 106)),
    ("INSERT INTO part(_id, mid, seq, ct, cl, text) VALUES (?,?,?,?,?,?)", (1, 1, -1, "application/smil", "smil.xml", "<smil/>")),
    ("INSERT INTO part(_id, mid, seq, ct, cl, _data) VALUES (?,?,?,?,?,?)",
     (2, 1, 0, "image/jpeg", "receipt.jpg", PARTS_DIR + "/PART_1700000400_receipt.jpg")),
    ("INSERT INTO part(_id, mid, seq, ct, cl, text) VALUES (?,?,?,?,?,?)", (3, 1, 1, "text/plain", "text_0.txt", "Ảnh biên lai")),
    ("INSERT INTO pdu(_id, thread_id, date, msg_box, read, m_type) VALUES (?,?,?,?,?,?)", (2, 1, 1700000500, 2, 1, 128)),
    ("INSERT INTO addr(_id, msg_id, address, type, charset) VALUES (?,?,?,?,?)", (4, 2, "insert-address-token", 137, 106)),
    ("INSERT INTO addr(_id, msg_id, address, type, charset) VALUES (?,?,?,?,?)", (5, 2, "0898765432", 151, 106)),
    ("INSERT INTO part(_id, mid, seq, ct, cl, text) VALUES (?,?,?,?,?,?)", (4, 2, 0, "text/plain", "text_0.txt", "sent picture")),
    ("INSERT INTO part(_id, mid, seq, ct, cl, _data) VALUES (?,?,?,?,?,?)",
     (5, 2, 1, "image/png", "shot.png", PARTS_DIR + "/PART_1700000500_shot.png")),
]
mms_wal = [(SMS, (6, 1, "0898765432", 1700000300000, 0, 0, 1, "wal only: ส่งเงินด่วน", None, 1))]
build(os.path.join(A, "data/com.android.providers.telephony/databases/mmssms.db"), MMSSMS, mms_rows, mms_wal)
# the MMS picture as a file of the dump, so the attachment link can be checked
pic = os.path.join(DUMP, "Dump", PARTS_DIR.lstrip("/"), "PART_1700000400_receipt.jpg")
mkdirs(pic)
with open(pic, "wb") as f:
    f.write(b"\xff\xd8\xff\xe0 receipt jpeg bytes")

# ---- Google Messages bugle_db (AOSP Messaging DatabaseHelper + Google additions) ----------------
BUGLE = """
CREATE TABLE conversations(_id INTEGER PRIMARY KEY AUTOINCREMENT, sms_thread_id INT DEFAULT(0), name TEXT,
  latest_message_id INT, snippet_text TEXT, subject_text TEXT, preview_uri TEXT, preview_content_type TEXT,
  show_draft INT DEFAULT(0), draft_snippet_text TEXT, draft_subject_text TEXT, draft_preview_uri TEXT,
  draft_preview_content_type TEXT, archive_status INT DEFAULT(0), sort_timestamp INT DEFAULT(0), icon TEXT,
  participant_contact_id INT DEFAULT(-1), participant_lookup_key TEXT, participant_normalized_destination TEXT,
  current_self_id TEXT, participant_count INT DEFAULT(0), notification_enabled INT DEFAULT(1),
  notification_sound_uri TEXT, notification_vibration INT DEFAULT(1), include_email_addr INT DEFAULT(0),
  sms_service_center TEXT);
CREATE TABLE messages (_id INTEGER PRIMARY KEY AUTOINCREMENT, conversation_id INT, sender_id INT,
  sent_timestamp INT DEFAULT(0), received_timestamp INT DEFAULT(0), message_protocol INT DEFAULT(0),
  message_status INT DEFAULT(0), seen INT DEFAULT(0), read INT DEFAULT(0), sms_message_uri TEXT,
  sms_priority INT DEFAULT(0), sms_message_size INT DEFAULT(0), mms_subject TEXT, mms_transaction_id TEXT,
  mms_content_location TEXT, mms_expiry INT DEFAULT(0), raw_status INT DEFAULT(0), self_id INT,
  retry_start_timestamp INT DEFAULT(0), rcs_message_id TEXT);
CREATE TABLE parts(_id INTEGER PRIMARY KEY AUTOINCREMENT, message_id INT, text TEXT, uri TEXT, content_type TEXT,
  width INT DEFAULT(-1), height INT DEFAULT(-1), timestamp INT, conversation_id INT, local_cache_path TEXT,
  file_size_bytes INT DEFAULT(-1));
CREATE TABLE participants(_id INTEGER PRIMARY KEY AUTOINCREMENT, sub_id INT DEFAULT(-2), sim_slot_id INT DEFAULT(-1),
  normalized_destination TEXT, send_destination TEXT, display_destination TEXT, full_name TEXT, first_name TEXT,
  profile_photo_uri TEXT, contact_id INT DEFAULT(-1), lookup_key STRING, blocked INT DEFAULT(0),
  subscription_color INT DEFAULT(0), subscription_name TEXT, contact_destination TEXT);
CREATE TABLE conversation_participants(_id INTEGER PRIMARY KEY AUTOINCREMENT, conversation_id INT, participant_id INT);
"""
P = "INSERT INTO participants(_id, sub_id, normalized_destination, send_destination, display_destination, full_name) VALUES (?,?,?,?,?,?)"
M = "INSERT INTO messages(_id, conversation_id, sender_id, sent_timestamp, received_timestamp, message_protocol, message_status, read) VALUES (?,?,?,?,?,?,?,?)"
T = "INSERT INTO parts(_id, message_id, text, uri, content_type, conversation_id, local_cache_path, file_size_bytes) VALUES (?,?,?,?,?,?,?,?)"
bugle_rows = [
    (P, (1, 1, "+66812345678", "0812345678", "081-234-5678", None)),
    (P, (2, -2, "+66898765432", "0898765432", "089-876-5432", "Somchai Jaidee")),
    (P, (3, -2, "+84901234567", "+84901234567", "+84 90 123 45 67", "Nguyễn Văn An")),
    (P, (4, -2, "+8613800138000", "+8613800138000", "+86 138 0013 8000", "王伟")),
    ("INSERT INTO conversations(_id, name, participant_count) VALUES (?,?,?)", (1, "Somchai Jaidee", 1)),
    ("INSERT INTO conversations(_id, name, participant_count) VALUES (?,?,?)", (2, "Team Crypto", 2)),
    ("INSERT INTO conversation_participants(conversation_id, participant_id) VALUES (?,?)", (1, 2)),
    ("INSERT INTO conversation_participants(conversation_id, participant_id) VALUES (?,?)", (2, 3)),
    ("INSERT INTO conversation_participants(conversation_id, participant_id) VALUES (?,?)", (2, 4)),
    (M, (1, 1, 2, 1700001000000, 1700001000500, 3, 100, 1)),
    (T, (1, 1, "RCS test ขอบคุณ", None, "text/plain", 1, None, -1)),
    (M, (2, 1, 1, 1700001060000, 1700001060000, 3, 1, 1)),
    (T, (2, 2, "ได้เลย", None, "text/plain", 1, None, -1)),
    (M, (3, 2, 3, 1700001120000, 1700001121000, 3, 100, 0)),
    (T, (3, 3, "Nhóm: gửi ví mới", None, "text/plain", 2, None, -1)),
    (T, (4, 3, None, "content://rcs/part/4", "image/jpeg", 2,
         "/data/data/com.google.android.apps.messaging/cache/rcs/wallet_qr.jpg", 48213)),
    (M, (4, 2, 1, 1700001180000, 1700001180000, 0, 1, 1)),
    (T, (5, 4, "收到", None, "text/plain", 2, None, -1)),
]
build(os.path.join(A, "data/com.google.android.apps.messaging/databases/bugle_db"), BUGLE, bugle_rows)

# ---- Android contacts2.db (AOSP ContactsDatabaseHelper, abridged to the columns read + a few) ----
CONTACTS = """
CREATE TABLE accounts (_id INTEGER PRIMARY KEY AUTOINCREMENT, account_name TEXT, account_type TEXT, data_set TEXT);
CREATE TABLE mimetypes (_id INTEGER PRIMARY KEY AUTOINCREMENT, mimetype TEXT NOT NULL);
CREATE TABLE raw_contacts (_id INTEGER PRIMARY KEY AUTOINCREMENT, account_id INTEGER REFERENCES accounts(_id),
  sourceid TEXT, backup_id TEXT, raw_contact_is_read_only INTEGER NOT NULL DEFAULT 0, version INTEGER NOT NULL DEFAULT 1,
  dirty INTEGER NOT NULL DEFAULT 0, deleted INTEGER NOT NULL DEFAULT 0, metadata_dirty INTEGER NOT NULL DEFAULT 0,
  contact_id INTEGER REFERENCES contacts(_id), aggregation_mode INTEGER NOT NULL DEFAULT 0,
  aggregation_needed INTEGER NOT NULL DEFAULT 1, custom_ringtone TEXT, send_to_voicemail INTEGER NOT NULL DEFAULT 0,
  times_contacted INTEGER NOT NULL DEFAULT 0, last_time_contacted INTEGER, starred INTEGER NOT NULL DEFAULT 0,
  pinned INTEGER NOT NULL DEFAULT 0, display_name TEXT, display_name_alt TEXT, display_name_source INTEGER NOT NULL DEFAULT 0,
  phonetic_name TEXT, phonetic_name_style TEXT, sort_key TEXT, phonebook_label TEXT, phonebook_bucket INTEGER,
  sort_key_alt TEXT, phonebook_label_alt TEXT, phonebook_bucket_alt INTEGER, name_verified INTEGER NOT NULL DEFAULT 0,
  sync1 TEXT, sync2 TEXT, sync3 TEXT, sync4 TEXT);
CREATE TABLE data (_id INTEGER PRIMARY KEY AUTOINCREMENT, package_id INTEGER, mimetype_id INTEGER NOT NULL,
  raw_contact_id INTEGER NOT NULL, hash_id TEXT, is_read_only INTEGER NOT NULL DEFAULT 0,
  is_primary INTEGER NOT NULL DEFAULT 0, is_super_primary INTEGER NOT NULL DEFAULT 0, data_version INTEGER NOT NULL DEFAULT 0,
  data1 TEXT, data2 TEXT, data3 TEXT, data4 TEXT, data5 TEXT, data6 TEXT, data7 TEXT, data8 TEXT, data9 TEXT,
  data10 TEXT, data11 TEXT, data12 TEXT, data13 TEXT, data14 TEXT, data15 TEXT, data_sync1 TEXT, data_sync2 TEXT,
  data_sync3 TEXT, data_sync4 TEXT, carrier_presence INTEGER NOT NULL DEFAULT 0, preferred_phone_account_component_name TEXT,
  preferred_phone_account_id TEXT);
"""
CALLS = """
CREATE TABLE calls (_id INTEGER PRIMARY KEY AUTOINCREMENT, number TEXT, presentation INTEGER NOT NULL DEFAULT 1,
  post_dial_digits TEXT NOT NULL DEFAULT '', via_number TEXT NOT NULL DEFAULT '', date INTEGER, duration INTEGER,
  data_usage INTEGER, type INTEGER, features INTEGER NOT NULL DEFAULT 0, subscription_component_name TEXT,
  subscription_id TEXT, phone_account_address TEXT, phone_account_hidden INTEGER NOT NULL DEFAULT 0,
  sub_id INTEGER DEFAULT -1, new INTEGER, name TEXT, numbertype INTEGER, numberlabel TEXT, countryiso TEXT,
  voicemail_uri TEXT, is_read INTEGER, geocoded_location TEXT, lookup_uri TEXT, matched_number TEXT,
  normalized_number TEXT, photo_id INTEGER NOT NULL DEFAULT 0, photo_uri TEXT, formatted_number TEXT,
  add_for_all_users INTEGER NOT NULL DEFAULT 1, last_modified INTEGER DEFAULT 0);
"""
D = "INSERT INTO data(_id, mimetype_id, raw_contact_id, data1, data2, data3, data4) VALUES (?,?,?,?,?,?,?)"
R = "INSERT INTO raw_contacts(_id, account_id, contact_id, deleted, display_name, starred, times_contacted, last_time_contacted) VALUES (?,?,?,?,?,?,?,?)"
contacts_rows = [
    ("INSERT INTO accounts VALUES (?,?,?,?)", (1, "worker01@gmail.com", "com.google", None)),
    ("INSERT INTO accounts VALUES (?,?,?,?)", (2, "Phone", "vnd.sec.contact.phone", None)),
    ("INSERT INTO mimetypes VALUES (?,?)", (1, "vnd.android.cursor.item/email_v2")),
    ("INSERT INTO mimetypes VALUES (?,?)", (2, "vnd.android.cursor.item/name")),
    ("INSERT INTO mimetypes VALUES (?,?)", (5, "vnd.android.cursor.item/phone_v2")),
    (R, (1, 1, 1, 0, "Somchai Jaidee", 1, 7, 1700002000000)),
    (D, (1, 2, 1, "Somchai Jaidee", "Somchai", "Jaidee", None)),
    (D, (2, 5, 1, "089-876-5432", "2", None, "+66898765432")),
    (D, (3, 1, 1, "somchai@example.co.th", "1", None, None)),
    (R, (2, 2, 2, 0, "Nguyễn Văn An", 0, 0, None)),
    (D, (4, 2, 2, "Nguyễn Văn An", "An", "Nguyễn", None)),
    (D, (5, 5, 2, "+84 90 123 4567", "3", None, None)),
    (D, (6, 5, 2, "02 123 4567", "0", "Office BKK", None)),
    (R, (3, 2, 3, 1, "王伟", 0, 0, None)),
    (D, (7, 2, 3, "王伟", "伟", "王", None)),
    (D, (8, 5, 3, "13800138000", "2", None, "+8613800138000")),
]
build(os.path.join(A, "data/com.android.providers.contacts/databases/contacts2.db"), CONTACTS, contacts_rows)

C = ("INSERT INTO calls(_id, number, presentation, date, duration, type, features, name, countryiso, "
     "normalized_number, geocoded_location) VALUES (?,?,?,?,?,?,?,?,?,?,?)")
calls_rows = [
    (C, (1, "0898765432", 1, 1700002000000, 125, 1, 0, "Somchai Jaidee", "TH", "+66898765432", "Thailand")),
    (C, (2, "+84901234567", 1, 1700002100000, 0, 2, 1, "Nguyễn Văn An", "TH", None, "Vietnam")),
    (C, (3, "021234567", 1, 1700002200000, 0, 3, 0, None, "TH", None, "Bangkok")),
    (C, (4, "", 2, 1700002300000, 0, 5, 0, None, "TH", None, None)),
]
calls_wal = [(C, (5, "+8613800138000", 1, 1700002400000, 0, 6, 0, None, "TH", "+8613800138000", "China"))]
build(os.path.join(A, "data/com.android.providers.contacts/databases/calllog.db"), CALLS, calls_rows, calls_wal)
build(os.path.join(OUT, "extra", "contacts2_calls.db"), CONTACTS + CALLS, contacts_rows + calls_rows[:2])

# ---- iOS sms.db (iLEAPP sms.py / plaso imessage.py; columns of iOS 16) ----------------------------
SMSDB = """
CREATE TABLE _SqliteDatabaseProperties (key TEXT, value TEXT, UNIQUE(key));
CREATE TABLE handle (ROWID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, id TEXT NOT NULL, country TEXT, service TEXT NOT NULL,
  uncanonicalized_id TEXT, person_centric_id TEXT, UNIQUE (id, service));
CREATE TABLE chat (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, style INTEGER, state INTEGER,
  account_id TEXT, properties BLOB, chat_identifier TEXT, service_name TEXT, room_name TEXT, account_login TEXT,
  is_archived INTEGER DEFAULT 0, last_addressed_handle TEXT, display_name TEXT, group_id TEXT, is_filtered INTEGER DEFAULT 0,
  successful_query INTEGER, engram_id TEXT, server_change_token TEXT, ck_sync_state INTEGER DEFAULT 0,
  original_group_id TEXT, last_read_message_timestamp INTEGER DEFAULT 0, cloudkit_record_id TEXT,
  last_addressed_sim_id TEXT, is_blackholed INTEGER DEFAULT 0, syndication_date INTEGER DEFAULT 0,
  syndication_type INTEGER DEFAULT 0);
CREATE TABLE message (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, text TEXT, replace INTEGER DEFAULT 0,
  service_center TEXT, handle_id INTEGER DEFAULT 0, subject TEXT, country TEXT, attributedBody BLOB, version INTEGER DEFAULT 0,
  type INTEGER DEFAULT 0, service TEXT, account TEXT, account_guid TEXT, error INTEGER DEFAULT 0, date INTEGER,
  date_read INTEGER, date_delivered INTEGER, is_delivered INTEGER DEFAULT 0, is_finished INTEGER DEFAULT 0,
  is_emote INTEGER DEFAULT 0, is_from_me INTEGER DEFAULT 0, is_empty INTEGER DEFAULT 0, is_delayed INTEGER DEFAULT 0,
  is_auto_reply INTEGER DEFAULT 0, is_prepared INTEGER DEFAULT 0, is_read INTEGER DEFAULT 0, is_system_message INTEGER DEFAULT 0,
  is_sent INTEGER DEFAULT 0, has_dd_results INTEGER DEFAULT 0, is_service_message INTEGER DEFAULT 0,
  is_forward INTEGER DEFAULT 0, was_downgraded INTEGER DEFAULT 0, is_archive INTEGER DEFAULT 0,
  cache_has_attachments INTEGER DEFAULT 0, cache_roomnames TEXT, was_data_detected INTEGER DEFAULT 0,
  was_deduplicated INTEGER DEFAULT 0, is_audio_message INTEGER DEFAULT 0, is_played INTEGER DEFAULT 0, date_played INTEGER,
  item_type INTEGER DEFAULT 0, other_handle INTEGER DEFAULT 0, group_title TEXT, group_action_type INTEGER DEFAULT 0,
  share_status INTEGER DEFAULT 0, share_direction INTEGER DEFAULT 0, is_expirable INTEGER DEFAULT 0,
  expire_state INTEGER DEFAULT 0, message_action_type INTEGER DEFAULT 0, message_source INTEGER DEFAULT 0,
  associated_message_guid TEXT, associated_message_type INTEGER DEFAULT 0, balloon_bundle_id TEXT, payload_data BLOB,
  expressive_send_style_id TEXT, associated_message_range_location INTEGER DEFAULT 0,
  associated_message_range_length INTEGER DEFAULT 0, time_expressive_send_played INTEGER, message_summary_info BLOB,
  ck_sync_state INTEGER DEFAULT 0, ck_record_id TEXT, ck_record_change_tag TEXT, destination_caller_id TEXT,
  is_corrupt INTEGER DEFAULT 0, reply_to_guid TEXT, sort_id INTEGER, is_spam INTEGER DEFAULT 0,
  has_unseen_mention INTEGER DEFAULT 0, thread_originator_guid TEXT, thread_originator_part TEXT,
  syndication_ranges TEXT, synced_syndication_ranges TEXT, was_delivered_quietly INTEGER DEFAULT 0,
  did_notify_recipient INTEGER DEFAULT 0, date_retracted INTEGER, date_edited INTEGER, was_detonated INTEGER DEFAULT 0,
  part_count INTEGER, fallback_hash TEXT);
CREATE TABLE chat_message_join (chat_id INTEGER REFERENCES chat (ROWID) ON DELETE CASCADE,
  message_id INTEGER REFERENCES message (ROWID) ON DELETE CASCADE, message_date INTEGER DEFAULT 0,
  PRIMARY KEY (chat_id, message_id));
CREATE TABLE chat_handle_join (chat_id INTEGER REFERENCES chat (ROWID) ON DELETE CASCADE,
  handle_id INTEGER REFERENCES handle (ROWID) ON DELETE CASCADE, UNIQUE(chat_id, handle_id));
CREATE TABLE attachment (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, created_date INTEGER DEFAULT 0,
  start_date INTEGER DEFAULT 0, filename TEXT, uti TEXT, mime_type TEXT, transfer_state INTEGER DEFAULT 0,
  is_outgoing INTEGER DEFAULT 0, user_info BLOB, transfer_name TEXT, total_bytes INTEGER DEFAULT 0,
  is_sticker INTEGER DEFAULT 0, sticker_user_info BLOB, attribution_info BLOB, hide_attachment INTEGER DEFAULT 0,
  ck_sync_state INTEGER DEFAULT 0, ck_server_change_token_blob BLOB, ck_record_id TEXT, original_guid TEXT UNIQUE NOT NULL,
  is_commsafety_sensitive INTEGER DEFAULT 0);
CREATE TABLE message_attachment_join (message_id INTEGER REFERENCES message (ROWID) ON DELETE CASCADE,
  attachment_id INTEGER REFERENCES attachment (ROWID) ON DELETE CASCADE, UNIQUE(message_id, attachment_id));
CREATE TABLE deleted_messages (ROWID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, guid TEXT NOT NULL);
"""
MSG = ("INSERT INTO message(ROWID, guid, text, attributedBody, handle_id, service, account, date, date_read, "
       "date_delivered, is_from_me, is_read, destination_caller_id, thread_originator_guid) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
CMJ = "INSERT INTO chat_message_join VALUES (?,?,?)"
NS = 1000000000
sms_rows = [
    ("INSERT INTO handle(ROWID, id, country, service) VALUES (?,?,?,?)", (1, "+66898765432", "th", "iMessage")),
    ("INSERT INTO handle(ROWID, id, country, service) VALUES (?,?,?,?)", (2, "an.nguyen@icloud.com", "vn", "iMessage")),
    ("INSERT INTO handle(ROWID, id, country, service) VALUES (?,?,?,?)", (3, "+8613800138000", "cn", "SMS")),
    ("INSERT INTO chat(ROWID, guid, style, chat_identifier, service_name, display_name) VALUES (?,?,?,?,?,?)",
     (1, "iMessage;-;+66898765432", 45, "+66898765432", "iMessage", "")),
    ("INSERT INTO chat(ROWID, guid, style, chat_identifier, service_name, display_name) VALUES (?,?,?,?,?,?)",
     (2, "iMessage;+;chat482910", 43, "chat482910", "iMessage", "Nhóm đầu tư 投资群")),
    ("INSERT INTO chat(ROWID, guid, style, chat_identifier, service_name, display_name) VALUES (?,?,?,?,?,?)",
     (3, "SMS;-;+8613800138000", 45, "+8613800138000", "SMS", None)),
    ("INSERT INTO chat_handle_join VALUES (?,?)", (1, 1)),
    ("INSERT INTO chat_handle_join VALUES (?,?)", (2, 2)),
    ("INSERT INTO chat_handle_join VALUES (?,?)", (2, 3)),
    ("INSERT INTO chat_handle_join VALUES (?,?)", (3, 3)),
    (MSG, (1, "GUID-0001", "Hello from iMessage", None, 1, "iMessage", "p:+66812345678", 722000000 * NS,
           722000030 * NS, 722000001 * NS, 0, 1, "+66812345678", None)),
    (MSG, (2, "GUID-0002", None, typedstream(LONG_TH), 1, "iMessage", "p:+66812345678", 722000100 * NS + 250000000,
           0, 722000101 * NS, 1, 1, "+66812345678", "GUID-0001")),
    (MSG, (3, "GUID-0003", None, typedstream(SHORT_VI), 2, "iMessage", "e:an.nguyen@icloud.com", 700000000, 0, 0, 0, 0,
           None, None)),
    (MSG, (4, "GUID-0004", "已收到 👍\ufffc", None, 0, "iMessage", "p:+66812345678", 722000200 * NS, 0, 0, 1, 1,
           "+66812345678", None)),
    (MSG, (5, "GUID-0005", "Your code is 123456", None, 3, "SMS", "p:+66812345678", 722000300 * NS, 0, 0, 0, 1,
           "+66812345678", None)),
    ("INSERT INTO attachment(ROWID, guid, original_guid, filename, uti, mime_type, transfer_name, total_bytes, is_outgoing) "
     "VALUES (?,?,?,?,?,?,?,?,?)", (1, "AT-0001", "AT-0001", "~/Library/SMS/Attachments/ab/11/AT-0001/IMG_0001.jpeg",
                                    "public.jpeg", "image/jpeg", "IMG_0001.jpeg", 1234, 1)),
    ("INSERT INTO message_attachment_join VALUES (?,?)", (4, 1)),
    (CMJ, (1, 1, 722000000 * NS)), (CMJ, (1, 2, 722000100 * NS)), (CMJ, (2, 3, 700000000)),
    (CMJ, (2, 4, 722000200 * NS)), (CMJ, (3, 5, 722000300 * NS)),
    ("INSERT INTO deleted_messages(ROWID, guid) VALUES (?,?)", (1, "GUID-DELETED-0001")),
]
sms_wal = [
    (MSG, (6, "GUID-0006", "WAL-only iMessage", None, 1, "iMessage", "p:+66812345678", 722000400 * NS, 0, 0, 0, 0,
           "+66812345678", None)),
    (CMJ, (1, 6, 722000400 * NS)),
]
build(os.path.join(I, "Library/SMS/sms.db"), SMSDB, sms_rows, sms_wal)
att = os.path.join(I, "Library/SMS/Attachments/ab/11/AT-0001/IMG_0001.jpeg")
mkdirs(att)
with open(att, "wb") as f:
    f.write(b"\xff\xd8\xff\xe0 imessage jpeg bytes")

# ---- iOS AddressBook.sqlitedb (iLEAPP addressBook.py) --------------------------------------------
AB = """
CREATE TABLE ABPerson (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, First TEXT, Last TEXT, Middle TEXT, FirstPhonetic TEXT,
  MiddlePhonetic TEXT, LastPhonetic TEXT, Organization TEXT, Department TEXT, Note TEXT, Kind INTEGER, Birthday TEXT,
  JobTitle TEXT, Nickname TEXT, Prefix TEXT, Suffix TEXT, FirstSort TEXT, LastSort TEXT, CreationDate INTEGER,
  ModificationDate INTEGER, CompositeNameFallback TEXT, ExternalIdentifier TEXT, ExternalModificationTag TEXT,
  ExternalUUID TEXT, StoreID INTEGER, DisplayName TEXT, ExternalRepresentation BLOB, FirstSortSection TEXT,
  LastSortSection TEXT, FirstSortLanguageIndex INTEGER DEFAULT 2147483647, LastSortLanguageIndex INTEGER DEFAULT 2147483647,
  PersonLink INTEGER DEFAULT -1, ImageURI TEXT, IsPreferredName INTEGER DEFAULT 1, guid TEXT, PhonemeData TEXT);
CREATE TABLE ABMultiValue (UID INTEGER PRIMARY KEY, record_id INTEGER, property INTEGER, identifier INTEGER,
  label INTEGER, value TEXT, guid TEXT);
CREATE TABLE ABMultiValueLabel (value TEXT, UNIQUE(value));
CREATE TABLE ABMultiValueEntry (parent_id INTEGER, key INTEGER, value TEXT, UNIQUE(parent_id, key));
"""
AP = "INSERT INTO ABPerson(ROWID, First, Last, Middle, Organization, Nickname, CreationDate, ModificationDate) VALUES (?,?,?,?,?,?,?,?)"
MV = "INSERT INTO ABMultiValue(UID, record_id, property, identifier, label, value) VALUES (?,?,?,?,?,?)"
ab_rows = [
    ("INSERT INTO ABMultiValueLabel(rowid, value) VALUES (?,?)", (1, "_$!<Mobile>!$_")),
    ("INSERT INTO ABMultiValueLabel(rowid, value) VALUES (?,?)", (2, "_$!<Work>!$_")),
    ("INSERT INTO ABMultiValueLabel(rowid, value) VALUES (?,?)", (3, "Boss line")),
    (AP, (1, "Somchai", "Jaidee", None, None, "Chai", 690000000, 700000000)),
    (MV, (1, 1, 3, 0, 1, "+66 89 876 5432")),
    (MV, (2, 1, 4, 0, 2, "somchai@example.co.th")),
    (AP, (2, "Minh", "Trần", "Văn", None, None, 690000100, 690000100)),
    (MV, (3, 2, 3, 0, 3, "091 234 5678")),
    (AP, (3, None, None, None, "USDT OTC Desk", None, 690000200, 690000200)),
    (MV, (4, 3, 3, 0, 2, "+852 9123 4567")),
    (MV, (5, 3, 5, 0, 2, "ignored address entry")),
]
build(os.path.join(I, "Library/AddressBook/AddressBook.sqlitedb"), AB, ab_rows)

# ---- iOS CallHistory.storedata (Core Data; iLEAPP callHistory.py) ---------------------------------
CH = """
CREATE TABLE ZCALLRECORD (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZANSWERED INTEGER, ZCALLTYPE INTEGER,
  ZDISCONNECTED_CAUSE INTEGER, ZFACE_TIME_DATA INTEGER, ZNUMBER_AVAILABILITY INTEGER, ZORIGINATED INTEGER,
  ZREAD INTEGER, ZJUNKCONFIDENCE INTEGER, ZJUNKIDENTIFICATIONCATEGORY INTEGER, ZDATE TIMESTAMP, ZDURATION FLOAT,
  ZDEVICE_ID VARCHAR, ZISO_COUNTRY_CODE VARCHAR, ZLOCATION VARCHAR, ZNAME VARCHAR, ZSERVICE_PROVIDER VARCHAR,
  ZUNIQUE_ID VARCHAR, ZADDRESS BLOB);
CREATE TABLE Z_PRIMARYKEY (Z_ENT INTEGER PRIMARY KEY, Z_NAME VARCHAR, Z_SUPER INTEGER, Z_MAX INTEGER);
CREATE TABLE Z_METADATA (Z_VERSION INTEGER PRIMARY KEY, Z_UUID VARCHAR(255), Z_PLIST BLOB);
"""
CR = ("INSERT INTO ZCALLRECORD(Z_PK, Z_ENT, Z_OPT, ZANSWERED, ZCALLTYPE, ZDISCONNECTED_CAUSE, ZORIGINATED, ZREAD, ZDATE, "
      "ZDURATION, ZISO_COUNTRY_CODE, ZLOCATION, ZNAME, ZSERVICE_PROVIDER, ZUNIQUE_ID, ZADDRESS) VALUES "
      "(?,2,1,?,?,?,?,1,?,?,?,?,?,?,?,?)")
ch_rows = [
    (CR, (1, 1, 1, 0, 0, 722000500.5, 61.4, "th", "Thailand", "Somchai", "com.apple.Telephony", "U-1", b"0898765432")),
    (CR, (2, 0, 8, 0, 1, 722000600.0, 300.0, "th", None, None, "com.apple.FaceTime", "U-2", "an.nguyen@icloud.com")),
    (CR, (3, 0, 0, 6, 0, 722000700.0, 0.0, "vn", None, "Nguyễn Văn An", "net.whatsapp.WhatsApp", "U-3", "+84901234567")),
    (CR, (4, 0, 16, 0, 1, 722000800.0, 0.0, "th", None, None, "com.apple.FaceTime", "U-4", "+8613800138000")),
]
build(os.path.join(I, "Library/CallHistoryDB/CallHistory.storedata"), CH, ch_rows)

# ---- typedstream blobs for the decoder's unit test ----------------------------------------------
TS = os.path.join(OUT, "typedstream")
os.makedirs(TS, exist_ok=True)
for name, text in (("long_th", LONG_TH), ("short_vi", SHORT_VI), ("hello", "Hello world!")):
    with open(os.path.join(TS, name + ".bin"), "wb") as f:
        f.write(typedstream(text))
print("chat_system fixtures in", OUT)
