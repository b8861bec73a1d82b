/*
 * mrz.c - ICAO 9303 machine readable zones in text (layout and rules in mrz.h).
 *
 * Century of the dates (the MRZ prints two digits): expiry is 19YY when YY >= 70, else 20YY (no TD
 * document expired before 1970 and none is valid past 2069 today); birth is the latest year ending
 * in YY that is not after the expiry year (a holder is born before the document expires). Both rules
 * depend only on the zone, never on the clock, so output is deterministic.
 */
#include "mrz.h"

#include <string.h>

static bool mrz_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<';
}

int dft_mrz_check_digit(const char *s, size_t n)
{
    static const int w[3] = { 7, 3, 1 };
    int sum = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int v;
        if (c >= '0' && c <= '9') v = c - '0';
        else if (c >= 'A' && c <= 'Z') v = c - 'A' + 10;
        else if (c == '<') v = 0;
        else return -1;
        sum += v * w[i % 3];
    }
    return sum % 10;
}

const char *dft_mrz_type_name(dft_mrz_type t)
{
    return t == DFT_MRZ_TD1 ? "TD1" : t == DFT_MRZ_TD2 ? "TD2" : "TD3";
}

/* Does the check digit character c hold for field f[0..n)? An all-'<' field may have '<' as its
 * digit (optional data left empty, Part 4 s4.2.2.2 note). */
static bool check(const char *f, size_t n, char c)
{
    int d = dft_mrz_check_digit(f, n);
    if (d < 0) return false;
    if (c == '<') {
        for (size_t i = 0; i < n; i++)
            if (f[i] != '<') return false;
        return true;
    }
    return c >= '0' && c <= '9' && c - '0' == d;
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

/* Copies s[0..n) to out with '<' removed at the ends and turned into spaces inside (names: "<<"
 * inside a part cannot occur, the split is done before). */
static void field(char *out, size_t cap, const char *s, size_t n, bool keep_spaces)
{
    size_t a = 0, b = n, o = 0;
    while (a < b && s[a] == '<') a++;
    while (b > a && s[b - 1] == '<') b--;
    for (size_t i = a; i < b && o + 1 < cap; i++) {
        if (s[i] == '<') {
            if (keep_spaces && o && out[o - 1] != ' ') out[o++] = ' ';
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = '\0';
}

static void names(dft_mrz *m, const char *s, size_t n)
{
    size_t split = n;
    for (size_t i = 0; i + 1 < n; i++)
        if (s[i] == '<' && s[i + 1] == '<') { split = i; break; }
    field(m->primary, sizeof m->primary, s, split, true);
    if (split < n) field(m->secondary, sizeof m->secondary, s + split + 2, n - split - 2, true);
    else m->secondary[0] = '\0';
}

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static void iso_date(char out[11], int year, const char *yymmdd)
{
    int mo = (yymmdd[2] - '0') * 10 + (yymmdd[3] - '0');
    int d = (yymmdd[4] - '0') * 10 + (yymmdd[5] - '0');
    static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    out[0] = '\0';
    if (mo < 1 || mo > 12 || d < 1) return;
    int max = mdays[mo - 1] + (mo == 2 && leap(year));
    if (d > max) return;
    year %= 10000;
    const int v[8] = { year / 1000, year / 100 % 10, year / 10 % 10, year % 10, mo / 10, mo % 10, d / 10, d % 10 };
    char *o = out;
    for (int i = 0; i < 8; i++) {
        if (i == 4 || i == 6) *o++ = '-';
        *o++ = (char)('0' + v[i]);
    }
    *o = '\0';
}

static void dates(dft_mrz *m)
{
    int ey = (m->expiry_raw[0] - '0') * 10 + (m->expiry_raw[1] - '0');
    int by = (m->birth_raw[0] - '0') * 10 + (m->birth_raw[1] - '0');
    int expiry_year = ey >= 70 ? 1900 + ey : 2000 + ey;
    int birth_year = (expiry_year / 100) * 100 + by;
    if (birth_year > expiry_year) birth_year -= 100;
    iso_date(m->expiry, expiry_year, m->expiry_raw);
    iso_date(m->birth, birth_year, m->birth_raw);
}

static void copy(char *out, const char *s, size_t n)
{
    memcpy(out, s, n);
    out[n] = '\0';
}

static bool has_lt(const char *s, size_t n) { return memchr(s, '<', n) != NULL; }

static char sex_of(char c) { return c == 'M' || c == 'F' ? c : c == '<' || c == 'X' ? 'X' : 0; }

/* TD3 (l1, l2 of 44) or TD2 (36): the second lines share their layout up to the optional field. */
static bool parse_two(dft_mrz *m, const char *l1, const char *l2, size_t w)
{
    memset(m, 0, sizeof *m);
    m->type = w == 44 ? DFT_MRZ_TD3 : DFT_MRZ_TD2;
    if (w == 44 && l1[0] != 'P') return false;
    if (w == 36 && !strchr("ACIP", l1[0])) return false;
    if (!has_lt(l1 + 5, w - 5) || !all_digits(l2 + 13, 6) || !all_digits(l2 + 21, 6)) return false;
    m->sex = sex_of(l2[20]);
    if (!m->sex) return false;
    field(m->code, sizeof m->code, l1, 2, false);
    field(m->issuer, sizeof m->issuer, l1 + 2, 3, false);
    names(m, l1 + 5, w - 5);
    field(m->number, sizeof m->number, l2, 9, false);
    field(m->nationality, sizeof m->nationality, l2 + 10, 3, false);
    copy(m->birth_raw, l2 + 13, 6);
    copy(m->expiry_raw, l2 + 21, 6);
    dates(m);
    m->check_number = check(l2, 9, l2[9]);
    m->check_birth = check(l2 + 13, 6, l2[19]);
    m->check_expiry = check(l2 + 21, 6, l2[27]);
    char comp[44];
    size_t cn = 0;
    memcpy(comp + cn, l2, 10); cn += 10;
    memcpy(comp + cn, l2 + 13, 7); cn += 7;
    if (w == 44) {
        field(m->optional, sizeof m->optional, l2 + 28, 14, false);
        m->has_optional_check = true;
        m->check_optional = check(l2 + 28, 14, l2[42]);
        memcpy(comp + cn, l2 + 21, 22); cn += 22;
        m->check_composite = check(comp, cn, l2[43]);
    } else {
        field(m->optional, sizeof m->optional, l2 + 28, 7, false);
        m->check_optional = true;
        memcpy(comp + cn, l2 + 21, 14); cn += 14;
        m->check_composite = check(comp, cn, l2[35]);
    }
    m->valid = m->check_number && m->check_birth && m->check_expiry && m->check_optional && m->check_composite;
    return true;
}

static bool parse_td1(dft_mrz *m, const char *l1, const char *l2, const char *l3)
{
    memset(m, 0, sizeof *m);
    m->type = DFT_MRZ_TD1;
    if (!strchr("ACI", l1[0]) || !has_lt(l3, 30) || !all_digits(l2, 6) || !all_digits(l2 + 8, 6)) return false;
    m->sex = sex_of(l2[7]);
    if (!m->sex) return false;
    field(m->code, sizeof m->code, l1, 2, false);
    field(m->issuer, sizeof m->issuer, l1 + 2, 3, false);
    /* A number over 9 characters (Part 5 s4.2.2, note j; the spec's example I<UTOD23145890<7349<<<...
     * is number D23145890734, check digit 9): position 15 is '<', the rest of the number follows from
     * 16, ended by its check digit (a digit followed by '<' or the line's end), over all of it. */
    const char *cd_at = l1 + 14, *opt = l1 + 15;
    char num[24];
    size_t nn = 9;
    memcpy(num, l1 + 5, 9);
    if (l1[14] == '<' && l1[15] != '<') {
        size_t run = 0;
        while (15 + run < 30 && l1[15 + run] != '<') run++;
        /* at least one overflow character before the check digit; the digit is the run's last */
        if (run >= 2 && l1[15 + run - 1] >= '0' && l1[15 + run - 1] <= '9') {
            memcpy(num + nn, l1 + 15, run - 1);
            nn += run - 1;
            cd_at = l1 + 15 + run - 1;
            opt = l1 + 15 + run;
        }
    }
    field(m->number, sizeof m->number, num, nn, false);
    field(m->optional, sizeof m->optional, opt, (size_t)(l1 + 30 - opt), false);
    copy(m->birth_raw, l2, 6);
    copy(m->expiry_raw, l2 + 8, 6);
    field(m->nationality, sizeof m->nationality, l2 + 15, 3, false);
    names(m, l3, 30);
    dates(m);
    m->check_number = check(num, nn, *cd_at);
    m->check_birth = check(l2, 6, l2[6]);
    m->check_expiry = check(l2 + 8, 6, l2[14]);
    m->check_optional = true;
    char comp[60];
    size_t cn = 0;
    memcpy(comp + cn, l1 + 5, 25); cn += 25;
    memcpy(comp + cn, l2, 7); cn += 7;
    memcpy(comp + cn, l2 + 8, 7); cn += 7;
    memcpy(comp + cn, l2 + 18, 11); cn += 11;
    m->check_composite = check(comp, cn, l2[29]);
    m->valid = m->check_number && m->check_birth && m->check_expiry && m->check_composite;
    return true;
}

typedef struct line {
    size_t start, len;   /* trimmed line in the text */
    char z[45];          /* the zone characters (spaces inside removed), NUL-terminated */
    size_t zlen;
    bool spaced;         /* spaces were removed: OCR output, accepted only when every check holds */
} line;

/* A line of the MRZ charset, 30/36/44 characters once OCR spacing inside it is removed (at most 8
 * spaces, each between two zone characters). */
static bool zone_line(const char *t, size_t s, size_t e, line *out)
{
    size_t n = 0, spaces = 0;
    for (size_t i = s; i < e; i++) {
        if (t[i] == ' ') {
            if (++spaces > 8) return false;
            continue;
        }
        if (!mrz_char(t[i]) || n >= 44) return false;
        out->z[n++] = t[i];
    }
    if (n != 30 && n != 36 && n != 44) return false;
    out->z[n] = '\0';
    out->zlen = n;
    out->spaced = spaces > 0;
    return true;
}

int dft_mrz_find(const char *text, size_t len, dft_mrz_fn cb, void *payload)
{
    if (!text) return 0;
    line ring[3];
    size_t have = 0;   /* consecutive MRZ-charset lines in ring (newest last), at most 3 */
    size_t pos = 0;
    while (pos < len) {
        size_t s = pos;
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t e = nl ? (size_t)(nl - text) : len;
        pos = e < len ? e + 1 : e;
        size_t t = e;
        while (t > s && (text[t - 1] == ' ' || text[t - 1] == '\t' || text[t - 1] == '\r')) t--;
        while (s < t && (text[s] == ' ' || text[s] == '\t')) s++;   /* a leading indent is layout */
        /* a zone pasted into one quoted CSV cell: the opening quote before its first line, the closing
         * one after its last (and a delimiter after that) are layout too */
        if (s < t && text[s] == '"') s++;
        while (t > s && (text[t - 1] == ',' || text[t - 1] == ';' || text[t - 1] == '\t')) t--;
        if (t > s && text[t - 1] == '"') t--;
        line cur = { .start = s, .len = t - s };
        if (t - s > 52 || !zone_line(text, s, t, &cur)) { have = 0; continue; }
        if (have == 3) { ring[0] = ring[1]; ring[1] = ring[2]; have = 2; }
        ring[have++] = cur;
        dft_mrz m;
        bool found = false, spaced = false;
        size_t first = 0;
        const line *a = have >= 2 ? &ring[have - 2] : NULL, *b = &ring[have - 1];
        if (have >= 3 && cur.zlen == 30 && ring[0].zlen == 30 && ring[1].zlen == 30 &&
            parse_td1(&m, ring[0].z, ring[1].z, ring[2].z)) {
            found = true;
            first = ring[0].start;
            spaced = ring[0].spaced || ring[1].spaced || ring[2].spaced;
        } else if (a && a->zlen == b->zlen && (b->zlen == 44 || b->zlen == 36) &&
                   parse_two(&m, a->z, b->z, b->zlen)) {
            found = true;
            first = a->start;
            spaced = a->spaced || b->spaced;
        }
        /* a zone put together from spaced lines is a guess; its check digits must all confirm it */
        if (found && spaced && !m.valid) found = false;
        if (found) {
            m.offset = first;
            m.length = cur.start + cur.len - first;
            m.ocr_spacing = spaced;
            int rc = cb(payload, &m);
            if (rc) return rc;
            have = 0;   /* a line belongs to one zone */
        }
    }
    return 0;
}
