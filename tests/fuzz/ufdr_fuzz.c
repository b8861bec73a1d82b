/*
 * ufdr_fuzz.c - fuzz harness for the UFDR report.xml reader (parsers/ufdr.c, libxml2 streaming).
 * The input is the report; the read callback hands it out in uneven chunks (1..4096 bytes, a fixed
 * cycle) so element and attribute boundaries fall across reads. Checks: DFT_OK, DFT_ECORRUPT or
 * DFT_ENOMEM only; a report object always comes back and frees cleanly; metadata keys are unique,
 * non-empty and have non-empty values; every device path found starts with '/' and uses '/'.
 */
#include <stdint.h>
#include <string.h>

#include "error.h"
#include "fuzz_check.h"
#include "parsers/ufdr.h"

typedef struct feed {
    const uint8_t *data;
    size_t size, off;
    unsigned turn;
} feed;

static int feed_read(void *payload, char *buf, int len)
{
    static const int chunks[] = {4096, 1, 7, 64, 3, 512, 2, 33};
    feed *f = payload;
    size_t left = f->size - f->off;
    size_t n = (size_t)chunks[f->turn++ % (sizeof chunks / sizeof chunks[0])];
    if (n > (size_t)len) n = (size_t)len;
    if (n > left) n = left;
    memcpy(buf, f->data + f->off, n);
    f->off += n;
    return (int)n;
}

static void check_device(const dft_ufdr_report *r, const char *local)
{
    const char *fs = NULL;
    const char *dev = dft_ufdr_device_path(r, local, &fs);
    if (dev) FUZZ_CHECK(dev[0] == '/' && strchr(dev, '\\') == NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    feed f = {data, size, 0, 0};
    dft_ufdr_report *r = NULL;
    int rc = dft_ufdr_report_parse(&r, feed_read, &f);
    FUZZ_CHECK(rc == DFT_OK || rc == DFT_ECORRUPT || rc == DFT_ENOMEM);
    FUZZ_CHECK(r != NULL);
    size_t n = dft_ufdr_meta_count(r);
    for (size_t i = 0; i < n; i++) {
        const char *k, *v;
        dft_ufdr_meta_at(r, i, &k, &v);
        FUZZ_CHECK(k && *k && v && *v);
        for (size_t j = 0; j < i; j++) {
            const char *k2, *v2;
            dft_ufdr_meta_at(r, j, &k2, &v2);
            FUZZ_CHECK(strcmp(k, k2) != 0);
        }
        check_device(r, v); /* values are as good a guess at local names as any */
    }
    (void)dft_ufdr_file_count(r);
    check_device(r, "files/a");
    check_device(r, "");
    dft_ufdr_report_free(r);
    return 0;
}
