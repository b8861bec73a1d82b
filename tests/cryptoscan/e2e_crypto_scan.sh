#!/usr/bin/env bash
# e2e_crypto_scan.sh DFT_BIN WORKDIR [PLUGIN_DIR] - the crypto_scan plugin end to end.
#
# Builds a small FAT12 image (mkfs.fat + mtools, no root, fixed volume id and mtimes) holding
#   notes.txt   a TRON address (USDT-TRC20 contract) and a 12-word BIP39 seed
#   win.txt     UTF-16LE (BOM) text with a BTC bech32 address
#   gone.txt    an ETH address, then deleted (mdel): the deleted file's content and unallocated space
#   talk.chat   "sender|body" lines: the e2e hello plugin (PLUGIN_DIR) makes messages of them, whose
#               bodies the scanner sees as decoded content (found_in link, rollup time = sent_utc)
# runs `dftriage ingest`, and asserts the findings rows (kind, subkind, value, offset), the details,
# the message link and the rollup exactly with sqlite3.
set -euo pipefail
BIN=$1
WORK=$2
PLUGDIR=${3:-}
export LC_ALL=C.UTF-8 TZ=UTC
for t in mkfs.fat mcopy mdel sqlite3 python3; do
    command -v $t >/dev/null || { echo "skip: $t missing"; exit 77; }
done
rm -rf "$WORK"
mkdir -p "$WORK/src"
FAILS=0
check() {   # check DESCRIPTION EXPECTED ACTUAL
    if [ "$2" == "$3" ]; then echo "ok: $1"; else
        echo "FAIL: $1"; echo "  expected: $2"; echo "  actual:   $3"; FAILS=$((FAILS + 1)); fi
}
q() { sqlite3 -batch -noheader "$WORK/case.db" "$1"; }

S="$WORK/src"
printf 'Deposit USDT (TRC20) to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t today.\nwallet words:\nabandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about\n' >"$S/notes.txt"
python3 -c 'import sys; sys.stdout.buffer.write(b"\xff\xfe" + "BTC: bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4\r\n".encode("utf-16-le"))' >"$S/win.txt"
printf 'eth 0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359\n' >"$S/gone.txt"
printf 'alice|pay to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t now\n' >"$S/talk.chat"
touch -d 2023-03-01T10:00:00Z "$S/notes.txt"
touch -d 2023-03-02T10:00:00Z "$S/win.txt" "$S/gone.txt"
touch -d 2023-03-03T10:00:00Z "$S/talk.chat"

IMG="$WORK/fat.img"
mkfs.fat -F 12 -i 0c0ffee0 -n CRYPTOSCAN -C "$IMG" 2048 >/dev/null
for f in notes.txt win.txt gone.txt talk.chat; do mcopy -m -i "$IMG" "$S/$f" ::/; done
mdel -i "$IMG" ::/gone.txt

# the scanner's own rows only: other built-ins (documents decodes win.txt's UTF-16 into text the
# scanner then sees again) are left out so the rows below are exactly the scanner's
args=("$WORK/case.db" "$IMG" --no-progress --plugins crypto_scan)
[ -n "$PLUGDIR" ] && [ -d "$PLUGDIR" ] && args=("$WORK/case.db" "$IMG" --no-progress --plugin-dir "$PLUGDIR" --plugins crypto_scan,hello)
"$BIN" ingest "${args[@]}" >"$WORK/ingest.out" 2>"$WORK/ingest.err" || {
    cat "$WORK/ingest.err"; echo "FAIL: ingest exited non-zero"; exit 1; }

# ---- findings in files: kind, subkind, value, offset, length ------------------------------------
check "notes.txt: TRON address and seed" \
"crypto.address|trx|TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t|24|34|0.99
crypto.seed|bip39|abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about|80|93|0.9" \
"$(q "SELECT f.kind, f.subkind, f.value, f.offset, f.length, f.confidence FROM findings f JOIN files x ON x.id = f.file_id
     WHERE f.plugin = 'crypto_scan' AND x.name = 'notes.txt' AND f.decoded_path IS NULL ORDER BY f.offset")"

check "notes.txt: details of the address (token, context)" \
'{"canonical":"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t","context":{"after":" today. wallet words: abandon abandon ab","before":"Deposit USDT (TRC20) to "},"sensitive":["context"],"testnet":false,"token":"USDT-TRC20","variant":"base58"}' \
"$(q "SELECT f.details FROM findings f JOIN files x ON x.id = f.file_id WHERE x.name = 'notes.txt' AND f.kind = 'crypto.address'")"

check "notes.txt: seed details (sensitive, severity high, language, words)" \
'bip39|english|12|high|["value","canonical","context"]' \
"$(q "SELECT json_extract(details,'\$.type'), json_extract(details,'\$.language'), json_extract(details,'\$.words'),
            json_extract(details,'\$.severity'), json_extract(details,'\$.sensitive')
     FROM findings WHERE kind = 'crypto.seed'")"

check "win.txt: UTF-16LE bech32 address (byte offset after the BOM and 'BTC: ')" \
"crypto.address|btc|bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4|12|84|utf-16le|p2wpkh" \
"$(q "SELECT f.kind, f.subkind, f.value, f.offset, f.length, json_extract(f.details,'\$.encoding'), json_extract(f.details,'\$.variant')
     FROM findings f JOIN files x ON x.id = f.file_id WHERE f.plugin = 'crypto_scan' AND x.name = 'win.txt'")"

check "gone.txt (deleted; FAT shows it as _one.txt): ETH address in the deleted file" \
"_one.txt|0|crypto.address|eth|0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359|4|eip55" \
"$(q "SELECT x.name, x.allocated, f.kind, f.subkind, f.value, f.offset, json_extract(f.details,'\$.variant')
     FROM findings f JOIN files x ON x.id = f.file_id WHERE f.plugin = 'crypto_scan' AND x.allocated = 0")"

check "unallocated space: the deleted file's ETH address again, with its media offset" \
"crypto.address|eth|0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359|1" \
"$(q "SELECT f.kind, f.subkind, f.value, f.media_offset - u.offset = f.offset
     FROM findings f JOIN unallocated u ON u.id = f.region_id WHERE f.plugin = 'crypto_scan'")"

# the media offset points at the address in the image itself
moff=$(q "SELECT media_offset FROM findings WHERE plugin = 'crypto_scan' AND region_id IS NOT NULL")
check "unallocated space: bytes at media_offset" "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359" \
    "$(dd if="$IMG" bs=1 skip="$moff" count=42 2>/dev/null)"

check "nothing else in the files (no false positive)" "6" \
"$(q "SELECT count(*) FROM findings WHERE plugin = 'crypto_scan' AND kind <> 'crypto.rollup'
        AND (decoded_path IS NULL)")"

# ---- message bodies (decoded content from the hello test plugin) --------------------------------
if [ -n "$PLUGDIR" ] && [ -f "$PLUGDIR/hello_plugin.so" ]; then
    check "message body: the address found in the decoded body, linked found_in to the message" \
    "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t|7|found_in|pay to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t now|2024-01-01T00:00:00Z" \
    "$(q "SELECT f.value, f.decoded_offset, l.relation, m.body, m.sent_utc FROM findings f
         JOIN links l ON l.from_table = 'findings' AND l.from_id = f.id
         JOIN messages m ON l.to_table = 'messages' AND m.id = l.to_id
         WHERE f.plugin = 'crypto_scan' AND f.decoded_path IS NOT NULL")"
    trx_rollup='crypto.rollup|trx|TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t|crypto.address|3|[1]|2|2023-03-01T10:00:00Z|2024-01-01T00:00:00Z'
else
    echo "note: no hello plugin in '$PLUGDIR': message-body checks skipped"
    trx_rollup='crypto.rollup|trx|TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t|crypto.address|2|[1]|2|2023-03-01T10:00:00Z|2023-03-03T10:00:00Z'
fi

# ---- the case rollup: one row per distinct indicator, sorted by (chain, canonical) ----------------
check "rollup rows" \
"crypto.rollup|bip39|abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about|crypto.seed|1|[1]|1|2023-03-01T10:00:00Z|2023-03-01T10:00:00Z
crypto.rollup|btc|bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4|crypto.address|1|[1]|1|2023-03-02T10:00:00Z|2023-03-02T10:00:00Z
crypto.rollup|eth|0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359|crypto.address|2|[1]|1|2023-03-02T10:00:00Z|2023-03-02T10:00:00Z
$trx_rollup" \
"$(q "SELECT kind, subkind, value, json_extract(details,'\$.kind'), json_extract(details,'\$.count'),
            json_extract(details,'\$.evidence_ids'), json_extract(details,'\$.file_total'),
            json_extract(details,'\$.first_seen'), json_extract(details,'\$.last_seen')
     FROM findings WHERE kind = 'crypto.rollup' ORDER BY id")"

check "rollup of the seed is marked sensitive" 'high|["value"]' \
"$(q "SELECT json_extract(details,'\$.severity'), json_extract(details,'\$.sensitive') FROM findings
     WHERE kind = 'crypto.rollup' AND subkind = 'bip39'")"

check "bip39 word lists and token list recorded in runs.plugins" "bip39|1
tokens|1" \
"$(q "SELECT json_extract(d.value,'\$.name'), length(json_extract(d.value,'\$.sha256')) = 64
     FROM runs, json_each(runs.plugins) p, json_each(json_extract(p.value,'\$.data')) d
     WHERE json_extract(p.value,'\$.name') = 'crypto_scan'")"

if [ "$FAILS" -ne 0 ]; then echo "$FAILS check(s) failed"; exit 1; fi
echo PASS
