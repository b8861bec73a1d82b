"""bdbgen.py - writes Berkeley DB B-tree files with the real page layout (python3 stdlib only).

Layout written (little-endian, the byte order of x86 Bitcoin Core wallets), as parsers/bdb.h
describes: page 0 the master meta page (flags 0x20: subdatabases), page 1 the master leaf mapping
the subdatabase name to its meta page (big-endian u32), then the subdatabase meta page, its root
(an internal page when the records need more than one leaf), the leaves, and overflow chains for
items larger than a quarter of a page (as BDB does). Deterministic: same records, same bytes.
"""
import struct

P_IBTREE, P_LBTREE, P_OVERFLOW, P_BTREEMETA = 3, 5, 7, 9
B_KEYDATA, B_OVERFLOW = 1, 3
HDR = 26
E = ["<"]   # byte order of the file being built ("<" little, ">" big-endian: a PowerPC/SPARC wallet)


def _meta(pgno, pagesize, last_pgno, flags, root):
    m = bytearray(pagesize)
    struct.pack_into(E[0] + "IIIIIIBBBB", m, 0, 0, 1, pgno, 0x00053162, 9, pagesize, 0, P_BTREEMETA, 0, 0)
    struct.pack_into(E[0] + "I", m, 32, last_pgno)
    struct.pack_into(E[0] + "I", m, 48, flags)
    struct.pack_into(E[0] + "I", m, 76, 2)      # minkey
    struct.pack_into(E[0] + "I", m, 88, root)
    return m


def _page(pgno, pagesize, ptype, level, items, next_pgno=0, prev_pgno=0):
    """items: encoded item bytes, laid from the end of the page down (4-byte aligned)."""
    p = bytearray(pagesize)
    top = pagesize
    offs = []
    for it in items:
        top -= (len(it) + 3) & ~3
        p[top:top + len(it)] = it
        offs.append(top)
    if HDR + 2 * len(items) > top:
        raise ValueError("page overflow")
    struct.pack_into(E[0] + "IIIIIHHBB", p, 0, 0, 1, pgno, prev_pgno, next_pgno, len(items), top, level, ptype)
    for i, o in enumerate(offs):
        struct.pack_into(E[0] + "H", p, HDR + 2 * i, o)
    return p


def _keydata(b):
    return struct.pack(E[0] + "HB", len(b), B_KEYDATA) + b


def _size(it):
    return ((len(it) + 3) & ~3) + 2


def build(records, subdb=b"main", pagesize=4096, leaf_fill=None, big_endian=False):
    """records: list of (key bytes, value bytes), written in sorted key order as BDB keeps them.
    leaf_fill: max bytes of items per leaf (forces several leaves, hence an internal root)."""
    E[0] = ">" if big_endian else "<"
    records = sorted(records)
    pages = {}
    nxt = [3]

    def alloc():
        n = nxt[0]
        nxt[0] += 1
        return n

    # leaves first (numbers are assigned in order; root allocated up front)
    root = alloc()
    limit = leaf_fill or (pagesize - HDR - 64)
    leaves = []   # (pgno, items, first_key)
    cur, used, first = [], 0, None
    overflow_jobs = []
    for k, v in records:
        pair = []
        for b in (k, v):
            if len(b) > pagesize // 4:
                pair.append(("ov", b))
            else:
                pair.append(("kd", b))
        sz = sum(_size(_keydata(b)) if t == "kd" else 14 for t, b in pair)
        if cur and used + sz > limit:
            leaves.append((alloc(), cur, first))
            cur, used, first = [], 0, None
        if first is None:
            first = k
        cur.append(pair)
        used += sz
    if cur or not leaves:
        leaves.append((alloc(), cur, first or b""))
    # overflow chains and leaf items
    leaf_items = {}
    for pgno, pairs, _ in leaves:
        items = []
        for pair in pairs:
            for t, b in pair:
                if t == "kd":
                    items.append(_keydata(b))
                    continue
                chunk = pagesize - HDR
                nums = [alloc() for _ in range((len(b) + chunk - 1) // chunk)]
                for i, n in enumerate(nums):
                    part = b[i * chunk:(i + 1) * chunk]
                    p = bytearray(pagesize)
                    nx = nums[i + 1] if i + 1 < len(nums) else 0
                    pv = nums[i - 1] if i else 0
                    struct.pack_into(E[0] + "IIIIIHHBB", p, 0, 0, 1, n, pv, nx, 1, len(part), 0, P_OVERFLOW)
                    p[HDR:HDR + len(part)] = part
                    pages[n] = p
                items.append(struct.pack(E[0] + "HBBII", 0, B_OVERFLOW, 0, nums[0], len(b)))
        leaf_items[pgno] = items
    for i, (pgno, _, _) in enumerate(leaves):
        prev = leaves[i - 1][0] if i else 0
        nx = leaves[i + 1][0] if i + 1 < len(leaves) else 0
        pages[pgno] = _page(pgno, pagesize, P_LBTREE, 1, leaf_items[pgno], nx, prev)
    if len(leaves) == 1:
        # the root is the single leaf: renumber it into the root's slot
        pgno = leaves[0][0]
        pages[root] = _page(root, pagesize, P_LBTREE, 1, leaf_items[pgno])
        del pages[pgno]
        pages[pgno] = _page(pgno, pagesize, 0, 0, [])   # an unused (invalid) page keeps numbering
    else:
        ints = []
        for i, (pgno, _, fk) in enumerate(leaves):
            key = b"" if i == 0 else fk
            ints.append(struct.pack(E[0] + "HBBII", len(key), B_KEYDATA, 0, pgno, 0) + key)
        pages[root] = _page(root, pagesize, P_IBTREE, 2, ints)
    last = nxt[0] - 1
    pages[0] = _meta(0, pagesize, last, 0x20, 1)
    pages[1] = _page(1, pagesize, P_LBTREE, 1, [_keydata(subdb), _keydata(struct.pack(">I", 2))])
    pages[2] = _meta(2, pagesize, last, 0, root)
    out = b"".join(bytes(pages[i]) for i in range(last + 1))
    E[0] = "<"
    return out


def dump_text(records, subdb="main"):
    """The same records as db_load input (format=bytevalue), for the libdb oracle test."""
    out = ["VERSION=3", "format=bytevalue", "database=" + subdb, "type=btree", "db_pagesize=4096", "HEADER=END"]
    for k, v in sorted(records):
        out.append(" " + k.hex())
        out.append(" " + v.hex())
    out.append("DATA=END")
    return "\n".join(out) + "\n"
