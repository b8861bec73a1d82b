/*
 * zipcd_fuzz.c - fuzz harness for the zip central directory reader (parsers/zipcd.c). The
 * input is the whole zip file: it is written to a private temp file (mkstemp in $TMPDIR, unlinked
 * at once so a crash leaves nothing behind) and read through the fd, as the archive walk does.
 * Checks: the codes the reader documents (DFT_OK, DFT_ECORRUPT, DFT_ENOTFOUND; DFT_EIO for reads
 * past the end); entries have names no longer than the input; every entry can be taken exactly
 * once by name, in order among equal names; a partial directory frees cleanly.
 */
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "parsers/zipcd.h"
#include "error.h"
#include "fuzz_check.h"
#include "fuzz_tmp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[4096];
    fuzz_tmp_template(path, sizeof path, "dft-zipcd-fuzz-");
    int fd = mkstemp(path);
    if (fd < 0) return 0;
    unlink(path);
    size_t off = 0;
    while (off < size) {
        ssize_t w = write(fd, data + off, size - off);
        if (w <= 0) {
            close(fd);
            return 0;
        }
        off += (size_t)w;
    }
    dft_zipcd *z = NULL;
    int rc = dft_zipcd_read(&z, fd, size);
    FUZZ_CHECK(rc == DFT_OK || rc == DFT_ECORRUPT || rc == DFT_ENOTFOUND || rc == DFT_EIO);
    if (rc == DFT_ENOTFOUND) FUZZ_CHECK(z == NULL);
    size_t n = dft_zipcd_count(z);
    for (size_t i = 0; i < n; i++) {
        const dft_zipcd_entry *e = dft_zipcd_at(z, i);
        FUZZ_CHECK(e && e->name && strlen(e->name) <= size);
    }
    if (z) FUZZ_CHECK(dft_zipcd_at(z, n) == NULL);
    /* take every entry by its name: each comes back once, the first untaken one of that name */
    for (size_t i = 0; i < n; i++) {
        const dft_zipcd_entry *e = dft_zipcd_at(z, i);
        const dft_zipcd_entry *t = dft_zipcd_take(z, e->name);
        FUZZ_CHECK(t == e);
    }
    for (size_t i = 0; i < n && i < 16; i++) FUZZ_CHECK(dft_zipcd_take(z, dft_zipcd_at(z, i)->name) == NULL);
    FUZZ_CHECK(dft_zipcd_take(z, "\x01no such member") == NULL || n);
    dft_zipcd_free(z);
    close(fd);
    return 0;
}
