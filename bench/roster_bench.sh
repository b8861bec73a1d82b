#!/usr/bin/env bash
# roster_bench.sh - the roster benchmark (issue 11): a ROWS-row XLSX target list (7 columns: names and
# stages as shared strings, national Thai phone numbers whose region comes from the Country column,
# deposits as money text) ingested with `--plugins roster` from a directory evidence. Reports wall time
# and peak RSS (/usr/bin/time -v), checks that every row became a persons row, and checks the targets:
# <= 10 s, peak RSS < 256 MiB (the sheet is streamed; only the header window and one row are held, plus
# 16 bytes a person for the listed_in links).
# With --messages N an Android mmssms.db of N SMS (every 100th with a roster number, national form) is
# added and the identity join runs too (`--plugins roster,chat`): it reports the contacted_as links.
#
# usage: bench/roster_bench.sh [OUTDIR] [--dftriage PATH] [--rows N] [--messages N]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
out=/tmp/dftriage-roster-bench
bin=$repo/build/dftriage
rows=100000
msgs=0
while [ $# -gt 0 ]; do
    case $1 in
        --dftriage) bin=$2; shift 2 ;;
        --rows) rows=$2; shift 2 ;;
        --messages) msgs=$2; shift 2 ;;
        -h|--help) sed -n 2,12p "$0"; exit 0 ;;
        *) out=$1; shift ;;
    esac
done
[ -x "$bin" ] || { echo "no dftriage binary at $bin" >&2; exit 1; }
rm -rf "$out/ev" && mkdir -p "$out/ev"
python3 - "$out/ev" "$rows" "$msgs" <<'PY'
import os, sqlite3, sys, zipfile
ev, rows, msgs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
head = ['Name', 'Phone', 'Country', 'Age', 'Stage', 'Deposit', 'Agent']
stages = ['trust building', 'first deposit', 'withdrawal blocked']
strings = head + stages + ['Thailand'] + ['Target %d' % i for i in range(rows)]
idx = {s: i for i, s in enumerate(strings)}
def phone(i): return '08%08d' % (10000000 + i)   # 08x national Thai mobile numbers
parts = ['<row r="1">' + ''.join('<c r="%s1" t="s"><v>%d</v></c>' % (c, i) for i, c in enumerate('ABCDEFG')) + '</row>']
for i in range(rows):
    r = i + 2
    parts.append('<row r="%d"><c r="A%d" t="s"><v>%d</v></c><c r="B%d" t="inlineStr"><is><t>%s</t></is></c>'
                 '<c r="C%d" t="s"><v>%d</v></c><c r="D%d"><v>%d</v></c><c r="E%d" t="s"><v>%d</v></c>'
                 '<c r="F%d" t="inlineStr"><is><t>%d USDT</t></is></c><c r="G%d" t="inlineStr"><is><t>agent%d</t></is></c></row>'
                 % (r, r, idx['Target %d' % i], r, phone(i), r, idx['Thailand'], r, 20 + i % 60, r,
                    idx[stages[i % 3]], r, (i % 97) * 100, r, i % 50))
ts = (2024, 1, 1, 0, 0, 0)
with zipfile.ZipFile(os.path.join(ev, 'targets.xlsx'), 'w', zipfile.ZIP_DEFLATED) as z:
    for name, data in [
        ('xl/workbook.xml', '<workbook %s><sheets><sheet name="Leads" sheetId="1" r:id="rId1"/></sheets></workbook>' % NS),
        ('xl/_rels/workbook.xml.rels', '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>'),
        ('xl/worksheets/sheet1.xml', '<worksheet %s><sheetData>%s</sheetData></worksheet>' % (NS, ''.join(parts))),
        ('xl/sharedStrings.xml', '<sst %s>%s</sst>' % (NS, ''.join('<si><t>%s</t></si>' % s for s in strings)))]:
        zi = zipfile.ZipInfo(name, ts)
        zi.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(zi, data.encode())
if msgs:
    d = os.path.join(ev, 'data/data/com.android.providers.telephony/databases')
    os.makedirs(d)
    con = sqlite3.connect(os.path.join(d, 'mmssms.db'))
    con.execute('CREATE TABLE sms (_id INTEGER PRIMARY KEY, thread_id INTEGER, address TEXT, date INTEGER, '
                'date_sent INTEGER DEFAULT 0, read INTEGER DEFAULT 0, type INTEGER, body TEXT, service_center TEXT, '
                'sub_id INTEGER DEFAULT -1)')
    con.executemany('INSERT INTO sms(_id, thread_id, address, date, type, body) VALUES (?,?,?,?,?,?)',
                    ((i + 1, i % 1000, phone(i % rows) if i % 100 == 0 else '+1650%07d' % (i % 10000000),
                      1700000000000 + i * 1000, 1 + i % 2, 'message %d' % i) for i in range(msgs)))
    con.commit()
    con.close()
PY
plugins=roster
[ "$msgs" -gt 0 ] && plugins=roster,chat
rm -f "$out/case.db"
/usr/bin/time -v "$bin" ingest "$out/case.db" "$out/ev" --plugins "$plugins" --no-progress \
    >"$out/ingest.out" 2>"$out/time.txt" || { cat "$out/time.txt" >&2; exit 1; }
wall=$(grep 'Elapsed (wall clock)' "$out/time.txt" | awk '{print $NF}')
rss=$(grep 'Maximum resident' "$out/time.txt" | awk '{print $NF}')
size=$(stat -c %s "$out/ev/targets.xlsx")
secs=$(echo "$wall" | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
persons=$(sqlite3 "$out/case.db" "SELECT count(*) FROM persons WHERE role = 'target' AND phone LIKE '+668%'")
links=$(sqlite3 "$out/case.db" "SELECT count(*) FROM links WHERE relation = 'contacted_as'")
echo "rows=$rows messages=$msgs xlsx_bytes=$size wall_s=$secs peak_rss_kib=$rss persons=$persons contacted_as=$links"
[ "$persons" = "$rows" ] || { echo "FAIL: $persons persons with a Thai E.164 phone, expected $rows" >&2; exit 1; }
awk -v s="$secs" 'BEGIN { exit !(s <= 10) }' || { echo "FAIL: over 10 s" >&2; exit 1; }
[ "$rss" -lt $((256 * 1024)) ] || { echo "FAIL: peak RSS over 256 MiB" >&2; exit 1; }
echo PASS
