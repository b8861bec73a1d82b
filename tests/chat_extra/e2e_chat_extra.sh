#!/usr/bin/env bash
# e2e_chat_extra - dftriage ingest of a directory dump built by tests/chat_extra/make_fixtures.py (own copy
# in WORK) holding the Samsung IMS service RCS store (com.sec.imsservice/databases/rcsim.db + -wal) at its
# device path, Potato Chat iOS tgdata.db, Discord's kv-storage database `a`
# a decrypted Signal iOS grdb/signal.sqlite and a Skype 8 s4l-<name>.db. Asserts exact message rows (count, directions, group row with E.164 sender, UTC time,
# subject), the WAL-only row, the participant contacts and the chat.database finding.
# Usage: e2e_chat_extra.sh DFT_BIN TESTIMAGES WORKDIR MAKE_FIXTURES_PY
source "$(dirname "$0")/../e2e/lib.sh"
MAKE=${1:?make_fixtures.py}
command -v python3 >/dev/null || exit 77
FX=$WORK/fx
python3 "$MAKE" "$FX" >/dev/null || fail "make_fixtures.py failed"
[ "$(stat -c %s "$FX/dump/data/data/com.sec.imsservice/databases/rcsim.db-wal")" -gt 32 ] || fail "fixture rcsim.db-wal has no frames"
C=$WORK/case.db
must_ingest "$C" "$FX/dump" --no-progress

got=$(q "$C" "SELECT count(*) || '/' || sum(direction = 'out') FROM messages WHERE app = 'sms' AND source LIKE 'message:%'")
[ "$got" = "6/2" ] && ok "samsung rcs: 6 messages, 2 out" || softfail "samsung rcs messages = $got"
got=$(q "$C" "SELECT coalesce(sender,'-') || '|' || coalesce(recipient,'-') || '|' || coalesce(direction,'-') || '|' || sent_utc || '|' ||
              coalesce(body,'-') || '|' || coalesce(thread_title,'-') FROM messages WHERE app = 'sms' AND source = 'message:3'")
[ "$got" = "+8613812345678|5f1c2a9e-2222-4aaa-8bbb-000000000002|in|2023-11-14T22:13:40Z|Chào cả nhà|Nhóm gia đình 家" ] \
    && ok "samsung rcs: group message, sender in E.164" || softfail "samsung rcs message:3 = $got"
got=$(q "$C" "SELECT group_concat(source, ' ') FROM (SELECT source FROM messages WHERE app = 'sms' AND json_extract(details, '$.only_in') = 'wal' ORDER BY source)")
[ "$got" = "message:6" ] && ok "samsung rcs: WAL-only row" || softfail "WAL-only rows = $got"
got=$(q "$C" "SELECT count(*) FROM contacts WHERE app = 'sms' AND source LIKE 'participant:%'")
[ "$got" = 3 ] && ok "samsung rcs: 3 participant contacts" || softfail "contacts = $got"
got=$(q "$C" "SELECT group_concat(fi.value || '=' || json_extract(fi.details, '$.parser') || ',' || json_extract(fi.details, '$.messages') || ',' ||
              json_extract(fi.details, '$.messages_only_in_wal') || ',' || json_extract(fi.details, '$.calls') || ',' ||
              json_extract(fi.details, '$.contacts') || ',' || json_extract(fi.details, '$.wal_applied'), ' ')
              FROM (SELECT * FROM findings WHERE kind = 'chat.database' ORDER BY value, details) fi")
[ "$got" = "android-samsung-rcsim=samsung-rcs,6,1,0,3,1 ios-grdb=signal-ios,5,1,0,2,1 ios-tgdata=potato-ios,4,1,0,2,1 kv-storage=discord-kv,5,1,0,0,1 s4l=skype-s4l,5,1,0,2,1" ] && ok "chat.database finding" || softfail "chat.database = $got"
# a database at Discord's path that no parser recognises: a chat.database finding "unknown" and a warning
got=$(q "$C" "SELECT count(*) || '|' || (SELECT count(*) FROM findings WHERE kind = 'evidence.warning' AND
              (value LIKE '%unknown schema variant%' OR details LIKE '%unknown schema variant%'))
              FROM findings WHERE kind = 'chat.database' AND subkind = 'discord' AND value = 'unknown'")
[ "$got" = "1|1" ] && ok "unknown variant at a chat path: finding + warning" || softfail "unknown variant = $got"
got=$(q "$C" "SELECT coalesce(sender,'-') || '|' || coalesce(recipient,'-') || '|' || direction || '|' || sent_utc || '|' || coalesce(body,'-') || '|' ||
              coalesce(thread_title,'-') FROM messages WHERE app = 'potato' AND source = 'messages_v29:1'")
[ "$got" = "222|111|in|2023-11-14T22:13:20Z|สวัสดี Potato|สมชาย ใจดี" ] && ok "potato ios: message, Unix s, name from users_v29" \
    || softfail "potato messages_v29:1 = $got"
got=$(q "$C" "SELECT count(*) || '/' || sum(direction = 'out') || '|' || (SELECT count(*) FROM contacts WHERE app = 'potato') FROM messages WHERE app = 'potato'")
[ "$got" = "4/1|2" ] && ok "potato ios: 4 messages (1 out), 2 contacts" || softfail "potato = $got"
got=$(q "$C" "SELECT count(*) || '/' || sum(direction = 'out') || '|' || group_concat(source, ' ') FROM (SELECT * FROM messages WHERE app = 'discord' AND json_extract(details, '$.only_in') = 'wal' ORDER BY source)")
[ "$got" = "1/0|messages0:6" ] && ok "discord: WAL-only row" || softfail "discord WAL-only = $got"
got=$(q "$C" "SELECT account || '|' || sender || '|' || recipient || '|' || direction || '|' || sent_utc || '|' || body || '|' || thread FROM messages
              WHERE app = 'discord' AND source = 'messages0:2'")
[ "$got" = "111111111111111111|111111111111111111|900000000000000001|out|2023-11-14T22:13:30Z|ok 好的|900000000000000001" ] \
    && ok "discord: outgoing message, account from the path, ISO 8601 +07:00 -> UTC" || softfail "discord messages0:2 = $got"
got=$(q "$C" "SELECT count(*) || '/' || sum(direction = 'out') || '|' || (SELECT attachment FROM messages WHERE app = 'discord' AND source = 'messages0:1')
              FROM messages WHERE app = 'discord'")
[ "$got" = "5/2|IMG_0001.jpg" ] && ok "discord: 5 messages (2 out), attachment name" || softfail "discord = $got"
got=$(q "$C" "SELECT coalesce(m.sender, '-') || '|' || m.recipient || '|' || m.direction || '|' || m.sent_utc || '|' || m.body || '|' || f.name || '|' ||
              (SELECT json_extract(details, '$.attachments_linked') FROM findings WHERE kind = 'chat.database' AND value = 'ios-grdb')
              FROM messages m JOIN links l ON l.from_table = 'messages' AND l.from_id = m.id AND l.relation = 'attachment'
              JOIN files f ON f.id = l.to_id WHERE m.app = 'signal' AND m.source = 'model_TSInteraction:2'")
[ "$got" = "-|+66898765432|out|2023-11-14T22:13:30Z|ok 好的|IMG_0001.jpg|1" ] \
    && ok "signal ios: outgoing message, attachment linked to the AppGroup file" || softfail "signal ios model_TSInteraction:2 = $got"
got=$(q "$C" "SELECT count(*) || '/' || sum(direction = 'in') || '/' || sum(json_extract(details, '$.only_in') = 'wal') || '|' ||
              (SELECT count(*) FROM contacts WHERE app = 'signal') FROM messages WHERE app = 'signal'")
[ "$got" = "5/3/1|2" ] && ok "signal ios: 5 messages (3 in, 1 WAL-only), 2 contacts" || softfail "signal ios = $got"
got=$(q "$C" "SELECT account || '|' || sender || '|' || recipient || '|' || direction || '|' || sent_utc || '|' || body || '|' || thread_title
              FROM messages WHERE app = 'skype' AND source = 'messagesv12:3'")
[ "$got" = "worker.boss88|wang.wei|19:0f1e2d3c4b5a69788796a5b4c3d2e1f0@thread.skype|in|2023-11-14T22:13:40Z|Chào cả nhà|Đội 2 二组" ] \
    && ok "skype s4l: group message, owner from internaldata, topic" || softfail "skype s4l messagesv12:3 = $got"
got=$(q "$C" "SELECT count(*) || '/' || sum(direction = 'out') || '/' || sum(json_extract(details, '$.only_in') = 'wal') || '|' ||
              (SELECT group_concat(name || '=' || coalesce(phone, '-'), ' ') FROM (SELECT * FROM contacts WHERE app = 'skype' ORDER BY source))
              FROM messages WHERE app = 'skype'")
[ "$got" = "5/2/1|สมชาย ใจดี=+66898765432 老王=-" ] && ok "skype s4l: 5 messages (2 out, 1 WAL-only), 2 contacts" || softfail "skype s4l = $got"
got=$(q "$C" "SELECT count(*) FROM findings WHERE kind = 'chat.database' AND json_extract(details, '$.error') IS NOT NULL")
[ "$got" = 0 ] && ok "no parser errors" || softfail "chat.database errors = $got"
finish
