#!/usr/bin/env bash
# e2e_corrupt - damaged evidence gives recorded warnings or one clear error, never a crash.
#  1. truncated.raw (cut inside the NTFS partition), zeroed_sb.raw (ext4 superblock zeroed):
#     exit 0, evidence.warning findings recorded, the readable file systems keep their files.
#  2. a split E01 set without its .E02: non-zero exit, one line naming the set, no evidence row.
#  3. garbage.bin (no partition table, no file system): exit 0 and a "no file system" warning.
#  4. a path that does not exist: non-zero exit, one line.
source "$(dirname "$0")/lib.sh"

# present CASE IMAGE FS: all allocated manifest files of FS are in CASE with their sha256.
present() {
    local case=$1 img=$2 fs=$3 off fsid n=0 bad=0 image mfs path sha del got
    off=$(awk -F'\t' -v f="$fs" '$1 == "disk_mbr.raw" && $2 == f { print $3 }' "$TI/layout.tsv")
    fsid=$(q "$case" "SELECT id FROM filesystems WHERE offset = $off")
    [ -n "$fsid" ] || { softfail "$img: no $fs file system at offset $off"; return; }
    while IFS=$'\t' read -r image mfs path sha del; do
        [ "$mfs" = "$fs" ] && [ "$del" = 0 ] && [ "$path" != /empty.txt ] || continue
        got=$(q "$case" "SELECT sha256 FROM files WHERE filesystem_id = $fsid AND path = $(sqlq "$path")")
        if [ "$got" != "$sha" ]; then
            softfail "$img: $fs $path sha256 '$got', expected $sha"
            bad=$((bad + 1))
        fi
        n=$((n + 1))
    done < <(tail -n +2 "$TI/manifest.tsv")
    [ $bad -eq 0 ] && ok "$img: $n files of $fs intact"
}

warnings() { q "$1" "SELECT count(*) FROM findings WHERE kind = 'evidence.warning'"; }

# 1a. truncated
rc=0; ingest "$WORK/trunc.db" "$TI/truncated.raw" || rc=$?
[ $rc -eq 0 ] || { cat "$WORK/last.err" >&2; fail "truncated.raw: exit $rc, expected 0"; }
w=$(warnings "$WORK/trunc.db")
[ "$w" -ge 1 ] && ok "truncated.raw: $w warnings" || softfail "truncated.raw: no evidence.warning finding"
present "$WORK/trunc.db" truncated.raw ext4
present "$WORK/trunc.db" truncated.raw fat32
st=$(q "$WORK/trunc.db" "SELECT status FROM evidence")
[ "$st" = complete ] || softfail "truncated.raw: evidence.status '$st' (the ingest finished)"

# 1b. zeroed superblock
rc=0; ingest "$WORK/zsb.db" "$TI/zeroed_sb.raw" || rc=$?
[ $rc -eq 0 ] || { cat "$WORK/last.err" >&2; fail "zeroed_sb.raw: exit $rc, expected 0"; }
w=$(warnings "$WORK/zsb.db")
[ "$w" -ge 1 ] && ok "zeroed_sb.raw: $w warnings" || softfail "zeroed_sb.raw: no evidence.warning finding"
present "$WORK/zsb.db" zeroed_sb.raw fat32
present "$WORK/zsb.db" zeroed_sb.raw ntfs
n=$(q "$WORK/zsb.db" "SELECT count(*) FROM files f JOIN filesystems s ON s.id = f.filesystem_id WHERE s.offset = 1048576")
[ "$n" -eq 0 ] || softfail "zeroed_sb.raw: $n files claimed for the destroyed ext4"

# 2. missing segment
rc=0; ingest "$WORK/miss.db" "$TI/missing_segment/disk_mbr_split.E01" || rc=$?
if [ $rc -eq 0 ]; then
    softfail "missing .E02: exit 0, expected non-zero"
else
    one_line_error "$WORK/last.err" || softfail "missing .E02: stderr is not one line"
    grep -q 'disk_mbr_split' "$WORK/last.err" || softfail "missing .E02: error does not name the file: $(cat "$WORK/last.err")"
    ok "missing .E02: exit $rc: $(head -1 "$WORK/last.err")"
fi
if [ -f "$WORK/miss.db" ]; then
    n=$(q "$WORK/miss.db" "SELECT count(*) FROM evidence")
    [ "$n" -eq 0 ] || softfail "missing .E02: $n evidence rows left in the case"
fi

# 3. garbage
rc=0; ingest "$WORK/garbage.db" "$TI/garbage.bin" || rc=$?
if [ $rc -ne 0 ]; then
    softfail "garbage.bin: exit $rc, expected 0 with a warning: $(cat "$WORK/last.err")"
else
    n=$(q "$WORK/garbage.db" "SELECT count(*) FROM findings WHERE kind = 'evidence.warning'
        AND (lower(value) LIKE '%no file system%' OR lower(details) LIKE '%no file system%')")
    [ "$n" -ge 1 ] && ok "garbage.bin: 'no file system' warning" \
        || softfail "garbage.bin: no 'no file system' warning: $(q "$WORK/garbage.db" "SELECT value FROM findings")"
    st=$(q "$WORK/garbage.db" "SELECT sha256 FROM evidence")
    [ "$st" = "$(sha256sum "$TI/garbage.bin" | cut -d' ' -f1)" ] || softfail "garbage.bin: evidence sha256 '$st'"
fi

# 4. nonexistent
rc=0; ingest "$WORK/none.db" "$WORK/does-not-exist.raw" || rc=$?
if [ $rc -eq 0 ]; then
    softfail "nonexistent evidence: exit 0"
else
    one_line_error "$WORK/last.err" || softfail "nonexistent evidence: stderr is not one line"
    grep -q 'does-not-exist.raw' "$WORK/last.err" || softfail "nonexistent evidence: error does not name the path"
    ok "nonexistent: exit $rc: $(head -1 "$WORK/last.err")"
fi
if [ -f "$WORK/none.db" ]; then
    n=$(q "$WORK/none.db" "SELECT count(*) FROM evidence")
    [ "$n" -eq 0 ] || softfail "nonexistent evidence: $n evidence rows"
fi
finish
