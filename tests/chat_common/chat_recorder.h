/*
 * chat_recorder.h - what the chat-app parser tests share: the list of every parser in
 * parsers/chat_parsers.h, a recording sink that turns each row into one comparable text line
 *   M source|direction|sender|recipient|sent|body|attachment|thread|deleted|wal|title|sender_name|account
 *   D source {details}      C source|name|phone|handle|account
 *   K source|counterpart|name|direction|status|media|start|duration|wal      E source {details}
 * with has()/details_has() to assert exact rows, and run(): open a fixture database at its device path
 * under `root`, check that exactly one parser (`want`) wins detection, parse it into the recorder.
 * Included once by each test program (tests/chat_apps, tests/chat_more, ...).
 */
#ifndef DFT_TEST_CHAT_RECORDER_H
#define DFT_TEST_CHAT_RECORDER_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chatdb.h"
#include "check.h"
#include "error.h"

#define DFT_CHAT_PARSER(n) extern const dft_chat_parser dft_chat_parser_##n;
#include "chat_parsers.h"
#undef DFT_CHAT_PARSER
#define DFT_CHAT_PARSER(n) &dft_chat_parser_##n,
static const dft_chat_parser *const parsers[] = {
#include "chat_parsers.h"
};
#undef DFT_CHAT_PARSER
#define NPARSERS (sizeof parsers / sizeof parsers[0])

static char root[4096];

typedef struct rec {
    char **lines;
    size_t n;
    int warnings;
} rec;

static inline const char *z(const char *s) { return s ? s : "-"; }

static inline void add(rec *r, const char *line)
{
    r->lines = realloc(r->lines, (r->n + 1) * sizeof *r->lines);
    r->lines[r->n++] = strdup(line);
}

static inline int s_msg(void *p, const dft_chat_msg *m)
{
    char b[4096];
    snprintf(b, sizeof b, "M %s|%s|%s|%s|%s|%s|%s|%s|%d|%d|%s|%s|%s", z(m->source), z(m->direction), z(m->sender),
             z(m->recipient), z(m->sent_utc), z(m->body), z(m->attachment), z(m->thread), m->deleted, m->only_in_wal,
             z(m->thread_title), z(m->sender_name), z(m->account));
    add(p, b);
    snprintf(b, sizeof b, "D %s %s", z(m->source), z(m->details));
    add(p, b);
    return DFT_OK;
}

static inline int s_contact(void *p, const dft_chat_contact *c)
{
    char b[2048];
    snprintf(b, sizeof b, "C %s|%s|%s|%s|%s", z(c->source), z(c->name), z(c->phone), z(c->handle), z(c->account));
    add(p, b);
    return DFT_OK;
}

static inline int s_call(void *p, const dft_chat_call *c)
{
    char b[2048];
    snprintf(b, sizeof b, "K %s|%s|%s|%s|%s|%s|%s|%lld|%d", z(c->source), z(c->counterpart), z(c->counterpart_name),
             z(c->direction), z(c->status), z(c->media), z(c->start_utc), (long long)c->duration_s, c->only_in_wal);
    add(p, b);
    snprintf(b, sizeof b, "E %s %s", z(c->source), z(c->details));
    add(p, b);
    return DFT_OK;
}

static inline void s_warn(void *p, const char *msg)
{
    ((rec *)p)->warnings++;
    fprintf(stderr, "  warning: %s\n", msg);
}

static inline bool has(const rec *r, const char *line)
{
    for (size_t i = 0; i < r->n; i++)
        if (!strcmp(r->lines[i], line)) return true;
    fprintf(stderr, "  missing: %s\n", line);
    for (size_t i = 0; i < r->n; i++) fprintf(stderr, "    have: %s\n", r->lines[i]);
    return false;
}

/* the details line ('D' messages, 'E' calls) of source contains frag */
static inline bool details_has(const rec *r, char kind, const char *source, const char *frag)
{
    char pre[128];
    snprintf(pre, sizeof pre, "%c %s {", kind, source);
    for (size_t i = 0; i < r->n; i++)
        if (!strncmp(r->lines[i], pre, strlen(pre)) && strstr(r->lines[i], frag)) return true;
    fprintf(stderr, "  details of %s lack: %s\n", source, frag);
    return false;
}

static inline void rec_free(rec *r)
{
    for (size_t i = 0; i < r->n; i++) free(r->lines[i]);
    free(r->lines);
    memset(r, 0, sizeof *r);
}

static inline int open_sibling(void *payload, const char *path, dft_chatdb **out)
{
    (void)payload;
    char p[8192], w[8300];
    snprintf(p, sizeof p, "%s%s", root, path);
    if (access(p, R_OK) != 0) return DFT_ENOTFOUND;
    snprintf(w, sizeof w, "%s-wal", p);
    dft_chatdb_opts o = { .path = p, .wal_path = access(w, R_OK) == 0 ? w : NULL };
    return dft_chatdb_open(out, &o);
}

/* Opens the database at a device path, checks that `want` wins detection, parses it. */
static inline int run(const char *device, const char *want, rec *r, dft_chat_stats *st, const char *account_hint)
{
    char p[8192], w[8300];
    snprintf(p, sizeof p, "%s%s", root, device);
    snprintf(w, sizeof w, "%s-wal", p);
    dft_chatdb *db = NULL;
    dft_chatdb_opts o = { .path = p, .wal_path = access(w, R_OK) == 0 ? w : NULL };
    int rc = dft_chatdb_open(&db, &o);
    CHECK(rc == DFT_OK);
    if (rc) return rc;
    dft_chat_ctx ctx = { .device_path = device, .region = "TH", .account_hint = account_hint,
                         .open_sibling = open_sibling };
    const dft_chat_parser *best = NULL;
    int best_score = 0, winners = 0;
    for (size_t i = 0; i < NPARSERS; i++) {
        int s = parsers[i]->detect(db, &ctx);
        if (s > best_score) { best_score = s; best = parsers[i]; winners = 1; }
        else if (s && s == best_score) winners++;
    }
    CHECK(best && !strcmp(best->name, want));
    CHECK(winners == 1);
    memset(st, 0, sizeof *st);
    dft_chat_sink sink = { .payload = r, .message = s_msg, .contact = s_contact, .call = s_call, .warning = s_warn };
    rc = best ? best->parse(db, &ctx, &sink, st) : DFT_ERROR;
    if (rc) fprintf(stderr, "  %s: parse: %d %s\n", device, rc, dft_error_last());
    dft_chatdb_close(db);
    return rc;
}

#endif
