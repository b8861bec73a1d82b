#!/usr/bin/env python3
"""make_bench.py OUTDIR [N] - large system databases for measuring the parsers (not a ctest): a
Dump/ tree with mmssms.db (N SMS in N/50 threads + N/10 MMS with addr/part rows, no index on the
child tables) and filesystem1/.../sms.db (N iMessages, every other one with the text only in
attributedBody), schemas from make_fixtures.py. Ingest the tar of OUTDIR with dftriage and read the
chat.database findings and the run time."""
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures_ts import typedstream  # noqa: E402

OUT = sys.argv[1]
N = int(sys.argv[2]) if len(sys.argv) > 2 else 200000
src = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "make_fixtures.py"), encoding="utf-8").read()


def schema(name):
    start = src.index(name + ' = """') + len(name + ' = """')
    return src[start:src.index('"""', start)]


def mk(path, sql):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if os.path.exists(path):
        os.remove(path)
    con = sqlite3.connect(path)
    con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + sql)
    return con


con = mk(os.path.join(OUT, "Dump/data/data/com.android.providers.telephony/databases/mmssms.db"), schema("MMSSMS"))
T = max(1, N // 50)
con.executemany("INSERT INTO canonical_addresses VALUES (?,?)", ((i, "08%08d" % i) for i in range(1, T + 1)))
con.executemany("INSERT INTO threads(_id, recipient_ids) VALUES (?,?)", ((i, "%d" % i) for i in range(1, T + 1)))
con.executemany("INSERT INTO sms(_id, thread_id, address, date, type, body) VALUES (?,?,?,?,?,?)",
                ((i, i % T + 1, "08%08d" % (i % T + 1), 1700000000000 + i * 1000, 1 + i % 2,
                  "ข้อความ %d โอน USDT" % i) for i in range(1, N + 1)))
M = N // 10
con.executemany("INSERT INTO pdu(_id, thread_id, date, msg_box, m_type) VALUES (?,?,?,?,?)",
                ((i, i % T + 1, 1700000000 + i, 1 + i % 2, 132) for i in range(1, M + 1)))
con.executemany("INSERT INTO addr(msg_id, address, type) VALUES (?,?,?)",
                ((i, "08%08d" % (i % T + 1), 137) for i in range(M, 0, -1)))
con.executemany("INSERT INTO part(mid, seq, ct, text) VALUES (?,?,?,?)",
                ((i, 0, "text/plain", "mms %d" % i) for i in range(M, 0, -1)))
con.commit()
con.close()

con = mk(os.path.join(OUT, "filesystem1/private/var/mobile/Library/SMS/sms.db"), schema("SMSDB"))
H = max(1, N // 50)
con.executemany("INSERT INTO handle(ROWID, id, service) VALUES (?,?,?)", ((i, "+6681%07d" % i, "iMessage") for i in range(1, H + 1)))
con.executemany("INSERT INTO chat(ROWID, guid, style) VALUES (?,?,45)", ((i, "iMessage;-;%d" % i) for i in range(1, H + 1)))
con.executemany("INSERT INTO chat_handle_join VALUES (?,?)", ((i, i) for i in range(1, H + 1)))
blob = typedstream("ข้อความยาวมาก " * 12)
con.executemany("INSERT INTO message(ROWID, guid, text, attributedBody, handle_id, service, date, is_from_me) VALUES (?,?,?,?,?,?,?,?)",
                ((i, "G%d" % i, None if i % 2 else "text %d" % i, blob if i % 2 else None, i % H + 1, "iMessage",
                  722000000 * 10**9 + i * 10**9, i % 3 == 0) for i in range(1, N + 1)))
con.executemany("INSERT INTO chat_message_join VALUES (?,?,0)", ((i % H + 1, i) for i in range(1, N + 1)))
con.commit()
con.close()
print("bench databases in", OUT)
