#!/usr/bin/env bash
# e2e_adversary - plugins that misuse the ABI (tests/e2e/adversary_plugin.c, as adv_a and adv_z, beside
# the marker scanner) are contained: refused, capped or given their own copies; the ingest never crashes
# and the rows stay true. Each case was found by a hostile review of the platform.
# Extra argument: the plugin directory (adv_a.so, adv_z.so, marker_plugin.so).
source "$(dirname "$0")/lib.sh"
[ $# -eq 1 ] || fail "usage: ... PLUGIN_DIR"
PLUG=$1
expect() { [ "$2" = "$3" ] && ok "$1" || softfail "$1: got '$2', expected '$3'"; }
run() { # run MODE CASE EVIDENCE [options]: ingest with ADV_MODE=MODE; exit status in $RC
    local m=$1; shift
    RC=0; ADV_MODE=$m "$BIN" ingest "$@" --plugin-dir "$PLUG" --no-progress >"$WORK/last.out" 2>"$WORK/last.err" || RC=$?
}

# 1. a derived file named by a path outside the scan's work directory is refused; nothing is moved
mkdir -p "$WORK/ev1" "$WORK/victim"
echo hi > "$WORK/ev1/a.evil"; echo precious > "$WORK/victim/important.txt"
ADV_STEAL=$WORK/victim/important.txt run steal "$WORK/c1.db" "$WORK/ev1"
expect "steal: exit" "$RC" 0
expect "steal: the file outside stays" "$(cat "$WORK/victim/important.txt")" precious
ADV_STEAL=$WORK/ev1/a.evil run steal "$WORK/c1b.db" "$WORK/ev1"
expect "steal: the evidence stays" "$(cat "$WORK/ev1/a.evil")" hi
expect "steal: refused, said why" "$(q "$WORK/c1b.db" "SELECT count(*) FROM findings WHERE kind='test.refused' AND value LIKE '%dft_content_workdir%'")" 1
expect "steal: no derived row" "$(q "$WORK/c1b.db" "SELECT count(*) FROM files WHERE derived_from IS NOT NULL")" 0

# 2. stream_begin fails: no stream_end on a state that was never made (the plugin aborts if it is)
mkdir -p "$WORK/ev2"; echo hi > "$WORK/ev2/a.txt"
run sbfail "$WORK/c2.db" "$WORK/ev2" --plugins adv_a
expect "sbfail: exit" "$RC" 0
expect "sbfail: warning recorded" "$(q "$WORK/c2.db" "SELECT count(*) > 0 FROM findings WHERE kind='evidence.warning' AND value LIKE '%stream_begin refuses%'")" 1

# 3. a postponed scan re-emitting its input as a derived file stops at the depth cap; names and
#    transforms cannot climb out of the derived path; the derived view names its origin
run loop "$WORK/c3.db" "$WORK/ev1" --plugins adv_a
expect "loop: exit" "$RC" 0
expect "loop: capped at 5 derived files" "$(q "$WORK/c3.db" "SELECT count(*) FROM files WHERE derived_from IS NOT NULL")" 5
expect "loop: cap recorded" "$(q "$WORK/c3.db" "SELECT count(*) FROM findings WHERE kind='evidence.warning' AND value LIKE '%--max-decode-depth%'")" 1
expect "loop: no '/' from the transform" "$(q "$WORK/c3.db" "SELECT count(*) FROM files WHERE derived_from IS NOT NULL AND (transform LIKE '%/%' OR path LIKE '%/../%')")" 0
expect "loop: dft_file.transform seen by the plugin" "$(q "$WORK/c3.db" "SELECT count(DISTINCT value) || value FROM findings WHERE kind='test.derived_view'")" "1loop_.._.."

# 4. each plugin gets its own copy: adv_a's write is not what adv_z reads
mkdir -p "$WORK/ev4"; printf 'ORIGINAL-CONTENT\n' > "$WORK/ev4/m.db"
run tamper "$WORK/c4.db" "$WORK/ev4" --plugins adv_a,adv_z
expect "tamper: exit" "$RC" 0
expect "tamper: the later plugin reads the evidence bytes" "$(q "$WORK/c4.db" "SELECT value FROM findings WHERE kind='test.seen'")" ORIGINAL

# 5. unallocated space: links made in a region scan are kept; decoded content of a region names the region
run region "$WORK/c5.db" "$TI/fs_only_ext4.raw" --plugins adv_a,adv_z,marker
expect "region: exit" "$RC" 0
n=$(q "$WORK/c5.db" "SELECT count(*) FROM findings WHERE kind='test.region'")
[ "$n" -gt 0 ] && ok "region: $n region findings" || softfail "region: no region finding"
expect "region: every link kept" "$(q "$WORK/c5.db" "SELECT count(*) FROM links WHERE relation='carved_with'")" "$n"
expect "region: no dropped link" "$(q "$WORK/c5.db" "SELECT count(*) FROM findings WHERE value LIKE '%link%dropped%'")" 0
p=$(q "$WORK/c5.db" "SELECT decoded_path || '|' || (media_offset - (SELECT offset FROM unallocated u WHERE u.id = f.region_id))
                     FROM findings f WHERE value='MARKER-REGION' ORDER BY id LIMIT 1")
expect "region: decoded path and media offset" "${p%% *}|${p##*|}" "region|104"

# 6. nested layers without a name or type are all decoded (the depth cap ends self-similar content)
mkdir -p "$WORK/ev6"
python3 - "$WORK/ev6/x.txt" <<'PY'
import sys
s = "MARKER-DEEP"
for _ in range(2): s = "SHIFT:" + "".join(chr(ord(c) + 1) for c in s)
open(sys.argv[1], "w").write(s)
PY
run shift "$WORK/c6.db" "$WORK/ev6" --plugins adv_a,marker
expect "shift: two layers decoded" "$(q "$WORK/c6.db" "SELECT decoded_path FROM findings WHERE value='MARKER-DEEP'" | sed 's/^file [0-9]* //')" "→ shift → shift"

# 7. passes: no scan about a file that does not exist, no link to rows that do not exist; a message body
#    emitted by a pass is scanned and its finding linked
run pass "$WORK/c7.db" "$WORK/ev2" --plugins adv_a,marker
expect "pass: exit" "$RC" 0
expect "pass: scan of a missing file refused" "$(q "$WORK/c7.db" "SELECT value FROM findings WHERE kind='test.ghost_scan'")" refused
expect "pass: dangling link refused" "$(q "$WORK/c7.db" "SELECT value FROM findings WHERE kind='test.dangling_link'")" refused
expect "pass: body scanned and linked" "$(q "$WORK/c7.db" "SELECT count(*) FROM findings f JOIN links l ON l.from_table='findings' AND l.from_id=f.id
    AND l.relation='found_in' JOIN messages m ON m.id=l.to_id WHERE f.value='MARKER-PASSBODY' AND m.app='pass'")" 1
"$BIN" verify "$WORK/c7.db" >/dev/null 2>&1 && ok "pass: verify passes" || softfail "pass: verify fails"
finish
