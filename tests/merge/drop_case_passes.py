#!/usr/bin/env python3
"""drop_case_passes.py SHARD.db - makes SHARD what an ingest interrupted during its case passes leaves
(issue 14 fix 2): every item 'complete', no "case.passes" audit row, and an intact audit chain (the rows
after it are renumbered and re-hashed with store_audit.c's rule, the append-only triggers put back with
their exact text), so only the missing completion record can refuse it."""
import hashlib
import sqlite3
import sys

db = sqlite3.connect(sys.argv[1])
trig = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"
                  " ORDER BY name").fetchall()
rows = db.execute("SELECT seq, utc, action, detail FROM audit_log ORDER BY seq").fetchall()
if not any(r[2] == "case.passes" for r in rows):
    sys.exit("no case.passes row to drop")
for name, _ in trig:
    db.execute('DROP TRIGGER "%s"' % name)
db.execute("DELETE FROM audit_log")
prev = "0" * 64
seq = 0
for _, utc, action, detail in rows:
    if action == "case.passes":
        continue
    seq += 1
    h = hashlib.sha256(("%s|%d|%s|%s|%s" % (prev, seq, utc, action, detail)).encode()).hexdigest()
    db.execute("INSERT INTO audit_log(seq, utc, action, detail, prev_hash, hash) VALUES (?,?,?,?,?,?)",
               (seq, utc, action, detail, prev, h))
    prev = h
for _, sql in trig:
    db.execute(sql)
db.commit()
db.close()
