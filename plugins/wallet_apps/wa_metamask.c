/*
 * wa_metamask.c - a MetaMask background state (browser extension `data` object, or the mobile app's
 * engine.backgroundState) into a wallet: the vault's encryption parameters and cracking line, the
 * accounts, address book, transactions and networks. Sources: /work/shared/research/crypto.md §2.4
 * (btcrecover, iLEAPP), hashcat module 26600 (line format, fixed 10000 iterations, 32-byte salt,
 * 16-byte IV, 30..3136 bytes of ciphertext plus the 16-byte GCM tag).
 *
 * The vault is never decrypted and no password is tried (issue 10: never brute-force).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/timefmt.h"
#include "wa.h"

/* Decoded size of standard base64 text, or -1 when it is not base64. */
static long b64_len(const char *s)
{
    size_t n = strlen(s), pad = 0;
    if (n == 0 || n % 4) return -1;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
        if (c == '=' && i >= n - 2) {
            pad++;
            continue;
        }
        if (!ok || pad) return -1;
    }
    return (long)(n / 4 * 3 - pad);
}

/* KeyringController.vault: a JSON string (extension: {data, iv, salt[, keyMetadata]}; mobile:
 * {cipher, iv, salt, lib}). */
static void read_vault(wa_wallet *w, const char *vault_text, bool mobile)
{
    json_t *v = json_loads(vault_text, 0, NULL);
    json_t *d = json_object();
    w->encrypted = 1;
    json_object_set_new(d, "present", json_true());
    if (!json_is_object(v)) {
        json_object_set_new(d, "parsed", json_false());
        json_object_set_new(w->details, "vault", d);
        json_decref(v);
        return;
    }
    const char *salt = wa_json_str(v, "salt"), *iv = wa_json_str(v, "iv");
    const char *data = wa_json_str(v, mobile ? "cipher" : "data");
    if (!data) data = wa_json_str(v, mobile ? "data" : "cipher");
    json_t *iters_j = wa_json_get(v, "keyMetadata.params.iterations");
    const char *alg = wa_json_str(v, "keyMetadata.algorithm");
    long long iters = json_is_integer(iters_j) ? (long long)json_integer_value(iters_j) : mobile ? 5000 : 10000;
    json_object_set_new(d, "kdf", json_string(mobile ? "PBKDF2-HMAC-SHA512" : "PBKDF2-HMAC-SHA256"));
    if (alg) json_object_set_new(d, "kdf_algorithm", json_string(alg));
    json_object_set_new(d, "iterations", json_integer(iters));
    json_object_set_new(d, "iterations_source", json_string(json_is_integer(iters_j) ? "keyMetadata" : "default"));
    json_object_set_new(d, "cipher", json_string(mobile ? "AES-256-CBC" : "AES-256-GCM"));
    const char *lib = wa_json_str(v, "lib");
    if (lib) json_object_set_new(d, "lib", json_string(lib));
    if (salt) json_object_set_new(d, "salt", json_string(salt));
    if (iv) json_object_set_new(d, "iv", json_string(iv));
    if (data) json_object_set_new(d, "ciphertext_chars", json_integer((json_int_t)strlen(data)));
    json_object_set_new(w->details, "vault", d);
    /* the vault text itself: what btcrecover / metamask decryptors take (sensitive) */
    json_object_set_new(w->details, "vault_json", json_string(vault_text));
    json_t *sens = json_array();
    json_array_append_new(sens, json_string("vault_json"));
    if (!mobile && iters == 10000 && salt && iv && data && b64_len(salt) == 32 && b64_len(iv) == 16 &&
        b64_len(data) >= 46 && b64_len(data) <= 3136 + 16) {
        size_t n = strlen(salt) + strlen(iv) + strlen(data) + 16;
        char *line = malloc(n);
        if (line) {
            snprintf(line, n, "$metamask$%s$%s$%s", salt, iv, data);
            json_object_set_new(w->details, "crack_hash", json_string(line));
            json_object_set_new(w->details, "crack_hash_mode", json_string("hashcat 26600"));
            json_array_append_new(sens, json_string("crack_hash"));
            free(line);
        }
    } else {
        json_object_set_new(w->details, "crack_hash", json_null());
        json_object_set_new(w->details, "crack_note",
                            json_string(mobile ? "mobile vault (PBKDF2-SHA512, AES-CBC): no hashcat mode; "
                                                 "btcrecover reads vault_json"
                                               : "not hashcat 26600 (fixed 10000 iterations): take vault_json "
                                                 "to a decryptor that reads keyMetadata"));
    }
    json_object_set_new(w->details, "sensitive", sens);
    json_decref(v);
}

static void add_addr_str(wa_wallet *w, const char *a, const char *role, const char *label, const char *source)
{
    if (a) wa_wallet_add(w, a, strlen(a), role, label, source);
}

static void read_accounts(wa_wallet *w, json_t *state, const char *source)
{
    char src[160];
    const char *sel = wa_json_str(state, "PreferencesController.selectedAddress");
    snprintf(src, sizeof src, "%s PreferencesController.selectedAddress", source);
    add_addr_str(w, sel, "selected", NULL, src);
    /* newer: AccountsController.internalAccounts (selectedAccount = one of the ids) */
    json_t *accts = wa_json_get(state, "AccountsController.internalAccounts.accounts");
    const char *sel_id = wa_json_str(state, "AccountsController.internalAccounts.selectedAccount");
    const char *key;
    json_t *val;
    snprintf(src, sizeof src, "%s AccountsController.internalAccounts", source);
    if (json_is_object(accts) && sel_id) {
        json_t *a = json_object_get(accts, sel_id);
        add_addr_str(w, wa_json_str(a, "address"), "selected", wa_json_str(a, "metadata.name"), src);
    }
    if (json_is_object(accts))
        json_object_foreach(accts, key, val) add_addr_str(w, wa_json_str(val, "address"), "account",
                                                          wa_json_str(val, "metadata.name"), src);
    json_t *ids = wa_json_get(state, "PreferencesController.identities");
    snprintf(src, sizeof src, "%s PreferencesController.identities", source);
    if (json_is_object(ids))
        json_object_foreach(ids, key, val) {
            const char *a = wa_json_str(val, "address");
            add_addr_str(w, a ? a : key, "account", wa_json_str(val, "name"), src);
        }
    /* mobile keeps the plain account list of each keyring */
    json_t *krs = wa_json_get(state, "KeyringController.keyrings");
    snprintf(src, sizeof src, "%s KeyringController.keyrings", source);
    size_t i, j;
    json_t *kr, *acc;
    if (json_is_array(krs))
        json_array_foreach(krs, i, kr) {
            json_t *list = json_object_get(kr, "accounts");
            if (json_is_array(list))
                json_array_foreach(list, j, acc) add_addr_str(w, json_string_value(acc), "account", NULL, src);
        }
    json_t *book = wa_json_get(state, "AddressBookController.addressBook");
    snprintf(src, sizeof src, "%s AddressBookController.addressBook", source);
    const char *chain;
    json_t *entries;
    size_t nbook = 0;
    if (json_is_object(book))
        json_object_foreach(book, chain, entries) {
            if (!json_is_object(entries)) continue;
            json_object_foreach(entries, key, val) {
                const char *a = wa_json_str(val, "address");
                add_addr_str(w, a ? a : key, "address_book", wa_json_str(val, "name"), src);
                nbook++;
            }
        }
    json_object_set_new(w->details, "address_book_entries", json_integer((json_int_t)nbook));
}

static json_t *tx_summary(wa_wallet *w, json_t *tx, const char *source)
{
    json_t *o = json_object();
    const char *hash = wa_json_str(tx, "hash");
    const char *from = wa_json_str(tx, "txParams.from"), *to = wa_json_str(tx, "txParams.to");
    const char *value = wa_json_str(tx, "txParams.value");
    const char *status = wa_json_str(tx, "status");
    const char *chain = wa_json_str(tx, "chainId");
    if (hash) json_object_set_new(o, "hash", json_string(hash));
    if (from) json_object_set_new(o, "from", json_string(from));
    if (to) json_object_set_new(o, "to", json_string(to));
    if (value) json_object_set_new(o, "value", json_string(value));
    if (status) json_object_set_new(o, "status", json_string(status));
    if (chain) json_object_set_new(o, "chain_id", json_string(chain));
    json_t *t = json_object_get(tx, "time");
    if (json_is_integer(t)) {
        char ts[DFT_TIME_LEN];
        dft_time_text(ts, DFT_TIME_UNIX_MS, (int64_t)json_integer_value(t));
        json_object_set_new(o, "time_utc", json_string(ts));
    }
    char src[160];
    snprintf(src, sizeof src, "%s TransactionController.transactions", source);
    add_addr_str(w, from, "transaction_from", NULL, src);
    add_addr_str(w, to, "transaction_to", NULL, src);
    return o;
}

static void read_transactions(wa_wallet *w, json_t *state, const char *source)
{
    json_t *txs = wa_json_get(state, "TransactionController.transactions");
    json_t *list = json_array();
    size_t n = 0, i;
    const char *key;
    json_t *tx;
    if (json_is_array(txs)) {
        json_array_foreach(txs, i, tx) {
            if (n++ < WA_MAX_LIST) json_array_append_new(list, tx_summary(w, tx, source));
        }
    } else if (json_is_object(txs)) { /* some versions key them by id */
        json_object_foreach(txs, key, tx) {
            if (n++ < WA_MAX_LIST) json_array_append_new(list, tx_summary(w, tx, source));
        }
    }
    json_object_set_new(w->details, "transaction_count", json_integer((json_int_t)n));
    json_object_set_new(w->details, "transactions", list);
}

static void read_network(wa_wallet *w, json_t *state)
{
    json_t *nc = json_object_get(state, "NetworkController");
    if (!json_is_object(nc)) return;
    json_t *prov = json_object_get(nc, "providerConfig");
    if (!prov) prov = json_object_get(nc, "provider");
    json_t *net = json_object();
    const char *f[][2] = { { "type", "type" }, { "chainId", "chain_id" }, { "rpcUrl", "rpc_url" }, { "nickname", "nickname" } };
    for (size_t i = 0; i < 4; i++) {
        const char *v = wa_json_str(prov, f[i][0]);
        if (v) json_object_set_new(net, f[i][1], json_string(v));
    }
    const char *selected = wa_json_str(nc, "selectedNetworkClientId");
    if (selected) json_object_set_new(net, "selected_network_client_id", json_string(selected));
    json_object_set_new(w->details, "network", net);
    json_t *confs = json_object_get(nc, "networkConfigurations");
    if (!confs) confs = json_object_get(nc, "networkConfigurationsByChainId");
    json_t *list = json_array();
    const char *key;
    json_t *c;
    if (json_is_object(confs))
        json_object_foreach(confs, key, c) {
            if (json_array_size(list) >= WA_MAX_LIST) break;
            json_t *o = json_object();
            const char *chain = wa_json_str(c, "chainId");
            const char *name = wa_json_str(c, "nickname");
            if (!name) name = wa_json_str(c, "name");
            const char *url = wa_json_str(c, "rpcUrl");
            json_t *eps = json_object_get(c, "rpcEndpoints");
            if (!url && json_is_array(eps)) url = wa_json_str(json_array_get(eps, 0), "url");
            if (chain) json_object_set_new(o, "chain_id", json_string(chain));
            if (name) json_object_set_new(o, "name", json_string(name));
            if (url) json_object_set_new(o, "rpc_url", json_string(url));
            json_array_append_new(list, o);
        }
    json_object_set_new(w->details, "networks", list);
}

bool wa_metamask_state(wa_wallet *w, json_t *state, bool mobile, const char *source)
{
    if (!json_is_object(state)) return false;
    json_t *kc = json_object_get(state, "KeyringController");
    bool found = json_is_object(kc) || json_object_get(state, "PreferencesController") ||
                 json_object_get(state, "AccountsController");
    if (!found) return false;
    const char *vault = wa_json_str(kc, "vault");
    if (vault) read_vault(w, vault, mobile);
    else if (json_is_object(kc)) json_object_set_new(w->details, "vault", json_pack("{sb}", "present", 0));
    read_accounts(w, state, source);
    read_transactions(w, state, source);
    read_network(w, state);
    return true;
}
