#!/usr/bin/env python3
"""gen_recover_dbs.py OUTDIR - the recovery tests' databases, built with python3's sqlite3 in known
ways (deterministic: fixed rows, fixed deletes). One database per scenario; the C tests
(test_sqlite_recover.c) assert the exact rows recovered from each."""
import os
import shutil
import sqlite3
import sys

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)

# WhatsApp msgstore.db "message" table (Android, 2.21+; a subset of its columns in their real order).
WA_MESSAGE = ("CREATE TABLE message(_id INTEGER PRIMARY KEY AUTOINCREMENT, chat_row_id INTEGER NOT NULL,"
              " from_me INTEGER NOT NULL, key_id TEXT NOT NULL, sender_jid_row_id INTEGER, status INTEGER,"
              " broadcast INTEGER, recipient_count INTEGER, participant_hash TEXT, origination_flags INTEGER,"
              " origin INTEGER, timestamp INTEGER, received_timestamp INTEGER, receipt_server_timestamp INTEGER,"
              " message_type INTEGER, text_data TEXT, starred INTEGER, lookup_tables INTEGER,"
              " message_add_on_flags INTEGER, sort_id INTEGER NOT NULL DEFAULT 0)")
# Android mmssms.db "sms" table (AOSP telephony provider).
SMS = ("CREATE TABLE sms (_id INTEGER PRIMARY KEY,thread_id INTEGER,address TEXT,person INTEGER,date INTEGER,"
       "date_sent INTEGER DEFAULT 0,protocol INTEGER,read INTEGER DEFAULT 0,status INTEGER DEFAULT -1,"
       "type INTEGER,reply_path_present INTEGER,subject TEXT,body TEXT,service_center TEXT,locked INTEGER DEFAULT 0,"
       "sub_id INTEGER DEFAULT -1, error_code INTEGER DEFAULT -1,creator TEXT,seen INTEGER DEFAULT 0)")


def fresh(name):
    p = os.path.join(OUT, name)
    for s in ("", "-wal", "-journal", "-shm"):
        if os.path.exists(p + s):
            os.remove(p + s)
    return p


def wa_row(db, i, text=None):
    db.execute("INSERT INTO message(_id,chat_row_id,from_me,key_id,sender_jid_row_id,status,timestamp,"
               "received_timestamp,message_type,text_data,starred,sort_id) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)",
               (i, 1 + i % 3, i % 2, "3EB0%06X" % i, 7 if i % 2 == 0 else None, 13, 1700000000000 + i * 1000,
                1700000000500 + i * 1000, 0, text if text is not None else "wa message %d" % i, 0, i))


def whatsapp(name, page_size=4096, secure=0, vacuum="none", encoding=None, delete=(5, 17, 30), n=40, do_vacuum=False):
    p = fresh(name)
    db = sqlite3.connect(p)
    if encoding:
        db.execute("PRAGMA encoding='%s'" % encoding)
    db.execute("PRAGMA page_size=%d" % page_size)
    db.execute("PRAGMA auto_vacuum=%s" % vacuum)
    db.execute("PRAGMA secure_delete=%d" % secure)
    db.execute(WA_MESSAGE)
    for i in range(1, n + 1):
        wa_row(db, i)
    db.commit()
    db.execute("DELETE FROM message WHERE _id IN (%s)" % ",".join(str(d) for d in delete))
    db.commit()
    if do_vacuum:
        db.execute("VACUUM")
    db.close()


# 1. single cells deleted from a page that keeps other rows, page sizes 512..65536
for ps in (512, 1024, 4096, 65536):
    whatsapp("wa_ps%d.db" % ps, page_size=ps)
# 2. UTF-16 encodings
whatsapp("wa_utf16le.db", encoding="UTF-16le")
whatsapp("wa_utf16be.db", encoding="UTF-16be")
# 3. no false positives: secure_delete on, and VACUUM
whatsapp("wa_secure.db", secure=1)
whatsapp("wa_vacuum.db", do_vacuum=True)
# 4. whole pages freed (rows 101..400 of 400 on 1 KiB pages), auto_vacuum none / incremental / full
for av in ("none", "incremental", "full"):
    whatsapp("wa_pages_%s.db" % av, page_size=1024, vacuum=av, n=400, delete=range(101, 401))

# 5. a long message (rowid 3) with overflow pages, deleted; 1 KiB pages
def overflow_db(name, note_before=False, note_after=False):
    p = fresh(name)
    db = sqlite3.connect(p)
    db.execute("PRAGMA page_size=1024")
    db.execute("PRAGMA secure_delete=0")
    db.execute(WA_MESSAGE)
    if note_before or note_after:
        db.execute("CREATE TABLE note(_id INTEGER PRIMARY KEY, body TEXT)")
    if note_before:   # its freed pages make the freelist trunk first
        db.execute("INSERT INTO note VALUES(1, ?)", ("x" * 3000,))
    for i in range(1, 6):
        wa_row(db, i, text=("long message %d " % i) * (300 if i == 3 else 1))
    db.commit()
    if note_before:
        db.execute("DELETE FROM note")
        db.commit()
    db.execute("DELETE FROM message WHERE _id=3")
    db.commit()
    if note_after:    # a live row of another table reuses the freed overflow pages
        db.execute("INSERT INTO note VALUES(1, ?)", ("reused page text of a live note " * 200,))
        db.commit()
    db.close()
    return p

# 5a. its first freed overflow page became the freelist trunk
overflow_db("wa_overflow.db")
# 5b. the freed overflow pages were reused by a live row of another table afterwards: the deleted
#     message keeps its page-local beginning, nothing of the new row is appended
overflow_db("wa_overflow_reused.db", note_after=True)
# 5c. the freed overflow pages stay freelist leaves (a trunk existed before: a freed page of another
#     table), so the deleted message's chain is whole; and a copy whose chain loops (its second
#     overflow page names the first), which must end at the loop, not repeat the bytes
p = overflow_db("wa_overflow_leaf.db", note_before=True)
b = bytearray(open(p, "rb").read())
ps = 1024
nxt = {}
for pg in range(2, len(b) // ps + 1):
    o = (pg - 1) * ps
    if b"message 3 long" in b[o + 4:o + 40] or b"ge 3 long mess" in b[o + 4:o + 40]:
        nxt[pg] = int.from_bytes(b[o:o + 4], "big")
first = [pg for pg in nxt if pg not in nxt.values()]
assert len(first) == 1 and len(nxt) >= 3, nxt
second = nxt[first[0]]
b[(second - 1) * ps:(second - 1) * ps + 4] = first[0].to_bytes(4, "big")
open(os.path.join(os.path.dirname(p), "wa_overflow_loop.db"), "wb").write(b)

# 5d. index b-trees and a WITHOUT ROWID table lose cells and whole pages too: rows 101..400 deleted
#     with WhatsApp's message_key_index (chat_row_id, from_me, key_id) and a WITHOUT ROWID table whose
#     rows are deleted; recovery reads table b-trees only, so the freed index / WITHOUT ROWID cells must
#     not come back as message rows (docs/recovery.md "What is not recovered")
p = fresh("wa_index.db")
db = sqlite3.connect(p)
db.execute("PRAGMA page_size=1024")
db.execute("PRAGMA secure_delete=0")
db.execute(WA_MESSAGE)
db.execute("CREATE UNIQUE INDEX message_key_index ON message(chat_row_id, from_me, key_id)")
db.execute("CREATE TABLE props(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID")
for i in range(1, 401):
    wa_row(db, i)
    db.execute("INSERT INTO props VALUES(?, ?)", ("prop %d" % i, "wa message %d" % i))
db.commit()
db.execute("DELETE FROM message WHERE _id > 100")
db.execute("DELETE FROM props")
db.commit()
db.close()

# 6. WAL: a message edited (old version in an older frame) and one deleted after the checkpoint;
#    then a second WAL generation (salts change after a checkpoint restart) leaves older frames
p = fresh("wa_wal.db")
db = sqlite3.connect(p)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA wal_autocheckpoint=0")
db.execute("PRAGMA secure_delete=0")
db.execute(WA_MESSAGE)
for i in range(1, 11):
    wa_row(db, i)
db.commit()
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
db.execute("UPDATE message SET text_data='edited text of 4' WHERE _id=4")
db.commit()
db.execute("DELETE FROM message WHERE _id=8")
db.commit()
shutil.copy(p, p + ".keep")
shutil.copy(p + "-wal", p + "-wal.keep")
db.close()
os.replace(p + ".keep", p)
os.replace(p + "-wal.keep", p + "-wal")

# 7. two WAL generations: generation 1 holds a message later deleted; checkpoint; generation 2
#    (new salts) overwrites the start of the WAL with fewer frames, so generation 1's tail remains
p = fresh("wa_wal2.db")
db = sqlite3.connect(p)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA wal_autocheckpoint=0")
db.execute("PRAGMA secure_delete=0")
db.execute(WA_MESSAGE)
db.commit()
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
for i in range(1, 4):
    wa_row(db, i)
    db.commit()
db.execute("PRAGMA wal_checkpoint(PASSIVE)")
db.execute("DELETE FROM message WHERE _id=2")
db.commit()
shutil.copy(p, p + ".keep")
shutil.copy(p + "-wal", p + "-wal.keep")
db.close()
os.replace(p + ".keep", p)
os.replace(p + "-wal.keep", p + "-wal")

# 8. rollback journal (PERSIST, as some Android apps use): the deleted rows' page is zeroed in the
#    database (secure_delete) but its pre-transaction image stays in the journal after the commit
p = fresh("sms_journal.db")
db = sqlite3.connect(p)
db.execute("PRAGMA journal_mode=PERSIST")
db.execute(SMS)
for i in range(1, 21):
    db.execute("INSERT INTO sms(_id,thread_id,address,date,date_sent,read,type,body,seen) VALUES(?,?,?,?,?,?,?,?,?)",
               (i, 1 + i % 2, "+6681234%04d" % i, 1700000000000 + i, 1700000000000 + i, 1, 1 + i % 2, "sms body %d" % i, 1))
db.commit()
db.execute("PRAGMA secure_delete=1")
db.execute("DELETE FROM sms WHERE _id IN (3, 11)")
db.commit()
db.close()

# 9. SMS with deletes (mmssms.db)
p = fresh("sms.db")
db = sqlite3.connect(p)
db.execute("PRAGMA secure_delete=0")
db.execute(SMS)
for i in range(1, 31):
    db.execute("INSERT INTO sms(_id,thread_id,address,date,date_sent,read,type,body,seen) VALUES(?,?,?,?,?,?,?,?,?)",
               (i, 1 + i % 2, "+6681234%04d" % i, 1700000000000 + i, 1700000000000 + i, 1, 1 + i % 2,
                "โอนเงินด่วน %d" % i, 1))
db.commit()
db.execute("DELETE FROM sms WHERE _id IN (2, 21)")
db.commit()
db.close()

# 10. no row deleted, two rows updated: receipts arrive (status and receipt_server_timestamp change),
#     the cells grow and the old ones are freed. With WhatsApp's UNIQUE message_key_index the old
#     copies are older versions of the live rows 10 and 20, never deleted messages (false positive)
p = fresh("wa_update.db")
db = sqlite3.connect(p)
db.execute("PRAGMA secure_delete=0")
db.execute(WA_MESSAGE)
db.execute("CREATE UNIQUE INDEX message_key_index ON message(chat_row_id, from_me, key_id)")
for i in range(1, 41):
    wa_row(db, i)
db.commit()
db.execute("UPDATE message SET status=5, receipt_server_timestamp=1700000099000 WHERE _id IN (10, 20)")
db.commit()
db.close()

# 11. nothing deleted: 300 messages of random lengths inserted in random order, one transaction each,
#     in WAL mode on 512-byte pages (page splits leave stale bytes in the gaps of rebuilt pages, every
#     older frame holds live rows). No record may come back; the stale bytes once decoded as a row of
#     NULLs in NOT NULL columns (a false positive)
import random
rnd = random.Random(7)
p = fresh("wa_nodelete_wal.db")
db = sqlite3.connect(p, isolation_level=None)
db.execute("PRAGMA page_size=512")
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA wal_autocheckpoint=0")
db.execute("PRAGMA secure_delete=0")
db.execute(WA_MESSAGE)
ids = list(range(1, 301))
rnd.shuffle(ids)
for i in ids:
    db.execute("BEGIN")
    wa_row(db, i, "msg %d %s" % (i, "x" * rnd.randint(0, 120)))
    db.execute("COMMIT")
shutil.copy(p, p + ".keep")
shutil.copy(p + "-wal", p + "-wal.keep")
db.close()
os.replace(p + ".keep", p)
os.replace(p + "-wal.keep", p + "-wal")

# 12. two tables of the same shape; every row of the second deleted (its pages go to the freelist,
#     whose pages no longer say which table they held). The freed rows fit both tables: they must never
#     become rows (or "older versions") of the first table, whose rowids they share
p = fresh("two_tables.db")
db = sqlite3.connect(p)
db.execute("PRAGMA page_size=1024")
db.execute("PRAGMA secure_delete=0")
db.execute("CREATE TABLE a(_id INTEGER PRIMARY KEY, x INTEGER, y TEXT, z INTEGER)")
db.execute("CREATE TABLE b(_id INTEGER PRIMARY KEY, p INTEGER, q TEXT, r INTEGER)")
for i in range(1, 201):
    db.execute("INSERT INTO a VALUES(?,?,?,?)", (i, i, "a row %d" % i, i))
    db.execute("INSERT INTO b VALUES(?,?,?,?)", (i, i, "b row %d" % i, i))
db.commit()
db.execute("DELETE FROM b")
db.commit()
db.close()
