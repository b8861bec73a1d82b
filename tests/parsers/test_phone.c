/*
 * test_phone.c - the libphonenumber shim (parsers/phone.h): national and international forms of the
 * region's numbers, WhatsApp JID digits, invalid numbers refused, regions, numbers found in text.
 */
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "phone.h"

static int failures;
#define CHECK(c)                                                                                         \
    do {                                                                                                 \
        if (!(c)) {                                                                                      \
            fprintf(stderr, "%s:%d: CHECK failed: %s (last error: %s)\n", __FILE__, __LINE__, #c,       \
                    dft_error_last());                                                                   \
            failures++;                                                                                  \
        }                                                                                                \
    } while (0)

static void e164_is(const char *raw, const char *region, unsigned flags, const char *want)
{
    char out[DFT_PHONE_LEN];
    int rc = dft_phone_e164(raw, region, flags, out);
    if (!want) {
        CHECK(rc == DFT_ECORRUPT && out[0] == '\0');
        return;
    }
    CHECK(rc == DFT_OK);
    if (strcmp(out, want) != 0) {
        fprintf(stderr, "%s (%s): got '%s', want '%s'\n", raw, region ? region : "-", out, want);
        failures++;
    }
}

struct found { int n; char e164[4][DFT_PHONE_LEN]; size_t off[4]; };
static int on_found(void *payload, size_t offset, size_t length, const char *e164)
{
    struct found *f = payload;
    (void)length;
    if (f->n < 4) {
        snprintf(f->e164[f->n], DFT_PHONE_LEN, "%s", e164);
        f->off[f->n] = offset;
    }
    f->n++;
    return 0;
}

int main(void)
{
    /* Thai mobile numbers, national and international; Vietnamese, Chinese, Indonesian, Cambodian. */
    e164_is("081-234-5678", "TH", 0, "+66812345678");
    e164_is("+66 81 234 5678", NULL, 0, "+66812345678");
    e164_is("0084912345678", "VN", 0, "+84912345678");                 /* VN IDD 00 */
    e164_is("001 66 81 234 5678", "TH", 0, "+66812345678");               /* TH IDD 001 */
    e164_is("66812345678", NULL, DFT_PHONE_INTERNATIONAL, "+66812345678");   /* WhatsApp JID user */
    e164_is("0912 345 678", "VN", 0, "+84912345678");
    e164_is("+86 138 0013 8000", "TH", 0, "+8613800138000");
    e164_is("0812-3456-7890", "id", 0, "+6281234567890");                    /* lower-case region */
    e164_is("012 345 678", "KH", 0, "+85512345678");
    e164_is("(650) 253-0000", "US", 0, "+16502530000");
    e164_is("+1 650-253-0000", NULL, 0, "+16502530000");
    /* Not numbers, or not valid ones. */
    e164_is("", "TH", 0, NULL);
    e164_is("hello", "TH", 0, NULL);
    e164_is("12", "TH", 0, NULL);
    e164_is("081-234-5678", NULL, 0, NULL);                                  /* national, no region */
    e164_is("+999 1234 5678", NULL, 0, NULL);

    char r[3];
    CHECK(dft_phone_region("+66812345678", r) == DFT_OK && strcmp(r, "TH") == 0);
    CHECK(dft_phone_region("+84912345678", r) == DFT_OK && strcmp(r, "VN") == 0);
    CHECK(dft_phone_region("garbage", r) == DFT_ENOTFOUND && r[0] == '\0');
    CHECK(dft_phone_region_of_code(855, r) == DFT_OK && strcmp(r, "KH") == 0);
    CHECK(dft_phone_region_of_code(1, r) == DFT_OK && strcmp(r, "US") == 0);
    CHECK(dft_phone_region_of_code(999, r) == DFT_ENOTFOUND);

    const char *text = "call me at 081 234 5678 or +84 912 345 678 tomorrow";
    struct found f = { 0 };
    CHECK(dft_phone_find(text, strlen(text), "TH", on_found, &f) == DFT_OK);
    CHECK(f.n == 2);
    CHECK(strcmp(f.e164[0], "+66812345678") == 0 && f.off[0] == 11);
    CHECK(strcmp(f.e164[1], "+84912345678") == 0 && f.off[1] == 27);
    /* Offsets are bytes of the UTF-8 text, also after multi-byte characters. */
    const char *thai = "\xe0\xb9\x82\xe0\xb8\x97\xe0\xb8\xa3 081 234 5678";   /* "โทร 081 234 5678" */
    memset(&f, 0, sizeof f);
    CHECK(dft_phone_find(thai, strlen(thai), "TH", on_found, &f) == DFT_OK);
    CHECK(f.n == 1 && strcmp(f.e164[0], "+66812345678") == 0);
    if (f.n == 1 && f.off[0] != 10)
        fprintf(stderr, "note: matcher offset after Thai text is %zu (byte offset 10)\n", f.off[0]);
    CHECK(f.n == 1 && f.off[0] == 10);

    if (failures)
        fprintf(stderr, "%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
