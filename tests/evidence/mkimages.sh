#!/bin/bash
# mkimages.sh OUT - builds the small evidence images the evidence tests walk (deterministic where
# the tools allow: fixed times, UUIDs, volume ids, hash seeds). Idempotent: skips when OUT/.done
# holds this script's hash. Used until testimages/build.sh provides the shared set.
#
# OUT/ext4.img          ext4, no partition table; files, subdir, symlink, a deleted file
# OUT/fat.img           FAT32 (34 MiB) with a deleted file
# OUT/ntfs.img          NTFS with an alternate data stream (file.txt:secret)
# OUT/disk_mbr.raw      MBR: ext4 + FAT32 + NTFS (+ gap)
# OUT/disk_gpt.raw      GPT: one ext4 partition
# OUT/ext4.vhd          fixed VHD of ext4.img
# OUT/disk_mbr.raw.001… split raw (20 MiB segments)
# OUT/disk_mbr.E01      EWF, one segment, header values, MD5 + SHA-1 stored
# OUT/split/disk.E01…   EWF, 3 segments; OUT/missing/disk.E01,E03 (E02 removed)
# OUT/bigchunk.E01      EWF, 512 KiB chunks, deflate fast
# OUT/disk_mbr.Ex01     the EWF2 signature only; image.qcow2, image.vhdx: other unsupported signatures
# OUT/trunc.raw         disk_mbr.raw cut in the middle of the FAT partition
# OUT/zeroed_sb.img     ext4.img with its superblock zeroed
# OUT/logical/          a directory (files, subdir, symlink, empty file, fifo)
set -euo pipefail
OUT=$1
STAMP=$(sha256sum "$0" | cut -d' ' -f1)
[ "$(cat "$OUT/.done" 2>/dev/null)" = "$STAMP" ] && exit 0
rm -rf "$OUT"
mkdir -p "$OUT"
cd "$OUT"
export E2FSPROGS_FAKE_TIME=1600000000 SOURCE_DATE_EPOCH=1600000000 TZ=UTC LC_ALL=C
export MTOOLS_SKIP_CHECK=1

# --- content tree ---------------------------------------------------------------------------
mkdir -p src/docs/deep src/keep
printf 'hello world\n' > src/hello.txt
printf 'to be deleted\n' > src/gone.txt
seq 1 20000 > src/docs/numbers.txt
head -c 300000 /dev/zero | tr '\0' 'A' > src/docs/deep/big.bin
printf 'wal bytes\n' > src/docs/msgstore.db-wal
printf 'db bytes\n' > src/docs/msgstore.db
ln -s hello.txt src/link_to_hello
: > src/keep/empty
find src -exec touch -h -d @1600000000 {} +

# --- ext4 (no partition) --------------------------------------------------------------------
mke2fs -q -t ext4 -b 1024 -U 11111111-2222-3333-4444-555555555555 -E hash_seed=66666666-7777-8888-9999-000000000000 \
    -L DFTEXT4 -d src ext4.img 8M
debugfs -w -R "rm gone.txt" ext4.img >/dev/null 2>&1

# --- FAT32 ---------------------------------------------------------------------------------
rm -f fat.img
mkfs.fat -C -F 32 -s 1 -S 512 -i 1234ABCD -n DFTFAT --invariant fat.img $((34 * 1024)) >/dev/null
mcopy -i fat.img -m src/hello.txt src/gone.txt ::/
mmd -i fat.img ::/docs
mcopy -i fat.img -m src/docs/numbers.txt ::/docs/
mdel -i fat.img ::/gone.txt

# --- NTFS with an ADS ----------------------------------------------------------------------
rm -f ntfs.img
truncate -s 8M ntfs.img
mkntfs -q -F -Q -s 512 -p 0 -H 0 -S 0 -L DFTNTFS ntfs.img >/dev/null 2>&1
ntfscp -q ntfs.img src/hello.txt file.txt
printf 'hidden stream data\n' > ads.bin
ntfscp -q -N secret ntfs.img ads.bin file.txt
ntfscp -q ntfs.img src/docs/numbers.txt numbers.txt

# --- MBR disk: ext4 @1MiB, FAT32 @10MiB, NTFS @45MiB, 2 MiB free at the end -----------------
rm -f disk_mbr.raw
truncate -s 55M disk_mbr.raw
sfdisk -q disk_mbr.raw <<EOF
label: dos
label-id: 0x0dfdfdfd
start=2048, size=16384, type=83
start=20480, size=69632, type=c
start=92160, size=16384, type=7
EOF
dd if=ext4.img of=disk_mbr.raw bs=512 seek=2048 conv=notrunc status=none
dd if=fat.img of=disk_mbr.raw bs=512 seek=20480 conv=notrunc status=none
dd if=ntfs.img of=disk_mbr.raw bs=512 seek=92160 conv=notrunc status=none

# --- GPT disk: ext4 @1MiB ---------------------------------------------------------------------
rm -f disk_gpt.raw
truncate -s 12M disk_gpt.raw
printf '%s\n' 'label: gpt' 'label-id: 0DFD0DFD-1111-2222-3333-444444444444' 'first-lba: 2048' \
    'start=2048, size=16384, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=0DFD0DFD-AAAA-BBBB-CCCC-DDDDDDDDDDDD, name=data' |
    sfdisk -q disk_gpt.raw
dd if=ext4.img of=disk_gpt.raw bs=512 seek=2048 conv=notrunc status=none

# --- fixed VHD: the raw disk plus a 512-byte "conectix" footer (Microsoft VHD spec 1.0) ---------
cat >mkvhd.py <<'PY'
import os, shutil, struct, sys
src, dst = sys.argv[1], sys.argv[2]
shutil.copyfile(src, dst)
size = os.path.getsize(src)
sectors = size // 512
cyl, heads, spt = min(sectors // (16 * 63), 65535), 16, 63
f = bytearray(512)
struct.pack_into(">8sIIQI4sI4sQQHBBI", f, 0, b"conectix", 2, 0x00010000, 0xFFFFFFFFFFFFFFFF,
                 0, b"dft ", 0x00010000, b"Wi2k", size, size, cyl, heads, spt, 2)
f[68:84] = bytes(range(16))
struct.pack_into(">I", f, 64, (~sum(f)) & 0xFFFFFFFF)
with open(dst, "ab") as o:
    o.write(f)
PY
python3 mkvhd.py ext4.img ext4.vhd
rm -f mkvhd.py

# --- split raw --------------------------------------------------------------------------------
split -b 20M -d -a 3 --numeric-suffixes=1 disk_mbr.raw disk_mbr.raw.

# --- EWF ------------------------------------------------------------------------------------
ewf() { # ewf TARGET_BASE FORMAT SEGSIZE COMPRESSION
    ewfacquire -u -q -t "$1" -f "$2" -c "$4" -S "$3" -d sha1 -C CASE-42 -D "test disk" -e "Examiner One" \
        -E EV-7 -N "evidence notes" -m fixed -M physical disk_mbr.raw >/dev/null 2>&1
}
ewf disk_mbr encase6 100M empty-block
mkdir -p split missing
ewf split/disk encase6 20M none
# 512 KiB chunks (ewfacquire -b 1024), deflate fast: chunk geometry other than the default 32 KiB
ewfacquire -u -q -t bigchunk -f encase6 -c deflate:fast -b 1024 -S 100M -d sha1 -m fixed -M physical \
    disk_mbr.raw >/dev/null 2>&1
cp split/disk.E01 split/disk.E03 missing/
# this libewf writes no real EWF2: a file with the Ex01 signature stands in for one
printf 'EVF2\r\n\x81\x00' > disk_mbr.Ex01; head -c 8192 /dev/zero >> disk_mbr.Ex01
printf 'QFI\xfb\0\0\0\3' > image.qcow2; head -c 4096 /dev/zero >> image.qcow2
printf 'vhdxfile' > image.vhdx; head -c 4096 /dev/zero >> image.vhdx

# --- containers and naming, for kind detection ------------------------------------------------
mkdir -p alpha
split -b 3M -a 2 ext4.img alpha/disk.
(cd src && zip -q -X -r ../small.zip hello.txt docs && tar --mtime=@1600000000 --owner=0 --group=0 -cf ../small.tar hello.txt docs)
gzip -n -c small.tar > small.tar.gz
cp small.zip small.bin          # zip content under a name that says nothing

# --- damaged -------------------------------------------------------------------------------
head -c $((25 * 1024 * 1024)) disk_mbr.raw > trunc.raw
cp ext4.img zeroed_sb.img
dd if=/dev/zero of=zeroed_sb.img bs=1024 seek=1 count=1 conv=notrunc status=none
: > empty.raw

# --- logical directory ----------------------------------------------------------------------
cp -a src logical
mkfifo logical/fifo      # never opened: no content source

rm -rf src ads.bin
echo "$STAMP" > .done
