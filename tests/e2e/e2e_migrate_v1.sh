#!/usr/bin/env bash
# e2e_migrate_v1 - a case file made by the previous release (schema 1) keeps working:
#  1. tests/store/fixtures/case_v1.sql is the dump of a case written by dftriage 0.1.0 (schema 1) over a
#     small directory, with typed rows as a version-1 plugin stored them (no evidence_id); the same
#     directory is rebuilt here byte for byte.
#  2. info reads it as it is (read-only: no migration); verify, which appends its outcome to the audit
#     log, opens it for writing and so migrates it first (audited), then passes.
#  3. an ingest into it migrates it to schema 2 in place: user_version 2, every v2 table/column, typed
#     rows backfilled with their evidence, an audited schema.migrate, the old audit chain intact; then
#     info and verify pass, and the new item is added.
#  4. a case of a newer schema (3) is refused by ingest, info and verify, with one line naming it.
source "$(dirname "$0")/lib.sh"

FIX=$(cd "$(dirname "$0")/../store/fixtures" && pwd)/case_v1.sql
cd "$WORK"
mkdir -p v1ev/sdcard v1ev/docs
printf 'send 500 USDT to the platform wallet\n' > v1ev/sdcard/notes.txt
printf 'name,phone\nSomchai,+66812345678\n' > v1ev/docs/list.csv
touch -d '2024-01-01 00:00:00' v1ev/sdcard/notes.txt v1ev/docs/list.csv

CASE=$WORK/case.db
sqlite3 "$CASE" < "$FIX"
# a version-1 plugin could store a typed row with no file: it belongs to no item (sealed as case-level)
sqlite3 "$CASE" "INSERT INTO messages(file_id, plugin, app, body) VALUES (NULL, 'legacy', 'sms', 'no file')"
chmod 600 "$CASE"
[ "$(q "$CASE" 'PRAGMA user_version')" = 1 ] || fail "fixture is not schema 1"

"$BIN" info "$CASE" > info1.out 2> info1.err || { cat info1.err >&2; fail "info on a v1 case failed"; }
ok "info reads the v1 case"
[ "$(q "$CASE" 'PRAGMA user_version')" = 1 ] || softfail "info (read-only) changed the schema version"
"$BIN" verify "$CASE" > verify1.out 2> verify1.err || { cat verify1.out verify1.err >&2; fail "verify on a v1 case failed"; }
ok "verify passes on the v1 case: $(tail -1 verify1.out)"

mkdir -p new/docs
printf 'second item\n' > new/docs/b.txt
must_ingest "$CASE" new --case-number V1-2026 --examiner "New Release" --no-progress
[ "$(q "$CASE" 'PRAGMA user_version')" = 3 ] || softfail "not migrated: user_version $(q "$CASE" 'PRAGMA user_version')"
[ "$(q "$CASE" "SELECT value FROM case_info WHERE key='schema_version'")" = 3 ] || softfail "case_info.schema_version not 3"
[ "$(q "$CASE" "SELECT value FROM case_info WHERE key='time_zone'")" = UTC ] || softfail "no case time zone"
n=$(q "$CASE" "SELECT count(*) FROM audit_log WHERE action='schema.migrate' AND detail='case schema 1 -> 3'")
# the migration happened once (by verify, or by this ingest), never twice
[ "$n" = 1 ] && ok "migration audited" || softfail "schema.migrate audit rows: $n"
for t in messages contacts wallets persons; do
    v=$(q "$CASE" "SELECT group_concat(evidence_id) FROM $t")
    [ "$v" = 1 ] || softfail "$t.evidence_id not backfilled: '$v'"
done
for col in calls.counterpart links.relation files.derived_from findings.region_id findings.decoded_path \
           messages.thread_title messages.details contacts.account wallets.address persons.personal; do
    t=${col%.*}; c=${col#*.}
    n=$(q "$CASE" "SELECT count(*) FROM pragma_table_info('$t') WHERE name='$c'")
    [ "$n" = 1 ] || softfail "column $col missing after migration"
done
q "$CASE" "SELECT count(*) FROM v_links" >/dev/null
q "$CASE" "SELECT count(*) FROM v_calls" >/dev/null
old=$(q "$CASE" "SELECT body FROM v_messages WHERE id=1")
[ "$(q "$CASE" "SELECT count(*) FROM messages WHERE body='no file' AND evidence_id IS NULL")" = 1 ] || softfail "file-less v1 row lost"
[ "$old" = hello ] || softfail "old message lost: '$old'"
[ "$(q "$CASE" "SELECT count(*) FROM evidence WHERE status='complete'")" = 2 ] || softfail "new item not complete"
"$BIN" info "$CASE" > info2.out 2> info2.err || { cat info2.err >&2; softfail "info after migration failed"; }
"$BIN" verify "$CASE" > verify2.out 2> verify2.err || { cat verify2.out verify2.err >&2; softfail "verify after migration failed"; }
ok "info and verify pass after migration"

# A fresh case and a migrated one have the same schema (tables, columns in order, indexes, views).
must_ingest "$WORK/fresh.db" new --case-number V1-2026 --examiner x --no-progress
schema() { q "$1" "SELECT m.type || ' ' || m.name || ' ' || coalesce((SELECT group_concat(name, ',') FROM pragma_table_info(m.name)), '')
                   FROM sqlite_master m WHERE m.name NOT LIKE 'sqlite_%' ORDER BY m.type, m.name"; }
if [ "$(schema "$CASE")" = "$(schema "$WORK/fresh.db")" ]; then ok "migrated schema = fresh schema"
else diff <(schema "$CASE") <(schema "$WORK/fresh.db") >&2 || true; softfail "migrated schema differs from a fresh one"; fi

# Newer schema refused everywhere.
cp "$WORK/fresh.db" "$WORK/v3.db"
sqlite3 "$WORK/v3.db" "PRAGMA user_version=99"
for cmd in info verify; do
    rc=0; "$BIN" $cmd "$WORK/v3.db" > v3.out 2> v3.err || rc=$?
    [ $rc -ne 0 ] && grep -q "newer" v3.err && ok "$cmd refuses schema 3" || softfail "$cmd on schema 3: exit $rc: $(cat v3.err)"
done
rc=0; ingest "$WORK/v3.db" new || rc=$?
[ $rc -ne 0 ] && grep -q "newer" "$WORK/last.err" && ok "ingest refuses schema 3" || softfail "ingest on schema 3: exit $rc"
finish
