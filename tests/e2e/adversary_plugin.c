/*
 * adversary_plugin.c - an external plugin that misuses the plugin ABI the ways a hostile review found
 * (tests/e2e/e2e_adversary.sh): the core must refuse, cap or contain each, never crash, never lose or
 * fabricate rows. Built twice (ADV_NAME "adv_a" and "adv_z") so one can write its private copy and the
 * other, running after it, can check it did not see the write. Modes come from $ADV_MODE (comma list):
 *
 *   steal     dft_emit_derived with a path outside the scan's work directory ($ADV_STEAL)
 *   sbfail    stream_begin fails on every file (stream_end must then not be called)
 *   loop      declares "-wal" (postponed scans) and re-emits its input as a derived file of the same name
 *   tamper    adv_a writes into its dft_content_path copy; adv_z reports what its own copy starts with
 *   region    in unallocated space: a finding linked to a message, and decoded text with a marker
 *   shift     "SHIFT:" layers (no name, no type given) decoded one level at a time, nested
 *   pass      passes about a file that does not exist, a link to rows that do not exist, and a message
 *             whose body holds a marker
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugin.h"

#ifndef ADV_NAME
#define ADV_NAME "adv_a"
#endif

static bool mode(const char *m)
{
    const char *all = getenv("ADV_MODE");
    if (!all) return false;
    size_t n = strlen(m);
    for (const char *p = strstr(all, m); p; p = strstr(p + 1, m))
        if ((p == all || p[-1] == ',') && (p[n] == '\0' || p[n] == ',')) return true;
    return false;
}

static bool is_a(void) { return strcmp(ADV_NAME, "adv_a") == 0; }

static int emit_value(dft_scan *s, const char *kind, const char *value)
{
    dft_finding f = DFT_INIT(dft_finding);
    f.kind = kind;
    f.value = value;
    f.offset = f.length = -1;
    f.confidence = 1.0;
    return dft_emit_finding(s, &f, NULL);
}

static int adv_scan(dft_scan *s, const dft_file *f, const dft_content *c)
{
    size_t len = 0;
    const uint8_t *b = dft_content_bytes(c, &len);
    if (mode("steal") && is_a() && strstr(f->name, ".evil")) {
        dft_derived d = DFT_INIT(dft_derived);
        d.name = "stolen.bin";
        d.transform = "steal";
        d.path = getenv("ADV_STEAL");
        if (dft_emit_derived(s, &d) != DFT_OK) emit_value(s, "test.refused", dft_error_last());
    }
    if (mode("loop") && is_a() && strstr(f->name, ".evil")) {
        dft_derived d = DFT_INIT(dft_derived);
        d.name = f->name;
        d.transform = "loop/../..";
        d.bytes = b ? (const void *)b : "";
        d.len = b ? len : 0;
        int rc = dft_emit_derived(s, &d);
        if (rc == DFT_OK && f->derived_from) emit_value(s, "test.derived_view", f->transform);
    }
    if (mode("tamper") && strstr(f->name, ".db")) {
        const char *p = dft_content_path(c);
        if (!p) return DFT_ERROR;
        FILE *fp = fopen(p, is_a() ? "r+" : "r");
        if (!fp) return dft_error_set(DFT_EIO, "cannot open my copy");
        char buf[16] = "";
        if (is_a()) fputs("TAMPERED", fp);
        else if (!fgets(buf, 9, fp)) buf[0] = '\0';
        fclose(fp);
        if (!is_a()) emit_value(s, "test.seen", buf);
    }
    if (mode("shift") && b && len >= 6 && memcmp(b, "SHIFT:", 6) == 0) {
        char *out = malloc(len);
        if (!out) return DFT_ENOMEM;
        for (size_t i = 6; i < len; i++) out[i - 6] = (char)(b[i] - 1);
        dft_decoded d = DFT_INIT(dft_decoded); /* no name, no type: allowed */
        d.path_element = "shift";
        d.origin_offset = -1;
        int rc = dft_emit_decoded(s, &d, out, len - 6);
        free(out);
        if (rc && rc != DFT_ELIMIT) return rc;
    }
    return DFT_OK;
}

static int adv_begin(dft_scan *s, const dft_file *f, void **state)
{
    (void)s;
    *state = NULL;
    if (mode("sbfail")) return dft_error_set(DFT_ECORRUPT, "stream_begin refuses %s", f->name);
    *state = malloc(16);
    return *state ? DFT_OK : DFT_ENOMEM;
}

static int adv_block(dft_scan *s, void *state, uint64_t off, const uint8_t *d, size_t n)
{
    (void)s; (void)off; (void)d; (void)n;
    return state ? DFT_OK : dft_error_set(DFT_ERROR, "block without a state");
}

static int adv_end(dft_scan *s, void *state)
{
    (void)s;
    if (!state) abort(); /* ended without a begin that worked: the core broke its promise */
    free(state);
    return DFT_OK;
}

static int adv_region(dft_scan *s, const dft_region *r, void **state)
{
    *state = malloc(16);
    if (!*state) return DFT_ENOMEM;
    if (!mode("region") || !is_a() || r->file_id) return DFT_OK;
    dft_finding f = DFT_INIT(dft_finding);
    f.kind = "test.region";
    f.value = r->kind;
    f.offset = 0;
    f.length = 1;
    f.confidence = 1.0;
    dft_ref fr, mr;
    int rc = dft_emit_finding(s, &f, &fr);
    dft_message m = DFT_INIT(dft_message);
    m.app = "carved";
    m.body = "carved text";
    m.offset = 0;
    if (!rc) rc = dft_emit_message(s, &m, &mr);
    if (!rc) rc = dft_emit_link(s, fr, "carved_with", mr, NULL);
    static const char txt[] = "abc MARKER-REGION xyz";
    dft_decoded d = DFT_INIT(dft_decoded);
    d.path_element = "carved text";
    d.name = "carved.txt";
    d.mime = "text/plain";
    d.origin_offset = 100;
    if (!rc) rc = dft_emit_decoded(s, &d, txt, sizeof txt - 1);
    return rc == DFT_ELIMIT ? DFT_OK : rc;
}

static int adv_case_pass(dft_pass *p, void *state)
{
    (void)state;
    if (!mode("pass") || !is_a()) return DFT_OK;
    dft_scan *ghost = dft_pass_scan(p, 987654321);
    dft_scan *s = dft_pass_scan(p, 0);
    if (!s) return DFT_ENOMEM;
    emit_value(s, "test.ghost_scan", ghost ? "given" : "refused");
    dft_ref a = { DFT_TABLE_MESSAGE, 424242 }, b = { DFT_TABLE_PERSON, 1 };
    emit_value(s, "test.dangling_link", dft_emit_link(s, a, "x", b, NULL) == DFT_OK ? "stored" : "refused");
    dft_message m = DFT_INIT(dft_message);
    m.app = "pass";
    m.body = "pay MARKER-PASSBODY now";
    m.offset = -1;
    return dft_emit_message(s, &m, NULL);
}

static const dft_claim adv_claims[] = {
    { DFT_CLAIM_EXT, "evil" }, { DFT_CLAIM_EXT, "db" },   { DFT_CLAIM_EXT, "txt" },
    { DFT_CLAIM_DECODED, NULL }, { DFT_CLAIM_UNALLOC, NULL }, { DFT_CLAIM_END, NULL },
};
static const char *const adv_siblings[] = { "-wal", NULL };

static dft_plugin adv_plugin = {
    .abi = DFT_PLUGIN_ABI,
    .struct_size = sizeof(dft_plugin),
    .name = ADV_NAME,
    .version = "1",
    .description = "e2e test plugin: misuses the ABI (e2e_adversary)",
    .claims = adv_claims,
    .access = DFT_ACCESS_WHOLE | DFT_ACCESS_STREAM,
    .scan = adv_scan,
    .stream_begin = adv_begin,
    .stream_block = adv_block,
    .stream_end = adv_end,
    .region_begin = adv_region,
    .case_pass = adv_case_pass,
};

const dft_plugin *dft_plugin_entry(void);
const dft_plugin *dft_plugin_entry(void)
{
    if (mode("loop") || mode("tamper")) adv_plugin.siblings = adv_siblings;
    return &adv_plugin;
}
