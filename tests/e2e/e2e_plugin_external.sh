#!/usr/bin/env bash
# e2e_plugin_external - external plugins from --plugin-dir.
# Extra arguments: GOOD_DIR (hello_plugin.so built with the current ABI) BAD_DIR (same source
# built with abi = 999).
#  1. `plugins --plugin-dir GOOD_DIR` lists "hello" as external.
#  2. ingest of logical/ with GOOD_DIR: one test.hello finding per non-empty .txt file, value =
#     the file's byte length.
#  3. `plugins --plugin-dir BAD_DIR` says the plugin is refused because of its ABI; an ingest
#     with BAD_DIR still succeeds, without test.hello findings.
source "$(dirname "$0")/lib.sh"
[ $# -eq 2 ] || fail "usage: ... GOOD_DIR BAD_DIR"
GOOD=$1
BAD=$2
ls "$GOOD"/*.so >/dev/null 2>&1 || fail "no plugin built in $GOOD"
ls "$BAD"/*.so >/dev/null 2>&1 || fail "no plugin built in $BAD"
SRC=$TI/logical

rc=0; "$BIN" plugins --plugin-dir "$GOOD" >"$WORK/p.out" 2>"$WORK/p.err" || rc=$?
[ $rc -eq 0 ] || softfail "plugins --plugin-dir GOOD: exit $rc: $(cat "$WORK/p.err")"
line=$(grep -E '^hello[[:space:]]' "$WORK/p.out" || true)
if [ -z "$line" ]; then
    softfail "plugins does not list hello: $(cat "$WORK/p.out")"
elif echo "$line" | grep -qiE 'external|\.so'; then
    ok "listed: $line"
else
    softfail "hello not marked external: $line"
fi

CASE=$WORK/case.db
must_ingest "$CASE" "$SRC" --plugin-dir "$GOOD"
n=0
while IFS= read -r rel; do
    size=$(stat -c %s "$SRC/$rel")
    got=$(q "$CASE" "SELECT group_concat(g.value) FROM findings g JOIN files f ON f.id = g.file_id
        WHERE g.kind = 'test.hello' AND f.path = $(sqlq "/$rel")")
    if [ "$size" -eq 0 ]; then
        [ -z "$got" ] || [ "$got" = 0 ] || softfail "/$rel (empty): test.hello value '$got'"
        continue
    fi
    [ "$got" = "$size" ] || softfail "/$rel: test.hello value '$got', file has $size bytes"
    n=$((n + 1))
done < <(cd "$SRC" && find . -type f -name '*.txt' | sed 's|^\./||' | LC_ALL=C sort)
[ $n -ge 4 ] || fail "fixture: only $n non-empty .txt files"
ok "$n .txt files have a correct test.hello finding"
x=$(q "$CASE" "SELECT count(*) FROM findings g JOIN files f ON f.id = g.file_id
    WHERE g.kind = 'test.hello' AND f.name NOT LIKE '%.txt'")
[ "$x" -eq 0 ] || softfail "$x test.hello findings on files that are not .txt"
p=$(q "$CASE" "SELECT count(*) FROM findings WHERE kind = 'test.hello' AND plugin = 'hello'")
[ "$p" -ge $n ] || softfail "findings.plugin is not 'hello' ($p rows)"

rc=0; "$BIN" plugins --plugin-dir "$BAD" >"$WORK/b.out" 2>"$WORK/b.err" || rc=$?
if grep -qi 'abi' "$WORK/b.out" "$WORK/b.err" && grep -q 'hello\|999' "$WORK/b.out" "$WORK/b.err"; then
    ok "ABI 999 refused (plugins exit $rc): $(grep -hi abi "$WORK/b.out" "$WORK/b.err" | head -1)"
else
    softfail "plugins --plugin-dir BAD: no message about the ABI: $(cat "$WORK/b.out" "$WORK/b.err")"
fi
grep -qE '^hello[[:space:]]' "$WORK/b.out" && softfail "the ABI 999 plugin is listed as loaded"

CASE2=$WORK/case_bad.db
rc=0; ingest "$CASE2" "$SRC" --plugin-dir "$BAD" || rc=$?
[ $rc -eq 0 ] || softfail "ingest with the refused plugin: exit $rc: $(cat "$WORK/last.err")"
grep -qi 'abi' "$WORK/last.err" "$WORK/last.out" || softfail "ingest does not mention the refused plugin"
h=$(q "$CASE2" "SELECT count(*) FROM findings WHERE kind = 'test.hello'")
[ "$h" -eq 0 ] || softfail "$h test.hello findings from a refused plugin"
f=$(q "$CASE2" "SELECT count(*) FROM files WHERE type = 'r'")
[ "$f" -ge 8 ] && ok "ingest without the refused plugin: $f files" || softfail "ingest with BAD dir: $f files"
finish
