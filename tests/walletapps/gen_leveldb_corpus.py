"""gen_leveldb_corpus.py [FUZZDIR] - the seed corpora of tests/fuzz/leveldb_fuzz.c
(FUZZDIR/corpus/leveldb: one mode byte (bit 0 table, bit 1 both ways, bit 2 4 KiB cap) and a LevelDB
file written by ldbwrite.py) and tests/fuzz/moz_clone_fuzz.c (FUZZDIR/corpus/moz_clone: structured
clones by mozclone.py, raw and Snappy-compressed, and an IndexedDB key). Default FUZZDIR: tests/fuzz.
Deterministic; re-running it reproduces the committed seeds."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ldbwrite as w  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
fuzz = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "fuzz")
out = os.path.join(fuzz, "corpus", "leveldb")
os.makedirs(out, exist_ok=True)


def put(name, mode, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(bytes([mode]) + data)


lw = w.LogWriter()
lw.add(w.write_batch(1, [(b"data", b'{"a":1}'), (b"meta", b"x")]))
lw.add(w.write_batch(3, [(b"data", None)]))
put("log_full", 0, lw.data())

lw = w.LogWriter()
lw.add(w.write_batch(7, [(b"big", b"v" * 33000)]))  # FIRST + LAST across the 32 KiB block
lw.add(w.write_batch(8, [(b"k", b"after")]))
put("log_fragments", 0, lw.data())

lw = w.LogWriter()
lw.add(w.write_batch(1, [(b"k1", b"v1")]))
lw.corrupt_next = True
lw.add(w.write_batch(2, [(b"k2", b"v2")]))
put("log_badcrc", 4, lw.data())

tw = w.TableWriter()
tw.add_block([(b"apple", 7, b"red"), (b"apricot", 8, b"orange"), (b"avocado", 9, None)], snappy=False)
tw.add_block([(b"cherry", 12, b"dark red " * 8), (b"coconut", 13, b"milk" * 40)], snappy=True)
put("table_snappy", 1, tw.data())
put("table_both_ways", 3, tw.data())

tw = w.TableWriter()
tw.add_block([(b"x", 1, b"y")], snappy=True, corrupt=True)
put("table_badblock", 1, tw.data())

# ---- moz_clone --------------------------------------------------------------------------------
import mozclone  # noqa: E402
mout = os.path.join(fuzz, "corpus", "moz_clone")
os.makedirs(mout, exist_ok=True)
state = {"KeyringController": {"vault": '{"data":"x","iv":"y","salt":"z"}'},
         "PreferencesController": {"identities": {"0xab": {"name": "\u0421\u0447\u0451\u0442", "t": 1700000000000}},
                                   "list": [1, 2.5, None, True, "s"]}}
for name, data in (("clone_state", mozclone.clone(state)),
                   ("idb_value_state", w.snappy_compress(mozclone.clone(state))),
                   ("clone_scalar", mozclone.clone("just a string")),
                   ("idb_key_data", mozclone.idb_key("data"))):
    with open(os.path.join(mout, name), "wb") as f:
        f.write(data)
