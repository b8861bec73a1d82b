/*
 * unalloc_marker_plugin.c - an external DFT_CLAIM_UNALLOC plugin for tests/e2e/e2e_unalloc.sh.
 *
 * Claims unallocated space and slack only (no file claim), and emits one finding of kind
 * "test.marker" for every "DFTMARK-<word>" in the bytes it is streamed, with the offset relative
 * to the region (the core adds the media offset) and details naming what region_begin was told
 * ({"kind":..,"region_id":..,"file_id":..,"region_offset":..,"region_length":..}), so the test can
 * check the dft_region the plugin saw as well as the stored row.
 *
 * Invariants:
 *  1. A marker split across two stream_block calls is found (a carry of the last bytes).
 *  2. Blocks arrive in order without gaps: offset == bytes seen so far, else DFT_ECORRUPT.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugin.h"

#define TAG "DFTMARK-"
#define TAG_LEN 8
#define WORD_MAX 24
#define CARRY (TAG_LEN + WORD_MAX)

typedef struct mstate {
    dft_region r;
    char kind[16];
    uint64_t seen;            /* bytes of the region streamed so far */
    uint8_t carry[CARRY];     /* the last bytes of the previous block */
    size_t ncarry;
} mstate;

static const dft_claim marker_claims[] = {
    {DFT_CLAIM_UNALLOC, NULL},
    {DFT_CLAIM_END, NULL},
};

static int word_char(uint8_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static int marker_region_begin(dft_scan *s, const dft_region *r, void **state)
{
    (void)s;
    mstate *m = calloc(1, sizeof *m);
    if (!m) return DFT_ENOMEM;
    m->r = *r;
    snprintf(m->kind, sizeof m->kind, "%s", r->kind ? r->kind : "?");
    m->r.kind = m->kind;
    *state = m;
    return DFT_OK;
}

/* Scans buf (carry + block); base = region offset of buf[0]. Only matches that start before
 * `limit` are taken (the rest are found again with the next block). */
static int scan_buf(dft_scan *s, mstate *m, const uint8_t *buf, size_t n, uint64_t base, size_t limit)
{
    for (size_t i = 0; i + TAG_LEN <= n && i < limit; i++) {
        if (buf[i] != 'D' || memcmp(buf + i, TAG, TAG_LEN) != 0) continue;
        size_t j = i + TAG_LEN;
        while (j < n && j - i - TAG_LEN < WORD_MAX && word_char(buf[j])) j++;
        char value[CARRY + 1];
        memcpy(value, buf + i, j - i);
        value[j - i] = '\0';
        char details[256];
        snprintf(details, sizeof details,
                 "{\"kind\":\"%s\",\"region_id\":%" PRId64 ",\"file_id\":%" PRId64 ",\"region_offset\":%" PRIu64
                 ",\"region_length\":%" PRIu64 "}",
                 m->kind, m->r.id, m->r.file_id, m->r.media_offset, m->r.length);
        dft_finding f = DFT_INIT(dft_finding);
        f.kind = "test.marker";
        f.subkind = m->kind;
        f.value = value;
        f.offset = (int64_t)(base + i);
        f.length = (int64_t)(j - i);
        f.confidence = 1.0;
        f.details = details;
        int rc = dft_emit_finding(s, &f, NULL);
        if (rc) return rc;
        i = j - 1;
    }
    return DFT_OK;
}

static int marker_block(dft_scan *s, void *state, uint64_t offset, const uint8_t *data, size_t len)
{
    mstate *m = state;
    if (offset != m->seen) return dft_error_set(DFT_ECORRUPT, "block at %" PRIu64 ", expected %" PRIu64, offset, m->seen);
    size_t n = m->ncarry + len;
    uint8_t *buf = malloc(n ? n : 1);
    if (!buf) return DFT_ENOMEM;
    memcpy(buf, m->carry, m->ncarry);
    memcpy(buf + m->ncarry, data, len);
    uint64_t base = m->seen - m->ncarry;
    /* matches starting in the last CARRY bytes wait for the next block (or the end) */
    size_t limit = n > CARRY ? n - CARRY : 0;
    int rc = scan_buf(s, m, buf, n, base, limit);
    size_t keep = n - limit;
    memcpy(m->carry, buf + limit, keep);
    m->ncarry = keep;
    m->seen += len;
    free(buf);
    return rc;
}

static int marker_end(dft_scan *s, void *state)
{
    mstate *m = state;
    int rc = scan_buf(s, m, m->carry, m->ncarry, m->seen - m->ncarry, m->ncarry);
    free(m);
    return rc;
}

/* File streams never come (no file claim), but ABI 2 wants stream_begin with stream access. */
static int marker_begin(dft_scan *s, const dft_file *f, void **state)
{
    (void)s;
    (void)f;
    *state = NULL;
    return dft_error_set(DFT_ERROR, "marker: not a file plugin");
}

static const dft_plugin marker_plugin = {
    .abi = DFT_PLUGIN_ABI,
    .struct_size = sizeof(dft_plugin),
    .name = "marker",
    .version = "0.0.1",
    .description = "test: finds DFTMARK-<word> in unallocated space and slack",
    .claims = marker_claims,
    .access = DFT_ACCESS_STREAM,
    .stream_begin = marker_begin,
    .stream_block = marker_block,
    .stream_end = marker_end,
    .region_begin = marker_region_begin,
};

const dft_plugin *dft_plugin_entry(void) { return &marker_plugin; }
