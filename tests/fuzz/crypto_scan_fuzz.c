/*
 * crypto_scan_fuzz.c - fuzz harness for the crypto_scan engine (plugins/crypto_scan/scan_engine.c) with
 * the real validators and BIP39 lists. The first input byte picks a block size (1..256 bytes, or all at
 * once); the rest is the content. Invariants checked: the stream ends cleanly; every hit lies inside the
 * content, with its context; an ASCII hit's bytes are its value and re-classify as valid; and the hits
 * are the same, in the same order, whether the content is fed whole or in blocks.
 * Word lists: $DFTRIAGE_DATA_DIR/crypto_scan/bip39, else the source tree (found from __FILE__).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "fuzz_check.h"
#include "plugins/crypto_scan/scan_engine.h"

typedef struct rec {
    uint64_t off[64], len[64];
    size_t n;
    const uint8_t *data;
    size_t size;
} rec;

static int on_hit(void *payload, const dft_cscan_hit *h)
{
    rec *r = payload;
    FUZZ_CHECK(h->offset + h->length <= r->size && h->length > 0);
    FUZZ_CHECK(h->ctx_before_len <= h->offset && h->offset + h->length + h->ctx_after_len <= r->size);
    if (h->addr) {
        dft_crypto_hit again;
        FUZZ_CHECK(dft_crypto_classify(h->value, strlen(h->value), &again) == DFT_OK);
        if (!h->utf16) FUZZ_CHECK(memcmp(r->data + h->offset, h->value, h->length) == 0);
    }
    if (r->n < 64) {
        r->off[r->n] = h->offset;
        r->len[r->n] = h->length;
    }
    r->n++;
    return 0;
}

static dft_bip39 *lists;
static dft_cscan_db *db;
static dft_cscan_scratch *sc;

static void setup(void)
{
    char dir[4096];
    const char *env = getenv("DFTRIAGE_DATA_DIR");
    if (env) {
        snprintf(dir, sizeof dir, "%s/crypto_scan/bip39", env);
    } else {
        snprintf(dir, sizeof dir, "%s", __FILE__);
        char *slash = strrchr(dir, '/');
        if (slash) *slash = '\0';
        strncat(dir, "/../../plugins/crypto_scan/data/bip39", sizeof dir - strlen(dir) - 1);
    }
    if (dft_bip39_load(&lists, dir) != DFT_OK) lists = NULL;   /* addresses only, then */
    FUZZ_CHECK(dft_cscan_db_new(&db, lists) == DFT_OK);
    FUZZ_CHECK(dft_cscan_scratch_new(&sc, db) == DFT_OK);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!db) setup();
    if (size == 0) return 0;
    size_t block = data[0] ? data[0] : 0;
    data++;
    size--;
    rec whole = { .data = data, .size = size }, cut = { .data = data, .size = size };
    FUZZ_CHECK(dft_cscan_buffer(db, sc, data, size, 0, on_hit, &whole) == DFT_OK);
    FUZZ_CHECK(dft_cscan_buffer(db, sc, data, size, block, on_hit, &cut) == DFT_OK);
    FUZZ_CHECK(whole.n == cut.n);
    size_t n = whole.n < 64 ? whole.n : 64;
    for (size_t i = 0; i < n; i++) FUZZ_CHECK(whole.off[i] == cut.off[i] && whole.len[i] == cut.len[i]);
    return 0;
}
