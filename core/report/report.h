/*
 * report.h - reports out of a case file (docs/report.md): a self-contained HTML folder for
 * prosecutors, CSV annexes for analysts, a CASE/UCO 1.4.0 JSON-LD export for exchange between
 * agencies; optionally redacted with stable pseudonyms.
 *
 * Invariants:
 *  1. The case file is only read: it is opened read-only (dft_store_open_readonly). A case of an older
 *     schema is migrated in a private temporary copy, never in place.
 *  2. A case whose audit chain, sealed rows or schema fail the checks of `verify` is refused unless
 *     force is set; then every output says so first.
 *  3. Output is a function of the case file: rows in id order, no time but one generation-time line
 *     in index.html (SOURCE_DATE_EPOCH, when set, fixes it too).
 *  4. Rows are streamed from SQLite to the outputs: memory does not grow with the number of rows
 *     (except the bounded contact graph and per-day timeline aggregates).
 */
#ifndef DFT_REPORT_H
#define DFT_REPORT_H

#include <stdbool.h>

typedef struct dft_report_opts {
    const char *html_dir;     /* --html DIR, or NULL */
    const char *csv_dir;      /* --csv DIR, or NULL */
    const char *caseuco_file; /* --case-uco FILE, or NULL */
    bool redact;              /* --redact: pseudonyms for personal data */
    bool force;               /* --force: report a case that fails the integrity checks */
    bool bom;                 /* --bom: UTF-8 byte order mark at the start of every CSV */
} dft_report_opts;

/* Exit-style outcome of dft_report_run beyond DFT_OK/DFT_E*: the case failed its integrity checks
 * and force was not given (the message says which check). */
#define DFT_REPORT_REFUSED 1

/* Writes the requested outputs of the case file at case_path. DFT_OK, DFT_REPORT_REFUSED, or a
 * negative DFT_E* code with dft_error_last() telling why. Progress and notes go to stderr. */
int dft_report_run(const char *case_path, const dft_report_opts *opts);

#endif
