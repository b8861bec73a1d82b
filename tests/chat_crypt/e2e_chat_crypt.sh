#!/usr/bin/env bash
# e2e_chat_crypt.sh - dftriage ingest of an Android directory dump with encrypted chat stores
# (make_fixtures.py): WhatsApp crypt15 (encrypted_backup.key) and crypt14 (key) backups decrypted to
# derived msgstore.db files parsed by the chat plugin, the "only in backup" marking against the live
# msgstore.db, WeChat EnMicroMsg.db opened with the IMEI + uin candidate and parsed, Signal reported as
# "encrypted, key needed" (then decrypted with chat_decrypt.signal_key), Signal iOS grdb/signal.sqlite
# (SQLCipher 4, plaintext header) reported the same way, then decrypted with chat_decrypt.signal_ios_key and
# parsed (attachment linked), and no key in the case file. An iOS extraction tar with a keychain dump
# (extra/KeychainDump/backup_keychain_v2.plist) decrypts Signal iOS with no option; hostile and UFED-encrypted
# keychain dumps give warnings and the "key needed" finding; UFED's encrypted export is decrypted too.
# Signal Android keyed from its shared_prefs: the unencrypted secret with no option, the Keystore-wrapped secret with
# chat_decrypt.signal_keystore_key, a wrong keystore key -> reason (one ingest of three evidence items).
source "$(dirname "$0")/../e2e/lib.sh"
MAKE=${1:?make_fixtures.py}
MKFX=${2:?mkfx}
command -v python3 >/dev/null || exit 77
command -v sqlcipher >/dev/null || exit 77
FX=$WORK/fx
python3 "$MAKE" "$FX" "$MKFX" >/dev/null || fail "make_fixtures.py failed"
C=$WORK/case.db
must_ingest "$C" "$FX/dump" --no-progress --plugin-opt chat_decrypt.wechat_imei=358240051111110

BK=/storage/emulated/0/WhatsApp/Databases
fd() { # PATH -> chat_decrypt's chat.database details field
    q "$C" "SELECT json_extract(fi.details, '\$.$2') FROM findings fi JOIN files f ON f.id = fi.file_id
            WHERE fi.kind = 'chat.database' AND fi.plugin = 'chat_decrypt' AND f.path = '$1'"
}
got=$(fd "$BK/msgstore.db.crypt15" decrypted)"|"$(fd "$BK/msgstore.db.crypt15" key_source)"|"$(fd "$BK/msgstore.db.crypt15" encrypted)
[ "$got" = "1|key file /data/data/com.whatsapp/files/encrypted_backup.key|1" ] && ok "crypt15 decrypted with the key file" \
    || softfail "crypt15 finding = $got"
got=$(fd "$BK/msgstore-2023-11-14.1.db.crypt14" decrypted)"|"$(fd "$BK/msgstore-2023-11-14.1.db.crypt14" key_source)
[ "$got" = "1|key file /data/data/com.whatsapp/files/key" ] && ok "crypt14 decrypted with the key file" || softfail "crypt14 finding = $got"
got=$(q "$C" "SELECT group_concat(f.name || ':' || f.transform || ':' || p.name, ' ') FROM (SELECT * FROM files ORDER BY id) f
              JOIN files p ON p.id = f.derived_from WHERE f.transform LIKE 'whatsapp-crypt%'")
[ "$got" = "msgstore-2023-11-14.1.db:whatsapp-crypt14:msgstore-2023-11-14.1.db.crypt14 msgstore.db:whatsapp-crypt15:msgstore.db.crypt15" ] \
    && ok "derived files" || softfail "derived files = $got"
# the chat plugin parsed the decrypted backups: 4 messages each, exact row
got=$(q "$C" "SELECT count(*), sum(m.direction = 'out') FROM messages m JOIN files f ON f.id = m.file_id WHERE f.transform = 'whatsapp-crypt15'")
[ "$got" = "4|2" ] && ok "crypt15 backup: 4 messages, 2 out" || softfail "crypt15 messages = $got"
got=$(q "$C" "SELECT m.sender || '|' || m.direction || '|' || m.sent_utc || '|' || m.body FROM messages m JOIN files f ON f.id = m.file_id
              WHERE f.transform = 'whatsapp-crypt14' AND m.source = 'message:3'")
[ "$got" = "+66898765432|in|2023-11-14T22:15:20Z|deleted later: xóa sau" ] && ok "crypt14 backup message:3 exact" \
    || softfail "crypt14 message:3 = $got"
# only in backup: message 3 (deleted from the live db), once per backup
got=$(q "$C" "SELECT group_concat(f.transform || ':' || m.source, ' ') FROM (SELECT * FROM findings ORDER BY id) fi
              JOIN links l ON l.from_table = 'findings' AND l.from_id = fi.id AND l.relation = 'marks'
              JOIN messages m ON l.to_table = 'messages' AND m.id = l.to_id JOIN files f ON f.id = m.file_id
              WHERE fi.kind = 'chat.backup_only'")
[ "$got" = "whatsapp-crypt14:message:3 whatsapp-crypt15:message:3" ] && ok "backup-only marks" || softfail "backup-only = $got"
# WeChat
MM=$(q "$C" "SELECT path FROM files WHERE name = 'EnMicroMsg.db' AND transform IS NULL")
got=$(fd "$MM" decrypted)"|"$(fd "$MM" key_source)"|"$(fd "$MM" candidates_tried)
[ "$got" = "1|imei+uin candidate 1 (option chat_decrypt.wechat_imei; system_config_prefs.xml default_uin)|1" ] \
    && ok "WeChat key from the IMEI + uin candidate" || softfail "wechat finding = $got"
got=$(q "$C" "SELECT count(*), sum(direction = 'out'), min(account) FROM messages WHERE app = 'wechat'")
[ "$got" = "6|2|wxid_owner001" ] && ok "WeChat 6 messages" || softfail "wechat messages = $got"
got=$(q "$C" "SELECT sender || '|' || thread_title || '|' || sent_utc || '|' || body || '|' || json_array_length(details, '\$.participants')
              FROM messages WHERE app = 'wechat' AND source = 'message:3'")
[ "$got" = "wxid_nguyen|工作群 กลุ่มงาน|2023-11-14T22:15:20Z|Xin chào mọi người|3" ] && ok "WeChat group message" \
    || softfail "wechat message:3 = $got"
got=$(q "$C" "SELECT json_extract(details, '\$.messages') || '|' || json_extract(details, '\$.account') FROM findings
              WHERE kind = 'chat.database' AND plugin = 'chat' AND subkind = 'wechat'")
[ "$got" = "6|wxid_owner001" ] && ok "WeChat chat.database from the chat plugin" || softfail "wechat chat.database = $got"
# Signal: key needed
SIG=/data/data/org.thoughtcrime.securesms/databases/signal.db
got=$(fd "$SIG" decrypted)"|"$(fd "$SIG" reason)
case "$got" in "0|key needed: the database secret in SecureSMS-Preferences.xml is wrapped by the Android Keystore"*) ok "Signal: key needed";;
    *) softfail "signal = $got";; esac
# Signal iOS: the plaintext header does not make it a plain database: key needed, and the chat plugin stays quiet
SIGI=/private/var/mobile/Containers/Shared/AppGroup/5B6C7D8E-9F00-4112-8324-354657687980/grdb/signal.sqlite
got=$(fd "$SIGI" decrypted)"|"$(fd "$SIGI" format)"|"$(fd "$SIGI" detail.wal_not_decrypted)"|"$(fd "$SIGI" reason)
[ "$got" = "0|sqlcipher-v4-ios|1|key needed: keychain item GRDBDatabaseCipherKeySpec (no keychain dump in the evidence: */extra/KeychainDump/backup_keychain_v2.plist or */keychain-backup.plist; give its 48 bytes as chat_decrypt.signal_ios_key)" ] \
    && ok "Signal iOS: key needed" || softfail "signal ios = $got"
got=$(q "$C" "SELECT count(*) FROM findings fi JOIN files f ON f.id = fi.file_id WHERE fi.kind = 'chat.database' AND f.path = '$SIGI'")
[ "$got" = 1 ] && ok "Signal iOS: one chat.database finding (not also 'unreadable')" || softfail "signal ios findings = $got"
# no key material in the case file
for k in 2feb081 5f5f5f5f5f5f5f5f 0123456789abcdef0123 2dd29ca851e7b56e 1f2e3d4c5b6a7988 a5a5a5a5a5a5a5a5; do
    n=$(q "$C" "SELECT (SELECT count(*) FROM findings WHERE details LIKE '%$k%' OR value LIKE '%$k%')
                     + (SELECT count(*) FROM files WHERE derivation LIKE '%$k%')")
    [ "$n" = 0 ] || softfail "key text $k found in the case"
done
ok "no key text in findings/files"

# Signal with the unwrapped key given as an option (SQLCipher with a raw key; the fixture is v3)
C2=$WORK/case2.db
must_ingest "$C2" "$FX/dump" --no-progress --plugin-opt chat_decrypt.signal_key=2dd29ca851e7b56e4697b0e1f08507293d761a05ce4d1b628663f411a8086d99 \
    --plugin-opt chat_decrypt.signal_ios_key=1f2e3d4c5b6a79880f1e2d3c4b5a697800112233445566778899aabbccddeeffa5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5
got=$(q "$C2" "SELECT json_extract(fi.details, '\$.decrypted') || '|' || fi.value || '|' || json_extract(fi.details, '\$.key_source')
               FROM findings fi JOIN files f ON f.id = fi.file_id WHERE fi.kind = 'chat.database' AND fi.plugin = 'chat_decrypt'
               AND f.path = '$SIG'")
[ "$got" = "1|sqlcipher-v3|option" ] && ok "Signal decrypted with the option key" || softfail "signal with key = $got"
got=$(q "$C2" "SELECT count(*) FROM files WHERE transform = 'sqlcipher-v3' AND name = 'signal.db'")
[ "$got" = 1 ] && ok "Signal derived file" || softfail "signal derived = $got"
got=$(q "$C2" "SELECT json_extract(fi.details, '\$.decrypted') || '|' || json_extract(fi.details, '\$.candidates_tried') FROM findings fi
               JOIN files f ON f.id = fi.file_id WHERE fi.kind = 'chat.database' AND fi.plugin = 'chat_decrypt' AND f.name = 'EnMicroMsg.db'")
[ "$got" = "0|1" ] && ok "WeChat without the IMEI: the default id does not open it (1 candidate tried)" || softfail "wechat no imei = $got"
# WeChat keyed with the fallback id "1234567890ABCDEF": opened without any option, by that candidate
C3=$WORK/case3.db
must_ingest "$C3" "$FX/dump_default_id" --no-progress --plugins chat_decrypt,chat
got=$(q "$C3" "SELECT json_extract(fi.details, '\$.decrypted') || '|' || json_extract(fi.details, '\$.key_source') || '|' ||
               (SELECT count(*) FROM messages WHERE app = 'wechat') FROM findings fi JOIN files f ON f.id = fi.file_id
               WHERE fi.kind = 'chat.database' AND fi.plugin = 'chat_decrypt' AND f.name = 'EnMicroMsg.db'")
[ "$got" = "1|imei+uin candidate 1 (default 1234567890ABCDEF; system_config_prefs.xml default_uin)|6" ] \
    && ok "WeChat with the default device id" || softfail "wechat default id = $got"
# Signal iOS with the keychain key spec: decrypted, derived, parsed by signal-ios, attachment linked
got=$(q "$C2" "SELECT json_extract(fi.details, '\$.decrypted') || '|' || fi.value || '|' || json_extract(fi.details, '\$.key_source')
               FROM findings fi JOIN files f ON f.id = fi.file_id WHERE fi.kind = 'chat.database' AND fi.plugin = 'chat_decrypt'
               AND f.path = '$SIGI'")
[ "$got" = "1|sqlcipher-v4-ios|option" ] && ok "Signal iOS decrypted with the key spec" || softfail "signal ios with key = $got"
got=$(q "$C2" "SELECT f.path || '|' || json_extract(fi.details, '\$.parser') || '|' || json_extract(fi.details, '\$.messages') || '|' ||
               json_extract(fi.details, '\$.contacts') || '|' || json_extract(fi.details, '\$.attachments_linked')
               FROM findings fi JOIN files f ON f.id = fi.file_id WHERE fi.kind = 'chat.database' AND fi.plugin = 'chat' AND f.transform = 'sqlcipher-v4-ios'")
[ "$got" = "$SIGI#sqlcipher-v4-ios/signal.sqlite|signal-ios|5|2|1" ] && ok "Signal iOS derived database parsed: 5 messages, 2 contacts, 1 attachment linked" \
    || softfail "signal ios parsed = $got"
got=$(q "$C2" "SELECT sender || '|' || coalesce(recipient, '-') || '|' || direction || '|' || sent_utc || '|' || body FROM messages
               WHERE app = 'signal' AND source = 'model_TSInteraction:1'")
[ "$got" = "+66898765432|-|in|2023-11-14T22:13:20Z|สวัสดี Signal" ] && ok "Signal iOS message exact" || softfail "signal ios message = $got"
# Signal iOS key from the extraction's keychain dump (tarred: the dump has no device path and must be kept
# for the lookup), no option: decrypted with the Signal item, not Session's item of the same account name
tar -cf "$WORK/ios_kc.tar" -C "$FX" ios_kc || fail "tar"
C4=$WORK/case4.db
must_ingest "$C4" "$WORK/ios_kc.tar" --no-progress --plugins chat_decrypt,chat
got=$(q "$C4" "SELECT json_extract(details, '\$.decrypted') || '|' || json_extract(details, '\$.key_source') || '|' ||
               json_extract(details, '\$.candidates_tried') FROM findings WHERE kind = 'chat.database' AND plugin = 'chat_decrypt'")
[ "$got" = "1|keychain /ios_kc/extra/KeychainDump/backup_keychain_v2.plist|1" ] && ok "Signal iOS decrypted with the keychain dump's item" \
    || softfail "signal ios keychain = $got"
got=$(q "$C4" "SELECT count(*) || '|' || sum(direction = 'out') FROM messages WHERE app = 'signal'")"|"$(q "$C4" "SELECT sender || '|' ||
               sent_utc || '|' || body FROM messages WHERE app = 'signal' AND source = 'model_TSInteraction:1'")
[ "$got" = "5|1|+66898765432|2023-11-14T22:13:20Z|สวัสดี Signal" ] && ok "Signal iOS via keychain: 5 messages, exact row" \
    || softfail "signal ios keychain messages = $got"
n=$(q "$C4" "SELECT (SELECT count(*) FROM findings WHERE details LIKE '%1f2e3d4c5b6a7988%' OR details LIKE '%a5a5a5a5%')
                 + (SELECT count(*) FROM files WHERE derivation LIKE '%1f2e3d4c%')")
[ "$n" = 0 ] && ok "keychain key not in the case" || softfail "keychain key text in the case ($n)"
# hostile dumps: one not a plist, one with mistyped entries, a 4 MiB item and a 47-byte item
C5=$WORK/case5.db
must_ingest "$C5" "$FX/ios_kc_hostile" --no-progress --plugins chat_decrypt,chat
got=$(q "$C5" "SELECT json_extract(details, '\$.decrypted') || '|' || json_extract(details, '\$.reason') FROM findings
               WHERE kind = 'chat.database' AND plugin = 'chat_decrypt'")
[ "$got" = "0|key needed: no Signal item GRDBDatabaseCipherKeySpec in 2 keychain dumps (first /extra/KeychainDump/backup_keychain_v2.plist; 1 unreadable, 0 encrypted UFED entries that did not open); give its 48 bytes as chat_decrypt.signal_ios_key" ] \
    && ok "hostile keychain dumps: key needed, what was found" || softfail "hostile keychain = $got"
got=$(q "$C5" "SELECT group_concat(value, ' / ') FROM (SELECT value FROM findings WHERE kind = 'evidence.warning' AND value LIKE 'keychain dump%' ORDER BY value)")
[ "$got" = "keychain dump /extra/KeychainDump/backup_keychain_v2.plist not read: keychain dump: not a property-list dictionary / keychain dump /keychain-backup.plist: 4 generic-password entries of the wrong type skipped" ] \
    && ok "hostile keychain dumps: two warnings" || softfail "hostile keychain warnings = $got"
# UFED's encrypted export: Signal's entry decrypted with the keys the export carries; an entry sealed with an
# unknown class key is a warning
C6=$WORK/case6.db
must_ingest "$C6" "$FX/ios_kc_ufed" --no-progress --plugins chat_decrypt,chat
got=$(q "$C6" "SELECT json_extract(details, '\$.decrypted') || '|' || json_extract(details, '\$.key_source') || '|' ||
               json_extract(details, '\$.candidates_tried') FROM findings WHERE kind = 'chat.database' AND plugin = 'chat_decrypt'")"|"$(
      q "$C6" "SELECT count(*) FROM messages WHERE app = 'signal'")
[ "$got" = "1|keychain /extra/KeychainDump/backup_keychain_v2.plist|1|5" ] && ok "UFED encrypted keychain export: Signal decrypted, 5 messages" \
    || softfail "ufed keychain = $got"
got=$(q "$C6" "SELECT group_concat(value, ' / ') FROM findings WHERE kind = 'evidence.warning' AND value LIKE 'keychain dump%'")
[ "$got" = "keychain dump /extra/KeychainDump/backup_keychain_v2.plist (UFED encrypted export): 1 entries did not open with the keys it carries" ] \
    && ok "UFED entry that does not open: warning" || softfail "ufed warning = $got"
# Signal Android key from the prefs: the unencrypted secret (old prefs name) with no option; the Keystore-wrapped
# secret (current prefs name) with chat_decrypt.signal_keystore_key; one wrapped under another key -> reason
C7=$WORK/case7.db
must_ingest "$C7" "$FX/sig_prefs/plain" "$FX/sig_prefs/wrapped" "$FX/sig_prefs/wrongkey" --no-progress --plugins chat_decrypt \
    --plugin-opt chat_decrypt.signal_keystore_key=5151515151515151515151515151515151515151515151515151515151515151
got=$(q "$C7" "SELECT group_concat(r, ' / ') FROM (SELECT f.evidence_id || ':' ||
               json_extract(fi.details, '\$.decrypted') || ':' || ifnull(json_extract(fi.details, '\$.key_source'), '-') || ':' ||
               ifnull(json_extract(fi.details, '\$.reason'), '-') AS r FROM findings fi JOIN files f ON f.id = fi.file_id
               WHERE fi.kind = 'chat.database' AND fi.plugin = 'chat_decrypt' ORDER BY f.evidence_id)")
[ "$got" = "1:1:prefs: unencrypted secret:- / 2:1:keystore key option:- / 3:0:-:the given chat_decrypt.signal_keystore_key does not open pref_database_encrypted_secret (GCM tag mismatch)" ] \
    && ok "Signal Android: prefs unencrypted secret, keystore-wrapped secret, wrong keystore key" || softfail "signal prefs = $got"
got=$(q "$C7" "SELECT count(*) || '|' || sum(size > 0) FROM files WHERE transform = 'sqlcipher-v3' AND name = 'signal.db'")
[ "$got" = "2|2" ] && ok "Signal Android from the prefs: 2 derived databases" || softfail "signal prefs derived = $got"
n=$(q "$C7" "SELECT (SELECT count(*) FROM findings WHERE details LIKE '%2dd29ca8%' OR details LIKE '%51515151%')
                 + (SELECT count(*) FROM files WHERE derivation LIKE '%2dd29ca8%' OR derivation LIKE '%51515151%')")
[ "$n" = 0 ] && ok "Signal prefs keys not in the case" || softfail "signal key text in the case ($n)"
finish
