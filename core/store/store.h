/*
 * store.h - the case file (SQLite): schema v2 (docs/case-file.md, contract in ARCHITECTURE.md),
 * typed inserts, runs, evidence bookkeeping and the hash-chained audit log.
 *
 * Threading: a dft_store connection is used by one thread at a time. During ingest the pipeline's
 * writer thread owns it; the ingest thread uses it only before the pipeline starts and after it
 * has drained. Workers never touch it.
 *
 * Invariants:
 *  1. The file is created with mode 0600, journal_mode=WAL, synchronous=NORMAL; the schema is created
 *     in one transaction, so a case file either has the full schema or does not exist.
 *  2. Row ids are chosen by the caller (pipeline) for files/volumes/filesystems, from
 *     dft_store_next_ids(), so that ids are a pure function of walk order (deterministic output).
 *  3. audit_log is append-only: triggers abort UPDATE and DELETE on it. Row hash =
 *     SHA-256(prev_hash "|" seq "|" utc "|" action "|" detail), prev_hash of the first row = 64 "0".
 *  4. Evidence rows start with status 'incomplete' and become 'complete' only in
 *     dft_store_evidence_finish(); a killed ingest leaves 'incomplete', which re-ingest purges.
 *  5. Inserts are batched by the caller with begin/commit; the store never commits by itself,
 *     except audit and the run/evidence status changes, which are their own transactions when no
 *     transaction is open.
 *  6. A complete item is sealed: dft_store_evidence_finish writes the digests of all its rows and
 *     the audit row "evidence.seal" in the transaction that sets 'complete' (store_seal.c).
 */
#ifndef DFT_STORE_H
#define DFT_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "hash.h"
#include "plugin.h"
#include "walk.h"

#define DFT_SCHEMA_VERSION 3

/* SQL: the ids of the evidence items whose case passes are recorded as complete (docs/merge.md
 * "Case-pass completion"): named by a "case.passes" audit row (pass.c), or merged from a shard (the merge
 * refuses a shard without that record; "merge.shard" maps the shard's ids to the case's, in "evidence"). */
#define DFT_SQL_CASE_PASSES_DONE                                                                            \
    "SELECT j.value FROM audit_log a, json_each(CASE WHEN json_valid(a.detail) THEN a.detail ELSE '{}' END," \
    " CASE a.action WHEN 'case.passes' THEN '$.evidence_ids' ELSE '$.evidence' END) j"                      \
    " WHERE a.action IN ('case.passes', 'merge.shard')"

typedef struct dft_store dft_store;

/* Opens (create = make it if missing) a case file. Only dftriage creates case files
 * (O_CREAT|O_EXCL|O_NOFOLLOW, 0600): an existing path is accepted only when it is a regular file
 * (not a symbolic link) that is already a dftriage case (application_id; an empty file is
 * refused), and its schema matches the DDL (store_check.c). A mode wider than 0600 is reported
 * on stderr and set to 0600. Refusals are one line. */
int dft_store_open(dft_store **out, const char *path, bool create);
/* Read-only open for info/verify/report. A damaged schema does not refuse it (verify must still
 * be able to walk the audit chain of a tampered case): dft_store_schema_damage() tells what is wrong. */
int dft_store_open_readonly(dft_store **out, const char *path);
/* NULL when the schema matches the DDL, else the one-line description (borrowed). */
const char *dft_store_schema_damage(const dft_store *s);
void dft_store_close(dft_store *s);
/* The underlying sqlite3* (borrowed) for read-only queries in info/verify/report. */
void *dft_store_db(dft_store *s);

/* Storage failures, by cause: the first one is kept (sticky) with its message. */
enum {
    DFT_STORE_FAULT_NONE = 0,
    DFT_STORE_FAULT_FULL,        /* disk full / file size limit (SQLITE_FULL, ENOSPC, EFBIG) */
    DFT_STORE_FAULT_READONLY,    /* read-only file or file system (SQLITE_READONLY, EROFS, EACCES) */
    DFT_STORE_FAULT_IO,          /* any other I/O error (SQLITE_IOERR, SQLITE_CANTOPEN) */
    DFT_STORE_FAULT_CORRUPT,     /* the case file itself is damaged (SQLITE_CORRUPT) */
};
/* The first storage failure of this connection (DFT_STORE_FAULT_*), 0 if none; *msg (may be NULL)
 * gets its one-line message naming the cause (borrowed, valid until close). */
int dft_store_fault(const dft_store *s, const char **msg);
/* Short name of a fault: "disk full", "read-only", "I/O error", "damaged". */
const char *dft_store_fault_name(int fault);

/* Marks runs left 'running' by a process that is gone as 'interrupted' (call with the case lock
 * held: no live run exists then). *n gets how many. */
int dft_store_runs_reap(dft_store *s, int *n);

/* The case lock (store_lock.c): one live ingest per case file. A lock file CASE-PATH.lock,
 * 0600, holds the owner's pid; the lock itself is flock(LOCK_EX) on it, so the kernel drops it
 * when the process dies, however it dies: a lock file left by a dead process is stale and taken
 * over. DFT_EEXISTS (with the pid of the live owner in the message) when another process holds
 * it. Release unlinks the file. */
typedef struct dft_case_lock dft_case_lock;
int dft_case_lock_acquire(dft_case_lock **out, const char *case_path, bool *was_stale);
/* Also flocks the case file itself (every name of it), once it exists: call after opening the case.
 * DFT_EEXISTS when another ingest holds it. Release only after the store is closed. */
int dft_case_lock_file(dft_case_lock *l, const char *case_path);
void dft_case_lock_release(dft_case_lock *l);

/* While a long write runs (the pipeline's writer thread), WAL checkpoints are made by a thread of the
 * store with its own connection instead of inside the writer's commits (store_ckpt.c); stop restores
 * SQLite's own checkpoints. Start fails harmlessly (error set, nothing changed); stop accepts a store
 * without the thread. Both are called from the thread that owns the connection. */
int dft_store_ckpt_start(dft_store *s);
void dft_store_ckpt_stop(dft_store *s);
/* Checkpoints the thread has made since start (0 when it is not running). */
uint64_t dft_store_ckpt_runs(dft_store *s);

int dft_store_begin(dft_store *s);
int dft_store_commit(dft_store *s);
int dft_store_rollback(dft_store *s);

/* case_info: sets key (insert or replace); keys of the contract: case_number, examiner, created_utc,
 * tool_version, schema_version. */
int dft_store_case_info_set(dft_store *s, const char *key, const char *value);
/* *out malloc'd (caller frees), NULL when absent. */
int dft_store_case_info_get(dft_store *s, const char *key, char **out);

/* Appends one hash-chained audit row. */
int dft_store_audit(dft_store *s, const char *action, const char *detail);
/* Walks the chain: DFT_OK when intact, DFT_ECORRUPT with the first bad seq in the message. */
int dft_store_audit_verify(dft_store *s, int64_t *rows_checked);
/* The chain's head: seq and hash of the last audit row (0 and 64 "0" for an empty log). Printed as
 * "audit chain head: SEQ:HASH" by ingest and verify (docs/case-file.md "Sealed rows"). */
int dft_store_audit_head(dft_store *s, int64_t *seq, char hash[65]);
/* The seq of the audit row whose hash is hash; DFT_ENOTFOUND when no row has it. */
int dft_store_audit_find(dft_store *s, const char *hash, int64_t *seq);

/* Sealed rows (store_seal.c, docs/case-file.md "Sealed rows").
 * Seals a complete evidence item: a digest of each of its rows (every table with evidence_id, the
 * typed rows of its files, the evidence row) into seal_tables/seal_chunks, and the seal digest into
 * one audit row "evidence.seal" (note, may be NULL, goes into its detail). Replaces an earlier seal
 * of the item. Joins the caller's transaction. dft_store_evidence_finish calls it. */
int dft_store_seal_evidence(dft_store *s, int64_t evidence_id, const char *note);
/* Seals the case-level rows (evidence_id NULL, or file_id NULL in tables without evidence_id) at
 * the end of run run_id: audit row "case.seal". Replaces the earlier case seal. */
int dft_store_seal_case(dft_store *s, int64_t run_id);
/* One line of the seal check: ok = false for a failure ("evidence 1: table files row 7 changed"). */
typedef void (*dft_seal_report_fn)(void *payload, bool ok, const char *line);
/* Recomputes every seal (the last of each scope) against the rows, reports each changed, missing
 * and unsealed row by table and row id (at most 20 lines per scope) and one OK line per intact
 * scope. DFT_OK when all hold, DFT_ECORRUPT with *failures set otherwise, another code when the
 * case cannot be read. */
int dft_store_seal_verify(dft_store *s, dft_seal_report_fn report, void *payload, int64_t *failures);
/* The seal digest of one scope (is_case, or evidence evidence_id) of the database ATTACHed to s as
 * schema (lowercase name), recomputed from its rows with its recorded table list; writes nothing.
 * out: 64 hex digits + NUL; *rows_total: the rows it covers in the tables counted() accepts (NULL: all).
 * Used by merge to check the rows it copies inside its transaction. */
int dft_store_seal_recompute(dft_store *s, const char *schema, bool is_case, int64_t evidence_id, char out[65],
                             bool (*counted)(const char *tbl), int64_t *rows_total);

/* runs: one row per ingest. options_json / plugins_json are JSON text. */
int dft_store_run_begin(dft_store *s, const char *command_line, const char *options_json,
                        const char *plugins_json, int64_t *out_run_id);
int dft_store_run_end(dft_store *s, int64_t run_id, const char *status, const char *summary_json);

/* Evidence bookkeeping. */
typedef struct dft_evidence_row {
    int64_t id;
    char status[16];         /* "incomplete" | "complete" */
    char sha256[65];
} dft_evidence_row;
/* Finds the evidence item with this fingerprint; DFT_ENOTFOUND when none. */
int dft_store_evidence_find(dft_store *s, const char *fingerprint, dft_evidence_row *out);
/* Finds a complete evidence item with this sha256; DFT_ENOTFOUND when none. */
int dft_store_evidence_find_sha256(dft_store *s, const char *sha256, dft_evidence_row *out);
int dft_store_evidence_add(dft_store *s, int64_t run_id, const char *path, const char *kind,
                           uint64_t size, const char *fingerprint, const char *parts_json,
                           int64_t *out_id);
/* Media hashes (NULL for a directory), stored hashes ("" when none), match = 1/0/-1 (no stored). */
int dft_store_evidence_finish(dft_store *s, int64_t id, const dft_hashes *media,
                              const char *stored_md5, const char *stored_sha1, int stored_match,
                              uint64_t bad_bytes);
/* Deletes every row of an incomplete evidence item (files, findings, typed rows, volumes ...),
 * then the evidence row itself; audited. Refuses a complete item. */
int dft_store_evidence_purge(dft_store *s, int64_t id);
/* The ids of the complete evidence items, in id order: *ids malloc'd (NULL when none; the caller frees). */
int dft_store_evidence_complete_ids(dft_store *s, int64_t **ids, size_t *n);
int dft_store_evidence_meta(dft_store *s, int64_t evidence_id, const char *key, const char *value);

/* Next free ids (max+1) for files, volumes, filesystems. */
int dft_store_next_ids(dft_store *s, int64_t *file_id, int64_t *volume_id, int64_t *fs_id);

int dft_store_volume_insert(dft_store *s, int64_t id, int64_t evidence_id, const dft_volume_rec *v);
int dft_store_fs_insert(dft_store *s, int64_t id, int64_t evidence_id, const dft_fs_rec *fs);
/* r->id is the row id (0 = the next one). */
int dft_store_region_insert(dft_store *s, int64_t evidence_id, const dft_region_rec *r);
/* Next free unallocated.id (max+1). */
int dft_store_next_region_id(dft_store *s, int64_t *out);

/* The per-file results of hashing and typing. */
typedef struct dft_file_result {
    bool hashed;             /* false: no content read (dirs, empty, links) */
    const char *hash_status; /* "full", "partial", "none", "shared" (hard link: see content_of) */
    dft_hashes hashes;
    const char *mime, *magic;
    const char *error;       /* read error text, NULL if none */
    int64_t content_of;      /* for hard links: files.id whose content this shares, else 0 */
} dft_file_result;

int dft_store_file_insert(dft_store *s, int64_t id, int64_t evidence_id, const dft_file_rec *f,
                          const dft_file_result *r);

/* Where an emitted finding's bytes were, beyond its file (NULL = nothing more). */
typedef struct dft_row_origin {
    int64_t region_id;       /* unallocated.id (0 = none) */
    int64_t media_offset;    /* byte offset in the media, -1 unknown */
    const char *decoded_path;/* forensic path of decoded content, or NULL */
    int64_t decoded_offset;  /* offset inside the decoded bytes, -1 when not decoded */
} dft_row_origin;

struct dft_rowkind;
/* Inserts one emitted row (a struct of the kind's current size, as made by dft_rowkind_copy; link ids
 * already resolved). evidence_id/file_id 0 are stored as NULL. *out_id (may be NULL) gets the row id. */
int dft_store_row_insert(dft_store *s, const struct dft_rowkind *k, int64_t evidence_id, int64_t file_id,
                         const char *plugin, const void *row, const dft_row_origin *origin, int64_t *out_id);
/* A finding from the core (warnings): any dft_finding, struct_size need not be set. */
int dft_store_finding_insert(dft_store *s, int64_t evidence_id, int64_t file_id, const char *plugin,
                             const dft_finding *f);

#endif
