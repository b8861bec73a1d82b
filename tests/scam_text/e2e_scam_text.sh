#!/usr/bin/env bash
# e2e_scam_text.sh DFT_BIN WORKDIR WRITE_FIXTURES [PLUGIN_DIR] - the scam_text plugin end to end.
#
# Writes the unit-test fixtures (tests/scam_text/fixtures.h) as files of a directory - staged scripts
# in zh-Hans (UTF-8 and, converted by iconv, GB18030), zh-Hant (UTF-8 and Big5), en (Markdown, and UTF-16 with BOM), th, vi (HTML), a
# police-impersonation script, hard negatives (leaflets zh/en, news, chat), trafficking cues, the ICAO
# TD3 specimen MRZ valid and with a broken check digit - ingests the directory, then a tar of it, and
# asserts the findings, the persons row, its link and the lexicon versions exactly with sqlite3. With
# PLUGIN_DIR holding the e2e hello plugin, talk.chat ("sender|body" lines) becomes messages whose bodies
# the plugin classifies as decoded content: a cue there is linked to its message ("found_in").
set -euo pipefail
BIN=$1
WORK=$2
WRITE=$3
PLUGDIR=${4:-}
export LC_ALL=C.UTF-8 TZ=UTC
for t in sqlite3 iconv tar; do
    command -v $t >/dev/null || { echo "skip: $t missing"; exit 77; }
done
rm -rf "$WORK"
mkdir -p "$WORK/ev"
FAILS=0
check() {   # check DESCRIPTION EXPECTED ACTUAL
    if [ "$2" == "$3" ]; then echo "ok: $1"; else
        echo "FAIL: $1"; echo "  expected: $2"; echo "  actual:   $3"; FAILS=$((FAILS + 1)); fi
}
"$WRITE" "$WORK/ev"
EXTRA=()
if [ -n "$PLUGDIR" ] && [ -f "$PLUGDIR/hello_plugin.so" ]; then
    printf 'bob|hi, how are you\nbob|they took my passport and we are locked in the building\n' >"$WORK/ev/talk.chat"
    EXTRA=(--plugin-dir "$PLUGDIR")
fi
# hostile: 9,000 cue lines in one Markdown file (raw path: capped at 5,000 rows and one warning), and
# bytes that are not text at all
python3 -c '
import sys
sys.stdout.write("".join("line %05d: kept in the 小黑屋 again, padding padding padding padding padding padding\n" % i for i in range(9000)))
' >"$WORK/ev/many_cues.md"
python3 -c '
import sys
sys.stdout.buffer.write(bytes(range(256)) * 64 + b"\xe5\xb0\x8f\xe9\xbb\x91\xe5\xb1\x8b\xff\x00" * 100)
' >"$WORK/ev/garbage.txt"
iconv -f UTF-8 -t GB18030 "$WORK/ev/script_zh.txt" >"$WORK/ev/script_gb.txt"
iconv -f UTF-8 -t UTF-16 "$WORK/ev/script_en.md" >"$WORK/ev/script_u16.md"
iconv -f UTF-8 -t BIG5 "$WORK/ev/script_hant.txt" >"$WORK/ev/script_big5.txt"
# a long UTF-16 script (decoded by the documents plugin as text lines): its stages 20 filler lines apart,
# so they lie in one decoded piece only when pieces of running text hold more than 64 lines
awk '{ print; for (i = 0; i < 20; i++) print "." }' "$WORK/ev/script_en.md" | iconv -f UTF-8 -t UTF-16 >"$WORK/ev/script_long.txt"
touch -d 2024-05-01T00:00:00Z "$WORK"/ev/*
(cd "$WORK" && tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=2024-05-01 -cf ev.tar ev)

assert_case() {   # assert_case CASE LABEL
    local db=$1 l=$2
    q() { sqlite3 -batch -noheader "$db" "$1"; }
    check "$l: script.scam per file (family, stages)" \
"police_script.txt|police_impersonation|police_impersonation: persona reveal onboarding withdrawal_blocked
script_big5.txt|romance_investment|romance_investment: persona grooming reveal onboarding deposit escalation withdrawal_blocked
script_en.md|romance_investment|romance_investment: persona grooming reveal onboarding deposit escalation withdrawal_blocked
script_en.pdf|romance_investment|romance_investment: persona grooming reveal onboarding deposit escalation withdrawal_blocked
script_gb.txt|romance_investment|romance_investment: persona grooming reveal onboarding deposit escalation withdrawal_blocked
script_hant.txt|romance_investment|romance_investment: persona grooming reveal onboarding deposit escalation withdrawal_blocked
script_long.txt|romance_investment|romance_investment: persona grooming reveal onboarding deposit escalation withdrawal_blocked
script_th.txt|romance_investment|romance_investment: persona grooming reveal onboarding deposit escalation withdrawal_blocked
script_u16.md|romance_investment|romance_investment: persona grooming reveal onboarding deposit escalation withdrawal_blocked
script_vi.html|romance_investment|romance_investment: persona grooming reveal onboarding deposit escalation withdrawal_blocked
script_vi_plain.txt|romance_investment|romance_investment: persona grooming reveal onboarding deposit escalation withdrawal_blocked
script_zh.txt|romance_investment|romance_investment: persona grooming reveal onboarding deposit escalation withdrawal_blocked" \
"$(q "SELECT f.name, fi.subkind, fi.value FROM findings fi JOIN files f ON f.id = fi.file_id
      WHERE fi.kind = 'script.scam' ORDER BY f.name")"
    check "$l: the PDF script is classified from its extracted text, with its page" "1" \
"$(q "SELECT count(*) FROM v_findings WHERE kind = 'script.scam' AND file_path LIKE '%script_en.pdf' AND decoded_path LIKE '%page 1 lines%'")"
    check "$l: no script.scam on the hard negatives" "0" \
"$(q "SELECT count(*) FROM findings fi JOIN files f ON f.id = fi.file_id
      WHERE fi.kind = 'script.scam' AND f.name IN ('leaflet_zh.txt','leaflet_en.txt','news.txt','chat.txt','novel.txt','ngo_leaflet.txt')")"
    check "$l: zh script terms, offsets and score" \
"persona|我在新加坡工作|131|zh
grooming|破冰|43|zh
withdrawal_blocked|提现|488|zh-Hans
13.5|1.0.2|0.95|43|505" \
"$(q "SELECT json_extract(s.value,'\$.stage'), json_extract(s.value,'\$.terms[0].term'), json_extract(s.value,'\$.terms[0].offset'),
             json_extract(s.value,'\$.terms[0].lang')
      FROM findings fi JOIN files f ON f.id = fi.file_id, json_each(json_extract(fi.details,'\$.stages')) s
      WHERE fi.kind = 'script.scam' AND f.name = 'script_zh.txt' AND json_extract(s.value,'\$.stage') IN ('persona','grooming','withdrawal_blocked')
      ORDER BY s.key;
      SELECT json_extract(details,'\$.score'), json_extract(details,'\$.lexicon_version'), confidence, offset, length
      FROM findings fi JOIN files f ON f.id = fi.file_id WHERE fi.kind = 'script.scam' AND f.name = 'script_zh.txt'")"
    check "$l: UTF-16 file converted, offsets in the converted text" "UTF-16LE||" \
"$(q "SELECT json_extract(details,'\$.text_encoding'), offset, length FROM findings fi JOIN files f ON f.id = fi.file_id
      WHERE fi.kind = 'script.scam' AND f.name = 'script_u16.md'")"
    check "$l: tip.indicator cues (family, cue, lang, personal, confidence)" \
"documents_withheld|护照由公司保管|zh-Hans|value|0.5
confinement|不能出园区|zh-Hans|value|0.5
debt_bondage|欠款|zh|value|0.4
debt_bondage|挂账|zh-Hans|value|0.5
quota_punishment|业绩不达标|zh-Hans|value|0.5
confinement|小黑屋|zh|value|0.5
violence|电击|zh-Hans|value|0.5
sale_resale|was sold to|en|value|0.5
documents_withheld|took our passports|en|value|0.5
excessive_hours|16 hours a day|en|value|0.5
excessive_hours|no day off|en|value|0.5
fines_withheld_wages|fined|en|value|0.4
documents_withheld|พาสปอร์ตถูกยึด|th|value|0.5
confinement|ห้ามออกจาก|th|value|0.5
confinement|bị nhốt|vi|value|0.5
documents_withheld|hộ chiếu bị giữ|vi|value|0.5
documents_withheld|paspor ditahan|id|value|0.5
deceptive_recruitment|gaji tinggi|id|value|0.5" \
"$(q "SELECT fi.subkind, json_extract(fi.details,'\$.cue'), json_extract(fi.details,'\$.lang'), fi.personal, fi.confidence
      FROM findings fi JOIN files f ON f.id = fi.file_id WHERE fi.kind = 'tip.indicator' AND f.name = 'cues.txt'
      ORDER BY json_extract(fi.details,'\$.cue_offset')")"
    check "$l: no tip.indicator outside cues.txt" "0" \
"$(q "SELECT count(*) FROM findings fi JOIN files f ON f.id = fi.file_id WHERE fi.kind = 'tip.indicator' AND f.name NOT IN ('cues.txt', 'talk.chat', 'many_cues.md', 'garbage.txt', 'ngo_leaflet.txt')")"
    check "$l: NGO leaflet cues kept for review, marked advisory, low confidence" \
"fines_withheld_wages|fined|0.2|[\"hotline\",\"never send money\"]
violence|beaten|0.2|[\"hotline\",\"never send money\"]" \
"$(q "SELECT fi.subkind, json_extract(fi.details,'\$.cue'), fi.confidence, json_extract(fi.details,'\$.advisory_context')
      FROM findings fi JOIN files f ON f.id = fi.file_id WHERE fi.kind = 'tip.indicator' AND f.name = 'ngo_leaflet.txt'
      ORDER BY json_extract(fi.details,'\$.cue_offset')")"
    check "$l: a novel is no script, a Vietnamese script without diacritics is" "script_vi_plain.txt|romance_investment" \
"$(q "SELECT f.name, fi.subkind FROM findings fi JOIN files f ON f.id = fi.file_id WHERE fi.kind = 'script.scam'
      AND f.name IN ('novel.txt', 'script_vi_plain.txt')")"
    check "$l: id.passport valid and unvalidated" \
"UTO|L898902C3|0|89|0.95|1|1|1|value,details
UTO|L898902C3|90|89|0.3|0|0|0|value,details" \
"$(q "SELECT subkind, value, offset, length, confidence, json_extract(details,'\$.valid'), json_extract(details,'\$.checks.number'),
             json_extract(details,'\$.checks.composite'), personal FROM findings WHERE kind = 'id.passport' ORDER BY offset")"
    check "$l: one persons row for the valid MRZ, linked as document" \
"unknown|ERIKSSON, ANNA MARIA|UTO|L898902C3|1974-08-12|name,nationality,passport,details|document|0.95" \
"$(q "SELECT p.role, p.name, p.nationality, p.passport, json_extract(p.details,'\$.birth'), p.personal, l.relation, fi.confidence
      FROM persons p JOIN links l ON l.from_table = 'persons' AND l.from_id = p.id
      JOIN findings fi ON l.to_table = 'findings' AND fi.id = l.to_id")"
    check "$l: lexicon versions in runs.plugins" "scam|1.0.2|1
tip|1.0.2|1" \
"$(q "SELECT json_extract(d.value,'\$.name'), json_extract(d.value,'\$.version'), length(json_extract(d.value,'\$.sha256')) = 64
      FROM runs, json_each(runs.plugins) p, json_each(json_extract(p.value,'\$.data')) d
      WHERE json_extract(p.value,'\$.name') = 'scam_text'")"
    check "$l: one warning, for the capped file" "many_cues.md|scam_text: more than 500 trafficking cues in a window or 5000 in the text; the rest not reported" \
"$(q "SELECT f.name, fi.value FROM findings fi JOIN files f ON f.id = fi.file_id WHERE fi.kind = 'evidence.warning' AND fi.plugin = 'scam_text'")"
    check "$l: 5000 cues from the capped file" "5000|confinement" \
"$(q "SELECT count(*), group_concat(DISTINCT fi.subkind) FROM findings fi JOIN files f ON f.id = fi.file_id
      WHERE fi.kind = 'tip.indicator' AND f.name = 'many_cues.md'")"
    if [ ${#EXTRA[@]} -gt 0 ]; then
        check "$l: cues in a message body, linked to the message" \
"documents_withheld|took my passport|they took my passport and we are locked in the building|found_in|they took my passport and we are locked in the building
confinement|locked in|they took my passport and we are locked in the building|found_in|they took my passport and we are locked in the building" \
"$(q "SELECT fi.subkind, json_extract(fi.details,'\$.cue'), fi.value, l.relation, m.body FROM findings fi
      JOIN files f ON f.id = fi.file_id JOIN links l ON l.from_table = 'findings' AND l.from_id = fi.id
      JOIN messages m ON l.to_table = 'messages' AND m.id = l.to_id
      WHERE fi.kind = 'tip.indicator' AND f.name = 'talk.chat' ORDER BY json_extract(fi.details,'\$.cue_offset')")"
    fi
}

"$BIN" ingest "$WORK/dir.db" "$WORK/ev" ${EXTRA[@]+"${EXTRA[@]}"} >"$WORK/dir.out" 2>&1 || { cat "$WORK/dir.out"; echo "FAIL: ingest dir"; exit 1; }
assert_case "$WORK/dir.db" dir
"$BIN" ingest "$WORK/tar.db" "$WORK/ev.tar" ${EXTRA[@]+"${EXTRA[@]}"} >"$WORK/tar.out" 2>&1 || { cat "$WORK/tar.out"; echo "FAIL: ingest tar"; exit 1; }
assert_case "$WORK/tar.db" tar
# determinism: the same rows from the directory and from the tar
rows() { sqlite3 -batch -noheader "$1" "SELECT f.name, fi.kind, fi.subkind, fi.value, fi.offset, fi.details FROM findings fi
        JOIN files f ON f.id = fi.file_id WHERE fi.plugin = 'scam_text' ORDER BY f.name, fi.kind, fi.offset, fi.value, fi.subkind"; }
check "dir and tar give the same scam_text rows" "$(rows "$WORK/dir.db" | md5sum)" "$(rows "$WORK/tar.db" | md5sum)"

if [ "$FAILS" -ne 0 ]; then echo "$FAILS check(s) failed"; exit 1; fi
echo PASS
