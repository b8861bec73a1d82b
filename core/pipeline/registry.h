/*
 * registry.h - the plugin registry: built-ins from plugins/plugin_list.h, external .so plugins from
 * plugin directories, their options and data files, and the claim tables used to dispatch files to
 * plugins.
 *
 * Invariants:
 *  1. Built once at startup (dft_registry_load, dft_registry_add, dft_registry_apply_options,
 *     dft_registry_init_plugins, in that order, on one thread), read-only afterwards, so every
 *     thread may query it.
 *  2. Plugins are kept sorted by name; every match returns them in that order (deterministic output).
 *  3. A plugin matches a file when one of its claims does (exact MIME, exact name, extension, path
 *     pattern, DFT_CLAIM_ALL), else when its wants() says so. The keyed tables (registry_match.c)
 *     give the same answer as testing every claim of every plugin, without doing it.
 *  4. No fixed cap: match functions return the full count, and fill at most cap indexes.
 *  5. A secret option's value is handed to its plugin only (dft_init_option, dft_scan_option); it is
 *     never printed, and what the case records is its SHA-256 (dft_registry_plugins_json).
 */
#ifndef DFT_REGISTRY_H
#define DFT_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

#include "plugin.h"

/* A data file a plugin reported with dft_init_data_version(). */
typedef struct dft_data_version {
    char *name, *version;
    char sha256[65];
} dft_data_version;

typedef struct dft_registry_entry {
    const dft_plugin *plugin;
    bool external;
    char *origin;        /* "built-in" or the .so path */
    void *dl_handle;     /* dlopen handle, NULL for built-ins */
    void *state;         /* from init() */
    bool enabled;
    size_t n_options;    /* options the plugin declares */
    char **option_values;/* [n_options]: set with --plugin-opt, or NULL (then the default applies) */
    dft_data_version *data;
    size_t n_data;
    char *data_dir;      /* resolved on the first dft_init_data_dir() */
} dft_registry_entry;

/* Loads built-ins and the .so files in each directory of dirs (NULL-terminated, may be NULL).
 * A plugin with a different ABI, a too-small descriptor or a symbol outside the plugin API is
 * refused: its one-line reason goes to *refusals (caller frees with free()), and loading continues.
 * only: comma-separated names to enable, NULL = all. */
int dft_registry_load(const char *const *dirs, const char *only, char **refusals);
void dft_registry_unload(void);

/* Adds one more plugin after load (embedding programs, tests); origin "built-in" or a path.
 * Refused like an external plugin when incoherent or its name is taken. */
int dft_registry_add(const dft_plugin *p, const char *origin);

/* Calls init() of every enabled plugin; fini on unload. */
int dft_registry_init_plugins(void);

size_t dft_registry_count(void);
const dft_registry_entry *dft_registry_at(size_t i);
/* The index of an entry returned by dft_registry_at. */
size_t dft_registry_index_of(const dft_registry_entry *e);

/* ---- Matching (registry_match.c) -------------------------------------------------------------- */

/* The enabled plugins that want file f, in name order: fills out[] with at most cap indexes and
 * returns how many there are (call again with a larger out when the result exceeds cap). A regular
 * file goes by its MIME/name/extension/path/ALL claims, then wants(); a directory ('d') only to
 * whole-access plugins whose DFT_CLAIM_DIR claims match its device path; anything else to none.
 * UNALLOC and DECODED claims play no part here (dft_registry_match_kind). */
size_t dft_registry_match(const dft_file *f, size_t *out, size_t cap);

/* The enabled plugins holding a claim of one kind, in name order, filled and counted as above:
 *   DFT_CLAIM_UNALLOC  every plugin with an UNALLOC claim (subject ignored);
 *   DFT_CLAIM_DIR      DIR claims whose pattern matches the directory's device path subject
 *                      (fnmatch, '*' crosses '/'), or that have no pattern;
 *   DFT_CLAIM_DECODED  DECODED claims whose pattern matches the decoded content's name subject
 *                      (fnmatch, case-insensitive), or that have no pattern; a NULL subject matches
 *                      pattern-less claims only;
 *   DFT_CLAIM_ALL      every plugin with an ALL claim (streaming scanners of decoded content).
 * Any other kind gives 0. */
size_t dft_registry_match_kind(int claim_kind, const char *subject, size_t *out, size_t cap);

/* True when some enabled WHOLE-access plugin claims this name/path, or declares it as a sibling
 * ("msgstore.db-wal", "wa.db"). Sequential containers keep such members for sibling lookups. */
bool dft_registry_keeps(const char *name, const char *device_path);

/* ---- Options and data files (registry_options.c) ---------------------------------------------- */

/* Applies option files first (lines NAME.KEY=VALUE, '#' comments, blank lines), then the
 * assignments (NAME.KEY=VALUE); a later value replaces an earlier one. Both lists are
 * NULL-terminated and may be NULL. A plugin that was not loaded, an undeclared key or a malformed
 * line is refused with one line naming it (never the value), and then nothing is set. Call after
 * load, before init. */
int dft_registry_apply_options(const char *const *files, const char *const *assignments);

/* The value of a declared option of e: set, else its default, else NULL. */
const char *dft_registry_option(const dft_registry_entry *e, const char *key);

/* When assignment ("NAME.KEY=VALUE") sets a secret option: a malloc'd copy with the value replaced
 * by "<secret sha256:HEX>" (caller frees); else NULL. For the recorded command line. */
char *dft_registry_redact_assignment(const char *assignment);

/* runs.plugins: a JSON array, in name order, of the enabled plugins, each {name, version, origin,
 * options: {key: value | null | {"supplied":bool[,"sha256":hex]}}, data: [{name, version, sha256}],
 * data_dir (when asked for)}. Malloc'd text (free()), or NULL when out of memory. */
char *dft_registry_plugins_json(void);

#endif
