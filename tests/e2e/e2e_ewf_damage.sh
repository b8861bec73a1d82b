#!/usr/bin/env bash
# e2e_ewf_damage: an E01 whose last segment lost its end is refused with one line naming the
# segment (libewf would otherwise serve bytes it cannot vouch for); an E01 with a damaged chunk is
# ingested, with the chunk hashed as zeros and counted (bad_bytes), a warning naming the sectors,
# and the stored-hash mismatch recorded; every file whose content lies in the damaged chunk is
# marked partial with the chunk named, and every other file keeps the hash it has in the clean raw
# image (ground truth: the same disk ingested from disk_mbr.raw). Also: a small file in a bad
# chunk, a bad chunk in the first MiB, and a crafted table with an oversized chunk.
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

# one corrupted byte in a section descriptor (not a truncation): named as damage, not "truncated"
mkdir -p "$WORK/hdr"
cp "$TI/disk_mbr.E01" "$WORK/hdr/h.E01"
printf '\x7a' | dd of="$WORK/hdr/h.E01" bs=1 seek=15 conv=notrunc status=none
set +e
"$BIN" ingest "$WORK/h.db" "$WORK/hdr/h.E01" --no-progress 2> "$WORK/hdr.err"
rc=$?
set -e
[ "$rc" -eq 1 ] || softfail "a corrupted EWF header byte: exit $rc, expected 1"
grep -q "h.E01 is damaged: the section descriptor at byte 13 fails its checksum" "$WORK/hdr.err" \
    || softfail "corrupted header byte not named as damage: $(cat "$WORK/hdr.err")"
grep -q "truncated" "$WORK/hdr.err" && softfail "corrupted header byte reported as truncated: $(cat "$WORK/hdr.err")"

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
# vs_truth CASE MIN_PARTIAL LABEL: every file of CASE is either intact (the raw image's hash) or
# partial with its error naming an E01 chunk; at least MIN_PARTIAL are partial; a partial file
# lost at most one chunk (32 KiB) of bytes.
vs_truth() {
    local db=$1 min=$2 label=$3
    local cmp_sql="attach '$WORK/truth.db' as t;
      with d as (select fs.offset o, f.path, f.meta_addr, f.attr_type, f.attr_id, f.sha256, f.hash_status, f.error
                 from files f join filesystems fs on fs.id = f.filesystem_id where f.type = 'r'),
           r as (select fs.offset o, f.path, f.meta_addr, f.attr_type, f.attr_id, f.sha256
                 from t.files f join t.filesystems fs on fs.id = f.filesystem_id where f.type = 'r')
      select"
    local joined="from d join r using (o, path, meta_addr, attr_type, attr_id)"
    local partial wrong spurious unnamed same total lost fails_before=$FAILS
    partial=$(q "$db" "$cmp_sql count(*) $joined where d.hash_status = 'partial'")
    [ "$partial" -ge "$min" ] || softfail "$label: $partial partial files, want at least $min"
    wrong=$(q "$db" "$cmp_sql group_concat(d.path) $joined where d.sha256 is not r.sha256 and d.hash_status is not 'partial'")
    [ -z "$wrong" ] || softfail "$label: files with content from a damaged chunk not marked partial: $wrong"
    spurious=$(q "$db" "$cmp_sql group_concat(d.path) $joined where d.hash_status = 'partial' and d.sha256 is r.sha256")
    [ -z "$spurious" ] || softfail "$label: files marked partial with their true hash: $spurious"
    unnamed=$(q "$db" "$cmp_sql count(*) $joined where d.hash_status = 'partial' and d.error not like '%unreadable bytes%EWF chunk at sectors%checksum%'")
    [ "$unnamed" = 0 ] || softfail "$label: partial files whose error does not name the chunk: $(q "$db" "select path, error from files where hash_status = 'partial'")"
    same=$(q "$db" "$cmp_sql count(*) $joined where d.sha256 is r.sha256")
    total=$(q "$db" "$cmp_sql count(*) $joined")
    [ "$same" -gt 0 ] && [ $((same + partial)) -eq "$total" ] || softfail "$label: files: $same intact + $partial partial != $total"
    # the bytes lost are the damaged chunk's, not the rest of a 1 MiB read
    lost=$(q "$db" "select max(cast(error as integer)) from files where hash_status = 'partial'")
    [ "$partial" = 0 ] || { [ -n "$lost" ] && [ "$lost" -le 32768 ]; } || softfail "$label: more than one chunk counted unreadable: $lost"
    [ "$FAILS" != "$fails_before" ] || ok "$label: $partial partial, $same intact of $total files"
}
vs_truth "$WORK/d.db" 1 "compressed chunk in the middle"

# a small file (its last and only block is read with a length TSK would turn into zeros on a
# failed read): damage its bytes where the uncompressed split set stores them as is
mkdir -p "$WORK/small"
cp "$TI"/disk_mbr_split.E0? "$WORK/small/"
# the file's chunk must hold no directory block and no inode table (or the file is not walked)
bs=$(q "$WORK/truth.db" "select block_size from filesystems where offset = 1048576")
chunk_of() { echo $(( (1048576 + $1 * bs) / 32768 )); }
meta_chunks=" "
while read -r a b; do
    for ((k = a; k <= b; k += 32)); do meta_chunks+="$(chunk_of "$k") "; done
    meta_chunks+="$(chunk_of "$b") "
done < <(fsstat -o 2048 "$TI/disk_mbr.raw" | sed -n 's/^ *Inode Table: \([0-9]*\) - \([0-9]*\).*/\1 \2/p')
for d in $(q "$WORK/truth.db" "select f.meta_addr from files f join filesystems fs on fs.id = f.filesystem_id
                               where fs.offset = 1048576 and f.type = 'd'"); do
    for blk in $(istat -o 2048 "$TI/disk_mbr.raw" "$d" | sed -n '/^Direct Blocks:/,/^$/p' | grep -o '[0-9]*'); do
        meta_chunks+="$(chunk_of "$blk") "
    done
done
hit=""
while IFS='|' read -r path inode size; do
    blk=$(istat -o 2048 "$TI/disk_mbr.raw" "$inode" | sed -n '/^Direct Blocks:/{n;p;q}' | grep -o '^[0-9]*')
    [ -n "$blk" ] || continue
    case "$meta_chunks" in *" $(chunk_of "$blk") "*) continue ;; esac
    off=$((1048576 + blk * bs + size / 2)) # the middle of the file's bytes on the disk
    python3 "$(dirname "$0")/ewf_edit.py" flip-at "$WORK/small/disk_mbr_split.E01" $((off / 32768)) $((off % 32768))
    hit=$path
    break
done < <(q "$WORK/truth.db" "select f.path, f.meta_addr, f.size from files f join filesystems fs on fs.id = f.filesystem_id
                             where fs.offset = 1048576 and f.type = 'r' and f.size between 64 and 3000 order by f.path"; echo)
[ -n "$hit" ] || fail "no small ext4 file in a chunk without file-system metadata"
must_ingest "$WORK/s.db" "$WORK/small/disk_mbr_split.E01" --no-progress
[ "$(q "$WORK/s.db" "select hash_status from files f join filesystems fs on fs.id = f.filesystem_id
                      where fs.offset = 1048576 and f.path = '$hit'")" = partial ] \
    || softfail "small file $hit in a bad chunk not marked partial: $(q "$WORK/s.db" "select hash_status, sha256, error from files where path = '$hit'")"
vs_truth "$WORK/s.db" 1 "small file $hit"

# a bad chunk in the first MiB (read for the evidence fingerprint): ingested with the warning
mkdir -p "$WORK/first"
cp "$TI"/disk_mbr_split.E0? "$WORK/first/"
python3 "$(dirname "$0")/ewf_edit.py" flip "$WORK/first/disk_mbr_split.E01" 1
must_ingest "$WORK/f.db" "$WORK/first/disk_mbr_split.E01" --no-progress
[ "$(q "$WORK/f.db" "select count(*) from findings where kind='evidence.warning' and value like '%sectors 64-127%'")" = 1 ] \
    || softfail "chunk 1: no warning naming sectors 64-127"
vs_truth "$WORK/f.db" 0 "chunk 1 (before the first partition)"

# a crafted table: one chunk claims 200 KB of stored bytes (libewf copies that much into the
# reader's buffer); ingested, digests and bad sectors as `ewfverify -w` computes them
mkdir -p "$WORK/over"
cp "$TI/disk_mbr.E01" "$WORK/over/o.E01"
python3 "$(dirname "$0")/ewf_edit.py" oversize "$WORK/over/o.E01" 1000 200000
must_ingest "$WORK/o.db" "$WORK/over/o.E01" --no-progress
ewfverify -w "$WORK/over/o.E01" > "$WORK/over/v.out" 2>&1 || true
vmd5=$(sed -n 's/^MD5 hash calculated over data:[[:space:]]*//p' "$WORK/over/v.out")
vbad=$(sed -n 's/.*at sector(s):.*(number: \([0-9]*\)).*/\1/p' "$WORK/over/v.out" | awk '{s+=$1} END {print s*512}')
[ "$(q "$WORK/o.db" "select md5 || ' ' || bad_bytes from evidence")" = "$vmd5 $vbad" ] \
    || softfail "oversized chunk: $(q "$WORK/o.db" "select md5, bad_bytes from evidence") != ewfverify -w $vmd5 $vbad"
finish
