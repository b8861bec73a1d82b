/*
 * mrz_fuzz.c - fuzz harness for parsers/mrz.c. Checks: every zone lies inside the input and spans 2
 * (TD2/TD3) or 3 (TD1) lines; fields are NUL-terminated within their arrays and hold only the MRZ
 * alphabet (names: letters and spaces); dates are "" or YYYY-MM-DD; `valid` is the AND of the checks;
 * a second search returns the same zones (no hidden state).
 */
#include <stdint.h>
#include <string.h>

#include "fuzz_check.h"
#include "parsers/mrz.h"

typedef struct acc {
    const char *text;
    size_t len, n;
    uint64_t sum;
} acc;

static int alnum_only(const char *s, size_t cap, int spaces)
{
    size_t n = strnlen(s, cap);
    if (n == cap) return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (spaces && c == ' '))) return 0;
    }
    return 1;
}

static int date_ok(const char *d)
{
    size_t n = strnlen(d, 11);
    if (n == 0) return 1;
    return n == 10 && d[4] == '-' && d[7] == '-';
}

static int on_zone(void *p, const dft_mrz *m)
{
    acc *a = p;
    FUZZ_CHECK(m->offset <= a->len && m->length <= a->len - m->offset);
    size_t nl = 0;
    for (size_t i = m->offset; i < m->offset + m->length; i++) nl += a->text[i] == '\n';
    FUZZ_CHECK(m->type == DFT_MRZ_TD1 ? nl >= 2 : nl >= 1);
    FUZZ_CHECK(alnum_only(m->number, sizeof m->number, 0) && alnum_only(m->nationality, sizeof m->nationality, 0));
    FUZZ_CHECK(alnum_only(m->issuer, sizeof m->issuer, 0) && alnum_only(m->code, sizeof m->code, 0));
    FUZZ_CHECK(alnum_only(m->primary, sizeof m->primary, 1) && alnum_only(m->secondary, sizeof m->secondary, 1));
    FUZZ_CHECK(alnum_only(m->optional, sizeof m->optional, 0));
    FUZZ_CHECK(date_ok(m->birth) && date_ok(m->expiry));
    FUZZ_CHECK(m->sex == 'M' || m->sex == 'F' || m->sex == 'X');
    FUZZ_CHECK(m->valid == (m->check_number && m->check_birth && m->check_expiry && m->check_optional && m->check_composite));
    a->n++;
    a->sum = a->sum * 31 + m->offset + m->length * 7 + (uint64_t)m->valid;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    acc a = { (const char *)data, size, 0, 0 }, b = a;
    FUZZ_CHECK(dft_mrz_find((const char *)data, size, on_zone, &a) == 0);
    FUZZ_CHECK(dft_mrz_find((const char *)data, size, on_zone, &b) == 0);
    FUZZ_CHECK(a.n == b.n && a.sum == b.sum);
    return 0;
}
