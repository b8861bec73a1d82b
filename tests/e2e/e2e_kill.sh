#!/usr/bin/env bash
# e2e_kill - a kill -9 in the middle of an ingest leaves a consistent case file, and re-running
# the same ingest completes it without duplicate rows.
#  1. ingest disk_mbr.raw --threads 2 in the background, kill -9 once the case file exists and
#     ~0.3 s have passed (shorter if the tool is faster than that, see below).
#  2. `info` exits 0; `verify` runs without SQLite errors (exit 0 or 1).
#  3. the same ingest again: exit 0, evidence complete, one evidence row, and as many files as
#     a clean ingest records.
# The tool may finish before the kill lands; then the kill comes earlier on the next attempt.
# If even a kill right after the case file appears is too late, the test is skipped (77).
source "$(dirname "$0")/lib.sh"

IMG=$TI/disk_mbr.raw
must_ingest "$WORK/clean.db" "$IMG" --threads 2
CLEAN=$(q "$WORK/clean.db" "SELECT count(*) FROM files")
CLEAN_F=$(q "$WORK/clean.db" "SELECT count(*) FROM findings")

CASE=$WORK/case.db
killed=0
for delay in 0.3 0.15 0.08 0.04 0.02 0.01 0; do
    rm -f "$CASE" "$CASE-wal" "$CASE-shm" "$CASE-journal"
    "$BIN" ingest "$CASE" "$IMG" --threads 2 >"$WORK/bg.out" 2>"$WORK/bg.err" &
    pid=$!
    for _ in $(seq 1 2000); do
        [ -e "$CASE" ] && break
        kill -0 $pid 2>/dev/null || break
        sleep 0.005
    done
    [ "$delay" = 0 ] || sleep "$delay"
    if kill -9 $pid 2>/dev/null; then
        wait $pid 2>/dev/null || true
        st=$(q "$CASE" "SELECT coalesce(group_concat(status), 'none') FROM evidence")
        if [ "$st" != complete ]; then
            killed=1
            ok "killed after ${delay}s; evidence status: $st"
            break
        fi
    else
        wait $pid 2>/dev/null || true
    fi
    echo "note: ingest finished before the kill at ${delay}s; trying earlier"
done
if [ $killed -eq 0 ]; then
    echo "SKIP: the ingest always finished before kill -9 could land"
    exit 77
fi

rc=0; "$BIN" info "$CASE" >"$WORK/info.out" 2>"$WORK/info.err" || rc=$?
[ $rc -eq 0 ] && ok "info after kill: exit 0" || softfail "info after kill: exit $rc: $(cat "$WORK/info.err")"
rc=0; "$BIN" verify "$CASE" >"$WORK/verify.out" 2>"$WORK/verify.err" || rc=$?
[ $rc -le 1 ] || softfail "verify after kill: exit $rc"
if grep -qiE 'sqlite|malformed|locked|constraint' "$WORK/verify.out" "$WORK/verify.err"; then
    softfail "verify after kill reports a database error: $(cat "$WORK/verify.err")"
fi
ok "verify after kill: exit $rc: $(head -1 "$WORK/verify.err" "$WORK/verify.out" | grep -v '^==' | grep . | head -1)"
ic=$(sqlite3 -batch "$CASE" "PRAGMA integrity_check" 2>&1)
[ "$ic" = ok ] || softfail "integrity_check after kill: $ic"

rc=0; ingest "$CASE" "$IMG" --threads 2 || rc=$?
[ $rc -eq 0 ] || { cat "$WORK/last.err" >&2; fail "re-run after kill: exit $rc"; }
ok "re-run: exit 0: $(head -1 "$WORK/last.err")"
n=$(q "$CASE" "SELECT count(*) FROM evidence")
[ "$n" -eq 1 ] || softfail "$n evidence rows after the re-run, expected 1"
st=$(q "$CASE" "SELECT status FROM evidence")
[ "$st" = complete ] || softfail "evidence status '$st' after the re-run"
f=$(q "$CASE" "SELECT count(*) FROM files")
[ "$f" -eq "$CLEAN" ] && ok "files: $f = clean ingest" || softfail "files: $f after kill + re-run, $CLEAN in a clean ingest"
g=$(q "$CASE" "SELECT count(*) FROM findings")
[ "$g" -eq "$CLEAN_F" ] || softfail "findings: $g after kill + re-run, $CLEAN_F in a clean ingest"
d=$(q "$CASE" "SELECT count(*) FROM (SELECT filesystem_id, path, meta_addr, count(*) c FROM files GROUP BY 1, 2, 3 HAVING c > 1)")
[ "$d" -eq 0 ] || softfail "$d duplicated file rows after the re-run"
rc=0; "$BIN" verify "$CASE" >"$WORK/verify2.out" 2>&1 || rc=$?
[ $rc -eq 0 ] || softfail "verify after the re-run: exit $rc: $(cat "$WORK/verify2.out")"
finish
