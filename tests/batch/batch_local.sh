#!/usr/bin/env bash
# batch_local.sh DFT_BIN TESTIMAGES WORKDIR - `dftriage batch --local 2` over six evidence items:
#  - the plan orders tasks largest first; every task writes its own shard;
#  - one task's first attempt is killed (DFT_BATCH_TEST_FAIL_ONCE) and is retried once;
#  - the merged case, and the shards taken together, hold the same rows per evidence item as a
#    single-process ingest of the six items (ids aside), and the merged case passes verify;
#  - --status names every task merged, the killed one with 2 attempts;
#  - the first run is stopped (SIGTERM to the runner while task 3 runs): exit 130, running tasks stopped
#    and recorded, no merge; the same command resumes it: done shards kept, stopped tasks redone (their
#    stopped attempt not counted); a finished plan run again merges nothing new; a locked plan is refused;
#  - another batch (other options) on the same shard folder is refused;
#  - with --requeue 0 (three items) a killed task stays failed(1), the others are merged, the exit status is 1.
source "$(dirname "$0")/../e2e/lib.sh"
source "$(dirname "$0")/common.sh"

single_ingest "$WORK/single.db"
dump "$WORK/single.db" >"$WORK/single.txt"
[ "$(grep -c '^files|' "$WORK/single.txt")" -gt 50 ] || fail "reference ingest has too few file rows"
[ "$(grep -c '^messages|' "$WORK/single.txt")" -gt 0 ] || fail "reference ingest has no message rows"

# stop and resume (batch_local.c): task 3's first attempt sends SIGTERM to the runner right after starting
# its ingest (DFT_BATCH_TEST_STOP_BATCH); the runner forwards it to the running tasks, skips the merge, exits 130
SD="$WORK/case.db.shards"
rc=0
DFT_BATCH_TEST_FAIL_ONCE=2 DFT_BATCH_TEST_STOP_BATCH=3 "$BIN" batch "$WORK/case.db" "${EVIDENCE[@]}" --local 2 \
    "${CASE_ARGS[@]}" >"$WORK/stop.out" 2>"$WORK/stop.err" || rc=$?
cat "$WORK/stop.out"
[ $rc -eq 130 ] && ok "stopped batch exits 130" || { cat "$WORK/stop.err" >&2; fail "stopped batch exited $rc"; }
[ ! -e "$WORK/case.db" ] && ok "stopped batch: no merge" || softfail "a stopped batch merged"
# task_field I FIELD: a field of task I's state file
task_field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get(sys.argv[2]))' \
    "$SD/state/task-000$1.json" "$2" 2>/dev/null || echo none; }
[ "$(python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(j["state"], j["signal"], j["exit"])' \
    "$SD/state/finish.json")" = "interrupted 15 130" ] && ok "finish.json: interrupted by signal 15" ||
    softfail "finish.json after the stop: $(cat "$SD/state/finish.json")"
[ "$(task_field 3 state) $(task_field 3 signal) $(task_field 3 attempts)" = "failed 15 1" ] &&
    ok "task 3: its attempt recorded as stopped by signal 15" || softfail "task 3 after the stop: $(cat "$SD/state/task-0003.json")"
declare -A kept stopped
for i in 0 1 2 3 4 5; do
    st=$(task_field $i state)
    [ "$st" != running ] || softfail "task $i left 'running' by a clean stop"
    shard=$(ls "$SD"/000$i-*.db 2>/dev/null | head -1 || true)
    if [ "$st" = done ]; then kept[$i]="$(task_field $i attempts) $(sha256sum <"$shard")"
    elif [ "$(task_field $i signal)" = 15 ]; then
        stopped[$i]=$(task_field $i attempts)
        # a stopped ingest stops cleanly: its run is recorded 'interrupted', never left 'running' (or no shard yet)
        [ -z "$shard" ] || [ "$(q "$shard" "SELECT count(*) FROM runs WHERE status IS NOT 'interrupted'")" = 0 ] ||
            softfail "task $i was stopped but its shard's run was not recorded interrupted: $(q "$shard" "SELECT status FROM runs")"
    fi
done
[ ${#stopped[@]} -ge 1 ] && ok "stopped tasks: ${!stopped[*]}; done and kept: ${!kept[*]}" || softfail "no task stopped"
"$BIN" batch --status "$WORK/case.db" | grep -q "run: interrupted" && ok "status: run interrupted" ||
    softfail "status after the stop"

rc=0
DFT_BATCH_TEST_FAIL_ONCE=2 "$BIN" batch "$WORK/case.db" "${EVIDENCE[@]}" --local 2 "${CASE_ARGS[@]}" \
    >"$WORK/batch.out" 2>"$WORK/batch.err" || rc=$?
cat "$WORK/batch.out"
[ $rc -eq 0 ] || { cat "$WORK/batch.err" >&2; fail "batch --local 2 (resumed) exited $rc"; }
grep -q "resuming" "$WORK/batch.out" && ok "the same command resumes the plan" || softfail "no resume line"
for i in ${kept[@]+"${!kept[@]}"}; do
    shard=$(ls "$SD"/000$i-*.db | head -1)
    [ "$(task_field $i attempts) $(sha256sum <"$shard")" = "${kept[$i]}" ] ||
        softfail "task $i was done before the stop but ran again (or its shard changed)"
done
[ ${#kept[@]} -ge 1 ] && ok "done tasks kept: ${!kept[*]}" || softfail "no task was done before the stop"
for i in ${stopped[@]+"${!stopped[@]}"}; do
    [ "$(task_field $i state) $(task_field $i attempts)" = "done ${stopped[$i]}" ] ||
        softfail "stopped task $i: $(task_field $i state), attempts $(task_field $i attempts) (the stopped attempt must not count)"
done
ok "stopped tasks redone, their stopped attempt not counted"
cat "$WORK/stop.out" >>"$WORK/batch.out"
PLAN="$SD/plan.json"
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
[ $rc -eq 1 ] && grep -q "a batch plan already exists.*differs from it in its --case-number" "$WORK/again.err" &&
    ok "another plan on the same shard folder refused" ||
    softfail "second batch on the same shard folder: exit $rc, $(cat "$WORK/again.err")"
# the same command on a finished plan: nothing to run, the merge skips every shard
rc=0
"$BIN" batch "$WORK/case.db" "${EVIDENCE[@]}" --local 1 "${CASE_ARGS[@]}" >"$WORK/again.out" 2>&1 || rc=$?
[ $rc -eq 0 ] && grep -q "0 task(s) to run of 6" "$WORK/again.out" && [ "$(grep -c ": already merged (chain head" "$WORK/again.out")" = 6 ] &&
    ok "finished plan again: nothing run, every shard already merged" || { cat "$WORK/again.out" >&2; softfail "finished plan again: exit $rc"; }
# a live runner (or a task of a stopped one still ending) holds the plan's lock: refused
python3 -c 'import fcntl,sys,time; f=open(sys.argv[1],"a"); fcntl.flock(f, fcntl.LOCK_EX); print("locked", flush=True); time.sleep(30)' \
    "$SD/state/local.lock" >"$WORK/lock.out" &
holder=$!
for _ in $(seq 50); do grep -q locked "$WORK/lock.out" && break; sleep 0.1; done
rc=0
"$BIN" batch "$WORK/case.db" "${EVIDENCE[@]}" --local 1 "${CASE_ARGS[@]}" >/dev/null 2>"$WORK/lock.err" || rc=$?
kill $holder; wait $holder 2>/dev/null || true
[ $rc -eq 1 ] && grep -q "another batch runs this plan" "$WORK/lock.err" && ok "locked plan refused" ||
    softfail "locked plan: exit $rc $(cat "$WORK/lock.err")"

# no retry left: the killed task fails for good, the others are merged, exit 1 (three of the items: CI time)
rc=0
DFT_BATCH_TEST_FAIL_ONCE=0 "$BIN" batch "$WORK/part.db" "${EVIDENCE[@]:0:3}" --local 2 --requeue 0 "${CASE_ARGS[@]}" \
    >"$WORK/part.out" 2>"$WORK/part.err" || rc=$?
[ $rc -eq 1 ] && ok "partial batch exits 1" || softfail "partial batch exited $rc"
"$BIN" batch --status "$WORK/part.db" >"$WORK/part_status.out" || true
grep -Eq "^   0  failed\(1\) +1/1 " "$WORK/part_status.out" && ok "status: task 0 failed(1)" ||
    { cat "$WORK/part_status.out" >&2; softfail "status of the failed task"; }
grep -q "merged 2; run: partial" "$WORK/part_status.out" && ok "status: two merged, run partial" ||
    softfail "partial status summary"
n_ev=$(q "$WORK/part.db" "SELECT count(*) FROM evidence")
[ "$n_ev" = 2 ] && ok "partial case holds 2 evidence items" || softfail "partial case holds $n_ev evidence items"

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
