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
#include "error.h"
#include "ole2.h"
#include "textenc.h"

#define FIB_IDENT 0xA5EC
#define FIB_ENCRYPTED 0x0100
#define FIB_WHICH_TABLE 0x0200
#define FIB_OBFUSCATED 0x8000
#define LW_CCP_TEXT 3        /* FibRgLw97 index of ccpText */
#define FCLCB_CLX 33         /* FibRgFcLcb97 pair index of fcClx/lcbClx */
#define FIELD_DEPTH 64       /* nesting tracked; deeper fields share the deepest state */

typedef struct para {
    const dft_ooxml_cb *cb;
    char *text;
    size_t n, cap;
    uint32_t index;
    int cut_warned;
    uint8_t field[FIELD_DEPTH];   /* 1 = in the field's code (0x13..0x14), 0 = in its result */
    unsigned depth;
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
            if (!in_field_code(p)) rc = end_paragraph(p);
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
    uint16_t flags;
    uint32_t ccp_text, fc_clx, lcb_clx;
} fib;

static int read_fib(const uint8_t *wd, size_t n, fib *f)
{
    dft_buf b = dft_buf_make(wd, n);
    uint16_t ident, csw, cslw, cb;
    if (dft_buf_u16le(&b, &ident) || ident != FIB_IDENT) return DFT_CORRUPT("DOC: no Word FIB (wIdent)");
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

/* Converts and feeds each piece of the main document in character-position order. */
static int read_pieces(para *p, const uint8_t *wd, size_t wdn, dft_buf plc, uint32_t ccp_text)
{
    if (plc.len < 4 || (plc.len - 4) % 12) return DFT_CORRUPT("DOC: PlcPcd of %zu bytes", plc.len);
    size_t npcd = (plc.len - 4) / 12;
    size_t skipped = 0;
    int rc = DFT_OK;
    for (size_t i = 0; i < npcd && rc == DFT_OK; i++) {
        uint32_t cp0, cp1, fcc;
        dft_buf b = plc;
        if (dft_buf_seek(&b, i * 4) || dft_buf_u32le(&b, &cp0) || dft_buf_u32le(&b, &cp1) ||
            dft_buf_seek(&b, (npcd + 1) * 4 + i * 8 + 2) || dft_buf_u32le(&b, &fcc))
            return DFT_CORRUPT("DOC: PlcPcd cut short");
        if (cp0 >= ccp_text) break;
        if (cp1 > ccp_text) cp1 = ccp_text;
        if (cp1 <= cp0) continue;
        uint64_t chars = cp1 - cp0;
        int compressed = (fcc >> 30) & 1;
        uint64_t fc = fcc & 0x3FFFFFFFu;
        uint64_t off = compressed ? fc / 2 : fc, bytes = compressed ? chars : chars * 2;
        if (off + bytes > wdn) {
            skipped++;
            continue;
        }
        dft_textenc_result t;
        rc = dft_textenc_to_utf8(wd + off, (size_t)bytes, compressed ? "WINDOWS-1252" : "UTF-16LE", &t);
        if (rc) break;
        rc = feed(p, t.text, t.len);
        free(t.text);
    }
    if (skipped) dft_ooxml_warnf(p->cb, "DOC: %zu text piece(s) outside the WordDocument stream skipped", skipped);
    return rc;
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
    if (!rc) rc = read_fib(wd, wdn, &f);
    if (!rc && (f.flags & (FIB_ENCRYPTED | FIB_OBFUSCATED)))
        rc = dft_error_set(DFT_EUNSUPPORTED, "password-protected .doc document: text not readable");
    if (!rc) {
        const char *tname = f.flags & FIB_WHICH_TABLE ? "1Table" : "0Table";
        rc = dft_ole2_stream(o, tname, DFT_DOC_MAX, &tbl, &tbln);
        if (rc == DFT_ENOTFOUND) rc = DFT_CORRUPT("DOC: no %s stream", tname);
    }
    dft_buf plc;
    if (!rc) rc = find_plcpcd(tbl, tbln, &f, &plc);
    para p = { .cb = cb };
    if (!rc) rc = read_pieces(&p, wd, wdn, plc, f.ccp_text);
    if (!rc && p.n) rc = end_paragraph(&p);   /* text after the last paragraph mark */
    free(p.text);
    free(wd);
    free(tbl);
    dft_ole2_close(o);
    return rc;
}
