/*
 * chatdb.c - the shared helper layer of the chat parsers (see chatdb.h).
 */
#include "chatdb.h"
#include "chatdb_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "sqlcipher.h"

/* Rowids of one table read without the WAL, sorted (invariant 2). */
typedef struct rowid_set {
    char *table;
    int64_t *ids;
    size_t n;
    struct rowid_set *next;
} rowid_set;

/* Strings handed out by dft_chatdb_col, freed at close. */
typedef struct col_text {
    struct col_text *next;
    char text[];
} col_text;

struct dft_chatdb {
    dft_sqlite *main;            /* with the WAL applied */
    dft_sqlite *twin;            /* the same database without its WAL, or NULL */
    dft_chatdb_wal_info wal;
    bool (*cancelled)(void *payload);
    void *payload;
    rowid_set *rowids;
    col_text *texts;
    dft_chatdb_rec rec;          /* recovered rows in main (chatdb_recover.c), when asked */
    dft_chatdb_opts opts;        /* as opened (strings owned), for a later dft_chatdb_recover */
    dft_sqlite_opts sopts;
};

/* ---- WAL header and frames (sqlite.org/fileformat2.html#walformat) ------------------------- */

static uint32_t be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }
static uint32_t le32(const uint8_t *p) { return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0]; }

/* The WAL checksum: Fibonacci-weighted sums over 32-bit words in the byte order the magic says. */
static void wal_checksum(bool big_endian, const uint8_t *a, size_t n, uint32_t *s0, uint32_t *s1)
{
    for (size_t i = 0; i + 8 <= n; i += 8) {
        uint32_t x0 = big_endian ? be32(a + i) : le32(a + i);
        uint32_t x1 = big_endian ? be32(a + i + 4) : le32(a + i + 4);
        *s0 += x0 + *s1;
        *s1 += x1 + *s0;
    }
}

/* Reads the -wal and counts its frames and the valid commit frames SQLite would apply: frames whose
 * salts match the header and whose cumulative checksums hold, up to the first that fails. */
static void wal_inspect(const char *path, dft_chatdb_wal_info *info)
{
    memset(info, 0, sizeof *info);
    if (!path) return;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    info->wal_present = true;
    uint8_t hdr[32];
    if (pread(fd, hdr, sizeof hdr, 0) != (ssize_t)sizeof hdr) goto done;
    uint32_t magic = be32(hdr);
    if (magic != 0x377f0682u && magic != 0x377f0683u) goto done;
    bool big = magic & 1u;
    uint32_t page_size = be32(hdr + 8);
    if (page_size == 1) page_size = 65536;
    if (page_size < 512 || page_size > 65536 || (page_size & (page_size - 1))) goto done;
    uint32_t s0 = 0, s1 = 0;
    wal_checksum(big, hdr, 24, &s0, &s1);
    if (s0 != be32(hdr + 24) || s1 != be32(hdr + 28)) goto done;
    uint8_t *frame = malloc(24 + (size_t)page_size);
    if (!frame) goto done;
    bool chain_ok = true;
    for (off_t off = 32;; off += 24 + (off_t)page_size) {
        ssize_t got = pread(fd, frame, 24 + (size_t)page_size, off);
        if (got != (ssize_t)(24 + page_size)) break;
        info->wal_frames++;
        if (!chain_ok) continue;
        if (memcmp(frame + 8, hdr + 16, 8) != 0) { chain_ok = false; continue; }
        wal_checksum(big, frame, 8, &s0, &s1);
        wal_checksum(big, frame + 24, page_size, &s0, &s1);
        if (s0 != be32(frame + 16) || s1 != be32(frame + 20)) { chain_ok = false; continue; }
        if (be32(frame + 4) != 0) info->wal_commits++;
    }
    free(frame);
    info->wal_applied = info->wal_commits > 0;
done:
    close(fd);
}

/* ---- open / close ------------------------------------------------------------------------- */

static bool chatdb_cancel_cb(void *payload)
{
    dft_chatdb *db = payload;
    return db->cancelled && db->cancelled(db->payload);
}

int dft_chatdb_open(dft_chatdb **out, const dft_chatdb_opts *o)
{
    *out = NULL;
    if (!o || !o->path) return dft_error_set(DFT_ERROR, "dft_chatdb_open: no path");
    dft_chatdb *db = calloc(1, sizeof *db);
    if (!db) return dft_error_set(DFT_ENOMEM, "out of memory");
    db->cancelled = o->cancelled;
    db->payload = o->payload;
    dft_sqlite_opts so = DFT_SQLITE_OPTS_INIT;
    so.temp_dir = o->temp_dir;
    so.time_budget_ms = o->time_budget_ms;
    so.step_budget = o->step_budget;
    so.cancelled = chatdb_cancel_cb;
    so.payload = db;
    if (o->wal_path && access(o->wal_path, R_OK) == 0) {
        wal_inspect(o->wal_path, &db->wal);
        so.wal_path = o->wal_path;
    }
    int rc = dft_sqlite_open(&db->main, o->path, &so);
    if (rc) { free(db); return rc; }
    if (so.wal_path) {
        dft_sqlite_opts twin = so;
        twin.wal_path = NULL;
        /* Without the WAL a database whose tables all live in the WAL may not even have a schema:
         * then every row is only in the WAL, which an empty twin says correctly. */
        if (dft_sqlite_open(&db->twin, o->path, &twin) != DFT_OK) db->twin = NULL;
    }
    db->opts = *o;
    db->opts.path = strdup(o->path);
    db->opts.wal_path = so.wal_path ? strdup(so.wal_path) : NULL;
    db->opts.temp_dir = o->temp_dir ? strdup(o->temp_dir) : NULL;
    db->opts.journal_path = NULL;
    db->sopts = so;
    db->sopts.temp_dir = db->opts.temp_dir;
    if (!db->opts.path) {
        dft_chatdb_close(db);
        return dft_error_set(DFT_ENOMEM, "out of memory");
    }
    if (o->recover) {
        rc = dft_chatdb_recover(db, o->journal_path);
        if (rc == DFT_ECANCELLED) {
            dft_chatdb_close(db);
            return rc;
        }
    }
    *out = db;
    return DFT_OK;
}

void dft_chatdb_close(dft_chatdb *db)
{
    if (!db) return;
    dft_sqlite_close(db->main);
    dft_sqlite_close(db->twin);
    for (rowid_set *r = db->rowids, *n; r; r = n) {
        n = r->next;
        free(r->table);
        free(r->ids);
        free(r);
    }
    for (col_text *t = db->texts, *n; t; t = n) {
        n = t->next;
        free(t);
    }
    dft_chatdb_rec_free(&db->rec);
    free((char *)db->opts.path);
    free((char *)db->opts.wal_path);
    free((char *)db->opts.temp_dir);
    free(db);
}

sqlite3 *dft_chatdb_sqlite(dft_chatdb *db) { return dft_sqlite_db(db->main); }
dft_sqlite *dft_chatdb_safe(dft_chatdb *db) { return db->main; }
bool dft_chatdb_cancelled(dft_chatdb *db) { return chatdb_cancel_cb(db); }
void dft_chatdb_wal(const dft_chatdb *db, dft_chatdb_wal_info *out) { *out = db->wal; }

const char *dft_chatdb_sniff(const uint8_t *head, size_t len)
{
    if (len == 0) return "empty";
    /* a plain header over encrypted pages: SQLCipher with a plaintext header (Signal iOS) */
    if (len >= 16 && memcmp(head, "SQLite format 3", 16) == 0)
        return dft_sqlcipher_plain_header_maybe(head, len) ? "encrypted" : "sqlite";
    size_t n = len < 1024 ? len : 1024;
    bool seen[256] = { 0 };
    int distinct = 0, zeros = 0;
    for (size_t i = 0; i < n; i++) {
        if (!seen[head[i]]) { seen[head[i]] = true; distinct++; }
        if (!head[i]) zeros++;
    }
    if ((size_t)zeros == n) return "empty";
    /* Ciphertext uses nearly every byte value; 1,024 random bytes show about 250 distinct values,
     * text and SQLite pages far fewer. */
    if (n >= 512 && distinct >= 200) return "encrypted";
    return "other";
}

/* ---- schema probing ------------------------------------------------------------------------ */

bool dft_chatdb_has_table(dft_chatdb *db, const char *table)
{
    return dft_sqlite_table_kind(db->main, table) == DFT_SQLITE_TABLE;
}

bool dft_chatdb_has_tables(dft_chatdb *db, const char *const *tables)
{
    for (; *tables; tables++)
        if (!dft_chatdb_has_table(db, *tables)) return false;
    return true;
}

bool dft_chatdb_has_column(dft_chatdb *db, const char *table, const char *column)
{
    return dft_chatdb_has_table(db, table) && dft_sqlite_has_column(db->main, table, column);
}

static const char *keep_text(dft_chatdb *db, const char *text)
{
    size_t n = strlen(text);
    col_text *t = malloc(sizeof *t + n + 1);
    if (!t) return "NULL";
    memcpy(t->text, text, n + 1);
    t->next = db->texts;
    db->texts = t;
    return t->text;
}

const char *dft_chatdb_col(dft_chatdb *db, const char *table, const char *column)
{
    if (!table || !column || strchr(table, '"') || strchr(column, '"')) return "NULL";
    if (!dft_chatdb_has_column(db, table, column)) return "NULL";
    char buf[512];
    int n = snprintf(buf, sizeof buf, "\"%s\".\"%s\"", table, column);
    if (n < 0 || (size_t)n >= sizeof buf) return "NULL";
    return keep_text(db, buf);
}

const char *dft_chatdb_col_any(dft_chatdb *db, const char *table, const char *const *columns)
{
    for (; *columns; columns++) {
        const char *c = dft_chatdb_col(db, table, *columns);
        if (strcmp(c, "NULL") != 0) return c;
    }
    return "NULL";
}

int dft_chatdb_prepare(dft_chatdb *db, sqlite3_stmt **out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *sql = NULL;
    int n = vasprintf(&sql, fmt, ap);
    va_end(ap);
    if (n < 0 || !sql) return dft_error_set(DFT_ENOMEM, "out of memory");
    int rc = dft_sqlite_prepare(db->main, out, sql);
    free(sql);
    return rc;
}

int dft_chatdb_step(dft_chatdb *db, sqlite3_stmt *st) { return dft_sqlite_step(db->main, st); }

static int64_t count_rows(dft_sqlite *h, const char *table)
{
    if (!h || strchr(table, '"') || dft_sqlite_table_kind(h, table) != DFT_SQLITE_TABLE) return 0;
    char sql[300];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"", table);
    sqlite3_stmt *st = NULL;
    int64_t n = 0;
    if (dft_sqlite_prepare(h, &st, sql) == DFT_OK && dft_sqlite_step(h, st) == DFT_SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

int64_t dft_chatdb_count(dft_chatdb *db, const char *table) { return count_rows(db->main, table); }

/* ---- rows only in the WAL --------------------------------------------------------------------- */

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Loads the rowids of table from the WAL-less twin (empty when the table is missing there). */
static rowid_set *load_rowids(dft_chatdb *db, const char *table)
{
    rowid_set *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->table = strdup(table);
    if (!r->table) { free(r); return NULL; }
    if (!strchr(table, '"') && dft_sqlite_table_kind(db->twin, table) == DFT_SQLITE_TABLE) {
        char sql[300];
        snprintf(sql, sizeof sql, "SELECT rowid FROM \"%s\"", table);
        sqlite3_stmt *st = NULL;
        size_t cap = 0;
        if (dft_sqlite_prepare(db->twin, &st, sql) == DFT_OK) {
            while (dft_sqlite_step(db->twin, st) == DFT_SQLITE_ROW) {
                if (r->n == cap) {
                    size_t nc = cap ? cap * 2 : 1024;
                    int64_t *ni = realloc(r->ids, nc * sizeof *ni);
                    if (!ni) break;
                    r->ids = ni;
                    cap = nc;
                }
                r->ids[r->n++] = sqlite3_column_int64(st, 0);
            }
        }
        sqlite3_finalize(st);
        if (r->n > 1) qsort(r->ids, r->n, sizeof *r->ids, cmp_i64);
    }
    r->next = db->rowids;
    db->rowids = r;
    return r;
}

bool dft_chatdb_only_in_wal(dft_chatdb *db, const char *table, int64_t rowid)
{
    if (!db->wal.wal_applied || !table) return false;
    if (dft_chatdb_recovered_row(db, table, rowid, NULL)) return false;   /* not live at all */
    rowid_set *r = db->rowids;
    while (r && strcmp(r->table, table) != 0) r = r->next;
    if (!r) {
        if (!db->twin) return false;   /* no WAL-less view: cannot tell, so never claim */
        r = load_rowids(db, table);
        if (!r) return false;
    }
    if (r->n == 0) return true;   /* the table is not in the WAL-less database (bsearch wants an array) */
    return !bsearch(&rowid, r->ids, r->n, sizeof *r->ids, cmp_i64);
}

/* ---- recovered rows (chatdb_recover.c) -------------------------------------------------------- */

int dft_chatdb_recover(dft_chatdb *db, const char *journal_path)
{
    if (db->rec.ran) return DFT_OK;
    /* deleted records join the live rows in a merged private copy the parsers read instead */
    dft_chatdb_opts o = db->opts;
    o.journal_path = journal_path;
    dft_sqlite *merged = NULL;
    int rc = dft_chatdb_rec_build(&db->rec, db->main, &o, &db->sopts, &merged);
    db->rec.ran = true;
    if (rc == DFT_ECANCELLED) return rc;
    if (rc) {
        /* the live rows are still there: recovery's failure is a warning, not the parser's */
        db->rec.warnings++;
        snprintf(db->rec.first_warning, sizeof db->rec.first_warning, "recovery failed: %s", dft_error_last());
        db->rec.n = 0;
    }
    if (merged) {
        dft_sqlite_close(db->main);
        db->main = merged;
    }
    return DFT_OK;
}

static int cmp_rec(const void *a, const void *b)
{
    const dft_chatdb_rec_entry *x = a, *y = b;
    int c = strcmp(x->table, y->table);
    if (c) return c;
    return (x->rowid > y->rowid) - (x->rowid < y->rowid);
}

bool dft_chatdb_recovered_row(dft_chatdb *db, const char *table, int64_t rowid, dft_chatdb_recovered *out)
{
    dft_chatdb_rec *r = &db->rec;
    if (!r->n || !table) return false;
    if (!r->sorted) {
        qsort(r->e, r->n, sizeof *r->e, cmp_rec);
        r->sorted = true;
    }
    dft_chatdb_rec_entry key = { .table = table, .rowid = rowid };
    const dft_chatdb_rec_entry *e = bsearch(&key, r->e, r->n, sizeof *r->e, cmp_rec);
    if (!e) return false;
    if (out) {
        out->source = e->source;
        out->source_kind = e->kind;
        out->completeness = e->completeness;
        out->missing = e->missing;
        out->older_version_of = e->older_of;
    }
    return true;
}

bool dft_chatdb_recovered_source(dft_chatdb *db, const char *source, dft_chatdb_recovered *out)
{
    if (!source || !db->rec.n) return false;
    const char *colon = strrchr(source, ':');
    if (!colon || colon == source || !colon[1] || (size_t)(colon - source) >= 256) return false;
    char *end = NULL;
    long long rowid = strtoll(colon + 1, &end, 10);
    if (!end || *end) return false;
    char table[256];
    memcpy(table, source, (size_t)(colon - source));
    table[colon - source] = '\0';
    return dft_chatdb_recovered_row(db, table, rowid, out);
}

void dft_chatdb_recovery(const dft_chatdb *db, dft_chatdb_recovery_info *out)
{
    const dft_chatdb_rec *r = &db->rec;
    memset(out, 0, sizeof *out);
    out->ran = r->ran;
    out->truncated = r->truncated;
    out->records = r->records;
    out->inserted = (int64_t)r->n;
    out->skipped = r->skipped;
    out->duplicates = r->duplicates;
    out->warnings = r->warnings;
    out->first_warning = r->first_warning[0] ? r->first_warning : NULL;
}

/* ---- column values ------------------------------------------------------------------------ */

const char *dft_chatdb_text(sqlite3_stmt *st, int col)
{
    int t = sqlite3_column_type(st, col);
    if (t == SQLITE_NULL || t == SQLITE_BLOB) return NULL;
    return (const char *)sqlite3_column_text(st, col);
}

int64_t dft_chatdb_int(sqlite3_stmt *st, int col, int64_t if_null)
{
    if (sqlite3_column_type(st, col) == SQLITE_NULL) return if_null;
    return sqlite3_column_int64(st, col);
}

void dft_chatdb_time(sqlite3_stmt *st, int col, dft_time_unit unit, char out[DFT_TIME_LEN], int64_t *raw)
{
    out[0] = '\0';
    if (raw) *raw = 0;
    int t = sqlite3_column_type(st, col);
    if (t == SQLITE_NULL || t == SQLITE_BLOB) return;
    if (t == SQLITE_FLOAT && (unit == DFT_TIME_COCOA_S || unit == DFT_TIME_COCOA_AUTO || unit == DFT_TIME_UNIX_S)) {
        double d = sqlite3_column_double(st, col);
        if (raw) *raw = (int64_t)d;
        if (d == 0.0) return;
        if (unit == DFT_TIME_UNIX_S) d -= 978307200.0;   /* as Cocoa seconds, to share the converter */
        if (unit == DFT_TIME_COCOA_AUTO && (d >= 1e11 || d <= -1e11)) {
            dft_time_text(out, DFT_TIME_COCOA_NS, (int64_t)d);
            return;
        }
        dft_time_text_cocoa(out, d);
        return;
    }
    int64_t v = sqlite3_column_int64(st, col);
    if (raw) *raw = v;
    if (v == 0) return;
    dft_time_text(out, unit, v);
}

int dft_chatdb_phone(const char *raw, const char *region, bool international, char out[DFT_PHONE_LEN])
{
    out[0] = '\0';
    if (!raw || !*raw) return DFT_ECORRUPT;
    /* Only strings made of phone characters: an app id that happens to hold digits is not a number. */
    int digits = 0;
    for (const char *p = raw; *p; p++) {
        if (*p >= '0' && *p <= '9') digits++;
        else if (!strchr("+-() .\t", *p)) return DFT_ECORRUPT;
    }
    if (digits < 6 || digits > 17) return DFT_ECORRUPT;
    return dft_phone_e164(raw, region, international ? DFT_PHONE_INTERNATIONAL : 0, out) == DFT_OK ? DFT_OK
                                                                                                  : DFT_ECORRUPT;
}

/* ---- details JSON ----------------------------------------------------------------------------- */

static void json_put(dft_chat_json *j, const char *s, size_t n)
{
    if (j->failed) return;
    if (j->len + n + 1 > j->cap) {
        size_t nc = j->cap ? j->cap * 2 : 256;
        while (nc < j->len + n + 1) nc *= 2;
        char *nb = realloc(j->buf, nc);
        if (!nb) { j->failed = true; return; }
        j->buf = nb;
        j->cap = nc;
    }
    memcpy(j->buf + j->len, s, n);
    j->len += n;
    j->buf[j->len] = '\0';
}

static void json_putc(dft_chat_json *j, char c) { json_put(j, &c, 1); }

/* A JSON string; bytes that are not valid UTF-8 become U+FFFD so the text stays valid JSON. */
/* Length of the well-formed UTF-8 sequence at p (lead byte >= 0x80; shortest form, no surrogates, at
 * most U+10FFFF; a NUL ends it), or 0. */
static int utf8_seq(const unsigned char *p)
{
    unsigned char c = *p;
    int n = (c >= 0xc2 && c <= 0xdf) ? 2 : (c >= 0xe0 && c <= 0xef) ? 3 : (c >= 0xf0 && c <= 0xf4) ? 4 : 0;
    for (int i = 1; i < n; i++)
        if ((p[i] & 0xc0) != 0x80) return 0;
    if (n == 3 && ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] >= 0xa0))) return 0;
    if (n == 4 && ((c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] >= 0x90))) return 0;
    return n;
}

static void json_string(dft_chat_json *j, const char *s)
{
    json_putc(j, '"');
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        /* a run of bytes that need no escaping is copied at once */
        const unsigned char *run = p;
        while (*p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\') p++;
        if (p > run) json_put(j, (const char *)run, (size_t)(p - run));
        if (!*p) break;
        unsigned char c = *p;
        if (c == '"' || c == '\\') { json_putc(j, '\\'); json_putc(j, (char)c); p++; continue; }
        if (c < 0x20) {
            char esc[8];
            snprintf(esc, sizeof esc, "\\u%04x", c);
            json_put(j, esc, 6);
            p++;
            continue;
        }
        if (c < 0x80) { json_putc(j, (char)c); p++; continue; }
        int n = utf8_seq(p);
        if (!n) { json_put(j, "\xef\xbf\xbd", 3); p++; continue; }
        json_put(j, (const char *)p, (size_t)n);
        p += n;
    }
    json_putc(j, '"');
}

static void json_key(dft_chat_json *j, const char *key)
{
    json_putc(j, j->any ? ',' : '{');
    j->any = true;
    json_string(j, key);
    json_putc(j, ':');
}

void dft_chat_json_begin(dft_chat_json *j) { memset(j, 0, sizeof *j); }

void dft_chat_json_str(dft_chat_json *j, const char *key, const char *value)
{
    if (!value) return;
    json_key(j, key);
    json_string(j, value);
}

void dft_chat_json_int(dft_chat_json *j, const char *key, int64_t value)
{
    char b[32];
    int n = snprintf(b, sizeof b, "%lld", (long long)value);
    json_key(j, key);
    json_put(j, b, (size_t)n);
}

void dft_chat_json_bool(dft_chat_json *j, const char *key, bool value)
{
    json_key(j, key);
    json_put(j, value ? "true" : "false", value ? 4 : 5);
}

void dft_chat_json_raw(dft_chat_json *j, const char *key, const char *json)
{
    if (!json) return;
    json_key(j, key);
    /* JSON made by SQLite (json_group_array) copies text bytes as stored: an ill-formed UTF-8 byte
     * becomes U+FFFD (never a structural character: those are ASCII), so the details stay valid JSON */
    const unsigned char *p = (const unsigned char *)json;
    while (*p) {
        const unsigned char *run = p;
        while (*p && *p < 0x80) p++;
        if (p > run) json_put(j, (const char *)run, (size_t)(p - run));
        if (!*p) break;
        int n = utf8_seq(p);
        json_put(j, n ? (const char *)p : "\xef\xbf\xbd", n ? (size_t)n : 3);
        p += n ? n : 1;
    }
}

const char *dft_chat_json_end(dft_chat_json *j)
{
    if (!j->any) json_putc(j, '{');
    json_putc(j, '}');
    if (j->failed) return "{}";
    return j->buf;
}

void dft_chat_json_free(dft_chat_json *j)
{
    free(j->buf);
    memset(j, 0, sizeof *j);
}
