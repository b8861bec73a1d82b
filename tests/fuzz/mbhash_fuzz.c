/*
 * mbhash_fuzz.c - fuzz harness comparing the hash engines (core/pipeline/mbhash*): the input is
 * cut into up to 24 messages and a chunking program; every message is hashed by MD5, SHA-1 and
 * SHA-256 with OpenSSL (the reference), and with each multi-buffer engine the CPU runs, through the
 * chunked lane interface (chunk sizes and the lane refill order driven by the input) and through
 * the batch API. Every digest must equal OpenSSL's, every message must come back exactly once, and
 * the lanes must be idle at the end.
 *
 * Input: byte 0 = number of messages (mod 25); then per message a 2-byte little-endian length
 * (clipped to what is left); the rest of the input after the lengths is both the chunk-size
 * program (one byte per chunk, cycled; 0 = an empty chunk) and the message bytes (messages are
 * windows of it, so they overlap).
 */
#include <openssl/evp.h>
#include <stdint.h>
#include <string.h>

#include "error.h"
#include "fuzz_check.h"
#include "mbhash.h"

#define MAX_MSGS 24

static void reference(dft_mb_algo a, const uint8_t *d, size_t n, uint8_t *out)
{
    unsigned len;
    const EVP_MD *md = a == DFT_MB_MD5 ? EVP_md5() : a == DFT_MB_SHA1 ? EVP_sha1() : EVP_sha256();
    FUZZ_CHECK(EVP_Digest(d, n, out, &len, md, NULL) == 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    size_t n = data[0] % (MAX_MSGS + 1), pos = 1;
    size_t lens[MAX_MSGS];
    for (size_t i = 0; i < n; i++) {
        lens[i] = pos + 2 <= size ? (size_t)data[pos] | (size_t)data[pos + 1] << 8 : 0;
        pos = pos + 2 <= size ? pos + 2 : size;
    }
    const uint8_t *body = data + pos;
    size_t blen = size - pos;
    dft_mb_msg msgs[MAX_MSGS];
    for (size_t i = 0; i < n; i++) {
        size_t l = lens[i] <= blen ? lens[i] : blen;
        size_t off = blen - l ? (i * 7919) % (blen - l + 1) : 0;
        msgs[i] = (dft_mb_msg){ body + off, l };
    }
    uint8_t ref[3][MAX_MSGS][32];
    for (int a = 0; a < 3; a++)
        for (size_t i = 0; i < n; i++) reference((dft_mb_algo)a, msgs[i].data, msgs[i].len, ref[a][i]);

    static const dft_hash_engine engines[3] = { DFT_HASH_ENGINE_OPENSSL, DFT_HASH_ENGINE_AVX2, DFT_HASH_ENGINE_AVX512 };
    for (int e = 0; e < 3; e++) {
        if (!dft_hash_engine_supported(engines[e])) continue;
        for (int a = 0; a < 3; a++) {
            size_t dl = dft_mb_digest_len((dft_mb_algo)a);
            uint8_t out[MAX_MSGS * 32];
            /* the batch API (largest first, scalar tail) */
            FUZZ_CHECK(dft_mb_digest_many(engines[e], (dft_mb_algo)a, msgs, n, out) == DFT_OK);
            for (size_t i = 0; i < n; i++) FUZZ_CHECK(memcmp(out + i * dl, ref[a][i], dl) == 0);
            if (engines[e] == DFT_HASH_ENGINE_OPENSSL) continue;
            /* the chunked interface: messages in input order, chunks sized by the program */
            dft_mbctx *m;
            FUZZ_CHECK(dft_mbctx_new(&m, (dft_mb_algo)a, engines[e]) == DFT_OK);
            size_t msg_of[DFT_MB_MAX_LANES], off[DFT_MB_MAX_LANES], zeros[DFT_MB_MAX_LANES], next = 0, done = 0, pc = 0, steps = 0;
            bool seen[MAX_MSGS] = { false };
            while (done < n) {
                int l;
                while (next < n && (l = dft_mbctx_start(m)) >= 0) {
                    msg_of[l] = next++;
                    off[l] = 0;
                    zeros[l] = 0;
                }
                dft_mb_event ev;
                l = dft_mbctx_run(m, &ev);
                FUZZ_CHECK(l >= 0);
                FUZZ_CHECK(++steps < 1000000); /* bounded by the input: no livelock */
                const dft_mb_msg *msg = &msgs[msg_of[l]];
                if (ev == DFT_MB_HUNGRY) {
                    size_t c = blen ? body[pc++ % blen] : 0;
                    if (c > 200) c = (c - 200) * 97; /* some chunks of many blocks */
                    /* an empty chunk, but never two in a row: the program must make progress */
                    if (c == 0 && zeros[l]++) c = 1;
                    else if (c) zeros[l] = 0;
                    if (c > msg->len - off[l]) c = msg->len - off[l];
                    dft_mbctx_feed(m, l, (const uint8_t *)msg->data + off[l], c, off[l] + c == msg->len);
                    off[l] += c;
                } else {
                    FUZZ_CHECK(ev == DFT_MB_DONE);
                    FUZZ_CHECK(!seen[msg_of[l]] && off[l] == msg->len);
                    seen[msg_of[l]] = true;
                    uint8_t got[32];
                    dft_mbctx_digest(m, l, got);
                    FUZZ_CHECK(memcmp(got, ref[a][msg_of[l]], dl) == 0);
                    done++;
                }
            }
            dft_mb_event ev;
            FUZZ_CHECK(dft_mbctx_run(m, &ev) < 0 && dft_mbctx_busy(m) == 0);
            dft_mbctx_free(m);
        }
    }
    return 0;
}
