#!/usr/bin/env python3
"""
ewf_edit.py - damage EWF (E01, EWF v1 / EnCase 6 layout) segment files in precise ways, for tests.

  ewf_edit.py chunks SEGMENT                 list "chunk file_offset compressed" of the segment
  ewf_edit.py flip SEGMENT CHUNK             invert one byte in the middle of that chunk's stored data
  ewf_edit.py oversize SEGMENT CHUNK MIN     make CHUNK claim >= MIN stored bytes by pointing the
                                             following table entries at a later chunk (consistent
                                             table and table2, checksums recomputed), as a crafted
                                             file would
  ewf_edit.py flip-at SEGMENT CHUNK OFFSET    invert the byte OFFSET bytes into the chunk's stored
                                             data (uncompressed chunks: a byte of the media)

Layout (libewf's "Expert Witness Compression Format" documentation): a 13-byte file header, then
sections, each a 76-byte descriptor (type[16], next u64, size u64, padding[40], adler32 of the
first 72 bytes). A "table"/"table2" section holds a 24-byte header (entries u32, padding u32,
base offset u64, padding u32, adler32 of the first 20 bytes), the entries (u32: offset from the
base, top bit = compressed) and the adler32 of the entries. Chunk numbers here count from the
first table of this segment.
"""
import struct
import sys
import zlib


def sections(data):
    off = 13
    seen = set()
    while off + 76 <= len(data) and off not in seen:
        seen.add(off)
        typ = data[off:off + 16].split(b"\0")[0].decode("ascii", "replace")
        nxt, size = struct.unpack_from("<QQ", data, off + 16)
        yield typ, off, size
        if typ in ("done", "next") or nxt <= off:
            break
        off = nxt


def tables(data):
    for typ, off, _ in sections(data):
        if typ in ("table", "table2"):
            yield typ, off


def entries(data, toff):
    n, base = struct.unpack_from("<I4xQ", data, toff + 76)
    first = toff + 76 + 24
    return n, base, first


def chunk_list(data):
    out, index = [], 0
    for typ, toff in tables(data):
        if typ != "table":
            continue
        n, base, first = entries(data, toff)
        for i in range(n):
            (e,) = struct.unpack_from("<I", data, first + 4 * i)
            out.append((index, base + (e & 0x7FFFFFFF), bool(e & 0x80000000)))
            index += 1
    return out


def main():
    cmd, path = sys.argv[1], sys.argv[2]
    data = bytearray(open(path, "rb").read())
    if cmd == "chunks":
        for c, off, comp in chunk_list(data):
            print(c, off, int(comp))
        return
    if cmd == "flip":
        c = int(sys.argv[3])
        lst = chunk_list(data)
        start = lst[c][1]
        end = lst[c + 1][1] if c + 1 < len(lst) else start + 64
        data[(start + end) // 2] ^= 0xFF
    elif cmd == "flip-at":
        c, at = int(sys.argv[3]), int(sys.argv[4])
        data[chunk_list(data)[c][1] + at] ^= 0xFF
    elif cmd == "oversize":
        c, need = int(sys.argv[3]), int(sys.argv[4])
        done = False
        for typ, toff in list(tables(data)):
            n, base, first = entries(data, toff)
            if c + 2 >= n:
                continue
            raw = [struct.unpack_from("<I", data, first + 4 * i)[0] for i in range(n)]
            target = next((m for m in range(c + 1, n) if (raw[m] & 0x7FFFFFFF) - (raw[c] & 0x7FFFFFFF) >= need), None)
            if target is None:
                sys.exit("oversize: no later chunk is %d bytes away" % need)
            for i in range(c + 1, target):
                raw[i] = raw[target]
            for i, e in enumerate(raw):
                struct.pack_into("<I", data, first + 4 * i, e)
            struct.pack_into("<I", data, first + 4 * n, zlib.adler32(bytes(data[first:first + 4 * n])))
            done = True
        if not done:
            sys.exit("oversize: no table with chunk %d" % c)
    else:
        sys.exit(__doc__)
    open(path, "wb").write(data)


if __name__ == "__main__":
    main()
