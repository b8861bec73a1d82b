#!/usr/bin/env python3
"""gen_fuzz_corpus.py FIXTURE_DIR [OUTDIR] - the seed corpora of the typedstream and chat_system fuzz
harnesses (tests/fuzz/corpus/{typedstream,chat_system}/), from the databases make_fixtures.py built:
each database re-packed with 512-byte pages and its WAL merged, plus hostile variants. Deterministic
for one SQLite version (the header records the version that wrote it)."""
import os
import shutil
import sqlite3
import struct
import sys
import tempfile

FIX = sys.argv[1]
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fuzz", "corpus")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def put(harness, name, data):
    d = os.path.join(OUT, harness)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def repack(src, edit=None):
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "x.db")
        shutil.copy(src, p)
        if os.path.exists(src + "-wal"):
            shutil.copy(src + "-wal", p + "-wal")
        con = sqlite3.connect(p)
        con.execute("PRAGMA journal_mode=DELETE")
        if edit:
            con.executescript(edit)
            con.commit()
        con.execute("PRAGMA page_size=512")
        con.execute("VACUUM")
        con.close()
        with open(p, "rb") as f:
            return f.read()


D = os.path.join(FIX, "dump")
A = os.path.join(D, "Dump/data/data")
I = os.path.join(D, "filesystem1/private/var/mobile/Library")
dbs = {
    "mmssms": os.path.join(A, "com.android.providers.telephony/databases/mmssms.db"),
    "bugle": os.path.join(A, "com.google.android.apps.messaging/databases/bugle_db"),
    "contacts2": os.path.join(A, "com.android.providers.contacts/databases/contacts2.db"),
    "calllog": os.path.join(A, "com.android.providers.contacts/databases/calllog.db"),
    "contacts2_calls": os.path.join(FIX, "extra/contacts2_calls.db"),
    "smsdb": os.path.join(I, "SMS/sms.db"),
    "addressbook": os.path.join(I, "AddressBook/AddressBook.sqlitedb"),
    "callhistory": os.path.join(I, "CallHistoryDB/CallHistory.storedata"),
}
for name, path in dbs.items():
    put("chat_system", name, repack(path))

# hostile variants
put("chat_system", "mmssms_many_ids", repack(dbs["mmssms"],
    "UPDATE threads SET recipient_ids = (WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 3000)"
    " SELECT group_concat(n % 4, ' ') FROM c) WHERE _id = 2;"))
put("chat_system", "mmssms_types", repack(dbs["mmssms"],
    "UPDATE sms SET date = 'yesterday', type = x'00ff', address = 12345 WHERE _id = 1;"
    "UPDATE sms SET body = NULL, thread_id = NULL, date = -9223372036854775808 WHERE _id = 2;"
    "UPDATE pdu SET date = 9223372036854775807, msg_box = 99 WHERE _id = 1; UPDATE addr SET type = NULL;"))
put("chat_system", "smsdb_lying_body", repack(dbs["smsdb"],
    "UPDATE message SET attributedBody = x'040b73747265616d747970656481e803840140848484124e5341747472696275746564537472"
    "696e67008484084e534f626a656374008592848484084e53537472696e67019484012b82ffffff7f41' WHERE ROWID = 2;"
    "UPDATE message SET date = 1e300, handle_id = -1 WHERE ROWID = 3;"))
put("chat_system", "smsdb_views", repack(dbs["smsdb"],
    "DROP TABLE chat_handle_join; CREATE VIEW chat_handle_join AS WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL"
    " SELECT n + 1 FROM c) SELECT 1 AS chat_id, n AS handle_id FROM c;"))
put("chat_system", "callhistory_types", repack(dbs["callhistory"],
    "UPDATE ZCALLRECORD SET ZDURATION = 1e308, ZDATE = 'x', ZADDRESS = zeroblob(300) WHERE Z_PK = 1;"
    "UPDATE ZCALLRECORD SET ZDURATION = -5, ZISO_COUNTRY_CODE = 'xyz' WHERE Z_PK = 2;"))

import make_fixtures_ts  # noqa: E402  (typedstream builder, shared with make_fixtures.py)
for name, text in (("hello", "Hello world!"), ("long_th", "ภาษาไทย " * 40), ("short_vi", "Chào anh")):
    put("typedstream", name, make_fixtures_ts.typedstream(text))
bare = b"\x04\x0bstreamtyped\x81\xe8\x03\x84\x01@\x84\x84\x84\x08NSString\x01\x84\x84\x08NSObject\x00\x85\x84\x01+\x03abc\x86"
put("typedstream", "bare_nsstring", bare)
mutable = (b"\x04\x0bstreamtyped\x81\xe8\x03\x84\x01@\x84\x84\x84\x19NSMutableAttributedString\x00\x84\x84\x12"
           b"NSAttributedString\x00\x84\x84\x08NSObject\x00\x85\x92\x84\x84\x84\x0fNSMutableString\x01\x84\x84\x08"
           b"NSString\x01\x95\x84\x01+\x05hello\x86\x86")
put("typedstream", "mutable", mutable)
print("corpora in", OUT)
