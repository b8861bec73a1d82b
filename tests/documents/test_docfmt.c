/*
 * test_docfmt.c - the second batch of document parsers on the fixtures of gen_docfmt.py (argv[1] =
 * their directory): ODS/ODT/ODP (parsers/odf.c) and PPTX (parsers/ooxml.c) through the dft_ooxml_cb
 * callbacks, with exact logs of tables, cells, pages and paragraphs, and the hostile cases (huge
 * repeats, encrypted, billion laughs, zip bomb) with their exact codes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "biff_formula.h"
#include "docread.h"
#include "error.h"
#include "odf.h"
#include "htmltext.h"
#include "notesdb.h"
#include "ooxml.h"
#include "pdftext.h"
#include "rtf.h"
#include "pptread.h"
#include "xlsread.h"

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
static int warnings, quiet;
static unsigned long cells;

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
    cells++;
    if (!quiet) logf_("R%uC%u=%s\n", row, col, t);
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

static int rd_html(const void *b, size_t n, const dft_ooxml_limits *l, const dft_ooxml_cb *cb)
{
    const char *cs = NULL;
    int rc = dft_html_read(b, n, l, cb, &cs);
    logf_("CS:%s\n", cs);
    return rc;
}
static int rd_pdf(const void *b, size_t n, const dft_ooxml_limits *l, const dft_ooxml_cb *cb)
{
    (void)l;
    return dft_pdf_read(b, n, NULL, cb);
}

static int rd_xls(const void *b, size_t n, const dft_ooxml_limits *l, const dft_ooxml_cb *cb)
{
    dft_xls_limits xl = {.max_cells = l ? l->max_cells : 0};
    return dft_xls_read(b, n, &xl, cb);
}
static int rd_xls_inproc(const void *b, size_t n, const dft_ooxml_limits *l, const dft_ooxml_cb *cb)
{
    (void)l;
    dft_xls_limits xl = {.in_process = 1};
    return dft_xls_read(b, n, &xl, cb);
}
static int rd_doc(const void *b, size_t n, const dft_ooxml_limits *l, const dft_ooxml_cb *cb)
{
    (void)l;
    return dft_doc_read(b, n, cb);
}

/* A Word 97 WordDocument stream (FIB with the subdocument lengths, ccpText = cp, fcClx = 0) of text
 * at 0x400 and a table stream holding only a Clx whose PlcPcd has npcd pieces; the caller fills them. */
static void p32(uint8_t *b, uint32_t v)
{
    b[0] = (uint8_t)v; b[1] = (uint8_t)(v >> 8); b[2] = (uint8_t)(v >> 16); b[3] = (uint8_t)(v >> 24);
}
static uint8_t *doc_streams(const char *text, uint32_t cp, uint32_t npcd, uint8_t **tbl, size_t *wdn, size_t *tbln)
{
    size_t tl = strlen(text), lw = 0x24, fl = lw + 22 * 4 + 2;
    *wdn = 0x400 + tl;
    *tbln = 5 + ((size_t)npcd + 1) * 4 + (size_t)npcd * 8;
    uint8_t *wd = calloc(*wdn, 1);
    *tbl = calloc(*tbln, 1);
    if (!wd || !*tbl) abort();
    wd[0] = 0xEC, wd[1] = 0xA5, wd[2] = 0xC1;   /* wIdent, nFib = Word 97 */
    wd[0x22] = 22;                               /* csw = 0, cslw = 22 */
    p32(wd + lw + 12, cp);                       /* ccpText */
    wd[fl - 2] = 0x5D;                           /* cbRgFcLcb */
    p32(wd + fl + 33 * 8 + 4, (uint32_t)*tbln);  /* lcbClx */
    memcpy(wd + 0x400, text, tl);
    (*tbl)[0] = 0x02;                            /* Pcdt */
    p32(*tbl + 1, (uint32_t)(*tbln - 5));
    return wd;
}

static int rd_ppt(const void *b, size_t n, const dft_ooxml_limits *l, const dft_ooxml_cb *cb)
{
    (void)l;
    dft_ppt_opts o = {.in_process = 1};
    return dft_ppt_read(b, n, &o, cb);
}

/* the same through the child process (isolate.c reader "ppt"), as the documents plugin runs it */
static int rd_ppt_child(const void *b, size_t n, const dft_ooxml_limits *l, const dft_ooxml_cb *cb)
{
    (void)l;
    return dft_ppt_read(b, n, NULL, cb);
}

static int on_note(void *c, const char *table, int64_t rowid, const char *text, size_t len)
{
    (void)c;
    logf_("N%s:%lld=%.*s\n", table, (long long)rowid, (int)len, text);
    return 0;
}

static int notes(const char *dir, const char *name, int ios, const char *want)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    dft_sqlite *h = NULL;
    int rc = dft_sqlite_open(&h, path, NULL);
    if (rc) return rc;
    log_buf[0] = '\0';
    rc = ios ? dft_notes_ios(h, on_note, on_warn, NULL) : dft_notes_keep(h, on_note, on_warn, NULL);
    dft_sqlite_close(h);
    if (strcmp(log_buf, want) != 0) {
        fprintf(stderr, "%s: got\n%s---\nwant\n%s---\n", name, log_buf, want);
        failures++;
    }
    return rc;
}

typedef int (*reader)(const void *, size_t, const dft_ooxml_limits *, const dft_ooxml_cb *);

static int log_sections;   /* run_s(): sections of ODF documents logged too (always for the other readers) */

static int run(reader rd, const char *dir, const char *name, const char *want)
{
    size_t n;
    char *b = slurp(dir, name, &n);
    log_buf[0] = '\0';
    warnings = 0;
    cells = 0;
    dft_ooxml_cb cb = {.table = on_table, .cell = on_cell, .table_end = on_end, .paragraph = on_para,
                       .warning = on_warn, .page = on_page, .section = log_sections || rd != dft_odf_read ? on_section : NULL};
    int rc = rd(b, n, NULL, &cb);
    free(b);
    if (want && strcmp(log_buf, want) != 0) {
        fprintf(stderr, "%s: got\n%s---\nwant\n%s---\n", name, log_buf, want);
        failures++;
    }
    return rc;
}

/* run() with the section callback logged ("S:name"): the ODF subdocuments */
static int run_s(const char *dir, const char *name, const char *want)
{
    log_sections = 1;
    int rc = run(dft_odf_read, dir, name, want);
    log_sections = 0;
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) return 2;
    const char *d = argv[1];
    /* values beat display text; white space collapses; non-empty repeats expand, empty ones only
     * move the position (row 1005 after 1000 empty rows, col 16002 after 16000 empty cells) */
    CHECK(run(dft_odf_read, d, "roster.ods",
              "T1:客户\nR1C1=姓名\nR1C2=电话\nR1C3=金额\nR1C4=日期\nR1C5=已付\n"
              "R2C1=张 三\nR2C2=8613800138000\nR2C3=1234.5\nR2C4=2024-01-05\nR2C5=TRUE\nR2C6=a   b\tc\nd\n"
              "R2C7=p1\np2\nR2C9=after covered\n"
              "R3C3=x\nR3C4=x\nR3C5=x\nR4C3=x\nR4C4=x\nR4C5=x\nR1005C1=tail\nR1005C16002=far\nE\nP1=G2: NOTE\n"
              "T2:Staff\nE\n") == DFT_OK);
    CHECK(warnings == 0);
    CHECK(run(dft_odf_read, d, "letter.odt",
              "P1=Báo cáo\nP2=body foot end \nP3=one\nP4=two\nT1:-\nR1C1=h1\nR1C2=h2\nR2C1=a\nb\n"
              "R2C2=inner\nafter\nE\nP6=end\n") == DFT_OK);
    CHECK(run(dft_odf_read, d, "slides.odp",
              "PG1:Intro\nP1=Welcome\nP2=line2\nP1=speaker note\nPG2:page2\nP1=Prices\nT1:-\nR1C1=k\nR1C2=v\nE\n"
              "P2=bye\n") == DFT_OK);
    /* ODF subdocuments: body, then headers/footers of styles.xml in document order (a table in a
     * footer numbered from 1), then the comments one paragraph each (author/date left out); the flat
     * .fodt of the same document gives the same, although its master styles come before the body. */
    static const char memo[] =
        "P1=Before after\nT1:-\nR1C1=c1\nE\nP2=end\nS:header 1\nP1=Company HEADER\nS:footer 1\nT1:-\nR1C1=ft1\n"
        "R1C2=ft2\nE\nP1=Page 1\nS:header 2\nP1=First page only\nS:comments\nP1=Check the\npassport list\nP2=in cell\n";
    CHECK(run_s(d, "memo.odt", memo) == DFT_OK);
    CHECK(warnings == 0);
    CHECK(run_s(d, "memo.fodt", memo) == DFT_OK);
    CHECK(run_s(d, "other.xml", "") == DFT_ENOTFOUND);   /* ODF namespace, root not office:document */
    CHECK(run_s(d, "badstyles.odt", NULL) == DFT_OK);     /* damaged styles.xml: a warning, body and comments kept */
    CHECK(warnings == 1);
    CHECK(strstr(log_buf, "P1=Before after\nT1:-\nR1C1=c1\nE\nP2=end\nW:headers/footers not read to their end: styles.xml: "
                          "malformed XML") == log_buf);
    CHECK(strstr(log_buf, "S:comments\nP1=Check the\npassport list\nP2=in cell\n") != NULL);
    /* ODP: speaker notes as section "notes", an Impress comment (officeooo:annotation) after the page */
    CHECK(run_s(d, "talk.odp", "PG1:p1\nP1=Hello\nS:notes\nP1=Notes text\nS:comments\nP1=Slide comment\nPG2:p2\nP1=Bye\n") ==
          DFT_OK);
    /* ODS: a cell comment "REF: text" after its sheet, then back to the main text */
    CHECK(run_s(d, "roster.ods", NULL) == DFT_OK);
    CHECK(strstr(log_buf, "R1005C16002=far\nE\nS:sheet 1 comments\nP1=G2: NOTE\nS:-\nT2:Staff\nE\n") != NULL);
    /* slide numbers from p:sldIdLst (slide2.xml is slide 1); tab stops are no text; masters unread */
    CHECK(run(dft_ooxml_read, d, "deck.pptx",
              "PG2:-\nP1=Second\nslide\nT1:-\nR1C1=c1\nR1C2=c2\nR2C1=d1\nR2C2=d2\nE\nP2=end\n"
              "PG1:-\nP1=Title \nP3=two runs\n") == DFT_OK);
    /* relationship lookups: the slide's first relationship whose r:id is listed numbers it; a notes
     * part named three times is read once, in natural order */
    CHECK(run(dft_ooxml_read, d, "relnotes.pptx", "PG1:-\nP1=S\nS:notes\nP1=two\nS:notes\nP1=ten\n") == DFT_OK);

    /* 16384 repeated columns x 1048576 repeated rows of "x": 1,000,000 extra copies at most, then a
     * warning: 61 rows of 16384 cells */
    quiet = 1;
    CHECK(run(dft_odf_read, d, "repeat.ods", NULL) == DFT_OK);
    CHECK(cells == 61ul * 16384);
    CHECK(warnings == 1);
    CHECK(strstr(log_buf, "W:repeated cells beyond 1000000 copies per document reported once\n") != NULL);
    quiet = 0;
    CHECK(run(dft_odf_read, d, "encrypted.ods", "") == DFT_EUNSUPPORTED);
    /* refused before any expansion (libxml2 stops at the entity or we stop at the DTD node) */
    CHECK(run(dft_odf_read, d, "laughs.ods", "") == DFT_ECORRUPT);
    CHECK(run(dft_odf_read, d, "bomb.ods", "T1:B\nR1C1=before\nE\n") == DFT_ELIMIT);
    CHECK(strstr(dft_error_last(), "zip bomb") != NULL);
    CHECK(run(dft_odf_read, d, "deck.pptx", "") == DFT_ENOTFOUND);
    int rc = dft_odf_read("not a zip", 9, NULL, NULL);
    CHECK(rc == DFT_ECORRUPT || rc == DFT_ENOTFOUND);

    /* RTF: font code pages (cp936, cp874), \u with fallback skip and a surrogate pair, skipped
     * destinations, field result kept, a two-row table, escapes */
    CHECK(run(dft_rtf_read, d, "letter.rtf",
              "P1=张三 phone 138\nP2=你好\tdone\nnext\nP3=link text\nP4=\xF0\x9F\x98\x80\nP5=สวัสดี\n"
              "T1:-\nR1C1=A1\nR1C2=B1\nR2C1=A2\nsecond\nE\nP6=after table {x} \\\n") == DFT_OK);
    CHECK(warnings == 0);
    CHECK(run(dft_rtf_read, d, "deep.rtf", "W:RTF groups nested deeper than 256\nP1=deep\n") == DFT_OK);
    {
        /* an ignorable group opened past the kept depth must not hide the text of the levels above it
         * (a way to hide text from triage): 255 groups, {\*\foo x} at depth 256, then text at 255 */
        char deep[2048];
        size_t n = (size_t)snprintf(deep, sizeof deep, "{\\rtf1 ");
        for (int i = 0; i < 255; i++) deep[n++] = '{';
        n += (size_t)snprintf(deep + n, sizeof deep - n, "{\\*\\foo x}secret text");
        for (int i = 0; i < 256; i++) deep[n++] = '}';
        log_buf[0] = '\0';
        dft_ooxml_cb cb = {.table = on_table, .cell = on_cell, .table_end = on_end, .paragraph = on_para,
                           .warning = on_warn, .page = on_page};
        CHECK(dft_rtf_read(deep, n, NULL, &cb) == DFT_OK);
        CHECK(strstr(log_buf, "secret text") != NULL);
    }
    CHECK(dft_rtf_read("{\\rt", 4, NULL, NULL) == DFT_ENOTFOUND);
    CHECK(dft_rtf_read("{\\rtf1 open {\\b bold", 20, NULL, NULL) == DFT_OK);

    /* HTML: gb2312 label -> GB18030, title kept, script/style/comment dropped, white space, br, pre,
     * colspan, a two-paragraph cell, entities */
    CHECK(run(rd_html, d, "page.html",
              "P1=客户名单\nP2=名单\nP3=张三 电话\n13800138000\nP4=ab\nT1:-\nR1C1=姓名\nR1C2=地址\nR1C4=备注\n"
              "R2C1=李四\nR2C2=x\nR2C3=y\nR2C4=one\ntwo\nE\nP5=  keep   spaces\nline2\nP6=end & <ok>\nCS:GB18030\n") == DFT_OK);
    CHECK(run(rd_html, d, "deep.html", "P1=deep\nCS:UTF-8\n") == DFT_OK);   /* 100,000 nested divs */

    /* PDF: pages and lines; a page tree whose Kids point at itself and a PDF without objects do not
     * crash or hang (poppler: no pages or not openable) */
    CHECK(run(rd_pdf, d, "two.pdf", "PG1:-\nP1=Hello PDF\nP2=second line\nPG2:-\nP1=Page two\n") == DFT_OK);
    CHECK(run(rd_pdf, d, "loop.pdf", "W:PDF: page 1 could not be loaded\nW:PDF: page 2 could not be loaded\n") == DFT_OK);
    CHECK(run(rd_pdf, d, "broken.pdf", "") == DFT_OK);
    /* RC4-40 standard security handler: an empty user password opens, another one is EUNSUPPORTED */
    /* CID-keyed text (Type0, Identity-H, ToUnicode): Chinese and Thai as the characters, not glyph ids */
    CHECK(run(rd_pdf, d, "cjk.pdf", "PG1:-\nP1=\xe6\x8a\xa4\xe7\x85\xa7\xe7\x94\xb1\xe5\x85\xac\xe5\x8f\xb8"
                                    "\xe4\xbf\x9d\xe7\xae\xa1\nP2=\xe0\xb8\xaa\xe0\xb8\xa7\xe0\xb8\xb1\xe0\xb8\xaa"
                                    "\xe0\xb8\x94\xe0\xb8\xb5\xe0\xb8\x84\xe0\xb8\xa3\xe0\xb8\xb1\xe0\xb8\x9a\n") == DFT_OK);
    /* a predefined CMap (UniGB-UCS2-H, STSong-Light not embedded) and no ToUnicode: poppler-data maps it */
    CHECK(run(rd_pdf, d, "cjk_cmap.pdf", "PG1:-\nP1=\xe6\x8a\xa4\xe7\x85\xa7\xe7\x94\xb1\xe5\x85\xac\xe5\x8f\xb8"
                                         "\xe4\xbf\x9d\xe7\xae\xa1\nP2=\xe6\xaf\x8f\xe5\xa4\xa9\xe5\xb7\xa5\xe4\xbd\x9c"
                                         "\xe5\x8d\x81\xe4\xba\x94\xe5\xb0\x8f\xe6\x97\xb6\n") == DFT_OK);
    CHECK(run(rd_pdf, d, "emptypw.pdf", "PG1:-\nP1=Secret but open\n") == DFT_OK);
    CHECK(run(rd_pdf, d, "locked.pdf", "") == DFT_EUNSUPPORTED);
    CHECK(dft_pdf_read("hello", 5, NULL, NULL) == DFT_ENOTFOUND);

    /* notes databases: gzip + protobuf bodies (a NULL body skipped, a broken one a warning), Keep
     * titles then list items in _id order (NULL / empty skipped) */
    CHECK(notes(d, "NoteStore.sqlite", 1,
                "NZICNOTEDATA:1=购物清单\nmilk\nNZICNOTEDATA:4=second ✓\n"
                "W:NoteStore: 1 password-locked note(s) not read\n"
                "W:NoteStore: 1 note(s) not decoded (first ZICNOTEDATA:3: note data is not a valid gzip stream "
                "(incorrect header check))\n") == DFT_OK);
    CHECK(notes(d, "keep.db", 0, "Ntree_entity:1=Wallets\nNlist_item:1=first item\nNlist_item:3=body text\n") == DFT_OK);
    CHECK(notes(d, "keep.db", 1, "") == DFT_ENOTFOUND);
    {
        size_t bn;
        char *blob = slurp(d, "notestore.blob", &bn), *t = NULL;
        size_t tl = 0;
        CHECK(dft_notestore_text(blob, bn, &t, &tl) == DFT_OK && tl == strlen("购物清单\nmilk") &&
              strcmp(t, "购物清单\nmilk") == 0);
        free(t);
        CHECK(dft_notestore_text(blob, bn - 4, &t, &tl) == DFT_ECORRUPT);   /* truncated gzip */
        free(blob);
        /* protobuf without the Document field: gzip of {1: 0} */
        static const unsigned char nodoc[] = {0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 2, 3, 0xe3, 0x60, 0, 0,
                                              0xf7, 0x98, 0x00, 0x89, 2, 0, 0, 0};
        CHECK(dft_notestore_text(nodoc, sizeof nodoc, &t, &tl) == DFT_ENOTFOUND);
    }

    /* legacy binaries (gen_docfmt.py through testimages/ole2_write.py) */
    /* SST strings with the high-byte flag (Chinese, Thai), one split by a CONTINUE record (LONG6); a
     * NUMBER phone, RK integers, RK dates in the built-in date format, an inline LABEL, a boolean */
#define LONG3 "备注：客户已充值，等待提现审核备注：客户已充值，等待提现审核备注：客户已充值，等待提现审核"
#define LONG6 LONG3 LONG3
    static const char xls_want[] = "T1:客户\nR1C1=姓名\nR1C2=电话\nR1C3=国家\nR1C4=充值金额\nR1C5=日期\n"
        "R2C1=张伟\nR2C2=66819990001\nR2C3=泰国\nR2C4=5000\nR2C5=2024-03-01\n"
        "R3C1=สมชาย ใจดี\nR3C2=0912 000 111\nR3C3=越南\nR3C4=1234.5\nR3C5=2024-03-15\n"
        "R4C1=" LONG6 "\nE\n"
        "T2:Sheet2\nR1C1=inline LABEL\nR2C2=1\nR3C3=-7\nE\nT3:empty\nE\n";
    CHECK(run(rd_xls, d, "targets.xls", xls_want) == DFT_OK);
    CHECK(run(rd_xls_inproc, d, "targets.xls", xls_want) == DFT_OK);
    /* FORMULA cached results merged row-major into FreeXL's cells (biff_formula.c); the cells outside
     * the DIMENSIONS record after the others of their row / at the end; one warning for the string
     * result without its STRING record; empty-string results give no cell */
    static const char fml_want[] = "W:XLS formula results: a string result without its STRING record skipped\n"
        "T1:Calc\nR1C1=name\nR1C2=phone\nR1C3=total\nR1C4=when\n"
        "R2C1=张伟\nR2C2=+66819990001\nR2C3=1234.5\nR2C4=2024-03-01\nR2C5=1\nR2C7=right of the dimensions\n"
        "R3C1=สมชาย ใจดี\nR3C2=#DIV/0!\nR3C4=7\nR3C5=shared\nR4C3=5\nR6C1=below the dimensions\nE\n"
        "T2:Two\nR1C1=-0.1\nR1C2=x\nR1C3=5000\nR1C4=5000\nR1C5=1e+20\nE\n";
    CHECK(run(rd_xls, d, "formulas.xls", fml_want) == DFT_OK);
    CHECK(run(rd_xls_inproc, d, "formulas.xls", fml_want) == DFT_OK);
    /* hostile FORMULA records: warned and skipped, the rest read */
#define FML_BAD_W "W:XLS formula results: cells past column 256 skipped\n" \
    "W:XLS formula results: a STRING record shorter than its character count (the rest lost)\n"
    static const char bad_want[] = FML_BAD_W "W:XLS formula results: a FORMULA record shorter than 20 bytes skipped\n"
                                   "T1:Bad\nR1C1=ok\nR2C1=abcde\nR3C2=after\nE\n";
    CHECK(run(rd_xls_inproc, d, "formulas_bad.xls", bad_want) == DFT_OK);
    CHECK(run(rd_xls, d, "formulas_bad.xls", bad_want) == DFT_OK);
    /* FreeXL sees no sheet in a stream that ends inside a record: the results found are lost (warned) */
    static const char past_want[] = FML_BAD_W "W:XLS formula results: a FORMULA record shorter than 20 bytes skipped\n"
        "W:XLS formula results: a record running past the end of the stream: the rest not read\n"
        "W:XLS: formula results of 1 sheet(s) past FreeXL's 0 not read\n";
    CHECK(run(rd_xls_inproc, d, "formulas_past.xls", past_want) == DFT_OK);
    CHECK(run(rd_xls, d, "formulas_past.xls", past_want) == DFT_OK);
    {   /* BIFF5: code-page STRING, 1904 dates, a custom date-time FORMAT, a built-in time format, a format
         * with a quoted d (no date), a nested chart substream skipped, zero padding at the end */
        size_t n;
        char *b = slurp(d, "book5.bin", &n);
        dft_biff_formulas f;
        dft_ooxml_cb none = {0};
        CHECK(dft_biff_formulas_read((const uint8_t *)b, n, 100, &none, &f) == DFT_OK);
        CHECK(f.nsheets == 1 && f.sheets[0].n == 4);
        if (f.nsheets == 1 && f.sheets[0].n == 4) {
            CHECK(f.sheets[0].cells[0].row == 0 && f.sheets[0].cells[0].col == 0);
            CHECK(strcmp(f.arena + f.sheets[0].cells[0].text, "При") == 0);
            CHECK(strcmp(f.arena + f.sheets[0].cells[1].text, "1904-01-01 12:00:00") == 0);
            CHECK(strcmp(f.arena + f.sheets[0].cells[2].text, "18:00:00") == 0);
            CHECK(strcmp(f.arena + f.sheets[0].cells[3].text, "2.5") == 0);
        }
        dft_biff_formulas_free(&f);
        free(b);
    }
    CHECK(run(rd_xls, d, "locked.xls", "") == DFT_EUNSUPPORTED);
    CHECK(strstr(dft_error_last(), "password-protected .xls workbook") != NULL);
    CHECK(run(rd_xls, d, "script.doc", "") == DFT_ENOTFOUND);   /* a Word file named .xls */
    CHECK(run(rd_xls, d, "roster.ods", "") == DFT_ENOTFOUND);   /* no OLE2 signature */
    CHECK(run(rd_doc, d, "script.doc", "P1=Step 1: greet\tthe client\nP2=第二步：建立信任，สวัสดีค่ะ\n"
                                       "P3=Line one\nline two link text end\nP4=\nP5=cell A\nP6=cell B\nP7=\n"
                                       "P8=non-breaking, optional\n") == DFT_OK);
    CHECK(run(rd_doc, d, "table0.doc", "P1=零号表\n") == DFT_OK);
    /* subdocuments in CP order, each a section numbered from 1: the reference marks dropped, the
     * separator stories and empty header stories skipped, the PAGE field's result kept */
    CHECK(run(rd_doc, d, "stories.doc", "P1=Main text\nS:footnotes\nP1= Footnote one: wx123\nP2= second note\n"
                                        "S:section 1 odd header\nP1=Odd header 机密\nS:section 1 odd footer\nP1=Page 1\n"
                                        "S:section 2 first header\nP1=First header S2\n"
                                        "S:comments\nP1=Comment: check deposit\nS:endnotes\nP1= Endnote\n"
                                        "S:text boxes\nP1=Text box 投资\nS:header text boxes\nP1=Header box\n") == DFT_OK);
    /* tables from the paragraph properties, like DOCX: paragraphs outside tables numbered on, a cell's
     * paragraphs (and a nested table's) joined by LF, empty cells not reported, the row-end mark no cell */
    CHECK(run(rd_doc, d, "table.doc", "P1=名单\nT1:-\nR1C1=姓名\nR1C2=电话\nR1C3=国家\nR2C1=张伟\n"
                                      "R2C2=+66 81 999 0001\nR2C3=泰国\nR3C1=multi\nline\nR3C3=end\n"
                                      "R4C1=out\nin1\nin2\nE\nP2=after\nS:footnotes\nP1= note\n") == DFT_OK);
    CHECK(run(rd_doc, d, "fastsave.doc", "P1=head\nT1:-\nR1C1=a\nR1C2=b\nE\nP2=after\n") == DFT_OK);
    CHECK(run(rd_doc, d, "badhdd.doc", "P1=Main\nW:DOC: header story table (Plcfhdd) does not fit the header text: "
                                       "read as one\nS:headers\nP1=H1\nP2=H2\nP3=\n") == DFT_OK);
    CHECK(run(rd_doc, d, "badsub.doc", "P1=Main\nW:DOC: subdocument lengths (to CP 4294967304) run past the text "
                                       "(11 characters): footnotes, headers, comments, endnotes and text boxes not read\n") == DFT_OK);
    CHECK(run(rd_doc, d, "longsub.doc", "P1=Main\nW:DOC: subdocument lengths (to CP 55) run past the text "
                                        "(10 characters): footnotes, headers, comments, endnotes and text boxes not read\n") == DFT_OK);
    {   /* hostile piece table: 3000 pieces each mapping CPs 0-99 to the same 100 bytes (a CP array
         * 0, 99, 0, 99, ...): the text read at most twice the stream's bytes (was once per piece: 1500
         * copies; a 2 MiB file gave gigabytes of paragraphs), one warning */
        static char text[101];
        for (int i = 0; i < 100; i++) text[i] = i % 10 == 9 ? '\r' : 'a';
        uint8_t *tbl;
        size_t wdn, tbln;
        uint32_t npcd = 3000;
        uint8_t *wd = doc_streams(text, 100, npcd, &tbl, &wdn, &tbln);
        for (uint32_t i = 0; i <= npcd; i++) p32(tbl + 5 + i * 4, i % 2 ? 99 : 0);
        for (uint32_t i = 0; i < npcd; i++) p32(tbl + 5 + (npcd + 1) * 4 + i * 8 + 2, 0x400 * 2 | 0x40000000u);
        log_buf[0] = '\0';
        warnings = 0;
        dft_ooxml_cb cb = {.paragraph = on_para, .warning = on_warn};
        CHECK(dft_doc_read_streams(wd, wdn, tbl, tbln, &cb) == DFT_OK);
        CHECK(warnings == 1);
        CHECK(strstr(log_buf, "W:DOC: text pieces read the WordDocument stream more than twice over") != NULL);
        CHECK(strlen(log_buf) < 8000);   /* 1500 copies: 64 KiB, the log full */
        free(wd);
        free(tbl);
    }
    /* PowerPoint 97: slides in the slide list's order (their containers are in reverse order), the
     * outline text (bytes and UTF-16, CR = paragraph, VT = LF) then the text boxes and the comment text;
     * the 2007-style copy of the outline in the drawing, the master, the comment's author/initials and
     * the superseded first version of slide 1 are not text of the slides; record = the slide's offset */
    static const char deck[] = "PG1:record 0x32a\nP1=Résumé\nP2=second para\nP3=投资计划\nline two\n"
                               "P4=box: 加微信 wx123\nP5=comment: check deposit\nPG2:record 0x2da\n"
                               "PG3:record 0x25e\nP1=Third\n";
    CHECK(run(rd_ppt, d, "deck.ppt", deck) == DFT_OK);
    CHECK(run(rd_ppt_child, d, "deck.ppt", deck) == DFT_OK);
    /* speaker notes after each slide's text as section "notes" (SlideAtom.notesIdRef -> the notes
     * list -> NotesContainer), the slide image and the slide number's '*' not read; also in the child */
    static const char notes_want[] = "PG1:record 0x2ad\nP1=One\nPG2:record 0x231\nP1=Two\nS:notes\nP1=Say: 加微信\n"
                                     "P2=then deposit\nPG3:record 0x1b5\nP1=Three\nS:notes\nP1=Three notes\n";
    CHECK(run(rd_ppt, d, "notes.ppt", notes_want) == DFT_OK);
    CHECK(run(rd_ppt_child, d, "notes.ppt", notes_want) == DFT_OK);
    /* without Current User: stream order, no slide numbers, the superseded text included, one warning */
    CHECK(run(rd_ppt, d, "nocu.ppt", "W:PPT: no usable edit chain or slide list: text read in stream order "
                                     "(superseded slide versions may appear)\nP1=OLD VERSION\nP2=Third\n") == DFT_OK);
    CHECK(run(rd_ppt, d, "locked.ppt", "") == DFT_EUNSUPPORTED);
    CHECK(run(rd_ppt_child, d, "locked.ppt", "") == DFT_EUNSUPPORTED);
    CHECK(run(rd_ppt, d, "script.doc", "") == DFT_ENOTFOUND);    /* a Word file named .ppt */
    CHECK(run(rd_ppt_child, d, "targets.xls", "") == DFT_ENOTFOUND);
    CHECK(run(rd_doc, d, "deck.ppt", "") == DFT_ENOTFOUND);
    CHECK(run(rd_doc, d, "locked.doc", "") == DFT_EUNSUPPORTED);
    CHECK(run(rd_doc, d, "targets.xls", "") == DFT_ENOTFOUND);   /* an Excel file named .doc */

    /* cell cap */
    size_t n;
    char *b = slurp(d, "roster.ods", &n);
    dft_ooxml_limits lim = {.max_cells = 3};
    log_buf[0] = '\0';
    dft_ooxml_cb cb = {.cell = on_cell};
    CHECK(dft_odf_read(b, n, &lim, &cb) == DFT_ELIMIT);
    CHECK(strcmp(log_buf, "R1C1=姓名\nR1C2=电话\nR1C3=金额\n") == 0);
    free(b);
    if (failures) fprintf(stderr, "%d failure(s)\n", failures);
    return failures ? 1 : 0;
}
