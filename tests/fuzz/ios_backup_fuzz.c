/*
 * ios_backup_fuzz.c - fuzz harness for the iTunes backup property lists (parsers/ios_backup.c,
 * libplist). The input is cut at the first "\n--8<--\n" into Info.plist and Manifest.plist (no cut:
 * the whole input is both); the whole input is also parsed as a Manifest.db Files.file MBFile blob.
 * Checks: DFT_OK or DFT_ECORRUPT only; callbacks get non-empty keys from the documented set and
 * non-NULL values; each device.* key is emitted at most once; the MBFile target is freed by clear.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "error.h"
#include "fuzz_check.h"
#include "parsers/ios_backup.h"

#define CUT "\n--8<--\n"

typedef struct seen {
    char keys[32][32];
    int n;
} seen;

static int meta_cb(void *payload, const char *key, const char *value)
{
    seen *s = payload;
    FUZZ_CHECK(key && value && *key);
    FUZZ_CHECK(strncmp(key, "device.", 7) == 0 || strncmp(key, "itunes.", 7) == 0);
    if (strncmp(key, "device.", 7) == 0) {
        for (int i = 0; i < s->n; i++) FUZZ_CHECK(strcmp(s->keys[i], key) != 0);
        FUZZ_CHECK(s->n < 32 && strlen(key) < 32);
        strcpy(s->keys[s->n++], key);
    }
    return DFT_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *info = data, *man = data;
    size_t il = size, ml = size;
    const uint8_t *cut = size >= strlen(CUT) ? memmem(data, size, CUT, strlen(CUT)) : NULL;
    if (cut) {
        il = (size_t)(cut - data);
        man = cut + strlen(CUT);
        ml = size - il - strlen(CUT);
    }
    seen s = {.n = 0};
    bool enc = true;
    int rc = dft_ios_backup_meta(il ? info : NULL, il, ml ? man : NULL, ml, meta_cb, &s, &enc);
    FUZZ_CHECK(rc == DFT_OK || rc == DFT_ECORRUPT);
    /* one side only */
    s.n = 0;
    rc = dft_ios_backup_meta(NULL, 0, size ? data : NULL, size, meta_cb, &s, &enc);
    FUZZ_CHECK(rc == DFT_OK || rc == DFT_ECORRUPT);

    dft_ios_mbfile mb;
    rc = dft_ios_mbfile_parse(data, size, &mb);
    FUZZ_CHECK(rc == DFT_OK || rc == DFT_ECORRUPT);
    dft_ios_mbfile_clear(&mb);
    FUZZ_CHECK(mb.target == NULL);
    dft_ios_mbfile_clear(&mb);
    return 0;
}
