/*
 * test_carve_candidate.c - the candidate-database assembler of sqlite_carve (plugins/sqlite_carve/
 * carve_candidate.c) on hand-built pages: a complete run, a missing (foreign) page in the middle,
 * missing pages at the end, an unknown size (ends at the first page that does not fit), a hostile size
 * field (capped, never allocated up front) and the page-fit rules.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "plugins/sqlite_carve/carve_candidate.h"

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

int main(void)
{
    RUN(complete_run);
    RUN(foreign_page_in_middle);
    RUN(missing_tail_and_hostile_size);
    RUN(unknown_size_stops);
    RUN(page_fits);
    return check_failures;
}
