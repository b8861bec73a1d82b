#!/usr/bin/env bash
# chat_bench.sh - the chat parser benchmark (chat issue, Performance): 1,000,000 WhatsApp messages in
# 20,000 chats (bench/chat_bench.py) ingested by `dftriage ingest` from a directory evidence holding
# /data/data/com.whatsapp/databases/msgstore.db (+ wa.db). Reports wall time, peak RSS (/usr/bin/time -v),
# messages/s, and checks the targets (<= 15 s, < 512 MiB) and that every message reached the case.
#
# usage: bench/chat_bench.sh [OUTDIR] [--dftriage PATH] [--messages N] [--chats N] [--reps N] [--threads N]
#   OUTDIR default /tmp/dftriage-chat-bench (the generated database is reused while its parameters match)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
out=/tmp/dftriage-chat-bench
bin=$repo/build/dftriage
messages=1000000
chats=20000
reps=1
threads=
while [ $# -gt 0 ]; do
    case $1 in
        --dftriage) bin=$2; shift 2 ;;
        --messages) messages=$2; shift 2 ;;
        --chats) chats=$2; shift 2 ;;
        --reps) reps=$2; shift 2 ;;
        --threads) threads="--threads $2"; shift 2 ;;
        -h|--help) sed -n 2,9p "$0"; exit 0 ;;
        *) out=$1; shift ;;
    esac
done
[ -x "$bin" ] || { echo "no dftriage binary at $bin" >&2; exit 1; }
mkdir -p "$out"
stamp="$out/.stamp"
want="chat_bench v1 $messages $chats $(sha256sum "$here/chat_bench.py" | cut -c1-16)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    python3 "$here/chat_bench.py" "$out" --messages "$messages" --chats "$chats"
    echo "$want" > "$stamp"
fi
db=$out/evidence/data/data/com.whatsapp/databases/msgstore.db
echo "evidence: $out/evidence ($(du -sh "$out/evidence" | cut -f1)); msgstore.db $(stat -c %s "$db") bytes"
cat "$db" > /dev/null   # warm page cache, as bench/run.sh does

best=
for r in $(seq 1 "$reps"); do
    rm -rf "$out/run" && mkdir -p "$out/run"
    /usr/bin/time -v "$bin" ingest "$out/run/case.db" "$out/evidence" --no-progress $threads \
        > "$out/run/out.txt" 2> "$out/run/time.txt" || { cat "$out/run/time.txt" >&2; exit 1; }
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$out/run/time.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$out/run/time.txt")
    got=$(sqlite3 "$out/run/case.db" "SELECT count(*) FROM messages WHERE app = 'whatsapp'")
    calls=$(sqlite3 "$out/run/case.db" "SELECT count(*) FROM calls")
    rate=$(awk -v m="$got" -v w="$wall" 'BEGIN { printf "%.0f", m / w }')
    echo "run $r: wall ${wall} s, peak RSS $((rss / 1024)) MiB, $got messages + $calls calls, $rate messages/s"
    [ "$got" -eq "$messages" ] || { echo "FAIL: $got messages in the case, $messages generated" >&2; exit 1; }
    if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$wall; best_rss=$rss; fi
done
echo "best: ${best} s, peak RSS $((best_rss / 1024)) MiB; targets: <= 15 s $(awk -v w="$best" 'BEGIN { print (w <= 15) ? "met" : "MISSED" }'), < 512 MiB $([ $((best_rss / 1024)) -lt 512 ] && echo met || echo MISSED)"
