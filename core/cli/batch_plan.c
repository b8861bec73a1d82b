/*
 * batch_plan.c - the batch plan (plan.json) and the per-task state files of `dftriage batch`
 * (batch.h describes the shard directory). JSON through jansson; every file is written by
 * temp file + fsync + rename, so a reader (status, the finish job, another node over shared storage)
 * sees the old or the new text, never half of one.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "error.h"
#include "fileio.h"

#define PLAN_VERSION 1
#define MAX_STATE_FILE (64 * 1024)    /* a state or finish file larger than this is not ours */

void dft_batch_now_utc(char *buf, size_t len)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

char *dft_batch_default_dir(const char *case_path)
{
    size_t n = strlen(case_path);
    char *d = malloc(n + 8);
    if (d) snprintf(d, n + 8, "%s.shards", case_path);
    return d;
}

/* Absolute form of a path that may not exist yet (its parent must). */
static char *absolute(const char *path)
{
    char *r = realpath(path, NULL);
    if (r) return r;
    const char *slash = strrchr(path, '/');
    char *parent = slash ? strndup(path, (size_t)(slash - path) + (slash == path)) : strdup(".");
    const char *base = slash ? slash + 1 : path;
    char *rp = parent ? realpath(parent, NULL) : NULL;
    free(parent);
    if (!rp || !*base) {
        free(rp);
        return NULL;
    }
    size_t n = strlen(rp) + strlen(base) + 2;
    char *out = malloc(n);
    if (out) snprintf(out, n, "%s%s%s", rp, strcmp(rp, "/") ? "/" : "", base);
    free(rp);
    return out;
}

static _Thread_local uint64_t tree_bytes;

static int tree_add(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)path, (void)ftw;
    if (type == FTW_F && S_ISREG(st->st_mode)) tree_bytes += (uint64_t)st->st_size;
    return 0;
}

/* Size that orders the plan: a file's size, a directory's regular files summed (symlinks not
 * followed, so a loop cannot make this unbounded). */
static int evidence_size(const char *path, uint64_t *out)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return dft_error_set(DFT_ENOTFOUND, "evidence %s: %s", path, strerror(errno));
    if (!S_ISDIR(st.st_mode)) {
        *out = (uint64_t)st.st_size;
        return DFT_OK;
    }
    tree_bytes = 0;
    if (nftw(path, tree_add, 32, FTW_PHYS) != 0)
        return dft_error_set(DFT_EIO, "evidence %s: cannot walk the directory: %s", path, strerror(errno));
    *out = tree_bytes;
    return DFT_OK;
}

static int by_size_desc(const void *a, const void *b)
{
    const dft_batch_task *x = a, *y = b;
    if (x->size != y->size) return x->size > y->size ? -1 : 1;
    return strcmp(x->evidence, y->evidence);
}

/* NNNN-name.db: the index keeps names unique, the evidence name keeps them readable. */
static char *shard_path(const char *dir, int index, const char *evidence)
{
    const char *base = strrchr(evidence, '/');
    base = base && base[1] ? base + 1 : evidence;
    char name[48];
    size_t k = 0;
    for (const char *c = base; *c && k < sizeof name - 1; c++) {
        unsigned char u = (unsigned char)*c;
        bool keep = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '.' ||
                    u == '-' || u == '_';
        name[k++] = keep ? (char)u : '_';
    }
    name[k] = '\0';
    size_t n = strlen(dir) + k + 24;
    char *p = malloc(n);
    if (p) snprintf(p, n, "%s/%04d-%s.db", dir, index, name);
    return p;
}

int dft_batch_plan_build(dft_batch_plan *p, const char *case_path, const char *dir, const char **evidence, int n)
{
    if (n <= 0 || n > DFT_BATCH_MAX_TASKS)
        return dft_error_set(DFT_ELIMIT, "batch: %d evidence items (1 to %d per plan)", n, DFT_BATCH_MAX_TASKS);
    p->case_path = absolute(case_path);
    if (!p->case_path) return dft_error_set(DFT_ENOTFOUND, "case %s: its folder does not exist", case_path);
    p->tasks = calloc((size_t)n, sizeof *p->tasks);
    if (!p->tasks) return dft_error_set(DFT_ENOMEM, "out of memory");
    for (int i = 0; i < n; i++) {
        dft_batch_task *t = &p->tasks[i];
        p->n = i + 1;
        t->evidence = realpath(evidence[i], NULL);
        if (!t->evidence) return dft_error_set(DFT_ENOTFOUND, "evidence %s: %s", evidence[i], strerror(errno));
        int rc = evidence_size(t->evidence, &t->size);
        if (rc) return rc;
        for (int j = 0; j < i; j++)
            if (strcmp(p->tasks[j].evidence, t->evidence) == 0)
                return dft_error_set(DFT_EEXISTS, "evidence %s given twice", evidence[i]);
    }
    qsort(p->tasks, (size_t)n, sizeof *p->tasks, by_size_desc);
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return dft_error_set(DFT_EIO, "shard folder %s: %s", dir, strerror(errno));
    p->dir = realpath(dir, NULL);
    if (!p->dir) return dft_error_set(DFT_EIO, "shard folder %s: %s", dir, strerror(errno));
    for (int i = 0; i < n; i++) {
        p->tasks[i].index = i;
        p->tasks[i].shard = shard_path(p->dir, i, p->tasks[i].evidence);
        if (!p->tasks[i].shard) return dft_error_set(DFT_ENOMEM, "out of memory");
    }
    size_t len = strlen(p->dir) + 16;
    p->path = malloc(len);
    if (!p->path) return dft_error_set(DFT_ENOMEM, "out of memory");
    snprintf(p->path, len, "%s/plan.json", p->dir);
    char now[32];
    dft_batch_now_utc(now, sizeof now);
    p->created_utc = strdup(now);
    return DFT_OK;
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *str_array(char *const *a, int n)
{
    json_t *j = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(j, json_string(a[i]));
    return j;
}

int dft_batch_write_file(const char *path, const char *text, int mode)
{
    size_t n = strlen(path) + 32;
    char *tmp = malloc(n);
    if (!tmp) return dft_error_set(DFT_ENOMEM, "out of memory");
    snprintf(tmp, n, "%s.tmp.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
    if (fd < 0) {
        int rc = dft_error_set(DFT_EIO, "%s: %s", tmp, strerror(errno));
        free(tmp);
        return rc;
    }
    int rc = dft_write_all(fd, text, strlen(text));
    if (!rc && fsync(fd) != 0) rc = dft_error_set(DFT_EIO, "%s: fsync: %s", tmp, strerror(errno));
    if (close(fd) != 0 && !rc) rc = dft_error_set(DFT_EIO, "%s: close: %s", tmp, strerror(errno));
    if (!rc && rename(tmp, path) != 0) rc = dft_error_set(DFT_EIO, "%s: rename: %s", path, strerror(errno));
    if (rc) unlink(tmp);
    free(tmp);
    return rc;
}

int dft_batch_plan_save(const dft_batch_plan *p)
{
    if (access(p->path, F_OK) == 0)
        return dft_error_set(DFT_EEXISTS,
                             "a batch plan already exists: %s (see `dftriage batch --status`; "
                             "remove the shard folder to plan again)", p->path);
    json_t *tasks = json_array();
    for (int i = 0; i < p->n; i++) {
        const dft_batch_task *t = &p->tasks[i];
        json_array_append_new(tasks, json_pack("{s:i,s:s,s:I,s:s}", "index", t->index, "evidence", t->evidence,
                                               "size", (json_int_t)t->size, "shard", t->shard));
    }
    json_t *j = json_pack("{s:i,s:s,s:s,s:s,s:o,s:o,s:s,s:s,s:i,s:i,s:o,s:o,s:o,s:o}", "plan_version", PLAN_VERSION,
                          "created_utc", p->created_utc, "case", p->case_path, "shard_dir", p->dir, "case_number",
                          str_or_null(p->case_number), "examiner", str_or_null(p->examiner), "binary", p->binary,
                          "mode", p->mode, "requeue", p->requeue, "max_parallel", p->max_parallel, "partition",
                          str_or_null(p->partition), "sbatch_args", str_array(p->sbatch_args, p->n_sbatch_args),
                          "ingest_args", str_array(p->ingest_args, p->n_ingest_args), "tasks", tasks);
    if (!j) return dft_error_set(DFT_ENOMEM, "plan: cannot build the JSON");
    char *text = json_dumps(j, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
    json_decref(j);
    if (!text) return dft_error_set(DFT_ENOMEM, "out of memory");
    size_t n = strlen(p->dir) + 16;
    char sub[PATH_MAX];
    int rc = DFT_OK;
    for (int k = 0; k < 2 && !rc; k++) {
        snprintf(sub, sizeof sub, "%s/%s", p->dir, k ? "logs" : "state");
        if (mkdir(sub, 0700) != 0 && errno != EEXIST) rc = dft_error_set(DFT_EIO, "%s: %s", sub, strerror(errno));
    }
    (void)n;
    if (!rc) rc = dft_batch_write_file(p->path, text, 0600);
    free(text);
    return rc;
}

static bool same_text(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

bool dft_batch_plan_same(const dft_batch_plan *saved, const dft_batch_plan *now, char *why, size_t cap)
{
    const char *diff = NULL;
    if (!same_text(saved->mode, now->mode)) diff = "mode (--slurm / --local)";
    else if (!same_text(saved->case_path, now->case_path)) diff = "case file";
    else if (!same_text(saved->case_number, now->case_number) || !same_text(saved->examiner, now->examiner))
        diff = "--case-number / --examiner";
    else if (saved->requeue != now->requeue) diff = "--requeue";
    else if (saved->n != now->n) diff = "number of evidence items";
    for (int i = 0; !diff && i < now->n; i++)
        if (!same_text(saved->tasks[i].evidence, now->tasks[i].evidence) ||
            !same_text(saved->tasks[i].shard, now->tasks[i].shard))
            diff = "evidence items (or their order by size)";
    if (!diff && saved->n_ingest_args != now->n_ingest_args) diff = "--ingest-arg";
    for (int i = 0; !diff && i < now->n_ingest_args; i++)
        if (!same_text(saved->ingest_args[i], now->ingest_args[i])) diff = "--ingest-arg";
    if (diff) snprintf(why, cap, "%s", diff);
    return diff == NULL;
}

static char *get_str(json_t *o, const char *key, bool required, int *rc)
{
    json_t *v = json_object_get(o, key);
    if (json_is_string(v)) return strdup(json_string_value(v));
    if (required || (v && !json_is_null(v))) *rc = dft_error_set(DFT_ECORRUPT, "plan: '%s' missing or not text", key);
    return NULL;
}

static int get_strs(json_t *o, const char *key, char **out, int *n)
{
    json_t *a = json_object_get(o, key);
    if (!json_is_array(a) || json_array_size(a) > DFT_BATCH_MAX_ARGS)
        return dft_error_set(DFT_ECORRUPT, "plan: '%s' is not a list of at most %d texts", key, DFT_BATCH_MAX_ARGS);
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v)
    {
        if (!json_is_string(v)) return dft_error_set(DFT_ECORRUPT, "plan: '%s' holds a non-text item", key);
        out[(*n)++] = strdup(json_string_value(v));
    }
    return DFT_OK;
}

/* plan.json is not trusted blindly (issue 14 fix 6). Whoever can write the plan or the shard folder could
 * otherwise make every task run a program of their choice or swap shards: the folder and the plan must
 * be owned by this user and not group/world-writable, and the binary run is always the running dftriage
 * (/proc/self/exe), whatever the plan says (a differing plan binary is reported, not run). */
static int owned_private(const char *path, const char *what)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return dft_error_set(DFT_EIO, "%s %s: %s", what, path, strerror(errno));
    if (st.st_uid != geteuid())
        return dft_error_set(DFT_EUNSUPPORTED, "%s %s is owned by uid %lu, not by this user (uid %lu): refused",
                             what, path, (unsigned long)st.st_uid, (unsigned long)geteuid());
    if (st.st_mode & (S_IWGRP | S_IWOTH))
        return dft_error_set(DFT_EUNSUPPORTED, "%s %s is group- or world-writable (mode %03o): refused; "
                             "chmod go-w it", what, path, (unsigned)(st.st_mode & 0777));
    return DFT_OK;
}

static int plan_trust(dft_batch_plan *p, const char *plan_path)
{
    int rc = owned_private(p->dir, "shard folder");
    if (!rc) rc = owned_private(plan_path, "plan");
    if (rc) return rc;
    char exe[PATH_MAX], want[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len <= 0) return dft_error_set(DFT_EIO, "cannot find this executable: %s", strerror(errno));
    exe[len] = '\0';
    if (!realpath(p->binary, want) || strcmp(want, exe) != 0)
        fprintf(stderr, "dftriage batch: plan %s names binary %s; running %s instead (the plan's is not trusted)\n",
                plan_path, p->binary, exe);
    char *b = strdup(exe);
    if (!b) return dft_error_set(DFT_ENOMEM, "out of memory");
    free(p->binary);
    p->binary = b;
    return DFT_OK;
}

int dft_batch_plan_load(dft_batch_plan *p, const char *plan_path)
{
    memset(p, 0, sizeof *p);
    json_error_t err;
    json_t *j = json_load_file(plan_path, JSON_REJECT_DUPLICATES, &err);
    if (!j) return dft_error_set(access(plan_path, F_OK) ? DFT_ENOTFOUND : DFT_ECORRUPT, "plan %s: %s", plan_path, err.text);
    int rc = DFT_OK;
    json_t *ver = json_object_get(j, "plan_version");
    if (!json_is_integer(ver) || json_integer_value(ver) != PLAN_VERSION)
        rc = dft_error_set(DFT_EUNSUPPORTED, "plan %s: not a version %d batch plan", plan_path, PLAN_VERSION);
    p->path = strdup(plan_path);
    if (!rc) p->created_utc = get_str(j, "created_utc", true, &rc);
    if (!rc) p->case_path = get_str(j, "case", true, &rc);
    if (!rc) p->dir = get_str(j, "shard_dir", true, &rc);
    if (!rc) p->case_number = get_str(j, "case_number", false, &rc);
    if (!rc) p->examiner = get_str(j, "examiner", false, &rc);
    if (!rc) p->binary = get_str(j, "binary", true, &rc);
    if (!rc) p->mode = get_str(j, "mode", true, &rc);
    if (!rc) p->partition = get_str(j, "partition", false, &rc);
    if (!rc) rc = get_strs(j, "sbatch_args", p->sbatch_args, &p->n_sbatch_args);
    if (!rc) rc = get_strs(j, "ingest_args", p->ingest_args, &p->n_ingest_args);
    json_t *rq = json_object_get(j, "requeue"), *mp = json_object_get(j, "max_parallel");
    if (!rc && (!json_is_integer(rq) || json_integer_value(rq) < 0 || json_integer_value(rq) > 100 ||
                !json_is_integer(mp) || json_integer_value(mp) < 0 || json_integer_value(mp) > 100000))
        rc = dft_error_set(DFT_ECORRUPT, "plan %s: bad requeue or max_parallel", plan_path);
    if (!rc) {
        p->requeue = (int)json_integer_value(rq);
        p->max_parallel = (int)json_integer_value(mp);
    }
    json_t *tasks = json_object_get(j, "tasks");
    if (!rc && (!json_is_array(tasks) || json_array_size(tasks) == 0 || json_array_size(tasks) > DFT_BATCH_MAX_TASKS))
        rc = dft_error_set(DFT_ECORRUPT, "plan %s: no task list", plan_path);
    if (!rc) {
        p->tasks = calloc(json_array_size(tasks), sizeof *p->tasks);
        if (!p->tasks) rc = dft_error_set(DFT_ENOMEM, "out of memory");
    }
    for (size_t i = 0; !rc && i < json_array_size(tasks); i++) {
        json_t *t = json_array_get(tasks, i);
        dft_batch_task *bt = &p->tasks[i];
        p->n = (int)i + 1;
        json_t *ix = json_object_get(t, "index"), *sz = json_object_get(t, "size");
        if (!json_is_integer(ix) || json_integer_value(ix) != (json_int_t)i || !json_is_integer(sz) ||
            json_integer_value(sz) < 0) {
            rc = dft_error_set(DFT_ECORRUPT, "plan %s: task %zu is malformed", plan_path, i);
            break;
        }
        bt->index = (int)i;
        bt->size = (uint64_t)json_integer_value(sz);
        bt->evidence = get_str(t, "evidence", true, &rc);
        if (!rc) bt->shard = get_str(t, "shard", true, &rc);
    }
    json_decref(j);
    if (!rc) rc = plan_trust(p, plan_path);
    if (rc) dft_batch_plan_free(p);
    return rc;
}

void dft_batch_plan_free(dft_batch_plan *p)
{
    for (int i = 0; p->tasks && i < p->n; i++) {
        free(p->tasks[i].evidence);
        free(p->tasks[i].shard);
    }
    free(p->tasks);
    for (int i = 0; i < p->n_sbatch_args; i++) free(p->sbatch_args[i]);
    for (int i = 0; i < p->n_ingest_args; i++) free(p->ingest_args[i]);
    free(p->path), free(p->dir), free(p->case_path), free(p->case_number), free(p->examiner);
    free(p->binary), free(p->mode), free(p->created_utc), free(p->partition);
    memset(p, 0, sizeof *p);
}

static void state_path(const dft_batch_plan *p, int index, char *buf, size_t len)
{
    snprintf(buf, len, "%s/state/task-%04d.json", p->dir, index);
}

static void copy_field(json_t *o, const char *key, char *dst, size_t len)
{
    json_t *v = json_object_get(o, key);
    snprintf(dst, len, "%s", json_is_string(v) ? json_string_value(v) : "");
}

int dft_batch_state_load(const dft_batch_plan *p, int index, dft_batch_state *st)
{
    memset(st, 0, sizeof *st);
    snprintf(st->state, sizeof st->state, "pending");
    st->exit_code = -1;
    char path[PATH_MAX];
    state_path(p, index, path, sizeof path);
    struct stat sb;
    if (stat(path, &sb) != 0) return DFT_OK; /* never started */
    if (sb.st_size > MAX_STATE_FILE) return dft_error_set(DFT_ECORRUPT, "%s: too large for a task state", path);
    json_error_t err;
    json_t *j = json_load_file(path, 0, &err);
    if (!json_is_object(j)) {
        json_decref(j);
        return dft_error_set(DFT_ECORRUPT, "%s: %s", path, err.text);
    }
    copy_field(j, "state", st->state, sizeof st->state);
    copy_field(j, "host", st->host, sizeof st->host);
    copy_field(j, "slurm_job", st->slurm_job, sizeof st->slurm_job);
    copy_field(j, "started_utc", st->started_utc, sizeof st->started_utc);
    copy_field(j, "ended_utc", st->ended_utc, sizeof st->ended_utc);
    copy_field(j, "note", st->note, sizeof st->note);
    json_t *a = json_object_get(j, "attempts"), *e = json_object_get(j, "exit"), *s = json_object_get(j, "signal");
    int rc = DFT_OK;
    if (!json_is_integer(a) || json_integer_value(a) < 0 || json_integer_value(a) > 1000)
        rc = dft_error_set(DFT_ECORRUPT, "%s: bad attempts", path);
    else
        st->attempts = (int)json_integer_value(a);
    st->exit_code = json_is_integer(e) ? (int)json_integer_value(e) : -1;
    st->signal = json_is_integer(s) ? (int)json_integer_value(s) : 0;
    if (strcmp(st->state, "running") && strcmp(st->state, "done") && strcmp(st->state, "failed"))
        rc = dft_error_set(DFT_ECORRUPT, "%s: unknown state '%s'", path, st->state);
    json_decref(j);
    return rc;
}

int dft_batch_state_save(const dft_batch_plan *p, int index, const dft_batch_state *st)
{
    json_t *j = json_pack("{s:i,s:s,s:i,s:i,s:i,s:s,s:s,s:s,s:s,s:s}", "index", index, "state", st->state,
                          "attempts", st->attempts, "exit", st->exit_code, "signal", st->signal, "host", st->host,
                          "slurm_job", st->slurm_job, "started_utc", st->started_utc, "ended_utc", st->ended_utc,
                          "note", st->note);
    if (!j) return dft_error_set(DFT_ENOMEM, "task state: cannot build the JSON");
    char *text = json_dumps(j, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
    json_decref(j);
    if (!text) return dft_error_set(DFT_ENOMEM, "out of memory");
    char path[PATH_MAX];
    state_path(p, index, path, sizeof path);
    int rc = dft_batch_write_file(path, text, 0600);
    free(text);
    return rc;
}

char *dft_batch_finish_read(const dft_batch_plan *p)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/state/finish.json", p->dir);
    struct stat sb;
    if (stat(path, &sb) != 0 || sb.st_size > MAX_STATE_FILE) return NULL;
    json_t *j = json_load_file(path, 0, NULL);
    if (!json_is_object(j)) {
        json_decref(j);
        return NULL;
    }
    char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(j);
    return s;
}

int dft_batch_finish_write(const dft_batch_plan *p, const char *json_text)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/state/finish.json", p->dir);
    return dft_batch_write_file(path, json_text, 0600);
}
