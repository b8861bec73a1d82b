#!/usr/bin/env bash
# e2e_chat_whatsapp - dftriage ingest of WhatsApp evidence built by make_fixtures.py (own copy in WORK):
# the Android tree as a directory and as a tar, the iOS app group as a directory. Asserts exact message,
# call and contact rows (counts, directions, UTC times, parties in E.164 through wa.db / ContactsV2 and
# jid_map), WAL-only rows, the attachment link to the evidence file, and the chat.database findings.
# Usage: e2e_chat_whatsapp.sh DFT_BIN TESTIMAGES WORKDIR MAKE_FIXTURES_PY
source "$(dirname "$0")/../e2e/lib.sh"
MAKE=${1:?make_fixtures.py}
command -v python3 >/dev/null || exit 77
FX=$WORK/fx
python3 "$MAKE" "$FX" >/dev/null || fail "make_fixtures.py failed"
[ "$(stat -c %s "$FX/android/data/data/com.whatsapp/databases/msgstore.db-wal")" -gt 32 ] || fail "fixture WAL has no frames"
(cd "$FX/android" && tar --sort=name --mtime=@1600000000 --owner=0 --group=0 -cf "$WORK/android.tar" data storage)

WA=/data/data/com.whatsapp/databases
AG=/private/var/mobile/Containers/Shared/AppGroup/3F2E1D0C-AAAA-4BBB-8CCC-0123456789AB

check_android() { # CASE LABEL
    local C=$1 L=$2 got
    msg() { q "$C" "SELECT m.$2 FROM messages m JOIN files f ON f.id = m.file_id WHERE f.path = '$1' AND m.source = '$3'"; }
    got=$(q "$C" "SELECT count(*), sum(m.direction = 'out'), sum(m.deleted) FROM messages m JOIN files f ON f.id = m.file_id
                  WHERE f.path = '$WA/msgstore.db'")
    [ "$got" = "11|3|1" ] && ok "$L: 11 messages, 3 out, 1 deleted" || softfail "$L: messages count|out|deleted = $got"
    got=$(msg "$WA/msgstore.db" "sender || '|' || recipient || '|' || direction || '|' || sent_utc || '|' || body || '|' || account" message:2)
    [ "$got" = "+66898765432|+66812345678|in|2023-11-14T22:13:20Z|สวัสดีครับ งานนี้ได้เงินดี|+66812345678" ] \
        && ok "$L: message:2 exact" || softfail "$L: message:2 = $got"
    got=$(msg "$WA/msgstore.db" "sender || '|' || thread || '|' || thread_title || '|' || json_extract(details, '$.sender_name')" message:9)
    [ "$got" = "+447911123456|111222333444555@lid|Boss Lee|Boss Lee" ] && ok "$L: LID chat resolved through jid_map + wa.db" \
        || softfail "$L: message:9 = $got"
    got=$(msg "$WA/msgstore.db" "sender || '|' || recipient || '|' || thread_title || '|' || json_extract(details, '$.sender_name')
                                 || '|' || json_array_length(details, '$.participants')" message:6)
    [ "$got" = "+8613812345678|120363025246125486@g.us|Team 话务 ทีม|Wei Wang|3" ] && ok "$L: group message" \
        || softfail "$L: message:6 = $got"
    got=$(q "$C" "SELECT group_concat(m.source) FROM messages m WHERE json_extract(m.details, '$.only_in') = 'wal'")
    [ "$got" = "message:11" ] && ok "$L: only message:11 is WAL-only" || softfail "$L: WAL-only messages = $got"
    got=$(q "$C" "SELECT count(*) FROM links l JOIN messages m ON m.id = l.from_id AND l.from_table = 'messages'
                  JOIN files f ON f.id = l.to_id AND l.to_table = 'files'
                  WHERE l.relation = 'attachment' AND m.source = 'message:4'
                  AND f.path = '/storage/emulated/0/Android/media/com.whatsapp/WhatsApp/Media/WhatsApp Images/IMG-20231114-WA0001.jpg'")
    [ "$got" = 1 ] && ok "$L: image linked to its evidence file" || softfail "$L: attachment links = $got"
    got=$(q "$C" "SELECT group_concat(counterpart || '/' || direction || '/' || status || '/' || media || '/' || start_utc || '/' || duration_s, ' ')
                  FROM (SELECT * FROM calls ORDER BY source)")
    [ "$got" = "+66898765432/in/answered/voice/2023-11-14T22:23:20Z/65 +84912345678/out/missed/video/2023-11-14T22:25:00Z/0 120363025246125486@g.us/in/rejected/voice/2023-11-14T22:26:40Z/0 +447911123456/out/answered/voice/2023-11-14T22:28:20Z/30" ] \
        && ok "$L: 4 calls exact" || softfail "$L: calls = $got"
    got=$(q "$C" "SELECT count(*), group_concat(phone, ' ') FROM (SELECT * FROM contacts ORDER BY source)")
    [ "$got" = "4|+66898765432 +84912345678 +8613812345678 +447911123456" ] && ok "$L: 4 wa.db contacts" \
        || softfail "$L: contacts = $got"
    got=$(q "$C" "SELECT json_extract(fi.details, '$.messages') || '|' || json_extract(fi.details, '$.messages_only_in_wal') || '|' ||
                  json_extract(fi.details, '$.calls_only_in_wal') || '|' || json_extract(fi.details, '$.wal_applied') || '|' ||
                  json_extract(fi.details, '$.account') || '|' || json_extract(fi.details, '$.attachments_linked')
                  FROM findings fi JOIN files f ON f.id = fi.file_id
                  WHERE fi.kind = 'chat.database' AND fi.value = 'android-message' AND f.path = '$WA/msgstore.db'")
    [ "$got" = "11|1|1|1|+66812345678|1" ] && ok "$L: chat.database finding" || softfail "$L: chat.database = $got"
    got=$(q "$C" "SELECT count(*), sum(m.direction = 'in'), min(m.account) FROM messages m JOIN files f ON f.id = m.file_id
                  WHERE f.path = '/data/data/com.whatsapp.w4b/databases/msgstore.db'")
    [ "$got" = "5|3|+66822222222" ] && ok "$L: w4b legacy 5 messages" || softfail "$L: w4b = $got"
    got=$(q "$C" "SELECT fi.value FROM findings fi JOIN files f ON f.id = fi.file_id WHERE fi.kind = 'chat.database'
                  AND json_extract(fi.details, '$.parser') IS NOT NULL AND f.path = '/data/data/com.whatsapp.w4b/databases/msgstore.db'")
    [ "$got" = "android-legacy" ] && ok "$L: both schemas -> legacy (where the rows are)" || softfail "$L: w4b variant = $got"
}

must_ingest "$WORK/dir.db" "$FX/android" --no-progress
check_android "$WORK/dir.db" dir
must_ingest "$WORK/tar.db" "$WORK/android.tar" --no-progress
check_android "$WORK/tar.db" tar

# same evidence, same rows (deterministic order and content)
a=$(q "$WORK/dir.db" "SELECT group_concat(source || sender || recipient || sent_utc || coalesce(body,'') || details, '') FROM (SELECT * FROM messages ORDER BY id)")
b=$(q "$WORK/tar.db" "SELECT group_concat(source || sender || recipient || sent_utc || coalesce(body,'') || details, '') FROM (SELECT * FROM messages ORDER BY id)")
[ "$a" = "$b" ] && ok "dir and tar give identical message rows" || softfail "dir and tar message rows differ"

C=$WORK/ios.db
must_ingest "$C" "$FX/ios" --no-progress
got=$(q "$C" "SELECT count(*), sum(direction = 'out'), sum(deleted) FROM messages")
[ "$got" = "8|2|1" ] && ok "ios: 8 messages, 2 out, 1 deleted" || softfail "ios: messages = $got"
got=$(q "$C" "SELECT sender || '|' || sent_utc || '|' || body || '|' || thread_title FROM messages WHERE source = 'ZWAMESSAGE:1'")
[ "$got" = "+66898765432|2023-11-14T22:13:20.500Z|สวัสดี|Somchai Jaidee" ] && ok "ios: Cocoa time with fraction, ContactsV2 name" \
    || softfail "ios: ZWAMESSAGE:1 = $got"
got=$(q "$C" "SELECT sender || '|' || recipient || '|' || json_extract(details, '$.sender_name') FROM messages WHERE source = 'ZWAMESSAGE:4'")
[ "$got" = "+84912345678|120363111111111111@g.us|Nguyễn Văn An" ] && ok "ios: group sender via ZWAGROUPMEMBER" \
    || softfail "ios: ZWAMESSAGE:4 = $got"
got=$(q "$C" "SELECT group_concat(source) FROM messages WHERE json_extract(details, '$.only_in') = 'wal'")
[ "$got" = "ZWAMESSAGE:7" ] && ok "ios: WAL-only row" || softfail "ios: WAL-only = $got"
got=$(q "$C" "SELECT count(*) FROM links l JOIN files f ON f.id = l.to_id AND l.to_table = 'files'
              WHERE l.relation = 'attachment' AND f.path = '$AG/Message/Media/66898765432@s.whatsapp.net/a/b/photo-1.jpg'")
[ "$got" = 1 ] && ok "ios: photo linked" || softfail "ios: attachment links = $got"
got=$(q "$C" "SELECT count(*) || '|' || group_concat(direction || '/' || status || '/' || duration_s) FROM (SELECT * FROM calls ORDER BY source)")
[ "$got" = "2|in/answered/42,out/missed/0" ] && ok "ios: CallHistory calls" || softfail "ios: calls = $got"
got=$(q "$C" "SELECT count(*) FROM contacts")
[ "$got" = 2 ] && ok "ios: ContactsV2 contacts" || softfail "ios: contacts = $got"
finish
