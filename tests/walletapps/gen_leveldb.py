"""gen_leveldb.py OUTDIR - the LevelDB unit-test fixtures (tests/walletapps/test_leveldb.c asserts
their exact contents): a log whose 70000-byte record spans FIRST/MIDDLE/LAST fragments across
32 KiB blocks and whose next record leaves a 3-byte block trailer; a log with one bad CRC; a table
with an uncompressed and a Snappy block; a log with newer records for the table's keys; a table
with a damaged block checksum."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ldbwrite as w  # noqa: E402

out = sys.argv[1]
os.makedirs(out, exist_ok=True)


def put(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


# frag.log
lw = w.LogWriter()
lw.add(w.write_batch(1, [(b"alpha", b"one"), (b"beta", b"two")]))
big = bytes(i % 251 for i in range(70000))
lw.add(w.write_batch(3, [(b"big", big)]))
# a filler record that leaves exactly 3 bytes in its block (the zero trailer the reader must skip)
room = w.BLOCK - len(lw.buf) % w.BLOCK
payload = room - 3 - 7                            # data bytes of one FULL record
vlen = next(n for n in range(payload) if len(w.write_batch(4, [(b"filler", b"f" * n)])) == payload)
lw.add(w.write_batch(4, [(b"filler", b"f" * vlen)]))
assert len(lw.buf) % w.BLOCK == w.BLOCK - 3
lw.add(w.write_batch(5, [(b"beta", None)]))
lw.add(w.write_batch(6, [(b"alpha", b"three")]))
put("frag.log", lw.data())

# badcrc.log
lw = w.LogWriter()
lw.add(w.write_batch(10, [(b"k1", b"v1")]))
lw.corrupt_next = True
lw.add(w.write_batch(11, [(b"k2", b"v2")]))
lw.add(w.write_batch(12, [(b"k3", b"v3")]))
put("badcrc.log", lw.data())

# table.ldb: block 1 plain, block 2 Snappy
blk1 = [(b"apple", 7, b"red"), (b"apricot", 8, b"orange"), (b"avocado", 9, None),
        (b"banana", 6, b"yellow"), (b"bandana", 5, b"cloth")]
blk2 = [(b"cherry", 12, b"dark red " * 8), (b"coconut", 13, b"milk" * 40), (b"date", 3, b"brown")]
tw = w.TableWriter()
tw.add_block(blk1, snappy=False)
tw.add_block(blk2, snappy=True)
put("table.ldb", tw.data())

# newer.log: newer values for the table's keys
lw = w.LogWriter()
lw.add(w.write_batch(20, [(b"apple", b"green"), (b"banana", None)]))
put("newer.log", lw.data())

# badblock.ldb: the Snappy block's checksum is wrong
tw = w.TableWriter()
tw.add_block(blk1, snappy=False)
tw.add_block(blk2, snappy=True, corrupt=True)
put("badblock.ldb", tw.data())
