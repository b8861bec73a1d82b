/*
 * report_impl.h - what the files of core/report share (private to core/report/report*.c):
 * the report context, the output writer with its escapers, and the redaction interface.
 *
 * Files:
 *   report.c            opening the case (read-only; older schemas migrated in a temporary copy),
 *                       the integrity checks, running the exporters
 *   report_out.c        the output writer: HTML, JSON/JS and CSV escaping, UTF-8 repair
 *   report_redact.c     stable pseudonyms for personal data
 *   report_csv.c        CSV annexes + MANIFEST.sha256
 *   report_html.c       index.html (overview, integrity, evidence, runs, counts)
 *   report_html_data.c  the per-section data files (data/NAME-N.js) of the HTML report
 *   report_viewer.c     the inline CSS and JavaScript of index.html (generated from viewer.js/.css)
 *   report_caseuco.c    CASE/UCO 1.4.0 JSON-LD
 *
 * Invariants:
 *  1. Every string that comes from the case goes out through an escaper of report_out.c (out_html,
 *     out_json, out_csv): evidence is hostile, a file name may be "<script>".
 *  2. Invalid UTF-8 from evidence is written as U+FFFD, so every output is valid UTF-8.
 */
#ifndef DFT_REPORT_IMPL_H
#define DFT_REPORT_IMPL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "report.h"
#include "timefmt.h"

/* ---- output writer (report_out.c) ---- */
typedef struct rpt_out {
    FILE *f;
    char *path;
    int err;        /* first write error (errno), sticky */
} rpt_out;

/* Creates (truncates) path, mode 0600 (reports hold personal data, like the case file). */
int out_open(rpt_out *o, const char *path);
/* Closes; DFT_EIO naming the file when any write failed. Accepts a never-opened writer. */
int out_close(rpt_out *o);
void out_raw(rpt_out *o, const char *s);
void out_rawn(rpt_out *o, const char *s, size_t n);
void out_fmt(rpt_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* HTML text or attribute value (& < > " ' escaped; invalid UTF-8 and C0 controls -> U+FFFD). */
void out_html(rpt_out *o, const char *s);
/* A JSON string literal with its quotes, safe inside <script> too (<, >, &, U+2028/9 as \u); NULL -> null. */
void out_json(rpt_out *o, const char *s);
/* One CSV field (RFC 4180: quoted when it holds , " CR LF or leading/trailing space; "" inside). */
void out_csv(rpt_out *o, const char *s);
/* out_json of a column: TEXT as a string, INTEGER/REAL as a number, NULL as null. */
void out_json_col(rpt_out *o, sqlite3_stmt *st, int col);

/* ---- redaction (report_redact.c) ---- */
typedef struct rpt_redact rpt_redact;
/* Field classes: how a value is normalised before it becomes a token, and the token's prefix. */
typedef enum rpt_field {
    RF_NONE = 0,  /* not personal: written as is */
    RF_NAME,      /* a person's name */
    RF_PHONE,     /* a phone number (digits compared) */
    RF_ID,        /* passport / id number */
    RF_HANDLE,    /* a user name, account id, JID: phones inside are recognised */
    RF_TEXT,      /* free text (message body): known names, phones and ids inside are replaced */
    RF_VALUE,     /* any other personal value */
    RF_JSON,      /* a JSON document: every string value inside is RF_VALUE */
    RF_SECRET_VALUE, /* findings.value: withheld when the row's details list "value" as sensitive */
    RF_SECRET_JSON,  /* findings.details: the keys its "sensitive" array names are withheld */
    RF_LINK_JSON,    /* links.details: the keys its "personal" array names become HANDLE tokens */
} rpt_field;
/* The key is derived from the case itself (report.c: the hash of audit row 1), so the same case gives
 * the same tokens on every run. Loads the known names/phones/ids of persons and contacts from db. */
int rpt_redact_new(rpt_redact **out, sqlite3 *db, const char *case_secret);
void rpt_redact_free(rpt_redact *r);
/* The value to write for a field of class cls: the value itself when r is NULL or cls RF_NONE, else a
 * pseudonym ("PHONE-3f9a2c1b0d"). Returned pointer is valid until the next call on r (or is value). */
const char *rpt_redact_apply(rpt_redact *r, rpt_field cls, const char *value);
/* Which columns a persons/findings row marks personal ("name,phone"), NULL = default set. */
bool rpt_personal_has(const char *personal, const char *column, bool dflt);

/* ---- the report context (report.c) ---- */
typedef struct rpt_strs {
    char **v;
    size_t n, cap;
} rpt_strs;
int strs_add(rpt_strs *l, const char *s);
void strs_free(rpt_strs *l);

typedef struct rpt {
    const dft_report_opts *opts;
    sqlite3 *db;                  /* the case to report (the original, or its migrated copy) */
    const char *case_path;
    int schema_version;           /* of the original file */
    char *case_number, *examiner, *time_zone, *created_utc, *tool_version;
    int64_t head_seq, audit_rows;
    char head_hash[65];
    bool chain_ok, seals_ok, schema_ok, integrity_ok;
    char *chain_msg;              /* audit chain failure, or NULL */
    char *schema_damage;          /* or NULL */
    rpt_strs seal_lines;          /* the seal check, one line per scope or failure */
    int64_t seal_failures;
    char generated[DFT_TIME_LEN]; /* generation time (the one varying line) */
    rpt_redact *redact;           /* NULL unless --redact */
    char *secret_buf;             /* the last withheld-secrets rewrite of a details document */
} rpt;

/* Small query helpers: NULL when the statement fails (error set). */
sqlite3_stmt *rpt_prep(rpt *r, const char *sql);
int64_t rpt_count(rpt *r, const char *sql);
const char *rpt_col(sqlite3_stmt *st, int i);   /* column text or NULL */
/* Does table t have column c (older or foreign schemas)? */
bool rpt_has_table(rpt *r, const char *t);

/* Personal-data class of a column of a typed table (messages, contacts, calls, persons, evidence_meta);
 * RF_NONE when not personal or when not redacting. Value-dependent: accounts that look like phones. */
rpt_field rpt_column_class(const rpt *r, const char *table, const char *column, const char *personal);
/* The value of column col of st, redacted per its class. */
const char *rpt_value(rpt *r, sqlite3_stmt *st, int col, rpt_field cls);

/* ---- exporters ---- */
int rpt_csv_write(rpt *r, const char *dir);
int rpt_html_write(rpt *r, const char *dir);
int rpt_caseuco_write(rpt *r, const char *file);
/* The data sections of the HTML report, as written (for the navigation and counts of index.html). */
#define RPT_MAX_SECTIONS 24
typedef struct rpt_section_info {
    const char *id, *title, *group;
    int64_t rows;
} rpt_section_info;
/* report_html_data.c: writes data/SECTION-N.js and data/prov.js, the manifest (a JSON object:
 * sections with columns/rows/chunks, timeline, graph) to m, and fills secs (*nsecs entries). */
int rpt_html_data_write(rpt *r, const char *dir, rpt_out *m, rpt_section_info *secs, size_t *nsecs);
/* report_viewer.c */
extern const char rpt_viewer_css[];
extern const char rpt_viewer_js[];

/* Makes dir (and parents), refusing a non-empty directory that is not an earlier report of ours
 * (marker file .dftriage-report). */
int rpt_prepare_dir(const char *dir, const char *what);

#endif
