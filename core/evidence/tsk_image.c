/*
 * tsk_image.c - the TSK evidence backend's image layer: finding the segment files (split raw,
 * E01 sets), opening them through TSK, reading the EWF header and stored hashes with libewf,
 * hashing the whole media (hash_media) and random reads for the fingerprint (read_at).
 *
 * EWF segment names (libewf naming schema): .E01 ... .E99, then .EAA ... .EZZ, .FAA ...; the case
 * of the first segment's extension is kept. libewf_glob stops at the first missing segment, so a
 * gap is found by looking for later segments beyond the globbed ones.
 *
 * Invariants:
 *  1. Every image handle opened here is closed by its opener (hash_media its own; the walk handle
 *     in tsk_close).
 *  2. hash_media reads the media once, in order, in 4 MiB blocks; an unreadable piece (64 KiB;
 *     for E01 a chunk) is hashed as zeros and counted, so the digest always covers exactly
 *     ev->size bytes. read_at on an E01 gives a bad chunk as zeros too (the fingerprint must not
 *     fail an ingest the media hash survives).
 */
#include "tsk_internal.h"

#include <ctype.h>
#include <errno.h>
#include <libewf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "buf.h"
#include "error.h"
#include "hash.h"

#define HASH_BLOCK (4u * 1024 * 1024)
#define HASH_PIECE (64u * 1024)
/* Decoded EWF chunks shared by the walk, the workers and the media hash (ewf_image.h). */
#define EWF_CACHE_BYTES (64u * 1024 * 1024)

const char *dft_tsk_errstr(char *buf, size_t len)
{
    const char *e = tsk_error_get();
    snprintf(buf, len, "%s", e && *e ? e : "unknown TSK error");
    for (char *p = buf; *p; p++)
        if (*p == '\n' || *p == '\r') *p = ' ';
    tsk_error_reset();
    return buf;
}

static bool is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* ---- split raw ----------------------------------------------------------------------------- */

/* Increments the suffix in place (digits or letters, same width). False on overflow. */
static bool suffix_next(char *s, size_t n, bool alpha)
{
    for (size_t i = n; i-- > 0;) {
        char lo = alpha ? (islower((unsigned char)s[i]) ? 'a' : 'A') : '0';
        char hi = alpha ? (char)(lo + 25) : '9';
        if (s[i] < hi) {
            s[i]++;
            return true;
        }
        s[i] = lo;
    }
    return false;
}

int dft_split_names(const char *path, char ***out, int *count)
{
    *out = NULL;
    *count = 0;
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash)) return DFT_ENOTFOUND;
    const char *suf = dot + 1;
    size_t n = strlen(suf);
    bool alpha;
    if ((!strcmp(suf, "000") || !strcmp(suf, "001")))
        alpha = false;
    else if (!strcasecmp(suf, "aa") || !strcasecmp(suf, "aaa"))
        alpha = true;
    else
        return DFT_ENOTFOUND;

    size_t cap = 8, used = 0;
    char **v = calloc(cap, sizeof *v);
    char *cur = strdup(path);
    if (!v || !cur) goto nomem;
    char *s = cur + (suf - path);
    for (;;) {
        if (!is_file(cur)) break;
        if (used + 2 > cap) {
            char **nv = realloc(v, cap * 2 * sizeof *v);
            if (!nv) goto nomem;
            v = nv;
            cap *= 2;
        }
        v[used] = strdup(cur);
        if (!v[used]) goto nomem;
        v[++used] = NULL;
        if (!suffix_next(s, n, alpha)) break;
    }
    free(cur);
    if (used < 2) {
        dft_strv_free(v);
        return DFT_ENOTFOUND;
    }
    *out = v;
    *count = (int)used;
    return DFT_OK;
nomem:
    free(cur);
    dft_strv_free(v);
    return dft_error_set(DFT_ENOMEM, "out of memory listing segments of %s", path);
}

/* ---- EWF ----------------------------------------------------------------------------------- */

static const char *ewf_errstr(libewf_error_t *err, char *buf, size_t len)
{
    buf[0] = '\0';
    if (err) {
        libewf_error_sprint(err, buf, len);
        libewf_error_free(&err);
    }
    for (char *p = buf; *p; p++)
        if (*p == '\n' || *p == '\r') *p = ';';
    if (!buf[0]) snprintf(buf, len, "unknown libewf error");
    return buf;
}

/* Segment number n (1-based) as an extension like the first one ("E01"/"e01"). */
static void ewf_ext(char out[4], int n, char first)
{
    bool lower = islower((unsigned char)first);
    if (n <= 99) {
        out[0] = first;
        out[1] = (char)('0' + (n / 10) % 10);
        out[2] = (char)('0' + n % 10);
        out[3] = '\0';
        return;
    }
    int i = n - 100;
    char base = lower ? 'a' : 'A';
    out[0] = (char)(first + i / 676);
    out[1] = (char)(base + (i / 26) % 26);
    out[2] = (char)(base + i % 26);
    out[3] = '\0';
}

/* After a glob found n segments, looks for later ones: a gap means segment n+1 is missing. */
static bool ewf_gap(const char *path, int n, char *missing, size_t mlen)
{
    size_t len = strlen(path);
    if (len < 4 || path[len - 4] != '.') return false;
    char *p = strdup(path);
    if (!p) return false;
    char first = path[len - 3];
    bool gap = false;
    for (int k = n + 2; k <= n + 64 && k < 1000; k++) {
        char ext[4];
        ewf_ext(ext, k, first);
        memcpy(p + len - 3, ext, 3);
        if (is_file(p)) {
            gap = true;
            break;
        }
    }
    if (gap) {
        char ext[4];
        ewf_ext(ext, n + 1, first);
        memcpy(p + len - 3, ext, 3);
        snprintf(missing, mlen, "%s", p);
    }
    free(p);
    return gap;
}

/* EWF v1 section chain of one segment file (libewf "EWF specification", section descriptor):
 *   file header   13 bytes  "EVF\t\r\n\xff\0", 1, segment number u16, 0 u16
 *   descriptor    76 bytes  type[16] (NUL-padded), next section offset u64le (absolute), size u64le,
 *                           padding[40], adler32 u32
 * The chain of the last segment ends with a "done" section, every other segment with "next"
 * (both point to themselves). Returns 1 for "done", 0 for "next", -1 when the file ends before
 * the chain does (truncated), -2 when a descriptor is damaged (its adler32 fails, or its next
 * offset goes backwards or past the end of the file): *bad_off gets that descriptor's offset. */
static int ewf_segment_end(const char *path, uint64_t *bad_off)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    struct stat st;
    uint64_t fsize = fstat(fileno(f), &st) == 0 ? (uint64_t)st.st_size : UINT64_MAX;
    uint64_t off = 13;
    int result = -1;
    for (int guard = 0; guard < 100000; guard++) {
        uint8_t d[76];
        if (fseeko(f, (off_t)off, SEEK_SET) != 0 || fread(d, 1, sizeof d, f) != sizeof d) break;
        dft_buf b = dft_buf_make(d, sizeof d);
        uint64_t next = 0;
        uint32_t sum = 0;
        if (dft_buf_seek(&b, 16) != DFT_OK || dft_buf_u64le(&b, &next) != DFT_OK) break;
        if (dft_buf_seek(&b, 72) != DFT_OK || dft_buf_u32le(&b, &sum) != DFT_OK) break;
        if (adler32(1, d, 72) != sum) {
            result = -2;
            if (bad_off) *bad_off = off;
            break;
        }
        if (!strncmp((const char *)d, "done", 16)) {
            result = 1;
            break;
        }
        if (!strncmp((const char *)d, "next", 16)) {
            result = 0;
            break;
        }
        if (next <= off || (next > fsize && fsize != UINT64_MAX)) {
            /* a checksummed descriptor pointing past the end: the file was cut (truncated) */
            result = next > fsize ? -1 : -2;
            if (result == -2 && bad_off) *bad_off = off;
            break;
        }
        off = next;
    }
    fclose(f);
    return result;
}

static int kv_add(dft_tsk_ev *t, const char *k, const char *v)
{
    dft_tsk_kv *nm = realloc(t->meta, (t->nmeta + 1) * sizeof *nm);
    if (!nm) return dft_error_set(DFT_ENOMEM, "out of memory");
    t->meta = nm;
    nm[t->nmeta].key = strdup(k);
    nm[t->nmeta].value = strdup(v);
    if (!nm[t->nmeta].key || !nm[t->nmeta].value) {
        free(nm[t->nmeta].key);
        free(nm[t->nmeta].value);
        return dft_error_set(DFT_ENOMEM, "out of memory");
    }
    t->nmeta++;
    return DFT_OK;
}

static void ewf_read_meta(dft_evidence *ev, dft_tsk_ev *t, libewf_handle_t *h)
{
    libewf_error_t *err = NULL;
    uint32_t nvals = 0;
    if (libewf_handle_get_number_of_header_values(h, &nvals, &err) == 1) {
        for (uint32_t i = 0; i < nvals; i++) {
            uint8_t id[128], val[4096];
            size_t idsz = 0;
            if (libewf_handle_get_header_value_identifier_size(h, i, &idsz, &err) != 1 || idsz == 0 ||
                idsz > sizeof id ||
                libewf_handle_get_header_value_identifier(h, i, id, sizeof id, &err) != 1) {
                libewf_error_free(&err);
                continue;
            }
            size_t idlen = strnlen((char *)id, sizeof id);
            if (libewf_handle_get_utf8_header_value(h, id, idlen, val, sizeof val, &err) != 1) {
                libewf_error_free(&err);
                continue;
            }
            if (val[0]) kv_add(t, (char *)id, (char *)val);
        }
    }
    libewf_error_free(&err);

    uint8_t hv[128];
    if (libewf_handle_get_utf8_hash_value(h, (const uint8_t *)"MD5", 3, hv, sizeof hv, &err) == 1 &&
        strlen((char *)hv) == 32) {
        memcpy(ev->stored_md5, hv, 33);
    } else {
        uint8_t md5[16];
        libewf_error_free(&err);
        if (libewf_handle_get_md5_hash(h, md5, sizeof md5, &err) == 1) dft_hex(ev->stored_md5, md5, 16);
    }
    libewf_error_free(&err);
    if (libewf_handle_get_utf8_hash_value(h, (const uint8_t *)"SHA1", 4, hv, sizeof hv, &err) == 1 &&
        strlen((char *)hv) == 40) {
        memcpy(ev->stored_sha1, hv, 41);
    } else {
        uint8_t sha1[20];
        libewf_error_free(&err);
        if (libewf_handle_get_sha1_hash(h, sha1, sizeof sha1, &err) == 1) dft_hex(ev->stored_sha1, sha1, 20);
    }
    libewf_error_free(&err);
    for (char *p = ev->stored_md5; *p; p++) *p = (char)tolower((unsigned char)*p);
    for (char *p = ev->stored_sha1; *p; p++) *p = (char)tolower((unsigned char)*p);
}

static bool is_ewf2(const char *path)
{
    uint8_t m[8] = { 0 };
    FILE *f = fopen(path, "rb");
    if (!f) return false;
    size_t n = fread(m, 1, sizeof m, f);
    fclose(f);
    return n == 8 && memcmp(m, "EVF2\x0d\x0a\x81\x00", 8) == 0;
}

static int ewf_prepare(dft_evidence *ev, dft_tsk_ev *t)
{
    char msg[512];
    libewf_error_t *err = NULL;
    char **globbed = NULL;
    int n = 0;
    bool ewf2 = is_ewf2(ev->path);
    if (libewf_glob(ev->path, strlen(ev->path), LIBEWF_FORMAT_UNKNOWN, &globbed, &n, &err) != 1 || n < 1) {
        if (ewf2) {
            libewf_error_free(&err);
            return dft_error_set(DFT_EUNSUPPORTED, "%s: Ex01 (EWF2) is not supported by this libewf (%s)",
                                 ev->path, libewf_get_version());
        }
        return dft_error_set(DFT_ECORRUPT, "%s: cannot find EWF segments: %s", ev->path,
                             ewf_errstr(err, msg, sizeof msg));
    }
    char missing[4096] = "";
    bool gap = ewf_gap(ev->path, n, missing, sizeof missing);
    uint64_t bad_off = 0;
    int end = ewf2 ? 1 : ewf_segment_end(globbed[n - 1], &bad_off);
    if (!gap && !ewf2 && end == 0) {
        /* the last segment found says another one follows */
        size_t len = strlen(ev->path);
        if (len >= 4 && ev->path[len - 4] == '.' && len < sizeof missing) {
            char ext[4];
            memcpy(missing, ev->path, len + 1);
            ewf_ext(ext, n + 1, ev->path[len - 3]);
            memcpy(missing + len - 3, ext, 3);
            gap = true;
        }
    }
    if (gap) {
        libewf_glob_free(globbed, n, NULL);
        return dft_error_set(DFT_ECORRUPT, "%s: EWF segment %s is missing (the set is incomplete)", ev->path,
                             missing);
    }
    /* The last segment must end with a "done" section; without it the acquisition or the copy was
     * cut short and libewf serves data it cannot vouch for (seen: wrong file contents, no error). */
    if (!ewf2 && end == -2) {
        int rc = dft_error_set(DFT_ECORRUPT, "%s: EWF segment %s is damaged: the section descriptor at byte %llu "
                               "fails its checksum or points backwards (a corrupted header, not a truncation); "
                               "the image cannot be read safely", ev->path, globbed[n - 1],
                               (unsigned long long)bad_off);
        libewf_glob_free(globbed, n, NULL);
        return rc;
    }
    if (!ewf2 && end != 1) {
        int rc = dft_error_set(DFT_ECORRUPT, "%s: EWF segment %s is truncated (its section chain has no 'done' "
                               "section): the image is incomplete; convert what is readable with ewfexport "
                               "and ingest that raw image", ev->path, globbed[n - 1]);
        libewf_glob_free(globbed, n, NULL);
        return rc;
    }

    t->names = calloc((size_t)n + 1, sizeof *t->names);
    int rc = DFT_OK;
    if (!t->names) rc = dft_error_set(DFT_ENOMEM, "out of memory");
    for (int i = 0; rc == DFT_OK && i < n; i++) {
        t->names[i] = strdup(globbed[i]);
        if (!t->names[i]) rc = dft_error_set(DFT_ENOMEM, "out of memory");
    }
    t->nnames = n;
    libewf_glob_free(globbed, n, NULL);
    if (rc) return rc;

    libewf_handle_t *h = NULL;
    if (libewf_handle_initialize(&h, &err) != 1)
        return dft_error_set(DFT_ENOMEM, "%s: libewf: %s", ev->path, ewf_errstr(err, msg, sizeof msg));
    if (libewf_handle_open(h, t->names, n, libewf_get_access_flags_read(), &err) != 1) {
        ewf_errstr(err, msg, sizeof msg);
        libewf_handle_free(&h, NULL);
        if (ewf2) return dft_error_set(DFT_EUNSUPPORTED, "%s: Ex01 (EWF2) is not supported by this libewf (%s)",
                                       ev->path, libewf_get_version());
        return dft_error_set(DFT_ECORRUPT, "%s: cannot open EWF image: %s", ev->path, msg);
    }
    ewf_read_meta(ev, t, h);
    libewf_handle_close(h, NULL);
    libewf_handle_free(&h, NULL);
    return dft_ewf_set_open(t->names, t->nnames, EWF_CACHE_BYTES, &t->ewf);
}

/* ---- image handles, read_at, hash_media ----------------------------------------------------- */

TSK_IMG_INFO *dft_tsk_img_open(const dft_tsk_ev *t)
{
    if (t->ewf) return dft_ewf_img_open(t->ewf);
    return tsk_img_open_utf8(t->nnames, (const char *const *)t->names, t->itype, 0);
}

static int tsk_read_at(dft_evidence *ev, uint64_t offset, void *buf, size_t len)
{
    dft_tsk_ev *t = ev->impl;
    if (t->ewf) {
        uint64_t bad = 0;
        return dft_ewf_img_read_media(t->img, offset, buf, len, &bad);
    }
    size_t done = 0;
    while (done < len) {
        ssize_t r = tsk_img_read(t->img, (TSK_OFF_T)(offset + done), (char *)buf + done, len - done);
        if (r <= 0) {
            char e[256];
            return dft_error_set(DFT_EIO, "%s: read at %llu failed: %s", ev->path,
                                 (unsigned long long)(offset + done), dft_tsk_errstr(e, sizeof e));
        }
        done += (size_t)r;
    }
    return DFT_OK;
}

/* Reads len bytes at off into buf; unreadable pieces become zeros, counted in *bad. */
static void read_or_zero(TSK_IMG_INFO *img, uint64_t off, uint8_t *buf, size_t len, uint64_t *bad)
{
    ssize_t r = tsk_img_read(img, (TSK_OFF_T)off, (char *)buf, len);
    if (r == (ssize_t)len) return;
    tsk_error_reset();
    for (size_t p = 0; p < len; p += HASH_PIECE) {
        size_t want = len - p < HASH_PIECE ? len - p : HASH_PIECE;
        size_t got = 0;
        while (got < want) {
            r = tsk_img_read(img, (TSK_OFF_T)(off + p + got), (char *)buf + p + got, want - got);
            if (r <= 0) break;
            got += (size_t)r;
        }
        if (got < want) {
            memset(buf + p + got, 0, want - got);
            *bad += want - got;
            tsk_error_reset();
        }
    }
}

/* EWF media hash through the set's readers: a chunk whose checksum fails is hashed as zeros and
 * counted (TSK's own EWF layer would hand its corrupt bytes on without a word); chunks the workers
 * have already inflated come from the shared cache. */
static int ewf_hash_media(dft_evidence *ev, dft_tsk_ev *t, dft_hashes *out, uint64_t *bad_bytes,
                          void (*progress)(void *payload, uint64_t done), void *payload, const volatile int *cancel)
{
    char e[256];
    TSK_IMG_INFO *img = dft_ewf_img_open(t->ewf);
    if (!img) return dft_error_set(DFT_EIO, "%s: cannot open EWF image: %s", ev->path, dft_tsk_errstr(e, sizeof e));
    uint64_t size = dft_ewf_set_size(t->ewf);
    uint8_t *buf = malloc(HASH_BLOCK);
    dft_hasher *hs = NULL;
    int rc = buf ? dft_hasher_new_parallel(&hs) : dft_error_set(DFT_ENOMEM, "out of memory for media hash");
    for (uint64_t off = 0; rc == DFT_OK && off < size;) {
        if (cancel && *cancel) {
            rc = dft_error_set(DFT_ECANCELLED, "%s: media hash cancelled", ev->path);
            break;
        }
        size_t len = size - off < HASH_BLOCK ? (size_t)(size - off) : HASH_BLOCK;
        rc = dft_ewf_img_read_media(img, off, buf, len, bad_bytes);
        if (rc == DFT_OK) dft_evidence_media_block(ev, off, buf, len);
        if (rc == DFT_OK) rc = dft_hasher_update(hs, buf, len);
        off += len;
        if (progress) progress(payload, off);
    }
    char ranges[768];
    size_t nbad = rc == DFT_OK ? dft_ewf_set_bad_sectors(t->ewf, ranges, sizeof ranges) : 0;
    if (nbad)
        snprintf(ev->media_note, sizeof ev->media_note,
                 "%zu EWF chunk(s) failed their checksum or could not be read and were hashed as zeros; files "
                 "with content in them are marked partial; sectors %s", nbad, ranges);
    if (rc == DFT_OK) rc = dft_hasher_final(hs, out);
    dft_hasher_free(hs);
    free(buf);
    tsk_img_close(img);
    return rc;
}

static int tsk_hash_media(dft_evidence *ev, dft_hashes *out, uint64_t *bad_bytes,
                          void (*progress)(void *payload, uint64_t done), void *payload,
                          const volatile int *cancel)
{
    dft_tsk_ev *t = ev->impl;
    if (t->itype == TSK_IMG_TYPE_EWF_EWF) return ewf_hash_media(ev, t, out, bad_bytes, progress, payload, cancel);
    char e[256];
    TSK_IMG_INFO *img = dft_tsk_img_open(t);
    if (!img) return dft_error_set(DFT_EIO, "%s: cannot open image: %s", ev->path, dft_tsk_errstr(e, sizeof e));
    uint8_t *buf = malloc(HASH_BLOCK);
    dft_hasher *h = NULL;
    int rc = buf ? dft_hasher_new_parallel(&h) : dft_error_set(DFT_ENOMEM, "out of memory for media hash");
    uint64_t size = (uint64_t)img->size;
    for (uint64_t off = 0; rc == DFT_OK && off < size;) {
        if (cancel && *cancel) {
            rc = dft_error_set(DFT_ECANCELLED, "%s: media hash cancelled", ev->path);
            break;
        }
        size_t len = size - off < HASH_BLOCK ? (size_t)(size - off) : HASH_BLOCK;
        read_or_zero(img, off, buf, len, bad_bytes);
        dft_evidence_media_block(ev, off, buf, len);
        rc = dft_hasher_update(h, buf, len);
        off += len;
        if (progress) progress(payload, off);
    }
    if (rc == DFT_OK) rc = dft_hasher_final(h, out);
    dft_hasher_free(h);
    free(buf);
    tsk_img_close(img);
    return rc;
}

static void tsk_close(dft_evidence *ev)
{
    dft_tsk_ev *t = ev->impl;
    if (!t) return;
    for (size_t i = 0; i < t->nsources; i++) dft_tsk_source_free(t->sources[i]);
    free(t->sources);
    for (size_t i = 0; i < t->nmeta; i++) {
        free(t->meta[i].key);
        free(t->meta[i].value);
    }
    free(t->meta);
    free(t->open_warning);
    if (t->img) tsk_img_close(t->img);
    if (t->ewf && getenv("DFT_EWF_STATS")) {
        uint64_t hits, misses;
        dft_ewf_set_stats(t->ewf, &hits, &misses);
        fprintf(stderr, "ewf cache: %llu hits, %llu misses\n", (unsigned long long)hits, (unsigned long long)misses);
    }
    dft_ewf_set_free(t->ewf); /* after every image handle on it */
    /* t->names is ev->parts, freed by evidence.c */
    free(t);
    ev->impl = NULL;
}

static const dft_evidence_ops tsk_ops = {
    .walk = dft_tsk_walk,
    .hash_media = tsk_hash_media,
    .read_at = tsk_read_at,
    .close = tsk_close,
};

int dft_evidence_tsk_open(dft_evidence *ev)
{
    dft_tsk_ev *t = calloc(1, sizeof *t);
    if (!t) return dft_error_set(DFT_ENOMEM, "out of memory");
    ev->impl = t;
    ev->ops = &tsk_ops;
    int rc = DFT_OK;
    if (!strcmp(ev->kind, "ewf")) {
        t->itype = TSK_IMG_TYPE_EWF_EWF;
        rc = ewf_prepare(ev, t);
    } else if (!strcmp(ev->kind, "split")) {
        t->itype = TSK_IMG_TYPE_RAW;
        rc = dft_split_names(ev->path, &t->names, &t->nnames);
        if (rc == DFT_ENOTFOUND) rc = dft_error_set(DFT_ENOTFOUND, "%s: no further split segment", ev->path);
    } else {
        t->itype = !strcmp(ev->kind, "vmdk") ? TSK_IMG_TYPE_VMDK_VMDK
                 : !strcmp(ev->kind, "vhd")  ? TSK_IMG_TYPE_VHD_VHD
                                             : TSK_IMG_TYPE_RAW;
        t->names = calloc(2, sizeof *t->names);
        if (t->names) t->names[0] = strdup(ev->path);
        if (!t->names || !t->names[0]) rc = dft_error_set(DFT_ENOMEM, "out of memory");
        t->nnames = 1;
    }
    ev->parts = t->names;
    if (rc) return rc;
    t->img = dft_tsk_img_open(t);
    if (!t->img) {
        char e[256];
        return dft_error_set(DFT_ECORRUPT, "%s: cannot open %s image: %s", ev->path, ev->kind,
                             dft_tsk_errstr(e, sizeof e));
    }
    ev->size = (uint64_t)t->img->size;
    if (ev->size == 0) return dft_error_set(DFT_ECORRUPT, "%s: image has no data (0 bytes)", ev->path);
    return DFT_OK;
}
