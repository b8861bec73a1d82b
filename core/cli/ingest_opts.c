/*
 * ingest_opts.c - argv parsing for `dftriage ingest` (ingest_opts.h).
 */
#include "ingest_opts.h"

#include <ctype.h>
#include <getopt.h>
#include <sys/stat.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"

/* An IANA zone name ("Asia/Bangkok", "UTC") known to this system's tz database, or a fixed offset
 * ("+07:00"): the case's time zone, shown beside UTC in reports (times stay UTC in the case file). */
static bool valid_time_zone(const char *z)
{
    if (!z[0] || strlen(z) > 64 || strstr(z, "..")) return false;
    if ((z[0] == '+' || z[0] == '-') && strlen(z) == 6 && z[1] >= '0' && z[1] <= '1' && z[2] >= '0' &&
        z[2] <= '9' && z[3] == ':' && z[4] >= '0' && z[4] <= '5' && z[5] >= '0' && z[5] <= '9')
        return true;
    if (strcmp(z, "UTC") == 0) return true;
    for (const char *c = z; *c; c++)
        if (!(isalnum((unsigned char)*c) || *c == '/' || *c == '_' || *c == '-' || *c == '+')) return false;
    char path[128];
    snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", z);
    struct stat st;
    return z[0] != '/' && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static const char usage[] =
    "usage: dftriage ingest CASE.db EVIDENCE... [--case-number N] [--examiner NAME] [--threads N]\n"
    "       [--plugins a,b] [--plugin-dir DIR] [--plugin-opt NAME.KEY=VALUE] [--plugin-opts FILE]\n"
    "       [--file-timeout SEC] [--item-timeout SEC] [--temp-dir DIR] [--no-progress]\n"
    "       [--max-member-size BYTES] [--max-ratio R] [--max-total-size BYTES] [--max-depth N]\n"
    "       [--full-magic] [--slack] [--max-decode-depth N] [--max-decoded BYTES] [--time-zone ZONE]\n"
    "       [--hash-engine auto|openssl|avx2|avx512]\n";

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
           O_MEMBER, O_RATIO, O_TOTAL, O_DEPTH, O_FULLMAGIC, O_DECODE_DEPTH, O_DECODED, O_TZ, O_SLACK,
           O_PLUGIN_OPT, O_PLUGIN_OPTS, O_ITEMTIMEOUT, O_HASHENGINE };
    static const struct option longopts[] = {
        { "case-number", required_argument, NULL, O_CASE }, { "examiner", required_argument, NULL, O_EXAMINER },
        { "threads", required_argument, NULL, O_THREADS }, { "plugins", required_argument, NULL, O_PLUGINS },
        { "plugin-dir", required_argument, NULL, O_PLUGIN_DIR },
        { "plugin-opt", required_argument, NULL, O_PLUGIN_OPT }, { "plugin-opts", required_argument, NULL, O_PLUGIN_OPTS },
        { "file-timeout", required_argument, NULL, O_TIMEOUT }, { "temp-dir", required_argument, NULL, O_TEMP },
        { "no-progress", no_argument, NULL, O_NOPROG }, { "max-member-size", required_argument, NULL, O_MEMBER },
        { "max-ratio", required_argument, NULL, O_RATIO }, { "max-total-size", required_argument, NULL, O_TOTAL },
        { "max-depth", required_argument, NULL, O_DEPTH }, { "full-magic", no_argument, NULL, O_FULLMAGIC },
        { "max-decode-depth", required_argument, NULL, O_DECODE_DEPTH },
        { "max-decoded", required_argument, NULL, O_DECODED }, { "time-zone", required_argument, NULL, O_TZ },
        { "slack", no_argument, NULL, O_SLACK }, { "item-timeout", required_argument, NULL, O_ITEMTIMEOUT },
        { "hash-engine", required_argument, NULL, O_HASHENGINE },
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
        case O_PLUGIN_OPT:
            /* checked against the plugins' declarations once they are loaded (registry.h) */
            if (o->n_plugin_opts >= DFT_MAX_PLUGIN_OPTS) {
                fprintf(stderr, "dftriage: ingest: more than %d --plugin-opt: put them in a --plugin-opts FILE\n",
                        DFT_MAX_PLUGIN_OPTS);
                goto fail;
            }
            o->plugin_opts[o->n_plugin_opts++] = optarg;
            break;
        case O_PLUGIN_OPTS:
            if (o->n_plugin_opt_files >= DFT_MAX_PLUGIN_OPT_FILES) goto bad;
            o->plugin_opt_files[o->n_plugin_opt_files++] = optarg;
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
        case O_SLACK: o->slack = true; break;
        case O_HASHENGINE:
            if (dft_hash_engine_parse(optarg, &o->hash_engine)) goto bad;
            /* a forced engine this CPU cannot run is refused, not silently replaced */
            if (!dft_hash_engine_supported(o->hash_engine)) {
                fprintf(stderr, "dftriage: ingest: --hash-engine %s: not supported by this CPU or build\n", optarg);
                goto fail;
            }
            break;
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
        case O_DECODE_DEPTH:
            o->max_decode_depth = (int)strtol(optarg, &end, 10);
            if (*end || o->max_decode_depth < 1 || o->max_decode_depth > 64) goto bad;
            break;
        case O_DECODED: if (parse_u64(optarg, &o->max_decoded) || o->max_decoded == 0) goto bad; break;
        case O_TZ:
            if (!valid_time_zone(optarg)) goto bad;
            o->time_zone = optarg;
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
fail:
    free(o->positional);
    o->positional = o->evidence = NULL;
    return DFT_ERROR;
}
