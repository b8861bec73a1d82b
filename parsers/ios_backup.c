/*
 * ios_backup.c - Info.plist / Manifest.plist device metadata and MBFile blobs (see ios_backup.h).
 */
#include "parsers/ios_backup.h"

#include <plist/plist.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "timefmt.h"

#define COCOA_EPOCH 978307200LL

/* A string node's text, malloc'd. plist_get_string_val() asserts (aborts) on a string with an
 * embedded NUL, which a hostile plist can hold; the text is cut at the first NUL instead. */
static char *str_of(plist_t n)
{
    uint64_t len = 0;
    const char *p = plist_get_string_ptr(n, &len);
    if (!p) return NULL;
    return strndup(p, len > SIZE_MAX - 1 ? SIZE_MAX - 1 : (size_t)len);
}

/* Value of a node as text: strings, integers, reals, booleans, dates (UTC). NULL when none. */
static char *node_text(plist_t n)
{
    char buf[64];
    if (!n) return NULL;
    switch (plist_get_node_type(n)) {
    case PLIST_STRING:
        return str_of(n);
    case PLIST_UINT: {
        uint64_t v;
        plist_get_uint_val(n, &v);
        snprintf(buf, sizeof buf, "%llu", (unsigned long long)v);
        return strdup(buf);
    }
    case PLIST_REAL: {
        double v;
        plist_get_real_val(n, &v);
        snprintf(buf, sizeof buf, "%g", v);
        return strdup(buf);
    }
    case PLIST_BOOLEAN: {
        uint8_t v;
        plist_get_bool_val(n, &v);
        return strdup(v ? "1" : "0");
    }
    case PLIST_DATE: {
        int32_t sec, usec;
        plist_get_date_val(n, &sec, &usec);
        char t[DFT_TIME_LEN];
        dft_time_format(t, (int64_t)sec + COCOA_EPOCH, 0);
        return strdup(t);
    }
    default:
        return NULL;
    }
}

static int emit(plist_t dict, const char *pkey, const char *key, dft_ios_meta_fn cb, void *payload, char **seen)
{
    if (!dict || plist_get_node_type(dict) != PLIST_DICT) return DFT_OK;
    char *v = node_text(plist_dict_get_item(dict, pkey));
    int rc = DFT_OK;
    if (v && *v && !(seen && *seen)) {
        rc = cb(payload, key, v);
        if (seen) *seen = strdup(v);
    }
    free(v);
    return rc;
}

static plist_t parse(const uint8_t *d, size_t n)
{
    plist_t p = NULL;
    if (d && n && n < UINT32_MAX) plist_from_memory((const char *)d, (uint32_t)n, &p);
    return p;
}

int dft_ios_backup_meta(const uint8_t *info, size_t info_len, const uint8_t *manifest, size_t manifest_len,
                        dft_ios_meta_fn cb, void *payload, bool *encrypted)
{
    static const char *const map[][3] = {
        /* Info.plist key, Lockdown key, meta key */
        {"Device Name", "DeviceName", "device.name"},
        {"Serial Number", "SerialNumber", "device.serial"},
        {"IMEI", NULL, "device.imei"},
        {"Product Type", "ProductType", "device.product_type"},
        {"Product Version", "ProductVersion", "device.ios_version"},
        {"Last Backup Date", NULL, "device.backup_date"},
        {"Phone Number", NULL, "device.phone_number"},
        {"Unique Identifier", "UniqueDeviceID", "device.udid"},
    };
    enum { N = sizeof map / sizeof map[0] };
    char *seen[N] = {0};
    *encrypted = false;
    plist_t ip = parse(info, info_len), mp = parse(manifest, manifest_len);
    int rc = DFT_OK;
    if (info && info_len && !ip) rc = DFT_CORRUPT("Info.plist is not a property list");
    for (int i = 0; rc == DFT_OK && ip && i < N; i++) rc = emit(ip, map[i][0], map[i][2], cb, payload, &seen[i]);
    if (mp && plist_get_node_type(mp) == PLIST_DICT) {
        plist_t e = plist_dict_get_item(mp, "IsEncrypted");
        if (e && plist_get_node_type(e) == PLIST_BOOLEAN) {
            uint8_t b;
            plist_get_bool_val(e, &b);
            *encrypted = b != 0;
        }
        if (!rc) rc = cb(payload, "itunes.is_encrypted", *encrypted ? "1" : "0");
        if (!rc) rc = emit(mp, "Version", "itunes.version", cb, payload, NULL);
        if (!rc) rc = emit(mp, "Date", "itunes.date", cb, payload, NULL);
        plist_t ld = plist_dict_get_item(mp, "Lockdown");
        for (int i = 0; rc == DFT_OK && ld && i < N; i++)
            if (map[i][1]) rc = emit(ld, map[i][1], map[i][2], cb, payload, &seen[i]);
    } else if (manifest && manifest_len && !rc) {
        rc = DFT_CORRUPT("Manifest.plist is not a property list");
    }
    for (int i = 0; i < N; i++) free(seen[i]);
    if (ip) plist_free(ip);
    if (mp) plist_free(mp);
    return rc;
}

static bool get_uint(plist_t d, const char *k, uint64_t *v)
{
    plist_t n = plist_dict_get_item(d, k);
    if (!n) return false;
    if (plist_get_node_type(n) == PLIST_UINT) {
        plist_get_uint_val(n, v);
        return true;
    }
    if (plist_get_node_type(n) == PLIST_REAL) {
        double x;
        plist_get_real_val(n, &x);
        *v = (uint64_t)(int64_t)x;
        return true;
    }
    return false;
}

static plist_t deref(plist_t objects, plist_t n)
{
    if (!n || plist_get_node_type(n) != PLIST_UID) return n;
    uint64_t u;
    plist_get_uid_val(n, &u);
    if (u >= plist_array_get_size(objects)) return NULL;
    return plist_array_get_item(objects, (uint32_t)u);
}

int dft_ios_mbfile_parse(const uint8_t *blob, size_t len, dft_ios_mbfile *out)
{
    memset(out, 0, sizeof *out);
    out->protection_class = -1;
    out->uid = out->gid = -1;
    plist_t p = parse(blob, len);
    if (!p) return DFT_CORRUPT("file column is not a property list");
    int rc = DFT_OK;
    plist_t objs = plist_get_node_type(p) == PLIST_DICT ? plist_dict_get_item(p, "$objects") : NULL;
    plist_t top = plist_get_node_type(p) == PLIST_DICT ? plist_dict_get_item(p, "$top") : NULL;
    plist_t root = NULL;
    if (objs && plist_get_node_type(objs) == PLIST_ARRAY && top && plist_get_node_type(top) == PLIST_DICT)
        root = deref(objs, plist_dict_get_item(top, "root"));
    if (!root || plist_get_node_type(root) != PLIST_DICT) {
        rc = DFT_CORRUPT("file column is not an NSKeyedArchiver MBFile");
    } else {
        uint64_t v;
        if ((out->has_size = get_uint(root, "Size", &v))) out->size = v;
        if ((out->has_mtime = get_uint(root, "LastModified", &v))) out->mtime = (int64_t)v;
        if ((out->has_birth = get_uint(root, "Birth", &v))) out->birth = (int64_t)v;
        if ((out->has_ctime = get_uint(root, "LastStatusChange", &v))) out->ctime = (int64_t)v;
        if ((out->has_mode = get_uint(root, "Mode", &v))) out->mode = (uint32_t)v;
        if ((out->has_uid = get_uint(root, "UserID", &v))) out->uid = (int64_t)v;
        if ((out->has_gid = get_uint(root, "GroupID", &v))) out->gid = (int64_t)v;
        if (get_uint(root, "InodeNumber", &v)) out->inode = v;
        if (get_uint(root, "ProtectionClass", &v)) out->protection_class = (int)v;
        plist_t t = deref(objs, plist_dict_get_item(root, "Target"));
        if (t && plist_get_node_type(t) == PLIST_STRING) out->target = str_of(t);
    }
    plist_free(p);
    return rc;
}

void dft_ios_mbfile_clear(dft_ios_mbfile *f)
{
    if (!f) return;
    free(f->target);
    f->target = NULL;
}
