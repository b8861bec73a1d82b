/*
 * store.c - the case file connection: open/create (0600, WAL), transactions, case_info, runs, row
 * ids and the typed inserts the pipeline's writer thread calls millions of times.
 *
 * Invariants (see store.h for the public ones):
 *  1. A new case file is made with open(O_CREAT|O_EXCL|O_NOFOLLOW, 0600) + fchmod before SQLite
 *     touches it, so it never exists with wider permissions; SQLite gives -wal/-shm the same mode.
 *     An existing path is adopted only when it is a regular file (no symlink, opened with
 *     SQLITE_OPEN_NOFOLLOW) that already is a dftriage case with the expected schema.
 *  4. Every SQLite failure names its cause (disk full, read-only, I/O error, damaged); the first
 *     storage failure is kept (s->fault) so the command can report it after the writer stopped.
 *  2. Each insert kind has one cached prepared statement (store_impl.h); strings are bound
 *     SQLITE_STATIC (the caller's buffers outlive the step), NULL strings become SQL NULL.
 *  3. "0 = none" ids (filesystem_id, parent_id, volume_id, file_id, content_of) and "-1 = unknown"
 *     numbers (uid, gid, finding offset/length, wallet encrypted) are stored as NULL.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "error.h"
#include "store_impl.h"
#include "timefmt.h"

#ifndef DFT_VERSION
#define DFT_VERSION "unknown"
#endif

/* ---- Helpers shared by store*.c --------------------------------------------------------- */

static const char *const stmt_sql[ST_COUNT] = {
    [ST_FILE] = "INSERT INTO files(id, evidence_id, filesystem_id, parent_id, path, name, device_path,"
                " archive_path, meta_addr, meta_seq, attr_type, attr_id, stream, type, size, allocated,"
                " mtime, atime, ctime, crtime, mode, uid, gid, nlink, link_target, md5, sha1, sha256,"
                " hash_status, content_of, mime, magic, error, extra, derived_from, transform, derivation)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    [ST_VOLUME] = "INSERT INTO volumes(id, evidence_id, scheme, slot, offset, length, description,"
                  " flags) VALUES (?,?,?,?,?,?,?,?)",
    [ST_FS] = "INSERT INTO filesystems(id, evidence_id, volume_id, type, offset, block_size,"
              " block_count, label, uuid) VALUES (?,?,?,?,?,?,?,?,?)",
    [ST_REGION] = "INSERT INTO unallocated(id, evidence_id, filesystem_id, volume_id, offset, length, kind)"
                  " VALUES (?,?,?,?,?,?,?)",
    [ST_META] = "INSERT INTO evidence_meta(evidence_id, key, value) VALUES (?,?,?)",
    [ST_AUDIT_LAST] = "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
    [ST_AUDIT_INSERT] = "INSERT INTO audit_log(seq, utc, action, detail, prev_hash, hash)"
                        " VALUES (?,?,?,?,?,?)",
};

/* The fault class of a failed SQLite call, from its extended code and the OS errno. */
static int fault_of(int ext, int sys)
{
    switch (ext & 0xff) {
    case SQLITE_FULL: return DFT_STORE_FAULT_FULL;
    case SQLITE_READONLY: return DFT_STORE_FAULT_READONLY;
    case SQLITE_PERM: return DFT_STORE_FAULT_READONLY;
    case SQLITE_CORRUPT: case SQLITE_NOTADB: return DFT_STORE_FAULT_CORRUPT;
    case SQLITE_IOERR: case SQLITE_CANTOPEN:
        if (sys == ENOSPC || sys == EFBIG || sys == EDQUOT) return DFT_STORE_FAULT_FULL;
        if (sys == EROFS || sys == EACCES || sys == EPERM) return DFT_STORE_FAULT_READONLY;
        return DFT_STORE_FAULT_IO;
    default: return DFT_STORE_FAULT_NONE;
    }
}

const char *dft_store_fault_name(int fault)
{
    switch (fault) {
    case DFT_STORE_FAULT_FULL: return "disk full";
    case DFT_STORE_FAULT_READONLY: return "read-only";
    case DFT_STORE_FAULT_IO: return "I/O error";
    case DFT_STORE_FAULT_CORRUPT: return "damaged case file";
    default: return "no fault";
    }
}

int dft_store_fault(const dft_store *s, const char **msg)
{
    if (msg) *msg = s ? s->fault_msg : "";
    return s ? s->fault : 0;
}

/* SQLite does not always keep the errno of a failed write (a later unlock can overwrite it): when
 * it is lost, look at the file system and the file size limit, so that "disk full" is named. */
static int write_failure_errno(const dft_store *s)
{
    char dir[4200];
    snprintf(dir, sizeof dir, "%s", s->path);
    char *slash = strrchr(dir, '/');
    if (slash) *(slash == dir ? slash + 1 : slash) = '\0';
    else snprintf(dir, sizeof dir, ".");
    struct statvfs vfs;
    if (statvfs(dir, &vfs) == 0) {
        if (vfs.f_flag & ST_RDONLY) return EROFS;
        if ((uint64_t)vfs.f_bavail * vfs.f_frsize < (1u << 20)) return ENOSPC;
    }
    struct rlimit rl;
    if (getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
        const char *suffix[] = { "", "-wal", "-journal" };
        for (int i = 0; i < 3; i++) {
            char f[4200];
            struct stat st;
            snprintf(f, sizeof f, "%s%s", s->path, suffix[i]);
            if (stat(f, &st) == 0 && (uint64_t)st.st_size + 65536 > (uint64_t)rl.rlim_cur) return EFBIG;
        }
    }
    return 0;
}

int store_sqlite_error(dft_store *s, const char *what)
{
    int ext = sqlite3_extended_errcode(s->db);
    int sys = sqlite3_system_errno(s->db);
    if ((ext & 0xff) == SQLITE_IOERR && (!sys || sys == EAGAIN || sys == EINTR)) sys = write_failure_errno(s);
    int fault = fault_of(ext, sys);
    if (fault == DFT_STORE_FAULT_NONE)
        return dft_error_set(DFT_ERROR, "%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
    char oserr[160] = "";
    if (sys) snprintf(oserr, sizeof oserr, ", %s", strerror(sys));
    int rc = dft_error_set(DFT_EIO, "%s: %s: %s (SQLite code %d%s: %s)", s->path, what, dft_store_fault_name(fault),
                           ext, oserr, sqlite3_errmsg(s->db));
    if (!s->fault) {
        s->fault = fault;
        snprintf(s->fault_msg, sizeof s->fault_msg, "%s", dft_error_last());
    }
    return rc;
}

sqlite3_stmt *store_stmt(dft_store *s, enum store_stmt_id id)
{
    if (!s->stmt[id] &&
        sqlite3_prepare_v3(s->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &s->stmt[id], NULL) !=
            SQLITE_OK) {
        store_sqlite_error(s, "prepare");
        return NULL;
    }
    return s->stmt[id];
}

int store_exec(dft_store *s, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        int rc = store_sqlite_error(s, msg ? msg : "exec");
        sqlite3_free(msg);
        return rc;
    }
    return DFT_OK;
}

int store_txn_begin(dft_store *s, bool *opened)
{
    *opened = false;
    if (!sqlite3_get_autocommit(s->db)) return DFT_OK;
    int rc = store_exec(s, "BEGIN IMMEDIATE");
    if (!rc) *opened = true;
    return rc;
}

int store_txn_end(dft_store *s, bool opened, int rc)
{
    if (!opened) return rc;
    if (rc) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    return store_exec(s, "COMMIT");
}

void store_bind_texts(sqlite3_stmt *st, int first, int n, ...)
{
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++) store_bind_text(st, first + i, va_arg(ap, const char *));
    va_end(ap);
}

void store_bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

void store_bind_text_nonempty(sqlite3_stmt *st, int i, const char *v)
{
    store_bind_text(st, i, v && *v ? v : NULL);
}

void store_bind_int_or_null(sqlite3_stmt *st, int i, int64_t v, int64_t null_value)
{
    if (v == null_value)
        sqlite3_bind_null(st, i);
    else
        sqlite3_bind_int64(st, i, v);
}

/* Steps an INSERT/UPDATE to completion and resets it (invariant 1 of store_impl.h). */
static int step_done(dft_store *s, sqlite3_stmt *st, const char *what)
{
    int src = sqlite3_step(st);
    int rc = src == SQLITE_DONE ? DFT_OK : store_sqlite_error(s, what);
    sqlite3_reset(st);
    return rc;
}

/* ---- Open / close ------------------------------------------------------------------------- */

/* Makes a new, empty case file with mode 0600. DFT_EEXISTS when it is already there. */
static int create_file(const char *path)
{
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        if (errno == EEXIST) return DFT_EEXISTS;
        return dft_error_set(DFT_EIO, "%s: cannot create case file: %s", path, strerror(errno));
    }
    struct stat st;
    int ok = fchmod(fd, 0600) == 0 && fstat(fd, &st) == 0 && (st.st_mode & 0777) == 0600;
    int err = errno;
    close(fd);
    if (!ok) {
        unlink(path);
        return dft_error_set(DFT_EIO, "%s: cannot set mode 0600: %s", path, strerror(err));
    }
    return DFT_OK;
}

/* Creates the schema and the case_info rows of the contract, in one transaction. */
static int create_schema(dft_store *s)
{
    int rc = store_exec(s, "PRAGMA journal_mode=WAL");
    if (rc) return rc;
    rc = store_exec(s, "BEGIN IMMEDIATE");
    if (rc) return rc;
    char now[DFT_TIME_LEN], version[16];
    dft_time_now(now);
    snprintf(version, sizeof version, "%d", DFT_SCHEMA_VERSION);
    rc = store_schema_create(s);
    if (!rc) rc = dft_store_case_info_set(s, "created_utc", now);
    if (!rc) rc = dft_store_case_info_set(s, "tool_version", DFT_VERSION);
    if (!rc) rc = dft_store_case_info_set(s, "schema_version", version);
    return store_txn_end(s, true, rc);
}

/* Opens the connection into s->db (left set on failure, so the error text can be read). */
static int sqlite_open(dft_store *s, const char *name, int flags)
{
    if (sqlite3_open_v2(name, &s->db, flags, NULL) != SQLITE_OK)
        return s->db ? store_sqlite_error(s, "open")
                     : dft_error_set(DFT_ENOMEM, "out of memory opening %s", s->path);
    sqlite3_busy_timeout(s->db, 10000);
    return DFT_OK;
}

/* True when PATH-wal exists and is not empty (committed data may not be in the main file yet). */
static bool wal_has_frames(const char *path)
{
    char wal[4096];
    struct stat st;
    if (snprintf(wal, sizeof wal, "%s-wal", path) >= (int)sizeof wal) return true;
    return stat(wal, &st) == 0 && st.st_size > 0;
}

/* "file:<path, percent-encoded>?immutable=1", malloc'd. */
static char *immutable_uri(const char *path)
{
    size_t n = strlen(path);
    char *uri = malloc(n * 3 + 32);
    if (!uri) return NULL;
    char *o = uri + sprintf(uri, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p == '%' || *p == '?' || *p == '#' || *p < 0x21 || *p >= 0x7f)
            o += sprintf(o, "%%%02X", *p);
        else
            *o++ = (char)*p;
    }
    strcpy(o, "?immutable=1");
    return uri;
}

/* Group/other permission bits on the case file (or its -wal/-shm): report and set 0600. */
static void fix_mode(const char *path, bool report)
{
    struct stat st;
    if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode) || (st.st_mode & 077) == 0) return;
    int ok = chmod(path, st.st_mode & 0700) == 0;
    if (report)
        fprintf(stderr, "dftriage: warning: %s had mode %04o (readable by others)%s\n", path,
                (unsigned)(st.st_mode & 07777), ok ? ": set to owner-only" : ": could not change it");
}

static int store_open_impl(dft_store **out, const char *path, bool create, bool readonly)
{
    *out = NULL;
    bool fresh = false;
    if (create && !readonly) {
        int rc = create_file(path);
        if (rc == DFT_OK)
            fresh = true;
        else if (rc != DFT_EEXISTS)
            return rc;
    }
    struct stat st;
    if (lstat(path, &st) != 0)
        return dft_error_set(errno == ENOENT ? DFT_ENOTFOUND : DFT_EIO, "%s: %s", path,
                             errno == ENOENT ? "no such case file" : strerror(errno));
    if (S_ISLNK(st.st_mode))
        return dft_error_set(DFT_ECORRUPT, "%s is a symbolic link: a case file is opened only by its own name "
                             "(not followed)", path);
    if (!S_ISREG(st.st_mode)) return dft_error_set(DFT_ECORRUPT, "%s is not a dftriage case file", path);
    if (!fresh && st.st_nlink > 1)
        return dft_error_set(DFT_ECORRUPT, "%s has %lu names (hard links): the case lock belongs to one name, so "
                             "a case file with several names is not opened (remove the other names)", path,
                             (unsigned long)st.st_nlink);
    if (!fresh && st.st_size == 0)
        return dft_error_set(DFT_ECORRUPT, "%s is an empty file, not a dftriage case file (dftriage creates its "
                             "case files itself: remove it or name a new file)", path);
    if (!fresh && !readonly) { /* read-only commands never change the court file, its mode included */
        fix_mode(path, true);
        char side[4200];
        snprintf(side, sizeof side, "%s-wal", path);
        fix_mode(side, true);
        snprintf(side, sizeof side, "%s-shm", path);
        fix_mode(side, true);
    }

    dft_store *s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(path))) {
        free(s);
        return dft_error_set(DFT_ENOMEM, "out of memory opening %s", path);
    }
    s->readonly = readonly;
    int flags = (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX |
                SQLITE_OPEN_NOFOLLOW;
    bool empty = false;
    int rc = sqlite_open(s, path, flags);
    if (!rc) rc = store_schema_check(s, &empty);
    if (rc && readonly && (sqlite3_errcode(s->db) & 0xff) == SQLITE_CANTOPEN && !wal_has_frames(path)) {
        /* A WAL-mode case on read-only media (or not writable by us): SQLite cannot make the -shm
         * file. With no WAL content left, the main file is the whole case: open it immutable. */
        sqlite3_close_v2(s->db);
        s->db = NULL;
        s->fault = 0;
        char *uri = immutable_uri(path);
        rc = uri ? sqlite_open(s, uri, flags | SQLITE_OPEN_URI)
                 : dft_error_set(DFT_ENOMEM, "out of memory opening %s", path);
        free(uri);
        if (!rc) rc = store_schema_check(s, &empty);
    }
    if (rc) goto fail;
    if (empty) {
        /* Only a file this call created is given a schema; an existing SQLite file without tables
         * (another application's, or anyone's) is not adopted. */
        if (!fresh) {
            rc = dft_error_set(DFT_ECORRUPT, "%s is not a dftriage case file (an SQLite database without its "
                               "application id)", path);
            goto fail;
        }
        rc = create_schema(s);
        if (rc) goto fail;
    } else {
        rc = store_schema_verify(s);
        if (rc && readonly && rc == DFT_ECORRUPT) {
            if (!(s->schema_damage = strdup(dft_error_last()))) {
                rc = dft_error_set(DFT_ENOMEM, "out of memory");
                goto fail;
            }
            rc = DFT_OK;
        }
        if (rc) goto fail;
    }
    if (!readonly) {
        rc = store_exec(s, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                           " PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;");
        if (!rc && !empty) rc = store_schema_migrate(s);
        if (rc) goto fail;
    }
    *out = s;
    return DFT_OK;

fail:
    dft_store_close(s);
    if (fresh) unlink(path);
    return rc;
}

int dft_store_open(dft_store **out, const char *path, bool create)
{
    return store_open_impl(out, path, create, false);
}

int dft_store_open_readonly(dft_store **out, const char *path)
{
    return store_open_impl(out, path, false, true);
}

void dft_store_close(dft_store *s)
{
    if (!s) return;
    dft_store_ckpt_stop(s);
    for (int i = 0; i < ST_COUNT; i++) sqlite3_finalize(s->stmt[i]);
    for (int i = 0; i < STORE_ROW_STMTS; i++) sqlite3_finalize(s->row_stmt[i]);
    if (s->db) {
        if (!sqlite3_get_autocommit(s->db)) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_close_v2(s->db);
    }
    free(s->schema_damage);
    free(s->path);
    free(s);
}

const char *dft_store_schema_damage(const dft_store *s)
{
    return s ? s->schema_damage : NULL;
}

void *dft_store_db(dft_store *s)
{
    return s->db;
}

int dft_store_begin(dft_store *s)
{
    return store_exec(s, "BEGIN IMMEDIATE");
}

int dft_store_commit(dft_store *s)
{
    return store_exec(s, "COMMIT");
}

int dft_store_rollback(dft_store *s)
{
    if (sqlite3_get_autocommit(s->db)) return DFT_OK;
    return store_exec(s, "ROLLBACK");
}

/* ---- case_info ---------------------------------------------------------------------------- */

int dft_store_case_info_set(dft_store *s, const char *key, const char *value)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO case_info(key, value) VALUES (?, ?)", -1,
                           &st, NULL) != SQLITE_OK)
        return store_sqlite_error(s, "case_info");
    store_bind_text(st, 1, key);
    store_bind_text(st, 2, value);
    int rc = step_done(s, st, "case_info");
    sqlite3_finalize(st);
    return rc;
}

int dft_store_case_info_get(dft_store *s, const char *key, char **out)
{
    *out = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, "SELECT value FROM case_info WHERE key = ?", -1, &st, NULL) !=
        SQLITE_OK)
        return store_sqlite_error(s, "case_info");
    store_bind_text(st, 1, key);
    int rc = DFT_OK;
    int src = sqlite3_step(st);
    if (src == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(st, 0);
        if (v && !(*out = strdup(v))) rc = dft_error_set(DFT_ENOMEM, "out of memory");
    } else if (src != SQLITE_DONE) {
        rc = store_sqlite_error(s, "case_info");
    }
    sqlite3_finalize(st);
    return rc;
}

/* ---- runs --------------------------------------------------------------------------------- */

int dft_store_run_begin(dft_store *s, const char *command_line, const char *options_json,
                        const char *plugins_json, int64_t *out_run_id)
{
    char now[DFT_TIME_LEN];
    dft_time_now(now);
    bool opened;
    int rc = store_txn_begin(s, &opened);
    if (rc) return rc;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "INSERT INTO runs(started_utc, status, command_line, options, plugins,"
                           " tool_version) VALUES (?, 'running', ?, ?, ?, ?)",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = store_sqlite_error(s, "runs");
    } else {
        store_bind_text(st, 1, now);
        store_bind_text(st, 2, command_line);
        store_bind_text(st, 3, options_json);
        store_bind_text(st, 4, plugins_json);
        store_bind_text(st, 5, DFT_VERSION);
        rc = step_done(s, st, "runs");
    }
    sqlite3_finalize(st);
    int64_t id = sqlite3_last_insert_rowid(s->db);
    rc = store_txn_end(s, opened, rc);
    if (!rc && out_run_id) *out_run_id = id;
    return rc;
}

int dft_store_runs_reap(dft_store *s, int *n)
{
    *n = 0;
    char now[DFT_TIME_LEN];
    dft_time_now(now);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "UPDATE runs SET status = 'interrupted', ended_utc = coalesce(ended_utc, ?),"
                           " summary = coalesce(summary, '{\"note\":\"process gone; marked by a later run\"}')"
                           " WHERE status = 'running'", -1, &st, NULL) != SQLITE_OK)
        return store_sqlite_error(s, "runs");
    store_bind_text(st, 1, now);
    int rc = step_done(s, st, "runs");
    sqlite3_finalize(st);
    if (!rc) *n = sqlite3_changes(s->db);
    return rc;
}

int dft_store_run_end(dft_store *s, int64_t run_id, const char *status, const char *summary_json)
{
    char now[DFT_TIME_LEN];
    dft_time_now(now);
    bool opened;
    int rc = store_txn_begin(s, &opened);
    if (rc) return rc;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, "UPDATE runs SET ended_utc = ?, status = ?, summary = ? WHERE id = ?",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = store_sqlite_error(s, "runs");
    } else {
        store_bind_text(st, 1, now);
        store_bind_text(st, 2, status);
        store_bind_text(st, 3, summary_json);
        sqlite3_bind_int64(st, 4, run_id);
        rc = step_done(s, st, "runs");
        if (!rc && sqlite3_changes(s->db) != 1)
            rc = dft_error_set(DFT_ENOTFOUND, "%s: no run %lld", s->path, (long long)run_id);
    }
    sqlite3_finalize(st);
    return store_txn_end(s, opened, rc);
}

/* ---- ids ---------------------------------------------------------------------------------- */

static int max_id(dft_store *s, const char *sql, int64_t *out)
{
    sqlite3_stmt *st = NULL;
    int rc = DFT_OK;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
        rc = store_sqlite_error(s, "next ids");
    else
        *out = sqlite3_column_int64(st, 0) + 1;
    sqlite3_finalize(st);
    return rc;
}

int dft_store_next_ids(dft_store *s, int64_t *file_id, int64_t *volume_id, int64_t *fs_id)
{
    int rc = DFT_OK;
    if (file_id) rc = max_id(s, "SELECT coalesce(max(id), 0) FROM files", file_id);
    if (!rc && volume_id) rc = max_id(s, "SELECT coalesce(max(id), 0) FROM volumes", volume_id);
    if (!rc && fs_id) rc = max_id(s, "SELECT coalesce(max(id), 0) FROM filesystems", fs_id);
    return rc;
}

/* ---- Walk records ------------------------------------------------------------------------- */

int dft_store_volume_insert(dft_store *s, int64_t id, int64_t evidence_id, const dft_volume_rec *v)
{
    sqlite3_stmt *st = store_stmt(s, ST_VOLUME);
    if (!st) return DFT_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, evidence_id);
    store_bind_text(st, 3, v->scheme);
    sqlite3_bind_int64(st, 4, v->slot);
    sqlite3_bind_int64(st, 5, (int64_t)v->offset);
    sqlite3_bind_int64(st, 6, (int64_t)v->length);
    store_bind_text(st, 7, v->description);
    store_bind_text(st, 8, v->flags);
    return step_done(s, st, "volumes");
}

int dft_store_fs_insert(dft_store *s, int64_t id, int64_t evidence_id, const dft_fs_rec *fs)
{
    sqlite3_stmt *st = store_stmt(s, ST_FS);
    if (!st) return DFT_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, evidence_id);
    store_bind_int_or_null(st, 3, fs->volume_id, 0);
    store_bind_text(st, 4, fs->type);
    sqlite3_bind_int64(st, 5, (int64_t)fs->offset);
    sqlite3_bind_int64(st, 6, fs->block_size);
    sqlite3_bind_int64(st, 7, (int64_t)fs->block_count);
    store_bind_text(st, 8, fs->label);
    store_bind_text(st, 9, fs->uuid);
    return step_done(s, st, "filesystems");
}

int dft_store_region_insert(dft_store *s, int64_t evidence_id, const dft_region_rec *r)
{
    sqlite3_stmt *st = store_stmt(s, ST_REGION);
    if (!st) return DFT_ERROR;
    store_bind_int_or_null(st, 1, r->id, 0);
    sqlite3_bind_int64(st, 2, evidence_id);
    store_bind_int_or_null(st, 3, r->filesystem_id, 0);
    store_bind_int_or_null(st, 4, r->volume_id, 0);
    sqlite3_bind_int64(st, 5, (int64_t)r->offset);
    sqlite3_bind_int64(st, 6, (int64_t)r->length);
    store_bind_text(st, 7, r->kind);
    return step_done(s, st, "unallocated");
}

int dft_store_next_region_id(dft_store *s, int64_t *out)
{
    return max_id(s, "SELECT coalesce(max(id), 0) FROM unallocated", out);
}

static void bind_time(sqlite3_stmt *st, int i, bool has, int64_t sec, uint32_t ns, char *buf)
{
    if (!has) {
        sqlite3_bind_null(st, i);
        return;
    }
    dft_time_format(buf, sec, ns);
    sqlite3_bind_text(st, i, buf, -1, SQLITE_TRANSIENT);
}

int dft_store_file_insert(dft_store *s, int64_t id, int64_t evidence_id, const dft_file_rec *f,
                          const dft_file_result *r)
{
    sqlite3_stmt *st = store_stmt(s, ST_FILE);
    if (!st) return DFT_ERROR;
    char tbuf[DFT_TIME_LEN];
    char type[2] = { f->type, '\0' };
    bool hashed = r && r->hashed;

    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, evidence_id);
    store_bind_int_or_null(st, 3, f->filesystem_id, 0);
    store_bind_int_or_null(st, 4, f->parent_id, 0);
    store_bind_text(st, 5, f->path);
    store_bind_text(st, 6, f->name);
    store_bind_text(st, 7, f->device_path);
    store_bind_text(st, 8, f->archive_path);
    sqlite3_bind_int64(st, 9, (int64_t)f->meta_addr);
    sqlite3_bind_int64(st, 10, f->meta_seq);
    sqlite3_bind_int64(st, 11, f->attr_type);
    sqlite3_bind_int64(st, 12, f->attr_id);
    store_bind_text(st, 13, f->stream_name);
    store_bind_text_nonempty(st, 14, type);
    sqlite3_bind_int64(st, 15, (int64_t)f->size);
    sqlite3_bind_int(st, 16, f->allocated ? 1 : 0);
    bind_time(st, 17, f->has_mtime, f->mtime, f->mtime_ns, tbuf);
    bind_time(st, 18, f->has_atime, f->atime, f->atime_ns, tbuf);
    bind_time(st, 19, f->has_ctime, f->ctime, f->ctime_ns, tbuf);
    bind_time(st, 20, f->has_crtime, f->crtime, f->crtime_ns, tbuf);
    store_bind_int_or_null(st, 21, f->mode, 0);
    store_bind_int_or_null(st, 22, f->uid, -1);
    store_bind_int_or_null(st, 23, f->gid, -1);
    store_bind_int_or_null(st, 24, f->nlink, 0);
    store_bind_text(st, 25, f->link_target);
    store_bind_text_nonempty(st, 26, hashed ? r->hashes.md5 : NULL);
    store_bind_text_nonempty(st, 27, hashed ? r->hashes.sha1 : NULL);
    store_bind_text_nonempty(st, 28, hashed ? r->hashes.sha256 : NULL);
    store_bind_text_nonempty(st, 29, r ? r->hash_status : NULL);
    store_bind_int_or_null(st, 30, r ? r->content_of : 0, 0);
    store_bind_text_nonempty(st, 31, r ? r->mime : NULL);
    store_bind_text_nonempty(st, 32, r ? r->magic : NULL);
    store_bind_text_nonempty(st, 33, r && r->error ? r->error : f->content_error);
    store_bind_text_nonempty(st, 34, f->extra_json);
    store_bind_int_or_null(st, 35, f->derived_from, 0);
    store_bind_text_nonempty(st, 36, f->transform);
    store_bind_text_nonempty(st, 37, f->derivation);
    return step_done(s, st, "files");
}
