#!/usr/bin/env bash
# carve_bench.sh - the carving benchmark (issue 13): a WhatsApp-shaped msgstore.db of N messages
# (default 200,000, about 40 MiB; page size 4096) is put in an ext4 image and deleted (debugfs rm),
# then `dftriage ingest --plugins sqlite_carve` carves the image's unallocated space: every table leaf
# page becomes sqlite.carved_record findings and the database a sqlite.carved_db candidate. Reports
# wall, user+sys CPU and peak RSS (/usr/bin/time -v), the counts, and the load (uptime). With
# --plugins sqlite_carve,chat the candidate is also a derived file whose messages the chat plugin reads
# (messages rows, deleted=1): the cost of that step. The database has WhatsApp's jid and chat tables
# (50 chats) so that the WhatsApp parser recognises it.
# usage: bench/carve_bench.sh [OUTDIR] [--build DIR] [--messages N] [--plugins LIST]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
out=/tmp/dftriage-carve-bench
build=$repo/build
messages=200000
plugins=sqlite_carve
while [ $# -gt 0 ]; do
    case $1 in
        --build) build=$2; shift 2 ;;
        --messages) messages=$2; shift 2 ;;
        --plugins) plugins=$2; shift 2 ;;
        -h|--help) sed -n 2,10p "$0"; exit 0 ;;
        *) out=$1; shift ;;
    esac
done
for t in python3 mke2fs debugfs sqlite3; do command -v $t >/dev/null || { echo "needs $t" >&2; exit 1; }; done
mkdir -p "$out/root"
img=$out/ext4-$messages-chats.img
if [ ! -f "$img" ]; then
    rm -f "$out/root/msgstore.db"
    python3 - "$out/root/msgstore.db" "$messages" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA page_size=4096")
db.execute("CREATE TABLE message(_id INTEGER PRIMARY KEY AUTOINCREMENT, chat_row_id INTEGER NOT NULL, from_me INTEGER NOT NULL,"
           " key_id TEXT NOT NULL, timestamp INTEGER, text_data TEXT)")
db.executemany("INSERT INTO message VALUES(?,?,?,?,?,?)",
               ((i, 1 + i % 50, i % 2, "3EB0%08X" % i, 1700000000000 + i * 1000,
                 "message %d: transfer %d USDT to the usual wallet before the raid" % (i, i * 7)) for i in range(1, int(sys.argv[2]) + 1)))
db.execute("CREATE TABLE jid(_id INTEGER PRIMARY KEY AUTOINCREMENT, user TEXT NOT NULL, server TEXT NOT NULL, raw_string TEXT)")
db.execute("CREATE TABLE chat(_id INTEGER PRIMARY KEY AUTOINCREMENT, jid_row_id INTEGER UNIQUE, subject TEXT)")
for k in range(1, 51):
    db.execute("INSERT INTO jid VALUES(?,?,?,?)", (k, "668%08d" % k, "s.whatsapp.net", "668%08d@s.whatsapp.net" % k))
    db.execute("INSERT INTO chat VALUES(?,?,NULL)", (k, k))
db.commit()
db.close()
PY
    size=$(( $(stat -c %s "$out/root/msgstore.db") / 1048576 * 2 + 16 ))
    mke2fs -q -F -t ext4 -b 4096 -E root_owner=0:0 -d "$out/root" "$img" "${size}M" >/dev/null 2>&1
    debugfs -w -R "rm /msgstore.db" "$img" >/dev/null 2>&1
    rm -f "$out/root/msgstore.db"
fi
echo "image: $(du -h --apparent-size "$img" | cut -f1), $messages messages deleted"
echo "load before: $(uptime)"
rm -f "$out/case.db"
/usr/bin/time -v "$build/dftriage" ingest "$out/case.db" "$img" --plugins "$plugins" 2> "$out/time.txt" >/dev/null
echo "plugins: $plugins"
grep -E 'Elapsed|User time|System time|Maximum resident' "$out/time.txt"
echo "load after: $(uptime)"
sqlite3 "$out/case.db" "SELECT kind, count(*) FROM findings WHERE kind LIKE 'sqlite.carved%' GROUP BY kind"
sqlite3 "$out/case.db" "SELECT json_extract(details, '$.pages_found') || ' pages found, ' || json_extract(details, '$.pages_missing')
                        || ' missing' FROM findings WHERE kind = 'sqlite.carved_db' ORDER BY offset"
sqlite3 "$out/case.db" "SELECT 'messages from carved databases: ' || count(*) || ', deleted: ' || coalesce(sum(m.deleted), 0)
                        FROM messages m JOIN files f ON f.id = m.file_id WHERE f.transform = 'sqlite-carve'"
