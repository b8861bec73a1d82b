/*
 * devpath.c - member name sanitising and device path normalisation (see devpath.h for the rules).
 */
#include "devpath.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

typedef struct comp {
    const char *s;
    size_t n;
} comp;

static bool comp_is(const comp *c, const char *lit)
{
    size_t n = strlen(lit);
    return c->n == n && memcmp(c->s, lit, n) == 0;
}

static bool comp_in(const comp *c, const char *const *set)
{
    for (size_t i = 0; set[i]; i++)
        if (comp_is(c, set[i])) return true;
    return false;
}

/* Splits s on '/' into comps; returns the count, at most cap (callers that need every component
 * size out with count_comps()). */
static size_t split(const char *s, comp *out, size_t cap)
{
    size_t n = 0;
    const char *p = s;
    while (*p && n < cap) {
        const char *e = strchr(p, '/');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        out[n].s = p;
        out[n].n = len;
        n++;
        if (!e) break;
        p = e + 1;
    }
    return n;
}

/* Number of components split() produces for s (every '/' starts one, empty ones included). */
static size_t count_comps(const char *s)
{
    size_t n = *s ? 1 : 0;
    for (const char *p = s; *p; p++)
        if (*p == '/' && p[1]) n++;
    return n;
}

/* The single name that stands for components cs[0..n) cut off by the caps:
 * "__deep__" + FNV-1a-64 of them (joined by '/') in hex + "_" + the last one (at most
 * DEEP_TAIL bytes, cut at a UTF-8 boundary). Deterministic, so the same member name always folds
 * to the same path, and the file keeps its own name (extension) for typing. */
#define DEEP_TAIL 200
static size_t fold_name(const comp *cs, size_t n, char *w)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) {
        if (i) h = (h ^ '/') * 0x100000001b3ull;
        for (size_t k = 0; k < cs[i].n; k++) h = (h ^ (uint8_t)cs[i].s[k]) * 0x100000001b3ull;
    }
    const comp *last = &cs[n - 1];
    size_t tl = last->n;
    if (tl > DEEP_TAIL) {
        tl = DEEP_TAIL;
        while (tl > 0 && ((uint8_t)last->s[tl] & 0xC0) == 0x80) tl--;
    }
    int k = sprintf(w, "__deep__%016llx_", (unsigned long long)h);
    memcpy(w + k, last->s, tl);
    return (size_t)k + tl;
}
#define FOLD_MAX (8 + 16 + 1 + DEEP_TAIL)

int dft_devpath_sanitise(const char *raw, char **out, unsigned *flags)
{
    *out = NULL;
    *flags = 0;
    size_t rl = strlen(raw);
    const char *p = raw;
    if (*p == '/') *flags |= DFT_SANITISE_ABSOLUTE;
    if (((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z')) && p[1] == ':' &&
        (p[2] == '/' || p[2] == '\\')) {
        *flags |= DFT_SANITISE_ABSOLUTE;
        p += 2;
    }
    /* every component, however many '/' runs there are: nothing is dropped silently */
    size_t ncomp = count_comps(p) + 1;
    comp *cs = malloc(sizeof *cs * ncomp);
    comp *kept = malloc(sizeof *kept * ncomp);
    if (!cs || !kept) {
        free(cs);
        free(kept);
        return dft_error_set(DFT_ENOMEM, "out of memory sanitising a member name");
    }
    size_t n = split(p, cs, ncomp), nk = 0;
    bool escaped = false;
    for (size_t i = 0; i < n; i++) {
        if (cs[i].n == 0 || comp_is(&cs[i], ".")) continue;
        if (comp_is(&cs[i], "..")) {
            *flags |= DFT_SANITISE_DOTDOT;
            if (nk > 0) nk--;
            else escaped = true;
            continue;
        }
        kept[nk++] = cs[i];
    }
    if (escaped || (*flags & DFT_SANITISE_ABSOLUTE)) *flags |= DFT_SANITISE_OUTSIDE;
    /* caps: at most DFT_DEVPATH_MAX_COMPS components and DFT_DEVPATH_MAX_LEN bytes; the rest is
     * folded into one name (fold_name) */
    size_t budget_comps = DFT_DEVPATH_MAX_COMPS - ((*flags & DFT_SANITISE_OUTSIDE) ? 1 : 0);
    size_t used = (*flags & DFT_SANITISE_OUTSIDE) ? 12 : 0, keep = nk;
    {
        size_t len = used;
        for (size_t i = 0; i < nk; i++) len += kept[i].n + 1;
        if (nk > budget_comps || len > DFT_DEVPATH_MAX_LEN) {
            keep = 0;
            while (keep + 1 < nk && keep < budget_comps - 1 && used + kept[keep].n + 1 + FOLD_MAX + 1 <= DFT_DEVPATH_MAX_LEN) {
                used += kept[keep].n + 1;
                keep++;
            }
            *flags |= DFT_SANITISE_FOLDED;
        }
    }
    size_t total = 16 + rl + FOLD_MAX;
    char *s = malloc(total), *w = s;
    if (!s) {
        free(cs);
        free(kept);
        return dft_error_set(DFT_ENOMEM, "out of memory sanitising a member name");
    }
    if (*flags & DFT_SANITISE_OUTSIDE) {
        memcpy(w, "__outside__", 11);
        w += 11;
    }
    for (size_t i = 0; i < keep; i++) {
        if (w != s) *w++ = '/';
        memcpy(w, kept[i].s, kept[i].n);
        w += kept[i].n;
    }
    if (keep < nk) {
        if (w != s) *w++ = '/';
        w += fold_name(kept + keep, nk - keep, w);
    }
    if (w == s) {
        *flags |= DFT_SANITISE_EMPTY;
        memcpy(w, "__empty__", 9);
        w += 9;
    }
    *w = 0;
    free(cs);
    free(kept);
    *out = s;
    return DFT_OK;
}

/* ---- tree building --------------------------------------------------------------------------- */

int dft_tree_parents(dft_strmap *ids, char **pathp, int64_t root_id, dft_tree_dir_fn emit, void *payload,
                     int64_t *out_parent, unsigned *renamed)
{
    *renamed = 0;
    *out_parent = root_id;
    for (;;) {
        char *path = *pathp;
        char *last = strrchr(path, '/');
        if (!last || last == path) return DFT_OK;
        /* longest recorded prefix of the parent, from the right (boundaries: '/' after index 0) */
        size_t plen = (size_t)(last - path), e = plen;
        int64_t v = -1;
        for (;;) {
            char save = path[e];
            path[e] = 0;
            int got = dft_strmap_get(ids, path, &v);
            path[e] = save;
            if (got == DFT_OK) break;
            v = -1;
            while (e > 0 && path[e - 1] != '/') e--;
            if (e <= 1) {
                e = 0;
                break;
            }
            e--;
        }
        if (v >= 0 && !(v & 1)) {
            /* that prefix is a file: the member cannot live under it; rename the component */
            char *alt = NULL;
            for (int k = 1; k < 1000000; k++) {
                char suf[24];
                if (k == 1) snprintf(suf, sizeof suf, "~dir");
                else snprintf(suf, sizeof suf, "~dir%d", k);
                size_t sl = strlen(suf), tl = strlen(path);
                free(alt);
                alt = malloc(tl + sl + 1);
                if (!alt) return dft_error_set(DFT_ENOMEM, "out of memory");
                memcpy(alt, path, e);
                memcpy(alt + e, suf, sl);
                alt[e + sl] = 0;
                int64_t w;
                if (dft_strmap_get(ids, alt, &w) != DFT_OK || (w & 1)) {
                    memcpy(alt + e + sl, path + e, tl - e + 1);
                    break;
                }
            }
            free(*pathp);
            *pathp = alt;
            (*renamed)++;
            continue;
        }
        int64_t pid = v >= 0 ? v >> 1 : root_id;
        /* emit the missing directories left to right: prefixes ending at the '/'s after e */
        for (size_t b = e + 1; b <= plen; b++) {
            if (b < plen && path[b] != '/') continue;
            char save = path[b];
            path[b] = 0;
            int64_t id = 0;
            int rc = emit(payload, path, pid, &id);
            if (!rc) rc = dft_strmap_put(ids, path, (id << 1) | 1);
            path[b] = save;
            if (rc) return rc;
            pid = id;
        }
        *out_parent = pid;
        return DFT_OK;
    }
}

void dft_devpath_init(dft_devpath *d) { d->prefix = NULL; }

void dft_devpath_free(dft_devpath *d)
{
    if (!d) return;
    free(d->prefix);
    d->prefix = NULL;
}

static const char *const android_data_next[] = {
    "data", "app", "user", "user_de", "media", "misc", "misc_ce", "misc_de", "system", "system_ce",
    "system_de", "dalvik-cache", "local", "property", "vendor", "vendor_ce", "vendor_de", "adb",
    "app-private", "backup", "drm", "mediadrm", "nfc", "ota", "tombstones", "anr", "apex", NULL};
static const char *const android_roots[] = {
    "sdcard", "storage", "system", "vendor", "product", "cache", "apex", "efs", "persist", "mnt",
    "system_ext", "odm", NULL};
static const char *const ios_var_next[] = {
    "mobile", "root", "containers", "db", "logs", "wireless", "installd", "Keychains",
    "preferences", "MobileAsset", "MobileDevice", "MobileSoftwareUpdate", "networkd", "log",
    "folders", "tmp", "empty", "hardware", "buddy", "iTunes_Control", NULL};

/* Marker test at comps[i]; *len = number of marker components consumed (for information). */
static bool is_marker(const comp *cs, size_t n, size_t i, bool is_dir, bool *ios_var)
{
    bool last = i + 1 == n;
    const comp *c = &cs[i], *next = last ? NULL : &cs[i + 1];
    *ios_var = false;
    if (comp_is(c, "data")) {
        if (last) return is_dir;
        return comp_in(next, android_data_next);
    }
    if (comp_in(c, android_roots)) return !last || is_dir;
    if (comp_is(c, "private")) {
        if (last) return false;
        return comp_is(next, "var") || comp_is(next, "etc");
    }
    if (comp_is(c, "var")) {
        if (last || !comp_in(next, ios_var_next)) return false;
        *ios_var = true;
        return true;
    }
    if (comp_is(c, "System")) return !last && comp_is(next, "Library");
    if (comp_is(c, "Applications")) return !last || is_dir;
    return false;
}

long dft_devpath_find_root(const char *rel, bool is_dir, bool *ios_var)
{
    comp cs[DFT_DEVPATH_MAX_PREFIX + 2];
    size_t n = split(rel, cs, DFT_DEVPATH_MAX_PREFIX + 2);
    bool more = n == DFT_DEVPATH_MAX_PREFIX + 2; /* rel has more components than we looked at */
    *ios_var = false;
    for (size_t i = 0; i < n && i <= DFT_DEVPATH_MAX_PREFIX; i++) {
        if (is_marker(cs, n, i, is_dir || (more && i + 1 == n), ios_var))
            return (long)(cs[i].s - rel);
    }
    return -1;
}

/* "/" + (ios_var ? "private/" : "") + rest */
static int make_device(const char *rest, bool ios_var, char **out)
{
    size_t n = strlen(rest);
    char *s = malloc(n + 10);
    if (!s) return dft_error_set(DFT_ENOMEM, "out of memory for a device path");
    strcpy(s, ios_var ? "/private/" : "/");
    strcat(s, rest);
    *out = s;
    return DFT_OK;
}

/* adb backup layout apps/<pkg>/<token>/rest (AOSP FullBackup tokens) -> the app's device dirs */
static int adb_apps(const char *rel, char **out)
{
    static const char *const map[][2] = {
        {"db", "/data/data/%s/databases"}, {"f", "/data/data/%s/files"}, {"sp", "/data/data/%s/shared_prefs"},
        {"c", "/data/data/%s/cache"}, {"r", "/data/data/%s"}, {"a", "/data/app/%s"},
        {"nb", "/data/data/%s/no_backup"}, {"ef", "/sdcard/Android/data/%s"}, {"obb", "/sdcard/Android/obb/%s"},
        {"d_db", "/data/user_de/0/%s/databases"}, {"d_f", "/data/user_de/0/%s/files"},
        {"d_sp", "/data/user_de/0/%s/shared_prefs"}, {"d_r", "/data/user_de/0/%s"}};
    comp cs[4];
    if (strncmp(rel, "apps/", 5) != 0 || split(rel, cs, 4) < 3) return DFT_OK;
    if (cs[1].n == 0 || cs[1].n > 255) return DFT_OK;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        if (!comp_is(&cs[2], map[i][0])) continue;
        char pkg[256], head[600];
        memcpy(pkg, cs[1].s, cs[1].n);
        pkg[cs[1].n] = 0;
        snprintf(head, sizeof head, map[i][1], pkg);
        const char *rest = cs[2].s + cs[2].n;
        size_t n = strlen(head) + strlen(rest) + 1;
        if (!(*out = malloc(n))) return dft_error_set(DFT_ENOMEM, "out of memory for a device path");
        snprintf(*out, n, "%s%s", head, rest);
        return DFT_OK;
    }
    return DFT_OK;
}

int dft_devpath_normalise(dft_devpath *d, const char *rel, bool is_dir, char **out)
{
    *out = NULL;
    if (strncmp(rel, "apps/", 5) == 0) {
        int rc = adb_apps(rel, out);
        if (rc || *out) return rc;
    }
    bool ios_var;
    long off = dft_devpath_find_root(rel, is_dir, &ios_var);
    if (off >= 0) {
        if (!d->prefix) {
            d->prefix = strndup(rel, off > 0 ? (size_t)off - 1 : 0);
            if (!d->prefix) return dft_error_set(DFT_ENOMEM, "out of memory for a prefix");
        }
        return make_device(rel + off, ios_var, out);
    }
    return DFT_OK;
}

bool dft_devpath_is_userdata_root(const char *const *names, size_t n)
{
    static const char *const want[] = {"app", "data", "media", "misc", "system", "user", "user_de",
                                       "dalvik-cache", NULL};
    int hits = 0;
    bool has_data = false;
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; want[k]; k++)
            if (strcmp(names[i], want[k]) == 0) {
                hits++;
                if (k == 1) has_data = true;
            }
    }
    return has_data && hits >= 4;
}
