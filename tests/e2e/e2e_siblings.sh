#!/usr/bin/env bash
# e2e_siblings: exact sibling and path lookups (issue 7 item 3) on real evidence of every kind. One
# WhatsApp app folder (testimages/phone/make_siblings.py) laid out as a directory, tar, zip, UFDR,
# iTunes backup and an ext4 userdata image; the external test plugin (tests/e2e/sibling_plugin.c)
# looks up the -wal, wa.db, the key by relative and absolute device path, lists and globs, opens the
# database with and without its WAL, and lists a claimed directory. Asserted:
#   * every layout gives identical answers (device paths relative to the app root);
#   * the WAL-only row is visible with the WAL beside the copy and absent without it;
#   * the absolute Android path /data/data/com.whatsapp/files/key is found on ext4 userdata, dir,
#     tar, zip and UFDR;
#   * a deleted msgstore.db (debugfs rm on the ext4 image) is not paired with the live -wal left in
#     its folder;
#   * a sibling cut short in a truncated tar, or lying in a damaged E01 chunk, is reported
#     incomplete, with a warning naming it;
#   * the same case rows whatever --threads.
#   * the evidence view (kind) and metadata (IMEI) reach the plugin.
# Extra argument: the directory holding sibling_plugin.so.
. "$(dirname "$0")/lib.sh"
PLUG=${1:?plugin directory}
command -v debugfs >/dev/null && command -v mke2fs >/dev/null || { echo "e2fsprogs missing"; exit 77; }
HERE=$(cd "$(dirname "$0")" && pwd)
EV=$WORK/ev
python3 "$HERE/../../testimages/phone/make_siblings.py" "$EV" >/dev/null || fail "building the evidence"

# the ext4 userdata partition, then com.old's msgstore.db deleted (its -wal stays live)
E2FSPROGS_FAKE_TIME=1600000000 mke2fs -q -t ext4 -d "$EV/userdata" -U 11111111-2222-3333-4444-555555555555 \
    -E hash_seed=11111111-2222-3333-4444-555555555555 -L userdata "$EV/userdata.img" 8M
E2FSPROGS_FAKE_TIME=1600000000 debugfs -w -R "rm /data/com.old/databases/msgstore.db" "$EV/userdata.img" \
    >/dev/null 2>&1 || fail "debugfs rm"

ingest() { # NAME EVIDENCE [ARGS...]
    local name=$1 ev=$2
    shift 2
    "$BIN" ingest "$WORK/$name.db" "$ev" --plugin-dir "$PLUG" --plugins sibtest --no-progress "$@" \
        2> "$WORK/$name.err" || { cat "$WORK/$name.err" >&2; fail "ingest $name failed"; }
}
# what the plugin reported about com.whatsapp's msgstore.db and shared_prefs, in a stable order
answers() {
    q "$WORK/$1.db" "select x.kind || ' ' || x.value from findings x join files f on f.id = x.file_id
                     where x.plugin = 'sibtest' and x.kind like 'sibtest.%' and x.kind not in ('sibtest.android_absolute', 'sibtest.meta')
                       and f.device_path like '%com.whatsapp%' and f.allocated = 1
                     order by f.type, x.kind, x.value"
}

ingest dir "$EV/dir"
ingest tar "$EV/dump.tar"
ingest zip "$EV/dump.zip"
ingest ufdr "$EV/dump.ufdr"
ingest itunes "$EV/itunes"
ingest ext4 "$EV/userdata.img"
answers dir > "$WORK/dir.txt"

WAL_SHA=$(sha256sum "$EV/dir/Dump/data/data/com.whatsapp/databases/msgstore.db-wal" | cut -d' ' -f1)
WAL_SIZE=$(stat -c %s "$EV/dir/Dump/data/data/com.whatsapp/databases/msgstore.db-wal")
KEY_SHA=$(sha256sum "$EV/dir/Dump/data/data/com.whatsapp/files/key" | cut -d' ' -f1)
want() { grep -qxF "$1" "$WORK/dir.txt" || softfail "dir: missing '$1'"; }
want "sibtest.sibling wal: <app>/databases/msgstore.db-wal alloc=1 complete=1 size=$WAL_SIZE sha256=$WAL_SHA"
want "sibtest.sibling journal: not found"
want "sibtest.sibling missing: not found"
want "sibtest.sibling key-relative: <app>/files/key alloc=1 complete=1 size=157 sha256=$KEY_SHA"
want "sibtest.sibling key-absolute: <app>/files/key alloc=1 complete=1 size=157 sha256=$KEY_SHA"
want "sibtest.rows wal_beside=1 with_wal=[in-main-file+only-in-wal] without_wal=[in-main-file]"
want "sibtest.list msgstore.db:r,msgstore.db-wal:r,wa.db:r"
want "sibtest.dirlist com.whatsapp_preferences.xml:r"
grep -q "^sibtest.glob <app>/databases,<app>/databases/msgstore.db,<app>/databases/msgstore.db-wal,<app>/databases/wa.db,<app>/files,<app>/files/key,<app>/shared_prefs,<app>/shared_prefs/com.whatsapp_preferences.xml$" \
    "$WORK/dir.txt" || softfail "dir: glob of the app folder: $(grep glob "$WORK/dir.txt")"
grep -q "^sibtest.file alloc=1 status=full sha256=$(sha256sum "$EV/dir/Dump/data/data/com.whatsapp/databases/msgstore.db" | cut -d' ' -f1) parent=1 ev=set$" \
    "$WORK/dir.txt" || softfail "dir: file view: $(grep sibtest.file "$WORK/dir.txt")"

for k in tar zip ufdr itunes ext4; do
    answers $k > "$WORK/$k.txt"
    diff -u "$WORK/dir.txt" "$WORK/$k.txt" >&2 || softfail "$k: answers differ from the directory layout"
done
for k in dir tar zip ufdr ext4; do
    n=$(q "$WORK/$k.db" "select count(*) from findings x join files f on f.id = x.file_id
                         where x.kind = 'sibtest.android_absolute' and x.value = 'found'
                           and f.device_path = '/data/data/com.whatsapp/databases/msgstore.db'")
    [ "$n" = 1 ] || softfail "$k: /data/data/com.whatsapp/files/key not found by its absolute device path ($n)"
done

# the evidence view and metadata (IMEI from the UFDR report and the iTunes Info.plist)
for kv in "ufdr:imei=356789012345675 kind=ufdr" "itunes:imei=356789012345675 kind=itunes" "tar:imei=- kind=tar" \
          "dir:imei=- kind=dir" "ext4:imei=- kind=raw"; do
    k=${kv%%:*}
    n=$(q "$WORK/$k.db" "select count(*) from findings where kind = 'sibtest.meta' and value = '${kv#*:}'")
    [ "$n" -ge 1 ] || softfail "$k: evidence meta/view: $(q "$WORK/$k.db" "select value from findings where kind = 'sibtest.meta'")"
done

# deleted msgstore.db on ext4: not paired with the live -wal of its folder
del=$(q "$WORK/ext4.db" "select x.kind || ' ' || x.value from findings x join files f on f.id = x.file_id
                        where f.device_path = '/data/data/com.old/databases/msgstore.db' and f.allocated = 0
                          and x.kind in ('sibtest.sibling', 'sibtest.rows') order by x.kind, x.value")
[ -n "$del" ] || softfail "ext4: the deleted msgstore.db was not scanned"
grep -qxF "sibtest.sibling wal: not found" <<<"$del" || softfail "ext4: deleted db paired with a WAL: $del"
grep -q "^sibtest.rows wal_beside=0 " <<<"$del" || softfail "ext4: a WAL was put beside the deleted db: $del"
[ "$(q "$WORK/ext4.db" "select count(*) from files where device_path = '/data/data/com.old/databases/msgstore.db-wal' and allocated = 1")" = 1 ] \
    || softfail "ext4: the live -wal of com.old is missing"

# a sibling cut short in a truncated tar: complete=0 and a warning naming it
ingest trunc "$EV/truncated.tar"
tw=$(q "$WORK/trunc.db" "select value from findings where kind = 'sibtest.sibling' and value like 'wal:%'")
grep -q "complete=0" <<<"$tw" || softfail "truncated tar: the cut -wal is not reported incomplete: $tw"
n=$(q "$WORK/trunc.db" "select count(*) from findings where kind = 'evidence.warning' and plugin = 'sibtest'
                        and value like 'sibling %msgstore.db-wal%incomplete%'")
[ "$n" -ge 1 ] || softfail "truncated tar: no warning names the incomplete sibling"
tr=$(q "$WORK/trunc.db" "select value from findings where kind = 'sibtest.rows'")
grep -q "wal_beside=1" <<<"$tr" || softfail "truncated tar: the partial WAL is not beside the copy: $tr"

# a sibling in a damaged E01 chunk (random-access source): complete=0 and a warning naming it
if command -v ewfacquire >/dev/null && command -v dumpe2fs >/dev/null; then
    bs=$(dumpe2fs -h "$EV/userdata.img" 2>/dev/null | sed -n 's/^Block size: *//p')
    blk=$(debugfs -R "bmap /data/com.whatsapp/databases/msgstore.db-wal 0" "$EV/userdata.img" 2>/dev/null)
    off=$((blk * bs))
    ewfacquire -u -q -t "$WORK/ud" -f encase6 -c none -d sha1 -m fixed -M physical "$EV/userdata.img" \
        > "$WORK/ewfacquire.log" 2>&1 || { cat "$WORK/ewfacquire.log" >&2; fail "ewfacquire"; }
    python3 "$HERE/ewf_edit.py" flip-at "$WORK/ud.E01" $((off / 32768)) $((off % 32768)) >/dev/null \
        || fail "ewf_edit flip-at"
    ingest ewf "$WORK/ud.E01"
    ew=$(q "$WORK/ewf.db" "select x.value from findings x join files f on f.id = x.file_id
                           where x.kind = 'sibtest.sibling' and x.value like 'wal:%'
                             and f.device_path = '/data/data/com.whatsapp/databases/msgstore.db'")
    grep -q "complete=0" <<<"$ew" || softfail "E01: a -wal in a damaged chunk is not reported incomplete: $ew"
    n=$(q "$WORK/ewf.db" "select count(*) from findings where kind = 'evidence.warning'
                          and value like 'sibling /data/data/com.whatsapp/databases/msgstore.db-wal%incomplete%unreadable%'")
    [ "$n" -ge 1 ] || softfail "E01: no warning names the damaged sibling"
fi

# determinism: the same rows whatever the thread count
dump() {
    q "$WORK/$1.db" "select f.id, f.path, f.allocated, f.sha256, x.plugin, x.kind, x.value from findings x
                     join files f on f.id = x.file_id order by x.id"
}
for t in 1 4; do
    ingest tar_t$t "$EV/dump.tar" --threads $t
    ingest ext4_t$t "$EV/userdata.img" --threads $t
done
[ "$(dump tar_t1)" = "$(dump tar_t4)" ] || softfail "tar: findings differ between --threads 1 and 4"
[ "$(dump ext4_t1)" = "$(dump ext4_t4)" ] || softfail "ext4: findings differ between --threads 1 and 4"
finish
