/*
 * roster_join.c - the identity join of plugin `roster` (a case pass, after every evidence item):
 *
 *   person --same_as-->     the first persons row (lowest id) of the same identity: persons rows of
 *                           any documents sharing an E.164 phone or a passport number, transitively
 *   person --contacted_as-> the first messages/calls row of each (table, app, account) whose
 *                           sender/recipient/thread (messages) or counterpart (calls) is the person's
 *                           phone; details: table, app, account (the worker account), count,
 *                           first_utc, last_utc, matched handle
 *   person --listed_as->    each contacts row whose phone or handle is the person's phone
 * A row's own account number is never a match (the device owner is not his own counterpart).
 *
 * Matching: a handle is reduced to its digits (a WhatsApp JID "66812345678@s.whatsapp.net" to its
 * user part); the last 8 digits look up a hash of the persons' numbers, so the one pass over a million
 * messages costs a hash probe per handle and calls libphonenumber only when those digits already
 * match: equal digits (international forms) match at once, a national form ("0812345678") matches
 * when libphonenumber gives the person's E.164 in the person's own region.
 * Memory: the persons (phones, passports), one aggregate per (person, table, app, account) and one
 * entry per matching contact; never per message. Links are emitted after the reads, sorted by person
 * id then table/app/account or contact id: the same case gives the same links.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "parsers/phone.h"
#include "parsers/roster.h"
#include "plugin.h"
#include "roster_plugin.h"

/* ---- a string -> size_t hash map (open addressing, FNV-1a) ------------------------------ */

typedef struct smap {
    char **keys;
    size_t *vals;
    size_t cap, n;
} smap;

static uint64_t fnv(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static void smap_free(smap *m)
{
    for (size_t i = 0; i < m->cap; i++) free(m->keys[i]);
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

static size_t *smap_find(const smap *m, const char *k)
{
    if (!m->cap) return NULL;
    for (size_t i = fnv(k) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->keys[i]) return NULL;
        if (strcmp(m->keys[i], k) == 0) return &m->vals[i];
    }
}

static int smap_grow(smap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 256;
    char **keys = calloc(cap, sizeof *keys);
    size_t *vals = calloc(cap, sizeof *vals);
    if (!keys || !vals) {
        free(keys);
        free(vals);
        return dft_error_set(DFT_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i]) continue;
        size_t j = fnv(m->keys[i]) & (cap - 1);
        while (keys[j]) j = (j + 1) & (cap - 1);
        keys[j] = m->keys[i];
        vals[j] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->cap = cap;
    return DFT_OK;
}

/* Inserts k -> v unless present; *slot gets the stored value's address. */
static int smap_put(smap *m, const char *k, size_t v, size_t **slot)
{
    size_t *f = smap_find(m, k);
    if (f) {
        *slot = f;
        return DFT_OK;
    }
    if ((m->n + 1) * 2 > m->cap) {
        int rc = smap_grow(m);
        if (rc) return rc;
    }
    size_t i = fnv(k) & (m->cap - 1);
    while (m->keys[i]) i = (i + 1) & (m->cap - 1);
    if (!(m->keys[i] = strdup(k))) return dft_error_set(DFT_ENOMEM, "out of memory");
    m->vals[i] = v;
    m->n++;
    *slot = &m->vals[i];
    return DFT_OK;
}

/* ---- state ------------------------------------------------------------------------------- */

typedef struct person {
    int64_t id;
    char phone[24];     /* E.164 or "" */
    char passport[24];  /* or "" */
    uint64_t name_hash; /* of the name as written, 0 when none */
    size_t parent;      /* union-find */
} person;

typedef struct group {      /* the persons sharing one E.164 number */
    char e164[24];
    char region[3];         /* the number's region, computed on the first national-form candidate */
    int region_done;
    size_t *members;
    size_t n, cap;
    size_t next_same_suffix;   /* chain of groups with the same last 8 digits, SIZE_MAX ends */
    int shared;             /* an office line or placeholder (SHARED_*): no identity, no contact links */
} group;

/* A number on more than SHARED_ROWS persons rows that carry more than SHARED_NAMES different names is
 * a shared number (a company line, a placeholder such as the agent's phone on every row), not one
 * person: uniting its rows would merge different victims into one identity. The same target exported
 * in 30 daily lists keeps one or two names (a script's and a Latin spelling) and stays one identity. */
#define SHARED_ROWS 5
#define SHARED_NAMES 3

typedef struct pgroup {     /* the persons sharing one passport number (same rule: a placeholder such
                               as "000000" or the company's own document number joins no identity) */
    char passport[24];
    size_t *members;
    size_t n, cap;
} pgroup;

typedef struct agg {
    size_t person;
    const char *table;      /* "messages", "calls" (static) */
    char *app, *account, *matched;
    int64_t first_row;
    int64_t count;
    char *first_utc, *last_utc;
} agg;

typedef struct listed {
    size_t person;
    int64_t contact;
    char *app, *account, *matched;
} listed;

typedef struct join {
    person *p;
    size_t np, capp;
    group *g;
    size_t ng, capg;
    smap by_phone;      /* e164 -> group */
    smap by_suffix;     /* last 8 digits -> first group of the chain */
    smap by_passport;   /* passport -> pgroup */
    pgroup *pg;
    size_t npg, cappg;
    agg *a;
    size_t na, capa;
    smap by_agg;        /* "person|table|app|account" -> agg */
    listed *l;
    size_t nl, capl;
    dft_pass *pass;
    int rc;
} join;

static int grow(void **arr, size_t *cap, size_t n, size_t elem)
{
    if (n < *cap) return DFT_OK;
    size_t c = *cap ? *cap * 2 : 64;
    void *p = realloc(*arr, c * elem);
    if (!p) return dft_error_set(DFT_ENOMEM, "out of memory");
    *arr = p;
    *cap = c;
    return DFT_OK;
}

static size_t uf_find(person *p, size_t i)
{
    while (p[i].parent != i) {
        p[i].parent = p[p[i].parent].parent;
        i = p[i].parent;
    }
    return i;
}

/* The root is always the smaller index, i.e. the lower persons id (rows are read in id order). */
static void uf_union(person *p, size_t a, size_t b)
{
    a = uf_find(p, a);
    b = uf_find(p, b);
    if (a == b) return;
    if (a < b) p[b].parent = a;
    else p[a].parent = b;
}

static void digits_of(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    for (; *s && *s != '@' && n + 1 < cap; s++) {
        if (*s == ':' && n) break;   /* "66812345678:12@s.whatsapp.net": a device suffix ("tel:" is not) */
        if (isdigit((unsigned char)*s)) out[n++] = *s;
    }
    out[n] = '\0';
}

static const char *suffix8(const char *d) { size_t n = strlen(d); return n > 8 ? d + n - 8 : d; }

/* ---- reading the persons ------------------------------------------------------------------ */

static int on_person(void *payload, const dft_row *r)
{
    join *j = payload;
    int rc = grow((void **)&j->p, &j->capp, j->np, sizeof *j->p);
    if (rc) return rc;
    person *q = &j->p[j->np];
    memset(q, 0, sizeof *q);
    q->id = dft_row_ref(r).id;
    q->parent = j->np;
    const char *ph = dft_row_text(r, "phone"), *pp = dft_row_text(r, "passport"), *nm = dft_row_text(r, "name");
    q->name_hash = nm && *nm ? fnv(nm) | 1 : 0;
    if (ph && ph[0] == '+' && strlen(ph) < sizeof q->phone) snprintf(q->phone, sizeof q->phone, "%s", ph);
    if (pp && strlen(pp) < sizeof q->passport) snprintf(q->passport, sizeof q->passport, "%s", pp);
    size_t idx = j->np++;
    if (q->passport[0]) {   /* united after the read, unless the passport number is shared */
        size_t *slot;
        if ((rc = smap_put(&j->by_passport, q->passport, j->npg, &slot))) return rc;
        if (*slot == j->npg) {
            if ((rc = grow((void **)&j->pg, &j->cappg, j->npg, sizeof *j->pg))) return rc;
            memset(&j->pg[j->npg], 0, sizeof *j->pg);
            snprintf(j->pg[j->npg].passport, sizeof j->pg[j->npg].passport, "%s", q->passport);
            j->npg++;
        }
        pgroup *pgr = &j->pg[*slot];
        if ((rc = grow((void **)&pgr->members, &pgr->cap, pgr->n, sizeof *pgr->members))) return rc;
        pgr->members[pgr->n++] = idx;
    }
    if (q->phone[0]) {
        size_t *slot;
        if ((rc = smap_put(&j->by_phone, q->phone, j->ng, &slot))) return rc;
        if (*slot == j->ng) {   /* a new number */
            if ((rc = grow((void **)&j->g, &j->capg, j->ng, sizeof *j->g))) return rc;
            group *g = &j->g[j->ng];
            memset(g, 0, sizeof *g);
            snprintf(g->e164, sizeof g->e164, "%s", q->phone);
            g->next_same_suffix = SIZE_MAX;
            size_t *sslot;
            if ((rc = smap_put(&j->by_suffix, suffix8(q->phone + 1), j->ng, &sslot))) return rc;
            if (*sslot != j->ng) {   /* chain behind the first group of that suffix */
                g->next_same_suffix = j->g[*sslot].next_same_suffix;
                j->g[*sslot].next_same_suffix = j->ng;
            }
            j->ng++;
        }
        group *g = &j->g[*slot];
        if ((rc = grow((void **)&g->members, &g->cap, g->n, sizeof *g->members))) return rc;
        g->members[g->n++] = idx;   /* united after the read, unless the number is shared */
    }
    return DFT_OK;
}

/* More than SHARED_ROWS rows with more than SHARED_NAMES different names: a shared key. */
static bool is_shared(const join *j, const size_t *members, size_t n)
{
    if (n <= SHARED_ROWS) return false;
    uint64_t names[SHARED_NAMES + 1];
    size_t nn = 0;
    for (size_t k = 0; k < n && nn <= SHARED_NAMES; k++) {
        uint64_t h = j->p[members[k]].name_hash;
        size_t x = 0;
        while (x < nn && names[x] != h) x++;
        if (h && x == nn) names[nn++] = h;
    }
    return nn > SHARED_NAMES;
}

/* Unites the rows of each number that is not shared; the shared ones are counted for the warning. */
static void unite_phones(join *j, size_t *nshared, size_t *first_shared)
{
    *nshared = 0;
    *first_shared = SIZE_MAX;
    for (size_t gi = 0; gi < j->ng; gi++) {
        group *g = &j->g[gi];
        if (is_shared(j, g->members, g->n)) {
            g->shared = 1;
            if (!(*nshared)++) *first_shared = gi;
            continue;
        }
        for (size_t k = 1; k < g->n; k++) uf_union(j->p, g->members[0], g->members[k]);
    }
}

/* The same for passport numbers. */
static void unite_passports(join *j, size_t *nshared, size_t *first_shared)
{
    *nshared = 0;
    *first_shared = SIZE_MAX;
    for (size_t gi = 0; gi < j->npg; gi++) {
        pgroup *g = &j->pg[gi];
        if (is_shared(j, g->members, g->n)) {
            if (!(*nshared)++) *first_shared = gi;
            continue;
        }
        for (size_t k = 1; k < g->n; k++) uf_union(j->p, g->members[0], g->members[k]);
    }
}

/* The group whose number a handle is, or SIZE_MAX. */
static size_t match(join *j, const char *handle)
{
    if (!handle || !*handle) return SIZE_MAX;
    char d[40];
    digits_of(handle, d, sizeof d);
    size_t n = strlen(d);
    if (n < 6 || n > 17) return SIZE_MAX;
    const size_t *first = smap_find(&j->by_suffix, suffix8(d));
    if (!first) return SIZE_MAX;
    const char *dd = d;
    if (dd[0] == '0' && dd[1] == '0') dd += 2;   /* 00 international prefix */
    for (size_t gi = *first; gi != SIZE_MAX; gi = j->g[gi].next_same_suffix) {
        group *g = &j->g[gi];
        if (g->shared) continue;
        if (strcmp(g->e164 + 1, dd) == 0) return gi;
        if (d[0] == '0' && d[1] != '0' && !g->region_done) {
            g->region_done = 1;
            if (dft_phone_region(g->e164, g->region) != DFT_OK) g->region[0] = '\0';
        }
        if (d[0] == '0' && d[1] != '0' && g->region[0]) {   /* a national form: the person's region */
            char e[24];
            if (dft_phone_e164(handle, g->region, 0, e) == DFT_OK && strcmp(e, g->e164) == 0) return gi;
        }
    }
    return SIZE_MAX;
}

static char *dup_or_empty(const char *s) { return strdup(s ? s : ""); }

static int add_agg(join *j, size_t person, const char *table, const dft_row *r, const char *utc, const char *matched)
{
    const char *app = dft_row_text(r, "app"), *account = dft_row_text(r, "account");
    char key[600];
    snprintf(key, sizeof key, "%zu\x1f%s\x1f%.250s\x1f%.250s", person, table, app ? app : "", account ? account : "");
    size_t *slot;
    int rc = smap_put(&j->by_agg, key, j->na, &slot);
    if (rc) return rc;
    if (*slot == j->na) {
        if ((rc = grow((void **)&j->a, &j->capa, j->na, sizeof *j->a))) return rc;
        agg *a = &j->a[j->na++];
        memset(a, 0, sizeof *a);
        a->person = person;
        a->table = table;
        a->app = dup_or_empty(app);
        a->account = dup_or_empty(account);
        a->matched = dup_or_empty(matched);
        a->first_row = dft_row_ref(r).id;
        if (!a->app || !a->account || !a->matched) return dft_error_set(DFT_ENOMEM, "out of memory");
    }
    agg *a = &j->a[*slot];
    a->count++;
    if (utc && *utc) {
        if (!a->first_utc || strcmp(utc, a->first_utc) < 0) {
            free(a->first_utc);
            a->first_utc = strdup(utc);
        }
        if (!a->last_utc || strcmp(utc, a->last_utc) > 0) {
            free(a->last_utc);
            a->last_utc = strdup(utc);
        }
    }
    return DFT_OK;
}

/* Handles of one row: each group counted once per row. */
static int visit(join *j, const dft_row *r, const char *table, const char *const *cols, size_t ncols, const char *utc_col)
{
    if (dft_pass_cancelled(j->pass)) return dft_error_set(DFT_ECANCELLED, "cancelled");
    size_t seen[4];
    size_t nseen = 0;
    /* the account's own number is not a counterpart: a roster's worker who owns the device account
     * would otherwise be "contacted" by every message of it */
    size_t own = match(j, dft_row_text(r, "account"));
    for (size_t c = 0; c < ncols; c++) {
        const char *h = dft_row_text(r, cols[c]);
        size_t gi = match(j, h);
        if (gi == SIZE_MAX || gi == own) continue;
        size_t k = 0;
        while (k < nseen && seen[k] != gi) k++;
        if (k < nseen) continue;
        if (nseen < 4) seen[nseen++] = gi;
        const group *g = &j->g[gi];
        for (size_t m = 0; m < g->n; m++) {
            int rc;
            if (utc_col) {
                rc = add_agg(j, g->members[m], table, r, dft_row_text(r, utc_col), h);
            } else {
                if ((rc = grow((void **)&j->l, &j->capl, j->nl, sizeof *j->l))) return rc;
                listed *l = &j->l[j->nl++];
                l->person = g->members[m];
                l->contact = dft_row_ref(r).id;
                l->app = dup_or_empty(dft_row_text(r, "app"));
                l->account = dup_or_empty(dft_row_text(r, "account"));
                l->matched = dup_or_empty(h);
                if (!l->app || !l->account || !l->matched) rc = dft_error_set(DFT_ENOMEM, "out of memory");
            }
            if (rc) return rc;
        }
    }
    return DFT_OK;
}

static int on_message(void *payload, const dft_row *r)
{
    static const char *const cols[] = { "sender", "recipient", "thread" };
    return visit(payload, r, "messages", cols, 3, "sent_utc");
}

static int on_call(void *payload, const dft_row *r)
{
    static const char *const cols[] = { "counterpart" };
    return visit(payload, r, "calls", cols, 1, "start_utc");
}

static int on_contact(void *payload, const dft_row *r)
{
    static const char *const cols[] = { "phone", "handle" };
    return visit(payload, r, "contacts", cols, 2, NULL);
}

/* ---- emitting ---------------------------------------------------------------------------- */

static int agg_cmp(const void *x, const void *y)
{
    const agg *a = x, *b = y;
    if (a->person != b->person) return a->person < b->person ? -1 : 1;
    int c = strcmp(a->table, b->table);
    if (!c) c = strcmp(a->app, b->app);
    if (!c) c = strcmp(a->account, b->account);
    return c;
}

static int listed_cmp(const void *x, const void *y)
{
    const listed *a = x, *b = y;
    if (a->person != b->person) return a->person < b->person ? -1 : 1;
    return (a->contact > b->contact) - (a->contact < b->contact);
}

static int emit_link(dft_scan *s, int64_t from, const char *rel, uint32_t to_table, int64_t to, json_t *d)
{
    char *details = d ? json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(d);
    int rc = dft_emit_link(s, (dft_ref){ DFT_TABLE_PERSON, from }, rel, (dft_ref){ to_table, to }, details);
    free(details);
    return rc;
}

/* details.personal: the keys of d that hold personal data (a phone number, a passport number, an
 * account or handle), so that report --redact replaces exactly those (docs/case-file.md, links). Keys
 * absent or empty in d are not listed. */
static json_t *personal_keys(const json_t *d, const char *k1, const char *k2)
{
    json_t *a = json_array();
    const char *keys[2] = { k1, k2 };
    for (int i = 0; i < 2; i++) {
        const char *v = keys[i] ? json_string_value(json_object_get(d, keys[i])) : NULL;
        if (v && *v) json_array_append_new(a, json_string(keys[i]));
    }
    return a;
}

static int emit_all(join *j)
{
    dft_scan *s = dft_pass_scan(j->pass, 0);
    if (!s) return dft_error_set(DFT_ERROR, "roster: no scan context in the case pass");
    int rc = DFT_OK;
    for (size_t i = 0; i < j->np && !rc; i++) {
        size_t root = uf_find(j->p, i);
        if (root == i) continue;
        json_t *d = json_object();
        if (j->p[i].phone[0] && strcmp(j->p[i].phone, j->p[root].phone) == 0)
            json_object_set_new(d, "phone", json_string(j->p[i].phone));
        if (j->p[i].passport[0] && strcmp(j->p[i].passport, j->p[root].passport) == 0)
            json_object_set_new(d, "passport", json_string(j->p[i].passport));
        if (!json_object_size(d)) json_object_set_new(d, "via", json_string("another row of the same identity"));
        else
            json_object_set_new(d, "personal", personal_keys(d, "phone", "passport"));
        rc = emit_link(s, j->p[i].id, "same_as", DFT_TABLE_PERSON, j->p[root].id, d);
    }
    if (j->na) qsort(j->a, j->na, sizeof *j->a, agg_cmp);
    for (size_t i = 0; i < j->na && !rc; i++) {
        const agg *a = &j->a[i];
        json_t *d = json_object();
        json_object_set_new(d, "table", json_string(a->table));
        json_object_set_new(d, "app", json_string(a->app));
        json_object_set_new(d, "account", json_string(a->account));
        json_object_set_new(d, "count", json_integer(a->count));
        json_object_set_new(d, "matched", json_string(a->matched));
        if (a->first_utc) json_object_set_new(d, "first_utc", json_string(a->first_utc));
        if (a->last_utc) json_object_set_new(d, "last_utc", json_string(a->last_utc));
        json_object_set_new(d, "personal", personal_keys(d, "account", "matched"));
        rc = emit_link(s, j->p[a->person].id, "contacted_as",
                       strcmp(a->table, "calls") == 0 ? DFT_TABLE_CALL : DFT_TABLE_MESSAGE, a->first_row, d);
    }
    if (j->nl) qsort(j->l, j->nl, sizeof *j->l, listed_cmp);
    for (size_t i = 0; i < j->nl && !rc; i++) {
        const listed *l = &j->l[i];
        json_t *d = json_object();
        json_object_set_new(d, "app", json_string(l->app));
        json_object_set_new(d, "account", json_string(l->account));
        json_object_set_new(d, "matched", json_string(l->matched));
        json_object_set_new(d, "personal", personal_keys(d, "account", "matched"));
        rc = emit_link(s, j->p[l->person].id, "listed_as", DFT_TABLE_CONTACT, l->contact, d);
    }
    return rc;
}

static void join_free(join *j)
{
    for (size_t i = 0; i < j->ng; i++) free(j->g[i].members);
    for (size_t i = 0; i < j->na; i++) {
        free(j->a[i].app);
        free(j->a[i].account);
        free(j->a[i].matched);
        free(j->a[i].first_utc);
        free(j->a[i].last_utc);
    }
    for (size_t i = 0; i < j->nl; i++) {
        free(j->l[i].app);
        free(j->l[i].account);
        free(j->l[i].matched);
    }
    for (size_t i = 0; i < j->npg; i++) free(j->pg[i].members);
    free(j->pg);
    free(j->p);
    free(j->g);
    free(j->a);
    free(j->l);
    smap_free(&j->by_phone);
    smap_free(&j->by_suffix);
    smap_free(&j->by_passport);
    smap_free(&j->by_agg);
}

int roster_join_pass(dft_pass *p, void *state)
{
    (void)state;
    join j;
    memset(&j, 0, sizeof j);
    j.pass = p;
    int rc = dft_pass_each(p, "persons", "roster", NULL, on_person, &j);
    size_t nshared = 0, first_shared = SIZE_MAX;
    if (!rc) unite_phones(&j, &nshared, &first_shared);
    if (!rc && nshared) {
        dft_scan *s = dft_pass_scan(p, 0);
        if (s)
            rc = dft_emit_warning(s, -1, "roster: %zu phone number(s) are listed for more than %d persons rows with more "
                                  "than %d different names (first: %s, %zu rows): shared numbers (an office line, a "
                                  "placeholder) join no identity and give no contacted_as/listed_as links",
                                  nshared, SHARED_ROWS, SHARED_NAMES, j.g[first_shared].e164, j.g[first_shared].n);
    }
    size_t npshared = 0, first_pshared = SIZE_MAX;
    if (!rc) unite_passports(&j, &npshared, &first_pshared);
    if (!rc && npshared) {
        dft_scan *s = dft_pass_scan(p, 0);
        if (s)
            rc = dft_emit_warning(s, -1, "roster: %zu passport number(s) are listed for more than %d persons rows with "
                                  "more than %d different names (first on %zu rows): shared or placeholder numbers "
                                  "join no identity", npshared, SHARED_ROWS, SHARED_NAMES, j.pg[first_pshared].n);
    }
    if (!rc && j.np) {
        if (j.ng) rc = dft_pass_each(p, "messages", NULL, NULL, on_message, &j);
        if (!rc && j.ng) rc = dft_pass_each(p, "calls", NULL, NULL, on_call, &j);
        if (!rc && j.ng) rc = dft_pass_each(p, "contacts", NULL, NULL, on_contact, &j);
        if (!rc) rc = emit_all(&j);
    }
    join_free(&j);
    return rc;
}
