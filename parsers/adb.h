/*
 * adb.h - the header of an Android `adb backup` file (.ab).
 *
 * Layout (text lines ending in '\n', then the payload; from AOSP BackupManagerService /
 * frameworks/base/services/backup "FullBackup" format):
 *
 *   line  content                      meaning
 *   1     "ANDROID BACKUP"             magic
 *   2     "1".."5"                     format version
 *   3     "0" | "1"                    payload compressed with zlib (deflate with zlib header)
 *   4     "none" | "AES-256"           encryption
 *   when AES-256, five more lines:
 *   5     hex                          user password salt
 *   6     hex                          master key checksum salt
 *   7     decimal                      PBKDF2 rounds
 *   8     hex                          user key IV
 *   9     hex                          master key blob (encrypted)
 *   then  payload: a tar stream (compressed and/or encrypted as flagged)
 *
 * Invariants: parsing reads only through dft_buf; header_len counts the bytes up to the payload.
 */
#ifndef DFT_PARSERS_ADB_H
#define DFT_PARSERS_ADB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DFT_ADB_MAGIC "ANDROID BACKUP\n"

typedef struct dft_adb_header {
    int version;
    bool compressed;
    bool encrypted;
    char encryption[16];        /* "none" or "AES-256" (or what the file said, truncated) */
    unsigned long pbkdf2_rounds; /* encrypted only */
    size_t header_len;          /* bytes before the payload */
} dft_adb_header;

/* Parses the header at the start of data (len bytes; 4096 is always enough).
 * DFT_ECORRUPT when it is not an .ab header or the header is truncated. */
int dft_adb_parse_header(const uint8_t *data, size_t len, dft_adb_header *out);

#endif
