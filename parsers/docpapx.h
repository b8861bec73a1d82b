/*
 * docpapx.h - the table properties of a Word 97 paragraph ([MS-DOC] direct paragraph formatting), what
 * docread.c needs to rebuild tables: is the paragraph in a table, does its mark end a table row.
 *
 * Layout read ([MS-DOC] 2.8.6 PlcBtePapx, 2.9.174 PapxFkp, 2.9.175 PapxInFkp, 2.9.287 Prl/Sprm):
 *   PlcBtePapx (table stream, FibRgFcLcb97 pair 13 fcPlcfBtePapx/lcbPlcfBtePapx): n+1 u32 FCs, then n
 *   u32 PnFkpPapx (bits 0-21 pn: the FKP is the 512-byte page at pn * 512 in WordDocument).
 *   PapxFkp: rgfc (crun+1 u32 FCs), rgbx (crun BxPap of 13 bytes: u8 bOffset, 12 reserved), ..., the
 *   last byte crun (1..0x1D). Run i covers the FCs [rgfc[i], rgfc[i+1]); its PapxInFkp is at
 *   bOffset * 2 in the page (0: no properties): u8 cb, then GrpPrlAndIstd of 2*cb-1 bytes, or when cb
 *   is 0 a u8 cb' and 2*cb' bytes. GrpPrlAndIstd = u16 istd, then Prl: u16 sprm (bits 13-15 spra =
 *   operand size: 0,1 -> 1; 2,4,5 -> 2; 3 -> 4; 7 -> 3; 6 -> variable: a u8 size first, except
 *   sprmTDefTable 0xD608 (u16 cb, cb - 1 more bytes) and sprmPChgTabs 0xC615 with size 255
 *   (PChgTabsDelClose + PChgTabsAdd, sized by their counts)).
 *   Sprms used: sprmPFInTable 0x2416 (u8), sprmPFTtp 0x2417 (u8: the mark ends a row), sprmPItap 0x6649
 *   (i32 table depth; > 0 = in a table), sprmPFInnerTtp 0x244C, sprmPFInnerTableCell 0x244B (u8: the
 *   0x0D mark ends a nested table's row or cell).
 * A paragraph's properties are those of the run holding the FC of its mark, then those its piece's
 * Prm adds (fast-saved documents, [MS-DOC] 2.9.216 Prm): Prm0 (bit 0 clear) is one sprm by its isprm
 * (bits 1-7; 0x18 sprmPFInTable, 0x19 sprmPFTtp) with val (bits 8-15); Prm1 (bit 0 set) names by
 * igrpprl (bits 1-15) a Prc of the Clx (0x01, i16 cbGrpprl, a grpprl without istd).
 *
 * Bounds: every read is inside the PlcBtePapx, the FKP page or the WordDocument stream; a damaged
 * entry gives the default properties (not in a table). O(log n) per lookup.
 */
#ifndef DFT_PARSERS_DOCPAPX_H
#define DFT_PARSERS_DOCPAPX_H

#include <stddef.h>
#include <stdint.h>

typedef struct dft_doc_papx {
    const uint8_t *wd;       /* the WordDocument stream */
    size_t wdn;
    const uint8_t *bte;      /* the PlcBtePapx */
    size_t n;                /* its runs; 0 = no properties known */
    const uint8_t **prc;     /* the Clx's Prc grpprls, for Prm1 */
    uint16_t *prc_len;
    size_t nprc;
} dft_doc_papx;

typedef struct dft_doc_pap {
    uint8_t in_table, ttp, inner_cell, inner_ttp;
    int32_t itap;
} dft_doc_pap;

/* Sets x over the PlcBtePapx at tbl[fc, fc + lcb); x->n = 0 when it is absent or malformed. */
void dft_doc_papx_open(dft_doc_papx *x, const uint8_t *wd, size_t wdn, const uint8_t *tbl, size_t tbln,
                       uint32_t fc, uint32_t lcb);

/* Collects the Prc grpprls of the Clx clx[0..n) for dft_doc_papx_prm(); DFT_OK or DFT_ENOMEM. */
int dft_doc_papx_prcs(dft_doc_papx *x, const uint8_t *clx, size_t n);

/* Frees what dft_doc_papx_prcs() allocated; x stays usable for lookups. */
void dft_doc_papx_free(dft_doc_papx *x);

/* The properties of the paragraph whose mark is at byte fc of WordDocument (all zero when unknown). */
void dft_doc_papx_at(const dft_doc_papx *x, uint32_t fc, dft_doc_pap *out);

/* Applies the Prm of the mark's piece to out. */
void dft_doc_papx_prm(const dft_doc_papx *x, uint16_t prm, dft_doc_pap *out);

#endif
