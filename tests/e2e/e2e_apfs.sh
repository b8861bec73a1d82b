#!/usr/bin/env bash
# e2e_apfs: APFS through TSK's pool API, on an APFS container made by mkapfs (apfsprogs) on a
# bare image and inside a GPT partition of type Apple APFS. mkapfs cannot put files in a volume
# without mounting it (needs the apfs kernel module and root), so the volumes are empty: the test
# proves the container is found, the volume is opened through the pool and walked without a
# warning, and the file list equals `fls -r -p -P apfs -B <APSB block>` (TSK's own tool).
. "$(dirname "$0")/lib.sh"
command -v mkapfs >/dev/null || { echo "SKIP: mkapfs (apfsprogs) not installed"; exit 77; }
command -v pstat >/dev/null || { echo "SKIP: pstat (sleuthkit) not installed"; exit 77; }

mk() { # mk FILE: a 256 MiB sparse APFS container with one volume "dftvol"
    truncate -s 256M "$1"
    mkapfs -L dftvol -U 11111111-2222-4333-8444-555555555555 -u 66666666-7777-4888-9999-aaaaaaaaaaaa "$1" \
        >/dev/null 2>&1 || fail "mkapfs failed on $1"
}
mk "$WORK/bare.raw"
# GPT disk: 1 MiB gap, then the same container in an APFS partition
truncate -s 300M "$WORK/gpt.raw"
printf 'label: gpt\nstart=2048, size=524288, type=7C3457EF-0000-11AA-AA11-00306543ECAC\n' |
    sfdisk -q "$WORK/gpt.raw" >/dev/null || fail "sfdisk failed"
dd if="$WORK/bare.raw" of="$WORK/gpt.raw" bs=1M seek=1 conv=notrunc,sparse status=none

for img in bare gpt; do
    off=0
    [ "$img" = gpt ] && off=1048576
    must_ingest "$WORK/$img.db" "$WORK/$img.raw" --no-progress
    row=$(q "$WORK/$img.db" "select type, offset, block_size from filesystems")
    [ "$row" = "apfs|$off|4096" ] || softfail "$img: filesystems row: '$row' (want apfs|$off|4096)"
    w=$(q "$WORK/$img.db" "select count(*) from findings where kind = 'evidence.warning'")
    [ "$w" = 0 ] || softfail "$img: warnings: $(q "$WORK/$img.db" "select value from findings where kind = 'evidence.warning'")"
    # ground truth from TSK's tools: the volume superblock from pstat, the names from fls
    pflag=()
    [ "$img" = gpt ] && pflag=(-o 2048)
    apsb=$(pstat "${pflag[@]}" "$WORK/$img.raw" | sed -n 's/.*APSB Block Number: \([0-9]*\).*/\1/p' | head -1)
    [ -n "$apsb" ] || fail "$img: pstat found no APFS volume"
    fls -r -p -P apfs -B "$apsb" "${pflag[@]}" "$WORK/$img.raw" | sed 's/^[^\t]*\t//' | sed 's|^|/|' | sort > "$WORK/$img.fls"
    q "$WORK/$img.db" "select path from files where type <> 'v' order by path" | sort > "$WORK/$img.ours"
    diff -u "$WORK/$img.fls" "$WORK/$img.ours" > "$WORK/$img.diff" || softfail "$img: file list differs from fls: $(cat "$WORK/$img.diff")"
    ok "$img: APFS volume walked through the pool ($(wc -l < "$WORK/$img.ours") names, fls has $(wc -l < "$WORK/$img.fls"))"
done
finish
