#!/usr/bin/env bash
# hostile.sh DFT_BIN WORKDIR - the hostile-input suite of issue 8 (see tests.cmake).
# Every case prints "ok: ..." or "FAIL: ..."; the script exits 1 if any check failed.
set -uo pipefail
BIN=$1
WORK=$2
HERE=$(cd "$(dirname "$0")" && pwd)
export LC_ALL=C.UTF-8 TZ=UTC
rm -rf "$WORK"
mkdir -p "$WORK/tmp"
export TMPDIR=$WORK/tmp
python3 "$HERE/mk_hostile.py" "$WORK/ev" || { echo "FAIL: cannot build the hostile inputs"; exit 1; }
EV=$WORK/ev
FAILS=0
ok() { echo "ok: $*"; }
fail() { echo "FAIL: $*" >&2; FAILS=$((FAILS + 1)); }
check() { local what=$1; shift; if "$@"; then ok "$what"; else fail "$what"; fi; }
q() { sqlite3 -batch -noheader "$1" "$2" 2>&1; }
# qro: a read-only look that never creates the file (polling a case another process is creating)
qro() { [ -s "$1" ] && sqlite3 -readonly -batch -noheader "$1" "$2" 2>/dev/null; }
now() { date +%s.%N; }
elapsed() { echo "$(now) - $1" | bc; }
lt() { [ "$(echo "$1 < $2" | bc)" = 1 ]; }
# ing CASE ARGS...: runs an ingest; exit status in $RC, stderr in $WORK/err, seconds in $SECS
ing() {
    local t0; t0=$(now)
    "$BIN" ingest "$@" --no-progress >"$WORK/out" 2>"$WORK/err"
    RC=$?
    SECS=$(elapsed "$t0")
}
errhas() { grep -q -- "$1" "$WORK/err"; }
dead_pid() { sh -c 'exit 0' & local p=$!; wait $p; echo $p; }

# --- 8.1 recursive view in Manifest.db: bounded, warned, the next item ingested ------------------
C=$WORK/view.db
ing "$C" "$EV/itunes_view" "$EV/next"
check "recursive view: exit 0 (got $RC)" [ "$RC" = 0 ]
check "recursive view: finished in ${SECS}s (< 30)" lt "$SECS" 30
check "recursive view: warning names the view" \
    [ "$(q "$C" "SELECT count(*) FROM findings WHERE kind='evidence.warning' AND evidence_id=1 AND value LIKE '%Files is a view, not a table%'")" = 1 ]
check "recursive view: both items complete" [ "$(q "$C" "SELECT group_concat(status) FROM evidence")" = "complete,complete" ]
check "recursive view: the backing file is still listed" \
    [ "$(q "$C" "SELECT count(*) FROM files WHERE evidence_id=1 AND path LIKE '/__encrypted__/%' AND sha256 IS NOT NULL")" = 1 ]
check "recursive view: no SQLite temp file left" [ -z "$(ls -A "$TMPDIR")" ]

# --- 8.2 huge blob and a 20,000-character relativePath ---------------------------------------------
C=$WORK/big.db
ing "$C" "$EV/itunes_big" "$EV/next"
check "big values: exit 0 (got $RC)" [ "$RC" = 0 ]
check "big values: blob over the cap not read, warned" \
    [ "$(q "$C" "SELECT count(*) FROM findings WHERE kind='evidence.warning' AND value LIKE '%file blob of 614400 bytes is larger than%'")" = 1 ]
check "big values: long relativePath cut, warned" \
    [ "$(q "$C" "SELECT count(*) FROM findings WHERE kind='evidence.warning' AND value LIKE '%longer than 16384 bytes was cut%'")" = 1 ]
check "big values: all three rows recorded, hashed" \
    [ "$(q "$C" "SELECT count(*) FROM files WHERE evidence_id=1 AND type='r' AND sha256 IS NOT NULL")" = 3 ]
check "big values: the folded row keeps its file name" \
    [ "$(q "$C" "SELECT count(*) FROM files WHERE evidence_id=1 AND name LIKE '%long.txt'")" = 1 ]
check "big values: next item complete" [ "$(q "$C" "SELECT status FROM evidence WHERE id=2")" = complete ]

# --- 8.8 dangling tar hard link: no hashes of zero bytes -----------------------------------------
C=$WORK/tar.db
ing "$C" "$EV/dangling.tar"
check "dangling link: exit 0 (got $RC)" [ "$RC" = 0 ]
check "dangling link: md5/sha1/sha256 NULL, hash_status none" \
    [ "$(q "$C" "SELECT coalesce(md5,'-')||coalesce(sha1,'-')||coalesce(sha256,'-')||hash_status FROM files WHERE name='link.txt'")" = "---none" ]
check "dangling link: the reason is kept" \
    [ "$(q "$C" "SELECT count(*) FROM files WHERE name='link.txt' AND error LIKE '%target not found%'")" = 1 ]

# --- 9 a 42.zip-style nest: the cumulative ratio of the whole container is capped -----------------
C=$WORK/nest.db
ing "$C" "$EV/nest.zip" --max-ratio 100
CSIZE=$(stat -c %s "$EV/nest.zip")
OUTB=$(q "$C" "SELECT sum(size) FROM files WHERE evidence_id=1 AND type='r'")
echo "measured: nest.zip ${CSIZE} bytes expanded to ${OUTB} bytes with --max-ratio 100"
check "nest: exit 0 (got $RC)" [ "$RC" = 0 ]
check "nest: cumulative cap warned once"     [ "$(q "$C" "SELECT count(*) FROM findings WHERE kind='evidence.warning' AND value LIKE '%cumulative compression ratio cap%'")" = 1 ]
check "nest: expansion bounded (${OUTB} <= 17 MiB)" [ "$OUTB" -le $((17 << 20)) ]
check "nest: the members not expanded say why"     [ "$(q "$C" "SELECT count(*) FROM files WHERE error LIKE '%cap of the whole container%'")" -gt 0 ]
C=$WORK/nest2.db
ing "$C" "$EV/nest.zip"
check "nest: under the default cap (1000x) everything is expanded"     [ "$(q "$C" "SELECT count(*) FROM files WHERE name='inner.bin' AND hash_status='full'")" = 40 ]

# --- 9 a zip whose central directory disagrees with its local headers -----------------------------
C=$WORK/incons.db
ing "$C" "$EV/incons.zip"
check "inconsistent zip: exit 0 (got $RC)" [ "$RC" = 0 ]
check "inconsistent zip: the member without a directory entry is warned" \
    [ "$(q "$C" "SELECT count(*) FROM findings WHERE value LIKE 'inconsistent zip: member \"docs/b.txt\" has a local header but no central directory entry'")" = 1 ]
check "inconsistent zip: the directory entry without data is warned" \
    [ "$(q "$C" "SELECT count(*) FROM findings WHERE value LIKE '%central directory lists 1 member(s) not found%docs/c.txt%'")" = 1 ]
check "inconsistent zip: both members still hashed" \
    [ "$(q "$C" "SELECT count(*) FROM files WHERE type='r' AND hash_status='full'")" = 2 ]

# --- 8.7 verify names the digest that differs -----------------------------------------------------
C=$WORK/verify.db
ing "$C" "$EV/next"
q "$C" "UPDATE files SET md5='00000000000000000000000000000000' WHERE name='a.txt'" >/dev/null
"$BIN" verify "$C" >"$WORK/vout" 2>&1
VRC=$?
check "md5-only mismatch: verify exits 1 (got $VRC)" [ "$VRC" = 1 ]
check "md5-only mismatch: MISMATCH md5 with both values" \
    grep -q "MISMATCH md5 /a.txt expected 00000000000000000000000000000000 got b1946ac92492d2347c6235b4d2611184" "$WORK/vout"
check "md5-only mismatch: sha256 not blamed" bash -c "! grep -q 'MISMATCH sha256' '$WORK/vout'"

# --- 8.5 adopted empty file, symlink, foreign SQLite, mode --------------------------------------
: >"$WORK/empty.db"
chmod 0644 "$WORK/empty.db"
ing "$WORK/empty.db" "$EV/next"
check "empty file: refused with exit 4 (got $RC)" [ "$RC" = 4 ]
check "empty file: message says why" errhas "empty file, not a dftriage case file"
check "empty file: left untouched (size 0)" [ "$(stat -c %s "$WORK/empty.db")" = 0 ]
ln -s "$WORK/empty.db" "$WORK/link.db"
ing "$WORK/link.db" "$EV/next"
check "symlink: refused with exit 4 (got $RC)" [ "$RC" = 4 ]
check "symlink: message says symbolic link" errhas "symbolic link"
check "symlink: target untouched" [ "$(stat -c %s "$WORK/empty.db")" = 0 ]
sqlite3 "$WORK/foreign.db" "PRAGMA page_size=4096; VACUUM;"
ing "$WORK/foreign.db" "$EV/next"
check "foreign empty SQLite: refused with exit 4 (got $RC)" [ "$RC" = 4 ]
check "foreign empty SQLite: not adopted" [ "$(q "$WORK/foreign.db" "SELECT count(*) FROM sqlite_master")" = 0 ]
C=$WORK/mode.db
ing "$C" "$EV/next"
check "new case: mode 0600" [ "$(stat -c %a "$C")" = 600 ]
chmod 0644 "$C"
ing "$C" "$EV/next"
check "mode 0644: warned" errhas "had mode 0644"
check "mode 0644: fixed to 0600" [ "$(stat -c %a "$C")" = 600 ]
check "re-run of a complete item: exit 3 (skipped), not 1 (got $RC)" [ "$RC" = 3 ]
# read-only commands never change the court file, not even its mode
chmod 0644 "$C"
"$BIN" info "$C" >/dev/null 2>&1
check "info leaves the mode alone" [ "$(stat -c %a "$C")" = 644 ]
chmod 0600 "$C"
# a second name of the case file (hard link) is refused: the case lock belongs to a name
ln "$C" "$WORK/mode_link.db"
ing "$WORK/mode_link.db" "$EV/next"
check "hard-linked case: refused with exit 4 (got $RC)" [ "$RC" = 4 ]
check "hard-linked case: says why" errhas "hard links"
rm -f "$WORK/mode_link.db"
# a version-1 case carrying a foreign trigger is refused before it is migrated
V1=$WORK/v1trig.db
sqlite3 "$V1" < "$HERE/../store/fixtures/case_v1.sql"
sqlite3 "$V1" "CREATE TRIGGER tamper AFTER INSERT ON files BEGIN UPDATE files SET sha256='0' WHERE id=new.id; END;"
chmod 600 "$V1"
ing "$V1" "$EV/next"
check "v1 case with a foreign trigger: refused with exit 4 (got $RC)" [ "$RC" = 4 ]
check "v1 case with a foreign trigger: not migrated" [ "$(q "$V1" "PRAGMA user_version")" = 1 ]

# --- 8.6 edited schema --------------------------------------------------------------------------
C=$WORK/schema.db
ing "$C" "$EV/next"
q "$C" "DROP TABLE findings" >/dev/null
ing "$C" "$EV/many"
check "edited schema: refused at open with exit 4 (got $RC)" [ "$RC" = 4 ]
check "edited schema: says what is wrong" errhas "damaged case schema, refused: table findings is missing"
"$BIN" verify "$C" >"$WORK/vout" 2>&1
check "edited schema: verify reports it" grep -q "schema DAMAGED: .*table findings is missing" "$WORK/vout"

# --- 8.4 disk full (RLIMIT_FSIZE): cause named, run failed, exit 4; a re-run resumes --------------
C=$WORK/full.db
( trap '' XFSZ; ulimit -f 400; exec "$BIN" ingest "$C" "$EV/many" "$EV/next" --threads 1 --no-progress ) \
    >"$WORK/out" 2>"$WORK/err"
RC=$?
check "disk full: exit 4 (got $RC)" [ "$RC" = 4 ]
check "disk full: the cause is named" errhas "case file disk full: .*disk full"
check "disk full: one error line, no misleading text" bash -c "! grep -q 'no such evidence' '$WORK/err'"
check "disk full: run recorded failed" [ "$(q "$C" "SELECT status FROM runs")" = failed ]
ing "$C" "$EV/many" "$EV/next"
check "disk full: a re-run with room resumes (exit 0, got $RC)" [ "$RC" = 0 ]
check "disk full: both items complete after the re-run" \
    [ "$(q "$C" "SELECT group_concat(status) FROM (SELECT status FROM evidence ORDER BY id)")" = "complete,complete" ]

# --- 8.1/9 SIGTERM: stops within seconds, interrupted, resumable, distinct exit codes --------------
C=$WORK/term.db
"$BIN" ingest "$C" "$EV/many" "$EV/next" --threads 1 --no-progress >"$WORK/out" 2>"$WORK/err" &
PID=$!
for _ in $(seq 200); do
    [ "$(qro "$C" "SELECT count(*) FROM files")" -gt 0 ] 2>/dev/null && break
    sleep 0.05
done
T0=$(now)
kill -TERM $PID
wait $PID
RC=$?
STOP=$(elapsed "$T0")
echo "measured: SIGTERM to exit ${STOP}s"
check "SIGTERM: exit 130 (got $RC)" [ "$RC" = 130 ]
check "SIGTERM: stopped in ${STOP}s (< 5)" lt "$STOP" 5
check "SIGTERM: run interrupted, item incomplete" \
    [ "$(q "$C" "SELECT status FROM runs")|$(q "$C" "SELECT status FROM evidence WHERE id=1")" = "interrupted|incomplete" ]
ing "$C" "$EV/many" "$EV/next"
check "SIGTERM: re-run resumes, exit 0 (got $RC)" [ "$RC" = 0 ]
ing "$C" "$EV/many" "$EV/next"
check "SIGTERM: a third run has nothing new, exit 3 (got $RC)" [ "$RC" = 3 ]

# --- per-item watchdog: a walk over its time becomes a warning, the next item goes on ------------
C=$WORK/watch.db
# 30,000 files at 200 µs each: a walk of 6 s or more on any machine (the test hook slows the walk only)
export DFTRIAGE_TEST_WALK_DELAY_US=200
ing "$C" "$EV/many" "$EV/next" --threads 1 --item-timeout 1
unset DFTRIAGE_TEST_WALK_DELAY_US
check "item watchdog: exit 0 (got $RC)" [ "$RC" = 0 ]
check "item watchdog: finished in ${SECS}s (< 20)" lt "$SECS" 20
check "item watchdog: warning recorded" \
    [ "$(q "$C" "SELECT count(*) FROM findings WHERE evidence_id=1 AND value LIKE '%item watchdog: the walk was stopped%'")" = 1 ]
check "item watchdog: next item complete" [ "$(q "$C" "SELECT status FROM evidence WHERE id=2")" = complete ]

# --- 8.3 two ingests of the same evidence at once: refused, live rows intact -------------------------
C=$WORK/lock.db
"$BIN" ingest "$C" "$EV/many" --threads 1 --no-progress >"$WORK/out1" 2>"$WORK/err1" &
PID=$!
for _ in $(seq 400); do
    [ "$(qro "$C" "SELECT count(*) FROM files")" -gt 100 ] 2>/dev/null && break
    sleep 0.02
done
kill -STOP $PID
BEFORE=$(q "$C" "SELECT count(*) FROM files")
ing "$C" "$EV/many"
AFTER=$(q "$C" "SELECT count(*) FROM files")
check "concurrent ingest: second one exits 5 (got $RC)" [ "$RC" = 5 ]
check "concurrent ingest: message names the live pid" errhas "being written by another dftriage ingest (pid $PID"
check "concurrent ingest: live rows intact ($BEFORE -> $AFTER)" [ "$BEFORE" -gt 0 ] && [ "$BEFORE" = "$AFTER" ]
check "concurrent ingest: live item still incomplete, not purged" \
    [ "$(q "$C" "SELECT count(*) FROM evidence WHERE status='incomplete'")" = 1 ]
kill -CONT $PID
wait $PID
RC1=$?
check "concurrent ingest: the first run completes (exit $RC1)" [ "$RC1" = 0 ]
check "concurrent ingest: its item complete" [ "$(q "$C" "SELECT group_concat(status) FROM evidence")" = complete ]
check "concurrent ingest: lock file removed" [ ! -e "$C.lock" ]
# a lock file left by a dead process is stale
dead_pid >"$C.lock"
ing "$C" "$EV/next"
check "stale lock: taken over (exit $RC)" [ "$RC" = 0 ]
check "stale lock: said so" errhas "case lock of a dftriage process that is gone was taken over"

# --- 9: kill -9 leftovers, and a run that died 'running' --------------------------------------------
# a run's temp dir holds a marker flocked while its process lives: unlocked = stale; no marker = not ours
D=$(dead_pid)
mkdir -p "$TMPDIR/dftriage-$D-abcdef/e0"; : >"$TMPDIR/dftriage-$D-abcdef/.dftriage-owner"
mkdir -p "$TMPDIR/dftriage-$D-nomark"
mkdir -p "$TMPDIR/dftriage-$D-livexx"; : >"$TMPDIR/dftriage-$D-livexx/.dftriage-owner"
flock "$TMPDIR/dftriage-$D-livexx/.dftriage-owner" sleep 60 &
LIVE=$!
sleep 0.3
C=$WORK/kill9.db
ing "$C" "$EV/next"
check "stale temp dir of a dead process removed" [ ! -e "$TMPDIR/dftriage-$D-abcdef" ]
check "temp dir without a marker (not ours) kept" [ -d "$TMPDIR/dftriage-$D-nomark" ]
check "temp dir whose marker is locked (a live run, whatever its pid) kept" [ -d "$TMPDIR/dftriage-$D-livexx" ]
kill $LIVE 2>/dev/null; wait $LIVE 2>/dev/null || true
rm -rf "$TMPDIR/dftriage-$D-nomark" "$TMPDIR/dftriage-$D-livexx"
q "$C" "UPDATE runs SET status='running', ended_utc=NULL" >/dev/null
ing "$C" "$EV/many"
check "a run left 'running' by a dead process is marked interrupted" \
    [ "$(q "$C" "SELECT status FROM runs WHERE id=1")" = interrupted ]

# --- 9: one unopenable item: nothing ingested, the fine items named -------------------------------
C=$WORK/unopen.db
ing "$C" "$EV/next" "$EV/does-not-exist" "$EV/dangling.tar"
check "unopenable item: exit 1 (got $RC)" [ "$RC" = 1 ]
check "unopenable item: names the fine ones" errhas "opened fine: $EV/next"
check "unopenable item: says what was not tried" errhas "not tried after it: 1 item"
check "unopenable item: no case file written" [ ! -e "$C" ]

if [ "$FAILS" -ne 0 ]; then
    echo "$FAILS check(s) failed"
    exit 1
fi
echo PASS
