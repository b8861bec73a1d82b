/*
 * tempdir.c - private temporary directories (tempdir.h).
 */
#include "tempdir.h"

#include <dirent.h>
#include <errno.h>
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
    *out = path;
    return DFT_OK;
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
        if (pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH) continue; /* alive, or not ours */
        size_t n = strlen(base) + strlen(de->d_name) + 2;
        char *path = malloc(n);
        if (!path) break;
        snprintf(path, n, "%s/%s", base, de->d_name);
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == getuid()) {
            dft_tempdir_remove(path);
            (*removed)++;
        }
        free(path);
    }
    closedir(d);
    return DFT_OK;
}
