#!/usr/bin/env bash
# documents_bench.sh - the document extraction benchmark (issue 11): a 100,000-row XLSX roster
# (6 columns, names/notes as shared strings, phones and amounts as numbers; written by Python's
# zipfile, deflated), the same roster as ODS (content.xml streamed), a 200-page PDF (40 lines a
# page, Helvetica) and a 2,000-slide PPTX with speaker notes and a comment per slide, each ingested with `--plugins documents` from its own directory evidence. Reports
# wall time and peak RSS (/usr/bin/time -v) per case and checks the targets: <= 10 s, peak RSS
# < 256 MiB (sheets are streamed: memory must not grow with the rows).
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
mkdir -p "$out/ev_ods" "$out/ev_pdf"
python3 - "$out/ev_ods/roster.ods" "$rows" "$out/ev_pdf/report.pdf" <<'PY'
import sys, zipfile
path, rows, pdfpath = sys.argv[1], int(sys.argv[2]), sys.argv[3]
NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"')
def c(t): return '<table:table-cell office:value-type="string"><text:p>%s</text:p></table:table-cell>' % t
def f(v): return '<table:table-cell office:value-type="float" office:value="%s"><text:p>%s</text:p></table:table-cell>' % (v, v)
parts = ['<table:table-row>' + ''.join(c(h) for h in ['姓名', '电话', '国籍', '金额', '备注', '业务员']) + '</table:table-row>']
for r in range(2, rows + 2):
    parts.append('<table:table-row>' + c('客户%d' % r) + f('8613%09d' % r) + c('中国') + f('%d.5' % (r * 10)) +
                 c('已入金' if r % 2 else '待跟进') + c('agent%d' % (r % 50)) + '</table:table-row>')
parts.append('<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>')
content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content %s><office:body><office:spreadsheet>'
           '<table:table table:name="客户">%s</table:table></office:spreadsheet></office:body></office:document-content>'
           % (NS, ''.join(parts)))
ts = (2024, 1, 1, 0, 0, 0)
with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr(zipfile.ZipInfo('mimetype', ts), 'application/vnd.oasis.opendocument.spreadsheet')
    zi = zipfile.ZipInfo('content.xml', ts)
    zi.compress_type = zipfile.ZIP_DEFLATED
    z.writestr(zi, content.encode())
# 200 pages x 40 lines
objs = {1: '<< /Type /Catalog /Pages 2 0 R >>', 3: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'}
kids, n = [], 4
for p in range(200):
    stream = ''.join('BT /F1 10 Tf 50 %d Td (Page %d line %d customer %d paid %d.50 wallet 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2) Tj ET\n'
                     % (760 - 18 * i, p + 1, i + 1, p * 40 + i, i * 7) for i in range(40))
    objs[n] = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>' % (n + 1)
    objs[n + 1] = '<< /Length %d >>\nstream\n%sendstream' % (len(stream), stream)
    kids.append('%d 0 R' % n)
    n += 2
objs[2] = '<< /Type /Pages /Kids [%s] /Count %d >>' % (' '.join(kids), len(kids))
out, offs = b'%PDF-1.4\n', {}
for k in sorted(objs):
    offs[k] = len(out)
    out += ('%d 0 obj\n%s\nendobj\n' % (k, objs[k])).encode('latin-1')
x = len(out)
out += ('xref\n0 %d\n0000000000 65535 f \n' % (max(objs) + 1)).encode()
for k in range(1, max(objs) + 1):
    out += ('%010d 00000 n \n' % offs[k]).encode()
out += ('trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (max(objs) + 1, x)).encode()
open(pdfpath, 'wb').write(out)
PY
# a 2,000-slide PPTX, each slide with speaker notes and a comment, the zip holding all slides, then all
# notes, then all comments (parts read out of zip order through the cursors of ooxml.c)
mkdir -p "$out/ev_pptx"
python3 - "$out/ev_pptx/deck.pptx" <<'PY'
import sys, zipfile
path, n = sys.argv[1], 2000
PNS = ('xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
       'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"')
OD = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
def rels(items):
    return ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">%s</Relationships>'
            % ''.join('<Relationship Id="%s" Type="%s%s" Target="%s"/>' % (i, OD, t, g) for i, t, g in items))
def sp(t):
    return '<p:sp><p:nvSpPr><p:nvPr><p:ph type="body"/></p:nvPr></p:nvSpPr><p:txBody><a:p><a:r><a:t>%s</a:t></a:r></a:p></p:txBody></p:sp>' % t
m = [('ppt/presentation.xml', '<p:presentation %s><p:sldIdLst>%s</p:sldIdLst></p:presentation>'
      % (PNS, ''.join('<p:sldId id="%d" r:id="rId%d"/>' % (256 + i, i) for i in range(1, n + 1)))),
     ('ppt/_rels/presentation.xml.rels', rels([('rId%d' % i, 'slide', 'slides/slide%d.xml' % i) for i in range(1, n + 1)]))]
m += [('ppt/slides/_rels/slide%d.xml.rels' % i, rels([('rId1', 'notesSlide', '../notesSlides/notesSlide%d.xml' % i),
                                                     ('rId2', 'comments', '../comments/comment%d.xml' % i)])) for i in range(1, n + 1)]
m += [('ppt/slides/slide%d.xml' % i, '<p:sld %s><p:cSld><p:spTree>%s</p:spTree></p:cSld></p:sld>' % (PNS, sp('Slide %d: invest in USDT' % i)))
      for i in range(1, n + 1)]
m += [('ppt/notesSlides/notesSlide%d.xml' % i, '<p:notes %s><p:cSld><p:spTree>%s</p:spTree></p:cSld></p:notes>' % (PNS, sp('Tell the client %d' % i)))
      for i in range(1, n + 1)]
m += [('ppt/comments/comment%d.xml' % i, '<p:cmLst %s><p:cm authorId="0" idx="1"><p:text>Comment %d</p:text></p:cm></p:cmLst>' % (PNS, i))
      for i in range(1, n + 1)]
with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
    for name, data in m:
        zi = zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0))
        zi.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(zi, data.encode())
PY
status=0
bench_one() {   # NAME EVIDENCE-DIR FILE
    rm -f "$out/$1.db"
    /usr/bin/time -v "$bin" ingest "$out/$1.db" "$2" --plugins documents --no-progress \
        >"$out/$1.out" 2>"$out/$1.time" || { echo "FAIL: $1 ingest" >&2; status=1; return; }
    local wall rss size secs
    wall=$(grep 'Elapsed (wall clock)' "$out/$1.time" | awk '{print $NF}')
    rss=$(grep 'Maximum resident' "$out/$1.time" | awk '{print $NF}')
    size=$(stat -c %s "$3")
    secs=$(echo "$wall" | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
    echo "$1 bytes=$size wall_s=$secs peak_rss_kib=$rss"
    awk -v s="$secs" 'BEGIN { exit !(s <= 10) }' || { echo "FAIL: $1 over 10 s" >&2; status=1; }
    [ "$rss" -lt $((256 * 1024)) ] || { echo "FAIL: $1 peak RSS over 256 MiB" >&2; status=1; }
}
echo "rows=$rows"
bench_one xlsx "$out/ev" "$out/ev/roster.xlsx"
bench_one ods "$out/ev_ods" "$out/ev_ods/roster.ods"
bench_one pdf200 "$out/ev_pdf" "$out/ev_pdf/report.pdf"
bench_one pptx2000 "$out/ev_pptx" "$out/ev_pptx/deck.pptx"
[ $status = 0 ] && echo PASS
exit $status
