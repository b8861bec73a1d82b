/*
 * textenc.h - guess the character encoding of a text document from evidence and convert it to
 * UTF-8 (glibc iconv), so that every later reader (CSV, roster detection, the scam-text classifier)
 * sees one encoding.
 *
 * Detection order (first match wins):
 *   1. a BOM: EF BB BF = UTF-8, FF FE = UTF-16LE, FE FF = UTF-16BE (the BOM is dropped);
 *   2. UTF-16 without BOM: in the first 4 KiB, >= 30 % of the odd (LE) or even (BE) bytes are
 *      zero and < 5 % of the others (ASCII-heavy UTF-16 text, the common case for exported lists);
 *   3. the whole input is valid UTF-8 (RFC 3629: no overlongs, no surrogates, <= U+10FFFF);
 *   4. legacy code pages scored on the high bytes: Thai TIS-620/Windows-874 when Thai combining
 *      marks follow Thai consonants; Big5 when double-byte trails in 0x40..0x7E are frequent
 *      (GB2312's hanzi always have trails >= 0xA1); GB18030 when the input decodes strictly as
 *      GB18030; Windows-1252 otherwise (it maps every byte).
 *
 * Conversion is bounded: input over DFT_TEXTENC_MAX bytes is DFT_ELIMIT; an invalid sequence is
 * replaced by U+FFFD (one per skipped byte, counted), never an error, so no text is lost around it.
 */
#ifndef DFT_PARSERS_TEXTENC_H
#define DFT_PARSERS_TEXTENC_H

#include <stddef.h>
#include <stdint.h>

#define DFT_TEXTENC_MAX ((size_t)256 << 20)

/* The iconv name of the guessed encoding ("UTF-8", "UTF-16LE", "UTF-16BE", "GB18030", "BIG5",
 * "WINDOWS-874", "WINDOWS-1252"); *bom_len gets the length of a BOM to skip (0 if none). Never NULL. */
const char *dft_textenc_detect(const uint8_t *b, size_t n, size_t *bom_len);

/* 1 if b[0..n) is valid UTF-8, else 0. */
int dft_textenc_valid_utf8(const uint8_t *b, size_t n);

typedef struct dft_textenc_result {
    char *text;            /* NUL-terminated UTF-8, caller frees with free() */
    size_t len;            /* bytes of text without the NUL */
    const char *encoding;  /* static: the encoding used */
    size_t replaced;       /* invalid input bytes replaced by U+FFFD */
} dft_textenc_result;

/* Converts b[0..n) to UTF-8. encoding NULL = detect. DFT_ELIMIT over DFT_TEXTENC_MAX,
 * DFT_EUNSUPPORTED for an encoding iconv does not know, DFT_ENOMEM. */
int dft_textenc_to_utf8(const uint8_t *b, size_t n, const char *encoding, dft_textenc_result *out);

/* The same with the encoding and BOM length already detected (dft_textenc_detect of the same bytes,
 * or dft_content_encoding): the BOM's bytes are skipped, no second detection pass. */
int dft_textenc_convert(const uint8_t *b, size_t n, const char *encoding, size_t bom, dft_textenc_result *out);

#endif
