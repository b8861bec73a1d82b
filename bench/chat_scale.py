#!/usr/bin/env python3
"""chat_scale.py SRC OUT N SPEC... - a bigger copy of a chat test fixture for bench/chat_parsers_bench.sh.

Copies the fixture database SRC (with its -wal, folded in) to OUT and repeats the rows of the tables
named by SPEC N-1 more times, keeping the fixture's own schema (the schema the parser's tests use):
  SPEC "table"        its rows are copied; the rowid alias (INTEGER PRIMARY KEY) is shifted by k*10^7, and
                      in each UNIQUE index (PRIMARY KEY constraints included) the last column is made distinct
                      (integer: + k*10^7, text: || '#k'), so composite keys like (thread, message_id) keep
                      their thread
  SPEC "table.col"    also shift this integer column by k*10^7 (a foreign key to a repeated table, e.g.
                      parts.message_id for messages)
Every other column keeps its value, so copies join the same threads and contacts as the originals.
Deterministic. Not a test: a benchmark input (the parsers are measured by build/tests/chat_bench).
"""
import os
import shutil
import sqlite3
import sys

SHIFT = 10 ** 7


def q(name):
    return '"' + name.replace('"', '""') + '"'


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    src, out, n, specs = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
    for sfx in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(out + sfx):
            os.remove(out + sfx)
    shutil.copy(src, out)
    if os.path.exists(src + "-wal"):
        shutil.copy(src + "-wal", out + "-wal")
    db = sqlite3.connect(out)
    db.execute("PRAGMA journal_mode=DELETE")   # folds a -wal in
    db.execute("CREATE TEMP TABLE ks(k INTEGER PRIMARY KEY)")
    db.executemany("INSERT INTO ks VALUES (?)", [(k,) for k in range(1, n)])
    fks = {}
    tables = []
    for s in specs:
        if "." in s:
            t, c = s.split(".", 1)
            fks.setdefault(t, set()).add(c)
            if t not in tables:
                tables.append(t)
        elif s not in tables:
            tables.append(s)
    for t in tables:
        cols = db.execute("PRAGMA table_info(%s)" % q(t)).fetchall()   # cid, name, type, notnull, dflt, pk
        if not cols:
            sys.exit("no table %s in %s" % (t, src))
        pks = [c for c in cols if c[5]]
        shift = set(fks.get(t, ()))
        if len(pks) == 1 and pks[0][2].upper() == "INTEGER":
            shift.add(pks[0][1])
        suffix = set()
        for idx in db.execute("PRAGMA index_list(%s)" % q(t)).fetchall():   # seq, name, unique, origin, partial
            if not idx[2]:
                continue
            icols = [r[2] for r in db.execute("PRAGMA index_info(%s)" % q(idx[1])).fetchall()]
            if not icols or icols[-1] is None:
                continue
            last = icols[-1]
            ctype = next(c[2] for c in cols if c[1] == last).upper()
            (shift if "INT" in ctype else suffix).add(last)
        exprs = []
        for c in cols:
            name = q(c[1])
            if c[1] in shift:
                exprs.append("CASE WHEN typeof(o.%s) = 'integer' THEN o.%s + ks.k * %d ELSE o.%s END"
                             % (name, name, SHIFT, name))
            elif c[1] in suffix:
                exprs.append("CASE WHEN o.%s IS NULL THEN NULL ELSE o.%s || '#' || ks.k END" % (name, name))
            else:
                exprs.append("o.%s" % name)
        db.execute("CREATE TEMP TABLE o AS SELECT * FROM main.%s" % q(t))
        db.execute("INSERT INTO main.%s (%s) SELECT %s FROM temp.o AS o CROSS JOIN temp.ks ORDER BY ks.k, o.rowid"
                   % (q(t), ", ".join(q(c[1]) for c in cols), ", ".join(exprs)))
        db.execute("DROP TABLE temp.o")
    db.commit()
    db.execute("VACUUM")
    db.close()


if __name__ == "__main__":
    main()
