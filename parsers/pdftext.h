/*
 * pdftext.h - the text of a PDF, page by page, through poppler-glib (poppler_document_new_from_bytes
 * on the bytes in memory: nothing is written to disk) and poppler_page_get_text.
 *
 * Reported through dft_ooxml_cb (ooxml.h): page(n, NULL) for each page (1-based), then each
 * non-empty line of its text as paragraph(line, text), lines numbered from 1 on each page (empty ones
 * counted), text as poppler lays it out (reading order by poppler's text output device).
 *
 * Encryption: a PDF with an empty user password opens and is read (most "protected" PDFs: they only
 * restrict printing/copying); any other password is DFT_EUNSUPPORTED. Damaged PDFs poppler cannot
 * open are DFT_ECORRUPT; poppler repairs what it can (xref reconstruction) and loops in the page tree
 * are its own to detect.
 *
 * Isolation: poppler runs in a child process, a fresh image of this program started through
 * /proc/self/exe and kept by the calling thread for its next documents (unless limits.in_process;
 * pdftext.c says why not a bare fork), so a crash or a runaway
 * inside it costs this document only: the pages and lines read before it are kept and the call returns
 * DFT_ECORRUPT ("the reader died (signal N) in page P"). The child has a CPU-time limit and (outside
 * sanitizer builds) an address-space budget of 1 GiB + 4x the document; its stderr (poppler's own
 * diagnostics) goes to /dev/null.
 *
 * Bounds (poppler has no cancel): at most max_pages pages (default 5,000; the rest is one warning), and
 * no new page is started once max_seconds (default 60) of wall time have passed (a warning names the
 * page where reading stopped); a page layout still running max_seconds + min(max_seconds, 10 s) after the start is
 * killed (DFT_ELIMIT, text before it kept); the input is capped at DFT_PDF_MAX bytes.
 */
#ifndef DFT_PARSERS_PDFTEXT_H
#define DFT_PARSERS_PDFTEXT_H

#include <stddef.h>
#include <stdint.h>

#include "ooxml.h"

#define DFT_PDF_MAX ((size_t)512 << 20)

typedef struct dft_pdf_limits {
    uint32_t max_pages;   /* 0 = 5,000 */
    double max_seconds;   /* 0 = 60 */
    int in_process;       /* 1 = read in this process (fuzzing poppler-facing code); 0 = in a child */
} dft_pdf_limits;

/* 1 when data starts with "%PDF-" within its first 1024 bytes (as readers accept). */
int dft_pdf_is(const void *data, size_t len);

/* Reads data[0..len). DFT_ENOTFOUND when no %PDF- header, DFT_ECORRUPT when poppler cannot open it,
 * DFT_EUNSUPPORTED when a password is needed, DFT_ELIMIT over DFT_PDF_MAX. lim may be NULL. */
int dft_pdf_read(const void *data, size_t len, const dft_pdf_limits *lim, const dft_ooxml_cb *cb);

#endif
