/*
 * store_lock.c - the case lock: one live ingest per case file (store.h dft_case_lock_*).
 *
 * CASE-PATH.lock (0600, never through a symbolic link) holds "pid\n" of its owner. The lock is
 * flock(LOCK_EX | LOCK_NB) on that file: the kernel drops it when the owner exits or is killed
 * (kill -9, crash), so a lock file without a flock is stale by construction and is taken over;
 * a pid in it whose process is gone is reported as such.
 *
 * Invariants:
 *  1. The lock is taken before the case file is created or opened for writing, so two ingests
 *     never race on creation, resume or purge.
 *  2. After flock succeeds, the locked inode must still be the one at the path (a releasing
 *     owner unlinks the file; a waiter that locked the unlinked inode retries).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "fileio.h"
#include "store.h"

struct dft_case_lock {
    int fd;
    char *path;
    int case_fd;     /* the case file itself, flocked (dft_case_lock_file), or -1 */
};

static long read_pid(int fd)
{
    char buf[32] = "";
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    if (n <= 0) return 0;
    buf[n] = '\0';
    return strtol(buf, NULL, 10);
}

int dft_case_lock_acquire(dft_case_lock **out, const char *case_path, bool *was_stale)
{
    *out = NULL;
    if (was_stale) *was_stale = false;
    size_t n = strlen(case_path) + 8;
    char *path = malloc(n);
    if (!path) return dft_error_set(DFT_ENOMEM, "out of memory");
    snprintf(path, n, "%s.lock", case_path);
    for (int attempt = 0; attempt < 20; attempt++) {
        int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0) {
            int rc = dft_error_set(DFT_EIO, "%s: cannot make the case lock: %s", path,
                                   errno == ELOOP ? "it is a symbolic link" : strerror(errno));
            free(path);
            return rc;
        }
        struct stat ls;
        if (fstat(fd, &ls) != 0 || !S_ISREG(ls.st_mode)) {
            close(fd);
            int rc = dft_error_set(DFT_EIO, "%s: the case lock is not a regular file", path);
            free(path);
            return rc;
        }
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            int e = errno;
            long pid = read_pid(fd);
            close(fd);
            int rc;
            if (e == EWOULDBLOCK)
                rc = dft_error_set(DFT_EEXISTS, "%s is being written by another dftriage ingest (pid %ld, still "
                                   "running): wait for it to finish, or stop it first", case_path, pid);
            else
                rc = dft_error_set(DFT_EIO, "%s: cannot lock: %s", path, strerror(e));
            free(path);
            return rc;
        }
        struct stat a, b;
        if (fstat(fd, &a) != 0 || lstat(path, &b) != 0 || a.st_ino != b.st_ino || a.st_dev != b.st_dev) {
            close(fd); /* invariant 2: the owner unlinked it as we locked: again */
            continue;
        }
        long old = read_pid(fd);
        if (old > 0 && old != (long)getpid() && was_stale) *was_stale = true;
        char pid[32];
        int len = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
        if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)len, 0) != len) {
            /* the lock holds without the pid; only the message of a second ingest is poorer */
        }
        fchmod(fd, 0600);
        dft_case_lock *l = malloc(sizeof *l);
        if (!l) {
            close(fd);
            free(path);
            return dft_error_set(DFT_ENOMEM, "out of memory");
        }
        l->fd = fd;
        l->path = path;
        l->case_fd = -1;
        *out = l;
        return DFT_OK;
    }
    int rc = dft_error_set(DFT_EEXISTS, "%s: the case lock keeps changing hands: another ingest is starting", case_path);
    free(path);
    return rc;
}

int dft_case_lock_file(dft_case_lock *l, const char *case_path)
{
    /* The lock file belongs to a name; a case file renamed or linked under another name during a run
     * would have another lock file. A flock on the case file's own inode covers every name. (flock is
     * not SQLite's fcntl locking; this descriptor stays open until the store is closed, so closing it
     * cannot drop SQLite's locks.) */
    int fd = -1, rc = dft_flock_open(case_path, O_RDONLY | O_CLOEXEC, &fd);
    if (rc == DFT_EEXISTS)
        return dft_error_set(DFT_EEXISTS, "%s is being written by another dftriage ingest (under another name "
                             "of the same file): wait for it to finish", case_path);
    if (rc) {
        char why[1100];
        snprintf(why, sizeof why, "%s", dft_error_last());
        return dft_error_set(rc, "cannot lock the case file: %s", why);
    }
    l->case_fd = fd;
    return DFT_OK;
}

void dft_case_lock_release(dft_case_lock *l)
{
    if (!l) return;
    if (l->case_fd >= 0) close(l->case_fd);
    unlink(l->path); /* while still holding it: a waiter that locked this inode sees it gone */
    close(l->fd);
    free(l->path);
    free(l);
}
