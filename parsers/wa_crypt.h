/*
 * wa_crypt.h - WhatsApp Android encrypted backups (msgstore.db.crypt12 / .crypt14 / .crypt15, also
 * wa.db.crypt*) decrypted to their plain content (a zlib-compressed SQLite database inside).
 *
 * Formats (facts from ElDavoo/wa-crypt-tools: proto/prefix.proto, C14_cipher.proto, C15_IV.proto,
 * its key classes; andreas-mausch/whatsapp-viewer for crypt12):
 *
 *  key file "key" (crypt12/14)   Java-serialised byte[131] (158 bytes in all): cipher version 2,
 *                                key version 1, server salt 32, google id 16, hashed google id 32,
 *                                IV 16, AES key 32 (the last 32 bytes)
 *  "encrypted_backup.key" (c15)  Java-serialised byte[32]: the root key; the same 32 bytes are the
 *                                64-hex "E2E backup key" the user may hold
 *  crypt15 AES key               HKDF-SHA256(salt = 32 zero bytes, ikm = root key,
 *                                info = "backup encryption", 32 bytes): two HMAC-SHA256 steps
 *  crypt12 file                  67-byte header (2 version, 1 key version, 32 server salt, 16 google
 *                                id, 16 IV at offset 51), ciphertext, 16-byte GCM tag, 4 bytes of
 *                                the owner's JID suffix
 *  crypt14/15 file               1 byte N = protobuf length, optional 0x01 (feature table flag),
 *                                N bytes BackupPrefix protobuf {1: key_type varint, 2: C14_cipher
 *                                {5: IV}, 3: C15_IV {1: IV}, 4: version info}, ciphertext, 16-byte GCM
 *                                tag, then (msgstore) a 16-byte MD5 of everything before it; multi-file
 *                                backups (stickers, wallpapers) have no MD5
 *  cipher                        AES-256-GCM, 16-byte IV, no associated data; the tag is checked
 *  plaintext                     zlib stream (inflated with an output cap: decompression bombs)
 */
#ifndef DFT_WA_CRYPT_H
#define DFT_WA_CRYPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
    DFT_WA_KEY_LEGACY = 1,   /* crypt12/14 AES key (from "key") */
    DFT_WA_KEY_ROOT = 2,     /* crypt15 root key (encrypted_backup.key or 64 hex) */
};

typedef struct dft_wa_key {
    int kind;                /* DFT_WA_KEY_* */
    uint8_t key[32];
} dft_wa_key;

/* A Java-serialised key file: "key" (158 bytes -> LEGACY) or "encrypted_backup.key" (-> ROOT).
 * DFT_ECORRUPT when it is neither. */
int dft_wa_key_parse_file(dft_wa_key *out, const uint8_t *b, size_t len);
/* 64 hex digits (spaces ignored) -> ROOT key. DFT_ECORRUPT otherwise. */
int dft_wa_key_parse_hex(dft_wa_key *out, const char *hex);
void dft_wa_key_wipe(dft_wa_key *k);

/* The crypt15 AES key of a root key (the HKDF construction above). */
int dft_wa_crypt15_key(const uint8_t root[32], uint8_t out[32]);

/* The crypt version of a file name ("msgstore.db.crypt14" -> 14), 0 when not one. */
int dft_wa_crypt_version(const char *name);

/* What the header said. */
typedef struct dft_wa_crypt_info {
    int version;             /* 12, 14, 15 */
    int64_t key_type;        /* prefix field 1 (0 HSM/cloud key, 1 end-to-end), -1 when absent */
    bool features_flag;      /* the 0x01 byte after the prefix length */
    bool md5_present;        /* a trailing MD5 of the file was found and matched */
    size_t header_len;       /* bytes before the ciphertext */
    uint64_t plain_len;      /* inflated bytes written */
} dft_wa_crypt_info;

/* Receives the inflated content in order; non-zero stops (returned). */
typedef int (*dft_wa_write_fn)(void *payload, const uint8_t *data, size_t len);

/* Decrypts and inflates a backup of the given version with key (LEGACY for 12/14, ROOT for 15) and
 * writes the plain content through write. max_out caps the inflated size (DFT_ELIMIT). DFT_ECORRUPT
 * for a bad header, a wrong key (GCM tag mismatch) or a broken zlib stream: what was written before
 * the tag check must then be discarded by the caller. */
int dft_wa_crypt_decrypt(int version, const dft_wa_key *key, const uint8_t *in, size_t len, uint64_t max_out,
                         dft_wa_write_fn write, void *payload, dft_wa_crypt_info *info);

/* Parses the header only (for reporting without a key). */
int dft_wa_crypt_header(int version, const uint8_t *in, size_t len, dft_wa_crypt_info *info, uint8_t iv[16]);

/* Encrypts plain bytes into a backup of the given version (14 or 15): the test fixture builder's
 * inverse, kept beside the decoder so both read the same format description. iv is 16 bytes. */
int dft_wa_crypt_encrypt(int version, const dft_wa_key *key, const uint8_t iv[16], const uint8_t *plain,
                         size_t len, uint8_t **out, size_t *out_len);

#endif
