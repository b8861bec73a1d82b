#!/usr/bin/env bash
# e2e_itunes_wal.sh DFT_BIN IMAGES WORKDIR - review regression 2: an iTunes backup whose database
# has a table only in its -wal (the -wal row comes after the database in walk order), ingested by
# the real binary with --threads 2, five times. The sqlite_inventory finding (kind
# sqlite.database) must list the WAL-only table every time, and be identical across runs: the
# sibling map is complete before the walk emits a file, so worker timing cannot change it.
set -euo pipefail
BIN=$1
IMG=$2/review/itunes_wal
WORK=$3
[ -x "$BIN" ] || { echo "FAIL: no dftriage binary: $BIN" >&2; exit 1; }
[ -d "$IMG" ] || { echo "FAIL: no test backup: $IMG" >&2; exit 1; }
rm -rf "$WORK"
mkdir -p "$WORK"
first=""
for i in 1 2 3 4 5; do
    "$BIN" ingest "$WORK/case$i.db" "$IMG" --no-progress --threads 2 2> "$WORK/ingest$i.err" ||
        { cat "$WORK/ingest$i.err" >&2; echo "FAIL: ingest $i exited non-zero" >&2; exit 1; }
    got=$(sqlite3 -batch -noheader "$WORK/case$i.db" \
        "select x.path || ' ' || f.details from findings f join files x on x.id = f.file_id
         where f.kind = 'sqlite.database' order by x.path")
    echo "run $i: $got"
    echo "$got" | grep -q 'notes.sqlite .*walonly_table' ||
        { echo "FAIL: run $i: the WAL-only table is missing from the sqlite.database finding" >&2; exit 1; }
    if [ -z "$first" ]; then first=$got
    elif [ "$got" != "$first" ]; then echo "FAIL: run $i differs from run 1" >&2; exit 1; fi
done
echo PASS
