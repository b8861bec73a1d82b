#!/usr/bin/env python3
"""make_itunes.py OUTDIR - an iTunes/Finder backup directory (OUTDIR/itunes) with a real Manifest.db
(fileID = SHA-1 of "domain-relativePath", files at <id[0:2]>/<id>, NSKeyedArchiver MBFile in the
`file` column), Info.plist and Manifest.plist; and an encrypted variant (OUTDIR/itunes_enc).
Deterministic: fixed dates and bytes. Appends to OUTDIR/expected.txt."""
import datetime, hashlib, os, plistlib, sqlite3, sys

OUT = sys.argv[1]
T = 1600000000
DATE = datetime.datetime(2020, 9, 13, 12, 26, 40)
exp = open(os.path.join(OUT, "expected.txt"), "a")


def mbfile(rel, size, mode, target=None):
    objs = ["$null"]
    f = {"$class": plistlib.UID(3), "RelativePath": plistlib.UID(2), "Size": size, "LastModified": T,
         "Birth": T - 100, "LastStatusChange": T, "Mode": mode, "UserID": 501, "GroupID": 501,
         "InodeNumber": 1234, "ProtectionClass": 3, "Flags": 0}
    objs += [f, rel, {"$classname": "MBFile", "$classes": ["MBFile", "NSObject"]}]
    if target is not None:
        f["Target"] = plistlib.UID(4)
        objs.append(target)
    return plistlib.dumps({"$version": 100000, "$archiver": "NSKeyedArchiver", "$top": {"root": plistlib.UID(1)},
                           "$objects": objs}, fmt=plistlib.FMT_BINARY, sort_keys=True)


def build(root, encrypted):
    os.makedirs(root)
    entries = [  # domain, relativePath, flags, content
        ("HomeDomain", "Library/SMS", 2, None),
        ("HomeDomain", "Library/SMS/sms.db", 1, b"SQLite format 3\x00" + b"sms" * 100),
        ("AppDomainGroup-group.net.whatsapp.WhatsApp.shared", "ChatStorage.sqlite", 1,
         b"SQLite format 3\x00" + b"chat" * 100),
        ("HomeDomain", "Library/link", 4, None),
        ("HomeDomain", "Library/missing.db", 1, None),
    ]
    db = None
    if not encrypted:
        db = sqlite3.connect(os.path.join(root, "Manifest.db"))
        db.execute("CREATE TABLE Files (fileID TEXT PRIMARY KEY, domain TEXT, relativePath TEXT, flags INTEGER, file BLOB)")
        db.execute("CREATE TABLE Properties (key TEXT PRIMARY KEY, value BLOB)")
    for dom, rel, flags, data in entries:
        fid = hashlib.sha1(f"{dom}-{rel}".encode()).hexdigest()
        size = len(data) if data else 0
        mode = {1: 0o100644, 2: 0o040755, 4: 0o120755}[flags]
        blob = mbfile(rel, size, mode, "/var/mobile/elsewhere" if flags == 4 else None)
        if db:
            db.execute("INSERT INTO Files VALUES(?,?,?,?,?)", (fid, dom, rel, flags, blob))
        if data is not None:
            os.makedirs(os.path.join(root, fid[:2]), exist_ok=True)
            with open(os.path.join(root, fid[:2], fid), "wb") as f:
                f.write(data)
            if not encrypted:
                exp.write(f"{hashlib.sha256(data).hexdigest()}  itunes:{dom}/{rel}\n")
    if db:
        db.commit()
        db.close()
    else:
        with open(os.path.join(root, "Manifest.db"), "wb") as f:
            f.write(bytes((i * 13 + 5) & 0xFF for i in range(8192)))
    info = {"Device Name": "Test iPhone", "Display Name": "Test iPhone", "Serial Number": "F2LTEST12345",
            "IMEI": "356789012345675", "Product Type": "iPhone12,1", "Product Version": "16.5",
            "Last Backup Date": DATE, "Phone Number": "+66 81 234 5678",
            "Unique Identifier": "00008030-001A2B3C4D5E802E", "Target Type": "Device"}
    with open(os.path.join(root, "Info.plist"), "wb") as f:
        plistlib.dump(info, f, fmt=plistlib.FMT_XML, sort_keys=True)
    man = {"IsEncrypted": encrypted, "Version": "10.0", "Date": DATE, "WasPasscodeSet": True,
           "Lockdown": {"ProductVersion": "16.5", "SerialNumber": "F2LTEST12345", "DeviceName": "Test iPhone",
                        "UniqueDeviceID": "00008030-001A2B3C4D5E802E", "ProductType": "iPhone12,1"}}
    with open(os.path.join(root, "Manifest.plist"), "wb") as f:
        plistlib.dump(man, f, fmt=plistlib.FMT_BINARY, sort_keys=True)
    for dp, dn, fn in os.walk(root):
        for n in dn + fn:
            os.utime(os.path.join(dp, n), (T, T))


build(os.path.join(OUT, "itunes"), False)
build(os.path.join(OUT, "itunes_enc"), True)
exp.close()
