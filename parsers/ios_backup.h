/*
 * ios_backup.h - the property lists of an iTunes / Finder backup (libplist-2.0; XML or binary).
 *
 *   Info.plist      "Device Name" -> device.name, "Serial Number" -> device.serial, "IMEI" ->
 *                   device.imei, "Product Type" -> device.product_type, "Product Version" ->
 *                   device.ios_version, "Last Backup Date" -> device.backup_date (UTC text),
 *                   "Phone Number" -> device.phone_number, "Unique Identifier" -> device.udid
 *   Manifest.plist  IsEncrypted -> itunes.is_encrypted ("1"/"0"), Version -> itunes.version,
 *                   Date -> itunes.date, Lockdown{ProductVersion, SerialNumber, DeviceName,
 *                   UniqueDeviceID, ProductType} -> the device.* keys above when Info.plist lacked them
 *   Manifest.db Files.file: an NSKeyedArchiver bplist whose $top.root is an MBFile:
 *                   Size, LastModified, Birth, LastStatusChange (Unix seconds), Mode, UserID, GroupID,
 *                   InodeNumber, ProtectionClass, Target (UID -> symlink target string).
 *
 * Invariants: input bytes are only read; damaged plists yield DFT_ECORRUPT; keys are emitted in
 * the fixed order of the tables above (deterministic).
 */
#ifndef DFT_PARSERS_IOS_BACKUP_H
#define DFT_PARSERS_IOS_BACKUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int (*dft_ios_meta_fn)(void *payload, const char *key, const char *value);

/* Emits the device keys of Info.plist (info, may be NULL) then Manifest.plist (manifest, may be
 * NULL) through cb; *encrypted gets Manifest.plist's IsEncrypted. */
int dft_ios_backup_meta(const uint8_t *info, size_t info_len, const uint8_t *manifest, size_t manifest_len,
                        dft_ios_meta_fn cb, void *payload, bool *encrypted);

typedef struct dft_ios_mbfile {
    bool has_size, has_mtime, has_birth, has_ctime, has_mode, has_uid, has_gid;
    uint64_t size, inode;
    int64_t mtime, birth, ctime;
    uint32_t mode;
    int64_t uid, gid;
    int protection_class;     /* -1 when absent */
    char *target;             /* symlink target or NULL; owned (dft_ios_mbfile_clear) */
} dft_ios_mbfile;

/* Parses a Files.file blob. DFT_ECORRUPT when it is not an MBFile archive. */
int dft_ios_mbfile_parse(const uint8_t *blob, size_t len, dft_ios_mbfile *out);
void dft_ios_mbfile_clear(dft_ios_mbfile *f);

#endif
