#!/usr/bin/env bash
# text_share_bench.sh - issue 11's ingest target: text extraction + classification (plugins documents,
# notes, roster, scam_text) add <= 25 % to an ingest of the bench image. Ingests mixed.raw (built by
# bench/make_images.py) REPS times with every other case plugin ("base") and with those four added
# ("all"), alternating, and prints CPU seconds (user + sys, the figure on a shared box) and wall (an
# upper bound) of each run, their means and the share. Run it on a quiet machine: `uptime` is printed
# with every run.
#
# usage: bench/text_share_bench.sh [IMAGE_DIR] [--dftriage PATH] [--reps N]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
dir=/tmp/dftriage-bench
bin=$repo/build/dftriage
reps=3
while [ $# -gt 0 ]; do
    case $1 in
        --dftriage) bin=$2; shift 2 ;;
        --reps) reps=$2; shift 2 ;;
        -h|--help) sed -n 2,9p "$0"; exit 0 ;;
        *) dir=$1; shift ;;
    esac
done
[ -x "$bin" ] || { echo "no dftriage binary at $bin" >&2; exit 1; }
python3 "$here/make_images.py" "$dir" --variant mixed >/dev/null
img=$dir/mixed.raw
base=chat,chat_decrypt,chat_export,crypto_scan,sqlite_carve,sqlite_inventory,wallet_apps,wallet_files
all=$base,documents,notes,roster,scam_text
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
declare -A cpu wall
for i in $(seq 1 "$reps"); do
    for set in base all; do
        plugins=$base; [ $set = all ] && plugins=$all
        rm -f "$work/c.db"*
        /usr/bin/time -f "%e %U %S" -o "$work/t" "$bin" ingest "$work/c.db" "$img" --plugins "$plugins" --no-progress \
            >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
        read -r w u s <"$work/t"
        c=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
        cpu[$set]="${cpu[$set]:-} $c"
        wall[$set]="${wall[$set]:-} $w"
        printf '%s run %d: cpu %.2f s wall %.2f s  (%s)\n' "$set" "$i" "$c" "$w" "$(uptime | sed 's/.*load/load/')"
    done
done
mean() { echo "$@" | tr ' ' '\n' | awk 'NF { s += $1; n++ } END { printf "%.2f", s / n }'; }
cb=$(mean ${cpu[base]}); ca=$(mean ${cpu[all]}); wb=$(mean ${wall[base]}); wa=$(mean ${wall[all]})
share() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.1f", (a / b - 1) * 100 }'; }
printf 'mean cpu: base %s s, all %s s: %s %%\n' "$cb" "$ca" "$(share "$ca" "$cb")"
printf 'mean wall: base %s s, all %s s: %s %%\n' "$wb" "$wa" "$(share "$wa" "$wb")"
