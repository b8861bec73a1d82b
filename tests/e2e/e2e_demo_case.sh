#!/usr/bin/env bash
# e2e_demo_case - the README demo's scam-compound story (testimages/demo/make_compound.py) through every
# built-in plugin and the HTML report: the worker phone's WhatsApp chats, the TRON deposit address in a
# message and in a seed backup, the victim lists (XLSX and ODS) and the staff roster as persons, the
# Chinese and English scripts, the passport MRZ, the trafficking cues in the boss's messages, the
# identity join (the listed victim was contacted by the worker's account), and a report in which every
# section the prosecutor reads has rows. Exact counts: the story is fixed.
source "$(dirname "$0")/lib.sh"

python3 "$(dirname "$0")/../../testimages/demo/make_compound.py" "$WORK/img"
CASE=$WORK/case.db
must_ingest "$CASE" "$WORK/img/worker_phone.tar" "$WORK/img/office_pc.tar" --case-number DEMO --examiner E2E \
    --no-progress
. <(sed -n 's/^deposit address \(.*\)/DEPOSIT=\1/p; s/^seed \(.*\)/SEED="\1"/p' "$WORK/img/story.txt")

check() { # check NAME EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then ok "$1"; else softfail "$1: expected '$2', got '$3'"; fi
}

check "WhatsApp messages of the worker phone: 17, 9 sent by the worker" "17|9" \
    "$(q "$CASE" "SELECT count(*), sum(direction = 'out') FROM messages WHERE app = 'whatsapp'")"
check "the deposit address: in a message and in the seed backup" "2|1" \
    "$(q "$CASE" "SELECT count(*), sum(EXISTS(SELECT 1 FROM links l WHERE l.from_table = 'findings' AND l.from_id = f.id
              AND l.relation = 'found_in' AND l.to_table = 'messages'))
              FROM findings f WHERE kind = 'crypto.address' AND value = '$DEPOSIT'")"
check "the seed phrase" "1|english" \
    "$(q "$CASE" "SELECT count(*), group_concat(json_extract(details, '\$.language')) FROM findings
              WHERE kind = 'crypto.seed' AND value = '$SEED'")"
check "roster tables: two victim lists (XLSX, ODS), one staff roster" "target|2
worker|1" "$(q "$CASE" "SELECT subkind, count(*) FROM findings WHERE kind = 'roster.table' GROUP BY 1 ORDER BY 1")"
check "persons: 5 targets, 3 workers all possible trafficking victims, 1 passport holder" "target|5|0
unknown|1|0
worker|3|3" "$(q "$CASE" "SELECT role, count(*), sum(ifnull(json_extract(details, '\$.possible_trafficking_victim'), 0))
              FROM persons GROUP BY role ORDER BY role")"
check "no one is called a suspect" "0" "$(q "$CASE" "SELECT count(*) FROM persons WHERE details LIKE '%suspect%'")"
check "the listed victim's phone in E.164, contacted by the worker's WhatsApp account" "+12025550147|whatsapp|11" \
    "$(q "$CASE" "SELECT DISTINCT p.phone, json_extract(l.details, '\$.app'), json_extract(l.details, '\$.count')
              FROM persons p JOIN links l ON l.from_table = 'persons' AND l.from_id = p.id AND l.relation = 'contacted_as'
              WHERE p.name = 'Linda Carter'")"
check "the same victim in both lists is one identity" "1" \
    "$(q "$CASE" "SELECT count(*) FROM links WHERE relation = 'same_as' AND from_table = 'persons'
              AND from_id IN (SELECT id FROM persons WHERE name = 'Linda Carter')")"
check "scam scripts: the Chinese DOCX and the English text, romance-investment" "/Users/admin/Documents/script_en.txt|romance_investment
/Users/admin/Documents/话术.docx|romance_investment" \
    "$(q "$CASE" "SELECT fi.path, f.subkind FROM findings f JOIN files fi ON fi.id = f.file_id
              WHERE f.kind = 'script.scam' ORDER BY 1")"
check "the passport MRZ, check digits valid, linked to its person" "VNM|C1234567|1" \
    "$(q "$CASE" "SELECT f.subkind, f.value, (SELECT count(*) FROM links l WHERE l.relation = 'document' AND l.to_id = f.id)
              FROM findings f WHERE kind = 'id.passport'")"
check "trafficking cues in the boss's messages (documents withheld, fines, resale)" "documents_withheld|fines_withheld_wages|sale_resale" \
    "$(q "$CASE" "SELECT group_concat(subkind, '|') FROM (SELECT DISTINCT f.subkind FROM findings f JOIN links l
              ON l.from_table = 'findings' AND l.from_id = f.id AND l.relation = 'found_in' AND l.to_table = 'messages'
              WHERE f.kind = 'tip.indicator' AND f.subkind IN ('documents_withheld', 'fines_withheld_wages', 'sale_resale')
              ORDER BY 1)")"
check "the two items share the deposit address" "crypto.address|$DEPOSIT|2" \
    "$(q "$CASE" "SELECT kind, value, evidence_items FROM v_shared_identifiers WHERE kind = 'crypto.address'")"
"$BIN" verify "$CASE" >"$WORK/verify.out" 2>&1 && ok "the case verifies" || softfail "verify failed: $(cat "$WORK/verify.out")"

"$BIN" report "$CASE" --html "$WORK/report" >"$WORK/report.out" 2>&1 || fail "report failed: $(cat "$WORK/report.out")"
for sec in threads messages addresses secrets persons scripts trafficking; do
    n=$(sed -n "s/.*<span class=\"count\" data-section=\"$sec\">\([0-9]*\)<.*/\1/p" "$WORK/report/index.html")
    [ -n "$n" ] && [ "$n" -gt 0 ] && ok "report section $sec: $n rows" || softfail "report section $sec is empty"
done
finish
