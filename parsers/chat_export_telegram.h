/*
 * chat_export_telegram.h - Telegram Desktop "Export chat history" / "Export Telegram data" JSON
 * (result.json), streamed: a bounded incremental tokenizer walks the document byte by byte keeping
 * only a stack of containers (depth <= 64, keys <= 63 bytes); each element of a "messages" array is
 * cut out as raw bytes (<= 8 MiB) and parsed alone with jansson (json_loadb). Memory is therefore
 * bounded by the largest single message, not by the file.
 *
 *   single chat  {"name", "type", "id", "messages": [...]}
 *   full export  {"about", "personal_information": {"user_id", "first_name", "phone_number", ...},
 *                 ..., "chats": {"about", "list": [ {"name", "type", "id", "messages": [...]}, ... ]}}
 * A message: id, type ("message"/"service"), date (local, no zone), date_unixtime (string, seconds:
 * preferred), from, from_id ("user123"), actor/actor_id/action (service), text (a string or an array
 * of strings and entity objects {type, text}), reply_to_message_id, forwarded_from, media_type,
 * photo/file (paths relative to the export directory), edited(_unixtime).
 * Direction: "out" when from_id is "user<personal_information.user_id>" (full export), "in" for other
 * senders of a full export, NULL in a single-chat export (the owner is not named there). A chat's
 * name/type/id must come before its messages (Telegram Desktop writes them first); otherwise the
 * messages carry no thread title.
 */
#ifndef DFT_CHAT_EXPORT_TELEGRAM_H
#define DFT_CHAT_EXPORT_TELEGRAM_H

#include <stdio.h>

#include "chat_export_common.h"

/* True when the first bytes look like a Telegram Desktop export (a JSON object whose first keys are
 * those of an export). */
bool dft_tg_export_sniff(const uint8_t *head, size_t len);

/* Parses the export from f. Messages go to sink->message with source "chat:<id>:message:<id>";
 * info receives the format, counts, participants and the account. DFT_ECORRUPT when the JSON is
 * malformed before any message (a later fault is a warning and the count so far stands). */
int dft_tg_export_parse(FILE *f, const dft_export_opts *opts, const dft_chat_sink *sink, dft_export_info *info);

#endif
