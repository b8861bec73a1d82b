/*
 * cd_signal.c - chat_decrypt for Signal: Android signal.db is SQLCipher 4 whose key (32 bytes, hex)
 * is kept in the app's shared_prefs (org.thoughtcrime.securesms_preferences.xml, SecureSMS-Preferences.xml
 * on old versions): pref_database_unencrypted_secret (hex, devices before API 23) is the key itself;
 * pref_database_encrypted_secret is JSON {"data","iv"} (base64), AES-256-GCM under the Android Keystore
 * key "SignalSecret" (128-bit tag after the ciphertext), opened with option chat_decrypt.signal_keystore_key
 * (Signal-Android DatabaseSecretProvider, KeyStoreHelper). iOS signal.sqlite is SQLCipher 4 with a
 * plaintext header and a keychain key, read from the extraction's keychain dump (parsers/ios_keychain.c)
 * or given as option chat_decrypt.signal_ios_key. Without a key (option chat_decrypt.signal_key: 64 hex, or the prefs) the
 * store is reported as "encrypted, key needed" with what is missing. With it, signal.db is decrypted
 * (the app's keying first: hex passphrase, kdf_iter 1, 4096-byte pages; then a raw key) and emitted as
 * a derived file.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/evp.h>

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

/* The shared_prefs names Signal-Android has used for its default preferences (PreferenceManager's
 * <package>_preferences.xml; SecureSMS-Preferences.xml on old versions). */
static const char *const sig_prefs[] = { "org.thoughtcrime.securesms_preferences.xml", "SecureSMS-Preferences.xml" };
#define SIG_PKG "/data/data/org.thoughtcrime.securesms"

/* Reads the first Signal prefs file beside the database (<pkg>/databases/signal.db -> <pkg>/shared_prefs/),
 * falling back to the absolute package path. *name gets the file name found. */
static char *signal_prefs(const cd_file *cf, const char **name)
{
    char base[4200];
    const char *dp = cf->f->device_path ? cf->f->device_path : "";
    const char *tail = "/databases/signal.db";
    size_t n = strlen(dp), t = strlen(tail);
    if (n > t && n - t < sizeof base && strcasecmp(dp + n - t, tail) == 0)
        snprintf(base, sizeof base, "%.*s", (int)(n - t), dp);
    else
        snprintf(base, sizeof base, "%s", SIG_PKG);
    for (size_t i = 0; i < sizeof sig_prefs / sizeof sig_prefs[0]; i++) {
        char path[4400];
        char *xml = NULL;
        size_t len = 0;
        snprintf(path, sizeof path, "%s/shared_prefs/%s", base, sig_prefs[i]);
        if (cd_read_sibling(cf, path, 1u << 20, &xml, &len) == DFT_OK) {
            *name = sig_prefs[i];
            return xml;
        }
    }
    return NULL;
}

/* Base64 (standard; Signal writes it without padding) of the JSON member `key` of the XML-escaped SealedData text into out. Returns
 * the decoded length or -1. */
static int sealed_member(const char *text, const char *key, uint8_t *out, size_t cap)
{
    char json[1024], b64[700];
    size_t j = 0;
    for (const char *p = text; *p && j + 1 < sizeof json; p++) {   /* &quot; -> " (the prefs XML escapes it) */
        if (strncmp(p, "&quot;", 6) == 0) { json[j++] = '"'; p += 5; }
        else if (strncmp(p, "&#34;", 5) == 0) { json[j++] = '"'; p += 4; }
        else json[j++] = *p;
    }
    json[j] = 0;
    char pat[32];
    snprintf(pat, sizeof pat, "\"%s\"", key);
    const char *v = strstr(json, pat);
    if (!v) return -1;
    v += strlen(pat);
    while (isspace((unsigned char)*v)) v++;
    if (*v++ != ':') return -1;
    while (isspace((unsigned char)*v)) v++;
    if (*v++ != '"') return -1;
    size_t m = 0;
    for (; *v && *v != '"'; v++) {
        if (*v == '\\' && v[1] == '/') continue;   /* JSON may escape '/' */
        if (isspace((unsigned char)*v)) continue;
        if (m + 1 >= sizeof b64) return -1;
        b64[m++] = *v;
    }
    if (*v != '"' || m == 0 || m % 4 == 1) return -1;
    while (m % 4) {
        if (m + 1 >= sizeof b64) return -1;
        b64[m++] = '=';
    }
    if ((m / 4) * 3 > cap + 2) return -1;
    b64[m] = 0;
    uint8_t tmp[528];
    int got = EVP_DecodeBlock(tmp, (const unsigned char *)b64, (int)m);
    if (got < 0) return -1;
    got -= (b64[m - 1] == '=') + (b64[m - 2] == '=');
    if (got < 0 || (size_t)got > cap) return -1;
    memcpy(out, tmp, (size_t)got);
    memset(tmp, 0, sizeof tmp);
    return got;
}

/* AES-256-GCM open of SealedData (data = ciphertext || 16-byte tag) with the SignalSecret key into the
 * 32-byte database secret: DFT_OK, or DFT_ECORRUPT with *why (malformed, or the tag does not verify). */
static int signal_unwrap(const char *sealed, const uint8_t kek[32], uint8_t secret[32], const char **why)
{
    uint8_t data[512], iv[64];
    int dn = sealed_member(sealed, "data", data, sizeof data), ivn = sealed_member(sealed, "iv", iv, sizeof iv);
    if (dn != 32 + 16 || ivn <= 0) {
        *why = "pref_database_encrypted_secret is not SealedData {data, iv} of a 32-byte secret";
        return DFT_ECORRUPT;
    }
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    uint8_t out[48];
    int l = 0, l2 = 0;
    int ok = c && EVP_DecryptInit_ex(c, EVP_aes_256_gcm(), NULL, NULL, NULL) == 1 &&
             EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_IVLEN, ivn, NULL) == 1 &&
             EVP_DecryptInit_ex(c, NULL, NULL, kek, iv) == 1 && EVP_DecryptUpdate(c, out, &l, data, 32) == 1 &&
             EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, 16, data + 32) == 1 && EVP_DecryptFinal_ex(c, out + l, &l2) == 1 &&
             l + l2 == 32;
    EVP_CIPHER_CTX_free(c);
    if (ok) memcpy(secret, out, 32);
    memset(out, 0, sizeof out);
    memset(data, 0, sizeof data);
    if (!ok) {
        *why = "the given chat_decrypt.signal_keystore_key does not open pref_database_encrypted_secret (GCM tag mismatch)";
        return DFT_ECORRUPT;
    }
    return DFT_OK;
}

/* The database secret from the evidence's prefs (or why not): DFT_OK with raw and r->key_source set,
 * otherwise r->reason set (reason_buf holds it). */
static int signal_prefs_key(const cd_file *cf, cd_report *r, uint8_t raw[32], char *reason_buf, size_t cap)
{
    const char *pname = NULL;
    char *xml = signal_prefs(cf, &pname);
    char val[1024];
    int rc = DFT_ENOTFOUND;
    if (!xml) {
        r->reason = "key needed: no database secret in the evidence (shared_prefs org.thoughtcrime.securesms_preferences.xml "
                    "and SecureSMS-Preferences.xml absent; give the key as chat_decrypt.signal_key)";
    } else if (cd_prefs_value(xml, "pref_database_unencrypted_secret", val, sizeof val) == DFT_OK) {
        if (hexn(val, raw, 32) == DFT_OK) {
            r->key_source = "prefs: unencrypted secret";
            rc = DFT_OK;
        } else {
            snprintf(reason_buf, cap, "pref_database_unencrypted_secret in %s is not 64 hex digits", pname);
            r->reason = reason_buf;
        }
    } else if (cd_prefs_value(xml, "pref_database_encrypted_secret", val, sizeof val) == DFT_OK) {
        const char *kh = dft_scan_option(cf->s, "signal_keystore_key");
        uint8_t kek[32];
        const char *why = NULL;
        if (!kh) {
            snprintf(reason_buf, cap, "key needed: the database secret in %s is wrapped by the Android Keystore key "
                     "SignalSecret (give that AES key as chat_decrypt.signal_keystore_key, or the unwrapped key as "
                     "chat_decrypt.signal_key)", pname);
            r->reason = reason_buf;
        } else if (hexn(kh, kek, 32)) {
            r->reason = "chat_decrypt.signal_keystore_key is not 64 hex digits";
        } else {
            r->candidates_tried = 1;
            if (signal_unwrap(val, kek, raw, &why) == DFT_OK) {
                r->key_source = "keystore key option";
                rc = DFT_OK;
            } else {
                r->reason = why;
            }
        }
        memset(kek, 0, sizeof kek);
    } else {
        snprintf(reason_buf, cap, "key needed: no database secret in %s", pname);
        r->reason = reason_buf;
    }
    memset(val, 0, sizeof val);
    free(xml);
    return rc;
}

int cd_signal(const cd_file *cf)
{
    bool ios = strcasecmp(cf->f->name, "signal.sqlite") == 0;
    cd_report r = { .app = "signal", .format = ios ? "sqlcipher-v4-ios" : "sqlcipher-v4", .candidates_tried = 0 };
    if (ios) return cd_signal_ios(cf, &r);
    const char *hex = dft_scan_option(cf->s, "signal_key");
    uint8_t raw[32];
    char reason[4700];
    if (!hex) {
        if (signal_prefs_key(cf, &r, raw, reason, sizeof reason)) return cd_emit_report(cf, &r);
        r.candidates_tried = 0;
    } else if (hexn(hex, raw, 32)) {
        r.reason = "chat_decrypt.signal_key is not 64 hex digits";
        return cd_emit_report(cf, &r);
    }
    /* Signal-Android keys SQLCipher with the secret's lower-case hex as a passphrase, kdf_iter 1, 4096-byte
     * pages (SqlCipherDatabaseHook; cipher_compatibility 3 on SQLCipher 4 builds, hence v3 first); a raw key
     * with the v4 / v3 defaults is kept for keys examiners give in SQLCipher's x'' form. */
    char pass[65];
    for (int i = 0; i < 32; i++) snprintf(pass + 2 * i, 3, "%02x", raw[i]);
    dft_sqlcipher_params sig3 = dft_sqlcipher_versions[2], sig4 = dft_sqlcipher_versions[3];
    sig3.page_size = sig4.page_size = 4096;
    sig3.kdf_iter = sig4.kdf_iter = 1;
    const struct { const dft_sqlcipher_params *p; bool raw; const char *transform; } cand[] = {
        { &sig3, false, "sqlcipher-v3" }, { &sig4, false, "sqlcipher-v4" },
        { &dft_sqlcipher_versions[3], true, "sqlcipher-v4" }, { &dft_sqlcipher_versions[2], true, "sqlcipher-v3" },
    };
    dft_sqlcipher_key key;
    const char *found_tf = NULL;
    int found = -1;
    for (size_t i = 0; i < sizeof cand / sizeof cand[0] && found < 0; i++) {
        r.candidates_tried++;
        const uint8_t *pw = cand[i].raw ? raw : (const uint8_t *)pass;
        if (dft_sqlcipher_derive(&key, cand[i].p, pw, cand[i].raw ? 32 : 64, cand[i].raw, cf->bytes) == DFT_OK &&
            dft_sqlcipher_check(&key, cf->bytes, cf->len) == DFT_OK) {
            found = (int)i;
            found_tf = cand[i].transform;
        } else {
            dft_sqlcipher_key_wipe(&key);
        }
    }
    memset(pass, 0, sizeof pass);
    memset(raw, 0, sizeof raw);
    if (found < 0) {
        r.reason = !hex ? "the database secret from the prefs does not open page 1"
                        : "the given chat_decrypt.signal_key does not open page 1";
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
    rc = emit_plain(cf, &r, "signal.db", found_tf, plain, plen, bad);
    free(plain);
    return rc;
}
