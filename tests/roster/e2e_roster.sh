#!/usr/bin/env bash
# e2e_roster.sh DFT_BIN FIXTURES WORKDIR - plugin `roster` end to end on the dump gen_roster.py writes:
# exact roster.table findings (kind, header row, rows), persons (roles, E.164 phones, passports),
# possible trafficking victims with their tip.indicator findings, hard negatives (contact list and office
# directory "unknown", price list and prose nothing), vCard contacts, and the identity join: contacted_as
# (SMS with a target's number in national form), same_as (the same target in the Thai DOCX and the
# English XLSX), a legacy BIFF8 .xls target list (FreeXL), contacted_as for calls (a worker, national form), listed_as (vCard cards, a WhatsApp contact).
# A second run gives the same rows.
set -euo pipefail
BIN=$1 FX=$2 WORK=$3
export LC_ALL=C.UTF-8 TZ=UTC
rm -rf "$WORK" && mkdir -p "$WORK"
FAILS=0
fail() { echo "FAIL: $*" >&2; FAILS=$((FAILS + 1)); }
q() { sqlite3 -batch -noheader "$1" "$2"; }
expect() {   # expect NAME GOT WANT
    if [ "$2" != "$3" ]; then
        printf 'FAIL: %s\n got:\n%s\n want:\n%s\n' "$1" "$2" "$3" >&2
        FAILS=$((FAILS + 1))
    else
        echo "ok: $1"
    fi
}

run() {
    "$BIN" ingest "$1" "$FX/evidence" --no-progress >"$WORK/out" 2>"$WORK/err" ||
        { cat "$WORK/err" >&2; echo "FAIL: ingest exited non-zero" >&2; exit 1; }
}
run "$WORK/a.db"
DB=$WORK/a.db

expect "roster.table findings" "$(q "$DB" "SELECT (SELECT name FROM files WHERE id = f.file_id), subkind, value,
      json_extract(details, '$.header_row'), json_extract(details, '$.rows'), json_extract(details, '$.range'),
      json_extract(details, '$.lexicon_version'), confidence
    FROM findings f WHERE kind = 'roster.table' ORDER BY 1, 3")" \
"contacts.csv|unknown|contacts.csv|1|2|A1:D3|2026.12-4|0.0
directory_u16.csv|unknown|directory_u16.csv|1|2|A1:D3|2026.12-4|0.0
targets_doc.doc|target|table 1|1|2|A1:E3|2026.12-4|0.8
targets_en.xlsx|target|sheet Leads|1|4|A1:G5|2026.12-4|1.0
targets_gb.csv|target|targets_gb.csv|1|2|A1:G3|2026.12-4|0.9
targets_old.xls|target|sheet 客户名单|1|2|A1:F3|2026.12-4|0.7
targets_th.docx|target|table 1|1|2|A1:F3|2026.12-4|0.5
worker_zh.xlsx|worker|sheet 员工名单|3|4|A3:I7|2026.12-4|1.0"

expect "worker roster columns" "$(q "$DB" "SELECT group_concat(json_extract(c.value, '$.header') || '=' ||
      json_extract(c.value, '$.field'), ' ') FROM findings f, json_each(f.details, '$.columns') c
    WHERE f.kind = 'roster.table' AND f.subkind = 'worker'")" \
"姓名=name 国籍=nationality 护照号=passport 电话=phone 到岗日期=arrival 欠款=debt 身价=price 组别=team 备注=remarks"

expect "persons by role" "$(q "$DB" "SELECT role, count(*) FROM persons GROUP BY role ORDER BY role")" \
"target|12
unknown|4
worker|4"

expect "persons" "$(q "$DB" "SELECT (SELECT name FROM files WHERE id = p.file_id), role, name, ifnull(phone, ''),
      ifnull(nationality, ''), ifnull(passport, ''), ifnull(amount, ''), source, personal
    FROM persons p ORDER BY id")" \
"contacts.csv|unknown|Alice Brown|+442079460018||||{\"cols\":\"A:D\",\"row\":2}|name,phone,nationality,passport,amount,details
contacts.csv|unknown|Bob Green|+447911123456||||{\"cols\":\"A:D\",\"row\":3}|name,phone,nationality,passport,amount,details
directory_u16.csv|unknown|Carol White|+16502530001||||{\"cols\":\"A:D\",\"row\":2}|name,phone,nationality,passport,amount,details
directory_u16.csv|unknown|Dan Black|+16502530002||||{\"cols\":\"A:D\",\"row\":3}|name,phone,nationality,passport,amount,details
targets_doc.doc|target|Somchai Jaidee|+66812349911|泰国||5000|{\"cols\":\"A:E\",\"row\":2,\"table\":1}|name,phone,nationality,passport,amount,details
targets_doc.doc|target|Nguyen Van An|+84912777888|越南||0|{\"cols\":\"A:E\",\"row\":3,\"table\":1}|name,phone,nationality,passport,amount,details
targets_en.xlsx|target|John Miller|+16502530000|USA||0|{\"cols\":\"A:G\",\"row\":2,\"sheet\":\"Leads\"}|name,phone,nationality,passport,amount,details
targets_en.xlsx|target|Maria Santos|+639171234567|Philippines||12,500 USDT|{\"cols\":\"A:G\",\"row\":3,\"sheet\":\"Leads\"}|name,phone,nationality,passport,amount,details
targets_en.xlsx|target|Kenji Sato|+819012345678|Japan||\$3,000|{\"cols\":\"A:G\",\"row\":4,\"sheet\":\"Leads\"}|name,phone,nationality,passport,amount,details
targets_en.xlsx|target|Somsri K.|+66811112222|Thailand||฿20,000|{\"cols\":\"A:G\",\"row\":5,\"sheet\":\"Leads\"}|name,phone,nationality,passport,amount,details
targets_gb.csv|target|王芳|+8613912345678|中国||¥50,000|{\"cols\":\"A:G\",\"row\":2}|name,phone,nationality,passport,amount,details
targets_gb.csv|target|陈静|+85291234567|香港||0|{\"cols\":\"A:G\",\"row\":3}|name,phone,nationality,passport,amount,details
targets_old.xls|target|刘洋|+66819990001|泰国||5000|{\"cols\":\"A:F\",\"row\":2,\"sheet\":\"客户名单\"}|name,phone,nationality,passport,amount,details
targets_old.xls|target|มานี มีนา|+84912000111|越南||0|{\"cols\":\"A:F\",\"row\":3,\"sheet\":\"客户名单\"}|name,phone,nationality,passport,amount,details
targets_th.docx|target|สมศรี ใจดี|+66811112222|||20,000 บาท|{\"cols\":\"A:F\",\"row\":2,\"table\":1}|name,phone,nationality,passport,amount,details
targets_th.docx|target|วิชัย สุขสม|+66897654321|||0|{\"cols\":\"A:F\",\"row\":3,\"table\":1}|name,phone,nationality,passport,amount,details
worker_zh.xlsx|worker|阿明|+84912345678|越南|C1234567||{\"cols\":\"A:I\",\"row\":4,\"sheet\":\"员工名单\"}|name,phone,nationality,passport,amount,details
worker_zh.xlsx|worker|Budi|+6281234567890|印尼|B7654321||{\"cols\":\"A:H\",\"row\":5,\"sheet\":\"员工名单\"}|name,phone,nationality,passport,amount,details
worker_zh.xlsx|worker|李伟|+8613800138000|中国|E12345678||{\"cols\":\"A:H\",\"row\":6,\"sheet\":\"员工名单\"}|name,phone,nationality,passport,amount,details
worker_zh.xlsx|worker|Somchai|+66812345678|泰国|AA1234567||{\"cols\":\"A:I\",\"row\":7,\"sheet\":\"员工名单\"}|name,phone,nationality,passport,amount,details"

expect "a worker's details" "$(q "$DB" "SELECT json_extract(details, '$.columns.到岗日期'), json_extract(details, '$.region'),
      json_extract(details, '$.region_from'), json_extract(details, '$.possible_trafficking_victim'),
      json_extract(details, '$.provenance.sheet') FROM persons WHERE name = '阿明'")" \
"2024-03-01|VN|nationality|1|员工名单"

expect "a legacy .xls target's details (FORMULA results: a string phone, a number amount; FreeXL: a date cell)" "$(q "$DB" "SELECT
      json_extract(details, '$.columns.电话'), json_extract(details, '$.columns.充值金额'), json_extract(details, '$.columns.日期'),
      json_extract(details, '$.region'), json_extract(details, '$.region_from') FROM persons WHERE name = '刘洋'")" \
"+66819990001|5000|2024-03-01|TH|country"

expect "possible trafficking victims" "$(q "$DB" "SELECT name, (SELECT group_concat(json_extract(c.value, '$.family'))
      FROM json_each(p.details, '$.trafficking_cues') c) FROM persons p
    WHERE json_extract(details, '$.possible_trafficking_victim') = 1 ORDER BY id")" \
"阿明|debt_bondage,sale_resale,documents_withheld
Somchai|sale_resale,confinement"

expect "tip.indicator findings linked to their person" "$(q "$DB" "SELECT p.name, f.subkind, f.value, f.personal,
      json_extract(f.details, '$.provenance.row') || json_extract(f.details, '$.provenance.cols')
    FROM findings f JOIN links l ON l.to_table = 'findings' AND l.to_id = f.id AND l.relation = 'indicator'
    JOIN persons p ON p.id = l.from_id WHERE f.kind = 'tip.indicator' ORDER BY f.id")" \
"阿明|debt_bondage|30000|value|4F:F
阿明|sale_resale|80000|value|4G:G
阿明|documents_withheld|护照公司保管|value|4I:I
Somchai|sale_resale|转卖给B公司|value|7G:G
Somchai|confinement|小黑屋3天|value|7I:I"

expect "no 'suspect' anywhere" "$(q "$DB" "SELECT (SELECT count(*) FROM persons WHERE role LIKE '%suspect%' OR details LIKE '%suspect%')
      + (SELECT count(*) FROM findings WHERE plugin = 'roster' AND (details LIKE '%suspect%' OR subkind LIKE '%suspect%'))")" "0"

expect "hard negatives: nothing from the price list or prose" "$(q "$DB" "SELECT count(*) FROM persons p JOIN files f ON f.id = p.file_id
      WHERE f.name IN ('prices.csv', 'notes.txt')")|$(q "$DB" "SELECT count(*) FROM findings x JOIN files f ON f.id = x.file_id
      WHERE x.plugin = 'roster' AND f.name IN ('prices.csv', 'notes.txt')")" "0|0"

expect "every person listed_in its roster.table" "$(q "$DB" "SELECT count(*) FROM links l JOIN persons p ON p.id = l.from_id
      JOIN findings f ON f.id = l.to_id AND f.kind = 'roster.table' AND f.file_id = p.file_id
    WHERE l.relation = 'listed_in' AND l.from_table = 'persons'")" "20"

expect "vCard contacts" "$(q "$DB" "SELECT app, name, phone, source FROM contacts WHERE app = 'vcard' ORDER BY id")" \
"vcard|阿明|+84912345678|card:1
vcard|Boss Wang|+8613900001111|card:2
vcard|Carol White|+16502530001|card:3"

expect "contacted_as (SMS and calls, national forms)" "$(q "$DB" "SELECT p.name, l.to_table,
      coalesce((SELECT ifnull(sender, '') || '>' || ifnull(recipient, '') FROM messages WHERE id = l.to_id AND l.to_table = 'messages'),
               (SELECT counterpart FROM calls WHERE id = l.to_id AND l.to_table = 'calls')),
      json_extract(l.details, '$.app'), json_extract(l.details, '$.count'), json_extract(l.details, '$.first_utc'),
      json_extract(l.details, '$.last_utc'), json_extract(l.details, '$.matched')
    FROM links l JOIN persons p ON p.id = l.from_id WHERE l.relation = 'contacted_as' ORDER BY l.id")" \
"Maria Santos|messages|>+639171234567|sms|1|2024-03-03T08:00:00Z|2024-03-03T08:00:00Z|+639171234567
Somsri K.|messages|>0811112222|sms|2|2024-03-01T08:00:00Z|2024-03-02T08:00:00Z|0811112222
สมศรี ใจดี|messages|>0811112222|sms|2|2024-03-01T08:00:00Z|2024-03-02T08:00:00Z|0811112222
阿明|calls|0912345678|phone|2|2024-03-05T00:53:20Z|2024-03-06T04:40:00Z|0912345678"

expect "same_as to the first row of the identity" "$(q "$DB" "SELECT a.name, b.name, a.id > b.id, l.details
    FROM links l JOIN persons a ON a.id = l.from_id JOIN persons b ON b.id = l.to_id WHERE l.relation = 'same_as'")" \
"สมศรี ใจดี|Somsri K.|1|{\"personal\":[\"phone\"],\"phone\":\"+66811112222\"}"

expect "listed_as (vCard cards, a WhatsApp contact)" "$(q "$DB" "SELECT p.name, c.app, c.name FROM links l JOIN persons p ON p.id = l.from_id
    JOIN contacts c ON c.id = l.to_id WHERE l.relation = 'listed_as' ORDER BY l.id")" \
"Carol White|vcard|Carol White
Maria Santos|whatsapp|Maria
阿明|vcard|阿明"

expect "lexicon version recorded in the run" "$(q "$DB" "SELECT count(*) FROM runs WHERE plugins LIKE '%headers.tsv%2026.12-4%'")" "1"
expect "no warnings" "$(q "$DB" "SELECT count(*) FROM findings WHERE kind = 'evidence.warning'")" "0"

dump() {
    q "$1" "SELECT id, file_id, role, name, phone, passport, amount, details, source FROM persons ORDER BY id;
            SELECT from_table, from_id, relation, to_table, to_id, details FROM links WHERE plugin = 'roster' ORDER BY id;
            SELECT id, kind, subkind, value, details FROM findings WHERE plugin = 'roster' ORDER BY id"
}
run "$WORK/b.db"
[ "$(dump "$WORK/a.db")" = "$(dump "$WORK/b.db")" ] && echo "ok: deterministic" || fail "second run differs"

# the per-file persons cap: counted in a warning, the table still says how many rows it has
"$BIN" ingest "$WORK/c.db" "$FX/evidence" --no-progress --plugin-opt roster.max_persons=1 >"$WORK/out" 2>"$WORK/err" ||
    { cat "$WORK/err" >&2; fail "ingest with max_persons=1 exited non-zero"; }
expect "persons cap" "$(q "$WORK/c.db" "SELECT count(*) FROM persons")|$(q "$WORK/c.db" "SELECT json_extract(details, '$.rows') || '/' ||
      json_extract(details, '$.persons') FROM findings WHERE kind = 'roster.table' AND subkind = 'worker'")|$(q "$WORK/c.db" "SELECT value FROM findings WHERE kind = 'evidence.warning' AND file_id = (SELECT id FROM files WHERE name = 'worker_zh.xlsx')")" \
"8|4/1|roster: sheet 员工名单: 3 rows (rows 5-7) over the cap of 1 persons a file were not emitted as persons (--plugin-opt roster.max_persons=N raises it)"

# privacy: report --redact hides every persons field the rows mark personal, the indicator excerpts, and the
# phone numbers / accounts the identity join copied into link details (named in details.personal)
"$BIN" report "$WORK/a.db" --csv "$WORK/red" --redact >"$WORK/out" 2>"$WORK/err" || { cat "$WORK/err" >&2; fail "report --redact"; }
LEAKS=0
while IFS= read -r v; do
    [ "${#v}" -ge 4 ] || continue
    if grep -qF -- "$v" "$WORK/red/persons.csv" "$WORK/red/links.csv" "$WORK/red/findings-tip.indicator.csv"; then
        echo "leak: $v" >&2; LEAKS=$((LEAKS + 1))
    fi
done < <(q "$DB" "SELECT name FROM persons WHERE name IS NOT NULL UNION SELECT phone FROM persons WHERE phone IS NOT NULL
  UNION SELECT passport FROM persons WHERE passport IS NOT NULL UNION SELECT value FROM findings WHERE kind = 'tip.indicator'
  UNION SELECT json_extract(details, '$.matched') FROM links WHERE relation IN ('contacted_as', 'listed_as')
  UNION SELECT json_extract(details, '$.phone') FROM links WHERE relation = 'same_as'")
expect "report --redact: no personal value of persons, indicators or join links" "$LEAKS" "0"
expect "links name their personal keys" "$(q "$DB" "SELECT relation, json_extract(details, '$.personal') FROM links
    WHERE plugin = 'roster' AND relation IN ('same_as', 'contacted_as', 'listed_as') GROUP BY 1, 2 ORDER BY 1, 2")" \
'contacted_as|["matched"]
listed_as|["matched"]
same_as|["phone"]'

# a shared number (the agent's line on every row of a list) is no identity: six different names on one
# phone stay six people, while one target listed in two files (two spellings) is one identity
mkdir -p "$WORK/shared_ev"
printf 'Name,Phone,Deposit,WhatsApp\n' >"$WORK/shared_ev/a.csv"
for n in Ann Bea Cid Dee Eve Fay; do printf '%s,+66 81 111 0000,100,x\n' "$n" >>"$WORK/shared_ev/a.csv"; done
printf 'Name,Phone,Deposit,WhatsApp\nSomsri,+66 82 222 0000,5,x\n' >"$WORK/shared_ev/b.csv"
printf 'Name,Phone,Deposit,WhatsApp\nSomsri K.,+66 82 222 0000,9,x\n' >"$WORK/shared_ev/c.csv"
# the same for a placeholder passport number on a staff list; a real passport in two files joins
printf 'Name,Passport,Nationality,Debt\n' >"$WORK/shared_ev/d.csv"
for n in Ali Bui Cao Dai Eko Fik; do printf '%s,P0000000,Vietnam,500\n' "$n" >>"$WORK/shared_ev/d.csv"; done
printf 'Name,Passport,Nationality,Debt\nBudi,B7654321,Indonesia,800\n' >"$WORK/shared_ev/e.csv"
printf 'Name,Passport,Nationality,Debt\nBudi S.,B7654321,Indonesia,900\n' >"$WORK/shared_ev/f.csv"
"$BIN" ingest "$WORK/s.db" "$WORK/shared_ev" --no-progress --plugins roster >"$WORK/out" 2>"$WORK/err" ||
    { cat "$WORK/err" >&2; fail "ingest of the shared-number case exited non-zero"; }
expect "shared number/passport: no identity, one warning each; a repeated target/worker: one identity" \
"$(q "$WORK/s.db" "SELECT (SELECT name FROM persons WHERE id = l.from_id) || '>' || (SELECT name FROM persons WHERE id = l.to_id)
    FROM links l WHERE relation = 'same_as'; SELECT value FROM findings WHERE kind = 'evidence.warning'")" \
"Somsri K.>Somsri
Budi S.>Budi
roster: 1 phone number(s) are listed for more than 5 persons rows with more than 3 different names (first: +66811110000, 6 rows): shared numbers (an office line, a placeholder) join no identity and give no contacted_as/listed_as links
roster: 1 passport number(s) are listed for more than 5 persons rows with more than 3 different names (first on 6 rows): shared or placeholder numbers join no identity"

if [ "$FAILS" -ne 0 ]; then
    echo "$FAILS check(s) failed" >&2
    exit 1
fi
echo PASS
