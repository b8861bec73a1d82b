/*
 * tempdir.c - private temporary directories (tempdir.h).
 */
#include "tempdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <sys/file.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"

int dft_tempdir_make(char **out, const char *base)
{
    if (!base || !base[0]) base = getenv("TMPDIR");
    if (!base || !base[0]) base = "/tmp";
    size_t n = strlen(base) + 48;
    char *path = malloc(n);
    if (!path) return dft_error_set(DFT_ENOMEM, "out of memory");
    snprintf(path, n, "%s/dftriage-%ld-XXXXXX", base, (long)getpid());
    if (!mkdtemp(path)) {
        int rc = dft_error_set(DFT_EIO, "cannot create a private temp directory in %s: %s", base, strerror(errno));
        free(path);
        return rc;
    }
    chmod(path, 0700);
    /* The owner marker: flocked for as long as this process lives (the kernel drops the flock when it
     * exits or is killed), so a later run tells a dead run's directory from a live one by the lock, not by
     * a pid that another pid namespace may reuse. The descriptor is kept open on purpose. */
    /* It is locked under another name and then renamed into place: a concurrent dft_tempdir_clean_stale
     * (another ingest starting at the same moment) must never find the marker before it is locked, or it
     * takes the directory for a dead run's and removes it under this one. */
    char marker[4200], fresh[4200];
    snprintf(marker, sizeof marker, "%s/.dftriage-owner", path);
    snprintf(fresh, sizeof fresh, "%s/.dftriage-owner.new", path);
    int fd = open(fresh, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0 || flock(fd, LOCK_EX | LOCK_NB) != 0 || rename(fresh, marker) != 0) {
        int rc = dft_error_set(DFT_EIO, "cannot mark the private temp directory %s: %s", path, strerror(errno));
        if (fd >= 0) close(fd);
        dft_tempdir_remove(path);
        free(path);
        return rc;
    }
    *out = path;
    return DFT_OK;
}

/* True when dir is a dftriage temp directory whose owner is gone: its marker exists and nobody holds it. */
static bool owner_gone(const char *dir)
{
    char marker[4200];
    snprintf(marker, sizeof marker, "%s/.dftriage-owner", dir);
    int fd = open(marker, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return false; /* not ours (or from a release without markers): left alone */
    struct stat st;
    bool gone = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == getuid() &&
                flock(fd, LOCK_EX | LOCK_NB) == 0;
    close(fd);
    return gone;
}

void dft_tempdir_remove(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *de;
        while ((de = readdir(d))) {
            if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
            size_t n = strlen(dir) + strlen(de->d_name) + 2;
            char *path = malloc(n);
            if (!path) break;
            snprintf(path, n, "%s/%s", dir, de->d_name);
            struct stat st;
            if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) dft_tempdir_remove(path);
            else unlink(path);
            free(path);
        }
        closedir(d);
    }
    rmdir(dir);
}

int dft_tempdir_clean_stale(const char *base, int *removed)
{
    *removed = 0;
    if (!base || !base[0]) base = getenv("TMPDIR");
    if (!base || !base[0]) base = "/tmp";
    DIR *d = opendir(base);
    if (!d) return DFT_OK;
    struct dirent *de;
    while ((de = readdir(d))) {
        char *end;
        if (strncmp(de->d_name, "dftriage-", 9) != 0) continue;
        long pid = strtol(de->d_name + 9, &end, 10);
        if (end == de->d_name + 9 || *end != '-' || strlen(end) != 7 || pid <= 0) continue;
        if (pid == (long)getpid()) continue;
        size_t n = strlen(base) + strlen(de->d_name) + 2;
        char *path = malloc(n);
        if (!path) break;
        snprintf(path, n, "%s/%s", base, de->d_name);
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == getuid() && owner_gone(path)) {
            dft_tempdir_remove(path);
            (*removed)++;
        }
        free(path);
    }
    closedir(d);
    return DFT_OK;
}
