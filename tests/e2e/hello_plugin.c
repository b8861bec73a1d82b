/*
 * hello_plugin.c - a minimal external plugin for the e2e tests (tests/e2e/e2e_plugin_external.sh).
 *
 * Claims every *.txt file with whole-file access and emits one finding of kind "test.hello" whose
 * value is the byte length it was given, and whose details carry the greeting option and whether a
 * key was given (never the key). Built four times by tests/e2e/tests.cmake: with the current ABI;
 * with HELLO_ABI=1 (a v1 plugin), which dftriage must refuse with one line naming the ABI; with
 * HELLO_STRUCT_SIZE=16 (a descriptor too small for ABI 2); and with HELLO_INTERNAL, which calls
 * dft_registry_count(), a symbol of the executable that is not part of the plugin API.
 *
 * Invariants:
 *  1. Only the plugin ABI (core/plugin.h) is used; dft_emit_*, dft_scan_* and dft_init_* resolve
 *     from the dftriage executable at load time.
 *  2. Run state is read-only after init(); the per-thread state counts scans without a lock.
 *  3. init() records the version and hash of greetings.txt from its data directory when there is one.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "plugin.h"

#ifndef HELLO_ABI
#define HELLO_ABI DFT_PLUGIN_ABI
#endif
#ifndef HELLO_STRUCT_SIZE
#define HELLO_STRUCT_SIZE sizeof(dft_plugin)
#endif

#ifdef HELLO_INTERNAL
size_t dft_registry_count(void); /* internal to dftriage: this plugin must be refused at load */
#endif

static const dft_option hello_options[] = {
    { "greeting", "word put in each finding's details", "hello", 0 },
    { "key", "a test secret: only whether it was given shows in the findings", NULL, DFT_OPTION_SECRET },
    { NULL, NULL, NULL, 0 },
};

typedef struct hello_thread {
    uint64_t scans;
} hello_thread;

static int hello_init(dft_init *in, void **state)
{
    const char *dir = dft_init_data_dir(in);
    *state = NULL;
    if (!dir) return DFT_OK; /* no data directory: nothing to record */
    char path[4096];
    snprintf(path, sizeof path, "%s/greetings.txt", dir);
    FILE *f = fopen(path, "rb");
    if (!f) return DFT_OK;
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    return dft_init_data_version(in, "greetings.txt", "1.0", buf, n);
}

static int hello_thread_init(void *state, void **tstate)
{
    (void)state;
#ifdef HELLO_INTERNAL
    if (dft_registry_count() == 0) return DFT_ERROR;
#endif
    *tstate = calloc(1, sizeof(hello_thread));
    return *tstate ? DFT_OK : DFT_ENOMEM;
}

static void hello_thread_fini(void *state, void *tstate)
{
    (void)state;
    free(tstate);
}

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
    hello_thread *t = dft_scan_thread_state(s);
    if (!t) return dft_error_set(DFT_ERROR, "no thread state");
    t->scans++;
    const char *greeting = dft_scan_option(s, "greeting");
    char details[200];
    snprintf(details, sizeof details, "{\"greeting\":\"%.100s\",\"key_given\":%s}", greeting ? greeting : "",
             dft_scan_option(s, "key") ? "true" : "false");
    dft_finding fd = { .struct_size = sizeof(dft_finding),
        .kind = "test.hello",
        .subkind = "length",
        .value = value,
        .offset = -1,
        .length = (int64_t)n,
        .confidence = 1.0,
        .details = details,
    };
    return dft_emit_finding(s, &fd, NULL);
}

static const dft_plugin hello_plugin = {
    .abi = HELLO_ABI,
    .struct_size = HELLO_STRUCT_SIZE,
    .name = "hello",
    .version = "0.0.1",
    .description = "e2e test plugin: length of every .txt file",
    .claims = hello_claims,
    .siblings = NULL,
    .access = DFT_ACCESS_WHOLE,
    .max_size = 0,
    .options = hello_options,
    .init = hello_init,
    .thread_init = hello_thread_init,
    .thread_fini = hello_thread_fini,
    .scan = hello_scan,
};

const dft_plugin *dft_plugin_entry(void);

const dft_plugin *dft_plugin_entry(void)
{
    return &hello_plugin;
}
