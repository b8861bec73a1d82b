#!/usr/bin/env bash
# report_bench.sh [OUTDIR] [BUILD_DIR] - the `dftriage report` benchmark (docs/report.md "Performance"):
# makes the 1,000,000-message / 100,000-file case (report_bench.py; reused when OUTDIR/case.db exists),
# times `report --html --csv` with /usr/bin/time -v (wall time, peak RSS), measures the report folder,
# and the first page in headless Chromium (tests/report/cdp_check.mjs: time until the viewer has drawn
# the first page of every section). Prints a markdown table.
set -euo pipefail
OUT=${1:-/tmp/dftriage-report-bench}
BUILD=$(cd "${2:-$(dirname "$0")/../build}" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
DFT=$BUILD/dftriage
RESEAL=$BUILD/tests/report_reseal
[ -x "$DFT" ] && [ -x "$RESEAL" ] || { echo "build dftriage and report_reseal first (cmake --build $BUILD)" >&2; exit 2; }
mkdir -p "$OUT"
if [ ! -f "$OUT/case.db" ]; then
    python3 "$HERE/report_bench.py" "$DFT" "$RESEAL" "$OUT"
fi
rm -rf "$OUT/html" "$OUT/csv"
/usr/bin/time -v "$DFT" report "$OUT/case.db" --html "$OUT/html" --csv "$OUT/csv" > "$OUT/report.out" 2> "$OUT/time.txt"
wall=$(grep 'Elapsed (wall clock)' "$OUT/time.txt" | sed 's/.*: //')
rss=$(grep 'Maximum resident set size' "$OUT/time.txt" | sed 's/.*: //')
cpu=$(grep -E 'User time|System time' "$OUT/time.txt" | awk -F': ' '{s += $2} END {printf "%.1f", s}')
html_size=$(du -sh "$OUT/html" | cut -f1)
html_files=$(find "$OUT/html" -type f | wc -l)
csv_size=$(du -sh "$OUT/csv" | cut -f1)
case_size=$(du -sh "$OUT/case.db" | cut -f1)
msgs=$(sqlite3 "$OUT/case.db" 'SELECT count(*) FROM messages')
files=$(sqlite3 "$OUT/case.db" 'SELECT count(*) FROM files')
page="(chromium or node packages missing)"
NODE=$BUILD/report/node
if command -v chromium > /dev/null && [ -d "$NODE/node_modules/ws" ]; then
    cp "$HERE/../tests/report/cdp_check.mjs" "$NODE/"
    if node "$NODE/cdp_check.mjs" chromium "$OUT/html" "$OUT/page.png" "$OUT/cdp.json" > "$OUT/cdp.out" 2>&1; then
        page=$(python3 -c "import json; d = json.load(open('$OUT/cdp.json')); print('%.2f s to DOMContentLoaded (overview, integrity, counts, charts), %.2f s to the first data section drawn, %.2f s until all %d sections show their first page' % (d['domContentLoadedMs'] / 1000, d['firstSectionMs'] / 1000, d['allSectionsMs'] / 1000, len(d['dom']['counts'])))")
    else
        page="FAILED: $(tail -3 "$OUT/cdp.out" | tr '\n' ' ')"
    fi
fi
cat <<MD
| measure | value |
|---|---|
| case | $msgs messages, $files files, case file $case_size |
| \`report --html --csv\` wall time | $wall (CPU $cpu s) |
| peak RSS | $((rss / 1024)) MiB |
| HTML folder | $html_size in $html_files files |
| CSV folder | $csv_size |
| first page in Chromium | $page |
MD
