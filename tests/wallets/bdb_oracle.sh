#!/usr/bin/env bash
# bdb_oracle.sh BDB_DUMP FIXTURES WORK - parsers/bdb.c against libdb itself: the records of
# btc_plain.dump (i) read back from our generated btc_plain.dat and (ii) loaded by db5.3_load (the real
# Berkeley DB 5.3) into a fresh file must come out byte-identical, in key order. (ii) is skipped
# (exit 77) when db5.3_load (Debian package db5.3-util) is not installed; (i) always runs.
set -euo pipefail
DUMP=$1 FIX=$2 WORK=$3
rm -rf "$WORK" && mkdir -p "$WORK"
want=$WORK/want.txt
grep '^ ' "$FIX/btc_plain.dump" >"$want"
"$DUMP" "$FIX/btc_plain.dat" main >"$WORK/ours.txt" 2>"$WORK/ours.err"
cmp "$want" "$WORK/ours.txt" || { echo "FAIL: generated file reads back differently" >&2; exit 1; }
grep -q 'records 16 overflow 1 problems 0' "$WORK/ours.err" || { cat "$WORK/ours.err" >&2; exit 1; }
echo "ok: generated B-tree (internal root, overflow chain) reads back exactly"
LOAD=$(command -v db5.3_load || command -v db_load || true)
if [ -z "$LOAD" ]; then echo "SKIP: no db5.3_load (db5.3-util)"; exit 77; fi
"$LOAD" -f "$FIX/btc_plain.dump" "$WORK/libdb.dat"
"$DUMP" "$WORK/libdb.dat" main >"$WORK/libdb.txt" 2>"$WORK/libdb.err"
cmp "$want" "$WORK/libdb.txt" || { echo "FAIL: libdb-made file reads differently" >&2; cat "$WORK/libdb.err" >&2; exit 1; }
grep -q 'records 16 .*problems 0' "$WORK/libdb.err" || { cat "$WORK/libdb.err" >&2; exit 1; }
echo "ok: db5.3_load-made file reads exactly ($(cat "$WORK/libdb.err"))"
