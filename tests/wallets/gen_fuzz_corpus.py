#!/usr/bin/env python3
"""gen_fuzz_corpus.py [FUZZDIR] - writes the seed corpora of the bdb, electrum and ethkeystore fuzz
harnesses (tests/fuzz/corpus/<harness>/): small real-layout files from the same generators as the
wallet fixtures (512-byte pages so mutants hit structure, not padding). Deterministic."""
import base64
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bdbgen  # noqa: E402
import btcgen as g  # noqa: E402

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "fuzz", "corpus")


def put(h, name, data):
    d = os.path.join(OUT, h)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


recs = [g.rec_version(139900), g.rec_key("k"), g.rec_name(g.addr(0, "a"), "lbl"), g.rec_purpose(g.addr(0, "a"), "receive"),
        g.rec_keymeta("k", 1500000000)]
put("bdb", "plain_512", bdbgen.build(recs, pagesize=512))
put("bdb", "internal_overflow_512", bdbgen.build(recs + [g.wallet_tx("t", 1600000000, n_outputs=8)], pagesize=512, leaf_fill=200))
put("bdb", "encrypted_512", bdbgen.build([g.rec_mkey(1, bytes(48), bytes(8), 0, 25000), g.rec_ckey("c")], pagesize=512))

put("electrum", "json", json.dumps({"seed_version": 18, "wallet_type": "standard", "use_encryption": False,
                                     "addresses": {"receiving": [g.addr(0, "r")], "change": [g.addr(0, "c")]},
                                     "keystore": {"type": "bip32", "xpub": "x", "seed": "s"}, "labels": {g.addr(0, "r"): "l"},
                                     "verified_tx3": {"ab": [1, 1600000000, 0]}, "transactions": {"ab": "00"}}))
put("electrum", "patched", '{"seed_version": 18, "labels": {}, "addresses": {"receiving": []}}'
    ',\n{"op": "add", "path": "/labels/x", "value": "y"},\n{"op": "add", "path": "/addresses/receiving/-", "value": "%s"}'
    ',\n{"op": "remove", "path": "/labels/x"}' % g.addr(0, "p"))
put("electrum", "python", "{'seed_version': 4, 'use_encryption': True, 'seed': '%s', 'addresses': ['%s'], "
    "'labels': {u'k': 'it\\'s'}, 'x': (1, 2L), 'n': None, 't': True}" % (base64.b64encode(bytes(48)).decode(), g.addr(0, "o")))
put("electrum", "bie1", base64.b64encode(b"BIE1" + bytes(33) + bytes(32) + bytes(32)))

put("ethkeystore", "v3_scrypt", json.dumps({"version": 3, "address": "00" * 20, "crypto": {
    "cipher": "aes-128-ctr", "cipherparams": {"iv": "00" * 16}, "ciphertext": "11" * 32, "kdf": "scrypt",
    "kdfparams": {"dklen": 32, "n": 8192, "r": 8, "p": 1, "salt": "22" * 32}, "mac": "33" * 32}}))
put("ethkeystore", "v3_pbkdf2", json.dumps({"version": 3, "crypto": {
    "cipher": "aes-128-ctr", "cipherparams": {"iv": "00" * 16}, "ciphertext": "11" * 32, "kdf": "pbkdf2",
    "kdfparams": {"dklen": 32, "c": 10240, "prf": "hmac-sha256", "salt": "22" * 32}, "mac": "33" * 32}}))
put("ethkeystore", "v1", json.dumps({"version": 1, "Crypto": {"cipher": "aes-128-cbc", "kdf": "scrypt", "kdfparams": {}}}))
put("ethkeystore", "imtoken", json.dumps({"version": 10000, "identifier": "im", "encMnemonic": {"encStr": "00"},
                                          "walletIDs": ["a", 1], "crypto": {"kdf": "pbkdf2"}}))
