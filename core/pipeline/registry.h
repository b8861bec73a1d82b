/*
 * registry.h - the plugin registry: built-ins from plugins/plugin_list.h, external .so plugins from
 * plugin directories, and the claim tables used to dispatch files to plugins.
 *
 * Invariants:
 *  1. Built once at startup (dft_registry_load), read-only afterwards, so every thread may query it.
 *  2. Plugins are kept sorted by name; dispatch returns them in that order (deterministic output).
 *  3. Dispatch order of tests per plugin: exact MIME, exact name, extension, path pattern, then wants().
 */
#ifndef DFT_REGISTRY_H
#define DFT_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

#include "plugin.h"

typedef struct dft_registry_entry {
    const dft_plugin *plugin;
    bool external;
    char *origin;        /* "built-in" or the .so path */
    void *dl_handle;     /* dlopen handle, NULL for built-ins */
    void *state;         /* from init() */
    bool enabled;
} dft_registry_entry;

/* Loads built-ins and the .so files in each directory of dirs (NULL-terminated, may be NULL).
 * A plugin with a different ABI is refused: its one-line reason goes to *refusals (caller frees
 * with free()), and loading continues. only: comma-separated names to enable, NULL = all. */
int dft_registry_load(const char *const *dirs, const char *only, char **refusals);
void dft_registry_unload(void);

/* Adds one more plugin after load (embedding programs, tests); origin "built-in" or a path.
 * Refused like an external plugin when incoherent or its name is taken. */
int dft_registry_add(const dft_plugin *p, const char *origin);

/* Calls init() of every enabled plugin; fini on unload. */
int dft_registry_init_plugins(void);

size_t dft_registry_count(void);
const dft_registry_entry *dft_registry_at(size_t i);

/* Fills out[] with the indexes of enabled plugins that want f (by name order); returns the count. */
size_t dft_registry_match(const dft_file *f, size_t *out, size_t cap);

/* True when some enabled WHOLE-access plugin claims this name/path, or declares it as a sibling
 * ("msgstore.db-wal", "wa.db"). Sequential containers keep such members for sibling lookups. */
bool dft_registry_keeps(const char *name, const char *device_path);

#endif
