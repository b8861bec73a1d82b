/*
 * chat_export_common.h - what the chat-export parsers (WhatsApp .txt, Telegram Desktop result.json)
 * share: the options (time zone of the exporting device, the owner's name), a local wall-clock time
 * to UTC, a bounded set of participant names, and the summary a plugin turns into a chat.export finding.
 * Exports carry local times with no zone: the caller names the zone (a fixed UTC offset); the local
 * text is kept beside the UTC value in each row's details.
 */
#ifndef DFT_CHAT_EXPORT_COMMON_H
#define DFT_CHAT_EXPORT_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "chatdb.h"

typedef struct dft_export_opts {
    int32_t tz_offset_s;        /* local = UTC + offset */
    const char *tz_name;        /* as given ("UTC", "+07:00"), for the record */
    const char *self_name;      /* the exporting account's display name, or NULL (direction unknown) */
    const char *thread_hint;    /* conversation name from the file name ("X" of "WhatsApp Chat with X.txt") */
    const char *region;         /* default phone region or NULL */
    bool (*cancelled)(void *payload);
    void *payload;
} dft_export_opts;

#define DFT_EXPORT_MAX_PARTICIPANTS 256

/* Distinct names in first-seen order, bounded (the overflow is counted, not stored). */
typedef struct dft_export_names {
    char *name[DFT_EXPORT_MAX_PARTICIPANTS];
    size_t n;
    int64_t overflow;
} dft_export_names;
void dft_export_names_add(dft_export_names *s, const char *name);
bool dft_export_names_has(const dft_export_names *s, const char *name);
void dft_export_names_free(dft_export_names *s);

typedef struct dft_export_info {
    const char *format;         /* "whatsapp-android", "whatsapp-ios", "telegram-desktop-chat",
                                   "telegram-desktop-full" */
    const char *date_order;     /* "dmy", "mdy", "ymd" (WhatsApp); "iso" (Telegram) */
    const char *date_order_source; /* "inferred" (a field above 12 decided), "default" (style guess) */
    const char *clock;          /* "24h", "12h" (WhatsApp) */
    const char *account;        /* Telegram full export: the owner ("+E164" or "tg:<id>"), else NULL */
    char account_buf[64];
    int64_t messages, system, media_omitted, attachments, chats, skipped, truncated;
    dft_export_names participants;
} dft_export_info;
void dft_export_info_free(dft_export_info *i);

/* "UTC", "Z", "+07:00", "-0530", "+7", "UTC+7", "GMT-03:00" -> seconds east of UTC. DFT_ECORRUPT for
 * anything else (zone names need a tz database: not supported). */
int dft_export_tz_parse(const char *text, int32_t *offset_s);

/* Local civil time + the offset -> UTC text (timefmt). False when the fields are out of range. */
bool dft_export_local_to_utc(int year, int mon, int day, int h, int m, int s, int32_t offset_s,
                             char out[DFT_TIME_LEN]);

/* An ISO 8601 / RFC 3339 date-time with a zone -> UTC text with milliseconds (timefmt), e.g.
 * "2023-11-14T22:13:20.123000+07:00" -> "2023-11-14T15:13:20.123Z". Accepted: YYYY-MM-DD, 'T' or ' ',
 * HH:MM[:SS[.digits]], then 'Z' or +HH[:MM] / -HH[:MM] / +HHMM. False (out "") without a zone (local
 * time of an unknown place), with fields out of range, or trailing text. Fractions past the
 * nanosecond are dropped (not rounded). Used for JSON stores whose times are strings (Discord). */
bool dft_export_iso8601_to_utc(const char *text, char out[DFT_TIME_LEN]);

#endif
