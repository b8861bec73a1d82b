/*
 * hello_plugin.c - the external test plugin of the e2e tests, and the worked example of docs/plugins.md:
 * it uses every capability of the plugin ABI 2 (core/plugin.h) through the exported API only.
 *
 *   *.txt   whole file: one finding "test.hello" whose value is the byte length
 *   *.gz    inflates the gzip member and hands it on as decoded content (path element "gzip")
 *   *.xlsx  reads xl/sharedStrings.xml from the zip and hands on every shared string as decoded text
 *           (path "xl/sharedStrings.xml", then "string N")
 *   *.chat  lines "sender|body": a contact per sender, a message per line, a link message -> contact
 *           ("sender"); message bodies are scanned by the core as decoded content
 *   *.enc   XOR-decrypts with the option hello.key (a secret, hex byte) into a derived file
 *   evidence pass: one "test.pass" finding per evidence item counting this plugin's messages, linked
 *           to the first one ("counts"); case pass: one "test.case" finding counting messages of the run
 *
 * Options: hello.greeting (put in each test.hello finding's details) and the secret hello.key; per-thread
 * state counts scans; init() records greetings.txt of its data directory (name, version, SHA-256).
 *
 * Built four times by tests/e2e/tests.cmake: with the current ABI; with HELLO_ABI=1 (a version-1 plugin),
 * HELLO_STRUCT_SIZE=16 (a descriptor too small for ABI 2), and HELLO_INTERNAL (it calls
 * dft_registry_count(), a symbol of the executable that is not plugin API): the last three must be
 * refused with one line each.
 *
 * Invariants:
 *  1. Only the plugin ABI (core/plugin.h) is used; the dft_* functions resolve from the dftriage
 *     executable at load time.
 *  2. Run state is read-only after init(); the per-thread state counts scans without a lock.
 */
#include <archive.h>
#include <archive_entry.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "plugin.h"

#ifndef HELLO_ABI
#define HELLO_ABI DFT_PLUGIN_ABI
#endif /* HELLO_ABI == 1 */

#ifndef HELLO_STRUCT_SIZE
#define HELLO_STRUCT_SIZE sizeof(dft_plugin)
#endif

#define MAX_INFLATE (64u << 20)

#if HELLO_ABI == 1
/* What a version-1 plugin looked like: the abi field first, no struct_size. dftriage reads the abi and
 * must refuse it with one line. */
static const struct {
    uint32_t abi;
    const char *name, *version, *description;
} hello_v1 = { 1, "hello", "0.0.1", "a version-1 plugin" };
const void *dft_plugin_entry(void);
const void *dft_plugin_entry(void) { return &hello_v1; }
#else

static const dft_claim hello_claims[] = {
    { DFT_CLAIM_EXT, "txt" }, { DFT_CLAIM_EXT, "gz" },   { DFT_CLAIM_EXT, "xlsx" },
    { DFT_CLAIM_EXT, "chat" }, { DFT_CLAIM_EXT, "enc" }, { DFT_CLAIM_END, NULL },
};

#ifdef HELLO_INTERNAL
size_t dft_registry_count(void); /* internal to dftriage: this plugin must be refused at load */
#endif

static const dft_option hello_options[] = {
    { "greeting", "word put in each finding's details", "hello", 0 },
    { "key", "XOR key of *.enc files, two hex digits (a test secret)", NULL, DFT_OPTION_SECRET },
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

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int scan_txt(dft_scan *s, const dft_file *f, const uint8_t *bytes, size_t len)
{
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
    dft_finding fd = DFT_INIT(dft_finding);
    fd.kind = "test.hello";
    fd.subkind = "length";
    fd.value = value;
    fd.offset = -1;
    fd.length = (int64_t)n;
    fd.confidence = 1.0;
    fd.details = details;
    return dft_emit_finding(s, &fd, NULL);
}

static int scan_gz(dft_scan *s, const dft_file *f, const uint8_t *bytes, size_t len)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return dft_error_set(DFT_ENOMEM, "zlib");
    size_t cap = 1 << 16, used = 0;
    uint8_t *out = malloc(cap);
    z.next_in = (Bytef *)bytes;
    z.avail_in = (uInt)len;
    int zrc = Z_OK;
    while (out && zrc == Z_OK) {
        if (used == cap) {
            if (cap >= MAX_INFLATE) break;
            uint8_t *grown = realloc(out, cap * 2);
            if (!grown) break;
            out = grown;
            cap *= 2;
        }
        z.next_out = out + used;
        z.avail_out = (uInt)(cap - used);
        zrc = inflate(&z, Z_NO_FLUSH);
        used = cap - z.avail_out;
    }
    inflateEnd(&z);
    int rc = DFT_OK;
    if (!out) return dft_error_set(DFT_ENOMEM, "out of memory");
    if (zrc != Z_STREAM_END) {
        rc = dft_error_set(DFT_ECORRUPT, "gzip member of %s does not inflate (zlib %d)", f->name, zrc);
    } else {
        char name[256];
        snprintf(name, sizeof name, "%s", f->name);
        if (ends_with(name, ".gz")) name[strlen(name) - 3] = '\0';
        dft_decoded d = DFT_INIT(dft_decoded);
        d.path_element = "gzip";
        d.name = name;
        d.origin_offset = -1;
        rc = dft_emit_decoded(s, &d, out, used);
        if (rc == DFT_ELIMIT) rc = DFT_OK; /* the core recorded the cap */
    }
    free(out);
    return rc;
}

/* Every <t>...</t> of a sharedStrings.xml (a test plugin: no XML entities, no rich runs). */
static int emit_shared_strings(dft_scan *s, const char *xml, size_t len)
{
    int n = 0, rc = DFT_OK;
    const char *p = xml, *end = xml + len;
    while (rc == DFT_OK && p < end) {
        const char *open = strstr(p, "<t>");
        if (!open || open >= end) break;
        const char *close = strstr(open + 3, "</t>");
        if (!close || close >= end) break;
        char elem[64];
        snprintf(elem, sizeof elem, "xl/sharedStrings.xml \xe2\x86\x92 string %d", n++);
        dft_decoded d = DFT_INIT(dft_decoded);
        d.path_element = elem;
        d.name = "cell.txt";
        d.mime = "text/plain";
        d.origin_offset = -1;
        rc = dft_emit_decoded(s, &d, open + 3, (size_t)(close - open - 3));
        if (rc == DFT_ELIMIT) rc = DFT_OK;
        p = close + 4;
    }
    return rc;
}

static int scan_xlsx(dft_scan *s, const dft_file *f, const uint8_t *bytes, size_t len)
{
    struct archive *a = archive_read_new();
    archive_read_support_format_zip(a);
    int rc = DFT_OK;
    if (archive_read_open_memory(a, bytes, len) != ARCHIVE_OK) {
        rc = dft_error_set(DFT_ECORRUPT, "%s is not a zip: %s", f->name, archive_error_string(a));
        archive_read_free(a);
        return rc;
    }
    struct archive_entry *e;
    while (rc == DFT_OK && archive_read_next_header(a, &e) == ARCHIVE_OK) {
        if (strcmp(archive_entry_pathname(e), "xl/sharedStrings.xml") != 0) continue;
        int64_t size = archive_entry_size(e);
        if (size <= 0 || size > (int64_t)MAX_INFLATE) break;
        char *xml = malloc((size_t)size + 1);
        if (!xml) return dft_error_set(DFT_ENOMEM, "out of memory");
        la_ssize_t got = archive_read_data(a, xml, (size_t)size);
        if (got == size) {
            xml[size] = '\0';
            rc = emit_shared_strings(s, xml, (size_t)size);
        } else {
            rc = dft_error_set(DFT_ECORRUPT, "%s: sharedStrings.xml truncated", f->name);
        }
        free(xml);
        break;
    }
    archive_read_free(a);
    return rc;
}

static int scan_chat(dft_scan *s, const uint8_t *bytes, size_t len)
{
    char *text = malloc(len + 1);
    if (!text) return dft_error_set(DFT_ENOMEM, "out of memory");
    memcpy(text, bytes, len);
    text[len] = '\0';
    int rc = DFT_OK, line = 0;
    char last_sender[128] = "";
    dft_ref contact = { 0, 0 };
    for (char *save = NULL, *l = strtok_r(text, "\n", &save); l && rc == DFT_OK; l = strtok_r(NULL, "\n", &save)) {
        char *bar = strchr(l, '|');
        if (!bar) continue;
        *bar = '\0';
        line++;
        if (strcmp(last_sender, l) != 0) {
            snprintf(last_sender, sizeof last_sender, "%s", l);
            dft_contact c = DFT_INIT(dft_contact);
            c.app = "testchat";
            c.phone = l;
            c.source = "line";
            rc = dft_emit_contact(s, &c, &contact);
        }
        char source[32];
        snprintf(source, sizeof source, "line:%d", line);
        dft_message m = DFT_INIT(dft_message);
        m.app = "testchat";
        m.sender = l;
        m.direction = "in";
        m.sent_utc = "2024-01-01T00:00:00Z";
        m.body = bar + 1;
        m.source = source;
        m.offset = -1;
        dft_ref msg;
        if (rc == DFT_OK) rc = dft_emit_message(s, &m, &msg);
        if (rc == DFT_OK) rc = dft_emit_link(s, msg, "sender", contact, NULL);
    }
    free(text);
    return rc;
}

static int scan_enc(dft_scan *s, const dft_file *f, const uint8_t *bytes, size_t len)
{
    const char *key = dft_scan_option(s, "key");
    if (!key) return dft_emit_warning(s, -1, "%s: encrypted, and no hello.key was given", f->name);
    unsigned k = (unsigned)strtoul(key, NULL, 16) & 0xffu;
    uint8_t *plain = malloc(len ? len : 1);
    if (!plain) return dft_error_set(DFT_ENOMEM, "out of memory");
    for (size_t i = 0; i < len; i++) plain[i] = bytes[i] ^ (uint8_t)k;
    char name[256];
    snprintf(name, sizeof name, "%s", f->name);
    if (ends_with(name, ".enc")) name[strlen(name) - 4] = '\0';
    dft_derived d = DFT_INIT(dft_derived);
    d.name = name;
    d.transform = "xor-test";
    d.details = "{\"key\":\"hello.key option\"}";
    d.bytes = plain;
    d.len = len;
    int rc = dft_emit_derived(s, &d);
    free(plain);
    return rc;
}

static int hello_scan(dft_scan *s, const dft_file *f, const dft_content *c)
{
    size_t len = 0;
    const uint8_t *bytes = dft_content_bytes(c, &len);
    if (ends_with(f->name, ".txt")) return scan_txt(s, f, bytes, len);
    if (!bytes) return dft_emit_warning(s, -1, "%s: too large for this test plugin", f->name);
    if (ends_with(f->name, ".gz")) return scan_gz(s, f, bytes, len);
    if (ends_with(f->name, ".xlsx")) return scan_xlsx(s, f, bytes, len);
    if (ends_with(f->name, ".chat")) return scan_chat(s, bytes, len);
    if (ends_with(f->name, ".enc")) return scan_enc(s, f, bytes, len);
    return DFT_OK;
}

/* ---- passes ---- */

typedef struct count { int64_t n, first_id; } count;

static int count_row(void *payload, const dft_row *r)
{
    count *c = payload;
    if (c->n++ == 0) c->first_id = dft_row_ref(r).id;
    return 0;
}

static int hello_evidence_pass(dft_pass *p, void *state)
{
    (void)state;
    count c = { 0, 0 };
    int rc = dft_pass_each(p, "messages", "hello", NULL, count_row, &c);
    if (rc) return rc;
    char value[32];
    snprintf(value, sizeof value, "%lld", (long long)c.n);
    dft_scan *s = dft_pass_scan(p, 0);
    if (!s) return DFT_ENOMEM;
    dft_finding fd = DFT_INIT(dft_finding);
    fd.kind = "test.pass";
    fd.subkind = dft_pass_evidence(p)->kind;
    fd.value = value;
    fd.offset = fd.length = -1;
    fd.confidence = 1.0;
    dft_ref ref;
    rc = dft_emit_finding(s, &fd, &ref);
    if (rc == DFT_OK && c.n) rc = dft_emit_link(s, ref, "counts", (dft_ref){ DFT_TABLE_MESSAGE, c.first_id }, NULL);
    return rc;
}

static int hello_case_pass(dft_pass *p, void *state)
{
    (void)state;
    count c = { 0, 0 };
    int rc = dft_pass_each(p, "messages", NULL, NULL, count_row, &c);
    if (rc) return rc;
    char value[32];
    snprintf(value, sizeof value, "%lld", (long long)c.n);
    dft_scan *s = dft_pass_scan(p, 0);
    if (!s) return DFT_ENOMEM;
    dft_finding fd = DFT_INIT(dft_finding);
    fd.kind = "test.case";
    fd.value = value;
    fd.offset = fd.length = -1;
    fd.confidence = 1.0;
    return dft_emit_finding(s, &fd, NULL);
}

static const dft_plugin hello_plugin = {
    .abi = HELLO_ABI,
    .struct_size = HELLO_STRUCT_SIZE,
    .name = "hello",
    .version = "0.2.0",
    .description = "e2e test plugin exercising the plugin ABI 2",
    .claims = hello_claims,
    .access = DFT_ACCESS_WHOLE,
    .options = hello_options,
    .init = hello_init,
    .thread_init = hello_thread_init,
    .thread_fini = hello_thread_fini,
    .scan = hello_scan,
    .evidence_pass = hello_evidence_pass,
    .case_pass = hello_case_pass,
};

const dft_plugin *dft_plugin_entry(void);
const dft_plugin *dft_plugin_entry(void) { return &hello_plugin; }
#endif /* HELLO_ABI == 1 */
