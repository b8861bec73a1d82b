/*
 * typer_fuzz.c - fuzz harness for dft_typer_plain_text (core/pipeline/typer.c), the rule-2 shortcut that
 * decides when libmagic may skip its soft-magic database. Checks: no NUL byte and not empty when
 * it says "plain text"; the answer depends only on the bytes (same answer twice, and from a copy);
 * whitespace-only input is plain text.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "typer.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bool t = dft_typer_plain_text(data, size);
    if (t) FUZZ_CHECK(size > 0 && memchr(data, 0, size) == NULL);
    FUZZ_CHECK(dft_typer_plain_text(data, size) == t);
    uint8_t *copy = malloc(size ? size : 1);
    if (!copy) return 0;
    memcpy(copy, data, size);
    FUZZ_CHECK(dft_typer_plain_text(copy, size) == t);
    /* prefixes: never reads past the length it is given */
    for (size_t n = 0; n < size && n < 48; n++) (void)dft_typer_plain_text(copy, n);
    free(copy);
    size_t ws = 0;
    while (ws < size && (data[ws] == ' ' || data[ws] == '\t' || data[ws] == '\r' || data[ws] == '\n')) ws++;
    if (size && ws == size) FUZZ_CHECK(t);
    return 0;
}
