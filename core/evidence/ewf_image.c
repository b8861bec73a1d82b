/*
 * ewf_image.c - E01 sets through libewf as TSK external images with a shared decoded-chunk cache
 * (see ewf_image.h for why and the invariants).
 *
 * Every read is cut into whole chunks: a chunk is stored (compressed or not) as a whole, so
 * decoding whole chunks costs nothing more and lets the cache hold them. A chunk is decoded from
 * its stored form with libdeflate (decode_stored). libewf_handle_read_random decodes it instead
 * only while that may help (chunk_copy: the chunk API has not worked on the set yet and the
 * fallback has not met a bad chunk), and then whether the chunk failed its checksum is taken from
 * the handle's checksum-error ranges (libewf keeps them per handle and merges neighbours, so
 * counting them before and after a read would miss some).
 */
#include "ewf_image.h"

#include <libdeflate.h>
#include <libewf.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "error.h"

#define MAX_READERS 64 /* TSK readers whose position paces the media hash; more are not tracked */
#define MAX_CHUNK (16u << 20) /* ewfacquire's largest: 32768 sectors of 512 bytes */
#define STORED_SANE(chunk) (2 * (size_t)(chunk) + 64) /* a chunk zlib made larger, + checksum */

typedef struct slot {
    uint64_t tag;          /* chunk index + 1; 0 = empty */
    bool bad;
} slot;

struct dft_ewf_set {
    char *const *names;
    int nnames;
    uint64_t size;
    uint32_t bps;          /* bytes per sector */
    uint32_t chunk;        /* bytes per chunk */
    size_t nslots;
    slot *slots;
    pthread_mutex_t *locks;
    uint8_t *mem;          /* nslots * chunk */
    pthread_mutex_t bad_lock;
    uint64_t *bad;         /* chunk indexes, unsorted, may repeat until reported */
    size_t nbad, capbad;
    _Atomic uint64_t hits, misses;
    size_t stored_reserve;           /* bytes of address space for one stored chunk (see stored_open) */
    _Atomic uint64_t bad_lost;       /* bad chunks the list could not hold (out of memory) */
    _Atomic int64_t pace_waited_ns;  /* total delay pace_media has imposed */
    int64_t opened_ns;
    _Atomic bool chunk_api_works;    /* libewf_handle_read_chunk has succeeded once on this set */
    _Atomic bool fallback_failed;    /* libewf_handle_read_random found a bad chunk where read_chunk failed */
    /* pacing of the media hash (see pace_media): where each TSK reader read last, and when */
    struct {
        _Atomic uint64_t end_chunk;
        _Atomic int64_t ns;
    } readers[MAX_READERS];
    _Atomic int nreaders;
};

typedef struct ewf_img {
    TSK_IMG_INFO img;      /* first: TSK hands this pointer back to the callbacks */
    dft_ewf_set *set;
    libewf_handle_t *h;
    uint8_t *buf;          /* one chunk */
    uint8_t *stored;       /* one chunk as stored (compressed or not, + checksum); NULL = no fast path */
    size_t stored_map;     /* bytes mapped at stored, guard page included */
    uint64_t failures;     /* reads this handle failed (returned -1) because of a bad chunk */
    struct libdeflate_decompressor *inflater;
    int reader;            /* index in set->readers once it has read through TSK, else -1 */
} ewf_img;

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static const char *ewf_msg(libewf_error_t **err, char *buf, size_t len)
{
    buf[0] = '\0';
    if (err && *err) {
        libewf_error_sprint(*err, buf, len);
        libewf_error_free(err);
    }
    for (char *p = buf; *p; p++)
        if (*p == '\n' || *p == '\r') *p = ' ';
    if (!buf[0]) snprintf(buf, len, "unknown libewf error");
    return buf;
}

static int handle_open(char *const *names, int n, libewf_handle_t **out)
{
    char msg[512];
    libewf_error_t *err = NULL;
    libewf_handle_t *h = NULL;
    *out = NULL;
    if (libewf_handle_initialize(&h, &err) != 1)
        return dft_error_set(DFT_ENOMEM, "libewf: %s", ewf_msg(&err, msg, sizeof msg));
    if (libewf_handle_open(h, names, n, libewf_get_access_flags_read(), &err) != 1) {
        int rc = dft_error_set(DFT_ECORRUPT, "%s: cannot open EWF image: %s", names[0], ewf_msg(&err, msg, sizeof msg));
        libewf_handle_free(&h, NULL);
        return rc;
    }
    /* zeros instead of the bytes of a chunk that fails its checksum; the chunk is then reported */
    libewf_handle_set_read_zero_chunk_on_error(h, 1, NULL);
    *out = h;
    return DFT_OK;
}

int dft_ewf_set_open(char *const *names, int n, size_t cache_bytes, dft_ewf_set **out)
{
    *out = NULL;
    dft_ewf_set *s = calloc(1, sizeof *s);
    if (!s) return dft_error_set(DFT_ENOMEM, "out of memory");
    s->names = names;
    s->nnames = n;
    pthread_mutex_init(&s->bad_lock, NULL);
    libewf_handle_t *h = NULL;
    int rc = handle_open(names, n, &h);
    if (rc) {
        dft_ewf_set_free(s);
        return rc;
    }
    size64_t size = 0;
    uint32_t bps = 0, spc = 0;
    if (libewf_handle_get_media_size(h, &size, NULL) != 1 || libewf_handle_get_bytes_per_sector(h, &bps, NULL) != 1 ||
        libewf_handle_get_sectors_per_chunk(h, &spc, NULL) != 1 || bps == 0 || spc == 0 ||
        (uint64_t)bps * spc > MAX_CHUNK) {
        rc = dft_error_set(DFT_ECORRUPT, "%s: EWF geometry unreadable or implausible (%u bytes/sector, %u sectors/chunk)",
                           names[0], bps, spc);
    }
    libewf_handle_close(h, NULL);
    libewf_handle_free(&h, NULL);
    if (rc) {
        dft_ewf_set_free(s);
        return rc;
    }
    s->size = size;
    s->bps = bps;
    s->chunk = bps * spc;
    s->opened_ns = now_ns();
    /* libewf 20140813 copies a compressed chunk into the caller's buffer at the size its table
     * gives, without checking the buffer: a crafted table makes that as large as the stored bytes
     * it could read, i.e. up to a segment file's size. The stored buffer is therefore an address
     * space reservation that large (pages are only committed when written) with a guard page. */
    s->stored_reserve = STORED_SANE(s->chunk);
    for (int k = 0; k < n; k++) {
        struct stat st;
        if (stat(names[k], &st) == 0 && (uint64_t)st.st_size > s->stored_reserve) s->stored_reserve = (size_t)st.st_size;
    }
    s->nslots = cache_bytes / s->chunk;
    if (s->nslots) {
        s->slots = calloc(s->nslots, sizeof *s->slots);
        s->locks = malloc(s->nslots * sizeof *s->locks);
        s->mem = malloc(s->nslots * (size_t)s->chunk);
        if (!s->slots || !s->locks || !s->mem) {
            free(s->locks);
            s->locks = NULL;
            dft_ewf_set_free(s);
            return dft_error_set(DFT_ENOMEM, "out of memory for the EWF chunk cache");
        }
        for (size_t i = 0; i < s->nslots; i++) pthread_mutex_init(&s->locks[i], NULL);
    }
    *out = s;
    return DFT_OK;
}

void dft_ewf_set_free(dft_ewf_set *s)
{
    if (!s) return;
    if (s->locks)
        for (size_t i = 0; i < s->nslots; i++) pthread_mutex_destroy(&s->locks[i]);
    free(s->locks);
    free(s->slots);
    free(s->mem);
    free(s->bad);
    pthread_mutex_destroy(&s->bad_lock);
    free(s);
}

uint64_t dft_ewf_set_size(const dft_ewf_set *s)
{
    return s->size;
}

void dft_ewf_set_stats(dft_ewf_set *s, uint64_t *hits, uint64_t *misses)
{
    *hits = atomic_load(&s->hits);
    *misses = atomic_load(&s->misses);
}

static void note_bad(dft_ewf_set *s, uint64_t c)
{
    pthread_mutex_lock(&s->bad_lock);
    if (s->nbad == s->capbad) {
        size_t cap = s->capbad ? s->capbad * 2 : 16;
        uint64_t *nv = realloc(s->bad, cap * sizeof *nv);
        if (nv) {
            s->bad = nv;
            s->capbad = cap;
        }
    }
    if (s->nbad < s->capbad)
        s->bad[s->nbad++] = c;
    else
        atomic_fetch_add(&s->bad_lost, 1); /* counted, not listed */
    pthread_mutex_unlock(&s->bad_lock);
}

static bool checksum_failed(libewf_handle_t *h, uint64_t first, uint64_t count)
{
    uint32_t n = 0;
    if (libewf_handle_get_number_of_checksum_errors(h, &n, NULL) != 1 || n == 0) return false;
    for (uint32_t i = 0; i < n; i++) {
        uint64_t s = 0, c = 0;
        if (libewf_handle_get_checksum_error(h, i, &s, &c, NULL) == 1 && s < first + count && first < s + c)
            return true;
    }
    return false;
}

/* Chunk c (len bytes of media) from its stored form: libewf finds and reads the stored chunk
 * (libewf_handle_read_chunk), libdeflate inflates it into out and checks its checksum; *data is
 * set to where the media bytes are (out, or e->stored for a chunk stored as is). This is what
 * libewf_handle_read_random does with zlib, at less than half the CPU (bench E01s: 0.95 s against
 * 2.3 s per 1.25 GiB with deflate fast, 0.27 s against 0.62 s with none). EWF v1 stores a chunk
 * either zlib-compressed (the zlib stream's adler32 covers the data; bytes after the stream end
 * are ignored, as zlib does) or as is, followed by the adler32 of the data (little-endian).
 * Returns 1 = good, 0 = bad (checksum or stream damaged, short, sizes that do not fit), -1 =
 * libewf could not locate or read the stored chunk, -2 = this handle has no stored buffer (see
 * chunk_copy for what happens then). */
/* Gives back the pages of the stored buffer past a sane chunk size that a read of r bytes filled. */
static void stored_release(ewf_img *e, size_t r)
{
    size_t pg = (size_t)sysconf(_SC_PAGESIZE);
    size_t keep = (STORED_SANE(e->set->chunk) + pg - 1) / pg * pg;
    size_t used = (r + pg - 1) / pg * pg;
    if (used > e->set->stored_reserve) used = e->set->stored_reserve / pg * pg;
    if (used > keep) madvise(e->stored + keep, used - keep, MADV_DONTNEED);
}

static int decode_stored(ewf_img *e, uint64_t c, size_t len, uint8_t *out, const uint8_t **data)
{
    dft_ewf_set *s = e->set;
    if (!e->stored) return -2;
    libewf_error_t *err = NULL;
    if (libewf_handle_seek_offset(e->h, (off64_t)(c * s->chunk), SEEK_SET, &err) < 0) {
        libewf_error_free(&err);
        return -1;
    }
    int8_t compressed = 0, have_checksum = 0;
    uint8_t checksum_buf[4];
    uint32_t checksum = 0;
    ssize_t r = libewf_handle_read_chunk(e->h, e->stored, s->stored_reserve, &compressed, checksum_buf, &checksum,
                                         &have_checksum, &err);
    if (r <= 0) {
        libewf_error_free(&err);
        return -1;
    }
    atomic_store_explicit(&s->chunk_api_works, true, memory_order_relaxed);
    if (compressed) {
        size_t got = 0;
        enum libdeflate_result res = libdeflate_zlib_decompress(e->inflater, e->stored, (size_t)r, out, len, &got);
        *data = out;
        /* a table may claim more stored bytes than any writer produces (damaged or crafted): the
         * stream still decodes as libewf would, then the pages libewf filled go back */
        stored_release(e, (size_t)r);
        return res == LIBDEFLATE_SUCCESS && got == len;
    }
    stored_release(e, (size_t)r); /* (the data stays readable: only pages past a sane size go) */
    /* stored as is: the data, then (libewf 20140813 also hands it in checksum_buf) its adler32 */
    *data = e->stored;
    const uint8_t *ck;
    if ((size_t)r == len + 4)
        ck = have_checksum ? checksum_buf : e->stored + len;
    else if ((size_t)r == len && !have_checksum)
        return 1; /* no checksum stored for this chunk: nothing to check, as libewf */
    else
        return 0; /* short, or a size that is neither */
    uint32_t want = (uint32_t)ck[0] | (uint32_t)ck[1] << 8 | (uint32_t)ck[2] << 16 | (uint32_t)ck[3] << 24;
    return libdeflate_adler32(1, e->stored, len) == want;
}

/* Copies n bytes at in_off of chunk c into dst, from the cache or inflated through e's handle.
 * Returns whether the chunk is bad (its bytes are then zeros). */
static bool chunk_copy(ewf_img *e, uint64_t c, size_t in_off, uint8_t *dst, size_t n)
{
    dft_ewf_set *s = e->set;
    size_t i = s->nslots ? (size_t)(c % s->nslots) : 0;
    if (s->nslots) {
        pthread_mutex_lock(&s->locks[i]);
        if (s->slots[i].tag == c + 1) {
            bool bad = s->slots[i].bad;
            memcpy(dst, s->mem + i * (size_t)s->chunk + in_off, n);
            pthread_mutex_unlock(&s->locks[i]);
            atomic_fetch_add_explicit(&s->hits, 1, memory_order_relaxed);
            return bad;
        }
        pthread_mutex_unlock(&s->locks[i]);
    }
    atomic_fetch_add_explicit(&s->misses, 1, memory_order_relaxed);
    uint64_t start = c * s->chunk;
    size_t len = s->size - start < s->chunk ? (size_t)(s->size - start) : s->chunk;
    /* a whole chunk asked for (the media hash, big file reads) is inflated straight into dst */
    bool whole = in_off == 0 && n == len;
    const uint8_t *data = NULL;
    int verdict = decode_stored(e, c, len, whole ? dst : e->buf, &data);
    bool bad = verdict == 0;
    if (verdict == -1 && (atomic_load_explicit(&s->chunk_api_works, memory_order_relaxed) ||
                          atomic_load_explicit(&s->fallback_failed, memory_order_relaxed))) {
        /* libewf cannot locate or read this stored chunk (damaged table or segment): its own read
         * path fails on such chunks too, and leaks a chunk buffer each time (libewf 20140813), so
         * it is tried only while it may be the one that works on this set */
        verdict = 0;
        bad = true;
    }
    if (verdict < 0) {
        libewf_error_t *err = NULL;
        ssize_t r = libewf_handle_read_random(e->h, e->buf, len, (off64_t)start, &err);
        libewf_error_free(&err);
        bad = r != (ssize_t)len || checksum_failed(e->h, start / s->bps, (len + s->bps - 1) / s->bps);
        if (bad) atomic_store_explicit(&s->fallback_failed, true, memory_order_relaxed);
        data = e->buf;
    }
    if (bad) {
        memset(e->buf, 0, len);
        data = e->buf;
        note_bad(s, c);
    }
    if (s->nslots) {
        pthread_mutex_lock(&s->locks[i]);
        memcpy(s->mem + i * (size_t)s->chunk, data, len);
        s->slots[i].tag = c + 1;
        s->slots[i].bad = bad;
        pthread_mutex_unlock(&s->locks[i]);
    }
    if (data != dst) memcpy(dst, data + in_off, n);
    return bad;
}

/* Reads [off, off+len) chunk by chunk. stop_at_bad: end before the first bad chunk (TSK reads);
 * otherwise bad chunks are zeros counted in *bad_bytes (media hash). Returns the bytes delivered. */
static size_t read_span(ewf_img *e, uint64_t off, uint8_t *buf, size_t len, bool stop_at_bad, uint64_t *bad_bytes,
                        uint64_t *first_bad)
{
    dft_ewf_set *s = e->set;
    size_t done = 0;
    while (done < len) {
        uint64_t pos = off + done;
        uint64_t c = pos / s->chunk;
        size_t in_off = (size_t)(pos - c * s->chunk);
        size_t n = s->chunk - in_off;
        if (n > len - done) n = len - done;
        if (chunk_copy(e, c, in_off, buf + done, n)) {
            if (stop_at_bad) {
                *first_bad = c;
                break;
            }
            *bad_bytes += n;
        }
        done += n;
    }
    return done;
}

static void note_reader(ewf_img *e, uint64_t end_chunk)
{
    dft_ewf_set *s = e->set;
    if (e->reader == -2) return; /* beyond MAX_READERS: not tracked */
    if (e->reader < 0) {
        int i = atomic_fetch_add(&s->nreaders, 1);
        if (i >= MAX_READERS) {
            e->reader = -2;
            return;
        }
        e->reader = i;
    }
    atomic_store_explicit(&s->readers[e->reader].end_chunk, end_chunk, memory_order_relaxed);
    atomic_store_explicit(&s->readers[e->reader].ns, now_ns(), memory_order_relaxed);
}

/* The media hash sweeps the image in order faster than the walk reads files, so unpaced it runs
 * ahead, its chunks leave the cache before the workers want them and every chunk is inflated
 * twice. The sweep stays within half the cache ahead of the furthest position any TSK reader has
 * read in the last PACE_IDLE_NS; when no reader has read that recently (walk done, or stalled) it
 * runs free. Pacing changes timing only, never bytes. */
#define PACE_IDLE_NS (20 * 1000 * 1000)
/* Bounds on the delay, whatever the readers do (e.g. a walk reading a large MFT far behind the
 * sweep for minutes): at most PACE_MAX_WAIT_NS per block, and all waits together at most a tenth
 * of the time since the set was opened. */
#define PACE_MAX_WAIT_NS (50 * 1000 * 1000)

static void pace_media(dft_ewf_set *s, uint64_t end_chunk)
{
    if (!s->nslots) return;
    uint64_t ahead = s->nslots / 2;
    int64_t start = now_ns();
    for (;;) {
        int n = atomic_load(&s->nreaders);
        if (n > MAX_READERS) n = MAX_READERS;
        int64_t now = now_ns();
        uint64_t front = 0;
        bool active = false;
        for (int i = 0; i < n; i++) {
            if (now - atomic_load_explicit(&s->readers[i].ns, memory_order_relaxed) > PACE_IDLE_NS) continue;
            uint64_t c = atomic_load_explicit(&s->readers[i].end_chunk, memory_order_relaxed);
            if (c > front) front = c;
            active = true;
        }
        int64_t waited = now - start;
        if (!active || end_chunk <= front + ahead || waited > PACE_MAX_WAIT_NS ||
            (atomic_load(&s->pace_waited_ns) + waited) * 10 > now - s->opened_ns) {
            atomic_fetch_add(&s->pace_waited_ns, waited);
            return;
        }
        struct timespec nap = {0, 500 * 1000};
        nanosleep(&nap, NULL);
    }
}

static ssize_t img_read(TSK_IMG_INFO *img, TSK_OFF_T off, char *buf, size_t len)
{
    ewf_img *e = (ewf_img *)img;
    dft_ewf_set *s = e->set;
    if (off < 0 || (uint64_t)off >= s->size) {
        tsk_error_reset();
        tsk_error_set_errno(TSK_ERR_IMG_READ_OFF);
        tsk_error_set_errstr("EWF read at %" PRIdOFF " beyond the media (%" PRIu64 " bytes)", off, s->size);
        return -1;
    }
    if ((uint64_t)off + len > s->size) len = (size_t)(s->size - (uint64_t)off);
    uint64_t bad = 0, first_bad = 0;
    note_reader(e, ((uint64_t)off + len + s->chunk - 1) / s->chunk);
    size_t got = read_span(e, (uint64_t)off, (uint8_t *)buf, len, true, &bad, &first_bad);
    if (got > 0 || len == 0) return (ssize_t)got;
    uint64_t sect = first_bad * s->chunk / s->bps, last = sect + s->chunk / s->bps - 1;
    if (last > (s->size - 1) / s->bps) last = (s->size - 1) / s->bps; /* the short last chunk */
    e->failures++;
    tsk_error_reset();
    tsk_error_set_errno(TSK_ERR_IMG_READ);
    tsk_error_set_errstr("EWF chunk at sectors %" PRIu64 "-%" PRIu64 " failed its checksum or is unreadable", sect,
                         last);
    return -1;
}

static void img_close(TSK_IMG_INFO *img)
{
    ewf_img *e = (ewf_img *)img;
    if (e->h) {
        libewf_handle_close(e->h, NULL);
        libewf_handle_free(&e->h, NULL);
    }
    if (e->reader >= 0) atomic_store(&e->set->readers[e->reader].ns, 0); /* no longer paces */
    free(e->buf);
    if (e->stored) munmap(e->stored, e->stored_map);
    if (e->inflater) libdeflate_free_decompressor(e->inflater);
    free(e);
}

uint64_t dft_ewf_img_failures(const TSK_IMG_INFO *img)
{
    return img && img->read == img_read ? ((const ewf_img *)img)->failures : 0;
}

/* The stored-chunk buffer: stored_reserve bytes of address space, not committed until written,
 * then one PROT_NONE guard page. NULL (no fast path for this handle) when it cannot be had. */
static uint8_t *stored_open(const dft_ewf_set *s, size_t *mapped)
{
    size_t pg = (size_t)sysconf(_SC_PAGESIZE);
    size_t len = (s->stored_reserve + pg - 1) / pg * pg + pg;
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) return NULL;
    if (mprotect((uint8_t *)p + len - pg, pg, PROT_NONE) != 0) {
        munmap(p, len);
        return NULL;
    }
    *mapped = len;
    return p;
}

static void img_stat(TSK_IMG_INFO *img, FILE *f)
{
    ewf_img *e = (ewf_img *)img;
    fprintf(f, "IMAGE FILE INFORMATION\n--------------------------------------------\n");
    fprintf(f, "Image Type:\t\tewf (libewf %s, dftriage chunk cache)\n", libewf_get_version());
    fprintf(f, "Size of data in bytes:\t%" PRIu64 "\n", e->set->size);
    fprintf(f, "Sector size:\t%u\n", e->set->bps);
}

TSK_IMG_INFO *dft_ewf_img_open(dft_ewf_set *s)
{
    ewf_img *e = calloc(1, sizeof *e);
    if (!e || !(e->buf = malloc(s->chunk)) || !(e->inflater = libdeflate_alloc_decompressor())) {
        if (e) free(e->buf);
        free(e);
        tsk_error_reset();
        tsk_error_set_errno(TSK_ERR_AUX_MALLOC);
        tsk_error_set_errstr("out of memory for an EWF handle");
        return NULL;
    }
    e->set = s;
    e->reader = -1;
    e->stored = stored_open(s, &e->stored_map); /* NULL: libewf's own read path for every chunk */
    if (handle_open(s->names, s->nnames, &e->h) != DFT_OK) {
        free(e->buf);
        if (e->stored) munmap(e->stored, e->stored_map);
        libdeflate_free_decompressor(e->inflater);
        free(e);
        tsk_error_reset();
        tsk_error_set_errno(TSK_ERR_IMG_OPEN);
        tsk_error_set_errstr("%s", dft_error_last());
        return NULL;
    }
    /* TSK's sector size is the image's; EWF sectors are 512 in practice, TSK wants a multiple */
    unsigned ssize = s->bps % 512 == 0 ? s->bps : 512;
    TSK_IMG_INFO *img = tsk_img_open_external(e, (TSK_OFF_T)s->size, ssize, img_read, img_close, img_stat);
    if (!img) img_close(&e->img);
    return img;
}

int dft_ewf_img_read_media(TSK_IMG_INFO *img, uint64_t off, uint8_t *buf, size_t len, uint64_t *bad_bytes)
{
    ewf_img *e = (ewf_img *)img;
    if (off > e->set->size || len > e->set->size - off)
        return dft_error_set(DFT_EIO, "EWF media read at %llu+%zu beyond the media", (unsigned long long)off, len);
    uint64_t unused = 0;
    pace_media(e->set, (off + len + e->set->chunk - 1) / e->set->chunk);
    read_span(e, off, buf, len, false, bad_bytes, &unused);
    return DFT_OK;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

size_t dft_ewf_set_bad_sectors(dft_ewf_set *s, char *out, size_t outlen)
{
    pthread_mutex_lock(&s->bad_lock);
    if (s->nbad) qsort(s->bad, s->nbad, sizeof *s->bad, cmp_u64);
    size_t u = 0; /* drop repeats: two readers can find the same bad chunk */
    for (size_t i = 0; i < s->nbad; i++)
        if (u == 0 || s->bad[u - 1] != s->bad[i]) s->bad[u++] = s->bad[i];
    s->nbad = u;
    size_t used = 0;
    if (outlen) out[0] = '\0';
    uint64_t spc = s->chunk / s->bps;
    for (size_t i = 0; i < u && outlen;) {
        size_t j = i;
        while (j + 1 < u && s->bad[j + 1] == s->bad[j] + 1) j++;
        uint64_t first = s->bad[i] * spc, last = (s->bad[j] + 1) * spc - 1, max = (s->size - 1) / s->bps;
        if (last > max) last = max;
        char piece[64];
        int k = snprintf(piece, sizeof piece, "%s%llu-%llu", i ? ", " : "", (unsigned long long)first,
                         (unsigned long long)last);
        if (used + (size_t)k + 4 >= outlen) {
            snprintf(out + used, outlen - used, "%s", outlen - used > 4 ? ", ..." : "");
            break;
        }
        memcpy(out + used, piece, (size_t)k + 1);
        used += (size_t)k;
        i = j + 1;
    }
    pthread_mutex_unlock(&s->bad_lock);
    uint64_t lost = atomic_load(&s->bad_lost);
    if (lost && outlen) {
        size_t used2 = strlen(out);
        snprintf(out + used2, outlen - used2, " (and %llu not listed: out of memory)", (unsigned long long)lost);
    }
    return u + (size_t)lost;
}
