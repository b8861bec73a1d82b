/*
 * cd_signal.c - chat_decrypt for Signal: Android signal.db is SQLCipher 4 whose key (32 bytes, hex)
 * is stored wrapped by the Android Keystore (shared_prefs SecureSMS-Preferences.xml
 * pref_database_encrypted_secret); iOS signal.sqlite is SQLCipher 4 with a plaintext header and a
 * keychain key. Without the unwrapped key (option chat_decrypt.signal_key: 64 hex) the store is
 * reported as "encrypted, key needed" with what is missing. With it, signal.db is decrypted (SQLCipher
 * v4 parameters with a raw key; v3 as a fallback) and emitted as a derived file.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chat_decrypt.h"
#include "sqlcipher.h"

/* n bytes of hex (spaces ignored) into out; DFT_ECORRUPT unless exactly n bytes. */
static int hexn(const char *hex, uint8_t *out, size_t want)
{
    size_t n = 0;
    int hi = -1;
    for (const char *p = hex; *p; p++) {
        if (isspace((unsigned char)*p)) continue;
        if (!isxdigit((unsigned char)*p) || n >= want) return DFT_ECORRUPT;
        int v = isdigit((unsigned char)*p) ? *p - '0' : (tolower((unsigned char)*p) - 'a' + 10);
        if (hi < 0) hi = v;
        else {
            out[n++] = (uint8_t)(hi << 4 | v);
            hi = -1;
        }
    }
    return n == want && hi < 0 ? DFT_OK : DFT_ECORRUPT;
}

/* Emits the decrypted image as the derived file `name` and the report. Frees nothing (the caller owns plain). */
static int emit_plain(const cd_file *cf, cd_report *r, const char *name, const char *transform, uint8_t *plain, size_t plen,
                      uint64_t bad)
{
    if (bad) dft_emit_warning(cf->s, -1, "%s: %llu pages could not be decrypted (zeroed)", name, (unsigned long long)bad);
    r->format = transform;
    r->decrypted = true;
    r->key_source = "option";
    r->derived = name;
    dft_derived d = DFT_INIT(dft_derived);
    d.name = name;
    d.transform = transform;
    d.details = "{\"key_source\":\"option\"}";
    d.bytes = plain;
    d.len = plen;
    int rc = dft_emit_derived(cf->s, &d);
    if (rc) return rc;
    return cd_emit_report(cf, r);
}

/* True when the store has a non-empty -wal beside it (its rows are not decrypted). */
static bool has_wal(const cd_file *cf)
{
    char path[4200];
    snprintf(path, sizeof path, "%s-wal", cf->f->device_path ? cf->f->device_path : "");
    dft_sibling sib = DFT_INIT(dft_sibling);
    return cf->f->device_path && dft_content_sibling(cf->c, path, &sib) == DFT_OK && sib.size > 32;
}

/* iOS grdb/signal.sqlite: SQLCipher 4, 32-byte plaintext header, key spec = raw key + salt. */
static int cd_signal_ios(const cd_file *cf, cd_report *r)
{
    if (has_wal(cf)) r->extra_json = "{\"wal_not_decrypted\":true}";
    const char *hex = dft_scan_option(cf->s, "signal_ios_key");
    if (!hex) {
        r->reason = "key needed: keychain item GRDBDatabaseCipherKeySpec (not in the evidence; give its 48 bytes "
                    "as chat_decrypt.signal_ios_key)";
        return cd_emit_report(cf, r);
    }
    uint8_t spec[48];
    if (hexn(hex, spec, 48)) {
        r->reason = "chat_decrypt.signal_ios_key is not 96 hex digits (the 48-byte keychain item)";
        return cd_emit_report(cf, r);
    }
    dft_sqlcipher_params p = dft_sqlcipher_versions[3];
    p.plain_header = 32;
    dft_sqlcipher_key key;
    r->candidates_tried = 1;
    int rc = dft_sqlcipher_derive(&key, &p, spec, 32, true, spec + 32);
    memset(spec, 0, sizeof spec);
    if (rc || dft_sqlcipher_check(&key, cf->bytes, cf->len) != DFT_OK) {
        dft_sqlcipher_key_wipe(&key);
        r->reason = "the given chat_decrypt.signal_ios_key does not open page 1";
        return cd_emit_report(cf, r);
    }
    uint8_t *plain = NULL;
    size_t plen = 0;
    uint64_t bad = 0;
    rc = dft_sqlcipher_decrypt(&key, cf->bytes, cf->len, &plain, &plen, &bad);
    dft_sqlcipher_key_wipe(&key);
    if (rc) {
        r->reason = dft_error_last();
        return cd_emit_report(cf, r);
    }
    rc = emit_plain(cf, r, "signal.sqlite", "sqlcipher-v4-ios", plain, plen, bad);
    free(plain);
    return rc;
}

int cd_signal(const cd_file *cf)
{
    bool ios = strcasecmp(cf->f->name, "signal.sqlite") == 0;
    cd_report r = { .app = "signal", .format = ios ? "sqlcipher-v4-ios" : "sqlcipher-v4", .candidates_tried = 0 };
    if (ios) return cd_signal_ios(cf, &r);
    const char *hex = dft_scan_option(cf->s, "signal_key");
    if (!hex) {
        char *xml = NULL;
        size_t len = 0;
        bool wrapped = cd_read_sibling(cf, "/data/data/org.thoughtcrime.securesms/shared_prefs/SecureSMS-Preferences.xml",
                                       1u << 20, &xml, &len) == DFT_OK &&
                       strstr(xml, "pref_database_encrypted_secret") != NULL;
        free(xml);
        r.reason = wrapped ? "key needed: the database secret in SecureSMS-Preferences.xml is wrapped by the "
                             "Android Keystore (give the unwrapped key as chat_decrypt.signal_key)"
                           : "key needed: no database secret in the evidence (SecureSMS-Preferences.xml absent)";
        return cd_emit_report(cf, &r);
    }
    uint8_t raw[32];
    if (hexn(hex, raw, 32)) {
        r.reason = "chat_decrypt.signal_key is not 64 hex digits";
        return cd_emit_report(cf, &r);
    }
    static const int order[] = { 3, 2 };   /* v4, then v3 parameters */
    dft_sqlcipher_key key;
    int found = -1;
    for (size_t i = 0; i < 2 && found < 0; i++) {
        r.candidates_tried++;
        if (dft_sqlcipher_derive(&key, &dft_sqlcipher_versions[order[i]], raw, 32, true, cf->bytes) == DFT_OK &&
            dft_sqlcipher_check(&key, cf->bytes, cf->len) == DFT_OK)
            found = order[i];
        else
            dft_sqlcipher_key_wipe(&key);
    }
    memset(raw, 0, sizeof raw);
    if (found < 0) {
        r.reason = "the given chat_decrypt.signal_key does not open page 1";
        return cd_emit_report(cf, &r);
    }
    uint8_t *plain = NULL;
    size_t plen = 0;
    uint64_t bad = 0;
    int rc = dft_sqlcipher_decrypt(&key, cf->bytes, cf->len, &plain, &plen, &bad);
    dft_sqlcipher_key_wipe(&key);
    if (rc) {
        r.reason = dft_error_last();
        return cd_emit_report(cf, &r);
    }
    rc = emit_plain(cf, &r, "signal.db", found == 3 ? "sqlcipher-v4" : "sqlcipher-v3", plain, plen, bad);
    free(plain);
    return rc;
}
