/*
 * bdb.c - read-only Berkeley DB B-tree walk (format table and invariants in bdb.h).
 *
 * The walk is a depth-first descent from the root with an explicit stack, children pushed right to
 * left so leaves come in key order; a bitmap of visited pages makes every page count once, so a
 * hostile file with cycles or shared children cannot loop. Each page is read through a dft_buf
 * window of exactly one page.
 */
#include "bdb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"

#define PAGE_HDR 26
#define P_IBTREE 3
#define P_LBTREE 5
#define P_OVERFLOW 7
#define P_HASHMETA 8
#define P_BTREEMETA 9
#define B_KEYDATA 1
#define B_DUPLICATE 2
#define B_OVERFLOW 3
#define B_DELETE 0x80
#define META_ROOT 88
#define SUBDB_FLAG 0x20u
#define MAX_LEVEL 64

typedef struct walk {
    const uint8_t *data;
    size_t len;
    bool be;
    uint32_t pagesize;
    uint32_t npages;        /* pages present in the bytes */
    uint8_t *seen;          /* bitmap, npages bits */
    dft_bdb_stats *st;
    size_t ovcap[2];
    uint8_t *ovb[2];        /* assembled overflow items (key, then value) */
} walk;

static uint32_t rd32(const walk *w, const uint8_t *p)
{
    if (w->be) return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static uint16_t rd16(const walk *w, const uint8_t *p)
{
    return w->be ? (uint16_t)(p[0] << 8 | p[1]) : (uint16_t)(p[1] << 8 | p[0]);
}

/* Reads a field of the page window after checking it fits. */
static int field32(const walk *w, dft_buf *pg, size_t off, uint32_t *out)
{
    const uint8_t *p;
    if (dft_buf_seek(pg, off) || dft_buf_bytes(pg, 4, &p)) return DFT_ECORRUPT;
    *out = rd32(w, p);
    return DFT_OK;
}

static int field16(const walk *w, dft_buf *pg, size_t off, uint16_t *out)
{
    const uint8_t *p;
    if (dft_buf_seek(pg, off) || dft_buf_bytes(pg, 2, &p)) return DFT_ECORRUPT;
    *out = rd16(w, p);
    return DFT_OK;
}

static void problem(walk *w, const char *fmt, uint32_t a, uint32_t b)
{
    if (!w->st) return;
    if (w->st->problems++ == 0) snprintf(w->st->first_problem, sizeof w->st->first_problem, fmt, a, b);
}

static int page(const walk *w, uint32_t pgno, dft_buf *out)
{
    if (pgno >= w->npages) return DFT_ECORRUPT;
    *out = dft_buf_make(w->data + (size_t)pgno * w->pagesize, w->pagesize);
    return DFT_OK;
}

static bool mark(walk *w, uint32_t pgno)
{
    uint8_t bit = (uint8_t)(1u << (pgno & 7));
    if (w->seen[pgno >> 3] & bit) return false;
    w->seen[pgno >> 3] |= bit;
    return true;
}

int dft_bdb_sniff(const uint8_t *data, size_t len, dft_bdb_info *out)
{
    if (!data || len < 36) return DFT_ENOTFOUND;   /* through last_pgno */
    memset(out, 0, sizeof *out);
    uint32_t le = (uint32_t)data[15] << 24 | (uint32_t)data[14] << 16 | (uint32_t)data[13] << 8 | data[12];
    uint32_t be = (uint32_t)data[12] << 24 | (uint32_t)data[13] << 16 | (uint32_t)data[14] << 8 | data[15];
    walk w = { .be = false };
    if (le == DFT_BDB_MAGIC_BTREE || le == DFT_BDB_MAGIC_HASH) {
        out->kind = le == DFT_BDB_MAGIC_BTREE ? DFT_BDB_BTREE : DFT_BDB_HASH;
    } else if (be == DFT_BDB_MAGIC_BTREE || be == DFT_BDB_MAGIC_HASH) {
        out->kind = be == DFT_BDB_MAGIC_BTREE ? DFT_BDB_BTREE : DFT_BDB_HASH;
        w.be = true;
    } else {
        return DFT_ENOTFOUND;
    }
    out->big_endian = w.be;
    out->version = rd32(&w, data + 16);
    out->pagesize = rd32(&w, data + 20);
    out->encrypt_alg = data[24];
    out->last_pgno = rd32(&w, data + 32);
    out->flags = len >= 52 ? rd32(&w, data + 48) : 0;
    if (out->pagesize < 512 || out->pagesize > 65536 || (out->pagesize & (out->pagesize - 1))) return DFT_ENOTFOUND;
    return DFT_OK;
}

/* Reads a meta page: its root. */
static int meta_root(walk *w, uint32_t pgno, uint32_t *root, uint32_t *flags)
{
    dft_buf pg;
    uint32_t v = 0;
    if (page(w, pgno, &pg)) return DFT_CORRUPT("meta page %u past the end of the file", pgno);
    if (field32(w, &pg, 8, &v) || v != pgno) return DFT_CORRUPT("meta page %u carries page number %u", pgno, v);
    if (field32(w, &pg, 12, &v) || v != DFT_BDB_MAGIC_BTREE) return DFT_CORRUPT("page %u is not a btree meta page", pgno);
    if (pg.data[25] != P_BTREEMETA) return DFT_CORRUPT("page %u has type %u, not btree meta", pgno, pg.data[25]);
    if (pg.data[24] != 0) return dft_error_set(DFT_EUNSUPPORTED, "Berkeley DB encryption (algorithm %u) is not supported", pg.data[24]);
    if (field32(w, &pg, 48, flags) || field32(w, &pg, META_ROOT, root)) return DFT_CORRUPT("meta page %u truncated", pgno);
    if (*root == 0 || *root >= w->npages) return DFT_CORRUPT("root page %u out of range (%u pages)", *root, w->npages);
    return DFT_OK;
}

/* The bytes of one leaf item: on the page, or assembled from its overflow chain into ovb[slot].
 * DFT_ENOTFOUND for a deleted or duplicate-tree item (skipped), DFT_ECORRUPT for a damaged one. */
static int item(walk *w, dft_buf *pg, uint16_t off, int slot, const uint8_t **out, size_t *outlen)
{
    uint16_t ilen;
    if (off < PAGE_HDR || field16(w, pg, off, &ilen) || !dft_buf_fits(pg, (size_t)off + 2, 1)) return DFT_ECORRUPT;
    uint8_t type = pg->data[off + 2];
    if (type & B_DELETE) {
        if (w->st) w->st->deleted++;
        return DFT_ENOTFOUND;
    }
    type &= (uint8_t)~B_DELETE;
    if (type == B_KEYDATA) {
        if (dft_buf_seek(pg, (size_t)off + 3) || dft_buf_bytes(pg, ilen, out)) return DFT_ECORRUPT;
        *outlen = ilen;
        return DFT_OK;
    }
    if (type == B_DUPLICATE) {
        problem(w, "off-page duplicate item at offset %u of a leaf (pgno %u) skipped", off, 0);
        return DFT_ENOTFOUND;
    }
    if (type != B_OVERFLOW) return DFT_ECORRUPT;
    uint32_t next, tlen;
    if (field32(w, pg, (size_t)off + 4, &next) || field32(w, pg, (size_t)off + 8, &tlen)) return DFT_ECORRUPT;
    if ((uint64_t)tlen > (uint64_t)w->npages * w->pagesize) return DFT_ECORRUPT; /* cannot fit in the file */
    if (tlen > w->ovcap[slot] || !w->ovb[slot]) {
        uint8_t *nb = realloc(w->ovb[slot], tlen ? tlen : 1);
        if (!nb) return DFT_ENOMEM;
        w->ovb[slot] = nb;
        w->ovcap[slot] = tlen;
    }
    size_t got = 0;
    uint32_t hops = 0;
    while (next != 0 && got < tlen) {
        dft_buf op;
        uint16_t used;
        if (++hops > w->npages || page(w, next, &op)) return DFT_ECORRUPT;
        uint32_t pno = 0;
        if (field32(w, &op, 8, &pno) || pno != next || op.data[25] != P_OVERFLOW) return DFT_ECORRUPT;
        if (field16(w, &op, 22, &used) || (size_t)used > w->pagesize - PAGE_HDR) return DFT_ECORRUPT;
        size_t take = used < tlen - got ? used : tlen - got;
        memcpy(w->ovb[slot] + got, op.data + PAGE_HDR, take);
        got += take;
        if (field32(w, &op, 16, &next)) return DFT_ECORRUPT;
    }
    if (got != tlen) return DFT_ECORRUPT;
    if (w->st) w->st->overflow++;
    *out = w->ovb[slot];
    *outlen = tlen;
    return DFT_OK;
}

/* Delivers the key/data pairs of one leaf page. */
static int leaf(walk *w, uint32_t pgno, dft_buf *pg, uint16_t entries, dft_bdb_record_fn cb, void *payload)
{
    if ((size_t)PAGE_HDR + (size_t)entries * 2 > w->pagesize) {
        problem(w, "leaf page %u claims %u entries", pgno, entries);
        return DFT_OK;
    }
    for (uint32_t i = 0; i + 1 < entries; i += 2) {
        uint16_t ko = 0, vo = 0;
        field16(w, pg, PAGE_HDR + 2 * (size_t)i, &ko);
        field16(w, pg, PAGE_HDR + 2 * (size_t)i + 2, &vo);
        const uint8_t *k = NULL, *v = NULL;
        size_t kl = 0, vl = 0;
        int rc = item(w, pg, ko, 0, &k, &kl);
        if (rc == DFT_OK) rc = item(w, pg, vo, 1, &v, &vl);
        if (rc == DFT_ENOMEM) return rc;
        if (rc == DFT_ENOTFOUND) continue;
        if (rc) {
            problem(w, "damaged item %u on leaf page %u skipped", i, pgno);
            continue;
        }
        if (w->st) w->st->records++;
        rc = cb(payload, k, kl, v, vl);
        if (rc) return rc;
    }
    if (entries & 1) problem(w, "leaf page %u has an odd item count %u", pgno, entries);
    return DFT_OK;
}

typedef struct frame {
    uint32_t pgno;
    uint32_t level;   /* expected level, 0 = the root (any) */
} frame;

static int tree(walk *w, uint32_t root, dft_bdb_record_fn cb, void *payload)
{
    size_t cap = 64, n = 0;
    frame *stack = malloc(cap * sizeof *stack);
    if (!stack) return DFT_ENOMEM;
    stack[n++] = (frame){ root, 0 };
    int rc = DFT_OK;
    while (n > 0 && rc == DFT_OK) {
        frame f = stack[--n];
        dft_buf pg;
        if (page(w, f.pgno, &pg)) {
            problem(w, "page %u past the end of the file (%u pages)", f.pgno, w->npages);
            continue;
        }
        if (!mark(w, f.pgno)) {
            problem(w, "page %u reached twice (cycle or shared child)", f.pgno, 0);
            continue;
        }
        uint32_t pno = 0;
        uint16_t entries = 0;
        field32(w, &pg, 8, &pno);
        field16(w, &pg, 20, &entries);
        uint8_t level = pg.data[24], type = pg.data[25];
        if (pno != f.pgno || (f.level && level != f.level) || level == 0 || level > MAX_LEVEL) {
            if (f.pgno == root) {
                rc = DFT_CORRUPT("root page %u: page number %u, level %u", f.pgno, pno, level);
                break;
            }
            problem(w, "page %u: bad header (level %u)", f.pgno, level);
            continue;
        }
        if (w->st) w->st->pages++;
        if (type == P_LBTREE && level == 1) {
            rc = leaf(w, f.pgno, &pg, entries, cb, payload);
            continue;
        }
        if (type != P_IBTREE || level < 2) {
            if (f.pgno == root) {
                rc = DFT_CORRUPT("root page %u has type %u level %u", f.pgno, type, level);
                break;
            }
            problem(w, "page %u has unexpected type %u", f.pgno, type);
            continue;
        }
        if ((size_t)PAGE_HDR + (size_t)entries * 2 > w->pagesize) {
            problem(w, "internal page %u claims %u entries", f.pgno, entries);
            continue;
        }
        if (n + entries > cap) {
            size_t nc = (n + entries) * 2;
            frame *ns = realloc(stack, nc * sizeof *ns);
            if (!ns) {
                rc = DFT_ENOMEM;
                break;
            }
            stack = ns;
            cap = nc;
        }
        /* push right to left: the leftmost child is visited first */
        for (uint32_t i = entries; i-- > 0;) {
            uint16_t off = 0;
            uint32_t child = 0;
            field16(w, &pg, PAGE_HDR + 2 * (size_t)i, &off);
            if (off < PAGE_HDR || field32(w, &pg, (size_t)off + 4, &child) || !dft_buf_fits(&pg, (size_t)off + 2, 1)) {
                problem(w, "bad item %u on internal page %u", i, f.pgno);
                continue;
            }
            if (pg.data[off + 2] & B_DELETE) continue;
            stack[n++] = (frame){ child, (uint32_t)level - 1 };
        }
    }
    free(stack);
    return rc;
}

/* Looks up `name` in the master tree: the page number of its meta page. */
typedef struct lookup {
    const char *name;
    uint32_t pgno;
    bool found;
} lookup;

static int lookup_cb(void *payload, const uint8_t *k, size_t kl, const uint8_t *v, size_t vl)
{
    lookup *l = payload;
    if (kl == strlen(l->name) && memcmp(k, l->name, kl) == 0 && vl == 4) {
        l->pgno = (uint32_t)v[0] << 24 | (uint32_t)v[1] << 16 | (uint32_t)v[2] << 8 | v[3];
        l->found = true;
        return 1;
    }
    return DFT_OK;
}

int dft_bdb_walk(const uint8_t *data, size_t len, const char *subdb, dft_bdb_record_fn cb, void *payload,
                 dft_bdb_stats *stats)
{
    dft_bdb_info info;
    if (stats) memset(stats, 0, sizeof *stats);
    if (dft_bdb_sniff(data, len, &info)) return DFT_CORRUPT("not a Berkeley DB file");
    if (info.kind == DFT_BDB_HASH) return dft_error_set(DFT_EUNSUPPORTED, "Berkeley DB hash database: only B-tree files are read");
    walk w = { .data = data, .len = len, .be = info.big_endian, .pagesize = info.pagesize, .st = stats };
    size_t np = len / info.pagesize;
    if (np < 2) return DFT_CORRUPT("Berkeley DB file of %zu bytes holds no tree page", len);
    w.npages = np > UINT32_MAX ? UINT32_MAX : (uint32_t)np;
    w.seen = calloc(((size_t)w.npages + 7) / 8, 1);
    if (!w.seen) return DFT_ENOMEM;
    uint32_t root, flags;
    int rc = meta_root(&w, 0, &root, &flags);
    if (rc == DFT_OK && (flags & SUBDB_FLAG) && subdb) {
        lookup l = { .name = subdb };
        dft_bdb_stats scratch = { 0 };
        w.st = &scratch;
        rc = tree(&w, root, lookup_cb, &l);
        w.st = stats;
        if (rc == 1) rc = DFT_OK;
        if (rc == DFT_OK && !l.found) rc = dft_error_set(DFT_ENOTFOUND, "no subdatabase \"%s\" in the Berkeley DB file", subdb);
        if (rc == DFT_OK) {
            memset(w.seen, 0, ((size_t)w.npages + 7) / 8);
            uint32_t sflags;
            rc = meta_root(&w, l.pgno, &root, &sflags);
        }
    }
    if (rc == DFT_OK) rc = tree(&w, root, cb, payload);
    free(w.seen);
    free(w.ovb[0]);
    free(w.ovb[1]);
    return rc;
}
