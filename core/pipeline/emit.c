/*
 * emit.c - the scan context and the dft_emit_* calls (plugin.h). Inside a file scan an emitted row is
 * copied (from its descriptor, rowkind.h) into the current item and stored by the writer in sequence
 * order; the reference handed back is provisional (pipeline_impl.h prov_id) and resolved by the writer.
 * In a pass after the walk (pass.c) rows are stored at once and references are real ids.
 *
 * Rows that come from decoded content carry the forensic path and offsets of where the bytes were;
 * findings in decoded content that belongs to a row (a message body) are linked to it ("found_in").
 */
#include "pipeline_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pass_impl.h"
#include "registry.h"

dft_scan *scan_new(worker *w, item *it, const dft_file *file, size_t plugin_index)
{
    dft_scan *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->w = w;
    s->it = it;
    s->file = file;
    s->entry = dft_registry_at(plugin_index);
    s->plugin_index = plugin_index;
    s->rec = it ? &it->rec : NULL;
    s->offset_base = 0;
    /* the plugin's thread state exists before it runs on this thread (plugin_tstate.c) */
    if (w && worker_plugin_tstate(w, plugin_index, NULL)) {
        free(s);
        return NULL;
    }
    return s;
}

void scan_free(dft_scan *s) { free(s); }

bool dft_scan_cancelled(const dft_scan *s)
{
    if (s->pass) return dft_pass_cancelled(s->pass);
    return worker_cancelled(s->w) || pipeline_stopping(s->w->p);
}

void *dft_scan_state(const dft_scan *s) { return s->entry ? s->entry->state : NULL; }

const dft_file *dft_scan_file(const dft_scan *s) { return s->region ? NULL : s->file; }

const char *dft_scan_decoded_path(const dft_scan *s) { return s->decoded_path; }

void *dft_scan_thread_state(const dft_scan *s)
{
    void *ts = NULL;
    if (s->w && s->entry) worker_plugin_tstate(s->w, dft_registry_index_of(s->entry), &ts);
    return ts;
}

const char *dft_scan_option(const dft_scan *s, const char *key) { return dft_registry_option(s->entry, key); }

/* ---- rows ------------------------------------------------------------------------------------ */

static int append_row(item *it, row *r)
{
    *it->rows_tail = r;
    it->rows_tail = &r->next;
    return DFT_OK;
}

void rows_free(row *r)
{
    while (r) {
        row *next = r->next;
        dft_rowkind_free(r->kind, r->data);
        free((char *)r->origin.decoded_path);
        free(r);
        r = next;
    }
}

/* Gives r a provisional number in it, for a reference. */
static dft_ref give_ref(item *it, row *r, dft_table t)
{
    static _Atomic uint64_t tokens;
    if (it->n_prov + 1 >= (1u << PROV_ROW_BITS)) return (dft_ref){ 0, 0 }; /* 16 M referenced rows */
    if (!it->ref_token) it->ref_token = atomic_fetch_add(&tokens, 1) + 1;
    r->prov = ++it->n_prov;
    return (dft_ref){ t, prov_id(it->ref_token, r->prov) };
}

static int append_link(dft_scan *s, dft_ref from, const char *relation, dft_ref to, const char *details)
{
    dft_link l = { sizeof l, from.table, from.id, relation, to.table, to.id, details };
    return scan_emit_row(s, dft_rowkind_at(dft_rowkind_count() - 1), &l, NULL);
}

int scan_emit_row(dft_scan *s, const dft_rowkind *k, const void *src, dft_ref *out)
{
    if (out) *out = (dft_ref){ 0, 0 };
    void *data = dft_rowkind_copy(k, src);
    if (!data) return DFT_ERROR;
    const char *plugin = s->entry ? s->entry->plugin->name : "core";
    bool is_finding = k->table == DFT_TABLE_FINDING;
    dft_row_origin origin = { 0, -1, NULL, -1 };
    if (is_finding) {
        dft_finding *f = data;
        if (s->decoded_path) {
            origin.decoded_path = s->decoded_path;
            origin.decoded_offset = f->offset;
            f->offset = (s->offset_base >= 0 && f->offset >= 0) ? s->offset_base + f->offset : -1;
        }
        if (s->region) {
            origin.region_id = s->region->id;
            if (f->offset >= 0) origin.media_offset = (int64_t)s->region->media_offset + f->offset;
        }
    }
    if (s->pass) {
        int64_t id = 0;
        int rc = pass_store_row(s, k, data, &origin, &id);
        dft_rowkind_free(k, data);
        dft_ref ref = { k->table, id };
        if (rc == DFT_OK && out && k->table != DFT_TABLE_NONE) *out = ref;
        if (rc == DFT_OK && is_finding && dft_ref_is_set(s->about))
            return append_link(s, ref, "found_in", s->about, NULL);
        return rc;
    }
    row *r = calloc(1, sizeof *r);
    if (!r || (origin.decoded_path && !(origin.decoded_path = strdup(origin.decoded_path)))) {
        free(r);
        dft_rowkind_free(k, data);
        return dft_error_set(DFT_ENOMEM, "out of memory for %s", k->what);
    }
    r->kind = k;
    r->plugin = plugin;
    r->data = data;
    r->origin = origin;
    bool link_about = is_finding && dft_ref_is_set(s->about);
    dft_ref ref = { 0, 0 };
    if ((out || link_about) && k->table != DFT_TABLE_NONE) ref = give_ref(s->it, r, k->table);
    if (s->w) atomic_fetch_add(is_finding ? &s->w->p->n_findings : &s->w->p->n_rows, 1);
    append_row(s->it, r);
    if (s->w) pipeline_rows_added(s->w->p, s->it);
    if (out) *out = ref;
    if (link_about && dft_ref_is_set(ref)) return append_link(s, ref, "found_in", s->about, NULL);
    return DFT_OK;
}

int item_add_finding(item *it, const char *plugin, const dft_finding *f)
{
    dft_finding copy = *f;
    copy.struct_size = sizeof copy;
    const dft_rowkind *k = dft_rowkind_of(DFT_TABLE_FINDING);
    row *r = calloc(1, sizeof *r);
    void *data = r ? dft_rowkind_copy(k, &copy) : NULL;
    if (!data) {
        free(r);
        return dft_error_set(DFT_ENOMEM, "out of memory for a finding");
    }
    r->kind = k;
    r->plugin = plugin;
    r->data = data;
    r->origin = (dft_row_origin){ 0, -1, NULL, -1 };
    return append_row(it, r);
}

int item_add_warning(item *it, const char *plugin, int64_t offset, const char *msg)
{
    dft_finding f = { .struct_size = sizeof f, .kind = "evidence.warning", .subkind = plugin, .value = msg,
                      .offset = offset, .length = -1, .confidence = 1.0 };
    return item_add_finding(it, plugin, &f);
}

/* ---- the emit API ---------------------------------------------------------------------------- */

int dft_emit_finding(dft_scan *s, const dft_finding *f, dft_ref *out)
{
    return scan_emit_row(s, dft_rowkind_of(DFT_TABLE_FINDING), f, out);
}

int dft_emit_warning(dft_scan *s, int64_t offset, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *plugin = s->entry ? s->entry->plugin->name : "core";
    dft_finding f = { .struct_size = sizeof f, .kind = "evidence.warning", .subkind = plugin, .value = msg,
                      .offset = offset, .length = -1, .confidence = 1.0 };
    if (s->w) atomic_fetch_add(&s->w->p->n_warnings, 1);
    /* the warning is about the file, not a hit in decoded content: no found_in link */
    dft_ref about = s->about;
    s->about = (dft_ref){ 0, 0 };
    int rc = scan_emit_row(s, dft_rowkind_of(DFT_TABLE_FINDING), &f, NULL);
    s->about = about;
    if (s->w) atomic_fetch_sub(&s->w->p->n_findings, 1);
    return rc;
}

int dft_emit_message(dft_scan *s, const dft_message *m, dft_ref *out)
{
    dft_ref ref;
    int rc = scan_emit_row(s, dft_rowkind_of(DFT_TABLE_MESSAGE), m, &ref);
    if (out) *out = ref;
    /* The body goes to the scanners as decoded text, so an address or a seed phrase in a chat is
     * found and linked to its message. */
    if (rc == DFT_OK && m->body && m->body[0]) {
        dft_decoded d = DFT_INIT(dft_decoded);
        d.path_element = "message body";
        d.mime = "text/plain; charset=utf-8";
        d.origin_offset = -1;
        d.about = ref;
        int drc = decode_dispatch(s, &d, m->body, strlen(m->body), true);
        if (drc && drc != DFT_ELIMIT) rc = drc;
    }
    return rc;
}

int dft_emit_contact(dft_scan *s, const dft_contact *c, dft_ref *out)
{
    return scan_emit_row(s, dft_rowkind_of(DFT_TABLE_CONTACT), c, out);
}

int dft_emit_call(dft_scan *s, const dft_call *c, dft_ref *out)
{
    return scan_emit_row(s, dft_rowkind_of(DFT_TABLE_CALL), c, out);
}

int dft_emit_wallet(dft_scan *s, const dft_wallet *w, dft_ref *out)
{
    return scan_emit_row(s, dft_rowkind_of(DFT_TABLE_WALLET), w, out);
}

int dft_emit_person(dft_scan *s, const dft_person *p, dft_ref *out)
{
    return scan_emit_row(s, dft_rowkind_of(DFT_TABLE_PERSON), p, out);
}

int dft_emit_link(dft_scan *s, dft_ref from, const char *relation, dft_ref to, const char *details)
{
    if (!dft_ref_is_set(from) || !dft_ref_is_set(to) || !dft_table_name((dft_table)from.table) ||
        !dft_table_name((dft_table)to.table))
        return dft_error_set(DFT_ERROR, "link %s: both ends must be rows (table %u id %lld, table %u id %lld)",
                             relation ? relation : "(null)", from.table, (long long)from.id, to.table,
                             (long long)to.id);
    if (!relation || !relation[0]) return dft_error_set(DFT_ERROR, "link without a relation");
    return append_link(s, from, relation, to, details);
}
