"""make_fixtures_ts.py - builds typedstream blobs (NSAttributedString archives as iOS writes
message.attributedBody), byte-exactly per the format described in parsers/typedstream.h. Shared by
make_fixtures.py and gen_fuzz_corpus.py."""
import struct


def ts_int(n):
    """typedstream integer: one byte (0..127), else 0x81 + u16 LE, else 0x82 + u32 LE."""
    if 0 <= n < 0x80:
        return bytes([n])
    if n < 0x10000:
        return b"\x81" + struct.pack("<H", n)
    return b"\x82" + struct.pack("<I", n)


def typedstream(text):
    """An NSAttributedString archived with typedstream, as iOS writes message.attributedBody: the
    NSString, then one attribute run (__kIMMessagePartAttributeName = 0) over the whole text."""
    t = text.encode("utf-8")
    utf16 = len(text.encode("utf-16-le")) // 2
    b = b"\x04\x0bstreamtyped" + b"\x81\xe8\x03"             # streamer 4, signature, system 1000
    b += b"\x84\x01@"                                          # type "@" (string #0)
    b += b"\x84\x84\x84\x12NSAttributedString\x00"             # object #0, class #1 (string #1), v0
    b += b"\x84\x84\x08NSObject\x00"                           # superclass #2 (string #2), v0
    b += b"\x85"                                               # end of the class chain
    b += b"\x92"                                               # type "@" (reference to string #0)
    b += b"\x84\x84\x84\x08NSString\x01"                       # object #3, class #4 (string #3), v1
    b += b"\x94"                                               # superclass: object #2 (NSObject)
    b += b"\x84\x01+" + ts_int(len(t)) + t                     # type "+" (string #4), count, bytes
    b += b"\x86"                                               # end of NSString
    b += b"\x84\x02iI" + b"\x01" + ts_int(utf16)               # run: type "iI", index 1, length
    b += b"\x92\x84\x84\x84\x0cNSDictionary\x00\x94\x84\x01i\x01"
    b += b"\x92\x84\x96\x96\x1d__kIMMessagePartAttributeName\x86"
    b += b"\x92\x84\x84\x84\x08NSNumber\x00\x84\x84\x07NSValue\x00\x94\x84\x01*\x84\x99\x99\x00\x86"
    b += b"\x86\x86"
    return b
