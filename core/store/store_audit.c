/*
 * store_audit.c - the hash-chained, append-only audit log of the case file.
 *
 * Row hash (store.h invariant 3, docs/case-file.md):
 *     hash = hex(SHA-256(prev_hash "|" seq "|" utc "|" action "|" detail))
 * with seq in decimal, prev_hash the hash of row seq-1 and 64 "0" for seq 1. A NULL detail is
 * stored and hashed as "". Rows are numbered 1, 2, 3 ... with no gaps.
 *
 * Invariants:
 *  1. audit_log rows are only ever inserted (triggers abort UPDATE and DELETE).
 *  2. An append joins the caller's transaction when one is open, else it is its own transaction,
 *     so the read of the last row and the insert of the next are atomic.
 *  3. dft_store_audit_verify recomputes every hash and checks the links and numbering, so an edit,
 *     a deleted row or a re-ordered row (with the triggers dropped by hand) is reported by seq.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "store_impl.h"
#include "timefmt.h"

#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

/* Computes the row hash into out (65 chars). */
static int audit_hash(char out[65], const char *prev, int64_t seq, const char *utc,
                      const char *action, const char *detail)
{
    size_t n = strlen(prev) + strlen(utc) + strlen(action) + strlen(detail) + 32;
    char *buf = malloc(n);
    if (!buf) return dft_error_set(DFT_ENOMEM, "out of memory hashing audit row");
    int len = snprintf(buf, n, "%s|%lld|%s|%s|%s", prev, (long long)seq, utc, action, detail);
    dft_sha256_hex(out, buf, (size_t)len);
    free(buf);
    return DFT_OK;
}

int dft_store_audit(dft_store *s, const char *action, const char *detail)
{
    if (!detail) detail = "";
    bool opened;
    int rc = store_txn_begin(s, &opened);
    if (rc) return rc;

    int64_t seq = 1;
    char prev[65] = ZERO_HASH;
    sqlite3_stmt *last = store_stmt(s, ST_AUDIT_LAST);
    if (!last) return store_txn_end(s, opened, DFT_ERROR);
    int src = sqlite3_step(last);
    if (src == SQLITE_ROW) {
        seq = sqlite3_column_int64(last, 0) + 1;
        const char *h = (const char *)sqlite3_column_text(last, 1);
        snprintf(prev, sizeof prev, "%s", h ? h : "");
    } else if (src != SQLITE_DONE) {
        rc = store_sqlite_error(s, "audit_log");
    }
    sqlite3_reset(last);

    char utc[DFT_TIME_LEN], hash[65];
    dft_time_now(utc);
    if (!rc) rc = audit_hash(hash, prev, seq, utc, action, detail);
    if (!rc) {
        sqlite3_stmt *ins = store_stmt(s, ST_AUDIT_INSERT);
        if (!ins) {
            rc = DFT_ERROR;
        } else {
            sqlite3_bind_int64(ins, 1, seq);
            store_bind_text(ins, 2, utc);
            store_bind_text(ins, 3, action);
            store_bind_text(ins, 4, detail);
            store_bind_text(ins, 5, prev);
            store_bind_text(ins, 6, hash);
            if (sqlite3_step(ins) != SQLITE_DONE) rc = store_sqlite_error(s, "audit_log");
            sqlite3_reset(ins);
        }
    }
    return store_txn_end(s, opened, rc);
}

static const char *col_text(sqlite3_stmt *st, int i)
{
    const char *v = (const char *)sqlite3_column_text(st, i);
    return v ? v : "";
}

int dft_store_audit_verify(dft_store *s, int64_t *rows_checked)
{
    sqlite3_stmt *st = NULL;
    int64_t n = 0;
    if (rows_checked) *rows_checked = 0;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT seq, utc, action, detail, prev_hash, hash FROM audit_log ORDER BY seq",
                           -1, &st, NULL) != SQLITE_OK)
        return store_sqlite_error(s, "audit_log");

    char expect_prev[65] = ZERO_HASH;
    int rc = DFT_OK;
    int src;
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t seq = sqlite3_column_int64(st, 0);
        const char *prev = col_text(st, 4), *hash = col_text(st, 5);
        char want[65];
        if (seq != n + 1) {
            rc = dft_error_set(DFT_ECORRUPT, "audit chain broken at seq %lld: expected seq %lld (row missing)",
                               (long long)seq, (long long)(n + 1));
            break;
        }
        if (strcmp(prev, expect_prev) != 0) {
            rc = dft_error_set(DFT_ECORRUPT, "audit chain broken at seq %lld: prev_hash does not link",
                               (long long)seq);
            break;
        }
        rc = audit_hash(want, prev, seq, col_text(st, 1), col_text(st, 2), col_text(st, 3));
        if (rc) break;
        if (strcmp(want, hash) != 0) {
            rc = dft_error_set(DFT_ECORRUPT, "audit chain broken at seq %lld: row hash mismatch",
                               (long long)seq);
            break;
        }
        memcpy(expect_prev, want, sizeof want);
        n++;
    }
    if (!rc && src != SQLITE_DONE) rc = store_sqlite_error(s, "audit_log");
    sqlite3_finalize(st);
    if (rows_checked) *rows_checked = n;
    return rc;
}

int dft_store_audit_head(dft_store *s, int64_t *seq, char hash[65])
{
    *seq = 0;
    snprintf(hash, 65, "%s", ZERO_HASH);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", -1, &st, NULL) !=
        SQLITE_OK)
        return store_sqlite_error(s, "audit_log");
    int rc = DFT_OK;
    int src = sqlite3_step(st);
    if (src == SQLITE_ROW) {
        *seq = sqlite3_column_int64(st, 0);
        snprintf(hash, 65, "%s", col_text(st, 1));
    } else if (src != SQLITE_DONE) {
        rc = store_sqlite_error(s, "audit_log");
    }
    sqlite3_finalize(st);
    return rc;
}

int dft_store_audit_find(dft_store *s, const char *hash, int64_t *seq)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, "SELECT seq FROM audit_log WHERE hash = ?1 ORDER BY seq LIMIT 1", -1, &st,
                           NULL) != SQLITE_OK)
        return store_sqlite_error(s, "audit_log");
    store_bind_text(st, 1, hash);
    int rc;
    int src = sqlite3_step(st);
    if (src == SQLITE_ROW) {
        *seq = sqlite3_column_int64(st, 0);
        rc = DFT_OK;
    } else if (src == SQLITE_DONE) {
        rc = dft_error_set(DFT_ENOTFOUND, "%s: no audit row has hash %s", s->path, hash);
    } else {
        rc = store_sqlite_error(s, "audit_log");
    }
    sqlite3_finalize(st);
    return rc;
}
