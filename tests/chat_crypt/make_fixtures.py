#!/usr/bin/env python3
"""make_fixtures.py OUTDIR MKFX - fixtures for tests/chat_crypt (deterministic, built at test time).

OUTDIR/plain/   msgstore_backup.db (4 WhatsApp messages), sqlcipher v2/v3/raw-key test databases
OUTDIR/dump/    an Android directory dump:
  data/data/com.whatsapp/databases/msgstore.db        live database (3 of the backup's messages + 1 newer)
  data/data/com.whatsapp/files/key, encrypted_backup.key
  storage/emulated/0/WhatsApp/Databases/msgstore.db.crypt15, msgstore-2023-11-14.1.db.crypt14
  data/data/com.tencent.mm/MicroMsg/<md5("mm"+uin)>/EnMicroMsg.db  SQLCipher v1, key from IMEI + uin
  data/data/com.tencent.mm/shared_prefs/system_config_prefs.xml     default_uin
  data/data/org.thoughtcrime.securesms/databases/signal.db          SQLCipher, raw key
  data/data/org.thoughtcrime.securesms/shared_prefs/SecureSMS-Preferences.xml (wrapped secret)
  private/var/mobile/Containers/Shared/AppGroup/<UUID>/grdb/signal.sqlite  Signal iOS: SQLCipher 4 with a
      32-byte plaintext header (mkfx sqlcipher4-ios), the tests/chat_extra Signal iOS rows; + Attachments/,
      + a -wal of ciphertext-like frames (not decrypted)
OUTDIR/ios_kc/  an iOS file-system extraction laid out as GrayKey/UFED write it (tarred by the e2e test):
  filesystem1/private/var/.../grdb/signal.sqlite (the same encrypted file), extra/KeychainDump/
  backup_keychain_v2.plist: a binary keychain dump (genp/inet/keys/certs) with Signal's
  GRDBDatabaseCipherKeySpec item (acct/svce as data, as dumps write them) among a Session item with the
  same account name and an unrelated one
OUTDIR/ios_kc_hostile/  the same signal.sqlite with two hostile dumps: extra/KeychainDump/
  backup_keychain_v2.plist (not a plist) and keychain-backup.plist (XML: genp entries of wrong types, a
  matching item with 4 MiB of data, one with 47 bytes)
OUTDIR/ios_kc_ufed/  the same with a dump in UFED's encrypted export layout (keychainEntries): Signal's item among
  one sealed with an unknown class key, a rawData entry and an inet entry
WeChat schema: ppwwyyxx/wechat-dump; WhatsApp: the current msgstore.db columns the parser needs.
"""
import base64
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys

OUT, MKFX = sys.argv[1], sys.argv[2]
IMEI, UIN = "358240051111110", "-1234567890"
WECHAT_KEY = hashlib.md5((IMEI + UIN).encode()).hexdigest()[:7]
WA_ROOT = "5f" * 16 + "a1" * 16
WA_KEY14 = "0123456789abcdef" * 4
SIGNAL_RAW = "2dd29ca851e7b56e4697b0e1f08507293d761a05ce4d1b628663f411a8086d99"

shutil.rmtree(OUT, ignore_errors=True)
PLAIN, DUMP = os.path.join(OUT, "plain"), os.path.join(OUT, "dump")
os.makedirs(PLAIN)


def mk(path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return path


WA_SCHEMA = """
CREATE TABLE jid (_id INTEGER PRIMARY KEY AUTOINCREMENT, user TEXT NOT NULL, server TEXT NOT NULL, agent INTEGER,
  device INTEGER, type INTEGER, raw_string TEXT);
CREATE TABLE chat (_id INTEGER PRIMARY KEY AUTOINCREMENT, jid_row_id INTEGER UNIQUE, subject TEXT);
CREATE TABLE message (_id INTEGER PRIMARY KEY AUTOINCREMENT, chat_row_id INTEGER NOT NULL, from_me INTEGER NOT NULL,
  key_id TEXT NOT NULL, sender_jid_row_id INTEGER, timestamp INTEGER, message_type INTEGER, text_data TEXT);
INSERT INTO jid VALUES (1, '66898765432', 's.whatsapp.net', 0, 0, 0, '66898765432@s.whatsapp.net');
INSERT INTO chat VALUES (1, 1, NULL);
"""
WA_ROWS = [
    (1, 0, "3EB0AAAA0001", 1700000000000, "สวัสดีครับ"),
    (2, 1, "3EB0AAAA0002", 1700000060000, "hello 你好"),
    (3, 0, "3EB0AAAA0003", 1700000120000, "deleted later: xóa sau"),
    (4, 1, "3EB0AAAA0004", 1700000180000, "see you"),
]


def wa_db(path, rows):
    db = sqlite3.connect(path)
    db.executescript(WA_SCHEMA)
    for i, fm, kid, ts, text in rows:
        db.execute("INSERT INTO message VALUES (?, 1, ?, ?, ?, ?, 0, ?)", (i, fm, kid, 0 if fm else 1, ts, text))
    db.commit()
    db.close()


backup = os.path.join(PLAIN, "msgstore_backup.db")
wa_db(backup, WA_ROWS)
# live: message 3 was deleted after the backup; a newer message 5 exists
wa_db(mk(os.path.join(DUMP, "data/data/com.whatsapp/databases/msgstore.db")),
      [r for r in WA_ROWS if r[0] != 3] + [(5, 0, "3EB0AAAA0005", 1700000240000, "newer")])
dbdir = os.path.join(DUMP, "storage/emulated/0/WhatsApp/Databases")
files = os.path.join(DUMP, "data/data/com.whatsapp/files")
os.makedirs(dbdir)
os.makedirs(files)
subprocess.check_call([MKFX, "15", WA_ROOT, "00112233445566778899aabbccddeeff", backup,
                       os.path.join(dbdir, "msgstore.db.crypt15"), os.path.join(files, "encrypted_backup.key")])
subprocess.check_call([MKFX, "14", WA_KEY14, "ffeeddccbbaa99887766554433221100", backup,
                       os.path.join(dbdir, "msgstore-2023-11-14.1.db.crypt14"), os.path.join(files, "key")])


def sqlcipher(path, pragmas, sql):
    script = pragmas + "\n" + sql
    subprocess.run(["sqlcipher", path], input=script.encode(), check=True, stdout=subprocess.DEVNULL)


WECHAT_SQL = """
CREATE TABLE message ( msgId INTEGER PRIMARY KEY, msgSvrId INTEGER , type INT, status INT, isSend INT,
  isShowTimer INTEGER, createTime INTEGER, talker TEXT, content TEXT, imgPath TEXT, reserved TEXT, lvbuffer BLOB,
  transContent TEXT, transBrandWording TEXT, talkerId INTEGER, bizClientMsgId TEXT, bizChatId INTEGER DEFAULT -1,
  bizChatUserId TEXT, msgSeq INTEGER, flag INT);
CREATE TABLE rcontact ( username TEXT default '' PRIMARY KEY, alias TEXT default '', conRemark TEXT default '',
  domainList TEXT default '', nickname TEXT default '', pyInitial TEXT default '', quanPin TEXT default '',
  showHead INTEGER default '0', type INTEGER default '0', weiboFlag INTEGER default '0', weiboNickname TEXT default '',
  conRemarkPYFull TEXT default '', conRemarkPYShort TEXT default '', lvbuff BLOB, verifyFlag INTEGER default '0',
  encryptUsername TEXT default '', chatroomFlag INTEGER, deleteFlag INTEGER default '0', contactLabelIds TEXT default '');
CREATE TABLE chatroom ( chatroomname TEXT default '' PRIMARY KEY, addtime INTEGER, memberlist TEXT, displayname TEXT,
  chatroomnick TEXT, roomflag INTEGER, roomowner TEXT, roomdata BLOB, isShowname INTEGER, selfDisplayName TEXT,
  style INTEGER, chatroomdataflag INTEGER, modifytime LONG, chatroomnotice TEXT, chatroomVersion INTEGER);
CREATE TABLE userinfo ( id INTEGER PRIMARY KEY, type INT, value TEXT);
INSERT INTO userinfo VALUES (2, 3, 'wxid_owner001'), (4, 3, '阿明'), (6, 3, '+8613800000001');
INSERT INTO rcontact (username, alias, conRemark, nickname, type) VALUES
  ('wxid_owner001', 'aming', '', '阿明', 1),
  ('wxid_li', 'laoli88', '李老板', '老李', 3),
  ('wxid_nguyen', '', '', 'Nguyễn Văn An', 3),
  ('12345678901@chatroom', '', '', '工作群 กลุ่มงาน', 2);
INSERT INTO chatroom (chatroomname, addtime, memberlist, displayname, roomowner) VALUES
  ('12345678901@chatroom', 1699999000000, 'wxid_owner001;wxid_li;wxid_nguyen', '阿明、老李、Nguyễn Văn An', 'wxid_li');
INSERT INTO message (msgId, msgSvrId, type, status, isSend, createTime, talker, content, imgPath) VALUES
  (1, 7001, 1, 3, 0, 1700000000000, 'wxid_li', '你好，明天见', NULL),
  (2, 7002, 1, 2, 1, 1700000060000, 'wxid_li', '好的 ok', NULL),
  (3, 7003, 1, 3, 0, 1700000120000, '12345678901@chatroom', 'wxid_nguyen:
Xin chào mọi người', NULL),
  (4, 7004, 1, 2, 1, 1700000180000, '12345678901@chatroom', 'สวัสดีครับ', NULL),
  (5, 7005, 3, 3, 0, 1700000240000, 'wxid_nguyen', '<msg><img length="1024"/></msg>', 'THUMBNAIL_DIRPATH://th_3f2a'),
  (6, 7006, 10000, 4, 0, 1700000300000, '12345678901@chatroom', '"老李"邀请"Nguyễn Văn An"加入了群聊', NULL);
"""
V1 = "PRAGMA key = '%s';\nPRAGMA cipher_use_hmac = OFF;\nPRAGMA kdf_iter = 4000;\nPRAGMA cipher_page_size = 1024;"
uin_dir = hashlib.md5(("mm" + UIN).encode()).hexdigest()
sqlcipher(mk(os.path.join(DUMP, "data/data/com.tencent.mm/MicroMsg", uin_dir, "EnMicroMsg.db")), V1 % WECHAT_KEY,
          WECHAT_SQL)
shutil.copy(os.path.join(DUMP, "data/data/com.tencent.mm/MicroMsg", uin_dir, "EnMicroMsg.db"),
            os.path.join(PLAIN, "EnMicroMsg.db"))
with open(mk(os.path.join(DUMP, "data/data/com.tencent.mm/shared_prefs/system_config_prefs.xml")), "w") as f:
    f.write("<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n"
            '    <boolean name="first_launch_weixin" value="false" />\n'
            '    <int name="default_uin" value="%s" />\n</map>\n' % UIN)
# OUTDIR/dump_default_id: the same account keyed with WeChat's fallback device id "1234567890ABCDEF" (what
# the app uses when it cannot read the IMEI): opened with no IMEI option by the last candidate
DUMP_DEF = os.path.join(OUT, "dump_default_id")
sqlcipher(mk(os.path.join(DUMP_DEF, "data/data/com.tencent.mm/MicroMsg", uin_dir, "EnMicroMsg.db")),
          V1 % hashlib.md5(("1234567890ABCDEF" + UIN).encode()).hexdigest()[:7], WECHAT_SQL)
shutil.copy(os.path.join(DUMP, "data/data/com.tencent.mm/shared_prefs/system_config_prefs.xml"),
            mk(os.path.join(DUMP_DEF, "data/data/com.tencent.mm/shared_prefs/system_config_prefs.xml")))

FILL = "CREATE TABLE t (a TEXT);\n" + "".join(
    "INSERT INTO t VALUES ('row %d %s');\n" % (i, "x" * 90) for i in range(40))
sqlcipher(os.path.join(PLAIN, "v3.db"), "PRAGMA key = 'secret-v3';", FILL)
sqlcipher(os.path.join(PLAIN, "v2.db"), "PRAGMA key = 'secret-v2';\nPRAGMA kdf_iter = 4000;", FILL)
sqlcipher(os.path.join(PLAIN, "raw.db"), "PRAGMA key = \"x'%s'\";" % SIGNAL_RAW, FILL)
shutil.copy(os.path.join(PLAIN, "raw.db"), mk(os.path.join(DUMP, "data/data/org.thoughtcrime.securesms/databases/signal.db")))
with open(mk(os.path.join(DUMP, "data/data/org.thoughtcrime.securesms/shared_prefs/SecureSMS-Preferences.xml")), "w") as f:
    f.write("<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n"
            '    <string name="pref_database_encrypted_secret">{&quot;data&quot;:&quot;q2VhbGVk&quot;,'
            "&quot;iv&quot;:&quot;AAAA&quot;}</string>\n</map>\n")
# Signal Android key material in the prefs, one ingest (sig_prefs/): plain/ has pref_database_unencrypted_secret in
# SecureSMS-Preferences.xml (old name); wrapped/ and wrongkey/ have pref_database_encrypted_secret (SealedData JSON,
# XML-escaped) in org.thoughtcrime.securesms_preferences.xml, AES-256-GCM by mkfx gcm under SIGNAL_KEK (wrongkey/:
# under another key, so the option does not open it). The databases are keyed the app's way (passphrase, not raw).
SIGNAL_KEK = "5151515151515151515151515151515151515151515151515151515151515151"
SIGNAL_IV = "0102030405060708090a0b0c"
# keyed as Signal-Android does (SqlCipherDatabaseHook): the secret's hex as a passphrase, kdf_iter 1, 4096-byte pages
sqlcipher(os.path.join(PLAIN, "signal_app.db"), "PRAGMA key = '%s';\nPRAGMA kdf_iter = 1;\nPRAGMA cipher_page_size = 4096;"
          % SIGNAL_RAW, FILL)
def sig_item(sub, prefs_name, body):
    pkg = os.path.join(OUT, "sig_prefs", sub, "data/data/org.thoughtcrime.securesms")
    shutil.copy(os.path.join(PLAIN, "signal_app.db"), mk(os.path.join(pkg, "databases/signal.db")))
    with open(mk(os.path.join(pkg, "shared_prefs", prefs_name)), "w") as f:
        f.write("<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n    <boolean name=\"pref_x\" value=\"true\" />\n"
                + body + "\n</map>\n")
def sig_sealed(kek):
    ct, tag = subprocess.check_output([MKFX, "gcm", kek, SIGNAL_IV, SIGNAL_RAW]).decode().split()
    return ('    <string name="pref_database_encrypted_secret">{&quot;data&quot;:&quot;%s&quot;,&quot;iv&quot;:&quot;%s&quot;}</string>'
            % (base64.b64encode(bytes.fromhex(ct + tag)).decode(), base64.b64encode(bytes.fromhex(SIGNAL_IV)).decode()))
sig_item("plain", "SecureSMS-Preferences.xml", '    <string name="pref_database_unencrypted_secret">%s</string>' % SIGNAL_RAW)
sig_item("wrapped", "org.thoughtcrime.securesms_preferences.xml", sig_sealed(SIGNAL_KEK))
# (one more pref: an evidence item with the same file list and sizes is skipped as already in the case)
sig_item("wrongkey", "org.thoughtcrime.securesms_preferences.xml",
         sig_sealed("52" * 32) + '\n    <int name="last_version_code" value="1" />')
# Signal iOS: the tests/chat_extra schema and rows (WAL rows folded in), 4096-byte pages with SQLCipher 4's 80 reserved
# bytes (sqlite3 shell .filectrl reserve_bytes + VACUUM), encrypted by mkfx with the 48-byte key spec (key + salt)
SIGNAL_IOS_SPEC = "1f2e3d4c5b6a79880f1e2d3c4b5a6978" + "00112233445566778899aabbccddeeff" + "a5" * 16
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "chat_extra"))
import make_fixtures as chat_extra_fx  # noqa: E402
sig_plain = os.path.join(PLAIN, "signal_ios.sqlite")
db = sqlite3.connect(sig_plain)
db.execute("PRAGMA page_size=4096")
db.executescript(chat_extra_fx.SIGNAL_IOS_SCHEMA)
_rows, _wal = chat_extra_fx.signal_ios_rows()
for sql, args in list(_rows) + list(_wal):
    db.execute(sql, args)
db.commit()
db.close()
subprocess.run(["sqlite3", sig_plain, ".filectrl reserve_bytes 80", "VACUUM"], check=True, stdout=subprocess.DEVNULL)
sig_dev = os.path.join(DUMP, chat_extra_fx.SIGNAL_IOS_GROUP.lstrip("/"), "grdb/signal.sqlite")
subprocess.check_call([MKFX, "sqlcipher4-ios", SIGNAL_IOS_SPEC, sig_plain, mk(sig_dev)])
# an encrypted -wal beside it (plain WAL header, one frame of ciphertext-like bytes): chat_decrypt does not decrypt it
# and says so (detail.wal_not_decrypted)
with open(sig_dev + "-wal", "wb") as f:
    f.write(bytes.fromhex("377f0682002de218000010000000000001020304050607080000000000000000"))
    f.write(bytes.fromhex("00000002000000080102030405060708") + b"\0" * 8 + hashlib.sha256(b"wal").digest() * 128)
with open(mk(os.path.join(DUMP, chat_extra_fx.SIGNAL_IOS_GROUP.lstrip("/"), "Attachments/ABCD1234/IMG_0001.jpg")), "wb") as f:
    f.write(b"\xff\xd8\xff\xe0" + b"JFIF-signal-ios" + b"\x00" * 64)

# Keychain dumps beside an iOS extraction (parsers/ios_keychain.h; iLEAPP scripts/ios_keychain.py): a plist dictionary
# of arrays genp/inet/keys/certs; Signal's item has access group <TEAMID>.org.whispersystems.signal, service
# GRDBKeyChainService, account GRDBDatabaseCipherKeySpec and the 48-byte spec as v_Data.
import plistlib  # noqa: E402


def ios_root(name):
    root = os.path.join(OUT, name)
    dev = os.path.join(root, "filesystem1", chat_extra_fx.SIGNAL_IOS_GROUP.lstrip("/"), "grdb/signal.sqlite")
    shutil.copy(sig_dev, mk(dev))
    return root


def genp(agrp, acct, svce, data):
    return {"agrp": agrp, "acct": acct, "svce": svce, "v_Data": data, "pdmn": "ck", "class": "genp"}


kc = {
    "genp": [
        genp("U68MSDN6DR.com.apple.mobilesafari", b"user@example.com", b"SafariPasswords", b"hunter2"),
        genp("SUQ8J2PCT7.com.loki-project.loki-messenger", b"GRDBDatabaseCipherKeySpec", b"TSKeyChainService",
             bytes(range(48))),
        genp("U68MSDN6DR.org.whispersystems.signal", b"GRDBDatabaseCipherKeySpec\0", b"GRDBKeyChainService",
             bytes.fromhex(SIGNAL_IOS_SPEC)),
    ],
    "inet": [{"agrp": "apple", "acct": b"x", "srvr": "example.com", "v_Data": b"pw"}],
    "keys": [],
    "certs": [],
}
with open(mk(os.path.join(ios_root("ios_kc"), "extra/KeychainDump/backup_keychain_v2.plist")), "wb") as f:
    plistlib.dump(kc, f, fmt=plistlib.FMT_BINARY, sort_keys=True)
hroot = ios_root("ios_kc_hostile")
with open(mk(os.path.join(hroot, "extra/KeychainDump/backup_keychain_v2.plist")), "wb") as f:
    f.write(b"bplist00" + b"\xff" * 64)
hostile_kc = {
    "genp": [
        "not a dict",
        {"agrp": 7, "acct": b"GRDBDatabaseCipherKeySpec", "svce": b"GRDBKeyChainService", "v_Data": bytes(48)},
        {"agrp": "U68MSDN6DR.org.whispersystems.signal", "acct": b"GRDBDatabaseCipherKeySpec", "v_Data": "text, not data"},
        genp("U68MSDN6DR.org.whispersystems.signal", b"GRDBDatabaseCipherKeySpec", b"GRDBKeyChainService",
             b"\x5a" * (4 << 20)),
        genp("U68MSDN6DR.org.whispersystems.signal", b"GRDBDatabaseCipherKeySpec", b"GRDBKeyChainService",
             bytes.fromhex(SIGNAL_IOS_SPEC)[:47]),
        {"agrp": ["array"], "acct": {"dict": 1}},
    ],
}
with open(mk(os.path.join(hroot, "keychain-backup.plist")), "wb") as f:
    plistlib.dump(hostile_kc, f, fmt=plistlib.FMT_XML, sort_keys=True)


# UFED's encrypted export (parsers/ios_keychain.c): per entry, the metadata key sealed with the class key, the
# attributes (DER dictionary) sealed with the metadata key, the secret sealed with the entry's own unwrappedKey;
# each seal an NSKeyedArchiver _SFAuthenticatedCiphertext (AES-256-GCM by mkfx gcm: python has no AES).
def der(tag, body):
    n = len(body)
    ln = bytes([n]) if n < 0x80 else (bytes([0x81, n]) if n < 0x100 else bytes([0x82, n >> 8, n & 0xff]))
    return bytes([tag]) + ln + body


def der_dict(items):
    pairs = []
    for k, v in items:
        val = der(0x04, v) if isinstance(v, bytes) else (der(0x02, bytes([v])) if isinstance(v, int) else der(0x0C, v.encode()))
        pairs.append(der(0x30, der(0x0C, k.encode()) + val))
    return der(0x31, b"".join(pairs))


def seal(key, plain, iv):
    ct, tag = subprocess.check_output([MKFX, "gcm", key.hex(), iv.hex(), plain.hex()]).decode().split()
    objs = ["$null", {"$class": plistlib.UID(5), "SFCiphertext": plistlib.UID(2), "SFAuthenticationCode": plistlib.UID(3),
                      "SFInitializationVector": plistlib.UID(4)},
            bytes.fromhex(ct), bytes.fromhex(tag), iv, {"$classname": "_SFAuthenticatedCiphertext",
                                                         "$classes": ["_SFAuthenticatedCiphertext", "NSObject"]}]
    return plistlib.dumps({"$archiver": "NSKeyedArchiver", "$version": 100000, "$top": {"root": plistlib.UID(1)},
                           "$objects": objs}, fmt=plistlib.FMT_BINARY, sort_keys=True)


CLASS_KEY = bytes(range(0x40, 0x60))


def ufed_entry(row, attrs, secret, table="genp", class_key=CLASS_KEY):
    mkey, ikey = bytes([row]) * 32, bytes([0x80 + row]) * 32
    plain = der_dict([("v_Data", secret)])
    plain += bytes([16 - len(plain) % 16]) * (16 - len(plain) % 16)    # padding after the DER, as exports have
    return {"table": table, "rowID": row, "classKeyIdx": 6,
            "metadata": {"wrappedKey": seal(class_key, mkey, bytes([1]) * 12),
                         "ciphertext": seal(mkey, der_dict(attrs + [("pdmn", "ck")]), bytes([2]) * 12)},
            "data": {"ciphertext": seal(ikey, plain, bytes([3]) * 12), "unwrappedKey": ikey}}


ufed = {"classKeyIdxToUnwrappedMetadataClassKey": {"6": CLASS_KEY},
        "keychainEntries": [
            ufed_entry(1, [("agrp", "U68MSDN6DR.com.apple.mobilesafari"), ("acct", "user@example.com"), ("svce", "x")], b"pw"),
            ufed_entry(2, [("agrp", "U68MSDN6DR.org.whispersystems.signal"), ("acct", "GRDBDatabaseCipherKeySpec")],
                       b"\x77" * 48, class_key=b"\x99" * 32),      # wrapped with another class key: not decrypted
            {"table": "genp", "rowID": 3, "rawData": b"clear"},
            ufed_entry(4, [("agrp", "U68MSDN6DR.org.whispersystems.signal"), ("acct", "GRDBDatabaseCipherKeySpec"),
                           ("svce", "GRDBKeyChainService"), ("sync", 0)], bytes.fromhex(SIGNAL_IOS_SPEC)),
            ufed_entry(5, [("acct", "x")], b"y", table="inet"),
        ]}
with open(mk(os.path.join(ios_root("ios_kc_ufed"), "extra/KeychainDump/backup_keychain_v2.plist")), "wb") as f:
    plistlib.dump(ufed, f, fmt=plistlib.FMT_BINARY, sort_keys=True)

with open(os.path.join(OUT, "keys.txt"), "w") as f:
    f.write("wechat_key=%s\nimei=%s\nuin=%s\nsignal_raw=%s\nwa_root=%s\n" % (WECHAT_KEY, IMEI, UIN, SIGNAL_RAW, WA_ROOT))
