#!/usr/bin/env bash
# e2e_export.sh - chat exports in a directory evidence through `dftriage ingest` with the plugin options
# chat_export.time_zone=+07:00 and chat_export.self_name=Somchai: exact rows, attachment links to the
# files beside the exports, chat.export findings. Usage: e2e_export.sh DFT_BIN SRC_DIR WORKDIR
set -euo pipefail
BIN=$1 SRC=$2 WORK=$3
export LC_ALL=C.UTF-8 TZ=UTC
rm -rf "$WORK" && mkdir -p "$WORK"
FAILS=0
check() {  # check DESCRIPTION EXPECTED ACTUAL
    if [ "$2" == "$3" ]; then echo "ok: $1"; else echo "FAIL: $1: expected [$2] got [$3]" >&2; FAILS=$((FAILS + 1)); fi
}
q() { sqlite3 -batch -noheader "$CASE" "$1"; }

python3 "$SRC/mk_exports.py" "$WORK/fx"
CASE=$WORK/case.db
"$BIN" ingest "$CASE" "$WORK/fx/exports" --no-progress --threads 2 \
    --plugin-opt chat_export.time_zone=+07:00 --plugin-opt chat_export.self_name=Somchai 2>"$WORK/ingest.err" ||
    { cat "$WORK/ingest.err" >&2; echo "FAIL: ingest" >&2; exit 1; }

check "messages per app" "telegram|9
whatsapp|18" "$(q "SELECT app, count(*) FROM messages WHERE plugin='chat_export' GROUP BY app ORDER BY app")"
check "android d/m in +07:00" "Boss An|Somchai|in|2023-11-14T15:13:00Z|Xin chào, bạn khỏe không?" \
    "$(q "SELECT sender, recipient, direction, sent_utc, body FROM messages m JOIN files f ON f.id=m.file_id
          WHERE f.name='WhatsApp Chat with Boss An.txt' AND m.source='line:2'")"
check "multi-line out" "out|สบายดีครับ
second line of the message
third line: with a colon" \
    "$(q "SELECT direction, body FROM messages m JOIN files f ON f.id=m.file_id
          WHERE f.name='WhatsApp Chat with Boss An.txt' AND m.source='line:3'")"
check "12 h U+202F m/d/yy" "2023-11-14T17:05:00Z" \
    "$(q "SELECT sent_utc FROM messages m JOIN files f ON f.id=m.file_id
          WHERE f.name='WhatsApp Chat with Team.txt' AND m.source='line:3'")"
check "attachment links" "00000012-PHOTO-2023-11-14-22-14-00.jpg|00000012-PHOTO-2023-11-14-22-14-00.jpg
IMG-20231115-WA0001.jpg|IMG-20231115-WA0001.jpg
photos/photo_1@15-11-2023_05-15-20.jpg|photo_1@15-11-2023_05-15-20.jpg" \
    "$(q "SELECT m.attachment, f.name FROM links l JOIN messages m ON m.id=l.from_id JOIN files f ON f.id=l.to_id
          WHERE l.relation='attachment' ORDER BY m.attachment")"
check "telegram full export" "+66812345678|out|tg:6000002|full export out" \
    "$(q "SELECT account, direction, recipient, body FROM messages WHERE source='chat:6000002:message:11'")"
check "telegram unixtime preferred" "2023-11-14T22:13:20Z|Xin chào 👋" \
    "$(q "SELECT sent_utc, body FROM messages WHERE source='chat:6000002:message:1'")"
check "telegram local date in +07:00" "2023-11-14T22:17:20Z" \
    "$(q "SELECT sent_utc FROM messages WHERE source='chat:6000002:message:5'")"
check "chat.export findings" "telegram|telegram-desktop-chat|5|iso
telegram|telegram-desktop-full|4|iso
whatsapp|whatsapp-android|2|dmy
whatsapp|whatsapp-android|4|mdy
whatsapp|whatsapp-android|7|dmy
whatsapp|whatsapp-ios|5|dmy" \
    "$(q "SELECT subkind, value, json_extract(details,'$.messages'), json_extract(details,'$.date_order')
          FROM findings WHERE kind='chat.export' ORDER BY subkind, value, json_extract(details,'$.messages')")"
check "finding details" '+07:00|["Boss An","Somchai"]|1' \
    "$(q "SELECT json_extract(details,'$.time_zone'), json_extract(details,'$.participants'),
              json_extract(details,'$.attachments_linked')
          FROM findings WHERE kind='chat.export' AND json_extract(details,'$.thread')='Boss An'")"
if [ "$FAILS" -ne 0 ]; then echo "$FAILS check(s) failed" >&2; exit 1; fi
echo PASS
