/*
 * batch_local.c - `dftriage batch --local N`: the plan run by N local worker processes, for a lab
 * without a cluster. Each worker is the executable itself (`dftriage batch --run-task PLAN I`,
 * fork/exec), exactly what a Slurm array task runs, with its output in logs/task-NNNN.log. A
 * failed or killed attempt goes back to the end of the queue while it has retries left (the
 * same rule as the Slurm finish job: batch.h invariant 2); then the shards that succeeded are
 * merged (batch.h invariant 3).
 *
 * Stop and resume (docs/scale.md "Stopping and resuming a local batch"):
 *  1. The runner holds an exclusive flock on state/local.lock, and the descriptor is inherited by every
 *     task process and its ingest (no close-on-exec), so the lock is free only when the runner and all
 *     processes it started are gone: a second runner on the same plan is refused while any of them lives.
 *  2. SIGTERM/SIGINT/SIGHUP to the runner is forwarded to every running task process (which forwards it
 *     to its ingest: the ingest stops cleanly, its item left incomplete in the shard); no new task starts,
 *     the runner waits for the running ones, skips the merge, records finish.json state "interrupted" and
 *     exits 130. Signals are blocked from fork to the recording of the child's pid, so the handler always
 *     knows every child. A task process whose runner dies (SIGKILL) gets SIGTERM (PR_SET_PDEATHSIG).
 *  3. Running the same plan again (cmd_batch.c compares it with plan.json) resumes it: done tasks are
 *     kept, the others run; an attempt that ended because the batch was stopped (state "running" left by
 *     a runner that died, or "failed" with signal SIGINT/SIGTERM/SIGHUP) is not counted against the
 *     task's retries (resume_prepare), every other failed attempt is.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "batch.h"
#include "error.h"
#include "fileio.h"

#define EXIT_STOPPED 130

static volatile sig_atomic_t stop_signal;
static volatile pid_t *slot_pids; /* the runner's children, read by the handler */
static volatile int n_slots;

static void on_stop(int sig)
{
    stop_signal = sig;
    for (int s = 0; s < n_slots; s++)
        if (slot_pids[s] > 0) kill(slot_pids[s], sig);
}

/* Invariant 1: the plan's lock, held by this process and (inherited) by everything it starts. */
static int lock_plan(const dft_batch_plan *p, int *fd_out)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/state/local.lock", p->dir);
    int rc = dft_flock_open(path, O_RDWR | O_CREAT, fd_out); /* no O_CLOEXEC: on purpose */
    if (rc == DFT_EEXISTS)
        return dft_error_set(DFT_EEXISTS, "another batch runs this plan, or the tasks of a stopped one are still "
                             "ending (%s is locked): refused; run it again when they have ended", path);
    return rc;
}

static bool stop_signal_number(int sig)
{
    return sig == SIGTERM || sig == SIGINT || sig == SIGHUP;
}

/* Invariant 3: the attempts a stop of the batch ended are not counted. Returns the tasks resumed. */
static int resume_prepare(const dft_batch_plan *p)
{
    int resumed = 0;
    for (int i = 0; i < p->n; i++) {
        dft_batch_state st;
        if (dft_batch_state_load(p, i, &st)) continue; /* damaged: dft_batch_retryable restarts it */
        bool running = strcmp(st.state, "running") == 0;
        bool stopped = strcmp(st.state, "failed") == 0 && stop_signal_number(st.signal);
        if (!running && !stopped) continue;
        if (st.attempts > 0) st.attempts--;
        st.signal = 0;   /* forgiven once: the next runner start must not forgive it again */
        snprintf(st.state, sizeof st.state, "failed");
        snprintf(st.note, sizeof st.note, "%s", running ? "interrupted: its batch runner was killed (not counted)"
                                                         : "interrupted by a stop of the batch (not counted)");
        if (dft_batch_state_save(p, i, &st)) fprintf(stderr, "dftriage batch: %s\n", dft_error_last());
        else resumed++;
    }
    return resumed;
}

static void record_stopped(const dft_batch_plan *p, int sig)
{
    char now[32], text[256];
    dft_batch_now_utc(now, sizeof now);
    snprintf(text, sizeof text, "{\"state\":\"interrupted\",\"mode\":\"local\",\"signal\":%d,\"exit\":%d,"
             "\"ended_utc\":\"%s\"}", sig, EXIT_STOPPED, now);
    if (dft_batch_finish_write(p, text)) fprintf(stderr, "dftriage batch: %s\n", dft_error_last());
}

int dft_batch_local(const dft_batch_plan *p, int workers)
{
    int lock_fd = -1;
    if (lock_plan(p, &lock_fd)) {
        fprintf(stderr, "dftriage batch: %s\n", dft_error_last());
        return 1;
    }
    int n = p->n;
    int *queue = calloc((size_t)n, sizeof *queue);   /* ring: an index is queued at most once at a time */
    pid_t *slot_pid = calloc((size_t)workers, sizeof *slot_pid);
    int *slot_task = calloc((size_t)workers, sizeof *slot_task);
    int *launched = calloc((size_t)n, sizeof *launched); /* bounds retries even without state files */
    if (!queue || !slot_pid || !slot_task || !launched) {
        free(queue), free(slot_pid), free(slot_task), free(launched);
        close(lock_fd);
        fprintf(stderr, "dftriage batch: out of memory\n");
        return 1;
    }
    int resumed = resume_prepare(p);
    int head = 0, count = dft_batch_retryable(p, queue), running = 0;
    char finish[256];
    snprintf(finish, sizeof finish, "{\"state\":\"running\",\"mode\":\"local\",\"workers\":%d,\"pid\":%ld}", workers,
             (long)getpid());
    if (dft_batch_finish_write(p, finish)) fprintf(stderr, "dftriage batch: %s\n", dft_error_last());
    printf("local batch: %d task(s) to run of %d, %d worker(s), up to %d retries each\n", count, n, workers,
           p->requeue);
    if (resumed) printf("resumed: %d task(s) interrupted by a stop run again (those attempts not counted)\n", resumed);

    slot_pids = slot_pid;
    n_slots = workers;
    struct sigaction sa = { .sa_handler = on_stop }, old[3];
    sigemptyset(&sa.sa_mask);
    const int sigs[3] = { SIGTERM, SIGINT, SIGHUP };
    sigset_t block, prev;
    sigemptyset(&block);
    for (int k = 0; k < 3; k++) {
        sigaction(sigs[k], &sa, &old[k]);
        sigaddset(&block, sigs[k]);
    }
    int rc = -1;
    while ((count > 0 && !stop_signal) || running > 0) {
        for (int s = 0; s < workers && count > 0 && !stop_signal; s++) {
            if (slot_pid[s] > 0) continue;
            int i = queue[head];
            char idx[16], log[PATH_MAX];
            snprintf(idx, sizeof idx, "%d", i);
            snprintf(log, sizeof log, "%s/logs/task-%04d.log", p->dir, i);
            char *argv[] = { p->binary, "batch", "--run-task", p->path, idx, NULL };
            /* invariant 2: no stop between the fork and the handler knowing the child; a stop that came
             * before the block leaves the task queued */
            sigprocmask(SIG_BLOCK, &block, &prev);
            if (stop_signal) {
                sigprocmask(SIG_SETMASK, &prev, NULL);
                break;
            }
            head = (head + 1) % n;
            count--;
            int pid = dft_batch_spawn(argv, log);
            if (pid > 0) slot_pid[s] = pid;
            sigprocmask(SIG_SETMASK, &prev, NULL);
            if (pid < 0) {
                fprintf(stderr, "dftriage batch: fork: %s\n", strerror(errno));
                stop_signal = SIGTERM; /* stop the others cleanly, no orphans left writing shards */
                on_stop(SIGTERM);
                rc = 1;
                break;
            }
            slot_task[s] = i;
            launched[i]++;
            running++;
        }
        if (running == 0) break;
        /* a child is waited for without being reaped, its slot cleared with the stop signals blocked,
         * and only then reaped: the handler never signals a pid that may already be another process's */
        siginfo_t si;
        memset(&si, 0, sizeof si);
        if (waitid(P_ALL, 0, &si, WEXITED | WNOWAIT) != 0) {
            if (errno == EINTR) continue;
            break; /* no children left: cannot happen while running > 0 */
        }
        pid_t pid = si.si_pid;
        sigprocmask(SIG_BLOCK, &block, &prev);
        int s = 0;
        while (s < workers && slot_pid[s] != pid) s++;
        if (s < workers) slot_pid[s] = 0;
        int status = 0;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        sigprocmask(SIG_SETMASK, &prev, NULL);
        if (s == workers) continue; /* not one of ours */
        running--;
        int i = slot_task[s];
        if (WIFSIGNALED(status)) dft_batch_mark_dead(p, i, "the task's process was killed");
        dft_batch_state st;
        if (dft_batch_state_load(p, i, &st)) st.attempts = p->requeue + 1, snprintf(st.state, sizeof st.state, "failed");
        if (strcmp(st.state, "done") == 0) {
            printf("task %d done (%s)\n", i, p->tasks[i].evidence);
        } else if (stop_signal) {
            printf("task %d failed (attempt %d: %s): left for the next run\n", i, st.attempts, st.note);
        } else if (st.attempts <= p->requeue && launched[i] <= p->requeue) {
            printf("task %d failed (attempt %d: %s): requeued\n", i, st.attempts, st.note);
            queue[(head + count) % n] = i;
            count++;
        } else {
            printf("task %d failed after %d attempt(s): %s\n", i, st.attempts, st.note);
        }
        fflush(stdout);
    }
    for (int k = 0; k < 3; k++) sigaction(sigs[k], &old[k], NULL);
    n_slots = 0;
    slot_pids = NULL;
    free(queue), free(slot_pid), free(slot_task), free(launched);
    if (stop_signal) {
        record_stopped(p, (int)stop_signal);
        printf("batch stopped by signal %d: the merge was not run; run the same command again to resume\n",
               (int)stop_signal);
        close(lock_fd);
        return rc == 1 ? 1 : EXIT_STOPPED;
    }
    rc = dft_batch_merge_done(p, 1, NULL);
    close(lock_fd);
    return rc;
}
