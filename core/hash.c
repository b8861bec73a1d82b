/*
 * hash.c - the three digests through EVP, so OpenSSL picks the hardware-assisted code paths
 * (SHA-NI, AVX2) where the CPU has them.
 */
#include "hash.h"

#include <openssl/evp.h>
#include <stdlib.h>

#include "error.h"

struct dft_hasher {
    EVP_MD_CTX *ctx[3];
};

static const EVP_MD *digest_at(int i)
{
    return i == 0 ? EVP_md5() : i == 1 ? EVP_sha1() : EVP_sha256();
}

int dft_hasher_new(dft_hasher **out)
{
    dft_hasher *h = calloc(1, sizeof *h);
    if (!h) return dft_error_set(DFT_ENOMEM, "out of memory for hasher");
    for (int i = 0; i < 3; i++) {
        h->ctx[i] = EVP_MD_CTX_new();
        if (!h->ctx[i]) {
            dft_hasher_free(h);
            return dft_error_set(DFT_ENOMEM, "out of memory for digest context");
        }
    }
    int rc = dft_hasher_reset(h);
    if (rc) {
        dft_hasher_free(h);
        return rc;
    }
    *out = h;
    return DFT_OK;
}

void dft_hasher_free(dft_hasher *h)
{
    if (!h) return;
    for (int i = 0; i < 3; i++) EVP_MD_CTX_free(h->ctx[i]);
    free(h);
}

int dft_hasher_reset(dft_hasher *h)
{
    for (int i = 0; i < 3; i++)
        if (EVP_DigestInit_ex(h->ctx[i], digest_at(i), NULL) != 1)
            return dft_error_set(DFT_ERROR, "digest init failed");
    return DFT_OK;
}

int dft_hasher_update(dft_hasher *h, const void *data, size_t len)
{
    for (int i = 0; i < 3; i++)
        if (EVP_DigestUpdate(h->ctx[i], data, len) != 1)
            return dft_error_set(DFT_ERROR, "digest update failed");
    return DFT_OK;
}

void dft_hex(char *out, const uint8_t *bytes, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 15];
    }
    out[2 * n] = '\0';
}

int dft_hasher_final(dft_hasher *h, dft_hashes *out)
{
    uint8_t md[EVP_MAX_MD_SIZE];
    unsigned n;
    char *dst[3] = { out->md5, out->sha1, out->sha256 };
    for (int i = 0; i < 3; i++) {
        if (EVP_DigestFinal_ex(h->ctx[i], md, &n) != 1)
            return dft_error_set(DFT_ERROR, "digest final failed");
        dft_hex(dst[i], md, n);
    }
    return dft_hasher_reset(h);
}

void dft_sha256_hex(char out[65], const void *data, size_t len)
{
    uint8_t md[32];
    unsigned n = 0;
    EVP_Digest(data, len, md, &n, EVP_sha256(), NULL);
    dft_hex(out, md, 32);
}
