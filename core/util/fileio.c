/*
 * fileio.c - block streaming, full writes and whole-file hashing (fileio.h).
 */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"

int dft_flock_open(const char *path, int open_flags, int *fd_out)
{
    int fd = open(path, open_flags | O_NOFOLLOW, 0600);
    if (fd < 0) return dft_error_set(DFT_EIO, "%s: %s", path, strerror(errno));
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int e = errno;
        close(fd);
        return e == EWOULDBLOCK ? DFT_EEXISTS : dft_error_set(DFT_EIO, "%s: flock: %s", path, strerror(e));
    }
    *fd_out = fd;
    return DFT_OK;
}

int dft_write_all(int fd, const void *data, size_t len)
{
    const uint8_t *p = data;
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return dft_error_set(DFT_EIO, "write failed: %s", n < 0 ? strerror(errno) : "no space");
        p += n;
        len -= (size_t)n;
    }
    return DFT_OK;
}

int dft_fd_stream(int fd, uint8_t *buf, dft_block_fn cb, void *payload, uint64_t *bad_bytes, char *errbuf,
                  size_t errlen)
{
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (errbuf && errlen) snprintf(errbuf, errlen, "not a regular file");
        return dft_error_set(DFT_EIO, "not a regular file");
    }
    uint64_t size = (uint64_t)st.st_size;
    uint8_t *own = NULL;
    if (!buf && size) {
        /* small files get a small buffer: a 1 MiB malloc per file would be an mmap per file */
        own = buf = malloc(size < DFT_FILEIO_BLOCK ? (size_t)size : DFT_FILEIO_BLOCK);
        if (!buf) return dft_error_set(DFT_ENOMEM, "out of memory");
    }
    int rc = DFT_OK;
    for (uint64_t off = 0; off < size && rc == DFT_OK;) {
        size_t want = size - off < DFT_FILEIO_BLOCK ? (size_t)(size - off) : DFT_FILEIO_BLOCK, got = 0;
        while (got < want) {
            ssize_t r = pread(fd, buf + got, want - got, (off_t)(off + got));
            if (r < 0 && errno == EINTR) continue;
            if (r <= 0) {
                if (errbuf && errlen && !errbuf[0])
                    snprintf(errbuf, errlen, "%s at byte %llu", r < 0 ? strerror(errno) : "file shrank while reading",
                             (unsigned long long)(off + got));
                break;
            }
            got += (size_t)r;
        }
        if (got < want) {
            memset(buf + got, 0, want - got);
            if (bad_bytes) *bad_bytes += want - got;
        }
        rc = cb(payload, off, buf, want);
        off += want;
    }
    free(own);
    return rc;
}

int dft_file_stream(const char *path, int extra_flags, dft_block_fn cb, void *payload, uint64_t *bad_bytes,
                    char *errbuf, size_t errlen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | extra_flags);
    if (fd < 0) {
        int e = errno;
        if (errbuf && errlen) snprintf(errbuf, errlen, "%s: %s", path, strerror(e));
        return dft_error_set(e == ENOENT ? DFT_ENOTFOUND : DFT_EIO, "%s: %s", path, strerror(e));
    }
    int rc = dft_fd_stream(fd, NULL, cb, payload, bad_bytes, errbuf, errlen);
    close(fd);
    return rc;
}

typedef struct hash_job {
    dft_hasher *h;
    void (*progress)(void *payload, uint64_t done);
    void *payload;
    const volatile int *cancel;
} hash_job;

static int hash_block(void *payload, uint64_t offset, const uint8_t *data, size_t len)
{
    hash_job *j = payload;
    if (j->cancel && *j->cancel) return dft_error_set(DFT_ECANCELLED, "hashing cancelled");
    if (j->progress) j->progress(j->payload, offset + len);
    return dft_hasher_update(j->h, data, len);
}

int dft_file_hash(const char *path, dft_hashes *out, uint64_t *bad_bytes,
                  void (*progress)(void *payload, uint64_t done), void *payload, const volatile int *cancel)
{
    hash_job j = { NULL, progress, payload, cancel };
    int rc = dft_hasher_new_parallel(&j.h);
    if (rc) return rc;
    char err[256] = "";
    rc = dft_file_stream(path, 0, hash_block, &j, bad_bytes, err, sizeof err);
    if (rc == DFT_OK) rc = dft_hasher_final(j.h, out);
    dft_hasher_free(j.h);
    return rc;
}
