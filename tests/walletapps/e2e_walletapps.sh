#!/usr/bin/env bash
# e2e_walletapps.sh DFT_BIN WORKDIR GENERATOR - the wallet_apps plugin through the binary: the
# evidence tree written by gen_walletapps.py (MetaMask Chrome/Edge, Ronin, Phantom (Solana), TronLink extension with a
# damaged log record, MetaMask mobile persist-root, TronLink app folder, Exodus, Atomic, Ledger Live,
# Wasabi, two decoys) ingested as a directory and as a tar; exact wallets rows, address findings,
# links, vault details and warnings; the tar gives the same rows as the directory.
set -euo pipefail
BIN=$1
WORK=$2
GEN=$3
export LC_ALL=C.UTF-8 TZ=UTC
rm -rf "$WORK"
mkdir -p "$WORK"
python3 "$GEN" "$WORK/fx"
. "$WORK/fx/expect.env"

FAILS=0
fail() { echo "FAIL: $*" >&2; exit 1; }
check() { # check NAME EXPECTED ACTUAL
    if [ "$2" != "$3" ]; then
        echo "FAIL: $1" >&2
        diff <(printf '%s\n' "$2") <(printf '%s\n' "$3") >&2 || true
        FAILS=$((FAILS + 1))
    else
        echo "ok: $1"
    fi
}
q() { sqlite3 -batch -noheader "$1" "$2" 2>&1 || fail "sqlite3: $2"; }

for ev in tree tree.tar; do
    db="$WORK/case-$ev.db"
    "$BIN" ingest "$db" "$WORK/fx/$ev" --plugins wallet_apps >"$WORK/$ev.out" 2>"$WORK/$ev.err" ||
        { cat "$WORK/$ev.err" >&2; fail "ingest $ev"; }
done
D="$WORK/case-tree.db"

# W FRAGMENT: the wallets.id of the wallet whose file path contains FRAGMENT (an SQL expression)
W() { printf "(SELECT w.id FROM wallets w JOIN files fi ON fi.id = w.file_id WHERE fi.path LIKE '%%%s%%')" "$1"; }
short() { sed 's#^[^|]*\(bfnael\|nkbihf\|ejbal\|fnjhmk\|ibnejd\|moz-extension\|io.metamask\|7C1D2E3F\|0B6A9C1E\|tronlinkpro\|atomic\|Ledger Live\|Exodus\|WalletWasabi\)[^|]*#\1#'; }

check "wallets rows (by path)" "bfnael|phantom_extension|sol||$SOL1|Local Extension Settings leveldb
fnjhmk|ronin_extension|ronin|1|0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359|Local Extension Settings leveldb
ibnejd|tronlink_extension|trx||$TRX2|Local Extension Settings leveldb
nkbihf|metamask_extension|eth|1|0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed|Local Extension Settings leveldb
ejbal|metamask_extension|eth|1|0xd1220a0cf47c7b9be7a2e6ba89f429762e7b9adb|Local Extension Settings leveldb
Exodus|exodus_desktop|multi|1||exodus.wallet
Ledger Live|ledger_live|multi|0|bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4|app.json
moz-extension|metamask_firefox|eth|1|0xdbf03b407c01e7cd3cbea99509d93f8dddc8c6fb|Firefox IndexedDB
WalletWasabi|wasabi|btc|1||Wasabi wallet file
atomic|atomic_desktop|multi||1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa|Local Storage leveldb
tronlinkpro|tronlink_app|trx||$TRX3|app data folder
io.metamask|metamask_mobile|eth|1|0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed|persist-root
0B6A9C1E|imtoken_app|multi||$TRX3|app data folder
7C1D2E3F|metamask_mobile|eth|1|0xd1220a0cf47c7b9be7a2e6ba89f429762e7b9adb|persist-root" \
    "$(q "$D" "SELECT fi.path, w.kind, w.chain, ifnull(w.encrypted,''), ifnull(w.address,''), w.source
              FROM wallets w JOIN files fi ON fi.id = w.file_id ORDER BY fi.path" | short)"

check "wallet -> address links and their findings" "bfnael|crypto.address|sol|$SOL1|0.9|account|||value
bfnael|crypto.address|sol|$SOL2|0.9|account|||value
bfnael|crypto.address|trx|$TRX1|0.99|found|||value
fnjhmk|crypto.address|eth|0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359|0.9|selected|||value
ibnejd|crypto.address|trx|$TRX2|0.99|found|||value
nkbihf|crypto.address|eth|0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed|0.9|selected|Account 1||value,details
nkbihf|crypto.address|eth|0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359|0.9|account|Account 2||value,details
nkbihf|crypto.address|eth|0xdbf03b407c01e7cd3cbea99509d93f8dddc8c6fb|0.99|address_book|Exchange deposit||value,details
nkbihf|crypto.address|eth|0xd1220a0cf47c7b9be7a2e6ba89f429762e7b9adb|0.99|transaction_to|||value
nkbihf|crypto.address|eth|0xdac17f958d2ee523a2206206994597c13d831ec7|0.99|history||USDT-ERC20|value
ejbal|crypto.address|eth|0xd1220a0cf47c7b9be7a2e6ba89f429762e7b9adb|0.9|selected|Main||value,details
Ledger Live|crypto.address|btc|bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4|0.99|account|Bitcoin 1||value,details
Ledger Live|crypto.xkey|btc|xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8|0.99|account_xpub|Bitcoin 1||value,details
moz-extension|crypto.address|eth|0xdbf03b407c01e7cd3cbea99509d93f8dddc8c6fb|0.9|selected|Счёт 1||value,details
WalletWasabi|crypto.xkey|btc|xpub661MyMwAqRbcFW31YEwpkMuc5THy2PSt5bDMsktWQcFF8syAmRUapSCGu8ED9W6oDMSgv6Zz8idoc4a6mr8BDzTJY47LJhkJ8UB7WEGuduB|0.99|account_xpub|||value
atomic|crypto.address|btc|1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa|0.99|found|||value
atomic|crypto.address|trx|$TRX3|0.99|found|||value
tronlinkpro|crypto.address|trx|$TRX3|0.99|found|||value
tronlinkpro|crypto.address|trx|$TRX2|0.99|found|||value
tronlinkpro|crypto.address|trx|$TRX1|0.99|found|||value
tronlinkpro|crypto.address|trx|TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t|0.99|found||USDT-TRC20|value
tronlinkpro|crypto.address|eth|0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359|0.9|keystore|||value
io.metamask|crypto.address|eth|0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed|0.99|selected|Account 1||value,details
io.metamask|crypto.address|eth|0xdbf03b407c01e7cd3cbea99509d93f8dddc8c6fb|0.99|address_book|Bob||value,details
io.metamask|crypto.address|eth|0xdac17f958d2ee523a2206206994597c13d831ec7|0.99|transaction_to||USDT-ERC20|value
0B6A9C1E|crypto.address|trx|$TRX3|0.99|found|||value
0B6A9C1E|crypto.address|eth|0xdbf03b407c01e7cd3cbea99509d93f8dddc8c6fb|0.99|found|||value
7C1D2E3F|crypto.address|eth|0xd1220a0cf47c7b9be7a2e6ba89f429762e7b9adb|0.99|selected|iPhone account||value,details" \
    "$(q "$D" "SELECT fi.path, f.kind, ifnull(f.subkind,''), f.value, f.confidence, json_extract(l.details,'\$.role'),
              ifnull(json_extract(f.details,'\$.label'),''), ifnull(json_extract(f.details,'\$.token'),''), f.personal
              FROM links l JOIN wallets w ON l.from_table = 'wallets' AND l.from_id = w.id
              JOIN files fi ON fi.id = w.file_id
              JOIN findings f ON l.to_table = 'findings' AND f.id = l.to_id
              WHERE l.relation = 'address' ORDER BY fi.path, l.id" | short)"

check "one crypto.wallet finding per wallet, same file" "14|14" \
    "$(q "$D" "SELECT count(*), sum(EXISTS(SELECT 1 FROM wallets w WHERE w.file_id = f.file_id AND w.kind = f.subkind))
              FROM findings f WHERE f.kind = 'crypto.wallet'")"
check "every address finding is linked" "28|28" \
    "$(q "$D" "SELECT count(*), sum(EXISTS(SELECT 1 FROM links l WHERE l.to_table='findings' AND l.to_id=f.id))
              FROM findings f WHERE f.kind IN ('crypto.address','crypto.xkey')")"
check "a Solana blockhash (32 bytes, no account key) is no address" "0" \
    "$(q "$D" "SELECT count(*) FROM findings WHERE value = '$SOL_BLOCKHASH'")"
check "decoys give nothing" "0|0" \
    "$(q "$D" "SELECT (SELECT count(*) FROM findings WHERE value LIKE '%aapocclcgogkmnckokdopfmhonfmgoek%' OR value LIKE '%com.example.notes%' OR value LIKE '%1111AAAA%'),
                      (SELECT count(*) FROM findings f JOIN files fi ON fi.id = f.file_id WHERE fi.path LIKE '%com.example.notes%' OR fi.path LIKE '%1111AAAA%')")"

# MetaMask Chrome: vault without keyMetadata -> hashcat 26600 line, marked sensitive
check "metamask chrome vault" "PBKDF2-HMAC-SHA256|10000|default|AES-256-GCM|hashcat 26600|[\"vault_json\",\"crack_hash\"]|Default|chrome" \
    "$(q "$D" "SELECT json_extract(details,'\$.vault.kdf'), json_extract(details,'\$.vault.iterations'),
              json_extract(details,'\$.vault.iterations_source'), json_extract(details,'\$.vault.cipher'),
              json_extract(details,'\$.crack_hash_mode'), json_extract(details,'\$.sensitive'),
              json_extract(details,'\$.profile'), json_extract(details,'\$.browser') FROM wallets WHERE id = $(W nkbihf)")"
check "metamask chrome crack line" "$CRACK1" "$(q "$D" "SELECT json_extract(details,'\$.crack_hash') FROM wallets WHERE id = $(W nkbihf)")"
check "metamask chrome transaction" "1|0x709b55bd3da0f5a838125bd0ee20c5bfdd7caba173912d4281cae816b79a201b|0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed|0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb|0xde0b6b3a7640000|2023-11-14T22:13:20Z|confirmed" \
    "$(q "$D" "SELECT json_extract(details,'\$.transaction_count'), json_extract(details,'\$.transactions[0].hash'),
              json_extract(details,'\$.transactions[0].from'), json_extract(details,'\$.transactions[0].to'),
              json_extract(details,'\$.transactions[0].value'), json_extract(details,'\$.transactions[0].time_utc'),
              json_extract(details,'\$.transactions[0].status') FROM wallets WHERE id = $(W nkbihf)")"
check "metamask chrome network, leveldb summary" "0x1|mainnet|0x38|BNB Smart Chain|2|1|0|[\"data\",\"meta\"]|[\"000003.log\",\"000005.ldb\"]" \
    "$(q "$D" "SELECT json_extract(details,'\$.network.chain_id'), json_extract(details,'\$.network.type'),
              json_extract(details,'\$.networks[0].chain_id'), json_extract(details,'\$.networks[0].name'),
              json_extract(details,'\$.leveldb.live_keys'), json_extract(details,'\$.leveldb.older_values'),
              json_extract(details,'\$.leveldb.damaged_records'), json_extract(details,'\$.leveldb.keys'),
              (SELECT json_group_array(json_extract(v.value,'\$.name')) FROM json_each(json_extract(details,'\$.leveldb_files')) v)
              FROM wallets WHERE id = $(W nkbihf)")"
# MetaMask Edge: keyMetadata 600000 -> no 26600 line; state fragmented over log blocks
check "metamask edge vault" "600000|keyMetadata|PBKDF2||edge|Profile 1" \
    "$(q "$D" "SELECT json_extract(details,'\$.vault.iterations'), json_extract(details,'\$.vault.iterations_source'),
              json_extract(details,'\$.vault.kdf_algorithm'), ifnull(json_extract(details,'\$.crack_hash'),''),
              json_extract(details,'\$.browser'), json_extract(details,'\$.profile') FROM wallets WHERE id = $(W ejbal)")"
# MetaMask mobile
check "metamask mobile vault" "PBKDF2-HMAC-SHA512|5000|AES-256-CBC|original|android|3|1|1" \
    "$(q "$D" "SELECT json_extract(details,'\$.vault.kdf'), json_extract(details,'\$.vault.iterations'),
              json_extract(details,'\$.vault.cipher'), json_extract(details,'\$.vault.lib'), json_extract(details,'\$.platform'),
              json_extract(details,'\$.reducers_decoded'), json_extract(details,'\$.transaction_count'),
              json_extract(details,'\$.address_book_entries') FROM wallets WHERE id = $(W io.metamask)")"
check "metamask firefox" "firefox|indexeddb|6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f|[\"big\",\"data\",\"meta\"]|1|0|hashcat 26600" \
    "$(q "$D" "SELECT json_extract(details,'\$.browser'), json_extract(details,'\$.container'), json_extract(details,'\$.extension_uuid'),
              json_extract(details,'\$.idb_keys'), json_extract(details,'\$.external_values'),
              json_extract(details,'\$.undecoded_values'), json_extract(details,'\$.crack_hash_mode') FROM wallets WHERE id = $(W moz-extension)")"
check "ronin vault key" "[\"encryptedVault\"]" "$(q "$D" "SELECT json_extract(details,'\$.vault_keys') FROM wallets WHERE id = $(W fnjhmk)")"
# TronLink app folder
check "tronlink app folder" "com.tronlinkpro.wallet|android|4|[\"files/keystore/main.json\"]|[\"databases/wallet.db\"]|0" \
    "$(q "$D" "SELECT json_extract(details,'\$.package'), json_extract(details,'\$.platform'), json_extract(details,'\$.file_count'),
              json_extract(details,'\$.keystore_files'), json_extract(details,'\$.databases'),
              json_extract(details,'\$.files_not_read') FROM wallets WHERE id = $(W tronlinkpro)")"
check "tronlink webview leveldb: address whole only after key-prefix reconstruction" "app_webview/Default/Local Storage/leveldb/000005.ldb" \
    "$(q "$D" "SELECT json_extract(f.details,'\$.source') FROM findings f WHERE f.kind = 'crypto.address' AND f.value = '$TRX3'
              AND json_extract(f.details,'\$.wallet') = 'tronlink_app'")"
# Exodus
check "exodus" "1|1|[{\"name\":\"info.seco\",\"seco\":1},{\"name\":\"passphrase.json\",\"seco\":null},{\"name\":\"seed.seco\",\"seco\":1},{\"name\":\"storage.seco\",\"seco\":1},{\"name\":\"twofactor.seco\",\"seco\":0}]" \
    "$(q "$D" "SELECT json_extract(details,'\$.seed_seco'), json_extract(details,'\$.passphrase_json'),
              (SELECT json_group_array(json_object('name', json_extract(v.value,'\$.name'), 'seco', json_extract(v.value,'\$.seco_magic')))
               FROM json_each(json_extract(details,'\$.files')) v) FROM wallets WHERE id = $(W exodus.wallet)")"
check "exodus passphrase never copied" "0" "$(q "$D" "SELECT count(*) FROM wallets WHERE details LIKE '%0f1e2d3c4b5a6978%'")"
check "metamask mobile ios" "ios|1" \
    "$(q "$D" "SELECT json_extract(details,'\$.platform'), json_extract(details,'\$.reducers_decoded') FROM wallets WHERE id = $(W 7C1D2E3F)")"
check "imtoken ios container" "im.token.app|ios|2|[{\"addresses\":2,\"path\":\"Documents/wallets.json\"}]" \
    "$(q "$D" "SELECT json_extract(details,'\$.package'), json_extract(details,'\$.platform'), json_extract(details,'\$.file_count'),
              json_extract(details,'\$.files_with_addresses') FROM wallets WHERE id = $(W 0B6A9C1E)")"
# Wasabi / Ledger Live
check "wasabi" "0|3c4d5e6f|Main|84'/0'/0'" \
    "$(q "$D" "SELECT json_extract(details,'\$.watch_only'), json_extract(details,'\$.master_fingerprint'),
              json_extract(details,'\$.network'), json_extract(details,'\$.account_key_path') FROM wallets WHERE id = $(W WalletWasabi)")"
check "ledger live" "1|[\"bitcoin\"]" \
    "$(q "$D" "SELECT json_extract(details,'\$.account_count'), json_extract(details,'\$.currencies') FROM wallets WHERE id = $(W Ledger Live)")"
# the damaged TronLink extension record: one warning, the readable record kept
check "warnings: the damaged log record, the value kept outside the IndexedDB" "evidence.warning|/Users/alice/AppData/Roaming/Mozilla/Firefox/Profiles/x1y2z3.default-release/storage/default/moz-extension+++6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f^userContextId=4294967295/idb/3647222921wleabcEoxlt-eengsairo.sqlite: 1 value(s) stored outside the database (.files) not read
evidence.warning|LevelDB /Users/alice/AppData/Local/Google/Chrome/User Data/Default/Local Extension Settings/ibnejdfjmmkpcnlpebklmnkoeoihofec/000003.log offset 138: bad record checksum, record skipped" \
    "$(q "$D" "SELECT kind, value FROM findings WHERE kind = 'evidence.warning' ORDER BY value")"

# the tar gives the same rows
rows() { q "$1" "SELECT w.kind, w.chain, w.encrypted, w.address, w.details, f.kind, f.value, f.details, l.details
                 FROM links l JOIN wallets w ON l.from_table='wallets' AND l.from_id=w.id
                 JOIN findings f ON l.to_table='findings' AND f.id=l.to_id ORDER BY l.id"; }
check "tar and directory give the same rows" "$(rows "$D")" "$(rows "$WORK/case-tree.tar.db")"

if [ "$FAILS" -ne 0 ]; then
    echo "$FAILS check(s) failed" >&2
    exit 1
fi
echo PASS
