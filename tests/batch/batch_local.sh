#!/usr/bin/env bash
# batch_local.sh DFT_BIN TESTIMAGES WORKDIR - `dftriage batch --local 2` over six evidence items:
#  - the plan orders tasks largest first; every task writes its own shard;
#  - one task's first attempt is killed (DFT_BATCH_TEST_FAIL_ONCE) and is retried once;
#  - the merged case, and the shards taken together, hold the same rows per evidence item as a
#    single-process ingest of the six items (ids aside), and the merged case passes verify;
#  - --status names every task merged, the killed one with 2 attempts;
#  - a second batch on the same shard folder is refused;
#  - with --requeue 0 a killed task stays failed(1), the others are merged, the exit status is 1.
source "$(dirname "$0")/../e2e/lib.sh"
source "$(dirname "$0")/common.sh"

single_ingest "$WORK/single.db"
dump "$WORK/single.db" >"$WORK/single.txt"
[ "$(grep -c '^files|' "$WORK/single.txt")" -gt 50 ] || fail "reference ingest has too few file rows"
[ "$(grep -c '^messages|' "$WORK/single.txt")" -gt 0 ] || fail "reference ingest has no message rows"

rc=0
DFT_BATCH_TEST_FAIL_ONCE=2 "$BIN" batch "$WORK/case.db" "${EVIDENCE[@]}" --local 2 "${CASE_ARGS[@]}" \
    >"$WORK/batch.out" 2>"$WORK/batch.err" || rc=$?
cat "$WORK/batch.out"
[ $rc -eq 0 ] || { cat "$WORK/batch.err" >&2; fail "batch --local 2 exited $rc"; }
PLAN="$WORK/case.db.shards/plan.json"
[ -f "$PLAN" ] || fail "no plan file at $PLAN"
if [ "$(plan_order "$PLAN")" = "$(expected_order)" ]; then ok "plan: largest first"
else softfail "plan order: $(plan_order "$PLAN" | tr '\n' ' ')"; fi
n_shards=$(ls "$WORK"/case.db.shards/*.db | wc -l)
[ "$n_shards" -eq 6 ] && ok "six shards" || softfail "$n_shards shards, expected 6"
grep -q "task 2 failed (attempt 1" "$WORK/batch.out" && ok "killed task reported and requeued" ||
    softfail "no requeue line for task 2"

same_rows merged "$WORK/single.txt" "$WORK/case.db"
same_rows shards "$WORK/single.txt" "$WORK"/case.db.shards/*.db
"$BIN" verify "$WORK/case.db" >"$WORK/verify.out" 2>&1 && ok "merged case verifies" ||
    { tail -5 "$WORK/verify.out" >&2; softfail "verify of the merged case failed"; }

"$BIN" batch --status "$WORK/case.db" >"$WORK/status.out" || fail "batch --status exited non-zero"
cat "$WORK/status.out"
grep -q "pending 0, running 0, done 0, failed 0, merged 6; run: merged" "$WORK/status.out" &&
    ok "status: six merged" || softfail "status summary wrong"
grep -Eq "^   2  merged +2/3 " "$WORK/status.out" && ok "status: task 2 took 2 of 3 attempts" ||
    softfail "status line of task 2 wrong"

rc=0
"$BIN" batch "$WORK/case.db" "${EVIDENCE[@]}" --local 2 >"$WORK/again.out" 2>"$WORK/again.err" || rc=$?
[ $rc -eq 1 ] && grep -q "a batch plan already exists" "$WORK/again.err" && ok "second plan refused" ||
    softfail "second batch on the same shard folder: exit $rc, $(cat "$WORK/again.err")"

# no retry left: the killed task fails for good, the others are merged, exit 1
rc=0
DFT_BATCH_TEST_FAIL_ONCE=0 "$BIN" batch "$WORK/part.db" "${EVIDENCE[@]}" --local 1 --requeue 0 "${CASE_ARGS[@]}" \
    >"$WORK/part.out" 2>"$WORK/part.err" || rc=$?
[ $rc -eq 1 ] && ok "partial batch exits 1" || softfail "partial batch exited $rc"
"$BIN" batch --status "$WORK/part.db" >"$WORK/part_status.out" || true
grep -Eq "^   0  failed\(1\) +1/1 " "$WORK/part_status.out" && ok "status: task 0 failed(1)" ||
    { cat "$WORK/part_status.out" >&2; softfail "status of the failed task"; }
grep -q "merged 5; run: partial" "$WORK/part_status.out" && ok "status: five merged, run partial" ||
    softfail "partial status summary"
n_ev=$(q "$WORK/part.db" "SELECT count(*) FROM evidence")
[ "$n_ev" = 5 ] && ok "partial case holds 5 evidence items" || softfail "partial case holds $n_ev evidence items"

# plan.json is not trusted blindly (issue 14 fix 6): a group/world-writable shard folder is refused, and a plan
# naming another binary runs the running dftriage instead (said on stderr)
PD="$WORK/part.db.shards"
[ -f "$PD/plan.json" ] || fail "no plan in $PD"
chmod g+w "$PD"
rc=0; "$BIN" batch --status "$WORK/part.db" >/dev/null 2>"$WORK/trust.err" || rc=$?
[ $rc -eq 1 ] && grep -q "group- or world-writable" "$WORK/trust.err" && ok "group-writable shard folder refused" ||
    softfail "group-writable shard folder: exit $rc $(cat "$WORK/trust.err")"
chmod go-w "$PD"
cp "$PD/plan.json" "$WORK/plan.saved"
python3 -c 'import json,sys; p=json.load(open(sys.argv[1])); p["binary"]="/bin/false"; json.dump(p, open(sys.argv[1], "w"))' "$PD/plan.json"
chmod 0644 "$PD/plan.json"
rc=0; "$BIN" batch --status "$WORK/part.db" >/dev/null 2>"$WORK/trust.err" || rc=$?
grep -q "names binary /bin/false; running .*instead" "$WORK/trust.err" && ok "plan binary not trusted: running dftriage used" ||
    softfail "plan binary: exit $rc $(cat "$WORK/trust.err")"
cp "$WORK/plan.saved" "$PD/plan.json"

# usage and damaged plans: clear errors, no crash
rc=0; "$BIN" batch "$WORK/u.db" "${EVIDENCE[0]}" 2>"$WORK/u.err" || rc=$?
[ $rc -eq 2 ] && grep -q "choose one of --slurm and --local N" "$WORK/u.err" && ok "no mode: usage" || softfail "no mode: exit $rc"
rc=0; "$BIN" batch "$WORK/u.db" "$WORK/missing.img" --local 1 2>"$WORK/u.err" || rc=$?
[ $rc -eq 1 ] && grep -q "missing.img" "$WORK/u.err" && [ ! -e "$WORK/u.db.shards/plan.json" ] &&
    ok "missing evidence refused before planning" || softfail "missing evidence: exit $rc"
mkdir -p "$WORK/bad.db.shards"
for junk in '{' '{"plan_version":1}' '{"plan_version":1,"created_utc":"x","case":"c","shard_dir":"d","binary":"b","mode":"local","sbatch_args":[],"ingest_args":[],"requeue":1,"max_parallel":1,"tasks":[{"index":5,"size":1,"evidence":"e","shard":"s"}]}'; do
    printf '%s' "$junk" >"$WORK/bad.db.shards/plan.json"
    rc=0; "$BIN" batch --status "$WORK/bad.db" >/dev/null 2>"$WORK/bad.err" || rc=$?
    [ $rc -eq 1 ] && one_line_error "$WORK/bad.err" && ok "damaged plan: $(cat "$WORK/bad.err")" ||
        softfail "damaged plan '$junk': exit $rc"
done
finish
