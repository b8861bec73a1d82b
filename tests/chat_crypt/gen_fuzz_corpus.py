#!/usr/bin/env python3
"""gen_fuzz_corpus.py OUTDIR - seeds for tests/fuzz/chat_wechat_fuzz.c: a plain EnMicroMsg.db with the
WeChat schema of make_fixtures.py, and hostile variants (message as a view, text in integer columns and
a huge member list). Run by hand; the output is committed in tests/fuzz/corpus/chat_wechat/."""
import os
import re
import sqlite3
import sys

out = sys.argv[1]
src = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "make_fixtures.py"), encoding="utf-8").read()
sql = re.search(r'WECHAT_SQL = """(.*?)"""', src, re.S).group(1)
os.makedirs(out, exist_ok=True)


def make(name, extra=""):
    p = os.path.join(out, name)
    if os.path.exists(p):
        os.remove(p)
    db = sqlite3.connect(p)
    db.execute("PRAGMA page_size = 1024")
    db.executescript(sql + extra)
    db.commit()
    db.execute("VACUUM")
    db.close()


make("plain")
make("types", "UPDATE message SET createTime = 'yesterday', isSend = 'x', msgId = msgId WHERE msgId = 2;"
              "UPDATE userinfo SET value = x'00ff' WHERE id = 2;")
make("members", "UPDATE chatroom SET memberlist = '%s';" % (";" * 500 + '"\\\x01' * 200))
make("view", "ALTER TABLE message RENAME TO m2; CREATE VIEW message AS SELECT * FROM m2;")
