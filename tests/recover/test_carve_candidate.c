/*
 * test_carve_candidate.c - the candidate-database assembler of sqlite_carve (plugins/sqlite_carve/
 * carve_candidate.c) on hand-built pages: a complete run, a missing (foreign) page in the middle,
 * missing pages at the end, an unknown size (ends at the first page that does not fit), a hostile size
 * field (capped, never allocated up front), the page-fit rules, and holes unlinked from their table
 * b-tree (a missing child, a missing right child, a page that would be left without a cell), and a
 * long run of foreign pages ending a candidate whose size field is valid, and freelist leaves that do
 * not look like pages kept because a trunk lists them.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "plugins/sqlite_carve/carve_candidate.h"
#include "parsers/sqlite_patch.h"

#define PS 512

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}

static void header(uint8_t *p, uint32_t npages, bool valid)
{
    memset(p, 0, PS);
    memcpy(p, "SQLite format 3", 16);
    p[16] = PS >> 8; p[17] = PS & 0xff;
    put32(p + 24, 7);
    put32(p + 28, npages);
    put32(p + 92, valid ? 7 : 6);
    p[100] = 13;   /* sqlite_master leaf */
}

static void leaf(uint8_t *p, uint8_t tag)
{
    memset(p, 0, PS);
    p[0] = 13;
    p[3] = 0; p[4] = 1;                 /* one cell */
    p[5] = (PS - 8) >> 8; p[6] = (PS - 8) & 0xff;
    p[PS - 1] = tag;
}

static void complete_run(void)
{
    uint8_t h[PS], p[PS];
    header(h, 3, true);
    dft_cand c;
    CHECK(dft_cand_begin(&c, h, PS, 1024));
    CHECK(dft_cand_want(&c) == 1024 + PS);
    leaf(p, 2);
    CHECK(dft_cand_offer(&c, p));
    CHECK(dft_cand_want(&c) == 1024 + 2 * PS);
    leaf(p, 3);
    CHECK(!dft_cand_offer(&c, p));      /* complete */
    CHECK(dft_cand_want(&c) == UINT64_MAX);
    dft_cand_close(&c);
    CHECK(c.npages == 3 && c.claimed == 3 && c.found == 3 && c.missing == 0);
    CHECK(c.img[2 * PS + PS - 1] == 3 && c.img[PS + PS - 1] == 2 && memcmp(c.img, "SQLite format 3", 16) == 0);
    CHECK(c.offs[0] == 1024 && c.offs[1] == 1024 + PS && c.offs[2] == 1024 + 2 * PS);
    dft_cand_free(&c);
}

static void foreign_page_in_middle(void)
{
    uint8_t h[PS], p[PS];
    header(h, 4, true);
    dft_cand c;
    CHECK(dft_cand_begin(&c, h, PS, 0));
    leaf(p, 2);
    CHECK(dft_cand_offer(&c, p));
    memset(p, 'A', PS);                 /* text of another file: first word 0x41414141 > 4 pages */
    CHECK(dft_cand_offer(&c, p));
    leaf(p, 4);
    CHECK(!dft_cand_offer(&c, p));
    dft_cand_close(&c);
    CHECK(c.npages == 4 && c.found == 3 && c.missing == 1);
    CHECK(c.offs[2] == 0 && c.img[2 * PS] == 0 && c.img[3 * PS + PS - 1] == 4);
    dft_cand_free(&c);
}

static void missing_tail_and_hostile_size(void)
{
    uint8_t h[PS], p[PS];
    header(h, 0x7fffffff, true);        /* claims 1 TiB: capped, and nothing allocated for it */
    dft_cand c;
    CHECK(dft_cand_begin(&c, h, PS, 0));
    CHECK(c.npages == DFT_CAND_MAX_BYTES / PS);
    leaf(p, 2);
    CHECK(dft_cand_offer(&c, p));
    dft_cand_close(&c);                 /* the region ended */
    CHECK(c.npages == 2 && c.found == 2 && c.claimed == DFT_CAND_MAX_BYTES / PS);
    CHECK(c.missing == DFT_CAND_MAX_BYTES / PS - 2);
    dft_cand_free(&c);
}

static void long_missing_run_ends(void)
{
    uint8_t h[PS], p[PS];
    header(h, 20000, true);             /* a valid size field: foreign pages are missing, not the end */
    dft_cand c;
    CHECK(dft_cand_begin(&c, h, PS, 0));
    leaf(p, 2);
    CHECK(dft_cand_offer(&c, p));
    memset(p, 'A', PS);
    const uint32_t max_run = DFT_CAND_MAX_MISSING_RUN / PS;   /* 8192 pages of 512 bytes */
    uint32_t offered = 0;
    while (dft_cand_offer(&c, p)) offered++;
    CHECK(offered == max_run - 1);       /* the max_run-th foreign page in a row ends it */
    CHECK(c.ended && c.next == 3 && c.missing == 0 && dft_cand_want(&c) == UINT64_MAX);
    leaf(p, 9);
    CHECK(!dft_cand_offer(&c, p));      /* nothing more is taken */
    dft_cand_close(&c);
    CHECK(c.npages == 2 && c.found == 2 && c.claimed == 20000 && c.missing == 20000 - 2);
    CHECK(c.img[PS] == 13);
    dft_cand_free(&c);
    /* a shorter run, then pages that fit: the candidate goes on */
    header(h, 20, true);
    CHECK(dft_cand_begin(&c, h, PS, 0));
    memset(p, 'A', PS);
    for (int k = 0; k < 10; k++) CHECK(dft_cand_offer(&c, p));
    leaf(p, 12);
    CHECK(dft_cand_offer(&c, p));
    CHECK(!c.ended && c.run == 0 && c.missing == 10 && c.found == 2);
    dft_cand_free(&c);
}

/* Page 3 is a freelist trunk listing leaf 4; pages 4 and 5 hold text (do not fit): 4 is the
 * database's (a free leaf keeps its old bytes), 5 is another file's. */
static void freelist_leaves_kept(void)
{
    uint8_t h[PS], p[PS];
    header(h, 5, true);
    put32(h + 32, 3);                   /* first trunk */
    put32(h + 36, 2);                   /* free pages: the trunk and its leaf */
    dft_cand c;
    CHECK(dft_cand_begin(&c, h, PS, 1024));
    CHECK(c.free_trunk == 3);
    leaf(p, 2);
    CHECK(dft_cand_offer(&c, p));
    memset(p, 0, PS);
    put32(p, 0);                        /* no next trunk */
    put32(p + 4, 2);                    /* two leaves: 4, and 9 (out of range: ignored) */
    put32(p + 8, 4);
    put32(p + 12, 9);
    CHECK(dft_cand_offer(&c, p));
    memset(p, 'A', PS);
    CHECK(dft_cand_offer(&c, p));
    memset(p, 'B', PS);
    CHECK(!dft_cand_offer(&c, p));
    CHECK(c.found == 3 && c.missing == 2);   /* until close */
    dft_cand_close(&c);
    CHECK(c.found == 4 && c.missing == 1 && c.free_leaves == 1);
    CHECK(c.offs[3] == 1024 + 3 * PS && c.offs[4] == 0);
    CHECK(c.img[3 * PS] == 'A' && c.img[3 * PS + PS - 1] == 'A');   /* the leaf's old bytes */
    CHECK(c.img[4 * PS] == 0 && c.img[4 * PS + PS - 1] == 0);       /* the foreign page: zeroed */
    dft_cand_free(&c);
    /* no freelist in the header: the same text page is missing and zero at once */
    header(h, 3, true);
    CHECK(dft_cand_begin(&c, h, PS, 0));
    CHECK(c.free_trunk == 0);
    memset(p, 'A', PS);
    CHECK(dft_cand_offer(&c, p));
    CHECK(c.img[PS] == 0 && c.missing == 1);
    dft_cand_free(&c);
}

static void unknown_size_stops(void)
{
    uint8_t h[PS], p[PS];
    header(h, 9, false);                /* size field not valid: pages are taken while they fit */
    dft_cand c;
    CHECK(dft_cand_begin(&c, h, PS, 0));
    leaf(p, 2);
    CHECK(dft_cand_offer(&c, p));
    memset(p, 0xff, PS);
    CHECK(!dft_cand_offer(&c, p));
    dft_cand_close(&c);
    CHECK(c.npages == 2 && c.found == 2 && c.missing == 0 && c.claimed == 2);
    dft_cand_free(&c);
}

static void page_fits(void)
{
    uint8_t p[PS];
    leaf(p, 0);
    CHECK(dft_cand_page_fits(p, PS, 10));
    p[3] = 0x01; p[4] = 0x00;            /* 256 cells cannot fit in 512 bytes */
    CHECK(!dft_cand_page_fits(p, PS, 10));
    memset(p, 0, PS);
    p[0] = 5; p[4] = 1; p[5] = 0x01; p[6] = 0xf0;
    put32(p + 8, 11);                    /* right child beyond the database */
    CHECK(!dft_cand_page_fits(p, PS, 10));
    put32(p + 8, 9);
    CHECK(dft_cand_page_fits(p, PS, 10));
    memset(p, 0, PS);
    put32(p, 10);                        /* overflow page: next page in range */
    CHECK(dft_cand_page_fits(p, PS, 10));
    put32(p, 11);
    CHECK(!dft_cand_page_fits(p, PS, 10));
}

/* A table interior page: cells (child, key) at the page end, pointers after the 12-byte header. */
static void interior(uint8_t *p, const uint32_t *child, uint32_t n, uint32_t right)
{
    memset(p, 0, PS);
    p[0] = 5;
    p[4] = (uint8_t)n;
    put32(p + 8, right);
    uint32_t at = PS;
    for (uint32_t k = 0; k < n; k++) {
        at -= 5;
        put32(p + at, child[k]);
        p[at + 4] = (uint8_t)(10 * (k + 1));   /* key: varint rowid */
        p[12 + 2 * k] = (uint8_t)(at >> 8);
        p[13 + 2 * k] = (uint8_t)at;
    }
    p[5] = (uint8_t)(at >> 8); p[6] = (uint8_t)at;
}

static uint32_t child_at(const uint8_t *pg, uint32_t k)
{
    uint32_t at = (uint32_t)pg[12 + 2 * k] << 8 | pg[13 + 2 * k];
    return (uint32_t)pg[at] << 24 | (uint32_t)pg[at + 1] << 16 | (uint32_t)pg[at + 2] << 8 | pg[at + 3];
}

/* Page 2 is a table interior over leaves 3, 4, 5 (right child 6); the pages the test drops are
 * foreign ('A' text); returns the candidate closed. */
static void tree(dft_cand *c, uint32_t npages, const uint32_t *child, uint32_t n, uint32_t right, uint32_t drop1,
                 uint32_t drop2)
{
    uint8_t h[PS], p[PS];
    header(h, npages, true);
    CHECK(dft_cand_begin(c, h, PS, 0));
    for (uint32_t pg = 2; pg <= npages; pg++) {
        if (pg == 2) interior(p, child, n, right);
        else if (pg == drop1 || pg == drop2) memset(p, 'A', PS);
        else leaf(p, (uint8_t)pg);
        dft_cand_offer(c, p);
    }
    dft_cand_close(c);
}

static void holes_unlinked(void)
{
    const uint32_t kids[3] = { 3, 4, 5 };
    uint64_t out[8] = { 0 };
    dft_cand c;
    /* a missing child: its cell is dropped, the others and the right child stay */
    tree(&c, 6, kids, 3, 6, 4, 0);
    CHECK(c.missing == 1);
    CHECK(dft_cand_unlink_holes(&c, out, 8) == 1 && out[0] == 4);
    const uint8_t *pg = c.img + PS;
    CHECK(pg[3] == 0 && pg[4] == 2 && child_at(pg, 0) == 3 && child_at(pg, 1) == 5);
    CHECK(pg[8] == 0 && pg[9] == 0 && pg[10] == 0 && pg[11] == 6);
    CHECK(pg[16] == 0 && pg[17] == 0);   /* the freed pointer slot is cleared */
    dft_cand_free(&c);
    /* a missing right child (and a missing cell child): the last kept cell's child becomes the right one */
    tree(&c, 6, kids, 3, 6, 6, 3);
    CHECK(dft_cand_unlink_holes(&c, out, 8) == 2 && out[0] == 3 && out[1] == 6);
    pg = c.img + PS;
    CHECK(pg[4] == 1 && child_at(pg, 0) == 4 && pg[11] == 5);
    dft_cand_free(&c);
    /* the only child and the right child missing: the page would have no cell, it is left as it was */
    const uint32_t one[1] = { 3 };
    tree(&c, 4, one, 1, 4, 3, 4);
    CHECK(dft_cand_unlink_holes(&c, out, 8) == 0);
    CHECK(c.img[PS + 4] == 1 && child_at(c.img + PS, 0) == 3 && c.img[PS + 11] == 4);
    dft_cand_free(&c);
    /* a cell pointer out of the page (garbage after the page was taken) and the right child missing:
     * no read outside the page (ASan), the page is left as it was */
    tree(&c, 6, kids, 3, 6, 6, 0);
    c.img[PS + 12] = 0xFF;
    c.img[PS + 13] = 0xF0;
    CHECK(dft_cand_unlink_holes(&c, out, 8) == 0);
    CHECK(c.img[PS + 4] == 3 && c.img[PS + 11] == 6);
    dft_cand_free(&c);
    /* a child numbered 0 (no page): left as it was */
    const uint32_t zero[3] = { 3, 0, 5 };
    tree(&c, 6, zero, 3, 6, 6, 0);
    CHECK(dft_cand_unlink_holes(&c, out, 8) == 0);
    CHECK(c.img[PS + 4] == 3 && c.img[PS + 11] == 6);
    dft_cand_free(&c);
    /* nothing missing: nothing changes */
    tree(&c, 6, kids, 3, 6, 0, 0);
    CHECK(c.missing == 0 && dft_cand_unlink_holes(&c, out, 8) == 0);
    dft_cand_free(&c);
}

/* The patched child of a faithful image (sqlite_patch.c): a missing page is zero there; the tree that
 * names it is incomplete, an intact one is not; unlinking on zero pages gives what the candidate's
 * missing list gives; a cycle in the interior pages ends the walk. */
static void patch_zero_holes(void)
{
    const uint32_t kids[3] = { 3, 4, 5 };
    uint64_t out[8] = { 0 };
    dft_cand c;
    tree(&c, 6, kids, 3, 6, 4, 0);
    uint8_t *faithful = malloc((size_t)6 * PS);
    CHECK(faithful != NULL);
    if (!faithful) return;
    memcpy(faithful, c.img, (size_t)6 * PS);
    dft_sqlpatch_image im = { .img = faithful, .ps = PS, .npages = 6 };
    CHECK(dft_sqlpatch_zero_hole(&im, 4) && !dft_sqlpatch_zero_hole(&im, 3) && dft_sqlpatch_zero_hole(&im, 7));
    CHECK(dft_sqlpatch_tree_incomplete(faithful, PS, 6, 2, dft_sqlpatch_zero_hole, &im));
    CHECK(!dft_sqlpatch_tree_incomplete(faithful, PS, 6, 3, dft_sqlpatch_zero_hole, &im));   /* a leaf root */
    CHECK(dft_sqlpatch_tree_incomplete(faithful, PS, 6, 4, dft_sqlpatch_zero_hole, &im));    /* a missing root */
    CHECK(dft_sqlpatch_tree_incomplete(faithful, PS, 6, 9, dft_sqlpatch_zero_hole, &im));    /* past the end */
    uint8_t *patched = malloc((size_t)6 * PS);
    CHECK(patched != NULL);
    if (patched) {
        memcpy(patched, faithful, (size_t)6 * PS);
        CHECK(dft_sqlpatch_unlink(patched, PS, 6, dft_sqlpatch_zero_hole, &im, out, 8) == 1 && out[0] == 4);
        CHECK(dft_cand_unlink_holes(&c, out, 8) == 1 && memcmp(patched, c.img, (size_t)6 * PS) == 0);
        /* the patched tree no longer reaches the hole; the faithful one still does */
        CHECK(!dft_sqlpatch_tree_incomplete(patched, PS, 6, 2, dft_sqlpatch_zero_hole, &im));
        CHECK(dft_sqlpatch_tree_incomplete(faithful, PS, 6, 2, dft_sqlpatch_zero_hole, &im));
        /* an interior page naming itself and its sibling leaves: each page once, no hole, ends */
        const uint32_t loop[3] = { 2, 3, 2 };
        interior(patched + PS, loop, 3, 2);
        CHECK(!dft_sqlpatch_tree_incomplete(patched, PS, 6, 2, dft_sqlpatch_zero_hole, &im));
        free(patched);
    }
    free(faithful);
    dft_cand_free(&c);
}

int main(void)
{
    RUN(complete_run);
    RUN(foreign_page_in_middle);
    RUN(missing_tail_and_hostile_size);
    RUN(unknown_size_stops);
    RUN(long_missing_run_ends);
    RUN(freelist_leaves_kept);
    RUN(page_fits);
    RUN(holes_unlinked);
    RUN(patch_zero_holes);
    return check_failures;
}
