/*
 * chat_decrypt.c - the chat_decrypt plugin: finds encrypted chat stores by name, looks for their key
 * material in the same evidence item (key files, shared_prefs, evidence metadata) or in the plugin's
 * secret options, and emits the decrypted database as a derived file (parsed by the chat plugin like
 * any other database). Every encrypted store gets a chat.database finding (encrypted: true) saying
 * which key source worked or why it was not decrypted. Keys are never emitted, printed or stored.
 * docs/chat-encrypted.md is the manual.
 */
#include "chat_decrypt.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chatdb.h"
#include "sqlcipher.h"
#include "wa_crypt.h"

int cd_emit_report(const cd_file *cf, const cd_report *r)
{
    dft_chat_json j;
    dft_chat_json_begin(&j);
    dft_chat_json_str(&j, "variant", r->format);
    dft_chat_json_str(&j, "parser", "chat_decrypt");
    dft_chat_json_bool(&j, "encrypted", true);
    dft_chat_json_str(&j, "format", r->format);
    dft_chat_json_bool(&j, "decrypted", r->decrypted);
    dft_chat_json_str(&j, "key_source", r->key_source);
    dft_chat_json_str(&j, "reason", r->reason);
    dft_chat_json_str(&j, "derived", r->derived);
    if (r->candidates_tried >= 0) dft_chat_json_int(&j, "candidates_tried", r->candidates_tried);
    if (r->extra_json) dft_chat_json_raw(&j, "detail", r->extra_json);
    dft_finding f = DFT_INIT(dft_finding);
    f.kind = "chat.database";
    f.subkind = r->app;
    f.value = r->format;
    f.offset = -1;
    f.length = -1;
    f.confidence = 1.0;
    f.details = dft_chat_json_end(&j);
    int rc = dft_emit_finding(cf->s, &f, NULL);
    dft_chat_json_free(&j);
    return rc;
}

int cd_read_sibling(const cd_file *cf, const char *path, size_t cap, char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    dft_sibling sib = DFT_INIT(dft_sibling);
    int rc = dft_content_sibling(cf->c, path, &sib);
    if (rc) return rc;
    if (sib.size > cap) return dft_error_set(DFT_ELIMIT, "%s: larger than %zu bytes", path, cap);
    FILE *fp = fopen(sib.path, "rb");
    if (!fp) return dft_error_set(DFT_EIO, "cannot open the copy of %s", path);
    char *buf = malloc((size_t)sib.size + 1);
    if (!buf) {
        fclose(fp);
        return DFT_ENOMEM;
    }
    size_t got = fread(buf, 1, (size_t)sib.size, fp);
    fclose(fp);
    buf[got] = 0;
    *out = buf;
    *len = got;
    return DFT_OK;
}

int cd_prefs_value(const char *xml, const char *name, char *out, size_t cap)
{
    out[0] = 0;
    char pat[160];
    snprintf(pat, sizeof pat, "name=\"%s\"", name);
    const char *p = xml ? strstr(xml, pat) : NULL;
    if (!p) return DFT_ENOTFOUND;
    p += strlen(pat);
    const char *gt = strchr(p, '>');
    if (!gt) return DFT_ENOTFOUND;
    const char *v = strstr(p, "value=\"");
    if (v && v < gt) {
        v += 7;
        const char *e = strchr(v, '"');
        if (!e || (size_t)(e - v) >= cap) return DFT_ENOTFOUND;
        memcpy(out, v, (size_t)(e - v));
        out[e - v] = 0;
        return DFT_OK;
    }
    if (gt[-1] == '/') return DFT_ENOTFOUND;
    const char *e = strchr(gt + 1, '<');
    if (!e || (size_t)(e - gt - 1) >= cap) return DFT_ENOTFOUND;
    memcpy(out, gt + 1, (size_t)(e - gt - 1));
    out[e - gt - 1] = 0;
    return DFT_OK;
}

static int cd_scan(dft_scan *s, const dft_file *f, const dft_content *c)
{
    cd_file cf = { .s = s, .f = f, .c = c };
    cf.bytes = dft_content_bytes(c, &cf.len);
    void *map = NULL;
    size_t map_len = 0;
    if (!cf.bytes && f->size > 0) {
        /* Larger than the in-memory cap: map the private copy (read-only). */
        const char *path = dft_content_path(c);
        if (!path) return DFT_EIO;
        int fd = open(path, O_RDONLY);
        struct stat stt;
        if (fd < 0 || fstat(fd, &stt) != 0 || stt.st_size <= 0) {
            if (fd >= 0) close(fd);
            return dft_error_set(DFT_EIO, "cannot read the copy of %s", f->name);
        }
        map_len = (size_t)stt.st_size;
        map = mmap(NULL, map_len, PROT_READ, MAP_PRIVATE, fd, 0);
        close(fd);
        if (map == MAP_FAILED) return dft_error_set(DFT_EIO, "cannot map the copy of %s", f->name);
        cf.bytes = map;
        cf.len = map_len;
    }
    int rc = DFT_OK;
    if (cf.len == 0) {
        rc = DFT_OK;
    } else if (cf.len >= 16 && memcmp(cf.bytes, "SQLite format 3", 16) == 0) {
        /* not encrypted (the chat plugin parses it), unless a plaintext-header SQLCipher (Signal iOS) */
        if (!strcasecmp(f->name, "signal.sqlite") && dft_sqlcipher_plain_header_maybe(cf.bytes, cf.len)) rc = cd_signal(&cf);
    } else {
        int v = dft_wa_crypt_version(f->name);
        if (v) rc = cd_whatsapp(&cf, v);
        else if (!strcasecmp(f->name, "EnMicroMsg.db")) rc = cd_wechat(&cf);
        else if (!strcasecmp(f->name, "signal.db") || !strcasecmp(f->name, "signal.sqlite")) rc = cd_signal(&cf);
    }
    if (map) munmap(map, map_len);
    return rc;
}

static const dft_claim cd_claims[] = {
    { DFT_CLAIM_PATH, "*/Databases/msgstore*.db.crypt1?" },
    { DFT_CLAIM_PATH, "*/Databases/wa.db.crypt1?" },
    { DFT_CLAIM_PATH, "*/Backups/wa.db.crypt1?" },
    { DFT_CLAIM_NAME, "EnMicroMsg.db" },
    { DFT_CLAIM_NAME, "signal.db" },
    { DFT_CLAIM_NAME, "signal.sqlite" },
    { DFT_CLAIM_END, NULL },
};

/* Declaring a sibling postpones the scan until the evidence item was walked, so the key files and
 * shared_prefs looked up by absolute device path are known by then (plugin.h, siblings). The keychain
 * dumps of an iOS extraction and Signal's prefs (cd_signal.c) are declared so that a tar or zip keeps them for the lookup. */
static const char *const cd_siblings[] = { "-wal", "backup_keychain_v2.plist", "keychain-backup.plist",
                                           "org.thoughtcrime.securesms_preferences.xml", "SecureSMS-Preferences.xml",
                                           NULL };

static const dft_option cd_options[] = {
    { "whatsapp_key", "WhatsApp crypt15 backup key: 64 hex digits (the end-to-end backup key)", NULL,
      DFT_OPTION_SECRET },
    { "signal_key", "Signal Android SQLCipher key: 64 hex digits (the unwrapped database secret)", NULL,
      DFT_OPTION_SECRET },
    { "signal_keystore_key", "Signal Android Keystore key SignalSecret: 64 hex digits (AES-256, from a keystore "
      "extraction); opens pref_database_encrypted_secret in the app's shared_prefs", NULL,
      DFT_OPTION_SECRET },
    { "signal_ios_key", "Signal iOS key spec: 96 hex digits (keychain item GRDBDatabaseCipherKeySpec: key + salt); "
      "overrides the item of a keychain dump in the extraction", NULL,
      DFT_OPTION_SECRET },
    { "wechat_imei", "an extra device id (IMEI) to try for WeChat EnMicroMsg.db, after the evidence's own", NULL,
      DFT_OPTION_SECRET },
    { NULL, NULL, NULL, 0 },
};

const dft_plugin dft_plugin_chat_decrypt = {
    .abi = DFT_PLUGIN_ABI,
    .struct_size = sizeof(dft_plugin),
    .name = "chat_decrypt",
    .version = "1.0.0",
    .description = "encrypted chat stores: WhatsApp crypt12/14/15 backups, WeChat EnMicroMsg.db, Signal",
    .claims = cd_claims,
    .siblings = cd_siblings,
    .access = DFT_ACCESS_WHOLE,
    .options = cd_options,
    .scan = cd_scan,
    .evidence_pass = cd_backup_only_pass,
};
