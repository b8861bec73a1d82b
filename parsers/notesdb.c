/*
 * notesdb.c - iOS Notes (gzip + protobuf) and Google Keep note texts (rules in notesdb.h).
 */
#include "notesdb.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include <jansson.h>

#include "error.h"

/* Inflates a gzip (or zlib) stream into a malloc'd buffer of at most DFT_NOTES_MAX_TEXT bytes. */
static int gunzip(const uint8_t *in, size_t n, uint8_t **out, size_t *outlen)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 15 + 32) != Z_OK) return dft_error_set(DFT_ENOMEM, "zlib init");   /* 32: gzip or zlib */
    size_t cap = n * 4 + 256, len = 0;
    if (cap > DFT_NOTES_MAX_TEXT) cap = DFT_NOTES_MAX_TEXT;
    uint8_t *buf = malloc(cap);
    if (!buf) {
        inflateEnd(&z);
        return dft_error_set(DFT_ENOMEM, "out of memory");
    }
    z.next_in = (Bytef *)in;
    z.avail_in = n > UINT32_MAX ? UINT32_MAX : (uInt)n;
    int zr = Z_OK, rc = DFT_OK;
    while (zr != Z_STREAM_END) {
        if (len == cap) {
            if (cap >= DFT_NOTES_MAX_TEXT) {
                rc = dft_error_set(DFT_ELIMIT, "note inflates past %zu bytes", DFT_NOTES_MAX_TEXT);
                break;
            }
            size_t nc = cap * 2 > DFT_NOTES_MAX_TEXT ? DFT_NOTES_MAX_TEXT : cap * 2;
            uint8_t *p = realloc(buf, nc);
            if (!p) {
                rc = dft_error_set(DFT_ENOMEM, "out of memory");
                break;
            }
            buf = p;
            cap = nc;
        }
        z.next_out = buf + len;
        z.avail_out = (uInt)(cap - len);
        zr = inflate(&z, Z_NO_FLUSH);
        len = cap - z.avail_out;
        if (zr == Z_STREAM_END) break;
        if (zr != Z_OK) {   /* Z_BUF_ERROR with input left = truncated; data errors */
            rc = dft_error_set(DFT_ECORRUPT, "note data is not a valid gzip stream (%s)", z.msg ? z.msg : "truncated");
            break;
        }
    }
    inflateEnd(&z);
    if (rc) {
        free(buf);
        return rc;
    }
    *out = buf;
    *outlen = len;
    return DFT_OK;
}

static int varint(const uint8_t *p, size_t n, size_t *pos, uint64_t *v)
{
    uint64_t r = 0;
    for (int shift = 0; shift < 64 && *pos < n; shift += 7) {
        uint8_t b = p[(*pos)++];
        r |= (uint64_t)(b & 0x7F) << shift;
        if (!(b & 0x80)) {
            *v = r;
            return 1;
        }
    }
    return 0;
}

/* The first length-delimited field `want` of message m[0..n): its bytes in *f, *fl. 1 found, 0 not,
 * -1 malformed. */
static int field(const uint8_t *m, size_t n, uint32_t want, const uint8_t **f, size_t *fl)
{
    size_t pos = 0;
    while (pos < n) {
        uint64_t key, v;
        if (!varint(m, n, &pos, &key)) return -1;
        uint32_t num = (uint32_t)(key >> 3), wt = (uint32_t)(key & 7);
        if (num == 0) return -1;
        switch (wt) {
        case 0:
            if (!varint(m, n, &pos, &v)) return -1;
            break;
        case 1:
            if (n - pos < 8) return -1;
            pos += 8;
            break;
        case 5:
            if (n - pos < 4) return -1;
            pos += 4;
            break;
        case 2:
            if (!varint(m, n, &pos, &v) || v > n - pos) return -1;
            if (num == want) {
                *f = m + pos;
                *fl = (size_t)v;
                return 1;
            }
            pos += (size_t)v;
            break;
        default:   /* groups (3/4) are not used by Notes */
            return -1;
        }
    }
    return 0;
}

int dft_notestore_text(const void *blob, size_t len, char **out, size_t *outlen)
{
    uint8_t *pb = NULL;
    size_t pl = 0;
    int rc = gunzip(blob, len, &pb, &pl);
    if (rc) return rc;
    /* NoteStoreProto.document (2) -> Document.note (3) -> Note.note_text (2) */
    static const uint32_t path[3] = {2, 3, 2};
    const uint8_t *m = pb;
    size_t ml = pl;
    for (int i = 0; i < 3; i++) {
        const uint8_t *f;
        size_t fl;
        int r = field(m, ml, path[i], &f, &fl);
        if (r <= 0) {
            free(pb);
            return r < 0 ? DFT_CORRUPT("note protobuf malformed at level %d", i + 1)
                         : dft_error_set(DFT_ENOTFOUND, "note protobuf without text");
        }
        m = f;
        ml = fl;
    }
    char *t = malloc(ml + 1);
    if (!t) {
        free(pb);
        return dft_error_set(DFT_ENOMEM, "out of memory");
    }
    memcpy(t, m, ml);
    t[ml] = '\0';
    free(pb);
    *out = t;
    *outlen = ml;
    return DFT_OK;
}

static void warnf(dft_note_warn_fn warn, void *ctx, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void warnf(dft_note_warn_fn warn, void *ctx, const char *fmt, ...)
{
    if (!warn) return;
    char msg[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    warn(ctx, msg);
}

int dft_notes_ios(dft_sqlite *h, dft_note_fn fn, dft_note_warn_fn warn, void *ctx)
{
    int rc = dft_sqlite_require_table(h, "ZICNOTEDATA");
    if (rc) return rc;
    if (!dft_sqlite_has_column(h, "ZICNOTEDATA", "ZDATA") || !dft_sqlite_has_column(h, "ZICNOTEDATA", "Z_PK"))
        return dft_error_set(DFT_ENOTFOUND, "ZICNOTEDATA without Z_PK/ZDATA");
    /* a password-locked note's ZDATA is encrypted (AES-GCM; IV and tag beside it): counted, not decoded */
    int has_iv = dft_sqlite_has_column(h, "ZICNOTEDATA", "ZCRYPTOINITIALIZATIONVECTOR");
    sqlite3_stmt *st = NULL;
    rc = dft_sqlite_prepare(h, &st, has_iv ? "SELECT Z_PK, ZDATA, ZCRYPTOINITIALIZATIONVECTOR IS NOT NULL FROM ZICNOTEDATA ORDER BY Z_PK"
                                           : "SELECT Z_PK, ZDATA, 0 FROM ZICNOTEDATA ORDER BY Z_PK");
    if (rc) return rc;
    int step, bad = 0, locked = 0;
    int64_t first_bad = 0;
    char first_msg[200] = "";
    while ((step = dft_sqlite_step(h, st)) == DFT_SQLITE_ROW) {
        int64_t pk = sqlite3_column_int64(st, 0);
        const void *b = sqlite3_column_blob(st, 1);
        int bl = sqlite3_column_bytes(st, 1);
        if (!b || bl <= 0) continue;   /* a note without body */
        if (sqlite3_column_int(st, 2)) {
            locked++;
            continue;
        }
        char *text = NULL;
        size_t tl = 0;
        int r = dft_notestore_text(b, (size_t)bl, &text, &tl);
        if (r == DFT_ENOMEM) {
            rc = r;
            break;
        }
        if (r) {
            if (!bad++) {
                first_bad = pk;
                snprintf(first_msg, sizeof first_msg, "%s", dft_error_last());
            }
            dft_error_clear();
            continue;
        }
        if (tl) rc = fn(ctx, "ZICNOTEDATA", pk, text, tl);
        free(text);
        if (rc) break;
    }
    sqlite3_finalize(st);
    if (locked) warnf(warn, ctx, "NoteStore: %d password-locked note(s) not read", locked);
    if (bad) warnf(warn, ctx, "NoteStore: %d note(s) not decoded (first ZICNOTEDATA:%lld: %s)", bad, (long long)first_bad, first_msg);
    if (!rc && step < 0) rc = step;
    return rc;
}

/* Rows of one table/column with an _id, in _id order. */
static int keep_column(dft_sqlite *h, const char *table, const char *col, dft_note_fn fn, void *ctx)
{
    if (dft_sqlite_table_kind(h, table) != DFT_SQLITE_TABLE || !dft_sqlite_has_column(h, table, "_id") ||
        !dft_sqlite_has_column(h, table, col))
        return DFT_OK;
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT _id, %s FROM %s ORDER BY _id", col, table);
    sqlite3_stmt *st = NULL;
    int rc = dft_sqlite_prepare(h, &st, sql);
    if (rc) return rc;
    int step;
    while ((step = dft_sqlite_step(h, st)) == DFT_SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 1);
        int n = sqlite3_column_bytes(st, 1);
        if (!t || n <= 0) continue;
        rc = fn(ctx, table, sqlite3_column_int64(st, 0), t, strnlen(t, (size_t)n));
        if (rc) break;
    }
    sqlite3_finalize(st);
    return rc ? rc : step < 0 ? step : DFT_OK;
}

int dft_notes_keep(dft_sqlite *h, dft_note_fn fn, dft_note_warn_fn warn, void *ctx)
{
    if (dft_sqlite_table_kind(h, "tree_entity") != DFT_SQLITE_TABLE && dft_sqlite_table_kind(h, "list_item") != DFT_SQLITE_TABLE) {
        warnf(warn, ctx, "keep.db without tree_entity/list_item tables: nothing read");
        return DFT_OK;
    }
    int rc = keep_column(h, "tree_entity", "title", fn, ctx);
    if (!rc) rc = keep_column(h, "list_item", "text", fn, ctx);
    return rc;
}

/* ---- Google Takeout Keep JSON ------------------------------------------------------------------ */

static int put_text(char **buf, size_t *n, size_t *cap, const char *t)
{
    size_t k = strlen(t);
    if (!k) return DFT_OK;
    if (*n + k + 2 > DFT_NOTES_MAX_TEXT) return dft_error_set(DFT_ELIMIT, "Keep note over %zu bytes", DFT_NOTES_MAX_TEXT);
    if (*n + k + 2 > *cap) {
        size_t c = *cap ? *cap : 256;
        while (c < *n + k + 2) c *= 2;
        char *p = realloc(*buf, c);
        if (!p) return dft_error_set(DFT_ENOMEM, "out of memory");
        *buf = p;
        *cap = c;
    }
    if (*n) (*buf)[(*n)++] = '\n';
    memcpy(*buf + *n, t, k);
    *n += k;
    (*buf)[*n] = '\0';
    return DFT_OK;
}

int dft_notes_keep_json(const char *json, size_t len, char **out, size_t *outlen, int *trashed)
{
    *out = NULL;
    *outlen = 0;
    if (trashed) *trashed = 0;
    if (len > DFT_NOTES_MAX_TEXT * 4) return dft_error_set(DFT_ELIMIT, "Keep JSON of %zu bytes", len);
    json_error_t err;
    /* a NUL inside a string is refused (JSON_ALLOW_NUL not set); depth is bounded by jansson */
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &err);
    if (!root) return dft_error_set(DFT_ECORRUPT, "Keep JSON: %s (line %d)", err.text, err.line);
    json_t *title = json_object_get(root, "title"), *text = json_object_get(root, "textContent");
    json_t *list = json_object_get(root, "listContent");
    bool keep = json_is_object(root) && (json_is_string(text) || json_is_array(list)) &&
                (json_object_get(root, "userEditedTimestampUsec") || json_object_get(root, "createdTimestampUsec"));
    if (!keep) {
        json_decref(root);
        return dft_error_set(DFT_ENOTFOUND, "not a Keep note");
    }
    if (trashed) *trashed = json_is_true(json_object_get(root, "isTrashed"));
    char *buf = NULL;
    size_t n = 0, cap = 0;
    int rc = DFT_OK;
    if (json_is_string(title)) rc = put_text(&buf, &n, &cap, json_string_value(title));
    if (!rc && json_is_string(text)) rc = put_text(&buf, &n, &cap, json_string_value(text));
    size_t i;
    json_t *item;
    if (json_is_array(list))
        json_array_foreach(list, i, item) {
            json_t *t = json_object_get(item, "text");
            if (!rc && json_is_string(t)) rc = put_text(&buf, &n, &cap, json_string_value(t));
        }
    json_decref(root);
    if (rc) {
        free(buf);
        return rc;
    }
    if (!buf && !(buf = calloc(1, 1))) return dft_error_set(DFT_ENOMEM, "out of memory");
    *out = buf;
    *outlen = n;
    return DFT_OK;
}
