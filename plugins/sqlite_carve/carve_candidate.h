/*
 * carve_candidate.h - reassembly of a carved SQLite database (issue 13, item 1): from a database
 * header page found in unallocated space, the pages that follow it in consecutive placement (page n
 * at header offset + (n-1) * page size) are collected into a candidate database image in page-number
 * order while they look like pages of that database; a page that does not (another file's block: a
 * fragmented deletion) is left zero-filled and listed as missing, unless a freelist trunk of the image
 * lists it as a free leaf (whose old bytes need not look like a page). No SQLite library, no case
 * store: unit-testable.
 */
#ifndef DFT_CARVE_CANDIDATE_H
#define DFT_CARVE_CANDIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DFT_CAND_MAX_BYTES (256u << 20)   /* one candidate image at most: hostile headers claim more */
#define DFT_CAND_MAX_LISTED 4096          /* page offsets / missing pages listed in the details */
/* A run of this many bytes of consecutive pages that do not fit ends a candidate whose size is known
 * (a fake header with a valid huge size field, or a database whose rest lies elsewhere): the run is
 * dropped from the image and its pages, like those after it, are counted missing, never allocated. */
#define DFT_CAND_MAX_MISSING_RUN (4u << 20)

typedef struct dft_cand {
    bool active;
    uint64_t start;          /* media offset of page 1 */
    uint32_t ps;
    uint32_t npages;         /* pages expected (header size field, or capped) */
    bool size_known;         /* header size field valid (change counter == version-valid-for) */
    uint32_t next;           /* next page number expected (2..npages) */
    uint8_t *img;            /* (next - 1) * ps bytes used, missing pages zero; room pages allocated */
    uint32_t room;           /* pages allocated in img, offs and held (grows by doubling) */
    uint32_t free_trunk;     /* the header's first freelist trunk page (0: no freelist) */
    uint8_t *held;           /* per page, until close: did not fit but kept (a freelist leaf?) */
    uint32_t free_leaves;    /* pages found by dft_cand_close because a trunk lists them as free */
    uint32_t claimed;        /* pages the header claimed (set by dft_cand_close; >= npages) */
    uint32_t found, missing;
    uint32_t run;            /* consecutive missing pages just offered */
    bool ended;              /* ended by a run of DFT_CAND_MAX_MISSING_RUN bytes of missing pages */
    uint64_t *offs;          /* media offset of each page (0 = missing), npages entries */
} dft_cand;

/* Starts a candidate at the header page p (page size ps already validated) found at media offset
 * `start`. Returns false (nothing held) when the header does not describe a usable database. */
bool dft_cand_begin(dft_cand *c, const uint8_t *p, uint32_t ps, uint64_t start);
/* The media offset where the next expected page starts (UINT64_MAX when complete/inactive). */
uint64_t dft_cand_want(const dft_cand *c);
/* Offers the page at dft_cand_want(); returns false when the candidate is complete (or was closed
 * because its size is unknown and the page did not fit, or `ended` by a long run of missing pages). */
bool dft_cand_offer(dft_cand *c, const uint8_t *p);
/* Pages never offered (region ended) become missing. Pages that did not fit but that a freelist trunk
 * of the image lists as free leaves (their bytes are whatever the page held before) are found after
 * all (free_leaves); the other pages that did not fit are zeroed. */
void dft_cand_close(dft_cand *c);
void dft_cand_free(dft_cand *c);
/* After dft_cand_close: every missing page of the image (or page past its end) that a present table
 * interior page names as a child is unlinked from it - the cell pointing at it is dropped from the
 * cell pointer array (its key with it: those rowids now route to a neighbour), and a missing right
 * child is replaced by the last kept cell's child - so SQLite reads every other page instead of
 * stopping at the hole ("database disk image is malformed"). No record is invented; a page left without
 * a cell is not touched (SQLite would read it as corrupt), nor are index trees, overflow or freelist
 * pages. Writes the unlinked page numbers to out (at most cap, in page order of their parents) and
 * returns how many were unlinked. */
uint32_t dft_cand_unlink_holes(dft_cand *c, uint64_t *out, uint32_t cap);
/* Whether page p (not page 1) plausibly belongs to a database of npages pages of size ps: a b-tree
 * page with a sane header, or an overflow/freelist/pointer-map page whose first word is a page
 * number in range (0 allowed: last overflow page, empty trunk). */
bool dft_cand_page_fits(const uint8_t *p, uint32_t ps, uint32_t npages);

#endif
