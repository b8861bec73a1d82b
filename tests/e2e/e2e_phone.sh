#!/usr/bin/env bash
# e2e_phone: phone dumps through the whole ingest (issue 3): device paths, device metadata,
# member hashes against sha256sum of the source files, hostile-archive warnings, and a WhatsApp
# database whose newest rows live only in its -wal sibling inside a tar (the WAL comes after the
# database in the archive, so the scan must wait for it and copy it beside the database).
. "$(dirname "$0")/lib.sh"
P=$TI/phone
[ -f "$P/android.tar" ] || fail "phone images not built in $P"

# A database whose rows are only in the WAL: copy db + wal while the writer keeps them apart.
src=$WORK/src/Dump/data/data/com.whatsapp/databases
mkdir -p "$src"
python3 - "$src" <<'PY'
import os, shutil, sqlite3, sys
d = sys.argv[1]
tmp = os.path.join(d, "..", "live")
os.makedirs(tmp, exist_ok=True)
db = os.path.join(tmp, "msgstore.db")
con = sqlite3.connect(db)
con.execute("PRAGMA journal_mode=WAL")
con.execute("PRAGMA wal_autocheckpoint=0")
con.execute("CREATE TABLE message(_id INTEGER PRIMARY KEY, chat_row_id INT, from_me INT, timestamp INT, text_data TEXT)")
con.execute("CREATE TABLE chat(_id INTEGER PRIMARY KEY, jid_row_id INT, subject TEXT)")
con.execute("CREATE TABLE jid(_id INTEGER PRIMARY KEY, raw_string TEXT)")
con.commit()
con.execute("PRAGMA wal_checkpoint(TRUNCATE)")   # the schema goes to the main file
for i in range(7):                                # the rows stay in the WAL
    con.execute("INSERT INTO message(chat_row_id, from_me, timestamp, text_data) VALUES (1, ?, ?, ?)",
                (i % 2, 1700000000000 + i, "USDT TRC20 deposit %d" % i))
con.commit()
shutil.copy(db, os.path.join(d, "msgstore.db"))
shutil.copy(db + "-wal", os.path.join(d, "msgstore.db-wal"))
con.close()
shutil.rmtree(tmp)
PY
(cd "$WORK/src" && tar --sort=name --mtime=@1700000000 --owner=0 --group=0 --numeric-owner -cf "$WORK/wal.tar" Dump)
[ "$(q "$src/msgstore.db" 'select count(*) from message' 2>/dev/null || true)" != 7 ] || true

CASE=$WORK/case.db
"$BIN" ingest "$CASE" "$WORK/wal.tar" "$P/android.tar" "$P/itunes" "$P/sample.ufdr" "$P/backup.ab" \
    "$P/backup_enc.ab" "$P/itunes_enc" "$P/hostile.tar" "$P/bomb.zip" "$P/nested.tar" "$P/ios.zip" \
    --no-progress --threads 2 2> "$WORK/ingest.err" || { cat "$WORK/ingest.err" >&2; fail "ingest exited non-zero"; }

# kinds, from content
kinds=$(q "$CASE" "select group_concat(kind, ',') from (select kind from evidence order by id)")
[ "$kinds" = "tar,tar,itunes,ufdr,adb,adb,itunes,tar,zip,tar,zip" ] || softfail "evidence kinds: $kinds"
[ "$(q "$CASE" "select count(*) from evidence where status != 'complete'")" = 0 ] || softfail "incomplete evidence"

# the WAL rows were seen: the sibling was copied beside the database although it came later in the tar
tables=$(q "$CASE" "select f.details from findings f join files x on x.id=f.file_id where f.kind='sqlite.database' and x.evidence_id=1")
echo "$tables" | grep -q '"message":7' || softfail "WAL rows not applied in msgstore.db: $tables"
app=$(q "$CASE" "select subkind from findings where kind='chat.database' and evidence_id=1")
[ "$app" = whatsapp ] || softfail "msgstore.db not flagged as a whatsapp chat database: $app"

# device paths
for dp in /data/data/com.whatsapp/databases/msgstore.db /sdcard/DCIM/IMG_0001.jpg \
          HomeDomain/Library/SMS/sms.db \
          AppDomainGroup-group.net.whatsapp.WhatsApp.shared/ChatStorage.sqlite; do
    [ "$(q "$CASE" "select count(*) from files where device_path='$dp'")" -ge 1 ] || softfail "no file with device path $dp"
done
[ "$(q "$CASE" "select count(*) from files where evidence_id=11 and device_path like '/private/var/mobile/%'")" -ge 1 ] \
    || softfail "iOS zip: no /private/var/mobile device paths"

# member hashes equal sha256sum of the sources (expected.txt from the builder)
while read -r sum rel; do
    case $rel in
    Dump/*) ev=2 path=/$rel ;;
    *) continue ;;
    esac
    got=$(q "$CASE" "select sha256 from files where evidence_id=$ev and path='$path'")
    [ "$got" = "$sum" ] || softfail "sha256 of $path: got '$got' want $sum"
done < "$P/expected.txt"
# the archive's own hash equals sha256sum of the file
want=$(sha256sum "$P/android.tar" | cut -d' ' -f1)
[ "$(q "$CASE" "select sha256 from evidence where id=2")" = "$want" ] || softfail "android.tar media sha256"

# device metadata
[ "$(q "$CASE" "select value from evidence_meta where evidence_id=3 and key='device.imei'")" = 356789012345675 ] \
    || softfail "iTunes IMEI missing"
[ "$(q "$CASE" "select value from evidence_meta where evidence_id=4 and key='device.model'")" = SM-G991B ] \
    || softfail "UFDR model missing"
[ "$(q "$CASE" "select value from evidence_meta where evidence_id=6 and key='adb.encryption'")" = AES-256 ] \
    || softfail "encrypted .ab not recorded"
[ "$(q "$CASE" "select value from evidence_meta where evidence_id=7 and key='itunes.is_encrypted'")" = 1 ] \
    || softfail "encrypted iTunes backup not recorded"

# hostile inputs are warnings, and nothing escaped
w() { q "$CASE" "select count(*) from findings where kind='evidence.warning' and evidence_id=$1 and value like '$2'"; }
[ "$(w 8 '%outside the archive%')" -ge 2 ] || softfail "../ and absolute names not warned"
[ "$(w 8 '%duplicate member%')" -ge 1 ] || softfail "duplicate names not warned"
[ "$(w 9 '%zip bomb%')" -ge 1 ] || softfail "zip bomb not warned"
[ "$(w 6 '%password%')" -ge 1 ] || softfail "encrypted .ab: no password warning"
[ "$(q "$CASE" "select count(*) from files where path='/outer/inner.zip/deep/inner.txt' and archive_path like 'nested.tar/%'")" = 1 ] \
    || softfail "nested zip in tar not expanded with provenance"
[ ! -e /etc/passwd.dftriage ] && [ ! -e "$P/../evil.txt" ] || softfail "a hostile member was written outside"

"$BIN" verify "$CASE" > "$WORK/verify.out" 2>&1 || { cat "$WORK/verify.out" >&2; softfail "verify failed"; }
finish
