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

# subdocuments: relationships to a header, footnotes, comments; a slide with notes and comments; cell comments
R = '<Relationships>%s</Relationships>'
rel = lambda i, t, tg: '<Relationship Id="%s" Type="http://x/%s" Target="%s"/>' % (i, t, tg)
W = 'xmlns:w="w" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
put('ooxml', 'docx_sub', z([
    ('word/document.xml', '<w:document %s><w:body><w:p><w:r><w:t>b</w:t></w:r><w:r><mc:AlternateContent><mc:Choice>'
     '<w:txbxContent><w:p><w:r><w:t>t</w:t></w:r></w:p></w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent>'
     '<w:p><w:r><w:t>t</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r></w:p></w:body>'
     '</w:document>' % W),
    ('word/_rels/document.xml.rels', R % (rel('r1', 'header', 'header1.xml') + rel('r2', 'footnotes', '../word/./footnotes.xml') +
                                          rel('r3', 'comments', '/word/comments.xml') + rel('r4', 'footer', 'none.xml'))),
    ('word/header1.xml', '<w:hdr %s><w:p><w:r><w:t>h</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>c</w:t></w:r>'
     '</w:p></w:tc></w:tr></w:tbl></w:hdr>' % W),
    ('word/footnotes.xml', '<w:footnotes %s><w:footnote w:type="separator"><w:p/></w:footnote><w:footnote><w:p><w:r>'
     '<w:t>f</w:t></w:r></w:p></w:footnote></w:footnotes>' % W),
    ('word/comments.xml', '<w:comments %s><w:comment><w:p><w:r><w:t>c</w:t></w:r></w:p><w:p/></w:comment></w:comments>' % W)]))
put('ooxml', 'pptx_sub', z([
    ('ppt/presentation.xml', '<p:presentation xmlns:p="p" xmlns:r="%s"><p:sldIdLst><p:sldId r:id="r1"/></p:sldIdLst>'
     '</p:presentation>' % 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'),
    ('ppt/_rels/presentation.xml.rels', R % rel('r1', 'slide', 'slides/slide1.xml')),
    ('ppt/slides/slide1.xml', '<p:sld xmlns:p="p" xmlns:a="a"><a:p><a:r><a:t>s</a:t></a:r></a:p></p:sld>'),
    ('ppt/slides/_rels/slide1.xml.rels', R % (rel('r1', 'notesSlide', '../notesSlides/n1.xml') +
                                              rel('r2', 'comments', '../comments/c1.xml'))),
    ('ppt/notesSlides/n1.xml', '<p:notes xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:a="a">'
     '<p:sp><p:nvSpPr><p:nvPr><p:ph type="sldNum"/></p:nvPr></p:nvSpPr><a:p><a:r><a:t>1</a:t></a:r></a:p></p:sp>'
     '<p:sp><a:p><a:r><a:t>n</a:t></a:r></a:p></p:sp></p:notes>'),
    ('ppt/comments/c1.xml', '<cmLst><cm><text>c</text></cm><cm><replyLst><reply><a:p xmlns:a="a"><a:t>r</a:t></a:p>'
     '</reply></replyLst><txBody><a:p xmlns:a="a"><a:t>m</a:t></a:p></txBody></cm></cmLst>')]))
put('ooxml', 'xlsx_sub', z([
    ('xl/workbook.xml', '<workbook %s><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>' % NS),
    ('xl/_rels/workbook.xml.rels', R % rel('rId1', 'worksheet', 'worksheets/sheet1.xml')),
    ('xl/worksheets/sheet1.xml', '<worksheet %s><sheetData/></worksheet>' % NS),
    ('xl/worksheets/_rels/sheet1.xml.rels', R % (rel('r1', 'comments', '../comments1.xml') +
                                                 rel('r2', 'threadedComment', '../tc/t1.xml'))),
    ('xl/comments1.xml', '<comments><commentList><comment ref="A1"><text><t>legacy copy</t></text></comment>'
     '<comment ref="B2"><text><r><t>n</t></r></text></comment></commentList></comments>'),
    ('xl/tc/t1.xml', '<ThreadedComments><threadedComment ref="A1"><text>t</text></threadedComment></ThreadedComments>')]))
