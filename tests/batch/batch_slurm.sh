#!/usr/bin/env bash
# batch_slurm.sh DFT_BIN TESTIMAGES WORKDIR - `dftriage batch --slurm --wait` on a one-node Slurm
# started here (slurm_harness.sh; skipped with 77 only without root or the Slurm/munge binaries):
#  - six evidence items become a job array (at most 2 at a time) and a finish job; the job ids are
#    printed; --wait returns the finish job's status (0);
#  - the first attempt of task 1 is killed (DFT_BATCH_TEST_FAIL_ONCE=1: its ingest and its own
#    process are SIGKILLed, as scancel or a lost node would leave it); the finish job sees it,
#    submits round 2 with that one task, whose attempt 2 completes, then the merge runs;
#  - the merged case (and the shards together) hold the same rows per evidence item as a
#    single-process ingest, ids aside; the merged case verifies;
#  - --status: six merged, task 1 with 2 of 3 attempts, and the Slurm job that ran it.
source "$(dirname "$0")/../e2e/lib.sh"
source "$(dirname "$0")/slurm_harness.sh"
slurm_start
source "$(dirname "$0")/common.sh"

single_ingest "$WORK/single.db"
dump "$WORK/single.db" >"$WORK/single.txt"

rc=0
start=$(date +%s)
DFT_BATCH_TEST_FAIL_ONCE=1 DFT_BATCH_POLL_MS=500 timeout 150 "$BIN" batch "$WORK/case.db" "${EVIDENCE[@]}" \
    --slurm --partition debug --max-parallel 2 --sbatch-arg=--time=10 --wait "${CASE_ARGS[@]}" \
    >"$WORK/batch.out" 2>"$WORK/batch.err" || rc=$?
echo "batch --slurm --wait: $(( $(date +%s) - start )) s"
cat "$WORK/batch.out"
SH="$WORK/case.db.shards"
if [ $rc -ne 0 ]; then
    cat "$WORK/batch.err" >&2
    tail -n 20 "$SH"/logs/*.log >&2 || true
    fail "batch --slurm --wait exited $rc"
fi
grep -Eq '^round 1: array job [0-9]+ \(6 task\(s\), limited in parallel\), finish job [0-9]+$' "$WORK/batch.out" &&
    ok "round 1 job ids printed" || softfail "no round 1 line"
grep -Eq '^batch ended: merged \(finish job [0-9]+\), exit status 0$' "$WORK/batch.out" &&
    ok "--wait reported the merge" || softfail "no final line"
fin=$(cat "$SH/state/finish.json")
python3 - "$SH/state/finish.json" <<'PY' && ok "finish.json: merged in round 2, all six" || softfail "finish.json: $fin"
import json, sys
f = json.load(open(sys.argv[1]))
assert f["state"] == "merged" and f["round"] == 2 and f["merged"] == [0, 1, 2, 3, 4, 5] and f["failed"] == [], f
PY
grep -q "round 1: 1 task(s) to run again" "$SH"/logs/finish-*.log && ok "the finish job requeued the killed task" ||
    softfail "no requeue line in the finish logs"
grep -q "DFT_BATCH_TEST_FAIL_ONCE: task 1 killed" "$SH/logs/task-0001.log" &&
    grep -q "task 1 attempt 2: done" "$SH/logs/task-0001.log" && ok "task 1: attempt 1 killed, attempt 2 done" ||
    softfail "task 1 log"

same_rows merged "$WORK/single.txt" "$WORK/case.db"
same_rows shards "$WORK/single.txt" "$SH"/*.db
"$BIN" verify "$WORK/case.db" >"$WORK/verify.out" 2>&1 && ok "merged case verifies" ||
    { tail -5 "$WORK/verify.out" >&2; softfail "verify of the merged case failed"; }

"$BIN" batch --status "$WORK/case.db" >"$WORK/status.out" || fail "batch --status exited non-zero"
cat "$WORK/status.out"
grep -q "pending 0, running 0, done 0, failed 0, merged 6; run: merged" "$WORK/status.out" &&
    ok "status: six merged" || softfail "status summary wrong"
grep -Eq "^   1  merged +2/3 " "$WORK/status.out" && ok "status: task 1 took 2 of 3 attempts" ||
    softfail "status line of task 1 wrong"
job1=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["slurm_job"])' "$SH/state/task-0001.json")
[[ "$job1" =~ ^[0-9]+$ ]] && ok "task 1 ran as Slurm job $job1" || softfail "task 1 state has no Slurm job id"
finish
