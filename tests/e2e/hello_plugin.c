/*
 * hello_plugin.c - a minimal external plugin for the e2e tests (tests/e2e/e2e_plugin_external.sh).
 *
 * Claims every *.txt file with whole-file access and emits one finding of kind "test.hello" whose
 * value is the byte length it was given. Built twice by tests/e2e/tests.cmake: once with the
 * current ABI, once with HELLO_ABI=999, which dftriage must refuse with a message naming the ABI.
 *
 * Invariants:
 *  1. Only the plugin ABI (core/plugin.h) is used; dft_emit_* and dft_content_* resolve from the
 *     dftriage executable at load time.
 *  2. No state: scan() is safe on any worker thread.
 */
#include <inttypes.h>
#include <stdio.h>

#include "plugin.h"

#ifndef HELLO_ABI
#define HELLO_ABI DFT_PLUGIN_ABI
#endif

static const dft_claim hello_claims[] = {
    {DFT_CLAIM_EXT, "txt"},
    {DFT_CLAIM_END, NULL},
};

static int hello_scan(dft_scan *s, const dft_file *f, const dft_content *c)
{
    size_t len = 0;
    const uint8_t *bytes = dft_content_bytes(c, &len);
    uint64_t n = bytes ? (uint64_t)len : f->size;
    char value[32];
    snprintf(value, sizeof value, "%" PRIu64, n);
    dft_finding fd = { .struct_size = sizeof(dft_finding),
        .kind = "test.hello",
        .subkind = "length",
        .value = value,
        .offset = -1,
        .length = (int64_t)n,
        .confidence = 1.0,
        .details = NULL,
    };
    return dft_emit_finding(s, &fd, NULL);
}

static const dft_plugin hello_plugin = {
    .abi = HELLO_ABI,
    .struct_size = sizeof(dft_plugin),
    .name = "hello",
    .version = "0.0.1",
    .description = "e2e test plugin: length of every .txt file",
    .claims = hello_claims,
    .siblings = NULL,
    .access = DFT_ACCESS_WHOLE,
    .max_size = 0,
    .scan = hello_scan,
};

const dft_plugin *dft_plugin_entry(void);

const dft_plugin *dft_plugin_entry(void)
{
    return &hello_plugin;
}
