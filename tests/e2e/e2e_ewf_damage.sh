#!/usr/bin/env bash
# e2e_ewf_damage: an E01 whose last segment lost its end is refused with one line naming the
# segment (libewf would otherwise serve bytes it cannot vouch for); an E01 with a damaged chunk is
# ingested, with the chunk hashed as zeros and counted (bad_bytes), a warning naming the sectors,
# and the stored-hash mismatch recorded; every file whose content lies in the damaged chunk is
# marked partial with the chunk named, and every other file keeps the hash it has in the clean raw
# image (ground truth: the same disk ingested from disk_mbr.raw).
. "$(dirname "$0")/lib.sh"

mkdir -p "$WORK/trunc" "$WORK/damaged"
cp "$TI"/disk_mbr_split.E0? "$WORK/trunc/"
last=$(ls "$WORK/trunc"/disk_mbr_split.E0? | tail -1)
truncate -s $(( $(stat -c %s "$last") / 2 )) "$last"
set +e
"$BIN" ingest "$WORK/t.db" "$WORK/trunc/disk_mbr_split.E01" --no-progress 2> "$WORK/trunc.err"
rc=$?
set -e
[ "$rc" -ne 0 ] || softfail "a truncated EWF set was accepted"
[ "$(wc -l < "$WORK/trunc.err")" -eq 1 ] || softfail "not one line: $(cat "$WORK/trunc.err")"
grep -q "$(basename "$last").*truncated" "$WORK/trunc.err" || softfail "message does not name the segment: $(cat "$WORK/trunc.err")"
[ ! -s "$WORK/t.db" ] || [ "$(q "$WORK/t.db" "select count(*) from evidence")" = 0 ] || softfail "evidence row left behind"

# damage 4 KiB in the middle of the single-segment E01 (zlib data: the chunk's checksum fails)
cp "$TI/disk_mbr.E01" "$WORK/damaged/d.E01"
size=$(stat -c %s "$WORK/damaged/d.E01")
dd if=/dev/zero of="$WORK/damaged/d.E01" bs=1 seek=$(( size / 2 )) count=4096 conv=notrunc status=none
"$BIN" ingest "$WORK/d.db" "$WORK/damaged/d.E01" --no-progress 2> "$WORK/damaged.err" || { cat "$WORK/damaged.err" >&2; fail "damaged E01 not ingested"; }
[ "$(q "$WORK/d.db" "select bad_bytes > 0 and stored_match = 0 and status = 'complete' from evidence")" = 1 ] \
    || softfail "bad_bytes/stored_match: $(q "$WORK/d.db" "select bad_bytes, stored_match, status from evidence")"
[ "$(q "$WORK/d.db" "select count(*) from findings where kind='evidence.warning' and value like '%failed their checksum%sectors%'")" = 1 ] \
    || softfail "no checksum warning naming the sectors"
[ "$(q "$WORK/d.db" "select count(*) from findings where kind='evidence.warning' and value like '%stored MD5%does not match%'")" = 1 ] \
    || softfail "no stored-hash mismatch warning"

# per-file marking against the clean raw image of the same disk
must_ingest "$WORK/truth.db" "$TI/disk_mbr.raw" --no-progress
cmp_sql="attach '$WORK/truth.db' as t;
  with d as (select fs.offset o, f.path, f.meta_addr, f.attr_type, f.attr_id, f.sha256, f.hash_status, f.error, f.type
             from files f join filesystems fs on fs.id = f.filesystem_id where f.type = 'r'),
       r as (select fs.offset o, f.path, f.meta_addr, f.attr_type, f.attr_id, f.sha256
             from t.files f join t.filesystems fs on fs.id = f.filesystem_id where f.type = 'r')
  select"
joined="from d join r using (o, path, meta_addr, attr_type, attr_id)"
partial=$(q "$WORK/d.db" "$cmp_sql count(*) $joined where d.hash_status = 'partial'")
[ "$partial" -ge 1 ] || softfail "no file marked partial although a chunk with file data is damaged"
wrong=$(q "$WORK/d.db" "$cmp_sql group_concat(d.path) $joined where d.sha256 is not r.sha256 and d.hash_status is not 'partial'")
[ -z "$wrong" ] || softfail "files with content from the damaged chunk not marked partial: $wrong"
spurious=$(q "$WORK/d.db" "$cmp_sql group_concat(d.path) $joined where d.hash_status = 'partial' and d.sha256 is r.sha256")
[ -z "$spurious" ] || softfail "files marked partial with their true hash: $spurious"
unnamed=$(q "$WORK/d.db" "$cmp_sql count(*) $joined where d.hash_status = 'partial' and d.error not like '%unreadable bytes%EWF chunk at sectors%checksum%'")
[ "$unnamed" = 0 ] || softfail "partial files whose error does not name the chunk: $(q "$WORK/d.db" "select path, error from files where hash_status = 'partial'")"
same=$(q "$WORK/d.db" "$cmp_sql count(*) $joined where d.sha256 is r.sha256")
total=$(q "$WORK/d.db" "$cmp_sql count(*) $joined")
[ "$same" -gt 0 ] && [ $((same + partial)) -eq "$total" ] || softfail "files: $same intact + $partial partial != $total"
# the bytes lost are the damaged chunk's, not the rest of a 1 MiB read
lost=$(q "$WORK/d.db" "select error from files where hash_status = 'partial' limit 1" | sed -n 's/^\([0-9]*\) unreadable bytes.*/\1/p')
[ -n "$lost" ] && [ "$lost" -le 32768 ] || softfail "more than one chunk counted unreadable: $lost"
finish
