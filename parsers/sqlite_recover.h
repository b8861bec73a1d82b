/*
 * sqlite_recover.h - deleted-record recovery from the bytes of an SQLite database (issue 13). The
 * SQLite library never shows free space, so this parser reads the file itself: the header, the b-tree
 * of every table given, the freeblocks and the unallocated gap of each live table leaf page, the
 * freelist (trunk and leaf pages), every frame of a -wal (current state vs older versions and earlier
 * generations) and the pages saved in a rollback -journal. No case-store knowledge; see
 * docs/recovery.md for the rules.
 *
 * File format facts used (https://www.sqlite.org/fileformat2.html):
 *   header (100 bytes)  16 magic, 16 page size (1 = 65536), 20 reserved bytes per page,
 *                       28 page count, 32 first freelist trunk, 36 freelist pages, 56 text encoding
 *                       (1 UTF-8, 2 UTF-16le, 3 UTF-16be), 52 largest root (auto_vacuum/ptrmap)
 *   b-tree page header  0 type (0x0d table leaf, 0x05 table interior, 0x0a/0x02 index), 1 first
 *                       freeblock, 3 cell count, 5 content start (0 = 65536), 7 fragmented bytes,
 *                       8 right child (interior only); header is 8 (leaf) / 12 (interior) bytes,
 *                       at offset 100 on page 1; then the 2-byte cell pointer array
 *   table leaf cell     varint payload length, varint rowid, payload (local part), 4-byte first
 *                       overflow page when the payload does not fit
 *   freeblock           2-byte next freeblock, 2-byte size: a freed cell's first 4 bytes are lost
 *   record              varint header size, serial types, values (0 NULL, 1-6 ints of 1,2,3,4,6,8
 *                       bytes, 7 float, 8/9 constants 0/1, even >= 12 blob, odd >= 13 text)
 *   WAL                 32-byte header (magic 0x377f0682/3, page size, checkpoint seq, salts,
 *                       checksum) then frames of 24-byte header (page, db size after commit or 0,
 *                       salts, cumulative checksum) + page image
 *   rollback journal    magic d9 d5 05 f9 20 a1 63 d7, record count, nonce, original size, sector
 *                       size, page size; records of 4-byte page number + page + 4-byte checksum
 *
 * Invariants:
 *  1. Every read is bounded by the buffers given; page numbers are checked against the page count;
 *     every chain (b-tree descent, overflow, freelist trunks, freeblocks) is bounded by the page
 *     count or a visited set, and a cycle or bogus size ends that chain with a warning.
 *  2. A record is reported only when it decodes consistently: its serial types count matches the
 *     table's columns (or a count seen in the table's live rows), each type fits the column's
 *     affinity, the values fit the bytes that follow, and text is valid in the database encoding.
 *  3. De-duplication: a record equal to a live row (same rowid and values, or - rowid lost - the
 *     same values) is not reported; the same rowid with other values is an older version; the same
 *     record found in several places is reported once (the first place in scan order).
 *  4. Scan order (so output order) is fixed: live pages' free space in page order, freelist pages,
 *     older WAL frames (newest first), main-file pages replaced by the WAL, journal pages.
 *  5. Memory: recovered values are kept until the end (for de-duplication) up to max_memory bytes;
 *     past it recovery stops with a warning (rows found so far are still reported).
 */
#ifndef DFT_SQLITE_RECOVER_H
#define DFT_SQLITE_RECOVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A column of a table as the schema declares it. affinity: 'I' integer, 'R' real, 'N' numeric,
 * 'T' text, 'B' blob/none (SQLite's affinity rules on the declared type, dft_sqlrec_affinity). */
typedef struct dft_sqlrec_column {
    const char *name;
    char affinity;
    bool ipk;                    /* INTEGER PRIMARY KEY: stored as NULL in the record (it is the rowid) */
} dft_sqlrec_column;

typedef struct dft_sqlrec_table {
    const char *name;
    uint32_t root;               /* root page in the current state; 0: no live b-tree (carving) */
    int ncols;
    const dft_sqlrec_column *cols;
    /* appended: the table's UNIQUE keys (UNIQUE constraints and non-partial unique indexes on plain
     * columns), flattened as [n, col1..coln] repeated; NULL when none. A record whose key values equal
     * a live row's is that row's older version (an UPDATE that moved the cell), never a deleted row. */
    const int *keys;
    int keys_len;                /* ints in keys */
    /* appended: per column, non-zero when declared NOT NULL (a record with NULL there is rejected for
     * this table); NULL when unknown */
    const uint8_t *notnull;
} dft_sqlrec_table;

typedef struct dft_sqlrec_opts {
    const uint8_t *db;           /* the main database file (may be empty when all pages are in the WAL) */
    size_t db_len;
    const uint8_t *wal;          /* its -wal or NULL */
    size_t wal_len;
    const uint8_t *journal;      /* its rollback -journal or NULL */
    size_t journal_len;
    const dft_sqlrec_table *tables;
    size_t ntables;
    size_t max_memory;           /* 0: 256 MiB */
    unsigned time_budget_ms;     /* 0: 60 s + 0.5 s per MiB of input */
    bool (*cancelled)(void *payload);
    void (*warning)(void *payload, const char *message);
    void *payload;
} dft_sqlrec_opts;

enum { DFT_SQLREC_LOST = 0, DFT_SQLREC_NULL, DFT_SQLREC_INT, DFT_SQLREC_FLOAT, DFT_SQLREC_TEXT, DFT_SQLREC_BLOB };

typedef struct dft_sqlrec_value {
    int type;                    /* DFT_SQLREC_*; LOST: the bytes were overwritten */
    int64_t i;
    double f;
    const uint8_t *p;            /* TEXT (in the database encoding, not NUL-terminated) / BLOB */
    size_t n;
} dft_sqlrec_value;

/* One recovered record. Everything is borrowed for the callback only. */
typedef struct dft_sqlrec_row {
    size_t table;                /* index into opts->tables */
    bool has_rowid;
    int64_t rowid;
    int nvals;                   /* <= the table's ncols: a record written before ALTER TABLE ADD COLUMN */
    const dft_sqlrec_value *vals;
    const char *source;          /* "freeblock:PAGE:OFFSET", "unallocated:PAGE:OFFSET", "freelist:PAGE",
                                    "wal:FRAME:SALT1", "main:PAGE", "journal:PAGE" */
    const char *source_kind;     /* the first word of source */
    const char *completeness;    /* "complete", "no_rowid", "partial" (values lost or truncated) */
    bool older_version;          /* rowid is live with other values: an older version of that row */
    /* appended: for a partial record, what is missing ("overflow chain: ..."), else NULL; static text */
    const char *missing;
    /* appended: with older_version, the rowid of the live row it is an older version of (== rowid when
     * linked by its surviving rowid); older_by_key: linked through a UNIQUE key of the table (the
     * record's rowid was lost or differs: an UPDATE that rewrote the cell, INSERT OR REPLACE) */
    int64_t older_of;
    bool older_by_key;
    /* appended: found on a page whose table is unknown now (freelist, old page image) and the columns
     * of more than one table fit: table is the first in schema order, never linked to a live row */
    bool table_ambiguous;
} dft_sqlrec_row;

typedef struct dft_sqlrec_stats {
    int encoding;                /* 1 UTF-8, 2 UTF-16le, 3 UTF-16be */
    uint32_t page_size, pages;
    uint32_t wal_frames, wal_frames_current, wal_frames_old;
    uint32_t journal_pages, freelist_pages;
    int64_t live_rows;           /* rows read in the tables' b-trees */
    int64_t recovered;           /* rows reported */
    int64_t duplicates;          /* candidates equal to a live row or to one already reported */
    int64_t warnings;
    bool truncated;              /* a memory/time budget ended recovery early */
} dft_sqlrec_stats;

/* Runs recovery and calls row() for each recovered record in scan order (invariant 4). row() may be
 * NULL (count only); a non-zero return stops and is returned. DFT_ECORRUPT when the bytes are not an
 * SQLite database at all (no header in the file nor page 1 in the WAL); damage inside ends the chain
 * concerned with a warning and DFT_OK. */
int dft_sqlrec_run(const dft_sqlrec_opts *o, int (*row)(void *payload, const dft_sqlrec_row *r), void *payload,
                   dft_sqlrec_stats *stats);

/* The tables of a live connection (ordinary rowid tables of sqlite_master, with their columns from
 * table_info), owned; for dft_sqlrec_opts.tables. db is any connection (a hardened one is fine). */
struct sqlite3;
typedef struct dft_sqlrec_schema {
    dft_sqlrec_table *tables;
    size_t ntables;
} dft_sqlrec_schema;
int dft_sqlrec_schema_load(struct sqlite3 *db, dft_sqlrec_schema *out);
void dft_sqlrec_schema_free(dft_sqlrec_schema *s);

/* Carving: the records of one page image found outside any database (unallocated space), read as a
 * table leaf page of page_size bytes in encoding enc (1-3) against tables (root pages unused): its
 * cells, freeblocks and gap. Overflow chains cannot be followed (values cut there are "partial").
 * source names every row. Returns the number of rows reported, or a callback's non-zero code. */
int dft_sqlrec_carve_page(const uint8_t *page, uint32_t page_size, int enc, const dft_sqlrec_table *tables,
                          size_t ntables, const char *source,
                          int (*row)(void *payload, const dft_sqlrec_row *r), void *payload);
/* True when page (page_size bytes) looks like a table leaf page: type 0x0d, a cell count and content
 * start that fit, cell pointers inside the content area. offset: 100 for a database's first page. */
bool dft_sqlrec_is_leaf(const uint8_t *page, uint32_t page_size, size_t offset);

/* SQLite's column affinity of a declared type ("VARCHAR(20)" -> 'T', "" -> 'B'). */
char dft_sqlrec_affinity(const char *decltype);

#endif
