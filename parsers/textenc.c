/*
 * textenc.c - encoding detection and conversion to UTF-8 (see textenc.h for the rules).
 */
#include "textenc.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

/* Length of the valid UTF-8 sequence at b[0..n) (1..4), or 0 when it is not one. */
static size_t utf8_seq(const uint8_t *b, size_t n)
{
    uint8_t c = b[0];
    if (c < 0x80) return 1;
    size_t k;
    uint32_t cp, min;
    if ((c & 0xE0) == 0xC0) k = 1, cp = c & 0x1F, min = 0x80;
    else if ((c & 0xF0) == 0xE0) k = 2, cp = c & 0x0F, min = 0x800;
    else if ((c & 0xF8) == 0xF0) k = 3, cp = c & 0x07, min = 0x10000;
    else return 0;
    if (n <= k) return 0;
    for (size_t j = 1; j <= k; j++) {
        if ((b[j] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (b[j] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return k + 1;
}

int dft_textenc_valid_utf8(const uint8_t *b, size_t n)
{
    size_t i = 0, k;
    while (i < n) {
        /* ASCII runs 8 bytes at a time: every text file of an image is validated here by each plugin
         * that reads text (documents, roster, scam_text), and most of their bytes are ASCII */
        uint64_t w;
        while (n - i >= 8 && (memcpy(&w, b + i, 8), (w & 0x8080808080808080ull) == 0)) i += 8;
        if (i == n) break;
        if ((k = utf8_seq(b + i, n - i)) == 0) return 0;
        i += k;
    }
    return 1;
}

/* UTF-8 to UTF-8 by hand: glibc's iconv lets some invalid sequences through (found by the fuzzer:
 * F7 B7 BB BF), and the output must be valid UTF-8. */
static void utf8_copy(const uint8_t *b, size_t n, char *o, size_t *olen, size_t *replaced)
{
    size_t w = 0;
    for (size_t i = 0, k; i < n; i += k) {
        k = utf8_seq(b + i, n - i);
        if (k) {
            memcpy(o + w, b + i, k);
            w += k;
        } else {
            memcpy(o + w, "\xEF\xBF\xBD", 3);
            w += 3;
            (*replaced)++;
            k = 1;
        }
    }
    o[w] = '\0';
    *olen = w;
}

/* Does the whole input decode strictly in this encoding? (iconv without //IGNORE stops at EILSEQ.) */
static int decodes_strictly(const uint8_t *b, size_t n, const char *enc)
{
    iconv_t cd = iconv_open("UTF-8", enc);
    if (cd == (iconv_t)-1) return 0;
    char tmp[4096];
    char *in = (char *)b;
    size_t inleft = n;
    int ok = 1;
    while (inleft > 0) {
        char *o = tmp;
        size_t oleft = sizeof tmp;
        if (iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1 && errno != E2BIG) {
            ok = 0;
            break;
        }
    }
    iconv_close(cd);
    return ok;
}

/* Thai: a combining vowel/tone mark (0xD1, 0xD4..0xDA, 0xE7..0xEE) only ever follows a consonant
 * (0xA1..0xCE) or another mark; real Thai has many such marks and no misplaced ones, while CJK
 * double-byte text read as TIS-620 puts "marks" after arbitrary bytes. */
static int is_thai_mark(uint8_t c) { return c == 0xD1 || (c >= 0xD4 && c <= 0xDA) || (c >= 0xE7 && c <= 0xEE); }

static int looks_thai(const uint8_t *b, size_t n)
{
    size_t high = 0, marks = 0, misplaced = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t c = b[i];
        if (c < 0x80 || c == 0x80 || c == 0x85 || (c >= 0x91 && c <= 0x97) || c == 0xA0) continue;
        if (c < 0xA1 || (c >= 0xDB && c <= 0xDE) || c >= 0xFC) return 0;   /* unassigned in TIS-620 */
        high++;
        if (!is_thai_mark(c)) continue;
        marks++;
        uint8_t p = i > 0 ? b[i - 1] : 0;
        if (!((p >= 0xA1 && p <= 0xCE) || is_thai_mark(p))) misplaced++;
    }
    return high > 0 && marks * 100 >= high * 10 && misplaced * 100 <= marks * 5;
}

/* Big5 vs GB: over double-byte pairs (lead >= 0x81), the share of trails in 0x40..0x7E. */
static int looks_big5(const uint8_t *b, size_t n)
{
    size_t pairs = 0, low = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        if (b[i] < 0x81) continue;
        pairs++;
        if (b[i + 1] >= 0x40 && b[i + 1] <= 0x7E) low++;
        i++;
    }
    return pairs > 0 && low * 100 >= pairs * 10;
}

const char *dft_textenc_detect(const uint8_t *b, size_t n, size_t *bom_len)
{
    *bom_len = 0;
    if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
        *bom_len = 3;
        return "UTF-8";
    }
    if (n >= 2 && b[0] == 0xFF && b[1] == 0xFE) {
        *bom_len = 2;
        return "UTF-16LE";
    }
    if (n >= 2 && b[0] == 0xFE && b[1] == 0xFF) {
        *bom_len = 2;
        return "UTF-16BE";
    }
    size_t probe = n < 4096 ? n : 4096;
    probe &= ~(size_t)1;
    if (probe >= 4) {
        size_t z_even = 0, z_odd = 0, half = probe / 2;
        for (size_t i = 0; i < probe; i += 2) {
            z_even += b[i] == 0;
            z_odd += b[i + 1] == 0;
        }
        if (z_odd * 100 >= half * 30 && z_even * 100 < half * 5) return "UTF-16LE";
        if (z_even * 100 >= half * 30 && z_odd * 100 < half * 5) return "UTF-16BE";
    }
    if (dft_textenc_valid_utf8(b, n)) return "UTF-8";
    if (looks_thai(b, n)) return "WINDOWS-874";
    if (looks_big5(b, n) && decodes_strictly(b, n, "BIG5")) return "BIG5";
    if (decodes_strictly(b, n, "GB18030")) return "GB18030";
    return "WINDOWS-1252";
}

/* Appends the 3-byte U+FFFD; the caller ensured room. */
static void put_replacement(char **o, size_t *oleft)
{
    memcpy(*o, "\xEF\xBF\xBD", 3);
    *o += 3;
    *oleft -= 3;
}

int dft_textenc_to_utf8(const uint8_t *b, size_t n, const char *encoding, dft_textenc_result *out)
{
    size_t bom = 0;
    if (!encoding && n <= DFT_TEXTENC_MAX) encoding = dft_textenc_detect(b, n, &bom);
    return dft_textenc_convert(b, n, encoding ? encoding : "UTF-8", bom, out);
}

int dft_textenc_convert(const uint8_t *b, size_t n, const char *encoding, size_t bom, dft_textenc_result *out)
{
    memset(out, 0, sizeof *out);
    if (n > DFT_TEXTENC_MAX)
        return dft_error_set(DFT_ELIMIT, "text of %zu bytes exceeds the %zu-byte cap", n, DFT_TEXTENC_MAX);
    if (bom > n) bom = n;
    const char *enc = encoding;
    static const char *const known[] = {"UTF-8", "UTF-16LE", "UTF-16BE", "GB18030", "BIG5",
                                        "WINDOWS-874", "WINDOWS-1252"};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(enc, known[i]) == 0) enc = known[i];   /* hand back a static name */
    /* Every supported encoding expands at most 3x (one byte -> U+FFFD or a 3-byte BMP char). */
    size_t cap = (n - bom) * 3 + 4;
    if (strcmp(enc, "UTF-8") == 0) {
        char *buf = malloc(cap);
        if (!buf) return dft_error_set(DFT_ENOMEM, "out of memory converting %zu bytes", n);
        utf8_copy(b + bom, n - bom, buf, &out->len, &out->replaced);
        out->text = buf;
        out->encoding = "UTF-8";
        return DFT_OK;
    }
    iconv_t cd = iconv_open("UTF-8", enc);
    if (cd == (iconv_t)-1) return dft_error_set(DFT_EUNSUPPORTED, "iconv does not know encoding %s", enc);
    char *buf = malloc(cap);
    if (!buf) {
        iconv_close(cd);
        return dft_error_set(DFT_ENOMEM, "out of memory converting %zu bytes", n);
    }
    char *in = (char *)b + bom, *o = buf;
    size_t inleft = n - bom, oleft = cap - 1;
    while (inleft > 0) {
        if (iconv(cd, &in, &inleft, &o, &oleft) != (size_t)-1) break;
        if (errno == EILSEQ || errno == EINVAL) {
            /* EINVAL: truncated sequence at the end; EILSEQ: invalid. Skip one byte either way. */
            if (oleft < 3) break;
            put_replacement(&o, &oleft);
            in++;
            inleft--;
            out->replaced++;
            iconv(cd, NULL, NULL, NULL, NULL);
        } else {
            break;   /* E2BIG cannot happen with the 3x bound; stop rather than loop */
        }
    }
    iconv_close(cd);
    *o = '\0';
    out->text = buf;
    out->len = (size_t)(o - buf);
    out->encoding = enc;
    return DFT_OK;
}
