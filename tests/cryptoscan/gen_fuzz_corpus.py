#!/usr/bin/env python3
"""gen_fuzz_corpus.py - writes the seed corpus of the crypto_scan fuzz harness
(tests/fuzz/corpus/crypto_scan/). Deterministic. First byte of each seed = block size for the harness.
Usage: python3 tests/cryptoscan/gen_fuzz_corpus.py [OUTDIR]
"""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "fuzz", "corpus", "crypto_scan")
os.makedirs(OUT, exist_ok=True)

NOTES = ("send to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t\n1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa "
         "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0\n"
         "0xdAC17F958D2ee523a2206206994597C13D831ec7 41a614f803b6fd780986a42c78ec9c7f77e6ded13c\n"
         "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh\n"
         "5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ\n"
         "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8\n")
SEED = "abandon " * 11 + "about"
JP = "\u3000".join(["\u3042\u3044\u3053\u304f\u3057\u3093"] * 11 + ["\u3042\u304a\u305e\u3089"])


def put(name, block, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(bytes([block]) + data)


put("notes_whole", 0, NOTES.encode())
put("notes_1", 1, NOTES.encode())
put("notes_utf16_7", 7, NOTES.encode("utf-16-le"))
put("seed_en_3", 3, ("my seed: " + SEED + "\n").encode())
put("seed_numbered_13", 13, "\n".join("%d. %s" % (i + 1, w) for i, w in enumerate(SEED.split())).encode())
put("seed_jp_5", 5, ("jp: " + JP + "\n").encode())
put("json_64", 64, b'{"deposit":"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t","eth":"0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"}')
put("binary_mix_17", 17, bytes(range(256)) + b"\x001A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa\x00" + bytes(range(255, -1, -1)))
