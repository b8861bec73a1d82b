/*
 * docpapx.c - a Word 97 paragraph's table properties through PlcBtePapx and the PAPX FKP pages (layout
 * in docpapx.h). Reads only through dft_buf, never outside the PLC, the page or the stream.
 */
#include "docpapx.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"


#define FKP_SIZE 512
#define BX_SIZE 13
#define CRUN_MAX 0x1D
#define SPRM_P_IN_TABLE 0x2416
#define SPRM_P_TTP 0x2417
#define SPRM_P_INNER_CELL 0x244B
#define SPRM_P_INNER_TTP 0x244C
#define SPRM_P_ITAP 0x6649
#define SPRM_T_DEF_TABLE 0xD608
#define SPRM_P_CHG_TABS 0xC615
#define ISPRM_P_IN_TABLE 0x18      /* Prm0 isprm of sprmPFInTable */
#define ISPRM_P_TTP 0x19           /* Prm0 isprm of sprmPFTtp */

static uint32_t u32_at(const uint8_t *b) { return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24; }

void dft_doc_papx_open(dft_doc_papx *x, const uint8_t *wd, size_t wdn, const uint8_t *tbl, size_t tbln,
                       uint32_t fc, uint32_t lcb)
{
    memset(x, 0, sizeof *x);
    if (lcb < 12 || (lcb - 4) % 8 || (uint64_t)fc + lcb > tbln) return;
    x->wd = wd;
    x->wdn = wdn;
    x->bte = tbl + fc;
    x->n = (lcb - 4) / 8;
}

/* The operand size of the Prl at g[0..n) (its sprm read already), or 0 when it does not fit. */
static size_t operand_size(uint16_t sprm, const uint8_t *g, size_t n)
{
    static const uint8_t fixed[8] = {1, 1, 2, 4, 2, 2, 0, 3};
    unsigned spra = sprm >> 13;
    if (spra != 6) return fixed[spra];
    if (sprm == SPRM_T_DEF_TABLE) {   /* u16 cb = the bytes after it + 1 */
        if (n < 2) return 0;
        unsigned cb = (unsigned)g[0] | (unsigned)g[1] << 8;
        return cb ? 2 + (size_t)cb - 1 : 0;
    }
    if (n < 1) return 0;
    if (sprm == SPRM_P_CHG_TABS && g[0] == 255) {   /* PChgTabsDelClose then PChgTabsAdd, by their counts */
        if (n < 2) return 0;
        size_t add = 2 + (size_t)g[1] * 4;
        if (n < add + 1) return 0;
        return add + 1 + (size_t)g[add] * 3;
    }
    return 1 + (size_t)g[0];
}

/* The Prls of g[0..n) from byte i on. */
static void apply_grpprl(const uint8_t *g, size_t n, size_t i, dft_doc_pap *out)
{
    while (i + 2 <= n) {
        uint16_t sprm = (uint16_t)(g[i] | g[i + 1] << 8);
        i += 2;
        size_t sz = operand_size(sprm, g + i, n - i);
        if (!sz || sz > n - i) return;
        const uint8_t *op = g + i;
        switch (sprm) {
        case SPRM_P_IN_TABLE: out->in_table = op[0]; break;
        case SPRM_P_TTP: out->ttp = op[0]; break;
        case SPRM_P_INNER_CELL: out->inner_cell = op[0]; break;
        case SPRM_P_INNER_TTP: out->inner_ttp = op[0]; break;
        case SPRM_P_ITAP: out->itap = (int32_t)u32_at(op); break;
        default: break;
        }
        i += sz;
    }
}

void dft_doc_papx_at(const dft_doc_papx *x, uint32_t fc, dft_doc_pap *out)
{
    memset(out, 0, sizeof *out);
    if (!x->n) return;
    /* the PlcBtePapx run holding fc: FCs ascending in a file Word wrote (binary search on them) */
    size_t lo = 0, hi = x->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (u32_at(x->bte + (mid + 1) * 4) <= fc) lo = mid + 1;
        else hi = mid;
    }
    if (lo >= x->n || u32_at(x->bte + lo * 4) > fc) return;
    uint64_t page = (uint64_t)(u32_at(x->bte + (x->n + 1) * 4 + lo * 4) & 0x3FFFFFu) * FKP_SIZE;
    if (page + FKP_SIZE > x->wdn) return;
    const uint8_t *fkp = x->wd + page;
    unsigned crun = fkp[FKP_SIZE - 1];
    if (!crun || crun > CRUN_MAX) return;
    unsigned j = 0;
    while (j < crun && !(u32_at(fkp + j * 4) <= fc && fc < u32_at(fkp + (j + 1) * 4))) j++;
    if (j == crun) return;
    size_t at = (size_t)fkp[(crun + 1) * 4 + j * BX_SIZE] * 2;
    if (!at || at >= FKP_SIZE - 1) return;
    size_t len, start;
    if (fkp[at]) {
        len = (size_t)fkp[at] * 2 - 1;
        start = at + 1;
    } else {
        len = (size_t)fkp[at + 1] * 2;
        start = at + 2;
    }
    if (start + len > FKP_SIZE - 1) return;
    apply_grpprl(fkp + start, len, 2, out);   /* after the istd */
}

int dft_doc_papx_prcs(dft_doc_papx *x, const uint8_t *clx, size_t n)
{
    size_t cap = n / 3 + 1, i = 0;
    x->prc = malloc(cap * sizeof *x->prc);
    x->prc_len = malloc(cap * sizeof *x->prc_len);
    if (!x->prc || !x->prc_len) {
        dft_doc_papx_free(x);
        return dft_error_set(DFT_ENOMEM, "out of memory");
    }
    /* Prc = 0x01, i16 cbGrpprl, grpprl; the Pcdt (0x02) that follows ends them */
    while (i + 3 <= n && clx[i] == 0x01 && x->nprc < cap) {
        int16_t cb = (int16_t)(clx[i + 1] | clx[i + 2] << 8);
        size_t len = cb < 0 ? 0 : (size_t)cb;
        if (len > n - i - 3) break;
        x->prc[x->nprc] = clx + i + 3;
        x->prc_len[x->nprc++] = (uint16_t)len;
        i += 3 + len;
    }
    return DFT_OK;
}

void dft_doc_papx_free(dft_doc_papx *x)
{
    free(x->prc);
    free(x->prc_len);
    x->prc = NULL;
    x->prc_len = NULL;
    x->nprc = 0;
}

void dft_doc_papx_prm(const dft_doc_papx *x, uint16_t prm, dft_doc_pap *out)
{
    if (prm & 1) {
        size_t k = prm >> 1;
        if (k < x->nprc) apply_grpprl(x->prc[k], x->prc_len[k], 0, out);
        return;
    }
    unsigned isprm = (prm >> 1) & 0x7F, val = prm >> 8;
    if (isprm == ISPRM_P_IN_TABLE) out->in_table = (uint8_t)val;
    else if (isprm == ISPRM_P_TTP) out->ttp = (uint8_t)val;
}
