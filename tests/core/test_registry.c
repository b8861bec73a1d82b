/*
 * test_registry.c - the plugin registry: keyed claim tables give exactly the answer of testing every
 * claim of every plugin (random claims, files and wants()), no fixed cap, the DIR/UNALLOC/DECODED
 * helpers, descriptors refused with one line (old ABI, too small, bad option key), plugin options
 * (files, assignments, refusals naming the culprit and never the value, secrets hashed, redaction),
 * data directories and data-file versions in runs.plugins.
 */
#include <fnmatch.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "hash.h"
#include "registry.h"
#include "registry_linear.h"
#include "tempdir.h"

static int noop_scan(dft_scan *s, const dft_file *f, const dft_content *c)
{
    (void)s; (void)f; (void)c;
    return DFT_OK;
}

static dft_plugin base(const char *name, const dft_claim *claims)
{
    return (dft_plugin){ .abi = DFT_PLUGIN_ABI, .struct_size = sizeof(dft_plugin), .name = name, .version = "1",
                         .claims = claims, .access = DFT_ACCESS_WHOLE, .scan = noop_scan };
}

static void reload(void)
{
    char *refusals = NULL;
    dft_registry_unload();
    CHECK(dft_registry_load(NULL, NULL, &refusals) == DFT_OK);
    free(refusals);
}

/* ---- the linear reference (registry_linear.h) is what the keyed tables must agree with ---- */


/* ---- random plugins and files ---- */

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static const char *mimes[] = { "application/vnd.sqlite3", "text/plain", "application/zip", "image/jpeg",
                               "application/x-plist", "Application/JSON", "text/html", "application/pdf" };
static const char *names[] = { "msgstore.db", "wa.db", "sms.db", "Manifest.db", "cache4.db", "key", "wallet.dat",
                               "History", "Cookies", "naver_line", "keychain-2.db", "Login Data" };
static const char *exts[] = { "db", "txt", "xlsx", "json", "plist", "sqlite", "DAT", "log", "" };
static const char *paths[] = { "*/Library/SMS/sms.db", "/data/data/com.whatsapp/*", "*/files/key",
                               "*/Local Storage/leveldb/*.ldb", "/private/var/mobile/*", "*[Ww]allet*",
                               "/d/f?[0-9]*", "*/co[!x]*whatsapp/*", "*[]d]/x*", "*a[b*", "/home/u/.bitcoin/*" };
static const char *dirs[] = { "/data/data/com.whatsapp/databases", "/private/var/mobile/Library/SMS",
                              "/Users/x/Library/Application Support/Exodus", "/data/data/com.whatsapp/files",
                              "/home/u/.bitcoin", "/d" };

static bool wants_long_names(const dft_file *f) { return strlen(f->name) % 5 == 0; }

#define N_RANDOM_PLUGINS 45

static dft_claim random_claims[N_RANDOM_PLUGINS][6];
static dft_plugin random_plugins[N_RANDOM_PLUGINS];
static char random_names[N_RANDOM_PLUGINS][16];

static void add_random_plugins(void)
{
    for (int i = 0; i < N_RANDOM_PLUGINS; i++) {
        int n = (int)rnd(5), k = 0;
        for (; k < n; k++) {
            unsigned kind = rnd(9);
            dft_claim *c = &random_claims[i][k];
            if (kind < 2) *c = (dft_claim){ DFT_CLAIM_MIME, mimes[rnd(8)] };
            else if (kind < 4) *c = (dft_claim){ DFT_CLAIM_NAME, names[rnd(12)] };
            else if (kind < 6) *c = (dft_claim){ DFT_CLAIM_EXT, exts[rnd(9)] };
            else if (kind < 8) *c = (dft_claim){ DFT_CLAIM_PATH, paths[rnd(11)] };
            else *c = rnd(3) == 0 ? (dft_claim){ DFT_CLAIM_ALL, NULL } : (dft_claim){ DFT_CLAIM_UNALLOC, NULL };
        }
        random_claims[i][k] = (dft_claim){ DFT_CLAIM_END, NULL };
        snprintf(random_names[i], sizeof random_names[i], "r%02d", (i * 17) % N_RANDOM_PLUGINS);
        random_plugins[i] = base(random_names[i], n ? random_claims[i] : NULL);
        if (rnd(6) == 0) random_plugins[i].wants = wants_long_names;
        if (rnd(5) == 0) random_plugins[i].max_size = 1000;
        CHECK(dft_registry_add(&random_plugins[i], "built-in") == DFT_OK);
    }
}

static void random_file(dft_file *f, char *name, char *path, size_t cap)
{
    *f = DFT_INIT(dft_file);
    f->type = rnd(20) == 0 ? 'd' : 'r';
    if (rnd(2)) snprintf(name, 64, "%s", names[rnd(12)]);
    else snprintf(name, 64, "f%u%s%s", rnd(1000), rnd(4) ? "." : "", exts[rnd(9)]);
    if (rnd(3) == 0) for (char *p = name; *p; p++) *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
    snprintf(path, cap, "%s/%s", dirs[rnd(6)], name);
    f->name = name;
    f->path = path;
    f->device_path = rnd(8) ? path : NULL;
    f->mime = rnd(10) ? mimes[rnd(8)] : NULL;
    f->size = rnd(3000);
}

static void test_registry__keyed_match_equals_every_claim(void)
{
    reload();
    add_random_plugins();
    size_t a[200], b[200];
    int differ = 0, matched = 0;
    for (int i = 0; i < 50000; i++) {
        dft_file f;
        char name[64], path[256];
        random_file(&f, name, path, sizeof path);
        size_t na = dft_registry_match(&f, a, 200), nb = linear_match(&f, b, 200);
        if (na != nb || memcmp(a, b, na * sizeof *a) != 0) {
            if (differ++ < 5) fprintf(stderr, "differ on %s (%s): %zu vs %zu\n", path, f.mime ? f.mime : "-", na, nb);
        }
        matched += na > 0;
    }
    CHECK(differ == 0);
    CHECK(matched > 1000); /* the random claims do match something */
}

static void test_registry__no_cap(void)
{
    reload();
    static const dft_claim all[] = { { DFT_CLAIM_ALL, NULL }, { DFT_CLAIM_END, NULL } };
    static dft_plugin many[100];
    static char names100[100][8];
    for (int i = 0; i < 100; i++) {
        snprintf(names100[i], sizeof names100[i], "a%03d", 99 - i);
        many[i] = base(names100[i], all);
        CHECK(dft_registry_add(&many[i], "built-in") == DFT_OK);
    }
    dft_file f = DFT_INIT(dft_file);
    f.type = 'r';
    f.name = "x.bin";
    f.path = f.device_path = "/x.bin";
    f.mime = "application/octet-stream";
    size_t out[100];
    CHECK(dft_registry_match(&f, out, 10) == 100); /* the count, whatever the cap */
    for (size_t i = 0; i < 10; i++) CHECK(strncmp(dft_registry_at(out[i])->plugin->name, "a00", 3) == 0);
    CHECK(dft_registry_match(&f, out, 100) == 100);
    for (size_t i = 1; i < 100; i++) CHECK(out[i] == out[i - 1] + 1); /* name order */
    CHECK(dft_registry_match_kind(DFT_CLAIM_ALL, NULL, out, 5) == 100);
}

static void test_registry__match_kind(void)
{
    reload();
    static const dft_claim un[] = { { DFT_CLAIM_UNALLOC, NULL }, { DFT_CLAIM_END, NULL } };
    static const dft_claim dir_exodus[] = { { DFT_CLAIM_DIR, "*/Application Support/Exodus" }, { DFT_CLAIM_END, NULL } };
    static const dft_claim dir_any[] = { { DFT_CLAIM_DIR, NULL }, { DFT_CLAIM_UNALLOC, NULL }, { DFT_CLAIM_END, NULL } };
    static const dft_claim dec_sheet[] = { { DFT_CLAIM_DECODED, "sheet*.xml" }, { DFT_CLAIM_END, NULL } };
    static const dft_claim dec_any[] = { { DFT_CLAIM_DECODED, NULL }, { DFT_CLAIM_END, NULL } };
    static dft_plugin p[5];
    p[0] = base("k_unalloc", un);
    p[1] = base("k_exodus", dir_exodus);
    p[2] = base("k_anydir", dir_any);
    p[3] = base("k_sheet", dec_sheet);
    p[4] = base("k_decoded", dec_any);
    for (int i = 0; i < 5; i++) CHECK(dft_registry_add(&p[i], "built-in") == DFT_OK);
    size_t out[8];
    size_t n = dft_registry_match_kind(DFT_CLAIM_UNALLOC, NULL, out, 8);
    CHECK(n == 2 && strcmp(dft_registry_at(out[0])->plugin->name, "k_anydir") == 0 &&
          strcmp(dft_registry_at(out[1])->plugin->name, "k_unalloc") == 0);
    n = dft_registry_match_kind(DFT_CLAIM_DIR, "/Users/x/Library/Application Support/Exodus", out, 8);
    CHECK(n == 2 && strcmp(dft_registry_at(out[0])->plugin->name, "k_anydir") == 0 &&
          strcmp(dft_registry_at(out[1])->plugin->name, "k_exodus") == 0);
    n = dft_registry_match_kind(DFT_CLAIM_DIR, "/Users/x/Library/Application Support/exodus", out, 8);
    CHECK(n == 1); /* device paths are case-sensitive */
    n = dft_registry_match_kind(DFT_CLAIM_DECODED, "Sheet1.xml", out, 8);
    CHECK(n == 2 && strcmp(dft_registry_at(out[0])->plugin->name, "k_decoded") == 0);
    CHECK(dft_registry_match_kind(DFT_CLAIM_DECODED, NULL, out, 8) == 1);
    CHECK(dft_registry_match_kind(DFT_CLAIM_NAME, "x", out, 8) == 0);
    /* a directory goes to its DIR claims (whole-access plugins), never to the others */
    dft_file d = DFT_INIT(dft_file);
    d.type = 'd';
    d.name = "Exodus";
    d.path = d.device_path = "/Users/x/Library/Application Support/Exodus";
    n = dft_registry_match(&d, out, 8);
    CHECK(n == 2 && strcmp(dft_registry_at(out[0])->plugin->name, "k_anydir") == 0 &&
          strcmp(dft_registry_at(out[1])->plugin->name, "k_exodus") == 0);
    d.path = d.device_path = "/Users/x/Documents";
    n = dft_registry_match(&d, out, 8);
    CHECK(n == 1 && strcmp(dft_registry_at(out[0])->plugin->name, "k_anydir") == 0);
    /* none of them is offered a regular file */
    dft_file f = DFT_INIT(dft_file);
    f.type = 'r';
    f.name = "sheet1.xml";
    f.path = f.device_path = "/Users/x/Library/Application Support/Exodus/sheet1.xml";
    f.mime = "text/xml";
    size_t builtin = dft_registry_match(&f, out, 8); /* built-ins may claim it, none of ours does */
    for (size_t i = 0; i < builtin; i++) CHECK(strncmp(dft_registry_at(out[i])->plugin->name, "k_", 2) != 0);
}

static void test_registry__keeps(void)
{
    reload();
    static const dft_claim c[] = { { DFT_CLAIM_NAME, "msgstore.db" }, { DFT_CLAIM_PATH, "*/files/key" },
                                   { DFT_CLAIM_MIME, "application/zip" }, { DFT_CLAIM_END, NULL } };
    static const char *const sib[] = { "-wal", "wa.db", NULL };
    static dft_plugin p;
    p = base("keeper", c);
    p.siblings = sib;
    CHECK(dft_registry_add(&p, "built-in") == DFT_OK);
    CHECK(dft_registry_keeps("MsgStore.db", "/data/data/com.whatsapp/databases/MsgStore.db"));
    CHECK(dft_registry_keeps("msgstore.db-wal", "/x/msgstore.db-wal"));
    CHECK(dft_registry_keeps("WA.DB", "/x/WA.DB"));
    CHECK(dft_registry_keeps("key", "/data/data/com.whatsapp/files/key"));
    CHECK(!dft_registry_keeps("key", "/data/data/com.whatsapp/other/key"));
    CHECK(!dft_registry_keeps("a.zip", "/a.zip")); /* a member's MIME type is unknown yet */
}

/* Exactly one line: what the ingest prints before writing anything. */
static bool one_line(const char *s) { return s[0] && !strchr(s, '\n'); }

static void test_registry__refuses_bad_descriptors(void)
{
    reload();
    size_t builtins = dft_registry_count();
    static const dft_claim c[] = { { DFT_CLAIM_EXT, "txt" }, { DFT_CLAIM_END, NULL } };
    dft_plugin v1 = base("v1", c);
    v1.abi = 1;
    CHECK(dft_registry_add(&v1, "v1.so") == DFT_EUNSUPPORTED);
    CHECK(strstr(dft_error_last(), "ABI version 1") && one_line(dft_error_last()));
    dft_plugin small = base("small", c);
    small.struct_size = 16;
    CHECK(dft_registry_add(&small, "small.so") == DFT_EUNSUPPORTED);
    CHECK(strstr(dft_error_last(), "descriptor of 16 bytes") && one_line(dft_error_last()));
    static const dft_option bad_opts[] = { { "a=b", "x", NULL, 0 }, { NULL, NULL, NULL, 0 } };
    dft_plugin badopt = base("badopt", c);
    badopt.options = bad_opts;
    CHECK(dft_registry_add(&badopt, "badopt.so") == DFT_EUNSUPPORTED);
    CHECK(strstr(dft_error_last(), "option key 'a=b'") != NULL);
    CHECK(dft_registry_count() == builtins); /* only the built-ins */
}

/* ---- options and data ---- */

static const dft_option crypt_opts[] = {
    { "key", "64 hex digits of the backup key", NULL, DFT_OPTION_SECRET },
    { "region", "default phone region", "TH", 0 },
    { "level", "how deep", NULL, 0 },
    { NULL, NULL, NULL, 0 },
};
static char seen_key[80], seen_region[16];
static const char *seen_level;

static int crypt_init(dft_init *in, void **state)
{
    const char *k = dft_init_option(in, "key"), *r = dft_init_option(in, "region");
    snprintf(seen_key, sizeof seen_key, "%s", k ? k : "");
    snprintf(seen_region, sizeof seen_region, "%s", r ? r : "");
    seen_level = dft_init_option(in, "level");
    CHECK(dft_init_option(in, "nonsense") == NULL);
    const char *dir = dft_init_data_dir(in);
    CHECK(dir && strstr(dir, "/crypt") != NULL);
    char path[4200];
    snprintf(path, sizeof path, "%s/words.txt", dir ? dir : ".");
    FILE *f = fopen(path, "rb");
    char buf[64];
    size_t n = f ? fread(buf, 1, sizeof buf, f) : 0;
    if (f) fclose(f);
    CHECK(n == 6);
    CHECK(dft_init_data_version(in, "words.txt", "2024.1", buf, n) == DFT_OK);
    CHECK(dft_init_data_version(in, "empty.lst", NULL, NULL, 0) == DFT_OK);
    *state = NULL;
    return DFT_OK;
}

static const char *json_path(json_t *plugins, const char *plugin, const char *a, const char *b)
{
    size_t i;
    json_t *p;
    json_array_foreach(plugins, i, p) {
        if (strcmp(json_string_value(json_object_get(p, "name")), plugin) != 0) continue;
        json_t *x = json_object_get(p, a);
        if (b) x = json_is_array(x) ? json_array_get(x, (size_t)atoi(b)) : json_object_get(x, b);
        return json_is_string(x) ? json_string_value(x) : json_is_null(x) ? "null" : x ? "object" : NULL;
    }
    return NULL;
}

static void test_registry__options_and_data(void)
{
    reload();
    static const dft_claim c[] = { { DFT_CLAIM_EXT, "crypt15" }, { DFT_CLAIM_END, NULL } };
    static dft_plugin p;
    p = base("crypt", c);
    p.options = crypt_opts;
    p.init = crypt_init;
    CHECK(dft_registry_add(&p, "built-in") == DFT_OK);
    const char *secret = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    /* nothing given: the defaults, null, and a secret not supplied */
    char *js0 = dft_registry_plugins_json();
    CHECK(js0 && strstr(js0, "\"options\":{\"key\":{\"supplied\":false},\"level\":null,\"region\":\"TH\"}"));
    free(js0);

    /* refusals name the plugin or key, never the value */
    const char *unknown_plugin[] = { "crypto.key=TOPSECRET", NULL };
    CHECK(dft_registry_apply_options(NULL, unknown_plugin) == DFT_ENOTFOUND);
    CHECK(strstr(dft_error_last(), "no plugin named 'crypto'") && !strstr(dft_error_last(), "TOPSECRET"));
    CHECK(one_line(dft_error_last()));
    const char *unknown_key[] = { "crypt.keys=TOPSECRET", NULL };
    CHECK(dft_registry_apply_options(NULL, unknown_key) == DFT_ENOTFOUND);
    CHECK(strstr(dft_error_last(), "plugin crypt has no option 'keys'") && !strstr(dft_error_last(), "TOPSECRET"));
    const char *malformed[] = { "crypt=key", NULL };
    CHECK(dft_registry_apply_options(NULL, malformed) == DFT_ERROR);
    CHECK(strstr(dft_error_last(), "expected NAME.KEY=VALUE") != NULL);
    const char *no_equals[] = { "crypt.keyTOPSECRET", NULL }; /* the '=' forgotten */
    CHECK(dft_registry_apply_options(NULL, no_equals) == DFT_ERROR);
    CHECK(strstr(dft_error_last(), "got 'crypt...'") && !strstr(dft_error_last(), "TOPSECRET"));

    /* a file (comments, blanks, CRLF), then the command line overriding it */
    char *dir;
    CHECK(dft_tempdir_make(&dir, NULL) == DFT_OK);
    char file[4200], bad[4200], data[4200];
    snprintf(file, sizeof file, "%s/opts", dir);
    FILE *f = fopen(file, "w");
    fprintf(f, "# keys for case 42\n\n  crypt.key=%s\r\ncrypt.level=3\n", secret);
    fclose(f);
    snprintf(bad, sizeof bad, "%s/bad", dir);
    f = fopen(bad, "w");
    fprintf(f, "crypt.region=US\ncrypt.colour=TOPSECRET\n");
    fclose(f);
    const char *bad_files[] = { bad, NULL };
    CHECK(dft_registry_apply_options(bad_files, NULL) == DFT_ENOTFOUND);
    CHECK(strstr(dft_error_last(), "/bad:2: plugin crypt has no option 'colour'") != NULL);
    const char *files[] = { file, NULL };
    const char *cmd[] = { "crypt.region=\xe0\xb9\x84\xe0\xb8\x97", "crypt.region=\xe4\xb7", "crypt.level=5", NULL };
    CHECK(dft_registry_apply_options(files, cmd) == DFT_OK);
    const dft_registry_entry *e = NULL;
    for (size_t i = 0; i < dft_registry_count(); i++)
        if (strcmp(dft_registry_at(i)->plugin->name, "crypt") == 0) e = dft_registry_at(i);
    CHECK(e && strcmp(dft_registry_option(e, "key"), secret) == 0);
    CHECK(e && strcmp(dft_registry_option(e, "level"), "5") == 0);

    /* redaction of the recorded command line */
    char *r = dft_registry_redact_assignment("crypt.key=abc");
    CHECK(r && strcmp(r, "crypt.key=<secret sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad>") == 0);
    free(r);
    CHECK(dft_registry_redact_assignment("crypt.region=US") == NULL);
    CHECK(dft_registry_redact_assignment("nonsense") == NULL);

    /* data directory from $DFTRIAGE_DATA_DIR; init sees the values */
    snprintf(data, sizeof data, "%s/crypt", dir);
    CHECK(mkdir(data, 0700) == 0);
    snprintf(data, sizeof data, "%s/crypt/words.txt", dir);
    f = fopen(data, "w");
    fputs("abilit", f);
    fclose(f);
    setenv("DFTRIAGE_DATA_DIR", dir, 1);
    CHECK(dft_registry_init_plugins() == DFT_OK);
    unsetenv("DFTRIAGE_DATA_DIR");
    CHECK(strcmp(seen_key, secret) == 0 && strcmp(seen_region, "\xe4\xb7") == 0 && seen_level &&
          strcmp(seen_level, "5") == 0);

    /* runs.plugins: values, the secret as supplied + sha256 only, the data files */
    char *js = dft_registry_plugins_json();
    CHECK(js && !strstr(js, secret));
    json_t *plugins = json_loads(js ? js : "[]", 0, NULL);
    char want[65];
    dft_sha256_hex(want, secret, strlen(secret));
    json_t *key = NULL;
    size_t i;
    json_t *pj;
    json_array_foreach(plugins, i, pj)
        if (strcmp(json_string_value(json_object_get(pj, "name")), "crypt") == 0)
            key = json_object_get(json_object_get(pj, "options"), "key");
    CHECK(key && json_is_true(json_object_get(key, "supplied")));
    CHECK(key && strcmp(json_string_value(json_object_get(key, "sha256")), want) == 0);
    CHECK(strcmp(json_path(plugins, "crypt", "options", "region"), "object") == 0); /* not UTF-8: its hex */
    CHECK(strstr(js, "\"region\":{\"hex\":\"e4b7\"}") != NULL);
    CHECK(strcmp(json_path(plugins, "crypt", "options", "level"), "5") == 0);
    CHECK(strcmp(json_path(plugins, "crypt", "origin", NULL), "built-in") == 0);
    json_t *d0 = NULL, *d1 = NULL;
    json_array_foreach(plugins, i, pj)
        if (strcmp(json_string_value(json_object_get(pj, "name")), "crypt") == 0) {
            d0 = json_array_get(json_object_get(pj, "data"), 0);
            d1 = json_array_get(json_object_get(pj, "data"), 1);
        }
    dft_sha256_hex(want, "abilit", 6);
    CHECK(d0 && strcmp(json_string_value(json_object_get(d0, "name")), "words.txt") == 0);
    CHECK(d0 && strcmp(json_string_value(json_object_get(d0, "version")), "2024.1") == 0);
    CHECK(d0 && strcmp(json_string_value(json_object_get(d0, "sha256")), want) == 0);
    CHECK(d1 && json_is_null(json_object_get(d1, "version")) &&
          strcmp(json_string_value(json_object_get(d1, "sha256")),
                 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855") == 0);
    json_decref(plugins);
    free(js);
    dft_tempdir_remove(dir);
    free(dir);
}

int main(void)
{
    RUN(test_registry__keyed_match_equals_every_claim);
    RUN(test_registry__no_cap);
    RUN(test_registry__match_kind);
    RUN(test_registry__keeps);
    RUN(test_registry__refuses_bad_descriptors);
    RUN(test_registry__options_and_data);
    dft_registry_unload();
    return check_failures ? 1 : 0;
}
