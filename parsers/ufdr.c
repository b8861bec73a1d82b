/*
 * ufdr.c - streaming reader of a UFDR report.xml (see ufdr.h for the elements used).
 */
#include "parsers/ufdr.h"

#include <libxml/xmlreader.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"

#define MAX_EXTRA_META 256

typedef struct kv {
    char *key, *value;
} kv;

typedef struct filemap {
    char *local, *device, *fs;
} filemap;

struct dft_ufdr_report {
    kv *meta;
    size_t nmeta, capmeta, nextra;
    filemap *files;
    size_t nfiles, capfiles;
};

typedef struct io_ctx {
    dft_ufdr_read_fn rd;
    void *payload;
} io_ctx;

static int io_read(void *ctx, char *buf, int len)
{
    io_ctx *io = ctx;
    return io->rd(io->payload, buf, len);
}

static int io_close(void *ctx)
{
    (void)ctx;
    return 0;
}

static int meta_add(dft_ufdr_report *r, const char *key, const char *value)
{
    if (!value || !*value) return DFT_OK;
    for (size_t i = 0; i < r->nmeta; i++)
        if (strcmp(r->meta[i].key, key) == 0) return DFT_OK;
    if (r->nmeta == r->capmeta) {
        size_t cap = r->capmeta ? r->capmeta * 2 : 16;
        kv *m = realloc(r->meta, cap * sizeof *m);
        if (!m) return dft_error_set(DFT_ENOMEM, "out of memory for ufdr metadata");
        r->meta = m;
        r->capmeta = cap;
    }
    r->meta[r->nmeta].key = strdup(key);
    r->meta[r->nmeta].value = strdup(value);
    if (!r->meta[r->nmeta].key || !r->meta[r->nmeta].value) {
        free(r->meta[r->nmeta].key);
        free(r->meta[r->nmeta].value);
        return dft_error_set(DFT_ENOMEM, "out of memory for ufdr metadata");
    }
    r->nmeta++;
    return DFT_OK;
}

static bool has(const char *s, const char *needle) { return strcasestr(s, needle) != NULL; }

/* Maps a report metadata item name to a device.* key, or NULL. */
static const char *device_key(const char *name)
{
    if (has(name, "DetectedModel") || has(name, "SelectedDeviceName") || strcasecmp(name, "Model") == 0 ||
        strcasecmp(name, "Device Model") == 0)
        return "device.model";
    if (has(name, "IMEI")) return "device.imei";
    if (has(name, "OSVersion") || has(name, "OS Version")) return "device.os_version";
    if (has(name, "ExtractionType") || has(name, "Extraction Type")) return "device.extraction_type";
    if (has(name, "ExtractionStartDateTime") || has(name, "ExtractionDate") ||
        has(name, "Extraction start date"))
        return "device.extraction_date";
    if (has(name, "Manufacturer") || strcasecmp(name, "Vendor") == 0) return "device.manufacturer";
    return NULL;
}

static char *norm_local(const char *s)
{
    while (*s == '/' || *s == '\\' || (s[0] == '.' && (s[1] == '/' || s[1] == '\\'))) s += (*s == '.') ? 2 : 1;
    char *o = strdup(s);
    if (!o) return NULL;
    for (char *p = o; *p; p++)
        if (*p == '\\') *p = '/';
    return o;
}

static int file_add(dft_ufdr_report *r, const char *local, const char *device, const char *fs)
{
    if (r->nfiles == r->capfiles) {
        size_t cap = r->capfiles ? r->capfiles * 2 : 64;
        filemap *f = realloc(r->files, cap * sizeof *f);
        if (!f) return dft_error_set(DFT_ENOMEM, "out of memory for ufdr file map");
        r->files = f;
        r->capfiles = cap;
    }
    filemap *f = &r->files[r->nfiles];
    f->local = norm_local(local);
    f->device = device[0] == '/' ? strdup(device) : NULL;
    if (device[0] != '/' && (f->device = malloc(strlen(device) + 2))) {
        f->device[0] = '/';
        strcpy(f->device + 1, device);
    }
    f->fs = fs ? strdup(fs) : NULL;
    if (!f->local || !f->device) {
        free(f->local);
        free(f->device);
        free(f->fs);
        return dft_error_set(DFT_ENOMEM, "out of memory for ufdr file map");
    }
    for (char *p = f->device; *p; p++)
        if (*p == '\\') *p = '/';
    r->nfiles++;
    return DFT_OK;
}

static int cmp_file(const void *a, const void *b)
{
    return strcmp(((const filemap *)a)->local, ((const filemap *)b)->local);
}

static char *attr(xmlTextReaderPtr rd, const char *name)
{
    return (char *)xmlTextReaderGetAttribute(rd, (const xmlChar *)name);
}

int dft_ufdr_report_parse(dft_ufdr_report **out, dft_ufdr_read_fn rdfn, void *payload)
{
    dft_ufdr_report *r = calloc(1, sizeof *r);
    if (!r) return dft_error_set(DFT_ENOMEM, "out of memory for ufdr report");
    *out = r;
    io_ctx io = {rdfn, payload};
    xmlTextReaderPtr rd = xmlReaderForIO(io_read, io_close, &io, NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                                            XML_PARSE_NOWARNING);
    if (!rd) return dft_error_set(DFT_ENOMEM, "cannot create an XML reader for report.xml");
    int rc = DFT_OK, ret;
    int file_depth = -1;
    char *cur_path = NULL, *cur_fs = NULL;
    while ((ret = xmlTextReaderRead(rd)) == 1) {
        int type = xmlTextReaderNodeType(rd);
        int depth = xmlTextReaderDepth(rd);
        const char *ln = (const char *)xmlTextReaderConstLocalName(rd);
        if (type == XML_READER_TYPE_END_ELEMENT) {
            if (depth == file_depth && ln && strcmp(ln, "file") == 0) {
                file_depth = -1;
                free(cur_path);
                free(cur_fs);
                cur_path = cur_fs = NULL;
            }
            continue;
        }
        if (type != XML_READER_TYPE_ELEMENT || !ln) continue;
        bool empty = xmlTextReaderIsEmptyElement(rd) == 1;
        if (strcmp(ln, "project") == 0) {
            char *v = attr(rd, "name");
            if (v) rc = meta_add(r, "ufdr.project", v);
            xmlFree(v);
        } else if (strcmp(ln, "extractionInfo") == 0) {
            char *t = attr(rd, "type"), *dn = attr(rd, "deviceName");
            if (t) rc = meta_add(r, "device.extraction_type", t);
            if (!rc && dn) rc = meta_add(r, "device.name", dn);
            xmlFree(t);
            xmlFree(dn);
        } else if (strcmp(ln, "file") == 0 && !empty && file_depth < 0) {
            cur_path = attr(rd, "path");
            cur_fs = attr(rd, "fs");
            file_depth = depth;
        } else if (strcmp(ln, "item") == 0 && !empty) {
            char *name = attr(rd, "name");
            if (name) {
                char *val = (char *)xmlTextReaderReadString(rd);
                if (val) {
                    if (file_depth >= 0) {
                        if (cur_path && strcasecmp(name, "Local Path") == 0)
                            rc = file_add(r, val, cur_path, cur_fs);
                    } else {
                        const char *k = device_key(name);
                        if (k) {
                            rc = meta_add(r, k, val);
                        } else if (r->nextra < MAX_EXTRA_META && strlen(name) < 200) {
                            char key[256];
                            snprintf(key, sizeof key, "ufdr.%s", name);
                            r->nextra++;
                            rc = meta_add(r, key, val);
                        }
                    }
                }
                xmlFree(val);
            }
            xmlFree(name);
        }
        if (rc) break;
    }
    if (!rc && ret < 0) rc = DFT_CORRUPT("report.xml is not well-formed XML (stopped after %zu files)", r->nfiles);
    if (cur_path) xmlFree(cur_path);
    if (cur_fs) xmlFree(cur_fs);
    xmlFreeTextReader(rd);
    if (r->nfiles) qsort(r->files, r->nfiles, sizeof *r->files, cmp_file);
    return rc;
}

void dft_ufdr_report_free(dft_ufdr_report *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->nmeta; i++) {
        free(r->meta[i].key);
        free(r->meta[i].value);
    }
    for (size_t i = 0; i < r->nfiles; i++) {
        free(r->files[i].local);
        free(r->files[i].device);
        free(r->files[i].fs);
    }
    free(r->meta);
    free(r->files);
    free(r);
}

size_t dft_ufdr_meta_count(const dft_ufdr_report *r) { return r ? r->nmeta : 0; }

void dft_ufdr_meta_at(const dft_ufdr_report *r, size_t i, const char **key, const char **value)
{
    *key = r->meta[i].key;
    *value = r->meta[i].value;
}

size_t dft_ufdr_file_count(const dft_ufdr_report *r) { return r ? r->nfiles : 0; }

const char *dft_ufdr_device_path(const dft_ufdr_report *r, const char *local, const char **fs)
{
    if (!r || !r->nfiles) return NULL;
    filemap key = {(char *)local, NULL, NULL};
    const filemap *f = bsearch(&key, r->files, r->nfiles, sizeof *r->files, cmp_file);
    if (!f) return NULL;
    if (fs) *fs = f->fs;
    return f->device;
}
