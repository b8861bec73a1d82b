#!/usr/bin/env python3
"""gen_docs.py OUTDIR - writes the document fixtures of tests/documents (deterministic: fixed zip
timestamps, fixed member order). Real OOXML zips built with zipfile; hostile ones beside them."""
import os
import sys
import zipfile

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)
TS = (2024, 1, 2, 3, 4, 6)
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def write_zip(name, members, out=None):
    with zipfile.ZipFile(os.path.join(out or OUT, name), 'w', zipfile.ZIP_DEFLATED) as z:
        for mname, data in members:
            zi = zipfile.ZipInfo(mname, TS)
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data.encode('utf-8') if isinstance(data, str) else data)


def esc(s):
    return s.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')


def workbook(sheets):
    s = ''.join('<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (esc(n), i + 1, i + 1) for i, n in enumerate(sheets))
    return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook %s><sheets>%s</sheets></workbook>' % (NS, s)


def rels(targets):
    r = ''.join('<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                'relationships/worksheet" Target="%s"/>' % (i + 1, t) for i, t in enumerate(targets))
    return '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/' \
           'package/2006/relationships">%s</Relationships>' % r


def sheet(rows_xml):
    return '<?xml version="1.0" encoding="UTF-8"?><worksheet %s><sheetData>%s</sheetData></worksheet>' % (NS, rows_xml)


def sst(items):
    return '<?xml version="1.0" encoding="UTF-8"?><sst %s count="%d" uniqueCount="%d">%s</sst>' % (
        NS, len(items), len(items), ''.join(items))


CT = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'

# roster.xlsx: sheet 1 with shared strings (one rich <r> item with a phonetic <rPh> run to skip),
# sheet 2 with inline strings, numbers, booleans, a cell without r=, a sparse row; sharedStrings
# comes AFTER the worksheets in the zip as Excel writes it (two passes needed).
strings = ['<si><t>姓名</t></si>', '<si><t>电话</t></si>', '<si><t>国籍</t></si>',
           '<si><r><t>张</t></r><r><t xml:space="preserve">三 </t></r><rPh sb="0" eb="1"><t>ZHANG</t></rPh></si>',
           '<si><t>中国</t></si>', '<si/>', '<si><t>Lee &amp; Co</t></si>']
s1 = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>'
      '<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2"><v>8613800138000</v></c><c r="C2" t="s"><v>4</v></c></row>'
      '<row r="3"><c r="A3" t="s"><v>6</v></c><c r="B3" t="s"><v>5</v></c><c r="C3"/></row>')
s2 = ('<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c><c r="B1" t="inlineStr"><is><t>Paid</t></is></c></row>'
      '<row r="5"><c r="A5" t="inlineStr"><is><r><t>Somchai </t></r><r><t>K.</t></r></is></c>'
      '<c t="b"><v>1</v></c><c r="AA5" t="str"><v>=SUM</v></c></row>'
      '<row><c><v>3.5</v></c></row>')
write_zip('roster.xlsx', [
    ('[Content_Types].xml', CT),
    ('xl/workbook.xml', workbook(['客户', 'Staff'])),
    ('xl/_rels/workbook.xml.rels', rels(['worksheets/sheet1.xml', '/xl/worksheets/sheet2.xml'])),
    ('xl/worksheets/sheet2.xml', sheet(s2)),
    ('xl/worksheets/sheet1.xml', sheet(s1)),
    ('xl/sharedStrings.xml', sst(strings)),
])

# badsst.xlsx: index 99 of 1 string, and a non-numeric index -> one warning, cells "" skipped.
write_zip('badsst.xlsx', [
    ('xl/workbook.xml', workbook(['S1'])),
    ('xl/_rels/workbook.xml.rels', rels(['worksheets/sheet1.xml'])),
    ('xl/sharedStrings.xml', sst(['<si><t>ok</t></si>'])),
    ('xl/worksheets/sheet1.xml', sheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>99</v></c>'
                                       '<c r="C1" t="s"><v>x</v></c><c r="D1"><v>7</v></c></row>')),
])

# bomb.xlsx: a worksheet of 64 MiB of blanks (in 1 MiB text nodes) inflating from ~64 KiB.
write_zip('bomb.xlsx', [
    ('xl/workbook.xml', workbook(['S1'])),
    ('xl/_rels/workbook.xml.rels', rels(['worksheets/sheet1.xml'])),
    ('xl/worksheets/sheet1.xml', sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>before</t></is></c></row>')
     .replace('</sheetData>', ('<x>' + ' ' * (1 << 20) + '</x>') * 64 + '</sheetData>')),
])

# laughs.xlsx: billion laughs in the worksheet; must be refused, not expanded.
lol = '<!DOCTYPE lolz [<!ENTITY lol "lol">' + ''.join(
    '<!ENTITY lol%d "%s">' % (i, ('&lol%d;' % (i - 1) if i > 1 else '&lol;') * 10) for i in range(1, 10)) + ']>'
write_zip('laughs.xlsx', [
    ('xl/workbook.xml', workbook(['S1'])),
    ('xl/_rels/workbook.xml.rels', rels(['worksheets/sheet1.xml'])),
    ('xl/worksheets/sheet1.xml', '<?xml version="1.0"?>' + lol +
     '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'),
])


def para(*runs):
    return '<w:p>' + ''.join(runs) + '</w:p>'


def run(t):
    return '<w:r><w:t xml:space="preserve">%s</w:t></w:r>' % esc(t)


def tc(*paras):
    return '<w:tc><w:tcPr/>' + ''.join(paras) + '</w:tc>'


# target.docx: Thai heading, a tab and a break, a table (header + 2 rows, a two-paragraph cell,
# an empty cell, a nested table whose text stays in its cell), a paragraph after the table.
body = (para(run('รายชื่อลูกค้า'), '<w:r><w:tab/></w:r>', run('ทีม A')) + '<w:p/>' +
        para(run('line1'), '<w:r><w:br/></w:r>', run('line2'), '<w:r><w:instrText>PAGE</w:instrText></w:r>') +
        '<w:tbl><w:tblPr/>' +
        '<w:tr>' + tc(para(run('ชื่อ'))) + tc(para(run('เบอร์โทร'))) + tc(para(run('หมายเหตุ'))) + '</w:tr>' +
        '<w:tr>' + tc(para(run('สมชาย'))) + tc(para(run('081-234-5678'))) + tc(para(run('a')), para(run('b'))) + '</w:tr>' +
        '<w:tr>' + tc(para(run('Nok'))) + '<w:tc/>' +
        tc('<w:tbl><w:tr>' + tc(para(run('inner'))) + '</w:tr></w:tbl>', para(run('after'))) + '</w:tr>' +
        '</w:tbl>' + para(run('จบ')))
write_zip('target.docx', [
    ('[Content_Types].xml', CT),
    ('word/document.xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document %s><w:body>%s'
                          '<w:sectPr/></w:body></w:document>' % (W, body)),
])

# dtd.xlsx: a harmless internal DTD; OOXML has none, so the part is refused.
write_zip('dtd.xlsx', [
    ('xl/workbook.xml', workbook(['S1'])),
    ('xl/_rels/workbook.xml.rels', rels(['worksheets/sheet1.xml'])),
    ('xl/worksheets/sheet1.xml', '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "b">]>' +
     sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>').split('?>', 1)[1]),
])

write_zip('notooxml.zip', [('readme.txt', 'hello')])
with open(os.path.join(OUT, 'truncated.xlsx'), 'wb') as f:
    f.write(open(os.path.join(OUT, 'roster.xlsx'), 'rb').read()[:300])

# evidence/: a directory ingested by e2e_documents.sh; MARKER-* tokens are found by the test marker
# scanner (tests/e2e/marker_plugin.c) in the decoded text the documents plugin emits.
EV = os.path.join(OUT, 'evidence')
os.makedirs(EV, exist_ok=True)
write_zip('list.xlsx', [
    ('xl/workbook.xml', workbook(['客户'])),
    ('xl/_rels/workbook.xml.rels', rels(['worksheets/sheet1.xml'])),
    ('xl/sharedStrings.xml', sst(['<si><t>姓名</t></si>', '<si><t>备注</t></si>', '<si><t>MARKER-XLSX-SST</t></si>'])),
    ('xl/worksheets/sheet1.xml', sheet(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>' +
        ''.join('<row r="%d"><c r="A%d" t="inlineStr"><is><t>p%d</t></is></c></row>' % (i, i, i) for i in range(2, 70)) +
        '<row r="70"><c r="A70" t="inlineStr"><is><t>x</t></is></c><c r="B70" t="s"><v>2</v></c></row>'))], EV)
body2 = (para(run('intro')) + para(run('MARKER-DOCX-P')) + '<w:tbl>' + '<w:tr>' + tc(para(run('h'))) + '</w:tr>' +
         '<w:tr>' + tc(para(run('MARKER-DOCX-T'))) + '</w:tr></w:tbl>')
write_zip('letter.docx', [('word/document.xml', '<?xml version="1.0" encoding="UTF-8"?><w:document %s><w:body>%s'
                                                 '</w:body></w:document>' % (W, body2))], EV)
with open(os.path.join(EV, 'gb.csv'), 'wb') as f:
    f.write('姓名,电话,备注\n张三,13800138000,"多行\n备注"\n李四,13900000000,MARKER-CSV-GB\n'.encode('gb18030'))
with open(os.path.join(EV, 'u16.txt'), 'wb') as f:
    f.write('第一行\r\nMARKER-U16LE here\r\n'.encode('utf-16'))   # BOM + UTF-16LE
with open(os.path.join(EV, 'plain.txt'), 'wb') as f:
    f.write(b'line one\nsecond MARKER-UTF8 line\n')
with open(os.path.join(EV, 'crlf.txt'), 'wb') as f:   # UTF-8 with CRLF: its own decoded form (not decoded again)
    f.write(b'first\r\nx MARKER-CRLF\r\n')
with open(os.path.join(EV, 'cr.txt'), 'wb') as f:     # UTF-8 with CR-only line ends (classic Mac): not decoded either
    f.write(b'first\rx MARKER-CR\r')
with open(os.path.join(EV, 'u8.csv'), 'wb') as f:     # UTF-8 CSV, CRLF, quoted field: its cells are the file's bytes
    f.write('姓名,备注\r\n王五,"MARKER-CSV-U8 ""q"""\r\n'.encode('utf-8'))
with zipfile.ZipFile(os.path.join(EV, 'notabook.xlsx'), 'w') as z:   # stored, no workbook: no decoded text
    z.writestr(zipfile.ZipInfo('readme.txt', TS), 'MARKER-NOT-OOXML end')
with open(os.path.join(EV, 'bomb.xlsx'), 'wb') as f:
    f.write(open(os.path.join(OUT, 'bomb.xlsx'), 'rb').read())
