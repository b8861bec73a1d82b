/*
 * archive_ufdr.c - before a zip is walked: its central directory (stored CRC-32 and compressed
 * size per member, zipcd.c), and, when a report.xml sits at the top or one folder down,
 * the UFDR report (device information, device paths of the files) parsed from that one member,
 * read directly. Its bytes are read twice; every other member once, during the walk.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "archive_input.h"
#include "archive_internal.h"
#include "error.h"

#define REPORT_CAP (1ull << 30)      /* report.xml is read whole into memory: never more than this */
#define REPORT_SLACK (1ull << 20)    /* tolerated excess over the size the central directory declares */
#define REPORT_RATIO_MIN (1ull << 20)

typedef struct ufdr_feed {
    int fd;
    uint64_t size;
    const dft_zipcd_entry *e;
    uint8_t *data;
    size_t len, cap;
    uint64_t limit;                  /* bytes collect() accepts */
    double max_ratio;                /* inflated / compressed, checked past REPORT_RATIO_MIN */
    char over[160];                  /* why collect() stopped, "" when it did not */
} ufdr_feed;

/* Appends inflated report.xml bytes, enforcing the byte cap and the ratio cap on what is really
 * produced (the size the central directory declares is only a claim). */
static int collect(void *payload, const uint8_t *d, size_t n)
{
    ufdr_feed *f = payload;
    if ((uint64_t)f->len + n > f->limit) {
        snprintf(f->over, sizeof f->over, "inflates past %llu bytes (declared %llu)",
                 (unsigned long long)f->limit, (unsigned long long)f->e->usize);
        return dft_error_set(DFT_ECORRUPT, "report.xml %s", f->over);
    }
    uint64_t out = (uint64_t)f->len + n;
    if (out > REPORT_RATIO_MIN && f->max_ratio > 0 &&
        (double)out / (double)(f->e->csize ? f->e->csize : 1) > f->max_ratio) {
        snprintf(f->over, sizeof f->over, "compression ratio over %g after %llu bytes", f->max_ratio,
                 (unsigned long long)out);
        return dft_error_set(DFT_ECORRUPT, "report.xml %s", f->over);
    }
    if (f->len + n > f->cap) {
        size_t nc = f->cap ? f->cap * 2 : 1u << 16;
        while (nc < f->len + n) nc *= 2;
        uint8_t *p = realloc(f->data, nc);
        if (!p) return dft_error_set(DFT_ENOMEM, "out of memory for report.xml");
        f->data = p;
        f->cap = nc;
    }
    memcpy(f->data + f->len, d, n);
    f->len += n;
    return DFT_OK;
}

typedef struct mem_reader {
    const uint8_t *p;
    size_t len, pos;
} mem_reader;

static int mem_read(void *payload, char *buf, int len)
{
    mem_reader *m = payload;
    size_t n = m->len - m->pos;
    if (n > (size_t)len) n = (size_t)len;
    memcpy(buf, m->p + m->pos, n);
    m->pos += n;
    return (int)n;
}

/* zip: read the central directory; a report.xml at the top or one folder down makes it a UFDR. */
void archive_zip_prepare(dft_evidence *ev, arc *A)
{
    int fd = open(ev->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    int rc = dft_zipcd_read(&A->zipcd, fd, ev->size);
    if (rc && rc != DFT_ENOTFOUND) {
        char m[300];
        snprintf(m, sizeof m, "zip central directory unreadable (no stored CRCs): %s", dft_error_last());
        archive_add_pending(A, m);
    }
    const dft_zipcd_entry *rep = NULL;
    int best = 99;
    for (size_t i = 0; i < dft_zipcd_count(A->zipcd); i++) {
        const dft_zipcd_entry *e = dft_zipcd_at(A->zipcd, i);
        const char *b = strrchr(e->name, '/');
        const char *base = b ? b + 1 : e->name;
        int depth = 0;
        for (const char *p = e->name; *p; p++) depth += *p == '/';
        if (strcasecmp(base, "report.xml") == 0 && depth <= 1 && depth < best) {
            rep = e;
            best = depth;
        }
    }
    if (rep) {
        snprintf(ev->kind, sizeof ev->kind, "ufdr");
        /* report.xml read whole into memory here (streaming parser over it), capped at
         * min(declared + slack, 1 GiB, the member size cap) and the ratio cap, on the bytes
         * really inflated */
        ufdr_feed f = {fd, ev->size, rep, NULL, 0, 0, REPORT_CAP, A->max_ratio, ""};
        uint64_t lim = rep->usize > REPORT_CAP - REPORT_SLACK ? REPORT_CAP : rep->usize + REPORT_SLACK;
        if (lim < f.limit) f.limit = lim;
        if (A->max_member && A->max_member < f.limit) f.limit = A->max_member;
        if (rep->usize > f.limit) {
            char m[300];
            snprintf(m, sizeof m, "UFDR report.xml declares %llu bytes, over the %llu-byte cap: device paths not read",
                     (unsigned long long)rep->usize, (unsigned long long)f.limit);
            archive_add_pending(A, m);
        } else {
            rc = dft_zip_member_stream(fd, ev->size, rep, collect, &f);
            if (rc) {
                char m[300];
                if (f.over[0])
                    snprintf(m, sizeof m, "UFDR report.xml %s (possible zip bomb): not parsed, device paths not read",
                             f.over);
                else
                    snprintf(m, sizeof m, "UFDR report.xml unreadable: %s", dft_error_last());
                archive_add_pending(A, m);
            }
            mem_reader mr = {f.data, f.len, 0};
            if (f.len && !f.over[0]) {
                rc = dft_ufdr_report_parse(&A->ufdr, mem_read, &mr);
                if (rc) {
                    char m[300];
                    snprintf(m, sizeof m, "UFDR report.xml: %s", dft_error_last());
                    archive_add_pending(A, m);
                }
            }
        }
        free(f.data);
    }
    close(fd);
}

