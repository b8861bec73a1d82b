/*
 * wf_bitcoin.c - Bitcoin Core wallet.dat (and Litecoin/Dogecoin Core) for the wallet_files plugin:
 * legacy Berkeley DB files through parsers/bdb + btcwallet, descriptor wallets (SQLite) through
 * parsers/sqlite_safe (a private copy, hardened, with budgets) + btcwallet.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/bdb.h"
#include "parsers/btcwallet.h"
#include "timefmt.h"
#include "wf.h"

static bool cancelled(void *payload)
{
    return dft_scan_cancelled(payload);
}

static void put_time(json_t *d, const char *key, int64_t t)
{
    char buf[DFT_TIME_LEN];
    dft_time_text(buf, DFT_TIME_UNIX_S, t);
    json_object_set_new(d, key, json_string(buf));
}

static json_t *details_of(const dft_btcwallet *w)
{
    json_t *d = json_object();
    json_object_set_new(d, "storage", json_string(w->storage));
    if (w->version >= 0) json_object_set_new(d, "version", json_integer(w->version));
    if (w->minversion >= 0) json_object_set_new(d, "minversion", json_integer(w->minversion));
    if (w->application_id) {
        char id[16];
        snprintf(id, sizeof id, "%08X", w->application_id);
        json_object_set_new(d, "application_id", json_string(id));
        const char *net = dft_btcwallet_network(w->application_id);
        if (net) json_object_set_new(d, "network", json_string(net));
    }
    if (w->has_flags) {
        json_object_set_new(d, "flags", json_integer((json_int_t)w->flags));
        json_object_set_new(d, "descriptors", json_boolean(w->flags & DFT_BTC_FLAG_DESCRIPTORS));
        json_object_set_new(d, "watch_only", json_boolean(w->flags & DFT_BTC_FLAG_DISABLE_PRIVATE_KEYS));
        json_object_set_new(d, "blank", json_boolean(w->flags & DFT_BTC_FLAG_BLANK_WALLET));
    }
    json_t *c = json_object();
    json_object_set_new(c, "records", json_integer((json_int_t)w->n_records));
    json_object_set_new(c, "mkey", json_integer((json_int_t)w->n_mkey));
    json_object_set_new(c, "ckey", json_integer((json_int_t)w->n_ckey));
    json_object_set_new(c, "key", json_integer((json_int_t)w->n_key));
    json_object_set_new(c, "wkey", json_integer((json_int_t)w->n_wkey));
    json_object_set_new(c, "keymeta", json_integer((json_int_t)w->n_keymeta));
    json_object_set_new(c, "pool", json_integer((json_int_t)w->n_pool));
    json_object_set_new(c, "tx", json_integer((json_int_t)w->n_tx));
    json_object_set_new(c, "name", json_integer((json_int_t)w->n_names));
    json_object_set_new(c, "walletdescriptor", json_integer((json_int_t)w->n_desc));
    json_object_set_new(c, "walletdescriptorkey", json_integer((json_int_t)w->n_desc_key));
    json_object_set_new(c, "walletdescriptorckey", json_integer((json_int_t)w->n_desc_ckey));
    json_object_set_new(c, "other", json_integer((json_int_t)w->n_other));
    json_object_set_new(c, "undecodable", json_integer((json_int_t)w->n_bad));
    json_object_set_new(d, "records", c);
    if (w->hdchain_version >= 0) json_object_set_new(d, "hdchain_version", json_integer(w->hdchain_version));
    if (w->n_tx_times) {
        put_time(d, "first_tx_utc", w->tx_first);
        put_time(d, "last_tx_utc", w->tx_last);
    }
    if (w->n_key_times) {
        put_time(d, "first_key_utc", w->key_first);
        put_time(d, "last_key_utc", w->key_last);
    }
    if (w->n_mkey) {
        json_t *m = json_object();
        char salt[129] = "";
        for (size_t i = 0; i < w->mkey.salt_len; i++) snprintf(salt + 2 * i, 3, "%02x", w->mkey.salt[i]);
        json_object_set_new(m, "method", json_integer(w->mkey.method));
        json_object_set_new(m, "iterations", json_integer(w->mkey.iterations));
        json_object_set_new(m, "salt", json_string(salt));
        json_object_set_new(d, "mkey", m);
        char line[300];
        if (dft_btcwallet_crack_hash(w, line, sizeof line) == DFT_OK) {
            json_object_set_new(d, "crack_hash", json_string(line));
            json_object_set_new(d, "hashcat_mode", json_integer(11300));
            json_object_set_new(d, "sensitive", json_pack("[s]", "crack_hash"));
        }
    }
    if (w->n_descriptors) {
        json_t *a = json_array();
        for (size_t i = 0; i < w->n_descriptors && i < 100; i++) json_array_append_new(a, json_string(w->descriptors[i]));
        json_object_set_new(d, "descriptor_list", a);
    }
    return d;
}

static int emit(dft_scan *s, const dft_file *f, dft_btcwallet *w, const char *kind, const char *source,
                const dft_bdb_stats *st)
{
    wf_addr *addrs = calloc(w->n_names ? w->n_names : 1, sizeof *addrs);
    json_t *d = details_of(w);
    if (d && st) {
        json_t *b = json_object();
        json_object_set_new(b, "pages", json_integer(st->pages));
        json_object_set_new(b, "overflow_items", json_integer(st->overflow));
        json_object_set_new(b, "deleted_items", json_integer(st->deleted));
        json_object_set_new(b, "problems", json_integer(st->problems));
        json_object_set_new(d, "bdb", b);
    }
    if (!addrs || !d) {
        free(addrs);
        json_decref(d);
        return DFT_ENOMEM;
    }
    for (size_t i = 0; i < w->n_names; i++)
        addrs[i] = (wf_addr){ w->names[i].address, w->names[i].label, w->names[i].purpose };
    size_t clear = w->n_key + w->n_wkey + w->n_desc_key;
    wf_wallet ww = {
        .kind = kind,
        .default_chain = wf_path_chain(f->device_path) ? wf_path_chain(f->device_path) : "btc",
        .encrypted = w->n_mkey > 0 ? 1 : ((w->n_key || w->n_desc_key) ? 0 : -1),
        .keys_in_clear = clear > 0,
        .source = source,
        .details = d,
        .addrs = addrs,
        .n_addrs = w->n_names,
    };
    /* a fork's data directory decides over address look-alikes (Litecoin's old "3..." P2SH) */
    ww.chain = wf_path_chain(f->device_path);
    int rc = wf_emit_wallet(s, f, &ww);
    json_decref(d);
    free(addrs);
    return rc;
}

int wf_bitcoin_core(dft_scan *s, const dft_file *f, const dft_content *c, const uint8_t *bytes, size_t len)
{
    dft_btcwallet *w = NULL;
    int rc;
    if (len >= 16 && memcmp(bytes, "SQLite format 3", 16) == 0) {
        const char *path = dft_content_path(c);
        if (!path) return DFT_EIO;
        dft_sqlite_opts o = DFT_SQLITE_OPTS_INIT;
        o.cancelled = cancelled;
        o.payload = s;
        o.temp_dir = dft_content_workdir(c);
        rc = dft_btcwallet_read_sqlite(&w, path, &o);
        if (rc == DFT_ENOTFOUND || rc == DFT_ECORRUPT) return DFT_ENOTFOUND;   /* not a wallet */
        if (rc) return rc;
        /* a table main(key, value) alone is not enough: a wallet has its version or flags record */
        if (w->version < 0 && !w->has_flags && w->n_desc == 0) {
            dft_btcwallet_free(w);
            return DFT_ENOTFOUND;
        }
        rc = emit(s, f, w, "bitcoin_core_descriptor", "sqlite table main", NULL);
        dft_btcwallet_free(w);
        return rc;
    }
    dft_bdb_info info;
    if (dft_bdb_sniff(bytes, len, &info)) return DFT_ENOTFOUND;
    if (info.kind != DFT_BDB_BTREE) {
        if (strcmp(f->name, "wallet.dat") != 0) return DFT_ENOTFOUND;
        return dft_emit_warning(s, -1, "wallet.dat is a Berkeley DB hash database: not read (only B-tree wallets)");
    }
    dft_bdb_stats st;
    rc = dft_btcwallet_read_bdb(&w, bytes, len, &st);
    if (rc == DFT_ENOTFOUND) return DFT_ENOTFOUND;   /* a Berkeley DB without subdatabase "main" */
    if (rc) return rc;
    if (w->version < 0 && !w->has_flags && !w->n_mkey && !w->n_key && !w->n_ckey && !w->n_names) {
        dft_btcwallet_free(w);   /* a Berkeley DB file, but not a wallet */
        return DFT_ENOTFOUND;
    }
    if (st.problems) dft_emit_warning(s, -1, "wallet.dat: %u damaged page(s) or item(s) skipped; first: %s", st.problems, st.first_problem);
    rc = emit(s, f, w, "bitcoin_core_bdb", "berkeley db subdatabase main", &st);
    dft_btcwallet_free(w);
    return rc;
}
