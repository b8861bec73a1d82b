#!/usr/bin/env python3
"""gen_fuzz_corpus.py [OUTDIR] - the seed corpus of tests/fuzz/chat_whatsapp_fuzz.c: small SQLite files
(page size 512, vacuumed) with the WhatsApp schemas and hostile variants. Default OUTDIR:
tests/fuzz/corpus/chat_whatsapp. Deterministic (fixed rows; SQLite writes the same bytes for the same
statements), so re-running reproduces the committed seeds.
"""
import os
import sqlite3
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "fuzz", "corpus", "chat_whatsapp")
os.makedirs(OUT, exist_ok=True)

CURRENT = """
CREATE TABLE jid (_id INTEGER PRIMARY KEY, user TEXT, server TEXT, raw_string TEXT);
CREATE TABLE jid_map (lid_row_id INTEGER PRIMARY KEY, jid_row_id INTEGER);
CREATE TABLE chat (_id INTEGER PRIMARY KEY, jid_row_id INTEGER, subject TEXT);
CREATE TABLE message (_id INTEGER PRIMARY KEY, chat_row_id INTEGER, from_me INTEGER, key_id TEXT,
  sender_jid_row_id INTEGER, timestamp INTEGER, received_timestamp INTEGER, message_type INTEGER, text_data TEXT, starred INTEGER);
CREATE TABLE message_media (message_row_id INTEGER PRIMARY KEY, file_path TEXT, mime_type TEXT, media_caption TEXT, file_size INTEGER);
CREATE TABLE message_quoted (message_row_id INTEGER PRIMARY KEY, key_id TEXT);
CREATE TABLE message_revoked (message_row_id INTEGER PRIMARY KEY, revoked_key_id TEXT);
CREATE TABLE receipt_user (_id INTEGER PRIMARY KEY, message_row_id INTEGER, receipt_timestamp INTEGER, read_timestamp INTEGER);
CREATE TABLE group_participant_user (_id INTEGER PRIMARY KEY, group_jid_row_id INTEGER, user_jid_row_id INTEGER);
CREATE TABLE call_log (_id INTEGER PRIMARY KEY, jid_row_id INTEGER, from_me INTEGER, call_id TEXT, timestamp INTEGER,
  video_call INTEGER, duration INTEGER, call_result INTEGER, group_jid_row_id INTEGER);
CREATE TABLE call_log_participant_v2 (_id INTEGER PRIMARY KEY, call_log_row_id INTEGER, jid_row_id INTEGER, call_result INTEGER);
CREATE TABLE wa_contacts (_id INTEGER PRIMARY KEY, jid TEXT, number TEXT, display_name TEXT, wa_name TEXT);
INSERT INTO jid VALUES (1,'66898765432','s.whatsapp.net','66898765432@s.whatsapp.net'),
  (2,'120363','g.us','120363@g.us'), (3,'1112','lid','1112@lid'), (4,'8613812345678','s.whatsapp.net',NULL);
INSERT INTO jid_map VALUES (3, 4);
INSERT INTO chat VALUES (1,1,NULL),(2,2,'群 ทีม'),(3,3,NULL);
INSERT INTO group_participant_user VALUES (1,2,1),(2,2,4),(3,2,-1);
INSERT INTO message VALUES (1,-1,0,'-1',0,0,0,0,NULL,0),(2,1,0,'A',0,1700000000000,1,0,'สวัสดี',1),
  (3,2,0,'B',4,1700000000001,0,1,NULL,0),(4,3,1,'C',0,-5,0,15,NULL,0),(5,99,0,'D',77,253402300800000,0,5,'x',0);
INSERT INTO message_media VALUES (3,'Media/WhatsApp Images/a.jpg','image/jpeg','cap',10);
INSERT INTO message_quoted VALUES (4,'A');
INSERT INTO message_revoked VALUES (4,'C');
INSERT INTO receipt_user VALUES (1,2,1700000000500,1700000000900);
INSERT INTO call_log VALUES (1,1,0,'c',1700000000000,1,5,5,0),(2,3,1,'d',0,0,0,4,2);
INSERT INTO call_log_participant_v2 VALUES (1,2,1,5),(2,2,4,2);
INSERT INTO wa_contacts VALUES (1,'66898765432@s.whatsapp.net','+66898765432','Somchai','S'),(2,'120363@g.us',NULL,'G',NULL);
"""

LEGACY = """
CREATE TABLE messages (_id INTEGER PRIMARY KEY, key_remote_jid TEXT, key_from_me INTEGER, key_id TEXT, data TEXT,
  timestamp INTEGER, media_wa_type TEXT, remote_resource TEXT, quoted_row_id INTEGER, media_name TEXT,
  media_mime_type TEXT, media_caption TEXT, latitude REAL, longitude REAL, forwarded INTEGER,
  receipt_device_timestamp INTEGER, read_device_timestamp INTEGER);
CREATE TABLE messages_quotes (_id INTEGER PRIMARY KEY, key_id TEXT);
CREATE TABLE chat_list (_id INTEGER PRIMARY KEY, key_remote_jid TEXT, subject TEXT);
CREATE TABLE group_participants (_id INTEGER PRIMARY KEY, gjid TEXT, jid TEXT);
INSERT INTO messages VALUES (1,'-1',0,'-1',NULL,0,'0',NULL,NULL,NULL,NULL,NULL,0,0,0,0,0),
 (2,'66811111111@s.whatsapp.net',0,'L2','hi',1600000000000,'0',NULL,NULL,NULL,NULL,NULL,0,0,0,0,0),
 (3,'1-2@g.us',0,'L3','大家好',1600000000001,'1','84900000000@s.whatsapp.net',1,'a.jpg','image/jpeg','c',13.7,100.5,1,5,6),
 (4,NULL,1,NULL,x'00ff',NULL,'x',NULL,99,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO messages_quotes VALUES (1,'L2');
INSERT INTO chat_list VALUES (1,'1-2@g.us','Nhóm');
INSERT INTO group_participants VALUES (1,'1-2@g.us','84900000000@s.whatsapp.net'),(2,'1-2@g.us','');
"""

IOS = """
CREATE TABLE ZWACHATSESSION (Z_PK INTEGER PRIMARY KEY, ZSESSIONTYPE INTEGER, ZCONTACTJID VARCHAR, ZPARTNERNAME VARCHAR);
CREATE TABLE ZWAGROUPMEMBER (Z_PK INTEGER PRIMARY KEY, ZCHATSESSION INTEGER, ZCONTACTNAME VARCHAR, ZFIRSTNAME VARCHAR, ZMEMBERJID VARCHAR);
CREATE TABLE ZWAMEDIAITEM (Z_PK INTEGER PRIMARY KEY, ZMESSAGE INTEGER, ZMEDIALOCALPATH VARCHAR, ZTITLE VARCHAR,
  ZLATITUDE FLOAT, ZLONGITUDE FLOAT, ZFILESIZE INTEGER, ZVCARDSTRING VARCHAR);
CREATE TABLE ZWAMESSAGE (Z_PK INTEGER PRIMARY KEY, ZISFROMME INTEGER, ZMESSAGETYPE INTEGER, ZCHATSESSION INTEGER,
  ZGROUPMEMBER INTEGER, ZMEDIAITEM INTEGER, ZMESSAGEDATE TIMESTAMP, ZSENTDATE TIMESTAMP, ZFROMJID VARCHAR,
  ZTOJID VARCHAR, ZPUSHNAME VARCHAR, ZSTANZAID VARCHAR, ZTEXT VARCHAR, ZSTARRED INTEGER);
CREATE TABLE ZWAADDRESSBOOKCONTACT (Z_PK INTEGER PRIMARY KEY, ZFULLNAME VARCHAR, ZGIVENNAME VARCHAR, ZPHONENUMBER VARCHAR, ZWHATSAPPID VARCHAR);
CREATE TABLE ZWACDCALLEVENT (Z_PK INTEGER PRIMARY KEY, ZOUTCOME INTEGER, ZVIDEO INTEGER, Z1CALLEVENTS INTEGER,
  ZDATE TIMESTAMP, ZDURATION FLOAT, ZCALLIDSTRING VARCHAR, ZGROUPCALLCREATORUSERJIDSTRING VARCHAR);
CREATE TABLE ZWACDCALLEVENTPARTICIPANT (Z_PK INTEGER PRIMARY KEY, Z1PARTICIPANTS INTEGER, ZJIDSTRING VARCHAR);
INSERT INTO ZWACHATSESSION VALUES (1,0,'66898765432@s.whatsapp.net','S'),(2,1,'1@g.us','กลุ่ม');
INSERT INTO ZWAGROUPMEMBER VALUES (1,2,'An','An','84912345678@s.whatsapp.net');
INSERT INTO ZWAMEDIAITEM VALUES (1,2,'Media/x/a.jpg','t',0,0,9,'image/jpeg'),(2,3,'/abs/p.jpg',NULL,1e308,-1e308,NULL,'BEGIN:VCARD');
INSERT INTO ZWAMESSAGE VALUES (1,0,0,1,NULL,NULL,721692800.5,721692800,'66898765432@s.whatsapp.net',NULL,'S','I1','hi',0),
 (2,1,1,1,NULL,1,1e300,NULL,NULL,'66898765432@s.whatsapp.net',NULL,'I2',NULL,1),
 (3,0,0,2,1,2,-1,NULL,'1@g.us',NULL,NULL,'I3','x',0),(4,0,14,77,99,99,'text',NULL,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO ZWAADDRESSBOOKCONTACT VALUES (1,'Somchai','S','+66 89 876 5432','66898765432@s.whatsapp.net');
INSERT INTO ZWACDCALLEVENT VALUES (1,0,0,1,721693200,42.4,'c','66898765432@s.whatsapp.net'),(2,1,1,NULL,NULL,NULL,NULL,NULL);
INSERT INTO ZWACDCALLEVENTPARTICIPANT VALUES (1,1,'66898765432@s.whatsapp.net'),(2,1,NULL);
"""


def make(name, script):
    path = os.path.join(OUT, name)
    if os.path.exists(path):
        os.remove(path)
    con = sqlite3.connect(path)
    con.execute("PRAGMA page_size=512")
    con.executescript(script)
    con.commit()
    con.execute("VACUUM")
    con.close()


make("current", CURRENT)
make("legacy", LEGACY)
make("both", CURRENT + LEGACY)
make("ios", IOS)
make("message_view", CURRENT.replace("CREATE TABLE message (", "CREATE TABLE message_t (").replace(
    "INSERT INTO message VALUES", "INSERT INTO message_t VALUES") +
     "CREATE VIEW message AS SELECT * FROM message_t;")
make("triggers", CURRENT + "CREATE TRIGGER t1 AFTER INSERT ON message_media BEGIN SELECT 1; END;"
     "CREATE TRIGGER t2 AFTER INSERT ON jid BEGIN SELECT 1; END;")
make("jid_map_loop", CURRENT + "INSERT INTO jid_map VALUES (1, 3); INSERT INTO jid_map VALUES (4, 1);")
make("huge_text", CURRENT + "INSERT INTO message VALUES (6,1,0,'E',0,1,0,0,printf('%.4000c','x'),0);"
     "INSERT INTO chat VALUES (4, 4, printf('%.2000c', 'y'));")
make("wrong_types", CURRENT.replace("INSERT INTO message VALUES", "INSERT INTO message VALUES (9,'x','y',x'00',3.5,'t',NULL,'z',x'41',NULL),"))
print("chat_whatsapp corpus in", OUT, sorted(os.listdir(OUT)))
