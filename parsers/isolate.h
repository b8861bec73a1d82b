/*
 * isolate.h - a document reader run in a child process, one process a document: a fragile library
 * (FreeXL for legacy .xls) fed hostile bytes must cost one document when it crashes, loops or runs away
 * with memory, never the ingest. (The PDF reader keeps its own per-thread reader process,
 * parsers/pdftext.c; both could share this pipe protocol later.)
 *
 * The child is a fresh image of the running program (fork, then execve("/proc/self/exe") with the
 * document in a memfd), not a bare fork: the caller is multi-threaded, and a forked copy inherits every
 * lock another thread held at that instant (allocator, GLib, iconv, library globals) with no thread left
 * to release it (poppler in a bare fork was seen blocking forever on page 1 under ASan). A constructor
 * in isolate.c takes over before main() in the child, looks the reader up by name in its one table
 * (isolate.c: "xls" -> dft_xls_child_read), maps the document and streams
 * every dft_ooxml_cb callback (page, table, cell, table_end, paragraph, warning) back over a pipe; the
 * parent replays them to the caller's callbacks as they arrive, so what was read before a crash or a
 * timeout is kept. Without /proc/self/exe or memfd the child is a bare fork (the old way).
 *
 * Invariants:
 *  1. The child has RLIMIT_CPU = cpu_seconds and (outside ASan builds) RLIMIT_AS = what is mapped at its
 *     start + as_extra; stdin/stdout/stderr are /dev/null (library diagnostics).
 *  2. The parent waits at most wall_seconds for the child's records, then kills it (st->timed_out); it
 *     also kills it within DFT_ISOLATE_POLL_MS of cb->cancelled() turning nonzero (DFT_ECANCELLED).
 *  3. Every child is reaped before dft_isolate_read returns; a callback's nonzero return kills it.
 *  4. The child's own result (its rc and one-line message) comes back unchanged (st->ended).
 */
#ifndef DFT_PARSERS_ISOLATE_H
#define DFT_PARSERS_ISOLATE_H

#include <stddef.h>
#include <stdint.h>

#include "ooxml.h"

/* A reader as the child runs it: reads data[0..len) through cb; arg is the request's text (<= 64 bytes). */
typedef int (*dft_isolate_fn)(const void *data, size_t len, const char *arg, const dft_ooxml_cb *cb);

typedef struct dft_isolate_opts {
    const char *reader;     /* a name in isolate.c's table: "xls" */
    const char *arg;        /* handed to the reader in the child (limits); NULL = "" */
    double cpu_seconds;     /* RLIMIT_CPU of the child */
    double wall_seconds;    /* the parent's deadline for the whole read */
    uint64_t as_extra;      /* address space beyond what the child has mapped at its start */
} dft_isolate_opts;

typedef struct dft_isolate_status {
    int ended;              /* the child sent its result: the return value is its rc */
    int timed_out;          /* killed at wall_seconds */
    int cancelled;          /* killed because cb->cancelled() turned nonzero */
    int signal;             /* the signal that ended the child, or 0 */
    uint32_t last_page;     /* the last page()/table() index replayed (for messages) */
} dft_isolate_status;

/* Runs the reader in a child and replays its callbacks to cb. Returns the child's rc when it ended (its
 * message set), a callback's nonzero return, DFT_EIO when no child could be started, or DFT_ECORRUPT
 * "died/ended without a result" (st tells why) when the child vanished; st may be NULL. */
int dft_isolate_read(const dft_isolate_opts *o, const void *data, size_t len, const dft_ooxml_cb *cb,
                     dft_isolate_status *st);

/* ---- pipe I/O, shared with parsers/pdftext.c's reader process ---- */

/* A pipe read with a deadline (CLOCK_MONOTONIC seconds, dft_isolate_now()). */
typedef struct dft_isolate_pipe {
    int fd;
    double deadline;
    int timed_out;          /* set when a read ran into the deadline */
    const dft_ooxml_cb *cb; /* its cancelled() is polled while waiting (NULL: not polled) */
    int cancelled;          /* set when a read ended because cb->cancelled() turned nonzero */
} dft_isolate_pipe;

/* Monotonic seconds. */
double dft_isolate_now(void);
/* Writes all n bytes (EINTR retried): 0, or -1 when the other end is gone. */
int dft_isolate_write(int fd, const void *p, size_t n);
/* Reads exactly n bytes before r->deadline: 0, or -1 at EOF, error, timeout (r->timed_out set) or when
 * r->cb->cancelled() turns nonzero (r->cancelled set; polled every DFT_ISOLATE_POLL_MS while waiting). */
#define DFT_ISOLATE_POLL_MS 200
int dft_isolate_read_exact(dft_isolate_pipe *r, void *p, size_t n);
/* Whether this process can re-execute itself through /proc/self/exe (checked once). */
int dft_isolate_can_exec_self(void);

#endif
