/*
 * merge_toctou.c - the window between a shard's check and its copy (docs/merge.md, issue 14 fix 1).
 *
 * merge_toctou CASE.db SHARD.db SQL: checks SHARD (dft_merge_shard_check, as `merge` does), then runs SQL on
 * the shard through a plain SQLite connection (an edit after the verification: SQL "" edits nothing), then
 * merges it into the existing CASE (dft_merge_shard_into). Prints "merged", "skipped" or "refused: MESSAGE"
 * and exits 0; 2 when the check itself fails or the harness cannot run. The shell test asserts the outcome
 * and that a refused merge left the case byte-identical.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "store.h"
#include "store_merge.h"

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: merge_toctou CASE.db SHARD.db SQL\n");
        return 2;
    }
    dft_merge_shard sh;
    if (dft_merge_shard_check(argv[2], &sh) != DFT_OK) {
        fprintf(stderr, "check failed: %s\n", dft_error_last());
        return 2;
    }
    if (argv[3][0]) {
        sqlite3 *db = NULL;
        char *err = NULL;
        if (sqlite3_open(argv[2], &db) != SQLITE_OK || sqlite3_exec(db, argv[3], NULL, NULL, &err) != SQLITE_OK) {
            fprintf(stderr, "edit failed: %s\n", err ? err : sqlite3_errmsg(db));
            sqlite3_free(err);
            sqlite3_close(db);
            dft_merge_shard_free(&sh);
            return 2;
        }
        sqlite3_close(db);
    }
    dft_store *s = NULL;
    if (dft_store_open(&s, argv[1], false) != DFT_OK) {
        fprintf(stderr, "open case: %s\n", dft_error_last());
        dft_merge_shard_free(&sh);
        return 2;
    }
    int64_t run = 0, rows = 0;
    dft_merge_outcome out = DFT_MERGE_MERGED;
    int rc = dft_merge_shard_into(s, &sh, "merge_toctou", NULL, false, &run, &out, &rows);
    if (rc)
        printf("refused: %s\n", dft_error_last());
    else
        printf("%s\n", out == DFT_MERGE_SKIPPED ? "skipped" : "merged");
    dft_store_close(s);
    dft_merge_shard_free(&sh);
    return 0;
}
