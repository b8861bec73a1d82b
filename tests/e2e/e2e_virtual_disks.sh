#!/usr/bin/env bash
# e2e_virtual_disks: VMDK (sparse and monolithic flat) and VHD (dynamic and fixed) copies of the
# MBR test disk, made with qemu-img, decode to the same media (same SHA-256 as the raw image)
# and walk to the same files with the same content hashes.
. "$(dirname "$0")/lib.sh"
command -v qemu-img >/dev/null || { echo "qemu-img missing (qemu-utils)"; exit 77; }
raw=$TI/disk_mbr.raw
want=$(sha256sum "$raw" | cut -d' ' -f1)
"$BIN" ingest "$WORK/raw.db" "$raw" --no-progress 2>/dev/null || fail "raw ingest failed"
files_raw=$(q "$WORK/raw.db" "select group_concat(path || ':' || ifnull(sha256, '-'), ',') from (select path, sha256 from files order by id)")
mkdir -p "$WORK/img"
qemu-img convert -O vmdk "$raw" "$WORK/img/sparse.vmdk"
qemu-img convert -O vmdk -o subformat=monolithicFlat "$raw" "$WORK/img/flat.vmdk"
qemu-img convert -O vpc -o subformat=dynamic,force_size=on "$raw" "$WORK/img/dynamic.vhd"
qemu-img convert -O vpc -o subformat=fixed,force_size=on "$raw" "$WORK/img/fixed.vhd"
for f in sparse.vmdk flat.vmdk dynamic.vhd fixed.vhd; do
    db=$WORK/$f.db
    "$BIN" ingest "$db" "$WORK/img/$f" --no-progress 2> "$WORK/$f.err" || { cat "$WORK/$f.err" >&2; softfail "$f: ingest failed"; continue; }
    kind=$(q "$db" "select kind from evidence")
    case $f in *.vmdk) [ "$kind" = vmdk ] || softfail "$f: kind $kind" ;; *.vhd) [ "$kind" = vhd ] || softfail "$f: kind $kind" ;; esac
    [ "$(q "$db" "select sha256 from evidence")" = "$want" ] || softfail "$f: media sha256 differs from the raw image"
    got=$(q "$db" "select group_concat(path || ':' || ifnull(sha256, '-'), ',') from (select path, sha256 from files order by id)")
    [ "$got" = "$files_raw" ] || softfail "$f: files or content hashes differ from the raw image"
done
finish
