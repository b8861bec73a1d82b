#!/usr/bin/env bash
# e2e_carve_db - carved pages are reassembled into a candidate database (issue 13, item 1). A
# msgstore.db (400 messages, page size 4096, several pages) is put in an ext4 image and deleted
# (debugfs rm: its blocks become unallocated). Then:
#  A. contiguous: one sqlite.carved_db finding, every page found, page_offsets[k] = header + k*4096;
#  B. fragmented: page 5 (a message leaf) of the deleted file is overwritten with another file's bytes; the candidate
#     says page 5 is missing (missing_pages [5], page_offsets[4] null) and keeps every other page, and
#     the records of the other pages are still carved.
# Usage: e2e_carve_db.sh DFT_BIN TESTIMAGES WORKDIR
source "$(dirname "$0")/../e2e/lib.sh"
for t in python3 mke2fs debugfs; do command -v $t >/dev/null || { echo "SKIP: $t not installed"; exit 77; }; done
mkdir -p "$WORK/root"
python3 - "$WORK/root/msgstore.db" <<'PY' || fail "making the database failed"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA page_size=4096")
db.execute("CREATE TABLE message(_id INTEGER PRIMARY KEY AUTOINCREMENT, chat_row_id INTEGER NOT NULL, from_me INTEGER NOT NULL,"
           " key_id TEXT NOT NULL, timestamp INTEGER, text_data TEXT)")
for i in range(1, 401):
    db.execute("INSERT INTO message VALUES(?,?,?,?,?,?)", (i, 1 + i % 3, i % 2, "3EB0%06X" % i, 1700000000000 + i * 1000,
               "ส่งเงินมา %d บาท" % (i * 100)))
db.commit()
db.close()
PY
pages=$(( $(stat -c %s "$WORK/root/msgstore.db") / 4096 ))
# cells of page 5 (a message table leaf, 0x0d): the rows lost with it in B
lost=$(python3 -c "
import sys
p = open(sys.argv[1], 'rb').read()[4 * 4096:5 * 4096]
assert p[0] == 13, p[0]
print(p[3] << 8 | p[4])" "$WORK/root/msgstore.db") || fail "page 5 is not a table leaf"
[ "$pages" -ge 6 ] || fail "database has only $pages pages"
printf 'not a database\n' > "$WORK/root/readme.txt"
IMG=$WORK/ext4.img
mke2fs -q -F -t ext4 -b 4096 -E root_owner=0:0 -d "$WORK/root" "$IMG" 8M >/dev/null 2>&1 || fail "mke2fs failed"
debugfs -w -R "rm /msgstore.db" "$IMG" >/dev/null 2>&1 || fail "debugfs rm failed"
# the media offset of the deleted header (ext4 put the file in one extent: its pages follow it)
hdr=$(python3 -c "
import sys
d = open(sys.argv[1], 'rb').read()
print(d.find(b'SQLite format 3\x00'))" "$IMG")
[ "$hdr" -gt 0 ] && [ $((hdr % 4096)) = 0 ] || fail "header offset $hdr"

"$BIN" ingest "$WORK/a.db" "$IMG" --plugins sqlite_carve >/dev/null 2>&1 || fail "ingest A failed"
got=$(q "$WORK/a.db" "SELECT count(*) FROM findings WHERE kind = 'sqlite.carved_db'")
[ "$got" = 1 ] && ok "A: one candidate database" || softfail "A: carved_db findings = $got"
got=$(q "$WORK/a.db" "SELECT value || '|' || json_extract(details, '$.pages') || '|' || json_extract(details, '$.pages_found') || '|'
              || json_extract(details, '$.pages_missing') || '|' || json_extract(details, '$.missing_pages') || '|'
              || json_extract(details, '$.size_from_header') || '|' || json_extract(details, '$.schema')
              FROM findings WHERE kind = 'sqlite.carved_db'")
[ "$got" = "carved-$hdr.sqlite|$pages|$pages|0|[]|1|1" ] && ok "A: $pages pages found, none missing" || softfail "A: $got"
exp=$(python3 -c "import sys; h, n = int(sys.argv[1]), int(sys.argv[2]); print('[' + ','.join(str(h + k * 4096) for k in range(n)) + ']')" "$hdr" "$pages")
got=$(q "$WORK/a.db" "SELECT json_extract(details, '$.page_offsets') FROM findings WHERE kind = 'sqlite.carved_db'")
[ "$got" = "$exp" ] && ok "A: media offset of every page" || softfail "A: page_offsets $got, expected $exp"
got=$(q "$WORK/a.db" "SELECT count(DISTINCT json_extract(details, '$.rowid')) FROM findings WHERE kind = 'sqlite.carved_record' AND subkind = 'message'")
[ "$got" = 400 ] && ok "A: 400 messages carved" || softfail "A: carved messages = $got"

# B: page 5 (a message leaf) of the deleted file now holds another file's bytes
python3 - "$IMG" "$hdr" <<'PY' || fail "overwriting page 5 failed"
import sys
with open(sys.argv[1], 'r+b') as f:
    f.seek(int(sys.argv[2]) + 4 * 4096)
    f.write(b'other file text. ' * 240 + b'x' * (4096 - 17 * 240))
PY
"$BIN" ingest "$WORK/b.db" "$IMG" --plugins sqlite_carve >/dev/null 2>&1 || fail "ingest B failed"
got=$(q "$WORK/b.db" "SELECT json_extract(details, '$.pages') || '|' || json_extract(details, '$.pages_found') || '|'
              || json_extract(details, '$.pages_missing') || '|' || json_extract(details, '$.missing_pages') || '|'
              || quote(json_extract(details, '$.page_offsets[4]')) || '|' || json_extract(details, '$.page_offsets[5]')
              FROM findings WHERE kind = 'sqlite.carved_db'")
[ "$got" = "$pages|$((pages - 1))|1|[5]|NULL|$((hdr + 5 * 4096))" ] && ok "B: page 5 missing, the rest kept" || softfail "B: $got"
n=$(q "$WORK/b.db" "SELECT count(DISTINCT json_extract(details, '$.rowid')) FROM findings WHERE kind = 'sqlite.carved_record' AND subkind = 'message'")
[ "$n" = $((400 - lost)) ] && ok "B: $n messages carved from the other pages" || softfail "B: carved messages = $n"
finish
