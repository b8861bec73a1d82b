/*
 * test_typer.c - the typer's shortcuts give libmagic's own answers: for every sample, the typer
 * (shortcuts on) and libmagic's full database (two plain magic_buffer calls) agree on the MIME
 * type, and on the description wherever the shortcut applies to non-code text. Texts that the
 * database types (markup, keys, cards, scripts, mail) are not shortcut.
 */
#include <magic.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "error.h"
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
static const size_t lens[] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 32, 29 };

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

int main(void)
{
    RUN(test_typer__agrees_with_libmagic);
    RUN(test_typer__random_data_is_octet_stream);
    RUN(test_typer__shortcut_only_for_plain_text);
    return check_failures ? 1 : 0;
}
