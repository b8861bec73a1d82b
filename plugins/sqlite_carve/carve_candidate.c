/*
 * carve_candidate.c - see carve_candidate.h. Placement is consecutive because a deleted file's
 * blocks usually stay where the file system put them (ext4 allocates extents); what does not fit is
 * said (missing pages), never invented.
 */
#include "carve_candidate.h"

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
    /* the image grows page by page: a fake header costs nothing until pages fit */
    c->img = malloc(ps);
    c->offs = calloc(1, sizeof *c->offs);
    if (!c->img || !c->offs) { dft_cand_free(c); return false; }
    memcpy(c->img, p, ps);
    c->offs[0] = start;
    c->active = true;
    c->start = start;
    c->ps = ps;
    c->npages = n;
    c->size_known = known;
    c->next = 2;
    c->found = 1;
    return true;
}

uint64_t dft_cand_want(const dft_cand *c)
{
    if (!c->active || c->next > c->npages) return UINT64_MAX;
    return c->start + (uint64_t)(c->next - 1) * c->ps;
}

/* Grows the image and offsets to `pages` pages (zero-filled). */
static bool grow(dft_cand *c, uint32_t pages)
{
    uint8_t *img = realloc(c->img, (size_t)pages * c->ps);
    if (!img) return false;
    c->img = img;
    uint64_t *offs = realloc(c->offs, (size_t)pages * sizeof *offs);
    if (!offs) return false;
    c->offs = offs;
    return true;
}

bool dft_cand_offer(dft_cand *c, const uint8_t *p)
{
    if (!c->active || c->next > c->npages) return false;
    bool fits = dft_cand_page_fits(p, c->ps, c->npages);
    if (!fits && !c->size_known) {   /* unknown size: the database ends where pages stop fitting */
        c->npages = c->next - 1;
        return false;
    }
    if (!grow(c, c->next)) { c->npages = c->next - 1; return false; }
    uint32_t i = c->next - 1;
    if (fits) {
        memcpy(c->img + (size_t)i * c->ps, p, c->ps);
        c->offs[i] = dft_cand_want(c);
        c->found++;
    } else {
        memset(c->img + (size_t)i * c->ps, 0, c->ps);
        c->offs[i] = 0;
        c->missing++;
    }
    c->next++;
    return c->next <= c->npages;
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
}

void dft_cand_free(dft_cand *c)
{
    free(c->img);
    free(c->offs);
    memset(c, 0, sizeof *c);
}
