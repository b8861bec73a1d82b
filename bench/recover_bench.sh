#!/usr/bin/env bash
# recover_bench.sh - the deleted-record recovery benchmark (issue 13, Performance): a WhatsApp
# msgstore.db of bench/chat_bench.py (default 1,000,000 messages, about 200 MB) of which every 10th
# message (100,000) is then deleted with secure_delete off; recover_bench times the parser alone, then
# `dftriage ingest --plugins chat` runs with chat.recover=on and =off to give the cost recovery adds.
# Reports wall time and peak RSS (/usr/bin/time -v) and the load (uptime).
# usage: bench/recover_bench.sh [OUTDIR] [--build DIR] [--messages N]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
out=/tmp/dftriage-recover-bench
build=$repo/build
messages=1000000
while [ $# -gt 0 ]; do
    case $1 in
        --build) build=$2; shift 2 ;;
        --messages) messages=$2; shift 2 ;;
        -h|--help) sed -n 2,8p "$0"; exit 0 ;;
        *) out=$1; shift ;;
    esac
done
mkdir -p "$out"
ev=$out/evidence
db=$ev/data/data/com.whatsapp/databases/msgstore.db
if [ ! -f "$out/.made-$messages" ]; then
    rm -f "$out"/.made-*
    [ -f "$db" ] || python3 "$here/chat_bench.py" "$out" --messages "$messages" >/dev/null
    python3 - "$db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA secure_delete=0")
db.execute("PRAGMA journal_mode=OFF")
db.execute("DELETE FROM message WHERE _id % 10 = 0")
db.commit()
db.close()
PY
    touch "$out/.made-$messages"
fi
echo "database: $(du -m "$db" | cut -f1) MiB, $(sqlite3 "$db" 'SELECT count(*) FROM message') live messages"
echo "load: $(uptime)"
/usr/bin/time -f "parser alone: wall %e s, user %U s, sys %S s, peak RSS %M KiB" "$build/tests/recover_bench" "$db"
for mode in off on; do
    rm -f "$out/case-$mode.db"
    /usr/bin/time -f "ingest chat.recover=$mode: wall %e s, user %U s, sys %S s, peak RSS %M KiB" \
        "$build/dftriage" ingest "$out/case-$mode.db" "$ev" --plugins chat --plugin-opt chat.recover=$mode >/dev/null
    echo "  messages: $(sqlite3 "$out/case-$mode.db" 'SELECT count(*), sum(deleted) FROM messages')"
done
