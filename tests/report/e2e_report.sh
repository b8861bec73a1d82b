#!/usr/bin/env bash
# e2e_report - `dftriage report` end to end (docs/report.md):
#  1. a case from testimages' GPT disk plus chat/crypto/people rows (mkcase.sh) -> --html, --csv and
#     --case-uco at once: files, counts, provenance, hostile strings escaped, CSV RFC 4180 + manifest,
#     addresses.csv for analytics tools; the case file is not changed (same sha256, no audit row);
#  2. determinism: a second run differs only in the generation-time line;
#  3. --redact: no real name, phone or passport in any output; one token per person across outputs;
#  4. a tampered case (audit row edited, or a sealed row edited) is refused with exit 6 and one line;
#     --force writes the report and says so on its first page;
#  5. a schema-1 case (tests/store/fixtures/case_v1.sql) is reported from a migrated copy and stays v1.
# usage: e2e_report.sh DFT_BIN TESTIMAGES WORKDIR RESEAL_BIN
source "$(dirname "$0")/../e2e/lib.sh"
source "$(dirname "$0")/mkcase.sh"
RESEAL=$1
HERE=$(cd "$(dirname "$0")" && pwd)
cd "$WORK"

CASE=$WORK/case.db
mkcase "$CASE" "$RESEAL"
"$BIN" verify "$CASE" > verify.out 2>&1 || { cat verify.out >&2; fail "the test case does not pass verify"; }
sum_before=$(sha256sum "$CASE" | cut -d' ' -f1)
audit_before=$(q "$CASE" "SELECT count(*) FROM audit_log")

# ---- 1. all three outputs at once ----
"$BIN" report "$CASE" --html html --csv csv --case-uco case.jsonld > rep.out 2> rep.err ||
    { cat rep.err >&2; fail "report exited $?"; }
ok "report written: $(tr '\n' ' ' < rep.out)"
[ "$(sha256sum "$CASE" | cut -d' ' -f1)" = "$sum_before" ] || softfail "report changed the case file"
[ "$(q "$CASE" "SELECT count(*) FROM audit_log")" = "$audit_before" ] || softfail "report wrote an audit row"

H=html/index.html
[ -f "$H" ] || fail "no index.html"
for f in data/prov.js data/messages-0.js data/threads-0.js data/files-0.js data/persons-0.js data/scripts-0.js; do
    [ -f "html/$f" ] || softfail "missing html/$f"
done
# counts shown in the navigation, rendered by C (present without JavaScript)
count_of() { grep -o "<span class=\"count\" data-section=\"$1\">[0-9]*</span>" "$H" | grep -o '>[0-9]*<' | tr -d '<>'; }
nchats=$(q "$CASE" "SELECT count(*) FROM findings WHERE kind IN ('chat.database', 'chat.export')")
for pair in messages:5 threads:3 calls:2 contacts:2 wallets:1 persons:3 addresses:2 secrets:3 scripts:1 \
            trafficking:3 chats:$nchats walletfindings:2; do
    s=${pair%%:*} want=${pair#*:}
    got=$(count_of "$s")
    [ "$got" = "$want" ] || softfail "section $s count '$got', want $want"
done
nfiles=$(q "$CASE" "SELECT count(*) FROM files")
[ "$(count_of files)" = "$nfiles" ] || softfail "files count $(count_of files), want $nfiles"
grep -q "data-count=\"messages\">5<" "$H" || softfail "summary count of messages"
# integrity first: chain head as verify prints it, seal digest, sealed rows OK
head_line=$(q "$CASE" "SELECT seq || ':' || hash FROM audit_log ORDER BY seq DESC LIMIT 1")
grep -q "id=\"chain-head\">$head_line<" "$H" || softfail "chain head $head_line not on the first page"
grep -q 'evidence 1 sealed rows OK' "$H" || softfail "seal state of evidence 1 missing"
digest=$(q "$CASE" "SELECT json_extract(detail, '\$.digest') FROM audit_log WHERE action='evidence.seal' ORDER BY seq DESC LIMIT 1")
grep -q "$digest" "$H" || softfail "seal digest $digest not shown"
grep -q 'id="integrity-failed"' "$H" && softfail "an intact case is shown as failed"
# hashes of the evidence item
ev_sha=$(q "$CASE" "SELECT sha256 FROM evidence WHERE id=1")
grep -q "$ev_sha" "$H" || softfail "evidence sha256 missing"
grep -q 'Asia/Bangkok' "$H" || softfail "case time zone missing"
# escaping: the examiner "<b>" and the case number "<1>" are text; no hostile string anywhere raw
grep -q 'Ex &lt;b&gt;Aminer&lt;/b&gt;' "$H" || softfail "examiner not escaped as text"
grep -q '<b>Aminer' "$H" && softfail "examiner markup reached the page"
if grep -rq '<script>alert\|<img src=x' html; then softfail "hostile message body written raw into the HTML folder"; fi
grep -q '\\u003cscript\\u003ealert' html/data/messages-0.js || softfail "hostile body not kept (escaped) in the data"
# data files are JavaScript calls of the viewer, one per chunk
head -c 30 html/data/messages-0.js | grep -q '^DFT.chunk("messages",0,\[' || softfail "messages chunk format"
grep -q '"sha256"' html/data/files-0.js && softfail "column names repeated in the data rows"
# the threaded view: messages ordered by app, account, thread, time
first_thread=$(sed -n 2p html/data/threads-0.js)
case "$first_thread" in
    '["telegram","tg:1001","chat:77","Team",1,'*',0]'*) ok "threads start at their first message" ;;
    *) softfail "first thread row: $first_thread" ;;
esac

# ---- CSV ----
[ -f csv/MANIFEST.sha256 ] || fail "no MANIFEST.sha256"
(cd csv && sha256sum -c --quiet MANIFEST.sha256) || softfail "MANIFEST.sha256 does not check"
[ "$(wc -l < csv/MANIFEST.sha256)" = "$(ls csv/*.csv | wc -l)" ] || softfail "manifest does not list every CSV"
head -1 csv/addresses.csv | grep -q $'^chain,address,first_seen,last_seen,count,source\r$' || softfail "addresses.csv header"
row=$(grep "^btc,$BTC," csv/addresses.csv | tr -d '\r')
# seen: in message 2 (link found_in, 2024-03-01T10:05:00Z) and in a file with no message (its mtime)
m2=$(q "$CASE" "SELECT f.mtime FROM findings d JOIN files f ON f.id = d.file_id WHERE d.value = '$BTC' ORDER BY d.id LIMIT 1 OFFSET 1")
first=$(printf '%s\n%s\n' "$m2" 2024-03-01T10:05:00Z | sort | head -1)
last=$(printf '%s\n%s\n' "$m2" 2024-03-01T10:05:00Z | sort | tail -1)
case "$row" in
    "btc,$BTC,$first,$last,2,dftriage: /"*" (+1 more files) in evidence sha256 $ev_sha") ok "addresses.csv row" ;;
    *) softfail "addresses.csv btc row: $row" ;;
esac
[ "$(grep -c . csv/addresses.csv)" = 3 ] || softfail "addresses.csv rows: $(grep -c . csv/addresses.csv)"
# RFC 4180: CRLF records; a body with quotes is quoted with doubled quotes
[ "$(grep -c $'\r$' csv/messages.csv)" = 6 ] || softfail "messages.csv: not 6 CRLF records"
grep -q '"<script>alert(""x"")</script>' csv/messages.csv || softfail "CSV quoting of a body with quotes"
for k in crypto.address crypto.seed script.scam id.passport; do
    [ -f "csv/findings-$k.csv" ] || softfail "no per-kind findings-$k.csv"
done
[ "$(grep -c . csv/findings-crypto.address.csv)" = 4 ] || softfail "findings-crypto.address.csv rows"
[ "$(head -c 3 csv/files.csv | od -An -tx1 | tr -d ' ')" != efbbbf ] || softfail "BOM without --bom"
"$BIN" report "$CASE" --csv csv_bom --bom > /dev/null 2>&1 || softfail "--bom run failed"
[ "$(head -c 3 csv_bom/files.csv | od -An -tx1 | tr -d ' ')" = efbbbf ] || softfail "no BOM with --bom"

# ---- CASE/UCO (its SHACL validation is test report_shacl) ----
python3 - case.jsonld <<'PY' || softfail "CASE export content"
import json, sys
g = json.load(open(sys.argv[1]))['@graph']
types = {}
for n in g:
    types.setdefault(n['@type'], []).append(n)
need = {'uco-observable:Message': 5, 'uco-observable:Call': 2, 'uco-identity:Person': 4,
        'case-investigation:InvestigativeAction': 1, 'uco-observable:DigitalAddress': 3}
bad = [f"{t}: {len(types.get(t, []))} != {n}" for t, n in need.items() if len(types.get(t, [])) != n]
rels = [n for n in types.get('uco-observable:ObservableRelationship', []) if n['uco-core:kindOfRelationship'] == 'Contained_Within']
if not any(r['uco-core:source']['@id'].startswith('kb:file-') and r['uco-core:target']['@id'].startswith('kb:filesystem-') for r in rels):
    bad.append('no file -> file system relationship')
if not any(r['uco-core:source']['@id'].startswith('kb:filesystem-') and r['uco-core:target']['@id'].startswith('kb:partition-') for r in rels):
    bad.append('no file system -> partition relationship')
if not any(r['uco-core:source']['@id'].startswith('kb:partition-') and r['uco-core:target']['@id'].startswith('kb:evidence-') for r in rels):
    bad.append('no partition -> evidence relationship')
ev = [n for n in g if n['@id'] == 'kb:evidence-1'][0]
hashes = ev['uco-core:hasFacet'][0]['uco-observable:hash']
if sorted(h['uco-types:hashMethod'] for h in hashes) != ['MD5', 'SHA1', 'SHA256']:
    bad.append('evidence hashes')
print('\n'.join(bad))
sys.exit(1 if bad else 0)
PY

# ---- 2. determinism ----
"$BIN" report "$CASE" --html html2 --csv csv2 --case-uco case2.jsonld > /dev/null 2>&1 || fail "second report failed"
diff -r csv csv2 > /dev/null || softfail "CSV output differs between runs"
cmp -s case.jsonld case2.jsonld || softfail "CASE output differs between runs"
diff -r html/data html2/data > /dev/null || softfail "HTML data differs between runs"
nd=$(diff html/index.html html2/index.html | grep -c '^[<>]' || true)
if [ "$nd" -gt 2 ]; then softfail "index.html differs in more than the generation line ($nd lines)"; fi
diff <(grep -v 'class="generated"' html/index.html) <(grep -v 'class="generated"' html2/index.html) > /dev/null ||
    softfail "index.html differs outside the generation line"
SOURCE_DATE_EPOCH=1700000000 "$BIN" report "$CASE" --html html3 > /dev/null 2>&1 || fail "report with SOURCE_DATE_EPOCH"
grep -q 'Generated 2023-11-14T22:13:20Z' html3/index.html || softfail "SOURCE_DATE_EPOCH not used"
# an earlier report folder is overwritten; someone else's non-empty folder is refused
"$BIN" report "$CASE" --html html > /dev/null 2>&1 || softfail "rewriting an earlier report folder failed"
mkdir -p notours && touch notours/precious.txt
rc=0; "$BIN" report "$CASE" --html notours > /dev/null 2> notours.err || rc=$?
[ $rc = 1 ] && one_line_error notours.err || softfail "a foreign non-empty folder was not refused (rc $rc)"
[ -f notours/precious.txt ] || softfail "a foreign folder was touched"

# ---- 3. redaction ----
"$BIN" report "$CASE" --redact --html rhtml --csv rcsv --case-uco rcase.jsonld > /dev/null 2> red.err ||
    { cat red.err >&2; fail "redacted report failed"; }
for secret in "$VICTIM_PHONE" 66812345678 "$VICTIM_NAME" Somchai "$PASSPORT" "$WORKER_NAME" 84911111111 JAIDEE; do
    if grep -rqi -- "$secret" rhtml rcsv rcase.jsonld; then
        softfail "redacted outputs still hold '$secret': $(grep -rli -- "$secret" rhtml rcsv rcase.jsonld | head -3 | tr '\n' ' ')"
    fi
done
# secrets (a seed phrase: details.sensitive names value and canonical) are withheld from redacted outputs
# and kept in the court report
if grep -rq -- "abandon abandon abandon abandon" rhtml rcsv rcase.jsonld; then
    softfail "redacted outputs still hold the seed phrase: $(grep -rl -- "abandon abandon abandon abandon" rhtml rcsv rcase.jsonld | head -3 | tr '\n' ' ')"
fi
grep -q "secret withheld" rcsv/findings.csv || softfail "redacted findings.csv does not say a secret was withheld"
grep -rq -- "abandon abandon abandon abandon" csv || softfail "the court CSV lost the seed phrase"
grep -q 'id="redaction-note"' rhtml/index.html || softfail "redacted report does not say so"
# the same person gets the same token: persons.phone, contacts.phone and the WhatsApp JID in messages
tok=$(python3 -c "
import csv, sys
r = list(csv.DictReader(open('rcsv/persons.csv', newline='', encoding='utf-8')))
print(r[0]['phone'])")
case "$tok" in PHONE-??????????) ok "victim phone token $tok" ;; *) softfail "persons phone token '$tok'" ;; esac
grep -q "$tok" rcsv/contacts.csv || softfail "contact phone has another token"
[ "$(grep -c "$tok" rcsv/messages.csv)" -ge 3 ] || softfail "JID in messages has another token"
grep -q "$tok" rhtml/data/messages-0.js || softfail "token not in the HTML messages"
grep -q "$tok" rcase.jsonld || softfail "token not in the CASE export"
name_tok=$(python3 -c "
import csv
print(list(csv.DictReader(open('rcsv/persons.csv', newline='', encoding='utf-8')))[0]['name'])")
grep -q "$name_tok" rcsv/contacts.csv || softfail "name token differs between persons and contacts"
# the passport finding (value marked personal) and the person's passport: one ID token
pp_tok=$(python3 -c "
import csv
print(list(csv.DictReader(open('rcsv/persons.csv', newline='', encoding='utf-8')))[0]['passport'])")
case "$pp_tok" in ID-??????????) ;; *) softfail "passport token '$pp_tok'" ;; esac
grep -q ",id.passport,THA,$pp_tok," rcsv/findings.csv || softfail "passport finding has another token than the person"
# flags and non-personal values stay
grep -q 'possible_trafficking_victim\\\?":true' rcsv/persons.csv rhtml/data/persons-0.js || softfail "victim flag lost by redaction"
grep -q "$BTC" rcsv/addresses.csv || softfail "crypto address redacted (it is not personal)"
# a worker row marks only name,phone personal: nationality stays
grep -q ',worker,NAME-[0-9a-f]*,PHONE-[0-9a-f]*,VN,' rcsv/persons.csv || softfail "worker row: $(grep worker rcsv/persons.csv)"
# stable across runs (key from the case, not random)
"$BIN" report "$CASE" --redact --csv rcsv2 > /dev/null 2>&1 || fail "second redacted report"
diff -r rcsv rcsv2 > /dev/null || softfail "redacted CSV differs between runs (tokens not stable)"

# ---- 4. tampering ----
cp "$CASE" t1.db
sqlite3 t1.db "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = 'edited' WHERE seq = 2;"
rc=0; "$BIN" report t1.db --html t1html > t1.out 2> t1.err || rc=$?
[ $rc = 6 ] || softfail "tampered audit log: exit $rc, want 6"
one_line_error t1.err || softfail "refusal is not one line"
grep -q 'refused' t1.err || softfail "refusal message: $(cat t1.err)"
[ ! -e t1html/index.html ] || softfail "a report was written for a refused case"
rc=0; "$BIN" report t1.db --force --html t1html > /dev/null 2> t1f.err || rc=$?
[ $rc = 0 ] || softfail "--force on a tampered case: exit $rc"
grep -q 'id="integrity-failed"' t1html/index.html || softfail "--force report does not say the case failed"
grep -q 'BROKEN' t1html/index.html || softfail "--force report does not name the broken chain"
cp "$CASE" t2.db
sqlite3 t2.db "UPDATE messages SET body = 'edited' WHERE id = (SELECT min(id) FROM messages)"
rc=0; "$BIN" report t2.db --csv t2csv > /dev/null 2> t2.err || rc=$?
[ $rc = 6 ] || softfail "edited sealed row: exit $rc, want 6"
"$BIN" report t2.db --force --html t2html > /dev/null 2>&1 || softfail "--force on an edited row"
grep -q 'table messages row [0-9]* changed' t2html/index.html || softfail "changed row not named on the first page"

# ---- 5. a schema-1 case ----
sqlite3 v1.db < "$HERE/../store/fixtures/case_v1.sql"
chmod 600 v1.db
v1sum=$(sha256sum v1.db | cut -d' ' -f1)
"$BIN" report v1.db --html v1html --csv v1csv --case-uco v1.jsonld > v1.out 2> v1.err || { cat v1.err >&2; softfail "report of a v1 case failed"; }
[ "$(q v1.db 'PRAGMA user_version')" = 1 ] || softfail "the v1 case was migrated in place"
[ "$(sha256sum v1.db | cut -d' ' -f1)" = "$v1sum" ] || softfail "the v1 case file changed"
grep -q 'migrated temporary copy' v1.err || softfail "no note about the migrated copy"
grep -q 'schema version 1' v1html/index.html || softfail "v1 not stated in the report"
grep -q ',hello,' v1csv/messages.csv || softfail "v1 message missing from messages.csv"
ls "${TMPDIR:-/tmp}"/dftriage-$$-* > /dev/null 2>&1 && softfail "temporary copy left behind"

# ---- usage ----
rc=0; "$BIN" report "$CASE" > /dev/null 2>&1 || rc=$?
[ $rc = 2 ] || softfail "report without an output: exit $rc, want 2"
rc=0; "$BIN" report missing.db --csv x > /dev/null 2> miss.err || rc=$?
[ $rc = 1 ] && one_line_error miss.err || softfail "missing case: exit $rc"
finish
