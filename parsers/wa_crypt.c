/*
 * wa_crypt.c - WhatsApp crypt12/14/15 backups: key files, the BackupPrefix protobuf (hand-parsed with
 * a bounded varint reader: only fields 1-3 matter), AES-256-GCM with tag check, streamed zlib inflate
 * with an output cap. Formats: wa_crypt.h.
 */
#include "wa_crypt.h"

#include <ctype.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "error.h"

/* ---- key files ----------------------------------------------------------------------------- */

/* Java serialisation of a byte[]: AC ED 00 05, TC_ARRAY 0x75, TC_CLASSDESC 0x72, name "[B", 8-byte
 * serialVersionUID, flags, 0 fields, TC_ENDBLOCKDATA 0x78, TC_NULL 0x70, 4-byte length, the bytes. */
static const uint8_t java_bytearray_head[] = { 0xac, 0xed, 0x00, 0x05, 0x75, 0x72, 0x00, 0x02, 0x5b, 0x42 };

int dft_wa_key_parse_file(dft_wa_key *out, const uint8_t *b, size_t len)
{
    memset(out, 0, sizeof *out);
    if (len < 27 || memcmp(b, java_bytearray_head, sizeof java_bytearray_head) != 0)
        return dft_error_set(DFT_ECORRUPT, "whatsapp key file: not a Java-serialised byte array");
    /* class name (2) + UID (8) + flags (1) + field count (2) end at 21; then 0x78 0x70 and the length. */
    if (b[21] != 0x78 || b[22] != 0x70)
        return dft_error_set(DFT_ECORRUPT, "whatsapp key file: unexpected class description");
    uint32_t n = (uint32_t)b[23] << 24 | (uint32_t)b[24] << 16 | (uint32_t)b[25] << 8 | b[26];
    if (n != len - 27) return dft_error_set(DFT_ECORRUPT, "whatsapp key file: array length %u does not match", n);
    if (n == 131) out->kind = DFT_WA_KEY_LEGACY;
    else if (n == 32) out->kind = DFT_WA_KEY_ROOT;
    else return dft_error_set(DFT_ECORRUPT, "whatsapp key file: a %u-byte key array is not known", n);
    memcpy(out->key, b + len - 32, 32);
    return DFT_OK;
}

int dft_wa_key_parse_hex(dft_wa_key *out, const char *hex)
{
    memset(out, 0, sizeof *out);
    size_t n = 0;
    int hi = -1;
    for (const char *p = hex; p && *p; p++) {
        if (isspace((unsigned char)*p)) continue;
        int v = isdigit((unsigned char)*p) ? *p - '0'
              : (*p >= 'a' && *p <= 'f') ? *p - 'a' + 10 : (*p >= 'A' && *p <= 'F') ? *p - 'A' + 10 : -1;
        if (v < 0 || n >= 32) goto bad;
        if (hi < 0) hi = v;
        else {
            out->key[n++] = (uint8_t)(hi << 4 | v);
            hi = -1;
        }
    }
    if (n != 32 || hi >= 0) goto bad;
    out->kind = DFT_WA_KEY_ROOT;
    return DFT_OK;
bad:
    dft_wa_key_wipe(out);
    return dft_error_set(DFT_ECORRUPT, "whatsapp key: not 64 hex digits");
}

void dft_wa_key_wipe(dft_wa_key *k)
{
    if (k) OPENSSL_cleanse(k, sizeof *k);
}

int dft_wa_crypt_version(const char *name)
{
    const char *p = name ? strstr(name, ".crypt") : NULL;
    if (!p) return 0;
    p += 6;
    if (!strcmp(p, "12")) return 12;
    if (!strcmp(p, "14")) return 14;
    if (!strcmp(p, "15")) return 15;
    return 0;
}

/* HKDF-SHA256 with a zero salt and info "backup encryption", 32 bytes (one expand block). */
int dft_wa_crypt15_key(const uint8_t root[32], uint8_t out[32])
{
    static const uint8_t zero[32];
    uint8_t prk[32], msg[18];
    unsigned l = 0;
    if (!HMAC(EVP_sha256(), zero, 32, root, 32, prk, &l)) return dft_error_set(DFT_ERROR, "HMAC failed");
    memcpy(msg, "backup encryption", 17);
    msg[17] = 0x01;
    int ok = HMAC(EVP_sha256(), prk, 32, msg, sizeof msg, out, &l) != NULL;
    OPENSSL_cleanse(prk, sizeof prk);
    return ok ? DFT_OK : dft_error_set(DFT_ERROR, "HMAC failed");
}

/* ---- the header ---------------------------------------------------------------------------- */

typedef struct pb {
    const uint8_t *p, *end;
} pb;

static int pb_varint(pb *r, uint64_t *v)
{
    *v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (r->p >= r->end) return DFT_ECORRUPT;
        uint8_t b = *r->p++;
        *v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) return DFT_OK;
    }
    return DFT_ECORRUPT;
}

/* Next field: number, wire type, and for LEN the bytes; other types are skipped. */
static int pb_next(pb *r, uint32_t *field, int *wt, const uint8_t **data, size_t *dlen, uint64_t *val)
{
    uint64_t tag;
    if (pb_varint(r, &tag)) return DFT_ECORRUPT;
    *field = (uint32_t)(tag >> 3);
    *wt = (int)(tag & 7);
    *data = NULL;
    *dlen = 0;
    *val = 0;
    switch (*wt) {
    case 0: return pb_varint(r, val);
    case 1: if (r->end - r->p < 8) return DFT_ECORRUPT; r->p += 8; return DFT_OK;
    case 5: if (r->end - r->p < 4) return DFT_ECORRUPT; r->p += 4; return DFT_OK;
    case 2: {
        uint64_t n;
        if (pb_varint(r, &n) || n > (uint64_t)(r->end - r->p)) return DFT_ECORRUPT;
        *data = r->p;
        *dlen = (size_t)n;
        r->p += n;
        return DFT_OK;
    }
    default: return DFT_ECORRUPT;
    }
}

/* The IV inside C14_cipher (field 5) or C15_IV (field 1). */
static int sub_iv(const uint8_t *d, size_t n, uint32_t want, uint8_t iv[16])
{
    pb r = { d, d + n };
    int found = 0;
    while (r.p < r.end) {
        uint32_t f;
        int wt;
        const uint8_t *v;
        size_t vl;
        uint64_t x;
        if (pb_next(&r, &f, &wt, &v, &vl, &x)) return DFT_ECORRUPT;
        if (f == want && wt == 2) {
            if (vl != 16) return DFT_ECORRUPT;
            memcpy(iv, v, 16);
            found = 1;
        }
    }
    return found ? DFT_OK : DFT_ENOTFOUND;
}

int dft_wa_crypt_header(int version, const uint8_t *in, size_t len, dft_wa_crypt_info *info, uint8_t iv[16])
{
    memset(info, 0, sizeof *info);
    info->version = version;
    info->key_type = -1;
    if (version == 12) {
        if (len < 67 + 20) return dft_error_set(DFT_ECORRUPT, "crypt12: shorter than its header");
        memcpy(iv, in + 51, 16);
        info->header_len = 67;
        return DFT_OK;
    }
    if (version != 14 && version != 15) return dft_error_set(DFT_EUNSUPPORTED, "crypt%d is not supported", version);
    if (len < 2) return dft_error_set(DFT_ECORRUPT, "crypt%d: too short", version);
    size_t n = in[0], off = 1;
    if (in[1] == 0x01) {
        info->features_flag = true;
        off = 2;
    }
    if (n == 0 || n > len - off) return dft_error_set(DFT_ECORRUPT, "crypt%d: header length %zu out of range", version, n);
    pb r = { in + off, in + off + n };
    int have_iv = 0;
    while (r.p < r.end) {
        uint32_t f;
        int wt;
        const uint8_t *v;
        size_t vl;
        uint64_t x;
        if (pb_next(&r, &f, &wt, &v, &vl, &x))
            return dft_error_set(DFT_ECORRUPT, "crypt%d: the backup prefix is not a valid protobuf", version);
        if (f == 1 && wt == 0) info->key_type = (int64_t)(x & 0x7fffffff);
        else if ((f == 2 || f == 3) && wt == 2) {
            int rc = sub_iv(v, vl, f == 2 ? 5u : 1u, iv);
            if (rc == DFT_ECORRUPT) return dft_error_set(DFT_ECORRUPT, "crypt%d: malformed IV field", version);
            if (rc == DFT_OK) have_iv = 1;
        }
    }
    if (!have_iv) return dft_error_set(DFT_ECORRUPT, "crypt%d: no IV in the backup prefix", version);
    info->header_len = off + n;
    return DFT_OK;
}

/* ---- decryption ---------------------------------------------------------------------------- */

typedef struct inflater {
    z_stream z;
    uint64_t out, max;
    bool done, broken;
    dft_wa_write_fn write;
    void *payload;
} inflater;

static int inflate_some(inflater *f, const uint8_t *data, size_t len)
{
    uint8_t buf[65536];
    f->z.next_in = (Bytef *)(uintptr_t)data;
    f->z.avail_in = (uInt)len;
    while (f->z.avail_in > 0 && !f->done) {
        f->z.next_out = buf;
        f->z.avail_out = sizeof buf;
        int zr = inflate(&f->z, Z_NO_FLUSH);
        if (zr != Z_OK && zr != Z_STREAM_END && zr != Z_BUF_ERROR)
            return dft_error_set(DFT_ECORRUPT, "backup: the decrypted content is not a zlib stream (wrong key?)");
        size_t got = sizeof buf - f->z.avail_out;
        if (got > f->max - f->out)
            return dft_error_set(DFT_ELIMIT, "backup: inflated content exceeds the %llu-byte cap",
                                 (unsigned long long)f->max);
        f->out += got;
        if (got) {
            int rc = f->write(f->payload, buf, got);
            if (rc) return rc;
        }
        if (zr == Z_STREAM_END) f->done = true;
        else if (zr == Z_BUF_ERROR && got == 0) break;
    }
    return DFT_OK;
}

int dft_wa_crypt_decrypt(int version, const dft_wa_key *key, const uint8_t *in, size_t len, uint64_t max_out,
                         dft_wa_write_fn write, void *payload, dft_wa_crypt_info *info)
{
    uint8_t iv[16], aes[32];
    int rc = dft_wa_crypt_header(version, in, len, info, iv);
    if (rc) return rc;
    if ((version == 15) != (key->kind == DFT_WA_KEY_ROOT))
        return dft_error_set(DFT_ECORRUPT, "crypt%d: wrong kind of key (%s)", version,
                             key->kind == DFT_WA_KEY_ROOT ? "a crypt15 root key" : "a crypt12/14 key file");
    if (version == 15) {
        if ((rc = dft_wa_crypt15_key(key->key, aes))) return rc;
    } else {
        memcpy(aes, key->key, 32);
    }
    /* Where the ciphertext ends: crypt12 has tag + 4 bytes; crypt14/15 tag + MD5 when the MD5 matches. */
    size_t start = info->header_len, tag_at;
    if (version == 12) {
        tag_at = len - 20;
    } else {
        tag_at = len >= start + 32 ? len - 32 : 0;
        if (tag_at) {
            uint8_t md[EVP_MAX_MD_SIZE];
            unsigned ml = 0;
            if (EVP_Digest(in, len - 16, md, &ml, EVP_md5(), NULL) == 1 && ml == 16 &&
                CRYPTO_memcmp(md, in + len - 16, 16) == 0)
                info->md5_present = true;
        }
        if (!info->md5_present) {
            if (len < start + 16) {
                OPENSSL_cleanse(aes, sizeof aes);
                return dft_error_set(DFT_ECORRUPT, "crypt%d: no room for the authentication tag", version);
            }
            tag_at = len - 16;
        }
    }
    if (tag_at < start) {
        OPENSSL_cleanse(aes, sizeof aes);
        return dft_error_set(DFT_ECORRUPT, "crypt%d: truncated", version);
    }

    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    inflater f = { .max = max_out, .write = write, .payload = payload };
    if (!c || inflateInit(&f.z) != Z_OK) {
        EVP_CIPHER_CTX_free(c);
        OPENSSL_cleanse(aes, sizeof aes);
        return DFT_ENOMEM;
    }
    rc = DFT_OK;
    if (EVP_DecryptInit_ex(c, EVP_aes_256_gcm(), NULL, NULL, NULL) != 1 ||
        EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_IVLEN, 16, NULL) != 1 ||
        EVP_DecryptInit_ex(c, NULL, NULL, aes, iv) != 1) {
        rc = dft_error_set(DFT_ERROR, "AES-GCM setup failed");
    }
    OPENSSL_cleanse(aes, sizeof aes);
    uint8_t chunk[65536];
    for (size_t off = start; !rc && off < tag_at;) {
        size_t n = tag_at - off < sizeof chunk ? tag_at - off : sizeof chunk;
        int outl = 0;
        if (EVP_DecryptUpdate(c, chunk, &outl, in + off, (int)n) != 1) {
            rc = dft_error_set(DFT_ECORRUPT, "crypt%d: decryption failed", version);
            break;
        }
        off += n;
        /* Inflate errors before the tag check most likely mean a wrong key: keep going to report the
         * tag result instead, but stop writing. */
        if (!f.done && outl > 0) {
            int irc = inflate_some(&f, chunk, (size_t)outl);
            if (irc == DFT_ELIMIT || (irc && irc != DFT_ECORRUPT)) rc = irc;
            else if (irc == DFT_ECORRUPT) {
                f.done = true;
                f.broken = true;
            }
        }
    }
    if (!rc) {
        int outl = 0;
        if (EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, 16, (void *)(uintptr_t)(in + tag_at)) != 1 ||
            EVP_DecryptFinal_ex(c, chunk, &outl) != 1)
            rc = dft_error_set(DFT_ECORRUPT, "crypt%d: authentication tag mismatch (wrong key or damaged file)",
                               version);
        else if (f.broken)
            rc = dft_error_set(DFT_ECORRUPT, "crypt%d: the decrypted content is not a valid zlib stream", version);
        else if (!f.done)
            rc = dft_error_set(DFT_ECORRUPT, "crypt%d: the zlib stream is truncated", version);
    }
    OPENSSL_cleanse(chunk, sizeof chunk);
    info->plain_len = f.out;
    inflateEnd(&f.z);
    EVP_CIPHER_CTX_free(c);
    return rc;
}

/* ---- encryption (fixtures) ----------------------------------------------------------------- */

int dft_wa_crypt_encrypt(int version, const dft_wa_key *key, const uint8_t iv[16], const uint8_t *plain,
                         size_t len, uint8_t **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    if (version != 14 && version != 15) return dft_error_set(DFT_EUNSUPPORTED, "only crypt14/15 are written");
    uLongf zl = compressBound((uLong)len);
    uint8_t *z = malloc(zl);
    if (!z) return DFT_ENOMEM;
    if (compress2(z, &zl, plain, (uLong)len, 6) != Z_OK) {
        free(z);
        return dft_error_set(DFT_ERROR, "zlib compress failed");
    }
    /* prefix: {1: key_type} {2|3: {5|1: IV}} {4: {1: "2.23.10.76"}} */
    uint8_t prefix[64];
    size_t n = 0;
    prefix[n++] = 0x08;
    prefix[n++] = version == 15 ? 1 : 0;
    prefix[n++] = version == 15 ? 0x1a : 0x12;
    prefix[n++] = 18;
    prefix[n++] = version == 15 ? 0x0a : 0x2a;
    prefix[n++] = 16;
    memcpy(prefix + n, iv, 16);
    n += 16;
    static const char ver[] = "2.23.10.76";
    prefix[n++] = 0x22;
    prefix[n++] = (uint8_t)(2 + sizeof ver - 1);
    prefix[n++] = 0x0a;
    prefix[n++] = (uint8_t)(sizeof ver - 1);
    memcpy(prefix + n, ver, sizeof ver - 1);
    n += sizeof ver - 1;

    size_t total = 2 + n + zl + 16 + 16;
    uint8_t *o = malloc(total);
    uint8_t aes[32];
    if (!o) {
        free(z);
        return DFT_ENOMEM;
    }
    o[0] = (uint8_t)n;
    o[1] = 0x01;
    memcpy(o + 2, prefix, n);
    int rc = version == 15 ? dft_wa_crypt15_key(key->key, aes) : (memcpy(aes, key->key, 32), DFT_OK);
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    int l1 = 0, l2 = 0;
    if (!rc && (!c || EVP_EncryptInit_ex(c, EVP_aes_256_gcm(), NULL, NULL, NULL) != 1 ||
                EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_IVLEN, 16, NULL) != 1 ||
                EVP_EncryptInit_ex(c, NULL, NULL, aes, iv) != 1 ||
                EVP_EncryptUpdate(c, o + 2 + n, &l1, z, (int)zl) != 1 ||
                EVP_EncryptFinal_ex(c, o + 2 + n + l1, &l2) != 1 ||
                EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, 16, o + 2 + n + zl) != 1))
        rc = dft_error_set(DFT_ERROR, "AES-GCM encryption failed");
    OPENSSL_cleanse(aes, sizeof aes);
    EVP_CIPHER_CTX_free(c);
    free(z);
    unsigned ml = 0;
    if (!rc && EVP_Digest(o, total - 16, o + total - 16, &ml, EVP_md5(), NULL) != 1)
        rc = dft_error_set(DFT_ERROR, "MD5 failed");
    if (rc) {
        free(o);
        return rc;
    }
    *out = o;
    *out_len = total;
    return DFT_OK;
}
