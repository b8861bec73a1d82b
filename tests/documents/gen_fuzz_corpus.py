#!/usr/bin/env python3
"""gen_fuzz_corpus.py - writes the seed corpora of the document fuzz harnesses (textenc, csvread,
ooxml) into tests/fuzz/corpus/<harness>/ (deterministic; re-running reproduces the committed seeds)."""
import os
import sys
import zipfile
import io

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, '..', 'fuzz', 'corpus')
TS = (2024, 1, 2, 3, 4, 6)


def put(h, name, data):
    d = os.path.join(OUT, h)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode())


put('textenc', 'utf8', '姓名,电话\n张三,13800138000\n')
put('textenc', 'utf8bom', b'\xef\xbb\xbf' + 'ชื่อ\n'.encode())
put('textenc', 'utf16le', 'name,phone\n'.encode('utf-16-le'))
put('textenc', 'utf16bebom', 'name,phone\n'.encode('utf-16'))
put('textenc', 'gb18030', '姓名,电话,护照\n张三\n'.encode('gb18030'))
put('textenc', 'big5', '姓名,電話\n許功蓋\n'.encode('big5'))
put('textenc', 'tis620', 'ชื่อ,เบอร์โทร\nสมชาย\n'.encode('tis-620'))
put('textenc', 'cp1252', 'Café Müller\n'.encode('cp1252'))
put('csvread', 'comma', 'a,b,c\r\n"x, y","multi\nline",3\r\n')
put('csvread', 'semicolon', '姓名;电话\n张三;"+86 138"\n')
put('csvread', 'tab', '\tname\tphone\n1\t2\n')
put('csvread', 'quotes', '"a""b",c"d,"open\n')

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def z(members):
    b = io.BytesIO()
    with zipfile.ZipFile(b, 'w') as zf:   # stored: mutations reach the XML directly
        for n, d in members:
            zf.writestr(zipfile.ZipInfo(n, TS), d)
    return b.getvalue()


put('ooxml', 'xlsx', z([
    ('xl/workbook.xml', '<workbook %s><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>' % NS),
    ('xl/_rels/workbook.xml.rels', '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>'),
    ('xl/sharedStrings.xml', '<sst %s><si><t>姓名</t></si><si><r><t>a</t></r><rPh><t>b</t></rPh></si></sst>' % NS),
    ('xl/worksheets/sheet1.xml', '<worksheet %s><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c>'
     '<c r="B1" t="inlineStr"><is><t>x</t></is></c><c t="b"><v>1</v></c></row><row><c><v>2</v></c></row>'
     '</sheetData></worksheet>' % NS)]))
put('ooxml', 'docx', z([('word/document.xml',
    '<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>hi</w:t><w:tab/><w:br/></w:r></w:p><w:tbl><w:tr><w:tc>'
    '<w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc><w:tc/></w:tr></w:tbl></w:body></w:document>')]))
