/*
 * moz_clone.c - SpiderMonkey structured clones (Firefox IndexedDB values) into JSON; format in
 * moz_clone.h.
 */
#include "moz_clone.h"

#include <snappy-c.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "util/buf.h"

enum {
    TAG_FLOAT_MAX = 0xFFF00000u,
    TAG_HEADER = 0xFFF10000u,
    TAG_NULL = 0xFFFF0000u,
    TAG_UNDEFINED,
    TAG_BOOLEAN,
    TAG_INT32,
    TAG_STRING,
    TAG_DATE,
    TAG_REGEXP,
    TAG_ARRAY,
    TAG_OBJECT,
    TAG_ARRAY_BUFFER_V2,
    TAG_BOOLEAN_OBJECT,
    TAG_STRING_OBJECT,
    TAG_NUMBER_OBJECT,
    TAG_BACK_REFERENCE,
    TAG_END_OF_KEYS = 0xFFFF0013u,
};

typedef struct reader {
    dft_buf b;
} reader;

static int pair(reader *r, uint32_t *tag, uint32_t *data)
{
    uint64_t v;
    *tag = *data = 0;
    if (dft_buf_u64le(&r->b, &v)) return DFT_CORRUPT("clone: truncated at byte %zu", r->b.pos);
    *tag = (uint32_t)(v >> 32);
    *data = (uint32_t)v;
    return DFT_OK;
}

static int peek_tag(reader *r, uint32_t *tag)
{
    size_t save = r->b.pos;
    uint32_t data;
    int rc = pair(r, tag, &data);
    r->b.pos = save;
    return rc;
}

static double as_double(uint32_t tag, uint32_t data)
{
    uint64_t v = ((uint64_t)tag << 32) | data;
    double d;
    memcpy(&d, &v, sizeof d);
    return d;
}

static json_t *number(double d)
{
    if (d != d) return json_null(); /* NaN: JSON has none */
    if (d >= -9007199254740992.0 && d <= 9007199254740992.0 && d == (double)(long long)d)
        return json_integer((json_int_t)(long long)d);
    return json_real(d);
}

/* Appends code point cp as UTF-8. */
static size_t put_utf8(char *o, uint32_t cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static int read_string(reader *r, uint32_t data, json_t **out)
{
    size_t n = data & 0x7FFFFFFFu;
    bool latin1 = data & 0x80000000u;
    size_t bytes = latin1 ? n : n * 2;
    const uint8_t *p;
    if (bytes > dft_buf_left(&r->b) || dft_buf_bytes(&r->b, bytes, &p))
        return DFT_CORRUPT("clone: string of %zu characters past the end", n);
    size_t pad = (8 - bytes % 8) % 8;
    if (pad && dft_buf_skip(&r->b, pad)) return DFT_CORRUPT("clone: string padding past the end");
    char *s = malloc(n * 3 + 1); /* a Latin-1 byte or a UTF-16 unit is at most 3 UTF-8 bytes */
    if (!s) return dft_error_set(DFT_ENOMEM, "clone: out of memory");
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (latin1) {
            o += put_utf8(s + o, p[i]);
            continue;
        }
        uint32_t u = (uint32_t)p[2 * i] | ((uint32_t)p[2 * i + 1] << 8);
        if (u >= 0xD800 && u <= 0xDBFF && i + 1 < n) {
            uint32_t lo = (uint32_t)p[2 * i + 2] | ((uint32_t)p[2 * i + 3] << 8);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                o += put_utf8(s + o, 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
                i++;
                continue;
            }
        }
        if (u >= 0xD800 && u <= 0xDFFF) u = 0xFFFD;
        o += put_utf8(s + o, u);
    }
    *out = json_stringn(s, o);
    free(s);
    return *out ? DFT_OK : dft_error_set(DFT_ENOMEM, "clone: out of memory");
}

static int read_value(reader *r, int depth, json_t **out);

/* key/value pairs up to END_OF_KEYS into an object (array: keys are the indexes) */
static int read_members(reader *r, int depth, json_t *container, bool is_array)
{
    for (;;) {
        uint32_t tag;
        int rc = peek_tag(r, &tag);
        if (rc) return rc;
        if (tag == TAG_END_OF_KEYS) {
            uint32_t t, d;
            return pair(r, &t, &d);
        }
        uint32_t ktag, kdata;
        if ((rc = pair(r, &ktag, &kdata))) return rc;
        json_t *key = NULL;
        char num[16];
        if (ktag == TAG_STRING) {
            if ((rc = read_string(r, kdata, &key))) return rc;
        } else if (ktag == TAG_INT32) {
            snprintf(num, sizeof num, "%d", (int32_t)kdata);
        } else {
            return DFT_CORRUPT("clone: property key with tag 0x%08x", ktag);
        }
        json_t *val = NULL;
        rc = read_value(r, depth + 1, &val);
        if (rc) {
            json_decref(key);
            return rc;
        }
        if (is_array) {
            /* arrays are written index by index; holes stay absent: appended in written order */
            json_array_append_new(container, val);
        } else {
            json_object_set_new(container, key ? json_string_value(key) : num, val);
        }
        json_decref(key);
    }
}

static int read_value(reader *r, int depth, json_t **out)
{
    *out = NULL;
    if (depth > DFT_MOZ_CLONE_MAX_DEPTH) return DFT_CORRUPT("clone: nested deeper than %d", DFT_MOZ_CLONE_MAX_DEPTH);
    uint32_t tag, data;
    int rc = pair(r, &tag, &data);
    if (rc) return rc;
    if (tag <= TAG_FLOAT_MAX) {
        *out = number(as_double(tag, data));
        return DFT_OK;
    }
    switch (tag) {
    case TAG_NULL:
    case TAG_UNDEFINED:
    case TAG_BACK_REFERENCE: /* the same object again: not repeated (invariant 2) */
        *out = json_null();
        return DFT_OK;
    case TAG_BOOLEAN:
    case TAG_BOOLEAN_OBJECT:
        *out = json_boolean(data != 0);
        return DFT_OK;
    case TAG_INT32:
        *out = json_integer((int32_t)data);
        return DFT_OK;
    case TAG_STRING:
        return read_string(r, data, out);
    case TAG_STRING_OBJECT: {
        uint32_t t2, d2;
        if ((rc = pair(r, &t2, &d2))) return rc;
        if (t2 != TAG_STRING) return DFT_CORRUPT("clone: String object without a string");
        return read_string(r, d2, out);
    }
    case TAG_DATE:
    case TAG_NUMBER_OBJECT: {
        uint32_t t2, d2;
        if ((rc = pair(r, &t2, &d2))) return rc;
        *out = number(as_double(t2, d2));
        return DFT_OK;
    }
    case TAG_OBJECT:
    case TAG_ARRAY: {
        json_t *c = tag == TAG_ARRAY ? json_array() : json_object();
        if (!c) return dft_error_set(DFT_ENOMEM, "clone: out of memory");
        rc = read_members(r, depth, c, tag == TAG_ARRAY);
        if (rc) {
            json_decref(c);
            return rc;
        }
        *out = c;
        return DFT_OK;
    }
    default:
        return dft_error_set(DFT_EUNSUPPORTED, "clone: value type 0x%08x not decoded", tag);
    }
}

int dft_moz_clone_decode(json_t **out, const uint8_t *data, size_t len)
{
    *out = NULL;
    reader r = { dft_buf_make(data, len) };
    uint32_t tag, d;
    int rc = pair(&r, &tag, &d);
    if (rc) return rc;
    if (tag != TAG_HEADER) return DFT_CORRUPT("clone: no header (tag 0x%08x)", tag);
    return read_value(&r, 0, out);
}

int dft_moz_idb_value(json_t **out, const uint8_t *blob, size_t len)
{
    *out = NULL;
    size_t ulen;
    if (snappy_uncompressed_length((const char *)blob, len, &ulen) != SNAPPY_OK || ulen > DFT_MOZ_CLONE_MAX_BYTES)
        return DFT_CORRUPT("IndexedDB value: not Snappy");
    char *buf = malloc(ulen ? ulen : 1);
    if (!buf) return dft_error_set(DFT_ENOMEM, "clone: out of memory");
    if (snappy_uncompress((const char *)blob, len, buf, &ulen) != SNAPPY_OK) {
        free(buf);
        return DFT_CORRUPT("IndexedDB value: damaged Snappy data");
    }
    int rc = dft_moz_clone_decode(out, (const uint8_t *)buf, ulen);
    free(buf);
    return rc;
}

int dft_moz_idb_key(char *out, size_t outsz, const uint8_t *key, size_t len)
{
    if (outsz == 0) return dft_error_set(DFT_ERROR, "idb key: no room");
    out[0] = '\0';
    if (len < 1 || key[0] != 0x30) return dft_error_set(DFT_EUNSUPPORTED, "idb key: not a string key");
    size_t o = 0;
    for (size_t i = 1; i < len && key[i] != 0; i++) {
        if (key[i] >= 0x80 || key[i] < 2) return dft_error_set(DFT_EUNSUPPORTED, "idb key: non-ASCII string key");
        if (o + 1 >= outsz) return dft_error_set(DFT_ELIMIT, "idb key: longer than %zu bytes", outsz - 1);
        out[o++] = (char)(key[i] - 1);
    }
    out[o] = '\0';
    return DFT_OK;
}
