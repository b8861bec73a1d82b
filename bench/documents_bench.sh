#!/usr/bin/env bash
# documents_bench.sh - the document extraction benchmark (issue 11): a 100,000-row XLSX roster
# (6 columns, names/notes as shared strings, phones and amounts as numbers; written by Python's
# zipfile, deflated) ingested with `--plugins documents` from a directory evidence. Reports wall time
# and peak RSS (/usr/bin/time -v) and checks the targets: <= 10 s, peak RSS < 256 MiB (the sheet is
# streamed: memory must not grow with the rows).
#
# usage: bench/documents_bench.sh [OUTDIR] [--dftriage PATH] [--rows N]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
out=/tmp/dftriage-documents-bench
bin=$repo/build/dftriage
rows=100000
while [ $# -gt 0 ]; do
    case $1 in
        --dftriage) bin=$2; shift 2 ;;
        --rows) rows=$2; shift 2 ;;
        -h|--help) sed -n 2,8p "$0"; exit 0 ;;
        *) out=$1; shift ;;
    esac
done
[ -x "$bin" ] || { echo "no dftriage binary at $bin" >&2; exit 1; }
mkdir -p "$out/ev"
python3 - "$out/ev/roster.xlsx" "$rows" <<'PY'
import sys, zipfile
path, rows = sys.argv[1], int(sys.argv[2])
NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
strings = ['姓名', '电话', '国籍', '金额', '备注', '业务员'] + ['客户%d' % i for i in range(rows)] + ['已入金', '待跟进']
def si(s): return '<si><t>%s</t></si>' % s
parts = ['<row r="1">' + ''.join('<c r="%s1" t="s"><v>%d</v></c>' % (c, i) for i, c in enumerate('ABCDEF')) + '</row>']
for r in range(2, rows + 2):
    parts.append('<row r="%d"><c r="A%d" t="s"><v>%d</v></c><c r="B%d"><v>8613%09d</v></c>'
                 '<c r="C%d" t="inlineStr"><is><t>中国</t></is></c><c r="D%d"><v>%d.5</v></c>'
                 '<c r="E%d" t="s"><v>%d</v></c><c r="F%d" t="inlineStr"><is><t>agent%d</t></is></c></row>'
                 % (r, r, 4 + r, r, r, r, r, r * 10, r, 6 + rows + (r % 2), r, r % 50))
ts = (2024, 1, 1, 0, 0, 0)
with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
    for name, data in [
        ('xl/workbook.xml', '<workbook %s><sheets><sheet name="客户" sheetId="1" r:id="rId1"/></sheets></workbook>' % NS),
        ('xl/_rels/workbook.xml.rels', '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>'),
        ('xl/worksheets/sheet1.xml', '<worksheet %s><sheetData>%s</sheetData></worksheet>' % (NS, ''.join(parts))),
        ('xl/sharedStrings.xml', '<sst %s>%s</sst>' % (NS, ''.join(map(si, strings))))]:
        zi = zipfile.ZipInfo(name, ts)
        zi.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(zi, data.encode())
PY
rm -f "$out/case.db"
/usr/bin/time -v "$bin" ingest "$out/case.db" "$out/ev" --plugins documents --no-progress \
    >"$out/ingest.out" 2>"$out/time.txt"
wall=$(grep 'Elapsed (wall clock)' "$out/time.txt" | awk '{print $NF}')
rss=$(grep 'Maximum resident' "$out/time.txt" | awk '{print $NF}')
size=$(stat -c %s "$out/ev/roster.xlsx")
secs=$(echo "$wall" | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
echo "rows=$rows xlsx_bytes=$size wall_s=$secs peak_rss_kib=$rss"
awk -v s="$secs" 'BEGIN { exit !(s <= 10) }' || { echo "FAIL: over 10 s" >&2; exit 1; }
[ "$rss" -lt $((256 * 1024)) ] || { echo "FAIL: peak RSS over 256 MiB" >&2; exit 1; }
echo PASS
