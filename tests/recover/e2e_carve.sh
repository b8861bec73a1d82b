#!/usr/bin/env bash
# e2e_carve - a WhatsApp msgstore.db (60 messages, message table of gen_recover_dbs.py) is put in an
# ext4 image (mke2fs -d), then deleted from it without mounting (debugfs -w "rm"): its blocks are
# unallocated. `dftriage ingest --plugins sqlite_carve` must carve every message from unallocated
# space as a sqlite.carved_record finding (schema from the carved sqlite_master), exact values, the
# source naming the media offset of a table leaf page.
# Usage: e2e_carve.sh DFT_BIN TESTIMAGES WORKDIR
source "$(dirname "$0")/../e2e/lib.sh"
for t in python3 mke2fs debugfs; do command -v $t >/dev/null || { echo "SKIP: $t not installed"; exit 77; }; done
mkdir -p "$WORK/root"
python3 - "$WORK/root/msgstore.db" <<'PY' || fail "making the database failed"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA page_size=4096")
db.execute("CREATE TABLE message(_id INTEGER PRIMARY KEY AUTOINCREMENT, chat_row_id INTEGER NOT NULL, from_me INTEGER NOT NULL,"
           " key_id TEXT NOT NULL, timestamp INTEGER, text_data TEXT)")
for i in range(1, 61):
    db.execute("INSERT INTO message VALUES(?,?,?,?,?,?)", (i, 1 + i % 3, i % 2, "3EB0%06X" % i, 1700000000000 + i * 1000,
               "ส่งเงินมา %d บาท" % (i * 100)))
db.commit()
db.close()
PY
printf 'not a database\n' > "$WORK/root/readme.txt"
IMG=$WORK/ext4.img
mke2fs -q -F -t ext4 -b 4096 -E root_owner=0:0 -d "$WORK/root" "$IMG" 8M >/dev/null 2>&1 || fail "mke2fs failed"
debugfs -w -R "rm /msgstore.db" "$IMG" >/dev/null 2>&1 || fail "debugfs rm failed"
debugfs -R "ls /" "$IMG" 2>/dev/null | grep -q msgstore.db && fail "msgstore.db still listed"

"$BIN" ingest "$WORK/case.db" "$IMG" --plugins sqlite_carve >/dev/null 2>&1 || fail "ingest failed"
C=$WORK/case.db
got=$(q "$C" "SELECT count(*), count(DISTINCT json_extract(details, '$.rowid')) FROM findings
              WHERE kind = 'sqlite.carved_record' AND subkind = 'message'")
[ "$got" = "60|60" ] && ok "60 messages carved" || softfail "carved message count|distinct = $got"
got=$(q "$C" "SELECT value || '|' || json_extract(details, '$.completeness') || '|' || json_extract(details, '$.values.text_data')
              || '|' || json_extract(details, '$.values.key_id') || '|' || json_extract(details, '$.values.timestamp') || '|' || personal
              FROM findings WHERE kind = 'sqlite.carved_record' AND json_extract(details, '$.rowid') = 7")
[ "$got" = "message:7|complete|ส่งเงินมา 700 บาท|3EB0000007|1700000007000|details" ] && ok "message 7 exact" \
    || softfail "message 7 = $got"
off=$(q "$C" "SELECT substr(json_extract(details, '$.source'), 8) FROM findings WHERE kind = 'sqlite.carved_record'
              AND json_extract(details, '$.rowid') = 7")
[ -n "$off" ] && [ $((off % 4096)) = 0 ] || fail "source offset $off"
byte=$(dd if="$IMG" bs=1 skip="$off" count=1 status=none | od -An -tx1 | tr -d ' ')
[ "$byte" = 0d ] && ok "source names a table leaf page at media offset $off" || softfail "byte at $off = $byte"
got=$(q "$C" "SELECT count(*) FROM findings WHERE kind = 'sqlite.carved_record' AND subkind <> 'message'")
[ "$got" = 0 ] && ok "nothing else carved" || softfail "other carved records = $got"
finish
