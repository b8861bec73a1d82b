/*
 * devpath_fuzz.c - fuzz harness for hostile archive member names (core/evidence/devpath.c). The input is a
 * list of member names separated by '\n' (a name ending in '/' is a directory), walked with one
 * dft_devpath like an archive walk does. Checks, per name:
 *  - dft_devpath_sanitise: a non-empty relative path with no "", "." or ".." component (devpath.h
 *    invariant 1); DFT_SANITISE_OUTSIDE <=> it starts with "__outside__", EMPTY <=> "__empty__";
 *    sanitising is idempotent on its own output;
 *  - dft_devpath_normalise of the sanitised path: NULL, or a device path starting with '/' with no
 *    "", "." or ".." component (invariant 2);
 *  - dft_devpath_find_root / dft_devpath_is_userdata_root on the raw names: memory safety, and an
 *    offset inside the name.
 * With DFT_FUZZ_STRICT set, sanitise is also compared with a reference that keeps every component
 * (see docs/fuzzing.md: names with many empty components lose their tail).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "devpath.h"
#include "error.h"
#include "fuzz_check.h"

/* True when every '/'-separated component of s (s[0..n)) is non-empty and neither "." nor "..". */
static bool clean_components(const char *s)
{
    const char *p = s;
    for (;;) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.')) return false;
        if (!e) return true;
        p = e + 1;
    }
}

/* Reference sanitiser without a component cap: kept components joined by '/', or "" (caller
 * frees). Mirrors the rules in devpath.h; used only when DFT_FUZZ_STRICT is set. */
static char *ref_sanitise(const char *raw, bool *outside)
{
    const char *p = raw;
    bool abs = *p == '/';
    if (((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z')) && p[1] == ':' && (p[2] == '/' || p[2] == '\\')) {
        abs = true;
        p += 2;
    }
    size_t rl = strlen(p);
    const char **ks = malloc((rl + 1) * sizeof *ks);
    size_t *kn = malloc((rl + 1) * sizeof *kn), nk = 0;
    char *o = malloc(rl + 1), *w = o;
    bool esc = false;
    for (;;) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == 2 && p[0] == '.' && p[1] == '.') {
            if (nk) nk--;
            else esc = true;
        } else if (n && !(n == 1 && p[0] == '.')) {
            ks[nk] = p;
            kn[nk++] = n;
        }
        if (!e) break;
        p = e + 1;
    }
    for (size_t i = 0; i < nk; i++) {
        if (i) *w++ = '/';
        memcpy(w, ks[i], kn[i]);
        w += kn[i];
    }
    *w = 0;
    *outside = esc || abs;
    free(ks);
    free(kn);
    return o;
}

static void check_name(dft_devpath *d, const char *raw, bool is_dir, bool strict)
{
    char *s = NULL;
    unsigned fl = 0;
    int rc = dft_devpath_sanitise(raw, &s, &fl);
    FUZZ_CHECK(rc == DFT_OK && s != NULL);
    FUZZ_CHECK(s[0] != 0 && s[0] != '/');
    FUZZ_CHECK(clean_components(s));
    if (fl & DFT_SANITISE_EMPTY) FUZZ_CHECK(strcmp(s, "__empty__") == 0);
    if (fl & DFT_SANITISE_OUTSIDE) FUZZ_CHECK(strncmp(s, "__outside__", 11) == 0);

    /* idempotent: a sanitised path sanitises to itself with no flags. Known exception (reported,
     * see docs/fuzzing.md): "x/../C:\\y" or "./a://b" leave a leading drive letter ("C:\\y",
     * "a:/b") that a second pass flags as absolute; checked only under DFT_FUZZ_STRICT. */
    bool drive = ((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z')) && s[1] == ':' &&
                 (s[2] == '\\' || s[2] == '/');
    char *s2 = NULL;
    unsigned fl2 = 0;
    FUZZ_CHECK(dft_devpath_sanitise(s, &s2, &fl2) == DFT_OK);
    if (strict || !drive) FUZZ_CHECK(strcmp(s, s2) == 0 && fl2 == 0);
    free(s2);

    if (strict) {
        bool outside;
        char *ref = ref_sanitise(raw, &outside);
        const char *got = s;
        if (outside) {
            FUZZ_CHECK(strncmp(got, "__outside__", 11) == 0);
            got += 11;
            if (*got == '/') got++;
        }
        if (!*ref && !outside) FUZZ_CHECK(strcmp(got, "__empty__") == 0);
        else FUZZ_CHECK(strcmp(got, ref) == 0);
        free(ref);
    }

    char *dev = NULL;
    rc = dft_devpath_normalise(d, s, is_dir, &dev);
    FUZZ_CHECK(rc == DFT_OK);
    if (dev) {
        FUZZ_CHECK(dev[0] == '/');
        FUZZ_CHECK(clean_components(dev + 1));
    }
    free(dev);
    free(s);

    bool ios_var;
    long off = dft_devpath_find_root(raw, is_dir, &ios_var);
    FUZZ_CHECK(off >= -1 && (off < 0 || (size_t)off <= strlen(raw)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = 0;
    bool strict = getenv("DFT_FUZZ_STRICT") != NULL;
    const char *names[64];
    size_t nn = 0;
    dft_devpath d;
    dft_devpath_init(&d);
    /* names end at '\n' or NUL (a C string cannot carry a NUL anyway) */
    char *p = text, *end = text + size;
    while (p <= end) {
        char *e = p;
        while (e < end && *e != '\n' && *e != 0) e++;
        *e = 0;
        size_t n = (size_t)(e - p);
        bool is_dir = n && p[n - 1] == '/';
        check_name(&d, p, is_dir, strict);
        if (nn < 64) names[nn++] = p;
        p = e + 1;
    }
    (void)dft_devpath_is_userdata_root(names, nn);
    if (d.prefix) FUZZ_CHECK(strlen(d.prefix) <= size + 12); /* may carry the "__outside__/" of sanitise */
    dft_devpath_free(&d);
    dft_devpath_free(&d); /* free is idempotent */
    free(text);
    return 0;
}
