/*
 * test_ooxml.c - parsers/ooxml.c on the fixtures of gen_docs.py (argv[1] = their directory):
 * XLSX shared/inline/rich strings, cell references, sheet names in workbook order, a broken shared
 * string index (warning), DOCX paragraphs and tables, and hostile zips (bomb, billion laughs,
 * truncated, not OOXML) with their exact error codes; the subdocuments (headers, footers, footnotes,
 * endnotes, comments, text boxes, speaker notes, cell comments) in their documented order.
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
static int on_page(void *c, uint32_t i, const char *name)
{
    (void)c;
    logf_("PG%u:%s\n", i, name ? name : "-");
    return 0;
}
static int on_section(void *c, const char *name)
{
    (void)c;
    logf_("S:%s\n", name ? name : "-");
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
                       .warning = on_warn, .page = on_page, .section = on_section};
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
    /* Subdocuments after the body in a fixed order: text boxes (the mc:Fallback copy not read twice),
     * headers and footers by part name (header1.xml before header2.xml whatever the zip/rels order),
     * footnotes and endnotes without their separators, comments one paragraph each; a part named by a
     * relationship but absent is one warning. */
    static const char subdoc_tail[] =
        "S:header 2\nP1=First page header\nS:footer 1\nP1=Page 1\nS:footer 2\n"
        "W:footer 2 part word/footer2.xml is missing: its text is not read\n"
        "S:footnotes\nP1=Foot one\nP2=Foot one, second paragraph\nS:endnotes\nP1=End one\n"
        "S:comments\nP1=Call the client\ntomorrow\nP2=ok\n";
    static const char subdoc_head[] = "P1=Main text with a note\nP2=Before after\nS:text boxes\nP1=Box text\n";
    char want[2048];
    snprintf(want, sizeof want, "%sS:header 1\nP1=CONFIDENTIAL\nT1:-\nR1C1=Team\nR1C2=B7\nE\nP2=Boxed: \n"
             "S:header 1 text boxes\nP1=HDR box\n%s", subdoc_head, subdoc_tail);
    CHECK(run(d, "subdoc.docx", want) == DFT_OK);
    CHECK(warnings == 1);
    /* a damaged header: one warning, nothing else lost */
    int brc = run(d, "badpart.docx", NULL);
    CHECK(brc == DFT_OK);
    CHECK(strncmp(log_buf, subdoc_head, strlen(subdoc_head)) == 0);
    CHECK(strstr(log_buf, "S:header 1\nW:header 1 not read to its end: word/header1.xml: malformed XML") != NULL);
    CHECK(strstr(log_buf, subdoc_tail) != NULL);
    CHECK(warnings == 2);
    /* speaker notes right after their slide without the slide image/number/date placeholders; legacy
     * and modern comments (a reply after its comment) */
    CHECK(run(d, "notes.pptx", "PG1:-\nP1=Welcome\nP2=1\nS:notes\nP1=Say hello\nP2=Ask about money\n"
                               "S:comments\nP1=Too direct\nPG2:-\nP1=Invest\nS:notes\nP1=Promise 30% a month\n"
                               "S:comments\nP1=Add the USDT address\nP2=Agreed\n") == DFT_OK);
    CHECK(warnings == 0);
    /* cell comments after the sheet: threaded ones, then legacy notes without Excel's placeholder copies
     * of the threads; phonetic runs skipped; back to the main text at the end */
    CHECK(run(d, "notes.xlsx", "T1:Roster\nR1C1=Name\nE\nS:sheet 1 comments\nP1=A1: first thread\nP2=A1: a reply\n"
                               "P3=B2: Boss:\nPaid 500\nS:-\n") == DFT_OK);
    CHECK(warnings == 0);
    /* a damaged slide relationships part costs that slide's notes and comments, nothing else */
    CHECK(run(d, "badrels.pptx", NULL) == DFT_OK);
    CHECK(warnings == 1);
    CHECK(strstr(log_buf, "PG1:-\nP1=Welcome\nP2=1\nPG2:-\nP1=Invest\nS:notes\nP1=Promise 30% a month\n") != NULL);
    /* notes stored in reverse zip order: the cursors' walking is budgeted (no quadratic time), every
     * slide is read, the first notes too, the rest skipped with one warning */
    CHECK(run(d, "reversed.pptx", NULL) == DFT_OK);
    CHECK(warnings == 1);
    CHECK(strstr(log_buf, "W:parts stored far out of zip order: notes (ppt/notesSlides/notesSlide") != NULL);
    CHECK(strstr(log_buf, "PG1:-\nP1=s1\nS:notes\nP1=n1\nPG2:-\nP1=s2\nS:notes\nP1=n2\n") != NULL);
    CHECK(strstr(log_buf, "PG400:-\nP1=s400\nS:notes\n") != NULL);
    /* the caps hold for the new parts: cells/paragraphs ... */
    {
        size_t sn;
        char *sb = slurp(d, "subdoc.docx", &sn);
        dft_ooxml_limits cl = {.max_cells = 3};
        dft_ooxml_cb pcb = {.paragraph = on_para};
        log_buf[0] = '\0';
        CHECK(dft_ooxml_read(sb, sn, &cl, &pcb) == DFT_ELIMIT);
        CHECK(strcmp(log_buf, "P1=Main text with a note\nP2=Before after\nP1=Box text\n") == 0);
        /* ... and inflated bytes: some total cap lets the body through and stops in a later part */
        int stopped_late = 0;
        for (uint64_t cap = 512; cap < 65536 && !stopped_late; cap += 128) {
            dft_ooxml_limits tl = {.max_total = cap};
            log_buf[0] = '\0';
            int trc = dft_ooxml_read(sb, sn, &tl, &pcb);
            if (trc == DFT_OK) break;
            CHECK(trc == DFT_ELIMIT);
            stopped_late = strstr(log_buf, "P1=First page header") != NULL;
        }
        CHECK(stopped_late);
        free(sb);
    }
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
