#!/usr/bin/env bash
# build.sh OUTDIR - builds the dftriage end-to-end test images, deterministically.
#
# Produces in OUTDIR (see testimages/README.md for the full list and layout):
#   ext4.img fat32.img ntfs.img          file systems with nested dirs, deleted files, non-ASCII
#                                        names, an empty file, a chat-like SQLite db, ...
#   disk_mbr.raw disk_gpt.raw            partitioned disks holding those file systems
#   disk_mbr.E01, disk_mbr_split.E0[1-3] EWF images of disk_mbr.raw (single / split)
#   disk_mbr.raw.001 ...                 split raw
#   logical/ fs_only_ext4.raw            directory evidence; ext4 with no partition table
#   truncated.raw zeroed_sb.raw missing_segment/ garbage.bin   damaged evidence
#   manifest.tsv layout.tsv              ground truth for the tests
#
# Invariants:
#  1. No mounting, no root: images are made with mke2fs -d/debugfs, mkfs.fat/mtools, mkntfs +
#     libntfs-3g (ntfs_populate.py), sfdisk and dd on plain files.
#  2. Deterministic: fixed UUIDs, labels, volume ids, file times, and every tool runs under the
#     fixtime.so clock shim, so two builds give byte-identical images (E01 included).
#  3. Idempotent: OUTDIR/.stamp holds the hash of the builder files; a matching stamp means done.
#  4. The images are built in OUTDIR.tmp.PID and moved into OUTDIR entry by entry at the end;
#     other entries of OUTDIR (phone/, built by testimages/phone/) are left alone. The stamp is
#     written last, so an interrupted install is rebuilt next time.
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 OUTDIR" >&2
    exit 2
fi
OUT=$1
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STAMP=$(cat "$HERE/build.sh" "$HERE/fixtime.c" "$HERE/ntfs_populate.py" | sha256sum | cut -d' ' -f1)
if [ -f "$OUT/.stamp" ] && [ "$(cat "$OUT/.stamp")" = "$STAMP" ]; then
    echo "testimages: $OUT is up to date"
    exit 0
fi

for tool in cc python3 sqlite3 mke2fs debugfs mkfs.fat mmd mcopy mdel mkntfs sfdisk ewfacquire split; do
    command -v "$tool" >/dev/null || { echo "testimages: missing tool $tool" >&2; exit 1; }
done

W="$OUT.tmp.$$"
rm -rf "$W"
mkdir -p "$W/.tools"
trap 'rm -rf "$W"' EXIT

# ---- Reproducibility ------------------------------------------------------------------------
export SOURCE_DATE_EPOCH=1700000000           # 2023-11-14T22:13:20Z
export DFT_FIXED_TIME=$SOURCE_DATE_EPOCH
export E2FSPROGS_FAKE_TIME=$SOURCE_DATE_EPOCH
export TZ=UTC LC_ALL=C.UTF-8
export MTOOLS_SKIP_CHECK=1 MTOOLS_NO_VFAT=0
umask 022
cc -shared -fPIC -O2 -o "$W/.tools/fixtime.so" "$HERE/fixtime.c" -ldl
FIX="$W/.tools/fixtime.so"
fixed() { LD_PRELOAD="$FIX" "$@"; }

MiB=1048576
SECT=512
# Partition layout, in 512-byte sectors (shared by disk_mbr.raw and disk_gpt.raw).
EXT4_START=2048;   EXT4_SECTORS=32768     # 16 MiB
FAT_START=34816;   FAT_SECTORS=73728      # 36 MiB (enough clusters for a real FAT32 at 512 B/cluster)
EXTD_START=108544; EXTD_SECTORS=34816     # extended partition (MBR only)
NTFS_START=110592; NTFS_SECTORS=32768     # 16 MiB, logical partition 5 (MBR only)
MBR_SECTORS=143360                        # 70 MiB
GPT_SECTORS=110592                        # 54 MiB

# ---- Source trees ---------------------------------------------------------------------------
# Deterministic pseudo-random bytes: SHA-256 in counter mode over a seed.
prng() { # prng SEED BYTES FILE
    python3 - "$1" "$2" "$3" <<'PY'
import hashlib, sys
seed, n, path = sys.argv[1].encode(), int(sys.argv[2]), sys.argv[3]
out, i = bytearray(), 0
while len(out) < n:
    out += hashlib.sha256(seed + i.to_bytes(8, "little")).digest()
    i += 1
open(path, "wb").write(bytes(out[:n]))
PY
}

make_png() { # a valid 4x4 RGB PNG
    python3 - "$1" <<'PY'
import struct, sys, zlib
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
raw = b"".join(b"\x00" + b"".join(bytes((x * 60, y * 60, 128)) for x in range(4)) for y in range(4))
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0)) +
       chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
open(sys.argv[1], "wb").write(png)
PY
}

make_chat_db() { # a small WhatsApp-like message store
    rm -f "$1"
    sqlite3 "$1" >/dev/null <<'SQL'
PRAGMA journal_mode=DELETE;
PRAGMA page_size=4096;
CREATE TABLE messages (_id INTEGER PRIMARY KEY AUTOINCREMENT, key_remote_jid TEXT NOT NULL,
  key_from_me INTEGER, key_id TEXT NOT NULL, status INTEGER, data TEXT, timestamp INTEGER,
  media_mime_type TEXT, media_name TEXT);
CREATE TABLE wa_contacts (_id INTEGER PRIMARY KEY AUTOINCREMENT, jid TEXT UNIQUE, display_name TEXT);
INSERT INTO wa_contacts (jid, display_name) VALUES
  ('66812345678@s.whatsapp.net', 'Somchai'), ('8613800138000@s.whatsapp.net', '王伟');
INSERT INTO messages (key_remote_jid, key_from_me, key_id, status, data, timestamp) VALUES
  ('66812345678@s.whatsapp.net', 0, 'A1', 0, 'สวัสดีครับ ส่งเอกสารแล้ว', 1699990000000),
  ('66812345678@s.whatsapp.net', 1, 'A2', 13, 'Send 0.5 BTC to 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa', 1699990060000),
  ('8613800138000@s.whatsapp.net', 0, 'A3', 0, '你好，明天见', 1699990120000);
SQL
}

# make_tree DIR FSNAME: the common content, plus deleted-to-be files under DIR/.deleted-list.
make_tree() {
    local d=$1 fs=$2
    mkdir -p "$d/docs/2023/q4" "$d/chat" "$d/photos" "$d/data"
    printf 'Evidence volume: %s\nCase: TEST-2024-001\nContact: suspect@example.com\nWallet: 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa\n' \
        "$fs" >"$d/README.txt"
    : >"$d/empty.txt"
    printf 'Quarterly report\n================\nRevenue was moved through three accounts.\n' >"$d/docs/report.txt"
    printf 'Q4 summary for %s: nothing unusual.\n' "$fs" >"$d/docs/2023/q4/summary.txt"
    printf 'รายงานประจำเดือน\nโอนเงินเรียบร้อยแล้ว\n' >"$d/docs/รายงาน.txt"
    printf '聊天记录\n明天下午三点见面。\n' >"$d/docs/聊天记录.txt"
    make_chat_db "$d/chat/msgstore.db"
    make_png "$d/photos/pixel.png"
    prng "big-$fs" 307200 "$d/data/big.bin"
    # To be deleted inside the image after copying.
    printf 'This note was deleted on %s.\n' "$fs" >"$d/deleted_note.txt"
    printf 'Old plan: meet at the border.\n' >"$d/docs/2023/old_plan.txt"
    prng "wiped-$fs" 40960 "$d/data/wiped.bin"
    printf '%s\n' /deleted_note.txt /docs/2023/old_plan.txt /data/wiped.bin >"$W/deleted-$fs.txt"
    # Fixed, distinct times (FAT keeps 2-second resolution, so use even seconds).
    local i=0 f
    while IFS= read -r f; do
        touch -h -d "@$((SOURCE_DATE_EPOCH - 86400 * 30 + i * 3600))" "$f"
        i=$((i + 1))
    done < <(find "$d" -mindepth 1 -depth | LC_ALL=C sort -r)
    touch -d "@$SOURCE_DATE_EPOCH" "$d"
}

# manifest IMAGE FS SRCDIR: one row per regular file (deleted=1 for those listed for deletion).
MANIFEST="$W/manifest.tsv"
printf 'image\tfs\tpath\tsha256\tdeleted\n' >"$MANIFEST"
manifest() {
    local img=$1 fs=$2 src=$3 del=${4:-} p h
    while IFS= read -r p; do
        h=$(sha256sum "$src$p" | cut -d' ' -f1)
        if [ -n "$del" ] && grep -qxF "$p" "$del"; then
            printf '%s\t%s\t%s\t%s\t1\n' "$img" "$fs" "$p" "$h"
        else
            printf '%s\t%s\t%s\t%s\t0\n' "$img" "$fs" "$p" "$h"
        fi
    done < <(cd "$src" && find . -type f | sed 's|^\.||' | LC_ALL=C sort) >>"$MANIFEST"
}

# ---- ext4 ------------------------------------------------------------------------------------
S="$W/.src/ext4"
make_tree "$S" ext4
ln -s docs/report.txt "$S/link_to_report"
touch -h -d "@$SOURCE_DATE_EPOCH" "$S/link_to_report" "$S"
manifest ext4.img ext4 "$S" "$W/deleted-ext4.txt"
printf 'ext4.img\text4\t/docs/report_hardlink.txt\t%s\t0\n' \
    "$(sha256sum "$S/docs/report.txt" | cut -d' ' -f1)" >>"$MANIFEST"
truncate -s $((EXT4_SECTORS * SECT)) "$W/ext4.img"
fixed mke2fs -q -F -t ext4 -b 1024 -I 256 -N 128 -m 0 -L EVID_EXT4 \
    -U 2b6f0c4e-6c1a-4d5e-9a63-1f2e3d4c5b6a -E hash_seed=7d1c2b3a-4f5e-4a6b-8c7d-9e0f1a2b3c4d,root_owner=0:0,nodiscard \
    -d "$S" "$W/ext4.img"
{
    # mke2fs -d copies st_ctime (not settable) and st_atime (moved by reading the source for the
    # manifest) of the source: pin atime/ctime/crtime of every inode.
    (cd "$S" && find . -mindepth 1 | sed 's|^\.||' | LC_ALL=C sort) | while IFS= read -r p; do
        printf 'sif "%s" ctime @%s\n' "$p" "$SOURCE_DATE_EPOCH"
        printf 'sif "%s" crtime @%s\n' "$p" "$SOURCE_DATE_EPOCH"
        printf 'sif "%s" atime @%s\n' "$p" "$SOURCE_DATE_EPOCH"
    done
    printf 'sif / ctime @%s\n' "$SOURCE_DATE_EPOCH"
    # Hard link: a second name for the inode, and the link count fixed by hand.
    printf 'ln /docs/report.txt /docs/report_hardlink.txt\n'
    printf 'sif /docs/report.txt links_count 2\n'
    while IFS= read -r p; do printf 'rm "%s"\n' "$p"; done <"$W/deleted-ext4.txt"
} >"$W/.src/ext4.debugfs"
fixed debugfs -w -f "$W/.src/ext4.debugfs" "$W/ext4.img" >/dev/null 2>"$W/.src/ext4.debugfs.log" || {
    cat "$W/.src/ext4.debugfs.log" >&2
    exit 1
}
if grep -v '^debugfs ' "$W/.src/ext4.debugfs.log" | grep -q .; then
    echo "testimages: debugfs complained:" >&2
    cat "$W/.src/ext4.debugfs.log" >&2
    exit 1
fi

# ---- FAT32 ------------------------------------------------------------------------------------
S="$W/.src/fat32"
make_tree "$S" fat32
manifest fat32.img fat32 "$S" "$W/deleted-fat32.txt"
rm -f "$W/fat32.img"
fixed mkfs.fat -F 32 -s 1 -S 512 -i 1badcafe -n EVID_FAT32 -h $FAT_START \
    -C "$W/fat32.img" $((FAT_SECTORS * SECT / 1024)) >/dev/null
(
    cd "$S"
    for e in $(LC_ALL=C ls); do
        fixed mcopy -s -m -Q -i "$W/fat32.img" "$e" ::/
    done
)
while IFS= read -r p; do fixed mdel -i "$W/fat32.img" "::$p"; done <"$W/deleted-fat32.txt"

# ---- NTFS ------------------------------------------------------------------------------------
S="$W/.src/ntfs"
make_tree "$S" ntfs
printf '[ZoneTransfer]\r\nZoneId=3\r\nHostUrl=https://example.com/dl\r\n' >"$W/.src/zone.txt"
manifest ntfs.img ntfs "$S" "$W/deleted-ntfs.txt"
printf 'ntfs.img\tntfs\t/docs/report.txt:Zone.Identifier\t%s\t0\n' \
    "$(sha256sum "$W/.src/zone.txt" | cut -d' ' -f1)" >>"$MANIFEST"
truncate -s $((NTFS_SECTORS * SECT)) "$W/ntfs.img"
fixed mkntfs -F -f -q -T -L EVID_NTFS -s 512 -c 4096 -H 255 -S 63 -p $NTFS_START "$W/ntfs.img" \
    >/dev/null 2>"$W/.src/mkntfs.log" || { cat "$W/.src/mkntfs.log" >&2; exit 1; }
ntfs_args=(--ads "/docs/report.txt:Zone.Identifier=$W/.src/zone.txt")
while IFS= read -r p; do ntfs_args+=(--delete "$p"); done <"$W/deleted-ntfs.txt"
fixed python3 "$HERE/ntfs_populate.py" "$W/ntfs.img" "$S" "${ntfs_args[@]}"

# ---- Logical (directory) evidence ------------------------------------------------------------
make_tree "$W/logical" logical
while IFS= read -r p; do rm -f "$W/logical$p"; done <"$W/deleted-logical.txt"
touch -d "@$SOURCE_DATE_EPOCH" "$W/logical" "$W/logical/docs/2023" "$W/logical/data"
manifest logical dir "$W/logical"

# ---- Disks -----------------------------------------------------------------------------------
place() { # place FSIMG DISK START_SECTOR
    dd if="$1" of="$2" bs=$MiB seek=$(($3 * SECT)) oflag=seek_bytes conv=notrunc status=none
}
truncate -s $((MBR_SECTORS * SECT)) "$W/disk_mbr.raw"
sfdisk -q --no-reread --no-tell-kernel "$W/disk_mbr.raw" >/dev/null <<EOF
label: dos
label-id: 0x5eed1e55
unit: sectors
start=$EXT4_START, size=$EXT4_SECTORS, type=83
start=$FAT_START, size=$FAT_SECTORS, type=c
start=$EXTD_START, size=$EXTD_SECTORS, type=5
start=$NTFS_START, size=$NTFS_SECTORS, type=7
EOF
place "$W/ext4.img" "$W/disk_mbr.raw" $EXT4_START
place "$W/fat32.img" "$W/disk_mbr.raw" $FAT_START
place "$W/ntfs.img" "$W/disk_mbr.raw" $NTFS_START

truncate -s $((GPT_SECTORS * SECT)) "$W/disk_gpt.raw"
sfdisk -q --no-reread --no-tell-kernel "$W/disk_gpt.raw" >/dev/null <<EOF
label: gpt
label-id: 8C3F9E0A-1B2D-4E5F-A6B7-C8D9E0F1A2B3
unit: sectors
first-lba: 34
start=$EXT4_START, size=$EXT4_SECTORS, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=11111111-2222-4333-8444-555555555501, name="evid-ext4"
start=$FAT_START, size=$FAT_SECTORS, type=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7, uuid=11111111-2222-4333-8444-555555555502, name="evid-fat32"
EOF
place "$W/ext4.img" "$W/disk_gpt.raw" $EXT4_START
place "$W/fat32.img" "$W/disk_gpt.raw" $FAT_START

cp "$W/ext4.img" "$W/fs_only_ext4.raw"

{
    printf 'image\tfs\toffset\tlength\tsource\n'
    printf 'disk_mbr.raw\text4\t%s\t%s\text4.img\n' $((EXT4_START * SECT)) $((EXT4_SECTORS * SECT))
    printf 'disk_mbr.raw\tfat32\t%s\t%s\tfat32.img\n' $((FAT_START * SECT)) $((FAT_SECTORS * SECT))
    printf 'disk_mbr.raw\tntfs\t%s\t%s\tntfs.img\n' $((NTFS_START * SECT)) $((NTFS_SECTORS * SECT))
    printf 'disk_gpt.raw\text4\t%s\t%s\text4.img\n' $((EXT4_START * SECT)) $((EXT4_SECTORS * SECT))
    printf 'disk_gpt.raw\tfat32\t%s\t%s\tfat32.img\n' $((FAT_START * SECT)) $((FAT_SECTORS * SECT))
    printf 'fs_only_ext4.raw\text4\t0\t%s\text4.img\n' $((EXT4_SECTORS * SECT))
} >"$W/layout.tsv"

# ---- EWF and split raw -----------------------------------------------------------------------
EWF_META=(-C TEST-2024-001 -D "dftriage test disk (MBR)" -e "Test Examiner" -E EV-0001 -N "synthetic test image")
fixed ewfacquire -u -q -t "$W/disk_mbr" -f encase6 -c deflate:best -d sha1 -m fixed -M physical \
    "${EWF_META[@]}" "$W/disk_mbr.raw" >"$W/.src/ewf1.log" 2>&1 || { cat "$W/.src/ewf1.log" >&2; exit 1; }
fixed ewfacquire -u -q -t "$W/disk_mbr_split" -f encase6 -c none -S 25MiB -d sha1 -m fixed -M physical \
    "${EWF_META[@]}" "$W/disk_mbr.raw" >"$W/.src/ewf2.log" 2>&1 || { cat "$W/.src/ewf2.log" >&2; exit 1; }
split -b $((25 * MiB)) -d -a 3 --numeric-suffixes=1 "$W/disk_mbr.raw" "$W/disk_mbr.raw."

# ---- Damaged evidence ------------------------------------------------------------------------
head -c $(((NTFS_START + NTFS_SECTORS / 2) * SECT)) "$W/disk_mbr.raw" >"$W/truncated.raw"
cp "$W/disk_mbr.raw" "$W/zeroed_sb.raw"
dd if=/dev/zero of="$W/zeroed_sb.raw" bs=1024 count=1 seek=$(((EXT4_START * SECT + 1024) / 1024)) \
    conv=notrunc status=none
mkdir -p "$W/missing_segment"
for f in "$W"/disk_mbr_split.E*; do
    case "$f" in *.E02) ;; *) cp "$f" "$W/missing_segment/" ;; esac
done
prng garbage 1048576 "$W/garbage.bin"

# ---- Sanity checks (fail the build rather than ship a broken fixture) -------------------------
[ -f "$W/disk_mbr_split.E03" ] || { echo "testimages: split E01 has fewer than 3 segments" >&2; exit 1; }
[ ! -f "$W/disk_mbr_split.E04" ] || { echo "testimages: split E01 has more than 3 segments" >&2; exit 1; }
[ ! -e "$W/missing_segment/disk_mbr_split.E02" ]
cmp -s <(cat "$W"/disk_mbr.raw.0*) "$W/disk_mbr.raw"

# ---- Install ---------------------------------------------------------------------------------
# Entry by entry: OUTDIR is shared with other builders (testimages/phone/ writes OUTDIR/phone).
rm -rf "$W/.src" "$W"/deleted-*.txt
mkdir -p "$OUT"
rm -f "$OUT/.stamp"
for e in "$W"/* "$W/.tools"; do
    rm -rf "${OUT:?}/$(basename "$e")"
    mv "$e" "$OUT/"
done
echo "$STAMP" >"$OUT/.stamp"
rm -rf "$W"
trap - EXIT
echo "testimages: built $OUT"
