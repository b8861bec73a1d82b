#!/usr/bin/env bash
# e2e_seal - sealed rows and the audit chain head through the binary (docs/case-file.md "Sealed rows"):
#  1. ingest prints "audit chain head: SEQ:HASH" as its last line, the hash of the last audit row;
#     verify passes, prints the head, and passes with --expect HEAD (twice: its own rows may follow).
#  2. every sealed table with rows in this case (evidence, evidence_meta, volumes, filesystems,
#     files, unallocated, findings): one column of one row edited, a row deleted, a row inserted ->
#     verify exits 1 naming the table and the row id. Typed tables (messages, contacts, wallets,
#     persons) get no rows from these images: a row inserted for a file of the item is named.
#     (tests/store/test_store_seal.c edits and deletes rows of every table, typed ones included.)
#  3. the chain's tail cut (append-only triggers dropped) -> verify --expect HEAD exits 1 and names
#     how many rows were cut; rows appended after HEAD, a malformed HEAD -> exit 1.
source "$(dirname "$0")/lib.sh"

CASE=$WORK/case.db
must_ingest "$CASE" "$TI/disk_mbr.raw" "$TI/phone/sample.ufdr" --no-progress --threads 2

last=$(tail -n 1 "$WORK/last.out")
[[ "$last" =~ ^audit\ chain\ head:\ ([0-9]+):([0-9a-f]{64})$ ]] || fail "ingest's last line is not the chain head: '$last'"
HEAD="${BASH_REMATCH[1]}:${BASH_REMATCH[2]}"
HEAD_SEQ=${BASH_REMATCH[1]}
ORIG=$WORK/orig.db   # the case as ingest left it (verify appends its own rows to $CASE)
cp "$CASE" "$ORIG"
[ "$(q "$CASE" "SELECT seq || ':' || hash FROM audit_log ORDER BY seq DESC LIMIT 1")" = "$HEAD" ] \
    && ok "ingest prints the chain head: $HEAD" || softfail "printed head $HEAD is not the last audit row"
[ "$(q "$CASE" "SELECT count(*) FROM audit_log WHERE action = 'evidence.seal'")" = 2 ] \
    || softfail "expected one evidence.seal audit row per item"

# verify C [ARGS]: runs verify on case C, output in $WORK/v.out (stdout + stderr), returns its status.
verify() { local c=$1 rc=0; shift; "$BIN" verify "$c" "$@" >"$WORK/v.out" 2>&1 || rc=$?; return $rc; }

rc=0; verify "$CASE" || rc=$?
[ $rc -eq 0 ] && grep -q 'evidence 1 sealed rows OK' "$WORK/v.out" && grep -q '^audit chain head: ' "$WORK/v.out" \
    && ok "untouched case verifies" || softfail "untouched case: verify exit $rc: $(cat "$WORK/v.out")"
for i in 1 2; do
    rc=0; verify "$CASE" --expect "$HEAD" || rc=$?
    [ $rc -eq 0 ] && grep -q 'audit chain head matches --expect' "$WORK/v.out" \
        && ok "verify --expect HEAD ($i): exit 0" || softfail "verify --expect HEAD ($i): exit $rc: $(cat "$WORK/v.out")"
done

# expect_fail NAME CASE REGEX [VERIFY ARGS]: verify exits 1 and a line matches REGEX.
expect_fail() {
    local name=$1 c=$2 re=$3 rc=0
    shift 3
    verify "$c" "$@" || rc=$?
    if [ $rc -eq 1 ] && grep -qE "$re" "$WORK/v.out"; then
        ok "$name: $(grep -E "$re" "$WORK/v.out" | head -1)"
    else
        softfail "$name: verify exit $rc, expected 1 and a line matching '$re':"
        cat "$WORK/v.out" >&2
    fi
}

# tamper TABLE COLUMN: edit, delete, insert on copies of the case.
tamper() {
    local t=$1 col=$2 scope row c=$WORK/t.db
    if [ "$t" = evidence ]; then scope="id = 1"; else scope="evidence_id = 1"; fi
    row=$(q "$CASE" "SELECT min(rowid) FROM $t WHERE $scope")
    [ -n "$row" ] || { softfail "no $t row of evidence 1 in the case"; return; }

    cp "$ORIG" "$c"
    q "$c" "UPDATE $t SET $col = coalesce($col, '') || 'x' WHERE rowid = $row" >/dev/null
    expect_fail "$t row $row edited" "$c" "evidence 1: table $t row $row changed"

    cp "$ORIG" "$c"
    q "$c" "DELETE FROM $t WHERE rowid = $row" >/dev/null
    expect_fail "$t row $row deleted" "$c" "evidence 1: table $t row $row missing"

    cp "$ORIG" "$c"
    if [ "$t" = evidence ]; then
        q "$c" "INSERT INTO evidence(id, path, kind, status) VALUES (9, '/forged.dd', 'raw', 'complete')" >/dev/null
        expect_fail "evidence row inserted" "$c" "evidence 9: table evidence row 9 not sealed"
    else
        q "$c" "INSERT INTO $t(evidence_id) VALUES (1)" >/dev/null
        row=$(q "$c" "SELECT max(rowid) FROM $t")
        expect_fail "$t row $row inserted" "$c" "evidence 1: table $t row $row not sealed"
    fi
}

tamper evidence sha256
tamper volumes description
tamper filesystems label
tamper files sha256
tamper unallocated kind
tamper findings value
# evidence_meta: the UFDR report's device metadata (evidence 2)
row=$(q "$CASE" "SELECT min(rowid) FROM evidence_meta WHERE evidence_id = 2")
[ -n "$row" ] || fail "no evidence_meta rows for the UFDR item"
cp "$ORIG" "$WORK/t.db"; q "$WORK/t.db" "UPDATE evidence_meta SET value = 'forged' WHERE rowid = $row" >/dev/null
expect_fail "evidence_meta row $row edited" "$WORK/t.db" "evidence 2: table evidence_meta row $row changed"
cp "$ORIG" "$WORK/t.db"; q "$WORK/t.db" "DELETE FROM evidence_meta WHERE rowid = $row" >/dev/null
expect_fail "evidence_meta row $row deleted" "$WORK/t.db" "evidence 2: table evidence_meta row $row missing"
cp "$ORIG" "$WORK/t.db"; q "$WORK/t.db" "INSERT INTO evidence_meta(evidence_id, key, value) VALUES (2, 'device.imei', '1')" >/dev/null
row=$(q "$WORK/t.db" "SELECT max(rowid) FROM evidence_meta")
expect_fail "evidence_meta row $row inserted" "$WORK/t.db" "evidence 2: table evidence_meta row $row not sealed"

fid=$(q "$CASE" "SELECT min(id) FROM files WHERE evidence_id = 1")
for t in messages contacts wallets persons; do
    cp "$ORIG" "$WORK/t.db"
    if [ "$(q "$ORIG" "SELECT count(*) FROM pragma_table_info('$t') WHERE name = 'evidence_id'")" = 1 ]; then
        q "$WORK/t.db" "INSERT INTO $t(evidence_id, file_id) VALUES (1, $fid)" >/dev/null   # schema 2
    else
        q "$WORK/t.db" "INSERT INTO $t(file_id) VALUES ($fid)" >/dev/null
    fi
    row=$(q "$WORK/t.db" "SELECT max(rowid) FROM $t")
    expect_fail "$t row $row inserted" "$WORK/t.db" "evidence 1: table $t row $row not sealed"
done

# The chain's tail cut: the last 3 rows (run.end and what came before it) gone.
cp "$ORIG" "$WORK/t.db"
q "$WORK/t.db" "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq > $HEAD_SEQ - 3" >/dev/null
expect_fail "audit tail cut (3 rows)" "$WORK/t.db" "audit chain CUT: .* 3 rows cut from the end" --expect "$HEAD"
expect_fail "audit tail cut, hash only" "$WORK/t.db" "audit chain DIFFERS from --expect" --expect "${HEAD#*:}"
# cut back to before the last evidence.seal: the item is named even without --expect
cp "$ORIG" "$WORK/t.db"
q "$WORK/t.db" "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= (SELECT max(seq) FROM audit_log WHERE action = 'evidence.seal')" >/dev/null
expect_fail "audit tail cut before a seal" "$WORK/t.db" "evidence 2: table evidence row 2 not sealed"

# Rows appended after HEAD (not by verify): the head differs.
cp "$ORIG" "$WORK/t.db"
"$BIN" ingest "$WORK/t.db" "$TI/fs_only_ext4.raw" --no-progress >/dev/null 2>&1 || fail "second ingest failed"
expect_fail "rows appended after HEAD" "$WORK/t.db" "audit chain head DIFFERS from --expect: the chain goes on" --expect "$HEAD"
expect_fail "malformed HEAD" "$CASE" "not a head" --expect "12:xyz"
finish
