/*
 * wa_leveldb.c - a LevelDB directory of the evidence (browser extension storage, Electron Local
 * Storage) read through parsers/leveldb.h: every *.log / *.ldb / *.sst of the scanned directory,
 * live files first then deleted ones whose name no live file has; damage becomes evidence.warning
 * rows; and a summary of what the database holds for the wallet's details.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wa.h"

typedef struct ldb_list {
    char **paths, **names;
    bool *alloc;
    size_t n, cap;
} ldb_list;

static bool has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && strcmp(s + n - m, suf) == 0;
}

static int on_entry(void *payload, const dft_dirent *e)
{
    ldb_list *l = payload;
    if (e->type != 'r') return 0;
    if (!has_suffix(e->name, ".log") && !has_suffix(e->name, ".ldb") && !has_suffix(e->name, ".sst")) return 0;
    /* a deleted file of the same name as a live one cannot be told apart by path: skip it */
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->names[i], e->name) == 0) return 0;
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 16;
        char **np = realloc(l->paths, nc * sizeof *np);
        if (np) l->paths = np;
        char **nn = realloc(l->names, nc * sizeof *nn);
        if (nn) l->names = nn;
        bool *na = realloc(l->alloc, nc * sizeof *na);
        if (na) l->alloc = na;
        if (!np || !nn || !na) return DFT_ENOMEM;
        l->cap = nc;
    }
    l->paths[l->n] = strdup(e->device_path);
    l->names[l->n] = strdup(e->name);
    l->alloc[l->n] = e->allocated;
    if (!l->paths[l->n] || !l->names[l->n]) {
        free(l->paths[l->n]);
        free(l->names[l->n]);
        return DFT_ENOMEM;
    }
    l->n++;
    return 0;
}

static void list_free(ldb_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->paths[i]);
        free(l->names[i]);
    }
    free(l->paths);
    free(l->names);
    free(l->alloc);
}

int wa_leveldb_load(dft_scan *s, const dft_content *c, const char *dir_device_path, dft_leveldb **out,
                    json_t *files_out)
{
    *out = NULL;
    ldb_list l = { 0 };
    int rc = dft_content_list(c, ".", on_entry, &l);
    if (rc) {
        list_free(&l);
        return rc;
    }
    dft_leveldb *db = NULL;
    rc = dft_leveldb_new(&db, WA_MAX_TOTAL);
    /* live files first (name order), then deleted ones */
    for (int pass = 0; pass < 2 && rc == DFT_OK; pass++) {
        for (size_t i = 0; i < l.n && rc == DFT_OK; i++) {
            if (l.alloc[i] != (pass == 0)) continue;
            if (dft_scan_cancelled(s)) {
                rc = dft_error_set(DFT_ECANCELLED, "wallet_apps: cancelled");
                break;
            }
            uint8_t *data = NULL;
            size_t len = 0;
            int r = wa_read(c, l.paths[i], WA_MAX_FILE, &data, &len, NULL);
            json_t *fo = json_pack("{sssIsb}", "name", l.names[i], "size", (json_int_t)len, "allocated", l.alloc[i]);
            if (r) {
                dft_emit_warning(s, -1, "%s: not read: %s", l.paths[i], dft_error_last());
                json_object_set_new(fo, "read", json_false());
            } else {
                r = has_suffix(l.names[i], ".log") ? dft_leveldb_add_log(db, l.names[i], data, len)
                                                   : dft_leveldb_add_table(db, l.names[i], data, len);
                if (r == DFT_ECORRUPT) {
                    dft_emit_warning(s, -1, "%s: %s", l.paths[i], dft_error_last());
                    json_object_set_new(fo, "read", json_false());
                } else if (r) {
                    rc = r;
                }
            }
            free(data);
            if (files_out) json_array_append_new(files_out, fo);
            else json_decref(fo);
        }
    }
    list_free(&l);
    if (rc == DFT_OK) rc = dft_leveldb_finish(db);
    if (rc) {
        dft_leveldb_free(db);
        return rc;
    }
    size_t nw = dft_leveldb_warning_count(db);
    for (size_t i = 0; i < nw && i < DFT_LEVELDB_MAX_WARNINGS; i++)
        dft_emit_warning(s, -1, "LevelDB %s/%s", dir_device_path, dft_leveldb_warning(db, i));
    if (nw > DFT_LEVELDB_MAX_WARNINGS)
        dft_emit_warning(s, -1, "LevelDB %s: %zu more damaged records not listed", dir_device_path,
                         nw - DFT_LEVELDB_MAX_WARNINGS);
    *out = db;
    return DFT_OK;
}

/* A key as readable text: printable ASCII kept, other bytes as \xNN. */
static json_t *key_text(const uint8_t *k, size_t n)
{
    char buf[256];
    size_t o = 0;
    for (size_t i = 0; i < n && o + 5 < sizeof buf; i++) {
        if (k[i] >= 0x20 && k[i] < 0x7f) buf[o++] = (char)k[i];
        else o += (size_t)snprintf(buf + o, sizeof buf - o, "\\x%02x", k[i]);
    }
    buf[o] = '\0';
    return json_string(buf);
}

void wa_leveldb_summary(wa_wallet *w, const dft_leveldb *db)
{
    json_t *o = json_object(), *keys = json_array();
    size_t live = 0, history = 0, deletions = 0;
    for (size_t i = 0; i < dft_leveldb_count(db); i++) {
        const dft_leveldb_entry *e = dft_leveldb_at(db, i);
        if (e->live) {
            if (live++ < WA_MAX_LIST) json_array_append_new(keys, key_text(e->key, e->key_len));
        } else if (e->deleted) {
            deletions++;
        } else {
            history++;
        }
    }
    json_object_set_new(o, "live_keys", json_integer((json_int_t)live));
    json_object_set_new(o, "older_values", json_integer((json_int_t)history));
    json_object_set_new(o, "deletions", json_integer((json_int_t)deletions));
    json_object_set_new(o, "keys", keys);
    json_object_set_new(o, "damaged_records", json_integer((json_int_t)dft_leveldb_warning_count(db)));
    json_object_set_new(w->details, "leveldb", o);
}
