#!/usr/bin/env bash
# e2e_android_image: a physical Android image (issue 3, kind 5): an ext4 userdata partition is
# walked by TSK and its device paths get "/data" in front, the same as in extractions, so plugins
# match /data/data/com.whatsapp/databases/msgstore.db whatever the container; an F2FS partition
# (not readable by TSK) is named in a clear warning and the rest is still processed.
. "$(dirname "$0")/lib.sh"
command -v mkfs.f2fs >/dev/null || { echo "mkfs.f2fs missing (f2fs-tools)"; exit 77; }

src=$WORK/userdata
mkdir -p "$src/data/com.whatsapp/databases" "$src/app" "$src/media/0/DCIM" "$src/misc" "$src/system" \
         "$src/user/0" "$src/user_de/0"
sqlite3 "$src/data/com.whatsapp/databases/msgstore.db" \
    "CREATE TABLE message(_id INTEGER PRIMARY KEY, text_data TEXT); CREATE TABLE chat(_id INTEGER PRIMARY KEY);
     CREATE TABLE jid(_id INTEGER PRIMARY KEY, raw_string TEXT); INSERT INTO message(text_data) VALUES ('hello');"
printf 'photo' > "$src/media/0/DCIM/IMG_1.jpg"
find "$src" -exec touch -h -d @1700000000 {} +

E2FSPROGS_FAKE_TIME=1700000000 mke2fs -q -t ext4 -d "$src" -U 11111111-2222-3333-4444-555555555555 \
    -E hash_seed=11111111-2222-3333-4444-555555555555 -L userdata "$WORK/userdata.img" 16M
truncate -s 64M "$WORK/f2fs.img"
mkfs.f2fs -q -l system -T 1700000000 "$WORK/f2fs.img" >/dev/null 2>&1 || mkfs.f2fs -q -l system "$WORK/f2fs.img" >/dev/null
disk=$WORK/android.raw
truncate -s 82M "$disk"
printf 'label: gpt\nlabel-id: 01234567-89AB-CDEF-0123-456789ABCDEF\nstart=2048, size=32768, name=userdata\nstart=34816, size=131072, name=system\n' \
    | sfdisk -q "$disk" >/dev/null
dd if="$WORK/userdata.img" of="$disk" bs=512 seek=2048 conv=notrunc status=none
dd if="$WORK/f2fs.img" of="$disk" bs=512 seek=34816 conv=notrunc status=none

CASE=$WORK/case.db
"$BIN" ingest "$CASE" "$disk" --no-progress 2> "$WORK/ingest.err" || { cat "$WORK/ingest.err" >&2; fail "ingest failed"; }

dp=$(q "$CASE" "select device_path from files where path='/data/com.whatsapp/databases/msgstore.db'")
[ "$dp" = /data/data/com.whatsapp/databases/msgstore.db ] || softfail "userdata device path: '$dp'"
[ "$(q "$CASE" "select count(*) from findings where kind='chat.database' and subkind='whatsapp'")" = 1 ] \
    || softfail "msgstore.db on the userdata partition not flagged as whatsapp"
[ "$(q "$CASE" "select device_path from files where name='IMG_1.jpg'")" = /data/media/0/DCIM/IMG_1.jpg ] \
    || softfail "media device path"
n=$(q "$CASE" "select count(*) from findings where kind='evidence.warning' and value like '%F2FS%not walked%'")
[ "$n" = 1 ] || softfail "F2FS partition not named in a warning ($n)"
grep -q F2FS "$WORK/ingest.err" || softfail "F2FS warning not on stderr"
finish
