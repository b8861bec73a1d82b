/*
 * sqlite_recover.c - the page walker of the recovery parser (sqlite_recover.h): builds the current
 * state (main file + the committed WAL frames), walks each table's b-tree to index live rows, then
 * scans free space in a fixed order - freeblocks and unallocated gaps of live leaf pages, freelist
 * pages, WAL frames that are not the current state, main-file pages the WAL replaced, rollback
 * journal pages - and reports each consistent record once, de-duplicated against live rows.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "sqlite_recover_int.h"

static uint32_t be16(const uint8_t *p) { return (uint32_t)p[0] << 8 | p[1]; }
static uint32_t be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }

static void warn(sqlrec_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(sqlrec_ctx *c, const char *fmt, ...)
{
    c->st->warnings++;
    if (!c->o->warning || c->st->warnings > 100) return;   /* a hostile file gets a bounded number */
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    c->o->warning(c->o->payload, msg);
}

/* Budgets and cancellation, checked between pages. */
static bool check_stop(sqlrec_ctx *c)
{
    if (c->stop) return true;
    if (c->o->cancelled && c->o->cancelled(c->o->payload)) {
        c->stop = DFT_ECANCELLED;
        return true;
    }
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double ms = (double)(now.tv_sec - c->t0.tv_sec) * 1e3 + (double)(now.tv_nsec - c->t0.tv_nsec) / 1e6;
    /* default: 60 s plus 0.5 s per MiB of database and WAL (a 200 MB msgstore.db gets 160 s) */
    unsigned budget = c->o->time_budget_ms
                          ? c->o->time_budget_ms
                          : 60000u + (unsigned)((c->o->db_len + c->o->wal_len + c->o->journal_len) / 2097152u * 1000u);
    if (ms > budget) {
        warn(c, "recovery stopped: time budget of %u ms used", budget);
        c->st->truncated = true;
        c->stop = 1;
        return true;
    }
    return false;
}

/* ---- a set of 64-bit keys ---- */

static bool set_grow(sqlrec_ctx *c, sqlrec_set *s)
{
    size_t nc = s->cap ? s->cap * 2 : 1024;
    size_t max = c->o->max_memory ? c->o->max_memory : ((size_t)256 << 20);
    if (c->memory + nc * 8 > max) {
        warn(c, "recovery stopped: memory budget of %zu bytes used", max);
        c->st->truncated = true;
        c->stop = 1;
        return false;
    }
    uint64_t *nk = calloc(nc, 8);
    if (!nk) { c->stop = DFT_ENOMEM; return false; }
    for (size_t i = 0; i < s->cap; i++) {
        if (!s->k[i]) continue;
        size_t j = (size_t)(s->k[i] * 0x9e3779b97f4a7c15ull >> 7) & (nc - 1);
        while (nk[j]) j = (j + 1) & (nc - 1);
        nk[j] = s->k[i];
    }
    c->memory += (nc - s->cap) * 8;
    free(s->k);
    s->k = nk;
    s->cap = nc;
    return true;
}

/* Adds key; true when it was already there. */
static bool set_add(sqlrec_ctx *c, sqlrec_set *s, uint64_t key, bool insert)
{
    if (!key) key = 1;
    if (s->cap) {
        size_t j = (size_t)(key * 0x9e3779b97f4a7c15ull >> 7) & (s->cap - 1);
        while (s->k[j]) {
            if (s->k[j] == key) return true;
            j = (j + 1) & (s->cap - 1);
        }
        if (!insert) return false;
        if ((s->n + 1) * 4 < s->cap * 3) {
            s->k[j] = key;
            s->n++;
            return false;
        }
    }
    if (!insert) return false;
    if (!set_grow(c, s)) return false;
    return set_add(c, s, key, true);
}

/* ---- live rows ---- */

static void live_add(sqlrec_ctx *c, size_t t, int64_t rowid, uint64_t h, int nvals)
{
    sqlrec_live *l = &c->live[t];
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 256;
        size_t max = c->o->max_memory ? c->o->max_memory : ((size_t)256 << 20);
        if (c->memory + (nc - l->cap) * 16 > max) {
            warn(c, "recovery stopped: memory budget of %zu bytes used indexing live rows", max);
            c->st->truncated = true;
            c->stop = 1;
            return;
        }
        int64_t *nr = realloc(l->rowid, nc * 8);
        if (nr) l->rowid = nr;
        uint64_t *nh = realloc(l->hash, nc * 8);
        if (nh) l->hash = nh;
        if (!nr || !nh) { c->stop = DFT_ENOMEM; return; }
        c->memory += (nc - l->cap) * 16;
        l->cap = nc;
    }
    l->rowid[l->n] = rowid;
    l->hash[l->n] = h;
    l->n++;
    bool seen = false;
    for (int i = 0; i < l->ncounts; i++) seen |= l->counts[i] == nvals;
    if (!seen && l->ncounts < SQLREC_MAX_COUNTS) l->counts[l->ncounts++] = nvals;
    set_add(c, &c->live_values, h, true);
}

/* Sorts a table's live rows by rowid (insertion order is b-tree order, already sorted unless the
 * file is damaged: then a plain sort keeps lookups right). */
static int cmp_pair_idx(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static void live_sort(sqlrec_live *l)
{
    bool sorted = true;
    for (size_t i = 1; i < l->n && sorted; i++) sorted = l->rowid[i - 1] <= l->rowid[i];
    if (sorted) return;
    int64_t *pairs = malloc(l->n * 16);
    if (!pairs) return;
    for (size_t i = 0; i < l->n; i++) { pairs[2 * i] = l->rowid[i]; pairs[2 * i + 1] = (int64_t)l->hash[i]; }
    qsort(pairs, l->n, 16, cmp_pair_idx);
    for (size_t i = 0; i < l->n; i++) { l->rowid[i] = pairs[2 * i]; l->hash[i] = (uint64_t)pairs[2 * i + 1]; }
    free(pairs);
}

/* The hash of UNIQUE key k (at keys[koff]) of table t over record values v[0..n); false when the key
 * cannot identify a row: a column the record lacks, a NULL (UNIQUE allows many), a LOST value. */
static bool key_hash(const sqlrec_ctx *c, size_t t, int koff, const dft_sqlrec_value *v, int n, uint64_t *h)
{
    const dft_sqlrec_table *tb = &c->o->tables[t];
    int kn = tb->keys[koff];
    dft_sqlrec_value kv[16];
    if (kn < 1 || kn > 16) return false;
    for (int i = 0; i < kn; i++) {
        int col = tb->keys[koff + 1 + i];
        if (col < 0 || col >= n || col >= tb->ncols || tb->cols[col].ipk) return false;
        if (v[col].type == DFT_SQLREC_NULL || v[col].type == DFT_SQLREC_LOST) return false;
        kv[i] = v[col];
    }
    *h = sqlrec_values_hash(t ^ ((size_t)(koff + 1) << 20), kv, kn);
    return true;
}

/* Records the UNIQUE key hashes of a live row (c->vals). */
static void keyed_add(sqlrec_ctx *c, size_t t, int64_t rowid, int n)
{
    const dft_sqlrec_table *tb = &c->o->tables[t];
    sqlrec_live *l = &c->live[t];
    for (int koff = 0; tb->keys && koff < tb->keys_len && !c->stop; koff += 1 + tb->keys[koff]) {
        uint64_t h;
        if (tb->keys[koff] < 1 || !key_hash(c, t, koff, c->vals, n, &h)) continue;
        if (l->nkeyed == l->keyed_cap) {
            size_t nc = l->keyed_cap ? l->keyed_cap * 2 : 256;
            size_t max = c->o->max_memory ? c->o->max_memory : ((size_t)256 << 20);
            if (c->memory + (nc - l->keyed_cap) * 16 > max) {
                warn(c, "recovery stopped: memory budget of %zu bytes used indexing live keys", max);
                c->st->truncated = true;
                c->stop = 1;
                return;
            }
            int64_t *nk = realloc(l->keyed, nc * 16);
            if (!nk) { c->stop = DFT_ENOMEM; return; }
            c->memory += (nc - l->keyed_cap) * 16;
            l->keyed = nk;
            l->keyed_cap = nc;
        }
        l->keyed[2 * l->nkeyed] = (int64_t)h;
        l->keyed[2 * l->nkeyed + 1] = rowid;
        l->nkeyed++;
    }
}

static int cmp_keyed(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    if (x != y) return (x > y) - (x < y);
    int64_t r = ((const int64_t *)a)[1], s = ((const int64_t *)b)[1];
    return (r > s) - (r < s);
}

/* The live row whose UNIQUE key (any of the table's) equals the record's values, if any. */
static bool keyed_find(const sqlrec_ctx *c, size_t t, const dft_sqlrec_value *v, int n, int64_t *rowid)
{
    const dft_sqlrec_table *tb = &c->o->tables[t];
    const sqlrec_live *l = &c->live[t];
    for (int koff = 0; tb->keys && l->nkeyed && koff < tb->keys_len; koff += 1 + tb->keys[koff]) {
        uint64_t h;
        if (tb->keys[koff] < 1 || !key_hash(c, t, koff, v, n, &h)) continue;
        size_t lo = 0, hi = l->nkeyed;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if ((uint64_t)l->keyed[2 * mid] < h) lo = mid + 1;
            else hi = mid;
        }
        if (lo < l->nkeyed && (uint64_t)l->keyed[2 * lo] == h) {
            *rowid = l->keyed[2 * lo + 1];
            return true;
        }
    }
    return false;
}

static bool live_find(const sqlrec_live *l, int64_t rowid, uint64_t *h)
{
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (l->rowid[mid] < rowid) lo = mid + 1;
        else hi = mid;
    }
    if (lo < l->n && l->rowid[lo] == rowid) {
        *h = l->hash[lo];
        return true;
    }
    return false;
}

/* Walks table t's b-tree from its root: every leaf cell is a live row. Pages reached twice (a cycle
 * or a page shared by two trees) end that branch with a warning. */
static void walk_table(sqlrec_ctx *c, size_t t)
{
    uint32_t root = c->o->tables[t].root;
    if (!root || root > c->npages) return;
    uint32_t *stack = malloc(sizeof *stack * (c->npages + 1));
    if (!stack) { c->stop = DFT_ENOMEM; return; }
    size_t sp = 0;
    stack[sp++] = root;
    uint64_t steps = 0;
    while (sp && !c->stop) {
        uint32_t pg = stack[--sp];
        if (++steps % 256 == 0 && check_stop(c)) break;
        const uint8_t *img = sqlrec_page(c, pg);
        if (!img) { warn(c, "table %s: page %u missing", c->o->tables[t].name, pg); continue; }
        if (c->seen[pg - 1]) { warn(c, "table %s: page %u reached twice (cycle)", c->o->tables[t].name, pg); continue; }
        c->seen[pg - 1] = 1;
        c->inuse[pg - 1] = 1;
        size_t h = pg == 1 ? 100 : 0;
        uint8_t type = img[h];
        if (type != 0x05 && type != 0x0d) {
            if (pg == root) break;   /* an index / WITHOUT ROWID tree: no rows to index */
            warn(c, "table %s: page %u is not a table b-tree page", c->o->tables[t].name, pg);
            continue;
        }
        uint32_t ncells = be16(img + h + 3);
        size_t hdr = h + (type == 0x05 ? 12 : 8);
        if (hdr + 2 * (size_t)ncells > c->usable) {
            warn(c, "table %s: page %u cell count %u too large", c->o->tables[t].name, pg, ncells);
            continue;
        }
        if (type == 0x05) {
            /* children pushed right to left so leaves come out in rowid order */
            uint32_t right = be32(img + h + 8);
            if (right && right <= c->npages && sp < c->npages) stack[sp++] = right;
            for (uint32_t i = ncells; i-- > 0;) {
                uint32_t ptr = be16(img + hdr + 2 * i);
                if (ptr + 4 > c->usable) continue;
                uint32_t child = be32(img + ptr);
                if (child && child <= c->npages && sp < c->npages) stack[sp++] = child;
            }
            continue;
        }
        c->owner[pg - 1] = (int32_t)t;
        for (uint32_t i = 0; i < ncells && !c->stop; i++) {
            uint32_t ptr = be16(img + hdr + 2 * i);
            sqlrec_cand cand;
            if (ptr < hdr || ptr >= c->usable || !sqlrec_cell(c, img, ptr, c->usable, (int)t, false, &cand)) {
                /* a live row we cannot decode: counted, its rowid unknown (no de-duplication needed) */
                warn(c, "table %s: page %u cell %u not decodable", c->o->tables[t].name, pg, i);
                continue;
            }
            c->st->live_rows++;
            live_add(c, t, cand.rowid, sqlrec_values_hash(t, c->vals, cand.nvals), cand.nvals);
            keyed_add(c, t, cand.rowid, cand.nvals);
        }
    }
    free(stack);
}

const char *sqlrec_missing_text(int code)
{
    static const char *const text[SQLREC_MISS_COUNT] = {
        [SQLREC_MISS_NONE] = "values",
        [SQLREC_MISS_OVERWRITTEN] = "values in the bytes the freeblock header overwrote",
        [SQLREC_MISS_OVFL_INUSE] = "overflow chain: a page is used by live data now (reused after the delete)",
        [SQLREC_MISS_OVFL_LOOP] = "overflow chain: a page reached twice (loop)",
        [SQLREC_MISS_OVFL_NOT] = "overflow chain: a page that is not an overflow page",
        [SQLREC_MISS_OVFL_END] = "overflow chain: ends before the payload",
        [SQLREC_MISS_OVFL_ABSENT] = "overflow chain: a page not in the database",
        [SQLREC_MISS_OVFL_INVALID] = "overflow chain: bytes that do not decode (page reused)",
        [SQLREC_MISS_OVFL_TRUNK] = "overflow chain: a page is a freelist trunk now (its bytes overwritten)",
    };
    return code >= 0 && code < SQLREC_MISS_COUNT ? text[code] : text[0];
}

/* Marks the freelist trunk pages (inuse 3): a trunk's bytes after its first word are its leaf list,
 * never what an overflow page held. Bounded by the page count (a cycle ends the chain). */
static void mark_trunks(sqlrec_ctx *c, const uint8_t *p1)
{
    uint32_t trunk = be32(p1 + 32);
    for (uint32_t steps = 0; trunk && trunk <= c->npages && steps < c->npages; steps++) {
        const uint8_t *img = sqlrec_page(c, trunk);
        if (!img || c->inuse[trunk - 1]) break;
        c->inuse[trunk - 1] = 3;
        trunk = be32(img);
    }
}

/* ---- reporting ---- */

static bool defer_put(sqlrec_ctx *c, const void *p, size_t n)
{
    if (c->deferred_len + n > c->deferred_cap) {
        size_t nc = c->deferred_cap ? c->deferred_cap * 2 : 65536;
        while (nc < c->deferred_len + n) nc *= 2;
        size_t max = c->o->max_memory ? c->o->max_memory : ((size_t)256 << 20);
        if (c->memory + (nc - c->deferred_cap) > max) {
            warn(c, "recovery stopped: memory budget of %zu bytes used", max);
            c->st->truncated = true;
            c->stop = 1;
            return false;
        }
        uint8_t *nb = realloc(c->deferred, nc);
        if (!nb) { c->stop = DFT_ENOMEM; return false; }
        c->memory += nc - c->deferred_cap;
        c->deferred = nb;
        c->deferred_cap = nc;
    }
    memcpy(c->deferred + c->deferred_len, p, n);
    c->deferred_len += n;
    return true;
}

/* A record without rowid waits until every record with one was reported, so that a copy of a row
 * found both ways (a freeblock and an old WAL frame) is reported once, with its rowid. */
static void defer(sqlrec_ctx *c, const sqlrec_cand *cand, const char *source)
{
    /* hdr[2]: 0 complete, else 1 + what is missing */
    uint32_t hdr[3] = { (uint32_t)cand->table, (uint32_t)cand->nvals,
                        (cand->partial ? 1u + (uint32_t)cand->missing : 0) | (cand->ambiguous ? 0x10000u : 0) };
    uint16_t sl = (uint16_t)strlen(source);
    size_t start = c->deferred_len;   /* only whole records stay: a budget stop drops the partial one */
    if (!defer_put(c, hdr, sizeof hdr) || !defer_put(c, &sl, 2) || !defer_put(c, source, sl)) {
        c->deferred_len = start;
        return;
    }
    for (int j = 0; j < cand->nvals; j++) {
        const dft_sqlrec_value *v = &c->vals[j];
        uint64_t n = (v->type == DFT_SQLREC_TEXT || v->type == DFT_SQLREC_BLOB) ? v->n : 0;
        if (!defer_put(c, v, sizeof *v) || (n && !defer_put(c, v->p, (size_t)n))) {
            c->deferred_len = start;
            return;
        }
    }
}

static void report(sqlrec_ctx *c, const sqlrec_cand *cand, const char *source);

static void flush_deferred(sqlrec_ctx *c)
{
    c->flushing = true;
    char source[65536 + 1];
    for (size_t at = 0; at < c->deferred_len && !c->stop;) {
        uint32_t hdr[3];
        uint16_t sl;
        if (c->deferred_len - at < sizeof hdr + 2) break;   /* whole records only (defer) */
        memcpy(hdr, c->deferred + at, sizeof hdr);
        at += sizeof hdr;
        memcpy(&sl, c->deferred + at, 2);
        at += 2;
        memcpy(source, c->deferred + at, sl);
        source[sl] = '\0';
        at += sl;
        uint32_t pm = hdr[2] & 0xffffu;
        sqlrec_cand cand = { .table = hdr[0], .nvals = (int)hdr[1], .partial = pm != 0,
                             .missing = pm ? (int)pm - 1 : SQLREC_MISS_NONE, .ambiguous = (hdr[2] & 0x10000u) != 0 };
        for (int j = 0; j < cand.nvals; j++) {
            dft_sqlrec_value *v = &c->vals[j];
            memcpy(v, c->deferred + at, sizeof *v);
            at += sizeof *v;
            if (v->type == DFT_SQLREC_TEXT || v->type == DFT_SQLREC_BLOB) {
                v->p = c->deferred + at;
                at += v->n;
            }
        }
        report(c, &cand, source);
    }
}

static void report(sqlrec_ctx *c, const sqlrec_cand *cand, const char *source)
{
    if (c->stop) return;
    if (!cand->has_rowid && !c->flushing) {
        defer(c, cand, source);
        return;
    }
    uint64_t vh = sqlrec_values_hash(cand->table, c->vals, cand->nvals);
    bool older = false, by_key = false;
    int64_t older_of = -1;
    if (cand->has_rowid) {
        uint64_t lh;
        if (live_find(&c->live[cand->table], cand->rowid, &lh)) {
            if (lh == vh) { c->st->duplicates++; return; }
            older = !cand->ambiguous;   /* a row of another table may share the rowid */
            if (older) older_of = cand->rowid;
        }
        uint64_t key = vh ^ ((uint64_t)cand->rowid * 0xff51afd7ed558ccdull) ^ 0x5bd1e995ull;
        if (set_add(c, &c->done_keys, key, true)) { c->st->duplicates++; return; }
    } else {
        if (set_add(c, &c->live_values, vh, false) || set_add(c, &c->done_values, vh, false)) {
            c->st->duplicates++;
            return;
        }
    }
    /* rowid lost or not live, but a UNIQUE key of a live row: that row's older version (an UPDATE
     * that grew the cell frees the old one - WhatsApp rewrites status/receipts of every message) */
    if (!older && !cand->ambiguous && keyed_find(c, cand->table, c->vals, cand->nvals, &older_of)) older = by_key = true;
    set_add(c, &c->done_values, vh, true);
    if (c->stop) return;
    c->st->recovered++;
    if (!c->row) return;
    char kind[16];
    size_t k = strcspn(source, ":");
    snprintf(kind, sizeof kind, "%.*s", (int)(k < sizeof kind ? k : sizeof kind - 1), source);
    dft_sqlrec_row r = {
        .table = cand->table, .has_rowid = cand->has_rowid, .rowid = cand->rowid, .nvals = cand->nvals,
        .vals = c->vals, .source = source, .source_kind = kind,
        .completeness = cand->partial ? "partial" : cand->has_rowid ? "complete" : "no_rowid",
        .older_version = older,
        .older_of = older ? older_of : -1,
        .older_by_key = by_key,
        .table_ambiguous = cand->ambiguous,
        .missing = cand->partial ? sqlrec_missing_text(cand->missing) : NULL,
    };
    int rc = c->row(c->payload, &r);
    if (rc) c->stop = rc;
}

/* Intact cells anywhere in img[a, b) (a gap or what follows a freed cell), any table when t < 0. */
static void scan_intact(sqlrec_ctx *c, const uint8_t *img, size_t a, size_t b, int t, bool any, const char *kind,
                        uint32_t pg, const char *fixed_source)
{
    char src[64];
    for (size_t p = a; p + 4 <= b && !c->stop;) {
        sqlrec_cand cand;
        if (sqlrec_cell(c, img, p, b, t, any, &cand)) {
            if (fixed_source) report(c, &cand, fixed_source);
            else {
                snprintf(src, sizeof src, "%s:%u:%zu", kind, pg, p);
                report(c, &cand, src);
            }
            p = cand.end;
        } else {
            p++;
        }
    }
}

/* A freeblock at img[off, end): the freed cell at its start (first 4 bytes lost), then intact cells
 * of later freed neighbours merged into it. */
static void scan_freeblock(sqlrec_ctx *c, const uint8_t *img, size_t off, size_t end, int t, uint32_t pg,
                           const char *fixed_source)
{
    char src[64];
    if (fixed_source) snprintf(src, sizeof src, "%s", fixed_source);
    else snprintf(src, sizeof src, "freeblock:%u:%zu", pg, off);
    sqlrec_cand cand, second;
    size_t next = off + 4;
    /* a later freed neighbour merged into this block is intact and bounds this cell (searched once,
     * any table: the cost must not grow with the number of tables) */
    size_t q;
    for (q = off + 4; q + 4 <= end; q++)
        if (sqlrec_cell(c, img, q, end, t, t < 0, &second)) break;
    for (size_t tt = 0; tt < c->o->ntables && !c->stop; tt++) {
        size_t tab = t >= 0 ? (size_t)t : tt;
        if (sqlrec_freed(c, img, off, end, tab, false, &cand) ||
            (q + 4 <= end && sqlrec_freed(c, img, off, q, tab, false, &cand))) {
            if (t < 0) {
                /* the page's table is unknown: another table whose columns fit makes it ambiguous
                 * (the scratch decode overwrites the values: decode the chosen one again) */
                sqlrec_cand other;
                bool amb = false;
                for (size_t t2 = tab + 1; t2 < c->o->ntables && !amb; t2++)
                    amb = sqlrec_freed(c, img, off, end, t2, false, &other) ||
                          (q + 4 <= end && sqlrec_freed(c, img, off, q, t2, false, &other));
                if (amb && !sqlrec_freed(c, img, off, end, tab, false, &cand) &&
                    !(q + 4 <= end && sqlrec_freed(c, img, off, q, tab, false, &cand)))
                    break;
                cand.ambiguous = amb;
            }
            report(c, &cand, src);
            next = cand.end;
            break;
        }
        if (t >= 0) break;
    }
    scan_intact(c, img, next, end, t, t < 0, "freeblock", pg, fixed_source);
}

/* The free space of a table leaf page image: freeblock chain and the gap between the cell pointer
 * array and the cell content area; with with_cells also its cells (an old page version). */
static void scan_leaf(sqlrec_ctx *c, const uint8_t *img, uint32_t pg, int t, bool with_cells, const char *fixed_source)
{
    size_t h = pg == 1 ? 100 : 0;
    uint32_t ncells = be16(img + h + 3);
    size_t ptrs = h + 8, ptr_end = ptrs + 2 * (size_t)ncells;
    if (ptr_end > c->usable) return;
    size_t content = be16(img + h + 5);
    if (content == 0) content = 65536;
    if (content > c->usable || content < ptr_end) content = ptr_end;
    if (with_cells)
        for (uint32_t i = 0; i < ncells && !c->stop; i++) {
            size_t p = be16(img + ptrs + 2 * i);
            sqlrec_cand cand;
            if (p >= content && p < c->usable && sqlrec_cell(c, img, p, c->usable, t, true, &cand))
                report(c, &cand, fixed_source);
        }
    /* freeblocks: offsets ascend; a chain that does not is damaged (or a loop) and ends here */
    size_t fb = be16(img + h + 1), last = 0;
    for (unsigned n = 0; fb && !c->stop; n++) {
        if (fb < content || fb + 4 > c->usable || fb <= last || n > c->usable / 4) {
            warn(c, "page %u: freeblock chain damaged at offset %zu", pg, fb);
            break;
        }
        size_t size = be16(img + fb + 2), next = be16(img + fb);
        if (size < 4 || fb + size > c->usable) {
            warn(c, "page %u: freeblock at %zu has a bogus size %zu", pg, fb, size);
            break;
        }
        scan_freeblock(c, img, fb, fb + size, t, pg, fixed_source);
        last = fb;
        fb = next;
    }
    /* the gap: a cell freed at the start of the content area moved that start past it (its first 4
     * bytes overwritten all the same), so freed cells end where the next one (or the content) begins;
     * read them backwards from the content start, then look for intact copies in what is left */
    size_t gend = content;
    char src[64];
    while (t >= 0 && gend >= ptr_end + 8 && !c->stop) {
        sqlrec_cand cand;
        size_t off = gend - 5, low = gend - ptr_end > c->usable ? gend - c->usable : ptr_end;
        /* a freed cell read from img[off, gend) decodes only bytes in that window, and a window of
         * zeros holds no value (any_value): start at the last non-zero byte (a fresh page's gap is
         * all zeros, and the per-offset search costs ~100 layouts) */
        size_t z = gend;
        while (z > low && img[z - 1] == 0) z--;
        if (z == low) break;
        if (z - 1 < off) off = z - 1;
        bool found = false;
        for (; off + 1 > low; off--) {
            if (sqlrec_freed(c, img, off, gend, (size_t)t, true, &cand)) { found = true; break; }
            if (off == 0) break;
        }
        if (!found) break;
        if (fixed_source) report(c, &cand, fixed_source);
        else {
            snprintf(src, sizeof src, "unallocated:%u:%zu", pg, off);
            report(c, &cand, src);
        }
        gend = off;
    }
    scan_intact(c, img, ptr_end, gend, t, t < 0, "unallocated", pg, fixed_source);
}

/* A page image that is not (or no longer) part of the current state: a former table leaf is read
 * whole; anything else is searched for intact cells. */
static void scan_old(sqlrec_ctx *c, const uint8_t *img, uint32_t pg, const char *source)
{
    if (check_stop(c)) return;
    size_t h = pg == 1 ? 100 : 0;
    int owner = pg && pg <= c->npages ? c->owner[pg - 1] : -1;
    if (img[h] == 0x0d) scan_leaf(c, img, pg, owner, true, source);
    else if (img[h] == 0x05 || img[h] == 0x0a || img[h] == 0x02) return;   /* no table rows there */
    else scan_intact(c, img, 0, c->usable, owner, true, "", pg, source);
}

/* ---- WAL ---- */

static void wal_sum(bool big, const uint8_t *a, size_t n, uint32_t *s0, uint32_t *s1)
{
    for (size_t i = 0; i + 8 <= n; i += 8) {
        uint32_t x0 = big ? be32(a + i) : (uint32_t)a[i] | (uint32_t)a[i + 1] << 8 | (uint32_t)a[i + 2] << 16 | (uint32_t)a[i + 3] << 24;
        uint32_t x1 = big ? be32(a + i + 4)
                          : (uint32_t)a[i + 4] | (uint32_t)a[i + 5] << 8 | (uint32_t)a[i + 6] << 16 | (uint32_t)a[i + 7] << 24;
        *s0 += x0 + *s1;
        *s1 += x1 + *s0;
    }
}

typedef struct wal_info {
    uint32_t psize, nframes, last_commit, db_pages;
    uint8_t *current;            /* per frame: 1 when it is the current image of its page */
} wal_info;

/* Reads the WAL header and frames: frames with the header's salts and a valid cumulative checksum,
 * up to the last commit frame, are the committed state; of those the last frame of each page is
 * current. Everything else (superseded frames, frames after the last commit, another generation's
 * frames) is an older version. */
static bool wal_read(sqlrec_ctx *c, wal_info *w)
{
    const uint8_t *b = c->o->wal;
    size_t n = c->o->wal_len;
    memset(w, 0, sizeof *w);
    if (!b || n < 32) return false;
    uint32_t magic = be32(b);
    if (magic != 0x377f0682u && magic != 0x377f0683u) {
        warn(c, "-wal: bad magic");
        return false;
    }
    bool big = magic & 1;
    uint32_t ps = be32(b + 8);
    if (ps == 1) ps = 65536;
    if (ps < 512 || ps > 65536 || (ps & (ps - 1))) {
        warn(c, "-wal: bad page size %u", ps);
        return false;
    }
    w->psize = ps;
    w->nframes = (uint32_t)((n - 32) / (24 + (size_t)ps));
    w->current = calloc(w->nframes + 1, 1);
    if (!w->current) return false;
    uint32_t s0 = 0, s1 = 0;
    wal_sum(big, b, 24, &s0, &s1);
    bool chain = s0 == be32(b + 24) && s1 == be32(b + 28);
    for (uint32_t i = 0; i < w->nframes && chain; i++) {
        const uint8_t *f = b + 32 + (size_t)i * (24 + ps);
        if (memcmp(f + 8, b + 16, 8) != 0) break;
        wal_sum(big, f, 8, &s0, &s1);
        wal_sum(big, f + 24, ps, &s0, &s1);
        if (s0 != be32(f + 16) || s1 != be32(f + 20)) break;
        if (be32(f + 4)) {
            w->last_commit = i + 1;
            w->db_pages = be32(f + 4);
        }
    }
    return true;
}

/* ---- the run ---- */

static void free_ctx(sqlrec_ctx *c)
{
    if (c->live)
        for (size_t t = 0; t < c->o->ntables; t++) {
            free(c->live[t].rowid);
            free(c->live[t].hash);
            free(c->live[t].keyed);
        }
    free(c->live);
    free(c->cur);
    free(c->owner);
    free(c->seen);
    free(c->inuse);
    free(c->chain_mark);
    free(c->live_values.k);
    free(c->done_keys.k);
    free(c->done_values.k);
    free(c->vals);
    free(c->types);
    free(c->lost);
    free(c->buf);
    free(c->deferred);
}

static void scan_freelist(sqlrec_ctx *c, const uint8_t *p1)
{
    uint32_t trunk = be32(p1 + 32);
    uint8_t *visited = calloc(c->npages + 1, 1);
    if (!visited) { c->stop = DFT_ENOMEM; return; }
    char src[48];
    for (uint32_t n = 0; trunk && !c->stop; n++) {
        const uint8_t *img = sqlrec_page(c, trunk);
        if (!img || visited[trunk]) {
            warn(c, "freelist: trunk page %u %s", trunk, img ? "repeats (cycle)" : "missing");
            break;
        }
        visited[trunk] = 1;
        uint32_t count = be32(img + 4);
        if (count > c->usable / 4 - 2) {
            warn(c, "freelist: trunk page %u has a bogus leaf count %u", trunk, count);
            break;
        }
        c->st->freelist_pages++;
        for (uint32_t i = 0; i < count && !c->stop; i++) {
            uint32_t leaf = be32(img + 8 + 4 * (size_t)i);
            const uint8_t *li = sqlrec_page(c, leaf);
            if (!li || visited[leaf]) continue;
            visited[leaf] = 1;
            c->st->freelist_pages++;
            snprintf(src, sizeof src, "freelist:%u", leaf);
            scan_old(c, li, leaf, src);
        }
        /* the unused tail of a trunk page still holds what the page held before */
        snprintf(src, sizeof src, "freelist:%u", trunk);
        scan_intact(c, img, 8 + 4 * (size_t)count, c->usable, -1, true, "", trunk, src);
        trunk = be32(img);
    }
    free(visited);
}

static void scan_journal(sqlrec_ctx *c)
{
    static const uint8_t magic[8] = { 0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7 };
    const uint8_t *b = c->o->journal;
    size_t n = c->o->journal_len, off = 0;
    char src[48];
    while (b && off + 28 <= n && !c->stop) {
        /* The magic is written only when the journal is synced, and a PERSIST commit zeroes the
         * header while the page records stay: a zero header is read with the database's page size
         * and the first sector size whose first record names a page of the database. */
        static const uint8_t zero[28] = { 0 };
        uint32_t nrec, sector, ps;
        if (memcmp(b + off, magic, 8) == 0) {
            nrec = be32(b + off + 8);
            sector = be32(b + off + 20);
            ps = be32(b + off + 24);
            if (ps == 1) ps = 65536;
            if (sector < 512 || sector > 65536 || (sector & (sector - 1))) sector = 512;
        } else if (memcmp(b + off, zero, 28) == 0) {
            nrec = 0;
            ps = c->psize;
            for (sector = 512; sector <= 65536; sector *= 2) {
                if (off + sector + 8 + (size_t)ps > n) { sector = 0; break; }
                uint32_t pg = be32(b + off + sector);
                if (pg >= 1 && pg <= c->npages) break;
            }
            if (!sector || sector > 65536) break;
        } else {
            if (off == 0) warn(c, "-journal: no journal header");
            break;
        }
        if (ps != c->psize) {
            warn(c, "-journal: page size %u differs from the database's %u", ps, c->psize);
            break;
        }
        size_t rec = 8 + (size_t)ps, p = off + sector;
        if (p > n) break;
        if (nrec == 0xffffffffu || nrec == 0) nrec = (uint32_t)((n - p) / rec);
        for (uint32_t i = 0; i < nrec && p + rec <= n && !c->stop; i++, p += rec) {
            uint32_t pg = be32(b + p);
            if (!pg || pg > 0x7fffffff) break;
            c->st->journal_pages++;
            snprintf(src, sizeof src, "journal:%u", pg);
            scan_old(c, b + p + 4, pg, src);
        }
        off = (p + sector - 1) / sector * sector;   /* a further segment starts on a sector boundary */
    }
}

int dft_sqlrec_run(const dft_sqlrec_opts *o, int (*row)(void *payload, const dft_sqlrec_row *r), void *payload,
                   dft_sqlrec_stats *stats)
{
    dft_sqlrec_stats dummy;
    if (!stats) stats = &dummy;
    memset(stats, 0, sizeof *stats);
    sqlrec_ctx c = { .o = o, .row = row, .payload = payload, .st = stats };
    clock_gettime(CLOCK_MONOTONIC, &c.t0);
    wal_info w = { 0 };
    int rc = DFT_OK;
    bool have_wal = wal_read(&c, &w);

    /* page size and encoding from the main file's header, else from the WAL's page 1 */
    const uint8_t *hdr = NULL;
    if (o->db && o->db_len >= 100 && memcmp(o->db, "SQLite format 3", 16) == 0) hdr = o->db;
    for (uint32_t i = w.last_commit; !hdr && have_wal && i-- > 0;) {
        const uint8_t *f = o->wal + 32 + (size_t)i * (24 + w.psize);
        if (be32(f) == 1 && memcmp(f + 24, "SQLite format 3", 16) == 0) hdr = f + 24;
    }
    if (!hdr) {
        free(w.current);
        return dft_error_set(DFT_ECORRUPT, "not an SQLite database (no header)");
    }
    uint32_t ps = be16(hdr + 16);
    if (ps == 1) ps = 65536;
    if (ps < 512 || ps > 65536 || (ps & (ps - 1)) || hdr[20] > ps - 480) {
        free(w.current);
        return dft_error_set(DFT_ECORRUPT, "SQLite header: bad page size %u", ps);
    }
    c.psize = ps;
    c.usable = ps - hdr[20];
    uint32_t enc = be32(hdr + 56);
    c.enc = enc == 2 || enc == 3 ? (int)enc : 1;
    if (have_wal && w.psize != ps) {
        warn(&c, "-wal page size %u differs from the database's %u: WAL ignored", w.psize, ps);
        have_wal = false;
    }
    uint64_t file_pages = o->db ? o->db_len / ps : 0;
    c.npages = (uint32_t)(file_pages > 0x7ffffffe ? 0x7ffffffe : file_pages);
    /* the WAL's database size, but never more pages than the file and the WAL can hold together */
    if (have_wal && w.last_commit) c.npages = w.db_pages < file_pages + w.nframes ? w.db_pages : (uint32_t)(file_pages + w.nframes);
    c.max_payload = (uint64_t)c.npages * c.usable;
    stats->page_size = ps;
    stats->pages = c.npages;
    stats->encoding = c.enc;

    c.cur = calloc((size_t)c.npages + 1, sizeof *c.cur);
    c.owner = malloc(((size_t)c.npages + 1) * sizeof *c.owner);
    c.seen = calloc((size_t)c.npages + 1, 1);
    c.inuse = calloc((size_t)c.npages + 1, 1);
    c.chain_mark = calloc((size_t)c.npages + 1, sizeof *c.chain_mark);
    c.live = calloc(o->ntables + 1, sizeof *c.live);
    c.vals = calloc(SQLREC_MAX_COLS, sizeof *c.vals);
    c.types = calloc(SQLREC_MAX_COLS, sizeof *c.types);
    c.lost = calloc(SQLREC_MAX_COLS, sizeof *c.lost);
    if (!c.cur || !c.owner || !c.seen || !c.inuse || !c.chain_mark || !c.live || !c.vals || !c.types || !c.lost) {
        rc = dft_error_set(DFT_ENOMEM, "out of memory");
        goto done;
    }
    for (uint32_t i = 0; i < c.npages; i++) {
        c.owner[i] = -1;
        if ((uint64_t)(i + 1) * ps <= o->db_len) c.cur[i] = o->db + (size_t)i * ps;
    }
    /* the committed WAL frames overlay the file: the last frame of each page up to the last commit */
    stats->wal_frames = w.nframes;
    for (uint32_t i = w.last_commit; have_wal && i-- > 0;) {
        const uint8_t *f = o->wal + 32 + (size_t)i * (24 + ps);
        uint32_t pg = be32(f);
        if (!pg || pg > c.npages || c.seen[pg - 1]) continue;
        c.seen[pg - 1] = 1;   /* reused below as "already overlaid"; cleared before the walks */
        c.cur[pg - 1] = f + 24;
        w.current[i] = 1;
        stats->wal_frames_current++;
    }
    memset(c.seen, 0, (size_t)c.npages + 1);
    const uint8_t *p1 = sqlrec_page(&c, 1);
    if (!p1) {
        rc = dft_error_set(DFT_ECORRUPT, "SQLite database without page 1");
        goto done;
    }

    /* the live walks mark the pages live data uses (b-tree pages, live rows' overflow chains): a
     * recovered record's chain stops before them */
    c.walking = true;
    for (size_t t = 0; t < o->ntables && !c.stop; t++) walk_table(&c, t);
    c.walking = false;
    mark_trunks(&c, p1);
    for (size_t t = 0; t < o->ntables; t++) {
        live_sort(&c.live[t]);
        if (c.live[t].nkeyed > 1) qsort(c.live[t].keyed, c.live[t].nkeyed, 16, cmp_keyed);
    }

    /* 1. free space of the live table leaf pages, in page order */
    for (uint32_t pg = 1; pg <= c.npages && !c.stop; pg++) {
        if (c.owner[pg - 1] < 0) continue;
        if (pg % 256 == 0 && check_stop(&c)) break;
        scan_leaf(&c, c.cur[pg - 1], pg, c.owner[pg - 1], false, NULL);
    }
    /* 2. the freelist */
    if (!c.stop) scan_freelist(&c, p1);
    /* 3. WAL frames that are not the current state, newest first */
    char src[64];
    for (uint32_t i = w.nframes; have_wal && i-- > 0 && !c.stop;) {
        if (w.current[i]) continue;
        const uint8_t *f = o->wal + 32 + (size_t)i * (24 + ps);
        uint32_t pg = be32(f);
        if (!pg) continue;
        stats->wal_frames_old++;
        snprintf(src, sizeof src, "wal:%u:%08x", i + 1, be32(f + 8));
        scan_old(&c, f + 24, pg, src);
    }
    /* 4. the main file's pages the WAL replaced (their rows are older versions or deleted) */
    for (uint32_t pg = 1; have_wal && pg <= c.npages && !c.stop; pg++) {
        if ((uint64_t)pg * ps > o->db_len || c.cur[pg - 1] == o->db + (size_t)(pg - 1) * ps) continue;
        snprintf(src, sizeof src, "main:%u", pg);
        scan_old(&c, o->db + (size_t)(pg - 1) * ps, pg, src);
    }
    /* 5. the rollback journal */
    if (!c.stop) scan_journal(&c);
    /* 6. the records whose rowid was lost, now that every record with one is known; also after a
     * time or memory budget ended the scan (their memory is already bounded): found is found */
    if (c.stop == 1) c.stop = 0;
    flush_deferred(&c);

    if (c.stop < 0) {
        rc = c.stop == DFT_ECANCELLED ? dft_error_set(DFT_ECANCELLED, "recovery cancelled")
             : c.stop == DFT_ENOMEM   ? dft_error_set(DFT_ENOMEM, "out of memory")
                                      : c.stop;
    } else if (c.stop > 0 && !stats->truncated) {
        rc = c.stop;   /* a callback's own code */
    }
done:
    free(w.current);
    free_ctx(&c);
    return rc;
}

/* ---- carving ---- */

bool dft_sqlrec_is_leaf(const uint8_t *page, uint32_t page_size, size_t h)
{
    if (page_size < 512 || h + 8 > page_size || page[h] != 0x0d) return false;
    uint32_t ncells = be16(page + h + 3);
    size_t content = be16(page + h + 5);
    if (content == 0) content = 65536;
    size_t ptr_end = h + 8 + 2 * (size_t)ncells;
    if (ncells == 0 || ptr_end > page_size || content > page_size || content < ptr_end || page[h + 7] > 60) return false;
    for (uint32_t i = 0; i < ncells; i++) {
        size_t p = be16(page + h + 8 + 2 * i);
        if (p < content || p + 4 > page_size) return false;
    }
    return true;
}

int dft_sqlrec_carve_page(const uint8_t *page, uint32_t page_size, int enc, const dft_sqlrec_table *tables,
                          size_t ntables, const char *source,
                          int (*row)(void *payload, const dft_sqlrec_row *r), void *payload)
{
    dft_sqlrec_opts o = { .tables = tables, .ntables = ntables };
    dft_sqlrec_stats st;
    memset(&st, 0, sizeof st);
    sqlrec_ctx c = { .o = &o, .row = row, .payload = payload, .st = &st };
    clock_gettime(CLOCK_MONOTONIC, &c.t0);
    c.psize = c.usable = page_size;
    c.max_payload = (uint64_t)64 << 20;
    c.enc = enc == 2 || enc == 3 ? enc : 1;
    c.live = calloc(ntables + 1, sizeof *c.live);
    c.vals = calloc(SQLREC_MAX_COLS, sizeof *c.vals);
    c.types = calloc(SQLREC_MAX_COLS, sizeof *c.types);
    c.lost = calloc(SQLREC_MAX_COLS, sizeof *c.lost);
    int rc = DFT_OK;
    if (!c.live || !c.vals || !c.types || !c.lost) {
        rc = dft_error_set(DFT_ENOMEM, "out of memory");
    } else {
        /* page number 2: the b-tree header at offset 0 (a first page is carved by its caller at +100) */
        size_t h = memcmp(page, "SQLite format 3", 16) == 0 ? 100 : 0;
        if (h) {
            /* scan_leaf reads the header at 100 for page 1 */
            scan_leaf(&c, page, 1, -1, true, source);
        } else {
            scan_leaf(&c, page, 2, -1, true, source);
        }
        flush_deferred(&c);
        if (c.stop < 0) rc = c.stop;
        else if (c.stop > 0 && !st.truncated) rc = c.stop;
        else rc = (int)(st.recovered > 0x7fffffff ? 0x7fffffff : st.recovered);
    }
    free_ctx(&c);
    return rc;
}
