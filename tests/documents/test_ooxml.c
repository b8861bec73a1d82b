/*
 * test_ooxml.c - parsers/ooxml.c on the fixtures of gen_docs.py (argv[1] = their directory):
 * XLSX shared/inline/rich strings, cell references, sheet names in workbook order, a broken shared
 * string index (warning), DOCX paragraphs and tables, and hostile zips (bomb, billion laughs,
 * truncated, not OOXML) with their exact error codes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "ooxml.h"

static int failures;
#define CHECK(c)                                                                                         \
    do {                                                                                                 \
        if (!(c)) {                                                                                      \
            fprintf(stderr, "%s:%d: CHECK failed: %s (last error: %s)\n", __FILE__, __LINE__, #c,       \
                    dft_error_last());                                                                   \
            failures++;                                                                                  \
        }                                                                                                \
    } while (0)

static char log_buf[1 << 16];
static int warnings;

static void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logf_(const char *fmt, ...)
{
    size_t n = strlen(log_buf);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(log_buf + n, sizeof log_buf - n, fmt, ap);
    va_end(ap);
}
static int on_table(void *c, uint32_t i, const char *name)
{
    (void)c;
    logf_("T%u:%s\n", i, name ? name : "-");
    return 0;
}
static int on_cell(void *c, uint32_t row, uint32_t col, const char *t)
{
    (void)c;
    logf_("R%uC%u=%s\n", row, col, t);
    return 0;
}
static int on_end(void *c)
{
    (void)c;
    logf_("E\n");
    return 0;
}
static int on_para(void *c, uint32_t i, const char *t)
{
    (void)c;
    logf_("P%u=%s\n", i, t);
    return 0;
}
static void on_warn(void *c, const char *m)
{
    (void)c;
    warnings++;
    logf_("W:%s\n", m);
}

static char *slurp(const char *dir, const char *name, size_t *n)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)sz + 1);
    *n = fread(b, 1, (size_t)sz, f);
    fclose(f);
    return b;
}

static int run(const char *dir, const char *name, const char *want)
{
    size_t n;
    char *b = slurp(dir, name, &n);
    log_buf[0] = '\0';
    warnings = 0;
    dft_ooxml_cb cb = {.table = on_table, .cell = on_cell, .table_end = on_end, .paragraph = on_para,
                       .warning = on_warn};
    int rc = dft_ooxml_read(b, n, NULL, &cb);
    free(b);
    if (want && strcmp(log_buf, want) != 0) {
        fprintf(stderr, "%s: got\n%s---\nwant\n%s---\n", name, log_buf, want);
        failures++;
    }
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) return 2;
    const char *d = argv[1];
    /* Zip order is sheet2 then sheet1; names and indexes come from the workbook. */
    CHECK(run(d, "roster.xlsx",
              "T2:Staff\nR1C1=Name\nR1C2=Paid\nR5C1=Somchai K.\nR5C2=TRUE\nR5C27==SUM\nR6C1=3.5\nE\n"
              "T1:客户\nR1C1=姓名\nR1C2=电话\nR1C3=国籍\nR2C1=张三 \nR2C2=8613800138000\nR2C3=中国\n"
              "R3C1=Lee & Co\nE\n") == DFT_OK);
    CHECK(warnings == 0);
    CHECK(run(d, "badsst.xlsx",
              "T1:S1\nR1C1=ok\nW:cell at row 1 col 2: shared string index '99' outside the 1 strings\nR1C4=7\nE\n") ==
          DFT_OK);
    CHECK(warnings == 1);
    CHECK(run(d, "target.docx",
              "P1=รายชื่อลูกค้า\tทีม A\nP3=line1\nline2\nT1:-\nR1C1=ชื่อ\nR1C2=เบอร์โทร\nR1C3=หมายเหตุ\n"
              "R2C1=สมชาย\nR2C2=081-234-5678\nR2C3=a\nb\nR3C1=Nok\nR3C3=inner\nafter\nE\nP4=จบ\n") == DFT_OK);
    CHECK(run(d, "bomb.xlsx", "T1:S1\nR1C1=before\n") == DFT_ELIMIT);
    CHECK(strstr(dft_error_last(), "zip bomb") != NULL);
    /* billion laughs: libxml2 stops at the entity (never expanded); any DTD is refused */
    CHECK(run(d, "laughs.xlsx", "T1:S1\n") == DFT_ECORRUPT);
    CHECK(run(d, "dtd.xlsx", "T1:S1\n") == DFT_ECORRUPT);
    CHECK(strstr(dft_error_last(), "DTD") != NULL);
    CHECK(run(d, "notooxml.zip", "") == DFT_ENOTFOUND);
    int rc = run(d, "truncated.xlsx", NULL);
    CHECK(rc == DFT_ENOTFOUND || rc == DFT_ECORRUPT);
    CHECK(dft_ooxml_read("not a zip", 9, NULL, NULL) == DFT_ENOTFOUND);

    /* Cell cap: 3 cells allowed in roster.xlsx -> DFT_ELIMIT after the third. */
    size_t n;
    char *b = slurp(d, "roster.xlsx", &n);
    dft_ooxml_limits lim = {.max_cells = 3};
    log_buf[0] = '\0';
    dft_ooxml_cb cb = {.cell = on_cell};
    CHECK(dft_ooxml_read(b, n, &lim, &cb) == DFT_ELIMIT);
    CHECK(strcmp(log_buf, "R1C1=Name\nR1C2=Paid\nR5C1=Somchai K.\n") == 0);
    CHECK(dft_ooxml_kind_of(b, n) == DFT_OOXML_XLSX);
    free(b);
    if (failures) fprintf(stderr, "%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
