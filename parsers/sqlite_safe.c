/*
 * sqlite_safe.c - hardened opening of evidence SQLite databases (sqlite_safe.h).
 */
#include "sqlite_safe.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "tempdir.h"

enum stop_reason { STOP_NONE, STOP_CANCEL, STOP_TIME, STOP_STEPS, STOP_MEMORY };

struct dft_sqlite {
    sqlite3 *db;
    char *dir;                   /* the private 0700 directory holding the copy */
    char *name;                  /* the evidence path, for messages */
    dft_sqlite_opts o;
    /* budget accounting (progress handler) */
    uint64_t steps;
    int64_t busy_ns;             /* time inside checked calls that have ended */
    int64_t call_start;          /* start of the checked call in progress, 0 when none */
    int64_t last_tick;           /* last handler call outside checked calls */
    int64_t mem_base;
    enum stop_reason stop;
};

static int64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t busy_now(dft_sqlite *h, int64_t now)
{
    return h->busy_ns + (h->call_start ? now - h->call_start : 0);
}

/* The progress handler: nonzero stops the statement with SQLITE_INTERRUPT. */
static int on_progress(void *arg)
{
    dft_sqlite *h = arg;
    int64_t now = mono_ns();
    h->steps += DFT_SQLITE_PROGRESS_OPS;
    if (!h->call_start) {
        /* raw sqlite3_step by a caller: count short gaps between ticks as busy time */
        if (h->last_tick && now - h->last_tick < 50000000) h->busy_ns += now - h->last_tick;
        h->last_tick = now;
    }
    if ((h->o.interrupt && *h->o.interrupt) || (h->o.cancelled && h->o.cancelled(h->o.payload)))
        h->stop = STOP_CANCEL;
    else if (busy_now(h, now) > (int64_t)h->o.time_budget_ms * 1000000)
        h->stop = STOP_TIME;
    else if (h->steps > h->o.step_budget)
        h->stop = STOP_STEPS;
    else if (sqlite3_memory_used() - h->mem_base > (int64_t)h->o.max_memory_bytes)
        h->stop = STOP_MEMORY;
    return h->stop != STOP_NONE;
}

/* Maps the connection's last error (src) to a DFT code with a message (invariant 1). */
static int sql_error(dft_sqlite *h, int src, const char *what)
{
    int prim = src & 0xff;
    const char *msg = sqlite3_errmsg(h->db);
    if (prim == SQLITE_INTERRUPT || h->stop != STOP_NONE) {
        switch (h->stop) {
        case STOP_TIME:
            return dft_error_set(DFT_ECORRUPT, "%s: %s stopped: time budget of %u ms inside SQLite used up", h->name,
                                 what, h->o.time_budget_ms);
        case STOP_STEPS:
            return dft_error_set(DFT_ECORRUPT, "%s: %s stopped: step budget of %llu SQLite operations used up",
                                 h->name, what, (unsigned long long)h->o.step_budget);
        case STOP_MEMORY:
            return dft_error_set(DFT_ECORRUPT, "%s: %s stopped: SQLite memory budget of %llu bytes used up",
                                 h->name, what, (unsigned long long)h->o.max_memory_bytes);
        default:
            return dft_error_set(DFT_ECANCELLED, "%s: %s interrupted", h->name, what);
        }
    }
    if (prim == SQLITE_TOOBIG)
        return dft_error_set(DFT_ECORRUPT, "%s: %s: a value or row is larger than the %d-byte limit", h->name,
                             what, h->o.max_value_bytes);
    if (prim == SQLITE_NOMEM) return dft_error_set(DFT_ENOMEM, "%s: %s: out of memory", h->name, what);
    if (prim == SQLITE_IOERR || prim == SQLITE_CANTOPEN || prim == SQLITE_FULL)
        return dft_error_set(DFT_EIO, "%s: %s: %s", h->name, what, msg);
    return dft_error_set(DFT_ECORRUPT, "%s: %s: %s", h->name, what, msg);
}

/* The bytes of a database that SQLite reads: the in-header database size (page count x page size) when
 * the header says it is valid (offset 92 == offset 24), else the file's size. A sparse or padded file of
 * terabytes with a small database in front is copied as the small database. */
static uint64_t db_bytes(int fd, uint64_t file_size)
{
    unsigned char h[100];
    if (pread(fd, h, sizeof h, 0) != (ssize_t)sizeof h || memcmp(h, "SQLite format 3", 16) != 0) return file_size;
    uint32_t ps = ((uint32_t)h[16] << 8) | h[17];
    uint64_t page = ps == 1 ? 65536 : ps;
    uint32_t pages = ((uint32_t)h[28] << 24) | ((uint32_t)h[29] << 16) | ((uint32_t)h[30] << 8) | h[31];
    bool valid = memcmp(h + 24, h + 92, 4) == 0 && pages > 0 && page >= 512 && (page & (page - 1)) == 0;
    return valid && page * pages < file_size ? page * pages : file_size;
}

/* Copies src into dst (created 0600, O_EXCL): a database as far as its header says (db = true), a WAL
 * whole; the stop flags are polled every 4 MiB so a signal stops a large copy at once. */
static int copy_file(const char *src, const char *dst, bool db, const dft_sqlite_opts *o)
{
    int in = open(src, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (in < 0)
        return dft_error_set(errno == ENOENT ? DFT_ENOTFOUND : DFT_EIO, "%s: %s", src, strerror(errno));
    struct stat st;
    if (fstat(in, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(in);
        return dft_error_set(DFT_EIO, "%s: not a regular file", src);
    }
    uint64_t want = db ? db_bytes(in, (uint64_t)st.st_size) : (uint64_t)st.st_size;
    int out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (out < 0) {
        int rc = dft_error_set(DFT_EIO, "%s: cannot make a private copy: %s", dst, strerror(errno));
        close(in);
        return rc;
    }
    static _Thread_local char buf[1 << 16];
    int rc = DFT_OK;
    uint64_t copied = 0;
    for (unsigned n = 0; copied < want; n++) {
        if ((n & 63) == 0 && ((o->interrupt && *o->interrupt) || (o->cancelled && o->cancelled(o->payload)))) {
            rc = dft_error_set(DFT_ECANCELLED, "%s: stopped while making the private copy", src);
            break;
        }
        size_t ask = want - copied < sizeof buf ? (size_t)(want - copied) : sizeof buf;
        ssize_t r = read(in, buf, ask);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            rc = dft_error_set(DFT_EIO, "%s: read: %s", src, strerror(errno));
            break;
        }
        if (r == 0) break;
        for (ssize_t done = 0; done < r;) {
            ssize_t w = write(out, buf + done, (size_t)(r - done));
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) {
                rc = dft_error_set(DFT_EIO, "%s: cannot make a private copy: %s", dst,
                                   w < 0 ? strerror(errno) : "short write");
                break;
            }
            done += w;
        }
        if (rc) break;
        copied += (uint64_t)r;
    }
    close(in);
    if (close(out) != 0 && !rc) rc = dft_error_set(DFT_EIO, "%s: %s", dst, strerror(errno));
    return rc;
}

/* "file:<path, percent-encoded>?<query>", sqlite3_malloc'd. */
static char *file_uri(const char *path, const char *query)
{
    size_t n = strlen(path);
    char *u = sqlite3_malloc64(n * 3 + strlen(query) + 16), *w = u;
    if (!u) return NULL;
    w += sprintf(w, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p == '%' || *p == '?' || *p == '#' || *p < 0x21 || *p >= 0x7f) w += sprintf(w, "%%%02X", *p);
        else *w++ = (char)*p;
    }
    sprintf(w, "?%s", query);
    return u;
}

static void harden(sqlite3 *db, const dft_sqlite_opts *o)
{
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)0);
    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)0);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, (int *)0);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, (int *)0);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, (int *)0);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FKEY, 0, (int *)0);
    sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, (int *)0);
    sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, (int *)0);
    sqlite3_limit(db, SQLITE_LIMIT_LENGTH, o->max_value_bytes);
    sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, 100000);
    sqlite3_limit(db, SQLITE_LIMIT_COLUMN, 2000);
    sqlite3_limit(db, SQLITE_LIMIT_EXPR_DEPTH, 200);
    sqlite3_limit(db, SQLITE_LIMIT_COMPOUND_SELECT, 50);
    sqlite3_limit(db, SQLITE_LIMIT_VDBE_OP, 250000);
    sqlite3_limit(db, SQLITE_LIMIT_FUNCTION_ARG, 32);
    sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
    sqlite3_limit(db, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 1000);
    sqlite3_limit(db, SQLITE_LIMIT_VARIABLE_NUMBER, 999);
    sqlite3_limit(db, SQLITE_LIMIT_TRIGGER_DEPTH, 1);
    sqlite3_limit(db, SQLITE_LIMIT_WORKER_THREADS, 0);
}

int dft_sqlite_open(dft_sqlite **out, const char *db_path, const dft_sqlite_opts *opts)
{
    *out = NULL;
    dft_sqlite_opts o = DFT_SQLITE_OPTS_INIT;
    if (opts) {
        if (opts->version != DFT_SQLITE_OPTS_VERSION)
            return dft_error_set(DFT_EUNSUPPORTED, "dft_sqlite_opts version %u (expected %u)", opts->version,
                                 DFT_SQLITE_OPTS_VERSION);
        o = *opts;
    }
    if (!o.time_budget_ms) o.time_budget_ms = DFT_SQLITE_DEFAULT_TIME_MS;
    if (!o.step_budget) o.step_budget = DFT_SQLITE_DEFAULT_STEPS;
    if (o.max_value_bytes <= 0) o.max_value_bytes = DFT_SQLITE_DEFAULT_VALUE_BYTES;
    if (!o.max_memory_bytes) o.max_memory_bytes = DFT_SQLITE_DEFAULT_MEMORY;

    dft_sqlite *h = calloc(1, sizeof *h);
    if (!h || !(h->name = strdup(db_path))) {
        free(h);
        return dft_error_set(DFT_ENOMEM, "out of memory");
    }
    h->o = o;
    h->o.wal_path = h->o.temp_dir = NULL; /* borrowed strings are not kept */
    int rc = dft_tempdir_make(&h->dir, o.temp_dir);
    char *copy = NULL, *wal = NULL, *uri = NULL;
    if (!rc) {
        size_t n = strlen(h->dir) + 16;
        copy = malloc(n);
        wal = malloc(n);
        if (!copy || !wal) rc = dft_error_set(DFT_ENOMEM, "out of memory");
        else {
            snprintf(copy, n, "%s/db", h->dir);
            snprintf(wal, n, "%s/db-wal", h->dir);
        }
    }
    if (!rc) rc = copy_file(db_path, copy, true, &o);
    if (!rc && o.wal_path) rc = copy_file(o.wal_path, wal, false, &o);
    if (!rc && !(uri = file_uri(copy, o.wal_path ? "mode=ro" : "mode=ro&immutable=1")))
        rc = dft_error_set(DFT_ENOMEM, "out of memory");
    if (!rc) {
        int src = sqlite3_open_v2(uri, &h->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX |
                                                   SQLITE_OPEN_PRIVATECACHE, NULL);
        if (src != SQLITE_OK)
            rc = h->db ? sql_error(h, src, "open") : dft_error_set(DFT_ENOMEM, "out of memory opening %s", db_path);
    }
    if (!rc) {
        sqlite3_extended_result_codes(h->db, 1);
        harden(h->db, &h->o);
        h->mem_base = sqlite3_memory_used();
        sqlite3_progress_handler(h->db, DFT_SQLITE_PROGRESS_OPS, on_progress, h);
        char *msg = NULL;
        int src = sqlite3_exec(h->db, "PRAGMA query_only=1; PRAGMA cell_size_check=ON; PRAGMA mmap_size=0;"
                               " PRAGMA temp_store=MEMORY; PRAGMA cache_size=-8192;", NULL, NULL, &msg);
        sqlite3_free(msg);
        if (src != SQLITE_OK) rc = sql_error(h, src, "open");
    }
    if (!rc) {
        /* read the schema now: not SQLite, or an unparsable (hostile) schema, is refused here */
        sqlite3_stmt *st = NULL;
        rc = dft_sqlite_prepare(h, &st, "SELECT count(*) FROM sqlite_master");
        if (!rc) {
            rc = dft_sqlite_step(h, st);
            if (rc == DFT_SQLITE_ROW) rc = DFT_OK;
        }
        sqlite3_finalize(st);
    }
    free(copy);
    free(wal);
    sqlite3_free(uri);
    if (rc) {
        dft_sqlite_close(h);
        return rc;
    }
    *out = h;
    return DFT_OK;
}

void dft_sqlite_close(dft_sqlite *h)
{
    if (!h) return;
    if (h->db) sqlite3_close_v2(h->db);
    if (h->dir) dft_tempdir_remove(h->dir);
    free(h->dir);
    free(h->name);
    free(h);
}

sqlite3 *dft_sqlite_db(dft_sqlite *h)
{
    return h->db;
}

static void call_begin(dft_sqlite *h)
{
    h->call_start = mono_ns();
    h->last_tick = 0;
}

static void call_end(dft_sqlite *h)
{
    h->busy_ns += mono_ns() - h->call_start;
    h->call_start = 0;
}

int dft_sqlite_prepare(dft_sqlite *h, sqlite3_stmt **out, const char *sql)
{
    *out = NULL;
    if (h->stop != STOP_NONE) return sql_error(h, SQLITE_INTERRUPT, "query");
    call_begin(h);
    int src = sqlite3_prepare_v2(h->db, sql, -1, out, NULL);
    call_end(h);
    if (src != SQLITE_OK) {
        int rc = sql_error(h, src, "query");
        sqlite3_finalize(*out);
        *out = NULL;
        return rc;
    }
    return DFT_OK;
}

int dft_sqlite_step(dft_sqlite *h, sqlite3_stmt *st)
{
    if (h->stop != STOP_NONE) return sql_error(h, SQLITE_INTERRUPT, "query");
    call_begin(h);
    int src = sqlite3_step(st);
    call_end(h);
    if (src == SQLITE_ROW) return DFT_SQLITE_ROW;
    if (src == SQLITE_DONE) return DFT_OK;
    return sql_error(h, src, "query");
}

dft_sqlite_kind dft_sqlite_table_kind(dft_sqlite *h, const char *name)
{
    sqlite3_stmt *st = NULL;
    dft_sqlite_kind kind = DFT_SQLITE_MISSING;
    if (dft_sqlite_prepare(h, &st,
                           "SELECT type, sql, (SELECT count(*) FROM sqlite_master t WHERE t.type = 'trigger' AND"
                           " t.tbl_name = m.name COLLATE NOCASE), m.rootpage FROM sqlite_master m"
                           " WHERE m.name = ?1 COLLATE NOCASE ORDER BY (m.type = 'table') DESC LIMIT 1"))
        return DFT_SQLITE_OTHER;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int rc = dft_sqlite_step(h, st);
    if (rc == DFT_SQLITE_ROW) {
        const char *type = (const char *)sqlite3_column_text(st, 0);
        const char *sql = (const char *)sqlite3_column_text(st, 1);
        int triggers = sqlite3_column_int(st, 2);
        if (!type) kind = DFT_SQLITE_OTHER;
        else if (strcmp(type, "view") == 0) kind = DFT_SQLITE_VIEW;
        else if (strcmp(type, "table") != 0) kind = DFT_SQLITE_OTHER;
        /* a virtual table has no b-tree: rootpage 0 (the SQL text could hide its kind: "CREATE  VIRTUAL",
         * comments); the text test stays for a hostile rootpage */
        else if (sqlite3_column_int64(st, 3) == 0 || (sql && sqlite3_strnicmp(sql, "CREATE VIRTUAL", 14) == 0))
            kind = DFT_SQLITE_VIRTUAL;
        else if (triggers) kind = DFT_SQLITE_TRIGGERED;
        else kind = DFT_SQLITE_TABLE;
    } else if (rc != DFT_OK) {
        kind = DFT_SQLITE_OTHER;
    }
    sqlite3_finalize(st);
    return kind;
}

int dft_sqlite_require_table(dft_sqlite *h, const char *name)
{
    switch (dft_sqlite_table_kind(h, name)) {
    case DFT_SQLITE_TABLE: return DFT_OK;
    case DFT_SQLITE_MISSING: return dft_error_set(DFT_ENOTFOUND, "%s: no table %s", h->name, name);
    case DFT_SQLITE_VIEW:
        return dft_error_set(DFT_ECORRUPT, "%s: %s is a view, not a table: not executed", h->name, name);
    case DFT_SQLITE_VIRTUAL:
        return dft_error_set(DFT_ECORRUPT, "%s: %s is a virtual table, not a table: not read", h->name, name);
    case DFT_SQLITE_TRIGGERED:
        return dft_error_set(DFT_ECORRUPT, "%s: table %s carries triggers: not read", h->name, name);
    default:
        if (h->stop != STOP_NONE) return sql_error(h, SQLITE_INTERRUPT, "schema");
        return dft_error_set(DFT_ECORRUPT, "%s: %s is not a table", h->name, name);
    }
}

bool dft_sqlite_has_column(dft_sqlite *h, const char *table, const char *column)
{
    if (dft_sqlite_table_kind(h, table) != DFT_SQLITE_TABLE) return false;
    sqlite3_stmt *st = NULL;
    if (dft_sqlite_prepare(h, &st, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2 COLLATE NOCASE")) return false;
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, column, -1, SQLITE_STATIC);
    bool found = dft_sqlite_step(h, st) == DFT_SQLITE_ROW;
    sqlite3_finalize(st);
    return found;
}

void dft_sqlite_usage(const dft_sqlite *h, uint64_t *busy_ms, uint64_t *steps)
{
    if (busy_ms) *busy_ms = (uint64_t)(h->busy_ns / 1000000);
    if (steps) *steps = h->steps;
}

int dft_sqlite_open_beside(dft_sqlite **out, const char *db_path, const dft_sqlite_opts *opts)
{
    *out = NULL;
    dft_sqlite_opts o = DFT_SQLITE_OPTS_INIT;
    if (opts) o = *opts;
    size_t n = strlen(db_path);
    char *wal = malloc(n + 5), *dir = malloc(n + 1);
    if (!wal || !dir) {
        free(wal);
        free(dir);
        return dft_error_set(DFT_ENOMEM, "out of memory");
    }
    snprintf(wal, n + 5, "%s-wal", db_path);
    memcpy(dir, db_path, n + 1);
    struct stat st;
    if (!o.wal_path && stat(wal, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) o.wal_path = wal;
    char *slash = strrchr(dir, '/');
    if (!o.temp_dir && slash && slash != dir) {
        *slash = '\0';
        o.temp_dir = dir;
    }
    int rc = dft_sqlite_open(out, db_path, &o);
    free(wal);
    free(dir);
    return rc;
}
