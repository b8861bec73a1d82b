/*
 * registry_match.c - which plugins want a file, through tables keyed by claim (registry.h).
 *
 * Built once after the entries change (load, add), read-only afterwards:
 *
 *   by_mime, by_name, by_ext   lower-cased claim pattern -> a sorted list of plugin indexes
 *   paths                      every DFT_CLAIM_PATH claim, in plugin order, with the literal prefix,
 *                              suffix and longest inner run its pattern requires: strncmp, memcmp and
 *                              strstr rule most files out before fnmatch
 *   all                        plugins with DFT_CLAIM_ALL
 *   wants                      plugins with a wants() heuristic (asked only when no claim matched)
 *   unalloc, dir, decoded      plugins with those claims (dft_registry_match_kind; never per file)
 *
 * A file costs three hash look-ups plus the path patterns and wants() of the few plugins that have
 * them, instead of every claim of every plugin (docs/performance.md, "Claim matching"). The answer
 * is the same as the linear test (tests/core/test_registry.c compares them on random claims).
 */
#include "registry_impl.h"

#include <fnmatch.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "strmap.h"

typedef struct idx_list {
    size_t *v;
    size_t n, cap;
} idx_list;

/* A path pattern and what any path it matches must start and end with. Without FNM_PATHNAME or
 * FNM_PERIOD, '*' matches any run of characters, '/' and leading dots included, so the text before
 * the first special character is a required prefix, and, in a pattern without '[' or '\\', the
 * text after the last '*' or '?' a required suffix. */
typedef struct path_claim {
    size_t plugin;
    const char *pattern;
    size_t pre_len;
    const char *suf;     /* NULL: no suffix condition */
    size_t suf_len;
    char mid[64];        /* the longest literal run between wildcards: must occur somewhere ("" = none) */
} path_claim;

/* The longest run of literal characters outside brackets, in a pattern without '\\'. */
static void longest_literal(const char *pattern, char *out, size_t cap)
{
    out[0] = '\0';
    if (strchr(pattern, '\\')) return;
    size_t best = 0;
    for (const char *p = pattern; *p;) {
        if (*p == '[') { /* skip the bracket expression: "[]...]" and "[!]...]" start with a literal ']' */
            const char *q = p + 1;
            if (*q == '!' || *q == '^') q++;
            if (*q == ']') q++;
            while (*q && *q != ']') q++;
            if (!*q) return; /* an unclosed '[' is a literal to fnmatch: give up on the filter */
            p = q + 1;
            continue;
        }
        if (*p == '*' || *p == '?') {
            p++;
            continue;
        }
        size_t n = strcspn(p, "*?[");
        if (n > best && n < cap) {
            memcpy(out, p, n);
            out[n] = '\0';
            best = n;
        }
        p += n;
    }
}

static struct {
    dft_strmap *by_mime, *by_name, *by_ext;
    idx_list *lists;
    size_t n_lists;
    idx_list all, wants, unalloc, dir, decoded;
    path_claim *paths;
    size_t n_paths;
} T;

static int path_add(const char *pattern, size_t plugin)
{
    path_claim *grown = realloc(T.paths, (T.n_paths + 1) * sizeof *grown);
    if (!grown) return dft_error_set(DFT_ENOMEM, "out of memory for the claim tables");
    T.paths = grown;
    path_claim *c = &T.paths[T.n_paths++];
    *c = (path_claim){ .plugin = plugin, .pattern = pattern, .pre_len = strcspn(pattern, "*?[\\") };
    if (!strpbrk(pattern, "[\\")) {
        const char *last = NULL;
        for (const char *p = pattern; *p; p++)
            if (*p == '*' || *p == '?') last = p;
        c->suf = last ? last + 1 : pattern + strlen(pattern);
        c->suf_len = strlen(c->suf);
    }
    longest_literal(pattern, c->mid, sizeof c->mid);
    return DFT_OK;
}

static bool path_matches(const path_claim *c, const char *dpath, size_t len)
{
    if (strncmp(dpath, c->pattern, c->pre_len) != 0) return false;
    if (c->suf && (len < c->pre_len + c->suf_len || memcmp(dpath + len - c->suf_len, c->suf, c->suf_len) != 0))
        return false;
    if (c->mid[0] && !strstr(dpath, c->mid)) return false;
    return fnmatch(c->pattern, dpath, 0) == 0; /* no FNM_PATHNAME: '*' crosses '/'; case matters */
}

static int list_add(idx_list *l, size_t i)
{
    if (l->n && l->v[l->n - 1] == i) return DFT_OK; /* entries come in index order: no duplicates */
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 4;
        size_t *grown = realloc(l->v, cap * sizeof *grown);
        if (!grown) return dft_error_set(DFT_ENOMEM, "out of memory for the claim tables");
        l->v = grown;
        l->cap = cap;
    }
    l->v[l->n++] = i;
    return DFT_OK;
}

/* ASCII lower case into buf (cap bytes), or NULL when it does not fit. */
static const char *lower(char *buf, size_t cap, const char *s)
{
    size_t n = strlen(s);
    if (n >= cap) return NULL;
    for (size_t i = 0; i <= n; i++) buf[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
    return buf;
}

static int keyed_add(dft_strmap *m, const char *pattern, size_t plugin)
{
    char buf[1024];
    const char *key = pattern ? lower(buf, sizeof buf, pattern) : NULL;
    if (!key) return DFT_OK; /* no pattern, or longer than any name: can never match */
    int64_t li;
    if (dft_strmap_get(m, key, &li) != DFT_OK) {
        idx_list *grown = realloc(T.lists, (T.n_lists + 1) * sizeof *grown);
        if (!grown) return dft_error_set(DFT_ENOMEM, "out of memory for the claim tables");
        T.lists = grown;
        T.lists[T.n_lists] = (idx_list){ 0 };
        li = (int64_t)T.n_lists++;
        int rc = dft_strmap_put(m, key, li);
        if (rc) return rc;
    }
    return list_add(&T.lists[li], plugin);
}

void registry_tables_free(void)
{
    dft_strmap_free(T.by_mime);
    dft_strmap_free(T.by_name);
    dft_strmap_free(T.by_ext);
    for (size_t i = 0; i < T.n_lists; i++) free(T.lists[i].v);
    free(T.lists);
    free(T.paths);
    idx_list *plain[] = { &T.all, &T.wants, &T.unalloc, &T.dir, &T.decoded };
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) free(plain[i]->v);
    memset(&T, 0, sizeof T);
}

static int add_claim(const dft_claim *c, size_t i)
{
    switch (c->kind) {
    case DFT_CLAIM_MIME: return keyed_add(T.by_mime, c->pattern, i);
    case DFT_CLAIM_NAME: return keyed_add(T.by_name, c->pattern, i);
    case DFT_CLAIM_EXT: return keyed_add(T.by_ext, c->pattern, i);
    case DFT_CLAIM_PATH: return c->pattern ? path_add(c->pattern, i) : DFT_OK;
    case DFT_CLAIM_ALL: return list_add(&T.all, i);
    case DFT_CLAIM_UNALLOC: return list_add(&T.unalloc, i);
    case DFT_CLAIM_DIR: return list_add(&T.dir, i);
    case DFT_CLAIM_DECODED: return list_add(&T.decoded, i);
    default: return DFT_OK;
    }
}

int registry_tables_build(void)
{
    registry_tables_free();
    size_t n;
    dft_registry_entry *e = registry_entries(&n);
    int rc = dft_strmap_new(&T.by_mime);
    if (rc == DFT_OK) rc = dft_strmap_new(&T.by_name);
    if (rc == DFT_OK) rc = dft_strmap_new(&T.by_ext);
    for (size_t i = 0; rc == DFT_OK && i < n; i++) {
        const dft_plugin *p = e[i].plugin;
        for (const dft_claim *c = p->claims; rc == DFT_OK && c && c->kind != DFT_CLAIM_END; c++)
            rc = add_claim(c, i);
        if (rc == DFT_OK && p->wants) rc = list_add(&T.wants, i);
    }
    if (rc) registry_tables_free();
    return rc;
}

/* ---- candidate sets --------------------------------------------------------------------------- */

/* A growable set of plugin indexes, on the stack while small. */
typedef struct cand {
    size_t local[128];
    size_t *v;
    size_t n, cap;
    bool failed;
} cand;

static void cand_init(cand *c)
{
    c->v = c->local;
    c->n = 0;
    c->cap = sizeof c->local / sizeof c->local[0];
    c->failed = false;
}

static void cand_add(cand *c, size_t i)
{
    if (c->n == c->cap) {
        size_t cap = c->cap * 2;
        size_t *grown = c->v == c->local ? malloc(cap * sizeof *grown) : realloc(c->v, cap * sizeof *grown);
        if (!grown) {
            c->failed = true; /* reported by the caller: never a silent drop */
            return;
        }
        if (c->v == c->local) memcpy(grown, c->local, sizeof c->local);
        c->v = grown;
        c->cap = cap;
    }
    c->v[c->n++] = i;
}

static void cand_add_list(cand *c, const idx_list *l)
{
    for (size_t k = 0; k < l->n; k++) cand_add(c, l->v[k]);
}

static void cand_add_keyed(cand *c, const dft_strmap *m, const char *key)
{
    char buf[1024];
    int64_t li;
    const char *k = key ? lower(buf, sizeof buf, key) : NULL;
    if (k && m && dft_strmap_get(m, k, &li) == DFT_OK) cand_add_list(c, &T.lists[li]);
}

static int by_index(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* Sorts and removes duplicates. */
static void cand_sort(cand *c)
{
    if (c->n < 2) return;
    if (c->n <= 32) { /* the usual handful: insertion sort, no call per comparison */
        for (size_t i = 1; i < c->n; i++) {
            size_t x = c->v[i], j = i;
            for (; j > 0 && c->v[j - 1] > x; j--) c->v[j] = c->v[j - 1];
            c->v[j] = x;
        }
    } else {
        qsort(c->v, c->n, sizeof *c->v, by_index);
    }
    size_t w = 1;
    for (size_t r = 1; r < c->n; r++)
        if (c->v[r] != c->v[w - 1]) c->v[w++] = c->v[r];
    c->n = w;
}

static bool cand_has(const cand *c, size_t i)
{
    return bsearch(&i, c->v, c->n, sizeof *c->v, by_index) != NULL;
}

static void cand_free(cand *c)
{
    if (c->v != c->local) free(c->v);
}

/* ---- per-file match --------------------------------------------------------------------------- */

static const char *extension_of(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot && dot != name ? dot + 1 : "";
}


static bool offered(const dft_registry_entry *e, const dft_file *f)
{
    return e->enabled && !(e->plugin->max_size && f->size > e->plugin->max_size);
}

/* Copies the offered candidates to out (at most cap) and returns how many there are. */
static size_t emit(const cand *c, const dft_registry_entry *e, const dft_file *f, size_t *out, size_t cap)
{
    size_t n = 0;
    for (size_t k = 0; k < c->n; k++) {
        if (!offered(&e[c->v[k]], f)) continue;
        if (n < cap) out[n] = c->v[k];
        n++;
    }
    return n;
}

/* A directory: the whole-access plugins whose DFT_CLAIM_DIR claims match its device path. */
static size_t match_dir(const dft_registry_entry *e, const dft_file *f, const char *dpath, size_t *out, size_t cap)
{
    size_t n = 0;
    for (size_t k = 0; k < T.dir.n; k++) {
        const dft_registry_entry *en = &e[T.dir.v[k]];
        if (!offered(en, f) || !(en->plugin->access & DFT_ACCESS_WHOLE)) continue;
        bool match = false;
        for (const dft_claim *c = en->plugin->claims; !match && c && c->kind != DFT_CLAIM_END; c++)
            match = c->kind == DFT_CLAIM_DIR && (!c->pattern || fnmatch(c->pattern, dpath, 0) == 0);
        if (!match) continue;
        if (n < cap) out[n] = T.dir.v[k];
        n++;
    }
    return n;
}

size_t dft_registry_match(const dft_file *f, size_t *out, size_t cap)
{
    size_t n_entries;
    const dft_registry_entry *e = registry_entries(&n_entries);
    if (!n_entries || !T.by_name) return 0;
    if (f->type == 'd')
        return match_dir(e, f, f->device_path ? f->device_path : f->path ? f->path : "", out, cap);
    if (f->type != 'r') return 0;
    const char *name = f->name ? f->name : "";
    const char *dpath = f->device_path ? f->device_path : f->path ? f->path : "";
    cand c;
    cand_init(&c);
    if (f->mime) cand_add_keyed(&c, T.by_mime, f->mime);
    cand_add_keyed(&c, T.by_name, name);
    cand_add_keyed(&c, T.by_ext, extension_of(name));
    cand_add_list(&c, &T.all);
    size_t dlen = strlen(dpath), last = SIZE_MAX;
    for (size_t k = 0; k < T.n_paths; k++) {
        const path_claim *pc = &T.paths[k];
        if (pc->plugin == last || !offered(&e[pc->plugin], f)) continue; /* already matched, or not offered */
        if (path_matches(pc, dpath, dlen)) cand_add(&c, last = pc->plugin);
    }
    cand_sort(&c);
    size_t claimed = c.n;
    for (size_t k = 0; k < T.wants.n; k++) {
        size_t i = T.wants.v[k];
        if (offered(&e[i], f) && !cand_has(&c, i) && e[i].plugin->wants(f)) cand_add(&c, i);
    }
    /* bsearch above needs the claimed part sorted; the wants() part joins it now */
    if (c.n > claimed) cand_sort(&c);
    if (c.failed) dft_error_set(DFT_ENOMEM, "out of memory matching %s: some plugins were not offered it", name);
    size_t n = emit(&c, e, f, out, cap);
    cand_free(&c);
    return n;
}

size_t dft_registry_match_kind(int claim_kind, const char *subject, size_t *out, size_t cap)
{
    size_t n_entries;
    const dft_registry_entry *e = registry_entries(&n_entries);
    const idx_list *l = claim_kind == DFT_CLAIM_UNALLOC ? &T.unalloc : claim_kind == DFT_CLAIM_DIR ? &T.dir
                      : claim_kind == DFT_CLAIM_DECODED ? &T.decoded : claim_kind == DFT_CLAIM_ALL ? &T.all : NULL;
    size_t n = 0;
    for (size_t k = 0; l && k < l->n; k++) {
        const dft_registry_entry *en = &e[l->v[k]];
        if (!en->enabled) continue;
        bool match = claim_kind == DFT_CLAIM_UNALLOC || claim_kind == DFT_CLAIM_ALL;
        for (const dft_claim *c = en->plugin->claims; !match && c && c->kind != DFT_CLAIM_END; c++) {
            if (c->kind != claim_kind) continue;
            if (!c->pattern) match = true;
            else if (subject && claim_kind == DFT_CLAIM_DIR) match = fnmatch(c->pattern, subject, 0) == 0;
            else if (subject) match = fnmatch(c->pattern, subject, FNM_CASEFOLD) == 0;
        }
        if (!match) continue;
        if (n < cap) out[n] = l->v[k];
        n++;
    }
    return n;
}

/* ---- members a sequential container keeps ------------------------------------------------------ */

static bool is_sibling_of(const dft_plugin *p, const char *name)
{
    if (!p->siblings) return false;
    for (const char *const *s = p->siblings; *s; s++) {
        if ((*s)[0] == '-') {
            size_t ln = strlen(name), ls = strlen(*s);
            if (ln > ls && strcmp(name + ln - ls, *s) == 0) return true;
        } else if (strcasecmp(name, *s) == 0) {
            return true;
        }
    }
    return false;
}

static bool keeps_whole(const dft_registry_entry *e, size_t i)
{
    return e[i].enabled && (e[i].plugin->access & DFT_ACCESS_WHOLE);
}

bool dft_registry_keeps(const char *name, const char *device_path)
{
    size_t n_entries;
    const dft_registry_entry *e = registry_entries(&n_entries);
    for (size_t i = 0; i < n_entries; i++)
        if (keeps_whole(e, i) && is_sibling_of(e[i].plugin, name)) return true;
    if (!T.by_name) return false;
    /* claims by name, extension and path pattern; a member's MIME type is not known yet */
    cand c;
    cand_init(&c);
    cand_add_keyed(&c, T.by_name, name);
    cand_add_keyed(&c, T.by_ext, extension_of(name));
    bool keep = false;
    for (size_t k = 0; k < c.n && !keep; k++) keep = keeps_whole(e, c.v[k]);
    size_t dlen = strlen(device_path);
    for (size_t k = 0; k < T.n_paths && !keep; k++)
        keep = keeps_whole(e, T.paths[k].plugin) && path_matches(&T.paths[k], device_path, dlen);
    cand_free(&c);
    return keep;
}
