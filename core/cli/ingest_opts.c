/*
 * ingest_opts.c - argv parsing for `dftriage ingest` (ingest_opts.h).
 */
#include "ingest_opts.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"

static const char usage[] =
    "usage: dftriage ingest CASE.db EVIDENCE... [--case-number N] [--examiner NAME] [--threads N]\n"
    "       [--plugins a,b] [--plugin-dir DIR] [--file-timeout SEC] [--item-timeout SEC] [--temp-dir DIR]\n"
    "       [--no-progress]\n"
    "       [--max-member-size BYTES] [--max-ratio R] [--max-total-size BYTES] [--max-depth N]\n"
    "       [--full-magic]\n";

static int parse_u64(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    uint64_t mul = 1;
    if (*end == 'K' || *end == 'k') mul = 1ull << 10, end++;
    else if (*end == 'M' || *end == 'm') mul = 1ull << 20, end++;
    else if (*end == 'G' || *end == 'g') mul = 1ull << 30, end++;
    if (end == s || *end) return DFT_ERROR;
    *out = (uint64_t)v * mul;
    return DFT_OK;
}

void dft_plugin_dirs_add_defaults(const char **dirs, int *n, int cap)
{
    static char beside_exe[PATH_MAX + 64];
    const char *env = getenv("DFTRIAGE_PLUGIN_DIR");
    if (env && env[0] && *n < cap) dirs[(*n)++] = env;
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0 && *n < cap) {
        exe[len] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) *slash = '\0';
        snprintf(beside_exe, sizeof beside_exe, "%s/plugins", exe);
        dirs[(*n)++] = beside_exe;
    }
    dirs[*n] = NULL;
}

int dft_ingest_opts_parse(dft_ingest_opts *o, int argc, char **argv)
{
    memset(o, 0, sizeof *o);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    o->threads = cores > 0 ? (int)cores : 2;
    o->file_timeout_s = 600;
    o->max_inmem = 64ull << 20;
    o->progress = isatty(2);
    enum { O_CASE = 1000, O_EXAMINER, O_THREADS, O_PLUGINS, O_PLUGIN_DIR, O_TIMEOUT, O_TEMP, O_NOPROG,
           O_MEMBER, O_RATIO, O_TOTAL, O_DEPTH, O_FULLMAGIC, O_ITEMTIMEOUT };
    static const struct option longopts[] = {
        { "case-number", required_argument, NULL, O_CASE }, { "examiner", required_argument, NULL, O_EXAMINER },
        { "threads", required_argument, NULL, O_THREADS }, { "plugins", required_argument, NULL, O_PLUGINS },
        { "plugin-dir", required_argument, NULL, O_PLUGIN_DIR },
        { "file-timeout", required_argument, NULL, O_TIMEOUT }, { "temp-dir", required_argument, NULL, O_TEMP },
        { "no-progress", no_argument, NULL, O_NOPROG }, { "max-member-size", required_argument, NULL, O_MEMBER },
        { "max-ratio", required_argument, NULL, O_RATIO }, { "max-total-size", required_argument, NULL, O_TOTAL },
        { "max-depth", required_argument, NULL, O_DEPTH }, { "full-magic", no_argument, NULL, O_FULLMAGIC },
        { "item-timeout", required_argument, NULL, O_ITEMTIMEOUT },
        { NULL, 0, NULL, 0 },
    };
    optind = 1;
    opterr = 0;
    int c;
    char *end;
    while ((c = getopt_long(argc, argv, "+", longopts, NULL)) != -1 || optind < argc) {
        if (c == -1) {
            /* a positional argument: keep it and continue with the options after it */
            const char **grown = realloc(o->positional, (size_t)(o->n_evidence + 2) * sizeof *grown);
            if (!grown) return DFT_ENOMEM;
            o->evidence = o->positional = grown;
            o->evidence[o->n_evidence++] = argv[optind++];
            o->evidence[o->n_evidence] = NULL;
            continue;
        }
        switch (c) {
        case O_CASE: o->case_number = optarg; break;
        case O_EXAMINER: o->examiner = optarg; break;
        case O_THREADS:
            o->threads = (int)strtol(optarg, &end, 10);
            if (*end || o->threads < 1 || o->threads > 256) goto bad;
            break;
        case O_PLUGINS: o->plugins = optarg; break;
        case O_PLUGIN_DIR:
            if (o->n_plugin_dirs >= DFT_MAX_PLUGIN_DIRS) goto bad;
            o->plugin_dirs[o->n_plugin_dirs++] = optarg;
            break;
        case O_TIMEOUT:
            o->file_timeout_s = (int)strtol(optarg, &end, 10);
            if (*end || o->file_timeout_s < 0) goto bad;
            break;
        case O_ITEMTIMEOUT:
            o->item_timeout_s = (int)strtol(optarg, &end, 10);
            if (*end || o->item_timeout_s < 0) goto bad;
            break;
        case O_TEMP: o->temp_dir = optarg; break;
        case O_NOPROG: o->progress = false; break;
        case O_FULLMAGIC: o->full_magic = true; break;
        case O_MEMBER: if (parse_u64(optarg, &o->max_member_size)) goto bad; break;
        case O_TOTAL: if (parse_u64(optarg, &o->max_total_size)) goto bad; break;
        case O_RATIO:
            o->max_ratio = strtod(optarg, &end);
            if (*end || o->max_ratio <= 1) goto bad;
            break;
        case O_DEPTH:
            o->max_depth = (int)strtol(optarg, &end, 10);
            if (*end || o->max_depth < 0) goto bad;
            break;
        default: goto bad;
        }
    }
    if (o->n_evidence < 2) goto bad;
    o->case_path = o->evidence[0];
    o->evidence++;
    o->n_evidence--;
    dft_plugin_dirs_add_defaults(o->plugin_dirs, &o->n_plugin_dirs, DFT_MAX_PLUGIN_DIRS + 2);
    return DFT_OK;
bad:
    fprintf(stderr, "dftriage: ingest: bad or missing argument%s%s\n%s", optind > 1 ? " near " : "",
            optind > 1 ? argv[optind - 1] : "", usage);
    free(o->positional);
    o->positional = o->evidence = NULL;
    return DFT_ERROR;
}
