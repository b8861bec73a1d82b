"""btcgen.py - Bitcoin Core wallet records (key, value) as src/wallet/walletdb.cpp writes them,
for the fixtures: compact-size strings, CMasterKey, CKeyMetadata, CWalletTx with nTimeReceived,
and Base58Check addresses computed here (python3 stdlib only). Deterministic."""
import hashlib
import struct

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def cs(n):
    if n < 253:
        return bytes([n])
    if n <= 0xFFFF:
        return b"\xfd" + struct.pack("<H", n)
    return b"\xfe" + struct.pack("<I", n)


def vs(b):
    if isinstance(b, str):
        b = b.encode()
    return cs(len(b)) + b


def b58check(payload):
    data = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    n = int.from_bytes(data, "big")
    s = ""
    while n:
        n, r = divmod(n, 58)
        s = B58[r] + s
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + s


def h(tag):
    """a deterministic 32-byte value"""
    return hashlib.sha256(tag.encode()).digest()


def addr(version, tag):
    return b58check(bytes([version]) + h(tag)[:20])


def pubkey(tag):
    return b"\x02" + h("pub" + tag)


def rec_version(v):
    return (vs("version"), struct.pack("<i", v))


def rec_minversion(v):
    return (vs("minversion"), struct.pack("<i", v))


def rec_name(address, label):
    return (vs("name") + vs(address), vs(label))


def rec_purpose(address, purpose):
    return (vs("purpose") + vs(address), vs(purpose))


def rec_key(tag):
    # value: DER private key (CPrivKey, 279 bytes for an uncompressed-style SEC1 blob) + hash
    der = b"\x30\x82\x01\x13\x02\x01\x01\x04\x20" + h("priv" + tag) + bytes(279 - 41)
    return (vs("key") + vs(pubkey(tag)), vs(der) + h("keyhash" + tag))


def rec_ckey(tag):
    return (vs("ckey") + vs(pubkey(tag)), vs(h("ck1" + tag) + h("ck2" + tag)[:16]))


def rec_mkey(nid, crypted, salt, method, iterations):
    return (vs("mkey") + struct.pack("<I", nid),
            vs(crypted) + vs(salt) + struct.pack("<II", method, iterations) + vs(b""))


def rec_keymeta(tag, create_time):
    return (vs("keymeta") + vs(pubkey(tag)),
            struct.pack("<iq", 12, create_time) + vs("m/0'/0'/0'") + h("seedid")[:20])


def rec_flags(flags):
    return (vs("flags"), struct.pack("<Q", flags))


def rec_hdchain():
    return (vs("hdchain"), struct.pack("<ii", 2, 3) + h("seedid")[:20] + struct.pack("<i", 1))


def rec_bestblock():
    return (vs("bestblock"), struct.pack("<i", 70016) + cs(2) + h("b1") + h("b2"))


def wallet_tx(tag, time_received, n_outputs=1):
    """CWalletTx: CTransaction (no witness), hashBlock, merkle branch, nIndex, vUnused, mapValue,
    vOrderForm, fTimeReceivedIsTxTime, nTimeReceived, fFromMe, fSpent."""
    tx = struct.pack("<i", 2) + cs(1) + h("prev" + tag) + struct.pack("<I", 0) + vs(b"\x00" * 20)
    tx += struct.pack("<I", 0xFFFFFFFE) + cs(n_outputs)
    for i in range(n_outputs):
        tx += struct.pack("<q", 1000 + i) + vs(b"\x00\x14" + h("out%d%s" % (i, tag))[:20])
    tx += struct.pack("<I", 0)
    val = tx + h("block" + tag) + cs(0) + struct.pack("<i", 1) + cs(0)
    val += cs(1) + vs("timesmart") + vs(str(time_received))
    val += cs(0) + struct.pack("<II", 0, time_received) + b"\x00\x00"
    txid = hashlib.sha256(hashlib.sha256(tx).digest()).digest()
    return (vs("tx") + txid, val)
