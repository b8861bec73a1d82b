#!/usr/bin/env python3
"""gen_fuzz_docfmt.py - writes the seed corpora of the second batch of document fuzz harnesses (odf,
rtf, htmltext, pdftext) into tests/fuzz/corpus/<harness>/ (deterministic; re-running reproduces the
committed seeds). ODF members are STORED so that mutations reach the XML instead of a CRC check."""
import io
import os
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, '..', 'fuzz', 'corpus')
TS = (2024, 1, 2, 3, 4, 6)


def put(h, name, data):
    d = os.path.join(OUT, h)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def zipped(members):
    b = io.BytesIO()
    with zipfile.ZipFile(b, 'w', zipfile.ZIP_STORED) as z:
        for n, d in members:
            z.writestr(zipfile.ZipInfo(n, TS), d)
    return b.getvalue()


NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"')


def content(kind, body):
    return ('<?xml version="1.0"?><office:document-content %s><office:body><office:%s>%s</office:%s>'
            '</office:body></office:document-content>' % (NS, kind, body, kind))


put('odf', 'ods', zipped([('mimetype', 'application/vnd.oasis.opendocument.spreadsheet'), ('content.xml', content(
    'spreadsheet', '<table:table table:name="S"><table:table-row table:number-rows-repeated="3">'
    '<table:table-cell office:value-type="float" office:value="12"><text:p>12</text:p></table:table-cell>'
    '<table:table-cell table:number-columns-repeated="2"><text:p>a<text:s text:c="2"/>b</text:p></table:table-cell>'
    '</table:table-row><table:table-row table:number-rows-repeated="99999"><table:table-cell '
    'table:number-columns-repeated="999"/></table:table-row></table:table>'))]))
put('odf', 'odt', zipped([('mimetype', 'application/vnd.oasis.opendocument.text'), ('content.xml', content(
    'text', '<text:h>H</text:h><text:p>x<text:tab/>y<text:line-break/>z<text:note><text:note-body><text:p>n'
    '</text:p></text:note-body></text:note></text:p><table:table><table:table-row><table:table-cell>'
    '<table:table><table:table-row><table:table-cell><text:p>in</text:p></table:table-cell></table:table-row>'
    '</table:table></table:table-cell></table:table-row></table:table>'))]))
put('odf', 'odp', zipped([('mimetype', 'application/vnd.oasis.opendocument.presentation'), ('content.xml', content(
    'presentation', '<draw:page draw:name="p"><draw:frame><draw:text-box><text:p>s</text:p></draw:text-box>'
    '</draw:frame></draw:page><draw:page/>'))]))

# subdocuments: a comment in a cell, a header in styles.xml, speaker notes; a flat ODF text
STY = NS.replace('xmlns:office', 'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:office')
put('odf', 'odt_sub', zipped([('mimetype', 'application/vnd.oasis.opendocument.text'), ('content.xml', content(
    'text', '<text:p>a<office:annotation><text:p>c1</text:p><text:p>c2</text:p></office:annotation>b</text:p>')),
    ('styles.xml', '<office:document-styles %s><office:master-styles><style:master-page><style:header><text:p>H'
     '</text:p></style:header><style:footer-first><text:p>F</text:p></style:footer-first></style:master-page>'
     '</office:master-styles></office:document-styles>' % STY)]))
put('odf', 'ods_sub', zipped([('mimetype', 'application/vnd.oasis.opendocument.spreadsheet'), ('content.xml', content(
    'spreadsheet', '<table:table table:name="S"><table:table-row><table:table-cell table:number-columns-repeated="3">'
    '<office:annotation><text:p>note</text:p></office:annotation><text:p>v</text:p></table:table-cell>'
    '</table:table-row></table:table>'))]))
put('odf', 'fodt', '<?xml version="1.0"?><office:document %s><office:master-styles><style:master-page><style:header>'
    '<text:p>H</text:p></style:header></style:master-page></office:master-styles><office:body><office:text><text:p>x'
    '</text:p></office:text></office:body></office:document>' % STY)

put('rtf', 'basic', r"{\rtf1\ansi\ansicpg936{\fonttbl{\f0\fcharset134 SimSun;}{\f1\fcharset222 Tahoma;}}"
    r"{\*\generator x}{\info{\title t}}\uc1\pard\f0\'d5\'c5\u20320?\u-10179?\u-8704?\par{\f1\'ca\'c7}\tab\line"
    r"\trowd\cellx100\pard\intbl a\cell b\par c\cell\row\pard end\{\}\\\bin3 abc{\pict 0102}\par}")
put('rtf', 'nested', '{\\rtf1 ' + '{' * 300 + 'x' + '}' * 300 + '}')
put('htmltext', 'gb', ('<html><head><meta charset="gbk"><title>标题</title><script>x</script></head><body>'
                       '<p>张三<br>李四</p><table><tr><td colspan="3">a</td><td><table><tr><td>in</td></tr></table>'
                       '</td></tr></table><pre> a  b</pre>&amp;&#20320;</body></html>').encode('gb18030'))
put('htmltext', 'utf16', '<p>ชื่อ</p><table><tr><th>x</th></tr></table>'.encode('utf-16'))


def pdf(pages):
    objs = {1: '<< /Type /Catalog /Pages 2 0 R >>', 3: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'}
    kids, n = [], 4
    for lines in pages:
        stream = ''.join('BT /F1 12 Tf 72 %d Td (%s) Tj ET\n' % (720 - 20 * i, l) for i, l in enumerate(lines))
        objs[n] = ('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> '
                   '/Contents %d 0 R >>' % (n + 1))
        objs[n + 1] = '<< /Length %d >>\nstream\n%sendstream' % (len(stream), stream)
        kids.append('%d 0 R' % n)
        n += 2
    objs[2] = '<< /Type /Pages /Kids [%s] /Count %d >>' % (' '.join(kids), len(kids))
    out, offs = b'%PDF-1.4\n', {}
    for k in sorted(objs):
        offs[k] = len(out)
        out += ('%d 0 obj\n%s\nendobj\n' % (k, objs[k])).encode('latin-1')
    xref = len(out)
    out += ('xref\n0 %d\n0000000000 65535 f \n' % (max(objs) + 1)).encode()
    for k in range(1, max(objs) + 1):
        out += ('%010d 00000 n \n' % offs[k]).encode()
    out += ('trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (max(objs) + 1, xref)).encode()
    return out


put('pdftext', 'two', pdf([['Hello PDF', 'second'], ['Page two']]))


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


# NoteStore ZDATA: gzip of NoteStoreProto{2: Document{3: Note{2: text}}}; stored-deflate (level 0) so
# mutations reach the protobuf
import gzip
note = ld(2, '购物清单\nmilk'.encode()) + ld(5, b'\x08\x05')
put('notesdb', 'note', gzip.compress(b'\x08\x00' + ld(2, b'\x10\x00' + ld(3, note)), compresslevel=0, mtime=0))
put('notesdb', 'note9', gzip.compress(b'\x08\x00' + ld(2, b'\x10\x00' + ld(3, note)), compresslevel=9, mtime=0))

# OLE2 readers (ole2 harness: parsers/docread.c in process, parsers/xlsread.c through its child): a Word
# document with compressed and UTF-16 pieces and a field, one with every kind of subdocument (footnotes,
# header stories through the Plcfhdd, comments, endnotes, text boxes), two with hostile subdocument
# lengths (a sum past 2^32, a Plcfhdd going backwards), one with a table (PAPX FKPs), a fast-saved table
# (piece Prm0/Prm1), a BIFF8 workbook
# with SST/LABEL/NUMBER/RK/date cells
sys.path.insert(0, os.path.join(HERE, '..', '..', 'testimages'))
import ole2_write  # noqa: E402
put('ole2', 'script.doc', ole2_write.doc([('Step 1\tgreet\r', True), ('第二步 สวัสดี\r', False),
                                          ('a \x13 HYPERLINK x \x14link\x15\x07b\x07\x07', True)]))
wb, _ = ole2_write.xls([('客户', [(0, 0, '姓名', 'sst'), (0, 1, 'phone', 'label'), (1, 0, 'สมชาย', 'sst'),
                                   (1, 1, 66812345678, 'number'), (1, 2, 5000, 'rk'), (1, 3, 45352, 'date'),
                                   (1, 4, True, 'bool')])])
put('ole2', 'targets.xls', ole2_write.cfb([('Workbook', wb)]))
put('ole2', 'stories.doc', ole2_write.doc_stories(
    [('Main\r', True)], {'ftn': '\x02 note\r', 'atn': '\x05c\r', 'edn': '\x02 e\r', 'txbx': 'box\r', 'hdrtxbx': 'hb\r'},
    ['\x03\r', '\x04\r', '', '', '', '', '', 'Head \x13 PAGE \x141\x15\r', '', 'Foot\r', '', '']))
put('ole2', 'table.doc', ole2_write.doc([('head\r', True, ['']), ('a\x07b\x07\x07', False, 'ttr'),
                                         ('m\rl\x07\x07o\ri\x07\x07', True, 'tttntr'), ('after\r', True, [''])]))
put('ole2', 'fastsave.doc', ole2_write.doc([('head\r', True, ['']), ('a\x07b\x07', True), ('\x07', True, 't'),
                                            ('after\r', True, [''])], prms={1: 3, 2: 0x19 << 1 | 1 << 8},
                                           prcs=[b'\x16\x24\x01']))
put('ole2', 'badsub.doc', ole2_write.doc([('Main\r', True), ('foot\r', True), ('\r', True)], ccp_text=5,
                                          ccp={'ftn': 5, 'edn': 0xFFFFFFFE}))
put('ole2', 'badhdd.doc', ole2_write.doc([('Main\r', True), ('H1\rH2\r\r', True), ('\r', True)], ccp_text=5,
                                          ccp={'hdd': 7}, plcfhdd=[0, 3, 1, 6, 7]))
# FORMULA cells (biff_formula harness: the bare Workbook stream; ole2: in its compound file): string
# results with STRING (one split by a CONTINUE, one after a SHRFMLA, one missing), number, date, boolean,
# error, empty string; a cell right of the DIMENSIONS; a second sheet
wb, _ = ole2_write.xls([('Calc', [(0, 0, 'phone', 'sst'), (1, 0, ('str', '+66819990001'), 'formula'),
                                  (1, 1, ('num', 45352.25, {'xf': 1}), 'formula'), (1, 2, ('bool', True), 'formula'),
                                  (1, 3, ('err', 0x07), 'formula'), (1, 4, ('empty', 0), 'formula'),
                                  (2, 0, ('str', 'สมชาย', {'split': 2}), 'formula'),
                                  (2, 1, ('str', 'shared', {'shared': True}), 'formula'),
                                  (2, 2, ('str', 'lost', {'nostring': True}), 'formula'), (2, 3, 7, 'rk'),
                                  (1, 9, ('num', 1234.5), 'formula')]),
                        ('Two', [(0, 0, ('num', -0.1), 'formula')])], dims={'Calc': (3, 4)})
put('biff_formula', 'calc', wb)
put('biff_formula', 'past', wb[:-4] + bytes([6, 0, 0xFF, 0xFF]) + bytes(30))   # a record past the end
put('ole2', 'formulas.xls', ole2_write.cfb([('Workbook', wb)]))
put('ole2', 'deck.ppt', ole2_write.ppt([{'outline': [('Title', False)], 'shapes': [[('box', True)]]}], stale='old'))

# Word streams (doc harness: u32le length of the WordDocument stream, it, then the table stream): every
# subdocument with a Plcfhdd, a table with nested cells and both PapxInFkp size forms, a fast-saved table
_cap = {}
_cfb = ole2_write.cfb
ole2_write.cfb = lambda streams: _cap.update(dict(streams)) or _cfb(streams)
for _name, _doc in (
        ('stories', lambda: ole2_write.doc_stories(
            [('Main \x13 PAGE \x141\x15\r', True)], {'ftn': '\x02 note\r', 'atn': '\x05c\r', 'edn': '\x02 e\r',
                                                     'txbx': 'box\r', 'hdrtxbx': 'hb\r'},
            ['\x03\r', '\x04\r', '', '', '', '', '', 'Head\r', '', 'Foot\r\r', '', ''])),
        ('table', lambda: ole2_write.doc([('head\r', True, ['']), ('a\x07b\x07\x07', False, 'ttr'),
                                          ('m\rl\x07\x07o\ri\r\r\x07\x07', True, 'ttttnitr'), ('after\r', True, [''])])),
        ('fastsave', lambda: ole2_write.doc([('head\r', True, ['']), ('a\x07b\x07', True), ('\x07', True, 't'),
                                             ('after\r', True, [''])], prms={1: 3, 2: 0x19 << 1 | 1 << 8},
                                            prcs=[b'\x16\x24\x01']))):
    _cap.clear()
    _doc()
    _wd = _cap['WordDocument'].rstrip(b'\0')   # the writer pads to 4 KiB; keep the seed small
    _wd += b'\0' * (-len(_wd) % 512)
    put('doc', _name, len(_wd).to_bytes(4, 'little') + _wd + _cap['1Table'])
ole2_write.cfb = _cfb

# PowerPoint record walk (ppt harness: u16le length of the Current User stream, it, then the PowerPoint
# Document stream): a fast-saved deck with outline text, a text box, a comment and speaker notes; the same without
# Current User (the stream-order fallback)
_cap = {}
_cfb = ole2_write.cfb
ole2_write.cfb = lambda streams: _cap.update(dict(streams)) or _cfb(streams)
ole2_write.ppt([{'outline': [('Résumé\rpara', False), ('投资\x0bline', True)], 'shapes': [[('box', True)]],
                 'comments': ['note'], 'notes': 'speaker\rnotes'}, {'outline': [('Third', False)]}], stale='OLD')
ole2_write.cfb = _cfb
_cu = _cap['Current User']
put('ppt', 'deck', len(_cu).to_bytes(2, 'little') + _cu + _cap['PowerPoint Document'])
put('ppt', 'nocu', b'\0\0' + _cap['PowerPoint Document'])
