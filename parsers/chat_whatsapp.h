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

/* ---- hot-path helpers (the 1,000,000-message benchmark: snprintf and per-byte appends were a third
 * of the parser's time) ------------------------------------------------------------------------ */

/* Unix milliseconds -> the UTC text dft_time_text(DFT_TIME_UNIX_MS) gives, without gmtime/snprintf for
 * years 1970-9999 (others go to dft_time_text). 0 gives "" ("no time", as dft_chatdb_time). */
void dft_wa_time_ms(int64_t ms, char out[DFT_TIME_LEN]);
/* dft_chatdb_time for a Unix-ms column through dft_wa_time_ms (a REAL or TEXT value takes the slow path). */
void dft_wa_col_time_ms(sqlite3_stmt *st, int col, char out[DFT_TIME_LEN], int64_t *raw);
/* "prefix:<n>" into out (cap >= 48). */
void dft_wa_source(char *out, size_t cap, const char *prefix, int64_t n);

/* A JSON object builder with the escaping rules of dft_chat_json (invalid UTF-8 -> U+FFFD, control
 * characters \u00XX) that appends runs of plain bytes at once. Reusable: begin() keeps the buffer. */
typedef struct wa_json {
    char *buf;
    size_t len, cap;
    bool failed, any;
} wa_json;
void dft_wa_json_begin(wa_json *j);
void dft_wa_json_str(wa_json *j, const char *key, const char *value);   /* skipped when NULL */
void dft_wa_json_int(wa_json *j, const char *key, int64_t value);
void dft_wa_json_bool(wa_json *j, const char *key, bool value);
void dft_wa_json_raw(wa_json *j, const char *key, const char *json);    /* skipped when NULL */
const char *dft_wa_json_end(wa_json *j);                                /* "{}" when out of memory */
void dft_wa_json_free(wa_json *j);

/* ---- message types ------------------------------------------------------------------------ */

/* details.type of an Android message_type / media_wa_type, and of an iOS ZMESSAGETYPE. */
const char *dft_wa_android_type(int64_t t);
const char *dft_wa_ios_type(int64_t t);

#endif
