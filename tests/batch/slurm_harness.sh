# slurm_harness.sh - a one-node Slurm cluster started by a test, torn down when it ends (sourced).
#
# slurm_start: munged with its own key, socket and state in a temp folder; slurm.conf for one node
# (localhost, 2 CPUs at most), slurmctld -D and slurmd -D in the background; returns when sinfo shows
# the node idle. Exports SLURM_CONF, so sbatch/squeue/scontrol in this shell (and in the jobs, which
# inherit the submitting environment) talk to this cluster only. Ports are chosen per process so two
# runs on one machine do not collide.
# slurm_stop (also on EXIT): cancels the jobs, stops the daemons it started (by pid), removes the folder.
#
# Needs root (slurmd runs jobs as their user; munged and slurmd refuse other layouts as a normal user)
# and the Debian packages munge, slurmctld, slurmd, slurm-client. Without them: exit 77 (ctest SKIP),
# with the reason.

SLURM_TMP=""
SLURM_PIDS=()

slurm_skip() { echo "SKIP: $*" >&2; exit 77; }

slurm_stop() {
    [ -n "$SLURM_TMP" ] || return 0
    if [ -f "$SLURM_TMP/slurm.conf" ]; then
        scancel --full --quiet --user="$(id -un)" >/dev/null 2>&1 || true
        sleep 1
    fi
    local pid
    for pid in "${SLURM_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${SLURM_PIDS[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    done
    if [ -n "${SLURM_KEEP:-}" ]; then
        echo "slurm harness: kept $SLURM_TMP" >&2
    else
        rm -rf "$SLURM_TMP"
    fi
    SLURM_TMP=""
    SLURM_PIDS=()
}

slurm_start() {
    [ "$(id -u)" -eq 0 ] || slurm_skip "the one-node Slurm test needs root (CI runs it as root)"
    local b
    for b in munged slurmctld slurmd sbatch squeue scontrol sinfo scancel; do
        command -v "$b" >/dev/null 2>&1 || [ -x "/usr/sbin/$b" ] ||
            slurm_skip "$b not installed (Debian: munge slurmctld slurmd slurm-client)"
    done
    export PATH="$PATH:/usr/sbin"
    SLURM_TMP=$(mktemp -d /tmp/dft-slurm.XXXXXX)
    chmod 0755 "$SLURM_TMP"
    trap slurm_stop EXIT
    local T=$SLURM_TMP
    mkdir -p "$T/munge" "$T/ctld" "$T/spool" "$T/log"
    chmod 0700 "$T/munge"
    # munge: a fresh key (1024 random bytes), its own socket, pid, seed and log
    head -c 1024 /dev/urandom >"$T/munge/munge.key"
    chmod 0400 "$T/munge/munge.key"
    munged --force --key-file="$T/munge/munge.key" --socket="$T/munge/munge.sock" \
        --pid-file="$T/munge/munged.pid" --seed-file="$T/munge/munged.seed" \
        --log-file="$T/log/munged.log" || { cat "$T/log/munged.log" >&2; echo "FAIL: munged did not start" >&2; exit 1; }
    for _ in $(seq 50); do [ -s "$T/munge/munged.pid" ] && break; sleep 0.1; done
    SLURM_PIDS+=("$(cat "$T/munge/munged.pid")")

    local cpus port
    cpus=$(nproc)
    [ "$cpus" -gt 2 ] && cpus=2
    port=$((20000 + ($$ % 5000) * 2))
    cat >"$T/slurm.conf" <<EOF
ClusterName=dfttest
SlurmctldHost=localhost
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$T/munge/munge.sock
StateSaveLocation=$T/ctld
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/log/slurmctld.log
SlurmdLogFile=$T/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/builtin
JobRequeue=1
ReturnToService=2
MpiDefault=none
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
InactiveLimit=0
KillWait=5
MinJobAge=600
SlurmctldTimeout=30
SlurmdTimeout=30
Waittime=0
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=512 State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
    export SLURM_CONF="$T/slurm.conf"
    slurmctld -D -i -f "$SLURM_CONF" >"$T/log/slurmctld.out" 2>&1 &
    SLURM_PIDS+=("$!")
    slurmd -D -N localhost -f "$SLURM_CONF" >"$T/log/slurmd.out" 2>&1 &
    SLURM_PIDS+=("$!")
    local state=""
    for _ in $(seq 120); do
        state=$(sinfo -h -n localhost -o %T 2>/dev/null || true)
        [ "$state" = "idle" ] && break
        sleep 0.5
    done
    if [ "$state" != "idle" ]; then
        echo "--- slurmctld log:" >&2; tail -20 "$T/log/slurmctld.log" "$T/log/slurmctld.out" >&2 || true
        echo "--- slurmd log:" >&2; tail -20 "$T/log/slurmd.log" "$T/log/slurmd.out" >&2 || true
        echo "FAIL: the one-node Slurm did not come up (node state '$state')" >&2
        exit 1
    fi
    echo "slurm harness: node idle ($cpus CPU(s), conf $SLURM_CONF)"
}
