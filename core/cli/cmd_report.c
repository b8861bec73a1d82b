/*
 * cmd_report.c - `dftriage report CASE.db (--html DIR | --csv DIR | --case-uco FILE)... [--redact]
 * [--force] [--bom]`: the reports of a case file (core/report, docs/report.md).
 *
 * Exit status: 0 written; 1 failure (the case cannot be read, an output cannot be written), with a
 * one-line reason; 2 usage; 6 refused: the case fails the integrity checks of verify (schema, audit
 * chain, sealed rows) and --force was not given.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "error.h"
#include "report.h"

static const char usage[] =
    "usage: dftriage report CASE.db (--html DIR | --csv DIR | --case-uco FILE)... [--redact] [--force] [--bom]\n";

int dft_cmd_report(int argc, char **argv)
{
    dft_report_opts o = { 0 };
    const char *case_path = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **target = !strcmp(a, "--html") ? &o.html_dir
                              : !strcmp(a, "--csv") ? &o.csv_dir
                              : !strcmp(a, "--case-uco") ? &o.caseuco_file
                                                          : NULL;
        if (target) {
            if (i + 1 >= argc || !argv[i + 1][0]) {
                fprintf(stderr, "dftriage report: %s needs a value\n%s", a, usage);
                return 2;
            }
            *target = argv[++i];
        } else if (!strcmp(a, "--redact")) {
            o.redact = true;
        } else if (!strcmp(a, "--force")) {
            o.force = true;
        } else if (!strcmp(a, "--bom")) {
            o.bom = true;
        } else if (a[0] == '-' || case_path) {
            fprintf(stderr, "dftriage report: unexpected argument '%s'\n%s", a, usage);
            return 2;
        } else {
            case_path = a;
        }
    }
    if (!case_path || (!o.html_dir && !o.csv_dir && !o.caseuco_file)) {
        fputs(usage, stderr);
        return 2;
    }
    int rc = dft_report_run(case_path, &o);
    if (rc == DFT_REPORT_REFUSED) return 6;
    if (rc != DFT_OK) {
        fprintf(stderr, "dftriage report: %s\n", dft_error_last());
        return 1;
    }
    if (o.html_dir) printf("HTML report: %s/index.html\n", o.html_dir);
    if (o.csv_dir) printf("CSV annexes: %s (MANIFEST.sha256)\n", o.csv_dir);
    if (o.caseuco_file) printf("CASE/UCO JSON-LD: %s\n", o.caseuco_file);
    return 0;
}
