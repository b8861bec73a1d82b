/*
 * cd_whatsapp.c - chat_decrypt for WhatsApp backups (msgstore*.db.crypt12/14/15, wa.db.crypt*): the key
 * comes from the option chat_decrypt.whatsapp_key (crypt15, 64 hex) or the app's key file in the same
 * evidence item (files/key for crypt12/14, files/encrypted_backup.key for crypt15; WhatsApp, then
 * WhatsApp Business). The inflated database is written to the scan's workdir and emitted as a derived
 * file named without the .cryptNN suffix.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chat_decrypt.h"
#include "chatdb.h"
#include "wa_crypt.h"

/* Decompression bomb cap: SQLite databases compress about 3-10x; 64x the backup (at least 256 MiB)
 * leaves room and still bounds the output by the input. */
static uint64_t out_cap(size_t len)
{
    uint64_t cap = (uint64_t)len * 64u;
    return cap < (256u << 20) ? (256u << 20) : cap;
}

typedef struct out_file {
    FILE *fp;
    dft_scan *s;
} out_file;

/* Writes inflated bytes; the watchdog and Ctrl-C stop a long decryption here. */
static int write_file(void *payload, const uint8_t *data, size_t len)
{
    out_file *o = payload;
    if (dft_scan_cancelled(o->s)) return dft_error_set(DFT_ECANCELLED, "interrupted");
    return fwrite(data, 1, len, o->fp) == len ? DFT_OK : dft_error_set(DFT_EIO, "cannot write the decrypted backup");
}

int cd_whatsapp(const cd_file *cf, int version)
{
    char format[16];
    snprintf(format, sizeof format, "crypt%d", version);
    cd_report r = { .app = "whatsapp", .format = format, .candidates_tried = 0 };
    dft_wa_crypt_info info;
    uint8_t iv[16];
    if (dft_wa_crypt_header(version, cf->bytes, cf->len, &info, iv) != DFT_OK) {
        char why[300];
        snprintf(why, sizeof why, "header not readable: %s", dft_error_last());
        r.reason = why;
        r.candidates_tried = -1;
        dft_emit_warning(cf->s, 0, "whatsapp %s backup: %s", format, dft_error_last());
        return cd_emit_report(cf, &r);
    }

    /* Candidate keys, in order: the option (crypt15 only), then the key files. */
    static const char *const files14[] = { "/data/data/com.whatsapp/files/key",
                                           "/data/data/com.whatsapp.w4b/files/key", NULL };
    static const char *const files15[] = { "/data/data/com.whatsapp/files/encrypted_backup.key",
                                           "/data/data/com.whatsapp.w4b/files/encrypted_backup.key", NULL };
    const char *const *files = version == 15 ? files15 : files14;
    char out_name[256];
    snprintf(out_name, sizeof out_name, "%s", cf->f->name);
    char *dot = strstr(out_name, ".crypt");
    if (dot) *dot = 0;
    char out_path[4200];
    snprintf(out_path, sizeof out_path, "%s/%s", dft_content_workdir(cf->c), out_name);

    char source[200] = "", last_err[800] = "no key: ";
    bool key_seen = false;
    int rc = DFT_OK;
    for (int i = -1; files[i < 0 ? 0 : i] && !r.decrypted; i++) {
        dft_wa_key key;
        if (i < 0) {
            const char *hex = version == 15 ? dft_scan_option(cf->s, "whatsapp_key") : NULL;
            if (!hex) continue;
            if (dft_wa_key_parse_hex(&key, hex)) {
                dft_emit_warning(cf->s, -1, "chat_decrypt.whatsapp_key is not 64 hex digits: ignored");
                continue;
            }
            snprintf(source, sizeof source, "option");
        } else {
            char *buf = NULL;
            size_t blen = 0;
            if (cd_read_sibling(cf, files[i], 4096, &buf, &blen)) continue;
            int prc = dft_wa_key_parse_file(&key, (const uint8_t *)buf, blen);
            free(buf);
            if (prc) {
                dft_emit_warning(cf->s, -1, "%s: %s", files[i], dft_error_last());
                continue;
            }
            snprintf(source, sizeof source, "key file %s", files[i]);
        }
        key_seen = true;
        r.candidates_tried++;
        FILE *fp = fopen(out_path, "wb");
        if (!fp) {
            dft_wa_key_wipe(&key);
            return dft_error_set(DFT_EIO, "cannot create %s in the workdir", out_name);
        }
        out_file of = { fp, cf->s };
        rc = dft_wa_crypt_decrypt(version, &key, cf->bytes, cf->len, out_cap(cf->len), write_file, &of, &info);
        dft_wa_key_wipe(&key);
        if (fclose(fp) != 0 && !rc) rc = dft_error_set(DFT_EIO, "cannot write %s", out_name);
        if (rc == DFT_OK) {
            r.decrypted = true;
            r.key_source = source;
        } else {
            unlink(out_path);
            if (rc != DFT_ECORRUPT && rc != DFT_ELIMIT) return rc;
            snprintf(last_err, sizeof last_err, "%s: %s", source, dft_error_last());
            dft_emit_warning(cf->s, -1, "whatsapp %s backup not decrypted with the %s: %s", format, source,
                             dft_error_last());
        }
    }
    char extra[200];
    snprintf(extra, sizeof extra, "{\"key_type\":%lld,\"features_flag\":%s,\"md5_checked\":%s,\"plain_bytes\":%llu}",
             (long long)info.key_type, info.features_flag ? "true" : "false", info.md5_present ? "true" : "false",
             (unsigned long long)info.plain_len);
    r.extra_json = extra;
    if (!r.decrypted) {
        r.reason = key_seen ? last_err
                   : version == 15 ? "key needed: no encrypted_backup.key in the evidence and no chat_decrypt.whatsapp_key"
                                   : "key needed: no files/key of com.whatsapp in the evidence";
        return cd_emit_report(cf, &r);
    }
    r.derived = out_name;
    char transform[32], details[400];
    snprintf(transform, sizeof transform, "whatsapp-%s", format);
    snprintf(details, sizeof details, "{\"key_source\":\"%s\",\"format\":\"%s\"}", r.key_source, format);
    dft_derived d = DFT_INIT(dft_derived);
    d.name = out_name;
    d.transform = transform;
    d.details = details;
    d.path = out_path;
    rc = dft_emit_derived(cf->s, &d);
    if (rc) return rc;
    return cd_emit_report(cf, &r);
}
