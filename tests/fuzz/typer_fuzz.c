/*
 * typer_fuzz.c - fuzz harness for dft_typer_plain_text (core/pipeline/typer.c), the rule-2 shortcut that
 * decides when libmagic may skip its soft-magic database. Checks: no NUL byte and not empty when
 * it says "plain text"; the answer depends only on the bytes (same answer twice, and from a copy);
 * whitespace-only input is plain text. Also rule 0's memo (typememo.h), kept across inputs: a stored
 * input is found again with its answer, the same slot and hash with one byte changed is not, and the
 * stored bytes never pass the budget.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "typememo.h"
#include "typer.h"
#include "fuzz_check.h"

static void check_memo(const uint8_t *data, size_t size)
{
    static dft_typememo *m;
    if (!m && dft_typememo_new(&m, 16, 64u << 10) != DFT_OK) return;
    uint64_t h = dft_typememo_hash(data, size);
    const char *mime, *desc;
    dft_typememo_put(m, h, data, size, "mime/x", "desc");
    FUZZ_CHECK(dft_typememo_held(m) <= (64u << 10));
    if (size + 12 > (64u << 10)) return; /* too large to be stored */
    FUZZ_CHECK(dft_typememo_get(m, h, data, size, &mime, &desc) && strcmp(mime, "mime/x") == 0 &&
               strcmp(desc, "desc") == 0);
    if (!size) return;
    uint8_t *other = malloc(size);
    if (!other) return;
    memcpy(other, data, size);
    other[size - 1] ^= 0x5a;
    FUZZ_CHECK(!dft_typememo_get(m, h, other, size, &mime, &desc));     /* bytes decide, not the hash */
    FUZZ_CHECK(!dft_typememo_get(m, h, other, size - 1, &mime, &desc)); /* a prefix is other bytes */
    free(other);
}

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
    check_memo(data, size);
    return 0;
}
