/*
 * sqlite_carve.c - the `sqlite_carve` plugin (issue 13): SQLite pages in unallocated space (a deleted
 * msgstore.db whose blocks were freed) are carved and their records recovered. Regions are streamed
 * in disk order; at every 512-byte boundary (SQLite pages start at multiples of their size within the
 * file, and file-system blocks are at least 512-byte aligned):
 *  - a database header ("SQLite format 3") gives the page size and text encoding of the pages that
 *    follow, and its page 1 (sqlite_master) gives the tables' columns: each CREATE TABLE text is
 *    compiled in a private in-memory database (defensive, nothing else runs) and read with table_info;
 *  - a table leaf page is read with parsers/sqlite_recover.c against the tables known so far (those of
 *    the last header, then a small table of app schemas: WhatsApp message/messages, Android sms,
 *    call_log) and each record becomes a finding `sqlite.carved_record` (subkind = table) at the page's
 *    offset (the core stores the media offset), details: table, rowid, completeness, source
 *    "carved:MEDIA_OFFSET", page_size, values by column name (personal data: details).
 * A header also starts a candidate database (carve_candidate.c): the pages after it in consecutive
 * placement are reassembled in page-number order, described by a `sqlite.carved_db` finding (pages
 * found / missing, media offset of every page) and registered as a derived file, bytes as found
 * (missing pages zero-filled). A carved database with missing pages gets a patched child
 * (carve_scan: holes unlinked from their table b-trees, sqlite_patch.c) which the parsers read.
 * Not done: placement by page-number references (interior child pointers, overflow chains, freelist
 * trunks) for pages not in consecutive placement, schema cookie grouping, overflow chains across
 * carved pages (values cut there are "partial"), slack of allocated files.
 */
#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "carve_candidate.h"
#include "chatdb.h"
#include "plugin.h"
#include "sqlite_patch.h"
#include "sqlite_recover.h"
#include "sqlite_safe.h"

#define CARVE_ALIGN 512
#define CARVE_MAX_PAGE 65536
#define CARVE_MAX_CANDIDATES 64   /* per region: media full of fake headers stops here, with a warning */

/* App schemas for pages whose database header was not found (column order as the apps create them). */
static const dft_sqlrec_column wa_message_cols[] = {
    { "_id", 'I', true }, { "chat_row_id", 'I', false }, { "from_me", 'I', false }, { "key_id", 'T', false },
    { "sender_jid_row_id", 'I', false }, { "status", 'I', false }, { "broadcast", 'I', false },
    { "recipient_count", 'I', false }, { "participant_hash", 'T', false }, { "origination_flags", 'I', false },
    { "origin", 'I', false }, { "timestamp", 'I', false }, { "received_timestamp", 'I', false },
    { "receipt_server_timestamp", 'I', false }, { "message_type", 'I', false }, { "text_data", 'T', false },
    { "starred", 'I', false }, { "lookup_tables", 'I', false }, { "message_add_on_flags", 'I', false },
    { "sort_id", 'I', false },
};
/* chat_row_id, from_me, key_id and sort_id are NOT NULL in WhatsApp's CREATE TABLE message */
static const uint8_t wa_message_notnull[20] = { [1] = 1, [2] = 1, [3] = 1, [19] = 1 };
static const dft_sqlrec_column sms_cols[] = {
    { "_id", 'I', true }, { "thread_id", 'I', false }, { "address", 'T', false }, { "person", 'I', false },
    { "date", 'I', false }, { "date_sent", 'I', false }, { "protocol", 'I', false }, { "read", 'I', false },
    { "status", 'I', false }, { "type", 'I', false }, { "reply_path_present", 'I', false }, { "subject", 'T', false },
    { "body", 'T', false }, { "service_center", 'T', false }, { "locked", 'I', false }, { "sub_id", 'I', false },
    { "error_code", 'I', false }, { "creator", 'T', false }, { "seen", 'I', false },
};
static const dft_sqlrec_table known_tables[] = {
    { "message", 0, 20, wa_message_cols, NULL, 0, wa_message_notnull },
    { "sms", 0, 19, sms_cols, NULL, 0, NULL },
};
#define N_KNOWN (sizeof known_tables / sizeof known_tables[0])

static const dft_sqlrec_column master_cols[] = {
    { "type", 'T', false }, { "name", 'T', false }, { "tbl_name", 'T', false }, { "rootpage", 'I', false },
    { "sql", 'T', false },
};
static const dft_sqlrec_table master_table[] = { { "sqlite_master", 1, 5, master_cols, NULL, 0, NULL } };

typedef struct carve_state {
    dft_scan *s;
    uint64_t media_offset;
    uint8_t *buf;                /* bytes of the region from buf_off on */
    size_t len, cap;
    uint64_t buf_off;
    uint32_t ps;                 /* page size of the last header seen (default 4096) */
    int enc;
    dft_sqlrec_schema found;     /* tables of the last carved sqlite_master */
    dft_sqlrec_table *tables;    /* found + known */
    size_t ntables;
    sqlite3 *mem;                /* where carved CREATE TABLE texts are compiled */
    uint64_t page_off;           /* region offset of the page being carved */
    bool schema_dirty;           /* sqlite_master rows were compiled since the tables were built */
    uint64_t scan_abs;           /* region offset the page scan reached (>= buf_off) */
    dft_cand cand;               /* the candidate database being reassembled */
    bool cand_schema;            /* its page 1 held at least one CREATE TABLE */
    unsigned ncands;
    int rc;
} carve_state;

/* sqlite_master first (its rows feed the schema), then the carved tables, then the app schemas. */
static void rebuild_tables(carve_state *cs)
{
    free(cs->tables);
    cs->ntables = 0;
    cs->tables = calloc(1 + cs->found.ntables + N_KNOWN, sizeof *cs->tables);
    if (!cs->tables) return;
    cs->tables[cs->ntables++] = master_table[0];
    for (size_t i = 0; i < cs->found.ntables; i++) cs->tables[cs->ntables++] = cs->found.tables[i];
    for (size_t i = 0; i < N_KNOWN; i++) cs->tables[cs->ntables++] = known_tables[i];
}

/* A UTF-16 value as UTF-8 (lone surrogates become U+FFFD); malloc'd. */
static char *utf16_to_utf8(const uint8_t *p, size_t n, bool be)
{
    char *out = malloc(n / 2 * 3 + 4);
    if (!out) return NULL;
    size_t o = 0;
    for (size_t i = 0; i + 1 < n; i += 2) {
        uint32_t u = be ? (uint32_t)p[i] << 8 | p[i + 1] : (uint32_t)p[i + 1] << 8 | p[i];
        if (u >= 0xd800 && u <= 0xdbff && i + 3 < n) {
            uint32_t w = be ? (uint32_t)p[i + 2] << 8 | p[i + 3] : (uint32_t)p[i + 3] << 8 | p[i + 2];
            if (w >= 0xdc00 && w <= 0xdfff) {
                u = 0x10000 + ((u - 0xd800) << 10) + (w - 0xdc00);
                i += 2;
            } else u = 0xfffd;
        } else if (u >= 0xd800 && u <= 0xdfff) u = 0xfffd;
        if (u < 0x80) out[o++] = (char)u;
        else if (u < 0x800) { out[o++] = (char)(0xc0 | u >> 6); out[o++] = (char)(0x80 | (u & 0x3f)); }
        else if (u < 0x10000) {
            out[o++] = (char)(0xe0 | u >> 12); out[o++] = (char)(0x80 | (u >> 6 & 0x3f)); out[o++] = (char)(0x80 | (u & 0x3f));
        } else {
            out[o++] = (char)(0xf0 | u >> 18); out[o++] = (char)(0x80 | (u >> 12 & 0x3f));
            out[o++] = (char)(0x80 | (u >> 6 & 0x3f)); out[o++] = (char)(0x80 | (u & 0x3f));
        }
    }
    out[o] = '\0';
    return out;
}

static char *value_text(const carve_state *cs, const dft_sqlrec_value *v)
{
    if (cs->enc == 1) {
        char *t = malloc(v->n + 1);
        if (t) { memcpy(t, v->p, v->n); t[v->n] = '\0'; }
        return t;
    }
    return utf16_to_utf8(v->p, v->n, cs->enc == 3);
}

static int on_master(void *payload, const dft_sqlrec_row *r);

static int on_record(void *payload, const dft_sqlrec_row *r)
{
    carve_state *cs = payload;
    if (r->table == 0) return on_master(payload, r);
    const dft_sqlrec_table *t = &cs->tables[r->table];
    char src[64];
    snprintf(src, sizeof src, "carved:%" PRIu64, cs->media_offset + cs->page_off);
    dft_chat_json vals;
    dft_chat_json_begin(&vals);
    for (int j = 0; j < r->nvals; j++) {
        const dft_sqlrec_value *v = &r->vals[j];
        const char *name = t->cols[j].name;
        if (t->cols[j].ipk && r->has_rowid) { dft_chat_json_int(&vals, name, r->rowid); continue; }
        switch (v->type) {
        case DFT_SQLREC_INT: dft_chat_json_int(&vals, name, v->i); break;
        case DFT_SQLREC_FLOAT: {
            char b[40];
            snprintf(b, sizeof b, "%.17g", v->f);
            dft_chat_json_raw(&vals, name, b);
            break;
        }
        case DFT_SQLREC_TEXT: {
            char *text = value_text(cs, v);
            dft_chat_json_str(&vals, name, text ? text : "");
            free(text);
            break;
        }
        case DFT_SQLREC_BLOB: {
            char hex[2 * 256 + 1];
            size_t n = v->n < 256 ? v->n : 256;
            for (size_t k = 0; k < n; k++) snprintf(hex + 2 * k, 3, "%02x", v->p[k]);
            hex[2 * n] = '\0';
            dft_chat_json_str(&vals, name, hex);
            break;
        }
        case DFT_SQLREC_NULL: dft_chat_json_raw(&vals, name, "null"); break;
        default: break;   /* LOST: absent */
        }
    }
    const char *vj = dft_chat_json_end(&vals);
    dft_chat_json d;
    dft_chat_json_begin(&d);
    dft_chat_json_str(&d, "table", t->name);
    if (r->has_rowid) dft_chat_json_int(&d, "rowid", r->rowid);
    dft_chat_json_str(&d, "completeness", r->completeness);
    if (r->missing) dft_chat_json_str(&d, "missing", r->missing);
    dft_chat_json_str(&d, "source", src);
    dft_chat_json_str(&d, "page_source", r->source_kind);
    dft_chat_json_int(&d, "page_size", cs->ps);
    dft_chat_json_raw(&d, "values", vj);
    char value[300];
    if (r->has_rowid) snprintf(value, sizeof value, "%s:%" PRId64, t->name, r->rowid);
    else snprintf(value, sizeof value, "%s", t->name);
    dft_finding f = DFT_INIT(dft_finding);
    f.kind = "sqlite.carved_record";
    f.subkind = t->name;
    f.value = value;
    f.offset = (int64_t)cs->page_off;
    f.length = cs->ps;
    f.confidence = strcmp(r->completeness, "partial") == 0 ? 0.5 : 0.8;
    f.details = dft_chat_json_end(&d);
    f.personal = "details";
    int rc = dft_emit_finding(cs->s, &f, NULL);
    dft_chat_json_free(&d);
    dft_chat_json_free(&vals);
    return rc;
}

/* Carved SQL is attacker-controlled: only the shape "CREATE TABLE name (column definitions)" is
 * compiled (never "CREATE TABLE name AS SELECT ...", which would run a query), the authorizer refuses
 * any SELECT while it is, and a progress handler bounds it. */
static bool plain_create_table(const char *sql)
{
    const char *open = strchr(sql, '(');
    if (!open) return false;
    /* between CREATE TABLE and the first '(': [IF NOT EXISTS] and one (possibly quoted) name */
    for (const char *p = sql + 12; p < open; p++) {
        if (*p == '"' || *p == '`' || *p == '[') {   /* quoted names may hold anything but their quote */
            char close = *p == '[' ? ']' : *p;
            const char *e = strchr(p + 1, close);
            if (!e || e > open) return false;
            p = e;
            continue;
        }
        if (p + 2 <= open && (p[0] == 'A' || p[0] == 'a') && (p[1] == 'S' || p[1] == 's') &&
            (p == sql || p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\n') &&
            (p + 2 == open || p[2] == ' ' || p[2] == '\t' || p[2] == '\n' || p[2] == '('))
            return false;
    }
    return true;
}

static int carve_authorizer(void *ud, int action, const char *a, const char *b, const char *c, const char *d)
{
    (void)ud; (void)a; (void)b; (void)c; (void)d;
    switch (action) {
    case SQLITE_SELECT: case SQLITE_RECURSIVE: case SQLITE_ATTACH:
        return SQLITE_DENY;
    default:
        return SQLITE_OK;
    }
}

static int carve_progress(void *ud)
{
    return ++*(unsigned *)ud > 1000;   /* x 1000 VM ops: a CREATE TABLE needs a few hundred */
}

/* sqlite_master rows of a carved first page: compile each CREATE TABLE in the private database. */
static int on_master(void *payload, const dft_sqlrec_row *r)
{
    carve_state *cs = payload;
    if (!cs->mem) return 0;
    if (r->nvals < 5 || r->vals[0].type != DFT_SQLREC_TEXT || r->vals[4].type != DFT_SQLREC_TEXT) return 0;
    char *type = value_text(cs, &r->vals[0]);
    char *sql = value_text(cs, &r->vals[4]);
    if (type && sql && strcmp(type, "table") == 0 && strncmp(sql, "CREATE TABLE", 12) == 0 && !strchr(sql, ';') &&
        plain_create_table(sql)) {
        unsigned ticks = 0;
        sqlite3_set_authorizer(cs->mem, carve_authorizer, NULL);
        sqlite3_progress_handler(cs->mem, 1000, carve_progress, &ticks);
        sqlite3_stmt *st = NULL;
        const char *tail = NULL;
        /* one CREATE TABLE statement only, nothing after it */
        if (sqlite3_prepare_v2(cs->mem, sql, -1, &st, &tail) == SQLITE_OK && st && (!tail || !*tail) &&
            !sqlite3_stmt_readonly(st))
            cs->schema_dirty |= sqlite3_step(st) == SQLITE_DONE;
        sqlite3_finalize(st);
        sqlite3_progress_handler(cs->mem, 0, NULL, NULL);
        sqlite3_set_authorizer(cs->mem, NULL, NULL);
    }
    free(type);
    free(sql);
    return 0;
}

static void reload_schema(carve_state *cs)
{
    cs->schema_dirty = false;
    dft_sqlrec_schema_free(&cs->found);
    if (cs->mem) dft_sqlrec_schema_load(cs->mem, &cs->found);
    rebuild_tables(cs);
}

static void read_header_page(carve_state *cs, const uint8_t *p)
{
    uint32_t ps = (uint32_t)p[16] << 8 | p[17];
    if (ps == 1) ps = 65536;
    if (ps < 512 || ps > CARVE_MAX_PAGE || (ps & (ps - 1))) return;
    cs->ps = ps;
    uint32_t enc = (uint32_t)p[56] << 24 | (uint32_t)p[57] << 16 | (uint32_t)p[58] << 8 | p[59];
    cs->enc = enc == 2 || enc == 3 ? (int)enc : 1;
    if (cs->mem) sqlite3_close(cs->mem);
    cs->mem = NULL;
    if (sqlite3_open_v2(":memory:", &cs->mem, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, NULL) != SQLITE_OK) return;
    sqlite3_db_config(cs->mem, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    sqlite3_db_config(cs->mem, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
    sqlite3_db_config(cs->mem, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
    sqlite3_limit(cs->mem, SQLITE_LIMIT_SQL_LENGTH, 100000);
    sqlite3_limit(cs->mem, SQLITE_LIMIT_COLUMN, 2000);
    dft_sqlrec_carve_page(p, ps, cs->enc, master_table, 1, "carved", on_master, cs);
    reload_schema(cs);
}

/* Appends a JSON array of at most DFT_CAND_MAX_LISTED numbers to buf (malloc'd, grown). */
static char *json_u64_array(const uint64_t *v, size_t n, bool zero_null)
{
    if (n > DFT_CAND_MAX_LISTED) n = DFT_CAND_MAX_LISTED;
    char *out = malloc(n * 22 + 3);
    if (!out) return NULL;
    size_t o = 0;
    out[o++] = '[';
    for (size_t i = 0; i < n; i++) {
        if (i) out[o++] = ',';
        if (zero_null && v[i] == 0) { memcpy(out + o, "null", 4); o += 4; }
        else o += (size_t)sprintf(out + o, "%" PRIu64, v[i]);
    }
    out[o++] = ']';
    out[o] = '\0';
    return out;
}

/* A finished candidate: registered as a derived database (when it has a schema) and described by a
 * sqlite.carved_db finding: pages found / missing, media offset of every page. */
static void cand_emit(carve_state *cs)
{
    dft_cand *c = &cs->cand;
    if (!c->active) return;
    dft_cand_close(c);
    uint64_t region_off = c->start;   /* cand offsets are region offsets; media = region + media_offset */
    char name[64];
    snprintf(name, sizeof name, "carved-%" PRIu64 ".sqlite", cs->media_offset + region_off);
    uint64_t *media = calloc((size_t)c->npages + 1, sizeof *media);
    /* the missing list is bounded (DFT_CAND_MAX_LISTED); the count is exact */
    uint64_t *miss = calloc((size_t)c->npages + DFT_CAND_MAX_LISTED + 1, sizeof *miss);
    size_t nmiss = 0;
    if (media && miss) {
        for (uint32_t i = 0; i < c->npages; i++) {
            bool here = i == 0 || c->offs[i] != 0;
            media[i] = here ? cs->media_offset + c->offs[i] : 0;
            if (!here) miss[nmiss++] = i + 1;
        }
        for (uint64_t pg = (uint64_t)c->npages + 1; pg <= c->claimed && nmiss < (size_t)c->npages + DFT_CAND_MAX_LISTED; pg++)
            miss[nmiss++] = pg;
    }
    char *offs_json = media ? json_u64_array(media, c->npages, true) : NULL;
    char *miss_json = miss ? json_u64_array(miss, nmiss, false) : NULL;
    /* the image is registered as found (missing pages zero); the readers get a patched child of it
     * (sqlite_carve_scan below) in which the holes are unlinked from their table b-trees */
    if (c->missing)
        dft_emit_warning(cs->s, (int64_t)region_off, "sqlite_carve: database carved at media offset %" PRIu64
                         " is incomplete: %u of %u pages missing; its rows on those pages are lost, the rows of "
                         "the b-trees that lost pages are marked partial", cs->media_offset + region_off, c->missing,
                         c->claimed);
    bool registered = false;
    const char *why = NULL;
    dft_chat_json d;
    if (cs->cand_schema && c->npages > 0) {
        dft_chat_json_begin(&d);
        dft_chat_json_int(&d, "media_offset", (int64_t)(cs->media_offset + region_off));
        dft_chat_json_int(&d, "pages_found", c->found);
        dft_chat_json_int(&d, "pages_missing", c->missing);
        dft_chat_json_int(&d, "page_size", c->ps);
        if (miss_json) dft_chat_json_raw(&d, "missing_pages", miss_json);
        dft_derived dv = DFT_INIT(dft_derived);
        dv.name = name;
        dv.transform = "sqlite-carve";
        dv.details = dft_chat_json_end(&d);
        dv.bytes = c->img;
        dv.len = (size_t)c->npages * c->ps;
        dv.origin_offset = (int64_t)region_off;
        registered = dft_emit_derived(cs->s, &dv) == DFT_OK;
        if (!registered) why = dft_error_last();
        dft_chat_json_free(&d);
    } else why = "no schema on page 1";
    dft_chat_json_begin(&d);
    dft_chat_json_str(&d, "name", name);
    dft_chat_json_int(&d, "page_size", c->ps);
    dft_chat_json_int(&d, "pages", c->claimed);
    dft_chat_json_bool(&d, "size_from_header", c->size_known);
    dft_chat_json_bool(&d, "ended_early", c->ended);
    dft_chat_json_int(&d, "pages_found", c->found);
    dft_chat_json_int(&d, "pages_missing", c->missing);
    dft_chat_json_int(&d, "free_leaves", c->free_leaves);
    if (miss_json) dft_chat_json_raw(&d, "missing_pages", miss_json);
    if (offs_json) dft_chat_json_raw(&d, "page_offsets", offs_json);
    dft_chat_json_bool(&d, "schema", cs->cand_schema);
    dft_chat_json_bool(&d, "derived_file", registered);
    if (!registered && why) dft_chat_json_str(&d, "derived_error", why);
    dft_finding f = DFT_INIT(dft_finding);
    f.kind = "sqlite.carved_db";
    f.value = name;
    f.offset = (int64_t)region_off;
    f.length = (int64_t)c->npages * c->ps;
    f.confidence = c->missing == 0 ? 0.9 : 0.6;
    f.details = dft_chat_json_end(&d);
    int rc = dft_emit_finding(cs->s, &f, NULL);
    if (rc < 0 && cs->rc == DFT_OK) cs->rc = rc;
    dft_chat_json_free(&d);
    free(offs_json);
    free(miss_json);
    free(media);
    free(miss);
    dft_cand_free(c);
}

/* Offers the candidate every expected page that starts before region offset `limit` and is whole in
 * the buffer; a complete candidate is emitted. */
static void cand_feed(carve_state *cs, uint64_t limit)
{
    while (cs->cand.active) {
        uint64_t want = dft_cand_want(&cs->cand);
        if (want == UINT64_MAX || want < cs->buf_off) { cand_emit(cs); return; }
        if (want >= limit || want + cs->cand.ps > cs->buf_off + cs->len) return;
        if (!dft_cand_offer(&cs->cand, cs->buf + (want - cs->buf_off))) { cand_emit(cs); return; }
    }
}

static void cand_start(carve_state *cs, const uint8_t *p, uint64_t at)
{
    if (cs->cand.active) { cand_feed(cs, at); cand_emit(cs); }
    if (cs->ncands >= CARVE_MAX_CANDIDATES) {
        if (cs->ncands++ == CARVE_MAX_CANDIDATES)
            dft_emit_warning(cs->s, (int64_t)at, "sqlite_carve: more than %d database headers in this region; "
                             "later ones are carved page by page only", CARVE_MAX_CANDIDATES);
        return;
    }
    if (dft_cand_begin(&cs->cand, p, cs->ps, at)) {
        cs->ncands++;
        cs->cand_schema = cs->found.ntables > 0;
    }
}

/* Carves every whole page in the buffer; keeps the tail that may begin a page. */
static int carve_buffer(carve_state *cs, bool final)
{
    if (cs->scan_abs < cs->buf_off) cs->scan_abs = cs->buf_off;
    size_t o = (size_t)(cs->scan_abs - cs->buf_off);
    while (cs->rc == DFT_OK && o + CARVE_ALIGN <= cs->len) {
        const uint8_t *p = cs->buf + o;
        bool header = memcmp(p, "SQLite format 3", 16) == 0;
        uint32_t need = header ? CARVE_MAX_PAGE : cs->ps;
        if (o + need > cs->len && !final) break;
        if (header) {
            uint32_t ps = (uint32_t)p[16] << 8 | p[17];
            if (ps == 1) ps = 65536;
            if (o + ps <= cs->len && ps >= 512 && !(ps & (ps - 1))) {
                read_header_page(cs, p);
                if (cs->ps == ps) cand_start(cs, p, cs->buf_off + o);
                o += cs->ps;
                continue;
            }
        } else if (o + cs->ps <= cs->len && dft_sqlrec_is_leaf(p, cs->ps, 0)) {
            cs->page_off = cs->buf_off + o;
            int rc = dft_sqlrec_carve_page(p, cs->ps, cs->enc, cs->tables, cs->ntables, "carved", on_record, cs);
            if (rc < 0) cs->rc = rc;
            if (cs->schema_dirty) reload_schema(cs);
            o += cs->ps;
            continue;
        }
        o += CARVE_ALIGN;
    }
    if (final) o = cs->len;
    cand_feed(cs, final ? UINT64_MAX : cs->buf_off + cs->len);
    if (final) cand_emit(cs);
    cs->scan_abs = cs->buf_off + o;
    /* bytes of a candidate page not yet whole stay in the buffer (the scan does not revisit them) */
    size_t keep = o;
    uint64_t want = dft_cand_want(&cs->cand);
    if (want != UINT64_MAX && want >= cs->buf_off && want - cs->buf_off < keep) keep = (size_t)(want - cs->buf_off);
    memmove(cs->buf, cs->buf + keep, cs->len - keep);
    cs->len -= keep;
    cs->buf_off += keep;
    return cs->rc;
}

static int carve_region_begin(dft_scan *s, const dft_region *r, void **state)
{
    carve_state *cs = calloc(1, sizeof *cs);
    if (!cs) return dft_error_set(DFT_ENOMEM, "out of memory");
    cs->s = s;
    cs->media_offset = r->media_offset;
    cs->ps = 4096;
    cs->enc = 1;
    rebuild_tables(cs);
    *state = cs;
    return DFT_OK;
}

static int carve_block(dft_scan *s, void *state, uint64_t offset, const uint8_t *data, size_t len)
{
    (void)offset;
    carve_state *cs = state;
    if (!cs) return DFT_OK;
    cs->s = s;
    if (dft_scan_cancelled(s)) return DFT_OK;
    while (len > 0 && cs->rc == DFT_OK) {
        /* at most 2 x 64 KiB held: enough for a header page of any size and the page after it */
        size_t room = 2 * CARVE_MAX_PAGE - cs->len;
        if (!cs->buf) {
            cs->buf = malloc(2 * CARVE_MAX_PAGE);
            if (!cs->buf) return dft_error_set(DFT_ENOMEM, "out of memory");
        }
        size_t take = len < room ? len : room;
        memcpy(cs->buf + cs->len, data, take);
        cs->len += take;
        data += take;
        len -= take;
        if (cs->len == 2 * CARVE_MAX_PAGE) carve_buffer(cs, false);
        if (cs->len == 2 * CARVE_MAX_PAGE) {   /* nothing consumed (cannot happen): drop a boundary */
            memmove(cs->buf, cs->buf + CARVE_ALIGN, cs->len - CARVE_ALIGN);
            cs->len -= CARVE_ALIGN;
            cs->buf_off += CARVE_ALIGN;
        }
    }
    return cs->rc;
}

static int carve_end(dft_scan *s, void *state)
{
    carve_state *cs = state;
    if (!cs) return DFT_OK;
    cs->s = s;
    int rc = cs->rc == DFT_OK ? carve_buffer(cs, true) : cs->rc;
    dft_cand_free(&cs->cand);
    free(cs->buf);
    free(cs->tables);
    dft_sqlrec_schema_free(&cs->found);
    if (cs->mem) sqlite3_close(cs->mem);
    free(cs);
    return rc;
}

/* Files are not carved (the chat plugin recovers inside live databases); only unallocated space. */
static int carve_file_begin(dft_scan *s, const dft_file *f, void **state)
{
    (void)s;
    (void)f;
    *state = NULL;
    return DFT_OK;
}

/* ---- The patched child of a carved database with holes ------------------------------------- */

/* The tables of the patched image whose b-tree (in the faithful image) reaches a hole, as a JSON array
 * of names; NULL when sqlite_master cannot be read (then every table counts as incomplete). */
static char *incomplete_tables(const char *patched_path, const uint8_t *faithful, uint32_t ps, uint32_t npages,
                               dft_sqlpatch_image *im)
{
    dft_sqlite_opts o = DFT_SQLITE_OPTS_INIT;
    dft_sqlite *h = NULL;
    if (dft_sqlite_open(&h, patched_path, &o) != DFT_OK) return NULL;
    sqlite3_stmt *st = NULL;
    bool ok = false;
    char *out = NULL;
    json_t *arr = json_array();
    if (arr && dft_sqlite_prepare(h, &st, "SELECT name, rootpage FROM sqlite_master WHERE type = 'table' "
                                          "ORDER BY rootpage, name") == DFT_OK) {
        int rc;
        while ((rc = dft_sqlite_step(h, st)) == DFT_SQLITE_ROW) {
            const char *name = (const char *)sqlite3_column_text(st, 0);
            int64_t root = sqlite3_column_int64(st, 1);
            if (!name || root < 1 || root > (int64_t)npages) continue;   /* virtual tables: root 0 */
            if (dft_sqlpatch_tree_incomplete(faithful, ps, npages, (uint32_t)root, dft_sqlpatch_zero_hole, im))
                json_array_append_new(arr, json_string(name));
        }
        ok = rc == DFT_OK;
    }
    sqlite3_finalize(st);
    dft_sqlite_close(h);
    if (ok) out = json_dumps(arr, JSON_COMPACT);
    json_decref(arr);
    return out;
}

/* A database that the region scan reassembled with missing pages (transform sqlite-carve, details
 * pages_missing > 0) is registered as found; here it gets a child (transform sqlite-carve-patch,
 * "carved-MEDIA_OFFSET-patched.sqlite") in which every missing page is unlinked from the table b-tree
 * that names it, so SQLite reads the rest. Its details name the tables whose b-tree lost pages: their
 * rows are partial. The chat parsers read the child, not the faithful image. */
static int carve_scan(dft_scan *s, const dft_file *f, const dft_content *c)
{
    int64_t at = dft_file_carved_at(f, "sqlite-carve");
    const char *deriv = dft_file_derivation(f);
    if (at < 0 || !deriv) return DFT_OK;
    json_t *dj = json_loads(deriv, 0, NULL);
    json_int_t missing = dj ? json_integer_value(json_object_get(dj, "pages_missing")) : 0;
    json_decref(dj);
    if (missing <= 0) return DFT_OK;
    size_t len = 0;
    const uint8_t *bytes = dft_content_bytes(c, &len);
    uint8_t *own = NULL;
    if (!bytes) {   /* larger than the in-memory cap: read the private copy */
        const char *path = dft_content_path(c);
        FILE *fp = path ? fopen(path, "rb") : NULL;
        len = (size_t)f->size;
        own = fp && len ? malloc(len) : NULL;
        if (!own || fread(own, 1, len, fp) != len) {
            if (fp) fclose(fp);
            free(own);
            return dft_error_set(DFT_EIO, "sqlite_carve: cannot read the carved database");
        }
        fclose(fp);
        bytes = own;
    }
    int rc = DFT_OK;
    uint32_t ps = len >= 100 ? ((uint32_t)bytes[16] << 8 | bytes[17]) : 0;
    if (ps == 1) ps = 65536;
    if (ps < 512 || ps > CARVE_MAX_PAGE || (ps & (ps - 1)) || len % ps || len / ps > UINT32_MAX) {
        free(own);
        return dft_error_set(DFT_ECORRUPT, "sqlite_carve: carved database of %zu bytes with page size %u", len, ps);
    }
    uint32_t npages = (uint32_t)(len / ps);
    uint8_t *img = malloc(len);
    uint64_t *holes = calloc(DFT_CAND_MAX_LISTED, sizeof *holes);
    char path[4200];
    snprintf(path, sizeof path, "%s/carved-%" PRId64 "-patched.sqlite", dft_content_workdir(c), at);
    FILE *out = NULL;
    if (!img || !holes) rc = dft_error_set(DFT_ENOMEM, "out of memory");
    /* hole test on the faithful bytes: a missing page is zero-filled there */
    dft_sqlpatch_image im = { .img = bytes, .ps = ps, .npages = npages };
    uint32_t nholes = 0;
    if (!rc) {
        memcpy(img, bytes, len);
        nholes = dft_sqlpatch_unlink(img, ps, npages, dft_sqlpatch_zero_hole, &im, holes, DFT_CAND_MAX_LISTED);
        out = fopen(path, "wb");
        if (!out || fwrite(img, 1, len, out) != len) rc = dft_error_set(DFT_EIO, "cannot write %s", path);
        if (out && fclose(out) != 0 && !rc) rc = dft_error_set(DFT_EIO, "cannot write %s", path);
    }
    free(img);
    char *holes_json = rc ? NULL : json_u64_array(holes, nholes, false);
    free(holes);
    char *tables = rc ? NULL : incomplete_tables(path, bytes, ps, npages, &im);
    if (!rc) {
        char name[64];
        snprintf(name, sizeof name, "carved-%" PRId64 "-patched.sqlite", at);
        char from[64];
        snprintf(from, sizeof from, "carved-%" PRId64 ".sqlite", at);
        dft_chat_json d;
        dft_chat_json_begin(&d);
        dft_chat_json_int(&d, "media_offset", at);
        dft_chat_json_str(&d, "patched_from", from);
        dft_chat_json_int(&d, "pages_missing", missing);
        if (holes_json) dft_chat_json_raw(&d, "unlinked_pages", holes_json);
        /* null: sqlite_master unreadable, every table is incomplete */
        dft_chat_json_raw(&d, "incomplete_tables", tables ? tables : "null");
        dft_derived dv = DFT_INIT(dft_derived);
        dv.name = name;
        dv.transform = "sqlite-carve-patch";
        dv.details = dft_chat_json_end(&d);
        dv.path = path;
        dv.origin_offset = -1;
        rc = dft_emit_derived(s, &dv);
        dft_chat_json_free(&d);
    }
    free(tables);
    free(holes_json);
    free(own);
    return rc;
}

static const dft_claim carve_claims[] = {
    { DFT_CLAIM_UNALLOC, NULL },
    /* the databases it carved (derived files of the region scans): their patched child */
    { DFT_CLAIM_PATH, "/$Unallocated/*#sqlite-carve/carved-*.sqlite" },
    { DFT_CLAIM_PATH, "/$Slack/*#sqlite-carve/carved-*.sqlite" },
    { DFT_CLAIM_END, NULL },
};

const dft_plugin dft_plugin_sqlite_carve = {
    .abi = DFT_PLUGIN_ABI,
    .struct_size = sizeof(dft_plugin),
    .name = "sqlite_carve",
    .version = "1.0.0",
    .description = "SQLite pages in unallocated space: records of chat tables carved (sqlite.carved_record)",
    .claims = carve_claims,
    .access = DFT_ACCESS_STREAM | DFT_ACCESS_WHOLE,
    .scan = carve_scan,
    .stream_begin = carve_file_begin,
    .stream_block = carve_block,
    .stream_end = carve_end,
    .region_begin = carve_region_begin,
};
