#!/usr/bin/env bash
# e2e_chat_more - dftriage ingest of a directory dump built by tests/chat_more/make_fixtures.py (own copy
# in WORK) holding Signal Android (decrypted signal.db, 2023+ and older schema), Skype (Android live db,
# classic main.db), Viber iOS (Contacts.data + Settings.data) and Instagram (direct.db), TextNow (textnow_data.db), Messenger iOS (lightspeed db) at their device paths. Asserts exact
# message / call / contact rows per app (counts, directions, UTC times, parties in E.164, names through
# the apps' recipient and member tables), WAL-only rows, attachment links and the chat.database findings.
# Usage: e2e_chat_more.sh DFT_BIN TESTIMAGES WORKDIR MAKE_FIXTURES_PY
source "$(dirname "$0")/../e2e/lib.sh"
MAKE=${1:?make_fixtures.py}
command -v python3 >/dev/null || exit 77
FX=$WORK/fx
python3 "$MAKE" "$FX" >/dev/null || fail "make_fixtures.py failed"
for w in data/data/org.thoughtcrime.securesms/databases/signal.db-wal "data/data/com.skype.raider/databases/live:minh.owner.db-wal"; do
    [ "$(stat -c %s "$FX/dump/$w")" -gt 32 ] || fail "fixture $w has no frames"
done
C=$WORK/case.db
must_ingest "$C" "$FX/dump" --no-progress

got=$(q "$C" "SELECT group_concat(x, ' ') FROM (SELECT app || ':' || count(*) || '/' || sum(direction = 'out') AS x FROM messages
              WHERE app IN ('signal', 'skype', 'viber') GROUP BY app ORDER BY app)")
[ "$got" = "signal:11/4 skype:8/3 viber:6/2" ] && ok "messages per app (count/out)" || softfail "messages per app = $got"

row() { q "$C" "SELECT coalesce(sender,'-') || '|' || coalesce(recipient,'-') || '|' || coalesce(direction,'-') || '|' || sent_utc || '|' ||
                coalesce(body,'-') || '|' || coalesce(thread_title,'-') FROM messages WHERE app = '$1' AND source = '$2' AND account = '$3'"; }
got=$(row signal message:3 +66811111111)
[ "$got" = "+8613812345678|group:__signal_group__v2__!8f3a2b|in|2023-11-14T22:15:20Z|Chào cả nhóm|Nhóm đầu tư 投资" ] \
    && ok "signal: group message, sender in E.164" || softfail "signal: message:3 = $got"
got=$(q "$C" "SELECT json_extract(details, '$.sender_name') || '|' || json_array_length(details, '$.participants') || '|' ||
              json_extract(details, '$.base_type') FROM messages WHERE app = 'signal' AND source = 'message:3'")
[ "$got" = "王伟|3|20" ] && ok "signal: sender name, participants, base type" || softfail "signal: message:3 details = $got"
# the sms+mms schema does not say who the owner is (no device number in this evidence): sender unknown
got=$(q "$C" "SELECT coalesce(sender,'-') || '|' || recipient || '|' || direction || '|' || sent_utc || '|' || body || '|' || thread_title || '|' ||
              coalesce(account, '-') FROM messages WHERE app = 'signal' AND source = 'mms:2'")
[ "$got" = "-|group:__textsecure_group__!00112233445566778899aabbccddeeff|out|2023-11-14T22:13:40Z|photo|老同学|-" ] \
    && ok "signal (sms+mms schema): outgoing group mms" || softfail "signal: mms:2 = $got"
got=$(row skype chatitem:1 live:minh.owner)
[ "$got" = "live:somchai_88|live:minh.owner|in|2023-11-14T22:13:20Z|สวัสดี Skype|สมชาย" ] && ok "skype android: owner from the file name" \
    || softfail "skype: chatitem:1 = $got"
got=$(row skype Messages:2 minh.owner)
[ "$got" = "minh.owner|somchai.88|out|2023-11-14T22:13:40Z|ok &amp; see you|-" ] && ok "skype main.db: owner from Accounts" \
    || softfail "skype: Messages:2 = $got"
got=$(row viber ZVIBERMESSAGE:4 +66811111111)
[ "$got" = "+84912345678|group:2|in|2023-11-14T22:16:20Z|-|Crypto ทีม 团队" ] && ok "viber ios: group media message, owner from Settings.data" \
    || softfail "viber: ZVIBERMESSAGE:4 = $got"
got=$(q "$C" "SELECT sender || '|' || recipient || '|' || direction || '|' || sent_utc || '|' || thread_title || '|' || account
              FROM messages WHERE app = 'instagram' AND source = 'messages:4'")
[ "$got" = "4444444444|thread:340282366841710300949128100000000002|in|2023-11-14T22:14:50.000123Z|Nhóm du lịch 旅行|1111111111" ] \
    && ok "instagram: group media message, us time, owner from session" || softfail "instagram: messages:4 = $got"
got=$(q "$C" "SELECT count(*) || '/' || sum(direction = 'out') FROM messages WHERE app = 'instagram'")
[ "$got" = "5/1" ] && ok "instagram: 5 messages, 1 out" || softfail "instagram messages = $got"
got=$(q "$C" "SELECT count(*) || '/' || sum(direction = 'out') || '|' || (SELECT count(*) FROM calls WHERE app = 'textnow') FROM messages WHERE app = 'textnow'")
[ "$got" = "5/2|2" ] && ok "textnow: 5 messages (2 out), 2 calls" || softfail "textnow = $got"
got=$(q "$C" "SELECT count(*) || '/' || sum(direction = 'out') || '|' || group_concat(DISTINCT account) FROM messages WHERE app = 'messenger'")
[ "$got" = "5/2|100012345678901" ] && ok "messenger ios: 5 messages (2 out), owner from _user_info" || softfail "messenger ios = $got"
got=$(q "$C" "SELECT group_concat(app || ':' || source, ' ') FROM (SELECT * FROM messages WHERE deleted = 1 AND app IN ('signal', 'skype', 'viber') ORDER BY app, source)")
[ "$got" = "signal:message:5 viber:ZVIBERMESSAGE:5" ] && ok "deleted flags" || softfail "deleted rows = $got"
got=$(q "$C" "SELECT group_concat(app || ':' || source, ' ') FROM (SELECT * FROM messages WHERE json_extract(details, '$.only_in') = 'wal'
              AND app IN ('signal', 'skype', 'viber') ORDER BY app, source)")
[ "$got" = "signal:message:8 skype:chatitem:6 viber:ZVIBERMESSAGE:7" ] && ok "WAL-only rows" || softfail "WAL-only rows = $got"
got=$(q "$C" "SELECT group_concat(f.path, ' ') FROM (SELECT f.path FROM links l JOIN messages m ON m.id = l.from_id AND l.from_table = 'messages'
              JOIN files f ON f.id = l.to_id AND l.to_table = 'files' WHERE l.relation = 'attachment' AND m.app IN ('signal', 'skype', 'viber') ORDER BY f.path) f")
[ "$got" = "/data/user/10/org.thoughtcrime.securesms/app_parts/part123.mms /storage/emulated/0/Pictures/Skype/IMG_20231114.jpg" ] \
    && ok "attachments linked to evidence files" || softfail "attachment links = $got"

got=$(q "$C" "SELECT group_concat(app || '/' || coalesce(counterpart,'-') || '/' || coalesce(counterpart_name,'-') || '/' || direction || '/' ||
              coalesce(status,'-') || '/' || coalesce(media,'-') || '/' || start_utc || '/' || coalesce(duration_s, '-'), ' ')
              FROM (SELECT * FROM calls WHERE app IN ('signal', 'skype', 'viber') ORDER BY app, start_utc, source)")
[ "$got" = "signal/+66898765432/สมชาย/in/missed/voice/2023-11-14T22:13:25Z/- signal/+66898765432/สมชาย ใจดี/in/missed/video/2023-11-14T22:16:40Z/- signal/+66898765432/สมชาย ใจดี/out/-/voice/2023-11-14T22:17:30Z/- signal/group:__signal_group__v2__!8f3a2b/Nhóm đầu tư 投资/out/answered/-/2023-11-14T22:17:40Z/- skype/somchai.88/สมชาย ใจดี/in/answered/video/2023-11-14T22:15:00Z/125 skype/live:somchai_88/สมชาย/in/-/-/2023-11-14T22:15:20Z/95 skype/wang.wei/王伟/out/-/voice/2023-11-14T22:16:40Z/0 viber/+66898765432/สมชาย ใจดี/in/missed/video/2023-11-14T22:18:20Z/0 viber/+8613812345678/-/out/-/voice/2023-11-14T22:20:00Z/42" ] \
    && ok "9 calls exact" || softfail "calls = $got"
got=$(q "$C" "SELECT group_concat(app || ':' || n, ' ') FROM (SELECT app, count(*) n FROM contacts WHERE app IN ('signal', 'skype', 'viber') GROUP BY app ORDER BY app)")
[ "$got" = "signal:6 skype:4 viber:2" ] && ok "contacts per app" || softfail "contacts = $got"

got=$(q "$C" "SELECT group_concat(fi.value || '=' || json_extract(fi.details, '$.parser') || ',' || json_extract(fi.details, '$.messages') || ',' ||
              json_extract(fi.details, '$.messages_only_in_wal') || ',' || json_extract(fi.details, '$.calls') || ',' ||
              json_extract(fi.details, '$.contacts') || ',' || json_extract(fi.details, '$.wal_applied'), ' ')
              FROM (SELECT * FROM findings WHERE kind = 'chat.database' AND subkind IN ('signal', 'skype', 'viber', 'instagram', 'textnow', 'messenger') ORDER BY value, details) fi")
[ "$got" = "android-direct=instagram-android,5,1,1,0,1 android-live=skype-android,5,1,1,2,1 android-message=signal-android,6,1,3,3,1 android-sms-mms=signal-android,5,0,1,3,0 android-textnow_data=textnow-android,5,1,2,3,1 ios-contacts.data=viber-ios,6,1,2,2,1 ios-lightspeed=messenger-ios-lightspeed,5,1,0,1,1 main.db=skype-main.db,3,0,2,2,0" ] \
    && ok "chat.database findings" || softfail "chat.database = $got"
got=$(q "$C" "SELECT count(*) FROM findings WHERE kind = 'chat.database' AND json_extract(details, '$.error') IS NOT NULL")
[ "$got" = 0 ] && ok "no parser errors" || softfail "chat.database errors = $got"
finish
