/*
 * store_impl.h - the dft_store struct and the helpers shared by core/store/store*.c only (private to the
 * store; nothing outside core/store/store*.c includes it).
 *
 * Files:
 *   store.c           open/close, transactions, case_info, runs, ids, walk inserts
 *   store_rows.c      emitted rows (findings, messages, ... links) from their descriptors (rowkind.h)
 *   store_schema.c    the schema v2 DDL, creation, migration of v1 files, the "is this a case file" check
 *   store_audit.c     the hash-chained audit log
 *   store_evidence.c  evidence rows: add, finish, find, meta, purge
 *   store_seal.c      sealed rows: per-row digests into the audit chain, and their check
 *   store_check.c     the schema check at open (against the DDL run in memory)
 *   store_lock.c      the case lock (one live ingest per case file)
 *   store_merge_bulk.c a large merge's indexes: dropped, recorded, built once at the end
 *
 * Invariants:
 *  1. Every cached statement is prepared once (lazily) and reset after each use, so a statement
 *     is never left holding a read lock or bound text between calls.
 *  2. store_txn_begin/end open a transaction only when none is open (autocommit), so the store's
 *     own status changes are atomic on their own and join the caller's batch otherwise.
 */
#ifndef DFT_STORE_IMPL_H
#define DFT_STORE_IMPL_H

#include <sqlite3.h>
#include <stdbool.h>

#include "store.h"

enum store_stmt_id {
    ST_FILE,
    ST_VOLUME,
    ST_FS,
    ST_REGION,
    ST_META,
    ST_AUDIT_LAST,
    ST_AUDIT_INSERT,
    ST_COUNT
};

/* Prepared INSERTs of emitted rows, one per row kind (rowkind.h; store_rows.c). */
#define STORE_ROW_STMTS 16

struct dft_store {
    sqlite3 *db;
    char *path;
    bool readonly;
    sqlite3_stmt *stmt[ST_COUNT];
    sqlite3_stmt *row_stmt[STORE_ROW_STMTS];
    int fault;                   /* first storage failure (DFT_STORE_FAULT_*), sticky; 0 = none */
    char fault_msg[512];         /* its message (readable from any thread after the writer stopped) */
    char *schema_damage;         /* read-only opens: what store_schema_verify found wrong, else NULL */
    struct store_ckpt *ckpt;     /* background checkpoints while a writer runs (store_ckpt.c), or NULL */
};

/* The cached statement for id, prepared on first use; NULL with the error set on failure. */
sqlite3_stmt *store_stmt(dft_store *s, enum store_stmt_id id);
/* Sets the thread error from the connection's message; returns DFT_ERROR (DFT_EIO for I/O). */
int store_sqlite_error(dft_store *s, const char *what);
/* Runs SQL without results. */
int store_exec(dft_store *s, const char *sql);
/* Begins a transaction if none is open; *opened tells store_txn_end whether to commit. */
int store_txn_begin(dft_store *s, bool *opened);
/* Commits (rc == DFT_OK) or rolls back what store_txn_begin opened; returns rc or the commit error. */
int store_txn_end(dft_store *s, bool opened, int rc);

/* Binding helpers: NULL for a NULL string; *_nonempty also maps "" to NULL. */
void store_bind_text(sqlite3_stmt *st, int i, const char *v);
/* Binds n strings (NULL binds NULL) to parameters first, first+1, ... */
void store_bind_texts(sqlite3_stmt *st, int first, int n, ...);
void store_bind_text_nonempty(sqlite3_stmt *st, int i, const char *v);
/* Binds v, or NULL when v == null_value. */
void store_bind_int_or_null(sqlite3_stmt *st, int i, int64_t v, int64_t null_value);

/* store_schema.c: the DDL, run inside one transaction by store.c. */
int store_schema_create(dft_store *s);
/* The tables, indexes, views and triggers of schema `version` (1..DFT_SCHEMA_VERSION) exactly as a case
 * of that version has them, without case_info rows or pragmas: the reference for schema checks. */
int store_schema_create_upto(dft_store *s, int version);
/* Brings a case file of an older schema version up to DFT_SCHEMA_VERSION in one transaction (audited
 * as schema.migrate); nothing to do on a current file. */
int store_schema_migrate(dft_store *s);
/* Checks application_id/user_version. *empty = a zero-length or table-less database. */
int store_schema_check(dft_store *s, bool *empty);
/* store_check.c: compares the file's tables, columns, indexes, views and triggers with the DDL
 * run on an in-memory database; DFT_ECORRUPT naming what differs. */
int store_schema_verify(dft_store *s);
/* The CREATE INDEX text of index `name` in the schema of the case's version (malloc'd), for rebuilding an
 * index a large merge dropped. DFT_ENOTFOUND when the schema has no such index. */
int store_schema_index_sql(dft_store *s, const char *name, char **sql);
/* case_info key: ",name,name," of the indexes a large merge dropped and has not built again yet
 * (store_merge_bulk.c); the schema check accepts exactly those as missing. */
#define STORE_BULK_DROPPED_KEY "merge.dropped_indexes"
/* store_merge_bulk.c: whether index `index` of database `db` is one a large merge drops (on a big copied
 * table, not led by evidence_id); the schema check asks it of the reference schema. */
bool store_bulk_index_droppable(sqlite3 *db, const char *index);

/* store_seal.c: the DDL of seal_tables and seal_chunks, run by store_schema_create. */
extern const char store_seal_ddl[];

#endif
