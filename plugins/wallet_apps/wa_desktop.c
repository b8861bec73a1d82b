/*
 * wa_desktop.c - desktop wallets: Exodus (`exodus.wallet/` with SECO-encrypted seed.seco, info.seco,
 * storage.seco, twofactor.seco, and passphrase.json when no password was set), Ledger Live
 * (`app.json`: accounts in plain JSON unless a password encrypts its `data`), Wasabi
 * (`WalletWasabi/Client/Wallets/<name>.json`: ExtPubKey, EncryptedSecret).
 * Atomic (Local Storage LevelDB) is in wa_extension.c with the other LevelDB stores.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wa.h"

/* ---- Exodus ----------------------------------------------------------------------------------- */

typedef struct exodus_walk {
    const dft_content *c;
    wa_wallet *w;
    json_t *files;
    bool seed_seco, passphrase;
    int rc;
} exodus_walk;

static int on_exodus_file(void *payload, const dft_dirent *e)
{
    exodus_walk *ew = payload;
    if (e->type != 'r') return 0;
    json_t *fo = json_pack("{sssIsb}", "name", e->name, "size", (json_int_t)e->size, "allocated", e->allocated);
    size_t n = strlen(e->name);
    if (n > 5 && strcmp(e->name + n - 5, ".seco") == 0) {
        uint8_t *data = NULL;
        size_t len = 0;
        int rc = wa_read(ew->c, e->device_path, WA_MAX_FILE, &data, &len, NULL);
        if (rc == DFT_ENOMEM) {
            json_decref(fo);
            return ew->rc = rc;
        }
        bool magic = rc == DFT_OK && len >= 4 && memcmp(data, "SECO", 4) == 0;
        json_object_set_new(fo, "seco_magic", json_boolean(magic));
        if (strcmp(e->name, "seed.seco") == 0 && magic && e->allocated) ew->seed_seco = true;
        free(data);
    } else if (strcmp(e->name, "passphrase.json") == 0) {
        ew->passphrase = ew->passphrase || e->allocated;
        /* its content is the key to the .seco files: never copied into the case */
    }
    json_array_append_new(ew->files, fo);
    return 0;
}

int wa_scan_exodus(dft_scan *s, const dft_file *f, const dft_content *c)
{
    wa_wallet w;
    int rc = wa_wallet_init(&w, "exodus_desktop", "multi", f->device_path);
    if (rc) return rc;
    json_object_set_new(w.details, "app", json_string("Exodus"));
    exodus_walk ew = { .c = c, .w = &w, .files = json_array() };
    rc = dft_content_list(c, ".", on_exodus_file, &ew);
    if (ew.rc) rc = ew.rc;
    json_object_set_new(w.details, "files", ew.files);
    json_object_set_new(w.details, "seed_seco", json_boolean(ew.seed_seco));
    json_object_set_new(w.details, "passphrase_json", json_boolean(ew.passphrase));
    if (ew.passphrase)
        json_object_set_new(w.details, "note", json_string("passphrase.json present: no user password was set, the "
                                                           "seed is protected only by the stored passphrase"));
    if (ew.seed_seco) {
        w.encrypted = 1;
        json_object_set_new(w.details, "encryption", json_string("SECO (scrypt + AES-256-GCM per third-party "
                                                                 "reimplementations; not verified)"));
    }
    if (rc == DFT_OK) {
        w.source = strdup("exodus.wallet");
        rc = wa_wallet_emit(s, &w);
    }
    wa_wallet_free(&w);
    return rc;
}

/* ---- Ledger Live app.json --------------------------------------------------------------------- */

static int ledger_live(dft_scan *s, const dft_file *f, const uint8_t *bytes, size_t len)
{
    json_error_t err;
    json_t *root = json_loadb((const char *)bytes, len, 0, &err);
    if (!json_is_object(root)) {
        json_decref(root);
        return dft_error_set(DFT_ECORRUPT, "Ledger Live app.json: not a JSON object (line %d: %s)", err.line, err.text);
    }
    wa_wallet w;
    int rc = wa_wallet_init(&w, "ledger_live", "multi", f->device_path);
    if (rc) {
        json_decref(root);
        return rc;
    }
    json_object_set_new(w.details, "app", json_string("Ledger Live"));
    json_t *data = json_object_get(root, "data");
    if (json_is_string(data)) {
        w.encrypted = 1; /* a password set in Ledger Live encrypts `data` */
        json_object_set_new(w.details, "data_encrypted", json_true());
    } else if (json_is_object(data)) {
        w.encrypted = 0;
        json_t *accounts = json_object_get(data, "accounts");
        json_t *currencies = json_array();
        size_t i, naccounts = 0;
        json_t *a;
        if (json_is_array(accounts))
            json_array_foreach(accounts, i, a) {
                json_t *ad = json_object_get(a, "data");
                if (!json_is_object(ad)) ad = a;
                naccounts++;
                const char *name = wa_json_str(ad, "name");
                const char *cur = wa_json_str(ad, "currencyId");
                const char *fresh = wa_json_str(ad, "freshAddress");
                const char *xpub = wa_json_str(ad, "xpub");
                if (fresh) wa_wallet_add(&w, fresh, strlen(fresh), "account", name, "app.json data.accounts");
                if (xpub) wa_wallet_add(&w, xpub, strlen(xpub), "account_xpub", name, "app.json data.accounts");
                if (cur && json_array_size(currencies) < WA_MAX_LIST) {
                    bool seen = false;
                    size_t k;
                    json_t *cv;
                    json_array_foreach(currencies, k, cv) seen = seen || strcmp(json_string_value(cv), cur) == 0;
                    if (!seen) json_array_append_new(currencies, json_string(cur));
                }
            }
        json_object_set_new(w.details, "account_count", json_integer((json_int_t)naccounts));
        json_object_set_new(w.details, "currencies", currencies);
    }
    wa_wallet_scan_text(&w, bytes, len, "found", "app.json");
    json_decref(root);
    w.source = strdup("app.json");
    rc = wa_wallet_emit(s, &w);
    wa_wallet_free(&w);
    return rc;
}

int wa_scan_ledger_live(dft_scan *s, const dft_file *f, const dft_content *c)
{
    size_t len = 0;
    const uint8_t *bytes = NULL;
    uint8_t *owned = NULL;
    int rc = wa_content(c, WA_MAX_FILE, &bytes, &len, &owned);
    if (rc == DFT_OK) rc = ledger_live(s, f, bytes, len);
    free(owned);
    return rc;
}

/* ---- Wasabi wallet file ----------------------------------------------------------------------- */

static int wasabi(dft_scan *s, const dft_file *f, const uint8_t *bytes, size_t len)
{
    json_error_t err;
    json_t *root = json_loadb((const char *)bytes, len, 0, &err);
    if (!json_is_object(root)) {
        json_decref(root);
        return dft_error_set(DFT_ECORRUPT, "Wasabi wallet file: not a JSON object (line %d: %s)", err.line, err.text);
    }
    if (!json_object_get(root, "ExtPubKey") && !json_object_get(root, "EncryptedSecret")) {
        json_decref(root); /* another JSON file in the folder */
        return DFT_OK;
    }
    wa_wallet w;
    int rc = wa_wallet_init(&w, "wasabi", "btc", f->device_path);
    if (rc) {
        json_decref(root);
        return rc;
    }
    json_object_set_new(w.details, "app", json_string("Wasabi Wallet"));
    json_object_set_new(w.details, "wallet_name", json_string(f->name));
    json_t *secret = json_object_get(root, "EncryptedSecret");
    bool has_secret = json_is_string(secret) && json_string_length(secret) > 0;
    w.encrypted = has_secret ? 1 : 0;
    json_object_set_new(w.details, "watch_only", json_boolean(!has_secret));
    const char *keys[] = { "ExtPubKey", "SegwitExtPubKey", "TaprootExtPubKey", NULL };
    for (int i = 0; keys[i]; i++) {
        const char *x = wa_json_str(root, keys[i]);
        if (x) wa_wallet_add(&w, x, strlen(x), "account_xpub", NULL, keys[i]);
    }
    const char *fp = wa_json_str(root, "MasterFingerprint");
    if (fp) json_object_set_new(w.details, "master_fingerprint", json_string(fp));
    const char *net = wa_json_str(root, "BlockchainState.Network");
    if (net) json_object_set_new(w.details, "network", json_string(net));
    const char *kp = wa_json_str(root, "AccountKeyPath");
    if (kp) json_object_set_new(w.details, "account_key_path", json_string(kp));
    json_decref(root);
    w.source = strdup("Wasabi wallet file");
    rc = wa_wallet_emit(s, &w);
    wa_wallet_free(&w);
    return rc;
}

int wa_scan_wasabi(dft_scan *s, const dft_file *f, const dft_content *c)
{
    size_t len = 0;
    const uint8_t *bytes = NULL;
    uint8_t *owned = NULL;
    int rc = wa_content(c, WA_MAX_FILE, &bytes, &len, &owned);
    if (rc == DFT_OK) rc = wasabi(s, f, bytes, len);
    free(owned);
    return rc;
}
