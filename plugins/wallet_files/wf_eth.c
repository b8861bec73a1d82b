/*
 * wf_eth.c - Ethereum keystores (v3, v1) and imToken identity files for the wallet_files plugin
 * (parsers/ethkeystore.h). The address a keystore states is normalised through the crypto validator
 * (lower-case canonical, EIP-55 form in the address finding's details).
 */
#include <string.h>

#include "parsers/ethkeystore.h"
#include "wf.h"

int wf_ethkeystore(dft_scan *s, const dft_file *f, const uint8_t *bytes, size_t len)
{
    dft_ethkeystore k;
    int rc = dft_ethkeystore_parse((const char *)bytes, len, f->name, &k);
    if (rc) return rc;
    json_t *d = k.details;
    if (k.address_source) json_object_set_new(d, "address_source", json_string(k.address_source));
    if (k.crack_hash) {
        json_object_set_new(d, "crack_hash", json_string(k.crack_hash));
        json_object_set_new(d, "hashcat_mode", json_integer(k.hashcat_mode));
        json_object_set_new(d, "sensitive", json_pack("[s]", "crack_hash"));
    }
    wf_addr a = { k.address, NULL, NULL };
    wf_wallet w = {
        .kind = k.kind,
        .chain = "eth",
        .encrypted = 1,
        .source = "keystore json",
        .details = d,
        .addrs = &a,
        .n_addrs = k.address[0] ? 1 : 0,
        .addr_from_keystore = true,
    };
    rc = wf_emit_wallet(s, f, &w);
    dft_ethkeystore_clear(&k);
    return rc;
}
