/*
 * report.c - `dftriage report`: opens the case read-only, runs the integrity checks of `verify` that
 * need no evidence (schema, audit chain, sealed rows), and runs the exporters (CSV, HTML, CASE/UCO).
 *
 * A case of an older schema (1) is copied with SQLite's online backup into a private 0700 temporary
 * directory and migrated there (dft_store_open on the copy, the same migration ingest runs), so the
 * exporters see one schema and the case file itself is never written (docs/report.md). The
 * integrity checks and the chain head are those of the original file.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "report_impl.h"

#include <jansson.h>
#include "store.h"
#include "tempdir.h"

int strs_add(rpt_strs *l, const char *s)
{
    if (l->n == l->cap) {
        size_t c = l->cap ? l->cap * 2 : 16;
        char **g = realloc(l->v, c * sizeof *g);
        if (!g) return dft_error_set(DFT_ENOMEM, "out of memory");
        l->v = g, l->cap = c;
    }
    if (!(l->v[l->n] = strdup(s))) return dft_error_set(DFT_ENOMEM, "out of memory");
    l->n++;
    return DFT_OK;
}

void strs_free(rpt_strs *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

sqlite3_stmt *rpt_prep(rpt *r, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(r->db, sql, -1, &st, NULL) != SQLITE_OK) {
        dft_error_set(DFT_ERROR, "case query failed: %s", sqlite3_errmsg(r->db));
        sqlite3_finalize(st);
        return NULL;
    }
    return st;
}

int64_t rpt_count(rpt *r, const char *sql)
{
    sqlite3_stmt *st = rpt_prep(r, sql);
    int64_t n = -1;
    if (st && sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

const char *rpt_col(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

bool rpt_has_table(rpt *r, const char *t)
{
    sqlite3_stmt *st = rpt_prep(r, "SELECT 1 FROM sqlite_schema WHERE type IN ('table','view') AND name = ?1");
    bool ok = false;
    if (st) {
        sqlite3_bind_text(st, 1, t, -1, SQLITE_TRANSIENT);
        ok = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    return ok;
}

rpt_field rpt_column_class(const rpt *r, const char *table, const char *column, const char *personal)
{
    if (!r->redact) return RF_NONE;
    static const struct {
        const char *table, *column;
        rpt_field cls;
    } fixed[] = {
        { "messages", "account", RF_HANDLE },     { "messages", "thread", RF_HANDLE },
        { "messages", "thread_title", RF_NAME },  { "messages", "sender", RF_HANDLE },
        { "messages", "recipient", RF_HANDLE },   { "messages", "body", RF_TEXT },
        { "messages", "details", RF_JSON },       { "contacts", "name", RF_NAME },
        { "contacts", "phone", RF_PHONE },        { "contacts", "handle", RF_HANDLE },
        { "contacts", "account", RF_HANDLE },     { "contacts", "details", RF_JSON },
        { "calls", "account", RF_HANDLE },        { "calls", "counterpart", RF_HANDLE },
        { "calls", "counterpart_name", RF_NAME }, { "calls", "details", RF_JSON },
    };
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        if (!strcmp(fixed[i].table, table) && !strcmp(fixed[i].column, column)) return fixed[i].cls;
    /* a link's details name their personal keys (the roster join's matched phone, account) */
    if (!strcmp(table, "links") && !strcmp(column, "details")) return RF_LINK_JSON;
    if (!strcmp(table, "persons")) {
        /* persons.personal names the personal columns; by default (NULL) every field but role */
        static const struct {
            const char *column;
            rpt_field cls;
        } pc[] = { { "name", RF_NAME }, { "phone", RF_PHONE }, { "passport", RF_ID },
                   { "nationality", RF_VALUE }, { "amount", RF_VALUE }, { "details", RF_JSON } };
        for (size_t i = 0; i < sizeof pc / sizeof pc[0]; i++)
            if (!strcmp(pc[i].column, column)) return rpt_personal_has(personal, column, true) ? pc[i].cls : RF_NONE;
        return RF_NONE;
    }
    if (!strcmp(table, "findings")) {
        if (!strcmp(column, "value") && rpt_personal_has(personal, "value", false)) return RF_VALUE;
        if (!strcmp(column, "details") && rpt_personal_has(personal, "details", false)) return RF_JSON;
        /* secrets (seeds, private keys, cracking lines, the text around them) are withheld from a
         * redacted report: details.sensitive names them (docs/case-file.md) */
        if (!strcmp(column, "value")) return RF_SECRET_VALUE;
        if (!strcmp(column, "details")) return RF_SECRET_JSON;
        return RF_NONE;
    }
    return RF_NONE;
}

#define RPT_WITHHELD "[secret withheld]"

/* The details document of the row st points at (its "details" column), parsed, or NULL. */
static json_t *row_details(sqlite3_stmt *st)
{
    for (int i = 0; i < sqlite3_column_count(st); i++)
        if (!strcmp(sqlite3_column_name(st, i), "details")) {
            const char *d = rpt_col(st, i);
            return d ? json_loads(d, 0, NULL) : NULL;
        }
    return NULL;
}

static bool lists(json_t *sensitive, const char *key)
{
    size_t i;
    json_t *v;
    json_array_foreach(sensitive, i, v) if (json_is_string(v) && !strcmp(json_string_value(v), key)) return true;
    return false;
}

/* findings.value / findings.details with the secrets their details name withheld. */
static const char *withhold(rpt *r, sqlite3_stmt *st, int col, rpt_field cls)
{
    const char *v = rpt_col(st, col);
    json_t *d = row_details(st);
    json_t *sens = d ? json_object_get(d, "sensitive") : NULL;
    const char *out = v;
    if (json_is_array(sens) && json_array_size(sens)) {
        if (cls == RF_SECRET_VALUE) {
            if (lists(sens, "value")) out = RPT_WITHHELD;
        } else {
            size_t i;
            json_t *k;
            json_array_foreach(sens, i, k)
                if (json_is_string(k) && strcmp(json_string_value(k), "sensitive") && json_object_get(d, json_string_value(k)))
                    json_object_set_new(d, json_string_value(k), json_string(RPT_WITHHELD));
            free(r->secret_buf);
            r->secret_buf = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
            out = r->secret_buf ? r->secret_buf : RPT_WITHHELD;
        }
    }
    json_decref(d);
    return out;
}

const char *rpt_value(rpt *r, sqlite3_stmt *st, int col, rpt_field cls)
{
    const char *v = rpt_col(st, col);
    if (cls == RF_SECRET_VALUE || cls == RF_SECRET_JSON) return withhold(r, st, col, cls);
    return cls == RF_NONE ? v : rpt_redact_apply(r->redact, cls, v);
}

int rpt_prepare_dir(const char *dir, const char *what)
{
    struct stat st;
    if (lstat(dir, &st) == 0) {
        if (!S_ISDIR(st.st_mode)) return dft_error_set(DFT_EEXISTS, "%s %s exists and is not a directory", what, dir);
        char marker[4200];
        snprintf(marker, sizeof marker, "%s/.dftriage-report", dir);
        if (access(marker, F_OK) == 0) return DFT_OK; /* an earlier report of ours: overwritten */
        /* any entry besides . and .. means someone else's directory */
        DIR *d = opendir(dir);
        if (!d) return dft_error_set(DFT_EIO, "%s: cannot be read", dir);
        struct dirent *e;
        bool empty = true;
        while ((e = readdir(d)))
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) empty = false;
        closedir(d);
        if (!empty)
            return dft_error_set(DFT_EEXISTS, "%s %s is not empty and holds no earlier dftriage report: "
                                 "name a new or empty directory", what, dir);
    } else {
        /* mkdir -p */
        char tmp[4200];
        snprintf(tmp, sizeof tmp, "%s", dir);
        for (char *p = tmp + 1; *p; p++)
            if (*p == '/') {
                *p = '\0';
                mkdir(tmp, 0700);
                *p = '/';
            }
        if (mkdir(tmp, 0700) != 0) return dft_error_set(DFT_EIO, "%s: cannot be created", dir);
    }
    char marker[4200];
    snprintf(marker, sizeof marker, "%s/.dftriage-report", dir);
    rpt_out o;
    int rc = out_open(&o, marker);
    if (rc) return rc;
    out_raw(&o, "A report written by dftriage report; dftriage may overwrite this directory.\n");
    return out_close(&o);
}

static char *case_info(sqlite3 *db, const char *key)
{
    sqlite3_stmt *st = NULL;
    char *v = NULL;
    if (sqlite3_prepare_v2(db, "SELECT value FROM case_info WHERE key = ?1", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
            v = strdup((const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    return v;
}

static void seal_line(void *payload, bool ok, const char *line)
{
    rpt *r = payload;
    (void)ok;
    if (r->seal_lines.n < 200) strs_add(&r->seal_lines, line);
}

/* The checks of verify that need only the case file: schema, sealed rows, audit chain. */
static void integrity(rpt *r, dft_store *s)
{
    const char *damage = dft_store_schema_damage(s);
    r->schema_ok = damage == NULL;
    if (damage) r->schema_damage = strdup(damage);
    if (dft_store_audit_verify(s, &r->audit_rows) == DFT_OK) {
        r->chain_ok = true;
    } else {
        r->chain_ok = false;
        r->chain_msg = strdup(dft_error_last());
    }
    if (dft_store_audit_head(s, &r->head_seq, r->head_hash) != DFT_OK) {
        r->head_seq = 0;
        memset(r->head_hash, '0', 64);
        r->head_hash[64] = '\0';
    }
    r->seals_ok = true;
    if (r->schema_version >= 2) {
        int rc = dft_store_seal_verify(s, seal_line, r, &r->seal_failures);
        if (rc != DFT_OK) {
            r->seals_ok = false;
            if (rc != DFT_ECORRUPT) strs_add(&r->seal_lines, dft_error_last());
        }
    } else {
        strs_add(&r->seal_lines, "schema 1 case: written before sealed rows existed (no seals to check)");
    }
    r->integrity_ok = r->schema_ok && r->chain_ok && r->seals_ok;
}

/* The redaction key's source: the hash of audit row 1 (written at case creation, never changed). */
static char *case_secret(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    char *v = NULL;
    if (sqlite3_prepare_v2(db, "SELECT hash FROM audit_log ORDER BY seq LIMIT 1", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        v = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    if (!v) {
        /* no audit row: the creation time and number of the case */
        char *c = case_info(db, "created_utc"), *n = case_info(db, "case_number");
        size_t len = (c ? strlen(c) : 0) + (n ? strlen(n) : 0) + 2;
        if ((v = malloc(len))) snprintf(v, len, "%s|%s", c ? c : "", n ? n : "");
        free(c), free(n);
    }
    return v;
}

/* Copies the (read-only) case into dir/case.db with SQLite's backup API and migrates the copy. */
static int migrate_copy(sqlite3 *src, const char *dir, dft_store **copy)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/case.db", dir);
    sqlite3 *dst = NULL;
    int rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
        if (b) {
            sqlite3_backup_step(b, -1);
            sqlite3_backup_finish(b);
        }
        rc = sqlite3_errcode(dst);
    }
    if (rc != SQLITE_OK) {
        int e = dft_error_set(DFT_EIO, "cannot copy the case for migration: %s", dst ? sqlite3_errmsg(dst) : "?");
        sqlite3_close(dst);
        return e;
    }
    sqlite3_close(dst);
    chmod(path, 0600);
    if (dft_store_open(copy, path, false) != DFT_OK)
        return dft_error_set(DFT_ERROR, "the schema-1 case cannot be migrated in a temporary copy: %s", dft_error_last());
    return DFT_OK;
}

static void generation_time(char out[DFT_TIME_LEN])
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    char *end = NULL;
    long long t = sde ? strtoll(sde, &end, 10) : 0;
    if (sde && *sde && end && !*end) dft_time_format(out, t, 0);
    else dft_time_now(out);
}

int dft_report_run(const char *case_path, const dft_report_opts *opts)
{
    rpt r = { .opts = opts, .case_path = case_path };
    dft_store *s = NULL, *copy = NULL;
    char *tmpdir = NULL, *secret = NULL;
    int rc = dft_store_open_readonly(&s, case_path);
    if (rc) return rc;
    sqlite3 *orig = dft_store_db(s);
    sqlite3_stmt *vs = NULL;
    if (sqlite3_prepare_v2(orig, "PRAGMA user_version", -1, &vs, NULL) == SQLITE_OK && sqlite3_step(vs) == SQLITE_ROW)
        r.schema_version = sqlite3_column_int(vs, 0);
    sqlite3_finalize(vs);

    integrity(&r, s);
    if (!r.integrity_ok && !opts->force) {
        fprintf(stderr, "dftriage report: %s fails the integrity checks of verify (%s); refused "
                "(--force writes the report anyway, saying so on its first page)\n", case_path,
                !r.schema_ok ? "schema damaged" : !r.chain_ok ? "audit chain broken" : "sealed rows changed");
        rc = DFT_REPORT_REFUSED;
        goto done;
    }
    if (!r.integrity_ok)
        fprintf(stderr, "dftriage report: warning: %s fails the integrity checks; reported anyway (--force)\n",
                case_path);

    r.db = orig;
    if (r.schema_version < DFT_SCHEMA_VERSION) {
        if ((rc = dft_tempdir_make(&tmpdir, NULL)) != DFT_OK) goto done;
        if ((rc = migrate_copy(orig, tmpdir, &copy)) != DFT_OK) goto done;
        r.db = dft_store_db(copy);
        fprintf(stderr, "dftriage report: %s has case schema %d: reported from a migrated temporary copy "
                "(the case file is not changed)\n", case_path, r.schema_version);
    }
    r.case_number = case_info(orig, "case_number");
    r.examiner = case_info(orig, "examiner");
    r.time_zone = case_info(r.db, "time_zone");
    r.created_utc = case_info(orig, "created_utc");
    r.tool_version = case_info(orig, "tool_version");
    if (!r.time_zone) r.time_zone = strdup("UTC");
    generation_time(r.generated);
    if (opts->redact) {
        secret = case_secret(orig);
        if (!secret) {
            rc = dft_error_set(DFT_ENOMEM, "out of memory");
            goto done;
        }
        if ((rc = rpt_redact_new(&r.redact, r.db, secret)) != DFT_OK) goto done;
    }
    /* one read transaction: every output sees the same snapshot */
    sqlite3_exec(r.db, "BEGIN", NULL, NULL, NULL);
    if (!rc && opts->csv_dir) rc = rpt_csv_write(&r, opts->csv_dir);
    if (!rc && opts->html_dir) rc = rpt_html_write(&r, opts->html_dir);
    if (!rc && opts->caseuco_file) rc = rpt_caseuco_write(&r, opts->caseuco_file);
    sqlite3_exec(r.db, "COMMIT", NULL, NULL, NULL);

done:
    rpt_redact_free(r.redact);
    free(r.secret_buf);
    free(secret);
    free(r.case_number), free(r.examiner), free(r.time_zone), free(r.created_utc), free(r.tool_version);
    free(r.chain_msg), free(r.schema_damage);
    strs_free(&r.seal_lines);
    dft_store_close(copy);
    dft_store_close(s);
    if (tmpdir) dft_tempdir_remove(tmpdir);
    free(tmpdir);
    return rc;
}
