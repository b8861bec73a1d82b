/*
 * scam_text.c - plugin `scam_text`: classifies text wherever it comes from - decoded content (the
 * documents plugin's text of spreadsheets and letters, message bodies) and plain text files - as
 *   script.scam    a staged scam playbook (parsers/scamscript.h), family and stages with their terms
 *   tip.indicator  a trafficking indicator cue by UNODC family (parsers/tipcues.h), an excerpt for review
 *   id.passport    an ICAO 9303 MRZ (parsers/mrz.h) + a persons row linked to it ("document")
 * Kinds, details keys and scoring: docs/scam-text.md. Lexicons: data/scam.tsv, data/tip.tsv, recorded
 * with their versions in runs.plugins.
 *
 * Why it skips some files: a text file the documents plugin (or another) already handed over as
 * decoded text was classified then - plugins run in name order for a file, and decoded content is
 * dispatched at once on the same thread, so the decoded text always comes first. The file's raw bytes
 * are then not classified a second time (no duplicate findings); without such a plugin they are.
 *
 * Bounded work per content: at most MAX_TEXT bytes (a warning says when more was left out), classified
 * in windows of about WINDOW bytes cut at line ends, so that the stages of one playbook come from one
 * part of a text, not from a whole log of unrelated chats.
 */
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parsers/lexicon.h"
#include "parsers/mrz.h"
#include "parsers/scamscript.h"
#include "parsers/textenc.h"
#include "parsers/tipcues.h"
#include "plugin.h"

#define MAX_TEXT ((size_t)64 << 20)
#define WINDOW ((size_t)64 << 10)
#define MAX_CUES 5000u   /* tip.indicator rows per content: hostile text full of cues stays bounded */
#define CUES_FULL 1      /* on_tip's stop code once MAX_CUES were emitted */

typedef struct scratch {
    dft_lexicon_scratch *scam, *tip;
} scratch;

typedef struct run_state {
    dft_lexicon *scam, *tip;
    pthread_mutex_t mu;
    scratch **idle;            /* pool of scratches (one per concurrent scan at most) */
    size_t nidle, cap;
    int64_t *ids;              /* open-addressing set: file ids classified from decoded text (id) or
                                  from their own bytes (-id) */
    size_t nids, idcap;
} run_state;

/* ---- the set of files already classified through their decoded text ------------------------- */

static size_t slot_of(int64_t id, size_t cap) { return (size_t)((uint64_t)id * 0x9E3779B97F4A7C15ull >> 20) & (cap - 1); }

static void ids_add(run_state *rs, int64_t id)
{
    pthread_mutex_lock(&rs->mu);
    if ((rs->nids + 1) * 2 > rs->idcap) {
        size_t nc = rs->idcap ? rs->idcap * 2 : 1024;
        int64_t *n = calloc(nc, sizeof *n);
        if (n) {
            for (size_t i = 0; i < rs->idcap; i++)
                if (rs->ids[i]) {
                    size_t k = slot_of(rs->ids[i], nc);
                    while (n[k]) k = (k + 1) & (nc - 1);
                    n[k] = rs->ids[i];
                }
            free(rs->ids);
            rs->ids = n;
            rs->idcap = nc;
        }
    }
    if ((rs->nids + 1) * 2 <= rs->idcap) {   /* else out of memory: the raw file is classified too */
        size_t k = slot_of(id, rs->idcap);
        while (rs->ids[k] && rs->ids[k] != id) k = (k + 1) & (rs->idcap - 1);
        if (!rs->ids[k]) {
            rs->ids[k] = id;
            rs->nids++;
        }
    }
    pthread_mutex_unlock(&rs->mu);
}

static bool ids_has(run_state *rs, int64_t id)
{
    bool found = false;
    pthread_mutex_lock(&rs->mu);
    if (rs->idcap) {
        size_t k = slot_of(id, rs->idcap);
        while (rs->ids[k] && rs->ids[k] != id) k = (k + 1) & (rs->idcap - 1);
        found = rs->ids[k] == id;
    }
    pthread_mutex_unlock(&rs->mu);
    return found;
}

/* ---- scratch pool (as crypto_scan: no per-thread state to lose) ------------------------------- */

static void scratch_free(scratch *sc)
{
    if (!sc) return;
    dft_lexicon_scratch_free(sc->scam);
    dft_lexicon_scratch_free(sc->tip);
    free(sc);
}

static int scratch_take(run_state *rs, scratch **out)
{
    *out = NULL;
    pthread_mutex_lock(&rs->mu);
    if (rs->nidle) *out = rs->idle[--rs->nidle];
    pthread_mutex_unlock(&rs->mu);
    if (*out) return DFT_OK;
    scratch *sc = calloc(1, sizeof *sc);
    if (!sc) return dft_error_set(DFT_ENOMEM, "scam_text: out of memory");
    int rc = dft_lexicon_scratch_new(&sc->scam, rs->scam);
    if (rc == DFT_OK) rc = dft_lexicon_scratch_new(&sc->tip, rs->tip);
    if (rc) {
        scratch_free(sc);
        return rc;
    }
    *out = sc;
    return DFT_OK;
}

static void scratch_give(run_state *rs, scratch *sc)
{
    if (!sc) return;
    pthread_mutex_lock(&rs->mu);
    if (rs->nidle == rs->cap) {
        size_t cap = rs->cap ? rs->cap * 2 : 8;
        scratch **v = realloc(rs->idle, cap * sizeof *v);
        if (v) {
            rs->idle = v;
            rs->cap = cap;
        }
    }
    if (rs->nidle < rs->cap) {
        rs->idle[rs->nidle++] = sc;
        sc = NULL;
    }
    pthread_mutex_unlock(&rs->mu);
    scratch_free(sc);
}

/* ---- helpers ---------------------------------------------------------------------------------- */

/* t[0..n) as a NUL-terminated string that jansson accepts: invalid UTF-8 bytes become '?', control
 * characters (line ends included) a space. Caller frees. */
static char *safe_text(const char *t, size_t n)
{
    char *o = malloc(n + 1);
    if (!o) return NULL;
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)t[i];
        if (c < 0x80) {
            o[i] = c < 0x20 || c == 0x7f ? ' ' : (char)c;
            i++;
            continue;
        }
        size_t k = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
        if (k && i + k <= n && dft_textenc_valid_utf8((const uint8_t *)t + i, k)) {
            memcpy(o + i, t + i, k);
            i += k;
        } else {
            o[i++] = '?';
        }
    }
    o[n] = '\0';
    return o;
}

/* Does decoded content look like text? A text MIME, or valid UTF-8 with no NUL in its first 4 KiB
 * (the end of the sample may cut a character: up to 3 bytes are forgiven). */
static bool looks_text(const dft_file *f, const uint8_t *b, size_t n)
{
    if (f->mime && strncasecmp(f->mime, "text/", 5) == 0) return true;
    size_t k = n < 4096 ? n : 4096;
    if (memchr(b, 0, k)) return false;
    for (size_t cut = 0; cut < 4 && cut <= k; cut++)
        if (dft_textenc_valid_utf8(b, k - cut)) return true;
    return false;
}

typedef struct ctx {
    dft_scan *s;
    run_state *rs;
    scratch *sc;
    const char *text;
    size_t len;
    int64_t base;              /* added to offsets in the text to give the finding offset; -1: none */
    const char *encoding;      /* the text was converted from this encoding, or NULL */
    size_t ncues;              /* tip.indicator rows emitted for this content */
    /* the current window reads as an anti-fraud advisory, a news report or fiction (negative cues and no
     * script markers): its trafficking cues are kept for review but say so, at a lower confidence */
    char advisory[256];
} ctx;

static int64_t off_of(const ctx *c, size_t o) { return c->base < 0 ? -1 : c->base + (int64_t)o; }

/* ---- script.scam ------------------------------------------------------------------------------ */

static int classify_window(ctx *c, size_t wo, size_t wl)
{
    dft_scam_result r;
    int rc = dft_scamscript_classify(c->rs->scam, c->sc->scam, c->text + wo, wl, &r);
    c->advisory[0] = '\0';
    if (!rc && r.negatives.n && r.markers.weight < 1.0) {
        size_t o = 0;
        for (size_t k = 0; k < r.negatives.n && k < 6 && o < sizeof c->advisory; k++)
            o += (size_t)snprintf(c->advisory + o, sizeof c->advisory - o, "%s%s", k ? "|" : "", r.negatives.t[k].term);
    }
    if (rc || !r.flagged) return rc;
    char *details = dft_scamscript_details(&r, dft_lexicon_version(c->rs->scam), wo);
    if (!details) return dft_error_set(DFT_ENOMEM, "scam_text: out of memory");
    if (c->encoding) {   /* offsets in the JSON are in the converted text: say so */
        json_error_t je;
        json_t *d = json_loads(details, 0, &je);
        free(details);
        details = NULL;
        if (d) {
            json_object_set_new(d, "text_encoding", json_string(c->encoding));
            details = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
            json_decref(d);
        }
        if (!details) return dft_error_set(DFT_ENOMEM, "scam_text: out of memory");
    }
    char value[256];
    size_t o = (size_t)snprintf(value, sizeof value, "%s:", r.family);
    for (int s = 0; s < DFT_SCAM_STAGE_COUNT && o < sizeof value; s++)
        if (r.stage[s].n) o += (size_t)snprintf(value + o, sizeof value - o, " %s", dft_scam_stage_name((dft_scam_stage)s));
    dft_finding f = DFT_INIT(dft_finding);
    f.kind = "script.scam";
    f.subkind = r.family;
    f.value = value;
    f.offset = off_of(c, wo + r.span_offset);
    f.length = c->base < 0 ? -1 : (int64_t)r.span_length;
    f.confidence = r.confidence;
    f.details = details;
    f.personal = NULL;   /* lexicon terms and offsets; the script text itself is not copied */
    rc = dft_emit_finding(c->s, &f, NULL);
    free(details);
    return rc;
}

/* ---- tip.indicator ---------------------------------------------------------------------------- */

typedef struct tip_ctx {
    ctx *c;
    size_t wo;
} tip_ctx;

/* The keys every finding of a text shares: its encoding when converted, and the advisory/news/fiction
 * terms seen around it (an NGO leaflet or a news story describes the same abuses). */
static void set_context_keys(const ctx *c, json_t *d)
{
    if (!d) return;
    if (c->encoding) json_object_set_new(d, "text_encoding", json_string(c->encoding));
    if (!c->advisory[0]) return;
    json_t *a = json_array();
    char tmp[sizeof c->advisory];
    snprintf(tmp, sizeof tmp, "%s", c->advisory);
    for (char *save = NULL, *tok = strtok_r(tmp, "|", &save); tok && a; tok = strtok_r(NULL, "|", &save))
        json_array_append_new(a, json_string(tok));
    if (a) json_object_set_new(d, "advisory_context", a);
}

static int on_tip(void *payload, const dft_tipcue *cue)
{
    tip_ctx *t = payload;
    ctx *c = t->c;
    if (c->ncues >= MAX_CUES) return CUES_FULL;
    c->ncues++;
    const char *w = c->text + t->wo;
    char *excerpt = safe_text(w + cue->excerpt_offset, cue->excerpt_length);
    char *context = safe_text(w + cue->context_offset, cue->context_length);
    json_t *d = json_pack("{sssssssssIs[s]}", "cue", cue->cue, "lang", cue->lang, "family", cue->family,
                          "context", context ? context : "", "cue_offset",
                          (json_int_t)(c->base < 0 ? (int64_t)(t->wo + cue->offset) : off_of(c, t->wo + cue->offset)),
                          "sensitive", "context");
    set_context_keys(c, d);
    char *details = d ? json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(d);
    int rc;
    if (!excerpt || !context || !details) {
        rc = dft_error_set(DFT_ENOMEM, "scam_text: out of memory");
    } else {
        dft_finding f = DFT_INIT(dft_finding);
        f.kind = "tip.indicator";
        f.subkind = cue->family;
        f.value = excerpt;
        f.offset = off_of(c, t->wo + cue->excerpt_offset);
        f.length = c->base < 0 ? -1 : (int64_t)cue->excerpt_length;
        /* a cue for human review, never a status: 0.5 for a specific cue, 0.4 for a common word
         * (罚款, "beaten") that benign text uses too */
        f.confidence = cue->weight >= 1 ? 0.5 : 0.4;
        if (c->advisory[0]) f.confidence = 0.2;   /* advisory, news or fiction around it: details say which */
        f.details = details;
        f.personal = "value";   /* the excerpt may name or describe a person; details' context too
                                   (listed in details.sensitive) */
        rc = dft_emit_finding(c->s, &f, NULL);
    }
    free(excerpt);
    free(context);
    free(details);
    return rc;
}

/* ---- id.passport + persons -------------------------------------------------------------------- */

static int on_mrz(void *payload, const dft_mrz *m)
{
    ctx *c = payload;
    const char sex[2] = { m->sex, 0 };
    json_t *d = json_object();
    if (d) {
        json_object_set_new(d, "type", json_string(dft_mrz_type_name(m->type)));
        json_object_set_new(d, "code", json_string(m->code));
        json_object_set_new(d, "issuer", json_string(m->issuer));
        json_object_set_new(d, "nationality", json_string(m->nationality));
        json_object_set_new(d, "number", json_string(m->number));
        json_object_set_new(d, "birth", json_string(m->birth[0] ? m->birth : m->birth_raw));
        json_object_set_new(d, "expiry", json_string(m->expiry[0] ? m->expiry : m->expiry_raw));
        json_object_set_new(d, "sex", json_string(sex));
        json_object_set_new(d, "optional", json_string(m->optional));
        json_object_set_new(d, "names", json_pack("{ssss}", "primary", m->primary, "secondary", m->secondary));
        json_object_set_new(d, "checks", json_pack("{sbsbsbsbsb}", "number", m->check_number, "birth", m->check_birth,
                                                   "expiry", m->check_expiry, "optional", m->check_optional,
                                                   "composite", m->check_composite));
        json_object_set_new(d, "valid", json_boolean(m->valid));
        if (m->ocr_spacing) json_object_set_new(d, "ocr_spacing", json_true());   /* spaces removed, checks hold */
    }
    set_context_keys(c, d);
    char *details = d ? json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(d);
    if (!details) return dft_error_set(DFT_ENOMEM, "scam_text: out of memory");
    dft_finding f = DFT_INIT(dft_finding);
    f.kind = "id.passport";
    f.subkind = m->nationality[0] ? m->nationality : NULL;
    f.value = m->number;
    f.offset = off_of(c, m->offset);
    f.length = c->base < 0 ? -1 : (int64_t)m->length;
    f.confidence = m->valid ? 0.95 : 0.3;   /* unvalidated: a mistyped or OCR-damaged zone */
    f.details = details;
    f.personal = "value,details";
    dft_ref fref = { 0, 0 };
    int rc = dft_emit_finding(c->s, &f, &fref);
    free(details);
    if (rc || !m->valid) return rc;   /* a persons row only for a zone whose check digits hold */

    char name[96];
    if (m->secondary[0]) snprintf(name, sizeof name, "%s, %s", m->primary, m->secondary);
    else snprintf(name, sizeof name, "%s", m->primary);
    json_t *pd = json_pack("{ssssssssssssss}", "document_code", m->code, "document_type", dft_mrz_type_name(m->type),
                           "issuer", m->issuer, "birth", m->birth[0] ? m->birth : m->birth_raw,
                           "expiry", m->expiry[0] ? m->expiry : m->expiry_raw, "sex", sex, "source", "mrz");
    json_t *ps = json_pack("{sIss}", "offset", (json_int_t)off_of(c, m->offset), "mrz", dft_mrz_type_name(m->type));
    char *pdt = pd ? json_dumps(pd, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    char *pst = ps ? json_dumps(ps, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(pd);
    json_decref(ps);
    if (pdt && pst) {
        dft_person p = DFT_INIT(dft_person);
        p.role = "unknown";   /* a passport holder: never a suspect by default (non-punishment) */
        p.name = name;
        p.nationality = m->nationality;
        p.passport = m->number;
        p.details = pdt;
        p.source = pst;
        p.personal = "name,nationality,passport,details";
        dft_ref pref = { 0, 0 };
        rc = dft_emit_person(c->s, &p, &pref);
        if (rc == DFT_OK && dft_ref_is_set(pref) && dft_ref_is_set(fref))
            rc = dft_emit_link(c->s, pref, "document", fref, NULL);
    } else {
        rc = dft_error_set(DFT_ENOMEM, "scam_text: out of memory");
    }
    free(pdt);
    free(pst);
    return rc;
}

/* ---- the scan --------------------------------------------------------------------------------- */

/* End of the window starting at wo: WINDOW bytes, moved back to just after a line end in its last
 * quarter, else to a UTF-8 character start. */
static size_t window_end(const char *t, size_t len, size_t wo)
{
    if (len - wo <= WINDOW) return len;
    size_t e = wo + WINDOW;
    for (size_t i = e; i > e - WINDOW / 4; i--)
        if (t[i - 1] == '\n') return i;
    while (e > wo + 1 && ((unsigned char)t[e] & 0xC0) == 0x80) e--;
    return e;
}

static int classify(ctx *c)
{
    int rc = DFT_OK;
    bool tip_cut = false, tips_full = false;
    for (size_t wo = 0; rc == DFT_OK && wo < c->len;) {
        if (dft_scan_cancelled(c->s)) return DFT_OK;
        size_t we = window_end(c->text, c->len, wo);
        rc = classify_window(c, wo, we - wo);
        bool cut = false;
        tip_ctx t = { c, wo };
        if (rc == DFT_OK && !tips_full) {
            rc = dft_tipcues_find(c->rs->tip, c->sc->tip, c->text + wo, we - wo, on_tip, &t, &cut);
            if (rc == CUES_FULL) {
                tips_full = true;
                rc = DFT_OK;
            }
        }
        tip_cut |= cut;
        wo = we;
    }
    if (rc == DFT_OK && (tip_cut || tips_full))
        rc = dft_emit_warning(c->s, -1, "scam_text: more than %u trafficking cues in a window or %u in the text; "
                              "the rest not reported", DFT_TIP_MAX_CUES, MAX_CUES);
    if (rc == DFT_OK) rc = dft_mrz_find(c->text, c->len, on_mrz, c);
    return rc;
}

static int classify_content(dft_scan *s, run_state *rs, const dft_file *f, const uint8_t *b, size_t len,
                            const char *enc_known);

static int st_scan(dft_scan *s, const dft_file *f, const dft_content *content)
{
    run_state *rs = dft_scan_state(s);
    if (!rs) return dft_error_set(DFT_ERROR, "scam_text: not initialised");
    size_t len = 0;
    const uint8_t *b = dft_content_bytes(content, &len);
    uint8_t *owned = NULL;
    if (!b && len) {
        /* larger than the in-memory cap: its first MAX_TEXT bytes from the private copy */
        const char *path = dft_content_path(content);
        FILE *fp = path ? fopen(path, "rb") : NULL;
        size_t want = len < MAX_TEXT ? len : MAX_TEXT;
        owned = fp ? malloc(want) : NULL;
        size_t got = owned ? fread(owned, 1, want, fp) : 0;
        if (fp) fclose(fp);
        if (!got) {
            free(owned);
            return dft_emit_warning(s, -1, "scam_text: %zu bytes could not be read; not classified", len);
        }
        b = owned;
        if (len > got) len = got == MAX_TEXT ? len : got;   /* len > MAX_TEXT still warns below */
    }
    if (!b) return DFT_OK;
    /* the file's encoding as detected once for every plugin, when b is the file's own bytes (decoded
     * content is UTF-8: not detected) */
    size_t bom = 0;
    const char *enc = owned || dft_scan_decoded_path(s) ? NULL : dft_content_encoding(content, &bom);
    int rc = classify_content(s, rs, f, b, len, enc);
    free(owned);
    return rc;
}

static int classify_content(dft_scan *s, run_state *rs, const dft_file *f, const uint8_t *b, size_t len,
                            const char *enc_known)
{
    if (len == 0) return DFT_OK;
    bool decoded = dft_scan_decoded_path(s) != NULL;
    /* Once per file: a text file is classified from its own bytes or from the documents plugin's
     * decoded text of it, whichever comes first (the set holds id for decoded, -id for raw: the ids of
     * databases whose message bodies come as decoded content never block anything). */
    if (decoded) {
        if (!looks_text(f, b, len)) return DFT_OK;
        if (f->id > 0 && ids_has(rs, -f->id)) return DFT_OK;   /* classified from its bytes already */
        if (f->id > 0) ids_add(rs, f->id);
    } else if (f->id > 0 && ids_has(rs, f->id)) {
        return DFT_OK;   /* its text came as decoded content and was classified then */
    } else if (f->id > 0) {
        ids_add(rs, -f->id);
    }
    int rc = DFT_OK;
    if (len > MAX_TEXT) {
        rc = dft_emit_warning(s, -1, "scam_text: only the first %zu of %zu bytes classified", MAX_TEXT, len);
        if (rc) return rc;
        len = MAX_TEXT;
    }
    ctx c = { .s = s, .rs = rs, .text = (const char *)b, .len = len };
    dft_textenc_result conv = { 0 };
    if (!decoded) {
        /* a text file of the evidence: UTF-8 as is (offsets are file offsets); another encoding is
         * converted and its findings carry offsets in the converted text (details.text_encoding) */
        size_t bom = 0;
        const char *enc = enc_known ? enc_known : dft_textenc_detect(b, len, &bom);
        if (strcmp(enc, "UTF-8") != 0) {
            rc = dft_textenc_to_utf8(b, len, enc, &conv);
            if (rc) return rc;
            c.text = conv.text;
            c.len = conv.len;
            c.base = -1;
            c.encoding = conv.encoding;
        }
    }
    rc = scratch_take(rs, &c.sc);
    if (rc == DFT_OK) rc = classify(&c);
    scratch_give(rs, c.sc);
    free(conv.text);
    return rc;
}

/* ---- init / fini ------------------------------------------------------------------------------ */

static int load_one(dft_init *in, const char *dir, const char *file, dft_lexicon **out)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    FILE *fp = fopen(path, "rb");
    if (!fp) return dft_error_set(DFT_ENOTFOUND, "scam_text: lexicon %s missing", path);
    size_t cap = (size_t)16 << 20;
    char *buf = malloc(cap);
    size_t n = buf ? fread(buf, 1, cap, fp) : 0;
    fclose(fp);
    if (!buf) return dft_error_set(DFT_ENOMEM, "scam_text: out of memory");
    int rc = n == cap ? dft_error_set(DFT_ELIMIT, "scam_text: lexicon %s too large", path) : dft_lexicon_new(out, buf, n);
    if (rc == DFT_OK) rc = dft_init_data_version(in, dft_lexicon_name(*out), dft_lexicon_version(*out), buf, n);
    free(buf);
    return rc;
}

static void st_fini(void *state)
{
    run_state *rs = state;
    if (!rs) return;
    for (size_t i = 0; i < rs->nidle; i++) scratch_free(rs->idle[i]);
    free(rs->idle);
    free(rs->ids);
    dft_lexicon_free(rs->scam);
    dft_lexicon_free(rs->tip);
    pthread_mutex_destroy(&rs->mu);
    free(rs);
}

static int st_init(dft_init *in, void **state)
{
    *state = NULL;
    const char *dir = dft_init_data_dir(in);
    if (!dir) return dft_error_set(DFT_ENOTFOUND, "scam_text: no data directory: %s", dft_error_last());
    run_state *rs = calloc(1, sizeof *rs);
    if (!rs) return dft_error_set(DFT_ENOMEM, "scam_text: out of memory");
    pthread_mutex_init(&rs->mu, NULL);
    int rc = load_one(in, dir, "scam.tsv", &rs->scam);
    if (rc == DFT_OK) rc = load_one(in, dir, "tip.tsv", &rs->tip);
    if (rc) {
        st_fini(rs);
        return rc;
    }
    *state = rs;
    return DFT_OK;
}

static const dft_claim st_claims[] = {
    { DFT_CLAIM_DECODED, NULL },
    { DFT_CLAIM_MIME, "text/plain" }, { DFT_CLAIM_MIME, "text/html" }, { DFT_CLAIM_MIME, "text/markdown" },
    { DFT_CLAIM_MIME, "text/csv" },
    /* txt/csv/tsv by name as well: documents gives no decoded copy of a plain UTF-8 one, and a sniffed
     * MIME type can be another (a TSV opening "From: " is message/rfc822) */
    { DFT_CLAIM_EXT, "txt" }, { DFT_CLAIM_EXT, "md" }, { DFT_CLAIM_EXT, "csv" }, { DFT_CLAIM_EXT, "tsv" },
    { DFT_CLAIM_EXT, "html" }, { DFT_CLAIM_EXT, "htm" },
    { DFT_CLAIM_END, NULL },
};

const dft_plugin dft_plugin_scam_text = {
    .abi = DFT_PLUGIN_ABI,
    .struct_size = sizeof(dft_plugin),
    .name = "scam_text",
    .version = "1.0.0",
    .description = "scam-script classifier (family, stages, terms), trafficking indicator cues and passport MRZ "
                   "in text files, document text and message bodies",
    .claims = st_claims,
    .access = DFT_ACCESS_WHOLE,
    .max_size = (uint64_t)256 << 20,
    .init = st_init,
    .fini = st_fini,
    .scan = st_scan,
};
