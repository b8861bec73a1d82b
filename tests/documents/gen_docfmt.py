#!/usr/bin/env python3
"""gen_docfmt.py OUTDIR - writes the fixtures of the second batch of document formats (ODS/ODT/ODP,
PPTX, RTF, HTML, PDF, notes databases) for test_docfmt and e2e_docfmt.sh. Deterministic: fixed zip
timestamps and member order, real package structure (ODF: 'mimetype' first and stored, manifest)."""
import json
import os
import struct
import sys
import zipfile

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)
EV = os.path.join(OUT, 'evidence')
os.makedirs(EV, exist_ok=True)
TS = (2024, 1, 2, 3, 4, 6)
BTC = '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2'          # well-known valid P2PKH (Bitcoin wiki)
TRX = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t'          # USDT-TRC20 contract address, valid base58check


def write_zip(path, members):
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, data, *stored in members:
            zi = zipfile.ZipInfo(name, TS)
            zi.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            z.writestr(zi, data.encode('utf-8') if isinstance(data, str) else data)


ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
          'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/" '
          'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" office:version="1.3"')
MIME = {'ods': 'application/vnd.oasis.opendocument.spreadsheet',
        'odt': 'application/vnd.oasis.opendocument.text',
        'odp': 'application/vnd.oasis.opendocument.presentation'}


def odf(path, kind, body, content=None, encrypted=False, styles=None):
    ext = path.rsplit('.', 1)[1]
    enc = ('<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="AAAA">'
           '<manifest:algorithm manifest:algorithm-name="Blowfish CFB" manifest:initialisation-vector="AAAA"/>'
           '</manifest:encryption-data>') if encrypted else ''
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest %s>'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="%s"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">%s'
                '</manifest:file-entry></manifest:manifest>' % (ODF_NS, MIME[ext], enc))
    if content is None:
        content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content %s>'
                   '<office:font-face-decls/><office:automatic-styles><style:style style:name="P1"/>'
                   '</office:automatic-styles><office:body><office:%s>%s</office:%s></office:body>'
                   '</office:document-content>' % (ODF_NS, kind, body, kind))
    write_zip(path, [('mimetype', MIME[ext], 'stored'), ('content.xml', content),
                     ('styles.xml', styles if styles is not None else '<office:document-styles %s/>' % ODF_NS),
                     ('META-INF/manifest.xml', manifest)])


def cell(text=None, rep=None, vt=None, **attrs):
    a = ''
    if rep:
        a += ' table:number-columns-repeated="%d"' % rep
    if vt:
        a += ' office:value-type="%s"' % vt
    for k, v in attrs.items():
        a += ' office:%s="%s"' % (k.replace('_', '-'), v)
    if text is None:
        return '<table:table-cell%s/>' % a
    return '<table:table-cell%s>%s</table:table-cell>' % (a, text)


def row(cells, rep=None):
    return '<table:table-row%s>%s</table:table-row>' % (
        ' table:number-rows-repeated="%d"' % rep if rep else '', ''.join(cells))


P = lambda t: '<text:p>%s</text:p>' % t

# roster.ods: values vs display text, white space rules, repeats (non-empty expanded, empty skipped),
# an annotation (read after the sheet), a far column, the normal huge trailing empty repeat, an empty 2nd sheet.
ods_body = ('<table:table table:name="客户">'
            '<table:table-column table:number-columns-repeated="16384"/>' +
            row([cell(P('姓名'), vt='string'), cell(P('电话')), cell(P('金额')), cell(P('日期')), cell(P('已付'))]) +
            row([cell(P('  张 <text:span>三</text:span>\n  '), vt='string'),
                 cell(P('8.61E+12'), vt='float', value='8613800138000'),
                 cell(P('$1,234.50'), vt='currency', value='1234.5', currency='USD'),
                 cell(P('05/01/24'), vt='date', date_value='2024-01-05'),
                 cell(P('TRUE'), vt='boolean', boolean_value='true'),
                 cell(P('a<text:s text:c="3"/>b<text:tab/>c<text:line-break/>d')),
                 cell('<office:annotation><dc:creator>x</dc:creator><text:p>NOTE</text:p></office:annotation>' +
                      P('p1') + P('p2')),
                 '<table:covered-table-cell/>', cell(P('after covered'))]) +
            row([cell(rep=2), cell(P('x'), rep=3, vt='string')], rep=2) +
            row([cell(rep=1024)], rep=1000) +
            row([cell(P('tail')), cell(rep=16000), cell(P('far'))]) +
            row([cell(rep=16384)], rep=1048576) +
            '</table:table><table:table table:name="Staff">' + row([cell(rep=1024)], rep=1048576) +
            '</table:table>')
odf(os.path.join(OUT, 'roster.ods'), 'spreadsheet', ods_body)

# letter.odt: heading, white space, list, tracked deletion (not read), footnote, empty paragraph,
# a table with a nested table, paragraphs after it.
odt_body = ('<text:tracked-changes><text:changed-region text:id="c1"><text:deletion><text:p>DELETED</text:p>'
            '</text:deletion></text:changed-region></text:tracked-changes>'
            '<text:sequence-decls><text:sequence-decl text:display-outline-level="0" text:name="Table"/></text:sequence-decls>'
            '<text:h text:outline-level="1">Báo cáo</text:h>'
            '<text:p>body<text:note text:id="n1" text:note-class="footnote"><text:note-citation>1</text:note-citation>'
            '<text:note-body><text:p>foot</text:p></text:note-body></text:note> end<text:s/></text:p>'
            '<text:list><text:list-item><text:p>one</text:p></text:list-item><text:list-item><text:p>two</text:p>'
            '</text:list-item></text:list><text:p/>'
            '<table:table table:name="Table1"><table:table-column table:number-columns-repeated="2"/>' +
            row([cell(P('h1')), cell(P('h2'))]) +
            row([cell(P('a') + P('b')), cell('<table:table table:name="In">' + row([cell(P('inner'))]) +
                                             '</table:table>' + P('after'))]) +
            '</table:table>' + P('end'))
odf(os.path.join(OUT, 'letter.odt'), 'text', odt_body)

# slides.odp: two pages, frames with text boxes, notes, a table on page 2.
frame = lambda t: '<draw:frame><draw:text-box>%s</draw:text-box></draw:frame>' % t
odp_body = ('<draw:page draw:name="Intro">' + frame(P('Welcome') + P('line2')) +
            '<presentation:notes><draw:page-thumbnail/>' + frame(P('speaker note')) + '</presentation:notes></draw:page>'
            '<draw:page draw:name="page2">' + frame(P('Prices')) +
            '<draw:frame><table:table>' + row([cell(P('k')), cell(P('v'))]) + '</table:table></draw:frame>' +
            frame(P('bye')) + '</draw:page>')
odf(os.path.join(OUT, 'slides.odp'), 'presentation', odp_body)

# ---- subdocuments (issue 11): comments, headers and footers, speaker notes; flat ODF -------------
# memo.odt: a comment inside a paragraph (author and date left out, two paragraphs), one in a table
# cell, headers/footers of two master pages in styles.xml (a table in a footer, a hidden empty left
# header, a first-page header), as LibreOffice writes them.
ANN = ('<office:annotation office:name="__Annotation__1"><dc:creator>Boss</dc:creator><dc:date>2024-01-02T03:04:05'
       '</dc:date><text:p>Check the</text:p><text:p>passport<text:s/>list</text:p></office:annotation>')
memo_body = ('<text:p>Before' + ANN + ' after<office:annotation-end office:name="__Annotation__1"/></text:p>'
             '<table:table table:name="T">' + row([cell(P('c1') + '<office:annotation><dc:creator>x</dc:creator>'
                                                     '<text:p>in cell</text:p></office:annotation>')]) + '</table:table>' +
             P('end'))
MASTER = ('<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">'
          '<style:header><text:p>Company <text:span>HEADER</text:span></text:p></style:header>'
          '<style:header-left style:display="false"/>'
          '<style:footer><table:table table:name="F">' + row([cell(P('ft1')), cell(P('ft2'))]) + '</table:table>'
          '<text:p>Page <text:page-number text:select-page="current">1</text:page-number></text:p></style:footer>'
          '</style:master-page><style:master-page style:name="First">'
          '<style:header-first><text:p>First page only</text:p></style:header-first></style:master-page>'
          '</office:master-styles>')
STYLES = ('<?xml version="1.0" encoding="UTF-8"?><office:document-styles %s><office:styles><style:style '
          'style:name="Standard"/></office:styles><office:automatic-styles/>%s</office:document-styles>' % (ODF_NS, MASTER))
odf(os.path.join(OUT, 'memo.odt'), 'text', memo_body, styles=STYLES)
odf(os.path.join(OUT, 'badstyles.odt'), 'text', memo_body, styles=STYLES[:400])
# the same document as flat ODF: master styles come before the body in the one file
with open(os.path.join(OUT, 'memo.fodt'), 'w', encoding='utf-8') as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<office:document %s office:mimetype="%s"><office:meta/>'
            '<office:font-face-decls/><office:styles/><office:automatic-styles/>%s<office:body><office:text>%s'
            '</office:text></office:body></office:document>' % (ODF_NS, MIME['odt'], MASTER, memo_body))
with open(os.path.join(OUT, 'other.xml'), 'w', encoding='utf-8') as f:   # ODF namespace, not a flat document
    f.write('<?xml version="1.0"?><office:document-content %s><office:body><office:text><text:p>x</text:p>'
            '</office:text></office:body></office:document-content>' % ODF_NS)
# talk.odp: a LibreOffice Impress comment (officeooo:annotation) on page 1, notes on page 1
OOO = 'xmlns:officeooo="http://openoffice.org/2009/office"'
talk_body = ('<draw:page draw:name="p1">' + frame(P('Hello')) +
             '<officeooo:annotation %s><dc:creator>x</dc:creator><text:p>Slide comment</text:p></officeooo:annotation>'
             % OOO + '<presentation:notes>' + frame(P('Notes text')) + '</presentation:notes></draw:page>'
             '<draw:page draw:name="p2">' + frame(P('Bye')) + '</draw:page>')
odf(os.path.join(OUT, 'talk.odp'), 'presentation', talk_body)

# hostile ODF
odf(os.path.join(OUT, 'repeat.ods'), 'spreadsheet',
    '<table:table table:name="R">' + row([cell(P('x'), rep=16384)], rep=1048576) + '</table:table>')
odf(os.path.join(OUT, 'encrypted.ods'), 'spreadsheet', '', encrypted=True)
lol = '<!DOCTYPE lolz [<!ENTITY lol "lol">' + ''.join(
    '<!ENTITY lol%d "%s">' % (i, ('&lol%d;' % (i - 1) if i > 1 else '&lol;') * 10) for i in range(1, 10)) + ']>'
odf(os.path.join(OUT, 'laughs.ods'), 'spreadsheet', None,
    content='<?xml version="1.0"?>' + lol + '<office:document-content %s><office:body><office:spreadsheet>'
    '<table:table table:name="L">' % ODF_NS + row([cell(P('&lol9;'))]) +
    '</table:table></office:spreadsheet></office:body></office:document-content>')
odf(os.path.join(OUT, 'bomb.ods'), 'spreadsheet',
    '<table:table table:name="B">' + row([cell(P('before'))]) + ('<x>' + ' ' * (1 << 20) + '</x>') * 64 +
    '</table:table>')

# deck.pptx: presentation order rId3 (slide2.xml) then rId2 (slide1.xml); zip order slide1, slide2.
A = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
PNS = ('xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ' + A)


def sld(shapes):
    return ('<?xml version="1.0" encoding="UTF-8"?><p:sld %s><p:cSld><p:spTree>%s</p:spTree></p:cSld></p:sld>'
            % (PNS, shapes))


def sp(*paras):
    return '<p:sp><p:txBody><a:bodyPr/><a:lstStyle/>%s</p:txBody></p:sp>' % ''.join(paras)


def ap(*runs):
    return '<a:p><a:pPr><a:tabLst><a:tab pos="0" algn="l"/></a:tabLst></a:pPr>%s</a:p>' % ''.join(runs)


ar = lambda t: '<a:r><a:rPr lang="en-US"/><a:t>%s</a:t></a:r>' % t
atc = lambda t: '<a:tc><a:txBody><a:bodyPr/>%s</a:txBody></a:tc>' % ap(ar(t))
pres_rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
             '2006/relationships"><Relationship Id="rId1" Type="x/slideMaster" Target="slideMasters/slideMaster1.xml"/>'
             '<Relationship Id="rId2" Type="x/slide" Target="slides/slide1.xml"/>'
             '<Relationship Id="rId3" Type="x/slide" Target="slides/slide2.xml"/></Relationships>')
pres = ('<?xml version="1.0" encoding="UTF-8"?><p:presentation %s><p:sldMasterIdLst><p:sldMasterId id="2147483648" '
        'r:id="rId1"/></p:sldMasterIdLst><p:sldIdLst><p:sldId id="256" r:id="rId3"/><p:sldId id="257" r:id="rId2"/>'
        '</p:sldIdLst></p:presentation>' % PNS)
write_zip(os.path.join(OUT, 'deck.pptx'), [
    ('[Content_Types].xml', '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    ('ppt/presentation.xml', pres), ('ppt/_rels/presentation.xml.rels', pres_rels),
    ('ppt/slides/slide1.xml', sld(sp(ap(ar('Second'), '<a:br/>', ar('slide'))) +
                                  '<p:graphicFrame><a:graphic><a:graphicData><a:tbl><a:tr>' + atc('c1') + atc('c2') +
                                  '</a:tr><a:tr>' + atc('d1') + atc('d2') + '</a:tr></a:tbl></a:graphicData></a:graphic>'
                                  '</p:graphicFrame>' + sp(ap(ar('end'))))),
    ('ppt/slides/slide2.xml', sld(sp(ap(ar('Title ')), ap(), ap(ar('two '), ar('runs'))))),
    ('ppt/slideMasters/slideMaster1.xml', '<p:sldMaster %s><a:t>MASTER</a:t></p:sldMaster>' % PNS),
])

# relnotes.pptx: slide1.xml named by two presentation relationships, the first (rId4) not in
# p:sldIdLst; its notes named three times (notesSlide10, notesSlide2 twice): each notes part once, in
# natural order (2 before 10)
NOTES_T = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/notesSlide'
write_zip(os.path.join(OUT, 'relnotes.pptx'), [
    ('[Content_Types].xml', '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    ('ppt/presentation.xml', '<?xml version="1.0" encoding="UTF-8"?><p:presentation %s><p:sldIdLst>'
     '<p:sldId id="256" r:id="rId2"/></p:sldIdLst></p:presentation>' % PNS),
    ('ppt/_rels/presentation.xml.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://'
     'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId4" Type="x/slide" '
     'Target="slides/slide1.xml"/><Relationship Id="rId2" Type="x/slide" Target="slides/slide1.xml"/>'
     '</Relationships>'),
    ('ppt/slides/slide1.xml', sld(sp(ap(ar('S'))))),
    ('ppt/slides/_rels/slide1.xml.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://'
     'schemas.openxmlformats.org/package/2006/relationships">'
     '<Relationship Id="rId1" Type="%s" Target="../notesSlides/notesSlide10.xml"/>'
     '<Relationship Id="rId2" Type="%s" Target="../notesSlides/notesSlide2.xml"/>'
     '<Relationship Id="rId3" Type="%s" Target="/ppt/notesSlides/notesSlide2.xml"/></Relationships>'
     % (NOTES_T, NOTES_T, NOTES_T)),
    ('ppt/notesSlides/notesSlide2.xml', '<p:notes %s><p:cSld><p:spTree>%s</p:spTree></p:cSld></p:notes>'
     % (PNS, sp(ap(ar('two'))))),
    ('ppt/notesSlides/notesSlide10.xml', '<p:notes %s><p:cSld><p:spTree>%s</p:spTree></p:cSld></p:notes>'
     % (PNS, sp(ap(ar('ten'))))),
])

# ---- evidence for e2e_docfmt.sh: each file carries a BTC and a TRON address and a marker ----------
odf(os.path.join(EV, 'wallets.ods'), 'spreadsheet',
    '<table:table table:name="钱包">' + row([cell(P('name')), cell(P('addr'))]) +
    row([cell(P('MARKER-ODS')), cell(P(BTC))]) + row([cell(P('tron')), cell(P(TRX))]) + '</table:table>')
odf(os.path.join(EV, 'memo.odt'), 'text', P('MARKER-ODT') + P('pay to ' + BTC) + P('or ' + TRX))
odf(os.path.join(EV, 'pitch.odp'), 'presentation',
    '<draw:page draw:name="a">' + frame(P('hello')) + '</draw:page><draw:page draw:name="b">' +
    frame(P('MARKER-ODP') + P(BTC + ' ' + TRX)) + '</draw:page>')
write_zip(os.path.join(EV, 'pitch.pptx'), [
    ('ppt/presentation.xml', pres), ('ppt/_rels/presentation.xml.rels', pres_rels),
    ('ppt/slides/slide1.xml', sld(sp(ap(ar('MARKER-PPTX')), ap(ar(BTC)), ap(ar(TRX))))),
    ('ppt/slides/slide2.xml', sld(sp(ap(ar('cover'))))),
])
odf(os.path.join(EV, 'locked.ods'), 'spreadsheet', '', encrypted=True)

# ---- RTF ---------------------------------------------------------------------------------------
# cp936 via \fcharset134 (\ansicpg936 too), \uN with \uc1 fallbacks, a surrogate pair, Thai via
# \fcharset222, skipped destinations (font table, colours, info, generator, field instruction),
# \tab \line, escaped braces/backslash, a table of two rows.
RTF = (r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fnil\fcharset134 \'cb\'ce\'cc\'e5;}{\f1\fswiss\fcharset0 Arial;}"
       r"{\f2\fnil\fcharset222 Tahoma;}}" "\r\n"
       r"{\colortbl ;\red255\green0\blue0;}{\*\generator Riched20 10.0.19041}{\info{\title SECRET}{\author X}}" "\r\n"
       r"\viewkind4\uc1\pard\fs22\'d5\'c5\'c8\'fd\f1  phone 138\par" "\r\n"
       r"\u20320?\u22909?\tab done\line next\par" "\r\n"
       r"{\*\bkmkstart x}{\field{\*\fldinst HYPERLINK \"http://x\"}{\fldrslt link text}}\par" "\r\n"
       r"\u-10179?\u-8704?\par" "\r\n"
       r"{\f2\'ca\'c7\'d1\'ca\'b4\'d5}\par" "\r\n"
       r"\trowd\cellx1000\cellx2000\pard\intbl A1\cell B1\cell\row" "\r\n"
       r"\trowd\cellx1000\cellx2000\pard\intbl A2\par second\cell\cell\row" "\r\n"
       r"\pard after table \{x\} \\\par" "\r\n}")
with open(os.path.join(OUT, 'letter.rtf'), 'wb') as f:
    f.write(RTF.encode('ascii'))
with open(os.path.join(OUT, 'deep.rtf'), 'wb') as f:   # 100,000 nested groups
    f.write(b'{\\rtf1 ' + b'{' * 100000 + b'deep' + b'}' * 100000 + b'\\par}')

# ---- HTML in GB18030 (declared gb2312) -------------------------------------------------------------
HTML = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>客户名单</title>'
        '<style>p{color:red}</style><script>var x="SCRIPT";</script></head>\n<body><h1>名单</h1>'
        '<p>张三   电话<br>13800138000</p><div>a<span>b</span></div>\n'
        '<table><tr><th>姓名</th><th colspan="2">地址</th><th>备注</th></tr>\n<tr><td>李四</td><td>x</td><td>y</td>'
        '<td><p>one</p><p>two</p></td></tr></table>\n<pre>  keep   spaces\nline2</pre><!-- comment -->'
        '<p>end &amp; &lt;ok&gt;</p></body></html>\n')
with open(os.path.join(OUT, 'page.html'), 'wb') as f:
    f.write(HTML.encode('gb18030'))
with open(os.path.join(OUT, 'deep.html'), 'wb') as f:
    f.write(b'<html><body>' + b'<div>' * 100000 + b'deep' + b'</div>' * 100000 + b'</body></html>')


# ---- PDF: a minimal writer (Helvetica, one text object per line) --------------------------------
PAD = bytes.fromhex('28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A')


def rc4(key, data):
    S, j = list(range(256)), 0
    for i in range(256):
        j = (j + S[i] + key[i % len(key)]) % 256
        S[i], S[j] = S[j], S[i]
    out, i, j = bytearray(), 0, 0
    for b in data:
        i = (i + 1) % 256
        j = (j + S[i]) % 256
        S[i], S[j] = S[j], S[i]
        out.append(b ^ S[(S[i] + S[j]) % 256])
    return bytes(out)


def pdf(pages, kids_loop=False, user_pw=None):
    """user_pw not None: Standard security handler R2 (40-bit RC4, PDF 1.4 §3.5.2) with that user
    password and owner password "owner"; content streams encrypted with the per-object key."""
    import hashlib
    enc = None
    if user_pw is not None:
        pad = lambda pw: (pw.encode() + PAD)[:32]
        O = rc4(hashlib.md5(pad('owner')).digest()[:5], pad(user_pw))
        fid = bytes(range(16))
        P = -4
        key = hashlib.md5(pad(user_pw) + O + (P & 0xFFFFFFFF).to_bytes(4, 'little') + fid).digest()[:5]
        U = rc4(key, PAD)
        enc = (key, O, U, fid, P)
    objs = {1: '<< /Type /Catalog /Pages 2 0 R >>', 3: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'}
    kids = []
    n = 4
    for lines in pages:
        stream = ''.join('BT /F1 12 Tf 72 %d Td (%s) Tj ET\n' % (720 - 20 * i, l) for i, l in enumerate(lines))
        objs[n] = ('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> '
                   '/Contents %d 0 R >>' % (n + 1))
        if enc:
            ok = hashlib.md5(enc[0] + (n + 1).to_bytes(3, 'little') + b'\0\0').digest()[:10]
            stream = rc4(ok, stream.encode('latin-1')).decode('latin-1')
        objs[n + 1] = '<< /Length %d >>\nstream\n%s\nendstream' % (len(stream), stream)
        kids.append('%d 0 R' % n)
        n += 2
    if kids_loop:   # the page tree's Kids point back at the tree itself
        objs[2] = '<< /Type /Pages /Kids [2 0 R 2 0 R] /Count 2 >>'
    else:
        objs[2] = '<< /Type /Pages /Kids [%s] /Count %d >>' % (' '.join(kids), len(kids))
    extra = ''
    if enc:
        extra = (' /Encrypt << /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >> /ID [<%s> <%s>]'
                 % (enc[1].hex(), enc[2].hex(), enc[4], enc[3].hex(), enc[3].hex()))
    return pdf_file(objs, extra)


def pdf_file(objs, trailer_extra=''):
    """The file around numbered objects: header, bodies, xref table (gaps as free entries), trailer."""
    out = b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n'
    offs = {}
    for k in sorted(objs):
        offs[k] = len(out)
        out += ('%d 0 obj\n%s\nendobj\n' % (k, objs[k])).encode('latin-1')
    xref = len(out)
    out += ('xref\n0 %d\n0000000000 65535 f \n' % (max(objs) + 1)).encode()
    for k in range(1, max(objs) + 1):
        out += ('%010d 00000 n \n' % offs[k]).encode() if k in offs else b'0000000000 65535 f \n'
    out += ('trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n'
            % (max(objs) + 1, trailer_extra, xref)).encode()
    return out


def pdf_cid(lines, predefined=False):
    """One page of CJK text the way such PDFs carry it: a Type0 font with 2-byte codes in the content
    stream. Default: Identity-H codes (CIDs) and a ToUnicode CMap mapping each CID back to its character
    (Chinese and Thai). predefined: the predefined CMap UniGB-UCS2-H (codes are UCS-2) with a
    non-embedded STSong-Light (Adobe-GB1) and no ToUnicode: the reader needs poppler-data's CMaps."""
    if predefined:
        codes = {c: int.from_bytes(c.encode('utf-16-be'), 'big') for l in lines for c in l}
        font = ('<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light-UniGB-UCS2-H /Encoding /UniGB-UCS2-H '
                '/DescendantFonts [6 0 R] >>')
        cidfont = ('<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light '
                   '/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R >>')
    else:
        chars = sorted({c for l in lines for c in l})
        codes = {c: i + 1 for i, c in enumerate(chars)}
        font = ('<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H '
                '/DescendantFonts [6 0 R] /ToUnicode 8 0 R >>')
        cidfont = ('<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDToGIDMap /Identity '
                   '/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R >>')
    stream = ''.join('BT /F1 12 Tf 72 %d Td <%s> Tj ET\n' % (720 - 20 * i, ''.join('%04X' % codes[c] for c in l))
                     for i, l in enumerate(lines))
    objs = {1: '<< /Type /Catalog /Pages 2 0 R >>',
            2: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
            3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> '
               '/Contents 4 0 R >>',
            4: '<< /Length %d >>\nstream\n%s\nendstream' % (len(stream), stream),
            5: font, 6: cidfont,
            7: '<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -141 1000 859] /ItalicAngle 0 '
               '/Ascent 859 /Descent -141 /CapHeight 683 /StemV 80 >>'}
    if not predefined:
        cmap = ('/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /dft-test def '
                '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def /CMapType 2 def\n'
                '1 begincodespacerange <0000> <FFFF> endcodespacerange\n%d beginbfchar\n%s\nendbfchar\n'
                'endcmap CMapName currentdict /CMap defineresource pop end end' %
                (len(codes), '\n'.join('<%04X> <%s>' % (codes[c], c.encode('utf-16-be').hex().upper())
                                        for c in sorted(codes))))
        objs[8] = '<< /Length %d >>\nstream\n%s\nendstream' % (len(cmap), cmap)
    return pdf_file(objs)


with open(os.path.join(OUT, 'cjk.pdf'), 'wb') as f:      # CID-keyed text: Chinese and Thai
    f.write(pdf_cid(['护照由公司保管', 'สวัสดีครับ']))
with open(os.path.join(OUT, 'cjk_cmap.pdf'), 'wb') as f:   # UniGB-UCS2-H, no ToUnicode (needs poppler-data)
    f.write(pdf_cid(['护照由公司保管', '每天工作十五小时'], predefined=True))
with open(os.path.join(OUT, 'emptypw.pdf'), 'wb') as f:   # encrypted, empty user password: readable
    f.write(pdf([['Secret but open']], user_pw=''))
with open(os.path.join(OUT, 'locked.pdf'), 'wb') as f:    # user password needed
    f.write(pdf([['Locked text']], user_pw='s3cret'))
with open(os.path.join(OUT, 'two.pdf'), 'wb') as f:
    f.write(pdf([['Hello PDF', 'second line'], ['Page two']]))
with open(os.path.join(OUT, 'loop.pdf'), 'wb') as f:
    f.write(pdf([['never']], kids_loop=True))
with open(os.path.join(OUT, 'broken.pdf'), 'wb') as f:
    f.write(b'%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')

# evidence: RTF, HTML (GB18030), PDF with the addresses
with open(os.path.join(EV, 'note.rtf'), 'wb') as f:
    f.write((r"{\rtf1\ansi\ansicpg936{\fonttbl{\f0\fcharset134 SimSun;}}\f0 MARKER-RTF \'d5\'c5\'c8\'fd\par "
             + BTC + r"\par {\*\comment hidden}" + TRX + r"\par}").encode('ascii'))
with open(os.path.join(EV, 'page.htm'), 'wb') as f:
    f.write(('<html><head><meta charset="gbk"></head><body><p>MARKER-HTML 张三</p><table><tr><td>%s</td>'
             '<td>%s</td></tr></table></body></html>' % (BTC, TRX)).encode('gb18030'))
with open(os.path.join(EV, 'invoice.pdf'), 'wb') as f:
    f.write(pdf([['cover page'], ['MARKER-PDF', 'BTC ' + BTC, 'TRX ' + TRX]]))

# ---- notes databases ------------------------------------------------------------------------------
import gzip
import sqlite3


def varint(v):
    out = b''
    while True:
        b = v & 0x7F
        v >>= 7
        out += bytes([b | (0x80 if v else 0)])
        if not v:
            return out


def ld(num, b):
    return varint(num << 3 | 2) + varint(len(b)) + b


def notestore_blob(text):
    # NoteStoreProto{1: 0, 2: Document{2: 0, 3: Note{2: text, 5: AttributeRun{1: len}}}}
    note = ld(2, text.encode()) + ld(5, b'\x08' + varint(len(text)))
    doc = b'\x10\x00' + ld(3, note)
    return gzip.compress(b'\x08\x00' + ld(2, doc), mtime=0)


def notestore(path, notes, wal_notes=()):
    """wal_notes: rows committed in WAL mode and left only in NoteStore.sqlite-wal (the files are copied
    while the connection is open, before the checkpoint that closing it would do)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    for p in (path, path + '-wal', path + '-shm'):
        if os.path.exists(p):
            os.remove(p)
    db = sqlite3.connect(path)
    db.executescript('''
      CREATE TABLE ZICCLOUDSYNCINGOBJECT (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZTITLE1 VARCHAR,
        ZNOTEDATA INTEGER);
      CREATE TABLE ZICNOTEDATA (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, Z_OPT INTEGER, ZNOTE INTEGER,
        ZCRYPTOINITIALIZATIONVECTOR BLOB, ZCRYPTOTAG BLOB, ZDATA BLOB);''')
    for pk, data, *iv in notes:
        db.execute('INSERT INTO ZICNOTEDATA VALUES (?, 19, 1, ?, ?, NULL, ?)', (pk, pk + 100, iv[0] if iv else None, data))
    db.commit()
    if wal_notes:
        db.execute('PRAGMA journal_mode=WAL')
        db.execute('PRAGMA wal_autocheckpoint=0')
        for pk, data in wal_notes:
            db.execute('INSERT INTO ZICNOTEDATA VALUES (?, 19, 1, ?, NULL, NULL, ?)', (pk, pk + 100, data))
        db.commit()
        saved = {}
        for p in (path, path + '-wal'):
            with open(p, 'rb') as f:
                saved[p] = f.read()
        db.close()
        for p, b in saved.items():
            with open(p, 'wb') as f:
                f.write(b)
        if os.path.exists(path + '-shm'):
            os.remove(path + '-shm')
        return
    db.close()


def keepdb(path, entities, items):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if os.path.exists(path):
        os.remove(path)
    db = sqlite3.connect(path)
    db.executescript('''
      CREATE TABLE tree_entity (_id INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT, server_id TEXT, type INTEGER,
        title TEXT, is_archived INTEGER, is_deleted INTEGER, time_created INTEGER, time_last_updated INTEGER);
      CREATE TABLE list_item (_id INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT, server_id TEXT, text TEXT,
        list_parent_id INTEGER, is_checked INTEGER, order_in_parent INTEGER, time_created INTEGER);''')
    for i, t in entities:
        db.execute('INSERT INTO tree_entity (_id, uuid, type, title, time_created) VALUES (?, ?, 0, ?, 1700000000000)',
                   (i, 'u%d' % i, t))
    for i, parent, t in items:
        db.execute('INSERT INTO list_item (_id, uuid, text, list_parent_id, is_checked) VALUES (?, ?, ?, ?, 0)',
                   (i, 'l%d' % i, t, parent))
    db.commit()
    db.close()


notestore(os.path.join(OUT, 'NoteStore.sqlite'),
          [(1, notestore_blob('购物清单\nmilk')), (2, None), (3, b'not gzip'), (4, notestore_blob('second ✓')),
           (5, b'\x8e\x01encrypted', b'0123456789ab')])
keepdb(os.path.join(OUT, 'keep.db'), [(1, 'Wallets'), (2, None)], [(1, 1, 'first item'), (2, 1, ''), (3, 2, 'body text')])
# the second note is only in the -wal: read only when the notes plugin has the sibling applied
notestore(os.path.join(EV, 'private/var/mobile/Containers/Shared/AppGroup/A1/NoteStore.sqlite'),
          [(3, notestore_blob('MARKER-NOTES\n' + BTC + '\n' + TRX))], [(4, notestore_blob('MARKER-NOTESWAL'))])
keepdb(os.path.join(EV, 'data/data/com.google.android.keep/databases/keep.db'),
       [(1, 'MARKER-KEEP')], [(1, 1, 'send ' + BTC), (2, 1, TRX)])
# a second Android user's Keep database without the Keep tables: one warning from the notes plugin
keepdb(os.path.join(EV, 'data/user/10/com.google.android.keep/databases/keep.db'), [], [])
# Google Takeout Keep export: one note a JSON file (a checklist with an address, a trashed text note with
# a marker) and a JSON under Keep/ that is no note (nothing, no warning)
os.makedirs(os.path.join(EV, 'Takeout/Keep'), exist_ok=True)
with open(os.path.join(EV, 'Takeout/Keep/Wallets.json'), 'w', encoding='utf-8') as f:
    json.dump({'color': 'DEFAULT', 'isTrashed': False, 'isPinned': False, 'isArchived': False,
               'listContent': [{'text': 'USDT to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', 'isChecked': False},
                               {'text': 'done', 'isChecked': True}],
               'title': '钱包', 'userEditedTimestampUsec': 1701000000000000,
               'createdTimestampUsec': 1700000000000000, 'labels': [{'name': 'work'}]}, f, ensure_ascii=True)
with open(os.path.join(EV, 'Takeout/Keep/Old.json'), 'w', encoding='utf-8') as f:
    json.dump({'isTrashed': True, 'textContent': 'script MARKER-KEEPJSON here', 'title': '',
               'userEditedTimestampUsec': 1700500000000000}, f)
with open(os.path.join(EV, 'Takeout/Keep/settings.json'), 'w', encoding='utf-8') as f:
    json.dump({'theme': 'dark'}, f)
with open(os.path.join(EV, 'Takeout/Keep/cut.json'), 'w', encoding='utf-8') as f:   # truncated: one warning
    f.write('{"textContent": "abc", "userEditedTim')
db = sqlite3.connect(os.path.join(EV, 'data/user/10/com.google.android.keep/databases/keep.db'))
db.executescript('DROP TABLE tree_entity; DROP TABLE list_item; CREATE TABLE other (_id INTEGER PRIMARY KEY);')
db.commit()
db.close()
with open(os.path.join(OUT, 'notestore.blob'), 'wb') as f:   # for the fuzz seed and the unit test
    f.write(notestore_blob('购物清单\nmilk'))
# legacy names: a bare OLE2 header (libgsf refuses it: one warning), an RTF saved as .doc (read)
with open(os.path.join(EV, 'old.doc'), 'wb') as f:
    f.write(bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + bytes(504))

# ---- legacy binaries (testimages/ole2_write.py: BIFF8 .xls, Word 97 .doc) --------------------------
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'testimages'))
import ole2_write  # noqa: E402

TARGETS = [(0, 0, '姓名', 'sst'), (0, 1, '电话', 'sst'), (0, 2, '国家', 'sst'), (0, 3, '充值金额', 'sst'),
           (0, 4, '日期', 'sst'),
           (1, 0, '张伟', 'sst'), (1, 1, 66819990001, 'number'), (1, 2, '泰国', 'sst'), (1, 3, 5000, 'rk'),
           (1, 4, 45352, 'date'),
           (2, 0, 'สมชาย ใจดี', 'sst'), (2, 1, '0912 000 111', 'sst'), (2, 2, '越南', 'sst'),
           (2, 3, 1234.5, 'number'), (2, 4, 45366, 'date')]
# the long Chinese string is the one the SST's 8224-byte record limit splits into a CONTINUE record
LONG = '备注：客户已充值，等待提现审核' * 6
wb, splits = ole2_write.xls([('客户', TARGETS + [(3, 0, LONG, 'sst')]),
                             ('Sheet2', [(0, 0, 'inline LABEL', 'label'), (1, 1, True, 'bool'), (2, 2, -7, 'rk')]),
                             ('empty', [])], sst_filler=144)
assert splits == [LONG], splits
with open(os.path.join(OUT, 'targets.xls'), 'wb') as f:
    f.write(ole2_write.cfb([('Workbook', wb)]))
# FORMULA cells (cached results, which FreeXL does not report): a string result (STRING record), a
# number, a date-formatted number (XF 1), a boolean, #DIV/0!, an empty string, a Thai string continued in a
# CONTINUE record, a shared formula (SHRFMLA before STRING), a string result whose STRING record is
# missing (warning), and two cells outside the DIMENSIONS record (4 rows x 5 columns)
FORMULAS = [(0, 0, 'name', 'sst'), (0, 1, 'phone', 'sst'), (0, 2, 'total', 'sst'), (0, 3, 'when', 'sst'),
            (1, 0, '张伟', 'sst'), (1, 1, ('str', '+66819990001'), 'formula'), (1, 2, ('num', 1234.5), 'formula'),
            (1, 3, ('num', 45352.25, {'xf': 1}), 'formula'), (1, 4, ('bool', True), 'formula'),
            (1, 6, ('str', 'right of the dimensions'), 'formula'),
            (2, 0, ('str', 'สมชาย ใจดี', {'split': 4}), 'formula'), (2, 1, ('err', 0x07), 'formula'),
            (2, 2, ('empty', 0), 'formula'), (2, 3, 7, 'rk'), (2, 4, ('str', 'shared', {'shared': True}), 'formula'),
            (3, 1, ('str', 'lost', {'nostring': True}), 'formula'), (3, 2, 5, 'rk'),
            (5, 0, ('str', 'below the dimensions'), 'formula')]
wb, _ = ole2_write.xls([('Calc', FORMULAS), ('Two', [(0, 0, ('num', -0.1), 'formula'), (0, 1, 'x', 'label'),
                                                 (0, 2, ('num', 5000.0), 'formula'), (0, 3, 5000.0, 'number'),
                                                 (0, 4, ('num', 1e20), 'formula')])],
                       dims={'Calc': (4, 5)})
with open(os.path.join(OUT, 'formulas.xls'), 'wb') as f:
    f.write(ole2_write.cfb([('Workbook', wb)]))
# hostile FORMULA records: column 300 (past BIFF8's 256), a STRING of 10 characters that holds 3 and
# continues through an empty CONTINUE and one of 2 more (5 read), a FORMULA record of 12 bytes; then
# (formulas_past.xls) the last record of the sheet claiming 0xFFFF bytes past the end of the stream
_fstr = ole2_write._rec(0x0006, struct.pack('<HHH', 1, 0, 0) + b'\0' * 6 + b'\xff\xff' + struct.pack('<HIH', 0, 0, 0))
_fstr += ole2_write._rec(0x0207, struct.pack('<HB', 10, 0) + b'abc') + ole2_write._rec(0x003C, b'')
_fstr += ole2_write._rec(0x003C, b'\0de')
BAD = [(0, 0, 'ok', 'label'), (0, 300, ('num', 1.0), 'formula'), (1, 0, _fstr, 'raw'),
       (2, 0, ole2_write._rec(0x0006, b'\0' * 12), 'raw'), (2, 1, 'after', 'label')]
wb, _ = ole2_write.xls([('Bad', BAD)], dims={'Bad': (3, 2)})
with open(os.path.join(OUT, 'formulas_bad.xls'), 'wb') as f:
    f.write(ole2_write.cfb([('Workbook', wb)]))
wb, _ = ole2_write.xls([('Bad', BAD + [(2, 1, struct.pack('<HH', 0x0006, 0xFFFF) + b'\0' * 20, 'raw')])])
with open(os.path.join(OUT, 'formulas_past.xls'), 'wb') as f:
    f.write(ole2_write.cfb([('Workbook', wb[:-4])]))   # the sheet's EOF cut: the claimed record ends the stream
# a bare BIFF5 Workbook stream (test_docfmt reads it with dft_biff_formulas_read only): CODEPAGE 1251,
# DATEMODE 1904, a FORMAT "yyyy-mm-dd hh:mm" (u8-counted) on XF 1, a chart substream nested in the sheet
# (its FORMULA not a cell), a string result as a code-page byte string, a date-time result, a time result
# (built-in format 20 on XF 2), a number whose format has a quoted d and a [Red] section (XF 3: no date)
R = ole2_write._rec
b5bof = lambda dt: R(0x0809, struct.pack('<HHHH', 0x0500, dt, 0, 0))
b5f = lambda r, c, xf, val: R(0x0006, struct.pack('<HHH', r, c, xf) + val + struct.pack('<HIH', 0, 0, 0))
g5 = b5bof(5) + R(0x0042, struct.pack('<H', 1251)) + R(0x0022, struct.pack('<H', 1))
g5 += R(0x041E, struct.pack('<HB', 0xA4, 16) + b'yyyy-mm-dd hh:mm')
g5 += R(0x00E0, struct.pack('<HH', 0, 0) + bytes(12)) + R(0x00E0, struct.pack('<HH', 0, 0xA4) + bytes(12))
g5 += R(0x041E, struct.pack('<HB', 0xA5, 14) + b'[Red]"d"0.00_)') + R(0x00E0, struct.pack('<HH', 0, 20) + bytes(12))
g5 += R(0x00E0, struct.pack('<HH', 0, 0xA5) + bytes(12))
bs5 = lambda off: R(0x0085, struct.pack('<IBBB', off, 0, 0, 2) + b'S5')
eof5 = R(0x000A, b'')
sh5 = b5bof(0x10) + b5bof(0x20) + b5f(9, 9, 0, struct.pack('<d', 1.0)) + eof5
sh5 += b5f(0, 0, 0, bytes([0, 0, 0, 0, 0, 0, 0xFF, 0xFF])) + R(0x0207, struct.pack('<H', 3) + 'При'.encode('cp1251'))
sh5 += b5f(0, 1, 1, struct.pack('<d', 0.5)) + b5f(0, 2, 2, struct.pack('<d', 1.75)) + b5f(0, 3, 3, struct.pack('<d', 2.5))
sh5 += eof5 + bytes(8)   # zero padding after the sheet's EOF
with open(os.path.join(OUT, 'book5.bin'), 'wb') as f:
    f.write(g5 + bs5(len(g5) + len(bs5(0)) + len(eof5)) + eof5 + sh5)
wb, _ = ole2_write.xls([('S', [(0, 0, 'secret', 'sst')])], filepass=True)
for where in (OUT, EV):
    with open(os.path.join(where, 'locked.xls'), 'wb') as f:
        f.write(ole2_write.cfb([('Workbook', wb)]))
SCRIPT = [('Step 1: greet\tthe client\r', True),
          ('第二步：建立信任，สวัสดีค่ะ\r', False),
          ('Line one\x0bline two \x13 HYPERLINK "http://x" \x14link text\x15 end\r', True),
          ('\r', True),
          ('cell A\x07cell B\x07\x07', True),
          ('non\x1ebreaking, op\x1ftional\r', True),
          ('footnote text not in the main story\r', True)]
ccp = sum(len(t) for t, _ in SCRIPT[:-1])
with open(os.path.join(OUT, 'script.doc'), 'wb') as f:
    f.write(ole2_write.doc(SCRIPT, ccp_text=ccp))
with open(os.path.join(OUT, 'locked.doc'), 'wb') as f:
    f.write(ole2_write.doc([('secret\r', True)], encrypted=True))
with open(os.path.join(OUT, 'table0.doc'), 'wb') as f:   # 0Table, one UTF-16 piece
    f.write(ole2_write.doc([('零号表\r', False)], table='0Table'))
# Word 97 subdocuments as Word lays them out after the main text: footnotes (with their 0x02 reference
# marks), the header document (6 separator stories, then 6 stories per section; section 1 odd header and
# odd footer with a PAGE field, section 2 first header), a comment (0x05 mark), an endnote, a text box
# and a header text box, then the final paragraph mark
HDR = ['\x03\r', '\x04\r', '', '', '', '',
       '', 'Odd header 机密\r', '', 'Page \x13 PAGE \x141\x15\r', '', '',
       '', '', '', '', 'First header S2\r\r', '']   # content ending with its own paragraph mark, then the guard
STORIES = {'ftn': '\x02 Footnote one: wx123\r\x02 second note\r', 'atn': '\x05Comment: check deposit\r',
           'edn': '\x02 Endnote\r', 'txbx': 'Text box 投资\r', 'hdrtxbx': 'Header box\r'}
with open(os.path.join(OUT, 'stories.doc'), 'wb') as f:
    f.write(ole2_write.doc_stories([('Main text\r', True)], STORIES, HDR, compressed=False))
# the same header document with a Plcfhdd whose CPs go backwards: read as one "headers" section
with open(os.path.join(OUT, 'badhdd.doc'), 'wb') as f:
    f.write(ole2_write.doc([('Main\r', True), ('H1\rH2\r\r', True), ('\r', True)], ccp_text=5,
                           ccp={'hdd': 7}, plcfhdd=[0, 3, 1, 6, 7]))
# a Word 97 table rebuilt from the paragraph properties (PAPX FKPs, 3 pages): a heading, a 3-column
# target list (UTF-16), a row with a two-paragraph cell and an empty cell, a row whose cell holds a
# nested table (inner cell and row marks are CRs) and an empty last paragraph, a paragraph after it; 't'
# in table, 'r' row end (TTP, with a sprmTDefTable before sprmPFTtp), 'n' nested cell, 'i' nested row end
with open(os.path.join(OUT, 'table.doc'), 'wb') as f:
    f.write(ole2_write.doc_stories([('名单\r', False, ['']),
                                    ('姓名\x07电话\x07国家\x07\x07', False, 'tttr'),
                                    ('张伟\x07+66 81 999 0001\x07泰国\x07\x07', False, 'tttr'),
                                    ('multi\rline\x07\x07end\x07\x07', True, 'ttttr'),
                                    ('out\rin1\rin2\r\r\x07\x07', True, 'tnnitr'),
                                    ('after\r', True, [''])], {'ftn': '\x02 note\r'}))
# a fast-saved table: the cells' piece has no PAPX properties of its own, its Prm1 names a Prc whose grpprl
# sets sprmPFInTable; the row end's piece is in a table by its PAPX and a TTP by its Prm0 (isprm 0x19, val 1)
with open(os.path.join(OUT, 'fastsave.doc'), 'wb') as f:
    f.write(ole2_write.doc([('head\r', True, ['']), ('a\x07b\x07', True), ('\x07', True, 't'), ('after\r', True, [''])],
                           prms={1: 1 << 1 | 1, 2: 0x19 << 1 | 1 << 8}, prcs=[b'\x16\x24\x01']))
# hostile lengths: ccpEdn near 2^32 (the sum overflows 32 bits), ccpFtn past the piece table: main text only
with open(os.path.join(OUT, 'badsub.doc'), 'wb') as f:
    f.write(ole2_write.doc([('Main\r', True), ('foot\r', True), ('\r', True)], ccp_text=5,
                           ccp={'ftn': 5, 'edn': 0xFFFFFFFE}))
with open(os.path.join(OUT, 'longsub.doc'), 'wb') as f:
    f.write(ole2_write.doc([('Main\r', True), ('foot\r', True)], ccp_text=5, ccp={'ftn': 50}))
# evidence: a BIFF8 workbook and a Word document with the addresses and a marker each
wb, _ = ole2_write.xls([('钱包', [(0, 0, 'MARKER-XLS', 'label'), (1, 0, BTC, 'sst'), (2, 1, TRX, 'sst')])])
with open(os.path.join(EV, 'wallets.xls'), 'wb') as f:
    f.write(ole2_write.cfb([('Workbook', wb)]))
with open(os.path.join(EV, 'script.doc'), 'wb') as f:
    f.write(ole2_write.doc_stories([('MARKER-DOC\r', True), ('钱包 ' + BTC + '\r', False), (TRX + '\r', True),
                                    ('名单\x07MARKER-DOCTABLE\x07\x07', False, 'ttr')],
                                   {'ftn': '\x02 see\r\x02 MARKER-DOCFTN\r'}, compressed=False))
with open(os.path.join(EV, 'rtfsaved.doc'), 'wb') as f:
    f.write(b'{\\rtf1\\ansi MARKER-DOCRTF\\par}')
# PowerPoint 97: three slides (containers in reverse order in the stream: the slide list decides),
# outline text as bytes and UTF-16 (CR paragraphs, VT line break), a text box, a PowerPoint 2007-style
# duplicate of the outline in the drawing (skipped), a comment; a fast save (slide 1's first version
# superseded); the same without the Current User stream (stream-order fallback); an encrypted one.
DECK = [{'outline': [('Résumé\rsecond para', False), ('投资计划\x0bline two', True)],
         'shapes': [[('box: 加微信 wx123', True)], [('Résumé\rsecond para', False)]],
         'comments': ['comment: check deposit']},
        {'outline': [], 'shapes': []},
        {'outline': [('Third', False)], 'shapes': []}]
with open(os.path.join(OUT, 'deck.ppt'), 'wb') as f:
    f.write(ole2_write.ppt(DECK, stale='OLD VERSION'))
with open(os.path.join(OUT, 'nocu.ppt'), 'wb') as f:
    f.write(ole2_write.ppt(DECK[2:], stale='OLD VERSION', current_user=False))
with open(os.path.join(OUT, 'locked.ppt'), 'wb') as f:
    f.write(ole2_write.ppt(DECK[2:], encrypted=True))
# speaker notes: slide 1 without, slides 2 and 3 with notes pages (slide image, body, slide number '*')
NOTES_DECK = [{'outline': [('One', False)]},
              {'outline': [('Two', False)], 'notes': 'Say: 加微信\rthen deposit'},
              {'outline': [('Three', False)], 'notes': 'Three notes'}]
with open(os.path.join(OUT, 'notes.ppt'), 'wb') as f:
    f.write(ole2_write.ppt(NOTES_DECK))
with open(os.path.join(EV, 'notes.ppt'), 'wb') as f:
    f.write(ole2_write.ppt([{'outline': [('cover', False)]},
                            {'outline': [('pitch', False)], 'notes': 'say hello\rMARKER-PPTNOTES ' + TRX}]))
with open(os.path.join(EV, 'pitch.ppt'), 'wb') as f:
    f.write(ole2_write.ppt([{'outline': [('cover', False)]},
                            {'outline': [('MARKER-PPT', False)], 'shapes': [[(BTC + '\r' + TRX, True)]]}]))
