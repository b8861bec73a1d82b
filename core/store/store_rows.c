/*
 * store_rows.c - inserts emitted rows (findings, messages, contacts, calls, wallets, persons, links)
 * from their descriptors (rowkind.h): one prepared statement per kind, columns bound by type.
 */
#include <stdio.h>
#include <string.h>

#include "rowkind.h"
#include "store_impl.h"

/* "INSERT INTO t(evidence_id, file_id, plugin, c1..cn[, region_id, media_offset, decoded_path,
 * decoded_offset]) VALUES (?, ...)" */
static sqlite3_stmt *row_stmt(dft_store *s, const dft_rowkind *k, size_t slot)
{
    if (s->row_stmt[slot]) return s->row_stmt[slot];
    char sql[2048];
    size_t n = (size_t)snprintf(sql, sizeof sql, "INSERT INTO %s(evidence_id, file_id, plugin", k->name);
    size_t params = 3;
    for (size_t i = 0; i < k->n_cols && n < sizeof sql; i++, params++)
        n += (size_t)snprintf(sql + n, sizeof sql - n, ", %s", k->cols[i].name);
    if (k->origin_columns && n < sizeof sql) {
        n += (size_t)snprintf(sql + n, sizeof sql - n, ", region_id, media_offset, decoded_path, decoded_offset");
        params += 4;
    }
    if (n < sizeof sql) n += (size_t)snprintf(sql + n, sizeof sql - n, ") VALUES (?");
    for (size_t i = 1; i < params && n < sizeof sql; i++) n += (size_t)snprintf(sql + n, sizeof sql - n, ",?");
    if (n < sizeof sql) n += (size_t)snprintf(sql + n, sizeof sql - n, ")");
    if (n >= sizeof sql) {
        dft_error_set(DFT_ERROR, "%s: insert statement too long", k->name);
        return NULL;
    }
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->row_stmt[slot], NULL) != SQLITE_OK) {
        store_sqlite_error(s, "prepare");
        return NULL;
    }
    return s->row_stmt[slot];
}

static void bind_column(sqlite3_stmt *st, int i, const dft_rowkind *k, const void *row, size_t c)
{
    const dft_column_desc *col = &k->cols[c];
    switch (col->type) {
    case DFT_COL_TEXT: store_bind_text(st, i, dft_rowkind_text(k, row, c)); break;
    case DFT_COL_JSON: store_bind_text_nonempty(st, i, dft_rowkind_text(k, row, c)); break;
    case DFT_COL_I64: store_bind_int_or_null(st, i, dft_rowkind_int(k, row, c), -1); break;
    case DFT_COL_REF: store_bind_int_or_null(st, i, dft_rowkind_int(k, row, c), 0); break;
    case DFT_COL_FLAG: {
        int64_t v = dft_rowkind_int(k, row, c);
        if (v < 0) sqlite3_bind_null(st, i);
        else sqlite3_bind_int(st, i, v ? 1 : 0);
        break;
    }
    case DFT_COL_REAL: {
        double v;
        memcpy(&v, (const uint8_t *)row + col->offset, sizeof v);
        sqlite3_bind_double(st, i, v);
        break;
    }
    case DFT_COL_TABLE: store_bind_text(st, i, dft_table_name((dft_table)dft_rowkind_int(k, row, c))); break;
    }
}

int dft_store_row_insert(dft_store *s, const dft_rowkind *k, int64_t evidence_id, int64_t file_id,
                         const char *plugin, const void *row, const dft_row_origin *origin, int64_t *out_id)
{
    size_t slot = 0;
    while (slot < dft_rowkind_count() && dft_rowkind_at(slot) != k) slot++;
    if (slot >= dft_rowkind_count() || slot >= STORE_ROW_STMTS)
        return dft_error_set(DFT_ERROR, "no row kind %s", k ? k->name : "(null)");
    sqlite3_stmt *st = row_stmt(s, k, slot);
    if (!st) return DFT_ERROR;
    store_bind_int_or_null(st, 1, evidence_id, 0);
    store_bind_int_or_null(st, 2, file_id, 0);
    store_bind_text(st, 3, plugin);
    int i = 4;
    for (size_t c = 0; c < k->n_cols; c++) bind_column(st, i++, k, row, c);
    if (k->origin_columns) {
        store_bind_int_or_null(st, i++, origin ? origin->region_id : 0, 0);
        store_bind_int_or_null(st, i++, origin ? origin->media_offset : -1, -1);
        store_bind_text(st, i++, origin ? origin->decoded_path : NULL);
        store_bind_int_or_null(st, i++, origin ? origin->decoded_offset : -1, -1);
    }
    int src = sqlite3_step(st);
    int rc = src == SQLITE_DONE ? DFT_OK : store_sqlite_error(s, k->name);
    sqlite3_reset(st);
    if (rc == DFT_OK && out_id) *out_id = sqlite3_last_insert_rowid(s->db);
    return rc;
}

int dft_store_finding_insert(dft_store *s, int64_t evidence_id, int64_t file_id, const char *plugin,
                             const dft_finding *f)
{
    const dft_rowkind *k = dft_rowkind_of(DFT_TABLE_FINDING);
    dft_finding copy = *f;
    copy.struct_size = sizeof copy;
    if (!copy.kind) copy.kind = "unknown";
    return dft_store_row_insert(s, k, evidence_id, file_id, plugin, &copy, NULL, NULL);
}
