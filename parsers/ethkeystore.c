/*
 * ethkeystore.c - Ethereum v3/v1 keystores and imToken identity files to metadata (formats in
 * ethkeystore.h). JSON through jansson; every string copied is length-checked first.
 */
#include "ethkeystore.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

#define MAX_HEX_FIELD 8192   /* ciphertexts of real keystores are 32-64 bytes */

static bool is_hex(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isxdigit((unsigned char)s[i])) return false;
    return n > 0;
}

/* A hex string field, lower-cased, or NULL when absent / not hex / too long. */
static const char *hexfield(json_t *o, const char *key, char *buf, size_t cap)
{
    const char *s = json_string_value(json_object_get(o, key));
    if (!s) return NULL;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) s += 2;
    size_t n = strlen(s);
    if (n >= cap || !is_hex(s, n)) return NULL;
    for (size_t i = 0; i <= n; i++) buf[i] = (char)tolower((unsigned char)s[i]);
    return buf;
}

static void set_address(dft_ethkeystore *k, const char *hex40, const char *source)
{
    snprintf(k->address, sizeof k->address, "0x%.40s", hex40);
    for (char *p = k->address + 2; *p; p++) *p = (char)tolower((unsigned char)*p);
    k->address_source = source;
}

int dft_ethkeystore_name_match(const char *name)
{
    if (!name || strncmp(name, "UTC--", 5) != 0) return 0;
    const char *sep = strstr(name + 5, "--");
    if (!sep) return 0;
    const char *a = sep + 2;
    if (a[0] == '0' && a[1] == 'x') a += 2;
    return strlen(a) == 40 && is_hex(a, 40);
}

/* Crypto block: cipher, kdf, params, crack line. */
static int crypto_block(dft_ethkeystore *k, json_t *c)
{
    const char *cipher = json_string_value(json_object_get(c, "cipher"));
    const char *kdf = json_string_value(json_object_get(c, "kdf"));
    snprintf(k->cipher, sizeof k->cipher, "%s", cipher ? cipher : "");
    snprintf(k->kdf, sizeof k->kdf, "%s", kdf ? kdf : "");
    json_t *kp = json_object_get(c, "kdfparams");
    char mac[200], iv[200];
    char *sb = malloc(MAX_HEX_FIELD), *cb = malloc(MAX_HEX_FIELD);
    if (!sb || !cb) {
        free(sb);
        free(cb);
        return DFT_ENOMEM;
    }
    const char *s = json_is_object(kp) ? hexfield(kp, "salt", sb, MAX_HEX_FIELD) : NULL;
    const char *x = hexfield(c, "ciphertext", cb, MAX_HEX_FIELD);
    const char *m = hexfield(c, "mac", mac, sizeof mac);
    const char *v = json_is_object(json_object_get(c, "cipherparams"))
                        ? hexfield(json_object_get(c, "cipherparams"), "iv", iv, sizeof iv) : NULL;
    k->mac_present = m != NULL;
    json_t *d = k->details;
    json_object_set_new(d, "cipher", json_string(k->cipher));
    json_object_set_new(d, "kdf", json_string(k->kdf));
    if (v) json_object_set_new(d, "iv", json_string(v));
    if (x) json_object_set_new(d, "ciphertext_bytes", json_integer((json_int_t)strlen(x) / 2));
    json_object_set_new(d, "mac_present", json_boolean(m != NULL));
    json_object_set_new(d, "mac_relation", json_string("mac = keccak256(derived_key[16:32] || ciphertext)"));
    if (json_is_object(kp)) json_object_set(d, "kdfparams", kp);
    json_int_t dklen = json_integer_value(json_object_get(kp, "dklen"));
    if (s && x && m && dklen == 32 && strcmp(k->kind, "eth_keystore_v1") != 0) {
        char line[2 * MAX_HEX_FIELD + 400];
        if (strcmp(k->kdf, "scrypt") == 0) {
            json_int_t n = json_integer_value(json_object_get(kp, "n"));
            json_int_t r = json_integer_value(json_object_get(kp, "r"));
            json_int_t p = json_integer_value(json_object_get(kp, "p"));
            if (n > 1 && r > 0 && p > 0) {
                snprintf(line, sizeof line, "$ethereum$s*%lld*%lld*%lld*%s*%s*%s", (long long)n, (long long)r,
                         (long long)p, s, x, m);
                k->crack_hash = strdup(line);
                k->hashcat_mode = 15700;
            }
        } else if (strcmp(k->kdf, "pbkdf2") == 0) {
            json_int_t it = json_integer_value(json_object_get(kp, "c"));
            const char *prf = json_string_value(json_object_get(kp, "prf"));
            if (it > 0 && (!prf || strcmp(prf, "hmac-sha256") == 0)) {
                snprintf(line, sizeof line, "$ethereum$p*%lld*%s*%s*%s", (long long)it, s, x, m);
                k->crack_hash = strdup(line);
                k->hashcat_mode = 15600;
            }
        }
    }
    free(sb);
    free(cb);
    return DFT_OK;
}

int dft_ethkeystore_parse(const char *data, size_t len, const char *name, dft_ethkeystore *out)
{
    memset(out, 0, sizeof *out);
    json_error_t jerr;
    json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!json_is_object(root)) {
        json_decref(root);
        return dft_error_set(DFT_ENOTFOUND, "not a JSON object");
    }
    json_t *crypto = json_object_get(root, "crypto");
    json_t *crypto1 = json_object_get(root, "Crypto");
    json_int_t version = json_integer_value(json_object_get(root, "version"));
    int rc = DFT_OK;
    if (version == 10000 && (json_object_get(root, "encMnemonic") || json_object_get(root, "identifier"))) {
        out->kind = "imtoken_identity";
    } else if (json_is_object(crypto) && json_object_get(crypto, "kdf")) {
        out->kind = "eth_keystore_v3";
    } else if (json_is_object(crypto1) && json_object_get(crypto1, "kdf")) {
        out->kind = "eth_keystore_v1";
        crypto = crypto1;
    } else {
        json_decref(root);
        return dft_error_set(DFT_ENOTFOUND, "no keystore crypto block");
    }
    out->version = (int)version;
    out->details = json_object();
    if (!out->details) {
        json_decref(root);
        return DFT_ENOMEM;
    }
    json_object_set_new(out->details, "version", json_integer(version));
    const char *id = json_string_value(json_object_get(root, "id"));
    if (id && strlen(id) < 128) json_object_set_new(out->details, "id", json_string(id));
    char abuf[64];
    const char *a = hexfield(root, "address", abuf, sizeof abuf);
    if (a && strlen(a) == 40) set_address(out, a, "file");
    if (name && dft_ethkeystore_name_match(name)) {
        const char *sep = strstr(name + 5, "--");
        char ts[64];
        size_t tl = (size_t)(sep - (name + 5));
        snprintf(ts, sizeof ts, "%.*s", (int)(tl < 63 ? tl : 63), name + 5);
        json_object_set_new(out->details, "file_name_time", json_string(ts));
        const char *na = sep + 2;
        if (na[0] == '0' && na[1] == 'x') na += 2;
        char low[41];
        for (int i = 0; i < 40; i++) low[i] = (char)tolower((unsigned char)na[i]);
        low[40] = '\0';
        if (!out->address[0]) set_address(out, low, "name");
        else if (strcmp(out->address + 2, low) != 0)
            json_object_set_new(out->details, "file_name_address_differs", json_string(low));
    }
    if (strcmp(out->kind, "imtoken_identity") == 0) {
        const char *ident = json_string_value(json_object_get(root, "identifier"));
        const char *ipfs = json_string_value(json_object_get(root, "ipfsId"));
        if (ident && strlen(ident) < 256) json_object_set_new(out->details, "identifier", json_string(ident));
        if (ipfs && strlen(ipfs) < 256) json_object_set_new(out->details, "ipfs_id", json_string(ipfs));
        json_object_set_new(out->details, "enc_mnemonic", json_boolean(json_is_object(json_object_get(root, "encMnemonic"))));
        json_object_set_new(out->details, "enc_auth_key", json_boolean(json_is_object(json_object_get(root, "encAuthKey"))));
        json_t *ids = json_object_get(root, "walletIDs");
        if (json_is_array(ids)) {
            json_t *copy = json_array();
            size_t i;
            json_t *e;
            json_array_foreach(ids, i, e) {
                if (i >= 1000) break;
                if (json_is_string(e)) json_array_append(copy, e);
            }
            json_object_set_new(out->details, "wallet_ids", copy);
        }
    }
    if (json_is_object(crypto)) rc = crypto_block(out, crypto);
    json_decref(root);
    if (rc) dft_ethkeystore_clear(out);
    return rc;
}

void dft_ethkeystore_clear(dft_ethkeystore *k)
{
    if (!k) return;
    free(k->crack_hash);
    json_decref(k->details);
    memset(k, 0, sizeof *k);
}
