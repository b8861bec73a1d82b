#!/usr/bin/env bash
# e2e_duplicate - the same evidence twice in one case is refused; a different one is added.
#  1. second ingest of disk_gpt.raw: non-zero exit, a message on stderr, no row count changes.
#  2. ingest of fs_only_ext4.raw into the same case: exit 0, a second evidence row.
source "$(dirname "$0")/lib.sh"

CASE=$WORK/case.db
counts() {
    q "$CASE" "SELECT (SELECT count(*) FROM evidence) || ' ' || (SELECT count(*) FROM volumes) || ' ' ||
        (SELECT count(*) FROM filesystems) || ' ' || (SELECT count(*) FROM files) || ' ' ||
        (SELECT count(*) FROM findings) || ' ' || (SELECT count(*) FROM messages)"
}

must_ingest "$CASE" "$TI/disk_gpt.raw" --case-number DUP-1 --examiner tester
before=$(counts)
ok "first ingest: evidence/volumes/filesystems/files/findings/messages = $before"

rc=0; ingest "$CASE" "$TI/disk_gpt.raw" || rc=$?
if [ $rc -eq 0 ]; then
    softfail "second ingest of the same image: exit 0, expected refusal"
else
    [ -s "$WORK/last.err" ] || softfail "second ingest refused without a message"
    grep -qiE 'already|duplicate' "$WORK/last.err" \
        || softfail "refusal does not say why (already/duplicate): $(cat "$WORK/last.err")"
    ok "second ingest refused (exit $rc): $(head -1 "$WORK/last.err")"
fi
after=$(counts)
[ "$before" = "$after" ] && ok "row counts unchanged" || softfail "row counts changed: $before -> $after"

# A copy under another name is the same evidence too (same content).
cp "$TI/disk_gpt.raw" "$WORK/copy_of_gpt.raw"
rc=0; ingest "$CASE" "$WORK/copy_of_gpt.raw" || rc=$?
echo "note: same content under another path: exit $rc ($(head -1 "$WORK/last.err"))"

rc=0; ingest "$CASE" "$TI/fs_only_ext4.raw" || rc=$?
[ $rc -eq 0 ] || { cat "$WORK/last.err" >&2; fail "different image into the same case: exit $rc"; }
n=$(q "$CASE" "SELECT count(*) FROM evidence WHERE path LIKE '%fs_only_ext4.raw'")
[ "$n" -eq 1 ] && ok "different image added" || softfail "fs_only_ext4.raw: $n evidence rows"
ev=$(q "$CASE" "SELECT id FROM evidence WHERE path LIKE '%fs_only_ext4.raw'")
f=$(q "$CASE" "SELECT count(*) FROM files WHERE evidence_id = ${ev:-0} AND path = '/docs/report.txt'")
[ "$f" -eq 1 ] || softfail "fs_only_ext4.raw: /docs/report.txt recorded $f times"
# The first evidence's rows are untouched.
g=$(q "$CASE" "SELECT count(*) FROM files WHERE evidence_id = (SELECT min(id) FROM evidence)")
[ "$g" = "$(echo "$before" | cut -d' ' -f4)" ] || softfail "first evidence now has $g files"
finish
