#!/usr/bin/env python3
"""gen_corpus.py - writes the seed corpora of the fuzz harnesses (tests/fuzz/corpus/<harness>/).

Deterministic (fixed names, times and bytes), so re-running it reproduces the committed seeds.
Usage: python3 tests/fuzz/gen_corpus.py [OUTDIR]   (default: the corpus/ beside this script)
"""
import io
import os
import plistlib
import struct
import sys
import zipfile

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
CUT = b"\n--8<--\n"


def put(harness, name, data):
    d = os.path.join(OUT, harness)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


# --- adb --------------------------------------------------------------------------------------
put("adb", "plain_v5", b"ANDROID BACKUP\n5\n1\nnone\nx\x9c\x03\x00\x00\x00\x00\x01")
put("adb", "uncompressed_v1", b"ANDROID BACKUP\n1\n0\nnone\n" + b"apps/com.x/_manifest\x00" + b"\x00" * 20)
put("adb", "encrypted", b"ANDROID BACKUP\n5\n1\nAES-256\n" + b"AB" * 32 + b"\n" + b"CD" * 32 + b"\n10000\n"
    + b"0F" * 16 + b"\n" + b"EE" * 48 + b"\n\x00\x01")
put("adb", "crlf", b"ANDROID BACKUP\r\n4\r\n1\r\nnone\r\n")
put("adb", "truncated", b"ANDROID BACKUP\n5\n1\nAES-256\nABCD\n")

# --- buf (a window that is also its own op program) --------------------------------------------
put("buf", "ops_ints", bytes(range(0, 64)))
put("buf", "ops_lines", b"\x0b\x00line one\r\n\x0b\x00line two\n\x0b\x00tail")
put("buf", "ops_sub", b"\x08\x10\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x8a\xff\xff\x09\x04")
put("buf", "ops_wide", b"\x87\xff\xff\x89\x00\x10\x8a\x00\x02\x03\x00\x06\x00")

# --- devpath (member names, one per line; '/' at the end = directory) --------------------------
put("devpath", "hostile", "../../etc/passwd\n/etc/shadow\nC:\\Windows\\x\nC:/x/../../y\na//b/./c\n./\n..\n"
    "a/b/../../../c\n__outside__/x\n\\\\server\\share\nx/" + "/" * 12 + "tail\n")
put("devpath", "android_ffs", "Dump/data/data/com.whatsapp/databases/msgstore.db\nDump/data/\nDump/sdcard/DCIM/a.jpg\n"
    "extraction/userdata/data/user/0/com.android.providers.telephony/databases/mmssms.db\nsystem/build.prop\n"
    "data\napp\nmedia\nmisc\nuser\n")
put("devpath", "ios_ffs", "private/var/mobile/Library/SMS/sms.db\nfilesystem1/var/mobile/Media/DCIM/a.jpg\n"
    "System/Library/CoreServices/SystemVersion.plist\nApplications/\nvar/root/x\n")
put("devpath", "adb_apps", "apps/com.whatsapp/db/msgstore.db\napps/com.x/sp/prefs.xml\napps/com.x/ef/a\napps/com.x/d_db/x\n"
    "apps//db/x\napps/com.x/zz/y\napps/" + "p" * 300 + "/f/x\n")

# --- typer ----------------------------------------------------------------------------------
put("typer", "plain", "Just some notes.\nSecond line\n")
put("typer", "bom_ws", b"\xef\xbb\xbf \t\r\n  hello")
put("typer", "shebang", "#!/bin/sh\necho hi\n")
put("typer", "mail", "Received: from x by y\nSubject: hi\n")
put("typer", "markup", "<html><body>x</body></html>")
put("typer", "binary", bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))
put("typer", "whitespace", " \n\t\r ")

# --- ufdr -----------------------------------------------------------------------------------
REPORT = """<?xml version="1.0" encoding="utf-8"?>
<project id="1" name="Case 42" xmlns="http://pa.cellebrite.com/report/2.0">
  <extractionInfo id="0" type="FileSystem" deviceName="Galaxy S9" name="FFS"/>
  <metadata section="Extraction Data">
    <item name="DeviceInfoDetectedModel">SM-G960F</item>
    <item name="DeviceInfoIMEI">356938035643809</item>
    <item name="DeviceInfoOSVersion">10</item>
    <item name="ExtractionStartDateTime">2023-01-02T03:04:05+00:00</item>
    <item name="Vendor">Samsung</item>
    <item name="Note"><![CDATA[free <text>]]></item>
  </metadata>
  <taggedFiles>
    <file fs="userdata (ExtX)" path="/data/data/com.whatsapp/databases/msgstore.db" size="1">
      <metadata section="File"><item name="Local Path">files\\Database\\msgstore.db</item></metadata>
    </file>
    <file fs="userdata" path="data/media/0/DCIM/a.jpg"><metadata><item name="Local Path">./files/Image/a.jpg</item></metadata></file>
    <file path="/x"/>
  </taggedFiles>
</project>
"""
put("ufdr", "report", REPORT)
put("ufdr", "truncated", REPORT[: len(REPORT) // 2])
put("ufdr", "entities", '<?xml version="1.0"?>\n<!DOCTYPE p [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">'
    '<!ENTITY ext SYSTEM "file:///etc/passwd">]>\n<project name="&b;"><metadata><item name="X">&ext;&b;</item>'
    '</metadata><file path="/p"><item name="Local Path">&b;</item></file></project>\n')
put("ufdr", "utf16", "<?xml version=\"1.0\" encoding=\"UTF-16\"?><project name=\"\u00e9\"/>".encode("utf-16"))
put("ufdr", "nested_files", '<r><file path="/a"><file path="/b"><item name="Local Path">x</item></file>'
    '<item name="Local Path">y</item></file><item name="Model">m</item></r>')

# --- ios_keychain (a keychain dump plist: genp items; UFED's encrypted layout) ----------------------
_kc_genp = [
    {"agrp": "U68MSDN6DR.org.whispersystems.signal", "acct": b"GRDBDatabaseCipherKeySpec\0", "svce": b"GRDBKeyChainService",
     "v_Data": bytes(range(48)), "pdmn": "ck"},
    {"agrp": "SUQ8J2PCT7.com.loki-project.loki-messenger", "acct": "GRDBDatabaseCipherKeySpec", "svce": "TSKeyChainService",
     "v_Data": b"\x01" * 48},
    {"agrp": "apple", "acct": "x", "v_Data": "text, not data"},
    "not a dict",
]
put("ios_keychain", "bin_genp", plistlib.dumps({"genp": _kc_genp, "inet": [], "keys": [], "certs": []},
                                               fmt=plistlib.FMT_BINARY, sort_keys=True))
put("ios_keychain", "xml_genp", plistlib.dumps({"genp": _kc_genp[:3]}, sort_keys=True))
# ios_keychain/ufed_export (not written here: python has no AES-GCM) is a copy of tests/chat_crypt's
# build/chat_crypt_fx/ios_kc_ufed/extra/KeychainDump/backup_keychain_v2.plist (make_fixtures.py + mkfx gcm).
put("ios_keychain", "ufed_encrypted", plistlib.dumps({"keychainEntries": [{"classKeyIdx": 6}],
                                                      "classKeyIdxToUnwrappedMetadataClassKey": {"6": b"\x02" * 32}},
                                                     fmt=plistlib.FMT_BINARY, sort_keys=True))
put("ios_keychain", "nul_in_string", plistlib.dumps({"genp": [{"agrp": "org.whispersystems.signal\0x",
                                                                "acct": "GRDBDatabaseCipherKeySpec\0", "v_Data": bytes(48)}]},
                                                     fmt=plistlib.FMT_BINARY, sort_keys=True))
put("ios_keychain", "genp_not_array", plistlib.dumps({"genp": {"agrp": 1}}, sort_keys=True))


# --- ios_backup (Info.plist CUT Manifest.plist; the whole input is also an MBFile blob) ---------
info = {"Device Name": "iPhone", "Serial Number": "F2LX", "IMEI": "35", "Product Type": "iPhone10,4",
        "Product Version": "16.1", "Phone Number": "+1 555", "Unique Identifier": "00008030",
        "Last Backup Date": __import__("datetime").datetime(2023, 1, 2, 3, 4, 5)}
manifest = {"IsEncrypted": False, "Version": "10.0", "Lockdown": {"ProductVersion": "16.1", "DeviceName": "iPhone",
            "SerialNumber": "F2LX", "UniqueDeviceID": "00008030", "ProductType": "iPhone10,4"}}
put("ios_backup", "xml_pair", plistlib.dumps(info, sort_keys=True) + CUT + plistlib.dumps(manifest, sort_keys=True))
put("ios_backup", "bin_pair", plistlib.dumps(info, fmt=plistlib.FMT_BINARY, sort_keys=True) + CUT
    + plistlib.dumps(dict(manifest, IsEncrypted=True), fmt=plistlib.FMT_BINARY, sort_keys=True))
put("ios_backup", "lockdown_only", CUT + plistlib.dumps(manifest, fmt=plistlib.FMT_BINARY, sort_keys=True))


def mbfile(target=None, size=10):
    root = {"$class": plistlib.UID(2), "Size": size, "LastModified": 1600000000, "Birth": 1500000000,
            "LastStatusChange": 1600000001, "Mode": 0o100644, "UserID": 501, "GroupID": 501,
            "InodeNumber": 1234, "ProtectionClass": 3, "RelativePath": plistlib.UID(3)}
    objs = ["$null", root, {"$classname": "MBFile", "$classes": ["MBFile", "NSObject"]}, "Library/x"]
    if target:
        root["Target"] = plistlib.UID(4)
        objs.append(target)
    arch = {"$version": 100000, "$archiver": "NSKeyedArchiver", "$top": {"root": plistlib.UID(1)}, "$objects": objs}
    return plistlib.dumps(arch, fmt=plistlib.FMT_BINARY, sort_keys=True)


put("ios_backup", "mbfile", mbfile())
put("ios_backup", "mbfile_link", mbfile(target="/var/mobile/x"))
put("ios_backup", "xml_mbfile", '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict><key>$top</key>'
    '<dict><key>root</key><dict><key>CF$UID</key><integer>1</integer></dict></dict><key>$objects</key><array>'
    '<string>$null</string><dict><key>Size</key><real>1.5</real><key>Mode</key><integer>-1</integer></dict>'
    '</array></dict></plist>\n')

# --- zipcd ----------------------------------------------------------------------------------


def mkzip(members, comment=b""):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w") as z:
        for name, data, method in members:
            zi = zipfile.ZipInfo(name, date_time=(2020, 1, 2, 3, 4, 6))
            zi.compress_type = method
            z.writestr(zi, data)
        z.comment = comment
    return b.getvalue()


put("zipcd", "two", mkzip([("report.xml", b"<project/>", zipfile.ZIP_STORED), ("files/a.txt", b"hello" * 4, zipfile.ZIP_DEFLATED)]))
put("zipcd", "dups_comment", mkzip([("a", b"1", 0), ("a", b"2", 0), ("../x", b"", 0)], comment=b"PK\x05\x06 fake eocd in comment"))
put("zipcd", "empty", mkzip([]))


def zip64_cd_only():
    name = b"big.bin"
    extra = struct.pack("<HHQQQ", 1, 24, 5_000_000_000, 4_000_000_000, 0)
    cd = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, 0, 0, 0, 0x12345678, 0xFFFFFFFF, 0xFFFFFFFF,
                     len(name), len(extra), 0, 0, 0, 0, 0xFFFFFFFF) + name + extra
    cd_off = 0
    z64_off = len(cd)
    z64 = struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, 1, 1, len(cd), cd_off)
    loc = struct.pack("<IIQI", 0x07064B50, 0, z64_off, 1)
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return cd + z64 + loc + eocd


put("zipcd", "zip64", zip64_cd_only())

# --- itunes (records 0x1e, fields 0x1f: fileID, domain, relativePath, flags, file blob) --------
RS, US = b"\x1e", b"\x1f"


def esc(x):
    x = x if isinstance(x, bytes) else x.encode()
    return b"".join(b"\x1b" + bytes([c]) if c in (0x1b, 0x1e, 0x1f) else bytes([c]) for c in x)


def row(fid, dom, rel, flags, blob=None):
    f = [fid, dom, rel, flags] + ([blob] if blob is not None else [])
    return US.join(esc(x) for x in f)


put("itunes", "basic", RS.join([
    row("3d0d7e5fb2ce288813306e4d4636395e047a3d28", "HomeDomain", "Library/SMS/sms.db", "1", mbfile()),
    row("aa", "HomeDomain", "Library", "2"),
    row("bb", "HomeDomain", "Library/SMS", "2"),
    row("cc", "AppDomain-com.x", "Documents/link", "4", mbfile(target="../x")),
    b"@info" + US + esc(plistlib.dumps(info, fmt=plistlib.FMT_BINARY, sort_keys=True)),
    b"@manifest" + US + esc(plistlib.dumps(manifest, sort_keys=True))]))
put("itunes", "hostile", RS.join([
    row("0123", "HomeDomain", "../../../etc/passwd", "1", b"garbage"),
    row("0123", "HomeDomain", "../../../etc/passwd", "1"),
    row("0123", "HomeDomain", "a/./b//c", "1"),
    row("../x", "HomeDomain", "a/./b//c", "1"),
    row("ff", "", "", "2"),
    row("ee", "/abs", "x", "7"),
    row("dd", "HomeDomain", "x", "1", b"bplist00")]))
put("itunes", "dupes", RS.join([row("ab%02d" % i, "D", "same/path", "1" if i % 2 else "2") for i in range(6)]))

# --- regression seeds for bugs these harnesses found (docs/fuzzing.md "Findings") ---------------
# libplist asserts on a string with an embedded NUL (plist_get_string_val)
put("ios_backup", "nul_in_string", b'<?xml version="1.0"?><plist version="1.0"><dict><key>Device Name</key>'
    b'<string>a\x00b</string></dict></plist>')
# MBFile Size as a real far outside int64 (float-cast overflow, seen by clang's UBSan)
put("ios_backup", "mbfile_huge_real", mbfile(size=1e31))
# a repeated path renamed "path~fileID" with a hostile fileID
put("itunes", "fid_dotdot", RS.join([row("ab", "D", "x", "1"), row("z/../../../etc", "D", "x", "1")]))
# zip64 locator offset near 2^64: the bounds check wraps
put("zipcd", "zip64_wrap", b"\0" * 40 + struct.pack("<IIQI", 0x07064B50, 0, 0xFFFFFFFFFFFFFFF0, 1)
    + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0))
# names that lose components (cap) or keep a drive letter after ".." (DFT_FUZZ_STRICT)
put("devpath", "strict_cases", "a" + "/" * 20 + "b\nx/../C:\\evil\n")

# --- manifest_db (whole Manifest.db files: hostile SQLite schemas for parsers/sqlite_safe.c) -----
# Built with the sqlite3 module; the header records the SQLite version that wrote it, so another
# SQLite may write a few different header bytes (the seeds stay valid inputs either way).
import sqlite3
import tempfile


def sqlite_bytes(sql, rows=()):
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "m.db")
        db = sqlite3.connect(p)
        db.execute("PRAGMA page_size=512")
        db.executescript(sql)
        for r in rows:
            db.execute("INSERT INTO Files VALUES (?,?,?,?,?)", r)
        db.commit()
        db.close()
        with open(p, "rb") as f:
            return f.read()


FILES = "CREATE TABLE Files (fileID TEXT PRIMARY KEY, domain TEXT, relativePath TEXT, flags INTEGER, file BLOB);"
ROWS = [("3d0d7e5fb2ce288813306e4d4636395e047a3d28", "HomeDomain", "Library/SMS/sms.db", 1, b"bplist00" + b"\0" * 8),
        ("ab00", "HomeDomain", "Library/SMS", 2, None),
        ("ab01", "HomeDomain", "Library/link", 4, b"x"),
        ("ab02", "../../etc", "../passwd", 1, None)]
put("manifest_db", "basic", sqlite_bytes(FILES, ROWS))
put("manifest_db", "view_recursive", sqlite_bytes(
    "CREATE VIEW Files AS WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) SELECT printf('%040x', n)"
    " AS fileID, 'D' AS domain, printf('f%d', n) AS relativePath, 1 AS flags, zeroblob(100) AS file FROM c"
    " ORDER BY relativePath;"))
put("manifest_db", "trigger", sqlite_bytes(FILES + "CREATE TABLE log(x); CREATE TRIGGER t AFTER INSERT ON Files"
                                           " BEGIN INSERT INTO log VALUES (new.fileID); END;", ROWS[:2]))
put("manifest_db", "virtual", sqlite_bytes("CREATE VIRTUAL TABLE Files USING fts5(fileID, domain, relativePath, flags,"
                                           " file);", ROWS[:2]))
put("manifest_db", "no_columns", sqlite_bytes("CREATE TABLE Files (fileID TEXT, other TEXT);"))
put("manifest_db", "without_rowid", sqlite_bytes(FILES.replace(");", ") WITHOUT ROWID;"), ROWS))
put("manifest_db", "text_types", sqlite_bytes("CREATE TABLE Files (fileID, domain, relativePath, flags, file);",
                                              [(1, 2.5, b"\xff\xfe", "1", "text blob"), (None, None, None, None, None),
                                               ("ab03", "D", "x" * 3000, 1, b"\0" * 2000)]))
put("manifest_db", "deep_view", sqlite_bytes(FILES + "CREATE VIEW v AS SELECT 1" + "+1" * 400 + " AS y;", ROWS[:1]))
put("manifest_db", "expr_index", sqlite_bytes(FILES + "CREATE INDEX ix ON Files(lower(relativePath), length(file));",
                                              ROWS))
