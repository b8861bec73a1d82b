/*
 * registry.c - built-in and external plugins, sorted by name, and the claim matching used to
 * dispatch each file (registry.h).
 */
#include "registry.h"

#include <dirent.h>
#include <dlfcn.h>
#include <stddef.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DFT_PLUGIN(name) extern const dft_plugin dft_plugin_##name;
#include "plugins/plugin_list.h"
#undef DFT_PLUGIN

static const dft_plugin *const builtin_plugins[] = {
#define DFT_PLUGIN(name) &dft_plugin_##name,
#include "plugins/plugin_list.h"
#undef DFT_PLUGIN
};

/* What init() is given (plugin.h). */
struct dft_init {
    dft_registry_entry *entry;
};

const char *dft_init_option(const dft_init *in, const char *key)
{
    (void)in;
    (void)key;
    return NULL;
}

static dft_registry_entry *entries;
static size_t n_entries;
static bool plugins_initialised;

static int append_text(char **text, const char *line)
{
    size_t old = *text ? strlen(*text) : 0;
    char *grown = realloc(*text, old + strlen(line) + 2);
    if (!grown) return dft_error_set(DFT_ENOMEM, "out of memory");
    memcpy(grown + old, line, strlen(line));
    grown[old + strlen(line)] = '\n';
    grown[old + strlen(line) + 1] = '\0';
    *text = grown;
    return DFT_OK;
}

static int add_entry(const dft_plugin *p, bool external, const char *origin, void *dl)
{
    for (size_t i = 0; i < n_entries; i++)
        if (strcmp(entries[i].plugin->name, p->name) == 0)
            return dft_error_set(DFT_EEXISTS, "plugin '%s' from %s: a plugin of that name is already loaded "
                                 "from %s", p->name, origin, entries[i].origin);
    dft_registry_entry *grown = realloc(entries, (n_entries + 1) * sizeof *grown);
    if (!grown) return dft_error_set(DFT_ENOMEM, "out of memory");
    entries = grown;
    dft_registry_entry *e = &entries[n_entries];
    memset(e, 0, sizeof *e);
    e->plugin = p;
    e->external = external;
    e->origin = strdup(origin);
    e->dl_handle = dl;
    e->enabled = true;
    if (!e->origin) return dft_error_set(DFT_ENOMEM, "out of memory");
    n_entries++;
    return DFT_OK;
}

/* A plugin must be coherent before it is accepted: a name, a scan for its access mode. */
static int check_plugin(const dft_plugin *p, const char *origin)
{
    if (p->abi != DFT_PLUGIN_ABI)
        return dft_error_set(DFT_EUNSUPPORTED, "plugin %s refused: ABI version %u, dftriage needs %u",
                             origin, p->abi, DFT_PLUGIN_ABI);
    if (p->struct_size < offsetof(dft_plugin, case_pass) + sizeof p->case_pass)
        return dft_error_set(DFT_EUNSUPPORTED, "plugin %s refused: descriptor of %u bytes, ABI %u needs %zu",
                             origin, p->struct_size, DFT_PLUGIN_ABI,
                             offsetof(dft_plugin, case_pass) + sizeof p->case_pass);
    if (!p->name || !p->name[0] || !p->version)
        return dft_error_set(DFT_EUNSUPPORTED, "plugin %s refused: no name or version", origin);
    if ((p->access & DFT_ACCESS_WHOLE) && !p->scan)
        return dft_error_set(DFT_EUNSUPPORTED, "plugin %s refused: whole-file access without scan()", origin);
    if ((p->access & DFT_ACCESS_STREAM) && (!p->stream_begin || !p->stream_block || !p->stream_end))
        return dft_error_set(DFT_EUNSUPPORTED, "plugin %s refused: stream access without stream callbacks",
                             origin);
    if (!(p->access & (DFT_ACCESS_WHOLE | DFT_ACCESS_STREAM)))
        return dft_error_set(DFT_EUNSUPPORTED, "plugin %s refused: no access mode", origin);
    return DFT_OK;
}

static int by_name(const void *a, const void *b)
{
    const dft_registry_entry *x = a, *y = b;
    return strcmp(x->plugin->name, y->plugin->name);
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void load_one_so(const char *path, char **refusals)
{
    void *dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    char line[1200];
    if (!dl) {
        snprintf(line, sizeof line, "plugin %s refused: %s", path, dlerror());
        append_text(refusals, line);
        return;
    }
    dft_plugin_entry_fn entry = (dft_plugin_entry_fn)(uintptr_t)dlsym(dl, DFT_PLUGIN_ENTRY_SYMBOL);
    const dft_plugin *p = entry ? entry() : NULL;
    int rc = p ? check_plugin(p, path)
               : dft_error_set(DFT_EUNSUPPORTED, "plugin %s refused: no %s() returning a plugin", path,
                               DFT_PLUGIN_ENTRY_SYMBOL);
    if (rc == DFT_OK) rc = add_entry(p, true, path, dl);
    if (rc) {
        snprintf(line, sizeof line, "%s", dft_error_last());
        append_text(refusals, line);
        dlclose(dl);
    }
}

/* Loads the *.so of one directory in name order (deterministic registry). */
static void load_dir(const char *dir, char **refusals)
{
    DIR *d = opendir(dir);
    if (!d) return; /* a missing default directory is normal */
    char **names = NULL;
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (len < 4 || strcmp(de->d_name + len - 3, ".so") != 0) continue;
        char **grown = realloc(names, (n + 1) * sizeof *names);
        if (!grown) break;
        names = grown;
        names[n] = malloc(strlen(dir) + len + 2);
        if (!names[n]) break;
        sprintf(names[n], "%s/%s", dir, de->d_name);
        n++;
    }
    closedir(d);
    qsort(names, n, sizeof *names, by_string);
    for (size_t i = 0; i < n; i++) {
        load_one_so(names[i], refusals);
        free(names[i]);
    }
    free(names);
}

static bool name_in_list(const char *name, const char *list)
{
    size_t n = strlen(name);
    for (const char *p = list; *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == n && strncmp(p, name, n) == 0) return true;
        p += len + (comma ? 1 : 0);
    }
    return false;
}

int dft_registry_load(const char *const *dirs, const char *only, char **refusals)
{
    *refusals = NULL;
    for (size_t i = 0; i < sizeof builtin_plugins / sizeof builtin_plugins[0]; i++) {
        int rc = check_plugin(builtin_plugins[i], builtin_plugins[i]->name);
        if (rc == DFT_OK) rc = add_entry(builtin_plugins[i], false, "built-in", NULL);
        if (rc) return rc; /* a broken built-in is a programming error worth stopping for */
    }
    for (size_t i = 0; dirs && dirs[i]; i++) load_dir(dirs[i], refusals);
    qsort(entries, n_entries, sizeof *entries, by_name);
    if (only) {
        /* every requested name must exist, so a typo does not silently disable a plugin */
        const char *p = only;
        while (*p) {
            const char *comma = strchr(p, ',');
            size_t len = comma ? (size_t)(comma - p) : strlen(p);
            bool found = false;
            for (size_t i = 0; i < n_entries; i++)
                if (strlen(entries[i].plugin->name) == len && strncmp(entries[i].plugin->name, p, len) == 0)
                    found = true;
            if (len && !found)
                return dft_error_set(DFT_ENOTFOUND, "--plugins: no plugin named '%.*s' (see 'dftriage plugins')",
                                     (int)len, p);
            p += len + (comma ? 1 : 0);
        }
        for (size_t i = 0; i < n_entries; i++) entries[i].enabled = name_in_list(entries[i].plugin->name, only);
    }
    return DFT_OK;
}

int dft_registry_add(const dft_plugin *p, const char *origin)
{
    int rc = check_plugin(p, origin);
    if (rc == DFT_OK) rc = add_entry(p, strcmp(origin, "built-in") != 0, origin, NULL);
    if (rc == DFT_OK) qsort(entries, n_entries, sizeof *entries, by_name);
    return rc;
}

int dft_registry_init_plugins(void)
{
    for (size_t i = 0; i < n_entries; i++) {
        dft_registry_entry *e = &entries[i];
        if (!e->enabled || !e->plugin->init) continue;
        dft_init in = { .entry = e };
        int rc = e->plugin->init(&in, &e->state);
        if (rc) {
            /* A plugin that cannot start is disabled, not fatal for the evidence. */
            fprintf(stderr, "dftriage: warning: plugin %s disabled: init failed: %s\n", e->plugin->name,
                    dft_error_last());
            e->enabled = false;
        }
    }
    plugins_initialised = true;
    return DFT_OK;
}

void dft_registry_unload(void)
{
    for (size_t i = 0; i < n_entries; i++) {
        dft_registry_entry *e = &entries[i];
        if (plugins_initialised && e->enabled && e->plugin->fini) e->plugin->fini(e->state);
        if (e->dl_handle) dlclose(e->dl_handle);
        free(e->origin);
    }
    free(entries);
    entries = NULL;
    n_entries = 0;
    plugins_initialised = false;
}

size_t dft_registry_count(void) { return n_entries; }

const dft_registry_entry *dft_registry_at(size_t i) { return i < n_entries ? &entries[i] : NULL; }

static const char *extension_of(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot && dot != name ? dot + 1 : "";
}

/* Does one claim match? Patterns are compared case-insensitively except paths (case matters on
 * Android/iOS file systems, as in ALEAPP's globs). */
static bool claim_matches(const dft_claim *c, const dft_file *f)
{
    const char *dpath = f->device_path ? f->device_path : f->path;
    switch (c->kind) {
    case DFT_CLAIM_MIME: return f->mime && strcasecmp(f->mime, c->pattern) == 0;
    case DFT_CLAIM_NAME: return strcasecmp(f->name, c->pattern) == 0;
    case DFT_CLAIM_EXT: return strcasecmp(extension_of(f->name), c->pattern) == 0;
    case DFT_CLAIM_PATH: return fnmatch(c->pattern, dpath, 0) == 0; /* no FNM_PATHNAME: '*' crosses '/' */
    case DFT_CLAIM_ALL: return f->type == 'r';
    case DFT_CLAIM_DIR: return f->type == 'd' && (!c->pattern || fnmatch(c->pattern, dpath, 0) == 0);
    default: return false;
    }
}

static bool plugin_wants(const dft_plugin *p, const dft_file *f)
{
    if (p->max_size && f->size > p->max_size) return false;
    if (p->claims)
        for (const dft_claim *c = p->claims; c->kind != DFT_CLAIM_END; c++) {
            /* directories are matched by DFT_CLAIM_DIR only, regular files never by it */
            if ((f->type == 'd') != (c->kind == DFT_CLAIM_DIR)) continue;
            if (claim_matches(c, f)) return true;
        }
    return f->type == 'r' && p->wants && p->wants(f);
}

/* Directories go to DFT_CLAIM_DIR claims of whole-access plugins (their scan gets no bytes). */
size_t dft_registry_match(const dft_file *f, size_t *out, size_t cap)
{
    size_t n = 0;
    if (f->type == 'd') {
        for (size_t i = 0; i < n_entries && n < cap; i++)
            if (entries[i].enabled && (entries[i].plugin->access & DFT_ACCESS_WHOLE) &&
                plugin_wants(entries[i].plugin, f))
                out[n++] = i;
        return n;
    }
    if (f->type != 'r') return 0;
    for (size_t i = 0; i < n_entries && n < cap; i++)
        if (entries[i].enabled && plugin_wants(entries[i].plugin, f)) out[n++] = i;
    return n;
}

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

bool dft_registry_keeps(const char *name, const char *device_path)
{
    dft_file f = { .name = name, .path = device_path, .device_path = device_path, .mime = "", .type = 'r' };
    for (size_t i = 0; i < n_entries; i++) {
        const dft_plugin *p = entries[i].plugin;
        if (!entries[i].enabled || !(p->access & DFT_ACCESS_WHOLE)) continue;
        if (is_sibling_of(p, name)) return true;
        if (!p->claims) continue;
        for (const dft_claim *c = p->claims; c->kind != DFT_CLAIM_END; c++)
            if (c->kind != DFT_CLAIM_MIME && c->kind != DFT_CLAIM_ALL && c->kind != DFT_CLAIM_DIR &&
                claim_matches(c, &f))
                return true;
    }
    return false;
}
