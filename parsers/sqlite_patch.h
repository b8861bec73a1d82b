/*
 * sqlite_patch.h - a carved SQLite database image with holes made readable (issue 13, carving): the
 * pages that are missing (not found, zero-filled in the image) are unlinked from the table interior
 * pages that name them, so the SQLite library reads every other page instead of stopping at the hole
 * ("database disk image is malformed"), and the table b-trees that lost pages are named, so their rows
 * can be marked partial. Works on bytes only (no SQLite library, no case store): the faithful image
 * stays as found, the patched copy is a separate file.
 */
#ifndef DFT_SQLITE_PATCH_H
#define DFT_SQLITE_PATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Is page n (1-based) of the image a hole? n is never 1. */
typedef bool (*dft_sqlpatch_hole_fn)(void *ud, uint32_t n);

/* The default hole test on an image of npages pages: page n is past the end or all zero bytes (a
 * missing page is zero-filled; a b-tree page is never all zero). ud is a dft_sqlpatch_image. */
typedef struct dft_sqlpatch_image {
    const uint8_t *img;
    uint32_t ps;
    uint32_t npages;
} dft_sqlpatch_image;
bool dft_sqlpatch_zero_hole(void *ud, uint32_t n);

/* Unlinks every hole that a table interior page of img (npages pages of ps bytes, page 1 with the
 * 100-byte header) names as a child: the cell pointing at it is dropped from the cell pointer array
 * (its key with it: those rowids route to a neighbour), and a hole as right child is replaced by the
 * last kept cell's child. A page that would be left without a cell is not touched (SQLite reads a
 * non-root page without cells as corrupt), nor a page with a cell pointer out of the page or a child
 * that is no page (0, 1). Writes the unlinked page numbers to out (at most cap, in page order of their
 * parents) and returns how many were unlinked. */
uint32_t dft_sqlpatch_unlink(uint8_t *img, uint32_t ps, uint32_t npages, dft_sqlpatch_hole_fn hole, void *ud,
                             uint64_t *out, uint32_t cap);

/* Whether the table b-tree rooted at `root` reaches a hole in img (before unlinking): an interior page
 * names a missing child, or a page of the tree is itself missing. Walked from the root, each page once
 * (a cycle or a page shared by two parents ends that branch), at most npages pages. */
bool dft_sqlpatch_tree_incomplete(const uint8_t *img, uint32_t ps, uint32_t npages, uint32_t root,
                                  dft_sqlpatch_hole_fn hole, void *ud);

#endif
