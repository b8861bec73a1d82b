#!/usr/bin/env python3
"""make_siblings.py OUTDIR - one WhatsApp app folder laid out as every evidence kind, for the sibling
lookup tests (tests/e2e/e2e_siblings.sh): OUTDIR/dir (directory evidence, Dump/data/data/...),
dump.tar, dump.zip, dump.ufdr (zip + report.xml mapping local paths to device paths), itunes/ (an
iTunes backup: AppDomain-com.whatsapp/...), userdata/ (the tree of an ext4 userdata partition, which
the test turns into an image with mke2fs -d), and truncated.tar (cut inside msgstore.db-wal).

msgstore.db is in WAL mode and its msgstore.db-wal holds a row that is not in the main file (a
"WAL-only" row): a reader sees rows 1+2 with the WAL beside the database and row 1 without it.
Deterministic: fixed bytes and times; tar sorted by name, zip members in a fixed order."""
import hashlib, io, os, plistlib, shutil, sqlite3, sys, tarfile, zipfile

OUT = sys.argv[1]
T = 1600000000
ZT = (2020, 9, 13, 12, 26, 40)
os.makedirs(OUT, exist_ok=True)
APP = "data/data/com.whatsapp"


def wal_database(work):
    """msgstore.db + msgstore.db-wal with a row only in the WAL (copied while the writer is open)."""
    db = os.path.join(work, "msgstore.db")
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("CREATE TABLE messages(_id INTEGER PRIMARY KEY, data TEXT)")
    con.execute("INSERT INTO messages VALUES(1, 'in-main-file')")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("INSERT INTO messages VALUES(2, 'only-in-wal')")
    main = open(db, "rb").read()
    wal = open(db + "-wal", "rb").read()
    con.close()
    return main, wal


tmp = os.path.join(OUT, "tmp")
os.makedirs(tmp, exist_ok=True)
MAIN, WAL = wal_database(tmp)
shutil.rmtree(tmp)
assert len(WAL) > 0, "the WAL must hold the second row"

wa = b"SQLite format 3\x00" + b"wa-contacts" * 30
files = [  # path under the app root, bytes (sorted: the WAL comes after the database in archives)
    ("databases/msgstore.db", MAIN),
    ("databases/msgstore.db-wal", WAL),
    ("databases/wa.db", wa),
    ("files/key", b"KEY" * 52 + b"\x01"),
    ("shared_prefs/com.whatsapp_preferences.xml", b"<map><string name=\"k\">v</string></map>\n"),
]
dirs = ["databases", "files", "shared_prefs"]

# ---- directory, tar, zip: Dump/data/data/com.whatsapp/... ------------------------------------------
root = os.path.join(OUT, "dir", "Dump", APP)
for rel, data in files:
    p = os.path.join(root, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "wb") as f:
        f.write(data)
for dp, dn, fn in os.walk(os.path.join(OUT, "dir")):
    for n in dn + fn:
        os.utime(os.path.join(dp, n), (T, T))


def tar_bytes(members):
    bio = io.BytesIO()
    with tarfile.open(fileobj=bio, mode="w", format=tarfile.USTAR_FORMAT) as tf:
        for name, data in members:
            ti = tarfile.TarInfo(name)
            ti.mtime = T
            if data is None:
                ti.type = tarfile.DIRTYPE
                ti.mode = 0o755
                tf.addfile(ti)
            else:
                ti.size = len(data)
                ti.mode = 0o644
                tf.addfile(ti, io.BytesIO(data))
    return bio.getvalue()


def zip_bytes(members):
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zi = zipfile.ZipInfo(name + ("/" if data is None else ""), ZT)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = (0o40755 if data is None else 0o100644) << 16
            zf.writestr(zi, b"" if data is None else data)
    return bio.getvalue()


members = [("Dump/" + APP + "/" + d, None) for d in dirs] + [("Dump/" + APP + "/" + r, d) for r, d in files]
members.sort(key=lambda m: m[0])
tar = tar_bytes(members)
open(os.path.join(OUT, "dump.tar"), "wb").write(tar)
open(os.path.join(OUT, "dump.zip"), "wb").write(zip_bytes(members))

# truncated tar: cut in the middle of msgstore.db-wal's data (its header is at a 512-byte boundary)
with tarfile.open(fileobj=io.BytesIO(tar)) as tf:
    for ti in tf.getmembers():
        if ti.name.endswith("msgstore.db-wal"):
            cut = ti.offset_data + ti.size // 2
open(os.path.join(OUT, "truncated.tar"), "wb").write(tar[:cut])

# ---- UFDR: files/<device path>, report.xml maps each one -------------------------------------------
rep = ['<?xml version="1.0" encoding="utf-8"?>',
       '<project id="p1" name="Sibling test" xmlns="http://pa.cellebrite.com/report/2.0">',
       '  <sourceExtractions><extractionInfo id="0" name="File System" type="FileSystem" index="0"/></sourceExtractions>',
       '  <metadata section="Device Info">',
       '    <item name="IMEI"><![CDATA[356789012345675]]></item>',
       '    <item name="DeviceInfoOSVersion"><![CDATA[13]]></item>',
       '  </metadata>', '  <taggedFiles>']
for i, (rel, data) in enumerate(files):
    local = "files/" + APP + "/" + rel
    rep += [f'    <file fs="userdata" fsid="f1" path="/{APP}/{rel}" size="{len(data)}" id="x{i}" extractionId="0" deleted="Intact">',
            '      <metadata section="File">',
            '        <item name="Local Path"><![CDATA[' + local.replace("/", "\\") + ']]></item>',
            f'        <item name="SHA256"><![CDATA[{hashlib.sha256(data).hexdigest()}]]></item>',
            '      </metadata>', '    </file>']
rep += ['  </taggedFiles>', '</project>', '']
umembers = [("files/" + APP + "/" + r, d) for r, d in files] + [("report.xml", "\n".join(rep).encode())]
open(os.path.join(OUT, "dump.ufdr"), "wb").write(zip_bytes(umembers))

# ---- iTunes backup: AppDomain-com.whatsapp/<rel> ---------------------------------------------------
def mbfile(rel, size, mode):
    objs = ["$null"]
    f = {"$class": plistlib.UID(3), "RelativePath": plistlib.UID(2), "Size": size, "LastModified": T,
         "Birth": T, "LastStatusChange": T, "Mode": mode, "UserID": 501, "GroupID": 501,
         "InodeNumber": 1, "ProtectionClass": 3, "Flags": 0}
    objs += [f, rel, {"$classname": "MBFile", "$classes": ["MBFile", "NSObject"]}]
    return plistlib.dumps({"$version": 100000, "$archiver": "NSKeyedArchiver", "$top": {"root": plistlib.UID(1)},
                           "$objects": objs}, fmt=plistlib.FMT_BINARY, sort_keys=True)


it = os.path.join(OUT, "itunes")
os.makedirs(it)
dom = "AppDomain-com.whatsapp"
db = sqlite3.connect(os.path.join(it, "Manifest.db"))
db.execute("CREATE TABLE Files (fileID TEXT PRIMARY KEY, domain TEXT, relativePath TEXT, flags INTEGER, file BLOB)")
db.execute("CREATE TABLE Properties (key TEXT PRIMARY KEY, value BLOB)")
for d in dirs:
    fid = hashlib.sha1(f"{dom}-{d}".encode()).hexdigest()
    db.execute("INSERT INTO Files VALUES(?,?,?,?,?)", (fid, dom, d, 2, mbfile(d, 0, 0o040755)))
for rel, data in files:
    fid = hashlib.sha1(f"{dom}-{rel}".encode()).hexdigest()
    db.execute("INSERT INTO Files VALUES(?,?,?,?,?)", (fid, dom, rel, 1, mbfile(rel, len(data), 0o100644)))
    os.makedirs(os.path.join(it, fid[:2]), exist_ok=True)
    open(os.path.join(it, fid[:2], fid), "wb").write(data)
db.commit()
db.close()
for name, obj in (("Info.plist", {"Device Name": "Test iPhone", "Product Version": "16.0", "IMEI": "356789012345675"}),
                  ("Manifest.plist", {"IsEncrypted": False, "Version": "10.0"})):
    with open(os.path.join(it, name), "wb") as f:
        plistlib.dump(obj, f, sort_keys=True)

# ---- ext4 userdata tree: data/com.whatsapp/... (+ the folders that mark a userdata root) ----------------
ud = os.path.join(OUT, "userdata")
for m in ("app", "media/0", "misc", "system", "user/0", "user_de/0"):
    os.makedirs(os.path.join(ud, m), exist_ok=True)
for rel, data in files:
    p = os.path.join(ud, "data", "com.whatsapp", rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    open(p, "wb").write(data)
# a second app whose msgstore.db the test deletes (debugfs), leaving its -wal live
old = os.path.join(ud, "data", "com.old", "databases")
os.makedirs(old)
open(os.path.join(old, "msgstore.db"), "wb").write(MAIN)
open(os.path.join(old, "msgstore.db-wal"), "wb").write(WAL)
for dp, dn, fn in os.walk(ud):
    for n in dn + fn:
        os.utime(os.path.join(dp, n), (T, T))
print("sibling test evidence in", OUT)
