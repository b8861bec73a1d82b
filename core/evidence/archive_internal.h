/*
 * archive_internal.h - what the archive evidence backend's files share (evidence_archive.c: the
 * walk; archive_source.c: the dft_source serving kept members; archive_ufdr.c: zip central
 * directory and UFDR report.xml before the walk). Nothing outside core/archive_* and
 * core/evidence/evidence_archive.c includes it.
 */
#ifndef DFT_ARCHIVE_INTERNAL_H
#define DFT_ARCHIVE_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "zipcd.h"
#include "evidence_impl.h"
#include "parsers/ufdr.h"
#include "strmap.h"

#define KEPT_BIT (1ull << 63)   /* in dft_file_rec.locator: the member's spill is kept until close */
#define MAX_PENDING 8

typedef struct arc {
    dft_source src;
    dft_evidence *ev;
    char *evname;               /* basename of the evidence file */
    char *tmpdir;               /* where spills go; owned */
    bool own_tmpdir;            /* made by us (mkdtemp): removed at close */
    uint64_t spill_seq;
    pthread_mutex_t mu;         /* guards kept, kept_paths */
    dft_strmap *kept;           /* evidence path / device path -> index in kept_paths */
    char **kept_paths;
    size_t nkept, capkept;
    dft_zipcd *zipcd;           /* top-level zip central directory, or NULL */
    dft_ufdr_report *ufdr;      /* parsed report.xml for kind ufdr */
    char *pending[MAX_PENDING]; /* warnings found at open, emitted at walk start */
    int npending;
    uint64_t total_out;
    bool total_hit;
    uint64_t retained;          /* bytes of members kept only for lookups (evidence_archive.c keeps()) */
    bool retain_warned;
    char *pack_path;            /* one append-only file of those members' bytes (walker thread), or NULL */
    int pack_fd;
    uint64_t pack_len;
    uint64_t max_member, max_total;
    double max_ratio;
    uint64_t container_size;
    int cd_orphans;             /* zip members seen with no central directory entry (warned up to 20) */    /* bytes of the top-level container file: the cumulative ratio's base */
    int max_depth;
} arc;

/* "a" sep "b", malloc'd; NULL when out of memory. */
char *archive_join(const char *a, const char *sep, const char *b);
/* Queues a warning found before the walk (at open); emitted when the walk starts. */
void archive_add_pending(arc *A, const char *msg);
/* Registers a kept member's spill file under its evidence path and device path (thread-safe). */
int archive_kept_add(arc *A, const char *path, const char *dev, const char *spill);

/* The dft_source callbacks (archive_source.c). */
int archive_src_stream(dft_source *src, void *tstate, const dft_file_rec *f, dft_block_fn cb, void *payload,
                       uint64_t *bad_bytes, char *errbuf, size_t errbuf_len);
int archive_src_sibling(dft_source *src, void *tstate, const dft_file_rec *f, const char *path, dft_block_fn cb,
                        void *payload);
void archive_src_release(dft_source *src, const dft_file_rec *f);

/* zip: reads the central directory; a report.xml at the top or one folder down makes the item a
 * UFDR, whose report is parsed now (archive_ufdr.c). Problems become pending warnings. */
void archive_zip_prepare(dft_evidence *ev, arc *A);

#endif
