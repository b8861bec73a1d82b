/*
 * ios_keychain.c - genp items of an iOS keychain dump plist (see ios_keychain.h).
 */
#include "parsers/ios_keychain.h"

#include <plist/plist.h>
#include <string.h>
#include <strings.h>

#include "error.h"

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
        st->encrypted_layout = plist_dict_get_item(root, "keychainEntries") != NULL;
        plist_free(root);
        return DFT_OK;
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
