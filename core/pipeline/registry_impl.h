/*
 * registry_impl.h - what registry.c (loading), registry_match.c (claim tables) and
 * registry_options.c (options, data files, runs.plugins) share. Nothing else includes it.
 */
#ifndef DFT_REGISTRY_IMPL_H
#define DFT_REGISTRY_IMPL_H

#include "registry.h"

/* What init() is given (plugin.h: dft_init). */
struct dft_init {
    dft_registry_entry *entry;
};

/* The entries, mutable (only during the single-threaded start-up, registry.h invariant 1). */
dft_registry_entry *registry_entries(size_t *n);

/* registry_match.c: (re)builds the claim tables after the entries changed; frees them. */
int registry_tables_build(void);
void registry_tables_free(void);

/* registry_options.c: a new entry's option slots; everything options and data files own (secret
 * values are wiped before they are freed). */
int registry_entry_options_new(dft_registry_entry *e);
void registry_entry_options_free(dft_registry_entry *e);

#endif
