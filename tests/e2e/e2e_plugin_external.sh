#!/usr/bin/env bash
# e2e_plugin_external - external plugins from --plugin-dir.
# Extra arguments: GOOD_DIR (hello_plugin.so built with the current ABI), BAD_DIR (the same source
# built as a v1 plugin, abi = 1), SMALL_DIR (a descriptor smaller than ABI 2's), INTERNAL_DIR (a
# plugin calling dft_registry_count, which the executable does not export).
#  1. `plugins --plugin-dir GOOD_DIR` lists "hello" as external.
#  2. ingest of logical/ with GOOD_DIR: one test.hello finding per non-empty .txt file, value =
#     the file's byte length.
#  3. `plugins --plugin-dir BAD_DIR` refuses the v1 plugin with exactly one line naming its ABI; an
#     ingest with BAD_DIR still succeeds, without test.hello findings.
#  4. SMALL_DIR and INTERNAL_DIR: refused with exactly one line each (the descriptor size; the symbol
#     outside the plugin API), not listed.
#  5. The executable exports exactly core/plugin_api.list's symbols that are defined, and the list is
#     exactly the functions declared in core/plugin.h and core/error.h.
source "$(dirname "$0")/lib.sh"
[ $# -eq 4 ] || fail "usage: ... GOOD_DIR BAD_DIR SMALL_DIR INTERNAL_DIR"
GOOD=$1
BAD=$2
SMALL=$3
INTERNAL=$4
for d in "$GOOD" "$BAD" "$SMALL" "$INTERNAL"; do
    ls "$d"/*.so >/dev/null 2>&1 || fail "no plugin built in $d"
done
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

# refused: exactly one line on stderr, naming the plugin file and the reason; not listed
refused() { # DIR WHAT PATTERN
    local rc=0
    "$BIN" plugins --plugin-dir "$1" >"$WORK/r.out" 2>"$WORK/r.err" || rc=$?
    [ $rc -eq 0 ] || softfail "plugins --plugin-dir $2: exit $rc"
    if one_line_error "$WORK/r.err" && grep -q "hello_plugin.so refused: .*$3" "$WORK/r.err"; then
        ok "$2 refused with one line: $(cat "$WORK/r.err")"
    else
        softfail "$2: expected one line matching '$3', got: $(cat "$WORK/r.err")"
    fi
    if grep -qE '^hello[[:space:]]' "$WORK/r.out"; then softfail "the $2 plugin is listed as loaded"; fi
}
refused "$BAD" "v1 (ABI 1)" "ABI version 1, dftriage needs 2"
refused "$SMALL" "too-small descriptor" "descriptor of 16 bytes"
refused "$INTERNAL" "internal-symbol" "it uses dft_registry_count, which is not part of the plugin API"

# the exported symbols: exactly the plugin API (those of it that are defined so far)
HDR=$(dirname "$0")/../../core
if command -v nm >/dev/null && command -v cc >/dev/null; then
    printf '#include "plugin.h"\n' >"$WORK/api.c"
    cc -fsyntax-only -aux-info "$WORK/aux.txt" -I"$HDR" "$WORK/api.c"
    grep -E '/core/(plugin|error)\.h' "$WORK/aux.txt" | grep -v static | grep -oE '\bdft_[a-z0-9_]+ \(' | tr -d ' (' |
        sort -u >"$WORK/declared"
    grep -oE '^ *dft_[a-z0-9_]+;' "$HDR/plugin_api.list" | tr -d ' ;' | sort -u >"$WORK/listed"
    diff "$WORK/declared" "$WORK/listed" >"$WORK/d1" && ok "plugin_api.list = the functions of plugin.h and error.h" ||
        softfail "plugin_api.list differs from the headers (< headers, > list): $(cat "$WORK/d1")"
    nm -D --defined-only "$BIN" | awk '{print $3}' | grep -v '@' | grep -v '^_' | sort -u >"$WORK/exported"
    extra=$(comm -23 "$WORK/exported" "$WORK/listed" | tr '\n' ' ')
    [ -z "$extra" ] && ok "only plugin API symbols exported ($(wc -l <"$WORK/exported") defined)" ||
        softfail "exported beyond the plugin API: $extra"
    for s in dft_emit_finding dft_scan_option dft_scan_thread_state dft_init_option dft_init_data_version dft_error_set; do
        grep -qx "$s" "$WORK/exported" || softfail "$s is not exported"
    done
fi

CASE2=$WORK/case_bad.db
rc=0; ingest "$CASE2" "$SRC" --plugin-dir "$BAD" || rc=$?
[ $rc -eq 0 ] || softfail "ingest with the refused plugin: exit $rc: $(cat "$WORK/last.err")"
grep -q 'ABI version 1' "$WORK/last.err" || softfail "ingest does not mention the refused plugin"
h=$(q "$CASE2" "SELECT count(*) FROM findings WHERE kind = 'test.hello'")
[ "$h" -eq 0 ] || softfail "$h test.hello findings from a refused plugin"
f=$(q "$CASE2" "SELECT count(*) FROM files WHERE type = 'r'")
[ "$f" -ge 8 ] && ok "ingest without the refused plugin: $f files" || softfail "ingest with BAD dir: $f files"
finish
