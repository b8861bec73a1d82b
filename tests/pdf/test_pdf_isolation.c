/*
 * test_pdf_isolation.c - parsers/pdftext.c reads PDFs in a child process: the child's result equals
 * the in-process one (pages, line numbers, text), and when the child dies (SIGSEGV) or stops responding
 * at page 2, the parent keeps page 1's text, returns DFT_ECORRUPT / DFT_ELIMIT with the page named,
 * within its time bound, and leaves no child behind. A reader that finished its document is kept for
 * the thread's next one (one process, reused) and ends with its thread. A caller that gives up
 * (cancelled() of the callbacks) ends a hung read within a poll interval. Faults come from the
 * child-only test hook DFT_PDF_TEST_FAULT (pdftext.c). The PDF is built here with a correct xref table.
 */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "check.h"
#include "error.h"
#include "parsers/pdftext.h"

/* a 3-page PDF, one Helvetica text line per page (plus a second line on page 1) */
static char *make_pdf(size_t *len)
{
    static const char *const pages[3] = { "BT /F1 12 Tf 72 720 Td (Deposit to TRON) Tj 0 -20 Td (second line) Tj ET",
                                          "BT /F1 12 Tf 72 720 Td (Page two text) Tj ET",
                                          "BT /F1 12 Tf 72 720 Td (Page three text) Tj ET" };
    size_t cap = 8192, n = 0;
    char *b = malloc(cap);
    long off[12];
    int obj = 0;
#define OUT(...) (n += (size_t)snprintf(b + n, cap - n, __VA_ARGS__))
    OUT("%%PDF-1.4\n");
    off[++obj] = (long)n;
    OUT("1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
    off[++obj] = (long)n;
    OUT("2 0 obj << /Type /Pages /Kids [3 0 R 5 0 R 7 0 R] /Count 3 >> endobj\n");
    for (int p = 0; p < 3; p++) {
        off[++obj] = (long)n;
        OUT("%d 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R"
            " /Resources << /Font << /F1 9 0 R >> >> >> endobj\n", obj, obj + 1);
        off[++obj] = (long)n;
        OUT("%d 0 obj << /Length %zu >> stream\n%s\nendstream endobj\n", obj, strlen(pages[p]) + 1, pages[p]);
    }
    off[++obj] = (long)n;
    OUT("9 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n");
    long xref = (long)n;
    OUT("xref\n0 %d\n0000000000 65535 f \n", obj + 1);
    for (int i = 1; i <= obj; i++) OUT("%010ld 00000 n \n", off[i]);
    OUT("trailer << /Size %d /Root 1 0 R >>\nstartxref\n%ld\n%%%%EOF\n", obj + 1, xref);
#undef OUT
    *len = n;
    return b;
}

typedef struct rlog {
    char text[4096];
    int warnings;
} rlog;

static int on_page(void *c, uint32_t i, const char *name)
{
    (void)name;
    rlog *l = c;
    size_t n = strlen(l->text);
    snprintf(l->text + n, sizeof l->text - n, "P%u;", i);
    return DFT_OK;
}

static int on_line(void *c, uint32_t i, const char *t)
{
    rlog *l = c;
    size_t n = strlen(l->text);
    snprintf(l->text + n, sizeof l->text - n, "%u=%s;", i, t);
    return DFT_OK;
}

static void on_warn(void *c, const char *m)
{
    ((rlog *)c)->warnings++;
    fprintf(stderr, "  warning: %s\n", m);
}

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* cancelled() of the callbacks: nonzero once the monotonic time in *ctx has passed */
static int cancel_after(void *ctx)
{
    return mono() >= *(const double *)ctx;
}

static int read_pdf(const char *pdf, size_t len, int in_process, double max_s, rlog *l)
{
    memset(l, 0, sizeof *l);
    dft_ooxml_cb cb = { .ctx = l, .paragraph = on_line, .warning = on_warn, .page = on_page };
    dft_pdf_limits lim = { .max_seconds = max_s, .in_process = in_process };
    return dft_pdf_read(pdf, len, &lim, &cb);
}

static void no_children_left(void)
{
    errno = 0;
    CHECK(waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD);
}

/* How many processes have this one as parent (/proc/PID/stat field 4). */
static int children(void)
{
    int n = 0, self = (int)getpid();
    DIR *d = opendir("/proc");
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        char path[300], buf[512];
        snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
        FILE *f = fopen(path, "r");
        if (!f) continue;
        size_t k = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[k] = 0;
        const char *rp = strrchr(buf, ')');
        int ppid = 0;
        char st;
        if (rp && sscanf(rp + 1, " %c %d", &st, &ppid) == 2 && ppid == self && st != 'Z') n++;
    }
    if (d) closedir(d);
    return n;
}

typedef struct thread_read {
    const char *pdf;
    size_t len;
    int rc;
    rlog log;
} thread_read;

static void *read_in_thread(void *p)
{
    thread_read *t = p;
    t->rc = read_pdf(t->pdf, t->len, 0, 0, &t->log);
    return NULL;
}

int main(void)
{
    size_t len;
    char *pdf = make_pdf(&len);
    static const char want[] = "P1;1=Deposit to TRON;2=second line;P2;1=Page two text;P3;1=Page three text;";
    rlog in, child;

    CHECK(read_pdf(pdf, len, 1, 0, &in) == DFT_OK);
    CHECK(!strcmp(in.text, want));
    if (strcmp(in.text, want)) fprintf(stderr, "  in-process: %s\n", in.text);
    CHECK(read_pdf(pdf, len, 0, 0, &child) == DFT_OK);
    CHECK(!strcmp(child.text, in.text) && child.warnings == 0);
    /* the reader stays for this thread's next document: still one process after a second one */
    CHECK(children() == 1);
    CHECK(read_pdf(pdf, len, 0, 0, &child) == DFT_OK);
    CHECK(!strcmp(child.text, in.text) && child.warnings == 0);
    CHECK(children() == 1);

    /* the reader dies at page 2: page 1 kept, DFT_ECORRUPT naming the signal and the page */
    setenv("DFT_PDF_TEST_FAULT", "crash:2", 1);
    int rc = read_pdf(pdf, len, 0, 0, &child);
    CHECK(rc == DFT_ECORRUPT);
    /* (under ASan its SEGV handler reports and exits instead: "ended without a result") */
    CHECK(strstr(dft_error_last(), "died (signal 11) in page 2") != NULL ||
          strstr(dft_error_last(), "ended without a result in page 2") != NULL);
    CHECK(!strcmp(child.text, "P1;1=Deposit to TRON;2=second line;P2;"));
    no_children_left();

    /* the reader hangs at page 3: killed at max_seconds + grace (1 + 1 s), pages 1-2 kept */
    setenv("DFT_PDF_TEST_FAULT", "hang:3", 1);
    double t0 = mono();
    rc = read_pdf(pdf, len, 0, 1.0, &child);
    double took = mono() - t0;
    CHECK(rc == DFT_ELIMIT);
    CHECK(strstr(dft_error_last(), "in page 3") != NULL);
    CHECK(!strcmp(child.text, "P1;1=Deposit to TRON;2=second line;P2;1=Page two text;P3;"));
    CHECK(took >= 1.9 && took < 5.0);
    no_children_left();

    /* the reader hangs at page 3 with a 60 s limit, and the caller gives up 0.5 s in: the read ends
     * within a poll interval (DFT_ECANCELLED, pages 1-2 kept), not at the limit */
    setenv("DFT_PDF_TEST_FAULT", "hang:3", 1);
    memset(&child, 0, sizeof child);
    double give_up = mono() + 0.5;
    dft_ooxml_cb ccb = { .ctx = &child, .paragraph = on_line, .warning = on_warn, .page = on_page,
                         .cancelled = cancel_after, .cancel_ctx = &give_up };
    dft_pdf_limits clim = { .max_seconds = 60.0 };
    t0 = mono();
    rc = dft_pdf_read(pdf, len, &clim, &ccb);
    took = mono() - t0;
    CHECK(rc == DFT_ECANCELLED);
    CHECK(strstr(dft_error_last(), "cancelled") != NULL && strstr(dft_error_last(), "page 3") != NULL);
    CHECK(!strcmp(child.text, "P1;1=Deposit to TRON;2=second line;P2;1=Page two text;P3;"));
    CHECK(took >= 0.45 && took < 3.0);
    if (took >= 3.0) fprintf(stderr, "  cancel took %.2f s\n", took);
    no_children_left();
    unsetenv("DFT_PDF_TEST_FAULT");

    /* another thread gets its own reader, which ends (reaped) when the thread does */
    thread_read t = { .pdf = pdf, .len = len, .rc = -1 };
    pthread_t th;
    CHECK(pthread_create(&th, NULL, read_in_thread, &t) == 0 && pthread_join(th, NULL) == 0);
    CHECK(t.rc == DFT_OK && !strcmp(t.log.text, in.text));
    no_children_left();

    /* an unreadable PDF: the child's own error comes back unchanged */
    CHECK(read_pdf("%PDF-1.4 garbage 1 0 obj", 24, 0, 0, &child) == DFT_ECORRUPT);
    CHECK(strstr(dft_error_last(), "PDF not readable") != NULL && !strstr(dft_error_last(), "no object"));
    CHECK(children() == 1);   /* an unreadable document is an answer: the reader stays */
    /* no "obj" keyword at all: answered without the reader, in or out of process */
    CHECK(read_pdf("%PDF-1.4 garbage", 16, 0, 0, &child) == DFT_ECORRUPT);
    CHECK(strstr(dft_error_last(), "no object") != NULL);
    CHECK(read_pdf("%PDF-1.4 garbage", 16, 1, 0, &child) == DFT_ECORRUPT);
    CHECK(strstr(dft_error_last(), "no object") != NULL);
    free(pdf);
    fprintf(stderr, "%s test_pdf_isolation\n", check_failures ? "FAIL" : "ok  ");
    return check_failures != 0;
}
