/*
 * sqlite_recover_int.h - internals shared by the recovery parser's files: the run context, page
 * access and the record decoders (parsers/sqlite_record.c). Not a public interface.
 */
#ifndef DFT_SQLITE_RECOVER_INT_H
#define DFT_SQLITE_RECOVER_INT_H

#include <stdint.h>
#include <time.h>

#include "sqlite_recover.h"

#define SQLREC_MAX_COLS 2000     /* SQLite's default SQLITE_MAX_COLUMN */
#define SQLREC_MAX_COUNTS 8      /* distinct record column counts remembered per table */

/* Live rows of one table: (rowid, values hash) sorted by rowid, and the column counts seen. */
typedef struct sqlrec_live {
    int64_t *rowid;
    uint64_t *hash;
    size_t n, cap;
    int counts[SQLREC_MAX_COUNTS];
    int ncounts;
    int64_t *keyed;              /* pairs (hash of a UNIQUE key's values, rowid), sorted by hash */
    size_t nkeyed, keyed_cap;
} sqlrec_live;

/* What a partial record lacks (dft_sqlrec_row.missing; sqlrec_missing_text). */
enum {
    SQLREC_MISS_NONE = 0,
    SQLREC_MISS_OVERWRITTEN,     /* values in the bytes a freeblock header overwrote */
    SQLREC_MISS_OVFL_INUSE,      /* the chain reaches a page now used by live data (reused after the delete) */
    SQLREC_MISS_OVFL_LOOP,       /* the chain reaches a page twice */
    SQLREC_MISS_OVFL_NOT,        /* a chain page whose next-page word is no page number (not an overflow page) */
    SQLREC_MISS_OVFL_END,        /* the chain ends (next page 0) before the payload does */
    SQLREC_MISS_OVFL_ABSENT,     /* a chain page past the database's end, or not present */
    SQLREC_MISS_OVFL_INVALID,    /* bytes read from the chain do not decode (text, NaN): reused */
    SQLREC_MISS_OVFL_TRUNK,      /* the chain reaches a page that is a freelist trunk now (bytes overwritten) */
    SQLREC_MISS_COUNT
};
const char *sqlrec_missing_text(int code);

/* An open-addressing set of 64-bit keys (0 is stored as 1). */
typedef struct sqlrec_set {
    uint64_t *k;
    size_t n, cap;
} sqlrec_set;

typedef struct sqlrec_ctx {
    const dft_sqlrec_opts *o;
    int (*row)(void *payload, const dft_sqlrec_row *r);
    void *payload;
    dft_sqlrec_stats *st;
    uint32_t psize, usable, npages;
    uint64_t max_payload;        /* a payload length above it is not a cell */
    int enc;
    const uint8_t **cur;         /* current-state image of page N at cur[N-1] (NULL: not present) */
    int32_t *owner;              /* table index owning a live leaf page, -1 none */
    uint8_t *seen;               /* pages reached by the b-tree walks (cycle guard) */
    sqlrec_live *live;           /* per table */
    sqlrec_set live_values;      /* hash(table, values) of live rows */
    sqlrec_set done_keys;        /* hash(table, rowid, values) of reported rows */
    sqlrec_set done_values;      /* hash(table, values) of reported rows */
    dft_sqlrec_value *vals;      /* scratch, SQLREC_MAX_COLS */
    uint64_t *types;             /* scratch, SQLREC_MAX_COLS */
    bool *lost;                  /* scratch, SQLREC_MAX_COLS */
    uint8_t *buf;                /* payload assembled from overflow pages (values point into it) */
    uint8_t *inuse;              /* per page: 1 = a live table b-tree page, 2 = an overflow page of a live row,
                                    3 = a freelist trunk page */
    uint32_t *chain_mark;        /* per page: the overflow-chain walk (chain_gen) that last reached it */
    uint32_t chain_gen;
    bool walking;                /* the live b-tree walks are running (their chains mark inuse) */
    int miss;                    /* SQLREC_MISS_* of the record being decoded */
    size_t buf_cap;
    uint8_t *deferred;           /* no-rowid records, reported after every record with a rowid */
    size_t deferred_len, deferred_cap;
    bool flushing;
    size_t memory;               /* bytes held by the sets and live arrays */
    struct timespec t0;
    int stop;                    /* non-zero: stop scanning (budget, cancel, or a callback's code) */
} sqlrec_ctx;

/* A decoded record about to be checked and reported. */
typedef struct sqlrec_cand {
    size_t table;
    bool has_rowid;
    int64_t rowid;
    int nvals;
    bool partial;
    int missing;                 /* SQLREC_MISS_* when partial */
    size_t end;                  /* page offset just past the cell's local bytes */
    bool ambiguous;              /* the page's table is unknown and another table's columns fit too */
} sqlrec_cand;

/* ---- sqlite_record.c ---- */
/* A varint at p (at most 9 bytes, within n): its length, or 0 when it does not fit. */
int sqlrec_varint(const uint8_t *p, size_t n, uint64_t *v);
/* Bytes a serial type's value takes (-1 for the reserved types 10, 11). */
int64_t sqlrec_type_size(uint64_t t);
/* The local part of a payload of plen bytes on a table leaf page (fileformat2 "cell payload"). */
size_t sqlrec_local(const sqlrec_ctx *c, uint64_t plen);
/* Decodes an intact table-leaf cell at img[off] whose bytes may extend to img[end]; on success fills
 * c->vals and cand (table: preferred first, else any table whose columns fit). */
bool sqlrec_cell(sqlrec_ctx *c, const uint8_t *img, size_t off, size_t end, int preferred, bool any_table,
                 sqlrec_cand *cand);
/* Decodes a freed cell at img[off] whose first 4 bytes were overwritten, ending at img[end] or before
 * (exactly at end with exact: a cell freed at the start of the content area, now in the gap), as a
 * record of table t (schema-guided). */
bool sqlrec_freed(sqlrec_ctx *c, const uint8_t *img, size_t off, size_t end, size_t t, bool exact,
                  sqlrec_cand *cand);
/* The current-state page image, or NULL. */
const uint8_t *sqlrec_page(const sqlrec_ctx *c, uint64_t pgno);
/* FNV-1a over a record's values (type-tagged) and the table index. */
uint64_t sqlrec_values_hash(size_t table, const dft_sqlrec_value *v, int n);

#endif
