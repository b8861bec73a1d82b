#!/usr/bin/env bash
# e2e_wallets.sh DFT_BIN FIXTURES WORK - the wallet_files plugin end to end: the generated wallets are
# laid out at realistic paths (Windows %APPDATA% Bitcoin/Litecoin, Linux ~/.bitcoin descriptor
# wallet, ~/.electrum/wallets, ~/.ethereum/keystore, an imToken data dir) in a directory evidence,
# ingested, and the case file checked exactly with sqlite3: wallets rows, crypto.wallet and
# crypto.address findings, wallet -> address links, warnings; and a second run gives the same rows.
set -euo pipefail
BIN=$1 FIX=$2 WORK=$3
export LC_ALL=C.UTF-8 TZ=UTC
rm -rf "$WORK" && mkdir -p "$WORK"
E=$WORK/evidence
A=$E/Users/alice/AppData/Roaming
B=$E/home/bob
mkdir -p "$A/Bitcoin/wallets/savings" "$A/Litecoin" "$B/.bitcoin/wallets/desc" "$B/.electrum/wallets" \
    "$B/.ethereum/keystore" "$E/data/data/im.token.app/files" "$E/misc" "$E/Users/alice/Desktop"
cp "$FIX/btc_plain.dat" "$A/Bitcoin/wallets/savings/wallet.dat"
cp "$FIX/btc_enc.dat" "$A/Bitcoin/wallet.dat"
cp "$FIX/ltc_wallet.dat" "$A/Litecoin/wallet.dat"
# found by content (libmagic: Berkeley DB Btree), chain from its D... addresses
cp "$FIX/doge_wallet.dat" "$E/Users/alice/Desktop/old_wallet.dat"
cp "$FIX/btc_desc.sqlite" "$B/.bitcoin/wallets/desc/wallet.dat"
cp "$FIX/electrum_std" "$B/.electrum/wallets/default_wallet"
cp "$FIX/electrum_enc" "$B/.electrum/wallets/enc_wallet"
cp "$FIX/electrum_2of3" "$B/.electrum/wallets/multisig"
cp "$FIX/electrum_45" "$B/.electrum/wallets/patched"
cp "$FIX/electrum_old" "$B/.electrum/wallets/old_wallet"
cp "$FIX/electrum_bie1" "$B/.electrum/wallets/secure"
cp "$FIX"/UTC--* "$B/.ethereum/keystore/"
cp "$FIX/keystore_pbkdf2.json" "$B/.ethereum/keystore/pbkdf2.json"
cp "$FIX/keystore_v1.json" "$B/.ethereum/keystore/v1.json"
cp "$FIX/imtoken_identity.json" "$E/data/data/im.token.app/files/identity.json"
echo '{"name": "not a wallet", "crypto": false}' >"$E/misc/settings.json"
# a damaged copy: the internal root's first child points back at the root (a page cycle)
mkdir -p "$E/misc/damaged"
python3 - "$FIX/btc_plain.dat" "$E/misc/damaged/wallet.dat" <<'PY'
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read())
root = struct.unpack_from("<I", b, 2 * 4096 + 88)[0]
off = struct.unpack_from("<H", b, root * 4096 + 26)[0]
struct.pack_into("<I", b, root * 4096 + off + 4, root)
open(sys.argv[2], "wb").write(b)
PY
head -c 5000 /dev/zero >"$E/misc/wallet.dat"

fail() { echo "FAIL: $*" >&2; exit 1; }
q() { sqlite3 -batch -noheader "$1" "$2"; }
expect() {   # expect CASE SQL WANT-TEXT DESCRIPTION
    local got
    got=$(q "$1" "$2")
    if [ "$got" != "$3" ]; then
        printf 'FAIL: %s\n--- got:\n%s\n--- want:\n%s\n' "$4" "$got" "$3" >&2
        exit 1
    fi
    echo "ok: $4"
}

CASE=$WORK/case.db
"$BIN" ingest "$CASE" "$E" --plugins wallet_files >"$WORK/out" 2>"$WORK/err" || { cat "$WORK/err" >&2; fail "ingest"; }

expect "$CASE" "SELECT f.path, w.kind, w.chain, coalesce(w.encrypted, 'null'), coalesce(w.address, '')
  FROM wallets w JOIN files f ON f.id = w.file_id ORDER BY f.path, w.id" \
"/Users/alice/AppData/Roaming/Bitcoin/wallet.dat|bitcoin_core_bdb|btc|1|1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa
/Users/alice/AppData/Roaming/Bitcoin/wallets/savings/wallet.dat|bitcoin_core_bdb|btc|0|1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa
/Users/alice/AppData/Roaming/Litecoin/wallet.dat|bitcoin_core_bdb|ltc|0|LZrDLAgMKQwTZ8dLxZQmbYsWpK6bKmLB7U
/Users/alice/Desktop/old_wallet.dat|bitcoin_core_bdb|doge|1|DN5wR3x5nnXUyeN3NQvCyUrdNXJJotKHbo
/data/data/im.token.app/files/identity.json|imtoken_identity|eth|1|
/home/bob/.bitcoin/wallets/desc/wallet.dat|bitcoin_core_descriptor|btc|0|bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4
/home/bob/.electrum/wallets/default_wallet|electrum|btc|0|1Dht4NTgTCfn3kVcG8F9p8At6s6BM9PD8z
/home/bob/.electrum/wallets/enc_wallet|electrum|btc|1|1Dht4NTgTCfn3kVcG8F9p8At6s6BM9PD8z
/home/bob/.electrum/wallets/multisig|electrum|btc|0|3L7P8SinfYEUMrXvyrd6kFfPiBybPjPVvT
/home/bob/.electrum/wallets/old_wallet|electrum|btc|1|14DmuTrM19bYGLAihLUdTrpZt1qRNEkobN
/home/bob/.electrum/wallets/patched|electrum|btc|0|17FgQ2VUD4SXNpDzWYVra8rrt8rx5iY5Mp
/home/bob/.electrum/wallets/secure|electrum|btc|1|
/home/bob/.ethereum/keystore/UTC--2016-05-01T10-00-00.000000000Z--008aeeda4d805471df9b2a5b0f38a0c3bcba786b|eth_keystore_v3|eth|1|0x008aeeda4d805471df9b2a5b0f38a0c3bcba786b
/home/bob/.ethereum/keystore/pbkdf2.json|eth_keystore_v3|eth|1|0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed
/home/bob/.ethereum/keystore/v1.json|eth_keystore_v1|eth|1|0xd4584b5f6229b7be90727b0fc8c6b91bb427821f
/misc/damaged/wallet.dat|bitcoin_core_bdb|btc|null|1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa" "wallets rows (the damaged copy lost its first leaf: tx and key records)"

expect "$CASE" "SELECT subkind, json_extract(details, '$.severity'), count(*) FROM findings
  WHERE kind = 'crypto.wallet' GROUP BY 1, 2 ORDER BY 1, 2" \
"bitcoin_core_bdb|high|2
bitcoin_core_bdb|info|3
bitcoin_core_descriptor|high|1
electrum|high|3
electrum|info|3
eth_keystore_v1|info|1
eth_keystore_v3|info|2
imtoken_identity|info|1" "crypto.wallet findings and severities"

expect "$CASE" "SELECT json_extract(w.details, '$.crack_hash') || ' ' || json_extract(w.details, '$.hashcat_mode')
  FROM wallets w JOIN files f ON f.id = w.file_id WHERE f.path = '/Users/alice/AppData/Roaming/Bitcoin/wallet.dat'" \
'$bitcoin$64$202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f$16$0102030405060708$25000$2$00$2$00 11300' "hashcat line of the encrypted wallet.dat"
expect "$CASE" "SELECT count(*) FROM wallets WHERE json_extract(details, '$.sensitive[0]') = 'crack_hash'" "8" \
  "crack lines marked sensitive (2 core enc, electrum enc/old/bie1, 2 v3 keystores, imToken)"

expect "$CASE" "SELECT json_extract(w.details, '$.first_tx_utc') || ' ' || json_extract(w.details, '$.last_tx_utc') || ' ' ||
  json_extract(w.details, '$.version') || ' ' || json_extract(w.details, '$.records.key')
  FROM wallets w JOIN files f ON f.id = w.file_id WHERE f.path LIKE '%/savings/wallet.dat'" \
"2020-09-13T12:28:20Z 2020-09-13T12:30:00Z 139900 2" "transaction times, version and key count of the plain wallet"

expect "$CASE" "SELECT subkind, value, confidence, coalesce(json_extract(details, '$.label'), '') FROM findings
  WHERE kind = 'crypto.address' ORDER BY 1, 2, 4" \
"btc|14DmuTrM19bYGLAihLUdTrpZt1qRNEkobN|0.99|old label
btc|17FgQ2VUD4SXNpDzWYVra8rrt8rx5iY5Mp|0.99|
btc|1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa|0.99|
btc|1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa|0.99|Genesis
btc|1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa|0.99|cold
btc|1Dht4NTgTCfn3kVcG8F9p8At6s6BM9PD8z|0.99|
btc|1Dht4NTgTCfn3kVcG8F9p8At6s6BM9PD8z|0.99|rent
btc|1Dht4NTgTCfn3kVcG8F9p8At6s6BM9PD8z|0.99|rent
btc|1ELeMsSVkXrjfntSgmLyYM8fbvAPGMQ6Vx|0.99|
btc|1GgmEruMc8if69tYjAg535GL86uFrMH17k|0.99|
btc|1GgmEruMc8if69tYjAg535GL86uFrMH17k|0.99|
btc|1GgmEruMc8if69tYjAg535GL86uFrMH17k|0.99|from patch
btc|1KsMGo588e7zktvhGWk2gvJtcwXXk6rudf|0.99|
btc|1KsMGo588e7zktvhGWk2gvJtcwXXk6rudf|0.99|
btc|1KsMGo588e7zktvhGWk2gvJtcwXXk6rudf|0.99|
btc|35Vofjwqj6zWQ4X7LMf5FsJAzHJPBCRAJQ|0.99|
btc|3Jf4gsoQpw6vhnR213xzm5JcxuA86faKa2|0.99|
btc|3Jf4gsoQpw6vhnR213xzm5JcxuA86faKa2|0.99|
btc|3L7P8SinfYEUMrXvyrd6kFfPiBybPjPVvT|0.99|
btc|bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4|0.99|
btc|bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4|0.99|Savings
btc|bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4|0.99|exchange deposit
doge|DFf83qnszeEwLRB2UuGjvzWwn9nDbZ15Yv|0.99|
doge|DN5wR3x5nnXUyeN3NQvCyUrdNXJJotKHbo|0.99|much wow
eth|0x008aeeda4d805471df9b2a5b0f38a0c3bcba786b|0.9|
eth|0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed|0.9|
eth|0xd4584b5f6229b7be90727b0fc8c6b91bb427821f|0.9|
ltc|LZrDLAgMKQwTZ8dLxZQmbYsWpK6bKmLB7U|0.99|ltc main
ltc|MVjTBMZivfMkDrbgx2uY9W8kJvmbCsvPaQ|0.99|ltc p2sh" "crypto.address findings"

expect "$CASE" "SELECT json_extract(w.details, '$.address_eip55') FROM wallets w JOIN files f ON f.id = w.file_id
  WHERE f.path LIKE '%/pbkdf2.json'" "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed" "wallet row carries the EIP-55 form"
expect "$CASE" "SELECT json_extract(details, '$.eip55') FROM findings WHERE kind = 'crypto.address'
  AND value = '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed'" "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed" "EIP-55 form"

expect "$CASE" "SELECT count(*) FROM links l JOIN wallets w ON l.from_table = 'wallets' AND l.from_id = w.id
  JOIN findings a ON l.to_table = 'findings' AND l.to_id = a.id AND a.kind = 'crypto.address'
  WHERE l.relation = 'address' AND a.file_id = w.file_id" "29" "every address finding linked from its wallet"

expect "$CASE" "SELECT f.path, fi.value FROM findings fi JOIN files f ON f.id = fi.file_id WHERE fi.kind = 'evidence.warning'
  AND fi.plugin = 'wallet_files'" "/misc/damaged/wallet.dat|wallet.dat: 1 damaged page(s) or item(s) skipped; first: page 3 reached twice (cycle or shared child)
/misc/wallet.dat|wallet.dat is neither a Berkeley DB B-tree nor an SQLite wallet" \
  "warnings for a damaged and a junk wallet.dat, nothing for other JSON"
expect "$CASE" "SELECT json_extract(w.details, '$.bdb') || ' ' || json_extract(w.details, '$.records.records')
  FROM wallets w JOIN files f ON f.id = w.file_id WHERE f.path = '/misc/damaged/wallet.dat'" \
  '{"deleted_items":0,"overflow_items":0,"pages":2,"problems":1} 9' "the damaged wallet keeps what could be read"

CASE2=$WORK/case2.db
"$BIN" ingest "$CASE2" "$E" --plugins wallet_files >/dev/null 2>&1 || fail "second ingest"
for t in "SELECT kind, chain, encrypted, address, details FROM wallets ORDER BY id" \
         "SELECT kind, subkind, value, details FROM findings WHERE plugin = 'wallet_files' ORDER BY id"; do
    [ "$(q "$CASE" "$t")" = "$(q "$CASE2" "$t")" ] || fail "second run differs: $t"
done
echo "ok: a second run gives the same rows"
echo PASS
