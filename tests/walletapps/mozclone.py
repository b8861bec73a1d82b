"""mozclone.py - writes SpiderMonkey structured clones (the format Firefox IndexedDB stores, see
parsers/moz_clone.h) for JSON-like Python values, and IndexedDB string keys. python3 stdlib only."""
import struct

HEADER, NULL, BOOLEAN, INT32, STRING, ARRAY, OBJECT, END = (0xFFF10000, 0xFFFF0000, 0xFFFF0002, 0xFFFF0003,
                                                         0xFFFF0004, 0xFFFF0007, 0xFFFF0008, 0xFFFF0013)


def _pair(tag, data):
    return struct.pack("<Q", (tag << 32) | (data & 0xFFFFFFFF))


def _string(s):
    if all(ord(c) < 256 for c in s):
        raw, n = s.encode("latin-1"), len(s)
        out = _pair(STRING, n | 0x80000000) + raw
    else:
        raw = s.encode("utf-16-le")
        out = _pair(STRING, len(raw) // 2) + raw
    return out + b"\0" * ((8 - len(raw) % 8) % 8)


def _value(v):
    if v is None:
        return _pair(NULL, 0)
    if isinstance(v, bool):
        return _pair(BOOLEAN, int(v))
    if isinstance(v, int) and -2**31 <= v < 2**31:
        return _pair(INT32, v)
    if isinstance(v, (int, float)):
        return struct.pack("<d", float(v))
    if isinstance(v, str):
        return _string(v)
    if isinstance(v, list):
        out = _pair(ARRAY, len(v))
        for i, x in enumerate(v):
            out += _pair(INT32, i) + _value(x)
        return out + _pair(END, 0)
    if isinstance(v, dict):
        out = _pair(OBJECT, 0)
        for k, x in v.items():
            out += _string(k) + _value(x)
        return out + _pair(END, 0)
    raise TypeError(type(v))


def clone(v):
    return _pair(HEADER, 2) + _value(v)  # scope 2: SameProcess (any value works for the reader)


def idb_key(s):
    return b"\x30" + bytes(ord(c) + 1 for c in s)
