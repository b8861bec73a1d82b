/*
 * registry_bench.c - claim matching cost: 100,000 synthetic files against 40 plugins with realistic
 * claims (a MIME type, names, extensions, a quarter with device-path patterns, two DFT_CLAIM_ALL
 * scanners, three wants() heuristics), old linear test of every claim vs the keyed tables.
 *
 *   build/bench/registry_bench [FILES] [PLUGINS]    (built with the tests; numbers: docs/performance.md)
 *
 * The linear reference is the registry's match before the tables (also in tests/core/test_registry.c);
 * both answers are compared for every file.
 */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "registry.h"
#include "registry_linear.h"


static int noop_scan(dft_scan *s, const dft_file *f, const dft_content *c)
{
    (void)s; (void)f; (void)c;
    return DFT_OK;
}

static bool cheap_wants(const dft_file *f) { return f->size > 0 && f->size % 97 == 0; }

static const char *mimes[] = { "application/vnd.sqlite3", "text/plain", "application/zip", "image/jpeg",
                               "application/x-plist", "application/json", "text/html", "application/pdf",
                               "application/octet-stream", "text/xml" };
static const char *names[] = { "msgstore.db", "wa.db", "sms.db", "Manifest.db", "cache4.db", "key", "wallet.dat",
                               "History", "Cookies", "naver_line", "keychain-2.db", "Login Data", "contacts2.db",
                               "mmssms.db", "ChatStorage.sqlite", "main.db", "Preferences", "Local State",
                               "viber_messages", "signal.db" };
static const char *exts[] = { "db", "txt", "xlsx", "json", "plist", "sqlite", "dat", "log", "ldb", "csv",
                              "docx", "pdf", "jpg", "png", "xml", "html", "eml", "zip" };
static const char *paths[] = { "*/Library/SMS/sms.db", "/data/data/com.whatsapp/*", "*/files/key",
                               "*/Local Storage/leveldb/*.ldb", "/private/var/mobile/Containers/*",
                               "*[Ww]allet*", "*/Exodus/exodus.wallet/*", "*/shared_prefs/*.xml",
                               "/data/data/org.telegram.messenger/*", "*/Library/Messages/*" };
static const char *dirs[] = { "/data/data/com.whatsapp/databases", "/private/var/mobile/Library/SMS",
                              "/Users/x/Library/Application Support/Exodus", "/data/media/0/DCIM/Camera",
                              "/home/u/.bitcoin", "/Windows/System32", "/Users/x/Documents", "/data/app/lib",
                              "/private/var/mobile/Containers/Data/Application/ABC/Documents", "/usr/share/doc" };

static uint64_t rng = 42;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    size_t n_files = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
    size_t n_plugins = argc > 2 ? strtoul(argv[2], NULL, 10) : 40;
    char *refusals = NULL;
    if (dft_registry_load(NULL, NULL, &refusals)) return 1;
    free(refusals);
    dft_plugin *plugins = calloc(n_plugins, sizeof *plugins);
    dft_claim (*claims)[8] = calloc(n_plugins, sizeof *claims);
    char (*pnames)[24] = calloc(n_plugins, sizeof *pnames);
    for (size_t i = 0; i < n_plugins; i++) {
        int k = 0;
        claims[i][k++] = (dft_claim){ DFT_CLAIM_MIME, mimes[i % 10] };
        claims[i][k++] = (dft_claim){ DFT_CLAIM_NAME, names[i % 20] };
        claims[i][k++] = (dft_claim){ DFT_CLAIM_NAME, names[(i * 7 + 3) % 20] };
        claims[i][k++] = (dft_claim){ DFT_CLAIM_EXT, exts[i % 18] };
        if (i % 4 == 0) claims[i][k++] = (dft_claim){ DFT_CLAIM_PATH, paths[(i / 4) % 10] };
        if (i == 5 || i == 25) claims[i][k++] = (dft_claim){ DFT_CLAIM_ALL, NULL };
        claims[i][k] = (dft_claim){ DFT_CLAIM_END, NULL };
        snprintf(pnames[i], sizeof pnames[i], "p%03zu", i);
        plugins[i] = (dft_plugin){ .abi = DFT_PLUGIN_ABI, .struct_size = sizeof(dft_plugin), .name = pnames[i],
                                   .version = "1", .claims = claims[i], .access = DFT_ACCESS_WHOLE,
                                   .scan = noop_scan, .wants = i % 13 == 0 ? cheap_wants : NULL };
        if (dft_registry_add(&plugins[i], "built-in")) return 1;
    }
    dft_file *files = calloc(n_files, sizeof *files);
    char (*fnames)[64] = calloc(n_files, sizeof *fnames);
    char (*fpaths)[160] = calloc(n_files, sizeof *fpaths);
    for (size_t i = 0; i < n_files; i++) {
        if (rnd(10) == 0) snprintf(fnames[i], sizeof fnames[i], "%s", names[rnd(20)]);
        else snprintf(fnames[i], sizeof fnames[i], "file%06zu.%s", i, exts[rnd(18)]);
        snprintf(fpaths[i], sizeof fpaths[i], "%s/%s", dirs[rnd(10)], fnames[i]);
        files[i] = DFT_INIT(dft_file);
        files[i].type = 'r';
        files[i].name = fnames[i];
        files[i].path = files[i].device_path = fpaths[i];
        files[i].mime = mimes[rnd(10)];
        files[i].size = rnd(1 << 20);
    }
    size_t a[256], b[256], total_a = 0, total_b = 0, differ = 0;
    /* best of 5 rounds each (a shared machine) */
    double lin = 1e9, key = 1e9;
    for (int round = 0; round < 5; round++) {
        total_a = total_b = 0;
        double t0 = now();
        for (size_t i = 0; i < n_files; i++) total_a += linear_match(&files[i], a, 256);
        double t1 = now();
        for (size_t i = 0; i < n_files; i++) total_b += dft_registry_match(&files[i], b, 256);
        double t2 = now();
        if (t1 - t0 < lin) lin = t1 - t0;
        if (t2 - t1 < key) key = t2 - t1;
    }
    for (size_t i = 0; i < n_files; i++) {
        size_t na = linear_match(&files[i], a, 256), nb = dft_registry_match(&files[i], b, 256);
        differ += na != nb || memcmp(a, b, na * sizeof *a) != 0;
    }
    printf("%zu files x %zu plugins (+%zu built-in): %zu matches\n", n_files, n_plugins,
           dft_registry_count() - n_plugins, total_b);
    printf("linear (every claim of every plugin): %8.1f ms  %6.0f ns/file\n", lin * 1e3, lin * 1e9 / (double)n_files);
    printf("keyed tables:                         %8.1f ms  %6.0f ns/file\n", key * 1e3, key * 1e9 / (double)n_files);
    printf("answers differ on %zu files%s\n", differ, total_a == total_b ? "" : " (totals differ)");
    dft_registry_unload();
    free(plugins);
    free(claims);
    free(pnames);
    free(files);
    free(fnames);
    free(fpaths);
    return differ ? 1 : 0;
}
