#!/usr/bin/env python3
"""make_compound.py OUTDIR - the demo case's scam-compound evidence: one coherent, wholly fictional
story, so that the demo report shows every section (chats, wallets, a victim list, a staff roster, a
scam script, a passport MRZ, trafficking cues) and the links between them.

OUTDIR/worker_phone.tar   an Android file-system extraction ("Dump/" prefix) of a worker's phone:
    WhatsApp msgstore.db (current schema: jid, chat, message) + wa.db contacts: the worker's chats with
    two victims (a romance-investment script in action, a USDT-on-TRON deposit address) and the team
    group where the boss sets quotas, fines and holds passports; a notes file with the worker's wallet.
OUTDIR/office_pc.tar      files copied off the compound's office PC ("Users/admin/Documents/..."):
    客户资料.xlsx (victim list: names, phones, country, stage, deposits), 员工名单.xlsx (staff roster with
    passport held / debt / resale price columns), follow_up.ods (the agent's follow-up sheet: the same
    victim again, so the identity join links both lists), 话术.docx (a staged Chinese script), script_en.txt (the
    English version), passport_scan.txt (OCR of a passport page: a TD3 MRZ with valid check digits),
    wallet_backup.txt (a BIP39 seed phrase with a valid checksum and the wallet's TRON address).

Every name, number, address and passport here is invented (555 and documentation-style numbers,
a made-up passport number); the TRON addresses and the seed are generated from fixed bytes so their
checksums are valid. Deterministic: fixed times, sorted tar members, zip entries with a fixed date.
"""
import hashlib
import io
import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile

OUT = os.path.abspath(sys.argv[1])
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
T = 1600000000
ZIP_DATE = (2024, 3, 1, 9, 0, 0)

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58check(payload):
    """Base58Check (Bitcoin alphabet): payload + first 4 bytes of SHA-256(SHA-256(payload))."""
    raw = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    n = int.from_bytes(raw, "big")
    s = ""
    while n:
        n, r = divmod(n, 58)
        s = B58[r] + s
    return "1" * (len(raw) - len(raw.lstrip(b"\0"))) + s


def tron_address(seed_text):
    """A checksum-valid TRON address (0x41 + 20 bytes) from fixed bytes."""
    return b58check(b"\x41" + hashlib.sha256(seed_text.encode()).digest()[:20])


def bip39_mnemonic(entropy):
    """BIP39: entropy (16 bytes) + first 4 bits of its SHA-256 as checksum, 11-bit words."""
    words = open(os.path.join(ROOT, "plugins/crypto_scan/data/bip39/english.txt")).read().split()
    bits = int.from_bytes(entropy, "big") << 4 | hashlib.sha256(entropy).digest()[0] >> 4
    n = len(entropy) * 8 // 32 * 3
    return " ".join(words[(bits >> (11 * (n - 1 - i))) & 2047] for i in range(n))


def mrz_check(s):
    """ICAO 9303 check digit: weights 7, 3, 1; 0-9 as is, A-Z as 10-35, '<' as 0."""
    total = 0
    for i, c in enumerate(s):
        v = int(c) if c.isdigit() else (ord(c) - 55 if c.isalpha() else 0)
        total += v * (7, 3, 1)[i % 3]
    return str(total % 10)


def td3(country, surname, given, number, nationality, birth, sex, expiry, optional=""):
    line1 = ("P<" + country + surname + "<<" + given.replace(" ", "<")).ljust(44, "<")[:44]
    num = number.ljust(9, "<")
    opt = optional.ljust(14, "<")
    body = num + mrz_check(num) + nationality + birth + mrz_check(birth) + sex + expiry + mrz_check(expiry) \
        + opt + mrz_check(opt)
    composite = body[0:10] + body[13:20] + body[21:43]
    return line1, body + mrz_check(composite)


def put(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def db(path, script):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if os.path.exists(path):
        os.remove(path)
    con = sqlite3.connect(path)
    con.executescript(script)
    con.commit()
    con.close()


def write_zip(path, members):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    put(path, buf.getvalue())


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def col_name(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def xlsx(path, sheet_name, rows):
    """A one-sheet workbook with inline strings (cells t="inlineStr") and numbers."""
    xml_rows = []
    for r, row in enumerate(rows, 1):
        cells = []
        for c, v in enumerate(row):
            ref = f"{col_name(c)}{r}"
            if v is None or v == "":
                continue
            if isinstance(v, (int, float)):
                cells.append(f'<c r="{ref}"><v>{v}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{esc(v)}</t></is></c>')
        xml_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    write_zip(path, [
        ("[Content_Types].xml",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
         '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
         '</Types>'),
        ("_rels/.rels",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
         '</Relationships>'),
        ("xl/workbook.xml",
         f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{ns}" xmlns:r="{rel}">'
         f'<sheets><sheet name="{esc(sheet_name)}" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        ("xl/_rels/workbook.xml.rels",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
         '</Relationships>'),
        ("xl/worksheets/sheet1.xml",
         f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{ns}">'
         f'<sheetData>{"".join(xml_rows)}</sheetData></worksheet>'),
    ])


def ods(path, sheet_name, rows):
    """An OpenDocument spreadsheet: mimetype first and stored, manifest, content.xml (ODF 1.2)."""
    cells_xml = []
    for row in rows:
        cells = []
        for v in row:
            if v is None or v == "":
                cells.append("<table:table-cell/>")
            elif isinstance(v, (int, float)):
                cells.append(f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p>'
                             "</table:table-cell>")
            else:
                cells.append(f'<table:table-cell office:value-type="string"><text:p>{esc(v)}</text:p></table:table-cell>')
        cells_xml.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
               f'<office:spreadsheet><table:table table:name="{esc(sheet_name)}">{"".join(cells_xml)}</table:table>'
               "</office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type='
                '"application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        info = zipfile.ZipInfo("mimetype", ZIP_DATE)
        info.compress_type = zipfile.ZIP_STORED
        z.writestr(info, "application/vnd.oasis.opendocument.spreadsheet")
        for name, data in (("META-INF/manifest.xml", manifest), ("content.xml", content)):
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    put(path, buf.getvalue())


def docx(path, paragraphs):
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{esc(p)}</w:t></w:r></w:p>" for p in paragraphs)
    write_zip(path, [
        ("[Content_Types].xml",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
         '<Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
         '</Types>'),
        ("_rels/.rels",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
         '</Relationships>'),
        ("word/document.xml",
         f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{w}"><w:body>{body}'
         '</w:body></w:document>'),
    ])


def tar(src_dir, top, out_path):
    subprocess.run(["find", os.path.join(src_dir, top), "-exec", "touch", "-h", "-d", f"@{T}", "{}", "+"],
                   check=True)
    subprocess.run(["tar", "--sort=name", f"--mtime=@{T}", "--owner=0", "--group=0", "--numeric-owner",
                    "-cf", out_path, "-C", src_dir, top], check=True)


# ---- the story's identifiers -------------------------------------------------------------------
DEPOSIT_ADDR = tron_address("demo compound deposit wallet")     # given to victims
WORKER_ADDR = tron_address("demo worker personal wallet")       # the worker's own wallet
SEED = bip39_mnemonic(hashlib.sha256(b"demo compound seed").digest()[:16])
VICTIM1 = ("Linda Carter", "+1 202-555-0147", "12025550147", "USA")       # romance-investment victim
VICTIM2 = ("Somsak Wongdee", "081 234 5678", "66812345678", "Thailand")   # a second victim (Thai)
BOSS = ("8562055512345", "Boss Chen 陈总")                              # team leader (Laos number)
WORKER_SELF = "85512555678"                                             # the device owner (Cambodia)
MRZ1, MRZ2 = td3("VNM", "NGUYEN", "VAN MINH", "C1234567", "VNM", "980412", "M", "290811")

shutil.rmtree(OUT, ignore_errors=True)
SRC = os.path.join(OUT, "src")

# ---- worker_phone.tar --------------------------------------------------------------------------
P = os.path.join(SRC, "phone", "Dump")
WA = os.path.join(P, "data/data/com.whatsapp")
ms = lambda minutes: 1709280000000 + minutes * 60000  # 2024-03-01 08:00 UTC + minutes

messages = [
    # (chat, from_me, sender_jid_row (groups), minutes, text)
    (1, 1, 0, 0, "Hi Linda, sorry, I think I added the wrong number. I'm Daniel, I work in wine import in Singapore."),
    (1, 0, 0, 3, "No problem Daniel! Nice to meet you."),
    (1, 1, 0, 1440, "Good morning dear, did you sleep well? I was thinking about you."),
    (1, 1, 0, 2880, "My uncle is an analyst, he showed me a trading platform with guaranteed returns. I made 30% this month."),
    (1, 0, 0, 2890, "Really? How does it work?"),
    (1, 1, 0, 2895, "Register on our platform app and I will guide you. Start with a small deposit of 1,000 USDT."),
    (1, 1, 0, 2900, f"Send USDT (TRC20) to this address: {DEPOSIT_ADDR}"),
    (1, 0, 0, 4320, "I sent 1000 USDT. Now it shows 1,350 in my account!"),
    (1, 1, 0, 5760, "VIP window opens today, top up 10,000 USDT to unlock the higher level."),
    (1, 0, 0, 8640, "I want to withdraw my money now."),
    (1, 1, 0, 8645, "To withdraw you must first pay the 20% tax, otherwise the account will be frozen."),
    (2, 1, 0, 60, "สวัสดีค่ะ คุณสมศักดิ์ สนใจลงทุนไหมคะ กำไรดีมาก"),
    (2, 0, 0, 75, "ต้องฝากเงินเท่าไหร่ครับ"),
    (3, 0, 3, 10, "今天每人必须加满二十个新客户，完不成业绩的罚款五百。"),
    (3, 0, 3, 12, "护照统一由公司保管，谁想走先还清欠款三万美金。"),
    (3, 1, 0, 15, "收到"),
    (3, 0, 3, 20, "昨天逃跑的那个已经转卖给别的公司了。"),
]
msg_rows = ["(1, -1, 0, '-1', 0, -1, 0, 0, 0, 0, NULL, 0)"]
for i, (chat, from_me, sender, minutes, text) in enumerate(messages, 2):
    t = ms(minutes)
    msg_rows.append(f"({i}, {chat}, {from_me}, 'K{i}', {sender}, {13 if from_me else 0}, {3 if chat == 3 else 0}, "
                    f"{t}, {t + 1000}, 0, '{text.replace(chr(39), chr(39) * 2)}', 0)")

db(os.path.join(WA, "databases/msgstore.db"), f"""
CREATE TABLE jid (_id INTEGER PRIMARY KEY AUTOINCREMENT, user TEXT NOT NULL, server TEXT NOT NULL,
  agent INTEGER, device INTEGER, type INTEGER, raw_string TEXT);
CREATE TABLE chat (_id INTEGER PRIMARY KEY AUTOINCREMENT, jid_row_id INTEGER UNIQUE, hidden INTEGER,
  subject TEXT, created_timestamp INTEGER, display_message_row_id INTEGER, last_message_row_id INTEGER,
  last_read_message_row_id INTEGER, archived INTEGER, sort_timestamp INTEGER, group_type INTEGER);
CREATE TABLE message (_id INTEGER PRIMARY KEY AUTOINCREMENT, chat_row_id INTEGER NOT NULL, from_me INTEGER NOT NULL,
  key_id TEXT NOT NULL, sender_jid_row_id INTEGER, status INTEGER, recipient_count INTEGER,
  timestamp INTEGER, received_timestamp INTEGER, message_type INTEGER, text_data TEXT, starred INTEGER,
  sort_id INTEGER NOT NULL DEFAULT 0);
CREATE TABLE group_participant_user (_id INTEGER PRIMARY KEY AUTOINCREMENT, group_jid_row_id INTEGER NOT NULL,
  user_jid_row_id INTEGER NOT NULL, rank INTEGER, pending INTEGER, add_timestamp INTEGER, label TEXT);
INSERT INTO jid VALUES
 (1,'{VICTIM1[2]}','s.whatsapp.net',0,0,0,'{VICTIM1[2]}@s.whatsapp.net'),
 (2,'{VICTIM2[2]}','s.whatsapp.net',0,0,0,'{VICTIM2[2]}@s.whatsapp.net'),
 (3,'{BOSS[0]}','s.whatsapp.net',0,0,0,'{BOSS[0]}@s.whatsapp.net'),
 (4,'120363000000000001','g.us',0,0,1,'120363000000000001@g.us');
INSERT INTO chat (_id, jid_row_id, hidden, subject, created_timestamp) VALUES
 (1, 1, 0, NULL, {ms(0)}), (2, 2, 0, NULL, {ms(0)}), (3, 4, 0, 'A组 话务 Team A', {ms(0)});
INSERT INTO group_participant_user (group_jid_row_id, user_jid_row_id, rank, pending) VALUES (4, 3, 2, 0);
INSERT INTO message (_id, chat_row_id, from_me, key_id, sender_jid_row_id, status, recipient_count, timestamp,
  received_timestamp, message_type, text_data, starred) VALUES
 {(','+chr(10)+' ').join(msg_rows)};
""")
db(os.path.join(WA, "databases/wa.db"), f"""
CREATE TABLE wa_contacts (_id INTEGER PRIMARY KEY AUTOINCREMENT, jid TEXT NOT NULL, is_whatsapp_user BOOLEAN NOT NULL,
  status TEXT, number TEXT, display_name TEXT, given_name TEXT, family_name TEXT, wa_name TEXT);
INSERT INTO wa_contacts (jid, is_whatsapp_user, number, display_name, wa_name) VALUES
 ('{VICTIM1[2]}@s.whatsapp.net', 1, '{VICTIM1[1]}', 'Linda (USA) 客户', 'Linda'),
 ('{VICTIM2[2]}@s.whatsapp.net', 1, '{VICTIM2[1]}', 'Somsak 客户', 'Somsak'),
 ('{BOSS[0]}@s.whatsapp.net', 1, '+{BOSS[0]}', '{BOSS[1]}', NULL),
 ('120363000000000001@g.us', 0, NULL, 'A组 话务 Team A', NULL);
""")
put(os.path.join(WA, "shared_prefs/com.whatsapp_preferences_light.xml"),
    "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n"
    f'    <string name="cc">855</string>\n    <string name="ph">{WORKER_SELF[3:]}</string>\n</map>\n')
put(os.path.join(P, "sdcard/Documents/my_wallet.txt"),
    f"my TronLink wallet\naddress {WORKER_ADDR}\nsalary comes here\n")

# ---- office_pc.tar -----------------------------------------------------------------------------
D = os.path.join(SRC, "office", "Users/admin/Documents")
xlsx(os.path.join(D, "客户资料.xlsx"), "客户", [
    ["客户资料 2024年3月", None, None, None, None, None, None],
    ["姓名", "电话", "国家", "年龄", "收入", "阶段", "充值金额 (USDT)"],
    [VICTIM1[0], VICTIM1[1], "美国", 54, "120k/年", "出金交税", 11000],
    [VICTIM2[0], VICTIM2[1], "泰国", 47, "50k/年", "聊天培养", 0],
    ["Margaret Olsen", "+1 202-555-0198", "美国", 61, "退休", "首充", 2500],
])
xlsx(os.path.join(D, "员工名单.xlsx"), "A组", [
    ["姓名", "国籍", "护照号", "电话", "欠款", "身价", "备注"],
    ["NGUYEN VAN MINH", "越南", "C1234567", "+855 12 555 678", "30000", "15000", "护照已扣 未完成业绩罚款"],
    ["Budi Santoso", "印尼", "B7654321", "+855 12 555 679", "28000", "12000", "护照在公司 禁止外出"],
    ["Aung Ko", "缅甸", "MA123456", "+855 12 555 680", "25000", "", "新到 试用期"],
])
ods(os.path.join(D, "follow_up.ods"), "Follow-up", [
    ["Name", "WhatsApp", "Country", "Stage", "Deposit (USDT)", "Agent"],
    [VICTIM1[0], "+" + VICTIM1[2], "USA", "withdrawal - tax", 11000, "Daniel"],
    ["Grace Lim", "+1 202-555-0175", "USA", "first deposit", 500, "Daniel"],
])
docx(os.path.join(D, "话术.docx"), [
    "新人话术 第一步：人设",
    "你是新加坡做红酒进口的成功商人，单身，性格温柔。客户说你好，你回：不好意思加错人了，不过很高兴认识你。",
    "第二步：聊天培养感情，每天早晚问候，聊家庭和生活，建立信任。",
    "第三步：引导投资，说叔叔是分析师，带你在平台赚钱，稳赚不赔。",
    "第四步：让客户下载平台注册，先小额充值体验，充值USDT到公司地址。",
    "第五步：客户赚到钱后，告诉他VIP通道开放，加大充值。",
    "第六步：客户要提现时，告诉他必须先交20%的个人所得税，否则账户冻结。",
])
put(os.path.join(D, "script_en.txt"), "\n".join([
    "NEW STAFF SCRIPT - follow every step, no improvising",
    "Step 1 (persona): you are a successful wine importer from Singapore, single, kind. Say you added the wrong number.",
    "Step 2 (build feelings): greet the client every morning and night, talk about family, become their best friend.",
    "Step 3 (investment): mention your uncle the analyst and the trading platform with guaranteed returns.",
    "Step 4 (first deposit): guide the client to register on the platform and make a small first deposit in USDT.",
    "Step 5 (top up): after the first profit, tell them the VIP window is open, they must top up to unlock it.",
    "Step 6 (withdrawal): when the client wants to withdraw, they must first pay 20% tax or the account is frozen.",
    "",
]))
put(os.path.join(D, "passport_scan.txt"), "\n".join([
    "SOCIALIST REPUBLIC OF VIET NAM  PASSPORT / HO CHIEU",
    "Surname: NGUYEN   Given names: VAN MINH   Nationality: VIETNAMESE",
    "",
    MRZ1,
    MRZ2,
    "",
]))
put(os.path.join(D, "wallet_backup.txt"),
    f"TronLink backup - do not lose\nmnemonic: {SEED}\naddress: {DEPOSIT_ADDR}\n")

os.makedirs(OUT, exist_ok=True)
tar(os.path.join(SRC, "phone"), "Dump", os.path.join(OUT, "worker_phone.tar"))
tar(os.path.join(SRC, "office"), "Users", os.path.join(OUT, "office_pc.tar"))
put(os.path.join(OUT, "story.txt"), "\n".join([
    f"deposit address {DEPOSIT_ADDR}", f"worker wallet {WORKER_ADDR}", f"seed {SEED}",
    f"victim 1 {VICTIM1[0]} +{VICTIM1[2]}", f"victim 2 {VICTIM2[0]} +{VICTIM2[2]}", f"MRZ {MRZ1}", f"MRZ {MRZ2}", ""]))
shutil.rmtree(SRC)
