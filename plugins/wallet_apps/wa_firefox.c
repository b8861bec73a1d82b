/*
 * wa_firefox.c - MetaMask (and forks) in Firefox: browser.storage.local of a WebExtension lives in an
 * IndexedDB SQLite database under the profile's storage/default/moz-extension+++<uuid>.../idb/, one
 * object_data row per storage key, the value a Snappy-compressed structured clone
 * (parsers/moz_clone.h). The extension's uuid is random per profile, so MetaMask is recognised by its
 * state (KeyringController / PreferencesController), not by the folder name.
 *
 * Values Firefox keeps outside the database (file_ids set: larger than dom.indexedDB.dataThreshold,
 * in <db>.files/) are not read: counted in external_values, with a warning.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "parsers/moz_clone.h"
#include "parsers/sqlite_safe.h"
#include "wa.h"

static bool cancelled(void *payload) { return dft_scan_cancelled(payload); }

/* The extension's uuid from ".../moz-extension+++<uuid>^userContextId=.../idb/x.sqlite". */
static void note_uuid(wa_wallet *w, const char *path)
{
    const char *p = strstr(path, "moz-extension+++");
    if (!p) return;
    p += strlen("moz-extension+++");
    size_t n = strcspn(p, "^/");
    json_object_set_new(w->details, "extension_uuid", json_stringn(p, n));
}

int wa_scan_firefox_idb(dft_scan *s, const dft_file *f, const dft_content *c)
{
    const char *path = dft_content_path(c);
    if (!path) return DFT_EIO;
    dft_sqlite_opts o = DFT_SQLITE_OPTS_INIT;
    o.cancelled = cancelled;
    o.payload = s;
    dft_sqlite *h = NULL;
    int rc = dft_sqlite_open_beside(&h, path, &o);   /* IDB runs in WAL mode: its -wal is applied */
    if (rc) return rc;
    /* object_data carries Firefox's refcount triggers; a SELECT never runs them */
    dft_sqlite_kind kind = dft_sqlite_table_kind(h, "object_data");
    if (kind != DFT_SQLITE_TABLE && kind != DFT_SQLITE_TRIGGERED) {
        dft_sqlite_close(h);
        return DFT_OK; /* not an IndexedDB database */
    }
    sqlite3_stmt *stmt = NULL;
    rc = dft_sqlite_prepare(h, &stmt, "SELECT key, data, file_ids FROM object_data ORDER BY object_store_id, key");
    if (rc) {
        dft_sqlite_close(h);
        return rc;
    }
    json_t *state = json_object(), *data_state = NULL, *keys = json_array();
    size_t external = 0, undecoded = 0;
    int step;
    while ((step = dft_sqlite_step(h, stmt)) == DFT_SQLITE_ROW) {
        char key[256];
        const uint8_t *kb = sqlite3_column_blob(stmt, 0);
        int klen = sqlite3_column_bytes(stmt, 0);
        if (dft_moz_idb_key(key, sizeof key, kb, kb && klen > 0 ? (size_t)klen : 0) != DFT_OK) continue;
        if (json_array_size(keys) < WA_MAX_LIST) json_array_append_new(keys, json_string(key));
        if (sqlite3_column_type(stmt, 2) != SQLITE_NULL) {
            external++;
            continue;
        }
        const uint8_t *vb = sqlite3_column_blob(stmt, 1);
        int vlen = sqlite3_column_bytes(stmt, 1);
        json_t *v = NULL;
        if (!vb || vlen <= 0 || dft_moz_idb_value(&v, vb, (size_t)vlen) != DFT_OK) {
            undecoded++;
            continue;
        }
        if (strcmp(key, "data") == 0 && json_is_object(v)) data_state = json_incref(v);
        json_object_set_new(state, key, v);
    }
    if (step < 0) dft_emit_warning(s, -1, "%s: object_data read stopped: %s", f->device_path, dft_error_last());
    sqlite3_finalize(stmt);
    dft_sqlite_close(h);

    wa_wallet w;
    rc = wa_wallet_init(&w, "metamask_firefox", "eth", f->device_path);
    bool mm = rc == DFT_OK && wa_metamask_state(&w, data_state ? data_state : state, false,
                                                data_state ? "indexeddb key data" : "indexeddb keys");
    json_decref(data_state);
    json_decref(state);
    if (rc || !mm) {
        json_decref(keys);
        wa_wallet_free(&w);
        return rc;
    }
    json_object_set_new(w.details, "app", json_string("MetaMask (Firefox)"));
    json_object_set_new(w.details, "browser", json_string("firefox"));
    json_object_set_new(w.details, "container", json_string("indexeddb"));
    json_object_set_new(w.details, "state", json_string("metamask"));
    note_uuid(&w, f->device_path);
    json_object_set_new(w.details, "idb_keys", keys);
    json_object_set_new(w.details, "external_values", json_integer((json_int_t)external));
    json_object_set_new(w.details, "undecoded_values", json_integer((json_int_t)undecoded));
    if (external)
        dft_emit_warning(s, -1, "%s: %zu value(s) stored outside the database (.files) not read", f->device_path,
                         external);
    w.source = strdup("Firefox IndexedDB");
    rc = wa_wallet_emit(s, &w);
    wa_wallet_free(&w);
    return rc;
}
