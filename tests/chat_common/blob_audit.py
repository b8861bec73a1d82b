#!/usr/bin/env python3
"""blob_audit.py [--null] CHAT_BENCH ROOT... - a by-hand audit (minutes, not a CI test) of how the chat parsers take
type-lying values: for every SQLite file below each ROOT (a fixture dump: device paths live under it), the
row counts of the parser the chat plugin would pick (chat_bench DB DEVICE_PATH auto), then the same counts
on a copy where one column's TEXT values are turned into BLOBs (SQLite's type affinity does not stop an app,
a corrupt page or an adversary from storing them), one column at a time. Prints every column whose BLOBs
lose messages, contacts or calls, add a warning or change the parse status. A row here is a place to look:
a column that decides the kind of a row (a call type) may move rows between kinds for good reasons.
--null: the column's values become NULL instead (every column, not only TEXT ones): a row whose key is NULL
may be dropped for a reason, so read those lines with the schema at hand.
Found with it (issue 9 review): json_group_array() members, WhatsApp legacy key_remote_jid."""
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile

LINE = re.compile(r"^(\S+) parse rc (-?\d+): (\d+) messages, (\d+) calls, (\d+) contacts, (\d+) warnings", re.M)


def run(bench, db, dev):
    p = subprocess.run([bench, db, dev, "auto"], capture_output=True, text=True, timeout=120)
    m = LINE.search(p.stdout)
    return m.groups() if m else ("crashed", str(p.returncode), "0", "0", "0", "0")


def text_columns(path, any_type=False):
    con = sqlite3.connect(path)
    out = []
    for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"):
        for c in con.execute('PRAGMA table_info("%s")' % t.replace('"', '""')):
            q = 'SELECT count(*) FROM "%s" WHERE typeof("%s") %s' % (t.replace('"', '""'), c[1].replace('"', '""'),
                                                                 "<> 'null'" if any_type else "= 'text'")
            if con.execute(q).fetchone()[0]:
                out.append((t, c[1]))
    con.close()
    return out


def main():
    args = sys.argv[1:]
    null = bool(args) and args[0] == "--null"
    if null:
        args = args[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    bench, tmpd = args[0], tempfile.mkdtemp()
    tmp = os.path.join(tmpd, "x.db")
    for root in args[1:]:
        for d, _, files in sorted(os.walk(root)):
            for f in sorted(files):
                path = os.path.join(d, f)
                if f.endswith(("-wal", "-shm", "-journal")):
                    continue
                with open(path, "rb") as fh:
                    if fh.read(16) != b"SQLite format 3\x00":
                        continue
                dev = "/" + os.path.relpath(path, root)
                base = run(bench, path, dev)
                if base[0] in ("no", "crashed"):
                    continue
                for t, c in text_columns(path, null):
                    shutil.copyfile(path, tmp)
                    con = sqlite3.connect(tmp)
                    qt, qc = t.replace('"', '""'), c.replace('"', '""')
                    try:
                        if null:
                            con.execute('UPDATE "%s" SET "%s" = NULL' % (qt, qc))
                        else:
                            con.execute('UPDATE "%s" SET "%s" = CAST("%s" AS BLOB) WHERE typeof("%s") = \'text\'' % (qt, qc, qc, qc))
                        con.commit()
                    except sqlite3.Error:
                        con.close()
                        continue
                    con.close()
                    got = run(bench, tmp, dev)
                    if got[0] != base[0]:
                        continue   # another parser recognises it now: a detection question, not a lost row
                    lost = any(int(b) > int(g) for b, g in zip(base[2:5], got[2:5]))
                    if lost or int(got[5]) > int(base[5]) or got[1] != base[1]:
                        print("%s [%s] %s.%s: rc/messages/calls/contacts/warnings %s -> %s"
                              % (dev, base[0], t, c, "/".join(base[1:]), "/".join(got[1:])))
    shutil.rmtree(tmpd)


if __name__ == "__main__":
    main()
