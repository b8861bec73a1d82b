/*
 * main.c - the dftriage command line: dispatches to the subcommands in commands.h.
 */
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>

#include "commands.h"

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
