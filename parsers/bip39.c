/*
 * bip39.c - BIP39 word lists, mnemonic checksum, Electrum seed version, and a bounded scanner over text
 * (bip39.h).
 *
 * Design notes (the why):
 *  - One open-addressing hash table holds every word of the 10 lists, keyed by its NFKD form; an entry
 *    carries a bit per language and the word's index in each list (lists share words: "abandon" is English
 *    and French, most Chinese characters are in both Chinese lists).
 *  - A text word is normalised into a stack buffer (ASCII: lower-cased; otherwise NFKD + case fold through
 *    utf8proc_decompose with a caller buffer), so the scan allocates nothing per word.
 *  - The scanner keeps the current run of consecutive list words in a ring. Each token is evaluated once
 *    as the start of each window kind (12, 15, 18, 21, 24 BIP39 words of one language; 12 or 13 English
 *    words as an Electrum seed): at most 5 SHA-256 + 2 HMAC-SHA512 of a short phrase per token.
 *  - Windows overlap and random ones pass the checksum often (1/16 for 12 words), so which to report is
 *    decided over a horizon of HORIZON tokens: the non-overlapping set covering the most words, then the
 *    fewest (longest) windows; see process(). The work per token is bounded by HORIZON * 7, so a scan is
 *    O(len) with a constant of the order the header's O(len * 24) promises, and memory is one ring.
 */
#include "bip39.h"

/* Per window the scanner hashes a few dozen bytes; the one-shot EVP calls cost ~2 us each (context
 * allocation and algorithm fetch), the low-level SHA256_* / SHA512_* ~0.2 us. OpenSSL 3 deprecates the
 * latter but ships them: used here for the checksums, with the deprecation warning silenced for this
 * file only. EVP stays for hashing the list files at load time. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "error.h"

#define NLANG 10
#define NWORDS 2048
#define TABLE_SIZE 65536u      /* power of two, > 3 * 20480 words */
#define WORD_MAX 64            /* bytes of a normalised word; the longest list word (Korean NFKD) is 33 */
#define LIST_FILE_MAX (256 * 1024)
#define HORIZON 96             /* tokens of look-ahead for a decision: four 24-word windows */
#define RING 128               /* > HORIZON */

static const char *const lang_names[NLANG] = {"english", "japanese",           "korean",  "spanish", "chinese_simplified",
                                              "chinese_traditional", "french", "italian", "czech",   "portuguese"};
#define LANG_ENGLISH 0

typedef struct entry {
    uint32_t off;              /* word bytes in b->blob; len 0 = empty slot */
    uint16_t len;
    uint16_t mask;             /* bit per language */
    uint16_t idx[NLANG];       /* index in that language's list */
} entry;

struct dft_bip39 {
    char *blob;
    size_t blob_len, blob_cap;
    entry *tab;
    char version[96];
};

/* ---- normalisation -------------------------------------------------------------------------------- */

/* NFKD + case fold of n bytes into out (cap bytes, NUL-terminated); the output length, or -1 when it is
 * not valid UTF-8 or longer than a list word can be. No allocation. */
static int norm_word(const char *in, size_t n, char *out, size_t cap)
{
    bool ascii = true;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)in[i] >= 0x80) ascii = false;
    if (ascii) {
        if (n + 1 > cap) return -1;
        for (size_t i = 0; i < n; i++) out[i] = (in[i] >= 'A' && in[i] <= 'Z') ? (char)(in[i] + 32) : in[i];
        out[n] = '\0';
        return (int)n;
    }
    if (n > 4 * WORD_MAX) return -1;
    utf8proc_int32_t cp[WORD_MAX];
    utf8proc_ssize_t k = utf8proc_decompose((const utf8proc_uint8_t *)in, (utf8proc_ssize_t)n, cp, WORD_MAX,
                                            UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT |
                                                UTF8PROC_CASEFOLD);
    if (k < 0 || k > WORD_MAX) return -1;
    size_t o = 0;
    for (utf8proc_ssize_t i = 0; i < k; i++) {
        utf8proc_uint8_t tmp[4];
        utf8proc_ssize_t w = utf8proc_encode_char(cp[i], tmp);
        if (w <= 0 || o + (size_t)w + 1 > cap) return -1;
        memcpy(out + o, tmp, (size_t)w);
        o += (size_t)w;
    }
    out[o] = '\0';
    return (int)o;
}

/* NFC of a NUL-terminated NFKD phrase into out (cap bytes); false if it does not fit */
static bool nfc_phrase(const char *in, char *out, size_t cap)
{
    utf8proc_int32_t cp[24 * WORD_MAX + 24];
    utf8proc_ssize_t k = utf8proc_decompose((const utf8proc_uint8_t *)in, (utf8proc_ssize_t)strlen(in), cp,
                                            (utf8proc_ssize_t)(sizeof cp / sizeof cp[0]),
                                            UTF8PROC_STABLE | UTF8PROC_DECOMPOSE);
    if (k < 0 || (size_t)k > sizeof cp / sizeof cp[0]) return false;
    k = utf8proc_normalize_utf32(cp, k, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (k < 0) return false;
    size_t o = 0;
    for (utf8proc_ssize_t i = 0; i < k; i++) {
        utf8proc_uint8_t tmp[4];
        utf8proc_ssize_t w = utf8proc_encode_char(cp[i], tmp);
        if (w <= 0 || o + (size_t)w + 1 > cap) return false;
        memcpy(out + o, tmp, (size_t)w);
        o += (size_t)w;
    }
    out[o] = '\0';
    return true;
}

/* ---- the table --------------------------------------------------------------------------------- */

static uint32_t fnv1a(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static const entry *lookup(const dft_bip39 *b, const char *w, size_t n)
{
    for (uint32_t i = fnv1a(w, n) & (TABLE_SIZE - 1);; i = (i + 1) & (TABLE_SIZE - 1)) {
        const entry *e = &b->tab[i];
        if (e->len == 0) return NULL;
        if (e->len == n && memcmp(b->blob + e->off, w, n) == 0) return e;
    }
}

static int insert(dft_bip39 *b, const char *w, size_t n, int lang, uint16_t index)
{
    uint32_t i = fnv1a(w, n) & (TABLE_SIZE - 1);
    for (;; i = (i + 1) & (TABLE_SIZE - 1)) {
        entry *e = &b->tab[i];
        if (e->len == 0) break;
        if (e->len == n && memcmp(b->blob + e->off, w, n) == 0) {
            if (e->mask & (1u << lang)) return DFT_CORRUPT("%s word list has a duplicate word", lang_names[lang]);
            e->mask |= (uint16_t)(1u << lang);
            e->idx[lang] = index;
            return DFT_OK;
        }
    }
    if (b->blob_len + n > b->blob_cap) {
        size_t cap = b->blob_cap ? b->blob_cap * 2 : 256 * 1024;
        char *p = realloc(b->blob, cap);
        if (!p) return dft_error_set(DFT_ENOMEM, "out of memory loading word lists");
        b->blob = p;
        b->blob_cap = cap;
    }
    memcpy(b->blob + b->blob_len, w, n);
    entry *e = &b->tab[i];
    e->off = (uint32_t)b->blob_len;
    e->len = (uint16_t)n;
    e->mask = (uint16_t)(1u << lang);
    e->idx[lang] = index;
    b->blob_len += n;
    return DFT_OK;
}

static int load_list(dft_bip39 *b, const char *dir, int lang, EVP_MD_CTX *sha)
{
    char path[4096];
    int pn = snprintf(path, sizeof path, "%s/%s.txt", dir, lang_names[lang]);
    if (pn < 0 || (size_t)pn >= sizeof path) return dft_error_set(DFT_ERROR, "word list path too long");
    FILE *f = fopen(path, "rb");
    if (!f) return dft_error_set(DFT_EIO, "cannot open %s", path);
    char *buf = malloc(LIST_FILE_MAX + 1);
    if (!buf) {
        fclose(f);
        return dft_error_set(DFT_ENOMEM, "out of memory loading %s", path);
    }
    size_t n = fread(buf, 1, LIST_FILE_MAX + 1, f);
    int rd_err = ferror(f);
    fclose(f);
    int rc = DFT_OK;
    if (rd_err) rc = dft_error_set(DFT_EIO, "cannot read %s", path);
    else if (n > LIST_FILE_MAX) rc = DFT_CORRUPT("%s is larger than a word list", path);
    if (rc) goto done;
    EVP_DigestUpdate(sha, buf, n);
    size_t count = 0, start = 0;
    for (size_t i = 0; i <= n && rc == DFT_OK; i++) {
        if (i < n && buf[i] != '\n') continue;
        size_t end = i;
        if (end > start && buf[end - 1] == '\r') end--;
        if (end > start) {
            char w[WORD_MAX + 1];
            int wl = norm_word(buf + start, end - start, w, sizeof w);
            if (wl <= 0) rc = DFT_CORRUPT("%s line %zu is not a word", path, count + 1);
            else if (count >= NWORDS) rc = DFT_CORRUPT("%s has more than %d words", path, NWORDS);
            else rc = insert(b, w, (size_t)wl, lang, (uint16_t)count);
            count++;
        }
        start = i + 1;
    }
    if (rc == DFT_OK && count != NWORDS) rc = DFT_CORRUPT("%s has %zu words, not %d", path, count, NWORDS);
done:
    free(buf);
    return rc;
}

int dft_bip39_load(dft_bip39 **out, const char *dir)
{
    *out = NULL;
    dft_bip39 *b = calloc(1, sizeof *b);
    if (!b) return dft_error_set(DFT_ENOMEM, "out of memory loading word lists");
    b->tab = calloc(TABLE_SIZE, sizeof *b->tab);
    EVP_MD_CTX *sha = EVP_MD_CTX_new();
    int rc = DFT_OK;
    if (!b->tab || !sha) rc = dft_error_set(DFT_ENOMEM, "out of memory loading word lists");
    else if (EVP_DigestInit_ex(sha, EVP_sha256(), NULL) != 1) rc = dft_error_set(DFT_ERROR, "SHA-256 failed");
    for (int l = 0; l < NLANG && rc == DFT_OK; l++) rc = load_list(b, dir, l, sha);
    if (rc == DFT_OK) {
        uint8_t d[32];
        unsigned int dl;
        EVP_DigestFinal_ex(sha, d, &dl);
        int o = snprintf(b->version, sizeof b->version, "bips@bip-0039 sha256:");
        for (int i = 0; i < 32; i++) o += snprintf(b->version + o, sizeof b->version - (size_t)o, "%02x", d[i]);
    }
    EVP_MD_CTX_free(sha);
    if (rc) {
        dft_bip39_free(b);
        return rc;
    }
    *out = b;
    return DFT_OK;
}

void dft_bip39_free(dft_bip39 *b)
{
    if (!b) return;
    free(b->blob);
    free(b->tab);
    free(b);
}

const char *dft_bip39_version(const dft_bip39 *b) { return b->version; }

/* ---- checksums ------------------------------------------------------------------------------------ */

/* BIP39: n words of 11 bits = ENT bits of entropy + ENT/32 bits of SHA-256(entropy) */
static bool bip39_valid(const uint16_t *idx, int n)
{
    uint8_t bits[33];
    memset(bits, 0, sizeof bits);
    int pos = 0;
    for (int i = 0; i < n; i++)
        for (int k = 10; k >= 0; k--, pos++)
            if (idx[i] >> k & 1) bits[pos / 8] |= (uint8_t)(0x80 >> (pos % 8));
    int total = n * 11, cs = total / 33, ent = total - cs;
    uint8_t h[32];
    SHA256_CTX c;
    SHA256_Init(&c);
    SHA256_Update(&c, bits, (size_t)ent / 8);
    SHA256_Final(h, &c);
    for (int i = 0; i < cs; i++) {
        int want = h[i / 8] >> (7 - i % 8) & 1;
        int got = bits[(ent + i) / 8] >> (7 - (ent + i) % 8) & 1;
        if (want != got) return false;
    }
    return true;
}

/* Electrum "new" seeds: the hex of HMAC-SHA512(key "Seed version", phrase) starts with the seed prefix */
static const char *electrum_type(const char *phrase)
{
    /* HMAC (RFC 2104) over SHA-512 with a 12-byte key: H((K^opad) || H((K^ipad) || m)); the unit tests
     * check it through Electrum's published seeds */
    uint8_t ipad[128], opad[128], inner[64], d[64];
    memset(ipad, 0x36, sizeof ipad);
    memset(opad, 0x5c, sizeof opad);
    for (int i = 0; i < 12; i++) {
        ipad[i] ^= (uint8_t)"Seed version"[i];
        opad[i] ^= (uint8_t)"Seed version"[i];
    }
    SHA512_CTX c;
    SHA512_Init(&c);
    SHA512_Update(&c, ipad, sizeof ipad);
    SHA512_Update(&c, phrase, strlen(phrase));
    SHA512_Final(inner, &c);
    SHA512_Init(&c);
    SHA512_Update(&c, opad, sizeof opad);
    SHA512_Update(&c, inner, sizeof inner);
    SHA512_Final(d, &c);
    if (d[0] == 0x01) return "standard";            /* "01" */
    if (d[0] == 0x10 && (d[1] >> 4) == 0) return "segwit";     /* "100" */
    if (d[0] == 0x10 && (d[1] >> 4) == 1) return "2fa";        /* "101" */
    if (d[0] == 0x10 && (d[1] >> 4) == 2) return "2fa_segwit"; /* "102" */
    return NULL;
}

/* ---- the scanner ---------------------------------------------------------------------------------- */

/* window kinds evaluated per start token; a valid window of kind k covers win_len[k] words */
enum { W12, W15, W18, W21, W24, WE12, WE13, NWIN };
static const int win_len[NWIN] = {12, 15, 18, 21, 24, 12, 13};

typedef struct tok {
    size_t off, end;           /* the word's bytes in the text */
    const entry *e;
    uint8_t checked;           /* window kinds already evaluated (bit per kind) */
    uint8_t valid;             /* ... and found valid */
    int8_t lang[NWIN];         /* language of a valid BIP39 window; NLANG for Electrum */
} tok;

typedef struct scan {
    const dft_bip39 *b;
    dft_mnemonic_fn cb;
    void *payload;
    tok ring[RING];
    size_t head, count;        /* ring[head .. head+count) */
    int rc;                    /* a callback's non-zero return */
} scan;

static tok *at(scan *sc, size_t i) { return &sc->ring[(sc->head + i) % RING]; }

/* the NFKD words of tokens [s, s+n) joined by single spaces */
static bool join_phrase(scan *sc, size_t s, int n, char *out, size_t cap)
{
    size_t o = 0;
    for (int i = 0; i < n; i++) {
        const entry *e = at(sc, s + (size_t)i)->e;
        if (o + e->len + 2 > cap) return false;
        if (i) out[o++] = ' ';
        memcpy(out + o, sc->b->blob + e->off, e->len);
        o += e->len;
    }
    out[o] = '\0';
    return true;
}

/* evaluates the window kinds at ring position s that the buffered tokens now allow and that were not
 * evaluated before: each (token, kind) pair is checked once, whatever the number of decisions */
static void evaluate(scan *sc, size_t s)
{
    tok *t = at(sc, s);
    size_t avail = sc->count - s;
    uint8_t fits = 0;
    for (int k = 0; k < NWIN; k++)
        if ((size_t)win_len[k] <= avail) fits |= (uint8_t)(1u << k);
    if ((t->checked & fits) == fits) return; /* the common case once a token has been seen */
    uint16_t mask[25];
    mask[0] = 0xffff;
    size_t m = avail < 24 ? avail : 24;
    for (size_t k = 1; k <= m; k++) mask[k] = mask[k - 1] & at(sc, s + k - 1)->e->mask;
    for (int k = 0; k < NWIN; k++) {
        int n = win_len[k];
        if ((t->checked >> k & 1) || (size_t)n > avail) continue;
        t->checked |= (uint8_t)(1u << k);
        if (k < WE12) {
            for (int l = 0; l < NLANG; l++) {
                if (!(mask[n] >> l & 1)) continue;
                uint16_t idx[24];
                for (int i = 0; i < n; i++) idx[i] = at(sc, s + (size_t)i)->e->idx[l];
                if (bip39_valid(idx, n)) {
                    t->valid |= (uint8_t)(1u << k);
                    t->lang[k] = (int8_t)l;
                    break;
                }
            }
        } else if (mask[n] >> LANG_ENGLISH & 1) {
            /* Electrum seeds (12 words since Electrum 2.7, 13 before) from its English list, which is
             * BIP39's; a 12-word window that is valid BIP39 is BIP39 */
            if (k == WE12 && (t->valid & 1u << W12)) continue; /* W12 was evaluated first, in kind order */
            char phrase[24 * 9 + 1];
            if (join_phrase(sc, s, n, phrase, sizeof phrase) && electrum_type(phrase)) {
                t->valid |= (uint8_t)(1u << k);
                t->lang[k] = NLANG;
            }
        }
    }
}

static void drop(scan *sc, size_t n)
{
    sc->head = (sc->head + n) % RING;
    sc->count -= n;
}

/* reports the window of n tokens at ring position s */
static void report(scan *sc, size_t s, int n, int lang)
{
    dft_mnemonic m;
    memset(&m, 0, sizeof m);
    m.offset = at(sc, s)->off;
    m.length = at(sc, s + (size_t)n - 1)->end - m.offset;
    m.words = n;
    char nfkd[24 * (WORD_MAX + 1) + 1];
    join_phrase(sc, s, n, nfkd, sizeof nfkd);
    if (lang == NLANG) {
        m.language = "electrum";
        const char *t = electrum_type(nfkd);
        snprintf(m.type, sizeof m.type, "%s", t ? t : "standard");
    } else {
        m.language = lang_names[lang];
        snprintf(m.type, sizeof m.type, "bip39");
    }
    if (strlen(nfkd) < sizeof m.phrase) {
        memcpy(m.phrase, nfkd, strlen(nfkd) + 1);
    } else if (nfc_phrase(nfkd, m.phrase, sizeof m.phrase)) {
        m.phrase_nfc = true;
    } else {
        m.phrase[0] = '\0'; /* cannot happen with the official lists (NFC of 24 words < 470 bytes) */
        m.phrase_nfc = true;
    }
    int rc = sc->cb(sc->payload, &m);
    if (rc) sc->rc = rc;
}

/* Decides the oldest buffered token while HORIZON tokens of look-ahead are buffered (or all of them at
 * the end of a run). Among non-overlapping valid windows in the horizon, the choice maximises the words
 * covered, then prefers fewer (so longer) windows: a genuine 24-word phrase beats a stray list word's
 * coincidental 12-word window, and two genuine adjacent 12-word phrases beat a coincidental 15-word
 * window across them (a random window passes the checksum with probability 1/16 .. 1/256, so such
 * coincidences are common). The oldest token starts a reported window iff an optimal choice does. */
static void process(scan *sc, bool flush)
{
    while (sc->count > 0 && !sc->rc && (flush || sc->count >= HORIZON)) {
        size_t h = sc->count < HORIZON ? sc->count : HORIZON;
        for (size_t t = 0; t < h; t++) evaluate(sc, t);
        /* score = words covered * 64 - windows, best over the suffix starting at t, inside [0, h) */
        int best[HORIZON + 1];
        best[h] = 0;
        for (size_t t = h; t-- > 0;) {
            const tok *tk = at(sc, t);
            int v = best[t + 1];
            for (int k = 0; k < NWIN; k++) {
                size_t n = (size_t)win_len[k];
                if ((tk->valid >> k & 1) && t + n <= h && (int)n * 64 - 1 + best[t + n] > v)
                    v = (int)n * 64 - 1 + best[t + n];
            }
            best[t] = v;
        }
        /* walk the optimal choice from the oldest token: a token starts a reported window iff an optimal
         * choice uses it (ties: the earlier start, then the longer window). Without a flush, decisions
         * stop HORIZON/2 tokens before the horizon's end, so each keeps 48 tokens of look-ahead; one DP
         * then decides >= 48 tokens. */
        size_t stop = flush ? h : h - HORIZON / 2, p = 0;
        while (p < stop && !sc->rc) {
            const tok *tp = at(sc, p);
            int use = -1, kind = -1;
            for (int k = 0; k < NWIN; k++) {
                size_t n = (size_t)win_len[k];
                if (!(tp->valid >> k & 1) || p + n > h) continue;
                int v = (int)n * 64 - 1 + best[p + n];
                if (v > use || (v == use && win_len[k] > win_len[kind])) {
                    use = v;
                    kind = k;
                }
            }
            if (kind >= 0 && use >= best[p + 1]) {
                report(sc, p, win_len[kind], tp->lang[kind]);
                p += (size_t)win_len[kind];
            } else {
                p++;
            }
        }
        drop(sc, p);
    }
}

/* length of a separator at p (0 if none): ASCII white space and the punctuation people put between
 * words in notes and chats (, ; : " ' ( ) [ ] { } | ! ?), U+00A0 no-break space, and the CJK ones: U+3000
 * ideographic space, U+3001 、 U+3002 。 U+300C 「 U+300D 」, full-width U+FF0C ， U+FF1A ： U+FF1B ； */
static const uint8_t sep_class[256] = {
    /* 1: a one-byte separator; 2: the lead byte of a possible multi-byte one */
    [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1, ['\v'] = 1, ['\f'] = 1, [','] = 1, [';'] = 1, [':'] = 1,
    ['"'] = 1, ['\''] = 1, ['('] = 1, [')'] = 1, ['['] = 1, [']'] = 1, ['{'] = 1, ['}'] = 1, ['|'] = 1,
    ['!'] = 1, ['?'] = 1,
    [0xc2] = 2, [0xe3] = 2, [0xef] = 2,
};

static size_t sep_len(const unsigned char *p, size_t left)
{
    uint8_t k = sep_class[p[0]];
    if (k != 2) return k;
    unsigned char c = p[0];
    if (c == 0xc2) return left >= 2 && p[1] == 0xa0 ? 2 : 0;
    if (c == 0xe3) return left >= 3 && p[1] == 0x80 && (p[2] <= 0x82 || p[2] == 0x8c || p[2] == 0x8d) ? 3 : 0;
    return left >= 3 && p[1] == 0xbc && (p[2] == 0x8c || p[2] == 0x9a || p[2] == 0x9b) ? 3 : 0;
}

/* Can a token starting with byte c be a list word (or numbering)? ASCII letters and digits; the UTF-8
 * lead bytes of Latin letters with accents (U+00C0..U+017F: C3..C5), Hangul jamo (E1), kana and CJK
 * punctuation/ideographs (E3..E9), Hangul syllables (EA..ED), and full-width forms (EF, which NFKD maps
 * to ASCII). Everything else is refused before any normalisation: the cheap path for binary data. */
static bool may_start_word(unsigned char c)
{
    if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    return (c >= 0xc3 && c <= 0xc5) || c == 0xe1 || (c >= 0xe3 && c <= 0xed) || c == 0xef;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* one whitespace-delimited token [a, z): strips "12." / "3)" numbering and trailing punctuation, then
 * looks the word up. Returns 1 for a list word (*e set, *wa and *wz its bytes), 0 for a transparent token
 * (numbering alone), -1 for anything else (ends the run). */
static int classify_token(const dft_bip39 *b, const char *t, size_t a, size_t z, size_t *wa, size_t *wz,
                          const entry **e)
{
    /* no list word is longer than 33 bytes in NFKD; NFC input is shorter, full-width forms at most 3x */
    if (z - a > 2 * WORD_MAX || !may_start_word((unsigned char)t[a])) return -1;
    size_t d = a;
    while (d < z && d - a < 3 && is_digit(t[d])) d++;
    if (d > a && d - a <= 2) {
        if (d == z) return 0;                                   /* "12" */
        if (t[d] == '.' || t[d] == ')' || t[d] == ':' || t[d] == '-') {
            d++;
            if (d == z) return 0;                               /* "12." */
            a = d;                                              /* "12.word" */
        } else {
            return -1;
        }
    }
    while (z > a && t[z - 1] == '.') z--;
    if (z == a) return -1;
    char w[WORD_MAX + 1];
    int wl = norm_word(t + a, z - a, w, sizeof w);
    if (wl <= 0) return -1;
    *e = lookup(b, w, (size_t)wl);
    if (!*e) return -1;
    *wa = a;
    *wz = z;
    return 1;
}

int dft_bip39_scan(const dft_bip39 *b, const char *text, size_t len, dft_mnemonic_fn cb, void *payload)
{
    scan *sc = malloc(sizeof *sc); /* one allocation per call (about 5 KiB: the ring), none per word */
    if (!sc) return dft_error_set(DFT_ENOMEM, "out of memory scanning for mnemonics");
    memset(sc, 0, sizeof *sc);
    sc->b = b;
    sc->cb = cb;
    sc->payload = payload;
    const unsigned char *u = (const unsigned char *)text;
    size_t i = 0;
    while (i < len && !sc->rc) {
        size_t s = sep_len(u + i, len - i);
        if (s) {
            i += s;
            continue;
        }
        size_t a = i;
        while (i < len && !sep_len(u + i, len - i)) i++;
        size_t wa = 0, wz = 0;
        const entry *e = NULL;
        int k = classify_token(b, text, a, i, &wa, &wz, &e);
        if (k == 0) continue;
        if (k < 0) {
            process(sc, true);
            continue;
        }
        tok *tk = &sc->ring[(sc->head + sc->count) % RING];
        tk->off = wa;
        tk->end = wz;
        tk->e = e;
        tk->checked = tk->valid = 0;
        sc->count++;
        process(sc, false);
    }
    if (!sc->rc) process(sc, true);
    int rc = sc->rc;
    free(sc);
    return rc;
}

/* ---- one phrase -------------------------------------------------------------------------------------- */

typedef struct check_ctx {
    dft_mnemonic *m;
    int found;
} check_ctx;

static int check_cb(void *payload, const dft_mnemonic *m)
{
    check_ctx *c = payload;
    *c->m = *m;
    c->found++;
    return 0;
}

int dft_bip39_check(const dft_bip39 *b, const char *phrase, size_t len, dft_mnemonic *m)
{
    /* the phrase must be words only, and the one mnemonic found must span all of them */
    const unsigned char *u = (const unsigned char *)phrase;
    size_t words = 0;
    for (size_t i = 0; i < len;) {
        size_t s = sep_len(u + i, len - i);
        if (s) {
            i += s;
            continue;
        }
        size_t a = i;
        while (i < len && !sep_len(u + i, len - i)) i++;
        size_t wa, wz;
        const entry *e;
        int k = classify_token(b, phrase, a, i, &wa, &wz, &e);
        if (k < 0) return DFT_ENOTFOUND;
        if (k > 0) words++;
        if (words > 24) return DFT_ENOTFOUND;
    }
    if (words < 12) return DFT_ENOTFOUND;
    dft_mnemonic tmp;
    check_ctx c = {&tmp, 0};
    int rc = dft_bip39_scan(b, phrase, len, check_cb, &c);
    if (rc < 0) return rc;
    if (c.found != 1 || (size_t)tmp.words != words) return DFT_ENOTFOUND;
    *m = tmp;
    return DFT_OK;
}
