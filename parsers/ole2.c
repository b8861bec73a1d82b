/*
 * ole2.c - OLE2 compound-file streams through libgsf (rules in ole2.h). libgsf reads from a
 * GsfInputMemory over the caller's bytes: nothing is copied or written to disk.
 */
#include "ole2.h"

#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-input.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

struct dft_ole2 {
    GsfInput *mem;
    GsfInfile *ole;
};

static const uint8_t signature[8] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };

int dft_ole2_is(const void *data, size_t len)
{
    return data && len >= sizeof signature && !memcmp(data, signature, sizeof signature);
}

int dft_ole2_open(dft_ole2 **out, const void *data, size_t len)
{
    *out = NULL;
    if (!dft_ole2_is(data, len)) return dft_error_set(DFT_ENOTFOUND, "no OLE2 compound-file signature");
    dft_ole2 *o = calloc(1, sizeof *o);
    if (!o) return dft_error_set(DFT_ENOMEM, "out of memory");
    o->mem = gsf_input_memory_new(data, (gsf_off_t)len, FALSE);
    GError *err = NULL;
    o->ole = o->mem ? gsf_infile_msole_new(o->mem, &err) : NULL;
    if (!o->ole) {
        int rc = DFT_CORRUPT("OLE2 container not readable: %s", err && err->message ? err->message : "libgsf refused it");
        if (err) g_error_free(err);
        dft_ole2_close(o);
        return rc;
    }
    *out = o;
    return DFT_OK;
}

int dft_ole2_stream(dft_ole2 *o, const char *name, size_t max, uint8_t **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    GsfInput *s = gsf_infile_child_by_name(o->ole, name);
    if (!s) return dft_error_set(DFT_ENOTFOUND, "no %s stream", name);
    gsf_off_t size = gsf_input_size(s);
    int rc = DFT_OK;
    uint8_t *buf = NULL;
    if (size < 0 || (uint64_t)size > max) {
        rc = dft_error_set(DFT_ELIMIT, "%s stream of %lld bytes over the %zu-byte cap", name, (long long)size, max);
    } else if (!(buf = malloc((size_t)size + 1))) {
        rc = dft_error_set(DFT_ENOMEM, "out of memory");
    } else if (size > 0 && !gsf_input_read(s, (size_t)size, buf)) {
        rc = DFT_CORRUPT("%s stream: sector chain broken", name);
    }
    g_object_unref(s);
    if (rc) {
        free(buf);
        return rc;
    }
    buf[size] = 0;
    *out = buf;
    *len = (size_t)size;
    return DFT_OK;
}

int dft_ole2_has(dft_ole2 *o, const char *name)
{
    GsfInput *s = gsf_infile_child_by_name(o->ole, name);
    if (!s) return 0;
    g_object_unref(s);
    return 1;
}

void dft_ole2_close(dft_ole2 *o)
{
    if (!o) return;
    if (o->ole) g_object_unref(o->ole);
    if (o->mem) g_object_unref(o->mem);
    free(o);
}
