#!/usr/bin/env python3
"""chat_bench.py OUTDIR [--messages N] [--chats N] - a generated WhatsApp msgstore.db for the chat
benchmark (chat issue, Performance): by default 1,000,000 messages in 20,000 chats, current Android schema
(the table and column names of tests/chat_whatsapp/make_fixtures.py, from ALEAPP / IPED), written to
OUTDIR/evidence/data/data/com.whatsapp/databases/msgstore.db with a wa.db of the contacts beside it.

Content, deterministic (random.Random(9)): 19/20 of the chats are 1:1, 1/20 groups of 8-24 members;
messages spread evenly over the chats (rowid order interleaves chats as a live database does), 1/3
outgoing, text in English/Thai/Chinese/Vietnamese of 5-200 characters; 5 % image/video/document rows
with a message_media row, 2 % quoted replies, 1 % revoked, receipt_user rows for 20 % (the outgoing
ones delivered/read). Timestamps Unix ms from 2023-01-01, one every ~30 s.

Made fast: one transaction, executemany, journal off; about 10-20 s on the 2-core box.
"""
import argparse
import os
import random
import sqlite3
import time

ap = argparse.ArgumentParser()
ap.add_argument("outdir")
ap.add_argument("--messages", type=int, default=1_000_000)
ap.add_argument("--chats", type=int, default=20_000)
a = ap.parse_args()

DB_DIR = os.path.join(a.outdir, "evidence/data/data/com.whatsapp/databases")
os.makedirs(DB_DIR, exist_ok=True)
path = os.path.join(DB_DIR, "msgstore.db")
for s in ("", "-wal", "-journal"):
    if os.path.exists(path + s):
        os.remove(path + s)

SCHEMA = """
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
CREATE INDEX message_chat_index ON message (chat_row_id, sort_id);
CREATE TABLE message_media (message_row_id INTEGER PRIMARY KEY, chat_row_id INTEGER, file_path TEXT, file_size INTEGER,
  mime_type TEXT, media_name TEXT, media_caption TEXT, media_duration INTEGER, width INTEGER, height INTEGER);
CREATE TABLE message_location (message_row_id INTEGER PRIMARY KEY, chat_row_id INTEGER, latitude REAL, longitude REAL);
CREATE TABLE message_quoted (message_row_id INTEGER PRIMARY KEY, chat_row_id INTEGER NOT NULL,
  parent_message_chat_row_id INTEGER NOT NULL, from_me INTEGER NOT NULL, sender_jid_row_id INTEGER,
  key_id TEXT NOT NULL, timestamp INTEGER, message_type INTEGER, origin INTEGER, text_data TEXT);
CREATE TABLE message_revoked (message_row_id INTEGER PRIMARY KEY, revoked_key_id TEXT NOT NULL,
  admin_jid_row_id INTEGER, revoke_timestamp INTEGER);
CREATE TABLE message_edit_info (message_row_id INTEGER PRIMARY KEY, original_key_id TEXT NOT NULL,
  edited_timestamp INTEGER NOT NULL, sender_timestamp INTEGER NOT NULL);
CREATE TABLE message_forwarded (message_row_id INTEGER PRIMARY KEY, forward_score INTEGER);
CREATE TABLE receipt_user (_id INTEGER PRIMARY KEY AUTOINCREMENT, message_row_id INTEGER NOT NULL,
  receipt_user_jid_row_id INTEGER NOT NULL, receipt_timestamp INTEGER, read_timestamp INTEGER, played_timestamp INTEGER);
CREATE INDEX receipt_user_index ON receipt_user (message_row_id, receipt_user_jid_row_id);
CREATE TABLE group_participant_user (_id INTEGER PRIMARY KEY AUTOINCREMENT, group_jid_row_id INTEGER NOT NULL,
  user_jid_row_id INTEGER NOT NULL, rank INTEGER, pending INTEGER, add_timestamp INTEGER, label TEXT);
CREATE TABLE call_log (_id INTEGER PRIMARY KEY AUTOINCREMENT, jid_row_id INTEGER, from_me INTEGER, call_id TEXT,
  transaction_id INTEGER, timestamp INTEGER, video_call INTEGER, duration INTEGER, call_result INTEGER,
  bytes_transferred INTEGER, group_jid_row_id INTEGER NOT NULL DEFAULT 0);
CREATE TABLE call_log_participant_v2 (_id INTEGER PRIMARY KEY AUTOINCREMENT, call_log_row_id INTEGER,
  jid_row_id INTEGER, call_result INTEGER);
"""

WORDS = {
    "en": "the money transfer account today please send bank agent customer job salary visa contract boss".split(),
    "th": "สวัสดี เงิน โอน บัญชี วันนี้ ลูกค้า งาน เงินเดือน นายจ้าง สัญญา ครับ ค่ะ".split(),
    "zh": "你好 转账 账户 今天 客户 工作 工资 老板 合同 目标 完成 收到".split(),
    "vi": "xin chào chuyển tiền tài khoản hôm nay khách hàng công việc lương hợp đồng ông chủ".split(),
}
LANGS = list(WORDS)

rnd = random.Random(9)
t0 = time.time()
con = sqlite3.connect(path, isolation_level=None)
con.execute("PRAGMA journal_mode=OFF")
con.execute("PRAGMA synchronous=OFF")
con.executescript(SCHEMA)
con.execute("BEGIN")

n_chats = a.chats
n_groups = max(1, n_chats // 20)
n_one = n_chats - n_groups
# jids: one phone per 1:1 chat (Thai/Vietnamese/Chinese mobiles), then the group jids
def phone(i):
    cc = (66, 84, 86)[i % 3]
    if cc == 66:
        return "66%d%08d" % (8 + i % 2, i)          # 66 8x xxxx xxxx
    if cc == 84:
        return "849%08d" % i                         # 84 9x xxx xxxx
    return "861%d%08d" % (3 + i % 7, i)              # 86 13x-19x
jids = [(i + 1, phone(i), "s.whatsapp.net", 0, 0, 0, phone(i) + "@s.whatsapp.net") for i in range(n_one)]
for g in range(n_groups):
    user = "1203630%011d" % g
    jids.append((n_one + g + 1, user, "g.us", 0, 0, 1, user + "@g.us"))
con.executemany("INSERT INTO jid VALUES (?,?,?,?,?,?,?)", jids)
chats = [(i + 1, i + 1, 0, None, 1672531200000) for i in range(n_one)]
chats += [(n_one + g + 1, n_one + g + 1, 0, "Group %d %s" % (g, rnd.choice(WORDS["zh"])), 1672531200000)
          for g in range(n_groups)]
con.executemany("INSERT INTO chat (_id, jid_row_id, hidden, subject, created_timestamp) VALUES (?,?,?,?,?)", chats)
members = {}
parts = []
for g in range(n_groups):
    ms = rnd.sample(range(1, n_one + 1), rnd.randint(8, 24))
    members[n_one + g + 1] = ms
    parts += [(n_one + g + 1, m, 0, 0) for m in ms]
con.executemany("INSERT INTO group_participant_user (group_jid_row_id, user_jid_row_id, rank, pending) VALUES (?,?,?,?)", parts)

msgs, media, quoted, revoked, receipts = [], [], [], [], []
ts = 1672531200000
for i in range(1, a.messages + 1):
    chat = (i * 7919) % n_chats + 1     # interleave chats like a live database
    group = chat > n_one
    out = rnd.random() < 1 / 3
    sender = 0 if out or not group else rnd.choice(members[chat])
    ts += rnd.randint(1000, 59000)
    r = rnd.random()
    if r < 0.01:
        mtype, text = 15, None
        revoked.append((i, "K%d" % i, None, ts + 5000))
    elif r < 0.06:
        mtype = rnd.choice((1, 3, 9))
        text = None
        ext = {1: ("jpg", "image/jpeg", "WhatsApp Images/IMG"), 3: ("mp4", "video/mp4", "WhatsApp Video/VID"),
               9: ("pdf", "application/pdf", "WhatsApp Documents/DOC")}[mtype]
        name = "%s-%d-WA%04d.%s" % (ext[2], 20230101 + i % 28, i % 10000, ext[0])
        media.append((i, chat, "Media/" + name, rnd.randint(1000, 900000), ext[1], name.rsplit("/", 1)[1],
                      rnd.choice((None, " ".join(rnd.choices(WORDS[rnd.choice(LANGS)], k=3))))))
    else:
        mtype = 0
        lang = rnd.choice(LANGS)
        sep = "" if lang == "zh" else " "
        text = sep.join(rnd.choices(WORDS[lang], k=rnd.randint(2, 30)))
    msgs.append((i, chat, 1 if out else 0, "K%d" % i, sender, 13 if out else 0, len(members.get(chat, ())), ts,
                 ts + 800, mtype, text, 0))
    if rnd.random() < 0.02 and i > 1:
        quoted.append((i, chat, chat, 0, 0, "K%d" % (i - 1), ts - 1000))
    if rnd.random() < 0.2:
        receipts.append((i, chat if not group else rnd.choice(members[chat]), ts + 1500 if out else 0,
                         ts + 4000 if out else 0, 0))
    if len(msgs) >= 50000:
        con.executemany("INSERT INTO message (_id, chat_row_id, from_me, key_id, sender_jid_row_id, status, "
                        "recipient_count, timestamp, received_timestamp, message_type, text_data, starred) "
                        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", msgs)
        msgs = []
con.executemany("INSERT INTO message (_id, chat_row_id, from_me, key_id, sender_jid_row_id, status, recipient_count, "
                "timestamp, received_timestamp, message_type, text_data, starred) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", msgs)
con.executemany("INSERT INTO message_media (message_row_id, chat_row_id, file_path, file_size, mime_type, media_name, "
                "media_caption) VALUES (?,?,?,?,?,?,?)", media)
con.executemany("INSERT INTO message_quoted (message_row_id, chat_row_id, parent_message_chat_row_id, from_me, "
                "sender_jid_row_id, key_id, timestamp) VALUES (?,?,?,?,?,?,?)", quoted)
con.executemany("INSERT INTO message_revoked VALUES (?,?,?,?)", revoked)
con.executemany("INSERT INTO receipt_user (message_row_id, receipt_user_jid_row_id, receipt_timestamp, read_timestamp, "
                "played_timestamp) VALUES (?,?,?,?,?)", receipts)
calls = [(c, rnd.randint(1, n_one), rnd.randint(0, 1), "CALL%d" % c, 1672531200000 + c * 600000, rnd.randint(0, 1),
          rnd.randint(0, 900), rnd.choice((2, 4, 5, 5, 5)), 0) for c in range(1, 2001)]
con.executemany("INSERT INTO call_log (_id, jid_row_id, from_me, call_id, timestamp, video_call, duration, call_result, "
                "group_jid_row_id) VALUES (?,?,?,?,?,?,?,?,?)", calls)
con.execute("COMMIT")
con.close()

wa = os.path.join(DB_DIR, "wa.db")
if os.path.exists(wa):
    os.remove(wa)
w = sqlite3.connect(wa)
w.execute("CREATE TABLE wa_contacts (_id INTEGER PRIMARY KEY AUTOINCREMENT, jid TEXT NOT NULL, is_whatsapp_user BOOLEAN "
          "NOT NULL, status TEXT, number TEXT, display_name TEXT, given_name TEXT, family_name TEXT, wa_name TEXT)")
w.executemany("INSERT INTO wa_contacts (jid, is_whatsapp_user, number, display_name, wa_name) VALUES (?,1,?,?,?)",
              [(j[6], "+" + j[1], "Contact %d" % j[0], None) for j in jids[: n_one // 2]])
w.commit()
w.close()
print("msgstore.db: %d messages in %d chats (%d groups), %d media, %d receipts; %.1f s; %d bytes"
      % (a.messages, n_chats, n_groups, len(media), len(receipts), time.time() - t0, os.path.getsize(path)))
