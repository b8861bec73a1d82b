#!/usr/bin/env bash
# e2e_telegram.sh - the Telegram Android dump (mk_telegram.py: two account slots, a WAL-only row, nine
# TL constructors) as a tar through `dftriage ingest`; exact rows asserted with sqlite3.
# Usage: e2e_telegram.sh DFT_BIN SRC_DIR WORKDIR
set -euo pipefail
BIN=$1 SRC=$2 WORK=$3
export LC_ALL=C.UTF-8 TZ=UTC
rm -rf "$WORK" && mkdir -p "$WORK"
FAILS=0
check() {  # check DESCRIPTION EXPECTED ACTUAL
    if [ "$2" == "$3" ]; then echo "ok: $1"; else echo "FAIL: $1: expected [$2] got [$3]" >&2; FAILS=$((FAILS + 1)); fi
}
q() { sqlite3 -batch -noheader "$CASE" "$1"; }

python3 "$SRC/mk_telegram.py" "$WORK/fx" --tar "$WORK/telegram.tar"
CASE=$WORK/case.db
"$BIN" ingest "$CASE" "$WORK/telegram.tar" --no-progress --threads 2 2>"$WORK/ingest.err" ||
    { cat "$WORK/ingest.err" >&2; echo "FAIL: ingest" >&2; exit 1; }

check "telegram messages (Android 12 + iOS 4)" 16 "$(q "SELECT count(*) FROM messages WHERE app='telegram'")"
check "messages per account" "|4
+66812345678|10
+85512345678|2" "$(q "SELECT account, count(*) FROM messages WHERE app='telegram' GROUP BY account ORDER BY account")"
check "directions" "|1
in|10
out|5" "$(q "SELECT direction, count(*) FROM messages WHERE app='telegram' GROUP BY direction ORDER BY direction")"
check "first message" "6000002|+84901234567|+66812345678|in|2023-11-14T22:13:20Z|Xin chào, bạn khỏe không?" \
    "$(q "SELECT thread, sender, recipient, direction, sent_utc, body FROM messages WHERE source='messages_v2:1'")"
check "group forward" "-1234567|+8613800138000|tg:-1234567|转发: 明天上午十点开会" \
    "$(q "SELECT thread, sender, recipient, body FROM messages WHERE source='messages_v2:3'")"
check "group participants" '["+66812345678","+8613800138000"]' \
    "$(q "SELECT json_extract(details,'$.participants') FROM messages WHERE source='messages_v2:3'")"
check "thread title" "ทีมงาน Team 公告" "$(q "SELECT thread_title FROM messages WHERE source='messages_v2:3'")"
check "old layer" "2020-09-13T12:26:40Z|Old layer hello" \
    "$(q "SELECT sent_utc, body FROM messages WHERE source='messages_v2:6'")"
check "WAL-only row" "WAL only 删除|wal" \
    "$(q "SELECT body, json_extract(details,'$.only_in') FROM messages WHERE source='messages_v2:10'")"
check "unknown constructor" "0xdeadbeef|date_anchor" \
    "$(q "SELECT json_extract(details,'$.constructor'), json_extract(details,'$.text_source') FROM messages WHERE source='messages_v2:7'")"
check "second account" "+84901234567|+85512345678|Account two message" \
    "$(q "SELECT sender, recipient, body FROM messages WHERE source='messages:201'")"
check "contacts" 8 "$(q "SELECT count(*) FROM contacts WHERE app='telegram'")"
check "chat.database findings" "android-messages|+85512345678|2|0|0
android-messages_v2|+66812345678|10|1|1
ios-postbox||4|0|0" \
    "$(q "SELECT value, json_extract(details,'$.account'), json_extract(details,'$.messages'),
              json_extract(details,'$.messages_only_in_wal'), json_extract(details,'$.wal_applied')
          FROM findings WHERE kind='chat.database' AND subkind='telegram' AND plugin='chat' ORDER BY value")"
check "unknown-constructor warning" 1 \
    "$(q "SELECT count(*) FROM findings WHERE kind='evidence.warning' AND value LIKE '%unknown TL constructor%0xdeadbeef x1%'")"
check "iOS postbox message" "6000002|tg:6000002|in|2023-11-14T22:13:20Z|iOS สวัสดี" \
    "$(q "SELECT thread, sender, direction, sent_utc, body FROM messages
          WHERE app='telegram' AND source='t7:key:00000000005b8d82000000006553f10000000001'")"
if [ "$FAILS" -ne 0 ]; then echo "$FAILS check(s) failed" >&2; exit 1; fi
echo PASS
