#!/usr/bin/env bash
# e2e_chat_apps - dftriage ingest of a directory dump built by make_fixtures.py (own copy in WORK) that
# holds LINE (Android + iOS), Viber (Android) and Messenger (Android msys + threads_db2), Zalo (iOS), imo (Android) databases at their device paths. Asserts exact message,
# call and contact rows per app (counts, directions, UTC times, senders resolved through the apps'
# contact tables and companion databases), WAL-only rows, attachment links, and the chat.database
# findings (variant, parser, counts, WAL facts).
# Usage: e2e_chat_apps.sh DFT_BIN TESTIMAGES WORKDIR MAKE_FIXTURES_PY
source "$(dirname "$0")/../e2e/lib.sh"
MAKE=${1:?make_fixtures.py}
command -v python3 >/dev/null || exit 77
FX=$WORK/fx
python3 "$MAKE" "$FX" >/dev/null || fail "make_fixtures.py failed"
for w in data/data/jp.naver.line.android/databases/naver_line-wal data/data/com.viber.voip/databases/viber_messages-wal; do
    [ "$(stat -c %s "$FX/dump/$w")" -gt 32 ] || fail "fixture $w has no frames"
done
C=$WORK/case.db
must_ingest "$C" "$FX/dump" --no-progress

per_app() { q "$C" "SELECT app || ':' || count(*) || '/' || sum(direction = 'out') FROM messages GROUP BY app ORDER BY app"; }
got=$(per_app | tr '\n' ' ')
[ "$got" = "imo:2/1 line:8/2 messenger:7/1 viber:6/2 zalo:4/1" ] && ok "messages per app (count/out)" || softfail "messages per app = $got"

row() { q "$C" "SELECT coalesce(sender,'-') || '|' || coalesce(recipient,'-') || '|' || direction || '|' || sent_utc || '|' ||
                coalesce(body,'-') || '|' || coalesce(thread_title,'-') FROM messages WHERE app = '$1' AND source = '$2'"; }
got=$(row line chat_history:1)
[ "$got" = "u1a2b3c4d5e6f708192a3b4c5d6e7f801|-|in|2023-11-14T22:13:20Z|你好，今天可以转账吗？|王小明" ] \
    && ok "line: chat_history:1 exact" || softfail "line: chat_history:1 = $got"
got=$(row line chat_history:4)
[ "$got" = "u99887766554433221100aabbccddeeff|c0123456789abcdef0123456789abcdef|in|2023-11-14T22:16:20Z|Chào mọi người, lợi nhuận 30%|投资群 VIP" ] \
    && ok "line: group message" || softfail "line: chat_history:4 = $got"
got=$(q "$C" "SELECT json_extract(details, '$.sender_name') || '|' || json_array_length(details, '$.participants') FROM messages WHERE source = 'chat_history:4'")
[ "$got" = "Lan (boss)|2" ] && ok "line: sender name + participants" || softfail "line: chat_history:4 details = $got"
got=$(q "$C" "SELECT count(*) FROM messages WHERE source = 'chat_history:3'")
[ "$got" = 0 ] && ok "line: call record row not a message" || softfail "line: chat_history:3 rows = $got"
got=$(row line ZMESSAGE:2)
[ "$got" = "-|u1a2b3c4d5e6f708192a3b4c5d6e7f801|out|2023-11-14T22:13:21Z|ok 👍|-" ] && ok "line ios: ZSENDER NULL = out" \
    || softfail "line ios: ZMESSAGE:2 = $got"
got=$(row viber messages:1)
[ "$got" = "+66898765432|+66811111111|in|2023-11-14T22:13:20Z|สวัสดีครับ|สมชาย ใจดี" ] && ok "viber: messages:1 exact" \
    || softfail "viber: messages:1 = $got"
got=$(row viber messages:4)
[ "$got" = "+8613812345678|group:5550001|in|2023-11-14T22:14:50Z|-|Crypto ทีม 团队" ] && ok "viber: group media message" \
    || softfail "viber: messages:4 = $got"
got=$(q "$C" "SELECT json_extract(details, '$.sender_name') FROM messages WHERE app = 'viber' AND source = 'messages:4'")
[ "$got" = "Wang Wei 王伟" ] && ok "viber: name from viber_data companion" || softfail "viber: messages:4 sender_name = $got"
got=$(q "$C" "SELECT sender || '|' || direction || '|' || recipient || '|' || json_extract(details, '$.sender_name') FROM messages
              WHERE app = 'messenger' AND source = 'messages:1' AND account = '100012345678901'")
[ "$got" = "100098765432109|in|100012345678901|Trần Văn Hùng" ] && ok "messenger msys: owner from the file name" \
    || softfail "messenger: messages:1 = $got"
got=$(q "$C" "SELECT count(*) FROM messages WHERE app = 'messenger' AND direction IS NULL")
[ "$got" = 3 ] && ok "messenger threads_db2: no owner id -> direction unknown" || softfail "messenger NULL directions = $got"
got=$(q "$C" "SELECT group_concat(sender || '|' || direction || '|' || recipient || '|' || sent_utc || '|' || thread_title || '|' || account, ' ')
              FROM (SELECT * FROM messages WHERE app = 'zalo' AND source = 'ChatContent:1' ORDER BY thread)")
[ "$got" = "3141592653589793|in|2718281828459045|2023-11-14T22:13:20Z|Phạm Minh Tuấn|2718281828459045 1618033988749894|in|group:880011|2023-11-14T22:14:20Z|Đầu tư 2024|2718281828459045" ] \
    && ok "zalo: one db per chat, own id from the path, names from profile.sqlite / chatgroup.sqlite" || softfail "zalo: ChatContent:1 = $got"
got=$(q "$C" "SELECT sender || '|' || recipient || '|' || sent_utc || '|' || account FROM messages WHERE app = 'imo' AND source = 'messages:1'")
[ "$got" = "imo_peer_77|imo_owner_01|2023-11-14T22:13:20.123456789Z|imo_owner_01" ] && ok "imo: ns time, owner from accountdb.db" \
    || softfail "imo: messages:1 = $got"
got=$(q "$C" "SELECT app || ':' || source FROM messages WHERE deleted = 1")
[ "$got" = "viber:messages:5" ] && ok "viber: deleted flag" || softfail "deleted rows = $got"
got=$(q "$C" "SELECT group_concat(app || ':' || source, ' ') FROM (SELECT * FROM messages WHERE json_extract(details, '$.only_in') = 'wal' ORDER BY app, source)")
[ "$got" = "line:chat_history:6 messenger:messages:4 viber:messages:6 zalo:ChatContent:3" ] && ok "WAL-only rows" || softfail "WAL-only rows = $got"
got=$(q "$C" "SELECT group_concat(f.path, ' ') FROM (SELECT f.path FROM links l JOIN messages m ON m.id = l.from_id AND l.from_table = 'messages'
              JOIN files f ON f.id = l.to_id AND l.to_table = 'files' WHERE l.relation = 'attachment' ORDER BY f.path) f")
[ "$got" = "/storage/emulated/0/Android/data/com.viber.voip/files/.viber/media/IMG-001.jpg /storage/emulated/0/Android/data/jp.naver.line.android/files/chats/img/100005.jpg /storage/emulated/0/imo/photo_1.jpg" ] \
    && ok "attachments linked to evidence files" || softfail "attachment links = $got"

got=$(q "$C" "SELECT group_concat(app || '/' || counterpart || '/' || coalesce(counterpart_name,'-') || '/' || direction || '/' || coalesce(status,'-') || '/' ||
              coalesce(media,'-') || '/' || start_utc || '/' || duration_s, ' ') FROM (SELECT * FROM calls ORDER BY app, source)")
[ "$got" = "line/u1a2b3c4d5e6f708192a3b4c5d6e7f801/王小明/in/-/voice/2023-11-14T22:15:20Z/65 line/u99887766554433221100aabbccddeeff/Nguyễn Thị Lan/out/-/video/2023-11-14T22:20:00Z/30 line/c0123456789abcdef0123456789abcdef/-/out/-/video/2023-11-14T22:21:40Z/0 viber/+66898765432/Somchai Jaidee/in/answered/voice/2023-11-14T22:16:40Z/125 viber/+8613812345678/Wang Wei 王伟/in/missed/video/2023-11-14T22:18:20Z/0 viber/+84912345678/-/out/answered/voice/2023-11-14T22:20:00Z/42" ] \
    && ok "6 calls exact" || softfail "calls = $got"
got=$(q "$C" "SELECT group_concat(app || ':' || n, ' ') FROM (SELECT app, count(*) n FROM contacts GROUP BY app ORDER BY app)")
[ "$got" = "imo:1 line:4 messenger:3 viber:2 zalo:2" ] && ok "contacts per app" || softfail "contacts = $got"
got=$(q "$C" "SELECT phone FROM contacts WHERE app = 'viber' AND name = 'Somchai Jaidee'")
[ "$got" = "+66898765432" ] && ok "viber contact in E.164" || softfail "viber contact phone = $got"

got=$(q "$C" "SELECT group_concat(fi.value || '=' || json_extract(fi.details, '$.parser') || ',' || json_extract(fi.details, '$.messages') || ',' ||
              json_extract(fi.details, '$.messages_only_in_wal') || ',' || json_extract(fi.details, '$.calls') || ',' ||
              json_extract(fi.details, '$.contacts') || ',' || json_extract(fi.details, '$.wal_applied'), ' ')
              FROM (SELECT * FROM findings WHERE kind = 'chat.database' ORDER BY value, details) fi")
[ "$got" = "android-call_history=line-android-calls,0,0,3,0,0 android-imofriends=imo-android,2,0,0,1,0 android-msys=messenger-android-msys,4,1,0,2,1 android-naver_line=line-android,5,1,0,2,1 android-threads_db2=messenger-android-threads_db2,3,0,0,1,0 android-viber_data=viber-android-data,0,0,3,2,0 android-viber_messages=viber-android,6,1,0,0,1 ios-chat_dbs=zalo-ios,1,0,0,0,0 ios-chat_dbs=zalo-ios,3,1,0,0,1 ios-line=line-ios,3,0,0,2,0 ios-profile=zalo-ios-profile,0,0,0,2,0" ] \
    && ok "chat.database findings" || softfail "chat.database = $got"
got=$(q "$C" "SELECT count(*) FROM findings WHERE kind = 'chat.database' AND json_extract(details, '$.error') IS NOT NULL")
[ "$got" = 0 ] && ok "no parser errors" || softfail "chat.database errors = $got"
finish
