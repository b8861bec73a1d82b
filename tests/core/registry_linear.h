/*
 * registry_linear.h - the registry's claim matching as it was before the keyed tables: every claim of
 * every plugin tested per file. The reference that test_registry.c and bench/registry_bench.c compare
 * the keyed tables (core/pipeline/registry_match.c) with.
 */
#ifndef DFT_REGISTRY_LINEAR_H
#define DFT_REGISTRY_LINEAR_H

#include <fnmatch.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "registry.h"

static inline const char *linear_extension_of(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot && dot != name ? dot + 1 : "";
}

static inline bool linear_claim(const dft_claim *c, const dft_file *f)
{
    const char *dpath = f->device_path ? f->device_path : f->path;
    switch (c->kind) {
    case DFT_CLAIM_MIME: return f->mime && strcasecmp(f->mime, c->pattern) == 0;
    case DFT_CLAIM_NAME: return strcasecmp(f->name, c->pattern) == 0;
    case DFT_CLAIM_EXT: return strcasecmp(linear_extension_of(f->name), c->pattern) == 0;
    case DFT_CLAIM_PATH: return fnmatch(c->pattern, dpath, 0) == 0;
    case DFT_CLAIM_ALL: return true;
    default: return false;
    }
}

/* The plugins (registry indexes, name order) that want regular file f. */
static inline size_t linear_match(const dft_file *f, size_t *out, size_t cap)
{
    size_t n = 0;
    if (f->type != 'r') return 0;
    for (size_t i = 0; i < dft_registry_count() && n < cap; i++) {
        const dft_registry_entry *e = dft_registry_at(i);
        const dft_plugin *p = e->plugin;
        if (!e->enabled || (p->max_size && f->size > p->max_size)) continue;
        bool want = false;
        for (const dft_claim *c = p->claims; c && c->kind != DFT_CLAIM_END && !want; c++) want = linear_claim(c, f);
        if (!want && p->wants) want = p->wants(f);
        if (want) out[n++] = i;
    }
    return n;
}

#endif
