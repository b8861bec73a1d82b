/*
 * wf_emit.c - writes one wallet found in a file: the `wallets` row, its crypto.wallet finding, a
 * crypto.address finding per validated address and the wallet -> address links (wf.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/cryptoaddr.h"
#include "wf.h"

const char *wf_path_chain(const char *p)
{
    if (!p) return NULL;
    if (strstr(p, "/Litecoin/") || strstr(p, "/.litecoin/") || strstr(p, "/LitecoinCore/")) return "ltc";
    if (strstr(p, "/Dogecoin/") || strstr(p, "/.dogecoin/")) return "doge";
    return NULL;
}

static const char *static_chain(const char *c)
{
    static const char *known[] = { "btc", "ltc", "doge", "bch", "trx", "eth", "xrp" };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(c, known[i]) == 0) return known[i];
    return "btc";
}

/* The most frequent chain among validated addresses (ties: the first in address order). */
static const char *majority_chain(const dft_crypto_hit *hits, const bool *ok, size_t n)
{
    const char *best = NULL;
    size_t best_n = 0;
    for (size_t i = 0; i < n; i++) {
        if (!ok[i]) continue;
        size_t c = 0;
        for (size_t j = 0; j < n; j++)
            if (ok[j] && strcmp(hits[i].chain, hits[j].chain) == 0) c++;
        if (c > best_n) {
            best_n = c;
            best = static_chain(hits[i].chain);
        }
    }
    return best;
}

static char *dumps(json_t *o)
{
    return json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
}

int wf_emit_wallet(dft_scan *s, const dft_file *f, wf_wallet *w)
{
    size_t n = w->n_addrs;
    dft_crypto_hit *hits = calloc(n ? n : 1, sizeof *hits);
    bool *ok = calloc(n ? n : 1, sizeof *ok);
    if (!hits || !ok) {
        free(hits);
        free(ok);
        return DFT_ENOMEM;
    }
    size_t valid = 0;
    for (size_t i = 0; i < n; i++) {
        const char *a = w->addrs[i].address;
        ok[i] = a && dft_crypto_classify(a, strlen(a), &hits[i]) == DFT_OK && strcmp(hits[i].kind, "address") == 0;
        valid += ok[i];
    }
    const char *chain = w->chain;
    if (!chain) chain = majority_chain(hits, ok, n);
    if (!chain) chain = w->default_chain ? w->default_chain : "btc";

    /* the wallet's address: the first validated receiving one, else the first validated */
    const char *first = NULL;
    for (size_t i = 0; i < n && !first; i++) {
        const char *r = w->addrs[i].role;
        if (ok[i] && r && (strcmp(r, "receive") == 0 || strcmp(r, "receiving") == 0)) first = hits[i].canonical;
    }
    for (size_t i = 0; i < n && !first; i++)
        if (ok[i]) first = hits[i].canonical;

    json_t *d = w->details;
    json_object_set_new(d, "chain", json_string(chain));
    if (first && first[0] == '0' && first[1] == 'x' && strlen(first) == 42) {
        char e55[43];
        dft_crypto_eip55(first + 2, e55);
        json_object_set_new(d, "address_eip55", json_string(e55));
    }
    json_object_set_new(d, "addresses", json_integer((json_int_t)valid));
    json_object_set_new(d, "addresses_unvalidated", json_integer((json_int_t)(n - valid)));
    json_object_set_new(d, "private_keys_in_clear", json_boolean(w->keys_in_clear));
    json_object_set_new(d, "severity", json_string(w->keys_in_clear ? "high" : "info"));
    bool labels = false;
    for (size_t i = 0; i < n; i++) labels = labels || (w->addrs[i].label && w->addrs[i].label[0]);
    char *details = dumps(d);
    if (!details) {
        free(hits);
        free(ok);
        return DFT_ENOMEM;
    }

    dft_wallet row = DFT_INIT(dft_wallet);
    row.kind = w->kind;
    row.chain = chain;
    row.encrypted = w->encrypted;
    row.address = first;
    row.source = w->source;
    row.details = details;
    dft_ref wref = { 0 };
    int rc = dft_emit_wallet(s, &row, &wref);

    dft_finding fw = DFT_INIT(dft_finding);
    fw.kind = "crypto.wallet";
    fw.subkind = w->kind;
    fw.value = f->device_path ? f->device_path : f->path;
    fw.offset = -1;
    fw.length = -1;
    fw.confidence = 0.99;
    fw.details = details;
    fw.personal = labels ? "details" : NULL;
    if (rc == DFT_OK) rc = dft_emit_finding(s, &fw, NULL);
    free(details);

    for (size_t i = 0; i < n && rc == DFT_OK; i++) {
        if (!ok[i]) continue;
        const dft_crypto_hit *h = &hits[i];
        /* P2SH "3..." is shared by Bitcoin and the forks' old P2SH: in a fork's wallet it is the fork's */
        const char *sub = h->chain;
        if (strcmp(sub, "btc") == 0 && strcmp(h->variant, "p2sh") == 0 && (!strcmp(chain, "ltc") || !strcmp(chain, "doge")))
            sub = chain;
        json_t *ad = json_object();
        if (w->addrs[i].label) json_object_set_new(ad, "label", json_string(w->addrs[i].label));
        if (w->addrs[i].role) json_object_set_new(ad, "purpose", json_string(w->addrs[i].role));
        json_object_set_new(ad, "variant", json_string(h->variant));
        json_object_set_new(ad, "testnet", json_boolean(h->testnet));
        json_object_set_new(ad, "wallet_kind", json_string(w->kind));
        if (h->token[0]) json_object_set_new(ad, "token", json_string(h->token));
        if (strcmp(h->chain, "eth") == 0) {
            char e55[43];
            dft_crypto_eip55(h->canonical + 2, e55);
            json_object_set_new(ad, "eip55", json_string(e55));
        }
        char *adj = dumps(ad);
        json_decref(ad);
        if (!adj) {
            rc = DFT_ENOMEM;
            break;
        }
        dft_finding fa = DFT_INIT(dft_finding);
        fa.kind = "crypto.address";
        fa.subkind = sub;
        fa.value = h->canonical;
        fa.offset = -1;
        fa.length = -1;
        /* a keystore states its address: no checksum in the lower-case form, but no guess either */
        fa.confidence = w->addr_from_keystore && h->confidence < 0.9 ? 0.9 : h->confidence;
        fa.details = adj;
        fa.personal = w->addrs[i].label && w->addrs[i].label[0] ? "details" : NULL;
        dft_ref aref = { 0 };
        rc = dft_emit_finding(s, &fa, &aref);
        free(adj);
        if (rc == DFT_OK && dft_ref_is_set(wref) && dft_ref_is_set(aref)) rc = dft_emit_link(s, wref, "address", aref, NULL);
    }
    free(hits);
    free(ok);
    return rc;
}
