/*
 * mbhash_scalar.c - the scalar hand-back of a multi-buffer stream: a message half-hashed in a lane
 * (dft_mb_midstate) continued by OpenSSL, so that a stream which would keep too few lanes busy
 * finishes on the faster one-stream code (SHA-NI, OpenSSL's MD5 assembly) instead of in lanes.
 *
 * EVP cannot be given a chaining state, so this uses OpenSSL's low-level MD5_CTX / SHA_CTX /
 * SHA256_CTX, deprecated since OpenSSL 3.0 but still built by Debian and every distribution we
 * package for (the same block functions as EVP's default provider). Their public fields are the
 * chaining words (RFC 1321 3.3 A..D; FIPS 180-4 H0..H4 / H0..H7) and the message length in bits
 * (Nl low 32 bits, Nh high 32 bits; the md32_common.h convention): a state after `hashed` bytes
 * (whole blocks) with an empty block buffer is exactly the context after MD5_Update of those bytes.
 */
#define OPENSSL_SUPPRESS_DEPRECATED 1   /* the low-level contexts; see above */
#include "mbhash.h"

#include <openssl/md5.h>
#include <openssl/sha.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

struct dft_mb_scalar {
    dft_mb_algo algo;
    union {
        MD5_CTX md5;
        SHA_CTX sha1;
        SHA256_CTX sha256;
    } c;
};

int dft_mb_scalar_new(dft_mb_scalar **out, dft_mb_algo algo, const dft_mb_midstate *from)
{
    *out = NULL;
    dft_mb_scalar *s = calloc(1, sizeof *s);
    if (!s) return dft_error_set(DFT_ENOMEM, "out of memory for a digest context");
    s->algo = algo;
    int ok = algo == DFT_MB_MD5 ? MD5_Init(&s->c.md5) : algo == DFT_MB_SHA1 ? SHA1_Init(&s->c.sha1)
                                                                            : SHA256_Init(&s->c.sha256);
    if (ok != 1) {
        free(s);
        return dft_error_set(DFT_ERROR, "digest init failed");
    }
    if (from) {
        /* whole blocks only (the lane keeps a partial block in its buffer), so num stays 0 */
        uint64_t bits = from->hashed * 8;
        uint32_t nl = (uint32_t)bits, nh = (uint32_t)(bits >> 32);
        if (algo == DFT_MB_MD5) {
            s->c.md5.A = from->st[0];
            s->c.md5.B = from->st[1];
            s->c.md5.C = from->st[2];
            s->c.md5.D = from->st[3];
            s->c.md5.Nl = nl;
            s->c.md5.Nh = nh;
        } else if (algo == DFT_MB_SHA1) {
            s->c.sha1.h0 = from->st[0];
            s->c.sha1.h1 = from->st[1];
            s->c.sha1.h2 = from->st[2];
            s->c.sha1.h3 = from->st[3];
            s->c.sha1.h4 = from->st[4];
            s->c.sha1.Nl = nl;
            s->c.sha1.Nh = nh;
        } else {
            for (int i = 0; i < 8; i++) s->c.sha256.h[i] = from->st[i];
            s->c.sha256.Nl = nl;
            s->c.sha256.Nh = nh;
        }
        if (from->npartial && dft_mb_scalar_update(s, from->partial, from->npartial)) {
            free(s);
            return DFT_ERROR;
        }
    }
    *out = s;
    return DFT_OK;
}

int dft_mb_scalar_update(dft_mb_scalar *s, const void *data, size_t len)
{
    if (!len) return DFT_OK;
    int ok = s->algo == DFT_MB_MD5 ? MD5_Update(&s->c.md5, data, len)
           : s->algo == DFT_MB_SHA1 ? SHA1_Update(&s->c.sha1, data, len)
                                    : SHA256_Update(&s->c.sha256, data, len);
    return ok == 1 ? DFT_OK : dft_error_set(DFT_ERROR, "digest update failed");
}

int dft_mb_scalar_final(dft_mb_scalar *s, uint8_t *out)
{
    int ok = s->algo == DFT_MB_MD5 ? MD5_Final(out, &s->c.md5)
           : s->algo == DFT_MB_SHA1 ? SHA1_Final(out, &s->c.sha1)
                                    : SHA256_Final(out, &s->c.sha256);
    free(s);
    return ok == 1 ? DFT_OK : dft_error_set(DFT_ERROR, "digest final failed");
}

void dft_mb_scalar_free(dft_mb_scalar *s)
{
    free(s);
}
