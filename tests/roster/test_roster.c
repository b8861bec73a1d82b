/*
 * test_roster.c - unit tests of parsers/roster (lexicon, value helpers, the streaming table model,
 * vCard sets) over synthetic cells and over the fixtures gen_roster.py writes.
 * usage: test_roster LEXICON(headers.tsv) FIXTURES_DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "parsers/csvread.h"
#include "parsers/ooxml.h"
#include "parsers/odf.h"
#include "parsers/roster.h"
#include "parsers/textenc.h"

static int fails;
#define CHECK(c)                                                                  \
    do {                                                                          \
        if (!(c)) {                                                               \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #c); \
            fails++;                                                              \
        }                                                                         \
    } while (0)
#define CHECK_STR(a, b)                                                                            \
    do {                                                                                           \
        const char *a_ = (a), *b_ = (b);                                                           \
        if (!a_ || strcmp(a_, b_) != 0) {                                                          \
            fprintf(stderr, "%s:%d: got '%s', want '%s'\n", __FILE__, __LINE__, a_ ? a_ : "(null)", b_); \
            fails++;                                                                               \
        }                                                                                          \
    } while (0)

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    fclose(f);
    if (b) b[n] = '\0';
    *len = (size_t)n;
    return b;
}

/* ---- a sink that writes what it sees as text lines ------------------------------------------ */

typedef struct rec {
    char log[16384];
    size_t n;
    int tables, table_ends;
    uint64_t rows, not_persons;
} rec;

static void logf_(rec *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#include <stdarg.h>
static void logf_(rec *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(r->log + r->n, sizeof r->log - r->n, fmt, ap);
    va_end(ap);
    if (k > 0) r->n += (size_t)k < sizeof r->log - r->n ? (size_t)k : sizeof r->log - r->n - 1;
}

static int s_table(void *ctx, const dft_roster_table *t)
{
    rec *r = ctx;
    r->tables++;
    logf_(r, "T %s h%u [", t->kind, t->header_row);
    for (size_t i = 0; i < t->ncols; i++)
        logf_(r, "%s%s%s", i ? "," : "", dft_roster_field_name(t->cols[i].field), t->cols[i].by_content ? "*" : "");
    logf_(r, "]\n");
    return 0;
}

static int s_row(void *ctx, const dft_roster_table *t, const dft_roster_row *w)
{
    rec *r = ctx;
    (void)t;
    logf_(r, "R%u %s|%s|%s|%s|%s|", w->row, w->name ? w->name : "", w->phone ? w->phone : "",
          w->passport ? w->passport : "", w->region ? w->region : "", w->amount_value ? w->amount_value : "");
    for (size_t i = 0; i < w->ncues; i++) logf_(r, "%s%s", i ? "," : "", w->cues[i].family);
    logf_(r, "\n");
    return 0;
}

static int s_end(void *ctx, const dft_roster_table *t)
{
    rec *r = ctx;
    r->table_ends++;
    r->rows = t->rows;
    r->not_persons = t->not_persons;
    logf_(r, "E %llu %u-%u\n", (unsigned long long)t->rows, t->first_row, t->last_row);
    return 0;
}

static dft_roster *open_rec(const dft_roster_lexicon *lx, rec *r)
{
    memset(r, 0, sizeof *r);
    dft_roster_sink sink = { .ctx = r, .table = s_table, .row = s_row, .table_end = s_end };
    dft_roster *ro = NULL;
    CHECK(dft_roster_new(&ro, lx, &sink) == DFT_OK);
    return ro;
}

/* feeds rows of '|'-separated cells; row numbers from 1, an empty line is a blank row */
static void feed(dft_roster *ro, const char *const *rows, size_t n)
{
    CHECK(dft_roster_table_begin(ro, 1, "S") == DFT_OK);
    for (size_t i = 0; i < n; i++) {
        char buf[512];
        snprintf(buf, sizeof buf, "%s", rows[i]);
        uint32_t col = 1;
        for (char *p = buf, *q; p; p = q, col++) {
            q = strchr(p, '|');
            if (q) *q++ = '\0';
            CHECK(dft_roster_cell(ro, (uint32_t)i + 1, col, p) == DFT_OK);
        }
    }
    CHECK(dft_roster_table_end(ro) == DFT_OK);
}

/* ---- tests ---------------------------------------------------------------------------------- */

static void test_lexicon(const dft_roster_lexicon *lx)
{
    CHECK_STR(dft_roster_lexicon_version(lx), "2026.12-4");
    const char *lang = NULL;
    CHECK(dft_roster_lexicon_header(lx, "WhatsApp号码", &lang, NULL) == DFT_RF_WHATSAPP);
    CHECK(dft_roster_lexicon_header(lx, "Online", NULL, NULL) == DFT_RF_NONE);   /* not "line" */
    CHECK(dft_roster_lexicon_header(lx, "Deposit (USDT)", NULL, NULL) == DFT_RF_DEPOSIT);
    CHECK(dft_roster_lexicon_header(lx, "护照号码", &lang, NULL) == DFT_RF_PASSPORT);
    CHECK_STR(lang, "zh");
    CHECK(dft_roster_lexicon_header(lx, "ＮＡＭＥ", NULL, NULL) == DFT_RF_NAME);   /* fullwidth */
    CHECK(dft_roster_lexicon_header(lx, "Họ và tên", &lang, NULL) == DFT_RF_NAME);
    CHECK_STR(lang, "vi");
    CHECK(dft_roster_lexicon_header(lx, "Stage", NULL, NULL) == DFT_RF_STAGE);
    CHECK(dft_roster_lexicon_header(lx, "Wage", NULL, NULL) == DFT_RF_SALARY);     /* not "age" */
    CHECK(dft_roster_lexicon_header(lx, "跟进人", NULL, NULL) == DFT_RF_AGENT);     /* longest: not 跟进 */
    CHECK(dft_roster_lexicon_header(lx, "เบอร์โทร", &lang, NULL) == DFT_RF_PHONE);
    CHECK_STR(lang, "th");
    /* Khmer and Burmese: longest term wins inside a compound (နိုင်ငံသား nationality, not နိုင်ငံ country) */
    CHECK(dft_roster_lexicon_header(lx, "ប្រាក់ខែ (USD)", &lang, NULL) == DFT_RF_SALARY);
    CHECK_STR(lang, "km");
    CHECK(dft_roster_lexicon_header(lx, "မွေးသက္ကရာဇ်", &lang, NULL) == DFT_RF_BIRTH);
    CHECK_STR(lang, "my");
    CHECK(dft_roster_lexicon_header(lx, "နိုင်ငံသား", NULL, NULL) == DFT_RF_NATIONALITY);
    CHECK(dft_roster_lexicon_header(lx, "နိုင်ငံ", NULL, NULL) == DFT_RF_COUNTRY);
    CHECK_STR(dft_roster_lexicon_region(lx, "泰国"), "TH");
    CHECK_STR(dft_roster_lexicon_region(lx, "Indonesian"), "ID");
    CHECK_STR(dft_roster_lexicon_region(lx, "印度尼西亚"), "ID");   /* longest: not 印度 (IN) */
    CHECK(dft_roster_lexicon_region(lx, "Mars") == NULL);
    dft_roster_lexicon *bad = NULL;
    const char *nov = "name\ten\tname\n";
    CHECK(dft_roster_lexicon_parse(&bad, nov, strlen(nov)) == DFT_ECORRUPT && !bad);
    const char *unk = "VERSION:\t1\nnmae\ten\tname\n";
    CHECK(dft_roster_lexicon_parse(&bad, unk, strlen(unk)) == DFT_ECORRUPT && !bad);
    const char *two = "VERSION:\t1\nname\ten\n";
    CHECK(dft_roster_lexicon_parse(&bad, two, strlen(two)) == DFT_ECORRUPT && !bad);
}

static void test_values(void)
{
    char e[24], v[64], c[16], d[11], pp[24];
    CHECK(dft_roster_phone("0912 345 678", "VN", e) == DFT_OK);
    CHECK_STR(e, "+84912345678");
    CHECK(dft_roster_phone("66812345678@s.whatsapp.net", NULL, e) == DFT_OK);
    CHECK_STR(e, "+66812345678");
    CHECK(dft_roster_phone("8613800138000.0", NULL, e) == DFT_OK);
    CHECK_STR(e, "+8613800138000");
    CHECK(dft_roster_phone("0066 81 234 5678", NULL, e) == DFT_OK);
    CHECK_STR(e, "+66812345678");
    CHECK(dft_roster_phone("081 234 5678", NULL, e) == DFT_ECORRUPT && !e[0]);   /* national, no region */
    CHECK(dft_roster_phone("call me", "TH", e) == DFT_ECORRUPT);
    CHECK(dft_roster_phone("12345", "TH", e) == DFT_ECORRUPT);
    CHECK(dft_roster_money("12,500 USDT", v, sizeof v, c, sizeof c) == 1);
    CHECK_STR(v, "12500");
    CHECK_STR(c, "USDT");
    CHECK(dft_roster_money("¥50,000", v, sizeof v, c, sizeof c) == 1);
    CHECK_STR(v, "50000");
    CHECK_STR(c, "CNY");
    CHECK(dft_roster_money("₫1.000.000", v, sizeof v, c, sizeof c) == 1);
    CHECK_STR(v, "1000000");
    CHECK_STR(c, "VND");
    CHECK(dft_roster_money("$3,000.50", v, sizeof v, c, sizeof c) == 1);
    CHECK_STR(v, "3000.50");
    CHECK_STR(c, "USD");
    CHECK(dft_roster_money("RM 500", v, sizeof v, c, sizeof c) == 1);
    CHECK_STR(c, "MYR");
    CHECK(dft_roster_money("20,000 บาท", v, sizeof v, c, sizeof c) == 1);
    CHECK_STR(v, "20000");
    CHECK_STR(c, "THB");
    CHECK(dft_roster_money("none", v, sizeof v, c, sizeof c) == 0);
    CHECK(dft_roster_date("45352", d) == 1);
    CHECK_STR(d, "2024-03-01");
    CHECK(dft_roster_date("1", d) == 1);
    CHECK_STR(d, "1900-01-01");
    CHECK(dft_roster_date("61", d) == 1);
    CHECK_STR(d, "1900-03-01");
    CHECK(dft_roster_date("15/02/2024", d) == 1);
    CHECK_STR(d, "2024-02-15");
    CHECK(dft_roster_date("2024-02-30", d) == 0);
    CHECK(dft_roster_date("3000000", d) == 0);
    CHECK(dft_roster_passport("C1234567", pp, sizeof pp) == 1);
    CHECK_STR(pp, "C1234567");
    CHECK(dft_roster_passport("e 1234 5678", pp, sizeof pp) == 1);
    CHECK_STR(pp, "E12345678");
    CHECK(dft_roster_passport("13800138000", pp, sizeof pp) == 0);
    CHECK(dft_roster_passport("公司保管", pp, sizeof pp) == 0);
    char L[8];
    dft_roster_col_letters(28, L);
    CHECK_STR(L, "AB");
    dft_roster_col_letters(16384, L);
    CHECK_STR(L, "XFD");
}

static void test_stream(const dft_roster_lexicon *lx)
{
    rec r;
    /* title, blank line, header on row 3, phone column found by content (no header) */
    dft_roster *ro = open_rec(lx, &r);
    static const char *const worker[] = {
        "员工花名册", "", "姓名|国籍|护照|欠款|罚款|组别|",
        "阿明|越南|C1234567|5000|0|A组|0912 345 678",
        "Tom|Thailand|AB123456|无|扣工资500|B组|0812345678",
        "Lee|中国|E12345678|0|0|B组|13800138000",
    };
    feed(ro, worker, 6);
    CHECK_STR(r.log,
              "T worker h3 [name,nationality,passport,debt,fine,team,phone*]\n"
              "R4 阿明|+84912345678|C1234567|VN||debt_bondage\n"
              "R5 Tom|+66812345678|AB123456|TH||fines_withheld_wages\n"
              "R6 Lee|+8613800138000|E12345678|CN||\n"
              "E 3 4-6\n");
    dft_roster_free(ro);

    /* a price list: a header, no people column -> not a roster */
    ro = open_rec(lx, &r);
    static const char *const prices[] = { "Item|Price|Qty", "Rice|45|100", "Oil|80|20" };
    feed(ro, prices, 3);
    CHECK(r.tables == 0 && r.table_ends == 0 && r.n == 0);
    dft_roster_free(ro);

    /* an office directory: people, but department/extension -> unknown */
    ro = open_rec(lx, &r);
    static const char *const dir[] = { "Name|Department|Ext|Phone", "Carol|Finance|2201|+1 650-253-0001" };
    feed(ro, dir, 2);
    CHECK_STR(r.log, "T unknown h1 [name,department,extension,phone]\nR2 Carol|+16502530001||||\nE 1 2-2\n");
    dft_roster_free(ro);

    /* a target list with a minor in a worker-free table: no cues on targets */
    ro = open_rec(lx, &r);
    static const char *const tgt[] = { "Name|Phone|Country|Age|Stage|Deposit", "Ann|0812345678|Thailand|17|deposit|$500" };
    feed(ro, tgt, 2);
    CHECK_STR(r.log, "T target h1 [name,phone,country,age,stage,deposit]\nR2 Ann|+66812345678||TH|500|\nE 1 2-2\n");
    dft_roster_free(ro);

    /* a minor in a worker roster is a cue */
    ro = open_rec(lx, &r);
    static const char *const minor[] = { "Name|Passport|Age|Debt", "Nu|P1234567|16|0" };
    feed(ro, minor, 2);
    CHECK_STR(r.log, "T worker h1 [name,passport,age,debt]\nR2 Nu||P1234567|||minors\nE 1 2-2\n");
    dft_roster_free(ro);

    /* header below the scanned rows (row 25): not found, documented limit */
    ro = open_rec(lx, &r);
    CHECK(dft_roster_table_begin(ro, 1, NULL) == DFT_OK);
    for (uint32_t i = 1; i <= 24; i++) CHECK(dft_roster_cell(ro, i, 1, "x") == DFT_OK);
    CHECK(dft_roster_cell(ro, 25, 1, "Name") == DFT_OK);
    CHECK(dft_roster_cell(ro, 25, 2, "Phone") == DFT_OK);
    CHECK(dft_roster_table_end(ro) == DFT_OK);
    CHECK(r.tables == 0);
    dft_roster_free(ro);

    /* many rows stream: count, order, cells out of column order, a repeated cell replaced */
    ro = open_rec(lx, &r);
    CHECK(dft_roster_table_begin(ro, 1, NULL) == DFT_OK);
    CHECK(dft_roster_cell(ro, 1, 2, "Phone") == DFT_OK);
    CHECK(dft_roster_cell(ro, 1, 1, "Name") == DFT_OK);
    for (uint32_t i = 2; i <= 5001; i++) {
        char name[32];
        snprintf(name, sizeof name, "P%u", i);
        CHECK(dft_roster_cell(ro, i, 2, "+66812345678") == DFT_OK);
        CHECK(dft_roster_cell(ro, i, 1, "old") == DFT_OK);
        CHECK(dft_roster_cell(ro, i, 1, name) == DFT_OK);
    }
    CHECK(dft_roster_table_end(ro) == DFT_OK);
    CHECK(r.tables == 1 && r.table_ends == 1 && r.rows == 5000);
    CHECK(strstr(r.log, "R2 P2|+66812345678||||\nR3 P3|") != NULL);
    dft_roster_free(ro);

    /* hostile: huge columns and cells are bounded, never fatal */
    ro = open_rec(lx, &r);
    CHECK(dft_roster_table_begin(ro, 1, NULL) == DFT_OK);
    CHECK(dft_roster_cell(ro, 1, 1, "Name") == DFT_OK);
    CHECK(dft_roster_cell(ro, 1, 2, "Phone") == DFT_OK);
    CHECK(dft_roster_cell(ro, 1, 100000, "Passport") == DFT_OK);
    char *big = malloc(100000);
    memset(big, 'a', 99999);
    big[99999] = '\0';
    CHECK(dft_roster_cell(ro, 2, 1, big) == DFT_OK);
    free(big);
    CHECK(dft_roster_table_end(ro) == DFT_OK);
    CHECK(r.tables == 1 && r.rows == 1);
    dft_roster_free(ro);
}

static void read_ooxml(const dft_roster_lexicon *lx, const char *path, rec *r)
{
    size_t len;
    char *b = slurp(path, &len);
    CHECK(b != NULL);
    if (!b) return;
    dft_roster *ro = open_rec(lx, r);
    dft_ooxml_cb cb;
    dft_roster_reader_cb(ro, &cb);
    CHECK(dft_ooxml_read(b, len, NULL, &cb) == DFT_OK);
    CHECK(dft_roster_table_end(ro) == DFT_OK);
    dft_roster_free(ro);
    free(b);
}

static void read_csv(const dft_roster_lexicon *lx, const char *path, rec *r)
{
    size_t len;
    char *b = slurp(path, &len);
    CHECK(b != NULL);
    if (!b) return;
    dft_textenc_result t;
    CHECK(dft_textenc_to_utf8((const uint8_t *)b, len, NULL, &t) == DFT_OK);
    dft_roster *ro = open_rec(lx, r);
    dft_csv *c = NULL;
    CHECK(dft_csv_open(&c, t.text, t.len, 0) == DFT_OK);
    CHECK(dft_roster_table_begin(ro, 1, NULL) == DFT_OK);
    char **f;
    size_t nf;
    uint32_t row = 0;
    while (dft_csv_next(c, &f, &nf) == 1) {
        row++;
        for (size_t i = 0; i < nf; i++) CHECK(dft_roster_cell(ro, row, (uint32_t)i + 1, f[i]) == DFT_OK);
    }
    CHECK(dft_roster_table_end(ro) == DFT_OK);
    dft_csv_free(c);
    dft_roster_free(ro);
    free(t.text);
    free(b);
}

static int on_card(void *payload, const dft_vcard *v)
{
    rec *r = payload;
    logf_(r, "%u %s %zu %s\n", v->index, v->name ? v->name : "", v->nphones, v->nphones ? v->phones[0] : "");
    return 0;
}

/* A table inside a subdocument (a DOCX header, comments: section()) is no roster source; the body
 * table after the section is read as before. */
static void test_section_tables(const dft_roster_lexicon *lx)
{
    rec r;
    dft_roster *ro = open_rec(lx, &r);
    dft_ooxml_cb cb;
    dft_roster_reader_cb(ro, &cb);
    static const char *const hdr[] = { "Name", "WhatsApp", "Country", "Stage", "Deposit (USDT)", "Agent" };
    static const char *const row2[] = { "Ann Lee", "+66 81 234 7001", "Thailand", "first deposit", "500", "Amy" };
    static const char *const row3[] = { "Bo Tan", "+66 81 234 7002", "Thailand", "trust building", "0", "Amy" };
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 0) CHECK(cb.section(cb.ctx, "header 1") == DFT_OK);
        CHECK(cb.table(cb.ctx, 1, NULL) == DFT_OK);
        const char *const *rows[3] = { hdr, row2, row3 };
        for (uint32_t w = 0; w < 3; w++)   /* row-major, as every reader delivers cells */
            for (uint32_t c = 0; c < 6; c++) CHECK(cb.cell(cb.ctx, w + 1, c + 1, rows[w][c]) == DFT_OK);
        CHECK(cb.table_end(cb.ctx) == DFT_OK);
        if (pass == 0) {
            CHECK(r.tables == 0 && r.table_ends == 0);   /* the header's table: nothing */
            CHECK(cb.section(cb.ctx, NULL) == DFT_OK);
        }
    }
    CHECK(r.tables == 1 && r.table_ends == 1 && r.rows == 2);   /* the body's table: two persons */
    dft_roster_free(ro);
}

static void test_fixtures(const dft_roster_lexicon *lx, const char *dir)
{
    char p[1024];
    rec r;
    snprintf(p, sizeof p, "%s/evidence/worker_zh.xlsx", dir);
    read_ooxml(lx, p, &r);
    CHECK_STR(r.log,
              "T worker h3 [name,nationality,passport,phone,arrival,debt,price,team,remarks]\n"
              "R4 阿明|+84912345678|C1234567|VN||debt_bondage,sale_resale,documents_withheld\n"
              "R5 Budi|+6281234567890|B7654321|ID||\n"
              "R6 李伟|+8613800138000|E12345678|CN||\n"
              "R7 Somchai|+66812345678|AA1234567|TH||sale_resale,confinement\n"
              "E 4 4-7\n");
    snprintf(p, sizeof p, "%s/evidence/targets_en.xlsx", dir);
    read_ooxml(lx, p, &r);
    CHECK_STR(r.log,
              "T target h1 [name,whatsapp,country,age,stage,deposit,agent]\n"
              "R2 John Miller|+16502530000||US|0|\n"
              "R3 Maria Santos|+639171234567||PH|12500|\n"
              "R4 Kenji Sato|+819012345678||JP|3000|\n"
              "R5 Somsri K.|+66811112222||TH|20000|\n"
              "E 4 2-5\n");
    snprintf(p, sizeof p, "%s/evidence/targets_th.docx", dir);
    read_ooxml(lx, p, &r);
    CHECK_STR(r.log,
              "T target h1 [name,phone,line,age,status,deposit]\n"
              "R2 สมศรี ใจดี|+66811112222||TH|20000|\n"
              "R3 วิชัย สุขสม|+66897654321||TH|0|\n"
              "E 2 2-3\n");
    snprintf(p, sizeof p, "%s/evidence/targets_gb.csv", dir);
    read_csv(lx, p, &r);
    CHECK_STR(r.log,
              "T target h1 [name,phone,country,age,stage,deposit,agent]\n"
              "R2 王芳|+8613912345678||CN|50000|\n"
              "R3 陈静|+85291234567||HK|0|\n"
              "E 2 2-3\n");
    snprintf(p, sizeof p, "%s/evidence/contacts.csv", dir);
    read_csv(lx, p, &r);
    CHECK(r.tables == 1 && strncmp(r.log, "T unknown h1 [name,phone,email,]\n", 33) == 0);
    snprintf(p, sizeof p, "%s/evidence/directory_u16.csv", dir);
    read_csv(lx, p, &r);
    CHECK(r.tables == 1 && strncmp(r.log, "T unknown h1 [name,department,extension,phone]\n", 47) == 0);
    CHECK(strstr(r.log, "R2 Carol White|+16502530001|") != NULL);
    snprintf(p, sizeof p, "%s/evidence/prices.csv", dir);
    read_csv(lx, p, &r);
    CHECK(r.tables == 0 && r.n == 0);

    size_t len;
    snprintf(p, sizeof p, "%s/evidence/phone.vcf", dir);
    char *b = slurp(p, &len);
    CHECK(b != NULL);
    memset(&r, 0, sizeof r);
    if (b) CHECK(dft_vcard_read(b, len, on_card, &r) == DFT_OK);
    CHECK_STR(r.log, "1 阿明 1 +84912345678\n2 Boss Wang 1 +86 139 0000 1111\n3 Carol White 1 +1-650-253-0001\n");
    free(b);
    memset(&r, 0, sizeof r);
    CHECK(dft_vcard_read("hello", 5, on_card, &r) == DFT_ENOTFOUND);
    const char *cut = "BEGIN:VCARD\nFN:Cut\nTEL:+66812345678";   /* no END, no final newline */
    CHECK(dft_vcard_read(cut, strlen(cut), on_card, &r) == DFT_OK);
    CHECK_STR(r.log, "1 Cut 1 +66812345678\n");
    /* a card without END before the next BEGIN is reported, not dropped; a GB2312 QP name is converted */
    memset(&r, 0, sizeof r);
    const char *two = "BEGIN:VCARD\nFN:First\nBEGIN:VCARD\nN;CHARSET=GB2312;ENCODING=QUOTED-PRINTABLE:=CD=F5;=B7=BC=\n;;\n"
                      "TEL:0812345678\nEND:VCARD\n";
    CHECK(dft_vcard_read(two, strlen(two), on_card, &r) == DFT_OK);
    CHECK_STR(r.log, "1 First 0 \n2 王 芳 1 0812345678\n");
    char *clean = dft_roster_utf8_clean("a\xff\xe4\xb8" "b");
    CHECK_STR(clean, "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "b");
    free(clean);
}


/* Issue 11 hostile review (2026-12-03): each case failed before its fix. */
static void test_review(const dft_roster_lexicon *lx, const char *dir)
{
    char v[64], c[16], e[24];
    /* amounts with a unit word: 12k, 1.2万, 3w, 2亿, 500k đ, 1.5tr (VND '.' before a non-3-digit group is
     * a decimal point), 2 triệu, Rp 1.500.000 (IDR thousands with '.') */
    static const struct { const char *in, *value, *cur; } money[] = {
        { "12k", "12000", "" }, { "1.2万", "12000", "" }, { "¥1.2万", "12000", "CNY" }, { "3w", "30000", "" },
        { "2亿", "200000000", "" }, { "500k đ", "500000", "VND" }, { "1.5tr đ", "1500000", "VND" },
        { "2 triệu đ", "2000000", "VND" }, { "Rp 1.500.000", "1500000", "IDR" }, { "0.25万", "2500", "" },
        { "¥12,000", "12000", "CNY" }, { "12kg", "12", "" }, { "$3,000.50", "3000.50", "USD" },
        { "1.5 ล้าน บาท", "1500000", "THB" }, { "3 juta", "3000000", "" },
    };
    for (size_t i = 0; i < sizeof money / sizeof money[0]; i++) {
        CHECK(dft_roster_money(money[i].in, v, sizeof v, c, sizeof c) == 1);
        if (strcmp(v, money[i].value) || strcmp(c, money[i].cur))
            fprintf(stderr, "  money '%s' -> '%s' '%s'\n", money[i].in, v, c);
        CHECK_STR(v, money[i].value);
        CHECK_STR(c, money[i].cur);
    }
    /* WhatsApp click-to-chat links are international numbers */
    CHECK(dft_roster_phone("wa.me/66812345679", "CN", e) == DFT_OK);
    CHECK_STR(e, "+66812345679");
    CHECK(dft_roster_phone("https://wa.me/+66812345671?text=hi", NULL, e) == DFT_OK);
    CHECK_STR(e, "+66812345671");
    CHECK(dft_roster_phone("https://api.whatsapp.com/send?phone=84912345678&text=x", NULL, e) == DFT_OK);
    CHECK_STR(e, "+84912345678");
    CHECK(dft_roster_phone("+66 8x-xxx-xxxx", "TH", e) == DFT_ECORRUPT && !e[0]);

    /* Chinese headers aligned with full-width spaces and colons, traditional Chinese, Vietnamese without
     * diacritics */
    const char *lang = NULL;
    CHECK(dft_roster_lexicon_header(lx, "姓　名", &lang, NULL) == DFT_RF_NAME);
    CHECK(dft_roster_lexicon_header(lx, "国　籍：", &lang, NULL) == DFT_RF_NATIONALITY);
    CHECK(dft_roster_lexicon_header(lx, "电 话：", &lang, NULL) == DFT_RF_PHONE);
    CHECK(dft_roster_lexicon_header(lx, "身價", &lang, NULL) == DFT_RF_PRICE);
    CHECK(dft_roster_lexicon_header(lx, "So dien thoai", &lang, NULL) == DFT_RF_PHONE);
    CHECK(dft_roster_lexicon_header(lx, "Name 姓名", &lang, NULL) == DFT_RF_NAME);
    char *n = dft_roster_normalize("姓　名 Name");
    CHECK_STR(n, "姓名 name");
    free(n);

    rec r;
    dft_roster *ro;
    /* a sales pipeline, a tenant list, an order list: people and stage/deposit/status words, but none is
     * a list of fraud victims */
    static const char *const crm[] = { "Customer|Phone|Stage|Amount|Agent", "Bob|+1 650 253 0000|Proposal|12000|Kim" };
    static const char *const tenants[] = { "Tenant|Phone|Unit|Rent|Deposit|Status", "Ann|+44 7911 123456|3B|900|900|paid" };
    static const char *const orders[] = { "客户姓名|电话|金额|状态", "王先生|13800138000|120元|已发货" };
    /* a hotel guest register: passports, nationality, arrival - no labour column, not a worker roster */
    static const char *const guests[] = { "Guest Name|Nationality|Passport No|Arrival Date|Room",
                                          "Jane Doe|British|123456789|2024-01-02|101" };
    const char *const *neg[] = { crm, tenants, orders, guests };
    for (size_t i = 0; i < 4; i++) {
        ro = open_rec(lx, &r);
        feed(ro, neg[i], 2);
        CHECK(strncmp(r.log, "T unknown ", 10) == 0);
        if (strncmp(r.log, "T unknown ", 10)) fprintf(stderr, "  negative %zu: %s", i, r.log);
        dft_roster_free(ro);
    }

    /* title, blank row, Chinese header with full-width spaces, region from the nationality column */
    ro = open_rec(lx, &r);
    static const char *const fw[] = { "客户名单（2024年）", "", "姓　名|电话：|国　籍|充值金额|阶　段",
                                      "王小明|081-234-5678|泰国|¥12,000|入金", "李四|wa.me/66812345679|泰國|1.2万|养" };
    feed(ro, fw, 5);
    CHECK_STR(r.log, "T target h3 [name,phone,nationality,deposit,stage]\n"
                     "R4 王小明|+66812345678||TH|12000|\n"
                     "R5 李四|+66812345679||TH|12000|\n"
                     "E 2 4-5\n");
    dft_roster_free(ro);

    /* a two-row header: "联系方式" merged over "电话 | 微信", "姓名" merged down - the second header row
     * names its columns and is no person */
    ro = open_rec(lx, &r);
    static const char *const two[] = { "姓名|联系方式||充值金额|阶段", "|电话|微信||", "王|+66 81 234 5678|wx_wang|¥5,000|入金" };
    feed(ro, two, 3);
    CHECK_STR(r.log, "T target h1 [name,phone,wechat,deposit,stage]\nR3 王|+66812345678||CN|5000|\nE 1 3-3\n");
    dft_roster_free(ro);
    /* a row whose only cell is a field word ("deposit" in the stage column) is no second header row and
     * no person (no one named in it); a totals row is no person either */
    ro = open_rec(lx, &r);
    static const char *const one[] = { "Name|WhatsApp|Stage|Deposit", "||deposit|", "Ann|+66 81 234 5678|grooming|$5",
                                       "合计|||$5", "Total|||$5", "\xef\xbf\xbd|||", "--|||" };
    feed(ro, one, 7);
    CHECK_STR(r.log, "T target h1 [name,whatsapp,stage,deposit]\nR3 Ann|+66812345678|||5|\nE 1 3-3\n");
    CHECK(r.not_persons == 5);
    dft_roster_free(ro);

    /* CSV rows are numbered as a spreadsheet shows the file: blank lines are rows, a quoted line break
     * stays in its row */
    const char *csv = "\nName,Note\n\nAnn,\"two\nlines\"\r\n\r\nBob,x\n";
    dft_csv *cv = NULL;
    CHECK(dft_csv_open(&cv, csv, strlen(csv), 0) == DFT_OK);
    char **f;
    size_t nf;
    CHECK(dft_csv_next(cv, &f, &nf) == 1 && dft_csv_row(cv) == 2 && strcmp(f[0], "Name") == 0);
    CHECK(dft_csv_next(cv, &f, &nf) == 1 && dft_csv_row(cv) == 4 && dft_csv_line(cv) == 4);
    CHECK(dft_csv_next(cv, &f, &nf) == 1 && dft_csv_row(cv) == 6 && dft_csv_line(cv) == 7 &&
          strcmp(f[0], "Bob") == 0);
    CHECK(dft_csv_next(cv, &f, &nf) == 0);
    dft_csv_free(cv);

    /* an ODS target list (gen_roster.py): merged title, blank row, traditional Chinese header with
     * full-width spaces, 1.2万, a float cell, a wa.me link, regions from the nationality column */
    char path[4096];
    snprintf(path, sizeof path, "%s/targets_zh.ods", dir);
    size_t len;
    char *b = slurp(path, &len);
    CHECK(b != NULL);
    if (b) {
        ro = open_rec(lx, &r);
        dft_ooxml_cb cb;
        dft_roster_reader_cb(ro, &cb);
        CHECK(dft_odf_read(b, len, NULL, &cb) == DFT_OK);
        CHECK(dft_roster_table_end(ro) == DFT_OK);
        CHECK_STR(r.log, "T target h3 [name,phone,nationality,deposit,stage]\n"
                         "R4 王芳|+66812345678||TH|12000|\n"
                         "R5 陳明|+84912345678||VN|30000|\n"
                         "E 2 4-5\n");
        dft_roster_free(ro);
        free(b);
    }
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s headers.tsv FIXTURES\n", argv[0]);
        return 2;
    }
    size_t len;
    char *text = slurp(argv[1], &len);
    if (!text) {
        fprintf(stderr, "cannot read %s\n", argv[1]);
        return 1;
    }
    dft_roster_lexicon *lx = NULL;
    if (dft_roster_lexicon_parse(&lx, text, len) != DFT_OK) {
        fprintf(stderr, "lexicon: %s\n", dft_error_last());
        return 1;
    }
    free(text);
    test_lexicon(lx);
    test_values();
    test_stream(lx);
    test_section_tables(lx);
    test_review(lx, argv[2]);
    test_fixtures(lx, argv[2]);
    dft_roster_lexicon_free(lx);
    if (fails) {
        fprintf(stderr, "%d check(s) failed\n", fails);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
