/*
 * sqlite_safe.h - the one way to open an SQLite database that comes from evidence (Manifest.db,
 * chat stores, wallets): a hostile file must not hang, exhaust memory or disk, run code through
 * its schema, or change the evidence. docs/design.md "SQLite databases from evidence".
 *
 * What dft_sqlite_open() does, in order:
 *  1. Copies the database (and, only when opts->wal_path is given, that -wal as "<copy>-wal")
 *     into a private 0700 directory (mkdtemp under opts->temp_dir, $TMPDIR or /tmp). The
 *     evidence file itself is never opened by SQLite; nothing is written next to it.
 *  2. Opens the copy read-only: with no WAL asked for, as immutable=1 (no -wal, -shm or journal is
 *     read or made); with a WAL, mode=ro (SQLite makes the -shm inside the private directory).
 *  3. Hardens the connection: defensive mode, trusted_schema off, views and triggers disabled,
 *     extension loading off, double-quoted strings off, query_only, cell_size_check on, no mmap,
 *     temp_store=MEMORY (so the sorter spills nothing to disk; its memory is bounded by 6.).
 *  4. Sets SQLITE_LIMIT_*: LENGTH = opts->max_value_bytes (a blob or text above it is never read:
 *     SQLITE_TOOBIG), SQL_LENGTH, COLUMN, EXPR_DEPTH, COMPOUND_SELECT, VDBE_OP, FUNCTION_ARG,
 *     ATTACHED = 0, LIKE_PATTERN_LENGTH, VARIABLE_NUMBER, TRIGGER_DEPTH, WORKER_THREADS = 0.
 *  5. Reads the schema once (a file that is not SQLite, or a schema it cannot parse, is refused
 *     here with DFT_ECORRUPT and SQLite's reason).
 *  6. Installs a progress handler (every DFT_SQLITE_PROGRESS_OPS VM ops) that stops the running
 *     statement (SQLITE_INTERRUPT) when: *opts->interrupt becomes nonzero or opts->cancelled()
 *     returns true (-> DFT_ECANCELLED), or the time spent inside SQLite on this handle passes
 *     opts->time_budget_ms, or the VM ops pass opts->step_budget, or SQLite's heap grew by more
 *     than opts->max_memory_bytes since the open (-> DFT_ECORRUPT, "... budget ..."). The heap is
 *     measured process-wide (sqlite3_memory_used): other connections' growth counts too, so the
 *     default is generous.
 *
 * Invariants:
 *  1. dft_sqlite_prepare/dft_sqlite_step map every failure to a DFT_* code with a one-line
 *     message naming the database: interrupt/cancel -> DFT_ECANCELLED; budget, TOOBIG, CORRUPT,
 *     NOTADB, a prohibited view -> DFT_ECORRUPT; NOMEM -> DFT_ENOMEM; else DFT_EIO.
 *  2. A name that must be a table is checked with dft_sqlite_table_kind() first: a view, a
 *     virtual table or a table carrying triggers is refused (dft_sqlite_require_table).
 *  3. dft_sqlite_close() removes the private copy; it accepts NULL.
 *  4. The handle is used by one thread at a time.
 */
#ifndef DFT_SQLITE_SAFE_H
#define DFT_SQLITE_SAFE_H

#include <signal.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#define DFT_SQLITE_OPTS_VERSION 1
#define DFT_SQLITE_PROGRESS_OPS 1000

/* Defaults used when an option is 0. */
#define DFT_SQLITE_DEFAULT_TIME_MS 60000u           /* time inside SQLite per handle */
#define DFT_SQLITE_DEFAULT_STEPS 2000000000ull       /* VM ops per handle */
#define DFT_SQLITE_DEFAULT_VALUE_BYTES (16 << 20)    /* one blob or text */
#define DFT_SQLITE_DEFAULT_MEMORY (512ull << 20)     /* SQLite heap growth */

typedef struct dft_sqlite_opts {
    unsigned version;                        /* DFT_SQLITE_OPTS_VERSION */
    const char *wal_path;                    /* the -wal to apply (copied privately), NULL: without WAL */
    const char *temp_dir;                    /* parent of the private copy; NULL: $TMPDIR or /tmp */
    unsigned time_budget_ms;                 /* 0: DFT_SQLITE_DEFAULT_TIME_MS */
    uint64_t step_budget;                    /* VM ops; 0: DFT_SQLITE_DEFAULT_STEPS */
    int max_value_bytes;                     /* 0: DFT_SQLITE_DEFAULT_VALUE_BYTES */
    uint64_t max_memory_bytes;               /* 0: DFT_SQLITE_DEFAULT_MEMORY */
    const volatile sig_atomic_t *interrupt;  /* nonzero: stop now (signal handler flag); may be NULL */
    bool (*cancelled)(void *payload);        /* true: stop now (watchdog); may be NULL */
    void *payload;
} dft_sqlite_opts;

#define DFT_SQLITE_OPTS_INIT { .version = DFT_SQLITE_OPTS_VERSION }

typedef struct dft_sqlite dft_sqlite;

/* What a schema name is. */
typedef enum dft_sqlite_kind {
    DFT_SQLITE_MISSING = 0,
    DFT_SQLITE_TABLE,            /* an ordinary table without triggers */
    DFT_SQLITE_VIEW,
    DFT_SQLITE_VIRTUAL,          /* CREATE VIRTUAL TABLE: module code runs on read */
    DFT_SQLITE_TRIGGERED,        /* an ordinary table with triggers attached */
    DFT_SQLITE_OTHER,            /* an index or trigger of that name */
} dft_sqlite_kind;

/* dft_sqlite_step: a row is ready. */
#define DFT_SQLITE_ROW 1

/* Opens db_path as described above; *out is closed with dft_sqlite_close. opts may be NULL
 * (defaults, no WAL). DFT_ENOTFOUND: no such file; DFT_EIO: the copy failed; DFT_ECORRUPT: not a
 * readable SQLite database. */
int dft_sqlite_open(dft_sqlite **out, const char *db_path, const dft_sqlite_opts *opts);
void dft_sqlite_close(dft_sqlite *h);
/* dft_sqlite_open for a plugin's content file: when opts leaves them NULL, the "<db_path>-wal" beside it
 * is applied if it is a non-empty regular file (the core copies a declared -wal sibling there), and the
 * private copy goes into db_path's own directory (the scan's 0700 directory) rather than $TMPDIR. */
int dft_sqlite_open_beside(dft_sqlite **out, const char *db_path, const dft_sqlite_opts *opts);

/* The hardened connection (borrowed; valid until dft_sqlite_close). */
sqlite3 *dft_sqlite_db(dft_sqlite *h);

/* What name is in the main schema (case-insensitive, as SQLite resolves names). */
dft_sqlite_kind dft_sqlite_table_kind(dft_sqlite *h, const char *name);
/* DFT_OK when name is an ordinary table without triggers; DFT_ENOTFOUND when missing;
 * DFT_ECORRUPT ("Files is a view, not a table") otherwise. */
int dft_sqlite_require_table(dft_sqlite *h, const char *name);
/* True when table has a column named column (case-insensitive). */
bool dft_sqlite_has_column(dft_sqlite *h, const char *table, const char *column);

/* Checked prepare: *out is finalised by the caller (sqlite3_finalize). Errors as invariant 1. */
int dft_sqlite_prepare(dft_sqlite *h, sqlite3_stmt **out, const char *sql);
/* Checked step: DFT_SQLITE_ROW, DFT_OK when done, or a negative code (invariant 1). */
int dft_sqlite_step(dft_sqlite *h, sqlite3_stmt *st);

/* Work done so far (for messages and tests). */
void dft_sqlite_usage(const dft_sqlite *h, uint64_t *busy_ms, uint64_t *steps);

#endif
