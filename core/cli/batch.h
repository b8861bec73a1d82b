/*
 * batch.h - `dftriage batch`: one ingest task per evidence item, each into its own shard case
 * file, run by Slurm (a job array + a finish job) or by local worker processes, then one
 * `dftriage merge CASE.db SHARD...` of the shards that succeeded (docs/scale.md).
 *
 * Files in the shard directory (default CASE.shards/), all written by rename of a temp file so a
 * reader never sees half a file, and each with exactly one writer at a time:
 *   plan.json            the plan: tasks in order (largest evidence first), evidence and shard
 *                        paths, options; written once by `batch`, never changed afterwards.
 *   state/task-NNNN.json a task's state, written only by the process running that task (or, after
 *                        it died, by the one process that decides about retries: the local
 *                        scheduler or the Slurm finish job, which runs after every array task).
 *   state/finish.json    the run's progress: round, Slurm job ids, then the final outcome of the
 *                        merge (merged and failed task indices, exit status).
 *   logs/                stdout/stderr of tasks (task-NNNN.log), finish jobs, the merge (merge.log).
 *
 * Invariants:
 *  1. Task processes never share a case file: task i writes only plan.tasks[i].shard.
 *  2. Every task runs at most 1 + plan.requeue times (attempts are counted in its state file before
 *     the ingest starts, so a killed attempt counts too).
 *  3. The merge gets the done shards in plan order and orders them itself by their evidence
 *     (cmd_merge.c), so the case does not depend on the order the tasks finished in.
 */
#ifndef DFT_BATCH_H
#define DFT_BATCH_H

#include <stdbool.h>
#include <stdint.h>

#define DFT_BATCH_MAX_TASKS 100000   /* evidence items in one plan */
#define DFT_BATCH_MAX_ARGS 64        /* --sbatch-arg / --ingest-arg each */

typedef struct dft_batch_task {
    int index;
    char *evidence;   /* absolute path */
    uint64_t size;    /* bytes (a directory: the sum of its regular files) */
    char *shard;      /* absolute path of the shard case file */
} dft_batch_task;

typedef struct dft_batch_plan {
    char *path;               /* plan.json (absolute) */
    char *dir;                /* shard directory (absolute) */
    char *case_path;          /* the merged case (absolute) */
    char *case_number, *examiner;   /* NULL when not given */
    char *binary;             /* the dftriage executable every task runs */
    char *mode;               /* "slurm" or "local" */
    char *created_utc;
    int requeue;              /* retries per task */
    int max_parallel;         /* Slurm array concurrency (%K), 0 = no limit; local: workers */
    char *partition;          /* NULL = cluster default */
    char *sbatch_args[DFT_BATCH_MAX_ARGS];
    int n_sbatch_args;
    char *ingest_args[DFT_BATCH_MAX_ARGS];
    int n_ingest_args;
    int n;
    dft_batch_task *tasks;
} dft_batch_plan;

/* A task's state file. state: "pending" (no file yet), "running", "done", "failed". */
typedef struct dft_batch_state {
    char state[16];
    int attempts;
    int exit_code;            /* of the last attempt's ingest, -1 unknown */
    int signal;               /* signal that ended it, 0 none */
    char host[64];
    char slurm_job[32];       /* SLURM_JOB_ID of the last attempt, "" when local */
    char started_utc[32], ended_utc[32];
    char note[160];
} dft_batch_state;

/* batch_plan.c */
/* Builds a plan for the evidence (sizes measured now, largest first, ties by path). DFT_* with a
 * message when an item is missing. */
int dft_batch_plan_build(dft_batch_plan *p, const char *case_path, const char *dir, const char **evidence, int n);
int dft_batch_plan_save(const dft_batch_plan *p);               /* refuses to overwrite: DFT_EEXISTS */
/* True when a plan built now is the saved one (case, case number, examiner, retries, evidence and shards
 * in order, ingest arguments; not the number of local workers): running it again resumes it. Otherwise
 * why gets what differs. */
bool dft_batch_plan_same(const dft_batch_plan *saved, const dft_batch_plan *now, char *why, size_t cap);
int dft_batch_plan_load(dft_batch_plan *p, const char *plan_path);
void dft_batch_plan_free(dft_batch_plan *p);
char *dft_batch_default_dir(const char *case_path);            /* CASE.shards, malloc'd */
int dft_batch_state_load(const dft_batch_plan *p, int index, dft_batch_state *st);  /* pending if absent */
int dft_batch_state_save(const dft_batch_plan *p, int index, const dft_batch_state *st);
/* The finish file as a JSON object text (malloc'd), NULL when absent. */
char *dft_batch_finish_read(const dft_batch_plan *p);
int dft_batch_finish_write(const dft_batch_plan *p, const char *json_text);
/* Writes text to path atomically (temp file + rename). */
int dft_batch_write_file(const char *path, const char *text, int mode);
void dft_batch_now_utc(char *buf, size_t len);

/* batch_task.c: one attempt of task `index` (the ingest into its shard); exit status 0 when done. */
int dft_batch_run_task(const char *plan_path, int index);
/* Runs `binary merge CASE shard...` for the done tasks and records the outcome in finish.json
 * (merged, failed, refused task indices); marks tasks still "running" (their process is gone) as
 * failed. Exit status: 0 only when every task was merged. */
int dft_batch_merge_done(const dft_batch_plan *p, int round, const char *slurm_json_fields);
/* Tasks that may run again (not done, attempts left), in plan order: count, indices into out. */
int dft_batch_retryable(const dft_batch_plan *p, int *out);
/* Marks a task whose process is gone while its state says "running" as failed. */
void dft_batch_mark_dead(const dft_batch_plan *p, int index, const char *why);
/* fork/exec of argv (argv[0] = binary path) with stdout/stderr to log (NULL = inherit): pid or -1. */
int dft_batch_spawn(char *const *argv, const char *log);
/* Waits for pid; returns an exit status, or 128 + signal. */
int dft_batch_wait(int pid);

/* batch_local.c: runs the plan with `workers` local processes, then the merge; a plan run before is
 * resumed (done tasks kept). Exit status; 130 when stopped by SIGTERM/SIGINT/SIGHUP (no merge). */
int dft_batch_local(const dft_batch_plan *p, int workers);

/* batch_slurm.c */
int dft_batch_slurm_submit(const dft_batch_plan *p, const int *indices, int n, int round);
int dft_batch_slurm_finish(const char *plan_path);   /* the finish job: retry round or merge */
int dft_batch_slurm_wait(const dft_batch_plan *p);   /* --wait: until the last finish job ends */
/* Slurm's state of a job ("RUNNING", ...) into buf; DFT_ENOTFOUND when Slurm no longer knows it. */
int dft_batch_slurm_job_state(const char *job, char *buf, size_t len);

/* Slurm's view of an array's tasks (squeue): states[i] = "RUNNING", ... for the tasks it still
 * lists, untouched for the others. */
int dft_batch_slurm_array_states(const char *array_job, char (*states)[16], int n);

/* batch_status.c: `dftriage batch --status CASE.db [--shard-dir DIR]`. */
int dft_batch_status(const char *case_path, const char *dir);

#endif
