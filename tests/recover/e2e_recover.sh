#!/usr/bin/env bash
# e2e_recover - dftriage ingest of a WhatsApp Android tree (tests/chat_whatsapp/make_fixtures.py) whose
# msgstore.db then had message 2 deleted with secure_delete off: the chat plugin's recovery brings it
# back as a messages row with deleted=1, its exact body, the sender resolved through the live jid
# table, details.recovered (freeblock source, no_rowid) and the chat.database count; with
# chat.recover=off it is absent.
# Usage: e2e_recover.sh DFT_BIN TESTIMAGES WORKDIR MAKE_FIXTURES_PY
source "$(dirname "$0")/../e2e/lib.sh"
MAKE=${1:?make_fixtures.py}
command -v python3 >/dev/null || exit 77
FX=$WORK/fx
python3 "$MAKE" "$FX" >/dev/null || fail "make_fixtures.py failed"
WA=/data/data/com.whatsapp/databases
python3 - "$FX/android$WA/msgstore.db" <<'PY' || fail "deleting the message failed"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA secure_delete=0")
db.execute("PRAGMA journal_mode=DELETE")   # checkpoints the fixture's WAL into the file
db.execute("DELETE FROM message WHERE _id=2")
db.commit()
db.close()
PY
[ ! -e "$FX/android$WA/msgstore.db-wal" ] || fail "WAL still there"

"$BIN" ingest "$WORK/case.db" "$FX/android" --plugins chat >/dev/null 2>&1 || fail "ingest failed"
C=$WORK/case.db
got=$(q "$C" "SELECT m.source || '|' || m.deleted || '|' || m.body || '|' || m.sender || '|' || m.sent_utc || '|'
              || json_extract(m.details, '$.recovered.source') || '|' || json_extract(m.details, '$.recovered.completeness')
              FROM messages m JOIN files f ON f.id = m.file_id WHERE f.path = '$WA/msgstore.db' AND m.details LIKE '%recovered%'")
[ "$got" = "message:13|1|สวัสดีครับ งานนี้ได้เงินดี|+66898765432|2023-11-14T22:13:20Z|freeblock:7:3955|no_rowid" ] \
    && ok "deleted message recovered exactly" || softfail "recovered message = $got"
got=$(q "$C" "SELECT count(*) FROM messages m JOIN files f ON f.id = m.file_id WHERE f.path = '$WA/msgstore.db' AND m.source = 'message:2'")
[ "$got" = 0 ] && ok "message:2 is no longer live" || softfail "message:2 rows = $got"
got=$(q "$C" "SELECT json_extract(details, '$.recovered.freeblock') || '|' || json_extract(details, '$.recovered.records_in_file')
              FROM findings WHERE kind = 'chat.database' AND value = 'android-message'")
[ "$got" = "1|1" ] && ok "chat.database counts the recovered row" || softfail "chat.database recovered = $got"
got=$(q "$C" "SELECT count(*) FROM messages WHERE deleted = 1 AND json_extract(details, '$.recovered') IS NULL AND body IS NOT NULL")
[ "$got" = 0 ] && ok "no other row marked deleted with a body" || softfail "other deleted rows = $got"

"$BIN" ingest "$WORK/off.db" "$FX/android" --plugins chat --plugin-opt chat.recover=off >/dev/null 2>&1 || fail "ingest (off) failed"
got=$(q "$WORK/off.db" "SELECT count(*) FROM messages WHERE details LIKE '%\"recovered\"%'")
[ "$got" = 0 ] && ok "recover=off: nothing recovered" || softfail "recover=off recovered rows = $got"
finish
