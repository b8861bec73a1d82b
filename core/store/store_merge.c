/*
 * store_merge.c - the verified merge of shard case files into one case (docs/merge.md).
 *
 * Check (dft_merge_shard_check, on a read-only connection to the shard): the schema matches its version's
 * DDL, the audit chain holds, every seal holds (dft_store_seal_verify: the same checks as `verify`), every
 * evidence item is complete, the shard is not itself a merged case, and every table is known (below).
 * Evidence bytes are not re-hashed here: `verify` of the merged case does that.
 *
 * Copy (dft_merge_shard_into): the shard is ATTACHed read-only to the case connection, and each copied
 * table goes over in one INSERT ... SELECT, with every id column shifted by the offset of the table it
 * names (offset = the case's max(id) before the copy; 0 and negative values, which are not row ids, and
 * NULL stay as they are). links.from_id/to_id are shifted by the table named in from_table/to_table.
 * Row ids inside details JSON are remapped where a known producer writes them (json_ids[]: the crypto
 * rollup's evidence_ids and file_ids). Then: a merged_shards row, the audit row "merge.shard" (shard identity, chain
 * head, seal digests, evidence id map, rows per table), a fresh seal of each copied item (the seal covers
 * table name, row id and every column, so the shard's seals cannot be reused: they are recorded instead)
 * and of the case scope. One transaction; cost linear in the shard's rows.
 *
 * Invariants:
 *  1. Tables: copy_tables[] are copied, rebuilt_tables[] are not (recorded or rebuilt by the merge); any
 *     other table of the shard refuses it. Columns: the shard's columns of a copied table must be the
 *     case's; an id-like column (name ending in "_id") not in id_columns[] refuses it.
 *  2. A shard merged once is recognised by its genesis hash (merged_shards.shard_uuid): the same chain
 *     head again is skipped, a different head (the shard changed since) is refused.
 *  3. The same evidence item (fingerprint) already in the case refuses the shard: never twice.
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "store_correlate.h"
#include "store_impl.h"
#include "store_merge.h"
#include "timefmt.h"

/* Tables copied row by row, and whether they have an integer primary key `id` (offset-shifted). */
static const struct {
    const char *name;
    bool has_id;
} copy_tables[] = {
    { "runs", true },     { "evidence", true },  { "evidence_meta", false }, { "volumes", true },
    { "filesystems", true }, { "files", true },  { "unallocated", true },    { "findings", true },
    { "messages", true }, { "contacts", true },  { "wallets", true },        { "persons", true },
    { "calls", true },    { "links", true },
};
#define NCOPY (sizeof copy_tables / sizeof copy_tables[0])

/* Tables not copied: recorded in the audit row (audit_log, seals), checked (case_info), or rebuilt. */
static const char *const rebuilt_tables[] = { "case_info", "audit_log", "seal_tables", "seal_chunks",
                                              "merged_shards", "identifier_occurrences" };

/* Columns that hold a row id, and the table whose id they hold. */
static const struct {
    const char *column, *table;
} id_columns[] = {
    { "run_id", "runs" },         { "evidence_id", "evidence" },  { "file_id", "files" },
    { "parent_id", "files" },     { "content_of", "files" },      { "derived_from", "files" },
    { "volume_id", "volumes" },   { "filesystem_id", "filesystems" }, { "region_id", "unallocated" },
};
#define NIDCOLS (sizeof id_columns / sizeof id_columns[0])

/* Row ids inside details JSON, by producer: only these are remapped. A generic rule ("any *_id key") would
 * be wrong: chat parsers write the apps' own ids under message_id, contact_id, call_id (not row ids). A
 * producer that starts writing row ids into details must be added here (docs/merge.md). */
static const struct {
    const char *table, *plugin, *kind, *key, *target;
} json_ids[] = {
    { "findings", "crypto_scan", "crypto.rollup", "evidence_ids", "evidence" },
    { "findings", "crypto_scan", "crypto.rollup", "file_ids", "files" },
};
#define NJSONIDS (sizeof json_ids / sizeof json_ids[0])

/* ---- Small helpers ------------------------------------------------------------------------- */

static int copy_index(const char *name)
{
    for (size_t i = 0; i < NCOPY; i++)
        if (strcmp(copy_tables[i].name, name) == 0) return (int)i;
    return -1;
}

static bool is_rebuilt(const char *name)
{
    if (strncmp(name, "sqlite_", 7) == 0) return true;
    for (size_t i = 0; i < sizeof rebuilt_tables / sizeof rebuilt_tables[0]; i++)
        if (strcmp(name, rebuilt_tables[i]) == 0) return true;
    return false;
}

static const char *id_column_table(const char *column)
{
    for (size_t i = 0; i < NIDCOLS; i++)
        if (strcmp(id_columns[i].column, column) == 0) return id_columns[i].table;
    return NULL;
}

static char *xstrdup(const char *s)
{
    return strdup(s ? s : "");
}

/* One text value of a query with one optional text parameter; *out malloc'd or NULL when no row. */
static int query_text(sqlite3 *db, const char *sql, const char *param, char **out)
{
    *out = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return dft_error_set(DFT_ERROR, "%s", sqlite3_errmsg(db));
    if (param) sqlite3_bind_text(st, 1, param, -1, SQLITE_TRANSIENT);
    int rc = DFT_OK, src = sqlite3_step(st);
    if (src == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        if (t && !(*out = strdup(t))) rc = dft_error_set(DFT_ENOMEM, "out of memory");
    } else if (src != SQLITE_DONE) {
        rc = dft_error_set(DFT_ERROR, "%s", sqlite3_errmsg(db));
    }
    sqlite3_finalize(st);
    return rc;
}

static int query_int(sqlite3 *db, const char *sql, int64_t *out)
{
    *out = 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return dft_error_set(DFT_ERROR, "%s", sqlite3_errmsg(db));
    int rc = DFT_OK, src = sqlite3_step(st);
    if (src == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    else if (src != SQLITE_DONE)
        rc = dft_error_set(DFT_ERROR, "%s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return rc;
}

/* Prefixes the current error message with "shard PATH: " (keeps the code). */
static int shard_error(int rc, const char *path)
{
    char msg[1024];
    snprintf(msg, sizeof msg, "%s", dft_error_last());
    return dft_error_set(rc, "shard %s: REFUSED: %s", path, msg);
}

/* ---- Check ------------------------------------------------------------------------------------- */

typedef struct seal_fail {
    char first[512];
} seal_fail;

static void on_seal_line(void *payload, bool ok, const char *line)
{
    seal_fail *f = payload;
    if (!ok && !f->first[0]) snprintf(f->first, sizeof f->first, "%s", line);
}

/* The last seal digest of each scope, from the shard's audit rows. */
static int collect_seals(sqlite3 *db, char **out)
{
    *out = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT action, detail FROM audit_log WHERE action IN ('evidence.seal', 'case.seal')"
                           " ORDER BY seq", -1, &st, NULL) != SQLITE_OK)
        return dft_error_set(DFT_ERROR, "%s", sqlite3_errmsg(db));
    json_t *seals = json_object();
    int rc = seals ? DFT_OK : dft_error_set(DFT_ENOMEM, "out of memory");
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        const char *action = (const char *)sqlite3_column_text(st, 0);
        const char *detail = (const char *)sqlite3_column_text(st, 1);
        json_t *d = detail ? json_loads(detail, 0, NULL) : NULL;
        const char *digest = json_string_value(json_object_get(d, "digest"));
        if (digest) {
            char key[64];
            if (action && strcmp(action, "case.seal") == 0)
                snprintf(key, sizeof key, "case");
            else
                snprintf(key, sizeof key, "evidence %lld",
                         (long long)json_integer_value(json_object_get(d, "evidence_id")));
            json_object_set_new(seals, key, json_string(digest));
        }
        json_decref(d);
    }
    sqlite3_finalize(st);
    if (!rc && !(*out = json_dumps(seals, JSON_COMPACT | JSON_SORT_KEYS)))
        rc = dft_error_set(DFT_ENOMEM, "out of memory");
    json_decref(seals);
    return rc;
}

/* Every table of the shard is copied or rebuilt; DFT_ECORRUPT naming the first unknown one. */
static int check_tables(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", -1, &st,
                           NULL) != SQLITE_OK)
        return dft_error_set(DFT_ERROR, "%s", sqlite3_errmsg(db));
    int rc = DFT_OK;
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        if (name && copy_index(name) < 0 && !is_rebuilt(name))
            rc = dft_error_set(DFT_ECORRUPT, "table '%s' is unknown to merge (not copied, not rebuilt): refused "
                               "so that no rows are left behind", name);
    }
    sqlite3_finalize(st);
    return rc;
}

void dft_merge_shard_free(dft_merge_shard *sh)
{
    if (!sh) return;
    free(sh->path);
    free(sh->genesis);
    free(sh->head);
    free(sh->case_number);
    free(sh->examiner);
    free(sh->seals);
    free(sh->order_key);
    memset(sh, 0, sizeof *sh);
}

int dft_merge_shard_check(const char *path, dft_merge_shard *out)
{
    memset(out, 0, sizeof *out);
    dft_store *s = NULL;
    int rc = dft_store_open_readonly(&s, path);
    if (rc) return shard_error(rc, path);
    sqlite3 *db = s->db;
    const char *damage = dft_store_schema_damage(s);
    int64_t version = 0, n = 0;
    if (damage) rc = dft_error_set(DFT_ECORRUPT, "schema damaged: %s", damage);
    if (!rc) rc = query_int(db, "PRAGMA user_version", &version);
    if (!rc && version < 2)
        rc = dft_error_set(DFT_EUNSUPPORTED, "case schema %lld: ingest into a new shard with this dftriage",
                           (long long)version);
    if (!rc) rc = check_tables(db);
    if (!rc) rc = dft_store_audit_verify(s, &out->audit_rows);
    if (!rc) {
        seal_fail f = { { 0 } };
        int64_t failures = 0;
        rc = dft_store_seal_verify(s, on_seal_line, &f, &failures);
        if (rc == DFT_ECORRUPT)
            rc = dft_error_set(DFT_ECORRUPT, "sealed rows do not hold (%lld failure(s)), first: %s",
                               (long long)failures, f.first);
    }
    if (!rc && version >= 3) {
        rc = query_int(db, "SELECT count(*) FROM merged_shards", &n);
        if (!rc && n) rc = dft_error_set(DFT_EUNSUPPORTED, "is a merged case (%lld shards), not a shard", (long long)n);
    }
    if (!rc) rc = query_int(db, "SELECT count(*) FROM evidence", &out->evidence_items);
    if (!rc && out->evidence_items == 0) rc = dft_error_set(DFT_ECORRUPT, "holds no evidence item");
    if (!rc) {
        char *bad = NULL;
        rc = query_text(db, "SELECT id || ' (' || coalesce(status, 'no status') || ')' FROM evidence"
                            " WHERE status IS NOT 'complete' ORDER BY id LIMIT 1", NULL, &bad);
        if (!rc && bad)
            rc = dft_error_set(DFT_ECORRUPT, "evidence %s is not complete (an interrupted or running ingest)", bad);
        free(bad);
    }
    if (!rc) {
        /* case passes: an ingest interrupted after the walk leaves its items 'complete' without the
         * case-level rows; pass.c records "case.passes" with the items once the passes ran to the end */
        char *bad = NULL;
        rc = query_text(db, "SELECT id FROM evidence WHERE id NOT IN (" DFT_SQL_CASE_PASSES_DONE ")"
                            " ORDER BY id LIMIT 1", NULL, &bad);
        if (!rc && bad)
            rc = dft_error_set(DFT_ECORRUPT, "evidence %s is complete but the case passes of its ingest did not "
                               "complete (interrupted after the walk, or made by a dftriage older than the "
                               "\"case.passes\" record): ingest it into a new shard", bad);
        free(bad);
    }
    if (!rc) rc = query_text(db, "SELECT hash FROM audit_log WHERE seq = 1", NULL, &out->genesis);
    if (!rc && !out->genesis) rc = dft_error_set(DFT_ECORRUPT, "empty audit chain");
    if (!rc) {
        int64_t seq = 0;
        char hash[65];
        rc = dft_store_audit_head(s, &seq, hash);
        char head[96];
        snprintf(head, sizeof head, "%lld:%s", (long long)seq, hash);
        if (!rc && !(out->head = strdup(head))) rc = dft_error_set(DFT_ENOMEM, "out of memory");
    }
    if (!rc) rc = query_text(db, "SELECT value FROM case_info WHERE key = 'case_number'", NULL, &out->case_number);
    if (!rc) rc = query_text(db, "SELECT value FROM case_info WHERE key = 'examiner'", NULL, &out->examiner);
    if (!rc && !out->case_number && !(out->case_number = xstrdup(""))) rc = dft_error_set(DFT_ENOMEM, "out of memory");
    if (!rc && !out->examiner && !(out->examiner = xstrdup(""))) rc = dft_error_set(DFT_ENOMEM, "out of memory");
    if (!rc) rc = collect_seals(db, &out->seals);
    /* its size, for the choice of a large merge (cmd_merge.c): the rows its current seals cover */
    if (!rc) rc = query_int(db, "SELECT coalesce(sum(rows), 0) FROM seal_tables", &out->rows);
    if (!rc)
        rc = query_text(db, "SELECT coalesce(fingerprint, '') || '|' || coalesce(sha256, '') FROM evidence"
                            " ORDER BY id LIMIT 1", NULL, &out->order_key);
    if (!rc && !out->order_key && !(out->order_key = xstrdup(""))) rc = dft_error_set(DFT_ENOMEM, "out of memory");
    if (!rc && !(out->path = strdup(path))) rc = dft_error_set(DFT_ENOMEM, "out of memory");
    dft_store_close(s);
    if (rc) {
        rc = shard_error(rc, path);
        dft_merge_shard_free(out);
    }
    return rc;
}

/* ---- Copy ---------------------------------------------------------------------------------------- */

typedef struct offsets {
    int64_t of[NCOPY];
} offsets;

static int64_t offset_of(const offsets *o, const char *table)
{
    int i = copy_index(table);
    return i < 0 ? 0 : o->of[i];
}

/* A growing SQL text. */
typedef struct sqlbuf {
    char *p;
    size_t len, cap;
    bool oom;
} sqlbuf;

static void sb_add(sqlbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void sb_add(sqlbuf *b, const char *fmt, ...)
{
    if (b->oom) return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? b->cap - b->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0) {
            b->oom = true;
            return;
        }
        if (b->p && b->len + (size_t)n < b->cap) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = (b->cap ? b->cap : 256) * 2 + (size_t)n;
        char *g = realloc(b->p, cap);
        if (!g) {
            b->oom = true;
            return;
        }
        b->p = g;
        b->cap = cap;
    }
}

/* The column names of schema.table in declared order (names are the schema's own: identifiers without
 * quotes, checked below). */
typedef struct colset {
    char **name;
    size_t n;
} colset;

static void colset_free(colset *c)
{
    for (size_t i = 0; i < c->n; i++) free(c->name[i]);
    free(c->name);
    memset(c, 0, sizeof *c);
}

static int colset_load(sqlite3 *db, const char *schema, const char *table, colset *out)
{
    memset(out, 0, sizeof *out);
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT name FROM pragma_table_info(?1, ?2) ORDER BY cid");
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return dft_error_set(DFT_ERROR, "%s", sqlite3_errmsg(db));
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, schema, -1, SQLITE_STATIC);
    int rc = DFT_OK;
    size_t cap = 0;
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        const char *c = (const char *)sqlite3_column_text(st, 0);
        if (!c) continue;
        for (const char *p = c; *p; p++)
            if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
                rc = dft_error_set(DFT_ECORRUPT, "column '%s' of %s is not a dftriage column name", c, table);
        if (rc) break;
        if (out->n == cap) {
            cap = cap ? cap * 2 : 32;
            char **g = realloc(out->name, cap * sizeof *g);
            if (!g) {
                rc = dft_error_set(DFT_ENOMEM, "out of memory");
                break;
            }
            out->name = g;
        }
        if (!(out->name[out->n] = strdup(c))) rc = dft_error_set(DFT_ENOMEM, "out of memory");
        else out->n++;
    }
    sqlite3_finalize(st);
    if (rc) colset_free(out);
    return rc;
}

static bool colset_has(const colset *c, const char *name)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->name[i], name) == 0) return true;
    return false;
}

/* Appends the SELECT expression of column col of table t: the value, shifted when it holds a row id. */
static int column_expr(sqlbuf *b, const char *t, const char *col, const offsets *o)
{
    const char *target = strcmp(col, "id") == 0 ? t : id_column_table(col);
    if (strcmp(col, "from_id") == 0 || strcmp(col, "to_id") == 0) {
        const char *tc = col[0] == 'f' ? "from_table" : "to_table";
        sb_add(b, "CASE WHEN \"%s\" > 0 THEN \"%s\" + CASE \"%s\"", col, col, tc);
        for (size_t i = 0; i < NCOPY; i++)
            if (copy_tables[i].has_id) sb_add(b, " WHEN '%s' THEN %lld", copy_tables[i].name, (long long)o->of[i]);
        sb_add(b, " ELSE 0 END ELSE \"%s\" END", col);
        return DFT_OK;
    }
    if (strcmp(col, "decoded_path") == 0) {
        /* a decoded path starts with the row it came from (core/pipeline/decode.c path_head): "file N",
         * "slack of file N" or "region N" (unallocated id), then " → ..." steps: N is shifted */
        static const struct { const char *prefix, *table; } heads[] = {
            { "file ", "files" }, { "slack of file ", "files" }, { "region ", "unallocated" } };
        sb_add(b, "CASE");
        for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
            size_t from = strlen(heads[i].prefix) + 1;
            sb_add(b, " WHEN \"%s\" GLOB '%s[0-9]*' THEN '%s' || (CAST(substr(\"%s\", %zu) AS INTEGER) + %lld) || "
                      "substr(\"%s\", %zu + length(CAST(CAST(substr(\"%s\", %zu) AS INTEGER) AS TEXT)))",
                   col, heads[i].prefix, heads[i].prefix, col, from, (long long)offset_of(o, heads[i].table), col,
                   from, col, from);
        }
        sb_add(b, " ELSE \"%s\" END", col);
        return DFT_OK;
    }
    size_t n = strlen(col);
    bool not_ref = strcmp(col, "attr_id") == 0; /* an NTFS attribute id, not a row */
    if (!target && !not_ref && n > 3 && strcmp(col + n - 3, "_id") == 0)
        return dft_error_set(DFT_ECORRUPT, "column %s.%s looks like a row id but merge does not know its table: "
                             "refused", t, col);
    if (!target) {
        sb_add(b, "\"%s\"", col);
        return DFT_OK;
    }
    int64_t off = offset_of(o, target);
    sb_add(b, "CASE WHEN \"%s\" > 0 THEN \"%s\" + %lld ELSE \"%s\" END", col, col, (long long)off, col);
    return DFT_OK;
}

/* Remaps a JSON value holding row ids of table (an integer, or an array of them). */
static bool remap_json_ids(json_t *v, int64_t off)
{
    bool changed = false;
    if (json_is_integer(v) && json_integer_value(v) > 0) {
        json_integer_set(v, json_integer_value(v) + off);
        return true;
    }
    if (json_is_array(v)) {
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) changed |= remap_json_ids(e, off);
    }
    return changed;
}

/* details JSON of the copied rows of table t (ids > off_self): the row ids json_ids[] names, remapped. */
static int remap_details(dft_store *s, const char *t, int64_t off_self, const offsets *o)
{
    int rc = DFT_OK;
    for (size_t r = 0; !rc && r < NJSONIDS; r++) {
        if (strcmp(json_ids[r].table, t) != 0) continue;
        char sql[256];
        snprintf(sql, sizeof sql,
                 "SELECT id, details FROM main.\"%s\" WHERE id > ?1 AND plugin = ?2 AND kind = ?3 ORDER BY id", t);
        sqlite3_stmt *sel = NULL, *upd = NULL;
        if (sqlite3_prepare_v2(s->db, sql, -1, &sel, NULL) != SQLITE_OK) return store_sqlite_error(s, t);
        snprintf(sql, sizeof sql, "UPDATE main.\"%s\" SET details = ?2 WHERE id = ?1", t);
        if (sqlite3_prepare_v2(s->db, sql, -1, &upd, NULL) != SQLITE_OK) {
            sqlite3_finalize(sel);
            return store_sqlite_error(s, t);
        }
        sqlite3_bind_int64(sel, 1, off_self);
        sqlite3_bind_text(sel, 2, json_ids[r].plugin, -1, SQLITE_STATIC);
        sqlite3_bind_text(sel, 3, json_ids[r].kind, -1, SQLITE_STATIC);
        int64_t off = offset_of(o, json_ids[r].target);
        while (!rc && sqlite3_step(sel) == SQLITE_ROW) {
            const char *text = (const char *)sqlite3_column_text(sel, 1);
            json_t *d = text ? json_loads(text, JSON_DECODE_ANY, NULL) : NULL;
            if (json_is_object(d) && remap_json_ids(json_object_get(d, json_ids[r].key), off)) {
                /* key order kept, compact, as the emit API writes it */
                char *out = json_dumps(d, JSON_COMPACT | JSON_PRESERVE_ORDER);
                if (!out) {
                    rc = dft_error_set(DFT_ENOMEM, "out of memory");
                } else {
                    sqlite3_bind_int64(upd, 1, sqlite3_column_int64(sel, 0));
                    sqlite3_bind_text(upd, 2, out, -1, SQLITE_TRANSIENT);
                    if (sqlite3_step(upd) != SQLITE_DONE) rc = store_sqlite_error(s, t);
                    sqlite3_reset(upd);
                    free(out);
                }
            }
            json_decref(d);
        }
        sqlite3_finalize(sel);
        sqlite3_finalize(upd);
    }
    return rc;
}

/* Warning messages (findings of kind evidence.warning) are free text that names rows: "pass of X: file 12
 * is not in evidence 3", "file 40: ...". Each "file N" / "evidence N" (the word alone: not "profile 3",
 * N a whole number: not "file 3a" or "file 1.5") gets N shifted like decoded_path. *out malloc'd, or NULL
 * when nothing changed. Exposed for the unit test through dft_merge_remap_text. */
static bool word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

int dft_merge_remap_text(const char *in, int64_t file_off, int64_t evidence_off, char **out)
{
    *out = NULL;
    static const char *const words[] = { "file ", "evidence " };
    const int64_t offs[] = { file_off, evidence_off };
    sqlbuf b = { 0 };
    bool changed = false;
    const char *p = in;
    while (*p) {
        int w = -1;
        size_t wl = 0;
        if (p == in || !word_char(p[-1]))
            for (int i = 0; i < 2 && w < 0; i++)
                if (strncmp(p, words[i], strlen(words[i])) == 0) w = i, wl = strlen(words[i]);
        if (w >= 0) {
            const char *d = p + wl, *e = d;
            while (*e >= '0' && *e <= '9' && e - d < 18) e++;
            bool whole = e > d && !word_char(*e) && !((*e == '.' || *e == ',') && e[1] >= '0' && e[1] <= '9');
            if (whole && !(e - d > 1 && *d == '0')) {
                long long n = strtoll(d, NULL, 10);
                if (n > 0) {
                    sb_add(&b, "%.*s%lld", (int)wl, p, n + (long long)offs[w]);
                    changed |= offs[w] != 0;
                    p = e;
                    continue;
                }
            }
        }
        sb_add(&b, "%c", *p);
        p++;
    }
    if (b.oom) {
        free(b.p);
        return dft_error_set(DFT_ENOMEM, "out of memory");
    }
    if (!changed) {
        free(b.p);
        return DFT_OK;
    }
    *out = b.p ? b.p : strdup("");
    return *out ? DFT_OK : dft_error_set(DFT_ENOMEM, "out of memory");
}

/* The warnings copied (findings id > off_self): their "file N" / "evidence N" remapped. */
static int remap_warnings(dft_store *s, int64_t off_self, const offsets *o)
{
    sqlite3_stmt *sel = NULL, *upd = NULL;
    if (sqlite3_prepare_v2(s->db, "SELECT id, value FROM main.findings WHERE id > ?1 AND kind = 'evidence.warning'"
                                  " AND (value LIKE '%file %' OR value LIKE '%evidence %') ORDER BY id", -1, &sel,
                           NULL) != SQLITE_OK)
        return store_sqlite_error(s, "findings");
    if (sqlite3_prepare_v2(s->db, "UPDATE main.findings SET value = ?2 WHERE id = ?1", -1, &upd, NULL) != SQLITE_OK) {
        sqlite3_finalize(sel);
        return store_sqlite_error(s, "findings");
    }
    sqlite3_bind_int64(sel, 1, off_self);
    int rc = DFT_OK;
    while (!rc && sqlite3_step(sel) == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(sel, 1);
        char *nv = NULL;
        rc = dft_merge_remap_text(v ? v : "", offset_of(o, "files"), offset_of(o, "evidence"), &nv);
        if (!rc && nv) {
            sqlite3_bind_int64(upd, 1, sqlite3_column_int64(sel, 0));
            sqlite3_bind_text(upd, 2, nv, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(upd) != SQLITE_DONE) rc = store_sqlite_error(s, "findings");
            sqlite3_reset(upd);
        }
        free(nv);
    }
    sqlite3_finalize(sel);
    sqlite3_finalize(upd);
    return rc;
}

/* Case-level rows that the merge re-derives instead of copying (docs/merge.md "Case passes of the merged
 * case"): the rows of the case scope (as store_seal.c defines it: evidence_id IS NULL, else file_id IS NULL)
 * whose plugin is in the comma-separated list `rederived` (plugin names: [a-z0-9_]). Appends the condition
 * to b; false when the table has no such rows (no plugin column, or no scope column, or no list). */
static bool rederived_cond(sqlbuf *b, const colset *c, const char *rederived)
{
    const char *scope = colset_has(c, "evidence_id") ? "evidence_id" : colset_has(c, "file_id") ? "file_id" : NULL;
    if (!rederived || !*rederived || !scope || !colset_has(c, "plugin")) return false;
    sb_add(b, "(\"%s\" IS NULL AND plugin IN (", scope);
    const char *p = rederived;
    for (bool first = true; *p; first = false) {
        size_t n = strcspn(p, ",");
        sb_add(b, "%s'%.*s'", first ? "" : ", ", (int)n, p);
        p += n + (p[n] == ',');
    }
    sb_add(b, "))");
    return true;
}

static bool plugin_list_ok(const char *list)
{
    for (const char *p = list ? list : ""; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == ',')) return false;
    return true;
}

int dft_merge_drop_rederived(dft_store *s, const char *rederived, int64_t *deleted)
{
    *deleted = 0;
    if (!plugin_list_ok(rederived)) return dft_error_set(DFT_ERROR, "merge: bad plugin list");
    bool opened = false;
    int rc = store_txn_begin(s, &opened);
    for (size_t i = 0; !rc && i < NCOPY; i++) {
        colset c;
        rc = colset_load(s->db, "main", copy_tables[i].name, &c);
        if (rc) break;
        sqlbuf b = { 0 };
        sb_add(&b, "DELETE FROM main.\"%s\" WHERE ", copy_tables[i].name);
        if (rederived_cond(&b, &c, rederived)) {
            rc = b.oom ? dft_error_set(DFT_ENOMEM, "out of memory") : store_exec(s, b.p);
            if (!rc) *deleted += sqlite3_changes64(s->db);
        }
        free(b.p);
        colset_free(&c);
    }
    return store_txn_end(s, opened, rc);
}

/* Copies one table from the attached shard (not its re-derived case-level rows: *skipped counts them);
 * *copied gets its row count. */
static int copy_table(dft_store *s, size_t ti, const offsets *o, const char *rederived, int64_t *copied,
                      int64_t *skipped)
{
    *skipped = 0;
    const char *t = copy_tables[ti].name;
    colset mc, sc;
    int rc = colset_load(s->db, "main", t, &mc);
    if (rc) return rc;
    rc = colset_load(s->db, "shard", t, &sc);
    if (rc) {
        colset_free(&mc);
        return rc;
    }
    /* a shard of schema 2 has no table that schema 3 added to the copy list: nothing to copy */
    if (sc.n == 0) {
        colset_free(&mc);
        colset_free(&sc);
        *copied = 0;
        return DFT_OK;
    }
    for (size_t i = 0; !rc && i < sc.n; i++)
        if (!colset_has(&mc, sc.name[i]))
            rc = dft_error_set(DFT_ECORRUPT, "column %s.%s of the shard is not in the case: refused", t, sc.name[i]);
    for (size_t i = 0; !rc && i < mc.n; i++)
        if (!colset_has(&sc, mc.name[i]))
            rc = dft_error_set(DFT_ECORRUPT, "column %s.%s of the case is not in the shard: refused", t, mc.name[i]);
    sqlbuf b = { 0 };
    sb_add(&b, "INSERT INTO main.\"%s\"(", t);
    for (size_t i = 0; i < mc.n; i++) sb_add(&b, "%s\"%s\"", i ? ", " : "", mc.name[i]);
    sb_add(&b, ") SELECT ");
    for (size_t i = 0; !rc && i < mc.n; i++) {
        if (i) sb_add(&b, ", ");
        rc = column_expr(&b, t, mc.name[i], o);
    }
    /* rowid order: the shard's order is kept (and the ids stay a pure function of it) */
    sb_add(&b, " FROM shard.\"%s\"", t);
    sqlbuf skip = { 0 };
    sb_add(&skip, "SELECT count(*) FROM shard.\"%s\" WHERE ", t);
    if (rederived_cond(&skip, &sc, rederived)) {
        sb_add(&b, " WHERE NOT ");
        rederived_cond(&b, &sc, rederived);
        if (!rc) rc = skip.oom ? dft_error_set(DFT_ENOMEM, "out of memory") : query_int(s->db, skip.p, skipped);
    }
    free(skip.p);
    sb_add(&b, " ORDER BY rowid");
    if (!rc && b.oom) rc = dft_error_set(DFT_ENOMEM, "out of memory");
    if (!rc) rc = store_exec(s, b.p);
    if (!rc) *copied = sqlite3_changes64(s->db);
    if (!rc && copy_tables[ti].has_id && colset_has(&mc, "details")) rc = remap_details(s, t, o->of[ti], o);
    if (!rc && strcmp(t, "findings") == 0) rc = remap_warnings(s, o->of[ti], o);
    free(b.p);
    colset_free(&mc);
    colset_free(&sc);
    return rc;
}

static int attach_shard(dft_store *s, const char *path)
{
    /* file: URI with mode=ro; the path percent-encoded */
    size_t n = strlen(path);
    char *uri = malloc(n * 3 + 32);
    if (!uri) return dft_error_set(DFT_ENOMEM, "out of memory");
    char *p = uri + sprintf(uri, "file:");
    for (const unsigned char *c = (const unsigned char *)path; *c; c++) {
        if (*c == '%' || *c == '?' || *c == '#' || *c < 0x21 || *c >= 0x7f)
            p += sprintf(p, "%%%02X", *c);
        else
            *p++ = (char)*c;
    }
    strcpy(p, "?mode=ro");
    sqlite3_stmt *st = NULL;
    int rc = DFT_OK;
    if (sqlite3_prepare_v2(s->db, "ATTACH DATABASE ?1 AS shard", -1, &st, NULL) != SQLITE_OK) {
        rc = store_sqlite_error(s, "attach");
    } else {
        sqlite3_bind_text(st, 1, uri, -1, SQLITE_STATIC);
        if (sqlite3_step(st) != SQLITE_DONE) rc = store_sqlite_error(s, "attach");
    }
    sqlite3_finalize(st);
    free(uri);
    if (!rc && sqlite3_db_readonly(s->db, "shard") != 1) {
        /* SQLite without URI filenames would attach the file read-write: never write a shard */
        store_exec(s, "DETACH DATABASE shard");
        rc = dft_error_set(DFT_EUNSUPPORTED, "SQLite would attach the shard writable (no URI support): refused");
    }
    return rc;
}

/* Refusals and the skip, inside the transaction. *skip = already merged with this head. */
static int check_against_case(dft_store *s, const dft_merge_shard *sh, bool *skip)
{
    *skip = false;
    char *cn = NULL, *head = NULL, *dup = NULL;
    int rc = dft_store_case_info_get(s, "case_number", &cn);
    if (!rc && strcmp(cn ? cn : "", sh->case_number) != 0)
        rc = dft_error_set(DFT_ERROR, "belongs to case '%s', not '%s': refused", sh->case_number, cn ? cn : "");
    if (!rc) rc = query_text(s->db, "SELECT chain_head FROM merged_shards WHERE shard_uuid = ?1 ORDER BY id LIMIT 1",
                             sh->genesis, &head);
    if (!rc && head) {
        if (strcmp(head, sh->head) == 0) {
            *skip = true;
            dft_error_set(DFT_OK, "already merged (chain head %s): skipped", head);
        } else {
            rc = dft_error_set(DFT_ECORRUPT, "this shard was merged with chain head %s, now its head is %s (it "
                               "changed since): refused; ingest new evidence into a new shard", head, sh->head);
        }
    }
    if (!rc && !*skip)
        rc = query_text(s->db, "SELECT 'shard evidence ' || se.id || ' is already in the case as evidence ' || e.id"
                               " FROM shard.evidence se JOIN main.evidence e ON e.fingerprint = se.fingerprint"
                               " ORDER BY se.id LIMIT 1", NULL, &dup);
    if (!rc && dup) rc = dft_error_set(DFT_EEXISTS, "%s: refused (an item is never in a case twice)", dup);
    free(cn);
    free(head);
    free(dup);
    return rc;
}

/* Fix for a shard edited between its check (another connection) and its copy: every seal digest the
 * check verified (sh->seals, from the shard's audit chain) is recomputed here over the shard's rows in
 * this transaction's read snapshot of it - the rows that are copied. A mismatch: tampered, rolled back. */
/* Sealed tables whose rows are compared with the rows copied: the copied ones. */
static bool is_copied(const char *tbl)
{
    return copy_index(tbl) >= 0;
}

static int recheck_seals(dft_store *s, const dft_merge_shard *sh, int64_t *sealed_rows)
{
    *sealed_rows = 0;
    json_t *seals = json_loads(sh->seals, 0, NULL);
    if (!json_is_object(seals)) {
        json_decref(seals);
        return dft_error_set(DFT_ECORRUPT, "no seal digests recorded: refused");
    }
    int rc = DFT_OK;
    const char *key;
    json_t *v;
    json_object_foreach(seals, key, v) {
        bool is_case = strcmp(key, "case") == 0;
        long long id = 0;
        if (!is_case && sscanf(key, "evidence %lld", &id) != 1) continue;
        char now[65];
        int64_t n = 0;
        rc = dft_store_seal_recompute(s, "shard", is_case, (int64_t)id, now, is_copied, &n);
        *sealed_rows += n;
        if (!rc && (!json_string_value(v) || strcmp(now, json_string_value(v)) != 0))
            rc = dft_error_set(DFT_ECORRUPT, "TAMPERED: the rows of %s changed between its verification and its "
                               "copy (seal %.16s..., now %.16s...): refused, nothing merged", key,
                               json_string_value(v) ? json_string_value(v) : "?", now);
        if (rc) break;
    }
    json_decref(seals);
    return rc;
}

/* The evidence id map {"shard id": case id} and the new ids (for sealing). */
static int evidence_map(dft_store *s, int64_t off, json_t *map, int64_t **ids, size_t *n)
{
    *ids = NULL;
    *n = 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, "SELECT id FROM main.evidence WHERE id > ?1 ORDER BY id", -1, &st, NULL) != SQLITE_OK)
        return store_sqlite_error(s, "evidence");
    sqlite3_bind_int64(st, 1, off);
    int rc = DFT_OK;
    size_t cap = 0;
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            int64_t *g = realloc(*ids, cap * sizeof *g);
            if (!g) {
                rc = dft_error_set(DFT_ENOMEM, "out of memory");
                break;
            }
            *ids = g;
        }
        (*ids)[(*n)++] = id;
        char key[32];
        snprintf(key, sizeof key, "%lld", (long long)(id - off));
        json_object_set_new(map, key, json_integer((json_int_t)id));
    }
    sqlite3_finalize(st);
    return rc;
}

static int record_shard(dft_store *s, const dft_merge_shard *sh, int64_t run_id, json_t *evmap, json_t *rows)
{
    char now[DFT_TIME_LEN];
    dft_time_now(now);
    char *ev = json_dumps(evmap, JSON_COMPACT | JSON_PRESERVE_ORDER);
    char *rw = json_dumps(rows, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_t *seals = json_loads(sh->seals, 0, NULL);
    json_t *d = json_pack("{ss ss ss ss ss sO sO sO}", "shard", sh->path, "shard_uuid", sh->genesis, "chain_head",
                          sh->head, "case_number", sh->case_number, "examiner", sh->examiner, "seals",
                          seals ? seals : json_null(), "evidence", evmap, "rows", rows);
    char *detail = d ? json_dumps(d, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    int rc = ev && rw && detail ? DFT_OK : dft_error_set(DFT_ENOMEM, "out of memory");
    sqlite3_stmt *st = NULL;
    if (!rc && sqlite3_prepare_v2(s->db,
                                  "INSERT INTO merged_shards(shard_uuid, path, case_number, examiner, chain_head,"
                                  " seals, evidence, rows, merged_utc, run_id) VALUES (?,?,?,?,?,?,?,?,?,?)",
                                  -1, &st, NULL) != SQLITE_OK)
        rc = store_sqlite_error(s, "merged_shards");
    if (!rc) {
        store_bind_texts(st, 1, 9, sh->genesis, sh->path, sh->case_number, sh->examiner, sh->head, sh->seals, ev, rw,
                         now);
        sqlite3_bind_int64(st, 10, run_id);
        if (sqlite3_step(st) != SQLITE_DONE) rc = store_sqlite_error(s, "merged_shards");
    }
    sqlite3_finalize(st);
    if (!rc) rc = dft_store_audit(s, "merge.shard", detail);
    free(ev);
    free(rw);
    free(detail);
    json_decref(seals);
    json_decref(d);
    return rc;
}

int dft_merge_shard_into(dft_store *s, const dft_merge_shard *sh, const char *command_line, const char *rederived,
                         bool build_indexes, int64_t *run, dft_merge_outcome *outcome, int64_t *rows)
{
    if (!plugin_list_ok(rederived)) return dft_error_set(DFT_ERROR, "merge: bad plugin list");
    int64_t run_id = *run;
    *rows = 0;
    *outcome = DFT_MERGE_MERGED;
    int rc = attach_shard(s, sh->path);
    if (rc) return shard_error(rc, sh->path);
    rc = store_exec(s, "BEGIN IMMEDIATE");
    bool skip = false;
    if (!rc) rc = check_against_case(s, sh, &skip);
    /* the check ran on another connection: the copy must be of the same shard */
    char *genesis = NULL;
    if (!rc && !skip) rc = query_text(s->db, "SELECT hash FROM shard.audit_log WHERE seq = 1", NULL, &genesis);
    if (!rc && !skip && (!genesis || strcmp(genesis, sh->genesis) != 0))
        rc = dft_error_set(DFT_ECORRUPT, "changed between its check and its copy: refused");
    free(genesis);
    genesis = NULL;
    if (!rc && !skip)
        rc = query_text(s->db, "SELECT seq || ':' || hash FROM shard.audit_log ORDER BY seq DESC LIMIT 1", NULL,
                        &genesis);
    if (!rc && !skip && (!genesis || strcmp(genesis, sh->head) != 0))
        rc = dft_error_set(DFT_ECORRUPT, "its audit chain grew between its check and its copy: refused");
    free(genesis);
    int64_t sealed_rows = 0, unsealed_rows = 0;
    if (!rc && !skip) rc = recheck_seals(s, sh, &sealed_rows);
    /* the merge's run row and "merge.begin" come with the first shard merged (a refusal writes nothing) */
    if (!rc && !skip && !run_id) {
        rc = dft_store_run_begin(s, command_line, "{\"command\":\"merge\"}", "[]", &run_id);
        if (!rc) rc = dft_store_audit(s, "merge.begin", command_line);
        /* the correlation index is rebuilt after the last shard (cmd_merge.c); emptied now, so the case seal
         * of each shard's transaction does not read it again and again (it is sealed in the case scope) */
        if (!rc) rc = store_exec(s, DFT_CORRELATE_INDEX_DROP " DELETE FROM identifier_occurrences; "
                                    DFT_CORRELATE_INDEX_DDL);
    }
    offsets o = { { 0 } };
    for (size_t i = 0; !rc && !skip && i < NCOPY; i++) {
        if (!copy_tables[i].has_id) continue;
        char sql[96];
        snprintf(sql, sizeof sql, "SELECT coalesce(max(id), 0) FROM main.\"%s\"", copy_tables[i].name);
        rc = query_int(s->db, sql, &o.of[i]);
    }
    /* runs rows are in the case seal of a shard made by this dftriage (selector "all"); an older shard's
     * case seal does not cover them, and its runs rows are copied uncounted */
    int64_t runs_sealed = 0;
    if (!rc && !skip)
        rc = query_int(s->db, "SELECT count(*) FROM shard.seal_tables WHERE evidence_id IS NULL AND tbl = 'runs'",
                       &runs_sealed);
    json_t *rowmap = json_object(), *evmap = json_object();
    if (!rc && (!rowmap || !evmap)) rc = dft_error_set(DFT_ENOMEM, "out of memory");
    int64_t skipped_rows = 0;
    for (size_t i = 0; !rc && !skip && i < NCOPY; i++) {
        int64_t n = 0, skipped = 0;
        rc = copy_table(s, i, &o, rederived, &n, &skipped);
        skipped_rows += skipped;
        if (!rc) {
            json_object_set_new(rowmap, copy_tables[i].name, json_integer((json_int_t)n));
            *rows += n;
            if (strcmp(copy_tables[i].name, "runs") == 0 && !runs_sealed) unsealed_rows += n;
        }
    }
    /* every copied row must be one the seals just recomputed covered: a row added outside every scope
     * (an orphan evidence_id) after the check would otherwise be copied and sealed anew */
    if (!rc && !skip && *rows - unsealed_rows + skipped_rows != sealed_rows)
        rc = dft_error_set(DFT_ECORRUPT, "TAMPERED: %lld row(s) copied, %lld covered by its seals: refused, nothing "
                           "merged", (long long)(*rows - unsealed_rows + skipped_rows), (long long)sealed_rows);
    int64_t *ids = NULL;
    size_t nids = 0;
    if (!rc && !skip) rc = evidence_map(s, o.of[copy_index("evidence")], evmap, &ids, &nids);
    if (!rc && !skip) rc = record_shard(s, sh, run_id, evmap, rowmap);
    for (size_t i = 0; !rc && !skip && i < nids; i++) {
        char note[128];
        snprintf(note, sizeof note, "merged from shard %s", sh->genesis);
        rc = dft_store_seal_evidence(s, ids[i], note);
    }
    if (!rc && !skip) rc = dft_store_seal_case(s, run_id);
    /* the last shard of a large merge: its indexes are built in this same transaction (store_merge_bulk.c) */
    int64_t rebuilt = 0;
    if (!rc && !skip && build_indexes) rc = dft_merge_bulk_end(s, &rebuilt);
    free(ids);
    json_decref(rowmap);
    json_decref(evmap);
    char keep[1024] = "";
    if (skip) snprintf(keep, sizeof keep, "%s", dft_error_last());
    if (rc || skip) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", dft_error_last());
        if (!sqlite3_get_autocommit(s->db)) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        dft_error_set(rc, "%s", msg);
    } else {
        rc = store_exec(s, "COMMIT");
        if (rc && !sqlite3_get_autocommit(s->db)) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        if (!rc) *run = run_id;
    }
    char msg[1024];
    snprintf(msg, sizeof msg, "%s", dft_error_last());
    sqlite3_exec(s->db, "DETACH DATABASE shard", NULL, NULL, NULL);
    if (skip) {
        *outcome = DFT_MERGE_SKIPPED;
        dft_error_set(DFT_OK, "shard %s: %s", sh->path, keep);
        return DFT_OK;
    }
    if (rc) {
        dft_error_set(rc, "%s", msg);
        return shard_error(rc, sh->path);
    }
    return DFT_OK;
}
