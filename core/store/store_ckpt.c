/*
 * store_ckpt.c - WAL checkpoints from a background thread while the pipeline's writer stores rows.
 *
 * By default SQLite checkpoints inside the COMMIT that takes the WAL past 1000 pages: the writer
 * thread copies every page into the main file and syncs both files itself, about a fifth of its time
 * on a large chat database (docs/performance.md). While a writer runs, a second connection does it
 * instead (sqlite.org/wal.html, "Application-Initiated Checkpoints"): the writer's WAL hook asks for a
 * checkpoint at the same 1000 pages, and a PASSIVE checkpoint on the checkpoint thread copies what is
 * committed without blocking the writer.
 *
 * Nothing about the file changes: the same transactions are committed in the same order, the WAL is
 * synced at every checkpoint as before (synchronous=NORMAL), and a crash at any moment leaves the
 * same consistent file (a checkpoint is atomic whichever connection runs it).
 *
 * Invariants:
 *  1. The WAL stays bounded. SQLite restarts the WAL from its start only when a write transaction
 *     begins on a fully copied WAL; the writer begins its next transaction right after a commit,
 *     before the thread has copied that commit, so the WAL grows while the thread copies behind it.
 *     At CKPT_INLINE_FRAMES pages (256 MiB) the writer checkpoints in the hook (only the frames the
 *     thread has not copied yet: about one commit), and the next transaction restarts the WAL.
 *  2. After dft_store_ckpt_stop the connection has SQLite's default autocheckpoint again.
 *  3. A failed background checkpoint loses nothing (the pages stay in the WAL); the next checkpoint,
 *     at the latest the one at close, copies them or reports the error.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "store_impl.h"

#define CKPT_FRAMES 1000           /* SQLite's default autocheckpoint */
#define CKPT_INLINE_FRAMES 65536   /* 256 MiB of 4 KiB pages: the writer checkpoints itself */

struct store_ckpt {
    sqlite3 *db;                   /* the checkpoint thread's own connection */
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cond;
    bool wanted, stop;
    _Atomic uint64_t runs;         /* checkpoints made by the thread */
};

static void *ckpt_main(void *arg)
{
    struct store_ckpt *c = arg;
    pthread_mutex_lock(&c->mu);
    for (;;) {
        while (!c->wanted && !c->stop) pthread_cond_wait(&c->cond, &c->mu);
        if (c->stop) break;
        c->wanted = false;
        pthread_mutex_unlock(&c->mu);
        if (sqlite3_wal_checkpoint_v2(c->db, "main", SQLITE_CHECKPOINT_PASSIVE, NULL, NULL) == SQLITE_OK)
            atomic_fetch_add(&c->runs, 1);
        pthread_mutex_lock(&c->mu);
    }
    pthread_mutex_unlock(&c->mu);
    return NULL;
}

/* Called by SQLite after each commit of the writer's connection, with the pages now in the WAL. */
static int wal_hook(void *arg, sqlite3 *db, const char *name, int frames)
{
    struct store_ckpt *c = arg;
    if (frames >= CKPT_INLINE_FRAMES) {   /* invariant 1 */
        sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    } else if (frames >= CKPT_FRAMES) {
        pthread_mutex_lock(&c->mu);
        c->wanted = true;
        pthread_cond_signal(&c->cond);
        pthread_mutex_unlock(&c->mu);
    }
    return SQLITE_OK;
}

int dft_store_ckpt_start(dft_store *s)
{
    if (s->ckpt || s->readonly) return DFT_OK;
    struct store_ckpt *c = calloc(1, sizeof *c);
    if (!c) return dft_error_set(DFT_ENOMEM, "out of memory");
    if (sqlite3_open_v2(s->path, &c->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        int rc = dft_error_set(DFT_EIO, "checkpoint connection to %s: %s", s->path,
                               c->db ? sqlite3_errmsg(c->db) : "out of memory");
        sqlite3_close(c->db);
        free(c);
        return rc;
    }
    /* a read opens the connection's view of the WAL (before it, a checkpoint there does nothing) */
    sqlite3_busy_timeout(c->db, 10000);
    if (sqlite3_exec(c->db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL) != SQLITE_OK) {
        int rc = dft_error_set(DFT_EIO, "checkpoint connection to %s: %s", s->path, sqlite3_errmsg(c->db));
        sqlite3_close(c->db);
        free(c);
        return rc;
    }
    pthread_mutex_init(&c->mu, NULL);
    pthread_cond_init(&c->cond, NULL);
    if (pthread_create(&c->thread, NULL, ckpt_main, c) != 0) {
        sqlite3_close(c->db);
        pthread_mutex_destroy(&c->mu);
        pthread_cond_destroy(&c->cond);
        free(c);
        return dft_error_set(DFT_ERROR, "cannot start the checkpoint thread");
    }
    s->ckpt = c;
    sqlite3_wal_hook(s->db, wal_hook, c);
    return DFT_OK;
}

void dft_store_ckpt_stop(dft_store *s)
{
    struct store_ckpt *c = s ? s->ckpt : NULL;
    if (!c) return;
    sqlite3_wal_autocheckpoint(s->db, CKPT_FRAMES);   /* invariant 2: SQLite's own hook again */
    pthread_mutex_lock(&c->mu);
    c->stop = true;
    pthread_cond_signal(&c->cond);
    pthread_mutex_unlock(&c->mu);
    pthread_join(c->thread, NULL);
    sqlite3_close(c->db);
    pthread_mutex_destroy(&c->mu);
    pthread_cond_destroy(&c->cond);
    free(c);
    s->ckpt = NULL;
}

uint64_t dft_store_ckpt_runs(dft_store *s)
{
    return s && s->ckpt ? atomic_load(&s->ckpt->runs) : 0;
}
