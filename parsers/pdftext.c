/*
 * pdftext.c - PDF text page by page through poppler-glib (rules in pdftext.h), read in a child process:
 * poppler is a large C++ library fed hostile bytes, and a crash, a runaway allocation or an endless
 * page layout inside it must cost one document, not the ingest. The child runs read_in_process() with
 * a callback set that serialises each page, line and warning onto a pipe; the parent replays them to
 * the caller's callbacks as they arrive, so what was read before a crash or a timeout is kept.
 *
 * The child is a fresh image, not just a fork: the caller is multi-threaded (the ingest's workers), and
 * a forked copy of a multi-threaded process inherits every lock another thread held at that instant
 * (allocator, GLib type system, fontconfig, poppler's globals) with no thread to release it, so poppler
 * in a bare fork can block forever (seen under ASan: page 1 never finished). So the child, between
 * fork and exec, only moves descriptors (async-signal-safe calls), then re-executes this same program
 * (/proc/self/exe) with DFT_PDF_CHILD in its environment; pdf_child_entry(), a constructor, takes over
 * before main(), maps the document from a memfd on descriptor 3 and writes its records to descriptor 4.
 * Where /proc/self/exe or memfd_create is not available, the child is a bare fork (the old way).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE   /* memfd_create, pipe2 */
#endif
#include "pdftext.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <poll.h>
#include <poppler.h>
#include <signal.h>
#include <stdarg.h>
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

/* ASan reserves terabytes of shadow address space: no RLIMIT_AS under it */
#if defined(__SANITIZE_ADDRESS__)
#define DFT_PDF_LIMIT_AS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DFT_PDF_LIMIT_AS 0
#endif
#endif
#ifndef DFT_PDF_LIMIT_AS
#define DFT_PDF_LIMIT_AS 1
#endif

static void warn(const dft_ooxml_cb *cb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(const dft_ooxml_cb *cb, const char *fmt, ...)
{
    if (!cb->warning) return;
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cb->warning(cb->ctx, msg);
}

int dft_pdf_is(const void *data, size_t len)
{
    const char *p = data;
    size_t lim = len < 1024 ? len : 1024;
    for (size_t i = 0; i + 5 <= lim; i++)
        if (p[i] == '%' && memcmp(p + i, "%PDF-", 5) == 0) return 1;
    return 0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The lines of one page's text as paragraphs (1-based, empty lines counted, CR dropped). */
static int emit_lines(const dft_ooxml_cb *cb, const char *text)
{
    uint32_t line = 0;
    const char *p = text;
    int rc = DFT_OK;
    while (*p && rc == DFT_OK) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        line++;
        size_t k = n;
        while (k && (p[k - 1] == '\r' || p[k - 1] == ' ')) k--;
        if (k && cb->paragraph) {
            if (k > DFT_OOXML_MAX_TEXT) k = DFT_OOXML_MAX_TEXT;
            char *l = g_strndup(p, k);   /* stops at a NUL in the text: a line starting with one is empty */
            if (l[0]) rc = cb->paragraph(cb->ctx, line, l);
            g_free(l);
        }
        p += n + (nl ? 1 : 0);
    }
    return rc;
}

static int read_in_process(const void *data, size_t len, uint32_t max_pages, double max_s, const dft_ooxml_cb *cb)
{
    GBytes *bytes = g_bytes_new_static(data, len);
    GError *err = NULL;
    PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &err);   /* NULL = empty user password */
    if (!doc) {
        int enc = err && err->domain == POPPLER_ERROR && err->code == POPPLER_ERROR_ENCRYPTED;
        int rc = enc ? dft_error_set(DFT_EUNSUPPORTED, "PDF needs a password: text not readable")
                     : DFT_CORRUPT("PDF not readable: %s", err && err->message ? err->message : "poppler failed");
        if (err) g_error_free(err);
        g_bytes_unref(bytes);
        return rc;
    }
    int pages = poppler_document_get_n_pages(doc);
    int rc = DFT_OK;
    double t0 = now();
    if (pages < 0) pages = 0;
    for (int i = 0; i < pages && rc == DFT_OK; i++) {
        if ((uint32_t)i >= max_pages) {
            warn(cb, "PDF: pages %d-%d of %d not read (cap %u pages)", i + 1, pages, pages, max_pages);
            break;
        }
        if (now() - t0 > max_s) {
            warn(cb, "PDF: reading stopped at page %d of %d after %.0f s", i + 1, pages, max_s);
            break;
        }
        PopplerPage *pg = poppler_document_get_page(doc, i);
        if (!pg) {
            warn(cb, "PDF: page %d could not be loaded", i + 1);
            continue;
        }
        if (cb->page) rc = cb->page(cb->ctx, (uint32_t)i + 1, NULL);
        char *text = rc ? NULL : poppler_page_get_text(pg);
        if (text) {
            rc = emit_lines(cb, text);
            g_free(text);
        }
        g_object_unref(pg);
    }
    g_object_unref(doc);
    g_bytes_unref(bytes);
    return rc;
}

/* ---- the child process and its pipe protocol ----
 * records: 'P' u32 page | 'L' u32 line, u32 n, n bytes | 'W' u32 n, n bytes | 'E' i32 rc, u32 n, n bytes
 * (integers in host order: both ends are this process image). 'E' is always the last record. */

static int put(int fd, const void *p, size_t n)
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

static int put_rec(int fd, char tag, const uint32_t *nums, int k, const char *text)
{
    uint32_t n = text ? (uint32_t)strlen(text) : 0;
    if (put(fd, &tag, 1) || (k && put(fd, nums, (size_t)k * sizeof *nums))) return -1;
    if (text && (put(fd, &n, sizeof n) || put(fd, text, n))) return -1;
    return 0;
}

/* Test hook, read in the child only: DFT_PDF_TEST_FAULT=crash:N or hang:N makes the child die by
 * SIGSEGV or stop responding once page N has begun (tests/pdf checks what the parent keeps). */
static void child_fault(uint32_t page)
{
    const char *f = getenv("DFT_PDF_TEST_FAULT");
    if (!f) return;
    const char *colon = strchr(f, ':');
    if (!colon || (uint32_t)strtoul(colon + 1, NULL, 10) != page) return;
    if (!strncmp(f, "crash:", 6)) raise(SIGSEGV);
    if (!strncmp(f, "hang:", 5))
        for (;;) pause();
}

static int child_page(void *ctx, uint32_t index, const char *name)
{
    (void)name;
    int rc = put_rec(*(int *)ctx, 'P', &index, 1, NULL) ? DFT_EIO : DFT_OK;
    child_fault(index);
    return rc;
}

static int child_line(void *ctx, uint32_t index, const char *text)
{
    return put_rec(*(int *)ctx, 'L', &index, 1, text) ? DFT_EIO : DFT_OK;
}

static void child_warning(void *ctx, const char *msg) { (void)put_rec(*(int *)ctx, 'W', NULL, 0, msg); }

static void child_limits(size_t len, double max_s)
{
    (void)len;   /* only the address-space budget uses it */
    struct rlimit cpu = { (rlim_t)max_s + 5, (rlim_t)max_s + 6 };
    (void)setrlimit(RLIMIT_CPU, &cpu);
#if DFT_PDF_LIMIT_AS
    /* address space: what is mapped now (the program and its libraries; in a bare fork also the
     * parent's mappings) plus a budget for poppler (1 GiB + 4x the document). ASan reserves terabytes of shadow: no bound there. */
    size_t mapped = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long pages = 0;
    if (f) {
        if (fscanf(f, "%lu", &pages) == 1) mapped = (size_t)pages * (size_t)sysconf(_SC_PAGESIZE);
        fclose(f);
    }
    if (mapped) {
        rlim_t as = (rlim_t)mapped + ((rlim_t)1 << 30) + (rlim_t)len * 4;
        struct rlimit r = { as, as };
        (void)setrlimit(RLIMIT_AS, &r);
    }
#endif
}

static void __attribute__((noreturn)) run_child(int fd, const void *data, size_t len, uint32_t max_pages, double max_s)
{
    signal(SIGPIPE, SIG_IGN);
    int devnull = open("/dev/null", O_WRONLY);   /* poppler's own diagnostics */
    if (devnull >= 0) { dup2(devnull, 2); close(devnull); }
    child_limits(len, max_s);
    dft_ooxml_cb ccb = { .ctx = &fd, .paragraph = child_line, .warning = child_warning, .page = child_page };
    int rc = read_in_process(data, len, max_pages, max_s, &ccb);
    int32_t code = rc;
    const char *msg = rc ? dft_error_last() : "";
    if (put(fd, "E", 1) == 0 && put(fd, &code, sizeof code) == 0) {
        uint32_t n = (uint32_t)strlen(msg);
        if (put(fd, &n, sizeof n) == 0) (void)put(fd, msg, n);
    }
    _exit(0);
}

/* The descriptors of an exec'd child: the document (a memfd, read-only mapping) and the record pipe. */
#define CHILD_DATA_FD 3
#define CHILD_OUT_FD 4
#define CHILD_ENV "DFT_PDF_CHILD"

/* Runs before main() in every program that links this file: in a child started by start_exec_child()
 * it reads the document and never returns; elsewhere it does nothing. */
__attribute__((constructor)) static void pdf_child_entry(void)
{
    const char *spec = getenv(CHILD_ENV);
    if (!spec) return;
    unsigned max_pages = 0;
    double max_s = 0;
    if (sscanf(spec, "%u:%lf", &max_pages, &max_s) != 2) _exit(126);
    unsetenv(CHILD_ENV);
    struct stat st;
    if (fstat(CHILD_DATA_FD, &st) != 0 || st.st_size <= 0) _exit(126);
    size_t len = (size_t)st.st_size;
    void *data = mmap(NULL, len, PROT_READ, MAP_PRIVATE, CHILD_DATA_FD, 0);
    if (data == MAP_FAILED) _exit(126);
    close(CHILD_DATA_FD);
    run_child(CHILD_OUT_FD, data, len, max_pages, max_s);
}

extern char **environ;

/* Whether this process can re-execute itself: checked once (a deleted binary still executes through
 * /proc/self/exe; a system without /proc does not). */
static int can_exec_self(void)
{
    static int known = -1;   /* racy but idempotent: every thread computes the same answer */
    if (known < 0) known = access("/proc/self/exe", X_OK) == 0;
    return known;
}

/* The document in an anonymous memory file (the child maps it; nothing reaches a disk). -1 on failure. */
static int document_memfd(const void *data, size_t len)
{
    int fd = memfd_create("dft-pdf", MFD_CLOEXEC);
    if (fd < 0) return -1;
    const char *p = data;
    size_t left = len;
    while (left) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) { close(fd); return -1; }
        p += w;
        left -= (size_t)w;
    }
    return fd;
}

/* The child's environment: this one without any DFT_PDF_CHILD, plus the request. NULL on failure. */
static char **child_environment(uint32_t max_pages, double max_s, char *req, size_t reqcap)
{
    size_t n = 0;
    while (environ && environ[n]) n++;
    char **envp = malloc((n + 2) * sizeof *envp);
    if (!envp) return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], CHILD_ENV "=", sizeof CHILD_ENV) != 0) envp[k++] = environ[i];
    snprintf(req, reqcap, CHILD_ENV "=%u:%.3f", max_pages, max_s);
    envp[k++] = req;
    envp[k] = NULL;
    return envp;
}

/* Starts the reader as a fresh image of this program, its records on out_fd. The pid, or -1 (errno). */
static pid_t start_exec_child(const void *data, size_t len, uint32_t max_pages, double max_s, int out_fd)
{
    int doc = document_memfd(data, len);
    if (doc < 0) return -1;
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    char req[64];
    char **envp = child_environment(max_pages, max_s, req, sizeof req);
    char *argv[] = { (char *)"dftriage-pdf-reader", NULL };
    pid_t pid = envp && null >= 0 ? fork() : -1;
    if (pid == 0) {
        /* only async-signal-safe calls until execve: descriptors to their numbers (dup2 clears
         * close-on-exec on the copy; the temporaries above 10 keep it) */
        int d = fcntl(doc, F_DUPFD_CLOEXEC, 10), o = fcntl(out_fd, F_DUPFD_CLOEXEC, 10);
        if (d < 0 || o < 0 || dup2(d, CHILD_DATA_FD) < 0 || dup2(o, CHILD_OUT_FD) < 0) _exit(127);
        dup2(null, 0);
        dup2(null, 1);
        dup2(null, 2);   /* poppler's own diagnostics */
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

typedef struct reader {
    int fd;
    double deadline;
    bool timed_out;
} reader;

/* Reads exactly n bytes before the deadline: 0, or -1 at EOF/error/timeout (timed_out set). */
static int get(reader *r, void *p, size_t n)
{
    char *b = p;
    while (n) {
        double left = r->deadline - now();
        if (left <= 0) { r->timed_out = true; return -1; }
        struct pollfd pfd = { r->fd, POLLIN, 0 };
        int pr = poll(&pfd, 1, (int)(left * 1000) + 1);
        if (pr < 0 && errno == EINTR) continue;
        if (pr <= 0) { if (pr == 0) r->timed_out = true; return -1; }
        ssize_t got = read(r->fd, b, n);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return -1;
        b += got;
        n -= (size_t)got;
    }
    return 0;
}

/* A text record's bytes (bounded by DFT_OOXML_MAX_TEXT + 1 for lines, 4 KiB for messages). */
static char *get_text(reader *r, uint32_t cap)
{
    uint32_t n;
    if (get(r, &n, sizeof n) || n > cap) return NULL;
    char *t = malloc((size_t)n + 1);
    if (!t) return NULL;
    if (get(r, t, n)) { free(t); return NULL; }
    t[n] = 0;
    return t;
}

int dft_pdf_read(const void *data, size_t len, const dft_pdf_limits *lim, const dft_ooxml_cb *cb)
{
    static const dft_ooxml_cb none;
    if (!cb) cb = &none;
    if (!data || !dft_pdf_is(data, len)) return dft_error_set(DFT_ENOTFOUND, "no %%PDF- header");
    if (len > DFT_PDF_MAX) return dft_error_set(DFT_ELIMIT, "PDF of %zu bytes over the %zu-byte cap", len, DFT_PDF_MAX);
    uint32_t max_pages = lim && lim->max_pages ? lim->max_pages : 5000;
    double max_s = lim && lim->max_seconds > 0 ? lim->max_seconds : 60.0;
    if (lim && lim->in_process) return read_in_process(data, len, max_pages, max_s, cb);

    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return dft_error_set(DFT_EIO, "PDF: pipe: %s", strerror(errno));
    fflush(NULL);
    pid_t pid = can_exec_self() ? start_exec_child(data, len, max_pages, max_s, fds[1]) : -1;
    if (pid < 0) {
        pid = fork();   /* no /proc or no memfd: a bare fork (see the head of this file) */
        if (pid == 0) {
            close(fds[0]);
            run_child(fds[1], data, len, max_pages, max_s);
        }
    }
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return dft_error_set(DFT_EIO, "PDF: fork: %s", strerror(errno));
    }
    close(fds[1]);
    /* the child stops starting pages at max_s; the grace (max_s, at most 10 s) covers the page in
     * progress and the exit */
    double grace = max_s < 10.0 ? max_s : 10.0;
    reader r = { .fd = fds[0], .deadline = now() + max_s + grace };
    int rc = DFT_OK, child_rc = DFT_OK;
    bool ended = false;
    uint32_t last_page = 0;
    char *child_msg = NULL;
    while (rc == DFT_OK && !ended) {
        char tag;
        if (get(&r, &tag, 1)) break;
        uint32_t num;
        char *text = NULL;
        switch (tag) {
        case 'P':
            if (get(&r, &num, sizeof num)) goto lost;
            last_page = num;
            if (cb->page) rc = cb->page(cb->ctx, num, NULL);
            break;
        case 'L':
            if (get(&r, &num, sizeof num) || !(text = get_text(&r, DFT_OOXML_MAX_TEXT + 1))) goto lost;
            if (cb->paragraph) rc = cb->paragraph(cb->ctx, num, text);
            break;
        case 'W':
            if (!(text = get_text(&r, 4096))) goto lost;
            if (cb->warning) cb->warning(cb->ctx, text);
            break;
        case 'E': {
            int32_t code;
            if (get(&r, &code, sizeof code) || !(child_msg = get_text(&r, 4096))) goto lost;
            child_rc = code;
            ended = true;
            break;
        }
        default:
            goto lost;
        }
        free(text);
        continue;
    lost:
        free(text);
        break;
    }
    close(fds[0]);
    int status = 0;
    if (!ended) kill(pid, SIGKILL);   /* a callback stopped us, the child died, or it ran out of time */
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    if (rc == DFT_OK && !ended) {
        if (r.timed_out)
            rc = dft_error_set(DFT_ELIMIT, "PDF: reader stopped after %.0f s (in page %u): text before it kept",
                               max_s + grace, last_page ? last_page : 1);
        else if (WIFSIGNALED(status))
            rc = DFT_CORRUPT("PDF: the reader died (signal %d) in page %u: text before it kept",
                             WTERMSIG(status), last_page ? last_page : 1);
        else
            rc = DFT_CORRUPT("PDF: the reader ended without a result in page %u", last_page ? last_page : 1);
    } else if (rc == DFT_OK && child_rc != DFT_OK) {
        rc = dft_error_set(child_rc, "%s", child_msg && child_msg[0] ? child_msg : "PDF not readable");
    }
    free(child_msg);
    return rc;
}
