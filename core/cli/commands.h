/*
 * commands.h - the subcommands of the dftriage CLI (contract in ARCHITECTURE.md "Command line").
 * Each takes the argv after the program name (argv[0] is the subcommand) and returns the process
 * exit status: 0 success, 1 failure with a one-line reason on stderr, 2 usage error.
 */
#ifndef DFT_COMMANDS_H
#define DFT_COMMANDS_H

int dft_cmd_ingest(int argc, char **argv);   /* core/cli/cmd_ingest.c */
int dft_cmd_info(int argc, char **argv);     /* core/cli/cmd_info.c */
int dft_cmd_verify(int argc, char **argv);   /* core/cli/cmd_verify.c */
int dft_cmd_plugins(int argc, char **argv);  /* core/cli/cmd_plugins.c */
int dft_cmd_report(int argc, char **argv);   /* core/cli/cmd_report.c */
int dft_cmd_batch(int argc, char **argv);    /* core/cli/cmd_batch.c */
int dft_cmd_merge(int argc, char **argv);    /* core/cli/cmd_merge.c */

typedef struct dft_store dft_store;
/* Prints "audit chain head: SEQ:HASH" (the last audit row; docs/case-file.md "Sealed rows") on
 * stdout: the last line of an ingest, and a line of verify. Nothing when s is NULL. */
void dft_cmd_print_head(dft_store *s);       /* core/cli/cmd_verify.c */

#endif
