# lib.sh - shared helpers for the end-to-end tests (sourced by tests/e2e/e2e_*.sh).
#
# Every e2e script is called as:  e2e_NAME.sh DFT_BIN TESTIMAGES WORKDIR [EXTRA...]
# It gets a fresh WORKDIR, runs the dftriage binary, and asserts with sqlite3 queries on the case
# file. A failed assertion prints "FAIL: ..." and exits 1; exit 77 means skipped (SKIP_RETURN_CODE).
set -euo pipefail

if [ $# -lt 3 ]; then
    echo "usage: $0 DFT_BIN TESTIMAGES WORKDIR [EXTRA...]" >&2
    exit 2
fi
BIN=$1
TI=$2
WORK=$3
shift 3
export LC_ALL=C.UTF-8 TZ=UTC
[ -x "$BIN" ] || { echo "FAIL: dftriage binary not found: $BIN" >&2; exit 1; }
[ -f "$TI/.stamp" ] || { echo "FAIL: test images not built in $TI" >&2; exit 1; }
rm -rf "$WORK"
mkdir -p "$WORK"

FAILS=0
fail() { echo "FAIL: $*" >&2; exit 1; }
# check COND-DESCRIPTION: soft failure, keeps going so one run reports every problem.
softfail() { echo "FAIL: $*" >&2; FAILS=$((FAILS + 1)); }
ok() { echo "ok: $*"; }
finish() {
    if [ "$FAILS" -ne 0 ]; then
        echo "$FAILS check(s) failed" >&2
        exit 1
    fi
    echo "PASS"
}

# q CASE SQL: one query, plain output, '|' separated; fails the test on an SQLite error.
q() {
    local out
    out=$(sqlite3 -batch -noheader "$1" "$2" 2>&1) || fail "sqlite3 error on $1: $out (query: $2)"
    printf '%s' "$out"
}

# ingest CASE EVIDENCE... [options]: runs dftriage ingest, stdout/stderr to $WORK/last.{out,err},
# returns its exit status (never fails by itself).
ingest() {
    local rc=0
    "$BIN" ingest "$@" >"$WORK/last.out" 2>"$WORK/last.err" || rc=$?
    return $rc
}

# must_ingest CASE EVIDENCE... : ingest that has to succeed.
must_ingest() {
    local rc=0
    ingest "$@" || rc=$?
    if [ $rc -ne 0 ]; then
        cat "$WORK/last.err" >&2
        fail "dftriage ingest $* exited $rc"
    fi
}

# layout_offset IMAGE FS: partition byte offset of FS inside IMAGE (from layout.tsv).
layout_offset() {
    awk -F'\t' -v i="$1" -v f="$2" '$1 == i && $2 == f { print $3 }' "$TI/layout.tsv"
}

# fsid CASE EVIDENCE_ID OFFSET: filesystems.id of the file system at that byte offset.
fsid() {
    q "$1" "SELECT id FROM filesystems WHERE evidence_id = $2 AND offset = $3"
}

# sqlq STRING: the string as an SQL literal.
sqlq() { printf "'%s'" "${1//\'/\'\'}"; }

# one_line_error FILE: stderr of a failed command is exactly one non-empty line.
one_line_error() {
    local n
    n=$(grep -c . "$1" || true)
    [ "$n" -eq 1 ] || { echo "--- stderr:" >&2; cat "$1" >&2; return 1; }
}
