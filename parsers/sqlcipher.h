/*
 * sqlcipher.h - decryption of SQLCipher 1-4 databases into plain SQLite files (WeChat EnMicroMsg.db,
 * Signal signal.db), with OpenSSL only (no SQLCipher library in the tree).
 *
 * Format (SQLCipher design notes, zetetic/sqlcipher):
 *   offset 0 of the file   16-byte KDF salt (replaces "SQLite format 3\0" of page 1)
 *   every page of P bytes  [ciphertext | reserve]; page 1's ciphertext starts after the salt
 *   reserve                IV (16 bytes) then HMAC (v2/v3: SHA1 20 bytes, v4: SHA512 64 bytes),
 *                          rounded up to a multiple of 16: v1 16, v2/v3 48, v4 80
 *   cipher                 AES-256-CBC, no padding, IV from the page's reserve
 *   key                    PBKDF2-HMAC(passphrase, salt, iter, 32): v1/v2 4000 SHA1, v3 64000 SHA1,
 *                          v4 256000 SHA512; a raw key ("x'<64 hex>'") skips the KDF
 *   HMAC key               PBKDF2-HMAC(key, salt XOR 0x3a, 2, 32)
 *   HMAC input             ciphertext + IV of the page, then the page number (4 bytes, little endian)
 *
 * Plaintext header (SQLCipher 4 cipher_plaintext_header_size, used by Signal for iOS with 32): the first
 * plain_header bytes of page 1 are stored in the clear (the SQLite header, so the file still looks like
 * SQLite), encryption and the HMAC of page 1 start at that offset instead of 16, and the salt is not in
 * the file: the application keeps it (Signal iOS: the last 16 bytes of its 48-byte keychain item) and
 * passes it to dft_sqlcipher_derive. Source: zetetic SQLCipher API docs (cipher_plaintext_header_size,
 * cipher_salt); iLEAPP scripts/sqlcipher_decrypt.py (body_start = plaintext header size on page 1).
 *
 * A key is verified on page 1: its HMAC (v2+), or, without HMAC (v1), that the decrypted page 1 is a
 * plausible b-tree page (type byte, cell count and content offset within the page).
 *
 * The output keeps the page size and reserve (the header bytes at 16 and 20 are what SQLCipher wrote),
 * with the reserve zeroed and "SQLite format 3\0" restored, so SQLite reads it as is.
 */
#ifndef DFT_SQLCIPHER_H
#define DFT_SQLCIPHER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct dft_sqlcipher_params {
    const char *name;     /* "v1", "v2", "v3", "v4", or a named variant */
    unsigned page_size;   /* 1024 or 4096 */
    unsigned kdf_iter;
    int hmac;             /* 0 none, 1 SHA1, 2 SHA512 */
    int kdf_sha512;       /* 0: PBKDF2-HMAC-SHA1, 1: PBKDF2-HMAC-SHA512 */
    unsigned plain_header; /* 0: page 1 starts with the 16-byte salt; else bytes of page 1 kept in the clear
                             (a multiple of 16, at most 96: SQLCipher's limit 100 rounded down) */
} dft_sqlcipher_params;

/* The standard parameter sets: index 0..3 = v1..v4. */
extern const dft_sqlcipher_params dft_sqlcipher_versions[4];

/* A derived key (never printed; wiped by dft_sqlcipher_key_wipe). */
typedef struct dft_sqlcipher_key {
    uint8_t enc[32];
    uint8_t mac[32];
    dft_sqlcipher_params p;
} dft_sqlcipher_key;

/* Derives the key for a passphrase (raw = false) or a raw 32-byte key (raw = true, pass is 32 bytes)
 * from the salt of the file's first 16 bytes. */
int dft_sqlcipher_derive(dft_sqlcipher_key *out, const dft_sqlcipher_params *p, const uint8_t *pass, size_t pass_len,
                         bool raw, const uint8_t salt[16]);
void dft_sqlcipher_key_wipe(dft_sqlcipher_key *k);

/* DFT_OK when key opens page 1 of db (len >= one page), DFT_ECORRUPT when it does not. */
int dft_sqlcipher_check(const dft_sqlcipher_key *k, const uint8_t *db, size_t len);

/* Decrypts the whole file into a malloc'd plain SQLite image (*out, *out_len). Pages whose HMAC fails
 * are written zeroed and counted in *bad_pages (the caller records a warning). A trailing partial page
 * is dropped (counted too). DFT_ECORRUPT when page 1 does not verify. */
int dft_sqlcipher_decrypt(const dft_sqlcipher_key *k, const uint8_t *db, size_t len, uint8_t **out,
                          size_t *out_len, uint64_t *bad_pages);

/* Encrypts a plain SQLite image whose pages have the key's reserve (header byte 20) into SQLCipher form
 * (*out malloc'd, same length): the inverse of dft_sqlcipher_decrypt, for test fixtures and round trips.
 * Page IVs are derived from iv_seed and the page number (deterministic output). salt is written to page 1
 * when the key has no plaintext header. DFT_ECORRUPT when the image does not fit the key's page format. */
int dft_sqlcipher_encrypt(const dft_sqlcipher_key *k, const uint8_t salt[16], const uint8_t iv_seed[16],
                          const uint8_t *plain, size_t len, uint8_t **out, size_t *out_len);

/* True when the first bytes look like an SQLCipher file: no SQLite header, len a multiple of 512, and
 * not all zero. (A hint only: an encrypted file has no other signature.) */
bool dft_sqlcipher_maybe(const uint8_t *db, size_t len);

/* True when the file has a plain SQLite header but looks like SQLCipher with a plaintext header: the
 * header's reserve byte is an SQLCipher reserve (48 or 80) and page 1 is not a plausible b-tree page
 * (a decrypted copy, which keeps the reserve, has a b-tree page there). len >= 108 needed. */
bool dft_sqlcipher_plain_header_maybe(const uint8_t *db, size_t len);

#endif
