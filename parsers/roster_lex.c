/*
 * roster_lex.c - the roster lexicon (header vocabulary, trafficking cue terms, country names; the
 * versioned TSV plugins/roster/data/headers.tsv) and the cell value helpers of roster.h (phone to
 * E.164, passport numbers, money, dates). Pure functions over text: no case-store knowledge.
 *
 * Matching works on a normal form (utf8proc NFKC + case folding, punctuation/symbols/spaces folded to
 * one space) so that "WhatsApp号码", "ＷｈａｔｓＡｐｐ" and "whatsapp no." meet the term "whatsapp".
 * ASCII terms match whole words only ("line" must not fire inside "online"); other scripts have no
 * reliable word boundaries in a cell (Chinese, Thai), so their terms match as substrings.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "error.h"
#include "parsers/phone.h"
#include "parsers/roster.h"

static const char *const field_names[DFT_RF_COUNT_] = {
    "", "name", "phone", "whatsapp", "line", "telegram", "wechat", "facebook", "email", "passport",
    "passport_held", "nationality", "country", "age", "birth", "gender", "income", "occupation",
    "amount", "deposit", "stage", "agent", "team", "debt", "price", "quota", "fine", "punishment",
    "salary", "arrival", "recruiter", "remarks", "department", "extension", "item", "quantity", "status",
};

const char *dft_roster_field_name(int field)
{
    return field > 0 && field < DFT_RF_COUNT_ ? field_names[field] : "";
}

int dft_roster_field_of(const char *name)
{
    for (int i = 1; i < DFT_RF_COUNT_; i++)
        if (strcmp(field_names[i], name) == 0) return i;
    return DFT_RF_NONE;
}

const char *dft_roster_ctype_name(int ctype)
{
    static const char *const n[] = { "", "text", "name", "phone", "passport", "money", "date", "number" };
    return ctype >= 0 && ctype <= DFT_RC_NUMBER ? n[ctype] : "";
}

/* ---- normal form ------------------------------------------------------------------------- */

static int is_sep_cp(utf8proc_int32_t cp)
{
    if (cp < 0x80) return !isalnum(cp);
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD: case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE: case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO: case UTF8PROC_CATEGORY_SM: case UTF8PROC_CATEGORY_SC:
    case UTF8PROC_CATEGORY_SK: case UTF8PROC_CATEGORY_SO: case UTF8PROC_CATEGORY_CC:
    case UTF8PROC_CATEGORY_CF:
        return 1;
    default:
        return 0;
    }
}

/* Han ideographs and kana: scripts written without spaces, where a space inside a header is layout
 * ("姓　名" aligned with a full-width space, "电 话") and must not split the word. */
static int is_cjk_cp(utf8proc_int32_t cp)
{
    return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

char *dft_roster_normalize(const char *text)
{
    size_t n = strlen(text);
    utf8proc_uint8_t *m = NULL;
    utf8proc_ssize_t ml = utf8proc_map((const utf8proc_uint8_t *)text, (utf8proc_ssize_t)n, &m,
                                       UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
                                           UTF8PROC_CASEFOLD);
    const utf8proc_uint8_t *src = m;
    if (ml < 0) {   /* invalid UTF-8: fold ASCII only, keep the other bytes */
        m = NULL;
        src = (const utf8proc_uint8_t *)text;
        ml = (utf8proc_ssize_t)n;
    }
    char *out = malloc((size_t)ml + 1);
    if (!out) {
        free(m);
        return NULL;
    }
    size_t o = 0;
    int pending_space = 0, prev_cjk = 0;
    for (utf8proc_ssize_t i = 0; i < ml;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = m ? utf8proc_iterate(src + i, ml - i, &cp) : -1;
        if (k <= 0) {   /* raw byte */
            unsigned char c = src[i];
            k = 1;
            cp = c < 0x80 ? (utf8proc_int32_t)tolower(c) : 0x100;   /* 0x100: a letter-like byte */
            if (c >= 0x80) {
                if (pending_space && o) out[o++] = ' ';
                pending_space = prev_cjk = 0;
                out[o++] = (char)c;
                i += k;
                continue;
            }
        }
        if (is_sep_cp(cp)) {
            pending_space = 1;
        } else {
            int cjk = is_cjk_cp(cp);
            if (pending_space && o && !(cjk && prev_cjk)) out[o++] = ' ';
            pending_space = 0;
            prev_cjk = cjk;
            if (cp < 0x80) out[o++] = (char)tolower(cp);
            else { memcpy(out + o, src + i, (size_t)k); o += (size_t)k; }
        }
        i += k;
    }
    out[o] = '\0';
    free(m);
    return out;
}

char *dft_roster_utf8_clean(const char *text)
{
    size_t n = strlen(text);
    char *out = malloc(n * 3 + 1);   /* each bad byte becomes U+FFFD (3 bytes) */
    if (!out) return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)text + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0 || cp == 0) {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        } else {
            memcpy(out + o, text + i, (size_t)k);
            o += (size_t)k;
            i += (size_t)k;
        }
    }
    out[o] = '\0';
    return out;
}

/* ---- the lexicon ------------------------------------------------------------------------- */

enum { KIND_FIELD = 0, KIND_CUE, KIND_REGION };

typedef struct entry {
    int kind;
    int field;              /* KIND_FIELD */
    char tag[40];           /* cue family or region code */
    char lang[8];
    char *term;             /* as written */
    char *norm;             /* normal form */
    size_t nlen;
    int ascii;
} entry;

struct dft_roster_lexicon {
    char version[64];
    entry *e;
    size_t n, cap;
};

void dft_roster_lexicon_free(dft_roster_lexicon *lx)
{
    if (!lx) return;
    for (size_t i = 0; i < lx->n; i++) {
        free(lx->e[i].term);
        free(lx->e[i].norm);
    }
    free(lx->e);
    free(lx);
}

const char *dft_roster_lexicon_version(const dft_roster_lexicon *lx) { return lx->version; }

static int all_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80) return 0;
    return 1;
}

static int add_entry(dft_roster_lexicon *lx, size_t lineno, const char *f, const char *lang, const char *term)
{
    entry e = { 0 };
    if (strncmp(f, "cue:", 4) == 0 && f[4] && strlen(f + 4) < sizeof e.tag) {
        e.kind = KIND_CUE;
        memcpy(e.tag, f + 4, strlen(f + 4) + 1);   /* length checked above (gcc -O1 cannot see it) */
    } else if (strncmp(f, "region:", 7) == 0 && strlen(f + 7) == 2) {
        e.kind = KIND_REGION;
        memcpy(e.tag, f + 7, 3);                   /* two letters and the NUL */
    } else {
        e.kind = KIND_FIELD;
        e.field = dft_roster_field_of(f);
        if (!e.field) return dft_error_set(DFT_ECORRUPT, "headers.tsv line %zu: unknown field '%.40s'", lineno, f);
    }
    snprintf(e.lang, sizeof e.lang, "%s", lang);
    e.term = strdup(term);
    e.norm = dft_roster_normalize(term);
    if (!e.term || !e.norm) {
        free(e.term);
        free(e.norm);
        return dft_error_set(DFT_ENOMEM, "out of memory");
    }
    e.nlen = strlen(e.norm);
    e.ascii = all_ascii(e.norm);
    if (!e.nlen) {
        free(e.term);
        free(e.norm);
        return dft_error_set(DFT_ECORRUPT, "headers.tsv line %zu: empty term", lineno);
    }
    if (lx->n == lx->cap) {
        size_t cap = lx->cap ? lx->cap * 2 : 256;
        entry *p = realloc(lx->e, cap * sizeof *p);
        if (!p) {
            free(e.term);
            free(e.norm);
            return dft_error_set(DFT_ENOMEM, "out of memory");
        }
        lx->e = p;
        lx->cap = cap;
    }
    lx->e[lx->n++] = e;
    return DFT_OK;
}

int dft_roster_lexicon_parse(dft_roster_lexicon **out, const char *text, size_t len)
{
    *out = NULL;
    dft_roster_lexicon *lx = calloc(1, sizeof *lx);
    if (!lx) return dft_error_set(DFT_ENOMEM, "out of memory");
    int rc = DFT_OK;
    size_t lineno = 0;
    char line[1024];
    for (size_t i = 0; i < len && !rc;) {
        size_t j = i;
        while (j < len && text[j] != '\n') j++;
        lineno++;
        size_t l = j - i;
        if (l && text[i + l - 1] == '\r') l--;
        if (l >= sizeof line) {
            rc = dft_error_set(DFT_ECORRUPT, "headers.tsv line %zu: too long", lineno);
            break;
        }
        memcpy(line, text + i, l);
        line[l] = '\0';
        i = j + 1;
        if (!l || line[0] == '#') continue;
        if (memchr(line, '\0', l)) { rc = dft_error_set(DFT_ECORRUPT, "headers.tsv line %zu: NUL byte", lineno); break; }
        if (strncmp(line, "VERSION:", 8) == 0) {
            const char *v = line + 8;
            while (*v == '\t' || *v == ' ') v++;
            if (!*v || strlen(v) >= sizeof lx->version) {
                rc = dft_error_set(DFT_ECORRUPT, "headers.tsv line %zu: bad VERSION", lineno);
                break;
            }
            memcpy(lx->version, v, strlen(v) + 1);   /* length checked above */
            continue;
        }
        char *t1 = strchr(line, '\t');
        char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        if (!t1 || !t2 || strchr(t2 + 1, '\t') || !t2[1]) {
            rc = dft_error_set(DFT_ECORRUPT, "headers.tsv line %zu: expected FIELD<TAB>LANG<TAB>TERM", lineno);
            break;
        }
        *t1 = *t2 = '\0';
        rc = add_entry(lx, lineno, line, t1 + 1, t2 + 1);
    }
    if (!rc && !lx->version[0]) rc = dft_error_set(DFT_ECORRUPT, "headers.tsv: no VERSION: line");
    if (!rc && !lx->n) rc = dft_error_set(DFT_ECORRUPT, "headers.tsv: no entries");
    if (rc) {
        dft_roster_lexicon_free(lx);
        return rc;
    }
    *out = lx;
    return DFT_OK;
}

static int is_word(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

/* Where e occurs in the normal form s (ASCII terms on word boundaries), or NULL. */
static const char *find_term(const char *s, const entry *e)
{
    const char *p = s;
    while ((p = strstr(p, e->norm)) != NULL) {
        if (!e->ascii) return p;
        int left = p == s || !is_word(p[-1]);
        int right = !is_word(p[e->nlen]);
        if (left && right) return p;
        p++;
    }
    return NULL;
}

/* Best entry of a kind for a normal form: exact match first, else the longest contained term. */
static const entry *best(const dft_roster_lexicon *lx, int kind, const char *norm)
{
    const entry *b = NULL;
    size_t bscore = 0;
    /* the bytes norm holds: a term whose first byte is not among them can neither equal nor occur in it
     * (every cell of a table's first rows is looked up against every term: this skips most of them) */
    bool present[256] = { false };
    for (const unsigned char *p = (const unsigned char *)norm; *p; p++) present[*p] = true;
    for (size_t i = 0; i < lx->n; i++) {
        const entry *e = &lx->e[i];
        if (e->kind != kind || (e->nlen && !present[(unsigned char)e->norm[0]])) continue;
        size_t score;
        if (strcmp(norm, e->norm) == 0) score = (size_t)1 << 20 | e->nlen;
        else if (find_term(norm, e)) score = e->nlen;
        else continue;
        if (score > bscore) {
            bscore = score;
            b = e;
        }
    }
    return b;
}

int dft_roster_lexicon_header(const dft_roster_lexicon *lx, const char *header, const char **lang,
                              const char **term)
{
    if (lang) *lang = NULL;
    if (term) *term = NULL;
    char *norm = dft_roster_normalize(header);
    if (!norm) return DFT_RF_NONE;
    /* a header is short; a long cell is prose (a remark), not a column name */
    const entry *e = strlen(norm) <= 60 ? best(lx, KIND_FIELD, norm) : NULL;
    free(norm);
    if (!e) return DFT_RF_NONE;
    if (lang) *lang = e->lang;
    if (term) *term = e->term;
    return e->field;
}

const char *dft_roster_lexicon_region(const dft_roster_lexicon *lx, const char *text)
{
    char *norm = dft_roster_normalize(text);
    if (!norm) return NULL;
    const entry *e = strlen(norm) <= 60 ? best(lx, KIND_REGION, norm) : NULL;
    free(norm);
    return e ? e->tag : NULL;
}

int dft_roster_lexicon_cues(const dft_roster_lexicon *lx, const char *text, dft_roster_cue_fn cb, void *payload)
{
    char *norm = dft_roster_normalize(text);
    if (!norm) return dft_error_set(DFT_ENOMEM, "out of memory");
    const char *seen[32];
    size_t nseen = 0;
    int rc = 0;
    for (size_t i = 0; i < lx->n && !rc; i++) {
        const entry *e = &lx->e[i];
        if (e->kind != KIND_CUE || !find_term(norm, e)) continue;
        size_t k = 0;
        while (k < nseen && strcmp(seen[k], e->tag) != 0) k++;
        if (k < nseen) continue;
        if (nseen < 32) seen[nseen++] = e->tag;
        rc = cb(payload, e->tag, e->term);
    }
    free(norm);
    return rc;
}

/* ---- value helpers ----------------------------------------------------------------------- */

int dft_roster_phone(const char *text, const char *region, char out[24])
{
    out[0] = '\0';
    /* a WhatsApp click-to-chat link holds the number in international form without '+':
     * wa.me/66812345678, https://api.whatsapp.com/send?phone=66812345678 */
    const char *url = strstr(text, "wa.me/");
    if (url) text = url + 6;
    else if ((url = strstr(text, "whatsapp.com/send")) != NULL && (url = strstr(url, "phone=")) != NULL)
        text = url + 6;
    char buf[64];
    size_t n = 0, digits = 0;
    /* a WhatsApp JID or "number@..." keeps its user part; an Excel number may end in ".0" */
    for (const char *p = text; *p && *p != '@' && !(url && (*p == '?' || *p == '&' || *p == '/')) && n + 1 < sizeof buf;
         p++)
        buf[n++] = *p;
    buf[n] = '\0';
    if (n > 2 && strcmp(buf + n - 2, ".0") == 0) buf[n -= 2] = '\0';
    const char *s = buf;
    while (*s == ' ' || *s == '\t') s++;
    for (const char *p = s; *p; p++) {
        if (isdigit((unsigned char)*p)) digits++;
        else if (isalpha((unsigned char)*p)) return dft_error_set(DFT_ECORRUPT, "letters in a phone number");
    }
    if (digits < 6 || digits > 17) return dft_error_set(DFT_ECORRUPT, "not a phone number");
    if (*s == '+') return dft_phone_e164(s, NULL, 0, out);
    if (s[0] == '0' && s[1] == '0') {   /* the common 00 international prefix, whatever the region */
        char plus[64];
        snprintf(plus, sizeof plus, "+%s", s + 2);
        return dft_phone_e164(plus, NULL, 0, out);
    }
    if (url && *s != '+' && *s != '0') {   /* a link's number is international by definition */
        char plus[sizeof buf + 1];   /* buf holds at most 63 bytes: '+' and all of them fit */
        plus[0] = '+';
        memcpy(plus + 1, s, strlen(s) + 1);
        if (dft_phone_e164(plus, NULL, 0, out) == DFT_OK) return DFT_OK;
    }
    if (region && *region && dft_phone_e164(s, region, 0, out) == DFT_OK) return DFT_OK;
    if (*s != '0' && dft_phone_e164(s, NULL, DFT_PHONE_INTERNATIONAL, out) == DFT_OK) return DFT_OK;
    out[0] = '\0';
    return dft_error_set(DFT_ECORRUPT, "not a valid phone number");
}

int dft_roster_passport(const char *text, char *out, size_t cap)
{
    char b[24];
    size_t n = 0, letters = 0, digits = 0, lead = 0;
    int in_lead = 1;
    for (const char *p = text; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == ' ' || c == '-') continue;
        if (!isalnum(c) || n + 1 >= sizeof b) return 0;
        c = (unsigned char)toupper(c);
        if (isalpha(c)) {
            letters++;
            if (in_lead) lead++;
        } else {
            digits++;
            in_lead = 0;
        }
        b[n++] = (char)c;
    }
    b[n] = '\0';
    int ok = (lead >= 1 && lead <= 3 && letters == lead && digits >= 6 && digits <= 9) ||
             (n >= 6 && n <= 9 && digits >= 5 && letters >= 1);
    if (ok && cap > n) memcpy(out, b, n + 1);
    return ok && cap > n;
}

/* 1 when s starts with exactly three digits (a thousands group). */
static int group3(const char *s)
{
    return isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) && isdigit((unsigned char)s[2]) &&
           !isdigit((unsigned char)s[3]);
}

/* The power of ten of a unit word at s (0: none). ASCII units must end the word ("12kg" is no money). */
static int multiplier(const char *s)
{
    static const struct { const char *unit; int exp10; } units[] = {
        { "万", 4 }, { "萬", 4 }, { "千", 3 }, { "亿", 8 }, { "億", 8 }, { "triệu", 6 }, { "nghìn", 3 },
        { "ngàn", 3 }, { "ล้าน", 6 }, { "แสน", 5 }, { "หมื่น", 4 }, { "พัน", 3 }, { "juta", 6 }, { "ribu", 3 },
        { "jt", 6 }, { "rb", 3 }, { "tr", 6 }, { "k", 3 }, { "K", 3 }, { "w", 4 }, { "W", 4 }, { "m", 6 },
        { "M", 6 },
    };
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        size_t l = strlen(units[i].unit);
        if (strncmp(s, units[i].unit, l) != 0) continue;
        if ((unsigned char)units[i].unit[0] < 0x80 && isalpha((unsigned char)s[l])) continue;
        return units[i].exp10;
    }
    return 0;
}

/* v (a plain decimal, maybe '-') times 10^e, exactly, in place: "1.2" x 10^4 = "12000". */
static int scale10(char *v, size_t cap, int e)
{
    char in[64], *dot;
    snprintf(in, sizeof in, "%s", v);
    const char *d = in[0] == '-' ? in + 1 : in;
    char ip[64] = "", fp[64] = "";
    if ((dot = strchr(d, '.')) != NULL) {
        *dot = '\0';
        snprintf(fp, sizeof fp, "%s", dot + 1);
    }
    snprintf(ip, sizeof ip, "%s", d);
    char digits[160];
    size_t nf = strlen(fp), k = (size_t)e < nf ? (size_t)e : nf;
    int w = snprintf(digits, sizeof digits, "%s%.*s%.*s", ip, (int)k, fp, (int)((size_t)e - k), "00000000");
    if (w < 0 || (size_t)w >= sizeof digits) return -1;
    const char *z = digits;
    while (z[0] == '0' && z[1]) z++;
    const char *rest = fp + k;
    size_t nr = strlen(rest);
    while (nr && rest[nr - 1] == '0') nr--;
    w = snprintf(v, cap, "%s%s%s%.*s", in[0] == '-' ? "-" : "", z, nr ? "." : "", (int)nr, rest);
    return w < 0 || (size_t)w >= cap ? -1 : 0;
}

int dft_roster_money(const char *text, char *value, size_t vcap, char *currency, size_t ccap)
{
    static const struct { const char *sym, *code; } cur[] = {
        { "USDT", "USDT" }, { "usdt", "USDT" }, { "U", "USDT" }, { "RMB", "CNY" }, { "CNY", "CNY" },
        { "元", "CNY" }, { "¥", "CNY" }, { "￥", "CNY" }, { "USD", "USD" }, { "US$", "USD" }, { "$", "USD" },
        { "THB", "THB" }, { "฿", "THB" }, { "บาท", "THB" }, { "VND", "VND" }, { "₫", "VND" }, { "đ", "VND" },
        { "RM", "MYR" }, { "MYR", "MYR" }, { "PHP", "PHP" }, { "₱", "PHP" }, { "Rp", "IDR" }, { "IDR", "IDR" },
    };
    value[0] = currency[0] = '\0';
    const char *code = "";
    for (size_t i = 0; i < sizeof cur / sizeof cur[0]; i++) {
        const char *p = strstr(text, cur[i].sym);
        if (!p) continue;
        size_t l = strlen(cur[i].sym);
        /* an ASCII code must stand alone: "U" in "USDT" was tried first; not inside a word */
        if (isalpha((unsigned char)cur[i].sym[0]) &&
            ((p > text && isalpha((unsigned char)p[-1])) || isalpha((unsigned char)p[l]))) continue;
        code = cur[i].code;
        break;
    }
    /* the first run of digits with , . separators; VND (and Indonesian) write thousands with '.', a
     * '.' before a group that is not three digits is a decimal point there too ("1.5tr") */
    const char *p = text;
    while (*p && !isdigit((unsigned char)*p)) p++;
    if (!*p) return 0;
    char v[64];
    size_t n = 0;
    int neg = p > text && p[-1] == '-';
    if (neg) v[n++] = '-';
    int dot_groups = strcmp(code, "VND") == 0 || strcmp(code, "IDR") == 0, have_dot = 0;
    for (; *p && n + 1 < sizeof v; p++) {
        char c = *p;
        if (isdigit((unsigned char)c)) v[n++] = c;
        else if (c == ',' || (c == '.' && dot_groups && group3(p + 1))) {
            if (!isdigit((unsigned char)p[1])) break;
        } else if (c == '.' && !have_dot && isdigit((unsigned char)p[1])) v[n++] = '.', have_dot = 1;
        else break;
    }
    v[n] = '\0';
    /* a unit word after the number: 12k, 1.2万, 3w (万), 2亿, 500k đ, 1.5tr, 2 triệu, 3 juta, 2 ล้าน */
    while (*p == ' ') p++;
    int exp10 = multiplier(p);
    if (exp10 && scale10(v, sizeof v, exp10)) return 0;
    n = strlen(v);
    if (n >= vcap) return 0;
    memcpy(value, v, n + 1);
    snprintf(currency, ccap, "%s", code);
    return 1;
}

/* YYYY-MM-DD of a checked date (1900..9999), written digit by digit. */
static void put_ymd(char out[11], int y, int m, int d)
{
    out[0] = (char)('0' + y / 1000 % 10);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10 % 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d / 10 % 10);
    out[9] = (char)('0' + d % 10);
    out[10] = '\0';
}

static int days_to_ymd(long days, char out[11])
{
    /* civil-from-days (Howard Hinnant's algorithm), days since 1970-01-01 */
    long z = days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) y++;
    if (y < 1900 || y > 9999) return 0;
    put_ymd(out, (int)y, (int)m, (int)d);
    return 1;
}

static int valid_ymd(int y, int m, int d)
{
    static const int md[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= md[m - 1];
}

int dft_roster_date(const char *text, char out[11])
{
    out[0] = '\0';
    const char *s = text;
    while (*s == ' ') s++;
    char *end;
    double v = strtod(s, &end);
    int numeric = end != s && (*end == '\0' || *end == ' ') && isdigit((unsigned char)*s);
    if (numeric && !strchr(s, '-') && !strchr(s, '/')) {
        /* Excel 1900 date system: serial 1 = 1900-01-01, with the fictitious 1900-02-29 (serial 60);
         * serial 25569 = 1970-01-01. */
        if (v < 1 || v > 2958465) return 0;
        long serial = (long)v;
        if (serial < 60) serial++;   /* before the fake leap day the offset is one day less */
        return days_to_ymd(serial - 25569, out);
    }
    int a, b, c;
    char s1, s2;
    int k = 0;
    if (sscanf(s, "%d%c%d%c%d%n", &a, &s1, &b, &s2, &c, &k) != 5 || s1 != s2 ||
        (s1 != '-' && s1 != '/' && s1 != '.'))
        return 0;
    if (a >= 1900) {   /* Y-M-D */
        if (!valid_ymd(a, b, c)) return 0;
        put_ymd(out, a, b, c);
        return 1;
    }
    if (c >= 1900 && valid_ymd(c, b, a)) {   /* D/M/Y, the common form outside the US */
        put_ymd(out, c, b, a);
        return 1;
    }
    return 0;
}

void dft_roster_col_letters(uint32_t col, char out[8])
{
    char tmp[8];
    size_t n = 0;
    if (col == 0) col = 1;
    while (col && n < 7) {
        col--;
        tmp[n++] = (char)('A' + col % 26);
        col /= 26;
    }
    for (size_t i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}
