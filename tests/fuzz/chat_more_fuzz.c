/*
 * chat_more_fuzz.c - fuzz harness for the "more chat apps" parsers (parsers/chat_signal.c,
 * chat_skype.c, chat_viber_ios.c, ...: the list below) over hostile SQLite files: the whole input is
 * one database, written to a private directory (mkdtemp in $TMPDIR), opened through dft_chatdb_open
 * (sqlite_safe: private copy, limits, no views or triggers run) and offered to each parser; each one
 * whose detect() is non-zero parses it with a checking sink. The same bytes are also the companion a
 * parser opens through ctx->open_sibling (Viber iOS Settings.data), so that lookup meets hostile input.
 * Seeds (tests/fuzz/corpus/chat_more/, tests/chat_more/gen_fuzz_corpus.py): the fixture databases made
 * small, and hostile variants (lying types, a huge text, NULL keys, self-referencing ids, side tables
 * missing); the mutator then damages pages and headers.
 *
 * Checks: parse returns DFT_OK or an error code (never crashes, never hangs: the cancelled flag turns
 * true after CANCEL_AFTER_S and the run must stop within CANCEL_AFTER_S + 5 s); every row has a source
 * "table:rowid", a direction of "in"/"out"/NULL (calls: "in"/"out"), details that are one JSON object;
 * counts in stats match the rows seen; the input file is not modified.
 */
#include <dirent.h>
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

#define MORE_PARSERS(X) X(signal_android) X(skype_android) X(skype_main) X(viber_ios) X(instagram_android) X(textnow_android) X(messenger_ios)
#define DECL(n) extern const dft_chat_parser dft_chat_parser_##n;
MORE_PARSERS(DECL)
#undef DECL
#define REF(n) &dft_chat_parser_##n,
static const dft_chat_parser *const parsers[] = { MORE_PARSERS(REF) };
#undef REF

typedef struct state {
    double start;
    int64_t messages, contacts, calls;
    char dir[4096];
} state;

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static bool cancelled(void *p) { return mono() - ((state *)p)->start > CANCEL_AFTER_S; }

static void check_source(const char *src)
{
    FUZZ_CHECK(src != NULL);
    const char *colon = strrchr(src, ':');
    FUZZ_CHECK(colon && colon > src && colon[1]);
}

static void check_json(const char *d)
{
    FUZZ_CHECK(d != NULL);
    size_t n = strlen(d);
    FUZZ_CHECK(n >= 2 && d[0] == '{' && d[n - 1] == '}');
}

static int on_msg(void *p, const dft_chat_msg *m)
{
    state *s = p;
    check_source(m->source);
    check_json(m->details);
    FUZZ_CHECK(!m->direction || !strcmp(m->direction, "in") || !strcmp(m->direction, "out"));
    FUZZ_CHECK(m->deleted == 0 || m->deleted == 1);
    FUZZ_CHECK(m->sent_utc != NULL);
    s->messages++;
    return DFT_OK;
}

static int on_contact(void *p, const dft_chat_contact *c)
{
    check_source(c->source);
    check_json(c->details);
    ((state *)p)->contacts++;
    return DFT_OK;
}

static int on_call(void *p, const dft_chat_call *c)
{
    check_source(c->source);
    check_json(c->details);
    FUZZ_CHECK(c->direction && (!strcmp(c->direction, "in") || !strcmp(c->direction, "out")));
    ((state *)p)->calls++;
    return DFT_OK;
}

static void on_warning(void *p, const char *msg)
{
    (void)p;
    FUZZ_CHECK(msg && strlen(msg) < 4096);
}

static void sib_path(state *s, const char *path, char *out, size_t cap)
{
    const char *base = strrchr(path, '/');
    snprintf(out, cap, "%s/%s", s->dir, base ? base + 1 : path);
}

static int open_sibling(void *payload, const char *path, dft_chatdb **out)
{
    state *s = payload;
    char p[4300];
    sib_path(s, path, p, sizeof p);
    if (access(p, R_OK) != 0) return DFT_ENOTFOUND;
    dft_chatdb_opts o = { .path = p, .cancelled = cancelled, .payload = s };
    return dft_chatdb_open(out, &o);
}

static int read_sibling(void *payload, const char *path, size_t cap, char **bytes, size_t *len)
{
    (void)payload;
    (void)path;
    (void)cap;
    *bytes = NULL;
    *len = 0;
    return DFT_ENOTFOUND;
}

static int rm_cb(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(p);
    return 0;
}

static int write_file(const char *path, const uint8_t *d, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    size_t w = n ? fwrite(d, 1, n, f) : 0;
    fclose(f);
    return w == n ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static state s;
    memset(&s, 0, sizeof s);
    fuzz_tmp_template(s.dir, sizeof s.dir, "dft-cmore-fuzz-");
    if (!mkdtemp(s.dir)) return 0;
    char db_path[4300];
    snprintf(db_path, sizeof db_path, "%s/input.db", s.dir);
    /* the same bytes are also every companion a parser may open */
    static const char *const siblings[] = { "Settings.data", NULL };
    bool written = write_file(db_path, data, size) == 0;
    for (size_t i = 0; written && siblings[i]; i++) {
        char sp[4300];
        snprintf(sp, sizeof sp, "%s/%s", s.dir, siblings[i]);
        written = write_file(sp, data, size) == 0;
    }
    if (written) {
        struct stat before, after;
        FUZZ_CHECK(stat(db_path, &before) == 0);
        s.start = mono();
        dft_chatdb *db = NULL;
        dft_chatdb_opts o = { .path = db_path, .cancelled = cancelled, .payload = &s };
        if (dft_chatdb_open(&db, &o) == DFT_OK) {
            /* a path that exercises the owner lookups: Skype's "live:<id>.db" name, Viber's database/ dir */
            dft_chat_ctx ctx = { .device_path = "/var/com.viber/database/live:fuzz.owner.db", .region = "TH",
                                 .account_hint = "+66812345678", .open_sibling = open_sibling,
                                 .read_sibling = read_sibling, .payload = &s };
            dft_chat_sink sink = { .payload = &s, .message = on_msg, .contact = on_contact, .call = on_call,
                                   .warning = on_warning };
            for (size_t i = 0; i < sizeof parsers / sizeof parsers[0]; i++) {
                if (parsers[i]->detect(db, &ctx) <= 0) continue;
                dft_chat_stats st = { 0 };
                s.messages = s.contacts = s.calls = 0;
                int rc = parsers[i]->parse(db, &ctx, &sink, &st);
                FUZZ_CHECK(rc <= 0);
                FUZZ_CHECK(st.messages == s.messages && st.contacts == s.contacts && st.calls == s.calls);
                FUZZ_CHECK(st.messages_only_in_wal == 0);   /* no WAL given */
                if (cancelled(&s)) break;
            }
            dft_chatdb_close(db);
        }
        FUZZ_CHECK(mono() - s.start < CANCEL_AFTER_S + 5);
        FUZZ_CHECK(stat(db_path, &after) == 0 && after.st_size == before.st_size &&
                   after.st_mtim.tv_sec == before.st_mtim.tv_sec && after.st_mtim.tv_nsec == before.st_mtim.tv_nsec);
    }
    nftw(s.dir, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
    return 0;
}
