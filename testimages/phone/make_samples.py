#!/usr/bin/env python3
"""make_samples.py OUTDIR - Android backups, UFDR-like zip, nested and hostile archives.
Deterministic: fixed mtimes (1600000000), fixed bytes. Appends to OUTDIR/expected.txt."""
import hashlib, io, os, sys, tarfile, zipfile, zlib

OUT = sys.argv[1]
T = 1600000000
ZT = (2020, 9, 13, 12, 26, 40)
exp = open(os.path.join(OUT, "expected.txt"), "a")


def sha(b):
    return hashlib.sha256(b).hexdigest()


def tar_bytes(members):
    """members: list of (name, bytes|None for dir, kind) kind in 'f','d','l:target','h:target'."""
    bio = io.BytesIO()
    with tarfile.open(fileobj=bio, mode="w", format=tarfile.GNU_FORMAT) as tf:
        for name, data, kind in members:
            ti = tarfile.TarInfo(name)
            ti.mtime = T
            ti.uid = ti.gid = 0
            ti.uname = ti.gname = ""
            if kind == "d":
                ti.type = tarfile.DIRTYPE
                ti.mode = 0o755
                tf.addfile(ti)
            elif kind.startswith("l:"):
                ti.type = tarfile.SYMTYPE
                ti.linkname = kind[2:]
                tf.addfile(ti)
            else:
                ti.size = len(data)
                ti.mode = 0o644
                tf.addfile(ti, io.BytesIO(data))
    return bio.getvalue()


def zip_bytes(members, method=zipfile.ZIP_DEFLATED):
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, "w", method) as zf:
        for name, data in members:
            zi = zipfile.ZipInfo(name, ZT)
            zi.compress_type = method
            zi.external_attr = 0o644 << 16
            zf.writestr(zi, data)
    return bio.getvalue()


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


# Android backup: apps/<pkg>/db/... as adb writes it
msg = b"SQLite format 3\x00" + b"ab-msgstore" * 50
prefs = b"<map/>\n"
ab_tar = tar_bytes([
    ("apps/com.whatsapp/_manifest", b"1\n33\ncom.whatsapp\n", "f"),
    ("apps/com.whatsapp/db/msgstore.db", msg, "f"),
    ("apps/com.whatsapp/sp/prefs.xml", prefs, "f"),
])
exp.write(f"{sha(msg)}  ab:apps/com.whatsapp/db/msgstore.db\n")
write("backup.ab", b"ANDROID BACKUP\n5\n1\nnone\n" + zlib.compress(ab_tar, 9))
write("backup_plain.ab", b"ANDROID BACKUP\n1\n0\nnone\n" + ab_tar)
enc_hdr = (b"ANDROID BACKUP\n5\n1\nAES-256\n" + b"00" * 64 + b"\n" + b"11" * 64 + b"\n10000\n" +
           b"22" * 16 + b"\n" + b"33" * 96 + b"\n")
write("backup_enc.ab", enc_hdr + bytes((i * 7) & 0xFF for i in range(4096)))

# UFDR-like zip: files first, report.xml last (exercises reading report.xml first)
ufdr_msg = b"SQLite format 3\x00" + b"ufdr-msgstore" * 40
report = f"""<?xml version="1.0" encoding="utf-8"?>
<project id="p1" name="Test UFDR" xmlns="http://pa.cellebrite.com/report/2.0">
  <sourceExtractions>
    <extractionInfo id="0" name="File System" type="FileSystem" deviceName="Test Phone" index="0"/>
  </sourceExtractions>
  <metadata section="Device Info">
    <item name="DeviceInfoDetectedModel"><![CDATA[SM-G991B]]></item>
    <item name="IMEI"><![CDATA[356789012345675]]></item>
    <item name="DeviceInfoOSVersion"><![CDATA[13]]></item>
    <item name="DeviceInfoExtractionStartDateTime"><![CDATA[2023-05-01T10:00:00+00:00]]></item>
  </metadata>
  <taggedFiles>
    <file fs="userdata" fsid="f1" path="/data/data/com.whatsapp/databases/msgstore.db" size="{len(ufdr_msg)}" id="x1" extractionId="0" deleted="Intact">
      <metadata section="File">
        <item name="Local Path"><![CDATA[files\\Database\\msgstore.db]]></item>
        <item name="SHA256"><![CDATA[{sha(ufdr_msg)}]]></item>
      </metadata>
    </file>
  </taggedFiles>
</project>
""".encode()
write("sample.ufdr", zip_bytes([("files/Database/msgstore.db", ufdr_msg), ("report.xml", report)]))
exp.write(f"{sha(ufdr_msg)}  ufdr:files/Database/msgstore.db\n")

# nested: a zip inside a tar
inner_txt = b"inside the inner zip\n"
inner = zip_bytes([("deep/inner.txt", inner_txt)])
write("nested.tar", tar_bytes([("outer/plain.txt", b"plain\n", "f"), ("outer/inner.zip", inner, "f")]))
exp.write(f"{sha(inner_txt)}  nested:deep/inner.txt\n")

# hostile tar
write("hostile.tar", tar_bytes([
    ("../evil.txt", b"evil\n", "f"),
    ("/etc/passwd", b"root:x:0:0\n", "f"),
    ("a/link", None, "l:../../../etc/shadow"),
    ("a/abs_link", None, "l:/system/bin/sh"),
    ("dup.txt", b"first\n", "f"),
    ("dup.txt", b"second\n", "f"),
    ("a/b/c/late.txt", b"late\n", "f"),
]))
exp.write(f"{sha(b'first' + bytes([10]))}  hostile:dup.txt\n{sha(b'second' + bytes([10]))}  hostile:dup.txt~2\n")

# zip bomb: 16 MiB of zeros deflates to ~16 KiB
bomb = zip_bytes([("zeros.bin", bytes(16 << 20)), ("after.txt", b"after the bomb\n")])
write("bomb.zip", bomb)

# bad CRC: stored member with one flipped data byte
good = b"0123456789abcdef" * 8
z = bytearray(zip_bytes([("crc.txt", good), ("ok.txt", b"fine\n")], zipfile.ZIP_STORED))
i = z.find(good)
z[i + 5] ^= 0xFF
write("badcrc.zip", bytes(z))
exp.close()
