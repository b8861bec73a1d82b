"""gen_walletapps.py OUTDIR - a logical evidence tree (OUTDIR/tree, and OUTDIR/tree.tar of it) with
wallet app data at realistic paths, written in the real formats (LevelDB via ldbwrite.py, SQLite via
the sqlite3 module, XML, JSON): MetaMask in Chrome (vault without keyMetadata: hashcat 26600 line;
state in a Snappy table block and a newer log record) and in Edge (vault with keyMetadata 600000,
state > 32 KiB so the log record is fragmented), Ronin, MetaMask mobile persist-root, a TronLink app
folder (shared_prefs, SQLite, keystore JSON), Exodus, Atomic (UTF-16 localStorage value), Ledger
Live, Wasabi, and two decoys (another extension, another app) that must give nothing.
Every address is a published or checksum-computed value; tests/walletapps/e2e_walletapps.sh
asserts the exact rows."""
import base64
import hashlib
import io
import json
import os
import sqlite3
import sys
import tarfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ldbwrite as w  # noqa: E402

out = sys.argv[1]
tree = os.path.join(out, "tree")

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58check(payload):
    data = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    n = int.from_bytes(data, "big")
    s = ""
    while n:
        n, r = divmod(n, 58)
        s = B58[r] + s
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + s


def tron(seed):
    return b58check(b"\x41" + hashlib.sha256(seed).digest()[:20])


# ERC-55 examples (all checksum-valid), USDT-ERC20, BIP173, BIP32 test vectors 1 and 2
ETH1 = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
ETH2 = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"
ETH3 = "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB"
ETH4 = "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"
USDT_ERC20 = "0xdAC17F958D2ee523a2206206994597C13D831ec7"
BTC_GENESIS = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"
BC1 = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
XPUB1 = "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8"
XPUB2 = "xpub661MyMwAqRbcFW31YEwpkMuc5THy2PSt5bDMsktWQcFF8syAmRUapSCGu8ED9W6oDMSgv6Zz8idoc4a6mr8BDzTJY47LJhkJ8UB7WEGuduB"
USDT_TRC20 = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
TRX1 = tron(b"alice")
TRX2 = tron(b"bob")
TRX3 = tron(b"carol")


def b58(data):
    n = int.from_bytes(data, "big")
    s = ""
    while n:
        n, r = divmod(n, 58)
        s = B58[r] + s
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + s


# Solana keys: 32 bytes in Base58, no checksum: only a wallet's account fields make them addresses
SOL1 = b58(hashlib.sha256(b"phantom account 1").digest())
SOL2 = b58(hashlib.sha256(b"phantom account 2").digest())
SOL_BLOCKHASH = b58(hashlib.sha256(b"a recent blockhash").digest())


def wfile(rel, data, mode="wb"):
    p = os.path.join(tree, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, mode) as f:
        f.write(data)
    return p


def b64(n, seed):
    return base64.b64encode(hashlib.sha512(seed).digest()[:n] if n <= 64 else
                            (hashlib.sha512(seed).digest() * (n // 64 + 1))[:n]).decode()


def jbytes(o):
    return json.dumps(o, separators=(",", ":")).encode()


def mm_state(vault, identities, selected, book, txs, extra=None):
    s = {
        "KeyringController": {"vault": json.dumps(vault, separators=(",", ":"))},
        "PreferencesController": {"identities": identities, "selectedAddress": selected},
        "AddressBookController": {"addressBook": book},
        "TransactionController": {"transactions": txs},
        "NetworkController": {"providerConfig": {"type": "mainnet", "chainId": "0x1"},
                              "networkConfigurations": {"a1": {"chainId": "0x38", "nickname": "BNB Smart Chain",
                                                               "rpcUrl": "https://bsc-dataseed.binance.org"}}},
    }
    if extra:
        s.update(extra)
    return s


# ---- 1. MetaMask, Chrome: table (older state, Snappy block) + log (newer state) -------------------
CHROME = "Users/alice/AppData/Local/Google/Chrome/User Data/Default/Local Extension Settings"
vault1 = {"data": b64(120, b"ct1"), "iv": b64(16, b"iv1"), "salt": b64(32, b"salt1")}
ids = {ETH1.lower(): {"address": ETH1.lower(), "name": "Account 1", "lastSelected": 1700000000000},
       ETH2.lower(): {"address": ETH2.lower(), "name": "Account 2"}}
book = {"0x1": {ETH3: {"address": ETH3, "name": "Exchange deposit", "chainId": "0x1", "memo": ""}}}
txs = [{"id": 1, "time": 1700000000000, "status": "confirmed", "chainId": "0x1",
        "hash": "0x" + hashlib.sha256(b"tx1").hexdigest(),
        "txParams": {"from": ETH1.lower(), "to": ETH4, "value": "0xde0b6b3a7640000"}}]
new_state = mm_state(vault1, ids, ETH1.lower(), book, txs)
old_book = {"0x1": {USDT_ERC20: {"address": USDT_ERC20, "name": "Tether", "chainId": "0x1"}}}
old_state = mm_state(vault1, ids, ETH1.lower(), old_book, [])
w.chrome_db_dir(os.path.join(tree, CHROME, "nkbihfbeogaeaoehlefnkodbefgpgknn"),
                log_batches=[(10, [(b"data", jbytes(new_state))])],
                table_blocks=[([(b"data", 1, jbytes(old_state))], True),
                              ([(b"meta", 2, b'{"version":74}')], False)])

# ---- 2. MetaMask, Edge: keyMetadata 600000; a 40 KiB state: fragmented log record ------------------
EDGE = "Users/alice/AppData/Local/Microsoft/Edge/User Data/Profile 1/Local Extension Settings"
vault2 = {"data": b64(200, b"ct2"), "iv": b64(16, b"iv2"), "salt": b64(32, b"salt2"),
          "keyMetadata": {"algorithm": "PBKDF2", "params": {"iterations": 600000}}}
state2 = mm_state(vault2, {ETH4.lower(): {"address": ETH4.lower(), "name": "Main"}}, ETH4.lower(), {}, [],
                  {"PhishingController": {"blob": "z" * 40000}})
w.chrome_db_dir(os.path.join(tree, EDGE, "ejbalbakoplchlghecdalmeeeajnimhm"),
                log_batches=[(5, [(b"data", jbytes(state2)), (b"meta", b'{"version":110}')])])

# ---- 3. Ronin -------------------------------------------------------------------------------------
ronin_vault = json.dumps({"data": b64(90, b"ct3"), "iv": b64(16, b"iv3"), "salt": b64(32, b"salt3")})
w.chrome_db_dir(os.path.join(tree, CHROME, "fnjhmkhhmkbjkkabndcnnogagogbneec"),
                log_batches=[(3, [(b"encryptedVault", json.dumps(ronin_vault).encode()),
                                  (b"selectedAccount", json.dumps("ronin:" + ETH2[2:].lower()).encode()),
                                  (b"networkId", b'"2020"')])])

# ---- TronLink extension: its log's second record has a bad CRC (a warning; the first is kept) ------
tl_dir = os.path.join(tree, CHROME, "ibnejdfjmmkpcnlpebklmnkoeoihofec")
w.chrome_db_dir(tl_dir, log_batches=[])
lw = w.LogWriter()
lw.add(w.write_batch(1, [(b"accounts", jbytes({"selected": TRX2, "names": {TRX2: "tron main"}}))]))
lw.corrupt_next = True
lw.add(w.write_batch(2, [(b"backup", jbytes({"addr": TRX3}))]))
with open(os.path.join(tl_dir, "000003.log"), "wb") as f:
    f.write(lw.data())

# ---- Phantom extension: two Solana accounts under publicKey/address keys, a blockhash (32 bytes too,
# under a key that names no account: not an address) and a TRON address the wallet also holds ---------
w.chrome_db_dir(os.path.join(tree, CHROME, "bfnaelmomeimhlpmgjnjophhpkkoljpa"),
                log_batches=[(1, [(b"accounts", jbytes({"accounts": [{"publicKey": SOL1, "name": "Main"},
                                                                      {"address": SOL2}]})),
                                  (b"cache", jbytes({"recentBlockhash": SOL_BLOCKHASH, "tron": TRX1}))])])

# ---- decoy extension: not a wallet ------------------------------------------------------------------
w.chrome_db_dir(os.path.join(tree, CHROME, "aapocclcgogkmnckokdopfmhonfmgoek"),
                log_batches=[(1, [(b"settings", jbytes({"tip": ETH1}))])])

# ---- 4. MetaMask mobile persist-root ---------------------------------------------------------------
mvault = {"cipher": b64(96, b"ct4"), "iv": hashlib.md5(b"iv4").hexdigest(), "salt": b64(16, b"salt4"),
          "lib": "original"}
bg = {
    "KeyringController": {"vault": json.dumps(mvault), "keyrings": [{"type": "HD Key Tree", "accounts": [ETH1.lower()]}]},
    "PreferencesController": {"identities": {ETH1: {"address": ETH1, "name": "Account 1"}}, "selectedAddress": ETH1},
    "AddressBookController": {"addressBook": {"1": {ETH3: {"address": ETH3, "name": "Bob", "chainId": "1"}}}},
    "TransactionController": {"transactions": [{"id": "t1", "time": 1699999999000, "status": "submitted",
                                                "chainId": "0x1", "hash": "0x" + hashlib.sha256(b"tx2").hexdigest(),
                                                "txParams": {"from": ETH1, "to": USDT_ERC20, "value": "0x0"}}]},
}
persist = {"engine": json.dumps({"backgroundState": bg}), "user": json.dumps({"passwordSet": True}),
           "_persist": json.dumps({"version": -1, "rehydrated": True})}
wfile("data/data/io.metamask/files/persistStore/persist-root", jbytes(persist))

# ---- 5. TronLink app folder ---------------------------------------------------------------------------
TL = "data/data/com.tronlinkpro.wallet"
wfile(TL + "/shared_prefs/tron_wallet.xml",
      ("<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n"
       f'    <string name="selected_wallet_address">{TRX1}</string>\n'
       '    <boolean name="backup_done" value="false" />\n</map>\n').encode())
dbp = os.path.join(tree, TL, "databases", "wallet.db")
os.makedirs(os.path.dirname(dbp), exist_ok=True)
con = sqlite3.connect(dbp)
con.execute("CREATE TABLE wallet(id INTEGER PRIMARY KEY, name TEXT, address TEXT)")
con.execute("CREATE TABLE token(id INTEGER PRIMARY KEY, symbol TEXT, contract TEXT)")
con.execute("INSERT INTO wallet VALUES(1, 'main', ?)", (TRX1,))
con.execute("INSERT INTO wallet VALUES(2, 'savings', ?)", (TRX2,))
con.execute("INSERT INTO token VALUES(1, 'USDT', ?)", (USDT_TRC20,))
con.commit()
con.close()
wfile(TL + "/files/keystore/main.json",
      jbytes({"version": 3, "id": "3198bc9c-6672-5ab3-d995-4942343ae5b6", "address": ETH2[2:].lower(),
              "crypto": {"cipher": "aes-128-ctr", "ciphertext": "00" * 32, "cipherparams": {"iv": "00" * 16},
                         "kdf": "scrypt", "kdfparams": {"dklen": 32, "n": 262144, "p": 8, "r": 1, "salt": "11" * 32},
                         "mac": "22" * 32}}))
# an Android WebView LevelDB table: the address only whole after shared-prefix key reconstruction
tw = w.TableWriter()
tw.add_block([(b"addr:" + TRX3[:20].encode() + b"AAAA", 3, b"\x01x"), (b"addr:" + TRX3.encode(), 4, b"\x01y")],
             snappy=False)
wfile(TL + "/app_webview/Default/Local Storage/leveldb/000005.ldb", tw.data())
# decoy app folder with an address: not a wallet app, nothing expected
wfile("data/data/com.example.notes/files/note.txt", f"pay {TRX3}\n".encode())

# ---- 5b. iOS: imToken container (bundle id from the container metadata plist), MetaMask persist-root,
# and a decoy container of another app
import plistlib  # noqa: E402
IOS = "private/var/mobile/Containers/Data/Application"
wfile(IOS + "/0B6A9C1E-2F3D-4A5B-8C7D-9E0F1A2B3C4D/.com.apple.mobile_container_manager.metadata.plist",
      plistlib.dumps({"MCMMetadataIdentifier": "im.token.app", "MCMMetadataContentClass": 2},
                     fmt=plistlib.FMT_BINARY))
wfile(IOS + "/0B6A9C1E-2F3D-4A5B-8C7D-9E0F1A2B3C4D/Documents/wallets.json",
      jbytes({"identity": {"wallets": [{"chain": "TRON", "address": TRX3}, {"chain": "ETHEREUM", "address": ETH3}]}}))
ios_bg = {"KeyringController": {"vault": json.dumps({"cipher": b64(48, b"ct5"), "iv": hashlib.md5(b"iv5").hexdigest(),
                                                     "salt": b64(16, b"salt5"), "lib": "original"})},
          "PreferencesController": {"identities": {ETH4: {"address": ETH4, "name": "iPhone account"}},
                                    "selectedAddress": ETH4}}
wfile(IOS + "/7C1D2E3F-4A5B-6C7D-8E9F-0A1B2C3D4E5F/Documents/persistStore/persist-root",
      jbytes({"engine": json.dumps({"backgroundState": ios_bg})}))
wfile(IOS + "/7C1D2E3F-4A5B-6C7D-8E9F-0A1B2C3D4E5F/.com.apple.mobile_container_manager.metadata.plist",
      plistlib.dumps({"MCMMetadataIdentifier": "io.metamask.MetaMask"}, fmt=plistlib.FMT_BINARY))
wfile(IOS + "/1111AAAA-2222-3333-4444-555566667777/.com.apple.mobile_container_manager.metadata.plist",
      plistlib.dumps({"MCMMetadataIdentifier": "com.example.game"}, fmt=plistlib.FMT_BINARY))
wfile(IOS + "/1111AAAA-2222-3333-4444-555566667777/Documents/state.json", jbytes({"tip": TRX1}))

# ---- 5c. MetaMask in Firefox: IndexedDB of browser.storage.local, Snappy-compressed structured clones
import mozclone  # noqa: E402
FF = ("Users/alice/AppData/Roaming/Mozilla/Firefox/Profiles/x1y2z3.default-release/storage/default/"
      "moz-extension+++6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f^userContextId=4294967295/idb")
ffp = os.path.join(tree, FF, "3647222921wleabcEoxlt-eengsairo.sqlite")
os.makedirs(os.path.dirname(ffp), exist_ok=True)
ff_state = {"KeyringController": {"vault": json.dumps(vault1, separators=(",", ":"))},
            "PreferencesController": {"identities": {ETH3.lower(): {"address": ETH3.lower(), "name": "\u0421\u0447\u0451\u0442 1",
                                                                    "lastSelected": 1700000000000}},
                                      "selectedAddress": ETH3.lower()},
            "TransactionController": {"transactions": []}}
con = sqlite3.connect(ffp)
con.execute("CREATE TABLE object_store(id INTEGER PRIMARY KEY, auto_increment INTEGER NOT NULL DEFAULT 0, "
            "name TEXT NOT NULL, key_path TEXT)")
con.execute("CREATE TABLE object_data(object_store_id INTEGER NOT NULL, key BLOB NOT NULL, "
            "index_data_values BLOB DEFAULT NULL, file_ids TEXT, data BLOB NOT NULL, "
            "PRIMARY KEY (object_store_id, key)) WITHOUT ROWID")
con.execute("INSERT INTO object_store VALUES(1, 0, 'storage-local', NULL)")
for k, v, fid in (("data", ff_state, None), ("meta", {"version": 74}, None), ("big", {"x": 1}, "1")):
    con.execute("INSERT INTO object_data VALUES(1, ?, NULL, ?, ?)",
                (mozclone.idb_key(k), fid, w.snappy_compress(mozclone.clone(v))))
con.commit()
con.close()

# ---- 6. Exodus desktop ------------------------------------------------------------------------------------
EX = "Users/alice/AppData/Roaming/Exodus/exodus.wallet"
wfile(EX + "/seed.seco", b"SECO" + hashlib.sha512(b"seed").digest() * 4)
wfile(EX + "/info.seco", b"SECO" + hashlib.sha512(b"info").digest())
wfile(EX + "/storage.seco", b"SECO" + hashlib.sha512(b"storage").digest())
wfile(EX + "/twofactor.seco", b"XXXX" + hashlib.sha512(b"2fa").digest())
wfile(EX + "/passphrase.json", b'{"passphrase":"0f1e2d3c4b5a69788796a5b4c3d2e1f0"}')

# ---- 7. Atomic: Chromium localStorage values (0x01 Latin-1, 0x00 UTF-16LE) -------------------------------
AT = os.path.join(tree, "Users/alice/AppData/Roaming/atomic/Local Storage/leveldb")
w.chrome_db_dir(AT, log_batches=[
    (1, [(b"VERSION", b"1")]),
    (2, [(b"_file://\x00\x01addresses", b"\x01" + jbytes({"BTC": BTC_GENESIS})),
         (b"_file://\x00\x01tron", b"\x00" + json.dumps({"TRX": TRX3}).encode("utf-16-le"))]),
])

# ---- 8. Ledger Live ---------------------------------------------------------------------------------------
wfile("Users/alice/AppData/Roaming/Ledger Live/app.json", jbytes({"data": {"accounts": [
    {"data": {"id": "js:2:bitcoin:" + XPUB1 + ":native_segwit", "name": "Bitcoin 1", "currencyId": "bitcoin",
              "freshAddress": BC1, "xpub": XPUB1}}], "settings": {"counterValue": "USD"}}}))

# ---- 9. Wasabi --------------------------------------------------------------------------------------------
wfile("Users/alice/AppData/Roaming/WalletWasabi/Client/Wallets/Savings.json", jbytes({
    "EncryptedSecret": "6PYSeErf23ArQL7xXUWPKa3VBin6cuDaieSdABvVyTA51dS4Mxrtg1CpGN", "ChainCode": "AAAA",
    "MasterFingerprint": "3c4d5e6f", "ExtPubKey": XPUB2, "MinGapLimit": 21, "AccountKeyPath": "84'/0'/0'",
    "BlockchainState": {"Network": "Main", "Height": "800000"}}))

# ---- the tar of the same tree -------------------------------------------------------------------------
with tarfile.open(os.path.join(out, "tree.tar"), "w", format=tarfile.GNU_FORMAT) as tf:
    for root, dirs, files in os.walk(tree):
        dirs.sort()
        for name in sorted(dirs) + sorted(files):
            p = os.path.join(root, name)
            ti = tf.gettarinfo(p, os.path.relpath(p, tree))
            ti.mtime = 1700000000
            ti.uid = ti.gid = 0
            ti.uname = ti.gname = "root"
            if ti.isfile():
                with open(p, "rb") as f:
                    tf.addfile(ti, f)
            else:
                tf.addfile(ti)

with open(os.path.join(out, "expect.env"), "w") as f:
    for k in ("TRX1", "TRX2", "TRX3", "SOL1", "SOL2", "SOL_BLOCKHASH"):
        f.write(f"{k}={globals()[k]}\n")
    f.write("CRACK1='$metamask$%s$%s$%s'\n" % (vault1["salt"], vault1["iv"], vault1["data"]))
