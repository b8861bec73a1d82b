/*
 * cmd_plugins.c - `dftriage plugins [--plugin-dir DIR]...`: lists every plugin the registry loads
 * (name, version, built-in or the .so it came from, description, claims) and why any was refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "ingest_opts.h"
#include "registry.h"

static const char *claim_kind_name(int kind)
{
    switch (kind) {
    case DFT_CLAIM_MIME: return "mime";
    case DFT_CLAIM_NAME: return "name";
    case DFT_CLAIM_PATH: return "path";
    case DFT_CLAIM_EXT: return "ext";
    case DFT_CLAIM_ALL: return "all";
    case DFT_CLAIM_DIR: return "dir";
    default: return "?";
    }
}

int dft_cmd_plugins(int argc, char **argv)
{
    const char *dirs[DFT_MAX_PLUGIN_DIRS + 3];
    int n = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--plugin-dir") == 0 && i + 1 < argc && n < DFT_MAX_PLUGIN_DIRS) {
            dirs[n++] = argv[++i];
        } else {
            fprintf(stderr, "usage: dftriage plugins [--plugin-dir DIR]...\n");
            return 2;
        }
    }
    dft_plugin_dirs_add_defaults(dirs, &n, DFT_MAX_PLUGIN_DIRS + 2);
    char *refusals = NULL;
    if (dft_registry_load(dirs, NULL, &refusals)) {
        fprintf(stderr, "dftriage: error: %s\n", dft_error_last());
        free(refusals);
        return 1;
    }
    printf("%-20s %-9s %-9s %s\n", "NAME", "VERSION", "ORIGIN", "DESCRIPTION");
    for (size_t i = 0; i < dft_registry_count(); i++) {
        const dft_registry_entry *e = dft_registry_at(i);
        printf("%-20s %-9s %-9s %s\n", e->plugin->name, e->plugin->version, e->external ? "external" : "built-in",
               e->plugin->description ? e->plugin->description : "");
        if (e->external) printf("%-20s %-9s %-9s from %s\n", "", "", "", e->origin);
        if (e->plugin->claims) {
            printf("%-20s %-9s %-9s claims:", "", "", "");
            for (const dft_claim *c = e->plugin->claims; c->kind != DFT_CLAIM_END; c++)
                printf(" %s=%s", claim_kind_name(c->kind), c->pattern ? c->pattern : "*");
            printf("\n");
        }
    }
    if (refusals) fprintf(stderr, "%s", refusals);
    free(refusals);
    dft_registry_unload();
    return 0;
}
