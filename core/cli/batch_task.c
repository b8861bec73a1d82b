/*
 * batch_task.c - what every batch runner shares: one attempt of a task (`dftriage batch --run-task
 * PLAN INDEX`, the command a Slurm array task or a local worker runs), the retry rule, and the
 * merge of the shards that succeeded (batch.h).
 *
 * A task attempt counts itself in its state file before the ingest starts (invariant 2 of
 * batch.h), runs `dftriage ingest SHARD EVIDENCE` as a child process (so a crash of the ingest is
 * an exit status here, not a lost state), and records done/failed. Ingest exit 3 (the item was
 * already complete in the shard: an earlier attempt finished the ingest but died before recording
 * it) counts as done. An incomplete shard left by a killed attempt is resumed by the ingest itself
 * (cmd_ingest.c "Re-ingest rule").
 *
 * Test-only fault injection: DFT_BATCH_TEST_FAIL_ONCE=INDEX makes the first attempt of that task
 * kill its ingest shortly after starting it and then SIGKILL itself, leaving the state "running",
 * exactly what a task killed by the scheduler or a lost node leaves behind. DFT_BATCH_TEST_STOP_BATCH=INDEX
 * makes the first attempt of that task send SIGTERM to its parent (the local runner) right after starting
 * its ingest: the stop of a local batch while a task runs (batch_local.c), at a known point.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "error.h"
#include "store_merge.h"

static bool shard_usable(const char *shard, int attempt, char *note, size_t cap);

int dft_batch_spawn(char *const *argv, const char *log)
{
    fflush(stdout);
    fflush(stderr);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        /* the caller's stop handlers and blocked signals are not the child's (batch_local.c invariant 2),
         * and a child whose parent dies is told to stop (a killed runner leaves no ingest running) */
        const int sigs[] = { SIGTERM, SIGINT, SIGHUP };
        for (size_t k = 0; k < sizeof sigs / sizeof sigs[0]; k++) signal(sigs[k], SIG_DFL);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != parent) _exit(125);
        if (log) {
            int fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
            if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0 || dup2(fd, STDERR_FILENO) < 0) _exit(126);
        }
        execv(argv[0], argv);
        fprintf(stderr, "dftriage batch: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    return (int)pid;
}

int dft_batch_wait(int pid)
{
    int status;
    for (;;) {
        if (waitpid((pid_t)pid, &status, 0) == (pid_t)pid) break;
        if (errno != EINTR) return 127;
    }
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return 127;
}

static volatile sig_atomic_t term_signal;
static volatile pid_t ingest_pid;

/* A scheduler's SIGTERM (scancel, time limit, preemption) goes to the ingest too, which records
 * its run as interrupted; this process then records the attempt as failed. */
static void on_term(int sig)
{
    term_signal = sig;
    if (ingest_pid > 0) kill(ingest_pid, sig);
}

static void hostname_into(char *buf, size_t len)
{
    if (gethostname(buf, len) != 0) snprintf(buf, len, "?");
    buf[len - 1] = '\0';
}

static bool test_hook(const char *name, int index)
{
    const char *e = getenv(name);
    if (!e || !*e) return false;
    char *end;
    long v = strtol(e, &end, 10);
    return *end == '\0' && v == index;
}

int dft_batch_run_task(const char *plan_path, int index)
{
    /* a scheduler's or the local runner's stop: from the start, so an attempt counted below is always
     * recorded as stopped (signal set), never left "running" by a default-action death */
    struct sigaction sa = { .sa_handler = on_term };
    sigemptyset(&sa.sa_mask);
    sigset_t stops, prev;
    sigemptyset(&stops);
    const int sigs[] = { SIGTERM, SIGINT, SIGHUP };
    for (size_t k = 0; k < sizeof sigs / sizeof sigs[0]; k++) {
        sigaction(sigs[k], &sa, NULL);
        sigaddset(&stops, sigs[k]);
    }
    dft_batch_plan p;
    if (dft_batch_plan_load(&p, plan_path)) {
        fprintf(stderr, "dftriage batch: %s\n", dft_error_last());
        return 1;
    }
    if (index < 0 || index >= p.n) {
        fprintf(stderr, "dftriage batch: task %d is not in the plan (0..%d)\n", index, p.n - 1);
        dft_batch_plan_free(&p);
        return 2;
    }
    dft_batch_state st;
    if (dft_batch_state_load(&p, index, &st)) {
        /* a damaged state file must not stop the task: start counting again, and say so */
        fprintf(stderr, "dftriage batch: %s (task state reset)\n", dft_error_last());
        memset(&st, 0, sizeof st);
    }
    if (strcmp(st.state, "done") == 0) {
        printf("task %d: already done\n", index);
        dft_batch_plan_free(&p);
        return 0;
    }
    st.attempts++;
    snprintf(st.state, sizeof st.state, "running");
    st.exit_code = -1;
    st.signal = 0;
    st.note[0] = st.ended_utc[0] = '\0';
    hostname_into(st.host, sizeof st.host);
    const char *job = getenv("SLURM_JOB_ID");
    snprintf(st.slurm_job, sizeof st.slurm_job, "%s", job ? job : "");
    dft_batch_now_utc(st.started_utc, sizeof st.started_utc);
    if (dft_batch_state_save(&p, index, &st)) {
        fprintf(stderr, "dftriage batch: %s\n", dft_error_last());
        dft_batch_plan_free(&p);
        return 1;
    }
    const dft_batch_task *t = &p.tasks[index];
    printf("task %d attempt %d on %s: ingest %s -> %s\n", index, st.attempts, st.host, t->evidence, t->shard);

    char *argv[16 + DFT_BATCH_MAX_ARGS];
    int k = 0;
    argv[k++] = p.binary;
    argv[k++] = "ingest";
    argv[k++] = t->shard;
    argv[k++] = t->evidence;
    if (p.case_number) argv[k++] = "--case-number", argv[k++] = p.case_number;
    if (p.examiner) argv[k++] = "--examiner", argv[k++] = p.examiner;
    argv[k++] = "--no-progress";
    for (int i = 0; i < p.n_ingest_args; i++) argv[k++] = p.ingest_args[i];
    argv[k] = NULL;

    /* a stop that arrives before the ingest exists is seen here; after, the handler forwards it */
    sigprocmask(SIG_BLOCK, &stops, &prev);
    int pid = term_signal ? 0 : dft_batch_spawn(argv, NULL);
    if (pid > 0) ingest_pid = pid;
    sigprocmask(SIG_SETMASK, &prev, NULL);
    if (pid == 0) {
        st.exit_code = -1;
    } else if (pid < 0) {
        snprintf(st.note, sizeof st.note, "fork: %s", strerror(errno));
        st.exit_code = 127;
    } else {
        if (st.attempts == 1 && test_hook("DFT_BATCH_TEST_STOP_BATCH", index)) kill(getppid(), SIGTERM);
        if (st.attempts == 1 && test_hook("DFT_BATCH_TEST_FAIL_ONCE", index)) {
            struct timespec ts = { 0, 100 * 1000 * 1000 };
            nanosleep(&ts, NULL);
            kill(pid, SIGKILL);
            dft_batch_wait(pid);
            fprintf(stderr, "dftriage batch: DFT_BATCH_TEST_FAIL_ONCE: task %d killed\n", index);
            fflush(stderr);
            raise(SIGKILL);
        }
        /* the ingest is waited for without being reaped, forgotten with the stops blocked, then reaped:
         * the handler never signals a pid that may already be another process's */
        siginfo_t si;
        while (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT) != 0 && errno == EINTR) {}
        sigprocmask(SIG_BLOCK, &stops, &prev);
        ingest_pid = 0;
        st.exit_code = dft_batch_wait(pid);
        sigprocmask(SIG_SETMASK, &prev, NULL);
    }
    /* an ingest that ended 0/3 although a stop reached it had finished: its shard is checked like any */
    bool ok = st.exit_code == 0 || st.exit_code == 3;
    if (ok) ok = shard_usable(t->shard, st.attempts, st.note, sizeof st.note);
    if (term_signal && !ok) {
        ok = false;
        st.signal = term_signal;
        if (st.exit_code < 0) snprintf(st.note, sizeof st.note, "stopped by signal %d before its ingest started",
                                       (int)term_signal);
        else snprintf(st.note, sizeof st.note, "stopped by signal %d (ingest exit status %d)", (int)term_signal,
                      st.exit_code);
    } else if (!ok && !st.note[0]) {
        if (st.exit_code > 128) snprintf(st.note, sizeof st.note, "ingest killed by signal %d", st.exit_code - 128);
        else snprintf(st.note, sizeof st.note, "ingest exit status %d", st.exit_code);
    }
    snprintf(st.state, sizeof st.state, ok ? "done" : "failed");
    dft_batch_now_utc(st.ended_utc, sizeof st.ended_utc);
    int rc = dft_batch_state_save(&p, index, &st);
    if (rc) fprintf(stderr, "dftriage batch: %s\n", dft_error_last());
    printf("task %d attempt %d: %s%s%s\n", index, st.attempts, st.state, st.note[0] ? ": " : "", st.note);
    dft_batch_plan_free(&p);
    return ok && !rc ? 0 : 1;
}

/* Issue 14 fix 2: an ingest exit 0/3 is not proof of a usable shard (an earlier attempt killed during the
 * case passes leaves its item 'complete', and the retry's ingest then exits 3 without running them). The
 * shard gets the merge's own check; a shard that fails it is moved aside (SHARD.rejected-N, kept for the
 * examiner) so the next attempt ingests into a fresh shard, and the task counts as failed (retried). */
static bool shard_usable(const char *shard, int attempt, char *note, size_t cap)
{
    dft_merge_shard sh;
    if (dft_merge_shard_check(shard, &sh) == DFT_OK) {
        dft_merge_shard_free(&sh);
        return true;
    }
    snprintf(note, cap, "shard check: %s", dft_error_last());
    static const char *const sfx[] = { "", "-wal", "-shm", "-journal" };
    for (size_t i = 0; i < sizeof sfx / sizeof sfx[0]; i++) {
        char from[PATH_MAX], to[PATH_MAX];
        snprintf(from, sizeof from, "%s%s", shard, sfx[i]);
        snprintf(to, sizeof to, "%s.rejected-%d%s", shard, attempt, sfx[i]);
        if (rename(from, to) != 0 && errno != ENOENT)
            fprintf(stderr, "dftriage batch: moving rejected shard %s aside: %s\n", from, strerror(errno));
    }
    fprintf(stderr, "dftriage batch: %s (moved aside as %s.rejected-%d)\n", note, shard, attempt);
    return false;
}

void dft_batch_mark_dead(const dft_batch_plan *p, int index, const char *why)
{
    dft_batch_state st;
    if (dft_batch_state_load(p, index, &st) || strcmp(st.state, "running") != 0) return;
    snprintf(st.state, sizeof st.state, "failed");
    snprintf(st.note, sizeof st.note, "%s", why);
    dft_batch_now_utc(st.ended_utc, sizeof st.ended_utc);
    if (dft_batch_state_save(p, index, &st)) fprintf(stderr, "dftriage batch: %s\n", dft_error_last());
}

int dft_batch_retryable(const dft_batch_plan *p, int *out)
{
    int n = 0;
    for (int i = 0; i < p->n; i++) {
        dft_batch_state st;
        if (dft_batch_state_load(p, i, &st)) st.attempts = 0, snprintf(st.state, sizeof st.state, "failed");
        if (strcmp(st.state, "done") != 0 && st.attempts <= p->requeue) out[n++] = i;
    }
    return n;
}

int dft_batch_merge_done(const dft_batch_plan *p, int round, const char *finish_job)
{
    int *done = calloc((size_t)p->n, sizeof *done);
    char **argv = calloc((size_t)p->n + 4, sizeof *argv);
    if (!done || !argv) {
        free(done), free(argv);
        fprintf(stderr, "dftriage batch: out of memory\n");
        return 1;
    }
    json_t *merged = json_array(), *failed = json_array();
    int n_done = 0, k = 0;
    argv[k++] = p->binary;
    argv[k++] = "merge";
    argv[k++] = p->case_path;
    for (int i = 0; i < p->n; i++) {
        dft_batch_mark_dead(p, i, "the task's process ended without recording an outcome (killed)");
        dft_batch_state st;
        bool ok = dft_batch_state_load(p, i, &st) == DFT_OK && strcmp(st.state, "done") == 0;
        if (ok) {
            done[n_done++] = i;
            argv[k++] = p->tasks[i].shard;
        } else {
            json_array_append_new(failed, json_integer(i));
            fprintf(stderr, "dftriage batch: task %d (%s) failed after %d attempt(s): %s\n", i, p->tasks[i].evidence,
                    st.attempts, st.note[0] ? st.note : st.state);
        }
    }
    argv[k] = NULL;
    int merge_rc = -1, n_merged = 0;
    json_t *refused = json_array();
    if (n_done > 0) {
        /* the merge's own report goes to logs/merge.log (and is copied to stdout): its "shard PATH:
         * merged" and "already merged ... skipped" lines say which shards are in the case, because
         * a merge that refuses one shard still merges the others (cmd_merge.c invariant 1) */
        char log[4096];
        snprintf(log, sizeof log, "%s/logs/merge.log", p->dir);
        unlink(log);
        printf("merging %d shard(s) into %s\n", n_done, p->case_path);
        int pid = dft_batch_spawn(argv, log);
        merge_rc = pid < 0 ? 127 : dft_batch_wait(pid);
        char *text = NULL;
        size_t len = 0;
        FILE *f = fopen(log, "r");
        if (f) {
            char line[8192];
            while (fgets(line, sizeof line, f)) {
                fputs(line, stdout);
                size_t l = strlen(line);
                if (len + l < 1u << 20) { /* keep the first MiB for the parse below */
                    char *t = realloc(text, len + l + 1);
                    if (!t) break;
                    text = t;
                    memcpy(text + len, line, l + 1);
                    len += l;
                }
            }
            fclose(f);
        }
        for (int d = 0; d < n_done; d++) {
            const char *shard = p->tasks[done[d]].shard;
            bool in = false;
            for (const char *ln = text; ln && *ln && !in;) {
                const char *eol = strchr(ln, '\n');
                size_t ll = eol ? (size_t)(eol - ln) : strlen(ln);
                size_t sl = strlen(shard);
                if (ll > sl + 8 && strncmp(ln, "shard ", 6) == 0 && strncmp(ln + 6, shard, sl) == 0 &&
                    ln[6 + sl] == ':' && ln[7 + sl] == ' ') {
                    const char *rest = ln + 8 + sl;
                    size_t rl = ll - 8 - sl;
                    in = (rl >= 7 && strncmp(rest, "merged ", 7) == 0) ||
                         (rl >= 14 && strncmp(rest, "already merged", 14) == 0);
                }
                ln = eol ? eol + 1 : NULL;
            }
            /* an exit 0 merge merged or skipped every shard it was given */
            if (in || merge_rc == 0) {
                json_array_append_new(merged, json_integer(done[d]));
                n_merged++;
            } else {
                json_array_append_new(refused, json_integer(done[d]));
                fprintf(stderr, "dftriage batch: task %d: its shard %s was not merged (see %s)\n", done[d], shard, log);
            }
        }
        free(text);
    }
    size_t n_failed = json_array_size(failed);
    const char *state = n_merged == p->n ? "merged" : n_merged > 0 ? "partial" : n_done > 0 ? "merge_failed" : "failed";
    int rc = strcmp(state, "merged") == 0 && merge_rc == 0 ? 0 : 1;
    char now[32];
    dft_batch_now_utc(now, sizeof now);
    json_t *j = json_pack("{s:s,s:i,s:s,s:i,s:o,s:o,s:o,s:i,s:s}", "state", state, "round", round, "finish_job",
                          finish_job ? finish_job : "", "merge_exit", merge_rc, "merged", merged, "failed", failed,
                          "refused", refused, "exit", rc, "ended_utc", now);
    char *text = j ? json_dumps(j, JSON_INDENT(1) | JSON_PRESERVE_ORDER) : NULL;
    json_decref(j);
    if (!text || dft_batch_finish_write(p, text)) {
        fprintf(stderr, "dftriage batch: cannot record the outcome: %s\n", dft_error_last());
        rc = 1;
    }
    free(text);
    printf("batch %s: %d of %d task(s) merged into %s (%zu failed, merge exit status %d)\n", state, n_merged, p->n,
           p->case_path, n_failed, merge_rc);
    free(done), free(argv);
    return rc;
}
