/*
 * sqlcipher.c - SQLCipher 1-4 page decryption with OpenSSL (format and key schedule: sqlcipher.h).
 * Every size is bounded by the input length; pages are processed one at a time.
 */
#include "sqlcipher.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

const dft_sqlcipher_params dft_sqlcipher_versions[4] = {
    { "v1", 1024, 4000, 0, 0, 0 },
    { "v2", 1024, 4000, 1, 0, 0 },
    { "v3", 1024, 64000, 1, 0, 0 },
    { "v4", 4096, 256000, 2, 1, 0 },
};

static unsigned hmac_len(const dft_sqlcipher_params *p)
{
    return p->hmac == 2 ? 64u : p->hmac == 1 ? 20u : 0u;
}

/* IV + HMAC rounded up to the AES block. */
static unsigned reserve_len(const dft_sqlcipher_params *p)
{
    unsigned r = 16u + hmac_len(p);
    return (r + 15u) / 16u * 16u;
}

int dft_sqlcipher_derive(dft_sqlcipher_key *out, const dft_sqlcipher_params *p, const uint8_t *pass, size_t pass_len,
                         bool raw, const uint8_t salt[16])
{
    memset(out, 0, sizeof *out);
    out->p = *p;
    const EVP_MD *md = p->kdf_sha512 ? EVP_sha512() : EVP_sha1();
    if (raw) {
        if (pass_len != 32) return dft_error_set(DFT_ECORRUPT, "sqlcipher: a raw key is 32 bytes");
        memcpy(out->enc, pass, 32);
    } else if (PKCS5_PBKDF2_HMAC((const char *)pass, (int)pass_len, salt, 16, (int)p->kdf_iter, md, 32,
                                 out->enc) != 1) {
        return dft_error_set(DFT_ERROR, "sqlcipher: PBKDF2 failed");
    }
    if (p->hmac) {
        uint8_t msalt[16];
        for (int i = 0; i < 16; i++) msalt[i] = salt[i] ^ 0x3a;
        const EVP_MD *hmd = p->hmac == 2 ? EVP_sha512() : EVP_sha1();
        if (PKCS5_PBKDF2_HMAC((const char *)out->enc, 32, msalt, 16, 2, hmd, 32, out->mac) != 1)
            return dft_error_set(DFT_ERROR, "sqlcipher: PBKDF2 failed");
    }
    return DFT_OK;
}

void dft_sqlcipher_key_wipe(dft_sqlcipher_key *k)
{
    if (k) OPENSSL_cleanse(k, sizeof *k);
}

/* Where the encrypted part of page pgno starts: after the salt or the plaintext header on page 1. */
static unsigned page_start(const dft_sqlcipher_params *p, uint32_t pgno)
{
    if (pgno != 1) return 0;
    return p->plain_header ? p->plain_header : 16u;
}

/* The HMAC of page pgno (1-based) held in page[0..P) into mac (hmac_len bytes). */
static bool page_hmac(const dft_sqlcipher_key *k, const uint8_t *page, uint32_t pgno, uint8_t mac[64])
{
    unsigned P = k->p.page_size, R = reserve_len(&k->p), hl = hmac_len(&k->p);
    unsigned start = page_start(&k->p, pgno);
    uint8_t le[4] = { (uint8_t)pgno, (uint8_t)(pgno >> 8), (uint8_t)(pgno >> 16), (uint8_t)(pgno >> 24) };
    unsigned ml = 0;
    size_t n = P - R + 16 - start;
    uint8_t *msg = malloc(n + 4);
    if (!msg) return false;
    memcpy(msg, page + start, n);
    memcpy(msg + n, le, 4);
    bool ok = HMAC(k->p.hmac == 2 ? EVP_sha512() : EVP_sha1(), k->mac, 32, msg, n + 4, mac, &ml) != NULL && ml == hl;
    free(msg);
    return ok;
}

/* Checks the HMAC of page pgno held in page[0..P). */
static bool page_hmac_ok(const dft_sqlcipher_key *k, const uint8_t *page, uint32_t pgno)
{
    unsigned P = k->p.page_size, R = reserve_len(&k->p);
    uint8_t mac[64];
    return page_hmac(k, page, pgno, mac) && CRYPTO_memcmp(mac, page + P - R + 16, hmac_len(&k->p)) == 0;
}

/* Decrypts page pgno into out[0..P): plaintext, reserve zeroed. */
static int page_decrypt(const dft_sqlcipher_key *k, const uint8_t *page, uint32_t pgno, uint8_t *out)
{
    unsigned P = k->p.page_size, R = reserve_len(&k->p);
    unsigned start = page_start(&k->p, pgno);
    memset(out, 0, P);
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    if (!c) return DFT_ENOMEM;
    int n1 = 0, n2 = 0;
    int ok = EVP_DecryptInit_ex(c, EVP_aes_256_cbc(), NULL, k->enc, page + P - R) == 1 &&
             EVP_CIPHER_CTX_set_padding(c, 0) == 1 &&
             EVP_DecryptUpdate(c, out + start, &n1, page + start, (int)(P - R - start)) == 1 &&
             EVP_DecryptFinal_ex(c, out + start + n1, &n2) == 1;
    EVP_CIPHER_CTX_free(c);
    if (!ok) return dft_error_set(DFT_ECORRUPT, "sqlcipher: page %u does not decrypt", pgno);
    if (pgno == 1 && k->p.plain_header) memcpy(out, page, k->p.plain_header);
    else if (pgno == 1) memcpy(out, "SQLite format 3", 16);
    return DFT_OK;
}

/* A decrypted page 1 that is a plausible SQLite header + b-tree page (the v1 key check). */
static bool page1_plausible(const uint8_t *pg, unsigned P, unsigned R)
{
    unsigned ps = (unsigned)pg[16] << 8 | pg[17];
    if (ps == 1) ps = 65536;
    if (ps != P) return false;
    if (pg[18] < 1 || pg[18] > 2 || pg[19] < 1 || pg[19] > 2) return false;
    if (pg[20] != R) return false;
    if (pg[21] != 64 || pg[22] != 32 || pg[23] != 32) return false;
    uint8_t t = pg[100];
    if (t != 0x0d && t != 0x05 && t != 0x0a && t != 0x02) return false;
    unsigned cells = (unsigned)pg[103] << 8 | pg[104];
    unsigned content = (unsigned)pg[105] << 8 | pg[106];
    if (content == 0) content = 65536;
    return cells * 2u + 108u <= P && content <= P;
}

int dft_sqlcipher_encrypt(const dft_sqlcipher_key *k, const uint8_t salt[16], const uint8_t iv_seed[16],
                          const uint8_t *plain, size_t len, uint8_t **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    unsigned P = k->p.page_size, R = reserve_len(&k->p);
    if (len < P || len % P || len < 100 || plain[20] != R || (k->p.plain_header % 16) || k->p.plain_header > 96)
        return dft_error_set(DFT_ECORRUPT, "sqlcipher: the image does not have %u-byte pages with %u reserved bytes", P, R);
    uint8_t *buf = malloc(len);
    if (!buf) return DFT_ENOMEM;
    int rc = DFT_OK;
    for (size_t i = 0; i < len / P && !rc; i++) {
        uint32_t pgno = (uint32_t)(i + 1);
        const uint8_t *src = plain + i * P;
        uint8_t *dst = buf + i * P;
        unsigned start = page_start(&k->p, pgno);
        memset(dst, 0, P);
        if (pgno == 1) memcpy(dst, k->p.plain_header ? src : salt, start);
        uint8_t *iv = dst + P - R;
        uint8_t md[32];
        unsigned ml = 0;
        uint8_t le[4] = { (uint8_t)pgno, (uint8_t)(pgno >> 8), (uint8_t)(pgno >> 16), (uint8_t)(pgno >> 24) };
        uint8_t seed[20];
        memcpy(seed, iv_seed, 16);
        memcpy(seed + 16, le, 4);
        if (!EVP_Digest(seed, sizeof seed, md, &ml, EVP_sha256(), NULL)) { rc = DFT_ERROR; break; }
        memcpy(iv, md, 16);
        EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
        int n1 = 0, n2 = 0;
        bool ok = c && EVP_EncryptInit_ex(c, EVP_aes_256_cbc(), NULL, k->enc, iv) == 1 && EVP_CIPHER_CTX_set_padding(c, 0) == 1 &&
                  EVP_EncryptUpdate(c, dst + start, &n1, src + start, (int)(P - R - start)) == 1 &&
                  EVP_EncryptFinal_ex(c, dst + start + n1, &n2) == 1;
        EVP_CIPHER_CTX_free(c);
        uint8_t mac[64];
        if (!ok || (k->p.hmac && !page_hmac(k, dst, pgno, mac))) rc = dft_error_set(DFT_ERROR, "sqlcipher: encryption failed");
        else if (k->p.hmac) memcpy(dst + P - R + 16, mac, hmac_len(&k->p));
    }
    if (rc) {
        free(buf);
        return rc;
    }
    *out = buf;
    *out_len = len;
    return DFT_OK;
}

int dft_sqlcipher_check(const dft_sqlcipher_key *k, const uint8_t *db, size_t len)
{
    unsigned P = k->p.page_size, R = reserve_len(&k->p);
    if (len < P) return dft_error_set(DFT_ECORRUPT, "sqlcipher: shorter than one page");
    if (k->p.hmac) return page_hmac_ok(k, db, 1) ? DFT_OK : dft_error_set(DFT_ECORRUPT, "sqlcipher: wrong key");
    uint8_t *pg = malloc(P);
    if (!pg) return DFT_ENOMEM;
    int rc = page_decrypt(k, db, 1, pg);
    if (!rc && !page1_plausible(pg, P, R)) rc = dft_error_set(DFT_ECORRUPT, "sqlcipher: wrong key");
    OPENSSL_cleanse(pg, P);
    free(pg);
    return rc;
}

int dft_sqlcipher_decrypt(const dft_sqlcipher_key *k, const uint8_t *db, size_t len, uint8_t **out,
                          size_t *out_len, uint64_t *bad_pages)
{
    *out = NULL;
    *out_len = 0;
    *bad_pages = 0;
    int rc = dft_sqlcipher_check(k, db, len);
    if (rc) return rc;
    unsigned P = k->p.page_size;
    size_t pages = len / P;
    if (len % P) (*bad_pages)++;
    if (pages > UINT32_MAX) return dft_error_set(DFT_ELIMIT, "sqlcipher: too many pages");
    uint8_t *buf = malloc(pages * P);
    if (!buf) return DFT_ENOMEM;
    for (size_t i = 0; i < pages; i++) {
        uint32_t pgno = (uint32_t)(i + 1);
        const uint8_t *src = db + i * P;
        uint8_t *dst = buf + i * P;
        if (k->p.hmac && !page_hmac_ok(k, src, pgno)) {
            memset(dst, 0, P);
            (*bad_pages)++;
            continue;
        }
        rc = page_decrypt(k, src, pgno, dst);
        if (rc) {
            memset(dst, 0, P);
            (*bad_pages)++;
        }
    }
    *out = buf;
    *out_len = pages * P;
    return DFT_OK;
}

bool dft_sqlcipher_plain_header_maybe(const uint8_t *db, size_t len)
{
    if (len < 108 || memcmp(db, "SQLite format 3", 16) != 0) return false;
    if (db[20] != 48 && db[20] != 80) return false;
    unsigned P = (unsigned)db[16] << 8 | db[17];
    if (P == 1) P = 65536;
    if (P < 512 || (P & (P - 1))) return false;
    return !page1_plausible(db, P, db[20]);
}

bool dft_sqlcipher_maybe(const uint8_t *db, size_t len)
{
    if (len < 1024 || len % 512) return false;
    if (memcmp(db, "SQLite format 3", 16) == 0) return false;
    for (size_t i = 0; i < 64; i++)
        if (db[i]) return true;
    return false;
}
