/*
 * mkfx.c - test fixture tool for tests/chat_crypt: writes a WhatsApp crypt14/crypt15 backup of a plain
 * database and the matching Java-serialised key file ("key" of 158 bytes for crypt14,
 * "encrypted_backup.key" of 59 bytes for crypt15), with OpenSSL through dft_wa_crypt_encrypt.
 * Python's standard library has no AES, hence this small C tool.
 *   mkfx 14|15 KEYHEX(64) IVHEX(32) in.db out.cryptNN out.keyfile
 *   mkfx sqlcipher4-ios KEYSPECHEX(96) in.db out.sqlite
 *        Signal iOS: SQLCipher 4 (HMAC/KDF SHA512, 4096-byte pages, reserve 80) with a 32-byte plaintext
 *        header; the 48-byte key spec is the raw key (32) then the salt (16). in.db must already have
 *        4096-byte pages with 80 reserved bytes (sqlite3 ".filectrl reserve_bytes 80" + VACUUM).
 *   mkfx gcm KEYHEX(64) IVHEX PLAINHEX
 *        AES-256-GCM (no AAD) of PLAINHEX: prints ciphertext hex, a space, the 16-byte tag hex (for the
 *        UFED keychain export fixtures: make_fixtures.py wraps them as NSKeyedArchiver plists).
 */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "sqlcipher.h"
#include "wa_crypt.h"

static int unhex(const char *h, uint8_t *out, size_t n)
{
    if (strlen(h) != n * 2) return -1;
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        if (sscanf(h + 2 * i, "%2x", &v) != 1) return -1;
        out[i] = (uint8_t)v;
    }
    return 0;
}

static uint8_t *slurp_file(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    uint8_t *b = n > 0 ? malloc((size_t)n) : NULL;
    if (!b || fread(b, 1, (size_t)n, fp) != (size_t)n) {
        free(b);
        b = NULL;
    }
    fclose(fp);
    *len = b ? (size_t)n : 0;
    return b;
}

static int signal_ios(const char *spec_hex, const char *in, const char *out_path)
{
    uint8_t spec[48];
    if (unhex(spec_hex, spec, 48)) return 2;
    dft_sqlcipher_params p = dft_sqlcipher_versions[3];
    p.plain_header = 32;
    dft_sqlcipher_key k;
    if (dft_sqlcipher_derive(&k, &p, spec, 32, true, spec + 32)) return 1;
    size_t n = 0, olen = 0;
    uint8_t *plain = slurp_file(in, &n), *out = NULL;
    static const uint8_t seed[16] = "signal-ios-mkfx";
    if (!plain || dft_sqlcipher_encrypt(&k, spec + 32, seed, plain, n, &out, &olen)) {
        fprintf(stderr, "mkfx: %s\n", plain ? dft_error_last() : "cannot read input");
        return 1;
    }
    FILE *fp = fopen(out_path, "wb");
    int rc = !fp || fwrite(out, 1, olen, fp) != olen || fclose(fp) ? 1 : 0;
    free(plain);
    free(out);
    return rc;
}

static int gcm(const char *keyhex, const char *ivhex, const char *plainhex)
{
    uint8_t key[32], iv[64], pt[4096], ct[4096], tag[16];
    size_t ivn = strlen(ivhex) / 2, pn = strlen(plainhex) / 2;
    if (ivn == 0 || ivn > sizeof iv || pn > sizeof pt || unhex(keyhex, key, 32) || unhex(ivhex, iv, ivn) ||
        unhex(plainhex, pt, pn))
        return 2;
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    int l = 0, l2 = 0;
    int ok = c && EVP_EncryptInit_ex(c, EVP_aes_256_gcm(), NULL, NULL, NULL) == 1 &&
             EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_IVLEN, (int)ivn, NULL) == 1 &&
             EVP_EncryptInit_ex(c, NULL, NULL, key, iv) == 1 && EVP_EncryptUpdate(c, ct, &l, pt, (int)pn) == 1 &&
             EVP_EncryptFinal_ex(c, ct + l, &l2) == 1 && EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, 16, tag) == 1;
    EVP_CIPHER_CTX_free(c);
    if (!ok) return 1;
    for (int i = 0; i < l + l2; i++) printf("%02x", ct[i]);
    printf(" ");
    for (int i = 0; i < 16; i++) printf("%02x", tag[i]);
    printf("\n");
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 5 && !strcmp(argv[1], "gcm")) return gcm(argv[2], argv[3], argv[4]);
    if (argc == 5 && !strcmp(argv[1], "sqlcipher4-ios")) return signal_ios(argv[2], argv[3], argv[4]);
    if (argc != 7) {
        fprintf(stderr, "usage: mkfx 14|15 KEYHEX IVHEX in.db out.crypt out.keyfile\n");
        return 2;
    }
    int version = atoi(argv[1]);
    dft_wa_key key = { .kind = version == 15 ? DFT_WA_KEY_ROOT : DFT_WA_KEY_LEGACY };
    uint8_t iv[16];
    if (unhex(argv[2], key.key, 32) || unhex(argv[3], iv, 16)) return 2;
    size_t n = 0;
    uint8_t *plain = slurp_file(argv[4], &n);
    if (!plain) return 1;
    uint8_t *out = NULL;
    size_t out_len = 0;
    if (dft_wa_crypt_encrypt(version, &key, iv, plain, n, &out, &out_len)) return 1;
    FILE *fp = fopen(argv[5], "wb");
    if (!fp || fwrite(out, 1, out_len, fp) != out_len || fclose(fp)) return 1;
    /* Java serialisation of byte[]: magic, TC_ARRAY, class "[B" with its serialVersionUID, no fields. */
    static const uint8_t head[] = { 0xac, 0xed, 0x00, 0x05, 0x75, 0x72, 0x00, 0x02, 0x5b, 0x42, 0xac, 0xf3, 0x17,
                                    0xf8, 0x06, 0x08, 0x54, 0xe0, 0x02, 0x00, 0x00, 0x78, 0x70 };
    uint8_t body[131] = { 0 };
    size_t blen = version == 15 ? 32 : 131;
    if (version == 15) memcpy(body, key.key, 32);
    else {
        body[0] = 0x00;
        body[1] = 0x01;   /* cipher version */
        body[2] = 0x01;   /* key version */
        memset(body + 3, 0x11, 32);        /* server salt */
        memset(body + 35, 0x22, 16);       /* google id */
        memset(body + 51, 0x33, 32);       /* hashed google id */
        memset(body + 83, 0x44, 16);       /* IV */
        memcpy(body + 99, key.key, 32);    /* the AES key */
    }
    uint8_t len4[4] = { 0, 0, 0, (uint8_t)blen };
    fp = fopen(argv[6], "wb");
    if (!fp || fwrite(head, 1, sizeof head, fp) != sizeof head || fwrite(len4, 1, 4, fp) != 4 ||
        fwrite(body, 1, blen, fp) != blen || fclose(fp))
        return 1;
    free(plain);
    free(out);
    return 0;
}
