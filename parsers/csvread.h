/*
 * csvread.h - an RFC 4180 reader over UTF-8 text in memory (convert first with textenc.h), one
 * record at a time so a huge export is never held as a table.
 *
 * Rules: fields separated by the delimiter, records by CRLF, LF or CR; a field starting with '"' is
 * quoted: it may hold delimiters and line breaks, and "" is one quote. Lenient as spreadsheets are:
 * text after a closing quote is kept, a quote inside an unquoted field is literal, an unterminated
 * quote runs to the end of input (reported through dft_csv_unterminated()). Blank lines give no
 * record but count as rows (dft_csv_row()).
 *
 * Delimiter sniffing (delim 0): over the first 20 records (quotes honoured) count ',', ';', '\t'
 * and '|' per line; the candidate present on the most lines with one constant count wins, then the
 * one with the larger count per line, then the order , \t ; |; none present = ','.
 *
 * Bounds: a record holds at most DFT_CSV_MAX_FIELDS fields (extra fields are joined into the last
 * one, counted in dft_csv_truncated()); all work is linear in the input length.
 */
#ifndef DFT_PARSERS_CSVREAD_H
#define DFT_PARSERS_CSVREAD_H

#include <stddef.h>

#define DFT_CSV_MAX_FIELDS 4096

typedef struct dft_csv dft_csv;

/* A reader over text[0..len) (borrowed: keep it alive until dft_csv_free). delim 0 = sniff. */
int dft_csv_open(dft_csv **out, const char *text, size_t len, char delim);
/* The next record: 1 and *fields / *nfields (borrowed until the next call), 0 at the end. */
int dft_csv_next(dft_csv *c, char ***fields, size_t *nfields);
char dft_csv_delimiter(const dft_csv *c);
/* 1-based line number where the last returned record started. */
size_t dft_csv_line(const dft_csv *c);
/* 1-based row of the last returned record as a spreadsheet opening the file numbers it: blank lines
 * are empty rows, a record with quoted line breaks is one row. */
size_t dft_csv_row(const dft_csv *c);
int dft_csv_unterminated(const dft_csv *c);
size_t dft_csv_truncated(const dft_csv *c);
void dft_csv_free(dft_csv *c);

#endif
