#!/bin/bash
# e2e_merge.sh DFT_BIN TESTIMAGES WORKDIR - shards and their verified merge (docs/merge.md):
#  1. two phone dumps (make_dumps.py: SMS with a shared phone number, files with a shared TRON address)
#     ingested as two shards, merged: rows per evidence item equal a single-process ingest of both (ids
#     aside, case_content.py), the merged case passes verify, v_shared_identifiers lists exactly the
#     shared phone number and address with evidence_items = 2;
#  2. the merge does not depend on the order of the shards (same rows, same ids);
#  3. refused with the case unchanged (full dump before/after): a tampered shard, a shard of another case
#     number, a shard with an unknown table, an incomplete shard; the same shard twice is skipped (exit 0);
#  4. nothing is created when every shard is refused; the shards are not modified.
. "$(dirname "$0")/../e2e/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
cd "$WORK"
python3 "$HERE/make_dumps.py" "$WORK" || fail "make_dumps.py"
cp -a phoneA phoneC && echo "third device" > phoneC/sdcard/other.txt
O=(--case-number C1 --examiner "E. Xaminer" --no-progress)
must_ingest a.db phoneA "${O[@]}"
must_ingest b.db phoneB "${O[@]}"
must_ingest ab.db phoneA phoneB "${O[@]}"
must_ingest c.db phoneC "${O[@]}"
must_ingest other.db phoneC --case-number C2 --examiner X --no-progress
sha_before=$(cat a.db b.db | sha256sum)

merge() { local rc=0; "$BIN" merge "$@" >"$WORK/m.out" 2>"$WORK/m.err" || rc=$?; return $rc; }
dump() { sqlite3 "$1" .dump | sha256sum; }

# 1. merge two shards into a new case
merge m.db a.db b.db || { cat m.out m.err >&2; fail "merge exited non-zero"; }
grep -q "shard a.db: merged (1 evidence item(s)" m.out || softfail "no merged line for a.db: $(cat m.out)"
[ "$(q m.db "SELECT value FROM case_info WHERE key='case_number'")" = C1 ] || softfail "case number not taken from the shard"
[ "$(q m.db "SELECT value FROM case_info WHERE key='examiner'")" = "E. Xaminer" ] || softfail "examiner not taken"
"$BIN" verify m.db > verify.out 2>&1 || { cat verify.out >&2; softfail "merged case fails verify"; }
grep -q "^verify OK" verify.out && ok "merged case passes verify"
# runs, merged_shards and identifier_occurrences are sealed in the case scope (selector "all", store_seal.c):
# an edited run row, an edited or deleted occurrence, an added merged_shards row fail verify, naming the row
[ "$(q m.db "SELECT group_concat(tbl || ':' || rows, ' ') FROM (SELECT tbl, rows FROM seal_tables WHERE evidence_id IS NULL
             AND selector = 'all' ORDER BY tbl)")" = "identifier_occurrences:$(q m.db "SELECT count(*) FROM identifier_occurrences") merged_shards:2 runs:$(q m.db "SELECT count(*) FROM runs")" ] \
    && ok "case seal covers runs, merged_shards, identifier_occurrences" || softfail "case seal tables: $(q m.db "SELECT tbl, selector, rows FROM seal_tables WHERE evidence_id IS NULL")"
for edit in "UPDATE runs SET status = 'complete', summary = 'x' WHERE id = (SELECT max(id) FROM runs)|table runs row [0-9]* changed" \
            "UPDATE identifier_occurrences SET value = '+66800000000' WHERE rowid = 1|table identifier_occurrences row 1 changed" \
            "DELETE FROM identifier_occurrences WHERE rowid = 2|table identifier_occurrences row 2 missing" \
            "INSERT INTO merged_shards(shard_uuid, path) VALUES ('x', 'forged.db')|table merged_shards row 3 not sealed"; do
    cp m.db sealed.db
    sqlite3 sealed.db "${edit%%|*}"
    rc=0; "$BIN" verify sealed.db > sv.out 2>&1 || rc=$?
    [ $rc = 1 ] && grep -q "^case: ${edit#*|}" sv.out && ok "verify: ${edit#*|}" || softfail "verify after '${edit%%|*}': exit $rc $(grep -i 'case' sv.out | head -3)"
done
python3 "$HERE/case_content.py" m.db > m.content
python3 "$HERE/case_content.py" ab.db > ab.content
[ "$(wc -l < ab.content)" -gt 20 ] || softfail "content dump too small: $(wc -l < ab.content)"
if diff ab.content m.content > content.diff; then ok "rows per evidence item equal the single-process ingest ($(wc -l < m.content) rows)"
else head -20 content.diff >&2; softfail "merged rows differ from the single-process ingest"; fi
shared=$(q m.db "SELECT kind || '|' || value || '|' || evidence_items || '|' || occurrences FROM v_shared_identifiers ORDER BY kind, value")
want=$'crypto.address|TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t|2|4\nphone|+66812345678|2|2'
[ "$shared" = "$want" ] && ok "v_shared_identifiers: shared phone and TRON address in 2 items" || softfail "v_shared_identifiers: [$shared]"
[ "$(q m.db "SELECT count(*) FROM v_shared_occurrences WHERE value = '+66812345678' AND source_table = 'messages'")" = 2 ] \
    || softfail "shared phone occurrences not linked to their messages"
[ "$(q m.db "SELECT count(*) FROM identifier_occurrences WHERE value = '+84901111111' AND evidence_item = (SELECT id FROM evidence WHERE path = 'phoneA')")" = 1 ] \
    || softfail "phone only on A not indexed under A's evidence id"
[ "$(q m.db "SELECT count(*) FROM merged_shards")" = 2 ] || softfail "merged_shards rows"
ha=$(q a.db "SELECT seq || ':' || hash FROM audit_log ORDER BY seq DESC LIMIT 1")
[ "$(q m.db "SELECT count(*) FROM audit_log WHERE action = 'merge.shard' AND json_extract(detail, '$.chain_head') = '$ha'")" = 1 ] \
    || softfail "a.db's chain head not in the case's audit chain"
[ "$(q m.db "SELECT count(*) FROM audit_log WHERE action = 'evidence.seal'")" = 2 ] || softfail "merged items not sealed"
# the crypto rollups' row ids (details.evidence_ids / file_ids) point at the merged rows of their own shard
# the case passes run again over the merged case (docs/merge.md): one rollup per address for the case, equal
# to the single-process ingest's (evidence and files named by path, ids aside), not one per shard
rollups() { q "$1" "SELECT r.subkind, r.value, json_extract(r.details, '$.count'),
    (SELECT group_concat(p, ' ') FROM (SELECT e.path p FROM json_each(r.details, '$.evidence_ids') j JOIN evidence e ON e.id = j.value ORDER BY 1)),
    (SELECT group_concat(p, ' ') FROM (SELECT e.path || ':' || f.path p FROM json_each(r.details, '$.file_ids') j JOIN files f ON f.id = j.value
                                       JOIN evidence e ON e.id = f.evidence_id ORDER BY 1))
    FROM findings r WHERE r.kind = 'crypto.rollup' ORDER BY r.subkind, r.value"; }
[ "$(rollups m.db)" = "$(rollups ab.db)" ] && [ "$(rollups m.db | grep -c .)" = 2 ] \
    && ok "case passes re-run over the merged case: rollups equal the single-process ingest's" \
    || softfail "rollups: merged [$(rollups m.db)] single [$(rollups ab.db)]"
[ "$(q m.db "SELECT count(*) FROM audit_log WHERE action = 'case.passes' AND json_array_length(detail, '$.evidence_ids') = 2")" = 1 ] \
    || softfail "no case.passes record of the merged case's passes"
bad=$(q m.db "SELECT count(*) FROM findings r, json_each(r.details, '$.file_ids') j LEFT JOIN files f ON f.id = j.value
              WHERE r.kind = 'crypto.rollup' AND (f.id IS NULL OR f.evidence_id NOT IN (SELECT value FROM json_each(r.details, '$.evidence_ids')))")
[ "$bad" = 0 ] && ok "rollup ids remapped" || softfail "$bad rollup file ids do not point at their item's files"
[ "$(q m.db "SELECT group_concat(e.path) FROM findings r, json_each(r.details, '$.evidence_ids') j JOIN evidence e ON e.id = j.value
            WHERE r.kind = 'crypto.rollup' AND r.subkind = 'btc'")" = phoneA ] || softfail "btc rollup not mapped to phoneA"
"$BIN" info m.db > info.out 2>&1 || softfail "info failed"
grep -q "+66812345678" info.out && ok "info prints the shared phone" || softfail "info: $(cat info.out)"

# 1b. the identifier normalisers, on rows written straight into a copy of the merged case (correlation
#     reads rows, not seals): a JID and a +number, mixed-case e-mail, IMEI with separators (Luhn-valid) and
#     one Luhn-invalid, passport with a space, a seed phrase with other spacing/case, a national number
#     without --region (not counted), one with --region TH.
cp m.db corr.db
EA=$(q corr.db "SELECT id FROM evidence WHERE path = 'phoneA'"); EB=$(q corr.db "SELECT id FROM evidence WHERE path = 'phoneB'")
SEED="abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"
sqlite3 corr.db "
INSERT INTO contacts(evidence_id, app, name, phone, handle) VALUES
  ($EA, 'whatsapp', 'boss', NULL, '66899999999@s.whatsapp.net'), ($EB, 'contacts', 'boss', '+66 89 999 9999', NULL),
  ($EA, 'contacts', 'mail', NULL, 'Boss@Example.COM'), ($EB, 'contacts', 'mail', NULL, 'boss@example.com'),
  ($EA, 'telegram', 'tg', NULL, '@scamboss'), ($EB, 'telegram', 'tg', NULL, '@scamboss'),
  ($EA, 'contacts', 'national', '089 888 8888', NULL), ($EB, 'contacts', 'national', '+66898888888', NULL);
INSERT INTO evidence_meta(evidence_id, key, value) VALUES ($EA, 'device.imei', '49-015420-323751-8'),
  ($EB, 'device.imei', '490154203237518'), ($EA, 'device.imei2', '490154203237519'), ($EB, 'device.imei2', '490154203237519');
INSERT INTO persons(evidence_id, role, name, passport) VALUES ($EA, 'worker', 'x', 'aa 1234567'), ($EB, 'worker', 'y', 'AA1234567');
INSERT INTO findings(evidence_id, plugin, kind, value) VALUES ($EA, 't', 'crypto.seed', '$SEED'),
  ($EB, 't', 'crypto.seed', '  ABANDON abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon   about ');"
"$BIN" merge corr.db > corr.out 2>&1 || { cat corr.out >&2; softfail "merge CASE alone (correlation) failed"; }
seedfp=sha256:$(printf '%s' "$SEED" | sha256sum | cut -c1-64)
got=$(q corr.db "SELECT kind || '|' || value || '|' || evidence_items FROM v_shared_identifiers ORDER BY kind, value")
want="crypto.address|TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t|2
crypto.seed|$seedfp|2
email|boss@example.com|2
handle|telegram:@scamboss|2
imei|490154203237518|2
passport|AA1234567|2
phone|+66812345678|2
phone|+66899999999|2"
[ "$got" = "$want" ] && ok "identifier normalisers (JID, e-mail case, IMEI Luhn, passport, seed fingerprint, no region)" \
    || softfail "normalised shared identifiers: got [$got]"
q corr.db "SELECT count(*) FROM identifier_occurrences WHERE value LIKE '%abandon%'" | grep -qx 0 || softfail "seed phrase in clear in the index"
"$BIN" merge corr.db --region TH > corr.out 2>&1 || softfail "merge --region TH failed"
[ "$(q corr.db "SELECT evidence_items FROM v_shared_identifiers WHERE value = '+66898888888'")" = 2 ] \
    && ok "--region TH resolves a national number" || softfail "--region TH: national number not shared"
# the region is stored with the correlation: a later rebuild without --region keeps it, --region none drops it
"$BIN" merge corr.db > corr.out 2>&1 || softfail "merge (rebuild) failed"
[ "$(q corr.db "SELECT json_extract(detail, '$.region') FROM audit_log WHERE action = 'correlate' ORDER BY seq DESC LIMIT 1")" = TH ] \
    && [ "$(q corr.db "SELECT evidence_items FROM v_shared_identifiers WHERE value = '+66898888888'")" = 2 ] \
    && ok "stored region TH used by a rebuild without --region" || softfail "stored region not used"
"$BIN" info corr.db > info.out 2>&1
grep -q "correlation index: current (generation [0-9]*, region TH" info.out && ok "info: index current, region TH" \
    || softfail "info correlation line: $(grep -i correlation info.out)"
"$BIN" merge corr.db --region none > corr.out 2>&1 || softfail "merge --region none failed"
[ -z "$(q corr.db "SELECT evidence_items FROM v_shared_identifiers WHERE value = '+66898888888'")" ] \
    && ok "--region none: national numbers no longer resolved" || softfail "--region none kept the region"

# 2. argument order does not matter
merge m2.db b.db a.db || fail "merge b a exited non-zero"
for t in evidence files findings messages links identifier_occurrences; do
    [ "$(q m.db "SELECT * FROM $t ORDER BY rowid" | sha256sum)" = "$(q m2.db "SELECT * FROM $t ORDER BY rowid" | sha256sum)" ] \
        || softfail "table $t differs with the shards in the other order"
done

# 3. refusals leave the case unchanged
before=$(dump m.db)
merge m.db a.db; rc=$?
[ $rc = 0 ] && grep -q "already merged" m.out && ok "same shard again: skipped, exit 0" || softfail "re-merge: exit $rc $(cat m.out)"
[ "$(dump m.db)" = "$before" ] || softfail "skipped re-merge changed the case"

cp c.db t.db
sqlite3 t.db "UPDATE findings SET value = 'TXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX' WHERE kind = 'crypto.address' AND id = (SELECT min(id) FROM findings WHERE kind = 'crypto.address')"
rc=0; merge m.db t.db || rc=$?
[ $rc = 1 ] && grep -q "REFUSED\|sealed rows do not hold" m.out && ok "tampered shard refused" || softfail "tampered: exit $rc $(cat m.out)"
grep -q "sealed rows do not hold" m.out || softfail "tampered: reason not named: $(cat m.out)"
[ "$(dump m.db)" = "$before" ] || softfail "refused tampered shard changed the case"

rc=0; merge m.db other.db || rc=$?
[ $rc = 1 ] && grep -q "belongs to case 'C2', not 'C1'" m.out && ok "other case number refused" || softfail "other case: exit $rc $(cat m.out)"
[ "$(dump m.db)" = "$before" ] || softfail "refused other-case shard changed the case"

cp c.db u.db && sqlite3 u.db "CREATE TABLE examiner_notes(x)"
rc=0; merge m.db u.db || rc=$?
[ $rc = 1 ] && grep -q "table 'examiner_notes' is unknown to merge" m.out && ok "unknown table refused" || softfail "unknown table: exit $rc $(cat m.out)"
[ "$(dump m.db)" = "$before" ] || softfail "refused unknown-table shard changed the case"

cp c.db i.db && sqlite3 i.db "DROP TRIGGER IF EXISTS x; UPDATE evidence SET status = 'incomplete'"
rc=0; merge m.db i.db || rc=$?
[ $rc = 1 ] && ok "incomplete shard refused" || softfail "incomplete: exit $rc $(cat m.out)"
[ "$(dump m.db)" = "$before" ] || softfail "refused incomplete shard changed the case"

# a shard edited between its verification and its copy (merge_toctou: check, edit, copy) is refused and the
# case is unchanged: a changed sealed row (seal digest recomputed in the merge transaction), and a row added
# outside every sealed scope (copied rows != sealed rows); the unedited control merges
TOC=${1:-}
[ -x "$TOC" ] || fail "merge_toctou harness not given (4th argument)"
if true; then
    cp m.db x.db && cp c.db x_c.db
    [ "$("$TOC" x.db x_c.db "" 2>&1)" = merged ] && ok "toctou harness: an unedited shard merges" || softfail "toctou control did not merge"
    cp m.db y.db && cp c.db y_c.db && ybefore=$(dump y.db)
    out=$("$TOC" y.db y_c.db "UPDATE findings SET value = 'edited' WHERE id = (SELECT min(id) FROM findings WHERE evidence_id IS NOT NULL)" 2>&1)
    case "$out" in "refused: "*TAMPERED*"evidence 1"*) ok "shard edited after its check: refused (tampered)";; *) softfail "edited after check: [$out]";; esac
    [ "$(dump y.db)" = "$ybefore" ] || softfail "refused edited shard changed the case"
    cp c.db z_c.db
    out=$("$TOC" y.db z_c.db "INSERT INTO findings(evidence_id, plugin, kind, value) VALUES (999, 'x', 'x', 'orphan')" 2>&1)
    case "$out" in "refused: "*TAMPERED*"covered by its seals"*) ok "orphan row added after the check: refused";; *) softfail "orphan after check: [$out]";; esac
    [ "$(dump y.db)" = "$ybefore" ] || softfail "refused orphan shard changed the case"
fi

# a shard whose ingest was interrupted during its case passes (items complete, no "case.passes" record,
# chain intact) is refused with the case unchanged
cp c.db cp.db && python3 "$HERE/drop_case_passes.py" cp.db || fail "drop_case_passes.py"
rc=0; "$BIN" verify cp.db > cpv.out 2>&1 || rc=$?
grep -q "sealed rows .*FAIL\|audit chain BROKEN" cpv.out && softfail "drop_case_passes.py broke the shard's chain or seals"
[ $rc = 1 ] && grep -q "^evidence 1 case passes NOT COMPLETE" cpv.out && ok "verify fails the item whose case passes did not complete" \
    || softfail "verify of a pass-incomplete case: exit $rc $(cat cpv.out)"
rc=0; merge m.db cp.db || rc=$?
[ $rc = 1 ] && grep -q "case passes of its ingest did not complete" m.out && ok "shard without completed case passes refused" \
    || softfail "no case.passes: exit $rc $(cat m.out)"
[ "$(dump m.db)" = "$before" ] || softfail "refused pass-incomplete shard changed the case"
# the same shard resumed: re-ingesting its evidence skips the complete item (exit 3) but runs its case
# passes, records case.passes.resume + case.passes, and the shard then merges cleanly
rc=0; "$BIN" ingest cp.db phoneC "${O[@]}" > resume.out 2>&1 || rc=$?
[ $rc = 3 ] && grep -q "case passes of 1 item(s) completed earlier" resume.out \
    && [ "$(sqlite3 cp.db "SELECT count(*) FROM audit_log WHERE action IN ('case.passes', 'case.passes.resume')")" = 2 ] \
    && ok "resumed ingest runs the interrupted case passes" || softfail "resume of case passes: exit $rc $(cat resume.out)"
"$BIN" verify cp.db > cpv.out 2>&1 && grep -q "^case passes: no item with interrupted case passes" cpv.out \
    && ok "resumed shard verifies (case passes complete)" || softfail "resumed shard fails verify: $(cat cpv.out)"
cp m.db mr.db
rc=0; merge mr.db cp.db || rc=$?
[ $rc = 0 ] && grep -q "shard cp.db: merged" m.out && ok "resumed shard merges" || softfail "resumed shard: exit $rc $(cat m.out)"

# staleness (docs/merge.md "Generation"): a copy of the case gets a shard merged without the correlation that
# follows (merge_toctou merges one shard and stops there, as a merge killed before its correlation would)
cp m.db st.db && cp c.db st_c.db
"$BIN" info st.db > info.out 2>&1; grep -q "correlation index: current" info.out || softfail "index of m.db not current: $(grep -i correlation info.out)"
[ "$("$TOC" st.db st_c.db "" 2>&1)" = merged ] || softfail "toctou harness did not merge into st.db"
"$BIN" info st.db > info.out 2>&1
grep -q "correlation index: STALE: built at generation [0-9]*.*rows are at generation [0-9]*" info.out \
    && ok "info: index stale after rows were added without a rebuild" || softfail "info after the merge: $(grep -i correlation info.out)"
"$BIN" report st.db --html st_report > /dev/null 2>&1 && grep -rq "Cross-device correlation index.*STALE" st_report \
    && ok "report: index stale" || softfail "report does not show the stale index"
"$BIN" merge st.db > /dev/null 2>&1; "$BIN" info st.db > info.out 2>&1
grep -q "correlation index: current" info.out && ok "merge CASE.db rebuilds it: current" || softfail "rebuild: $(grep -i correlation info.out)"

rc=0; merge m.db a.db c.db || rc=$?
[ $rc = 0 ] && grep -q "shard c.db: merged" m.out && grep -q "shard a.db: already merged" m.out && ok "a new shard with an old one: merged + skipped" \
    || softfail "mixed: exit $rc $(cat m.out)"
"$BIN" verify m.db > verify2.out 2>&1 || softfail "case fails verify after a third shard"

# 4. nothing created when all refused; shards untouched
rc=0; merge none.db t.db || rc=$?
[ $rc = 1 ] && [ ! -e none.db ] && ok "all shards refused: no case file created" || softfail "none.db: exit $rc"
[ "$(cat a.db b.db | sha256sum)" = "$sha_before" ] || softfail "a shard was modified by the merge"
finish
