#!/usr/bin/env python3
"""gen_wallets.py OUTDIR - writes the wallet fixtures of tests/wallets (python3 stdlib only).

Deterministic: the same bytes on every run (no clock, no randomness). Files:
  btc_plain.dat      legacy BDB wallet.dat, unencrypted: 2 `key` records (private keys in clear),
                     name/purpose records, keymeta, hdchain, bestblock, 2 tx (one in an overflow chain),
                     several leaves under an internal root
  btc_enc.dat        legacy BDB wallet.dat, encrypted: mkey + 3 ckey, one name
  ltc_wallet.dat     Litecoin Core legacy wallet (L... addresses)
  ltc_wallet_be.dat  the same records in a big-endian file with several leaves
  doge_wallet.dat    Dogecoin Core legacy wallet, encrypted (D... addresses)
  btc_desc.sqlite    descriptor wallet (SQLite, application_id F9BEB4D9): flags DESCRIPTORS, a
                     walletdescriptor, one walletdescriptorkey (unencrypted), a name
  btc_plain.dump     db_load input of btc_plain.dat's records (libdb oracle test)
  electrum_std, electrum_enc, electrum_2of3, electrum_45, electrum_old, electrum_bie1
  UTC--2016-05-01T10-00-00.000000000Z--008aeeda4d805471df9b2a5b0f38a0c3bcba786b  (v3 scrypt)
  keystore_pbkdf2.json (v3 pbkdf2), keystore_v1.json, imtoken_identity.json
"""
import base64
import json
import os
import sqlite3
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bdbgen  # noqa: E402
import btcgen as g  # noqa: E402

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)


def put(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


GENESIS = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"
BECH = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
P2SH = g.addr(5, "p2sh")

# --- legacy BDB, unencrypted ---------------------------------------------------------------
plain = [
    g.rec_version(139900), g.rec_minversion(60000),
    g.rec_key("k1"), g.rec_key("k2"),
    g.rec_keymeta("k1", 1500000000), g.rec_keymeta("k2", 1600000000),
    g.rec_name(GENESIS, "Genesis"), g.rec_purpose(GENESIS, "receive"),
    g.rec_name(BECH, "Savings"), g.rec_purpose(BECH, "receive"),
    g.rec_name(P2SH, ""), g.rec_purpose(P2SH, "send"),
    g.rec_hdchain(), g.rec_bestblock(),
    g.wallet_tx("t1", 1600000100), g.wallet_tx("t2", 1600000200, n_outputs=150),
]
put("btc_plain.dat", bdbgen.build(plain, leaf_fill=1200))
put("btc_plain.dump", bdbgen.dump_text(plain))

# --- legacy BDB, encrypted -----------------------------------------------------------------
CRYPTED = bytes(range(0x10, 0x40))          # 48 bytes: 32-byte key + a block of padding
SALT = bytes.fromhex("0102030405060708")
enc = [
    g.rec_version(169900), g.rec_minversion(169900),
    g.rec_mkey(1, CRYPTED, SALT, 0, 25000),
    g.rec_ckey("c1"), g.rec_ckey("c2"), g.rec_ckey("c3"),
    g.rec_name(GENESIS, "cold"),
    g.rec_flags(0),
]
put("btc_enc.dat", bdbgen.build(enc))

# --- Litecoin Core -------------------------------------------------------------------------
LTC1, LTC2 = g.addr(0x30, "ltc1"), g.addr(0x32, "ltc2")
ltc = [g.rec_version(130200), g.rec_minversion(60000), g.rec_key("l1"),
       g.rec_name(LTC1, "ltc main"), g.rec_name(LTC2, "ltc p2sh"), g.wallet_tx("lt", 1550000000)]
put("ltc_wallet.dat", bdbgen.build(ltc))
put("ltc_wallet_be.dat", bdbgen.build(ltc, big_endian=True, leaf_fill=300))

# --- Dogecoin Core (found by content, not by name: the chain comes from its D... addresses) ----
DOGE1, DOGE2 = g.addr(0x1E, "doge1"), g.addr(0x1E, "doge2")
doge = [g.rec_version(1140000), g.rec_minversion(60000), g.rec_ckey("dg"), g.rec_mkey(1, CRYPTED, SALT, 0, 50000),
        g.rec_name(DOGE1, "much wow"), g.rec_name(DOGE2, ""), g.rec_purpose(DOGE1, "receive")]
put("doge_wallet.dat", bdbgen.build(doge))

# --- descriptor wallet (SQLite) ------------------------------------------------------------
desc_id = g.h("descriptor-1")
DESC = "wpkh([d34db33f/84'/0'/0']xpub6ERApfZwUNrhLCkDtcHTcxd75RbzS1ed54G1LkBUHQVHQKqhMkhgbmJbZRkrgZw4koxb5JaHWkY4ALHY2grBGRjaDMzQLcgJvLJuZZvRcEL/0/*)#2ha7mcqk"
desc = [
    g.rec_version(230000), g.rec_minversion(230000),
    g.rec_flags((1 << 34) | (1 << 1)),
    (g.vs("walletdescriptor") + desc_id, g.vs(DESC) + struct.pack("<Qiii", 1700000000, 0, 1000, 3)),
    (g.vs("walletdescriptorkey") + desc_id + g.vs(g.pubkey("d1")), g.vs(b"\x30" + g.h("dpriv") + bytes(181)) + g.h("dk")),
    (g.vs("activeexternalspk") + bytes([4]), desc_id),
    g.rec_name(BECH, "exchange deposit"), g.rec_purpose(BECH, "receive"),
    g.wallet_tx("d1", 1700000500),
]
p = os.path.join(OUT, "btc_desc.sqlite")
if os.path.exists(p):
    os.unlink(p)
db = sqlite3.connect(p)
db.execute("PRAGMA page_size=4096")
db.execute("PRAGMA application_id=%d" % struct.unpack(">i", bytes.fromhex("F9BEB4D9"))[0])
db.execute("PRAGMA user_version=1")
db.execute("CREATE TABLE main(key BLOB PRIMARY KEY NOT NULL, value BLOB NOT NULL)")
db.executemany("INSERT INTO main VALUES(?,?)", sorted(desc))
db.commit()
db.close()

# --- Electrum ------------------------------------------------------------------------------
E1, E2, E3 = g.addr(0, "e1"), g.addr(0, "e2"), g.addr(0, "e3")
TX1, TX2 = g.h("etx1").hex(), g.h("etx2").hex()
std = {
    "addr_history": {E1: [[TX1, 800000]], E2: [[TX2, 800100]], E3: []},
    "addresses": {"change": [E3], "receiving": [E1, E2]},
    "keystore": {"type": "bip32", "xpub": "zpub-test", "xprv": "zprv-test", "seed": "seed words here",
                 "derivation": "m/0h", "root_fingerprint": "d34db33f"},
    "labels": {E1: "rent", TX2: "salary"},
    "seed_type": "segwit", "seed_version": 59,
    "transactions": {TX1: "02000000", TX2: "02000000"},
    "use_encryption": False,
    "verified_tx3": {TX1: [800000, 1690000000, 1, "00"], TX2: [800100, 1690060000, 2, "00"]},
    "wallet_type": "standard",
}
put("electrum_std", json.dumps(std, indent=4, sort_keys=True))
encw = dict(std)
encw["use_encryption"] = True
encw["keystore"] = {"type": "bip32", "xpub": "zpub-test", "xprv": base64.b64encode(bytes(range(80))).decode(),
                    "seed": base64.b64encode(bytes(range(64))).decode(), "derivation": "m/0h"}
put("electrum_enc", json.dumps(encw, indent=4, sort_keys=True))
M1, M2 = g.addr(5, "m1"), g.addr(5, "m2")
ms = {"addresses": {"change": [M2], "receiving": [M1]}, "seed_version": 59, "use_encryption": False,
      "wallet_type": "2of3",
      "x1/": {"type": "bip32", "xpub": "Zpub-1", "xprv": "Zprv-1", "seed": "a b c"},
      "x2/": {"type": "bip32", "xpub": "Zpub-2"},
      "x3/": {"type": "hardware", "hw_type": "trezor", "xpub": "Zpub-3"},
      "transactions": {}, "labels": {}}
put("electrum_2of3", json.dumps(ms, indent=4, sort_keys=True))
# 4.5+: the object, then JSON-patch lines appended as ",\n" + patch
v45 = dict(std)
v45["labels"] = {}
patches = [{"op": "add", "path": "/labels/" + E2, "value": "from patch"},
           {"op": "replace", "path": "/use_encryption", "value": False},
           {"op": "add", "path": "/addresses/receiving/-", "value": g.addr(0, "e4")},
           {"op": "remove", "path": "/transactions/" + TX2},
           {"op": "move", "path": "/x", "from": "/y"}]
put("electrum_45", json.dumps(v45, indent=4, sort_keys=True) + "".join(",\n" + json.dumps(x) for x in patches))
# Electrum 1.x: a Python literal
O1, O2 = g.addr(0, "o1"), g.addr(0, "o2")
old = ("{'seed_version': 4, 'use_encryption': True, 'master_public_key': '%s', "
       "'seed': '%s', 'addresses': ['%s', '%s'], 'change_addresses': [], "
       "'labels': {'%s': 'old label'}, 'imported_keys': {}, 'accounts': None, 'fee_per_kb': 20000}"
       % ("ab" * 64, base64.b64encode(bytes(range(100, 148))).decode(), O1, O2, O1))
put("electrum_old", old)
bie = b"BIE1" + bytes([0x02]) + g.h("eph") + bytes(range(64)) + g.h("mac")
put("electrum_bie1", base64.b64encode(bie))

# --- Ethereum keystores (Web3 Secret Storage test vectors, password "testpassword") ----------
scrypt_v3 = {"crypto": {"cipher": "aes-128-ctr", "cipherparams": {"iv": "83dbcc02d8ccb40e466191a123791e0e"},
                        "ciphertext": "d172bf743a674da9cdad04534d56926ef8358534d458fffccd4e6ad2fbde479c",
                        "kdf": "scrypt",
                        "kdfparams": {"dklen": 32, "n": 262144, "p": 8, "r": 1,
                                      "salt": "ab0c7876052600dd703518d6fc3fe8984592145b591fc8fb5c6d43190334ba19"},
                        "mac": "2103ac29920d71da29f15d75b4a16dbe95cfd7ff8faea1056c33131d846e3097"},
             "id": "3198bc9c-6672-5ab3-d995-4942343ae5b6", "version": 3,
             "address": "008aeeda4d805471df9b2a5b0f38a0c3bcba786b"}
put("UTC--2016-05-01T10-00-00.000000000Z--008aeeda4d805471df9b2a5b0f38a0c3bcba786b", json.dumps(scrypt_v3))
pbkdf2_v3 = {"crypto": {"cipher": "aes-128-ctr", "cipherparams": {"iv": "6087dab2f9fdbbfaddc31a909735c1e6"},
                        "ciphertext": "5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46",
                        "kdf": "pbkdf2",
                        "kdfparams": {"c": 262144, "dklen": 32, "prf": "hmac-sha256",
                                      "salt": "ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd"},
                        "mac": "517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2"},
             "id": "3198bc9c-6672-5ab3-d995-4942343ae5b6", "version": 3,
             "address": "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"}
put("keystore_pbkdf2.json", json.dumps(pbkdf2_v3, indent=2))
v1 = {"Crypto": {"cipher": "aes-128-cbc", "cipherparams": {"iv": "35337770fc2117994ecdcad026bccff4"},
                 "ciphertext": "6143d3192db8b66eabd693d9c4e414dcfaee52abda451af79ccf474dafb35f1bfc7ea013aa9d2ee35969a1a2e8d752d0",
                 "kdf": "scrypt",
                 "kdfparams": {"dklen": 32, "n": 262144, "p": 1, "r": 8,
                               "salt": "9afcddebca541253a2f4053391c673ff9fe23097cd8555d149d929e4ccf1257e"},
                 "mac": "3f3d2f2d3c2a1a1b0c0d0e0f101112131415161718191a1b1c1d1e1f20212223",
                 "sillyparams": {}},
      "id": "cb788af4-993d-43ad-851b-0d2031e52c61", "version": 1,
      "address": "d4584b5f6229b7be90727b0fc8c6b91bb427821f"}
put("keystore_v1.json", json.dumps(v1))
ident = {"version": 10000, "identifier": "im14x5GLTvd4eXNVxD5gQKa5BqH3gkHeqJ9S84c",
         "ipfsId": "QmWqwovhrZBMmo32BzY83ZMEBQaP7YRMqXNmMc8mgrpzs6",
         "encAuthKey": {"encStr": "ab" * 32, "nonce": "cd" * 16},
         "encMnemonic": {"encStr": "ef" * 48, "nonce": "01" * 16},
         "crypto": {"cipher": "aes-128-ctr", "cipherparams": {"iv": "22" * 16}, "ciphertext": "33" * 64,
                    "kdf": "pbkdf2", "kdfparams": {"c": 65535, "dklen": 32, "prf": "hmac-sha256", "salt": "44" * 32},
                    "mac": "55" * 32},
         "walletIDs": ["wallet-id-1", "wallet-id-2"]}
put("imtoken_identity.json", json.dumps(ident))
