#!/usr/bin/env python3
"""make_review.py OUTDIR - small hostile inputs for the review regressions (tests/containers/
test_review.c): deep paths, '/' runs, a file used as a parent, hard links, an unreadable zip, a
UFDR report.xml bomb, iTunes backups with a deep relativePath, planted symlinks, a WAL-only table
and many hashed files. Deterministic: fixed mtimes, names and bytes. Everything goes under
OUTDIR/review/."""
import hashlib, io, os, plistlib, sqlite3, struct, sys, tarfile, zipfile, zlib

OUT = os.path.join(sys.argv[1], "review")
T = 1600000000
os.makedirs(OUT, exist_ok=True)


def tinfo(name, data=b"", typ=tarfile.REGTYPE, link=""):
    ti = tarfile.TarInfo(name)
    ti.mtime = T
    ti.mode = 0o644
    ti.type = typ
    ti.linkname = link
    ti.size = len(data) if typ == tarfile.REGTYPE else 0
    return ti


def tar(path, members):
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as t:
        for m in members:
            name, data = m[0], m[1]
            typ = m[2] if len(m) > 2 else tarfile.REGTYPE
            link = m[3] if len(m) > 3 else ""
            t.addfile(tinfo(name, data, typ, link), io.BytesIO(data) if typ == tarfile.REGTYPE else None)


# 1. one pax member of 40,000 components (about 92 KB of tar)
tar(os.path.join(OUT, "deep.tar"), [("a/" * 40000 + "deep.txt", b"deep content\n"), ("ok.txt", b"ok\n")])

# 6. runs of '/' (must not drop the tail) and a file that a later member uses as its parent
tar(os.path.join(OUT, "slashes.tar"), [("evidence" + "/" * 61 + "secret.txt", b"secret\n"),
                                        ("evidence/other.txt", b"other\n")])
tar(os.path.join(OUT, "fileparent.tar"), [("evidence", b"a plain file\n"), ("evidence/other.txt", b"other\n"),
                                           ("evidence/sub/deeper.txt", b"deeper\n")])

# 5. hard links: to a plain member, to a member a plugin keeps, to nothing
tar(os.path.join(OUT, "hardlink.tar"), [
    ("dir/a.txt", b"hard link target content\n"),
    ("dir/b.txt", b"", tarfile.LNKTYPE, "dir/a.txt"),
    ("db/msgstore.db", b"SQLite format 3\x00" + b"k" * 200),
    ("db/msgstore-copy.db", b"", tarfile.LNKTYPE, "db/msgstore.db"),
    ("dangling.txt", b"", tarfile.LNKTYPE, "no/such/member"),
])


# 8. a zip whose sizes (local header and central directory, zip64) claim 2^63 bytes
def zip64_huge(path):
    name, data = b"a.txt", b"hello world\n"
    crc, big = zlib.crc32(data), 1 << 63
    z64 = struct.pack("<HHQQ", 1, 16, big, big)
    lh = struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, 0, 0, 0, crc, 0xFFFFFFFF, 0xFFFFFFFF, len(name),
                     len(z64)) + name + z64
    z64c = struct.pack("<HHQQQ", 1, 24, big, big, 0)
    cd = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, 0, 0, 0, crc, 0xFFFFFFFF, 0xFFFFFFFF, len(name),
                     len(z64c), 0, 0, 0, 0, 0) + name + z64c
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(cd), len(lh) + len(data), 0)
    with open(path, "wb") as f:
        f.write(lh + data + cd + eocd)


zip64_huge(os.path.join(OUT, "huge.zip"))


# 4. UFDR whose report.xml declares 100 bytes but inflates to 32 MiB (about 32 KB stored)
def ufdr_bomb(path):
    zi = zipfile.ZipInfo("report.xml", (2020, 9, 13, 12, 26, 40))
    zi.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "w") as z:
        with z.open(zi, "w") as f:
            f.write(b'<?xml version="1.0"?><project><!-- ')
            block = b" " * (1 << 20)
            for _ in range(32):
                f.write(block)
        z.writestr(zipfile.ZipInfo("files/x.txt", (2020, 9, 13, 12, 26, 40)), b"x\n")
    b = bytearray(open(path, "rb").read())
    cd = b.find(b"PK\x01\x02")
    assert b[cd + 46:cd + 56] == b"report.xml"
    struct.pack_into("<I", b, cd + 24, 100)  # declared uncompressed size
    struct.pack_into("<I", b, 22, 100)       # and in the local header
    open(path, "wb").write(b)


ufdr_bomb(os.path.join(OUT, "bomb.ufdr"))


# ---- iTunes backups ----------------------------------------------------------------------------
def mbfile(size):
    f = {"$class": plistlib.UID(2), "Size": size, "LastModified": T, "Mode": 0o100644, "UserID": 501,
         "GroupID": 501, "InodeNumber": 1, "ProtectionClass": 3, "Flags": 0}
    objs = ["$null", f, {"$classname": "MBFile", "$classes": ["MBFile", "NSObject"]}]
    return plistlib.dumps({"$version": 100000, "$archiver": "NSKeyedArchiver", "$top": {"root": plistlib.UID(1)},
                           "$objects": objs}, fmt=plistlib.FMT_BINARY, sort_keys=True)


def backup(root, rows, encrypted=False):
    """rows: (domain, relativePath, flags, content bytes | None | ("symlink", target))"""
    os.makedirs(root)
    db = sqlite3.connect(os.path.join(root, "Manifest.db"))
    db.execute("CREATE TABLE Files (fileID TEXT PRIMARY KEY, domain TEXT, relativePath TEXT, flags INTEGER, file BLOB)")
    for dom, rel, flags, data in rows:
        fid = hashlib.sha1(f"{dom}-{rel}".encode()).hexdigest()
        size = len(data) if isinstance(data, bytes) else 0
        db.execute("INSERT INTO Files VALUES(?,?,?,?,?)", (fid, dom, rel, flags, mbfile(size)))
        if data is None:
            continue
        os.makedirs(os.path.join(root, fid[:2]), exist_ok=True)
        p = os.path.join(root, fid[:2], fid)
        if isinstance(data, tuple):
            os.symlink(data[1], p)
        else:
            with open(p, "wb") as f:
                f.write(data)
    db.commit()
    db.close()
    man = {"IsEncrypted": encrypted, "Version": "10.0"}
    with open(os.path.join(root, "Manifest.plist"), "wb") as f:
        plistlib.dump(man, f, fmt=plistlib.FMT_BINARY, sort_keys=True)
    return root


outside = os.path.join(OUT, "outside")
os.makedirs(outside, exist_ok=True)
with open(os.path.join(outside, "secret.txt"), "wb") as f:
    f.write(b"outside the evidence\n")

# 1. a relativePath of 300,000 components
backup(os.path.join(OUT, "itunes_deep"), [("HomeDomain", "d/" * 300000 + "deep.db", 1, b"deep\n"),
                                          ("HomeDomain", "Library/ok.txt", 1, b"ok\n")])

# 3. a backing file that is a symlink to a file outside; a hashed subdirectory that is a symlink
it = backup(os.path.join(OUT, "itunes_symlink"), [
    ("HomeDomain", "Library/planted.txt", 1, ("symlink", os.path.join(outside, "secret.txt"))),
    ("HomeDomain", "Library/ok.txt", 1, b"ok\n"),
    ("HomeDomain", "Library/viadir.txt", 1, None),
])
vid = hashlib.sha1(b"HomeDomain-Library/viadir.txt").hexdigest()
os.makedirs(os.path.join(outside, "sub"), exist_ok=True)
with open(os.path.join(outside, "sub", vid), "wb") as f:
    f.write(b"reached through a symlinked directory\n")
os.symlink(os.path.join(outside, "sub"), os.path.join(it, vid[:2]))


# 2. a database whose only table is in its -wal (the WAL row comes after the database in walk order)
def wal_db():
    tmp = os.path.join(OUT, "waltmp")
    os.makedirs(tmp, exist_ok=True)
    p = os.path.join(tmp, "notes.sqlite")
    con = sqlite3.connect(p)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("CREATE TABLE base_table(id INTEGER PRIMARY KEY)")
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the first table goes to the main file
    con.execute("CREATE TABLE walonly_table(id INTEGER PRIMARY KEY, note TEXT)")
    for i in range(5):
        con.execute("INSERT INTO walonly_table(note) VALUES (?)", ("note %d" % i,))
    con.commit()
    main, wal = open(p, "rb").read(), open(p + "-wal", "rb").read()
    con.close()
    for n in os.listdir(tmp):
        os.unlink(os.path.join(tmp, n))
    os.rmdir(tmp)
    return main, wal


main, wal = wal_db()
assert len(wal) > 0
backup(os.path.join(OUT, "itunes_wal"), [("HomeDomain", "Library/Notes/notes.sqlite", 1, main),
                                         ("HomeDomain", "Library/Notes/notes.sqlite-wal", 1, wal)])

# 7. an encrypted backup with 300 hashed files (the listing grows its array several times)
enc = backup(os.path.join(OUT, "itunes_many"), [], encrypted=True)
for i in range(300):
    fid = hashlib.sha1(b"many-%d" % i).hexdigest()
    os.makedirs(os.path.join(enc, fid[:2]), exist_ok=True)
    with open(os.path.join(enc, fid[:2], fid), "wb") as f:
        f.write(b"file %d\n" % i)

for dp, dn, fn in os.walk(OUT):
    for n in dn + fn:
        os.utime(os.path.join(dp, n), (T, T), follow_symlinks=False)
