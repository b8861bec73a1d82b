/*
 * isolate.c - a document reader in a child process (rules in isolate.h).
 *
 * Pipe records (integers in host order: both ends are this program image); a string is u32 n then n
 * bytes, n = 0xFFFFFFFF for NULL:
 *   'P' u32 page, str name | 'T' u32 table, str name | 'C' u32 row, u32 col, str text | 'X' table end |
 *   'L' u32 paragraph, str text | 'S' str section name (NULL = main text) | 'W' str message |
 *   'E' i32 rc, str message (always the last record)
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE   /* memfd_create, pipe2 */
#endif
#include "isolate.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "pptread.h"
#include "xlsread.h"

/* ASan reserves terabytes of shadow address space: no RLIMIT_AS under it */
#if defined(__SANITIZE_ADDRESS__)
#define ISOLATE_LIMIT_AS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ISOLATE_LIMIT_AS 0
#endif
#endif
#ifndef ISOLATE_LIMIT_AS
#define ISOLATE_LIMIT_AS 1
#endif

/* The readers a child can run: the one place that names them. */
static const struct {
    const char *name;
    dft_isolate_fn fn;
} readers[] = {
    { "xls", dft_xls_child_read },
    { "ppt", dft_ppt_child_read },
};

static dft_isolate_fn reader_fn(const char *name)
{
    for (size_t i = 0; i < sizeof readers / sizeof *readers; i++)
        if (!strcmp(readers[i].name, name)) return readers[i].fn;
    return NULL;
}

#define NULL_STR 0xFFFFFFFFu
#define MSG_CAP 4096u

double dft_isolate_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- the child's side ------------------------------------------------------------------------- */

int dft_isolate_write(int fd, const void *p, size_t n)
{
    const char *b = p;
    while (n) {
        ssize_t w = write(fd, b, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        b += w;
        n -= (size_t)w;
    }
    return 0;
}

/* tag, k numbers, then (has_text) a string: DFT_EIO when the parent is gone */
static int put_rec(int fd, char tag, const uint32_t *nums, int k, int has_text, const char *text)
{
    uint32_t n = !text ? NULL_STR : (uint32_t)strlen(text);
    if (dft_isolate_write(fd, &tag, 1) || (k && dft_isolate_write(fd, nums, (size_t)k * sizeof *nums))) return DFT_EIO;
    if (has_text && (dft_isolate_write(fd, &n, sizeof n) || (text && dft_isolate_write(fd, text, n)))) return DFT_EIO;
    return DFT_OK;
}

static int child_page(void *ctx, uint32_t index, const char *name)
{
    return put_rec(*(int *)ctx, 'P', &index, 1, 1, name);
}

static int child_table(void *ctx, uint32_t index, const char *name)
{
    return put_rec(*(int *)ctx, 'T', &index, 1, 1, name);
}

static int child_cell(void *ctx, uint32_t row, uint32_t col, const char *text)
{
    uint32_t rc[2] = { row, col };
    return put_rec(*(int *)ctx, 'C', rc, 2, 1, text);
}

static int child_table_end(void *ctx) { return put_rec(*(int *)ctx, 'X', NULL, 0, 0, NULL); }

static int child_line(void *ctx, uint32_t index, const char *text)
{
    return put_rec(*(int *)ctx, 'L', &index, 1, 1, text);
}

static int child_section(void *ctx, const char *name) { return put_rec(*(int *)ctx, 'S', NULL, 0, 1, name); }

static void child_warning(void *ctx, const char *msg) { (void)put_rec(*(int *)ctx, 'W', NULL, 0, 1, msg); }

static void child_limits(double cpu_s, uint64_t as_extra)
{
    struct rlimit cpu = { (rlim_t)cpu_s, (rlim_t)cpu_s + 1 };
    (void)setrlimit(RLIMIT_CPU, &cpu);
#if ISOLATE_LIMIT_AS
    /* what is mapped now (the program and its libraries; in a bare fork also the parent's mappings)
     * plus the reader's budget */
    size_t mapped = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long pages = 0;
    if (f) {
        if (fscanf(f, "%lu", &pages) == 1) mapped = (size_t)pages * (size_t)sysconf(_SC_PAGESIZE);
        fclose(f);
    }
    if (mapped && as_extra) {
        rlim_t as = (rlim_t)mapped + (rlim_t)as_extra;
        struct rlimit r = { as, as };
        (void)setrlimit(RLIMIT_AS, &r);
    }
#else
    (void)as_extra;
#endif
}

static void __attribute__((noreturn)) run_child(int fd, dft_isolate_fn fn, const void *data, size_t len,
                                                const char *arg, double cpu_s, uint64_t as_extra)
{
    signal(SIGPIPE, SIG_IGN);
    int devnull = open("/dev/null", O_WRONLY);   /* the library's own diagnostics */
    if (devnull >= 0) { dup2(devnull, 2); close(devnull); }
    child_limits(cpu_s, as_extra);
    dft_ooxml_cb ccb = { .ctx = &fd, .table = child_table, .cell = child_cell, .table_end = child_table_end,
                         .paragraph = child_line, .warning = child_warning, .page = child_page,
                         .section = child_section };
    int rc = fn(data, len, arg, &ccb);
    int32_t code = rc;
    if (dft_isolate_write(fd, "E", 1) == 0 && dft_isolate_write(fd, &code, sizeof code) == 0) {
        const char *msg = rc ? dft_error_last() : "";
        uint32_t n = (uint32_t)strlen(msg);
        if (n > MSG_CAP) n = MSG_CAP;
        if (dft_isolate_write(fd, &n, sizeof n) == 0) (void)dft_isolate_write(fd, msg, n);
    }
    _exit(0);
}

/* The descriptors of an exec'd child: the document (a memfd) and the record pipe. */
#define CHILD_DATA_FD 3
#define CHILD_OUT_FD 4
#define CHILD_ENV "DFT_ISOLATE_CHILD"

/* Runs before main() in every program that links this file: in a child started by start_exec_child()
 * it runs the requested reader and never returns; elsewhere it does nothing.
 * Request: "<reader>:<cpu seconds>:<as_extra>:<arg>". */
__attribute__((constructor)) static void isolate_child_entry(void)
{
    const char *spec = getenv(CHILD_ENV);
    if (!spec) return;
    char name[16];
    double cpu_s = 0;
    unsigned long long as_extra = 0;
    int used = 0;
    if (sscanf(spec, "%15[a-z]:%lf:%llu:%n", name, &cpu_s, &as_extra, &used) != 3 || !used) _exit(126);
    char arg[128];
    snprintf(arg, sizeof arg, "%s", spec + used);
    unsetenv(CHILD_ENV);
    dft_isolate_fn fn = reader_fn(name);
    struct stat st;
    if (!fn || fstat(CHILD_DATA_FD, &st) != 0 || st.st_size <= 0) _exit(126);
    size_t len = (size_t)st.st_size;
    void *data = mmap(NULL, len, PROT_READ, MAP_PRIVATE, CHILD_DATA_FD, 0);
    if (data == MAP_FAILED) _exit(126);
    close(CHILD_DATA_FD);
    run_child(CHILD_OUT_FD, fn, data, len, arg, cpu_s, as_extra);
}

/* ---- the parent's side ------------------------------------------------------------------------ */

extern char **environ;

/* Whether this process can re-execute itself: checked once (a deleted binary still executes through
 * /proc/self/exe; a system without /proc does not). */
int dft_isolate_can_exec_self(void)
{
    static int known = -1;   /* racy but idempotent: every thread computes the same answer */
    if (known < 0) known = access("/proc/self/exe", X_OK) == 0;
    return known;
}

/* The document in an anonymous memory file (the child maps it; nothing reaches a disk). -1 on failure. */
static int document_memfd(const void *data, size_t len)
{
    int fd = memfd_create("dft-doc", MFD_CLOEXEC);
    if (fd < 0) return -1;
    if (dft_isolate_write(fd, data, len)) {
        close(fd);
        return -1;
    }
    return fd;
}

/* The child's environment: this one without any request of ours, plus the request. NULL on failure. */
static char **child_environment(const char *req)
{
    size_t n = 0;
    while (environ && environ[n]) n++;
    char **envp = malloc((n + 2) * sizeof *envp);
    if (!envp) return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], CHILD_ENV "=", sizeof CHILD_ENV) != 0) envp[k++] = environ[i];
    envp[k++] = (char *)req;
    envp[k] = NULL;
    return envp;
}

/* Starts the reader as a fresh image of this program, its records on out_fd. The pid, or -1 (errno). */
static pid_t start_exec_child(const dft_isolate_opts *o, const void *data, size_t len, int out_fd)
{
    int doc = document_memfd(data, len);
    if (doc < 0) return -1;
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    char req[256];
    snprintf(req, sizeof req, CHILD_ENV "=%s:%.0f:%llu:%.64s", o->reader, o->cpu_seconds,
             (unsigned long long)o->as_extra, o->arg ? o->arg : "");
    char **envp = child_environment(req);
    char *argv[] = { (char *)"dftriage-doc-reader", NULL };
    pid_t pid = envp && null >= 0 ? fork() : -1;
    if (pid == 0) {
        /* only async-signal-safe calls until execve: descriptors to their numbers (dup2 clears
         * close-on-exec on the copy; the temporaries above 10 keep it) */
        int d = fcntl(doc, F_DUPFD_CLOEXEC, 10), w = fcntl(out_fd, F_DUPFD_CLOEXEC, 10);
        int nl = fcntl(null, F_DUPFD_CLOEXEC, 10);   /* /dev/null may be 3 or 4 itself */
        if (d < 0 || w < 0 || nl < 0 || dup2(d, CHILD_DATA_FD) < 0 || dup2(w, CHILD_OUT_FD) < 0) _exit(127);
        dup2(nl, 0);
        dup2(nl, 1);
        dup2(nl, 2);
        execve("/proc/self/exe", argv, envp);
        _exit(127);
    }
    int saved = errno;
    free(envp);
    if (null >= 0) close(null);
    close(doc);
    errno = saved;
    return pid;
}

typedef dft_isolate_pipe reader;

int dft_isolate_read_exact(dft_isolate_pipe *r, void *p, size_t n)
{
    char *b = p;
    while (n) {
        if (r->cb && r->cb->cancelled && r->cb->cancelled(r->cb->cancel_ctx)) { r->cancelled = 1; return -1; }
        double left = r->deadline - dft_isolate_now();
        if (left <= 0) { r->timed_out = 1; return -1; }
        int wait_ms = (int)(left * 1000) + 1;
        if (r->cb && r->cb->cancelled && wait_ms > DFT_ISOLATE_POLL_MS) wait_ms = DFT_ISOLATE_POLL_MS;
        struct pollfd pfd = { r->fd, POLLIN, 0 };
        int pr = poll(&pfd, 1, wait_ms);
        if (pr < 0 && errno == EINTR) continue;
        if (pr == 0) continue;   /* the deadline and the cancel flag are checked at the top */
        if (pr < 0) return -1;
        ssize_t got = read(r->fd, b, n);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return -1;
        b += got;
        n -= (size_t)got;
    }
    return 0;
}

/* A string record: 0 with *out malloc'd (NULL for a NULL string), -1 when lost or over cap. */
static int get_text(reader *r, uint32_t cap, char **out)
{
    uint32_t n;
    *out = NULL;
    if (dft_isolate_read_exact(r, &n, sizeof n)) return -1;
    if (n == NULL_STR) return 0;
    if (n > cap) return -1;
    char *t = malloc((size_t)n + 1);
    if (!t) return -1;
    if (dft_isolate_read_exact(r, t, n)) { free(t); return -1; }
    t[n] = 0;
    *out = t;
    return 0;
}

/* Replays one record to cb: 1 = replayed, 0 = the end record (*child_rc, *child_msg), -1 = lost. */
static int replay(reader *r, const dft_ooxml_cb *cb, dft_isolate_status *st, int *rc, int32_t *child_rc,
                  char **child_msg)
{
    char tag;
    uint32_t num[2];
    char *text = NULL;
    if (dft_isolate_read_exact(r, &tag, 1)) return -1;
    switch (tag) {
    case 'P':
    case 'T':
    case 'L':
        if (dft_isolate_read_exact(r, num, sizeof num[0]) || get_text(r, DFT_OOXML_MAX_TEXT + 1, &text)) return -1;
        if (tag != 'L') st->last_page = num[0];
        if (tag == 'P' && cb->page) *rc = cb->page(cb->ctx, num[0], text);
        else if (tag == 'T' && cb->table) *rc = cb->table(cb->ctx, num[0], text);
        else if (tag == 'L' && cb->paragraph && text) *rc = cb->paragraph(cb->ctx, num[0], text);
        break;
    case 'C':
        if (dft_isolate_read_exact(r, num, sizeof num) || get_text(r, DFT_OOXML_MAX_TEXT + 1, &text)) return -1;
        if (cb->cell && text) *rc = cb->cell(cb->ctx, num[0], num[1], text);
        break;
    case 'X':
        if (cb->table_end) *rc = cb->table_end(cb->ctx);
        break;
    case 'S':
        if (get_text(r, MSG_CAP, &text)) return -1;
        if (cb->section) *rc = cb->section(cb->ctx, text);
        break;
    case 'W':
        if (get_text(r, MSG_CAP, &text)) return -1;
        if (cb->warning && text) cb->warning(cb->ctx, text);
        break;
    case 'E':
        if (dft_isolate_read_exact(r, child_rc, sizeof *child_rc) || get_text(r, MSG_CAP, child_msg)) return -1;
        return 0;
    default:
        return -1;
    }
    free(text);
    return 1;
}

int dft_isolate_read(const dft_isolate_opts *o, const void *data, size_t len, const dft_ooxml_cb *cb,
                     dft_isolate_status *st)
{
    static const dft_ooxml_cb none;
    dft_isolate_status local;
    if (!st) st = &local;
    memset(st, 0, sizeof *st);
    if (!cb) cb = &none;
    dft_isolate_fn fn = reader_fn(o->reader);
    if (!fn) return dft_error_set(DFT_ERROR, "no isolated reader named %s", o->reader);
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return dft_error_set(DFT_EIO, "pipe: %s", strerror(errno));
    fflush(NULL);
    pid_t pid = dft_isolate_can_exec_self() && len ? start_exec_child(o, data, len, fds[1]) : -1;
    if (pid < 0) {
        pid = fork();   /* no /proc or no memfd: a bare fork (see isolate.h) */
        if (pid == 0) {
            close(fds[0]);
            run_child(fds[1], fn, data, len, o->arg ? o->arg : "", o->cpu_seconds, o->as_extra);
        }
    }
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return dft_error_set(DFT_EIO, "fork: %s", strerror(errno));
    }
    close(fds[1]);
    reader r = { .fd = fds[0], .deadline = dft_isolate_now() + o->wall_seconds, .cb = cb };
    int rc = DFT_OK;
    int32_t child_rc = DFT_OK;
    char *child_msg = NULL;
    int got = -1;
    while (rc == DFT_OK && (got = replay(&r, cb, st, &rc, &child_rc, &child_msg)) == 1) {}
    st->ended = rc == DFT_OK && got == 0;
    close(fds[0]);
    int status = 0;
    if (!st->ended) kill(pid, SIGKILL);   /* a callback stopped us, the child died, or it ran out of time */
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    st->timed_out = !st->ended && r.timed_out;
    st->cancelled = !st->ended && r.cancelled;
    st->signal = WIFSIGNALED(status) && !st->timed_out && !st->cancelled && rc == DFT_OK ? WTERMSIG(status) : 0;
    if (rc == DFT_OK && st->ended && child_rc != DFT_OK)
        rc = dft_error_set(child_rc, "%s", child_msg && child_msg[0] ? child_msg : "not readable");
    else if (rc == DFT_OK && !st->ended)
        rc = st->cancelled ? dft_error_set(DFT_ECANCELLED, "reading stopped: cancelled")
             : st->timed_out ? dft_error_set(DFT_ELIMIT, "reader stopped after %.0f s", o->wall_seconds)
             : st->signal ? DFT_CORRUPT("the reader died (signal %d)", st->signal)
                          : DFT_CORRUPT("the reader ended without a result");
    free(child_msg);
    return rc;
}
