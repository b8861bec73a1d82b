/*
 * cd_wechat.c - chat_decrypt for WeChat Android EnMicroMsg.db: SQLCipher with v1 parameters (PBKDF2-
 * HMAC-SHA1 4000 iterations, page 1024, no HMAC); the passphrase is the first 7 hex digits (lower case)
 * of MD5(device id + uin) (ppwwyyxx/wechat-dump, chg-hou/EnMicroMsg.db-Password-Cracker).
 *
 * Candidates, tried in this order and never more (no brute force):
 *   device ids  1. evidence metadata device.imei  2. option chat_decrypt.wechat_imei
 *               3. shared_prefs/DENGTA_META.xml IMEI_DENGTA  4. "1234567890ABCDEF" (WeChat's own
 *               fallback when it cannot read the IMEI)
 *   uins        1. shared_prefs/system_config_prefs.xml default_uin
 *               2. shared_prefs/auth_info_key_prefs.xml _auth_uin
 * Candidate N = the N-th (device id, uin) pair in that order; the report names N and the sources,
 * never the key or the device id itself.
 */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chat_decrypt.h"
#include "sqlcipher.h"

#define MM "/data/data/com.tencent.mm/shared_prefs/"

typedef struct cand {
    char value[80];
    const char *source;
} cand;

static void add(cand *list, int *n, int max, const char *v, const char *source)
{
    if (!v || !*v || *n >= max) return;
    for (int i = 0; i < *n; i++)
        if (!strcmp(list[i].value, v)) return;
    snprintf(list[*n].value, sizeof list[*n].value, "%s", v);
    list[*n].source = source;
    (*n)++;
}

static void prefs(const cd_file *cf, const char *file, const char *name, cand *list, int *n, int max,
                  const char *source)
{
    char *xml = NULL;
    size_t len = 0;
    if (cd_read_sibling(cf, file, 1u << 20, &xml, &len)) return;
    char v[80];
    if (cd_prefs_value(xml, name, v, sizeof v) == DFT_OK) add(list, n, max, v, source);
    free(xml);
}

int cd_wechat(const cd_file *cf)
{
    cd_report r = { .app = "wechat", .format = "sqlcipher-v1", .candidates_tried = 0 };
    cand ids[4], uins[2];
    int ni = 0, nu = 0;
    add(ids, &ni, 4, dft_scan_evidence_meta(cf->s, "device.imei"), "evidence metadata device.imei");
    add(ids, &ni, 4, dft_scan_option(cf->s, "wechat_imei"), "option chat_decrypt.wechat_imei");
    prefs(cf, MM "DENGTA_META.xml", "IMEI_DENGTA", ids, &ni, 4, "DENGTA_META.xml IMEI_DENGTA");
    add(ids, &ni, 4, "1234567890ABCDEF", "default 1234567890ABCDEF");
    prefs(cf, MM "system_config_prefs.xml", "default_uin", uins, &nu, 2, "system_config_prefs.xml default_uin");
    prefs(cf, MM "auth_info_key_prefs.xml", "_auth_uin", uins, &nu, 2, "auth_info_key_prefs.xml _auth_uin");

    if (cf->len < 1024) {
        r.reason = "shorter than one SQLCipher page";
        r.candidates_tried = -1;
        return cd_emit_report(cf, &r);
    }
    if (nu == 0) {
        r.reason = "key needed: no uin (shared_prefs system_config_prefs.xml / auth_info_key_prefs.xml not in the evidence)";
        return cd_emit_report(cf, &r);
    }
    dft_sqlcipher_key key;
    int found = 0;
    char source[300] = "";
    for (int i = 0; i < ni && !found; i++) {
        for (int u = 0; u < nu && !found; u++) {
            if (dft_scan_cancelled(cf->s)) return DFT_ECANCELLED;
            char in[400], pass[8];
            snprintf(in, sizeof in, "%.79s%.79s", ids[i].value, uins[u].value);
            uint8_t md[EVP_MAX_MD_SIZE];
            unsigned ml = 0;
            if (EVP_Digest(in, strlen(in), md, &ml, EVP_md5(), NULL) != 1) return DFT_ERROR;
            for (int k = 0; k < 7; k++) pass[k] = "0123456789abcdef"[(md[k / 2] >> (k % 2 ? 0 : 4)) & 15];
            pass[7] = 0;
            r.candidates_tried++;
            int rc = dft_sqlcipher_derive(&key, &dft_sqlcipher_versions[0], (const uint8_t *)pass, 7, false, cf->bytes);
            memset(pass, 0, sizeof pass);
            memset(in, 0, sizeof in);
            if (rc) return rc;
            if (dft_sqlcipher_check(&key, cf->bytes, cf->len) == DFT_OK) {
                found = 1;
                snprintf(source, sizeof source, "imei+uin candidate %d (%s; %s)", r.candidates_tried, ids[i].source,
                         uins[u].source);
            } else {
                dft_sqlcipher_key_wipe(&key);
            }
        }
    }
    if (!found) {
        r.reason = "key needed: no candidate (device id + uin) opens page 1";
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
    if (bad) dft_emit_warning(cf->s, -1, "EnMicroMsg.db: %llu pages could not be decrypted (zeroed)", (unsigned long long)bad);
    r.decrypted = true;
    r.key_source = source;
    r.derived = "EnMicroMsg.db";
    char extra[64];
    snprintf(extra, sizeof extra, "{\"bad_pages\":%llu}", (unsigned long long)bad);
    r.extra_json = extra;
    char details[400];
    snprintf(details, sizeof details, "{\"key_source\":\"%s\",\"format\":\"sqlcipher-v1\"}", source);
    dft_derived d = DFT_INIT(dft_derived);
    d.name = "EnMicroMsg.db";
    d.transform = "sqlcipher-v1";
    d.details = details;
    d.bytes = plain;
    d.len = plen;
    rc = dft_emit_derived(cf->s, &d);
    free(plain);
    if (rc) return rc;
    return cd_emit_report(cf, &r);
}
