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
 * (/proc/self/exe) with DFT_PDF_SERVER in its environment; pdf_server_entry(), a constructor, takes
 * over before main() and serves documents on descriptor 3 (a socket) until the socket closes.
 *
 * One such reader process per calling thread, kept for up to SERVER_MAX_DOCS documents: starting a
 * process image (dynamic linking of poppler, GLib, ICU ...) costs ~40-100 ms of CPU, far more than most
 * documents (645 PDFs of the bench image cost +150 CPU-s when every document had its own process). A
 * reader that crashes, times out or is abandoned mid-document is killed and the next document starts a
 * new one; limits (CPU, address space) are set again for each document. Where /proc/self/exe is not
 * available, each document gets a bare fork (the risk above, accepted there).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE   /* MSG_NOSIGNAL, SOCK_CLOEXEC */
#endif
#include "pdftext.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <poll.h>
#include <poppler.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "isolate.h"

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

int dft_pdf_is(const void *data, size_t len)
{
    const char *p = data;
    size_t lim = len < 1024 ? len : 1024;
    for (size_t i = 0; i + 5 <= lim; i++)
        if (p[i] == '%' && memcmp(p + i, "%PDF-", 5) == 0) return 1;
    return 0;
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
    double t0 = dft_isolate_now();
    if (pages < 0) pages = 0;
    for (int i = 0; i < pages && rc == DFT_OK; i++) {
        if ((uint32_t)i >= max_pages) {
            dft_ooxml_warnf(cb, "PDF: pages %d-%d of %d not read (cap %u pages)", i + 1, pages, pages, max_pages);
            break;
        }
        if (dft_isolate_now() - t0 > max_s) {
            dft_ooxml_warnf(cb, "PDF: reading stopped at page %d of %d after %.0f s", i + 1, pages, max_s);
            break;
        }
        PopplerPage *pg = poppler_document_get_page(doc, i);
        if (!pg) {
            dft_ooxml_warnf(cb, "PDF: page %d could not be loaded", i + 1);
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

static int put_rec(int fd, char tag, const uint32_t *nums, int k, const char *text)
{
    uint32_t n = text ? (uint32_t)strlen(text) : 0;
    if (dft_isolate_write(fd, &tag, 1) || (k && dft_isolate_write(fd, nums, (size_t)k * sizeof *nums))) return -1;
    if (text && (dft_isolate_write(fd, &n, sizeof n) || dft_isolate_write(fd, text, n))) return -1;
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

/* Sets a resource's soft limit, capped by its hard limit (which is never raised: under a finite hard
 * limit, from `ulimit` or a batch system, raising it would fail and leave no per-document bound). */
static void soft_limit(int resource, rlim_t want)
{
    struct rlimit r;
    if (getrlimit(resource, &r) != 0) return;
    r.rlim_cur = r.rlim_max != RLIM_INFINITY && (want == RLIM_INFINITY || want > r.rlim_max) ? r.rlim_max : want;
    (void)setrlimit(resource, &r);
}

/* Limits for one document: CPU time (the process's total so far + max_s + 5 s: a long-lived reader
 * accumulates CPU time) and, outside sanitizer builds, address space (what is mapped now: the program,
 * its libraries, the document; in a bare fork also the parent's mappings, plus 1 GiB + 4x the document). */
static void child_limits(size_t len, double max_s)
{
    (void)len;   /* only the address-space budget uses it */
    struct rusage ru;
    rlim_t used = 0;
    if (getrusage(RUSAGE_SELF, &ru) == 0) used = (rlim_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + 1;
    soft_limit(RLIMIT_CPU, used + (rlim_t)max_s + 5);
#if DFT_PDF_LIMIT_AS
    size_t mapped = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long pages = 0;
    if (f) {
        if (fscanf(f, "%lu", &pages) == 1) mapped = (size_t)pages * (size_t)sysconf(_SC_PAGESIZE);
        fclose(f);
    }
    if (mapped) {
        soft_limit(RLIMIT_AS, (rlim_t)mapped + ((rlim_t)1 << 30) + (rlim_t)len * 4);
    }
#endif
}

/* After a document: no address-space bound while the next one is received. */
static void child_limits_lift(void)
{
#if DFT_PDF_LIMIT_AS
    soft_limit(RLIMIT_AS, RLIM_INFINITY);
#endif
}

/* Reads one document and writes its records, 'E' last. */
static void serve_one(int fd, const void *data, size_t len, uint32_t max_pages, double max_s)
{
    child_limits(len, max_s);
    dft_ooxml_cb ccb = { .ctx = &fd, .paragraph = child_line, .warning = child_warning, .page = child_page };
    int rc = read_in_process(data, len, max_pages, max_s, &ccb);
    child_limits_lift();
    int32_t code = rc;
    const char *msg = rc ? dft_error_last() : "";
    if (dft_isolate_write(fd, "E", 1) == 0 && dft_isolate_write(fd, &code, sizeof code) == 0) {
        uint32_t n = (uint32_t)strlen(msg);
        if (dft_isolate_write(fd, &n, sizeof n) == 0) (void)dft_isolate_write(fd, msg, n);
    }
}

/* A bare fork's child: one document, then exit. */
static void __attribute__((noreturn)) run_child(int fd, const void *data, size_t len, uint32_t max_pages, double max_s)
{
    signal(SIGPIPE, SIG_IGN);
    int devnull = open("/dev/null", O_WRONLY);   /* poppler's own diagnostics */
    if (devnull >= 0) { dup2(devnull, 2); close(devnull); }
    serve_one(fd, data, len, max_pages, max_s);
    _exit(0);
}

/* ---- the reader process: requests 'R' u32 max_pages, f64 max_s, u64 len, len bytes; answers the
 * records above. Its socket is descriptor 3. ---- */
#define SERVER_FD 3
#define SERVER_ENV "DFT_PDF_SERVER"
#define SERVER_MAX_DOCS 256u

typedef struct request {
    char tag;
    uint32_t max_pages;
    double max_s;
    uint64_t len;
} request;

/* Reads exactly n bytes (blocking): 0, or -1 at EOF/error. */
static int get_all(int fd, void *p, size_t n)
{
    char *b = p;
    while (n) {
        ssize_t got = read(fd, b, n);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return -1;
        b += got;
        n -= (size_t)got;
    }
    return 0;
}

/* Runs before main() in every program that links this file: in a reader started by start_server() it
 * serves documents until its socket closes, and never returns; elsewhere it does nothing. */
__attribute__((constructor)) static void pdf_server_entry(void)
{
    if (!getenv(SERVER_ENV)) return;
    unsetenv(SERVER_ENV);
    signal(SIGPIPE, SIG_IGN);
    for (;;) {
        request q;
        if (get_all(SERVER_FD, &q.tag, 1) || q.tag != 'R' || get_all(SERVER_FD, &q.max_pages, sizeof q.max_pages) ||
            get_all(SERVER_FD, &q.max_s, sizeof q.max_s) || get_all(SERVER_FD, &q.len, sizeof q.len))
            _exit(0);   /* the caller closed the socket (or broke the protocol) */
        if (q.len == 0 || q.len > DFT_PDF_MAX) _exit(2);
        void *doc = malloc((size_t)q.len);
        if (!doc) _exit(3);
        if (get_all(SERVER_FD, doc, (size_t)q.len)) _exit(0);
        serve_one(SERVER_FD, doc, (size_t)q.len, q.max_pages, q.max_s);
        free(doc);
    }
}

typedef dft_isolate_pipe reader;

/* A text record's bytes (bounded by DFT_OOXML_MAX_TEXT + 1 for lines, 4 KiB for messages). */
static char *get_text(reader *r, uint32_t cap)
{
    uint32_t n;
    if (dft_isolate_read_exact(r, &n, sizeof n) || n > cap) return NULL;
    char *t = malloc((size_t)n + 1);
    if (!t) return NULL;
    if (dft_isolate_read_exact(r, t, n)) { free(t); return NULL; }
    t[n] = 0;
    return t;
}

/* ---- the caller's side ---- */

extern char **environ;

/* One thread's reader process (pid 0: none). Freed, and the reader told to exit, at thread exit. */
typedef struct server {
    pid_t pid;
    int fd;
    unsigned served;
} server;

static pthread_key_t server_key;
static pthread_once_t server_once = PTHREAD_ONCE_INIT;

/* Ends the reader: killed when abandoned mid-document, else told (EOF) and reaped. *status: how it ended. */
static void server_stop(server *sv, bool kill_it, int *status)
{
    if (!sv->pid) return;
    if (kill_it) kill(sv->pid, SIGKILL);
    close(sv->fd);
    int st = 0;
    while (waitpid(sv->pid, &st, 0) < 0 && errno == EINTR) {}
    if (status) *status = st;
    sv->pid = 0;
    sv->fd = -1;
    sv->served = 0;
}

static void server_free(void *p)
{
    server_stop(p, false, NULL);
    free(p);
}

static void server_key_make(void) { (void)pthread_key_create(&server_key, server_free); }

static server *thread_server(void)
{
    pthread_once(&server_once, server_key_make);
    server *sv = pthread_getspecific(server_key);
    if (!sv && (sv = calloc(1, sizeof *sv)) != NULL) {
        sv->fd = -1;
        if (pthread_setspecific(server_key, sv) != 0) { free(sv); sv = NULL; }
    }
    return sv;
}

/* Starts a reader: fork, then only async-signal-safe calls until execve of this program with
 * DFT_PDF_SERVER set (the environment is built before the fork). 0, or -1 with errno. */
static int server_start(server *sv)
{
    size_t n = 0;
    while (environ && environ[n]) n++;
    char **envp = malloc((n + 2) * sizeof *envp);
    int sp[2] = { -1, -1 };
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (!envp || null < 0 || socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp) != 0) {
        int e = errno;
        free(envp);
        if (null >= 0) close(null);
        errno = e;
        return -1;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], SERVER_ENV "=", sizeof SERVER_ENV) != 0) envp[k++] = environ[i];
    envp[k++] = (char *)SERVER_ENV "=1";
    envp[k] = NULL;
    char *argv[] = { (char *)"dftriage-pdf-reader", NULL };
    pid_t pid = fork();
    if (pid == 0) {
        /* stdin/stdout/stderr to /dev/null (poppler's own diagnostics), the socket to descriptor 3
         * (dup2 clears close-on-exec on the copies; the temporaries above 10 keep it) */
        int t = fcntl(sp[1], F_DUPFD_CLOEXEC, 10), nl = fcntl(null, F_DUPFD_CLOEXEC, 10);
        if (t < 0 || nl < 0) _exit(127);
        /* stdio first: /dev/null may itself be descriptor 3, which the socket takes next */
        dup2(nl, 0);
        dup2(nl, 1);
        dup2(nl, 2);
        if (dup2(t, SERVER_FD) < 0) _exit(127);
        execve("/proc/self/exe", argv, envp);
        _exit(127);
    }
    int e = errno;
    free(envp);
    close(null);
    close(sp[1]);
    if (pid < 0) {
        close(sp[0]);
        errno = e;
        return -1;
    }
    sv->pid = pid;
    sv->fd = sp[0];
    sv->served = 0;
    return 0;
}

/* Writes all of p before the deadline (the reader takes the whole request before it answers). */
static int send_all(int fd, const void *p, size_t n, double deadline)
{
    const char *b = p;
    while (n) {
        double left = deadline - dft_isolate_now();
        if (left <= 0) return -1;
        struct pollfd pfd = { fd, POLLOUT, 0 };
        int pr = poll(&pfd, 1, (int)(left * 1000) + 1);
        if (pr < 0 && errno == EINTR) continue;
        if (pr <= 0) return -1;
        ssize_t w = send(fd, b, n, MSG_NOSIGNAL);
        if (w < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (w <= 0) return -1;
        b += w;
        n -= (size_t)w;
    }
    return 0;
}

static int send_request(server *sv, const void *data, size_t len, uint32_t max_pages, double max_s, double deadline)
{
    char head[1 + sizeof(uint32_t) + sizeof(double) + sizeof(uint64_t)];
    uint64_t l = len;
    head[0] = 'R';
    memcpy(head + 1, &max_pages, sizeof max_pages);
    memcpy(head + 1 + sizeof max_pages, &max_s, sizeof max_s);
    memcpy(head + 1 + sizeof max_pages + sizeof max_s, &l, sizeof l);
    return send_all(sv->fd, head, sizeof head, deadline) || send_all(sv->fd, data, len, deadline) ? -1 : 0;
}

/* Replays a reader's records to cb until 'E'. DFT_OK with *ended set, or a callback's code. */
static int replay(reader *r, const dft_ooxml_cb *cb, bool *ended, uint32_t *last_page, int *child_rc, char **child_msg)
{
    int rc = DFT_OK;
    while (rc == DFT_OK && !*ended) {
        char tag;
        if (dft_isolate_read_exact(r, &tag, 1)) break;
        uint32_t num;
        char *text = NULL;
        switch (tag) {
        case 'P':
            if (dft_isolate_read_exact(r, &num, sizeof num)) return rc;
            *last_page = num;
            if (cb->page) rc = cb->page(cb->ctx, num, NULL);
            break;
        case 'L':
            if (dft_isolate_read_exact(r, &num, sizeof num) || !(text = get_text(r, DFT_OOXML_MAX_TEXT + 1))) return rc;
            if (cb->paragraph) rc = cb->paragraph(cb->ctx, num, text);
            break;
        case 'W':
            if (!(text = get_text(r, 4096))) return rc;
            if (cb->warning) cb->warning(cb->ctx, text);
            break;
        case 'E': {
            int32_t code;
            if (dft_isolate_read_exact(r, &code, sizeof code) || !(*child_msg = get_text(r, 4096))) return rc;
            *child_rc = code;
            *ended = true;
            break;
        }
        default:
            return rc;
        }
        free(text);
    }
    return rc;
}

/* The outcome of a document whose reader did not finish it (rc from replay is DFT_OK). */
static int unfinished(const reader *r, int status, double limit_s, uint32_t last_page)
{
    uint32_t pg = last_page ? last_page : 1;
    if (r->cancelled) return dft_error_set(DFT_ECANCELLED, "PDF: reading stopped in page %u: cancelled", pg);
    if (r->timed_out)
        return dft_error_set(DFT_ELIMIT, "PDF: reader stopped after %.0f s (in page %u): text before it kept", limit_s, pg);
    if (WIFSIGNALED(status))
        return DFT_CORRUPT("PDF: the reader died (signal %d) in page %u: text before it kept", WTERMSIG(status), pg);
    return DFT_CORRUPT("PDF: the reader ended without a result in page %u", pg);
}

int dft_pdf_read(const void *data, size_t len, const dft_pdf_limits *lim, const dft_ooxml_cb *cb)
{
    static const dft_ooxml_cb none;
    if (!cb) cb = &none;
    if (!data || !dft_pdf_is(data, len)) return dft_error_set(DFT_ENOTFOUND, "no %%PDF- header");
    if (len > DFT_PDF_MAX) return dft_error_set(DFT_ELIMIT, "PDF of %zu bytes over the %zu-byte cap", len, DFT_PDF_MAX);
    /* A PDF's body is objects ("1 0 obj"), and poppler finds them by that keyword when the xref is
     * broken: without one it can only answer "damaged". Said here, without shipping the bytes to the
     * reader process: a %PDF- header on other data (a carved fragment, a mislabelled file) is common,
     * and the bench image's 1,111 such files cost ~1.5 CPU-s of reader time. */
    if (!memmem(data, len, "obj", 3))
        return dft_error_set(DFT_ECORRUPT, "PDF not readable: no object in the file (no \"obj\" keyword)");
    uint32_t max_pages = lim && lim->max_pages ? lim->max_pages : 5000;
    double max_s = lim && lim->max_seconds > 0 ? lim->max_seconds : 60.0;
    if (lim && lim->in_process) return read_in_process(data, len, max_pages, max_s, cb);

    /* the reader stops starting pages at max_s; the grace (max_s, at most 10 s) covers the page in
     * progress and the answer */
    double grace = max_s < 10.0 ? max_s : 10.0;
    double deadline = dft_isolate_now() + max_s + grace;
    server *sv = dft_isolate_can_exec_self() ? thread_server() : NULL;
    server one = { 0, -1, 0 };   /* a bare fork for this document only */
    /* the test hook is read by the reader at its start: while it is set, a reader serves one document */
    bool one_shot = getenv("DFT_PDF_TEST_FAULT") != NULL;
    if (sv && one_shot) server_stop(sv, false, NULL);
    bool sent = false;
    for (int attempt = 0; sv && !sent && attempt < 2; attempt++) {
        if (!sv->pid && server_start(sv) != 0) break;
        sent = send_request(sv, data, len, max_pages, max_s, deadline) == 0;
        if (!sent) server_stop(sv, true, NULL);   /* it died between documents, or never started: once more */
    }
    if (!sent) {
        sv = &one;
        int sp[2];
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp) != 0)
            return dft_error_set(DFT_EIO, "PDF: socketpair: %s", strerror(errno));
        fflush(NULL);
        pid_t pid = fork();
        if (pid == 0) {
            close(sp[0]);
            run_child(sp[1], data, len, max_pages, max_s);
        }
        close(sp[1]);
        if (pid < 0) {
            close(sp[0]);
            return dft_error_set(DFT_EIO, "PDF: fork: %s", strerror(errno));
        }
        one.pid = pid;
        one.fd = sp[0];
    }

    reader r = { .fd = sv->fd, .deadline = deadline, .cb = cb };
    bool ended = false;
    uint32_t last_page = 0;
    int child_rc = DFT_OK;
    char *child_msg = NULL;
    int rc = replay(&r, cb, &ended, &last_page, &child_rc, &child_msg);
    int status = 0;
    if (!ended || sv == &one || one_shot) {
        /* a callback stopped us, the reader died or ran out of time (its stream cannot be resumed),
         * or it was a one-document fork */
        server_stop(sv, !ended, &status);
    } else if (++sv->served >= SERVER_MAX_DOCS) {
        server_stop(sv, false, NULL);   /* a fresh process now and then: poppler's caches start empty */
    }
    if (rc == DFT_OK && !ended) rc = unfinished(&r, status, max_s + grace, last_page);
    else if (rc == DFT_OK && child_rc != DFT_OK)
        rc = dft_error_set(child_rc, "%s", child_msg && child_msg[0] ? child_msg : "PDF not readable");
    free(child_msg);
    return rc;
}
