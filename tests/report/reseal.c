/*
 * reseal.c - test helper: `report_reseal CASE.db EVIDENCE_ID...` seals the rows of the given evidence
 * items again (dft_store_seal_evidence, audited as evidence.seal "rows added by the report test"), and
 * the case scope. The report tests add messages, persons, findings ... with sqlite3, as the chat, crypto
 * and people plugins would have emitted them; resealing makes the case pass verify as such a case
 * would, so the report's integrity checks see an intact case.
 */
#include <stdio.h>
#include <stdlib.h>

#include "error.h"
#include "store.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: report_reseal CASE.db EVIDENCE_ID...\n");
        return 2;
    }
    dft_store *s = NULL;
    if (dft_store_open(&s, argv[1], false) != DFT_OK) {
        fprintf(stderr, "report_reseal: %s\n", dft_error_last());
        return 1;
    }
    int rc = dft_store_begin(s);
    for (int i = 2; i < argc && !rc; i++)
        rc = dft_store_seal_evidence(s, strtoll(argv[i], NULL, 10), "rows added by the report test");
    if (!rc) rc = dft_store_seal_case(s, 1);
    if (!rc) rc = dft_store_commit(s);
    else dft_store_rollback(s);
    if (rc) fprintf(stderr, "report_reseal: %s\n", dft_error_last());
    dft_store_close(s);
    return rc ? 1 : 0;
}
