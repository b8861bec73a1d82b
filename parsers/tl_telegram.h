/*
 * tl_telegram.h - decoders of the Telegram Android TL objects kept in cache4.db and shared_prefs:
 * Message (messages_v2.data / messages.data / replydata), User (users.data, userconfing.xml "user"),
 * Chat/Channel (chats.data). Pure functions over a byte window (no SQLite, no case store), so they are
 * unit-tested and fuzzed alone (tests/fuzz/tl_fuzz.c).
 *
 * Layers: Telegram writes the object with the constructor of the layer the client was built with, and
 * old rows keep old constructors. The decoders know the constructor families documented in the
 * TL schemas (core.telegram.org/schema, api.tl per layer) and in DrKLO/Telegram TLRPC.java /
 * TL_legacy_message.java (field order and flag bits); ALEAPP telegramAndroid.py lists the same ids.
 *
 *   family        constructors (hex)                          layout up to the text
 *   flags2        7600b9d3 95ef6f2b 3ae56482 9cb490e9         flags flags2 id from_id:f.8?Peer
 *                 b92f76cf 9815cec8 eabcdd4d 96fdbbe9          boosts:f.29?int [rank:f2.12?string]
 *                 94345242 bde09c2e 2357bf25                   peer_id saved_peer:f.28?Peer fwd:f.2
 *                                                              via_bot:f.11?long via_biz:f2.0?long
 *                                                              [guest:f2.19?Peer] reply_to:f.3 date message
 *   peer          a66c7efc 1e4c8a69 76bec211 38116ee0         flags id from_id:f.8?Peer peer_id
 *                 85d6cbe2 f52e6b7f (via_bot long)             saved_peer:f.28?Peer fwd:f.2 via_bot:f.11
 *                 bce383d2 58ae39c9 (via_bot int)              reply_to:f.3 date message
 *   int           452c0e65 44f9b43d 90dddc11 c09be45f         flags id from_id:f.8?int to_id:Peer
 *                                                              fwd:f.2 via_bot:f.11?int reply_to_msg_id:f.3?int
 *                                                              date message
 *   service       7a800e0a d3d28540 2b085862 286fa604         header as above, then the action constructor
 *                 9e19a1f6 c06b9607 1d86f70e 9f8d60bb
 *   empty         90a6ca84 83e5de54
 * After the text only the media constructor (f.9) is read, or the entities vector (f.7) when neither
 * media nor reply markup precede it. A walk that ends on a date different from the row's date column,
 * a forward/reply header it cannot step over, or an unknown constructor falls back to the date anchor:
 * the text is the well-formed UTF-8 TL string right after the first occurrence of the row's date
 * (fields are 4-byte aligned), else the longest plausible aligned TL string in the first 16 KiB.
 */
#ifndef DFT_TL_TELEGRAM_H
#define DFT_TL_TELEGRAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tl.h"

/* How the text of a message was found. */
typedef enum dft_tg_text_src {
    DFT_TG_TEXT_NONE = 0,
    DFT_TG_TEXT_STRUCT,   /* walked field by field */
    DFT_TG_TEXT_DATE,     /* date anchor */
    DFT_TG_TEXT_SCAN,     /* longest plausible string */
} dft_tg_text_src;

typedef struct dft_tg_peer {
    char type;            /* 'u' user, 'c' chat, 'h' channel, 0 none */
    int64_t id;
} dft_tg_peer;

typedef struct dft_tg_message {
    uint32_t ctor;
    const char *family;   /* "flags2", "peer", "int", "service", "empty", "unknown" */
    bool known;           /* ctor is one of the table above */
    bool walked;          /* the structural walk reached the text and its date agreed */
    uint32_t flags, flags2;
    int32_t id;
    dft_tg_peer from;     /* from_id */
    dft_tg_peer peer;     /* peer_id / to_id */
    int32_t date;
    bool out;             /* flags.1 */
    dft_tl_str text;      /* borrowed window of the blob (valid UTF-8 when has_text) */
    bool has_text;
    dft_tg_text_src text_src;
    bool forwarded;
    dft_tg_peer fwd_from;
    dft_tl_str fwd_name;  /* from_name of a hidden forwarder, when present */
    int32_t fwd_date;
    bool reply;
    int32_t reply_to;     /* replied message id, 0 when unknown */
    uint32_t media_ctor;  /* 0 when none or not reached */
    const char *media;    /* "photo", "document", "geo", "contact", "webpage", ... or NULL */
    uint32_t action_ctor; /* service messages */
    const char *action;   /* "chat_create", "phone_call", ... or NULL */
    int32_t entities;     /* entities read (-1 when not reached) */
    dft_tl_str attach_path; /* the local media path the client appends after the object, if any */
} dft_tg_message;

/* Decodes one message blob. date_hint is the row's date column (0 when unknown): it validates the walk
 * and anchors the fallback. DFT_OK with *m filled (m->text borrowed from blob); DFT_ECORRUPT only when
 * the blob is shorter than a constructor. Never reads outside blob. */
int dft_tg_message_decode(const uint8_t *blob, size_t len, int32_t date_hint, dft_tg_message *m);

/* A user object: names and phone (borrowed windows), the self flag. */
typedef struct dft_tg_user {
    uint32_t ctor;
    int64_t id;
    bool empty;           /* userEmpty */
    bool self;            /* flags.10 */
    dft_tl_str first, last, username, phone;
} dft_tg_user;
/* uid_hint: the users.uid of the row (anchors the id field across layers), or 0 when unknown
 * (userconfing.xml): then the layouts are tried in turn and the one whose strings all validate wins. */
int dft_tg_user_decode(const uint8_t *blob, size_t len, int64_t uid_hint, dft_tg_user *u);

/* A chat or channel object: its title. uid_hint: chats.uid (a positive chat/channel id). name_hint:
 * the chats.name column (the client's lower-cased title) or NULL: picks between layouts. */
typedef struct dft_tg_chat {
    uint32_t ctor;
    int64_t id;
    dft_tl_str title;
    bool has_title;
} dft_tg_chat;
int dft_tg_chat_decode(const uint8_t *blob, size_t len, int64_t uid_hint, const char *name_hint, dft_tg_chat *c);

/* Names of media and action constructors (NULL when unknown). */
const char *dft_tg_media_name(uint32_t ctor);
const char *dft_tg_action_name(uint32_t ctor);

#endif
