#!/usr/bin/env bash
# e2e_ewf_damage: an E01 whose last segment lost its end is refused with one line naming the
# segment (libewf would otherwise serve bytes it cannot vouch for); an E01 with a damaged chunk is
# ingested, with the chunk hashed as zeros and counted (bad_bytes), a warning naming the sectors,
# and the stored-hash mismatch recorded.
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
finish
