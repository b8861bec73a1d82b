#!/usr/bin/env python3
"""mk_hostile.py OUTDIR - hostile evidence for tests/hostile/hostile.sh, built at test time
(deterministic, each item well under 1 MiB except the many-files directory, which is only inodes):

  itunes_view/   Manifest.db whose Files is a VIEW over an endless recursive CTE (issue 8.1)
  itunes_big/    Manifest.db with a 600 KiB `file` blob and a 20,000-character relativePath (8.2)
  next/          a small plain directory: the item after a hostile one must be ingested
  many/          300 directories x 100 small files: a walk that takes seconds (signals, watchdog, lock)
  dangling.tar   a hard link whose target is not in the archive (8.8)
  nest.zip       40 nested zips of 900 KiB each: 60 KiB expanding ~600x, no member over 1 MiB (9)
  incons.zip     a zip whose central directory names a member differently from its local header (9)
"""
import hashlib, os, plistlib, sqlite3, sys, tarfile, io

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)


def plists(root):
    with open(os.path.join(root, "Info.plist"), "wb") as f:
        plistlib.dump({"Device Name": "hostile", "Product Type": "iPhone10,1"}, f)
    with open(os.path.join(root, "Manifest.plist"), "wb") as f:
        plistlib.dump({"IsEncrypted": False, "Version": "10.0"}, f)


def backing(root, fid, data):
    os.makedirs(os.path.join(root, fid[:2]), exist_ok=True)
    with open(os.path.join(root, fid[:2], fid), "wb") as f:
        f.write(data)


# 8.1: Files is a view that never ends (and sorts, so SQLite would fill its temp store)
root = os.path.join(OUT, "itunes_view")
os.makedirs(root)
plists(root)
db = sqlite3.connect(os.path.join(root, "Manifest.db"))
db.executescript("""
CREATE TABLE Properties (key TEXT PRIMARY KEY, value BLOB);
CREATE VIEW Files AS WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c)
  SELECT printf('%040x', n) AS fileID, 'HomeDomain' AS domain, printf('f%d', n) AS relativePath,
         1 AS flags, randomblob(100) AS file FROM c ORDER BY relativePath;
""")
db.close()
fid = hashlib.sha1(b"HomeDomain-Library/real.db").hexdigest()
backing(root, fid, b"a real backing file\n")

# 8.2: a big blob and a very long relativePath, beside a normal row
root = os.path.join(OUT, "itunes_big")
os.makedirs(root)
plists(root)
db = sqlite3.connect(os.path.join(root, "Manifest.db"))
db.execute("CREATE TABLE Files (fileID TEXT PRIMARY KEY, domain TEXT, relativePath TEXT, flags INTEGER, file BLOB)")
rows = [("HomeDomain", "Library/ok.txt", b"x" * 10),
        ("HomeDomain", "Library/bigblob.txt", b"\0" * (600 << 10)),
        ("HomeDomain", "Library/" + "d/" * 10000 + "long.txt", b"")]
for dom, rel, blob in rows:
    fid = hashlib.sha1(f"{dom}-{rel}".encode()).hexdigest()
    db.execute("INSERT INTO Files VALUES (?,?,?,1,?)", (fid, dom, rel, blob))
    backing(root, fid, f"content of {rel[-20:]}\n".encode())
db.commit()
db.close()

# the next item
os.makedirs(os.path.join(OUT, "next"))
with open(os.path.join(OUT, "next", "a.txt"), "w") as f:
    f.write("hello\n")

# a walk that takes a few seconds with one thread
for d in range(300):
    p = os.path.join(OUT, "many", f"d{d:03}")
    os.makedirs(p)
    for i in range(100):
        with open(os.path.join(p, f"f{i:03}.txt"), "w") as f:
            f.write(f"file {d} {i}\n")

# 8.8: a hard link to a member that is not in the archive
with tarfile.open(os.path.join(OUT, "dangling.tar"), "w", format=tarfile.GNU_FORMAT) as t:
    data = b"real member\n"
    ti = tarfile.TarInfo("real.txt")
    ti.size = len(data)
    ti.mtime = 1600000000
    t.addfile(ti, io.BytesIO(data))
    ln = tarfile.TarInfo("link.txt")
    ln.type = tarfile.LNKTYPE
    ln.linkname = "not/in/the/archive.txt"
    ln.mtime = 1600000000
    t.addfile(ln)

# 9: a 42.zip-style nest: no single member trips the per-member checks (each < 1 MiB), but the
# whole container expands ~100x its size
import random, zipfile
rnd = random.Random(42)
pattern = bytes(rnd.getrandbits(8) for _ in range(64)) + b"\0" * 6000
inner_data = (pattern * (900 * 1024 // len(pattern) + 1))[:900 * 1024]
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    zi = zipfile.ZipInfo("inner.bin", (2020, 1, 1, 0, 0, 0))
    zi.compress_type = zipfile.ZIP_DEFLATED
    z.writestr(zi, inner_data)
inner_zip = buf.getvalue()
with zipfile.ZipFile(os.path.join(OUT, "nest.zip"), "w", zipfile.ZIP_STORED) as z:
    for i in range(40):
        z.writestr(zipfile.ZipInfo(f"layer/{i:02}.zip", (2020, 1, 1, 0, 0, 0)), inner_zip)

# 9: a zip whose central directory disagrees with its local headers (an entry renamed in the CD)
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    for n, text in (("docs/a.txt", "alpha " * 100), ("docs/b.txt", "beta " * 100)):
        zi = zipfile.ZipInfo(n, (2020, 1, 1, 0, 0, 0))
        zi.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(zi, text)
data = bytearray(buf.getvalue())
i = data.rfind(b"docs/b.txt")  # the last occurrence is the central directory's
data[i:i + 10] = b"docs/c.txt"
with open(os.path.join(OUT, "incons.zip"), "wb") as f:
    f.write(bytes(data))
