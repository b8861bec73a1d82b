/*
 * emit.c - the dft_emit_* calls: plugins' rows are copied into the current file's item, which the
 * writer stores in sequence order.
 */
#include "pipeline_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry.h"

dft_scan *scan_new(worker *w, item *it, const dft_file *file, size_t plugin_index)
{
    dft_scan *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->w = w;
    s->it = it;
    s->file = file;
    s->entry = dft_registry_at(plugin_index);
    /* the plugin's thread state exists before it runs on this thread (plugin_tstate.c) */
    if (w && worker_plugin_tstate(w, plugin_index, NULL)) {
        free(s);
        return NULL;
    }
    return s;
}

void scan_free(dft_scan *s) { free(s); }

bool dft_scan_cancelled(const dft_scan *s) { return worker_cancelled(s->w); }

void *dft_scan_state(const dft_scan *s) { return s->entry ? s->entry->state : NULL; }

void *dft_scan_thread_state(const dft_scan *s)
{
    void *ts = NULL;
    if (s->w && s->entry) worker_plugin_tstate(s->w, dft_registry_index_of(s->entry), &ts);
    return ts;
}

const char *dft_scan_option(const dft_scan *s, const char *key) { return dft_registry_option(s->entry, key); }

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

static int append_row(item *it, row *r)
{
    *it->rows_tail = r;
    it->rows_tail = &r->next;
    return DFT_OK;
}

int item_add_finding(item *it, const char *plugin, const dft_finding *f)
{
    row *r = calloc(1, sizeof *r);
    if (!r) return dft_error_set(DFT_ENOMEM, "out of memory for a finding");
    r->kind = ROW_FINDING;
    r->plugin = plugin;
    r->u.finding = *f;
    r->u.finding.kind = dup_or_null(f->kind ? f->kind : "unknown");
    r->u.finding.subkind = dup_or_null(f->subkind);
    r->u.finding.value = dup_or_null(f->value);
    r->u.finding.details = dup_or_null(f->details);
    return append_row(it, r);
}

int item_add_warning(item *it, const char *plugin, int64_t offset, const char *msg)
{
    dft_finding f = { .kind = "evidence.warning", .subkind = plugin, .value = msg, .offset = offset,
                      .length = -1, .confidence = 1.0 };
    return item_add_finding(it, plugin, &f);
}

static void set_ref(dft_ref *out, dft_table t)
{
    if (out) *out = (dft_ref){ t, 0 };
}

int dft_emit_finding(dft_scan *s, const dft_finding *f, dft_ref *out)
{
    atomic_fetch_add(&s->w->p->n_findings, 1);
    set_ref(out, DFT_TABLE_FINDING);
    return item_add_finding(s->it, s->entry->plugin->name, f);
}

int dft_emit_warning(dft_scan *s, int64_t offset, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    atomic_fetch_add(&s->w->p->n_warnings, 1);
    return item_add_warning(s->it, s->entry->plugin->name, offset, msg);
}

static row *new_row(dft_scan *s, int kind)
{
    row *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->kind = kind;
    r->plugin = s->entry->plugin->name;
    atomic_fetch_add(&s->w->p->n_rows, 1);
    return r;
}

int dft_emit_message(dft_scan *s, const dft_message *m, dft_ref *out)
{
    row *r = new_row(s, ROW_MESSAGE);
    if (!r) return dft_error_set(DFT_ENOMEM, "out of memory for a message");
    dft_message *c = &r->u.message;
    *c = *m;
    c->app = dup_or_null(m->app); c->account = dup_or_null(m->account); c->thread = dup_or_null(m->thread);
    c->sender = dup_or_null(m->sender); c->recipient = dup_or_null(m->recipient);
    c->direction = dup_or_null(m->direction); c->sent_utc = dup_or_null(m->sent_utc);
    c->body = dup_or_null(m->body); c->attachment = dup_or_null(m->attachment); c->source = dup_or_null(m->source);
    set_ref(out, DFT_TABLE_MESSAGE);
    return append_row(s->it, r);
}

int dft_emit_contact(dft_scan *s, const dft_contact *m, dft_ref *out)
{
    row *r = new_row(s, ROW_CONTACT);
    if (!r) return dft_error_set(DFT_ENOMEM, "out of memory for a contact");
    dft_contact *c = &r->u.contact;
    c->app = dup_or_null(m->app); c->name = dup_or_null(m->name);
    c->phone = dup_or_null(m->phone); c->handle = dup_or_null(m->handle);
    set_ref(out, DFT_TABLE_CONTACT);
    return append_row(s->it, r);
}

int dft_emit_wallet(dft_scan *s, const dft_wallet *m, dft_ref *out)
{
    row *r = new_row(s, ROW_WALLET);
    if (!r) return dft_error_set(DFT_ENOMEM, "out of memory for a wallet");
    dft_wallet *c = &r->u.wallet;
    c->kind = dup_or_null(m->kind); c->chain = dup_or_null(m->chain);
    c->encrypted = m->encrypted; c->details = dup_or_null(m->details);
    set_ref(out, DFT_TABLE_WALLET);
    return append_row(s->it, r);
}

int dft_emit_person(dft_scan *s, const dft_person *m, dft_ref *out)
{
    row *r = new_row(s, ROW_PERSON);
    if (!r) return dft_error_set(DFT_ENOMEM, "out of memory for a person");
    dft_person *c = &r->u.person;
    c->role = dup_or_null(m->role ? m->role : "unknown"); c->name = dup_or_null(m->name);
    c->phone = dup_or_null(m->phone); c->nationality = dup_or_null(m->nationality);
    c->passport = dup_or_null(m->passport); c->amount = dup_or_null(m->amount);
    c->details = dup_or_null(m->details);
    set_ref(out, DFT_TABLE_PERSON);
    return append_row(s->it, r);
}
