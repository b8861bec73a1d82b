/*
 * ole2.h - streams of an OLE2 compound file ([MS-CFB]: the container of legacy .doc/.xls/.ppt), read from
 * memory through libgsf (GsfInfileMSOle). Parsers of the formats inside (docread.c: Word's
 * WordDocument + 0Table/1Table; xlsread.c: Excel's Workbook/Book; pptread.c: "PowerPoint Document") get each stream as one bounded buffer.
 *
 * Header (offset, size, meaning) as [MS-CFB] 2.2: 0 8 signature D0 CF 11 E0 A1 B1 1A E1; 0x1A 2 major
 * version (3: 512-byte sectors, 4: 4096); the directory, FAT and mini FAT are libgsf's to walk (it
 * refuses chains that loop or leave the file).
 */
#ifndef DFT_PARSERS_OLE2_H
#define DFT_PARSERS_OLE2_H

#include <stddef.h>
#include <stdint.h>

typedef struct dft_ole2 dft_ole2;

/* 1 when data starts with the compound-file signature. */
int dft_ole2_is(const void *data, size_t len);

/* Opens the compound file in data[0..len) (borrowed: it must outlive the handle). DFT_ENOTFOUND without
 * the signature, DFT_ECORRUPT when libgsf refuses it. Close with dft_ole2_close. */
int dft_ole2_open(dft_ole2 **out, const void *data, size_t len);

/* Reads the root storage's stream `name` into *out (malloc'd, the caller frees), *len its size.
 * DFT_ENOTFOUND when absent, DFT_ELIMIT over max bytes, DFT_ECORRUPT when a sector chain breaks. */
int dft_ole2_stream(dft_ole2 *o, const char *name, size_t max, uint8_t **out, size_t *len);

/* 1 when the root storage has a stream `name` (nothing read). */
int dft_ole2_has(dft_ole2 *o, const char *name);

/* Accepts NULL. */
void dft_ole2_close(dft_ole2 *o);

#endif
