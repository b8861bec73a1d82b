#!/usr/bin/env python3
"""make_dumps.py OUTDIR - two small phone dumps (directory evidence) for tests/merge, deterministic.

  OUTDIR/phoneA/data/data/com.android.providers.telephony/databases/mmssms.db
      SMS with +66812345678 (shared) and +84901111111 (only on A)
  OUTDIR/phoneA/sdcard/notes.txt    the shared TRON address, a BTC address only on A
  OUTDIR/phoneB/.../mmssms.db       SMS with +66812345678 (shared, written 0812345678 in TH national
                                    form is NOT used: the same E.164 text) and +85512222222 (only on B)
  OUTDIR/phoneB/sdcard/wallet.txt   the shared TRON address

The TRON address is the USDT-TRC20 contract address (a real, checksum-valid base58check address), the
BTC address the genesis block's; both are public.
"""
import os
import sqlite3
import sys

OUT = sys.argv[1]
TRON = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
BTC = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"
SHARED_PHONE = "+66812345678"

SCHEMA = """
CREATE TABLE sms (_id INTEGER PRIMARY KEY, thread_id INTEGER, address TEXT, person INTEGER, date INTEGER,
  date_sent INTEGER DEFAULT 0, protocol INTEGER, read INTEGER DEFAULT 0, status INTEGER DEFAULT -1, type INTEGER,
  reply_path_present INTEGER, subject TEXT, body TEXT, service_center TEXT, locked INTEGER DEFAULT 0,
  sub_id INTEGER DEFAULT -1, error_code INTEGER DEFAULT 0, creator TEXT, seen INTEGER DEFAULT 0);
CREATE TABLE threads (_id INTEGER PRIMARY KEY AUTOINCREMENT, date INTEGER DEFAULT 0, message_count INTEGER DEFAULT 0,
  recipient_ids TEXT, snippet TEXT, snippet_cs INTEGER DEFAULT 0, read INTEGER DEFAULT 1, archived INTEGER DEFAULT 0,
  type INTEGER DEFAULT 0, error INTEGER DEFAULT 0, has_attachment INTEGER DEFAULT 0);
CREATE TABLE canonical_addresses (_id INTEGER PRIMARY KEY AUTOINCREMENT, address TEXT);
"""
INS = "INSERT INTO sms(_id, thread_id, address, date, date_sent, read, type, body) VALUES (?,?,?,?,?,?,?,?)"


def dump(name, sms, files):
    root = os.path.join(OUT, name)
    db = os.path.join(root, "data/data/com.android.providers.telephony/databases/mmssms.db")
    os.makedirs(os.path.dirname(db), exist_ok=True)
    if os.path.exists(db):
        os.remove(db)
    con = sqlite3.connect(db)
    con.executescript(SCHEMA)
    for i, (addr, t, typ, body) in enumerate(sms, 1):
        con.execute(INS, (i, i, addr, t, t - 1000, 1, typ, body))
        # one thread per SMS, its participant in canonical_addresses, as TelephonyProvider keeps them
        con.execute("INSERT INTO canonical_addresses(_id, address) VALUES (?, ?)", (i, addr))
        con.execute("INSERT INTO threads(_id, date, message_count, recipient_ids) VALUES (?, ?, 1, ?)", (i, t, str(i)))
    con.commit()
    con.close()
    os.makedirs(os.path.join(root, "sdcard"), exist_ok=True)
    for fname, text in files.items():
        with open(os.path.join(root, "sdcard", fname), "w", encoding="utf-8") as f:
            f.write(text)
    # fixed times: the walk records them, and the two ingests must see the same bytes and metadata
    for d, _, fs in os.walk(root):
        for x in fs + [""]:
            os.utime(os.path.join(d, x) if x else d, (1700000000, 1700000000))


dump("phoneA",
     [(SHARED_PHONE, 1700000000000, 1, "send the USDT to " + TRON),
      ("+84901111111", 1700000100000, 2, "ok boss")],
     {"notes.txt": "deposit address " + TRON + "\nold wallet " + BTC + "\n"})
dump("phoneB",
     [(SHARED_PHONE, 1700000200000, 2, "payment done"),
      ("+85512222222", 1700000300000, 1, "where is the money")],
     {"wallet.txt": "my tron wallet: " + TRON + "\n"})
