#!/usr/bin/env python3
"""make_fixtures.py OUT WA_MAKE SYS_MAKE MORE_MAKE - iOS chat evidence for tests/chat_ios (deterministic).

Runs the WhatsApp (tests/chat_whatsapp), system-apps (tests/chat_system) and more-apps (tests/chat_more:
Messenger iOS lightspeed) fixture builders into OUT/src, then lays the same iOS files out two ways:
  OUT/fs/      a full-file-system extraction: /private/var/mobile/Containers/Shared/AppGroup/<UUID>/...
               (WhatsApp) and /private/var/mobile/Library/SMS/... (iMessage)
  OUT/itunes/  an iTunes/Finder backup: files at <sha1[0:2]>/<sha1> with sha1 = SHA-1 of
               "domain-relativePath", a Manifest.db Files table (NSKeyedArchiver MBFile blobs),
               Info.plist and Manifest.plist. WhatsApp's app group is the domain
               "AppDomainGroup-group.net.whatsapp.WhatsApp.shared"; sms.db is in HomeDomain, its
               attachments in MediaDomain (as iOS backs them up).
Attachments are referenced by the apps as "Media/..." (WhatsApp ZMEDIALOCALPATH, relative to the app
group's Message/ directory) and "~/Library/SMS/Attachments/..." (iMessage): e2e_chat_ios.sh checks
both link to their files rows in both layouts. Messenger stores an ABSOLUTE path under its app group
(/private/var/mobile/Containers/Shared/AppGroup/0F1E2D3C-.../lightspeed-TAMStorage/...): the fs layout
puts the app group under another UUID (as after a reinstall or restore) and the backup under the domain
"AppDomainGroup-group.com.facebook.Messenger"; the photo must link in both by re-rooting the path
onto the database's own container."""
import datetime, hashlib, os, plistlib, shutil, sqlite3, subprocess, sys

OUT, WA_MAKE, SYS_MAKE, MORE_MAKE = sys.argv[1:5]
FB_DOMAIN = "AppDomainGroup-group.com.facebook.Messenger"
FB_OLD = "0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9"   # the UUID in the stored attachment path
FB_NEW = "D4C3B2A1-1111-4222-8333-944455556666"   # the app group's UUID in this extraction
FB_PHOTO = "lightspeed-TAMStorage/media_bank/AdvancedCrypto/ab/persistent/img1.jpg"
T = 1600000000
DATE = datetime.datetime(2020, 9, 13, 12, 26, 40)
WA_DOMAIN = "AppDomainGroup-group.net.whatsapp.WhatsApp.shared"

if os.path.exists(OUT):
    shutil.rmtree(OUT)
src = os.path.join(OUT, "src")
subprocess.run([sys.executable, WA_MAKE, os.path.join(src, "wa")], check=True, stdout=subprocess.DEVNULL)
subprocess.run([sys.executable, SYS_MAKE, os.path.join(src, "sys")], check=True, stdout=subprocess.DEVNULL)
subprocess.run([sys.executable, MORE_MAKE, os.path.join(src, "more")], check=True, stdout=subprocess.DEVNULL)
FB = os.path.join(src, "more", "dump", "private", "var", "mobile", "Containers", "Shared", "AppGroup", FB_OLD)
os.makedirs(os.path.dirname(os.path.join(FB, FB_PHOTO)))
with open(os.path.join(FB, FB_PHOTO), "wb") as f:
    f.write(b"\xff\xd8\xff\xe0 messenger e2ee photo bytes")

AG_ROOT = os.path.join(src, "wa", "ios", "private", "var", "mobile", "Containers", "Shared", "AppGroup")
(AG_UUID,) = sorted(os.listdir(AG_ROOT))
AG = os.path.join(AG_ROOT, AG_UUID)
MOBILE = os.path.join(src, "sys", "dump", "filesystem1", "private", "var", "mobile")
SMS = os.path.join(MOBILE, "Library", "SMS")


def files_under(root):
    """Relative paths of the regular files under root, sorted (deterministic order)."""
    out = []
    for dp, dn, fn in os.walk(root):
        dn.sort()
        for n in sorted(fn):
            out.append(os.path.relpath(os.path.join(dp, n), root))
    return sorted(out)


# (device-relative source file, iTunes domain, relativePath, full-file-system path)
entries = []
for rel in files_under(AG):
    entries.append((os.path.join(AG, rel), WA_DOMAIN, rel,
                    f"private/var/mobile/Containers/Shared/AppGroup/{AG_UUID}/{rel}"))
for rel in files_under(FB):
    entries.append((os.path.join(FB, rel), FB_DOMAIN, rel, f"private/var/mobile/Containers/Shared/AppGroup/{FB_NEW}/{rel}"))
for rel in files_under(SMS):
    dom = "MediaDomain" if rel.startswith("Attachments/") else "HomeDomain"
    entries.append((os.path.join(SMS, rel), dom, "Library/SMS/" + rel, "private/var/mobile/Library/SMS/" + rel))


def mbfile(rel, size):
    objs = ["$null", {"$class": plistlib.UID(3), "RelativePath": plistlib.UID(2), "Size": size, "LastModified": T,
                      "Birth": T - 100, "LastStatusChange": T, "Mode": 0o100644, "UserID": 501, "GroupID": 501,
                      "InodeNumber": 1234, "ProtectionClass": 3, "Flags": 0},
            rel, {"$classname": "MBFile", "$classes": ["MBFile", "NSObject"]}]
    return plistlib.dumps({"$version": 100000, "$archiver": "NSKeyedArchiver", "$top": {"root": plistlib.UID(1)},
                           "$objects": objs}, fmt=plistlib.FMT_BINARY, sort_keys=True)


fs = os.path.join(OUT, "fs")
it = os.path.join(OUT, "itunes")
os.makedirs(it)
db = sqlite3.connect(os.path.join(it, "Manifest.db"))
db.execute("CREATE TABLE Files (fileID TEXT PRIMARY KEY, domain TEXT, relativePath TEXT, flags INTEGER, file BLOB)")
db.execute("CREATE TABLE Properties (key TEXT PRIMARY KEY, value BLOB)")
for path, dom, rel, fspath in entries:
    data = open(path, "rb").read()
    dst = os.path.join(fs, fspath)
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    with open(dst, "wb") as f:
        f.write(data)
    fid = hashlib.sha1(f"{dom}-{rel}".encode()).hexdigest()
    db.execute("INSERT INTO Files VALUES(?,?,?,?,?)", (fid, dom, rel, 1, mbfile(rel, len(data))))
    os.makedirs(os.path.join(it, fid[:2]), exist_ok=True)
    with open(os.path.join(it, fid[:2], fid), "wb") as f:
        f.write(data)
db.commit()
db.close()
info = {"Device Name": "Test iPhone", "Display Name": "Test iPhone", "Serial Number": "F2LTEST12345",
        "IMEI": "356789012345675", "Product Type": "iPhone12,1", "Product Version": "16.5",
        "Last Backup Date": DATE, "Phone Number": "+66 81 234 5678",
        "Unique Identifier": "00008030-001A2B3C4D5E802E", "Target Type": "Device"}
with open(os.path.join(it, "Info.plist"), "wb") as f:
    plistlib.dump(info, f, fmt=plistlib.FMT_XML, sort_keys=True)
man = {"IsEncrypted": False, "Version": "10.0", "Date": DATE, "WasPasscodeSet": True,
       "Lockdown": {"ProductVersion": "16.5", "SerialNumber": "F2LTEST12345", "DeviceName": "Test iPhone",
                    "UniqueDeviceID": "00008030-001A2B3C4D5E802E", "ProductType": "iPhone12,1"}}
with open(os.path.join(it, "Manifest.plist"), "wb") as f:
    plistlib.dump(man, f, fmt=plistlib.FMT_BINARY, sort_keys=True)
for root in (fs, it):
    for dp, dn, fn in os.walk(root):
        for n in dn + fn:
            os.utime(os.path.join(dp, n), (T, T))
print("chat_ios fixtures in", OUT, "(WhatsApp app group", AG_UUID + ")")
