/*
 * chat_export_whatsapp.c - WhatsApp text exports (chat_export_whatsapp.h), streamed line by line.
 *
 * Pass 1 reads only the header of each line: the date order, the clock, iOS or Android, and the
 * participants. Pass 2 emits messages; a message's body grows with its continuation lines up to
 * BODY_CAP bytes (the rest is counted as truncated). Lines longer than LINE_CAP are cut (counted).
 */
#include "chat_export_whatsapp.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"

#define LINE_CAP (64 * 1024)
#define BODY_CAP (1024 * 1024)

typedef struct wa_hdr {
    int f1, f2, f3;         /* the three date fields as written */
    int len1, len3;         /* digits of the first and last field */
    char sep;
    int h, mi, s;
    bool has_s;
    int ampm;               /* 0 none, 1 AM, 2 PM */
    bool ios;
    size_t text;            /* offset of the text after the header */
} wa_hdr;

/* Skips U+200E (left-to-right mark), U+200F and a BOM. */
static size_t skip_marks(const char *p, size_t i, size_t len)
{
    for (;;) {
        if (i + 3 <= len && (unsigned char)p[i] == 0xe2 && (unsigned char)p[i + 1] == 0x80 &&
            ((unsigned char)p[i + 2] == 0x8e || (unsigned char)p[i + 2] == 0x8f))
            i += 3;
        else if (i + 3 <= len && (unsigned char)p[i] == 0xef && (unsigned char)p[i + 1] == 0xbb &&
                 (unsigned char)p[i + 2] == 0xbf)
            i += 3;
        else
            return i;
    }
}

/* Spaces: ASCII, U+202F (narrow no-break, before AM/PM since 2023), U+00A0. */
static size_t skip_spaces(const char *p, size_t i, size_t len)
{
    for (;;) {
        if (i < len && p[i] == ' ') i++;
        else if (i + 3 <= len && (unsigned char)p[i] == 0xe2 && (unsigned char)p[i + 1] == 0x80 &&
                 (unsigned char)p[i + 2] == 0xaf)
            i += 3;
        else if (i + 2 <= len && (unsigned char)p[i] == 0xc2 && (unsigned char)p[i + 1] == 0xa0)
            i += 2;
        else
            return i;
    }
}

static size_t num(const char *p, size_t i, size_t len, int maxd, int *out, int *nd)
{
    int v = 0, d = 0;
    while (i < len && d < maxd && isdigit((unsigned char)p[i])) {
        v = v * 10 + (p[i++] - '0');
        d++;
    }
    *out = v;
    *nd = d;
    return i;
}

/* Day-half markers other than "AM"/"PM" that locales write (1 = AM, 2 = PM): Vietnamese SA/CH,
 * Thai, Chinese, Korean and Japanese, the last three usually before the hour ("下午2:05"). */
static const struct { const char *text; int half; } HALF_WORDS[] = {
    { "SA", 1 }, { "CH", 2 },
    { "\xe0\xb8\x81\xe0\xb9\x88\xe0\xb8\xad\xe0\xb8\x99\xe0\xb9\x80\xe0\xb8\x97\xe0\xb8\xb5\xe0\xb9\x88\xe0\xb8\xa2\xe0\xb8\x87", 1 }, /* ก่อนเที่ยง */
    { "\xe0\xb8\xab\xe0\xb8\xa5\xe0\xb8\xb1\xe0\xb8\x87\xe0\xb9\x80\xe0\xb8\x97\xe0\xb8\xb5\xe0\xb9\x88\xe0\xb8\xa2\xe0\xb8\x87", 2 }, /* หลังเที่ยง */
    { "\xe4\xb8\x8a\xe5\x8d\x88", 1 }, { "\xe4\xb8\x8b\xe5\x8d\x88", 2 },       /* 上午 下午 */
    { "\xec\x98\xa4\xec\xa0\x84", 1 }, { "\xec\x98\xa4\xed\x9b\x84", 2 },       /* 오전 오후 */
    { "\xe5\x8d\x88\xe5\x89\x8d", 1 }, { "\xe5\x8d\x88\xe5\xbe\x8c", 2 },       /* 午前 午後 */
};

/* A day-half marker at p[i]: "AM", "a.m.", "a. m." (es, with any space between), or a word of
 * HALF_WORDS; returns the index after it and sets *half, or returns i and leaves *half alone. */
static size_t day_half(const char *p, size_t i, size_t len, int *half)
{
    if (i < len && (toupper((unsigned char)p[i]) == 'A' || toupper((unsigned char)p[i]) == 'P')) {
        size_t k = i + 1;
        if (k < len && p[k] == '.') k = skip_spaces(p, k + 1, len);
        if (k < len && toupper((unsigned char)p[k]) == 'M') {
            *half = toupper((unsigned char)p[i]) == 'A' ? 1 : 2;
            k++;
            if (k < len && p[k] == '.') k++;
            return k;
        }
    }
    for (size_t w = 0; w < sizeof HALF_WORDS / sizeof HALF_WORDS[0]; w++) {
        size_t n = strlen(HALF_WORDS[w].text);
        if (i + n <= len && memcmp(p + i, HALF_WORDS[w].text, n) == 0) {
            *half = HALF_WORDS[w].half;
            return i + n;
        }
    }
    return i;
}

static bool parse_header(const char *p, size_t len, wa_hdr *h)
{
    memset(h, 0, sizeof *h);
    size_t i = skip_marks(p, 0, len);
    if (i < len && p[i] == '[') {
        h->ios = true;
        i = skip_marks(p, i + 1, len);
    }
    int nd;
    i = num(p, i, len, 4, &h->f1, &h->len1);
    if (!h->len1 || i >= len || (p[i] != '/' && p[i] != '.' && p[i] != '-')) return false;
    h->sep = p[i++];
    i = num(p, i, len, 2, &h->f2, &nd);
    if (!nd || i >= len || p[i] != h->sep) return false;
    i = num(p, i + 1, len, 4, &h->f3, &h->len3);
    if (h->len3 < 2 || (h->len1 == 4 && h->len3 > 2) || (h->len1 != 4 && h->len1 > 2)) return false;
    if (i < len && p[i] == '.') i++;            /* "14.11.23." in some locales */
    if (i < len && p[i] == ',') i++;
    i = skip_spaces(p, i, len);
    i = skip_spaces(p, day_half(p, i, len, &h->ampm), len);   /* "下午2:05" */
    i = num(p, i, len, 2, &h->h, &nd);
    if (!nd || i >= len || p[i] != ':') return false;
    i = num(p, i + 1, len, 2, &h->mi, &nd);
    if (nd != 2) return false;
    if (i < len && p[i] == ':') {
        i = num(p, i + 1, len, 2, &h->s, &nd);
        if (nd != 2) return false;
        h->has_s = true;
    }
    if (!h->ampm) {
        size_t j = skip_spaces(p, i, len);
        size_t k = day_half(p, j, len, &h->ampm);
        if (h->ampm) i = k;
    }
    if (h->ampm ? (h->h < 1 || h->h > 12) : h->h > 23) return false;
    if (h->mi > 59 || h->s > 60) return false;
    if (h->ios) {
        if (i >= len || p[i] != ']') return false;
        i++;
        if (i < len && p[i] == ' ') i++;
    } else {
        i = skip_spaces(p, i, len);
        if (i < len && p[i] == '-') i++;
        else if (i + 3 <= len && (unsigned char)p[i] == 0xe2 && (unsigned char)p[i + 1] == 0x80 &&
                 (unsigned char)p[i + 2] == 0x93)   /* en dash */
            i += 3;
        else
            return false;
        if (i < len && p[i] == ' ') i++;
        else return false;
    }
    h->text = i;
    return true;
}

bool dft_wa_export_sniff(const uint8_t *head, size_t len)
{
    size_t i = 0;
    for (int line = 0; line < 8 && i < len; line++) {
        const uint8_t *nl = memchr(head + i, '\n', len - i);
        size_t n = nl ? (size_t)(nl - head - i) : len - i;
        wa_hdr h;
        if (parse_header((const char *)head + i, n, &h)) return true;
        if (!nl) break;
        i += n + 1;
    }
    return false;
}

/* ---- line reader ------------------------------------------------------------------------- */

typedef struct reader {
    FILE *f;
    char *buf;
    size_t len;
    int64_t lineno;
    int64_t offset, next_offset;
    int64_t cut;            /* lines longer than LINE_CAP */
} reader;

/* Next line without its "\n" / "\r\n"; false at end of file. */
static bool next_line(reader *r)
{
    r->len = 0;
    r->offset = r->next_offset;
    int c;
    bool any = false, cut = false;
    while ((c = getc_unlocked(r->f)) != EOF) {
        any = true;
        r->next_offset++;
        if (c == '\n') break;
        if (r->len < LINE_CAP) r->buf[r->len++] = (char)c;
        else cut = true;
    }
    if (!any) return false;
    if (cut) r->cut++;
    if (r->len && r->buf[r->len - 1] == '\r') r->len--;
    r->buf[r->len] = '\0';
    r->lineno++;
    return true;
}

/* "Name: text" -> the split point (index of ':'), or 0 when the line is a system line. */
static size_t name_split(const char *t, size_t len)
{
    for (size_t i = 1; i + 1 < len && i < 256; i++)
        if (t[i] == ':' && t[i + 1] == ' ') return i;
    if (len >= 2 && t[len - 1] == ':' && len - 1 < 256) return len - 1;   /* "Name:" and an empty first line */
    return 0;
}

typedef struct pending {
    bool open;
    int64_t lineno, offset;
    wa_hdr h;
    char *sender;
    char *body;
    size_t blen;
    bool body_cut;
    bool system;
} pending;

static const char *const ATTACHED_SUFFIX[] = { " (file attached)", " (Datei angehängt)", " (archivo adjunto)",
                                               " (fichier joint)", " (arquivo anexado)", NULL };
static const char *const OMITTED[] = { "<Media omitted>", "<Medien ausgeschlossen>", "<Multimedia omitido>",
                                       "image omitted", "video omitted", "audio omitted", "sticker omitted",
                                       "document omitted", "GIF omitted", "Contact card omitted", NULL };

typedef struct wa_run {
    const dft_export_opts *o;
    const dft_chat_sink *sink;
    dft_export_info *info;
    char order;             /* 'd' dmy, 'm' mdy, 'y' ymd */
    bool group;
    const char *other;      /* the other participant of a 1:1 chat, when known */
} wa_run;

static int emit(wa_run *w, pending *p)
{
    if (!p->open) return DFT_OK;
    p->open = false;
    int y, mo, d;
    if (w->order == 'y') { y = p->h.f1; mo = p->h.f2; d = p->h.f3; }
    else if (w->order == 'm') { mo = p->h.f1; d = p->h.f2; y = p->h.f3; }
    else { d = p->h.f1; mo = p->h.f2; y = p->h.f3; }
    /* Thai locale: Buddhist Era years, also as two digits ("14/11/66" is 2023): WhatsApp exists
     * since 2009 (BE 2552), so a two-digit year from 52 up cannot be Gregorian 20yy. */
    bool buddhist = y > 2400 || (y >= 52 && y < 100);
    if (y < 100) y += y >= 52 ? 2500 : 2000;
    if (y > 2400) y -= 543;
    int hh = p->h.h;
    if (p->h.ampm == 1 && hh == 12) hh = 0;
    else if (p->h.ampm == 2 && hh != 12) hh += 12;
    char utc[DFT_TIME_LEN], local[40];
    bool time_ok = dft_export_local_to_utc(y, mo, d, hh, p->h.mi, p->h.s, w->o->tz_offset_s, utc);
    snprintf(local, sizeof local, "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, hh, p->h.mi, p->h.s);

    /* the first line decides attachments and omitted media; continuation lines are the caption */
    const char *body = p->body;
    const char *type = p->system ? "system" : "message";
    char *attach = NULL;
    const char *first_end = body ? strchr(body, '\n') : NULL;
    size_t first_len = body ? (first_end ? (size_t)(first_end - body) : strlen(body)) : 0;
    const char *rest = first_end ? first_end + 1 : NULL;
    if (body && !p->system) {
        for (const char *const *o = OMITTED; *o; o++)
            if (first_len == strlen(*o) && strncmp(body, *o, first_len) == 0) {
                type = "media_omitted";
                w->info->media_omitted++;
                body = rest;
                break;
            }
        if (strcmp(type, "message") == 0 && first_len > 12 && strncmp(body, "<attached: ", 11) == 0 &&
            body[first_len - 1] == '>') {
            attach = strndup(body + 11, first_len - 12);
            type = "attachment";
        }
        for (const char *const *s = ATTACHED_SUFFIX; !attach && *s; s++) {
            size_t sl = strlen(*s);
            if (first_len > sl && strncmp(body + first_len - sl, *s, sl) == 0) {
                attach = strndup(body, first_len - sl);
                type = "attachment";
            }
        }
        if (attach) {
            w->info->attachments++;
            body = rest;
        }
    }
    if (body && !*body) body = NULL;
    bool deleted = body && (!strcmp(body, "This message was deleted") || !strcmp(body, "You deleted this message"));

    const char *self = w->o->self_name;
    const char *dir = NULL, *recipient = NULL;
    const char *thread = w->o->thread_hint ? w->o->thread_hint : "WhatsApp export";
    if (!p->system && p->sender) {
        if (self) dir = strcmp(p->sender, self) == 0 ? "out" : "in";
        if (w->group) recipient = thread;
        else if (dir && !strcmp(dir, "out")) recipient = w->other;
        else if (dir) recipient = self;
    }
    dft_chat_json j;
    dft_chat_json_begin(&j);
    dft_chat_json_str(&j, "type", type);
    dft_chat_json_str(&j, "local_time", local);
    dft_chat_json_str(&j, "time_zone", w->o->tz_name ? w->o->tz_name : "UTC");
    if (!time_ok) dft_chat_json_bool(&j, "time_invalid", true);
    if (buddhist) dft_chat_json_str(&j, "calendar", "buddhist");
    dft_chat_json_int(&j, "line", p->lineno);
    dft_chat_json_int(&j, "offset", p->offset);
    if (attach) dft_chat_json_str(&j, "attachment_name", attach);
    if (deleted) dft_chat_json_bool(&j, "deleted_notice", true);
    if (p->body_cut) dft_chat_json_bool(&j, "truncated", true);
    if (w->group) dft_chat_json_str(&j, "chat_type", "group");
    char src[40];
    snprintf(src, sizeof src, "line:%lld", (long long)p->lineno);
    dft_chat_msg m = {
        .account = self, .thread = thread, .thread_title = w->o->thread_hint, .sender = p->sender,
        .recipient = recipient, .sender_name = p->sender, .direction = dir, .sent_utc = time_ok ? utc : "",
        .body = body, .attachment = attach, .deleted = deleted, .source = src, .details = dft_chat_json_end(&j),
    };
    if (p->system) w->info->system++;
    w->info->messages++;
    int rc = w->sink->message ? w->sink->message(w->sink->payload, &m) : DFT_OK;
    dft_chat_json_free(&j);
    free(attach);
    free(p->sender);
    free(p->body);
    p->sender = p->body = NULL;
    p->blen = 0;
    return rc;
}

static void body_append(pending *p, const char *s, size_t n, bool newline, dft_export_info *info)
{
    size_t need = p->blen + n + (newline ? 1 : 0) + 1;
    if (need > BODY_CAP) {
        if (!p->body_cut) info->truncated++;
        p->body_cut = true;
        return;
    }
    char *b = realloc(p->body, need);
    if (!b) { p->body_cut = true; return; }
    p->body = b;
    if (newline) p->body[p->blen++] = '\n';
    memcpy(p->body + p->blen, s, n);
    p->blen += n;
    p->body[p->blen] = '\0';
}

int dft_wa_export_parse(FILE *f, const dft_export_opts *o, const dft_chat_sink *sink, dft_export_info *info)
{
    reader r = { .f = f, .buf = malloc(LINE_CAP + 1) };
    if (!r.buf) return dft_error_set(DFT_ENOMEM, "out of memory");
    /* pass 1: headers only */
    int64_t headers = 0, dmy = 0, mdy = 0, ymd = 0, h12 = 0, ios = 0;
    char sep = 0;
    int rc = DFT_OK;
    while (next_line(&r)) {
        if ((r.lineno & 4095) == 0 && o->cancelled && o->cancelled(o->payload)) { rc = DFT_ECANCELLED; break; }
        wa_hdr h;
        if (!parse_header(r.buf, r.len, &h)) continue;
        headers++;
        if (!sep) sep = h.sep;
        if (h.len1 == 4) ymd++;
        else if (h.f1 > 12) dmy++;
        else if (h.f2 > 12) mdy++;
        if (h.ampm) h12++;
        if (h.ios) ios++;
        const char *t = r.buf + h.text;
        size_t tl = r.len - h.text;
        size_t k = skip_marks(t, 0, tl);
        size_t cut = name_split(t + k, tl - k);
        if (cut) {
            char *name = strndup(t + k, cut);
            if (name) dft_export_names_add(&info->participants, name);
            free(name);
        }
    }
    if (rc) { free(r.buf); return dft_error_set(rc, "cancelled"); }
    if (!headers) {
        free(r.buf);
        return dft_error_set(DFT_ECORRUPT, "no WhatsApp export header line");
    }
    wa_run w = { .o = o, .sink = sink, .info = info };
    bool decided = true;
    if (ymd) w.order = 'y';
    else if (dmy && !mdy) w.order = 'd';
    else if (mdy && !dmy) w.order = 'm';
    else {
        decided = false;   /* nothing above 12 (or both: a mixed file), fall back on the style */
        w.order = sep == '.' || !h12 ? 'd' : 'm';
    }
    info->format = ios * 2 > headers ? "whatsapp-ios" : "whatsapp-android";
    info->date_order = w.order == 'y' ? "ymd" : w.order == 'm' ? "mdy" : "dmy";
    info->clock = h12 * 2 > headers ? "12h" : "24h";
    info->date_order_source = decided ? "inferred" : "default";
    w.group = info->participants.n > 2;
    if (!w.group && o->self_name)
        for (size_t i = 0; i < info->participants.n; i++)
            if (strcmp(info->participants.name[i], o->self_name) != 0) w.other = info->participants.name[i];
    if (!w.other && !w.group) w.other = o->thread_hint;
    info->account = o->self_name;

    /* pass 2 */
    rewind(f);
    r.lineno = r.offset = r.next_offset = 0;
    r.cut = 0;
    pending p = { 0 };
    while (next_line(&r)) {
        if ((r.lineno & 4095) == 0 && o->cancelled && o->cancelled(o->payload)) { rc = DFT_ECANCELLED; break; }
        wa_hdr h;
        if (parse_header(r.buf, r.len, &h)) {
            if ((rc = emit(&w, &p)) != DFT_OK) break;
            p.open = true;
            p.lineno = r.lineno;
            p.offset = r.offset;
            p.h = h;
            p.body_cut = false;
            const char *t = r.buf + h.text;
            size_t tl = r.len - h.text;
            size_t k = skip_marks(t, 0, tl);
            size_t cut = name_split(t + k, tl - k);
            p.system = cut == 0;
            if (cut) {
                p.sender = strndup(t + k, cut);
                k += cut + 1;
                if (k < tl && t[k] == ' ') k++;
                k = skip_marks(t, k, tl);
            }
            body_append(&p, t + k, tl - k, false, info);
        } else if (p.open) {
            body_append(&p, r.buf, r.len, true, info);
        }
        /* lines before the first header (a preamble) are ignored */
    }
    if (rc == DFT_OK) rc = emit(&w, &p);
    free(p.sender);
    free(p.body);
    info->truncated += r.cut;
    free(r.buf);
    if (rc == DFT_ECANCELLED) return dft_error_set(rc, "cancelled");
    return rc;
}
