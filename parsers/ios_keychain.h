/*
 * ios_keychain.h - generic-password items of an iOS keychain dump (libplist-2.0; XML or binary).
 *
 * File-system extractions (GrayKey, Cellebrite/UFED, checkm8 tools) carry the keychain beside the file
 * system, e.g. extra/KeychainDump/backup_keychain_v2.plist or keychain-backup.plist. The decrypted
 * layout (iLEAPP scripts/ios_keychain.py, keychain_dumper) is a dictionary with arrays "genp"
 * (generic passwords), "inet", "keys", "certs" of dictionaries; a generic password carries
 *   agrp  access group ("TEAMID.org.whispersystems.signal")   string or data
 *   acct  account ("GRDBDatabaseCipherKeySpec")                string or data
 *   svce  service ("GRDBKeyChainService")                       string or data
 *   v_Data the secret                                           data
 * UFED's encrypted export ("keychainEntries" + "classKeyIdxToUnwrappedMetadataClassKey": per-item
 * AES-256-GCM in NSKeyedArchiver blobs, DER plaintext; ios_keychain.c says how) is decrypted with the keys
 * it carries: its genp items are delivered like the clear layout's (encrypted_layout set; an entry that
 * does not open is counted in `undecrypted`; an item whose secret does not open has data NULL).
 *
 * Invariants: input bytes are only read; a file that is not a plist dictionary is DFT_ECORRUPT; items
 * are delivered in array order (deterministic); an item of the wrong type, or whose text fields are
 * not strings/data, is counted in `skipped`, never fatal. Text fields are cut at the first NUL and at
 * DFT_KEYCHAIN_TEXT_MAX bytes.
 */
#ifndef DFT_PARSERS_IOS_KEYCHAIN_H
#define DFT_PARSERS_IOS_KEYCHAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DFT_KEYCHAIN_TEXT_MAX 1024

typedef struct dft_keychain_item {
    const char *agrp, *acct, *svce;   /* "" when absent */
    const uint8_t *data;              /* v_Data, NULL when absent or not data */
    size_t data_len;
} dft_keychain_item;

typedef struct dft_keychain_stats {
    size_t items;            /* genp dictionaries delivered */
    size_t skipped;          /* genp entries that are not dictionaries or have mistyped fields */
    size_t undecrypted;      /* UFED entries whose class key or attributes did not open */
    bool encrypted_layout;   /* UFED keychainEntries layout */
} dft_keychain_stats;

/* Non-zero stops the walk and is returned. Strings and data are borrowed for the call. */
typedef int (*dft_keychain_fn)(void *payload, const dft_keychain_item *it);

/* Walks the genp items of a keychain dump (either layout). DFT_ECORRUPT when buf is not a plist
 * dictionary; DFT_OK with no item when it has neither genp nor keychainEntries. */
int dft_ios_keychain_genp(const uint8_t *buf, size_t len, dft_keychain_fn cb, void *payload, dft_keychain_stats *st);

/* True when the item is Signal iOS's database key spec: account GRDBDatabaseCipherKeySpec and access
 * group containing org.whispersystems.signal or service GRDBKeyChainService (Session, another GRDB
 * app, uses the same account name under its own group and service), with 48 bytes of data. */
bool dft_ios_keychain_is_signal_spec(const dft_keychain_item *it);

#endif
