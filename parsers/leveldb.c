/*
 * leveldb.c - read-only LevelDB: write-ahead logs, tables (uncompressed and Snappy blocks) and the
 * newest-wins merge of both. Format tables and invariants in leveldb.h.
 */
#include "leveldb.h"

#include <snappy-c.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "util/buf.h"

#define DEFAULT_MAX_BYTES (256u << 20)
#define LOG_HEADER 7u
#define FOOTER_LEN 48u
#define BLOCK_TRAILER 5u

enum { LOG_ZERO = 0, LOG_FULL = 1, LOG_FIRST = 2, LOG_MIDDLE = 3, LOG_LAST = 4 };

struct dft_leveldb {
    dft_leveldb_entry *entries;
    size_t n, cap;
    char **files;             /* names given to add_*, in order */
    size_t nfiles, files_cap;
    char *warnings[DFT_LEVELDB_MAX_WARNINGS];
    size_t nwarnings;         /* total, may exceed the kept messages */
    size_t bytes, max_bytes;
    bool limit_hit;
    bool finished;
};

/* ---- CRC32C (Castagnoli, reflected polynomial 0x82F63B78), table-driven ---------------------- */

static uint32_t crc_table[256];
static int crc_ready;

static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
        crc_table[i] = c;
    }
    __atomic_store_n(&crc_ready, 1, __ATOMIC_RELEASE);
}

uint32_t dft_crc32c(uint32_t crc, const void *data, size_t len)
{
    /* building the table twice from two threads writes the same values: harmless */
    if (!__atomic_load_n(&crc_ready, __ATOMIC_ACQUIRE)) crc_init();
    const uint8_t *p = data;
    crc = ~crc;
    for (size_t i = 0; i < len; i++) crc = crc_table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
    return ~crc;
}

/* ---- bookkeeping ------------------------------------------------------------------------------ */

static void warn(dft_leveldb *db, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(dft_leveldb *db, const char *fmt, ...)
{
    if (db->nwarnings < DFT_LEVELDB_MAX_WARNINGS) {
        char buf[256];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(buf, sizeof buf, fmt, ap);
        va_end(ap);
        db->warnings[db->nwarnings] = strdup(buf); /* NULL on OOM: reported as "" */
    }
    db->nwarnings++;
}

/* Reserves n bytes against the cap; false (and one warning) once it is reached. */
static bool budget(dft_leveldb *db, size_t n)
{
    if (n > db->max_bytes - db->bytes) {
        if (!db->limit_hit) warn(db, "memory cap of %zu bytes reached: later records skipped", db->max_bytes);
        db->limit_hit = true;
        return false;
    }
    db->bytes += n;
    return true;
}

static int add_entry(dft_leveldb *db, const char *file, uint64_t offset, const uint8_t *key, size_t klen,
                     const uint8_t *value, size_t vlen, uint64_t seq, bool deleted)
{
    if (!budget(db, klen + vlen + sizeof(dft_leveldb_entry))) return DFT_ELIMIT;
    if (db->n == db->cap) {
        size_t nc = db->cap ? db->cap * 2 : 64;
        dft_leveldb_entry *ne = realloc(db->entries, nc * sizeof *ne);
        if (!ne) return dft_error_set(DFT_ENOMEM, "leveldb: out of memory");
        db->entries = ne;
        db->cap = nc;
    }
    /* key and value in one allocation; +1 so an empty key still gets a pointer */
    uint8_t *mem = malloc(klen + vlen + 1);
    if (!mem) return dft_error_set(DFT_ENOMEM, "leveldb: out of memory");
    if (klen) memcpy(mem, key, klen);
    if (!deleted && vlen) memcpy(mem + klen, value, vlen);
    dft_leveldb_entry *e = &db->entries[db->n++];
    *e = (dft_leveldb_entry){ .key = mem, .key_len = klen, .value = deleted ? NULL : mem + klen,
                              .value_len = deleted ? 0 : vlen, .seq = seq, .deleted = deleted,
                              .file = file, .offset = offset };
    return DFT_OK;
}

static const char *add_file(dft_leveldb *db, const char *name)
{
    if (db->nfiles == db->files_cap) {
        size_t nc = db->files_cap ? db->files_cap * 2 : 8;
        char **nf = realloc(db->files, nc * sizeof *nf);
        if (!nf) return NULL;
        db->files = nf;
        db->files_cap = nc;
    }
    char *copy = strdup(name ? name : "");
    if (!copy) return NULL;
    db->files[db->nfiles++] = copy;
    return copy;
}

int dft_leveldb_new(dft_leveldb **out, size_t max_bytes)
{
    *out = NULL;
    dft_leveldb *db = calloc(1, sizeof *db);
    if (!db) return dft_error_set(DFT_ENOMEM, "leveldb: out of memory");
    db->max_bytes = max_bytes ? max_bytes : DEFAULT_MAX_BYTES;
    *out = db;
    return DFT_OK;
}

void dft_leveldb_free(dft_leveldb *db)
{
    if (!db) return;
    for (size_t i = 0; i < db->n; i++) free((void *)db->entries[i].key);
    free(db->entries);
    for (size_t i = 0; i < db->nfiles; i++) free(db->files[i]);
    free(db->files);
    for (size_t i = 0; i < db->nwarnings && i < DFT_LEVELDB_MAX_WARNINGS; i++) free(db->warnings[i]);
    free(db);
}

/* ---- varints ---------------------------------------------------------------------------------- */

static int varint64(dft_buf *b, uint64_t *out)
{
    uint64_t v = 0;
    for (int shift = 0; shift <= 63; shift += 7) {
        uint8_t byte;
        if (dft_buf_u8(b, &byte)) return DFT_ECORRUPT;
        v |= (uint64_t)(byte & 0x7f) << shift;
        if (!(byte & 0x80)) {
            *out = v;
            return DFT_OK;
        }
    }
    return DFT_ECORRUPT;
}

static int varint32(dft_buf *b, uint32_t *out)
{
    uint64_t v;
    if (varint64(b, &v) || v > UINT32_MAX) return DFT_ECORRUPT;
    *out = (uint32_t)v;
    return DFT_OK;
}

/* ---- write-ahead log -------------------------------------------------------------------------- */

/* Decodes one WriteBatch; keeps the operations read before any damage. */
static int decode_batch(dft_leveldb *db, const char *file, uint64_t off, const uint8_t *data, size_t len)
{
    dft_buf b = dft_buf_make(data, len);
    uint64_t seq;
    uint32_t count;
    if (dft_buf_u64le(&b, &seq) || dft_buf_u32le(&b, &count)) {
        warn(db, "%s offset %llu: write batch shorter than its 12-byte header", file, (unsigned long long)off);
        return DFT_OK;
    }
    uint32_t i = 0;
    for (; dft_buf_left(&b) > 0; i++) {
        uint8_t tag;
        uint32_t klen, vlen = 0;
        const uint8_t *key, *value = NULL;
        if (dft_buf_u8(&b, &tag) || (tag != 0 && tag != 1) || varint32(&b, &klen) ||
            dft_buf_bytes(&b, klen, &key) ||
            (tag == 1 && (varint32(&b, &vlen) || dft_buf_bytes(&b, vlen, &value)))) {
            warn(db, "%s offset %llu: write batch damaged at operation %u of %u", file,
                 (unsigned long long)off, i, count);
            return DFT_OK;
        }
        int rc = add_entry(db, file, off, key, klen, value, vlen, seq + i, tag == 0);
        if (rc == DFT_ELIMIT) return DFT_OK;
        if (rc) return rc;
    }
    if (i != count)
        warn(db, "%s offset %llu: write batch holds %u operations, header says %u", file,
             (unsigned long long)off, i, count);
    return DFT_OK;
}

/* Appends a fragment to the logical record being reassembled (never larger than the file). */
static int append_frag(uint8_t **frag, size_t *flen, size_t *fcap, const uint8_t *p, size_t n)
{
    if (*flen + n > *fcap) {
        size_t nc = *fcap ? *fcap : 4096;
        while (nc < *flen + n) nc *= 2;
        uint8_t *nf = realloc(*frag, nc);
        if (!nf) return dft_error_set(DFT_ENOMEM, "leveldb: out of memory");
        *frag = nf;
        *fcap = nc;
    }
    if (n) memcpy(*frag + *flen, p, n);
    *flen += n;
    return DFT_OK;
}

int dft_leveldb_add_log(dft_leveldb *db, const char *name, const uint8_t *data, size_t len)
{
    if (db->finished) return dft_error_set(DFT_ERROR, "leveldb: add after finish");
    const char *file = add_file(db, name);
    if (!file) return dft_error_set(DFT_ENOMEM, "leveldb: out of memory");
    uint8_t *frag = NULL;     /* the logical record being reassembled from FIRST/MIDDLE/LAST */
    size_t flen = 0, fcap = 0;
    bool in_frag = false;
    uint64_t frag_off = 0;
    int rc = DFT_OK;
    for (size_t block = 0; block < len && rc == DFT_OK; block += DFT_LEVELDB_LOG_BLOCK) {
        size_t end = len - block < DFT_LEVELDB_LOG_BLOCK ? len : block + DFT_LEVELDB_LOG_BLOCK;
        size_t pos = block;
        while (end - pos >= LOG_HEADER && rc == DFT_OK) {
            dft_buf h = dft_buf_make(data + pos, LOG_HEADER);
            uint32_t crc;
            uint16_t rlen;
            uint8_t type;
            dft_buf_u32le(&h, &crc);
            dft_buf_u16le(&h, &rlen);
            dft_buf_u8(&h, &type);
            if (type == LOG_ZERO && rlen == 0 && crc == 0) break; /* preallocated zeros: rest of block */
            if (rlen > end - pos - LOG_HEADER) {
                warn(db, "%s offset %zu: record of %u bytes runs past its block", file, pos, rlen);
                break;
            }
            const uint8_t *payload = data + pos + LOG_HEADER;
            uint32_t actual = dft_crc32c(0, &type, 1);
            actual = dft_crc32c(actual, payload, rlen);
            size_t here = pos;
            pos += LOG_HEADER + rlen;
            if (dft_leveldb_crc_mask(actual) != crc) {
                warn(db, "%s offset %zu: bad record checksum, record skipped", file, here);
                if (in_frag) warn(db, "%s offset %llu: fragmented record lost", file, (unsigned long long)frag_off);
                in_frag = false;
                continue;
            }
            switch (type) {
            case LOG_FULL:
                if (in_frag) warn(db, "%s offset %llu: unfinished fragmented record", file, (unsigned long long)frag_off);
                in_frag = false;
                rc = decode_batch(db, file, here, payload, rlen);
                break;
            case LOG_FIRST:
                if (in_frag) warn(db, "%s offset %llu: unfinished fragmented record", file, (unsigned long long)frag_off);
                in_frag = true;
                frag_off = here;
                flen = 0;
                rc = append_frag(&frag, &flen, &fcap, payload, rlen);
                break;
            case LOG_MIDDLE:
            case LOG_LAST:
                if (!in_frag) {
                    warn(db, "%s offset %zu: fragment without its first part, skipped", file, here);
                    break;
                }
                rc = append_frag(&frag, &flen, &fcap, payload, rlen);
                if (rc == DFT_OK && type == LOG_LAST) {
                    in_frag = false;
                    rc = decode_batch(db, file, frag_off, frag, flen);
                }
                break;
            default:
                warn(db, "%s offset %zu: unknown record type %u, skipped", file, here, type);
                break;
            }
        }
    }
    if (in_frag && rc == DFT_OK)
        warn(db, "%s offset %llu: log ends inside a fragmented record", file, (unsigned long long)frag_off);
    free(frag);
    return rc;
}

/* ---- tables ------------------------------------------------------------------------------------ */

typedef struct handle {
    uint64_t off, size;
} handle;

static int read_handle(dft_buf *b, handle *h)
{
    return varint64(b, &h->off) || varint64(b, &h->size) ? DFT_ECORRUPT : DFT_OK;
}

/* The contents of the block at h: borrowed from data (uncompressed) or inflated into *owned.
 * DFT_ECORRUPT with a warning when it cannot be used. */
static int load_block(dft_leveldb *db, const char *file, const uint8_t *data, size_t len, handle h,
                      const uint8_t **out, size_t *out_len, uint8_t **owned)
{
    *owned = NULL;
    if (h.off > len || h.size > len - h.off || BLOCK_TRAILER > len - h.off - h.size) {
        warn(db, "%s: block at %llu (+%llu) lies outside the file", file, (unsigned long long)h.off,
             (unsigned long long)h.size);
        return DFT_ECORRUPT;
    }
    const uint8_t *blk = data + h.off;
    uint8_t type = blk[h.size];
    dft_buf t = dft_buf_make(blk + h.size + 1, 4);
    uint32_t crc;
    dft_buf_u32le(&t, &crc);
    uint32_t actual = dft_crc32c(dft_crc32c(0, blk, h.size), &type, 1);
    if (dft_leveldb_crc_mask(actual) != crc) {
        warn(db, "%s: block at %llu: bad checksum, skipped", file, (unsigned long long)h.off);
        return DFT_ECORRUPT;
    }
    if (type == 0) {
        *out = blk;
        *out_len = h.size;
        return DFT_OK;
    }
    if (type != 1) {
        warn(db, "%s: block at %llu: compression type %u not supported, skipped", file,
             (unsigned long long)h.off, type);
        return DFT_ECORRUPT;
    }
    size_t ulen;
    if (snappy_uncompressed_length((const char *)blk, h.size, &ulen) != SNAPPY_OK || ulen > DFT_LEVELDB_MAX_BLOCK) {
        warn(db, "%s: block at %llu: bad Snappy header, skipped", file, (unsigned long long)h.off);
        return DFT_ECORRUPT;
    }
    if (!budget(db, ulen)) return DFT_ELIMIT;
    uint8_t *buf = malloc(ulen ? ulen : 1);
    if (!buf) return dft_error_set(DFT_ENOMEM, "leveldb: out of memory");
    size_t got = ulen;
    if (snappy_uncompress((const char *)blk, h.size, (char *)buf, &got) != SNAPPY_OK || got != ulen) {
        free(buf);
        db->bytes -= ulen;
        warn(db, "%s: block at %llu: Snappy data damaged, skipped", file, (unsigned long long)h.off);
        return DFT_ECORRUPT;
    }
    db->bytes -= ulen; /* scratch only: released by the caller at once */
    *owned = buf;
    *out = buf;
    *out_len = ulen;
    return DFT_OK;
}

typedef int (*block_entry_fn)(dft_leveldb *db, void *payload, const uint8_t *key, size_t klen,
                              const uint8_t *value, size_t vlen);

/* Walks the entries of one block in order, rebuilding shared-prefix keys. Stops at the first damaged
 * entry (warning), keeping the earlier ones. */
static int walk_block(dft_leveldb *db, const char *file, uint64_t boff, const uint8_t *blk, size_t blen,
                      block_entry_fn fn, void *payload)
{
    if (blen < 4) {
        warn(db, "%s: block at %llu too short for its restart count", file, (unsigned long long)boff);
        return DFT_OK;
    }
    dft_buf rb = dft_buf_make(blk + blen - 4, 4);
    uint32_t nrestarts;
    dft_buf_u32le(&rb, &nrestarts);
    if (nrestarts > (blen - 4) / 4) {
        warn(db, "%s: block at %llu: %u restart points do not fit", file, (unsigned long long)boff, nrestarts);
        return DFT_OK;
    }
    size_t limit = blen - 4 - (size_t)nrestarts * 4;
    dft_buf b = dft_buf_make(blk, limit);
    uint8_t *key = NULL;
    size_t kcap = 0, klen = 0;
    int rc = DFT_OK;
    while (dft_buf_left(&b) > 0 && rc == DFT_OK) {
        uint32_t shared, non_shared, vlen;
        const uint8_t *delta, *value;
        if (varint32(&b, &shared) || varint32(&b, &non_shared) || varint32(&b, &vlen) || shared > klen ||
            dft_buf_bytes(&b, non_shared, &delta) || dft_buf_bytes(&b, vlen, &value)) {
            warn(db, "%s: block at %llu: entry damaged at byte %zu, rest of block skipped", file,
                 (unsigned long long)boff, b.pos);
            break;
        }
        size_t need = (size_t)shared + non_shared;
        if (need > kcap) {
            size_t nc = kcap ? kcap : 64;
            while (nc < need) nc *= 2;
            uint8_t *nk = realloc(key, nc);
            if (!nk) {
                rc = dft_error_set(DFT_ENOMEM, "leveldb: out of memory");
                break;
            }
            key = nk;
            kcap = nc;
        }
        memcpy(key + shared, delta, non_shared);
        klen = need;
        rc = fn(db, payload, key, klen, value, vlen);
    }
    free(key);
    return rc;
}

typedef struct data_ctx {
    const char *file;
    uint64_t boff;
    bool stop;
} data_ctx;

static int on_data_entry(dft_leveldb *db, void *payload, const uint8_t *key, size_t klen, const uint8_t *value,
                         size_t vlen)
{
    data_ctx *dc = payload;
    if (dc->stop) return DFT_OK;
    if (klen < 8) {
        warn(db, "%s: block at %llu: internal key shorter than 8 bytes, skipped", dc->file,
             (unsigned long long)dc->boff);
        return DFT_OK;
    }
    dft_buf tb = dft_buf_make(key + klen - 8, 8);
    uint64_t tag;
    dft_buf_u64le(&tb, &tag);
    uint8_t type = (uint8_t)(tag & 0xff);
    if (type > 1) {
        warn(db, "%s: block at %llu: unknown value type %u, skipped", dc->file, (unsigned long long)dc->boff, type);
        return DFT_OK;
    }
    int rc = add_entry(db, dc->file, dc->boff, key, klen - 8, value, vlen, tag >> 8, type == 0);
    if (rc == DFT_ELIMIT) {
        dc->stop = true;
        return DFT_OK;
    }
    return rc;
}

typedef struct index_ctx {
    const char *file;
    const uint8_t *data;
    size_t len;
} index_ctx;

static int on_index_entry(dft_leveldb *db, void *payload, const uint8_t *key, size_t klen, const uint8_t *value,
                          size_t vlen)
{
    (void)key;
    (void)klen;
    index_ctx *ic = payload;
    if (db->limit_hit) return DFT_OK;
    dft_buf hb = dft_buf_make(value, vlen);
    handle h;
    if (read_handle(&hb, &h)) {
        warn(db, "%s: damaged block handle in the index, skipped", ic->file);
        return DFT_OK;
    }
    const uint8_t *blk;
    size_t blen;
    uint8_t *owned;
    int rc = load_block(db, ic->file, ic->data, ic->len, h, &blk, &blen, &owned);
    if (rc == DFT_ECORRUPT || rc == DFT_ELIMIT) return DFT_OK;
    if (rc) return rc;
    data_ctx dc = { ic->file, h.off, false };
    rc = walk_block(db, ic->file, h.off, blk, blen, on_data_entry, &dc);
    free(owned);
    return rc;
}

int dft_leveldb_add_table(dft_leveldb *db, const char *name, const uint8_t *data, size_t len)
{
    if (db->finished) return dft_error_set(DFT_ERROR, "leveldb: add after finish");
    const char *file = add_file(db, name);
    if (!file) return dft_error_set(DFT_ENOMEM, "leveldb: out of memory");
    if (len < FOOTER_LEN) return dft_error_set(DFT_ECORRUPT, "%s: %zu bytes, too short for a table footer", file, len);
    dft_buf fb = dft_buf_make(data + len - FOOTER_LEN, FOOTER_LEN);
    uint64_t magic;
    dft_buf mb = dft_buf_make(data + len - 8, 8);
    dft_buf_u64le(&mb, &magic);
    if (magic != DFT_LEVELDB_TABLE_MAGIC) return dft_error_set(DFT_ECORRUPT, "%s: no table magic in the footer", file);
    handle meta, index;
    if (read_handle(&fb, &meta) || read_handle(&fb, &index) || fb.pos > 40)
        return dft_error_set(DFT_ECORRUPT, "%s: damaged table footer", file);
    const uint8_t *blk;
    size_t blen;
    uint8_t *owned;
    int rc = load_block(db, file, data, len, index, &blk, &blen, &owned);
    if (rc == DFT_ECORRUPT) return DFT_OK; /* warned: index unreadable, nothing more to find */
    if (rc == DFT_ELIMIT) return DFT_OK;
    if (rc) return rc;
    index_ctx ic = { file, data, len };
    rc = walk_block(db, file, index.off, blk, blen, on_index_entry, &ic);
    free(owned);
    return rc;
}

/* ---- merge ------------------------------------------------------------------------------------- */

static int cmp_key(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
    size_t n = alen < blen ? alen : blen;
    int c = n ? memcmp(a, b, n) : 0;
    if (c) return c;
    return alen < blen ? -1 : alen > blen ? 1 : 0;
}

/* index of the file an entry came from, for a stable tie-break */
static size_t file_rank(const dft_leveldb *db, const char *file)
{
    for (size_t i = 0; i < db->nfiles; i++)
        if (db->files[i] == file) return i;
    return db->nfiles;
}

typedef struct sort_item {
    dft_leveldb_entry e;
    size_t rank, order;
} sort_item;

static int cmp_items(const void *pa, const void *pb)
{
    const sort_item *a = pa, *b = pb;
    int c = cmp_key(a->e.key, a->e.key_len, b->e.key, b->e.key_len);
    if (c) return c;
    if (a->e.seq != b->e.seq) return a->e.seq > b->e.seq ? -1 : 1;
    if (a->rank != b->rank) return a->rank < b->rank ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order ? 1 : 0;
}

int dft_leveldb_finish(dft_leveldb *db)
{
    if (db->finished) return DFT_OK;
    db->finished = true;
    if (!db->n) return DFT_OK;
    sort_item *items = malloc(db->n * sizeof *items);
    if (!items) return dft_error_set(DFT_ENOMEM, "leveldb: out of memory");
    for (size_t i = 0; i < db->n; i++)
        items[i] = (sort_item){ db->entries[i], file_rank(db, db->entries[i].file), i };
    qsort(items, db->n, sizeof *items, cmp_items);
    size_t out = 0;
    for (size_t i = 0; i < db->n; i++) {
        dft_leveldb_entry *e = &items[i].e;
        if (out) {
            dft_leveldb_entry *p = &db->entries[out - 1];
            bool same_key = cmp_key(p->key, p->key_len, e->key, e->key_len) == 0;
            if (same_key && p->seq == e->seq && p->deleted == e->deleted) {
                free((void *)e->key); /* invariant 4: the same record again (log and table) */
                continue;
            }
            e->live = !same_key && !e->deleted;
        } else {
            e->live = !e->deleted;
        }
        db->entries[out++] = *e;
    }
    db->n = out;
    free(items);
    return DFT_OK;
}

size_t dft_leveldb_count(const dft_leveldb *db) { return db ? db->n : 0; }

const dft_leveldb_entry *dft_leveldb_at(const dft_leveldb *db, size_t i)
{
    return db && i < db->n ? &db->entries[i] : NULL;
}

const dft_leveldb_entry *dft_leveldb_get(const dft_leveldb *db, const void *key, size_t key_len)
{
    if (!db || !db->finished) return NULL;
    size_t lo = 0, hi = db->n;
    while (lo < hi) { /* first entry with key >= wanted */
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_key(db->entries[mid].key, db->entries[mid].key_len, key, key_len) < 0) lo = mid + 1;
        else hi = mid;
    }
    if (lo < db->n && cmp_key(db->entries[lo].key, db->entries[lo].key_len, key, key_len) == 0 &&
        db->entries[lo].live)
        return &db->entries[lo];
    return NULL;
}

size_t dft_leveldb_warning_count(const dft_leveldb *db) { return db ? db->nwarnings : 0; }

const char *dft_leveldb_warning(const dft_leveldb *db, size_t i)
{
    if (!db || i >= db->nwarnings || i >= DFT_LEVELDB_MAX_WARNINGS) return NULL;
    return db->warnings[i] ? db->warnings[i] : "";
}
