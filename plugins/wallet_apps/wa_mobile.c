/*
 * wa_mobile.c - wallet apps on phones: MetaMask mobile's redux-persist root, and the data folders of
 * wallet apps found by Android package (/data/data/<pkg>, /data/user/0/<pkg>) or iOS bundle id
 * (Containers/Data/Application/<uuid>/ with its .com.apple.mobile_container_manager.metadata.plist).
 *
 * App folders: presence (file count, bytes, databases), every checksum-valid address in their files
 * (SQLite pages, shared_prefs XML, JSON, MMKV, LevelDB tables inflated), keystore-like JSON listed
 * (parsed by the keystore reader of the wallets branch, not here). Files are read up to WA_MAX_FILE
 * each and WA_MAX_TOTAL per folder; what is skipped is counted in the details.
 */
#include <plist/plist.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/redux_persist.h"
#include "wa.h"

/* ---- MetaMask mobile persist-root ------------------------------------------------------------- */

static int persist_root(dft_scan *s, const dft_file *f, const uint8_t *bytes, size_t len)
{
    json_t *root = NULL;
    size_t decoded = 0;
    int rc = dft_redux_persist_parse(&root, (const char *)bytes, len, &decoded);
    if (rc) return rc;
    json_t *state = wa_json_get(root, "engine.backgroundState");
    bool metamask = strstr(f->device_path, "io.metamask") != NULL || json_is_object(wa_json_get(state, "KeyringController"));
    if (!metamask) { /* another React Native app's store: not ours */
        json_decref(root);
        return DFT_OK;
    }
    wa_wallet w;
    rc = wa_wallet_init(&w, "metamask_mobile", "eth", f->device_path);
    if (rc) {
        json_decref(root);
        return rc;
    }
    json_object_set_new(w.details, "app", json_string("MetaMask"));
    json_object_set_new(w.details, "platform",
                        json_string(strstr(f->device_path, "/Documents/persistStore/") ? "ios" : "android"));
    json_object_set_new(w.details, "container", json_string("redux-persist"));
    json_object_set_new(w.details, "reducers_decoded", json_integer((json_int_t)decoded));
    if (wa_metamask_state(&w, state, true, "persist-root engine.backgroundState"))
        json_object_set_new(w.details, "state", json_string("metamask"));
    /* any other address in the file (browser history, settings) */
    wa_wallet_scan_text(&w, bytes, len, "found", "persist-root");
    w.source = strdup("persist-root");
    json_decref(root);
    rc = wa_wallet_emit(s, &w);
    wa_wallet_free(&w);
    return rc;
}

int wa_scan_persist_root(dft_scan *s, const dft_file *f, const dft_content *c)
{
    size_t len = 0;
    const uint8_t *bytes = NULL;
    uint8_t *owned = NULL;
    int rc = wa_content(c, WA_MAX_FILE, &bytes, &len, &owned);
    if (rc == DFT_OK) rc = persist_root(s, f, bytes, len);
    free(owned);
    return rc;
}

/* ---- app data folders ------------------------------------------------------------------------- */

typedef struct app_walk {
    dft_scan *s;
    const dft_content *c;
    wa_wallet *w;
    size_t prefix;          /* length of the app folder's device path: file paths shown relative */
    size_t files, dirs, deleted, bytes_read, skipped;
    uint64_t bytes;
    json_t *with_addresses, *databases;
    int rc;
} app_walk;

static bool has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && strcmp(s + n - m, suf) == 0;
}

static void scan_file(app_walk *aw, const dft_dirent *e, const uint8_t *data, size_t len)
{
    const char *rel = e->device_path + aw->prefix;
    if (*rel == '/') rel++;
    size_t before = aw->w->naddrs;
    bool table = false;
    if (has_suffix(e->name, ".ldb") || has_suffix(e->name, ".sst")) {
        /* table blocks may be Snappy-compressed: read them through the LevelDB reader (a RocksDB or
         * damaged table falls back to the raw bytes below) */
        dft_leveldb *db = NULL;
        if (dft_leveldb_new(&db, WA_MAX_FILE) == DFT_OK && dft_leveldb_add_table(db, e->name, data, len) == DFT_OK &&
            dft_leveldb_finish(db) == DFT_OK) {
            table = true;
            for (size_t i = 0; i < dft_leveldb_count(db); i++) {
                const dft_leveldb_entry *le = dft_leveldb_at(db, i);
                /* keys too: shared-prefix compression splits them in the raw bytes */
                wa_wallet_scan_text(aw->w, le->key, le->key_len, le->live ? "found" : "history", rel);
                wa_wallet_scan_text(aw->w, le->value, le->value_len, le->live ? "found" : "history", rel);
            }
        }
        dft_leveldb_free(db);
    }
    if (!table) wa_wallet_scan_text(aw->w, data, len, "found", rel);
    if (len >= 16 && memcmp(data, "SQLite format 3", 16) == 0 && json_array_size(aw->databases) < WA_MAX_LIST)
        json_array_append_new(aw->databases, json_string(rel));
    if (len < (4u << 20)) wa_note_keystore(aw->w, data, len, rel);
    size_t found = aw->w->naddrs - before;
    if (found && json_array_size(aw->with_addresses) < WA_MAX_LIST)
        json_array_append_new(aw->with_addresses, json_pack("{sssI}", "path", rel, "addresses", (json_int_t)found));
}

static int on_app_file(void *payload, const dft_dirent *e)
{
    app_walk *aw = payload;
    if (dft_scan_cancelled(aw->s)) return aw->rc = dft_error_set(DFT_ECANCELLED, "wallet_apps: cancelled");
    if (e->type == 'd') {
        aw->dirs++;
        return 0;
    }
    if (e->type != 'r') return 0;
    aw->files++;
    aw->bytes += e->size;
    if (!e->allocated) aw->deleted++;
    if (e->size == 0) return 0;
    if (e->size > WA_MAX_FILE || aw->bytes_read + e->size > WA_MAX_TOTAL) {
        aw->skipped++;
        return 0;
    }
    uint8_t *data = NULL;
    size_t len = 0;
    int rc = wa_read(aw->c, e->device_path, WA_MAX_FILE, &data, &len, NULL);
    if (rc == DFT_ENOMEM) return aw->rc = rc;
    if (rc) {
        aw->skipped++;
        return 0;
    }
    aw->bytes_read += len;
    scan_file(aw, e, data, len);
    free(data);
    return 0;
}

int wa_scan_app_dir(dft_scan *s, const dft_file *f, const dft_content *c, const char *kind, const char *chain,
                    const char *package, const char *name, const char *platform)
{
    wa_wallet w;
    int rc = wa_wallet_init(&w, kind, chain, f->device_path);
    if (rc) return rc;
    json_object_set_new(w.details, "app", json_string(name));
    json_object_set_new(w.details, "package", json_string(package));
    json_object_set_new(w.details, "platform", json_string(platform));
    app_walk aw = { .s = s, .c = c, .w = &w, .prefix = strlen(f->device_path) };
    aw.with_addresses = json_array();
    aw.databases = json_array();
    char pattern[4200], esc[4096];
    if (!wa_glob_escape(f->device_path, esc, sizeof esc)) {
        wa_wallet_free(&w);
        json_decref(aw.with_addresses);
        json_decref(aw.databases);
        return dft_error_set(DFT_ELIMIT, "app folder path too long");
    }
    snprintf(pattern, sizeof pattern, "%s/*", esc);
    rc = dft_content_glob(c, pattern, on_app_file, &aw);
    if (aw.rc) rc = aw.rc;
    json_object_set_new(w.details, "file_count", json_integer((json_int_t)aw.files));
    json_object_set_new(w.details, "folder_count", json_integer((json_int_t)aw.dirs));
    json_object_set_new(w.details, "deleted_files", json_integer((json_int_t)aw.deleted));
    json_object_set_new(w.details, "total_bytes", json_integer((json_int_t)aw.bytes));
    json_object_set_new(w.details, "files_not_read", json_integer((json_int_t)aw.skipped));
    json_object_set_new(w.details, "files_with_addresses", aw.with_addresses);
    json_object_set_new(w.details, "databases", aw.databases);
    if (rc == DFT_OK) {
        w.source = strdup("app data folder");
        rc = wa_wallet_emit(s, &w);
    }
    wa_wallet_free(&w);
    return rc;
}

/* ---- iOS app containers ----------------------------------------------------------------------- */

/* iOS bundle ids of the wallet apps (crypto.md §2.5; unverified ones are marked in docs). */
static const struct {
    const char *bundle, *kind, *chain, *name;
} ios_apps[] = {
    { "com.sixdays.trust", "trust_app", "multi", "Trust Wallet" },
    { "im.token.app", "imtoken_app", "multi", "imToken" },
    { "com.tronlink.hdwallet", "tronlink_app", "trx", "TronLink" },
    { "com.tronlinkpro.wallet", "tronlink_app", "trx", "TronLink" },
    { "vip.mytokenpocket", "tokenpocket_app", "multi", "TokenPocket" },
    { "com.bitpie", "bitpie_app", "multi", "Bitpie" },
    { "com.okex.OKExAppstoreFull", "okx_app", "multi", "OKX" },
    { "com.okx.wallet", "okx_wallet_app", "multi", "OKX Wallet" },
    { "com.czzhao.binance", "binance_app", "multi", "Binance" },
    { "exodus-movement.exodus", "exodus_app", "multi", "Exodus" },
    { "org.toshi.distribution", "coinbase_wallet_app", "multi", "Coinbase Wallet" },
};

int wa_scan_ios_container(dft_scan *s, const dft_file *f, const dft_content *c)
{
    /* only the container folder itself: .../Containers/Data/Application/<uuid> */
    const char *app = strstr(f->device_path, "/Containers/Data/Application/");
    if (!app) return DFT_OK;
    const char *uuid = app + strlen("/Containers/Data/Application/");
    if (!*uuid || strchr(uuid, '/')) return DFT_OK;
    uint8_t *data = NULL;
    size_t len = 0;
    char path[4200];
    snprintf(path, sizeof path, "%s/.com.apple.mobile_container_manager.metadata.plist", f->device_path);
    int rc = wa_read(c, path, 1u << 20, &data, &len, NULL);
    if (rc) return rc == DFT_ENOTFOUND || rc == DFT_ELIMIT ? DFT_OK : rc;
    plist_t p = NULL;
    if (len && len < UINT32_MAX) plist_from_memory((const char *)data, (uint32_t)len, &p);
    free(data);
    const char *bundle = NULL;
    plist_t id = p ? plist_dict_get_item(p, "MCMMetadataIdentifier") : NULL;
    if (id && plist_get_node_type(id) == PLIST_STRING) bundle = plist_get_string_ptr(id, NULL);
    rc = DFT_OK;
    for (size_t i = 0; bundle && i < sizeof ios_apps / sizeof ios_apps[0]; i++)
        if (strcmp(bundle, ios_apps[i].bundle) == 0) {
            rc = wa_scan_app_dir(s, f, c, ios_apps[i].kind, ios_apps[i].chain, bundle, ios_apps[i].name, "ios");
            break;
        }
    plist_free(p);
    return rc;
}
