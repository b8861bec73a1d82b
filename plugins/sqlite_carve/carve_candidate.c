/*
 * carve_candidate.c - see carve_candidate.h. Placement is consecutive because a deleted file's
 * blocks usually stay where the file system put them (ext4 allocates extents); what does not fit is
 * said (missing pages), never invented.
 */
#include "carve_candidate.h"

#include "sqlite_patch.h"

#include <stdlib.h>
#include <string.h>

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

bool dft_cand_page_fits(const uint8_t *p, uint32_t ps, uint32_t npages)
{
    uint8_t t = p[0];
    if (t == 2 || t == 5 || t == 10 || t == 13) {
        uint32_t hdr = t == 2 || t == 5 ? 12 : 8;
        uint32_t ncells = (uint32_t)p[3] << 8 | p[4];
        uint32_t content = (uint32_t)p[5] << 8 | p[6];
        if (content == 0) content = 65536;
        if (hdr + 2 * ncells > ps || content > ps || (ncells && content < hdr + 2 * ncells)) return false;
        if (p[7] > 60) return false;   /* fragmented free bytes never exceed 60 */
        if (hdr == 12 && (be32(p + 8) == 0 || be32(p + 8) > npages)) return false;   /* right child */
        return true;
    }
    return be32(p) <= npages;
}

bool dft_cand_begin(dft_cand *c, const uint8_t *p, uint32_t ps, uint64_t start)
{
    memset(c, 0, sizeof *c);
    uint32_t n = be32(p + 28);
    bool known = n > 0 && be32(p + 24) == be32(p + 92);
    uint32_t cap = DFT_CAND_MAX_BYTES / ps;
    if (!known) n = cap;   /* grown as pages fit, stops at the first one that does not */
    if (n > cap) n = cap;  /* a hostile size field: the rest is missing */
    /* the image grows as pages are taken (its room doubles): a fake header costs one page until pages fit */
    c->img = malloc(ps);
    c->offs = calloc(1, sizeof *c->offs);
    if (!c->img || !c->offs) { dft_cand_free(c); return false; }
    memcpy(c->img, p, ps);
    c->offs[0] = start;
    c->room = 1;
    c->active = true;
    c->start = start;
    c->ps = ps;
    c->npages = n;
    c->size_known = known;
    /* a freelist (header: first trunk page, number of free pages): its leaf pages hold old bytes that
     * need not look like a page, so pages that do not fit are kept until the trunks say whose they are */
    uint32_t trunk = be32(p + 32);
    if (known && be32(p + 36) > 0 && trunk >= 2 && trunk <= n) c->free_trunk = trunk;
    c->next = 2;
    c->found = 1;
    return true;
}

uint64_t dft_cand_want(const dft_cand *c)
{
    if (!c->active || c->ended || c->next > c->npages) return UINT64_MAX;
    return c->start + (uint64_t)(c->next - 1) * c->ps;
}

/* Makes room for `pages` pages in the image and offsets (the caller fills them). The room doubles, up
 * to the expected page count, so a large database costs O(log n) reallocations, not one per page. */
static bool grow(dft_cand *c, uint32_t pages)
{
    if (pages <= c->room) return true;
    uint32_t room = c->room ? c->room : 1;
    while (room < pages) room = room > UINT32_MAX / 2 ? pages : room * 2;
    if (room > c->npages) room = c->npages > pages ? c->npages : pages;
    uint8_t *img = realloc(c->img, (size_t)room * c->ps);
    if (!img) return false;
    c->img = img;
    uint64_t *offs = realloc(c->offs, (size_t)room * sizeof *offs);
    if (!offs) return false;
    c->offs = offs;
    uint8_t *held = realloc(c->held, room);
    if (!held) return false;
    c->held = held;
    c->room = room;
    return true;
}

bool dft_cand_offer(dft_cand *c, const uint8_t *p)
{
    if (!c->active || c->ended || c->next > c->npages) return false;
    bool fits = dft_cand_page_fits(p, c->ps, c->npages);
    if (!fits && !c->size_known) {   /* unknown size: the database ends where pages stop fitting */
        c->npages = c->next - 1;
        return false;
    }
    uint32_t max_run = DFT_CAND_MAX_MISSING_RUN / c->ps;
    if (!fits && c->run + 1 >= max_run) {
        /* the database does not go on here: the run leaves the image (zeros) and, with the pages after
         * it, is counted missing by dft_cand_close as never reached */
        c->next -= c->run;
        c->missing -= c->run;
        c->run = 0;
        c->ended = true;
        uint8_t *img = realloc(c->img, (size_t)(c->next - 1) * c->ps);   /* smaller: may fail harmlessly */
        if (img) {
            c->img = img;
            c->room = c->next - 1;   /* offs keeps its larger size: only room pages of it are used */
        }
        return false;
    }
    c->run = fits ? 0 : c->run + 1;
    if (!grow(c, c->next)) { c->npages = c->next - 1; return false; }
    uint32_t i = c->next - 1;
    c->held[i] = !fits && c->free_trunk;
    if (fits || c->held[i]) memcpy(c->img + (size_t)i * c->ps, p, c->ps);
    else memset(c->img + (size_t)i * c->ps, 0, c->ps);
    if (fits) {
        c->offs[i] = dft_cand_want(c);
        c->found++;
    } else {
        c->offs[i] = 0;
        c->missing++;
    }
    c->next++;
    return c->next <= c->npages;
}

/* The pages held back (did not fit, kept while a freelist was declared) that a freelist trunk of the
 * image lists as leaves are the database's: found, at their expected place. The others are zeroed and
 * stay missing. Trunks are followed from the header's first one while they are in the image; the chain
 * is bounded by the page count (a cycle ends it). */
static void settle_held(dft_cand *c)
{
    uint8_t *leaf = c->free_trunk && c->npages ? calloc(c->npages, 1) : NULL;
    uint32_t t = c->free_trunk, steps = 0;
    while (leaf && t >= 2 && t <= c->npages && c->offs[t - 1] != 0 && steps++ < c->npages) {
        const uint8_t *pg = c->img + (size_t)(t - 1) * c->ps;
        uint32_t n = be32(pg + 4), max = c->ps / 4 - 2;
        for (uint32_t k = 0; k < n && k < max; k++) {
            uint32_t l = be32(pg + 8 + 4 * k);
            if (l >= 2 && l <= c->npages) leaf[l - 1] = 1;
        }
        t = be32(pg);
    }
    for (uint32_t i = 1; c->held && i < c->npages && i < c->room; i++) {
        if (!c->held[i]) continue;
        c->held[i] = 0;
        if (leaf && leaf[i]) {
            c->offs[i] = c->start + (uint64_t)i * c->ps;
            c->found++;
            c->missing--;
            c->free_leaves++;
        } else {
            memset(c->img + (size_t)i * c->ps, 0, c->ps);
        }
    }
    free(leaf);
}

void dft_cand_close(dft_cand *c)
{
    if (!c->active) return;
    /* pages the region never reached: counted missing, not allocated (a hostile size field would
     * otherwise cost its whole claimed size); the image simply ends there */
    c->claimed = c->npages;
    if (c->next <= c->npages && c->size_known) c->missing += c->npages - (c->next - 1);
    else c->claimed = c->next - 1;
    c->npages = c->next - 1;
    settle_held(c);
}

void dft_cand_free(dft_cand *c)
{
    free(c->img);
    free(c->offs);
    free(c->held);
    memset(c, 0, sizeof *c);
}

/* True when page number n is a hole of the image: missing, or past its end (the region ended). */
static bool hole(void *ud, uint32_t n)
{
    const dft_cand *c = ud;
    return n >= 2 && (n > c->npages || c->offs[n - 1] == 0);
}

uint32_t dft_cand_unlink_holes(dft_cand *c, uint64_t *out, uint32_t cap)
{
    if (!c->img || c->missing == 0) return 0;
    return dft_sqlpatch_unlink(c->img, c->ps, c->npages, hole, c, out, cap);
}
