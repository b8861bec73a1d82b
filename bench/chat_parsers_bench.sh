#!/usr/bin/env bash
# chat_parsers_bench.sh - messages (or contacts/calls) per second of each chat parser on a scaled copy of its
# largest test fixture (issue 9: "report messages/s for each parser on its largest fixture"). The fixtures
# are a few rows, so bench/chat_scale.py repeats their rows (same schema, same threads/contacts) to about
# ROWS rows, then build/tests/chat_bench DB DEVICE_PATH auto runs the parser the chat plugin would pick
# (parse only: no emit, no writer). Prints one line per parser; table in docs/performance.md.
#
# usage: bench/chat_parsers_bench.sh [BUILD_DIR] [ROWS]   (default build, 100000)
#   needs the fixtures of a test run in BUILD_DIR (ctest -R 'chat_(apps|more|crypt|system)')
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
B=${1:-$here/../build}
ROWS=${2:-100000}
OUT=${TMPDIR:-/tmp}/dftriage-chat-parsers-bench
mkdir -p "$OUT"
IOSL="private/var/mobile/Containers/Shared/AppGroup/11111111-2222-4333-8444-555555555555/Library/Application Support/PrivateStore/P_u0000/Messages/Line.sqlite"
ZALO=private/var/mobile/Containers/Data/Application/9A8B7C6D-1111-4222-8333-444455556666/Documents/chat_dbs/2718281828459045/3141592653589793.db
MSGR_IOS=private/var/mobile/Containers/Shared/AppGroup/0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9/lightspeed-userDatabases/100012345678901.db
SYS=chat_system/fixtures/dump
# name | fixture (under BUILD_DIR) | device path | table to count | chat_scale specs
cat > "$OUT/list" <<LIST
line|chat_apps_fx/dump/$IOSL|/$IOSL|ZMESSAGE|ZMESSAGE
zalo|chat_apps_fx/dump/$ZALO|/$ZALO|ChatContent|ChatContent
imo|chat_apps_fx/dump/data/data/com.imo.android.imous/databases/imofriends.db|/data/data/com.imo.android.imous/databases/imofriends.db|messages|messages
viber|chat_apps_fx/dump/data/data/com.viber.voip/databases/viber_messages|/data/data/com.viber.voip/databases/viber_messages|messages|messages
messenger-msys|chat_apps_fx/dump/data/data/com.facebook.orca/databases/msys_database_100012345678901|/data/data/com.facebook.orca/databases/msys_database_100012345678901|messages|messages
messenger-threads_db2|chat_apps_fx/dump/data/data/com.facebook.orca/databases/threads_db2|/data/data/com.facebook.orca/databases/threads_db2|messages|messages
messenger-ios|chat_more_fx/dump/$MSGR_IOS|/$MSGR_IOS|messages|messages
signal-android|chat_more_fx/dump/data/data/org.thoughtcrime.securesms/databases/signal.db|/data/data/org.thoughtcrime.securesms/databases/signal.db|message|message
instagram|chat_more_fx/dump/data/data/com.instagram.android/databases/direct.db|/data/data/com.instagram.android/databases/direct.db|messages|messages
textnow|chat_more_fx/dump/data/data/com.enflick.android.TextNow/databases/textnow_data.db|/data/data/com.enflick.android.TextNow/databases/textnow_data.db|messages|messages
skype-android|chat_more_fx/dump/data/data/com.skype.raider/databases/live:minh.owner.db|/data/data/com.skype.raider/databases/live:minh.owner.db|chatitem|chatitem
skype-main|chat_more_fx/dump/Users/minh/AppData/Roaming/Skype/minh.owner/main.db|/Users/minh/AppData/Roaming/Skype/minh.owner/main.db|Messages|Messages
wechat|chat_crypt_fx/plain/wechat-dec.db|/data/data/com.tencent.mm/MicroMsg/93db116453a64e6470b159be16da18e5/EnMicroMsg.db|message|message
bugle|$SYS/Dump/data/data/com.google.android.apps.messaging/databases/bugle_db|/data/data/com.google.android.apps.messaging/databases/bugle_db|messages|messages parts.message_id
contacts2|$SYS/Dump/data/data/com.android.providers.contacts/databases/contacts2.db|/data/data/com.android.providers.contacts/databases/contacts2.db|raw_contacts|raw_contacts data.raw_contact_id
calllog|$SYS/Dump/data/data/com.android.providers.contacts/databases/calllog.db|/data/data/com.android.providers.contacts/databases/calllog.db|calls|calls
callhistory-ios|$SYS/filesystem1/private/var/mobile/Library/CallHistoryDB/CallHistory.storedata|/private/var/mobile/Library/CallHistoryDB/CallHistory.storedata|ZCALLRECORD|ZCALLRECORD
addressbook-ios|$SYS/filesystem1/private/var/mobile/Library/AddressBook/AddressBook.sqlitedb|/private/var/mobile/Library/AddressBook/AddressBook.sqlitedb|ABPerson|ABPerson ABMultiValue.record_id
LIST
echo "load: $(uptime)"
while IFS='|' read -r name fx dev table specs; do
    src="$B/$fx"
    [ -f "$src" ] || { echo "$name: no fixture $src (run its tests first)"; continue; }
    cp "$src" "$OUT/src.db"; rm -f "$OUT/src.db-wal"
    [ -f "$src-wal" ] && cp "$src-wal" "$OUT/src.db-wal"
    rows=$(sqlite3 "$OUT/src.db" "SELECT count(*) FROM \"$table\"")
    n=$(( (ROWS + rows - 1) / rows ))
    # shellcheck disable=SC2086
    python3 "$here/chat_scale.py" "$OUT/src.db" "$OUT/$name.db" "$n" $specs
    size=$(stat -c %s "$OUT/$name.db")
    echo "$name | $((size / 1048576)) MiB | $("$B/tests/chat_bench" "$OUT/$name.db" "$dev" auto | tail -1)"
done < "$OUT/list"
echo "load: $(uptime)"
