#!/usr/bin/env python3
"""mk_telegram.py - builds a Telegram for Android test dump (deterministic) under OUTDIR/Dump:

  data/data/org.telegram.messenger/files/cache4.db (+ -wal with one row only in the WAL)   account slot 0
  data/data/org.telegram.messenger/files/account1/cache4.db  (older schema: table `messages`) slot 1
  data/data/org.telegram.messenger/shared_prefs/userconfing.xml, userconfig1.xml (base64 TL users)

Tables use the columns of Telegram's MessagesStorage (messages_v2, users, chats, enc_chats, dialogs,
user_contacts_v7, user_phones_v7). TL blobs are written byte by byte (TL: little-endian ints, strings
with a 1-byte length below 254 padded to 4 bytes). Constructors: message 0x94345242 (flags2 layout),
0x38116ee0 (layer 135), 0x85d6cbe2 (layer 133), 0x452c0e65 (old layer, int ids), messageService
0x2b085862, an unknown 0xdeadbeef, and the secret-chat 0x555555fa (not in the decoder's table).
Usage: mk_telegram.py OUTDIR [--tar FILE]
       mk_telegram.py OUTDIR --big N   (only OUTDIR/big/Dump/.../files/cache4.db with N messages: speed)
"""
import base64
import os
import shutil
import sqlite3
import struct
import sys
import tarfile

OUT = sys.argv[1] if len(sys.argv) > 1 else "."
PKG = os.path.join(OUT, "Dump", "data", "data", "org.telegram.messenger")


def u32(v): return struct.pack("<I", v)
def i32(v): return struct.pack("<i", v)
def i64(v): return struct.pack("<q", v)


def tlstr(s):
    b = s.encode("utf-8") if isinstance(s, str) else s
    if len(b) < 254:
        head = bytes([len(b)])
    else:
        head = b"\xfe" + struct.pack("<I", len(b))[:3]
    out = head + b
    return out + b"\x00" * ((4 - len(out) % 4) % 4)


def peer_user(i): return u32(0x59511722) + i64(i)
def peer_chat(i): return u32(0x36c6019a) + i64(i)
def peer_user_legacy(i): return u32(0x9db1bc6d) + i32(i)


def msg_flags2(mid, date, text, frm=None, peer=None, out=False, reply_to=None, fwd=None, media=None,
               entities=None, attach=None, ctor=0x94345242):
    flags = 0
    if out: flags |= 1 << 1
    if frm is not None: flags |= 1 << 8
    if reply_to is not None: flags |= 1 << 3
    if fwd is not None: flags |= 1 << 2
    if media is not None: flags |= 1 << 9
    if entities is not None: flags |= 1 << 7
    b = u32(ctor) + u32(flags)
    if ctor == 0x94345242: b += u32(0)  # flags2
    b += i32(mid)
    if frm is not None: b += frm
    b += peer
    if fwd is not None: b += fwd
    if reply_to is not None: b += u32(0xa6d57763) + u32(0) + i32(reply_to)
    b += i32(date) + tlstr(text)
    if media is not None: b += media
    if entities is not None: b += u32(0x1cb5c415) + i32(len(entities)) + b"".join(entities)
    b += i32(0)  # trailing fields the decoder does not read (views etc.)
    if attach: b += tlstr(attach)
    return b


def user_blob(uid, first, last, username, phone, self_=False, layout="flags2"):
    flags = 1 | (1 << 1) | (1 << 2 if last else 0) | (1 << 3 if username else 0) | (1 << 4 if phone else 0)
    if self_: flags |= 1 << 10
    if layout == "flags2":
        b = u32(0x4b46c37e) + u32(flags) + u32(0) + i64(uid)
    elif layout == "long":
        b = u32(0x3ff6ecb0) + u32(flags) + i64(uid)
    else:
        b = u32(0x938458c1) + u32(flags) + i32(uid)
    b += i64(0x1122334455667788)  # access_hash
    b += tlstr(first)
    if last: b += tlstr(last)
    if username: b += tlstr(username)
    if phone: b += tlstr(phone)
    b += u32(0x09d05049)  # userStatusEmpty: a trailing object
    return b


SCHEMA_V2 = """
CREATE TABLE messages_v2(mid INTEGER, uid INTEGER, read_state INTEGER, send_state INTEGER, date INTEGER,
  data BLOB, out INTEGER, ttl INTEGER, media INTEGER, replydata BLOB, imp INTEGER, mention INTEGER,
  forwards INTEGER, replies_data BLOB, thread_reply_id INTEGER, is_channel INTEGER, reply_to_message_id INTEGER,
  custom_params BLOB, group_id INTEGER, reply_to_story_id INTEGER, PRIMARY KEY(mid, uid));
"""
SCHEMA_OLD = """
CREATE TABLE messages(mid INTEGER PRIMARY KEY, uid INTEGER, read_state INTEGER, send_state INTEGER,
  date INTEGER, data BLOB, out INTEGER, ttl INTEGER, media INTEGER, replydata BLOB, imp INTEGER, mention INTEGER);
"""
SCHEMA_COMMON = """
CREATE TABLE users(uid INTEGER PRIMARY KEY, name TEXT, status INTEGER, data BLOB);
CREATE TABLE chats(uid INTEGER PRIMARY KEY, name TEXT, data BLOB);
CREATE TABLE enc_chats(uid INTEGER PRIMARY KEY, user INTEGER, name TEXT, data BLOB, g BLOB, authkey BLOB,
  ttl INTEGER, layer INTEGER, seq_in INTEGER, seq_out INTEGER, use_count INTEGER, exchange_id INTEGER,
  key_date INTEGER, fprint INTEGER, fauthkey BLOB, khash BLOB, in_seq_no INTEGER, admin_id INTEGER,
  mtproto_seq INTEGER);
CREATE TABLE dialogs(did INTEGER PRIMARY KEY, date INTEGER, unread_count INTEGER, last_mid INTEGER,
  inbox_max INTEGER, outbox_max INTEGER, last_mid_i INTEGER, unread_count_i INTEGER, pts INTEGER,
  date_i INTEGER, pinned INTEGER, flags INTEGER, folder_id INTEGER, data BLOB, unread_reactions INTEGER,
  last_status INTEGER, ttl_period INTEGER);
CREATE TABLE user_contacts_v7(key TEXT PRIMARY KEY, uid INTEGER, fname TEXT, sname TEXT, imported INTEGER);
CREATE TABLE user_phones_v7(key TEXT, phone TEXT, sphone TEXT, deleted INTEGER, PRIMARY KEY (key, phone));
"""

SELF0, BOSS, LI, MALI, SELF1 = 5000001, 6000002, 7000003, 8000004, 9000009
GROUP, ENC = 1234567, 77
ENC_DID = 0x4000000000000000 | ENC
T0 = 1700000000


def add_msg(db, table, mid, did, date, out, data, replydata=None, read_state=1):
    if table == "messages_v2":
        db.execute("INSERT INTO messages_v2(mid, uid, read_state, send_state, date, data, out, ttl, media, replydata,"
                   " imp, mention) VALUES(?,?,?,?,?,?,?,0,0,?,0,0)", (mid, did, read_state, 0, date, data, out, replydata))
    else:
        db.execute("INSERT INTO messages(mid, uid, read_state, send_state, date, data, out, ttl, media, replydata,"
                   " imp, mention) VALUES(?,?,?,?,?,?,?,0,0,?,0,0)", (mid, did, read_state, 0, date, data, out, replydata))


def add_user(db, uid, first, last, username, phone, layout="flags2", self_=False):
    name = (first + (" " + last if last else "")).lower() + (";;;" + username.lower() if username else "")
    db.execute("INSERT INTO users VALUES(?,?,?,?)", (uid, name, 0, user_blob(uid, first, last, username, phone,
                                                                             self_, layout)))


def account0(path):
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA wal_autocheckpoint=0")
    db.executescript(SCHEMA_V2 + SCHEMA_COMMON)
    add_user(db, SELF0, "Somchai", "Jaidee", "somchai_j", "66812345678", self_=True)
    add_user(db, BOSS, "Nguyễn Văn", "An", "boss_an", "84901234567")
    add_user(db, LI, "李伟", None, None, "8613800138000", layout="int")
    add_user(db, MALI, "Worker", "Mali", None, None, layout="long")
    # basic group chat#41cbf256: flags id:long title ...
    title = "ทีมงาน Team 公告"
    chat = u32(0x41cbf256) + u32(0) + i64(GROUP) + tlstr(title) + u32(0x37c1011c)
    db.execute("INSERT INTO chats VALUES(?,?,?)", (GROUP, title.lower(), chat))
    db.execute("INSERT INTO enc_chats(uid, user, name, data, ttl, layer) VALUES(?,?,?,?,0,101)",
               (ENC, LI, "李伟", b"\x00" * 8))
    for did, last in ((BOSS, 108), (-GROUP, 105), (LI, 106), (ENC_DID, 110)):
        db.execute("INSERT INTO dialogs(did, date, unread_count, last_mid) VALUES(?,?,?,?)", (did, T0, 0, last))
    db.execute("INSERT INTO user_contacts_v7 VALUES('k1', ?, 'An', 'Nguyen', 1)", (BOSS,))
    db.execute("INSERT INTO user_contacts_v7 VALUES('k2', 0, 'Mae', 'Noi', 1)")
    db.execute("INSERT INTO user_phones_v7 VALUES('k1', '+84 90 123 45 67', '84901234567', 0)")
    db.execute("INSERT INTO user_phones_v7 VALUES('k2', '081 234 5679', '0812345679', 0)")

    T = "messages_v2"
    m101 = msg_flags2(101, T0, "Xin chào, bạn khỏe không?", frm=peer_user(BOSS), peer=peer_user(SELF0))
    add_msg(db, T, 101, BOSS, T0, 0, m101)
    m102 = msg_flags2(102, T0 + 60, "สบายดีครับ", frm=peer_user(SELF0), peer=peer_user(BOSS), out=True, reply_to=101)
    add_msg(db, T, 102, BOSS, T0 + 60, 1, m102, replydata=m101)
    fwd = u32(0x5f777dce) + u32(1) + peer_user(MALI) + i32(1699990000)
    m103 = msg_flags2(103, T0 + 120, "转发: 明天上午十点开会", frm=peer_user(LI), peer=peer_chat(GROUP), fwd=fwd,
                      ctor=0x38116ee0)
    add_msg(db, T, 103, -GROUP, T0 + 120, 0, m103)
    photo = u32(0x695150d7) + u32(0)  # messageMediaPhoto, no photo object (flags 0)
    m104 = msg_flags2(104, T0 + 180, "", frm=peer_user(SELF0), peer=peer_chat(GROUP), out=True, media=photo,
                      attach="/storage/emulated/0/Telegram/Telegram Images/104.jpg")
    add_msg(db, T, 104, -GROUP, T0 + 180, 1, m104)
    svc = (u32(0x2b085862) + u32(1 << 8) + i32(105) + peer_user(LI) + peer_chat(GROUP) + i32(T0 + 240)
           + u32(0x15cefd00) + u32(0x1cb5c415) + i32(1) + i64(MALI))
    add_msg(db, T, 105, -GROUP, T0 + 240, 0, svc)
    old = u32(0x452c0e65) + u32(1 << 8) + i32(106) + i32(LI) + peer_user_legacy(SELF0) + i32(1600000000) \
        + tlstr("Old layer hello") + i32(0)
    add_msg(db, T, 106, LI, 1600000000, 0, old)
    unk = u32(0xdeadbeef) + u32(0x12) + i64(42) + i32(T0 + 300) + tlstr("Unknown ctor text บันทึก") + u32(7)
    add_msg(db, T, 107, BOSS, T0 + 300, 0, unk)
    ents = [u32(0x76a6d327) + i32(0) + i32(4) + tlstr("https://t.me/x"), u32(0xbd610bc9) + i32(5) + i32(4)]
    m108 = msg_flags2(108, T0 + 360, "Link here", frm=peer_user(BOSS), peer=peer_user(SELF0), entities=ents)
    add_msg(db, T, 108, BOSS, T0 + 360, 0, m108)
    sec = u32(0x555555fa) + u32(1 << 8) + i32(110) + i32(30) + i32(LI) + peer_user_legacy(SELF0) \
        + i32(T0 + 480) + tlstr("secret hi") + i32(0)
    add_msg(db, T, 110, ENC_DID, T0 + 480, 0, sec)
    db.commit()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # a row only in the WAL (copied while the connection is open, so the WAL is not checkpointed)
    m109 = msg_flags2(109, T0 + 420, "WAL only 删除", frm=peer_user(SELF0), peer=peer_user(BOSS), out=True)
    add_msg(db, T, 109, BOSS, T0 + 420, 1, m109)
    db.commit()
    return db


def account1(path):
    db = sqlite3.connect(path)
    db.executescript(SCHEMA_OLD + SCHEMA_COMMON)
    add_user(db, SELF1, "Dara", "Sok", None, "85512345678", layout="long", self_=True)
    add_user(db, BOSS, "Nguyễn Văn", "An", "boss_an", "84901234567", layout="long")
    a = msg_flags2(201, T0 + 1000, "Account two message", frm=peer_user(BOSS), peer=peer_user(SELF1), ctor=0x85d6cbe2)
    add_msg(db, "messages", 201, BOSS, T0 + 1000, 0, a)
    b = msg_flags2(202, T0 + 1060, "ok", frm=peer_user(SELF1), peer=peer_user(BOSS), out=True, ctor=0x85d6cbe2)
    add_msg(db, "messages", 202, BOSS, T0 + 1060, 1, b)
    db.commit()
    db.close()


def postbox_msg(incoming, text, author=None, fwd=None):
    """An intermediate message value of Telegram iOS postbox (little-endian)."""
    b = bytes([0]) + struct.pack("<II", 7, 1) + bytes([0])          # type, stableId, stableVersion, dataFlags
    b += struct.pack("<II", 4 if incoming else 0, 0)                 # flags (4 = incoming), tags
    if fwd:
        b += bytes([0]) if fwd is None else bytes([1]) + struct.pack("<qi", fwd[0], fwd[1])
    else:
        b += bytes([0])
    b += (bytes([1]) + struct.pack("<q", author)) if author else bytes([0])
    t = text.encode()
    return b + struct.pack("<i", len(t)) + t + struct.pack("<iii", 0, 0, 0)


def ios_db(path):
    """Telegram iOS postbox/db/db_sqlite: key-value tables t0, t2, t7 (WITHOUT ROWID, binary keys)."""
    db = sqlite3.connect(path)
    for t in ("t0", "t2", "t6", "t7"):
        db.execute(f"CREATE TABLE {t} (key BLOB PRIMARY KEY, value BLOB) WITHOUT ROWID")
    peer = 0x0000000000000000 | BOSS
    rows = [(peer, 0, T0, 1, postbox_msg(True, "iOS สวัสดี", author=BOSS)),
            (peer, 0, T0 + 60, 2, postbox_msg(False, "iOS reply 好", author=SELF0)),
            (peer, 0, T0 + 120, 3, postbox_msg(True, "fwd", author=BOSS, fwd=(LI, T0 - 100))),
            (peer, 0, T0 + 180, 4, b"\x05garbage")]
    for p_, ns, ts, mid, val in rows:
        db.execute("INSERT INTO t7 VALUES(?,?)", (struct.pack(">qiii", p_, ns, ts, mid), val))
    db.commit()
    db.close()


def big_db(path, n):
    """A cache4.db of n messages in 1,000 dialogs (500 users, 500 groups) for speed measurements."""
    db = sqlite3.connect(path)
    db.executescript(SCHEMA_V2 + SCHEMA_COMMON)
    add_user(db, SELF0, "Somchai", "Jaidee", "somchai_j", "66812345678", self_=True)
    for u in range(500):
        add_user(db, 10000 + u, f"User {u}", "ผู้ใช้", None, f"6681{u:07d}")
    for g in range(500):
        t = f"Group {g} 群"
        db.execute("INSERT INTO chats VALUES(?,?,?)",
                   (20000 + g, t.lower(), u32(0x41cbf256) + u32(0) + i64(20000 + g) + tlstr(t)))
    rows = []
    for k in range(n):
        d = k % 1000
        frm = 10000 + (k % 500)
        did = frm if d < 500 else -(20000 + d - 500)
        peer = peer_user(SELF0) if did > 0 else peer_chat(-did)
        out = k % 3 == 0
        blob = msg_flags2(k + 1, T0 + k, f"message {k} สวัสดี 你好 xin chào", frm=peer_user(SELF0 if out else frm),
                          peer=peer, out=out)
        rows.append((k + 1, did, 1, 0, T0 + k, blob, 1 if out else 0))
    db.executemany("INSERT INTO messages_v2(mid, uid, read_state, send_state, date, data, out) VALUES(?,?,?,?,?,?,?)",
                   rows)
    db.commit()
    db.close()


def prefs(path, blob):
    b64 = base64.encodebytes(blob).decode()  # wrapped at 76 columns, like android.util.Base64.DEFAULT
    with open(path, "w") as f:
        f.write("<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n"
                '    <int name="lastContactsSyncTime" value="1700000000" />\n'
                f'    <string name="user">{b64}</string>\n</map>\n')


def main():
    if "--big" in sys.argv:
        n = int(sys.argv[sys.argv.index("--big") + 1])
        d = os.path.join(OUT, "big", "Dump", "data", "data", "org.telegram.messenger", "files")
        os.makedirs(d, exist_ok=True)
        p = os.path.join(d, "cache4.db")
        if os.path.exists(p): os.remove(p)
        big_db(p, n)
        return
    shutil.rmtree(os.path.join(OUT, "Dump"), ignore_errors=True)
    files = os.path.join(PKG, "files")
    os.makedirs(os.path.join(files, "account1"))
    os.makedirs(os.path.join(PKG, "shared_prefs"))
    live = os.path.join(OUT, "live0.db")
    for p in (live, live + "-wal", live + "-shm"):
        if os.path.exists(p): os.remove(p)
    db = account0(live)
    shutil.copyfile(live, os.path.join(files, "cache4.db"))
    shutil.copyfile(live + "-wal", os.path.join(files, "cache4.db-wal"))
    assert os.path.getsize(os.path.join(files, "cache4.db-wal")) > 32, "the -wal holds no frames"
    db.close()
    for p in (live, live + "-wal", live + "-shm"):
        if os.path.exists(p): os.remove(p)
    account1(os.path.join(files, "account1", "cache4.db"))
    prefs(os.path.join(PKG, "shared_prefs", "userconfing.xml"),
          user_blob(SELF0, "Somchai", "Jaidee", "somchai_j", "66812345678", True))
    prefs(os.path.join(PKG, "shared_prefs", "userconfig1.xml"),
          user_blob(SELF1, "Dara", "Sok", None, "85512345678", True, layout="long"))
    ios = os.path.join(OUT, "Dump", "private", "var", "mobile", "Containers", "Shared", "AppGroup", "A1B2",
                       "telegram-data", "account-123", "postbox", "db")
    os.makedirs(ios)
    ios_db(os.path.join(ios, "db_sqlite"))
    if "--tar" in sys.argv:
        tar = sys.argv[sys.argv.index("--tar") + 1]
        with tarfile.open(tar, "w", format=tarfile.PAX_FORMAT) as t:
            for root, dirs, fs in sorted(os.walk(os.path.join(OUT, "Dump"))):
                dirs.sort()
                for name in sorted(fs):
                    full = os.path.join(root, name)
                    info = t.gettarinfo(full, os.path.relpath(full, OUT))
                    info.mtime = T0
                    info.uid = info.gid = 0
                    info.uname = info.gname = ""
                    with open(full, "rb") as f:
                        t.addfile(info, f)


if __name__ == "__main__":
    main()
