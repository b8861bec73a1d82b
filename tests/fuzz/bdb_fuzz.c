/*
 * bdb_fuzz.c - fuzz harness for the Berkeley DB page reader (parsers/bdb.c) and the Bitcoin Core
 * record decoder on top of it (parsers/btcwallet.c). Checks: only the documented codes; every
 * record delivered is no larger than the input (overflow items are assembled from its pages); the
 * counters agree; the wallet's names come out sorted and unique; the bitcoin2john line, when there
 * is one, is well formed.
 */
#include <stdint.h>
#include <string.h>

#include "parsers/bdb.h"
#include "parsers/btcwallet.h"
#include "error.h"
#include "fuzz_check.h"

typedef struct ctx {
    size_t size;
    uint32_t n;
} ctx;

static int rec(void *payload, const uint8_t *k, size_t kl, const uint8_t *v, size_t vl)
{
    ctx *c = payload;
    FUZZ_CHECK(k != NULL && v != NULL);
    FUZZ_CHECK(kl <= c->size && vl <= c->size);
    if (kl) FUZZ_CHECK(k[0] == k[0] && k[kl - 1] == k[kl - 1]);   /* touch both ends (ASan) */
    if (vl) FUZZ_CHECK(v[0] == v[0] && v[vl - 1] == v[vl - 1]);
    c->n++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (int pass = 0; pass < 2; pass++) {
        ctx c = { size, 0 };
        dft_bdb_stats st;
        int rc = dft_bdb_walk(data, size, pass ? NULL : "main", rec, &c, &st);
        FUZZ_CHECK(rc == DFT_OK || rc == DFT_ECORRUPT || rc == DFT_ENOTFOUND || rc == DFT_EUNSUPPORTED);
        FUZZ_CHECK(st.records == c.n);
        FUZZ_CHECK(memchr(st.first_problem, 0, sizeof st.first_problem) != NULL);
    }
    dft_btcwallet *w = NULL;
    int rc = dft_btcwallet_read_bdb(&w, data, size, NULL);
    FUZZ_CHECK(rc == DFT_OK || rc == DFT_ECORRUPT || rc == DFT_ENOTFOUND || rc == DFT_EUNSUPPORTED);
    if (rc == DFT_OK) {
        FUZZ_CHECK(w != NULL && w->n_bad <= w->n_records);
        for (size_t i = 1; i < w->n_names; i++) FUZZ_CHECK(strcmp(w->names[i - 1].address, w->names[i].address) < 0);
        char line[300];
        if (dft_btcwallet_crack_hash(w, line, sizeof line) == DFT_OK)
            FUZZ_CHECK(strncmp(line, "$bitcoin$64$", 12) == 0 && strlen(line) < sizeof line);
    } else {
        FUZZ_CHECK(w == NULL);
    }
    dft_btcwallet_free(w);
    return 0;
}
