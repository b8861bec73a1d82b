#!/usr/bin/env python3
"""
make_images.py - build the deterministic benchmark images for dftriage (see bench/README.md).

Variants (each an ext4 file system image made with `mke2fs -t ext4 -d SRC`, no mounting, no root):
  mixed : ~30,000 files of mixed kinds (text, seeded pseudo-random binary with real magic headers,
          real zip archives, SQLite databases, 30 large files of 1-50 MiB), ~850 MiB of file data in
          a 1280 MiB image.
  small : >= 200,000 small files (0.5-8 KiB, text and binary) in a two-level tree, 1792 MiB image.

Invariants:
  - Output depends only on the seed and this script: pseudo-random bytes come from one
    `openssl enc -aes-128-ctr` stream of /dev/zero with a fixed key (one process for the whole
    run, no per-file spawns) and python's random.Random(seed) for choices; every file and directory
    gets the fixed mtime/atime SOURCE_DATE_EPOCH; mke2fs gets a fixed UUID, hash seed, label and
    E2FSPROGS_FAKE_TIME; the inode ctimes mke2fs copies from the source tree are reset afterwards
    with one `debugfs -w` run (the list of inodes comes from TSK's `ils -a`).
  - An image is rebuilt only when missing or when its `.stamp` (generator version + parameters)
    differs. The source tree is removed after the image is made unless --keep-src.
"""
import argparse
import io
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
import zipfile

GEN_VERSION = "4"
EPOCH = 1577836800  # 2020-01-01T00:00:00Z
UUIDS = {"mixed": "d7f1a0be-0000-4000-8000-00000000b001",
         "small": "d7f1a0be-0000-4000-8000-00000000b002"}

WORDS = ("the of and to in is was for on with as by at from that this be are or an it not have has had "
         "payment transfer wallet account invoice shipment customer order number balance bitcoin "
         "address meeting tomorrow confirmed pending agent office passport visa contract salary "
         "worker recruit telegram whatsapp phone email password login server backup report quarter "
         "revenue margin delivery warehouse container port customs vessel manifest").split()


class Stream:
    """Deterministic pseudo-random bytes: AES-128-CTR keystream of zeros (one openssl process)."""

    def __init__(self, seed):
        key = "%032x" % (seed * 0x9E3779B97F4A7C15 & (1 << 128) - 1)
        self.proc = subprocess.Popen(
            ["openssl", "enc", "-aes-128-ctr", "-K", key, "-iv", "0" * 32, "-nosalt", "-in", "/dev/zero"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=1 << 20)

    def read(self, n):
        out = self.proc.stdout.read(n)
        if len(out) != n:
            raise RuntimeError("openssl stream ended early")
        return out

    def close(self):
        self.proc.kill()
        self.proc.wait()


def text_corpus(rng, size):
    lines, total = [], 0
    while total < size:
        n = rng.randint(4, 18)
        line = " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + ".\n"
        lines.append(line)
        total += len(line)
    return "".join(lines).encode()


class Gen:
    def __init__(self, seed, root):
        self.rng = random.Random(seed)
        self.stream = Stream(seed)
        self.corpus = text_corpus(random.Random(seed + 1), 8 << 20)
        self.root = root
        self.files = 0
        self.bytes = 0

    def text(self, n, tag):
        head = ("# %s\n" % tag).encode()
        if n <= len(head):
            return head[:n]
        off = self.rng.randrange(0, len(self.corpus) - n) if n < len(self.corpus) else 0
        body = self.corpus[off:off + n - len(head)]
        while len(head) + len(body) < n:  # only for texts larger than the corpus
            body += self.corpus[: n - len(head) - len(body)]
        return head + body

    def write(self, rel, data):
        path = os.path.join(self.root, rel)
        with open(path, "wb") as f:
            f.write(data)
        os.utime(path, (EPOCH, EPOCH))
        self.files += 1
        self.bytes += len(data)

    def write_stream(self, rel, n, head=b""):
        path = os.path.join(self.root, rel)
        with open(path, "wb") as f:
            f.write(head)
            left = n - len(head)
            while left > 0:
                k = min(left, 4 << 20)
                f.write(self.stream.read(k))
                left -= k
        os.utime(path, (EPOCH, EPOCH))
        self.files += 1
        self.bytes += n


def loguniform(rng, lo, hi):
    import math
    return int(math.exp(rng.uniform(math.log(lo), math.log(hi))))


MAGIC_HEADS = {
    "jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00",
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x04\x00\x00\x00\x03\x00\x08\x02\x00\x00\x00",
    "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    "gz": b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03",
    "exe": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00",
    "elf": b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00>\x00",
    "mp4": b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom",
    "bin": b"",
    "dat": b"",
}


def make_dirs(root, names):
    for d in names:
        os.makedirs(os.path.join(root, d), exist_ok=True)


def gen_mixed(g):
    rng = g.rng
    tops = ["Users/alice/Documents", "Users/alice/Downloads", "Users/alice/Pictures", "Users/bob/Desktop",
            "Users/bob/AppData/Local", "var/log", "srv/share", "opt/app/data", "home/carol/mail",
            "Backup/2019", "Backup/2020", "Projects"]
    dirs = ["%s/d%02d/s%02d" % (t, i, j) for t in tops for i in range(12) for j in range(10)]
    make_dirs(g.root, dirs)  # 1440 leaf dirs
    texts = ["txt", "log", "md", "csv", "json", "html", "xml", "eml"]
    bins = list(MAGIC_HEADS)
    n = 0
    # 12,000 text files, 200 B - 64 KiB (log-uniform)
    for i in range(12000):
        ext = texts[i % len(texts)]
        size = loguniform(rng, 200, 64 << 10)
        g.write("%s/t%05d.%s" % (dirs[rng.randrange(len(dirs))], i, ext), g.text(size, "text %d" % i))
    # 10,000 binary files with a real magic header, 1 KiB - 128 KiB
    for i in range(10000):
        ext = bins[i % len(bins)]
        size = loguniform(rng, 1 << 10, 128 << 10)
        head = MAGIC_HEADS[ext][:size]
        g.write_stream("%s/b%05d.%s" % (dirs[rng.randrange(len(dirs))], i, ext), size, head)
    # 7,920 tiny files (configs, empty, dot files), 0 - 4 KiB
    for i in range(7920):
        size = rng.choice([0, 1, 17, 64, 300, 1000, 2500, 4096])
        g.write("%s/.cfg%05d.ini" % (dirs[rng.randrange(len(dirs))], i), g.text(size, "cfg"))
    # 40 real zip archives of texts (deflated: real libmagic + archive content)
    for i in range(40):
        bio = io.BytesIO()
        with zipfile.ZipFile(bio, "w", zipfile.ZIP_DEFLATED) as z:
            for k in range(rng.randint(5, 40)):
                zi = zipfile.ZipInfo("doc%03d.txt" % k, date_time=(2020, 1, 1, 0, 0, 0))
                z.writestr(zi, g.text(loguniform(rng, 500, 200 << 10), "zip %d/%d" % (i, k)))
        g.write("%s/archive%02d.zip" % (dirs[rng.randrange(len(dirs))], i), bio.getvalue())
    # 20 SQLite databases, ~1-6 MiB (chat-like tables)
    for i in range(20):
        rel = "%s/app%02d.sqlite" % (dirs[rng.randrange(len(dirs))], i)
        path = os.path.join(g.root, rel)
        con = sqlite3.connect(path)
        con.execute("PRAGMA journal_mode=DELETE")
        con.execute("CREATE TABLE contacts(id INTEGER PRIMARY KEY, name TEXT, phone TEXT)")
        con.execute("CREATE TABLE messages(id INTEGER PRIMARY KEY, contact INTEGER, ts INTEGER, "
                    "direction INTEGER, body TEXT)")
        con.executemany("INSERT INTO contacts VALUES(?,?,?)",
                        [(k, "person %d" % k, "+6681%07d" % rng.randrange(10 ** 7)) for k in range(200)])
        rows = rng.randint(5000, 30000)
        con.executemany("INSERT INTO messages VALUES(?,?,?,?,?)",
                        [(k, rng.randrange(200), EPOCH - rng.randrange(10 ** 8), rng.randrange(2),
                          g.text(rng.randint(20, 300), "m").decode()) for k in range(rows)])
        con.commit()
        con.close()
        os.utime(path, (EPOCH, EPOCH))
        g.files += 1
        g.bytes += os.path.getsize(path)
    # 30 large files, 1-50 MiB: 24 random (video/vm/backup-like), 6 compressible text logs
    sizes = [1, 2, 3, 4, 5, 6, 8, 10, 12, 14, 16, 20, 24, 28, 32, 36, 40, 45, 50, 3, 7, 9, 11, 13]
    for i, mib in enumerate(sizes):
        ext = ["mp4", "bin", "gz", "dat"][i % 4]
        g.write_stream("Backup/big%02d.%s" % (i, ext), mib << 20, MAGIC_HEADS[ext])
    for i, mib in enumerate([2, 4, 6, 8, 12, 16]):
        g.write("var/log/big%02d.log" % i, g.text(mib << 20, "log %d" % i))


def gen_small(g, count):
    rng = g.rng
    dirs = ["p%02d/q%02d" % (i, j) for i in range(64) for j in range(64)]
    make_dirs(g.root, dirs)
    for i in range(count):
        size = rng.randint(512, 8 << 10)
        rel = "%s/f%06d.%s" % (dirs[i % len(dirs)], i, "txt" if i % 10 < 7 else "bin")
        if i % 10 < 7:
            g.write(rel, g.text(size, "small %d" % i))
        else:
            g.write(rel, g.stream.read(size))


def stamp_dirs(root):
    for d, subdirs, _ in os.walk(root, topdown=False):
        os.utime(d, (EPOCH, EPOCH))


def fix_ctimes(img):
    """mke2fs -d copies st_ctime, which no unprivileged call can set: reset it with one debugfs run."""
    ils = subprocess.run(["ils", "-a", img], check=True, capture_output=True, text=True).stdout
    cmds = []
    for line in ils.splitlines():
        f = line.split("|")
        if len(f) >= 9 and f[0].isdigit() and f[6].isdigit() and int(f[6]) not in (0, EPOCH):
            cmds.append("sif <%s> ctime @%d\n" % (f[0], EPOCH))
    if cmds:
        subprocess.run(["debugfs", "-w", "-f", "-", img], input="".join(cmds), check=True, text=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env=dict(os.environ, E2FSPROGS_FAKE_TIME=str(EPOCH)))


VARIANTS = {
    # name: (image MiB, inode count)
    "mixed": (1280, 65536),
    "small": (1792, 262144),
}


def build(variant, out, seed, small_count, keep_src):
    img = os.path.join(out, "%s.raw" % variant)
    size_mib, inodes = VARIANTS[variant]
    params = "v%s seed=%d size=%d inodes=%d count=%d" % (GEN_VERSION, seed, size_mib, inodes,
                                                          small_count if variant == "small" else 0)
    stamp = img + ".stamp"
    if os.path.exists(img) and os.path.exists(stamp) and open(stamp).readline().strip() == params:
        print("%s: up to date (%s)" % (img, params), file=sys.stderr)
        return img
    src = os.path.join(out, "src-%s" % variant)
    shutil.rmtree(src, ignore_errors=True)
    os.makedirs(src)
    t0 = time.time()
    g = Gen(seed if variant == "mixed" else seed + 1000, src)
    try:
        if variant == "mixed":
            gen_mixed(g)
        else:
            gen_small(g, small_count)
    finally:
        g.stream.close()
    stamp_dirs(src)
    t1 = time.time()
    print("%s: generated %d files, %.1f MiB in %.1f s" % (variant, g.files, g.bytes / 2 ** 20, t1 - t0),
          file=sys.stderr)
    if os.path.exists(img):
        os.unlink(img)
    env = dict(os.environ, E2FSPROGS_FAKE_TIME=str(EPOCH), SOURCE_DATE_EPOCH=str(EPOCH), LC_ALL="C")
    u = UUIDS[variant]
    subprocess.run(["mke2fs", "-q", "-F", "-t", "ext4", "-b", "4096", "-I", "256", "-N", str(inodes),
                    "-m", "0", "-L", "bench-" + variant, "-U", u,
                    "-E", "root_owner=0:0,hash_seed=%s,nodiscard" % u, "-d", src, img, "%dM" % size_mib],
                   check=True, env=env)
    fix_ctimes(img)
    print("%s: mke2fs in %.1f s -> %s" % (variant, time.time() - t1, img), file=sys.stderr)
    with open(stamp, "w") as f:
        f.write(params + "\nfiles=%d bytes=%d\n" % (g.files, g.bytes))
    if not keep_src:
        shutil.rmtree(src, ignore_errors=True)
    return img


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir", nargs="?", default="/tmp/dftriage-bench")
    ap.add_argument("--variant", choices=["mixed", "small", "all"], default="all")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--small-count", type=int, default=210000)
    ap.add_argument("--keep-src", action="store_true")
    a = ap.parse_args()
    os.makedirs(a.outdir, exist_ok=True)
    for v in (["mixed", "small"] if a.variant == "all" else [a.variant]):
        print(build(v, a.outdir, a.seed, a.small_count, a.keep_src))


if __name__ == "__main__":
    main()
