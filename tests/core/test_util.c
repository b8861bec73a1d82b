/*
 * test_util.c - unit tests of the core utilities: digests against published test vectors
 * (RFC 1321, FIPS 180-2 "abc"), the bounded reader, the string map, time text, the type check.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "buf.h"
#include "hash.h"
#include "strmap.h"
#include "timefmt.h"
#include "typecheck.h"

static void test_hash__published_vectors(void)
{
    dft_hasher *h;
    dft_hashes out;
    CHECK(dft_hasher_new(&h) == DFT_OK);
    dft_hasher_update(h, "abc", 3);
    dft_hasher_final(h, &out);
    CHECK(strcmp(out.md5, "900150983cd24fb0d6963f7d28e17f72") == 0);
    CHECK(strcmp(out.sha1, "a9993e364706816aba3e25717850c26c9cd0d89d") == 0);
    CHECK(strcmp(out.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") == 0);
    /* final resets: the empty message next */
    dft_hasher_final(h, &out);
    CHECK(strcmp(out.md5, "d41d8cd98f00b204e9800998ecf8427e") == 0);
    CHECK(strcmp(out.sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855") == 0);
    /* split updates equal one update */
    const char *msg = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    for (size_t i = 0; i < strlen(msg); i += 7) dft_hasher_update(h, msg + i, strlen(msg) - i < 7 ? strlen(msg) - i : 7);
    dft_hasher_final(h, &out);
    CHECK(strcmp(out.sha256, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1") == 0);
    dft_hasher_free(h);
}

static void test_hash__parallel_equals_serial(void)
{
    dft_hasher *a, *b;
    CHECK(dft_hasher_new(&a) == DFT_OK);
    CHECK(dft_hasher_new_parallel(&b) == DFT_OK);
    static uint8_t block[100000];
    for (size_t i = 0; i < sizeof block; i++) block[i] = (uint8_t)(i * 131 + 7);
    for (int round = 0; round < 50; round++) {
        size_t n = sizeof block - (size_t)round * 997;
        dft_hasher_update(a, block, n);
        dft_hasher_update(b, block, n);
    }
    dft_hashes x, y;
    dft_hasher_final(a, &x);
    dft_hasher_final(b, &y);
    CHECK(memcmp(&x, &y, sizeof x) == 0);
    dft_hasher_update(b, "abc", 3); /* the parallel one is reusable after final */
    dft_hasher_final(b, &y);
    CHECK(strcmp(y.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") == 0);
    dft_hasher_free(a);
    dft_hasher_free(b);
}

static void test_buf__bounds(void)
{
    const uint8_t data[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
    dft_buf b = dft_buf_make(data, sizeof data);
    uint32_t v32;
    uint64_t v64;
    CHECK(dft_buf_u32le(&b, &v32) == DFT_OK && v32 == 0x04030201);
    CHECK(dft_buf_u32be(&b, &v32) == DFT_OK && v32 == 0x05060708);
    CHECK(dft_buf_u64le(&b, &v64) == DFT_ECORRUPT);
    CHECK(b.pos == 8); /* a failed read leaves the cursor */
    dft_buf sub;
    CHECK(dft_buf_sub(&b, 2, &sub) == DFT_ECORRUPT);
    CHECK(dft_buf_seek(&b, 10) == DFT_ECORRUPT);
    CHECK(dft_buf_fits(&b, SIZE_MAX, 2) == 0);
    dft_buf lines = dft_buf_make("a\r\nbc\n\nlast", 11);
    const char *l;
    size_t n;
    CHECK(dft_buf_line(&lines, &l, &n) == DFT_OK && n == 1 && l[0] == 'a');
    CHECK(dft_buf_line(&lines, &l, &n) == DFT_OK && n == 2);
    CHECK(dft_buf_line(&lines, &l, &n) == DFT_OK && n == 0);
    CHECK(dft_buf_line(&lines, &l, &n) == DFT_OK && n == 4);
    CHECK(dft_buf_line(&lines, &l, &n) == DFT_ENOTFOUND);
}

static void test_strmap__grows_and_finds(void)
{
    dft_strmap *m;
    CHECK(dft_strmap_new(&m) == DFT_OK);
    char key[32];
    for (int i = 0; i < 10000; i++) {
        snprintf(key, sizeof key, "/dir/%d", i);
        CHECK(dft_strmap_put(m, key, i) == DFT_OK);
    }
    CHECK(dft_strmap_count(m) == 10000);
    int64_t v = -1;
    CHECK(dft_strmap_get(m, "/dir/4321", &v) == DFT_OK && v == 4321);
    CHECK(dft_strmap_get(m, "/dir/10000", &v) == DFT_ENOTFOUND);
    CHECK(dft_strmap_put(m, "/dir/7", 70) == DFT_OK && dft_strmap_count(m) == 10000);
    CHECK(dft_strmap_get(m, "/dir/7", &v) == DFT_OK && v == 70);
    dft_strmap_free(m);
}

static void test_timefmt__utc_text(void)
{
    char t[DFT_TIME_LEN];
    dft_time_format(t, 0, 0);
    CHECK(strcmp(t, "1970-01-01T00:00:00Z") == 0);
    dft_time_format(t, 1700000000, 123456789);
    CHECK(strcmp(t, "2023-11-14T22:13:20.123Z") == 0);
    int64_t s;
    uint32_t ns;
    dft_time_from_filetime(116444736000000000ULL + 10000000ULL * 60 + 5, &s, &ns);
    CHECK(s == 60 && ns == 500);
    CHECK(dft_time_from_cocoa(0.0, &ns) == 978307200);
    dft_time_format(t, 253402300800LL, 0); /* 10000-01-01 */
    CHECK(strcmp(t, "invalid:253402300800") == 0);
    dft_time_format(t, -62135596801LL, 0); /* just before 0001-01-01 */
    CHECK(strncmp(t, "invalid:", 8) == 0);
}

/* Known values from the formats' own tools (Python datetime, Chrome's chrome://history, Apple's sms.db). */
static void test_timefmt__every_epoch(void)
{
    char t[DFT_TIME_LEN];
    dft_time_text(t, DFT_TIME_FILETIME, 116444736000000000LL);
    CHECK(strcmp(t, "1970-01-01T00:00:00Z") == 0);
    dft_time_text(t, DFT_TIME_FILETIME, 116444736000000001LL); /* 100 ns */
    CHECK(strcmp(t, "1970-01-01T00:00:00.000000100Z") == 0);
    dft_time_text(t, DFT_TIME_FILETIME, 0); /* 1601-01-01 is a valid year */
    CHECK(strcmp(t, "1601-01-01T00:00:00Z") == 0);
    int64_t s;
    uint32_t ns;
    dft_time_from_filetime(UINT64_MAX, &s, &ns);
    dft_time_format(t, s, ns);
    CHECK(strncmp(t, "invalid:", 8) == 0);
    dft_time_text(t, DFT_TIME_WEBKIT_US, 13317477600000000LL);
    CHECK(strcmp(t, "2023-01-06T11:20:00Z") == 0);
    dft_time_text(t, DFT_TIME_WEBKIT_US, 13317477600000001LL);
    CHECK(strcmp(t, "2023-01-06T11:20:00.000001Z") == 0);
    dft_time_text(t, DFT_TIME_COCOA_NS, 600000000123456789LL);
    CHECK(strcmp(t, "2020-01-06T10:40:00.123456789Z") == 0);
    dft_time_text(t, DFT_TIME_COCOA_AUTO, 600000000123456789LL);
    CHECK(strcmp(t, "2020-01-06T10:40:00.123456789Z") == 0);
    dft_time_text(t, DFT_TIME_COCOA_AUTO, 600000000LL);
    CHECK(strcmp(t, "2020-01-06T10:40:00Z") == 0);
    dft_time_text(t, DFT_TIME_COCOA_S, 600000000LL);
    CHECK(strcmp(t, "2020-01-06T10:40:00Z") == 0);
    dft_time_text(t, DFT_TIME_UNIX_MS, 1700000000123LL);
    CHECK(strcmp(t, "2023-11-14T22:13:20.123Z") == 0);
    dft_time_text(t, DFT_TIME_UNIX_MS, -1); /* floored: one ms before the epoch */
    CHECK(strcmp(t, "1969-12-31T23:59:59.999Z") == 0);
    dft_time_text(t, DFT_TIME_UNIX_US, 1700000000123456LL);
    CHECK(strcmp(t, "2023-11-14T22:13:20.123456Z") == 0);
    dft_time_text(t, DFT_TIME_UNIX_NS, 1700000000123456789LL);
    CHECK(strcmp(t, "2023-11-14T22:13:20.123456789Z") == 0);
    dft_time_text(t, DFT_TIME_UNIX_S, 1700000000LL);
    CHECK(strcmp(t, "2023-11-14T22:13:20Z") == 0);
    /* out of range: years past 9999, and sums past int64 clamped */
    dft_time_text(t, DFT_TIME_UNIX_MS, INT64_MAX);
    CHECK(strcmp(t, "invalid:9223372036854775") == 0);
    dft_time_text(t, DFT_TIME_COCOA_S, INT64_MAX);
    CHECK(strcmp(t, "invalid:9223372036854775807") == 0);
    dft_time_text(t, DFT_TIME_COCOA_S, INT64_MIN);
    CHECK(strcmp(t, "invalid:-9223372035876468608") == 0);
    dft_time_text(t, DFT_TIME_WEBKIT_US, INT64_MAX);
    CHECK(strncmp(t, "invalid:", 8) == 0);
    dft_time_text(t, DFT_TIME_FILETIME, -1);
    CHECK(strcmp(t, "1600-12-31T23:59:59.999999900Z") == 0);
}

/* The double Cocoa path: 0.1 s is .100, not .099 (truncation), and the whole second carries. */
static void test_timefmt__cocoa_double(void)
{
    char t[DFT_TIME_LEN];
    uint32_t ns;
    CHECK(dft_time_from_cocoa(0.1, &ns) == 978307200 && ns == 100000000);
    CHECK(dft_time_from_cocoa(-0.5, &ns) == 978307199 && ns == 500000000);
    CHECK(dft_time_from_cocoa(600000000.9999999, &ns) == 1578307201 && ns == 0);
    dft_time_text_cocoa(t, 600000000.123456);
    CHECK(strcmp(t, "2020-01-06T10:40:00.123456Z") == 0);
    dft_time_text_cocoa(t, NAN);
    CHECK(strcmp(t, "2001-01-01T00:00:00Z") == 0);
    dft_time_text_cocoa(t, 4e18);
    CHECK(strncmp(t, "invalid:", 8) == 0);
}

static void test_typecheck__mismatch(void)
{
    const char *exp;
    CHECK(dft_typecheck_mismatch("photo.jpg", "application/x-dosexec", &exp));
    CHECK(!dft_typecheck_mismatch("photo.JPG", "image/jpeg", &exp));
    CHECK(!dft_typecheck_mismatch("notes", "text/plain", &exp));          /* no extension */
    CHECK(!dft_typecheck_mismatch("x.unknownext", "text/plain", &exp));   /* unknown extension */
    CHECK(!dft_typecheck_mismatch("empty.pdf", "application/x-empty", &exp));
    CHECK(dft_typecheck_mismatch("wallet.txt", "application/vnd.sqlite3", &exp));
}

int main(void)
{
    RUN(test_hash__published_vectors);
    RUN(test_hash__parallel_equals_serial);
    RUN(test_buf__bounds);
    RUN(test_strmap__grows_and_finds);
    RUN(test_timefmt__utc_text);
    RUN(test_timefmt__every_epoch);
    RUN(test_timefmt__cocoa_double);
    RUN(test_typecheck__mismatch);
    return check_failures ? 1 : 0;
}
