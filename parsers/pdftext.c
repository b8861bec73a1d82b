/*
 * pdftext.c - PDF text page by page through poppler-glib (rules in pdftext.h).
 */
#include "pdftext.h"

#include <glib.h>
#include <poppler.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "error.h"

static void warn(const dft_ooxml_cb *cb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(const dft_ooxml_cb *cb, const char *fmt, ...)
{
    if (!cb->warning) return;
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cb->warning(cb->ctx, msg);
}

int dft_pdf_is(const void *data, size_t len)
{
    const char *p = data;
    size_t lim = len < 1024 ? len : 1024;
    for (size_t i = 0; i + 5 <= lim; i++)
        if (p[i] == '%' && memcmp(p + i, "%PDF-", 5) == 0) return 1;
    return 0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The lines of one page's text as paragraphs (1-based, empty lines counted, CR dropped). */
static int emit_lines(const dft_ooxml_cb *cb, const char *text)
{
    uint32_t line = 0;
    const char *p = text;
    int rc = DFT_OK;
    while (*p && rc == DFT_OK) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        line++;
        size_t k = n;
        while (k && (p[k - 1] == '\r' || p[k - 1] == ' ')) k--;
        if (k && cb->paragraph) {
            if (k > DFT_OOXML_MAX_TEXT) k = DFT_OOXML_MAX_TEXT;
            char *l = g_strndup(p, k);   /* stops at a NUL in the text: a line starting with one is empty */
            if (l[0]) rc = cb->paragraph(cb->ctx, line, l);
            g_free(l);
        }
        p += n + (nl ? 1 : 0);
    }
    return rc;
}

int dft_pdf_read(const void *data, size_t len, const dft_pdf_limits *lim, const dft_ooxml_cb *cb)
{
    static const dft_ooxml_cb none;
    if (!cb) cb = &none;
    if (!data || !dft_pdf_is(data, len)) return dft_error_set(DFT_ENOTFOUND, "no %%PDF- header");
    if (len > DFT_PDF_MAX) return dft_error_set(DFT_ELIMIT, "PDF of %zu bytes over the %zu-byte cap", len, DFT_PDF_MAX);
    uint32_t max_pages = lim && lim->max_pages ? lim->max_pages : 5000;
    double max_s = lim && lim->max_seconds > 0 ? lim->max_seconds : 60.0;
    GBytes *bytes = g_bytes_new_static(data, len);
    GError *err = NULL;
    PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &err);   /* NULL = empty user password */
    if (!doc) {
        int enc = err && err->domain == POPPLER_ERROR && err->code == POPPLER_ERROR_ENCRYPTED;
        int rc = enc ? dft_error_set(DFT_EUNSUPPORTED, "PDF needs a password: text not readable")
                     : DFT_CORRUPT("PDF not readable: %s", err && err->message ? err->message : "poppler failed");
        if (err) g_error_free(err);
        g_bytes_unref(bytes);
        return rc;
    }
    int pages = poppler_document_get_n_pages(doc);
    int rc = DFT_OK;
    double t0 = now();
    if (pages < 0) pages = 0;
    for (int i = 0; i < pages && rc == DFT_OK; i++) {
        if ((uint32_t)i >= max_pages) {
            warn(cb, "PDF: pages %d-%d of %d not read (cap %u pages)", i + 1, pages, pages, max_pages);
            break;
        }
        if (now() - t0 > max_s) {
            warn(cb, "PDF: reading stopped at page %d of %d after %.0f s", i + 1, pages, max_s);
            break;
        }
        PopplerPage *pg = poppler_document_get_page(doc, i);
        if (!pg) {
            warn(cb, "PDF: page %d could not be loaded", i + 1);
            continue;
        }
        if (cb->page) rc = cb->page(cb->ctx, (uint32_t)i + 1, NULL);
        char *text = rc ? NULL : poppler_page_get_text(pg);
        if (text) {
            rc = emit_lines(cb, text);
            g_free(text);
        }
        g_object_unref(pg);
    }
    g_object_unref(doc);
    g_bytes_unref(bytes);
    return rc;
}
