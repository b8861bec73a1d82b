#!/usr/bin/env bash
# e2e_image_hashes - whole-evidence hashes and EWF metadata.
#  1. raw: evidence md5/sha1/sha256/size equal md5sum/sha1sum/sha256sum/stat of the file.
#  2. E01: the hashes of the media equal the raw's; stored_md5/stored_sha1 equal what ewfinfo
#     reads from the container, stored_match = 1, evidence_meta holds the acquisition metadata.
#  3. split raw (.001) and split E01 (.E01 .E02 .E03): same sha256 as the raw.
# Each evidence goes into its own case (same content twice in one case is a duplicate).
source "$(dirname "$0")/lib.sh"

RAW=$TI/disk_mbr.raw
MD5=$(md5sum "$RAW" | cut -d' ' -f1)
SHA1=$(sha1sum "$RAW" | cut -d' ' -f1)
SHA256=$(sha256sum "$RAW" | cut -d' ' -f1)
SIZE=$(stat -c %s "$RAW")

# expect CASE COLUMN VALUE
expect() {
    local got
    got=$(q "$1" "SELECT $2 FROM evidence")
    if [ "$got" = "$3" ]; then ok "$(basename "$1"): evidence.$2 = $3"; else softfail "$(basename "$1"): evidence.$2 = '$got', expected '$3'"; fi
}

must_ingest "$WORK/raw.db" "$RAW"
expect "$WORK/raw.db" "count(*)" 1
expect "$WORK/raw.db" md5 "$MD5"
expect "$WORK/raw.db" sha1 "$SHA1"
expect "$WORK/raw.db" sha256 "$SHA256"
expect "$WORK/raw.db" size "$SIZE"
expect "$WORK/raw.db" kind raw
expect "$WORK/raw.db" status complete

E01=$TI/disk_mbr.E01
ewfinfo "$E01" >"$WORK/ewfinfo.txt"
EWF_MD5=$(awk -F'\t' '/^\tMD5:/ { print $NF }' "$WORK/ewfinfo.txt")
EWF_SHA1=$(awk -F'\t' '/^\tSHA1:/ { print $NF }' "$WORK/ewfinfo.txt")
[ "$EWF_MD5" = "$MD5" ] || fail "fixture: ewfinfo MD5 '$EWF_MD5' != md5sum of raw $MD5"
ewfverify -q "$E01" >"$WORK/ewfverify.txt" 2>&1 || fail "fixture: ewfverify fails on $E01"
grep -q "MD5 hash stored in file:.*$MD5" "$WORK/ewfverify.txt" || fail "fixture: ewfverify stored MD5"

must_ingest "$WORK/e01.db" "$E01" --case-number E2E-HASH --examiner "e2e tester"
expect "$WORK/e01.db" kind ewf
expect "$WORK/e01.db" size "$SIZE"
expect "$WORK/e01.db" md5 "$MD5"
expect "$WORK/e01.db" sha1 "$SHA1"
expect "$WORK/e01.db" sha256 "$SHA256"
expect "$WORK/e01.db" stored_md5 "$EWF_MD5"
expect "$WORK/e01.db" stored_sha1 "$EWF_SHA1"
expect "$WORK/e01.db" stored_match 1
expect "$WORK/e01.db" status complete
# evidence_meta carries what was given to ewfacquire (build.sh: -C -e -E -D -N).
for kv in "ewf.case_number=TEST-2024-001" "ewf.examiner_name=Test Examiner" "ewf.evidence_number=EV-0001"; do
    k=${kv%%=*}
    v=${kv#*=}
    got=$(q "$WORK/e01.db" "SELECT value FROM evidence_meta WHERE key = $(sqlq "$k")")
    if [ "$got" = "$v" ]; then ok "evidence_meta $k = $v"; else softfail "evidence_meta $k = '$got', expected '$v'"; fi
done
# The case's own case number comes from the command line, not from the container.
got=$(q "$WORK/e01.db" "SELECT value FROM case_info WHERE key = 'case_number'")
[ "$got" = E2E-HASH ] || softfail "case_info case_number = '$got', expected E2E-HASH"
# The same file systems are found through the EWF layer as through the raw.
a=$(q "$WORK/raw.db" "SELECT count(*) || '/' || coalesce(sum(allocated), 0) FROM files")
b=$(q "$WORK/e01.db" "SELECT count(*) || '/' || coalesce(sum(allocated), 0) FROM files")
[ "$a" = "$b" ] && ok "E01 files = raw files ($a)" || softfail "files count/allocated raw $a vs E01 $b"

must_ingest "$WORK/split.db" "$TI/disk_mbr.raw.001"
expect "$WORK/split.db" kind split
expect "$WORK/split.db" size "$SIZE"
expect "$WORK/split.db" sha256 "$SHA256"
expect "$WORK/split.db" md5 "$MD5"

must_ingest "$WORK/split_e01.db" "$TI/disk_mbr_split.E01"
expect "$WORK/split_e01.db" kind ewf
expect "$WORK/split_e01.db" sha256 "$SHA256"
expect "$WORK/split_e01.db" stored_md5 "$MD5"
expect "$WORK/split_e01.db" stored_match 1
c=$(q "$WORK/split_e01.db" "SELECT count(*) || '/' || coalesce(sum(allocated), 0) FROM files")
[ "$a" = "$c" ] && ok "split E01 files = raw files" || softfail "files raw $a vs split E01 $c"
finish
