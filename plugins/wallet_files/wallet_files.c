/*
 * wallet_files.c - the wallet_files plugin: wallet files of Bitcoin Core (legacy Berkeley DB and
 * descriptor SQLite wallet.dat; Litecoin/Dogecoin Core forks), Electrum, Ethereum keystores (v3, v1)
 * and imToken identity files. One `wallets` row per wallet, a crypto.wallet finding (subkind = the
 * wallet kind; details severity "high" when private keys are stored unencrypted), one crypto.address
 * finding per validated address, linked from the wallet ("address"). docs/wallets.md.
 *
 * Which files: claimed by name and path (below); other files through wants() when libmagic saw a
 * Berkeley DB B-tree, the name is a geth key file (UTC--...), or a small JSON / .dat SQLite file; the
 * scan then sniffs the content (magic bytes, JSON keys) and leaves files that are not wallets alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parsers/bdb.h"
#include "parsers/ethkeystore.h"
#include "wf.h"

#define MAX_WALLET_BYTES (1ull << 30)     /* a wallet.dat of 1 GiB is already extraordinary */
#define MAX_WANTED_JSON (4u << 20)        /* JSON offered through wants(): keystores are < 2 KiB */
#define MAX_KEYSTORE (1u << 20)           /* a keystore is < 2 KiB; larger JSON is not one */
#define MAX_ELECTRUM (256u << 20)         /* JSON trees cost about 10x their text in memory */

static const dft_claim claims[] = {
    { DFT_CLAIM_NAME, "wallet.dat" },
    { DFT_CLAIM_NAME, "default_wallet" },
    { DFT_CLAIM_PATH, "*/keystore/*" },
    { DFT_CLAIM_PATH, "*/.electrum/wallets/*" },
    { DFT_CLAIM_PATH, "*/.electrum/testnet/wallets/*" },
    { DFT_CLAIM_PATH, "*/Electrum/wallets/*" },
    { DFT_CLAIM_PATH, "*/electrum/wallets/*" },
    { DFT_CLAIM_PATH, "*/wallets/*/wallet.dat" },
    { DFT_CLAIM_END, NULL },
};

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static bool wf_wants(const dft_file *f)
{
    if (!f->name || f->type != 'r') return false;
    if (dft_ethkeystore_name_match(f->name)) return true;
    if (f->magic && strstr(f->magic, "Berkeley DB") && strstr(f->magic, "Btree")) return true;
    bool json = (f->mime && strcmp(f->mime, "application/json") == 0) || ends_with(f->name, ".json");
    if (json && f->size <= MAX_WANTED_JSON) return true;
    bool sqlite = f->mime && (strcmp(f->mime, "application/vnd.sqlite3") == 0 || strcmp(f->mime, "application/x-sqlite3") == 0);
    return sqlite && ends_with(f->name, ".dat");
}

static bool has(const uint8_t *b, size_t n, const char *needle)
{
    return memmem(b, n, needle, strlen(needle)) != NULL;
}

/* Whole file from the private copy when it was too large for memory (bounded by max_size). */
static uint8_t *read_copy(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    uint8_t *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n == cap) {
            if (cap >= MAX_WALLET_BYTES) break;
            size_t nc = cap ? cap * 2 : 1u << 20;
            uint8_t *nb = realloc(buf, nc);
            if (!nb) break;
            buf = nb;
            cap = nc;
        }
        size_t got = fread(buf + n, 1, cap - n, fp);
        if (got == 0) break;
        n += got;
    }
    fclose(fp);
    *len = n;
    return buf;
}

static int wf_scan(dft_scan *s, const dft_file *f, const dft_content *c)
{
    size_t len = 0;
    const uint8_t *bytes = dft_content_bytes(c, &len);
    uint8_t *owned = NULL;
    if (!bytes) {
        const char *path = dft_content_path(c);
        if (!path) return DFT_EIO;
        owned = read_copy(path, &len);
        if (!owned) return dft_error_set(DFT_EIO, "cannot read the private copy of %s", f->name);
        bytes = owned;
    }
    int rc = DFT_ENOTFOUND;
    size_t i = 0;
    while (i < len && i < 64 && (bytes[i] == ' ' || bytes[i] == '\n' || bytes[i] == '\r' || bytes[i] == '\t')) i++;
    dft_bdb_info bdb;
    if (len >= 32 && (memcmp(bytes, "SQLite format 3", 16) == 0 || dft_bdb_sniff(bytes, len, &bdb) == DFT_OK)) {
        rc = wf_bitcoin_core(s, f, c, bytes, len);
    } else if (i < len && bytes[i] == '{') {
        if (len <= MAX_KEYSTORE && (has(bytes, len, "\"crypto\"") || has(bytes, len, "\"Crypto\"") || has(bytes, len, "encMnemonic")))
            rc = wf_ethkeystore(s, f, bytes, len);
        if (rc == DFT_ENOTFOUND && (has(bytes, len, "seed_version") || has(bytes, len, "wallet_type"))) {
            if (len > MAX_ELECTRUM)
                rc = dft_emit_warning(s, -1, "%zu-byte JSON with Electrum keys not read (cap %u MiB)", len, MAX_ELECTRUM >> 20);
            else
                rc = wf_electrum(s, f, bytes, len);
        }
    } else if (len - i >= 6 && bytes[i] == 'Q' && len <= MAX_ELECTRUM) {
        rc = wf_electrum(s, f, bytes + i, len - i);
    }
    if (rc == DFT_ENOTFOUND) {
        rc = DFT_OK;
        if (strcmp(f->name, "wallet.dat") == 0)
            rc = dft_emit_warning(s, -1, "wallet.dat is neither a Berkeley DB B-tree nor an SQLite wallet");
    }
    free(owned);
    return rc;
}

const dft_plugin dft_plugin_wallet_files = {
    .abi = DFT_PLUGIN_ABI, .struct_size = sizeof(dft_plugin),
    .name = "wallet_files",
    .version = "1.0.0",
    .description = "Wallet files: Bitcoin Core wallet.dat (BDB, descriptor SQLite; LTC/DOGE forks), Electrum, "
                   "Ethereum keystores, imToken identity",
    .claims = claims,
    .access = DFT_ACCESS_WHOLE,
    .max_size = MAX_WALLET_BYTES,
    .wants = wf_wants,
    .scan = wf_scan,
};
