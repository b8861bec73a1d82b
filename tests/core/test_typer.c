/*
 * test_typer.c - the typer's shortcuts give libmagic's own answers: for every sample, the typer
 * (shortcuts on) and libmagic's full database (two plain magic_buffer calls) agree on the MIME
 * type, and on the description wherever the shortcut applies to non-code text. Texts that the
 * database types (markup, keys, cards, scripts, mail) are not shortcut.
 *
 * Rule 0 (the exact-content memo, typememo.h) is tested differentially: thousands of typings of
 * generated buffers (random, all-zero, text, real magic headers with random tails, and near-copies
 * that differ from an earlier buffer in one byte), many of them repeated, through typers with the
 * default memo and with tiny memos that evict all the time, must equal libmagic called afresh with
 * the typer's flags. DFT_TYPER_DIFF_LIST=FILE (one path a line, e.g. a bench image's source tree)
 * runs the same comparison on real files, each typed twice (the second time from the memo).
 */
#include <magic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "error.h"
#include "typememo.h"
#include "typer.h"

static const char *const samples[] = {
    "hello world\nthis is plain text\n",
    "{\"wallet\": \"TXyz\", \"amount\": [1, 2]}\n",
    "name,phone,amount\nSomchai,+66812345678,5000\nLi,+8613800000000,2000\n",
    "-----BEGIN PGP MESSAGE-----\nhQEMA\n-----END PGP MESSAGE-----\n",
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Victim One\r\nTEL:+66812345678\r\nEND:VCARD\r\n",
    "<html><body>deposit now</body></html>\n",
    "<?xml version=\"1.0\"?><plist><dict/></plist>\n",
    "#!/bin/sh\necho hi\n",
    "Received: from mail.example by mx\nFrom: a@example\nSubject: x\n\nbody\n",
    "\xe0\xb8\x82\xe0\xb9\x89\xe0\xb8\xad\xe0\xb8\x84\xe0\xb8\xa7\xe0\xb8\xb2\xe0\xb8\xa1 Thai text\n",
    "line one\r\nline two\r\n",
    "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n",
    "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
    "SQLite format 3\0\x10\0\x01\x01\0\x40\x20\x20",
    "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0",
};
/* lengths of the samples with NUL bytes (0 = strlen); sizeof the literal minus its NUL */
static const size_t lens[] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 24, 29 };

static void test_typer__agrees_with_libmagic(void)
{
    dft_typer *t;
    CHECK(dft_typer_new(&t, false) == DFT_OK);
    magic_t m = magic_open(MAGIC_NONE);
    CHECK(m && magic_load(m, NULL) == 0);
    /* twice over the samples: the second pass answers MIME types from the memo */
    for (size_t k = 0; k < 2 * sizeof samples / sizeof samples[0]; k++) {
        size_t i = k % (sizeof samples / sizeof samples[0]);
        size_t len = lens[i] ? lens[i] : strlen(samples[i]);
        const uint8_t *buf = (const uint8_t *)samples[i];
        char *mime = NULL, *desc = NULL;
        CHECK(dft_typer_type(t, buf, len, &mime, &desc) == DFT_OK);
        magic_setflags(m, MAGIC_MIME_TYPE);
        char *full_mime = strdup(magic_buffer(m, buf, len));
        magic_setflags(m, MAGIC_NONE);
        const char *full_desc = magic_buffer(m, buf, len);
        if (strcmp(mime, full_mime) != 0) fprintf(stderr, "sample %zu: %s vs libmagic %s\n", i, mime, full_mime);
        CHECK(strcmp(mime, full_mime) == 0);
        if (strcmp(desc, full_desc) != 0) fprintf(stderr, "sample %zu: '%s' vs libmagic '%s'\n", i, desc, full_desc);
        CHECK(strcmp(desc, full_desc) == 0);
        free(full_mime);
        free(mime);
        free(desc);
    }
    magic_close(m);
    dft_typer_free(t);
}

static void test_typer__random_data_is_octet_stream(void)
{
    dft_typer *t;
    CHECK(dft_typer_new(&t, false) == DFT_OK);
    uint8_t buf[4096];
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < sizeof buf; i++) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        buf[i] = (uint8_t)x;
    }
    char *mime, *desc;
    CHECK(dft_typer_type(t, buf, sizeof buf, &mime, &desc) == DFT_OK);
    CHECK(strcmp(mime, "application/octet-stream") == 0 && strcmp(desc, "data") == 0);
    free(mime);
    free(desc);
    CHECK(dft_typer_type(t, buf, 0, &mime, &desc) == DFT_OK);
    CHECK(strcmp(mime, "application/x-empty") == 0 && strcmp(desc, "empty") == 0);
    free(mime);
    free(desc);
    dft_typer_free(t);
}

static void test_typer__shortcut_only_for_plain_text(void)
{
    CHECK(dft_typer_plain_text((const uint8_t *)"just words\n", 11));
    CHECK(!dft_typer_plain_text((const uint8_t *)"<html>", 6));
    CHECK(!dft_typer_plain_text((const uint8_t *)"  #!/usr/bin/env python\n", 24));
    CHECK(!dft_typer_plain_text((const uint8_t *)"BEGIN:VCARD\n", 12));
    CHECK(!dft_typer_plain_text((const uint8_t *)"Return-Path: <x@y>\n", 19));
    CHECK(!dft_typer_plain_text((const uint8_t *)"a\0b", 3));
    CHECK(!dft_typer_plain_text((const uint8_t *)"\xff\xfeh\0i\0", 6)); /* UTF-16 */
}

/* libmagic afresh, with the flags the typer uses for these bytes (rules 1-3 without memos). */
static void reference(magic_t m, const uint8_t *buf, size_t len, char **mime, char **desc)
{
    if (!len) {
        *mime = strdup("application/x-empty");
        *desc = strdup("empty");
        return;
    }
    int base = dft_typer_plain_text(buf, len) ? MAGIC_NO_CHECK_SOFT : MAGIC_NONE;
    magic_setflags(m, base);
    const char *d = magic_buffer(m, buf, len);
    *desc = strdup(d ? d : "(null)");
    magic_setflags(m, base | MAGIC_MIME_TYPE);
    const char *mt = magic_buffer(m, buf, len);
    *mime = strdup(mt ? mt : "(null)");
}

static uint32_t rnd(uint32_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 17;
    *x ^= *x << 5;
    return *x;
}

typedef struct sample {
    uint8_t *buf;
    size_t len;
    char *mime, *desc; /* reference answer */
} sample;

static const char *const words[] = { "transfer", "the", "deposit", "wallet", "account", "to", "and", "USDT",
                                     "bonus", "agent", "please", "now", "ลงทุน", "客户", "0x5a3f" };
static const char *const heads[] = {
    "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "\xff\xd8\xff\xe0\0\x10JFIF\0", "%PDF-1.4\n", "PK\3\4\x14\0\0\0\x08\0",
    "\x1f\x8b\x08\0\0\0\0\0", "\x7f" "ELF\x02\x01\x01", "MZ\x90\0\x03\0", "SQLite format 3", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    "7z\xbc\xaf\x27\x1c", "RIFF\x24\0\0\0WAVEfmt ", "GIF89a", "BZh91AY&SY", "\xfd" "7zXZ\0", "OggS\0\x02",
};
static const size_t head_lens[] = { 16, 11, 9, 10, 8, 7, 6, 15, 8, 6, 16, 6, 10, 6, 6 };

/* Buffer k of the generated pool: kinds cycle so each is well represented. */
static void make_sample(sample *s, uint32_t *x, const sample *pool, size_t made)
{
    size_t kind = made % 6, len;
    switch (kind) {
    case 0: /* random bytes: what no magic rule matches, the costly case */
        len = 1 + rnd(x) % 8192;
        s->buf = malloc(len);
        for (size_t i = 0; i < len; i++) s->buf[i] = (uint8_t)rnd(x);
        break;
    case 1: /* all zeros (short, block-sized and odd lengths) */
        len = (rnd(x) & 1) ? 1 + rnd(x) % 16 : 1 + rnd(x) % 8192;
        s->buf = calloc(1, len);
        break;
    case 2: { /* text; a quarter of it with an opening the database types */
        len = 0;
        s->buf = malloc(4200);
        const char *open = (rnd(x) % 4 == 0) ? "<html><body>" : "# small note\n";
        size_t target = 10 + rnd(x) % 4000;
        memcpy(s->buf, open, strlen(open));
        len = strlen(open);
        while (len < target) {
            const char *w = words[rnd(x) % (sizeof words / sizeof words[0])];
            memcpy(s->buf + len, w, strlen(w));
            len += strlen(w);
            s->buf[len++] = (rnd(x) % 9) ? ' ' : '\n';
        }
        break;
    }
    case 3: { /* a real magic header, random tail */
        size_t h = rnd(x) % (sizeof heads / sizeof heads[0]);
        len = head_lens[h] + rnd(x) % 2048;
        s->buf = malloc(len);
        memcpy(s->buf, heads[h], head_lens[h]);
        for (size_t i = head_lens[h]; i < len; i++) s->buf[i] = (uint8_t)rnd(x);
        break;
    }
    default: { /* a near-copy of an earlier buffer: one byte differs, or one byte shorter */
        const sample *o = &pool[rnd(x) % made];
        len = o->len;
        s->buf = malloc(len);
        memcpy(s->buf, o->buf, len);
        if (kind == 4) s->buf[rnd(x) % len] ^= (uint8_t)(1 + rnd(x) % 255);
        else if (len > 1) len--;
        break;
    }
    }
    s->len = len;
}

static void type_and_compare(dft_typer *t, const sample *s, size_t *mismatches)
{
    char *mime = NULL, *desc = NULL;
    CHECK(dft_typer_type(t, s->buf, s->len, &mime, &desc) == DFT_OK);
    if (!mime || !desc || strcmp(mime, s->mime) != 0 || strcmp(desc, s->desc) != 0) {
        if (++*mismatches <= 5)
            fprintf(stderr, "len %zu: typer '%s' / '%s', libmagic '%s' / '%s'\n", s->len, mime ? mime : "",
                    desc ? desc : "", s->mime, s->desc);
    }
    free(mime);
    free(desc);
}

#define POOL 360
#define TYPINGS 1500

static void test_typer__memo_is_exact_differential(void)
{
    magic_t m = magic_open(MAGIC_NONE);
    CHECK(m && magic_load(m, NULL) == 0);
    static sample pool[POOL];
    uint32_t x = 0x9e3779b9u;
    for (size_t i = 0; i < POOL; i++) {
        make_sample(&pool[i], &x, pool, i);
        reference(m, pool[i].buf, pool[i].len, &pool[i].mime, &pool[i].desc);
    }
    /* default memo; a 1-slot memo (every entry collides); 8 slots with a 6 KiB budget (entries
     * refused for size, evictions); memo off (the typer's rules 1-4 alone) */
    const size_t slots[] = { DFT_TYPEMEMO_SLOTS, 1, 8, 8 };
    const size_t bytes[] = { DFT_TYPEMEMO_BYTES, DFT_TYPEMEMO_BYTES, 6 << 10, 0 };
    for (size_t c = 0; c < 4; c++) {
        dft_typer *t;
        CHECK(dft_typer_new_memo(&t, false, slots[c], bytes[c]) == DFT_OK);
        size_t mismatches = 0;
        uint32_t y = 12345u + (uint32_t)c;
        for (size_t k = 0; k < TYPINGS; k++) {
            /* skewed: half the typings go to the first 16 buffers, so repeats are frequent */
            size_t i = (rnd(&y) & 1) ? rnd(&y) % 16 : rnd(&y) % POOL;
            type_and_compare(t, &pool[i], &mismatches);
        }
        CHECK(mismatches == 0);
        uint64_t hits = dft_typer_memo_hits(t);
        if (c == 0) CHECK(hits > TYPINGS / 3); /* the memo was exercised, not bypassed */
        if (c == 3) CHECK(hits == 0);
        dft_typer_free(t);
    }
    for (size_t i = 0; i < POOL; i++) {
        free(pool[i].buf);
        free(pool[i].mime);
        free(pool[i].desc);
    }
    magic_close(m);
}

/* Rule 1: libmagic answers every one-byte buffer before consulting anything. */
static void test_typer__one_byte_is_libmagic_answer(void)
{
    magic_t m = magic_open(MAGIC_NONE);
    CHECK(m && magic_load(m, NULL) == 0);
    dft_typer *t;
    CHECK(dft_typer_new_memo(&t, false, 1, 0) == DFT_OK); /* memo off: rule 1 alone */
    size_t mismatches = 0;
    for (int full = 0; full < 2; full++) {
        for (unsigned v = 0; v < 256; v++) {
            uint8_t b = (uint8_t)v;
            sample s = { .buf = &b, .len = 1 };
            magic_setflags(m, full ? MAGIC_NONE : MAGIC_NO_CHECK_SOFT); /* either flag set, same answer */
            s.desc = strdup(magic_buffer(m, &b, 1));
            magic_setflags(m, (full ? MAGIC_NONE : MAGIC_NO_CHECK_SOFT) | MAGIC_MIME_TYPE);
            s.mime = strdup(magic_buffer(m, &b, 1));
            type_and_compare(t, &s, &mismatches);
            free(s.mime);
            free(s.desc);
        }
    }
    CHECK(mismatches == 0);
    dft_typer_free(t);
    magic_close(m);
}

/* The memo's own contract: equal bytes only (the hash is the caller's and may collide), bounds. */
static void test_typememo__bytes_decide_not_hashes(void)
{
    dft_typememo *mm;
    CHECK(dft_typememo_new(&mm, 3, 100) != DFT_OK); /* slots must be a power of two */
    CHECK(dft_typememo_new(&mm, 4, 100) == DFT_OK);
    const char *mime, *desc;
    const uint8_t a[] = "abcdef", b[] = "abcdeg";
    dft_typememo_put(mm, 7, a, 6, "m/a", "A");
    CHECK(dft_typememo_get(mm, 7, a, 6, &mime, &desc) && strcmp(mime, "m/a") == 0 && strcmp(desc, "A") == 0);
    CHECK(!dft_typememo_get(mm, 7, b, 6, &mime, &desc)); /* same hash, other bytes */
    CHECK(!dft_typememo_get(mm, 7, a, 5, &mime, &desc)); /* same hash, a prefix */
    CHECK(!dft_typememo_get(mm, 11, a, 6, &mime, &desc)); /* other hash, same slot */
    CHECK(dft_typememo_hits(mm) == 1);
    /* budget 100: 6 + 4 + 2 = 12 bytes held; a 96-byte entry evicts the old one to fit */
    CHECK(dft_typememo_held(mm) == 12);
    uint8_t big[90] = { 0 };
    dft_typememo_put(mm, 1, big, sizeof big, "x/y", "z"); /* 90 + 4 + 2 = 96: 108 > 100 */
    CHECK(dft_typememo_get(mm, 1, big, sizeof big, &mime, &desc) && dft_typememo_held(mm) == 96);
    CHECK(!dft_typememo_get(mm, 7, a, 6, &mime, &desc));
    dft_typememo_put(mm, 2, big, sizeof big, "x/yy", "z"); /* 97 > the budget left: evicts slot 1 */
    CHECK(dft_typememo_held(mm) == 97 && !dft_typememo_get(mm, 1, big, sizeof big, &mime, &desc));
    dft_typememo_put(mm, 5, big, sizeof big, "x/yyyyyyy", "z"); /* 102 > budget: never stored */
    CHECK(dft_typememo_held(mm) == 97 && !dft_typememo_get(mm, 5, big, sizeof big, &mime, &desc));
    dft_typememo_free(mm);
    /* many random entries: the bound holds at every step and the newest entry is always there */
    CHECK(dft_typememo_new(&mm, 64, 20000) == DFT_OK);
    uint32_t x = 7;
    uint8_t buf[4096];
    for (size_t i = 0; i < sizeof buf; i++) buf[i] = (uint8_t)rnd(&x);
    for (int k = 0; k < 5000; k++) {
        size_t len = rnd(&x) % sizeof buf;
        uint64_t h = rnd(&x);
        buf[0] = (uint8_t)k;
        dft_typememo_put(mm, h, buf, len, "m", "d");
        CHECK(dft_typememo_held(mm) <= 20000);
        CHECK(dft_typememo_get(mm, h, buf, len, &mime, &desc));
    }
    dft_typememo_free(mm);
    /* the hash is a function of the bytes and length only */
    CHECK(dft_typememo_hash(a, 6) == dft_typememo_hash((const uint8_t *)"abcdef", 6));
    CHECK(dft_typememo_hash(a, 6) != dft_typememo_hash(b, 6));
    CHECK(dft_typememo_hash(big, 32) != dft_typememo_hash(big, 33));
}

/* DFT_TYPER_DIFF_LIST: the differential on real files, each typed twice. */
static void test_typer__memo_on_listed_files(void)
{
    const char *list = getenv("DFT_TYPER_DIFF_LIST");
    if (!list) return;
    FILE *f = fopen(list, "r");
    CHECK(f != NULL);
    if (!f) return;
    magic_t m = magic_open(MAGIC_NONE);
    CHECK(m && magic_load(m, NULL) == 0);
    dft_typer *t;
    CHECK(dft_typer_new(&t, false) == DFT_OK);
    char path[4096];
    size_t files = 0, mismatches = 0;
    uint8_t *buf = malloc(DFT_TYPEMEMO_MAX_ENTRY);
    while (buf && fgets(path, sizeof path, f)) {
        path[strcspn(path, "\n")] = 0;
        FILE *g = fopen(path, "rb");
        if (!g) continue;
        sample s = { .buf = buf, .len = fread(buf, 1, DFT_TYPEMEMO_MAX_ENTRY, g) };
        fclose(g);
        reference(m, s.buf, s.len, &s.mime, &s.desc);
        type_and_compare(t, &s, &mismatches);
        type_and_compare(t, &s, &mismatches);
        free(s.mime);
        free(s.desc);
        files++;
    }
    fclose(f);
    fprintf(stderr, "DFT_TYPER_DIFF_LIST: %zu files, %zu mismatches, %llu memo hits\n", files, mismatches,
            (unsigned long long)dft_typer_memo_hits(t));
    CHECK(mismatches == 0 && files > 0);
    free(buf);
    dft_typer_free(t);
    magic_close(m);
}

int main(void)
{
    RUN(test_typer__agrees_with_libmagic);
    RUN(test_typer__random_data_is_octet_stream);
    RUN(test_typer__shortcut_only_for_plain_text);
    RUN(test_typer__one_byte_is_libmagic_answer);
    RUN(test_typememo__bytes_decide_not_hashes);
    RUN(test_typer__memo_is_exact_differential);
    RUN(test_typer__memo_on_listed_files);
    return check_failures ? 1 : 0;
}
