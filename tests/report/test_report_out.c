/*
 * test_report_out.c - the report's escapers (core/report/report_out.c) and pseudonyms
 * (report_redact.c), with exact expected bytes: hostile markup stays text in HTML, JSON is safe inside
 * <script>, CSV follows RFC 4180, invalid UTF-8 becomes U+FFFD, and tokens are stable per key.
 */
#include <stdlib.h>
#include <string.h>

#include "../core/check.h"
#include "report_impl.h"

typedef void (*esc_fn)(rpt_out *, const char *);

/* The bytes one escaper writes for s (malloc'd). */
static char *run(esc_fn f, const char *s)
{
    char *buf = NULL;
    size_t len = 0;
    rpt_out o = { 0 };
    o.f = open_memstream(&buf, &len);
    f(&o, s);
    fclose(o.f);
    return buf;
}

static int same(esc_fn f, const char *in, const char *want)
{
    char *got = run(f, in);
    int ok = got && strcmp(got, want) == 0;
    if (!ok) fprintf(stderr, "  in [%s]\n  got  [%s]\n  want [%s]\n", in, got ? got : "(null)", want);
    free(got);
    return ok;
}

static void test_report_out__html_escapes_markup(void)
{
    CHECK(same(out_html, "<script>alert(\"x\")</script>", "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
    CHECK(same(out_html, "a & b 'c'", "a &amp; b &#39;c&#39;"));
    CHECK(same(out_html, "tab\there\nline", "tab\there\nline"));
    CHECK(same(out_html, "bell\x07", "bell\xef\xbf\xbd"));
    CHECK(same(out_html, "caf\xc3\xa9 \xe0\xb8\xaa", "caf\xc3\xa9 \xe0\xb8\xaa")); /* é and Thai SO SUA stay */
}

static void test_report_out__json_is_script_safe(void)
{
    CHECK(same(out_json, "</script><b>", "\"\\u003c/script\\u003e\\u003cb\\u003e\""));
    CHECK(same(out_json, "a\"b\\c\n\x01", "\"a\\\"b\\\\c\\n\\u0001\""));
    CHECK(same(out_json, "x\xe2\x80\xa8y", "\"x\\u2028y\""));
    CHECK(same(out_json, NULL, "null"));
    CHECK(same(out_json, "&", "\"\\u0026\""));
}

static void test_report_out__invalid_utf8_repaired(void)
{
    CHECK(same(out_json, "\xff", "\"\\ufffd\""));
    CHECK(same(out_json, "\xc0\xaf", "\"\\ufffd\\ufffd\""));        /* overlong '/' */
    CHECK(same(out_json, "\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"")); /* a UTF-16 surrogate */
    CHECK(same(out_json, "ok\xe0\xb8", "\"ok\\ufffd\\ufffd\""));      /* truncated at the end */
    CHECK(same(out_csv, "a\xff", "a\xef\xbf\xbd"));
    CHECK(same(out_html, "\xf4\x90\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd")); /* > U+10FFFF */
}

static void test_report_out__csv_rfc4180(void)
{
    CHECK(same(out_csv, "plain", "plain"));
    CHECK(same(out_csv, "a,b", "\"a,b\""));
    CHECK(same(out_csv, "say \"hi\"", "\"say \"\"hi\"\"\""));
    CHECK(same(out_csv, "two\r\nlines", "\"two\r\nlines\""));
    CHECK(same(out_csv, " padded", "\" padded\""));
    CHECK(same(out_csv, "", ""));
    CHECK(same(out_csv, NULL, ""));
}

static void test_report_redact__stable_tokens(void)
{
    sqlite3 *db = NULL;
    sqlite3_open(":memory:", &db);
    sqlite3_exec(db, "CREATE TABLE persons(name, passport); INSERT INTO persons VALUES ('Somchai Jaidee', 'AA1234567');",
                 NULL, NULL, NULL);
    rpt_redact *a = NULL, *b = NULL, *c = NULL;
    CHECK(rpt_redact_new(&a, db, "secret-1") == 0);
    CHECK(rpt_redact_new(&b, db, "secret-1") == 0);
    CHECK(rpt_redact_new(&c, db, "secret-2") == 0);
    char t1[64], t2[64], t3[64];
    snprintf(t1, sizeof t1, "%s", rpt_redact_apply(a, RF_PHONE, "+66812345678"));
    snprintf(t2, sizeof t2, "%s", rpt_redact_apply(b, RF_HANDLE, "66812345678@s.whatsapp.net"));
    snprintf(t3, sizeof t3, "%s", rpt_redact_apply(c, RF_PHONE, "+66812345678"));
    CHECK(strncmp(t1, "PHONE-", 6) == 0 && strlen(t1) == 16);
    CHECK(strcmp(t1, t2) == 0);  /* same key, same number: the same token, whatever the form */
    CHECK(strcmp(t1, t3) != 0);  /* another case: another token */
    snprintf(t1, sizeof t1, "%s", rpt_redact_apply(a, RF_NAME, "SOMCHAI  jaidee"));
    snprintf(t2, sizeof t2, "%s", rpt_redact_apply(a, RF_NAME, "Somchai Jaidee"));
    CHECK(strcmp(t1, t2) == 0 && strncmp(t1, "NAME-", 5) == 0);
    snprintf(t3, sizeof t3, "%s", rpt_redact_apply(a, RF_VALUE, "AA1234567"));
    CHECK(strncmp(t3, "ID-", 3) == 0); /* a known passport keeps its class */
    /* free text: the known name and the phone number are replaced, the rest stays */
    char want[256];
    snprintf(want, sizeof want, "hi %s, call ", t2);
    const char *body = rpt_redact_apply(a, RF_TEXT, "hi Somchai Jaidee, call +66 81 234 5678 now");
    CHECK(strncmp(body, want, strlen(want)) == 0);
    CHECK(strstr(body, "PHONE-") && strstr(body, " now") && !strstr(body, "5678"));
    /* flags survive in JSON */
    const char *j = rpt_redact_apply(a, RF_JSON, "{\"possible_trafficking_victim\":true,\"note\":\"x\"}");
    CHECK(strncmp(j, "{\"possible_trafficking_victim\":true,\"note\":\"VALUE-", 49) == 0);
    CHECK(rpt_redact_apply(NULL, RF_NAME, "kept") && !strcmp(rpt_redact_apply(NULL, RF_NAME, "kept"), "kept"));
    rpt_redact_free(a);
    rpt_redact_free(b);
    rpt_redact_free(c);
    sqlite3_close(db);
}

int main(void)
{
    RUN(test_report_out__html_escapes_markup);
    RUN(test_report_out__json_is_script_safe);
    RUN(test_report_out__invalid_utf8_repaired);
    RUN(test_report_out__csv_rfc4180);
    RUN(test_report_redact__stable_tokens);
    return check_failures ? 1 : 0;
}
