#!/usr/bin/env bash
# e2e_determinism - two ingests of the same image (each with 2 worker threads) give identical
# rows: files, findings, volumes, filesystems, messages, ordered by id. Only columns that record
# when a run happened are left out (run ids/timestamps, *_utc of evidence/runs; messages.sent_utc
# comes from the evidence and is compared).
source "$(dirname "$0")/lib.sh"

IMG=$TI/disk_mbr.raw
must_ingest "$WORK/a.db" "$IMG" --threads 2 --case-number DET --examiner tester
must_ingest "$WORK/b.db" "$IMG" --threads 2 --case-number DET --examiner tester

dump() { # dump CASE TABLE -> stdout
    local cols
    cols=$(sqlite3 -batch -noheader "$1" "SELECT group_concat(quote(name), ',') FROM pragma_table_info('$2')
        WHERE name NOT IN ('run_id', 'added_utc', 'completed_utc', 'created_utc', 'started_utc', 'ended_utc')")
    [ -n "$cols" ] || fail "$2: no such table"
    cols=${cols//\'/\"}
    sqlite3 -batch -header -separator $'\t' "$1" "SELECT $cols FROM $2 ORDER BY id"
}

for t in files findings volumes filesystems messages contacts; do
    dump "$WORK/a.db" $t >"$WORK/a.$t"
    dump "$WORK/b.db" $t >"$WORK/b.$t"
    if cmp -s "$WORK/a.$t" "$WORK/b.$t"; then
        ok "$t identical ($(q "$WORK/a.db" "SELECT count(*) FROM $t") rows)"
    else
        softfail "$t differ between two runs:"
        diff "$WORK/a.$t" "$WORK/b.$t" | head -20 >&2
    fi
done
n=$(q "$WORK/a.db" "SELECT count(*) FROM files")
[ $n -ge 50 ] || softfail "only $n files rows: the comparison proves little"
for c in md5 sha1 sha256 size kind; do
    a=$(q "$WORK/a.db" "SELECT $c FROM evidence")
    b=$(q "$WORK/b.db" "SELECT $c FROM evidence")
    [ "$a" = "$b" ] || softfail "evidence.$c differs: $a vs $b"
done
finish
