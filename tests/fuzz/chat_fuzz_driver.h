/*
 * chat_fuzz_driver.h - the one driver behind every chat-parser fuzz harness (chat_apps_fuzz.c,
 * chat_more_fuzz.c, chat_whatsapp_fuzz.c, chat_wechat_fuzz.c): the whole input is one database written
 * to a private directory (mkdtemp in $TMPDIR) under CHAT_FUZZ_DB_NAME, opened through dft_chatdb_open
 * (sqlite_safe: private copy, limits, no views or triggers run) and offered to each parser of the
 * harness; each one whose detect() is non-zero parses it with a checking sink. The same bytes are also
 * written as every companion file in chat_fuzz_siblings, so the parsers' sibling lookups meet hostile
 * input too.
 *
 * Checks: parse returns DFT_OK or an error code (never crashes, never hangs: the cancelled flag turns
 * true after CANCEL_AFTER_S and the run must stop within CANCEL_AFTER_S + 5 s); every row has a source
 * "table:rowid", a direction of "in"/"out"/NULL (calls: "in"/"out"), details that are one JSON object;
 * counts in stats match the rows seen; no WAL-only rows (no WAL is given); the input file is not
 * modified.
 *
 * A harness defines, then includes this file once:
 *   static const dft_chat_parser *const chat_fuzz_parsers[];   the parsers to drive
 *   static const char *const chat_fuzz_siblings[];             companion names, NULL-terminated
 *   CHAT_FUZZ_TMP        mkdtemp prefix             CHAT_FUZZ_DB_NAME   the input's file name
 *   CHAT_FUZZ_DEVICE     ctx.device_path            CHAT_FUZZ_REGION    ctx.region
 *   CHAT_FUZZ_ACCOUNT    ctx.account_hint (or NULL)
 *   CHAT_FUZZ_SKIP(p)    optional: true for a parser another harness covers
 */
#ifndef DFT_CHAT_FUZZ_DRIVER_H
#define DFT_CHAT_FUZZ_DRIVER_H

#include <ftw.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "chatdb.h"
#include "error.h"
#include "fuzz_check.h"
#include "fuzz_tmp.h"

#define CANCEL_AFTER_S 3
#ifndef CHAT_FUZZ_SKIP
#define CHAT_FUZZ_SKIP(p) ((void)(p), false)
#endif

typedef struct chat_fuzz_state {
    double start;
    int64_t messages, contacts, calls;
    char dir[4096];
} chat_fuzz_state;

static double chat_fuzz_mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static bool chat_fuzz_cancelled(void *p) { return chat_fuzz_mono() - ((chat_fuzz_state *)p)->start > CANCEL_AFTER_S; }

static void chat_fuzz_check_source(const char *src)
{
    FUZZ_CHECK(src != NULL);
    const char *colon = strrchr(src, ':');
    FUZZ_CHECK(colon && colon > src && colon[1]);
}

static void chat_fuzz_check_json(const char *d)
{
    FUZZ_CHECK(d != NULL);
    size_t n = strlen(d);
    FUZZ_CHECK(n >= 2 && d[0] == '{' && d[n - 1] == '}');
}

static int chat_fuzz_on_msg(void *p, const dft_chat_msg *m)
{
    chat_fuzz_check_source(m->source);
    chat_fuzz_check_json(m->details);
    FUZZ_CHECK(!m->direction || !strcmp(m->direction, "in") || !strcmp(m->direction, "out"));
    FUZZ_CHECK(m->deleted == 0 || m->deleted == 1);
    FUZZ_CHECK(m->sent_utc != NULL);
    ((chat_fuzz_state *)p)->messages++;
    return DFT_OK;
}

static int chat_fuzz_on_contact(void *p, const dft_chat_contact *c)
{
    chat_fuzz_check_source(c->source);
    chat_fuzz_check_json(c->details);
    ((chat_fuzz_state *)p)->contacts++;
    return DFT_OK;
}

static int chat_fuzz_on_call(void *p, const dft_chat_call *c)
{
    chat_fuzz_check_source(c->source);
    chat_fuzz_check_json(c->details);
    FUZZ_CHECK(c->direction && (!strcmp(c->direction, "in") || !strcmp(c->direction, "out")));
    ((chat_fuzz_state *)p)->calls++;
    return DFT_OK;
}

static void chat_fuzz_on_warning(void *p, const char *msg)
{
    (void)p;
    FUZZ_CHECK(msg && strlen(msg) < 4096);
}

/* a sibling is looked up by its base name inside the private directory */
static int chat_fuzz_open_sibling(void *payload, const char *path, dft_chatdb **out)
{
    chat_fuzz_state *s = payload;
    const char *base = strrchr(path, '/');
    char p[4300];
    snprintf(p, sizeof p, "%s/%s", s->dir, base ? base + 1 : path);
    if (access(p, R_OK) != 0) return DFT_ENOTFOUND;
    dft_chatdb_opts o = { .path = p, .cancelled = chat_fuzz_cancelled, .payload = s };
    return dft_chatdb_open(out, &o);
}

static int chat_fuzz_read_sibling(void *payload, const char *path, size_t cap, char **bytes, size_t *len)
{
    (void)payload;
    (void)path;
    (void)cap;
    *bytes = NULL;
    *len = 0;
    return DFT_ENOTFOUND;
}

static int chat_fuzz_rm(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(p);
    return 0;
}

static int chat_fuzz_write(const char *dir, const char *name, const uint8_t *d, size_t n)
{
    char path[4300];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    size_t w = n ? fwrite(d, 1, n, f) : 0;
    fclose(f);
    return w == n ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static chat_fuzz_state s;
    memset(&s, 0, sizeof s);
    fuzz_tmp_template(s.dir, sizeof s.dir, CHAT_FUZZ_TMP);
    if (!mkdtemp(s.dir)) return 0;
    char db_path[4300];
    snprintf(db_path, sizeof db_path, "%s/%s", s.dir, CHAT_FUZZ_DB_NAME);
    bool written = chat_fuzz_write(s.dir, CHAT_FUZZ_DB_NAME, data, size) == 0;
    for (size_t i = 0; written && chat_fuzz_siblings[i]; i++)
        written = chat_fuzz_write(s.dir, chat_fuzz_siblings[i], data, size) == 0;
    if (written) {
        struct stat before, after;
        FUZZ_CHECK(stat(db_path, &before) == 0);
        s.start = chat_fuzz_mono();
        dft_chatdb *db = NULL;
        dft_chatdb_opts o = { .path = db_path, .cancelled = chat_fuzz_cancelled, .payload = &s };
        if (dft_chatdb_open(&db, &o) == DFT_OK) {
            dft_chat_ctx ctx = { .device_path = CHAT_FUZZ_DEVICE, .region = CHAT_FUZZ_REGION,
                                 .account_hint = CHAT_FUZZ_ACCOUNT, .open_sibling = chat_fuzz_open_sibling,
                                 .read_sibling = chat_fuzz_read_sibling, .payload = &s };
            dft_chat_sink sink = { .payload = &s, .message = chat_fuzz_on_msg, .contact = chat_fuzz_on_contact,
                                   .call = chat_fuzz_on_call, .warning = chat_fuzz_on_warning };
            for (size_t i = 0; i < sizeof chat_fuzz_parsers / sizeof chat_fuzz_parsers[0]; i++) {
                const dft_chat_parser *p = chat_fuzz_parsers[i];
                if (CHAT_FUZZ_SKIP(p) || p->detect(db, &ctx) <= 0) continue;
                dft_chat_stats st = { 0 };
                s.messages = s.contacts = s.calls = 0;
                int rc = p->parse(db, &ctx, &sink, &st);
                FUZZ_CHECK(rc <= 0);
                FUZZ_CHECK(st.messages == s.messages && st.contacts == s.contacts && st.calls == s.calls);
                FUZZ_CHECK(st.messages_only_in_wal == 0);   /* no WAL given */
                if (chat_fuzz_cancelled(&s)) break;
            }
            dft_chatdb_close(db);
        }
        FUZZ_CHECK(chat_fuzz_mono() - s.start < CANCEL_AFTER_S + 5);
        FUZZ_CHECK(stat(db_path, &after) == 0 && after.st_size == before.st_size &&
                   after.st_mtim.tv_sec == before.st_mtim.tv_sec && after.st_mtim.tv_nsec == before.st_mtim.tv_nsec);
    }
    nftw(s.dir, chat_fuzz_rm, 16, FTW_DEPTH | FTW_PHYS);
    return 0;
}

#endif
