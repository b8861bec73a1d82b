/*
 * docread.c - Word 97-2003 text through the piece table (rules and layout in docread.h). Each piece is
 * converted to UTF-8 by textenc.h (UTF-16LE or Windows-1252); Word's control characters are ASCII and
 * survive the conversion, so the paragraph machine below reads UTF-8 bytes.
 */
#include "docread.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "docpapx.h"
#include "error.h"
#include "ole2.h"
#include "textenc.h"

#define FIB_IDENT 0xA5EC
#define FIB_ENCRYPTED 0x0100
#define FIB_WHICH_TABLE 0x0200
#define FIB_OBFUSCATED 0x8000
#define LW_CCP_TEXT 3        /* FibRgLw97 index of ccpText; ccpFtn .. ccpHdrTxbx follow it (SUBDOCS) */
#define LW_SUBDOCS 7         /* ccpFtn, ccpHdd, ccpMcr (reserved3), ccpAtn, ccpEdn, ccpTxbx, ccpHdrTxbx */
#define FCLCB_PLCFHDD 11     /* FibRgFcLcb97 pair index of fcPlcfHdd/lcbPlcfHdd */
#define FCLCB_BTE_PAPX 13    /* FibRgFcLcb97 pair index of fcPlcfBtePapx/lcbPlcfBtePapx */
#define FCLCB_CLX 33         /* FibRgFcLcb97 pair index of fcClx/lcbClx */
#define NFIB_WORD97 0x00C1   /* FibBase.nFib of Word 97 and later (Word 2000+ keep it and add nFibNew) */
#define SUB_HDD 1            /* SUBDOCS index of the header document */
#define HDD_SEPARATORS 6     /* Plcfhdd stories 0-5: footnote/endnote separators, not text */
#define FIELD_DEPTH 64       /* nesting tracked; deeper fields share the deepest state */

typedef struct para {
    const dft_ooxml_cb *cb;
    char *text;
    size_t n, cap;
    uint32_t index;
    int cut_warned;
    uint8_t field[FIELD_DEPTH];   /* 1 = in the field's code (0x13..0x14), 0 = in its result */
    unsigned depth;
    /* tables: the paragraph properties, and the raw piece being fed (to find each mark's FC) */
    const dft_doc_papx *papx;     /* NULL: no PlcBtePapx, a cell mark ends a paragraph */
    const uint8_t *raw;
    size_t raw_n, raw_pos, raw_fc;
    unsigned raw_w;               /* bytes a character: 1 compressed, 2 UTF-16 */
    uint16_t raw_prm;             /* the piece's Prm */
    uint32_t tables, row, col;
    int table_open, row_open;
} para;

static int put(para *p, const char *s, size_t n)
{
    if (p->n + n > DFT_OOXML_MAX_TEXT) {
        if (!p->cut_warned++) dft_ooxml_warnf(p->cb, "a text over %zu bytes was cut", DFT_OOXML_MAX_TEXT);
        return DFT_OK;
    }
    if (p->n + n + 1 > p->cap) {
        size_t cap = p->cap ? p->cap : 256;
        while (cap < p->n + n + 1) cap *= 2;
        char *t = realloc(p->text, cap);
        if (!t) return dft_error_set(DFT_ENOMEM, "out of memory");
        p->text = t;
        p->cap = cap;
    }
    memcpy(p->text + p->n, s, n);
    p->n += n;
    p->text[p->n] = 0;
    return DFT_OK;
}

static int end_paragraph(para *p)
{
    p->index++;
    int rc = p->cb->paragraph ? p->cb->paragraph(p->cb->ctx, p->index, p->n ? p->text : "") : DFT_OK;
    p->n = 0;
    p->cut_warned = 0;
    if (p->text) p->text[0] = 0;
    return rc;
}

/* The table properties of the next paragraph mark c (0x0D or 0x07) of the piece being fed: the marks
 * of the UTF-8 text and of the raw piece are the same characters in the same order, and feed() calls
 * this for every one of them (in field codes too), so the raw cursor stays on the same mark. */
static void mark_props(para *p, unsigned char c, dft_doc_pap *pap)
{
    memset(pap, 0, sizeof *pap);
    if (!p->papx || !p->raw) return;
    while (p->raw_pos + p->raw_w <= p->raw_n) {
        size_t at = p->raw_pos;
        unsigned u = p->raw_w == 1 ? p->raw[at] : (unsigned)(p->raw[at] | p->raw[at + 1] << 8);
        p->raw_pos += p->raw_w;
        if (u == c) {
            dft_doc_papx_at(p->papx, (uint32_t)(p->raw_fc + at), pap);
            dft_doc_papx_prm(p->papx, p->raw_prm, pap);
            return;
        }
    }
}

static int close_table(para *p)
{
    if (!p->table_open) return DFT_OK;
    p->table_open = p->row_open = 0;
    return p->cb->table_end ? p->cb->table_end(p->cb->ctx) : DFT_OK;
}

/* A paragraph mark: a paragraph outside tables, inside one a line of the cell (0x0D, nested tables'
 * marks included), the end of a cell (0x07) or of a row (0x07 of a TTP paragraph). Cells like DOCX:
 * 1-based rows and columns, empty cells not reported. */
static int paragraph_mark(para *p, unsigned char c)
{
    dft_doc_pap pap = {0};
    if (c != 0x0C) mark_props(p, c, &pap);   /* a page or section break ends a paragraph, in a table too */
    if (c == 0x0C || !(pap.in_table || pap.itap > 0)) {
        int rc = close_table(p);
        return rc ? rc : end_paragraph(p);
    }
    if (c == 0x0D) return pap.inner_ttp ? DFT_OK : put(p, "\n", 1);   /* a nested row's end: no text */
    int rc = DFT_OK;
    if (pap.ttp) {   /* the row's end mark: its paragraph holds no cell text */
        p->row_open = 0;
    } else {
        if (!p->table_open) {
            p->table_open = 1;
            p->row = 0;
            rc = p->cb->table ? p->cb->table(p->cb->ctx, ++p->tables, NULL) : DFT_OK;
        }
        if (!p->row_open) {
            p->row_open = 1;
            p->row++;
            p->col = 0;
        }
        p->col++;
        while (p->n && p->text[p->n - 1] == '\n') p->text[--p->n] = 0;   /* an empty last paragraph */
        if (!rc && p->n && p->cb->cell) rc = p->cb->cell(p->cb->ctx, p->row, p->col, p->text);
    }
    p->n = 0;
    p->cut_warned = 0;
    if (p->text) p->text[0] = 0;
    return rc;
}

static int in_field_code(const para *p)
{
    unsigned d = p->depth < FIELD_DEPTH ? p->depth : FIELD_DEPTH;
    for (unsigned i = 0; i < d; i++)
        if (p->field[i]) return 1;
    return 0;
}

/* Feeds UTF-8 text (Word's control characters included) to the paragraph machine. */
static int feed(para *p, const char *s, size_t n)
{
    size_t run = 0;   /* start of the pending run of ordinary bytes */
    int rc = DFT_OK;
    for (size_t i = 0; i <= n && rc == DFT_OK; i++) {
        unsigned char c = i < n ? (unsigned char)s[i] : 0;
        if (i < n && (c >= 0x20 || c == 0x09)) continue;
        if (i > run && !in_field_code(p)) rc = put(p, s + run, i - run);
        run = i + 1;
        if (i == n || rc) break;
        switch (c) {
        case 0x0D: case 0x07: case 0x0C:
            if (!in_field_code(p)) rc = paragraph_mark(p, c);
            else if (c != 0x0C) mark_props(p, c, &(dft_doc_pap){0});   /* keep the raw cursor in step */
            break;
        case 0x0B:
            if (!in_field_code(p)) rc = put(p, "\n", 1);
            break;
        case 0x1E:
            if (!in_field_code(p)) rc = put(p, "-", 1);
            break;
        case 0x13:
            if (p->depth < FIELD_DEPTH) p->field[p->depth] = 1;
            p->depth++;
            break;
        case 0x14:
            if (p->depth && p->depth <= FIELD_DEPTH) p->field[p->depth - 1] = 0;
            break;
        case 0x15:
            if (p->depth) p->depth--;
            break;
        default:   /* 0x01 0x08 anchors, 0x02-0x05 note marks, 0x1F optional hyphen, others: dropped */
            break;
        }
    }
    return rc;
}

/* The FIB fields this reader needs. */
typedef struct fib {
    uint16_t flags, nfib;
    uint32_t ccp_text, fc_clx, lcb_clx;
    int has_subdocs;                 /* Word 97+ FIB with the subdocument lengths */
    uint32_t ccp_sub[LW_SUBDOCS];    /* in SUBDOCS order */
    uint32_t fc_hdd, lcb_hdd;
    uint32_t fc_bte_papx, lcb_bte_papx;
} fib;

static int read_fib(const uint8_t *wd, size_t n, fib *f)
{
    dft_buf b = dft_buf_make(wd, n);
    uint16_t ident, csw, cslw, cb;
    memset(f, 0, sizeof *f);
    if (dft_buf_u16le(&b, &ident) || ident != FIB_IDENT) return DFT_CORRUPT("DOC: no Word FIB (wIdent)");
    if (dft_buf_u16le(&b, &f->nfib)) return DFT_CORRUPT("DOC: FIB cut short");
    if (dft_buf_seek(&b, 0x0A) || dft_buf_u16le(&b, &f->flags)) return DFT_CORRUPT("DOC: FIB cut short");
    if (dft_buf_seek(&b, 0x20) || dft_buf_u16le(&b, &csw) || dft_buf_skip(&b, (size_t)csw * 2) ||
        dft_buf_u16le(&b, &cslw))
        return DFT_CORRUPT("DOC: FIB cut short");
    size_t lw = b.pos;
    if (cslw <= LW_CCP_TEXT || dft_buf_seek(&b, lw + LW_CCP_TEXT * 4) || dft_buf_u32le(&b, &f->ccp_text) ||
        dft_buf_seek(&b, lw + (size_t)cslw * 4) || dft_buf_u16le(&b, &cb))
        return DFT_CORRUPT("DOC: FIB cut short");
    size_t fl = b.pos;
    if (cb <= FCLCB_CLX || dft_buf_seek(&b, fl + FCLCB_CLX * 8) || dft_buf_u32le(&b, &f->fc_clx) ||
        dft_buf_u32le(&b, &f->lcb_clx))
        return DFT_CORRUPT("DOC: FIB without fcClx");
    /* the subdocument lengths as Word 97 defined them; an older FIB (Word 6/95) lays them out otherwise */
    if (f->nfib >= NFIB_WORD97 && cslw >= LW_CCP_TEXT + 1 + LW_SUBDOCS) {
        int bad = dft_buf_seek(&b, lw + (LW_CCP_TEXT + 1) * 4);
        for (int i = 0; i < LW_SUBDOCS && !bad; i++) bad = dft_buf_u32le(&b, &f->ccp_sub[i]);
        if (!bad) bad = dft_buf_seek(&b, fl + FCLCB_PLCFHDD * 8) || dft_buf_u32le(&b, &f->fc_hdd) ||
                        dft_buf_u32le(&b, &f->lcb_hdd) || dft_buf_seek(&b, fl + FCLCB_BTE_PAPX * 8) ||
                        dft_buf_u32le(&b, &f->fc_bte_papx) || dft_buf_u32le(&b, &f->lcb_bte_papx);
        f->has_subdocs = !bad;
    }
    return DFT_OK;
}

/* The PlcPcd inside the Clx: Prc entries skipped, then the Pcdt. */
static int find_plcpcd(const uint8_t *tbl, size_t n, const fib *f, dft_buf *out)
{
    if ((uint64_t)f->fc_clx + f->lcb_clx > n) return DFT_CORRUPT("DOC: Clx outside the table stream");
    dft_buf b = dft_buf_make(tbl + f->fc_clx, f->lcb_clx);
    uint8_t clxt;
    while (dft_buf_u8(&b, &clxt) == DFT_OK) {
        if (clxt == 0x01) {
            uint16_t cb;
            if (dft_buf_u16le(&b, &cb) || dft_buf_skip(&b, (int16_t)cb < 0 ? 0 : cb))
                return DFT_CORRUPT("DOC: Prc cut short");
            continue;
        }
        uint32_t lcb;
        if (clxt != 0x02 || dft_buf_u32le(&b, &lcb) || dft_buf_sub(&b, lcb, out))
            return DFT_CORRUPT("DOC: no Pcdt in the Clx");
        return DFT_OK;
    }
    return DFT_CORRUPT("DOC: no Pcdt in the Clx");
}

/* The piece table: npcd pieces, their CPs ascending in a file Word wrote (a hostile one is read as it
 * comes, never out of bounds); cursor = the first piece a later range can need, as the stories are read
 * in CP order, so that reading every story is linear in the pieces. */
typedef struct pieces {
    dft_buf plc;
    size_t npcd, cursor, skipped;
    uint32_t last_cp;            /* the CP the last piece ends at */
    /* stream bytes converted, and their cap: Word maps each CP to its own bytes, so the stories read
     * each byte of WordDocument at most once; hostile pieces that overlap in CP (or share their FC)
     * would read it again per piece (pieces x stream: a 2 MiB file giving gigabytes of text) */
    uint64_t fed, fed_max;
    int fed_warned;
} pieces;

static int pieces_open(dft_buf plc, pieces *t)
{
    memset(t, 0, sizeof *t);
    if (plc.len < 4 || (plc.len - 4) % 12) return DFT_CORRUPT("DOC: PlcPcd of %zu bytes", plc.len);
    t->plc = plc;
    t->npcd = (plc.len - 4) / 12;
    dft_buf b = plc;
    if (dft_buf_seek(&b, t->npcd * 4) || dft_buf_u32le(&b, &t->last_cp)) return DFT_CORRUPT("DOC: PlcPcd cut short");
    return DFT_OK;
}

/* Converts and feeds the characters [lo, hi) through the pieces that hold them. */
static int read_range(para *p, pieces *t, const uint8_t *wd, size_t wdn, uint32_t lo, uint32_t hi)
{
    int rc = DFT_OK;
    for (size_t i = t->cursor; i < t->npcd && rc == DFT_OK; i++) {
        uint32_t cp0, cp1, fcc;
        uint16_t prm;
        dft_buf b = t->plc;
        if (dft_buf_seek(&b, i * 4) || dft_buf_u32le(&b, &cp0) || dft_buf_u32le(&b, &cp1) ||
            dft_buf_seek(&b, (t->npcd + 1) * 4 + i * 8 + 2) || dft_buf_u32le(&b, &fcc) || dft_buf_u16le(&b, &prm))
            return DFT_CORRUPT("DOC: PlcPcd cut short");
        if (cp0 >= hi) break;
        if (cp1 <= lo) {
            if (i == t->cursor) t->cursor++;
            continue;
        }
        uint32_t a = cp0 > lo ? cp0 : lo, z = cp1 < hi ? cp1 : hi;
        if (z <= a) continue;
        uint64_t chars = z - a;
        int compressed = (fcc >> 30) & 1;
        uint64_t fc = fcc & 0x3FFFFFFFu;
        uint64_t off = (compressed ? fc / 2 : fc) + (uint64_t)(a - cp0) * (compressed ? 1 : 2);
        uint64_t bytes = compressed ? chars : chars * 2;
        if (off + bytes > wdn) {
            t->skipped++;
            continue;
        }
        if (t->fed + bytes > t->fed_max) {
            if (!t->fed_warned++)
                dft_ooxml_warnf(p->cb, "DOC: text pieces read the WordDocument stream more than twice over "
                                "(overlapping pieces): the rest not read");
            break;
        }
        t->fed += bytes;
        dft_textenc_result r;
        rc = dft_textenc_to_utf8(wd + off, (size_t)bytes, compressed ? "WINDOWS-1252" : "UTF-16LE", &r);
        if (rc) break;
        p->raw = wd + off;
        p->raw_n = (size_t)bytes;
        p->raw_pos = 0;
        p->raw_fc = (size_t)off;
        p->raw_w = compressed ? 1 : 2;
        p->raw_prm = prm;
        rc = feed(p, r.text, r.len);
        p->raw = NULL;
        free(r.text);
    }
    return rc;
}

/* One story [lo, hi) as its own section (name NULL: the main text): paragraphs numbered from 1, no
 * field state carried over from the story before, a last paragraph without its mark delivered. */
static int read_story(para *p, pieces *t, const uint8_t *wd, size_t wdn, const char *name, uint32_t lo, uint32_t hi)
{
    if (hi <= lo) return DFT_OK;
    int rc = DFT_OK;
    if (name && p->cb->section) rc = p->cb->section(p->cb->ctx, name);
    p->index = p->tables = 0;
    p->depth = 0;
    p->n = 0;
    if (!rc) rc = read_range(p, t, wd, wdn, lo, hi);
    if (!rc) rc = close_table(p);
    if (!rc && p->n) rc = end_paragraph(p);
    return rc;
}

/* The header document [base, base + ccp): each header and footer story through the Plcfhdd ("section 2
 * first footer"), the separator stories skipped; the whole as "headers" when the Plcfhdd is absent or
 * does not fit the header document (one warning). */
static int read_headers(para *p, pieces *t, const uint8_t *wd, size_t wdn, const uint8_t *tbl, size_t tbln,
                        const fib *f, uint32_t base, uint32_t ccp)
{
    static const char *const kind[6] = {"even header", "odd header", "even footer", "odd footer",
                                        "first header", "first footer"};
    size_t ncp = f->lcb_hdd / 4;
    int ok = f->lcb_hdd % 4 == 0 && ncp >= 3 && (uint64_t)f->fc_hdd + f->lcb_hdd <= tbln;
    /* aCP: a start per story, then ccpHdd - 1 (the end of the last story), then one CP to ignore */
    dft_buf v = ok ? dft_buf_make(tbl + f->fc_hdd, f->lcb_hdd) : dft_buf_make(NULL, 0);
    for (uint32_t i = 0, prev = 0, c; ok && i + 1 < ncp; i++, prev = c)
        if (dft_buf_u32le(&v, &c) || c > ccp || c < prev) ok = 0;
    if (!ok) {
        if (f->lcb_hdd) dft_ooxml_warnf(p->cb, "DOC: header story table (Plcfhdd) does not fit the header text: read as one");
        return read_story(p, t, wd, wdn, "headers", base, base + ccp);
    }
    int rc = DFT_OK;
    dft_buf b = dft_buf_make(tbl + f->fc_hdd, f->lcb_hdd);
    for (size_t i = 0; i + 2 < ncp && rc == DFT_OK; i++) {
        uint32_t start, end;
        if (dft_buf_seek(&b, i * 4) || dft_buf_u32le(&b, &start) || dft_buf_u32le(&b, &end)) break;
        if (i < HDD_SEPARATORS || end <= start) continue;
        char name[48];
        snprintf(name, sizeof name, "section %zu %s", (i - HDD_SEPARATORS) / 6 + 1, kind[(i - HDD_SEPARATORS) % 6]);
        /* the story's last character is its guard paragraph mark, not content ([MS-DOC] 2.3.3): a story
         * whose content ends with a paragraph mark has two, and gives no empty paragraph more */
        rc = read_story(p, t, wd, wdn, name, base + start, base + end - 1);
    }
    return rc;
}

/* The subdocuments after the main text, in the order of their stories ([MS-DOC] 2.3): their lengths
 * must fit in the piece table (a hostile FIB: one warning, none read). */
static int read_subdocs(para *p, pieces *t, const uint8_t *wd, size_t wdn, const uint8_t *tbl, size_t tbln,
                        const fib *f)
{
    static const char *const names[LW_SUBDOCS] = {"footnotes", "headers", NULL /* macros: none since Word 97 */,
                                                  "comments", "endnotes", "text boxes", "header text boxes"};
    uint64_t end = f->ccp_text;
    for (int i = 0; i < LW_SUBDOCS; i++) end += f->ccp_sub[i];
    if (end == f->ccp_text) return DFT_OK;
    /* Word adds one final paragraph mark after the last subdocument; tolerate its absence */
    if (end > t->last_cp) {
        dft_ooxml_warnf(p->cb, "DOC: subdocument lengths (to CP %llu) run past the text (%u characters): "
                        "footnotes, headers, comments, endnotes and text boxes not read",
                        (unsigned long long)end, t->last_cp);
        return DFT_OK;
    }
    uint32_t cp = f->ccp_text;
    int rc = DFT_OK;
    for (int i = 0; i < LW_SUBDOCS && rc == DFT_OK; i++) {
        uint32_t n = f->ccp_sub[i];
        if (n && i == SUB_HDD) rc = read_headers(p, t, wd, wdn, tbl, tbln, f, cp, n);
        else if (n && names[i]) rc = read_story(p, t, wd, wdn, names[i], cp, cp + n);
        cp += n;
    }
    return rc;
}

/* The FIB of WordDocument, refused when the document is encrypted or obfuscated. */
static int fib_usable(const uint8_t *wd, size_t wdn, fib *f)
{
    int rc = read_fib(wd, wdn, f);
    if (!rc && (f->flags & (FIB_ENCRYPTED | FIB_OBFUSCATED)))
        rc = dft_error_set(DFT_EUNSUPPORTED, "password-protected .doc document: text not readable");
    return rc;
}

/* The text of the document: main text, then the subdocuments. */
static int read_text(const uint8_t *wd, size_t wdn, const uint8_t *tbl, size_t tbln, const fib *f,
                     const dft_ooxml_cb *cb)
{
    dft_buf plc;
    pieces t;
    int rc = find_plcpcd(tbl, tbln, f, &plc);
    if (!rc) rc = pieces_open(plc, &t);
    if (!rc) t.fed_max = 2 * (uint64_t)wdn;
    dft_doc_papx papx = {0};
    para p = { .cb = cb };
    if (!rc && f->has_subdocs) {
        dft_doc_papx_open(&papx, wd, wdn, tbl, tbln, f->fc_bte_papx, f->lcb_bte_papx);
        if (papx.n) {   /* the Clx was checked by find_plcpcd */
            p.papx = &papx;
            rc = dft_doc_papx_prcs(&papx, tbl + f->fc_clx, f->lcb_clx);
        }
    }
    if (!rc) rc = read_story(&p, &t, wd, wdn, NULL, 0, f->ccp_text);
    if (!rc && f->has_subdocs) rc = read_subdocs(&p, &t, wd, wdn, tbl, tbln, f);
    if (!rc && t.skipped)
        dft_ooxml_warnf(cb, "DOC: %zu text piece(s) outside the WordDocument stream skipped", t.skipped);
    free(p.text);
    dft_doc_papx_free(&papx);
    return rc;
}

int dft_doc_read_streams(const void *wd, size_t wdn, const void *tbl, size_t tbln, const dft_ooxml_cb *cb)
{
    static const dft_ooxml_cb none;
    fib f;
    int rc = fib_usable(wd, wd ? wdn : 0, &f);
    return rc ? rc : read_text(wd, wdn, tbl ? tbl : "", tbl ? tbln : 0, &f, cb ? cb : &none);
}

int dft_doc_read(const void *data, size_t len, const dft_ooxml_cb *cb)
{
    static const dft_ooxml_cb none;
    if (!cb) cb = &none;
    dft_ole2 *o = NULL;
    int rc = dft_ole2_open(&o, data, len);
    if (rc) return rc;
    uint8_t *wd = NULL, *tbl = NULL;
    size_t wdn = 0, tbln = 0;
    fib f;
    rc = dft_ole2_stream(o, "WordDocument", DFT_DOC_MAX, &wd, &wdn);
    if (!rc) rc = fib_usable(wd, wdn, &f);
    if (!rc) {
        const char *tname = f.flags & FIB_WHICH_TABLE ? "1Table" : "0Table";
        rc = dft_ole2_stream(o, tname, DFT_DOC_MAX, &tbl, &tbln);
        if (rc == DFT_ENOTFOUND) rc = DFT_CORRUPT("DOC: no %s stream", tname);
    }
    if (!rc) rc = read_text(wd, wdn, tbl, tbln, &f, cb);
    free(wd);
    free(tbl);
    dft_ole2_close(o);
    return rc;
}
