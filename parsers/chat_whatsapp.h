/*
 * chat_whatsapp.h - what the WhatsApp parsers (Android msgstore.db / wa.db, iOS ChatStorage.sqlite /
 * ContactsV2.sqlite / CallHistory.sqlite) share: JIDs, a jid -> name table, an id -> record table, and
 * the owner's account from the Android shared_prefs.
 *
 * A JID is "<user>[:<device>]@<server>": s.whatsapp.net (a phone: user = international digits),
 * g.us (a group), lid (a "linked identity", 2024+: not a phone number; msgstore.db's jid_map leads
 * to the phone JID), broadcast (status@broadcast, broadcast lists), newsletter (channels).
 * Older builds used c.us for phones.
 *
 * Ownership: every table owns copies of the strings it is given; *_free releases them.
 */
#ifndef DFT_CHAT_WHATSAPP_H
#define DFT_CHAT_WHATSAPP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chatdb.h"

typedef enum wa_jid_kind {
    WA_JID_OTHER = 0,
    WA_JID_USER,        /* s.whatsapp.net, c.us: a phone number */
    WA_JID_GROUP,       /* g.us */
    WA_JID_LID,         /* lid */
    WA_JID_BROADCAST,   /* broadcast (status@broadcast, lists) */
    WA_JID_NEWSLETTER,  /* newsletter (channels) */
} wa_jid_kind;

wa_jid_kind dft_wa_jid_kind(const char *jid);

/* The phone of a user JID as E.164 ("+66812345678"), DFT_OK; else DFT_ECORRUPT and out "". The user
 * part of a WhatsApp JID is always international digits (country code first). */
int dft_wa_jid_phone(const char *jid, char out[DFT_PHONE_LEN]);

/* The best party text for a JID: E.164 when it is a phone JID, else the JID itself (a group, a LID). */
const char *dft_wa_party(const char *jid, char buf[DFT_PHONE_LEN]);

/* ---- jid (text) -> name ------------------------------------------------------------------- */

typedef struct wa_names wa_names;
wa_names *dft_wa_names_new(void);
void dft_wa_names_free(wa_names *n);
/* Adds (first name wins; NULL/empty names ignored). DFT_ENOMEM on allocation failure. */
int dft_wa_names_put(wa_names *n, const char *jid, const char *name);
const char *dft_wa_names_get(const wa_names *n, const char *jid);   /* borrowed, or NULL */
size_t dft_wa_names_count(const wa_names *n);

/* ---- int64 id -> index (for preloaded jid/chat rows) -------------------------------------- */

typedef struct wa_idmap {
    int64_t *keys;
    uint32_t *vals;
    size_t cap, n;
} wa_idmap;
int dft_wa_idmap_put(wa_idmap *m, int64_t key, uint32_t val);
bool dft_wa_idmap_get(const wa_idmap *m, int64_t key, uint32_t *val);
void dft_wa_idmap_free(wa_idmap *m);

/* ---- a small growing string arena (strings of preloaded rows live here) -------------------- */

typedef struct wa_arena {
    struct wa_arena_block *head;
} wa_arena;
/* A copy of s (NULL stays NULL); NULL on allocation failure sets *oom. */
const char *dft_wa_strdup(wa_arena *a, const char *s, bool *oom);
void dft_wa_arena_free(wa_arena *a);

/* ---- the owner's account (Android) ---------------------------------------------------------- */

/* Reads the WhatsApp shared_prefs of the package owning device_path (com.whatsapp or
 * com.whatsapp.w4b) through ctx->read_sibling and writes the owner's E.164 number into out
 * ("" when not found). Keys, first found wins: "registration_jid" / "self_jid" / "me_jid" (a JID),
 * then "cc" + "ph" (country code + national number), in com.whatsapp_preferences_light.xml,
 * <pkg>_preferences.xml, startup_prefs.xml. Falls back to ctx->account_hint. */
void dft_wa_android_account(const dft_chat_ctx *ctx, char out[DFT_PHONE_LEN]);

/* The value of <string name="key">value</string> in a shared_prefs XML text (entities &amp; &lt;
 * &gt; &quot; &apos; decoded), copied into out (cap bytes); false when absent or too long. */
bool dft_wa_prefs_string(const char *xml, const char *key, char *out, size_t cap);

/* ---- message types ------------------------------------------------------------------------ */

/* details.type of an Android message_type / media_wa_type, and of an iOS ZMESSAGETYPE. */
const char *dft_wa_android_type(int64_t t);
const char *dft_wa_ios_type(int64_t t);

#endif
