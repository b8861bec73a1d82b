# mkcase.sh - sourced by the report tests after tests/e2e/lib.sh: mkcase CASE RESEAL_BIN
# Ingests testimages' disk_gpt.raw (GPT: ext4 + FAT32, so files have partition and file-system
# provenance) and adds, with sqlite3, the rows the chat, crypto and people plugins emit (docs/case-file.md
# columns, ARCHITECTURE.md finding kinds): two WhatsApp threads and a Telegram one (a body with
# <script>), calls, contacts, wallets, persons (targets with a possible trafficking victim, a worker),
# crypto findings (an address seen in two files, a seed, a private key, an xpub), a chat database, a
# roster table, a scam script with stages and terms, a tip indicator, a passport MRZ. Then reseals the
# item (report_reseal) so the case passes verify as a plugin-made one would.
# Fixed values the tests assert: see the PHONE/NAME/PASSPORT variables.
VICTIM_PHONE=+66812345678
VICTIM_JID=66812345678@s.whatsapp.net
VICTIM_NAME="Somchai Jaidee"
PASSPORT=AA1234567
WORKER_NAME="Nguyen Van An"
BTC=bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq

mkcase() {
    local case=$1 reseal=$2
    # core rows only (the built-in chat/crypto plugins find rows of their own in the test image); the
    # rows the report must show are added below
    must_ingest "$case" "$TI/disk_gpt.raw" --case-number "RPT-2026-<1>" --examiner "Ex <b>Aminer</b>" \
        --no-progress --time-zone Asia/Bangkok --plugins sqlite_inventory
    local f1 f2 f3
    f1=$(q "$case" "SELECT min(id) FROM files WHERE type='r' AND evidence_id=1")
    f2=$(q "$case" "SELECT min(id) FROM files WHERE type='r' AND evidence_id=1 AND id > $f1")
    f3=$(q "$case" "SELECT min(id) FROM files WHERE type='r' AND evidence_id=1 AND id > $f2")
    [ -n "$f3" ] || fail "test image has too few files"
    sqlite3 -batch "$case" <<SQL || fail "inserting test rows"
INSERT INTO messages(evidence_id, file_id, plugin, app, account, thread, thread_title, sender, recipient, direction,
                     sent_utc, body, attachment, deleted, source, offset) VALUES
 (1, $f1, 'whatsapp', 'whatsapp', '+66900000001', '$VICTIM_JID', '$VICTIM_NAME', '$VICTIM_JID', '+66900000001', 'in',
  '2024-03-01T10:00:00Z', 'hello, I am $VICTIM_NAME, call me on $VICTIM_PHONE', NULL, 0, 'message:1', NULL),
 (1, $f1, 'whatsapp', 'whatsapp', '+66900000001', '$VICTIM_JID', '$VICTIM_NAME', '+66900000001', '$VICTIM_JID', 'out',
  '2024-03-01T10:05:00Z', 'send 500 USDT to $BTC', NULL, 0, 'message:2', NULL),
 (1, $f1, 'whatsapp', 'whatsapp', '+66900000001', '$VICTIM_JID', '$VICTIM_NAME', '$VICTIM_JID', '+66900000001', 'in',
  '2024-03-02T01:00:00Z', '<script>alert("x")</script><img src=x onerror=alert(1)>', 'Media/IMG-1.jpg', 1, 'message:3', NULL),
 (1, $f1, 'whatsapp', 'whatsapp', '+66900000001', '84912345678@s.whatsapp.net', 'Boss', '84912345678@s.whatsapp.net',
  '+66900000001', 'in', '2024-03-02T02:00:00Z', 'passport $PASSPORT is kept in the office', NULL, 0, 'message:4', NULL),
 (1, $f2, 'telegram', 'telegram', 'tg:1001', 'chat:77', 'Team', 'tg:2002', 'tg:1001', 'in',
  '2024-03-03T12:00:00Z', 'start the script with the new targets', NULL, 0, 'messages:9', NULL);
INSERT INTO calls(evidence_id, file_id, plugin, app, account, counterpart, counterpart_name, direction, status, media,
                  start_utc, duration_s, deleted, source) VALUES
 (1, $f1, 'whatsapp', 'whatsapp', '+66900000001', '$VICTIM_JID', '$VICTIM_NAME', 'out', 'answered', 'voice',
  '2024-03-01T11:00:00Z', 65, 0, 'call_log:5'),
 (1, $f1, 'whatsapp', 'whatsapp', '+66900000001', '84912345678@s.whatsapp.net', 'Boss', 'in', 'missed', 'video',
  '2024-03-02T03:00:00Z', NULL, 0, 'call_log:6');
INSERT INTO contacts(evidence_id, file_id, plugin, app, account, name, phone, handle, source) VALUES
 (1, $f1, 'whatsapp', 'whatsapp', '+66900000001', '$VICTIM_NAME', '$VICTIM_PHONE', '$VICTIM_JID', 'wa_contacts:1'),
 (1, $f2, 'telegram', 'telegram', 'tg:1001', 'Team Lead', NULL, 'teamlead_x', 'users:3');
INSERT INTO wallets(evidence_id, file_id, plugin, kind, chain, encrypted, details, address, source) VALUES
 (1, $f3, 'wallets', 'electrum', 'btc', 1, '{"version":"4.5"}', '$BTC', 'wallet:default_wallet');
INSERT INTO persons(evidence_id, file_id, plugin, role, name, phone, nationality, passport, amount, details, source, personal) VALUES
 (1, $f3, 'roster', 'target', '$VICTIM_NAME', '$VICTIM_PHONE', 'TH', '$PASSPORT', '30000 THB',
  '{"possible_trafficking_victim":true,"note":"recruited via $VICTIM_PHONE"}', '{"sheet":"Targets","row":7}', NULL),
 (1, $f3, 'roster', 'worker', '$WORKER_NAME', '+84911111111', 'VN', NULL, NULL, '{}', '{"sheet":"Workers","row":2}', 'name,phone'),
 (1, $f3, 'roster', 'target', 'Jane Roe', '+14155550123', 'US', NULL, '1200 USD', NULL, '{"sheet":"Targets","row":8}', NULL);
INSERT INTO findings(evidence_id, file_id, plugin, kind, subkind, value, offset, length, confidence, details, personal) VALUES
 (1, $f1, 'cryptoscan', 'crypto.address', 'btc', '$BTC', 120, 42, 0.99, '{"checksum":"bech32"}', NULL),
 (1, $f2, 'cryptoscan', 'crypto.address', 'btc', '$BTC', 7, 42, 0.99, '{"checksum":"bech32"}', NULL),
 (1, $f2, 'cryptoscan', 'crypto.address', 'eth', '0x52908400098527886E0F7030069857D2E4169EE7', 0, 42, 0.95, NULL, NULL),
 (1, $f3, 'cryptoscan', 'crypto.seed', 'bip39', 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about', 0, 100, 1.0, '{"words":12,"severity":"high","sensitive":["value","canonical"],"canonical":"abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"}', NULL),
 (1, $f3, 'cryptoscan', 'crypto.private_key', 'wif', '5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ', 200, 51, 1.0, NULL, NULL),
 (1, $f3, 'cryptoscan', 'crypto.xkey', 'xpub', 'xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8', 0, 111, 1.0, NULL, NULL),
 (1, $f3, 'wallets', 'crypto.wallet', 'electrum', '/home/u/.electrum/wallets/default_wallet', NULL, NULL, 0.9, NULL, NULL),
 (1, $f3, 'cryptoscan', 'crypto.rollup', 'btc', '2 addresses, 1 wallet', NULL, NULL, 1.0, '{"addresses":2}', NULL),
 (1, $f1, 'whatsapp', 'chat.database', 'whatsapp', 'msgstore.db', NULL, NULL, 1.0, '{"messages":4}', NULL),
 (1, $f3, 'roster', 'roster.table', 'xlsx', 'Targets!A1:F9', NULL, NULL, 0.9, '{"rows":2}', NULL),
 (1, $f2, 'scamscript', 'script.scam', 'pig_butchering', 'Hello dear, I am a crypto investor. Trust me and deposit USDT on our platform today.', 0, 80, 0.8,
  '{"family":"pig_butchering","stages":["greeting","trust","deposit"],"terms":[{"term":"investor","offset":25},{"term":"deposit USDT","offset":48}]}', NULL),
 (1, $f2, 'tipscan', 'tip.indicator', 'debt_bondage', 'worker owes 30000 THB recruitment fee', 0, 37, 0.7, NULL, NULL),
 (1, $f3, 'mrz', 'id.passport', 'THA', '$PASSPORT', 10, 88, 1.0, '{"surname":"JAIDEE","given":"SOMCHAI","mrz":"P<THAJAIDEE<<SOMCHAI<<<<<<<<<<<<<<<<<<<<<<<"}', 'value,details');
INSERT INTO links(evidence_id, file_id, plugin, from_table, from_id, relation, to_table, to_id) VALUES
 (1, $f1, 'cryptoscan', 'findings', (SELECT max(id) - 12 FROM findings), 'found_in', 'messages', (SELECT min(id) + 1 FROM messages));
SQL
    "$reseal" "$case" 1 || fail "reseal"
}
