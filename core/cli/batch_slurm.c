/*
 * batch_slurm.c - `dftriage batch --slurm`: the plan as a Slurm job array plus a finish job.
 *
 * Round r submits:
 *   - an array (`sbatch --array=SPEC[%K] --requeue`), one array task per plan task still to run,
 *     running the generated task.sbatch = `dftriage batch --run-task PLAN $SLURM_ARRAY_TASK_ID`;
 *   - a finish job (`--dependency=afterany:ARRAY`, finish.sbatch = `dftriage batch --finish PLAN`),
 *     submitted held and released only after state/finish.json names it, so the finish job can never
 *     run (and record an outcome) before the submitter has recorded the round.
 * The finish job runs when every array task has ended, however it ended. Tasks whose state still
 * says "running" were killed (scancel, time limit, lost node) and are marked failed. If some tasks
 * have attempts left (plan.requeue), it submits round r+1 for exactly those and ends; otherwise it
 * merges what succeeded and records the outcome (batch_task.c dft_batch_merge_done). So retries are
 * bounded (each round costs every retried task one attempt) and visible (finish.json, --status,
 * logs/finish-JOBID.log). `--requeue` on the array additionally lets Slurm requeue tasks of a failed
 * node by itself; those attempts are counted too.
 *
 * Slurm commands run with fork/exec (no shell) and a fixed argument list; job ids read back are
 * digits only.
 */
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "error.h"

#define MAX_CAPTURE 65536

/* Runs argv (PATH lookup), its stdout (and stderr) into out (NUL-terminated, truncated at len).
 * Returns its exit status, 127 when it cannot run. */
static int run_capture(char *const *argv, char *out, size_t len)
{
    int fds[2];
    out[0] = '\0';
    if (pipe(fds) != 0) return 127;
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]), close(fds[1]);
        return 127;
    }
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        dup2(fds[1], STDERR_FILENO);
        close(fds[0]), close(fds[1]);
        execvp(argv[0], argv);
        fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(fds[1]);
    size_t used = 0;
    char sink[4096];
    for (;;) {
        /* read all of it (the child must not block on a full pipe), keep the first len-1 bytes */
        char *dst = used < len - 1 ? out + used : sink;
        size_t room = used < len - 1 ? len - 1 - used : sizeof sink;
        ssize_t r = read(fds[0], dst, room);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        if (dst != sink) used += (size_t)r;
    }
    out[used] = '\0';
    close(fds[0]);
    return dft_batch_wait((int)pid);
}

/* The job id of `sbatch --parsable` output: "ID" or "ID;cluster". */
static int parse_job_id(const char *out, char *id, size_t len)
{
    size_t k = 0;
    while (out[k] >= '0' && out[k] <= '9' && k < len - 1) {
        id[k] = out[k];
        k++;
    }
    id[k] = '\0';
    bool end = out[k] == '\0' || out[k] == ';' || out[k] == '\n';
    return k > 0 && end ? DFT_OK : dft_error_set(DFT_ERROR, "sbatch: unexpected output: %.200s", out);
}

/* 'text' with embedded single quotes escaped, for the generated scripts. */
static void shell_quote(FILE *f, const char *s)
{
    fputc('\'', f);
    for (; *s; s++) {
        if (*s == '\'') fputs("'\\''", f);
        else fputc(*s, f);
    }
    fputc('\'', f);
}

static int write_script(const dft_batch_plan *p, const char *name, const char *what, const char *tail)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", p->dir, name);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f) return dft_error_set(DFT_ENOMEM, "out of memory");
    /* paths appear only inside shell quotes: a newline in a path cannot start a command */
    fprintf(f, "#!/bin/sh\n# dftriage batch: %s\n# Generated with plan.json beside it; every round reuses it.\nexec ",
            what);
    shell_quote(f, p->binary);
    fputs(" batch ", f);
    fputs(tail, f);
    fputc(' ', f);
    shell_quote(f, p->path);
    if (strcmp(tail, "--run-task") == 0) fputs(" \"$SLURM_ARRAY_TASK_ID\"", f);
    fputc('\n', f);
    fclose(f);
    int rc = dft_batch_write_file(path, text, 0700);
    free(text);
    return rc;
}

/* Common sbatch arguments: partition, then the user's --sbatch-arg list. */
static int add_common(const dft_batch_plan *p, char **argv, int k, char *partition_arg, size_t len)
{
    if (p->partition) {
        snprintf(partition_arg, len, "--partition=%s", p->partition);
        argv[k++] = partition_arg;
    }
    for (int i = 0; i < p->n_sbatch_args; i++) argv[k++] = p->sbatch_args[i];
    return k;
}

int dft_batch_slurm_submit(const dft_batch_plan *p, const int *indices, int n, int round)
{
    int rc = write_script(p, "task.sbatch", "one Slurm array task = one evidence item ingested into its shard",
                          "--run-task");
    if (!rc) rc = write_script(p, "finish.sbatch", "after the array: retry failed tasks or merge the shards",
                               "--finish");
    if (rc) return rc;
    /* --array=0-(n-1) for a whole plan, else the list of indices of this round */
    size_t cap = (size_t)n * 8 + 32;
    char *spec = malloc(cap);
    if (!spec) return dft_error_set(DFT_ENOMEM, "out of memory");
    size_t used = (size_t)snprintf(spec, cap, "--array=");
    bool whole = n == p->n;
    for (int i = 0; whole && i < n; i++) whole = indices[i] == i;
    if (whole) used += (size_t)snprintf(spec + used, cap - used, "0-%d", n - 1);
    else
        for (int i = 0; i < n; i++) used += (size_t)snprintf(spec + used, cap - used, "%s%d", i ? "," : "", indices[i]);
    if (p->max_parallel > 0) snprintf(spec + used, cap - used, "%%%d", p->max_parallel);

    char out_arg[PATH_MAX + 16], chdir_arg[PATH_MAX + 16], script[PATH_MAX], part[256], dep[64];
    char out[MAX_CAPTURE], array_id[32], finish_id[32];
    /* relative to --chdir: the folder's own path never goes through Slurm's %-patterns */
    snprintf(out_arg, sizeof out_arg, "--output=logs/task-%%4a.log");
    snprintf(chdir_arg, sizeof chdir_arg, "--chdir=%s", p->dir);
    snprintf(script, sizeof script, "%s/task.sbatch", p->dir);
    char *argv[24 + DFT_BATCH_MAX_ARGS];
    int k = 0;
    argv[k++] = "sbatch", argv[k++] = "--parsable", argv[k++] = "--job-name=dft-task", argv[k++] = spec;
    argv[k++] = "--requeue", argv[k++] = "--open-mode=append", argv[k++] = out_arg, argv[k++] = chdir_arg;
    k = add_common(p, argv, k, part, sizeof part);
    argv[k++] = script;
    argv[k] = NULL;
    int st = run_capture(argv, out, sizeof out);
    free(spec);
    if (st != 0) return dft_error_set(DFT_ERROR, "sbatch (array) exited %d: %.300s", st, out);
    if ((rc = parse_job_id(out, array_id, sizeof array_id))) return rc;

    snprintf(dep, sizeof dep, "--dependency=afterany:%s", array_id);
    snprintf(out_arg, sizeof out_arg, "--output=logs/finish-%%j.log");
    snprintf(script, sizeof script, "%s/finish.sbatch", p->dir);
    k = 0;
    argv[k++] = "sbatch", argv[k++] = "--parsable", argv[k++] = "--job-name=dft-finish", argv[k++] = dep;
    argv[k++] = "--hold", argv[k++] = out_arg, argv[k++] = chdir_arg;
    k = add_common(p, argv, k, part, sizeof part);
    argv[k++] = script;
    argv[k] = NULL;
    st = run_capture(argv, out, sizeof out);
    if (st != 0) return dft_error_set(DFT_ERROR, "sbatch (finish job) exited %d: %.300s (array job %s is queued)", st,
                                      out, array_id);
    if ((rc = parse_job_id(out, finish_id, sizeof finish_id))) return rc;

    json_t *tasks = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(tasks, json_integer(indices[i]));
    char now[32];
    dft_batch_now_utc(now, sizeof now);
    json_t *j = json_pack("{s:s,s:s,s:i,s:s,s:s,s:o,s:s}", "state", round == 1 ? "submitted" : "requeued", "mode",
                          "slurm", "round", round, "array_job", array_id, "finish_job", finish_id, "tasks", tasks,
                          "submitted_utc", now);
    char *text = j ? json_dumps(j, JSON_INDENT(1) | JSON_PRESERVE_ORDER) : NULL;
    json_decref(j);
    rc = text ? dft_batch_finish_write(p, text) : dft_error_set(DFT_ENOMEM, "out of memory");
    free(text);
    if (rc) return rc;
    char *rel[] = { "scontrol", "release", finish_id, NULL };
    st = run_capture(rel, out, sizeof out);
    if (st != 0) return dft_error_set(DFT_ERROR, "scontrol release %s exited %d: %.300s", finish_id, st, out);
    printf("round %d: array job %s (%d task(s)%s), finish job %s\n", round, array_id, n,
           p->max_parallel > 0 ? ", limited in parallel" : "", finish_id);
    fflush(stdout);
    return DFT_OK;
}

static int finish_round(const dft_batch_plan *p)
{
    char *text = dft_batch_finish_read(p);
    json_t *j = text ? json_loads(text, 0, NULL) : NULL;
    free(text);
    json_t *r = json_object_get(j, "round");
    int round = json_is_integer(r) && json_integer_value(r) > 0 && json_integer_value(r) < 1000
                    ? (int)json_integer_value(r) : 1;
    json_decref(j);
    return round;
}

int dft_batch_slurm_finish(const char *plan_path)
{
    dft_batch_plan p;
    if (dft_batch_plan_load(&p, plan_path)) {
        fprintf(stderr, "dftriage batch: %s\n", dft_error_last());
        return 1;
    }
    int round = finish_round(&p);
    /* afterany: every array task of this round has ended, so a "running" state is a dead task */
    for (int i = 0; i < p.n; i++)
        dft_batch_mark_dead(&p, i, "the task's job ended without recording an outcome (killed or cancelled)");
    int *retry = calloc((size_t)p.n, sizeof *retry);
    if (!retry) {
        dft_batch_plan_free(&p);
        return 1;
    }
    int n = dft_batch_retryable(&p, retry);
    int rc;
    /* each round gives every retried task one attempt, so 1 + requeue rounds suffice; the bound also
     * holds when a task cannot even record its attempts (unwritable state folder) */
    if (n > 0 && round > p.requeue) {
        fprintf(stderr, "dftriage batch: round %d was the last (--requeue %d): %d task(s) not retried\n", round,
                p.requeue, n);
        n = 0;
    }
    if (n > 0) {
        printf("round %d: %d task(s) to run again\n", round, n);
        rc = dft_batch_slurm_submit(&p, retry, n, round + 1);
        if (rc == DFT_OK) {
            free(retry);
            dft_batch_plan_free(&p);
            return 0;
        }
        /* cannot resubmit: merge what there is and say why the others were not retried */
        fprintf(stderr, "dftriage batch: cannot requeue: %s\n", dft_error_last());
    }
    const char *job = getenv("SLURM_JOB_ID");
    rc = dft_batch_merge_done(&p, round, job);
    free(retry);
    dft_batch_plan_free(&p);
    return rc;
}

int dft_batch_slurm_job_state(const char *job, char *buf, size_t len)
{
    char out[MAX_CAPTURE];
    char *argv[] = { "scontrol", "-o", "show", "job", (char *)job, NULL };
    int st = run_capture(argv, out, sizeof out);
    buf[0] = '\0';
    if (st != 0) {
        if (strstr(out, "Invalid job id")) return dft_error_set(DFT_ENOTFOUND, "job %s: unknown to Slurm", job);
        return dft_error_set(DFT_EIO, "scontrol show job %s exited %d: %.200s", job, st, out);
    }
    const char *s = strstr(out, "JobState=");
    if (!s) return dft_error_set(DFT_EIO, "scontrol show job %s: no JobState", job);
    s += 9;
    size_t k = 0;
    while (s[k] && s[k] != ' ' && s[k] != '\n' && k < len - 1) {
        buf[k] = s[k];
        k++;
    }
    buf[k] = '\0';
    return DFT_OK;
}

static bool job_ended(const char *state)
{
    static const char *live[] = { "PENDING", "RUNNING", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "CONFIGURING",
                                  "COMPLETING", "SUSPENDED", "RESIZING", "SIGNALING", "STAGE_OUT", "RESV_DEL_HOLD",
                                  "SPECIAL_EXIT", "STOPPED", NULL };
    for (int i = 0; live[i]; i++)
        if (strcmp(state, live[i]) == 0) return false;
    return true;
}

static bool final_state(const char *s)
{
    return strcmp(s, "merged") == 0 || strcmp(s, "partial") == 0 || strcmp(s, "failed") == 0 ||
           strcmp(s, "merge_failed") == 0;
}

int dft_batch_slurm_wait(const dft_batch_plan *p)
{
    const char *env = getenv("DFT_BATCH_POLL_MS");
    long poll_ms = env ? strtol(env, NULL, 10) : 2000;
    if (poll_ms < 100 || poll_ms > 600000) poll_ms = 2000;
    char last_job[32] = "", last_report[64] = "";
    int stale = 0;
    for (;;) {
        char *text = dft_batch_finish_read(p);
        json_t *j = text ? json_loads(text, 0, NULL) : NULL;
        free(text);
        const char *state = json_string_value(json_object_get(j, "state"));
        const char *job = json_string_value(json_object_get(j, "finish_job"));
        if (state && final_state(state)) {
            json_t *e = json_object_get(j, "exit");
            int rc = json_is_integer(e) ? (int)json_integer_value(e) : 1;
            printf("batch ended: %s (finish job %s), exit status %d\n", state, job ? job : "?", rc);
            json_decref(j);
            return rc;
        }
        char jobstate[64] = "";
        if (job && *job) {
            if (strcmp(job, last_job) != 0) {
                snprintf(last_job, sizeof last_job, "%s", job);
                stale = 0;
            }
            int rc = dft_batch_slurm_job_state(job, jobstate, sizeof jobstate);
            bool gone = rc == DFT_ENOTFOUND || (rc == DFT_OK && job_ended(jobstate));
            /* the finish job writes finish.json before it ends: an ended job that left it unchanged
             * died (cancelled, node lost). A few polls of grace cover slow shared storage. */
            if (gone && ++stale >= 5) {
                fprintf(stderr,
                        "dftriage batch: finish job %s ended (%s) without recording an outcome; see %s/logs/finish-%s.log\n",
                        job, rc == DFT_OK ? jobstate : "no longer known to Slurm", p->dir, job);
                json_decref(j);
                return 1;
            }
            if (!gone) stale = 0;
            if (rc == DFT_EIO && strcmp(last_report, "eio") != 0) {
                fprintf(stderr, "dftriage batch: %s (still waiting)\n", dft_error_last());
                snprintf(last_report, sizeof last_report, "eio");
            }
        } else if (++stale >= 30) {
            fprintf(stderr, "dftriage batch: %s/state/finish.json names no finish job\n", p->dir);
            json_decref(j);
            return 1;
        }
        json_decref(j);
        struct timespec ts = { poll_ms / 1000, (poll_ms % 1000) * 1000000L };
        nanosleep(&ts, NULL);
    }
}

int dft_batch_slurm_array_states(const char *array_job, char (*states)[16], int n)
{
    for (const char *c = array_job; *c; c++)
        if (*c < '0' || *c > '9') return dft_error_set(DFT_ERROR, "array job id '%s' is not a number", array_job);
    char *out = malloc(MAX_CAPTURE);
    if (!out) return dft_error_set(DFT_ENOMEM, "out of memory");
    char *argv[] = { "squeue", "-h", "-r", "-j", (char *)array_job, "-o", "%K %T", NULL };
    int st = run_capture(argv, out, MAX_CAPTURE);
    int rc = DFT_OK;
    if (st != 0) {
        rc = dft_error_set(DFT_EIO, "squeue exited %d", st);
    } else {
        char *save = NULL;
        for (char *line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
            char *end;
            long i = strtol(line, &end, 10);
            if (end == line || *end != ' ' || i < 0 || i >= n) continue;
            snprintf(states[i], 16, "%.15s", end + 1);
        }
    }
    free(out);
    return rc;
}
