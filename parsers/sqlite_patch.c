/*
 * sqlite_patch.c - see sqlite_patch.h. The b-tree layout is the file format's (sqlite.org/fileformat2.html
 * "B-tree Pages", "Cell Payload Overflow Pages"): page 1 starts with the 100-byte database header, a
 * table interior page (type 5) has a 12-byte header whose bytes 8-11 are the right child, each cell
 * starts with its 4-byte left child; a table leaf (type 13) cell is payload-length varint, rowid
 * varint, the local payload and, when the payload does not fit, the first overflow page number.
 */
#include "sqlite_patch.h"

#include <stdlib.h>
#include <string.h>

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

bool dft_sqlpatch_zero_hole(void *ud, uint32_t n)
{
    const dft_sqlpatch_image *im = ud;
    if (n < 2) return false;
    if (n > im->npages) return true;
    const uint8_t *p = im->img + (size_t)(n - 1) * im->ps;
    for (uint32_t i = 0; i < im->ps; i++)
        if (p[i]) return false;
    return true;
}

static uint32_t cell_at(const uint8_t *pg, uint32_t h, uint32_t k)
{
    return (uint32_t)pg[h + 12 + 2 * k] << 8 | pg[h + 13 + 2 * k];
}

static uint32_t cell_child(const uint8_t *pg, uint32_t h, uint32_t k, uint32_t ps)
{
    uint32_t at = cell_at(pg, h, k);
    return at >= h + 12 && at + 4 <= ps ? be32(pg + at) : 0;
}

/* Unlinks the holes among the children of table interior page i (0-based); returns how many, adding
 * their numbers to out. ptrs: ps bytes; lost: ps / 2 + 1 entries. */
static uint32_t unlink_children(uint8_t *img, uint32_t ps, uint32_t i, dft_sqlpatch_hole_fn hole, void *ud,
                                uint8_t *ptrs, uint32_t *lost, uint64_t *out, uint32_t *n_out, uint32_t cap)
{
    uint8_t *pg = img + (size_t)i * ps;
    uint32_t h = i == 0 ? 100 : 0;   /* page 1 starts with the database header */
    if (pg[h] != 5) return 0;
    uint32_t ncells = (uint32_t)pg[h + 3] << 8 | pg[h + 4];
    if (h + 12 + 2 * ncells > ps) return 0;
    uint32_t right = be32(pg + h + 8), keep = 0, gone = 0;
    for (uint32_t k = 0; k < ncells; k++) {
        uint32_t child = cell_child(pg, h, k, ps);
        /* a cell pointer out of the page or a child that is no page (0: out of range, 1: the schema
         * root): not a b-tree page this code can reason about; left untouched */
        if (child < 2) return 0;
        if (hole(ud, child)) { lost[gone++] = child; continue; }
        memcpy(ptrs + 2 * keep++, pg + h + 12 + 2 * k, 2);
    }
    if (right < 2) return 0;
    /* a missing right child: the last kept cell's child becomes the right child (that cell's key is
     * dropped with it: its rows now go right) */
    while (hole(ud, right) && keep > 0) {
        lost[gone++] = right;
        keep--;
        uint32_t at = (uint32_t)ptrs[2 * keep] << 8 | ptrs[2 * keep + 1];
        right = be32(pg + at);
    }
    if (gone == 0 || keep == 0) return 0;
    memcpy(pg + h + 12, ptrs, 2 * keep);
    memset(pg + h + 12 + 2 * keep, 0, 2 * (ncells - keep));
    pg[h + 3] = (uint8_t)(keep >> 8);
    pg[h + 4] = (uint8_t)keep;
    pg[h + 8] = (uint8_t)(right >> 24); pg[h + 9] = (uint8_t)(right >> 16);
    pg[h + 10] = (uint8_t)(right >> 8); pg[h + 11] = (uint8_t)right;
    for (uint32_t k = 0; k < gone; k++)
        if (*n_out < cap) out[(*n_out)++] = lost[k];
    return gone;
}

uint32_t dft_sqlpatch_unlink(uint8_t *img, uint32_t ps, uint32_t npages, dft_sqlpatch_hole_fn hole, void *ud,
                             uint64_t *out, uint32_t cap)
{
    if (!img || ps < 512 || npages == 0) return 0;
    uint8_t *ptrs = malloc(ps);
    uint32_t *lost = malloc((ps / 2 + 1) * sizeof *lost);
    uint32_t n = 0, listed = 0;
    for (uint32_t i = 0; ptrs && lost && i < npages; i++)
        if (i == 0 || !hole(ud, i + 1)) n += unlink_children(img, ps, i, hole, ud, ptrs, lost, out, &listed, cap);
    free(ptrs);
    free(lost);
    return n;
}

bool dft_sqlpatch_tree_incomplete(const uint8_t *img, uint32_t ps, uint32_t npages, uint32_t root,
                                  dft_sqlpatch_hole_fn hole, void *ud)
{
    if (!img || ps < 512 || root == 0 || root > npages) return root != 0;
    if (root != 1 && hole(ud, root)) return true;
    uint8_t *seen = calloc(npages + 1, 1);
    uint32_t *stack = malloc((size_t)(npages + 1) * sizeof *stack);
    bool incomplete = false;
    uint32_t sp = 0;
    if (seen && stack) {
        stack[sp++] = root;
        seen[root] = 1;
    }
    while (sp > 0 && !incomplete) {
        uint32_t pno = stack[--sp];
        const uint8_t *pg = img + (size_t)(pno - 1) * ps;
        uint32_t h = pno == 1 ? 100 : 0;
        if (pg[h] != 5) continue;   /* a leaf (or not a table interior page): nothing below */
        uint32_t ncells = (uint32_t)pg[h + 3] << 8 | pg[h + 4];
        if (h + 12 + 2 * ncells > ps) continue;
        for (uint32_t k = 0; k <= ncells && !incomplete; k++) {
            uint32_t child = k < ncells ? cell_child(pg, h, k, ps) : be32(pg + h + 8);
            if (child < 2 || child > npages) { incomplete = child > npages; continue; }
            if (hole(ud, child)) { incomplete = true; break; }
            if (seen[child]) continue;
            seen[child] = 1;
            stack[sp++] = child;   /* each page pushed once: sp <= npages */
        }
    }
    free(seen);
    free(stack);
    return incomplete;
}
