/*
 * htmltext.h - the visible text of an HTML page: libxml2's HTML parser (htmlReadMemory with
 * HTML_PARSE_NONET | NOERROR | NOWARNING | RECOVER | IGNORE_ENC | COMPACT, XML_PARSE_HUGE: without it
 * libxml2 drops everything past 256 levels of nesting) on the page converted to
 * UTF-8 first, then an iterative (no recursion) walk of the tree.
 *
 * Charset, first match wins: a BOM (UTF-8/UTF-16); a `charset=` in the first 8 KiB (<meta charset>,
 * <meta http-equiv content>, an XML declaration's encoding= as well) as WHATWG maps the labels
 * (gb2312/gbk -> GB18030, iso-8859-1/ascii -> windows-1252, tis-620 -> windows-874, big5, shift_jis,
 * euc-kr ..., any label iconv knows); else parsers/textenc.h detection. The label that was used is
 * reported in the result.
 *
 * Reported through dft_ooxml_cb (ooxml.h): text blocks (paragraph(), 1-based over the non-empty
 * blocks) split at block elements (p div h1-h6 li dt dd blockquote pre section article header footer
 * nav aside address title tr caption figure figcaption hr form fieldset main ul ol dl) and <br>
 * ('\n' inside a block); each top-level <table> is a table (tr rows, td/th cells, colspan moves the
 * column, block breaks inside a cell are '\n', a nested table's text goes into its enclosing cell).
 * White space collapses to one space except inside <pre>/<textarea>. Not text: script, style,
 * template, noscript, head except its <title>, comments, attributes (no alt/title text).
 *
 * Bounds: input over DFT_HTML_MAX bytes is DFT_ELIMIT; texts are cut at DFT_OOXML_MAX_TEXT (one
 * warning); cells + blocks are capped like ooxml.h. libxml2 never fetches anything (NONET, no DTD
 * load) and expands no entities beyond the HTML predefined ones.
 */
#ifndef DFT_PARSERS_HTMLTEXT_H
#define DFT_PARSERS_HTMLTEXT_H

#include <stddef.h>

#include "ooxml.h"

#define DFT_HTML_MAX ((size_t)32 << 20)

/* The encoding the page would be read in (static string): "UTF-8", "GB18030", ... */
const char *dft_html_charset(const void *data, size_t len);

/* Reads data[0..len). *charset (may be NULL) gets the encoding used. DFT_ELIMIT on a cap, DFT_ECORRUPT
 * when libxml2 builds no tree at all. lim may be NULL. */
int dft_html_read(const void *data, size_t len, const dft_ooxml_limits *lim, const dft_ooxml_cb *cb,
                  const char **charset);

/* dft_html_read with the encoding already known (enc from dft_html_charset of the same bytes): the
 * caller that needs the charset before the text does not detect it twice. */
int dft_html_read_as(const void *data, size_t len, const char *enc, const dft_ooxml_limits *lim,
                     const dft_ooxml_cb *cb, const char **charset);

#endif
