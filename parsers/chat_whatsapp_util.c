/*
 * chat_whatsapp_util.c - JIDs, lookup tables, the Android owner's account and the message type names
 * shared by the WhatsApp parsers (see chat_whatsapp.h).
 */
#include "chat_whatsapp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "numfmt.h"

/* ---- JIDs ----------------------------------------------------------------------------------- */

wa_jid_kind dft_wa_jid_kind(const char *jid)
{
    if (!jid) return WA_JID_OTHER;
    const char *at = strrchr(jid, '@');
    if (!at) return WA_JID_OTHER;
    const char *srv = at + 1;
    if (!strcmp(srv, "s.whatsapp.net") || !strcmp(srv, "c.us")) return WA_JID_USER;
    if (!strcmp(srv, "g.us")) return WA_JID_GROUP;
    if (!strcmp(srv, "lid")) return WA_JID_LID;
    if (!strcmp(srv, "broadcast")) return WA_JID_BROADCAST;
    if (!strcmp(srv, "newsletter")) return WA_JID_NEWSLETTER;
    return WA_JID_OTHER;
}

int dft_wa_jid_phone(const char *jid, char out[DFT_PHONE_LEN])
{
    out[0] = '\0';
    if (dft_wa_jid_kind(jid) != WA_JID_USER) return DFT_ECORRUPT;
    /* user part up to ':' (a device suffix, "66812345678:12@s.whatsapp.net") or '@' */
    char user[24];
    size_t n = 0;
    for (const char *p = jid; *p && *p != '@' && *p != ':'; p++) {
        if (*p < '0' || *p > '9' || n + 1 >= sizeof user) return DFT_ECORRUPT;
        user[n++] = *p;
    }
    user[n] = '\0';
    return dft_chatdb_phone(user, NULL, true, out);
}

const char *dft_wa_party(const char *jid, char buf[DFT_PHONE_LEN])
{
    if (!jid) return NULL;
    return dft_wa_jid_phone(jid, buf) == DFT_OK ? buf : jid;
}

/* ---- string arena ---------------------------------------------------------------------------- */

struct wa_arena_block {
    struct wa_arena_block *next;
    size_t used, cap;
    char data[];
};

const char *dft_wa_strdup(wa_arena *a, const char *s, bool *oom)
{
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    struct wa_arena_block *b = a->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > 60000 ? n : 65536 - sizeof *b;
        b = malloc(sizeof *b + cap);
        if (!b) { *oom = true; return NULL; }
        b->used = 0;
        b->cap = cap;
        b->next = a->head;
        a->head = b;
    }
    char *p = b->data + b->used;
    memcpy(p, s, n);
    b->used += n;
    return p;
}

void dft_wa_arena_free(wa_arena *a)
{
    for (struct wa_arena_block *b = a->head, *n; b; b = n) {
        n = b->next;
        free(b);
    }
    a->head = NULL;
}

/* ---- id map: open addressing, linear probing, load <= 1/2 ------------------------------------- */

static size_t id_hash(int64_t k, size_t cap)
{
    uint64_t x = (uint64_t)k * 0x9E3779B97F4A7C15ull;
    return (size_t)(x >> 17) & (cap - 1);
}

/* Empty slots hold vals == UINT32_MAX. */
static int idmap_grow(wa_idmap *m)
{
    size_t nc = m->cap ? m->cap * 2 : 1024;
    int64_t *nk = malloc(nc * sizeof *nk);
    uint32_t *nv = malloc(nc * sizeof *nv);
    if (!nk || !nv) {
        free(nk);
        free(nv);
        return dft_error_set(DFT_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < nc; i++) nv[i] = UINT32_MAX;
    for (size_t i = 0; i < m->cap; i++) {
        if (m->vals[i] == UINT32_MAX) continue;
        size_t h = id_hash(m->keys[i], nc);
        while (nv[h] != UINT32_MAX) h = (h + 1) & (nc - 1);
        nk[h] = m->keys[i];
        nv[h] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    m->keys = nk;
    m->vals = nv;
    m->cap = nc;
    return DFT_OK;
}

int dft_wa_idmap_put(wa_idmap *m, int64_t key, uint32_t val)
{
    if (val == UINT32_MAX) return dft_error_set(DFT_ELIMIT, "too many rows");
    if ((m->n + 1) * 2 > m->cap) {
        int rc = idmap_grow(m);
        if (rc) return rc;
    }
    size_t h = id_hash(key, m->cap);
    while (m->vals[h] != UINT32_MAX) {
        if (m->keys[h] == key) return DFT_OK;   /* first wins (rowids are unique anyway) */
        h = (h + 1) & (m->cap - 1);
    }
    m->keys[h] = key;
    m->vals[h] = val;
    m->n++;
    return DFT_OK;
}

bool dft_wa_idmap_get(const wa_idmap *m, int64_t key, uint32_t *val)
{
    if (!m->cap) return false;
    size_t h = id_hash(key, m->cap);
    while (m->vals[h] != UINT32_MAX) {
        if (m->keys[h] == key) {
            *val = m->vals[h];
            return true;
        }
        h = (h + 1) & (m->cap - 1);
    }
    return false;
}

void dft_wa_idmap_free(wa_idmap *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

/* ---- jid -> name: open addressing on FNV-1a ------------------------------------------------- */

struct wa_names {
    const char **jid, **name;
    size_t cap, n;
    wa_arena arena;
};

static uint64_t fnv(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

wa_names *dft_wa_names_new(void) { return calloc(1, sizeof(wa_names)); }

void dft_wa_names_free(wa_names *n)
{
    if (!n) return;
    free(n->jid);
    free(n->name);
    dft_wa_arena_free(&n->arena);
    free(n);
}

static int names_grow(wa_names *t)
{
    size_t nc = t->cap ? t->cap * 2 : 256;
    const char **nj = calloc(nc, sizeof *nj), **nn = calloc(nc, sizeof *nn);
    if (!nj || !nn) {
        free(nj);
        free(nn);
        return dft_error_set(DFT_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->jid[i]) continue;
        size_t h = fnv(t->jid[i]) & (nc - 1);
        while (nj[h]) h = (h + 1) & (nc - 1);
        nj[h] = t->jid[i];
        nn[h] = t->name[i];
    }
    free(t->jid);
    free(t->name);
    t->jid = nj;
    t->name = nn;
    t->cap = nc;
    return DFT_OK;
}

int dft_wa_names_put(wa_names *t, const char *jid, const char *name)
{
    if (!t || !jid || !*jid || !name || !*name) return DFT_OK;
    if ((t->n + 1) * 2 > t->cap) {
        int rc = names_grow(t);
        if (rc) return rc;
    }
    size_t h = fnv(jid) & (t->cap - 1);
    while (t->jid[h]) {
        if (!strcmp(t->jid[h], jid)) return DFT_OK;
        h = (h + 1) & (t->cap - 1);
    }
    bool oom = false;
    const char *j = dft_wa_strdup(&t->arena, jid, &oom);
    const char *nm = dft_wa_strdup(&t->arena, name, &oom);
    if (oom) return dft_error_set(DFT_ENOMEM, "out of memory");
    t->jid[h] = j;
    t->name[h] = nm;
    t->n++;
    return DFT_OK;
}

const char *dft_wa_names_get(const wa_names *t, const char *jid)
{
    if (!t || !jid || !t->cap) return NULL;
    size_t h = fnv(jid) & (t->cap - 1);
    while (t->jid[h]) {
        if (!strcmp(t->jid[h], jid)) return t->name[h];
        h = (h + 1) & (t->cap - 1);
    }
    return NULL;
}

size_t dft_wa_names_count(const wa_names *t) { return t ? t->n : 0; }

/* ---- shared_prefs ---------------------------------------------------------------------------- */

bool dft_wa_prefs_string(const char *xml, const char *key, char *out, size_t cap)
{
    if (!xml || !key || cap == 0) return false;
    char pat[128];
    int pn = snprintf(pat, sizeof pat, "name=\"%s\"", key);
    if (pn < 0 || (size_t)pn >= sizeof pat) return false;
    for (const char *p = strstr(xml, pat); p; p = strstr(p + 1, pat)) {
        /* the element must be <string ...>: look back for "<string" before the attribute */
        const char *lt = p;
        while (lt > xml && *lt != '<') lt--;
        if (strncmp(lt, "<string", 7) != 0) continue;
        const char *gt = strchr(p, '>');
        if (!gt || gt[-1] == '/') continue;   /* <string name="x"/>: empty */
        const char *v = gt + 1, *end = strstr(v, "</string>");
        if (!end) return false;
        size_t n = 0;
        for (const char *q = v; q < end; q++) {
            char c = *q;
            if (c == '&') {
                static const struct { const char *ent; char c; } ents[] = {
                    { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' }, { "&apos;", '\'' } };
                size_t i;
                for (i = 0; i < sizeof ents / sizeof ents[0]; i++) {
                    size_t el = strlen(ents[i].ent);
                    if ((size_t)(end - q) >= el && !strncmp(q, ents[i].ent, el)) {
                        c = ents[i].c;
                        q += el - 1;
                        break;
                    }
                }
            }
            if (n + 1 >= cap) return false;
            out[n++] = c;
        }
        out[n] = '\0';
        return true;
    }
    return false;
}

/* The package directory of a device path: "/data/data/com.whatsapp/databases/msgstore.db" ->
 * "/data/data/com.whatsapp" (also /data/user/<N>/<pkg>). Empty when the path has no databases/. */
static void package_dir(const char *device_path, char *out, size_t cap)
{
    out[0] = '\0';
    if (!device_path) return;
    const char *d = strstr(device_path, "/databases/");
    if (!d || (size_t)(d - device_path) >= cap) return;
    memcpy(out, device_path, (size_t)(d - device_path));
    out[d - device_path] = '\0';
}

void dft_wa_android_account(const dft_chat_ctx *ctx, char out[DFT_PHONE_LEN])
{
    out[0] = '\0';
    char pkgdir[1024];
    package_dir(ctx->device_path, pkgdir, sizeof pkgdir);
    const char *pkg = strrchr(pkgdir, '/');
    if (pkgdir[0] && pkg && ctx->read_sibling) {
        char names[3][1200];
        snprintf(names[0], sizeof names[0], "%s/shared_prefs/%s_preferences_light.xml", pkgdir, pkg + 1);
        snprintf(names[1], sizeof names[1], "%s/shared_prefs/%s_preferences.xml", pkgdir, pkg + 1);
        snprintf(names[2], sizeof names[2], "%s/shared_prefs/startup_prefs.xml", pkgdir);
        for (int i = 0; i < 3 && !out[0]; i++) {
            char *xml = NULL;
            size_t len = 0;
            if (ctx->read_sibling(ctx->payload, names[i], 4u << 20, &xml, &len) != DFT_OK || !xml) continue;
            char v[128], cc[16], ph[32];
            static const char *const jid_keys[] = { "registration_jid", "self_jid", "me_jid", NULL };
            for (const char *const *k = jid_keys; *k && !out[0]; k++) {
                if (!dft_wa_prefs_string(xml, *k, v, sizeof v)) continue;
                if (!strchr(v, '@')) strncat(v, "@s.whatsapp.net", sizeof v - strlen(v) - 1);
                dft_wa_jid_phone(v, out);
            }
            if (!out[0] && dft_wa_prefs_string(xml, "cc", cc, sizeof cc) &&
                dft_wa_prefs_string(xml, "ph", ph, sizeof ph)) {
                char num[64];
                snprintf(num, sizeof num, "+%s%s", cc, ph);
                dft_chatdb_phone(num, NULL, true, out);
            }
            free(xml);
        }
    }
    if (!out[0] && ctx->account_hint) dft_chatdb_phone(ctx->account_hint, ctx->region, false, out);
}

/* ---- message types ---------------------------------------------------------------------------- */

const char *dft_wa_android_type(int64_t t)
{
    switch (t) {
    case 0: return "text";
    case 1: return "image";
    case 2: return "audio";
    case 3: return "video";
    case 4: return "contact";
    case 5: return "location";
    case 7: return "system";
    case 8: return "call";
    case 9: return "document";
    case 10: return "missed_call";
    case 13: return "gif";
    case 15: return "deleted";
    case 16: return "live_location";
    case 20: return "sticker";
    case 42: return "view_once_image";
    case 43: return "view_once_video";
    case 46: return "poll";
    case 64: return "deleted_by_admin";
    default: return "other";
    }
}

const char *dft_wa_ios_type(int64_t t)
{
    switch (t) {
    case 0: return "text";
    case 1: return "image";
    case 2: return "video";
    case 3: return "audio";
    case 4: return "contact";
    case 5: return "location";
    case 6: return "system";
    case 7: return "link";
    case 8: return "document";
    case 10: return "call";
    case 11: return "gif";
    case 14: return "deleted";
    case 15: return "sticker";
    default: return "other";
    }
}

/* ---- hot-path helpers --------------------------------------------------------------------------- */

static char *put2(char *p, unsigned v)
{
    p[0] = (char)('0' + v / 10);
    p[1] = (char)('0' + v % 10);
    return p + 2;
}

void dft_wa_time_ms(int64_t ms, char out[DFT_TIME_LEN])
{
    out[0] = '\0';
    if (ms == 0) return;
    /* 253402300800000 ms = 10000-01-01T00:00:00Z */
    if (ms < 0 || ms >= 253402300800000LL) {
        dft_time_text(out, DFT_TIME_UNIX_MS, ms);
        return;
    }
    int64_t secs = ms / 1000;
    unsigned frac = (unsigned)(ms % 1000);
    int64_t days = secs / 86400;
    unsigned rem = (unsigned)(secs % 86400);
    /* days since 1970-01-01 -> civil date (H. Hinnant's days_from_civil inverse) */
    int64_t z = days + 719468;
    int64_t era = z / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) y++;
    char *p = out;
    p = put2(p, (unsigned)(y / 100));
    p = put2(p, (unsigned)(y % 100));
    *p++ = '-';
    p = put2(p, m);
    *p++ = '-';
    p = put2(p, d);
    *p++ = 'T';
    p = put2(p, rem / 3600);
    *p++ = ':';
    p = put2(p, rem / 60 % 60);
    *p++ = ':';
    p = put2(p, rem % 60);
    if (frac) {
        *p++ = '.';
        *p++ = (char)('0' + frac / 100);
        p = put2(p, frac % 100);
    }
    *p++ = 'Z';
    *p = '\0';
}

void dft_wa_col_time_ms(sqlite3_stmt *st, int col, char out[DFT_TIME_LEN], int64_t *raw)
{
    if (sqlite3_column_type(st, col) != SQLITE_INTEGER) {
        dft_chatdb_time(st, col, DFT_TIME_UNIX_MS, out, raw);
        return;
    }
    int64_t v = sqlite3_column_int64(st, col);
    if (raw) *raw = v;
    dft_wa_time_ms(v, out);
}

void dft_wa_source(char *out, size_t cap, const char *prefix, int64_t n)
{
    size_t pl = strlen(prefix);
    if (cap < 48 || pl > cap - 26) {
        if (cap) out[0] = '\0';
        return;
    }
    memcpy(out, prefix, pl);
    out[pl] = ':';
    dft_i64_dec(out + pl + 1, n);
}

static void wj_put(wa_json *j, const char *s, size_t n)
{
    if (j->failed) return;
    if (j->len + n + 1 > j->cap) {
        size_t nc = j->cap ? j->cap * 2 : 512;
        while (nc < j->len + n + 1) nc *= 2;
        char *nb = realloc(j->buf, nc);
        if (!nb) { j->failed = true; return; }
        j->buf = nb;
        j->cap = nc;
    }
    memcpy(j->buf + j->len, s, n);
    j->len += n;
    j->buf[j->len] = '\0';
}

static void wj_string(wa_json *j, const char *s)
{
    wj_put(j, "\"", 1);
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        /* a run of plain ASCII */
        const unsigned char *r = p;
        while (*r >= 0x20 && *r < 0x80 && *r != '"' && *r != '\\') r++;
        if (r > p) { wj_put(j, (const char *)p, (size_t)(r - p)); p = r; continue; }
        unsigned char c = *p;
        if (!c) break;
        if (c == '"' || c == '\\') {
            char e[2] = { '\\', (char)c };
            wj_put(j, e, 2);
            p++;
            continue;
        }
        if (c < 0x20) {
            char e[8];
            snprintf(e, sizeof e, "\\u%04x", c);
            wj_put(j, e, 6);
            p++;
            continue;
        }
        int n = (c >= 0xc2 && c <= 0xdf) ? 2 : (c >= 0xe0 && c <= 0xef) ? 3 : (c >= 0xf0 && c <= 0xf4) ? 4 : 0;
        bool ok = n > 0;
        for (int i = 1; ok && i < n; i++) ok = (p[i] & 0xc0) == 0x80;
        if (ok && n == 3 && ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] >= 0xa0))) ok = false;
        if (ok && n == 4 && ((c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] >= 0x90))) ok = false;
        if (!ok) { wj_put(j, "\xef\xbf\xbd", 3); p++; continue; }
        wj_put(j, (const char *)p, (size_t)n);
        p += n;
    }
    wj_put(j, "\"", 1);
}

static void wj_key(wa_json *j, const char *key)
{
    wj_put(j, j->any ? "," : "{", 1);
    j->any = true;
    wj_string(j, key);
    wj_put(j, ":", 1);
}

void dft_wa_json_begin(wa_json *j)
{
    j->len = 0;
    j->failed = false;
    j->any = false;
    if (j->buf) j->buf[0] = '\0';
}

void dft_wa_json_str(wa_json *j, const char *key, const char *value)
{
    if (!value) return;
    wj_key(j, key);
    wj_string(j, value);
}

void dft_wa_json_int(wa_json *j, const char *key, int64_t value)
{
    char b[24];
    size_t n = dft_i64_dec(b, value);
    wj_key(j, key);
    wj_put(j, b, n);
}

void dft_wa_json_bool(wa_json *j, const char *key, bool value)
{
    wj_key(j, key);
    wj_put(j, value ? "true" : "false", value ? 4 : 5);
}

void dft_wa_json_raw(wa_json *j, const char *key, const char *json)
{
    if (!json) return;
    wj_key(j, key);
    wj_put(j, json, strlen(json));
}

const char *dft_wa_json_end(wa_json *j)
{
    if (!j->any) wj_put(j, "{", 1);
    wj_put(j, "}", 1);
    return j->failed ? "{}" : j->buf;
}

void dft_wa_json_free(wa_json *j)
{
    free(j->buf);
    memset(j, 0, sizeof *j);
}
