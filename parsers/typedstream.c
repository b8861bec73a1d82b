/*
 * typedstream.c - the bounded typedstream reader of typedstream.h: header, integers, shared strings,
 * classes and the first NSString of an archived NSAttributedString. Every byte is read through
 * dft_buf (core/util/buf.h); tables are fixed arrays; the superclass chain is depth-bounded.
 */
#include "typedstream.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "buf.h"
#include "error.h"

#define TAG_INT16 0x81
#define TAG_INT32 0x82
#define TAG_NEW 0x84
#define TAG_NIL 0x85
#define TAG_END 0x86
#define TAG_REF_BASE 0x92
#define MAX_CLASS_DEPTH 16

typedef struct ts_str {
    const uint8_t *p;
    size_t n;
} ts_str;

typedef struct ts {
    dft_buf b;
    ts_str strings[DFT_TYPEDSTREAM_MAX_REFS];   /* shared strings in order of appearance */
    size_t nstrings;
    int objects[DFT_TYPEDSTREAM_MAX_REFS];      /* object table: class name's string index, -1 for objects */
    size_t nobjects;
} ts;

static int bad(const ts *t, const char *what)
{
    return dft_error_set(DFT_ECORRUPT, "typedstream: %s at byte %zu", what, t->b.pos);
}

/* An integer whose first byte is already read (b0). Lengths use the unsigned reading of the
 * 16/32-bit forms; a plain byte is signed (0x00..0x7f are the non-negative one-byte values). */
static int ts_int_after(ts *t, uint8_t b0, int64_t *out, bool as_unsigned)
{
    if (b0 == TAG_INT16) {
        uint16_t v;
        if (dft_buf_u16le(&t->b, &v)) return bad(t, "truncated 16-bit integer");
        *out = as_unsigned ? (int64_t)v : (int64_t)(int16_t)v;
        return DFT_OK;
    }
    if (b0 == TAG_INT32) {
        uint32_t v;
        if (dft_buf_u32le(&t->b, &v)) return bad(t, "truncated 32-bit integer");
        *out = as_unsigned ? (int64_t)v : (int64_t)(int32_t)v;
        return DFT_OK;
    }
    if (b0 >= 0x80 && b0 < TAG_REF_BASE) return bad(t, "tag where an integer was expected");
    *out = (int64_t)(int8_t)b0;
    return DFT_OK;
}

static int ts_int(ts *t, int64_t *out, bool as_unsigned)
{
    uint8_t b0;
    if (dft_buf_u8(&t->b, &b0)) return bad(t, "truncated integer");
    return ts_int_after(t, b0, out, as_unsigned);
}

/* A reference's index from its first byte (>= 0x92, or 0x81/0x82 followed by value + 0x92). */
static int ts_ref(ts *t, uint8_t b0, size_t limit, size_t *idx)
{
    int64_t v;
    if (b0 >= TAG_REF_BASE) {
        v = (int64_t)b0 - TAG_REF_BASE;
    } else if (b0 == TAG_INT16 || b0 == TAG_INT32) {
        int rc = ts_int_after(t, b0, &v, true);
        if (rc) return rc;
        v -= TAG_REF_BASE;
    } else {
        return bad(t, "unexpected tag");
    }
    if (v < 0 || (uint64_t)v >= limit) return bad(t, "reference to an unknown item");
    *idx = (size_t)v;
    return DFT_OK;
}

/* A shared string (type encoding or class name): new (0x84 + count + bytes) or a reference.
 * *out_idx: its index in the string table. nil is refused: we never need one. */
static int ts_shared_string(ts *t, size_t *out_idx)
{
    uint8_t b0;
    if (dft_buf_u8(&t->b, &b0)) return bad(t, "truncated shared string");
    if (b0 == TAG_NEW) {
        int64_t n;
        int rc = ts_int(t, &n, true);
        if (rc) return rc;
        const uint8_t *p;
        if (n < 0 || dft_buf_bytes(&t->b, (size_t)n, &p)) return bad(t, "shared string overruns the input");
        if (t->nstrings == DFT_TYPEDSTREAM_MAX_REFS) return bad(t, "too many shared strings");
        t->strings[t->nstrings] = (ts_str){ p, (size_t)n };
        *out_idx = t->nstrings++;
        return DFT_OK;
    }
    if (b0 == TAG_NIL || b0 == TAG_END) return bad(t, "nil where a string was expected");
    return ts_ref(t, b0, t->nstrings, out_idx);
}

static bool str_is(const ts *t, size_t idx, const char *want)
{
    size_t n = strlen(want);
    return t->strings[idx].n == n && memcmp(t->strings[idx].p, want, n) == 0;
}

static int ts_add_object(ts *t, int class_name)
{
    if (t->nobjects == DFT_TYPEDSTREAM_MAX_REFS) return bad(t, "too many objects");
    t->objects[t->nobjects++] = class_name;
    return DFT_OK;
}

/* A class: new (0x84, name, version, superclass chain) or a reference to a class already seen.
 * *name_idx: the class's name (string index); nil (end of a chain) gives -1. */
static int ts_class(ts *t, int depth, int *name_idx)
{
    if (depth > MAX_CLASS_DEPTH) return bad(t, "superclass chain too deep");
    uint8_t b0;
    if (dft_buf_u8(&t->b, &b0)) return bad(t, "truncated class");
    if (b0 == TAG_NIL) {
        *name_idx = -1;
        return DFT_OK;
    }
    if (b0 == TAG_NEW) {
        size_t name;
        int64_t version;
        int rc = ts_shared_string(t, &name);
        if (!rc) rc = ts_int(t, &version, false);
        if (!rc) rc = ts_add_object(t, (int)name);
        if (rc) return rc;
        int super;
        rc = ts_class(t, depth + 1, &super);
        if (rc) return rc;
        *name_idx = (int)name;
        return DFT_OK;
    }
    size_t idx;
    int rc = ts_ref(t, b0, t->nobjects, &idx);
    if (rc) return rc;
    if (t->objects[idx] < 0) return bad(t, "class reference names an object");
    *name_idx = t->objects[idx];
    return DFT_OK;
}

/* The start of a new object (0x84) and its class; *name_idx is the class name. */
static int ts_object_start(ts *t, int *name_idx)
{
    uint8_t b0;
    if (dft_buf_u8(&t->b, &b0)) return bad(t, "truncated object");
    if (b0 != TAG_NEW) return bad(t, "expected a new object");
    int rc = ts_add_object(t, -1);
    if (!rc) rc = ts_class(t, 0, name_idx);
    if (!rc && *name_idx < 0) rc = bad(t, "object without a class");
    return rc;
}

static int expect_type(ts *t, const char *want)
{
    size_t idx;
    int rc = ts_shared_string(t, &idx);
    if (rc) return rc;
    if (!str_is(t, idx, want)) return bad(t, "unexpected type encoding");
    return DFT_OK;
}

int dft_typedstream_text(const uint8_t *buf, size_t len, char **text, size_t *text_len)
{
    *text = NULL;
    *text_len = 0;
    ts *t = calloc(1, sizeof *t);
    if (!t) return dft_error_set(DFT_ENOMEM, "out of memory");
    t->b = dft_buf_make(buf, len);
    int rc = DFT_OK;
    const uint8_t *p;
    uint8_t version, siglen;
    int64_t sysver;
    if (dft_buf_u8(&t->b, &version) || dft_buf_u8(&t->b, &siglen) || siglen != 11 ||
        dft_buf_bytes(&t->b, 11, &p) || memcmp(p, "streamtyped", 11) != 0) {
        rc = dft_error_set(DFT_ECORRUPT, "typedstream: no \"streamtyped\" header");
        goto out;
    }
    if (version != 4) {
        rc = dft_error_set(DFT_ECORRUPT, "typedstream: unsupported streamer version %u", version);
        goto out;
    }
    if ((rc = ts_int(t, &sysver, false))) goto out;

    int cls;
    if ((rc = expect_type(t, "@")) || (rc = ts_object_start(t, &cls))) goto out;
    if (str_is(t, (size_t)cls, "NSAttributedString") || str_is(t, (size_t)cls, "NSMutableAttributedString") ||
        str_is(t, (size_t)cls, "NSConcreteAttributedString") ||
        str_is(t, (size_t)cls, "NSConcreteMutableAttributedString")) {
        /* the attributed string's first content: its NSString */
        if ((rc = expect_type(t, "@")) || (rc = ts_object_start(t, &cls))) goto out;
    }
    if (!str_is(t, (size_t)cls, "NSString") && !str_is(t, (size_t)cls, "NSMutableString")) {
        rc = bad(t, "no NSString where the text belongs");
        goto out;
    }
    int64_t n;
    if ((rc = expect_type(t, "+")) || (rc = ts_int(t, &n, true))) goto out;
    if (n < 0 || dft_buf_bytes(&t->b, (size_t)n, &p)) {
        rc = bad(t, "text length overruns the input");
        goto out;
    }
    for (size_t i = 0; i < (size_t)n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)((size_t)n - i), &cp);
        if (k <= 0 || cp == 0) {
            rc = dft_error_set(DFT_ECORRUPT, "typedstream: text is not valid UTF-8 (byte %zu of %lld)", i,
                               (long long)n);
            goto out;
        }
        i += (size_t)k;
    }
    *text = malloc((size_t)n + 1);
    if (!*text) {
        rc = dft_error_set(DFT_ENOMEM, "out of memory");
        goto out;
    }
    memcpy(*text, p, (size_t)n);
    (*text)[n] = '\0';
    *text_len = (size_t)n;
out:
    free(t);
    return rc;
}
