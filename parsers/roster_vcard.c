/*
 * roster_vcard.c - vCard sets (.vcf address-book exports: RFC 6350 4.0, RFC 2426 3.0 and the 2.1
 * dialect Android and feature phones still write) read card by card for roster.h.
 *
 * A content line is [group.]NAME[;params]:value; a line starting with a space or tab continues the
 * previous one (RFC 6350 3.2). 2.1 exports write non-ASCII names as ENCODING=QUOTED-PRINTABLE with
 * soft line breaks ("=" at the end of a line) instead of folding: both are undone here. Only the
 * properties a contact list needs are kept (FN, N, TEL, EMAIL, ORG, NOTE); the rest is skipped.
 * Work is linear in the input; each value is cut at DFT_ROSTER_MAX_CELL bytes.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"
#include "parsers/roster.h"
#include "parsers/textenc.h"

typedef struct card {
    char *name, *n, *email, *org, *note;
    char *phones[DFT_VCARD_MAX_PHONES];
    size_t nphones;
    uint32_t line;
    int open;
} card;

static void card_clear(card *c)
{
    free(c->name);
    free(c->n);
    free(c->email);
    free(c->org);
    free(c->note);
    for (size_t i = 0; i < c->nphones; i++) free(c->phones[i]);
    memset(c, 0, sizeof *c);
}

static int hexv(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c = toupper(c);
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Value of a logical line: QP decoded when asked, N's ';' parts joined with spaces, cut at the cap. */
static char *value_of(const char *v, size_t n, int qp, int is_n)
{
    size_t cap = n < DFT_ROSTER_MAX_CELL ? n : DFT_ROSTER_MAX_CELL;
    char *out = malloc(cap + 1);
    if (!out) return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n && o < cap; i++) {
        char c = v[i];
        if (qp && c == '=' && i + 2 < n && hexv((unsigned char)v[i + 1]) >= 0 && hexv((unsigned char)v[i + 2]) >= 0) {
            out[o++] = (char)(hexv((unsigned char)v[i + 1]) * 16 + hexv((unsigned char)v[i + 2]));
            i += 2;
        } else if (c == '\\' && i + 1 < n) {   /* RFC 6350 escapes */
            char e = v[++i];
            out[o++] = (e == 'n' || e == 'N') ? '\n' : e;
        } else if (is_n && c == ';') {
            if (o && out[o - 1] != ' ') out[o++] = ' ';
        } else {
            out[o++] = c;
        }
    }
    while (o && out[o - 1] == ' ') o--;
    out[o] = '\0';
    if (!dft_textenc_valid_utf8((const uint8_t *)out, o)) {   /* QP bytes of a legacy charset */
        dft_textenc_result t;
        if (dft_textenc_to_utf8((const uint8_t *)out, o, NULL, &t) != DFT_OK) {
            free(out);
            return NULL;
        }
        free(out);
        return t.text;
    }
    return out;
}

static int set_once(char **slot, char *v)
{
    if (!v) return dft_error_set(DFT_ENOMEM, "out of memory");
    if (*slot || !*v) free(v);
    else *slot = v;
    return DFT_OK;
}

/* One unfolded line. */
static int content_line(card *c, const char *l, size_t n, uint32_t index, uint32_t lineno, dft_vcard_fn cb,
                        void *payload, int *stop);
/* index: the number the next reported card gets; *stop counts the cards reported by this line. */
static int content_line(card *c, const char *l, size_t n, uint32_t index, uint32_t lineno, dft_vcard_fn cb,
                        void *payload, int *stop)
{
    const char *colon = memchr(l, ':', n);
    if (!colon) return DFT_OK;
    size_t hn = (size_t)(colon - l);
    const char *v = colon + 1;
    size_t vn = n - hn - 1;
    /* name: after an optional group "item1.", up to ';' or ':' */
    const char *name = l;
    size_t nn = hn;
    const char *semi = memchr(l, ';', hn);
    if (semi) nn = (size_t)(semi - l);
    const char *dot = memchr(name, '.', nn);
    if (dot) {
        nn -= (size_t)(dot + 1 - name);
        name = dot + 1;
    }
    int qp = 0;
    for (size_t i = 0; i + 16 <= hn; i++)
        if (strncasecmp(l + i, "QUOTED-PRINTABLE", 16) == 0) qp = 1;
#define IS(s) (nn == strlen(s) && strncasecmp(name, s, nn) == 0)
    if (IS("BEGIN") && vn >= 5 && strncasecmp(v, "VCARD", 5) == 0) {
        if (c->open) {   /* the previous card had no END: report it, never drop it */
            int rc = content_line(c, "END:VCARD", 9, index, lineno, cb, payload, stop);
            if (rc) return rc;
            index++;
        }
        card_clear(c);
        c->open = 1;
        c->line = lineno;
        return DFT_OK;
    }
    if (!c->open) return DFT_OK;
    if (IS("END")) {
        dft_vcard vc = { .index = index, .line = c->line, .name = c->name ? c->name : c->n,
                         .nphones = c->nphones, .phones = (const char *const *)c->phones,
                         .email = c->email, .org = c->org, .note = c->note };
        int rc = cb(payload, &vc);
        card_clear(c);
        (*stop)++;   /* tells the caller a card was reported */
        return rc;
    }
    if (IS("FN")) return set_once(&c->name, value_of(v, vn, qp, 0));
    if (IS("N")) return set_once(&c->n, value_of(v, vn, qp, 1));
    if (IS("EMAIL")) return set_once(&c->email, value_of(v, vn, qp, 0));
    if (IS("ORG")) return set_once(&c->org, value_of(v, vn, qp, 1));
    if (IS("NOTE")) return set_once(&c->note, value_of(v, vn, qp, 0));
    if (IS("TEL") && c->nphones < DFT_VCARD_MAX_PHONES) {
        /* 4.0 writes TEL;VALUE=uri:tel:+1-555-555-5555 */
        if (vn >= 4 && strncasecmp(v, "tel:", 4) == 0) {
            v += 4;
            vn -= 4;
        }
        char *t = value_of(v, vn, qp, 0);
        if (!t) return dft_error_set(DFT_ENOMEM, "out of memory");
        if (*t) c->phones[c->nphones++] = t;
        else free(t);
    }
#undef IS
    return DFT_OK;
}

int dft_vcard_read(const char *text, size_t len, dft_vcard_fn cb, void *payload)
{
    card c;
    memset(&c, 0, sizeof c);
    char *logical = NULL;
    size_t ln = 0, lcap = 0;
    uint32_t index = 0, lineno = 0, start = 0;
    int rc = DFT_OK, qp_soft = 0, line_qp = 0;
    size_t i = 0;
    while (i <= len && !rc) {
        size_t j = i;
        while (j < len && text[j] != '\n' && text[j] != '\r') j++;
        size_t n = j - i;
        int at_end = j >= len;
        lineno++;
        int cont = (n && (text[i] == ' ' || text[i] == '\t')) || qp_soft;
        if (!cont && ln) {   /* the previous logical line is complete */
            int reported = 0;
            rc = content_line(&c, logical, ln, index + 1, start, cb, payload, &reported);
            index += (uint32_t)reported;
            ln = 0;
        }
        if (rc) break;
        const char *seg = text + i;
        size_t sn = n;
        if (cont && !qp_soft && sn) {
            seg++;
            sn--;
        }
        if (!ln) {   /* a logical line starts: is its property QUOTED-PRINTABLE? (decided once) */
            start = lineno;
            const char *colon = memchr(seg, ':', sn);
            line_qp = memmem(seg, colon ? (size_t)(colon - seg) : sn, "QUOTED-PRINTABLE", 16) != NULL;
        }
        /* a QP soft break: '=' at the end of a line of a QUOTED-PRINTABLE property */
        qp_soft = sn && seg[sn - 1] == '=' && line_qp;
        if (qp_soft) sn--;
        if (ln + sn > ((size_t)1 << 20)) sn = 0;   /* a logical line over 1 MiB: the rest is dropped */
        if (ln + sn + 1 > lcap) {
            size_t cap = lcap ? lcap : 256;
            while (cap < ln + sn + 1) cap *= 2;
            char *p = realloc(logical, cap);
            if (!p) {
                rc = dft_error_set(DFT_ENOMEM, "out of memory");
                break;
            }
            logical = p;
            lcap = cap;
        }
        memcpy(logical + ln, seg, sn);
        ln += sn;
        if (at_end) break;
        i = j + 1;
        if (text[j] == '\r' && i < len && text[i] == '\n') i++;
    }
    if (!rc && ln) {
        int reported = 0;
        rc = content_line(&c, logical, ln, index + 1, start, cb, payload, &reported);
        index += (uint32_t)reported;
    }
    if (!rc && c.open) {   /* a last card without END:VCARD */
        int reported = 0;
        rc = content_line(&c, "END:VCARD", 9, index + 1, start, cb, payload, &reported);
        index += (uint32_t)reported;
    }
    card_clear(&c);
    free(logical);
    if (!rc && !index) return dft_error_set(DFT_ENOTFOUND, "no vCard");
    return rc;
}
