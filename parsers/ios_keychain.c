/*
 * ios_keychain.c - genp items of an iOS keychain dump plist (see ios_keychain.h).
 */
#include "parsers/ios_keychain.h"

#include <openssl/evp.h>
#include <plist/plist.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"
#include <stdio.h>

/* A text field (string, or data as many dumps write it) into out, cut at a NUL and at the cap.
 * false when present with another type. */
static bool text_of(plist_t dict, const char *key, char out[DFT_KEYCHAIN_TEXT_MAX + 1])
{
    out[0] = 0;
    plist_t n = plist_dict_get_item(dict, key);
    if (!n) return true;
    const char *p = NULL;
    uint64_t len = 0;
    plist_type t = plist_get_node_type(n);
    if (t == PLIST_STRING) p = plist_get_string_ptr(n, &len);
    else if (t == PLIST_DATA) p = plist_get_data_ptr(n, &len);
    else return false;
    if (!p) return true;
    size_t k = len > DFT_KEYCHAIN_TEXT_MAX ? DFT_KEYCHAIN_TEXT_MAX : (size_t)len;
    const char *nul = memchr(p, 0, k);
    if (nul) k = (size_t)(nul - p);
    memcpy(out, p, k);
    out[k] = 0;
    return true;
}

/* ---- UFED's encrypted export (keychainEntries) ------------------------------------------------------
 * Each entry: classKeyIdx, metadata {wrappedKey, ciphertext}, data {unwrappedKey, ciphertext} (or rawData:
 * kept in the clear, not read). wrappedKey opens with classKeyIdxToUnwrappedMetadataClassKey[str(idx)]
 * and gives the metadata key; metadata.ciphertext opens with it to the attributes (agrp, acct, svce, ...);
 * data.ciphertext opens with data.unwrappedKey to the secret (v_Data). Each sealed blob is an
 * NSKeyedArchiver plist of an _SFAuthenticatedCiphertext: $top.root -> {SFCiphertext,
 * SFAuthenticationCode, SFInitializationVector} (UIDs into $objects, or inline data); AES-256-GCM with no
 * AAD, the tag must verify. The plaintext is a DER dictionary: SET of SEQUENCE {key string, value},
 * possibly followed by padding. */

#define SEAL_MAX (1u << 20)   /* a keychain attribute set or secret; more is not a keychain item */

/* A data node of the node n (itself data, or a UID into $objects holding data). */
static bool arch_data(plist_t objs, plist_t n, const uint8_t **p, size_t *len)
{
    if (n && plist_get_node_type(n) == PLIST_UID) {
        uint64_t uid = 0;
        plist_get_uid_val(n, &uid);
        n = uid < plist_array_get_size(objs) ? plist_array_get_item(objs, (uint32_t)uid) : NULL;
    }
    if (!n || plist_get_node_type(n) != PLIST_DATA) return false;
    uint64_t l = 0;
    const char *d = plist_get_data_ptr(n, &l);
    if (!d || l > SEAL_MAX) return false;
    *p = (const uint8_t *)d;
    *len = (size_t)l;
    return true;
}

/* Opens one sealed blob (data node `blob`) with key[0..32); *out malloc'd. false when anything is off. */
static bool open_sealed(const uint8_t *key, size_t keylen, plist_t blob, uint8_t **out, size_t *outlen)
{
    *out = NULL;
    uint64_t bl = 0;
    const char *b = blob && plist_get_node_type(blob) == PLIST_DATA ? plist_get_data_ptr(blob, &bl) : NULL;
    if (!b || bl == 0 || bl > SEAL_MAX || keylen < 32) return false;
    plist_t a = NULL;
    plist_from_memory(b, (uint32_t)bl, &a);
    bool ok = false;
    plist_t objs = a && plist_get_node_type(a) == PLIST_DICT ? plist_dict_get_item(a, "$objects") : NULL;
    plist_t top = a && plist_get_node_type(a) == PLIST_DICT ? plist_dict_get_item(a, "$top") : NULL;
    plist_t rootref = top && plist_get_node_type(top) == PLIST_DICT ? plist_dict_get_item(top, "root") : NULL;
    if (objs && plist_get_node_type(objs) == PLIST_ARRAY && rootref && plist_get_node_type(rootref) == PLIST_UID) {
        uint64_t uid = 0;
        plist_get_uid_val(rootref, &uid);
        plist_t root = uid < plist_array_get_size(objs) ? plist_array_get_item(objs, (uint32_t)uid) : NULL;
        const uint8_t *ct, *tag, *iv;
        size_t ctl, tagl, ivl;
        if (root && plist_get_node_type(root) == PLIST_DICT &&
            arch_data(objs, plist_dict_get_item(root, "SFCiphertext"), &ct, &ctl) &&
            arch_data(objs, plist_dict_get_item(root, "SFAuthenticationCode"), &tag, &tagl) &&
            arch_data(objs, plist_dict_get_item(root, "SFInitializationVector"), &iv, &ivl) && tagl >= 12 &&
            tagl <= 16 && ivl >= 1 && ivl <= 64) {
            uint8_t *pt = malloc(ctl + 1);
            EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
            int l = 0, l2 = 0;
            ok = pt && c && EVP_DecryptInit_ex(c, EVP_aes_256_gcm(), NULL, NULL, NULL) == 1 &&
                 EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_IVLEN, (int)ivl, NULL) == 1 &&
                 EVP_DecryptInit_ex(c, NULL, NULL, key, iv) == 1 &&
                 EVP_DecryptUpdate(c, pt, &l, ct, (int)ctl) == 1 &&
                 EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, (int)tagl, (void *)tag) == 1 &&
                 EVP_DecryptFinal_ex(c, pt + l, &l2) == 1;
            EVP_CIPHER_CTX_free(c);
            if (ok) {
                *out = pt;
                *outlen = (size_t)(l + l2);
            } else {
                free(pt);
            }
        }
    }
    if (a) plist_free(a);
    return ok;
}

/* One DER element at buf[*pos..len): definite lengths of at most 4 bytes. */
static bool der_tlv(const uint8_t *buf, size_t len, size_t *pos, uint8_t *tag, const uint8_t **val, size_t *vlen)
{
    size_t p = *pos;
    if (len - p < 2) return false;
    *tag = buf[p];
    size_t l = buf[p + 1];
    p += 2;
    if (l & 0x80) {
        size_t k = l & 0x7f;
        if (k == 0 || k > 4 || len - p < k) return false;
        l = 0;
        for (size_t i = 0; i < k; i++) l = l << 8 | buf[p + i];
        p += k;
    }
    if (len - p < l) return false;
    *val = buf + p;
    *vlen = l;
    *pos = p + l;
    return true;
}

static bool der_is_text(uint8_t tag) { return tag == 0x0c || tag == 0x13 || tag == 0x16; }

static void copy_text(char *out, const uint8_t *v, size_t n)
{
    size_t k = n > DFT_KEYCHAIN_TEXT_MAX ? DFT_KEYCHAIN_TEXT_MAX : n;
    const uint8_t *nul = memchr(v, 0, k);
    if (nul) k = (size_t)(nul - v);
    memcpy(out, v, k);
    out[k] = 0;
}

typedef struct kc_fields {
    char agrp[DFT_KEYCHAIN_TEXT_MAX + 1], acct[DFT_KEYCHAIN_TEXT_MAX + 1], svce[DFT_KEYCHAIN_TEXT_MAX + 1];
    const uint8_t *data;
    size_t data_len;
} kc_fields;

/* The fields of a DER dictionary this reader needs. false when it is not a DER dictionary. */
static bool der_dict(const uint8_t *pt, size_t n, kc_fields *f)
{
    size_t pos = 0, ip = 0;
    uint8_t tag;
    const uint8_t *set;
    size_t setn;
    if (!der_tlv(pt, n, &pos, &tag, &set, &setn) || tag != 0x31) return false;
    while (ip < setn) {
        uint8_t t, kt, vt;
        const uint8_t *pair, *k, *v;
        size_t pn, kn, vn, pp = 0;
        if (!der_tlv(set, setn, &ip, &t, &pair, &pn) || t != 0x30 || !der_tlv(pair, pn, &pp, &kt, &k, &kn) ||
            !der_is_text(kt) || !der_tlv(pair, pn, &pp, &vt, &v, &vn))
            return false;
        bool text = der_is_text(vt) || vt == 0x04;
        if (kn == 4 && text && !memcmp(k, "agrp", 4)) copy_text(f->agrp, v, vn);
        else if (kn == 4 && text && !memcmp(k, "acct", 4)) copy_text(f->acct, v, vn);
        else if (kn == 4 && text && !memcmp(k, "svce", 4)) copy_text(f->svce, v, vn);
        else if (kn == 6 && vt == 0x04 && !memcmp(k, "v_Data", 6)) {
            f->data = v;
            f->data_len = vn;
        }
    }
    return true;
}

/* Data bytes of a dictionary member, or NULL. */
static const uint8_t *dict_data(plist_t d, const char *key, size_t *len)
{
    plist_t n = d && plist_get_node_type(d) == PLIST_DICT ? plist_dict_get_item(d, key) : NULL;
    uint64_t l = 0;
    const char *p = n && plist_get_node_type(n) == PLIST_DATA ? plist_get_data_ptr(n, &l) : NULL;
    if (!p || l > SEAL_MAX) return NULL;
    *len = (size_t)l;
    return (const uint8_t *)p;
}

static int ufed_entries(plist_t root, dft_keychain_fn cb, void *payload, dft_keychain_stats *st)
{
    st->encrypted_layout = true;
    plist_t entries = plist_dict_get_item(root, "keychainEntries");
    plist_t ckeys = plist_dict_get_item(root, "classKeyIdxToUnwrappedMetadataClassKey");
    if (plist_get_node_type(entries) != PLIST_ARRAY) return DFT_OK;
    if (!ckeys || plist_get_node_type(ckeys) != PLIST_DICT) ckeys = NULL;
    kc_fields *f = malloc(sizeof *f);
    if (!f) return DFT_ENOMEM;
    int rc = DFT_OK;
    uint32_t n = plist_array_get_size(entries);
    for (uint32_t i = 0; i < n && rc == DFT_OK; i++) {
        plist_t e = plist_array_get_item(entries, i);
        if (!e || plist_get_node_type(e) != PLIST_DICT) {
            st->skipped++;
            continue;
        }
        plist_t table = plist_dict_get_item(e, "table");
        if (plist_dict_get_item(e, "rawData")) continue;   /* kept in the clear by the tool: not an item here */
        if (table && plist_get_node_type(table) == PLIST_STRING) {
            uint64_t tl = 0;
            const char *t = plist_get_string_ptr(table, &tl);
            if (t && !(tl == 4 && !memcmp(t, "genp", 4))) continue;   /* inet, keys, certs */
        }
        plist_t idx = plist_dict_get_item(e, "classKeyIdx");
        char ik[32] = "";
        if (idx && plist_get_node_type(idx) == PLIST_UINT) {
            uint64_t v = 0;
            plist_get_uint_val(idx, &v);
            snprintf(ik, sizeof ik, "%llu", (unsigned long long)v);
        } else if (idx && plist_get_node_type(idx) == PLIST_STRING) {
            uint64_t l = 0;
            const char *s = plist_get_string_ptr(idx, &l);
            if (s && l < sizeof ik) copy_text(ik, (const uint8_t *)s, (size_t)l);
        }
        size_t ckl = 0, dkl = 0, mkl = 0, ml = 0, dl = 0;
        const uint8_t *ck = ik[0] && ckeys ? dict_data(ckeys, ik, &ckl) : NULL;
        plist_t meta = plist_dict_get_item(e, "metadata"), data = plist_dict_get_item(e, "data");
        const uint8_t *dk = dict_data(data, "unwrappedKey", &dkl);
        uint8_t *mk = NULL, *mp = NULL, *dp = NULL;
        memset(f, 0, sizeof *f);
        bool ok = ck && meta && plist_get_node_type(meta) == PLIST_DICT &&
                  open_sealed(ck, ckl, plist_dict_get_item(meta, "wrappedKey"), &mk, &mkl) &&
                  open_sealed(mk, mkl, plist_dict_get_item(meta, "ciphertext"), &mp, &ml) && der_dict(mp, ml, f);
        /* the secret is optional: an item without its key still names its account */
        if (ok && dk && data && plist_get_node_type(data) == PLIST_DICT &&
            open_sealed(dk, dkl, plist_dict_get_item(data, "ciphertext"), &dp, &dl)) {
            kc_fields sec;
            memset(&sec, 0, sizeof sec);
            if (der_dict(dp, dl, &sec) && sec.data) {
                f->data = sec.data;
                f->data_len = sec.data_len;
            }
        }
        if (ok) {
            dft_keychain_item k = { .agrp = f->agrp, .acct = f->acct, .svce = f->svce, .data = f->data,
                                    .data_len = f->data_len };
            st->items++;
            rc = cb(payload, &k);
        } else {
            st->undecrypted++;
        }
        if (mk) OPENSSL_cleanse(mk, mkl);
        if (dp) OPENSSL_cleanse(dp, dl);
        free(mk);
        free(mp);
        free(dp);
    }
    free(f);
    return rc;
}

int dft_ios_keychain_genp(const uint8_t *buf, size_t len, dft_keychain_fn cb, void *payload, dft_keychain_stats *st)
{
    dft_keychain_stats local;
    if (!st) st = &local;
    memset(st, 0, sizeof *st);
    plist_t root = NULL;
    if (buf && len && len < UINT32_MAX) plist_from_memory((const char *)buf, (uint32_t)len, &root);
    if (!root || plist_get_node_type(root) != PLIST_DICT) {
        if (root) plist_free(root);
        return dft_error_set(DFT_ECORRUPT, "keychain dump: not a property-list dictionary");
    }
    plist_t genp = plist_dict_get_item(root, "genp");
    if (!genp) {
        int rc = plist_dict_get_item(root, "keychainEntries") ? ufed_entries(root, cb, payload, st) : DFT_OK;
        plist_free(root);
        return rc;
    }
    if (plist_get_node_type(genp) != PLIST_ARRAY) {
        st->skipped = 1;
        plist_free(root);
        return DFT_OK;
    }
    char agrp[DFT_KEYCHAIN_TEXT_MAX + 1], acct[DFT_KEYCHAIN_TEXT_MAX + 1], svce[DFT_KEYCHAIN_TEXT_MAX + 1];
    int rc = DFT_OK;
    uint32_t n = plist_array_get_size(genp);
    for (uint32_t i = 0; i < n && rc == DFT_OK; i++) {
        plist_t it = plist_array_get_item(genp, i);
        if (!it || plist_get_node_type(it) != PLIST_DICT || !text_of(it, "agrp", agrp) || !text_of(it, "acct", acct) ||
            !text_of(it, "svce", svce)) {
            st->skipped++;
            continue;
        }
        dft_keychain_item k = { .agrp = agrp, .acct = acct, .svce = svce };
        plist_t v = plist_dict_get_item(it, "v_Data");
        if (v && plist_get_node_type(v) == PLIST_DATA) {
            uint64_t dl = 0;
            const char *d = plist_get_data_ptr(v, &dl);
            if (d && dl <= SIZE_MAX) {
                k.data = (const uint8_t *)d;
                k.data_len = (size_t)dl;
            }
        } else if (v) {
            st->skipped++;
            continue;
        }
        st->items++;
        rc = cb(payload, &k);
    }
    plist_free(root);
    return rc;
}

bool dft_ios_keychain_is_signal_spec(const dft_keychain_item *it)
{
    if (!it || !it->data || it->data_len != 48 || strcmp(it->acct, "GRDBDatabaseCipherKeySpec") != 0) return false;
    return strstr(it->agrp, "org.whispersystems.signal") != NULL || strcmp(it->svce, "GRDBKeyChainService") == 0;
}
