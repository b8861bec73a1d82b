/*
 * rec.h - a recording chat sink for the Telegram and export unit tests: every row's fields copied
 * into arrays, so tests assert exact values after the parse.
 */
#ifndef DFT_TEST_TG_REC_H
#define DFT_TEST_TG_REC_H

#include <stdlib.h>
#include <string.h>

#include "chatdb.h"

#define REC_MAX 4096

typedef struct rec_msg {
    char *account, *thread, *title, *sender, *recipient, *sender_name, *direction, *sent, *body, *attachment,
        *source, *details;
    bool wal;
} rec_msg;

typedef struct rec_contact {
    char *account, *name, *phone, *handle, *source, *details;
    bool wal;
} rec_contact;

typedef struct rec {
    rec_msg m[REC_MAX];
    size_t nm;
    rec_contact c[REC_MAX];
    size_t nc;
    int warnings;
    char last_warning[512];
} rec;

static char *rdup(const char *s) { return s ? strdup(s) : NULL; }

static int rec_message(void *p, const dft_chat_msg *m)
{
    rec *r = p;
    if (r->nm == REC_MAX) return 0;
    rec_msg *x = &r->m[r->nm++];
    x->account = rdup(m->account);
    x->thread = rdup(m->thread);
    x->title = rdup(m->thread_title);
    x->sender = rdup(m->sender);
    x->recipient = rdup(m->recipient);
    x->sender_name = rdup(m->sender_name);
    x->direction = rdup(m->direction);
    x->sent = rdup(m->sent_utc);
    x->body = rdup(m->body);
    x->attachment = rdup(m->attachment);
    x->source = rdup(m->source);
    x->details = rdup(m->details);
    x->wal = m->only_in_wal;
    return 0;
}

__attribute__((unused)) static int rec_contact_cb(void *p, const dft_chat_contact *c)
{
    rec *r = p;
    if (r->nc == REC_MAX) return 0;
    rec_contact *x = &r->c[r->nc++];
    x->account = rdup(c->account);
    x->name = rdup(c->name);
    x->phone = rdup(c->phone);
    x->handle = rdup(c->handle);
    x->source = rdup(c->source);
    x->details = rdup(c->details);
    x->wal = c->only_in_wal;
    return 0;
}

__attribute__((unused)) static void rec_warning(void *p, const char *msg)
{
    rec *r = p;
    r->warnings++;
    snprintf(r->last_warning, sizeof r->last_warning, "%s", msg);
}

static void rec_free(rec *r)
{
    for (size_t i = 0; i < r->nm; i++) {
        rec_msg *x = &r->m[i];
        char *f[] = { x->account, x->thread, x->title, x->sender, x->recipient, x->sender_name, x->direction,
                      x->sent, x->body, x->attachment, x->source, x->details };
        for (size_t k = 0; k < sizeof f / sizeof f[0]; k++) free(f[k]);
    }
    for (size_t i = 0; i < r->nc; i++) {
        rec_contact *x = &r->c[i];
        char *f[] = { x->account, x->name, x->phone, x->handle, x->source, x->details };
        for (size_t k = 0; k < sizeof f / sizeof f[0]; k++) free(f[k]);
    }
    r->nm = r->nc = 0;
}

static bool eq(const char *a, const char *b) { return (!a && !b) || (a && b && strcmp(a, b) == 0); }
__attribute__((unused)) static bool has(const char *hay, const char *needle) { return hay && strstr(hay, needle) != NULL; }

#endif
