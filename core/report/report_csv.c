/*
 * report_csv.c - CSV annexes (--csv DIR): one file per table, one per finding kind, and
 * addresses.csv for blockchain-analytics tools, each RFC 4180 (CRLF, quoted fields, UTF-8, optional
 * BOM), plus MANIFEST.sha256 in `sha256sum -c` format.
 *
 * The tables go out through their provenance views where there is one (v_files, v_findings,
 * v_messages, v_calls, v_links), so every row carries its evidence sha256 and file path. Personal
 * columns are redacted per rpt_column_class.
 */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "hash.h"
#include "fileio.h"
#include "report_impl.h"

typedef struct csv_job {
    const char *file;   /* output name */
    const char *table;  /* table for the personal-data classes */
    const char *sql;
} csv_job;

static const csv_job jobs[] = {
    { "case_info.csv", "case_info", "SELECT key, value FROM case_info ORDER BY key" },
    { "runs.csv", "runs", "SELECT * FROM runs ORDER BY id" },
    { "evidence.csv", "evidence", "SELECT * FROM evidence ORDER BY id" },
    { "evidence_meta.csv", "evidence_meta", "SELECT * FROM evidence_meta ORDER BY evidence_id, rowid" },
    { "volumes.csv", "volumes", "SELECT * FROM volumes ORDER BY id" },
    { "filesystems.csv", "filesystems", "SELECT * FROM filesystems ORDER BY id" },
    { "unallocated.csv", "unallocated", "SELECT * FROM unallocated ORDER BY id" },
    { "files.csv", "files", "SELECT * FROM v_files ORDER BY id" },
    { "findings.csv", "findings", "SELECT * FROM v_findings ORDER BY finding_id" },
    { "messages.csv", "messages", "SELECT * FROM v_messages ORDER BY id" },
    { "calls.csv", "calls", "SELECT * FROM v_calls ORDER BY id" },
    { "contacts.csv", "contacts", "SELECT * FROM contacts ORDER BY id" },
    { "wallets.csv", "wallets", "SELECT * FROM wallets ORDER BY id" },
    { "persons.csv", "persons", "SELECT * FROM persons ORDER BY id" },
    { "links.csv", "links", "SELECT * FROM v_links ORDER BY link_id" },
    { "audit_log.csv", "audit_log", "SELECT * FROM audit_log ORDER BY seq" },
    /* Chainalysis Reactor / TRM import: one row per (chain, address). The time an address was seen is
     * the message it was found in (links found_in), else its file's modification time. */
    { "addresses.csv", "addresses",
      "WITH a AS (SELECT f.subkind AS chain, f.value AS address,"
      "   coalesce((SELECT min(m.sent_utc) FROM links l JOIN messages m ON m.id = l.to_id"
      "             WHERE l.from_table = 'findings' AND l.from_id = f.id AND l.relation = 'found_in'"
      "               AND l.to_table = 'messages'), fi.mtime) AS t,"
      "   fi.path AS path, e.sha256 AS ev"
      "   FROM findings f LEFT JOIN files fi ON fi.id = f.file_id LEFT JOIN evidence e ON e.id = f.evidence_id"
      "  WHERE f.kind = 'crypto.address')"
      " SELECT chain, address, min(t) AS first_seen, max(t) AS last_seen, count(*) AS count,"
      "   'dftriage: ' || coalesce(min(path), '(no file)') ||"
      "   CASE WHEN count(DISTINCT path) > 1 THEN ' (+' || (count(DISTINCT path) - 1) || ' more files)' ELSE '' END"
      "   || ' in evidence sha256 ' || coalesce(min(ev), '(none)') AS source"
      " FROM a GROUP BY chain, address ORDER BY chain, address" },
};

/* Writes the result of st (already bound) as one CSV file. */
static int write_csv(rpt *r, const char *dir, const char *name, const char *table, sqlite3_stmt *st,
                     rpt_strs *written)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    rpt_out o;
    int rc = out_open(&o, path);
    if (rc) return rc;
    if (r->opts->bom) out_raw(&o, "\xef\xbb\xbf");
    int ncol = sqlite3_column_count(st);
    int personal = -1;
    for (int i = 0; i < ncol; i++) {
        if (i) out_raw(&o, ",");
        out_csv(&o, sqlite3_column_name(st, i));
        if (!strcmp(sqlite3_column_name(st, i), "personal")) personal = i;
    }
    out_raw(&o, "\r\n");
    int src;
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        const char *pers = personal >= 0 ? rpt_col(st, personal) : NULL;
        for (int i = 0; i < ncol; i++) {
            if (i) out_raw(&o, ",");
            rpt_field cls = rpt_column_class(r, table, sqlite3_column_name(st, i), pers);
            if (!strcmp(table, "evidence_meta") && !strcmp(sqlite3_column_name(st, i), "value") && r->redact) {
                const char *k = rpt_col(st, 1);
                if (k && (strstr(k, "phone") || strstr(k, "imei") || strstr(k, "udid") || strstr(k, "serial") ||
                          !strcmp(k, "device.name")))
                    cls = strstr(k, "phone") ? RF_PHONE : RF_VALUE;
            }
            out_csv(&o, rpt_value(r, st, i, cls));
        }
        out_raw(&o, "\r\n");
    }
    if (src != SQLITE_DONE) {
        out_close(&o);
        return dft_error_set(DFT_ERROR, "%s: case query failed: %s", name, sqlite3_errmsg(r->db));
    }
    rc = out_close(&o);
    if (!rc) rc = strs_add(written, name);
    return rc;
}

/* "crypto.address" -> "findings-crypto.address.csv"; any byte outside [a-z0-9._-] becomes '_'. */
static void kind_file(char *out, size_t n, const char *kind)
{
    size_t w = (size_t)snprintf(out, n, "findings-");
    for (const char *p = kind; *p && w + 5 < n && w < 120; p++) {
        char c = *p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
        out[w++] = ok && !(c == '.' && p == kind) ? c : '_';
    }
    snprintf(out + w, n - w, ".csv");
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int write_manifest(const char *dir, rpt_strs *written)
{
    qsort(written->v, written->n, sizeof *written->v, cmp_str);
    char path[4200];
    snprintf(path, sizeof path, "%s/MANIFEST.sha256", dir);
    rpt_out o;
    int rc = out_open(&o, path);
    if (rc) return rc;
    for (size_t i = 0; i < written->n && !rc; i++) {
        char f[4200];
        snprintf(f, sizeof f, "%s/%s", dir, written->v[i]);
        dft_hashes h;
        uint64_t bad = 0;
        rc = dft_file_hash(f, &h, &bad, NULL, NULL, NULL);
        if (!rc) out_fmt(&o, "%s  %s\n", h.sha256, written->v[i]);
    }
    int crc = out_close(&o);
    return rc ? rc : crc;
}

int rpt_csv_write(rpt *r, const char *dir)
{
    int rc = rpt_prepare_dir(dir, "--csv");
    if (rc) return rc;
    rpt_strs written = { 0 };
    for (size_t i = 0; i < sizeof jobs / sizeof jobs[0] && !rc; i++) {
        sqlite3_stmt *st = rpt_prep(r, jobs[i].sql);
        if (!st) {
            rc = DFT_ERROR;
            break;
        }
        rc = write_csv(r, dir, jobs[i].file, jobs[i].table, st, &written);
        sqlite3_finalize(st);
    }
    /* one file per finding kind */
    sqlite3_stmt *kinds = rc ? NULL : rpt_prep(r, "SELECT DISTINCT kind FROM findings WHERE kind IS NOT NULL ORDER BY kind");
    if (!rc && !kinds) rc = DFT_ERROR;
    while (!rc && sqlite3_step(kinds) == SQLITE_ROW) {
        const char *kind = rpt_col(kinds, 0);
        char name[160];
        kind_file(name, sizeof name, kind);
        sqlite3_stmt *st = rpt_prep(r, "SELECT * FROM v_findings WHERE kind = ?1 ORDER BY finding_id");
        if (!st) {
            rc = DFT_ERROR;
            break;
        }
        sqlite3_bind_text(st, 1, kind, -1, SQLITE_TRANSIENT);
        bool dup = false;
        for (size_t i = 0; i < written.n; i++) dup |= !strcmp(written.v[i], name);
        if (!dup) rc = write_csv(r, dir, name, "findings", st, &written);
        sqlite3_finalize(st);
    }
    sqlite3_finalize(kinds);
    if (!rc) rc = write_manifest(dir, &written);
    strs_free(&written);
    return rc;
}
