/*
 * sqlite_record.c - the record decoders of the recovery parser: varints, serial types, intact table
 * leaf cells (with overflow chains), and freed cells whose first 4 bytes were overwritten by the
 * freeblock header, rebuilt from the table's columns (issue 13). Every candidate must decode
 * consistently (sqlite_recover.h invariant 2); what cannot be rebuilt is marked LOST, never guessed.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sqlite_recover_int.h"

static uint32_t be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }

int sqlrec_varint(const uint8_t *p, size_t n, uint64_t *v)
{
    uint64_t x = 0;
    for (size_t i = 0; i < 9; i++) {
        if (i >= n) return 0;
        if (i == 8) {
            *v = (x << 8) | p[i];
            return 9;
        }
        x = (x << 7) | (p[i] & 0x7f);
        if (!(p[i] & 0x80)) {
            *v = x;
            return (int)i + 1;
        }
    }
    return 0;
}

int64_t sqlrec_type_size(uint64_t t)
{
    static const int8_t fixed[12] = { 0, 1, 2, 3, 4, 6, 8, 8, 0, 0, -1, -1 };
    if (t < 12) return fixed[t];
    if (t > ((uint64_t)1 << 40)) return -1;   /* no value is this large in a database we can read */
    return (int64_t)((t - 12) / 2);
}

size_t sqlrec_local(const sqlrec_ctx *c, uint64_t plen)
{
    uint64_t u = c->usable, x = u - 35;
    if (plen <= x) return (size_t)plen;
    uint64_t m = ((u - 12) * 32 / 255) - 23;
    uint64_t k = m + ((plen - m) % (u - 4));
    return (size_t)(k <= x ? k : m);
}

const uint8_t *sqlrec_page(const sqlrec_ctx *c, uint64_t pgno)
{
    if (pgno == 0 || pgno > c->npages || !c->cur) return NULL;
    return c->cur[pgno - 1];
}

uint64_t sqlrec_values_hash(size_t table, const dft_sqlrec_value *v, int n)
{
    uint64_t h = 1469598103934665603ull;
#define MIX(byte) (h = (h ^ (uint8_t)(byte)) * 1099511628211ull)
    for (int i = 0; i < 8; i++) MIX(table >> (8 * i));
    for (int i = 0; i < 4; i++) MIX((unsigned)n >> (8 * i));
    for (int j = 0; j < n; j++) {
        MIX(v[j].type);
        uint64_t bits = 0;
        if (v[j].type == DFT_SQLREC_INT) bits = (uint64_t)v[j].i;
        if (v[j].type == DFT_SQLREC_FLOAT) memcpy(&bits, &v[j].f, 8);
        if (v[j].type == DFT_SQLREC_TEXT || v[j].type == DFT_SQLREC_BLOB) {
            bits = v[j].n;
            for (size_t k = 0; k < v[j].n; k++) MIX(v[j].p[k]);
        }
        for (int i = 0; i < 8; i++) MIX(bits >> (8 * i));
    }
#undef MIX
    return h;
}

char dft_sqlrec_affinity(const char *d)
{
    /* SQLite "Determination Of Column Affinity", rules applied in order. */
    if (!d) return 'B';
    char up[256];
    size_t n = 0;
    for (; d[n] && n < sizeof up - 1; n++) up[n] = (char)((d[n] >= 'a' && d[n] <= 'z') ? d[n] - 32 : d[n]);
    up[n] = '\0';
    if (strstr(up, "INT")) return 'I';
    if (strstr(up, "CHAR") || strstr(up, "CLOB") || strstr(up, "TEXT")) return 'T';
    if (strstr(up, "BLOB") || n == 0) return 'B';
    if (strstr(up, "REAL") || strstr(up, "FLOA") || strstr(up, "DOUB")) return 'R';
    return 'N';
}

/* Strict UTF-8 without NUL (SQLite text from apps never holds NUL; garbage often does). */
static bool utf8_ok(const uint8_t *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint8_t b = p[i];
        if (b == 0) return false;
        if (b < 0x80) { i++; continue; }
        size_t k = (b >= 0xc2 && b <= 0xdf) ? 2 : (b >= 0xe0 && b <= 0xef) ? 3 : (b >= 0xf0 && b <= 0xf4) ? 4 : 0;
        if (!k || i + k > n) return false;
        for (size_t j = 1; j < k; j++)
            if ((p[i + j] & 0xc0) != 0x80) return false;
        if (k == 3 && ((b == 0xe0 && p[i + 1] < 0xa0) || (b == 0xed && p[i + 1] >= 0xa0))) return false;
        if (k == 4 && ((b == 0xf0 && p[i + 1] < 0x90) || (b == 0xf4 && p[i + 1] >= 0x90))) return false;
        i += k;
    }
    return true;
}

static bool utf16_ok(const uint8_t *p, size_t n, bool be)
{
    if (n & 1) return false;
    for (size_t i = 0; i < n; i += 2) {
        unsigned u = be ? (unsigned)p[i] << 8 | p[i + 1] : (unsigned)p[i + 1] << 8 | p[i];
        if (u == 0) return false;
        if (u >= 0xdc00 && u <= 0xdfff) return false;
        if (u >= 0xd800 && u <= 0xdbff) {
            if (i + 4 > n) return false;
            unsigned w = be ? (unsigned)p[i + 2] << 8 | p[i + 3] : (unsigned)p[i + 3] << 8 | p[i + 2];
            if (w < 0xdc00 || w > 0xdfff) return false;
            i += 2;
        }
    }
    return true;
}

static bool text_ok(const sqlrec_ctx *c, const uint8_t *p, size_t n)
{
    return c->enc == 1 ? utf8_ok(p, n) : utf16_ok(p, n, c->enc == 3);
}

/* A serial type is possible in column j of table tb: its affinity (SQLite converts on insert) and
 * NOT NULL (SQLite refuses a NULL there, so a NULL means the bytes were never a row of this table:
 * zeroed space read as a header of NULL types, a cell of another table). */
static bool type_fits(const dft_sqlrec_table *tb, int j, uint64_t t)
{
    const dft_sqlrec_column *col = &tb->cols[j];
    if (col->ipk) return t == 0;
    if (t == 0 && tb->notnull && tb->notnull[j]) return false;
    switch (col->affinity) {
    case 'I':
    case 'R': return t <= 9;
    case 'T': return t == 0 || t >= 12;
    default: return true;
    }
}

static bool count_ok(const sqlrec_ctx *c, size_t t, int n)
{
    int ncols = c->o->tables[t].ncols;
    if (n == ncols) return true;
    if (n > ncols || n < 1) return false;
    const sqlrec_live *l = &c->live[t];
    for (int i = 0; i < l->ncounts; i++)
        if (l->counts[i] == n) return true;
    return false;
}

/* The payload of plen bytes whose local part is at p (local bytes), then the overflow chain whose
 * first page number follows it. *avail: bytes actually read (less when the chain breaks). */
static const uint8_t *payload_get(sqlrec_ctx *c, const uint8_t *p, size_t local, uint64_t plen, size_t *avail)
{
    if (local >= plen) {
        *avail = (size_t)plen;
        return p;
    }
    uint64_t want = plen;
    uint64_t cap = (uint64_t)c->npages * c->usable;
    if (want > cap) want = cap;
    if (want > ((uint64_t)64 << 20)) want = (uint64_t)64 << 20;   /* one value never needs more here */
    if (want < local) want = local;
    if (c->buf_cap < want) {
        uint8_t *nb = realloc(c->buf, (size_t)want);
        if (!nb) {
            *avail = local;
            return p;
        }
        c->buf = nb;
        c->buf_cap = (size_t)want;
    }
    memcpy(c->buf, p, local);
    size_t got = local;
    uint32_t next = be32(p + local);
    /* Each page of the chain is taken only while it can still be this record's: never a page reached
     * twice in this chain (a loop would repeat bytes), never past the database, never a page whose own
     * next-page word is no page number (a b-tree page starts with its type byte, so its word is
     * 0x02.., 0x05.., 0x0a.., 0x0d..: no overflow page), and - for records that are not live rows -
     * never a page the live data uses now (a table b-tree page, or an overflow page of a live row: the
     * page was reused after the delete and holds someone else's bytes). The chain stops before such a
     * page: the record keeps what was read (partial, with the reason), nothing is appended. */
    if (++c->chain_gen == 0) {   /* wrapped: start the marks afresh */
        memset(c->chain_mark, 0, (size_t)c->npages * sizeof *c->chain_mark);
        c->chain_gen = 1;
    }
    int why = SQLREC_MISS_NONE;
    while (got < want) {
        if (next == 0) { why = SQLREC_MISS_OVFL_END; break; }
        if (next > c->npages) { why = SQLREC_MISS_OVFL_ABSENT; break; }
        if (c->chain_mark[next - 1] == c->chain_gen) { why = SQLREC_MISS_OVFL_LOOP; break; }
        c->chain_mark[next - 1] = c->chain_gen;
        if (!c->walking && c->inuse[next - 1]) {
            why = c->inuse[next - 1] == 3 ? SQLREC_MISS_OVFL_TRUNK : SQLREC_MISS_OVFL_INUSE;
            break;
        }
        const uint8_t *pg = sqlrec_page(c, next);
        if (!pg) { why = SQLREC_MISS_OVFL_ABSENT; break; }
        uint32_t after = be32(pg);   /* 0 on the last page, else the next page of the database */
        if (after > c->npages) { why = SQLREC_MISS_OVFL_NOT; break; }
        size_t take = c->usable - 4;
        if (take > want - got) take = (size_t)(want - got);
        if (c->walking) c->inuse[next - 1] = 2;
        memcpy(c->buf + got, pg + 4, take);
        got += take;
        next = after;
    }
    if (got < plen && why == SQLREC_MISS_NONE) why = SQLREC_MISS_OVFL_ABSENT;   /* capped: 64 MiB, db size */
    if (got < plen && c->miss == SQLREC_MISS_NONE) c->miss = why;
    *avail = got;
    return c->buf;
}

/* A text value cut short (broken or reused overflow chain): the longest valid beginning of the n
 * readable bytes, else of the trusted ones (the cell's own page), as TEXT; else it stays LOST. */
static void text_prefix(const sqlrec_ctx *c, dft_sqlrec_value *v, const uint8_t *p, size_t n, size_t trusted)
{
    for (int pass = 0; pass < 2; pass++) {
        size_t keep = pass == 0 ? n : (trusted < n ? trusted : n);
        if (c->enc != 1) keep &= ~(size_t)1;
        if (c->enc == 1 && !(keep > 0 && text_ok(c, p, keep))) {
            /* drop a multi-byte sequence cut at the end */
            size_t k = keep;
            while (k > 0 && keep - k < 3 && (p[k - 1] & 0xc0) == 0x80) k--;
            if (k > 0 && p[k - 1] >= 0xc0) keep = k - 1;
        }
        if (keep > 0 && text_ok(c, p, keep)) {
            v->type = DFT_SQLREC_TEXT;
            v->p = p;
            v->n = keep;
            return;
        }
    }
}

static int64_t be_int(const uint8_t *p, int n)
{
    uint64_t v = (p[0] & 0x80) ? ~(uint64_t)0 : 0;
    for (int i = 0; i < n; i++) v = (v << 8) | p[i];
    return (int64_t)v;
}

/* Reads the values of n columns with types[] from body (avail bytes readable, the first trusted of
 * them from the page itself). lost[j]: no bytes, value LOST. Invalid text or a NaN in the trusted
 * bytes rejects the record; past them (a reused overflow page) the value is LOST and *partial set. */
static bool read_values(sqlrec_ctx *c, const uint64_t *types, const bool *lost, int n, const uint8_t *body,
                        size_t avail, size_t trusted, bool *partial)
{
    size_t q = 0;
    for (int j = 0; j < n; j++) {
        dft_sqlrec_value *v = &c->vals[j];
        memset(v, 0, sizeof *v);
        if (lost && lost[j]) {
            v->type = DFT_SQLREC_LOST;
            *partial = true;
            if (c->miss == SQLREC_MISS_NONE) c->miss = SQLREC_MISS_OVERWRITTEN;
            continue;
        }
        uint64_t t = types[j];
        size_t sz = (size_t)sqlrec_type_size(t);
        if (q + sz > avail) {
            /* the overflow chain broke inside this value: a text keeps its readable beginning */
            *partial = true;
            v->type = DFT_SQLREC_LOST;
            if ((t & 1) && t >= 13) text_prefix(c, v, body + q, q < avail ? avail - q : 0, q < trusted ? trusted - q : 0);
            q += sz;
            continue;
        }
        const uint8_t *p = body + q;
        bool in_page = q + sz <= trusted;
        q += sz;
        if (t == 0) v->type = DFT_SQLREC_NULL;
        else if (t <= 6) { v->type = DFT_SQLREC_INT; v->i = be_int(p, (int)sz); }
        else if (t == 7) {
            uint64_t bits = (uint64_t)be_int(p, 8);
            memcpy(&v->f, &bits, 8);
            if (isnan(v->f)) {
                if (in_page) return false;
                v->type = DFT_SQLREC_LOST;
                *partial = true;
                if (c->miss == SQLREC_MISS_NONE) c->miss = SQLREC_MISS_OVFL_INVALID;
                continue;
            }
            v->type = DFT_SQLREC_FLOAT;
        } else if (t == 8 || t == 9) { v->type = DFT_SQLREC_INT; v->i = (int64_t)(t - 8); }
        else if (t & 1) {
            if (!text_ok(c, p, sz)) {
                if (in_page) return false;
                v->type = DFT_SQLREC_LOST;
                *partial = true;
                if (c->miss == SQLREC_MISS_NONE) c->miss = SQLREC_MISS_OVFL_INVALID;
                text_prefix(c, v, p, sz, q - sz < trusted ? trusted - (q - sz) : 0);
                continue;
            }
            v->type = DFT_SQLREC_TEXT; v->p = p; v->n = sz;
        } else { v->type = DFT_SQLREC_BLOB; v->p = p; v->n = sz; }
    }
    return true;
}

bool sqlrec_cell(sqlrec_ctx *c, const uint8_t *img, size_t off, size_t end, int preferred, bool any_table,
                 sqlrec_cand *cand)
{
    uint64_t plen, rowid, hlen;
    c->miss = SQLREC_MISS_NONE;
    if (off >= end) return false;
    int a = sqlrec_varint(img + off, end - off, &plen);
    if (!a || plen < 2 || plen > c->max_payload) return false;
    int b = sqlrec_varint(img + off + a, end - off - a, &rowid);
    if (!b) return false;
    size_t ps = off + a + b;
    size_t local = sqlrec_local(c, plen);
    bool ovfl = local < plen;
    size_t cell_end = ps + local + (ovfl ? 4 : 0);
    if (cell_end > end || cell_end < ps) return false;
    int h = sqlrec_varint(img + ps, local, &hlen);
    if (!h || hlen < (uint64_t)h + 1 || hlen > local) return false;
    size_t q = ps + h, hend = ps + (size_t)hlen;
    int n = 0;
    uint64_t body = 0;
    while (q < hend) {
        uint64_t t;
        int k = sqlrec_varint(img + q, hend - q, &t);
        if (!k || n >= SQLREC_MAX_COLS) return false;
        int64_t sz = sqlrec_type_size(t);
        if (sz < 0) return false;
        c->types[n++] = t;
        body += (uint64_t)sz;
        q += k;
    }
    if (q != hend || hlen + body != plen) return false;
    /* the first table (preferred, then schema order) whose columns take these types */
    int chosen = -1;
    for (int pass = 0; pass < 2 && chosen < 0; pass++) {
        for (size_t t = 0; t < c->o->ntables; t++) {
            if (pass == 0 ? (int)t != preferred : (!any_table || (int)t == preferred)) continue;
            if (!count_ok(c, t, n)) continue;
            bool ok = true;
            for (int j = 0; j < n && ok; j++) ok = type_fits(&c->o->tables[t], j, c->types[j]);
            if (ok) { chosen = (int)t; break; }
        }
    }
    if (chosen < 0) return false;
    /* chosen without the page's table: does another table take these types too? */
    cand->ambiguous = false;
    if (chosen != preferred)
        for (size_t t = (size_t)chosen + 1; t < c->o->ntables && !cand->ambiguous; t++) {
            if ((int)t == preferred || !count_ok(c, t, n)) continue;
            bool ok = true;
            for (int j = 0; j < n && ok; j++) ok = type_fits(&c->o->tables[t], j, c->types[j]);
            cand->ambiguous = ok;
        }
    bool nonnull = false;
    for (int j = 0; j < n && !nonnull; j++) nonnull = c->types[j] != 0;
    if (!nonnull) return false;
    size_t avail;
    const uint8_t *pl = payload_get(c, img + ps, local, plen, &avail);
    bool partial = avail < plen;
    if (!read_values(c, c->types, NULL, n, pl + hlen, avail - (size_t)hlen, local - (size_t)hlen, &partial))
        return false;
    cand->table = (size_t)chosen;
    cand->has_rowid = true;
    cand->rowid = (int64_t)rowid;
    cand->nvals = n;
    cand->partial = partial;
    cand->missing = partial ? (c->miss ? c->miss : SQLREC_MISS_OVFL_ABSENT) : SQLREC_MISS_NONE;
    cand->end = cell_end;
    return true;
}

/* A record of NULLs (zeroed space: secure_delete, a fresh page) is no evidence of a row. Neither is
 * one whose only values are zero bytes (a lost column "inferred" from wiped space reads as 0 or a
 * blob of zeros). */
static bool any_value(const sqlrec_ctx *c, int n)
{
    for (int j = 0; j < n; j++) {
        const dft_sqlrec_value *v = &c->vals[j];
        if (v->type == DFT_SQLREC_NULL || v->type == DFT_SQLREC_LOST) continue;
        if (v->type == DFT_SQLREC_INT && v->i == 0) continue;
        if (v->type == DFT_SQLREC_FLOAT && v->f == 0) continue;
        if (v->type == DFT_SQLREC_TEXT || v->type == DFT_SQLREC_BLOB) {
            size_t k = 0;
            while (k < v->n && ((const uint8_t *)v->p)[k] == 0) k++;
            if (k == v->n) continue;
        }
        return true;
    }
    return false;
}

/* The value of the one lost column whose bytes are known to be exactly len: its type follows from the
 * column's affinity (text/blob columns: text; numeric: an integer of a stored width). */
static void infer_lost(sqlrec_ctx *c, const dft_sqlrec_column *col, dft_sqlrec_value *v, const uint8_t *p,
                       size_t len, bool *partial)
{
    size_t z = 0;
    while (z < len && p[z] == 0) z++;
    if (len > 0 && z == len) {   /* wiped bytes: nothing to infer */
        v->type = DFT_SQLREC_LOST;
        *partial = true;
        return;
    }
    if (col->affinity == 'T' || col->affinity == 'B') {
        if (len > 0 && text_ok(c, p, len)) {
            v->type = DFT_SQLREC_TEXT; v->p = p; v->n = len;
            return;
        }
        if (len > 0) { v->type = DFT_SQLREC_BLOB; v->p = p; v->n = len; return; }
    } else if (len == 1 || len == 2 || len == 3 || len == 4 || len == 6 || len == 8) {
        if (col->affinity == 'R' && len == 8) {
            uint64_t bits = (uint64_t)be_int(p, 8);
            double d;
            memcpy(&d, &bits, 8);
            if (!isnan(d)) { v->type = DFT_SQLREC_FLOAT; v->f = d; return; }
        } else {
            v->type = DFT_SQLREC_INT; v->i = be_int(p, (int)len);
            return;
        }
    }
    /* 0 bytes: NULL, 0, 1 or '' - cannot tell */
    v->type = DFT_SQLREC_LOST;
    *partial = true;
}

/* One layout: the serial types start s bytes into the freed cell and the record has n columns. */
static bool freed_layout(sqlrec_ctx *c, const uint8_t *img, size_t off, size_t end, size_t t, int n, size_t s,
                         bool exact, sqlrec_cand *cand)
{
    const dft_sqlrec_column *cols = c->o->tables[t].cols;
    c->miss = SQLREC_MISS_NONE;
    size_t k0 = s < 4 ? 4 - s : 0;          /* columns whose serial type was overwritten (1-byte types) */
    if (k0 > (size_t)n) return false;
    size_t q = off + (s < 4 ? 4 : s);
    for (int j = (int)k0; j < n; j++) {
        uint64_t ty;
        if (q >= end) return false;
        int k = sqlrec_varint(img + q, end - q, &ty);
        if (!k || sqlrec_type_size(ty) < 0 || !type_fits(&c->o->tables[t], j, ty)) return false;
        c->types[j] = ty;
        c->lost[j] = false;
        q += k;
    }
    size_t types_end = q;
    int u = 0, lost_col = -1;
    for (size_t j = 0; j < k0; j++) {
        c->lost[j] = !cols[j].ipk;
        c->types[j] = 0;
        if (c->lost[j]) { u++; lost_col = (int)j; }
    }
    /* the header-size varint ends where the types begin; check it when its bytes survived */
    size_t hv = 0;
    bool hv_known = false;
    if (s >= 5) {
        uint8_t last = img[off + s - 1];
        if (last & 0x80) return false;
        if (s >= 6 && (img[off + s - 2] & 0x80)) {
            if (s >= 7 && (img[off + s - 3] & 0x80)) return false;
            hv = off + s - 2;
            if (((size_t)(img[hv] & 0x7f) << 7 | last) != types_end - hv) return false;
        } else {
            hv = off + s - 1;
            if (last != types_end - hv) return false;
        }
        hv_known = true;
        /* bytes 4.. before it are the tails of the payload-length and rowid varints: at most one
         * varint ends strictly inside them, and the rowid's last byte ends just before */
        int ends = 0;
        for (size_t i = off + 4; i + 1 < hv; i++) ends += !(img[i] & 0x80);
        if (ends > 1 || (hv > off + 4 && (img[hv - 1] & 0x80))) return false;
    } else if (s == 4) {
        /* header-size byte at offset 3 is lost; the types begin at 4 */
    }
    uint64_t known = 0;
    for (int j = 0; j < n; j++)
        if (!c->lost[j]) known += (uint64_t)sqlrec_type_size(c->types[j]);
    bool partial = false;
    size_t rec_end;
    if (u == 0) {
        size_t hstart = hv_known ? hv : off + s - 1;
        uint64_t plen = (types_end - hstart) + known;
        size_t local = sqlrec_local(c, plen);
        bool ovfl = local < plen;
        rec_end = hstart + local + (ovfl ? 4 : 0);
        if (rec_end > end || rec_end < hstart || (exact && rec_end != end)) return false;
        size_t hl = types_end - hstart;
        if (hl > local) return false;   /* a header longer than the local part: not a cell we can read */
        size_t avail;
        const uint8_t *pl = payload_get(c, img + hstart, local, plen, &avail);
        partial = avail < plen;
        if (!read_values(c, c->types, NULL, n, pl + hl, avail - hl, local - hl, &partial)) return false;
    } else {
        if (exact || n < 4) return false;
        /* the record ends where the freed space ends; the known values are its last bytes */
        if (known > end - types_end) return false;
        size_t kstart = end - (size_t)known;
        rec_end = end;
        if (!read_values(c, c->types, c->lost, n, img + kstart, (size_t)known, (size_t)known, &partial)) return false;
        if (u == 1) infer_lost(c, &cols[lost_col], &c->vals[lost_col], img + types_end, kstart - types_end, &partial);
        else partial = true;
    }
    if (!any_value(c, n)) return false;
    /* the rowid survives when its whole varint lies after the overwritten 4 bytes */
    cand->has_rowid = false;
    if (hv_known && hv > off + 4) {
        size_t k = hv - 1;
        while (k > off + 4 && (img[k - 1] & 0x80)) k--;
        uint64_t rowid = 0;
        if (k > off + 4 && sqlrec_varint(img + k, hv - k, &rowid) == (int)(hv - k)) {
            cand->has_rowid = true;
            cand->rowid = (int64_t)rowid;
        }
    }
    cand->table = t;
    cand->ambiguous = false;
    cand->nvals = n;
    cand->partial = partial;
    cand->missing = partial ? (c->miss ? c->miss : SQLREC_MISS_OVERWRITTEN) : SQLREC_MISS_NONE;
    cand->end = rec_end;
    return true;
}

bool sqlrec_freed(sqlrec_ctx *c, const uint8_t *img, size_t off, size_t end, size_t t, bool exact, sqlrec_cand *cand)
{
    if (end <= off + 4) return false;
    const sqlrec_live *l = &c->live[t];
    int counts[SQLREC_MAX_COUNTS + 1];
    int nc = 0;
    counts[nc++] = c->o->tables[t].ncols;
    for (int i = 0; i < l->ncounts; i++)
        if (l->counts[i] < counts[0]) counts[nc++] = l->counts[i];
    /* payload length (1-3 bytes) + rowid (1-9) + header size (1-2): the types start 3..14 bytes in */
    for (int ci = 0; ci < nc; ci++) {
        /* a record of one or two columns rebuilt from a damaged start is too weak to tell from noise */
        if (counts[ci] < 3) continue;
        for (size_t s = 3; s <= 14 && off + s < end; s++)
            if (freed_layout(c, img, off, end, t, counts[ci], s, exact, cand)) return true;
    }
    return false;
}
