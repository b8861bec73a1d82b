/*
 * ingest_opts.h - the options of `dftriage ingest`, parsed from argv (ingest_opts.c), and the
 * default plugin directories shared with `dftriage plugins`.
 */
#ifndef DFT_INGEST_OPTS_H
#define DFT_INGEST_OPTS_H

#include <stdbool.h>
#include <stdint.h>

#include "mbhash.h"

#define DFT_MAX_PLUGIN_DIRS 16
#define DFT_MAX_PLUGIN_OPTS 256        /* --plugin-opt on the command line; a file has no limit */
#define DFT_MAX_PLUGIN_OPT_FILES 16

typedef struct dft_ingest_opts {
    const char *case_path;
    const char **evidence;      /* argv slices, NULL-terminated (points into positional) */
    const char **positional;    /* malloc'd: CASE then EVIDENCE...; free it */
    int n_evidence;
    const char *case_number, *examiner;
    int threads;
    const char *plugins;        /* comma list or NULL = all */
    const char *plugin_dirs[DFT_MAX_PLUGIN_DIRS + 3];
    int n_plugin_dirs;
    const char *plugin_opts[DFT_MAX_PLUGIN_OPTS + 1];          /* NAME.KEY=VALUE, NULL-terminated */
    int n_plugin_opts;
    const char *plugin_opt_files[DFT_MAX_PLUGIN_OPT_FILES + 1]; /* --plugin-opts FILE, NULL-terminated */
    int n_plugin_opt_files;
    int file_timeout_s;
    int item_timeout_s;         /* --item-timeout: per evidence item walk limit (0 = none); item_watch.h */
    const char *temp_dir;
    uint64_t max_member_size, max_total_size, max_inmem;
    double max_ratio;
    int max_depth;
    bool progress;              /* stderr is a terminal and --no-progress not given */
    bool full_magic;            /* --full-magic: no typing shortcuts (core/pipeline/typer.h) */
    int max_decode_depth;       /* --max-decode-depth: nested decoded content and derived files (0 = 5) */
    uint64_t max_decoded;       /* --max-decoded: decoded bytes scanned per file (0 = 1 GiB) */
    const char *time_zone;      /* --time-zone: the case's zone (case_info.time_zone), NULL = keep */
    bool slack;                 /* --slack: file slack goes to DFT_CLAIM_UNALLOC plugins too */
    dft_hash_engine hash_engine; /* --hash-engine auto|openssl|avx2|avx512 (file digests; mbhash.h) */
} dft_ingest_opts;

/* Parses argv (argv[0] = "ingest"); on error prints a usage line and returns DFT_ERROR.
 * opts->positional is malloc'd (free it). */
int dft_ingest_opts_parse(dft_ingest_opts *opts, int argc, char **argv);

/* Adds the default plugin directories ($DFTRIAGE_PLUGIN_DIR, then <prefix>/lib/dftriage/plugins
 * next to the executable) after the --plugin-dir ones; NULL-terminates. */
void dft_plugin_dirs_add_defaults(const char **dirs, int *n, int cap);

#endif
