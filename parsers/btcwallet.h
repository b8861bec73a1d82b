/*
 * btcwallet.h - Bitcoin Core wallet records (and those of its Litecoin/Dogecoin forks), decoded
 * into a summary: from a legacy Berkeley DB wallet.dat (parsers/bdb.h, subdatabase "main") or from a
 * descriptor wallet's SQLite table main(key BLOB PRIMARY KEY, value BLOB) (parsers/sqlite_safe.h).
 *
 * A record key is a compact-size-prefixed type string followed by a type-specific key
 * (src/wallet/walletdb.cpp, DBKeys). Values decoded here (Bitcoin serialization, little-endian):
 *   version, minversion   int32                       e.g. 139900 = 0.13.99, 169900
 *   mkey (key: u32 nID)   CMasterKey: varstr vchCryptedKey, varstr vchSalt, u32 nDerivationMethod
 *                         (0 = EVP_sha512 iterated), u32 nDeriveIterations, varstr other params
 *   ckey / key / wkey     counted (key/wkey = private keys in clear; walletdescriptorkey likewise,
 *                         walletdescriptorckey encrypted)
 *   name (key: address)   varstr label;   purpose (key: address) varstr "receive"/"send"/...
 *   keymeta               CKeyMetadata: int32 nVersion, int64 nCreateTime (Unix s), ...
 *   tx (key: txid)        CWalletTx: CTransaction (segwit marker allowed), uint256 hashBlock,
 *                         vector<uint256> merkle branch, int32 nIndex, vector vUnused, map<string,
 *                         string> mapValue, vector<pair<string,string>> vOrderForm,
 *                         u32 fTimeReceivedIsTxTime, u32 nTimeReceived (Unix s), ...
 *   hdchain               int32 nVersion, ...;  flags u64 (bit 34 DESCRIPTORS, 32 DISABLE_PRIVATE_KEYS,
 *                         33 BLANK_WALLET);  walletdescriptor: varstr descriptor, u64 nCreationTime, ...
 *   bestblock             counted; every other type is counted as "other".
 *
 * Invariants:
 *  1. A value that does not decode (short, bogus lengths) is counted in n_bad and never read past
 *     its end; the rest of the wallet is still summarised.
 *  2. names[] is sorted by address (bytewise), one entry per address with its label and purpose, so
 *     output is deterministic whatever the record order.
 *  3. Strings are NUL-terminated copies owned by the dft_btcwallet (freed by dft_btcwallet_free).
 */
#ifndef DFT_BTCWALLET_H
#define DFT_BTCWALLET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bdb.h"
#include "sqlite_safe.h"

#define DFT_BTC_FLAG_DISABLE_PRIVATE_KEYS (1ull << 32)
#define DFT_BTC_FLAG_BLANK_WALLET (1ull << 33)
#define DFT_BTC_FLAG_DESCRIPTORS (1ull << 34)

typedef struct dft_btcwallet_name {
    char *address;
    char *label;      /* NULL when the wallet has no name record for it */
    char *purpose;    /* NULL when no purpose record */
} dft_btcwallet_name;

typedef struct dft_btcwallet_mkey {
    uint32_t id, method, iterations;
    uint8_t crypted[128];
    size_t crypted_len;
    uint8_t salt[64];
    size_t salt_len;
} dft_btcwallet_mkey;

typedef struct dft_btcwallet {
    const char *storage;          /* "bdb" or "sqlite" (static) */
    int64_t version, minversion;  /* -1 when absent */
    uint32_t application_id;      /* SQLite header network magic (F9BEB4D9 mainnet ...), 0 for BDB */
    bool has_flags;
    uint64_t flags;
    int hdchain_version;          /* -1 when no hdchain record */
    size_t n_records, n_bad, n_other;
    size_t n_mkey, n_ckey, n_key, n_wkey, n_keymeta, n_pool, n_tx, n_bestblock;
    size_t n_desc, n_desc_key, n_desc_ckey;
    dft_btcwallet_mkey mkey;      /* the first mkey (lowest nID) when n_mkey > 0 */
    size_t n_tx_times;            /* tx records whose nTimeReceived was decoded */
    int64_t tx_first, tx_last;    /* Unix s, valid when n_tx_times > 0 */
    int64_t key_first, key_last;  /* keymeta nCreateTime (non-zero ones), valid when n_key_times > 0 */
    size_t n_key_times;
    dft_btcwallet_name *names;
    size_t n_names;
    char **descriptors;           /* walletdescriptor strings in record order */
    size_t n_descriptors;
    size_t cap_names, cap_desc;
} dft_btcwallet;

/* An empty summary (storage "bdb"); filled by dft_btcwallet_record, then dft_btcwallet_finish. */
int dft_btcwallet_new(dft_btcwallet **out, const char *storage);
void dft_btcwallet_free(dft_btcwallet *w);
/* Decodes one record (invariant 1). DFT_ENOMEM only. */
int dft_btcwallet_record(dft_btcwallet *w, const uint8_t *key, size_t klen, const uint8_t *val, size_t vlen);
/* Sorts and merges names (invariant 2). */
int dft_btcwallet_finish(dft_btcwallet *w);

/* A legacy wallet.dat in memory: walks subdatabase "main" (or the single tree). stats (may be NULL)
 * receives the page walk's problems. Errors of dft_bdb_walk. */
int dft_btcwallet_read_bdb(dft_btcwallet **out, const uint8_t *data, size_t len, dft_bdb_stats *stats);
/* A descriptor wallet: table main(key, value) of the SQLite file at path (opened with opts, may be
 * NULL). DFT_ENOTFOUND when there is no such table; errors of dft_sqlite_open. */
int dft_btcwallet_read_sqlite(dft_btcwallet **out, const char *path, const dft_sqlite_opts *opts);

/* The hashcat mode 11300 / John "bitcoin" line of bitcoin2john for the first mkey:
 * $bitcoin$64$<last 32 bytes of vchCryptedKey, hex>$<2*salt len>$<salt hex>$<iterations>$2$00$2$00.
 * Only for nDerivationMethod 0 and the sizes bitcoin2john accepts (salt 8 with key 48, salt 18 with
 * key 80); DFT_ENOTFOUND otherwise. cap >= 256. */
int dft_btcwallet_crack_hash(const dft_btcwallet *w, char *out, size_t cap);

/* Name of the network of an application_id ("main", "testnet3", "testnet4", "signet", "regtest"), or
 * NULL when unknown. */
const char *dft_btcwallet_network(uint32_t application_id);

#endif
