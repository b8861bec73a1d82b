/*
 * test_ewf_cache.c - core/evidence/ewf_image.c against the raw image the E01 was made from.
 *
 *   test_ewf_cache RAW SEGMENT...     (the segments of one E01 set of RAW, e.g. a split set)
 *
 * 1. Three threads, each with its own handle on one set with a 1 MiB cache (so chunks are evicted
 *    and slots collide), read 3000 random spans each through tsk_img_read while a fourth sweeps the
 *    media with dft_ewf_img_read_media; every byte must equal the raw image's, the cache must
 *    have served hits, no chunk may be bad.
 * 2. A copy of the set with 4 KiB inverted in the middle of its middle segment (a zlib-compressed
 *    chunk in the single deflate:best E01, a stored chunk + adler32 in the split `none` set): the
 *    sweep counts whole bad chunks and reads every other byte as the raw image has it, a TSK read
 *    starting in a bad chunk fails naming its sectors, and a read that starts one chunk earlier
 *    ends short at the bad chunk.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ewf_image.h"
#include "tests/core/check.h"

static uint8_t *raw;
static uint64_t raw_size;
static dft_ewf_set *set;

static uint8_t *slurp(const char *path, uint64_t *size)
{
    int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) return NULL;
    uint8_t *b = malloc((size_t)st.st_size);
    size_t got = 0;
    while (b && got < (size_t)st.st_size) {
        ssize_t r = read(fd, b + got, (size_t)st.st_size - got);
        if (r <= 0) break;
        got += (size_t)r;
    }
    close(fd);
    *size = (uint64_t)st.st_size;
    return b;
}

static uint64_t next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void *random_reader(void *arg)
{
    uint64_t seed = 0x9E3779B97F4A7C15ull * (uintptr_t)arg + 1;
    long bad = 0;
    TSK_IMG_INFO *img = dft_ewf_img_open(set);
    if (!img) return (void *)1;
    uint8_t *buf = malloc(256 * 1024);
    for (int i = 0; i < 3000 && buf; i++) {
        size_t len = 1 + (size_t)(next(&seed) % (200 * 1024));
        uint64_t off = next(&seed) % (raw_size - len);
        if (i % 7 == 0) off = raw_size - len; /* the tail chunk is short */
        ssize_t r = tsk_img_read(img, (TSK_OFF_T)off, (char *)buf, len);
        if (r != (ssize_t)len || memcmp(buf, raw + off, len) != 0) bad++;
    }
    free(buf);
    tsk_img_close(img);
    return (void *)bad;
}

static void *media_sweeper(void *arg)
{
    (void)arg;
    long bad = 0;
    uint64_t bad_bytes = 0;
    TSK_IMG_INFO *img = dft_ewf_img_open(set);
    uint8_t *buf = malloc(4u << 20);
    for (uint64_t off = 0; img && buf && off < raw_size;) {
        size_t len = raw_size - off < (4u << 20) ? (size_t)(raw_size - off) : (4u << 20);
        if (dft_ewf_img_read_media(img, off, buf, len, &bad_bytes) != 0 || memcmp(buf, raw + off, len) != 0) bad++;
        off += len;
    }
    if (bad_bytes) bad++;
    free(buf);
    if (img) tsk_img_close(img);
    return (void *)bad;
}

static void test_concurrent_readers(char **segs, int nsegs)
{
    CHECK(dft_ewf_set_open(segs, nsegs, 1u << 20, &set) == 0);
    if (!set) return;
    CHECK(dft_ewf_set_size(set) == raw_size);
    pthread_t th[4];
    for (uintptr_t i = 0; i < 3; i++) pthread_create(&th[i], NULL, random_reader, (void *)(i + 1));
    pthread_create(&th[3], NULL, media_sweeper, NULL);
    for (int i = 0; i < 4; i++) {
        void *bad = NULL;
        pthread_join(th[i], &bad);
        if (bad) fprintf(stderr, "thread %d: %ld mismatching reads\n", i, (long)(intptr_t)bad);
        CHECK(bad == NULL);
    }
    uint64_t hits = 0, misses = 0;
    dft_ewf_set_stats(set, &hits, &misses);
    CHECK(hits > 0 && misses > 0);
    char ranges[256];
    CHECK(dft_ewf_set_bad_sectors(set, ranges, sizeof ranges) == 0 && ranges[0] == '\0');
    dft_ewf_set_free(set);
    set = NULL;
}

/* Copies the set to $TMPDIR with 4 KiB inverted in the middle of its middle segment (chunk data:
 * zlib streams in the single deflate:best segment, stored chunks + adler32 in the split `none`
 * set), then checks what readers see. */
static void test_damaged_chunk(char **segs, int nsegs)
{
    const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char *names[8] = {0};
    if (nsegs > 7) return;
    for (int i = 0; i < nsegs; i++) {
        const char *base = strrchr(segs[i], '/') ? strrchr(segs[i], '/') + 1 : segs[i];
        names[i] = malloc(4096);
        snprintf(names[i], 4096, "%s/test_ewf_cache_%d_%s", tmp, (int)getpid(), base);
        uint64_t n = 0;
        uint8_t *bytes = slurp(segs[i], &n);
        CHECK(bytes != NULL);
        if (!bytes) goto out;
        if (i == nsegs / 2) /* inverted, not zeroed: zeros over zeros would change nothing */
            for (size_t k = 0; k < 4096; k++) bytes[n / 2 + k] ^= 0xff;
        FILE *f = fopen(names[i], "wb");
        CHECK(f && fwrite(bytes, 1, (size_t)n, f) == n);
        if (f) fclose(f);
        free(bytes);
    }
    dft_ewf_set *s = NULL;
    CHECK(dft_ewf_set_open(names, nsegs, 1u << 20, &s) == 0);
    if (!s) goto out;
    TSK_IMG_INFO *img = dft_ewf_img_open(s);
    CHECK(img != NULL);
    uint64_t bad_bytes = 0, size = dft_ewf_set_size(s);
    uint8_t *buf = malloc(raw_size);
    for (uint64_t off = 0; img && buf && off < size;) {
        size_t len = size - off < (4u << 20) ? (size_t)(size - off) : (4u << 20);
        CHECK(dft_ewf_img_read_media(img, off, buf + off, len, &bad_bytes) == 0);
        off += len;
    }
    char ranges[256];
    size_t nbad = dft_ewf_set_bad_sectors(s, ranges, sizeof ranges);
    unsigned long long first = 0, last = 0;
    CHECK(nbad >= 1 && sscanf(ranges, "%llu-%llu", &first, &last) == 2);
    fprintf(stderr, "     %d segment(s): %zu bad chunk(s), sectors %s\n", nsegs, nbad, ranges);
    uint64_t chunk = (last - first + 1) * 512 / nbad; /* ranges are whole chunks (not the tail) */
    CHECK(bad_bytes == nbad * chunk);
    if (buf && nbad == 1) {
        /* the bad chunk reads as zeros, every other byte as in the raw image */
        uint64_t b0 = first * 512, b1 = b0 + chunk;
        int zero = 1;
        for (uint64_t k = b0; k < b1; k++) zero &= buf[k] == 0;
        CHECK(zero);
        CHECK(memcmp(buf, raw, b0) == 0 && memcmp(buf + b1, raw + b1, raw_size - b1) == 0);
    }
    if (img && buf && first > 0) {
        /* starts inside the bad chunk: fails and names it (sector-aligned: TSK 4.11 turns a failed
         * read whose length is not a sector multiple into zeros, see docs/evidence.md) */
        ssize_t r = tsk_img_read(img, (TSK_OFF_T)(first * 512 + 512), (char *)buf, 1024);
        CHECK(r == -1);
        const char *e = tsk_error_get();
        char one[64]; /* the error names the chunk it stopped at */
        snprintf(one, sizeof one, "sectors %llu-%llu", first, first + chunk / 512 - 1);
        CHECK(e && strstr(e, "checksum") && strstr(e, one));
        tsk_error_reset();
        /* starts one chunk before: ends short, exactly at the bad chunk */
        r = tsk_img_read(img, (TSK_OFF_T)(first * 512 - chunk), (char *)buf, (size_t)(2 * chunk));
        CHECK(r == (ssize_t)chunk);
    }
    free(buf);
    if (img) tsk_img_close(img);
    dft_ewf_set_free(s);
out:
    for (int i = 0; i < nsegs; i++) {
        if (names[i]) unlink(names[i]);
        free(names[i]);
    }
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s RAW SEGMENT...\n", argv[0]);
        return 2;
    }
    raw = slurp(argv[1], &raw_size);
    if (!raw || raw_size < (1u << 20)) {
        fprintf(stderr, "cannot read %s\n", argv[1]);
        return 2;
    }
    int before = check_failures;
    test_concurrent_readers(argv + 2, argc - 2);
    fprintf(stderr, "%s test_concurrent_readers\n", check_failures == before ? "ok  " : "FAIL");
    {
        before = check_failures;
        test_damaged_chunk(argv + 2, argc - 2);
        fprintf(stderr, "%s test_damaged_chunk\n", check_failures == before ? "ok  " : "FAIL");
    }
    free(raw);
    return check_failures;
}
