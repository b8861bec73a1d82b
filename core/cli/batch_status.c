/*
 * batch_status.c - `dftriage batch --status CASE.db [--shard-dir DIR]`: every task of the plan with
 * its state, from the shard folder's state files (batch.h), and Slurm's own view of the current
 * round's array tasks when squeue answers. Only reads.
 *
 * One line per task:
 *   INDEX  STATE  ATTEMPTS  SIZE  EVIDENCE  [slurm: STATE]  [note]
 * STATE is pending, running, done, failed(N) (N attempts, no retry left or not yet retried), or
 * merged (in the case). A summary line follows with the run's state from finish.json.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "error.h"

static bool in_list(json_t *a, int i)
{
    size_t k;
    json_t *v;
    json_array_foreach(a, k, v)
    {
        if (json_is_integer(v) && json_integer_value(v) == i) return true;
    }
    return false;
}

int dft_batch_status(const char *case_path, const char *dir)
{
    char *def = dir ? NULL : dft_batch_default_dir(case_path);
    const char *d = dir ? dir : def;
    size_t n = strlen(d) + 16;
    char *plan_path = malloc(n);
    if (!plan_path) {
        free(def);
        return 1;
    }
    snprintf(plan_path, n, "%s/plan.json", d);
    dft_batch_plan p;
    int rc = dft_batch_plan_load(&p, plan_path);
    free(plan_path);
    free(def);
    if (rc) {
        fprintf(stderr, "dftriage batch: %s\n", dft_error_last());
        return 1;
    }
    char *text = dft_batch_finish_read(&p);
    json_t *fin = text ? json_loads(text, 0, NULL) : NULL;
    free(text);
    const char *run_state = json_string_value(json_object_get(fin, "state"));
    const char *array_job = json_string_value(json_object_get(fin, "array_job"));
    json_t *merged = json_object_get(fin, "merged");

    char (*slurm)[16] = calloc((size_t)p.n, sizeof *slurm);
    bool have_slurm = false;
    if (slurm && array_job && *array_job && (!run_state || strcmp(run_state, "submitted") == 0 ||
                                             strcmp(run_state, "requeued") == 0))
        have_slurm = dft_batch_slurm_array_states(array_job, slurm, p.n) == DFT_OK;

    printf("plan %s: %d task(s), %s, up to %d retries each, case %s\n", p.path, p.n, p.mode, p.requeue, p.case_path);
    int counts[5] = { 0 }; /* pending, running, done, failed, merged */
    for (int i = 0; i < p.n; i++) {
        dft_batch_state st;
        char state[32];
        if (dft_batch_state_load(&p, i, &st)) {
            snprintf(state, sizeof state, "unreadable");
            st.note[0] = '\0';
            counts[3]++;
        } else if (in_list(merged, i)) {
            snprintf(state, sizeof state, "merged");
            counts[4]++;
        } else if (strcmp(st.state, "failed") == 0) {
            snprintf(state, sizeof state, "failed(%d)", st.attempts);
            counts[3]++;
        } else {
            snprintf(state, sizeof state, "%s", st.state);
            counts[strcmp(st.state, "pending") == 0 ? 0 : strcmp(st.state, "running") == 0 ? 1 : 2]++;
        }
        printf("%4d  %-10s  %d/%d  %12llu  %s", i, state, st.attempts, p.requeue + 1,
               (unsigned long long)p.tasks[i].size, p.tasks[i].evidence);
        if (have_slurm && slurm[i][0]) printf("  [slurm: %s]", slurm[i]);
        if (st.note[0] && strcmp(state, "merged") != 0 && strcmp(state, "done") != 0) printf("  (%s)", st.note);
        putchar('\n');
    }
    printf("pending %d, running %d, done %d, failed %d, merged %d; run: %s", counts[0], counts[1], counts[2],
           counts[3], counts[4], run_state ? run_state : "not started");
    json_t *fj = json_object_get(fin, "finish_job");
    if (json_is_string(fj) && *json_string_value(fj)) printf(" (finish job %s)", json_string_value(fj));
    putchar('\n');
    free(slurm);
    json_decref(fin);
    dft_batch_plan_free(&p);
    return 0;
}
