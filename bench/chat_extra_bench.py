#!/usr/bin/env python3
"""chat_extra_bench.py OUTDIR [--messages N] - benchmark databases for the Discord, Signal iOS and Skype s4l
parsers (docs/chat-extra.md), and Samsung RCS and Potato iOS, in the schemas of tests/chat_extra/make_fixtures.py:
N messages each (default 200,000) over 500 conversations, zh/th/vi text, one attachment in 20. Writes OUTDIR/a
(Discord kv-storage), OUTDIR/signal.sqlite, OUTDIR/s4l-bench.db, OUTDIR/rcsim.db, OUTDIR/tgdata.db. Run the parser alone with build/tests/chat_bench DB DEVICE_PATH
PARSER (see docs/performance.md). Deterministic."""
import argparse
import json
import os
import sqlite3
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "chat_extra"))
import make_fixtures as fx  # noqa: E402

T0 = 1700000000000
TEXTS = ["สวัสดีครับ โอนเงินแล้ว", "好的，明天见 %d", "Chào anh, em gửi %d USDT", "ok see you at %d"]


def fresh(path, schema):
    if os.path.exists(path):
        os.remove(path)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.executescript(schema)
    return db


def text(i):
    t = TEXTS[i % len(TEXTS)]
    return t % i if "%d" in t else t


def discord(path, n):
    db = fresh(path, fx.DISCORD_SCHEMA)
    rows = []
    for i in range(n):
        ch = str(900000000000000000 + i % 500)
        author = {"id": fx.DISCORD_ME if i % 3 == 0 else str(222222222222222222 + i % 50), "username": "u%d" % (i % 50)}
        msg = {"id": str(1100000000000000000 + i), "channel_id": ch, "type": 0, "content": text(i),
               "timestamp": "2023-11-%02dT%02d:%02d:%02d.%03d000+00:00" % (1 + i % 28, i % 24, i % 60, (i // 60) % 60, i % 1000),
               "author": author, "mentions": [], "attachments": []}
        if i % 20 == 0:
            msg["attachments"] = [{"filename": "IMG_%d.jpg" % i, "url": "https://cdn.discordapp.com/a/%d.jpg" % i,
                                   "content_type": "image/jpeg", "size": 1000 + i}]
        rows.append(("k%d" % i, ch, fx.discord_blob(msg, ch)))
    db.executemany("INSERT INTO messages0 (c0, c1, c2, c3, c4, c5, data) VALUES (?, ?, 0, 0, 0, 0, ?)", rows)
    db.commit()
    db.close()


def signal_ios(path, n):
    db = fresh(path, fx.SIGNAL_IOS_SCHEMA)
    db.executemany("INSERT INTO model_TSThread (recordType, uniqueId, contactPhoneNumber) VALUES (27, ?, ?)",
                   [("T%d" % t, "+668%08d" % t) for t in range(500)])
    db.executemany("INSERT INTO model_TSInteraction (recordType, uniqueId, receivedAtTimestamp, timestamp, uniqueThreadId, "
                   "authorPhoneNumber, body, read) VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
                   [(21 if i % 3 == 0 else 19, "I%d" % i, T0 + i * 1000 + 5, T0 + i * 1000, "T%d" % (i % 500),
                     None if i % 3 == 0 else "+668%08d" % (i % 500), text(i)) for i in range(n)])
    db.executemany("INSERT INTO model_TSAttachment (recordType, uniqueId, albumMessageId, contentType, localRelativeFilePath, "
                   "sourceFilename) VALUES (3, ?, ?, 'image/jpeg', ?, ?)",
                   [("A%d" % i, "I%d" % i, "/X%d/IMG_%d.jpg" % (i, i), "IMG_%d.jpg" % i) for i in range(0, n, 20)])
    db.execute("CREATE INDEX att_album ON model_TSAttachment(albumMessageId)")
    db.commit()
    db.close()


def skype_s4l(path, n):
    db = fresh(path, fx.S4L_SCHEMA)
    db.execute("INSERT INTO internaldata VALUES ('Cpriv_prefs_v2', ?)", (json.dumps({"value": {"skypeName": "bench.owner"}}),))
    convs = ["8:live:.cid.%d" % c if c % 5 else "19:%032x@thread.skype" % c for c in range(500)]
    db.executemany("INSERT INTO conversationsv14 VALUES (?, ?)",
                   [("C" + c, json.dumps({"conv": {"id": c, "_threadMembers": [{"id": "8:bench.owner"}, {"id": "8:m%d" % k}]}}))
                    for k, c in enumerate(convs)])
    db.executemany("INSERT INTO messagesv12 VALUES (?, ?, ?)",
                   [("M%d" % i, json.dumps({"cuid": str(i), "creator": "8:bench.owner" if i % 3 == 0 else "8:m%d" % (i % 500),
                                            "_isMyMessage": 1 if i % 3 == 0 else 0, "conversationId": convs[i % 500],
                                            "content": text(i), "createdTime": T0 + i * 1000}, ensure_ascii=False), "")
                    for i in range(n)])
    db.commit()
    db.close()


def samsung_rcs(path, n):
    """rcsim.db in ImDBHelper's schema; session/participant keyed by chat_id without an index (as created)."""
    db = fresh(path, fx.SAMSUNG_RCS_SCHEMA)
    chats = ["chat-%d" % c for c in range(500)]
    db.executemany("INSERT INTO session (chat_id, is_group_chat, subject) VALUES (?, ?, ?)",
                   [(c, 1 if k % 5 == 0 else 0, "G%d" % k if k % 5 == 0 else None) for k, c in enumerate(chats)])
    db.executemany("INSERT INTO participant (chat_id, uri, alias) VALUES (?, ?, ?)",
                   [(chats[k % 500], "tel:+668%08d" % k, "p%d" % k) for k in range(2000)])
    db.executemany("INSERT INTO message (_id, is_filetransfer, direction, chat_id, remote_uri, inserted_timestamp, body, "
                   "file_path) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   [(i + 1, 1 if i % 20 == 0 else 0, i % 3 == 0 and 1 or 0, chats[i % 500], "tel:+668%08d" % (i % 2000),
                     T0 + i * 1000, text(i), "/sdcard/RCS/IMG_%d.jpg" % i if i % 20 == 0 else None) for i in range(n)])
    db.commit()
    db.close()


def potato(path, n):
    """tgdata.db (messages_v29 / users_v29 as iLEAPP reads them), 5,000 users."""
    db = fresh(path, fx.POTATO_SCHEMA)
    db.executemany("INSERT INTO users_v29 (uid, first_name, last_name) VALUES (?, ?, ?)",
                   [(1000 + u, "F%d" % u, "L") for u in range(5000)])
    db.executemany("INSERT INTO messages_v29 (mid, cid, message, from_id, to_id, outgoing, date) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   [(i + 1, 1000 + i % 5000, text(i), 1 if i % 3 == 0 else 1000 + i % 5000, 1000 + i % 5000 if i % 3 == 0 else 1,
                     1 if i % 3 == 0 else 0, T0 // 1000 + i) for i in range(n)])
    db.commit()
    db.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--messages", type=int, default=200000)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    discord(os.path.join(a.out, "a"), a.messages)
    signal_ios(os.path.join(a.out, "signal.sqlite"), a.messages)
    skype_s4l(os.path.join(a.out, "s4l-bench.db"), a.messages)
    samsung_rcs(os.path.join(a.out, "rcsim.db"), a.messages)
    potato(os.path.join(a.out, "tgdata.db"), a.messages)


if __name__ == "__main__":
    main()
