"""fixture_db.py - what the chat-app fixture builders share (tests/chat_apps, tests/chat_more, ...):
build() writes one app database from schema SQL and (sql, args) rows, optionally with rows that live only
in its -wal (checkpoint first, autocheckpoint off, copy db + -wal while the connection is open, as a
seized phone holds them); shrink() rewrites a fixture small for a fuzz seed corpus (WAL folded in, page
size 512, vacuumed). Deterministic: same inputs, same bytes."""
import os
import shutil
import sqlite3
import tempfile


def build(dest, schema, rows, wal_rows=()):
    """Creates dest (+ dest-wal when wal_rows) from schema SQL and (sql, args) rows."""
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    tmpd = tempfile.mkdtemp()
    tmp = os.path.join(tmpd, "db")
    con = sqlite3.connect(tmp, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.executescript(schema)
    for sql, args in rows:
        con.execute(sql, args)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if wal_rows:
        con.execute("PRAGMA wal_autocheckpoint=0")
        for sql, args in wal_rows:
            con.execute(sql, args)
        shutil.copyfile(tmp, dest)
        shutil.copyfile(tmp + "-wal", dest + "-wal")
        assert os.path.getsize(dest + "-wal") > 32, "WAL has no frames"
    else:
        con.close()
        shutil.copyfile(tmp, dest)
    con.close()
    shutil.rmtree(tmpd)


def shrink(out_dir, src, name, extra=()):
    """Copies src (with its WAL applied) into out_dir/name as a small rollback-journal database, after
    running the extra SQL statements (hostile variants) on it."""
    tmpd = tempfile.mkdtemp()
    t = os.path.join(tmpd, "x")
    shutil.copyfile(src, t)
    if os.path.exists(src + "-wal"):
        shutil.copyfile(src + "-wal", t + "-wal")
    con = sqlite3.connect(t, isolation_level=None)
    con.execute("PRAGMA journal_mode=DELETE")
    for sql in extra:
        con.execute(sql)
    con.execute("PRAGMA page_size=512")
    con.execute("VACUUM")
    con.close()
    shutil.copyfile(t, os.path.join(out_dir, name))
    shutil.rmtree(tmpd)
