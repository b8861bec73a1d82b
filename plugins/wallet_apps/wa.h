/*
 * wa.h - internals shared by the files of the wallet_apps plugin (not part of any API): the wallet
 * being assembled (wa_wallet: kind, chain, encrypted flag, details JSON and the addresses found, each
 * validated by parsers/cryptoaddr.h), how it is emitted, and helpers to read files of the evidence.
 *
 * Emission order, per wallet (deterministic): the wallets row, its crypto.wallet finding, then each
 * address finding (crypto.address / crypto.xkey / crypto.private_key) in the order it was first
 * found, each linked wallet -> finding with relation "address" and details {"role": ...}.
 */
#ifndef DFT_WALLET_APPS_WA_H
#define DFT_WALLET_APPS_WA_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parsers/cryptoaddr.h"
#include "parsers/leveldb.h"
#include "plugin.h"

#define WA_MAX_ADDRESSES 5000          /* per wallet; more are counted, not emitted */
#define WA_MAX_FILE (64u << 20)        /* largest single file read */
#define WA_MAX_TOTAL (512u << 20)      /* bytes read per wallet directory */
#define WA_MAX_LIST 200                /* entries of lists kept in details (keys, transactions) */

typedef struct wa_addr {
    dft_crypto_hit hit;
    char *role;        /* "account", "selected", "address_book", "transaction_from", "found" ... */
    char *label;       /* account / contact name, or NULL */
    char *source;      /* where: "leveldb key data", "shared_prefs/wallet.xml", ... */
} wa_addr;

typedef struct wa_wallet {
    char kind[40];     /* wallets.kind and crypto.wallet subkind: "metamask_extension" ... */
    char chain[12];    /* wallets.chain: "eth", "trx", "multi" ... */
    int encrypted;     /* 0/1, -1 unknown */
    char *value;       /* the finding's value: device path of the wallet file or folder */
    char *source;      /* wallets.source */
    json_t *details;   /* owned object */
    wa_addr *addrs;
    size_t naddrs, cap, dropped;
    bool personal;     /* labels (names) present: details hold personal data */
    bool solana;       /* a Solana-capable wallet (chain "sol" or "multi"): 32-byte Base58 keys under a
                          public-key/address/account key are its accounts (dft_crypto_classify_solana) */
} wa_wallet;

/* ---- wa_wallet.c -------------------------------------------------------------------------- */
int wa_wallet_init(wa_wallet *w, const char *kind, const char *chain, const char *value);
void wa_wallet_free(wa_wallet *w);
/* Validates one candidate (exact bytes) and records it: 1 when it was an address/key, 0 when not.
 * A second sighting of the same canonical value keeps the first role and fills a missing label. */
int wa_wallet_add(wa_wallet *w, const char *s, size_t len, const char *role, const char *label, const char *source);
/* Every address/xkey/WIF in a text (UTF-8, Latin-1 or UTF-16LE bytes): maximal runs of [A-Za-z0-9]
 * (plus a "bitcoincash:"/"ronin:" prefix) are classified. Returns how many were new. */
size_t wa_wallet_scan_text(wa_wallet *w, const uint8_t *text, size_t len, const char *role, const char *source);
/* Emits the wallet as described above. */
int wa_wallet_emit(dft_scan *s, wa_wallet *w);

/* JSON helpers: a string member by path "a.b.c" (NULL when absent or not a string), an object
 * member by path. */
const char *wa_json_str(json_t *root, const char *path);
json_t *wa_json_get(json_t *root, const char *path);

/* Reads a file of the evidence by device path into memory (caller frees *out). DFT_ENOTFOUND,
 * DFT_ELIMIT when larger than max, DFT_EIO. *allocated tells whether it is a live file. */
int wa_read(const dft_content *c, const char *device_path, size_t max, uint8_t **out, size_t *len,
            bool *allocated);
/* The scanned file's bytes: in memory when the core has them, else read from the private copy into
 * *owned (caller frees; NULL when borrowed). DFT_ELIMIT over max. */
int wa_content(const dft_content *c, size_t max, const uint8_t **bytes, size_t *len, uint8_t **owned);
/* fnmatch-escapes s into out (size n); false when it does not fit. */
bool wa_glob_escape(const char *s, char *out, size_t n);
/* Lists keystore-like JSON (an object with crypto/Crypto.kdf) in a wallet's details "keystore_files"
 * (not parsed here: the keystore parser of the wallets branch reads them). true when it was one. */
bool wa_note_keystore(wa_wallet *w, const uint8_t *data, size_t len, const char *path);

/* ---- wa_metamask.c ------------------------------------------------------------------------ */
/* Reads a MetaMask background state (the extension's `data` object, or the mobile app's
 * engine.backgroundState) into w: vault (encrypted, KDF, crack line), accounts, address book,
 * transactions, network. mobile selects the mobile vault rules. Returns true when a
 * KeyringController or accounts were found. */
bool wa_metamask_state(wa_wallet *w, json_t *state, bool mobile, const char *source);

/* ---- wa_leveldb.c ------------------------------------------------------------------------- */
/* Reads every *.log, *.ldb and *.sst of the scanned directory (dir_device_path, for messages) into a
 * finished dft_leveldb (*out, freed by the caller); damage becomes warnings on the scan; files_out
 * (may be NULL) receives one {name, size, allocated[, read]} object per file. */
int wa_leveldb_load(dft_scan *s, const dft_content *c, const char *dir_device_path, dft_leveldb **out,
                    json_t *files_out);
/* details "leveldb": live keys (names), older values, deletions, damaged records. */
void wa_leveldb_summary(wa_wallet *w, const dft_leveldb *db);

/* ---- the scanners of each family ---------------------------------------------------------- */
int wa_scan_extension(dft_scan *s, const dft_file *f, const dft_content *c, const char *kind, const char *chain,
                      const char *ext_id, const char *name);
int wa_scan_atomic(dft_scan *s, const dft_file *f, const dft_content *c);
int wa_scan_persist_root(dft_scan *s, const dft_file *f, const dft_content *c);
int wa_scan_app_dir(dft_scan *s, const dft_file *f, const dft_content *c, const char *kind, const char *chain,
                    const char *package, const char *name, const char *platform);
int wa_scan_ios_container(dft_scan *s, const dft_file *f, const dft_content *c);
int wa_scan_exodus(dft_scan *s, const dft_file *f, const dft_content *c);
int wa_scan_ledger_live(dft_scan *s, const dft_file *f, const dft_content *c);
int wa_scan_wasabi(dft_scan *s, const dft_file *f, const dft_content *c);
int wa_scan_firefox_idb(dft_scan *s, const dft_file *f, const dft_content *c);

#endif
