/*
 * hash.c - the three digests through EVP, so OpenSSL picks the hardware-assisted code paths
 * (SHA-NI, AVX2) where the CPU has them.
 */
#include "hash.h"

#include <openssl/evp.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "error.h"

struct dft_hasher {
    EVP_MD_CTX *ctx[3];
    /* parallel mode: helpers[i] updates ctx[i + 1]; the caller updates ctx[0] (MD5, the slowest) */
    bool parallel;
    pthread_t helpers[2];
    pthread_mutex_t mu;
    pthread_cond_t go, done;
    const void *data;
    size_t len;
    uint64_t generation;        /* bumped for each block */
    int pending;                /* helpers still hashing the current block */
    int failed;
    bool stop;
};

typedef struct helper_arg {
    dft_hasher *h;
    int index;
} helper_arg;

static void *helper_main(void *arg)
{
    helper_arg a = *(helper_arg *)arg;
    free(arg);
    dft_hasher *h = a.h;
    uint64_t seen = 0;
    pthread_mutex_lock(&h->mu);
    for (;;) {
        while (!h->stop && h->generation == seen) pthread_cond_wait(&h->go, &h->mu);
        if (h->stop) break;
        seen = h->generation;
        const void *data = h->data;
        size_t len = h->len;
        pthread_mutex_unlock(&h->mu);
        int ok = EVP_DigestUpdate(h->ctx[a.index], data, len) == 1;
        pthread_mutex_lock(&h->mu);
        if (!ok) h->failed = 1;
        if (--h->pending == 0) pthread_cond_signal(&h->done);
    }
    pthread_mutex_unlock(&h->mu);
    return NULL;
}

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

int dft_hasher_new_parallel(dft_hasher **out)
{
    int rc = dft_hasher_new(out);
    if (rc) return rc;
    dft_hasher *h = *out;
    pthread_mutex_init(&h->mu, NULL);
    pthread_cond_init(&h->go, NULL);
    pthread_cond_init(&h->done, NULL);
    h->parallel = true;
    for (int i = 0; i < 2; i++) {
        helper_arg *a = malloc(sizeof *a);
        if (a) *a = (helper_arg){ h, i + 1 };
        if (!a || pthread_create(&h->helpers[i], NULL, helper_main, a) != 0) {
            /* fall back to one thread: correct, only slower */
            free(a);
            pthread_mutex_lock(&h->mu);
            h->stop = true;
            pthread_cond_broadcast(&h->go);
            pthread_mutex_unlock(&h->mu);
            for (int k = 0; k < i; k++) pthread_join(h->helpers[k], NULL);
            h->parallel = false;
            h->stop = false;
            return DFT_OK;
        }
    }
    return DFT_OK;
}

void dft_hasher_free(dft_hasher *h)
{
    if (!h) return;
    if (h->parallel) {
        pthread_mutex_lock(&h->mu);
        h->stop = true;
        pthread_cond_broadcast(&h->go);
        pthread_mutex_unlock(&h->mu);
        for (int i = 0; i < 2; i++) pthread_join(h->helpers[i], NULL);
        pthread_mutex_destroy(&h->mu);
        pthread_cond_destroy(&h->go);
        pthread_cond_destroy(&h->done);
    }
    for (int i = 0; i < 3; i++) EVP_MD_CTX_free(h->ctx[i]);
    free(h);
}

int dft_hasher_reset(dft_hasher *h)
{
    h->failed = 0;
    for (int i = 0; i < 3; i++)
        if (EVP_DigestInit_ex(h->ctx[i], digest_at(i), NULL) != 1)
            return dft_error_set(DFT_ERROR, "digest init failed");
    return DFT_OK;
}

int dft_hasher_update(dft_hasher *h, const void *data, size_t len)
{
    if (h->parallel) {
        pthread_mutex_lock(&h->mu);
        h->data = data;
        h->len = len;
        h->pending = 2;
        h->generation++;
        pthread_cond_broadcast(&h->go);
        pthread_mutex_unlock(&h->mu);
        int ok = EVP_DigestUpdate(h->ctx[0], data, len) == 1;
        pthread_mutex_lock(&h->mu);
        while (h->pending) pthread_cond_wait(&h->done, &h->mu);
        int failed = h->failed;
        pthread_mutex_unlock(&h->mu);
        if (!ok || failed) return dft_error_set(DFT_ERROR, "digest update failed");
        return DFT_OK;
    }
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
