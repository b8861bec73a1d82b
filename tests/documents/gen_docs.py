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

# ---- subdocuments (issue 11): parts beside the body, as Word, PowerPoint and Excel write them -----
RELS = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"'
OD = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
WNS = (W + ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
       'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
       'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
       'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
       'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       'xmlns:v="urn:schemas-microsoft-com:vml" mc:Ignorable="w14 wp14"')
XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def relset(items):
    """items: (Id, type (last segment or full URI), target[, 'External'])"""
    out = []
    for it in items:
        t = it[1] if '://' in it[1] else OD + it[1]
        mode = ' TargetMode="External"' if len(it) > 3 else ''
        out.append('<Relationship Id="%s" Type="%s" Target="%s"%s/>' % (it[0], t, it[2], mode))
    return XML + '<Relationships %s>%s</Relationships>' % (RELS, ''.join(out))


def wpart(root, inner):
    return XML + '<w:%s %s>%s</w:%s>' % (root, WNS, inner, root)


def textbox(t):
    """A Word 2010+ text box: the DrawingML shape in mc:Choice, the VML copy in mc:Fallback."""
    txbx = '<w:txbxContent>%s</w:txbxContent>' % para(run(t))
    return ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData '
            'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx>%s</wps:txbx>'
            '</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>'
            '<v:shape><v:textbox>%s</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>'
            % (txbx, txbx))


sep = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
       '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>')
doc_body = (para(run('Main text'), '<w:commentRangeStart w:id="0"/>', run(' with a note'),
                 '<w:r><w:footnoteReference w:id="1"/></w:r>', '<w:commentRangeEnd w:id="0"/>',
                 '<w:r><w:commentReference w:id="0"/></w:r>') +
            para(run('Before '), textbox('Box text'), run('after')) +
            '<w:sectPr><w:headerReference w:type="default" r:id="rId8"/><w:headerReference w:type="first" r:id="rId9"/>'
            '<w:footerReference w:type="default" r:id="rId10"/><w:footerReference w:type="first" r:id="rId13"/></w:sectPr>')
doc_rels = relset([('rId1', 'styles', 'styles.xml'), ('rId6', 'footnotes', 'footnotes.xml'),
                   ('rId7', 'endnotes', 'endnotes.xml'), ('rId9', 'header', 'header2.xml'),
                   ('rId8', 'header', 'header1.xml'), ('rId10', 'footer', 'footer1.xml'),
                   ('rId13', 'footer', 'footer2.xml'),   # named but absent: one warning
                   ('rId11', 'comments', 'comments.xml'),
                   ('rId12', 'hyperlink', 'https://example.invalid/x', 'External')])
subdoc = [
    ('[Content_Types].xml', CT),
    ('_rels/.rels', relset([('rId1', 'officeDocument', 'word/document.xml')])),
    ('word/document.xml', wpart('document', '<w:body>%s</w:body>' % doc_body)),
    ('word/_rels/document.xml.rels', doc_rels),
    ('word/footnotes.xml', wpart('footnotes', sep + '<w:footnote w:id="1">' + para(run('Foot one')) +
                                 para(run('Foot one, second paragraph')) + '</w:footnote>')),
    ('word/endnotes.xml', wpart('endnotes', sep.replace('footnote', 'endnote') + '<w:endnote w:id="1">' +
                                para(run('End one')) + '</w:endnote>')),
    ('word/header2.xml', wpart('hdr', para(run('First page header')))),
    ('word/header1.xml', wpart('hdr', para(run('CONFIDENTIAL')) + '<w:tbl><w:tr>' + tc(para(run('Team')), ) +
                               tc(para(run('B7'))) + '</w:tr></w:tbl>' + para(run('Boxed: '), textbox('HDR box')))),
    ('word/footer1.xml', wpart('ftr', para(run('Page '), '<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))),
    ('word/comments.xml', wpart('comments', '<w:comment w:id="0" w:author="Boss" w:date="2024-01-02T03:04:00Z" w:initials="B">' +
                                para('<w:r><w:annotationRef/></w:r>', run('Call the client')) + para(run('tomorrow')) +
                                '</w:comment><w:comment w:id="1" w:author="Li">' + para(run('ok')) + '</w:comment>')),
]
write_zip('subdoc.docx', subdoc)
# the same with header1.xml cut short: one warning, the body and the other parts still read
write_zip('badpart.docx', [(n, d[:200] if n == 'word/header1.xml' else d) for n, d in subdoc])

# notes.pptx: slide 1 with speaker notes (slide image, body, slide number placeholders) and legacy
# comments; slide 2 with notes and a modern comment with a reply (PowerPoint 365).
PNS = ('xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
       'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"')


def psp(ph, *paras):
    nv = '<p:nvSpPr><p:cNvPr id="2" name="s"/><p:cNvSpPr/><p:nvPr>%s</p:nvPr></p:nvSpPr>' % (
        '<p:ph type="%s"/>' % ph if ph else '')
    body = '<p:txBody><a:bodyPr/>%s</p:txBody>' % ''.join(
        '<a:p><a:r><a:t>%s</a:t></a:r></a:p>' % esc(t) for t in paras) if paras else ''
    return '<p:sp>%s<p:spPr/>%s</p:sp>' % (nv, body)


def pslide(root, shapes):
    return XML + '<p:%s %s><p:cSld><p:spTree>%s</p:spTree></p:cSld></p:%s>' % (root, PNS, ''.join(shapes), root)


P188 = 'http://schemas.microsoft.com/office/2018/10/relationships/comments'
write_zip('notes.pptx', [
    ('[Content_Types].xml', CT),
    ('ppt/presentation.xml', XML + '<p:presentation %s><p:sldIdLst><p:sldId id="256" r:id="rId2"/>'
                             '<p:sldId id="257" r:id="rId3"/></p:sldIdLst></p:presentation>' % PNS),
    ('ppt/_rels/presentation.xml.rels', relset([('rId2', 'slide', 'slides/slide1.xml'),
                                                ('rId3', 'slide', 'slides/slide2.xml')])),
    ('ppt/slides/slide1.xml', pslide('sld', [psp('title', 'Welcome'), psp('sldNum', '1')])),
    ('ppt/slides/slide2.xml', pslide('sld', [psp('title', 'Invest')])),
    ('ppt/slides/_rels/slide1.xml.rels', relset([('rId1', 'slideLayout', '../slideLayouts/slideLayout1.xml'),
                                                 ('rId2', 'notesSlide', '../notesSlides/notesSlide1.xml'),
                                                 ('rId3', 'comments', '../comments/comment1.xml')])),
    ('ppt/slides/_rels/slide2.xml.rels', relset([('rId2', 'notesSlide', '/ppt/notesSlides/notesSlide2.xml'),
                                                 ('rId3', P188, '../comments/modernComment_101_5F1A.xml')])),
    ('ppt/notesSlides/notesSlide1.xml', pslide('notes', [psp('sldImg'), psp('body', 'Say hello', 'Ask about money'),
                                                         psp('sldNum', '1'), psp('dt', '2024-01-02')])),
    ('ppt/notesSlides/notesSlide2.xml', pslide('notes', [psp('body', 'Promise 30% a month')])),
    ('ppt/comments/comment1.xml', XML + '<p:cmLst %s><p:cm authorId="0" dt="2024-01-02T03:04:05" idx="1">'
                                  '<p:pos x="10" y="10"/><p:text>Too direct</p:text></p:cm></p:cmLst>' % PNS),
    ('ppt/comments/modernComment_101_5F1A.xml',
     XML + '<p188:cmLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
     'xmlns:p188="http://schemas.microsoft.com/office/powerpoint/2018/8/main"><p188:cm id="{A}" authorId="{B}" '
     'created="2024-01-02T03:04:05.000"><p188:replyLst><p188:reply id="{C}" authorId="{D}" created="2024-01-02T04:00:00.000">'
     '<p188:txBody><a:bodyPr/><a:p><a:r><a:t>Agreed</a:t></a:r></a:p></p188:txBody></p188:reply></p188:replyLst>'
     '<p188:txBody><a:bodyPr/><a:p><a:r><a:t>Add the USDT address</a:t></a:r></a:p></p188:txBody></p188:cm></p188:cmLst>'),
])

# notes.xlsx: a note on B2, a threaded comment on A1 with a reply, and Excel's legacy copy of the thread.
XTC = 'http://schemas.microsoft.com/office/2017/10/relationships/threadedComment'
write_zip('notes.xlsx', [
    ('[Content_Types].xml', CT),
    ('xl/workbook.xml', workbook(['Roster'])),
    ('xl/_rels/workbook.xml.rels', rels(['worksheets/sheet1.xml'])),
    ('xl/worksheets/sheet1.xml', sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row>')),
    ('xl/worksheets/_rels/sheet1.xml.rels', relset([('rId1', 'vmlDrawing', '../drawings/vmlDrawing1.vml'),
                                                    ('rId2', 'comments', '../comments1.xml'),
                                                    ('rId3', XTC, '../threadedComments/threadedComment1.xml')])),
    ('xl/comments1.xml', XML + '<comments %s><authors><author>tc={X}</author><author>Boss</author></authors><commentList>'
     '<comment ref="A1" authorId="0"><text><t>[Threaded comment]\n\nYour version of Excel allows you to read this '
     'threaded comment; however, any edits to it will get removed if the file is opened in a newer version of Excel.'
     '\n\nComment:\n    first thread</t></text></comment>'
     '<comment ref="B2" authorId="1"><text><r><rPr><b/></rPr><t>Boss:</t></r><r><t xml:space="preserve">\nPaid 500</t></r>'
     '<rPh sb="0" eb="1"><t>PH</t></rPh></text></comment></commentList></comments>' % NS),
    ('xl/threadedComments/threadedComment1.xml',
     XML + '<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">'
     '<threadedComment ref="A1" dT="2024-01-02T03:04:05.00" personId="{P}" id="{T1}"><text>first thread</text></threadedComment>'
     '<threadedComment ref="A1" dT="2024-01-02T03:05:05.00" personId="{P}" id="{T2}" parentId="{T1}"><text>a reply</text>'
     '</threadedComment></ThreadedComments>'),
])

# evidence for e2e_documents.sh: markers in a DOCX footnote and comment, PPTX speaker notes, an XLSX
# cell comment and the body of a flat ODF text (paths "footnotes paragraphs 1-1", "slide 1 notes ...")
write_zip('letter2.docx', [
    ('word/document.xml', wpart('document', '<w:body>%s</w:body>' % para(run('see note')))),
    ('word/_rels/document.xml.rels', relset([('rId1', 'footnotes', 'footnotes.xml'), ('rId2', 'comments', 'comments.xml')])),
    ('word/footnotes.xml', wpart('footnotes', sep + '<w:footnote w:id="1">' + para(run('MARKER-DOCX-FOOT')) + '</w:footnote>')),
    ('word/comments.xml', wpart('comments', '<w:comment w:id="0" w:author="A">' + para(run('see MARKER-DOCX-CMT')) +
                                '</w:comment>')),
], EV)
write_zip('talk.pptx', [
    ('ppt/presentation.xml', XML + '<p:presentation %s><p:sldIdLst><p:sldId id="256" r:id="rId2"/></p:sldIdLst>'
                             '</p:presentation>' % PNS),
    ('ppt/_rels/presentation.xml.rels', relset([('rId2', 'slide', 'slides/slide1.xml')])),
    ('ppt/slides/slide1.xml', pslide('sld', [psp('title', 'intro')])),
    ('ppt/slides/_rels/slide1.xml.rels', relset([('rId2', 'notesSlide', '../notesSlides/notesSlide1.xml')])),
    ('ppt/notesSlides/notesSlide1.xml', pslide('notes', [psp('body', 'MARKER-PPTX-NOTES')])),
], EV)
write_zip('noted.xlsx', [
    ('xl/workbook.xml', workbook(['S'])),
    ('xl/_rels/workbook.xml.rels', rels(['worksheets/sheet1.xml'])),
    ('xl/worksheets/sheet1.xml', sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>n</t></is></c></row>')),
    ('xl/worksheets/_rels/sheet1.xml.rels', relset([('rId1', 'comments', '../comments1.xml')])),
    ('xl/comments1.xml', XML + '<comments %s><authors><author>a</author></authors><commentList><comment ref="C3" '
     'authorId="0"><text><t>MARKER-XLSX-NOTE</t></text></comment></commentList></comments>' % NS),
], EV)
with open(os.path.join(EV, 'flat.fodt'), 'w', encoding='utf-8') as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<office:document xmlns:office="urn:oasis:names:tc:opendocument:'
            'xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3" '
            'office:mimetype="application/vnd.oasis.opendocument.text"><office:body><office:text>'
            '<text:p>MARKER-FODT</text:p></office:text></office:body></office:document>')

# reversed.pptx: 400 slides whose notes are stored in reverse order (no forward cursor follows them):
# the cursor walking is budgeted, the later notes are skipped with one warning, every slide is read.
N = 400
write_zip('reversed.pptx', [
    ('ppt/presentation.xml', XML + '<p:presentation %s><p:sldIdLst>%s</p:sldIdLst></p:presentation>' % (
        PNS, ''.join('<p:sldId id="%d" r:id="rId%d"/>' % (255 + i, i) for i in range(1, N + 1)))),
    ('ppt/_rels/presentation.xml.rels', relset([('rId%d' % i, 'slide', 'slides/slide%d.xml' % i) for i in range(1, N + 1)]))] +
    [('ppt/slides/_rels/slide%d.xml.rels' % i, relset([('rId1', 'notesSlide', '../notesSlides/notesSlide%d.xml' % i)]))
     for i in range(1, N + 1)] +
    [('ppt/slides/slide%d.xml' % i, pslide('sld', [psp('title', 's%d' % i)])) for i in range(1, N + 1)] +
    [('ppt/notesSlides/notesSlide%d.xml' % i, pslide('notes', [psp('body', 'n%d' % i)])) for i in range(N, 0, -1)])

# badrels.pptx: notes.pptx with slide 1's relationships cut short: one warning, both slides read
with zipfile.ZipFile(os.path.join(OUT, 'notes.pptx')) as zin:
    write_zip('badrels.pptx', [(i.filename, zin.read(i.filename)[:150] if i.filename == 'ppt/slides/_rels/slide1.xml.rels'
                                else zin.read(i.filename)) for i in zin.infolist()])
