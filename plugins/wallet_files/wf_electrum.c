/*
 * wf_electrum.c - Electrum wallet files for the wallet_files plugin (parsers/electrum.h).
 */
#include <stdlib.h>
#include <string.h>

#include "parsers/electrum.h"
#include "timefmt.h"
#include "wf.h"

int wf_electrum(dft_scan *s, const dft_file *f, const uint8_t *bytes, size_t len)
{
    dft_electrum e;
    int rc = dft_electrum_parse((const char *)bytes, len, &e);
    if (rc) return rc;
    json_t *d = e.details;
    json_object_set_new(d, "format", json_string(e.format));
    json_object_set_new(d, "storage_encrypted", json_boolean(e.storage_encrypted));
    if (e.seed_version >= 0) json_object_set_new(d, "seed_version", json_integer(e.seed_version));
    if (e.use_encryption >= 0) json_object_set_new(d, "use_encryption", json_boolean(e.use_encryption));
    if (e.wallet_type[0]) json_object_set_new(d, "wallet_type", json_string(e.wallet_type));
    if (!e.storage_encrypted) {
        json_object_set_new(d, "transactions", json_integer((json_int_t)e.n_tx));
        json_object_set_new(d, "labels", json_integer((json_int_t)e.n_labels));
    }
    if (e.first_tx_time > 0) {
        char t[DFT_TIME_LEN];
        dft_time_text(t, DFT_TIME_UNIX_S, e.first_tx_time);
        json_object_set_new(d, "first_tx_utc", json_string(t));
        dft_time_text(t, DFT_TIME_UNIX_S, e.last_tx_time);
        json_object_set_new(d, "last_tx_utc", json_string(t));
    }
    if (e.crack_hash) {
        json_object_set_new(d, "crack_hash", json_string(e.crack_hash));
        json_object_set_new(d, "hashcat_mode", json_integer(e.hashcat_mode));
        json_object_set_new(d, "sensitive", json_pack("[s]", "crack_hash"));
    }
    wf_addr *addrs = calloc(e.n_addrs ? e.n_addrs : 1, sizeof *addrs);
    if (!addrs) {
        dft_electrum_clear(&e);
        return DFT_ENOMEM;
    }
    for (size_t i = 0; i < e.n_addrs; i++) addrs[i] = (wf_addr){ e.addrs[i].address, e.addrs[i].label, e.addrs[i].role };
    int encrypted = e.storage_encrypted ? 1 : e.use_encryption;
    wf_wallet w = {
        .kind = "electrum",
        .default_chain = "btc",
        .encrypted = encrypted,
        .keys_in_clear = json_is_true(json_object_get(d, "secrets_in_clear")),
        .source = e.storage_encrypted ? "electrum storage-encrypted file" : "electrum wallet file",
        .details = d,
        .addrs = addrs,
        .n_addrs = e.n_addrs,
    };
    rc = wf_emit_wallet(s, f, &w);
    free(addrs);
    dft_electrum_clear(&e);
    return rc;
}
