/*
 * lexicon.c - loading, compiling and matching the TSV lexicons of lexicon.h.
 */
#include "lexicon.h"

#include <errno.h>
#include <hs.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "error.h"
#include "parsers/textenc.h"

#define MAX_TERM 200u
#define MAX_FILE ((size_t)16 << 20)

struct dft_lexicon {
    char *name, *version;
    dft_lexicon_entry *e;
    bool *lb, *rb;          /* boundary needed before / after entry i (invariant 2) */
    size_t n;
    char *strings;          /* one block holding every category/lang/term (NUL-separated) */
    hs_database_t *db;
};

struct dft_lexicon_scratch {
    hs_scratch_t *hs;
};

/* A Latin-script letter, digit or combining mark: the characters a Latin word continues with. */
static bool latin_word_cp(utf8proc_int32_t c)
{
    if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    return (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x300 && c <= 0x36F) ||
           (c >= 0x1E00 && c <= 0x1EFF);
}

static utf8proc_int32_t first_cp(const char *s, size_t n)
{
    utf8proc_int32_t c = -1;
    if (n) utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &c);
    return c;
}

static utf8proc_int32_t last_cp(const char *s, size_t n)
{
    if (!n) return -1;
    size_t i = n - 1, k = 0;
    while (i > 0 && k < 3 && ((uint8_t)s[i] & 0xC0) == 0x80) { i--; k++; }
    return first_cp(s + i, n - i);
}

/* The term as written equals its NFC form (scanned text with combining marks is composed first). */
static bool is_nfc(const char *t)
{
    utf8proc_uint8_t *n = utf8proc_NFC((const utf8proc_uint8_t *)t);
    bool same = n && strcmp((const char *)n, t) == 0;
    free(n);
    return same;
}

static bool lang_ok(const char *l)
{
    static const char *const langs[] = { "zh", "zh-Hans", "zh-Hant", "en", "th", "vi", "id", "km", "my" };
    for (size_t i = 0; i < sizeof langs / sizeof *langs; i++)
        if (strcmp(l, langs[i]) == 0) return true;
    return false;
}

static bool category_ok(const char *c)
{
    if (!*c) return false;
    for (; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_' || *c == '.')) return false;
    return true;
}

/* The UTF-8 bytes of every case variant of c that has c's own encoded length (closure of
 * lower/upper/title case: µ -> Μ -> μ), as alternatives written \xNN, appended at *o; returns the
 * count written. A variant of another length is left out: a match's span is the term's length
 * (on_match), so such a match could never be reported with a correct span anyway. */
static int case_variants(utf8proc_int32_t c, char **o)
{
    utf8proc_int32_t v[8] = { c };
    int nv = 1;
    utf8proc_uint8_t want[4];
    utf8proc_ssize_t wl = utf8proc_encode_char(c, want);
    for (int i = 0; i < nv; i++) {
        utf8proc_int32_t cand[3] = { utf8proc_tolower(v[i]), utf8proc_toupper(v[i]), utf8proc_totitle(v[i]) };
        for (int k = 0; k < 3; k++) {
            utf8proc_uint8_t b[4];
            if (utf8proc_encode_char(cand[k], b) != wl) continue;
            bool seen = false;
            for (int j = 0; j < nv; j++) seen = seen || v[j] == cand[k];
            if (!seen && nv < (int)(sizeof v / sizeof *v)) v[nv++] = cand[k];
        }
    }
    if (nv > 1) *o += sprintf(*o, "(?:");
    for (int i = 0; i < nv; i++) {
        utf8proc_uint8_t b[4];
        utf8proc_ssize_t bl = utf8proc_encode_char(v[i], b);
        if (i) *(*o)++ = '|';
        for (utf8proc_ssize_t k = 0; k < bl; k++) *o += sprintf(*o, "\\x%02x", b[k]);
    }
    if (nv > 1) *(*o)++ = ')';
    return nv;
}

/* The term as a byte-mode vectorscan expression. ASCII letters and digits stay themselves (the
 * expression is compiled HS_FLAG_CASELESS when the term has an ASCII letter: ASCII-only folding in
 * byte mode); other ASCII becomes \xNN; a non-ASCII character becomes its UTF-8 bytes, or the
 * alternation of its same-length case variants. Why not HS_FLAG_UTF8 | HS_FLAG_CASELESS: vectorscan
 * then folds with all of Unicode (k also matches U+212A KELVIN SIGN, s U+017F) and compiling the
 * scam and tip lexicons took 2.0 s of CPU at every run, against 0.03 s this way, with the same
 * matches on valid UTF-8 (a lead byte cannot match inside another character). *caseless is set when
 * the term has an ASCII letter. */
static char *expression(const char *term, bool *caseless)
{
    size_t n = strlen(term);
    /* worst case per input byte: 8 alternatives of "\xNN" x 4 bytes per 1..4-byte character, plus "(?:|)" */
    char *out = malloc(n * 8 * 16 + 8), *o = out;
    if (!out) return NULL;
    *caseless = false;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)term;
    while (*p) {
        if (*p < 0x80) {
            bool letter = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z');
            if (letter || (*p >= '0' && *p <= '9')) *o++ = (char)*p;
            else o += sprintf(o, "\\x%02x", *p);
            *caseless = *caseless || letter;
            p++;
            continue;
        }
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(p, -1, &c);
        if (k <= 0) { free(out); return NULL; }   /* not reached: terms are validated UTF-8 */
        case_variants(c, &o);
        p += k;
    }
    *o = '\0';
    return out;
}

static int compile(dft_lexicon *lx)
{
    if (lx->n == 0) return DFT_OK;   /* an empty lexicon matches nothing */
    char **ex = calloc(lx->n, sizeof *ex);
    unsigned *flags = calloc(lx->n, sizeof *flags), *ids = calloc(lx->n, sizeof *ids);
    int rc = DFT_OK;
    if (!ex || !flags || !ids) rc = dft_error_set(DFT_ENOMEM, "lexicon: out of memory");
    for (size_t i = 0; rc == DFT_OK && i < lx->n; i++) {
        bool caseless = false;
        ex[i] = expression(lx->e[i].term, &caseless);
        if (!ex[i]) { rc = dft_error_set(DFT_ENOMEM, "lexicon: out of memory"); break; }
        flags[i] = caseless ? HS_FLAG_CASELESS : 0;
        ids[i] = (unsigned)i;
    }
    if (rc == DFT_OK) {
        hs_compile_error_t *err = NULL;
        if (hs_compile_multi((const char *const *)ex, flags, ids, (unsigned)lx->n, HS_MODE_BLOCK, NULL, &lx->db,
                             &err) != HS_SUCCESS) {
            size_t at = err && err->expression >= 0 ? (size_t)err->expression : 0;
            rc = dft_error_set(DFT_ECORRUPT, "lexicon %s line %zu: %s", lx->name, at < lx->n ? lx->e[at].line : 0,
                               err && err->message ? err->message : "compile error");
            hs_free_compile_error(err);
        }
    }
    for (size_t i = 0; ex && i < lx->n; i++) free(ex[i]);
    free(ex);
    free(flags);
    free(ids);
    return rc;
}

/* Splits s at tabs into at most max fields (in place); returns the count. */
static size_t split_tabs(char *s, char **f, size_t max)
{
    size_t n = 0;
    f[n++] = s;
    for (char *p = s; *p && n < max; p++)
        if (*p == '\t') { *p = '\0'; f[n++] = p + 1; }
    return n;
}

int dft_lexicon_new(dft_lexicon **out, const char *tsv, size_t len)
{
    *out = NULL;
    if (!tsv || len > MAX_FILE) return dft_error_set(DFT_ELIMIT, "lexicon: larger than %zu bytes", MAX_FILE);
    if (!dft_textenc_valid_utf8((const uint8_t *)tsv, len) || memchr(tsv, '\0', len))
        return dft_error_set(DFT_ECORRUPT, "lexicon: not UTF-8 text");
    dft_lexicon *lx = calloc(1, sizeof *lx);
    char *copy = malloc(len + 1);
    if (!lx || !copy) {
        free(lx);
        free(copy);
        return dft_error_set(DFT_ENOMEM, "lexicon: out of memory");
    }
    memcpy(copy, tsv, len);
    copy[len] = '\0';
    lx->strings = copy;
    size_t cap = 0, lineno = 0;
    int rc = DFT_OK;
    char *p = copy;
    while (rc == DFT_OK && *p) {
        char *eol = strchr(p, '\n');
        char *next = eol ? eol + 1 : p + strlen(p);
        if (eol) *eol = '\0';
        size_t ll = strlen(p);
        if (ll && p[ll - 1] == '\r') p[--ll] = '\0';
        lineno++;
        char *f[6];
        if (lineno == 1) {
            size_t nf = split_tabs(p, f, 4);
            if (nf != 3 || strcmp(f[0], "#!dft-lexicon") != 0 || !*f[1] || !*f[2]) {
                rc = dft_error_set(DFT_ECORRUPT, "lexicon: line 1 is not '#!dft-lexicon<TAB>name<TAB>version'");
                break;
            }
            lx->name = f[1];
            lx->version = f[2];
        } else if (ll && p[0] != '#') {
            size_t nf = split_tabs(p, f, 6);
            char *end = NULL;
            errno = 0;
            double w = nf >= 4 ? strtod(f[3], &end) : 0;
            size_t tl = nf >= 3 ? strlen(f[2]) : 0;
            if (nf < 4 || nf > 5) rc = dft_error_set(DFT_ECORRUPT, "lexicon %s line %zu: %zu fields, want 4 or 5", lx->name, lineno, nf);
            else if (!category_ok(f[0])) rc = dft_error_set(DFT_ECORRUPT, "lexicon %s line %zu: bad category", lx->name, lineno);
            else if (!lang_ok(f[1])) rc = dft_error_set(DFT_ECORRUPT, "lexicon %s line %zu: unknown language '%s'", lx->name, lineno, f[1]);
            else if (tl == 0 || tl > MAX_TERM) rc = dft_error_set(DFT_ECORRUPT, "lexicon %s line %zu: term of %zu bytes", lx->name, lineno, tl);
            else if (!is_nfc(f[2])) rc = dft_error_set(DFT_ECORRUPT, "lexicon %s line %zu: term not in Unicode NFC (text is matched composed)", lx->name, lineno);
            else if (errno || end == f[3] || *end || !(w >= -10 && w <= 10)) rc = dft_error_set(DFT_ECORRUPT, "lexicon %s line %zu: bad weight", lx->name, lineno);
            else if (lx->n >= DFT_LEXICON_MAX_TERMS) rc = dft_error_set(DFT_ELIMIT, "lexicon %s: more than %u terms", lx->name, DFT_LEXICON_MAX_TERMS);
            if (rc == DFT_OK && lx->n == cap) {
                size_t nc = cap ? cap * 2 : 256;
                dft_lexicon_entry *e = realloc(lx->e, nc * sizeof *e);
                if (!e) rc = dft_error_set(DFT_ENOMEM, "lexicon: out of memory");
                else { lx->e = e; cap = nc; }
            }
            if (rc == DFT_OK) lx->e[lx->n++] = (dft_lexicon_entry){ f[0], f[1], f[2], w, lineno };
        }
        p = next;
    }
    if (rc == DFT_OK && !lx->name) rc = dft_error_set(DFT_ECORRUPT, "lexicon: empty file");
    if (rc == DFT_OK) {
        lx->lb = calloc(lx->n + 1, sizeof *lx->lb);
        lx->rb = calloc(lx->n + 1, sizeof *lx->rb);
        if (!lx->lb || !lx->rb) rc = dft_error_set(DFT_ENOMEM, "lexicon: out of memory");
    }
    for (size_t i = 0; rc == DFT_OK && i < lx->n; i++) {
        const char *t = lx->e[i].term;
        size_t tl = strlen(t);
        lx->lb[i] = latin_word_cp(first_cp(t, tl));
        lx->rb[i] = latin_word_cp(last_cp(t, tl));
    }
    if (rc == DFT_OK) rc = compile(lx);
    if (rc != DFT_OK) {
        dft_lexicon_free(lx);
        return rc;
    }
    *out = lx;
    return DFT_OK;
}

int dft_lexicon_load(dft_lexicon **out, const char *path)
{
    *out = NULL;
    FILE *fp = fopen(path, "rb");
    if (!fp) return dft_error_set(DFT_EIO, "lexicon %s: %s", path, strerror(errno));
    char *buf = malloc(MAX_FILE + 1);
    size_t n = buf ? fread(buf, 1, MAX_FILE + 1, fp) : 0;
    int err = ferror(fp);
    fclose(fp);
    if (!buf) return dft_error_set(DFT_ENOMEM, "lexicon: out of memory");
    int rc;
    if (err) rc = dft_error_set(DFT_EIO, "lexicon %s: read error", path);
    else rc = dft_lexicon_new(out, buf, n);
    free(buf);
    return rc;
}

void dft_lexicon_free(dft_lexicon *lx)
{
    if (!lx) return;
    hs_free_database(lx->db);
    free(lx->e);
    free(lx->lb);
    free(lx->rb);
    free(lx->strings);
    free(lx);
}

const char *dft_lexicon_name(const dft_lexicon *lx) { return lx->name; }
const char *dft_lexicon_version(const dft_lexicon *lx) { return lx->version; }
size_t dft_lexicon_count(const dft_lexicon *lx) { return lx->n; }
const dft_lexicon_entry *dft_lexicon_entry_at(const dft_lexicon *lx, size_t i) { return i < lx->n ? &lx->e[i] : NULL; }

int dft_lexicon_scratch_new(dft_lexicon_scratch **out, const dft_lexicon *lx)
{
    *out = calloc(1, sizeof **out);
    if (!*out) return dft_error_set(DFT_ENOMEM, "lexicon: out of memory");
    if (lx->db && hs_alloc_scratch(lx->db, &(*out)->hs) != HS_SUCCESS) {
        free(*out);
        *out = NULL;
        return dft_error_set(DFT_ENOMEM, "lexicon: cannot allocate vectorscan scratch");
    }
    return DFT_OK;
}

void dft_lexicon_scratch_free(dft_lexicon_scratch *sc)
{
    if (!sc) return;
    hs_free_scratch(sc->hs);
    free(sc);
}

typedef struct collect {
    const dft_lexicon *lx;
    const char *text;
    size_t len;
    const uint32_t *map;    /* NFC copy scanned: its byte k came from input byte map[k] (else NULL) */
    dft_lexicon_match *m;
    size_t n, cap;
    bool truncated;
    int rc;
} collect;

static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags, void *ctx)
{
    (void)from;
    (void)flags;
    collect *c = ctx;
    const dft_lexicon *lx = c->lx;
    size_t tl = strlen(lx->e[id].term);
    /* every alternative of a term has the term's byte length (expression()), so the span is exact */
    if (to < tl || to > c->len) return 0;
    size_t start = (size_t)to - tl;
    /* on an NFC copy a match must start and end where the input's characters do (a segment's composed
     * bytes all map to the segment's start) */
    if (c->map && ((start > 0 && c->map[start] == c->map[start - 1]) || (to < c->len && c->map[to] == c->map[to - 1])))
        return 0;
    if (lx->lb[id] && start > 0 && latin_word_cp(last_cp(c->text, start))) return 0;
    if (lx->rb[id] && to < c->len && latin_word_cp(first_cp(c->text + to, c->len - (size_t)to))) return 0;
    if (c->n == DFT_LEXICON_MAX_MATCHES) {
        c->truncated = true;
        return 1;   /* stop the scan */
    }
    if (c->n == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 64;
        dft_lexicon_match *m = realloc(c->m, nc * sizeof *m);
        if (!m) {
            c->rc = dft_error_set(DFT_ENOMEM, "lexicon: out of memory");
            return 1;
        }
        c->m = m;
        c->cap = nc;
    }
    if (c->map) c->m[c->n++] = (dft_lexicon_match){ id, c->map[start], c->map[start + tl] - c->map[start] };
    else c->m[c->n++] = (dft_lexicon_match){ id, start, tl };
    return 0;
}

static int cmp_match(const void *a, const void *b)
{
    const dft_lexicon_match *x = a, *y = b;
    if (x->offset != y->offset) return x->offset < y->offset ? -1 : 1;
    if (x->length != y->length) return x->length < y->length ? -1 : 1;
    return x->entry < y->entry ? -1 : x->entry > y->entry;
}

/* A copy of text with every byte of an invalid UTF-8 sequence replaced by '?' (same length). */
static char *sanitize(const char *text, size_t len)
{
    char *s = malloc(len ? len : 1);
    if (!s) return NULL;
    memcpy(s, text, len);
    size_t i = 0;
    while (i < len) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &c);
        if (k <= 0) { s[i++] = '?'; continue; }
        if (c == 0) s[i] = ' ';   /* NUL is valid UTF-8 but ends no pattern; kept a byte */
        i += (size_t)k;
    }
    return s;
}

/* Text in decomposed form (NFD: Vietnamese typed on some keyboards, text from macOS file systems)
 * holds combining marks U+0300-U+036F, UTF-8 lead bytes 0xCC/0xCD; the lexicon's terms are NFC. */
static bool may_need_nfc(const char *text, size_t len)
{
    return memchr(text, 0xCC, len) || memchr(text, 0xCD, len);
}

#define NFC_SEGMENT_MAX 32   /* code points of one starter and its marks that are composed together */

/* An NFC copy of valid UTF-8 text, composed one segment (a starter and the combining marks after it)
 * at a time, with map[k] = the input offset of the segment that output byte k belongs to and
 * map[outlen] = len, so a match's span maps back to whole input characters. A segment longer than
 * NFC_SEGMENT_MAX code points is copied as it is. NULL on allocation failure. */
static char *nfc_copy(const char *text, size_t len, size_t *outlen, uint32_t **map_out)
{
    char *out = malloc(len + 1);   /* composition never lengthens these segments: checked per segment */
    uint32_t *map = malloc((len + 1) * sizeof *map);
    if (!out || !map) { free(out); free(map); return NULL; }
    const utf8proc_uint8_t *in = (const utf8proc_uint8_t *)text;
    size_t i = 0, o = 0;
    while (i < len) {
        /* the segment [i, j): one code point, then those with a non-zero combining class */
        utf8proc_int32_t cp[NFC_SEGMENT_MAX * 4];
        size_t j = i, ncp = 0;
        do {
            utf8proc_int32_t c;
            utf8proc_ssize_t k = utf8proc_iterate(in + j, (utf8proc_ssize_t)(len - j), &c);
            if (k <= 0) { k = 1; c = 0xFFFD; }   /* not reached for valid input */
            if (j > i && utf8proc_get_property(c)->combining_class == 0) break;
            ncp++;
            j += (size_t)k;
        } while (j < len);
        /* decomposed with the marks in canonical order (utf8proc_decompose sorts them: "ê" + U+0323
         * becomes e U+0323 U+0302, which composes to U+1EC7), then composed */
        utf8proc_ssize_t nd = ncp <= NFC_SEGMENT_MAX && ncp > 1
            ? utf8proc_decompose(in + i, (utf8proc_ssize_t)(j - i), cp, (utf8proc_ssize_t)(sizeof cp / sizeof cp[0]),
                                 UTF8PROC_DECOMPOSE)
            : 0;
        bool whole = nd > 1 && (size_t)nd <= sizeof cp / sizeof cp[0];
        ncp = whole ? (size_t)nd : 0;
        size_t seg = j - i;
        uint8_t enc[sizeof cp];
        size_t el = 0;
        if (whole && ncp > 1) {
            utf8proc_ssize_t nc = utf8proc_normalize_utf32(cp, (utf8proc_ssize_t)ncp, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
            for (utf8proc_ssize_t q = 0; nc > 0 && q < nc && el + 4 <= sizeof enc; q++)
                el += (size_t)utf8proc_encode_char(cp[q], enc + el);
            if (nc <= 0 || el > seg) el = 0;   /* no gain, or longer than the input: keep the input */
        }
        if (el) {
            memcpy(out + o, enc, el);
        } else {
            memcpy(out + o, text + i, seg);
            el = seg;
        }
        for (size_t q = 0; q < el; q++) map[o + q] = (uint32_t)i;
        o += el;
        i = j;
    }
    map[o] = (uint32_t)len;
    *outlen = o;
    *map_out = map;
    return out;
}

int dft_lexicon_scan(const dft_lexicon *lx, dft_lexicon_scratch *sc, const char *text, size_t len,
                     dft_lexicon_match **out, size_t *n, bool *truncated)
{
    *out = NULL;
    *n = 0;
    if (truncated) *truncated = false;
    if (!lx->db || !text || len == 0) return DFT_OK;
    if (len > 0xFFFFFFFFu) return dft_error_set(DFT_ELIMIT, "lexicon: text of %zu bytes", len);
    char *clean = NULL;
    if (!dft_textenc_valid_utf8((const uint8_t *)text, len)) {
        clean = sanitize(text, len);
        if (!clean) return dft_error_set(DFT_ENOMEM, "lexicon: out of memory");
    }
    collect c = { lx, clean ? clean : text, len, NULL, NULL, 0, 0, false, DFT_OK };
    char *nfc = NULL;
    uint32_t *map = NULL;
    if (may_need_nfc(c.text, len)) {
        size_t nl = 0;
        nfc = nfc_copy(c.text, len, &nl, &map);
        if (!nfc) {
            free(clean);
            return dft_error_set(DFT_ENOMEM, "lexicon: out of memory");
        }
        c.text = nfc;
        c.len = nl;
        c.map = map;
    }
    hs_error_t e = hs_scan(lx->db, c.text, (unsigned)c.len, 0, sc->hs, on_match, &c);
    free(clean);
    free(nfc);
    free(map);
    if (c.rc) {
        free(c.m);
        return c.rc;
    }
    if (e != HS_SUCCESS && e != HS_SCAN_TERMINATED) {
        free(c.m);
        return dft_error_set(DFT_ERROR, "lexicon: vectorscan error %d", (int)e);
    }
    if (c.n > 1) qsort(c.m, c.n, sizeof *c.m, cmp_match);
    *out = c.m;
    *n = c.n;
    if (truncated) *truncated = c.truncated;
    return DFT_OK;
}
