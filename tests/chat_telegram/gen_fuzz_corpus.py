#!/usr/bin/env python3
"""gen_fuzz_corpus.py - writes the seed corpora of the Telegram and chat-export fuzz harnesses into
tests/fuzz/corpus/{tl,chat_telegram,chat_export_whatsapp,chat_export_telegram}/ (deterministic).
Seeds reuse the fixture builders (mk_telegram.py, mk_exports.py) so they follow the real formats.
Usage: python3 tests/chat_telegram/gen_fuzz_corpus.py [CORPUS_DIR]
"""
import os
import sqlite3
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import mk_telegram as tg  # noqa: E402

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "fuzz", "corpus")


def put(h, name, data):
    d = os.path.join(OUT, h)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


# --- tl: message/user/chat blobs (the harness uses the whole input as one blob) ---------------
P = tg.peer_user
put("tl", "flags2_text", tg.msg_flags2(1, 1700000000, "สวัสดี hello", frm=P(5), peer=P(6)))
put("tl", "reply", tg.msg_flags2(2, 1700000000, "re", frm=P(5), peer=P(6), out=True, reply_to=1))
put("tl", "forward", tg.msg_flags2(3, 1700000000, "fwd", frm=P(5), peer=tg.peer_chat(9), ctor=0x38116ee0,
                                   fwd=tg.u32(0x5f777dce) + tg.u32(1 | 32) + P(7) + tg.tlstr("name") + tg.i32(5)))
put("tl", "media_attach", tg.msg_flags2(4, 1700000000, "", frm=P(5), peer=P(6), media=tg.u32(0x695150d7) + tg.u32(0),
                                        attach="/storage/emulated/0/a.jpg"))
put("tl", "entities", tg.msg_flags2(5, 1700000000, "Link", frm=P(5), peer=P(6),
                                    entities=[tg.u32(0x76a6d327) + tg.i32(0) + tg.i32(4) + tg.tlstr("https://x")]))
put("tl", "service", tg.u32(0x2b085862) + tg.u32(1 << 8) + tg.i32(105) + P(7) + tg.peer_chat(9) + tg.i32(1700000000)
    + tg.u32(0xb5a1ce5a) + tg.tlstr("title"))
put("tl", "old_int", tg.u32(0x452c0e65) + tg.u32(1 << 8) + tg.i32(1) + tg.i32(7) + tg.peer_user_legacy(5)
    + tg.i32(1600000000) + tg.tlstr("old") + tg.i32(0))
put("tl", "unknown", tg.u32(0xdeadbeef) + tg.i32(1700000000) + tg.tlstr("x" * 300))
put("tl", "user_flags2", tg.user_blob(5, "Somchai", "Jaidee", "s", "66812345678", True))
put("tl", "user_int", tg.user_blob(7, "李伟", None, None, "8613800138000", layout="int"))
put("tl", "chat", tg.u32(0x41cbf256) + tg.u32(0) + tg.i64(9) + tg.tlstr("group"))

# --- chat_telegram: small cache4.db files (page size 512) ---------------------------------------
with tempfile.TemporaryDirectory() as d:
    for name, fn in (("account0", tg.account0), ("legacy", tg.account1)):
        p = os.path.join(d, name + ".db")
        db = fn(p)
        if db is not None:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            db.close()
        small = os.path.join(d, name + "-small.db")
        src = sqlite3.connect(p)
        dst = sqlite3.connect(small)
        dst.execute("PRAGMA page_size=512")
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
        dst.execute("VACUUM")
        dst.close()
        src.close()
        with open(small, "rb") as f:
            put("chat_telegram", name, f.read())

    ios = os.path.join(d, "ios.db")
    tg.ios_db(ios)
    with open(ios, "rb") as f:
        put("chat_telegram", "ios_postbox", f.read())

# --- exports -------------------------------------------------------------------------------
NN = "\u202f"
put("chat_export_whatsapp", "android_gb", "14/11/2023, 22:13 - Boss An: Xin chào\nmore\n"
    "15/11/2023, 08:00 - Boss An: <Media omitted>\n15/11/2023, 08:01 - S: IMG-1.jpg (file attached)\ncap\n"
    "15/11/2023, 08:03 - Boss An changed the subject\n")
put("chat_export_whatsapp", "android_us", f"11/14/23, 10:13{NN}PM - A: x\n11/15/23, 12:05{NN}AM - B: y\n")
put("chat_export_whatsapp", "ios", "[14/11/2023, 22:13:20] Mali: \u200eimage omitted\r\n\u200e[14/11/2023, 22:14:00] S: "
    "\u200e<attached: 0001-PHOTO.jpg>\r\nline\r\n")
put("chat_export_whatsapp", "de_th", "14.11.23, 22:13 - Max: Hallo\n14/11/2566 22:13 - สมชาย: สวัสดี\n")
put("chat_export_telegram", "single", '{"name":"A","type":"personal_chat","id":1,"messages":[{"id":1,"type":"message",'
    '"date":"2023-11-15T05:13:20","date_unixtime":"1700000000","from":"A","from_id":"user1","text":["a",'
    '{"type":"bold","text":"b"}]},{"id":2,"type":"service","date":"2023-11-15T05:13:20","actor":"A",'
    '"actor_id":"user1","action":"phone_call","text":""}]}')
put("chat_export_telegram", "full", '{"about":"x","personal_information":{"user_id":1,"phone_number":"+66 81 234 5678"},'
    '"chats":{"about":"y","list":[{"name":"B","type":"private_group","id":2,"messages":[{"id":3,"type":"message",'
    '"date_unixtime":"1700000000","from":"B","from_id":"user2","text":"hi","reply_to_message_id":1,'
    '"photo":"photos/p.jpg"}]}]},"left_chats":{"list":[]}}')
