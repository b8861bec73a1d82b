#!/usr/bin/env bash
# e2e_verify - `verify` re-hashes the evidence and checks the audit chain.
#  1. right after an ingest: exit 0.
#  2. one byte of the evidence changed (a copy, so the fixture stays intact): exit 1, names it.
#  3. byte restored: exit 0 again.
#  4. audit_log row changed (append-only triggers dropped first): exit 1.
source "$(dirname "$0")/lib.sh"

EVI=$WORK/evidence_copy.raw
cp "$TI/fs_only_ext4.raw" "$EVI"
CASE=$WORK/case.db
must_ingest "$CASE" "$EVI" --case-number VER-1 --examiner tester

verify() { local rc=0; "$BIN" verify "$CASE" >"$WORK/v.out" 2>"$WORK/v.err" || rc=$?; return $rc; }

rc=0; verify || rc=$?
[ $rc -eq 0 ] && ok "verify after ingest: exit 0" || softfail "verify after ingest: exit $rc: $(cat "$WORK/v.err")"

# Flip one byte in the middle of the copy.
OFF=$((8 * 1048576 + 12345))
orig=$(od -An -tu1 -j $OFF -N1 "$EVI" | tr -d ' ')
printf "\\$(printf '%03o' $(((orig + 1) % 256)))" | dd of="$EVI" bs=1 seek=$OFF conv=notrunc status=none
[ "$(od -An -tu1 -j $OFF -N1 "$EVI" | tr -d ' ')" != "$orig" ] || fail "could not change the byte"
rc=0; verify || rc=$?
if [ $rc -eq 1 ]; then
    grep -qiE 'mismatch|differ|changed|modified' "$WORK/v.out" "$WORK/v.err" \
        && grep -q 'evidence_copy.raw\|evidence 1' "$WORK/v.out" "$WORK/v.err" \
        && ok "changed byte: exit 1: $(cat "$WORK/v.err" "$WORK/v.out" | grep . | head -1)" \
        || softfail "changed byte: exit 1 but the output does not name the mismatch: $(cat "$WORK/v.err" "$WORK/v.out")"
else
    softfail "changed byte: verify exit $rc, expected 1"
fi

printf "\\$(printf '%03o' "$orig")" | dd of="$EVI" bs=1 seek=$OFF conv=notrunc status=none
cmp -s "$EVI" "$TI/fs_only_ext4.raw" || fail "could not restore the byte"
rc=0; verify || rc=$?
[ $rc -eq 0 ] && ok "byte restored: exit 0" || softfail "byte restored: verify exit $rc: $(cat "$WORK/v.err")"

# Tamper with the audit log.
n=$(q "$CASE" "SELECT count(*) FROM audit_log")
[ "$n" -ge 1 ] || fail "audit_log is empty"
for t in $(q "$CASE" "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"); do
    q "$CASE" "DROP TRIGGER \"$t\"" >/dev/null
done
ch=$(q "$CASE" "UPDATE audit_log SET detail = detail || ' (edited)' WHERE seq = (SELECT min(seq) FROM audit_log); SELECT changes()")
[ "$ch" = 1 ] || fail "could not change an audit_log row"
rc=0; verify || rc=$?
if [ $rc -eq 1 ]; then
    ok "audit_log edited: exit 1: $(cat "$WORK/v.err" "$WORK/v.out" | grep -i audit | head -1)"
    grep -qi 'audit' "$WORK/v.out" "$WORK/v.err" || softfail "audit_log edited: output does not mention the audit log"
else
    softfail "audit_log edited: verify exit $rc, expected 1"
fi
finish
