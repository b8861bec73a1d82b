/*
 * roster_vcard.c - plugin `roster`: a .vcf address-book export becomes contacts rows (app "vcard").
 *
 * Decision (docs/roster.md): a vCard set is an ordinary contact list, however many cards it holds -
 * an examiner expects a phone's exported address book among the contacts, not among the persons of a
 * target list or roster. So no persons rows and no roster.table finding come from it; the identity join
 * still links a roster's person to a card with the same number ("listed_as").
 * Numbers are given in E.164 when they are written internationally, or nationally and the evidence
 * item's own phone number says the region; otherwise as written (never guessed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "parsers/phone.h"
#include "parsers/roster.h"
#include "parsers/textenc.h"
#include "plugin.h"
#include "roster_plugin.h"

typedef struct vctx {
    dft_scan *s;
    char region[3];
} vctx;

static int on_card(void *payload, const dft_vcard *v)
{
    vctx *x = payload;
    if (dft_scan_cancelled(x->s)) return dft_error_set(DFT_ECANCELLED, "cancelled");
    char e164[24] = "";
    const char *phone = NULL;
    for (size_t i = 0; i < v->nphones && !phone; i++)
        if (dft_roster_phone(v->phones[i], x->region[0] ? x->region : NULL, e164) == DFT_OK) phone = e164;
    if (!phone && v->nphones) phone = v->phones[0];
    json_t *d = json_object();
    json_t *ph = json_array();
    for (size_t i = 0; i < v->nphones; i++) json_array_append_new(ph, json_string(v->phones[i]));
    json_object_set_new(d, "phones", ph);
    if (v->email) json_object_set_new(d, "email", json_string(v->email));
    if (v->org) json_object_set_new(d, "org", json_string(v->org));
    if (v->note) json_object_set_new(d, "note", json_string(v->note));
    json_object_set_new(d, "line", json_integer(v->line));
    char *details = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(d);
    char source[32];
    snprintf(source, sizeof source, "card:%u", v->index);
    dft_contact c = DFT_INIT(dft_contact);
    c.app = "vcard";
    c.name = v->name;
    c.phone = phone;
    c.handle = v->email;
    c.source = source;
    c.details = details;
    int rc = details ? dft_emit_contact(x->s, &c, NULL) : dft_error_set(DFT_ENOMEM, "out of memory");
    free(details);
    return rc;
}

int roster_vcard_scan(dft_scan *s, const uint8_t *bytes, size_t len)
{
    vctx x = { .s = s };
    const char *own = dft_scan_evidence_meta(s, "device.phone_number");
    char e[24];
    if (!own || dft_roster_phone(own, NULL, e) != DFT_OK || dft_phone_region(e, x.region) != DFT_OK)
        x.region[0] = '\0';
    dft_textenc_result t;
    int rc = dft_textenc_to_utf8(bytes, len, NULL, &t);
    if (rc) return rc;
    rc = dft_vcard_read(t.text, t.len, on_card, &x);
    free(t.text);
    return rc == DFT_ENOTFOUND ? DFT_OK : rc;
}
