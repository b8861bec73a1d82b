#!/usr/bin/env bash
# e2e_chat_system: Android and iOS system databases (mmssms.db, bugle_db, contacts2.db, calllog.db,
# sms.db, AddressBook.sqlitedb, CallHistory.storedata) at their device paths inside one tar dump,
# through `dftriage ingest` with the chat plugin's default region TH. Asserts exact rows: counts per
# app, directions, E.164 parties, UTC times of each unit, bodies incl. attributedBody-only texts,
# WAL-only rows, sender names resolved through the contact tables (E.164 on both sides), attachment
# links to the files of the dump, the chat.database findings, and determinism of a second run.
# usage: e2e_chat_system.sh DFT_BIN TESTIMAGES WORKDIR FIXTURE_DIR
. "$(dirname "$0")/../e2e/lib.sh"
FIX=${1:?fixture dir}
[ -d "$FIX/dump/Dump" ] || fail "fixtures not built in $FIX"
(cd "$FIX/dump" && tar --sort=name --mtime=@1700000000 --owner=0 --group=0 --numeric-owner -cf "$WORK/dump.tar" Dump filesystem1)

CASE=$WORK/case.db
must_ingest "$CASE" "$WORK/dump.tar" --no-progress --threads 2 --plugin-opt chat.default_region=TH

eq() {  # eq DESCRIPTION SQL WANT
    local got
    got=$(q "$CASE" "$2")
    [ "$got" = "$3" ] && ok "$1" || softfail "$1: got '$got' want '$3'"
}

eq "messages per app" "select group_concat(app || '=' || n, ',') from (select app, count(*) n from messages group by app order by app)" \
   "imessage=7,sms=12"
eq "contacts per app" "select group_concat(app || '=' || n, ',') from (select app, count(*) n from contacts group by app order by app)" \
   "android_contacts=3,ios_addressbook=3"
eq "calls" "select count(*) from calls where app='phone'" 9

# SMS: inbox in, sent/draft/failed out, ms times; MMS: s times, 0x89 sender, parts
eq "sms 1" "select direction||'|'||sender||'|'||sent_utc||'|'||body from messages where app='sms' and source='sms:1'" \
   "in|+66898765432|2023-11-14T22:13:20.123Z|สวัสดีครับ โอนเงินแล้ว"
eq "sms draft" "select direction||'|'||recipient||'|'||json_extract(details,'$.draft') from messages where source='sms:3'" \
   "out|+66898765432|1"
eq "sms failed, zh" "select direction||'|'||recipient||'|'||body from messages where source='sms:5'" "out|+8613800138000|你好，请回复"
eq "sms only in the WAL" "select source||'|'||body from messages where json_extract(details,'$.only_in')='wal' and app='sms'" \
   "sms:6|wal only: ส่งเงินด่วน"
eq "mms in, group" "select direction||'|'||sender||'|'||sent_utc||'|'||body||'|'||json_array_length(details,'$.participants') from messages where source='pdu:1'" \
   "in|+84901234567|2023-11-14T22:20:00Z|Ảnh biên lai|3"
eq "mms out" "select direction||'|'||recipient||'|'||body from messages where source='pdu:2'" "out|+66898765432|sent picture"
eq "directions sms" "select group_concat(direction, '') from (select direction from messages where app='sms' order by id)" \
   "inoutoutinoutininoutinoutinout"

# Google Messages: sender participant, conversation titles, group recipients
eq "bugle group out" "select thread_title||'|'||recipient||'|'||body from messages where app='sms' and source='messages:4'" \
   "Team Crypto|+84901234567,+8613800138000|收到"
eq "bugle sender name" "select json_extract(details,'$.sender_name') from messages where app='sms' and source='messages:3'" "Nguyễn Văn An"

# iMessage: Cocoa ns and s, attributedBody, group, tombstone, WAL
eq "imessage attributedBody (293 bytes, Thai)" "select length(cast(body as blob))||'|'||json_extract(details,'$.body_source')||'|'||sent_utc from messages where app='imessage' and source='message:2'" \
   "293|attributedBody|2023-11-18T11:35:00.250Z"
eq "imessage Cocoa seconds row" "select sender||'|'||sent_utc||'|'||body||'|'||thread_title from messages where source='message:3'" \
   "an.nguyen@icloud.com|2023-03-08T20:26:40Z|Anh ơi, chuyển khoản xong chưa?|Nhóm đầu tư 投资群"
eq "imessage group out" "select recipient from messages where source='message:4'" "an.nguyen@icloud.com,+8613800138000"
eq "imessage SMS service" "select json_extract(details,'$.service') from messages where source='message:5'" "SMS"
eq "imessage WAL-only" "select source from messages where app='imessage' and json_extract(details,'$.only_in')='wal'" "message:6"
eq "imessage tombstone" "select deleted||'|'||json_extract(details,'$.guid') from messages where source='deleted_messages:1'" \
   "1|GUID-DELETED-0001"

# names through the contact tables: E.164 on both sides
eq "sms sender via contacts2" "select c.name from messages m join contacts c on c.phone=m.sender and c.app='android_contacts' where m.source='sms:1'" \
   "Somchai Jaidee"
eq "imessage sender via AddressBook" "select c.name from messages m join contacts c on c.phone=m.sender and c.app='ios_addressbook' where m.source='message:1'" \
   "Somchai Jaidee"
eq "call via contacts2" "select c.name from calls k join contacts c on c.phone=k.counterpart and c.app='android_contacts' where k.source='calls:2'" \
   "Nguyễn Văn An"

# calls
eq "android calls" "select group_concat(direction||'/'||ifnull(status,'-')||'/'||media||'/'||ifnull(counterpart,'-'), ' ') from (select * from calls where source like 'calls:%' order by id)" \
   "in/answered/voice/+66898765432 out/-/video/+84901234567 in/missed/voice/+6621234567 in/rejected/voice/- in/rejected/voice/+8613800138000"
eq "android call WAL-only" "select source from calls where json_extract(details,'$.only_in')='wal'" "calls:5"
eq "ios calls" "select group_concat(start_utc||'/'||duration_s||'/'||media||'/'||ifnull(json_extract(details,'$.app'),'-'), ' ') from (select * from calls where source like 'ZCALLRECORD:%' order by id)" \
   "2023-11-18T11:41:40.500Z/61/voice/- 2023-11-18T11:43:20Z/300/video/facetime 2023-11-18T11:45:00Z/0/voice/- 2023-11-18T11:46:40Z/0/voice/facetime"

# attachments linked to the files of the dump
eq "attachment links" "select group_concat(f.device_path, ' ') from (select * from links where relation='attachment' order by from_id) l join files f on f.id = l.to_id" \
   "/data/user_de/0/com.android.providers.telephony/app_parts/PART_1700000400_receipt.jpg /private/var/mobile/Library/SMS/Attachments/ab/11/AT-0001/IMG_0001.jpeg"

# one chat.database finding per database, with WAL facts
eq "chat.database findings" "select group_concat(subkind||':'||json_extract(details,'$.parser')||':'||json_extract(details,'$.messages')||'/'||json_extract(details,'$.contacts')||'/'||json_extract(details,'$.calls')||':'||json_extract(details,'$.wal_applied'), ' ') from (select * from findings where kind='chat.database' and json_extract(details,'$.parser') is not null order by subkind, value)" \
   "android_contacts:contacts2-android:0/3/0:0 imessage:imessage-ios:7/0/0:1 ios_addressbook:addressbook-ios:0/3/0:0 phone:calllog-android:0/0/5:1 phone:callhistory-ios:0/0/4:0 sms:google-messages:4/0/0:0 sms:sms-android:8/0/0:1"
eq "WAL-only counts" "select group_concat(json_extract(details,'$.parser')||'='||(json_extract(details,'$.messages_only_in_wal')+json_extract(details,'$.calls_only_in_wal')), ' ') from (select * from findings where kind='chat.database' and json_extract(details,'$.parser') is not null order by subkind, value)" \
   "contacts2-android=0 imessage-ios=1 addressbook-ios=0 calllog-android=1 callhistory-ios=0 google-messages=0 sms-android=1"
eq "no warnings" "select count(*) from findings where kind='evidence.warning'" 0

# determinism: a second case file has the same rows in the same order
CASE2=$WORK/case2.db
must_ingest "$CASE2" "$WORK/dump.tar" --no-progress --threads 2 --plugin-opt chat.default_region=TH
dump_rows() { sqlite3 -batch "$1" "select app,account,thread,sender,recipient,direction,sent_utc,body,attachment,deleted,source,details from messages order by id; select * from calls order by id; select app,name,phone,handle,source,details from contacts order by id"; }
[ "$(dump_rows "$CASE")" = "$(dump_rows "$CASE2")" ] && ok "deterministic" || softfail "two runs differ"
finish
