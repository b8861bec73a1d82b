/*
 * marker_plugin.c - an external streaming scanner for the e2e tests: finds tokens "MARKER-<A-Z0-9->"
 * in every content it is offered (files, derived files, decoded content), across block boundaries,
 * and emits a "test.marker" finding with the token and its offset. A miniature of the crypto scanner
 * of a later issue: what it finds in decoded content must come back with the forensic path.
 */
#include <stdlib.h>
#include <string.h>

#include "plugin.h"

#define TOKEN_MAX 64

typedef struct marker_state {
    char carry[TOKEN_MAX + 8]; /* the tail of the previous block that may start a token */
    size_t carry_len;
    uint64_t carry_off;        /* content offset of carry[0] */
} marker_state;

static const dft_claim marker_claims[] = { { DFT_CLAIM_ALL, NULL }, { DFT_CLAIM_END, NULL } };

static int marker_begin(dft_scan *s, const dft_file *f, void **state)
{
    (void)s; (void)f;
    *state = calloc(1, sizeof(marker_state));
    return *state ? DFT_OK : DFT_ENOMEM;
}

static bool token_char(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'; }

/* Scans buf (content offset base); emits complete tokens; returns how many tail bytes to carry. */
static size_t scan_buf(dft_scan *s, const char *buf, size_t n, uint64_t base, bool last)
{
    size_t i = 0, keep_from = n;
    while (i + 7 <= n) {
        const char *hit = memmem(buf + i, n - i, "MARKER-", 7);
        if (!hit) break;
        size_t start = (size_t)(hit - buf), end = start + 7;
        while (end < n && token_char(buf[end]) && end - start < TOKEN_MAX) end++;
        if (end == n && !last && end - start < TOKEN_MAX) {
            keep_from = start; /* may go on in the next block */
            break;
        }
        char token[TOKEN_MAX + 1];
        memcpy(token, buf + start, end - start);
        token[end - start] = '\0';
        dft_finding f = DFT_INIT(dft_finding);
        f.kind = "test.marker";
        f.value = token;
        f.offset = (int64_t)(base + start);
        f.length = (int64_t)(end - start);
        f.confidence = 1.0;
        dft_emit_finding(s, &f, NULL);
        i = end;
    }
    if (keep_from == n && !last) keep_from = n > 6 ? n - 6 : 0; /* a token may start in the last 6 bytes */
    if (keep_from < i) keep_from = i;
    return last ? 0 : n - keep_from;
}

static int marker_block(dft_scan *s, void *state, uint64_t offset, const uint8_t *data, size_t len)
{
    marker_state *m = state;
    size_t n = m->carry_len + len;
    char *buf = malloc(n ? n : 1);
    if (!buf) return DFT_ENOMEM;
    memcpy(buf, m->carry, m->carry_len);
    memcpy(buf + m->carry_len, data, len);
    uint64_t base = m->carry_len ? m->carry_off : offset;
    size_t keep = scan_buf(s, buf, n, base, false);
    if (keep > TOKEN_MAX) keep = TOKEN_MAX;
    memcpy(m->carry, buf + n - keep, keep);
    m->carry_len = keep;
    m->carry_off = base + n - keep;
    free(buf);
    return DFT_OK;
}

static int marker_end(dft_scan *s, void *state)
{
    marker_state *m = state;
    if (m && m->carry_len) scan_buf(s, m->carry, m->carry_len, m->carry_off, true);
    free(m);
    return DFT_OK;
}

static const dft_plugin marker_plugin = {
    .abi = DFT_PLUGIN_ABI,
    .struct_size = sizeof(dft_plugin),
    .name = "marker",
    .version = "0.1.0",
    .description = "e2e test scanner: MARKER- tokens in every content",
    .claims = marker_claims,
    .access = DFT_ACCESS_STREAM,
    .stream_begin = marker_begin,
    .stream_block = marker_block,
    .stream_end = marker_end,
};

const dft_plugin *dft_plugin_entry(void);
const dft_plugin *dft_plugin_entry(void) { return &marker_plugin; }
