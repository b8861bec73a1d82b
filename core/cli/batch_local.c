/*
 * batch_local.c - `dftriage batch --local N`: the plan run by N local worker processes, for a lab
 * without a cluster. Each worker is the executable itself (`dftriage batch --run-task PLAN I`,
 * fork/exec), exactly what a Slurm array task runs, with its output in logs/task-NNNN.log. A
 * failed or killed attempt goes back to the end of the queue while it has retries left (the
 * same rule as the Slurm finish job: batch.h invariant 2); then the shards that succeeded are
 * merged (batch.h invariant 3).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "batch.h"
#include "error.h"

int dft_batch_local(const dft_batch_plan *p, int workers)
{
    int n = p->n;
    int *queue = calloc((size_t)n, sizeof *queue);   /* ring: an index is queued at most once at a time */
    int *slot_pid = calloc((size_t)workers, sizeof *slot_pid);
    int *slot_task = calloc((size_t)workers, sizeof *slot_task);
    int *launched = calloc((size_t)n, sizeof *launched); /* bounds retries even without state files */
    if (!queue || !slot_pid || !slot_task || !launched) {
        free(queue), free(slot_pid), free(slot_task), free(launched);
        fprintf(stderr, "dftriage batch: out of memory\n");
        return 1;
    }
    int head = 0, count = dft_batch_retryable(p, queue), running = 0;
    char pid_text[32];
    snprintf(pid_text, sizeof pid_text, "%ld", (long)getpid());
    char finish[256];
    snprintf(finish, sizeof finish, "{\"state\":\"running\",\"mode\":\"local\",\"workers\":%d,\"pid\":%s}", workers,
             pid_text);
    if (dft_batch_finish_write(p, finish)) fprintf(stderr, "dftriage batch: %s\n", dft_error_last());
    printf("local batch: %d task(s), %d worker(s), up to %d retries each\n", count, workers, p->requeue);
    while (count > 0 || running > 0) {
        for (int s = 0; s < workers && count > 0; s++) {
            if (slot_pid[s] > 0) continue;
            int i = queue[head];
            head = (head + 1) % n;
            count--;
            char idx[16], log[PATH_MAX];
            snprintf(idx, sizeof idx, "%d", i);
            snprintf(log, sizeof log, "%s/logs/task-%04d.log", p->dir, i);
            char *argv[] = { p->binary, "batch", "--run-task", p->path, idx, NULL };
            int pid = dft_batch_spawn(argv, log);
            if (pid < 0) {
                fprintf(stderr, "dftriage batch: fork: %s\n", strerror(errno));
                free(queue), free(slot_pid), free(slot_task), free(launched);
                while (running > 0 && wait(NULL) > 0) running--; /* no orphans left writing shards */
                return 1;
            }
            slot_pid[s] = pid;
            slot_task[s] = i;
            launched[i]++;
            running++;
        }
        int status;
        pid_t pid = wait(&status);
        if (pid < 0) {
            if (errno == EINTR) continue;
            break; /* no children left: cannot happen while running > 0 */
        }
        int s = 0;
        while (s < workers && slot_pid[s] != pid) s++;
        if (s == workers) continue; /* not one of ours */
        slot_pid[s] = 0;
        running--;
        int i = slot_task[s];
        if (WIFSIGNALED(status)) dft_batch_mark_dead(p, i, "the task's process was killed");
        dft_batch_state st;
        if (dft_batch_state_load(p, i, &st)) st.attempts = p->requeue + 1, snprintf(st.state, sizeof st.state, "failed");
        if (strcmp(st.state, "done") == 0) {
            printf("task %d done (%s)\n", i, p->tasks[i].evidence);
        } else if (st.attempts <= p->requeue && launched[i] <= p->requeue) {
            printf("task %d failed (attempt %d: %s): requeued\n", i, st.attempts, st.note);
            queue[(head + count) % n] = i;
            count++;
        } else {
            printf("task %d failed after %d attempt(s): %s\n", i, st.attempts, st.note);
        }
        fflush(stdout);
    }
    free(queue), free(slot_pid), free(slot_task), free(launched);
    return dft_batch_merge_done(p, 1, NULL);
}
