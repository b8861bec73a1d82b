/*
 * test_textenc_csv.c - parsers/textenc.c (detection + conversion of BOM/UTF-16/GB18030/Big5/TIS-620/
 * Windows-1252 samples, replacement of invalid bytes, the size cap) and parsers/csvread.c (RFC 4180
 * quoting, embedded newlines, delimiter sniffing, unterminated quotes, field cap).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "error.h"
#include "textenc.h"

static int failures;
#define CHECK(c)                                                                                         \
    do {                                                                                                 \
        if (!(c)) {                                                                                      \
            fprintf(stderr, "%s:%d: CHECK failed: %s (last error: %s)\n", __FILE__, __LINE__, #c,       \
                    dft_error_last());                                                                   \
            failures++;                                                                                  \
        }                                                                                                \
    } while (0)

/* Converts with detection and checks the encoding name and the UTF-8 result exactly. */
static void conv(const char *in, size_t n, const char *want_enc, const char *want_text, size_t want_repl)
{
    dft_textenc_result r;
    int rc = dft_textenc_to_utf8((const uint8_t *)in, n, NULL, &r);
    CHECK(rc == DFT_OK);
    if (rc) return;
    if (strcmp(r.encoding, want_enc) != 0) fprintf(stderr, "encoding %s, want %s\n", r.encoding, want_enc);
    CHECK(strcmp(r.encoding, want_enc) == 0);
    if (strcmp(r.text, want_text) != 0) fprintf(stderr, "text [%s], want [%s]\n", r.text, want_text);
    CHECK(r.len == strlen(want_text) && strcmp(r.text, want_text) == 0);
    CHECK(r.replaced == want_repl);
    free(r.text);
}

static void test_textenc(void)
{
    conv("\xEF\xBB\xBFname", 7, "UTF-8", "name", 0);
    conv("\xFF\xFEn\0a\0m\0e\0", 10, "UTF-16LE", "name", 0);
    conv("\xFE\xFF\0n\0a\0m\0e", 10, "UTF-16BE", "name", 0);
    conv("n\0a\0m\0e\0,\0\x60\x4F", 12, "UTF-16LE", "name,\xE4\xBD\xA0", 0);   /* 你 */
    conv("\0n\0a\0m\0e\0,\x4F\x60", 12, "UTF-16BE", "name,\xE4\xBD\xA0", 0);
    conv("\xE5\xA7\x93\xE5\x90\x8D", 6, "UTF-8", "姓名", 0);
    /* GB18030: 姓名,电话,护照 / 张三,13800138000,E12345678 */
    static const char gb[] = "\xd0\xd5\xc3\xfb\x2c\xb5\xe7\xbb\xb0\x2c\xbb\xa4\xd5\xd5\x0a\xd5\xc5\xc8\xfd"
                             "\x2c\x31\x33\x38\x30\x30\x31\x33\x38\x30\x30\x30\x2c\x45\x31\x32\x33\x34\x35"
                             "\x36\x37\x38\x0a";
    conv(gb, sizeof gb - 1, "GB18030", "姓名,电话,护照\n张三,13800138000,E12345678\n", 0);
    /* Big5: 姓名,電話,護照 / 張三,0912345678,許功蓋 (trail bytes 0x5C: the classic Big5 trap) */
    static const char b5[] = "\xa9\x6d\xa6\x57\x2c\xb9\x71\xb8\xdc\x2c\xc5\x40\xb7\xd3\x0a\xb1\x69\xa4\x54"
                             "\x2c\x30\x39\x31\x32\x33\x34\x35\x36\x37\x38\x2c\xb3\x5c\xa5\x5c\xbb\x5c\x0a";
    conv(b5, sizeof b5 - 1, "BIG5", "姓名,電話,護照\n張三,0912345678,許功蓋\n", 0);
    /* TIS-620: ชื่อ,เบอร์โทร / สมชาย,0812345678 */
    static const char th[] = "\xaa\xd7\xe8\xcd\x2c\xe0\xba\xcd\xc3\xec\xe2\xb7\xc3\x0a\xca\xc1\xaa\xd2\xc2"
                             "\x2c\x30\x38\x31\x32\x33\x34\x35\x36\x37\x38\x0a";
    conv(th, sizeof th - 1, "WINDOWS-874", "ชื่อ,เบอร์โทร\nสมชาย,0812345678\n", 0);
    conv("Caf\xe9 M\xfcller;Z\xfcrich\n", 19, "WINDOWS-1252", "Café Müller;Zürich\n", 0);
    conv("", 0, "UTF-8", "", 0);

    /* Forced encoding with invalid bytes: each bad byte becomes U+FFFD, the text around survives. */
    dft_textenc_result r;
    CHECK(dft_textenc_to_utf8((const uint8_t *)"ab\xFF\xFE" "cd\xC3", 7, "UTF-8", &r) == DFT_OK);
    CHECK(strcmp(r.text, "ab\xEF\xBF\xBD\xEF\xBF\xBD" "cd\xEF\xBF\xBD") == 0);
    CHECK(r.replaced == 3);
    free(r.text);
    CHECK(dft_textenc_to_utf8((const uint8_t *)"x", 1, "NO-SUCH-ENCODING-X", &r) == DFT_EUNSUPPORTED);
    CHECK(dft_textenc_to_utf8((const uint8_t *)"x", DFT_TEXTENC_MAX + 1, NULL, &r) == DFT_ELIMIT);

    CHECK(dft_textenc_valid_utf8((const uint8_t *)"\xC0\x80", 2) == 0);          /* overlong NUL */
    CHECK(dft_textenc_valid_utf8((const uint8_t *)"\xED\xA0\x80", 3) == 0);      /* surrogate */
    CHECK(dft_textenc_valid_utf8((const uint8_t *)"\xF4\x90\x80\x80", 4) == 0);  /* > U+10FFFF */
    CHECK(dft_textenc_valid_utf8((const uint8_t *)"\xF0\x9F\x98\x80", 4) == 1);  /* U+1F600 */
    /* the 8-byte ASCII fast path: a bad or good sequence after, between and at the end of ASCII runs */
    CHECK(dft_textenc_valid_utf8((const uint8_t *)"abcdefghijklmnop\xC0\x80", 18) == 0);
    CHECK(dft_textenc_valid_utf8((const uint8_t *)"abcdefgh\xC3\xA9ijklmnopq", 19) == 1);
    CHECK(dft_textenc_valid_utf8((const uint8_t *)"abcdefg\xC3\xA9", 9) == 1);        /* straddles 8 */
    CHECK(dft_textenc_valid_utf8((const uint8_t *)"abcdefg\xC3", 8) == 0);             /* cut at 8 */
    CHECK(dft_textenc_valid_utf8((const uint8_t *)"abcdefghijklmnopqrstuvwxyz012345\xFF", 33) == 0);
}

/* Reads all records; checks them against want: fields joined by '|', records by '\n'. */
static void csv(const char *in, char delim, char want_delim, const char *want)
{
    dft_csv *c;
    CHECK(dft_csv_open(&c, in, strlen(in), delim) == DFT_OK);
    CHECK(dft_csv_delimiter(c) == want_delim);
    char got[1024] = "";
    char **f;
    size_t nf;
    int rc;
    while ((rc = dft_csv_next(c, &f, &nf)) == 1) {
        for (size_t i = 0; i < nf; i++) {
            strncat(got, f[i], sizeof got - strlen(got) - 1);
            if (i + 1 < nf) strncat(got, "|", sizeof got - strlen(got) - 1);
        }
        strncat(got, "\n", sizeof got - strlen(got) - 1);
    }
    CHECK(rc == 0);
    if (strcmp(got, want) != 0) fprintf(stderr, "csv got [%s]\nwant [%s]\n", got, want);
    CHECK(strcmp(got, want) == 0);
    dft_csv_free(c);
}

static void test_csv(void)
{
    csv("a,b,c\r\n1,2,3\r\n", 0, ',', "a|b|c\n1|2|3\n");
    csv("name,note\n\"Lee, Ann\",\"line1\nline2\"\n\"say \"\"hi\"\"\",\n", 0, ',',
        "name|note\nLee, Ann|line1\nline2\nsay \"hi\"|\n");
    csv("姓名;电话;金额\n张三;+8613800138000;1,5\n李四;13900000000;2,0\n", 0, ';',
        "姓名|电话|金额\n张三|+8613800138000|1,5\n李四|13900000000|2,0\n");
    csv("a\tb, c\td\n1\t2, 3\t4\n", 0, '\t', "a|b, c|d\n1|2, 3|4\n");
    csv("a\tb,c\n1\t2,3\n", 0, ',', "a\tb|c\n1\t2|3\n");   /* tie: comma first */
    csv("x|y\n1|2\n", 0, '|', "x|y\n1|2\n");
    csv("\n\na,b\n\n\n1,2", 0, ',', "a|b\n1|2\n");         /* blank lines skipped, no final EOL */
    csv("a,\"b\"c,d\"e\n", 0, ',', "a|bc|d\"e\n");           /* lenient: text after quote, bare quote */
    csv("only one field\n", 0, ',', "only one field\n");
    csv("a;b\n", ',', ',', "a;b\n");                          /* forced delimiter */

    /* Line numbers survive embedded newlines; an unterminated quote runs to the end. */
    const char *t = "h1,h2\n\"multi\nline\",x\nlast,\"open\n...";
    dft_csv *c;
    char **f;
    size_t nf;
    CHECK(dft_csv_open(&c, t, strlen(t), 0) == DFT_OK);
    CHECK(dft_csv_next(c, &f, &nf) == 1 && dft_csv_line(c) == 1);
    CHECK(dft_csv_next(c, &f, &nf) == 1 && dft_csv_line(c) == 2 && nf == 2 && strcmp(f[0], "multi\nline") == 0);
    CHECK(dft_csv_next(c, &f, &nf) == 1 && dft_csv_line(c) == 4 && nf == 2 && strcmp(f[1], "open\n...") == 0);
    CHECK(dft_csv_unterminated(c) == 1);
    CHECK(dft_csv_next(c, &f, &nf) == 0);
    dft_csv_free(c);

    /* Field cap: 5000 commas -> 4096 fields, the rest joined into the last one. */
    size_t n = 5001;
    char *wide = malloc(n + 1);
    memset(wide, ',', n - 1);
    wide[n - 1] = 'z';
    wide[n] = '\0';
    CHECK(dft_csv_open(&c, wide, n, ',') == DFT_OK);
    CHECK(dft_csv_next(c, &f, &nf) == 1);
    CHECK(nf == DFT_CSV_MAX_FIELDS);
    CHECK(strlen(f[nf - 1]) == 906);   /* 905 commas + "z" */
    CHECK(dft_csv_truncated(c) == 5000 - 4095);
    dft_csv_free(c);
    free(wide);
}

int main(void)
{
    test_textenc();
    test_csv();
    if (failures) fprintf(stderr, "%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
