/*
 * tempdir.c - private temporary directories (tempdir.h).
 */
#include "tempdir.h"

#include <dirent.h>
#include <errno.h>
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
    size_t n = strlen(base) + 32;
    char *path = malloc(n);
    if (!path) return dft_error_set(DFT_ENOMEM, "out of memory");
    snprintf(path, n, "%s/dftriage-XXXXXX", base);
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
