/*
 * chatdb_recover.c - deleted records for every chat parser without changing any of them (issue 13).
 * After a chat database is opened, parsers/sqlite_recover.c reads its bytes (and -wal, -journal);
 * the records it recovers are inserted into a private "merged" copy of the live database (SQLite's
 * backup API into a 0700 directory, then re-opened through sqlite_safe like any evidence database),
 * and every parser runs over that copy as before. A map (table, rowid) -> {source, completeness,
 * older_version_of} lets the chat glue mark the rows it emits as recovered.
 *
 * Rules:
 *  1. A recovered row keeps its rowid when it survived and is free in the table; otherwise (lost, or
 *     taken by the live row it is an older version of) it gets a fresh rowid above the table's max.
 *  2. LOST values are NULL; a NOT NULL column then gets 0 / '' (the row is already "partial").
 *  3. The merged copy is written with triggers off (an app's triggers must not run), defensive mode
 *     and trusted_schema off; UNIQUE indexes are dropped there (an older version repeats its row's
 *     key). Nothing touches the evidence or the live private copy.
 *  4. Without recovered records no copy is made: the live handle is used unchanged.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chatdb_int.h"
#include "error.h"
#include "sqlite_recover.h"

typedef struct mapped {
    const uint8_t *p;
    size_t n;
} mapped;

static void map_file(const char *path, mapped *m)
{
    m->p = NULL;
    m->n = 0;
    if (!path) return;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p != MAP_FAILED) {
            m->p = p;
            m->n = (size_t)st.st_size;
        }
    }
    close(fd);
}

static void unmap_file(mapped *m)
{
    if (m->p) munmap((void *)m->p, m->n);
}

/* Per table: the next fresh rowid and a prepared INSERT per record length. */
typedef struct tab_state {
    int64_t next_rowid;
    bool have_max;
    bool unique_dropped;
    sqlite3_stmt *ins[4];
    int ins_n[4];
    sqlite3_stmt *taken;         /* SELECT 1 ... WHERE rowid=? */
} tab_state;

typedef struct rec_run {
    dft_chatdb_rec *rec;
    const dft_sqlrec_schema *schema;
    sqlite3 *out;                /* the merged copy, writable, or NULL until the first record */
    sqlite3 *live;
    char dir[4200], path[4300];
    const char *temp_dir;
    const dft_sqlite_opts *base;
    tab_state *tabs;
    int enc;
    int rc;
} rec_run;

static int make_merged(rec_run *r)
{
    const char *base = r->temp_dir ? r->temp_dir : getenv("TMPDIR");
    if (!base || !*base) base = "/tmp";
    snprintf(r->dir, sizeof r->dir, "%s/dft-recover-XXXXXX", base);
    if (!mkdtemp(r->dir)) return dft_error_set(DFT_EIO, "recovery: cannot make a private directory in %s", base);
    snprintf(r->path, sizeof r->path, "%s/merged.db", r->dir);
    if (sqlite3_open_v2(r->path, &r->out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW, NULL) !=
        SQLITE_OK)
        return dft_error_set(DFT_EIO, "recovery: cannot create the merged copy");
    sqlite3_db_config(r->out, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    sqlite3_db_config(r->out, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
    sqlite3_db_config(r->out, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
    sqlite3_db_config(r->out, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
    sqlite3_db_config(r->out, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
    sqlite3_backup *b = sqlite3_backup_init(r->out, "main", r->live, "main");
    if (!b) return dft_error_set(DFT_EIO, "recovery: backup: %s", sqlite3_errmsg(r->out));
    int brc = sqlite3_backup_step(b, -1);
    sqlite3_backup_finish(b);
    if (brc != SQLITE_DONE) return dft_error_set(DFT_EIO, "recovery: backup failed (%d)", brc);
    sqlite3_exec(r->out, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA ignore_check_constraints=ON;"
                         "BEGIN",
                 NULL, NULL, NULL);
    return DFT_OK;
}

/* Drops the UNIQUE indexes of table t in the merged copy (rule 3). */
static void drop_unique(rec_run *r, const char *table)
{
    sqlite3_stmt *st = NULL;
    char **names = NULL;
    size_t n = 0;
    if (sqlite3_prepare_v2(r->out,
                           "SELECT name FROM sqlite_master WHERE type='index' AND tbl_name=?1 AND sql IS NOT NULL "
                           "AND upper(sql) LIKE 'CREATE UNIQUE%'",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
        while (sqlite3_step(st) == SQLITE_ROW && n < 64) {
            char **nn = realloc(names, (n + 1) * sizeof *nn);
            if (!nn) break;
            names = nn;
            names[n++] = strdup((const char *)sqlite3_column_text(st, 0));
        }
    }
    sqlite3_finalize(st);
    for (size_t i = 0; i < n; i++) {
        if (names[i] && !strchr(names[i], '"')) {
            char *sql = sqlite3_mprintf("DROP INDEX \"%w\"", names[i]);
            if (sql) sqlite3_exec(r->out, sql, NULL, NULL, NULL);
            sqlite3_free(sql);
        }
        free(names[i]);
    }
    free(names);
}

static sqlite3_stmt *insert_stmt(rec_run *r, size_t t, int nvals)
{
    tab_state *ts = &r->tabs[t];
    for (int i = 0; i < 4; i++)
        if (ts->ins[i] && ts->ins_n[i] == nvals) return ts->ins[i];
    const dft_sqlrec_table *tb = &r->schema->tables[t];
    char *cols = sqlite3_mprintf("rowid");
    char *vals = sqlite3_mprintf("?");
    for (int j = 0; j < nvals && cols && vals; j++) {
        if (tb->cols[j].ipk) continue;
        char *c2 = sqlite3_mprintf("%s,\"%w\"", cols, tb->cols[j].name);
        char *v2 = sqlite3_mprintf("%s,?", vals);
        sqlite3_free(cols);
        sqlite3_free(vals);
        cols = c2;
        vals = v2;
    }
    char *sql = cols && vals ? sqlite3_mprintf("INSERT INTO \"%w\"(%s) VALUES(%s)", tb->name, cols, vals) : NULL;
    sqlite3_free(cols);
    sqlite3_free(vals);
    sqlite3_stmt *st = NULL;
    if (sql) sqlite3_prepare_v2(r->out, sql, -1, &st, NULL);
    sqlite3_free(sql);
    if (!st) return NULL;
    int slot = 0;
    while (slot < 3 && ts->ins[slot]) slot++;
    sqlite3_finalize(ts->ins[slot]);
    ts->ins[slot] = st;
    ts->ins_n[slot] = nvals;
    return st;
}

static bool rowid_taken(rec_run *r, size_t t, int64_t rowid)
{
    tab_state *ts = &r->tabs[t];
    if (!ts->taken) {
        char *sql = sqlite3_mprintf("SELECT 1 FROM \"%w\" WHERE rowid=?1", r->schema->tables[t].name);
        if (sql) sqlite3_prepare_v2(r->out, sql, -1, &ts->taken, NULL);
        sqlite3_free(sql);
        if (!ts->taken) return true;
    }
    sqlite3_reset(ts->taken);
    sqlite3_bind_int64(ts->taken, 1, rowid);
    bool taken = sqlite3_step(ts->taken) == SQLITE_ROW;
    sqlite3_reset(ts->taken);
    return taken;
}

static int64_t fresh_rowid(rec_run *r, size_t t)
{
    tab_state *ts = &r->tabs[t];
    if (!ts->have_max) {
        char *sql = sqlite3_mprintf("SELECT max(rowid) FROM \"%w\"", r->schema->tables[t].name);
        sqlite3_stmt *st = NULL;
        ts->next_rowid = 1;
        if (sql && sqlite3_prepare_v2(r->out, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
            ts->next_rowid = sqlite3_column_int64(st, 0) + 1;
        sqlite3_finalize(st);
        sqlite3_free(sql);
        ts->have_max = true;
    }
    return ts->next_rowid++;
}

static void bind_values(rec_run *r, sqlite3_stmt *st, const dft_sqlrec_table *tb, const dft_sqlrec_row *row,
                        bool fill)
{
    int k = 2;
    for (int j = 0; j < row->nvals; j++) {
        if (tb->cols[j].ipk) continue;
        const dft_sqlrec_value *v = &row->vals[j];
        switch (v->type) {
        case DFT_SQLREC_INT: sqlite3_bind_int64(st, k, v->i); break;
        case DFT_SQLREC_FLOAT: sqlite3_bind_double(st, k, v->f); break;
        case DFT_SQLREC_TEXT:
            sqlite3_bind_text64(st, k, (const char *)v->p, v->n, SQLITE_TRANSIENT,
                                r->enc == 2 ? SQLITE_UTF16LE : r->enc == 3 ? SQLITE_UTF16BE : SQLITE_UTF8);
            break;
        case DFT_SQLREC_BLOB: sqlite3_bind_blob64(st, k, v->p, v->n, SQLITE_TRANSIENT); break;
        default:
            /* NULL or LOST; a NOT NULL column refused it once: the type's zero (rule 2) */
            if (fill && tb->cols[j].affinity == 'T') sqlite3_bind_text(st, k, "", 0, SQLITE_STATIC);
            else if (fill) sqlite3_bind_int(st, k, 0);
            else sqlite3_bind_null(st, k);
        }
        k++;
    }
}

int dft_chatdb_rec_add(dft_chatdb_rec *r, const char *table, int64_t rowid, const char *source, const char *kind,
                       const char *completeness, const char *missing, int64_t older_of)
{
    const char *tn = NULL;
    for (size_t i = 0; i < r->ntables && !tn; i++)
        if (strcmp(r->tables[i], table) == 0) tn = r->tables[i];
    if (!tn) {
        char **nt = realloc(r->tables, (r->ntables + 1) * sizeof *nt);
        if (!nt) return dft_error_set(DFT_ENOMEM, "out of memory");
        r->tables = nt;
        if (!(r->tables[r->ntables] = strdup(table))) return dft_error_set(DFT_ENOMEM, "out of memory");
        tn = r->tables[r->ntables++];
    }
    if (r->n == r->cap) {
        size_t nc = r->cap ? r->cap * 2 : 256;
        dft_chatdb_rec_entry *ne = realloc(r->e, nc * sizeof *ne);
        if (!ne) return dft_error_set(DFT_ENOMEM, "out of memory");
        r->e = ne;
        r->cap = nc;
    }
    dft_chatdb_rec_entry *e = &r->e[r->n++];
    e->table = tn;
    e->rowid = rowid;
    snprintf(e->source, sizeof e->source, "%s", source);
    snprintf(e->kind, sizeof e->kind, "%s", kind);
    e->completeness = completeness;
    e->missing = missing;
    e->older_of = older_of;
    r->sorted = false;
    return DFT_OK;
}

void dft_chatdb_rec_free(dft_chatdb_rec *r)
{
    for (size_t i = 0; i < r->ntables; i++) free(r->tables[i]);
    free(r->tables);
    free(r->e);
    memset(r, 0, sizeof *r);
}

static int on_row(void *payload, const dft_sqlrec_row *row)
{
    rec_run *r = payload;
    dft_chatdb_rec *rec = r->rec;
    rec->records++;
    /* a record whose table cannot be told (a freed page that fits several tables) is not put in any:
     * a row of another table must never read as a message */
    if (row->table_ambiguous) {
        rec->skipped++;
        return 0;
    }
    if (!r->out) {
        int rc = make_merged(r);
        if (rc) return rc;
    }
    const dft_sqlrec_table *tb = &r->schema->tables[row->table];
    int64_t rowid;
    if (row->has_rowid && !row->older_version && !rowid_taken(r, row->table, row->rowid)) rowid = row->rowid;
    else rowid = fresh_rowid(r, row->table);
    sqlite3_stmt *st = insert_stmt(r, row->table, row->nvals);
    int src = 0;
    for (int attempt = 0; st && attempt < 3; attempt++) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        sqlite3_bind_int64(st, 1, rowid);
        bind_values(r, st, tb, row, attempt > 0);
        src = sqlite3_step(st);
        if (src == SQLITE_DONE) break;
        if ((src & 0xff) != SQLITE_CONSTRAINT) break;
        if (attempt == 1 && !r->tabs[row->table].unique_dropped) {
            sqlite3_reset(st);
            r->tabs[row->table].unique_dropped = true;
            drop_unique(r, tb->name);
            for (int i = 0; i < 4; i++) {   /* statements are recompiled against the new schema */
                sqlite3_finalize(r->tabs[row->table].ins[i]);
                r->tabs[row->table].ins[i] = NULL;
            }
            sqlite3_finalize(r->tabs[row->table].taken);
            r->tabs[row->table].taken = NULL;
            st = insert_stmt(r, row->table, row->nvals);
        }
    }
    if (st) sqlite3_reset(st);
    if (!st || src != SQLITE_DONE) {
        rec->skipped++;
        return 0;
    }
    return dft_chatdb_rec_add(rec, tb->name, rowid, row->source, row->source_kind, row->completeness, row->missing,
                              row->older_version ? row->older_of : -1);
}

static void on_warning(void *payload, const char *message)
{
    rec_run *r = payload;
    r->rec->warnings++;
    if (!r->rec->first_warning[0]) snprintf(r->rec->first_warning, sizeof r->rec->first_warning, "%s", message);
}

static bool on_cancel(void *payload)
{
    rec_run *r = payload;
    return r->base->cancelled && r->base->cancelled(r->base->payload);
}

int dft_chatdb_rec_build(dft_chatdb_rec *rec, dft_sqlite *live, const dft_chatdb_opts *o, const dft_sqlite_opts *base,
                         dft_sqlite **merged)
{
    *merged = NULL;
    dft_sqlrec_schema schema;
    sqlite3 *ldb = dft_sqlite_db(live);
    int rc = dft_sqlrec_schema_load(ldb, &schema);
    if (rc) return rc;
    mapped db, wal, jr;
    map_file(o->path, &db);
    map_file(o->wal_path, &wal);
    map_file(o->journal_path, &jr);
    rec_run r = { .rec = rec, .schema = &schema, .live = ldb, .temp_dir = o->temp_dir, .base = base };
    r.tabs = calloc(schema.ntables + 1, sizeof *r.tabs);
    if (!r.tabs) {
        rc = dft_error_set(DFT_ENOMEM, "out of memory");
        goto done;
    }
    /* the encoding decides how recovered text is bound; it is in the header (offset 56) */
    r.enc = 1;
    if (db.n >= 100) {
        uint32_t e = (uint32_t)db.p[56] << 24 | (uint32_t)db.p[57] << 16 | (uint32_t)db.p[58] << 8 | db.p[59];
        if (e == 2 || e == 3) r.enc = (int)e;
    }
    dft_sqlrec_opts so = { .db = db.p, .db_len = db.n, .wal = wal.p, .wal_len = wal.n, .journal = jr.p,
                           .journal_len = jr.n, .tables = schema.tables, .ntables = schema.ntables,
                           .time_budget_ms = o->time_budget_ms, .cancelled = on_cancel,
                           .warning = on_warning, .payload = &r };
    dft_sqlrec_stats st;
    rc = dft_sqlrec_run(&so, on_row, &r, &st);
    rec->ran = true;
    rec->truncated = st.truncated;
    rec->duplicates = st.duplicates;
    if (rc == DFT_ECORRUPT) rc = DFT_OK;   /* the live database opened: damage here is a warning */
    if (r.out) {
        for (size_t t = 0; t < schema.ntables; t++) {
            for (int i = 0; i < 4; i++) sqlite3_finalize(r.tabs[t].ins[i]);
            sqlite3_finalize(r.tabs[t].taken);
        }
        if (sqlite3_exec(r.out, "COMMIT", NULL, NULL, NULL) != SQLITE_OK && rc == DFT_OK)
            rc = dft_error_set(DFT_EIO, "recovery: merged copy: %s", sqlite3_errmsg(r.out));
        sqlite3_close(r.out);
        if (rc == DFT_OK) {
            dft_sqlite_opts sq = *base;
            sq.wal_path = NULL;
            rc = dft_sqlite_open(merged, r.path, &sq);
        }
        unlink(r.path);
        rmdir(r.dir);
    }
done:
    free(r.tabs);
    unmap_file(&db);
    unmap_file(&wal);
    unmap_file(&jr);
    dft_sqlrec_schema_free(&schema);
    return rc;
}
