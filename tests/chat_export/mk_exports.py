#!/usr/bin/env python3
"""mk_exports.py - writes chat exports (deterministic) under OUTDIR/exports:

  WhatsApp Chat with Boss An.txt      Android, en-GB d/m/yyyy 24 h, multi-line, system lines, media omitted,
                                      an attachment line whose file is beside the export
  WhatsApp Chat with Team.txt         Android, en-US m/d/yy 12 h with U+202F before AM/PM, a group of three
  WhatsApp Chat mit Max.txt           Android, de dd.mm.yy 24 h
  WhatsApp Chat - Mali/_chat.txt      iOS: [d/m/yyyy, HH:MM:SS], U+200E marks, CRLF, <attached: ...> (+ the file)
  ChatExport_2023-11-15/result.json   Telegram Desktop single chat (text as string and as entity array,
                                      reply, forward, photo beside it, service message)
  DataExport_2023-11-15/result.json   Telegram Desktop full export: personal_information + chats.list (2 chats)
Usage: mk_exports.py OUTDIR [--big MB]   (--big writes OUTDIR/big/WhatsApp Chat with Big.txt and
                                           OUTDIR/big/result.json of about MB megabytes each)
"""
import json
import os
import shutil
import sys

OUT = sys.argv[1]
EX = os.path.join(OUT, "exports")
NNBSP = "\u202f"
LRM = "\u200e"


def write(rel, text, newline="\n"):
    p = os.path.join(EX, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "w", encoding="utf-8", newline=newline) as f:
        f.write(text)


def blob(rel, data):
    p = os.path.join(EX, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "wb") as f:
        f.write(data)


def whatsapp():
    write("WhatsApp Chat with Boss An.txt",
          "14/11/2023, 22:13 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even"
          " WhatsApp, can read or listen to them. Tap to learn more.\n"
          "14/11/2023, 22:13 - Boss An: Xin chào, bạn khỏe không?\n"
          "14/11/2023, 22:14 - Somchai: สบายดีครับ\n"
          "second line of the message\n"
          "third line: with a colon\n"
          "15/11/2023, 08:00 - Boss An: <Media omitted>\n"
          "15/11/2023, 08:01 - Somchai: IMG-20231115-WA0001.jpg (file attached)\n"
          "receipt 转账 5000 USDT\n"
          "15/11/2023, 08:02 - Boss An: This message was deleted\n"
          "15/11/2023, 08:03 - Boss An changed the subject to \"Team\"\n")
    blob("IMG-20231115-WA0001.jpg", b"\xff\xd8\xff\xe0" + b"JFIF-test" + b"\x00" * 16)
    write("WhatsApp Chat with Team.txt",
          f"11/14/23, 10:13{NNBSP}PM - Boss An: meeting at 10\n"
          f"11/14/23, 10:15{NNBSP}PM - Li Wei: 好的\n"
          f"11/15/23, 12:05{NNBSP}AM - Somchai: ok boss\n"
          f"11/15/23, 12:30{NNBSP}PM - Li Wei: lunch\n")
    write("WhatsApp Chat mit Max.txt",
          "14.11.23, 22:13 - Max: Hallo zusammen\n"
          "14.11.23, 22:15 - Somchai: Hi Max\n")
    write("WhatsApp Chat - Mali/_chat.txt",
          f"[14/11/2023, 22:13:20] Mali: {LRM}Messages and calls are end-to-end encrypted.\n"
          f"[14/11/2023, 22:13:25] Mali: Sawasdee ka\n"
          f"{LRM}[14/11/2023, 22:14:00] Somchai: {LRM}<attached: 00000012-PHOTO-2023-11-14-22-14-00.jpg>\n"
          f"[15/11/2023, 09:00:01] Mali: {LRM}image omitted\n"
          f"[15/11/2023, 09:00:02] Mali: line one\nline two\n", newline="\r\n")
    blob("WhatsApp Chat - Mali/00000012-PHOTO-2023-11-14-22-14-00.jpg", b"\xff\xd8\xff\xe0photo")


def telegram():
    single = {
        "name": "Boss An", "type": "personal_chat", "id": 6000002,
        "messages": [
            {"id": 1, "type": "message", "date": "2023-11-15T05:13:20", "date_unixtime": "1700000000",
             "from": "Boss An", "from_id": "user6000002", "text": "Xin chào 👋"},
            {"id": 2, "type": "message", "date": "2023-11-15T05:14:20", "date_unixtime": "1700000060",
             "from": "Somchai", "from_id": "user5000001", "reply_to_message_id": 1,
             "text": ["see ", {"type": "link", "text": "https://t.me/x"}, " สบายดี"]},
            {"id": 3, "type": "message", "date": "2023-11-15T05:15:20", "date_unixtime": "1700000120",
             "from": "Boss An", "from_id": "user6000002", "forwarded_from": "Li Wei",
             "photo": "photos/photo_1@15-11-2023_05-15-20.jpg", "width": 10, "height": 10, "text": ""},
            {"id": 4, "type": "service", "date": "2023-11-15T05:16:20", "date_unixtime": "1700000180",
             "actor": "Boss An", "actor_id": "user6000002", "action": "phone_call", "duration_seconds": 30,
             "text": ""},
            {"id": 5, "type": "message", "date": "2023-11-15T05:17:20",
             "from": "Boss An", "from_id": "user6000002", "text": "no unixtime here",
             "edited": "2023-11-15T05:18:00"},
        ],
    }
    blob("ChatExport_2023-11-15/result.json", json.dumps(single, ensure_ascii=False, indent=1).encode())
    blob("ChatExport_2023-11-15/photos/photo_1@15-11-2023_05-15-20.jpg", b"\xff\xd8\xff\xe0tg")
    full = {
        "about": "Here is the data you requested.",
        "personal_information": {"user_id": 5000001, "first_name": "Somchai", "last_name": "Jaidee",
                                 "phone_number": "+66 81 234 5678", "bio": ""},
        "contacts": {"about": "x", "list": [{"first_name": "An", "phone_number": "+84901234567"}]},
        "chats": {"about": "chats", "list": [
            {"name": "Boss An", "type": "personal_chat", "id": 6000002, "messages": [
                {"id": 10, "type": "message", "date": "2023-11-15T05:13:20", "date_unixtime": "1700000000",
                 "from": "Boss An", "from_id": "user6000002", "text": "full export in"},
                {"id": 11, "type": "message", "date": "2023-11-15T05:14:20", "date_unixtime": "1700000060",
                 "from": "Somchai Jaidee", "from_id": "user5000001", "text": "full export out",
                 "file": "(File not included. Change data exporting settings to download.)",
                 "media_type": "video_file"}]},
            {"name": "ทีมงาน Team", "type": "private_supergroup", "id": 1987654321, "messages": [
                {"id": 20, "type": "message", "date": "2023-11-15T06:00:00", "date_unixtime": "1700002800",
                 "from": "Li Wei", "from_id": "user7000003", "text": [{"type": "bold", "text": "开会"}, "!"]},
                {"id": 21, "type": "service", "date": "2023-11-15T06:01:00", "date_unixtime": "1700002860",
                 "actor": "Somchai Jaidee", "actor_id": "user5000001", "action": "invite_members",
                 "members": ["Mali"], "text": ""}]}]},
    }
    blob("DataExport_2023-11-15/result.json", json.dumps(full, ensure_ascii=False, indent=1).encode())


def big(mb):
    d = os.path.join(OUT, "big")
    os.makedirs(d, exist_ok=True)
    target = mb * 1024 * 1024
    with open(os.path.join(d, "WhatsApp Chat with Big.txt"), "w", encoding="utf-8") as f:
        n = 0
        size = 0
        while size < target:
            line = f"{(n % 28) + 1:02d}/11/2023, {n % 24:02d}:{n % 60:02d} - Person {n % 7}: message {n} สวัสดี 你好 " \
                   f"{'x' * (n % 50)}\ncontinuation {n}\n"
            f.write(line)
            size += len(line.encode())
            n += 1
    with open(os.path.join(d, "result.json"), "w", encoding="utf-8") as f:
        f.write('{"name": "Big", "type": "personal_chat", "id": 1, "messages": [\n')
        n = 0
        size = 0
        while size < target:
            m = json.dumps({"id": n, "type": "message", "date": "2023-11-15T05:13:20",
                            "date_unixtime": str(1700000000 + n), "from": "P", "from_id": f"user{n % 5}",
                            "text": ["x " * (n % 40), {"type": "bold", "text": "สวัสดี"}]}, ensure_ascii=False)
            f.write((",\n" if n else "") + m)
            size += len(m) + 2
            n += 1
        f.write("\n]}\n")


shutil.rmtree(EX, ignore_errors=True)
whatsapp()
telegram()
if "--big" in sys.argv:
    big(int(sys.argv[sys.argv.index("--big") + 1]))
