/*
 * cd_signal.c - chat_decrypt for Signal: Android signal.db is SQLCipher 4 whose key (32 bytes, hex)
 * is stored wrapped by the Android Keystore (shared_prefs SecureSMS-Preferences.xml
 * pref_database_encrypted_secret); iOS signal.sqlite is SQLCipher 4 with a plaintext header and a
 * keychain key, read from the extraction's keychain dump (parsers/ios_keychain.c) or given as option
 * chat_decrypt.signal_ios_key. Without the unwrapped key (option chat_decrypt.signal_key: 64 hex) the
 * store is reported as "encrypted, key needed" with what is missing. With it, signal.db is decrypted
 * (SQLCipher v4 parameters with a raw key; v3 as a fallback) and emitted as a derived file.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chat_decrypt.h"
#include "chatdb.h"
#include "parsers/ios_keychain.h"
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
    if (!r->key_source) r->key_source = "option";
    r->derived = name;
    dft_chat_json j;
    dft_chat_json_begin(&j);
    dft_chat_json_str(&j, "key_source", r->key_source);
    dft_derived d = DFT_INIT(dft_derived);
    d.name = name;
    d.transform = transform;
    d.details = dft_chat_json_end(&j);
    d.bytes = plain;
    d.len = plen;
    int rc = dft_emit_derived(cf->s, &d);
    dft_chat_json_free(&j);
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

/* Keychain dumps an iOS file-system extraction carries (iLEAPP, GrayKey, UFED); the names are also the
 * plugin's declared siblings, so a tar or zip member is kept for this lookup. */
static const char *const kc_patterns[] = { "*/backup_keychain_v2.plist", "*/keychain-backup.plist" };
#define KC_MAX_DUMPS 4
#define KC_MAX_SPECS 8
#define KC_MAX_BYTES (64u << 20)   /* a full keychain with certificates is a few MiB */

typedef struct kc_dumps {
    char path[KC_MAX_DUMPS][4200];
    int n;
} kc_dumps;

static int kc_dump_cb(void *payload, const dft_dirent *e)
{
    kc_dumps *d = payload;
    if (e->type != 'r' || d->n >= KC_MAX_DUMPS) return 0;
    for (int i = 0; i < d->n; i++)
        if (strcmp(d->path[i], e->device_path) == 0) return 0;
    snprintf(d->path[d->n++], sizeof d->path[0], "%s", e->device_path);
    return 0;
}

typedef struct kc_specs {
    uint8_t spec[KC_MAX_SPECS][48];
    int n;
} kc_specs;

static int kc_item_cb(void *payload, const dft_keychain_item *it)
{
    kc_specs *k = payload;
    if (k->n < KC_MAX_SPECS && dft_ios_keychain_is_signal_spec(it)) memcpy(k->spec[k->n++], it->data, 48);
    return 0;
}

/* Derives the key of a 48-byte spec and checks it against page 1; *key is kept on success. */
static bool spec_opens(const cd_file *cf, const uint8_t spec[48], dft_sqlcipher_key *key)
{
    dft_sqlcipher_params p = dft_sqlcipher_versions[3];
    p.plain_header = 32;
    if (dft_sqlcipher_derive(key, &p, spec, 32, true, spec + 32) == DFT_OK &&
        dft_sqlcipher_check(key, cf->bytes, cf->len) == DFT_OK)
        return true;
    dft_sqlcipher_key_wipe(key);
    return false;
}

/* Looks for Signal's key spec in the keychain dumps of the evidence item. true with *key when one opens
 * page 1 (src names the dump); otherwise reason says what was found. */
static bool keychain_key(const cd_file *cf, cd_report *r, dft_sqlcipher_key *key, char *src, size_t src_cap,
                         char *reason, size_t reason_cap)
{
    kc_dumps d = { .n = 0 };
    for (size_t i = 0; i < sizeof kc_patterns / sizeof kc_patterns[0]; i++)
        dft_content_glob(cf->c, kc_patterns[i], kc_dump_cb, &d);
    if (d.n == 0) {
        snprintf(reason, reason_cap,
                 "key needed: keychain item GRDBDatabaseCipherKeySpec (no keychain dump in the evidence: "
                 "*/extra/KeychainDump/backup_keychain_v2.plist or */keychain-backup.plist; give its 48 bytes "
                 "as chat_decrypt.signal_ios_key)");
        return false;
    }
    int specs = 0, unreadable = 0;
    size_t undecrypted = 0;
    kc_specs *k = calloc(1, sizeof *k);
    if (!k) {
        snprintf(reason, reason_cap, "out of memory reading the keychain dump");
        return false;
    }
    for (int i = 0; i < d.n; i++) {
        char *buf = NULL;
        size_t len = 0;
        dft_keychain_stats st;
        k->n = 0;
        int rc = cd_read_sibling(cf, d.path[i], KC_MAX_BYTES, &buf, &len);
        if (rc == DFT_OK) rc = dft_ios_keychain_genp((const uint8_t *)buf, len, kc_item_cb, k, &st);
        free(buf);
        if (rc) {
            dft_emit_warning(cf->s, -1, "keychain dump %s not read: %s", d.path[i], dft_error_last());
            unreadable++;
            continue;
        }
        if (st.skipped)
            dft_emit_warning(cf->s, -1, "keychain dump %s: %zu generic-password entries of the wrong type skipped",
                             d.path[i], st.skipped);
        if (st.undecrypted)
            dft_emit_warning(cf->s, -1, "keychain dump %s (UFED encrypted export): %zu entries did not open with the "
                             "keys it carries", d.path[i], st.undecrypted);
        undecrypted += st.undecrypted;
        specs += k->n;
        for (int j = 0; j < k->n; j++) {
            r->candidates_tried++;
            bool ok = spec_opens(cf, k->spec[j], key);
            if (ok) {
                snprintf(src, src_cap, "keychain %s", d.path[i]);
                memset(k, 0, sizeof *k);
                free(k);
                return true;
            }
        }
    }
    memset(k, 0, sizeof *k);
    free(k);
    if (specs)
        snprintf(reason, reason_cap,
                 "the keychain item GRDBDatabaseCipherKeySpec does not open page 1 (%d item%s tried from %d keychain "
                 "dump%s, first %s)", specs, specs == 1 ? "" : "s", d.n, d.n == 1 ? "" : "s", d.path[0]);
    else
        snprintf(reason, reason_cap,
                 "key needed: no Signal item GRDBDatabaseCipherKeySpec in %d keychain dump%s (first %s; %d unreadable, "
                 "%zu encrypted UFED entries that did not open); give its 48 bytes as chat_decrypt.signal_ios_key", d.n,
                 d.n == 1 ? "" : "s", d.path[0], unreadable, undecrypted);
    return false;
}

/* iOS grdb/signal.sqlite: SQLCipher 4, 32-byte plaintext header, key spec = raw key + salt, from the
 * option (the examiner's override) or else from a keychain dump in the extraction. */
static int cd_signal_ios(const cd_file *cf, cd_report *r)
{
    if (has_wal(cf)) r->extra_json = "{\"wal_not_decrypted\":true}";
    const char *hex = dft_scan_option(cf->s, "signal_ios_key");
    dft_sqlcipher_key key;
    char src[4300], reason[4700];
    if (!hex) {
        if (!keychain_key(cf, r, &key, src, sizeof src, reason, sizeof reason)) {
            r->reason = reason;
            return cd_emit_report(cf, r);
        }
        r->key_source = src;
    } else {
        uint8_t spec[48];
        if (hexn(hex, spec, 48)) {
            r->reason = "chat_decrypt.signal_ios_key is not 96 hex digits (the 48-byte keychain item)";
            return cd_emit_report(cf, r);
        }
        r->candidates_tried = 1;
        bool ok = spec_opens(cf, spec, &key);
        memset(spec, 0, sizeof spec);
        if (!ok) {
            r->reason = "the given chat_decrypt.signal_ios_key does not open page 1";
            return cd_emit_report(cf, r);
        }
    }
    uint8_t *plain = NULL;
    size_t plen = 0;
    uint64_t bad = 0;
    int rc = dft_sqlcipher_decrypt(&key, cf->bytes, cf->len, &plain, &plen, &bad);
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
