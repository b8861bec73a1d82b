/*
 * csvread_fuzz.c - fuzz harness for parsers/csvread.c. Checks: every record has 1..DFT_CSV_MAX_FIELDS
 * fields whose bytes together never exceed the input; line numbers never decrease; the number of
 * records is at most the input length (each consumes at least one byte); the reader ends.
 */
#include <stdint.h>
#include <string.h>

#include "error.h"
#include "fuzz_check.h"
#include "parsers/csvread.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char delim = size && (data[0] == ';' || data[0] == '\t') ? (char)data[0] : 0;
    dft_csv *c = NULL;
    FUZZ_CHECK(dft_csv_open(&c, (const char *)data, size, delim) == DFT_OK);
    char **f;
    size_t nf, records = 0, last_line = 0;
    int rc;
    while ((rc = dft_csv_next(c, &f, &nf)) == 1) {
        records++;
        FUZZ_CHECK(records <= size);
        FUZZ_CHECK(nf >= 1 && nf <= DFT_CSV_MAX_FIELDS);
        size_t total = 0;
        for (size_t i = 0; i < nf; i++) total += strlen(f[i]);
        FUZZ_CHECK(total <= size);
        FUZZ_CHECK(dft_csv_line(c) >= last_line);
        last_line = dft_csv_line(c);
    }
    FUZZ_CHECK(rc == 0);
    dft_csv_free(c);
    return 0;
}
