/*
 * store_evidence.c - evidence rows: add, finish, find, metadata and purge.
 *
 * Status lifecycle (docs/case-file.md):
 *
 *     dft_store_evidence_add ──> 'incomplete' ──dft_store_evidence_finish──> 'complete'
 *                                     │
 *                                     └──(killed / failed ingest; re-ingest)──dft_store_evidence_purge──> gone
 *
 * Invariants:
 *  1. Only dft_store_evidence_finish sets status 'complete'; it is the last write of an ingest, and
 *     it seals the item's rows (dft_store_seal_evidence, "evidence.seal") in the same transaction.
 *  2. Purge refuses a complete item, and removes every row that points at the item (directly by
 *     evidence_id or through the item's files) in one transaction, then the evidence row; it is
 *     audited ("evidence.purge") in the same transaction.
 *  3. Purge writes its own audit row ("evidence.purge"); add and finish are audited by the caller
 *     (cmd_ingest: "evidence.add", "evidence.complete"), so the store does not write them twice.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "rowkind.h"
#include "store_impl.h"
#include "timefmt.h"

static int find_one(dft_store *s, const char *sql, const char *arg, dft_evidence_row *out)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return store_sqlite_error(s, "evidence");
    store_bind_text(st, 1, arg);
    int rc;
    int src = sqlite3_step(st);
    if (src == SQLITE_ROW) {
        memset(out, 0, sizeof *out);
        out->id = sqlite3_column_int64(st, 0);
        const char *status = (const char *)sqlite3_column_text(st, 1);
        const char *sha = (const char *)sqlite3_column_text(st, 2);
        snprintf(out->status, sizeof out->status, "%s", status ? status : "");
        snprintf(out->sha256, sizeof out->sha256, "%s", sha ? sha : "");
        rc = DFT_OK;
    } else if (src == SQLITE_DONE) {
        rc = DFT_ENOTFOUND; /* expected; no message overwrite needed, but keep one line */
        dft_error_set(DFT_ENOTFOUND, "no such evidence in %s", s->path);
    } else {
        rc = store_sqlite_error(s, "evidence");
    }
    sqlite3_finalize(st);
    return rc;
}

int dft_store_evidence_find(dft_store *s, const char *fingerprint, dft_evidence_row *out)
{
    /* A complete item wins over a stale incomplete one (there should be at most one of each). */
    return find_one(s,
                    "SELECT id, status, sha256 FROM evidence WHERE fingerprint = ?"
                    " ORDER BY status = 'complete' DESC, id LIMIT 1",
                    fingerprint, out);
}

int dft_store_evidence_find_sha256(dft_store *s, const char *sha256, dft_evidence_row *out)
{
    return find_one(s,
                    "SELECT id, status, sha256 FROM evidence WHERE sha256 = ? AND status = 'complete'"
                    " ORDER BY id LIMIT 1",
                    sha256, out);
}

int dft_store_evidence_add(dft_store *s, int64_t run_id, const char *path, const char *kind,
                           uint64_t size, const char *fingerprint, const char *parts_json,
                           int64_t *out_id)
{
    char now[DFT_TIME_LEN];
    dft_time_now(now);
    bool opened;
    int rc = store_txn_begin(s, &opened);
    if (rc) return rc;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "INSERT INTO evidence(run_id, path, kind, size, added_utc, fingerprint,"
                           " status, bad_bytes, parts) VALUES (?, ?, ?, ?, ?, ?, 'incomplete', 0, ?)",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = store_sqlite_error(s, "evidence");
    } else {
        store_bind_int_or_null(st, 1, run_id, 0);
        store_bind_text(st, 2, path);
        store_bind_text(st, 3, kind);
        sqlite3_bind_int64(st, 4, (int64_t)size);
        store_bind_text(st, 5, now);
        store_bind_text_nonempty(st, 6, fingerprint);
        store_bind_text_nonempty(st, 7, parts_json);
        if (sqlite3_step(st) != SQLITE_DONE) rc = store_sqlite_error(s, "evidence");
    }
    sqlite3_finalize(st);
    int64_t id = sqlite3_last_insert_rowid(s->db);
    rc = store_txn_end(s, opened, rc);
    if (!rc && out_id) *out_id = id;
    return rc;
}

int dft_store_evidence_finish(dft_store *s, int64_t id, const dft_hashes *media,
                              const char *stored_md5, const char *stored_sha1, int stored_match,
                              uint64_t bad_bytes)
{
    char now[DFT_TIME_LEN];
    dft_time_now(now);
    bool opened;
    int rc = store_txn_begin(s, &opened);
    if (rc) return rc;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "UPDATE evidence SET md5 = ?, sha1 = ?, sha256 = ?, stored_md5 = ?,"
                           " stored_sha1 = ?, stored_match = ?, bad_bytes = ?, completed_utc = ?,"
                           " status = 'complete' WHERE id = ?",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = store_sqlite_error(s, "evidence");
    } else {
        store_bind_text_nonempty(st, 1, media ? media->md5 : NULL);
        store_bind_text_nonempty(st, 2, media ? media->sha1 : NULL);
        store_bind_text_nonempty(st, 3, media ? media->sha256 : NULL);
        store_bind_text_nonempty(st, 4, stored_md5);
        store_bind_text_nonempty(st, 5, stored_sha1);
        store_bind_int_or_null(st, 6, stored_match < 0 ? -1 : (stored_match ? 1 : 0), -1);
        sqlite3_bind_int64(st, 7, (int64_t)bad_bytes);
        store_bind_text(st, 8, now);
        sqlite3_bind_int64(st, 9, id);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = store_sqlite_error(s, "evidence");
        else if (sqlite3_changes(s->db) != 1)
            rc = dft_error_set(DFT_ENOTFOUND, "%s: no evidence %lld", s->path, (long long)id);
    }
    sqlite3_finalize(st);
    /* a complete item is always sealed: same transaction as the status change */
    if (!rc) rc = dft_store_seal_evidence(s, id, NULL);
    return store_txn_end(s, opened, rc);
}

int dft_store_evidence_meta(dft_store *s, int64_t evidence_id, const char *key, const char *value)
{
    sqlite3_stmt *st = store_stmt(s, ST_META);
    if (!st) return DFT_ERROR;
    sqlite3_bind_int64(st, 1, evidence_id);
    store_bind_text(st, 2, key);
    store_bind_text(st, 3, value);
    int rc = sqlite3_step(st) == SQLITE_DONE ? DFT_OK : store_sqlite_error(s, "evidence_meta");
    sqlite3_reset(st);
    return rc;
}

/* The deletes of a purge after the emitted rows (every row kind of rowkind.h, by evidence_id or by
 * file), in dependency order; each binds the evidence id once as ?1. */
static const char *const purge_sql[] = {
    "DELETE FROM files WHERE evidence_id = ?1",
    "DELETE FROM unallocated WHERE evidence_id = ?1",
    "DELETE FROM filesystems WHERE evidence_id = ?1",
    "DELETE FROM volumes WHERE evidence_id = ?1",
    "DELETE FROM evidence_meta WHERE evidence_id = ?1",
    "DELETE FROM evidence WHERE id = ?1",
};

int dft_store_evidence_purge(dft_store *s, int64_t id)
{
    bool opened;
    int rc = store_txn_begin(s, &opened);
    if (rc) return rc;

    sqlite3_stmt *st = NULL;
    char status[16] = "";
    if (sqlite3_prepare_v2(s->db, "SELECT status FROM evidence WHERE id = ?", -1, &st, NULL) !=
        SQLITE_OK)
        return store_txn_end(s, opened, store_sqlite_error(s, "evidence"));
    sqlite3_bind_int64(st, 1, id);
    int src = sqlite3_step(st);
    if (src == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(st, 0);
        snprintf(status, sizeof status, "%s", v ? v : "");
    } else if (src == SQLITE_DONE) {
        rc = dft_error_set(DFT_ENOTFOUND, "%s: no evidence %lld", s->path, (long long)id);
    } else {
        rc = store_sqlite_error(s, "evidence");
    }
    sqlite3_finalize(st);
    if (!rc && strcmp(status, "complete") == 0)
        rc = dft_error_set(DFT_EEXISTS, "%s: evidence %lld is complete; refusing to purge it", s->path,
                           (long long)id);

    int64_t deleted = 0;
    size_t n_kinds = dft_rowkind_count(), n_fixed = sizeof purge_sql / sizeof purge_sql[0];
    for (size_t i = 0; !rc && i < n_kinds + n_fixed; i++) {
        char sql[256];
        if (i < n_kinds)
            snprintf(sql, sizeof sql, "DELETE FROM %s WHERE evidence_id = ?1"
                     " OR file_id IN (SELECT id FROM files WHERE evidence_id = ?1)", dft_rowkind_at(i)->name);
        else
            snprintf(sql, sizeof sql, "%s", purge_sql[i - n_kinds]);
        if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
            return store_txn_end(s, opened, store_sqlite_error(s, "purge"));
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = store_sqlite_error(s, "purge");
        else
            deleted += sqlite3_changes(s->db);
        sqlite3_finalize(st);
    }
    if (!rc) {
        char detail[128];
        snprintf(detail, sizeof detail, "evidence %lld: incomplete item removed (%lld rows)",
                 (long long)id, (long long)deleted);
        rc = dft_store_audit(s, "evidence.purge", detail);
    }
    return store_txn_end(s, opened, rc);
}

int dft_store_evidence_complete_ids(dft_store *s, int64_t **ids, size_t *n)
{
    *ids = NULL;
    *n = 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, "SELECT id FROM evidence WHERE status = 'complete' ORDER BY id", -1, &st, NULL) !=
        SQLITE_OK)
        return store_sqlite_error(s, "evidence");
    int rc = DFT_OK, src;
    size_t cap = 0;
    while (!rc && (src = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            int64_t *g = realloc(*ids, (cap = cap ? cap * 2 : 16) * sizeof *g);
            if (!g) {
                rc = dft_error_set(DFT_ENOMEM, "out of memory");
                break;
            }
            *ids = g;
        }
        (*ids)[(*n)++] = sqlite3_column_int64(st, 0);
    }
    if (!rc && src != SQLITE_DONE) rc = store_sqlite_error(s, "evidence");
    sqlite3_finalize(st);
    if (rc) {
        free(*ids);
        *ids = NULL;
        *n = 0;
    }
    return rc;
}
