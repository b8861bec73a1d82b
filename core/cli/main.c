/*
 * main.c - the dftriage command line: dispatches to the subcommands in commands.h.
 */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include <libxml/parser.h>

#include "commands.h"

/* The ingest opens each image once per reader: every worker thread and, for large files hashed in lanes
 * (core/pipeline/worker_lanes.c), up to 2 x 16 lane readers per worker keep their own image and
 * file-system handles, and a split raw or E01 set costs one descriptor per segment in each. The usual
 * soft limit of 1,024 descriptors is reached by an E01 set of a few dozen segments, and a descriptor
 * refused to a reader may be one that SQLite or a plugin needs at the same moment; so the soft limit
 * is raised towards the hard one (as far as 65,536) before any thread starts. A reader that still
 * cannot open its handles reads its file alone, after the batch. */
static void raise_descriptor_limit(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return;
    rlim_t want = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > 65536 ? 65536 : rl.rlim_max;
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
        rl.rlim_cur = want;
        (void)setrlimit(RLIMIT_NOFILE, &rl);
    }
}

static const char usage[] =
    "dftriage " DFT_VERSION " - digital-forensics triage of seized disk images and phone dumps\n"
    "\n"
    "usage:\n"
    "  dftriage ingest CASE.db EVIDENCE... [--case-number N] [--examiner NAME] [--threads N]\n"
    "                  [--plugins a,b] [--plugin-dir DIR] [--plugin-opt NAME.KEY=VALUE]...\n"
    "                  [--plugin-opts FILE] [--file-timeout SEC] [--item-timeout SEC] [--temp-dir DIR]\n"
    "                  [--no-progress] [--max-member-size B] [--max-ratio R] [--max-total-size B]\n"
    "                  [--max-depth N] [--full-magic] [--hash-engine auto|openssl|avx2|avx512]\n"
    "  dftriage info CASE.db\n"
    "  dftriage verify CASE.db [--expect SEQ:HASH]\n"
    "  dftriage merge CASE.db [SHARD.db...] [--region CC] [--bulk|--no-bulk]\n"
    "  dftriage report CASE.db (--html DIR | --csv DIR | --case-uco FILE)... [--redact] [--force] [--bom]\n"
    "  dftriage plugins [--plugin-dir DIR]\n"
    "  dftriage batch CASE.db EVIDENCE... (--slurm [--partition P] [--sbatch-arg A]... | --local N) [--wait]\n"
    "                 [--shard-dir DIR] [--case-number N --examiner E] [--max-parallel K] [--requeue R]\n"
    "  dftriage batch --status CASE.db [--shard-dir DIR]\n"
    "  dftriage --version\n"
    "\n"
    "Evidence: raw/dd, split raw (.001, .aa), E01 (multi-segment), VMDK, VHD, a directory,\n"
    "tar/tar.gz/zip file-system extractions, Android .ab backups, iTunes/Finder backups, UFDR.\n";

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("dftriage %s\n", DFT_VERSION);
        return 0;
    }
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (strcmp(cmd, "ingest") == 0) {
        /* libxml2 (office documents) is initialised once on this thread before the workers start, and
         * its global tables freed at the end (they are not per-document) */
        xmlInitParser();
        raise_descriptor_limit();
        int rc = dft_cmd_ingest(argc - 1, argv + 1);
        xmlCleanupParser();
        return rc;
    }
    if (strcmp(cmd, "info") == 0) return dft_cmd_info(argc - 1, argv + 1);
    if (strcmp(cmd, "verify") == 0) return dft_cmd_verify(argc - 1, argv + 1);
    if (strcmp(cmd, "plugins") == 0) return dft_cmd_plugins(argc - 1, argv + 1);
    if (strcmp(cmd, "report") == 0) return dft_cmd_report(argc - 1, argv + 1);
    if (strcmp(cmd, "batch") == 0) return dft_cmd_batch(argc - 1, argv + 1);
    if (strcmp(cmd, "merge") == 0) return dft_cmd_merge(argc - 1, argv + 1);
    fprintf(stderr, "dftriage: unknown command '%s'\n%s", cmd, usage);
    return 2;
}
