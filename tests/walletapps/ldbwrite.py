"""ldbwrite.py - writes LevelDB files in the real on-disk format (python3 stdlib only), for the
wallet_apps tests: write-ahead logs (32 KiB blocks, FULL/FIRST/MIDDLE/LAST records, masked CRC32C)
and tables (.ldb: data blocks with shared-prefix keys and restart points, uncompressed or Snappy,
index block, footer with magic 0xdb4775248b80fb57).

Snappy is not in the standard library: `snappy_compress` below is a small greedy compressor that
writes valid Snappy (literals and 2-byte-offset copies), so the reader's libsnappy inflation is
exercised with back-references, not only literals. Format: google/leveldb doc/log_format.md,
doc/table_format.md; google/snappy format_description.txt.
"""
import struct

BLOCK = 32768
FULL, FIRST, MIDDLE, LAST = 1, 2, 3, 4
MAGIC = 0xDB4775248B80FB57


def _crc_table():
    t = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        t.append(c)
    return t


_T = _crc_table()


def crc32c(data, crc=0):
    crc ^= 0xFFFFFFFF
    for b in data:
        crc = _T[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def mask(c):
    return (((c >> 15) | (c << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def write_batch(seq, ops):
    """ops: list of (key bytes, value bytes or None for a delete)."""
    out = bytearray(struct.pack("<QI", seq, len(ops)))
    for k, v in ops:
        if v is None:
            out += b"\x00" + varint(len(k)) + k
        else:
            out += b"\x01" + varint(len(k)) + k + varint(len(v)) + v
    return bytes(out)


class LogWriter:
    """Splits logical records into physical ones exactly as leveldb's log::Writer does."""

    def __init__(self):
        self.buf = bytearray()
        self.corrupt_next = False

    def _phys(self, rtype, data):
        crc = mask(crc32c(bytes([rtype]) + data))
        if self.corrupt_next:
            crc ^= 0x1
            self.corrupt_next = False
        self.buf += struct.pack("<IHB", crc, len(data), rtype) + data

    def add(self, record):
        left = record
        begin = True
        while True:
            room = BLOCK - len(self.buf) % BLOCK
            if room < 7:
                self.buf += b"\x00" * room  # trailer: zero padding
                room = BLOCK
            avail = room - 7
            frag = left[:avail]
            end = len(frag) == len(left)
            rtype = FULL if begin and end else FIRST if begin else LAST if end else MIDDLE
            self._phys(rtype, frag)
            left = left[len(frag):]
            begin = False
            if end:
                return

    def data(self):
        return bytes(self.buf)


def snappy_compress(data):
    out = bytearray(varint(len(data)))
    i, lit = 0, 0
    table = {}

    def literal(a, b):
        while a < b:
            n = min(b - a, 65536)
            if n <= 60:
                out.append((n - 1) << 2)
            elif n <= 256:
                out.append(60 << 2)
                out.append(n - 1)
            else:
                out.append(61 << 2)
                out.extend(struct.pack("<H", n - 1))
            out.extend(data[a:a + n])
            a += n

    while i + 4 <= len(data):
        key = data[i:i + 4]
        cand = table.get(key)
        table[key] = i
        if cand is not None and i - cand < 65536:
            n = 4
            while i + n < len(data) and data[cand + n] == data[i + n] and n < 64:
                n += 1
            literal(lit, i)
            out.append(((n - 1) << 2) | 2)
            out.extend(struct.pack("<H", i - cand))
            i += n
            lit = i
        else:
            i += 1
    literal(lit, len(data))
    return bytes(out)


def block_bytes(entries, restart_interval=4):
    """entries: sorted list of (key bytes, value bytes) -> block contents with restarts."""
    out = bytearray()
    restarts = []
    last = b""
    for n, (k, v) in enumerate(entries):
        if n % restart_interval == 0:
            restarts.append(len(out))
            shared = 0
        else:
            shared = 0
            while shared < min(len(k), len(last)) and k[shared] == last[shared]:
                shared += 1
        out += varint(shared) + varint(len(k) - shared) + varint(len(v)) + k[shared:] + v
        last = k
    if not restarts:
        restarts = [0]
    for r in restarts:
        out += struct.pack("<I", r)
    out += struct.pack("<I", len(restarts))
    return bytes(out)


def internal_key(user_key, seq, deleted=False):
    return user_key + struct.pack("<Q", (seq << 8) | (0 if deleted else 1))


class TableWriter:
    """A table of explicit data blocks: add_block(entries, snappy) per block, then data()."""

    def __init__(self):
        self.buf = bytearray()
        self.index = []
        self.corrupt_blocks = set()

    def _raw_block(self, contents, ctype, corrupt=False):
        off = len(self.buf)
        crc = mask(crc32c(contents + bytes([ctype])))
        if corrupt:
            crc ^= 1
        self.buf += contents + bytes([ctype]) + struct.pack("<I", crc)
        return off, len(contents)

    def add_block(self, entries, snappy=False, corrupt=False):
        """entries: list of (user_key, seq, value or None) sorted by user key asc, seq desc."""
        ents = [(internal_key(k, s, v is None), v if v is not None else b"") for k, s, v in entries]
        contents = block_bytes(ents)
        if snappy:
            contents = snappy_compress(contents)
        off, size = self._raw_block(contents, 1 if snappy else 0, corrupt)
        self.index.append((ents[-1][0], off, size))

    def _index_keys(self):
        """Separator keys as leveldb writes them: a block's last key, except the last block's, which
        is shortened to its successor (FindShortSuccessor: first byte < 0xff incremented, rest cut)."""
        keys = [k for k, _, _ in self.index]
        if keys:
            user = keys[-1][:-8]
            for i, b in enumerate(user):
                if b != 0xFF:
                    keys[-1] = user[:i] + bytes([b + 1]) + struct.pack("<Q", ((2**56 - 1) << 8) | 1)
                    break
        return keys

    def data(self):
        saved = bytes(self.buf)  # data() may be called again: the tail blocks are not kept
        meta_off, meta_size = self._raw_block(block_bytes([]), 0)
        idx = block_bytes([(k, varint(o) + varint(s)) for k, (_, o, s) in zip(self._index_keys(), self.index)], 1)
        idx_off, idx_size = self._raw_block(idx, 0)
        footer = varint(meta_off) + varint(meta_size) + varint(idx_off) + varint(idx_size)
        footer += b"\x00" * (40 - len(footer)) + struct.pack("<Q", MAGIC)
        out = bytes(self.buf) + footer
        self.buf = bytearray(saved)
        return out


def chrome_db_dir(path, log_batches=(), table_blocks=(), table_name="000005.ldb", log_name="000003.log"):
    """A Chrome-like LevelDB directory: CURRENT, LOCK, MANIFEST, one table, one log."""
    import os
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, "CURRENT"), "w") as f:
        f.write("MANIFEST-000001\n")
    open(os.path.join(path, "LOCK"), "w").close()
    with open(os.path.join(path, "MANIFEST-000001"), "wb") as f:
        lw = LogWriter()
        lw.add(b"\x01\x1aleveldb.BytewiseComparator")
        f.write(lw.data())
    if table_blocks:
        tw = TableWriter()
        for entries, snappy in table_blocks:
            tw.add_block(entries, snappy)
        with open(os.path.join(path, table_name), "wb") as f:
            f.write(tw.data())
    lw = LogWriter()
    for seq, ops in log_batches:
        lw.add(write_batch(seq, ops))
    with open(os.path.join(path, log_name), "wb") as f:
        f.write(lw.data())
