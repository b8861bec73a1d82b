/*
 * test_moz_clone.c - parsers/moz_clone: structured clones built word by word here (the layout of
 * moz_clone.h) decode to exact JSON (Latin-1 and UTF-16 strings with a surrogate pair, int32, doubles,
 * booleans, null, arrays, nested objects, Date, back reference); damaged ones are DFT_ECORRUPT
 * (truncated, no header, nesting past the cap), unsupported types DFT_EUNSUPPORTED; a Snappy-
 * compressed value (libsnappy) and IndexedDB string keys.
 */
#include <snappy-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "parsers/moz_clone.h"

static int fails;
#define CHECK(c)                                                                  \
    do {                                                                          \
        if (!(c)) {                                                               \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #c); \
            fails++;                                                              \
        }                                                                         \
    } while (0)

static uint8_t buf[1 << 16];
static size_t n;

static void word(uint64_t v)
{
    for (int i = 0; i < 8; i++) buf[n++] = (uint8_t)(v >> (8 * i));
}
static void pair(uint32_t tag, uint32_t data) { word(((uint64_t)tag << 32) | data); }
static void latin1(const char *s)
{
    size_t l = strlen(s);
    pair(0xFFFF0004u, (uint32_t)l | 0x80000000u);
    memcpy(buf + n, s, l);
    n += l;
    while (n % 8) buf[n++] = 0;
}
static void utf16(const uint16_t *u, size_t l)
{
    pair(0xFFFF0004u, (uint32_t)l);
    for (size_t i = 0; i < l; i++) {
        buf[n++] = (uint8_t)u[i];
        buf[n++] = (uint8_t)(u[i] >> 8);
    }
    while (n % 8) buf[n++] = 0;
}
static void dbl(double d)
{
    uint64_t v;
    memcpy(&v, &d, 8);
    word(v);
}

static char *decode(int *rc)
{
    json_t *j = NULL;
    *rc = dft_moz_clone_decode(&j, buf, n);
    char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    return s;
}

int main(void)
{
    /* {"a":5,"s":"hi","u":"Сч😀","d":1.5,"t":1700000000000,"n":null,"b":true,"arr":[1,"x"],"o":{"k":-2},
        "when":Date(86400000),"again":<backref>} */
    n = 0;
    pair(0xFFF10000u, 2);
    pair(0xFFFF0008u, 0);
    latin1("a"), pair(0xFFFF0003u, 5);
    latin1("s"), latin1("hi");
    const uint16_t u[] = { 0x0421, 0x0447, 0xD83D, 0xDE00 };
    latin1("u"), utf16(u, 4);
    latin1("d"), dbl(1.5);
    latin1("t"), dbl(1700000000000.0);
    latin1("n"), pair(0xFFFF0000u, 0);
    latin1("b"), pair(0xFFFF0002u, 1);
    latin1("arr"), pair(0xFFFF0007u, 2), pair(0xFFFF0003u, 0), pair(0xFFFF0003u, 1), pair(0xFFFF0003u, 1), latin1("x"),
        pair(0xFFFF0013u, 0);
    latin1("o"), pair(0xFFFF0008u, 0), latin1("k"), pair(0xFFFF0003u, (uint32_t)-2), pair(0xFFFF0013u, 0);
    latin1("when"), pair(0xFFFF0005u, 0), dbl(86400000.0);
    latin1("again"), pair(0xFFFF000Du, 1);
    pair(0xFFFF0013u, 0);
    int rc;
    char *s = decode(&rc);
    CHECK(rc == DFT_OK);
    CHECK(s && strcmp(s, "{\"a\":5,\"s\":\"hi\",\"u\":\"\xd0\xa1\xd1\x87\xf0\x9f\x98\x80\",\"d\":1.5,\"t\":1700000000000,"
                         "\"n\":null,\"b\":true,\"arr\":[1,\"x\"],\"o\":{\"k\":-2},\"when\":86400000,\"again\":null}") == 0);
    if (s && fails) fprintf(stderr, "got %s\n", s);
    free(s);

    /* the same, Snappy-compressed: an IndexedDB value */
    size_t clen = snappy_max_compressed_length(n);
    char *comp = malloc(clen);
    CHECK(snappy_compress((const char *)buf, n, comp, &clen) == SNAPPY_OK);
    json_t *j = NULL;
    CHECK(dft_moz_idb_value(&j, (const uint8_t *)comp, clen) == DFT_OK);
    CHECK(json_integer_value(json_object_get(j, "a")) == 5);
    json_decref(j);
    CHECK(dft_moz_idb_value(&j, (const uint8_t *)"\xff\xff\xff\xff\xff", 5) == DFT_ECORRUPT && j == NULL);
    free(comp);

    /* every truncation of it: a clear error, never a crash */
    size_t full = n;
    for (size_t cut = 0; cut < full; cut++) {
        json_t *t = NULL;
        int r = dft_moz_clone_decode(&t, buf, cut);
        CHECK(r == DFT_ECORRUPT && t == NULL);
    }

    /* no header */
    n = 0;
    pair(0xFFFF0003u, 1);
    s = decode(&rc);
    CHECK(rc == DFT_ECORRUPT && !s && strstr(dft_error_last(), "no header"));
    /* nesting past the cap */
    n = 0;
    pair(0xFFF10000u, 2);
    for (int i = 0; i < DFT_MOZ_CLONE_MAX_DEPTH + 5; i++) pair(0xFFFF0007u, 1), pair(0xFFFF0003u, 0);
    s = decode(&rc);
    CHECK(rc == DFT_ECORRUPT && !s && strstr(dft_error_last(), "deeper"));
    /* a Map is not decoded */
    n = 0;
    pair(0xFFF10000u, 2);
    pair(0xFFFF0011u, 0);
    s = decode(&rc);
    CHECK(rc == DFT_EUNSUPPORTED && !s && strstr(dft_error_last(), "0xffff0011"));
    /* a string claiming more characters than there are */
    n = 0;
    pair(0xFFF10000u, 2);
    pair(0xFFFF0004u, 0x80000000u | 1000);
    s = decode(&rc);
    CHECK(rc == DFT_ECORRUPT && !s);

    /* IndexedDB string keys */
    char key[16];
    CHECK(dft_moz_idb_key(key, sizeof key, (const uint8_t *)"\x30\x65\x62\x75\x62", 5) == DFT_OK && strcmp(key, "data") == 0);
    CHECK(dft_moz_idb_key(key, sizeof key, (const uint8_t *)"\x10\x40", 2) == DFT_EUNSUPPORTED);
    CHECK(dft_moz_idb_key(key, 3, (const uint8_t *)"\x30\x65\x62\x75\x62", 5) == DFT_ELIMIT);
    if (fails) {
        fprintf(stderr, "%d check(s) failed\n", fails);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
