/*
 * store_seal.c - sealed rows: a digest of every row that belongs to an evidence item goes into the
 * audit chain when the item completes, and `verify` recomputes it and names the row that changed.
 *
 * The format is in docs/case-file.md "Sealed rows" (an outside tool can recompute it). In short:
 *
 *   row digest    = first 16 bytes of SHA-256(canonical row): table "\0" rowid "\0", then per column in
 *                   declared order: name "\0" tag length(4, big-endian) value
 *                   (tag 'n' NULL, 'i' integer in decimal, 'r' IEEE-754 binary64 big-endian,
 *                    't' UTF-8 bytes, 'b' raw bytes)
 *   entry         = rowid (8 bytes, big-endian two's complement) || row digest (16)  = 24 bytes
 *   table digest  = hex SHA-256 over the table's entries in rowid order
 *   seal digest   = hex SHA-256 over "dftriage-seal-1|" SCOPE "\n" and one line per table, by name:
 *                   tbl "|" selector "|" columns "|" rows "|" table digest "\n"
 *                   (SCOPE = "evidence N" or "case")
 *
 * The entries are kept in seal_chunks (SEAL_CHUNK_ROWS per blob), the per-table lines in
 * seal_tables; the seal digest is in the audit row "evidence.seal" / "case.seal", so the chain covers
 * the per-row store, and the per-row store names the row.
 *
 * Which rows (discovered from the schema, so schema 2 needs no change here):
 *   - evidence                   WHERE id = N                      (selector "id")
 *   - a table with evidence_id   WHERE evidence_id = N             (selector "evidence_id")
 *   - a table with file_id only  WHERE file_id IN (files of N)     (selector "file_id")
 *   - the case scope: evidence_id IS NULL / file_id IS NULL, and every row of a table with neither column
 *     (runs, merged_shards, identifier_occurrences: selector "all"), sealed at run end (dft_store_seal_case,
 *     after the run's own row got its final status).
 *   Never sealed: audit_log (it is the chain), case_info (checked), the seal_* tables (unsealed[] below).
 *
 * Invariants:
 *  1. A seal replaces the earlier seal of the same scope (seal_tables/seal_chunks rows) and appends
 *     one audit row; verify uses the last audit row of each scope.
 *  2. The recorded selector and column list are used again at verify, so a column added by a later
 *     schema does not break an earlier seal (it is just not covered by it).
 *  3. Sealing joins the caller's transaction (dft_store_evidence_finish: the same one as the status
 *     change), or is its own.
 */
#include <jansson.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "numfmt.h"
#include "store_impl.h"

#define SEAL_CHUNK_ROWS 4096
#define SEAL_DIGEST 16
#define SEAL_ENTRY (8 + SEAL_DIGEST)
#define SEAL_MAX_LINES 20 /* failure lines printed per scope before summarising */

const char store_seal_ddl[] =
    "CREATE TABLE seal_tables(\n"
    "  evidence_id INTEGER,\n"            /* NULL: the case scope */
    "  tbl TEXT NOT NULL, selector TEXT NOT NULL, columns TEXT NOT NULL,\n"
    "  rows INTEGER NOT NULL, digest TEXT NOT NULL);\n"
    "CREATE TABLE seal_chunks(\n"
    "  evidence_id INTEGER, tbl TEXT NOT NULL, chunk INTEGER NOT NULL,\n"
    "  rows INTEGER NOT NULL, entries BLOB NOT NULL);\n"
    "CREATE INDEX seal_tables_scope ON seal_tables(evidence_id, tbl);\n"
    "CREATE INDEX seal_chunks_scope ON seal_chunks(evidence_id, tbl, chunk);\n";

static const char *const unsealed[] = { "audit_log", "case_info", "seal_tables", "seal_chunks" };

/* SEL_ALL: every row of a table that belongs to no item (runs, merged_shards, identifier_occurrences), in the
 * case scope only. Verified only from a case seal that records it (a case sealed before such tables were
 * sealed keeps verifying: verify_unrecorded skips them). */
typedef enum { SEL_ID, SEL_EVIDENCE, SEL_FILE, SEL_ALL } sel_kind;
static const char *const sel_names[] = { "id", "evidence_id", "file_id", "all" };
#define N_SEL ((int)(sizeof sel_names / sizeof sel_names[0]))

/* One table of a scope: its name, selector and serialised columns ("a,b,c"). */
typedef struct seal_table {
    char *name, *columns, *digest; /* digest: recorded (verify) or NULL */
    sel_kind sel;
    int64_t rows;                  /* recorded (verify) */
} seal_table;

typedef struct table_list {
    seal_table *t;
    size_t n, cap;
} table_list;

/* A scope: one evidence item (id > 0) or the case (id = 0). */
typedef struct scope {
    int64_t id;
    bool is_case;
} scope;

/* Row hashing state: a reusable buffer and two digest contexts (row, table). */
typedef struct seal_hash {
    EVP_MD *md;             /* SHA-256, fetched once (an implicit fetch per row costs more than the hash) */
    EVP_MD_CTX *row, *table;
    uint8_t *buf;
    size_t len, cap;
} seal_hash;

/* ---- Small helpers ------------------------------------------------------------------------- */

static void tables_free(table_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->t[i].name);
        free(l->t[i].columns);
        free(l->t[i].digest);
    }
    free(l->t);
    memset(l, 0, sizeof *l);
}

/* Appends a table (copies the strings). */
static int tables_add(table_list *l, const char *name, const char *columns, sel_kind sel, const char *digest,
                      int64_t rows)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        seal_table *t = realloc(l->t, cap * sizeof *t);
        if (!t) return dft_error_set(DFT_ENOMEM, "out of memory sealing rows");
        l->t = t;
        l->cap = cap;
    }
    seal_table *t = &l->t[l->n];
    memset(t, 0, sizeof *t);
    t->name = strdup(name);
    t->columns = strdup(columns);
    t->digest = digest ? strdup(digest) : NULL;
    t->sel = sel;
    t->rows = rows;
    l->n++;
    if (!t->name || !t->columns || (digest && !t->digest))
        return dft_error_set(DFT_ENOMEM, "out of memory sealing rows");
    return DFT_OK;
}

static const seal_table *tables_find(const table_list *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->t[i].name, name) == 0) return &l->t[i];
    return NULL;
}

static int hash_open(seal_hash *h)
{
    memset(h, 0, sizeof *h);
    h->md = EVP_MD_fetch(NULL, "SHA256", NULL);
    h->row = EVP_MD_CTX_new();
    h->table = EVP_MD_CTX_new();
    if (!h->md || !h->row || !h->table) return dft_error_set(DFT_ENOMEM, "out of memory sealing rows");
    return DFT_OK;
}

static void hash_close(seal_hash *h)
{
    EVP_MD_CTX_free(h->row);
    EVP_MD_CTX_free(h->table);
    EVP_MD_free(h->md);
    free(h->buf);
}

/* Room for n more bytes in the row buffer. */
static int buf_grow(seal_hash *h, size_t n)
{
    size_t cap = h->cap ? h->cap : 4096;
    while (cap < h->len + n) cap *= 2;
    uint8_t *b = realloc(h->buf, cap);
    if (!b) return dft_error_set(DFT_ENOMEM, "out of memory sealing rows");
    h->buf = b;
    h->cap = cap;
    return DFT_OK;
}

static inline int buf_put(seal_hash *h, const void *p, size_t n)
{
    if (h->len + n > h->cap && buf_grow(h, n)) return DFT_ENOMEM;
    if (n) memcpy(h->buf + h->len, p, n);
    h->len += n;
    return DFT_OK;
}

static void be64(uint8_t out[8], uint64_t v)
{
    for (int i = 7; i >= 0; i--, v >>= 8) out[i] = (uint8_t)v;
}

static int64_t from_be64(const uint8_t in[8])
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) v = v << 8 | in[i];
    return (int64_t)v;
}

/* name "\0" tag length(4, big-endian) value */
static int put_value(seal_hash *h, const char *name, char tag, const void *v, size_t n)
{
    size_t nl = strlen(name) + 1;
    if (h->len + nl + 5 + n > h->cap && buf_grow(h, nl + 5 + n)) return DFT_ENOMEM;
    uint8_t *o = h->buf + h->len;
    memcpy(o, name, nl);
    o += nl;
    *o++ = (uint8_t)tag;
    *o++ = (uint8_t)(n >> 24);
    *o++ = (uint8_t)(n >> 16);
    *o++ = (uint8_t)(n >> 8);
    *o++ = (uint8_t)n;
    if (n) memcpy(o, v, n);
    h->len += nl + 5 + n;
    return DFT_OK;
}

/* The canonical serialisation of the current row of st (column 0 = rowid, then cols[0..n-1]) into
 * the row digest; out = the 24-byte entry. */
static int row_entry(seal_hash *h, const char *tbl, sqlite3_stmt *st, char **cols, int n, uint8_t out[SEAL_ENTRY])
{
    int64_t rowid = sqlite3_column_int64(st, 0);
    char num[32];
    h->len = 0;
    int rc = buf_put(h, tbl, strlen(tbl) + 1);
    size_t k = dft_i64_dec(num, rowid);
    if (!rc) rc = buf_put(h, num, k + 1);
    for (int i = 0; !rc && i < n; i++) {
        int c = i + 1;
        switch (sqlite3_column_type(st, c)) {
        case SQLITE_NULL:
            rc = put_value(h, cols[i], 'n', NULL, 0);
            break;
        case SQLITE_INTEGER:
            k = dft_i64_dec(num, sqlite3_column_int64(st, c));
            rc = put_value(h, cols[i], 'i', num, k);
            break;
        case SQLITE_FLOAT: {
            double d = sqlite3_column_double(st, c);
            uint64_t bits;
            uint8_t b[8];
            memcpy(&bits, &d, sizeof bits);
            be64(b, bits);
            rc = put_value(h, cols[i], 'r', b, 8);
            break;
        }
        case SQLITE_TEXT: {
            const unsigned char *t = sqlite3_column_text(st, c);
            rc = put_value(h, cols[i], 't', t, (size_t)sqlite3_column_bytes(st, c));
            break;
        }
        default: {
            const void *b = sqlite3_column_blob(st, c);
            rc = put_value(h, cols[i], 'b', b, (size_t)sqlite3_column_bytes(st, c));
            break;
        }
        }
    }
    if (rc) return rc;
    uint8_t md[EVP_MAX_MD_SIZE];
    unsigned mdlen = 0;
    if (EVP_DigestInit_ex(h->row, h->md, NULL) != 1 || EVP_DigestUpdate(h->row, h->buf, h->len) != 1 ||
        EVP_DigestFinal_ex(h->row, md, &mdlen) != 1)
        return dft_error_set(DFT_ERROR, "SHA-256 failed sealing rows");
    be64(out, (uint64_t)rowid);
    memcpy(out + 8, md, SEAL_DIGEST);
    return DFT_OK;
}

static int table_hash_begin(seal_hash *h)
{
    return EVP_DigestInit_ex(h->table, h->md, NULL) == 1 ? DFT_OK
                                                                : dft_error_set(DFT_ERROR, "SHA-256 failed");
}

static int table_hash_end(seal_hash *h, char out[65])
{
    uint8_t md[EVP_MAX_MD_SIZE];
    unsigned mdlen = 0;
    if (EVP_DigestFinal_ex(h->table, md, &mdlen) != 1) return dft_error_set(DFT_ERROR, "SHA-256 failed");
    dft_hex(out, md, 32);
    return DFT_OK;
}

/* Splits "a,b,c" into a malloc'd array of pointers into a malloc'd copy (*store). */
static int split_columns(const char *columns, char **store, char ***out, int *n)
{
    *store = strdup(columns);
    int count = 1;
    for (const char *p = columns; *p; p++) count += *p == ',';
    *out = calloc((size_t)count, sizeof **out);
    if (!*store || !*out) return dft_error_set(DFT_ENOMEM, "out of memory sealing rows");
    int i = 0;
    for (char *p = *store, *save = NULL, *tok; (tok = strtok_r(p, ",", &save)); p = NULL) (*out)[i++] = tok;
    *n = i;
    return DFT_OK;
}

/* SELECT rowid, "c1", ... FROM "tbl" WHERE <selector for the scope> ORDER BY rowid (malloc'd). */
static char *select_sql_in(const char *schema, const seal_table *t, char **cols, int n, scope sc)
{
    /* %w doubles the double quotes of an identifier; a NULL schema is the connection's main */
    const char *sp = schema ? schema : "main";
    sqlite3_str *q = sqlite3_str_new(NULL);
    sqlite3_str_appendall(q, "SELECT rowid");
    for (int i = 0; i < n; i++) sqlite3_str_appendf(q, ", \"%w\"", cols[i]);
    sqlite3_str_appendf(q, " FROM \"%w\".\"%w\" NOT INDEXED WHERE ", sp, t->name);
    switch (t->sel) {
    case SEL_ID: sqlite3_str_appendall(q, "id = ?1"); break;
    case SEL_EVIDENCE: {
        /* The rows of one scope lie between its smallest and largest rowid, which the table's index led by
         * evidence_id finds without reading the table; the scan is then of that rowid range only (NOT
         * INDEXED still allows the rowid range). Without the bound a merge, which seals each shard's new
         * item and the case scope, would read the whole case again per shard: quadratic in the shards.
         * Same rows, same order as the plain scan. */
        const char *cond = sc.is_case ? "evidence_id IS NULL" : "evidence_id = ?1";
        sqlite3_str_appendf(q, "%s AND rowid BETWEEN (SELECT min(rowid) FROM \"%w\".\"%w\" WHERE %s) AND (SELECT"
                            " max(rowid) FROM \"%w\".\"%w\" WHERE %s)", cond, sp, t->name, cond, sp, t->name, cond);
        break;
    }
    case SEL_FILE:
        if (sc.is_case) sqlite3_str_appendall(q, "file_id IS NULL");
        else sqlite3_str_appendf(q, "file_id IN (SELECT id FROM \"%w\".files WHERE evidence_id = ?1)", sp);
        break;
    case SEL_ALL: sqlite3_str_appendall(q, sc.is_case ? "1" : "0"); break;
    }
    /* NOT INDEXED: read the table in rowid order. Through an index on evidence_id SQLite would sort the
     * rows, and with temp_store=MEMORY a sort of 10,000 rows of 16 KiB paths (a hostile deep archive)
     * holds hundreds of MB at once; the rowid-order scan streams them. */
    sqlite3_str_appendall(q, " ORDER BY rowid");
    char *z = sqlite3_str_finish(q);
    if (!z) return NULL;
    char *sql = strdup(z);
    sqlite3_free(z);
    return sql;
}

static char *select_sql(const seal_table *t, char **cols, int n, scope sc)
{
    return select_sql_in(NULL, t, cols, n, sc);
}

static int prepare(dft_store *s, const char *sql, sqlite3_stmt **st)
{
    if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK) return store_sqlite_error(s, "seal");
    return DFT_OK;
}

static void bind_scope(sqlite3_stmt *st, int i, scope sc)
{
    if (sc.is_case)
        sqlite3_bind_null(st, i);
    else
        sqlite3_bind_int64(st, i, sc.id);
}

static void scope_name(char *out, size_t n, scope sc)
{
    if (sc.is_case)
        snprintf(out, n, "case");
    else
        snprintf(out, n, "evidence %lld", (long long)sc.id);
}

/* ---- Discovery ------------------------------------------------------------------------------ */

static bool is_unsealed(const char *name)
{
    if (strncmp(name, "sqlite_", 7) == 0) return true;
    for (size_t i = 0; i < sizeof unsealed / sizeof unsealed[0]; i++)
        if (strcmp(name, unsealed[i]) == 0) return true;
    return false;
}

/* The tables of the current schema whose rows belong to the scope, ordered by name (byte order). */
static int discover(dft_store *s, scope sc, table_list *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *tabs = NULL, *cols = NULL;
    int rc = prepare(s, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", &tabs);
    if (!rc) rc = prepare(s, "SELECT name FROM pragma_table_info(?1) ORDER BY cid", &cols);
    char *list = NULL;
    size_t cap = 0;
    while (!rc && sqlite3_step(tabs) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(tabs, 0);
        if (!name || is_unsealed(name)) continue;
        bool is_evidence = strcmp(name, "evidence") == 0, has_ev = false, has_file = false;
        size_t len = 0;
        sqlite3_bind_text(cols, 1, name, -1, SQLITE_TRANSIENT);
        while (!rc && sqlite3_step(cols) == SQLITE_ROW) {
            const char *c = (const char *)sqlite3_column_text(cols, 0);
            if (!c) continue;
            has_ev |= strcmp(c, "evidence_id") == 0;
            has_file |= strcmp(c, "file_id") == 0;
            size_t need = len + strlen(c) + 2;
            if (need > cap) {
                cap = need * 2;
                char *g = realloc(list, cap);
                if (!g) {
                    rc = dft_error_set(DFT_ENOMEM, "out of memory sealing rows");
                    break;
                }
                list = g;
            }
            len += (size_t)sprintf(list + len, "%s%s", len ? "," : "", c);
        }
        sqlite3_reset(cols);
        if (rc || !len) continue;
        if (is_evidence && !sc.is_case)
            rc = tables_add(out, name, list, SEL_ID, NULL, 0);
        else if (is_evidence)
            continue;
        else if (has_ev)
            rc = tables_add(out, name, list, SEL_EVIDENCE, NULL, 0);
        else if (has_file)
            rc = tables_add(out, name, list, SEL_FILE, NULL, 0);
        else if (sc.is_case)
            rc = tables_add(out, name, list, SEL_ALL, NULL, 0);
    }
    free(list);
    sqlite3_finalize(tabs);
    sqlite3_finalize(cols);
    if (rc) tables_free(out);
    return rc;
}

/* The seal digest over the table lines (tables in name order). */
static int seal_digest(const table_list *l, scope sc, char out[65])
{
    char name[64], num[32];
    scope_name(name, sizeof name, sc);
    seal_hash h;
    int rc = hash_open(&h);
    if (!rc) rc = buf_put(&h, "dftriage-seal-1|", 16);
    if (!rc) rc = buf_put(&h, name, strlen(name));
    if (!rc) rc = buf_put(&h, "\n", 1);
    for (size_t i = 0; !rc && i < l->n; i++) {
        const seal_table *t = &l->t[i];
        int k = snprintf(num, sizeof num, "%lld", (long long)t->rows);
        const char *sel = sel_names[t->sel];
        rc = buf_put(&h, t->name, strlen(t->name));
        if (!rc) rc = buf_put(&h, "|", 1);
        if (!rc) rc = buf_put(&h, sel, strlen(sel));
        if (!rc) rc = buf_put(&h, "|", 1);
        if (!rc) rc = buf_put(&h, t->columns, strlen(t->columns));
        if (!rc) rc = buf_put(&h, "|", 1);
        if (!rc) rc = buf_put(&h, num, (size_t)k);
        if (!rc) rc = buf_put(&h, "|", 1);
        if (!rc) rc = buf_put(&h, t->digest ? t->digest : "", t->digest ? strlen(t->digest) : 0);
        if (!rc) rc = buf_put(&h, "\n", 1);
    }
    if (!rc) dft_sha256_hex(out, h.buf, h.len);
    hash_close(&h);
    return rc;
}

/* ---- Sealing -------------------------------------------------------------------------------- */

static int flush_chunk(dft_store *s, sqlite3_stmt *ins, scope sc, const char *tbl, int64_t chunk,
                       const uint8_t *entries, int rows)
{
    bind_scope(ins, 1, sc);
    sqlite3_bind_text(ins, 2, tbl, -1, SQLITE_STATIC);
    sqlite3_bind_int64(ins, 3, chunk);
    sqlite3_bind_int(ins, 4, rows);
    sqlite3_bind_blob(ins, 5, entries, rows * SEAL_ENTRY, SQLITE_STATIC);
    int rc = sqlite3_step(ins) == SQLITE_DONE ? DFT_OK : store_sqlite_error(s, "seal_chunks");
    sqlite3_reset(ins);
    return rc;
}

/* Digests every row of one table of the scope into seal_chunks; sets t->rows and t->digest. */
static int seal_table_rows(dft_store *s, seal_hash *h, seal_table *t, scope sc, sqlite3_stmt *ins,
                           uint8_t *chunk_buf)
{
    char *store = NULL, **cols = NULL, *sql = NULL;
    int n = 0;
    sqlite3_stmt *st = NULL;
    int rc = split_columns(t->columns, &store, &cols, &n);
    if (!rc && !(sql = select_sql(t, cols, n, sc))) rc = dft_error_set(DFT_ENOMEM, "out of memory sealing rows");
    if (!rc) rc = prepare(s, sql, &st);
    if (!rc && !sc.is_case) sqlite3_bind_int64(st, 1, sc.id);
    if (!rc) rc = table_hash_begin(h);
    int in_chunk = 0, src = SQLITE_DONE;
    int64_t chunk = 0, rows = 0;
    while (!rc && (src = sqlite3_step(st)) == SQLITE_ROW) {
        uint8_t *e = chunk_buf + (size_t)in_chunk * SEAL_ENTRY;
        rc = row_entry(h, t->name, st, cols, n, e);
        if (rc) break;
        EVP_DigestUpdate(h->table, e, SEAL_ENTRY);
        rows++;
        if (++in_chunk == SEAL_CHUNK_ROWS) {
            rc = flush_chunk(s, ins, sc, t->name, chunk++, chunk_buf, in_chunk);
            in_chunk = 0;
        }
    }
    if (!rc && src != SQLITE_DONE) rc = store_sqlite_error(s, t->name);
    if (!rc && in_chunk) rc = flush_chunk(s, ins, sc, t->name, chunk, chunk_buf, in_chunk);
    char hex[65];
    if (!rc) rc = table_hash_end(h, hex);
    if (!rc) {
        t->rows = rows;
        free(t->digest);
        if (!(t->digest = strdup(hex))) rc = dft_error_set(DFT_ENOMEM, "out of memory sealing rows");
    }
    sqlite3_finalize(st);
    free(sql);
    free(cols);
    free(store);
    return rc;
}

/* Seals one scope: replaces its seal_tables/seal_chunks rows, then appends the audit row. */
static int seal_scope(dft_store *s, scope sc, const char *action, json_t *detail)
{
    table_list l;
    int rc = discover(s, sc, &l);
    if (rc) return rc;
    seal_hash h = { 0 };
    sqlite3_stmt *del = NULL, *ins = NULL, *tab = NULL;
    uint8_t *chunk_buf = malloc((size_t)SEAL_CHUNK_ROWS * SEAL_ENTRY);
    rc = hash_open(&h);
    if (!rc && !chunk_buf) rc = dft_error_set(DFT_ENOMEM, "out of memory sealing rows");
    if (!rc) rc = prepare(s, "DELETE FROM seal_tables WHERE evidence_id IS ?1", &del);
    if (!rc) {
        bind_scope(del, 1, sc);
        if (sqlite3_step(del) != SQLITE_DONE) rc = store_sqlite_error(s, "seal_tables");
        sqlite3_finalize(del);
        del = NULL;
    }
    if (!rc) rc = prepare(s, "DELETE FROM seal_chunks WHERE evidence_id IS ?1", &del);
    if (!rc) {
        bind_scope(del, 1, sc);
        if (sqlite3_step(del) != SQLITE_DONE) rc = store_sqlite_error(s, "seal_chunks");
    }
    if (!rc) rc = prepare(s, "INSERT INTO seal_chunks(evidence_id, tbl, chunk, rows, entries) VALUES (?,?,?,?,?)", &ins);
    if (!rc)
        rc = prepare(s, "INSERT INTO seal_tables(evidence_id, tbl, selector, columns, rows, digest)"
                        " VALUES (?,?,?,?,?,?)", &tab);
    int64_t total = 0;
    for (size_t i = 0; !rc && i < l.n; i++) {
        seal_table *t = &l.t[i];
        rc = seal_table_rows(s, &h, t, sc, ins, chunk_buf);
        if (rc) break;
        total += t->rows;
        bind_scope(tab, 1, sc);
        sqlite3_bind_text(tab, 2, t->name, -1, SQLITE_STATIC);
        sqlite3_bind_text(tab, 3, sel_names[t->sel], -1, SQLITE_STATIC);
        sqlite3_bind_text(tab, 4, t->columns, -1, SQLITE_STATIC);
        sqlite3_bind_int64(tab, 5, t->rows);
        sqlite3_bind_text(tab, 6, t->digest, -1, SQLITE_STATIC);
        if (sqlite3_step(tab) != SQLITE_DONE) rc = store_sqlite_error(s, "seal_tables");
        sqlite3_reset(tab);
    }
    char digest[65];
    if (!rc) rc = seal_digest(&l, sc, digest);
    if (!rc) {
        json_object_set_new(detail, "tables", json_integer((json_int_t)l.n));
        json_object_set_new(detail, "rows", json_integer((json_int_t)total));
        json_object_set_new(detail, "digest", json_string(digest));
        char *text = json_dumps(detail, JSON_COMPACT | JSON_PRESERVE_ORDER);
        rc = text ? dft_store_audit(s, action, text) : dft_error_set(DFT_ENOMEM, "out of memory sealing rows");
        free(text);
    }
    sqlite3_finalize(del);
    sqlite3_finalize(ins);
    sqlite3_finalize(tab);
    hash_close(&h);
    free(chunk_buf);
    tables_free(&l);
    return rc;
}

int dft_store_seal_evidence(dft_store *s, int64_t evidence_id, const char *note)
{
    bool opened;
    int rc = store_txn_begin(s, &opened);
    if (rc) return rc;
    sqlite3_stmt *st = NULL;
    rc = prepare(s, "SELECT status FROM evidence WHERE id = ?1", &st);
    if (!rc) {
        sqlite3_bind_int64(st, 1, evidence_id);
        int src = sqlite3_step(st);
        const char *status = src == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
        if (src != SQLITE_ROW && src != SQLITE_DONE)
            rc = store_sqlite_error(s, "evidence");
        else if (src == SQLITE_DONE)
            rc = dft_error_set(DFT_ENOTFOUND, "%s: no evidence %lld", s->path, (long long)evidence_id);
        else if (!status || strcmp(status, "complete") != 0)
            rc = dft_error_set(DFT_ERROR, "%s: evidence %lld is not complete; only a complete item is sealed",
                               s->path, (long long)evidence_id);
    }
    sqlite3_finalize(st);
    if (!rc) {
        json_t *d = json_object();
        json_object_set_new(d, "evidence_id", json_integer((json_int_t)evidence_id));
        if (note) json_object_set_new(d, "note", json_string(note));
        rc = d ? seal_scope(s, (scope){ .id = evidence_id }, "evidence.seal", d)
               : dft_error_set(DFT_ENOMEM, "out of memory sealing rows");
        json_decref(d);
    }
    return store_txn_end(s, opened, rc);
}

int dft_store_seal_case(dft_store *s, int64_t run_id)
{
    bool opened;
    int rc = store_txn_begin(s, &opened);
    if (rc) return rc;
    json_t *d = json_object();
    if (d) json_object_set_new(d, "run_id", json_integer((json_int_t)run_id));
    rc = d ? seal_scope(s, (scope){ .is_case = true }, "case.seal", d)
           : dft_error_set(DFT_ENOMEM, "out of memory sealing rows");
    json_decref(d);
    return store_txn_end(s, opened, rc);
}

/* ---- Verify --------------------------------------------------------------------------------- */

typedef struct seal_ref {
    int64_t evidence_id, seq;
    char digest[65];
} seal_ref;

typedef struct verify_state {
    dft_store *s;
    dft_seal_report_fn report;
    void *payload;
    int64_t failures;
    int lines;          /* failure lines of the current scope */
    int64_t suppressed; /* failure lines of the current scope not printed */
    char scope[64];
} verify_state;

static void fail_line(verify_state *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fail_line(verify_state *v, const char *fmt, ...)
{
    v->failures++;
    if (v->lines >= SEAL_MAX_LINES) {
        v->suppressed++;
        return;
    }
    v->lines++;
    char line[1024];
    int n = snprintf(line, sizeof line, "%s: ", v->scope);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
    va_end(ap);
    v->report(v->payload, false, line);
}

static void scope_begin(verify_state *v, scope sc)
{
    scope_name(v->scope, sizeof v->scope, sc);
    v->lines = 0;
    v->suppressed = 0;
}

/* Ends a scope's lines; an OK line when nothing failed. */
static void scope_end(verify_state *v, int64_t failures_before, const char *ok_line)
{
    if (v->suppressed) {
        char line[160];
        snprintf(line, sizeof line, "%s: %lld more sealed-row failures not shown", v->scope,
                 (long long)v->suppressed);
        v->report(v->payload, false, line);
    }
    if (v->failures == failures_before && ok_line) v->report(v->payload, true, ok_line);
}

/* The last evidence.seal of each item and the last case.seal, from the audit log. */
static int load_seals(dft_store *s, seal_ref **out, size_t *n, seal_ref *case_seal)
{
    *out = NULL;
    *n = 0;
    memset(case_seal, 0, sizeof *case_seal);
    sqlite3_stmt *st = NULL;
    int rc = prepare(s, "SELECT seq, action, detail FROM audit_log WHERE action IN ('evidence.seal', 'case.seal')"
                        " ORDER BY seq", &st);
    size_t cap = 0;
    int src = SQLITE_DONE;
    while (!rc && (src = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t seq = sqlite3_column_int64(st, 0);
        const char *action = (const char *)sqlite3_column_text(st, 1);
        const char *detail = (const char *)sqlite3_column_text(st, 2);
        json_t *j = detail ? json_loads(detail, 0, NULL) : NULL;
        const char *digest = json_string_value(json_object_get(j, "digest"));
        json_t *eid = json_object_get(j, "evidence_id");
        bool is_case = action && strcmp(action, "case.seal") == 0;
        if (!digest || strlen(digest) != 64 || (!is_case && !json_is_integer(eid))) {
            json_decref(j);
            continue; /* a malformed seal row seals nothing; the items it was for show as not sealed */
        }
        seal_ref *r = NULL;
        if (is_case) {
            r = case_seal;
        } else {
            int64_t id = (int64_t)json_integer_value(eid);
            for (size_t i = 0; i < *n && !r; i++)
                if ((*out)[i].evidence_id == id) r = &(*out)[i];
            if (!r) {
                if (*n == cap) {
                    cap = cap ? cap * 2 : 16;
                    seal_ref *g = realloc(*out, cap * sizeof *g);
                    if (!g) {
                        json_decref(j);
                        rc = dft_error_set(DFT_ENOMEM, "out of memory");
                        break;
                    }
                    *out = g;
                }
                r = &(*out)[(*n)++];
                r->evidence_id = id;
            }
        }
        r->seq = seq;
        snprintf(r->digest, sizeof r->digest, "%s", digest);
        json_decref(j);
    }
    if (!rc && src != SQLITE_DONE) rc = store_sqlite_error(s, "audit_log");
    sqlite3_finalize(st);
    return rc;
}

/* The recorded seal_tables rows of a scope, by name. */
static int load_recorded(dft_store *s, scope sc, table_list *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = NULL;
    int rc = prepare(s, "SELECT tbl, selector, columns, rows, digest FROM seal_tables WHERE evidence_id IS ?1"
                        " ORDER BY tbl", &st);
    if (!rc) bind_scope(st, 1, sc);
    int src = SQLITE_DONE;
    while (!rc && (src = sqlite3_step(st)) == SQLITE_ROW) {
        const char *tbl = (const char *)sqlite3_column_text(st, 0);
        const char *sel = (const char *)sqlite3_column_text(st, 1);
        const char *cols = (const char *)sqlite3_column_text(st, 2);
        const char *dig = (const char *)sqlite3_column_text(st, 4);
        sel_kind k = SEL_EVIDENCE;
        for (int i = 0; i < N_SEL; i++)
            if (sel && strcmp(sel, sel_names[i]) == 0) k = (sel_kind)i;
        rc = tables_add(out, tbl ? tbl : "", cols ? cols : "", k, dig ? dig : "", sqlite3_column_int64(st, 3));
    }
    if (!rc && src != SQLITE_DONE) rc = store_sqlite_error(s, "seal_tables");
    sqlite3_finalize(st);
    if (rc) tables_free(out);
    return rc;
}

/* A cursor over the stored entries of one table (seal_chunks, by chunk). */
typedef struct entry_cursor {
    sqlite3_stmt *st;
    const uint8_t *blob;
    int n, i;
    bool done, bad;  /* bad: a chunk whose size does not fit its row count */
    EVP_MD_CTX *md;
    int64_t count;
} entry_cursor;

/* The next stored entry, or NULL at the end. */
static const uint8_t *cursor_next(entry_cursor *c)
{
    while (!c->done && c->i >= c->n) {
        if (sqlite3_step(c->st) != SQLITE_ROW) {
            c->done = true;
            return NULL;
        }
        int rows = sqlite3_column_int(c->st, 0);
        c->blob = sqlite3_column_blob(c->st, 1);
        int bytes = sqlite3_column_bytes(c->st, 1);
        if (rows < 0 || bytes != rows * SEAL_ENTRY) c->bad = true;
        c->n = bytes / SEAL_ENTRY;
        c->i = 0;
    }
    if (c->done) return NULL;
    const uint8_t *e = c->blob + (size_t)c->i++ * SEAL_ENTRY;
    EVP_DigestUpdate(c->md, e, SEAL_ENTRY);
    c->count++;
    return e;
}

/* Recomputes one table of a scope and merges it with its stored entries by rowid.
 * recorded = false: a table the seal does not list; every row of the scope is "not sealed". */
static int verify_table(verify_state *v, seal_hash *h, const seal_table *t, scope sc, bool recorded,
                        int64_t *rows_out)
{
    dft_store *s = v->s;
    char *store = NULL, **cols = NULL, *sql = NULL;
    int n = 0;
    sqlite3_stmt *st = NULL;
    entry_cursor c = { 0 };
    c.md = EVP_MD_CTX_new();
    int rc = c.md ? DFT_OK : dft_error_set(DFT_ENOMEM, "out of memory");
    if (!rc) rc = split_columns(t->columns, &store, &cols, &n);
    if (!rc && !(sql = select_sql(t, cols, n, sc))) rc = dft_error_set(DFT_ENOMEM, "out of memory");
    if (!rc && sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        fail_line(v, "table %s cannot be read (%s): its %lld sealed rows are missing", t->name,
                  sqlite3_errmsg(s->db), (long long)t->rows);
        goto out;
    }
    if (!rc) rc = prepare(s, "SELECT rows, entries FROM seal_chunks WHERE evidence_id IS ?1 AND tbl = ?2"
                             " ORDER BY chunk", &c.st);
    if (rc) goto out;
    if (!sc.is_case) sqlite3_bind_int64(st, 1, sc.id);
    bind_scope(c.st, 1, sc);
    sqlite3_bind_text(c.st, 2, t->name, -1, SQLITE_STATIC);
    c.done = !recorded;
    EVP_DigestInit_ex(c.md, EVP_sha256(), NULL);
    rc = table_hash_begin(h);

    const uint8_t *stored = rc ? NULL : cursor_next(&c);
    int64_t diffs = 0;
    uint8_t cur[SEAL_ENTRY];
    bool have_cur = false;
    int src = SQLITE_DONE;
    int64_t rows = 0;
    for (;;) {
        if (!rc && !have_cur) {
            src = sqlite3_step(st);
            if (src == SQLITE_ROW) {
                rc = row_entry(h, t->name, st, cols, n, cur);
                if (!rc) EVP_DigestUpdate(h->table, cur, SEAL_ENTRY);
                have_cur = !rc;
                rows++;
            } else if (src != SQLITE_DONE) {
                rc = store_sqlite_error(s, t->name);
            }
        }
        if (rc || (!have_cur && !stored)) break;
        int64_t cid = have_cur ? from_be64(cur) : 0, sid = stored ? from_be64(stored) : 0;
        if (have_cur && stored && cid == sid) {
            if (memcmp(cur + 8, stored + 8, SEAL_DIGEST) != 0) {
                fail_line(v, "table %s row %lld changed", t->name, (long long)cid);
                diffs++;
            }
            have_cur = false;
            stored = cursor_next(&c);
        } else if (have_cur && (!stored || cid < sid)) {
            fail_line(v, "table %s row %lld not sealed", t->name, (long long)cid);
            diffs++;
            have_cur = false;
        } else {
            fail_line(v, "table %s row %lld missing", t->name, (long long)sid);
            diffs++;
            stored = cursor_next(&c);
        }
    }
    if (!rc && recorded) {
        char now[65], kept[65];
        uint8_t md[EVP_MAX_MD_SIZE];
        unsigned mdlen = 0;
        rc = table_hash_end(h, now);
        EVP_DigestFinal_ex(c.md, md, &mdlen);
        dft_hex(kept, md, 32);
        /* The stored entries must be the ones the seal digest covers; else the row names above
         * cannot be trusted. */
        if (!rc && (c.bad || c.count != t->rows || strcmp(kept, t->digest) != 0))
            fail_line(v, "seal_chunks of table %s changed: the stored row digests do not match the seal",
                      t->name);
        else if (!rc && strcmp(now, t->digest) != 0 && !diffs)
            fail_line(v, "table %s rows differ from the seal", t->name);
    }
    *rows_out = rows;
out:
    sqlite3_finalize(st);
    sqlite3_finalize(c.st);
    EVP_MD_CTX_free(c.md);
    free(sql);
    free(cols);
    free(store);
    return rc;
}

/* Rows of the scope in tables that are in the schema now but not in the seal. */
static int verify_unrecorded(verify_state *v, seal_hash *h, const table_list *recorded, scope sc)
{
    table_list now;
    int rc = discover(v->s, sc, &now);
    for (size_t i = 0; !rc && i < now.n; i++) {
        int64_t rows = 0;
        if (now.t[i].sel != SEL_ALL && !tables_find(recorded, now.t[i].name))
            rc = verify_table(v, h, &now.t[i], sc, false, &rows);
    }
    tables_free(&now);
    return rc;
}

static int verify_scope(verify_state *v, scope sc, const seal_ref *ref)
{
    int64_t before = v->failures;
    scope_begin(v, sc);
    table_list rec;
    int rc = load_recorded(v->s, sc, &rec);
    if (rc) return rc;
    char digest[65];
    rc = seal_digest(&rec, sc, digest);
    if (!rc && strcmp(digest, ref->digest) != 0)
        fail_line(v, "seal_tables do not match the seal in audit row seq %lld", (long long)ref->seq);
    seal_hash h = { 0 };
    if (!rc) rc = hash_open(&h);
    int64_t total = 0;
    for (size_t i = 0; !rc && i < rec.n; i++) {
        int64_t rows = 0;
        rc = verify_table(v, &h, &rec.t[i], sc, true, &rows);
        total += rows;
    }
    if (!rc) rc = verify_unrecorded(v, &h, &rec, sc);
    hash_close(&h);
    char ok[200];
    snprintf(ok, sizeof ok, "%s sealed rows OK (%zu tables, %lld rows; seal at audit seq %lld)", v->scope, rec.n,
             (long long)total, (long long)ref->seq);
    if (!rc) scope_end(v, before, ok);
    tables_free(&rec);
    return rc;
}

/* Case scope with no case.seal: every case-level row is "not sealed". */
static int verify_case_unsealed(verify_state *v)
{
    scope sc = { .is_case = true };
    int64_t before = v->failures;
    scope_begin(v, sc);
    table_list none = { 0 };
    seal_hash h = { 0 };
    int rc = hash_open(&h);
    if (!rc) rc = verify_unrecorded(v, &h, &none, sc);
    hash_close(&h);
    if (!rc) scope_end(v, before, NULL);
    return rc;
}

/* Rows that point at an evidence item that is not in the case (and has no seal). */
static int verify_orphans(verify_state *v, const char *known)
{
    scope sc = { .id = 0 };
    table_list l;
    int64_t before = v->failures;
    snprintf(v->scope, sizeof v->scope, "case");
    v->lines = 0;
    v->suppressed = 0;
    int rc = discover(v->s, sc, &l);
    for (size_t i = 0; !rc && i < l.n; i++) {
        const seal_table *t = &l.t[i];
        if (t->sel == SEL_ID || t->sel == SEL_ALL) continue;
        size_t cap = strlen(t->name) * 2 + strlen(known) * 2 + 200;
        char *sql = malloc(cap);
        if (!sql) {
            rc = dft_error_set(DFT_ENOMEM, "out of memory");
            break;
        }
        if (t->sel == SEL_EVIDENCE)
            snprintf(sql, cap, "SELECT rowid, evidence_id FROM \"%s\" WHERE evidence_id IS NOT NULL"
                     " AND evidence_id NOT IN (%s) ORDER BY rowid", t->name, known);
        else
            snprintf(sql, cap, "SELECT rowid, file_id FROM \"%s\" WHERE file_id IS NOT NULL AND file_id NOT IN"
                     " (SELECT id FROM files WHERE evidence_id IN (%s)) ORDER BY rowid", t->name, known);
        sqlite3_stmt *st = NULL;
        rc = prepare(v->s, sql, &st);
        while (!rc && sqlite3_step(st) == SQLITE_ROW)
            fail_line(v, "table %s row %lld not sealed (%s %lld belongs to no evidence item)", t->name,
                      (long long)sqlite3_column_int64(st, 0), t->sel == SEL_EVIDENCE ? "evidence_id" : "file_id",
                      (long long)sqlite3_column_int64(st, 1));
        sqlite3_finalize(st);
        free(sql);
    }
    tables_free(&l);
    if (!rc) scope_end(v, before, NULL);
    return rc;
}

/* Appends ",id" to the malloc'd list *known (length *len, capacity *cap). */
static int known_add(char **known, size_t *len, size_t *cap, int64_t id)
{
    if (*len + 24 > *cap) {
        size_t ncap = *cap * 2 + 64;
        char *g = realloc(*known, ncap);
        if (!g) return dft_error_set(DFT_ENOMEM, "out of memory");
        *known = g;
        *cap = ncap;
    }
    *len += (size_t)sprintf(*known + *len, "%s%lld", *len ? "," : "", (long long)id);
    return DFT_OK;
}

int dft_store_seal_verify(dft_store *s, dft_seal_report_fn report, void *payload, int64_t *failures)
{
    verify_state v = { .s = s, .report = report, .payload = payload };
    seal_ref *seals = NULL, case_seal;
    size_t n = 0;
    char *known = NULL;
    int rc = load_seals(s, &seals, &n, &case_seal);

    /* every evidence row: complete ones must have a seal; all are "known" ids for the orphan check */
    sqlite3_stmt *st = NULL;
    size_t klen = 0, kcap = 0;
    if (!rc) rc = prepare(s, "SELECT id, status FROM evidence ORDER BY id", &st);
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        const char *status = (const char *)sqlite3_column_text(st, 1);
        bool sealed = false;
        for (size_t i = 0; i < n && !sealed; i++) sealed = seals[i].evidence_id == id;
        if (!sealed && status && strcmp(status, "complete") == 0) {
            scope_begin(&v, (scope){ .id = id });
            fail_line(&v, "table evidence row %lld not sealed (complete item without an evidence.seal audit row)",
                      (long long)id);
        }
        rc = known_add(&known, &klen, &kcap, id);
    }
    sqlite3_finalize(st);
    for (size_t i = 0; !rc && i < n; i++) rc = known_add(&known, &klen, &kcap, seals[i].evidence_id);
    for (size_t i = 0; !rc && i < n; i++) rc = verify_scope(&v, (scope){ .id = seals[i].evidence_id }, &seals[i]);
    if (!rc) rc = case_seal.seq ? verify_scope(&v, (scope){ .is_case = true }, &case_seal) : verify_case_unsealed(&v);
    if (!rc) rc = verify_orphans(&v, klen ? known : "NULL");
    free(known);
    free(seals);
    if (failures) *failures = v.failures;
    if (rc) return rc;
    return v.failures ? dft_error_set(DFT_ECORRUPT, "%lld sealed-row checks failed", (long long)v.failures) : DFT_OK;
}

/* ---- Recompute over an attached database (merge) ---------------------------------------------- */

/* The seal digest of one scope of the database attached as `schema`, recomputed from its rows now
 * with the table list, selectors and columns its seal_tables recorded (those lines are covered by
 * the digest, so a changed list changes the result). Writes nothing. The merge calls it inside its
 * transaction: the rows read here are the rows it copies (one read snapshot of the shard). */
int dft_store_seal_recompute(dft_store *s, const char *schema, bool is_case, int64_t evidence_id, char out[65],
                             bool (*counted)(const char *tbl), int64_t *rows_total)
{
    *rows_total = 0;
    for (const char *p = schema; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || *p == '_'))
            return dft_error_set(DFT_ERROR, "seal recompute: bad schema name");
    scope sc = { .id = is_case ? 0 : evidence_id, .is_case = is_case };
    table_list l = { 0 };
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT tbl, selector, columns FROM %s.seal_tables WHERE evidence_id IS ?1"
                              " ORDER BY tbl", schema);
    sqlite3_stmt *st = NULL;
    int rc = prepare(s, sql, &st);
    if (!rc) bind_scope(st, 1, sc);
    int src = SQLITE_DONE;
    while (!rc && (src = sqlite3_step(st)) == SQLITE_ROW) {
        const char *tbl = (const char *)sqlite3_column_text(st, 0);
        const char *sel = (const char *)sqlite3_column_text(st, 1);
        const char *cols = (const char *)sqlite3_column_text(st, 2);
        sel_kind k = SEL_EVIDENCE;
        for (int i = 0; i < N_SEL; i++)
            if (sel && strcmp(sel, sel_names[i]) == 0) k = (sel_kind)i;
        rc = tables_add(&l, tbl ? tbl : "", cols ? cols : "", k, NULL, 0);
    }
    if (!rc && src != SQLITE_DONE) rc = store_sqlite_error(s, "seal_tables");
    sqlite3_finalize(st);
    st = NULL;
    seal_hash h = { 0 };
    if (!rc) rc = hash_open(&h);
    for (size_t i = 0; !rc && i < l.n; i++) {
        seal_table *t = &l.t[i];
        char *store = NULL, **cols = NULL, *q = NULL;
        int n = 0;
        rc = split_columns(t->columns, &store, &cols, &n);
        if (!rc && !(q = select_sql_in(schema, t, cols, n, sc))) rc = dft_error_set(DFT_ENOMEM, "out of memory");
        /* a recorded table or column that is not there any more: the digest cannot match */
        if (!rc && sqlite3_prepare_v2(s->db, q, -1, &st, NULL) != SQLITE_OK)
            rc = dft_error_set(DFT_ECORRUPT, "sealed table %s cannot be read: %s", t->name, sqlite3_errmsg(s->db));
        if (!rc && !sc.is_case) sqlite3_bind_int64(st, 1, sc.id);
        if (!rc) rc = table_hash_begin(&h);
        int64_t rows = 0;
        uint8_t e[SEAL_ENTRY];
        while (!rc && (src = sqlite3_step(st)) == SQLITE_ROW) {
            rc = row_entry(&h, t->name, st, cols, n, e);
            if (!rc) EVP_DigestUpdate(h.table, e, SEAL_ENTRY);
            rows++;
        }
        if (!rc && src != SQLITE_DONE) rc = store_sqlite_error(s, t->name);
        char hex[65];
        if (!rc) rc = table_hash_end(&h, hex);
        if (!rc) {
            t->rows = rows;
            if (!counted || counted(t->name)) *rows_total += rows;
            free(t->digest);
            if (!(t->digest = strdup(hex))) rc = dft_error_set(DFT_ENOMEM, "out of memory");
        }
        sqlite3_finalize(st);
        st = NULL;
        free(q);
        free(cols);
        free(store);
    }
    if (!rc) rc = seal_digest(&l, sc, out);
    hash_close(&h);
    tables_free(&l);
    return rc;
}
