/*
 * store_merge.h - shards and their verified merge into one case file (docs/merge.md), and the
 * cross-device correlation index (store_correlate.c).
 *
 * A shard is an ordinary case file holding what one `dftriage ingest` wrote (one evidence item, usually):
 * nothing marks it as a shard. Its identity is the hash of its first audit row (the chain's genesis:
 * hashed over the creation time and path, so two case files never share it, and a copied file keeps it).
 *
 * Invariants:
 *  1. A shard is only read: the check opens it read-only, the copy ATTACHes it read-only (refused when
 *     SQLite would attach it writable).
 *  2. A shard is merged only when its audit chain, every seal and its schema hold, every evidence item in
 *     it is complete, and it is of the case's case number; one transaction per shard, so a failed merge
 *     leaves the case as it was.
 *  3. Every table of the shard is either copied (ids remapped by a per-table offset), or on a fixed list
 *     of tables rebuilt by the merge; any other table refuses the merge (a new table is never skipped).
 */
#ifndef DFT_STORE_MERGE_H
#define DFT_STORE_MERGE_H

#include <stdbool.h>
#include <stdint.h>

#include "store.h"

/* What the check of a shard found (dft_merge_shard_check). Strings malloc'd; dft_merge_shard_free. */
typedef struct dft_merge_shard {
    char *path;
    char *genesis;        /* hash of audit row 1: the shard's identity */
    char *head;           /* "SEQ:HASH" of its last audit row */
    char *case_number, *examiner;
    char *order_key;      /* fingerprint of its first evidence item: merge order, independent of argv order */
    char *seals;          /* JSON object: "evidence N" / "case" -> last seal digest (from its audit rows) */
    int64_t evidence_items;
    int64_t audit_rows;
    int64_t rows;         /* rows its seals cover (its size) */
} dft_merge_shard;

/* Checks a shard (read-only): schema, audit chain, sealed rows, complete evidence, known tables, not a
 * merged case. DFT_OK with *out filled; DFT_ECORRUPT (tampered, incomplete, unknown table) or another
 * code with the one-line reason in dft_error_last(). */
int dft_merge_shard_check(const char *path, dft_merge_shard *out);
void dft_merge_shard_free(dft_merge_shard *sh);

/* Result of merging one shard. */
typedef enum { DFT_MERGE_MERGED = 1, DFT_MERGE_SKIPPED } dft_merge_outcome;

/* Merges a checked shard into the case s, in one transaction: refuses another case number (DFT_ERROR), an
 * evidence item already in the case from elsewhere, a changed shard of the same identity; skips (DFT_OK,
 * *outcome SKIPPED, reason in dft_error_last()) a shard already merged with the same chain head.
 * *run: the merge's runs row; 0 = none yet: made (with the audit row "merge.begin", command_line) in the
 * transaction of the first shard merged, so a refused or skipped shard writes nothing. *rows gets the rows
 * copied. */
int dft_merge_shard_into(dft_store *s, const dft_merge_shard *sh, const char *command_line, const char *rederived,
                         bool build_indexes, int64_t *run, dft_merge_outcome *outcome, int64_t *rows);
/* build_indexes (above): also build, in this shard's transaction, the indexes a large merge dropped
 * (dft_merge_bulk_end): true for the last shard of a large merge. */

/* A large merge (store_merge_bulk.c, docs/merge.md "Large merges"): dft_merge_bulk_begin drops the secondary
 * indexes of the big copied tables that are not led by evidence_id and records their names in case_info
 * (one transaction; *dropped: how many); dft_merge_bulk_end builds every recorded one again from the
 * schema's DDL and clears the record (joins the caller's transaction; a no-op when none is recorded).
 * A case with recorded dropped indexes opens and verifies; the next merge builds them.
 * dft_merge_bulk_pragmas: a larger page cache and sorts spilled to temp files (on), or the store's
 * defaults (off); outside a transaction only. */
int dft_merge_bulk_begin(dft_store *s, int64_t *dropped);
int dft_merge_bulk_end(dft_store *s, int64_t *rebuilt);
void dft_merge_bulk_pragmas(dft_store *s, bool on);
/* rederived (above and here): comma-separated names of the plugins whose case passes the merge runs again
 * over the merged case; the shard's case-level rows of those plugins are not copied (still counted against
 * its seals), and dft_merge_drop_rederived deletes the case's own before the passes run again. NULL: copy
 * every row (the case passes are not re-run). */
int dft_merge_drop_rederived(dft_store *s, const char *rederived, int64_t *deleted);

/* Rebuilds identifier_occurrences from the case's rows (store_correlate.c) in one transaction and appends
 * the audit row "correlate" {"occurrences","shared","region","generation"}. region: ISO 3166 alpha-2 for
 * national phone numbers; "" for none (only numbers written internationally count); NULL for the region of
 * the last correlation (stored in its audit row), none when there was none. *occurrences / *shared (may be
 * NULL) get the counts. */
int dft_store_correlate(dft_store *s, const char *region, int64_t *occurrences, int64_t *shared);

/* The correlation index against the case's rows, from the audit chain (docs/merge.md "Generation"): the
 * case's row generation is the number of audit rows after which the rows the correlation reads may have
 * changed (DFT_CORRELATE_ROW_CHANGES: an item sealed, case passes recorded, a shard merged); the index
 * is stale when the case's generation has grown past the one its last "correlate" row recorded. */
#define DFT_CORRELATE_ROW_CHANGES "('evidence.seal', 'case.passes', 'merge.shard')"
typedef struct dft_correlation_state {
    bool built;                   /* a "correlate" audit row exists */
    bool stale;                   /* built, and the case's rows changed since */
    int64_t seq;                  /* audit seq of the last "correlate" row */
    int64_t generation;           /* the case's row generation it was built at */
    int64_t case_generation;      /* the case's row generation now */
    int64_t occurrences, shared;  /* as recorded */
    int64_t evidence_items;       /* in the case now */
    char region[3];               /* "" none */
} dft_correlation_state;
/* db: the case's sqlite3 connection (dft_store_db). DFT_OK with *out filled (a case without audit_log or
 * correlation rows: built = false). */
int dft_correlation_state_get(void *db, dft_correlation_state *out);
/* One line for info and report: "current (generation 7, region TH, 1830 occurrences, 12 shared)", "STALE:
 * ...", "not built ...". */
void dft_correlation_state_describe(const dft_correlation_state *st, char *buf, size_t len);
/* The same after an ingest: only when the case holds two or more evidence items (an identifier can be
 * shared only then); *ran tells whether it did. */
int dft_store_correlate_case(dft_store *s, const char *region, bool *ran, int64_t *occurrences, int64_t *shared);

/* Free text naming rows ("file N", "evidence N", whole words): N shifted by file_off / evidence_off.
 * *out malloc'd, or NULL when nothing changed (store_merge.c; used on evidence.warning values). */
int dft_merge_remap_text(const char *in, int64_t file_off, int64_t evidence_off, char **out);

#endif
