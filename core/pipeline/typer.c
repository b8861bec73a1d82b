/*
 * typer.c - libmagic typing with the shortcuts described in typer.h.
 */
#include "typer.h"

#include <magic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"
#include "strmap.h"
#include "typememo.h"

struct dft_typer {
    magic_t magic;
    bool full;
    dft_strmap *memo;           /* description -> index in mimes (rule 4) */
    char **mimes;
    size_t n_mimes;
    dft_typememo *seen;         /* exact bytes -> answer (rule 0) */
};

int dft_typer_new(dft_typer **out, bool full)
{
    return dft_typer_new_memo(out, full, DFT_TYPEMEMO_SLOTS, DFT_TYPEMEMO_BYTES);
}

int dft_typer_new_memo(dft_typer **out, bool full, size_t memo_slots, size_t memo_bytes)
{
    dft_typer *t = calloc(1, sizeof *t);
    if (!t) return dft_error_set(DFT_ENOMEM, "out of memory");
    t->full = full;
    if (dft_typememo_new(&t->seen, memo_slots, memo_bytes)) {
        free(t);
        return DFT_ERROR;
    }
    t->mimes = calloc(DFT_TYPER_MEMO, sizeof *t->mimes);
    if (!t->mimes || dft_strmap_new(&t->memo)) {
        dft_typer_free(t);
        return dft_error_set(DFT_ENOMEM, "out of memory");
    }
    t->magic = magic_open(MAGIC_NONE);
    if (!t->magic || magic_load(t->magic, NULL) != 0) {
        int rc = dft_error_set(DFT_ERROR, "libmagic database not loaded: %s",
                               t->magic ? magic_error(t->magic) : "magic_open failed");
        dft_typer_free(t);
        return rc;
    }
    *out = t;
    return DFT_OK;
}

void dft_typer_free(dft_typer *t)
{
    if (!t) return;
    if (t->magic) magic_close(t->magic);
    for (size_t i = 0; i < t->n_mimes; i++) free(t->mimes[i]);
    free(t->mimes);
    dft_strmap_free(t->memo);
    dft_typememo_free(t->seen);
    free(t);
}

uint64_t dft_typer_memo_hits(const dft_typer *t)
{
    return dft_typememo_hits(t->seen);
}

/* Openings of text that libmagic's database types (markup, scripts, keys, mail, cards, ...). */
static const char *const typed_openings[] = {
    "<", "#!", "#include", "#define", "#import", "-----BEGIN", "---- BEGIN", "BEGIN:", "{\\rtf", "%!", "%PDF",
    "%YAML", "From ", "@", "\\", ".TH", ".SH", "/*", "//", "<?", "REGEDIT", "Windows Registry", "import ",
    "package ", "using ", "function", "def ", "class ", "var ", "const ", "module ", "program ", "[Desktop",
    "ssh-", "-----", "\x1b", NULL,
};

/* A first line like "Received: from" or "Content-Type: text/html": mail and HTTP headers. */
static bool header_line(const uint8_t *p, size_t len)
{
    size_t i = 0;
    while (i < len && i < 40 && ((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= 'a' && p[i] <= 'z') || p[i] == '-')) i++;
    return i > 1 && i < len && p[i] == ':';
}

bool dft_typer_plain_text(const uint8_t *head, size_t len)
{
    if (!len || memchr(head, 0, len)) return false;
    size_t i = 0;
    if (len >= 3 && head[0] == 0xef && head[1] == 0xbb && head[2] == 0xbf) i = 3; /* UTF-8 BOM */
    while (i < len && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) i++;
    if (i == len) return true;
    const uint8_t *p = head + i;
    size_t n = len - i;
    /* UTF-16 text and other binary encodings go to libmagic in full */
    if (p[0] < 0x20 && p[0] != '\t') return false;
    for (const char *const *o = typed_openings; *o; o++) {
        size_t ol = strlen(*o);
        if (n >= ol && strncasecmp((const char *)p, *o, ol) == 0) return false;
    }
    return !header_line(p, n);
}

static char *dup_text(const char *s)
{
    return strdup(s ? s : "");
}

/* Rules 2-4 of typer.h for a non-empty head: what libmagic answers for these bytes. On failure the
 * strings may be NULL or set; the caller frees both. */
static int type_bytes(dft_typer *t, const uint8_t *head, size_t len, char **mime, char **desc)
{
    int base = (!t->full && dft_typer_plain_text(head, len)) ? MAGIC_NO_CHECK_SOFT : MAGIC_NONE;
    int64_t seen;
    magic_setflags(t->magic, base);
    *desc = dup_text(magic_buffer(t->magic, head, len));
    if (*desc && strcmp(*desc, "data") == 0) {
        *mime = strdup("application/octet-stream"); /* libmagic's MIME for "nothing matched" */
    } else if (*desc && dft_strmap_get(t->memo, *desc, &seen) == DFT_OK) {
        *mime = strdup(t->mimes[seen]);
    } else {
        magic_setflags(t->magic, base | MAGIC_MIME_TYPE);
        *mime = dup_text(magic_buffer(t->magic, head, len));
        /* remember it; a failure to remember only costs the next call */
        if (*desc && *mime && t->n_mimes < DFT_TYPER_MEMO && (t->mimes[t->n_mimes] = strdup(*mime)) &&
            dft_strmap_put(t->memo, *desc, (int64_t)t->n_mimes) == DFT_OK)
            t->n_mimes++;
    }
    return *mime && *desc ? DFT_OK : dft_error_set(DFT_ENOMEM, "out of memory");
}

static int answer(const char *mime_s, const char *desc_s, char **mime, char **desc)
{
    *mime = strdup(mime_s);
    *desc = strdup(desc_s);
    return *mime && *desc ? DFT_OK : dft_error_set(DFT_ENOMEM, "out of memory");
}

int dft_typer_type(dft_typer *t, const uint8_t *head, size_t len, char **mime, char **desc)
{
    /* rule 1: file 5.44 funcs.c file_buffer() answers these lengths before any test or flag */
    if (len == 0) return answer("application/x-empty", "empty", mime, desc);
    if (len == 1) return answer("application/octet-stream", "very short file (no magic)", mime, desc);
    /* rule 0: bytes typed before have the answer they had (typememo.h says why that is exact) */
    const char *seen_mime, *seen_desc;
    uint64_t h = dft_typememo_hash(head, len);
    if (dft_typememo_get(t->seen, h, head, len, &seen_mime, &seen_desc))
        return answer(seen_mime, seen_desc, mime, desc);
    int rc = type_bytes(t, head, len, mime, desc);
    /* "" is libmagic failing (magic_buffer() returned NULL), not an answer about the bytes */
    if (rc == DFT_OK && **mime && **desc) dft_typememo_put(t->seen, h, head, len, *mime, *desc);
    return rc;
}
