/*
 * wa_extension.c - wallet browser extensions (Chromium `Local Extension Settings/<id>/`, a LevelDB
 * whose keys are chrome.storage.local keys and whose values are JSON texts) and Electron wallets
 * keeping their state in `Local Storage/leveldb` (Atomic).
 *
 * MetaMask and its forks keep the whole background state under the key `data`; when that key is
 * absent, the live keys holding JSON objects are read as the state (one key per controller). Every
 * other wallet: presence, vault-like keys (encrypted), the selected account, and every checksum-valid
 * address in any value, live or older (older values and deleted keys stay in the LevelDB files until
 * compaction: role "history").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "wa.h"

/* Browser and profile from the path: ".../Google/Chrome/User Data/Default/Local Extension Settings/id". */
static void note_browser(wa_wallet *w, const char *path)
{
    static const struct {
        const char *needle, *name;
    } browsers[] = {
        { "/BraveSoftware/", "brave" }, { "/Microsoft/Edge/", "edge" }, { "/microsoft-edge/", "edge" },
        { "/Opera Software/", "opera" }, { "/opera/", "opera" }, { "/Chromium/", "chromium" },
        { "/chromium/", "chromium" }, { "/Google/Chrome/", "chrome" }, { "/google-chrome/", "chrome" },
        { "/Vivaldi/", "vivaldi" }, { "/vivaldi/", "vivaldi" },
    };
    for (size_t i = 0; i < sizeof browsers / sizeof browsers[0]; i++)
        if (strstr(path, browsers[i].needle)) {
            json_object_set_new(w->details, "browser", json_string(browsers[i].name));
            break;
        }
    const char *les = strstr(path, "/Local Extension Settings/");
    if (les && les > path) {
        const char *p = les - 1;
        while (p > path && *p != '/') p--;
        if (*p == '/') json_object_set_new(w->details, "profile", json_stringn(p + 1, (size_t)(les - p - 1)));
    }
}

static bool ci_contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0) return true;
    return false;
}

/* The MetaMask state: `data`, else the live keys that hold JSON objects. */
static json_t *metamask_state(const dft_leveldb *db, const char **source)
{
    const dft_leveldb_entry *d = dft_leveldb_get(db, "data", 4);
    if (d) {
        *source = "leveldb key data";
        json_t *j = json_loadb((const char *)d->value, d->value_len, 0, NULL);
        if (json_is_object(j)) return j;
        json_decref(j);
    }
    *source = "leveldb keys";
    json_t *state = json_object();
    for (size_t i = 0; i < dft_leveldb_count(db); i++) {
        const dft_leveldb_entry *e = dft_leveldb_at(db, i);
        if (!e->live || e->key_len == 0 || e->key_len > 100 || !e->value_len || e->value[0] != '{') continue;
        json_t *j = json_loadb((const char *)e->value, e->value_len, 0, NULL);
        if (!json_is_object(j)) {
            json_decref(j);
            continue;
        }
        char key[101];
        memcpy(key, e->key, e->key_len);
        key[e->key_len] = '\0';
        json_object_set_new(state, key, j);
    }
    return state;
}

/* Keys other wallets use for their encrypted secrets / selected account (Ronin: encryptedVault,
 * selectedAccount; crypto.md §2.4). */
static void generic_keys(wa_wallet *w, const dft_leveldb *db)
{
    json_t *vault_keys = json_array();
    for (size_t i = 0; i < dft_leveldb_count(db); i++) {
        const dft_leveldb_entry *e = dft_leveldb_at(db, i);
        if (!e->live) continue;
        char key[101];
        size_t n = e->key_len < 100 ? e->key_len : 100;
        memcpy(key, e->key, n);
        key[n] = '\0';
        if (ci_contains(key, "vault") || ci_contains(key, "encrypted") || ci_contains(key, "keystore")) {
            if (e->value_len > 2) { /* "" or null is not a vault */
                w->encrypted = 1;
                if (json_array_size(vault_keys) < WA_MAX_LIST) json_array_append_new(vault_keys, json_string(key));
            }
        }
        if (strcasecmp(key, "selectedAccount") == 0 || strcasecmp(key, "selectedAddress") == 0) {
            char src[128];
            snprintf(src, sizeof src, "leveldb key %s", key);
            wa_wallet_scan_text(w, e->value, e->value_len, "selected", src);
        }
    }
    if (json_array_size(vault_keys)) json_object_set_new(w->details, "vault_keys", vault_keys);
    else json_decref(vault_keys);
}

/* Every value, live and older: addresses not found by a structured reader. */
static void scan_values(wa_wallet *w, const dft_leveldb *db)
{
    for (size_t i = 0; i < dft_leveldb_count(db); i++) {
        const dft_leveldb_entry *e = dft_leveldb_at(db, i);
        if (!e->value_len) continue;
        char src[160];
        int n = snprintf(src, sizeof src, "leveldb key ");
        for (size_t k = 0; k < e->key_len && n < 120; k++)
            src[n++] = e->key[k] >= 0x20 && e->key[k] < 0x7f ? (char)e->key[k] : '?';
        snprintf(src + n, sizeof src - (size_t)n, " seq %llu%s", (unsigned long long)e->seq, e->live ? "" : " (older)");
        wa_wallet_scan_text(w, e->value, e->value_len, e->live ? "found" : "history", src);
    }
}

int wa_scan_extension(dft_scan *s, const dft_file *f, const dft_content *c, const char *kind, const char *chain,
                      const char *ext_id, const char *name)
{
    wa_wallet w;
    int rc = wa_wallet_init(&w, kind, chain, f->device_path);
    if (rc) return rc;
    json_object_set_new(w.details, "app", json_string(name));
    json_object_set_new(w.details, "extension_id", json_string(ext_id));
    json_object_set_new(w.details, "container", json_string("leveldb"));
    note_browser(&w, f->device_path);
    json_t *files = json_array();
    dft_leveldb *db = NULL;
    rc = wa_leveldb_load(s, c, f->device_path, &db, files);
    json_object_set_new(w.details, "leveldb_files", files);
    if (rc) {
        wa_wallet_free(&w);
        return rc;
    }
    const char *source = NULL;
    json_t *state = metamask_state(db, &source);
    if (wa_metamask_state(&w, state, false, source)) json_object_set_new(w.details, "state", json_string("metamask"));
    json_decref(state);
    generic_keys(&w, db);
    scan_values(&w, db);
    wa_leveldb_summary(&w, db);
    w.source = strdup("Local Extension Settings leveldb");
    dft_leveldb_free(db);
    rc = wa_wallet_emit(s, &w);
    wa_wallet_free(&w);
    return rc;
}

int wa_scan_atomic(dft_scan *s, const dft_file *f, const dft_content *c)
{
    wa_wallet w;
    int rc = wa_wallet_init(&w, "atomic_desktop", "multi", f->device_path);
    if (rc) return rc;
    json_object_set_new(w.details, "app", json_string("Atomic Wallet"));
    json_object_set_new(w.details, "container", json_string("leveldb"));
    json_t *files = json_array();
    dft_leveldb *db = NULL;
    rc = wa_leveldb_load(s, c, f->device_path, &db, files);
    json_object_set_new(w.details, "leveldb_files", files);
    if (rc) {
        wa_wallet_free(&w);
        return rc;
    }
    generic_keys(&w, db);
    scan_values(&w, db);
    wa_leveldb_summary(&w, db);
    w.source = strdup("Local Storage leveldb");
    dft_leveldb_free(db);
    rc = wa_wallet_emit(s, &w);
    wa_wallet_free(&w);
    return rc;
}
