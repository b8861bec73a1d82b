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
