/*
 * registry_options.c - plugin options (--plugin-opt NAME.KEY=VALUE, --plugin-opts FILE), the data
 * files plugins report from init(), and the runs.plugins JSON that records both (registry.h).
 *
 * Secret options (DFT_OPTION_SECRET) are handed to their plugin and nowhere else: error messages name
 * NAME.KEY only, the recorded command line carries "<secret sha256:HEX>" (dft_registry_redact_assignment),
 * runs.plugins carries {"supplied":true,"sha256":HEX}, and the value is wiped before it is freed.
 */
#include "registry_impl.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hash.h"

#ifndef DFT_SOURCE_PLUGINS_DIR
#define DFT_SOURCE_PLUGINS_DIR ""
#endif

static void wipe_free(char *s)
{
    if (!s) return;
    volatile char *v = s;
    while (*v) *v++ = '\0';
    free(s);
}

int registry_entry_options_new(dft_registry_entry *e)
{
    e->n_options = 0;
    for (const dft_option *o = e->plugin->options; o && o->key; o++) e->n_options++;
    e->option_values = e->n_options ? calloc(e->n_options, sizeof *e->option_values) : NULL;
    return e->n_options && !e->option_values ? DFT_ENOMEM : DFT_OK;
}

void registry_entry_options_free(dft_registry_entry *e)
{
    for (size_t i = 0; i < e->n_options && e->option_values; i++) wipe_free(e->option_values[i]);
    free(e->option_values);
    e->option_values = NULL;
    for (size_t i = 0; i < e->n_data; i++) {
        free(e->data[i].name);
        free(e->data[i].version);
    }
    free(e->data);
    e->data = NULL;
    e->n_data = 0;
    free(e->data_dir);
    e->data_dir = NULL;
}

static long option_index(const dft_registry_entry *e, const char *key, size_t key_len)
{
    for (size_t i = 0; i < e->n_options; i++)
        if (strlen(e->plugin->options[i].key) == key_len && strncmp(e->plugin->options[i].key, key, key_len) == 0)
            return (long)i;
    return -1;
}

const char *dft_registry_option(const dft_registry_entry *e, const char *key)
{
    long i = e && key ? option_index(e, key, strlen(key)) : -1;
    if (i < 0) return NULL;
    return e->option_values[i] ? e->option_values[i] : e->plugin->options[i].default_value;
}

/* Splits "NAME.KEY=VALUE": the entry and option index, or an error naming what is wrong (where is
 * "--plugin-opt" or "FILE:LINE"). Never puts the value in a message. */
static int parse_assignment(const char *where, const char *a, dft_registry_entry **out_e, long *out_i,
                            const char **out_value)
{
    const char *dot = strchr(a, '.'), *eq = strchr(a, '=');
    if (!dot || !eq || dot > eq || dot == a || eq == dot + 1) {
        /* echo no more than the plugin name: without a '=' the rest may be a key typed by mistake */
        size_t n = strcspn(a, ".=");
        return dft_error_set(DFT_ERROR, "%s: expected NAME.KEY=VALUE, got '%.*s...'", where, (int)(n > 40 ? 40 : n), a);
    }
    size_t n;
    dft_registry_entry *entries = registry_entries(&n), *e = NULL;
    for (size_t i = 0; i < n && !e; i++)
        if (strlen(entries[i].plugin->name) == (size_t)(dot - a) &&
            strncmp(entries[i].plugin->name, a, (size_t)(dot - a)) == 0)
            e = &entries[i];
    if (!e)
        return dft_error_set(DFT_ENOTFOUND, "%s: no plugin named '%.*s' (see 'dftriage plugins')", where,
                             (int)(dot - a), a);
    long i = option_index(e, dot + 1, (size_t)(eq - dot - 1));
    if (i < 0)
        return dft_error_set(DFT_ENOTFOUND, "%s: plugin %s has no option '%.*s' (see 'dftriage plugins')", where,
                             e->plugin->name, (int)(eq - dot - 1), dot + 1);
    *out_e = e;
    *out_i = i;
    *out_value = eq + 1;
    return DFT_OK;
}

static int set_assignment(const char *where, const char *a, bool check_only)
{
    dft_registry_entry *e;
    long i;
    const char *value;
    int rc = parse_assignment(where, a, &e, &i, &value);
    if (rc || check_only) return rc;
    char *copy = strdup(value);
    if (!copy) return dft_error_set(DFT_ENOMEM, "out of memory");
    wipe_free(e->option_values[i]);
    e->option_values[i] = copy;
    return DFT_OK;
}

static int apply_file(const char *path, bool check_only)
{
    FILE *f = fopen(path, "r");
    if (!f) return dft_error_set(DFT_EIO, "--plugin-opts %s: %s", path, strerror(errno));
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int rc = DFT_OK;
    for (unsigned no = 1; rc == DFT_OK && (len = getline(&line, &cap, f)) >= 0; no++) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r' || line[len - 1] == ' ' ||
                           line[len - 1] == '\t'))
            line[--len] = '\0';
        char *s = line;
        while (*s == ' ' || *s == '\t') s++;
        if (!*s || *s == '#') continue;
        char where[PATH_MAX + 32];
        snprintf(where, sizeof where, "%s:%u", path, no);
        rc = set_assignment(where, s, check_only);
    }
    if (rc == DFT_OK && ferror(f)) rc = dft_error_set(DFT_EIO, "--plugin-opts %s: read error", path);
    if (line) {
        memset(line, 0, cap); /* the file may hold keys */
        free(line);
    }
    fclose(f);
    return rc;
}

int dft_registry_apply_options(const char *const *files, const char *const *assignments)
{
    /* all or nothing: everything is checked before the first value is set */
    for (int check_only = 1; check_only >= 0; check_only--) {
        for (size_t i = 0; files && files[i]; i++) {
            int rc = apply_file(files[i], check_only);
            if (rc) return rc;
        }
        for (size_t i = 0; assignments && assignments[i]; i++) {
            int rc = set_assignment("--plugin-opt", assignments[i], check_only);
            if (rc) return rc;
        }
    }
    return DFT_OK;
}

char *dft_registry_redact_assignment(const char *a)
{
    dft_registry_entry *e;
    long i;
    const char *value;
    if (parse_assignment("", a, &e, &i, &value) || !(e->plugin->options[i].flags & DFT_OPTION_SECRET)) {
        dft_error_clear();
        return NULL;
    }
    char hex[65];
    dft_sha256_hex(hex, value, strlen(value));
    size_t head = (size_t)(value - a);
    size_t len = head + sizeof "<secret sha256:>" + 64;
    char *out = malloc(len);
    if (!out) return NULL;
    snprintf(out, len, "%.*s<secret sha256:%s>", (int)head, a, hex);
    return out;
}

/* ---- init(): options, data directory, data versions --------------------------------------------- */

const char *dft_init_option(const dft_init *in, const char *key)
{
    return in ? dft_registry_option(in->entry, key) : NULL;
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *dft_init_data_dir(const dft_init *in)
{
    dft_registry_entry *e = in->entry;
    if (e->data_dir) return e->data_dir;
    const char *name = e->plugin->name;
    char path[PATH_MAX + 256];
    const char *env = getenv("DFTRIAGE_DATA_DIR");
    if (env && env[0]) {
        /* an explicit choice is used as given, so a missing directory shows in the plugin's error */
        snprintf(path, sizeof path, "%s/%s", env, name);
        e->data_dir = strdup(path);
        return e->data_dir;
    }
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) *slash = '\0';
        snprintf(path, sizeof path, "%s/../share/dftriage/%s", exe, name);
        if (is_dir(path)) return e->data_dir = strdup(path);
    }
    if (DFT_SOURCE_PLUGINS_DIR[0]) {
        snprintf(path, sizeof path, "%s/%s/data", DFT_SOURCE_PLUGINS_DIR, name);
        if (is_dir(path)) return e->data_dir = strdup(path);
    }
    dft_error_set(DFT_ENOTFOUND, "plugin %s: no data directory ($DFTRIAGE_DATA_DIR/%s, <bin>/../share/dftriage/%s, "
                  "plugins/%s/data)", name, name, name, name);
    return NULL;
}

int dft_init_data_version(dft_init *in, const char *name, const char *version, const void *bytes, size_t len)
{
    if (!in || !name || (!bytes && len))
        return dft_error_set(DFT_ERROR, "dft_init_data_version: no name or no bytes");
    dft_registry_entry *e = in->entry;
    dft_data_version *d = NULL;
    for (size_t i = 0; i < e->n_data && !d; i++)
        if (strcmp(e->data[i].name, name) == 0) d = &e->data[i]; /* recorded again: the last one counts */
    if (!d) {
        dft_data_version *grown = realloc(e->data, (e->n_data + 1) * sizeof *grown);
        if (!grown) return dft_error_set(DFT_ENOMEM, "out of memory");
        e->data = grown;
        d = &e->data[e->n_data];
        *d = (dft_data_version){ .name = strdup(name) };
        if (!d->name) return dft_error_set(DFT_ENOMEM, "out of memory");
        e->n_data++;
    }
    free(d->version);
    d->version = version ? strdup(version) : NULL;
    if (version && !d->version) return dft_error_set(DFT_ENOMEM, "out of memory");
    dft_sha256_hex(d->sha256, bytes ? bytes : "", len);
    return DFT_OK;
}

/* ---- runs.plugins ------------------------------------------------------------------------------ */

/* A JSON string, or for bytes that are not UTF-8 (a value typed in a legacy code page) an object
 * with their hex, so that nothing given is left out of the record. */
static json_t *text_json(const char *s)
{
    json_t *j = json_string(s);
    if (j) return j;
    size_t n = strlen(s);
    char *hex = malloc(2 * n + 1);
    if (!hex) return json_null();
    dft_hex(hex, (const uint8_t *)s, n);
    j = json_pack("{s:s}", "hex", hex);
    free(hex);
    return j;
}

static json_t *options_json(const dft_registry_entry *e)
{
    json_t *o = json_object();
    for (size_t i = 0; i < e->n_options; i++) {
        const dft_option *opt = &e->plugin->options[i];
        const char *v = e->option_values[i] ? e->option_values[i] : opt->default_value;
        json_t *val;
        if (opt->flags & DFT_OPTION_SECRET) {
            val = json_object();
            json_object_set_new(val, "supplied", json_boolean(e->option_values[i] != NULL));
            if (v) {
                char hex[65];
                dft_sha256_hex(hex, v, strlen(v));
                json_object_set_new(val, "sha256", json_string(hex));
            }
        } else {
            val = v ? text_json(v) : json_null();
        }
        json_object_set_new(o, opt->key, val);
    }
    return o;
}

char *dft_registry_plugins_json(void)
{
    size_t n;
    const dft_registry_entry *entries = registry_entries(&n);
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        const dft_registry_entry *e = &entries[i];
        if (!e->enabled) continue;
        json_t *p = json_object();
        json_object_set_new(p, "name", json_string(e->plugin->name));
        json_object_set_new(p, "version", json_string(e->plugin->version));
        json_object_set_new(p, "origin", text_json(e->origin));
        json_object_set_new(p, "options", options_json(e));
        json_t *data = json_array();
        for (size_t k = 0; k < e->n_data; k++) {
            json_t *d = json_object();
            json_object_set_new(d, "name", text_json(e->data[k].name));
            json_object_set_new(d, "version", e->data[k].version ? text_json(e->data[k].version) : json_null());
            json_object_set_new(d, "sha256", json_string(e->data[k].sha256));
            json_array_append_new(data, d);
        }
        json_object_set_new(p, "data", data);
        if (e->data_dir) json_object_set_new(p, "data_dir", text_json(e->data_dir));
        json_array_append_new(a, p);
    }
    char *s = json_dumps(a, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(a);
    return s;
}
