#!/usr/bin/env bash
# e2e_unalloc: unallocated space and slack reach DFT_CLAIM_UNALLOC plugins (issue 7 item 1).
#
# A copy of disk_mbr.raw (ext4, FAT32, NTFS partitions) gets a marker "DFTMARK-<fs>" planted in a
# block that TSK (blkls, blkstat) reports unallocated in each file system, and one in the slack of
# an ext4 file (after its EOF, inside its last block, found with istat). An APFS container in a GPT
# partition (mkapfs) gets one in a block that pstat lists under "Unallocated Container Blocks".
# The external plugin tests/e2e/marker_plugin.c finds them; the test checks the exact media
# offset, region row, file system, file_id NULL (slack: the file), that slack is found only with
# --slack, that the regions come from the media-hash read (no second read of the media, counted
# with DFT_READ_STATS), and that without an UNALLOC plugin nothing is read twice either.
. "$(dirname "$0")/lib.sh"
PLUGDIR=$1
[ -f "$PLUGDIR/marker_plugin.so" ] || fail "marker_plugin.so not built in $PLUGDIR"
for t in blkls blkstat blkcat istat; do command -v $t >/dev/null || { echo "SKIP: $t (sleuthkit) not installed"; exit 77; }; done

DISK=$WORK/disk.raw
cp "$TI/disk_mbr.raw" "$DISK"
SIZE=$(stat -c %s "$DISK")

plant() { # plant FILE OFFSET TEXT
    printf '%s' "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

declare -A WANT_OFF
for fs in ext4 fat32 ntfs; do
    off=$(layout_offset disk_mbr.raw $fs)
    sect=$((off / 512))
    # the middle unallocated block of the file system, as TSK lists them
    blk=$(blkls -l -o $sect "$DISK" | awk -F'|' '$2 == "f" { a[n++] = $1 } END { print a[int(n / 2)] }')
    [ -n "$blk" ] || fail "$fs: blkls lists no unallocated block"
    blkstat -o $sect "$DISK" "$blk" | grep -q "Not Allocated" || fail "$fs: blkstat says block $blk is allocated"
    bs=$(blkcat -o $sect "$DISK" "$blk" | wc -c)
    [ "$bs" -ge 512 ] || fail "$fs: block size $bs"
    WANT_OFF[$fs]=$((off + blk * bs + 100))
    plant "$DISK" "${WANT_OFF[$fs]}" "DFTMARK-$fs"
    ok "$fs: marker planted in unallocated block $blk ($bs bytes) at media offset ${WANT_OFF[$fs]}"
done

# slack: /README.txt on ext4 (inode 12): after its last byte, inside its last block
EXT4_OFF=$(layout_offset disk_mbr.raw ext4)
EXT4_SECT=$((EXT4_OFF / 512))
isize=$(istat -o $EXT4_SECT "$DISK" 12 | sed -n 's/^size: \([0-9]*\).*/\1/p')
last=$(istat -o $EXT4_SECT "$DISK" 12 | awk '/^Direct Blocks:/ { f = 1; next } f && NF { for (i = 1; i <= NF; i++) b = $i } END { print b }')
ebs=$(blkcat -o $EXT4_SECT "$DISK" "$last" | wc -c)
[ -n "$isize" ] && [ -n "$last" ] || fail "istat: no size or block for /README.txt"
tail=$((isize % ebs))
[ $tail -gt 0 ] && [ $((ebs - tail)) -gt 40 ] || fail "/README.txt ($isize bytes) leaves no room in its last block"
SLACK_OFF=$((EXT4_OFF + last * ebs + tail + 8))
plant "$DISK" $SLACK_OFF "DFTMARK-slack"
SLACK_REGION=$((EXT4_OFF + last * ebs + tail))
ok "slack marker after EOF of /README.txt ($isize bytes, last block $last) at media offset $SLACK_OFF"

markers() { q "$1" "SELECT value, coalesce(file_id, 'NULL'), region_id, media_offset, offset FROM findings WHERE kind = 'test.marker' ORDER BY media_offset"; }

# 1. no UNALLOC plugin (built-in scanners such as crypto_scan claim unallocated space: left out): the
# media is read once (the hash), plus the fingerprint's 2 MiB
DFT_READ_STATS=1 must_ingest "$WORK/none.db" "$DISK" --no-progress --threads 2 --plugins sqlite_inventory
grep -q "media reads: .*: hash $SIZE bytes, read_at 2097152 bytes" "$WORK/last.err" ||
    softfail "no plugin: media reads: $(grep 'media reads' "$WORK/last.err")"
grep -q "unallocated space and slack" "$WORK/last.err" && softfail "no plugin: the region scan ran"
[ "$(q "$WORK/none.db" "SELECT count(*) FROM findings WHERE kind = 'test.marker'")" = 0 ] || softfail "no plugin: markers found"

# 2. with the plugin: every fs marker, exact media offsets, from the hash read
DFT_READ_STATS=1 must_ingest "$WORK/u.db" "$DISK" --no-progress --threads 2 --plugin-dir "$PLUGDIR"
grep -q "media reads: .*: hash $SIZE bytes, read_at 2097152 bytes" "$WORK/last.err" ||
    softfail "plugin: the media was read again: $(grep 'media reads' "$WORK/last.err")"
grep -q "bytes from the media-hash read, 0 bytes read again" "$WORK/last.err" ||
    softfail "plugin: $(grep 'unallocated space' "$WORK/last.err")"
for fs in ext4 fat32 ntfs; do
    mo=${WANT_OFF[$fs]}
    fsid=$(fsid "$WORK/u.db" 1 "$(layout_offset disk_mbr.raw $fs)")
    reg=$(q "$WORK/u.db" "SELECT id || '|' || offset FROM unallocated WHERE kind = 'fs_unalloc' AND filesystem_id = $fsid AND offset <= $mo AND offset + length > $mo")
    [ -n "$reg" ] || { softfail "$fs: no unallocated row holds media offset $mo"; continue; }
    rid=${reg%|*}
    roff=${reg#*|}
    got=$(q "$WORK/u.db" "SELECT coalesce(file_id, 'NULL'), region_id, media_offset, offset, subkind FROM findings WHERE kind = 'test.marker' AND value = 'DFTMARK-$fs'")
    want="NULL|$rid|$mo|$((mo - roff))|fs_unalloc"
    [ "$got" = "$want" ] && ok "$fs: found at media offset $mo in region $rid" || softfail "$fs: finding '$got', want '$want'"
    det=$(q "$WORK/u.db" "SELECT details FROM findings WHERE value = 'DFTMARK-$fs'")
    case "$det" in *"\"region_id\":$rid,\"file_id\":0,\"region_offset\":$roff,"*) ;; *) softfail "$fs: plugin saw region $det";; esac
done
[ "$(q "$WORK/u.db" "SELECT count(*) FROM findings WHERE value = 'DFTMARK-slack'")" = 0 ] ||
    softfail "slack marker found without --slack"
[ "$(q "$WORK/u.db" "SELECT count(*) FROM findings WHERE kind = 'evidence.warning'")" = 0 ] ||
    softfail "warnings: $(q "$WORK/u.db" "SELECT value FROM findings WHERE kind = 'evidence.warning'")"

# 3. --slack: the slack marker too, with its file; the same run at 1 and 3 threads is identical
for t in 1 3; do
    must_ingest "$WORK/s$t.db" "$DISK" --no-progress --threads $t --plugin-dir "$PLUGDIR" --slack
done
fid=$(q "$WORK/s1.db" "SELECT id FROM files WHERE path = '/README.txt' AND filesystem_id = $(fsid "$WORK/s1.db" 1 $EXT4_OFF)")
got=$(q "$WORK/s1.db" "SELECT file_id, coalesce(region_id, 'NULL'), media_offset, offset, subkind FROM findings WHERE value = 'DFTMARK-slack'")
want="$fid|NULL|$SLACK_OFF|$((SLACK_OFF - SLACK_REGION))|slack"
[ "$got" = "$want" ] && ok "slack: found with --slack in /README.txt (file $fid) at $SLACK_OFF" || softfail "slack: '$got', want '$want'"
[ "$(markers "$WORK/s1.db")" = "$(markers "$WORK/s3.db")" ] || softfail "findings differ between 1 and 3 threads"
[ "$(q "$WORK/s1.db" "SELECT count(*) FROM findings WHERE kind = 'test.marker'")" = 4 ] ||
    softfail "--slack: $(markers "$WORK/s1.db")"

# 4. APFS in GPT: the container's free space (pstat's "Unallocated Container Blocks")
if command -v mkapfs >/dev/null && command -v pstat >/dev/null; then
    truncate -s 256M "$WORK/apfs.raw"
    mkapfs -L dftvol -U 11111111-2222-4333-8444-555555555555 -u 66666666-7777-4888-9999-aaaaaaaaaaaa \
        "$WORK/apfs.raw" >/dev/null 2>&1 || fail "mkapfs failed"
    truncate -s 300M "$WORK/gpt.raw"
    printf 'label: gpt\nstart=2048, size=524288, type=7C3457EF-0000-11AA-AA11-00306543ECAC\n' |
        sfdisk -q "$WORK/gpt.raw" >/dev/null || fail "sfdisk failed"
    dd if="$WORK/apfs.raw" of="$WORK/gpt.raw" bs=1M seek=1 conv=notrunc,sparse status=none
    pstat -o 2048 "$WORK/gpt.raw" | awk '/Unallocated Container Blocks/ { f = 1; next } f && /0x/ { print $2 }' |
        while IFS=- read -r a b; do echo "$((1048576 + a * 4096))|$(((b - a + 1) * 4096))"; done > "$WORK/pstat.free"
    [ -s "$WORK/pstat.free" ] || fail "pstat lists no unallocated container blocks"
    # the middle of the last free range
    last_free=$(tail -1 "$WORK/pstat.free")
    AMO=$(( ${last_free%|*} + (${last_free#*|} / 2 / 4096) * 4096 + 100 ))
    plant "$WORK/gpt.raw" $AMO "DFTMARK-apfs"
    DFT_READ_STATS=1 must_ingest "$WORK/apfs.db" "$WORK/gpt.raw" --no-progress --plugin-dir "$PLUGDIR"
    { q "$WORK/apfs.db" "SELECT offset || '|' || length FROM unallocated WHERE kind = 'fs_unalloc' ORDER BY offset"; echo; } > "$WORK/ours.free"
    diff -u "$WORK/pstat.free" "$WORK/ours.free" >/dev/null ||
        softfail "APFS free space differs from pstat: $(diff -u "$WORK/pstat.free" "$WORK/ours.free")"
    pool=$(q "$WORK/apfs.db" "SELECT id FROM volumes WHERE scheme = 'apfs-pool'")
    reg=$(q "$WORK/apfs.db" "SELECT id || '|' || offset FROM unallocated WHERE volume_id = $pool AND offset <= $AMO AND offset + length > $AMO")
    got=$(q "$WORK/apfs.db" "SELECT coalesce(file_id, 'NULL'), region_id, media_offset, offset FROM findings WHERE value = 'DFTMARK-apfs'")
    want="NULL|${reg%|*}|$AMO|$((AMO - ${reg#*|}))"
    [ -n "$reg" ] && [ "$got" = "$want" ] && ok "apfs: found at media offset $AMO in the container's free space" ||
        softfail "apfs: '$got', want '$want'"
    grep -q "0 bytes read again" "$WORK/last.err" || softfail "apfs: $(grep 'unallocated space' "$WORK/last.err")"
else
    echo "note: mkapfs or pstat missing: APFS part skipped"
fi
finish
