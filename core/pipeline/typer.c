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

struct dft_typer {
    magic_t magic;
    bool full;
    dft_strmap *memo;           /* description -> index in mimes (rule 4) */
    char **mimes;
    size_t n_mimes;
};

int dft_typer_new(dft_typer **out, bool full)
{
    dft_typer *t = calloc(1, sizeof *t);
    if (!t) return dft_error_set(DFT_ENOMEM, "out of memory");
    t->full = full;
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
    free(t);
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

int dft_typer_type(dft_typer *t, const uint8_t *head, size_t len, char **mime, char **desc)
{
    if (len == 0) {
        *mime = strdup("application/x-empty");
        *desc = strdup("empty");
        return *mime && *desc ? DFT_OK : dft_error_set(DFT_ENOMEM, "out of memory");
    }
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
