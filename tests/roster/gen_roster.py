#!/usr/bin/env python3
"""gen_roster.py OUTDIR - the roster fixtures (deterministic: fixed zip timestamps and member order).

OUTDIR/evidence/ is a small dump ingested by e2e_roster.sh and read by test_roster:
  worker_zh.xlsx    Chinese staff roster: merged title row + blank row above the header (row 3), 护照/欠款/身价
                    columns, an Excel-serial arrival date, national phone numbers whose country comes from
                    the 国籍 column; a second sheet of prose (not a roster)
  targets_en.xlsx   English target list (shared strings): WhatsApp numbers without '+', Stage, Deposit (USDT)
  targets_th.docx   Thai target list as a DOCX table, LINE ids and Thai national numbers
  targets_gb.csv    Chinese target list in GB18030
  targets_doc.doc   legacy Word 97 target list: a title paragraph, then a table (cells rebuilt from paragraph
                    properties, docread.h), E.164 WhatsApp numbers, Chinese headers
  targets_old.xls   legacy BIFF8 target list (testimages/ole2_write.py): SST names in Chinese and Thai, a phone
                    and an amount as FORMULA cells (cached string / number results), an RK amount, a date cell
  contacts.csv      an ordinary contact list (UTF-8): hard negative, must be "unknown"
  directory_u16.csv an office phone directory in UTF-16LE with BOM: hard negative, "unknown"
  prices.csv        a price list / inventory: hard negative, no people, no roster at all
  notes.txt         prose (not tab-separated): nothing
  phone.vcf         a vCard set of 3 cards (2.1 quoted-printable + 3.0 folded lines)
  data/data/com.android.providers.telephony/databases/mmssms.db   SMS with two of the targets
  data/data/com.android.providers.contacts/databases/calllog.db     two calls with a worker (national form)
  data/data/com.whatsapp/databases/wa.db                             a WhatsApp contact (JID) of a target
"""
import os
import sqlite3
import sys
import zipfile

OUT = sys.argv[1]
EV = os.path.join(OUT, 'evidence')
os.makedirs(EV, exist_ok=True)
TS = (2024, 3, 1, 8, 0, 0)
NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def write_zip(path, members):
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            zi = zipfile.ZipInfo(name, TS)
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data.encode('utf-8'))


def esc(s):
    return s.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')


def col(i):
    s = ''
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def xlsx(path, sheets, shared=False):
    """sheets: [(name, [(rownum, [cell or None...])], merge_ref or None)]; str cells as strings (shared
    or inline), int/float as numbers."""
    sst = []
    index = {}
    parts = []
    for si, (name, rows, merge) in enumerate(sheets):
        xml = []
        for r, cells in rows:
            cx = []
            for ci, v in enumerate(cells):
                if v is None:
                    continue
                ref = '%s%d' % (col(ci), r)
                if isinstance(v, str):
                    if shared:
                        if v not in index:
                            index[v] = len(sst)
                            sst.append(v)
                        cx.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, index[v]))
                    else:
                        cx.append('<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, esc(v)))
                else:
                    cx.append('<c r="%s"><v>%s</v></c>' % (ref, v))
            xml.append('<row r="%d">%s</row>' % (r, ''.join(cx)))
        m = '<mergeCells count="1"><mergeCell ref="%s"/></mergeCells>' % merge if merge else ''
        parts.append(('xl/worksheets/sheet%d.xml' % (si + 1),
                      '<?xml version="1.0" encoding="UTF-8"?><worksheet %s><sheetData>%s</sheetData>%s</worksheet>'
                      % (NS, ''.join(xml), m)))
    wb = ''.join('<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (esc(n), i + 1, i + 1)
                 for i, (n, _, _) in enumerate(sheets))
    rels = ''.join('<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   'relationships/worksheet" Target="worksheets/sheet%d.xml"/>' % (i + 1, i + 1)
                   for i in range(len(sheets)))
    members = [
        ('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
                                'openxmlformats.org/package/2006/content-types"/>'),
        ('xl/workbook.xml', '<?xml version="1.0" encoding="UTF-8"?><workbook %s><sheets>%s</sheets></workbook>'
         % (NS, wb)),
        ('xl/_rels/workbook.xml.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://'
         'schemas.openxmlformats.org/package/2006/relationships">%s</Relationships>' % rels),
    ] + parts
    if shared:
        members.append(('xl/sharedStrings.xml', '<?xml version="1.0" encoding="UTF-8"?><sst %s count="%d" '
                        'uniqueCount="%d">%s</sst>' % (NS, len(sst), len(sst),
                                                       ''.join('<si><t>%s</t></si>' % esc(s) for s in sst))))
    write_zip(path, members)


def docx(path, paragraphs, table):
    body = ''.join('<w:p><w:r><w:t>%s</w:t></w:r></w:p>' % esc(p) for p in paragraphs)
    rows = ''.join('<w:tr>%s</w:tr>' % ''.join('<w:tc><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:tc>' % esc(c)
                                               for c in r) for r in table)
    write_zip(path, [
        ('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
                                'openxmlformats.org/package/2006/content-types"/>'),
        ('word/document.xml', '<?xml version="1.0" encoding="UTF-8"?><w:document %s><w:body>%s<w:tbl>%s</w:tbl>'
         '</w:body></w:document>' % (W, body, rows)),
    ])


# --- the Chinese worker roster: title (merged A1:I1), blank row 2, header row 3 -----------------
xlsx(os.path.join(EV, 'worker_zh.xlsx'), [
    ('员工名单', [
        (1, ['2024年3月 员工花名册（内部）']),
        (3, ['姓名', '国籍', '护照号', '电话', '到岗日期', '欠款', '身价', '组别', '备注']),
        (4, ['阿明', '越南', 'C1234567', '0912 345 678', 45352, 30000, 80000, 'A组', '护照公司保管']),
        (5, ['Budi', '印尼', 'B7654321', '0812-3456-7890', 45366, 0, 0, 'B组', None]),
        (6, ['李伟', '中国', 'E12345678', '13800138000', '2024-02-15', '无', 0, 'B组', '']),
        (7, ['Somchai', '泰国', 'AA1234567', '081 234 5678', 45300, '无', '转卖给B公司', 'A组', '小黑屋3天']),
    ], 'A1:I1'),
    ('说明', [(1, ['本表仅供内部使用，请勿外传。']), (2, ['更新：每周一'])], None),
])

# --- the English target list (shared strings) --------------------------------------------------
xlsx(os.path.join(EV, 'targets_en.xlsx'), [
    ('Leads', [
        (1, ['Name', 'WhatsApp', 'Country', 'Age', 'Stage', 'Deposit (USDT)', 'Agent']),
        (2, ['John Miller', '+1 650-253-0000', 'USA', 58, 'trust building', '0', 'Amy']),
        (3, ['Maria Santos', '639171234567', 'Philippines', 52, 'first deposit', '12,500 USDT', 'Amy']),
        (4, ['Kenji Sato', '090-1234-5678', 'Japan', 61, 'withdrawal blocked', '$3,000', 'Leo']),
        (5, ['Somsri K.', '66811112222', 'Thailand', 47, 'deposit', '฿20,000', 'Leo']),
    ], None),
], shared=True)

# --- the Thai target list (DOCX table) ---------------------------------------------------------
docx(os.path.join(EV, 'targets_th.docx'), ['รายชื่อลูกค้า ทีม 3'], [
    ['ชื่อ', 'เบอร์โทร', 'ไลน์', 'อายุ', 'สถานะ', 'ยอดฝาก'],
    ['สมศรี ใจดี', '081-111-2222', 'somsri99', '47', 'ฝากเงินแล้ว', '20,000 บาท'],
    ['วิชัย สุขสม', '089-765-4321', 'wichai_s', '55', 'สร้างความเชื่อใจ', '0'],
])

# --- a legacy BIFF8 target list (the .xls reader runs FreeXL) -------------------------------------
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'testimages'))
import ole2_write  # noqa: E402

wb, _ = ole2_write.xls([('客户名单', [
    (0, 0, '姓名', 'sst'), (0, 1, '电话', 'sst'), (0, 2, '国家', 'sst'), (0, 3, '充值金额', 'sst'), (0, 4, '阶段', 'sst'),
    (0, 5, '日期', 'sst'),
    (1, 0, '刘洋', 'sst'), (1, 1, ('str', '+66819990001'), 'formula'), (1, 2, '泰国', 'sst'),
    (1, 3, ('num', 5000.0), 'formula'),
    (1, 4, '已入金', 'sst'), (1, 5, 45352, 'date'),
    (2, 0, 'มานี มีนา', 'sst'), (2, 1, '0912 000 111', 'sst'), (2, 2, '越南', 'sst'), (2, 3, 0, 'rk'),
    (2, 4, '跟进中', 'sst'), (2, 5, 45366, 'date')])])
with open(os.path.join(EV, 'targets_old.xls'), 'wb') as f:
    f.write(ole2_write.cfb([('Workbook', wb)]))

# --- a Word 97 table: cell marks (BEL) with sprmPFInTable, the row-end mark with sprmPFTtp -----------
doc_rows = [['客户姓名', 'WhatsApp', '国家', '充值金额', '阶段'],
            ['Somchai Jaidee', '+66 81 234 9911', '泰国', '5000', '已入金'],
            ['Nguyen Van An', '+84 912 777 888', '越南', '0', '跟进中']]
doc_pieces = [('客户名单 (A组)\r', False, [''])]
for r in doc_rows:
    doc_pieces.append(('\x07'.join(r) + '\x07\x07', False, 't' * len(r) + 'r'))
doc_pieces.append(('以上\r', False, ['']))
with open(os.path.join(EV, 'targets_doc.doc'), 'wb') as f:
    f.write(ole2_write.doc(doc_pieces))

# --- CSVs ----------------------------------------------------------------------------------------
with open(os.path.join(EV, 'targets_gb.csv'), 'wb') as f:
    f.write(('客户姓名,手机号,国家,年龄,阶段,充值金额,业务员\r\n'
             '王芳,13912345678,中国,45,已入金,"¥50,000",小李\r\n'
             '陈静,+852 9123 4567,香港,39,跟进中,0,小李\r\n').encode('gb18030'))
with open(os.path.join(EV, 'contacts.csv'), 'w', encoding='utf-8', newline='') as f:
    f.write('Name,Phone,Email,Address\n'
            'Alice Brown,+44 20 7946 0018,alice@example.org,1 High St\n'
            'Bob Green,+44 7911 123456,bob@example.org,2 Low Rd\n')
with open(os.path.join(EV, 'directory_u16.csv'), 'wb') as f:
    f.write(b'\xff\xfe' + ('Name,Department,Extension,Phone\r\n'
                           'Carol White,Finance,2201,+1 650-253-0001\r\n'
                           'Dan Black,IT,2202,+1 650-253-0002\r\n').encode('utf-16-le'))
with open(os.path.join(EV, 'prices.csv'), 'w', encoding='utf-8', newline='') as f:
    f.write('品名,价格,数量,单位\n大米,45,100,袋\n食用油,80,20,桶\n')
with open(os.path.join(EV, 'notes.txt'), 'w', encoding='utf-8') as f:
    f.write('Name and phone of the landlord are on the lease.\nAge of the building: 30 years.\n')

# --- a vCard set: 2.1 quoted-printable name, 3.0 folded line -------------------------------------
with open(os.path.join(EV, 'phone.vcf'), 'w', encoding='utf-8', newline='') as f:
    f.write('BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E9=98=BF=E6=98=8E;;;\r\n'
            'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E9=98=BF=E6=98=8E\r\nTEL;CELL:+84912345678\r\n'
            'END:VCARD\r\n'
            'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Boss\r\n  Wang\r\nitem1.TEL;type=CELL:+86 139 0000 1111\r\n'
            'NOTE:line one\\nline two\r\nEND:VCARD\r\n'
            'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Carol White\r\nTEL;VALUE=uri:tel:+1-650-253-0001\r\n'
            'EMAIL:carol@example.org\r\nEND:VCARD\r\n')

# --- an Android SMS database: Somsri (national form) twice, Maria once, a stranger once ----------
db_dir = os.path.join(EV, 'data/data/com.android.providers.telephony/databases')
os.makedirs(db_dir, exist_ok=True)
db_path = os.path.join(db_dir, 'mmssms.db')
if os.path.exists(db_path):
    os.remove(db_path)
con = sqlite3.connect(db_path)
con.executescript('''
CREATE TABLE sms (_id INTEGER PRIMARY KEY, thread_id INTEGER, address TEXT, person INTEGER, date INTEGER,
  date_sent INTEGER DEFAULT 0, protocol INTEGER, read INTEGER DEFAULT 0, status INTEGER DEFAULT -1,
  type INTEGER, reply_path_present INTEGER, subject TEXT, body TEXT, service_center TEXT, locked INTEGER DEFAULT 0,
  sub_id INTEGER DEFAULT -1, error_code INTEGER DEFAULT 0, creator TEXT, seen INTEGER DEFAULT 0);
''')
rows = [
    (1, 1, '0811112222', 1709280000000, 2, 'Hello Somsri, this is Leo from the platform'),
    (2, 1, '0811112222', 1709366400000, 1, 'I deposited 20000'),
    (3, 2, '+639171234567', 1709452800000, 2, 'Maria, your account is ready'),
    (4, 3, '+6620000000', 1709539200000, 1, 'wrong number'),
]
for r in rows:
    con.execute('INSERT INTO sms(_id, thread_id, address, date, type, body) VALUES (?,?,?,?,?,?)', r)
con.commit()
con.close()

# --- Android call log: two calls with 阿明 written nationally (Vietnam), one unrelated ------------
def fresh_db(rel):
    d = os.path.join(EV, os.path.dirname(rel))
    os.makedirs(d, exist_ok=True)
    path = os.path.join(EV, rel)
    if os.path.exists(path):
        os.remove(path)
    return sqlite3.connect(path)


con = fresh_db('data/data/com.android.providers.contacts/databases/calllog.db')
con.execute('CREATE TABLE calls (_id INTEGER PRIMARY KEY, number TEXT, date INTEGER, duration INTEGER, type INTEGER)')
con.executemany('INSERT INTO calls VALUES (?,?,?,?,?)', [
    (1, '0912345678', 1709600000000, 65, 2),
    (2, '+6620000001', 1709610000000, 5, 1),
    (3, '0912345678', 1709700000000, 0, 3),
])
con.commit()
con.close()

# --- WhatsApp wa.db: Maria's JID -------------------------------------------------------------------
con = fresh_db('data/data/com.whatsapp/databases/wa.db')
con.execute('CREATE TABLE wa_contacts (_id INTEGER PRIMARY KEY, jid TEXT, number TEXT, display_name TEXT)')
con.executemany('INSERT INTO wa_contacts VALUES (?,?,?,?)', [
    (1, '639171234567@s.whatsapp.net', None, 'Maria'),
    (2, '120363000000000000@g.us', None, 'Team group'),
])
con.commit()
con.close()

# --- an ODS target list (real ODF structure: stored mimetype first, manifest, content.xml), read by
# test_roster through parsers/odf.h: title row spanning the columns, header in Chinese with full-width
# spaces, amounts with unit words, a wa.me link, a float cell; outside evidence/ (the e2e counts stay)
ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"')


def ods_cell(v):
    if isinstance(v, (int, float)):
        return '<table:table-cell office:value-type="float" office:value="%s"><text:p>%s</text:p></table:table-cell>' % (v, v)
    return '<table:table-cell office:value-type="string"><text:p>%s</text:p></table:table-cell>' % esc(v)


ods_rows = [
    '<table:table-row><table:table-cell table:number-columns-spanned="5" office:value-type="string"><text:p>'
    '客戶名單 第3組</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="4"/></table:table-row>',
    '<table:table-row><table:table-cell table:number-columns-repeated="5"/></table:table-row>',
    '<table:table-row>' + ''.join(ods_cell(h) for h in ['客戶姓名', '電　話', '國　籍', '充值金額', '階段']) + '</table:table-row>',
    '<table:table-row>' + ''.join(ods_cell(v) for v in ['王芳', '081-234-5678', '泰國', '1.2万', '入金']) + '</table:table-row>',
    '<table:table-row>' + ''.join(ods_cell(v) for v in ['陳明', 'https://wa.me/84912345678', '越南', 30000, '養']) + '</table:table-row>',
]
ods_content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content %s><office:body><office:spreadsheet>'
               '<table:table table:name="名單">%s</table:table></office:spreadsheet></office:body>'
               '</office:document-content>' % (ODF_NS, ''.join(ods_rows)))
with zipfile.ZipFile(os.path.join(OUT, 'targets_zh.ods'), 'w') as z:
    z.writestr(zipfile.ZipInfo('mimetype', TS), 'application/vnd.oasis.opendocument.spreadsheet', zipfile.ZIP_STORED)
    for name, data in [('content.xml', ods_content),
                       ('META-INF/manifest.xml', '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest %s>'
                        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.'
                        'opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" '
                        'manifest:media-type="text/xml"/></manifest:manifest>' % ODF_NS)]:
        z.writestr(zipfile.ZipInfo(name, TS), data.encode('utf-8'), zipfile.ZIP_DEFLATED)
