/*
 * cmd_batch.c - `dftriage batch`: the command line of the scale-out ingest (batch.h, docs/scale.md).
 *
 *   dftriage batch CASE.db EVIDENCE... (--slurm [--partition P] [--sbatch-arg A]... | --local N)
 *                  [--shard-dir DIR] [--wait] [--case-number N] [--examiner E] [--max-parallel K]
 *                  [--requeue R] [--ingest-arg A]...
 *   dftriage batch --status CASE.db [--shard-dir DIR]
 *   dftriage batch --run-task PLAN INDEX      what one Slurm array task / local worker runs
 *   dftriage batch --finish PLAN              what the Slurm finish job runs
 *
 * Exit status: 0 every task merged (--slurm without --wait: submitted); 1 a task failed for good,
 * the merge failed, or Slurm refused a submission; 2 usage; 130 a --local batch stopped by
 * SIGTERM/SIGINT/SIGHUP (running ingests stopped, no merge: the same command again resumes it).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "commands.h"
#include "error.h"

#define DEFAULT_REQUEUE 2

static const char usage[] =
    "usage: dftriage batch CASE.db EVIDENCE... (--slurm [--partition P] [--sbatch-arg A]... | --local N)\n"
    "                      [--shard-dir DIR] [--wait] [--case-number N] [--examiner E] [--max-parallel K]\n"
    "                      [--requeue R] [--ingest-arg A]...\n"
    "       dftriage batch --status CASE.db [--shard-dir DIR]\n"
    "       dftriage batch --run-task PLAN INDEX | --finish PLAN   (run by Slurm jobs)\n";

enum {
    O_SLURM = 256, O_LOCAL, O_PARTITION, O_SBATCH_ARG, O_SHARD_DIR, O_WAIT, O_CASE, O_EXAMINER, O_MAX_PAR,
    O_REQUEUE, O_INGEST_ARG, O_STATUS, O_RUN_TASK, O_FINISH,
};

static int bad_usage(const char *why)
{
    fprintf(stderr, "dftriage batch: %s\n%s", why, usage);
    return 2;
}

static bool parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi) return false;
    *out = (int)v;
    return true;
}

int dft_cmd_batch(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "slurm", no_argument, NULL, O_SLURM },
        { "local", required_argument, NULL, O_LOCAL },
        { "partition", required_argument, NULL, O_PARTITION },
        { "sbatch-arg", required_argument, NULL, O_SBATCH_ARG },
        { "shard-dir", required_argument, NULL, O_SHARD_DIR },
        { "wait", no_argument, NULL, O_WAIT },
        { "case-number", required_argument, NULL, O_CASE },
        { "examiner", required_argument, NULL, O_EXAMINER },
        { "max-parallel", required_argument, NULL, O_MAX_PAR },
        { "requeue", required_argument, NULL, O_REQUEUE },
        { "ingest-arg", required_argument, NULL, O_INGEST_ARG },
        { "status", no_argument, NULL, O_STATUS },
        { "run-task", no_argument, NULL, O_RUN_TASK },
        { "finish", no_argument, NULL, O_FINISH },
        { NULL, 0, NULL, 0 },
    };
    bool slurm = false, wait_end = false, status = false, run_task = false, finish = false;
    int local = 0, max_par = 0, requeue = DEFAULT_REQUEUE;
    const char *partition = NULL, *shard_dir = NULL, *case_number = NULL, *examiner = NULL;
    const char *sbatch_args[DFT_BATCH_MAX_ARGS], *ingest_args[DFT_BATCH_MAX_ARGS];
    int n_sbatch = 0, n_ingest = 0, c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case O_SLURM: slurm = true; break;
        case O_LOCAL:
            if (!parse_int(optarg, 1, 1024, &local)) return bad_usage("--local takes a number of workers (1-1024)");
            break;
        case O_PARTITION: partition = optarg; break;
        case O_SBATCH_ARG:
            if (n_sbatch == DFT_BATCH_MAX_ARGS) return bad_usage("too many --sbatch-arg");
            sbatch_args[n_sbatch++] = optarg;
            break;
        case O_INGEST_ARG:
            if (n_ingest == DFT_BATCH_MAX_ARGS) return bad_usage("too many --ingest-arg");
            ingest_args[n_ingest++] = optarg;
            break;
        case O_SHARD_DIR: shard_dir = optarg; break;
        case O_WAIT: wait_end = true; break;
        case O_CASE: case_number = optarg; break;
        case O_EXAMINER: examiner = optarg; break;
        case O_MAX_PAR:
            if (!parse_int(optarg, 1, 100000, &max_par)) return bad_usage("--max-parallel takes a number (1-100000)");
            break;
        case O_REQUEUE:
            if (!parse_int(optarg, 0, 100, &requeue)) return bad_usage("--requeue takes a number of retries (0-100)");
            break;
        case O_STATUS: status = true; break;
        case O_RUN_TASK: run_task = true; break;
        case O_FINISH: finish = true; break;
        default: return bad_usage(optopt ? "unknown or incomplete option" : "unknown option");
        }
    }
    int npos = argc - optind;
    char **pos = argv + optind;
    if (run_task) {
        int index;
        if (npos != 2 || !parse_int(pos[1], 0, DFT_BATCH_MAX_TASKS - 1, &index))
            return bad_usage("--run-task takes PLAN INDEX");
        return dft_batch_run_task(pos[0], index);
    }
    if (finish) {
        if (npos != 1) return bad_usage("--finish takes PLAN");
        return dft_batch_slurm_finish(pos[0]);
    }
    if (status) {
        if (npos != 1) return bad_usage("--status takes CASE.db");
        return dft_batch_status(pos[0], shard_dir);
    }
    if (npos < 2) return bad_usage("give the case file and at least one evidence item");
    if (slurm == (local > 0)) return bad_usage("choose one of --slurm and --local N");
    if (!slurm && (partition || n_sbatch)) return bad_usage("--partition and --sbatch-arg need --slurm");
    if ((case_number == NULL) != (examiner == NULL)) return bad_usage("give --case-number and --examiner together");

    dft_batch_plan p = { 0 };
    char *def = shard_dir ? NULL : dft_batch_default_dir(pos[0]);
    int rc = dft_batch_plan_build(&p, pos[0], shard_dir ? shard_dir : def, (const char **)(pos + 1), npos - 1);
    free(def);
    char exe[PATH_MAX];
    ssize_t len = rc ? -1 : readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (!rc && len <= 0) rc = dft_error_set(DFT_EIO, "cannot find this executable: %s", strerror(errno));
    if (!rc) {
        exe[len] = '\0';
        p.binary = strdup(exe);
        p.mode = strdup(slurm ? "slurm" : "local");
        p.case_number = case_number ? strdup(case_number) : NULL;
        p.examiner = examiner ? strdup(examiner) : NULL;
        p.partition = partition ? strdup(partition) : NULL;
        p.requeue = requeue;
        p.max_parallel = slurm ? max_par : local;
        for (int i = 0; i < n_sbatch; i++) p.sbatch_args[p.n_sbatch_args++] = strdup(sbatch_args[i]);
        for (int i = 0; i < n_ingest; i++) p.ingest_args[p.n_ingest_args++] = strdup(ingest_args[i]);
        rc = dft_batch_plan_save(&p);
    }
    if (rc == DFT_EEXISTS && local > 0) {
        /* the same command again resumes a local plan (batch_local.c invariant 3); another one is refused */
        char msg[1200], why[96];
        snprintf(msg, sizeof msg, "%s", dft_error_last());
        dft_batch_plan saved;
        int lrc = dft_batch_plan_load(&saved, p.path);
        if (lrc) {
            char cause[600];
            snprintf(cause, sizeof cause, "%s", dft_error_last());
            dft_error_set(lrc, "%s; and it cannot be resumed: %s", msg, cause);
        } else if (!dft_batch_plan_same(&saved, &p, why, sizeof why)) {
            dft_error_set(DFT_EEXISTS, "%s; this command differs from it in its %s, so it is not resumed", msg, why);
            dft_batch_plan_free(&saved);
        } else {
            printf("plan %s: %d task(s), shards in %s: resuming\n", saved.path, saved.n, saved.dir);
            dft_batch_plan_free(&p);
            int workers = local;
            if (max_par > 0 && max_par < workers) workers = max_par;
            int exit_rc = dft_batch_local(&saved, workers);
            dft_batch_plan_free(&saved);
            return exit_rc;
        }
    }
    if (rc) {
        fprintf(stderr, "dftriage batch: %s\n", dft_error_last());
        dft_batch_plan_free(&p);
        return 1;
    }
    printf("plan %s: %d task(s), shards in %s\n", p.path, p.n, p.dir);
    int exit_rc;
    if (slurm) {
        int *all = malloc((size_t)p.n * sizeof *all);
        for (int i = 0; all && i < p.n; i++) all[i] = i;
        rc = all ? dft_batch_slurm_submit(&p, all, p.n, 1) : dft_error_set(DFT_ENOMEM, "out of memory");
        free(all);
        if (rc) {
            fprintf(stderr, "dftriage batch: %s\n", dft_error_last());
            exit_rc = 1;
        } else {
            exit_rc = wait_end ? dft_batch_slurm_wait(&p) : 0;
        }
    } else {
        int workers = local;
        if (max_par > 0 && max_par < workers) workers = max_par;
        exit_rc = dft_batch_local(&p, workers);
    }
    dft_batch_plan_free(&p);
    return exit_rc;
}
