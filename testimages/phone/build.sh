#!/bin/sh
# build.sh OUTDIR - builds the phone-dump test evidence deterministically (fixed mtimes, sorted tar,
# zip -X with TZ=UTC, fixed bytes). Writes OUTDIR/expected.txt: "sha256  member-path" lines for
# the source files, computed with sha256sum, that the tests compare member hashes against.
set -eu
OUT=${1:?usage: build.sh OUTDIR}
HERE=$(cd "$(dirname "$0")" && pwd)
export TZ=UTC LC_ALL=C SOURCE_DATE_EPOCH=1600000000
T=1600000000
rm -rf "$OUT"
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
S="$OUT/src"
mkdir -p "$S"

# ---- Android full file system under a "Dump/" prefix -------------------------------------------
A="$S/android/Dump"
mkdir -p "$A/data/data/com.whatsapp/databases" "$A/data/data/com.whatsapp/shared_prefs" "$A/sdcard/DCIM"
sqlite3 "$A/data/data/com.whatsapp/databases/msgstore.db" \
  "CREATE TABLE messages(_id INTEGER PRIMARY KEY, key_remote_jid TEXT, data TEXT);
   INSERT INTO messages VALUES(1,'66812345678@s.whatsapp.net','hello from the test image');"
printf 'WAL-BYTES-FOR-TEST\n' > "$A/data/data/com.whatsapp/databases/msgstore.db-wal"
sqlite3 "$A/data/data/com.whatsapp/databases/wa.db" \
  "CREATE TABLE wa_contacts(jid TEXT, display_name TEXT); INSERT INTO wa_contacts VALUES('66812345678@s.whatsapp.net','Somchai');"
printf '<map><string name="k">v</string></map>\n' > "$A/data/data/com.whatsapp/shared_prefs/prefs.xml"
printf 'not really a jpeg\n' > "$A/sdcard/DCIM/IMG_0001.jpg"
printf 'acquisition notes\n' > "$A/README.txt"
find "$S/android" -exec touch -h -d @$T {} +
tar --sort=name --mtime=@$T --owner=0 --group=0 --numeric-owner -cf "$OUT/android.tar" -C "$S/android" Dump
gzip -n -9 -c "$OUT/android.tar" > "$OUT/android.tar.gz"
(cd "$S/android" && find Dump -type f | sort | xargs sha256sum) > "$OUT/expected.txt"

# ---- iOS full file system zip under "filesystem1/" ---------------------------------------------
I="$S/ios/filesystem1/private/var/mobile"
mkdir -p "$I/Library/SMS" "$I/Containers/Shared/AppGroup/0A1B2C3D-0000-4000-8000-000000000001"
sqlite3 "$I/Library/SMS/sms.db" "CREATE TABLE message(ROWID INTEGER PRIMARY KEY, text TEXT); INSERT INTO message VALUES(1,'hi');"
printf 'chatstorage\n' > "$I/Containers/Shared/AppGroup/0A1B2C3D-0000-4000-8000-000000000001/ChatStorage.sqlite"
find "$S/ios" -exec touch -h -d @$T {} +
(cd "$S/ios" && find filesystem1 | sort | zip -X -q -@ "$OUT/ios.zip")
(cd "$S/ios" && find filesystem1 -type f | sort | xargs sha256sum) >> "$OUT/expected.txt"

# ---- python-made samples: .ab, UFDR, nested, hostile, bomb, bad CRC ----------------------------
python3 "$HERE/make_samples.py" "$OUT"

# ---- truncated tar: cut in the middle of the wa.db member's data -------------------------------
head -c 6000 "$OUT/android.tar" > "$OUT/truncated.tar"

# ---- iTunes backups --------------------------------------------------------------------------
python3 "$HERE/make_itunes.py" "$OUT"

# ---- review regressions: deep paths, hard links, planted symlinks, bombs (OUT/review) -----------
python3 "$HERE/make_review.py" "$OUT"
rm -rf "$S"
echo "phone test images in $OUT"
