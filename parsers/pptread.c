/*
 * pptread.c - PowerPoint 97-2003 text through the persist directory and the slide list (rules and
 * layout in pptread.h). dft_ppt_read() checks in this process that the container has a PowerPoint
 * stream, then runs read_in_process() in a child (isolate.c, reader "ppt").
 */
#include "pptread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "isolate.h"
#include "ole2.h"
#include "textenc.h"

#define RT_DOCUMENT 0x03E8
#define RT_SLIDE 0x03EE
#define RT_SLIDE_ATOM 0x03EF
#define RT_NOTES 0x03F0
#define RT_SLIDE_PERSIST 0x03F3
#define RT_MAIN_MASTER 0x03F8
#define RT_HANDOUT 0x0FC9
#define RT_TEXT_CHARS 0x0FA0
#define RT_TEXT_BYTES 0x0FA8
#define RT_CSTRING 0x0FBA
#define RT_SLWT 0x0FF0
#define RT_USER_EDIT 0x0FF5
#define RT_CURRENT_USER 0x0FF6
#define RT_PERSIST_DIR 0x1772
#define RT_COMMENT10 0x2EE0
#define RT_SP_CONTAINER 0xF004     /* OfficeArtSpContainer: one shape */
#define RT_CLIENT_DATA 0xF011      /* OfficeArtClientData: holds the PlaceholderAtom */
#define RT_PLACEHOLDER 0x0BC3
#define PT_MASTER_NOTES_IMAGE 0x05 /* PlaceholderEnum values of notes-page shapes that hold no notes text */
#define PT_MASTER_DATE 0x07
#define PT_MASTER_SLIDE_NUMBER 0x08
#define PT_NOTES_SLIDE_IMAGE 0x0B
#define SLWT_NOTES 2               /* SlideListWithTextContainer instance of the notes list */
#define TOKEN_PLAIN 0xE391C05Fu
#define TOKEN_ENCRYPTED 0xF3D1C4DFu
#define MAX_DEPTH 32
#define MAX_PERSIST_ID 0xFFFFFu
#define NO_OFFSET UINT32_MAX
#define MAX_SEEN 4096        /* text hashes remembered per slide for the duplicate check */

typedef struct rec {
    uint16_t ver, inst, type;
    uint32_t len;
    size_t body;             /* offset of the body in the stream */
} rec;

typedef struct ppt {
    const dft_ooxml_cb *cb;
    const uint8_t *s;        /* the PowerPoint Document stream */
    size_t n;
    uint32_t *persist;       /* persistId -> offset, NO_OFFSET when unknown */
    size_t npersist;
    uint8_t *walked;         /* persistIds whose slide or notes container was read */
    struct note_ref { uint32_t notes_id, persist, order; } *notes;   /* the notes list, by notes_id */
    size_t nnotes;
    int in_notes;            /* walking a notes page: placeholders without notes text skipped */
    uint32_t slide, para;    /* current slide (1-based, 0 = none) and paragraph index */
    uint64_t seen[MAX_SEEN];
    size_t nseen;
    char *text;              /* the paragraph being built */
    size_t tn, tcap;
    int cut_warned, deep_warned;
} ppt;

/* The record header at off; 0 when it and its body fit in [off, end). */
static int rec_at(const ppt *p, size_t off, size_t end, rec *r)
{
    if (end > p->n || off > end || end - off < 8) return -1;
    const uint8_t *h = p->s + off;
    uint16_t vi = (uint16_t)(h[0] | h[1] << 8);
    r->ver = vi & 0xF;
    r->inst = vi >> 4;
    r->type = (uint16_t)(h[2] | h[3] << 8);
    r->len = (uint32_t)h[4] | (uint32_t)h[5] << 8 | (uint32_t)h[6] << 16 | (uint32_t)h[7] << 24;
    r->body = off + 8;
    return r->len <= end - r->body ? 0 : -1;
}

static uint32_t u32_at(const uint8_t *b) { return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24; }

static int put(ppt *p, const char *s, size_t n)
{
    if (p->tn + n > DFT_OOXML_MAX_TEXT) {
        if (!p->cut_warned++) dft_ooxml_warnf(p->cb, "PPT: a text over %zu bytes was cut", DFT_OOXML_MAX_TEXT);
        return DFT_OK;
    }
    if (p->tn + n + 1 > p->tcap) {
        size_t cap = p->tcap ? p->tcap : 256;
        while (cap < p->tn + n + 1) cap *= 2;
        char *t = realloc(p->text, cap);
        if (!t) return dft_error_set(DFT_ENOMEM, "out of memory");
        p->text = t;
        p->tcap = cap;
    }
    memcpy(p->text + p->tn, s, n);
    p->tn += n;
    p->text[p->tn] = 0;
    return DFT_OK;
}

static int end_paragraph(ppt *p)
{
    p->para++;
    int rc = p->cb->paragraph ? p->cb->paragraph(p->cb->ctx, p->para, p->tn ? p->text : "") : DFT_OK;
    p->tn = 0;
    p->cut_warned = 0;
    return rc;
}

static uint64_t fnv1a(const uint8_t *b, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 0x100000001b3ull;
    return h;
}

/* One text atom: converted to UTF-8, split into paragraphs at CR. A text already reported for this
 * slide (same encoding and bytes) is skipped. */
static int text_atom(ppt *p, const rec *r, int utf16)
{
    if (!r->len) return DFT_OK;
    uint64_t h = fnv1a(p->s + r->body, r->len) ^ (uint64_t)utf16;
    for (size_t i = 0; i < p->nseen; i++)
        if (p->seen[i] == h) return DFT_OK;
    if (p->nseen < MAX_SEEN) p->seen[p->nseen++] = h;
    dft_textenc_result t;
    int rc = dft_textenc_to_utf8(p->s + r->body, utf16 ? r->len & ~(size_t)1 : r->len,
                                 utf16 ? "UTF-16LE" : "ISO-8859-1", &t);
    if (rc) return rc;
    size_t run = 0;
    for (size_t i = 0; i <= t.len && rc == DFT_OK; i++) {
        unsigned char c = i < t.len ? (unsigned char)t.text[i] : 0;
        if (i < t.len && (c >= 0x20 || c == 0x09)) continue;
        if (i > run) rc = put(p, t.text + run, i - run);
        run = i + 1;
        if (rc || i == t.len) break;
        if (c == 0x0D) rc = end_paragraph(p);
        else if (c == 0x0B) rc = put(p, "\n", 1);
    }
    if (!rc && p->tn) rc = end_paragraph(p);   /* the last paragraph of a text has no CR */
    free(t.text);
    return rc;
}

static int begin_slide(ppt *p, size_t record)
{
    p->slide++;
    p->para = 0;
    p->nseen = 0;
    if (!p->cb->page) return DFT_OK;
    char name[40];
    snprintf(name, sizeof name, "record 0x%zx", record);
    return p->cb->page(p->cb->ctx, p->slide, name);
}

/* The PlaceholderEnum of the shape whose OfficeArtSpContainer body is [off, end), -1 when it is none. */
static int placeholder_of(const ppt *p, size_t off, size_t end)
{
    rec r, a;
    for (; rec_at(p, off, end, &r) == 0; off = r.body + r.len) {
        if (r.type != RT_CLIENT_DATA || r.ver != 0xF) continue;
        for (size_t q = r.body; rec_at(p, q, r.body + r.len, &a) == 0; q = a.body + a.len)
            if (a.type == RT_PLACEHOLDER && a.len >= 5) return p->s[a.body + 4];
    }
    return -1;
}

/* A notes page shape that holds no notes text: the slide image, the slide number, the date. */
static int notes_skipped(const ppt *p, const rec *sp)
{
    int t = placeholder_of(p, sp->body, sp->body + sp->len);
    return t == PT_MASTER_NOTES_IMAGE || t == PT_NOTES_SLIDE_IMAGE || t == PT_MASTER_SLIDE_NUMBER ||
           t == PT_MASTER_DATE;
}

/* Text atoms (and comment texts) of the records in [off, end), containers entered. In the linear
 * fallback (linear = 1) masters, notes, handouts and their slide lists are skipped. */
static int walk(ppt *p, size_t off, size_t end, unsigned depth, int linear, int in_comment)
{
    if (depth > MAX_DEPTH) {
        if (!p->deep_warned++) dft_ooxml_warnf(p->cb, "PPT: records nested over %d deep skipped", MAX_DEPTH);
        return DFT_OK;
    }
    int rc = DFT_OK;
    rec r;
    while (rc == DFT_OK && rec_at(p, off, end, &r) == 0) {
        if (r.ver == 0xF) {
            int skip = (linear && (r.type == RT_MAIN_MASTER || r.type == RT_NOTES || r.type == RT_HANDOUT ||
                                   (r.type == RT_SLWT && r.inst != 0))) ||
                       (p->in_notes && r.type == RT_SP_CONTAINER && notes_skipped(p, &r));
            if (!skip) rc = walk(p, r.body, r.body + r.len, depth + 1, linear, r.type == RT_COMMENT10);
        } else if (r.type == RT_TEXT_CHARS) {
            rc = text_atom(p, &r, 1);
        } else if (r.type == RT_TEXT_BYTES) {
            rc = text_atom(p, &r, 0);
        } else if (r.type == RT_CSTRING && in_comment && r.inst == 1) {
            rc = text_atom(p, &r, 1);
        }
        off = r.body + r.len;
    }
    return rc;
}

/* The persist directory of every edit, newest first: *usable set with *doc when the newest edit is a
 * UserEditAtom; DFT_OK or an error. */
static int load_persist(ppt *p, uint32_t edit, uint32_t *doc, int *usable)
{
    p->npersist = 0;
    *usable = 0;
    int first = 1;
    uint32_t prev = UINT32_MAX;
    while (edit && edit < prev) {
        rec r;
        if (rec_at(p, edit, p->n, &r) || r.type != RT_USER_EDIT || r.len < 28) break;   /* older edits lost */
        const uint8_t *b = p->s + r.body;
        if (first) {
            if (r.len >= 32) return dft_error_set(DFT_EUNSUPPORTED, "password-protected .ppt presentation: text not readable");
            *doc = u32_at(b + 16);
            *usable = 1;
        }
        first = 0;
        uint32_t last = u32_at(b + 8), dir = u32_at(b + 12);
        rec d;
        if (rec_at(p, dir, p->n, &d) == 0 && d.type == RT_PERSIST_DIR) {
            size_t q = d.body, e = d.body + d.len;
            while (e - q >= 4) {
                uint32_t v = u32_at(p->s + q);
                uint32_t id = v & MAX_PERSIST_ID, cnt = v >> 20;
                q += 4;
                for (uint32_t k = 0; k < cnt && e - q >= 4; k++, q += 4) {
                    uint32_t pid = id + k;
                    if (pid > MAX_PERSIST_ID) continue;
                    if (pid >= p->npersist) {
                        size_t nn = p->npersist * 2 > 64 ? p->npersist * 2 : 64;
                        if (nn > (size_t)MAX_PERSIST_ID + 1) nn = (size_t)MAX_PERSIST_ID + 1;
                        if (nn < (size_t)pid + 1) nn = (size_t)pid + 1;
                        uint32_t *np = realloc(p->persist, nn * sizeof *np);
                        if (!np) return dft_error_set(DFT_ENOMEM, "out of memory");
                        for (size_t j = p->npersist; j < nn; j++) np[j] = NO_OFFSET;
                        p->persist = np;
                        p->npersist = nn;
                    }
                    if (p->persist[pid] == NO_OFFSET) p->persist[pid] = u32_at(p->s + q);
                }
            }
        }
        prev = edit;
        edit = last;
    }
    return DFT_OK;
}

static uint32_t persist_offset(const ppt *p, uint32_t id)
{
    return id < p->npersist ? p->persist[id] : NO_OFFSET;
}

static int note_cmp(const void *a, const void *b)
{
    const struct note_ref *x = a, *y = b;
    if (x->notes_id != y->notes_id) return x->notes_id < y->notes_id ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* The notes list (SlideListWithTextContainer instance 2 of the document [off, end)): NotesPersistAtom
 * notesId -> persistIdRef, sorted for bsearch (of a notesId listed twice, the first wins). */
static int load_notes_list(ppt *p, size_t off, size_t end)
{
    rec l, r;
    for (; rec_at(p, off, end, &l) == 0; off = l.body + l.len) {
        if (l.type != RT_SLWT || l.inst != SLWT_NOTES || l.ver != 0xF) continue;
        for (size_t a = l.body; rec_at(p, a, l.body + l.len, &r) == 0; a = r.body + r.len) {
            if (r.type != RT_SLIDE_PERSIST || r.len < 16) continue;
            if (p->nnotes % 256 == 0) {
                struct note_ref *nn = realloc(p->notes, (p->nnotes + 256) * sizeof *nn);
                if (!nn) return dft_error_set(DFT_ENOMEM, "out of memory");
                p->notes = nn;
            }
            p->notes[p->nnotes] = (struct note_ref){u32_at(p->s + r.body + 12), u32_at(p->s + r.body), (uint32_t)p->nnotes};
            p->nnotes++;
        }
    }
    if (!p->nnotes) return DFT_OK;
    qsort(p->notes, p->nnotes, sizeof *p->notes, note_cmp);
    size_t k = 1;   /* a notesId listed twice: the first in the list wins */
    for (size_t i = 1; i < p->nnotes; i++)
        if (p->notes[i].notes_id != p->notes[k - 1].notes_id) p->notes[k++] = p->notes[i];
    p->nnotes = k;
    return DFT_OK;
}

static int note_key(const void *key, const void *elem)
{
    uint32_t id = *(const uint32_t *)key, e = ((const struct note_ref *)elem)->notes_id;
    return id < e ? -1 : id > e;
}

/* The persistId of the notes page whose notesId is id; UINT32_MAX when it is not listed. */
static uint32_t notes_persist(const ppt *p, uint32_t id)
{
    const struct note_ref *r = p->nnotes ? bsearch(&id, p->notes, p->nnotes, sizeof *p->notes, note_key) : NULL;
    return r ? r->persist : UINT32_MAX;
}

/* The speaker notes of the slide whose container is r: SlideAtom.notesIdRef -> the notes list -> the
 * NotesContainer, read once, as section "notes" of the slide. */
static int slide_notes(ppt *p, const rec *slide)
{
    rec a;
    uint32_t nid = 0;
    for (size_t q = slide->body; rec_at(p, q, slide->body + slide->len, &a) == 0; q = a.body + a.len)
        if (a.type == RT_SLIDE_ATOM && a.len >= 20) {
            nid = u32_at(p->s + a.body + 16);
            break;
        }
    uint32_t pid = nid ? notes_persist(p, nid) : UINT32_MAX;
    uint32_t off = persist_offset(p, pid);
    rec r;
    if (off == NO_OFFSET || pid >= p->npersist || p->walked[pid] || rec_at(p, off, p->n, &r) ||
        r.type != RT_NOTES || r.ver != 0xF)
        return DFT_OK;
    p->walked[pid] = 1;
    int rc = p->cb->section ? p->cb->section(p->cb->ctx, "notes") : DFT_OK;
    p->para = 0;
    p->nseen = 0;
    p->in_notes = 1;
    if (!rc) rc = walk(p, r.body, r.body + r.len, 1, 0, 0);
    p->in_notes = 0;
    return rc;
}

/* The slide container of persistId id, once: its text after the slide's outline text, then its notes. */
static int slide_body(ppt *p, uint32_t id, size_t *missing)
{
    uint32_t off = persist_offset(p, id);
    rec r;
    if (off == NO_OFFSET || rec_at(p, off, p->n, &r) || r.type != RT_SLIDE || r.ver != 0xF) {
        (*missing)++;
        return DFT_OK;
    }
    if (p->walked[id]) return DFT_OK;
    p->walked[id] = 1;
    int rc = walk(p, r.body, r.body + r.len, 1, 0, 0);
    return rc ? rc : slide_notes(p, &r);
}

/* Slides in the order of the slide list; *found 0 when there is none (fall back). DFT_OK or an error. */
static int read_slides(ppt *p, uint32_t doc, int *found)
{
    *found = 0;
    uint32_t off = persist_offset(p, doc);
    rec d;
    if (off == NO_OFFSET || rec_at(p, off, p->n, &d) || d.type != RT_DOCUMENT || d.ver != 0xF) return DFT_OK;
    p->walked = calloc(p->npersist ? p->npersist : 1, 1);
    if (!p->walked) return dft_error_set(DFT_ENOMEM, "out of memory");
    size_t q = d.body, e = d.body + d.len, missing = 0;
    rec l;
    int rc = load_notes_list(p, d.body, e);
    while (rc == DFT_OK && rec_at(p, q, e, &l) == 0) {
        q = l.body + l.len;
        if (l.type != RT_SLWT || l.inst != 0 || l.ver != 0xF) continue;
        *found = 1;
        size_t a = l.body, ae = l.body + l.len;
        uint32_t cur = UINT32_MAX;
        rec r;
        while (rc == DFT_OK && rec_at(p, a, ae, &r) == 0) {
            if (r.type == RT_SLIDE_PERSIST && r.len >= 4) {
                if (cur != UINT32_MAX) rc = slide_body(p, cur, &missing);
                cur = u32_at(p->s + r.body);
                uint32_t so = persist_offset(p, cur);
                if (!rc) rc = begin_slide(p, so == NO_OFFSET ? a : so);
            } else if (cur != UINT32_MAX && r.type == RT_TEXT_CHARS) {
                rc = text_atom(p, &r, 1);
            } else if (cur != UINT32_MAX && r.type == RT_TEXT_BYTES) {
                rc = text_atom(p, &r, 0);
            }
            a = r.body + r.len;
        }
        if (!rc && cur != UINT32_MAX) rc = slide_body(p, cur, &missing);
    }
    if (!rc && missing) dft_ooxml_warnf(p->cb, "PPT: %zu slide(s) without a readable slide record: outline text only", missing);
    return rc;
}

int dft_ppt_read_streams(const void *doc, size_t n, const void *cur, size_t curn, const dft_ooxml_cb *cb)
{
    static const dft_ooxml_cb none;
    if (!cb) cb = &none;
    const uint8_t *cu = cur;
    ppt p = { .cb = cb, .s = doc, .n = doc ? n : 0 };
    uint32_t docref = 0;
    int rc = DFT_OK, usable = 0, found = 0;
    if (cu && curn >= 20 && (uint16_t)(cu[2] | cu[3] << 8) == RT_CURRENT_USER) {
        if (u32_at(cu + 12) == TOKEN_ENCRYPTED)
            rc = dft_error_set(DFT_EUNSUPPORTED, "password-protected .ppt presentation: text not readable");
        else
            rc = load_persist(&p, u32_at(cu + 16), &docref, &usable);
    }
    if (!rc && usable) rc = read_slides(&p, docref, &found);
    if (!rc && !found) {
        dft_ooxml_warnf(cb, "PPT: no usable edit chain or slide list: text read in stream order (superseded slide versions may appear)");
        rc = walk(&p, 0, p.n, 0, 1, 0);
    }
    free(p.text);
    free(p.persist);
    free(p.walked);
    free(p.notes);
    return rc;
}

static int read_in_process(const void *data, size_t len, const dft_ooxml_cb *cb)
{
    dft_ole2 *o = NULL;
    int rc = dft_ole2_open(&o, data, len);
    if (rc) return rc;
    uint8_t *s = NULL, *cu = NULL;
    size_t sn = 0, cun = 0;
    rc = dft_ole2_stream(o, "PowerPoint Document", DFT_PPT_MAX, &s, &sn);
    if (rc == DFT_OK && dft_ole2_stream(o, "Current User", 1 << 20, &cu, &cun) != DFT_OK) {
        cu = NULL;
        cun = 0;
        dft_error_clear();
    }
    dft_ole2_close(o);
    if (!rc) rc = dft_ppt_read_streams(s, sn, cu, cun, cb);
    free(s);
    free(cu);
    return rc;
}

int dft_ppt_child_read(const void *data, size_t len, const char *arg, const dft_ooxml_cb *cb)
{
    (void)arg;
    static const dft_ooxml_cb none;
    return read_in_process(data, len, cb ? cb : &none);
}

int dft_ppt_read(const void *data, size_t len, const dft_ppt_opts *o, const dft_ooxml_cb *cb)
{
    static const dft_ooxml_cb none;
    if (!cb) cb = &none;
    if (o && o->in_process) return read_in_process(data, len, cb);
    /* the stream check in this process (libgsf reads .doc here too): no child for a .doc or .xls */
    dft_ole2 *ole = NULL;
    int rc = dft_ole2_open(&ole, data, len);
    if (rc) return rc;
    int has = dft_ole2_has(ole, "PowerPoint Document");
    dft_ole2_close(ole);
    if (!has) return dft_error_set(DFT_ENOTFOUND, "no PowerPoint Document stream");
    double max_s = o && o->max_seconds > 0 ? o->max_seconds : 60.0;
    dft_isolate_opts io = { .reader = "ppt", .arg = "", .cpu_seconds = max_s, .wall_seconds = max_s,
                            .as_extra = ((uint64_t)1 << 30) + (uint64_t)len * 4 };
    dft_isolate_status st;
    rc = dft_isolate_read(&io, data, len, cb, &st);
    if (rc == DFT_OK || st.ended) return rc;
    uint32_t slide = st.last_page;
    if (st.timed_out)
        return dft_error_set(DFT_ELIMIT, "PPT: reader stopped after %.0f s (in slide %u): text before it kept", max_s, slide);
    if (rc != DFT_ECORRUPT) return rc;
    if (st.signal) return DFT_CORRUPT("PPT: the reader died (signal %d) in slide %u: text before it kept", st.signal, slide);
    return DFT_CORRUPT("PPT: the reader ended without a result in slide %u", slide);
}
