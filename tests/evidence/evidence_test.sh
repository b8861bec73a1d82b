#!/bin/bash
# evidence_test.sh CASE WALK_DUMP IMAGES - one evidence test case: runs walk_dump on images built by
# mkimages.sh and compares with independent tools (mmls, fls -r -p, icat | sha256sum, md5sum,
# sha256sum, find). Exits non-zero with a message on the first mismatch.
set -uo pipefail
CASE=$1
DUMP=$2
IMG=$3
export LC_ALL=C
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

fail() { echo "FAIL [$CASE]: $*" >&2; exit 1; }
ok() { echo "ok [$CASE]: $*"; }

# run_dump OUT ARGS... : walk_dump must exit with 0 (or the code in $WANT_RC)
run_dump() {
    local out=$1; shift
    "$DUMP" "$@" >"$out" 2>"$out.err"
    local rc=$?
    if [ "$rc" != "${WANT_RC:-0}" ]; then
        cat "$out.err" >&2
        fail "walk_dump $* exited $rc (want ${WANT_RC:-0})"
    fi
    grep -q '^mismatch' "$out" && fail "content differs between the two reader threads"
    return 0
}

# fs_id_at DUMP OFFSET_BYTES -> the id of the file system at that offset
fs_id_at() { awk -F'\t' -v o="$2" '$1=="fs" && $5==o {print $2; exit}' "$1"; }

# Compares our file list for one fs with fls -r -p (paths, and which ones are deleted).
check_fls() { # DUMP IMAGE OFFSET_BYTES LABEL
    local dump=$1 image=$2 off=$3 label=$4 id
    id=$(fs_id_at "$dump" "$off")
    [ -n "$id" ] || fail "$label: no file system at offset $off"
    fls -r -p -o $((off / 512)) "$image" >"$TMP/fls.txt" 2>/dev/null || fail "$label: fls failed"
    # fls prints NTFS index attributes as name:$I30-like entries (type 144): map them to the file
    awk -F'\t' '{
        split($1, a, " "); inode = a[length(a)]; sub(/:$/, "", inode); p = $2
        if (inode ~ /-144-/ && p ~ /:/) sub(/:[^:\/]*$/, "", p)
        print p }' "$TMP/fls.txt" | sort -u >"$TMP/fls_paths"
    awk -F'\t' -v id="$id" '$1=="file" && $3==id {print substr($10, 2)}' "$dump" | sort -u >"$TMP/our_paths"
    diff "$TMP/fls_paths" "$TMP/our_paths" >"$TMP/diff" || { cat "$TMP/diff" >&2; fail "$label: paths differ from fls"; }
    grep -E '\*|\(realloc\)' "$TMP/fls.txt" | cut -f2 | sort -u >"$TMP/fls_del"
    awk -F'\t' -v id="$id" '$1=="file" && $3==id && $5=="0" {print substr($10, 2)}' "$dump" | sort -u >"$TMP/our_del"
    diff "$TMP/fls_del" "$TMP/our_del" >"$TMP/diff" || { cat "$TMP/diff" >&2; fail "$label: deleted files differ from fls"; }
    ok "$label: $(wc -l <"$TMP/our_paths") paths, $(wc -l <"$TMP/our_del") deleted match fls"
}

# Compares content hashes of allocated regular files (default stream) with icat | sha256sum.
check_icat() { # DUMP IMAGE OFFSET_BYTES LABEL
    local dump=$1 image=$2 off=$3 label=$4 id n=0
    id=$(fs_id_at "$dump" "$off")
    awk -F'\t' '$1=="stream" {s[$2]=1} $1=="content" {c[$2]=$3}
        $1=="file" {f[$2]=$0}
        END {for (k in c) if (!(k in s)) print f[k] "\t" c[k]}' "$dump" |
        awk -F'\t' -v id="$id" '$3==id && $5=="1" && $6=="r"' >"$TMP/icat_list"
    while IFS=$'\t' read -r _ fid _ _ _ _ addr _ _ path sha; do
        want=$(icat -o $((off / 512)) "$image" "$addr" 2>/dev/null | sha256sum | cut -d' ' -f1)
        [ "$want" = "$sha" ] || fail "$label: content of $path (inode $addr, id $fid) is $sha, icat says $want"
        n=$((n + 1))
    done <"$TMP/icat_list"
    [ "$n" -gt 0 ] || fail "$label: no file content compared"
    ok "$label: $n file contents match icat"
}

check_mmls() { # DUMP IMAGE
    mmls "$1" >/dev/null 2>&1 || true
    mmls "$2" | awk '/^[0-9]+:/ {d=""; for (i=6;i<=NF;i++) d=d (i>6?" ":"") $i; printf "%d\t%d\t%s\n", $3*512, $5*512, d}' | sort >"$TMP/mmls"
    awk -F'\t' '$1=="volume" && $3!="apfs-pool" {print $5 "\t" $6 "\t" $8}' "$1" | sort >"$TMP/ourvol"
    diff "$TMP/mmls" "$TMP/ourvol" >"$TMP/diff" || { cat "$TMP/diff" >&2; fail "volumes differ from mmls"; }
    ok "$(wc -l <"$TMP/ourvol") volumes match mmls"
}

walk_lines() { grep -E '^(volume|fs|file|stream|region|content)' "$1"; }

case "$CASE" in
mbr_raw)
    run_dump "$TMP/d" --media-hash "$IMG/disk_mbr.raw"
    grep -q $'^evidence\traw\t57671680\t1\t' "$TMP/d" || fail "evidence line: $(head -1 "$TMP/d")"
    check_mmls "$TMP/d" "$IMG/disk_mbr.raw"
    awk -F'\t' '$1=="fs"{print $4}' "$TMP/d" | tr '\n' ' ' | grep -qx 'ext4 fat32 ntfs ' || fail "fs types"
    check_fls "$TMP/d" "$IMG/disk_mbr.raw" 1048576 ext4
    check_fls "$TMP/d" "$IMG/disk_mbr.raw" 10485760 fat32
    check_fls "$TMP/d" "$IMG/disk_mbr.raw" 47185920 ntfs
    check_icat "$TMP/d" "$IMG/disk_mbr.raw" 1048576 ext4
    check_icat "$TMP/d" "$IMG/disk_mbr.raw" 10485760 fat32
    check_icat "$TMP/d" "$IMG/disk_mbr.raw" 47185920 ntfs
    grep -q $'\tvs_unalloc\t55574528\t2097152$' "$TMP/d" || fail "trailing unpartitioned space not recorded"
    grep -q $'^region\t[0-9]*\t3\tfs_unalloc\t' "$TMP/d" || fail "no ext4 fs_unalloc region with its volume id"
    want=$(sha256sum <"$IMG/disk_mbr.raw" | cut -d' ' -f1)
    grep -q $'^media\t.*\t'"$want"$'\t0$' "$TMP/d" || fail "media hash != sha256sum"
    ok "media hash"
    # parents: every parent_id names a directory row emitted before
    awk -F'\t' '$1=="file" { if ($4 != "0" && !(($4) in dir)) { print "orphan parent " $0; bad=1 }
        if ($6=="d" || $6=="v") dir[$2]=1 } END {exit bad}' "$TMP/d" || fail "parent before child"
    ok "parents precede children"
    ;;
nopart_ext4)
    run_dump "$TMP/d" "$IMG/ext4.img"
    grep -q '^volume' "$TMP/d" && fail "volume rows for an unpartitioned image"
    grep -q $'^fs\t[0-9]*\t0\text4\t0\t1024\t8192$' "$TMP/d" || fail "fs row: $(grep ^fs "$TMP/d")"
    check_fls "$TMP/d" "$IMG/ext4.img" 0 ext4
    check_icat "$TMP/d" "$IMG/ext4.img" 0 ext4
    grep -q $'\tl\t.*\t/link_to_hello\t-> hello.txt$' "$TMP/d" || fail "symlink target"
    grep -q $'\t/docs/deep/big.bin$' "$TMP/d" || fail "nested file"
    ok "symlink and nesting"
    ;;
gpt)
    run_dump "$TMP/g" "$IMG/disk_gpt.raw"
    check_mmls "$TMP/g" "$IMG/disk_gpt.raw"
    grep -q $'^volume\t[0-9]*\tgpt\t' "$TMP/g" || fail "scheme gpt"
    check_fls "$TMP/g" "$IMG/disk_gpt.raw" 1048576 ext4
    check_icat "$TMP/g" "$IMG/disk_gpt.raw" 1048576 ext4
    ;;
vhd)
    run_dump "$TMP/v" --media-hash "$IMG/ext4.vhd"
    run_dump "$TMP/r" "$IMG/ext4.img"
    grep -q $'^evidence\tvhd\t8388608\t1\t' "$TMP/v" || fail "evidence line: $(head -1 "$TMP/v")"
    diff <(walk_lines "$TMP/r") <(walk_lines "$TMP/v") >/dev/null || fail "VHD walk differs from raw walk"
    want=$(sha256sum <"$IMG/ext4.img" | cut -d' ' -f1)
    grep -q $'^media\t.*\t'"$want"$'\t0$' "$TMP/v" || fail "VHD media hash != raw sha256"
    ok "fixed VHD = raw"
    ;;
detect)
    kind_of() { "$DUMP" --no-content "$1" 2>/dev/null | awk -F'\t' '$1=="evidence" {print $2}'; }
    [ "$(kind_of "$IMG/small.zip")" = zip ] || fail "zip: $(kind_of "$IMG/small.zip")"
    [ "$(kind_of "$IMG/small.bin")" = zip ] || fail "zip detected by content, not name"
    [ "$(kind_of "$IMG/small.tar")" = tar ] || fail "tar"
    [ "$(kind_of "$IMG/small.tar.gz")" = tar ] || fail "tar.gz"
    [ "$(kind_of "$IMG/alpha/disk.aa")" = split ] || fail "split .aa naming"
    [ "$(kind_of "$IMG/disk_mbr.raw.003")" = raw ] || fail "a later split segment alone is raw"
    [ "$(kind_of "$IMG/disk_mbr.E01")" = ewf ] || fail "ewf"
    [ "$(kind_of "$IMG/ext4.vhd")" = vhd ] || fail "vhd"
    [ "$(kind_of "$IMG/logical")" = dir ] || fail "dir"
    run_dump "$TMP/a" --no-content "$IMG/alpha/disk.aa"
    [ "$(grep -c '^part' "$TMP/a")" = 3 ] || fail "split .aa parts"
    ok "kinds detected from content"
    ;;
corrupt_smoke)
    # metadata areas overwritten with seeded random bytes: the walk and content reads must end
    # (bounded time), exit 0 and stay clean under the sanitizers
    for img in ext4.img ntfs.img fat.img; do
        for seed in 1 2 3 4 6; do
            python3 - "$IMG/$img" "$TMP/c.img" "$seed" <<'PY'
import random, shutil, sys
src, dst, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = bytearray(open(src, "rb").read())
r = random.Random(seed)
for _ in range(3000):
    data[r.randrange(0, min(len(data), 600000))] = r.randrange(256)
open(dst, "wb").write(data)
PY
            timeout 120 "$DUMP" --media-hash "$TMP/c.img" >"$TMP/c.out" 2>"$TMP/c.err"
            rc=$?
            [ "$rc" = 0 ] || { tail -5 "$TMP/c.err" >&2; fail "$img seed $seed: exit $rc"; }
        done
    done
    ok "corrupted ext4/ntfs/fat walked"
    ;;
ewf_corrupt_smoke)
    # E01s with seeded random bytes anywhere (headers, section chain, tables, chunks; compressed
    # single segment and uncompressed split set): open refused with one message (exit 2) or walked,
    # content and media read to the end (exit 0); never a crash, a hang or a sanitizer report
    for set in disk_mbr.E01 split/disk.E01; do
        for seed in 1 2 3 4 5 6 7 8 9 10 11 12; do
            rm -rf "$TMP/ec" && mkdir -p "$TMP/ec"
            python3 - "$IMG/$set" "$TMP/ec" "$seed" <<'PY'
import glob, os, random, sys
first, out, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
r = random.Random(seed)
for path in sorted(glob.glob(first[:-2] + "??")):
    data = bytearray(open(path, "rb").read())
    # a few bytes in the first 64 KiB (headers, volume, table) and a few anywhere
    for _ in range(r.choice((0, 2, 8))):
        data[r.randrange(0, min(len(data), 65536))] = r.randrange(256)
    for _ in range(r.randrange(1, 40)):
        data[r.randrange(0, len(data))] ^= 1 << r.randrange(8)
    open(os.path.join(out, os.path.basename(path)), "wb").write(data)
PY
            timeout 120 "$DUMP" --media-hash "$TMP/ec/$(basename "$set")" >"$TMP/c.out" 2>"$TMP/c.err"
            rc=$?
            if grep -q "runtime error\|AddressSanitizer\|LeakSanitizer" "$TMP/c.err"; then
                head -20 "$TMP/c.err" >&2; fail "$set seed $seed: sanitizer report"
            fi
            # libewf's own leak on unreadable chunks (lsan_libewf.supp) must stay bounded
            leaked=$(awk '$3 == "libewf_chunk_data_initialize" {print $2}' "$TMP/c.err")
            [ -z "$leaked" ] || [ "$leaked" -le 131072 ] || fail "$set seed $seed: libewf leaked $leaked bytes (unbounded fallback?)"
            case $rc in
                0) grep -q $'^media\t' "$TMP/c.out" || fail "$set seed $seed: no media line"
                   # ground truth: ewfverify -w (zero sectors on checksum error, as EnCase) through
                   # libewf's own zlib path must compute the same digests and count the same sectors
                   ewfverify -w -d sha1 "$TMP/ec/$(basename "$set")" >"$TMP/v.out" 2>&1 || true
                   vmd5=$(sed -n 's/^MD5 hash calculated over data:[[:space:]]*//p' "$TMP/v.out")
                   vsha1=$(sed -n 's/^SHA1 hash calculated over data:[[:space:]]*//p' "$TMP/v.out")
                   vbad=$(sed -n 's/.*at sector(s):.*(number: \([0-9]*\)).*/\1/p' "$TMP/v.out" | awk '{s+=$1} END {print s*512}')
                   if [ -n "$vmd5" ]; then
                       awk -F'\t' -v m="$vmd5" -v s="$vsha1" -v b="$vbad" '$1=="media" && $2==m && $3==s && $5==b {f=1} END {exit !f}' \
                           "$TMP/c.out" || fail "$set seed $seed: media $(grep $'^media\t' "$TMP/c.out") != ewfverify -w $vmd5 $vsha1, $vbad bad bytes"
                   fi ;;
                2) [ -s "$TMP/c.err" ] || fail "$set seed $seed: refused without a message" ;;
                *) tail -5 "$TMP/c.err" >&2; fail "$set seed $seed: exit $rc" ;;
            esac
            echo "  $set seed $seed: exit $rc, $(awk -F'\t' '$1=="media" {print $5 " bad bytes"}' "$TMP/c.out") (ewfverify -w: ${vbad:-n/a})"
            vbad=
        done
    done
    ok "corrupted E01 sets opened or refused cleanly; digests and bad sectors = ewfverify -w"
    ;;
deleted)
    run_dump "$TMP/d" "$IMG/disk_mbr.raw"
    awk -F'\t' '$1=="file" && $5=="0" && $10=="/gone.txt"' "$TMP/d" | grep -q . || fail "ext4 deleted gone.txt not allocated=0"
    awk -F'\t' '$1=="file" && $5=="0" && $10 ~ /one\.txt$/ && $8=="14"' "$TMP/d" | grep -q . || fail "FAT deleted _one.txt"
    awk -F'\t' '$1=="file" && $5=="1" && $10=="/hello.txt"' "$TMP/d" | grep -c . | grep -qx 2 || fail "hello.txt allocated in ext4 and fat32"
    ok "deleted files present with allocated=0"
    ;;
ntfs_ads)
    run_dump "$TMP/d" "$IMG/ntfs.img"
    line=$(awk -F'\t' '$1=="file" && $10=="/file.txt:secret"' "$TMP/d")
    [ -n "$line" ] || fail "no ADS record"
    id=$(cut -f2 <<<"$line"); addr=$(cut -f7 <<<"$line"); size=$(cut -f8 <<<"$line")
    [ "$size" = 19 ] || fail "ADS size $size"
    st=$(awk -F'\t' -v id="$id" '$1=="stream" && $2==id {print $3 "-" $4 "\t" $5}' "$TMP/d")
    [ "$(cut -f2 <<<"$st")" = secret ] || fail "stream line: $st"
    want=$(icat "$IMG/ntfs.img" "$addr-$(cut -f1 <<<"$st")" | sha256sum | cut -d' ' -f1)
    [ "$want" = "$(printf 'hidden stream data\n' | sha256sum | cut -d' ' -f1)" ] || fail "icat of the ADS"
    grep -q $'^content\t'"$id"$'\t'"$want"$'\t0\t0$' "$TMP/d" || fail "ADS content hash"
    main=$(awk -F'\t' '$1=="file" && $10=="/file.txt" {print $2}' "$TMP/d")
    grep -q $'^content\t'"$main"$'\t'"$(printf 'hello world\n' | sha256sum | cut -d' ' -f1)" "$TMP/d" || fail "main stream"
    check_fls "$TMP/d" "$IMG/ntfs.img" 0 ntfs
    ok "ADS record and content"
    ;;
split_raw)
    run_dump "$TMP/s" --media-hash "$IMG/disk_mbr.raw.001"
    run_dump "$TMP/r" "$IMG/disk_mbr.raw"
    grep -q $'^evidence\tsplit\t57671680\t3\t' "$TMP/s" || fail "evidence line: $(head -1 "$TMP/s")"
    [ "$(grep -c '^part' "$TMP/s")" = 3 ] || fail "parts"
    diff <(walk_lines "$TMP/r") <(walk_lines "$TMP/s") >/dev/null || fail "split walk differs from raw walk"
    want=$(md5sum <"$IMG/disk_mbr.raw" | cut -d' ' -f1)
    grep -q $'^media\t'"$want"$'\t' "$TMP/s" || fail "split media md5"
    ok "split raw = raw"
    ;;
ewf)
    run_dump "$TMP/e" --media-hash "$IMG/disk_mbr.E01"
    run_dump "$TMP/r" "$IMG/disk_mbr.raw"
    md5=$(md5sum <"$IMG/disk_mbr.raw" | cut -d' ' -f1); sha1=$(sha1sum <"$IMG/disk_mbr.raw" | cut -d' ' -f1)
    grep -q $'^evidence\tewf\t57671680\t1\t'"$md5"$'\t'"$sha1"$'\t' "$TMP/e" || fail "stored hashes: $(head -1 "$TMP/e")"
    grep -q $'^meta\tewf.case_number\tCASE-42$' "$TMP/e" || fail "case_number"
    grep -q $'^meta\tewf.examiner_name\tExaminer One$' "$TMP/e" || fail "examiner_name"
    grep -q $'^meta\tewf.evidence_number\tEV-7$' "$TMP/e" || fail "evidence_number"
    grep -q $'^meta\tewf.description\ttest disk$' "$TMP/e" || fail "description"
    grep -q $'^meta\tewf.notes\tevidence notes$' "$TMP/e" || fail "notes"
    grep -q $'^media\t'"$md5"$'\t'"$sha1"$'\t.*\t0$' "$TMP/e" || fail "media hash != stored hash"
    diff <(walk_lines "$TMP/r") <(walk_lines "$TMP/e") >/dev/null || fail "E01 walk differs from raw walk"
    ok "E01 header, stored hashes, walk = raw"
    ;;
ewf_split)
    run_dump "$TMP/e" --media-hash "$IMG/split/disk.E01"
    run_dump "$TMP/r" "$IMG/disk_mbr.raw"
    [ "$(grep -c '^part' "$TMP/e")" = 3 ] || fail "want 3 segments: $(grep ^part "$TMP/e")"
    md5=$(md5sum <"$IMG/disk_mbr.raw" | cut -d' ' -f1)
    grep -q $'^media\t'"$md5"$'\t' "$TMP/e" || fail "media md5"
    diff <(walk_lines "$TMP/r") <(walk_lines "$TMP/e") >/dev/null || fail "split E01 walk differs from raw walk"
    ok "3-segment E01"
    ;;
ewf_missing)
    WANT_RC=2 run_dump "$TMP/m" "$IMG/missing/disk.E01"
    grep -q 'disk.E02 is missing' "$TMP/m.err" || fail "message does not name disk.E02: $(cat "$TMP/m.err")"
    [ "$(wc -l <"$TMP/m.err")" = 1 ] || fail "not one line"
    mkdir "$TMP/last" && cp "$IMG/split/disk.E01" "$IMG/split/disk.E02" "$TMP/last/"
    WANT_RC=2 run_dump "$TMP/l" "$TMP/last/disk.E01"
    grep -q 'disk.E03 is missing' "$TMP/l.err" || fail "missing last segment: $(cat "$TMP/l.err")"
    ok "missing segments named"
    ;;
unsupported)
    WANT_RC=2 run_dump "$TMP/x" "$IMG/disk_mbr.Ex01"
    grep -q 'Ex01 (EWF2) is not supported by this libewf' "$TMP/x.err" || fail "Ex01: $(cat "$TMP/x.err")"
    WANT_RC=2 run_dump "$TMP/q" "$IMG/image.qcow2"
    grep -q 'QCOW images are not supported' "$TMP/q.err" || fail "qcow: $(cat "$TMP/q.err")"
    WANT_RC=2 run_dump "$TMP/v" "$IMG/image.vhdx"
    grep -q 'VHDX' "$TMP/v.err" || fail "vhdx"
    WANT_RC=2 run_dump "$TMP/z" "$IMG/empty.raw"
    grep -q 'empty.raw: empty file' "$TMP/z.err" || fail "empty: $(cat "$TMP/z.err")"
    WANT_RC=2 run_dump "$TMP/n" "$IMG/does-not-exist.raw"
    grep -q 'does-not-exist.raw: No such file' "$TMP/n.err" || fail "missing file: $(cat "$TMP/n.err")"
    ok "clear one-line errors"
    ;;
truncated)
    run_dump "$TMP/t" --media-hash "$IMG/trunc.raw"
    grep -q $'^warning\t.*partition 0:002.*no file system recognised' "$TMP/t" || fail "no warning for the NTFS partition past the end"
    grep -q $'^fs\t.*\text4\t' "$TMP/t" || fail "ext4 lost"
    check_fls "$TMP/t" "$IMG/trunc.raw" 1048576 ext4
    want=$(sha256sum <"$IMG/trunc.raw" | cut -d' ' -f1)
    grep -q $'^media\t.*\t'"$want"$'\t0$' "$TMP/t" || fail "media hash"
    ok "truncated image walked with warnings"
    ;;
zeroed_superblock)
    run_dump "$TMP/z" "$IMG/zeroed_sb.img"
    grep -q $'^warning\t0\t0\t.*no file system recognised' "$TMP/z" || fail "no warning"
    grep -q $'^region\t0\t0\tvs_unalloc\t0\t8388608$' "$TMP/z" || fail "whole image not kept as a region"
    ok "zeroed superblock: warning + region"
    ;;
directory)
    run_dump "$TMP/d" --media-hash --sibling ../msgstore.db "$IMG/logical"
    total=$(find "$IMG/logical" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
    grep -q $'^evidence\tdir\t'"$total"$'\t1\t-\t-\t[0-9a-f]\{64\}$' "$TMP/d" || fail "evidence line: $(head -1 "$TMP/d")"
    (cd "$IMG/logical" && find . -mindepth 1 | sed 's#^\.##' | sort) >"$TMP/find"
    awk -F'\t' '$1=="file" {print $10}' "$TMP/d" | sort >"$TMP/ours"
    diff "$TMP/find" "$TMP/ours" || fail "paths differ from find"
    awk -F'\t' '$1=="file" {print $10}' "$TMP/d" >"$TMP/order"
    awk -F'\t' '$1=="content" {c[$2]=$3} $1=="file" {p[$2]=$10} END {for (k in c) print p[k] "\t" c[k]}' "$TMP/d" |
    while IFS=$'\t' read -r path sha; do
        want=$(sha256sum <"$IMG/logical$path" | cut -d' ' -f1)
        [ "$want" = "$sha" ] || fail "content of $path"
    done || exit 1
    grep -q $'\tl\t.*\t/link_to_hello\t-> hello.txt$' "$TMP/d" || fail "symlink"
    grep -q $'^sibling\t[0-9]*\t../msgstore.db\t'"$(printf 'db bytes\n' | sha256sum | cut -d' ' -f1)"'$' "$TMP/d" || fail "sibling"
    grep -q $'^media\terror\t.*no media hash' "$TMP/d" || fail "a directory must have no media hash"
    run_dump "$TMP/d2" "$IMG/logical"
    diff <(grep -v '^media\|^sibling' "$TMP/d") "$TMP/d2" >/dev/null || fail "walk not deterministic"
    ok "directory evidence"
    ;;
*)
    fail "unknown case"
    ;;
esac
exit 0
