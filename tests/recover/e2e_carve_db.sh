#!/usr/bin/env bash
# e2e_carve_db - carved pages are reassembled into a candidate database (issue 13, item 1), which
# reaches the chat parsers as a file derived from unallocated space. A msgstore.db (400 messages,
# WhatsApp jid/chat tables, page size 4096, 13 pages) is put in an ext4 image and deleted (debugfs rm:
# its blocks become unallocated). Then:
#  A. contiguous: one sqlite.carved_db finding, every page found, page_offsets[k] = header + k*4096;
#     the candidate is a derived file (/$Unallocated/<region offset>#sqlite-carve/carved-<hdr>.sqlite,
#     no parent, the deleted file's exact sha256, origin in its derivation) whose 400 messages are
#     `messages` rows with deleted=1 and source carved:<hdr>:message:<rowid>; chat.database and
#     sqlite.database say carved. The case verifies, and so does a merged case in which the carved
#     file's ids moved.
#  B. fragmented: page 5 (a message leaf) of the deleted file is overwritten with another file's bytes; the candidate
#     says page 5 is missing (missing_pages [5], page_offsets[4] null) and keeps every other page, and
#     the records of the other pages are still carved; page 5 is unlinked from the message b-tree, so
#     the chat parser reads the 400 - 58 other messages, and a warning names the missing page.
# Usage: e2e_carve_db.sh DFT_BIN TESTIMAGES WORKDIR
source "$(dirname "$0")/../e2e/lib.sh"
for t in python3 mke2fs debugfs; do command -v $t >/dev/null || { echo "SKIP: $t not installed"; exit 77; }; done
mkdir -p "$WORK/root"
# (python3 prints the cells of page 5 - a message table leaf, 0x0d: the rows lost with it in B - and its
# first rowid; one interpreter for the whole setup: each start costs a second on a loaded box)
read -r lost first5 < <(python3 - "$WORK/root/msgstore.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA page_size=4096")
db.execute("CREATE TABLE message(_id INTEGER PRIMARY KEY AUTOINCREMENT, chat_row_id INTEGER NOT NULL, from_me INTEGER NOT NULL,"
           " key_id TEXT NOT NULL, timestamp INTEGER, text_data TEXT)")
for i in range(1, 401):
    db.execute("INSERT INTO message VALUES(?,?,?,?,?,?)", (i, 1 + i % 3, i % 2, "3EB0%06X" % i, 1700000000000 + i * 1000,
               "ส่งเงินมา %d บาท" % (i * 100)))
# the tables the WhatsApp parser needs, after the messages (pages 4-10 stay message leaves)
db.execute("CREATE TABLE jid(_id INTEGER PRIMARY KEY AUTOINCREMENT, user TEXT NOT NULL, server TEXT NOT NULL, raw_string TEXT)")
db.execute("CREATE TABLE chat(_id INTEGER PRIMARY KEY AUTOINCREMENT, jid_row_id INTEGER UNIQUE, subject TEXT)")
for k in range(1, 4):
    db.execute("INSERT INTO jid VALUES(?,?,?,?)", (k, "6681234567%d" % k, "s.whatsapp.net", "6681234567%d@s.whatsapp.net" % k))
    db.execute("INSERT INTO chat VALUES(?,?,NULL)", (k, k))
db.commit()
db.close()
# the live -wal of a successor database (its last message only in the WAL: copied while open, so it is
# not checkpointed), left beside msgstore.db: after the delete it must not be paired with it
import os, shutil
d = os.path.dirname(sys.argv[1])
os.makedirs(d + "/new", exist_ok=True)
n = sqlite3.connect(d + "/new/msgstore.db")
n.execute("PRAGMA page_size=4096")
n.execute("PRAGMA journal_mode=WAL")
n.execute("PRAGMA wal_autocheckpoint=0")
n.execute("CREATE TABLE message(_id INTEGER PRIMARY KEY AUTOINCREMENT, chat_row_id INTEGER NOT NULL, from_me INTEGER NOT NULL,"
          " key_id TEXT NOT NULL, timestamp INTEGER, text_data TEXT)")
n.execute("CREATE TABLE jid(_id INTEGER PRIMARY KEY AUTOINCREMENT, user TEXT NOT NULL, server TEXT NOT NULL, raw_string TEXT)")
n.execute("CREATE TABLE chat(_id INTEGER PRIMARY KEY AUTOINCREMENT, jid_row_id INTEGER UNIQUE, subject TEXT)")
n.execute("INSERT INTO jid VALUES(1, '66899999999', 's.whatsapp.net', '66899999999@s.whatsapp.net')")
n.execute("INSERT INTO chat VALUES(1, 1, NULL)")
n.commit()
n.execute("PRAGMA wal_checkpoint(TRUNCATE)")
n.execute("INSERT INTO message VALUES(1, 1, 1, 'NEW000001', 1700100000000, 'successor wal message')")
n.commit()
shutil.copy(d + "/new/msgstore.db-wal", d + "/msgstore.db-wal")
n.close()
shutil.rmtree(d + "/new")
p = open(sys.argv[1], 'rb').read()[4 * 4096:5 * 4096]
assert p[0] == 13, p[0]
def varint(b, o):
    v = 0
    for i in range(9):
        v = (v << 7) | (b[o + i] & 0x7f)
        if b[o + i] < 0x80: return v, o + i + 1
    return v, o + 9
at = p[8] << 8 | p[9]
_, o = varint(p, at)
print(p[3] << 8 | p[4], varint(p, o)[0])
PY
) || fail "making the database failed"
pages=$(( $(stat -c %s "$WORK/root/msgstore.db") / 4096 ))
[ "$pages" = 13 ] || fail "database has $pages pages, not 13"
[ "$lost" = 58 ] && [ "$first5" = 59 ] || fail "page 5 holds $lost cells from rowid $first5, not 58 from 59"
sha=$(sha256sum "$WORK/root/msgstore.db" | cut -d' ' -f1)
printf 'not a database\n' > "$WORK/root/readme.txt"
IMG=$WORK/ext4.img
mke2fs -q -F -t ext4 -b 4096 -E root_owner=0:0 -d "$WORK/root" "$IMG" 8M >/dev/null 2>&1 || fail "mke2fs failed"
debugfs -w -R "rm /msgstore.db" "$IMG" >/dev/null 2>&1 || fail "debugfs rm failed"
# the media offset of the deleted header (ext4 put the file in one extent: its pages follow it)
hdr=$(LC_ALL=C grep -m1 -obUa 'SQLite format 3' "$IMG" | awk -F: 'NR == 1 { print $1 }')
[ "$hdr" -gt 0 ] && [ $((hdr % 4096)) = 0 ] || fail "header offset $hdr"

"$BIN" ingest "$WORK/a.db" "$IMG" --plugins sqlite_carve,chat,sqlite_inventory >/dev/null 2>&1 || fail "ingest A failed"
got=$(q "$WORK/a.db" "SELECT count(*) FROM findings WHERE kind = 'sqlite.carved_db'")
[ "$got" = 1 ] && ok "A: one candidate database" || softfail "A: carved_db findings = $got"
got=$(q "$WORK/a.db" "SELECT value || '|' || json_extract(details, '$.pages') || '|' || json_extract(details, '$.pages_found') || '|'
              || json_extract(details, '$.pages_missing') || '|' || json_extract(details, '$.missing_pages') || '|'
              || json_extract(details, '$.size_from_header') || '|' || json_extract(details, '$.schema')
              FROM findings WHERE kind = 'sqlite.carved_db'")
[ "$got" = "carved-$hdr.sqlite|$pages|$pages|0|[]|1|1" ] && ok "A: $pages pages found, none missing" || softfail "A: $got"
exp=$hdr
for ((k = 1; k < pages; k++)); do exp="$exp,$((hdr + k * 4096))"; done
exp="[$exp]"
got=$(q "$WORK/a.db" "SELECT json_extract(details, '$.page_offsets') FROM findings WHERE kind = 'sqlite.carved_db'")
[ "$got" = "$exp" ] && ok "A: media offset of every page" || softfail "A: page_offsets $got, expected $exp"
got=$(q "$WORK/a.db" "SELECT count(DISTINCT json_extract(details, '$.rowid')) FROM findings WHERE kind = 'sqlite.carved_record' AND subkind = 'message'")
[ "$got" = 400 ] && ok "A: 400 messages carved" || softfail "A: carved messages = $got"

# A: the candidate is a derived file of the region scan, read by the chat parsers
got=$(q "$WORK/a.db" "SELECT json_extract(details, '$.derived_file') || '|' || quote(json_extract(details, '$.derived_error'))
              FROM findings WHERE kind = 'sqlite.carved_db'")
[ "$got" = "1|NULL" ] && ok "A: registered as a derived file" || softfail "A: derived_file|error = $got"
reg=$(q "$WORK/a.db" "SELECT offset FROM unallocated WHERE offset <= $hdr AND offset + length > $hdr")
got=$(q "$WORK/a.db" "SELECT path || '|' || quote(derived_from) || '|' || quote(parent_id) || '|' || allocated || '|' || size || '|'
              || sha256 || '|' || mime || '|' || transform || '|' || json_extract(derivation, '$.origin.region_kind') || '|'
              || json_extract(derivation, '$.origin.region_offset') || '|' || json_extract(derivation, '$.origin.offset') || '|'
              || json_extract(derivation, '$.origin.media_offset') || '|' || json_extract(derivation, '$.pages_missing')
              FROM files WHERE transform IS NOT NULL")
exp="/\$Unallocated/$reg#sqlite-carve/carved-$hdr.sqlite|NULL|NULL|0|$((pages * 4096))|$sha|application/vnd.sqlite3|sqlite-carve"
exp="$exp|fs_unalloc|$reg|$((hdr - reg))|$hdr|0"
[ "$got" = "$exp" ] && ok "A: derived file row: path, no parent, the deleted file's sha256, origin" \
    || softfail "A: derived file $got, expected $exp"
CF="(SELECT id FROM files WHERE transform = 'sqlite-carve')"
got=$(q "$WORK/a.db" "SELECT count(*) || '|' || sum(deleted) || '|' || count(DISTINCT source) FROM messages WHERE file_id = $CF")
[ "$got" = "400|400|400" ] && ok "A: 400 carved messages, all deleted=1" || softfail "A: carved messages|deleted|sources = $got"
got=$(q "$WORK/a.db" "SELECT group_concat(r, '~') FROM (SELECT source || '|' || direction || '|' || sent_utc || '|' || body || '|'
              || thread || '|' || coalesce(sender, '') || '|' || coalesce(recipient, '') || '|'
              || json_extract(details, '$.recovered.source') AS r FROM messages
              WHERE file_id = $CF AND source IN ('carved:$hdr:message:1', 'carved:$hdr:message:2', 'carved:$hdr:message:400')
              ORDER BY id)")
exp="carved:$hdr:message:1|out|2023-11-14T22:13:21Z|ส่งเงินมา 100 บาท|66812345672@s.whatsapp.net||+66812345672|carved:$hdr"
exp="$exp~carved:$hdr:message:2|in|2023-11-14T22:13:22Z|ส่งเงินมา 200 บาท|66812345673@s.whatsapp.net|+66812345673||carved:$hdr"
exp="$exp~carved:$hdr:message:400|in|2023-11-14T22:20:00Z|ส่งเงินมา 40000 บาท|66812345672@s.whatsapp.net|+66812345672||carved:$hdr"
[ "$got" = "$exp" ] && ok "A: exact carved messages (source, direction, time, body, thread, sender)" \
    || softfail "A: carved messages $got, expected $exp"
got=$(q "$WORK/a.db" "SELECT json_extract(details, '$.carved') || '|' || json_extract(details, '$.carved_media_offset') || '|'
              || json_extract(details, '$.carved_rows') || '|' || json_extract(details, '$.messages')
              FROM findings WHERE kind = 'chat.database' AND file_id = $CF")
[ "$got" = "1|$hdr|400|400" ] && ok "A: chat.database says carved" || softfail "A: chat.database carved = $got"
# A: the deleted /msgstore.db that TSK still lists: every row deleted, the source says so, and it is
# never paired with the live -wal of its successor (issue 9 rule)
DF="(SELECT id FROM files WHERE path = '/msgstore.db' AND allocated = 0 AND transform IS NULL)"
got=$(q "$WORK/a.db" "SELECT count(*) || '|' || sum(deleted) || '|' || sum(source = 'deleted_file:message:' || substr(source, 22))
              || '|' || sum(json_extract(details, '$.recovered.source') = 'deleted_file') || '|'
              || sum(json_extract(details, '$.recovered.completeness') = 'complete') || '|' || sum(body LIKE 'successor%')
              FROM messages WHERE file_id = $DF")
[ "$got" = "400|400|400|400|400|0" ] && ok "A: the deleted file's 400 messages: deleted=1, source deleted_file" \
    || softfail "A: deleted file messages|deleted|sources|recovered|complete|successor = $got"
got=$(q "$WORK/a.db" "SELECT source || '|' || body FROM messages WHERE file_id = $DF AND source = 'deleted_file:message:400'")
[ "$got" = "deleted_file:message:400|ส่งเงินมา 40000 บาท" ] && ok "A: exact deleted-file row" || softfail "A: deleted-file row $got"
got=$(q "$WORK/a.db" "SELECT json_extract(details, '$.file_deleted') || '|' || json_extract(details, '$.deleted_file_rows') || '|'
              || json_extract(details, '$.wal_present') FROM findings WHERE kind = 'chat.database' AND file_id = $DF")
[ "$got" = "1|400|0" ] && ok "A: chat.database of the deleted file: file_deleted, no -wal paired" \
    || softfail "A: deleted file chat.database = $got"
got=$(q "$WORK/a.db" "SELECT count(*) FROM messages WHERE body LIKE 'successor%'")
[ "$got" = 0 ] && ok "A: the live -wal is applied to no deleted database" || softfail "A: successor WAL rows = $got"
got=$(q "$WORK/a.db" "SELECT json_extract(details, '$.carved') || '|' || json_extract(details, '$.carved_media_offset') || '|'
              || json_extract(details, '$.tables.message') FROM findings WHERE kind = 'sqlite.database' AND file_id = $CF")
[ "$got" = "1|$hdr|400" ] && ok "A: sqlite.database says carved" || softfail "A: sqlite.database carved = $got"
"$BIN" verify "$WORK/a.db" >"$WORK/va.out" 2>&1 && ok "A: verify holds" || { cat "$WORK/va.out" >&2; softfail "A: verify failed"; }

# A, merged after another shard: the carved file and its rows move with their ids, and the case verifies
"$BIN" ingest "$WORK/d.db" "$WORK/root" --plugins chat >/dev/null 2>&1 || fail "ingest of the directory shard failed"
"$BIN" merge "$WORK/m.db" "$WORK/d.db" >/dev/null 2>&1 || fail "merge of the directory shard failed"
"$BIN" merge "$WORK/m.db" "$WORK/a.db" >"$WORK/m.out" 2>&1 || { cat "$WORK/m.out" >&2; fail "merge of A failed"; }
got=$(q "$WORK/m.db" "SELECT (f.id > $(q "$WORK/a.db" "SELECT $CF")) || '|' || f.evidence_id || '|' || f.path || '|' || quote(f.derived_from) || '|'
              || json_extract(f.derivation, '$.origin.media_offset') || '|' || count(m.id) || '|' || sum(m.deleted)
              FROM files f JOIN messages m ON m.file_id = f.id WHERE f.transform = 'sqlite-carve'")
[ "$got" = "1|2|/\$Unallocated/$reg#sqlite-carve/carved-$hdr.sqlite|NULL|$hdr|400|400" ] \
    && ok "merge: carved file and its 400 messages kept, ids moved" || softfail "merge: $got"
"$BIN" verify "$WORK/m.db" >"$WORK/vm.out" 2>&1 && ok "merge: the merged case verifies" || { cat "$WORK/vm.out" >&2; softfail "merge: verify failed"; }

# B: page 5 (a message leaf) of the deleted file now holds another file's bytes
{ for ((k = 0; k < 240; k++)); do printf 'other file text. '; done; printf '%016d' 0 | tr 0 x; } |
    dd of="$IMG" bs=4096 seek=$((hdr / 4096 + 4)) count=1 iflag=fullblock conv=notrunc status=none || fail "overwriting page 5 failed"
"$BIN" ingest "$WORK/b.db" "$IMG" --plugins sqlite_carve,chat >/dev/null 2>&1 || fail "ingest B failed"
got=$(q "$WORK/b.db" "SELECT json_extract(details, '$.pages') || '|' || json_extract(details, '$.pages_found') || '|'
              || json_extract(details, '$.pages_missing') || '|' || json_extract(details, '$.missing_pages') || '|'
              || quote(json_extract(details, '$.page_offsets[4]')) || '|' || json_extract(details, '$.page_offsets[5]')
              FROM findings WHERE kind = 'sqlite.carved_db'")
[ "$got" = "$pages|$((pages - 1))|1|[5]|NULL|$((hdr + 5 * 4096))" ] && ok "B: page 5 missing, the rest kept" || softfail "B: $got"
n=$(q "$WORK/b.db" "SELECT count(DISTINCT json_extract(details, '$.rowid')) FROM findings WHERE kind = 'sqlite.carved_record' AND subkind = 'message'")
[ "$n" = $((400 - lost)) ] && ok "B: $n messages carved from the other pages" || softfail "B: carved messages = $n"
# B: the partial candidate is registered as found - its bytes are the deleted file's with page 5 zero -
# and gets a patched child (derived from it) in which page 5 is unlinked from the message b-tree; the
# chat parser reads the child only: every other message (none of page 5), marked partial (their table
# lost a page; chat.database names the incomplete table); a warning names the incomplete database
got=$(q "$WORK/b.db" "SELECT json_extract(details, '$.derived_file') || '|' || quote(json_extract(details, '$.unlinked_pages'))
              FROM findings WHERE kind = 'sqlite.carved_db'")
[ "$got" = "1|NULL" ] && ok "B: derived file, registered as found" || softfail "B: derived_file|unlinked_pages = $got"
want_sha=$(python3 -c "import hashlib,sys; b=bytearray(open(sys.argv[1],'rb').read()); b[4*4096:5*4096]=bytes(4096); print(hashlib.sha256(b).hexdigest())" "$WORK/root/msgstore.db")
got=$(q "$WORK/b.db" "SELECT sha256 || '|' || json_extract(derivation, '$.pages_missing') || '|' || json_extract(derivation, '$.missing_pages')
              FROM files WHERE id = $CF")
[ "$got" = "$want_sha|1|[5]" ] && ok "B: the faithful image: bytes as found, page 5 zero, listed missing" || softfail "B: faithful $got"
PF="(SELECT id FROM files WHERE transform = 'sqlite-carve-patch')"
got=$(q "$WORK/b.db" "SELECT (derived_from = $CF) || '|' || path || '|' || allocated || '|' || size || '|' || json_extract(derivation, '$.media_offset') || '|'
              || json_extract(derivation, '$.patched_from') || '|' || json_extract(derivation, '$.unlinked_pages') || '|'
              || json_extract(derivation, '$.incomplete_tables') FROM files WHERE id = $PF")
exp="1|/\$Unallocated/$reg#sqlite-carve/carved-$hdr.sqlite#sqlite-carve-patch/carved-$hdr-patched.sqlite|0|$((pages * 4096))|$hdr"
exp="$exp|carved-$hdr.sqlite|[5]|[\"message\"]"
[ "$got" = "$exp" ] && ok "B: the patched child of the faithful image, page 5 unlinked, message incomplete" \
    || softfail "B: patched child $got, expected $exp"
got=$(q "$WORK/b.db" "SELECT count(*) FROM messages WHERE file_id = $CF")
[ "$got" = 0 ] && ok "B: the faithful image with holes is not parsed" || softfail "B: messages from the faithful image = $got"
got=$(q "$WORK/b.db" "SELECT count(*) || '|' || sum(deleted) || '|' || sum(source = 'carved:$hdr:message:$((first5 - 1))') || '|'
              || sum(source = 'carved:$hdr:message:$first5') || '|' || sum(source = 'carved:$hdr:message:$((first5 + lost - 1))') || '|'
              || sum(source = 'carved:$hdr:message:$((first5 + lost))') || '|' || sum(source = 'carved:$hdr:message:400') || '|'
              || sum(json_extract(details, '$.recovered.completeness') = 'partial') || '|'
              || sum(json_extract(details, '$.recovered.source') = 'carved:$hdr')
              FROM messages WHERE file_id = $PF")
[ "$got" = "$((400 - lost))|$((400 - lost))|1|0|0|1|1|$((400 - lost))|$((400 - lost))" ] \
    && ok "B: the $((400 - lost)) messages of the other pages, none of page 5, all partial" \
    || softfail "B: messages|deleted|before|first5|last5|after|last|partial|source = $got"
got=$(q "$WORK/b.db" "SELECT json_extract(details, '$.carved_patched') || '|' || json_extract(details, '$.incomplete_tables') || '|'
              || json_extract(details, '$.carved_media_offset') FROM findings WHERE kind = 'chat.database' AND file_id = $PF")
[ "$got" = "1|[\"message\"]|$hdr" ] && ok "B: chat.database says patched, message incomplete" || softfail "B: chat.database $got"
got=$(q "$WORK/b.db" "SELECT count(*) FROM findings WHERE kind = 'evidence.warning' AND plugin = 'sqlite_carve'
              AND value LIKE '%carved at media offset $hdr is incomplete: 1 of $pages pages missing;%'")
[ "$got" = 1 ] && ok "B: a warning names the incomplete database" || softfail "B: incomplete warnings = $got"
got=$(q "$WORK/b.db" "SELECT count(*) FROM findings WHERE kind = 'evidence.warning' AND file_id IN ($CF, $PF)")
[ "$got" = 0 ] && ok "B: the chat parser read it without an error" || softfail "B: warnings on the carved files = $got"
finish
